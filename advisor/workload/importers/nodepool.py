"""Karpenter NodePools (``karpenter.sh``), read for the nodes they let a cluster launch (``advisor import k8s``).

Karpenter docs, "NodePools" (aws/karpenter-provider-aws ``website/content/en/docs/concepts/nodepools.md``): a
NodePool's ``spec.template.spec.requirements`` (``key``, ``operator`` In / NotIn / Exists / DoesNotExist / Gt / Lt,
``values``) constrain the instances it launches, and "If a requirement is not defined for a well known label, any value
available to the cloud provider may be chosen"; "If Karpenter encounters a taint in the NodePool that is not tolerated
by a Pod, Karpenter won't use that NodePool to provision the pod"; "If multiple NodePools are matched, Karpenter will
use the NodePool with the highest weight" ("Specifying no weight is equivalent to specifying a weight of 0"). Its
``nodeClassRef`` names the node class: an ``EC2NodeClass`` (group ``karpenter.k8s.aws``: Karpenter on EKS with EC2
nodes) or EKS Auto Mode's ``NodeClass`` (group ``eks.amazonaws.com``; Amazon EKS User Guide, "Create a Node Pool for
EKS Auto Mode", whose labels are ``eks.amazonaws.com/instance-category`` ...).

What advisor reads (``read_node_pools``):

* Which NodePool the pods use: of those without ``taints`` (a pod advisor reads may not tolerate them), the one with
  the highest ``weight`` (a tie: the first by name); the others are noted. Tainted pools only: none is read.
* A Karpenter NodePool (``EC2NodeClass``) sets the EC2 fleets' candidates. The catalogue's instance types that meet
  its requirements on ``node.kubernetes.io/instance-type``, ``karpenter.k8s.aws/instance-family``, ``-category``,
  ``-generation``, ``-size``, ``-cpu`` and ``-memory`` (MiB) become ``ec2.allowed_families`` when they are whole
  families (with ``ec2.include`` for the burstable, bare-metal and previous-generation types among them), else
  ``ec2.allowed_types``. Category and generation are Karpenter's: the letters before the first digit of the family and
  that number (``advisor.sizing.nodes.instance_category_generation``). Accelerated, Mac and HPC types stay out
  (advisor does not size them). A ``karpenter.sh/capacity-type`` that allows ``spot`` sets ``ec2.spot: true``. The
  ``ec2`` settings choose the ECS on EC2 fleet's instances too, which the note says. Types the pods' own node selectors
  already hold the fleet to (``ec2.allowed_types`` / ``allowed_families``) are kept. The EC2NodeClass's EBS volumes
  per node (``blockDeviceMappings``, else the defaults of its AMI family: AL2, AL2023 and Ubuntu 20 GiB, Bottlerocket
  4 + 20 GiB, Windows 50 GiB; Karpenter docs, "NodeClasses", spec.blockDeviceMappings) are noted when they differ from
  the EKS node volume advisor prices (``ec2.root_volume_gib``, one setting for both EC2 fleets).
* An EKS Auto Mode NodePool (``NodeClass`` of ``eks.amazonaws.com``) sets ``eks_auto_mode``: ``node_pool: custom``
  with its ``karpenter.sh/capacity-type`` values, ``eks.amazonaws.com/instance-category`` (In / NotIn), lowest
  ``eks.amazonaws.com/instance-generation`` (Gt, In), ``kubernetes.io/arch`` and instance types / families (In), and
  its NodeClass's ``ephemeralStorage.size``. An absent requirement allows any value.
* Zones and the OS are accepted and ignored (they do not change the price); other keys (hypervisor, network
  bandwidth, GPUs ...) and operators advisor cannot map are noted as not modelled. A NodePool whose requirements allow
  no instance type advisor knows is an error: Karpenter would launch no node and the pods would stay Pending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from advisor.units import name_list, show
from advisor.workload.importers.common import ImportResult

#: The NodePool kinds' ids (``Kind.group``, as ``k8s._kind_id`` names custom resources).
NODEPOOL = "NodePool.karpenter.sh"
EC2_NODE_CLASS = "EC2NodeClass.karpenter.k8s.aws"
AUTO_MODE_NODE_CLASS = "NodeClass.eks.amazonaws.com"
#: The old Karpenter API (before NodePools), noted as not read.
PROVISIONER = "Provisioner.karpenter.sh"

_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
_CAPACITY_TYPES = ("on-demand", "spot", "reserved")
#: Requirement keys on what an instance is, per node class: the label's suffix -> what it reads.
_TYPE_LABELS = {"instance-family": "family", "instance-category": "category", "instance-generation": "generation",
                "instance-size": "size", "instance-cpu": "cpu", "instance-memory": "memory"}
#: Keys that do not change the price (where the node is, its OS): accepted and ignored.
_IGNORED = ("topology.kubernetes.io/zone", "topology.kubernetes.io/region", "kubernetes.io/os",
            "karpenter.sh/nodepool", "topology.k8s.aws/zone-id")
#: Catalogue categories advisor never sizes as nodes (``Catalog`` default exclusions ``ec2.include`` cannot lift).
_NOT_SIZED = ("accelerated", "mac", "hpc")
#: Categories ``ec2.include`` can lift (``Ec2Config.include``).
_INCLUDABLE = ("bare_metal", "burstable", "previous_generation")
#: EBS GiB per node of an EC2NodeClass without blockDeviceMappings, by AMI family (Karpenter docs, "NodeClasses",
#: spec.blockDeviceMappings: AL2 / AL2023 /dev/xvda 20Gi; Bottlerocket /dev/xvda 4Gi + /dev/xvdb 20Gi; Ubuntu
#: /dev/sda1 20Gi; Windows2019/2022 /dev/sda1 50Gi; Custom none).
AMI_FAMILY_VOLUME_GIB = {"al2": 20.0, "al2023": 20.0, "bottlerocket": 24.0, "ubuntu": 20.0, "windows2019": 50.0,
                         "windows2022": 50.0, "windows2025": 50.0}
#: The most names ``eks_auto_mode.allowed_types`` takes (``advisor.workload.model.EksAutoMode``).
_MAX_ALLOWED = 400
#: The EKS node volume advisor prices by default (``advisor.sizing.nodes.DEFAULT_ROOT_VOLUME_GIB["eks-ec2"]``).
EKS_DEFAULT_VOLUME_GIB = 20.0


@dataclass
class _Pool:
    """One NodePool as read: its name, where it is, weight, taints, node class (group, kind, name), requirements."""

    name: str
    ctx: Any
    weight: int
    tainted: bool
    node_class: tuple[str, str, str]
    requirements: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # (field, key, op, values)


def read_node_pools(objects: list[tuple[Any, str, dict]], result: ImportResult, *,
                    storage_gib: Callable[[Any, Any, str], float], arch_free: list = ()) -> None:
    """Apply the input's Karpenter NodePools to ``result`` (see the module docstring).

    ``objects``: (context with ``.error(field, message)``, kind id, object) of every NodePool, EC2NodeClass,
    Auto Mode NodeClass and Provisioner in the input. ``storage_gib(value, ctx, field)``: a Kubernetes storage quantity
    in GiB. ``arch_free``: the imported services whose pods say nothing of the architecture; a NodePool that launches
    arm64 nodes only runs them on arm64 (``architecture: arm64``, with a comment). Raises ``WorkloadError`` (from
    ``ctx.error``) for a malformed requirement or a NodePool that allows no instance type."""
    pools: list[_Pool] = []
    classes: dict[tuple[str, str], tuple[Any, dict]] = {}
    for ctx, kid, obj in objects:
        name = str((obj.get("metadata") or {}).get("name") or "")
        if kid == PROVISIONER:
            result.notes.append(f"Karpenter Provisioner {name} (karpenter.sh/v1alpha5, replaced by NodePools in "
                                "Karpenter v0.32) is not read: advisor reads NodePools")
        elif kid == NODEPOOL:
            pools.append(_read_pool(ctx, name, obj))
        else:
            classes[(kid, name)] = (ctx, obj)
    if not pools:
        return
    for group, fleet in (("karpenter.k8s.aws", "ec2"), ("eks.amazonaws.com", "auto")):
        mine = [p for p in pools if p.node_class[0] == group]
        if not mine:
            continue
        windows = [p.name for p in mine if not p.tainted and not _linux(p)]
        usable = [p for p in mine if not p.tainted and _linux(p)]
        tainted = [p.name for p in mine if p.tainted]
        if windows:
            result.notes.append(f"NodePool(s) {name_list(windows)} launch Windows nodes only (kubernetes.io/os): not "
                                "read for the Linux pods advisor prices on EC2 nodes")
        if not usable:
            if tainted:
                result.notes.append(f"NodePool(s) {name_list(tainted)} have taints, so only pods that tolerate them "
                                    "run on their nodes: not read (advisor does not read tolerations)")
            continue
        top = max(p.weight for p in usable)
        chosen = sorted((p for p in usable if p.weight == top), key=lambda p: p.name)
        lower = [p.name for p in usable if p.weight < top]
        if lower or tainted or len(chosen) > 1:
            result.notes.append(
                f"NodePool(s) {name_list([p.name for p in chosen])} read for the nodes"
                + (" (of equal weight: a pod may run on the nodes of any of them, so advisor draws from all of their "
                   "types)" if len(chosen) > 1 else "")
                + (f"; {name_list(lower)} not read (Karpenter uses the matching NodePool with the highest weight, "
                   f"{top})" if lower else "")
                + (f"; {name_list(tainted)} left out: their taints keep pods that do not tolerate them off"
                   if tainted else ""))
        if fleet == "ec2":
            arches = _karpenter(chosen, classes, result, storage_gib)
        else:
            arches = _auto_mode(chosen, classes, result, storage_gib)
        if arches == {"arm64"}:
            for svc in arch_free:
                if svc.data.get("architecture") == "x86_64":
                    svc.data["architecture"] = "arm64"
                    svc.comments.append(f"NodePool(s) {name_list([p.name for p in chosen])} launch arm64 nodes only "
                                        "and its pods name no architecture, so they run on arm64 (their images must "
                                        "be multi-arch): architecture arm64")
    for p in pools:
        if p.node_class[0] not in ("karpenter.k8s.aws", "eks.amazonaws.com"):
            result.notes.append(f"NodePool {p.name}: its nodeClassRef ({p.node_class[1]} of {p.node_class[0] or '?'}) "
                                "is not an EC2NodeClass (karpenter.k8s.aws) or an EKS Auto Mode NodeClass "
                                "(eks.amazonaws.com): not read")


def _linux(pool: _Pool) -> bool:
    """Whether the pool may launch Linux nodes (no ``kubernetes.io/os`` requirement that leaves linux out)."""
    return all(_meets(op, "linux", values) for _f, key, op, values in pool.requirements
               if key in ("kubernetes.io/os", "beta.kubernetes.io/os") and op in ("In", "NotIn"))


def _read_pool(ctx, name: str, obj: dict) -> _Pool:
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        raise ctx.error("spec", f"must be a mapping, got {show(spec)}.")
    weight = spec.get("weight", 0)
    if weight is None:
        weight = 0
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
        raise ctx.error("spec.weight", f"{show(weight)} is not a NodePool weight: an integer from 0 to 100 (Karpenter "
                        "NodePool API).")
    template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
    tspec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
    taints = tspec.get("taints")
    ref = tspec.get("nodeClassRef")
    if not isinstance(ref, dict):
        raise ctx.error("spec.template.spec.nodeClassRef", f"must be a mapping naming the node class (group, kind, "
                        f"name), got {show(ref)}.")
    group = ref.get("group")
    if not group and isinstance(ref.get("apiVersion"), str):  # karpenter.sh/v1beta1: apiVersion, kind, name
        group = ref["apiVersion"].split("/", 1)[0]
    kind = str(ref.get("kind") or "")
    if not group:
        group = "eks.amazonaws.com" if kind == "NodeClass" else "karpenter.k8s.aws" if kind in ("", "EC2NodeClass") \
            else ""
    pool = _Pool(name, ctx, weight, bool(taints), (str(group), kind, str(ref.get("name") or "")))
    raw = tspec.get("requirements")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise ctx.error("spec.template.spec.requirements", f"must be a list of requirements, got {show(raw)}.")
    for i, r in enumerate(raw):
        fld = f"spec.template.spec.requirements[{i}]"
        if not isinstance(r, dict):
            raise ctx.error(fld, f"must be a mapping (key, operator, values), got {show(r)}.")
        key, op, values = r.get("key"), r.get("operator"), r.get("values")
        if not isinstance(key, str) or not key:
            raise ctx.error(f"{fld}.key", f"must be a node label key, got {show(key)}.")
        if op not in _OPERATORS:
            raise ctx.error(f"{fld}.operator", f"{show(op)} is not valid; a requirement takes {', '.join(_OPERATORS)} "
                            "(Kubernetes NodeSelectorRequirement; operators are case-sensitive).")
        if values is None:
            values = []
        if not isinstance(values, list) or any(isinstance(v, (dict, list)) or v is None for v in values):
            raise ctx.error(f"{fld}.values", f"must be a list of label values, got {show(values)}.")
        values = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
        if op in ("In", "NotIn") and not values:
            raise ctx.error(f"{fld}.values", f"operator {op} needs at least one value (Kubernetes "
                            "NodeSelectorRequirement).")
        if op in ("Gt", "Lt"):
            if len(values) != 1 or not values[0].lstrip("-").isdigit():
                raise ctx.error(f"{fld}.values", f"operator {op} takes one integer value, got {show(values)} "
                                "(Kubernetes NodeSelectorRequirement).")
        pool.requirements.append((fld, key, op, values))
    return pool


# ------------------------------------------------------------------------------------------ what a type is


_TYPE_KEYS = ("node.kubernetes.io/instance-type", "beta.kubernetes.io/instance-type")
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")


def _is_type_key(key: str, group: str) -> bool:
    """Whether ``key`` is a label on what an instance is that nodes of ``group``'s class carry (Karpenter's
    ``karpenter.k8s.aws/instance-*``, EKS Auto Mode's ``eks.amazonaws.com/instance-*``, the well-known type and arch)."""
    prefix, _, label = key.partition("/")
    return key in _TYPE_KEYS or key in _ARCH_KEYS or (prefix == group and label in _TYPE_LABELS)


