"""Break-even sweep: what each platform costs as the workload grows or shrinks.

``scale_curve`` prices scaled copies of a workload with ``compare()`` (one call per factor), so the curve uses
exactly the estimators the report's other numbers come from. A vectorised sweep may replace it later; keep the
interface: ``scale_curve(workload, factors, prices=None) -> DataFrame[factor, platform, monthly_cost]`` and
``crossovers(df) -> list[dict]``.

Scaling rule: every service's task count is multiplied by the factor. A fixed ``replicas: n`` becomes a
scaling range with ``average = n x factor`` (min/max = floor/ceil of it), and a ``scaling`` block has min, max
and average multiplied (min rounded down, max up), so the average stays exact and costs stay continuous in
the factor. Per-workload fees (the EKS control plane) do not scale, which is where break-even points come from.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from advisor.pricing.book import PriceBook
from advisor.workload import Workload

#: Default factors: 9 points from half the workload to ten times it, including 1 (the workload as written).
DEFAULT_FACTORS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0)

COLUMNS = ["factor", "platform", "monthly_cost"]


def scale_workload(workload: Workload, factor: float) -> Workload:
    """A copy of ``workload`` with every service's task count multiplied by ``factor`` (see advisor.compare.sweep)."""
    from advisor.compare.sweep import scale_workload as _scale

    return _scale(workload, factor)


def scale_curve(workload: Workload, factors: Iterable[float] = DEFAULT_FACTORS,
                prices: PriceBook | None = None) -> pd.DataFrame:
    """Monthly total cost of ownership of each *feasible* platform at each scale factor.

    Uses ``advisor.compare.sweep.sweep`` (the same estimators and decision inputs as ``compare``), with the lighter
    packing effort sweeps use for EC2 platforms. ``monthly_cost`` here is the ranking figure (infrastructure
    plus operations effort, when the workload includes it).
    """
    from advisor.sizing.fleet import packing_effort
    from advisor.compare.sweep import sweep

    with packing_effort(60.0, 3):
        df = sweep(workload, list(factors), None, prices)
    df = df[df["feasible"]]
    return pd.DataFrame({"factor": df["factor"], "platform": df["platform"], "monthly_cost": df["monthly_tco"]},
                        columns=COLUMNS).reset_index(drop=True)


def crossovers(df: pd.DataFrame) -> list[dict]:
    """Where the cheapest platform changes between consecutive factors.

    Each entry: ``{"from_factor", "to_factor", "before", "after", "factor", "monthly_cost"}`` where ``factor``
    and ``monthly_cost`` locate the crossing by linear interpolation of the two platforms' costs between the
    sampled factors (between sample points costs are linear in the factor for Fargate platforms).
    """
    if df.empty:
        return []
    wide = df.pivot_table(index="factor", columns="platform", values="monthly_cost", aggfunc="first").sort_index()
    out: list[dict] = []
    prev_f = prev_best = None
    for f, row in wide.iterrows():
        row = row.dropna()
        if row.empty:
            continue
        best = row.idxmin()
        if prev_best is not None and best != prev_best and prev_best in row.index:
            a0, a1 = wide.at[prev_f, prev_best], row[prev_best]
            b0, b1 = wide.at[prev_f, best], row[best]
            d0, d1 = a0 - b0, a1 - b1
            t = d0 / (d0 - d1) if (d0 - d1) and not (pd.isna(d0) or pd.isna(d1)) else 1.0
            t = min(max(t, 0.0), 1.0)
            out.append({
                "from_factor": float(prev_f), "to_factor": float(f), "before": prev_best, "after": best,
                "factor": float(prev_f + t * (f - prev_f)), "monthly_cost": float(a0 + t * (a1 - a0)),
            })
        prev_f, prev_best = f, best
    return out
