"""Renderers of a ``CostDiff`` (``advisor diff``): a pull-request comment in Markdown, JSON for CI, a terminal
table. Pure functions of the diff; money rounded only by ``advisor.render.format``.

The Markdown comment puts the short summary first (the headline change and the per-platform totals) and folds
the details (per service, how the inputs were read) into ``<details>`` blocks, as a pull-request comment should.
"""

from __future__ import annotations

from advisor.compare.diff import REASONS, Change, CostDiff
from advisor.render.format import dumps, markdown, markdown_code, money, terminal, terminal_console
from advisor.units import HOURS_PER_MONTH

#: Marker the CI recipe uses to find and update its own comment (docs/iac.md).
COMMENT_MARKER = "<!-- advisor-diff -->"


def signed(x: float | None) -> str:
    """'+$12.00', '-$3.50', '$0.00' (no change), '—' (not priced)."""
    if x is None:
        return "—"
    text = money(x)
    return text if text.startswith("-") or text == "$0.00" else "+" + text


#: How a platform's cell is marked on a side where it is not an eligible, fully priced choice (as compare's
#: summary marks it); a cell without a mark is a platform priced in full and allowed by the requirements.
STATUS_MARKS = {"excluded": "excluded", "no price data": "not priced", "incomplete": "cannot run every service",
                "missing price data": "missing price data", "as declared (partial)": "partial",
                "no services": "declares no service", "runs nothing": "runs nothing"}


def cell(amount: float | None, status: str | None = None) -> str:
    """A platform's amount on one side, marked when it is not an eligible choice there: '$636.28 (excluded)',
    '— (cannot run every service)'; a plain amount otherwise."""
    mark = STATUS_MARKS.get(status or "")
    return money(amount) + (f" ({mark})" if mark else "")


def recommendation_line(d: CostDiff) -> str | None:
    """One line when the recommended platform changed (None otherwise), e.g. "Recommendation changed: ECS on
    Fargate + Fargate Spot before, ECS on Fargate after (ECS on Fargate + Fargate Spot after: excluded by the
    workload's requirements)." It says why where a platform is not a choice on the other side (``REASONS``). Every
    renderer prints it, so a change of platform is never silent."""
    if not d.recommendation_changed:
        return None
    rows = {c.key: c for c in d.platforms}
    b, a = d.before.recommendation, d.after.recommendation
    text = (f"Recommendation changed: {rows[b].label if b in rows else b or 'none'} before, "
            f"{rows[a].label if a in rows else a or 'none'} after")
    why = [f"{rows[k].label} {side}: {REASONS[status]}" for k, side, status in
           ((b, "after", rows[b].after_status if b in rows else None),
            (a, "before", rows[a].before_status if a in rows else None)) if status in REASONS]
    if not why and b in rows and a in rows:
        why = _cheaper_now(d, rows[b].label, b, rows[a].label, a)
    return text + (f" ({'; '.join(why)})." if why else ".")


def region_line(d: CostDiff) -> str | None:
    """One line when BEFORE and AFTER are priced in different regions (None otherwise), e.g. "Regions differ:
    BEFORE is priced in us-east-1, AFTER in sa-east-1, so part of the change is the region's prices (give --region to
    price both in one)." Every renderer prints it beside the headline: in the notes alone, folded away in the
    pull-request comment, a change of region read as a change of the workload."""
    b, a = d.before.region, d.after.region
    if not b or not a or b == a:
        return None
    return (f"Regions differ: BEFORE is priced in {b}, AFTER in {a}, so part of the change is the region's prices "
            "(give --region to price both in one).")


