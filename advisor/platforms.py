"""The platforms advisor prices: ids, labels and families, in one place, and the Fargate size table.

Every module that needs to know "is this an EKS platform?" or "does it run on Fargate?" asks here instead of
comparing id prefixes. The Fargate CPU/memory table lives here too (a fact of the platform, read by
``advisor.sizing.fargate`` to round sizes and by the ECS importers to say when ECS would refuse a task size).
"""

from __future__ import annotations

#: Platform ids, in display order (also the tie order of the ranking).
PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate",
                              "ecs-managed-instances", "eks-auto-mode")



def tie_order(platform: str) -> int:
    """A platform's place in ``PLATFORMS``: the ranking's tie-break, whatever order ``--platform`` lists them in
    (``-p ecs-fargate-spot,ecs-fargate`` once put ECS on Fargate + Fargate Spot first at an equal cost while the
    recommendation said ECS on Fargate comes first)."""
    return PLATFORMS.index(platform) if platform in PLATFORMS else len(PLATFORMS)


PLATFORM_LABELS: dict[str, str] = {
    "ecs-fargate": "ECS on Fargate",
    "ecs-fargate-spot": "ECS on Fargate + Fargate Spot",
    "ecs-ec2": "ECS on EC2",
    "eks-ec2": "EKS on EC2 nodes",
    "eks-fargate": "EKS on Fargate",
    "ecs-managed-instances": "ECS Managed Instances",
    "eks-auto-mode": "EKS Auto Mode",
}

#: Families: which orchestrator and which capacity each platform uses.
ECS_PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-managed-instances")
EKS_PLATFORMS: tuple[str, ...] = ("eks-ec2", "eks-fargate", "eks-auto-mode")
FARGATE_PLATFORMS: tuple[str, ...] = ("ecs-fargate", "ecs-fargate-spot", "eks-fargate")
#: Platforms whose tasks/pods run on EC2 instances in the account, priced per instance (a packed fleet).
EC2_PLATFORMS: tuple[str, ...] = ("ecs-ec2", "eks-ec2", "ecs-managed-instances", "eks-auto-mode")
#: EC2 platforms whose instances the team runs itself (AMIs, Auto Scaling groups / node groups).
SELF_MANAGED_EC2_PLATFORMS: tuple[str, ...] = ("ecs-ec2", "eks-ec2")
#: EC2 platforms whose instances AWS chooses, patches and replaces, for a management fee per instance-hour.
MANAGED_INSTANCE_PLATFORMS: tuple[str, ...] = ("ecs-managed-instances", "eks-auto-mode")
#: The ``offering`` of each managed-instance platform's rows in the ``managed_instance_fees`` table.
FEE_OFFERINGS: dict[str, str] = {"ecs-managed-instances": "ecs_managed_instances", "eks-auto-mode": "eks_auto_mode"}
#: The AWS price list service whose offer file holds each managed-instance platform's fees (``pricing fetch --services``).
FEE_SERVICE: dict[str, str] = {"ecs-managed-instances": "AmazonECS", "eks-auto-mode": "AmazonEKS"}


def fee_fetch_command(platform: str, region: str) -> str:
    """The command that writes a managed-instance platform's management fees for ``region``."""
    return f"advisor pricing fetch --region {region} --services {FEE_SERVICE[platform]}"


#: The self-managed platform each managed-instance platform is the managed form of (same orchestrator, EC2).
SELF_MANAGED_COUNTERPART: dict[str, str] = {"ecs-managed-instances": "ecs-ec2", "eks-auto-mode": "eks-ec2"}
#: The Fargate rate rows (os, arch, capacity of table fargate_rates) each Fargate platform's estimator reads
#: (``advisor.costing.fargate`` / ``fargate_spot``; EKS on Fargate runs Linux x86_64 pods only,
#: ``eks_unsupported_reason``), and the capacity whose row gives every one of them the ephemeral-storage rate above the
#: included 20 GiB (the Spot rows carry none: Spot tasks' extra storage is billed at the on-demand rate).
#: ``advisor pricing show`` reads its Fargate needs from here too.
FARGATE_RATES_USED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ecs-fargate": (("linux", "x86_64", "on_demand"), ("linux", "arm64", "on_demand"), ("windows", "x86_64", "on_demand")),
    "ecs-fargate-spot": (("linux", "x86_64", "spot"), ("linux", "arm64", "spot"), ("linux", "x86_64", "on_demand"),
                         ("linux", "arm64", "on_demand"), ("windows", "x86_64", "on_demand")),
    "eks-fargate": (("linux", "x86_64", "on_demand"),),
}
FARGATE_STORAGE_CAPACITY = "on_demand"
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


