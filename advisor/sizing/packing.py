"""Multi-dimensional bin packing of tasks/pods onto EC2 node types.

This module is a pure algorithm: it knows nothing about AWS data files. Callers compute each node
type's *allocatable* capacity (after ECS agent / kubelet reservations, DaemonSets and headroom) and
pass it in, so ECS-on-EC2 and EKS-on-EC2 share the same packer (DESIGN.md, "Packing notes").

Dimensions are ``DIMENSIONS = ("cpu", "memory_mib", "slots")``; ``slots`` is pods per node (EKS max
pods) or awsvpc ENI task slots (ECS). Use a large number when a dimension is unlimited.

Public entry points
-------------------
``pack(groups, node_types, *, min_nodes=0, time_limit_s=None, seed=0, max_iterations=None)``
    Near-optimal mixed-type packing. Algorithm (per architecture, architectures are independent):

    1. Identical items are merged into *classes* (same arch, demand and ``allowed`` set; a group kept ``apart``
       is a class of its own), so the
       work scales with the number of distinct shapes, not the number of replicas.
    2. An *assignment LP* (variables: fractional node count per type and fractional number of
       items of each class on each type; each item only on types that can hold it) gives the
       cheapest fractional type mix, a per-item marginal value (dual) and a lower bound.
    3. When the LP's nodes hold few items (at most ``_CG_MAX_ITEMS_PER_NODE`` on average: ECS
       awsvpc ENI slots), the *configuration LP* is solved by column generation: node patterns
       (a type and how many items of each class it holds, in whole items) priced by 3-dimensional
       knapsacks (a branch and bound, HiGHS when that gives up); its bound is the reported one
       when it is higher. floor(y_p) identical nodes of every pattern are opened in bulk.
    4. When the LP needs at most ``_CONSTRUCT_MAX_NODES`` nodes, the LP's item-to-type split is
       also rounded and spread: for each type t, floor(x_t) nodes are opened and that type's share
       of items is spread over them (largest item first, into the nodes whose normalised free
       capacity it is best aligned with, in rounds; or best fit), which pairs CPU-heavy with
       memory-heavy items. The cheaper of the constructions is kept.
    5. Leftover items are first inserted into other nodes' slack (tightest fit), then packed by a
       cost-ratio greedy: open the node type whose greedy fill has the highest LP value per dollar
       (types are pruned with the LP-duality bound value <= price), many identical nodes at once
       while the pool is large; each new node is downsized to the cheapest type that holds it.
    6. Ruin-and-recreate local search, bounded by work (``_LS_WORK`` / items iterations, at most
       ``_LS_MAX_ITER``, stopping after ``_LS_STALL`` without gain, within ``_LS_DONE`` of the
       bound, or after ``_LS_FILL_WORK`` candidate scans of the greedy fills: the cost of an
       iteration grows with the number of distinct task sizes), deterministic for a seed: remove a few poorly-used nodes (plus random ones),
       re-insert their items into other nodes' slack, pack the rest with step 5, keep the change if
       the fleet is no more expensive. ``time_limit_s`` is only an optional safety net.
    7. ``min_nodes`` is met by splitting nodes or adding the cheapest node, whichever is cheaper, or by spreading
       every item over exactly ``min_nodes`` nodes (``_spread_over``) when that fleet costs less.
    8. With groups kept ``apart`` (at most ``_REPAIR_MAX_ITEMS`` of their items), the same groups are also packed
       without the rule and repaired (``_repair_apart``: swaps of same-size items, moves into free capacity); the
       cheaper valid fleet is kept.
    9. Tie-break (``_merge_nodes``): the packing minimises ``NodeType.usd_per_hour``; where that is the instance
       price alone (ECS/EKS on EC2), fleets of equal price tie however many nodes they have, though each node
       carries costs of its own (its EBS volume). Two nodes of one family and purchase option become one node of
       that family and option priced at least the dearer one and at most the two together, when it holds the items
       of both (``_cheapest_holding``, at most one item of a class kept apart), repeatedly, never below
       ``min_nodes``: fewer nodes, never a higher cost. Where the price holds per-node costs (the managed platforms:
       fee and volume, ``advisor.sizing.fleet``), a merge lowers it, so each construction of step 4 is merged before
       the cheapest is chosen (``_merged_copy``).

    The LPs and the knapsacks that the branch and bound gives up on are solved by HiGHS through its
    own Python package, ``highspy`` (imported when a fleet is packed; one reusable solver per
    thread). ``highspy.Highs()`` prints a banner to fd 1, so fd 1 is silenced while one is made.

``pack_all(jobs, *, workers=None)``
    ``pack`` for many jobs (a sweep's contested factors) with the same results: cached ones read, the first packed
    here, the rest by spawned worker processes when the first took at least ``_POOL_MIN_SECONDS``.

``lower_bound(groups, node_types, *, min_nodes=0)``
    The assignment LP of step 2 (plus the valid cut "type t can hold at most floor(capacity/demand)
    items of a class per node"). Any integral packing costs at least this; it takes milliseconds.

``BoundModel(groups, node_types, *, min_nodes=0).value(counts)``
    The same bound for the same item shapes at any counts (one per group), re-solved from the previous
    basis: milliseconds per call, for sweeps.

``first_fit_decreasing(groups, node_type)``
    Naive baseline: first-fit-decreasing onto ONE node type per architecture. ``node_type`` is a
    ``NodeType`` (all groups must share its arch), a list/tuple of ``NodeType`` (one per arch) or a
    ``dict`` mapping arch -> ``NodeType``.

Replicas of one service may share a node, except those of a group with ``apart=True`` (ECS ``distinctInstance``,
Kubernetes required pod anti-affinity on the hostname): every step above places at most one item of such a group on
a node (its ``maxfit`` is 1, which the LPs' max-items cut and the knapsacks' bounds also use). Items of *different*
groups that hold the same ``ItemGroup.exclusive`` key (a static host port: "A port number on a host can't be used by
multiple tasks", Amazon ECS Developer Guide; the Kubernetes scheduler's NodePorts filter) are kept apart too: each key
held by more than one class is one more capacity dimension, 1 on every node and 1 for each holder, so every step
keeps at most one holder on a node as it keeps to CPU and memory (the assignment LP then needs at least as many nodes
as the key has holders; past ``_EXCLUSIVE_LAZY`` such rows it adds a key's row for a type only once a solution breaks
it, ``_key_cuts``). Without such keys the problem keeps its three dimensions and packs exactly as before.
Other spread constraints (topology spread, zone anti-affinity) are not modelled.
"""
from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import marshal
import math
import operator
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from advisor import diskcache, progress
from advisor.sizing.workers import pack_workers
from advisor.units import name_list, num

__all__ = [
    "DIMENSIONS",
    "BoundModel",
    "ItemGroup",
    "Node",
    "NodeType",
    "PackResult",
    "PackingError",
    "first_fit_decreasing",
    "lower_bound",
    "pack",
    "pack_all",
]

DIMENSIONS = ("cpu", "memory_mib", "slots")
PURCHASE_OPTIONS = ("on_demand", "spot")
_NDIM = 3
_TOL = 1e-9          # feasibility tolerance per dimension (absolute), as promised to callers
_FIT_TOL = 5e-10     # tolerance used while packing (tighter, so float drift stays below _TOL)
_IPM_MIN_NONZEROS = 20_000  # BoundModel's first solve uses the interior point method above this many nonzeros
#: Below that, the first solve of a bound (only its value is read) uses HiGHS's primal simplex without presolve:
#: measured on the LPs of the examples and the benchmark fleets (microservices: 4 models of 490-750 columns, 7-14 ms
#: against 11-28 ms with the defaults; 100 services of 8 shapes 23-28 against 47-79 ms; 100 distinct sizes 360-480
#: against 420-610 ms), the same optimal values. The packing's own LPs keep the defaults: it reads their duals.
_BOUND_FIRST_SOLVE = {"solver": "simplex", "simplex_strategy": 4, "presolve": "off"}
_BOUND_RESOLVE = {"solver": "simplex", "simplex_strategy": 1, "presolve": "choose"}  # dual, from the last basis
_GAP_TOL = 1e-6      # relative: an LP bound above a packing's cost by less than this is the solver's tolerance
#: The assignment LP gives each exclusive key's dimension a row per node type up to this many such rows in all, one
#: row summed over the types beyond (``_assignment_model``). Measured on EKS on EC2 (88 node types): 100 pairs of
#: services sharing a port (8,800 rows) pack in 13 s per type, 2.5 s summed, a fleet 1.3% dearer; 200 services each
#: sharing ports with the next 9 (~16,800 rows) took HiGHS 140 s per type, 4 s summed.
_EXCLUSIVE_ROWS = 10_000
#: Above this many per-type rows of exclusive keys (up to ``_EXCLUSIVE_ROWS``), the assignment LP starts with the
#: summed rows and adds a key's row for a type only when the solution breaks it (``_key_cuts``), re-solving from the
#: last basis: the same optimum with a few hundred of the rows. 300 services sharing host ports in pairs on ECS on EC2
#: (63 types: 9,450 rows, benchmarks/bench_ports.py): 15 s with every row, 3-5 s with 286 rows added in 9 rounds.
#: (Lifting ``_EXCLUSIVE_ROWS`` too gave EKS on EC2's 13,200 rows a bound 0.05% stronger but a fleet 0.07% dearer
#: and 3 s slower: kept.)
_EXCLUSIVE_LAZY = 2_000
_KEY_CUT_ROUNDS = 50  # at most this many rounds of added rows (each leaves a valid bound: the summed rows stay)
#: The same for the classes kept apart (``apart``: one_per_node, a service's own host port): their cut "at most one
#: item of the class per node", z_ct <= x_t, is a row per (class, node type) up to this many such rows in all, one row
#: per class summed over its types beyond ("its items need as many nodes"). Measured on EKS on EC2 (88 node types,
#: a loaded 2-core machine): 300 services each holding a host port of its own (about 26,000 rows) spent 280 s of a
#: 297 s ``nodes pack`` in HiGHS, per type; summed, see ``_assignment_model``.
_APART_ROWS = 10_000
_MAXFIT_CUT = 64     # add the floor(capacity/demand) cut when at most this many items fit ...
_CUT_GAIN = 0.1      # ... and the floor makes it at least 10% stronger than the capacity rows
_SMALL_CLASSES = 40  # arch problems at most this big also get the exact-knapsack greedy start ...
_SMALL_NODES = 12    # ... when the assignment LP says they need at most about this many nodes
_BULK_ITEMS = 2_000  # the cost-ratio greedy opens identical nodes in bulk when more items than this are left
_CONSTRUCT_MAX_NODES = 400  # the assignment-LP spread construction runs when the LP needs at most this many nodes
_LS_WORK = 100_000   # local search: iterations = this / items of the arch (each iteration touches every node) ...
_LS_MIN_ITER = 3     # ... but at least this many iterations
_LS_MAX_ITER = 40    # ... and at most this many
_LS_DONE = 1e-4      # ... and none at all once the fleet is within 0.01% of the lower bound
_LS_STALL = 40       # ... stopping after this many iterations in a row without a cheaper fleet
#: ... and once the greedy fills of its iterations have scanned this many candidate items in all. An iteration costs
#: (items re-packed) x (node types tried) x (distinct task sizes left), so 40 iterations over 100 distinct sizes cost
#: ~15x what they cost over 8 shapes (3.3M scans, 2.5 s, for 100 services on EKS; the benchmark fleets stay below
#: 0.25M). Counted, not timed: the result does not depend on the machine.
_LS_FILL_WORK = 1_000_000


class PackingError(ValueError):
    """Raised when a workload cannot be packed onto the given node types (bad input)."""


@dataclass(frozen=True)
class NodeType:
    name: str
    arch: str
    capacity: tuple[float, float, float]
    usd_per_hour: float
    purchase: str = "on_demand"


@dataclass(frozen=True)
class ItemGroup:
    name: str
    arch: str
    demand: tuple[float, float, float]
    count: int
    allowed: frozenset[str] | None = None
    #: at most one item of this group on any node (a service's replicas kept on different nodes: ECS
    #: ``distinctInstance``, Kubernetes required pod anti-affinity on ``kubernetes.io/hostname``)
    apart: bool = False
    #: resources a node has one of, which an item of this group holds (hashable keys: a static host port): at most
    #: one item holding each key on any node, whatever its group (so a group with any key is also kept ``apart``).
    #: Each key that items of more than one class hold is an extra capacity dimension of the problem, 1 on every
    #: node and 1 for each holder (``_Problem.D``), which every step of the packing (fills, LPs, knapsacks, repairs)
    #: then keeps to as it keeps to CPU and memory
    exclusive: frozenset = frozenset()

    def __init__(self, name: str, arch: str, demand: tuple[float, float, float], count: int,
                 allowed: frozenset[str] | None = None, apart: bool = False, exclusive: frozenset = frozenset()):
        # the fields written straight into the instance dict: a frozen dataclass's own __init__ sets each through
        # object.__setattr__, twice the time, and a 10,000-service fleet builds 10,000 groups per platform
        # (dataclass keeps an __init__ the class defines; equality, hashing, repr and replace() stay as generated)
        fields = self.__dict__
        fields["name"], fields["arch"], fields["demand"], fields["count"] = name, arch, demand, count
        fields["allowed"], fields["apart"], fields["exclusive"] = allowed, apart, exclusive


@dataclass
class Node:
    """One node: its type, price, allocatable capacity, capacity used and {service name: items}."""

    instance_type: str
    purchase: str
    arch: str
    usd_per_hour: float
    capacity: tuple[float, float, float]
    used: tuple[float, float, float]
    placements: dict[str, int] = field(default_factory=dict)

    @property
    def type_name(self) -> str:  # alias
        return self.instance_type


@dataclass(eq=False)
class PackResult:
    """Result of a packing.

    ``nodes``: every node with its placements (built on first access: a sweep that packs 100,000 tasks at many
    scales only reads the fleet rows and totals). ``fleet`` rows: ``{"instance_type", "purchase", "arch", "count",
    "usd_per_hour" (price of ONE node), "total_usd_per_hour" (count x price)}``, sorted by (instance_type,
    purchase). ``utilisation[dim]`` = total demand / total allocatable capacity of the chosen nodes.
    ``gap`` = cost / lower bound - 1 (0.0 when both are 0). ``lower_bound_per_hour`` is the stronger of the
    configuration LP (when solved) and the assignment LP; ``assignment_bound_per_hour`` is the latter (what
    ``lower_bound`` returns for the same inputs).
    """

    _nodes: object  # list[Node], or a function that builds it (called once, on first access)
    fleet: list[dict]
    cost_per_hour: float
    lower_bound_per_hour: float
    gap: float
    utilisation: dict[str, float]
    algorithm: str
    notes: list[str]
    assignment_bound_per_hour: float = 0.0
    #: a function returning the nodes as plain data (``_nodes_from`` input): what the cache directory stores
    _source: object = field(default=None, repr=False)

    @property
    def nodes(self) -> list[Node]:
        if callable(self._nodes):
            self._nodes = self._nodes()
        return self._nodes

    def __eq__(self, other) -> bool:
        if not isinstance(other, PackResult):
            return NotImplemented
        fields = ("fleet", "cost_per_hour", "lower_bound_per_hour", "gap", "utilisation", "algorithm", "notes",
                  "assignment_bound_per_hour")
        return all(getattr(self, f) == getattr(other, f) for f in fields) and self.nodes == other.nodes


# --------------------------------------------------------------------------------------------
# Problem preparation and validation
# --------------------------------------------------------------------------------------------

def _fmt_vec(v) -> str:
    return f"cpu {num(v[0])} vCPU, memory {num(v[1])} MiB, slots {num(v[2])}"


def _plain_vec(v) -> bool:
    """Whether ``v`` is already what ``_check_vec`` returns: a tuple of three finite floats >= 0 (NaN fails the
    comparison)."""
    if type(v) is tuple and len(v) == 3:  # _NDIM
        a, b, c = v
        return type(a) is float and type(b) is float and type(c) is float and 0.0 <= a < math.inf \
            and 0.0 <= b < math.inf and 0.0 <= c < math.inf
    return False


def _check_vec(label: str, v, *, what: str) -> tuple[float, float, float]:
    if _plain_vec(v):
        return v
    try:
        vals = tuple(float(x) for x in v)
    except (TypeError, ValueError):
        raise PackingError(f"{label}: {what} must be 3 numbers {DIMENSIONS}, got {v!r}") from None
    if len(vals) != _NDIM:
        raise PackingError(f"{label}: {what} must have 3 values {DIMENSIONS}, got {len(vals)}: {v!r}")
    for dim, x in zip(DIMENSIONS, vals):
        if not math.isfinite(x) or x < 0:
            raise PackingError(f"{label}: {what} {dim} must be a finite number >= 0, got {x!r}")
    return vals


def _shared_keys(exclusive: list) -> list[frozenset[int]]:
    """The sets of classes (indices into ``exclusive``, each class's keys) that share an exclusive key: one per key
    that more than one class holds, keys held by the same classes counted once (hostPort 80 and 443 of the same two
    services are one constraint), and a set inside another left out (the larger one implies it). Sorted, so the
    dimensions do not depend on the order of the keys."""
    holders: dict = {}
    for c, keys in enumerate(exclusive):
        for key in keys:
            holders.setdefault(key, set()).add(c)
    sets = {frozenset(s) for s in holders.values() if len(s) > 1}
    if len(sets) > 1:  # a set inside another: the larger one keeps those classes apart already
        by_size = sorted(sets, key=len, reverse=True)
        kept: list[frozenset[int]] = []
        for s in by_size:
            if not any(s <= k for k in kept):
                kept.append(s)
        sets = set(kept)
    return sorted(sets, key=lambda s: sorted(s))


