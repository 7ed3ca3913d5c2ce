"""The EC2 fleet plan: node candidates built once, then packed fleets and lower bounds for any task counts.

Interface
---------
``fleet_planner(workload, platform, prices=None) -> FleetPlanner``
    The planner for the workload's (price book, region, platform, ``ec2`` settings, DaemonSets, architectures).
    Built once and cached on the price book: candidate node types (``Catalog.candidates``), their allocatable
    capacity (``advisor.sizing.nodes``) and On-Demand / Spot prices, with dominated types dropped (numpy, O(T^2)
    in one pass). Everything that only depends on those inputs is reused by compare, sweep, report and the API.

``planner.plan(workload, counts=None, *, time_limit_s=None, seed=0) -> FleetPlan``
    The packed fleet (exact packing, ``advisor.sizing.packing.pack``). ``counts`` maps service name -> tasks (ECS)
    or pods (EKS) to place; ``None`` means each service's ``desired_count`` (``ec2.pack_for: max``: scaling.max).
    Services not in ``counts`` place 0. EKS adds CoreDNS itself (``coredns_pods``). Deterministic for a seed (work-bounded search).
    Results are memoised per planner and item counts.

``planner.lower_bound(workload, counts=None) -> float``
    Only the assignment-LP lower bound of the fleet's cost on the packer's basis (instances; on the managed
    platforms instances, fees and volumes), USD per hour, under the same constraints (node types,
    arch, Spot tolerance, ``min_nodes``). A few milliseconds for 100 services, independent of the counts' size: for
    a sweep that asks at ~25 scale factors. ``FleetPlan.assignment_bound_per_hour`` is the same quantity for the
    plan's own counts, so ``plan.cost_per_hour / plan.assignment_bound_per_hour`` is the packing overhead to carry
    to other scale factors.

``plan_fleet(workload, platform, prices=None, *, time_limit_s=None, seed=0) -> FleetPlan``
    ``fleet_planner(...).plan(workload)``: the simple entry point.

Items: one group per Linux service, demand (vCPU, MiB, slots) = its request (a container without one counts 0)
and ``slot_demand``: a pod slot on EKS; on ECS an ENI for an awsvpc task and none for bridge/host/none tasks
(each service's ``network_mode``, else ``ec2.ecs_network_mode``). A task/pod holding static ``host_ports`` is kept
one per node (``kept_apart``, ``ItemGroup.apart``), and so are tasks/pods of *different* services that hold the same
port (``port_exclusions``, ``ItemGroup.exclusive``: a node holds at most one of them). The ECS node
slots are ENI-limited when any service runs awsvpc tasks (``ecs_node_network_mode``). A service with
``instance_types`` / ``instance_families`` / ``instance_type_pattern`` (``service_restriction``) may use only those types (``ItemGroup.allowed``;
``FleetPlanner.allowed_names``), a spot-intolerant one only On-Demand nodes.

An architecture the region's data prices but the ``ec2`` settings (or the managed platform's rules) leave no type
of is a setting, not missing data: its services are listed as not placed, the reason naming the setting
(``FleetPlanner.excluded_arches``), and the other services are packed.

Errors: ``PriceDataError`` when the region's data prices no type of a needed architecture (names the
fetch command); ``SizingError`` when a task fits no allowed node type; ``NodeConfigError`` for bad node settings.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import re
import threading
import time
from dataclasses import dataclass, field, replace

import numpy as np

from advisor import diskcache
from advisor.platforms import fee_fetch_command
from advisor.sizing.nodes import (
    DEFAULT_EKS_DAEMONSETS,
    ECS_MI_SPREAD_INSTANCES,
    MANAGED_PLATFORMS,
    UNLIMITED_SLOTS,
    DaemonSetSpec,
    ManagedNodeProfile,
    NodeCapacity,
    NodeSettings,
    check_platform,
    coredns_node_request,
    coredns_pods,
    managed_fleet_settings,
    managed_node_profile,
    node_capacity,
    node_volume_gib,
    root_volume_gib,
)
from advisor.units import HOURS_PER_MONTH, num
from advisor.workload.type_pattern import quoted

#: NodeType names for Spot capacity carry this suffix inside the packer, so that ``ItemGroup.allowed`` (which
#: matches names) can keep spot-intolerant services on On-Demand nodes. Stripped again in ``FleetPlan.fleet``.
SPOT_SUFFIX = "#spot"
#: Slots raise the LP bound by more than this share: the fleet is sized by task/pod slots, not CPU or memory.
SLOT_LIMITED_MARGIN = 0.01
#: Alternative network settings are packed exactly up to this many items; above, their LP bound is given (at that
#: size CPU/memory-bound fleets pack within a fraction of a percent of it).
ALTERNATIVE_PACK_MAX_ITEMS = 5_000
#: Fleets of more distinct task shapes (architecture, CPU, memory, slots) than this are packed once, at today's
#: counts: the slot alternatives and the sweep's other factors take the LP bound (labelled as estimates). Each pack
#: of ~100 distinct shapes costs seconds; 100 services of 100 sizes took about a minute to compare.
PACK_MAX_SHAPES = 32
#: The most distinct task shapes one fleet is packed for: the LPs grow with them (600 services of 600 sizes took
#: 36 s to compare, 2,000 more than 5 minutes). Beyond it the EC2 platforms say so instead of running on.
MAX_FLEET_SHAPES = 500
ALTERNATIVE_FULL_EFFORT_ITEMS = 1_000  # up to this many items alternatives get the full local search, ...
ALTERNATIVE_LS_ITERATIONS = 3  # ... above, this many iterations (their construction is then near the bound)
_PLAN_MEMO = 16  # packed plans kept per planner
#: The operating system of every EC2 node advisor sizes: a Windows service is not placed (``WINDOWS_REASON``), so a
#: DaemonSet held to Windows nodes (``DaemonSet.os``) has no node to run on in these fleets.
NODE_OS = "linux"
#: ECS and EKS on EC2 plan Linux nodes only. Windows AMI (Windows Server licence-included) prices can be fetched
#: ('advisor pricing fetch', 'refresh' and 'import-offer' write them to ``ec2_windows_prices``; the bundled snapshot
#: has none), but no Windows node is sized from them yet: the reason says both.
WINDOWS_REASON = ("Windows containers on EC2 need Windows nodes, which advisor does not size yet: ECS and EKS on EC2 "
                  "plan Linux nodes only (Windows AMI instance prices can be fetched into ec2_windows_prices with "
                  "'advisor pricing fetch --services AmazonEC2', but no Windows fleet is planned from them); price the "
                  "Windows nodes separately, or run the service on ECS on Fargate (Windows)")
#: The same reason ``compare`` gives when it rules the EC2 platforms out for GPU services
#: (``advisor.compare.constraints``): the catalogue's candidates leave accelerated types out.
GPU_NODES_UNSIZED = ("advisor does not size GPU nodes yet (its EC2 catalogue leaves accelerated types out); price "
                     "GPU nodes separately")
GPU_REASON = f"it needs GPUs, and {GPU_NODES_UNSIZED}"


def ec2_prices_hint(region: str) -> str:
    """The command that fills a region's EC2 On-Demand prices (table ec2_prices): 'advisor pricing fetch' (AWS's
    public price list files, no credentials), as 'advisor pricing show' gives it."""
    from advisor.pricing.book import TABLES

    return TABLES["ec2_prices"].refresh_hint.format(region=region)


#: The default exclusions ``ec2.include`` can switch on for node candidates (accelerated, Mac and HPC types are never
#: sized, ``GPU_NODES_UNSIZED``).
_INCLUDABLE = ("bare_metal", "burstable", "previous_generation")


def _other_arch(arch: str) -> str:
    return "arm64" if arch == "x86_64" else "x86_64"


def _suggest_families(families: list[str], letters: list[str]) -> list[str]:
    """Up to three plain families (letter, generation, one suffix letter: c7g, m7i) of ``families``, one per leading
    letter of ``letters`` (those of the families the workload allows), the newest generation of each."""
    out = []
    for letter in letters:
        plain = [f for f in families if f[:1] == letter and re.fullmatch(r"[a-z]\d+[a-z]?", f)]
        if plain:
            out.append(max(plain, key=lambda f: (int(re.search(r"\d+", f).group()), f)))
        if len(out) == 3:
            break
    return out


def unplaceable_reason(svc) -> str | None:
    """Why the fleet planner cannot place a service at all (Windows, GPUs), or None; such a service is listed as
    not placed and left out of the fleet, its LP bounds and its architectures."""
    if svc.peak_count == 0:  # runs no task: what it would need rules nothing out (Workload.without_idle_services)
        return None
    if svc.os == "windows":
        return WINDOWS_REASON
    if svc.gpus:
        return GPU_REASON
    return None


#: A service's own limit on the instance types it may run on: (types, families, pattern): frozensets or None (any),
#: and a regular expression the whole type name must match or None.
Restriction = tuple  # tuple[frozenset[str] | None, frozenset[str] | None, str | None]


def service_restriction(svc) -> Restriction | None:
    """The (instance types, instance families, type pattern) a service's tasks/pods may run on
    (``Service.instance_types`` / ``instance_families`` / ``instance_type_pattern``: ECS memberOf placement
    constraints, Kubernetes node selectors), or None when it may run on any candidate type."""
    types, fams = svc.instance_types, svc.instance_families
    pattern = getattr(svc, "instance_type_pattern", None)
    if not types and not fams and not pattern:
        return None
    return (frozenset(types) if types else None, frozenset(fams) if fams else None, pattern or None)


def restriction_text(r: Restriction) -> str:
    """``instance_types [a, b]`` / ``instance_families [c]`` / ``instance_type_pattern 'm5.*'``, joined, for
    messages."""
    parts = []
    if r[0] is not None:
        parts.append(f"instance_types [{', '.join(sorted(r[0]))}]")
    if r[1] is not None:
        parts.append(f"instance_families [{', '.join(sorted(r[1]))}]")
    if r[2] is not None:
        parts.append(f"instance_type_pattern {quoted(r[2])}")
    return " and ".join(parts)


def restriction_notes(workload, unsupported) -> list[str]:
    """One note per distinct ``service_restriction`` of the placed services (``unsupported``: the plan's (service,
    reason) pairs, left out): which services were packed on which types only, for an EC2 estimate's notes."""
    from advisor.units import name_list

    skipped = {name for name, _ in unsupported}
    held: dict[Restriction, list[str]] = {}
    for svc in workload.services:
        if svc.name not in skipped and (r := service_restriction(svc)) is not None:
            held.setdefault(r, []).append(svc.name)
    return [f"{name_list(names)}: packed on {'its' if len(names) == 1 else 'their'} {restriction_text(r)} only (the "
            "node types a service is held to: an ECS placement constraint, a Kubernetes node selector); the other "
            "services on any candidate type." for r, names in held.items()]


def workload_daemonsets(workload, platform: str | None = None) -> list[DaemonSetSpec]:
    """DaemonSets from the workload file (field ``daemonsets``, when the model has it), parsed to DaemonSetSpec, as
    they run on ``platform``'s nodes: an EKS add-on of the input (``eks_addon``: kube-system/aws-node, ebs-csi-node,
    ...) only where ``model.eks_addon_runs_on`` says (EKS on EC2, where vpc-cni and kube-proxy take the place of
    those defaults, ``nodes.eks_node_daemonsets``; on EKS Auto Mode those it does not run itself; ECS runs no such
    pod, ``model.EKS_ADDONS``). ``platform`` None: all of them."""
    from advisor.units import parse_cpu, parse_memory_mib
    from advisor.workload.model import eks_addon_runs_on, runs_on_platform_nodes

    out = []
    for i, d in enumerate(getattr(workload, "daemonsets", None) or []):
        get = d.get if isinstance(d, dict) else (lambda k, default=None, _d=d: getattr(_d, k, default))
        addon = get("eks_addon", None)
        if addon and platform is not None and not eks_addon_runs_on(addon, platform):
            continue
        if platform is not None and get("os", None) not in (None, NODE_OS):
            continue  # a Windows-only DaemonSet (DaemonSet.os): no node of these Linux fleets runs it (daemonsets_nowhere)
        if platform is not None and not runs_on_platform_nodes(d if not isinstance(d, dict) else
                                                               _Fields(d), platform):
            continue  # held off this platform's nodes by eks.amazonaws.com/compute-type (DaemonSet.compute_types)
        cpu = get("cpu", 0) or 0
        mem = get("memory", None) or get("memory_mib", 0) or 0
        cpu = cpu if isinstance(cpu, float) and not isinstance(d, dict) else (parse_cpu(cpu) if cpu else 0.0)
        mem = mem if isinstance(mem, float) and not isinstance(d, dict) else (parse_memory_mib(mem) if mem else 0.0)
        overhead = get("pod_overhead", None)
        if overhead is not None and platform in KUBERNETES_EC2_PLATFORMS:
            # the pod's overhead (its RuntimeClass's overhead.podFixed) is reserved beside its request on every node
            # the Kubernetes scheduler places it on (Kubernetes "Pod Overhead"; model.PodOverhead)
            oget = overhead.get if isinstance(overhead, dict) else (lambda k, _o=overhead: getattr(_o, k, None))
            ocpu, omem = oget("cpu") or 0, oget("memory") or 0
            cpu += ocpu if isinstance(ocpu, float) else (parse_cpu(ocpu) if ocpu else 0.0)
            mem += omem if isinstance(omem, float) else (parse_memory_mib(omem) if omem else 0.0)
        types, fams = get("instance_types", None), get("instance_families", None)
        out.append(DaemonSetSpec(str(get("name", f"daemonset-{i}")), float(cpu), float(mem),
                                 bool(get("host_network", False)), addon or None, get("architecture", None) or None,
                                 frozenset(types) if types else None, frozenset(fams) if fams else None,
                                 get("instance_type_pattern", None) or None))
    return out


class _Fields:
    """A DaemonSet given as a mapping, read by attribute (``model.node_type_selected`` reads attributes)."""

    def __init__(self, d: dict):
        self._d = d

    def __getattr__(self, name: str):
        return self._d.get(name)


def daemonsets_nowhere(workload, platform: str, node_arches, node_types=None) -> list:
    """The workload's DaemonSets that ``platform``'s nodes would run (``eks_addon_runs_on``) but that match no node of
    its fleet, whose nodes run Linux (``NODE_OS``) on the architectures ``node_arches`` and, when given, are of the
    instance types ``node_types``: a ``windows`` one, one held to an architecture the fleet has no node of, one held
    off the platform's nodes by eks.amazonaws.com/compute-type (``runs_on_platform_nodes``), or one held to instance
    types the fleet has none of (``node_type_selected``). Kubernetes runs a DaemonSet's pods only on the nodes its
    node selector matches ("DaemonSet", Running Pods on select Nodes), so these are reserved on no node. The
    DaemonSets themselves, not their names: two may share a name (kube-system/aws-node and an arm64-only aws-node
    elsewhere)."""
    from advisor.workload.model import eks_addon_runs_on, node_type_selected, runs_on_platform_nodes

    return [d for d in getattr(workload, "daemonsets", None) or []
            if eks_addon_runs_on(d.eks_addon, platform)
            and (d.os not in (None, NODE_OS) or d.architecture not in (None, *node_arches)
                 or not runs_on_platform_nodes(d, platform)
                 or (node_types is not None and d.held_to_types
                     and not any(node_type_selected(d, t) for t in node_types)))]


