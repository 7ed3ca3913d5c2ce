"""ECS on Fargate with Fargate Spot: each service priced under its capacity-provider strategy.

The strategy is the service's own ``capacity_provider_strategy`` when the workload gives one, otherwise the one
``advisor.sizing.strategy.recommend_strategy`` recommends: a FARGATE base of ``fargate_spot.on_demand_base``
tasks (default 1, an availability assumption) and the rest FARGATE:FARGATE_SPOT 1:3. Tasks are split with
``average_split`` (ECS's exact split at a whole task count, interpolated for an auto-scaling average), the same
rule at every scale. Tasks on FARGATE are billed at on-demand rates, tasks on FARGATE_SPOT at the Spot rates in
the price data, which are a dated snapshot: Fargate Spot prices float.

Rules and their sources:

* Fargate Spot is not offered for Windows containers ("Windows containers on AWS Fargate considerations",
  Amazon ECS Developer Guide; AWS Batch RuntimePlatform: "Fargate Spot is not supported on Windows-based
  containers on Fargate").
* arm64 on Fargate Spot: the ECS API Reference (CapacityProviderStrategyItem, current English edition) says
  "FARGATE_SPOT supports Linux tasks with the ARM64 architecture on platform version 1.4.0 or later"; advisor uses an
  arm64 Spot rate only where the price data has one. AWS's pages disagree: the Developer Guide's "AWS Fargate capacity
  providers" considerations (and the API Reference's older editions, "FARGATE_SPOT only supports Linux tasks with the
  X86_64 architecture") say "Linux tasks with the ARM64 architecture don't support the Fargate Spot capacity
  provider"; advisor follows the newer API text (checked 2026-12-03, docs/platforms.md "Rule sources checked").
"""

from __future__ import annotations

from advisor.costing.ec2 import add_volume_lines, persistent_volume_lines
from advisor.costing.fargate import (
    RateCache,
    add_surge,
    always_on_fraction,
    billed_hours,
    ecs_unsupported_reason,
    fargate_input_notes,
    fargate_request,
    invalid_task_size_note,
    part_sums,
    task_lines,
    task_parts,
)
from advisor.costing.lines import Estimate, ServiceStrategy, Unsupported
from advisor.costing.scale import ScaleModel
from advisor.errors import PriceDataError, SizingError
from advisor.platforms import FARGATE_STORAGE_CAPACITY
from advisor.pricing.book import PriceBook, fargate_spot_hint
from advisor.sizing.fargate import ecs_task_size
from advisor.sizing.strategy import (
    FARGATE,
    FARGATE_SPOT,
    ProviderShare,
    average_split,
    deployment_bounds,
    recommend_strategy,
    to_api_json,
)
from advisor.workload import Service, Workload
from advisor.workload.capacity_providers import places_tasks_on, plain_strategy
from advisor.workload.model import cluster_addon_runs_on


def strategy_for(service: Service, workload: Workload, why_no_spot: str | None) -> tuple[list[ProviderShare], list[str]]:
    """The service's strategy (its own, or the recommended one) and the reasons behind it."""
    if service.capacity_provider_strategy:
        strategy = [ProviderShare(i["capacityProvider"], i.get("base", 0), i.get("weight", 0))
                    for i in service.capacity_provider_strategy]
        return strategy, ["Your strategy, as given in the workload file (capacity_provider_strategy)."]
    policy = workload.fargate_spot
    base = service.on_demand_base if service.on_demand_base is not None else policy.on_demand_base
    return recommend_strategy(on_demand_base=base, spot_allowed=why_no_spot is None, why_no_spot=why_no_spot,
                              spot_weight=policy.spot_weight, on_demand_weight=policy.on_demand_weight,
                              job=service.runs_per_month is not None)


def _split_text(desired: float, split: dict[str, float]) -> str:
    parts = ", ".join(f"{v:g} on {k}" for k, v in split.items())
    what = "task(s)" if float(desired).is_integer() else "task(s) on average"
    return f"Of {desired:g} {what}: {parts}."


def _strategy_facts(desired: float, strategy: list[ProviderShare]) -> tuple[dict[str, float], bool, list[dict], str]:
    """For ``desired`` tasks under ``strategy``: (tasks per capacity provider, ``average_split``; whether it can place
    tasks on FARGATE_SPOT; the strategy as the ECS API writes it; the split in words), each a new object. A base or
    weight above 0, or FARGATE_SPOT alone, places tasks on Spot (``places_tasks_on``: a one-provider strategy places
    every task on its provider whatever its weight; a weight-0 FARGATE_SPOT alone was once read as "no task on Spot",
    and a Windows or spot: false service under it was priced at $0.00). Worked out once per (desired, strategy) of
    plain strategies: a workload of 10,000 services repeats a few."""
    key = (float(desired), tuple(strategy)) if plain_strategy(strategy) else None
    facts = _FACTS.get(key) if key is not None else None
    if facts is None:
        split = average_split(desired, strategy)
        facts = (split, places_tasks_on(strategy, FARGATE_SPOT), to_api_json(strategy), _split_text(desired, split))
        if key is not None:
            if len(_FACTS) > 4096:
                _FACTS.clear()
            _FACTS[key] = facts
    split, can_spot, api_json, text = facts
    return dict(split), can_spot, [dict(item) for item in api_json], text


