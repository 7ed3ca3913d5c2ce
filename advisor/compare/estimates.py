"""The pricing pipeline: each platform's estimator, then shared costs and commitments, then the decision inputs."""

from __future__ import annotations

from advisor.compare.constraints import apply_decision_inputs
from advisor.costing import ESTIMATORS, Estimate
from advisor.costing.shared import apply_shared_and_commitments
from advisor.platforms import PLATFORMS, label
from advisor.pricing.book import PriceBook
from advisor.progress import step
from advisor.workload import Workload


def price_estimates(workload: Workload, platforms: list[str] | None, prices: PriceBook) -> list[Estimate]:
    """Run each platform's estimator and attach the decision inputs (constraints, operations effort)."""
    chosen = [p for p in PLATFORMS if p in ESTIMATORS] if not platforms else list(dict.fromkeys(platforms))
    estimates = []
    for p in chosen:
        step(f"pricing {label(p)}")
        estimates.append(ESTIMATORS[p](workload, prices))
    apply_shared_and_commitments(workload, estimates, prices)  # shared costs, then Savings Plans / RIs
    apply_decision_inputs(workload, estimates)
    return estimates
