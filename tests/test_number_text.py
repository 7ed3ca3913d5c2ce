"""Counts and sizes in running text (notes, reasons, recommendation findings, errors) are never written in exponent
notation: ``f"{x:g}"`` writes 20 TiB as ``2.09715e+07 MiB`` and 2e8 engineer-hours as ``2e+08``, dropping digits."""

from __future__ import annotations

import re

import pytest

import advisor
from advisor.errors import AdvisorError
from advisor.units import num

EXPONENT = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize(("value", "text"), [
    (2048, "2048"), (0.25, "0.25"), (999999, "999999"), (1e6, "1,000,000"),
    (20 * 1024 * 1024, "20,971,520"), (2.02e8, "202,000,000"), (1234567.5, "1,234,567.5"),
])
def test_num(value, text):
    assert num(value) == text


def _texts(comparison) -> list[str]:
    rec = comparison.recommendation
    out = [f.text for f in rec.findings] + list(comparison.notes)
    for est in comparison.estimates:
        out += list(est.notes) + [u.reason for u in est.unsupported]
    return out


def test_huge_memory_reasons_in_full():
    """A 20 TiB task fits no Fargate size and no node: the reasons give its MiB in full (20,971,520)."""
    c = advisor.price({"name": "m", "services": [{"name": "a", "cpu": 1, "memory": "20 TiB"}]})
    texts = _texts(c)
    assert any("20,971,520 MiB" in t for t in texts)
    assert not [t for t in texts if EXPONENT.search(t)]


def test_engineer_hours_in_full():
    """Operations effort at its bounds (1,000,000 engineer-hours a figure): the findings say 2,000,000, not 2e+06."""
    c = advisor.price({"name": "o", "services": [{"name": "a", "cpu": 0.25, "memory": 512}],
                       "operations": {"engineer_cost_per_hour": 10000, "ecs_hours_per_month": 1e6,
                                      "eks_cluster_hours_per_month": 1e6, "ec2_node_hours_per_month": 1e6}})
    texts = [f.text for f in c.recommendation.findings]
    assert any("engineer-hours" in t for t in texts)
    assert not [t for t in texts if EXPONENT.search(t)], texts


def test_memory_error_in_full():
    with pytest.raises(AdvisorError) as err:
        advisor.load({"name": "m", "services": [{"name": "a", "cpu": 1, "memory": "40 TiB"}]})
    assert "41,943,040 MiB" in str(err.value) and "33,554,432 MiB = 32 TiB" in str(err.value)


@pytest.mark.parametrize(("value", "text"), [(0.00001, "0.00001"), (1.5e-7, "0.00000015"), (0.0001, "0.0001"),
                                             (-0.00002, "-0.00002")])
def test_num_small_values_as_decimals(value, text):
    assert num(value) == text


def test_plain_num_has_no_separators():
    from advisor.units import plain_num

    assert (plain_num(20 * 1024 * 1024), plain_num(0.00001), plain_num(2048)) == ("20971520", "0.00001", "2048")


def test_overlapping_runs_message_in_full_and_never_over_the_task_quota():
    """runs_per_month 44,640 x run_minutes 44,640 said '3.32122e+07 hours' and advised 'replicas: 227485000', which
    the 5,000-task bound refuses."""
    w = {"name": "b", "services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": 5000,
                                    "runs_per_month": 44640, "run_minutes": 44640}]}
    with pytest.raises(AdvisorError) as exc:
        advisor.price(w)
    text = str(exc.value)
    assert "33,212,160 hours" in text and "more than one service's 5000 tasks" in text
    assert "replicas: 227485000" not in text and not EXPONENT.search(text)
    # a fixable overlap still gets the replicas to write, a number that reads back
    w["services"][0].update(replicas=1, runs_per_month=100, run_minutes=1440)
    with pytest.raises(AdvisorError, match=r"replicas: 4, runs_per_month: 25, run_minutes: 1440"):
        advisor.price(w)


def test_short_runs_note_and_size_messages_without_exponents():
    c = advisor.price({"name": "b", "services": [{"name": "b2", "cpu": 4, "memory": 8192, "runs_per_month": 1000,
                                                  "run_minutes": 0.00001}]})
    texts = _texts(c)
    assert any("b2 (0.00001 min)" in t for t in texts) and not [t for t in texts if EXPONENT.search(t)]
    from advisor.units import parse_cpu, parse_memory_mib

    for parse, value, shown in ((parse_cpu, "20971520", "20,971,520 vCPU"), (parse_cpu, "0.00001", "0.00001 vCPU"),
                                (parse_memory_mib, "0.00001", "0.00001 MiB")):
        with pytest.raises(ValueError) as exc:
            parse(value)
        assert shown in str(exc.value) and not EXPONENT.search(str(exc.value))


