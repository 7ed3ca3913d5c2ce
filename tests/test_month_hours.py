"""No service runs more hours than the workload's month (``Workload._hours_within_month``).

Reported by a new user: a service with ``monthly_hours: 744`` in a workload of the default 730 hours/month was billed
744 hours on Fargate while the EC2 nodes beside it ran 730, so the platforms priced different months for the same
service. A task cannot run more hours than its month has: the service's hours above the workload's are refused
(exit 2) naming the field, the workload's month and the fix; the importers write at most the workload's month.
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

import advisor
from advisor.cli import app
from advisor.errors import WorkloadError
from advisor.workload.importers import load_any
from advisor.workload.importers.k8s import import_k8s

REPORTED = "name: month\nservices:\n  - name: api\n    cpu: 1\n    memory: 2048\n    replicas: 2\n    monthly_hours: 744\n"
SERVICE = {"name": "api", "cpu": 1, "memory": 2048, "replicas": 2, "monthly_hours": 744}


def test_reported_744_hours_in_a_730_hour_workload_exits_2_naming_the_field_the_month_and_the_fix(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(REPORTED)
    res = CliRunner().invoke(app, ["compare", str(path)])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())  # the message wraps on the terminal
    assert ("services[0].monthly_hours (line 7): 744 hours is more than the workload's month (monthly_hours 730, the "
            "default: the AWS Pricing Calculator's average month)") in out, out
    assert ("Give the hours this service runs within the month (at most 730; leave monthly_hours out to run the "
            "workload's month), or set the workload's monthly_hours to 744 (a 31-day month)") in out, out
    assert "Traceback" not in res.output


def test_reported_example_through_the_api_is_a_workload_error():
    with pytest.raises(WorkloadError, match=r"services\[0\]\.monthly_hours: 744 hours is more than the workload's "
                                            r"month \(monthly_hours 730"):
        advisor.load({"name": "month", "services": [SERVICE]})
    with pytest.raises(WorkloadError, match=r"services\[0\]\.monthly_hours: 744 hours"):
        advisor.price({"name": "month", "services": [SERVICE]})
    # a what-if that shortens the month below the service's hours says the same
    w = advisor.load({"name": "month", "monthly_hours": 744, "services": [SERVICE]})
    with pytest.raises(WorkloadError, match=r"services\[0\]\.monthly_hours: 744 hours is more than the workload's "
                                            r"month \(monthly_hours 360\)"):
        advisor.scenario(w, monthly_hours=360)


def test_the_fix_a_744_hour_workload_prices_744_hours_on_fargate_and_on_the_nodes(tmp_path):
    """The fix the message gives: monthly_hours 744 at the top. Fargate bills 2 tasks x 744 h = 1,488 vCPU-hours
    (x 2 GB = 2,976 GB-hours) and the ECS on EC2 nodes run the same 744 hours each."""
    c = advisor.price({"name": "month", "monthly_hours": 744, "services": [SERVICE]},
                      platforms=["ecs-fargate", "ecs-ec2"])
    fargate = c.estimate("ecs-fargate")
    assert sorted((line.resource, line.quantity) for line in fargate.lines) == [("memory", 2976.0), ("vcpu", 1488.0)]
    ec2 = c.estimate("ecs-ec2")
    usage = [line for line in ec2.lines if line.unit == "instance-hours"]
    nodes = ec2.fleet.node_count
    assert nodes >= 1 and sum(line.quantity for line in usage) == pytest.approx(nodes * 744)


def test_a_service_at_the_workloads_month_or_below_still_loads():
    w = advisor.load({"name": "m", "monthly_hours": 500, "services": [{**SERVICE, "monthly_hours": 500},
                                                                       {**SERVICE, "name": "b", "monthly_hours": 12}]})
    assert [w.hours_for(s) for s in w.services] == [500, 12]


def test_batch_runs_beyond_the_workloads_month_are_spread_over_replicas_or_the_month_raised(tmp_path):
    """31 runs of 1,435 minutes = 741.417 hours: within the 744-hour bound, so it loaded and Fargate billed 741.4
    hours beside 730-hour nodes. The runs overlap in a 730-hour month: the message locates runs_per_month and gives
    both fixes (2 replicas each taking every 2nd run, or a month of at least 741.417 hours)."""
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump({"name": "b", "services": [
        {"name": "etl", "cpu": 1, "memory": 2048, "runs_per_month": 31, "run_minutes": 1435}]}, sort_keys=False))
    res = CliRunner().invoke(app, ["compare", str(path)])
    assert res.exit_code == 2, res.output
    out = " ".join(res.output.split())
    assert ("services[0].runs_per_month (line 6): runs_per_month x run_minutes = 31 x 1435 / 60 = 741.417 hours, more "
            "than the workload's month (monthly_hours 730, the default") in out, out
    assert ("replicas: 2, runs_per_month: 15.5, run_minutes: 1435 (the same runs, billed alike); or set the "
            "workload's monthly_hours to 741.417 or more (at most 744, a 31-day month)") in out, out
    # both fixes load, with the same 741.417 task-hours
    spread = advisor.load({"name": "b", "services": [
        {"name": "etl", "cpu": 1, "memory": 2048, "replicas": 2, "runs_per_month": 15.5, "run_minutes": 1435}]})
    longer = advisor.load({"name": "b", "monthly_hours": 741.417, "services": [
        {"name": "etl", "cpu": 1, "memory": 2048, "runs_per_month": 31, "run_minutes": 1435}]})
    assert spread.services[0].desired * spread.hours_for(spread.services[0]) == pytest.approx(31 * 1435 / 60)
    assert longer.hours_for(longer.services[0]) == pytest.approx(31 * 1435 / 60)


def test_deployments_longer_than_the_workloads_month_are_refused():
    with pytest.raises(WorkloadError, match=r"services\[0\]\.deployments_per_month: deployments_per_month x "
                                            r"deployment_minutes = 100 x 61 = 6100 minutes of deployments, more than "
                                            r"the workload's month \(monthly_hours 100\) has \(6,000 minutes\)"):
        advisor.load({"name": "d", "monthly_hours": 100, "services": [
            {"name": "web", "cpu": 1, "memory": 2048, "deployments_per_month": 100, "deployment_minutes": 61}]})


def _job(kind, name, annotations=None, deadline=None):
    pod = {"spec": {"containers": [{"name": "c", "image": "x",
                                    "resources": {"requests": {"cpu": "500m", "memory": "512Mi"}}}]}}
    jspec = {"template": pod, **({"activeDeadlineSeconds": deadline} if deadline else {})}
    spec = {"schedule": "0 0 * * *", "jobTemplate": {"spec": jspec}} if kind == "CronJob" else jspec
    return {"apiVersion": "batch/v1", "kind": kind, "metadata": {"name": name, "annotations": annotations or {}},
            "spec": spec}


def test_k8s_import_writes_at_most_the_workloads_month_with_a_note(tmp_path):
    """An hours-per-month annotation of 744 (a 31-day month) and a Job whose activeDeadlineSeconds is 31 days were
    written as 744 hours into a 730-hour workload; they are written as the whole 730-hour month, with a note saying
    how to price a 31-day month."""
    path = tmp_path / "jobs.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [
        _job("CronJob", "always", {"advisor/hours-per-month": "744"}),
        _job("Job", "long", deadline=31 * 24 * 3600),
        _job("CronJob", "short", {"advisor/hours-per-month": "729.5"})]}))
    res = import_k8s(path)
    w = res.workload
    assert w.monthly_hours == 730
    by_name = {s.name: s for s in w.services}
    assert by_name["always"].monthly_hours == 730
    assert (by_name["long"].runs_per_month, by_name["long"].run_minutes, by_name["long"].monthly_hours) == (1, 43800, 730)
    assert by_name["short"].monthly_hours == 729.5  # within the month: as given
    notes = " ".join(w.notes or [])
    assert ("CronJob default/always: advisor/hours-per-month: 744 hours per month, more than the workload's 730-hour "
            "month") in notes and "written as 730, the whole month" in notes, notes
    assert ("Job default/long: Job runs once: activeDeadlineSeconds 2678400 (an upper bound) -> 744 hours, more than "
            "the workload's 730-hour month") in notes and "one run of 43,800 minutes" in notes, notes
    # and compare reads it (it exited 0 pricing 744 Fargate hours beside 730-hour nodes)
    assert [(s.name, w.hours_for(s)) for s in load_any(path).services] == [("always", 730), ("long", 730),
                                                                            ("short", 729.5)]
