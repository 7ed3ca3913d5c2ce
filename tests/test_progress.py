"""The status line of a long comparison (``advisor.progress``): what the library reports, what the CLI shows on a
terminal, and that a command's output is the same with it as without."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from advisor import progress
from advisor.cli.common import status_line_wanted
from advisor.compare import compare
from advisor.sizing import packing
from advisor.sizing.packing import ItemGroup, NodeType, pack_all

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def test_steps_reach_only_an_installed_reporter():
    """Without a reporter a step does nothing; inside ``reporting`` every step and count reaches the callback, a
    count after its step's text; a reporter that raises never stops the work; leaving the block uninstalls it."""
    progress.step("nobody listens")
    progress.count(1, 2)
    seen: list[str] = []
    with progress.reporting(seen.append):
        progress.step("pricing ECS on EC2")
        progress.count(3, 1_200, "packed")
    assert seen == ["pricing ECS on EC2", "pricing ECS on EC2: 3 of 1,200 packed"]

    def broken(text):
        raise RuntimeError("terminal went away")

    with progress.reporting(broken):
        progress.step("still works")
        progress.count(1, 1)
    progress.step("after the block")
    assert seen[-1] == "pricing ECS on EC2: 3 of 1,200 packed"


def test_compare_reports_each_platform_and_the_scaling_check(prices):
    """The comparison says which platform it prices, in order, then the scaling check."""
    seen: list[str] = []
    with progress.reporting(seen.append):
        compare(EXAMPLES / "web-app.yaml", prices=prices, platforms=["ecs-fargate", "ecs-ec2"])
    assert seen[0] == f"reading {EXAMPLES / 'web-app.yaml'}"
    assert seen[1:3] == ["pricing ECS on Fargate", "pricing ECS on EC2"]
    assert any(s.startswith("scaling check: 0.25x to 20x") for s in seen)


def test_pack_all_counts_the_packings(monkeypatch):
    """Packings done together are counted as each finishes, after the step that started them."""
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    types = [NodeType("m.large", "x86_64", (1.9, 7000.0, 29.0), 0.096), NodeType("m.xlarge", "x86_64",
                                                                             (3.9, 14500.0, 58.0), 0.192)]
    jobs = [{"groups": [ItemGroup("a", "x86_64", (0.5, 1024.0, 1.0), n), ItemGroup("b", "x86_64", (1.0, 3000.0, 1.0),
                                                                                      n + 1)],
             "node_types": types} for n in (1, 2, 3)]
    seen: list[str] = []
    with progress.reporting(seen.append):
        progress.step("packing")
        pack_all(jobs, workers=1)
    assert seen == ["packing", "packing: 0 of 3 packed", "packing: 1 of 3 packed", "packing: 2 of 3 packed",
                    "packing: 3 of 3 packed"]
    monkeypatch.setattr(packing, "_pack_in_workers", lambda jobs, workers, **kw: [None] * len(jobs))
    seen.clear()
    with progress.reporting(seen.append):
        pack_all(jobs[:1], workers=1)
    assert seen == ["0 of 1 packed", "1 of 1 packed"]  # no step text: the count alone


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=40, color_system=None), out


def test_status_line_appears_after_its_delay_and_is_cleared():
    """A step shown once the delay has passed, cut to one line of the console, markup shown as written, and
    cleared when the block ends (the last thing written erases the line)."""
    console, out = _terminal()
    with progress.StatusLine(console, delay_s=0.0) as status:
        status.update("pricing [bold]ECS[/bold] on EC2 with a long text that does not fit in forty columns")
        deadline = time.monotonic() + 10
        while "pricing" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
    shown = out.getvalue()
    assert "pricing [bold]ECS[/bold] on EC2" in shown
    assert "forty columns" not in shown and "…" in shown
    assert shown.endswith("\x1b[1A\x1b[2K")  # up to the status line, erased


def test_status_line_shows_nothing_for_quick_work():
    """Work that ends before the delay prints nothing at all."""
    console, out = _terminal()
    with progress.StatusLine(console, delay_s=30.0) as status:
        status.update("pricing ECS on Fargate")
    assert out.getvalue() == ""
    status.update("after the end")  # a late step (another thread) is ignored
    time.sleep(0.05)
    assert out.getvalue() == ""


@pytest.mark.parametrize(("tty", "env", "wanted"), [
    (True, {}, True),
    (False, {}, False),
    (True, {"CI": "true"}, False),
    (True, {"TERM": "dumb"}, False),
])
def test_the_cli_shows_a_status_line_only_on_a_terminal(monkeypatch, tty, env, wanted):
    """On a terminal, not in CI and not on a dumb terminal, as ``advisor pricing fetch``'s progress bar."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    class Stream(io.StringIO):
        def isatty(self):
            return tty

    assert status_line_wanted(Stream()) is wanted


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_output_is_the_same_with_stderr_on_a_terminal(tmp_path):
    """``compare`` with stderr on a terminal (the status line on) writes to stdout exactly what it writes without
    one; what reaches the terminal ends with the line erased."""
    cmd = [sys.executable, "-m", "advisor", "compare", str(EXAMPLES / "web-app.yaml")]
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"TERM": "xterm", "COLUMNS": "100"}
    plain = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    master, slave = os.openpty()
    try:
        on_tty = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, text=True, env=env, timeout=300)
        os.close(slave)
        slave = -1
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
    assert plain.returncode == on_tty.returncode == 0
    assert on_tty.stdout == plain.stdout
    tty_text = b"".join(chunks).decode("utf-8", "replace")
    if "scaling check" in tty_text or "pricing" in tty_text:  # shown when the work took over a second here
        assert tty_text.rstrip("\r\n").endswith("\x1b[2K")
