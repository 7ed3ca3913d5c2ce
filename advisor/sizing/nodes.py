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
                      (every platform: only the DaemonSets whose architecture, DaemonSetSpec.arch, is the node's
                      and whose instance type rule the node's type meets, model.node_type_selected)

EKS Auto Mode (Bottlerocket nodes AWS manages; docs/platforms.md)::

    max pods        = the node's own max pods (prefix delegation on Nitro), capped at 110
    kube-reserved   = memory 11 MiB x max pods + 255 MiB (Bottlerocket); CPU as above
    eviction-hard   = memory.available 100Mi
    for workload    = capacity - kube-reserved - eviction - the workload's DaemonSets (VPC CNI, kube-proxy,
                      CoreDNS and the EBS CSI node plugin are Auto Mode functionality, not pods on the node)

ECS Managed Instances (Bottlerocket instances ECS manages)::

    memory for tasks  = capacity memory (no reservation published for this capacity type: assumption)
    awsvpc tasks      = the ECS ENI-trunking limit of the type (Managed Instances use ENI trunking); ENIs - 1
                        for types not in the table; host mode: no per-instance limit
    instance types    = the supported families (ECS_MI_FAMILIES), more than 1 vCPU, not nano or micro

ECS on EC2 (ECS-optimized AMI)::

    registered memory = capacity memory - ECS_RESERVED_MEMORY
    CPU               = vCPU x 1024 units
    awsvpc tasks      = the ECS table's limit without trunking (ENIs - 1 on one network card; more on types with
                        several cards, c6in.32xlarge 13), ENIs - 1 for types not in it; with the awsvpcTrunking
                        account setting, the per-type limit of the ECS trunking table (types not in it: ENIs - 1)
    bridge / host     = no per-instance task limit from the network mode
