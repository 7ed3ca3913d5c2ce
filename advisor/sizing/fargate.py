"""Valid Fargate CPU/memory sizes, and how ECS tasks and EKS pods are rounded up to them.

Sources:

* ECS: "Task CPU and memory" table in the Amazon ECS Developer Guide, "Amazon ECS task definition
  parameters for Fargate" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
  8 and 16 vCPU need Linux platform version 1.4.0 or later; Windows containers on Fargate support only
  1, 2 and 4 vCPU ("Windows containers on AWS Fargate considerations"). 32 vCPU, Linux only, with exactly 60, 120
  or 244 GB: AWS Fargate pricing page, "Supported Configurations", and aws-cloudformation/cfn-lint PR #4668 (sources
  in ``advisor.platforms.FARGATE_SIZE_TABLE_GB``).
* EKS: "Understand Fargate Pod configuration details", section "Pod CPU and memory", Amazon EKS User Guide
  (https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html): the pod request is the
  larger of the largest init container request and the sum of the long-running containers' requests; Fargate
  adds 256 MB to the memory request for the Kubernetes components (kubelet, kube-proxy, containerd) and rounds
  up to the nearest configuration in the same table; a pod with no requests gets 0.25 vCPU and 0.5 GB. The EKS
  page's table has the 8 vCPU (16-60 GB in 4-GB steps) and 16 vCPU (32-120 GB in 8-GB steps) rows too (its source,
  awsdocs/amazon-eks-user-guide ``latest/ug/nodes/fargate-pod-configuration.adoc`` at 4d52b4d, 2024-12-18; older
  copies of the page stop at 4 vCPU / 30 GB). It has no 32 vCPU row, so EKS pods use the rows up to 16 vCPU
  (``advisor.platforms.EKS_FARGATE_MAX_VCPU``).

AWS writes GB and means GiB: 1 GB = 1024 MiB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from advisor.errors import SizingError
from advisor.platforms import (
    EKS_FARGATE_MAX_VCPU,
    FARGATE_SIZE_TABLE_GB,
    FARGATE_WINDOWS_VCPU,
    fargate_size_is_valid,
)
from advisor.units import MIB_PER_GB, decimal_sum, num
from advisor.workload.model import FARGATE_INCLUDED_STORAGE_GIB

#: Memory EKS Fargate adds to every pod for kubelet, kube-proxy and containerd (EKS User Guide,
#: "Understand Fargate Pod configuration details").
EKS_FARGATE_OVERHEAD_MIB = 256.0

#: What EKS does with a pod whose request (with the 256 MiB) is above the largest EKS Fargate size: the Fargate scheduler
#: does not schedule it, and the pod stays Pending with condition PodScheduled False, reason
#: ``POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE``, message "Your pod's cpu/memory requirements exceed the max Fargate
#: configuration" (a pod's status quoted in aws/eks-distro-prow-jobs pull request #11, "Reduce Fargate Task Size",
#: 2020-11-27). The EKS User Guide's "Fargate Pod configuration" page does not say it. ``eks_pod_size``'s error names it.
EKS_FARGATE_TOO_LARGE_REASON = "POD_CPU_MEM_EXCEEDS_MAX_FARGATE_SIZE"

#: Ephemeral storage EKS on Fargate provisions for a pod that requests more than the default 20 GiB: the sum of its
#: requests plus 10% of it "for the file system, plus another 5 GiB for various system components", i.e.
#: "(sum of all requests + (10% * sum of all requests) + 5G)", and that provisioned amount less the included 20 GiB is
#: billed: "a pod with two containers that each request 50 GiB ... AWS Fargate provisions at least 115 GiB ... you
#: will be only billed for 95GiB in the current case, which is calculated based on the above formula minus 20GiB"
#: (AWS Containers blog, "AWS Fargate adds support for larger ephemeral volumes", 2023,
#: https://aws.amazon.com/blogs/containers/amazon-eks-fargate-adds-support-for-larger-ephemeral-volumes/; the EKS User
#: Guide, "Fargate storage", gives the same example: "a request of 100 GiB will provision a Fargate task with 115 GiB
#: ephemeral storage", awsdocs/amazon-eks-user-guide ``latest/ug/nodes/fargate-pod-configuration.adoc`` @ 2ef9e386).
#: ECS tasks are billed on their ``ephemeralStorage.sizeInGiB`` itself: "Fargate reserves space on disk. It is only
#: used by Fargate. You aren't billed for it" (Amazon ECS Developer Guide, "Fargate task ephemeral storage for Amazon
#: ECS").
EKS_FARGATE_STORAGE_FILESYSTEM_PERCENT = 10.0
EKS_FARGATE_STORAGE_SYSTEM_GIB = 5.0
#: When the formula gives a fraction (a 25 GiB request: 25 + 2.5 + 5 = 32.5 GiB), the pod gets the next whole GiB:
#: "Additional ephemeral storage requested, up to 175GB, is charged in GB increments for the duration that the pod is
#: running" (AWS What's New, 2023-08-02, https://aws.amazon.com/cn/about-aws/whats-new/2023/08/additional-ephemeral-storage-eks-fargate/
#: in its Chinese edition; the English sentence as quoted in dev.to/aws-builders
#: "EKS Fargate supports additional ephemeral storage"), and Fargate "provisions at least" the formula's amount (the
#: blog above); a Fargate task's storage is a whole number of GiB (ECS API Reference, EphemeralStorage ``sizeInGiB``,
#: Type: Integer). So 25 GiB requested is 33 GiB provisioned and 13 GiB billed. AWS's example is whole already
#: (100 -> 115 GiB, 95 billed); the largest request, 175 GiB, is 197.5 -> 198 GiB, within the 200 GiB of a Fargate
#: task.


def eks_provisioned_storage_gib(requested_gib: float) -> float:
    """What EKS on Fargate provisions by AWS's formula for ``requested_gib`` of ephemeral-storage requests, at any
    request: ``requested + 10% + 5 GiB`` up to the next whole GiB (100 -> 115 GiB; 25 -> 32.5 -> 33 GiB; sources at
    ``EKS_FARGATE_STORAGE_FILESYSTEM_PERCENT``). ``eks_pod_storage_gib`` is what advisor prices."""
    requested = float(requested_gib)
    provisioned = requested + requested * EKS_FARGATE_STORAGE_FILESYSTEM_PERCENT / 100.0 + EKS_FARGATE_STORAGE_SYSTEM_GIB
    return float(math.ceil(round(provisioned, 6)))  # round(): a float a hair above a whole GiB is that GiB


def eks_pod_storage_gib(requested_gib: float) -> float:
    """Ephemeral storage (GiB) EKS on Fargate provisions, and bills above 20 GiB, for a pod whose containers request
    ``requested_gib`` in total: ``eks_provisioned_storage_gib`` (the request + 10% + 5 GiB, in whole GiB: 100 -> 115
    GiB, 95 GiB billed) when the request is above the default 20 GiB, else the default 20 GiB (a smaller request is
    priced with none billed, an assumption: AWS's example of billing the provisioned amount is for a request above
    20 GiB)."""
    requested = float(requested_gib)
    if requested <= FARGATE_INCLUDED_STORAGE_GIB:
        return FARGATE_INCLUDED_STORAGE_GIB
    return eks_provisioned_storage_gib(requested)


def ecs_task_storage_gib(requested_gib: float) -> float:
    """Ephemeral storage (GiB) an ECS task on Fargate gets, and is billed for above 20 GiB, when the workload asks
    for ``requested_gib``: the task definition's ``ephemeralStorage.sizeInGiB`` is a whole number from 21 to 200
    ("The total amount, in GiB, of ephemeral storage to set for the task. The minimum supported value is 21 GiB and
    the maximum supported value is 200 GiB", Amazon ECS API Reference, EphemeralStorage ``sizeInGiB``, Type:
    Integer), so a fractional request above 20 GiB is the next whole GiB (20.5 -> 21); 20 or less is the included
    20 GiB."""
    requested = float(requested_gib)
    if requested <= FARGATE_INCLUDED_STORAGE_GIB:
        return FARGATE_INCLUDED_STORAGE_GIB
    return float(math.ceil(requested - 1e-9))


# (vCPU, memory sizes in GB) and the Windows vCPU values: the table in ``advisor.platforms`` (its sources there).
_TABLE_GB = FARGATE_SIZE_TABLE_GB
WINDOWS_VCPU = FARGATE_WINDOWS_VCPU


@dataclass(frozen=True, order=True)
class FargateSize:
    """One valid Fargate configuration."""

    vcpu: float
    memory_mib: float

    @property
    def cpu_units(self) -> int:
        return int(round(self.vcpu * 1024))

    @property
    def memory_gb(self) -> float:
        return self.memory_mib / MIB_PER_GB

    def to_dict(self) -> dict:
        return {"vcpu": self.vcpu, "memory_mib": self.memory_mib}


def _table(os: str) -> tuple[FargateSize, ...]:
    return tuple(sorted(FargateSize(float(vcpu), float(gb * MIB_PER_GB))
                        for vcpu, mems in _TABLE_GB if os == "linux" or vcpu in WINDOWS_VCPU for gb in mems))


_SIZES = {"linux": _table("linux"), "windows": _table("windows")}
#: The sizes EKS on Fargate gives pods (Linux only): the table's rows up to ``EKS_FARGATE_MAX_VCPU`` (16 vCPU).
_EKS_SIZES = tuple(s for s in _SIZES["linux"] if s.vcpu <= EKS_FARGATE_MAX_VCPU)


def valid_sizes(os: str = "linux", *, eks: bool = False) -> list[FargateSize]:
    """Every valid Fargate size for an operating system (``linux`` or ``windows``), smallest first; ``eks=True``:
    the sizes EKS on Fargate gives pods (Linux, up to 16 vCPU). Raises ``SizingError`` for another os, and for
    ``windows`` with ``eks`` (EKS on Fargate runs Linux pods only)."""
    if os not in _SIZES:
        raise SizingError(f"os {os!r} is not valid for Fargate; valid: linux, windows")
    if eks:
        if os != "linux":
            raise SizingError("EKS on Fargate runs Linux pods only (Amazon EKS User Guide, 'AWS Fargate considerations')")
        return list(_EKS_SIZES)
    return list(_SIZES[os])


def request_range(option: str, os: str = "linux", *, eks: bool = False) -> str:
    """What ``advisor sizes`` takes as ``option`` (``--cpu`` or ``--memory``) for ``os`` (and ``eks``), for its
    messages: more than 0 (one ECS CPU unit, ``advisor.units.MIN_VCPU``; 1 MiB, ``MIN_MEMORY_MIB``) up to the largest
    size of the table (sources in this module's docstring); for EKS pods the memory up to that size less the 256 MiB
    Fargate adds."""
    sizes = valid_sizes(os, eks=eks)
    largest = max(sizes)
    where = ("EKS on Fargate pod (Amazon EKS User Guide, 'Fargate Pod configuration')" if eks else
             f"ECS task on Fargate, {os} (Amazon ECS Developer Guide, 'Task CPU and memory')")
    if option == "--cpu":
        return (f"--cpu takes more than 0 (at least 1/1024 vCPU, one ECS CPU unit) and at most {largest.vcpu:g} vCPU, "
                f"the largest size of an {where}")
    mem = max(s.memory_mib for s in sizes)
    if eks:
        return (f"--memory takes more than 0 (at least 1 MiB) and at most {num(mem - EKS_FARGATE_OVERHEAD_MIB)} MiB: "
                f"the largest size of an {where} is {num(mem / MIB_PER_GB)} GB, and Fargate adds "
                f"{EKS_FARGATE_OVERHEAD_MIB:g} MiB to the request")
    return (f"--memory takes more than 0 (at least 1 MiB) and at most {num(mem)} MiB ({num(mem / MIB_PER_GB)} GB), the "
            f"largest size of an {where}")


def request_limits(os: str = "linux", *, eks: bool = False) -> tuple[float, float]:
    """The largest request ``advisor sizes`` can size for ``os`` (and ``eks``): (vCPU, MiB) of the largest size of
    the table (sources in this module's docstring), for EKS pods the memory less the 256 MiB Fargate adds. Windows:
    4 vCPU, 30720 MiB (30 GB); Linux: 32 vCPU, 249856 MiB (244 GB); EKS: 16 vCPU, 122624 MiB (120 GB - 256 MiB).
    ``SizingError`` as ``valid_sizes``."""
    sizes = valid_sizes(os, eks=eks)
    mem = max(s.memory_mib for s in sizes)
    return max(s.vcpu for s in sizes), mem - EKS_FARGATE_OVERHEAD_MIB if eks else mem


def is_valid_size(vcpu: float, memory_mib: float, os: str = "linux") -> bool | None:
    """Whether (vCPU, MiB) is one of the size table's combinations; ``None`` when either value is not in the table
    at all (a request to round, not a task size). Same sources as the table above; ``SizingError`` for an os other
    than linux or windows."""
    if os not in _SIZES:
        raise SizingError(f"os {os!r} is not valid for Fargate; valid: linux, windows")
    return fargate_size_is_valid(vcpu, memory_mib, os)


@dataclass(frozen=True)
class SizeChoice:
    """The size a request gets, and what rounding wastes (``waste_vcpu``, ``waste_memory_mib``: size less request,
    exact to the request's decimals, ``advisor.units.decimal_sum``: 2 - 1.1 vCPU is 0.9, not 0.8999999999999999)."""

    requested_vcpu: float
    requested_memory_mib: float
    billed_request_memory_mib: float  # what Fargate sizes from (EKS: request + 256 MiB)
    size: FargateSize

    @property
    def waste_vcpu(self) -> float:
        return decimal_sum(self.size.vcpu, -self.requested_vcpu)

    @property
    def waste_memory_mib(self) -> float:
        return decimal_sum(self.size.memory_mib, -self.requested_memory_mib)

    def to_dict(self) -> dict:
        return {
            "requested": {"vcpu": self.requested_vcpu, "memory_mib": self.requested_memory_mib},
            "sized_from": {"vcpu": self.requested_vcpu, "memory_mib": self.billed_request_memory_mib},
            "size": self.size.to_dict(),
            "waste": {"vcpu": self.waste_vcpu, "memory_mib": self.waste_memory_mib},
        }


def _round_up(vcpu: float, memory_mib: float, os: str, what: str, *, eks: bool = False) -> FargateSize:
    if os not in _SIZES:
        raise SizingError(f"os {os!r} is not valid for Fargate; valid: linux, windows")
    table = _EKS_SIZES if eks and os == "linux" else _SIZES[os]  # windows: its own table (1-4 vCPU) as before
    eps = 1e-9
    for size in table:  # sorted by vCPU then memory: the first that covers is the cheapest (see ecs_task_size)
        if size.vcpu + eps >= vcpu and size.memory_mib + eps >= memory_mib:
            return size
    largest = table[-1]
    on_eks = eks and os == "linux"
    where = "EKS on Fargate" if on_eks else os
    pending = (f"; EKS leaves such a pod Pending ({EKS_FARGATE_TOO_LARGE_REASON}: \"Your pod's cpu/memory requirements "
               "exceed the max Fargate configuration\")" if on_eks else "")
    raise SizingError(
        f"{what} of {num(vcpu)} vCPU and {num(memory_mib)} MiB does not fit any Fargate size for {where}: the largest is "
        f"{num(largest.vcpu)} vCPU with {num(largest.memory_mib)} MiB ({num(largest.memory_gb)} GB){pending}. Reduce the "
        "request, split the service, or run it on EC2 capacity."
    )


@lru_cache(maxsize=4096)
def ecs_task_size(vcpu: float, memory_mib: float, os: str = "linux") -> SizeChoice:
    """The Fargate size an ECS task with this CPU/memory request gets (the smallest valid size covering it).

    Every larger vCPU tier also has a larger minimum memory, and up to 16 vCPU a request's smallest covering size
    in a tier never has more memory than its covering sizes in larger tiers, so the first covering size in
    (vCPU, memory) order is the cheapest at any positive per-vCPU and per-GB rates. The 32 vCPU tier's three
    memory values add one exception: a request of 56-60 GB above 8 vCPU gets 16 vCPU / 64 GB, and 32 vCPU / 60 GB
    would cost less only if 16 vCPU-hours cost less than 4 GB-hours (a vCPU-hour costs about nine GB-hours in
    every Fargate price), so the first covering size stays the cheapest in practice.
    """
    size = _round_up(vcpu, memory_mib, os, "A task")
    return SizeChoice(vcpu, memory_mib, memory_mib, size)


@lru_cache(maxsize=4096)
def eks_pod_size(vcpu: float | None, memory_mib: float | None, os: str = "linux") -> SizeChoice:
    """The Fargate size an EKS pod gets: its request plus 256 MiB, rounded up to the EKS table (up to 16 vCPU /
    120 GB); no requests -> 0.25 vCPU / 0.5 GB. A request above the largest size raises ``SizingError`` naming what
    EKS does with such a pod: leaves it Pending (``EKS_FARGATE_TOO_LARGE_REASON``)."""
    if not vcpu and not memory_mib:
        smallest = _EKS_SIZES[0]
        return SizeChoice(0.0, 0.0, 0.0, smallest)
    vcpu = vcpu or 0.0
    memory_mib = memory_mib or 0.0
    sized_from = decimal_sum(memory_mib, EKS_FARGATE_OVERHEAD_MIB)
    size = _round_up(vcpu, sized_from, os, f"A pod request (+{EKS_FARGATE_OVERHEAD_MIB:g} MiB for Fargate's Kubernetes "
                     "components)", eks=True)
    return SizeChoice(vcpu, memory_mib, sized_from, size)
