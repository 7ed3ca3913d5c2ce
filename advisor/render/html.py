"""The HTML architecture-review report: one self-contained file rendered from a ``Comparison``.

Everything shown is read from the Comparison (plus the price inventory and the scaling sweep, which reuse
the same price book and estimators); this module only groups, sums for display and formats. Templates are
autoescaped, charts are inline SVG, and nothing is loaded from the network. The output is deterministic:
the only dates in it are price dates.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from advisor import __version__
from advisor.costing.lines import CATEGORIES
from advisor.platforms import PLATFORM_LABELS
from advisor.pricing.book import PriceBook
from advisor.compare.comparison import Comparison
from advisor.render.checklist import alarms, review, waste_share

#: Marker the report writes into <head>; the CLI only overwrites files that carry it.
GENERATOR = "advisor-report"
#: Above this many lines, a platform's line table is summarised by line name.
DETAIL_LIMIT = 60
CATEGORY_LABELS = {
    "compute": "Compute", "spot": "Spot", "os_license": "OS licence", "storage": "Storage",
    "control_plane": "Control plane", "surge": "Deployment surge", "load_balancing": "Load balancing",
    "nat_gateway": "NAT gateway", "logs_monitoring": "Logs and monitoring", "public_ipv4": "Public IPv4",
    "service_discovery": "Service discovery", "commitment": "Commitments", "operations": "Operations", "other": "Other",
}


# ------------------------------------------------------------------------------------------ formatting


def money(usd: float | None) -> str:
    if usd is None or (isinstance(usd, float) and math.isnan(usd)):
        return "—"
    return f"-${-usd:,.2f}" if usd < 0 else f"${usd:,.2f}"


def qty(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if math.isclose(x, round(x)) else f"{x:,.3f}".rstrip("0").rstrip(".")


def unit_price(x: float) -> str:
    return f"${x:.6g}"


def pct(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x * 100:.{digits}f}%"


def num(x: float | None) -> str:
    """Exact machine-readable value for data attributes (round-trips to the same float)."""
    return "" if x is None else repr(float(x))


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _env() -> Environment:
    env = Environment(loader=PackageLoader("advisor.render", "templates"),
                      autoescape=select_autoescape(["html", "j2", "html.j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(money=money, qty=qty, unit_price=unit_price, pct=pct, num=num)
    return env


# ------------------------------------------------------------------------------------------ sections


def _summary(c: Comparison) -> dict:
    ranked = c.ranked()
    cheapest = ranked[0].monthly_tco if ranked else None
    rows = []
    for est in sorted(c.estimates, key=lambda e: (not e.feasible, e.monthly_tco)):
        rows.append({"platform": est.platform, "label": est.label, "monthly_cost": est.monthly_cost,
                     "operations_cost": est.operations_cost, "monthly_tco": est.monthly_tco,
                     "complete": est.feasible, "status": est.status,
                     "vs_cheapest": (est.monthly_tco - cheapest) if est.feasible and cheapest is not None else None,
                     "recommended": est.platform == c.recommendation.platform,
                     "has_estimates": any(line.estimate for line in est.lines)})
    findings = {f.kind: f for f in c.recommendation.findings}
    saving = findings.get("saving_vs_runner_up")
    rec = c.recommendation
    return {
        "platform": rec.platform,
        "label": c.estimate(rec.platform).label if rec.platform else None,
        "monthly_cost": c.estimate(rec.platform).monthly_cost if rec.platform else None,
        "reasons": [f.text for f in rec.findings],
        "rows": rows,
        "saving": saving.data if saving else None,
        "runner_up_label": PLATFORM_LABELS.get(saving.data["runner_up"], saving.data["runner_up"]) if saving else None,
    }


def _line_table(est) -> dict:
    lines = est.lines
    if len(lines) <= DETAIL_LIMIT:
        rows = [{"service": ln.service, "name": ln.name, "category": ln.category, "quantity": ln.quantity,
                 "unit": ln.unit, "unit_price": ln.unit_price, "monthly_cost": ln.monthly_cost,
                 "estimate": ln.estimate, "count": 1} for ln in lines]
        return {"rows": rows, "grouped": False}
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
    return {"rows": rows, "grouped": True}


def _costs(c: Comparison) -> dict:
    used = [cat for cat in CATEGORIES if any(line.category == cat for est in c.estimates for line in est.lines)]
    used += sorted({line.category for est in c.estimates for line in est.lines} - set(used))
    platforms = []
    for est in c.estimates:
        by_cat = est.cost_by_category()
        platforms.append({"platform": est.platform, "label": est.label, "monthly_cost": est.monthly_cost,
                          "complete": est.complete, "by_category": by_cat, "table": _line_table(est),
                          "n_lines": len(est.lines), "unsupported": est.unsupported,
                          "missing_prices": est.missing_prices})
    return {"categories": used, "platforms": platforms}


def _strategies(c: Comparison) -> dict:
    try:
        est = c.estimate("ecs-fargate-spot")
    except KeyError:
        return {"available": False, "reason": "the ECS on Fargate + Fargate Spot estimate is not part of this comparison"}
    raw = est.extra.get("strategies")
    if not isinstance(raw, list) or not raw:
        return {"available": False, "reason": "the Fargate Spot estimate provides no capacity-provider strategies"}
    items = []
    for s in raw:
        if not isinstance(s, dict):
            continue
        dep = s.get("deployment") if isinstance(s.get("deployment"), dict) else {}
        tasks = s.get("tasks") if isinstance(s.get("tasks"), dict) else {}
        strategy = s.get("capacityProviderStrategy")
        items.append({
            "service": str(s.get("service", "")),
            "json": json.dumps({"capacityProviderStrategy": strategy}, indent=2, ensure_ascii=False)
            if strategy is not None else None,
            "tasks": tasks,
            "min_healthy_tasks": dep.get("min_healthy_tasks"),
            "max_tasks": dep.get("max_tasks"),
        })
    return {"available": bool(items), "items": items,
            "reason": "" if items else "the Fargate Spot estimate's strategies could not be read"}


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
    for platform in ("ecs-ec2", "eks-ec2"):
        label = PLATFORM_LABELS.get(platform, platform)
        try:
            est = c.estimate(platform)
        except KeyError:
            out.append({"platform": platform, "label": label, "available": False,
                        "reason": "this platform is not part of the comparison"})
            continue
        fleet = est.extra.get("fleet")
        if not isinstance(fleet, list) or not fleet:
            out.append({"platform": platform, "label": label, "available": False,
                        "reason": "the estimate provides no fleet detail"})
            continue
        util = est.extra.get("utilisation") if isinstance(est.extra.get("utilisation"), dict) else {}
        lower = est.extra.get("lower_bound_monthly")
        compute = sum(line.monthly_cost for line in est.lines if line.category in ("compute", "spot"))
        out.append({
            "platform": platform, "label": label, "available": True,
            "fleet": [f for f in fleet if isinstance(f, dict)],
            "utilisation": util, "lower_bound": lower, "compute_cost": compute,
            "above_bound": (compute / lower - 1) if isinstance(lower, (int, float)) and lower > 0 else None,
        })
    return out


def _scaling(c: Comparison, curve: pd.DataFrame | None) -> dict:
    from advisor.render.scaling import crossovers

    if curve is None or curve.empty:
        return {"available": False, "chart": None}
    crossings = crossovers(curve)
    wide = curve.pivot_table(index="factor", columns="platform", values="monthly_cost", aggfunc="first").sort_index()
    order = [e.platform for e in c.estimates if e.platform in wide.columns]
    order += [p for p in wide.columns if p not in order]
    table = [{"factor": float(f), "costs": [None if pd.isna(row.get(p)) else float(row.get(p)) for p in order],
              "cheapest": row.dropna().idxmin() if not row.dropna().empty else None}
             for f, row in wide.iterrows()]
    for x in crossings:
        x["before_label"] = PLATFORM_LABELS.get(x["before"], x["before"])
        x["after_label"] = PLATFORM_LABELS.get(x["after"], x["after"])
    from advisor.render.charts import scaling_chart

    series = [{"label": PLATFORM_LABELS.get(p, p), "factors": [float(f) for f in wide.index[wide[p].notna()]],
               "costs": [float(v) for v in wide[p].dropna()]} for p in order]
    chart = scaling_chart(series, [{"factor": x["factor"], "monthly_cost": x["monthly_cost"],
                                    "text": f"{x['factor']:.2g}×: {x['after_label']}"} for x in crossings])
    return {"available": True, "chart": chart, "crossings": crossings, "platforms": order,
            "labels": [PLATFORM_LABELS.get(p, p) for p in order], "table": table}


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
        "estimated": [{"platform": k[0], "name": k[1], "monthly_cost": v} for k, v in estimated.items()],
        "version": __version__,
        "source_file": c.source_file,
        "sha256": sha256,
    }


# ------------------------------------------------------------------------------------------ entry points


def render_report(comparison: Comparison, *, curve: pd.DataFrame | None = None, prices: PriceBook | None = None,
                  workload_sha256: str | None = None, scaling: bool = True) -> str:
    """Render the report for ``comparison`` as one HTML string.

    ``curve`` is the scaling sweep (``advisor.render.scaling.scale_curve``); when omitted and ``scaling`` is
    true it is computed from the comparison's workload with ``prices`` (the default price book when None).
    ``workload_sha256`` defaults to the hash of ``comparison.source_file`` when that file exists.
    """
    from advisor.render.charts import cost_by_category_chart

    c = comparison
    if workload_sha256 is None and c.source_file and Path(c.source_file).is_file():
        workload_sha256 = file_sha256(c.source_file)
    if curve is None and scaling:
        from advisor.render.scaling import scale_curve

        curve = scale_curve(c.workload, prices=prices)
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
        "fleets": _fleets(c),
        "scaling": _scaling(c, curve),
        "checklist": review(c),
        "alarms": alarms(summary["platform"]),
        "alarm_platform": summary["label"],
        "assumptions": _assumptions(c, prices, workload_sha256),
        "any_estimate": any(line.estimate for est in c.estimates for line in est.lines),
    }
    return _env().get_template("report.html.j2").render(**ctx)


def is_report_file(path: str | Path) -> bool:
    """True when ``path`` is a report this tool wrote (so it may be overwritten)."""
    try:
        head = Path(path).read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return False
    return f'<meta name="generator" content="{GENERATOR}' in head
