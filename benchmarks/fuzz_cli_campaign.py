"""A longer fuzz campaign over the command line and its outputs (issue 18).

    python3 benchmarks/fuzz_cli_campaign.py [--cases 3000] [--seed 0] [--heavy 0.25] [--kills 40] [--racers 4]

1. **Command lines.** ``--cases`` argv from ``tests/fuzz_cli.generate`` (every command, valid and hostile option
   values, hostile names, bad inputs, -o targets that must be refused), run in-process with typer's CliRunner. A
   share ``--heavy`` of them also writes real files (reports render, ``report --all`` over colliding names,
   ``import -o``). Each run is checked by ``tests/fuzz_cli.problems``: exit code 0 or 2, no exception or
   traceback, printable output, JSON that parses with no NaN/Infinity and no negative money outside credit lines,
   rectangular CSV without formulas, Markdown tables intact, refused -o targets refused, the user's file
   unchanged, no temporary file left.
2. **Kills.** ``--kills`` real ``advisor report -o`` / ``advisor import -o`` processes over an existing file, each
   sent SIGTERM, SIGINT or SIGKILL at a random moment: afterwards the target is the old file or a complete new
   one, and no temporary file is left (after SIGKILL, the next write removes it).
3. **Racers.** ``--racers`` processes write the same report at once: the file is complete and nothing is left.

Prints the counts: cases per command, exit codes, problems by kind with a seed that reproduces each
(``generate(random.Random(seed), heavy)``), tracebacks by exception and line, the slowest cases, and the kill and
race outcomes. Exit status 1 when anything was wrong.
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this worktree's advisor, and the shared generator

from fuzz_cli import STDIN, cached_app_command, fill, generate, problems, setup_inputs  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from advisor.cli import app  # noqa: E402

SLOW_SECONDS = 5.0
TEMP_SUFFIX = ".advisor-tmp"


def _where(exc_info) -> str:
    exc = exc_info[1]
    frames = [f for f in traceback.extract_tb(exc_info[2]) if "/advisor/" in f.filename] or \
        traceback.extract_tb(exc_info[2])
    f = frames[-1]
    return f"{type(exc).__name__} at {f.filename.split('/advisor/')[-1]}:{f.lineno}"


def command_lines(cases: int, seed0: int, heavy_share: float) -> bool:
    runner = CliRunner()
    per_command: collections.Counter = collections.Counter()
    codes: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    first: dict[str, tuple[int, bool, list[str]]] = {}
    crashes: collections.Counter = collections.Counter()
    times: list[tuple[float, int, list[str]]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, cached_app_command():
        inputs = setup_inputs(Path(tmp))
        for i in range(cases):
            seed = seed0 + i
            rng = random.Random(seed)
            heavy = rng.random() < heavy_share
            argv = fill(generate(rng, heavy=heavy), inputs)
            t0 = time.perf_counter()
            r = runner.invoke(app, argv, input=STDIN)
            dt = time.perf_counter() - t0
            per_command[" ".join(argv[:2]) if argv[0] in ("nodes", "strategy", "import", "pricing") else argv[0]] += 1
            codes[r.exit_code] += 1
            times.append((dt, seed, argv))
            if r.exception is not None and not isinstance(r.exception, SystemExit) and r.exc_info:
                crashes[_where(r.exc_info)] += 1
            for p in problems(argv, r, inputs):
                kind = p.split(":")[0]
                kinds[kind] += 1
                first.setdefault(kind, (seed, heavy, argv))
    total = time.perf_counter() - started
    print(f"1. command lines: {cases} cases in {total:.1f} s ({total / max(cases, 1) * 1000:.0f} ms each), "
          f"{heavy_share:.0%} writing files")
    print("   per command: " + ", ".join(f"{k} {n}" for k, n in sorted(per_command.items())))
    print("   exit codes: " + ", ".join(f"{k}: {n}" for k, n in sorted(codes.items())))
    print(f"   tracebacks: {sum(crashes.values())}; problems: {sum(kinds.values())}")
    for key, n in crashes.most_common():
        print(f"     {n:6d}  {key}")
    for kind, n in kinds.most_common():
        seed, heavy, argv = first[kind]
        print(f"     {n:6d}  {kind} (first: seed {seed}, heavy={heavy}: {argv})")
    slow = [t for t in times if t[0] > SLOW_SECONDS]
    times.sort(key=lambda t: t[0], reverse=True)
    print(f"   slower than {SLOW_SECONDS:g} s: {len(slow)}; slowest:")
    for dt, seed, argv in times[:5]:
        print(f"     {dt:6.2f} s  seed {seed}: {' '.join(a if len(a) < 60 else '…' + a[-40:] for a in argv)!r}")
    return bool(crashes or kinds or slow or set(codes) - {0, 2})


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def kills(n: int, seed: int) -> bool:
    """Real processes killed while they work: the target stays whole and no temporary file stays behind."""
    rng = random.Random(seed)
    outcomes: collections.Counter = collections.Counter()
    bad: list[str] = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(n):
            report = rng.random() < 0.5
            target = folder / ("r.html" if report else "w.yaml")
            old = ('<!DOCTYPE html><meta name="generator" content="advisor-report old">\n' if report
                   else "# old\n")
            target.write_text(old, encoding="utf-8")
            argv = ([sys.executable, "-m", "advisor", "report", str(ROOT / "examples" / "web-app.yaml"), "-o",
                     str(target)] if report else
                    [sys.executable, "-m", "advisor", "import", "k8s", str(ROOT / "examples" / "k8s"), "-o",
                     str(target), "--force"])
            sig = rng.choice([signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
            proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.3, 3.0))
            proc.send_signal(sig)
            proc.wait()
            text = target.read_text(encoding="utf-8")
            whole = text == old or (text.rstrip().endswith("</html>") if report else "services:" in text)
            left = _left(folder)
            outcome = f"{'report' if report else 'import'} {signal.Signals(sig).name}: " + (
                "old file" if text == old else "new file")
            outcomes[outcome + (", temporary left" if left else "")] += 1
            if not whole:
                bad.append(f"case {i}: {outcome}: target not whole")
            if left and sig != signal.SIGKILL:
                bad.append(f"case {i}: {outcome}: temporary files left {left}")
            if left:  # the next write of the same file removes a killed writer's temporary
                subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, check=False)
                if _left(folder):
                    bad.append(f"case {i}: the next write left {_left(folder)}")
            for p in folder.iterdir():
                if p.is_file():
                    p.unlink()
    print(f"2. kills: {n} processes killed mid-run")
    for k, v in sorted(outcomes.items()):
        print(f"     {v:4d}  {k}")
    print(f"   problems: {len(bad)}")
    for b in bad[:10]:
        print(f"     {b}")
    return bool(bad)


def racers(n: int) -> bool:
    """``n`` processes write the same report at once."""
    if n < 2:
        return False
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "same.html"
        procs = [subprocess.Popen([sys.executable, "-m", "advisor", "report", str(ROOT / "examples" / "web-app.yaml"),
                                   "-o", str(target)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for _ in range(n)]
        codes = collections.Counter(p.wait() for p in procs)
        text = target.read_text(encoding="utf-8") if target.exists() else ""
        ok = text.rstrip().endswith("</html>") and not _left(Path(tmp)) and set(codes) == {0}
    print(f"3. racers: {n} processes wrote one report at once: exit codes {dict(codes)}; file complete and nothing "
          f"left behind: {'yes' if ok else 'NO'}")
    return not ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0, help="first seed (case i uses seed + i)")
    ap.add_argument("--heavy", type=float, default=0.25, help="share of cases that write real files")
    ap.add_argument("--kills", type=int, default=40, help="processes to kill mid-run (0: none; POSIX only)")
    ap.add_argument("--racers", type=int, default=4, help="processes writing one report at once (0: none)")
    args = ap.parse_args()
    failed = command_lines(args.cases, args.seed, args.heavy)
    if args.kills and hasattr(signal, "SIGKILL"):
        failed |= kills(args.kills, args.seed)
    failed |= racers(args.racers)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