def _cheaper_now(d: CostDiff, b_label: str, b: str, a_label: str, a: str) -> list[str]:
    """Why BEFORE's platform lost when it is still a choice AFTER: the figure the recommendation ranks by
    (``Comparison.ranked``: infrastructure plus operations effort, or infrastructure alone when the workload leaves
    operations out) of both platforms on each side, e.g. "ranked by infrastructure plus operations, ECS on Fargate +
    Fargate Spot against ECS on Fargate: $1,136.28 against $1,099.02 after; $836.28 against $1,099.02 before".
    Equal figures after are a tie, which goes to the platform listed first among those priced
    (``advisor.compare.recommend``): AFTER's, which the line names, since the sentence lists BEFORE's first."""
    figures = []
    for side in (d.after, d.before):
        comp = side.comparison
        try:
            eb, ea = comp.estimate(b), comp.estimate(a)
        except (AttributeError, KeyError):
            return []
        figures.append((eb.monthly_tco, ea.monthly_tco, bool(eb.operations or ea.operations)))
    (b_after, a_after, ops_after), (b_before, a_before, ops_before) = figures
    basis = {True: "ranked by infrastructure plus operations", False: "ranked by infrastructure alone"}
    order = [e.platform for e in d.after.comparison.estimates]
    first = b not in order or a not in order or order.index(a) < order.index(b)
    after = (f"{money(a_after)} each after, a tie, which goes to {a_label}"
             + (", listed first" if first else ", cheaper by less than a cent") if
             abs(b_after - a_after) < 0.005 else f"{money(b_after)} against {money(a_after)} after")
    before = f"{money(b_before)} against {money(a_before)} before"
    if ops_after == ops_before:
        return [f"{basis[ops_after]}, {b_label} against {a_label}: {after}; {before}"]
    return [f"{b_label} against {a_label}: {after}, {basis[ops_after]}; {before}, {basis[ops_before]}"]


def _pct(c: Change) -> str:
    p = c.percent
    return "" if p is None or c.change == 0 else f" ({p:+,.1f}%)"  # +499,899.1%: separators as money has


def _sentence(c: Change) -> str:
    if c.before is None and c.after is not None:
        return f"{money(c.after)} per month (new)"
    if c.after is None and c.before is not None:
        return f"{money(c.before)} per month before; not priced after"
    if c.change is None:  # priced on both sides, but not the same choice (excluded on one side)
        why = "; ".join(f"{STATUS_MARKS[s]} {side}" for s, side in ((c.before_status, "before"),
                                                                    (c.after_status, "after")) if s in STATUS_MARKS)
        return f"{money(c.before)} → {money(c.after)} per month, no change measured ({why or 'not comparable'})"
    if c.change == 0 and c.before_key is None:
        return f"{money(c.after)} per month, unchanged"
    return f"{money(c.before)} → {money(c.after)} per month, **{signed(c.change)}**{_pct(c)}"


def left_out_line(d: CostDiff) -> str | None:
    """One line naming the platforms with a total on neither side and why (None when there are none), e.g.
    "Left out (no total on either side): ECS on EC2, EKS on EC2 nodes (cannot run every service before and
    after)." Every renderer prints it, so no platform disappears without a word."""
    if not d.left_out:
        return None
    groups: dict[tuple[str | None, str | None], list[str]] = {}
    for x in d.left_out:
        groups.setdefault((x.before, x.after), []).append(x.label)

    def why(before: str | None, after: str | None) -> str:
        if before == after:
            return f"{before} before and after"
        return ", ".join(f"{r} {side}" for r, side in ((before, "before"), (after, "after")) if r is not None)

    return "Left out (no total on either side): " + "; ".join(
        f"{', '.join(labels)} ({why(*reasons)})" for reasons, labels in groups.items()) + "."


def _service_cell(c: Change, escape) -> str:
    """A per-service row's first cell: the service's name escaped for the medium, or the lines of no service in
    italics (Markdown ``*(shared)*``, terminal markup), so a service that is itself named "(shared)" is told apart."""
    if c.shared:
        return "*(shared)*" if escape is markdown else "[italic](shared)[/italic]"
    return escape(c.service)


#: What every diff output says of its figures: a platform's infrastructure (compare's Infrastructure column), never
#: its total with the operations assumptions, which compare adds to rank (compare's Total): examples/microservices.yaml's
#: ECS on Fargate is $899.02 in diff and $1,099.02 in compare's Total (2 engineer-hours at $100).
INFRASTRUCTURE_ONLY = "the operations effort compare adds to its Total is not included"


