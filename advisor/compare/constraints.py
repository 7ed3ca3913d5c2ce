"""Constraints: requirements that rule platforms out, each with its reason.

GPUs -> not Fargate (and not priced on EC2 yet); portability required -> EKS only; platforms the user excludes.
What one *service* cannot run on (Windows or persistent volumes on EKS on Fargate, bridge/host network modes on
ECS on Fargate) is the estimator's ``unsupported`` list, with its reason, not a constraint on the whole platform.
DaemonSets do not rule Fargate out: the Fargate estimates run them as sidecars or leave them out
(``daemonsets.on_fargate``, ``advisor.costing.fargate.fargate_request``). ``apply_decision_inputs`` also attaches the operations-effort lines
(``advisor.costing.operations``), the other half of the total cost of ownership the ranking uses.
"""

from __future__ import annotations

from advisor.costing.fargate import ECS_FARGATE_GPU_SOURCE, EKS_FARGATE_GPU_SOURCE, FARGATE_GPU_REASON
from advisor.costing.lines import Estimate
from advisor.costing.operations import operations_lines
from advisor.platforms import EC2_PLATFORMS, ECS_PLATFORMS, FARGATE_PLATFORMS
from advisor.sizing.fleet import GPU_NODES_UNSIZED
from advisor.units import name_list
from advisor.workload import Workload


def gpu_services(workload: Workload) -> list[str]:
    """The services that need GPUs and run tasks: a service with 0 replicas and no autoscaling above 0 runs none, so
    its GPUs rule no platform out (``Workload.without_idle_services``; it stays in a workload whose every service is
    idle)."""
    return [s.name for s in workload.services if s.gpus and s.peak_count > 0]


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
        gpu = gpu_services(workload)
        if gpu:
            source = EKS_FARGATE_GPU_SOURCE if platform.startswith("eks") else ECS_FARGATE_GPU_SOURCE
            reason = FARGATE_GPU_REASON.format(source=source)
            reasons.append(f"{name_list(gpu)} {reason if len(gpu) == 1 else 'need' + reason.removeprefix('needs')}")
    if platform in EC2_PLATFORMS:
        gpu = gpu_services(workload)
        if gpu:
            reasons.append(f"{name_list(gpu)} {'needs' if len(gpu) == 1 else 'need'} GPUs, and {GPU_NODES_UNSIZED}")
    return reasons


def apply_decision_inputs(workload: Workload, estimates: list[Estimate]) -> None:
    """Attach constraint exclusions and operations lines to each estimate (in place)."""
    for est in estimates:
        est.excluded = constraint_reasons(workload, est.platform)
        est.operations = operations_lines(workload, est.platform)
