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
from functools import lru_cache

from advisor.units import MAX_HOURS_PER_MONTH, num
from advisor.workload.capacity_providers import (
    BASE_MAX,
    BASE_MIN,
    DESIRED_BOUND,
    FARGATE,
    FARGATE_SPOT,
    MAX_DESIRED,
    MAX_PROVIDERS,
    WEIGHT_MAX,
    WEIGHT_MIN,
    ProviderShare,
    StrategyError,
    check_int_range,
    parse_shorthand,
    plain_strategy,
    to_api_json,
    validate_strategy,
)
from advisor.workload.model import MAX_PERCENT_RANGE, MIN_HEALTHY_PERCENT_RANGE

__all__ = [
    "StrategyError",
    "ProviderShare",
    "validate_strategy",
    "distribute",
    "average_split",
    "split_counts",
    "average_split_counts",
    "parse_shorthand",
    "to_api_json",
    "DeploymentBounds",
    "deployment_bounds",
    "average_surge_task_hours",
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


def average_split(desired: float, strategy: list[ProviderShare]) -> dict[str, float]:
    """Average tasks per provider when a service runs ``desired`` tasks on average (a fractional average).

    A service that averages 3.4 tasks runs 3 tasks part of the month and 4 the rest, so the split is the
    linear interpolation between ECS's exact distributions (:func:`distribute`) of ``floor(desired)`` and
    ``ceil(desired)``. At a whole ``desired`` it is exactly ECS's split; it is continuous in ``desired`` and,
    for a FARGATE / FARGATE_SPOT strategy (two providers), no provider's count falls as ``desired`` rises.
    """
    if desired < 0 or not math.isfinite(desired):
        raise StrategyError(f"desired={desired!r} is not valid; give a finite number of tasks >= 0.")
    if plain_strategy(strategy):
        return dict(_average_split(float(desired), tuple(strategy)))  # a workload repeats a few strategies
    return _average_split.__wrapped__(desired, strategy)


@lru_cache(maxsize=4096)
def _average_split(desired: float, strategy) -> dict[str, float]:
    low = int(math.floor(desired + 1e-9))
    frac = desired - low
    lo = distribute(low, strategy)
    if frac <= 1e-9:
        return {k: float(v) for k, v in lo.items()}
    hi = distribute(low + 1, strategy)
    return {k: lo[k] + (hi[k] - lo[k]) * frac for k in lo}


def split_counts(n, base, weight_first, weight_second, base_on_first, single):
    """Vectorised :func:`distribute` for strategies of one or two providers (numpy arrays, one entry per service).

    ``n`` whole tasks; ``base`` the base (on the first provider when ``base_on_first``, else on the second);
    ``weight_first``/``weight_second`` the weights in strategy order; ``single`` marks one-provider strategies
    (every task on the first provider). Returns ``(first, second)`` task counts, equal to :func:`distribute`
    (largest remainder, ties to the earlier provider).
    """
    import numpy as np

    n = np.asarray(n, dtype=np.int64)
    base = np.minimum(np.asarray(base, dtype=np.int64), n)
    w1 = np.asarray(weight_first, dtype=np.int64)
    w2 = np.asarray(weight_second, dtype=np.int64)
    rest = n - base
    total = w1 + w2
    safe = np.where(total > 0, total, 1)
    f1, r1 = np.divmod(rest * w1, safe)
    f2, r2 = np.divmod(rest * w2, safe)
    left = rest - f1 - f2  # 0 or 1 (2 when both remainders are non-zero only if total divides nothing: never)
    give1 = (left > 0) & (r1 >= r2)
    f1 = f1 + np.where(give1, left, 0)
    f2 = f2 + np.where(~give1, left, 0)
    f1 = np.where(total > 0, f1, rest)  # weights all 0 (single provider): everything on the only provider
    f2 = np.where(total > 0, f2, 0)
    first = np.where(base_on_first, base, 0) + f1
    second = np.where(base_on_first, 0, base) + f2
    single = np.asarray(single, dtype=bool)
    return np.where(single, n, first), np.where(single, 0, second)


def average_split_counts(desired, base, weight_first, weight_second, base_on_first, single):
    """Vectorised :func:`average_split`: interpolate :func:`split_counts` between floor and ceil of ``desired``."""
    import numpy as np

    desired = np.asarray(desired, dtype=float)
    low = np.floor(desired + 1e-9).astype(np.int64)
    frac = np.clip(desired - low, 0.0, 1.0)
    a1, a2 = split_counts(low, base, weight_first, weight_second, base_on_first, single)
    b1, b2 = split_counts(low + 1, base, weight_first, weight_second, base_on_first, single)
    return a1 + (b1 - a1) * frac, a2 + (b2 - a2) * frac


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
    check_int_range("desired", desired, 0, MAX_DESIRED, "", DESIRED_BOUND)
    # minimumHealthyPercent is a lower limit on RUNNING tasks "as a percentage of the
    # desiredCount" ([DC]); above 100 it would demand more tasks than desired.  maximumPercent
    # is an upper limit on RUNNING+PENDING tasks ([DC]); below 100 the service could not even
    # run its desired count.  The ranges are the workload format's (the API reference prints none).
    whose = "the workload format (services[].min_healthy_percent / max_percent) accepts"
    check_int_range("minimum_healthy_percent", minimum_healthy_percent, *MIN_HEALTHY_PERCENT_RANGE, "", whose)
    check_int_range("maximum_percent", maximum_percent, *MAX_PERCENT_RANGE, "", whose)


@lru_cache(maxsize=4096, typed=True)  # typed: 2.0 or True is validated (and refused), never served 2's result
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
                f"cannot roll: at most {max_tasks} task{'' if max_tasks == 1 else 's'} may run (maximumPercent "
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
    if deployments_per_month * deployment_minutes > MAX_HOURS_PER_MONTH * 60:
        raise StrategyError(
            f"deployments_per_month={num(deployments_per_month)} x deployment_minutes={num(deployment_minutes)} is "
            f"{num(deployments_per_month * deployment_minutes)} minutes of deployments, more than a month has "
            f"({MAX_HOURS_PER_MONTH * 60:g}); give the deployments one service runs in a month.")
    bounds = deployment_bounds(desired, minimum_healthy_percent, maximum_percent)
    if not bounds.can_roll:
        return 0.0
    return float(bounds.surge_tasks * (deployment_minutes / 60.0) * deployments_per_month)


#: Kubernetes Deployment RollingUpdate default maxSurge: 25%, rounded up (Kubernetes documentation,
#: "Deployments", section "Max Surge").
K8S_DEFAULT_MAX_SURGE = 0.25


def average_surge_task_hours(average: float, kind: str, minimum_healthy_percent: int, maximum_percent: int,
                             deployments_per_month: float, deployment_minutes: float) -> float:
    """Surge task-hours per month of a service that runs ``average`` tasks on average (a fractional average).

    A service that averages 3.4 tasks is deployed with 3 tasks part of the month and 4 the rest, so, as the
    provider split (:func:`average_split`), the figure is the linear interpolation between the whole counts'
    figures (:func:`deployment_surge_task_hours` for ``kind`` "ecs", :func:`k8s_surge_task_hours` for "k8s"):
    exact at a whole ``average``, continuous and non-decreasing in it. Raises ``StrategyError`` as those do."""
    if not math.isfinite(average) or average <= 0:
        return 0.0

    def at(n: int) -> float:
        if n <= 0:
            return 0.0
        if kind == "k8s":
            return k8s_surge_task_hours(n, deployments_per_month, deployment_minutes)
        return deployment_surge_task_hours(n, minimum_healthy_percent, maximum_percent, deployments_per_month,
                                           deployment_minutes)

    low = int(math.floor(average + 1e-9))
    frac = average - low
    if frac <= 1e-9:
        return at(low)
    return at(low) + (at(low + 1) - at(low)) * frac


def k8s_surge_task_hours(desired: int, deployments_per_month: float, deployment_minutes: float) -> float:
    """Extra pod-hours per month of Kubernetes rolling updates: ceil(25% x replicas) surge pods for each
    deployment's duration (maxSurge default; an estimate on the high side, like the ECS figure)."""
    if desired <= 0 or deployments_per_month <= 0:
        return 0.0
    return math.ceil(desired * K8S_DEFAULT_MAX_SURGE) * deployment_minutes / 60.0 * deployments_per_month


# --------------------------------------------------------------------------- recommendation


#: Default on-demand floor: tasks of each service kept on FARGATE. One task is enough that a full Spot reclaim
#: never takes a service to zero ("A service with only one task is interrupted until capacity is available",
#: Amazon ECS Developer Guide, "AWS Fargate capacity providers"; FARGATE_SPOT tasks get a two-minute warning,
#: [CPSI]); the AWS Spot workshop's example strategy also keeps a FARGATE base and weights 1:3 to FARGATE_SPOT.
#: An availability assumption, overridable per workload (``fargate_spot.on_demand_base``) and per service.
DEFAULT_ON_DEMAND_BASE = 1
#: Why a batch job's runs keep the base on FARGATE: they are standalone tasks (RunTask, a schedule), and only services
#: retry: "During periods of extremely high demand, Fargate Spot capacity might be unavailable ... When this happens,
#: Amazon ECS services retry launching tasks until the required capacity becomes available. Fargate does not replace
#: Spot capacity with on-demand capacity" (Amazon ECS Developer Guide, "Fargate Spot termination notices"); a RunTask
#: that finds no capacity fails ("Capacity is unavailable at this time", AWS re:Post Knowledge Center,
#: "ecs-fargate-runtask-capacity").
JOB_BASE_REASON = (
    "FARGATE base {base}: each run's first {base} task(s) go on FARGATE, because a run is a standalone task "
    "(RunTask): one on FARGATE_SPOT is not started when Spot capacity is unavailable, nor restarted when reclaimed "
    "(only services retry). A job that can simply be run again can take on_demand_base: 0 (the run's tasks then "
    "share FARGATE:FARGATE_SPOT by weight; for every task on Spot declare capacity_provider_strategy: "
    "[{{capacityProvider: FARGATE_SPOT, weight: 1}}]).")
#: ... and with no base: nothing of a run is kept on FARGATE (same sources).
JOB_NO_BASE_REASON = (
    "FARGATE base 0 (on_demand_base: 0): no task of a run is kept on FARGATE; a run's tasks on FARGATE_SPOT are not "
    "started when Spot capacity is unavailable, nor restarted when reclaimed (only services retry), so the job must "
    "be safe to run again.")
#: A service with no base: a Spot reclaim (two-minute warning) can take every task on FARGATE_SPOT at once, and "Fargate
#: does not replace Spot capacity with on-demand capacity" (same source).
NO_BASE_REASON = (
    "FARGATE base 0 (on_demand_base: 0): no task is kept on FARGATE, so a Spot reclaim (two-minute warning) can take "
    "every task placed on FARGATE_SPOT at once, and ECS retries them until Spot capacity is available (Fargate does "
    "not replace Spot capacity with on-demand).")
DEFAULT_ON_DEMAND_WEIGHT = 1
DEFAULT_SPOT_WEIGHT = 3


def recommend_strategy(
    *,
    on_demand_base: int = DEFAULT_ON_DEMAND_BASE,
    spot_allowed: bool = True,
    spot_weight: int = DEFAULT_SPOT_WEIGHT,
    on_demand_weight: int = DEFAULT_ON_DEMAND_WEIGHT,
    why_no_spot: str | None = None,
    job: bool = False,
) -> tuple[list[ProviderShare], list[str]]:
    """A FARGATE / FARGATE_SPOT strategy with an explicit on-demand floor, and the reasons for it.

    * ``base`` on FARGATE = ``on_demand_base`` tasks (default 1): an availability assumption — the tasks a
      service keeps on capacity Spot reclaims cannot take away (FARGATE_SPOT tasks "are interrupted with a
      two-minute warning" when AWS needs the capacity back [CPSI]). It is not the deployment's
      ``minimumHealthyPercent``, which governs rolling updates, not Spot interruptions.
    * Tasks above the base are shared FARGATE : FARGATE_SPOT by ``on_demand_weight : spot_weight`` (1:3), so a
      service with two or more tasks runs part of them on Spot.
    * ``spot_allowed=False`` -> FARGATE only (weight 1), with ``why_no_spot`` as the reason.
    * ``job=True`` (a batch job's runs, standalone tasks): the same strategy; the reason for the base is the job's
      own: a standalone task is not retried when Spot capacity is unavailable (``JOB_BASE_REASON``).

    The reasons describe the strategy; how many tasks land on each provider depends on the task count and is
    computed with :func:`average_split` by the caller. Always passes :func:`validate_strategy`.
    """
    strategy, reasons = _recommend_strategy(on_demand_base, spot_allowed, spot_weight, on_demand_weight, why_no_spot,
                                            bool(job))
    return list(strategy), list(reasons)


@lru_cache(maxsize=256, typed=True)  # typed: a float or bool argument is validated, never served an int's result
def _recommend_strategy(on_demand_base, spot_allowed, spot_weight, on_demand_weight, why_no_spot, job=False):
    check_int_range("on_demand_base", on_demand_base, BASE_MIN, BASE_MAX, "")
    check_int_range("spot_weight", spot_weight, WEIGHT_MIN, WEIGHT_MAX, "")
    check_int_range("on_demand_weight", on_demand_weight, WEIGHT_MIN, WEIGHT_MAX, "")
    if not spot_allowed:
        strategy = [ProviderShare(FARGATE, base=0, weight=1)]
        validate_strategy(strategy)
        return tuple(strategy), (f"All tasks on FARGATE because {why_no_spot or 'Spot is not allowed for this service'}.",)
    if spot_weight == 0 and on_demand_weight == 0:
        raise StrategyError(
            "spot_weight and on_demand_weight are both 0; ECS needs at least one weight > 0. "
            "Use e.g. on_demand_weight=1, spot_weight=3."
        )
    strategy = [ProviderShare(FARGATE, base=on_demand_base, weight=on_demand_weight),
                ProviderShare(FARGATE_SPOT, base=0, weight=spot_weight)]
    validate_strategy(strategy)
    reasons = (
        (JOB_BASE_REASON.format(base=on_demand_base) if on_demand_base > 0 else JOB_NO_BASE_REASON) if job else
        NO_BASE_REASON if on_demand_base == 0 else
        f"FARGATE base {on_demand_base}: {on_demand_base} task(s) stay on FARGATE so a Spot reclaim (two-minute "
        "warning) never takes the service below that floor (availability assumption fargate_spot.on_demand_base; "
        "set it per service with on_demand_base).",
        f"Tasks above the base are split FARGATE:FARGATE_SPOT {on_demand_weight}:{spot_weight} by weight.",
    )
    return tuple(strategy), reasons
