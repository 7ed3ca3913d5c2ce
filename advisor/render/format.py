"""Formatting for people: the only rounding in advisor, and escaping for each output medium.

Money is rounded to cents by ``advisor.units.cents`` / ``money`` (re-exported here; findings written in
``advisor.compare`` use the same functions) and nowhere else. A displayed total is the sum of its displayed
(rounded) parts (``total``), so "$532.37 + $2,200.00" is shown as "$2,732.37", never a total that disagrees with
its parts by a cent. A table of lines above a total shows each line rounded down or up so that the shown lines add
up to the shown total (``apportioned_cents``).

Names come from users, so every renderer escapes them for its medium: ``plain`` (a line printed as is: control
characters, terminal escape sequences, bidi overrides, line breaks), ``terminal`` (``plain`` plus Rich markup),
``markdown`` (pipes, HTML, emphasis, line breaks), ``csv_cell`` (spreadsheet formulas, line breaks);
``advisor.render.data.dumps`` writes JSON with non-printable characters as ``\\uXXXX`` escapes; HTML is autoescaped
by the report's Jinja environment after ``advisor.render.html.html_text`` has applied ``plain`` to every value (no raw
control or bidi character reaches the file); YAML written by ``advisor import`` uses double-quoted escaped scalars.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from advisor.units import apportioned_cents, cents, grouped, money, name_list, total, usd_rate  # noqa: F401  (the one rounding of money, re-exported)

#: Said wherever lines are shown above their total (table, Markdown, report).
ROUNDING_NOTE = ("Line amounts are rounded to the cent so that each platform's lines add up to its total: a line can "
                 "show a cent more or less than its quantity x unit price.")

#: Line breaks of every kind (CR LF, CR, LF, VT, FF, NEL, Unicode line/paragraph separators) and tabs: shown as
#: one space, so a name can neither start a new output line nor move the cursor.
_BREAKS = re.compile("\r\n|[\r\n\t\v\f\x85\u2028\u2029]")
#: Text a spreadsheet runs as a formula when a cell starts with it (OWASP "CSV Injection"), ASCII and full-width.
FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def qty(x: float | None) -> str:
    """A quantity without needless decimals: ``3``, ``1,460``, ``0.25``."""
    if x is None or not math.isfinite(x):
        return "—"
    return f"{x:,.0f}" if math.isclose(x, round(x), abs_tol=1e-9) else f"{x:,.3f}".rstrip("0").rstrip(".")


def unit_price(x: float) -> str:
    """A unit price with up to six significant digits, never in exponent notation: ``$0.04048``, ``$0.000001`` (a
    Cloud Map API call; ``:.6g`` wrote ``$1e-06``), ``$1,234,570``; a negative one (a Savings Plan credit) as
    ``-$0.14811``, the sign before the dollar as ``money`` writes amounts."""
    if not math.isfinite(x):
        return "—"
    return f"-${usd_rate(-x)}" if x < 0 else f"${usd_rate(x)}"


def pct(x: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: ``0.253`` -> ``25%``."""
    return "—" if x is None or not math.isfinite(x) else f"{x * 100:.{digits}f}%"


def plain(text: object) -> str:
    """Text safe to print on a terminal or in a one-line field: line breaks and tabs become a space; every other
    character Python calls non-printable (C0/C1 controls such as ESC, which starts terminal escape sequences;
    format characters such as the bidi overrides U+202A-U+202E and U+2066-U+2069, zero-width characters and
    U+FEFF; lone surrogates; private-use and unassigned code points) is removed, other spaces (U+00A0, U+3000)
    become a plain space. Printable text, the common case, is returned unchanged without a per-character scan."""
    text = str(text)
    if text.isprintable():
        return text
    text = _BREAKS.sub(" ", text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in text)


def terminal(text: object) -> str:
    """Safe inside Rich markup (a table cell or ``console.print`` string): ``plain``, with ``[`` escaped so a name
    cannot open or close a tag. Where a renderer can, it passes ``rich.text.Text(plain(...))`` instead."""
    from rich.markup import escape

    return escape(plain(text))


def terminal_console():
    """A Rich console on standard output, as ``rich.console.Console()`` makes it, with its size read once.

    Rich reads the terminal's size again each time it needs the width (``Console.size``: a ``get_terminal_size``
    call on stdin, stdout and stderr each, and the environment), several hundred times for the table of
    ``advisor compare examples/microservices.yaml`` (a tenth of its rendering time). Read once, it is the same size,
    so the same output byte for byte. Left as Rich makes it on a legacy Windows console, where the size it reports is
    a column less than the one it would be given."""
    from rich.console import Console

    console = Console()
    if not console.legacy_windows:
        console.size = console.size
    return console