class _Problem:
    """Validated, class-merged problem. Classes = identical items (arch, demand, allowed).

    ``D``: the number of capacity dimensions, ``DIMENSIONS`` plus one per set of classes that share an ``exclusive``
    key (``demand`` (C, D), ``cap`` (T, D)); 3 when no two classes hold the same key."""

    def __init__(self, groups: Iterable[ItemGroup], node_types: Iterable[NodeType]):
        groups = list(groups)
        node_types = list(node_types)
        seen = set()
        for nt in node_types:
            if not isinstance(nt, NodeType):
                raise PackingError(f"node types must be NodeType instances, got {type(nt).__name__}")
            if not nt.name:
                raise PackingError("node type with an empty name")
            key = (nt.name, nt.purchase)
            if key in seen:
                raise PackingError(f"node type {nt.name!r} ({nt.purchase}) is listed twice")
            seen.add(key)
            if nt.purchase not in PURCHASE_OPTIONS:
                raise PackingError(
                    f"node type {nt.name!r}: purchase must be one of {PURCHASE_OPTIONS}, got {nt.purchase!r}")
            _check_vec(f"node type {nt.name!r}", nt.capacity, what="capacity")
            p = float(nt.usd_per_hour)
            if not math.isfinite(p) or p <= 0:
                raise PackingError(f"node type {nt.name!r}: usd_per_hour must be > 0, got {nt.usd_per_hour!r}")
        self.types = node_types
        self.T = len(node_types)
        self.cap = np.array([nt.capacity for nt in node_types], dtype=float).reshape(self.T, _NDIM)
        self.price = np.array([nt.usd_per_hour for nt in node_types], dtype=float)
        self.type_arch = np.array([nt.arch for nt in node_types], dtype=object)
        self.type_names = [nt.name for nt in node_types]

        names = set()
        class_index: dict[tuple, int] = {}
        demand, count, arch, allowed, members, apart, exclusive = [], [], [], [], [], [], []
        for g in groups:
            if not isinstance(g, ItemGroup):
                raise PackingError(f"groups must be ItemGroup instances, got {type(g).__name__}")
            if g.name in names:
                raise PackingError(f"service {g.name!r} is listed twice; service names must be unique")
            names.add(g.name)
            d = g.demand  # the checks' common case first (a 10,000-service fleet has 10,000 groups): no message built
            if not _plain_vec(d):
                d = _check_vec(f"service {g.name!r}", d, what="demand")
            n = g.count
            if type(n) is not int or n < 0:
                if isinstance(n, bool) or int(n) != n or n < 0:
                    raise PackingError(f"service {g.name!r}: count must be an integer >= 0, got {g.count!r}")
                n = int(n)
            if n == 0:
                continue
            al = g.allowed
            if al is not None and type(al) is not frozenset:
                al = frozenset(al)
            if type(g.apart) is not bool:
                raise PackingError(f"service {g.name!r}: apart must be true or false, got {g.apart!r}")
            if not isinstance(g.exclusive, (frozenset, set, tuple, list)):
                raise PackingError(f"service {g.name!r}: exclusive must be a set of keys, got {g.exclusive!r}")
            keep_apart = g.apart or bool(g.exclusive)
            key = (g.arch, d, al, g.name if keep_apart else None)  # a group kept apart is a class of its own
            if key not in class_index:
                class_index[key] = len(demand)
                demand.append(d)
                count.append(0)
                arch.append(g.arch)
                allowed.append(al)
                members.append([])
                apart.append(keep_apart)
                exclusive.append(g.exclusive)
            c = class_index[key]
            count[c] += n
            members[c].append((g.name, n))
        self.C = len(demand)
        self.demand = np.array(demand, dtype=float).reshape(self.C, _NDIM)
        self.count = np.array(count, dtype=np.int64)
        self.class_arch = np.array(arch, dtype=object)
        self.members = members
        self.apart = np.array(apart, dtype=bool)  # (C,) at most one item of the class per node
        shared = _shared_keys(exclusive) if any(exclusive) else []
        #: the extra dimensions: the classes holding each (a set of classes that share an ``exclusive`` key)
        self.exclusive_sets = shared
        self.D = _NDIM + len(shared)
        if shared:  # one more dimension per set: 1 on every node, 1 for each class of the set
            holds = np.zeros((self.C, len(shared)))
            for k, cls in enumerate(shared):
                holds[list(cls), k] = 1.0
            self.demand = np.hstack([self.demand, holds])
            self.cap = np.hstack([self.cap, np.ones((self.T, len(shared)))])

        # feasibility: class c may use type t
        feas = np.zeros((self.C, self.T), dtype=bool)
        for c in range(self.C):
            svc = ", ".join(repr(m[0]) for m in members[c][:3]) + (" ..." if len(members[c]) > 3 else "")
            same_arch = self.type_arch == arch[c]
            if not same_arch.any():
                have = sorted(set(self.type_arch.tolist())) or ["none"]
                raise PackingError(
                    f"service {svc} needs arch {arch[c]!r} but no node type of that arch was given "
                    f"(node type arches: {', '.join(have)}); add {arch[c]} node types or change the service's arch")
            ok = same_arch.copy()
            if allowed[c] is not None:
                ok &= np.array([nm in allowed[c] for nm in self.type_names], dtype=bool)
                if not ok.any():
                    raise PackingError(
                        f"service {svc}: none of its allowed node types {sorted(allowed[c])} exists with arch "
                        f"{arch[c]!r} among the given node types")
            fits = np.all(self.cap >= self.demand[c] - _FIT_TOL, axis=1)
            if not (ok & fits).any():
                cand = np.flatnonzero(ok)
                parts = []
                for d, dim in enumerate(DIMENSIONS):
                    j = cand[np.argmax(self.cap[cand, d])]
                    parts.append(f"{dim} {num(self.cap[j, d])} ({self.type_names[j]})")
                raise PackingError(
                    f"service {svc} cannot be placed: one item needs {_fmt_vec(self.demand[c])}, which does not "
                    f"fit the allocatable capacity of any allowed {arch[c]} node type; largest allocatable "
                    f"available: {', '.join(parts)}. Use larger node types or smaller task/pod sizes.")
            feas[c] = ok & fits
        self.feas = feas
        self.arches = sorted(set(arch))

        # per class & type: max items of that class on one node of that type
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(self.demand[:, None, :] > 0,
                             (self.cap[None, :, :] + _FIT_TOL) / self.demand[:, None, :], np.inf)
        mf = np.floor(ratio.min(axis=2)) if self.C and self.T else np.zeros((self.C, self.T))
        if self.C and self.apart.any():
            mf = np.where(self.apart[:, None], np.minimum(mf, 1.0), mf)
        self.maxfit = np.where(feas, mf, 0.0)
        # normalised size of an item on a type (for heuristics); 0-capacity dims count as 0
        with np.errstate(divide="ignore", invalid="ignore"):
            self.inv_cap = np.where(self.cap > 0, 1.0 / self.cap, 0.0)

    def classes_of(self, arch: str) -> np.ndarray:
        return np.flatnonzero(self.class_arch == arch)

    def types_of(self, arch: str) -> np.ndarray:
        return np.flatnonzero(self.type_arch == arch)


# --------------------------------------------------------------------------------------------
# HiGHS through highspy (its own Python package): LPs and the small knapsack MILPs
# --------------------------------------------------------------------------------------------

_SOLVERS = threading.local()  # one Highs object per thread and kind ("lp", "mip", "cg"), reused for every solve


@dataclass
class _Solution:
    value: float
    x: np.ndarray
    row_dual: np.ndarray
    optimal: bool
    bound: float  # MIP: the dual bound (<= value for a minimisation); LP: the objective value


def _highs(kind: str):
    """The thread's reusable Highs object for LPs, the knapsack MILPs, the column-generation master or LPs solved
    for their value only ("lp", "mip", "cg", "bound"; options fixed per kind)."""
    h = getattr(_SOLVERS, kind, None)
    if h is None:
        # Lazy import: highspy (~20 ms) is only needed when a fleet is packed, never on Fargate-only paths.
        import highspy

        h = _new_highs(highspy)
        if kind == "mip":
            # node-limited, so a solve stays short and deterministic (presolve on: ~10x faster on these knapsacks)
            h.setOptionValue("mip_max_nodes", 500)
        elif kind == "bound":
            for option, setting in _BOUND_FIRST_SOLVE.items():
                h.setOptionValue(option, setting)
        setattr(_SOLVERS, kind, h)
    return h


def _new_highs(highspy):
    """A silent HiGHS solver on one thread. HiGHS's answer to a degenerate LP (which of several optimal vertices, so
    which duals) depends on how many threads it runs, and by default that follows the machine's CPUs: a fleet
    packed on a 2-CPU machine differed from the same fleet packed on 4 threads (a 22-service workload at 0.25x:
    $2,546.24 against $2,565.95 a month). One thread everywhere makes a packing a function of its inputs on every
    machine, in ``pack_all``'s worker processes and in the cache directory; these LPs are small enough that more
    threads gain nothing."""
    with _quiet_stdout():  # highspy.Highs() logs a banner to fd 1 while it installs its callbacks
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def _solve(c: np.ndarray, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, row_lo: np.ndarray,
           row_hi: np.ndarray, col_lo: np.ndarray, col_hi: np.ndarray, *, integer: bool = False,
           kind: str = "lp", cuts=None) -> _Solution:
    """min c.x  s.t.  row_lo <= A x <= row_hi,  col_lo <= x <= col_hi  (x integer if ``integer``).

    A is given as coordinates (rows, cols, vals) with no duplicates. Infinite bounds are +-inf. Returns the
    primal solution, the row duals (d objective / d row bound, HiGHS's sign convention for a minimisation)
    and whether HiGHS proved optimality. ``kind``: which of the thread's solvers solves an LP (``_highs``).
    ``cuts``: a function of an optimal solution giving rows ``<= 0`` it breaks (``_key_cuts``), added and the LP
    re-solved from its basis until it gives None (at most ``_KEY_CUT_ROUNDS`` times); the duals of the added rows
    follow the others'."""
    import highspy

    n, m = len(c), len(row_lo)
    order = np.lexsort((rows, cols))
    cols_sorted = cols[order]
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = np.asarray(c, dtype=np.float64)
    lp.col_lower_ = np.asarray(col_lo, dtype=np.float64)
    lp.col_upper_ = np.asarray(col_hi, dtype=np.float64)
    lp.row_lower_ = np.asarray(row_lo, dtype=np.float64)
    lp.row_upper_ = np.asarray(row_hi, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = np.searchsorted(cols_sorted, np.arange(n + 1)).astype(np.int32)
    lp.a_matrix_.index_ = rows[order].astype(np.int32)
    lp.a_matrix_.value_ = np.asarray(vals, dtype=np.float64)[order]
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h = _highs("mip" if integer else kind)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    sol = h.getSolution()
    x = np.asarray(sol.col_value, dtype=float)
    optimal = status == highspy.HighsModelStatus.kOptimal
    for _ in range(_KEY_CUT_ROUNDS if cuts is not None and optimal and len(x) == n else 0):
        new = cuts(x)
        if new is None:
            break
        starts, index, value = new
        k = len(starts)
        h.addRows(k, np.full(k, -np.inf), np.zeros(k), len(index), starts, index, value)
        h.run()
        status = h.getModelStatus()
        sol = h.getSolution()
        x = np.asarray(sol.col_value, dtype=float)
        optimal = status == highspy.HighsModelStatus.kOptimal
        if not optimal or len(x) != n:
            break
    if len(x) != n:
        x = np.full(n, np.nan)
    info = h.getInfo()
    value = float(info.objective_function_value)
    duals = np.asarray(sol.row_dual, dtype=float) if not integer else np.zeros(m)
    bound = float(info.mip_dual_bound) if integer else value
    return _Solution(value, x, duals, optimal, bound)


# --------------------------------------------------------------------------------------------
# LP relaxation
# --------------------------------------------------------------------------------------------

@dataclass
class _LPSol:
    value: float
    x: np.ndarray          # (T,) fractional node counts
    z: np.ndarray          # (C, T) fractional items per class per type
    u: np.ndarray          # (C,) marginal cost of one more item of the class (dual)


@dataclass
class _AssignModel:
    """The assignment LP's matrices for a problem's classes and types; the counts enter only as row bounds
    (the equality rows, and which "at least one node" rows are active), so one model serves any counts."""

    c: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    ub: np.ndarray            # upper bounds of the r inequality rows (lower bounds are -inf)
    r: int                    # inequality rows; the C equality rows follow
    pc: np.ndarray            # pair -> class
    pt: np.ndarray            # pair -> type
    set_rows: np.ndarray      # row index of each "a node that can host the class" row
    set_of_class: np.ndarray  # (C,) index into set_rows
    min_row: int = -1         # row index of "sum_t x_t >= min_nodes", or -1 when the model has none
    lazy_keys: bool = False   # the exclusive keys' per-type rows are left out, added when broken (``_key_cuts``)

    def row_bounds(self, count: np.ndarray, min_nodes: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(lower, upper) row bounds for ``count`` items per class; ``min_nodes`` replaces the model's fewest nodes
        (its row must exist: ``_assignment_model(..., min_row=True)``)."""
        lo = np.concatenate([np.full(self.r, -np.inf), count.astype(float)])
        hi = np.concatenate([self.ub, count.astype(float)])
        if min_nodes is not None:
            if self.min_row < 0:
                raise PackingError("this assignment model has no min_nodes row to change")
            hi[self.min_row] = -float(min_nodes)
        needed = np.zeros(len(self.set_rows), dtype=bool)
        needed[self.set_of_class[count > 0]] = True
        hi[self.set_rows[~needed]] = np.inf  # no item of these classes: no node needed for them
        return lo, hi


def _assignment_model(prob: _Problem, min_nodes: int = 0, min_row: bool = False) -> _AssignModel:
    """min sum p_t x_t  s.t.  sum_t z_ct = n_c;  sum_c a_cd z_ct <= cap_td x_t;
    z_ct <= maxfit_ct x_t (when maxfit is small);  sum_{t in F_c} x_t >= 1 for every class with items;
    sum_t x_t >= min_nodes;  x, z >= 0;  z_ct only for types t that can hold an item of class c (arch,
    allowed, size). Variables: the T x_t first, then one z per feasible (class, type) pair. ``min_row``: keep the
    min_nodes row even at 0, so that ``row_bounds`` can change it (``BoundModel``)."""
    T, C = prob.T, prob.C
    pc, pt = np.nonzero(prob.feas)
    P = len(pc)
    zcol = T + np.arange(P)
    rows, cols, vals = [], [], []
    b_ub = []
    r = 0
    # capacity rows, scaled by 1/cap_td: sum_c (a_cd/cap_td) z_ct - x_t <= 0
    # An exclusive key's dimension (d >= 3) gets one row per type while the keys and types are few; beyond
    # ``_EXCLUSIVE_ROWS`` (hundreds of services sharing ports) one row summed over the types, "the key's holders need
    # as many nodes", which is valid and keeps the LP's size that of the problem without keys.
    # Between ``_EXCLUSIVE_LAZY`` and ``_EXCLUSIVE_ROWS`` such rows the model starts with the summed ones and
    # ``_key_cuts`` adds the per-type rows that an LP solution breaks (``lazy_keys``).
    key_rows = (prob.D - _NDIM) * T
    lazy_keys = _EXCLUSIVE_LAZY < key_rows <= _EXCLUSIVE_ROWS
    per_type_keys = key_rows <= _EXCLUSIVE_ROWS and not lazy_keys
    for d in range(prob.D):
        a = prob.demand[pc, d]
        capd = prob.cap[pt, d]
        m = (a > 0)
        if not m.any():
            continue
        if d >= _NDIM and not per_type_keys:  # sum_t (sum_{c holds the key} z_ct - x_t) <= 0
            used_types = np.flatnonzero(np.bincount(pt[m], minlength=T))
            rows.append(np.full(int(m.sum()) + len(used_types), r))
            cols.append(np.concatenate([zcol[m], used_types]))
            vals.append(np.concatenate([np.ones(int(m.sum())), -np.ones(len(used_types))]))
            b_ub.append(0.0)
            r += 1
            continue
        # every pair with a>0 has capd>0 (else infeasible); row id per type
        used_types = np.flatnonzero(np.bincount(pt[m], minlength=T))  # sorted, each once (np.unique loads numpy.ma)
        row_of = np.full(T, -1)
        row_of[used_types] = r + np.arange(len(used_types))
        rows.append(row_of[pt[m]])
        cols.append(zcol[m])
        vals.append(a[m] / capd[m])
        rows.append(row_of[used_types])
        cols.append(used_types)
        vals.append(-np.ones(len(used_types)))
        b_ub.extend([0.0] * len(used_types))
        r += len(used_types)
    # max-fit cuts: z_ct - f_ct x_t <= 0 where floor makes it strictly stronger and f is small
    f = prob.maxfit[pc, pt]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac_fit = np.min(np.where(prob.demand[pc] > 0, prob.cap[pt] / prob.demand[pc], np.inf), axis=1)
    with np.errstate(invalid="ignore"):
        cut = (f <= _MAXFIT_CUT) & (frac_fit - f > _CUT_GAIN * frac_fit)
        apart = prob.apart[pc] & (frac_fit > f + 1e-9)
    kept = prob.apart[pc] & (cut | apart)  # a class kept apart has maxfit 1: its cut is the rule
    if int(kept.sum()) > _APART_ROWS:
        # hundreds of classes kept apart: one row per class, sum_t (z_ct - x_t) <= 0 over its feasible types ("its
        # items need as many nodes"), valid and the size of the problem without the rule
        m = cut & ~prob.apart[pc]
        for c in np.unique(pc[kept]):
            ts = np.flatnonzero(prob.feas[c])
            zs = zcol[pc == c]
            rows.append(np.full(len(zs) + len(ts), r))
            cols.append(np.concatenate([zs, ts]))
            vals.append(np.concatenate([np.ones(len(zs)), -np.ones(len(ts))]))
            b_ub.append(0.0)
            r += 1
    else:
        m = cut | apart
    k = int(m.sum())
    if k:
        rid = r + np.arange(k)
        rows.append(rid)
        cols.append(zcol[m])
        vals.append(np.ones(k))
        rows.append(rid)
        cols.append(pt[m])
        vals.append(-f[m])
        b_ub.extend([0.0] * k)
        r += k
    # every class needs at least one node of a type that can host it: sum_{t in F_c} x_t >= 1
    # (one row per distinct feasible set; keeps the bound > 0 even for zero-size items)
    sets: dict[bytes, int] = {}
    set_of_class = np.zeros(C, dtype=np.int64)
    set_rows = []
    for c in range(C):
        key = prob.feas[c].tobytes()
        if key not in sets:
            sets[key] = len(set_rows)
            ts = np.flatnonzero(prob.feas[c])
            rows.append(np.full(len(ts), r))
            cols.append(ts)
            vals.append(-np.ones(len(ts)))
            b_ub.append(-1.0)
            set_rows.append(r)
            r += 1
        set_of_class[c] = sets[key]
    at = -1
    if min_nodes > 0 or min_row:
        at = r
        rows.append(np.full(T, r))
        cols.append(np.arange(T))
        vals.append(-np.ones(T))
        b_ub.append(-float(min_nodes))
        r += 1
    # equality rows after the r inequality rows: sum_t z_ct = n_c (their duals are the item values)
    rows.append(r + pc)
    cols.append(zcol)
    vals.append(np.ones(P))
    return _AssignModel(np.concatenate([prob.price, np.zeros(P)]), np.concatenate(rows), np.concatenate(cols),
                        np.concatenate(vals), np.array(b_ub, dtype=float), r, pc, pt,
                        np.array(set_rows, dtype=np.int64), set_of_class, at, lazy_keys)


def _key_cuts(prob: _Problem, model: _AssignModel):
    """For a model with ``lazy_keys``: a function of an LP solution that gives the exclusive keys' per-type rows it
    breaks, sum_{c holds key k} z_ct - x_t <= 0, as (starts, columns, values) for ``Highs.addRows`` (in key, then type
    order), or None when it breaks none. Each row is given once."""
    T = prob.T
    zcol = np.full((prob.C, T), -1, dtype=np.int64)
    zcol[model.pc, model.pt] = T + np.arange(len(model.pc))
    members = [np.array(sorted(cls), dtype=np.int64) for cls in prob.exclusive_sets]
    added = np.zeros((len(members), T), dtype=bool)

    def cuts(x: np.ndarray):
        starts, idx, vals = [], [], []
        for k, cls in enumerate(members):
            cz = zcol[cls]
            held = np.where(cz >= 0, x[np.maximum(cz, 0)], 0.0).sum(axis=0)
            for t in np.flatnonzero((held > x[:T] + _TOL) & ~added[k]):
                added[k, t] = True
                cs = cz[:, t][cz[:, t] >= 0]
                starts.append(len(idx))
                idx.extend(cs.tolist() + [int(t)])
                vals.extend([1.0] * len(cs) + [-1.0])
        if not starts:
            return None
        return np.array(starts, dtype=np.int32), np.array(idx, dtype=np.int32), np.array(vals, dtype=float)
    return cuts


def _solve_model(prob: _Problem, model: _AssignModel, lo: np.ndarray, hi: np.ndarray, kind: str) -> _Solution:
    """``_solve`` of an assignment model with its row bounds; with ``lazy_keys``, broken key rows added (``_key_cuts``)
    and the LP re-solved from its basis until none is broken (or ``_KEY_CUT_ROUNDS``). The row duals are those of
    the model's own rows (an added row's follow them)."""
    nvar = len(model.c)
    if model.lazy_keys and kind == "bound":
        kind = "lp"  # rows added to an optimum: the dual simplex re-solves (the primal one took 10 s, not 5, here)
    return _solve(model.c, model.rows, model.cols, model.vals, lo, hi, np.zeros(nvar), np.full(nvar, np.inf), kind=kind,
                  cuts=_key_cuts(prob, model) if model.lazy_keys else None)


def _trivial_lp(prob: _Problem, min_nodes: int) -> _LPSol:
    """No items: nothing, or min_nodes of the cheapest type."""
    T = prob.T
    if min_nodes <= 0:
        return _LPSol(0.0, np.zeros(T), np.zeros((prob.C, T)), np.zeros(prob.C))
    if T == 0:
        raise PackingError(f"min_nodes={min_nodes} but no node types were given")
    j = int(np.argmin(prob.price))
    x = np.zeros(T)
    x[j] = min_nodes
    return _LPSol(float(prob.price[j] * min_nodes), x, np.zeros((prob.C, T)), np.zeros(prob.C))


def _assignment_lp(prob: _Problem, min_nodes: int = 0, kind: str = "lp") -> _LPSol:
    """The assignment LP (``_assignment_model``) solved for the problem's counts (``kind``: ``_highs``'s; "bound"
    when only the value is read)."""
    T, C = prob.T, prob.C
    if C == 0 or not prob.count.any():
        return _trivial_lp(prob, min_nodes)
    model = _assignment_model(prob, min_nodes)
    lo, hi = model.row_bounds(prob.count)
    sol = _solve_model(prob, model, lo, hi, kind)
    x = np.maximum(sol.x[:T], 0.0)
    z = np.zeros((C, T))
    z[model.pc, model.pt] = np.maximum(sol.x[T:], 0.0)
    u = sol.row_dual[model.r:model.r + C]
    return _LPSol(float(sol.value), x, z, u)


def lower_bound(groups: list[ItemGroup], node_types: list[NodeType], *, min_nodes: int = 0) -> float:
    """LP-relaxation lower bound (USD/hour) on the cost of any feasible packing (the assignment LP, solved for its
    value only: ``_BOUND_FIRST_SOLVE``; remembered in the cache directory, ``_LpValues``)."""
    prob = _Problem(groups, node_types)
    min_nodes = int(min_nodes)
    if prob.C == 0 or not prob.count.any():
        return _trivial_lp(prob, min_nodes).value
    values = _LpValues(prob, min_nodes)
    value = values.get(prob.count)
    if value is None:
        model = _assignment_model(prob, min_nodes)
        lo, hi = model.row_bounds(prob.count)
        value = _solve_model(prob, model, lo, hi, "bound").value
        values.put(prob.count, value)
    return value


#: Values one ``_LpValues`` or ``_SolveLog`` entry holds at most (a sweep asks a model for a few dozen).
_LP_VALUES_MAX = 1024


def _lp_cache_key(kind: str, prob: _Problem, min_nodes: int, min_row: bool) -> str | None:
    """The cache-directory key of the values of a problem's assignment LP (``_assignment_model(prob, min_nodes,
    min_row)``, a function of these arrays and this module's source): a digest of the arrays the model is built
    from, with the source and the solver versions (None when caching is off)."""
    digest = diskcache.source_digest("advisor.sizing.packing") if diskcache.enabled() else ""
    if not digest:
        return None
    return diskcache.key_of(kind, 2, digest, _solver_versions(), int(min_nodes), bool(min_row),
                            _array_digest(prob.feas, prob.demand, prob.cap, prob.maxfit, prob.apart, prob.price))


def _counts_digest(count: np.ndarray, min_nodes: int | None = None) -> str:
    """The digest of an LP's counts (items per class) and fewest nodes, which give its row bounds."""
    return _array_digest(np.asarray(count, dtype=np.int64), np.array([-1 if min_nodes is None else int(min_nodes)]))


