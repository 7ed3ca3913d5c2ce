"""Machine outputs of a Comparison: JSON, CSV and pandas DataFrames. Pure functions of the result.

Every DataFrame's columns are the constants below (documented in docs/python-api.md). Money is USD per month
(``advisor.units.HOURS_PER_MONTH`` hours) unless a column says otherwise. A platform that cannot run every
service has no total: its ``monthly_cost`` / ``monthly_tco`` are null in JSON and NaN in DataFrames.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from advisor.compare.comparison import Comparison
from advisor.compare.sweep import CROSSOVER_COLUMNS, SWEEP_COLUMNS, Sweep
from advisor.costing.lines import CATEGORIES
from advisor.render.format import apportioned_cents, cents, csv_cell, dumps, finite

#: ``lines_frame`` / CSV: one row per line item, infrastructure and operations. ``kind`` is ``"infrastructure"``
#: or ``"operations"``; ``quantity`` is in ``unit``, ``unit_price`` is USD per ``unit``, ``monthly_cost`` =
#: quantity x unit_price; ``estimate`` is True when the unit price or the quantity is an estimate (Spot rates,
#: deployment surge task-hours, operations assumptions);
#: the machine fields (purchase_option, resource, instance_type, architecture, os, usage_type, commitments) are
#: those of ``advisor.costing.lines.LineItem``. Lines of the estate as declared have ``platform == "declared"``.
LINE_COLUMNS = ["platform", "platform_label", "service", "category", "name", "quantity", "unit", "unit_price",
                "monthly_cost", "estimate", "purchase_option", "resource", "instance_type", "architecture", "os",
                "usage_type", "commitments", "always_on", "as_of", "effective_date", "source", "kind",
                "platform_complete"]

#: ``totals_frame``: one row per platform, in advisor's platform order. ``rank`` is 1 for the recommendation. When
#: the input declares how it runs today (Terraform, CloudFormation), a last row ``platform == "declared"`` holds
#: that estate's infrastructure cost (``operations_cost`` and ``monthly_tco`` null: no operations assumption is made
#: for it, so it has no total, "—" in the table; ``feasible`` False, ``status`` "as declared" or "as declared
#: (partial)"; never ranked).
TOTAL_COLUMNS = ["platform", "label", "monthly_cost", "operations_cost", "monthly_tco", "feasible", "complete",
                 "status", "rank", "recommended"]

#: ``category_frame``: one row per platform; one column per cost category, then ``monthly_tco``.
CATEGORY_COLUMNS = ["platform", "label", *CATEGORIES, "monthly_tco"]

#: ``sizes_frame``: one row per service; vCPU and MiB per task/pod; waste is what rounding adds per task.
SIZE_COLUMNS = ["service", "replicas", "architecture", "os", "monthly_hours", "requested_vcpu", "requested_memory_mib",
                "fargate_vcpu", "fargate_memory_mib", "fargate_waste_vcpu", "fargate_waste_memory_mib",
                "eks_fargate_vcpu", "eks_fargate_memory_mib", "eks_fargate_waste_vcpu", "eks_fargate_waste_memory_mib",
                "sizing_error"]

#: ``strategies_frame``: one row per service priced on ECS Fargate + Fargate Spot.
STRATEGY_COLUMNS = ["service", "fargate_base", "fargate_weight", "fargate_spot_weight", "fargate_tasks",
                    "fargate_spot_tasks", "min_healthy_tasks", "max_tasks", "monthly_cost_all_on_demand",
                    "monthly_cost", "monthly_saving", "declared", "capacity_provider_strategy"]

__all__ = ["LINE_COLUMNS", "TOTAL_COLUMNS", "CATEGORY_COLUMNS", "SIZE_COLUMNS", "STRATEGY_COLUMNS", "SWEEP_COLUMNS",
           "CROSSOVER_COLUMNS", "COLUMN_DTYPES", "typed_frame", "dumps", "finite", "to_json", "to_csv", "line_rows", "total_rows", "lines_frame",
           "totals_frame", "category_frame", "sizes_frame", "strategies_frame", "sweep_frame", "crossovers_frame",
           "MONEY_COLUMNS", "shown_frame"]


def to_json(comparison: Comparison) -> str:
    """The comparison as JSON (``Comparison.to_dict``) via ``dumps``: never NaN or Infinity, nothing raw that a
    terminal would act on."""
    return dumps(comparison.to_dict())


def line_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One dict per line item (``LINE_COLUMNS``), infrastructure then operations of each platform."""
    rows = []
    declared = [comparison.declared.estimate] if comparison.declared is not None else []
    for est in comparison.estimates + declared:
        for kind, lines in (("infrastructure", est.lines), ("operations", est.operations)):
            for line in lines:
                label = comparison.declared.label if est.platform == "declared" else est.label
                rows.append({"platform": est.platform, "platform_label": label, "service": line.service,
                             "category": line.category, "name": line.name, "quantity": line.quantity,
                             "unit": line.unit, "unit_price": line.unit_price, "monthly_cost": line.monthly_cost,
                             "estimate": line.estimate, "purchase_option": line.purchase_option,
                             "resource": line.resource, "instance_type": line.instance_type,
                             "architecture": line.architecture, "os": line.os, "usage_type": line.usage_type,
                             "commitments": ";".join(line.commitments), "always_on": line.always_on,
                             "as_of": line.as_of, "effective_date": line.effective_date or None, "source": line.source,
                             "kind": kind, "platform_complete": est.complete})
    return rows