def _label(key: str, t) -> str | None:
    """The value the node label ``key`` (``_is_type_key``) has on a node of instance type ``t`` (a catalogue
    ``InstanceType``), None when the node does not carry it."""
    from advisor.sizing.nodes import instance_category_generation

    if key in _TYPE_KEYS:
        return t.name
    if key in _ARCH_KEYS:
        return "amd64" if t.arch == "x86_64" else t.arch
    what = _TYPE_LABELS[key.partition("/")[2]]
    if what == "family":
        return t.family
    if what in ("category", "generation"):
        category, generation = instance_category_generation(t.family)
        return category if what == "category" else (None if generation is None else str(generation))
    if what == "size":
        return t.name.split(".", 1)[1]
    if what == "cpu":
        return f"{t.vcpu:g}"
    return f"{t.memory_mib:g}"


def _meets(op: str, value: str | None, values: list[str]) -> bool:
    """Kubernetes NodeSelectorRequirement: In, NotIn (a node without the label meets it), Exists, DoesNotExist, and
    Gt / Lt (integers)."""
    if op == "In":
        return value is not None and value in values
    if op == "NotIn":
        return value is None or value not in values
    if op == "Exists":
        return value is not None
    if op == "DoesNotExist":
        return value is None
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return False
    if number is None:
        return False
    return number > int(values[0]) if op == "Gt" else number < int(values[0])


