#!/usr/bin/env python3
"""Time of ``compare`` for services that share static host ports, and the fleet it gives (not part of pytest).

Run:  python3 benchmarks/bench_ports.py [-n 300] [-p ecs-ec2 ...] [--cache new|empty|warm] [--no-ports] [--write F]

``generate_shared_ports(n)``: ``n`` services of the ``bench_compare.py`` shapes (1-6 replicas, x86_64, 10% spot:
false), each holding one static host port (``bridge`` network mode on ECS on EC2, ``host`` on ECS Managed Instances,
a pod's ``hostPort`` on EKS), services 2k and 2k+1 on the same port (8000 + k), so at most one task of either on an
instance (Amazon ECS Developer Guide: "A port number on a host can't be used by multiple tasks"; the Kubernetes
scheduler's NodePorts filter for a pod's ``hostPort``). Each such pair is one capacity dimension of the packing, one
row per node type in the assignment LP (``packing._EXCLUSIVE_ROWS``).

For each platform, one ``python3 -m advisor compare -p PLATFORM -f json`` process (``nodes pack`` on ECS Managed
Instances and EKS Auto Mode: the bundled data lacks their management fee for most types, which ``compare`` needs), with a cache folder
that is ``empty`` (the first run after installing), ``warm`` (the same command run once before) or ``new`` (price
tables and node types cached, no fleet or LP bound: a new workload). Printed: wall and CPU seconds (a shared
machine's wall time also counts waiting for a CPU), the fleet's monthly instance cost, its LP lower bound, the gap
between them and its nodes. ``--no-ports``: the same services without host ports.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHAPES = [(0.25, 512), (0.5, 1024), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192), (0.5, 3072)]
#: each platform's workload: the ``network_mode`` its services get (see ``generate_shared_ports``)
PLATFORMS = {"ecs-ec2": "bridge", "ecs-managed-instances": "host", "eks-ec2": None, "eks-auto-mode": None}
MANAGED = ("ecs-managed-instances", "eks-auto-mode")


def generate_shared_ports(n: int = 300, seed: int = 7, ports: bool = True, arm64: float = 0.0,
                          network_mode: str | None = "bridge") -> dict:
    """``n`` services, services 2k and 2k+1 holding host port 8000 + k (see the module's text); a share ``arm64`` of
    them on arm64 (none by default: all on ECS on EC2's 63 x86_64 node types, 150 ports x 63 = 9,450 LP rows).
    ``network_mode``: ECS tasks in ``bridge`` (ECS on EC2) or ``host`` mode (ECS Managed Instances run no bridge
    tasks), or None: pods with a ``hostPort`` (EKS on EC2, EKS Auto Mode; an ECS task's ports hold no node port)."""
    rng = random.Random(seed)
    services = []
    for i in range(n):
        cpu, mem = rng.choice(SHAPES)
        svc = {"name": f"svc-{i:05d}", "cpu": cpu, "memory": mem, "replicas": rng.randint(1, 6)}
        if network_mode:
            svc["network_mode"] = network_mode
        if ports:
            svc["host_ports"] = [8000 + i // 2]
        if rng.random() < arm64:
            svc["architecture"] = "arm64"
        if rng.random() < 0.1:
            svc["spot"] = False
        services.append(svc)
    return {"name": f"ports-{n}", "region": "us-east-1", "services": services}


def _run(args: list[str], env: dict) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds: user + system, stdout) of ``python3 -m advisor ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if res.returncode != 0:
        raise SystemExit(f"advisor {' '.join(args)} failed:\n{res.stderr[-2000:]}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, res.stdout


def fleet_summary(out: str, platform: str) -> str:
    """Monthly cost, fleet (instances a month), LP lower bound, gap and nodes of ``platform`` in a ``compare -f json``
    or ``nodes pack -f json`` output."""
    data = json.loads(out)
    if "platforms" not in data:  # nodes pack
        return (f"fleet ${data['monthly_cost']:,.2f}  LP bound ${data['lower_bound_monthly']:,.2f}  "
                f"gap {data['gap'] * 100:.2f}%  nodes {data['nodes']}")
    est = next(e for e in data["platforms"] if e["platform"] == platform)
    fleet = est.get("fleet") or {}
    return (f"fleet ${fleet.get('instance_monthly', 0):,.2f}  LP bound ${fleet.get('lower_bound_monthly', 0):,.2f}  "
            f"gap {fleet.get('gap', 0) * 100:.2f}%  nodes {fleet.get('node_count')}  (monthly ${est['monthly_cost']:,.2f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("-p", "--platform", nargs="+", default=["ecs-ec2"], choices=PLATFORMS)
    ap.add_argument("--cache", nargs="+", default=["empty", "warm"], choices=("empty", "new", "warm"))
    ap.add_argument("--no-ports", action="store_true", help="the same services without host ports")
    ap.add_argument("--write", type=Path, help="also write each platform's workload: F with '-PLATFORM' added to its stem")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ)
        env.pop("ADVISOR_CACHE", None)
        env["ADVISOR_DATA_DIR"] = str(tmp / "data")  # the bundled snapshot only
        primed = tmp / "primed"
        _run(["compare", "examples/microservices.yaml"], dict(env, ADVISOR_CACHE_DIR=str(primed)))
        for kind in ("fleets", "lp-values", "lp-log"):
            shutil.rmtree(primed / kind, ignore_errors=True)
        for platform in args.platform:
            path = tmp / f"ports-{platform}.yaml"
            path.write_text(yaml.safe_dump(generate_shared_ports(args.n, ports=not args.no_ports,
                                                                 network_mode=PLATFORMS[platform]), sort_keys=False))
            if args.write:
                shutil.copy(path, args.write.with_name(f"{args.write.stem}-{platform}{args.write.suffix}"))
            # the bundled data lacks the management fee of most types, which compare needs: the fleet alone
            what = ["nodes", "pack"] if platform in MANAGED else ["compare"]
            cmd = [*what, str(path), "-p", platform, "-f", "json"]
            for mode in args.cache:
                cache = tmp / f"{platform}-{mode}"
                if mode == "new":
                    shutil.copytree(primed, cache)
                if mode == "warm":
                    _run(cmd, dict(env, ADVISOR_CACHE_DIR=str(cache)))
                wall, cpu, out = _run(cmd, dict(env, ADVISOR_CACHE_DIR=str(cache)))
                print(f"{platform:<22} {mode:>5} {wall:7.2f} s (cpu {cpu:6.2f} s)  {fleet_summary(out, platform)}",
                      flush=True)


if __name__ == "__main__":
    main()
