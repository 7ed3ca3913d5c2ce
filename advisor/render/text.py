"""Text renderers of a Comparison: the terminal table and Markdown. Pure functions of the result.

Both show the same summary rows (``summary_rows``): money rounded once (``advisor.render.format``), a total
that is the sum of its displayed parts, and no total for a platform that cannot run every service.
"""

from __future__ import annotations

from advisor.compare.comparison import Comparison
from advisor.costing.lines import ESTIMATE_FOOTNOTE, Estimate
from advisor.platforms import tie_order
from advisor.render.format import (
    OPERATIONS_LEFT_OUT,
    ROUNDING_NOTE,
    apportioned_cents,
    markdown,
    money,
    plain,
    qty,
    terminal_console,
    total,
    unit_price,
    unsupported_groups,
)

SUMMARY_COLUMNS = ("Platform", "Infrastructure", "Operations*", "Total", "vs best", "Status")
#: Above this many lines, a platform's line table is summarised by line name instead of listing each.
DETAIL_LIMIT = 60


def _status(est: Estimate) -> str:
    """Short status for the summary table (``Estimate.status_text``, the words every output uses); the reasons are
    in the findings and each platform's section."""
    return est.status_text


def _ordered(comparison: Comparison) -> list[Estimate]:
    """Ranked platforms first (cheapest first), then the others in platform order."""
    return sorted(comparison.estimates, key=lambda e: (not e.feasible, e.monthly_tco if e.complete else 0.0,
                                                       tie_order(e.platform)))


def summary_rows(comparison: Comparison) -> list[tuple[str, ...]]:
    """(platform, infrastructure, operations, total, vs best, status) per platform, ranked first, as displayed."""
    ranked = comparison.ranked()
    best = total(ranked[0].monthly_cost, ranked[0].operations_cost) if ranked else None
    rows = []
    for est in _ordered(comparison):
        name = f"{est.label} ({est.platform})"
        if not est.complete:
            rows.append((name, "—", money(est.operations_cost), "—", "—", _status(est)))
            continue
        shown = total(est.monthly_cost, est.operations_cost)
        if est.excluded:
            vs = "—"
        elif ranked and est is ranked[0]:
            vs = "best"
        else:
            vs = "+" + money(shown - best) if best is not None else ""
        rows.append((name, money(est.monthly_cost), money(est.operations_cost), money(shown), vs, _status(est)))
    return rows


def declared_row(comparison: Comparison) -> tuple[str, ...] | None:
    """The summary row of the estate as declared (``Comparison.declared``), or None: its infrastructure, then "—"
    for operations and total (no operations assumption is made for it, so it has no total: ``Declared``), and its
    infrastructure's difference from the recommended platform's."""
    d = comparison.declared
    if d is None:
        return None
    if not d.complete:
        return (d.label, "—", "—", "—", "not priced in full", f"{d.status}: see its lines")
    rec = comparison.recommendation.platform
    vs = ""
    if rec:
        diff = money(total(d.monthly_cost) - total(comparison.estimate(rec).monthly_cost))  # of the shown totals
        vs = ("same infra as recommended" if diff in ("$0.00", "-$0.00") else
              (diff if diff.startswith("-") else "+" + diff) + " infra vs recommended")
    return (d.label, money(d.monthly_cost), "—", "—", vs, d.status)


def grouped_lines(est: Estimate) -> list[tuple[str, str, str, str, str]]:
    """(service, line, quantity and unit, unit price, monthly) rows; summarised by line name when long."""
    if len(est.lines) <= DETAIL_LIMIT:
        shown = apportioned_cents([line.monthly_cost for line in est.lines], est.monthly_cost)
        return [(line.service or "—", line.name + (" *" if line.estimate else ""), f"{qty(line.quantity)} {line.unit}",
                 unit_price(line.unit_price), money(amount)) for line, amount in zip(est.lines, shown)]
    groups: dict[tuple[str, str, float], list] = {}
    for line in est.lines:
        groups.setdefault((line.name, line.unit, line.unit_price), []).append(line)
    shown = apportioned_cents([sum(ln.monthly_cost for ln in lines) for lines in groups.values()], est.monthly_cost)
    rows = []
    for ((name, unit, price), lines), amount in zip(groups.items(), shown):
        services = {ln.service for ln in lines if ln.service}
        rows.append((f"{len(services)} services" if services else "—", name + (" *" if lines[0].estimate else ""),
                     f"{qty(sum(ln.quantity for ln in lines))} {unit}", unit_price(price), money(amount)))
    return rows


