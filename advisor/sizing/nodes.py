"""What one EC2 node can hold for tasks (ECS) or pods (EKS), and the packing inputs built from a workload.

Every rule below is a constant or function with the AWS source in a comment. The packer
(``advisor.sizing.packing``) only sees the result: allocatable (cpu vCPU, memory MiB, slots) per node type.

EKS on EC2 (Amazon EKS optimized AMI / nodeadm)::

    max_pods        = ENIs x (IPv4 per ENI - 1) + 2                     (data: eni-max-pods.txt / computed)
                      prefix delegation: ENIs x ((IPv4 per ENI - 1) x 16) + 2, capped at 110 (<= 30 vCPU) or 250
    kube-reserved   = memory 11 MiB x max_pods + 255 MiB; CPU 6% / 1% / 0.5% / 0.25% of cores 1 / 2 / 3-4 / 5+
    eviction-hard   = memory.available 100Mi
    allocatable     = capacity - kube-reserved - eviction threshold
    for workload    = allocatable - DaemonSet requests (every node); slots = max_pods - DaemonSet pods

ECS on EC2 (ECS-optimized AMI)::

    registered memory = installed memory x 7985/8192 (OS/kernel; calibrated on AWS's m4.large example)
                        - ECS_RESERVED_MEMORY
    CPU               = vCPU x 1024 units
    awsvpc tasks      = ENIs - 1 (primary ENI); ENI trunking: the per-type limit given in the workload
"""

from __future__ import annotations


import math
from dataclasses import asdict, dataclass, field

from advisor.pricing.catalog import InstanceType
from advisor.errors import AdvisorError, did_you_mean
from advisor.units import CPU_UNITS_PER_VCPU

PLATFORMS = ("ecs-ec2", "eks-ec2")

# ------------------------------------------------------------------------------------------- EKS rules
#: kube-reserved memory = 11 MiB per pod + 255 MiB. awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go,
#: GetMemoryMebibytesToReserve: ``11*maxPods + 255``.
KUBE_RESERVED_MIB_PER_POD = 11
KUBE_RESERVED_MIB_BASE = 255
#: kube-reserved CPU, in hundredths of a percent of each millicore range: 6% of the first core, 1% of the
#: second, 0.5% of cores 3-4, 0.25% above. awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go,
#: getCPUMillicoresToReserve: ranges {0, 1000, 2000, 4000, total}, percentages {600, 100, 50, 25} / 10000,
#: integer arithmetic per range.
KUBE_RESERVED_CPU_RANGES = ((0, 1000, 600), (1000, 2000, 100), (2000, 4000, 50), (4000, None, 25))
#: evictionHard memory.available = 100Mi. awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go,
#: defaultKubeletSubConfig EvictionHard.
EVICTION_HARD_MEMORY_MIB = 100
#: Pods that use host networking and need no VPC IP (aws-node and kube-proxy): the "+2" in max pods.
#: awslabs/amazon-eks-ami nodeadm/internal/kubelet/max_pods.go, numHostNetworkingPods = 2.
HOST_NETWORK_PODS = 2
#: Prefix delegation assigns /28 prefixes (16 IPs) per secondary-IP slot, Nitro instances only, VPC CNI >= 1.9.0;
#: the recommended max pods is capped at 110 for instances with <= 30 vCPU and at 250 above.
#: awslabs/amazon-eks-ami templates/al2/runtime/max-pods-calculator.sh (IPS_PER_PREFIX=16,
#: MAX_POD_CEILING_FOR_LOW_CPU=110, MAX_POD_CEILING_FOR_HIGH_CPU=250, "CPU_COUNT -gt 30"); Amazon EKS User Guide,
#: "Assign more IP addresses to Amazon EKS nodes with prefixes".
IPS_PER_PREFIX = 16
PREFIX_MAX_PODS_LOW_CPU = 110
PREFIX_MAX_PODS_HIGH_CPU = 250
PREFIX_LOW_CPU_MAX_VCPU = 30


@dataclass(frozen=True)
class DaemonSetSpec:
    """A DaemonSet's per-node request."""

    name: str
    cpu: float  # vCPU
    memory_mib: float
    host_network: bool = False  # host-network pods need no pod IP; aws-node/kube-proxy are the "+2" in max pods


#: Default DaemonSets on every EKS node (requests):
#: - aws-node (Amazon VPC CNI): cpu 25m, no memory request. aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml,
#:   container aws-node ``resources.requests.cpu: 25m``.
#: - kube-proxy (EKS add-on): cpu 100m, no memory request (the kube-proxy DaemonSet the EKS add-on installs in
#:   kube-system; ``kubectl -n kube-system get ds kube-proxy -o yaml``).
DEFAULT_EKS_DAEMONSETS: tuple[DaemonSetSpec, ...] = (
    DaemonSetSpec("aws-node", 0.025, 0.0, host_network=True),
    DaemonSetSpec("kube-proxy", 0.1, 0.0, host_network=True),
)
#: CoreDNS (EKS add-on): 2 replicas, requests cpu 100m / memory 70Mi each (the coredns Deployment of the EKS
#: add-on; same as upstream coredns/deployment kubernetes/coredns.yaml.sed). Packed as ordinary pods.
COREDNS_REPLICAS = 2
COREDNS_CPU = 0.1
COREDNS_MEMORY_MIB = 70.0

