#!/usr/bin/env python3
"""Time reading a Terraform plan and a CloudFormation template of N ECS services, and `advisor diff` of two plans.

Run:  python benchmarks/bench_iac.py [--sizes 10 100 1000]

Each service is a task definition, a service with a FARGATE/FARGATE_SPOT strategy and an Application Auto Scaling
target (3 resources), in a child module with for_each instances whose task-definition references are unknown until
apply (so the configuration's references are followed). Prints the import time (parse + link + validate), the
declared estimate's time and the diff time per size, and the ratio per service between sizes (linear ~ 1).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIZES = [("256", "512"), ("512", "1024"), ("1024", "2048"), ("2048", "4096")]


def plan(n: int, extra_task: int = 0) -> dict:
    m = "module.app."
    res, changes = [], []
    for i in range(n):
        cpu, mem = SIZES[i % len(SIZES)]
        key = f"s{i}"
        res.append({"address": f'{m}aws_ecs_task_definition.this["{key}"]', "type": "aws_ecs_task_definition",
                    "values": {"family": key, "cpu": cpu, "memory": mem, "network_mode": "awsvpc",
                               "requires_compatibilities": ["FARGATE"],
                               "container_definitions": json.dumps([{"name": key, "image": "x"}])}})
        res.append({"address": f'{m}aws_ecs_service.this["{key}"]', "type": "aws_ecs_service",
                    "values": {"name": key, "desired_count": 2 + (i + extra_task) % 5,
                               "capacity_provider_strategy": [
                                   {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
                                   {"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 3}]}})
        res.append({"address": f'{m}aws_appautoscaling_target.this["{key}"]', "type": "aws_appautoscaling_target",
                    "values": {"service_namespace": "ecs", "resource_id": f"service/main/{key}", "min_capacity": 1,
                               "max_capacity": 6}})
    for r in res:
        r.update(mode="managed", name="this")
        unknown = {"task_definition": True} if r["type"] == "aws_ecs_service" else {}
        changes.append({"address": r["address"], "change": {"actions": ["create"], "after": r["values"],
                                                             "after_unknown": unknown}})
    refs = {"aws_ecs_service.this": {"task_definition": {"references": ["aws_ecs_task_definition.this"]}}}
    conf = [{"address": a, "expressions": e} for a, e in refs.items()]
    return {"format_version": "1.2", "planned_values": {"root_module": {"child_modules": [
        {"address": "module.app", "resources": res}]}}, "resource_changes": changes,
        "configuration": {"root_module": {"module_calls": {"app": {"module": {"resources": conf}}}}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    args = parser.parse_args()
    from advisor.compare.declared import price_declared
    from advisor.compare.diff import diff
    from advisor.pricing.book import default_pricebook
    from advisor.workload.importers.terraform import import_terraform

    prices = default_pricebook()
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            a, b = Path(tmp) / f"a{n}.json", Path(tmp) / f"b{n}.json"
            a.write_text(json.dumps(plan(n)))
            b.write_text(json.dumps(plan(n, extra_task=1)))
            t0 = time.perf_counter()
            w = import_terraform(a).workload
            t1 = time.perf_counter()
            price_declared(w, prices)
            t2 = time.perf_counter()
            diff(a, b, platforms=["ecs-fargate", "ecs-fargate-spot"], prices=prices)
            t3 = time.perf_counter()
            per = (t1 - t0) / n
            base = base or per
            print(f"{n:>6} services: import {t1 - t0:7.3f} s ({per * 1000:.2f} ms/service, x{per / base:.2f} of the "
                  f"smallest), declared {t2 - t1:6.3f} s, diff (two plans, 2 platforms) {t3 - t2:7.3f} s")


if __name__ == "__main__":
    main()
