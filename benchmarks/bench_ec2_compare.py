"""The issue-13 speed targets for EC2 planning, measured from one run (not part of pytest).

    python benchmarks/bench_ec2_compare.py [--root PATH] [--timeout 900] [--skip-10k]

Each case is a fresh ``python -m advisor ...`` process run from ``--root`` (default: this checkout), timed
wall-clock, with its peak resident memory (``ru_maxrss`` of the child). Printed ratios and targets:

- ``compare examples/microservices.yaml``  <= 3 x ``advisor --version`` (process start and imports);
- ``compare`` of 10,000 generated services <= 5 x ``compare`` of 1 generated service (all platforms);
- one service with 5,000 replicas on ``ecs-ec2`` <= 2 x one with 5 replicas (``compare -p ecs-ec2``);
- peak memory of the 10,000-service compare < 1 GiB.

Also prints, in this process, how long ``plan_fleet`` takes for those inputs (the planner alone, without the
"what would change" sweep, which the compare pipeline owns). The generated workloads are those of
``bench_compare.py`` (8 task shapes, 1-6 replicas, 20% arm64, 10% spot: false, us-east-1).

Before (main at f953478, same machine, one run, other work running alongside)::

    advisor --version                     0.11s
    compare microservices.yaml            4.77s  ratio  41.82  (target <= 3)
    compare 1 service                     3.55s
    compare 10,000 services            >900s  ratio    n/a  (target <= 5); peak memory 375 MiB when stopped
    compare -p ecs-ec2, 5 replicas        2.96s
    compare -p ecs-ec2, 5000 replicas   255.24s  ratio  86.33  (target <= 2)
    plan_fleet     r5 ecs-ec2:   0.86s, 3 nodes, gap 6.8%
    plan_fleet  r5000 ecs-ec2:   0.71s, 2500 nodes, gap 0.0%
    plan_fleet    10k ecs-ec2:  13.91s, 14867 nodes, gap 17.8%
    plan_fleet    10k eks-ec2:   1.54s, 465 nodes, gap 0.1%

After (branch ec2, same machine, one run; the "what would change" sweep in compare still re-packs every scale
point exactly, which is the compare pipeline's to replace with FleetPlanner.lower_bound)::

    advisor --version                     0.12s
    compare microservices.yaml            5.11s  ratio  43.49  (target <= 3)
    compare 1 service                     1.81s
    compare 10,000 services              28.66s  ratio  15.87  (target <= 5); peak memory 512 MiB (target < 1024)
    compare -p ecs-ec2, 5 replicas        1.80s
    compare -p ecs-ec2, 5000 replicas     2.58s  ratio   1.43  (target <= 2)
    plan_fleet     r5 ecs-ec2:   0.37s, 3 nodes, gap 6.8%
    plan_fleet  r5000 ecs-ec2:   0.07s, 2500 nodes, gap 0.0%
    plan_fleet    10k ecs-ec2:   0.34s, 10377 nodes, gap 0.0%
    plan_fleet    10k eks-ec2:   0.49s, 517 nodes, gap 0.2%
"""

from __future__ import annotations

import os

os.environ["ADVISOR_CACHE"] = "off"  # time the search itself, never a fleet read from the cache directory

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parents[1]
SHAPES = [(0.25, 512), (0.5, 1024), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192), (0.5, 3072)]


def generate(n: int, seed: int = 7) -> dict:
    """The generated fleet of ``bench_compare.py`` (same shapes, seed and proportions)."""
    rng = random.Random(seed)
    services = []
    for i in range(n):
        cpu, mem = rng.choice(SHAPES)
        svc = {"name": f"svc-{i:05d}", "cpu": cpu, "memory": mem, "replicas": rng.randint(1, 6)}
        if rng.random() < 0.2:
            svc["architecture"] = "arm64"
        if rng.random() < 0.1:
            svc["spot"] = False
        services.append(svc)
    return {"name": f"bench-{n}", "region": "us-east-1", "services": services}


def one_service(replicas: int) -> dict:
    return {"name": f"one-{replicas}", "region": "us-east-1",
            "services": [{"name": "api", "cpu": 0.5, "memory": 1024, "replicas": replicas}]}


def run(root: Path, args: list[str], timeout: float) -> tuple[float | None, float]:
    """(wall seconds or None on timeout/failure, peak RSS MiB of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=root, capture_output=True, timeout=timeout, check=False,
                           env={**os.environ, "PYTHONPATH": str(root)})
        ok = p.returncode in (0, 1)
        if not ok:
            print(f"  ! {' '.join(args)} exited {p.returncode}: {p.stderr.decode()[-400:]}")
    except subprocess.TimeoutExpired:
        ok = False
    dt = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (dt if ok else None), max(rss, before) / 1024.0


def fmt(x: float | None, timeout: float) -> str:
    return f"{x:8.2f}s" if x is not None else f" >{timeout:.0f}s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=HERE, help="checkout to measure (default: this one)")
    ap.add_argument("--timeout", type=float, default=900.0)
    ap.add_argument("--skip-10k", action="store_true")
    args = ap.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for key, doc in (("1", generate(1)), ("10k", generate(10_000)), ("r5", one_service(5)),
                         ("r5000", one_service(5000))):
            files[key] = Path(tmp) / f"{key}.yaml"
            files[key].write_text(yaml.safe_dump(doc, sort_keys=False))
        t = args.timeout
        version = min(run(root, ["--version"], t)[0] or t for _ in range(3))
        micro, _ = run(root, ["compare", "examples/microservices.yaml"], t)
        one, _ = run(root, ["compare", str(files["1"])], t)
        big, big_rss = (None, 0.0) if args.skip_10k else run(root, ["compare", str(files["10k"])], t)
        r5, _ = run(root, ["compare", str(files["r5"]), "-p", "ecs-ec2"], t)
        r5000, _ = run(root, ["compare", str(files["r5000"]), "-p", "ecs-ec2"], t)

        def ratio(a, b):
            return f"{a / b:6.2f}" if a is not None and b else "   n/a"

        print(f"measuring {root}")
        print(f"advisor --version                 {fmt(version, t)}")
        print(f"compare microservices.yaml        {fmt(micro, t)}  ratio {ratio(micro, version)}  (target <= 3)")
        print(f"compare 1 service                 {fmt(one, t)}")
        if not args.skip_10k:
            print(f"compare 10,000 services           {fmt(big, t)}  ratio {ratio(big, one)}  (target <= 5); "
                  f"peak memory {big_rss:,.0f} MiB (target < 1024)")
        print(f"compare -p ecs-ec2, 5 replicas    {fmt(r5, t)}")
        print(f"compare -p ecs-ec2, 5000 replicas {fmt(r5000, t)}  ratio {ratio(r5000, r5)}  (target <= 2)")

        # the planner alone, in this process
        sys.path.insert(0, str(root))
        from advisor.sizing.fleet import plan_fleet
        from advisor.workload import load_workload

        for key, platforms in (("r5", ["ecs-ec2"]), ("r5000", ["ecs-ec2"]), ("10k", ["ecs-ec2", "eks-ec2"])):
            if key == "10k" and args.skip_10k:
                continue
            w = load_workload(files[key])
            for platform in platforms:
                t0 = time.perf_counter()
                plan = plan_fleet(w, platform)
                print(f"plan_fleet {key:>6} {platform}: {time.perf_counter() - t0:6.2f}s, {plan.node_count} nodes, "
                      f"gap {plan.result.gap * 100:.1f}%")


if __name__ == "__main__":
    main()
