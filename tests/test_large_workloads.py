"""Readable output for large workloads: reasons grouped, amounts never cut short (issue 13).

A reason shared by many services is printed once with a count and the first names (JSON keeps every service);
an 80-column terminal folds a platform id before it would cut an amount.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from advisor import render
from advisor.compare import compare
from advisor.render.text import summary_rows
from advisor.units import NAMED_LIMIT, name_list

ARM = "EKS on Fargate runs x86_64 pods only"


def _workload(n: int, replicas: int = 2, cpu: float = 1, memory: int = 2048) -> dict:
    return {"name": f"big-{n}", "region": "us-east-1", "services": [
        {"name": f"svc-{i:04d}", "cpu": cpu, "memory": memory, "replicas": replicas,
         "architecture": "arm64" if i % 2 else "x86_64"} for i in range(n)]}


@pytest.fixture(scope="module")
def arm_heavy():
    return compare(_workload(120), platforms=["ecs-fargate", "eks-fargate"])


def test_name_list_names_the_first_and_counts_the_rest():
    assert name_list(["a", "b"]) == "a, b"
    names = [f"s{i}" for i in range(1234 + NAMED_LIMIT)]
    assert name_list(names) == ", ".join(names[:NAMED_LIMIT]) + " and 1,234 more"


def test_one_reason_for_many_services_is_printed_once(arm_heavy):
    buf = io.StringIO()
    render.print_table(arm_heavy, console=Console(file=buf, width=200))
    text = " ".join(buf.getvalue().split())  # wherever the terminal's width breaks the lines
    assert text.count(ARM) == 2  # the finding, and the platform's section
    assert "cannot run 60 services (svc-0001, svc-0003, " in text and "and 50 more):" in text
    md = render.to_markdown(arm_heavy)
    assert md.count(ARM.replace("_", "\\_")) == 2 and "Cannot run **60 services (svc-0001, " in md
    # the finding names ten services and counts the rest
    finding = next(f.text for f in arm_heavy.recommendation.findings if "EKS on Fargate was not ranked" in f.text)
    assert "and 50 more (" in finding and finding.count("svc-") == NAMED_LIMIT
    # JSON keeps every service
    est = next(e for e in json.loads(render.to_json(arm_heavy))["platforms"] if e["platform"] == "eks-fargate")
    assert len(est["unsupported"]) == 60


@pytest.mark.parametrize("width", [120, 80, 60, 40])
def test_ids_and_amounts_are_never_cut_short_on_a_narrow_terminal(width):
    """Found by a tester: at 80 columns ids wrapped mid-word, at 70 they vanished, at 65 '+$9' stood for +$9,302.57.
    The summary table is printed whole, wider than the terminal if need be."""
    big = compare(_workload(100, replicas=1000, cpu=16, memory=122880),
                  platforms=["ecs-fargate", "eks-fargate", "ecs-fargate-spot", "ecs-managed-instances"])
    buf = io.StringIO()
    render.print_table(big, console=Console(file=buf, width=width))
    head = buf.getvalue().split("Recommendation")[0]
    assert "…" not in head
    for est, row in zip(sorted(big.estimates, key=lambda e: (not e.feasible, e.monthly_tco if e.complete else 0.0)),
                        summary_rows(big)):
        line = next(line for line in head.splitlines() if f"│ {est.platform} " in line)
        for cell in row[1:5]:
            if cell not in ("—",):
                assert cell.split()[0] in line, (cell, line)


def test_a_fact_shared_by_many_services_is_one_input_note_and_one_error_line():
    """The input notes and the 'no platform can price every service' error name a shared reason once."""
    from advisor.errors import AdvisorError

    wl = _workload(300)
    for svc in wl["services"]:
        svc["persistent_volumes"] = [{"name": "data", "size_gib": 10}]
    notes = compare(wl, platforms=["ecs-fargate"]).notes
    pv = [n for n in notes if "persistent volumes (EBS)" in n]
    assert len(pv) == 1 and pv[0].startswith("300 services (svc-0000, svc-0001, ") and "and 290 more)" in pv[0]
    gpu = _workload(300)
    for svc in gpu["services"]:
        svc["gpus"] = 1
    with pytest.raises(AdvisorError) as err:
        compare(gpu, platforms=["eks-fargate"], require_complete=True)
    assert len(str(err.value)) < 3000 and "and 290 more" in str(err.value)


def _distinct(n: int) -> dict:
    """n services, each of its own size (cpu 0.1-4 vCPU, memory 128 MiB-8 GiB), as real100 of the adversarial pass."""
    return {"name": f"distinct-{n}", "region": "us-east-1", "services": [
        {"name": f"s{i}", "cpu": round(0.1 + (i * 37 % 390) / 100, 2), "memory": 128 + (i * 53 % 8064),
         "replicas": 1 + i % 5} for i in range(n)]}


def test_a_fleet_of_many_task_sizes_is_packed_once(prices, monkeypatch):
    """100 services of 100 sizes took 66-114 s to compare: every contested sweep factor and each slot alternative
    packed again. Above PACK_MAX_SHAPES distinct sizes, the sweep keeps the LP-bound estimate (labelled) and the
    alternatives their bound, so the packer runs once per fleet."""
    from advisor.sizing import fleet as fleet_module
    from advisor.sizing import packing

    calls = []
    real = packing.pack
    monkeypatch.setattr(packing, "pack", lambda *a, **k: calls.append(1) or real(*a, **k))
    c = compare(_distinct(40), prices=prices, platforms=["ecs-ec2", "ecs-fargate-spot"])
    assert len(calls) == 1  # today's ecs-ec2 fleet only (40 sizes > PACK_MAX_SHAPES)
    assert fleet_module.PACK_MAX_SHAPES < 40
    ec2 = [p for p in c.scaling.points if p.platform == "ecs-ec2" and p.factor != 1.0]
    assert ec2 and all(p.method == "scaled_lp" for p in ec2)
    assert all(not alt["exact"] for alt in c.estimate("ecs-ec2").fleet.alternatives)


def test_a_fleet_beyond_the_packers_task_sizes_says_so(prices):
    """2,000 services of 2,000 sizes ran for more than 5 minutes (8.8 GB). Beyond MAX_FLEET_SHAPES the EC2 platforms
    cannot run the workload, with the reason and what to do; Fargate is priced as ever."""
    from advisor.sizing.fleet import MAX_FLEET_SHAPES

    w = _distinct(MAX_FLEET_SHAPES + 1)
    assert len({(s["cpu"], s["memory"]) for s in w["services"]}) > MAX_FLEET_SHAPES
    c = compare(w, prices=prices, platforms=["ecs-ec2", "ecs-fargate"], scaling=False, explain_changes=False)
    ec2 = c.estimate("ecs-ec2")
    assert not ec2.complete and "more than the 500 advisor packs in one fleet" in ec2.unsupported[0].reason
    assert c.estimate("ecs-fargate").complete


def test_coredns_does_not_count_against_the_fleets_task_sizes(prices, monkeypatch):
    """A 500-service workload of 500 sizes was priced on ECS on EC2 but not on EKS on EC2: the EKS fleet's CoreDNS
    pods, which the user never wrote, made the 501st size. Only the services' sizes count (here with the limit at 3)."""
    from advisor.sizing import fleet as fleet_module

    monkeypatch.setattr(fleet_module, "MAX_FLEET_SHAPES", 3)
    w = _distinct(3)
    c = compare(w, prices=prices, platforms=["ecs-ec2", "eks-ec2"], scaling=False, explain_changes=False)
    assert c.estimate("ecs-ec2").complete and c.estimate("eks-ec2").complete
    c = compare(_distinct(4), prices=prices, platforms=["eks-ec2"], scaling=False, explain_changes=False)
    assert "fleet would hold 4 distinct task sizes" in c.estimate("eks-ec2").unsupported[0].reason


def test_the_task_network_mode_is_read_once_per_workload_not_per_service(prices, monkeypatch):
    """The planners asked ``ecs_default_mode`` (which reads every service) once per service and per pass: a
    10,000-service compare took 558 s instead of 4 s (ECS on EC2 196 s, EKS on EC2 183 s). Kept per workload now, so
    the number of reads does not grow with the number of services."""
    from advisor.sizing import fleet as fleet_module

    def reads(n: int) -> int:
        calls = []
        real = fleet_module.ecs_default_mode
        monkeypatch.setattr(fleet_module, "ecs_default_mode", lambda *a, **k: calls.append(1) or real(*a, **k))
        compare(_workload(n), prices=prices, platforms=["ecs-ec2", "eks-ec2"], scaling=False)
        monkeypatch.undo()
        return len(calls)

    few, many = reads(4), reads(24)
    assert many == few and few < 40, (few, many)