def _lp_value_ok(digest, value) -> bool:
    """Whether a remembered (row-bounds digest, value) pair can be one: a digest and a finite value >= 0 (the LPs
    minimise prices)."""
    return type(digest) is str and len(digest) == 32 and type(value) is float and 0.0 <= value <= MAX_LP_VALUE


class _LpRange:
    """What a problem's assignment LP can be worth, by bounds computed without a solver (``possible``), to check the
    values read from the cache directory: the per-class figures are computed once, each request costs O(classes)."""

    def __init__(self, prob: _Problem):
        self.cheapest_any = float(prob.price.min()) if prob.T else math.inf
        # per class: its cheapest feasible node, and its item's cheapest capacity per dimension (USD per item)
        self.cheapest = np.where(prob.feas, prob.price, np.inf).min(axis=1, initial=np.inf)
        with np.errstate(divide="ignore", invalid="ignore"):
            per_unit = np.where(prob.feas[:, :, None] & (prob.cap[None] > 0), (prob.price[:, None] / prob.cap)[None],
                                np.inf).min(axis=1, initial=np.inf)
            self.volume = np.where(prob.demand > 0, prob.demand * per_unit, 0.0)  # (classes, dims)

    def possible(self, count: np.ndarray, fewest: int, value: float) -> bool:
        """Whether ``value`` can be the LP's value for ``count`` items per class and ``fewest`` nodes: at least what
        each class's cheapest feasible node, the fewest nodes and each dimension's cheapest capacity (per unit, on a
        type that may hold the class) cost; at most the cost of every item alone on its class's cheapest node, plus
        the cheapest nodes still needed for ``fewest`` (a feasible packing). A margin of one part in a million
        covers the solver's tolerances; a value outside is solved again."""
        n = np.asarray(count, dtype=float)
        has = n > 0
        if not has.any():
            return False
        low = max(float(self.cheapest[has].max()), max(int(fewest), 0) * self.cheapest_any,
                  float((n[:, None] * self.volume).sum(axis=0).max()))
        high = float((n[has] * self.cheapest[has]).sum()) + max(int(fewest) - float(n.sum()), 0.0) * self.cheapest_any
        return bool(math.isfinite(high) and low * (1 - 1e-6) - 1e-9 <= value <= high * (1 + 1e-6) + 1e-9)


def _lp_value_possible(prob: _Problem, count: np.ndarray, fewest: int, value: float) -> bool:
    """``_LpRange(prob).possible(count, fewest, value)``."""
    return _LpRange(prob).possible(count, fewest, value)


class _LpValues:
    """The optimal values of one LP model (costs and matrix) at the row bounds asked so far, each solved from
    nothing (``lower_bound``), remembered in the cache directory (``advisor.diskcache``, kind ``lp-values``): the
    slot test of a fleet read from the cache costs a file read instead of HiGHS's solves (4 cold solves, about
    60 ms, in the microservices compare). The key is a digest of the model's arrays, the entry a mapping of a
    digest of the row bounds to the value: a solve from nothing gives the same value whatever was solved before,
    so an entry is exactly what solving would give. Read back, it must be a mapping of at most ``_LP_VALUES_MAX``
    such pairs (``_lp_value_ok``), and a value asked for must be one the LP can have (``_LpRange``); anything
    else is solved again. ``ADVISOR_CACHE=off``: nothing read or written."""

    def __init__(self, prob: _Problem, min_nodes: int):
        self.key = _lp_cache_key("lp-values", prob, min_nodes, False)
        self._prob, self._min_nodes = prob, int(min_nodes)
        self._values: dict | None = None
        self._range: _LpRange | None = None

    def _read(self) -> dict:
        if self._values is None:
            data = diskcache.load("lp-values", self.key)
            ok = (type(data) is dict and len(data) <= _LP_VALUES_MAX
                  and all(_lp_value_ok(k, v) for k, v in data.items()))
            self._values = data if ok else {}
        return self._values

    def get(self, count: np.ndarray) -> float | None:
        """The remembered value for ``count`` items per class, or None (also for a value outside the range the LP's
        value must lie in, ``_lp_value_possible``: an edited entry)."""
        if self.key is None:
            return None
        value = self._read().get(_counts_digest(count))
        if value is None:
            return None
        self._range = self._range or _LpRange(self._prob)
        return value if self._range.possible(count, self._min_nodes, value) else None

    def put(self, count: np.ndarray, value: float) -> None:
        """Remember ``value`` for ``count`` (a value that is not finite and >= 0 is not remembered)."""
        digest = _counts_digest(count)
        if self.key is None or not _lp_value_ok(digest, float(value)):
            return
        values = self._read()
        if len(values) >= _LP_VALUES_MAX:
            values.pop(next(iter(values)))
        values[digest] = float(value)
        diskcache.store("lp-values", self.key, values)


class _SolveLog:
    """A ``BoundModel``'s values in the order its requests came, remembered in the cache directory (kind
    ``lp-log``), so a sweep of a fleet read from the cache costs a file read instead of HiGHS's solves (about 25 in
    the microservices compare).

    Every request is re-solved from the model's fixed anchor basis (``BoundModel``), so a value no longer depends
    on the requests before it; the log is still replayed only while this process asks the same row bounds in the
    same order, and at the first request that leaves the log, the requests asked so far are solved again, in order,
    as a solver whose re-solves did depend on them would need (the cost is a few solves, on a path a changed
    workload takes once), and the log continues from there (its old tail dropped). Output is identical to the byte with the cache on,
    off or warm (``tests/test_diskcache.py``). Read back, the log must be a list of at most ``_LP_VALUES_MAX``
    pairs (``_lp_value_ok``); anything else is an empty log. A replayed value must be one the LP can have
    (``_LpRange``), else the log is left there. A value the log cannot hold ends it (nothing more is logged): the
    log is always every request from the first, in order."""

    def __init__(self, prob: _Problem, min_nodes: int):
        self.key = _lp_cache_key("lp-log", prob, min_nodes, True)
        self._prob = prob
        self._range: _LpRange | None = None
        self._log: list | None = None
        self._asked: list[tuple[np.ndarray, int]] = []  # requests (counts, fewest) answered from the log, in order
        self._live = False  # the solver has solved every request so far

    def _read(self) -> list:
        if self._log is None:
            data = diskcache.load("lp-log", self.key) if self.key is not None else None
            ok = (type(data) is list and len(data) <= _LP_VALUES_MAX
                  and all(type(e) is tuple and len(e) == 2 and _lp_value_ok(*e) for e in data))
            self._log = data if ok else []
        return self._log

    def value(self, count: np.ndarray, fewest: int, solve) -> float:
        """The value for ``count`` items per class and ``fewest`` nodes: from the log while the requests follow it,
        else ``solve(count, fewest)``."""
        log = self._read()
        digest = _counts_digest(count, fewest)
        if not self._live:
            at = len(self._asked)
            if at < len(log) and log[at][0] == digest:
                self._range = self._range or _LpRange(self._prob)
                if self._range.possible(count, fewest, log[at][1]):
                    self._asked.append((count, fewest))
                    return log[at][1]
            for asked in self._asked:  # the solver's history, as without the cache
                solve(*asked)
            del log[at:]
            self._asked.clear()
            self._live = True
        value = solve(count, fewest)
        if self.key is not None and len(log) < _LP_VALUES_MAX and _lp_value_ok(digest, value):
            log.append((digest, value))
            diskcache.store("lp-log", self.key, log)
        else:
            # The log must hold every request from the first, in order: one left out would let a later process
            # replay the value after it for a history without it. A value the log cannot hold ends it.
            self.key = None
        return value


#: The largest LP value (USD per hour) read back from the cache directory: far above any fleet advisor packs.
MAX_LP_VALUE = 1e12


