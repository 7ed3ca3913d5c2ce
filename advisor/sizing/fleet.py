"""The EC2 fleet plan: packing inputs built from a workload, node candidates, and the packed fleet.

``plan_fleet`` turns a workload into item groups (tasks/pods per service), builds each candidate node type's
allocatable capacity (``advisor.sizing.nodes``) and price (``advisor.pricing.catalog``), drops dominated
types, and calls the packer (``advisor.sizing.packing``).
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field

from advisor.sizing.nodes import (
    COREDNS_CPU,
    COREDNS_MEMORY_MIB,
    COREDNS_REPLICAS,
    DEFAULT_EKS_DAEMONSETS,
    DaemonSetSpec,
    NodeCapacity,
    check_platform,
    node_capacity,
)

#: NodeType names for Spot capacity carry this suffix inside the packer, so that ``ItemGroup.allowed`` (which
#: matches names) can keep spot-intolerant services on On-Demand nodes. Stripped again in ``FleetPlan.fleet``.
SPOT_SUFFIX = "#spot"


def workload_daemonsets(workload) -> list[DaemonSetSpec]:
    """DaemonSets from the workload file (field ``daemonsets``, when the model has it), parsed to DaemonSetSpec."""
    from advisor.units import parse_cpu, parse_memory_mib

    out = []
    for i, d in enumerate(getattr(workload, "daemonsets", None) or []):
        get = d.get if isinstance(d, dict) else (lambda k, default=None, _d=d: getattr(_d, k, default))
        cpu = get("cpu", 0) or 0
        mem = get("memory", None) or get("memory_mib", 0) or 0
        cpu = cpu if isinstance(cpu, float) and not isinstance(d, dict) else (parse_cpu(cpu) if cpu else 0.0)
        mem = mem if isinstance(mem, float) and not isinstance(d, dict) else (parse_memory_mib(mem) if mem else 0.0)
        out.append(DaemonSetSpec(str(get("name", f"daemonset-{i}")), float(cpu), float(mem),
                                 bool(get("host_network", False))))
    return out


@dataclass
class FleetPlan:
    """The packed fleet for a workload on ECS/EKS on EC2, with everything needed to price and explain it."""

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
    node_types: list = field(default_factory=list)  # packing.NodeType after pruning
    min_nodes: int = 0

    def lower_bound_per_hour(self, counts: dict[str, int]) -> float:
        """LP lower bound ($/hour) of packing ``counts`` items per group (by group name) on this plan's node types.

        Groups not named keep their count. Used by scaling sweeps: the node candidates are built once.
        """
        from dataclasses import replace

        from advisor.sizing import packing

        if not self.node_types:
            return 0.0
        groups = [replace(g, count=int(counts.get(g.name, g.count))) for g in self.groups]
        return packing.lower_bound(groups, self.node_types, min_nodes=self.min_nodes)

    def pack_counts(self, counts: dict[str, int], max_iterations: int = 3):
        """Pack ``counts`` items per group (by group name) on this plan's node types with a light search.

        Returns ``(cost $/hour, node count, rows [(instance_type, purchase, count, usd_per_hour)])``.
        """
        from dataclasses import replace

        from advisor.sizing import packing

        groups = [replace(g, count=int(counts.get(g.name, g.count))) for g in self.groups]
        res = packing.pack(groups, self.node_types, min_nodes=self.min_nodes, max_iterations=max_iterations)
        rows = [(r["instance_type"].removesuffix(SPOT_SUFFIX), r["purchase"], int(r["count"]), float(r["usd_per_hour"]))
                for r in res.fleet]
        return res.cost_per_hour, sum(r[2] for r in rows), rows

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
            "unsupported": [{"service": s, "reason": r} for s, r in self.unsupported],
            "notes": list(self.notes) + (list(res.notes) if res else []),
        }


def _prune_dominated(entries: list[tuple]) -> list[tuple]:
    """Drop node types another type of the same arch and purchase beats: >= capacity in every dimension and <=
    price (ties broken by name). Packing never needs a dominated type; this keeps the LP small."""
    import numpy as np

    keep: list[tuple] = []
    by_key: dict[tuple, list[tuple]] = {}
    for e in entries:
        nt = e[0]
        by_key.setdefault((nt.arch, nt.purchase), []).append(e)
    for group in by_key.values():
        cap = np.array([e[0].capacity for e in group], dtype=float)
        price = np.array([e[0].usd_per_hour for e in group], dtype=float)
        names = [e[0].name for e in group]
        for j in range(len(group)):
            ge = np.all(cap >= cap[j] - 1e-9, axis=1) & (price <= price[j] + 1e-12)
            ge[j] = False
            strictly = np.any(cap > cap[j] + 1e-9, axis=1) | (price < price[j] - 1e-12)
            dominated = bool(np.any(ge & strictly)) or any(
                ge[i] and not strictly[i] and names[i] < names[j] for i in range(len(group)))
            if not dominated:
                keep.append(group[j])
    return keep


def service_count(svc, pack_for: str) -> int:
    """Tasks/pods to pack for a service: ceil(scaling.average) (or replicas), or scaling.max with pack_for=max."""
    if pack_for == "max" and svc.scaling is not None:
        return int(svc.scaling.max)
    return int(svc.desired_count)


#: How hard the packer searches: (time limit in seconds, local-search iterations or None for the packer's
#: default). ``compare`` uses the default; a scaling sweep, which packs at many points, sets a lighter effort
#: with ``packing_effort(...)``.
PACK_EFFORT: contextvars.ContextVar[tuple[float, int | None]] = contextvars.ContextVar("PACK_EFFORT", default=(60.0, 40))


@contextlib.contextmanager
def packing_effort(time_limit_s: float, max_iterations: int | None):
    """Temporarily change how hard ``plan_fleet`` lets the packer search."""
    token = PACK_EFFORT.set((time_limit_s, max_iterations))
    try:
        yield
    finally:
        PACK_EFFORT.reset(token)


def plan_fleet(workload, platform: str, prices=None, *, time_limit_s: float | None = None, seed: int = 0) -> FleetPlan:
    """Choose instance types and counts for a workload on ECS/EKS on EC2 (see docs/ec2.md)."""
    from advisor.pricing.catalog import Catalog, interruption_rank
    from advisor.errors import PriceDataError, SizingError
    from advisor.pricing.book import default_pricebook
    from advisor.sizing import packing

    check_platform(platform)
    prices = prices or default_pricebook()
    region = workload.region
    prices.check_region(region)
    cfg = workload.ec2
    cat = Catalog.of(prices)
    notes: list[str] = []
    unsupported: list[tuple[str, str]] = []

    # ---- items
    groups: list = []
    slot_demand = 1.0
    arches_needed: set[str] = set()
    spot_ok = cfg.spot
    for svc in workload.services:
        if svc.os == "windows":
            unsupported.append((svc.name, "Windows containers on EC2 need Windows AMI (Windows Server licence-included) "
                                          "instance prices, which the bundled data lacks (ec2_prices is Linux only)"))
            continue
        n = service_count(svc, cfg.pack_for)
        if n <= 0:
            continue
        arches_needed.add(svc.architecture)
        groups.append((svc, packing.ItemGroup(svc.name, svc.architecture, (svc.vcpu, svc.memory_mib, slot_demand), n)))
    if platform == "eks-ec2" and groups:
        # CoreDNS runs on the nodes too; put it on the first architecture the workload uses (x86_64 if present)
        arch = "x86_64" if "x86_64" in arches_needed else sorted(arches_needed)[0]
        groups.append((None, packing.ItemGroup("kube-system/coredns", arch, (COREDNS_CPU, COREDNS_MEMORY_MIB, 1.0),
                                               COREDNS_REPLICAS)))
    if not groups:
        return FleetPlan(platform, region, None, {}, {}, {}, unsupported, notes + ["no Linux tasks to place"], [], 0)

    # ---- node types
    extra_ds = workload_daemonsets(workload)
    daemonsets = (list(DEFAULT_EKS_DAEMONSETS) + extra_ds) if platform == "eks-ec2" else extra_ds
    cands, cnotes = cat.candidates(region, allowed_families=cfg.allowed_families, allowed_types=cfg.allowed_types,
                                   include=cfg.include)
    notes += cnotes
    cands = [t for t in cands if t.arch in arches_needed]
    capacities: dict[str, NodeCapacity] = {}
    rates: dict[tuple[str, str], object] = {}
    spot: dict[str, object] = {}
    entries = []
    worst = interruption_rank(cfg.max_interruption)
    for t in cands:
        cap = node_capacity(t, platform, prefix_delegation=cfg.prefix_delegation, daemonsets=daemonsets,
                            headroom_percent=cfg.headroom_percent, ecs_reserved_memory_mib=cfg.ecs_reserved_memory_mib,
                            ecs_network_mode=cfg.ecs_network_mode,
                            ecs_max_tasks_per_instance=cfg.ecs_max_tasks_per_instance)
        if min(cap.packable) <= 0:
            continue
        od = cat.on_demand(t.name, region)
        capacities[t.name] = cap
        rates[(t.name, "on_demand")] = od
        entries.append((packing.NodeType(t.name, t.arch, cap.packable, od.usd, "on_demand"),))
        if spot_ok and t.spot_supported:
            try:
                est = cat.spot(t.name, region)
            except PriceDataError:
                continue
            if interruption_rank(est.interruption) > worst or est.rate.usd <= 0:
                continue
            spot[t.name] = est
            rates[(t.name, "spot")] = est.rate
            entries.append((packing.NodeType(t.name + SPOT_SUFFIX, t.arch, cap.packable, est.rate.usd, "spot"),))
    missing_arch = arches_needed - {e[0].arch for e in entries}
    if missing_arch:
        raise PriceDataError(
            f"no priced {', '.join(sorted(missing_arch))} instance type in {region} matches the workload's ec2 settings "
            f"(allowed_families={cfg.allowed_families}, allowed_types={cfg.allowed_types}, include={cfg.include}). "
            f"Widen ec2.allowed_families / ec2.allowed_types, or run 'advisor pricing refresh --region {region} --tables ec2'."
        )
    node_types = [e[0] for e in _prune_dominated(entries)]
    on_demand_names = frozenset(nt.name for nt in node_types if nt.purchase == "on_demand")
    items = []
    for svc, g in groups:
        if spot_ok and svc is not None and not svc.spot:
            g = packing.ItemGroup(g.name, g.arch, g.demand, g.count, on_demand_names)
        elif spot_ok and svc is None:
            g = packing.ItemGroup(g.name, g.arch, g.demand, g.count, on_demand_names)  # keep CoreDNS off Spot
        items.append(g)
    try:
        effort_time, effort_iter = PACK_EFFORT.get()
        n_items = sum(g.count for g in items)
        if effort_iter is not None:
            # Large fleets: the LP-guided construction is already close to the bound and each local-search
            # iteration costs more, so spend a bounded amount of work (about 100,000 item moves).
            effort_iter = min(effort_iter, max(5, 100_000 // max(1, n_items)))
        result = packing.pack(items, node_types, min_nodes=cfg.min_nodes,
                              time_limit_s=effort_time if time_limit_s is None else time_limit_s,
                              seed=seed, max_iterations=effort_iter)
    except packing.PackingError as exc:
        raise SizingError(
            f"the {platform} fleet cannot be packed: {exc}. Check the service sizes against the node types allowed by "
            "the workload's ec2 section (allowed_families, allowed_types, headroom_percent)."
        ) from None
    notes.append(
        f"{len(node_types)} node type/purchase options considered after dropping dominated ones "
        f"(from {len(entries)} priced candidates in {region})."
    )
    return FleetPlan(platform, region, result, capacities, rates, spot, unsupported, notes, items, len(entries),
                     node_types, cfg.min_nodes)
