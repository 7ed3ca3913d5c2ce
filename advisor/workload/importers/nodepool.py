"""Karpenter NodePools (``karpenter.sh``), read for the nodes they let a cluster launch (``advisor import k8s``).

Karpenter docs, "NodePools" (aws/karpenter-provider-aws ``website/content/en/docs/concepts/nodepools.md``): a
NodePool's ``spec.template.spec.requirements`` (``key``, ``operator``, ``values``) constrain the instances it launches,
and "If a requirement is not defined for a well known label, any value available to the cloud provider may be
chosen"; "If Karpenter encounters a taint in the NodePool that is not tolerated by a Pod, Karpenter won't use that
NodePool to provision the pod"; "If multiple NodePools are matched, Karpenter will use the NodePool with the highest
weight". The NodePool API (``pkg/apis/crds/karpenter.sh_nodepools.yaml``): at most 100 requirements; operators In,
NotIn, Exists, DoesNotExist, Gt, Lt, Gte, Lte; In needs values, Exists / DoesNotExist take none, Gt / Lt / Gte / Lte
"a single positive integer value"; values are strings of at most 63 characters; ``weight`` 1 to 100 ("A nodepool with
no weight will be treated as if it is a nodepool with a weight of 0"). Its ``nodeClassRef`` names the node class: an
``EC2NodeClass`` (group ``karpenter.k8s.aws``: Karpenter on EKS with EC2 nodes) or EKS Auto Mode's ``NodeClass``
(group ``eks.amazonaws.com``; Amazon EKS User Guide, "Create a Node Pool for EKS Auto Mode", whose labels are
``eks.amazonaws.com/instance-category`` ...).

What advisor reads (``read_node_pools``):

* Which NodePools the pods use. A pod may use a pool whose NoSchedule / NoExecute ``taints`` it tolerates
  (``tolerates``) and whose nodes carry the custom labels its node selector asks for (the pool's template labels, or
  a requirement its value meets; ``_keeps_off``); Windows pools (a ``kubernetes.io/os`` requirement without linux, or
  a Windows AMI family) are left out. A pod that selects a pool by name (``nodeSelector karpenter.sh/nodepool``) uses
  that pool; any other pod uses, of the pools whose architectures it can run on, those of the highest weight
  (several of equal weight: all of them). The pools some pod
  uses are read together; the others are noted. Their ``spec.limits`` cpu, memory and nodes (``_limits``) become
  ``ec2.node_pool_limits`` or ``eks_auto_mode.node_pool_limits`` (summed over the pools read together, for what
  every one of them limits: ``_summed_limits``), which the estimates compare with the planned nodes' capacity
  (``advisor.workload.model.NodePoolLimits``); other limit keys are noted as not compared. A static NodePool (``spec.replicas``: "the NodePool will maintain this fixed number of replicas rather
  than scaling based on pod demand", NodePool API) is noted with its node count, whether it is read or left out:
  advisor sizes the fleets from the pods, so those nodes are not priced as such.
* A Karpenter NodePool (``EC2NodeClass``) sets the EC2 fleets' candidates. The instance types priced in the region that
  meet its requirements on ``node.kubernetes.io/instance-type``, ``kubernetes.io/arch``,
  ``karpenter.k8s.aws/instance-family``, ``-category``, ``-generation``, ``-size``, ``-cpu`` and ``-memory`` (MiB)
  become ``ec2.allowed_families`` when they are whole families (with ``ec2.include`` for the burstable and
  previous-generation types among them), else ``ec2.allowed_types``; bare-metal sizes only when they are all the
  pools allow (Karpenter's exotic-type filter, ``_generic``). Category and generation are Karpenter's
  (``advisor.sizing.nodes.instance_category_generation``). Accelerated, Mac and HPC types stay out (advisor does not
  size them). A ``karpenter.sh/capacity-type`` that allows ``spot``, or none at all (Karpenter v1 sets no default:
  any capacity type, Spot first), sets ``ec2.spot: true``. The ``ec2`` settings
  choose the ECS on EC2 fleet's instances too, which the note says. Types the pods' own node selectors already hold
  the fleet to are kept (those outside the pool are named: Karpenter would launch no node for them). The
  EC2NodeClass's EBS volumes per node (``blockDeviceMappings``, else its AMI family's defaults: AL2, AL2023 and
  Ubuntu 20 GiB, Bottlerocket 4 + 20 GiB, Windows 50 GiB; Karpenter docs, "NodeClasses", spec.blockDeviceMappings)
  are noted when they differ from the EKS node volume advisor prices (``ec2.root_volume_gib``, one setting for both
  EC2 fleets).
* An EKS Auto Mode NodePool (``NodeClass`` of ``eks.amazonaws.com``) sets ``eks_auto_mode``: ``node_pool: custom``
  with its capacity types (left out when no pool sets a requirement: any, Spot first, as on Karpenter), instance
  categories, lowest generation and architectures (both when no ``kubernetes.io/arch`` requirement), and the
  instance types it allows (``allowed_types``) whenever those do not say it all (rules on vCPUs, memory or size,
  several pools); its NodeClass's ``ephemeralStorage.size``.
* A pod that asks for an architecture no pool it may use launches is noted (Karpenter would launch no node for it);
  when the pools read for the ``ec2`` settings launch none of that architecture either, the note says that compare
  lists it as a service ECS on EC2 and EKS on EC2 nodes cannot run (``advisor.sizing.fleet``: a setting, not
  missing price data).
* A pool that launches arm64 nodes only runs the pods that name no architecture on arm64: their ``architecture``
  becomes arm64, on every platform (noted: EKS on Fargate runs x86_64 only). Pools that launch both architectures
  leave such pods on x86_64 (their images may be x86_64 only), with a note naming them and ``architecture: arm64``.
* Zones and the OS are accepted and ignored; other keys (hypervisor, network bandwidth, GPUs ...) are noted as not
  modelled. Errors (exit 2) name the field: what the NodePool API refuses, and a pool that allows no instance type
  advisor prices in the region, or no capacity type (Karpenter would launch no node; the pods would stay Pending).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any, Callable

from advisor.units import name_list, show
from advisor.workload.importers.common import ImportResult
from advisor.workload.model import EBS_VOLUME_SIZE_GIB, MAX_QUANTITY, ebs_size_problem

#: The NodePool kinds' ids (``Kind.group``, as ``k8s._kind_id`` names custom resources).
NODEPOOL = "NodePool.karpenter.sh"
EC2_NODE_CLASS = "EC2NodeClass.karpenter.k8s.aws"
AUTO_MODE_NODE_CLASS = "NodeClass.eks.amazonaws.com"
#: The old Karpenter API (before NodePools), noted as not read.
PROVISIONER = "Provisioner.karpenter.sh"
#: A pod's node selector on this label picks a NodePool by name.
NODEPOOL_LABEL = "karpenter.sh/nodepool"

_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte")
_NUMERIC = ("Gt", "Lt", "Gte", "Lte")
#: NodePool API: "requirements ... maxItems: 100"; a value "maxLength: 63".
MAX_REQUIREMENTS = 100
MAX_VALUE_CHARS = 63
_CAPACITY_TYPES = ("on-demand", "spot", "reserved")
#: Requirement keys on what an instance is, per node class: the label's suffix -> what it reads.
_TYPE_LABELS = {"instance-family": "family", "instance-category": "category", "instance-generation": "generation",
                "instance-size": "size", "instance-cpu": "cpu", "instance-memory": "memory"}
_TYPE_KEYS = ("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type")
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")
#: Keys that do not change the price (where the node is, its OS): accepted and ignored.
_IGNORED = ("topology.kubernetes.io/zone", "topology.kubernetes.io/region", *_OS_KEYS, NODEPOOL_LABEL,
            "topology.k8s.aws/zone-id")
#: Catalogue categories advisor never sizes as nodes (``Catalog`` default exclusions ``ec2.include`` cannot lift).
_NOT_SIZED = ("accelerated", "mac", "hpc")
#: Categories ``ec2.include`` can lift (``Ec2Config.include``).
_INCLUDABLE = ("bare_metal", "burstable", "previous_generation")
#: EBS GiB per node of an EC2NodeClass without blockDeviceMappings, by AMI family (Karpenter docs, "NodeClasses",
#: spec.blockDeviceMappings: AL2 / AL2023 /dev/xvda 20Gi; Bottlerocket /dev/xvda 4Gi + /dev/xvdb 20Gi; Ubuntu
#: /dev/sda1 20Gi; Windows2019/2022 /dev/sda1 50Gi; Custom none).
AMI_FAMILY_VOLUME_GIB = {"al2": 20.0, "al2023": 20.0, "bottlerocket": 24.0, "ubuntu": 20.0, "windows2019": 50.0,
                         "windows2022": 50.0, "windows2025": 50.0}
#: The largest EBS volume (io2 Block Express: 64 TiB), to refuse a volume size that is a slip.
MAX_VOLUME_GIB = 65_536
#: The EKS node volume advisor prices by default (``advisor.sizing.nodes.DEFAULT_ROOT_VOLUME_GIB["eks-ec2"]``).
EKS_DEFAULT_VOLUME_GIB = 20.0
_POSITIVE_INTEGER = re.compile(r"[0-9]{1,18}")
#: A Kubernetes quantity (k8s.io/apimachinery ``resource.Quantity``: ``<signedNumber><suffix>``, the suffix a binary
#: SI one (Ki ... Ei), a decimal SI one (n, u, m, "", k, M, G, T, P, E) or a decimal exponent (e3), never two).
_QUANTITY = re.compile(r"([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)")
_QUANTITY_SUFFIX = {None: Decimal(1), **{s: Decimal(f"1e{e}") for s, e in zip("numkMGTPE", (-9, -6, -3, 3, 6, 9, 12,
                                                                                              15, 18))},
                    **{s: Decimal(2 ** (10 * i)) for i, s in enumerate(("Ki", "Mi", "Gi", "Ti", "Pi", "Ei"), 1)}}
#: Taint effects (Kubernetes API, Taint: "Valid effects are NoSchedule, PreferNoSchedule and NoExecute"). A pod that
#: does not tolerate a NoSchedule or NoExecute taint is not placed on the node; PreferNoSchedule is "a 'preference'
#: or 'soft' version of NoSchedule" (Kubernetes "Taints and Tolerations"), which keeps no pod off a pool.
TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_HARD_EFFECTS = ("NoSchedule", "NoExecute")
#: Label domains whose node selectors advisor reads elsewhere (architecture, OS, instance type and Karpenter's or
#: Auto Mode's instance labels, zones, the NodePool name); any other key a NodePool's template labels set is a custom
#: label the pods may select pools by.
_WELL_KNOWN_DOMAINS = ("kubernetes.io", "k8s.io", "karpenter.sh", "karpenter.k8s.aws", "eks.amazonaws.com",
                       "k8s.aws")


def well_known_label(key: str) -> bool:
    """Whether a node label key is one of Kubernetes', Karpenter's or EKS's own (``_WELL_KNOWN_DOMAINS``, also as a
    sub-domain: ``node.kubernetes.io/instance-type``, ``topology.k8s.aws/zone-id``)."""
    prefix, slash, _ = key.partition("/")
    return bool(slash) and any(prefix == d or prefix.endswith("." + d) for d in _WELL_KNOWN_DOMAINS)


def tolerates(tolerations: tuple, taint: tuple[str, str, str]) -> bool:
    """Whether one of ``tolerations`` ((key, operator, value, effect), as ``k8s._tolerations`` reads a pod's) matches
    ``taint`` (key, value, effect). Kubernetes "Taints and Tolerations": "A toleration 'matches' a taint if the keys are
    the same and the effects are the same, and: the operator is Exists ... or the operator is Equal and the values
    should be equal"; "An empty key with operator Exists matches all keys, values and effects"; "An empty effect
    matches all effects"; the operator defaults to Equal."""
    key, value, effect = taint
    for tkey, op, tvalue, teffect in tolerations:
        if teffect and teffect != effect:
            continue
        if op == "Exists" and (not tkey or tkey == key):
            return True
        if op == "Equal" and tkey == key and tvalue == value:
            return True
    return False


@dataclass
class PodNeeds:
    """What one imported service's pods say about the nodes they need (``k8s.import_k8s``): the service, whether its
    pods name an architecture, the NodePools a ``karpenter.sh/nodepool`` node selector or required node affinity
    allows (None: any), the capacity types they allow (None: any), their tolerations ((key, operator, value, effect))
    and their node selector's custom labels (key, value: not ``well_known_label``)."""

    service: Any  # ImportedService
    arch_named: bool
    nodepool: frozenset[str] | None = None  # the pools a karpenter.sh/nodepool selector or required affinity allows
    capacity: frozenset[str] | None = None  # the capacity types its node selector allows (None: any)
    types: frozenset[str] | None = None  # the instance types its node selector allows (None: any)
    families: frozenset[str] | None = None  # ... the instance families
    patterns: tuple[str, ...] = ()  # ... and the patterns (NotIn on the type or family) each type must match
    tolerations: tuple[tuple[str, str, str, str], ...] = ()
    labels: tuple[tuple[str, str], ...] = ()

    def allows(self, t) -> bool:
        """Whether the pods' own node selectors let them run on a node of catalogue type ``t``."""
        from advisor.workload.type_pattern import type_matches

        return ((self.types is None or t.name in self.types) and (self.families is None or t.family in self.families)
                and all(type_matches(p, t.name) for p in self.patterns))


@dataclass
class _Pool:
    """One NodePool as read, and what it allows once matched (``_resolve``)."""

    name: str
    ctx: Any
    weight: int
    tainted: bool  # a NoSchedule or NoExecute taint: only pods that tolerate it run on the pool's nodes
    node_class: tuple[str, str, str]  # (group, kind, name)
    taints: list[tuple[str, str, str]] = field(default_factory=list)  # (key, value, effect) of its hard taints
    labels: dict[str, str] = field(default_factory=dict)  # spec.template.metadata.labels: every node carries them
    limits: dict[str, float] = field(default_factory=dict)  # spec.limits: cpu (vCPU), memory (MiB), nodes
    other_limits: list[str] = field(default_factory=list)  # spec.limits keys advisor does not compare
    replicas: int | None = None  # spec.replicas: a static NodePool's fixed node count
    requirements: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (field, key, op, values)
    windows: bool = False
    typed: list = field(default_factory=list)
    capacity: list[str] | None = None  # capacity types allowed (None: no requirement)
    ignored: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    matched: list = field(default_factory=list)  # catalogue InstanceTypes it allows in the region
    arches: set[str] = field(default_factory=set)


def read_node_pools(objects: list[tuple[Any, str, dict]], result: ImportResult, *,
                    storage_gib: Callable[[Any, Any, str], float], cpu: Callable[[Any, Any, str], float],
                    memory_mib: Callable[[Any, Any, str], float], pods: list[PodNeeds] = ()) -> None:
    """Apply the input's Karpenter NodePools to ``result`` (see the module docstring).

    ``objects``: (context with ``.error(field, message)``, kind id, object) of every NodePool, EC2NodeClass,
    Auto Mode NodeClass and Provisioner in the input. ``storage_gib(value, ctx, field)``: a Kubernetes storage quantity
    in GiB; ``cpu`` and ``memory_mib``: a Kubernetes CPU quantity in vCPU and a memory quantity in MiB (a NodePool's
    ``spec.limits``, totals rather than one container's request). ``pods``: what each imported service's pods need
    (``PodNeeds``). Raises ``WorkloadError`` (from
    ``ctx.error``) for what the NodePool API refuses or a NodePool that allows no instance type or capacity type."""
    pools: list[_Pool] = []
    classes: dict[tuple[str, str], tuple[Any, dict]] = {}
    seen: dict[str, dict] = {}
    for ctx, kid, obj in objects:
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        name = meta.get("name")
        if not isinstance(name, str) or not name:
            raise ctx.error("metadata.name", f"must name the {kid.split('.')[0]} (a string), got {show(name)}.")
        if kid == PROVISIONER:
            result.notes.append(f"Karpenter Provisioner {name} (karpenter.sh/v1alpha5, replaced by NodePools in "
                                "Karpenter v0.32) is not read: advisor reads NodePools")
        elif kid == NODEPOOL:
            if name in seen:  # cluster-scoped: one NodePool per name, whatever namespace a manifest gives
                if seen[name] != obj:
                    raise ctx.error("metadata.name", f"NodePool {name} is defined twice, differently (a NodePool is "
                                    "cluster-scoped: one per name, whatever metadata.namespace says). Remove one.")
                continue
            seen[name] = obj
            pools.append(_read_pool(ctx, name, obj, cpu, memory_mib))
        else:
            classes[(kid, name)] = (ctx, obj)
    if not pools:
        return
    static = [p for p in pools if p.replicas is not None]
    if static:
        counts = "; ".join(f"{p.name}: {p.replicas} node{'s' if p.replicas != 1 else ''}" for p in static)
        result.notes.append(
            f"static NodePool(s) (spec.replicas): {counts}. Karpenter keeps that many nodes whatever the pods need and "
            "does not consolidate them (NodePool API, spec.replicas: 'the NodePool will maintain this fixed number of "
            "replicas rather than scaling based on pod demand'; Amazon EKS User Guide, 'Static Capacity Node Pools in "
            "EKS Auto Mode'). advisor sizes the EC2 fleets from the pods, so these nodes are not priced as such: "
            "compare the fleet with them")
    for group, fleet in (("karpenter.k8s.aws", "ec2"), ("eks.amazonaws.com", "auto")):
        mine = [p for p in pools if p.node_class[0] == group]
        if mine:
            _apply(mine, fleet, classes, result, storage_gib, pods)
    for p in pools:
        if p.node_class[0] not in ("karpenter.k8s.aws", "eks.amazonaws.com"):
            result.notes.append(f"NodePool {p.name}: its nodeClassRef ({p.node_class[1]} of {p.node_class[0] or '?'}) "
                                "is not an EC2NodeClass (karpenter.k8s.aws) or an EKS Auto Mode NodeClass "
                                "(eks.amazonaws.com): not read")


def _apply(mine: list[_Pool], fleet: str, classes: dict, result: ImportResult, storage_gib,
           pods: list[PodNeeds]) -> None:
    """Choose the pools of one node-class group that the pods use, and apply them (``_karpenter`` / ``_auto_mode``)."""
    universe = _universe(result.region)
    kind = EC2_NODE_CLASS if fleet == "ec2" else AUTO_MODE_NODE_CLASS
    for p in mine:
        p.windows = not _linux(p) or _windows_ami(classes.get((kind, p.node_class[2])))
    windows = [p.name for p in mine if p.windows]
    usable = [p for p in mine if not p.windows]
    if windows:
        result.notes.append(f"NodePool(s) {name_list(windows)} launch Windows nodes only (kubernetes.io/os or a Windows "
                            "AMI family): not read for the Linux pods advisor prices on EC2 nodes")

    def taint_note(names: list[str]) -> None:
        if names:
            result.notes.append(
                f"NodePool(s) {name_list(names)} have taints (NoSchedule / NoExecute) that no pod of the input "
                "tolerates: not read (Karpenter docs, 'NodePools': 'If Karpenter encounters a taint in the NodePool "
                "that is not tolerated by a Pod, Karpenter won't use that NodePool to provision the pod')")

    if not usable:
        return
    if not pods and all(p.tainted for p in usable):
        taint_note([p.name for p in usable])
        return
    for p in usable:
        _resolve(p, universe, result.region)
    used: dict[str, _Pool] = {}
    by_name = {p.name: p for p in usable}
    # custom node labels some pool sets (template labels) or constrains (requirements): a pod selecting one may only
    # use the pools whose nodes carry it
    custom = {k for p in usable for k in p.labels if not well_known_label(k)} | {
        key for p in usable for _f, key, _op, _v in p.requirements if not well_known_label(key)}
    arm_only: list[PodNeeds] = []
    either: list[PodNeeds] = []  # pods that name no architecture, priced on x86_64, whose pools launch arm64 too
    stranded: list[tuple[int, str, str]] = []  # (note index, service, arch) of pods no pool they may use launches
    for need in pods:
        svc_name = need.service.data.get("name")
        arch = need.service.data.get("architecture", "x86_64")
        named = usable if need.nodepool is None else [p for p in usable if p.name in need.nodepool]
        if need.nodepool is not None and not named:
            result.notes.append(f"{svc_name}: its pods select NodePool {' / '.join(sorted(need.nodepool))} "
                                f"({NODEPOOL_LABEL}), which is not among the usable NodePools of the input "
                                f"({name_list(sorted(by_name)) or 'none'}): Karpenter would launch no node for them")
            continue
        why = {p.name: _keeps_off(need, p, custom) for p in named}
        if all(why.values()):
            result.notes.append(f"{svc_name}: no NodePool it may use runs its pods ("
                                + "; ".join(f"{n}: {w}" for n, w in why.items())
                                + "): Karpenter would launch no node for them (the pods would stay Pending)")
            continue
        named = [p for p in named if not why[p.name]]
        fits = [p for p in named if not need.arch_named or arch in p.arches]
        if not fits:
            stranded.append((len(result.notes), svc_name, arch))
            result.notes.append(f"{svc_name}: its pods ask for {arch} nodes, which NodePool(s) "
                                f"{name_list([p.name for p in named])} they may use do not launch: Karpenter would "
                                "launch no node for them (the pods would stay Pending)")
            continue
        held = [p for p in fits if any(need.allows(t) for t in p.matched)]
        if not held:
            result.notes.append(f"{svc_name}: its pods' node selectors allow none of the instance types NodePool(s) "
                                f"{name_list([p.name for p in fits])} launch: Karpenter would launch no node for them "
                                "(the pods would stay Pending)")
            continue
        fits = held
        if need.capacity is not None and not any(set(need.capacity) & set(_launched(p)) for p in fits):
            result.notes.append(f"{svc_name}: its pods ask for {' / '.join(sorted(need.capacity))} capacity "
                                f"(karpenter.sh/capacity-type), which NodePool(s) {name_list([p.name for p in fits])} "
                                "do not launch: Karpenter would launch no node for them")
        top = max(p.weight for p in fits)
        chosen = [p for p in fits if p.weight == top]
        for p in chosen:
            used[p.name] = p
        if not need.arch_named and all(p.arches == {"arm64"} for p in chosen):
            arm_only.append(need)
        elif not need.arch_named and arch == "x86_64" and any("arm64" in p.arches for p in chosen):
            either.append(need)
    if not pods:  # no workload read: the pool Karpenter would try first (of those without taints)
        free = [p for p in usable if not p.tainted]
        top = max(p.weight for p in free)
        used = {p.name: p for p in free if p.weight == top}
    taint_note([p.name for p in usable if p.tainted and p.name not in used])
    chosen = sorted(used.values(), key=lambda p: p.name)
    if not chosen:
        untainted = [p.name for p in usable if not p.tainted]
        if untainted:
            result.notes.append(f"NodePool(s) {name_list(untainted)}: no pod of the input uses them (their "
                                "architectures, or the pods' karpenter.sh/nodepool selectors or node labels): not read")
        return
    others = [p.name for p in usable if p.name not in used and not p.tainted]
    limited = [p.name for p in chosen if p.limits]
    setting = "ec2" if fleet == "ec2" else "eks_auto_mode"
    unread = sorted({k for p in chosen for k in p.other_limits})
    if unread:
        result.notes.append(f"NodePool(s) {name_list([p.name for p in chosen if p.other_limits])}: spec.limits "
                            f"{name_list(unread)} not compared (advisor compares cpu, memory and nodes)")
    if others or len(chosen) > 1 or limited:
        result.notes.append(
            f"NodePool(s) {name_list([p.name for p in chosen])} read for the nodes"
            + (" (the pods use all of them: advisor draws from their types together)" if len(chosen) > 1 else "")
            + (f"; {name_list(others)} not read (Karpenter uses, for each pod, the matching NodePool of the highest "
               "weight, and a pod's nodeSelector karpenter.sh/nodepool picks one)" if others else "")
            + (f"; the spec.limits of {name_list(limited)}: {setting}.node_pool_limits, compared with the planned "
               f"fleet in the {'EKS on EC2' if fleet == 'ec2' else 'EKS Auto Mode'} estimate" if limited else ""))
    if fleet == "ec2":
        _karpenter(chosen, classes, result, storage_gib, universe)
        read = set().union(*(p.arches for p in chosen))
        for i, svc_name, arch in stranded:
            if arch not in read:  # the ec2 settings come from pools without that architecture: compare says so too
                result.notes[i] += (f"; the ec2 settings read from NodePool(s) {name_list([p.name for p in chosen])} "
                                    f"allow no {arch} type either, so compare lists {svc_name} as a service ECS on "
                                    "EC2 and EKS on EC2 nodes cannot run")
    else:
        _auto_mode(chosen, classes, result, storage_gib, universe)
    if limited:
        (result.ec2 if fleet == "ec2" else result.eks_auto_mode)["node_pool_limits"] = _summed_limits(chosen)
    for need in arm_only:
        if need.service.data.get("architecture") == "x86_64":
            need.service.data["architecture"] = "arm64"
            need.service.comments.append(
                f"NodePool(s) {name_list([p.name for p in chosen])} launch arm64 nodes only and its pods name no "
                "architecture, so they run on arm64 (their images must be multi-arch): architecture arm64, on every "
                "platform (EKS on Fargate runs x86_64 pods only)")
    if arm_only:
        result.notes.append(
            f"{name_list([n.service.data.get('name') for n in arm_only])}: priced as arm64 (Graviton) on every platform, "
            "because the NodePools their pods use launch arm64 nodes only; EKS on Fargate, which runs x86_64 pods "
            "only, cannot run them. Set architecture: x86_64 in the workload file to compare x86_64")
    if either:
        result.notes.append(
            f"{name_list([n.service.data.get('name') for n in either])}: their pods name no architecture and "
            f"NodePool(s) {name_list([p.name for p in chosen])} launch x86_64 and arm64 nodes: priced on x86_64 "
            "everywhere. "
            "Karpenter may launch nodes of either for them (their pods leave kubernetes.io/arch open), so with "
            "multi-arch images they can run on arm64 (Graviton) nodes, "
            "often cheaper: set architecture: arm64 on them in the workload file to price that (EKS on Fargate runs "
            "x86_64 pods only), or give x86_64-only images a nodeSelector kubernetes.io/arch: amd64")


def _summed_limits(chosen: list[_Pool]) -> dict:
    """The ``node_pool_limits`` setting of the pools read together: for each of cpu, memory and nodes that every one
    of them limits, the sum of their limits (a pool without that limit leaves the pods room on it: no bound). A total
    above the workload format's bound (``MAX_QUANTITY``, e.g. ``memory: 1Ei`` or ``nodes: 1e30``, common ways to write
    "no limit") is left out, for cpu, memory and nodes alike: no fleet advisor plans (at most ``MAX_NODES`` nodes)
    comes near it."""
    out: dict[str, Any] = {"node_pools": [p.name for p in chosen]}
    for key, setting in (("cpu", "vcpu"), ("memory", "memory_mib"), ("nodes", "nodes")):
        if all(key in p.limits for p in chosen):
            total = sum(p.limits[key] for p in chosen)
            if total > MAX_QUANTITY:
                continue
            out[setting] = int(total) if key == "nodes" else round(total, 6)  # nodes: whole numbers, summed
    return out


def _keeps_off(need: PodNeeds, pool: _Pool, custom: set[str]) -> str:
    """Why ``need``'s pods cannot run on ``pool``'s nodes ("" when they can): a NoSchedule / NoExecute taint they do
    not tolerate (``tolerates``), or a custom label their node selector asks for that the pool's nodes do not carry
    (a template label of another value, or neither that label nor a requirement its value meets)."""
    for taint in pool.taints:
        if not tolerates(need.tolerations, taint):
            key, value, effect = taint
            return f"taint {key}{'=' + value if value else ''}:{effect} not tolerated"
    for key, value in need.labels:
        if key not in custom:
            continue
        if key in pool.labels:
            if pool.labels[key] != value:
                return f"its nodes carry {key}={pool.labels[key]}, the pods select {key}={value}"
            continue
        rules = [(op, vals) for _f, k, op, vals in pool.requirements if k == key]
        if not rules or not all(_meets(op, value, vals) for op, vals in rules):
            return f"its nodes do not carry {key}={value}, which the pods select"
    return ""


def _linux(pool: _Pool) -> bool:
    """Whether the pool may launch Linux nodes (no ``kubernetes.io/os`` requirement that leaves linux out)."""
    return all(_meets(op, "linux", values) for _f, key, op, values in pool.requirements
               if key in _OS_KEYS and op in ("In", "NotIn"))


def _class_spec(found: tuple[Any, dict]) -> dict:
    """A node class's ``spec`` (a mapping; absent: {}), or an error naming it."""
    ctx, obj = found
    spec = obj.get("spec")
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise ctx.error("spec", f"must be a mapping, got {show(spec)}.")
    return spec


def _windows_ami(found: tuple[Any, dict] | None) -> bool:
    """Whether an EC2NodeClass launches Windows nodes (``amiFamily`` Windows*, or an ``alias`` windows*)."""
    if found is None:
        return False
    ctx, obj = found
    spec = _class_spec(found)
    family = spec.get("amiFamily")
    if family is not None and not isinstance(family, str):
        raise ctx.error("spec.amiFamily", f"must be a string (AL2023, Bottlerocket, Windows2022 ...), got "
                        f"{show(family)}.")
    if isinstance(family, str) and family.lower().startswith("windows"):
        return True
    return any(a.lower().startswith("windows") for a in _aliases(ctx, spec))


def _aliases(ctx, spec: dict) -> list[str]:
    """The ``alias`` values of an EC2NodeClass's ``amiSelectorTerms`` (``al2023@latest`` ...)."""
    terms = spec.get("amiSelectorTerms")
    if terms is None:
        return []
    if not isinstance(terms, list) or not all(isinstance(t, dict) for t in terms):
        raise ctx.error("spec.amiSelectorTerms", f"must be a list of terms (mappings such as {{alias: "
                        f"al2023@latest}}), got {show(terms)}.")
    return [t["alias"] for t in terms if isinstance(t.get("alias"), str)]


def _read_pool(ctx, name: str, obj: dict, cpu: Callable, memory_mib: Callable) -> _Pool:
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        raise ctx.error("spec", f"must be a mapping, got {show(spec)}.")
    weight = spec.get("weight")
    if weight is None:
        weight = 0  # "A nodepool with no weight will be treated as if it is a nodepool with a weight of 0"
    elif isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
        raise ctx.error("spec.weight", f"{show(weight)} is not a NodePool weight: an integer from 1 to 100 (NodePool "
                        "API; leave it out for weight 0).")
    template = spec.get("template")
    if not isinstance(template, dict):
        raise ctx.error("spec.template", f"must be a mapping (metadata, spec), got {show(template)}.")
    tspec = template.get("spec")
    if not isinstance(tspec, dict):
        raise ctx.error("spec.template.spec", f"must be a mapping (nodeClassRef, requirements ...), got {show(tspec)}.")
    taints = _taints(ctx, tspec.get("taints"))
    tmeta = template.get("metadata")
    if tmeta is not None and not isinstance(tmeta, dict):
        raise ctx.error("spec.template.metadata", f"must be a mapping (labels, annotations), got {show(tmeta)}.")
    labels = (tmeta or {}).get("labels")
    if labels is not None and (not isinstance(labels, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                                        for k, v in labels.items())):
        raise ctx.error("spec.template.metadata.labels", f"must map label keys to label values (strings: quote a "
                        f"number or a boolean), got {show(labels)}.")
    ref = tspec.get("nodeClassRef")
    if not isinstance(ref, dict):
        raise ctx.error("spec.template.spec.nodeClassRef", f"must be a mapping naming the node class (group, kind, "
                        f"name), got {show(ref)}.")
    for k in ("group", "kind", "name", "apiVersion"):
        if ref.get(k) is not None and not isinstance(ref[k], str):
            raise ctx.error(f"spec.template.spec.nodeClassRef.{k}", f"must be a string, got {show(ref[k])}.")
    group = ref.get("group")
    if not group and isinstance(ref.get("apiVersion"), str):  # karpenter.sh/v1beta1: apiVersion, kind, name
        group = ref["apiVersion"].split("/", 1)[0]
    kind = ref.get("kind") or ""
    if not group:
        group = "eks.amazonaws.com" if kind == "NodeClass" else "karpenter.k8s.aws" if kind in ("", "EC2NodeClass") \
            else ""
    limits = spec.get("limits")
    replicas = spec.get("replicas")
    if replicas is not None and (isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0):
        raise ctx.error("spec.replicas", f"{show(replicas)} is not a node count: a static NodePool's replicas is a "
                        "whole number, 0 or more (NodePool API); leave it out for a NodePool that scales with the pods.")
    read, other = _limits(ctx, limits, replicas, cpu, memory_mib)
    pool = _Pool(name, ctx, weight, bool(taints), (group, kind, ref.get("name") or ""),
                 limits=read, other_limits=other, replicas=replicas, taints=taints, labels=dict(labels or {}))
    raw = tspec.get("requirements")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise ctx.error("spec.template.spec.requirements", f"must be a list of requirements, got {show(raw)}.")
    if len(raw) > MAX_REQUIREMENTS:
        raise ctx.error("spec.template.spec.requirements", f"has {len(raw):,} requirements; the NodePool API takes at "
                        f"most {MAX_REQUIREMENTS}.")
    for i, r in enumerate(raw):
        pool.requirements.append(_requirement(ctx, f"spec.template.spec.requirements[{i}]", r))
    for fld, key, op, _values in pool.requirements:
        if key in _OS_KEYS and op == "DoesNotExist":
            raise ctx.error(fld, f"NodePool {name}: {key} DoesNotExist allows no node (every node carries its OS "
                            "label): Karpenter would launch none, and the pods would stay Pending.")
    return pool


def _limits(ctx, raw: Any, replicas: int | None, cpu: Callable, memory_mib: Callable) -> tuple[dict[str, float],
                                                                                        list[str]]:
    """A NodePool's ``spec.limits`` as {cpu: vCPU, memory: MiB, nodes: count} and the other keys it names (extended
    resources such as ``nvidia.com/gpu``, ``pods``, ``ephemeral-storage``: not compared). The NodePool API's
    ``limits`` is a ``ResourceList`` (resource name -> quantity); Karpenter docs, "NodePools", spec.limits: "CPU
    limits are described with a DecimalSI value", "Memory limits are described with a BinarySI value, such as
    1000Gi", and "limits.nodes" caps the node count (a quantity too: ``_node_limit``); a static NodePool
    (``spec.replicas``) takes ``limits.nodes`` only (NodePool API: "only 'limits.nodes' is supported on static
    NodePools"). Errors name the field."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        raise ctx.error("spec.limits", f"must be a mapping of resource limits (cpu, memory, nodes), e.g. {{cpu: "
                        f"'1000', memory: 1000Gi}}, got {show(raw)}.")
    if replicas is not None and any(k != "nodes" for k in raw):
        raise ctx.error("spec.limits", f"{name_list(sorted(str(k) for k in raw if k != 'nodes'))}: a static NodePool "
                        "(spec.replicas) takes limits.nodes only (NodePool API: \"only 'limits.nodes' is supported on "
                        "static NodePools\"). Remove the other limits or spec.replicas.")
    out: dict[str, float] = {}
    other: list[str] = []
    for key, value in raw.items():
        fld = f"spec.limits.{key}"
        if key == "cpu":
            out["cpu"] = cpu(value, ctx, fld)
        elif key == "memory":
            out["memory"] = memory_mib(value, ctx, fld)
        elif key == "nodes":
            out["nodes"] = _node_limit(ctx, fld, value)
        else:
            other.append(str(key))
    return out, other


def _node_limit(ctx, fld: str, value: Any) -> float:
    """``spec.limits.nodes`` as the most nodes the pool may have (a whole number, 0 or more; float, as a limit of
    ``1e30`` is beyond any int a fleet needs). ``limits`` is a ``v1.ResourceList`` (kubernetes-sigs/karpenter @
    a559e04 ``pkg/apis/v1/nodepool.go``: ``type Limits v1.ResourceList``), so ``nodes`` is a Kubernetes quantity like
    cpu and memory: ``20``, ``"1k"`` (1,000), ``1e30`` are all valid. Karpenter counts 1 per node and
    ``Limits.ExceededBy`` finds a limit exceeded when ``usage.Cmp(limit) > 0``, so a fractional limit allows its whole
    part (``"2500m"``: 2 nodes). Refused (exit 2, naming the field): not a quantity, negative, more than 64
    characters."""
    text = str(value).strip() if isinstance(value, (int, float, str)) and not isinstance(value, bool) else ""
    m = _QUANTITY.fullmatch(text) if len(text) <= 64 else None
    if not m or m.group(1).startswith("-") and Decimal(m.group(1)) != 0:
        raise ctx.error(fld, f"{show(value)} is not a node count: limits.nodes is a Kubernetes quantity, 0 or more "
                        "(e.g. 20 or '1k'); leave it out for no node limit.")
    # exact decimal arithmetic, as resource.Quantity's: '2500m' is 2.5 (2 nodes), '999999999n' below 1 (0 nodes)
    number = Decimal(m.group(1) + (m.group(2) or "")) * _QUANTITY_SUFFIX[m.group(3)]
    return float(number.to_integral_value(rounding=ROUND_FLOOR)) + 0.0  # '-0' -> 0.0; beyond any float: inf


def _taints(ctx, raw: Any) -> list[tuple[str, str, str]]:
    """(key, value, effect) of a NodePool template's NoSchedule and NoExecute ``taints``, checked as the API server
    checks a Taint: a list of mappings, ``key`` required (a string), ``effect`` required and one of
    ``TAINT_EFFECTS``, ``value`` a string when given (Kubernetes API, Taint). PreferNoSchedule taints keep no pod
    off (left out)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise ctx.error("spec.template.spec.taints", f"must be a list of taints (key, effect), got {show(raw)}.")
    out = []
    for i, t in enumerate(raw):
        fld = f"spec.template.spec.taints[{i}]"
        if not isinstance(t, dict):
            raise ctx.error(fld, f"must be a mapping (key, value, effect), got {show(t)}.")
        key, value, effect = t.get("key"), t.get("value", ""), t.get("effect")
        if not isinstance(key, str) or not key:
            raise ctx.error(f"{fld}.key", f"is required: the taint's key (a string), got {show(key)}.")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ctx.error(f"{fld}.value", f"{show(value)} is not a string; a taint's value is text (quote it).")
        if effect not in TAINT_EFFECTS:
            raise ctx.error(f"{fld}.effect", f"{show(effect)} is not a taint effect; write one of "
                            f"{', '.join(TAINT_EFFECTS)} (Kubernetes API, Taint; case-sensitive).")
        if effect in _HARD_EFFECTS:
            out.append((key, value, effect))
    return out


def _requirement(ctx, fld: str, r: Any) -> tuple[str, str, str, list[str]]:
    """One requirement, checked as the NodePool API checks it (see the module docstring)."""
    if not isinstance(r, dict):
        raise ctx.error(fld, f"must be a mapping (key, operator, values), got {show(r)}.")
    key, op, values = r.get("key"), r.get("operator"), r.get("values")
    if not isinstance(key, str) or not key or len(key) > 316:
        raise ctx.error(f"{fld}.key", f"must be a node label key (at most 316 characters), got {show(key)}.")
    if op not in _OPERATORS:
        raise ctx.error(f"{fld}.operator", f"{show(op)} is not valid; a requirement takes {', '.join(_OPERATORS)} "
                        "(NodePool API; operators are case-sensitive).")
    if values is None:
        values = []
    if not isinstance(values, list):
        raise ctx.error(f"{fld}.values", f"must be a list of label values, got {show(values)}.")
    for j, v in enumerate(values):
        if not isinstance(v, str):
            raise ctx.error(f"{fld}.values[{j}]", f"{show(v)} is not a string; label values are strings (the API "
                            f"server refuses a number or a boolean): quote it, \"{v}\".")
        if len(v) > MAX_VALUE_CHARS:
            raise ctx.error(f"{fld}.values[{j}]", f"is {len(v):,} characters long; a label value is at most "
                            f"{MAX_VALUE_CHARS} (NodePool API).")
    if op in ("In", "NotIn") and not values:
        raise ctx.error(f"{fld}.values", f"operator {op} needs at least one value (NodePool API).")
    if op in ("Exists", "DoesNotExist") and values:
        raise ctx.error(f"{fld}.values", f"operator {op} takes no values (NodePool API: \"If the operator is Exists "
                        "or DoesNotExist, the values array must be empty\"); remove them.")
    if op in _NUMERIC and (len(values) != 1 or not _POSITIVE_INTEGER.fullmatch(values[0])):
        raise ctx.error(f"{fld}.values", f"operator {op} takes a single positive integer value, such as [\"2\"], got "
                        f"{show(values)} (NodePool API).")
    return fld, key, op, list(values)


# ------------------------------------------------------------------------------------------ what a type is


def _is_type_key(key: str, group: str) -> bool:
    """Whether ``key`` is a label on what an instance is that nodes of ``group``'s class carry (Karpenter's
    ``karpenter.k8s.aws/instance-*``, EKS Auto Mode's ``eks.amazonaws.com/instance-*``, the well-known type and arch)."""
    prefix, _, label = key.partition("/")
    return key in _TYPE_KEYS or key in _ARCH_KEYS or (prefix == group and label in _TYPE_LABELS)


def _what(key: str) -> str:
    """What a type key reads: type, arch, or a ``_TYPE_LABELS`` value."""
    if key in _TYPE_KEYS:
        return "type"
    if key in _ARCH_KEYS:
        return "arch"
    return _TYPE_LABELS[key.partition("/")[2]]


_LABELS: dict[str, dict[str, str | None]] = {}


def _labels(t) -> dict[str, str | None]:
    """The node labels a node of catalogue type ``t`` carries, as Karpenter writes them (memoised by type name)."""
    got = _LABELS.get(t.name)
    if got is None:
        from advisor.sizing.nodes import instance_category_generation

        category, generation = instance_category_generation(t.family)
        got = _LABELS[t.name] = {
            "type": t.name, "arch": "amd64" if t.arch == "x86_64" else t.arch, "family": t.family,
            "category": category if generation is not None else None,
            "generation": None if generation is None else str(generation), "size": t.name.split(".", 1)[1],
            "cpu": str(int(round(t.vcpu))), "memory": str(int(round(t.memory_mib)))}
    return got


def _meets(op: str, value: str | None, values: list[str]) -> bool:
    """Kubernetes / NodePool requirement semantics: In, NotIn (a node without the label meets it), Exists,
    DoesNotExist, and Gt / Lt / Gte / Lte on integers (a value that is not one meets none)."""
    if op == "In":
        return value is not None and value in values
    if op == "NotIn":
        return value is None or value not in values
    if op == "Exists":
        return value is not None
    if op == "DoesNotExist":
        return value is None
    if value is None or not _POSITIVE_INTEGER.fullmatch(value):
        return False
    number, bound = int(value), int(values[0])
    return {"Gt": number > bound, "Lt": number < bound, "Gte": number >= bound, "Lte": number <= bound}[op]


#: The most names ``Service.instance_types`` takes (``advisor.workload.model``).
_MAX_SERVICE_TYPES = 100


def selector_types(selected: dict[str, str]) -> tuple[frozenset[str] | None, frozenset[str] | None, str]:
    """What a pod's node selector on Karpenter's or EKS Auto Mode's instance labels (``karpenter.k8s.aws/`` or
    ``eks.amazonaws.com/`` ``instance-category``, ``-generation``, ``-size``, ``-cpu``, ``-memory``: label -> value)
    holds it to, read against the catalogue as Karpenter labels the nodes (``_labels``): (families, None, text) when
    the types are whole families, (None, types, text) when they are at most ``_MAX_SERVICE_TYPES`` types, else
    (None, None, text) (not modelled). An empty set means no type carries the labels."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    every = list(Catalog.of(default_pricebook()).types().values())  # accelerated ones too: the fleet says why not
    matched = [t for t in every if all(_labels(t)[_what(k)] == v for k, v in selected.items())]
    text = ", ".join(f"nodeSelector {k}: {v}" for k, v in sorted(selected.items()))
    names = {t.name for t in matched}
    families = {t.family for t in matched}
    if all(t.name in names for t in every if t.family in families):
        return frozenset(families), None, text
    if len(names) <= _MAX_SERVICE_TYPES:
        return None, frozenset(names), text
    return None, None, text


def _universe(region: str) -> list:
    """The instance types a NodePool's nodes can be in ``region`` as advisor sizes them: the catalogue's types priced
    (and offered, where known) there, burstable, bare-metal and previous-generation ones included (a NodePool allows
    them unless it says otherwise); accelerated, Mac and HPC types left out (advisor does not size them)."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    return Catalog.of(default_pricebook()).candidates(region, include=_INCLUDABLE)[0]


def _launched(pool: _Pool) -> list[str]:
    """The capacity types a pool launches: those its ``karpenter.sh/capacity-type`` requirements allow, else every one.
    Karpenter v1 sets no default ("Karpenter v1beta1 drops the defaulting logic for the node requirements", Karpenter
    docs, "v1beta1 Migration"; the v1alpha5 webhook defaulted to on-demand), an undefined key allows any value, and
    "If a NodePool is compatible with multiple capacity types, Karpenter will prioritize reserved capacity, followed by
    spot, then finally on-demand" (Karpenter docs, "NodePools", Capacity Type)."""
    return list(pool.capacity) if pool.capacity is not None else list(_CAPACITY_TYPES)


def _rules(typed: list) -> str:
    return "; ".join(f"{key} {op}" + (f" {values[0]}" if op in _NUMERIC else f" [{', '.join(values)}]"
                                      if values else "") for _f, key, op, values in typed)


def _resolve(pool: _Pool, universe: list, region: str) -> None:
    """Split the pool's requirements (what an instance is, capacity type, ignored, not modelled) and match its types;
    errors for a pool that allows no type or no capacity type."""
    for fld, key, op, values in pool.requirements:
        text = f"{key} {op}" + (f" {values[0]}" if op in _NUMERIC else f" [{', '.join(values)}]" if values else "")
        if key == "karpenter.sh/capacity-type":
            bad = [v for v in values if v not in _CAPACITY_TYPES]
            if bad and op in ("In", "NotIn"):
                raise pool.ctx.error(f"{fld}.values", f"{show(bad[0])} is not a capacity type nodes carry "
                                     f"({', '.join(_CAPACITY_TYPES)}; label values are case-sensitive).")
            allowed = {v for v in _CAPACITY_TYPES if _meets(op, v, values)}
            pool.capacity = sorted(allowed if pool.capacity is None else set(pool.capacity) & allowed)
            if not pool.capacity:
                raise pool.ctx.error(fld, f"NodePool {pool.name}: its karpenter.sh/capacity-type requirements allow "
                                     "no capacity type (every node carries one: on-demand, spot or reserved): "
                                     "Karpenter would launch no node, and the pods would stay Pending.")
        elif key in _IGNORED:
            pool.ignored.append(text)
        elif _is_type_key(key, pool.node_class[0]):
            pool.typed.append((fld, key, op, values))
        else:
            pool.unread.append(text)
    remaining = universe
    for _f, key, op, values in pool.typed:  # each requirement narrows what is left
        what = _what(key)
        remaining = [t for t in remaining if _meets(op, _labels(t)[what], values)]
        if not remaining:
            break
    if not remaining:
        raise pool.ctx.error("spec.template.spec.requirements",
                             f"NodePool {pool.name}: its requirements ({_rules(pool.typed)}) allow no instance type "
                             f"advisor prices in {region} (accelerated, Mac and HPC types are not sized): Karpenter "
                             "would launch no node there, and the pods would stay Pending. Check the values (label "
                             "values are case-sensitive: 'c', not 'C'), or the region.")
    pool.matched = remaining
    pool.arches = {t.arch for t in remaining}


def _tail(pools: list[_Pool]) -> str:
    ignored = list(dict.fromkeys(x for p in pools for x in p.ignored))
    unread = list(dict.fromkeys(x for p in pools for x in p.unread))
    out = ""
    if ignored:
        out += f"; {', '.join(ignored)} accepted and ignored (where the nodes are, their OS: no effect on the price)"
    if unread:
        out += f"; {', '.join(unread)} not modelled (advisor's catalogue does not carry these labels)"
    return out


# ------------------------------------------------------------------------------------------ Karpenter on EC2


def _generic(matched: dict, universe: list) -> tuple[dict, list]:
    """The types a pool launches from those its requirements allow, and the universe to compare them with: without
    bare-metal sizes unless they are all it allows. "ExoticInstanceTypeFilter will remove instances with GPUs and
    accelerators, along with metal instances, if doing so doesn't filter out all instance types. This ensures
    Karpenter only launches these instances if the NodeClaim explicitly requests them or all other compatible instance
    types are unavailable" (aws/karpenter-provider-aws pkg/providers/instance/filter/filter.go @ 1d927085; EKS Auto
    Mode, built on Karpenter: ``advisor.sizing.nodes.AUTO_MODE_METAL_SIZE``). GPU types advisor never sizes."""
    generic = {n: t for n, t in matched.items() if not t.bare_metal}
    if not generic:
        return matched, universe
    return generic, [t for t in universe if not t.bare_metal]


def _karpenter(pools: list[_Pool], classes: dict, result: ImportResult, storage_gib, sizable: list) -> None:
    """Apply the Karpenter (EC2NodeClass) NodePools the pods use to ``result.ec2`` (their types together). Bare-metal
    types count only when the pools allow nothing else (``_generic``)."""
    said: list[str] = []
    matched, sizable = _generic({t.name: t for p in pools for t in p.matched}, sizable)
    names = set(matched)
    rules = "; ".join((f"{p.name}: {_rules(p.typed)}" if len(pools) > 1 else _rules(p.typed)) for p in pools
                      if p.typed)
    if len(names) < len(sizable):
        by_family: dict[str, list[str]] = {}
        for t in sizable:
            by_family.setdefault(t.family, []).append(t.name)
        families = sorted({t.family for t in matched.values()})
        whole = all(all(n in names for n in by_family[f]) for f in families)
        held = result.ec2.get("allowed_types") or result.ec2.get("allowed_families")
        if held:
            pod_types = {t.name for t in sizable if t.name in (result.ec2.get("allowed_types") or ())
                         or t.family in (result.ec2.get("allowed_families") or ())}
            both_allow = sorted(pod_types & names)
            outside = sorted(pod_types - names)
            if both_allow and outside:  # the nodes Karpenter would launch for them: in both
                result.ec2.pop("allowed_families", None)
                result.ec2["allowed_types"] = both_allow
            said.append("the pods' own node selectors hold the fleet to types in ec2"
                        + (f"; {len(outside)} of them lie outside the NodePool's instance requirements ({rules}), so "
                           f"ec2.allowed_types is the {len(both_allow)} both allow (Karpenter launches only those)"
                           if both_allow and outside else
                           f"; they lie outside the NodePool's instance requirements ({rules}): Karpenter would launch "
                           "no node for those pods (\"If there is no overlap, nodes will not be launched\"); advisor "
                           "prices them as the selectors say" if outside else
                           f", all within the NodePool's instance requirements ({rules})"))
        elif whole:
            result.ec2["allowed_families"] = families
            include = sorted({c for t in matched.values() for c in t.categories if c in _INCLUDABLE})
            if include:
                result.ec2["include"] = include
            said.append(f"its instance requirements ({rules}) allow {len(names)} instance types priced in "
                        f"{result.region}, {len(families)} whole families: ec2.allowed_families"
                        + (f" (with ec2.include {', '.join(include)}: the NodePool allows them)" if include else ""))
        else:
            result.ec2["allowed_types"] = sorted(names)
            said.append(f"its instance requirements ({rules}) allow {len(names)} instance types priced in "
                        f"{result.region}: ec2.allowed_types")
    else:
        said.append("it allows any instance type (Karpenter may choose any): the EC2 fleets keep advisor's default "
                    "candidates")
    capacity = {c for p in pools for c in _launched(p)}
    if "spot" in capacity:
        result.ec2["spot"] = True
        said.append(("karpenter.sh/capacity-type allows spot" if all(p.capacity is not None for p in pools) else
                     "no karpenter.sh/capacity-type requirement" + (" in " + name_list(
                         [p.name for p in pools if p.capacity is None]) if len(pools) > 1 else "")
                     + " (any capacity type: Karpenter v1 sets no default)")
                    + ": ec2.spot true (spot-tolerant services may run on Spot "
                    "nodes; Karpenter prioritizes Spot offerings when a NodePool allows Spot and On-Demand)"
                    + ("; it allows Spot only, while advisor still places spot: false services (and CoreDNS) on "
                       "On-Demand nodes, which Karpenter would not launch from it" if capacity == {"spot"} else ""))
    elif capacity == {"reserved"}:
        said.append("karpenter.sh/capacity-type allows reserved capacity only: priced On-Demand (a Capacity "
                    "Reservation bills at the On-Demand rate)")
    else:
        said.append("karpenter.sh/capacity-type allows on-demand: On-Demand nodes")
    for pool in pools:
        said += [v for v in _volume(pool, classes, storage_gib) if v not in said]
    label = name_list([p.name for p in pools])
    nodeclasses = name_list(sorted({p.node_class[2] or "?" for p in pools}))
    result.notes.append(
        f"NodePool {label} (Karpenter, EC2NodeClass {nodeclasses}): " + "; ".join(said)
        + ". The ec2 settings choose the instances of both EC2 fleets (EKS on EC2 and ECS on EC2), so the comparison "
        "draws from the same types" + _tail(pools))


def _volume(pool: _Pool, classes: dict, storage_gib) -> list[str]:
    """The EBS GiB per node of the pool's EC2NodeClass, as a note when it differs from what advisor prices; a note
    when the input does not hold the EC2NodeClass."""
    found = classes.get((EC2_NODE_CLASS, pool.node_class[2]))
    if found is None:
        return [f"its EC2NodeClass {pool.node_class[2] or '(unnamed)'} is not in the input (Karpenter launches nothing "
                "from the NodePool until it exists): read as the NodePool says"]
    ctx, obj = found
    spec = _class_spec(found)
    mappings = spec.get("blockDeviceMappings")
    if mappings is not None and not isinstance(mappings, list):
        raise ctx.error("spec.blockDeviceMappings", f"must be a list of mappings, got {show(mappings)}.")
    if mappings:
        total = 0.0
        for i, m in enumerate(mappings):
            if not isinstance(m, dict):
                raise ctx.error(f"spec.blockDeviceMappings[{i}]", f"must be a mapping (deviceName, ebs), got {show(m)}.")
            ebs = m.get("ebs")
            if ebs is not None and not isinstance(ebs, dict):
                raise ctx.error(f"spec.blockDeviceMappings[{i}].ebs", f"must be a mapping (volumeSize, volumeType ...), "
                                f"got {show(ebs)}.")
            if ebs and ebs.get("volumeSize") is not None:
                fld = f"spec.blockDeviceMappings[{i}].ebs.volumeSize"
                size = storage_gib(ebs["volumeSize"], ctx, fld)
                if not 1 <= size <= MAX_VOLUME_GIB:
                    raise ctx.error(fld, f"{show(ebs['volumeSize'])} is {size:g} GiB; an EBS volume is 1 GiB to 64 TiB "
                                    "(e.g. 20Gi).")
                vtype = ebs.get("volumeType")  # Karpenter's default is gp3 (karpenter.sh docs, "NodeClasses")
                problem = ebs_size_problem(size, vtype.lower() if isinstance(vtype, str) and vtype.lower() in
                                           EBS_VOLUME_SIZE_GIB else None)
                if problem:
                    raise ctx.error(fld, f"{show(ebs['volumeSize'])}: {problem}.")
                total += size
        where = "its blockDeviceMappings"
    else:
        family = spec.get("amiFamily")
        if not family:
            aliases = _aliases(ctx, spec)
            family = aliases[0].split("@", 1)[0] if aliases else None
        total = AMI_FAMILY_VOLUME_GIB.get(str(family or "").lower())
        if total is None:
            return []
        where = f"the {family} AMI family's default block devices (Karpenter docs, 'NodeClasses')"
    if abs(total - EKS_DEFAULT_VOLUME_GIB) < 1e-9:
        return []
    return [f"EC2NodeClass {pool.node_class[2]} gives each node {total:g} GiB of EBS ({where}); advisor prices "
            f"{EKS_DEFAULT_VOLUME_GIB:g} GiB per EKS node unless ec2.root_volume_gib says otherwise (one setting for "
            f"both EC2 fleets): set ec2.root_volume_gib: {total:g} to price these nodes' volumes"]


# ------------------------------------------------------------------------------------------ EKS Auto Mode


def _auto_mode(pools: list[_Pool], classes: dict, result: ImportResult, storage_gib, universe: list) -> None:
    """Apply the EKS Auto Mode NodePools the pods use to ``result.eks_auto_mode``: one custom NodePool that allows
    what any of them allows (the categories, generation and architectures of all; the types themselves whenever those
    do not say it all)."""
    known = sorted({c for t in universe if (c := _labels(t)["category"]) is not None})
    capacity: set[str] = set()
    categories: set[str] = set()
    arches: set[str] = set()
    generation = None
    exact = len(pools) > 1  # several pools: their union is only exact as a list of types
    said: list[str] = []
    storage = None
    public: dict[str, Any] = {}  # NodeClass name -> its associatePublicIPAddress (True / False / None: not set)
    for pool in pools:
        if pool.capacity is not None and not set(pool.capacity) & {"on-demand", "spot"}:
            raise pool.ctx.error("spec.template.spec.requirements", f"NodePool {pool.name}: karpenter.sh/capacity-type "
                                 "allows neither on-demand nor spot, which EKS Auto Mode launches; the pods would stay "
                                 "Pending.")
        capacity |= set(_launched(pool)) & {"on-demand", "spot"}
        cats, gen, arch = set(known), 1, {"amd64", "arm64"}
        for _fld, key, op, values in pool.typed:
            what = _what(key)
            if what == "category" and op in ("In", "NotIn"):
                cats &= {v for v in known if _meets(op, v, values)}
            elif what == "generation" and op in ("Gt", "Gte"):
                gen = max(gen, int(values[0]) + (1 if op == "Gt" else 0))
            elif what == "arch" and op in ("In", "NotIn"):
                arch &= {a for a in ("amd64", "arm64") if _meets(op, a, values)}
            elif op != "Exists":  # types, families, vCPUs, memory, size, an upper bound ...: the types, listed
                exact = True
        categories |= cats
        arches |= arch
        generation = gen if generation is None else min(generation, gen)
        found = classes.get((AUTO_MODE_NODE_CLASS, pool.node_class[2]))
        if found is None:
            said.append(f"its NodeClass {pool.node_class[2] or '(unnamed)'} is not in the input: EKS Auto Mode's "
                        "ephemeral storage default (80 GiB) is priced" if pool.node_class[2] != "default" else
                        "its NodeClass is EKS Auto Mode's default")
            public.setdefault(pool.node_class[2] or "(unnamed)", None)
        else:
            ctx, obj = found
            spec = _class_spec(found)
            public[pool.node_class[2] or "(unnamed)"] = _associate_public_ip(ctx, spec)
            eph = spec.get("ephemeralStorage")
            if eph is None:
                eph = {}
            if not isinstance(eph, dict):
                raise ctx.error("spec.ephemeralStorage", f"must be a mapping (size, iops, throughput), got "
                                f"{show(eph)}.")
            if eph.get("size") is not None:
                size = storage_gib(eph["size"], ctx, "spec.ephemeralStorage.size")
                if not 1 <= size <= MAX_VOLUME_GIB:
                    raise ctx.error("spec.ephemeralStorage.size", f"{show(eph['size'])} is {size:g} GiB; give 1 GiB to "
                                    "64 TiB (e.g. 80Gi).")
                storage = size if storage is None else max(storage, size)
    if not categories or not arches:
        raise pools[0].ctx.error("spec.template.spec.requirements",
                                 f"NodePool {name_list([p.name for p in pools])}: the requirements allow no instance "
                                 "category or no architecture: EKS Auto Mode would launch no node.")
    am: dict[str, Any] = {"node_pool": "custom"}
    if any(p.capacity is not None for p in pools):  # none sets one: left out, as in the NodePool (any capacity type)
        am["capacity_types"] = [c for c in ("on-demand", "spot") if c in capacity]
    am.update({"instance_categories": sorted(categories), "min_generation": generation,
               "architectures": sorted(arches)})
    if exact:
        allowed = sorted(_generic({t.name: t for p in pools for t in p.matched}, [])[0])
        am["allowed_types"] = allowed
        said.append(f"the types they allow in {result.region} ({len(allowed)}) written as allowed_types"
                    + (f" ({'; '.join(f'{p.name}: {_rules(p.typed)}' for p in pools if p.typed)})"
                       if any(p.typed for p in pools) else ""))
    if storage is not None:
        am["ephemeral_storage_gib"] = storage
    _public_ip_words(public, am, said, result)
    result.eks_auto_mode = am
    result.notes.append(
        f"NodePool {name_list([p.name for p in pools])} (EKS Auto Mode, NodeClass "
        f"{name_list(sorted({p.node_class[2] or '?' for p in pools}))}): eks_auto_mode is a custom NodePool with its "
        "capacity types, instance categories, lowest generation and architectures (a requirement it does not set "
        "allows any value: Karpenter docs, 'NodePools')"
        + (f"; {'; '.join(dict.fromkeys(said))}" if said else "") + _tail(pools))


#: Where EKS Auto Mode's NodeClass says whether its nodes get a public IPv4 address (Amazon EKS User Guide, "Create a
#: Node Class for Amazon EKS", awsdocs/amazon-eks-user-guide latest/ug/automode/create-node-class.adoc, added
#: 2025-08-06 in pull request 1085: "Optional: Controls whether public IP addresses are assigned to instances that are
#: launched with the nodeclass"). Left out, "the AssociatePublicIpAddress field for an instance launch is determined
#: automatically by the type of subnet that the instance is being launched into" ("Learn about EKS Auto Mode
#: controls", latest/ug/automode/auto-controls.adoc, the same pull request): the subnet's MapPublicIpOnLaunch.
ASSOCIATE_PUBLIC_IP = "spec.advancedNetworking.associatePublicIPAddress"


def _associate_public_ip(ctx, spec: dict) -> bool | None:
    """A NodeClass's ``spec.advancedNetworking.associatePublicIPAddress`` (True / False), None when not set; a value
    that is not a boolean, or an ``advancedNetworking`` that is not a mapping, exits 2 naming the field."""
    adv = spec.get("advancedNetworking")
    if adv is None:
        return None
    if not isinstance(adv, dict):
        raise ctx.error("spec.advancedNetworking", f"must be a mapping (associatePublicIPAddress, httpsProxy, noProxy "
                        f"...), got {show(adv)}.")
    v = adv.get("associatePublicIPAddress")
    if v is not None and not isinstance(v, bool):
        raise ctx.error(ASSOCIATE_PUBLIC_IP, f"{show(v)} is not valid; give true (each node gets a public IPv4 "
                        "address) or false (none), unquoted, or leave it out for the subnet's MapPublicIpOnLaunch "
                        "(Amazon EKS User Guide, 'Create a Node Class for Amazon EKS').")
    return v


def _public_ip_words(public: dict[str, Any], am: dict, said: list[str], result: ImportResult) -> None:
    """``eks_auto_mode.public_ip`` from the NodeClasses of the pools read (``public``: name -> True / False / None):
    true when one sets ``associatePublicIPAddress: true`` (every Auto Mode node is then priced an address, said when
    another class does not set it so); a class that leaves it out is an assumption naming the field to set, since its
    subnets' MapPublicIpOnLaunch decides and manifests do not hold it; all false: none, noted."""
    on = sorted(n for n, v in public.items() if v is True)
    unset = sorted(n for n, v in public.items() if v is None)
    off = sorted(n for n, v in public.items() if v is False)
    if on:
        am["public_ip"] = True
        said.append(f"NodeClass {name_list(on)} sets {ASSOCIATE_PUBLIC_IP}: true, so each Auto Mode node holds a "
                    "public IPv4 address, priced per IP-hour (eks_auto_mode.public_ip: true)"
                    + (f"; priced on every node, also those of NodeClass {name_list(off + unset)}, which do not set "
                       "it true" if off or unset else ""))
    elif off and not unset:
        said.append(f"NodeClass {name_list(off)} sets {ASSOCIATE_PUBLIC_IP}: false: no public IPv4 address per node")
    if unset and not on:
        result.assumptions.append(
            f"NodeClass {name_list(unset)} (EKS Auto Mode) does not set {ASSOCIATE_PUBLIC_IP} (or is not in the input), "
            "so whether its nodes get a public IPv4 address is their subnets' MapPublicIpOnLaunch (the default "
            "NodeClass launches in the cluster's subnets; Amazon EKS User Guide, 'Learn about EKS Auto Mode "
            "controls'), which manifests do not hold: priced without. If they launch in public subnets, set "
            f"eks_auto_mode.public_ip: true in the workload file (or {ASSOCIATE_PUBLIC_IP}: true, or false to make "
            "sure) to price an address per node ($0.005 per IP-hour)")