"""

from __future__ import annotations

import fnmatch
import functools
import re
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from functools import lru_cache

from advisor.errors import AdvisorError, did_you_mean
from advisor.platforms import FEE_OFFERINGS
from advisor.pricing.catalog import InstanceType
from advisor.units import CPU_UNITS_PER_VCPU, decimal_sum
from advisor.workload.model import billed_ebs_gib

PLATFORMS = ("ecs-ec2", "eks-ec2", "ecs-managed-instances", "eks-auto-mode")
#: The platforms whose instances AWS manages (ECS Managed Instances, EKS Auto Mode).
MANAGED_PLATFORMS = ("ecs-managed-instances", "eks-auto-mode")

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
#: awslabs/amazon-eks-ami templates/al2/runtime/max-pods-calculator.sh @ 0ab842803d827b8087d78dd2eff0bc408caec771
#: (IPS_PER_PREFIX=16, IS_NITRO; ``enis * ((max_eni_ips - 1) * IPS_PER_PREFIX) + 2``). The script was deleted with
#: AL2 support in b2289030 ("chore: remove AL2 support", 2026-03-04), so the master-branch address the EKS User Guide
#: gives (``latest/ug/nodes/choosing-instance-type.adoc`` @ 4d52b4d) no longer has it.
IPS_PER_PREFIX = 16
#: Max pods caps: 110 for instances with at most 30 vCPUs, 250 above. Amazon EKS User Guide, "Create a managed node
#: group": "For instances with less than 30 vCPUs, the maximum number is 110. For instances with greater than 30 vCPUs,
#: the maximum number jumps to 250"; "applied whether prefix delegation is enabled or not" (eks-networking-add-ons);
#: max-pods-calculator.sh (@ 0ab84280, above) MAX_POD_CEILING_FOR_LOW_CPU=110, MAX_POD_CEILING_FOR_HIGH_CPU=250,
#: ``CPU_COUNT -gt 30``.
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
#: - ECS Managed Instances: the EBS data volume ECS attaches to each instance, "By default, the size of this volume
#:   is 80 GiB" (minimum 30, maximum 16,384; Amazon ECS Developer Guide, "Architect for Amazon ECS Managed
#:   Instances", Instance storage). Set by ``ecs_managed_instances.storage_gib``.
#: - EKS Auto Mode: the NodeClass ``ephemeralStorage.size`` of the NodeClass specification, "80Gi" with gp3's
#:   baseline iops 3000 / throughput 125 (awsdocs/amazon-eks-user-guide latest/ug/automode/create-node-class.adoc
#:   @ 0026c9df3e1fde9368f7832c14bc9b0e6c64285a). Set by ``eks_auto_mode.ephemeral_storage_gib``.
#: The Bottlerocket OS volume of either is not documented and not priced (docs/platforms.md).
DEFAULT_ROOT_VOLUME_GIB = {"ecs-ec2": 30.0, "eks-ec2": 20.0, "ecs-managed-instances": 80.0, "eks-auto-mode": 80.0}

#: EKS Auto Mode on a type with local NVMe storage larger than the NodeClass ephemeral storage: the NVMe holds the
#: node's ephemeral storage and the EBS volume Auto Mode attaches is a 20 GiB one instead. Amazon EKS User Guide,
#: "Learn about Amazon EKS Auto Mode Managed instances", Considerations: "If the configured ephemeral storage in the
#: NodeClass is smaller than the NVMe local storage for the instance, EKS Auto Mode ... Uses a smaller (20 GiB)
#: Amazon EBS data volume to reduce costs. Formats and configures the NVMe local storage for ephemeral data use";
#: "When ephemeralStorage.size equals or exceeds the local NVMe capacity ... Auto Mode skips the small EBS volume.
#: The NVMe drive(s) are exposed directly for your workload" (the configured volume is then priced, as on a type
#: without NVMe).
AUTO_MODE_NVME_EBS_GIB = 20.0
#: Bytes per GB (DescribeInstanceTypes ``TotalSizeInGB``) and per GiB (``ephemeralStorage.size`` in Gi).
_GB, _GIB = 10**9, 2**30


def auto_mode_uses_nvme(instance_storage_gb: float, ephemeral_storage_gib: float) -> bool:
    """Whether EKS Auto Mode keeps a node's ephemeral storage on its local NVMe: the type's instance store
    (``InstanceType.instance_storage_gb``, GB as DescribeInstanceTypes reports it, compared in GiB: 1 GB = 10^9 bytes,
    1 GiB = 2^30) is larger than the NodeClass ephemeral storage (GiB). Source: ``AUTO_MODE_NVME_EBS_GIB``."""
    return bool(instance_storage_gb) and instance_storage_gb * _GB / _GIB > float(ephemeral_storage_gib)


def auto_mode_volume_gib(instance_storage_gb: float, ephemeral_storage_gib: float) -> float:
    """The gp3 volume EKS Auto Mode attaches to one node, GiB: ``AUTO_MODE_NVME_EBS_GIB`` (20) when
    ``auto_mode_uses_nvme``, else the NodeClass ephemeral storage in whole GiB (``billed_ebs_gib``). A type without
    an instance store (``instance_storage_gb`` 0) keeps the ephemeral storage volume."""
    if auto_mode_uses_nvme(instance_storage_gb, ephemeral_storage_gib):
        return AUTO_MODE_NVME_EBS_GIB
    return billed_ebs_gib(float(ephemeral_storage_gib))


#: ECS Managed Instances with ``localStorageConfiguration.useLocalStorage`` true: "Use instance store volumes for data
#: storage when available. EBS volumes are not provisioned for data storage. If the container instance has multiple
#: instance store volumes, a single data volume is created" (Amazon ECS API Reference,
#: "ManagedInstancesLocalStorageConfiguration"; CloudFormation AWS::ECS::CapacityProvider
#: ManagedInstancesLocalStorageConfiguration ``UseLocalStorage``; aws provider aws_ecs_capacity_provider
#: ``instance_launch_template.local_storage_configuration.use_local_storage``). So a type with instance store
#: (``InstanceType.instance_storage_gb`` > 0) carries no EBS data volume (0 GiB); "when
#: available": a type without one keeps the ``storageConfiguration.storageSizeGiB`` data volume. The root (OS)
#: volume ECS still manages ("Amazon ECS manages the volumes attached to Amazon EC2 instances at creation time,
#: including root and data volumes", Amazon ECS Developer Guide, "Shared responsibility model for Amazon ECS Managed
#: Instances") is not priced either way, its size being unpublished (docs/platforms.md). The instance store is part
#: of the instance price (Amazon EC2 User Guide, "Instance store temporary block storage"). AWS does not say what
#: happens when the instance store is smaller than what the tasks write: task ``ephemeralStorage`` is a Fargate-only
#: parameter (Amazon ECS API Reference, "EphemeralStorage") and ECS places tasks by CPU, memory, ports and ENIs, not
#: disk, so advisor assumes a type is chosen as without the setting (disk space is not a packing dimension) and says
#: so in the estimate's notes.
ECS_MI_LOCAL_STORAGE_EBS_GIB = 0.0


def mi_uses_local_storage(instance_storage_gb: float, use_local_storage: bool) -> bool:
    """Whether an ECS Managed Instances instance of a type keeps its data on the instance store instead of an EBS
    data volume: ``use_local_storage`` and the type has instance store (``ECS_MI_LOCAL_STORAGE_EBS_GIB``)."""
    return bool(use_local_storage) and bool(instance_storage_gb) and instance_storage_gb > 0


def node_volume_gib(platform: str, instance_storage_gb: float, asked_gib: float, volume_gib: float,
                    use_local_storage: bool = False) -> float:
    """The gp3 EBS volume one node of a type carries on ``platform``, GiB: EKS Auto Mode's ``AUTO_MODE_NVME_EBS_GIB``
    (20) on a type whose local NVMe is larger than the NodeClass ephemeral storage ``asked_gib``
    (``auto_mode_uses_nvme``); none (``ECS_MI_LOCAL_STORAGE_EBS_GIB``) on ECS Managed Instances of a type with
    instance store when ``use_local_storage`` (``mi_uses_local_storage``); else ``volume_gib``: the platform's volume
    per node in whole GiB (``root_volume_gib``: ECS Managed Instances' data volume, Auto Mode's ephemeral storage
    volume, the root volume on ECS/EKS on EC2). The same rule the estimate's volume lines apply
    (``advisor.costing.managed``)."""
    if platform == "eks-auto-mode" and auto_mode_uses_nvme(instance_storage_gb, asked_gib):
        return AUTO_MODE_NVME_EBS_GIB
    if platform == "ecs-managed-instances" and mi_uses_local_storage(instance_storage_gb, use_local_storage):
        return ECS_MI_LOCAL_STORAGE_EBS_GIB
    return float(volume_gib)

# ------------------------------------------------------------------------------------ EKS Auto Mode rules
#: "EKS limits the maximum number of pods on a node to 110. This limit is applied after the existing max pods
#: calculation." awsdocs/amazon-eks-user-guide latest/ug/automode/create-node-class.adoc @ 0026c9df (Considerations).
AUTO_MODE_MAX_PODS = 110
#: Auto Mode assigns /28 prefixes to the primary network interface (prefix delegation), falling back to secondary
#: IPv4 addresses: latest/ug/automode/auto-networking.adoc @ 0c794893 ("Prefix Delegation"). So the "existing max
#: pods calculation" is the prefix-delegation one on Nitro types (``eks_max_pods(prefix_delegation=True)``).
AUTO_MODE_PREFIX_DELEGATION = True
#: Instance families Auto Mode supports, and its size floor: Amazon EKS User Guide, "Learn about Amazon EKS Auto Mode
#: Managed instances" (https://docs.aws.amazon.com/eks/latest/userguide/automode-learn-instances.html, "EKS Auto Mode
#: supported instance reference"; the table lists c9g and m9gd, and p3 beside p3dn, which the earlier
#: latest/ug/automode/automode-learn-instances.adoc @ 06faff1411463d22284cc02e7602daf4c19f9204 did not all have):
#: "More than 1 CPU", "Instance size is not nano, micro or small".
AUTO_MODE_FAMILIES: frozenset[str] = frozenset("""
c9g m9gd c8id c8i c8i-flex c8gd c8gn c8g c8a c8gb c7a c7g c7gn c7gd c7i c7i-flex c6a c6g c6i c6gn c6id c6in c6gd c5 c5a c5d c5ad
c5n c4 m8id m8i m8i-flex m8a m8azn m8gn m8gb m8gd m8g m7i m7a m7g m7gd m7i-flex m6a m6i m6in m6g m6idn m6id m6gd m5 m5a
m5ad m5n m5dn m5d m5zn m4 r8id r8i r8i-flex r8gn r8gb r8gd r8g r8a r7a r7iz r7gd r7i r7g r6a r6i r6id r6in r6idn r6g
r6gd r5 r5n r5a r5dn r5b r5ad r5d r4 t4g t3 t3a t2 z1d x8aedz x8g x8i x2gd i8ge i7i i8g i7ie i4g i4i i3 i3en is4gen d3
d3en im4gn p6-b200 p6-b300 p5 p5e p5en p4d p4de p3 p3dn g7e g6 gr6 g6e g5g g5 g4dn g4ad inf2 inf1 trn1 trn1n trn2 hpc8a
x2iezn x2iedn x2idn""".split())
AUTO_MODE_MIN_VCPU_EXCLUSIVE = 1
AUTO_MODE_EXCLUDED_SIZES = ("nano", "micro", "small")


def auto_mode_never_launches(itype) -> str | None:
    """Why no EKS Auto Mode NodePool, built-in or custom, launches ``itype`` (None when one may): the supported
    families and the size floor of every pool ("EKS Auto Mode supported instance reference", sources at
    ``AUTO_MODE_FAMILIES``)."""
    size = itype.name.split(".")[-1]
    if itype.family not in AUTO_MODE_FAMILIES:
        return f"the {itype.family} family is not one Auto Mode supports"
    if size in AUTO_MODE_EXCLUDED_SIZES:
        return f"its size is {size}, and Auto Mode launches no nano, micro or small instances"
    if itype.vcpu <= AUTO_MODE_MIN_VCPU_EXCLUSIVE:
        return f"it has {itype.vcpu:g} vCPU, and Auto Mode launches only instances with more than 1 vCPU"
    return None


# ---------------------------------------------------------------------------- ECS Managed Instances rules
#: The instance families ECS Managed Instances launches, and its size floor, for every capacity provider (default or
#: with ``instanceRequirements``): Amazon ECS Developer Guide, "Amazon ECS Managed Instances instance types"
#: (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-instances-instance-types.html), section
#: "Amazon ECS Managed Instances supported instance types" (read 2026-12-03): "Amazon ECS Managed Instances supports
#: the following instance types" (Compute optimized, General purpose, Memory optimized, Storage optimized,
#: Accelerated computing, High-performance computing, listed below in that order) and "Additionally, Amazon ECS
#: Managed Instances only creates instances that meet the following requirements. More than 1 vCPU; Instance size is
#: not nano or micro". The list differs from EKS Auto Mode's (``AUTO_MODE_FAMILIES``): no previous-generation C4, M4,
#: R4, T2 or I3 (I3en only), no C6gn, no R8i; small sizes are allowed (t3.small, 2 vCPU). advisor used to apply no
#: family list or size floor here (its notes said AWS listed no families), so a fleet could hold 1-vCPU ``.medium``
#: types (m6g.medium, m7a.medium) or previous-generation types ECS never launches.
ECS_MI_FAMILIES: frozenset[str] = frozenset("""
c5 c5a c5ad c5d c5n c6a c6g c6gd c6i c6id c6in c7a c7g c7gd c7gn c7i c7i-flex c8a c8g c8gb c8gd c8gn c8i c8ib c8id
c8i-flex c8in c8ine
m5 m5a m5ad m5d m5dn m5n m5zn m6a m6g m6gd m6i m6id m6idn m6in m7a m7g m7gd m7i m7i-flex m8a m8azn m8g m8gb m8gd m8gn
m8i m8ib m8id m8idb m8idn m8i-flex m8in m8ine m9g m9gd t3 t3a t4g
r5 r5a r5ad r5b r5d r5dn r5n r6a r6g r6gd r6i r6id r6idn r6in r7a r7g r7gd r7i r7iz r8a r8g r8gb r8gd r8gn u-3tb1 u7i-6tb
u7i-8tb u7i-12tb u7in-24tb u7in-32tb x2gd x2idn x2iedn x2iezn x8g z1d
d3 d3en i3en i4g i4i i7i i7ie i8g i8ge im4gn is4gen
dl1 g4ad g4dn g5 g5g g6 g6e g6f g7e gr6 gr6f inf1 inf2 p3dn p4d p4de p5 p5en p6-b200 p6-b300 trn1
hpc6a hpc6id hpc7a hpc7g""".split())
ECS_MI_MIN_VCPU_EXCLUSIVE = 1
ECS_MI_EXCLUDED_SIZES = ("nano", "micro")


def ecs_mi_never_launches(itype) -> str | None:
    """Why ECS Managed Instances never launches ``itype`` (None when a capacity provider may): the supported families
    and the size floor of every provider ("Amazon ECS Managed Instances supported instance types", sources at
    ``ECS_MI_FAMILIES``). E.g. m6g.medium: "it has 1 vCPU"; m4.large: "the m4 family is not one ECS Managed Instances
    supports"; t3.small (2 vCPU): None."""
    size = itype.name.split(".")[-1]
    if itype.family not in ECS_MI_FAMILIES:
        return f"the {itype.family} family is not one ECS Managed Instances supports"
    if size in ECS_MI_EXCLUDED_SIZES:
        return f"its size is {size}, and ECS Managed Instances launches no nano or micro instances"
    if itype.vcpu <= ECS_MI_MIN_VCPU_EXCLUSIVE:
        return f"it has {itype.vcpu:g} vCPU, and ECS Managed Instances launches only instances with more than 1 vCPU"
    return None