def _split(pool: _Pool) -> tuple[list, list[str], list[str], list[str]]:
    """(requirements on what an instance is, capacity-type values allowed or None, ignored texts, unread texts)."""
    typed, capacity, ignored, unread = [], None, [], []
    for fld, key, op, values in pool.requirements:
        text = f"{key} {op}" + (f" [{', '.join(values)}]" if values else "")
        if key == "karpenter.sh/capacity-type":
            bad = [v for v in values if v not in _CAPACITY_TYPES]
            if bad and op in ("In", "NotIn"):
                raise pool.ctx.error(f"{fld}.values", f"{show(bad[0])} is not a capacity type nodes carry "
                                     f"({', '.join(_CAPACITY_TYPES)}; label values are case-sensitive).")
            allowed = {v for v in _CAPACITY_TYPES if _meets(op, v, values)} if op in ("In", "NotIn") else \
                set(_CAPACITY_TYPES) if op == "Exists" else set()
            capacity = allowed if capacity is None else capacity & allowed
        elif key in _IGNORED:
            ignored.append(text)
        elif _is_type_key(key, pool.node_class[0]):
            typed.append((fld, key, op, values))
        else:
            unread.append(text)
    return typed, (None if capacity is None else sorted(capacity)), ignored, unread


def _universe(region: str) -> list:
    """The instance types a NodePool's nodes can be in ``region`` as advisor sizes them: the catalogue's types priced
    (and offered, where known) there, burstable, bare-metal and previous-generation ones included (a NodePool allows
    them unless it says otherwise); accelerated, Mac and HPC types left out (advisor does not size them)."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    return Catalog.of(default_pricebook()).candidates(region, include=_INCLUDABLE)[0]


def _matched(pool: _Pool, typed: list, universe: list, region: str) -> list:
    """The types of ``universe`` that meet the pool's requirements on what an instance is; an error when none does."""
    out = [t for t in universe if all(_meets(op, _label(key, t), values) for _f, key, op, values in typed)]
    if not out:
        raise pool.ctx.error("spec.template.spec.requirements",
                             f"NodePool {pool.name}: its requirements ({_rules(typed)}) allow no instance type advisor "
                             f"prices in {region} (accelerated, Mac and HPC types are not sized): Karpenter would "
                             "launch no node there, and the pods would stay Pending. Check the values (label values "
                             "are case-sensitive: 'c', not 'C'), or the region.")
    return out


