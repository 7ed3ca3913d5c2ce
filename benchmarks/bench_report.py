"""Time the HTML report for a 100-service workload: compare, scaling sweep (the default grid, 12 factors from 0.25x to 20x), charts, template.

    python benchmarks/bench_report.py [N_SERVICES]
"""

from __future__ import annotations

import os

os.environ["ADVISOR_CACHE"] = "off"  # time the search itself, never a fleet read from the cache directory

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.render.scaling import scale_curve  # noqa: E402

from advisor.compare import compare  # noqa: E402
from advisor.render.html import render_report  # noqa: E402


def workload(n: int) -> dict:
    sizes = [(0.25, 512), (0.5, 1024), (1, 2048), (1, 4096), (2, 4096), (2, 8192), (4, 8192), (0.5, 3072)]
    services = []
    for i in range(n):
        cpu, mem = sizes[i % len(sizes)]
        svc = {"name": f"svc-{i:03d}", "cpu": cpu, "memory": mem,
               "architecture": "arm64" if i % 5 == 0 else "x86_64", "spot": i % 7 != 0}
        if i % 3 == 0:
            svc["scaling"] = {"min": 2, "max": 10, "average": 3.5}
        else:
            svc["replicas"] = 1 + i % 4
        services.append(svc)
    return {"name": f"bench-{n}", "region": "us-east-1", "services": services}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    t0 = time.perf_counter()
    c = compare(workload(n))
    t1 = time.perf_counter()
    curve = scale_curve(c.workload)
    t2 = time.perf_counter()
    html = render_report(c, curve=curve)
    t3 = time.perf_counter()
    print(f"{n} services: compare {t1 - t0:.2f} s, scaling sweep {t2 - t1:.2f} s, charts+template {t3 - t2:.2f} s, "
          f"total {t3 - t0:.2f} s; {len(html) / 1024:.0f} KiB of HTML")


if __name__ == "__main__":
    main()