def _price_dates(comparison: Comparison) -> str:
    p = comparison.prices_used()
    if not p["as_of"]:
        return "no prices used"
    return f"prices confirmed {p['as_of']}" + (f" to {p['as_of_newest']}" if p["as_of_newest"] != p["as_of"] else "")


def _subtotal(est: Estimate) -> str:
    if est.status == "no price data":
        return est.status_text
    if not est.complete and not est.lines:  # nothing priced (e.g. no service it can run): no "partial: $0.00"
        return _status(est)
    return money(est.monthly_cost) if est.complete else f"partial: {money(est.monthly_cost)} priced, not a total"


#: The heading of ``Comparison.assumptions`` in the table and Markdown (``advisor.compare.assumptions``).
ASSUMPTIONS_HEAD = ("Defaults that can tilt the ranking (each a default unless set in the workload; change it there; "
                    "\"advisor's assumption\": no AWS figure or survey gives it):")


def to_markdown(comparison: Comparison) -> str:
    """The comparison as GitHub-flavoured Markdown (summary, findings, every platform's lines and notes)."""
    w = comparison.workload
    out = [f"# {markdown(w.name)}: monthly cost by platform", "",
           f"Region {comparison.region}, {w.monthly_hours:g} hours per month, USD, {_price_dates(comparison)}.", ""]
    rec = comparison.recommendation
    if rec.platform:
        out += [f"**Recommendation: {comparison.estimate(rec.platform).label} (`{rec.platform}`).**", ""]
    out += [f"- {markdown(f.text)}" for f in rec.findings] + [""]
    if comparison.notes:
        out += ["How the input was read:", ""] + [f"- {markdown(n)}" for n in comparison.notes] + [""]
    if comparison.assumptions:
        out += [ASSUMPTIONS_HEAD, ""] + [f"- {markdown(a.text)}" for a in comparison.assumptions] + [""]
    out += ["| " + " | ".join(SUMMARY_COLUMNS) + " |", "|---|---:|---:|---:|---:|---|"]
    out += ["| " + " | ".join(markdown(c) for c in row) + " |" for row in summary_rows(comparison)]
    if (drow := declared_row(comparison)) is not None:
        out += ["| " + " | ".join(markdown(c) for c in drow) + " |"]
    out += ["", "\\* Operations: engineer effort per month, priced from the workload's team/operations assumptions."
            + (f" {OPERATIONS_LEFT_OUT}." if not w.operations.include else "")
            + (" None is assumed for the estate as declared, so it has infrastructure but no total."
               if comparison.declared is not None else "")]
    if comparison.declared is not None:
        d = comparison.declared
        est = d.estimate
        out += ["", f"## {markdown(d.label)}", "",
                "What the input declares runs today, priced with the same rates.", "",
                "| Service | Line | Quantity | Unit price | Monthly |", "|---|---|---:|---:|---:|"]
        out += ["| " + " | ".join(markdown(c) for c in row) + " |" for row in grouped_lines(est)]
        out += [f"| **{'Total' if est.complete else 'Priced part'}** | | | | **{_subtotal(est)}** |"]
        for u in unsupported_groups(est):
            out.append(f"\n- Not priced as declared: **{markdown(u['service'])}**: {markdown(u['reason'])}")
        for m in est.missing_prices:
            out.append(f"\n- {markdown(m)}")
        for n in est.notes:
            out.append(f"\n- {markdown(n)}")
    for est in comparison.estimates:
        out += ["", f"## {est.label} (`{est.platform}`)", "",
                "| Service | Line | Quantity | Unit price | Monthly |", "|---|---|---:|---:|---:|"]
        out += ["| " + " | ".join(markdown(c) for c in row) + " |" for row in grouped_lines(est)]
        out += [f"| **{'Total' if est.complete else 'Priced part'}** | | | | **{_subtotal(est)}** |"]
        for u in unsupported_groups(est):
            out.append(f"\n- Cannot run **{markdown(u['service'])}**: {markdown(u['reason'])}")
        for m in est.missing_prices:
            out.append(f"\n- {markdown(m)}")
        for op in est.operations:
            # the line's name already says "Operations: ..."
            out.append(f"\n- {markdown(op.name)}: {qty(op.quantity)} {op.unit} x {unit_price(op.unit_price)}"
                       f" = {money(op.monthly_cost)}")
        for n in est.notes:
            out.append(f"\n- {markdown(n)}")
    if any(line.estimate for est in comparison.estimates for line in est.lines):
        out += ["", "\\* " + ESTIMATE_FOOTNOTE]
    out += ["", ROUNDING_NOTE]
    return "\n".join(out) + "\n"


