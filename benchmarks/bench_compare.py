#!/usr/bin/env python3
"""Time `compare` on generated workloads of 10, 1,000 and 10,000 services (Fargate platforms + EC2 when present).

Run:  python benchmarks/bench_compare.py [--sizes 10 1000 10000]

Prints load (YAML parse + validation), pricing and total wall time per size, and checks that the compare
path does not import matplotlib. Target: a 10,000-service workload prices well under a few seconds on a
2-core machine.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHAPES = [(0.25, 512), (0.5, 1024), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192), (0.5, 3072)]


def generate(n: int, seed: int = 7) -> dict:
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 1000, 10000])
    ap.add_argument("--platforms", nargs="*", default=None, help="platform ids (default: all advisor can price)")
    args = ap.parse_args()

    from advisor.compare import compare
    from advisor.workload import load_workload

    print(f"{'services':>9} {'load s':>8} {'price s':>8} {'total s':>8} {'lines':>8}  cheapest")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"w{n}.yaml"
            path.write_text(yaml.safe_dump(generate(n), sort_keys=False))
            t0 = time.perf_counter()
            w = load_workload(path)
            t1 = time.perf_counter()
            c = compare(w, platforms=args.platforms)
            t2 = time.perf_counter()
            lines = sum(len(e.lines) for e in c.estimates)
            print(f"{n:>9} {t1 - t0:>8.3f} {t2 - t1:>8.3f} {t2 - t0:>8.3f} {lines:>8}  {c.recommendation.platform}")
    print("matplotlib imported on the compare path:", "matplotlib" in sys.modules)
    if "matplotlib" in sys.modules:
        sys.exit(1)


if __name__ == "__main__":
    main()