def managed_never_launches(platform: str, itype) -> str | None:
    """Why the managed ``platform`` (``eks-auto-mode`` or ``ecs-managed-instances``) never launches ``itype``, or
    None: ``auto_mode_never_launches`` or ``ecs_mi_never_launches``; None for any other platform."""
    if platform == "eks-auto-mode":
        return auto_mode_never_launches(itype)
    if platform == "ecs-managed-instances":
        return ecs_mi_never_launches(itype)
    return None


#: The built-in NodePools: "Use only on-demand EC2 capacity; Use the C, M, and R EC2 instance families; Require
#: generation 5 or newer EC2 instances"; general-purpose "Uses only amd64 architecture" (latest/ug/automode/
#: set-builtin-node-pools.adoc @ 01c16ed8b31533d1b829b7e185345e3af01ce43b).
AUTO_MODE_BUILTIN_CATEGORIES = ("c", "m", "r")
AUTO_MODE_BUILTIN_MIN_GENERATION = 5
#: Bare-metal sizes: Auto Mode's NodePool requirements and supported-instance reference do not leave them out, but
#: Karpenter, which Auto Mode runs, sets them aside: "ExoticInstanceTypeFilter will remove instances with GPUs and
#: accelerators, along with metal instances, if doing so doesn't filter out all instance types. This ensures Karpenter
#: only launches these instances if the NodeClaim explicitly requests them or all other compatible instance types are
#: unavailable" (aws/karpenter-provider-aws pkg/providers/instance/filter/filter.go @ 1d927085; a size containing
#: "metal"). So a pool launches ``.metal`` types only when they are all it allows: advisor includes them when every
#: ``allowed_types`` entry names a metal size (``allowed_types: [m5.metal]`` launches m5.metal; ``[m5.*]`` launches
#: m5.large and the other virtualized sizes, not m5.metal).
AUTO_MODE_METAL_SIZE = "metal"


