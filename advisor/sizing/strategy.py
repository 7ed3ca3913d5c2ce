"""ECS capacity-provider strategies and rolling-deployment bounds (pure library code).

Everything here is deterministic arithmetic: no AWS calls, no pricing.  The
rules come from AWS's own documentation; each rule carries the title and URL of
the page that states it.

Main sources
------------
[CPSI]  "CapacityProviderStrategyItem - Amazon Elastic Container Service" (ECS API Reference)
        https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
[CCP]   "CreateCapacityProvider - Amazon Elastic Container Service" (ECS API Reference)
        https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCapacityProvider.html
[CFN]   "AWS::ECS::Cluster CapacityProviderStrategyItem" (AWS CloudFormation User Guide)
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-cluster-capacityproviderstrategyitem.html
[DC]    "DeploymentConfiguration - Amazon Elastic Container Service" (ECS API Reference)
        https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html

How tasks are split (``distribute``)
------------------------------------
ECS places the ``base`` tasks first, on the one provider that has a base; the
remaining tasks are shared between providers in proportion to their ``weight``;
providers with weight 0 get nothing beyond their base ([CPSI], [CFN]: "any
capacity providers with a weight of 0 can't be used to place tasks"; "if you
specify a weight of 1 for capacityProviderA and a weight of 4 for
capacityProviderB, then for every one task that's run using capacityProviderA,
four tasks would use capacityProviderB").

ECS itself places tasks one at a time, steering toward the weight ratio.  This
module instead computes the whole split at once with the largest-remainder
(Hamilton) method: every weighted provider first gets the floor of its exact
quota ``remainder * weight / total_weight``; the tasks still unplaced go, one
each, to the providers with the largest fractional parts, ties broken by the
order in which the providers appear in the strategy.  The arithmetic is done in
integers, so it is exact and deterministic.  Each provider's count is the floor
or the ceiling of its exact quota, i.e. it is within one task of what ECS
converges to.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from advisor.workload.capacity_providers import (
    BASE_MAX,
    BASE_MIN,
    FARGATE,
    FARGATE_SPOT,
    MAX_PROVIDERS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    ProviderShare,
    StrategyError,
    check_int_range,
    parse_shorthand,
    to_api_json,
    validate_strategy,
)

__all__ = [
    "StrategyError",
    "ProviderShare",
    "validate_strategy",
    "distribute",
    "parse_shorthand",
    "to_api_json",
    "DeploymentBounds",
    "deployment_bounds",
    "deployment_surge_task_hours",
    "recommend_strategy",
    "FARGATE",
    "FARGATE_SPOT",
    "MAX_PROVIDERS",
    "BASE_MIN",
    "BASE_MAX",
    "WEIGHT_MIN",
    "WEIGHT_MAX",
]


# --------------------------------------------------------------------------- distribution


def _hamilton(total: int, weights: list[int]) -> list[int]:
    """Largest-remainder apportionment of ``total`` by integer ``weights``.

    Ties in the fractional part go to the earlier index.  Exact integer arithmetic.
    """
    wsum = sum(weights)
    if total == 0 or wsum == 0:
        return [0] * len(weights)
    counts = [total * w // wsum for w in weights]
    rems = [total * w % wsum for w in weights]
    left = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (-rems[i], i))
    for i in order[:left]:
        counts[i] += 1
    return counts


def distribute(desired: int, strategy: list[ProviderShare]) -> dict[str, int]:
    """Split ``desired`` tasks across the providers of ``strategy`` the way ECS does.

    1. The base (on the one provider that has it) is placed first, capped at
       ``desired``.
    2. The remaining tasks are shared between providers in proportion to their
       weights; a provider with weight 0 gets nothing beyond its base.  A
       strategy with a single provider places every task on it.
    3. Remainders use the largest-remainder (Hamilton) method, ties broken by
       strategy order.  ECS places tasks one at a time toward the weight ratio;
       this reproduces it within one task per provider (each provider gets the
       floor or the ceiling of its exact share).

    AWS examples reproduced exactly: weights 1:3 with 12 tasks -> 3 and 9; base 2
    on the first provider, weights 1:3, 10 tasks -> 4 and 6; FARGATE weight 3 :
    FARGATE_SPOT weight 1 with 4 tasks -> 3 and 1.

    Returns a dict ordered as the strategy, whose values always sum to ``desired``.
    """
    validate_strategy(strategy, desired)
    counts = {item.capacity_provider: 0 for item in strategy}
    remaining = desired
    for item in strategy:
        if item.base > 0:
            placed = min(item.base, remaining)
            counts[item.capacity_provider] += placed
            remaining -= placed
    if remaining > 0:
        if len(strategy) == 1:
            counts[strategy[0].capacity_provider] += remaining
        else:
            shares = _hamilton(remaining, [item.weight for item in strategy])
            for item, n in zip(strategy, shares):
                counts[item.capacity_provider] += n
    return counts


# --------------------------------------------------------------------------- deployments


@dataclass(frozen=True)
class DeploymentBounds:
    """Task-count limits of an ECS rolling-update (``ECS``) deployment ([DC])."""

    desired: int
    minimum_healthy_percent: int
    maximum_percent: int
    min_healthy_tasks: int
    max_tasks: int
    surge_tasks: int
    can_roll: bool
    note: str


def _check_percents(desired: int, minimum_healthy_percent: int, maximum_percent: int) -> None:
    check_int_range("desired", desired, 0, None, "")
    # minimumHealthyPercent is a lower limit on RUNNING tasks "as a percentage of the
    # desiredCount" ([DC]); above 100 it would demand more tasks than desired.  0..100 is
    # this module's guard (the API reference does not print a range).
    check_int_range("minimum_healthy_percent", minimum_healthy_percent, 0, 100, "")
    # maximumPercent is an upper limit on RUNNING+PENDING tasks ([DC]); below 100 the
    # service could not even run its desired count.  ">= 100" is this module's guard.
    check_int_range("maximum_percent", maximum_percent, 100, None, "")


def deployment_bounds(
    desired: int, minimum_healthy_percent: int = 100, maximum_percent: int = 200
) -> DeploymentBounds:
    """Minimum and maximum task counts during a rolling deployment.

    From "DeploymentConfiguration - Amazon Elastic Container Service" ([DC],
    https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html):

    * minimumHealthyPercent: lower limit on tasks that must remain RUNNING, "as a
      percentage of the desiredCount (rounded up to the nearest integer)".
    * maximumPercent: upper limit on tasks RUNNING or PENDING, "as a percentage of
      the desiredCount (rounded down to the nearest integer)".
    * Defaults for a REPLICA service: maximumPercent 200 ("The default
      maximumPercent value for a service using the REPLICA service scheduler is
      200%"), minimumHealthyPercent 100.

    ``can_roll`` is True when the scheduler has room to make progress: it may
    start extra tasks (``max_tasks > desired``) or stop some old ones first
    (``min_healthy_tasks < desired``).  With 100/100 it can do neither.  A
    service with 0 desired tasks has nothing to replace, so ``can_roll`` is True.
    """
    _check_percents(desired, minimum_healthy_percent, maximum_percent)
    min_healthy = -(-desired * minimum_healthy_percent // 100)  # ceil, exact
    max_tasks = desired * maximum_percent // 100  # floor, exact
    surge = max(0, max_tasks - desired)
    if desired == 0:
        can_roll = True
        note = "desired is 0: there are no tasks to replace, so a deployment has nothing to do."
    else:
        can_roll = max_tasks > desired or min_healthy < desired
        if not can_roll:
            note = (
                f"cannot roll: at most {max_tasks} tasks may run (maximumPercent "
                f"{maximum_percent}% of {desired}, rounded down) and at least {min_healthy} "
                f"must stay healthy (minimumHealthyPercent {minimum_healthy_percent}%, rounded "
                "up), so ECS can neither start a new task nor stop an old one. Raise "
                "maximumPercent (e.g. 200) or lower minimumHealthyPercent."
            )
        elif surge > 0 and min_healthy < desired:
            note = (
                f"rolls with up to {surge} extra task(s) (max {max_tasks}) and may stop down to "
                f"{min_healthy} healthy task(s)."
            )
        elif surge > 0:
            note = (
                f"rolls by starting up to {surge} extra task(s) (max {max_tasks}) before "
                f"stopping old ones; never below {min_healthy} healthy."
            )
        else:
            note = (
                f"rolls without extra tasks: ECS stops up to {desired - min_healthy} old task(s) "
                f"first (capacity dips to {min_healthy}) and then starts replacements."
            )
    return DeploymentBounds(
        desired=desired,
        minimum_healthy_percent=minimum_healthy_percent,
        maximum_percent=maximum_percent,
        min_healthy_tasks=min_healthy,
        max_tasks=max_tasks,
        surge_tasks=surge,
        can_roll=can_roll,
        note=note,
    )


def deployment_surge_task_hours(
    desired: int,
    minimum_healthy_percent: int,
    maximum_percent: int,
    deployments_per_month: float,
    deployment_minutes: float,
) -> float:
    """Estimated extra task-hours per month that rolling deployments cost.

    Model (an estimate, deliberately simple and on the high side):

        surge_tasks * (deployment_minutes / 60) * deployments_per_month

    where ``surge_tasks = max_tasks - desired`` from :func:`deployment_bounds`,
    i.e. the scheduler is assumed to run every task it is allowed above the
    desired count for the whole deployment.  In reality ECS starts the extra
    tasks in batches and stops old ones as new ones become healthy, so the true
    figure is usually lower; a deployment that cannot make progress
    (``can_roll`` False) or that stops tasks before starting new ones
    (``surge_tasks`` 0) adds nothing.  Multiply by a task's hourly price to get
    money.
    """
    for field, value in (
        ("deployments_per_month", deployments_per_month),
        ("deployment_minutes", deployment_minutes),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise StrategyError(f"{field}={value!r} is not a number; give a number >= 0.")
        if not math.isfinite(value) or value < 0:
            raise StrategyError(f"{field}={value!r} is not valid; give a finite number >= 0.")
    bounds = deployment_bounds(desired, minimum_healthy_percent, maximum_percent)
    if not bounds.can_roll:
        return 0.0
    return float(bounds.surge_tasks * (deployment_minutes / 60.0) * deployments_per_month)


# --------------------------------------------------------------------------- recommendation


def recommend_strategy(
    desired: int,
    *,
    minimum_healthy_percent: int = 100,
    spot_allowed: bool = True,
    spot_weight: int = 3,
    on_demand_weight: int = 1,
) -> tuple[list[ProviderShare], list[str]]:
    """A careful FARGATE / FARGATE_SPOT strategy for a service of ``desired`` tasks.

    * ``base`` on FARGATE = the minimum healthy task count
      ``ceil(desired * minimum_healthy_percent / 100)``, capped at ``desired`` and
      at least 1 when ``desired >= 1``: the tasks the service must keep running
      stay on capacity that is not reclaimed (FARGATE_SPOT tasks "are interrupted
      with a two-minute warning" when AWS needs the capacity back [CPSI]).
    * The tasks above the base are shared FARGATE : FARGATE_SPOT by
      ``on_demand_weight : spot_weight`` (default 1:3).
    * ``spot_allowed=False`` -> a FARGATE-only strategy (weight 1).

    Returns ``(strategy, reasons)``; reasons are plain sentences with the numbers.
    The strategy always passes :func:`validate_strategy`.
    """
    check_int_range("desired", desired, 0, None, "")
    check_int_range("minimum_healthy_percent", minimum_healthy_percent, 0, 100, "")
    check_int_range("spot_weight", spot_weight, WEIGHT_MIN, WEIGHT_MAX, "")
    check_int_range("on_demand_weight", on_demand_weight, WEIGHT_MIN, WEIGHT_MAX, "")
    if spot_allowed and spot_weight == 0 and on_demand_weight == 0:
        raise StrategyError(
            "spot_weight and on_demand_weight are both 0; ECS needs at least one weight > 0. "
            "Use e.g. on_demand_weight=1, spot_weight=3."
        )

    min_healthy = -(-desired * minimum_healthy_percent // 100)
    base = min(min_healthy, desired)
    if desired >= 1:
        base = max(base, 1)
    base = min(base, BASE_MAX)

    reasons: list[str] = []
    if desired == 0:
        reasons.append(
            "The desired count is 0, so no tasks are placed; the strategy below is valid but "
            "has base 0. Re-run with the expected task count before the service scales out, "
            "or the first tasks will be split by weight alone."
        )
    else:
        why = (
            f"FARGATE base is {base}: the minimum healthy count is ceil({desired} x "
            f"{minimum_healthy_percent}%) = {min_healthy}"
        )
        if base != min_healthy:
            why += f", raised to {base} so at least one task runs on capacity that is not reclaimed"
        why += "; these tasks stay on FARGATE, which Spot interruptions cannot take away."
        reasons.append(why)

    if not spot_allowed:
        strategy = [ProviderShare(FARGATE, base=base, weight=1)]
        reasons.append(
            f"Spot is not allowed, so all {desired} task(s) run on FARGATE (weight 1); "
            "FARGATE_SPOT would put tasks on spare capacity that AWS can reclaim with a "
            "two-minute warning."
        )
        validate_strategy(strategy, desired)
        return strategy, reasons

    strategy = [
        ProviderShare(FARGATE, base=base, weight=on_demand_weight),
        ProviderShare(FARGATE_SPOT, base=0, weight=spot_weight),
    ]
    validate_strategy(strategy, desired)
    split = distribute(desired, strategy)
    rest = desired - min(base, desired)
    if desired > 0:
        if rest == 0:
            reasons.append(
                f"The base covers all {desired} task(s), so none run on FARGATE_SPOT at this "
                f"size; the {on_demand_weight}:{spot_weight} FARGATE:FARGATE_SPOT weights apply "
                f"only to tasks above {base} (for example when auto scaling adds tasks). "
                "Lower minimum_healthy_percent to put part of the service on Spot."
            )
        else:
            reasons.append(
                f"The other {rest} task(s) are split FARGATE:FARGATE_SPOT by weights "
                f"{on_demand_weight}:{spot_weight}: {split[FARGATE] - min(base, desired)} more "
                f"on FARGATE and {split[FARGATE_SPOT]} on FARGATE_SPOT, so {split[FARGATE]} of "
                f"{desired} run on FARGATE in total."
            )
    reasons.append(
        "FARGATE_SPOT supports Linux tasks on platform version 1.3.0 or later (X86_64) and "
        "1.4.0 or later (ARM64), per the ECS API reference, which lists Linux tasks only."
    )
    return strategy, reasons
