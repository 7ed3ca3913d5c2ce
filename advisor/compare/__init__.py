"""compare(): price a workload on every platform and recommend one. Returns a ``Comparison``.

``estimates``   the pricing pipeline (estimators, shared costs, commitments, constraints, operations)
``recommend``   ranking and the findings behind the recommendation
``sweep``       the one scaling sweep and crossover rule
``comparison``  the result object every renderer reads
"""

from __future__ import annotations

from pathlib import Path

from advisor.compare.assumptions import decision_assumptions
from advisor.compare.comparison import Comparison, Finding, Recommendation
from advisor.compare.constraints import gpu_services
from advisor.compare.declared import price_declared, with_declared_support
from advisor.compare.estimates import price_estimates
from advisor.compare.recommend import recommend, what_would_change
from advisor.compare.sweep import DEFAULT_FACTORS, Sweep
from advisor.compare.sweep import sweep as run_sweep
from advisor.costing import ESTIMATORS
from advisor.errors import AdvisorError, UnknownInstanceNamesError, did_you_mean
from advisor.platforms import PLATFORMS
from advisor.pricing.book import PriceBook, default_pricebook
from advisor.progress import step
from advisor.workload import Workload, parse_workload
from advisor.workload.importers import detect, load_any

__all__ = ["DEFAULT_FACTORS", "MAX_MONTHLY_USD", "Comparison", "Finding", "Recommendation", "Sweep", "check_amounts",
           "check_platforms", "compare",
           "price_estimates", "recommend", "run_sweep"]


def compare(
    workload: Workload | dict | str | Path,
    *,
    region: str | None = None,
    platforms: list[str] | None = None,
    prices: PriceBook | None = None,
    require_complete: bool = False,
    explain_changes: bool = True,
    scaling: bool = True,
    strict: bool = False,
    allow_all_excluded: bool = False,
) -> Comparison:
    """Price a workload on each platform and recommend one: the ``Comparison`` every renderer reads.

    ``workload`` is a ``Workload``, a dict in the workload-file format, or a path (workload YAML, ECS task
    definition JSON, Kubernetes manifests, a Terraform plan or state, a CloudFormation/CDK template, '-').
    ``region`` overrides the workload's region. ``platforms`` selects platform ids (default: every platform advisor
    can price). With ``require_complete`` an ``AdvisorError`` is
    raised when no platform can price every service (the CLI uses this so impossible sizes and missing prices exit
    with code 2). With ``scaling`` (default) the comparison also holds the scaling sweep over ``DEFAULT_FACTORS``
    (evaluated from the estimates' scale models; nothing is priced twice) and, with ``explain_changes``, the
    recommendation says where the cheapest platform changes. With ``strict`` every assumption the input leaves
    open (containers without requests, a Windows image without ``runtimePlatform``, a Job or scheduled task of
    unknown length) is an error instead of a note. The comparison's ``notes`` say how the input was read; when the
    workload declares how it runs today (``Workload.declared``, from Terraform or CloudFormation), ``declared``
    prices that estate with the same rates (``advisor.compare.declared``). Raises ``AdvisorError``
    (``WorkloadError``, ``PriceDataError``, ...) for input the user can fix, and when the workload's requirements
    (``advisor.compare.constraints``) rule out every platform asked for -- unless ``allow_all_excluded``: then the
    comparison is returned with every estimate excluded, its reasons in ``Estimate.excluded``, and no
    recommendation, as for a workload no platform can run (``advisor diff`` prices each side so: a side ruled out
    entirely is "not priced", not an unreadable input).
    """
    source_file = None
    if isinstance(workload, (str, Path)):
        source_file = str(workload)
        step(f"reading {source_file}")
        # workload YAML, task definitions, manifests, '-' for stdin; a template or plan resolves AWS::Region with region
        workload = load_any(workload, strict=strict, region=region)
    elif isinstance(workload, dict):
        workload = parse_workload(workload, strict=strict)
    elif not isinstance(workload, Workload):
        from advisor.units import show

        raise AdvisorError(f"compare(workload): cannot compare {type(workload).__name__} {show(workload)}; give a file "
                           "path (a string or Path), a dict in the workload-file format or a Workload.")
    if region is not None:
        workload = workload.model_copy(update={"region": region.strip().lower()})
    workload = workload.without_idle_services()  # a service scaled to zero needs no capacity of any kind
    prices = prices or default_pricebook()
    prices.check_region(workload.region)
    workload, support_notes = with_declared_support(workload, prices)  # a declared cluster's version -> eks.support
    chosen = check_platforms(platforms)
    try:
        estimates = price_estimates(workload, chosen, prices)
    except UnknownInstanceNamesError as exc:
        raise UnknownInstanceNamesError(f"{exc}{imported_names_hint(source_file)}") from None
    check_amounts(estimates)
    if estimates and all(e.excluded for e in estimates) and not allow_all_excluded:
        raise AdvisorError(all_excluded_message(workload, estimates))
    rec = recommend(estimates, workload)
    if scaling:
        step(f"scaling check: {DEFAULT_FACTORS[0]:g}x to {DEFAULT_FACTORS[-1]:g}x today's replicas")
    curve = run_sweep(estimates, workload) if scaling else None
    if explain_changes and curve is not None:
        rec.findings += what_would_change(curve, workload, rec.platform)
    if workload.declared is not None:
        step("pricing the estate as declared")
    comparison = Comparison(workload, estimates, rec, notes=workload.input_notes() + support_notes,
                            source_file=source_file, scaling=curve, declared=price_declared(workload, prices),
                            assumptions=decision_assumptions(workload, [e.platform for e in estimates]))
    if require_complete and rec.platform is None:
        raise AdvisorError(
            f"no platform can price every service of '{workload.name}' in {workload.region}:\n"
            + "\n".join(f"  - {p}" for p in grouped_problems(estimates))
        )
    return comparison


