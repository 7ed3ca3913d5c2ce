"""The assumptions behind a comparison: every default that can tilt the ranking between platforms, with its value,
its basis (a source, or advisor's own assumption), whether the workload set it, and how to change it.

``decision_assumptions`` builds ``Comparison.assumptions``, which every renderer shows (table, Markdown, JSON, the
report), so that a default that favours one platform is never applied silently. An entry is listed only when a
platform it changes is compared. What is *not* listed: AWS's own rules and published figures (Fargate sizes, the EKS
+256 MiB, kube-reserved, the AMIs' root volumes, max pods), which each estimate cites in its notes.

``ec2_surge_note`` is the note an EC2 estimate carries when the workload has rolling deployments: the Fargate
platforms price the extra tasks a deployment starts (``advisor.costing.fargate.add_surge``), the EC2 fleets do not
(they are packed for the steady state), and the same words are given for ECS on EC2, EKS on EC2, ECS Managed
Instances and EKS Auto Mode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from advisor.costing.fargate import surge_task_hours
from advisor.costing.lines import Estimate
from advisor.costing.operations import EXPERIENCE_FACTOR
from advisor.platforms import (
    EC2_PLATFORMS,
    ECS_PLATFORMS,
    EKS_PLATFORMS,
    FARGATE_PLATFORMS,
    MANAGED_INSTANCE_PLATFORMS,
    PLATFORMS,
    SELF_MANAGED_EC2_PLATFORMS,
    is_eks,
    label,
)
from advisor.sizing.strategy import K8S_DEFAULT_MAX_SURGE, deployment_bounds
from advisor.units import money, num
from advisor.workload import Workload

#: The basis of a figure advisor chose itself: no AWS document or survey gives it. Said once in the list's heading
#: (``advisor.render.text.ASSUMPTIONS_HEAD``, the report's), not in every entry.
ADVISOR_ASSUMPTION = "advisor's assumption"


@dataclass
class Assumption:
    """One default that can tilt the comparison.

    ``field``: the workload field(s) that set it; ``value``: what was applied, in words; ``platforms``: the platform
    ids it changes (in ``PLATFORMS`` order); ``basis``: its source, or ``ADVISOR_ASSUMPTION``; ``given``: True when
    the workload sets it, False for advisor's default; ``effect``: what it does and how to change it."""

    field: str
    value: str
    platforms: list[str]
    basis: str
    given: bool
    effect: str = ""
    data: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        """For people: "field: value (default|set in the workload; basis). effect"."""
        who = "set in the workload" if self.given else "default"
        return f"{self.field}: {self.value} ({who}; {self.basis}). {self.effect}"

    def to_dict(self) -> dict:
        return {"field": self.field, "value": self.value, "platforms": list(self.platforms), "basis": self.basis,
                "given": self.given, "effect": self.effect, "text": self.text, "data": dict(self.data)}


def _set(section, *names: str) -> bool:
    """Whether the workload file sets any of ``names`` in ``section`` (a pydantic model): pydantic's fields_set."""
    return any(n in section.model_fields_set for n in names)


def _among(platforms: list[str], family) -> list[str]:
    return [p for p in PLATFORMS if p in platforms and p in family]


def surge_tasks(workload: Workload, platform: str) -> list[tuple[str, int, float]]:
    """(service, extra tasks/pods one rolling deployment may start at once, surge task-hours a month) of each service
    with deployments: ECS platforms by the ECS rule (floor(desired x maximumPercent) - desired, ECS API Reference
    "DeploymentConfiguration"), EKS platforms by the Kubernetes default maxSurge (25%, rounded up; Kubernetes
    "Deployments"), as the Fargate estimates price them (``advisor.costing.fargate.surge_task_hours``)."""
    out = []
    for s in workload.services:
        if s.deployments_per_month <= 0 or s.desired <= 0:
            continue
        n = s.desired_count
        extra = (math.ceil(n * K8S_DEFAULT_MAX_SURGE) if is_eks(platform)
                 else deployment_bounds(n, s.min_healthy_percent, s.max_percent).surge_tasks)
        hours = surge_task_hours(s, kubernetes=is_eks(platform))
        if extra > 0 and hours > 0:
            out.append((s.name, extra, hours))
    return out


