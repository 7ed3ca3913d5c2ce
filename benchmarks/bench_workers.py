#!/usr/bin/env python3
"""Worker processes for a sweep's contested EC2 points (``advisor.sizing.packing.pack_all``), one run.

Run:  python3 benchmarks/bench_workers.py [--services 30] [--seed 5]

Times ``python3 -m advisor compare`` of a generated workload of ``--services`` services of their own sizes (0.1-4
vCPU, 128-8192 MiB, 1-10 replicas: ECS on EC2 and Fargate Spot within a few percent of each other, so the sweep packs
most of its EC2 points again) with ``ADVISOR_WORKERS=1`` and with the default (one worker per CPU up to 8), each in
the "new" cache state of ``bench_compare.py`` (parsed price tables, no packed fleet), and checks that the two outputs
are the same byte for byte. Prints both wall times, their ratio and the CPUs this process may use.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def workload(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {"name": f"diverse-{n}", "region": "us-east-1",
            "services": [{"name": f"s{i}", "cpu": f"{rng.randint(100, 4000)}m", "memory": f"{rng.randint(128, 8192)}Mi",
                          "replicas": rng.randint(1, 10)} for i in range(n)]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=30)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "advisor")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, ADVISOR_DATA_DIR=str(tmp / "data"))
        env.pop("ADVISOR_CACHE", None)
        path = tmp / "w.yaml"
        path.write_text(yaml.safe_dump(workload(args.services, args.seed), sort_keys=False))
        primed = tmp / "primed"
        subprocess.run([sys.executable, "-m", "advisor", "compare", str(ROOT / "examples" / "microservices.yaml")],
                       cwd=ROOT, env=dict(env, ADVISOR_CACHE_DIR=str(primed)), capture_output=True, check=True)
        shutil.rmtree(primed / "fleets", ignore_errors=True)  # tables only: the "new" state
        out, secs = {}, {}
        for label, workers in (("ADVISOR_WORKERS=1", "1"), ("default workers", "")):
            cache = tmp / f"cache-{workers or 'default'}"
            shutil.copytree(primed, cache)
            run_env = dict(env, ADVISOR_CACHE_DIR=str(cache), ADVISOR_WORKERS=workers)
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, "-m", "advisor", "compare", str(path)], cwd=ROOT, env=run_env,
                                 capture_output=True, text=True)
            secs[label] = time.perf_counter() - t0
            if res.returncode != 0:
                raise SystemExit(f"compare failed ({label}):\n{res.stderr[-2000:]}")
            out[label] = res.stdout
        try:
            cpus = len(os.sched_getaffinity(0))
        except AttributeError:
            cpus = os.cpu_count()
        same = len(set(out.values())) == 1
        print(f"compare of {args.services} services of their own sizes, new cache state, {cpus} CPUs")
        for label, s in secs.items():
            print(f"  {label:<20} {s:7.1f} s")
        print(f"  ratio (default / 1)  {secs['default workers'] / secs['ADVISOR_WORKERS=1']:7.2f}")
        print(f"  outputs identical    {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
