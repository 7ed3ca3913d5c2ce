#!/usr/bin/env python3
"""The speed and memory targets of the comparison engine, as ratios from one run (issue 13).

Run:  python3 benchmarks/bench_compare.py [--repeat 3]

Every figure is a whole process (``python3 -m advisor ...``: start, imports, work, output), the best of
``--repeat`` runs, on the same machine in the same run, so the ratios do not depend on the machine's speed:

- ``compare examples/microservices.yaml`` / ``advisor --version``              target <= 3
- ``sweep`` of a 100-service fleet over 0.25:20 / ``compare`` of that fleet      target <= 10
- ``compare`` of 10,000 services / ``compare`` of 1 service                      target <= 5
- one service with 5,000 replicas on ecs-ec2 / one with 5 replicas               target <= 2
- peak memory (max RSS) of the 10,000-service compare                            target < 1 GiB

The first run of a process after the bundled price tables change parses them; later runs read them from the cache
directory (``$ADVISOR_CACHE_DIR``). ``--cold`` points the cache at an empty folder for every run to show the cost
without it.
"""

from __future__ import annotations

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

ROOT = Path(__file__).resolve().parents[1]
SHAPES = [(0.25, 512), (0.5, 1024), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192), (0.5, 3072)]


def generate(n: int, seed: int = 7) -> dict:
    """A workload of ``n`` services with a mix of sizes, replicas, arm64 and spot-intolerant services."""
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


def run(args: list[str], repeat: int, env: dict) -> tuple[float, int]:
    """(best wall seconds, peak RSS in KiB of the slowest child) of ``python3 -m advisor ARGS``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=ROOT, env=env, capture_output=True,
                             text=True)
        elapsed = time.perf_counter() - t0
        if res.returncode != 0:
            raise SystemExit(f"advisor {' '.join(args)} failed:\n{res.stderr[-2000:]}")
        best = min(best, elapsed)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return best, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="an empty cache directory for every run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env["ADVISOR_DATA_DIR"] = str(Path(tmp) / "data")  # the bundled snapshot only
        if args.cold:
            env["ADVISOR_CACHE_DIR"] = str(Path(tmp) / "cache")
        files = {}
        for name, wl in (("one", generate(1)), ("hundred", generate(100)), ("tenk", generate(10_000)),
                         ("r5", {"name": "r5", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 5}]}),
                         ("r5000", {"name": "r5000", "services": [{"name": "a", "cpu": 0.5, "memory": 1024,
                                                                   "replicas": 5000}]})):
            files[name] = Path(tmp) / f"{name}.yaml"
            files[name].write_text(yaml.safe_dump(wl, sort_keys=False))
        r = args.repeat
        version, _ = run(["--version"], r, env)
        micro, _ = run(["compare", "examples/microservices.yaml"], r, env)
        hundred, _ = run(["compare", str(files["hundred"])], r, env)
        sweep, _ = run(["sweep", str(files["hundred"]), "--scale", "0.25:20"], r, env)
        one, _ = run(["compare", str(files["one"])], r, env)
        tenk, _ = run(["compare", str(files["tenk"])], 1, env)
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the 10k compare is the largest child
        r5, _ = run(["compare", str(files["r5"]), "-p", "ecs-ec2"], r, env)
        r5000, _ = run(["compare", str(files["r5000"]), "-p", "ecs-ec2"], r, env)
    rows = [
        ("compare microservices / --version", micro, version, 3.0),
        ("sweep 100 services 0.25:20 / compare 100", sweep, hundred, 10.0),
        ("compare 10,000 services / compare 1 service", tenk, one, 5.0),
        ("ecs-ec2 5,000 replicas / 5 replicas", r5000, r5, 2.0),
    ]
    print(f"{'ratio':<46} {'seconds':>17} {'ratio':>6} {'target':>7}")
    for label, a, b, target in rows:
        ratio = a / b
        print(f"{label:<46} {a:7.2f} / {b:5.2f}  {ratio:6.2f} {'<=':>3}{target:4g} {'ok' if ratio <= target else 'MISSED'}")
    gib = peak_kib / 1024 / 1024
    print(f"{'peak memory of the 10,000-service compare':<46} {gib:14.2f} GiB {'':>6} {'<':>3}   1 "
          f"{'ok' if gib < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