# ------------------------------------------------------------------------------------------ Karpenter on EC2


def _rules(typed: list) -> str:
    return "; ".join(f"{key} {op}" + (f" {values[0]}" if op in ("Gt", "Lt") else f" [{', '.join(values)}]"
                                      if values else "") for _f, key, op, values in typed)


def _karpenter(pools: list[_Pool], classes: dict, result: ImportResult, storage_gib) -> set[str]:
    """Apply Karpenter (EC2NodeClass) NodePools of equal weight to ``result.ec2`` (their types together); returns the
    architectures of those types."""

    sizable = _universe(result.region)
    said: list[str] = []
    matched: dict[str, object] = {}
    capacity: set[str] = set()
    any_capacity = False
    ignored: list[str] = []
    unread: list[str] = []
    rules: list[str] = []
    for pool in pools:
        typed, cap, ign, unr = _split(pool)
        matched.update((t.name, t) for t in _matched(pool, typed, sizable, result.region))
        if cap is None:
            capacity.add("on-demand")
        else:
            any_capacity = True
            capacity |= set(cap)
        ignored += [x for x in ign if x not in ignored]
        unread += [x for x in unr if x not in unread]
        if typed:
            rules.append(f"{pool.name}: {_rules(typed)}" if len(pools) > 1 else _rules(typed))
    names = set(matched)
    if len(names) < len(sizable):
        by_family: dict[str, list[str]] = {}
        for t in sizable:
            by_family.setdefault(t.family, []).append(t.name)
        families = sorted({t.family for t in matched.values()})
        whole = all(all(n in names for n in by_family[f]) for f in families)
        text = "; ".join(rules)
        if result.ec2.get("allowed_types") or result.ec2.get("allowed_families"):
            said.append(f"its instance requirements ({text}) are not written: the pods' own node selectors already "
                        "hold the fleet to the types in ec2 (they must lie within the NodePool's for Karpenter to "
                        "launch them)")
        elif whole:
            result.ec2["allowed_families"] = families
            include = sorted({c for t in matched.values() for c in t.categories if c in _INCLUDABLE})
            if include:
                result.ec2["include"] = include
            said.append(f"its instance requirements ({text}) allow {len(names)} instance types priced in "
                        f"{result.region}, {len(families)} whole families: ec2.allowed_families"
                        + (f" (with ec2.include {', '.join(include)}: the NodePool allows them)" if include else ""))
        else:
            result.ec2["allowed_types"] = sorted(names)
            said.append(f"its instance requirements ({text}) allow {len(names)} instance types priced in "
                        f"{result.region}: ec2.allowed_types")
    else:
        said.append("it allows any instance type (Karpenter may choose any): the EC2 fleets keep advisor's default "
                    "candidates")
    if "spot" in capacity:
        result.ec2["spot"] = True
        said.append("karpenter.sh/capacity-type allows spot: ec2.spot true (spot-tolerant services may run on Spot "
                    "nodes; Karpenter prioritizes Spot offerings when a NodePool allows Spot and On-Demand)")
    elif capacity == {"reserved"}:
        said.append("karpenter.sh/capacity-type allows reserved capacity only: priced On-Demand (a Capacity "
                    "Reservation bills at the On-Demand rate)")
    elif any_capacity:
        said.append("karpenter.sh/capacity-type allows on-demand: On-Demand nodes")
    else:
        said.append("no karpenter.sh/capacity-type requirement: priced On-Demand (ec2.spot false; set ec2.spot: true "
                    "if the nodes run on Spot)")
    for pool in pools:
        said += [v for v in _volume(pool, classes, storage_gib) if v not in said]
    label = name_list([p.name for p in pools])
    nodeclasses = name_list(sorted({p.node_class[2] or "?" for p in pools}))
    result.notes.append(
        f"NodePool {label} (Karpenter, EC2NodeClass {nodeclasses}): " + "; ".join(said)
        + ". The ec2 settings choose the instances of both EC2 fleets (EKS on EC2 and ECS on EC2), so the comparison "
        "draws from the same types" + _tail(ignored, unread))
    return {t.arch for t in matched.values()}


