"""How a platform's monthly cost moves when every service's replicas are multiplied by a factor.

Each estimator prices the workload as it is (its line items) and, from the same unit costs, records a
``ScaleModel``: what scales with the number of tasks and how. ``advisor.compare.sweep`` evaluates the models at
many factors without pricing the workload again, so a sweep of 10,000 services costs about as much as one of 10.

Scaling rules (the same for every platform, documented in docs/architecture.md):

* a service's average task count ``d`` becomes ``d x f``; everything billed per task-hour scales linearly;
* a FARGATE / FARGATE_SPOT split keeps the service's capacity-provider strategy and splits ``d x f`` tasks with
  :func:`advisor.sizing.strategy.average_split_counts` (ECS's exact split between whole counts), so the cost is
  continuous and never falls as tasks are added;
* deployment surge is recomputed from the scaled desired count ``ceil(d x f)``;
* EC2 fleets: the LP lower bound of the scaled task counts times the ratio (packed fleet / LP bound) measured at
  1x; root volumes and per-node addresses follow the scaled node count (an estimate, labelled in the sweep).
  ``FleetScaling.pack`` packs the scaled counts exactly instead; the sweep calls it only at factors another platform
  contests (``advisor.compare.sweep.contested``), as a pack of many distinct task sizes takes seconds;
* control plane, load balancers, NAT gateways, logs and operations effort do not change with replicas;
* commitments are applied at each factor by the same algorithm as in the estimate
  (``advisor.costing.commitments.commitment_lines``), to the scaled usage and to the fixed lines a commitment may
  cover (EKS on Fargate's CoreDNS pods, ``ScaleModel.fixed_lines``), so the curve has no jump at 1x;
* each service keeps its always-on share (``scaling.min / scaling.average``) at every factor, which a commitment's
  ``coverage_percent`` is sized by (``advisor.api.with_replicas_factor`` rounds ``min`` down to whole tasks, so
  with such a commitment, pricing its copy can differ from the sweep by the always-on tasks that rounding drops).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from advisor.costing.lines import EC2_INSTANCE_COVERAGE, FARGATE_COVERAGE, LineItem
from advisor.sizing.fleet import PACK_MAX_SHAPES, distinct_shapes
from advisor.sizing.strategy import average_split_counts, average_surge_task_hours


def _dot(x: np.ndarray, y: np.ndarray) -> float:
    """Sum of ``x * y`` (USD), the same to the last bit on every machine: each product is one IEEE multiplication
    and ``math.fsum`` adds them exactly. (``x @ y`` goes to the BLAS library, whose summation order depends on the
    CPU, so a sweep point could differ in its last digit between machines.)"""
    return math.fsum((np.asarray(x, dtype=float) * np.asarray(y, dtype=float)).tolist())


@dataclass
class FleetScaling:
    """An EC2 fleet as a function of the factor (see the module docstring)."""

    lower_bound_per_hour: object  # callable(counts: dict[str, int]) -> float ($/hour)
    desired: dict[str, float]  # service -> average tasks at 1x (what counts scale from)
    pack_max: dict[str, int]  # service -> scaling.max at 1x when the fleet is sized for the maximum, else absent
    fixed_counts: dict[str, int]  # groups that do not scale (CoreDNS)
    instance_monthly: float  # packed fleet at 1x, USD per month
    bound_monthly: float  # LP bound at 1x, USD per month
    node_count: int
    min_nodes: int
    per_node_monthly: float  # root volume (and per-node public IPv4) per node, USD per month
    rows: list[tuple[str, str, float, float]]  # (instance_type, purchase, monthly USD, unit price $/h) at 1x
    hours: float
    pack_counts: object = None  # callable(counts) -> ($/hour, nodes, [(type, purchase, count, $/h)]): exact packing
    exact: dict = field(default_factory=dict)  # factor -> (instance USD/month, nodes, rows) packed exactly
    pack_counts_many: object = None  # callable([counts, ...]) -> [pack_counts(counts), ...], packed together
    min_nodes_at: object = None  # callable(counts) -> the fleet's fewest nodes at those counts (one_per_node scales)
    #: the Karpenter NodePool's ``spec.limits`` the fleet is held to (``NodePoolLimits``: EKS on EC2, EKS Auto Mode),
    #: and every node type's ``NodeCapacity`` (those of fleets packed at other factors added as they are packed)
    pool_limits: object = None
    capacities: dict = field(default_factory=dict, repr=False)
    #: ``rows`` purchases that are not instances (EKS Auto Mode's fee and volume rows): left out of ``type_counts``
    extra_rows: tuple = ()
    _names: list | None = field(default=None, repr=False)  # service order of ``_base`` (built on first use)
    _base: object = field(default=None, repr=False)  # what counts scale from, per service (numpy array)
    _bounds: dict = field(default_factory=dict, repr=False)  # factor -> LP bound of the scaled counts, USD/month

    def pack(self, factor: float) -> None:
        """Pack the scaled task counts exactly and use that fleet at ``factor`` from now on."""
        self.pack_factors([factor])

    def pack_factors(self, factors: list[float]) -> None:
        """``pack`` at every factor of ``factors``; the packings run together (``pack_counts_many``: in worker
        processes when that saves time), with the same fleets as one by one."""
        if self.pack_counts is None:
            return
        todo = list(dict.fromkeys(f for f in factors if f not in self.exact and f != 1.0))
        if not todo:
            return
        counts = [self.counts(f) for f in todo]
        packed = (self.pack_counts_many(counts) if self.pack_counts_many is not None and len(todo) > 1
                  else [self.pack_counts(c) for c in counts])
        for f, (per_hour, nodes, rows) in zip(todo, packed):
            self.exact[f] = (per_hour * self.hours, float(nodes),
                             [(t, p, n * u * self.hours, u) for t, p, n, u in rows])

    def counts(self, factor: float) -> dict[str, int]:
        """Tasks per service at ``factor``: ceil(average x factor), or ceil(scaling.max x factor) when the fleet is
        sized for the maximum (``pack_max``); ``fixed_counts`` as they are."""
        names = self._names
        if names is None:
            names = self._names = list(self.desired)
            self._base = np.array([self.pack_max.get(n, self.desired[n]) for n in names], dtype=float)
        scaled = np.ceil(self._base * factor - 1e-9).astype(np.int64).tolist()
        out = dict(self.fixed_counts)
        out.update(zip(names, scaled))
        return out

    def _bound(self, factor: float) -> float:
        """The LP lower bound of the counts at ``factor``, USD per month (computed once per factor: on 10,000
        services each evaluation walks every service)."""
        bound = self._bounds.get(factor)
        if bound is None:
            bound = self._bounds[factor] = self.lower_bound_per_hour(self.counts(factor)) * self.hours
        return bound

    def slack(self, factor: float) -> float:
        """How much the estimate at ``factor`` may overstate the fleet, USD per month: the estimated instances above
        the LP lower bound of the scaled counts (no fleet costs less), plus the per-node costs of the estimated nodes
        above ``min_nodes``. 0 where the fleet is packed (today's, or ``exact``)."""
        if factor == 1.0 or factor in self.exact or self.bound_monthly <= 0:
            return 0.0
        bound = self._bound(factor)
        instance, nodes, _ = self.at(factor)
        return max(0.0, instance - bound) + max(0.0, nodes - self.fewest(factor)) * self.per_node_monthly

    def fewest(self, factor: float) -> int:
        """The fleet's fewest nodes at ``factor``: ``min_nodes``, raised where a ``one_per_node`` service's scaled
        tasks need more (``FleetPlanner.min_nodes_for``)."""
        if factor == 1.0 or self.min_nodes_at is None:
            return self.min_nodes
        return int(self.min_nodes_at(self.counts(factor)))

    def type_counts(self, factor: float) -> dict[str, float]:
        """Nodes per instance type at ``factor``: today's fleet at 1x, the fleet packed there (``exact``), else
        today's counts times the LP-bound scale (fractional: an estimate, as ``at``). From ``at``'s rows: a row's
        monthly USD over its unit price and the month's hours."""
        out: dict[str, float] = {}
        for itype, purchase, monthly, unit in self.at(factor)[2]:
            if purchase in self.extra_rows or unit <= 0:
                continue
            out[itype] = out.get(itype, 0.0) + round(monthly / (unit * self.hours), 9)
        return out

    def at(self, factor: float) -> tuple[float, float, list[tuple[str, str, float, float]]]:
        """(instance USD/month, node count, rows scaled to the factor)."""
        if factor in self.exact:
            return self.exact[factor]
        if factor == 1.0 or self.bound_monthly <= 0:
            scale = 1.0  # today's fleet, or nothing to place (the fleet is min_nodes whatever the factor)
        else:
            scale = self._bound(factor) / self.bound_monthly
        instance = self.instance_monthly * scale
        nodes = self.node_count if factor == 1.0 else max(self.fewest(factor),
                                                          math.ceil(self.node_count * scale - 1e-9))
        rows = [(t, p, m * scale, u) for t, p, m, u in self.rows]
        return instance, float(nodes), rows


def fleet_scaling(planner, workload, plan, hours: float, per_node_monthly: float, rows: list[tuple],
                  scaled_rows, *, pool_limits=None, extra_rows: tuple = ()) -> FleetScaling:
    """The ``FleetScaling`` of a packed EC2 ``plan`` made by ``planner`` (``advisor.sizing.fleet``) for ``workload``.

    ``rows`` are today's (instance_type, purchase, USD/month, unit $/h) rows; ``scaled_rows(scaled_plan)`` turns a
    plan packed at another factor into (instance_type, purchase, count, $/h) rows. Counts scale from each placed
    service's average tasks (or ``scaling.max`` when the planner's settings size the fleet for the maximum).
    ``pool_limits``: the NodePool ``spec.limits`` the fleet is held to (the sweep notes the factors beyond them);
    ``extra_rows``: the purchases of ``rows`` that are not instances.
    """
    placed = {s.name for s in workload.services} - {name for name, _ in plan.unsupported}
    res = plan.result
    capacities = dict(plan.capacities)

    def packed(scaled):
        capacities.update(scaled.capacities)  # the node types of a fleet packed at another factor
        return (scaled.result.cost_per_hour if scaled.result else 0.0), scaled.node_count, scaled_rows(scaled)

    def pack_counts(counts):
        return packed(planner.plan(workload, counts, alternatives=False))

    def pack_counts_many(counts_list):
        return [packed(p) for p in planner.plan_many(workload, counts_list, alternatives=False)]

    return FleetScaling(
        lower_bound_per_hour=lambda counts: planner.lower_bound(workload, counts),
        desired={s.name: s.desired for s in workload.services if s.name in placed},
        pack_max={s.name: s.scaling.max for s in workload.services
                  if s.name in placed and planner.cfg.pack_for == "max" and s.scaling is not None},
        fixed_counts={}, instance_monthly=res.cost_per_hour * hours,
        bound_monthly=(plan.assignment_bound_per_hour or res.lower_bound_per_hour) * hours,
        node_count=plan.node_count, min_nodes=planner.min_nodes_for(workload), per_node_monthly=per_node_monthly,
        rows=rows, hours=hours,
        # a fleet of many distinct task shapes is packed once: other factors keep the LP-bound estimate
        pack_counts=pack_counts if distinct_shapes(plan.groups) <= PACK_MAX_SHAPES else None,
        pack_counts_many=pack_counts_many,
        min_nodes_at=(lambda counts: planner.min_nodes_for(workload, counts)) if planner.min_nodes_vary(workload)
        else None, pool_limits=pool_limits, capacities=capacities, extra_rows=tuple(extra_rows))


@dataclass
class ScaleModel:
    """A platform's cost terms by how they scale. Build it with the ``add_*`` methods, then ``freeze()``."""

    fixed: float = 0.0  # USD/month that does not change with replicas (and no commitment covers)
    #: lines that do not change with replicas but a commitment may cover (EKS on Fargate's CoreDNS pods): passed to
    #: the commitments at every factor, as the estimate passes them at 1x
    fixed_lines: list[LineItem] = field(default_factory=list)
    linear: list[tuple] = field(default_factory=list)  # (d, covered $/task-month, other $/task-month, always_on)
    split: list[tuple] = field(default_factory=list)
    surge: list[tuple] = field(default_factory=list)
    fleet: FleetScaling | None = None
    discount: object = None  # commitments: discount(c, line) for the synthetic usage lines (AWS's SP rates)
    _arrays: dict = field(default_factory=dict, repr=False)

    def add_fixed(self, lines: list[LineItem]) -> None:
        """Lines that do not change with replicas: those a commitment may cover (``LineItem.commitments``) are kept as
        they are, for the commitments at every factor; the others only count in ``fixed`` (USD/month)."""
        for line in lines:
            if line.commitments:
                self.fixed_lines.append(line)
            else:
                self.fixed += line.monthly_cost

    def add_linear(self, desired: float, covered: float, other: float, always_on: float) -> None:
        """Per-task costs (USD per average task per month): ``covered`` by a Compute Savings Plan, ``other`` not.
        A term added after ``freeze()`` (the shared costs' per-task public IPv4 addresses, added once the estimator
        has frozen its model) is taken into the frozen arrays at once, so every factor counts it, not only 1x."""
        self.linear.append((desired, covered, other, always_on))
        if self._arrays:
            self.freeze()

    def add_split(self, desired: float, od_covered: float, od_other: float, spot: float, base: int, w_first: int,
                  w_second: int, base_on_first: bool, single: bool, first_is_od: bool, always_on: float) -> None:
        """A FARGATE / FARGATE_SPOT strategy: per-task costs on each provider and the strategy in ECS order."""
        self.split.append((desired, od_covered, od_other, spot, base, w_first, w_second, base_on_first, single,
                           first_is_od, always_on))

    def add_surge(self, desired: float, covered_per_hour: float, other_per_hour: float, kind: str,
                  min_percent: int, max_percent: int, deployments: float, minutes: float) -> None:
        """Deployment surge: USD per surge task-hour and the deployment settings (``kind`` "ecs" or "k8s")."""
        self.surge.append((desired, covered_per_hour, other_per_hour, kind, min_percent, max_percent, deployments,
                           minutes))

    def freeze(self) -> "ScaleModel":
        a = self._arrays
        lin = np.array(self.linear, dtype=float).reshape(-1, 4)
        a["lin_d"], a["lin_cov"], a["lin_other"], a["lin_on"] = lin.T
        sp = np.array(self.split, dtype=float).reshape(-1, 11)
        (a["sp_d"], a["sp_odc"], a["sp_odo"], a["sp_spot"], a["sp_base"], a["sp_w1"], a["sp_w2"], a["sp_bfirst"],
         a["sp_single"], a["sp_first_od"], a["sp_on"]) = sp.T
        su = [s for s in self.surge if s[6] > 0 and s[7] > 0]
        a["su"] = su
        return self

    # ---------------------------------------------------------------------------------------- evaluation
    def _split_costs(self, factor: float) -> tuple[float, float, float]:
        a = self._arrays
        if not len(a["sp_d"]):
            return 0.0, 0.0, 0.0
        first, second = average_split_counts(a["sp_d"] * factor, a["sp_base"].astype(np.int64),
                                             a["sp_w1"].astype(np.int64), a["sp_w2"].astype(np.int64),
                                             a["sp_bfirst"].astype(bool), a["sp_single"].astype(bool))
        od = np.where(a["sp_first_od"].astype(bool), first, second)
        spot = np.where(a["sp_first_od"].astype(bool), second, first)
        covered = _dot(od, a["sp_odc"])
        always_on = _dot(od * a["sp_on"], a["sp_odc"])
        other = _dot(od, a["sp_odo"]) + _dot(spot, a["sp_spot"])
        return covered, always_on, other

    def _surge_costs(self, factor: float) -> tuple[float, float]:
        covered = other = 0.0
        for d, cov, oth, kind, lo, hi, deployments, minutes in self._arrays["su"]:
            hours = average_surge_task_hours(d * factor, kind, int(lo), int(hi), deployments, minutes)
            covered += hours * cov
            other += hours * oth
        return covered, other

    def at(self, factor: float, platform: str = "") -> tuple[float, list[LineItem]]:
        """(USD/month no commitment can cover, synthetic On-Demand lines a commitment may cover) at ``factor``.

        The synthetic lines carry the machine fields the commitments algorithm reads (``commitments``,
        ``always_on``, ``instance_type``, unit price); their sum plus the first value is the platform's cost
        before commitments.
        """
        a = self._arrays
        cov = _dot(a["lin_d"], a["lin_cov"]) * factor
        cov_on = _dot(a["lin_d"] * a["lin_on"], a["lin_cov"]) * factor
        other = self.fixed + _dot(a["lin_d"], a["lin_other"]) * factor
        s_cov, s_on, s_other = self._split_costs(factor)
        g_cov, g_other = self._surge_costs(factor)
        cov += s_cov + g_cov
        cov_on += s_on
        other += s_other + g_other
        lines: list[LineItem] = list(self.fixed_lines)
        if cov > 0:
            lines.append(LineItem("Fargate On-Demand usage (scaled)", "compute", 1.0, "month", cov, platform=platform,
                                  resource="vcpu", commitments=FARGATE_COVERAGE, always_on=cov_on / cov))
        if self.fleet is not None:
            _, nodes, rows = self.fleet.at(factor)
            other += nodes * self.fleet.per_node_monthly
            for itype, purchase, monthly, unit_price in rows:
                if purchase == "on_demand" and unit_price > 0:
                    hours = monthly / unit_price
                    lines.append(LineItem(f"Instance usage (on-demand, {itype}) (scaled)", "compute", hours,
                                          "instance-hours", unit_price, platform=platform, resource="instance",
                                          instance_type=itype, commitments=EC2_INSTANCE_COVERAGE, always_on=1.0))
                else:
                    other += monthly
        return other, lines
