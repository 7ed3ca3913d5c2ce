"""Review checklist: what a reviewer would raise about a workload, derived from the Comparison.

Each finding is a dict ``{"level": "warn" | "info" | "ok", "topic", "text", "services": [...]}`` so the
report, a notebook or a CI gate can all read it. Rules (and the thresholds they use) are constants here.
"""

from __future__ import annotations

from advisor.compare.comparison import Comparison
from advisor.platforms import is_eks
from advisor.units import money, name_list
from advisor.workload.capacity_providers import places_tasks_on

#: Rounding waste above this share of the billed Fargate size (vCPU or memory) is flagged.
WASTE_THRESHOLD = 0.25

#: Recommended CloudWatch alarms (the product brief's list). Metric names per platform family.
ALARMS = (
    {"what": "CPU utilisation", "threshold": "> 80%", "for_minutes": 5,
     "ecs": "AWS/ECS CPUUtilization (per service)", "eks": "ContainerInsights pod_cpu_utilization (per pod)"},
    {"what": "Memory utilisation", "threshold": "> 85%", "for_minutes": 5,
     "ecs": "AWS/ECS MemoryUtilization (per service)", "eks": "ContainerInsights pod_memory_utilization (per pod)"},
    {"what": "Running tasks below desired", "threshold": "running < desired", "for_minutes": 2,
     "ecs": "ECS/ContainerInsights RunningTaskCount < DesiredTaskCount",
     "eks": "ContainerInsights service_number_of_running_pods < deployment replicas"},
    {"what": "Target response time", "threshold": "> 500 ms", "for_minutes": 3,
     "ecs": "AWS/ApplicationELB TargetResponseTime (per target group)",
     "eks": "AWS/ApplicationELB TargetResponseTime (per target group)"},
)


def waste_share(size: dict | None, waste: dict | None) -> float | None:
    """Largest share of a billed size (vCPU or memory) that the request leaves unused."""
    if not size or not waste:
        return None
    shares = [waste[k] / size[k] for k in ("vcpu", "memory_mib") if size.get(k)]
    return max(shares) if shares else None


def _on_spot(comparison: Comparison) -> set[str]:
    """Services the Fargate Spot estimate places (partly) on Spot capacity, read defensively."""
    names: set[str] = set()
    try:
        est = comparison.estimate("ecs-fargate-spot")
    except KeyError:
        return names
    for line in est.lines:
        if line.purchase_option == "spot" and line.service:
            names.add(line.service)
    for strat in est.strategies:
        if places_tasks_on(strat.strategy, "FARGATE_SPOT"):
            names.add(strat.service)
    # a service whose own strategy puts tasks on FARGATE_SPOT is on Spot as declared, even where the estimate lists it
    # as one the platform cannot run (a spot: false service under such a strategy); FARGATE_SPOT alone, weight 0,
    # places every task on Spot (CapacityProviderStrategyItem: the weight-0 rule is for several providers)
    for svc in comparison.workload.services:
        if places_tasks_on(svc.capacity_provider_strategy, "FARGATE_SPOT"):
            names.add(svc.name)
    return names


def review(comparison: Comparison) -> list[dict]:
    """Findings from the workload and its estimates, most important first."""
    w = comparison.workload
    out: list[dict] = []

    single = [s.name for s in w.services if (s.scaling.min if s.scaling else s.desired_count) == 1]
    if single:
        out.append({"level": "warn", "topic": "Single task",
                    "text": "These services run (or can scale down to) a single task, so one task failure, AZ event or "
                            "Spot interruption takes them down; run at least 2 tasks across Availability Zones.",
                    "services": single})

    intolerant = [s.name for s in w.services if not s.spot]
    placed = sorted(set(intolerant) & _on_spot(comparison))
    if placed:
        out.append({"level": "warn", "topic": "Spot on intolerant services",
                    "text": "Marked spot: false but placed on Fargate Spot (by their capacity_provider_strategy or the Spot "
                            "estimate); give them an "
                            "on-demand-only strategy (FARGATE, no FARGATE_SPOT).", "services": placed})
    elif intolerant:
        out.append({"level": "ok", "topic": "Spot on intolerant services",
                    "text": "Marked spot: false and kept off Spot capacity; keep any capacity-provider strategy for them "
                            "on FARGATE only.", "services": intolerant})

    blocked = [s for s in w.services if s.deployment_blocked]
    if blocked:
        out.append({"level": "warn", "topic": "Deployments blocked",
                    "text": "ECS can neither start an extra task (maximumPercent of the desired count, rounded down) "
                            "nor stop one (minimumHealthyPercent, rounded up), so a rolling update cannot proceed "
                            "(ECS API Reference, 'DeploymentConfiguration'): "
                            + "; ".join(f"{s.name}: {s.desired_count} task(s), {s.min_healthy_percent}% / "
                                        f"{s.max_percent}%" for s in blocked)
                            + ". Raise maximumPercent (200 for one task) or lower minimumHealthyPercent.",
                    "services": [s.name for s in blocked]})

    idle = [s.name for s in w.services if s.desired <= 0] + list(w.idle_services)  # left out: they run nothing
    if idle:
        out.append({"level": "warn", "topic": "No running tasks",
                    "text": "These services have 0 replicas, so nothing of them is priced; check the count (the "
                            "comparison holds no cost for them until they scale out).", "services": idle})

    wasteful = []
    for entry in comparison.services():
        for key, label in (("fargate", "ECS"), ("eks_fargate", "EKS")):
            share = waste_share(entry.get(f"{key}_size"), entry.get(f"{key}_waste"))
            if share is not None and share > WASTE_THRESHOLD:
                wasteful.append(f"{entry['name']} ({label}, {share:.0%})")
    if wasteful:
        out.append({"level": "warn", "topic": "Fargate rounding waste",
                    "text": f"More than {WASTE_THRESHOLD:.0%} of the billed Fargate size is unused after rounding the "
                            "request up to a valid size; resize the request to fit a valid size (see the Services section).",
                    "services": wasteful})

    ext = [(est, line) for est in comparison.estimates for line in est.lines if line.resource == "extended_support"]
    if ext or w.eks.support == "extended":
        costs = "; ".join(f"{est.label}: {money(line.monthly_cost)}/month" for est, line in ext)
        out.append({"level": "warn", "topic": "EKS extended support",
                    "text": "The cluster runs a Kubernetes version in extended support, which multiplies the control-plane "
                            "fee; plan an upgrade to a standard-support version." + (f" Surcharge: {costs}." if costs else ""),
                    "services": []})

    for est in comparison.estimates:
        if not est.complete:
            out.append({"level": "info", "topic": f"{est.label} not ranked",
                        "text": "; ".join([f"cannot run {name_list(names)}: {reason}"
                                           for reason, names in est.unsupported_by_reason().items()]
                                          + list(est.missing_prices)), "services": []})
    return out


def alarms(platform: str | None) -> list[dict]:
    """The recommended CloudWatch alarms, with the metric to use on ``platform`` (ECS or EKS)."""
    family = "eks" if platform and is_eks(platform) else "ecs"
    return [{"what": a["what"], "threshold": a["threshold"], "for_minutes": a["for_minutes"], "metric": a[family]}
            for a in ALARMS]
