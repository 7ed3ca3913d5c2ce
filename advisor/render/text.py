"""Text renderers of a Comparison: terminal table, JSON, CSV, Markdown. Pure functions of the result."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from advisor.compare.comparison import Comparison

FORMATS = ("table", "json", "csv", "markdown")
LINE_COLUMNS = ("platform", "service", "name", "category", "quantity", "unit", "unit_price", "monthly_cost",
                "estimate", "as_of", "source")
#: Above this many lines, the terminal table summarises lines by name instead of listing each.
DETAIL_LIMIT = 60


def money(usd: float) -> str:
    return f"${usd:,.2f}"


def _qty(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if not math.isclose(x, round(x)) else f"{x:,.0f}"


def to_json(comparison: Comparison) -> str:
    return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False)


def line_rows(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for est in comparison.estimates:
        for line in est.lines:
            d = line.to_dict()
            rows.append({"platform": est.platform, **{k: d.get(k) for k in LINE_COLUMNS if k != "platform"}})
    return rows


def to_csv(comparison: Comparison) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(LINE_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in line_rows(comparison):
        writer.writerow({k: ("" if row[k] is None else row[k]) for k in LINE_COLUMNS})
    return buf.getvalue()


SUMMARY_COLUMNS = ("Platform", "Infrastructure", "Operations*", "Total", "vs best", "Status")


def _summary_rows(comparison: Comparison) -> list[tuple[str, ...]]:
    ranked = comparison.ranked()
    best = ranked[0].monthly_tco if ranked else None
    rows = []
    for est in sorted(comparison.estimates, key=lambda e: (not e.feasible, e.monthly_tco)):
        if est.excluded:
            rows.append((est.label + f" ({est.platform})", money(est.monthly_cost), money(est.operations_cost),
                         money(est.monthly_tco), "excluded", "; ".join(est.excluded)))
        elif est.complete:
            delta = "best" if best is not None and est is ranked[0] else f"+{money(est.monthly_tco - best)}"
            rows.append((est.label + f" ({est.platform})", money(est.monthly_cost), money(est.operations_cost),
                         money(est.monthly_tco), delta, "ok"))
        else:
            parts = []
            if est.unsupported:
                parts.append(f"cannot run {', '.join(u.service for u in est.unsupported[:4])}"
                             + ("…" if len(est.unsupported) > 4 else ""))
            if est.missing_prices:
                parts.append("missing price data")
            rows.append((est.label + f" ({est.platform})", money(est.monthly_cost) + " (partial)",
                         money(est.operations_cost), "—", "not ranked", "; ".join(parts)))
    return rows


def _grouped_lines(est) -> list[tuple[str, str, str, str, str]]:
    """(service, line, quantity+unit, unit price, monthly) rows; summarised by line name when long."""
    if len(est.lines) <= DETAIL_LIMIT:
        return [(line.service or "—", line.name + (" *" if line.estimate else ""), f"{_qty(line.quantity)} {line.unit}",
                 f"${line.unit_price:g}", money(line.monthly_cost)) for line in est.lines]
    groups: dict[tuple[str, str, float], list] = {}
    for line in est.lines:
        groups.setdefault((line.name, line.unit, line.unit_price), []).append(line)
    rows = []
    for (name, unit, price), lines in groups.items():
        services = {ln.service for ln in lines if ln.service}
        rows.append((f"{len(services)} services" if services else "—", name, f"{_qty(sum(ln.quantity for ln in lines))} {unit}",
                     f"${price:g}", money(sum(ln.monthly_cost for ln in lines))))
    return rows


def to_markdown(comparison: Comparison) -> str:
    w = comparison.workload
    p = comparison.prices_used()
    out = [f"# {w.name}: monthly cost by platform", "",
           f"Region {comparison.region}, {w.monthly_hours:g} hours per month, prices in USD as of {p['as_of']}"
           f"{'–' + p['as_of_newest'] if p['as_of_newest'] and p['as_of_newest'] != p['as_of'] else ''}.", ""]
    rec = comparison.recommendation
    if rec.platform:
        out += [f"**Recommendation: {comparison.estimate(rec.platform).label} (`{rec.platform}`).**", ""]
    out += [f"- {f.text}" for f in rec.findings] + [""]
    out += ["| " + " | ".join(SUMMARY_COLUMNS) + " |", "|---|---:|---:|---:|---:|---|"]
    out += ["| " + " | ".join(row) + " |" for row in _summary_rows(comparison)]
    out += ["", "\\* Operations: engineer effort per month, priced from the workload's team/operations assumptions."]
    for est in comparison.estimates:
        out += ["", f"## {est.label} (`{est.platform}`)", "",
                "| Service | Line | Quantity | Unit price | Monthly |", "|---|---|---:|---:|---:|"]
        out += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in _grouped_lines(est)]
        out += [f"| **Total** | | | | **{money(est.monthly_cost)}** |"]
        for u in est.unsupported:
            out.append(f"\n- Cannot run **{u.service}**: {u.reason}")
        for m in est.missing_prices:
            out.append(f"\n- {m}")
        for n in est.notes:
            out.append(f"\n- {n}")
    if any(line.estimate for est in comparison.estimates for line in est.lines):
        out += ["", "\\* estimated unit price (e.g. Spot prices float); see the notes."]
    return "\n".join(out) + "\n"


def print_table(comparison: Comparison, console=None) -> None:
    """Readable terminal output: platform totals, the recommendation, then the lines of each platform."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    w = comparison.workload
    p = comparison.prices_used()
    console.print(f"[bold]{w.name}[/bold] — {comparison.region}, {w.monthly_hours:g} h/month, USD; "
                  f"prices as of {p['as_of']}" + (f" to {p['as_of_newest']}" if p["as_of_newest"] != p["as_of"] else ""))
    summary = Table(title="Monthly cost by platform (USD)", title_justify="left",
                    caption="* operations effort: engineer-hours x rate, assumptions from the workload file",
                    caption_justify="left")
    for col in SUMMARY_COLUMNS:
        summary.add_column(col, justify="left" if col in ("Platform", "Status") else "right")
    for row in _summary_rows(comparison):
        summary.add_row(*row)
    console.print(summary)
    rec = comparison.recommendation
    if rec.platform:
        console.print(f"[bold green]Recommendation:[/bold green] {comparison.estimate(rec.platform).label} ({rec.platform})")
    for f in rec.findings:
        console.print(f"  • {f.text}")
    for est in comparison.estimates:
        t = Table(title=f"{est.label} ({est.platform}) — {money(est.monthly_cost)}", title_justify="left")
        for col, just in (("Service", "left"), ("Line", "left"), ("Quantity", "right"), ("Unit price", "right"),
                          ("Monthly", "right")):
            t.add_column(col, justify=just)
        for row in _grouped_lines(est):
            t.add_row(*row)
        console.print(t)
        for u in est.unsupported:
            console.print(f"  [yellow]cannot run {u.service}:[/yellow] {u.reason}")
        for m in est.missing_prices:
            console.print(f"  [yellow]{m}[/yellow]")
        for op in est.operations:
            console.print(f"  [cyan]operations:[/cyan] {op.name}: {_qty(op.quantity)} {op.unit} x ${op.unit_price:g} = {money(op.monthly_cost)}")
        for n in est.notes:
            console.print(f"  [dim]note: {n}[/dim]")
    if any(line.estimate for est in comparison.estimates for line in est.lines):
        console.print("[dim]* estimated unit price (e.g. Spot prices float); see the notes.[/dim]")