def is_managed_instances(platform: str) -> bool:
    """True for the platforms whose EC2 instances AWS manages for a per-instance fee (ECS Managed Instances,
    EKS Auto Mode)."""
    return platform in MANAGED_INSTANCE_PLATFORMS


#: Fargate task/pod sizes: (vCPU, memory sizes in GB, where AWS's GB is a GiB) -- Amazon ECS Developer Guide, "Task
#: CPU and memory" (the table of ``fargate-tasks-services.html#fargate-tasks-size``); EKS pods use the rows up to
#: ``EKS_FARGATE_MAX_VCPU``.
#:
#: The 32 vCPU row (Linux only; exactly 60, 120 and 244 GB, not a range): AWS Fargate pricing page
#: (https://aws.amazon.com/fargate/pricing/, "Supported Configurations": "32vCPU | 60GB, 120GB, and 244GB"; the
#: stored copy the minimum billing durations in ``advisor.costing.fargate`` also come from), and AWS's CloudFormation
#: linter, which added the tier from the ECS task size docs: aws-cloudformation/cfn-lint PR #4668 (2026-09-01,
#: released in v1.56.1), "32 vCPU is Linux-only and supports exactly three non-contiguous memory values -- 60 GB,
#: 120 GB, 244 GB", ``src/cfnlint/data/schemas/extensions/aws_ecs_taskdefinition/fargate_cpu_memory.json``
#: @ 162a611e (``"enum": [61440, 122880, 249856]`` for ``"32768"`` CPU units). Older copies of the ECS guide, and
#: the RegisterTaskDefinition ``memory`` text of the ECS API model in botocore 1.43.11, stop at 16 vCPU.
FARGATE_SIZE_TABLE_GB: tuple[tuple[float, tuple[int | float, ...]], ...] = (
    (0.25, (0.5, 1, 2)),
    (0.5, (1, 2, 3, 4)),
    (1.0, tuple(range(2, 9))),
    (2.0, tuple(range(4, 17))),
    (4.0, tuple(range(8, 31))),
    (8.0, tuple(range(16, 61, 4))),
    (16.0, tuple(range(32, 121, 8))),
    (32.0, (60, 120, 244)),
)
#: The largest vCPU row EKS on Fargate sizes pods from: the Amazon EKS User Guide's table ("Understand Fargate Pod
#: configuration details", awsdocs/amazon-eks-user-guide ``latest/ug/nodes/fargate-pod-configuration.adoc``
#: @ 4d52b4d) ends at "16 vCPU | Between 32 GB and 120 GB in 8-GB increments"; no EKS source offers the ECS 32 vCPU
#: row, so a pod above 16 vCPU / 120 GB (with its 256 MiB) fits no EKS Fargate size.
EKS_FARGATE_MAX_VCPU: float = 16.0
#: vCPU values Windows containers on Fargate support ("Windows containers on AWS Fargate considerations").
FARGATE_WINDOWS_VCPU: tuple[float, ...] = (1.0, 2.0, 4.0)


def _fargate_lookup(os: str) -> tuple[set, set, set]:
    pairs = {(round(float(vcpu), 6), round(float(gb) * 1024, 3)) for vcpu, mems in FARGATE_SIZE_TABLE_GB
             if os == "linux" or vcpu in FARGATE_WINDOWS_VCPU for gb in mems}
    return {v for v, _ in pairs}, {m for _, m in pairs}, pairs


_FARGATE_LOOKUP = {os: _fargate_lookup(os) for os in ("linux", "windows")}


def fargate_size_is_valid(vcpu: float, memory_mib: float, os: str = "linux") -> bool | None:
    """Whether (vCPU, MiB) is one of the Fargate table's combinations for ``os`` (linux or windows); None when
    either value is not in the table at all (a request to round, not a task size) or ``os`` is neither."""
    if os not in _FARGATE_LOOKUP:
        return None
    vcpus, mems, pairs = _FARGATE_LOOKUP[os]
    v, m = round(float(vcpu), 6), round(float(memory_mib), 3)
    if v not in vcpus or m not in mems:
        return None
    return (v, m) in pairs