def _held_text(d, architecture: bool = True) -> str:
    """What a DaemonSet's node selector holds it to, for the notes: ``windows, arm64``, ``instance_types
    [m5.large]`` ... (without its architecture when ``architecture`` is false)."""
    parts = [x for x in (d.os, d.architecture if architecture else None) if x]
    if d.instance_types:
        parts.append(f"instance_types [{', '.join(d.instance_types)}]")
    if d.instance_families:
        parts.append(f"instance_families [{', '.join(d.instance_families)}]")
    if d.instance_type_pattern:
        parts.append(f"instance_type_pattern {quoted(d.instance_type_pattern)}")
    if d.compute_types is not None:
        parts.append(f"compute_types [{', '.join(d.compute_types)}]")
    return ", ".join(parts)


def daemonset_selector_note(workload, platform: str, node_arches, node_types=None) -> str | None:
    """The EC2 estimates' note on DaemonSets held to an OS, architecture, instance types or compute type
    (``DaemonSet.os`` / ``architecture`` / ``instance_types`` / ``instance_families`` / ``instance_type_pattern`` /
    ``compute_types``): which are reserved on which nodes only, and which on none (``daemonsets_nowhere``); None when
    there are none."""
    from advisor.units import name_list
    from advisor.workload.model import eks_addon_runs_on, node_type_selected

    held = [d for d in getattr(workload, "daemonsets", None) or []
            if eks_addon_runs_on(d.eks_addon, platform)
            and (d.os or d.architecture or d.held_to_types or d.compute_types is not None)]
    if not held:
        return None
    nowhere = {id(d) for d in daemonsets_nowhere(workload, platform, node_arches, node_types)}
    parts = []
    for d in held:
        if id(d) in nowhere:
            continue
        arch = f"{d.architecture} " if d.architecture else ""
        if d.held_to_types:
            on = sorted(t for t in node_types if node_type_selected(d, t)) if node_types is not None else []
            parts.append(f"{d.name} on {arch}{name_list(on)} nodes only" if on else
                         f"{d.name} on {arch}nodes of its {_held_text(d, architecture=False)} only")
        elif arch:
            parts.append(f"{d.name} on {arch}nodes only")
        else:
            parts.append(f"{d.name} on every node (all Linux" + (f"; eks.amazonaws.com/compute-type "
                                                                   f"{NODE_COMPUTE_TYPE_TEXT.get(platform, '')})"
                                                                   if d.compute_types is not None else ")"))
    parts += [f"{d.name} ({_held_text(d)}) on no node" for d in held
              if id(d) in nowhere]
    if nowhere:
        gone = [d for d in held if id(d) in nowhere]
        # what the fleet's nodes are, by what the DaemonSets reserved nowhere are held to (an instance-type rule
        # is answered by the node types, a Windows one by the OS, an architecture by the architectures)
        said = [f"{name_list(sorted(node_types))}" if node_types and any(d.held_to_types for d in gone) else "",
                "Linux (advisor's EC2 nodes run no Windows)" if any(d.os not in (None, NODE_OS) for d in gone)
                else "", f"{name_list(sorted(node_arches)) or 'no architecture'}"
                if any(d.architecture for d in gone) else "",
                f"eks.amazonaws.com/compute-type {NODE_COMPUTE_TYPE_TEXT.get(platform, '')}"
                if any(d.compute_types is not None for d in gone) else ""]
        parts[-1] += ": this fleet's nodes: " + "; ".join(x for x in said if x)
    labels = ("kubernetes.io/os, kubernetes.io/arch, node.kubernetes.io/instance-type, an instance family or "
              "eks.amazonaws.com/compute-type: DaemonSet.os / architecture / instance_types / instance_families / "
              "instance_type_pattern / compute_types" if any(d.held_to_types or d.compute_types is not None
                                                             for d in held)
              else "kubernetes.io/os or kubernetes.io/arch: DaemonSet.os / architecture")
    return (f"DaemonSets with a node selector ({labels}) are reserved only on the nodes they select (Kubernetes "
            "'DaemonSet', Running Pods on select Nodes): " + "; ".join(parts) + ".")


#: How each platform's nodes carry eks.amazonaws.com/compute-type (``model.NODE_COMPUTE_TYPE``), for the notes.
NODE_COMPUTE_TYPE_TEXT = {"eks-auto-mode": "auto", "eks-ec2": "absent (node group nodes)",
                          "ecs-ec2": "absent (ECS instances)", "ecs-managed-instances": "absent (ECS instances)"}


def daemonset_labels_note(workload, platform: str) -> str | None:
    """The EC2 estimates' note on DaemonSets whose node selector requires labels advisor cannot evaluate
    (``DaemonSet.node_labels``: custom labels, karpenter.sh/capacity-type): reserved on every node, the safe and
    dearer assumption, and how to make it exact. None when there are none."""
    from advisor.workload.model import eks_addon_runs_on

    held = [d for d in getattr(workload, "daemonsets", None) or []
            if d.node_labels and eks_addon_runs_on(d.eks_addon, platform)]
    if not held:
        return None
    parts = [f"{d.name} ({'; '.join(d.node_labels)})" for d in held]
    return ("DaemonSets whose node selector requires node labels advisor cannot evaluate are reserved on every node "
            "they may run on (the safe, dearer assumption; Kubernetes 'DaemonSet', Running Pods on select Nodes): "
            + "; ".join(parts) + ". To reserve one on the nodes it selects only, give it instance_types, "
            "instance_families or instance_type_pattern in the workload file (daemonsets).")


@dataclass
class FleetPlan:
    """The packed fleet for a workload on ECS/EKS on EC2, with everything needed to price and explain it.

    Fields for the estimator (besides ``fleet``, ``node_count`` and ``result``):

    - ``root_volume_gib``: root volume per node (the AMI default of the platform unless ``ec2.root_volume_gib``).
    - ``slot_limited``: task/pod slots (ECS awsvpc ENIs, EKS max pods), not CPU or memory, size the fleet: the LP
      bound with unlimited slots is more than 1% lower. ``slot_name`` says which slots.
    - ``alternatives``: when ``slot_limited``, what the same workload costs per hour with the settings that lift the
      limit: ECS awsvpc ``awsvpc_trunking`` (unless on) and ``bridge``; EKS ``prefix_delegation`` (unless on). Each
      ``{"setting", "label", "instance_usd_per_hour", "nodes", "lower_bound_usd_per_hour", "exact"}``; ``exact``
      False means ``instance_usd_per_hour`` is the LP bound (fleets over ``ALTERNATIVE_PACK_MAX_ITEMS`` items or
      ``PACK_MAX_SHAPES`` distinct task shapes).
    - ``assignment_bound_per_hour``: the assignment-LP bound (the quantity ``FleetPlanner.lower_bound`` returns);
      ``result.lower_bound_per_hour`` may be higher (the configuration LP) and is what ``gap`` uses.
    - ``fees`` / ``fee_missing`` (ECS Managed Instances, EKS Auto Mode): the management fee Rate per instance type.
    - ``volumes`` (ECS Managed Instances, EKS Auto Mode): instance_type -> USD per hour of the gp3 volume one node of
      it carries (``node_volume_gib`` x the region's gp3 rate / ``units.HOURS_PER_MONTH``; EKS Auto Mode's is smaller on types with larger
      local NVMe; ECS Managed Instances' is 0 on types with instance store under ``use_local_storage``). The packer's price of a type on these platforms is everything billed per node of it: instance
      price + fee + volume, so ``fleet`` rows' ``usd_per_hour``, ``result.cost_per_hour``, the bounds and the gap are
      all on that basis; ``rates`` hold the instance prices alone.
    """

    platform: str
    region: str
    result: object | None  # packing.PackResult
    capacities: dict[str, NodeCapacity]
    rates: dict[tuple[str, str], object]  # (instance_type, purchase) -> Rate
    spot: dict[str, object]  # instance_type -> SpotEstimate
    unsupported: list[tuple[str, str]]
    notes: list[str]
    groups: list = field(default_factory=list)
    candidate_count: int = 0
    root_volume_gib: float = 0.0
    settings: NodeSettings | None = None
    assignment_bound_per_hour: float | None = None
    slot_limited: bool = False
    slot_name: str = ""
    alternatives: list[dict] = field(default_factory=list)
    #: managed-instance platforms: instance_type -> management fee Rate (the packer minimised instance + fee), and
    #: whether the data has no fee for the region at all (the fleet was then packed at EC2 prices only)
    fees: dict[str, object] = field(default_factory=dict)
    fee_missing: bool = False
    #: managed-instance platforms: instance_type -> USD per node-hour of its volume (part of the packer's price)
    volumes: dict[str, float] = field(default_factory=dict)
    #: the as_of dates of every candidate's prices and fees (``rates`` may hold only the types kept after pruning)
    rate_dates: tuple[str, ...] = ()

    @property
    def fleet(self) -> list[dict]:
        if self.result is None:
            return []
        rows = []
        for r in self.result.fleet:
            name = r["instance_type"].removesuffix(SPOT_SUFFIX)
            cap = self.capacities[name]
            row = {"instance_type": name, "purchase": r["purchase"], "arch": r.get("arch", cap.arch),
                   "count": int(r["count"]), "usd_per_hour": float(r["usd_per_hour"]),
                   "vcpu": cap.vcpu, "memory_mib": cap.memory_mib}
            if name in self.volumes:
                row["volume_usd_per_hour"] = self.volumes[name]
            if r["purchase"] == "spot" and name in self.spot:
                row["interruption"] = self.spot[name].interruption
                row["price_is_estimate"] = True
            rows.append(row)
        return sorted(rows, key=lambda x: (x["arch"], x["instance_type"], x["purchase"]))

    @property
    def node_count(self) -> int:
        return sum(r["count"] for r in self.fleet)

    def to_dict(self, monthly_hours: float) -> dict:
        res = self.result
        return {
            "platform": self.platform,
            "region": self.region,
            "fleet": self.fleet,
            "nodes": self.node_count,
            "cost_per_hour": res.cost_per_hour if res else None,
            "lower_bound_per_hour": res.lower_bound_per_hour if res else None,
            "monthly_cost": res.cost_per_hour * monthly_hours if res else None,
            "lower_bound_monthly": res.lower_bound_per_hour * monthly_hours if res else None,
            "gap": res.gap if res else None,
            "utilisation": res.utilisation if res else {},
            "algorithm": res.algorithm if res else None,
            "candidate_types": self.candidate_count,
            "root_volume_gib": self.root_volume_gib,
            "vm_memory_overhead_percent": self.settings.vm_memory_overhead_percent if self.settings else None,
            "slot_limited": self.slot_limited,
            "slot_name": self.slot_name,
            "alternatives": [dict(a, monthly_cost=a["instance_usd_per_hour"] * monthly_hours) for a in self.alternatives],
            "unsupported": [{"service": s, "reason": r} for s, r in self.unsupported],
            "notes": list(self.notes) + (list(res.notes) if res else []),
        }


def _prune_dominated(entries: list, pools: list[list[int]] | None = None) -> list:
    """Drop node types another type of the same arch and purchase beats: >= capacity in every dimension and <=
    price, strictly better somewhere (exact ties: the smaller name stays). Packing never needs a dominated type;
    this keeps the LP small. ``entries`` are ``packing.NodeType``; order is kept. Vectorised: one (n, n) mask per
    (arch, purchase) group.

    ``pools``: lists of entry indices that are pruned each on its own (a type is kept when no type *of its pool*
    dominates it in at least one of its pools): the types every service may use, and those a service restricted to
    some instance types or families may use (``service_restriction``), which another type it may not use must not
    push out. None: one pool of every entry."""
    keep = np.zeros(len(entries), dtype=bool)
    groups: dict[tuple, list[int]] = {}
    for p, pool in enumerate(pools if pools is not None else [range(len(entries))]):
        for i in pool:
            nt = entries[i]
            groups.setdefault((p, nt.arch, nt.purchase), []).append(i)
    for idx in groups.values():
        cap = np.array([entries[i].capacity for i in idx], dtype=float)
        price = np.array([entries[i].usd_per_hour for i in idx], dtype=float)
        rank = np.argsort(np.argsort(np.array([entries[i].name for i in idx], dtype=object), kind="stable"),
                          kind="stable")
        dominates = price[:, None] <= price[None, :] + 1e-12                    # [i, j]: i costs no more than j
        strictly = price[:, None] < price[None, :] - 1e-12
        for d in range(cap.shape[1]):                                              # ... and holds at least as much
            col = cap[:, d]
            dominates &= col[:, None] >= col[None, :] - 1e-9
            strictly |= col[:, None] > col[None, :] + 1e-9
        dominates &= strictly | (rank[:, None] < rank[None, :])
        np.fill_diagonal(dominates, False)
        keep[np.asarray(idx)[~dominates.any(axis=0)]] = True
    return [e for e, k in zip(entries, keep) if k]


def task_network_mode(svc, default_mode: str) -> str:
    """The ECS network mode a service's tasks use: its own ``network_mode``, else ``ec2.ecs_network_mode``."""
    return svc.network_mode or default_mode


def ecs_node_network_mode(workload) -> str:
    """The network mode that sets the per-instance task limit of an ECS fleet: ``awsvpc`` (ENIs - 1, or the trunking
    table) when any Linux service runs awsvpc tasks, else the mode the tasks use (bridge, host: no limit from the
    network). Per service, an awsvpc task takes one slot and a bridge/host/none task none (``slot_demand``).

    Amazon ECS Developer Guide, "Amazon ECS task networking options for the EC2 launch type": only awsvpc gives each
    task its own ENI; bridge and host tasks share the instance's network.
    """
    facts = _workload_facts(workload)
    if "node_network_mode" not in facts:
        default = workload.ec2.ecs_network_mode
        modes = {task_network_mode(s, default) for s in workload.services if s.os != "windows"}
        if not modes or "awsvpc" in modes:
            facts["node_network_mode"] = "awsvpc" if modes else default
        else:
            facts["node_network_mode"] = "host" if modes == {"host"} else "bridge"
    return facts["node_network_mode"]


#: [(workload, {fact: value})] of the last workloads asked about, newest last: what ``fleet_planner`` and the planners
#: read of every service that does not depend on the platform (the architectures, restrictions and ECS node network
#: mode), worked out once for a compare's planner look-ups (each a pass over 10,000 services). Kept per workload
#: object, as the planners keep their own per-workload memos (a compare asks about the workload and the managed
#: platforms' planning workloads).
_LAST_WORKLOADS: list = []
_LAST_WORKLOADS_KEPT = 4


def _workload_facts(workload) -> dict:
    for held in reversed(_LAST_WORKLOADS):
        if held[0] is workload:
            return held[1]
    facts: dict = {}
    _LAST_WORKLOADS[:] = _LAST_WORKLOADS[-(_LAST_WORKLOADS_KEPT - 1):] + [(workload, facts)]
    return facts


def slot_demand(svc, platform: str, default_mode: str) -> float:
    """Slots one task/pod of ``svc`` takes on a node.

    EKS: one pod slot (max pods), whatever its request. ECS: one ENI slot for an awsvpc task; none for bridge, host
    and none tasks. Static host ports are not slots: the packing keeps the tasks/pods that hold them apart
    (``kept_apart``, ``port_exclusions``).
    """
    if platform != "ecs-ec2":
        return 1.0
    return 1.0 if task_network_mode(svc, default_mode) == "awsvpc" else 0.0


