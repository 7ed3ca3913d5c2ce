"""Packing quality and time of the EC2 fleet planner (not part of pytest).

    python benchmarks/bench_packing.py [--quick] [--sizes 100 10000] [--synthetic]

Plans the generated 100- and 10,000-service fleets (the ``bench_compare.py`` generator: 8 task shapes,
1-6 replicas, 20% arm64, 10% spot: false; us-east-1, bundled prices, default ``ec2`` settings) on ECS on EC2
(awsvpc) and EKS on EC2, and prints instance cost, LP lower bound, cost / bound - 1 (the gap), the gap to the
assignment LP (the only bound before; "vs asgn"), nodes and time (first plan in the process: planner included).
``--synthetic`` adds the packer-only cases over a synthetic catalogue (the packer's own regression check).

The bound is the LP relaxation the packer reports under the same constraints. On ECS awsvpc the packer now
also solves the configuration LP (patterns of tasks per node, column generation), a stronger bound, so "gap"
there is measured against a higher, more honest bound than before.

Before (main at f953478, same machine, one run; node rules of that commit: no VM memory overhead on EKS,
m5/c5/r5/m6i/r6i excluded as "previous generation", no ENI trunking table; gap against the assignment LP)::

    fleet            platform   items    LB $/h  pack $/h    gap   nodes   time s
    100 svc          ecs-ec2      349    17.706    20.808  17.5%     166     1.10
    100 svc          eks-ec2      351    16.795    17.075   1.7%      15     1.16
    10,000 svc       ecs-ec2    34819  1971.806  2322.216  17.8%   14867     9.87
    10,000 svc       eks-ec2    34821  1888.224  1890.734   0.1%     465     2.36

    synthetic          items     LB $/h   pack $/h   ratio  time s
    small (5 svc)         25      1.484      1.536  1.0351    0.64
    100 svc              533     29.532     30.158  1.0212    1.84
    10,000 svc         54818   2715.008   2753.377  1.0141    3.96
    100 svc ENI          533     33.605     36.252  1.0788    1.66

The node rules changed since (issue 16), so compare gaps, not dollars, between the real-fleet rows; the synthetic
rows use fixed capacities and compare directly.
"""
from __future__ import annotations

import os

os.environ["ADVISOR_CACHE"] = "off"  # time the search itself, never a fleet read from the cache directory

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def real_fleets(sizes: list[int]) -> None:
    from advisor.sizing.fleet import plan_fleet
    from advisor.workload import parse_workload

    hdr = (f"{'fleet':<17}{'platform':<9}{'items':>7}{'LB $/h':>10}{'pack $/h':>10}{'gap':>7}{'vs asgn':>8}"
           f"{'nodes':>8}{'time s':>9}")
    print(hdr)
    print("-" * len(hdr))
    for n in sizes:
        w = parse_workload(generate(n))
        for platform in ("ecs-ec2", "eks-ec2"):
            t0 = time.perf_counter()
            plan = plan_fleet(w, platform)
            dt = time.perf_counter() - t0
            res = plan.result
            items = sum(g.count for g in plan.groups)
            vs_assignment = res.cost_per_hour / res.assignment_bound_per_hour - 1
            print(f"{f'{n:,} svc':<17}{platform:<9}{items:>7}{res.lower_bound_per_hour:>10.3f}"
                  f"{res.cost_per_hour:>10.3f}{res.gap * 100:>6.1f}%{vs_assignment * 100:>7.1f}%"
                  f"{plan.node_count:>8}{dt:>9.2f}")


# ------------------------------------------------------------------------------- synthetic packer cases
SIZES = {"large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32}
SLOTS = {"large": 29, "xlarge": 58, "2xlarge": 58, "4xlarge": 234, "8xlarge": 234}
FAMILIES = {"c": (2, 0.0425), "m": (4, 0.048), "r": (8, 0.063)}  # GiB per vCPU, USD per vCPU-hour (x86)
ARM_DISCOUNT = 0.80
DAEMONSET = (0.2, 300.0, 3)
ENI_SLOTS = {"large": 2, "xlarge": 3, "2xlarge": 3, "4xlarge": 7, "8xlarge": 7}


def _kube_reserved_cpu(vcpu: int) -> float:
    return 0.06 + (0.01 if vcpu >= 2 else 0) + 0.005 * max(0, min(vcpu, 4) - 2) + 0.0025 * max(0, vcpu - 4)


def catalogue(eni: bool = False):
    from advisor.sizing.packing import NodeType

    out = []
    for fam, (gib_per_vcpu, usd) in FAMILIES.items():
        for arch, gen in (("x86_64", "7i"), ("arm64", "7g")):
            for size, vcpu in SIZES.items():
                slots = SLOTS[size]
                mem_alloc = vcpu * gib_per_vcpu * 1024 * 0.93 - (255 + 11 * slots) - 100
                cap = (vcpu - _kube_reserved_cpu(vcpu) - DAEMONSET[0], mem_alloc - DAEMONSET[1],
                       ENI_SLOTS[size] if eni else slots - DAEMONSET[2])
                out.append(NodeType(f"{fam}{gen}.{size}", arch, cap,
                                    round(vcpu * usd * (ARM_DISCOUNT if arch == "arm64" else 1.0), 5)))
    return out


def synthetic_groups(n_services: int, seed: int):
    from advisor.sizing.packing import ItemGroup

    rng = np.random.default_rng(seed)
    cpus = np.array([0.25, 0.5, 1.0, 2.0, 4.0])
    cpu_w = np.array([0.25, 0.3, 0.25, 0.15, 0.05])
    shapes = {"cpu": (1.0, 2.0), "balanced": (3.0, 5.0), "memory": (6.0, 12.0)}
    groups = []
    for i in range(n_services):
        shape = rng.choice(list(shapes), p=[0.3, 0.4, 0.3])
        lo, hi = shapes[shape]
        cpu = float(rng.choice(cpus, p=cpu_w))
        mem = max(256.0, round(cpu * rng.uniform(lo, hi) * 1024 / 256) * 256)
        arch = "arm64" if rng.random() < 0.2 else "x86_64"
        groups.append(ItemGroup(f"svc-{i:05d}-{shape}", arch, (cpu, mem, 1.0), int(rng.integers(1, 11))))
    return groups


def synthetic(quick: bool) -> None:
    from advisor.sizing.packing import pack

    cases = [("small (5 svc)", 5, 1, False), ("100 svc", 100, 2, False), ("10,000 svc", 10_000, 3, False),
             ("100 svc ENI", 100, 2, True)]
    if quick:
        cases = cases[:2] + cases[3:]
    print(f"\n{'synthetic':<16}{'items':>8}{'LB $/h':>11}{'pack $/h':>11}{'ratio':>8}{'time s':>8}")
    for label, n, seed, eni in cases:
        groups = synthetic_groups(n, seed)
        t0 = time.perf_counter()
        res = pack(groups, catalogue(eni), seed=0)
        dt = time.perf_counter() - t0
        lb = res.lower_bound_per_hour
        print(f"{label:<16}{sum(g.count for g in groups):>8}{lb:>11.3f}{res.cost_per_hour:>11.3f}"
              f"{res.cost_per_hour / lb:>8.4f}{dt:>8.2f}")


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100 services only")
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 10_000])
    ap.add_argument("--synthetic", action="store_true", help="also the packer-only synthetic cases")
    args = ap.parse_args(argv)
    real_fleets([100] if args.quick else args.sizes)
    if args.synthetic:
        synthetic(args.quick)


if __name__ == "__main__":
    main(sys.argv[1:])