def names_only_metal(patterns) -> bool:
    """Whether a NodePool's ``allowed_types`` allow bare-metal sizes only: every entry contains ``metal``, which in an
    instance type name appears only in the size (``m5.metal``, ``m7i.metal-24xl``, ``*.metal*``; no family name has
    it), so each entry matches metal types alone (``AUTO_MODE_METAL_SIZE``)."""
    return bool(patterns) and all(AUTO_MODE_METAL_SIZE in str(p).strip().lower() for p in patterns)


@dataclass(frozen=True)
class DaemonSetSpec:
    """A DaemonSet's per-node request."""

    name: str
    cpu: float  # vCPU
    memory_mib: float
    host_network: bool = False  # host-network pods need no pod IP; aws-node/kube-proxy are the "+2" in max pods
    eks_addon: str | None = None  # the EKS add-on it is (model.EKS_ADDONS); vpc-cni, kube-proxy replace that default
    #: the only architecture whose nodes run it (DaemonSet.architecture: a kubernetes.io/arch node selector or required
    #: node affinity), None = every node. Kubernetes "DaemonSet", Running Pods on select Nodes: "the DaemonSet
    #: controller will create Pods on nodes which match that node selector"; ``node_capacity`` reserves it on those only
    arch: str | None = None
    #: the instance types / families / type pattern its node selector holds it to (DaemonSet.instance_types,
    #: instance_families, instance_type_pattern), None = every type; ``model.node_type_selected`` is the rule
    instance_types: frozenset[str] | None = None
    instance_families: frozenset[str] | None = None
    instance_type_pattern: str | None = None


def daemonsets_on(ds, itype: InstanceType) -> list[DaemonSetSpec]:
    """The DaemonSets of ``ds`` that have a pod on a node of ``itype``: ``DaemonSetSpec.arch`` None or its arch, and
    its instance type rule (``model.node_type_selected``) met by ``itype``."""
    from advisor.workload.model import node_type_selected

    return [d for d in ds if d.arch in (None, itype.arch) and node_type_selected(d, itype.name)]


#: Default DaemonSets on every EKS node (requests):
#: - aws-node (Amazon VPC CNI): cpu 50m, no memory request. aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml
#:   @ b52188387f2e2f10bf289ace929d6a63b176a4fa: the pod has two containers, ``aws-node`` and ``aws-eks-nodeagent``
#:   (the network policy agent, in the DaemonSet since VPC CNI v1.14, August 2023), each with
#:   ``resources.requests.cpu: 25m``; a pod requests the sum of its containers (its init container asks 25m).
#: - kube-proxy (EKS add-on): cpu 100m, no memory request (the kube-proxy DaemonSet the EKS add-on installs in
#:   kube-system; ``kubectl -n kube-system get ds kube-proxy -o yaml``).
DEFAULT_EKS_DAEMONSETS: tuple[DaemonSetSpec, ...] = (
    DaemonSetSpec("aws-node", 0.05, 0.0, host_network=True, eks_addon="vpc-cni"),
    DaemonSetSpec("kube-proxy", 0.1, 0.0, host_network=True, eks_addon="kube-proxy"),
)


def eks_node_daemonsets(own) -> list[DaemonSetSpec]:
    """The DaemonSets on every EKS on EC2 node: the default add-ons (``DEFAULT_EKS_DAEMONSETS``) and the workload's
    own (``own``), where one of the workload's that is an add-on (``eks_addon``: the input's kube-system/aws-node)
    takes the place of that default, with its own request, instead of being reserved a second time.
    One held to an architecture (``arch``, its kubernetes.io/arch selector) takes the default's place on those nodes
    only: the default stays on the other architecture's nodes."""
    out = []
    for d in DEFAULT_EKS_DAEMONSETS:
        arches = {o.arch for o in own if o.eks_addon == d.eks_addon}
        if not arches:
            out.append(d)
        elif None not in arches and len(arches) == 1:
            other = next(a for a in ("x86_64", "arm64") if a not in arches)
            out.append(replace(d, arch=other))
    return out + list(own)
#: CoreDNS (EKS add-on): 2 replicas per cluster, requests cpu 100m / memory 70Mi each (the coredns Deployment of the
#: EKS add-on; same as upstream coredns/deployment kubernetes/coredns.yaml.sed). Amazon EKS User Guide, "Manage
#: CoreDNS for DNS in Amazon EKS clusters": "When you launch an Amazon EKS cluster with at least one node, two
#: replicas of the CoreDNS image are deployed by default, regardless of the number of nodes deployed in your
#: cluster". Packed as ordinary pods (EKS on EC2) or run on Fargate (EKS on Fargate); ``coredns_pods``.
COREDNS_REPLICAS = 2
COREDNS_CPU = 0.1
COREDNS_MEMORY_MIB = 70.0


def coredns_size(workload) -> tuple[int, float, float]:
    """(replicas per cluster, vCPU, MiB per pod) of the cluster's CoreDNS for ``workload``: the input's
    ``eks.coredns`` (the CoreDNS Deployment it declares), each field it leaves out the EKS add-on's default
    (``COREDNS_REPLICAS``, ``COREDNS_CPU``, ``COREDNS_MEMORY_MIB``)."""
    dns = getattr(workload.eks, "coredns", None)
    if dns is None:
        return COREDNS_REPLICAS, COREDNS_CPU, COREDNS_MEMORY_MIB
    return (COREDNS_REPLICAS if dns.replicas is None else dns.replicas, COREDNS_CPU if dns.cpu is None else dns.cpu,
            COREDNS_MEMORY_MIB if dns.memory is None else dns.memory)