def to_csv(comparison: Comparison) -> str:
    """Every line item as CSV (``LINE_COLUMNS``), cells safe to open in a spreadsheet."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(LINE_COLUMNS)
    for row in line_rows(comparison):
        writer.writerow([csv_cell(row[c]) for c in LINE_COLUMNS])
    return buf.getvalue()


def total_rows(comparison: Comparison) -> list[dict[str, Any]]:
    """One dict per platform (``TOTAL_COLUMNS``); money None where the platform cannot run every service."""
    ranks = {e.platform: i for i, e in enumerate(comparison.ranked(), start=1)}
    rows = [{"platform": e.platform, "label": e.label, "monthly_cost": e.monthly_cost if e.complete else None,
             "operations_cost": e.operations_cost, "monthly_tco": e.monthly_tco if e.complete else None,
             "feasible": e.feasible, "complete": e.complete, "status": e.status, "rank": ranks.get(e.platform),
             "recommended": e.platform == comparison.recommendation.platform}
            for e in comparison.estimates]
    d = comparison.declared
    if d is not None:  # the estate as declared: infrastructure only, never ranked
        # no operations assumption is made for it: operations and total unknown, not $0 (``Declared``)
        rows.append({"platform": "declared", "label": d.label, "monthly_cost": d.monthly_cost if d.complete else None,
                     "operations_cost": d.operations_cost, "monthly_tco": d.monthly_tco, "feasible": d.feasible,
                     "complete": d.complete, "status": d.status, "rank": None, "recommended": False})
    return rows


# ------------------------------------------------------------------------------------------ DataFrames
#: The dtype of every DataFrame column that is not text, by column name (a name means the same in every frame):
#: amounts, quantities and factors are float64 (NaN where there is none), counts of tasks int64, ``rank`` the nullable
#: Int64 (``<NA>`` when not ranked), flags bool, and ``capacity_provider_strategy`` a list (object). Every other
#: column is text. A frame gets these dtypes whatever its rows hold, so an empty frame (no crossover, no strategy
#: when Fargate Spot is not priced) or a column that is None throughout is no object column of numbers.
COLUMN_DTYPES = {
    **dict.fromkeys(["quantity", "unit_price", "monthly_cost", "always_on", "operations_cost", "monthly_tco",
                     *CATEGORIES, "replicas", "monthly_hours", "requested_vcpu", "requested_memory_mib",
                     "fargate_vcpu", "fargate_memory_mib", "fargate_waste_vcpu", "fargate_waste_memory_mib",
                     "eks_fargate_vcpu", "eks_fargate_memory_mib", "eks_fargate_waste_vcpu",
                     "eks_fargate_waste_memory_mib", "fargate_tasks", "fargate_spot_tasks",
                     "monthly_cost_all_on_demand", "monthly_saving", "factor", "factor_low", "factor_high",
                     "cost_low", "cost_high", "limit_factor", "spot_share", "spot_discount", "saving"], "float64"),
    **dict.fromkeys(["fargate_base", "fargate_weight", "fargate_spot_weight", "min_healthy_tasks", "max_tasks"],
                    "int64"),
    "rank": "Int64",
    **dict.fromkeys(["estimate", "platform_complete", "feasible", "complete", "recommended", "declared"], "bool"),
    "capacity_provider_strategy": object,
}


def typed_frame(rows: list[dict], columns: list[str]):
    """A DataFrame of ``rows`` with ``columns`` in the dtypes of ``COLUMN_DTYPES``; text columns in the string dtype
    pandas infers for text (``str`` from pandas 3, with NaN for None; object before, as pandas itself keeps text)."""
    import pandas as pd  # optional heavy import: only the DataFrame helpers need pandas

    df = pd.DataFrame(rows, columns=columns)
    text = pd.Series(["text"]).dtype
    for col in columns:
        dtype = COLUMN_DTYPES.get(col, text)
        if dtype is not object and df[col].dtype != dtype:
            df[col] = df[col].astype(dtype)
    return df



def lines_frame(comparison: Comparison):
    """One row per line item of every platform, infrastructure then operations; columns ``LINE_COLUMNS``."""
    return typed_frame(line_rows(comparison), LINE_COLUMNS)


def totals_frame(comparison: Comparison):
    """One row per platform with its monthly totals (USD), status and rank; columns ``TOTAL_COLUMNS``."""
    return typed_frame(total_rows(comparison), TOTAL_COLUMNS)


def category_frame(comparison: Comparison):
    """Monthly cost (USD) per platform and cost category, operations included; columns ``CATEGORY_COLUMNS``."""
    rows = []
    for est in comparison.estimates:
        by_cat = est.cost_by_category()
        row = {"platform": est.platform, "label": est.label, **{c: by_cat.get(c, 0.0) for c in CATEGORIES}}
        row["operations"] = row["operations"] + est.operations_cost
        row["monthly_tco"] = est.monthly_tco if est.complete else math.nan
        rows.append(row)
    return typed_frame(rows, CATEGORY_COLUMNS)


def sizes_frame(comparison: Comparison):
    """The Fargate size each service gets on ECS and on EKS (+256 MiB rule) and the rounding waste per task."""
    nan = math.nan
    rows = []
    for s in comparison.services():
        row: dict[str, Any] = {"service": s["name"], "replicas": s["replicas"], "architecture": s["architecture"],
                               "os": s["os"], "monthly_hours": s["monthly_hours"],
                               "requested_vcpu": s["requested"]["vcpu"],
                               "requested_memory_mib": s["requested"]["memory_mib"]}
        for prefix in ("fargate", "eks_fargate"):
            size, waste = s.get(f"{prefix}_size"), s.get(f"{prefix}_waste")
            row[f"{prefix}_vcpu"] = size["vcpu"] if size else nan
            row[f"{prefix}_memory_mib"] = size["memory_mib"] if size else nan
            row[f"{prefix}_waste_vcpu"] = waste["vcpu"] if waste else nan
            row[f"{prefix}_waste_memory_mib"] = waste["memory_mib"] if waste else nan
        row["sizing_error"] = "; ".join(s.get("sizing_errors", [])) or None
        rows.append(row)
    return typed_frame(rows, SIZE_COLUMNS)


def strategies_frame(comparison: Comparison):
    """The capacity-provider strategy per service on ECS Fargate + Fargate Spot; columns ``STRATEGY_COLUMNS``."""
    try:
        strategies = comparison.estimate("ecs-fargate-spot").strategies
    except KeyError:
        strategies = []
    rows = []
    for s in strategies:
        items = {i["capacityProvider"]: i for i in s.strategy}
        fg, sp = items.get("FARGATE", {}), items.get("FARGATE_SPOT", {})
        rows.append({"service": s.service, "fargate_base": fg.get("base", 0), "fargate_weight": fg.get("weight", 0),
                     "fargate_spot_weight": sp.get("weight", 0), "fargate_tasks": s.tasks.get("FARGATE", 0.0),
                     "fargate_spot_tasks": s.tasks.get("FARGATE_SPOT", 0.0), "min_healthy_tasks": s.min_healthy_tasks,
                     "max_tasks": s.max_tasks, "monthly_cost_all_on_demand": s.monthly_cost_all_on_demand,
                     "monthly_cost": s.monthly_cost, "monthly_saving": s.monthly_saving, "declared": s.declared,
                     "capacity_provider_strategy": s.strategy})
    return typed_frame(rows, STRATEGY_COLUMNS)


def sweep_frame(curve: Sweep):
    """One row per (factor, platform) of a sweep; columns ``SWEEP_COLUMNS`` (money NaN where infeasible)."""
    return typed_frame([p.to_dict() for p in curve.points], SWEEP_COLUMNS)


def crossovers_frame(curve: Sweep):
    """The crossovers of a sweep; columns ``CROSSOVER_COLUMNS``."""
    return typed_frame([c.to_dict() for c in curve.crossovers], CROSSOVER_COLUMNS)


#: The columns of the frames above (and ``advisor.api``'s spot and region frames) that hold USD amounts, which
#: ``shown_frame`` rounds; ``unit_price`` is not one (a rate is shown with its own digits, ``units.usd_rate``).
MONEY_COLUMNS = ("monthly_cost", "operations_cost", "monthly_tco", *CATEGORIES, "monthly_cost_all_on_demand",
                 "monthly_saving", "cost_low", "cost_high", "saving")


def shown_frame(df):
    """A copy of a frame of this module (or ``advisor.api``'s spot and region frames) with its money as the table,
    Markdown, report and ``compare --format json``'s ``shown`` give it: each amount to the cent, half away from zero
    (``units.cents``), and a figure made of others the sum or difference of those as shown, never a rounding of its
    own exact value. So an exact $887.005 (887.0049999999999 in binary, which ``round(2)`` makes 887.00) is 887.01,
    and EKS on EC2's ``monthly_tco`` of 887.01 + 1,100.00 is 1,987.01, as every output says.

    - ``monthly_tco`` = shown ``monthly_cost`` + shown ``operations_cost`` (totals, sweep, regions); in the category
      frame, the shown infrastructure (its categories other than ``operations``, apportioned as below) + shown
      ``operations``.
    - Lines (``kind`` present): each platform's infrastructure lines, and its operations lines, rounded down or up
      so that they add up to its total as shown (``units.apportioned_cents``, as the report's line tables).
    - ``monthly_saving`` (strategies) and ``saving`` (spot) are the difference of the two shown costs.
    NaN stays NaN; other columns and the dtypes are unchanged."""
    import pandas as pd

    out = df.copy()
    cols = set(out.columns)

    def cent(series):
        return series.map(lambda v: cents(float(v)) if pd.notna(v) else v).astype("float64")

    if {"kind", "platform", "monthly_cost"} <= cols:  # lines_frame: apportioned per platform and kind
        for _, index in out.groupby(["platform", "kind"], sort=False).groups.items():
            amounts = [float(v) for v in out.loc[index, "monthly_cost"]]
            if all(math.isfinite(a) for a in amounts):
                out.loc[index, "monthly_cost"] = apportioned_cents(amounts, sum(amounts))
        return out
    if set(CATEGORIES) <= cols:  # category_frame: categories apportioned to the shown infrastructure
        infra = [c for c in CATEGORIES if c != "operations"]
        for i in out.index:
            amounts = [float(out.at[i, c]) for c in infra]
            exact = sum(amounts)
            if all(math.isfinite(a) for a in amounts):
                for c, v in zip(infra, apportioned_cents(amounts, exact)):
                    out.at[i, c] = v
            ops = cents(float(out.at[i, "operations"]))
            out.at[i, "operations"] = ops
            if "monthly_tco" in cols and pd.notna(out.at[i, "monthly_tco"]):
                out.at[i, "monthly_tco"] = round(cents(exact) + ops, 2)
        return out
    if {"monthly_cost", "saving"} <= cols:  # spot_frame: the saving against all on-demand, as shown
        base = (out["monthly_cost"] + out["saving"]).map(lambda v: cents(float(v)) if pd.notna(v) else v)
        out["monthly_cost"] = cent(out["monthly_cost"])
        out["saving"] = (base - out["monthly_cost"]).round(2)
        return out
    for c in MONEY_COLUMNS:
        if c in cols and c not in ("monthly_tco", "monthly_saving"):
            out[c] = cent(out[c])
    if {"monthly_cost", "operations_cost", "monthly_tco"} <= cols:
        known = out["monthly_tco"].notna() & out["monthly_cost"].notna()
        out.loc[known, "monthly_tco"] = (out.loc[known, "monthly_cost"] + out.loc[known, "operations_cost"]).round(2)
    elif "monthly_tco" in cols:
        out["monthly_tco"] = cent(out["monthly_tco"])
    if "monthly_saving" in cols:
        if {"monthly_cost_all_on_demand", "monthly_cost"} <= cols:
            out["monthly_saving"] = (out["monthly_cost_all_on_demand"] - out["monthly_cost"]).round(2)
        else:
            out["monthly_saving"] = cent(out["monthly_saving"])
    return out