#: The EC2 platforms whose pods the Kubernetes scheduler places: a static host port keeps two pods off one node there.
KUBERNETES_EC2_PLATFORMS = ("eks-ec2", "eks-auto-mode")

#: The EC2-backed ECS platforms: a task in bridge or host mode holds its static host ports on its instance.
ECS_EC2_PLATFORMS = ("ecs-ec2", "ecs-managed-instances")


def ecs_default_mode(workload, platform: str, settings=None) -> str:
    """The network mode of a task without ``network_mode`` on an ECS platform. ECS Managed Instances:
    ``ecs_managed_instances.network_mode`` (awsvpc or host, the modes it runs: Amazon ECS Developer Guide, "Amazon ECS
    task networking for Amazon ECS Managed Instances"), as its planner's settings hold it. ECS on EC2:
    ``ec2.ecs_network_mode`` -- not the instance-level mode the planner's settings hold (``ecs_node_network_mode``:
    awsvpc as soon as one task is, for the ENI limit), unless the settings are another mode altogether (the planner
    that prices "what bridge mode would cost"), whose tasks then use it."""
    if platform == "ecs-managed-instances":
        return settings.ecs_network_mode if settings is not None else workload.ecs_managed_instances.network_mode
    own = workload.ec2.ecs_network_mode
    if settings is not None and settings.ecs_network_mode != ecs_node_network_mode(workload):
        return settings.ecs_network_mode
    return own


def held_ports(svc, platform: str | None, default_mode: str | None = None) -> list:
    """The static host ports one task/pod of ``svc`` holds on its node or instance on ``platform`` (entries of
    ``Service.host_ports``; ``port_key`` gives their (address, protocol, port)).

    EKS on EC2 and EKS Auto Mode: ``Service.node_host_ports`` (a pod's hostPorts). The Kubernetes scheduler counts
    the ports of a pod's containers and of its init containers with restartPolicy Always, each with its hostIP and
    protocol (``GetHostPorts``, kubernetes/kubernetes pkg/scheduler/util/utils.go: "the used host ports of pod
    containers and initContainers with restartPolicy: Always", which the NodePorts filter,
    pkg/scheduler/framework/plugins/nodeports/node_ports.go, checks with ``HostPortInfo.CheckConflict`` of
    kubernetes/kube-scheduler framework/types.go at e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09, published from
    kubernetes/kubernetes af7eeeb20678d1d817b41cb5f08a773a96cb2e97).

    ECS on EC2 and ECS Managed Instances: ``host_ports`` of a task in bridge or host mode (``task_network_mode`` with
    ``default_mode``): "A port number on a host can't be used by multiple tasks" (Amazon ECS Developer Guide, "Amazon
    ECS task networking options for the EC2 launch type"); Managed Instances in host mode: "You can't run more than a
    single instantiation of a task on each host. This is because only the first task can bind to its required port"
    (Amazon ECS Developer Guide, "Host network mode", Managed Instances). An awsvpc task serves its ports on its own
    ENI and holds none; a none-mode task has no port mappings."""
    if not svc.host_ports:  # no port at all, on any platform (the common case: every fleet asks of every service)
        return []
    if platform in KUBERNETES_EC2_PLATFORMS:
        return svc.node_host_ports
    if platform in ECS_EC2_PLATFORMS and svc.host_ports:
        mode = task_network_mode(svc, default_mode or "awsvpc")
        return list(svc.host_ports) if mode in ("bridge", "host") else []
    return []


def daemonset_port_reason(svc, workload, platform: str | None) -> str | None:
    """Why no node of a Kubernetes EC2 fleet (EKS on EC2, EKS Auto Mode) can take a pod of ``svc``: a host port it
    holds (``held_ports``) conflicts (``ports_conflict``) with one a DaemonSet of the workload holds, and a DaemonSet
    runs a pod on every node, so every node already has that port taken. The Kubernetes scheduler's NodePorts filter
    refuses such a node ("node(s) didn't have free ports for the requested pod ports",
    pkg/scheduler/framework/plugins/nodeports/node_ports.go, ``HostPortInfo.CheckConflict`` of kubernetes/kube-scheduler
    framework/types.go at e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09), and the pod stays Pending. None when there is no
    such conflict, or on another platform."""
    from advisor.workload.model import (
        HostPort,
        eks_addon_runs_on,
        node_type_selected,
        port_key,
        ports_conflict,
        runs_on_platform_nodes,
    )

    if platform not in KUBERNETES_EC2_PLATFORMS or not getattr(workload, "daemonsets", None):
        return None
    held = held_ports(svc, platform)
    if not held:
        return None
    for d in workload.daemonsets:
        if platform is not None and not eks_addon_runs_on(getattr(d, "eks_addon", None), platform):
            continue  # an EKS add-on this platform's nodes do not run (DaemonSet.eks_addon, EKS_ADDONS)
        if getattr(d, "os", None) not in (None, NODE_OS) or getattr(d, "architecture", None) not in (
                None, svc.architecture):
            continue  # its pods are not on the service's nodes (DaemonSet.os / architecture)
        if not runs_on_platform_nodes(d, platform):
            continue  # held off this platform's nodes (DaemonSet.compute_types)
        if getattr(d, "held_to_types", False) and not (svc.instance_types and all(
                node_type_selected(d, t) for t in svc.instance_types)):
            continue  # on some instance types only: the scheduler can put the service's pods on the others
        for theirs in getattr(d, "host_ports", None) or []:
            mine = next((p for p in held if ports_conflict(port_key(p), port_key(theirs))), None)
            if mine is not None:
                shown = str(HostPort(**mine) if isinstance(mine, dict) else mine)
                return (f"its pods hold host port {shown}, which DaemonSet {d.name} holds on every node "
                        f"({'hostNetwork, containerPort' if getattr(d, 'host_network', False) else 'hostPort'} "
                        f"{HostPort(**theirs) if isinstance(theirs, dict) else theirs}): the Kubernetes scheduler's "
                        "NodePorts filter finds no node with the port free ('node(s) didn't have free ports for the "
                        "requested pod ports'), so they would stay Pending; give one of them another port, or keep "
                        "the DaemonSet off the service's nodes (a nodeSelector or node affinity)")
    return None


def kept_apart(svc, platform: str | None, default_mode: str | None = None) -> bool:
    """Whether the packing keeps a service's tasks/pods on different nodes (``ItemGroup.apart``): ``one_per_node``,
    or a task/pod that holds a static host port on the platform (``held_ports``; ``default_mode``: the ECS network
    mode of a task without its own, ``ecs_default_mode``). Two replicas of a service hold the same ports, and a port
    serves one task/pod per node: the Kubernetes scheduler's NodePorts filter ("node(s) didn't have free ports for
    the requested pod ports"; "each <hostIP, hostPort, protocol> combination must be unique", Kubernetes
    "Configuration Best Practices"), ECS ("A port number on a host can't be used by multiple tasks"). Tasks/pods of
    *different* services that hold the same port are kept apart too, by ``port_exclusions`` (``ItemGroup.exclusive``)."""
    return bool(svc.one_per_node or (svc.host_ports and held_ports(svc, platform, default_mode)))


def host_port_conflicts(workload, pack_for: str, left_out=(), platform: str = "eks-ec2",
                        default_mode: str | None = None) -> list[tuple[str, int, list[str]]]:
    """(port, the fewest nodes, services) for each host port that tasks/pods of more than one service hold on
    ``platform`` (``held_ports``; Linux services the fleet places, not those ``left_out``). Two holders conflict when
    protocol and port are the same and their addresses overlap (``ports_conflict``: 53/TCP and 53/UDP do not; 0.0.0.0
    overlaps every address), so the tasks/pods on every address and those of the busiest single address each need a
    node of their own: at least the sum of their ``service_count``, as the packing keeps them (``port_exclusions``).
    Sorted by the nodes needed, most first."""
    from advisor.workload.model import ANY_HOST_IP, port_key

    if platform in ECS_EC2_PLATFORMS and default_mode is None:
        default_mode = ecs_default_mode(workload, platform)
    skip = set(left_out)
    # (protocol, port) -> address -> {service name: (tasks/pods, the entry as written)}
    holders: dict[tuple[str, int], dict[str, dict[str, tuple[int, object]]]] = {}
    for s in workload.services:
        if unplaceable_reason(s) or s.name in skip:
            continue
        for entry in held_ports(s, platform, default_mode):
            ip, proto, port = port_key(entry)
            holders.setdefault((proto, port), {}).setdefault(ip, {})[s.name] = (service_count(s, pack_for), entry)
    out = []
    for (proto, _port), by_ip in holders.items():
        every = by_ip.get(ANY_HOST_IP, {})
        one_ip = max((v for ip, v in by_ip.items() if ip != ANY_HOST_IP),
                     key=lambda v: sum(n for n, _ in v.values()), default={})
        names = list(every) + [n for n in one_ip if n not in every]
        if len(names) > 1:
            need = sum(n for n, _ in every.values()) + sum(n for n, _ in one_ip.values())
            shown = str(next(iter({**every, **one_ip}.values()))[1])
            out.append((shown if proto == "TCP" or "/" in shown else f"{shown}/{proto}", need, names))
    return sorted(out, key=lambda t: (-t[1], t[0]))


def port_exclusions(services, platform: str, default_mode: str | None = None) -> dict[str, frozenset[str]]:
    """Service name -> the host ports its tasks/pods hold that tasks/pods of *another* of ``services`` (those the
    fleet places) hold too, as the keys the packer keeps one holder of per node (``ItemGroup.exclusive``); a service
    that shares no port with another is not listed (``kept_apart`` keeps its own tasks/pods apart).

    A port on a node or instance serves one task/pod: the Kubernetes scheduler's NodePorts filter
    (pkg/scheduler/framework/plugins/nodeports/node_ports.go: "node(s) didn't have free ports for the requested pod
    ports") refuses a node where ``HostPortInfo.CheckConflict`` (kubernetes/kube-scheduler framework/types.go at
    e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09) finds the pod's (protocol, port) on an overlapping address; ECS: "A
    port number on a host can't be used by multiple tasks" (Amazon ECS Developer Guide, "Amazon ECS task networking
    options for the EC2 launch type"), TCP and UDP ports being separate resources of an instance (PORTS, PORTS_UDP,
    Amazon ECS API Reference, Resource). Addresses (``ports_conflict``): a port on every address (0.0.0.0) conflicts
    with the same protocol and port on any address, one on an address only with that address's and 0.0.0.0's. So a
    (protocol, port) gives one key per address named with it (its holders and those on every address), or one key
    for every address when none is named: at most one holder of each key per node is exactly CheckConflict's rule."""
    from advisor.workload.model import ANY_HOST_IP, port_key

    # (protocol, port) -> address -> names of the services holding it there
    holders: dict[tuple[str, int], dict[str, set[str]]] = {}
    for s in services:
        for entry in held_ports(s, platform, default_mode):
            ip, proto, port = port_key(entry)
            holders.setdefault((proto, port), {}).setdefault(ip, set()).add(s.name)
    out: dict[str, set[str]] = {}
    for (proto, port), by_ip in holders.items():
        every = by_ip.get(ANY_HOST_IP, set())
        named = [ip for ip in by_ip if ip != ANY_HOST_IP]
        for ip, names in ([(ip, every | by_ip[ip]) for ip in sorted(named)] if named else [(ANY_HOST_IP, every)]):
            if len(names) > 1:
                key = f"{port}/{proto}@{ip}"
                for n in names:
                    out.setdefault(n, set()).add(key)
    return {n: frozenset(k) for n, k in out.items()}


def one_per_node_nodes(workload, pack_for: str, left_out=(), platform: str | None = None,
                       default_mode: str | None = None) -> tuple[int, list[str]]:
    """(the fewest nodes the services kept apart need, those services): the most tasks/pods (``service_count``) one
    such service (``kept_apart``: ``one_per_node``, or a task/pod holding a static host port) runs, as each needs a
    node of its own -- Kubernetes "Assigning Pods to
    Nodes", inter-pod anti-affinity: with ``requiredDuringSchedulingIgnoredDuringExecution`` on topology key
    ``kubernetes.io/hostname`` against its own pods, no two replicas share a node; ECS: the ``distinctInstance``
    placement constraint ("Use distinctInstance to ensure that each task in a particular group is running on a
    different container instance", Amazon ECS API Reference, PlacementConstraint). The packer keeps such a service's
    replicas on different nodes (``ItemGroup.apart``), so a fleet has at least this many (``FleetPlanner.min_nodes_for``
    counts the same for a fleet's own services). Tasks/pods of different services that hold the same host port each
    need a node too (``host_port_conflicts``; the packer keeps them apart, ``port_exclusions``): their sum counts when
    it is more. Windows and GPU services are not placed, and the services named in ``left_out`` (a platform cannot run
    them) are not packed: neither is counted."""
    if platform in ECS_EC2_PLATFORMS and default_mode is None:
        default_mode = ecs_default_mode(workload, platform)
    skip = set(left_out)
    names = [s.name for s in workload.services
             if kept_apart(s, platform, default_mode) and not unplaceable_reason(s) and s.name not in skip]
    by_name = {s.name: s for s in workload.services}
    need = max((service_count(by_name[n], pack_for) for n in names), default=0)
    if platform in KUBERNETES_EC2_PLATFORMS + ECS_EC2_PLATFORMS and names:
        need = max([need] + [k for _, k, _ in host_port_conflicts(workload, pack_for, left_out, platform, default_mode)])
    return need, names


def service_count(svc, pack_for: str) -> int:
    """Tasks/pods to pack for a service: ceil(scaling.average) (or replicas), or scaling.max with pack_for=max."""
    if pack_for == "max" and svc.scaling is not None:
        return int(svc.scaling.max)
    return int(svc.desired_count)


#: How hard the packer searches: (time limit in seconds or None, local-search iterations or None for the packer's
#: work-bounded default). Kept for callers that lowered the effort for sweeps; the default is deterministic.
PACK_EFFORT: contextvars.ContextVar[tuple[float | None, int | None]] = contextvars.ContextVar(
    "PACK_EFFORT", default=(None, None))


@contextlib.contextmanager
def packing_effort(time_limit_s: float | None, max_iterations: int | None):
    """Temporarily change how hard ``plan_fleet`` lets the packer search."""
    token = PACK_EFFORT.set((time_limit_s, max_iterations))
    try:
        yield
    finally:
        PACK_EFFORT.reset(token)