#: The columns of a platform's line table, and how each is justified.
LINE_COLUMNS = (("Service", "left"), ("Line", "left"), ("Quantity", "right"), ("Unit price", "right"),
                ("Monthly", "right"))


#: Columns by which the wrapped lines of a finding, assumption or note are indented under its first line.
HANGING_INDENT = 4


class _Hanging:
    """A ``rich.text.Text`` wrapped to the terminal with its second and later lines indented by ``indent`` (no
    trailing spaces)."""

    def __init__(self, text, indent: int):
        self.text, self.indent = text, indent

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        width = max(options.max_width - self.indent, 20)
        for i, line in enumerate(self.text.wrap(console, width)):
            if i:
                yield Segment(" " * self.indent)
            line.rstrip()  # the space wrapping broke the line at
            yield from line.render(console, end="")
            yield Segment.line()


def hanging(label, body: str, style: str = ""):
    """``label`` (a ``rich.text.Text``) then ``body`` (a ``plain`` string, in ``style``), wrapped to the terminal
    with a hanging indent (``HANGING_INDENT``): on a narrow terminal each finding, assumption or note starts visibly
    at its label instead of its wrapped lines running on from the left edge into the next. A Rich renderable."""
    from rich.text import Text

    return _Hanging(Text.assemble(label, " ", Text(body, style=style)), HANGING_INDENT)


