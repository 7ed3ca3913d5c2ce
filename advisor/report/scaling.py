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

import math
from collections.abc import Iterable

import pandas as pd

from advisor.pricing.book import PriceBook
from advisor.workload import Scaling, Service, Workload

#: Default factors: 15 points from half the workload to ten times it, including 1 (the workload as written).
DEFAULT_FACTORS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0)

COLUMNS = ["factor", "platform", "monthly_cost"]


def scale_service(svc: Service, factor: float) -> Service:
    """A copy of ``svc`` whose average task count is multiplied by ``factor``."""
    if factor < 0 or not math.isfinite(factor):
        raise ValueError(f"scale factor must be a finite number >= 0, got {factor!r}")
    if svc.scaling is not None:
        lo, hi, avg = svc.scaling.min, svc.scaling.max, svc.scaling.average
    else:
        lo = hi = avg = svc.desired
    avg = avg * factor
    scaling = Scaling(min=min(int(math.floor(lo * factor)), int(math.floor(avg))),
                      max=max(int(math.ceil(hi * factor)), int(math.ceil(avg))), average=avg)
    return svc.model_copy(update={"replicas": None, "scaling": scaling})


def scale_workload(workload: Workload, factor: float) -> Workload:
    """A copy of ``workload`` with every service's task count multiplied by ``factor``."""
    return workload.model_copy(update={"services": [scale_service(s, factor) for s in workload.services]})


def scale_curve(workload: Workload, factors: Iterable[float] = DEFAULT_FACTORS,
                prices: PriceBook | None = None) -> pd.DataFrame:
    """Monthly cost of each *complete* platform at each scale factor.

    Returns a long DataFrame with columns ``factor``, ``platform``, ``monthly_cost``, sorted by factor then
    platform order. Platforms that cannot price every service at a factor are left out at that factor.
    """
    from advisor.recommend import compare  # late import: recommend imports nothing from report

    rows = []
    for f in factors:
        result = compare(scale_workload(workload, float(f)), prices=prices)
        for est in result.estimates:
            if est.complete:
                rows.append({"factor": float(f), "platform": est.platform, "monthly_cost": est.monthly_cost})
    return pd.DataFrame(rows, columns=COLUMNS)


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
