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
* Kubernetes hours are multiplied by the team's experience: none x2.0, some x1.3, expert x1.0.
"""

from __future__ import annotations

from advisor.costing.lines import LineItem
from advisor.platforms import EC2_PLATFORMS, ECS_PLATFORMS, EKS_PLATFORMS
from advisor.workload import Workload

EXPERIENCE_FACTOR = {"none": 2.0, "some": 1.3, "expert": 1.0}


def operations_lines(workload: Workload, platform: str) -> list[LineItem]:
    """Engineer-hours per month the platform needs, priced at the team's engineer cost (assumptions)."""
    ops = workload.operations
    if not ops.include:
        return []
    rate = ops.engineer_cost_per_hour
    factor = EXPERIENCE_FACTOR[workload.team.kubernetes_experience]
    src = "assumption (workload operations section; advisor defaults in advisor/costing/operations.py)"
    lines = []
    if platform in ECS_PLATFORMS:
        lines.append(LineItem("Operations: ECS service upkeep (assumption)", "operations", ops.ecs_hours_per_month,
                              "engineer-hours", rate, source=src, estimate=True,
                              platform=platform, purchase_option="assumption", resource="engineer_time"))
    if platform in EKS_PLATFORMS:
        clusters = 0 if workload.eks.existing_cluster else workload.eks.clusters
        if clusters:
            hours = ops.eks_cluster_hours_per_month * clusters * factor
            lines.append(LineItem(
                f"Operations: EKS cluster upgrades and add-ons, {clusters} cluster(s)"
                + (f", x{factor:g} for Kubernetes experience '{workload.team.kubernetes_experience}'" if factor != 1 else "")
                + " (assumption)", "operations", hours, "engineer-hours", rate, source=src, estimate=True,
                platform=platform, purchase_option="assumption", resource="engineer_time"))
    if platform in EC2_PLATFORMS:
        hours = ops.ec2_node_hours_per_month * (factor if platform == "eks-ec2" else 1.0)
        lines.append(LineItem("Operations: EC2 node upkeep, AMIs and scaling groups (assumption)", "operations",
                              hours, "engineer-hours", rate, source=src, estimate=True,
                              platform=platform, purchase_option="assumption", resource="engineer_time"))
    return lines