def _volume(pool: _Pool, classes: dict, storage_gib) -> list[str]:
    """The EBS GiB per node of the pool's EC2NodeClass, as a note when it differs from what advisor prices."""
    found = classes.get((EC2_NODE_CLASS, pool.node_class[2]))
    if found is None:
        return []
    ctx, obj = found
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    mappings = spec.get("blockDeviceMappings")
    if isinstance(mappings, list) and mappings:
        total = 0.0
        for i, m in enumerate(mappings):
            ebs = m.get("ebs") if isinstance(m, dict) else None
            if isinstance(ebs, dict) and ebs.get("volumeSize") is not None:
                total += storage_gib(ebs["volumeSize"], ctx, f"spec.blockDeviceMappings[{i}].ebs.volumeSize")
        where = "its blockDeviceMappings"
    else:
        family = spec.get("amiFamily")
        if not family:
            for term in spec.get("amiSelectorTerms") or []:
                if isinstance(term, dict) and isinstance(term.get("alias"), str):
                    family = term["alias"].split("@", 1)[0]
        total = AMI_FAMILY_VOLUME_GIB.get(str(family or "").lower())
        if total is None:
            return []
        where = f"the {family} AMI family's default block devices (Karpenter docs, 'NodeClasses')"
    if abs(total - EKS_DEFAULT_VOLUME_GIB) < 1e-9:
        return []
    return [f"EC2NodeClass {pool.node_class[2]} gives each node {total:g} GiB of EBS ({where}); advisor prices "
            f"{EKS_DEFAULT_VOLUME_GIB:g} GiB per EKS node unless ec2.root_volume_gib says otherwise (one setting for "
            f"both EC2 fleets): set ec2.root_volume_gib: {total:g} to price these nodes' volumes"]