class FleetPlanner:
    """Node candidates for one (price book, region, platform, ec2 settings, DaemonSets, architectures, service
    restrictions).

    Build with ``fleet_planner(workload, platform, prices)`` (cached). See the module docstring for the interface.

    ``restrictions``: the distinct ``service_restriction`` of the workload's services. Each adds the candidate types
    it names (named types bypass the default exclusions, as ``ec2.allowed_types`` does; families do not) within the
    ``ec2`` selection and the managed profile, and its services are packed on those only (``ItemGroup.allowed``);
    the other services keep the types the ``ec2`` settings give.
    """

    def __init__(self, prices, region: str, platform: str, cfg, daemonsets: tuple[DaemonSetSpec, ...],
                 arches: frozenset[str], profile: ManagedNodeProfile | None = None,
                 restrictions: tuple[Restriction, ...] = ()):
        from advisor.pricing.catalog import Catalog

        self.prices, self.region, self.platform, self.cfg, self.arches = prices, region, platform, cfg, arches
        self.profile = profile
        self.restrictions = restrictions
        self._restricted: dict[Restriction, frozenset[str]] = {}  # restriction -> base type names it may use
        self._global_names: frozenset[str] | None = None  # base names every service may use; None: all of them
        self._allowed_memo: dict[tuple, frozenset[str]] = {}
        self._apart_memo: tuple | None = None  # (workload, its placeable one_per_node services) for min_nodes_for
        self._mode_memo: tuple | None = None  # (workload, the network mode of its tasks without one) for _task_mode
        self._port_memo: tuple | None = None  # (workload, ``port_exclusions``, the services holding each key)
        self._oversize_memo: tuple | None = None  # (workload, {service: _oversize_reason}) for the last workload
        self._reason_memo: tuple | None = None  # (workload, {id(service): (service, _reason)}) for the last workload
        self.fees: dict[str, object] = {}
        self.fee_missing = False
        #: managed platforms: base type name -> USD per node-hour of its volume, part of the packer's price
        #: (``_volume_usd``); empty on ECS/EKS on EC2, whose root volume is the same on every type
        self.volume_usd: dict[str, float] = {}
        self._gp3 = False  # the region's gp3 Rate, or None when the data has none (looked up once)
        #: architecture -> why the ec2 settings (or the managed platform's rules) leave no type of it, although the
        #: catalogue prices some in the region: its services cannot run on this fleet (``_reason``)
        self.excluded_arches: dict[str, str] = {}
        self.daemonsets = daemonsets
        self.settings = NodeSettings.from_ec2(cfg, daemonsets)
        self.root_volume_gib = root_volume_gib(platform, cfg.root_volume_gib)
        self.notes: list[str] = []
        self._memo: dict[tuple, FleetPlan] = {}
        self._prepacked: dict[tuple, object] = {}  # plan key -> PackResult packed by plan_many, used once by plan
        self.pack_seconds = 0.0  # how long the last packing of plan() took (a fleet read from the cache: ~0)
        cat = Catalog.of(prices)
        self.capacities: dict[str, NodeCapacity] = {}
        self.rates: dict[tuple[str, str], object] = {}
        self.spot: dict[str, object] = {}
        self.rate_dates: tuple[str, ...] = ()  # as_of of every candidate's prices (and fees), for the notes
        key = _disk_key(prices, region, platform, cfg, daemonsets, arches, profile, restrictions)
        if not (key and self._restore(diskcache.load("node-types", key), cat)):
            self._build(cat)
            if key:
                diskcache.store("node-types", key, self._record())
        self.on_demand_names = frozenset(nt.name for nt in self.node_types if nt.purchase == "on_demand")
        self.notes.append(
            f"{len(self.node_types)} node type/purchase options considered after dropping dominated ones "
            f"(from {self.candidate_count} priced candidates in {region})."
        )
        self._unlimited = None  # the same node types with unlimited slots (for the slot-limited test)
        self._bounds: dict[tuple, object] = {}  # (service shapes, today's counts) -> packing.BoundModel
        self._bounds_lock = threading.Lock()
        self._shape_memo = self._demand_memo = None  # (workload, ...) for the last workload asked about

    def _build(self, cat) -> None:
        """Candidates, their capacity and prices, dominated types dropped (see the class docstring)."""
        from advisor.errors import PriceDataError, SizingError
        from advisor.pricing.catalog import interruption_rank
        from advisor.sizing import packing

        cands, cnotes = cat.candidates(self.region, allowed_families=self.cfg.allowed_families,
                                       allowed_types=self.cfg.allowed_types, include=self.cfg.include)
        self.notes += cnotes
        cands = [t for t in cands if t.arch in self.arches]
        if self.profile is not None:
            cands = self._managed_candidates(cands, self.profile)
        global_names = {t.name for t in cands}
        for r in self.restrictions:
            own = self._restriction_candidates(cat, r)
            self._restricted[r] = frozenset(t.name for t in own)
            cands += [t for t in own if t.name not in global_names and all(t.name != c.name for c in cands)]
        entries = []
        worst = interruption_rank(self.cfg.max_interruption)
        no_room: dict[str, list[NodeCapacity]] = {}  # arch -> candidates the reservations leave no room on
        for t in cands:
            cap = node_capacity(t, self.platform, self.settings)
            if min(cap.packable) <= 0:
                no_room.setdefault(t.arch, []).append(cap)
                continue
            od = cat.on_demand(t.name, self.region)
            # managed platforms: instance + fee + the node's volume (``_volume_usd``)
            fee = (self.fees[t.name].usd if t.name in self.fees else 0.0) + self._volume_usd(t)
            self.capacities[t.name] = cap
            self.rates[(t.name, "on_demand")] = od
            entries.append(packing.NodeType(t.name, t.arch, cap.packable, od.usd + fee, "on_demand"))
            if self.cfg.spot and t.spot_supported:
                try:
                    est = cat.spot(t.name, self.region)
                except PriceDataError:
                    continue
                if interruption_rank(est.interruption) > worst or est.rate.usd <= 0:
                    continue
                self.spot[t.name] = est
                self.rates[(t.name, "spot")] = est.rate
                entries.append(packing.NodeType(t.name + SPOT_SUFFIX, t.arch, cap.packable, est.rate.usd + fee, "spot"))
        missing_arch = self.arches - {e.arch for e in entries}
        # settings, not data: an architecture the catalogue prices in the region but the ec2 settings (or the managed
        # platform's rules) allow no type of; its services are listed as not placed, with the reason (``_reason``)
        for a in sorted(missing_arch - set(no_room)):
            why = self._arch_excluded_reason(cat, a)
            if why is not None:
                self.excluded_arches[a] = why
        missing_arch -= set(self.excluded_arches)
        if missing_arch and all(a in no_room for a in missing_arch):
            # every candidate exists and is priced: the reservations, not the price data, leave no room
            raise SizingError(self._no_room_message(sorted(missing_arch), [c for a in missing_arch for c in no_room[a]]))
        if missing_arch and self.profile is not None and any(self._priced_any(cat, a) for a in missing_arch):
            # the rules accept priced types (``_arch_excluded_reason``), but the fee table has none of them
            raise PriceDataError(
                f"no {', '.join(sorted(missing_arch))} instance type that the rules of {self.profile.setting} "
                f"({self.profile.describe()}) accept has a management fee for {self.region} in the data (table "
                f"managed_instance_fees). Run '{fee_fetch_command(self.platform, self.region)}'."
            )
        if missing_arch:
            raise PriceDataError(
                f"no priced {', '.join(sorted(missing_arch))} instance type in {self.region}: the price data has no "
                f"On-Demand price for any {'/'.join(sorted(missing_arch))} node type advisor sizes there (table "
                f"ec2_prices). Run '{ec2_prices_hint(self.region)}'."
            )
        self.candidate_count = len(entries)
        self._global_names = frozenset(global_names) if len(global_names) < len({t.name for t in cands}) else None
        self.node_types = _prune_dominated(entries, self._pools(entries))
        self.rate_dates = tuple(sorted({r.as_of for r in self.rates.values()} | {f.as_of for f in self.fees.values()}))

    def _volume_usd(self, t) -> float:
        """USD per node-hour of the gp3 volume a node of type ``t`` carries on a managed platform (ECS Managed
        Instances' data volume, EKS Auto Mode's ephemeral storage volume, or its 20 GiB volume on a type with larger
        local NVMe, none on an ECS Managed Instances type with instance store when ``use_local_storage``:
        ``node_volume_gib``), at the region's gp3 rate per GB-month / ``units.HOURS_PER_MONTH``, as the estimate's volume
        lines price it (``PriceBook.ebs_rate``). The packer then minimises what a node of each type costs, not its
        instance price alone: an NVMe type whose smaller volume outweighs its dearer instance can win, and pruning
        keeps it. 0 on ECS/EKS on EC2 (one root volume size on every type) and when the region has no gp3 rate (the
        estimate then reports that price as missing)."""
        if self.profile is None:
            return 0.0
        if self._gp3 is False:
            from advisor.errors import PriceDataError

            try:
                self._gp3 = self.prices.ebs_rate(self.region, "gp3")
            except PriceDataError:
                self._gp3 = None
        if self._gp3 is None:
            return 0.0
        gib = node_volume_gib(self.platform, t.instance_storage_gb, self.cfg.root_volume_gib, self.root_volume_gib,
                              use_local_storage=self.profile.use_local_storage)
        usd = self.volume_usd[t.name] = gib * self._gp3.usd / HOURS_PER_MONTH
        return usd

    def _priced_any(self, cat, arch: str) -> bool:
        """Whether the region's data prices any type of ``arch`` advisor can size (``ec2.include`` categories too)."""
        from advisor.pricing.catalog import EXCLUSIONS

        return bool(cat.candidates(self.region, arch=arch, include=tuple(c for c in EXCLUSIONS if c in _INCLUDABLE))[0])

    def _has_candidates(self, cat, arch: str) -> bool:
        """Whether the ``ec2`` settings (the managed rules, the services' own restrictions) leave a candidate type of
        ``arch`` in the region, as ``_build`` chooses them: a record without that architecture was not written by it."""
        cands, _ = cat.candidates(self.region, allowed_families=self.cfg.allowed_families,
                                  allowed_types=self.cfg.allowed_types, include=self.cfg.include)
        cands = [t for t in cands if t.arch == arch and (self.profile is None or self.profile.accepts(t))]
        return bool(cands) or any(t.arch == arch for r in self.restrictions for t in self._restriction_candidates(cat, r))

    def _arch_excluded_reason(self, cat, arch: str) -> str | None:
        """Why no candidate of ``arch`` is left when the catalogue prices types of it in the region (bare metal,
        burstable and previous-generation ones included: ``ec2.include`` can switch those on): the setting that
        leaves them all out (``ec2.allowed_families`` / ``allowed_types``, the default exclusions, the managed
        platform's rules), with the fix. None when the region's data has no such type at all: price data is
        missing, not a setting (``_build`` raises ``PriceDataError`` with the refresh command)."""
        from advisor.pricing.catalog import EXCLUSIONS

        includable = tuple(c for c in EXCLUSIONS if c in _INCLUDABLE)
        priced, _ = cat.candidates(self.region, arch=arch, include=includable)
        if not priced:
            return None
        cfg, where = self.cfg, f"{self.platform} in {self.region}"
        if self.profile is not None:
            if any(self.profile.accepts(t) for t in priced):
                return None  # the rules allow some: their management fees are what is missing
            return (f"{self.profile.setting} launches no {arch} type ({self.profile.describe()}), and {where} has "
                    f"{len(priced)} priced {arch} types: widen {self.profile.setting}, or set the service's architecture "
                    f"to {_other_arch(arch)} if its images are multi-arch")
        fams = [f.strip().lower() for f in cfg.allowed_families or ()]
        names = list(cfg.allowed_types or ())
        setting = " / ".join(k for k, v in (("ec2.allowed_families", fams), ("ec2.allowed_types", names)) if v)
        sugg = _suggest_families(sorted({t.family for t in cat.candidates(self.region, arch=arch)[0]}),
                                 sorted({f[0] for f in fams}) or ["c", "m", "r"])
        add = (f"add {arch} families such as {', '.join(sugg)} to ec2.allowed_families" if sugg else
               f"add {arch} types to {setting or 'ec2.allowed_types'}")
        drop = f"or set the service's architecture to {_other_arch(arch)} if its images are multi-arch"
        if setting:
            types = cat.types().values()
            chosen = [t for t in types if t.name in names or t.family in fams]
            mine = [t for t in chosen if t.arch == arch]
            if not mine:
                listed = fams or names
                shown = ", ".join(listed[:6]) + (", ..." if len(listed) > 6 else "")
                others = "/".join(sorted({t.arch for t in chosen})) or "none"
                return f"{setting} allows no {arch} type ({shown}: all {others}); {add}, {drop}"
            od = cat._od_index(self.region)
            priced_mine = [t for t in mine if t.name in od and cat.offered(t.name, self.region) is not False]
            shown = ", ".join(sorted({t.family for t in mine})[:6])
            if not priced_mine:
                return (f"the {arch} types {setting} allows ({shown}) have no On-Demand price in {self.region} (not "
                        f"offered there, or not in the data: '{ec2_prices_hint(self.region)}'), while other {arch} types "
                        f"there are priced; {add}, {drop}")
            left_out = sorted({c for t in priced_mine for c in t.categories if c not in cfg.include})
            can = [c for c in left_out if c in includable]
            return (f"the {arch} types {setting} allows ({shown}) are {' / '.join(c.replace('_', ' ') for c in left_out)} "
                    "types, which advisor leaves out by default: "
                    + (f"add ec2.include: [{', '.join(can)}], or {add}" if can else f"{add}") + f", {drop}")
        left_out = sorted({c for t in priced for c in t.categories if c not in cfg.include})
        examples = ", ".join(t.name for t in priced[:3])
        return (f"every {arch} type priced in {self.region} ({examples} ...) is "
                f"{' / '.join(c.replace('_', ' ') for c in left_out)}, which advisor leaves out by default: add "
                f"ec2.include: [{', '.join(left_out)}], {drop}")

    def _no_room_message(self, arches: list[str], caps: list[NodeCapacity]) -> str:
        """Why no candidate type can hold a task: the dimension left at zero and the ec2 settings that took it."""
        cfg, eks = self.cfg, self.platform.startswith("eks")
        kind = "pods" if eks else "tasks"
        dims = [d for i, d in enumerate(("CPU", "memory", f"{kind[:-1]} slots")) if all(c.packable[i] <= 0 for c in caps)]
        dims = dims or ["CPU, memory or slots"]
        fields = []  # the settings that take something (a zero takes nothing and is not named)
        if ("memory" in dims or len(dims) != 1) and cfg.vm_memory_overhead_percent:
            fields.append(f"ec2.vm_memory_overhead_percent ({cfg.vm_memory_overhead_percent:.10g}%)")
        if ("memory" in dims or len(dims) != 1) and self.platform == "ecs-ec2" and cfg.ecs_reserved_memory_mib:
            fields.append(f"ec2.ecs_reserved_memory_mib ({cfg.ecs_reserved_memory_mib} MiB)")
        if cfg.headroom_percent:
            fields.append(f"ec2.headroom_percent ({cfg.headroom_percent:.10g}%)")
        if self.daemonsets:
            fields.append(f"the DaemonSets ({len(self.daemonsets)})")
        fields = fields or ["the settings"]
        largest = max(caps, key=lambda c: (c.memory_mib, c.vcpu))
        return (f"no {'/'.join(arches)} instance type in {self.region} has {' or '.join(dims)} left for {kind} on "
                f"{self.platform} after the reservations: {', '.join(fields)} and the platform's own reservations "
                f"leave none on any of the {len(caps)} candidate types, the largest "
                f"({largest.instance_type}, {largest.memory_mib:.10g} MiB) included. Lower "
                f"{' / '.join(f.split(' (')[0] for f in fields if f.startswith('ec2.')) or 'the reservations'}.")

    def _record(self) -> dict:
        """What ``_restore`` needs to rebuild the pruned node types without scanning the catalogue again."""
        return {"kept": [(nt.name, nt.purchase) for nt in self.node_types],
                "types": [(nt.name, nt.arch, tuple(map(float, nt.capacity)), float(nt.usd_per_hour), nt.purchase)
                          for nt in self.node_types],
                "candidate_count": self.candidate_count, "notes": list(self.notes), "fee_missing": self.fee_missing,
                "rate_dates": list(self.rate_dates)}

    def _restore(self, record, cat) -> bool:
        """Rebuild the pruned node types from a ``_record`` (the cache directory), or False (nothing kept).

        Capacities and prices are looked up again for the kept types only, and the result must equal the recorded
        types. Each kept type must also pass the rules ``_build`` applies (candidate in the region under the ``ec2``
        settings, architecture, managed profile, Spot allowed and within ``max_interruption``, room for a task), the
        set must be pruned (none dominated), ``fee_missing`` must match the fee table, and every recorded price date
        must be a real date of the region's price rows. What no rule can see (a record that keeps fewer types than
        the build would) is trusted, as the cache's other entries are."""
        from advisor.errors import AdvisorError
        from advisor.pricing.catalog import interruption_rank
        from advisor.sizing import packing

        try:
            if not isinstance(record, dict):
                return False
            kept, recorded, count = record["kept"], record["types"], record["candidate_count"]
            notes, dates, fee_missing = record["notes"], record["rate_dates"], record["fee_missing"]
            # sizes first, so a crafted record cannot make the checks below walk millions of entries
            if not (type(kept) is list and type(recorded) is list and type(count) is int and type(notes) is list
                    and type(dates) is list and type(fee_missing) is bool
                    and 0 <= len(kept) == len(recorded) <= count <= 2 * cat.priced_count(self.region)
                    and len(notes) <= 100 and len(dates) <= count):
                return False
            if not (all(type(n) is str for n in notes) and all(type(d) is str for d in dates)
                    and all(type(k) is tuple and len(k) == 2 and type(k[0]) is str and k[1] in ("on_demand", "spot")
                            for k in kept) and len(set(kept)) == len(kept)):
                return False
            fee_rows = {}
            if self.profile is not None:
                fee_rows = self._fee_rows()
                if fee_missing != (not fee_rows):
                    return False
            elif fee_missing:
                return False
            if self.profile is not None and not fee_missing:
                for name, _ in kept:
                    base = name.removesuffix(SPOT_SUFFIX)
                    self.fees[base] = self.prices.rate_from_row(fee_rows[base], "usd_per_hour", "instance-hours",
                                                                "managed_instance_fees")
            worst = interruption_rank(self.cfg.max_interruption)
            for r in self.restrictions:
                self._restricted[r] = frozenset(t.name for t in self._restriction_candidates(cat, r))
            entries = []
            for name, purchase in kept:
                base = name.removesuffix(SPOT_SUFFIX)
                if name != (base if purchase == "on_demand" else base + SPOT_SUFFIX):
                    raise ValueError("a kept name does not match its purchase option")
                t = cat.instance_type(base)
                if not (t.arch in self.arches and (self._admitted(cat, t) or any(
                        base in self._restricted[r] for r in self.restrictions))):
                    raise ValueError(f"{base} is not a candidate under these settings")
                cap = self.capacities.get(base) or node_capacity(t, self.platform, self.settings)
                if min(cap.packable) <= 0:
                    raise ValueError(f"{base} has no room for a task")
                od = cat.on_demand(base, self.region)
                fee = (self.fees[base].usd if base in self.fees else 0.0) + self._volume_usd(t)
                self.capacities[base] = cap
                self.rates[(base, "on_demand")] = od
                if purchase == "on_demand":
                    entries.append(packing.NodeType(base, t.arch, cap.packable, od.usd + fee, "on_demand"))
                else:
                    est = cat.spot(base, self.region)
                    if not (self.cfg.spot and interruption_rank(est.interruption) <= worst and est.rate.usd > 0):
                        raise ValueError(f"{base} Spot is not allowed under these settings")
                    self.spot[base] = est
                    self.rates[(base, "spot")] = est.rate
                    entries.append(packing.NodeType(base + SPOT_SUFFIX, t.arch, cap.packable, est.rate.usd + fee,
                                                    "spot"))
            got = [(nt.name, nt.arch, tuple(map(float, nt.capacity)), float(nt.usd_per_hour), nt.purchase)
                   for nt in entries]
            if got != [tuple(x) if not isinstance(x, tuple) else x for x in recorded]:
                raise ValueError("recorded node types differ")
            # every architecture asked for, none dominated, and the dates of every kept price among the recorded ones,
            # each a real date found in the region's price rows
            bases = {nt.name.removesuffix(SPOT_SUFFIX) for nt in entries}
            global_names = {b for b in bases if self._admitted(cat, cat.instance_type(b))}
            self._global_names = frozenset(global_names) if global_names != bases else None
            for a in sorted(set(self.arches) - {nt.arch for nt in entries}):
                why = self._arch_excluded_reason(cat, a)
                if why is None or self._has_candidates(cat, a):
                    raise ValueError(f"no node type of {a} in the record")  # an architecture left out of it
                self.excluded_arches[a] = why
            if ({nt.arch for nt in entries} | set(self.excluded_arches) != set(self.arches)
                    or _prune_dominated(entries, self._pools(entries)) != entries
                    or dates != sorted(set(dates))
                    or not {r.as_of for r in self.rates.values()} | {f.as_of for f in self.fees.values()} <= set(dates)
                    or not _known_dates(dates, self.prices, self.region)):
                raise ValueError("record is not a pruning of the catalogue")
        except (AdvisorError, KeyError, TypeError, ValueError, AttributeError, OverflowError):
            self.capacities.clear()
            self.rates.clear()
            self.spot.clear()
            self.fees.clear()
            self.volume_usd.clear()
            self._restricted.clear()
            self.excluded_arches.clear()
            self._global_names = None
            return False
        self.fee_missing = fee_missing
        self.notes += notes
        self.candidate_count = count
        self.node_types = entries
        self.rate_dates = tuple(dates)
        return True

    def _admitted(self, cat, t) -> bool:
        """Whether the ``ec2`` settings (and the managed profile) make ``t`` a candidate for every service."""
        return (cat.admits(t.name, self.region, allowed_families=self.cfg.allowed_families,
                           allowed_types=self.cfg.allowed_types, include=self.cfg.include)
                and (self.profile is None or self.profile.accepts(t)))

    def _restriction_candidates(self, cat, r: Restriction) -> list:
        """The candidate types a service held to ``r`` may run on: the types it names that are priced in the region
        (named types bypass the default exclusions, as ``ec2.allowed_types`` does), or the candidate types of its
        families; within the workload's ``ec2.allowed_types`` / ``allowed_families`` when they are set, of the
        planner's architectures, and allowed by the managed profile (with a fee where the fee table has rows).
        Unknown names are refused before (``check_instance_names``, run by ``fleet_planner``)."""
        from advisor.errors import PriceDataError
        from advisor.workload.type_pattern import type_matches

        types, fams, pattern = r
        if types is not None:
            out = []
            for name in sorted(types):
                t = cat.instance_type(name)
                try:
                    ok = cat.admits(t.name, self.region, allowed_types=[t.name], include=self.cfg.include)
                except PriceDataError:
                    ok = False  # not priced in this region: not a candidate here
                if ok and (fams is None or t.family in fams):
                    out.append(t)
        elif fams is not None:
            out, _ = cat.candidates(self.region, allowed_families=sorted(fams), include=self.cfg.include)
        else:  # a pattern alone: the candidate types (default exclusions kept, as for families) it matches
            out, _ = cat.candidates(self.region, include=self.cfg.include)
        if types is None and self.cfg.allowed_types:
            # types ec2.allowed_types names are candidates whatever their category (Catalog.candidates): so for the
            # services held to families or a pattern that take them in
            have = {t.name for t in out}
            for name in self.cfg.allowed_types:
                t = cat.instance_type(name)
                try:
                    ok = cat.admits(t.name, self.region, allowed_types=[t.name], include=self.cfg.include)
                except PriceDataError:
                    ok = False
                if ok and t.name not in have and (fams is None or t.family in fams):
                    out.append(t)
        if pattern is not None:
            out = [t for t in out if type_matches(pattern, t.name)]
        if types is not None and (self.cfg.allowed_types or self.cfg.allowed_families):
            # named types bypass the default exclusions (burstable, ...): within the selection is all they need, so a
            # t4g.large a service names stays a candidate under allowed_families [c7g, t4g] without ec2.include
            picked = {cat.instance_type(n).name for n in self.cfg.allowed_types or ()}
            families = {f.strip().lower() for f in self.cfg.allowed_families or ()}
            out = [t for t in out if t.name in picked or t.family in families]
        elif self.cfg.allowed_types or self.cfg.allowed_families:
            out = [t for t in out if cat.admits(t.name, self.region, allowed_families=self.cfg.allowed_families,
                                                allowed_types=self.cfg.allowed_types, include=self.cfg.include)]
        out = [t for t in out if t.arch in self.arches]
        if self.profile is not None:
            out = [t for t in out if self.profile.accepts(t)]
            rows = self._fee_rows()
            if rows:
                out = [t for t in out if t.name in rows]
                for t in out:
                    self.fees[t.name] = self.prices.rate_from_row(rows[t.name], "usd_per_hour", "instance-hours",
                                                                  "managed_instance_fees")
        return out

    def _pools(self, entries: list) -> list[list[int]] | None:
        """``_prune_dominated``'s pools: the entries every service may use, and those of each restriction."""
        if not self.restrictions:
            return None
        base = [nt.name.removesuffix(SPOT_SUFFIX) for nt in entries]
        pools = [[i for i, b in enumerate(base) if self._global_names is None or b in self._global_names]]
        pools += [[i for i, b in enumerate(base) if b in self._restricted[r]] for r in self.restrictions]
        return pools

    def allowed_names(self, svc) -> frozenset[str] | None:
        """The packer names (``ItemGroup.allowed``) of the node types ``svc``'s tasks may use: those of its
        restriction (``service_restriction``) or, with none, those every service may use; On-Demand ones only when
        it does not tolerate Spot. None: any node type. An empty set: none fits its restriction here."""
        od_only = bool(self.cfg.spot and not svc.spot)
        if not self.restrictions:  # the common case, without the memo's key (10,000 services ask)
            return self.on_demand_names if od_only else None
        r = service_restriction(svc)
        key = (r, svc.architecture, od_only)
        got = self._allowed_memo.get(key, key)
        if got is not key:
            return got
        if r is None and self._global_names is None:
            allowed = self.on_demand_names if od_only else None
        else:
            pool = self._global_names if r is None else self._restricted.get(r, frozenset())
            allowed = frozenset(nt.name for nt in self.node_types if nt.name.removesuffix(SPOT_SUFFIX) in pool
                                and (r is None or nt.arch == svc.architecture)
                                and (not od_only or nt.purchase == "on_demand"))
        self._allowed_memo[key] = allowed
        return allowed

    def restriction_reason(self, svc, workload=None) -> str | None:
        """Why ``svc`` cannot be placed on this planner's nodes because of its ``instance_types`` /
        ``instance_families``, or None: no candidate type is left, or (given ``workload``, for the task's demand)
        one task/pod fits none of the types left."""
        r = service_restriction(svc)
        if r is None:
            return None
        allowed = self.allowed_names(svc)
        if not allowed:
            why = self._why_none(svc, r)
            verb = "leave" if sum(x is not None for x in r) > 1 else "leaves"
            return (f"its {restriction_text(r)} {verb} no {svc.architecture} candidate type for {self.platform} in "
                    f"{self.region} (" + (why or "a type must be priced there, allowed by the ec2 settings"
                    + (f" and by {self.profile.setting}" if self.profile is not None else "")
                    + "; families follow the default exclusions, ec2.include") + ")")
        if workload is None:
            return None
        demand = self._demand(svc, workload)
        key = ("fit", allowed, demand)
        if key not in self._allowed_memo:
            self._allowed_memo[key] = self._fit_reason(r, demand, allowed)
        return self._allowed_memo[key]

    def exclusions(self, workload) -> tuple[dict[str, frozenset[str]], list[tuple[str, ...]]]:
        """(``port_exclusions`` of the services this fleet places, the names of the services holding each of those
        ports: their tasks/pods need a node each). Kept for the last workload asked about; a workload whose tasks
        hold no host port costs one pass over its services."""
        memo = self._port_memo
        if memo is None or memo[0] is not workload:
            mode = self._task_mode(workload)
            holders = [s for s in workload.services if held_ports(s, self.platform, mode)]
            excl = port_exclusions([s for s in holders if not self._reason(s, workload)], self.platform, mode) \
                if len(holders) > 1 else {}
            by_key: dict[str, list[str]] = {}
            for name, keys in excl.items():
                for k in keys:
                    by_key.setdefault(k, []).append(name)
            memo = self._port_memo = (workload, excl, sorted({tuple(sorted(v)) for v in by_key.values()}))
        return memo[1], memo[2]

    def min_nodes_vary(self, workload) -> bool:
        """Whether ``min_nodes_for`` depends on the counts for ``workload`` (a ``one_per_node`` service, or ECS
        Managed Instances' Availability Zone spread)."""
        mode = self._task_mode(workload)
        return (any(kept_apart(s, self.platform, mode) for s in workload.services)
                or (self.platform == "ecs-managed-instances" and workload.ecs_managed_instances.az_spread))

    def _apart_names(self, workload) -> list[str]:
        """The services of ``workload`` kept apart (``kept_apart``) that this fleet runs (no ``_reason``)."""
        mode = self._task_mode(workload)
        return [s.name for s in workload.services if kept_apart(s, self.platform, mode) and not self._reason(s, workload)]

    def _cluster_nodes(self, workload, counts=None) -> int:
        """EKS on EC2 with ``eks.clusters`` above 1: a node of a node group belongs to one cluster (Amazon EKS API
        CreateNodegroup, ``clusterName``), and each cluster's CoreDNS pods run on its own nodes (``coredns_pods``:
        2 per cluster), so the fleet has at least one node per cluster; 0 elsewhere, or when the workload joins an
        existing cluster (no CoreDNS pods of its own), or when no service of the fleet runs a pod at ``counts`` (None:
        today's), as the packing then adds no CoreDNS pods either. The services are still packed as one fleet (a
        lower bound)."""
        if self.platform != "eks-ec2" or not coredns_pods(workload):
            return 0
        pack_for = self.cfg.pack_for
        running = (any(service_count(s, pack_for) > 0 and not self._reason(s, workload) for s in workload.services)
                   if counts is None else any(int(counts.get(s.name, 0)) > 0 and not self._reason(s, workload)
                                              for s in workload.services))
        return workload.eks.clusters if running else 0

    def min_nodes_for(self, workload, counts=None) -> int:
        """The fewest nodes of the fleet for ``counts`` (None: today's): the ``min_nodes`` of the settings, raised to
        the most tasks/pods a ``one_per_node`` service this fleet runs has at those counts (a service it cannot run,
        ``_reason``, is not counted; a sweep's factor scales them: 0.25x of 3 replicas kept apart needs 1 node of its
        own, 4x needs 12). The packing keeps those replicas apart (``ItemGroup.apart``); this count also makes the
        LP bound's and the sweep's node estimates."""
        if counts is None:  # today's: the settings' fewest, raised by the services kept apart that this fleet runs
            memo = self._apart_memo
            if memo is None or memo[0] is not workload:
                memo = self._apart_memo = (workload, self._apart_names(workload))
            by_name = {s.name: s for s in workload.services} if memo[1] else {}
            shared = self.exclusions(workload)[1]  # tasks/pods of several services on one port: a node each
            return max(self.cfg.min_nodes, self._cluster_nodes(workload),
                       max((service_count(by_name[n], self.cfg.pack_for) for n in memo[1]), default=0),
                       max((sum(service_count(by_name[n], self.cfg.pack_for) for n in names) for names in shared),
                           default=0))
        if self.platform == "ecs-managed-instances" and workload.ecs_managed_instances.az_spread:
            # the Availability Zone spread of the largest service's tasks at these counts (managed_fleet_settings)
            largest = max((int(counts.get(s.name, 0)) for s in workload.services), default=1)
            base = min(ECS_MI_SPREAD_INSTANCES, max(1, largest))
        else:
            base = (managed_fleet_settings(workload, self.platform)["min_nodes"]
                    if self.platform in MANAGED_PLATFORMS else workload.ec2.min_nodes)
        memo = self._apart_memo
        if memo is None or memo[0] is not workload:  # a sweep asks about one workload at every factor
            memo = self._apart_memo = (workload, self._apart_names(workload))
        shared = self.exclusions(workload)[1]
        return max(base, self._cluster_nodes(workload, counts), max((int(counts.get(n, 0)) for n in memo[1]), default=0),
                   max((sum(max(0, int(counts.get(n, 0))) for n in names) for names in shared), default=0))

    def _why_none_pattern(self, cat, arch: str, pattern: str) -> str | None:
        """Why a pattern alone leaves no candidate: it matches no type of the catalogue as a whole name, only types
        of the other architecture, or none priced in the region; None for the general reason."""
        from advisor.workload.type_pattern import type_matches

        matched = [t for t in cat.types().values() if type_matches(pattern, t.name)]
        if not matched:
            hint = ""
            wider = f"(?:{pattern}).*" if "|" in pattern else pattern + ".*"
            if any(type_matches(wider, t.name) for t in cat.types().values()):
                hint = f"; to match the types that start with it, write {quoted(wider)}"
            return (f"no EC2 instance type matches {quoted(pattern)} as a whole name (advisor matches the whole type name, as "
                    f"Java's Matcher.matches does){hint}")
        arches = {t.arch for t in matched}
        if arch not in arches:
            return (f"the types it matches are {'/'.join(sorted(arches))} and the service {arch}: set its "
                    f"architecture to {'/'.join(sorted(arches))}, or match {arch} types")
        od = cat._od_index(self.region)
        priced = [t for t in matched if t.arch == arch and t.name in od]
        if not priced:
            return (f"no {arch} type it matches has an On-Demand price in {self.region}: not offered there, or not "
                    f"in the data ('{ec2_prices_hint(self.region)}')")
        left_out = sorted({c for t in priced for c in t.categories if c not in self.cfg.include})
        if all(any(c not in self.cfg.include for c in t.categories) for t in priced) and left_out:
            examples = ", ".join(t.name for t in priced[:3])
            can = [c for c in left_out if c in ("bare_metal", "burstable", "previous_generation")]
            return (f"the types it matches ({examples} ...) are {' / '.join(c.replace('_', ' ') for c in left_out)} "
                    "types, which advisor leaves out by default"
                    + (f": add ec2.include: [{', '.join(can)}] to allow them" if can else
                       " and does not size (accelerated, Mac and HPC types)"))
        return None

    def _why_none(self, svc, r: Restriction) -> str | None:
        """What leaves each type of a restriction out, when one reason per type can be named (the types named in
        ``instance_types``, families all of the other architecture, a pattern that matches no type); None for the
        general reason."""
        from advisor.errors import AdvisorError
        from advisor.pricing.catalog import Catalog
        from advisor.workload.type_pattern import type_matches

        cat = Catalog.of(self.prices)
        cfg = self.cfg
        arch = svc.architecture
        if r[0] is None and r[1] is None:
            return self._why_none_pattern(cat, arch, r[2])
        if r[0] is None:
            arches = {t.arch for t in cat.types().values() if t.family in r[1]}
            if arches and arch not in arches:
                return (f"{'its families are' if len(r[1]) > 1 else 'the family is'} {'/'.join(sorted(arches))} and "
                        f"the service {arch}: set its architecture to {'/'.join(sorted(arches))}, or name {arch} "
                        "families")
            od = cat._od_index(self.region)
            if not any(t.family in r[1] for t in cat.types().values() if t.name in od):
                return (f"no type of {', '.join(sorted(r[1]))} has an On-Demand price in {self.region}: not offered "
                        f"there, or not in the data ('{ec2_prices_hint(self.region)}')")
            return None
        parts = []
        for name in sorted(r[0]):
            try:
                t = cat.instance_type(name)
            except AdvisorError:
                return None
            if t.arch != arch:
                parts.append(f"{name} is {t.arch} and the service {arch}: set its architecture to {t.arch}, or "
                             f"name {arch} types")
            elif r[1] is not None and t.family not in r[1]:
                parts.append(f"{name} is not of its instance_families")
            elif r[2] is not None and not type_matches(r[2], name):
                parts.append(f"{name} does not match its instance_type_pattern {quoted(r[2])}")
            elif name not in cat._od_index(self.region):
                parts.append(f"{name} has no On-Demand price in {self.region}: not offered there, or not in the "
                             f"data ('{ec2_prices_hint(self.region)}')")
            elif cat.offered(name, self.region) is False:
                parts.append(f"{name} is not offered in {self.region} (ec2_offerings)")
            elif (cfg.allowed_types or cfg.allowed_families) and not (
                    name in {cat.instance_type(n).name for n in cfg.allowed_types or ()}
                    or t.family in {f.strip().lower() for f in cfg.allowed_families or ()}):
                # (a named type needs only to be in the selection: named types bypass the default exclusions)
                sel = [f"ec2.{k} [{', '.join(v)}]" for k, v in (("allowed_types", cfg.allowed_types),
                                                                 ("allowed_families", cfg.allowed_families)) if v]
                parts.append(f"{name} is outside {' / '.join(sel)}")
            elif self.profile is not None and not self.profile.accepts(t):
                parts.append(f"{self.profile.setting} does not launch {name}")
            elif self.profile is not None and name not in self._fee_rows() and self._fee_rows():
                parts.append(f"{name} has no {self.profile.fee_offering.replace('_', ' ')} fee in the data for "
                             f"{self.region}")
            else:
                return None
        return "; ".join(parts)

    def _fit_reason(self, r: Restriction, demand: tuple, allowed: frozenset[str]) -> str | None:
        """Why one item of ``demand`` fits no node type of ``allowed`` (the packer's test), or None."""
        from advisor.sizing.packing import _FIT_TOL

        types = [nt for nt in self.node_types if nt.name in allowed]
        if any(all(c >= d - _FIT_TOL for c, d in zip(nt.capacity, demand)) for nt in types):
            return None
        best = max(types, key=lambda nt: (nt.capacity[1], nt.capacity[0], nt.name))
        name = best.name.removesuffix(SPOT_SUFFIX)
        what = "task" if self.platform.startswith("ecs") else "pod"
        cap = f"{num(best.capacity[0])} vCPU, {num(best.capacity[1])} MiB"
        return (f"one {what} ({num(demand[0])} vCPU, {num(demand[1])} MiB) fits no node of its {restriction_text(r)} on "
                f"{self.platform}: the largest, {name}, has {cap} allocatable (after the reservations, DaemonSets "
                "and ec2.headroom_percent); name a larger instance type or family, or lower the request")

    def _reason(self, svc, workload=None) -> str | None:
        """Why this fleet cannot run ``svc`` (Windows, GPUs, its instance-type restriction, or -- given ``workload``
        -- one task/pod larger than every candidate type: ``_oversize_reason``), or None. Given ``workload``,
        remembered per service object of the last workload asked about (a compare of 10,000 services asks about
        each about ten times: the fleet's items, shapes and demands, at every scale factor)."""
        if workload is None:
            return self._reason_now(svc)
        memo = self._reason_memo
        if memo is None or memo[0] is not workload:
            memo = self._reason_memo = (workload, {})
        held = memo[1].get(id(svc))
        if held is None or held[0] is not svc:
            held = memo[1][id(svc)] = (svc, self._reason_now(svc, workload))
        return held[1]

    def _reasons_of(self, workload) -> dict:
        """``_reason``'s memo of ``workload`` ({id(service): (service, reason)}), or an empty dict when the memo holds
        another workload's (``_demands`` is kept per workload, and fills it)."""
        memo = self._reason_memo
        return memo[1] if memo is not None and memo[0] is workload else {}

    def _reason_now(self, svc, workload=None) -> str | None:
        if svc.peak_count == 0:  # runs no task: what it would need rules nothing out (Workload.without_idle_services)
            return None
        why = (unplaceable_reason(svc) or self.excluded_arches.get(svc.architecture)
               or (daemonset_port_reason(svc, workload, self.platform) if workload is not None else None)
               or (self.restriction_reason(svc, workload) if self.restrictions else None))
        if why or workload is None or (self.restrictions and service_restriction(svc) is not None):
            return why
        return self._oversize_reason(svc, workload)

    def _oversize_reason(self, svc, workload) -> str | None:
        """Why one task/pod of ``svc`` (no instance-type restriction of its own) fits no candidate node type of its
        architecture (On-Demand ones when it does not tolerate Spot), or None: the ``ec2`` selection
        (``allowed_types``, ``allowed_families``, ``include``, the managed platform's rules) can leave only types
        smaller than one task. Such a service is left out of this fleet with the reason, and the others are packed
        (the whole fleet failed before). Memoised by (architecture, demand, On-Demand only)."""
        from advisor.sizing.packing import _FIT_TOL

        memo = self._oversize_memo
        if memo is None or memo[0] is not workload:  # a sweep asks about one workload at every factor
            memo = self._oversize_memo = (workload, {})
        if svc.name in memo[1]:
            return memo[1][svc.name]
        demand = self._demand(svc, workload)
        od_only = bool(self.cfg.spot and not svc.spot)
        key = ("oversize", svc.architecture, demand, od_only)
        if key in self._allowed_memo:
            memo[1][svc.name] = self._allowed_memo[key]
            return memo[1][svc.name]
        types = [nt for nt in self.node_types if nt.arch == svc.architecture and (not od_only or
                                                                                  nt.purchase == "on_demand")]
        why = None
        if types and not any(all(c >= d - _FIT_TOL for c, d in zip(nt.capacity, demand)) for nt in types):
            best = max(types, key=lambda nt: (nt.capacity[1], nt.capacity[0], nt.name))
            what = "task" if self.platform.startswith("ecs") else "pod"
            why = (f"one {what} ({num(demand[0])} vCPU, {num(demand[1])} MiB) fits no {svc.architecture} node type "
                   f"{self.platform} may use here: the largest, {best.name.removesuffix(SPOT_SUFFIX)}, has "
                   f"{num(best.capacity[0])} vCPU, {num(best.capacity[1])} MiB allocatable (after the reservations, "
                   "DaemonSets and ec2.headroom_percent); widen ec2.allowed_types / allowed_families / include, "
                   "or lower the request")
        self._allowed_memo[key] = memo[1][svc.name] = why
        return why

    def _fee_rows(self) -> dict[str, dict]:
        """The managed platform's priced fee rows in the region, by instance type (table managed_instance_fees)."""
        return {r["instance_type"]: r for r in self.prices.table("managed_instance_fees").where(
            region=self.region, offering=self.profile.fee_offering) if r.get("usd_per_hour") is not None}

    def _managed_candidates(self, cands: list, profile: ManagedNodeProfile) -> list:
        """Candidates a managed platform may launch (``profile.accepts``), with their management fees.

        AWS's price list has one fee product per instance type the offering supports, so where the fee table has rows
        for the region, a type without one is left out (noted). Without any row for the region the fleet is packed at
        EC2 prices only and ``fee_missing`` is set: the estimator reports the platform as not priced."""
        cands = [t for t in cands if profile.accepts(t)]
        rows = self._fee_rows()
        if not rows:
            self.fee_missing = True
            return cands
        kept = [t for t in cands if t.name in rows]
        for t in kept:
            self.fees[t.name] = self.prices.rate_from_row(rows[t.name], "usd_per_hour", "instance-hours",
                                                          "managed_instance_fees")
        if len(kept) < len(cands):
            self.notes.append(
                f"{len(cands) - len(kept)} instance type(s) matching {profile.setting} have no "
                f"{profile.fee_offering.replace('_', ' ')} fee in the data for {self.region} and were left out (AWS "
                "lists a fee for every type the offering supports).")
        return kept

    # ----------------------------------------------------------------------------------------- items
    def items(self, workload, counts=None) -> tuple[list, list[tuple[str, str]]]:
        """(item groups for the packer, unsupported (service, reason)). See ``plan`` for ``counts`` and the module
        docstring for each group's demand."""
        from advisor.sizing import packing

        unsupported: list[tuple[str, str]] = []
        groups = []
        demands = self._demands(workload)  # fills _reason's memo for every service of the workload
        exclusive = self.exclusions(workload)[0]
        held, platform, mode, pack_for = self._reasons_of(workload), self.platform, self._task_mode(workload), \
            self.cfg.pack_for
        no_keys = frozenset()
        # the common case read in line, 10,000 services x 4 fleets: no instance-type restriction (``allowed_names``:
        # On-Demand types only for a service that does not tolerate Spot on a Spot fleet, else any)
        plain_allowed = not self.restrictions
        od_names, spot_fleet = self.on_demand_names, bool(self.cfg.spot)
        ItemGroup = packing.ItemGroup
        for svc in workload.services:
            got = held.get(id(svc))
            reason = got[1] if got is not None and got[0] is svc else self._reason(svc, workload)
            name = svc.name
            if reason:
                unsupported.append((name, reason))
                continue
            n = service_count(svc, pack_for) if counts is None else int(counts.get(name, 0))
            if n <= 0:
                continue
            if plain_allowed:
                allowed = od_names if spot_fleet and not svc.spot else None
            else:
                allowed = self.allowed_names(svc)
            apart = kept_apart(svc, platform, mode)
            groups.append(ItemGroup(name, svc.architecture, demands[name], n, allowed, apart=apart,
                                    exclusive=exclusive.get(name, no_keys)))
        if self.platform == "eks-ec2" and groups and (dns := coredns_pods(workload)):
            # CoreDNS runs on the nodes too, 2 pods per cluster (coredns_pods); on the first architecture the workload
            # uses (x86_64 if present), and never on Spot
            arches = {g.arch for g in groups}
            arch = "x86_64" if "x86_64" in arches else min(arches)
            # the input's CoreDNS (eks.coredns), else the add-on's, with its pod overhead: what the scheduler places
            dns_cpu, dns_mib = coredns_node_request(workload)
            groups.append(packing.ItemGroup(COREDNS_GROUP, arch, (dns_cpu, dns_mib, 1.0),
                                            dns, self._coredns_allowed(arch)))
        return groups, unsupported

    def _coredns_allowed(self, arch: str) -> frozenset[str] | None:
        """CoreDNS's node types: any every service may use, never Spot."""
        if self._global_names is None:
            return self.on_demand_names if self.cfg.spot else None
        key = ("coredns", arch)
        if key not in self._allowed_memo:
            self._allowed_memo[key] = frozenset(nt.name for nt in self.node_types if nt.purchase == "on_demand"
                                                and nt.name.removesuffix(SPOT_SUFFIX) in self._global_names)
        return self._allowed_memo[key]

    def _demand(self, svc, workload) -> tuple[float, float, float]:
        """(vCPU, MiB, slots) one task/pod of ``svc`` takes: its request (a container without one counts 0; on the
        Kubernetes platforms plus its pod overhead, ``Service.node_request``) and ``slot_demand``, under this
        planner's network mode (not the workload's: the planner that prices "what bridge mode would cost" packs awsvpc
        tasks as bridge tasks, static host ports kept one per instance, exactly as the planner of a workload set to
        bridge does)."""
        cpu, mem = svc.node_request if self.platform in KUBERNETES_EC2_PLATFORMS else (svc.vcpu, svc.memory_mib)
        return (cpu, mem, slot_demand(svc, self.platform, self._task_mode(workload)))

    def _task_mode(self, workload) -> str:
        """The network mode of an ECS task without its own ``network_mode`` on this planner (``ecs_default_mode``).
        Kept for the last workload asked about: it reads every service (``ecs_node_network_mode``), and the planner
        asks it per service (10,000 services: 10^8 reads, minutes, when it was not kept)."""
        memo = self._mode_memo
        if memo is None or memo[0] is not workload:
            memo = self._mode_memo = (workload, ecs_default_mode(workload, self.platform, self.settings))
        return memo[1]

    # --------------------------------------------------------------------------------- lower bound
    def lower_bound(self, workload, counts=None) -> float:
        """Assignment-LP lower bound on the instance cost, USD per hour (see the module docstring).

        One warm-started LP per set of service shapes and today's counts (``packing.BoundModel``, anchored at
        today's counts): a sweep re-solves it in milliseconds, and the value depends on ``counts`` alone, not on what
        was asked before (in this call, an earlier one or another thread). Raises ``SizingError`` when a service fits
        no allowed node type."""
        from advisor.errors import SizingError
        from advisor.sizing import packing

        shapes, counts_of = self._shapes(workload)
        today = counts_of(None)
        key = (shapes, today.tobytes())  # the model's anchor is today's counts: its values depend on nothing else
        try:
            with self._bounds_lock:  # the planners are shared by every call of the process, threads included
                model = self._bounds.get(key)
                if model is None:
                    if len(self._bounds) >= _PLAN_MEMO:
                        self._bounds.pop(next(iter(self._bounds)))
                    model = self._bounds[key] = packing.BoundModel(
                        [packing.ItemGroup(f"s{i}", a, d, 1, allowed, apart=kept is not None, exclusive=ports)
                         for i, (a, d, allowed, kept, ports) in enumerate(shapes)],
                        self.node_types, min_nodes=self.cfg.min_nodes, anchor=today)
            return model.value(counts_of(counts), self.min_nodes_for(workload, counts))
        except packing.PackingError as exc:
            raise SizingError(f"the {self.platform} fleet cannot be packed: {str(exc).rstrip('.')}.") from None

    def _shapes(self, workload):
        """(distinct item shapes (arch, demand, allowed node types, the name of a service kept one per node or None,
        the host ports it shares with other services: ``exclusions``),
        counts -> count per shape) of the Linux services, CoreDNS included on EKS (placed when any pod is). Kept for
        the last workload asked about: a sweep asks about the same workload at every factor."""
        cached = self._shape_memo
        if cached is not None and cached[0] is workload:
            return cached[1], cached[2]
        key_of, names, index, arch_of = {}, [], [], []
        demands = self._demands(workload)  # fills _reason's memo for every service of the workload
        exclusive = self.exclusions(workload)[0]
        held, platform, mode = self._reasons_of(workload), self.platform, self._task_mode(workload)
        plain_allowed, od_names, spot_fleet = not self.restrictions, self.on_demand_names, bool(self.cfg.spot)
        no_keys = frozenset()
        for svc in workload.services:  # the common cases in line, as in ``items``
            got = held.get(id(svc))
            if (got[1] if got is not None and got[0] is svc else self._reason(svc, workload)):
                continue
            name = svc.name
            if plain_allowed:
                allowed = od_names if spot_fleet and not svc.spot else None
            else:
                allowed = self.allowed_names(svc)
            apart = kept_apart(svc, platform, mode)
            # a service kept one per node is a shape of its own (the bound's max-items cut is per service)
            k = (svc.architecture, demands[name], allowed, name if apart else None, exclusive.get(name, no_keys))
            names.append(svc.name)
            index.append(key_of.setdefault(k, len(key_of)))
            arch_of.append(svc.architecture)
        coredns: dict[str, int] = {}  # arch -> shape: CoreDNS goes where ``items`` puts it, which depends on counts
        dns = coredns_pods(workload) if self.platform == "eks-ec2" else 0
        if dns:
            for arch in sorted(set(arch_of)):
                allowed = self._coredns_allowed(arch)
                if not any(nt.arch == arch and (allowed is None or nt.name in allowed) for nt in self.node_types):
                    continue  # only types some services may use (instance_types) have this arch: ``items`` puts
                    # CoreDNS on x86_64 then, and a shape no type can hold would stop every bound
                k = (arch, (*coredns_node_request(workload), 1.0), allowed, None, frozenset())
                coredns[arch] = key_of.setdefault(k, len(key_of))
        shapes = tuple(sorted(key_of, key=key_of.get))
        pack_for = self.cfg.pack_for
        index_arr = np.asarray(index, dtype=np.int64)
        arches = sorted(set(arch_of))
        arch_idx = np.asarray([arches.index(a) for a in arch_of], dtype=np.int64)
        by_name = {s.name: s for s in workload.services}
        default = np.asarray([service_count(by_name[n], pack_for) for n in names], dtype=np.int64)
        zeros = itertools.repeat(0)  # counts.get(name, 0) for each name, without a Python frame per service

        def counts_of(counts) -> np.ndarray:
            if counts is None:
                k = default
            else:
                k = np.fromiter(map(counts.get, names, zeros), dtype=np.float64, count=len(names))
                k = np.maximum(k, 0).astype(np.int64)
            n = np.bincount(index_arr, weights=k, minlength=len(shapes)).astype(np.int64) if len(names) else \
                np.zeros(len(shapes), dtype=np.int64)
            if coredns:
                placed_arches = {arches[i] for i in set(arch_idx[k > 0].tolist())}
                if placed_arches:
                    arch = "x86_64" if "x86_64" in placed_arches else min(placed_arches)
                    if arch in coredns:  # as ``items`` places it (a pack without a type for it fails there)
                        n[coredns[arch]] += dns
            return n

        self._shape_memo = (workload, shapes, counts_of)
        return shapes, counts_of

    def _demands(self, workload) -> dict[str, tuple[float, float, float]]:
        """Service name -> ``_demand`` for the last workload asked about."""
        cached = self._demand_memo
        if cached is not None and cached[0] is workload:
            return cached[1]
        # one pass that also fills ``_reason``'s memo: each demand is worked out once (``_oversize_reason`` needs it
        # too), and without instance-type restrictions or DaemonSet ports (the common case) a service's reason is
        # ``_reason_now``'s, read from the memo of (architecture, demand, On-Demand only) it keeps
        memo = self._reason_memo
        if memo is None or memo[0] is not workload:
            memo = self._reason_memo = (workload, {})
        held, platform, mode = memo[1], self.platform, self._task_mode(workload)
        plain = not self.restrictions and (platform not in KUBERNETES_EC2_PLATFORMS
                                           or not getattr(workload, "daemonsets", None))
        excluded, spot_fleet, oversize = self.excluded_arches, bool(self.cfg.spot), self._allowed_memo
        out = {}
        ecs_ec2 = platform == "ecs-ec2"  # the one platform whose slots depend on the task (``slot_demand``)
        kube = platform in KUBERNETES_EC2_PLATFORMS
        for svc in workload.services:
            cpu, mem = svc.node_request if kube else (svc.vcpu, svc.memory_mib)  # pod overhead: Kubernetes only
            demand = (cpu, mem, slot_demand(svc, platform, mode) if ecs_ec2 else 1.0)
            got = held.get(id(svc))
            if got is not None and got[0] is svc:
                why = got[1]
            else:
                if not plain:
                    why = self._reason_now(svc, workload)
                elif svc.peak_count == 0:
                    why = None
                else:
                    why = unplaceable_reason(svc) or excluded.get(svc.architecture)
                    if not why:
                        key = ("oversize", svc.architecture, demand, spot_fleet and not svc.spot)
                        why = oversize[key] if key in oversize else self._oversize_reason(svc, workload)
                held[id(svc)] = (svc, why)
            if not why:
                out[svc.name] = demand
        self._demand_memo = (workload, out)
        return out

    def _unlimited_slot_types(self) -> list:
        if self._unlimited is None:
            self._unlimited = [replace(nt, capacity=(nt.capacity[0], nt.capacity[1], UNLIMITED_SLOTS))
                               for nt in self.node_types]
        return self._unlimited

    # ------------------------------------------------------------------------------------------ plan
    def plan(self, workload, counts=None, *, time_limit_s: float | None = None, seed: int = 0,
             alternatives: bool | str = True, _items: tuple | None = None) -> FleetPlan:
        """The packed fleet for ``counts`` (see the module docstring).

        ``alternatives``: when slots size the fleet, price the settings that lift the limit by packing them
        (True), by their LP lower bound only (``"bound"``: cheap, reported as "at least"), or not at all (False).
        ``_items``: ``self.items(workload, counts)`` when the caller has it already (``plan_many``).
        """
        from advisor.errors import SizingError
        from advisor.sizing import packing

        groups, unsupported = _items if _items is not None else self.items(workload, counts)
        # CoreDNS (EKS) is advisor's own: only the services' sizes count against the limit
        if (shapes := distinct_shapes([g for g in groups if g.name != COREDNS_GROUP])) > MAX_FLEET_SHAPES:
            raise SizingError(
                f"the {self.platform} fleet would hold {shapes:,} distinct task sizes (architecture, CPU, memory, "
                f"slots), more than the {MAX_FLEET_SHAPES:,} advisor packs in one fleet; round the services' CPU and "
                "memory to fewer distinct values (e.g. to Fargate sizes) to price it on EC2")
        effort_time, effort_iter = PACK_EFFORT.get()
        limit = effort_time if time_limit_s is None else time_limit_s
        fewest = self.min_nodes_for(workload, counts)
        key = _plan_key(groups, unsupported, limit, effort_iter, seed, alternatives, fewest)
        memo = self._memo.get(key)
        if memo is not None:
            return memo
        notes = list(self.notes)
        if not groups and all(self._reason(s, workload) for s in workload.services):
            plan = FleetPlan(self.platform, self.region, None, dict(self.capacities), dict(self.rates),
                             dict(self.spot), unsupported, notes + ["no tasks it can place (each service is listed "
                                                                    "with the reason it cannot run here)"], [],
                             self.candidate_count, self.root_volume_gib, self.settings, None,
                             fees=dict(self.fees), fee_missing=self.fee_missing,
                             volumes=dict(self.volume_usd), rate_dates=self.rate_dates)
            return self._remember(key, plan)
        if not groups:
            notes.append(f"no tasks to place: the fleet is ec2.min_nodes={self.cfg.min_nodes} node(s) of the cheapest "
                         "candidate type")
        try:
            result = self._prepacked.pop(key, None)
            if result is None:
                started = time.perf_counter()
                result = packing.pack(groups, self.node_types, min_nodes=fewest, time_limit_s=limit,
                                      seed=seed, max_iterations=effort_iter)
                self.pack_seconds = time.perf_counter() - started
            assignment = result.assignment_bound_per_hour
        except packing.PackingError as exc:
            raise SizingError(
                f"the {self.platform} fleet cannot be packed: {str(exc).rstrip('.')}. Check the service sizes against "
                "the node types "
                "allowed by the workload's ec2 section (allowed_families, allowed_types, headroom_percent)."
            ) from None
        plan = FleetPlan(self.platform, self.region, result, dict(self.capacities), dict(self.rates), dict(self.spot),
                         unsupported, notes, groups, self.candidate_count, self.root_volume_gib, self.settings,
                         assignment, fees=dict(self.fees), fee_missing=self.fee_missing,
                         volumes=dict(self.volume_usd), rate_dates=self.rate_dates)
        if groups:
            self._explain_slots(plan, workload, counts, groups, assignment, alternatives, seed, fewest)
        return self._remember(key, plan)

    def plan_many(self, workload, counts_list: list[dict[str, int]], *,
                  alternatives: bool | str = False) -> list[FleetPlan]:
        """``[self.plan(workload, counts, alternatives=alternatives) for counts in counts_list]``: the same plans,
        with their packings done together by ``packing.pack_all`` (in worker processes when that saves time, as for
        a sweep's contested factors on a fleet of many distinct task sizes). Raises what ``plan`` raises."""
        from advisor.sizing import packing

        effort_time, effort_iter = PACK_EFFORT.get()
        keys, jobs = [], []
        items = [self.items(workload, counts) for counts in counts_list]  # each built once, for plan() too
        for counts, (groups, unsupported) in zip(counts_list, items):
            if not groups or distinct_shapes([g for g in groups if g.name != COREDNS_GROUP]) > MAX_FLEET_SHAPES:
                continue  # plan() answers these without packing
            fewest = self.min_nodes_for(workload, counts)
            key = _plan_key(groups, unsupported, effort_time, effort_iter, 0, alternatives, fewest)
            if key not in self._memo and key not in keys:
                keys.append(key)
                jobs.append({"groups": groups, "node_types": self.node_types, "min_nodes": fewest,
                             "time_limit_s": effort_time, "seed": 0, "max_iterations": effort_iter})
        if len(jobs) > 1:
            try:
                self._prepacked.update(zip(keys, packing.pack_all(jobs, expect_seconds=self.pack_seconds)))
            except packing.PackingError:
                pass  # plan() raises it with the fleet's context
        try:
            return [self.plan(workload, counts, alternatives=alternatives, _items=prepared)
                    for counts, prepared in zip(counts_list, items)]
        finally:
            self._prepacked.clear()

    def _remember(self, key, plan: FleetPlan) -> FleetPlan:
        if len(self._memo) >= _PLAN_MEMO:
            self._memo.pop(next(iter(self._memo)))
        self._memo[key] = plan
        return plan

    def _explain_slots(self, plan: FleetPlan, workload, counts, groups, assignment: float, alternatives: bool,
                       seed: int, fewest: int) -> None:
        """Mark a slot-limited fleet and price the settings that would lift the limit."""
        from advisor.sizing import packing

        if all(g.demand[2] == 0 for g in groups) or all(nt.capacity[2] >= UNLIMITED_SLOTS for nt in self.node_types):
            # No task takes a slot (ECS bridge and host tasks, no tasks-per-instance limit), or no node has a limit:
            # the LP with unlimited slots is the assignment LP itself, so slots size nothing. Solving it again cost
            # 31 s of a 47 s compare of 300 bridge services sharing host ports in pairs (benchmarks/bench_ports.py).
            return
        free = packing.lower_bound(_merged(groups), self._unlimited_slot_types(), min_nodes=fewest)
        if not free < assignment * (1 - SLOT_LIMITED_MARGIN):
            return
        s = self.settings
        plan.slot_limited = True
        if self.platform == "ecs-ec2":
            plan.slot_name = ("awsvpc task ENIs" if s.ecs_network_mode == "awsvpc" else "tasks per instance")
        elif self.platform == "ecs-managed-instances":
            plan.slot_name = "awsvpc task ENIs (ENI trunking)"
        elif self.platform == "eks-auto-mode":
            plan.slot_name = "pods per node (Auto Mode's 110)"
        else:
            plan.slot_name = "pods per node (max pods)"
        if not alternatives:
            return
        variants = []
        if self.platform == "ecs-ec2" and s.ecs_network_mode == "awsvpc" and s.ecs_max_tasks_per_instance is None:
            if not s.ecs_awsvpc_trunking:
                variants.append(("awsvpc_trunking", "awsvpc with ENI trunking (awsvpcTrunking account setting)",
                                 {"ecs_awsvpc_trunking": True}))
            variants.append(("bridge", "bridge network mode (no per-task ENI)", {"ecs_network_mode": "bridge"}))
        elif self.platform == "eks-ec2" and not s.prefix_delegation:
            variants.append(("prefix_delegation", "VPC CNI prefix delegation", {"prefix_delegation": True}))
        n_items = sum(g.count for g in groups)
        for setting, label, change in variants:
            alt_cfg = self.cfg.model_copy(update=change)
            other = _cached_planner(self.prices, self.region, self.platform, alt_cfg, self.daemonsets, self.arches,
                                    self.profile, self.restrictions)
            bound = other.lower_bound(workload, counts)
            row = {"setting": setting, "label": label, "lower_bound_usd_per_hour": bound,
                   "instance_usd_per_hour": bound, "nodes": None, "exact": False}
            if alternatives != "bound" and n_items <= ALTERNATIVE_PACK_MAX_ITEMS \
                    and distinct_shapes(groups) <= PACK_MAX_SHAPES:
                light = n_items > ALTERNATIVE_FULL_EFFORT_ITEMS
                with packing_effort(None, ALTERNATIVE_LS_ITERATIONS) if light else contextlib.nullcontext():
                    alt = other.plan(workload, counts, seed=seed, alternatives=False)
                row.update(instance_usd_per_hour=alt.result.cost_per_hour, nodes=alt.node_count, exact=True)
            plan.alternatives.append(row)