def coredns_node_request(workload) -> tuple[float, float]:
    """(vCPU, MiB) one CoreDNS pod takes of an EKS on EC2 node: its request (``coredns_size``) plus its pod overhead
    (``eks.coredns.pod_overhead``, its RuntimeClass's ``overhead.podFixed``; Kubernetes "Pod Overhead": "A pod's
    overhead is considered in addition to the sum of container resource requests when scheduling a Pod"), as a
    service's ``Service.node_request``. EKS on Fargate sizes the request alone (``coredns_size``)."""
    _n, cpu, mib = coredns_size(workload)
    dns = getattr(workload.eks, "coredns", None)
    oh = dns.pod_overhead if dns is not None else None
    if oh is None:
        return cpu, mib
    return decimal_sum(cpu, oh.vcpu), decimal_sum(mib, oh.memory_mib)


def coredns_pods(workload) -> int:
    """The CoreDNS pods an EKS estimate adds for ``workload`` (EKS on EC2 packs them with the pods, EKS on Fargate
    runs them on Fargate): the replicas of ``coredns_size`` (2 by default) in each of its ``eks.clusters`` (each
    cluster runs its own cluster DNS, Amazon EKS User Guide, "Manage CoreDNS for DNS in Amazon EKS clusters"), none for
    ``eks.existing_cluster`` (the cluster it joins already runs them). EKS Auto Mode runs none: it runs cluster DNS
    itself."""
    eks = workload.eks
    return 0 if eks.existing_cluster else coredns_size(workload)[0] * eks.clusters

# ------------------------------------------------------------------------------------------- ECS rules
#: Each awsvpc task takes one ENI; the primary ENI is the instance's own. Amazon ECS Developer Guide, "Increasing
#: Amazon ECS Linux container instance network interfaces": "by default a c5.large instance may have up to three ENIs
#: attached to it. The primary network interface for the instance counts as one ... you can typically only run two
#: such tasks". With the awsvpcTrunking account setting the per-type limits of that page's table apply (c5.large: 10);
#: advisor reads them from the ``ecs_eni_trunking`` table (``InstanceType.ecs_trunking_task_limit``).
#: Without trunking, the same table's "Tasks without trunking" column is ECS's own limit: ENIs - 1 of the default
#: network card for single-card types (c5.large 2), but more for types with several network cards, whose ENIs on
#: the other cards hold tasks too (c6in.32xlarge, m6in.32xlarge, r6in.32xlarge, m6idn/r6idn.32xlarge and their
#: .metal: 13, where the default card has 8 ENIs; p4d.24xlarge 59; trn1.32xlarge 39). Amazon ECS Developer Guide,
#: ENI trunking "Supported Amazon EC2 instance types" (doc_source/container-instance-eni.md in
#: awsdocs/amazon-ecs-developer-guide @ a35b7671, 2023-04-18), ``InstanceType.ecs_task_limit_without_trunking``;
#: types not in the table keep ENIs - 1 of the default card.
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
    Per instance type, as a node group of one type has: a managed node group with several types applies "the smallest
    value calculated across all instance types" to every node (EKS User Guide, "Create a managed node group"), which
    this does not model (docs/ec2.md, "Max pods").
    """
    eni = eni_max_pods(itype)
    if prefix_delegation and itype.hypervisor == "nitro":
        return min(int(itype.max_enis) * ((int(itype.ipv4_per_eni) - 1) * IPS_PER_PREFIX) + HOST_NETWORK_PODS,
                   max_pods_cap(itype))
    return min(eni, max_pods_cap(itype)) if managed_node_group else eni


def auto_mode_max_pods(itype: InstanceType) -> int:
    """Pods an EKS Auto Mode node runs: its max pods (prefix delegation on Nitro types, else the ENI formula),
    capped at 110 (``AUTO_MODE_MAX_PODS``)."""
    own = eks_max_pods(itype, prefix_delegation=AUTO_MODE_PREFIX_DELEGATION, managed_node_group=True)
    return min(own, AUTO_MODE_MAX_PODS)


def ecs_registered_memory_mib(itype: InstanceType, reserved_mib: float = 0.0,
                              overhead_percent: float = DEFAULT_VM_MEMORY_OVERHEAD_PERCENT) -> int:
    """Memory the ECS agent registers for tasks: the VM's capacity memory minus ECS_RESERVED_MEMORY."""
    return int(vm_capacity_memory_mib(itype, overhead_percent) - reserved_mib)


def ecs_task_slots(itype: InstanceType, network_mode: str = "awsvpc", max_tasks: int | None = None,
                   trunking: bool = DEFAULT_ECS_AWSVPC_TRUNKING) -> float:
    """awsvpc tasks per instance: ``max_tasks`` when given; with trunking the table's limit for the type (types not
    in the ECS trunking table: ENIs - 1); without, the table's limit without trunking (ENIs - 1 on single-card types,
    more on types with several network cards: c6in.32xlarge 13, not 7; see ``ECS_PRIMARY_ENIS``), ENIs - 1 for types
    not in it. bridge/host: unlimited."""
    if network_mode != "awsvpc":
        return UNLIMITED_SLOTS
    if max_tasks is not None:
        return float(max_tasks)
    if trunking and itype.ecs_trunking_task_limit:
        return float(itype.ecs_trunking_task_limit)
    if not trunking and itype.ecs_task_limit_without_trunking:
        return float(itype.ecs_task_limit_without_trunking)
    return float(max(0, itype.max_enis - ECS_PRIMARY_ENIS))