def _tail(ignored: list[str], unread: list[str]) -> str:
    out = ""
    if ignored:
        out += f"; {', '.join(ignored)} accepted and ignored (where the nodes are, their OS: no effect on the price)"
    if unread:
        out += f"; {', '.join(unread)} not modelled (advisor's catalogue does not carry these labels)"
    return out


# ------------------------------------------------------------------------------------------ EKS Auto Mode


def _auto_mode(pools: list[_Pool], classes: dict, result: ImportResult, storage_gib) -> set[str]:
    """Apply EKS Auto Mode NodePools of equal weight to ``result.eks_auto_mode`` (one custom NodePool that allows what
    any of them allows); returns the architectures it launches."""
    from advisor.sizing.nodes import instance_category_generation

    universe = _universe(result.region)
    known = sorted({instance_category_generation(t.family)[0] for t in universe})
    capacity: set[str] = set()
    categories: set[str] = set()
    arches: set[str] = set()
    generation = None
    allowed: set[str] | None = set()
    said: list[str] = []
    ignored: list[str] = []
    unread: list[str] = []
    storage = None
    for pool in pools:
        typed, cap, ign, unr = _split(pool)
        _matched(pool, typed, universe, result.region)  # an error when the requirements allow no type at all
        capacity |= {"on-demand"} if cap is None else set(cap) & {"on-demand", "spot"}
        if cap is not None and not set(cap) & {"on-demand", "spot"}:
            raise pool.ctx.error("spec.template.spec.requirements", f"NodePool {pool.name}: karpenter.sh/capacity-type "
                                 "allows neither on-demand nor spot, which EKS Auto Mode launches; the pods would stay "
                                 "Pending.")
        ignored += [x for x in ign if x not in ignored]
        unread += [x for x in unr if x not in unread]
        cats, gen, arch, types, needs_list = set(known), 1, {"amd64", "arm64"}, None, False
        for _fld, key, op, values in typed:
            what = _TYPE_LABELS.get(key.partition("/")[2]) if key.startswith("eks.amazonaws.com/") else None
            text = f"{key} {op}" + (f" {values[0]}" if op in ("Gt", "Lt") else f" [{', '.join(values)}]")
            if what == "category" and op in ("In", "NotIn"):
                cats &= {v for v in known if _meets(op, v, values)}
            elif what == "generation" and op == "Gt":
                gen = max(gen, int(values[0]) + 1)
            elif what == "generation" and op == "In" and all(v.isdigit() for v in values):
                gen = max(gen, min(int(v) for v in values))
                said.append(f"{pool.name}: {text} read as generation {min(int(v) for v in values)} or newer")
            elif key in _ARCH_KEYS and op in ("In", "NotIn"):
                arch &= {a for a in ("amd64", "arm64") if _meets(op, a, values)}
            elif (key in _TYPE_KEYS or what == "family") and op == "In":
                types = set(values) if types is None else types & set(values)
            elif op == "Exists":
                pass
            else:  # vCPUs, memory, size, NotIn on types ...: the pool's own types, listed
                needs_list = True
        if needs_list:
            types = {t.name for t in _matched(pool, typed, universe, result.region)}
            said.append(f"{pool.name}: {_rules(typed)} allow {len(types)} instance types priced in "
                        f"{result.region}: allowed_types")
        categories |= cats
        arches |= arch
        generation = gen if generation is None else min(generation, gen)
        allowed = None if allowed is None or types is None else allowed | types
        found = classes.get((AUTO_MODE_NODE_CLASS, pool.node_class[2]))
        if found is not None:
            ctx, obj = found
            spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
            eph = spec.get("ephemeralStorage") if isinstance(spec.get("ephemeralStorage"), dict) else {}
            if eph.get("size") is not None:
                size = storage_gib(eph["size"], ctx, "spec.ephemeralStorage.size")
                storage = size if storage is None else max(storage, size)
    if not categories or not arches:
        raise pools[0].ctx.error("spec.template.spec.requirements",
                                 f"NodePool {name_list([p.name for p in pools])}: the requirements allow no instance "
                                 "category or no architecture: EKS Auto Mode would launch no node.")
    am: dict[str, Any] = {"node_pool": "custom",
                          "capacity_types": [c for c in ("on-demand", "spot") if c in capacity],
                          "instance_categories": sorted(categories), "min_generation": generation,
                          "architectures": sorted(arches)}
    if allowed and len(allowed) > _MAX_ALLOWED:
        unread.append(f"its requirements allow {len(allowed)} instance types, more than the {_MAX_ALLOWED} "
                      "eks_auto_mode.allowed_types holds: the categories, generation and architectures are kept")
    elif allowed:
        am["allowed_types"] = sorted(allowed)
    if storage is not None:
        am["ephemeral_storage_gib"] = storage
    result.eks_auto_mode = am
    result.notes.append(
        f"NodePool {name_list([p.name for p in pools])} (EKS Auto Mode, NodeClass "
        f"{name_list(sorted({p.node_class[2] or '?' for p in pools}))}): eks_auto_mode is a custom NodePool with its "
        "capacity types, instance categories, lowest generation, architectures and instance types (a requirement it "
        "does not set allows any value: Karpenter docs, 'NodePools')"
        + (f"; {'; '.join(said)}" if said else "") + _tail(ignored, unread))
    return {"x86_64" if a == "amd64" else a for a in arches}
