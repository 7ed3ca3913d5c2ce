"""Estimators: one per platform, same signature ``(workload, prices) -> Estimate``."""

from __future__ import annotations

from collections.abc import Callable

from advisor.costing.ec2 import estimate_ecs_ec2, estimate_eks_ec2
from advisor.costing.fargate import estimate_ecs_fargate, estimate_eks_fargate
from advisor.costing.fargate_spot import estimate_ecs_fargate_spot
from advisor.costing.lines import Estimate, LineItem, Unsupported
from advisor.costing.managed import estimate_ecs_managed_instances, estimate_eks_auto_mode
from advisor.pricing.book import PriceBook
from advisor.workload import Workload

Estimator = Callable[[Workload, PriceBook], Estimate]

#: Registered estimators by platform id. Platforms not listed here are not priced yet.
ESTIMATORS: dict[str, Estimator] = {
    "ecs-fargate": estimate_ecs_fargate,
    "ecs-fargate-spot": estimate_ecs_fargate_spot,
    "eks-fargate": estimate_eks_fargate,
    "ecs-ec2": estimate_ecs_ec2,
    "eks-ec2": estimate_eks_ec2,
    "ecs-managed-instances": estimate_ecs_managed_instances,
    "eks-auto-mode": estimate_eks_auto_mode,
}

__all__ = ["ESTIMATORS", "Estimate", "LineItem", "Unsupported"]