def test_containers_over_the_task_size_in_full():
    w = {"name": "b", "services": [{"name": "a", "cpu": 1, "memory": 1024,
                                    "containers": [{"name": "c", "cpu": 1, "memory": "20 TiB"}]}]}
    with pytest.raises(AdvisorError) as exc:
        advisor.price(w)
    text = str(exc.value)  # said 2.09715e+07 MiB, and 'raise memory to at least' that, 20 MiB short of the need
    assert "Raise memory to at least 20,971,520 MiB" in text and not EXPONENT.search(text)


@pytest.mark.parametrize(("value", "digits", "text"), [(43800, 6, "43,800"), (0.9811827956989247, 6, "0.981183"),
                                                       (32587200.0, 6, "32,587,200"), (44640.0, 4, "44,640"),
                                                       (1.6666666, 4, "1.667"), (0.00001, 6, "0.00001")])
def test_grouped(value, digits, text):
    from advisor.units import grouped

    assert grouped(value, digits) == text


def test_cronjob_overlap_message_in_full(tmp_path):
    """A CronJob firing every minute with month-long runs said '3.25872e+07 hours per month' and '4.464e+04 on
    average'."""
    from advisor.workload.importers.k8s import import_k8s

    p = tmp_path / "cj.yaml"
    p.write_text("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\nspec:\n  schedule: '* * * * *'\n"
                 "  jobTemplate:\n    spec:\n      activeDeadlineSeconds: 2678400\n      template:\n        spec:\n"
                 "          containers:\n          - {name: c, image: x, resources: {requests: {cpu: 1m, memory: 64Mi}}}\n")
    with pytest.raises(AdvisorError) as exc:
        import_k8s(p)
    text = str(exc.value)
    assert "32,587,200 hours per month" in text and "44,640 on average" in text and not EXPONENT.search(text)


def test_terraform_schedule_overlap_note_in_full():
    """rate(3 minutes) with 9,000-minute runs: 2,190,000 hours (was 2.19e+06), 3000 tasks at once."""
    from pathlib import Path

    from advisor.workload.importers.terraform import import_terraform

    plan = Path(__file__).parent / "fixtures" / "iac" / "terraform" / "tmknom_ecs_scheduled_task_plan.json"
    res = import_terraform(plan, run_minutes={"example": 9000, "nightly-report": 30})
    notes = [n for n in res.notes if "its runs overlap" in n]
    assert notes and "= 2,190,000 hours" in notes[0] and "2,190,000 task-hours" in notes[0]
    assert not [t for t in res.notes + res.assumptions if EXPONENT.search(t)]


def test_taskdef_memory_messages_in_full(tmp_path):
    import json

    from advisor.workload.importers.taskdef import import_taskdef

    p = tmp_path / "td.json"
    p.write_text(json.dumps({"family": "big", "networkMode": "awsvpc", "memory": "0.00001",
                             "containerDefinitions": [{"name": "a", "image": "x", "memory": 512}]}))
    with pytest.raises(AdvisorError, match=r"0\.00001 MiB.*write \"0\.00001 GB\""):
        import_taskdef(p)
    p.write_text(json.dumps({"family": "big", "networkMode": "awsvpc", "memory": "20971520",
                             "containerDefinitions": [{"name": "a", "image": "x", "memory": 25165824}]}))
    with pytest.raises(AdvisorError, match=r"task-level memory of 20,971,520 MiB"):
        import_taskdef(p)


def test_absurd_magnitudes_are_not_written_out():
    """cpu: 1e300 was written as a 301-digit number (most of it float noise) in the error, cpu: 5e-324 with 323
    zeros; the messages now say what the number is and stay short."""
    from advisor.units import plain_num

    assert num(1e300) == "a number of 301 digits" and num(-1e21) == "minus a number of 22 digits"
    assert num(5e-324) == "a number below 0.000000000001" and plain_num(1e-13) == "a number below 0.000000000001"
    assert num(1e20) == "100,000,000,000,000,000,000" and num(1e-12) == "0.000000000001"
    for cpu, words in ((1e300, "1e+300 is a number of 301 digits vCPU, more than the largest EC2 instance has"),
                       (5e-324, "5e-324 is a number below 0.000000000001 vCPU, less than one ECS CPU unit")):
        with pytest.raises(AdvisorError) as err:
            advisor.load({"name": "m", "services": [{"name": "a", "cpu": cpu, "memory": 1024}]})
        assert words in str(err.value) and len(str(err.value)) < 400
