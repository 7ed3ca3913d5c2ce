"""Break-even and sensitivity: price a workload as it scales, and find where the cheapest platform changes.

``sweep(workload, factors)`` prices every platform with every service's replicas multiplied by each factor
(fractional task counts are averages over the month, as ``scaling.average`` is). Fargate platforms are
linear in the factor apart from whole-task effects (capacity-provider bases, deployment surge), so they are
priced exactly at every point; EC2 platforms run the packer at every point, so their points cost more time.

``crossovers(df)`` finds adjacent factors where the cheapest feasible platform changes; each crossover can be
confirmed by pricing the two neighbouring factors directly (the tests do).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from advisor.compare.estimates import price_estimates
from advisor.errors import AdvisorError
from advisor.pricing.book import PriceBook, default_pricebook
from advisor.workload import Scaling, Workload

SWEEP_COLUMNS = ["factor", "platform", "monthly_cost", "operations_cost", "monthly_tco", "feasible"]


def scale_workload(workload: Workload, factor: float) -> Workload:
    """A copy of the workload with every service's replicas (or scaling range) multiplied by ``factor``."""
    if factor <= 0 or not math.isfinite(factor):
        raise ValueError(f"scale factor must be a positive number, got {factor!r}")
    services = []
    for svc in workload.services:
        if svc.scaling is not None:
            lo, hi, avg = svc.scaling.min * factor, svc.scaling.max * factor, svc.scaling.average * factor
        else:
            lo = hi = avg = svc.desired * factor
        scaling = Scaling(min=int(math.floor(lo + 1e-9)), max=int(math.ceil(hi - 1e-9)), average=avg)
        services.append(svc.model_copy(update={"replicas": None, "scaling": scaling}))
    return workload.model_copy(update={"services": services})


def parse_scale(text: str, points: int = 25) -> np.ndarray:
    """``"0.5:20"`` → ``points`` factors spaced geometrically from 0.5 to 20 (always including 1 when inside)."""
    try:
        lo_s, hi_s = text.split(":")
        lo, hi = float(lo_s), float(hi_s)
    except ValueError:
        raise AdvisorError(f"--scale {text!r} is not a range; write LOW:HIGH, e.g. 0.5:20") from None
    if not (0 < lo < hi) or not math.isfinite(hi):
        raise AdvisorError(f"--scale {text!r}: need 0 < LOW < HIGH, e.g. 0.5:20")
    if not 2 <= points <= 2000:
        raise AdvisorError(f"--points {points}: use between 2 and 2000 points")
    factors = np.geomspace(lo, hi, points)
    if lo < 1 < hi:
        factors = np.unique(np.append(factors, 1.0))
    return factors


def sweep(workload: Workload, factors, platforms: list[str] | None = None, prices: PriceBook | None = None) -> pd.DataFrame:
    """Tidy DataFrame: one row per (factor, platform) with monthly_cost, operations_cost, monthly_tco, feasible."""
    prices = prices or default_pricebook()
    rows = []
    for f in np.asarray(factors, dtype=float):
        for est in price_estimates(scale_workload(workload, float(f)), platforms, prices):
            rows.append((float(f), est.platform, est.monthly_cost, est.operations_cost, est.monthly_tco, est.feasible))
    return pd.DataFrame(rows, columns=SWEEP_COLUMNS)


def cheapest_by_factor(df: pd.DataFrame, value: str = "monthly_tco") -> pd.DataFrame:
    """The cheapest feasible platform at each factor."""
    ok = df[df["feasible"]]
    idx = ok.groupby("factor")[value].idxmin()
    return ok.loc[idx, ["factor", "platform", value]].reset_index(drop=True)


def crossovers(df: pd.DataFrame, value: str = "monthly_tco", tie_usd: float = 0.005) -> list[dict]:
    """Adjacent factors between which the cheapest feasible platform changes.

    Ties (costs within ``tie_usd``) keep the previous leader, so two platforms that cost the same (e.g. ECS
    on Fargate and Fargate Spot when no task is on Spot) do not produce spurious crossovers.
    """
    ok = df[df["feasible"]]
    out: list[dict] = []
    prev_f = prev_best = None
    prev_cost = None
    for f, part in ok.groupby("factor", sort=True):
        costs = dict(zip(part["platform"], part[value]))
        best = min(costs, key=costs.get)
        if prev_best in costs and costs[prev_best] <= costs[best] + tie_usd:
            best = prev_best
        if prev_best is not None and best != prev_best:
            out.append({"factor_low": float(prev_f), "factor_high": float(f), "from": prev_best, "to": best,
                        "cost_low": float(prev_cost), "cost_high": float(costs[best])})
        prev_f, prev_best, prev_cost = f, best, costs[best]
    return out


def spot_sensitivity(workload: Workload, spot_shares=(0.0, 0.25, 0.5, 0.75, 1.0),
                     spot_discounts=(0.5, 0.6, 0.7, 0.8), prices: PriceBook | None = None) -> pd.DataFrame:
    """Monthly Fargate cost as a function of the share of tasks on Spot and the Spot discount.

    Vectorised: per service the on-demand cost is computed once; then
    ``cost = on_demand x (1 - share x discount)`` over the grid (services that cannot use Spot — spot: false,
    Windows — keep share 0). Returns columns spot_share, spot_discount, monthly_cost, saving.
    """
    from advisor.costing.fargate import estimate_ecs_fargate

    prices = prices or default_pricebook()
    est = estimate_ecs_fargate(workload, prices)
    eligible = {s.name for s in workload.services if s.spot and s.os == "linux"}
    spot_able = sum(li.monthly_cost for li in est.lines if li.service in eligible and li.category == "compute")
    fixed = est.monthly_cost - spot_able
    share, disc = np.meshgrid(np.asarray(spot_shares, float), np.asarray(spot_discounts, float), indexing="ij")
    cost = fixed + spot_able * (1.0 - share * disc)
    return pd.DataFrame({"spot_share": share.ravel(), "spot_discount": disc.ravel(), "monthly_cost": cost.ravel(),
                         "saving": (est.monthly_cost - cost).ravel()})