_RATE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?: \(On-Demand\) / (\d{4}-\d{2}-\d{2}) \(Spot Advisor\))?")


def _known_dates(dates: list[str], prices, region: str) -> bool:
    """Whether every entry of ``dates`` (a planner's price dates: "YYYY-MM-DD", or "X (On-Demand) / Y (Spot Advisor)"
    for a Spot estimate, as ``Catalog.spot`` writes it) has that form and its dates are the ``as_of`` of rows of the
    region's EC2 price, Spot Advisor or management-fee tables."""
    found = set()
    for text in dates:
        m = _RATE_DATE.fullmatch(text)
        if m is None:
            return False
        found.update(d for d in m.groups() if d)
    if not found:
        return not dates
    known = {r["as_of"] for r in prices.region_table("ec2_prices", region).rows}
    if not found <= known:  # the other tables only when needed (the Spot Advisor table is large)
        known |= {r["as_of"] for r in prices.table("managed_instance_fees").where(region=region)}
    if not found <= known:
        known |= {r["as_of"] for r in prices.region_table("ec2_spot_advisor", region).rows}
    return found <= known


def _plan_key(groups, unsupported, limit, effort_iter, seed, alternatives, min_nodes) -> tuple:
    """What a planner's plan depends on besides the planner: its memo key."""
    return (tuple((g.name, g.arch, g.demand, g.count, g.allowed, g.apart, g.exclusive) for g in groups), tuple(unsupported),
            limit, effort_iter, seed, alternatives, min_nodes)


