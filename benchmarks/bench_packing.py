"""Benchmark for advisor.sizing.packing (not part of pytest).

    python benchmarks/bench_packing.py [--quick]

Fixed, seeded synthetic workloads over a synthetic but AWS-shaped catalogue (prices per vCPU-hour
shaped like us-east-1 c/m/r ratios, Graviton ~20% cheaper; capacities net of a kubelet-style
reservation and a small DaemonSet). Prints cost / LP lower bound and wall time for the packer and
for the naive baseline (FFD onto the m-family xlarge of each arch).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from advisor.sizing.packing import ItemGroup, NodeType, first_fit_decreasing, pack  # noqa: E402

SIZES = {"large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32}
SLOTS = {"large": 29, "xlarge": 58, "2xlarge": 58, "4xlarge": 234, "8xlarge": 234}
FAMILIES = {  # family: (GiB per vCPU, USD per vCPU-hour for x86)
    "c": (2, 0.0425),
    "m": (4, 0.048),
    "r": (8, 0.063),
}
ARM_DISCOUNT = 0.80
DAEMONSET = (0.2, 300.0, 3)  # cpu vCPU, memory MiB, pods


def _kube_reserved_cpu(vcpu: int) -> float:
    # EKS AMI formula: 6% of the first core, 1% of the second, 0.5% of cores 3-4, 0.25% above 4
    r = 0.06 + (0.01 if vcpu >= 2 else 0) + 0.005 * max(0, min(vcpu, 4) - 2) + 0.0025 * max(0, vcpu - 4)
    return r


def catalogue() -> list[NodeType]:
    out = []
    for fam, (gib_per_vcpu, usd) in FAMILIES.items():
        for arch, gen in (("x86_64", "7i"), ("arm64", "7g")):
            for size, vcpu in SIZES.items():
                slots = SLOTS[size]
                mem = vcpu * gib_per_vcpu * 1024
                mem_alloc = mem * 0.93 - (255 + 11 * slots) - 100  # OS overhead, kube-reserved, eviction
                cap = (vcpu - _kube_reserved_cpu(vcpu) - DAEMONSET[0],
                       mem_alloc - DAEMONSET[1],
                       slots - DAEMONSET[2])
                price = vcpu * usd * (ARM_DISCOUNT if arch == "arm64" else 1.0)
                name = f"{fam}{gen}.{size}"
                out.append(NodeType(name, arch, cap, round(price, 5)))
    return out


ENI_SLOTS = {"large": 2, "xlarge": 3, "2xlarge": 3, "4xlarge": 7, "8xlarge": 7}


def eni_catalogue(types: list[NodeType]) -> list[NodeType]:
    """ECS awsvpc without ENI trunking: task slots = ENIs - 1 (the slots dimension binds)."""
    return [NodeType(nt.name, nt.arch, (nt.capacity[0], nt.capacity[1], ENI_SLOTS[nt.name.split(".")[1]]),
                     nt.usd_per_hour) for nt in types]


def workload(n_services: int, seed: int) -> list[ItemGroup]:
    rng = np.random.default_rng(seed)
    cpus = np.array([0.25, 0.5, 1.0, 2.0, 4.0])
    cpu_w = np.array([0.25, 0.3, 0.25, 0.15, 0.05])
    shapes = {"cpu": (1.0, 2.0), "balanced": (3.0, 5.0), "memory": (6.0, 12.0)}
    groups = []
    for i in range(n_services):
        shape = rng.choice(list(shapes), p=[0.3, 0.4, 0.3])
        lo, hi = shapes[shape]
        cpu = float(rng.choice(cpus, p=cpu_w))
        gib = cpu * rng.uniform(lo, hi)
        mem = max(256.0, round(gib * 1024 / 256) * 256)
        arch = "arm64" if rng.random() < 0.2 else "x86_64"
        groups.append(ItemGroup(f"svc-{i:05d}-{shape}", arch, (cpu, mem, 1.0), int(rng.integers(1, 11))))
    return groups


def baseline_types(types: list[NodeType], groups: list[ItemGroup]) -> dict[str, NodeType]:
    """Baseline node type per arch: m-family xlarge, or the smallest m size that fits every item."""
    out = {}
    for arch in sorted({g.arch for g in groups}):
        ms = [nt for nt in types if nt.arch == arch and nt.name.startswith("m")
              and SIZES[nt.name.split(".")[1]] >= 4]
        ms.sort(key=lambda nt: nt.usd_per_hour)
        need = [max(g.demand[d] for g in groups if g.arch == arch) for d in range(3)]
        out[arch] = next(nt for nt in ms if all(nt.capacity[d] >= need[d] for d in range(3)))
    return out


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    types = catalogue()
    eni = eni_catalogue(types)
    cases = [("small (5 svc)", 5, 1, types), ("100 svc", 100, 2, types), ("10,000 svc", 10_000, 3, types),
             ("100 svc ENI", 100, 2, eni)]
    if quick:
        cases = cases[:2]
    print(f"catalogue: {len(types)} node types (c/m/r x large..8xlarge x x86_64/arm64); "
          "'ENI' rows: slots = awsvpc ENI task slots (2/3/3/7/7)")
    hdr = f"{'workload':<16}{'items':>8}{'LB $/h':>11}{'pack $/h':>11}{'ratio':>8}{'time s':>8}" \
          f"{'FFD $/h':>11}{'ratio':>8}{'time s':>8}{'nodes':>7}"
    print(hdr)
    print("-" * len(hdr))
    for label, n, seed, types in cases:
        groups = workload(n, seed)
        items = sum(g.count for g in groups)
        t0 = time.perf_counter()
        res = pack(groups, types, seed=0)
        tp = time.perf_counter() - t0
        base = baseline_types(types, groups)
        t0 = time.perf_counter()
        ffd = first_fit_decreasing(groups, base)
        tf = time.perf_counter() - t0
        lb = res.lower_bound_per_hour
        print(f"{label:<16}{items:>8}{lb:>11.3f}{res.cost_per_hour:>11.3f}{res.cost_per_hour / lb:>8.4f}"
              f"{tp:>8.2f}{ffd.cost_per_hour:>11.3f}{ffd.cost_per_hour / lb:>8.4f}{tf:>8.2f}{len(res.nodes):>7}")
        if "-v" in argv:
            for row in res.fleet:
                print("    ", row["instance_type"], row["count"])
            print("    ", res.notes, res.utilisation)
            print("     baseline types:", {a: nt.name for a, nt in base.items()})


if __name__ == "__main__":
    main(sys.argv[1:])