def grouped_problems(estimates: list) -> list[str]:
    """Why each estimate is incomplete or ruled out, one line per reason, ``"<platforms>: <reason>"``: a reason
    several platforms share (the Fargate rates the three Fargate platforms need, a region's missing shared rates) is
    one line naming them all, in the estimates' order, so the message says each missing rate once."""
    by_reason: dict[str, list[str]] = {}
    for est in estimates:
        for p in est.problems() + [f"ruled out: {r}" for r in est.excluded]:
            platforms = by_reason.setdefault(p, [])
            if est.platform not in platforms:
                platforms.append(est.platform)
    return [f"{', '.join(platforms)}: {p}" for p, platforms in by_reason.items()]


def imported_names_hint(source_file: str | None) -> str:
    """For an unknown instance name (``UnknownInstanceNamesError``) in an input that is not a workload file: where
    the fields the message names come from, since the user wrote a manifest, task definition or template, not
    ``ec2.allowed_types``; "" for a workload file, standard input ('-', read once) or an input that cannot be read
    again."""
    if not source_file or source_file == "-":
        return ""
    try:
        kind = detect(source_file)
    except AdvisorError:
        return ""
    if kind == "workload":
        return ""
    return (f"\n{source_file} is not a workload file: advisor imported these fields from it (a pod's "
            "node.kubernetes.io/instance-type or instance-family node selector, an ECS placement constraint, a "
            "Karpenter NodePool's requirements, a launch template's or node group's instance types). "
            f"'advisor import {kind} {source_file} -o -' prints the workload with its notes and comments on where each came from; "
            "correct the name there, in the input.")


def all_excluded_message(workload: Workload, estimates) -> str:
    """What to say when the workload's requirements (``advisor.compare.constraints``) rule out every platform in
    ``estimates``: each platform's reasons, and what to change."""
    gpu = bool(gpu_services(workload))
    return (f"the requirements of '{workload.name}' rule out every platform: "
            + "; ".join(f"{e.platform}: {', '.join(e.excluded)}" for e in estimates)
            + (". advisor cannot price GPU services yet: Fargate has no GPUs and advisor does not size GPU instances; "
               "compare the other services without them and price the GPU nodes separately." if gpu else
               ". Change what the reasons name (requirements.portability, requirements.exclude_platforms), or choose "
               "other platforms with --platform."))