#: The item group of the EKS fleets' CoreDNS pods (``FleetPlanner.items``).
COREDNS_GROUP = "kube-system/coredns"


def distinct_shapes(groups: list) -> int:
    """How many distinct task shapes (architecture and demand: CPU, memory, slots) item ``groups`` hold."""
    return len({(g.arch, tuple(g.demand)) for g in groups})


def _merged(groups: list) -> list:
    """Item groups with the same arch, demand and allowed types merged into one (names dropped; a group kept apart
    stays its own): the LP bound only depends on these, and 10,000 services of 16 shapes become 16 groups."""
    from advisor.sizing import packing

    merged: dict[tuple, int] = {}
    allowed: dict[tuple, object] = {}
    for g in groups:
        key = (g.arch, tuple(g.demand), None if g.allowed is None else id(g.allowed), g.name if g.apart else None,
               g.exclusive)
        merged[key] = merged.get(key, 0) + int(g.count)
        allowed[key] = g.allowed
    return [packing.ItemGroup(f"class-{i}", k[0], k[1], n, allowed[k], apart=k[3] is not None, exclusive=k[4])
            for i, (k, n) in enumerate(merged.items())]


def _disk_key(prices, region: str, platform: str, cfg, daemonsets: tuple, arches: frozenset,
              profile: ManagedNodeProfile | None, restrictions: tuple = ()) -> str | None:
    """The cache-directory key of a planner's pruned node types: the price files, the code that prices and sizes
    nodes, and the planner's inputs. None when caching is off or a price file cannot be read."""
    if not diskcache.enabled() or not hasattr(prices, "fingerprint"):
        return None
    files = prices.fingerprint()
    digest = diskcache.source_digest("advisor.sizing.fleet", "advisor.sizing.nodes", "advisor.pricing.catalog",
                                     "advisor.pricing.book", "advisor.sizing.packing")
    if not files or not digest:
        return None
    return diskcache.key_of("node-types", 1, digest, files, region, platform, cfg.model_dump_json(),
                            diskcache.canonical(daemonsets), tuple(sorted(arches)), diskcache.canonical(profile),
                            _restrictions_key(restrictions))