def root_volume_gib(platform: str, override: float | None = None) -> float:
    """Root volume per node (GiB): ``override`` when given, rounded up to whole GiB as the EBS volume created for it
    is (``advisor.workload.model.billed_ebs_gib``: CreateVolume ``Size`` is an integer of GiB), else the platform's
    default (ECS-optimized AMI 30, EKS AL2023 AMI 20, ECS Managed Instances data volume 80, EKS Auto Mode ephemeral
    storage 80)."""
    platform = check_platform(platform)
    return billed_ebs_gib(float(override)) if override is not None else DEFAULT_ROOT_VOLUME_GIB[platform]


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
    """The EC2 platform id ``platform`` names (spaces dropped, any case, as ``compare --platform`` reads ids);
    ``NodeConfigError`` with a did-you-mean hint when it is not one of ``PLATFORMS``."""
    name = platform.strip().lower() if isinstance(platform, str) else platform
    if name not in PLATFORMS:
        raise NodeConfigError(
            f"platform {platform!r} is not an EC2 platform.{did_you_mean(str(name), PLATFORMS)} "
            f"Valid: {', '.join(PLATFORMS)}."
        )
    return name


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
    platform = check_platform(platform)
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
    if platform == "ecs-managed-instances":
        # Managed Instances use ENI trunking for awsvpc tasks and publish no memory reservation for the instance
        # (see docs/platforms.md); there is no ECS_RESERVED_MEMORY or task limit to set
        if s.ecs_network_mode == "bridge":
            raise NodeConfigError("ECS Managed Instances support the awsvpc and host network modes, not bridge "
                                  "(Amazon ECS Developer Guide, 'Architect for Amazon ECS Managed Instances', "
                                  "Networking); use ecs_managed_instances.network_mode awsvpc or host.")
        s = replace(s, ecs_awsvpc_trunking=True, ecs_reserved_memory_mib=0.0, ecs_max_tasks_per_instance=None)
    if platform == "eks-auto-mode":
        ds = daemonsets_on(s.daemonsets if daemonsets is None else daemonsets, itype)
        max_pods = auto_mode_max_pods(itype)
        cpu_res = kube_reserved_cpu_millicores(vcpu) / 1000.0
        mem_kube = kube_reserved_memory_mib(max_pods)  # Bottlerocket: from the node's max-pods setting
        mem_res = vm_overhead + mem_kube + EVICTION_HARD_MEMORY_MIB
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        ds_pods = len(ds)
        alloc_cpu = vcpu - cpu_res - ds_cpu
        alloc_mem = mem - mem_res - ds_mem
        alloc_slots = float(max(0, max_pods - ds_pods))  # the kubelet's maxPods counts every pod on the node
        details = {"max_pods": max_pods, "eni_max_pods": eni_max_pods(itype),
                   "max_pods_rule": "Auto Mode: the node's max pods (prefix delegation on Nitro), capped at 110",
                   "kube_reserved_pods": max_pods, "kube_reserved_cpu_millicores": round(cpu_res * 1000),
                   "kube_reserved_memory_mib": mem_kube, "eviction_hard_memory_mib": EVICTION_HARD_MEMORY_MIB,
                   "capacity_memory_mib": capacity_mem, "vm_memory_overhead_percent": s.vm_memory_overhead_percent,
                   "daemonsets": [d.name for d in ds], "prefix_delegation": itype.hypervisor == "nitro",
                   "managed_components": "VPC CNI, kube-proxy, CoreDNS and EBS CSI run as Auto Mode functionality",
                   "max_pods_source": "EKS User Guide, Auto Mode 'Create a Node Class' (110 pods)"}
        total_slots = float(max_pods)
    elif platform == "eks-ec2":
        ds = daemonsets_on(eks_node_daemonsets(s.daemonsets) if daemonsets is None else daemonsets, itype)
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
        ds = daemonsets_on(s.daemonsets if daemonsets is None else daemonsets, itype)
        registered = capacity_mem - s.ecs_reserved_memory_mib
        cpu_res = 0.0
        mem_res = mem - registered
        ds_cpu = sum(d.cpu for d in ds)
        ds_mem = sum(d.memory_mib for d in ds)
        ds_pods = len(ds)
        slots = ecs_task_slots(itype, s.ecs_network_mode, s.ecs_max_tasks_per_instance, s.ecs_awsvpc_trunking)
        alloc_cpu = vcpu - ds_cpu
        alloc_mem = registered - ds_mem
        # ECS daemon tasks in awsvpc mode take an ENI each; a host-network one (a Kubernetes DaemonSet with
        # hostNetwork, an ECS daemon in host mode) uses the instance's own network and takes none (Amazon ECS
        # Developer Guide, "Amazon ECS task networking options for EC2": host mode "the networking of the container
        # is tied directly to the underlying host"; only awsvpc tasks get an ENI of their own)
        eni_daemons = sum(1 for d in ds if not d.host_network)
        alloc_slots = max(0.0, slots - (eni_daemons if s.ecs_network_mode == "awsvpc" else 0))
        total_slots = slots
        trunked = (s.ecs_network_mode == "awsvpc" and s.ecs_max_tasks_per_instance is None and s.ecs_awsvpc_trunking
                   and bool(itype.ecs_trunking_task_limit))
        multi_card = bool(itype.ecs_task_limit_without_trunking) and (
            itype.ecs_task_limit_without_trunking != itype.max_enis - ECS_PRIMARY_ENIS)
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
                                       else "ECS table without trunking (several network cards)" if multi_card
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


# ------------------------------------------------------------------------------- managed instance profiles
#: Karpenter's reading of an instance type name (aws/karpenter-provider-aws pkg/providers/instancetype/types.go,
#: ``instanceTypeScheme``): category letters, an optional ``-<n>tb`` (the u-6tb1 high-memory types), generation digits.
_FAMILY_RE = re.compile(r"^([a-z]+)(-[0-9]+tb)?([0-9]+).*\.")


def instance_category_generation(family: str) -> tuple[str, int | None]:
    """Karpenter's instance category and generation of a family, as its ``instanceTypeScheme`` reads the type name:
    the letters before the first digit and that number (``m5zn`` -> ("m", 5), ``c7i-flex`` -> ("c", 7), ``inf2`` ->
    ("inf", 2), ``u-6tb1`` -> ("u", 1), ``u7i-12tb`` -> ("u", 7)); (family, None) when the name does not fit.
    Auto Mode's ``eks.amazonaws.com/instance-category`` / ``instance-generation`` labels follow Karpenter's."""
    m = _FAMILY_RE.match(family + ".")
    if not m:
        return family, None
    return m.group(1), int(m.group(3))


#: The processor-family letters of an instance type name after its generation (Amazon EC2 Instance Types guide,
#: "Amazon EC2 instance type naming conventions": "a – AMD processors", "g – AWS Graviton processors", "i – Intel
#: processors"): ``m6a`` AMD, ``m7g`` Graviton, ``m6i`` and the older ``m5`` Intel. Checked against DescribeInstanceTypes
#: ``ProcessorInfo.Manufacturer`` of every type: the rule holds for all but Mac (Apple), read from the family, and
#: accelerated types (g5, p5, ...: AMD), which the managed platforms never size.
_PROCESSOR_RE = re.compile(r"^[a-z]+(?:-[0-9]+tb)?[0-9]+([a-z]*)")


