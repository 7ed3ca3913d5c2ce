"""A key-by-key fuzz campaign over the IaC fixtures (Terraform plans, CloudFormation/CDK templates) and the real
Kubernetes manifests and ECS task definitions: values of the wrong shape where each field goes.

    python3 benchmarks/fuzz_iac_campaign.py [--kind iac|k8s|all] [--slice I:N] [--limit FILES]

For each fixture (JSON, or YAML that PyYAML's safe loader reads: templates in CloudFormation's short form, !Ref,
are left out) and each distinct key in it, every value of that key, at any depth, is replaced by each of
``VALUES`` (a number, a huge float, text, a mapping, a list of a number, a boolean, an empty mapping) and the result
is read with ``advisor.workload.importers.load_any``. Prints the cases, how many loaded or were refused with an
AdvisorError, and each other exception (a traceback for a user) by kind and place, with the fixture, key and value
that reproduce it. ``tests/fuzz_inputs`` (``fuzz_inputs_campaign.py``) breaks workload files, task definitions and
manifests at random; this one is systematic and reaches the Terraform and CloudFormation importers, where it
found iterations over a number ("'int' object is not iterable") and mappings used as names ("unhashable type").
``--slice I:N`` reads every N-th fixture from the I-th, to share a run between processes.
"""

from __future__ import annotations

import argparse
import collections
import copy
import json
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]  # this worktree's advisor

import yaml

from advisor.errors import AdvisorError
from advisor.workload.importers import load_any

VALUES = [5, 1e308, "x", {"a": 1}, [5], True, {}]
FIXTURES = ROOT / "tests" / "fixtures"
KINDS = {
    "iac": ["iac/terraform/*.json", "iac/synthetic/*.json", "iac/cdk/*.json", "iac/cloudformation/*.json",
            "iac/cloudformation/*.yaml", "iac/cloudformation/*.yml"],
    "k8s": ["real/k8s/*.yaml", "real/ecs/*.json"],
}


def _documents(path: Path) -> list | None:
    """The file's documents, or None when PyYAML's safe loader cannot read it (CloudFormation's !Ref form)."""
    try:
        if path.suffix == ".json":
            return [json.loads(path.read_text())]
        return list(yaml.safe_load_all(path.read_text()))
    except (ValueError, yaml.YAMLError):
        return None


def _keys(node, found: set) -> set:
    if isinstance(node, dict):
        for k, v in node.items():
            found.add(k)
            _keys(v, found)
    elif isinstance(node, list):
        for v in node:
            _keys(v, found)
    return found


def _replaced(node, key, value):
    if isinstance(node, dict):
        return {k: copy.deepcopy(value) if k == key else _replaced(v, key, value) for k, v in node.items()}
    if isinstance(node, list):
        return [_replaced(v, key, value) for v in node]
    return node


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/advisor/" in f.filename] or \
        traceback.extract_tb(exc.__traceback__)
    f = frames[-1]
    return f"{type(exc).__name__} at {f.filename.split('/advisor/')[-1]}:{f.lineno}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kind", choices=["iac", "k8s", "all"], default="iac")
    ap.add_argument("--slice", default="0:1", help="I:N, every N-th fixture from the I-th")
    ap.add_argument("--limit", type=int, default=0, help="at most this many fixtures (0: all)")
    args = ap.parse_args()
    first, step = (int(x) for x in args.slice.split(":"))
    patterns = KINDS["iac"] + KINDS["k8s"] if args.kind == "all" else KINDS[args.kind]
    files = sorted({p for pat in patterns for p in FIXTURES.glob(pat)})[first::step]
    if args.limit:
        files = files[:args.limit]
    counts = collections.Counter()
    faults: dict[str, list] = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            docs = _documents(path)
            if docs is None:
                counts["fixtures not read by PyYAML"] += 1
                continue
            for key in sorted(set().union(*(_keys(d, set()) for d in docs)), key=str):
                for value in VALUES:
                    case = Path(tmp) / f"case{path.suffix if path.suffix == '.json' else '.yaml'}"
                    changed = [_replaced(d, key, value) for d in docs]
                    case.write_text(json.dumps(changed[0]) if path.suffix == ".json" else yaml.safe_dump_all(changed))
                    counts["cases"] += 1
                    try:
                        load_any(case)
                        counts["loaded"] += 1
                    except AdvisorError:
                        counts["refused"] += 1
                    except Exception as exc:  # noqa: BLE001 (what the campaign looks for)
                        where = _where(exc)
                        faults.setdefault(where, []).append((path.relative_to(ROOT), key, value, str(exc)[:80]))
    took = time.perf_counter() - start
    print(f"{len(files)} fixtures, {counts['cases']} cases in {took:.0f} s: loaded {counts['loaded']}, refused with a "
          f"message (exit 2) {counts['refused']}, tracebacks {sum(map(len, faults.values()))}"
          + (f"; {counts['fixtures not read by PyYAML']} fixtures PyYAML cannot read" if
             counts["fixtures not read by PyYAML"] else ""))
    for where, cases in sorted(faults.items(), key=lambda kv: -len(kv[1])):
        fixture, key, value, text = cases[0]
        print(f"  {len(cases):5d}  {where}: {text}\n         e.g. {fixture}, every {key!r} set to {value!r}")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