def _restrictions_key(restrictions: tuple) -> tuple:
    return tuple(_restrictions_key_one(r) for r in restrictions)


def _planner_key(prices, region: str, platform: str, cfg, daemonsets: tuple, arches: frozenset,
                 profile: ManagedNodeProfile | None = None, restrictions: tuple = ()) -> tuple:
    return (region, platform, cfg.model_dump_json(), daemonsets, arches, profile, restrictions)


def _cached_planner(prices, region, platform, cfg, daemonsets, arches, profile=None, restrictions=()) -> FleetPlanner:
    cache = prices._cache.setdefault("_fleet_planners", {})
    key = _planner_key(prices, region, platform, cfg, daemonsets, arches, profile, restrictions)
    planner = cache.get(key)
    if planner is None:
        planner = cache[key] = FleetPlanner(prices, region, platform, cfg, daemonsets, arches, profile, restrictions)
    return planner


def workload_restrictions(workload) -> tuple[Restriction, ...]:
    """The distinct ``service_restriction`` of the workload's placeable services, in a stable order."""
    found = {r for s in workload.services if (r := service_restriction(s)) is not None and not unplaceable_reason(s)}
    return tuple(sorted(found, key=_restrictions_key_one))


def _restrictions_key_one(r: Restriction) -> tuple:
    """A sortable, JSON-able form of a restriction: each set as a sorted tuple (None: ()), the pattern as text."""
    return tuple(() if x is None else (x,) if isinstance(x, str) else tuple(sorted(x)) for x in r)


