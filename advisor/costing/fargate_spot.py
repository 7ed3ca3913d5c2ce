"""ECS on Fargate with Fargate Spot: each service priced under its capacity-provider strategy.

The strategy is the service's own ``capacity_provider_strategy`` when the workload gives one, otherwise the
one ``advisor.sizing.strategy.recommend_strategy`` recommends (a FARGATE base equal to the minimum healthy task
count, the rest FARGATE:FARGATE_SPOT 1:3). Tasks on FARGATE are billed at on-demand rates, tasks on
FARGATE_SPOT at the bundled Spot rates, which are a point-in-time snapshot: Fargate Spot prices float.

Rules and their sources:

* Fargate Spot is not offered for Windows containers ("Windows containers on AWS Fargate considerations",
  Amazon ECS Developer Guide; AWS Batch RuntimePlatform: "Fargate Spot is not supported on Windows-based
  containers on Fargate").
* arm64 on Fargate Spot: the ECS API Reference (CapacityProviderStrategyItem) now says FARGATE_SPOT supports
  Linux ARM64 on platform version 1.4.0 or later; older AWS documents said it did not. advisor follows the
  data: arm64 tasks go on Spot only where the price tables hold an arm64 Spot rate, and the notes say so.
"""

from __future__ import annotations

from advisor.costing.lines import Estimate, Unsupported
from advisor.costing.fargate import fargate_task_lines, surge_lines
from advisor.errors import PriceDataError, SizingError
from advisor.pricing.book import PriceBook
from advisor.sizing.fargate import ecs_task_size
from advisor.sizing.strategy import (
    FARGATE,
    FARGATE_SPOT,
    ProviderShare,
    deployment_bounds,
    distribute,
    recommend_strategy,
    to_api_json,
)
from advisor.workload import Service, Workload


def split_tasks(desired: float, strategy: list[ProviderShare]) -> dict[str, float]:
    """Average tasks per provider. Whole desired counts use ECS's distribution exactly
    (``advisor.sizing.strategy.distribute``); a fractional average (auto scaling) places the base first and
    shares the rest by weight."""
    if float(desired).is_integer():
        return {k: float(v) for k, v in distribute(int(desired), strategy).items()}
    out = {p.capacity_provider: 0.0 for p in strategy}
    based = next((p for p in strategy if p.base > 0), None)
    rest = desired
    if based is not None:
        take = min(float(based.base), desired)
        out[based.capacity_provider] += take
        rest -= take
    total_w = sum(p.weight for p in strategy)
    if rest > 0:
        if total_w == 0:  # single provider with weight 0: it takes everything
            out[strategy[0].capacity_provider] += rest
        else:
            for p in strategy:
                out[p.capacity_provider] += rest * p.weight / total_w
    return out


def strategy_for(service: Service, spot_ok: bool) -> tuple[list[ProviderShare], list[str]]:
    """The service's strategy (its own, or the recommended one) and the reasons behind it."""
    if service.capacity_provider_strategy:
        strategy = [ProviderShare(i["capacityProvider"], i.get("base", 0), i.get("weight", 0))
                    for i in service.capacity_provider_strategy]
        return strategy, ["Strategy given in the workload file."]
    # The base protects the floor the service always keeps: for auto scaling, scaling.min.
    floor = service.scaling.min if service.scaling is not None else service.desired_count
    strategy, reasons = recommend_strategy(
        max(floor, 1) if service.desired > 0 else 0,
        minimum_healthy_percent=service.min_healthy_percent,
        spot_allowed=spot_ok,
    )
    if service.scaling is not None:
        reasons.append(
            f"The base is sized for the auto-scaling minimum ({service.scaling.min} tasks); tasks added above it "
            f"(average {service.desired:g}) are shared by weight."
        )
    return strategy, reasons


