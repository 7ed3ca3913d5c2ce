"""Operations effort: engineer-hours per month each platform needs, priced at the team's engineer cost.

These are *assumptions* (defaults in the workload model's ``operations`` section, overridable there), shown
as such on every line, and switched off with ``operations.include: false``. Defaults (advisor's own
estimates, not AWS figures):

* ECS service upkeep (task definitions, platform versions, capacity providers): 2 h per month.
* EKS cluster upkeep per cluster: 8 h per month. Amazon EKS supports each Kubernetes minor version for
  14 months of standard support and upstream releases about three a year ("Amazon EKS Kubernetes versions",
  EKS User Guide), so a cluster needs an in-place upgrade roughly every four months (about three
  engineer-days each) plus add-on updates (VPC CNI, CoreDNS, kube-proxy).
* EC2 node upkeep (AMI updates, Auto Scaling group / node group rollouts): 3 h per month.
* Kubernetes hours (EKS cluster upkeep, and node upkeep on eks-ec2 and eks-auto-mode) are multiplied by the team's
  Kubernetes experience (``team.kubernetes_experience``), and ECS hours (ECS service upkeep, and node upkeep on
  ecs-ec2 and ecs-managed-instances) by its ECS experience (``team.ecs_experience``), with the same factors: none
  x2.0, some x1.3, expert x1.0; each scaled line says so in its name. The figures above are for an experienced team
  (x1.0). Both default to ``expert`` (x1.0), so neither orchestrator is favoured (Kubernetes defaulted to ``none``
  until 2026-12-04, which doubled the EKS hours against the ECS ones); the comparison lists both levels among its
  assumptions (``advisor.compare.assumptions``) and names a tilt when they differ.

The managed options take less (``operations.managed_instances_hours_per_month``, default 1 h, instead of the 3 h of
EC2 node upkeep; ``operations.eks_auto_mode_cluster_hours_per_month``, default 5 h per cluster, instead of 8 h),
because AWS does the node work itself. What AWS states:

* ECS Managed Instances: "AWS handles all aspects of infrastructure management, including provisioning, scaling,
  security patching, and cost optimization", with "regular security patches initiated every 14 days" (AWS News
  Blog, "Announcing Amazon ECS Managed Instances for containerized applications", 2025-09-30); "ECS automatically
  initiates instance draining after 14 days" (Amazon ECS Developer Guide, "Architect for Amazon ECS Managed
  Instances"). What is left: the capacity provider's settings and maintenance windows (EC2 event windows).
* EKS Auto Mode: "nodes launched by EKS Auto Mode have a maximum lifetime of 21 days (which you can reduce), after
  which they are automatically replaced with new nodes"; "AWS automatically patches and updates the instance"
  (EKS User Guide, "Automate cluster infrastructure with EKS Auto Mode" and "Learn about Amazon EKS Auto Mode
  Managed instances"); "you no longer need to update components like: CoreDNS, KubeProxy, AWS Load Balancer
  Controller, Karpenter, AWS EBS CSI Driver. EKS Auto Mode replaces these components with service functionality"
  ("Update the Kubernetes Version of an EKS Auto Mode cluster"). Control-plane version upgrades stay yours, hence
  5 h of the 8 h (the add-on updates and node-group rollouts go). NodePools with blocking PodDisruptionBudgets
  may still need intervention before the 21-day expiry (same page), part of the 1 h.
"""

from __future__ import annotations

from advisor.costing.lines import LineItem
from advisor.platforms import (
    ECS_PLATFORMS,
    EKS_PLATFORMS,
    MANAGED_INSTANCE_PLATFORMS,
    SELF_MANAGED_EC2_PLATFORMS,
    is_eks,
)
from advisor.workload import Workload

EXPERIENCE_FACTOR = {"none": 2.0, "some": 1.3, "expert": 1.0}


def operations_lines(workload: Workload, platform: str) -> list[LineItem]:
    """Engineer-hours per month the platform needs, priced at the team's engineer cost (assumptions).

    One rate for every platform (``operations.engineer_cost_per_hour``); the EKS hours scaled by the team's Kubernetes
    experience and the ECS hours by its ECS experience (``EXPERIENCE_FACTOR``, the same factors). Returns no line with
    ``operations.include: false``."""
    ops = workload.operations
    if not ops.include:
        return []
    rate = ops.engineer_cost_per_hour
    team = workload.team
    # the experience factor, said on every line it scales (eks-ec2's node upkeep showed 6 h for the 3 h ecs-ec2
    # shows, with nothing in the line saying why); EKS lines by Kubernetes experience, ECS lines by ECS experience
    exp = team.kubernetes_experience if is_eks(platform) else team.ecs_experience
    factor = EXPERIENCE_FACTOR[exp]
    kind = "Kubernetes" if is_eks(platform) else "ECS"
    scaled = f", x{factor:g} for {kind} experience '{exp}'" if factor != 1 else ""
    src = "assumption (workload operations section; advisor defaults in advisor/costing/operations.py)"
    lines = []

    def add(name: str, hours: float) -> None:
        lines.append(LineItem(name, "operations", hours, "engineer-hours", rate, source=src, estimate=True,
                              platform=platform, purchase_option="assumption", resource="engineer_time"))

    if platform in ECS_PLATFORMS:
        add("Operations: ECS service upkeep" + scaled + " (assumption)", ops.ecs_hours_per_month * factor)
    if platform in EKS_PLATFORMS:
        clusters = 0 if workload.eks.existing_cluster else workload.eks.clusters
        if clusters:
            auto = platform == "eks-auto-mode"
            per_cluster = ops.eks_auto_mode_cluster_hours_per_month if auto else ops.eks_cluster_hours_per_month
            add(f"Operations: EKS cluster upgrades{'' if auto else ' and add-ons'}, {clusters} cluster(s)"
                + (" (Auto Mode runs the core add-ons)" if auto else "")
                + scaled + " (assumption)", per_cluster * clusters * factor)
    if platform in SELF_MANAGED_EC2_PLATFORMS:
        add("Operations: EC2 node upkeep, AMIs and scaling groups" + scaled + " (assumption)",
            ops.ec2_node_hours_per_month * factor)
    if platform in MANAGED_INSTANCE_PLATFORMS:
        what = "capacity provider settings" if platform == "ecs-managed-instances" else "NodePool settings"
        add(f"Operations: managed instances, {what} and maintenance windows; AWS patches and replaces the instances"
            + scaled + " (assumption)", ops.managed_instances_hours_per_month * factor)
    return lines