def ec2_surge_note(workload: Workload, est: Estimate) -> str | None:
    """The note of an EC2 estimate (ECS on EC2, EKS on EC2, ECS Managed Instances, EKS Auto Mode) whose workload has
    rolling deployments: surge is not priced on the fleet, with the largest one deployment's extra request and the
    fleet's utilisation; None when no service deploys (or the platform is not an EC2 one)."""
    if est.platform not in EC2_PLATFORMS:
        return None
    surges = surge_tasks(workload, est.platform)
    if not surges:
        return None
    by_name = {s.name: s for s in workload.services}

    def request(name: str, extra: int) -> tuple[float, float]:
        s = by_name[name]
        return extra * s.vcpu, extra * s.memory_mib

    name, extra, _ = max(surges, key=lambda t: request(t[0], t[1]))
    vcpu, mib = request(name, extra)
    hours = sum(h for _, _, h in surges)
    unit = "pod" if is_eks(est.platform) else "task"
    room = ""
    if est.fleet is not None and est.fleet.utilisation:
        u = est.fleet.utilisation
        room = (f" (the fleet's allocatable is {u.get('cpu', 0) * 100:.0f}% CPU, "
                f"{u.get('memory_mib', 0) * 100:.0f}% memory and {u.get('slots', 0) * 100:.0f}% "
                f"{'pod' if is_eks(est.platform) else 'task'} slots used)")
    rule = ("Kubernetes maxSurge 25%, rounded up" if is_eks(est.platform)
            else "floor(desired x max_percent) - desired")
    return (f"Deployment surge is not priced on this fleet, as on every EC2 platform (the Fargate platforms price it as "
            f"'Deployment surge' lines): the fleet is packed for the steady state, and the extra {unit}s a rolling "
            f"deployment starts ({rule}; {num(hours)} {unit}-hours a month in all; at most {extra} {unit}(s) of "
            f"{name} at once, {num(vcpu)} vCPU / {num(mib)} MiB) run in its spare room{room} or on nodes a scaler "
            "adds for the deployment, which advisor does not price. Keep room for them with ec2.headroom_percent.")