def cpu_manufacturer(itype: InstanceType) -> str:
    """The ``cpuManufacturers`` value (EC2/ECS InstanceRequirementsRequest: intel, amd, amazon-web-services, apple)
    of a type: Apple for Mac types, AWS (Graviton) for the other arm64 types, AMD for an x86 family whose letters after
    the generation include ``a`` (``m5a``, ``c7a``, ``t3a``, ``hpc7a``), else Intel (see ``_PROCESSOR_RE``)."""
    if itype.family.startswith("mac"):
        return "apple"
    if itype.arch == "arm64":
        return "amazon-web-services"
    m = _PROCESSOR_RE.match(itype.family)
    return "amd" if m and "a" in m.group(1) else "intel"


def _matches(itype: InstanceType, patterns: tuple[str, ...]) -> bool:
    """True when a type or its family matches one of AWS's allowed/excluded entries (types, families, * wildcards)."""
    exact, wild = _split_patterns(patterns)
    return (itype.name in exact or itype.family in exact
            or any(fnmatch.fnmatchcase(itype.name, p) or fnmatch.fnmatchcase(itype.family, p) for p in wild))


@functools.lru_cache(maxsize=64)
def _split_patterns(patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(names without wildcards, as a set; the wildcard entries): a NodePool's list of a thousand types is a set
    lookup, not a thousand fnmatch calls per type."""
    wild = tuple(p for p in patterns if any(c in p for c in "*?["))
    return frozenset(p for p in patterns if p not in wild), wild


def _in_range(value: float, bounds: tuple[float | None, float | None]) -> bool:
    lo, hi = bounds
    return (lo is None or value >= lo - 1e-9) and (hi is None or value <= hi + 1e-9)


@dataclass(frozen=True)
class ManagedNodeProfile:
    """Which instance types a managed-instance platform may launch (hashable: part of the fleet planner's cache key).

    ``accepts(itype)`` applies the instance requirements (ECS Managed Instances) or the NodePool requirements
    (EKS Auto Mode) to a catalogue type; the catalogue's own default exclusions (accelerated, Mac, HPC, and those
    not in ``include``) apply first (``Catalog.candidates``). ``fee_offering`` names the rows of the
    ``managed_instance_fees`` table; ``setting`` is the workload field that sets the rules (for messages).
    """

    platform: str
    fee_offering: str
    setting: str
    include: tuple[str, ...] = ()  # catalogue exclusion categories allowed (burstable, bare_metal, previous_generation)
    require: tuple[str, ...] = ()  # categories a type must have ("required")
    generations: tuple[str, ...] = ("current",)
    vcpu: tuple[float | None, float | None] = (None, None)
    memory_mib: tuple[float | None, float | None] = (None, None)
    memory_gib_per_vcpu: tuple[float | None, float | None] = (None, None)
    allowed: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    general_purpose_only: bool = False
    categories: tuple[str, ...] = ()
    min_generation: int = 0
    families: frozenset[str] = frozenset()
    arches: tuple[str, ...] = ()
    size_floor: bool = False  # the platform's supported families and size floor (``managed_never_launches``)
    manufacturers: tuple[str, ...] = ()  # cpuManufacturers (``cpu_manufacturer``); empty: any
    local_storage: str = "included"  # localStorage: included, excluded (no instance store) or required
    #: ECS Managed Instances ``use_local_storage``: types with instance store get no EBS data volume
    #: (``ECS_MI_LOCAL_STORAGE_EBS_GIB``); part of the profile so that the planner's cache key holds it
    use_local_storage: bool = False

    def accepts(self, itype: InstanceType) -> bool:
        """True when the platform may launch this type (see the class docstring)."""
        cats = itype.categories
        if any(c not in self.include for c in cats if c != "previous_generation"):
            return False  # burstable / bare metal unless included; accelerated, Mac, HPC never (not sized)
        if any(c not in cats for c in self.require):
            return False
        if ("current" if itype.current_generation else "previous") not in self.generations:
            return False
        if not (_in_range(itype.vcpu, self.vcpu) and _in_range(itype.memory_mib, self.memory_mib)):
            return False
        if self.memory_gib_per_vcpu != (None, None) and not _in_range(itype.memory_mib / 1024 / itype.vcpu,
                                                                      self.memory_gib_per_vcpu):
            return False
        if self.allowed and not _matches(itype, self.allowed):
            return False
        if self.excluded and _matches(itype, self.excluded):
            return False
        if self.general_purpose_only and not (itype.category == "general_purpose" or
                                              (not itype.category and itype.family.startswith("m"))):
            return False
        if self.families and itype.family not in self.families:
            return False
        if self.categories or self.min_generation:
            category, generation = instance_category_generation(itype.family)
            if self.categories and category not in self.categories:
                return False
            if self.min_generation and (generation is None or generation < self.min_generation):
                return False
        if self.arches and itype.arch not in self.arches:
            return False
        if self.manufacturers and cpu_manufacturer(itype) not in self.manufacturers:
            return False
        if self.local_storage != "included" and (itype.instance_storage_gb > 0) != (self.local_storage == "required"):
            return False
        if self.size_floor and managed_never_launches(self.platform, itype):
            return False
        return True

    def describe(self) -> str:
        """The rules in one phrase, for notes."""
        parts = []
        if self.general_purpose_only:
            parts.append("general-purpose types (the ECS default capacity provider)")
        if self.categories:
            parts.append(f"categories {'/'.join(self.categories)}")
        elif self.families and not self.allowed and self.platform == "eks-auto-mode":
            parts.append("any category Auto Mode supports (no instance-category requirement)")
        if self.size_floor and self.platform == "ecs-managed-instances":
            parts.append("the families ECS Managed Instances supports, more than 1 vCPU, not nano or micro")
        if self.min_generation:
            parts.append(f"generation >= {self.min_generation}")
        if self.arches:
            parts.append("arch " + "/".join("amd64" if a == "x86_64" else a for a in self.arches))
        if self.vcpu != (None, None):
            parts.append(f"vCPU {_bounds(self.vcpu)}")
        if self.memory_mib != (None, None):
            parts.append(f"memory {_bounds(self.memory_mib)} MiB")
        if self.allowed:
            parts.append("allowed " + ", ".join(self.allowed))
        if self.excluded:
            parts.append("excluded " + ", ".join(self.excluded))
        if self.manufacturers:
            parts.append("CPU " + "/".join(self.manufacturers))
        if self.local_storage != "included":
            parts.append("instance store " + ("only" if self.local_storage == "required" else "excluded"))
        for cat in ("burstable", "bare_metal"):
            if cat in self.require:
                parts.append(f"{cat.replace('_', ' ')} only")
            elif cat in self.include:
                parts.append(f"{cat.replace('_', ' ')} included")
        parts.append(" and ".join(self.generations) + " generation")
        return "; ".join(parts)


def _bounds(b: tuple[float | None, float | None]) -> str:
    lo, hi = b
    return f"{'' if lo is None else f'{lo:g}'}..{'' if hi is None else f'{hi:g}'}"


#: ``managed_instance_fees.offering`` per platform.
#: ECS spreads a service's tasks "across at least 3 instances in different Availability Zones when possible"
#: ("Availability Zone spread takes precedence over bin packing optimization"; Amazon ECS Developer Guide, "Amazon
#: ECS Managed Instances auto scaling and task placement").
ECS_MI_SPREAD_INSTANCES = 3


def managed_node_profile(workload, platform: str) -> ManagedNodeProfile:
    """The instance-type rules of ``platform`` from the workload's ``ecs_managed_instances`` or ``eks_auto_mode``
    section (see ``ManagedNodeProfile``). Raises ``NodeConfigError`` for a platform that is not managed."""
    if platform == "ecs-managed-instances":
        req = workload.ecs_managed_instances.instance_requirements
        setting = "ecs_managed_instances.instance_requirements"
        if req is None:
            return ManagedNodeProfile(platform, FEE_OFFERINGS[platform], "ecs_managed_instances (default provider)",
                                      general_purpose_only=True, families=ECS_MI_FAMILIES, size_floor=True,
                                      use_local_storage=workload.ecs_managed_instances.use_local_storage)
        include = tuple(c for c, v in (("burstable", req.burstable), ("bare_metal", req.bare_metal)) if v != "excluded")
        include += ("previous_generation",) if "previous" in req.instance_generations else ()
        require = tuple(c for c, v in (("burstable", req.burstable), ("bare_metal", req.bare_metal)) if v == "required")
        per = req.memory_gib_per_vcpu
        return ManagedNodeProfile(
            platform, FEE_OFFERINGS[platform], setting, include=include, require=require,
            generations=tuple(sorted(set(req.instance_generations))), vcpu=(req.vcpu.min, req.vcpu.max),
            memory_mib=(req.memory_mib.min, req.memory_mib.max),
            memory_gib_per_vcpu=(per.min, per.max) if per is not None else (None, None),
            allowed=tuple(a.strip().lower() for a in req.allowed_types or ()),
            excluded=tuple(a.strip().lower() for a in req.excluded_types or ()),
            manufacturers=tuple(sorted(set(req.cpu_manufacturers or ()))), local_storage=req.local_storage,
            families=ECS_MI_FAMILIES, size_floor=True, use_local_storage=workload.ecs_managed_instances.use_local_storage)
    if platform == "eks-auto-mode":
        am = workload.eks_auto_mode
        arches = tuple("x86_64" if a == "amd64" else "arm64" for a in am.launch_architectures)
        if am.node_pool == "general-purpose":
            return ManagedNodeProfile(
                platform, FEE_OFFERINGS[platform], "eks_auto_mode (built-in general-purpose NodePool)",
                categories=AUTO_MODE_BUILTIN_CATEGORIES, min_generation=AUTO_MODE_BUILTIN_MIN_GENERATION,
                families=AUTO_MODE_FAMILIES, arches=("x86_64",), size_floor=True)
        # bare metal only when the pool allows nothing else (Karpenter's exotic-type filter, AUTO_MODE_METAL_SIZE)
        metal = ("bare_metal",) if names_only_metal(am.allowed_types) else ()
        return ManagedNodeProfile(
            platform, FEE_OFFERINGS[platform], "eks_auto_mode (custom NodePool)",
            include=("burstable", "previous_generation") + metal, generations=("current", "previous"),
            categories=tuple(am.instance_categories or ()), min_generation=am.min_generation or 0,
            families=AUTO_MODE_FAMILIES,
            arches=arches, size_floor=True, allowed=tuple(a.strip().lower() for a in am.allowed_types or ()))
    raise NodeConfigError(f"platform {platform!r} has no managed-instance profile; valid: {', '.join(MANAGED_PLATFORMS)}.")


def managed_fleet_settings(workload, platform: str) -> dict:
    """The ``ec2`` settings a managed platform's fleet uses, as updates to the workload's ``Ec2Config``.

    Kept from ``ec2``: ``vm_memory_overhead_percent``, ``headroom_percent``, ``max_interruption``, ``pack_for``.
    Set by the platform: candidate types (``include``; the rest by ``ManagedNodeProfile``), Spot, the volume per
    instance, the network rules and the fewest instances (ECS: the Availability Zone spread of a service's tasks,
    ``ECS_MI_SPREAD_INSTANCES``; EKS Auto Mode: ``ec2.min_nodes``, as for EKS on EC2 nodes).
    """
    ec2 = workload.ec2
    profile = managed_node_profile(workload, platform)
    common = {"allowed_families": None, "allowed_types": None, "include": list(profile.include),
              "ecs_reserved_memory_mib": 0, "ecs_max_tasks_per_instance": None}
    if platform == "ecs-managed-instances":
        mi = workload.ecs_managed_instances
        spot = mi.capacity_option_type == "spot" or any(p.capacity_option_type == "spot"
                                                         for p in mi.capacity_providers or ())
        largest = max((s.desired_count for s in workload.services), default=1)
        fewest = min(ECS_MI_SPREAD_INSTANCES, max(1, largest)) if mi.az_spread else 1
        return {**common, "spot": spot, "min_nodes": fewest, "root_volume_gib": float(mi.storage_gib),
                "ecs_network_mode": mi.network_mode, "ecs_awsvpc_trunking": True}
    am = workload.eks_auto_mode
    return {**common, "spot": "spot" in am.launch_capacity_types and am.node_pool == "custom", "min_nodes": ec2.min_nodes,
            "root_volume_gib": float(am.ephemeral_storage_gib), "prefix_delegation": AUTO_MODE_PREFIX_DELEGATION,
            "eks_managed_node_group": True}