def sized_table(console, columns, rows, **table_args):
    """A Rich table of one-line cells, each column given up front the width Rich would measure for it on ``console``:
    the same output byte for byte, rendered about a fifth faster (``print_table``'s tables).

    ``columns``: (header, justify, {more ``add_column`` arguments}) triples; ``rows``: (cells, row style) pairs, the
    cells ``plain`` strings; ``table_args``: titles and captions only (the table keeps Rich's default box, padding
    and sizing). Rich sizes a column of such a table from its widest cell alone, so it sizes a one-row copy holding
    each column's widest cell as it sizes the table. Given those widths it does not measure every cell again (twice
    when the table is narrowed to the console), and a column whose cells all fit is not word-wrapped, which would
    leave them as they are. Should Rich no longer size tables with ``_calculate_column_widths``, it measures every
    cell, as before. tests/test_render_text.py compares the output with Rich's own measuring at many widths."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    def table(rows):
        t = Table(**table_args)
        for header, justify, more in columns:
            t.add_column(Text(header), justify=justify, **more)
        for cells, style in rows:
            t.add_row(*(Text(c) for c in cells), style=style)
        return t

    full = table(rows)
    by_column = list(zip(*(cells for cells, _ in rows))) or [()] * len(columns)
    widest = tuple(max(cells, key=cell_len, default="") for cells in by_column)
    measure = getattr(table([(widest, None)]), "_calculate_column_widths", None)
    if measure is None:
        return full
    borders = len(columns) + 1
    widths = measure(console, console.options.update_width(console.width - borders))
    padding = 2  # a space either side of a cell
    if min(widths) < padding or sum(widths) + borders > console.width:
        return full  # a table too narrow to be one: Rich's own way
    for column, (header, _, more), cells, w in zip(full.columns, columns, by_column, widths):
        column.width = w - padding
        column.no_wrap = more.get("no_wrap", False) or max(map(cell_len, (header, *cells))) <= w - padding
    return full


def print_table(comparison: Comparison, console=None) -> None:
    """Readable terminal output: platform totals, the recommendation, then the lines of each platform.

    User text reaches Rich only as ``rich.text.Text`` built from ``plain`` strings, never as markup: a name such
    as ``x[/bold]`` or ``:warning:`` is shown as written, and control characters never reach the terminal."""
    from rich.console import Console
    from rich.text import Text

    def lines_table(title, est):
        if not est.lines:  # nothing priced: the heading alone, as wide as the terminal (an empty table's box would
            # wrap it at the box's 52 columns, "... (ecs-managed-instances) — not" / "priced: no price data")
            return Text(title.plain, style="table.title")
        return sized_table(console, [(col, just, {}) for col, just in LINE_COLUMNS],
                           [(tuple(plain(c) for c in row), None) for row in grouped_lines(est)],
                           title=title, title_justify="left")

    console = console or terminal_console()
    w = comparison.workload
    console.print(Text.assemble((plain(w.name), "bold"), f" — {comparison.region}, {w.monthly_hours:g} h/month, USD; "
                                f"{_price_dates(comparison)}"))
    shown = []
    for est, row in zip(_ordered(comparison), summary_rows(comparison)):
        # the id (what --platform takes); status folded into "vs best" so the table fits 80 columns
        vs = row[4] if row[5] == "ok" else row[5].split(":")[0]
        shown.append(((est.platform, *row[1:4], vs), None))
    if (drow := declared_row(comparison)) is not None:
        # as declared today: infrastructure only; "vs best" holds the short difference to the recommendation
        vs = drow[4].replace(" infra vs recommended", " vs rec.").replace("same infra as recommended", "same")
        shown.append((("as declared", drow[1], drow[2], drow[3], vs if drow[1] != "—" else "partial"), "bold"))
    shown = [(tuple(plain(c) for c in row), style) for row, style in shown]
    headers = ("Platform", "Infra", "Ops*", "Total", "vs best")
    widths = [max([len(r[i]) for r, _ in shown] + [len(col)]) for i, col in enumerate(headers)]
    # never cut an id or an amount short: on a terminal narrower than the table, print it whole (the terminal wraps
    # the lines) rather than let the table squeeze a cell to "+$9" for +$9,302.57
    needed = sum(widths) + 3 * len(widths) + 1
    out = console
    if needed > console.width:
        out = Console(file=console.file, width=needed, force_terminal=console.is_terminal,
                      color_system=console.color_system, no_color=console.no_color, highlight=False)
    out.print(sized_table(
        out, [(col, "left" if i == 0 else "right", {"no_wrap": True, "min_width": widths[i]})
              for i, col in enumerate(headers)], shown,
        title=Text("Monthly cost by platform (USD)", style="table.title"), title_justify="left",
        caption=Text("Infra: infrastructure. * Ops: operations effort, engineer-hours x rate (assumptions)"
                     + (f"; {OPERATIONS_LEFT_OUT}" if not w.operations.include else "")
                     + ("; none for the estate as declared, so no total" if comparison.declared is not None else ""),
                     style="table.caption"), caption_justify="left"))
    rec = comparison.recommendation
    if rec.platform:
        console.print(Text.assemble(("Recommendation:", "bold green"),
                                    f" {comparison.estimate(rec.platform).label} ({rec.platform})"))
    for f in rec.findings:
        console.print(hanging(Text("  •"), plain(f.text)))
    for n in comparison.notes:
        console.print(hanging(Text.assemble("  ", ("input:", "yellow")), plain(n)))
    if comparison.assumptions:
        console.print(_Hanging(Text(ASSUMPTIONS_HEAD, style="bold"), 0))
        for a in comparison.assumptions:
            console.print(hanging(Text.assemble("  ", ("assumed:", "magenta")), plain(a.text)))
    for est in comparison.estimates:
        console.print(lines_table(Text(f"{est.label} ({est.platform}) — {_subtotal(est)}"), est))
        for u in unsupported_groups(est):
            console.print(hanging(Text.assemble("  ", (f"cannot run {plain(u['service'])}:", "yellow")),
                                  plain(u["reason"])))
        for m in est.missing_prices:
            console.print(_Hanging(Text.assemble("  ", (plain(m), "yellow")), HANGING_INDENT))
        for op in est.operations:
            console.print(_Hanging(Text.assemble("  ", (plain(op.name), "cyan"), f": {qty(op.quantity)} "
                                                 f"{op.unit} x {unit_price(op.unit_price)} = {money(op.monthly_cost)}"),
                                   HANGING_INDENT))
        for n in est.notes:
            console.print(hanging(Text("  note:", style="dim"), plain(n), style="dim"))
    if comparison.declared is not None:
        d = comparison.declared
        est = d.estimate
        console.print(lines_table(Text(f"{plain(d.label)} — {_subtotal(est)}"), est))
        for u in unsupported_groups(est):
            console.print(hanging(Text.assemble("  ", (f"not priced as declared: {plain(u['service'])}:", "yellow")),
                                  plain(u["reason"])))
        for m in est.missing_prices:
            console.print(_Hanging(Text.assemble("  ", (plain(m), "yellow")), HANGING_INDENT))
        for n in est.notes:
            console.print(hanging(Text("  note:", style="dim"), plain(n), style="dim"))
    if any(line.estimate for est in comparison.estimates for line in est.lines):
        console.print(Text("* " + ESTIMATE_FOOTNOTE, style="dim"))
    console.print(Text(ROUNDING_NOTE, style="dim"))
