"""compare(): price a workload on every platform and recommend one. Returns a ``Comparison``.

``estimates``   the pricing pipeline (estimators, shared costs, commitments, constraints, operations)
``recommend``   ranking and the findings behind the recommendation
``sweep``       the one scaling sweep and crossover rule
``comparison``  the result object every renderer reads
"""

from __future__ import annotations

from pathlib import Path

from advisor.compare.comparison import Comparison, Finding, Recommendation
from advisor.compare.estimates import price_estimates
from advisor.compare.recommend import recommend, what_would_change
from advisor.costing import ESTIMATORS
from advisor.errors import AdvisorError, did_you_mean
from advisor.platforms import PLATFORMS
from advisor.pricing.book import PriceBook, default_pricebook
from advisor.workload import Workload, parse_workload
from advisor.workload.importers import load_any

__all__ = ["Comparison", "Finding", "Recommendation", "compare", "price_estimates", "recommend"]


def compare(
    workload: Workload | dict | str | Path,
    *,
    region: str | None = None,
    platforms: list[str] | None = None,
    prices: PriceBook | None = None,
    require_complete: bool = False,
    explain_changes: bool = False,
) -> Comparison:
    """Price a workload on each platform and recommend one.

    ``workload`` may be a ``Workload``, a dict in the workload-file format, or a path to a YAML file.
    ``region`` overrides the workload's region. ``platforms`` selects platform ids (default: every platform
    advisor can price). With ``require_complete``, an ``AdvisorError`` is raised when no platform can price
    every service (the CLI uses this so impossible sizes and missing prices exit with code 2). With
    ``explain_changes`` the recommendation also says where the cheapest platform changes as replicas scale
    (a sweep from 0.25x to 20x; it prices the workload several more times, so it is off by default here and
    on in ``advisor compare``).
    """
    source_file = None
    if isinstance(workload, (str, Path)):
        source_file = str(workload)
        workload = load_any(workload)  # workload YAML, ECS task-definition JSON or Kubernetes manifests
    elif isinstance(workload, dict):
        workload = parse_workload(workload)
    if region is not None:
        workload = workload.model_copy(update={"region": region.strip().lower()})
    prices = prices or default_pricebook()
    prices.check_region(workload.region)
    for p in platforms or []:
        if p not in ESTIMATORS:
            known = [x for x in PLATFORMS if x in ESTIMATORS]
            raise AdvisorError(
                f"platform {p!r} is not one advisor can price.{did_you_mean(p, known)} Valid: {', '.join(known)}."
            )
    estimates = price_estimates(workload, platforms, prices)
    if estimates and all(e.excluded for e in estimates):
        raise AdvisorError(
            f"the requirements of '{workload.name}' rule out every platform: "
            + "; ".join(f"{e.platform}: {', '.join(e.excluded)}" for e in estimates)
            + ". Relax requirements.portability or requirements.exclude_platforms (or --platform)."
        )
    rec = recommend(estimates, workload)
    if explain_changes and rec.platform is not None:
        rec.findings += what_would_change(workload, platforms, prices, rec.platform)
    comparison = Comparison(workload, estimates, rec, source_file=source_file)
    if require_complete and rec.platform is None:
        problems: list[str] = []
        for est in estimates:
            problems += [f"{est.platform}: {u.service}: {u.reason}" for u in est.unsupported]
            problems += [f"{est.platform}: {m}" for m in est.missing_prices]
        problems = list(dict.fromkeys(problems))
        raise AdvisorError(
            f"no platform can price every service of '{workload.name}' in {workload.region}:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return comparison
