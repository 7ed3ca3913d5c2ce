"""The platforms advisor prices: ids, labels and families, in one place.

Every module that needs to know "is this an EKS platform?" or "does it run on Fargate?" asks here instead of
comparing id prefixes.
"""

from __future__ import annotations

#: Platform ids, in display order (also the tie order of the ranking).
PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate")

PLATFORM_LABELS: dict[str, str] = {
    "ecs-fargate": "ECS on Fargate",
    "ecs-fargate-spot": "ECS on Fargate + Fargate Spot",
    "ecs-ec2": "ECS on EC2",
    "eks-ec2": "EKS on EC2 nodes",
    "eks-fargate": "EKS on Fargate",
}

#: Families: which orchestrator and which capacity each platform uses.
ECS_PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2")
EKS_PLATFORMS: tuple[str, ...] = ("eks-ec2", "eks-fargate")
FARGATE_PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "eks-fargate")
EC2_PLATFORMS: tuple[str, ...] = ("ecs-ec2", "eks-ec2")
#: Fargate platforms that run ECS tasks (awsvpc tasks with their own ENI).
ECS_FARGATE_PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot")


def label(platform: str) -> str:
    """The display label of a platform id (the id itself when unknown)."""
    return PLATFORM_LABELS.get(platform, platform)


def is_ecs(platform: str) -> bool:
    """True for the ECS platforms."""
    return platform in ECS_PLATFORMS


def is_eks(platform: str) -> bool:
    """True for the EKS platforms (they pay the EKS control-plane fee)."""
    return platform in EKS_PLATFORMS
