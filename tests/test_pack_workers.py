"""Packings done together (``advisor.sizing.packing.pack_all``): a sweep's contested factors packed by worker
processes give the fleets packing them one by one gives, and ``$ADVISOR_WORKERS`` is checked like the other
variables."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import AdvisorError
from advisor.sizing import packing
from advisor.sizing.packing import ItemGroup, NodeType, pack, pack_all
from advisor.sizing.workers import pack_workers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TYPES = [NodeType(f"{fam}.{size}", "x86_64", (vcpu - 0.3, vcpu * gib * 1024 * 0.9 - 700, 2 * vcpu + 1),
                  round(vcpu * usd, 5))
         for fam, gib, usd in (("c", 2, 0.0425), ("m", 4, 0.048), ("r", 8, 0.063))
         for size, vcpu in (("large", 2), ("xlarge", 4), ("2xlarge", 8))]


def _jobs(n: int = 3) -> list[dict]:
    """``n`` packings of 6 services of their own sizes (as a sweep's factors would be), some with min_nodes."""
    rng = random.Random(3)
    shapes = [(rng.choice([0.25, 0.5, 1.0, 2.0]), float(rng.randint(256, 6000)), 1.0) for _ in range(6)]
    return [{"groups": [ItemGroup(f"s{i}", "x86_64", d, rng.randint(1, 3) * (k + 1)) for i, d in enumerate(shapes)],
             "node_types": TYPES, "min_nodes": k % 2} for k in range(n)]


def test_worker_processes_return_the_fleets_pack_returns(monkeypatch):
    """The first job is packed in the process, the other two by two spawned workers; every result equals ``pack``'s
    (nodes, rows, bounds, notes), the fleets a sweep would have packed one by one."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    monkeypatch.setattr(packing, "_POOL_MIN_SECONDS", 0.0)
    seen = []
    in_workers = packing._pack_in_workers

    def spy(jobs, workers, **counting):
        out = in_workers(jobs, workers, **counting)
        seen.append((len(jobs), workers, sum(r is not None for r in out)))
        return out

    monkeypatch.setattr(packing, "_pack_in_workers", spy)
    jobs = _jobs()
    got = pack_all(jobs, workers=2)
    assert seen == [(2, 2, 2)]  # both came back from the workers, none packed again here
    assert got == [pack(**job) for job in jobs]


def test_a_like_packing_that_took_long_sends_every_job_to_the_workers(monkeypatch):
    """The sweep passes how long its fleet took at 1x (``expect_seconds``): when that reaches the threshold, no packing
    is done here first, every job goes to the workers."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    seen = []
    in_workers = packing._pack_in_workers
    monkeypatch.setattr(packing, "_pack_in_workers",
                        lambda jobs, workers, **kw: seen.append(len(jobs)) or in_workers(jobs, workers, **kw))
    jobs = _jobs()
    assert pack_all(jobs, workers=2, expect_seconds=packing._POOL_MIN_SECONDS) == [pack(**job) for job in jobs]
    assert seen == [3]


def test_without_worker_processes_the_jobs_are_packed_here(monkeypatch):
    """A sandbox where processes cannot be started (no /dev/shm): the same results, packed in the process."""
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise OSError("no semaphores here")

    monkeypatch.setenv("ADVISOR_CACHE", "off")
    monkeypatch.setattr(packing, "_POOL_MIN_SECONDS", 0.0)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    jobs = _jobs()
    assert pack_all(jobs, workers=4) == [pack(**job) for job in jobs]


def test_quick_packings_start_no_workers(monkeypatch):
    """A first packing quicker than a worker's start (every example) keeps the others in the process."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    monkeypatch.setattr(packing, "_POOL_MIN_SECONDS", 3600.0)
    monkeypatch.setattr(packing, "_pack_in_workers", lambda jobs, workers, **kw: pytest.fail("started workers"))
    jobs = _jobs()
    assert pack_all(jobs, workers=8) == [pack(**job) for job in jobs]


@pytest.mark.parametrize("value,expected", [("1", 1), (" 3 ", 3), ("256", 256)])
def test_advisor_workers_takes_a_whole_number(monkeypatch, value, expected):
    monkeypatch.setenv("ADVISOR_WORKERS", value)
    assert pack_workers() == expected


def test_advisor_workers_unset_is_the_cpus_in_the_command_and_one_in_a_program(monkeypatch):
    """A program importing advisor gets no worker processes unless it asks (spawn imports its main script again in
    every worker: an unguarded script would run twice); the command uses the CPUs, up to 8."""
    from advisor.sizing import workers

    monkeypatch.delenv("ADVISOR_WORKERS", raising=False)
    monkeypatch.setattr(workers, "_cpus_by_default", False)
    assert pack_workers() == 1
    workers.use_cpus_by_default()
    assert 1 <= pack_workers() <= 8


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "many", "٣", "257"])
def test_a_bad_advisor_workers_value_is_exit_2_naming_it(monkeypatch, value):
    monkeypatch.setenv("ADVISOR_WORKERS", value)
    with pytest.raises(AdvisorError, match="set it to a whole number of worker processes from 1 to 256"):
        pack_workers()
    r = CliRunner().invoke(app, ["compare", str(EXAMPLES / "web-app.yaml"), "-p", "ecs-fargate"])
    assert r.exit_code == 2
    assert f"$ADVISOR_WORKERS is '{value}'" in r.stderr and "unset ADVISOR_WORKERS" in r.stderr


def test_plan_many_gives_the_plans_of_plan(monkeypatch, prices):
    """``FleetPlanner.plan_many`` (what the sweep calls for its contested factors) returns, per count set, the plan
    ``plan`` returns: the same nodes and cost, with the packings done together."""
    from advisor.sizing.fleet import fleet_planner
    from advisor.workload import load_workload

    monkeypatch.setenv("ADVISOR_CACHE", "off")
    monkeypatch.setattr(packing, "_POOL_MIN_SECONDS", 0.0)
    monkeypatch.setenv("ADVISOR_WORKERS", "2")
    workload = load_workload(EXAMPLES / "microservices.yaml")
    planner = fleet_planner(workload, "ecs-ec2", prices)
    counts = [{s.name: k * s.desired_count for s in workload.services} for k in (2, 3, 5)]
    together = planner.plan_many(workload, counts)
    planner._memo.clear()
    alone = [planner.plan(workload, c, alternatives=False) for c in counts]
    assert [p.result for p in together] == [p.result for p in alone]
    assert [p.node_count for p in together] == [p.node_count for p in alone]


def test_every_highs_solver_runs_on_one_thread():
    """HiGHS's answer to a degenerate LP depends on its thread count, which by default follows the machine's CPUs
    (a 22-service fleet at 0.25x: $2,546.24 a month on 2 threads, $2,565.95 on 4): every solver the packer makes runs
    one thread, so a packing is the same on every machine, in a worker process and in the cache directory."""
    from advisor.sizing.packing import BoundModel, _highs

    for kind in ("lp", "mip", "cg"):
        assert _highs(kind).getOptionValue("threads")[1] == 1
    model = BoundModel([ItemGroup("a", "x86_64", (0.5, 1024.0, 1.0), 3)], TYPES)
    model.value([3])
    assert model._highs.getOptionValue("threads")[1] == 1


_CTRL_C_DRIVER = '''
import concurrent.futures, random, sys
from advisor.sizing import packing
from advisor.sizing.fleet import fleet_planner
from advisor.workload import parse_workload

rng = random.Random(5)
workload = parse_workload({"name": "d30", "region": "us-east-1", "services": [
    {"name": f"s{i}", "cpu": f"{rng.randint(100, 4000)}m", "memory": f"{rng.randint(128, 8192)}Mi",
     "replicas": rng.randint(1, 10)} for i in range(30)]})
planner = fleet_planner(workload, "ecs-ec2")
jobs = []
for k in (2, 3, 4, 5):
    groups, _ = planner.items(workload, {s.name: k * s.desired_count for s in workload.services})
    jobs.append({"groups": groups, "node_types": planner.node_types, "min_nodes": planner.cfg.min_nodes})
submit = concurrent.futures.ProcessPoolExecutor.submit

def announce(self, *args, **kwargs):
    future = submit(self, *args, **kwargs)
    print("submitted", flush=True)
    return future

concurrent.futures.ProcessPoolExecutor.submit = announce
try:
    packing.pack_all(jobs, workers=2, expect_seconds=60.0)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
print("finished", flush=True)
'''


def test_ctrl_c_while_workers_pack_stops_at_once_and_leaves_no_process(tmp_path):
    """The tester's report: Ctrl-C (SIGINT to the terminal's process group) while two workers packed hung advisor in 3
    of ~20 trials (a worker interrupted inside the job queue's lock blocked the other, and the exit waited on it), and
    printed the workers' tracebacks. The workers now ignore SIGINT and advisor kills them: it stops within seconds,
    with no traceback, and no process of its group is left."""
    import os
    import signal
    import subprocess
    import sys
    import time

    driver = tmp_path / "driver.py"
    driver.write_text(_CTRL_C_DRIVER)
    env = dict(os.environ, ADVISOR_CACHE="off", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, str(driver)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "submitted"  # the workers are starting
        time.sleep(1.5)  # importing, then packing
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130 and "interrupted" in out, (proc.returncode, out, err)
    assert "Traceback" not in err, err
    for _ in range(50):  # the killed workers and the resource tracker go with it
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("a process of advisor's group is still running after Ctrl-C")


def test_packings_in_the_cache_directory_are_read_not_packed_again(monkeypatch):
    """``pack_all`` reads what the cache directory holds (a re-run, or a report after compare) before packing or
    starting a worker."""
    monkeypatch.setenv("ADVISOR_CACHE", "on")
    jobs = _jobs()
    first = [pack(**job) for job in jobs]  # fills the cache directory (conftest gives the session its own)
    monkeypatch.setattr(packing, "_pack", lambda *a, **k: pytest.fail("packed again"))
    monkeypatch.setattr(packing, "_pack_in_workers", lambda jobs, workers, **kw: pytest.fail("started workers"))
    assert pack_all(jobs, workers=2, expect_seconds=60.0) == first