def fleet_planner(workload, platform: str, prices=None) -> FleetPlanner:
    """The (cached) planner for this workload's region, platform, ec2 settings, DaemonSets and architectures.

    Architectures are those of the workload's Linux services (with any task count, so a service scaled to 0 still
    chooses among the same node types). For ECS Managed Instances and EKS Auto Mode the ``ec2`` settings are those
    of ``advisor.sizing.nodes.managed_fleet_settings`` and the candidate types those ``managed_node_profile`` allows,
    priced at instance price plus management fee plus the node's volume (``FleetPlan.fees``, ``FleetPlan.volumes``:
    ``FleetPlanner._volume_usd``). Raises ``NodeConfigError`` for a non-EC2 platform, ``UnknownRegionError``
    for a mistyped region, ``WorkloadError`` for instance type or family names the catalogue does not know
    (``check_instance_names``, once per workload) and ``PriceDataError`` when a needed architecture has no priced
    candidate."""
    from advisor.pricing.book import default_pricebook

    platform = check_platform(platform)
    prices = prices or default_pricebook()
    prices.check_region(workload.region)
    facts = _workload_facts(workload)
    if "names_checked" not in facts:  # a mistyped instance type or family is refused, every one named at once
        check_instance_names(workload, prices)
        facts["names_checked"] = True
    if "arches" not in facts:
        facts["arches"] = frozenset(s.architecture for s in workload.services if not unplaceable_reason(s))
        facts["restrictions"] = workload_restrictions(workload)
    daemonsets = tuple(workload_daemonsets(workload, platform))  # node_capacity adds the EKS defaults (aws-node, kube-proxy)
    arches, restrictions = facts["arches"], facts["restrictions"]
    if platform in MANAGED_PLATFORMS:
        # ECS Managed Instances / EKS Auto Mode: the node rules of nodes.py, the types their settings allow
        cfg = workload.ec2.model_copy(update=managed_fleet_settings(workload, platform))
        profile = managed_node_profile(workload, platform)
    else:
        cfg, profile = workload.ec2, None
        if platform == "ecs-ec2" and (mode := ecs_node_network_mode(workload)) != cfg.ecs_network_mode:
            cfg = cfg.model_copy(update={"ecs_network_mode": mode})  # the tasks' own modes set the per-instance limit
    return _cached_planner(prices, workload.region, platform, cfg, daemonsets, arches, profile, restrictions)


#: A name that is a wildcard pattern in AWS's allowed/excluded instance type lists (``fnmatch``, as
#: ``advisor.sizing.nodes`` matches them): ``m5.*``, ``c7?``.
_WILDCARD = re.compile(r"[*?\[]")


def unknown_instance_names(workload, prices=None) -> list[str]:
    """Every EC2 instance type or family name the workload gives that the instance catalogue (table
    ``ec2_instance_types``, every region's types) does not know: one ``"<field>: '<name>' is not ...  Did you mean
    ...?"`` per name, in the order of the file, or [] when it knows them all.

    Fields read: ``ec2.allowed_types`` / ``allowed_families``; each service's and DaemonSet's ``instance_types`` /
    ``instance_families``; ``ecs_managed_instances.instance_requirements.allowed_types`` / ``excluded_types`` and
    ``eks_auto_mode.allowed_types`` (types or families as AWS's InstanceRequirementsRequest and Karpenter's
    ``node.kubernetes.io/instance-type`` requirement take them; an entry with ``*`` / ``?`` wildcards must match at
    least one catalogued type or family). A type the region does not offer or price is not unknown: it stays "not
    ranked" for that reason. ``commitments`` are checked where they are applied (``advisor.costing.commitments``)."""
    import fnmatch

    from advisor.errors import did_you_mean
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    prices = prices or default_pricebook()
    types, families = Catalog.of(prices).names()
    # types AWS prices (table ec2_prices, any region) that the catalogue has no specs for (older types the
    # DescribeInstanceTypes dump lacks: dl1.24xlarge, p3.2xlarge ...): real types, not typos
    priced = {str(r["instance_type"]) for r in prices.table("ec2_prices").rows} - types
    out: list[str] = []

    def check(field: str, names, kind: str) -> None:
        for name in names or ():
            key = str(name).strip().lower()
            if kind == "type" and key in priced:
                out.append(f"{field}: {name!r} is an EC2 instance type the catalogue holds no specs for (vCPU, "
                           "memory, network interfaces; it is in the price data, table ec2_prices), so no EC2 fleet "
                           "can be planned on it.")
            elif kind == "type" and key not in types:
                out.append(f"{field}: {name!r} is not an EC2 instance type.{did_you_mean(key, types)}")
            elif kind == "family" and key not in families:
                out.append(f"{field}: {name!r} is not an EC2 instance family.{did_you_mean(key, families)}")
            elif kind == "either" and _WILDCARD.search(key):
                if not any(fnmatch.fnmatchcase(n, key) for n in (*types, *families)):
                    out.append(f"{field}: {name!r} matches no EC2 instance type or family.")
            elif kind == "either" and key not in types and key not in families:
                out.append(f"{field}: {name!r} is neither an EC2 instance type nor an instance family."
                           f"{did_you_mean(key, types | families)}")

    check("ec2.allowed_types", workload.ec2.allowed_types, "type")
    check("ec2.allowed_families", workload.ec2.allowed_families, "family")
    for group, items in (("services", workload.services), ("daemonsets", workload.daemonsets or ())):
        for i, x in enumerate(items):
            check(f"{group}[{i}] ({x.name}).instance_types", x.instance_types, "type")
            check(f"{group}[{i}] ({x.name}).instance_families", x.instance_families, "family")
    req = workload.ecs_managed_instances.instance_requirements
    if req is not None:
        check("ecs_managed_instances.instance_requirements.allowed_types", req.allowed_types, "either")
        check("ecs_managed_instances.instance_requirements.excluded_types", req.excluded_types, "either")
    check("eks_auto_mode.allowed_types", workload.eks_auto_mode.allowed_types, "either")
    return out


def check_instance_names(workload, prices=None) -> None:
    """Refuse a workload that names an EC2 instance type or family the catalogue does not know, naming every such
    field at once (``unknown_instance_names``) with its did-you-mean, the catalogue's size and date, and how to fix
    it: correct the name, or, for a type newer than the catalogue, the command that refreshes it. Raises
    ``UnknownInstanceNamesError`` (a ``WorkloadError``, exit code 2); returns None when every name is known."""
    from advisor.errors import UnknownInstanceNamesError
    from advisor.pricing.book import TABLES, default_pricebook
    from advisor.pricing.catalog import Catalog

    prices = prices or default_pricebook()
    bad = unknown_instance_names(workload, prices)
    if not bad:
        return
    cat = Catalog.of(prices)
    dated = f", confirmed up to {day}" if (day := cat.newest_as_of()) else ""
    refresh = TABLES["ec2_instance_types"].refresh_hint.format(region=workload.region)
    raise UnknownInstanceNamesError(
        f"{len(bad)} EC2 instance {'name is' if len(bad) == 1 else 'names are'} not in advisor's instance catalogue "
        f"(table ec2_instance_types: {cat.type_count():,} types{dated}):\n"
        + "".join(f"  {b}\n" for b in bad)
        + (f"advisor cannot place tasks or pods on a type without its specs: refresh the catalogue with '{refresh}' "
           "(AWS credentials) and run again, or name a current type of the same kind to compare instead."
           if all(" holds no specs for " in b for b in bad) else
           "Correct each name: a type is family.size (m7g.large), a family the type name before the dot (m7g, c6i, "
           f"r7i). If one is a real type newer than the catalogue, refresh it with '{refresh}' (AWS credentials) and "
           "run again."))


def plan_fleet(workload, platform: str, prices=None, *, time_limit_s: float | None = None, seed: int = 0,
               alternatives: bool | str = True) -> FleetPlan:
    """Choose instance types and counts for a workload on ECS/EKS on EC2 (see docs/ec2.md and the module docstring)."""
    planner = fleet_planner(workload, platform, prices)
    return planner.plan(workload, time_limit_s=time_limit_s, seed=seed, alternatives=alternatives)


__all__ = [
    "DEFAULT_EKS_DAEMONSETS",
    "SPOT_SUFFIX",
    "FleetPlan",
    "FleetPlanner",
    "fleet_planner",
    "packing_effort",
    "plan_fleet",
    "ecs_node_network_mode",
    "held_ports",
    "ecs_default_mode",
    "one_per_node_nodes",
    "port_exclusions",
    "host_port_conflicts",
    "kept_apart",
    "service_count",
    "slot_demand",
    "task_network_mode",
    "workload_daemonsets",
    "daemonsets_nowhere",
    "daemonset_selector_note",
    "daemonset_labels_note",
]