# ------------------------------------------------------------------------------------------- ECS rules
#: Registered memory is less than installed memory (kernel and platform overhead). Amazon ECS Developer Guide,
#: "Reserving Amazon ECS Linux container instance memory": an m4.large (8 GiB installed) reports 8373026816
#: bytes total to the agent, so 7985 MiB is available for tasks. advisor models the overhead as that same
#: fraction of installed memory (an approximation; the real overhead depends on AMI and kernel).
ECS_REGISTERED_MEMORY_FRACTION = 7985 / 8192
#: Each awsvpc task takes one ENI; the primary ENI is the instance's own. Amazon ECS Developer Guide, "Increasing
#: Amazon ECS Linux container instance network interfaces" (ENI trunking): a c5.large has 3 ENIs, so 2 awsvpc tasks
#: without trunking. With awsvpcTrunking the per-type limits are in that page's table (c5.large: 10 tasks); the
#: table is not in the bundled data, so the workload gives it as ec2.ecs_max_tasks_per_instance.
ECS_PRIMARY_ENIS = 1
#: Slots when the network mode sets no per-instance task limit (bridge/host): effectively unlimited.
UNLIMITED_SLOTS = 1_000_000.0


class NodeConfigError(AdvisorError):
    """A node-capacity option that is not valid."""


def kube_reserved_cpu_millicores(vcpu: float) -> int:
    """kube-reserved CPU in millicores for a node with ``vcpu`` vCPUs (EKS AMI rule, integer per range)."""
    total = int(round(vcpu * 1000))
    reserved = 0
    for start, end, pct in KUBE_RESERVED_CPU_RANGES:
        if total <= start:
            continue
        top = total if end is None else min(total, end)
        reserved += (top - start) * pct // 10000
    return reserved


def kube_reserved_memory_mib(max_pods: int) -> int:
    """kube-reserved memory in MiB: 11 x max_pods + 255 (EKS AMI rule)."""
    return KUBE_RESERVED_MIB_PER_POD * int(max_pods) + KUBE_RESERVED_MIB_BASE


def eks_max_pods(itype: InstanceType, *, prefix_delegation: bool = False) -> int:
    """Max pods per node: the EKS AMI value from the data, or the prefix-delegation value (Nitro only)."""
    if not prefix_delegation:
        return int(itype.eks_max_pods)
    if itype.hypervisor != "nitro":
        return int(itype.eks_max_pods)  # prefix delegation needs Nitro (max-pods-calculator.sh IS_NITRO)
    raw = itype.max_enis * ((itype.ipv4_per_eni - 1) * IPS_PER_PREFIX) + HOST_NETWORK_PODS
    cap = PREFIX_MAX_PODS_HIGH_CPU if itype.vcpu > PREFIX_LOW_CPU_MAX_VCPU else PREFIX_MAX_PODS_LOW_CPU
    return min(raw, cap)


def ecs_registered_memory_mib(itype: InstanceType, reserved_mib: float = 0.0) -> int:
    """Memory the ECS agent registers for tasks: installed x 7985/8192, minus ECS_RESERVED_MEMORY."""
    return int(math.floor(itype.memory_mib * ECS_REGISTERED_MEMORY_FRACTION + 1e-9) - reserved_mib)


def ecs_task_slots(itype: InstanceType, network_mode: str = "awsvpc", max_tasks: int | None = None) -> float:
    """Tasks per instance the network mode allows: awsvpc ENIs - 1 (or the trunking limit given); else unlimited."""
    if network_mode != "awsvpc":
        return UNLIMITED_SLOTS
    if max_tasks is not None:
        return float(max_tasks)
    return float(max(0, itype.max_enis - ECS_PRIMARY_ENIS))


@dataclass
class NodeCapacity:
    """What one node of a type holds for workload tasks/pods, and where the rest went."""

    instance_type: str
    platform: str
    arch: str
    vcpu: float
    memory_mib: float
    slots_total: float  # max pods (EKS) or awsvpc task ENIs (ECS)
    reserved_cpu: float  # kube-reserved (EKS); 0 for ECS
    reserved_memory_mib: float  # kube-reserved + eviction (EKS); OS overhead + ECS_RESERVED_MEMORY (ECS)
    daemonset_cpu: float
    daemonset_memory_mib: float
    daemonset_pods: int
    allocatable_cpu: float  # after reservations and DaemonSets
    allocatable_memory_mib: float
    allocatable_slots: float
    headroom_percent: float
    packable: tuple[float, float, float]  # after headroom: what the packer may fill
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["packable"] = {"cpu": self.packable[0], "memory_mib": self.packable[1], "slots": self.packable[2]}
        return d


