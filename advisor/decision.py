"""The ECS-vs-EKS decision: constraints that rule platforms out, operations effort, total cost of ownership.

The honest answer to "ECS or EKS?" is rarely price alone. This module adds to the priced estimates:

* **constraints** — requirements that rule platforms out, each with its reason (Windows containers → not EKS
  on Fargate; DaemonSets or GPUs → not Fargate; portability required → EKS only; platforms the user
  excludes);
* **operations effort** — engineer-hours per month each platform needs, priced at the team's engineer cost.
  These are *assumptions* (defaults below, overridable in the workload's ``operations`` section), shown as
  such on every line, and can be switched off with ``operations.include: false``.

Default effort assumptions (engineer-hours per month), advisor's own estimates, not AWS figures:

* ECS service upkeep (task definitions, platform versions, capacity providers): 2 h per month.
* EKS cluster upkeep per cluster: 8 h per month — Amazon EKS supports each Kubernetes minor version for
  14 months of standard support and upstream releases about three a year ("Amazon EKS Kubernetes versions",
  EKS User Guide), so a cluster needs an in-place upgrade roughly every four months (about three
  engineer-days each) plus add-on updates (VPC CNI, CoreDNS, kube-proxy).
* EC2 node upkeep (AMI updates, Auto Scaling group / node group rollouts): 3 h per month.
* Kubernetes hours are multiplied by the team's experience: none ×2.0, some ×1.3, expert ×1.0.
"""

from __future__ import annotations

from advisor.costing.base import Estimate, LineItem
from advisor.workload import Workload

FARGATE_PLATFORMS = ("ecs-fargate", "ecs-fargate-spot", "eks-fargate")
ECS_PLATFORMS = ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2")
EKS_PLATFORMS = ("eks-ec2", "eks-fargate")
EC2_PLATFORMS = ("ecs-ec2", "eks-ec2")

EXPERIENCE_FACTOR = {"none": 2.0, "some": 1.3, "expert": 1.0}


def constraint_reasons(workload: Workload, platform: str) -> list[str]:
    """Why the workload's requirements rule a platform out (empty when it is allowed)."""
    reasons = []
    req = workload.requirements
    if platform in req.exclude_platforms:
        reasons.append(f"{platform} is excluded in requirements.exclude_platforms")
    if req.portability and platform in ECS_PLATFORMS:
        reasons.append("portability is required (requirements.portability: true) and ECS runs only on AWS; "
                       "Kubernetes (EKS) manifests move to other clouds and on-premises")
    if platform in FARGATE_PLATFORMS:
        daemonsets = getattr(workload, "daemonsets", None) or []
        if daemonsets:
            names = ", ".join(d.name for d in daemonsets)
            reasons.append(f"the workload runs DaemonSets ({names}), which Fargate does not support "
                           "(Amazon EKS User Guide, 'AWS Fargate considerations'; ECS daemon services need EC2)")
        gpu = [s.name for s in workload.services if s.gpus]
        if gpu:
            reasons.append(f"{', '.join(gpu)} need GPUs, which Fargate does not offer "
                           "(Amazon ECS Developer Guide, 'Fargate task definition considerations')")
    if platform in EC2_PLATFORMS:
        gpu = [s.name for s in workload.services if s.gpus]
        if gpu:
            reasons.append(f"{', '.join(gpu)} need GPUs, and advisor does not size GPU nodes yet (its EC2 catalogue "
                           "leaves accelerated types out); price GPU nodes separately")
    return reasons


def operations_lines(workload: Workload, platform: str) -> list[LineItem]:
    """Engineer-hours per month the platform needs, priced at the team's engineer cost (assumptions)."""
    ops = workload.operations
    if not ops.include:
        return []
    rate = ops.engineer_cost_per_hour
    factor = EXPERIENCE_FACTOR[workload.team.kubernetes_experience]
    src = "assumption (workload operations section; advisor defaults in advisor/decision.py)"
    lines = []
    if platform in ECS_PLATFORMS:
        lines.append(LineItem("Operations: ECS service upkeep (assumption)", "operations", ops.ecs_hours_per_month,
                              "engineer-hours", rate, source=src, estimate=True))
    if platform in EKS_PLATFORMS:
        clusters = 0 if workload.eks.existing_cluster else workload.eks.clusters
        if clusters:
            hours = ops.eks_cluster_hours_per_month * clusters * factor
            lines.append(LineItem(
                f"Operations: EKS cluster upgrades and add-ons, {clusters} cluster(s)"
                + (f", x{factor:g} for Kubernetes experience '{workload.team.kubernetes_experience}'" if factor != 1 else "")
                + " (assumption)", "operations", hours, "engineer-hours", rate, source=src, estimate=True))
    if platform in EC2_PLATFORMS:
        hours = ops.ec2_node_hours_per_month * (factor if platform == "eks-ec2" else 1.0)
        lines.append(LineItem("Operations: EC2 node upkeep, AMIs and scaling groups (assumption)", "operations",
                              hours, "engineer-hours", rate, source=src, estimate=True))
    return lines


def apply_decision_inputs(workload: Workload, estimates: list[Estimate]) -> None:
    """Attach constraint exclusions and operations lines to each estimate (in place)."""
    for est in estimates:
        est.excluded = constraint_reasons(workload, est.platform)
        est.operations = operations_lines(workload, est.platform)
