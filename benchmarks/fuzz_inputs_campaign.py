"""A longer fuzz campaign over every input kind (workload YAML, ECS task definitions, Kubernetes manifests).

    python3 benchmarks/fuzz_inputs_campaign.py [--cases 5000] [--seed 0] [--compare-every 25]

Each case comes from ``tests/fuzz_inputs.generate`` (a valid seed broken in 1-3 places, sometimes with damaged
text). It is written to a file and read with ``advisor.workload.importers.load_any``; every ``--compare-every``-th
case that loads is also priced with ``advisor.compare.compare`` and rendered as JSON. Prints the counts: loaded,
refused with an AdvisorError (by message kind), tracebacks (by exception and line, with a seed that reproduces
each), cases read slower than 2 s and the slowest read (pricing is timed apart: the first compare loads the price
tables), and for the priced cases the slowest compare and whether the JSON held NaN or Infinity.
A case reproduces with ``generate(random.Random(seed))``.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this worktree's advisor, and the shared generator

from fuzz_inputs import generate

from advisor.errors import AdvisorError
from advisor.workload.importers import load_any

SLOW_SECONDS = 2.0


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/advisor/" in f.filename] or \
        traceback.extract_tb(exc.__traceback__)
    f = frames[-1]
    return f"{type(exc).__name__} at {f.filename.split('/advisor/')[-1]}:{f.lineno}"


def _reject_constant(token: str):
    raise ValueError(token)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0, help="first seed (case i uses seed + i)")
    ap.add_argument("--compare-every", type=int, default=25, help="price every n-th case that loads (0: never)")
    args = ap.parse_args()

    from advisor import render
    from advisor.compare import compare

    loaded = refused = priced = priced_refused = nonfinite = 0
    kinds: collections.Counter = collections.Counter()
    messages: collections.Counter = collections.Counter()
    crashes: collections.Counter = collections.Counter()
    first_seed: dict[str, int] = {}
    slow: list[tuple[float, int]] = []
    worst = (0.0, -1)
    slowest_compare = (0.0, -1)
    t_all = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.cases):
            seed = args.seed + i
            kind, suffix, text = generate(random.Random(seed))
            kinds[kind] += 1
            path = Path(tmp) / f"case{suffix}"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            t0 = time.perf_counter()
            read = None
            try:
                workload = load_any(path)
                read = time.perf_counter() - t0
                loaded += 1
                if args.compare_every and loaded % args.compare_every == 0:
                    t1 = time.perf_counter()
                    try:
                        out = render.to_json(compare(workload))
                        json.loads(out, parse_constant=_reject_constant)
                        priced += 1
                    except AdvisorError:
                        priced_refused += 1
                    except ValueError as exc:
                        if str(exc) in ("NaN", "Infinity", "-Infinity"):
                            nonfinite += 1
                        else:
                            raise
                    slowest_compare = max(slowest_compare, (time.perf_counter() - t1, seed))
            except AdvisorError as exc:
                refused += 1
                messages[" ".join(str(exc).split(": ", 2)[-1].split()[:4])] += 1
            except Exception as exc:  # noqa: BLE001 - counting them is the point
                key = _where(exc)
                crashes[key] += 1
                first_seed.setdefault(key, seed)
            dt = read if read is not None else time.perf_counter() - t0  # reading only: pricing is timed apart
            worst = max(worst, (dt, seed))
            if dt > SLOW_SECONDS:
                slow.append((dt, seed))
    total = time.perf_counter() - t_all
    print(f"{args.cases} cases ({dict(kinds)}) in {total:.1f} s, {total / max(args.cases, 1) * 1000:.1f} ms each")
    print(f"  loaded: {loaded}; refused with a message (exit 2): {refused}; tracebacks: {sum(crashes.values())}")
    print(f"  priced: {priced} (refused by compare: {priced_refused}); JSON with NaN/Infinity: {nonfinite}")
    print(f"  read slower than {SLOW_SECONDS:g} s: {len(slow)}; slowest read: {worst[0]:.3f} s (seed {worst[1]})")
    if priced or priced_refused:  # the first compare also loads the price tables, once per process
        print(f"  slowest compare: {slowest_compare[0]:.3f} s (seed {slowest_compare[1]})")
    print("  most common refusals:")
    for msg, n in messages.most_common(12):
        print(f"    {n:6d}  {msg}...")
    if crashes:
        print("  tracebacks (exception and line, first seed):")
        for key, n in crashes.most_common():
            print(f"    {n:6d}  {key} (seed {first_seed[key]})")
    return 1 if crashes or nonfinite or slow else 0


if __name__ == "__main__":
    sys.exit(main())