def estimate_ecs_fargate_spot(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on Fargate with FARGATE / FARGATE_SPOT capacity-provider strategies per service."""
    est = Estimate("ecs-fargate-spot")
    region = workload.region
    strategies = []
    spot_as_of: set[str] = set()
    for svc in workload.services:
        try:
            size = ecs_task_size(svc.vcpu, svc.memory_mib, svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        try:
            od_rate = prices.fargate_rate(region, svc.architecture, svc.os, "on_demand")
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
            continue
        spot_rate = None
        why_no_spot = None
        if svc.os == "windows":
            why_no_spot = "Fargate Spot is not offered for Windows containers"
        elif not svc.spot:
            why_no_spot = "the service is marked spot: false (not interruption-tolerant)"
        else:
            try:
                spot_rate = prices.fargate_rate(region, svc.architecture, svc.os, "spot")
                spot_as_of.add(spot_rate.vcpu_hour.as_of)
            except PriceDataError:
                why_no_spot = (f"the price data has no Fargate Spot rate for {svc.architecture} in {region} "
                               f"(run 'advisor pricing refresh --region {region} --tables fargate')")
        strategy, reasons = strategy_for(svc, spot_ok=spot_rate is not None)
        if why_no_spot and not svc.capacity_provider_strategy:
            reasons.append(f"All on FARGATE because {why_no_spot}.")
        split = split_tasks(svc.desired, strategy)
        hours = workload.hours_for(svc)
        on_spot = sum(v for k, v in split.items() if k == FARGATE_SPOT)
        on_fargate = sum(v for k, v in split.items() if k == FARGATE)
        other = {k: v for k, v in split.items() if k not in (FARGATE, FARGATE_SPOT) and v > 0}
        if other:
            est.unsupported.append(Unsupported(svc.name, f"its strategy places tasks on EC2 capacity providers "
                                               f"{', '.join(other)}, which the ecs-ec2 platform prices"))
            continue
        if on_spot > 0 and spot_rate is None:
            est.missing_prices.append(f"{svc.name}: its strategy uses FARGATE_SPOT but {why_no_spot}.")
            continue
        try:
            lines = []
            if on_fargate > 0:
                lines += fargate_task_lines(svc, size, od_rate, on_fargate * hours)
            if on_spot > 0:
                # Ephemeral storage above 20 GiB is billed per GB-hour whatever the capacity; the Spot rows carry no
                # storage rate, so Spot tasks' extra storage is priced at the on-demand storage rate (noted).
                lines += fargate_task_lines(svc, size, spot_rate, on_spot * hours, category="spot",
                                            storage_rate=od_rate.ephemeral_storage_gb_hour)
            lines += surge_lines(svc, size, od_rate, workload)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
            continue
        est.lines += lines
        all_od = sum(li.monthly_cost for li in fargate_task_lines(svc, size, od_rate, svc.desired * hours))
        mixed = sum(li.monthly_cost for li in lines if li.category != "surge")
        bounds = deployment_bounds(svc.desired_count, svc.min_healthy_percent, svc.max_percent)
        strategies.append({
            "service": svc.name,
            "capacityProviderStrategy": to_api_json(strategy),
            "tasks": {k: v for k, v in split.items()},
            "deployment": {"min_healthy_tasks": bounds.min_healthy_tasks, "max_tasks": bounds.max_tasks,
                           "can_roll": bounds.can_roll},
            "monthly_cost_all_on_demand": all_od,
            "monthly_cost": mixed,
            "monthly_saving": all_od - mixed,
            "reasons": reasons,
        })
    est.extra["strategies"] = strategies
    est.notes.append(
        "FARGATE_SPOT tasks are billed at Fargate Spot rates, which float with spare capacity: the bundled rates are "
        f"a point-in-time snapshot (as of {', '.join(sorted(spot_as_of)) or 'n/a'}), so Spot lines are estimates."
    )
    est.notes.append(
        "Default strategy: a FARGATE base equal to the minimum healthy task count (of the auto-scaling minimum, when "
        "scaling is set), the rest FARGATE:FARGATE_SPOT 1:3; a full Spot reclaim cannot take a service below its "
        "deployment floor. Services marked spot: false and Windows services stay on FARGATE."
    )
    if any(li.category == "storage" and li.name and "Spot" in li.name for li in est.lines):
        est.notes.append("Extra ephemeral storage of Spot tasks is priced at the on-demand storage rate (the Spot "
                         "price data has no storage rate).")
    if any(s.architecture == "arm64" for s in workload.services):
        est.notes.append(
            "arm64 on Fargate Spot: current AWS docs (CapacityProviderStrategyItem) say FARGATE_SPOT supports Linux "
            "ARM64 on platform version 1.4.0+; advisor uses an arm64 Spot rate only where the data has one."
        )
    est.missing_prices[:] = list(dict.fromkeys(est.missing_prices))
    return est
