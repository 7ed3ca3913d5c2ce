"""Formatting for people: the only rounding in advisor, and escaping for each output medium.

Money is rounded to cents by ``advisor.units.cents`` / ``money`` (re-exported here; findings written in
``advisor.compare`` use the same functions) and nowhere else. A displayed total is the sum of its displayed
(rounded) parts (``total``), so "$532.37 + $2,200.00" is shown as "$2,732.37", never a total that disagrees with
its parts by a cent.

Names come from users, so every renderer escapes them for its medium: ``terminal`` (Rich markup and control
characters), ``markdown`` (pipes, HTML, line breaks), ``csv_cell`` (spreadsheet formulas, line breaks); HTML is
autoescaped by the report's Jinja environment.
"""

from __future__ import annotations

import math
import re

from advisor.units import cents, money, total  # noqa: F401  (the one rounding of money, re-exported)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def qty(x: float | None) -> str:
    """A quantity without needless decimals: ``3``, ``1,460``, ``0.25``."""
    if x is None or not math.isfinite(x):
        return "—"
    return f"{x:,.0f}" if math.isclose(x, round(x), abs_tol=1e-9) else f"{x:,.3f}".rstrip("0").rstrip(".")


def unit_price(x: float) -> str:
    """A unit price with up to six significant digits: ``$0.04048``."""
    return f"${x:.6g}" if math.isfinite(x) else "—"


def pct(x: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: ``0.253`` -> ``25%``."""
    return "—" if x is None or not math.isfinite(x) else f"{x * 100:.{digits}f}%"


def plain(text: object) -> str:
    """Text without control characters (terminal escapes, bidi overrides) and with line breaks as spaces."""
    return _CONTROL.sub("", str(text).replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " "))


def terminal(text: object) -> str:
    """Safe inside Rich markup: control characters removed, ``[`` escaped so a name cannot open a tag."""
    from rich.markup import escape

    return escape(plain(text))


def markdown(text: object) -> str:
    """Safe inside a Markdown table cell: pipes, backslashes, HTML and emphasis characters escaped."""
    out = plain(text).replace("\\", "\\\\")
    for ch in "|`*_[]<>":
        out = out.replace(ch, "\\" + ch)
    return out


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP "CSV Injection"): text starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe; numbers pass through."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if text[:1] in ("=", "+", "-", "@", "\t"):
        return "'" + text
    return text