def markdown(text: object) -> str:
    """Safe inside a Markdown table cell or list item: one line (``plain``), with pipes, backslashes, HTML angle
    brackets, code, emphasis, strikethrough and link characters escaped, ``&`` too (a name ``a&amp;b`` or
    ``&lt;b&gt;`` was shown as ``a&b`` / ``<b>``: CommonMark reads entity references, "Entity and numeric character
    references"), and a leading ``#`` (a heading)."""
    out = plain(text).replace("\\", "\\\\")
    for ch in "|`*_~[]<>&":
        out = out.replace(ch, "\\" + ch)
    return "\\" + out if out.startswith("#") else out


def markdown_code(text: object) -> str:
    """``text`` as a Markdown code span, outside a table: one line (``plain``), shown literally. CommonMark takes no
    backslash escapes inside a code span ("Code spans": "backslash escapes do not work in code spans"), so the span
    is fenced with one more backtick than the longest run of backticks in the text, with a space inside each fence
    when the text starts or ends with a backtick (the spec strips one such space from each end)."""
    body = plain(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") or (body.startswith(" ") and body.endswith(" ")
                                                               and body.strip()) else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP "CSV Injection") and that cannot break its
    row: numbers pass through; text is ``plain`` (line breaks, tabs and control characters gone) and gets a leading
    apostrophe when, after leading spaces, it starts with ``=``, ``+``, ``-`` or ``@`` (or their full-width forms)
    -- which also covers text that started with a tab or carriage return."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = plain(value)
    if text.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (NaN, Infinity) replaced by None, recursively (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # JSON escapes a character outside the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def dumps(value: Any, indent: int | None = 2, default: Any = None) -> str:
    """``value`` as JSON text that is safe to print: NaN and Infinity become null (``finite``; JSON has neither,
    and ``allow_nan=False`` makes sure), and every character Python calls non-printable (terminal escapes, bidi
    overrides, line separators, zero-width characters, lone surrogates) is written as a ``\\uXXXX`` escape, so
    the text is valid JSON that parses back to the same strings while nothing invisible reaches a terminal.
    Other non-ASCII text (``Zürich``) stays readable. ``default`` is ``json.dumps``'s hook for other types."""
    try:  # almost always finite already: no copy of the whole tree (a 10,000-service comparison is ~10^7 nodes)
        text = json.dumps(value, indent=indent, ensure_ascii=False, allow_nan=False, default=default)
    except ValueError:  # "Out of range float values are not JSON compliant": encode the copy without them
        text = json.dumps(finite(value), indent=indent, ensure_ascii=False, allow_nan=False, default=default)
    if text.isprintable():
        return text
    # JSON's own structure is printable ASCII and line breaks, so anything non-printable is inside a string
    return "\n".join(line if line.isprintable() else "".join(ch if ch.isprintable() else _escape_char(ch)
                                                             for ch in line) for line in text.split("\n"))


def unsupported_groups(est) -> list[dict]:
    """What an ``Estimate`` cannot run, one entry per distinct reason: ``{"service", "reason"}`` where ``service`` is
    the one name or ``N services (a, b, ... and M more)``. The JSON output keeps every service; readable outputs
    group them, as 2,000 services ruled out for one reason would otherwise print that reason 2,000 times."""
    out = []
    for reason, names in est.unsupported_by_reason().items():
        who = names[0] if len(names) == 1 else f"{len(names):,} services ({name_list(names)})"
        out.append({"service": who, "reason": reason})
    return out



#: Said beside the Operations column when the workload's ``operations.include`` is false: the column then holds $0.00
#: for every platform because no effort is counted, not because a platform needs none (the sweep's heading says the
#: same: "infrastructure only: operations.include is false").
OPERATIONS_LEFT_OUT = ("operations.include is false, so no operations effort is counted ($0.00) and the platforms rank "
                       "on infrastructure alone")


def platform_status(est) -> str:
    """A platform's status as compare's summary table (Markdown "Status") words it, for every renderer: "ok",
    "excluded", "not priced: no price data" (nothing priced, price data all it lacks), "not ranked: cannot run some
    services" (a service it cannot run) or "not ranked: missing price data" (a rate missing for part of the workload).
    ``est`` is an ``advisor.costing.lines.Estimate``. The report's badge said "incomplete" for both of the last two."""
    if est.excluded:
        return "excluded"
    if est.complete:
        return "ok"
    if est.status == "no price data":
        return "not priced: no price data"
    return "not ranked: " + ("cannot run some services" if est.unsupported else "missing price data")