def decision_assumptions(workload: Workload, platforms: list[str]) -> list[Assumption]:
    """The defaults that can tilt the comparison of ``platforms`` (ids), each with its value, basis, whether the
    workload set it, and how to change it (``Assumption``), in a fixed order: operations effort (rate, hours,
    experience), the Fargate Spot strategy, the EC2 fleets' Spot, headroom, minimum nodes and VM memory overhead,
    ECS Managed Instances' default provider, deployment surge, data transfer."""
    out: list[Assumption] = []
    ops, team, ec2 = workload.operations, workload.team, workload.ec2
    ecs, eks = _among(platforms, ECS_PLATFORMS), _among(platforms, EKS_PLATFORMS)
    ec2_fleets = _among(platforms, EC2_PLATFORMS)
    everything = [p for p in PLATFORMS if p in platforms]

    if ops.include:
        out.append(Assumption(
            "operations.engineer_cost_per_hour", f"{money(ops.engineer_cost_per_hour)} per engineer-hour", everything,
            ADVISOR_ASSUMPTION, _set(ops, "engineer_cost_per_hour"),
            "One rate for every platform, pricing the operations hours into each total; set your loaded rate, or "
            "operations.include: false to rank on infrastructure alone."))
        hours = []
        if ecs:
            hours.append(f"ECS service upkeep {num(ops.ecs_hours_per_month)} (ecs_hours_per_month)")
        if any(p in platforms for p in ("eks-ec2", "eks-fargate")):
            hours.append(f"EKS cluster upkeep {num(ops.eks_cluster_hours_per_month)} per cluster "
                         "(eks_cluster_hours_per_month)")
        if "eks-auto-mode" in platforms:
            hours.append(f"EKS Auto Mode cluster upkeep {num(ops.eks_auto_mode_cluster_hours_per_month)} per cluster "
                         "(eks_auto_mode_cluster_hours_per_month)")
        if _among(platforms, SELF_MANAGED_EC2_PLATFORMS):
            hours.append(f"EC2 node upkeep {num(ops.ec2_node_hours_per_month)} (ec2_node_hours_per_month)")
        if _among(platforms, MANAGED_INSTANCE_PLATFORMS):
            hours.append(f"managed instances {num(ops.managed_instances_hours_per_month)} "
                         "(managed_instances_hours_per_month)")
        if hours:
            out.append(Assumption(
                "operations.*_hours_per_month", "engineer-hours a month: " + ", ".join(hours), everything,
                ADVISOR_ASSUMPTION + "; the EKS cluster figure follows the EKS User Guide's upgrade cadence, 14 "
                "months of standard support per version",
                _set(ops, "ecs_hours_per_month", "eks_cluster_hours_per_month", "ec2_node_hours_per_month",
                     "eks_auto_mode_cluster_hours_per_month", "managed_instances_hours_per_month"),
                "Figures for an experienced team, before the experience factors; set your own in the operations "
                "section."))
        if ecs or eks:
            k, e = team.kubernetes_experience, team.ecs_experience
            kf, ef = EXPERIENCE_FACTOR[k], EXPERIENCE_FACTOR[e]
            tilt = ("The two differ: the same team is assumed to know one orchestrator better than the other. "
                    if k != e else "The same level for both, so neither orchestrator is favoured. ")
            out.append(Assumption(
                "team.kubernetes_experience, team.ecs_experience",
                f"Kubernetes '{k}' (EKS hours x{kf:g}), ECS '{e}' (ECS hours x{ef:g})", ecs + eks,
                ADVISOR_ASSUMPTION, _set(team, "kubernetes_experience", "ecs_experience"),
                tilt + "Set both in the team section: "
                + ", ".join(f"{level} x{f:g}" for level, f in EXPERIENCE_FACTOR.items()) + ".",
                {"kubernetes_experience": k, "ecs_experience": e, "kubernetes_factor": kf, "ecs_factor": ef}))

    if "ecs-fargate-spot" in platforms and any(not s.capacity_provider_strategy for s in workload.services):
        fs = workload.fargate_spot
        out.append(Assumption(
            "fargate_spot", f"FARGATE base {fs.on_demand_base} per service, then FARGATE:FARGATE_SPOT "
            f"{fs.on_demand_weight}:{fs.spot_weight}", ["ecs-fargate-spot"],
            "an availability assumption, as the AWS Spot workshop's example strategy",
            _set(fs, "on_demand_base", "on_demand_weight", "spot_weight"),
            "For services that declare no capacity_provider_strategy; Spot interruptions cost nothing in the estimate. "
            "Change it in the fargate_spot section, or per service (on_demand_base, capacity_provider_strategy)."))

    fleets = _among(platforms, SELF_MANAGED_EC2_PLATFORMS)
    if fleets and any(s.spot for s in workload.services):
        out.append(Assumption(
            "ec2.spot", ("Spot nodes for spot: true services, at most the Spot Instance Advisor's "
                         f"'{ec2.max_interruption}' interruption bucket" if ec2.spot else "On-Demand nodes only"),
            fleets, ADVISOR_ASSUMPTION, _set(ec2, "spot", "max_interruption"),
            ("Spot node prices are estimates from the Spot Instance Advisor's savings figure; interruptions cost "
             "nothing in the estimate." if ec2.spot else
             " and ".join(label(p) for p in fleets) + (" are" if len(fleets) > 1 else " is") + " priced On-Demand"
             + (" while ECS on Fargate + Fargate Spot runs the same spot: true services partly on Spot"
                if "ecs-fargate-spot" in platforms else "")
             + "; set ec2.spot: true (and ec2.max_interruption) to price Spot nodes too.")))

    if ec2_fleets:
        out.append(Assumption(
            "ec2.headroom_percent", f"{num(ec2.headroom_percent)}% of each node's CPU and memory kept free",
            ec2_fleets, ADVISOR_ASSUMPTION + ": the steady state", _set(ec2, "headroom_percent"),
            "The EC2 fleets are packed up to their allocatable capacity; Fargate needs none (each task is its own "
            "size). Set it to keep room for scaling and deployments."))
        at_least = _among(platforms, ("ecs-ec2", "eks-ec2", "eks-auto-mode"))
        if at_least:
            mi = "ecs-managed-instances" in platforms
            out.append(Assumption(
                "ec2.min_nodes", f"at least {ec2.min_nodes} node(s)", at_least,
                ADVISOR_ASSUMPTION + ": survive the loss of one node", _set(ec2, "min_nodes"),
                "The smallest fleet of " + ", ".join(at_least)
                + ("; ECS Managed Instances follow ECS's Availability Zone spread instead (3 instances, fewer for "
                   "fewer tasks: Amazon ECS Developer Guide; ecs_managed_instances.az_spread)" if mi else "")
                + ". Set it to your node groups' minimum."))
        out.append(Assumption(
            "ec2.vm_memory_overhead_percent", f"{num(ec2.vm_memory_overhead_percent)}% of installed memory",
            ec2_fleets, "Karpenter's default; AWS's ECS m4.large example implies about 2.5%, published EKS nodes "
            "about 5.2% (docs/ec2.md)", _set(ec2, "vm_memory_overhead_percent"),
            "The same on every EC2 platform; a larger value makes the fleets larger."))

    if "ecs-managed-instances" in platforms and workload.ecs_managed_instances.instance_requirements is None:
        out.append(Assumption(
            "ecs_managed_instances.instance_requirements", "general-purpose, current-generation types, no burstable "
            "or bare metal", ["ecs-managed-instances"],
            "the ECS default provider's 'general-purpose instance types' (Amazon ECS Developer Guide); the rest is "
            "advisor's assumption", False,
            "EKS Auto Mode's built-in NodePool takes C, M and R types, this default general-purpose (M) types only; "
            "give instance_requirements to widen it."))

    surging = [p for p in ec2_fleets if surge_tasks(workload, p)]
    if surging:
        fargate = _among(platforms, FARGATE_PLATFORMS)
        out.append(Assumption(
            "services[].deployments_per_month", "deployment surge priced on "
            + (", ".join(fargate) if fargate else "no platform compared") + "; not on " + ", ".join(surging),
            fargate + surging, ADVISOR_ASSUMPTION,
            any(_set(s, "deployments_per_month") for s in workload.services),
            "Fargate bills every extra task a rolling deployment starts (an upper-side estimate); the EC2 fleets are "
            "packed for the steady state, and their surge runs in spare room or on nodes a scaler adds, not priced "
            "(each EC2 estimate's note gives the figures). Keep room with ec2.headroom_percent."))

    out.append(Assumption(
        "data transfer", "not priced", everything, "not modelled", False,
        "Internet egress, cross-AZ traffic and NAT data transfer out are left out on every platform alike (NAT and "
        "load-balancer processing are priced from the shared section)."))
    return out

