"""Names that break outputs (issue 18), and checks that an output survived them. Shared by tests/test_outputs.py,
tests/test_cli_smoke.py and benchmarks/fuzz_cli_campaign.py.

Each name carries one or more kinds: Rich markup, terminal escape sequences (colour, OSC 8 hyperlink), bidi
overrides and isolates, zero-width and line/paragraph separators, carriage returns and newlines, spreadsheet
formula starts (= + - @ and a tab, ASCII and full-width), Markdown table/emphasis/heading characters, HTML, and
Rich emoji codes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml

WORKLOAD_NAME = '=HYPERLINK("http://x")|<b>x</b>[/bold]\x1b[31mred\u202eevil\r\nnext'
SERVICE_NAMES = [
    "x[/bold]",
    "=cmd|' /C calc'!A0",
    "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ | <i>i</i>\r\nrow",
    "\t@SUM(1)",
    "+1 ~~strike~~ `code` *em* _u_",
    "-2\u2066bidi\u2069 :warning: \u200bzw",
    "# heading\u2028line\u2029para\x85nel",
    "\uff1dfullwidth",
    "a\\|b",
]
#: Characters that must never reach a terminal raw.
RAW_FORBIDDEN = ["\x1b", "\r", "\u202e", "\u2066", "\u2069", "\u200b", "\u2028", "\u2029", "\x85", "\x9b"]


def hostile_workload(folder: Path, name: str = WORKLOAD_NAME, services: list[str] = SERVICE_NAMES) -> Path:
    """A valid workload file whose workload and service names are all hostile (written with PyYAML's escaping)."""
    data = {"name": name, "region": "us-east-1",
            "services": [{"name": s, "cpu": 0.25, "memory": 512, "replicas": 2} for s in services]}
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False, width=10**6), encoding="utf-8")
    return path


def hostile_taskdef(folder: Path, family: str) -> Path:
    """An ECS task definition whose family (the imported service and workload name) is ``family``."""
    path = folder / "hostile.taskdef.json"
    path.write_text(json.dumps({"family": family, "cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"],
                                "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}]}),
                    encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ checks


def assert_terminal_safe(text: str, what: str = "output") -> None:
    """Every line is printable: no control character, escape sequence, bidi override or other invisible
    character reaches the terminal (line breaks only between lines)."""
    for i, line in enumerate(text.split("\n")):
        assert line.isprintable(), f"{what}, line {i + 1}: non-printable characters in {line!r}"
    for ch in RAW_FORBIDDEN:
        assert ch not in text, f"{what}: raw {ch!r}"


def _raise_constant(token: str) -> Any:
    raise ValueError(f"JSON holds {token}, which is not JSON")


def strict_json(text: str) -> Any:
    """``json.loads`` refusing NaN and Infinity (which Python's json would otherwise accept)."""
    return json.loads(text, parse_constant=_raise_constant)


MONEY_WORDS = ("cost", "price", "usd", "saving", "fee")


def money_problems(value: Any, path: str = "$", credit: bool = False) -> list[str]:
    """Places where money is negative outside a credit line (a dict with ``purchase_option: credit``), or a
    number is not finite (``strict_json`` already refuses NaN/Infinity; this also checks Python objects)."""
    out: list[str] = []
    if isinstance(value, dict):
        credit = credit or value.get("purchase_option") == "credit"
        for k, v in value.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if v != v or v in (float("inf"), float("-inf")):
                    out.append(f"{path}.{k} = {v}")
                elif v < 0 and not credit and any(w in str(k).lower() for w in MONEY_WORDS):
                    out.append(f"{path}.{k} = {v}")
            else:
                out += money_problems(v, f"{path}.{k}", credit)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += money_problems(v, f"{path}[{i}]", credit)
    return out


def csv_problems(text: str) -> list[str]:
    """Rows whose width differs from the header's, and text cells a spreadsheet would run as a formula."""
    rows = list(csv.reader(io.StringIO(text)))
    out = []
    if not rows:
        return out
    width = len(rows[0])
    for n, row in enumerate(rows):
        if len(row) != width:
            out.append(f"row {n}: {len(row)} cells, header has {width}")
        for cell in row:
            try:
                float(cell)
                continue  # a number (credits are negative numbers, not formulas)
            except ValueError:
                pass
            if cell.lstrip()[:1] in ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"):
                out.append(f"row {n}: formula cell {cell!r}")
    return out


def markdown_table_problems(text: str) -> list[str]:
    """Markdown table rows whose count of unescaped pipes differs from their table's header row, and raw HTML."""
    out = []
    expected = None
    for n, line in enumerate(text.split("\n")):
        if "<" in line.replace("\\<", ""):
            out.append(f"line {n}: raw '<' in {line!r}")
        if not line.startswith("|"):
            expected = None
            continue
        pipes, i = 0, 0
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            pipes += line[i] == "|"
            i += 1
        if expected is None:
            expected = pipes
        elif pipes != expected:
            out.append(f"line {n}: {pipes} cell separators, header has {expected}: {line!r}")
    return out