def check_platform(platform: str) -> str:
    if platform not in PLATFORMS:
        raise NodeConfigError(
            f"platform {platform!r} is not an EC2 platform.{did_you_mean(platform, PLATFORMS)} "
            f"Valid: {', '.join(PLATFORMS)}."
        )
    return platform


def node_capacity(
    itype: InstanceType,
    platform: str,
    *,
    prefix_delegation: bool = False,
    daemonsets: list[DaemonSetSpec] | None = None,
    headroom_percent: float = 0.0,
    ecs_reserved_memory_mib: float = 0.0,
    ecs_network_mode: str = "awsvpc",
    ecs_max_tasks_per_instance: int | None = None,
) -> NodeCapacity:
    """Allocatable capacity of one node for the workload's tasks (ECS) or pods (EKS)."""
    check_platform(platform)
    if not 0 <= headroom_percent < 100:
        raise NodeConfigError(f"headroom_percent {headroom_percent!r} is not valid; use a number from 0 to below 100.")
    keep = 1.0 - headroom_percent / 100.0
    vcpu, mem = float(itype.vcpu), float(itype.memory_mib)
    if platform == "eks-ec2":
        max_pods = eks_max_pods(itype, prefix_delegation=prefix_delegation)
        ds = list(DEFAULT_EKS_DAEMONSETS if daemonsets is None else daemonsets)
        cpu_res = kube_reserved_cpu_millicores(vcpu) / 1000.0
        mem_kube = kube_reserved_memory_mib(max_pods)
        mem_res = float(mem_kube + EVICTION_HARD_MEMORY_MIB)
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        # host-network DaemonSet pods beyond the two the "+2" already covers still take a pod slot
        ds_pods = len(ds)
        slots_used = sum(1 for d in ds if not d.host_network) + max(0, sum(1 for d in ds if d.host_network) - HOST_NETWORK_PODS)
        alloc_cpu = vcpu - cpu_res - ds_cpu
        alloc_mem = mem - mem_res - ds_mem
        alloc_slots = float(max_pods - HOST_NETWORK_PODS - slots_used) if max_pods > HOST_NETWORK_PODS else 0.0
        details = {"max_pods": max_pods, "kube_reserved_cpu_millicores": int(round(cpu_res * 1000)),
                   "kube_reserved_memory_mib": mem_kube, "eviction_hard_memory_mib": EVICTION_HARD_MEMORY_MIB,
                   "daemonsets": [asdict(d) for d in ds], "prefix_delegation": prefix_delegation,
                   "max_pods_source": "prefix delegation formula" if prefix_delegation and itype.hypervisor == "nitro"
                   else itype.eks_max_pods_source}
        total_slots = float(max_pods)
    else:
        ds = list(daemonsets or [])
        registered = ecs_registered_memory_mib(itype, ecs_reserved_memory_mib)
        cpu_res = 0.0
        mem_res = mem - registered
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        ds_pods = len(ds)
        slots = ecs_task_slots(itype, ecs_network_mode, ecs_max_tasks_per_instance)
        alloc_cpu = vcpu - ds_cpu
        alloc_mem = registered - ds_mem
        # ECS daemon tasks in awsvpc mode take an ENI each
        alloc_slots = max(0.0, slots - (ds_pods if ecs_network_mode == "awsvpc" else 0))
        total_slots = slots
        details = {"cpu_units": int(vcpu * CPU_UNITS_PER_VCPU), "registered_memory_mib": registered,
                   "ecs_reserved_memory_mib": ecs_reserved_memory_mib, "network_mode": ecs_network_mode,
                   "os_overhead_memory_mib": mem - registered - ecs_reserved_memory_mib,
                   "task_eni_limit": None if ecs_network_mode != "awsvpc" else slots,
                   "daemon_tasks": [asdict(d) for d in ds]}
    alloc_cpu, alloc_mem = max(0.0, alloc_cpu), max(0.0, alloc_mem)
    return NodeCapacity(
        instance_type=itype.name, platform=platform, arch=itype.arch, vcpu=vcpu, memory_mib=mem,
        slots_total=total_slots, reserved_cpu=cpu_res, reserved_memory_mib=mem_res, daemonset_cpu=ds_cpu,
        daemonset_memory_mib=ds_mem, daemonset_pods=ds_pods, allocatable_cpu=alloc_cpu,
        allocatable_memory_mib=alloc_mem, allocatable_slots=alloc_slots, headroom_percent=headroom_percent,
        packable=(alloc_cpu * keep, alloc_mem * keep, alloc_slots), details=details,
    )