_FACTS: dict[tuple, tuple] = {}


def estimate_ecs_fargate_spot(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on Fargate with FARGATE / FARGATE_SPOT capacity-provider strategies per service."""
    est = Estimate("ecs-fargate-spot")
    model = ScaleModel()
    rates = RateCache(prices, workload.region, est)
    spot_dates: set[str] = set()
    on_spot_declared: list[str] = []  # services with tasks on FARGATE_SPOT under their own strategy
    on_spot_recommended: list[str] = []  # ... under the recommended one
    for svc in workload.services:
        if not cluster_addon_runs_on(svc.cluster_addon, est.platform):
            continue  # a Deployment that runs the Kubernetes cluster: no ECS service, so no strategy (CLUSTER_ADDONS)
        if svc.peak_count == 0:
            # runs no task (kept only when every service is idle: Workload.without_idle_services): no line, and no
            # strategy to recommend ("FARGATE base 1: 1 task(s) stay on FARGATE ... Of 0 task(s): 0 on FARGATE")
            continue
        reason = ecs_unsupported_reason(svc)
        if reason:
            est.unsupported.append(Unsupported(svc.name, reason))
            continue
        try:
            size = ecs_task_size(*fargate_request(workload, svc), svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        if note := invalid_task_size_note(svc):
            est.notes.append(note)
        od_rate = rates.get(svc.architecture, svc.os)
        if od_rate is None:
            continue
        spot_rate = None
        why_no_spot = None
        ruled_out = True  # why_no_spot is a rule (Windows, spot: false), not a missing rate
        if svc.os == "windows":
            why_no_spot = "Fargate Spot is not offered for Windows containers"
        elif not svc.spot:
            why_no_spot = "the service is marked spot: false (not interruption-tolerant)"
        else:
            ruled_out = False
            spot_rate = rates.get(svc.architecture, svc.os, "spot", note_missing=False)
            if spot_rate is None:
                why_no_spot = f"the price data has no Fargate Spot rate for {svc.architecture} in {workload.region}"
                est.missing_prices.append(
                    f"missing price data: Fargate Spot rate for linux/{svc.architecture} in {workload.region} (table "
                    "fargate_rates); without it this platform equals ECS on Fargate and is not ranked. "
                    + fargate_spot_hint(workload.region, svc.architecture))
            else:
                spot_dates.add(spot_rate.vcpu_hour.as_of)
        strategy, reasons = strategy_for(svc, workload, why_no_spot)
        providers = [p.capacity_provider for p in strategy]
        other = [p for p in providers if p not in (FARGATE, FARGATE_SPOT)]
        if other:
            managed = {p.name for p in workload.ecs_managed_instances.capacity_providers or ()}
            kinds = [(f"ECS Managed Instances capacity provider(s) {', '.join(mi)}", "ecs-managed-instances")
                     for mi in [[p for p in other if p in managed]] if mi]
            kinds += [(f"EC2 capacity provider(s) {', '.join(ec2)}", "ecs-ec2")
                      for ec2 in [[p for p in other if p not in managed]] if ec2]
            est.unsupported.append(Unsupported(svc.name, "its strategy places tasks on " + " and ".join(
                f"{what}, which the {platform} platform prices" for what, platform in kinds)))
            continue
        split, can_spot, api_json, split_text = _strategy_facts(svc.desired, strategy)
        on_spot, on_fargate = split.get(FARGATE_SPOT, 0.0), split.get(FARGATE, 0.0)
        if can_spot and spot_rate is None and ruled_out:
            # a rule, not missing data: no price data would let this strategy run the service, so the platform
            # cannot run it (never "not ranked for lack of price data, could be cheaper")
            est.unsupported.append(Unsupported(svc.name, (
                f"its capacity_provider_strategy places tasks on FARGATE_SPOT but {why_no_spot}; give it a strategy "
                "without FARGATE_SPOT (e.g. capacityProvider: FARGATE, weight: 1)" + (
                    "" if svc.os == "windows" else ", or set spot: true if it tolerates interruptions"))))
            continue
        if can_spot and spot_rate is None:
            est.missing_prices.append(f"{svc.name}: its strategy uses FARGATE_SPOT but {why_no_spot}.")
            continue
        hours = billed_hours(workload, svc)
        on = always_on_fraction(workload, svc)
        try:
            od_parts = task_parts(svc, size, od_rate)
            # every task on FARGATE: the very lines (and so the very sum) of the all-on-demand figure, so the saving
            # is exactly 0, never a rounding residue below it; with tasks on Spot the same products, summed alike
            all_od_hours = svc.desired * hours
            if on_spot <= 0:
                lines = task_lines(svc, od_parts, od_rate, all_od_hours, always_on=on) if svc.desired > 0 else []
                all_od = sum(li.monthly_cost for li in lines)
            else:
                all_od = sum((p.quantity * all_od_hours) * p.rate.usd for p in od_parts)
                lines = task_lines(svc, od_parts, od_rate, on_fargate * hours, always_on=on) if on_fargate > 0 else []
            spot_parts = []
            if spot_rate is not None:
                # Ephemeral storage above 20 GiB is billed per GB-hour whatever the capacity; the Spot rows carry
                # no storage rate, so Spot tasks' extra storage is priced at the on-demand storage rate (noted).
                storage = rates.get(svc.architecture, svc.os, FARGATE_STORAGE_CAPACITY)
                spot_parts = task_parts(svc, size, spot_rate, storage_rate=storage and storage.ephemeral_storage_gb_hour)
                if on_spot > 0:
                    lines += task_lines(svc, spot_parts, spot_rate, on_spot * hours, always_on=0.0)
            volumes = persistent_volume_lines(workload, svc, prices, svc.desired, hours)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
            continue
        est.add(lines)
        if on_spot > 0:
            (on_spot_declared if svc.capacity_provider_strategy else on_spot_recommended).append(svc.name)
        first = strategy[0]
        second = strategy[1] if len(strategy) > 1 else None
        od_covered, od_other, _ = part_sums(od_parts)
        model.add_split(
            svc.desired,
            od_covered * hours, od_other * hours, part_sums(spot_parts)[2] * hours,
            max(p.base for p in strategy), first.weight, second.weight if second else 0,
            first.base > 0 or second is None or second.base == 0, second is None,
            first.capacity_provider == FARGATE, on)
        add_volume_lines(est, model, svc.desired, volumes)
        add_surge(est, model, svc, size, od_rate)
        bounds = deployment_bounds(svc.desired_count, svc.min_healthy_percent, svc.max_percent)
        est.strategies.append(ServiceStrategy(
            service=svc.name, strategy=api_json, tasks=split,
            min_healthy_tasks=bounds.min_healthy_tasks, max_tasks=bounds.max_tasks, can_roll=bounds.can_roll,
            monthly_cost_all_on_demand=all_od,
            monthly_cost=sum(li.monthly_cost for li in lines),
            reasons=reasons + [split_text], declared=bool(svc.capacity_provider_strategy)))
    rates.note()
    if on_spot_declared or on_spot_recommended:
        whose = "; ".join(part for part in (
            f"under your strategy: {', '.join(on_spot_declared)}" if on_spot_declared else "",
            f"under the recommended strategy: {', '.join(on_spot_recommended)}" if on_spot_recommended else "") if part)
        est.notes.append(
            f"FARGATE_SPOT tasks ({whose}) are billed at Fargate Spot rates as of {', '.join(sorted(spot_dates))}; "
            "Fargate Spot prices float with spare capacity, so Spot lines are estimates.")
    policy = workload.fargate_spot
    ecs_services = [s for s in workload.services
                    if cluster_addon_runs_on(s.cluster_addon, est.platform) and s.peak_count > 0]
    if any(s.capacity_provider_strategy for s in ecs_services):
        est.notes.append("Services that declare capacity_provider_strategy are priced under your strategy as given.")
    if ecs_services and not all(s.capacity_provider_strategy for s in ecs_services):
        recommended = [s for s in ecs_services if not s.capacity_provider_strategy]
        own = [f"{s.name} {s.on_demand_base}" for s in recommended
               if s.on_demand_base is not None and s.on_demand_base != policy.on_demand_base]
        jobs = any(s.runs_per_month is not None for s in recommended)
        est.notes.append(
            f"Recommended strategy for the other services: a FARGATE base of {policy.on_demand_base} task(s) per "
            f"service{' (per run for a batch job)' if jobs else ''} (availability assumption "
            f"fargate_spot.on_demand_base{'; on_demand_base set per service: ' + ', '.join(own) if own else ''}), "
            f"the rest FARGATE:FARGATE_SPOT {policy.on_demand_weight}:{policy.spot_weight}; services marked spot: "
            "false and Windows services stay on FARGATE.")
    if any(line.category == "storage" and line.purchase_option == "spot" for line in est.lines):
        est.notes.append("Extra ephemeral storage of Spot tasks is priced at the on-demand storage rate (the Spot "
                         "price data has no storage rate).")
    est.notes += fargate_input_notes(workload, est, eks=False)
    if any(s.architecture == "arm64" for s in workload.services):
        est.notes.append(
            "arm64 on Fargate Spot: current AWS docs (CapacityProviderStrategyItem) say FARGATE_SPOT supports Linux "
            "ARM64 on platform version 1.4.0+; advisor uses an arm64 Spot rate only where the data has one.")
    est.scale = model.freeze()
    return est
