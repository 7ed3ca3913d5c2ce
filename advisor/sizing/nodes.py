"""What one EC2 node can hold for tasks (ECS) or pods (EKS): allocatable capacity after every reservation.

Every rule below is a constant or function with its source in a comment. The packer (``advisor.sizing.packing``)
only sees the result: allocatable (cpu vCPU, memory MiB, slots) per node type. ``NodeSettings`` gathers every
input that changes a node's capacity (the workload's ``ec2`` section plus DaemonSets); ``node_capacity`` applies
the rules to one instance type.

Both platforms (one VM memory overhead, so ECS and EKS start from the same memory)::

    capacity memory = installed memory (- 64 MiB CMA on Graviton)
                      - ceil(that x vm_memory_overhead_percent / 100)         (Karpenter; default 7.5%)

EKS on EC2 (Amazon EKS optimized AL2023 AMI, nodeadm; managed node groups)::

    ENI max pods    = ENIs x (IPv4 per ENI - 1) + 2                              (nodeadm default)
    max pods        = ENI max pods, or with prefix delegation ENIs x ((IPv4 per ENI - 1) x 16) + 2;
                      managed node groups (and the max-pods calculator with prefix delegation) cap it at
                      110 (<= 30 vCPU) or 250
    kube-reserved   = memory 11 MiB x ENI max pods + 255 MiB (nodeadm computes it from its own max pods,
                      whatever maxPods the node group sets); CPU 6% / 1% / 0.5% / 0.25% of cores 1 / 2 / 3-4 / 5+
    eviction-hard   = memory.available 100Mi
    for workload    = capacity - kube-reserved - eviction - DaemonSet requests; slots = max pods - DaemonSet pods

ECS on EC2 (ECS-optimized AMI)::

    registered memory = capacity memory - ECS_RESERVED_MEMORY
    CPU               = vCPU x 1024 units
    awsvpc tasks      = ENIs - 1 (primary ENI); with the awsvpcTrunking account setting, the per-type limit of
                        the ECS trunking table (types not in it: ENIs - 1)
    bridge / host     = no per-instance task limit from the network mode
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from functools import lru_cache

from advisor.errors import AdvisorError, did_you_mean
from advisor.pricing.catalog import InstanceType
from advisor.units import CPU_UNITS_PER_VCPU

PLATFORMS = ("ecs-ec2", "eks-ec2")

# ------------------------------------------------------------------------------------ VM memory (both)
#: Memory the kernel, hypervisor and firmware keep from a VM, as a percent of installed memory. Karpenter's
#: default: aws/karpenter-provider-aws pkg/operator/options/options.go ``--vm-memory-overhead-percent``
#: (``VM_MEMORY_OVERHEAD_PERCENT``, default 0.075), used by pkg/providers/instancetype/types.go ``memory()``:
#: ``mem - ceil(mem x 0.075)`` MiB. Amazon ECS Developer Guide, "Reserving Amazon ECS Linux container instance
#: memory": an m4.large (8 GiB = 8192 MiB installed) registers 8373026816 bytes = 7985 MiB, i.e. 207 MiB or about
#: 2.5% less. Karpenter's value is deliberately conservative for nodes it has not seen yet; the ECS example is one
#: measured instance. advisor uses one configurable value for both platforms (``ec2.vm_memory_overhead_percent``).
DEFAULT_VM_MEMORY_OVERHEAD_PERCENT = 7.5
#: Graviton (arm64) instances keep 64 MiB of CMA memory first. Karpenter pkg/providers/instancetype/types.go
#: ``memory()``: "Gravitons have an extra 64 MiB of cma reserved memory that we can't use".
GRAVITON_CMA_RESERVED_MIB = 64

# ------------------------------------------------------------------------------------------- EKS rules
#: kube-reserved memory = 11 MiB per pod + 255 MiB. awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go,
#: getMemoryMebibytesToReserve: ``11*maxPods + 255``.
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
#: awslabs/amazon-eks-ami nodeadm/internal/kubelet/eni_max_pods.go: ``DefaultMaxENIs*(Ipv4AddressesPerInterface-1) + 2``.
HOST_NETWORK_PODS = 2
#: Prefix delegation assigns /28 prefixes (16 IPs) per secondary-IP slot, Nitro instances only.
#: awslabs/amazon-eks-ami templates/al2/runtime/max-pods-calculator.sh (IPS_PER_PREFIX=16, IS_NITRO).
IPS_PER_PREFIX = 16
#: Max pods caps: 110 for instances with at most 30 vCPUs, 250 above. Amazon EKS User Guide, "Create a managed node
#: group": "For instances with less than 30 vCPUs, the maximum number is 110. For instances with greater than 30 vCPUs,
#: the maximum number jumps to 250"; "applied whether prefix delegation is enabled or not" (eks-networking-add-ons);
#: max-pods-calculator.sh MAX_POD_CEILING_FOR_LOW_CPU=110, MAX_POD_CEILING_FOR_HIGH_CPU=250, ``CPU_COUNT -gt 30``.
MAX_PODS_LOW_CPU = 110
MAX_PODS_HIGH_CPU = 250
MAX_PODS_LOW_CPU_MAX_VCPU = 30
# Kept under their old names for callers of the previous release.
PREFIX_MAX_PODS_LOW_CPU = MAX_PODS_LOW_CPU
PREFIX_MAX_PODS_HIGH_CPU = MAX_PODS_HIGH_CPU
PREFIX_LOW_CPU_MAX_VCPU = MAX_PODS_LOW_CPU_MAX_VCPU

# ------------------------------------------------------------------------------------------ root volumes
#: Default root volume per node, GiB, by platform:
#: - ECS: the ECS-optimized AMI's root device. aws/amazon-ecs-ami variables.pkr.hcl ``block_device_size_gb``
#:   (default 30, "Size of the root block device"), used as ``volume_size`` in al2023.pkr.hcl; README: "override the
#:   default value of 30 GB".
#: - EKS: the EKS-optimized AL2023 AMI's root device, awslabs/amazon-eks-ami templates/al2023/template.json
#:   ``ami_block_device_mappings`` ``volume_size: 20``; the same as managed node groups' ``diskSize`` default
#:   ("The default disk size is 20 GiB for Linux and Bottlerocket", EKS API CreateNodegroup).
DEFAULT_ROOT_VOLUME_GIB = {"ecs-ec2": 30.0, "eks-ec2": 20.0}


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
#: Each awsvpc task takes one ENI; the primary ENI is the instance's own. Amazon ECS Developer Guide, "Increasing
#: Amazon ECS Linux container instance network interfaces": "by default a c5.large instance may have up to three ENIs
#: attached to it. The primary network interface for the instance counts as one ... you can typically only run two
#: such tasks". With the awsvpcTrunking account setting the per-type limits of that page's table apply (c5.large: 10);
#: advisor reads them from the ``ecs_eni_trunking`` table (``InstanceType.ecs_trunking_task_limit``).
ECS_PRIMARY_ENIS = 1
#: awsvpcTrunking is an account setting that must be turned on ("When you use these instance types and turn on the
#: awsvpcTrunking account setting, additional ENIs are available on newly launched container instances", same page;
#: "Only resources launched after opting in receive the increased ENI limits", ECS account settings). So the default
#: is off; ``ec2.ecs_awsvpc_trunking: true`` models an account that turned it on.
DEFAULT_ECS_AWSVPC_TRUNKING = False
#: Slots when the network mode sets no per-instance task limit (bridge/host): effectively unlimited.
UNLIMITED_SLOTS = 1_000_000.0


class NodeConfigError(AdvisorError):
    """A node-capacity option that is not valid."""


@dataclass(frozen=True)
class NodeSettings:
    """Everything besides the instance type that changes what a node holds (hashable: planners are cached on it).

    ``daemonsets`` are the workload's own DaemonSets; on EKS the default ones (aws-node, kube-proxy) are added.
    """

    vm_memory_overhead_percent: float = DEFAULT_VM_MEMORY_OVERHEAD_PERCENT
    headroom_percent: float = 0.0
    prefix_delegation: bool = False
    eks_managed_node_group: bool = True
    ecs_reserved_memory_mib: float = 0.0
    ecs_network_mode: str = "awsvpc"
    ecs_awsvpc_trunking: bool = DEFAULT_ECS_AWSVPC_TRUNKING
    ecs_max_tasks_per_instance: int | None = None
    daemonsets: tuple[DaemonSetSpec, ...] = ()

    def check(self) -> NodeSettings:
        if not 0 <= self.headroom_percent < 100:
            raise NodeConfigError(f"headroom_percent {self.headroom_percent!r} is not valid; use a number from 0 to "
                                  "below 100.")
        if not 0 <= self.vm_memory_overhead_percent < 100:
            raise NodeConfigError(f"vm_memory_overhead_percent {self.vm_memory_overhead_percent!r} is not valid; use a "
                                  f"number from 0 to below 100 (default {DEFAULT_VM_MEMORY_OVERHEAD_PERCENT}, Karpenter's).")
        if self.ecs_network_mode not in ("awsvpc", "bridge", "host"):
            raise NodeConfigError(f"ecs_network_mode {self.ecs_network_mode!r} is not valid; use awsvpc, bridge or host.")
        return self

    @classmethod
    def from_ec2(cls, cfg, daemonsets=()) -> NodeSettings:
        """From a workload's ``ec2`` section (``Ec2Config``) and its DaemonSets."""
        return cls(
            vm_memory_overhead_percent=float(cfg.vm_memory_overhead_percent), headroom_percent=float(cfg.headroom_percent),
            prefix_delegation=bool(cfg.prefix_delegation), eks_managed_node_group=bool(cfg.eks_managed_node_group),
            ecs_reserved_memory_mib=float(cfg.ecs_reserved_memory_mib), ecs_network_mode=str(cfg.ecs_network_mode),
            ecs_awsvpc_trunking=bool(cfg.ecs_awsvpc_trunking), ecs_max_tasks_per_instance=cfg.ecs_max_tasks_per_instance,
            daemonsets=tuple(daemonsets),
        ).check()


