"""Wall time of compare() on the EC2 platforms for a seeded synthetic 100-service workload.

    PYTHONPATH=. python benchmarks/bench_ec2_compare.py [--services 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import time

from advisor.compare import compare
from advisor.workload import parse_workload


def synthetic(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    shapes = [(0.25, 512), (0.25, 1024), (0.5, 1024), (0.5, 2048), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192)]
    services = []
    for i in range(n):
        cpu, mem = rng.choice(shapes)
        services.append({"name": f"svc-{i}", "cpu": cpu, "memory": mem, "replicas": rng.randint(1, 6),
                         "architecture": rng.choice(["x86_64", "x86_64", "arm64"]), "spot": rng.random() < 0.7})
    return {"name": f"synthetic-{n}", "region": "us-east-1", "services": services, "ec2": {"spot": True}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    w = parse_workload(synthetic(args.services, args.seed))
    for platform in ("ecs-ec2", "eks-ec2"):
        t0 = time.perf_counter()
        c = compare(w, platforms=[platform])
        dt = time.perf_counter() - t0
        est = c.estimate(platform)
        inst = est.extra.get("instance_monthly", float("nan"))
        lb = est.extra.get("lower_bound_monthly", float("nan"))
        print(f"{platform}: {dt:6.2f}s  total ${est.monthly_cost:,.2f}/month  instances ${inst:,.2f} vs lower bound "
              f"${lb:,.2f} (gap {est.extra.get('packing_gap', float('nan')) * 100:.1f}%)  nodes "
              f"{sum(r['count'] for r in est.extra.get('fleet', []))}")


if __name__ == "__main__":
    main()
