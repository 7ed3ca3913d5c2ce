"""The HTML architecture-review report: one self-contained file rendered from a ``Comparison``.

Everything shown is read from the Comparison (its estimates, recommendation and scaling sweep; the price
inventory adds context): the report never prices anything again, so it cannot disagree with ``compare``. This
module only groups and formats (``advisor.render.format``). Templates are autoescaped, and every value they show
(attributes, charts and JSON included) first loses its control, bidi and invisible characters (``html_text``, as
``plain`` does for the other renderers); charts are inline SVG, and nothing is loaded from the network. The
output is deterministic: the only dates in it are price dates.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from advisor import __version__
from advisor.compare.comparison import Comparison
from advisor.compare.recommend import handover_findings, limit_findings
from advisor.compare.sweep import TIE_USD
from advisor.costing.lines import CATEGORIES
from advisor.platforms import EC2_PLATFORMS, MANAGED_INSTANCE_PLATFORMS, PLATFORM_LABELS, tie_order
from advisor.pricing.book import PriceBook
from advisor.render.checklist import alarms, review, waste_share
from advisor.render.format import (
    OPERATIONS_LEFT_OUT,
    ROUNDING_NOTE,
    apportioned_cents,
    dumps,
    money,
    pct,
    plain,
    qty,
    total,
    unit_price,
    unsupported_groups,
)

#: Marker the report writes into <head>; the CLI only overwrites files that carry it there (``is_report_file``).
GENERATOR = "advisor-report"
#: How every report advisor writes begins (the head of ``templates/report.html.j2``): an optional byte-order mark
#: and whitespace, ``<!DOCTYPE html>``, ``<html …>``, ``<head>``, then only ``<meta>`` tags up to the generator tag.
#: ``<html>`` and ``<head>`` may be left out, as HTML allows (the ``<meta>`` is then in the implied head); any other
#: text, tag or comment before the generator tag (a Markdown or YAML file that merely quotes it) does not match.
_REPORT_HEAD = re.compile(
    r'\A\ufeff?[ \t\r\n\f]*<!DOCTYPE html>[ \t\r\n\f]*(?:<html(?:[ \t\r\n\f][^<>]*)?>[ \t\r\n\f]*)?'
    r'(?:<head>[ \t\r\n\f]*)?(?:<meta[ \t\r\n\f][^<>]*>[ \t\r\n\f]*)*?'
    rf'<meta name="generator" content="{re.escape(GENERATOR)}(?: [^"<>]*)?">')
#: How much of an existing file ``is_report_file`` reads (the generator tag is in the first ~150 bytes).
_HEAD_BYTES = 4096
#: Above this many lines, a platform's line table is summarised by line name.
DETAIL_LIMIT = 60
CATEGORY_LABELS = {
    "compute": "Compute", "spot": "Spot", "os_license": "OS licence", "storage": "Storage",
    "control_plane": "Control plane", "surge": "Deployment surge", "load_balancing": "Load balancing",
    "nat_gateway": "NAT gateway", "logs_monitoring": "Logs and monitoring", "public_ipv4": "Public IPv4",
    "service_discovery": "Service discovery", "commitment": "Commitments", "operations": "Operations", "other": "Other",
}


# ------------------------------------------------------------------------------------------ formatting


def num(x: float | None) -> str:
    """Exact machine-readable value for data attributes (round-trips to the same float)."""
    return "" if x is None else repr(float(x))


def file_sha256(path: str | Path) -> str:
    """SHA-256 (hex) of the file at ``path``."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def html_text(value: object) -> object:
    """``value`` safe to place in the report, as the other renderers show text (``advisor.render.format.plain``),
    line by line: C0/C1 control characters (ESC, BEL, CSI ...), bidi overrides and isolates, zero-width and other
    invisible format characters, lone surrogates and other non-printable characters are removed; carriage
    returns, tabs and the other line breaks (VT, FF, NEL, U+2028/U+2029) become a space. Only ``\\n`` (and CR LF,
    as ``\\n``) is kept: harmless in HTML, and the line structure of ``<pre>`` blocks. Every ``{{ … }}`` of the
    template passes through this (the Jinja ``finalize`` hook, before autoescaping); ``Markup`` (the inline SVG
    charts) stays ``Markup``. Anything that is not text (numbers, None) is returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.isprintable():
        return value
    clean = "\n".join(plain(line) for line in value.replace("\r\n", "\n").split("\n"))
    return Markup(clean) if isinstance(value, Markup) else clean


def _env() -> Environment:
    env = Environment(loader=PackageLoader("advisor.render", "templates"),
                      autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=html_text)
    env.filters.update(money=money, qty=qty, unit_price=unit_price, pct=pct, num=num)
    return env


# ------------------------------------------------------------------------------------------ sections


def _summary(c: Comparison) -> dict:
    ranked = c.ranked()
    cheapest = total(ranked[0].monthly_cost, ranked[0].operations_cost) if ranked else None
    rows = []
    for est in sorted(c.estimates, key=lambda e: (not e.feasible, e.monthly_tco if e.complete else 0.0,
                                                  tie_order(e.platform))):
        shown = total(est.monthly_cost, est.operations_cost) if est.complete else None
        rows.append({"platform": est.platform, "label": est.label,
                     "monthly_cost": est.monthly_cost if est.complete else None,
                     "operations_cost": est.operations_cost, "monthly_tco": shown,
                     "complete": est.complete, "feasible": est.feasible, "status": est.status,
                     "status_text": est.status_text,
                     "vs_cheapest": (shown - cheapest) if est.feasible and cheapest is not None else None,
                     "recommended": est.platform == c.recommendation.platform,
                     "has_estimates": any(line.estimate for line in est.lines)})
    findings = {f.kind: f for f in c.recommendation.findings}
    saving = findings.get("saving_vs_runner_up")
    rec = c.recommendation
    best = c.estimate(rec.platform) if rec.platform else None
    shown_saving = None
    if saving and best is not None:
        # as the table's "vs cheapest" and compare's finding: the difference of the displayed (rounded) totals
        runner = c.estimate(saving.data["runner_up"])
        shown_saving = (total(runner.monthly_cost, runner.operations_cost)
                        - total(best.monthly_cost, best.operations_cost))
    return {
        "platform": rec.platform,
        "label": best.label if best else None,
        "monthly_cost": best.monthly_cost if best else None,
        "operations_cost": best.operations_cost if best else None,
        "monthly_tco": total(best.monthly_cost, best.operations_cost) if best else None,
        "reasons": [f.text for f in rec.findings],
        "rows": rows,
        "saving": saving.data if saving else None,
        "shown_saving": shown_saving,
        "runner_up_label": PLATFORM_LABELS.get(saving.data["runner_up"], saving.data["runner_up"]) if saving else None,
    }


def _line_table(est) -> dict:
    lines = est.lines
    if len(lines) <= DETAIL_LIMIT:
        rows = [{"service": ln.service, "name": ln.name, "category": ln.category, "quantity": ln.quantity,
                 "unit": ln.unit, "unit_price": ln.unit_price, "monthly_cost": ln.monthly_cost,
                 "estimate": ln.estimate, "count": 1} for ln in lines]
        return {"rows": _shown(rows, est.monthly_cost), "grouped": False}
    groups: dict[tuple, dict] = {}
    for ln in lines:
        g = groups.setdefault((ln.name, ln.unit, ln.unit_price), {
            "service": None, "services": set(), "name": ln.name, "category": ln.category, "quantity": 0.0,
            "unit": ln.unit, "unit_price": ln.unit_price, "monthly_cost": 0.0, "estimate": ln.estimate, "count": 0})
        g["quantity"] += ln.quantity
        g["monthly_cost"] += ln.monthly_cost
        g["count"] += 1
        if ln.service:
            g["services"].add(ln.service)
    rows = []
    for g in groups.values():
        n = len(g.pop("services"))
        g["service"] = f"{n} services" if n > 1 else None
        rows.append(g)
    return {"rows": _shown(rows, est.monthly_cost), "grouped": True}


def _shown(rows: list[dict], total_usd: float) -> list[dict]:
    """``rows`` with ``shown_cost``: the amount the table shows, rounded so the shown lines add up to the shown total
    (``apportioned_cents``); ``monthly_cost`` stays exact for the data attributes."""
    for row, amount in zip(rows, apportioned_cents([r["monthly_cost"] for r in rows], total_usd)):
        row["shown_cost"] = amount
    return rows


def _costs(c: Comparison) -> dict:
    present = {line.category for est in c.estimates for line in est.lines}
    if any(est.operations for est in c.estimates):
        present.add("operations")
    used = [cat for cat in CATEGORIES if cat in present] + sorted(present - set(CATEGORIES))
    platforms = []
    for est in c.estimates:
        by_cat = est.cost_by_category()
        if est.operations:
            by_cat = dict(by_cat, operations=by_cat.get("operations", 0.0) + est.operations_cost)
        platforms.append({"platform": est.platform, "label": est.label, "monthly_cost": est.monthly_cost,
                          "complete": est.complete, "status": est.status, "status_text": est.status_text,
                          "by_category": by_cat,
                          "table": _line_table(est),
                          "n_lines": len(est.lines), "unsupported": unsupported_groups(est),
                          "missing_prices": est.missing_prices})
    return {"categories": used, "platforms": platforms}


def _strategies(c: Comparison) -> dict:
    try:
        est = c.estimate("ecs-fargate-spot")
    except KeyError:
        return {"available": False, "reason": "the ECS on Fargate + Fargate Spot estimate is not part of this comparison"}
    if not est.strategies:
        return {"available": False, "reason": "the Fargate Spot estimate priced no service"}
    items = [{"service": s.service, "tasks": s.tasks, "min_healthy_tasks": s.min_healthy_tasks,
              "max_tasks": s.max_tasks, "declared": s.declared, "reasons": s.reasons,
              "json": dumps({"capacityProviderStrategy": s.strategy})}
             for s in est.strategies]
    return {"available": True, "items": items, "reason": ""}


def _services(c: Comparison) -> dict:
    rows = []
    for e in c.services():
        row = dict(e)
        row["ecs_share"] = waste_share(e.get("fargate_size"), e.get("fargate_waste"))
        row["eks_share"] = waste_share(e.get("eks_fargate_size"), e.get("eks_fargate_waste"))
        rows.append(row)
    return {"rows": rows, "strategies": _strategies(c)}


def _fleets(c: Comparison) -> list[dict]:
    out = []
    for platform in EC2_PLATFORMS:
        label = PLATFORM_LABELS.get(platform, platform)
        try:
            est = c.estimate(platform)
        except KeyError:
            out.append({"platform": platform, "label": label, "available": False,
                        "reason": "this platform is not part of the comparison"})
            continue
        if est.fleet is None or not est.fleet.nodes:
            out.append({"platform": platform, "label": label, "available": False,
                        "reason": "the estimate has no fleet (" + (_why_no_fleet(est) or "nothing to place") + ")"})
            continue
        f = est.fleet
        out.append({
            "platform": platform, "label": label, "available": True, "fleet": f.nodes,
            "utilisation": _utilisation_rows(f.utilisation, platform), "lower_bound": f.lower_bound_monthly,
            "compute_cost": f.instance_monthly,
            # the packer's basis, which the lower bound and the gap share: ECS/EKS on EC2 minimise the instance price;
            # the managed platforms what a node costs (instance, management fee and its volume: FleetPlan.volumes)
            "cost_label": ("Instances, management fees and node volumes" if platform in MANAGED_INSTANCE_PLATFORMS
                           else "Instance cost (compute and Spot lines)"),
            "above_bound": f.gap, "limiting": f.limiting,
        })
    return out


#: The fleet's utilisation keys (``FleetSummary.utilisation``: demand / allocatable) and purchase options as a reader
#: says them; the report showed the machine keys ("Utilisation: memory_mib", "slots", "on_demand").
_UTILISATION_LABELS = {"cpu": "CPU", "memory_mib": "memory"}
_PURCHASE_LABELS = {"on_demand": "On-Demand", "spot": "Spot", "savings_plan": "Savings Plan",
                    "reserved_instance": "Reserved Instance"}


def _utilisation_rows(utilisation: dict, platform: str) -> list[tuple[str, object]]:
    """``[(label, share of allocatable)]`` in the order CPU, memory, slots: an ECS platform's slots are its tasks per
    instance (awsvpc ENIs, or the ENI-trunking limit), an EKS platform's its pods per node (max pods)."""
    slots = "task slots (tasks per instance)" if platform.startswith("ecs") else "pod slots (max pods per node)"
    order = ["cpu", "memory_mib", "slots"]
    keys = sorted(utilisation, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [(_UTILISATION_LABELS.get(k, slots if k == "slots" else k), utilisation[k]) for k in keys]


def _why_no_fleet(est) -> str:
    return "; ".join([u.reason for u in est.unsupported][:1] + list(est.missing_prices)[:1])


def _scaling(c: Comparison) -> dict:
    curve = c.scaling
    if curve is None:
        return {"available": False, "reason": "the comparison was made without the scaling sweep", "chart": None}
    order = [e.platform for e in c.estimates if e.feasible]
    if not order:
        return {"available": False, "reason": "no platform can run every service", "chart": None}
    value = curve.value
    costs = {(p.platform, p.factor): getattr(p, value) for p in curve.points if p.feasible}
    # what the table and the crossover list show: infrastructure + operations as the sum of the rounded parts
    # (``total``), so 1x shows the summary table's totals to the cent; the chart and the ranking use exact values
    shown = {(p.platform, p.factor): total(p.monthly_cost, p.operations_cost) if value == "monthly_tco"
             else total(p.monthly_cost) for p in curve.points if p.feasible}
    table = []
    for f in curve.factors:
        row = [shown.get((p, f)) for p in order]
        present = {p: costs[(p, f)] for p in order if (p, f) in costs}
        low = min(present.values(), default=None)
        # bold: the cheapest and every platform within the crossover rule's tie tolerance of it (a tie has no
        # single cheapest: the text's "X stays the cheapest" may name either)
        table.append({"factor": f, "costs": row,
                      "cheapest": [p for p, v in present.items() if v <= low + TIE_USD] if present else []})
    crossings = [dict(x.to_dict(), before_label=PLATFORM_LABELS.get(x.from_platform, x.from_platform),
                      after_label=PLATFORM_LABELS.get(x.to_platform, x.to_platform),
                      shown_low=shown.get((x.from_platform, x.factor_low), x.cost_low),
                      shown_high=shown.get((x.to_platform, x.factor_high), x.cost_high)) for x in curve.crossovers]
    from advisor.render.charts import scaling_chart  # matplotlib: only the report draws charts

    series = [{"label": PLATFORM_LABELS.get(p, p), "factors": [f for f in curve.factors if (p, f) in costs],
               "costs": [costs[(p, f)] for f in curve.factors if (p, f) in costs]} for p in order]
    # the cheapest reaching a limit (not a cost crossover): compare's finding text, at the limit's precise factor
    handovers = [dict(h.to_dict(), text=f.text) for h, f in zip(curve.handovers, handover_findings(curve))]
    marks = [{"factor": x["factor_high"], "monthly_cost": x["cost_high"],
              "text": f"{x['factor_high']:g}×: {x['after_label']}"} for x in crossings]
    marks += [{"factor": h.factor_high, "monthly_cost": h.cost_high,
               "text": f"{h.factor_high:g}×: {PLATFORM_LABELS.get(h.to_platform, h.to_platform)}"}
              for h in curve.handovers]
    chart = scaling_chart(series, sorted(marks, key=lambda m: m["factor"]), ticks=list(curve.factors))
    # the range some platform can run: beyond a limit (advisor.compare.sweep.scale_limits) nothing is priced
    ran = [f for f in curve.factors if any((p, f) in costs for p in order)] or list(curve.factors)
    return {"available": True, "chart": chart, "crossings": crossings, "handovers": handovers, "platforms": order,
            "labels": [PLATFORM_LABELS.get(p, p) for p in order], "table": table, "low": curve.factors[0],
            "high": curve.factors[-1], "ran_low": ran[0], "ran_high": ran[-1], "limits": [f.text for f in limit_findings(curve)],
            # a fleet above its NodePool's spec.limits from some factor: priced, noted as advisor sweep notes it
            "pool_limits": [n.sentence() for n in curve.pool_limits], "estimated": any(p.method == "scaled_lp" for p in curve.points),
            "tie_usd": TIE_USD}


def _assumptions(c: Comparison, prices: PriceBook | None, sha256: str | None) -> dict:
    from advisor.pricing.inventory import inventory

    try:
        tables = inventory(region=c.region, prices=prices)
    except Exception:  # the inventory is context; a missing table must not stop the report
        tables = []
    for t in tables:
        t.pop("age_days", None)  # relative to today: would make the report non-deterministic
    sources: dict[tuple, dict] = {}
    for est in c.estimates:
        for line in est.lines:
            key = (line.source, line.as_of)
            s = sources.setdefault(key, {"source": line.source, "as_of": line.as_of, "platforms": [], "lines": set()})
            if est.label not in s["platforms"]:
                s["platforms"].append(est.label)
            s["lines"].add(line.name)
    source_rows = [dict(s, lines=sorted(s["lines"])) for _, s in sorted(sources.items())]
    estimated = {}
    for est in c.estimates:
        for line in est.lines:
            if line.estimate:
                estimated.setdefault((est.label, line.name), 0.0)
                estimated[(est.label, line.name)] += line.monthly_cost
    w = c.workload
    return {
        "prices": c.prices_used(),
        "tables": tables,
        "sources": source_rows,
        "monthly_hours": w.monthly_hours,
        "service_hours": [(s.name, s.monthly_hours) for s in w.services if s.monthly_hours is not None],
        "notes": [(est.label, est.notes) for est in c.estimates if est.notes],
        "comparison_notes": list(c.notes),
        "decision": [a.to_dict() for a in c.assumptions],
        "estimated": [{"platform": k[0], "name": k[1], "monthly_cost": v} for k, v in estimated.items()],
        "version": __version__,
        "source_file": c.source_file,
        "sha256": sha256,
    }


# ------------------------------------------------------------------------------------------ entry points


def render_report(comparison: Comparison, *, prices: PriceBook | None = None,
                  workload_sha256: str | None = None) -> str:
    """Render the report for ``comparison`` as one HTML string (nothing is priced again).

    ``prices`` is only used for the price-table inventory of section 7 (default price book when None);
    ``workload_sha256`` defaults to the hash of ``comparison.source_file`` when that file exists.
    """
    from advisor.render.charts import cost_by_category_chart  # matplotlib: only the report draws charts

    c = comparison
    if workload_sha256 is None and c.source_file and Path(c.source_file).is_file():
        workload_sha256 = file_sha256(c.source_file)
    costs = _costs(c)
    chart = cost_by_category_chart(
        [{"label": p["label"] + ("" if p["complete"] else " (partial)"), "by_category": p["by_category"]}
         for p in costs["platforms"]],
        costs["categories"], CATEGORY_LABELS)
    summary = _summary(c)
    ctx = {
        "generator": GENERATOR,
        "w": c.workload,
        "region": c.region,
        "summary": summary,
        "costs": costs,
        "cost_chart": chart,
        "category_labels": CATEGORY_LABELS,
        "services": _services(c),
        "fleets": _fleets(c), "purchase_labels": _PURCHASE_LABELS,
        "scaling": _scaling(c),
        "checklist": review(c),
        "alarms": alarms(summary["platform"]),
        "alarm_platform": summary["label"],
        "assumptions": _assumptions(c, prices, workload_sha256),
        "any_estimate": any(line.estimate for est in c.estimates for line in est.lines),
        "declared": c.declared,  # the estate as the input declares it (Terraform, CloudFormation), or None
        "declared_table": _line_table(c.declared.estimate) if c.declared is not None else None,
        "rounding_note": ROUNDING_NOTE,
        # the Operations column holds $0.00 for every platform when no effort is counted: said under the table
        "operations_left_out": None if c.workload.operations.include else OPERATIONS_LEFT_OUT,
        "declared_unsupported": unsupported_groups(c.declared.estimate) if c.declared is not None else [],
    }
    return _env().get_template("report.html.j2").render(**ctx)


def is_report_head(text: str) -> bool:
    """True when ``text`` begins as every report advisor writes does (``_REPORT_HEAD``): ``<!DOCTYPE html>`` first
    (after an optional byte-order mark and whitespace), then the generator ``<meta>`` inside ``<head>``, with only
    ``<meta>`` tags before it. Text that merely contains the generator tag (a Markdown page or a YAML comment
    quoting it) is not a report."""
    return _REPORT_HEAD.match(text) is not None


def is_report_file(path: str | Path) -> bool:
    """True when ``path`` is a report this tool wrote (so it may be overwritten): a regular file whose first
    ``_HEAD_BYTES`` pass ``is_report_head``. Never opens a pipe or device; anything unreadable is not a report."""
    try:
        if not Path(path).is_file():
            return False
        with open(path, "rb") as fh:  # only the head: a large foreign file is not read whole
            head = fh.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    return is_report_head(head)