def _array_digest(*arrays: np.ndarray) -> str:
    """A digest of numpy arrays' dtypes, shapes and contents."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(f"{a.dtype.str}{a.shape}|".encode())
        h.update(a.tobytes())
    return h.hexdigest()


class BoundModel:
    """The assignment-LP bound for fixed item shapes and node types, re-solved for new counts.

    ``BoundModel(groups, node_types, min_nodes=0)`` validates like ``pack`` (every group as if it had items) and
    builds the LP once; ``value(counts, min_nodes=None)`` takes one count per group (same order) and returns the
    bound in USD per hour, equal to ``lower_bound`` with those counts (and that fewest nodes, default the model's).

    Every request is re-solved from one fixed basis, the anchor: the optimal basis for the counts ``anchor`` (one per
    group, e.g. today's tasks of a fleet a sweep scales; default one item per class), solved once from nothing. A re-solve for other counts (a sweep) then takes a few
    milliseconds, and its value is a function of the counts alone, to the last bit: re-solved from the previous
    request's basis, as before, the value depended on what was asked before, so the same workload priced twice in one
    process (or after another workload of the same shapes, or from two threads) gave sweep figures that differed in
    their last digits (179.535 and 179.5349999999999). Safe to share between threads: one request at a time.
    """

    def __init__(self, groups: list[ItemGroup], node_types: list[NodeType], *, min_nodes: int = 0,
                 anchor=None):
        groups = list(groups)
        self.min_nodes = int(min_nodes)
        shaped = [ItemGroup(f"g{i}", g.arch, g.demand, 1, g.allowed, g.apart, g.exclusive)
                  for i, g in enumerate(groups)]
        self._prob = _Problem(shaped, node_types)
        cls = {name: c for c, members in enumerate(self._prob.members) for name, _ in members}
        self._class_of = np.array([cls[f"g{i}"] for i in range(len(groups))], dtype=np.int64)
        self._model = None  # the LP, built at the first solve (values read from the cache directory need none)
        self._log = _SolveLog(self._prob, self.min_nodes) if self._prob.C else None
        self._highs = None
        self._anchor = None  # the HiGHS basis every request is re-solved from (None: each is solved from nothing)
        self._anchor_at = None if anchor is None else np.asarray(anchor, dtype=np.int64)
        if self._anchor_at is not None and (self._anchor_at.shape != self._class_of.shape or np.any(self._anchor_at < 0)):
            raise PackingError(f"BoundModel(anchor=...): give one count >= 0 per group ({len(self._class_of)}), got "
                               f"{anchor!r}")
        self._lock = threading.Lock()  # one HiGHS object: one request at a time (the planners are shared)

    def value(self, counts, min_nodes: int | None = None) -> float:
        counts = np.asarray(counts, dtype=np.int64)
        if counts.shape != self._class_of.shape or np.any(counts < 0):
            raise PackingError(f"BoundModel.value: give one count >= 0 per group ({len(self._class_of)}), got {counts!r}")
        fewest = self.min_nodes if min_nodes is None else int(min_nodes)
        n = np.bincount(self._class_of, weights=counts, minlength=self._prob.C).astype(np.int64)
        if self._log is None or not n.any():
            return _trivial_lp(self._prob, fewest).value
        with self._lock:
            return self._log.value(n, fewest, self._solve)

    def _anchor_counts(self) -> np.ndarray:
        """Items per class of the anchor solve: ``anchor`` (counts per group) when given and not all 0, else one per
        class. Fixed when the model is made, never taken from a request."""
        if self._anchor_at is not None:
            n = np.bincount(self._class_of, weights=self._anchor_at, minlength=self._prob.C).astype(np.int64)
            if n.any():
                return n
        return np.ones(self._prob.C, dtype=np.int64)

    def _solve(self, n: np.ndarray, fewest: int) -> float:
        """The LP's value for ``n`` items per class and ``fewest`` nodes, re-solved from the anchor basis (the first
        call builds the model and solves the anchor from nothing)."""
        import highspy  # lazy: see _highs

        if self._model is None:
            self._model = _assignment_model(self._prob, self.min_nodes, min_row=True)
        m = self._model
        lo, hi = m.row_bounds(n, fewest)
        if self._highs is None:
            nvar = len(m.c)
            alo, ahi = m.row_bounds(self._anchor_counts(), self.min_nodes)
            self._highs = _new_highs(highspy)
            order = np.lexsort((m.rows, m.cols))
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = nvar, len(alo)
            lp.col_cost_ = m.c
            lp.col_lower_, lp.col_upper_ = np.zeros(nvar), np.full(nvar, np.inf)
            lp.row_lower_, lp.row_upper_ = alo, ahi
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = nvar, len(alo)
            lp.a_matrix_.start_ = np.searchsorted(m.cols[order], np.arange(nvar + 1)).astype(np.int32)
            lp.a_matrix_.index_ = m.rows[order].astype(np.int32)
            lp.a_matrix_.value_ = m.vals[order]
            self._highs.passModel(lp)
            # The anchor is solved from nothing: HiGHS's interior point (with crossover, which leaves a basis) beats
            # its simplex on large models (300 task sizes x 85 types, 100k nonzeros: 1.2-1.6 s against 2.2-3.1 s;
            # the same bound to 1e-14).
            self._first = {"solver": "ipm"} if len(m.vals) > _IPM_MIN_NONZEROS else _BOUND_FIRST_SOLVE
            for option, setting in self._first.items():
                self._highs.setOptionValue(option, setting)
            self._highs.run()
            basis = self._highs.getBasis()
            if self._highs.getModelStatus() == highspy.HighsModelStatus.kOptimal and basis.valid:
                self._anchor = basis
                for option, setting in _BOUND_RESOLVE.items():
                    self._highs.setOptionValue(option, setting)
        self._highs.clearSolver()  # nothing of the last request is kept: no basis, no factorisation, no weights
        if self._anchor is not None:
            self._highs.setBasis(self._anchor)
        self._highs.changeRowsBounds(len(lo), np.arange(len(lo), dtype=np.int32), lo, hi)
        self._highs.run()
        return float(self._highs.getInfo().objective_function_value)


# --------------------------------------------------------------------------------------------
# Packing state and heuristics
# --------------------------------------------------------------------------------------------

class _WorkCounter(threading.local):
    fill = 0  # candidate scans of ``_fill_node`` in this thread (the local search's unit of work)


_WORK = _WorkCounter()


class _Fleet:
    """Nodes of one arch: type index, contents {class: count}, used capacity."""

    def __init__(self):
        self.ntype: list[int] = []
        self.contents: list[dict[int, int]] = []
        self.used: list[np.ndarray] = []

    def add(self, t: int, contents: dict[int, int], used: np.ndarray):
        self.ntype.append(int(t))
        self.contents.append(contents)
        self.used.append(used)

    def __len__(self):
        return len(self.ntype)


def _fill_node(prob: _Problem, t: int, pool: np.ndarray, idx: np.ndarray,
               free: np.ndarray | None = None, jitter: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Greedy fill of one node of type t from pool[idx] (bin-centric best fit): repeatedly add the
    item best aligned with the node's normalised free capacity (score 2<d,f> - |d|^2, i.e. the item
    leaving the smallest squared free vector), at most ``maxfit`` of a class (one of a class kept apart).
    Pure Python: the candidate lists are short. Returns (take counts aligned with idx, remaining free capacity).
    Written out for the three dimensions; a problem with more (``_Problem.D``: exclusive keys) takes
    ``_fill_node_nd``, the same fill over any number."""
    if prob.D != _NDIM:
        return _fill_node_nd(prob, t, pool, idx, free, jitter)
    cap = prob.cap[t]
    f0, f1, f2 = (cap if free is None else free).tolist()
    w0, w1, w2 = (prob.inv_cap[t] if jitter is None else prob.inv_cap[t] * jitter).tolist()
    D = prob.demand[idx].tolist()
    cnt = pool[idx].tolist()
    m = len(D)
    take = [0] * m
    lim = prob.maxfit[idx, t].tolist()
    Dw = [(a * w0, b * w1, c * w2) for a, b, c in D]
    sq = [a * a + b * b + c * c for a, b, c in Dw]
    tol = _FIT_TOL
    live = [i for i in range(m) if cnt[i] > 0]
    work = 0
    while live:
        work += len(live)
        g0, g1, g2 = f0 * w0, f1 * w1, f2 * w2
        best = -1
        bs = -math.inf
        nxt = []
        for i in live:
            a, b, c = D[i]
            if a <= f0 + tol and b <= f1 + tol and c <= f2 + tol:
                nxt.append(i)
                x, y, z = Dw[i]
                sc = 2.0 * (x * g0 + y * g1 + z * g2) - sq[i]
                if sc > bs:
                    bs = sc
                    best = i
        if best < 0:
            break
        live = nxt
        a, b, c = D[best]
        kmax = cnt[best]
        if a > 0:
            kmax = min(kmax, int((f0 + tol) / a))
        if b > 0:
            kmax = min(kmax, int((f1 + tol) / b))
        if c > 0:
            kmax = min(kmax, int((f2 + tol) / c))
        if lim[best] < kmax + take[best]:  # (maxfit is inf for an item of zero size)
            kmax = int(lim[best]) - take[best]
        k = max(1, kmax // 4)  # several at once when many fit (keeps the loop short for tiny items)
        take[best] += k
        cnt[best] -= k
        f0 -= k * a
        f1 -= k * b
        f2 -= k * c
        if cnt[best] == 0 or take[best] >= lim[best]:
            live.remove(best)
    _WORK.fill += work
    return np.array(take, dtype=np.int64), np.array([f0, f1, f2])


def _fill_node_nd(prob: _Problem, t: int, pool: np.ndarray, idx: np.ndarray,
                  free: np.ndarray | None = None, jitter: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``_fill_node`` for a problem with exclusive keys (``_Problem.D`` > 3): the same fill, with the extra dimensions
    held as a bit mask per item (the keys it holds) and one for the node (the keys taken). An item fits when its
    three dimensions fit and it holds no key the node's items hold; its score is ``_fill_node``'s over all D
    dimensions, which for a free key of weight w adds 2 w^2 - w^2 = w^2 (a constant per item), so the choices are
    the same as a loop over every dimension, at the cost of the three."""
    cap = prob.cap[t]
    fv = (cap if free is None else free).tolist()
    wv = (prob.inv_cap[t] if jitter is None else prob.inv_cap[t] * jitter).tolist()
    f0, f1, f2 = fv[:_NDIM]
    w0, w1, w2 = wv[:_NDIM]
    held = 0  # the keys (extra dimensions) the node's items hold already
    for k, x in enumerate(fv[_NDIM:]):
        if x < 0.5:
            held |= 1 << k
    wk2 = [x * x for x in wv[_NDIM:]]
    dem = prob.demand[idx]
    D = dem[:, :_NDIM].tolist()
    mask, extra = [], []
    for row in dem[:, _NDIM:].tolist():
        m_i, e_i = 0, 0.0
        for k, x in enumerate(row):
            if x > 0:
                m_i |= 1 << k
                e_i += wk2[k]
        mask.append(m_i)
        extra.append(e_i)
    cnt = pool[idx].tolist()
    m = len(D)
    take = [0] * m
    lim = prob.maxfit[idx, t].tolist()
    Dw = [(a * w0, b * w1, c * w2) for a, b, c in D]
    sq = [a * a + b * b + c * c - e for (a, b, c), e in zip(Dw, extra)]
    tol = _FIT_TOL
    live = [i for i in range(m) if cnt[i] > 0]
    work = 0
    while live:
        work += len(live)
        g0, g1, g2 = f0 * w0, f1 * w1, f2 * w2
        best = -1
        bs = -math.inf
        nxt = []
        for i in live:
            a, b, c = D[i]
            if a <= f0 + tol and b <= f1 + tol and c <= f2 + tol and not mask[i] & held:
                nxt.append(i)
                x, y, z = Dw[i]
                sc = 2.0 * (x * g0 + y * g1 + z * g2) - sq[i]
                if sc > bs:
                    bs = sc
                    best = i
        if best < 0:
            break
        live = nxt
        a, b, c = D[best]
        kmax = cnt[best] if not mask[best] else 1  # a key: one holder per node
        if a > 0:
            kmax = min(kmax, int((f0 + tol) / a))
        if b > 0:
            kmax = min(kmax, int((f1 + tol) / b))
        if c > 0:
            kmax = min(kmax, int((f2 + tol) / c))
        if lim[best] < kmax + take[best]:
            kmax = int(lim[best]) - take[best]
        k = max(1, kmax // 4)
        take[best] += k
        cnt[best] -= k
        f0 -= k * a
        f1 -= k * b
        f2 -= k * c
        held |= mask[best]
        if cnt[best] == 0 or take[best] >= lim[best] or mask[best]:
            live.remove(best)
    _WORK.fill += work
    rest = [0.0 if held >> k & 1 else 1.0 for k in range(len(fv) - _NDIM)]
    return np.array(take, dtype=np.int64), np.array([f0, f1, f2, *rest])


def _ratio_greedy(prob: _Problem, arch_types: np.ndarray, pool: np.ndarray, value: np.ndarray,
                  fleet: _Fleet, rng: np.random.Generator | None = None) -> None:
    """Pack everything in pool (C,) into new nodes: each step opens the type with best value/price.

    A chosen fill is opened as many times as the pool allows at once (identical nodes in bulk)."""
    pool = pool.copy()
    feas_t = prob.feas[:, arch_types]               # (C, Ta)
    price = prob.price[arch_types]
    downsized: dict[tuple, int] = {}
    while pool.sum() > 0:
        best = None
        live = pool > 0
        # LP duality: a node's LP value never exceeds its price, so value/price <= min(1, V_t/p_t)
        # where V_t is the value of the pool items that may use type t. Evaluate the most promising
        # types first and stop when no remaining type can beat the best fill found.
        has = (live[:, None] & feas_t).any(axis=0)
        ub = np.minimum(1.0, ((value * pool) @ feas_t) / price)
        order = np.lexsort((price, -ub))
        slack = 1.05 if rng is not None else 1.0
        for j in order:
            if not has[j]:
                continue
            if best is not None and ub[j] * slack < best[0][0] - 1e-12:
                break
            t = int(arch_types[j])
            idx = np.flatnonzero(live & feas_t[:, j])
            if rng is None:
                take, free = _fill_node(prob, t, pool, idx)
                noise = 1.0
            else:  # diversification for the local search: perturbed fill weights and choice
                take, free = _fill_node(prob, t, pool, idx, jitter=np.exp(rng.normal(0.0, 0.3, prob.D)))
                noise = 1.0 + 0.05 * rng.random()
            v = float(value[idx] @ take)
            key = (v / prob.price[t] * noise, -prob.price[t])
            if best is None or key > best[0]:
                best = (key, t, idx, take, free)
        assert best is not None, "item with no feasible type survived validation"
        _, t, idx, take, free = best
        nz = take > 0
        # many items left: open every identical node of this fill at once (same choice, far fewer evaluations)
        copies = int(np.min(pool[idx[nz]] // take[nz])) if pool.sum() > _BULK_ITEMS else 1
        contents = {int(c): int(k) for c, k in zip(idx[nz], take[nz])}
        pool[idx] -= copies * take
        key = (t, tuple(sorted(contents.items())))
        t2 = downsized.get(key)
        if t2 is None:
            t2 = downsized[key] = _downsize(prob, arch_types, contents, prob.cap[t] - free, t)
        _add_copies(fleet, t2, contents, _used_of(prob, contents), copies)


def _used_of(prob: _Problem, contents: dict[int, int]) -> np.ndarray:
    if not contents:
        return np.zeros(prob.D)
    cs = np.fromiter(contents.keys(), dtype=np.int64)
    ks = np.fromiter(contents.values(), dtype=np.float64)
    return ks @ prob.demand[cs]


def _downsize(prob: _Problem, arch_types: np.ndarray, contents: dict[int, int], used: np.ndarray,
              current: int) -> int:
    """Cheapest type of the arch that can hold these contents (current type if none cheaper)."""
    cand = arch_types[np.all(prob.cap[arch_types] >= used - _FIT_TOL, axis=1)]
    if contents and len(cand):
        cs = np.fromiter(contents.keys(), dtype=np.int64)
        cand = cand[np.all(prob.feas[np.ix_(cs, cand)], axis=0)]
    best = current
    for t in cand:
        if prob.price[t] < prob.price[best] - 1e-12:
            best = int(t)
    return best


def _round_split(z: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Round fractional z (C,T) to integers with row sums n (largest remainder)."""
    m = np.floor(z + 1e-9).astype(np.int64)
    rem = n - m.sum(axis=1)
    frac = z - m
    for c in np.flatnonzero(rem != 0):
        r = int(rem[c])
        if r > 0:
            pos = np.flatnonzero(z[c] > 0)
            order = pos[np.argsort(-frac[c, pos], kind="stable")]
            for i in range(r):
                m[c, order[i % len(order)]] += 1
        else:  # over-allocated (numerical): take back from the largest
            while r < 0:
                t = int(np.argmax(m[c]))
                m[c, t] -= 1
                r += 1
    return m


def _spread_pack(prob: _Problem, t: int, pool: np.ndarray, n_open: int, mode: str = "spread"):
    """Item-centric packing into n_open pre-opened nodes of type t, classes in decreasing item size.

    "spread": each item into the node whose free capacity it is best aligned with (dot product of normalised
    vectors); done in rounds, one item to each of the best-aligned fitting nodes at once. This spreads load evenly,
    so when the pool's aggregate matches the nodes' (as the LP arranges) every node ends up filled in every binding
    dimension. "tight": best fit, every item into the fullest node that holds it; the fullest node keeps receiving
    items while they fit, so they go in at once. Running sums, no per-item rescans.
    Returns (contents, used, leftover pool)."""
    cap = prob.cap[t]
    w = prob.inv_cap[t]
    free = np.tile(cap, (n_open, 1))
    freen = np.tile(cap * w, (n_open, 1))
    tot = freen.sum(axis=1)
    pool = pool.copy()
    idx = np.flatnonzero(pool)
    counts = np.zeros((n_open, len(idx)), dtype=np.int64)
    size = (prob.demand[idx] * w).max(axis=1)
    for ci in np.argsort(-size, kind="stable"):
        c = idx[ci]
        lim = float(prob.maxfit[c, t])  # items of the class a node takes (1 for a class kept apart; inf for size 0)
        d = prob.demand[c]
        dn = d * w
        dl = dn - _FIT_TOL
        posd = d > 0
        left = int(pool[c])
        while left > 0:
            fit = ((freen[:, 0] >= dl[0]) & (freen[:, 1] >= dl[1]) & (freen[:, 2] >= dl[2]) if prob.D == _NDIM
                   else np.all(freen >= dl, axis=1)) & (counts[:, ci] < lim)
            n_fit = int(fit.sum())
            if not n_fit:
                break
            if mode == "spread":
                # one item at a time into the best-aligned node lowers that node's score by |dn|^2: the items
                # go to the `left` largest values of score_j - i |dn|^2 (i < items that fit node j), ties to the
                # lower node index, exactly as placing them one by one would
                score = freen @ dn
                step = float(dn @ dn)
                if posd.any():
                    kfit = np.min(np.floor((free[:, posd] + _FIT_TOL) / d[posd]), axis=1).astype(np.int64)
                else:
                    kfit = np.full(n_open, left, dtype=np.int64)
                kfit = np.where(fit, np.minimum(np.minimum(kfit, left), lim - counts[:, ci]), 0).astype(np.int64)
                if step <= 0:
                    kfit[np.flatnonzero(kfit)[1:]] = 0  # zero-size items: all into the first node that fits
                nodes_rep = np.repeat(np.arange(n_open), kfit)
                ith = np.arange(len(nodes_rep)) - np.repeat(np.cumsum(kfit) - kfit, kfit)
                vals = score[nodes_rep] - ith * step
                take = np.lexsort((ith, nodes_rep, -vals))[:left]
                got = np.bincount(nodes_rep[take], minlength=n_open)
                chosen = np.flatnonzero(got)
                kk = got[chosen]
                free[chosen] -= kk[:, None] * d
                freen[chosen] -= kk[:, None] * dn
                tot[chosen] -= kk * dn.sum()
                counts[chosen, ci] += kk
                left -= int(kk.sum())
                break
            else:
                score = np.where(fit, -tot, -np.inf)
                j = int(np.argmax(score))
                chosen = np.array([j])
                k = left if not posd.any() else int(min(left, np.min(np.floor((free[j, posd] + _FIT_TOL) / d[posd]))))
                k = max(1, int(min(k, lim - counts[j, ci])))
                m = 1
            free[chosen] -= k * d
            freen[chosen] -= k * dn
            tot[chosen] -= k * dn.sum()
            counts[chosen, ci] += k
            left -= m * k
        pool[c] = left
    contents = [{int(idx[i]): int(counts[j, i]) for i in np.flatnonzero(counts[j])} for j in range(n_open)]
    return contents, [cap - f for f in free], pool


def _construct(prob: _Problem, arch: str, lp: _LPSol, value: np.ndarray) -> _Fleet:
    fleet = _Fleet()
    types = prob.types_of(arch)
    classes = prob.classes_of(arch)
    if len(classes) == 0:
        return fleet
    m = np.zeros((prob.C, prob.T), dtype=np.int64)
    m[np.ix_(classes, types)] = _round_split(lp.z[np.ix_(classes, types)], prob.count[classes])
    residual = np.zeros(prob.C, dtype=np.int64)
    for t in types[np.argsort(-lp.x[types], kind="stable")]:
        pool = m[:, t].copy()
        if pool.sum() == 0:
            continue
        n_open = math.floor(lp.x[t] + 1e-6)  # (rounding up instead measured no better)
        if n_open > 0:
            # spreading (worst fit) balances dimensions when many items share a node; best fit
            # wins when nodes hold only a few items (e.g. few ENI slots). Keep the better one.
            best = None
            for mode in ("spread", "tight"):
                cand = _spread_pack(prob, t, pool, n_open, mode)
                left = float(value @ cand[2])
                if best is None or left < best[0] - 1e-12:
                    best = (left, cand)
            conts, useds, pool = best[1]
            for cont, used in zip(conts, useds):
                if cont:
                    fleet.add(t, cont, used)
        residual += pool
    if residual.sum():
        _reinsert_and_pack(prob, types, fleet, residual, value, commit=True)
    return fleet


def _reinsert_and_pack(prob: _Problem, types: np.ndarray, fleet: _Fleet, pool: np.ndarray,
                       value: np.ndarray, *, commit: bool, keep: np.ndarray | None = None,
                       rng: np.random.Generator | None = None):
    """Insert pool items into existing nodes' slack (tightest fit, largest items first), then pack
    the rest into new nodes with the ratio greedy. If commit is False, returns the proposal
    (additions, new fleet) without modifying `fleet`."""
    n = len(fleet)
    keep = np.ones(n, dtype=bool) if keep is None else keep
    if n:
        ntype = np.array(fleet.ntype, dtype=np.int64)
        free = prob.cap[ntype] - np.array(fleet.used)
        winv = prob.inv_cap[ntype]
    adds: list[tuple[int, int, int]] = []
    pool = pool.copy()
    live = np.flatnonzero(pool)
    if n and len(live):
        # largest normalised item first
        sz = (prob.demand[live] / np.maximum(prob.cap[types].max(axis=0), 1e-12)).max(axis=1)
        for c in live[np.argsort(-sz, kind="stable")]:
            d = prob.demand[c]
            posd = d > 0
            ok = keep & prob.feas[c, ntype]
            if prob.apart[c]:  # kept apart: only into nodes without an item of the class, one each
                ok &= np.fromiter((c not in cont for cont in fleet.contents), dtype=bool, count=n)
            while pool[c] > 0:
                fit = ok & np.all(free >= d - _FIT_TOL, axis=1)
                if not fit.any():
                    break
                slack = ((free - d) * winv).sum(axis=1)
                slack[~fit] = np.inf
                j = int(np.argmin(slack))
                kmax = int(np.min(np.floor((free[j, posd] + _FIT_TOL) / d[posd]))) if posd.any() else int(pool[c])
                k = max(1, min(int(pool[c]), kmax))
                if prob.apart[c]:
                    k = 1
                    ok[j] = False
                free[j] -= k * d
                pool[c] -= k
                adds.append((j, int(c), k))
    newf = _Fleet()
    if pool.sum():
        _ratio_greedy(prob, types, pool, value, newf, rng)
    if not commit:
        return adds, newf
    for j, c, k in adds:
        fleet.contents[j][c] = fleet.contents[j].get(c, 0) + k
        fleet.used[j] = fleet.used[j] + k * prob.demand[c]
    for t, cont, used in zip(newf.ntype, newf.contents, newf.used):
        fleet.add(t, cont, used)
    return None


def _merged_copy(prob: _Problem, arch: str, fleet: _Fleet, min_nodes: int) -> _Fleet:
    """``fleet`` after ``_merge_nodes`` when that makes it cheaper (a copy; ``fleet`` itself is left as it is), else
    ``fleet``. With prices of instances alone a merge saves nothing but a node, so ``fleet`` is kept as it was."""
    copy = _Fleet()
    copy.ntype, copy.contents, copy.used = list(fleet.ntype), list(fleet.contents), list(fleet.used)
    if _merge_nodes(prob, {arch: copy}, min_nodes) and _fleet_cost(prob, copy) < _fleet_cost(prob, fleet) - 1e-9:
        return copy
    return fleet


def _fleet_cost(prob: _Problem, fleet: _Fleet) -> float:
    return float(prob.price[np.array(fleet.ntype, dtype=np.int64)].sum()) if len(fleet) else 0.0


def _node_efficiency(prob: _Problem, fleet: _Fleet, value: np.ndarray) -> np.ndarray:
    eff = np.empty(len(fleet))
    for i, (t, cont) in enumerate(zip(fleet.ntype, fleet.contents)):
        v = sum(value[c] * k for c, k in cont.items())
        eff[i] = v / prob.price[t]
    return eff


def _local_search(prob: _Problem, arch: str, fleet: _Fleet, value: np.ndarray, rng: np.random.Generator,
                  max_iter: int, deadline: float, target: float) -> tuple[_Fleet, int, int, bool]:
    """Ruin and recreate. Returns (fleet, iterations, improvements, hit_time_limit)."""
    types = prob.types_of(arch)  # (every construction hands over downsized nodes)
    cost = _fleet_cost(prob, fleet)
    it = improved = 0
    stall = 0
    stall_limit = _LS_STALL
    timed_out = False
    if max_iter <= 0 or len(fleet) == 0 or cost <= target * (1 + _LS_DONE) + 1e-9:
        return fleet, 0, 0, False  # nothing to search: the loop below would stop before its first iteration
    eff = _node_efficiency(prob, fleet, value)
    order = np.argsort(eff, kind="stable")
    work_end = _WORK.fill + _LS_FILL_WORK
    while it < max_iter and len(fleet) > 0:
        if cost <= target * (1 + _LS_DONE) + 1e-9:
            break
        if _WORK.fill >= work_end:
            break
        if time.perf_counter() > deadline:
            timed_out = True
            break
        if stall >= stall_limit:
            break
        it += 1
        n = len(fleet)
        # destroy: a few of the least efficient nodes plus some random ones
        n_worst = int(rng.integers(1, min(4, n) + 1))
        start = int(rng.integers(0, min(n, max(1, n // 10)) - 0)) if rng.random() < 0.3 else 0
        chosen = set(order[start:start + n_worst].tolist())
        n_rand = int(rng.integers(0, min(4, n) + 1))
        if n_rand:
            chosen.update(rng.choice(n, size=min(n_rand, n), replace=False).tolist())
        chosen = sorted(chosen)
        keep = np.ones(n, dtype=bool)
        keep[chosen] = False
        pool = np.zeros(prob.C, dtype=np.int64)
        for i in chosen:
            for c, k in fleet.contents[i].items():
                pool[c] += k
        old = float(prob.price[[fleet.ntype[i] for i in chosen]].sum())
        adds, newf = _reinsert_and_pack(prob, types, fleet, pool, value, commit=False, keep=keep,
                                        rng=rng if rng.random() < 0.5 else None)
        new = _fleet_cost(prob, newf)
        # also allow downsizing of nodes that received items? (they only grow: no.)
        if new < old - 1e-9 or (new <= old + 1e-12 and len(newf) <= len(chosen) and rng.random() < 0.5):
            if new < old - 1e-9:
                improved += 1
                stall = 0
            else:
                stall += 1
            for j, c, k in adds:
                fleet.contents[j][c] = fleet.contents[j].get(c, 0) + k
                fleet.used[j] = fleet.used[j] + k * prob.demand[c]
            nf = _Fleet()
            for i in range(n):
                if keep[i]:
                    nf.add(fleet.ntype[i], fleet.contents[i], fleet.used[i])
            for t, cont, used in zip(newf.ntype, newf.contents, newf.used):
                nf.add(t, cont, used)
            fleet = nf
            cost = _fleet_cost(prob, fleet)
            eff_keep = eff[keep]
            newpos = np.cumsum(keep) - 1
            for j in {a[0] for a in adds}:  # receivers gained items
                cont = fleet.contents[newpos[j]]
                eff_keep[newpos[j]] = sum(value[c] * k for c, k in cont.items()) / prob.price[fleet.ntype[newpos[j]]]
            eff = np.concatenate([eff_keep, _node_efficiency(prob, newf, value)])
            order = np.argsort(eff, kind="stable")
        else:
            stall += 1
    return fleet, it, improved, timed_out


@contextlib.contextmanager
def _quiet_stdout():
    """Silence C-level writes to fd 1 (highspy prints a banner when a ``Highs`` object is created)."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError, AttributeError):  # no real fd 1: nothing to silence
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _knapsack_greedy(prob: _Problem, arch: str, value: np.ndarray, used_by_lp: np.ndarray) -> _Fleet:
    """Small instances: build the arch fleet node by node, each time opening the node type and exact (knapsack)
    contents with the best LP value per dollar; nodes are then downsized. Only the types the LP uses are tried as
    the opened node, which keeps the knapsacks few (downsizing still considers every type)."""
    all_types = prob.types_of(arch)
    types = np.asarray([t for t in all_types if used_by_lp[t] > 1e-9] or list(all_types))
    pool = np.zeros(prob.C, dtype=np.int64)
    cl = prob.classes_of(arch)
    pool[cl] = prob.count[cl]
    fleet = _Fleet()
    while pool.sum() > 0:
        best = None
        for t in types:
            idx = np.flatnonzero((pool > 0) & prob.feas[:, t])
            if not len(idx):
                continue
            # value plus a tie-break towards the fuller node
            v = value[idx] + 1e-7 * (prob.demand[idx] * prob.inv_cap[t]).sum(axis=1)
            take = _exact_pattern(prob, int(t), idx, v, np.minimum(pool[idx], prob.maxfit[idx, t]))[0]
            if not take.any():
                take = _fill_node(prob, int(t), pool, idx)[0]
            key = (float(value[idx] @ take) / prob.price[t], -prob.price[t])
            if best is None or key > best[0]:
                best = (key, int(t), idx, take)
        _, t, idx, take = best
        pool[idx] -= take
        cont = {int(c): int(k) for c, k in zip(idx, take) if k}
        used = _used_of(prob, cont)
        fleet.add(_downsize(prob, all_types, cont, used, t), cont, used)
    return fleet


def _cheapest_holding(prob: _Problem, types: np.ndarray, cont: dict[int, int], used: np.ndarray) -> int | None:
    """The cheapest of ``types`` whose capacity holds ``used`` and that every class in ``cont`` may use, or None."""
    cand = types[np.all(prob.cap[types] >= used - _FIT_TOL, axis=1)]
    if cont:
        cs = np.fromiter(cont.keys(), dtype=np.int64)
        cand = cand[np.all(prob.feas[np.ix_(cs, cand)], axis=0)]
    if len(cand) == 0:
        return None
    return int(cand[np.argmin(prob.price[cand])])


#: ``_merge_nodes`` (the tie-break after packing): partners tried for each node (its group's least-filled nodes) ...
_MERGE_PARTNERS = 8
#: ... and a group (one family and purchase option) is left once this many nodes in a row found no partner.
_MERGE_STALL = 8


def _family(name: str) -> str:
    """The instance family of a node type name (``m5`` of ``m5.large`` and of ``m5.large#spot``)."""
    return name.split(".", 1)[0]


def _merge_nodes(prob: _Problem, fleets: dict[str, _Fleet], min_nodes: int) -> int:
    """Tie-break after packing: fewer nodes at no higher instance cost. Returns the number of merges made.

    The packer minimises its node prices; where they are instance prices alone (ECS/EKS on EC2), two fleets of the
    same price tie however many nodes they have, while every node also carries costs of its own (its EBS root
    volume). Where the prices carry those costs (the managed platforms: fee and volume per node), a merge lowers the
    price itself. Two nodes of one family and purchase
    option are replaced by one node of that family and option whose price is at least the dearer one's and at most
    the two together (two ``m5.large`` by one ``m5.xlarge``: the same price, and the DaemonSets and kubelet
    reservation counted once), when it holds the items of both: the packer's own checks, ``_cheapest_holding`` (every
    capacity dimension, the slots and the exclusive keys among them; every class may use the type: architecture,
    allowed types, Spot tolerance) and at most one item of a class kept apart. The merged node may merge again (up
    the sizes of the family), never below ``min_nodes`` nodes in all. A target in the family of its sources and at
    least as large as the larger one keeps the search small; per-node costs that depend on the type (EKS Auto Mode's
    volume, smaller where the type's local NVMe is larger) are in the managed platforms' prices, so the window holds
    them, and the fleet's cost, the bounds and the gap stay on the packer's basis. Greedy, least-filled node first, with its ``_MERGE_PARTNERS`` least-filled partners."""
    total = sum(len(f) for f in fleets.values())
    merges = 0
    if total <= max(1, min_nodes):
        return 0
    # one group per family and purchase option: the types a node may become, cheapest first
    keys = sorted({(_family(nm), nt.purchase) for nm, nt in zip(prob.type_names, prob.types)})
    key_of = {k: g for g, k in enumerate(keys)}
    type_group = np.array([key_of[(_family(nm), nt.purchase)] for nm, nt in zip(prob.type_names, prob.types)],
                          dtype=np.int64)
    for arch in sorted(fleets):
        f = fleets[arch]
        if len(f) < 2:
            continue
        ntype = np.asarray(f.ntype, dtype=np.int64)
        node_group = type_group[ntype]
        used_all = np.asarray(f.used, dtype=float).reshape(len(f), prob.D)
        removed: list[int] = []
        for g in np.flatnonzero(np.bincount(node_group)).tolist():  # (np.unique loads numpy.ma)
            members = np.flatnonzero(node_group == g)
            cand = prob.types_of(arch)
            cand = cand[type_group[cand] == g]
            if len(members) < 2 or len(cand) < 2:
                continue
            cand = cand[np.lexsort((cand, prob.price[cand]))]
            used = used_all[members]
            # a node can merge only if it and the group's least-used node fit the family's largest type priced at
            # most two of the group's dearest nodes (a vectorised filter: full nodes leave at once)
            reach = cand[prob.price[cand] <= 2.0 * float(prob.price[ntype[members]].max()) + 1e-12]
            room = prob.cap[reach].max(axis=0)
            scale = 1.0 / np.maximum(room[:_NDIM], 1e-12)
            fits = np.all(used + used.min(axis=0) <= room + _FIT_TOL, axis=1)
            size = (used[fits, :_NDIM] * scale).sum(axis=1)
            order = np.lexsort((members[fits], size))
            sizes, active = size[order].tolist(), members[fits][order].tolist()  # least filled first
            stall = 0
            while len(active) >= 2 and total > min_nodes and stall < _MERGE_STALL:
                i = active.pop(0)
                sizes.pop(0)
                ti = f.ntype[i]
                done = False
                for pos in range(min(_MERGE_PARTNERS, len(active))):
                    j = active[pos]
                    tj = f.ntype[j]
                    if any(prob.apart[c] and c in f.contents[j] for c in f.contents[i]):
                        continue
                    lo = max(prob.price[ti], prob.price[tj]) - 1e-12
                    hi = prob.price[ti] + prob.price[tj] + 1e-12
                    window = cand[(prob.price[cand] >= lo) & (prob.price[cand] <= hi)]
                    if not len(window):
                        continue
                    cont = dict(f.contents[i])
                    for c, k in f.contents[j].items():
                        cont[c] = cont.get(c, 0) + k
                    both = f.used[i] + f.used[j]
                    t = _cheapest_holding(prob, window, cont, both)
                    if t is None:
                        continue
                    del active[pos], sizes[pos]
                    f.ntype[j], f.contents[j], f.used[j] = t, cont, both
                    removed.append(i)
                    total -= 1
                    merges += 1
                    merged_size = float((both[:_NDIM] * scale).sum())
                    at = bisect.bisect_right(sizes, merged_size)
                    sizes.insert(at, merged_size)
                    active.insert(at, j)
                    done = True
                    break
                stall = 0 if done else stall + 1
        if removed:
            keep = np.ones(len(f), dtype=bool)
            keep[removed] = False
            idx = np.flatnonzero(keep).tolist()
            f.ntype, f.contents, f.used = ([v[i] for i in idx] for v in (f.ntype, f.contents, f.used))
    return merges


#: ``_spread_over`` runs for at most this many items (a balanced greedy: items x nodes steps).
_SPREAD_MAX_ITEMS = 20_000


def _fleet_price(prob: _Problem, fleets: dict[str, _Fleet]) -> float:
    """USD per hour of every node of ``fleets``."""
    return float(sum(prob.price[t] for f in fleets.values() for t in f.ntype))


def _spread_over(prob: _Problem, fleets: dict[str, _Fleet], k: int) -> dict[str, _Fleet] | None:
    """The items of a one-architecture fleet spread over exactly ``k`` nodes, each of the cheapest type that holds
    what it got, or None (several architectures, too many items, or a node no allowed type holds).

    ``min_nodes`` above what the items need (a service kept one per node, the Availability Zone spread of ECS Managed
    Instances) is met step by step by splitting a node or adding an empty one; when the fleet must grow by several
    nodes, k smaller nodes that share the items are often cheaper than a few large ones beside empty ones (3 replicas
    kept apart and 7 more pods: 7 medium nodes, not 2 large ones and 5 empty). Balanced greedy: the largest item first
    (by its share of the largest type's capacity), to the node where the largest share it would use is smallest;
    replicas of one service land on different nodes while there are nodes without one."""
    arches = [a for a, f in fleets.items() if len(f)]
    if len(arches) != 1 or k <= 0:
        return None
    arch = arches[0]
    types = prob.types_of(arch)
    items = [c for cont in fleets[arch].contents for c, n in cont.items() for _ in range(n)]
    if len(items) > _SPREAD_MAX_ITEMS:
        return None
    scale = prob.inv_cap[types].max(axis=0)
    items.sort(key=lambda c: -float((prob.demand[c] * scale).max()))
    loads = np.zeros((k, prob.D))
    contents: list[dict[int, int]] = [{} for _ in range(k)]
    for c in items:
        after = ((loads + prob.demand[c]) * scale).max(axis=1)
        if prob.apart[c]:  # kept apart: a node without one (nor an item holding an exclusive key it holds)
            after[[c in cont for cont in contents]] = np.inf
            if prob.D > _NDIM:
                after[np.any(loads[:, _NDIM:] + prob.demand[c, _NDIM:] > 1.0 + _FIT_TOL, axis=1)] = np.inf
            if np.isinf(after).all():
                return None
        i = int(np.argmin(after))
        loads[i] += prob.demand[c]
        contents[i][c] = contents[i].get(c, 0) + 1
    out = _Fleet()
    for cont, used in zip(contents, loads):
        t = _cheapest_holding(prob, types, cont, used)
        if t is None:
            return None
        out.add(t, cont, used.copy())
    return {arch: out}


def _split_cost(prob: _Problem, types: np.ndarray, contents: dict[int, int]):
    """Split a node's items into two nodes; returns (cost, [(t, contents, used), ...]) of the cheaper of two ways, or
    None. Balanced: a greedy that evens the two nodes' loads. Peel: one item of a class on a node of its own, the rest
    on the cheapest type that holds it (for a small fleet raised to ``min_nodes``, usually the cheaper: the big node
    shrinks a size and the peeled item takes the smallest type). Each node gets the cheapest type that fits it."""
    items = []
    for c, k in contents.items():
        items.extend([c] * k)
    if len(items) < 2:
        return None
    options = []
    items.sort(key=lambda c: -float((prob.demand[c] * prob.inv_cap[types].max(axis=0)).max()))
    bins = [({}, np.zeros(prob.D)), ({}, np.zeros(prob.D))]
    for c in items:
        loads = [float((b[1] * prob.inv_cap[types].max(axis=0)).max()) for b in bins]
        b = bins[int(np.argmin(loads))]
        b[0][c] = b[0].get(c, 0) + 1
        b[1][:] = b[1] + prob.demand[c]
    options.append(bins)
    total_used = sum((prob.demand[c] * k for c, k in contents.items()), np.zeros(prob.D))
    for c in contents:
        rest = dict(contents)
        rest[c] -= 1
        if not rest[c]:
            del rest[c]
        options.append([({c: 1}, prob.demand[c].astype(float)), (rest, total_used - prob.demand[c])])
    best = None
    for bins in options:
        out = []
        total = 0.0
        for cont, used in bins:
            t = _cheapest_holding(prob, types, cont, used)
            if t is None:
                break
            total += prob.price[t]
            out.append((t, cont, used.copy()))
        else:
            if best is None or total < best[0] - 1e-12:
                best = (total, out)
    return best



# --------------------------------------------------------------------------------------------
# Configuration LP (column generation) and the pattern-based construction
# --------------------------------------------------------------------------------------------
#
# The configuration LP (Gilmore-Gomory) chooses how many nodes of each *pattern* (a node type and the
# items it holds) to open:  min sum_p price_p y_p  s.t.  sum_p a_cp y_p >= n_c,  y >= 0.  Its bound
# is at least the assignment LP's, and much higher when nodes hold only a few items (ECS awsvpc ENI
# slots), because every pattern must fit a node in integers. Patterns are generated by pricing: for
# node type t, the pattern with the largest dual value u.a that fits (an integer knapsack) enters
# when u.a > price_t. A cheap greedy prices first; HiGHS solves the knapsack exactly only when the
# greedy finds nothing and a fractional bound says the type could still pay. When no type can pay,
# the LP is optimal. Otherwise Farley's bound  z_master / max_t(max_a u.a / price_t)  is still a
# valid lower bound (u / theta is dual feasible). The count of items never enters the work: 35,000
# tasks of 16 shapes cost as much as 35.

_CG_MAX_CLASSES = 128  # column generation only up to this many distinct item classes per arch (see ``_pack``)
_CG_MAX_ROUNDS = 40     # pricing rounds per arch (each: one master LP + a greedy pass over the types)
_CG_GREEDY_TYPES = 12   # greedy pricing per round: the types with the best fractional bound / price
_CG_EXACT_TYPES = 40    # exact knapsacks per round when the greedy finds nothing (the rest keep their bound)
_CG_EXACT_BUDGET = 60   # ... and at most this many per arch in all (work bound; the bound then stays Farley's)
_BB_NODES = 1000        # branch-and-bound search nodes per pricing knapsack before HiGHS takes over ...
_MILP_MAX_ITEMS = 30    # ... for knapsacks of at most this many item classes (larger: the search's best pattern)
_CG_MAX_ITEMS_PER_NODE = 16  # run it when the assignment LP's nodes hold at most this many items on average
_CG_REL_TOL = 1e-7      # a column enters when u.a > price x (1 + tol)


@dataclass
class _ConfigLP:
    """Result of the configuration LP for one arch."""

    classes: np.ndarray          # (Ca,) class ids of the arch
    ptype: np.ndarray            # (P,) node type of each pattern
    a: np.ndarray                # (P, Ca) items of each arch class per pattern
    y: np.ndarray                # (P,) fractional pattern counts
    u: np.ndarray                # (C,) item duals (0 outside the arch)
    value: float                 # master LP objective
    bound: float                 # valid lower bound for the arch (Farley), <= value
    converged: bool
    rounds: int


def _fractional_bounds(prob: _Problem, cl: np.ndarray, types: np.ndarray, u: np.ndarray, ub: np.ndarray) -> np.ndarray:
    """Upper bounds (Ta,) on max u.a over the integer patterns of each type: per type the smallest of the
    three single-dimension fractional knapsack bounds (each keeps one capacity row and the box bounds
    ``ub`` (Ca, Ta)). Vectorised over types: the density order u/w of one dimension is the same for all."""
    best = np.full(len(types), np.inf)
    for d in range(prob.D):
        w = prob.demand[cl, d]
        cap = prob.cap[types, d] + _FIT_TOL
        zero = w <= 0
        free_val = u[zero] @ ub[zero] if zero.any() else np.zeros(len(types))
        pos = np.flatnonzero(~zero)
        if not len(pos):
            best = np.minimum(best, free_val)
            continue
        order = pos[np.argsort(-(u[pos] / w[pos]), kind="stable")]
        wo, uo = w[order], u[order]
        cum_w = np.cumsum(wo[:, None] * ub[order], axis=0)           # (k, Ta)
        whole = cum_w <= cap                                          # a prefix per column
        val = (uo[:, None] * ub[order] * whole).sum(axis=0)
        kk = whole.sum(axis=0)
        part = kk < len(order)
        if part.any():
            cols = np.flatnonzero(part)
            nxt = kk[cols]
            used = np.where(nxt > 0, cum_w[np.maximum(nxt - 1, 0), cols], 0.0)
            val[cols] += uo[nxt] * np.maximum(cap[cols] - used, 0.0) / wo[nxt]
        best = np.minimum(best, free_val + val)
    return best


def _greedy_pattern(prob: _Problem, t: int, cls: np.ndarray, u: np.ndarray, ub: np.ndarray) -> np.ndarray:
    """A good pattern for type t by value density (u per normalised size), then a fill-up pass. (Ca,)"""
    demand = prob.demand[cls]
    w = demand * prob.inv_cap[t]
    size = w.max(axis=1)
    # the fill runs on Python floats: a node has three dimensions, where numpy's per-call cost dominates (the
    # arithmetic is the same IEEE double arithmetic, so the patterns are the same)
    dem, u_l, ub_l, cap = demand.tolist(), u.tolist(), ub.tolist(), (prob.cap[t] + _FIT_TOL).tolist()
    best_a, best_v = None, -1.0
    for key in (u / np.maximum(size, 1e-12), u / np.maximum(w.sum(axis=1), 1e-12)):
        free = list(cap)
        a = np.zeros(len(cls), dtype=np.int64)
        for i in np.argsort(-key, kind="stable").tolist():
            if u_l[i] <= 0 or ub_l[i] <= 0:
                continue
            d = dem[i]
            k = int(ub_l[i])
            for f, x in zip(free, d):
                if x > 0:
                    k = min(k, math.floor(f / x))
            if k > 0:
                a[i] = k
                free = [f - k * x for f, x in zip(free, d)]
        v = float(u @ a)
        if v > best_v:
            best_a, best_v = a, v
    return best_a


def _bb_knapsack(u: np.ndarray, D: np.ndarray, cap: np.ndarray, ub: np.ndarray, node_limit: int = _BB_NODES):
    """Exact bounded knapsack in three (or more: ``_Problem.D``) dimensions by depth-first branch and bound: max u.a s.t. D^T a <= cap,
    0 <= a <= ub, a integer. Items are tried in value-density order (u per largest share of a capacity); a branch
    is cut when its value plus the smallest single-dimension fractional bound of the items left cannot beat the
    best pattern found. Fast when a node holds few items (ECS awsvpc: 2-7 tasks); returns (a, value, proven) and
    proven=False when ``node_limit`` search nodes did not finish (the caller then asks HiGHS)."""
    k = len(u)
    with np.errstate(divide="ignore", invalid="ignore"):
        W = np.where(cap > 0, D / np.where(cap > 0, cap, 1.0), np.where(D > 0, np.inf, 0.0))
    size = W.max(axis=1)
    idx = np.flatnonzero((u > 0) & (ub > 0) & (size <= 1 + 1e-12))
    a = np.zeros(k, dtype=np.int64)
    if not len(idx):
        return a, 0.0, True
    idx = idx[np.argsort(-(u[idx] / np.maximum(size[idx], 1e-12)), kind="stable")]
    n = len(idx)
    uu, ww, bb = u[idx].tolist(), W[idx].tolist(), ub[idx].astype(np.int64).tolist()
    nd = D.shape[1]  # 3, and one per set of items sharing an exclusive key (``_Problem.D``)
    orders = []  # per dimension: (positions with weight by density u/w, positions free in that dimension)
    for d in range(nd):
        pos = sorted((p for p in range(n) if ww[p][d] > 0), key=lambda p, d=d: -uu[p] / ww[p][d])
        orders.append((pos, [p for p in range(n) if ww[p][d] <= 0]))

    def bound(i: int, f: tuple) -> float:
        best = math.inf
        for d in range(nd):
            pos, free_pos = orders[d]
            v = sum(uu[p] * bb[p] for p in free_pos if p >= i)
            c = f[d] + _FIT_TOL
            for p in pos:
                if p < i:
                    continue
                w = ww[p][d]
                if bb[p] * w <= c:
                    c -= bb[p] * w
                    v += uu[p] * bb[p]
                else:
                    v += uu[p] * c / w
                    break
            best = min(best, v)
        return best

    best_val, best_a, cur, nodes = -1.0, [0] * n, [0] * n, 0
    stack = [(0, (1.0,) * nd, 0.0, None)]  # (item position, free capacity, value, count to try next)
    # iterative DFS: each frame tries counts of item i from the most that fit down to 0
    while stack:
        i, f, val, c = stack.pop()
        w = ww[i]
        if c is None:
            nodes += 1
            if nodes > node_limit:  # give up: the best pattern found so far, unproven
                a[idx] = best_a
                return a, float(u @ a), False
            c = bb[i]
            for d in range(nd):
                if w[d] > 0:
                    c = min(c, int((f[d] + _FIT_TOL) / w[d]))
        if c < 0:
            cur[i] = 0
            continue
        stack.append((i, f, val, c - 1))
        cur[i] = c
        nf = (f[0] - c * w[0], f[1] - c * w[1], f[2] - c * w[2]) if nd == 3 else \
            tuple(fd - c * wd for fd, wd in zip(f, w))
        nv = val + c * uu[i]
        if i + 1 == n:
            if nv > best_val + 1e-12:
                best_val, best_a = nv, cur.copy()
        elif nv + bound(i + 1, nf) > best_val + 1e-9:
            for j in range(i + 1, n):
                cur[j] = 0
            stack.append((i + 1, nf, nv, None))
    a[idx] = best_a
    return a, float(u @ a), True


def _exact_pattern(prob: _Problem, t: int, cls: np.ndarray, u: np.ndarray, ub: np.ndarray):
    """(pattern, value, certified upper bound on the value): branch and bound, or HiGHS (node-limited) when the
    branch and bound gives up."""
    live = np.flatnonzero((u > 0) & (ub > 0))
    a = np.zeros(len(cls), dtype=np.int64)
    if not len(live):
        return a, 0.0, 0.0
    D = prob.demand[cls[live]]
    take, v, proven = _bb_knapsack(u[live], D, prob.cap[t], ub[live])
    if proven:
        a[live] = take
        return a, v, v
    k = len(live)
    if k > _MILP_MAX_ITEMS:  # a large knapsack: keep the search's best pattern and the fractional bound
        a[live] = take
        return a, v, max(v, float(_fractional_bounds(prob, cls, np.array([t]), u, ub[:, None])[0]))
    rows = np.repeat(np.arange(prob.D), k)
    cols = np.tile(np.arange(k), prob.D)
    vals = D.T.ravel()
    nz = vals != 0
    res = _solve(-u[live], rows[nz], cols[nz], vals[nz], np.full(prob.D, -np.inf), prob.cap[t] + _FIT_TOL,
                 np.zeros(k), ub[live].astype(float), integer=True)
    fallback = float(_fractional_bounds(prob, cls, np.array([t]), u, ub[:, None])[0])
    if not np.all(np.isfinite(res.x)):
        return a, 0.0, fallback
    take = np.clip(np.round(res.x), 0, ub[live]).astype(np.int64)
    if np.any(take @ D > prob.cap[t] + _FIT_TOL):
        take[:] = 0
    a[live] = take
    upper = min(-res.bound, fallback) if math.isfinite(res.bound) else fallback
    return a, float(u @ a), max(float(u @ a), upper)


class _MasterLP:
    """The configuration LP's master problem, min sum_p price_p y_p s.t. sum_p a_pc y_p >= n_c, y >= 0, kept in
    one HiGHS model across the rounds of column generation: each round adds only its new patterns as columns, and
    HiGHS re-solves from the previous optimal basis (a warm start) instead of from scratch."""

    def __init__(self, n: np.ndarray):
        self._h = _highs("cg")
        self._h.clearModel()
        m = len(n)
        self._h.addRows(m, np.asarray(n, dtype=np.float64), np.full(m, np.inf), 0, np.zeros(m, dtype=np.int32),
                        np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))
        self._cols = 0

    def solve(self, price: np.ndarray, pats: list[tuple[int, np.ndarray]]) -> tuple[float, np.ndarray, np.ndarray]:
        """(objective, y per pattern, row duals) with every pattern of ``pats`` (type index, counts per class) as a
        column; the patterns already in the model are the first ones of ``pats``."""
        new = pats[self._cols:]
        if new:
            A = np.array([a for _, a in new], dtype=np.float64)           # (new, Ca)
            nz_p, nz_c = np.nonzero(A)                                   # row-major: grouped by pattern
            starts = np.searchsorted(nz_p, np.arange(len(new))).astype(np.int32)
            cost = price[np.fromiter((t for t, _ in new), dtype=np.int64, count=len(new))].astype(np.float64)
            self._h.addCols(len(new), cost, np.zeros(len(new)), np.full(len(new), np.inf), len(nz_p), starts,
                            nz_c.astype(np.int32), A[nz_p, nz_c])
            self._cols = len(pats)
        self._h.run()
        sol = self._h.getSolution()
        y = np.asarray(sol.col_value, dtype=float)
        if len(y) != self._cols:
            y = np.full(self._cols, np.nan)
        return float(self._h.getInfo().objective_function_value), y, np.asarray(sol.row_dual, dtype=float)


def _config_lp(prob: _Problem, arch: str, u0: np.ndarray, max_rounds: int = _CG_MAX_ROUNDS) -> _ConfigLP | None:
    """Column generation for one arch (see the section comment). None when the arch has no items."""
    cl = prob.classes_of(arch)
    types = prob.types_of(arch)
    if not len(cl):
        return None
    n = prob.count[cl].astype(float)
    Ca = len(cl)
    # box bounds of the pricing knapsacks: how many items of each class fit one node of each type (Ca, Ta)
    ub = np.where(prob.feas[np.ix_(cl, types)],
                  np.minimum(prob.count[cl][:, None], prob.maxfit[np.ix_(cl, types)]), 0).astype(np.int64)
    live_t = np.flatnonzero(ub.any(axis=0))
    types, ub = types[live_t], ub[:, live_t]
    price = prob.price[types]
    pats: list[tuple[int, np.ndarray]] = []
    seen: set = set()

    def add(t: int, a: np.ndarray) -> bool:
        key = (t, a.tobytes())
        if not a.any() or key in seen:
            return False
        seen.add(key)
        pats.append((t, a.copy()))
        return True

    for j, t in enumerate(types):  # homogeneous patterns: the master is feasible from the start
        for i in np.flatnonzero(ub[:, j]):
            e = np.zeros(Ca, dtype=np.int64)
            e[i] = ub[i, j]
            add(int(t), e)
    u_start = np.maximum(u0[cl], 0.0) + 1e-9
    for j in np.argsort(-_fractional_bounds(prob, cl, types, u_start, ub) / price, kind="stable")[:_CG_GREEDY_TYPES]:
        add(int(types[j]), _greedy_pattern(prob, int(types[j]), cl, u_start, ub[:, j]))
    converged = False
    theta = math.inf
    value = 0.0
    y = u = None
    rounds = 0
    exact_left = _CG_EXACT_BUDGET
    master = _MasterLP(n)
    for rounds in range(1, max_rounds + 2):
        value, y, duals = master.solve(prob.price, pats)
        u = np.maximum(duals, 0.0)
        ratio = _fractional_bounds(prob, cl, types, u, ub) / price
        cand = [j for j in np.argsort(-ratio, kind="stable") if ratio[j] > 1 + _CG_REL_TOL]
        theta = max(1.0, float(ratio.max()))
        if not cand:
            converged = True
            break
        if rounds > max_rounds:
            break
        new = 0
        for j in cand[:_CG_GREEDY_TYPES]:  # partial pricing: the most promising types, greedily
            a = _greedy_pattern(prob, int(types[j]), cl, u, ub[:, j])
            if u @ a > price[j] * (1 + _CG_REL_TOL) and add(int(types[j]), a):
                new += 1
        if new:
            continue
        # the greedy found nothing: exact knapsacks, most promising first; the rest keep their bound
        exact_theta = 1.0
        for k, j in enumerate(cand):
            if k >= _CG_EXACT_TYPES or exact_left <= 0:
                exact_theta = max(exact_theta, float(ratio[j]))
                continue
            exact_left -= 1
            a, v, upper = _exact_pattern(prob, int(types[j]), cl, u, ub[:, j])
            exact_theta = max(exact_theta, upper / price[j])
            if v > price[j] * (1 + _CG_REL_TOL) and add(int(types[j]), a):
                new += 1
        theta = exact_theta
        if not new:
            converged = theta <= 1 + 1e-6
            break
    ptype = np.fromiter((p[0] for p in pats), dtype=np.int64, count=len(pats))
    A = np.array([p[1] for p in pats], dtype=np.int64)
    uu = np.zeros(prob.C)
    uu[cl] = u
    return _ConfigLP(cl, ptype, A, y, uu, value, value / theta, converged, rounds)


def _add_copies(fleet: _Fleet, t: int, contents: dict[int, int], used: np.ndarray, k: int) -> None:
    """``k`` identical nodes, each with its own contents and used vector (the local search changes them in place)."""
    fleet.ntype.extend([int(t)] * k)
    fleet.contents.extend([dict(contents) for _ in range(k)])
    fleet.used.extend([used.copy() for _ in range(k)])


def _fleet_from_patterns(prob: _Problem, arch: str, cfg: _ConfigLP, y_int: np.ndarray) -> tuple[_Fleet, np.ndarray]:
    """Open y_int[p] nodes of every pattern (identical nodes in bulk), never placing more items than exist.
    Returns the fleet and the items left over (C,)."""
    types = prob.types_of(arch)
    remaining = np.zeros(prob.C, dtype=np.int64)
    remaining[cfg.classes] = prob.count[cfg.classes]
    fleet = _Fleet()
    order = np.lexsort((-prob.price[cfg.ptype], -y_int))
    downsized: dict[tuple, int] = {}
    for p in order:
        k = int(y_int[p])
        if k <= 0:
            continue
        a = cfg.a[p]
        while k > 0:
            take = np.minimum(a, remaining[cfg.classes])
            nz = np.flatnonzero(take)
            if not len(nz):
                break
            full = int(min(k, np.min(remaining[cfg.classes[nz]] // take[nz])))
            contents = {int(cfg.classes[i]): int(take[i]) for i in nz}
            used = take[nz] @ prob.demand[cfg.classes[nz]]
            key = (int(cfg.ptype[p]), tuple(sorted(contents.items())))
            t = downsized.get(key)
            if t is None:
                t = downsized[key] = _downsize(prob, types, contents, used, int(cfg.ptype[p]))
            _add_copies(fleet, t, contents, used, full)
            remaining[cfg.classes[nz]] -= full * take[nz]
            k -= full
    return fleet, remaining


def _pattern_fleet(prob: _Problem, arch: str, cfg: _ConfigLP, value: np.ndarray) -> _Fleet:
    """Integer fleet from the configuration LP: floor(y) nodes of each pattern, leftovers into slack and
    then the cost-ratio greedy."""
    fleet, residual = _fleet_from_patterns(prob, arch, cfg, np.floor(cfg.y + 1e-7).astype(np.int64))
    if residual.sum():
        _reinsert_and_pack(prob, prob.types_of(arch), fleet, residual, value, commit=True)
    return fleet


# --------------------------------------------------------------------------------------------
# Result assembly
# --------------------------------------------------------------------------------------------

def _type_info(prob: _Problem) -> list[tuple]:
    """(name, purchase, arch, $/h, capacity) per node type, as plain values (what nodes and cache entries name)."""
    return [(nt.name, nt.purchase, nt.arch, float(nt.usd_per_hour), tuple(float(x) for x in nt.capacity))
            for nt in prob.types]


def _totals(prob: _Problem, type_info: list[tuple], all_types: list[int], lb: float):
    """(fleet rows, cost, gap, utilisation) of a fleet whose nodes are of the types ``all_types`` (indices into
    ``type_info``, in node order). Each row's total adds its node price once per node, in order, and the cost adds
    the nodes' prices in node order, so the sums are the same however the fleet was obtained (packed, or read from
    the cache directory)."""
    price_of = [ti[3] for ti in type_info]
    prices = [price_of[t] for t in all_types]
    fleet_rows = []
    for t, n in Counter(all_types).items():
        name, purchase, a, price, _ = type_info[t]
        fleet_rows.append({"instance_type": name, "purchase": purchase, "arch": a, "count": n, "usd_per_hour": price,
                           "total_usd_per_hour": functools.reduce(operator.add, [price] * n, 0.0)})
    fleet = sorted(fleet_rows, key=lambda r: (r["instance_type"], r["purchase"]))
    cost = float(sum(prices))
    if lb > 0:
        gap = cost / lb - 1.0
        if -_GAP_TOL < gap < 0.0:
            gap = 0.0  # an optimal packing, its bound a solver tolerance above it: not "-0.0%"
    else:
        gap = 0.0 if cost == 0 else math.inf
    tot_dem = (prob.count[:, None] * prob.demand[:, :_NDIM]).sum(axis=0) if prob.C else np.zeros(_NDIM)
    caps = np.array([ti[4] for ti in type_info], dtype=float).reshape(len(type_info), _NDIM)
    tot_cap = caps[np.asarray(all_types, dtype=np.int64)].sum(axis=0) if all_types else np.zeros(_NDIM)
    util = {dim: (float(tot_dem[d] / tot_cap[d]) if tot_cap[d] > 0 else 0.0)
            for d, dim in enumerate(DIMENSIONS)}
    return fleet, cost, float(gap), util


def _build_result(prob: _Problem, fleets: dict[str, _Fleet], lb: float, algorithm: str,
                  notes: list[str]) -> PackResult:
    """The ``PackResult`` of packed fleets: fleet rows, cost and utilisation now; the node list (each node's
    placements by service name) when first read."""
    type_info = _type_info(prob)
    order = [(arch, fleets[arch]) for arch in sorted(fleets) if len(fleets[arch])]  # node order: arch, then index
    for _, f in order:
        ntype = np.asarray(f.ntype, dtype=np.int64)
        used_all = np.array(f.used, dtype=float).reshape(len(f), prob.D)
        over = np.any(used_all > prob.cap[ntype] + _TOL, axis=1)
        if over.any():  # pragma: no cover - internal invariant
            i = int(np.argmax(over))
            raise RuntimeError(f"internal error: node {prob.types[ntype[i]].name} over capacity {used_all[i]}")
    all_types = [t for _, f in order for t in f.ntype]
    fleet, cost, gap, util = _totals(prob, type_info, all_types, lb)

    def source() -> dict:
        nodes = []
        for _, f in order:
            used_all = np.asarray(f.used, dtype=float).reshape(len(f), prob.D).tolist()  # Python floats, in bulk
            nodes += [(int(t), tuple(sorted([(int(c), int(k)) for c, k in cont.items() if k > 0])), tuple(used))
                      for t, cont, used in zip(f.ntype, f.contents, used_all)]
        return {"types": type_info, "members": [[(str(n), int(k)) for n, k in m] for m in prob.members],
                "nodes": nodes}

    return PackResult(lambda: _nodes_from(source()), fleet, cost, float(lb), gap, util, algorithm, notes,
                      _source=source)


def _nodes_from(src: dict) -> list[Node]:
    """Every node with its placements by service name, from plain data: ``types`` (name, purchase, arch, $/h,
    capacity) per type index, ``members`` [(service, items)] per item class, ``nodes`` (type index, ((class,
    items), ...), used) in node order. A class's items go to its services in order, filling one before the next."""
    types, members = src["types"], src["members"]
    queues = [[list(m) for m in ms] for ms in members]
    qpos = [0] * len(members)
    placed = [0] * len(members)
    out: list[Node] = []
    for t, cont, used in src["nodes"]:
        pl: dict[str, int] = {}
        for c, k in cont:
            placed[c] += k
            qc = queues[c]
            while k > 0:
                q = qc[qpos[c]]
                take = min(k, q[1])
                pl[q[0]] = pl.get(q[0], 0) + take
                q[1] -= take
                k -= take
                if q[1] == 0:
                    qpos[c] += 1
        name, purchase, a, price, capacity = types[t]
        out.append(Node(name, purchase, a, price, tuple(capacity), tuple(used)[:_NDIM], pl))
    if placed != [sum(k for _, k in ms) for ms in members]:  # pragma: no cover - internal invariant
        raise RuntimeError("internal error: not every item was placed exactly once")
    return out


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def pack(groups: list[ItemGroup], node_types: list[NodeType], *, min_nodes: int = 0,
         time_limit_s: float | None = None, seed: int = 0, max_iterations: int | None = None) -> PackResult:
    """Pack all items onto a near-cheapest fleet of the given node types (see module docstring).

    Deterministic for a given ``seed``: the local search is bounded by work (``max_iterations`` per arch;
    by default about ``_LS_WORK`` node visits, at most ``_LS_MAX_ITER`` iterations). ``time_limit_s`` is
    an optional safety net only; when it cuts the search short a note says so and the result may vary.

    Because the result is a function of the inputs, a packing without a time limit (of at most
    ``_CACHE_MAX_NODES`` nodes) is remembered in the cache directory (``advisor.diskcache``, kind ``fleets``, keyed
    by the groups, node types, ``min_nodes``, ``seed``, ``max_iterations``, this module's source and the numpy and
    highspy versions): the same fleet asked again (another command on the same file, a re-run in CI) is read
    instead of searched. ``ADVISOR_CACHE=off`` turns it off.
    """
    if isinstance(min_nodes, bool) or not isinstance(min_nodes, (int, float)) or int(min_nodes) != min_nodes \
            or min_nodes < 0:
        raise PackingError(f"min_nodes must be an integer >= 0, got {min_nodes!r}")
    key, hit = _cached(groups, node_types, int(min_nodes), time_limit_s, seed, max_iterations)
    if hit is not None:
        return hit
    res = _pack(groups, node_types, min_nodes=int(min_nodes), time_limit_s=time_limit_s, seed=seed,
                max_iterations=max_iterations)
    if key is not None and sum(r["count"] for r in res.fleet) <= _CACHE_MAX_NODES:
        diskcache.store("fleets", key, _result_to_plain(res))
    return res


#: Fleets of more nodes are not written to the cache (the entry size limit of ``advisor.diskcache`` applies too).
_CACHE_MAX_NODES = 50_000


def _cached(groups, node_types, min_nodes: int, time_limit_s=None, seed=0, max_iterations=None):
    """(cache key or None, the packing read from the cache directory or None) for ``pack``'s arguments: a packing
    with a time limit is never cached; an entry that fails its checks (``_result_from_plain``) reads as None."""
    key = _cache_key(groups, node_types, min_nodes, seed, max_iterations) if time_limit_s is None else None
    data = diskcache.load("fleets", key) if key is not None else None
    hit = _result_from_plain(data, _Problem(groups, node_types), min_nodes) if data is not None else None
    return key, hit

# --------------------------------------------------------------------------------------------
# Many packings at once (a sweep's contested factors): worker processes
# --------------------------------------------------------------------------------------------

#: ``pack_all`` starts worker processes only when the first packing it runs itself took at least this long (a
#: worker takes about half a second to start and import numpy and HiGHS) and at least two more are left.
_POOL_MIN_SECONDS = 0.5


#: The thread-pool sizes of the numerical libraries, set to 1 for the worker processes (unless the user set them).
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _pack_plain(job: dict) -> dict:
    """``pack(**job)`` as ``_result_to_plain`` data: what a worker process sends back (a ``PackResult`` holds
    functions, which do not pickle)."""
    return _result_to_plain(pack(**job))


def pack_all(jobs: list[dict], *, workers: int | None = None, expect_seconds: float = 0.0) -> list[PackResult]:
    """``[pack(**job) for job in jobs]``, the same results, in worker processes when that saves time.

    Each job holds ``pack``'s arguments (``groups``, ``node_types`` and any of ``min_nodes``, ``time_limit_s``,
    ``seed``, ``max_iterations``). Packings found in the cache directory are read first; of the rest, the first is
    packed here (unless ``expect_seconds``, the time a like packing took, already reaches ``_POOL_MIN_SECONDS``: a
    sweep's planner passes its fleet's), and when it took at least ``_POOL_MIN_SECONDS`` and two or more are left, those are packed by up to
    ``workers`` (default ``pack_workers()``) processes started with the ``spawn`` method (HiGHS runs threads, which
    a forked process must not inherit), each sent back as cache data and checked as a cache entry is. A packing
    without a time limit is a function of its inputs, so the results do not depend on where it ran. When worker
    processes cannot be started or fail (a sandbox without ``/dev/shm``, a worker killed), the packings left are
    done here. Raises what ``pack`` raises (``PackingError``) and ``AdvisorError`` for a bad ``$ADVISOR_WORKERS``
    (``advisor.sizing.workers``).
    """
    workers = pack_workers() if workers is None else int(workers)
    results: list[PackResult | None] = [None] * len(jobs)
    todo = []
    for i, job in enumerate(jobs):
        _, results[i] = _cached(job["groups"], job["node_types"], int(job.get("min_nodes", 0)),
                                job.get("time_limit_s"), job.get("seed", 0), job.get("max_iterations"))
        if results[i] is None:
            todo.append(i)
    if todo:
        done = len(jobs) - len(todo)
        progress.count(done, len(jobs), "packed")
        rest = todo
        if not (workers > 1 and len(todo) >= 2 and expect_seconds > 0 and expect_seconds >= _POOL_MIN_SECONDS):
            t0 = time.perf_counter()
            results[todo[0]] = pack(**jobs[todo[0]])
            done += 1
            progress.count(done, len(jobs), "packed")
            rest = todo[1:] if time.perf_counter() - t0 >= _POOL_MIN_SECONDS else []
        if workers > 1 and len(rest) >= 2:
            for i, res in zip(rest, _pack_in_workers([jobs[i] for i in rest], min(workers, len(rest)),
                                                     first_done=done, total=len(jobs))):
                results[i] = res
        done = sum(r is not None for r in results)
        for i in todo:
            if results[i] is None:
                results[i] = pack(**jobs[i])
                done += 1
                progress.count(done, len(jobs), "packed")
    return results


def _pack_in_workers(jobs: list[dict], workers: int, first_done: int = 0, total: int | None = None
                     ) -> list[PackResult | None]:
    """The jobs packed by ``workers`` spawned processes, in order; None for any the workers did not return (the
    caller packs those itself). Each packing that comes back is counted on the status line (``advisor.progress``:
    ``first_done`` plus those back, of ``total``).

    Ctrl-C: the workers start with SIGINT ignored (an ignored signal stays ignored across exec, and Python then
    installs no KeyboardInterrupt handler: the ``signal`` module documentation), so only advisor's own process is
    interrupted; it kills the workers, then shuts the pool down. Shutting down first, as a pool does, could deadlock:
    a worker interrupted inside the job queue's lock left another blocked for good, and the exit waited on it."""
    import concurrent.futures
    import multiprocessing

    out: list[PackResult | None] = [None] * len(jobs)
    try:
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers,
                                                      mp_context=multiprocessing.get_context("spawn"))
    except (OSError, RuntimeError, ImportError, ValueError):
        return out  # no worker processes here: the caller packs them
    finished = False
    try:
        with _worker_start_environment():
            futures = [pool.submit(_pack_plain, job) for job in jobs]
        back = 0
        for fut in concurrent.futures.as_completed(futures):  # counted as they come back; kept in job order below
            with contextlib.suppress(Exception):
                fut.exception()
            back += 1
            progress.count(first_done + back, total or len(jobs), "packed")
        for i, (job, fut) in enumerate(zip(jobs, futures)):
            try:
                data = fut.result()
            except PackingError:
                raise
            except Exception:  # noqa: BLE001 - a worker that failed or could not start: the caller packs it
                continue
            out[i] = _result_from_plain(data, _Problem(job["groups"], job["node_types"]), int(job.get("min_nodes", 0)))
        finished = True
    except (OSError, RuntimeError):
        finished = True  # submitting failed (the pool broke): the caller packs what is left
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:  # Ctrl-C or an error: kill the workers first, then shut the pool down (nothing left to wait for)
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    proc.kill()
            pool.shutdown(wait=True, cancel_futures=True)
    return out


@contextlib.contextmanager
def _worker_start_environment():
    """While worker processes start (at submit; they copy the environment and signal dispositions then): one BLAS
    thread each (``_THREAD_VARS``, unless the user set them; HiGHS always runs one, ``_new_highs``), as the workers
    already take every CPU, and SIGINT ignored (see ``_pack_in_workers``; only from the main thread, where Python
    allows it)."""
    import signal

    saved = {v: os.environ.get(v) for v in _THREAD_VARS}
    os.environ.update({v: "1" for v, old in saved.items() if old is None})
    changed, previous = False, None
    if threading.current_thread() is threading.main_thread():
        with contextlib.suppress(ValueError, OSError):
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            changed = True
    try:
        yield
    finally:
        if changed:  # None: a handler set outside Python, which Python cannot put back; its default, then
            signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)
        for v, old in saved.items():
            if old is None:
                os.environ.pop(v, None)


def _cache_key(groups, node_types, min_nodes: int, seed, max_iterations) -> str | None:
    """The disk-cache key of a packing (None when caching is off or the inputs are not plain values)."""
    if not diskcache.enabled():
        return None
    digest = diskcache.source_digest("advisor.sizing.packing")
    if not digest:
        return None
    try:
        sets: dict[frozenset, int] = {}  # each distinct allowed-types set once (10,000 groups share a few)
        demands: dict[tuple, tuple[float, ...]] = {}  # each distinct demand tuple converted once

        def floats(v) -> tuple[float, ...]:
            got = demands.get(v) if type(v) is tuple else None
            if got is None:
                got = tuple(map(float, v))
                if type(v) is tuple:
                    demands[v] = got
            return got

        gs = tuple((str(g.name), str(g.arch), floats(g.demand), int(g.count),
                    None if g.allowed is None else sets.setdefault(frozenset(g.allowed), len(sets)), bool(g.apart),
                    tuple(sorted(map(str, g.exclusive))) if g.exclusive else ())
                   for g in groups)
        ts = tuple((str(t.name), str(t.arch), tuple(float(x) for x in t.capacity), float(t.usd_per_hour),
                    str(t.purchase)) for t in node_types)
        # the groups by their digest, not their repr: marshal's format 2 writes each value by its type and value alone
        # (no references between objects, no interned-string marks; floats exactly), in a tenth of the time repr
        # takes for the 10,000 groups of a 10,000-service fleet
        groups_digest = hashlib.sha256(marshal.dumps(gs, 2)).hexdigest()
        return diskcache.key_of("fleets", 5, digest, _solver_versions(), groups_digest,
                                tuple(tuple(sorted(a)) for a in sets), ts, min_nodes, int(seed),
                                None if max_iterations is None else int(max_iterations))
    except (TypeError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _solver_versions() -> tuple[str, str]:
    """(numpy, highspy) versions: a packing depends on its LP solutions, so a cached one names the solver that made
    it (read from the installed metadata, without importing highspy)."""
    from importlib import metadata

    try:
        highs = metadata.version("highspy")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        highs = "?"
    return np.__version__, highs


#: How node arrays are stored in the cache directory (little-endian 64-bit integers and floats).
_INT, _FLOAT = np.dtype("<i8"), np.dtype("<f8")


def _result_to_plain(res: PackResult) -> dict:
    """What the cache directory keeps of a packing: the node types and item classes, the nodes as arrays (type index
    per node, number of (class, items) pairs per node, the pairs' classes and items, per-node use), the bounds, the
    algorithm and the notes. Arrays are stored as bytes, so a fleet of 50,000 nodes reads in milliseconds; rows,
    cost, gap and utilisation are computed again from the nodes when read."""
    src = res._source()
    return {"source": {"types": src["types"], "members": src["members"], **_node_arrays(src["nodes"])},
            "lb": float(res.lower_bound_per_hour), "assignment": float(res.assignment_bound_per_hour),
            "algorithm": res.algorithm, "notes": list(res.notes)}


def _node_arrays(nodes: list) -> dict[str, bytes]:
    """Plain nodes (type index, ((class, items), ...), use) as the byte arrays the cache directory stores."""
    pairs = [p for _, cont, _ in nodes for p in cont]
    arrays = {"ntype": np.array([n[0] for n in nodes], dtype=_INT),
              "sizes": np.array([len(n[1]) for n in nodes], dtype=_INT),
              "cls": np.array([c for c, _ in pairs], dtype=_INT), "cnt": np.array([k for _, k in pairs], dtype=_INT),
              "used": np.array([n[2] for n in nodes], dtype=_FLOAT).reshape(len(nodes), len(nodes[0][2]) if nodes else _NDIM)}
    return {name: a.tobytes() for name, a in arrays.items()}


def _plain_nodes(ntype: np.ndarray, sizes: np.ndarray, cls: np.ndarray, cnt: np.ndarray, used: np.ndarray) -> list:
    """The nodes as ``_nodes_from`` reads them, (type index, ((class, items), ...), use), from the stored arrays."""
    pairs = list(zip(cls.tolist(), cnt.tolist()))
    ends = np.cumsum(sizes).tolist()
    starts = [0, *ends[:-1]]
    return [(t, tuple(pairs[a:b]), tuple(u)) for t, a, b, u in zip(ntype.tolist(), starts, ends, used.tolist())]


def _result_from_plain(data, prob: _Problem, min_nodes: int = 0) -> PackResult | None:
    """The ``PackResult`` of ``_result_to_plain`` data for the problem ``prob`` (the same groups and node types), or
    None for anything that is not a packing of that problem (a damaged, foreign or edited entry): the node types
    must be ``prob``'s, the item classes its classes with the same services and counts, every item of every class
    on exactly one node whose type may hold it (arch, allowed types), each node's recorded use the sum of its items'
    demands and within its allocatable capacity, at least ``min_nodes`` nodes, and the bounds finite with
    assignment bound <= lower bound <= cost. Rows, cost, gap and utilisation are computed from the nodes as for a
    packing; the node list itself is built when first read."""
    def amount(x) -> bool:
        return type(x) is float and math.isfinite(x) and x >= 0

    try:
        src = data["source"]
        types, members = src["types"], src["members"]
        if not (type(types) is list and type(members) is list
                and all(type(src[k]) is bytes for k in ("ntype", "sizes", "cls", "cnt", "used"))):
            return None
        if types != _type_info(prob) or members != [[(str(n), int(k)) for n, k in m] for m in prob.members]:
            return None
        # lengths before contents: frombuffer raises ValueError for a length that is not whole items
        ntype, sizes = np.frombuffer(src["ntype"], dtype=_INT), np.frombuffer(src["sizes"], dtype=_INT)
        cls_a, cnt_a = np.frombuffer(src["cls"], dtype=_INT), np.frombuffer(src["cnt"], dtype=_INT)
        used_a = np.frombuffer(src["used"], dtype=_FLOAT)
        n_nodes = len(ntype)
        if not (min_nodes <= n_nodes <= _CACHE_MAX_NODES and len(sizes) == n_nodes and len(used_a) == n_nodes * prob.D
                and len(cls_a) == len(cnt_a) <= int(prob.count.sum())):
            return None
        used_a = used_a.reshape(n_nodes, prob.D)
        if n_nodes and not (0 <= int(ntype.min()) and int(ntype.max()) < prob.T and int(sizes.min()) >= 0):
            return None
        if int(sizes.sum()) != len(cls_a):
            return None
        if n_nodes > min_nodes and not sizes.all():
            return None  # the packer leaves a node empty only to reach min_nodes
        # (class, items) pairs: known classes, at least one item each, within the class; every item placed once
        if len(cls_a) and not (0 <= int(cls_a.min()) and int(cls_a.max()) < prob.C and int(cnt_a.min()) > 0
                               and (cnt_a <= prob.count[cls_a]).all()):
            return None
        placed = np.bincount(cls_a, weights=cnt_a, minlength=prob.C) if len(cls_a) else np.zeros(prob.C)
        if not np.array_equal(placed.astype(np.int64), prob.count):
            return None
        rows = np.repeat(np.arange(n_nodes, dtype=np.int64), sizes)
        if len(cls_a) and not prob.feas[cls_a, ntype[rows]].all():
            return None
        kept = prob.apart[cls_a] if len(cls_a) else np.zeros(0, dtype=bool)
        if kept.any():  # a class kept apart: one item on a node, the node listing it once
            pairs = rows[kept] * prob.C + cls_a[kept]
            if (cnt_a[kept] > 1).any() or len(set(pairs.tolist())) < len(pairs):
                return None
        want = np.zeros((n_nodes, prob.D))
        if len(cls_a):
            np.add.at(want, rows, cnt_a[:, None] * prob.demand[cls_a])
        if not (np.isfinite(used_a).all() and np.allclose(used_a, want, rtol=1e-9, atol=1e-9)
                and (n_nodes == 0 or (used_a <= prob.cap[ntype] + _TOL).all())):
            return None
        all_types = ntype.tolist()
        lb, assignment, algorithm, notes = data["lb"], data["assignment"], data["algorithm"], data["notes"]
        if not (amount(lb) and amount(assignment) and type(algorithm) is str and type(notes) is list
                and all(type(n) is str for n in notes)):
            return None
        fleet, cost, gap, util = _totals(prob, types, all_types, lb)
        slack = 1e-6 * max(1.0, cost)  # LP solutions are exact to the solver's tolerance
        if not (_simple_bound(prob, min_nodes) * (1 - 1e-6) <= assignment <= lb + slack and lb <= cost + slack):
            return None
        if lb > assignment + slack and not (notes and notes[0].startswith("lower bound: configuration LP")):
            return None  # a bound above the assignment LP's comes from the configuration LP, and says so
        def source() -> dict:
            return {"types": types, "members": members, "nodes": _plain_nodes(ntype, sizes, cls_a, cnt_a, used_a)}

        return PackResult(lambda: _nodes_from(source()), fleet, cost, lb, gap, util, algorithm, list(notes),
                          assignment, _source=source)
    except (TypeError, ValueError, KeyError, IndexError, OverflowError, MemoryError):
        return None


def _simple_bound(prob: _Problem, min_nodes: int) -> float:
    """A lower bound on the assignment LP's value ($/hour) that needs no solver: in each dimension, every item's
    demand paid at the cheapest price per unit of capacity among the node types that may hold it (and ``min_nodes``
    of the cheapest type). A cached bound below it is not the LP's."""
    if prob.T == 0:
        return 0.0
    floor = float(min_nodes) * float(prob.price.min())
    if not prob.C:
        return floor
    with np.errstate(divide="ignore", invalid="ignore"):
        per_unit = np.where(prob.cap > 0, prob.price[:, None] / prob.cap, np.inf)  # (T, D)
    cheapest = np.where(prob.feas[:, :, None], per_unit[None, :, :], np.inf).min(axis=1)  # (C, D)
    need = prob.count[:, None] * prob.demand  # (C, D)
    paid = np.where(need > 0, need * cheapest, 0.0).sum(axis=0)
    return max(floor, float(paid.max()))


def _pack(groups: list[ItemGroup], node_types: list[NodeType], *, min_nodes: int, time_limit_s: float | None,
          seed: int, max_iterations: int | None, merge: bool = True) -> PackResult:
    t0 = time.perf_counter()
    prob = _Problem(groups, node_types)
    guide = _assignment_lp(prob, 0)
    # The bound with ``min_nodes``: the same LP when the guide already opens that many nodes (an optimum of the LP
    # without the row meets it, so it is an optimum with it); solved again only when the row binds (small fleets).
    lp = guide if guide.x.sum() >= min_nodes - 1e-9 else _assignment_lp(prob, min_nodes)
    # value of an item = LP marginal (assignment LP, replaced per arch by the configuration LP's)
    value = np.maximum(guide.u, 0.0)
    kept = sorted(name for c in np.flatnonzero(prob.apart) for name, _ in prob.members[c])
    notes = ["replicas of one service may share a node (no anti-affinity/spread constraints modelled)" if not kept
             else f"at most one replica per node of {name_list(kept)}; other services' replicas may share a node"]
    for cls in prob.exclusive_sets:  # items of several services that hold one exclusive key (a static host port)
        names = sorted(name for c in cls for name, _ in prob.members[c])
        notes.append(f"at most one item per node of {', '.join(names[:5])}"
                     + (f" and {len(names) - 5} more" if len(names) > 5 else "") + " together (an exclusive key they share)")
    rng = np.random.default_rng(seed)
    deadline = math.inf if time_limit_s is None else t0 + max(0.0, float(time_limit_s))
    fleets: dict[str, _Fleet] = {}
    timed_out = False
    total_it = total_imp = 0
    config_bound = 0.0
    config_ok = True
    for arch in prob.arches:
        types = prob.types_of(arch)
        cl = prob.classes_of(arch)
        lp_nodes = float(guide.x[types].sum())
        items = float(prob.count[cl].sum())
        # Few items per node (ECS awsvpc ENI slots): the configuration LP is much stronger than the
        # assignment LP and its patterns pack well. Many items per node (EKS pods): the two bounds are
        # within ~0.1% and the pricing knapsacks get large, so the assignment-LP construction is used.
        # Many distinct classes: each pricing round solves a knapsack per node type over every class, and the
        # master grows with them (300 classes: ~12 s per pack, 2,000: minutes and GBs); the construction is used.
        few_per_node = items <= _CG_MAX_ITEMS_PER_NODE * max(lp_nodes, 1.0) and len(cl) <= _CG_MAX_CLASSES
        cfg = _config_lp(prob, arch, value) if few_per_node else None
        cands: list[tuple[str, _Fleet]] = []
        guide_value = value.copy()
        if cfg is not None:
            config_bound += cfg.bound
            config_ok &= cfg.bound > 0
            cfg_value = value.copy()
            cfg_value[cl] = cfg.u[cl]
            cands.append(("configuration-LP patterns", _pattern_fleet(prob, arch, cfg, cfg_value), cfg_value))
        if cfg is None or lp_nodes <= _CONSTRUCT_MAX_NODES:
            f = _construct(prob, arch, guide, guide_value)
            for i in range(len(f)):
                f.ntype[i] = _downsize(prob, types, f.contents[i], f.used[i], f.ntype[i])
            cands.append(("assignment-LP spread", f, guide_value))
        if len(cl) <= _SMALL_CLASSES and lp_nodes <= _SMALL_NODES:
            cands.append(("exact-knapsack greedy", _knapsack_greedy(prob, arch, guide_value, guide.x), guide_value))
        # When the node prices carry per-node costs (the managed platforms' volumes, ``NodeType.usd_per_hour``), a
        # construction of many small nodes loses to one of few large ones before the tie-break could merge it: merge
        # each first (``_merge_nodes`` never raises a fleet's price), so they are compared as the final fleet would be
        if merge:
            cands = [(lbl, _merged_copy(prob, arch, c, min_nodes), v) for lbl, c, v in cands]
        # each construction keeps the item values (LP duals) it was built with for the local search
        label, f, value_arch = min(cands, key=lambda c: _fleet_cost(prob, c[1]) + 1e-9 * cands.index(c))
        notes.append(f"{arch}: started from the {label} fleet")
        arch_lb = max(float(prob.price[types] @ guide.x[types]), cfg.bound if cfg is not None else 0.0)
        n_items = int(prob.count[cl].sum())
        mi = (int(max_iterations) if max_iterations is not None
              else min(_LS_MAX_ITER, max(_LS_MIN_ITER, _LS_WORK // max(1, n_items))))
        f, it, imp, to = _local_search(prob, arch, f, value_arch, rng, mi, deadline, arch_lb)
        fleets[arch] = f
        timed_out |= to
        total_it += it
        total_imp += imp
    lb = lp.value
    if config_ok and config_bound > lb:
        lb = config_bound
        notes.insert(0, "lower bound: configuration LP (node patterns that fit in integers, column generation); "
                        "the assignment LP bound is lower")
    else:
        notes.insert(0, "lower bound: assignment LP relaxation with per-item type feasibility (arch, allowed "
                        "types, item size) and the per-node max-items cut")
    notes.append(f"local search: {total_it} ruin-and-recreate iterations, {total_imp} improvements")
    if timed_out:
        notes.append(f"time limit {time_limit_s:g}s reached during local search; result may vary run to run")

    # min_nodes: split nodes or add the cheapest node; or spread every item over exactly min_nodes nodes
    n_nodes = sum(len(f) for f in fleets.values())
    spread = _spread_over(prob, fleets, min_nodes) if n_nodes < min_nodes else None
    if n_nodes < min_nodes:
        if prob.T == 0:
            raise PackingError(f"min_nodes={min_nodes} but no node types were given")
        cheapest = int(np.argmin(prob.price))
        added = 0
        while n_nodes < min_nodes:
            best = (float(prob.price[cheapest]), None, None, None)
            for arch, f in fleets.items():
                types = prob.types_of(arch)
                for i in range(len(f)):
                    s = _split_cost(prob, types, f.contents[i])
                    if s is None:
                        continue
                    extra = s[0] - prob.price[f.ntype[i]]
                    if extra < best[0] - 1e-12:
                        best = (extra, arch, i, s[1])
            if best[1] is None:
                # no split beats an empty cheapest node; adding one changes no other node's split, so the same
                # holds for every node still missing: add them all at once (min_nodes of 10,000 was quadratic)
                a = str(prob.type_arch[cheapest])
                for _ in range(min_nodes - n_nodes):
                    fleets.setdefault(a, _Fleet()).add(cheapest, {}, np.zeros(prob.D))
                added += min_nodes - n_nodes
                n_nodes = min_nodes
                break
            else:
                _, arch, i, parts = best
                f = fleets[arch]
                f.ntype[i], f.contents[i], f.used[i] = parts[0]
                f.add(*parts[1])
            n_nodes += 1
        if spread is not None and _fleet_price(prob, spread) < _fleet_price(prob, fleets) - 1e-9:
            fleets, added = spread, 0
            notes.append(f"min_nodes={min_nodes} enforced by spreading the items over {min_nodes} nodes (cheaper than "
                         "splitting nodes or adding empty ones)")
        else:
            notes.append(f"min_nodes={min_nodes} enforced" + (f" ({added} empty node(s) added)" if added else ""))
    algo = ("configuration-LP patterns (column generation) or assignment-LP-guided type mix, whichever is "
            "cheaper, + cost-ratio greedy for the leftovers + ruin-and-recreate local search")
    # (a group holding an exclusive key stays apart in the relaxed packing: the repair moves only the others)
    if prob.apart.any() and prob.count[prob.apart].sum() <= _REPAIR_MAX_ITEMS \
            and any(g.apart and not g.exclusive for g in groups):
        relaxed = _pack([replace(g, apart=False) for g in groups], node_types, min_nodes=min_nodes,
                        time_limit_s=time_limit_s, seed=seed, max_iterations=max_iterations, merge=False)
        repaired = _repair_apart(prob, relaxed)
        if repaired is not None and _fleet_price(prob, repaired) < _fleet_price(prob, fleets) - 1e-9:
            notes.append(f"the fleet packed as if replicas could share a node, then its replicas kept apart by moving "
                         f"them between nodes, costs less (${_fleet_price(prob, repaired):.4f}/h against "
                         f"${_fleet_price(prob, fleets):.4f}/h packed with the rule): kept")
            fleets = repaired
    if merge:
        before = _fleet_price(prob, fleets)
        merged = _merge_nodes(prob, fleets, min_nodes)
        if merged:
            notes.append(f"tie-break: {merged} merge(s) of two nodes of one family into one of that family priced at "
                         f"most the two together, fewer nodes for ${_fleet_price(prob, fleets):.4f}/h of instances "
                         f"(${before:.4f}/h before)")
    res = _build_result(prob, fleets, lb, algo, notes)
    res.assignment_bound_per_hour = float(lp.value)
    return res


#: ``_repair_apart`` is tried when the groups kept apart have at most this many items in all (it packs the fleet a
#: second time, and each swap scans the nodes).
_REPAIR_MAX_ITEMS = 5_000


def _repair_apart(prob: _Problem, relaxed: PackResult) -> dict[str, _Fleet] | None:
    """``relaxed`` (the same groups packed with replicas free to share nodes) made to keep every class of ``prob``
    kept apart at most one item per node, or None when that fails: each extra item of such a class on a node is
    swapped with an item of the same size (demand) on a node without one, when both may use the other's node type and
    the swap puts no second item of a kept-apart class on a node; else moved into the free capacity of such a node.
    Sizes are equal in a swap, so no node's use changes; the node types stay, so the cost is ``relaxed``'s. Greedy:
    packing the rule in from the start (``_pack``) is the other candidate, and the cheaper valid fleet is kept."""
    type_of = {(nt.name, nt.purchase): t for t, nt in enumerate(prob.types)}
    class_of = {name: c for c, members in enumerate(prob.members) for name, _ in members}
    ntype: list[int] = []
    contents: list[dict[int, int]] = []
    for node in relaxed.nodes:
        t = type_of.get((node.instance_type, node.purchase))
        if t is None:
            return None
        cont: dict[int, int] = {}
        for name, k in node.placements.items():
            c = class_of[name]
            cont[c] = cont.get(c, 0) + k
        ntype.append(t)
        contents.append(cont)
    used = [_used_of(prob, cont) for cont in contents]
    same = {}  # demand -> classes of that size
    for c in range(prob.C):
        same.setdefault((prob.class_arch[c], tuple(prob.demand[c])), []).append(c)
    for c in np.flatnonzero(prob.apart):
        c = int(c)
        for n in range(len(contents)):
            while contents[n].get(c, 0) > 1:
                done = False
                for m in range(len(contents)):
                    if m == n or contents[m].get(c, 0) or prob.type_arch[ntype[m]] != prob.class_arch[c] \
                            or not prob.feas[c, ntype[m]]:
                        continue
                    for d in same[(prob.class_arch[c], tuple(prob.demand[c]))]:
                        if d == c or not contents[m].get(d, 0) or not prob.feas[d, ntype[n]] or \
                                (prob.apart[d] and contents[n].get(d, 0)):
                            continue
                        contents[n][c] -= 1
                        contents[n][d] = contents[n].get(d, 0) + 1
                        contents[m][d] -= 1
                        if not contents[m][d]:
                            del contents[m][d]
                        contents[m][c] = 1
                        done = True
                        break
                    if not done and np.all(prob.cap[ntype[m]] - used[m] >= prob.demand[c] - _FIT_TOL):
                        contents[n][c] -= 1
                        contents[m][c] = 1
                        used[n] = used[n] - prob.demand[c]
                        used[m] = used[m] + prob.demand[c]
                        done = True
                    if done:
                        break
                if not done:
                    return None
    fleets: dict[str, _Fleet] = {}
    for t, cont, u in zip(ntype, contents, used):
        fleets.setdefault(str(prob.type_arch[t]), _Fleet()).add(t, {c: k for c, k in cont.items() if k}, u)
    return fleets


def _normalise_ffd_types(node_type) -> list[NodeType]:
    if isinstance(node_type, NodeType):
        return [node_type]
    if isinstance(node_type, Mapping):
        out = []
        for arch, nt in node_type.items():
            if not isinstance(nt, NodeType) or nt.arch != arch:
                raise PackingError(f"first_fit_decreasing: dict entry {arch!r} must be a NodeType of that arch")
            out.append(nt)
        return out
    out = list(node_type)
    arches = [nt.arch for nt in out]
    if len(set(arches)) != len(arches):
        raise PackingError("first_fit_decreasing: give at most one node type per arch")
    return out


def first_fit_decreasing(groups: list[ItemGroup], node_type) -> PackResult:
    """Naive baseline: first-fit-decreasing onto ONE node type per arch.

    ``node_type``: a NodeType, a list of NodeTypes (one per arch) or a dict arch -> NodeType.
    Items are sorted by their largest normalised dimension (decreasing) and each goes into the first
    open node it fits, else a new node. ``lower_bound_per_hour`` is the LP bound for that same type set.
    """
    types = _normalise_ffd_types(node_type)
    prob = _Problem(groups, types)
    fleets: dict[str, _Fleet] = {}
    for arch in prob.arches:
        (t,) = prob.types_of(arch)
        cap = prob.cap[t]
        classes = prob.classes_of(arch)
        key = (prob.demand[classes] * prob.inv_cap[t]).max(axis=1)
        order = classes[np.lexsort((-prob.demand[classes].sum(axis=1), -key))]
        free = np.zeros((16, prob.D))
        contents: list[dict[int, int]] = []
        n = 0
        for c in order:
            d = prob.demand[c]
            posd = d > 0
            left = int(prob.count[c])
            ptr = 0
            while left > 0:
                fit = np.flatnonzero(np.all(free[ptr:n] >= d - _FIT_TOL, axis=1))
                if len(fit):
                    j = ptr + int(fit[0])
                else:
                    if n == len(free):
                        free = np.vstack([free, np.zeros_like(free)])
                    free[n] = cap
                    contents.append({})
                    j = n
                    n += 1
                kmax = int(np.min(np.floor((free[j, posd] + _FIT_TOL) / d[posd]))) if posd.any() else left
                k = max(1, min(left, kmax))
                if prob.apart[c]:
                    k = 1
                free[j] -= k * d
                contents[j][int(c)] = contents[j].get(int(c), 0) + k
                left -= k
                ptr = j + 1 if prob.apart[c] else j
        f = _Fleet()
        for j in range(n):
            f.add(t, contents[j], cap - free[j])
        fleets[arch] = f
    lb = _assignment_lp(prob, 0).value
    return _build_result(prob, fleets, lb, "first-fit-decreasing onto one node type per arch",
                         ["baseline: one node type per arch, items sorted by largest normalised dimension"])