#: The largest monthly amount (USD) advisor prices: a trillion dollars a month, about a hundred times AWS's whole
#: revenue, so only a slip of units or figures gets there (bytes written as GB, a month's traffic as an hour's). Money
#: is shown to the cent, which a binary float holds exactly only below about $90 trillion (2^53 cents), and a sweep
#: multiplies replicas by up to 1000: above this a total stopped being the sum of its parts as shown
#: ($595,201,385,009,215,232.00 = $595,201,375,009,185,280.00 + $10,000,030,000.00).
MAX_MONTHLY_USD = 1e12


#: The workload fields behind a shared-cost line, by ``LineItem.resource`` (advisor.costing.shared.RESOURCE).
_FIELDS = {
    "capacity_unit": "shared.load_balancers / shared.network_load_balancers (count and traffic figures)",
    "load_balancer": "shared.load_balancers / shared.network_load_balancers (count)",
    "data_processed": "shared.nat_gateways.processed_gb_per_month",
    "log_ingestion": "shared.logs.ingested_gb_per_month / shared.container_insights.performance_log_gb_per_month",
    "log_storage": "shared.logs.stored_gb", "metric": "shared.container_insights.metrics",
    "registered_resource": "shared.service_discovery.registered_resources",
    "api_request": "shared.service_discovery.api_calls_per_month",
}


def check_amounts(estimates) -> None:
    """``WorkloadError`` when a platform's monthly total (infrastructure plus operations) is above
    ``MAX_MONTHLY_USD``, naming its largest line, its quantity and unit price, and what to check."""
    from advisor.errors import WorkloadError
    from advisor.units import money, num, usd_rate

    for est in estimates:
        lines = est.lines + est.operations
        if not lines or abs(est.monthly_tco) <= MAX_MONTHLY_USD:
            continue
        big = max(lines, key=lambda ln: abs(ln.monthly_cost))
        raise WorkloadError(
            f"{est.label} comes to {money(est.monthly_tco)} a month, more than advisor prices "
            f"({money(MAX_MONTHLY_USD)} a month, far beyond any AWS bill): its largest line, '{big.name}'"
            f"{f' of {big.service}' if big.service else ''}, is {num(big.quantity)} {big.unit} x "
            f"${usd_rate(big.unit_price)} = {money(big.monthly_cost)}. Check the workload figures behind that line"
            f"{f' ({_FIELDS[big.resource]})' if big.resource in _FIELDS else ''} and their units (GB, not bytes; "
            "per hour or per second, not per month; per load balancer, not in all), and the price data it uses "
            "('advisor pricing show --region R').")


def check_platforms(platforms, what: str | None = None) -> list[str] | None:
    """Platform ids, de-duplicated in the order given (None or empty: every platform); ``AdvisorError`` for an
    unknown id, with a did-you-mean hint, its message starting with ``what`` (the argument, such as
    ``price(platforms=...)``) when given. Ids are read as region codes are: surrounding spaces dropped, any case
    (``" ECS-Fargate"`` is ``ecs-fargate``)."""
    if platforms is None:
        return None
    if isinstance(platforms, str):
        platforms = [platforms]
    chosen = list(dict.fromkeys(p.strip().lower() if isinstance(p, str) else p for p in platforms))
    known = [p for p in PLATFORMS if p in ESTIMATORS]
    for p in chosen:
        if p not in ESTIMATORS:
            raise AdvisorError(f"{what + ': ' if what else ''}platform {p!r} is not one advisor can price."
                               f"{did_you_mean(str(p), known)} "
                               f"Valid: {', '.join(known)}.")
    return chosen or None