def to_markdown(d: CostDiff) -> str:
    """The pull-request comment: headline and platform totals first, details folded."""
    out = [COMMENT_MARKER, "### Monthly cost change (advisor)", ""]
    if d.headline is not None:
        what = d.headline.label if d.headline.key == "declared" else f"{d.headline.label} (recommended)"
        out.append(f"**{markdown(what)}**: {_sentence(d.headline)}")
    else:
        out.append("No total could be compared: see the details.")
    for line in (recommendation_line(d), region_line(d)):
        if line:
            out += ["", markdown(line)]
    out.append("")
    rows = ([d.declared] if d.declared is not None else []) + d.platforms
    if rows:
        out += ["| | Before | After | Change |", "|---|---:|---:|---:|"]
        for c in rows:
            label = "As declared" if c.key == "declared" else c.label
            out.append(f"| {markdown(label)} | {cell(c.before, c.before_status)} | {cell(c.after, c.after_status)} | "
                       f"{signed(c.change)}{_pct(c)} |")
        out.append("")
    if left_out_line(d):
        out += [markdown(left_out_line(d)), ""]
    changed = [c for c in d.services if c.change]
    out += ["<details><summary>Per service (" + (f"{len(changed)} changed" if changed else "no change") + ")</summary>",
            ""]
    if changed:
        out += ["| Service | Platform | Before | After | Change |", "|---|---|---:|---:|---:|"]
        for c in changed:
            out.append(f"| {_service_cell(c, markdown)} | {markdown(c.label)} | {money(c.before)} | {money(c.after)} | "
                       f"{signed(c.change)} |")
    else:
        out.append("No service's cost changed.")
    out += ["", "</details>", ""]
    notes = [("Before", d.before), ("After", d.after)]
    out += ["<details><summary>How the inputs were read</summary>", ""]
    for label, side in notes:
        out.append(f"**{label}**: {markdown_code(side.source)}" + (f", {side.region}" if side.region else ""))
        out += [f"- {markdown(n)}" for n in side.notes] + [""]
    out += ["</details>", "",
            f"USD per month ({HOURS_PER_MONTH:g} hours) of infrastructure ({INFRASTRUCTURE_ONLY}). Platforms are advisor's "
            "optimised estimates; 'As declared' prices what the input declares runs today, with the same rates."]
    return "\n".join(out) + "\n"


def to_json(d: CostDiff) -> str:
    """The diff as JSON (``CostDiff.to_dict``), never NaN or Infinity."""
    return dumps(d.to_dict())  # the one JSON writer: no NaN/Infinity, non-printable characters escaped


def print_table(d: CostDiff, console=None) -> None:
    """Terminal output: the headline, the per-platform table, then the services that changed."""
    from rich.table import Table

    console = console or terminal_console()
    console.print(f"[bold]{terminal(d.before.source)}[/bold] → [bold]{terminal(d.after.source)}[/bold], USD per month "
                  f"of infrastructure ({INFRASTRUCTURE_ONLY})")
    if d.headline is not None:
        what = d.headline.label if d.headline.key == "declared" else f"{d.headline.label} (recommended)"
        console.print(f"{terminal(what)}: {terminal(_sentence(d.headline).replace('**', ''))}")
    for line in (recommendation_line(d), region_line(d)):
        if line:
            console.print(f"[yellow]{terminal(line)}[/yellow]")
    t = Table(title="Monthly infrastructure cost by platform", title_justify="left")
    for col in ("", "Before", "After", "Change"):
        t.add_column(col, justify="left" if not col else "right")
    for c in ([d.declared] if d.declared is not None else []) + d.platforms:
        t.add_row(terminal("As declared" if c.key == "declared" else c.label), cell(c.before, c.before_status),
                  cell(c.after, c.after_status), signed(c.change) + _pct(c))
    console.print(t)
    if left_out_line(d):
        console.print(f"[yellow]{terminal(left_out_line(d))}[/yellow]")
    changed = [c for c in d.services if c.change]
    if changed:
        s = Table(title="Services whose cost changed", title_justify="left")
        for col in ("Service", "Platform", "Before", "After", "Change"):
            s.add_column(col, justify="left" if col in ("Service", "Platform") else "right")
        for c in changed:
            s.add_row(_service_cell(c, terminal), terminal(c.label), money(c.before), money(c.after), signed(c.change))
        console.print(s)
    for label, side in (("before", d.before), ("after", d.after)):
        for n in side.notes:
            console.print(f"  [yellow]{label}:[/yellow] {terminal(n)}")