def vm_capacity_memory_mib(itype: InstanceType, overhead_percent: float = DEFAULT_VM_MEMORY_OVERHEAD_PERCENT) -> int:
    """Memory the OS sees (MiB): installed - 64 MiB on Graviton, minus ceil(that x overhead% / 100) (Karpenter)."""
    mem = int(itype.memory_mib) - (GRAVITON_CMA_RESERVED_MIB if itype.arch == "arm64" else 0)
    pct = _exact_percent(overhead_percent)
    overhead = -(-(mem * pct.numerator) // (pct.denominator * 100))  # exact ceil: no float surprises (8192 x 7.5%)
    return mem - overhead


@lru_cache(maxsize=64)
def _exact_percent(value: float) -> Fraction:
    return Fraction(str(value))


def kube_reserved_cpu_millicores(vcpu: float) -> int:
    """kube-reserved CPU in millicores for a node with ``vcpu`` vCPUs (EKS AMI rule, integer per range)."""
    total = round(vcpu * 1000)
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


def eni_max_pods(itype: InstanceType) -> int:
    """The EKS AMI's own max pods: ENIs x (IPv4 per ENI - 1) + 2 (nodeadm eni_max_pods.go; eni-max-pods.txt)."""
    return int(itype.max_enis) * (int(itype.ipv4_per_eni) - 1) + HOST_NETWORK_PODS


def max_pods_cap(itype: InstanceType) -> int:
    """110 for at most 30 vCPUs, else 250 (managed node groups; max-pods-calculator.sh)."""
    return MAX_PODS_HIGH_CPU if itype.vcpu > MAX_PODS_LOW_CPU_MAX_VCPU else MAX_PODS_LOW_CPU


def eks_max_pods(itype: InstanceType, *, prefix_delegation: bool = False, managed_node_group: bool = True) -> int:
    """Pods a node runs (the kubelet's maxPods).

    Without prefix delegation: the ENI max pods; a managed node group caps it at 110/250. With prefix delegation
    (Nitro only; VPC CNI ENABLE_PREFIX_DELEGATION): ENIs x ((IPv4 per ENI - 1) x 16) + 2, capped at 110/250 (managed
    node groups enforce the cap; self-managed nodes get it from the max-pods calculator AWS tells them to run).
    """
    eni = eni_max_pods(itype)
    if prefix_delegation and itype.hypervisor == "nitro":
        return min(int(itype.max_enis) * ((int(itype.ipv4_per_eni) - 1) * IPS_PER_PREFIX) + HOST_NETWORK_PODS,
                   max_pods_cap(itype))
    return min(eni, max_pods_cap(itype)) if managed_node_group else eni


def ecs_registered_memory_mib(itype: InstanceType, reserved_mib: float = 0.0,
                              overhead_percent: float = DEFAULT_VM_MEMORY_OVERHEAD_PERCENT) -> int:
    """Memory the ECS agent registers for tasks: the VM's capacity memory minus ECS_RESERVED_MEMORY."""
    return int(vm_capacity_memory_mib(itype, overhead_percent) - reserved_mib)


def ecs_task_slots(itype: InstanceType, network_mode: str = "awsvpc", max_tasks: int | None = None,
                   trunking: bool = DEFAULT_ECS_AWSVPC_TRUNKING) -> float:
    """awsvpc tasks per instance: ``max_tasks`` when given; with trunking the table's limit for the type (types not
    in the ECS trunking table: ENIs - 1); without, ENIs - 1. bridge/host: unlimited."""
    if network_mode != "awsvpc":
        return UNLIMITED_SLOTS
    if max_tasks is not None:
        return float(max_tasks)
    if trunking and itype.ecs_trunking_task_limit:
        return float(itype.ecs_trunking_task_limit)
    return float(max(0, itype.max_enis - ECS_PRIMARY_ENIS))


def root_volume_gib(platform: str, override: float | None = None) -> float:
    """Root volume per node (GiB): ``override`` when given, else the platform AMI's default (30 ECS, 20 EKS)."""
    check_platform(platform)
    return float(override) if override is not None else DEFAULT_ROOT_VOLUME_GIB[platform]


@dataclass
class NodeCapacity:
    """What one node of a type holds for workload tasks/pods, and where the rest went."""

    instance_type: str
    platform: str
    arch: str
    vcpu: float
    memory_mib: float  # installed
    slots_total: float  # max pods (EKS) or awsvpc task ENIs (ECS)
    reserved_cpu: float  # kube-reserved (EKS); 0 for ECS
    reserved_memory_mib: float  # everything between installed memory and allocatable, DaemonSets excluded
    daemonset_cpu: float
    daemonset_memory_mib: float
    daemonset_pods: int
    allocatable_cpu: float  # after reservations and DaemonSets
    allocatable_memory_mib: float
    allocatable_slots: float
    headroom_percent: float
    packable: tuple[float, float, float]  # after headroom: what the packer may fill
    vm_overhead_memory_mib: float = 0.0  # Graviton CMA + VM overhead (part of reserved_memory_mib)
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
    settings: NodeSettings | None = None,
    *,
    prefix_delegation: bool | None = None,
    daemonsets: list[DaemonSetSpec] | None = None,
    headroom_percent: float | None = None,
    ecs_reserved_memory_mib: float | None = None,
    ecs_network_mode: str | None = None,
    ecs_max_tasks_per_instance: int | None = None,
    ecs_awsvpc_trunking: bool | None = None,
    vm_memory_overhead_percent: float | None = None,
    eks_managed_node_group: bool | None = None,
) -> NodeCapacity:
    """Allocatable capacity of one node for the workload's tasks (ECS) or pods (EKS).

    ``settings`` (default ``NodeSettings()``) holds every option; the keyword arguments override single fields.
    ``daemonsets`` here is the full list on the node (EKS: ``None`` means the defaults plus ``settings.daemonsets``).
    Units: vCPU, MiB, pods/tasks. Raises ``NodeConfigError`` for an invalid option.
    """
    check_platform(platform)
    s = settings or NodeSettings()
    over = {k: v for k, v in {
        "prefix_delegation": prefix_delegation, "headroom_percent": headroom_percent,
        "ecs_reserved_memory_mib": ecs_reserved_memory_mib, "ecs_network_mode": ecs_network_mode,
        "ecs_max_tasks_per_instance": ecs_max_tasks_per_instance, "ecs_awsvpc_trunking": ecs_awsvpc_trunking,
        "vm_memory_overhead_percent": vm_memory_overhead_percent, "eks_managed_node_group": eks_managed_node_group,
    }.items() if v is not None}
    if over:
        s = replace(s, **over)
    s.check()
    keep = 1.0 - s.headroom_percent / 100.0
    vcpu, mem = float(itype.vcpu), float(itype.memory_mib)
    capacity_mem = float(vm_capacity_memory_mib(itype, s.vm_memory_overhead_percent))
    vm_overhead = mem - capacity_mem
    if platform == "eks-ec2":
        ds = list(DEFAULT_EKS_DAEMONSETS + s.daemonsets) if daemonsets is None else list(daemonsets)
        max_pods = eks_max_pods(itype, prefix_delegation=s.prefix_delegation, managed_node_group=s.eks_managed_node_group)
        reserve_pods = eni_max_pods(itype)  # nodeadm reserves for its own max pods, not the configured maxPods
        cpu_res = kube_reserved_cpu_millicores(vcpu) / 1000.0
        mem_kube = kube_reserved_memory_mib(reserve_pods)
        mem_res = vm_overhead + mem_kube + EVICTION_HARD_MEMORY_MIB
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        ds_pods = len(ds)
        # host-network DaemonSet pods beyond the two the "+2" already covers still take a pod slot
        host = sum(1 for d in ds if d.host_network)
        slots_used = (ds_pods - host) + max(0, host - HOST_NETWORK_PODS)
        alloc_cpu = vcpu - cpu_res - ds_cpu
        alloc_mem = mem - mem_res - ds_mem
        alloc_slots = float(max_pods - HOST_NETWORK_PODS - slots_used) if max_pods > HOST_NETWORK_PODS else 0.0
        pd = s.prefix_delegation and itype.hypervisor == "nitro"
        details = {"max_pods": max_pods, "eni_max_pods": eni_max_pods(itype),
                   "max_pods_rule": ("prefix delegation, capped at 110/250" if pd else
                                     "ENI formula, managed node group cap 110/250" if s.eks_managed_node_group
                                     else "ENI formula (self-managed, no cap)"),
                   "kube_reserved_pods": reserve_pods,
                   "kube_reserved_cpu_millicores": round(cpu_res * 1000),
                   "kube_reserved_memory_mib": mem_kube, "eviction_hard_memory_mib": EVICTION_HARD_MEMORY_MIB,
                   "capacity_memory_mib": capacity_mem, "vm_memory_overhead_percent": s.vm_memory_overhead_percent,
                   "daemonsets": [d.name for d in ds], "prefix_delegation": s.prefix_delegation,
                   "managed_node_group": s.eks_managed_node_group,
                   "max_pods_source": "prefix delegation formula" if pd else itype.eks_max_pods_source}
        total_slots = float(max_pods)
    else:
        ds = list(s.daemonsets) if daemonsets is None else list(daemonsets)
        registered = capacity_mem - s.ecs_reserved_memory_mib
        cpu_res = 0.0
        mem_res = mem - registered
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        ds_pods = len(ds)
        slots = ecs_task_slots(itype, s.ecs_network_mode, s.ecs_max_tasks_per_instance, s.ecs_awsvpc_trunking)
        alloc_cpu = vcpu - ds_cpu
        alloc_mem = registered - ds_mem
        # ECS daemon tasks in awsvpc mode take an ENI each
        alloc_slots = max(0.0, slots - (ds_pods if s.ecs_network_mode == "awsvpc" else 0))
        total_slots = slots
        trunked = (s.ecs_network_mode == "awsvpc" and s.ecs_max_tasks_per_instance is None and s.ecs_awsvpc_trunking
                   and bool(itype.ecs_trunking_task_limit))
        details = {"cpu_units": int(vcpu * CPU_UNITS_PER_VCPU), "registered_memory_mib": registered,
                   "capacity_memory_mib": capacity_mem, "vm_memory_overhead_percent": s.vm_memory_overhead_percent,
                   "ecs_reserved_memory_mib": s.ecs_reserved_memory_mib, "network_mode": s.ecs_network_mode,
                   "os_overhead_memory_mib": vm_overhead,
                   "task_eni_limit": None if s.ecs_network_mode != "awsvpc" else slots,
                   "awsvpc_trunking": s.ecs_awsvpc_trunking,
                   "task_limit_rule": ("no per-instance limit (" + s.ecs_network_mode + ")" if s.ecs_network_mode != "awsvpc"
                                       else "ec2.ecs_max_tasks_per_instance" if s.ecs_max_tasks_per_instance is not None
                                       else "ENI trunking table" if trunked
                                       else "ENIs - 1 (type not in the ENI trunking table)" if s.ecs_awsvpc_trunking
                                       else "ENIs - 1 (no ENI trunking)"),
                   "daemon_tasks": [d.name for d in ds]}
    alloc_cpu, alloc_mem = max(0.0, alloc_cpu), max(0.0, alloc_mem)
    return NodeCapacity(
        instance_type=itype.name, platform=platform, arch=itype.arch, vcpu=vcpu, memory_mib=mem,
        slots_total=total_slots, reserved_cpu=cpu_res, reserved_memory_mib=mem_res, daemonset_cpu=ds_cpu,
        daemonset_memory_mib=ds_mem, daemonset_pods=ds_pods, allocatable_cpu=alloc_cpu,
        allocatable_memory_mib=alloc_mem, allocatable_slots=alloc_slots, headroom_percent=s.headroom_percent,
        packable=(alloc_cpu * keep, alloc_mem * keep, alloc_slots), vm_overhead_memory_mib=vm_overhead, details=details,
    )
