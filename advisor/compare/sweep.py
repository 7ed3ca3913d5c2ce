"""The one scaling sweep: what every platform costs as replicas scale, and where the cheapest platform changes.

``sweep(estimates, workload, factors)`` evaluates each estimate's ``ScaleModel`` (``advisor.costing.scale``) at
each factor: every service's average task count is multiplied by the factor, nothing is priced again. At factor
1 the value *is* the estimate (``method == "priced"``), so a sweep at 1.0 equals ``compare`` to the cent; other
points are ``"scaled"`` (Fargate: exact arithmetic on the same unit prices), ``"scaled_lp"`` (EC2: the LP lower
bound of the scaled task counts times the packed/bound ratio at 1x, an estimate) or ``"packed"`` (EC2 packed again
at that factor where the ranking hangs on it: another feasible platform is within ``CONTESTED_SHARE`` of it, either
way, or of the estimate's LP lower bound, so that crossovers never rest on the estimate; see ``contested``). A platform swept alone, or one far cheaper or
far dearer than every other at a factor, is not packed again there: its point stays the estimate.

Limits: a point whose scaled task counts exceed what the platform allows is not feasible there (``feasible``
False, no money, ``method == "over_limit"``, ``reason`` saying which limit; see ``scale_limits``), whatever it would
cost: every platform is bound by the workload file's 5,000 tasks/pods per service (``MAX_TASKS_PER_SERVICE``, the
Amazon ECS quota "Tasks per service"), and the EKS platforms also by 150,000 pods in the cluster
(``MAX_TASKS_PER_WORKLOAD``, Kubernetes "Considerations for large clusters"). These are the bounds
``advisor.api.with_replicas_factor`` validates; ECS has no cluster-wide task quota, so the ECS platforms are not bound
by the second.

``crossovers(points)`` is the one crossover rule: between adjacent factors, the cheapest feasible platform
changes on cost while both stay feasible; costs within ``TIE_USD`` of the previous leader keep it (so two platforms
that cost the same do not produce spurious crossovers). A change because the previous leader stops being feasible
(it reaches a limit) is no crossover: it is a ``Handover`` (``handovers``), at the precise factor of that limit
(``platform_limit``: the factor beyond which ``ceil(peak x factor)`` exceeds it, not the next grid point).
``compare``'s finding, ``advisor sweep``, the report and the API all use ``DEFAULT_FACTORS``, ``TIE_USD`` and these
functions.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from advisor.costing.commitments import commitment_lines
from advisor.costing.ec2 import node_pool_excess, node_pool_names, node_pool_usage
from advisor.costing.lines import Estimate
from advisor.errors import AdvisorError
from advisor.platforms import is_eks, tie_order
from advisor.progress import step
from advisor.units import choice_hint, is_decimal_text, name_list, one_line, real_number, show
from advisor.workload import Workload
from advisor.workload.model import MAX_TASKS_PER_SERVICE, MAX_TASKS_PER_WORKLOAD

#: The one default grid: from a quarter of today's replicas to twenty times them, 1 included.
DEFAULT_FACTORS: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0, 15.0, 20.0)
#: Costs within this many USD count as a tie (the previous leader stays the cheapest).
TIE_USD = 0.005
#: An EC2 point estimated from the LP bound is packed exactly when another feasible platform is within this share
#: of it at that factor (either way): the ranking hangs on it, so an estimate is not enough. On large fleets the
#: estimate is off by at most 1-3% (the packed/bound ratio hardly moves with the factor), but on fleets of a few
#: nodes whole nodes move it by far more (tests/test_decision.py: one service, ECS on Fargate vs EKS on EC2 needs
#: more than 5%), so the window stays wide.
CONTESTED_SHARE = 0.15
#: Bounds for user-given factors: beyond these a sweep says nothing useful and risks absurd task counts.
MIN_FACTOR, MAX_FACTOR, MAX_POINTS = 0.01, 1000.0, 200

SWEEP_COLUMNS = ["factor", "platform", "monthly_cost", "operations_cost", "monthly_tco", "feasible", "method",
                 "estimate", "reason"]
CROSSOVER_COLUMNS = ["factor_low", "factor_high", "from", "to", "cost_low", "cost_high"]
HANDOVER_COLUMNS = ["factor_low", "factor_high", "from", "to", "limit_factor", "limit", "cost_high"]


@dataclass
class SweepPoint:
    """One platform at one factor (USD per month). Money is None where the platform is not feasible."""

    factor: float
    platform: str
    monthly_cost: float | None
    operations_cost: float
    monthly_tco: float | None
    feasible: bool
    #: "priced" (the estimate), "scaled", "packed" (EC2 packed again), "scaled_lp" (EC2 from the LP bound),
    #: "infeasible" (the platform cannot run every service at all) or "over_limit" (not at this factor: ``reason``)
    method: str
    #: the platform's lines include an estimated unit price or quantity (Spot rates, deployment surge): the
    #: LineItem.estimate of compare, carried to every factor
    estimate: bool = False
    #: why the point is not feasible (None when it is): the platform's status, or the limit the scaled counts exceed
    reason: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Crossover:
    """The cheapest feasible platform changes between two adjacent factors."""

    factor_low: float
    factor_high: float
    from_platform: str
    to_platform: str
    cost_low: float
    cost_high: float

    def to_dict(self) -> dict:
        return {"factor_low": self.factor_low, "factor_high": self.factor_high, "from": self.from_platform,
                "to": self.to_platform, "cost_low": self.cost_low, "cost_high": self.cost_high}


@dataclass
class Limit:
    """Where a platform stops being able to run the workload as replicas scale (``platform_limit``): at ``factor``
    every scaled count is within the limit, at any larger factor one is not."""

    platform: str
    factor: float
    #: "service" (5,000 tasks per service), "cluster" (150,000 pods per EKS cluster) or both, joined by "+"
    kind: str
    #: the limit in a few words: "150,000 pods per cluster"
    limit: str
    #: what exceeds it beyond ``factor`` and whose limit it is
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Handover:
    """The cheapest feasible platform changes between two adjacent factors because the previous one cannot run the
    workload beyond ``limit_factor`` (a ``Limit``), not because another became cheaper: no crossover."""

    factor_low: float
    factor_high: float
    from_platform: str
    to_platform: str
    #: the precise factor beyond which ``from_platform`` exceeds ``limit`` (``Limit.factor``)
    limit_factor: float
    limit: str
    cost_high: float

    def to_dict(self) -> dict:
        return {"factor_low": self.factor_low, "factor_high": self.factor_high, "from": self.from_platform,
                "to": self.to_platform, "limit_factor": self.limit_factor, "limit": self.limit,
                "cost_high": self.cost_high}


@dataclass
class PoolLimit:
    """The first factor of a sweep at which a platform's fleet exceeds its Karpenter NodePool's ``spec.limits``
    (``ec2.node_pool_limits`` on EKS on EC2, ``eks_auto_mode.node_pool_limits``): a note, not a limit of the sweep's
    kind. The point stays feasible and priced at the fleet's cost (what the pods need; Karpenter would leave those
    beyond the limits Pending, as compare's note says), and the limits are exceeded at larger factors too."""

    platform: str
    factor: float
    #: the NodePool(s) and each limit exceeded at ``factor``, in compare's words (``costing.ec2.node_pool_excess``)
    reason: str
    #: the fleet at ``factor`` is estimated from the LP bound (method ``scaled_lp``), not packed
    estimated: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def sentence(self) -> str:
        """The note as ``advisor sweep`` and the report give it, in the words of compare's note."""
        return (f"{self.platform}: NodePool limits exceeded from {self.factor:g}x"
                + (" (the fleet there estimated from the packing's LP bound)" if self.estimated else "")
                + f": {self.reason}. Karpenter launches no node that would take its nodes' capacity past a limit, so the pods beyond "
                "it would stay Pending; the price shown is the fleet's: raise the limits to run it.")


@dataclass
class Sweep:
    """Every platform at every factor, the crossovers of the ranked value (``monthly_tco`` by default), the
    handovers where the leader reaches a limit, and the limits of the platforms that reach one within the grid."""

    factors: list[float]
    points: list[SweepPoint]
    crossovers: list[Crossover] = field(default_factory=list)
    value: str = "monthly_tco"
    handovers: list[Handover] = field(default_factory=list)
    limits: list[Limit] = field(default_factory=list)
    #: where a fleet exceeds its NodePool's spec.limits (``node_pool_limits``): notes, the points stay priced
    pool_limits: list[PoolLimit] = field(default_factory=list)

    def cost(self, platform: str, factor: float, value: str | None = None) -> float | None:
        for p in self.points:
            if p.platform == platform and p.factor == factor:
                return getattr(p, value or self.value)
        raise KeyError((platform, factor))

    def to_dict(self) -> dict:
        return {"factors": list(self.factors), "value": self.value, "tie_usd": TIE_USD,
                "points": [p.to_dict() for p in self.points],
                "crossovers": [c.to_dict() for c in self.crossovers],
                "handovers": [h.to_dict() for h in self.handovers],
                "limits": [x.to_dict() for x in self.limits],
                "node_pool_limits": [x.to_dict() for x in self.pool_limits]}


def _shown(value: object) -> str:
    """A number argument in a message: its ``repr`` (``np.True_``, ``None``, ``nan``), cut at 60 characters, and an
    integer of more than 20 digits as "an integer of N digits" (``factors=[10**400]`` wrote all 401)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        return show(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:55] + "..."


def check_factors(factors, what: str = "scale factor") -> list[float]:
    """Sorted, de-duplicated factors; ``AdvisorError`` unless each is a finite number in 0.01..1000. ``what`` names
    the argument in messages (``advisor.api.sweep_frame`` passes ``"sweep_frame(factors=...): factor"``); a value is
    shown short (``_shown``: an integer of 401 digits, not its digits)."""
    out = set()
    for f in factors:
        # a number of any kind (numpy, Decimal) or its text; a boolean is none (factors=[True] swept 1x)
        try:
            value = float(f.strip()) if isinstance(f, str) else real_number(f)
        except ValueError:
            value = None
        if value is None:
            raise AdvisorError(f"{what} {_shown(f)} is not a number; give positive numbers such as 0.5, 1, 2.")
        if not math.isfinite(value) or not MIN_FACTOR <= value <= MAX_FACTOR:
            raise AdvisorError(f"{what} {_shown(f)} is out of range; give factors from {MIN_FACTOR:g} to "
                               f"{MAX_FACTOR:g} (1 = today's replicas).")
        out.add(value)
    arg = "" if what == "scale factor" else what.rsplit(":", 1)[0] + ": "  # sweep_frame(factors=...):
    if not out:
        raise AdvisorError(f"{arg}no scale factors given; give at least one, e.g. 0.5, 1, 2"
                           + (", or leave the argument out for the default grid (0.25x to 20x)." if arg else "."))
    if len(out) > MAX_POINTS:
        raise AdvisorError(f"{arg}{len(out)} scale factors; give at most {MAX_POINTS}.")
    return sorted(out)


def parse_scale(text: str, points: int = 25, *, scale_arg: str = "--scale {!r}",
                points_arg: str = "--points {}") -> list[float]:
    """``"0.5:20"`` -> ``points`` factors spaced geometrically from 0.5 to 20 (1 added when inside the range);
    ``"2"`` (or ``"2:2"``) -> the one factor ``[2.0]`` (``points`` is not used then).

    ``AdvisorError`` for text that is neither, bounds outside 0.01..1000, LOW above HIGH, or ``points`` outside
    2..199 for a range. Messages name the argument as ``scale_arg`` / ``points_arg`` format it: the CLI's
    ``--scale '...'`` / ``--points N`` by default; ``advisor.api.sweep_frame`` passes its own argument names.
    """
    scale, bounds = scale_arg.format(text), f"{MIN_FACTOR:g} to {MAX_FACTOR:g}"
    parts = [p.strip(" \t") for p in str(text).split(":")]
    try:
        # ASCII decimals only: float() also reads '1_000', fullwidth '２' and other scripts' digits
        if len(parts) not in (1, 2) or not all(is_decimal_text(p) for p in parts):
            raise ValueError
        lo, hi = float(parts[0]), float(parts[-1])
    except ValueError:
        raise AdvisorError(f"{scale} is not a factor or a range; write one factor (e.g. 2) or LOW:HIGH (e.g. "
                           "0.5:20)") from None
    if len(parts) == 1:
        if not (math.isfinite(lo) and MIN_FACTOR <= lo <= MAX_FACTOR):
            raise AdvisorError(f"{scale}: a factor must be from {bounds} (1 = today's replicas), e.g. 2")
        return check_factors([lo])
    if not (math.isfinite(lo) and math.isfinite(hi) and MIN_FACTOR <= lo <= hi <= MAX_FACTOR):
        raise AdvisorError(f"{scale}: need {MIN_FACTOR:g} <= LOW <= HIGH <= {MAX_FACTOR:g}, e.g. 0.5:20")
    if lo == hi:
        return check_factors([lo])
    if not 2 <= points < MAX_POINTS:
        raise AdvisorError(f"{points_arg.format(points)}: use between 2 and {MAX_POINTS - 1} points (1 is added when "
                           "inside the range)")
    ratio = (hi / lo) ** (1.0 / (points - 1))
    factors = [lo * ratio ** i for i in range(points - 1)] + [hi]
    if lo < 1 < hi:
        factors.append(1.0)
    return check_factors(round(f, 12) for f in factors)


def _at(est: Estimate, workload: Workload, factor: float) -> tuple[float, str]:
    """(infrastructure USD/month, method) of a feasible estimate at ``factor``."""
    if factor == 1.0 or est.scale is None:
        return est.monthly_cost, "priced"
    other, usage = est.scale.at(factor, est.platform)
    total = other + sum(line.monthly_cost for line in usage)
    if workload.commitments:
        added, _, _ = commitment_lines(workload, usage, est.platform, est.label, est.scale.discount)
        total += sum(line.monthly_cost for line in added)
    fleet = est.scale.fleet
    if fleet is None:
        return total, "scaled"
    return total, ("packed" if factor in fleet.exact else "scaled_lp")


def sweep(estimates: list[Estimate], workload: Workload, factors=DEFAULT_FACTORS,
          value: str = "monthly_tco") -> Sweep:
    """Every estimate at every factor (see the module docstring), with the crossovers of ``value``.

    ``value`` is ``"monthly_tco"`` (infrastructure plus operations, the ranking figure) or ``"monthly_cost"``.
    Raises ``AdvisorError`` for factors outside 0.01..1000.
    """
    check_value(value)
    grid = check_factors(factors)
    table: dict[tuple[str, float], SweepPoint] = {}
    estimated = {est.platform: any(line.estimate for line in est.lines) for est in estimates}
    limits = scale_limits(workload, grid)
    for f in grid:
        for est in estimates:
            table[(est.platform, f)] = _point(est, workload, f, estimated[est.platform], limits.get(f, {}))
    _pack_contested(estimates, workload, grid, table, value)
    points = [table[(est.platform, f)] for f in grid for est in estimates]
    bounds = limit_factors(workload)
    reached = [lim for est in estimates if est.feasible
               for lim in [platform_limit(est.platform, bounds)] if lim is not None and lim.factor < grid[-1]]
    cross, changes = _leader_changes(points, value, TIE_USD)
    by_platform = {lim.platform: lim for lim in reached}
    handed = [Handover(lo, hi, a, b, by_platform[a].factor, by_platform[a].limit, cost)
              for lo, hi, a, b, cost in changes if a in by_platform]
    return Sweep(grid, points, cross, value, handed, reached, node_pool_limits(estimates, points))


def node_pool_limits(estimates: list[Estimate], points: list[SweepPoint]) -> list[PoolLimit]:
    """For each platform whose fleet is held to a Karpenter NodePool's ``spec.limits`` (``FleetScaling.pool_limits``),
    the first feasible factor of ``points`` at which the fleet exceeds them, with compare's rule and words
    (``advisor.costing.ec2.node_pool_excess`` over ``node_pool_usage``: the nodes' capacity, a sum equal to a limit
    within). The fleet at a factor is the one priced there (``FleetScaling.type_counts``: packed at 1x and where the
    sweep packed again, else estimated from the LP bound). At 1x it is compare's planned fleet, so a fleet compare
    notes as above its limits is noted from the first factor at which it is. Karpenter would leave the pods beyond
    the limits Pending, but the point keeps the fleet's price: a note, as in compare."""
    by_platform: dict[str, list[SweepPoint]] = {}
    for p in points:
        by_platform.setdefault(p.platform, []).append(p)
    out = []
    for est in estimates:
        fleet = est.scale.fleet if est.scale is not None else None
        if fleet is None or fleet.pool_limits is None or not est.feasible:
            continue
        for p in sorted(by_platform.get(est.platform, []), key=lambda x: x.factor):
            if not p.feasible:
                continue
            _, vcpu, mem = node_pool_usage(fleet.type_counts(p.factor), fleet.capacities)
            if p.method == "scaled_lp":  # an estimated fleet: whole vCPUs, as nodes have
                vcpu = math.ceil(vcpu - 1e-9)
            # the fleet's node count at the factor (``FleetScaling.at``: whole nodes, also where estimated)
            over = node_pool_excess(fleet.pool_limits, fleet.at(p.factor)[1], vcpu, mem, fleet="",
                                    at=f" at {p.factor:g}x")
            if over:
                out.append(PoolLimit(est.platform, p.factor, f"{node_pool_names(fleet.pool_limits)}: " + "; ".join(over),
                                     p.method == "scaled_lp"))
                break
    return out


def _point(est: Estimate, workload: Workload, factor: float, estimated: bool | None = None,
           limits: dict[str, str] | None = None) -> SweepPoint:
    """``est`` at ``factor``; ``estimated``: whether any of its lines is an estimate (computed when not given; a
    sweep passes it, as 10,000 services have ~35,000 lines and it asks at every factor); ``limits``: the limits the
    scaled counts exceed at ``factor`` (``scale_limits``; computed when not given)."""
    if estimated is None:
        estimated = any(line.estimate for line in est.lines)
    if not est.feasible:
        return SweepPoint(factor, est.platform, None, est.operations_cost, None, False, "infeasible", estimated,
                          est.status_text)
    if limits is None:
        limits = scale_limits(workload, [factor]).get(factor)
    reason = limit_reason(est.platform, limits)
    if reason is not None:
        return SweepPoint(factor, est.platform, None, est.operations_cost, None, False, "over_limit", estimated,
                          reason)
    infra, method = _at(est, workload, factor)
    return SweepPoint(factor, est.platform, infra, est.operations_cost, infra + est.operations_cost, True, method,
                      estimated)


def scale_limits(workload: Workload, factors) -> dict[float, dict[str, str]]:
    """The limits the workload's scaled task counts exceed, per factor: ``{factor: {"service": reason,
    "cluster": reason}}`` (a factor within every limit is absent). Each service's peak (``Service.peak_count``:
    replicas, or ``scaling.max``) scales as ``advisor.api.with_replicas_factor`` scales it, to
    ``ceil(peak x factor)``.

    * ``"service"``: a service above ``MAX_TASKS_PER_SERVICE`` (5,000, the Amazon ECS quota "Tasks per service",
      Amazon ECS endpoints and quotas; the workload file bounds Kubernetes services by it too). Every platform.
    * ``"cluster"``: all services together above ``MAX_TASKS_PER_WORKLOAD`` pods (150,000, Kubernetes
      "Considerations for large clusters"; the workload file's bound). The EKS platforms only (``limit_reason``).
    """
    peaks = [(s.name, s.peak_count) for s in workload.services if s.peak_count > 0]
    services_by_peak = Counter(peak for _, peak in peaks)  # a fleet of 10,000 services has a few distinct peaks
    top = max(services_by_peak, default=0)
    out: dict[float, dict[str, str]] = {}
    for f in factors:
        found: dict[str, str] = {}
        over = []
        if math.ceil(top * f - 1e-9) > MAX_TASKS_PER_SERVICE:
            over = [(name, n) for name, peak in peaks if (n := math.ceil(peak * f - 1e-9)) > MAX_TASKS_PER_SERVICE]
        if over:
            over.sort(key=lambda x: -x[1])
            name, n = over[0]
            more = f" (and {len(over) - 1:,} more service(s): {name_list([o[0] for o in over[1:]])})" if len(over) > 1 \
                else ""
            found["service"] = (f"{name} would run {n:,} tasks/pods at {f:g}x{more}, more than the "
                                f"{MAX_TASKS_PER_SERVICE:,} per service that the Amazon ECS quota 'Tasks per service' "
                                "allows and the workload file accepts on every platform")
        total_pods = sum(count * math.ceil(peak * f - 1e-9) for peak, count in services_by_peak.items())
        if total_pods > MAX_TASKS_PER_WORKLOAD:
            found["cluster"] = (f"the services would run {total_pods:,} pods at {f:g}x, more than the "
                                f"{MAX_TASKS_PER_WORKLOAD:,} pods one Kubernetes cluster runs per Kubernetes "
                                "'Considerations for large clusters'")
        if found:
            out[float(f)] = found
    return out


def limit_factors(workload: Workload) -> dict[str, tuple[float, str, str]]:
    """The precise factors at which the workload's limits (``scale_limits``) bind: ``{kind: (factor, limit,
    reason)}``, ``factor`` the largest at which every ``ceil(peak x factor)`` is within the limit (at any larger
    factor it is exceeded), not the next point of a grid.

    * ``"service"``: ``MAX_TASKS_PER_SERVICE / peak`` of the largest service (``ceil(peak x f) > 5,000`` exactly
      when ``peak x f > 5,000``).
    * ``"cluster"``: the largest ``f`` with ``sum(ceil(peak_i x f)) <= MAX_TASKS_PER_WORKLOAD``: the sum only steps
      up just after some ``k / peak_i``, so ``f`` is one of those, between ``(L - n) / P`` and ``L / P`` (``P`` the
      peaks' sum, ``n`` their number), found by bisection in exact integer arithmetic.
    """
    peaks = [(s.name, s.peak_count) for s in workload.services if s.peak_count > 0]
    if not peaks:
        return {}
    out: dict[str, tuple[float, str, str]] = {}
    top = max(p for _, p in peaks)
    first = [name for name, p in peaks if p == top]
    f = MAX_TASKS_PER_SERVICE / top
    more = f" (and {len(first) - 1:,} more service(s): {name_list(first[1:])})" if len(first) > 1 else ""
    out["service"] = (f, f"{MAX_TASKS_PER_SERVICE:,} tasks per service",
                      f"{first[0]} would run more than {MAX_TASKS_PER_SERVICE:,} tasks/pods beyond {f:g}x{more}, the "
                      "Amazon ECS quota 'Tasks per service' that the workload file applies to every platform")
    limit, n, total = MAX_TASKS_PER_WORKLOAD, len(peaks), sum(p for _, p in peaks)

    def pods(f: Fraction) -> int:  # sum of ceil(peak_j x f), exactly
        return sum(-(-q * f.numerator // f.denominator) for _, q in peaks)

    # every k / p in [(L - n) / P, L / P], for each distinct peak p (about n + the distinct peaks of them)
    candidates = sorted({Fraction(k, p) for p in {q for _, q in peaks}
                         for k in range(max(1, p * (limit - n) // total), p * limit // total + 1)})
    lo, hi = 0, len(candidates) - 1  # the last candidate within the limit (pods() grows with the factor)
    if candidates and pods(candidates[0]) <= limit:
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if pods(candidates[mid]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        f = float(candidates[lo])
        out["cluster"] = (f, f"{limit:,} pods per cluster",
                          f"the services would run more than {limit:,} pods beyond {f:g}x, the pods one Kubernetes "
                          "cluster runs per Kubernetes 'Considerations for large clusters'")
    return out


def platform_limit(platform: str, bounds: dict[str, tuple[float, str, str]]) -> Limit | None:
    """The first limit of ``limit_factors`` that binds ``platform`` as replicas scale (the per-service limit binds
    every platform, the pods-per-cluster limit the EKS platforms, as ``limit_reason``), or None."""
    found = [(kind, *bounds[kind]) for kind in ("service", "cluster")
             if kind in bounds and (kind != "cluster" or is_eks(platform))]
    if not found:
        return None
    f = min(x[1] for x in found)
    hit = [x for x in found if x[1] == f]
    return Limit(platform, f, "+".join(x[0] for x in hit), " and ".join(x[2] for x in hit),
                 "; ".join(x[3] for x in hit))


def limit_reason(platform: str, limits: dict[str, str] | None) -> str | None:
    """Why ``platform`` cannot run the scaled counts (``scale_limits`` at one factor), or None: the per-service
    limit binds every platform, the pods-per-cluster limit the EKS platforms (ECS has no cluster-wide task quota)."""
    if not limits:
        return None
    reasons = [limits[k] for k in ("service", "cluster") if k in limits and (k != "cluster" or is_eks(platform))]
    return "; ".join(reasons) or None


def contested(own: float, others: list[float], share: float = CONTESTED_SHARE, low: float | None = None) -> bool:
    """Whether a platform's value ``own`` at one factor can decide the ranking: some other feasible platform's
    value (``others``) lies within ``share`` of it, either way; or ``own`` is an estimate that may be high (``low``,
    the least it can be: the LP lower bound in place of the estimated fleet) and that least value is not more than
    ``share`` above the cheapest other. With no other feasible platform nothing is contested (the ranking has one
    entry whatever the fleet costs), and a platform far cheaper or far dearer than every other keeps its place
    whether it is estimated or packed."""
    if not others:
        return False
    best_other = min(others)
    if abs(own - best_other) <= share * min(own, best_other) + TIE_USD:
        return True
    return low is not None and own > best_other and low <= best_other * (1 + share) + TIE_USD


def _pack_contested(estimates: list[Estimate], workload: Workload, grid: list[float],
                    table: dict[tuple[str, float], SweepPoint], value: str) -> None:
    """Pack EC2 points exactly where the ranking hangs on them (``contested``), then keep each EC2 curve
    non-decreasing. Every other EC2 point keeps its estimate (LP bound x today's packed/bound ratio): packing
    costs seconds per factor on a fleet of many distinct task sizes, and there it could not change the answer.

    A fleet that holds more tasks also holds fewer, so a packed value at a larger factor bounds every smaller
    factor from above: the curve is made non-decreasing by a suffix minimum (today's packed value at 1x stays).
    """
    limits = scale_limits(workload, grid)  # once: every point of every platform reads it
    ec2 = [e for e in estimates if e.feasible and e.scale is not None and e.scale.fleet is not None]
    for est in ec2:
        chosen = []
        for f in grid:
            if f == 1.0 or not table[(est.platform, f)].feasible:
                continue
            own = getattr(table[(est.platform, f)], value)
            others = [getattr(table[(o.platform, f)], value) for o in estimates
                      if o is not est and table[(o.platform, f)].feasible]
            # a small fleet packs far better at 7.5x than today's packed/bound ratio says (a rand workload: EKS on
            # EC2 estimated $1,898.92 against ECS on Fargate's $1,645.73, packed $1,594.14): the estimate's lower
            # bound decides whether it could lead
            if contested(own, others, low=own - est.scale.fleet.slack(f)):
                chosen.append(f)
        # packed together (worker processes when they save time); a platform's own points never decide whether
        # another of its points is contested, so this is what packing them one by one gives
        if chosen:
            step(f"scaling check: packing {est.label} where the ranking is close")
        est.scale.fleet.pack_factors(chosen)
        for f in chosen:
            table[(est.platform, f)] = _point(est, workload, f, table[(est.platform, f)].estimate,
                                              limits.get(f, {}))
        running = None
        for f in reversed(grid):
            p = table[(est.platform, f)]
            if not p.feasible:  # beyond a limit: no fleet there to bound the smaller factors
                continue
            if running is not None and f != 1.0 and p.monthly_cost > running.monthly_cost:
                p.monthly_cost, p.monthly_tco = running.monthly_cost, running.monthly_tco
            running = p


#: What a sweep ranks by: total cost of ownership (infrastructure + operations) or infrastructure alone.
VALUES = ("monthly_tco", "monthly_cost")


def check_value(value, name: str = "value") -> str:
    """``value`` when it is one of ``VALUES``; else ``AdvisorError`` naming it as ``name`` (the Python argument
    ``value``, the CLI's ``--value``), the valid ones and the one most likely meant. A value that is not a string
    (``pd.NA``, a number, a list) is refused by its type first: comparing ``pd.NA`` with a string raised pandas'
    "boolean value of NA is ambiguous" TypeError."""
    if not isinstance(value, str):
        raise AdvisorError(f"{name} must be {' or '.join(VALUES)} (a string); got {type(value).__name__} "
                           f"{one_line(repr(value))[:60]}.")
    if value not in VALUES:
        raise AdvisorError(f"{name} {value!r} is not valid; use {' or '.join(VALUES)}."
                           + choice_hint(value, list(VALUES)))
    return value


def crossovers(points: list[SweepPoint], value: str = "monthly_tco", tie_usd: float = TIE_USD) -> list[Crossover]:
    """Adjacent factors between which the cheapest feasible platform changes on cost. Ties (within ``tie_usd``) keep
    the previous leader, and a new leader that already tied the old one at the previous factor is no crossover; nor
    is a change because the previous leader is not feasible at the larger factor (a limit: ``Sweep.handovers``).
    ``value`` is one of ``VALUES`` (else ``AdvisorError``)."""
    check_value(value)
    return _leader_changes(points, value, tie_usd)[0]


def _leader_changes(points: list[SweepPoint], value: str, tie_usd: float
                    ) -> tuple[list[Crossover], list[tuple[float, float, str, str, float]]]:
    """The crossovers, and the changes of leader because the previous one is not feasible at the larger factor:
    ``(factor_low, factor_high, from, to, cost of the new leader)``."""
    by_factor: dict[float, dict[str, float]] = {}
    for p in points:
        if p.feasible:
            by_factor.setdefault(p.factor, {})[p.platform] = getattr(p, value)
    out: list[Crossover] = []
    handed: list[tuple[float, float, str, str, float]] = []
    prev_f = prev_best = prev_cost = None
    prev_costs: dict[str, float] = {}
    for f in sorted(by_factor):
        costs = by_factor[f]
        best = min(costs, key=lambda p: (costs[p], tie_order(p)))  # equal costs: the ranking's order
        if prev_best in costs and costs[prev_best] <= costs[best] + tie_usd:
            best = prev_best
        if prev_best is not None and prev_best not in costs:
            # the leader cannot run the workload here (a limit): not a cost crossover, whatever the costs were
            handed.append((float(prev_f), float(f), prev_best, best, float(costs[best])))
        elif prev_best is not None and best != prev_best:
            # the new leader already tied the old one at the previous factor: a tie resolved, not a crossover
            if not (best in prev_costs and prev_costs[best] <= prev_costs[prev_best] + tie_usd):
                out.append(Crossover(float(prev_f), float(f), prev_best, best, float(prev_cost), float(costs[best])))
        prev_f, prev_best, prev_cost, prev_costs = f, best, costs[best], costs
    return out, handed


def check_spot_grid(spot_shares, spot_discounts, names=("spot_shares", "spot_discounts")) -> list[list[float]]:
    """[shares, discounts] as floats; ``AdvisorError`` naming the argument (``names``) unless each is a number from 0
    to 1 and neither is empty."""
    grid = []
    for name, values in zip(names, (spot_shares, spot_discounts)):
        numbers = []
        for v in values:  # numpy and Decimal numbers too (np.float32(0.7) was refused as not between 0 and 1)
            number = real_number(v)
            if number is None or not 0 <= number <= 1:
                raise AdvisorError(f"{name} must be fractions between 0 and 1 (e.g. 0.7 for 70%); got {_shown(v)}.")
            numbers.append(number + 0.0)  # -0.0 is 0
        if not numbers:  # an empty grid says nothing (as sweep factors=[] and regions=[] are refused)
            raise AdvisorError(f"{name}: no value given; give at least one fraction between 0 and 1, e.g. 0.7 for 70%.")
        grid.append(numbers)
    return grid


def spot_sensitivity(estimate: Estimate, workload: Workload, spot_shares=(0.0, 0.25, 0.5, 0.75, 1.0),
                     spot_discounts=(0.5, 0.6, 0.7, 0.8), names=("spot_shares", "spot_discounts")) -> list[dict]:
    """ECS on Fargate monthly cost by share of Spot-eligible tasks on Spot and Spot discount (a sensitivity grid).

    ``estimate`` is the ``ecs-fargate`` estimate of ``workload``; the Spot-eligible part is the vCPU and memory of
    Linux services with ``spot: true``: ``cost = on_demand x (1 - share x discount)`` on that part. Returns rows
    ``{spot_share, spot_discount, monthly_cost, saving}`` (USD per month; shares and discounts are fractions).
    Raises ``AdvisorError`` naming what is missing when the estimate does not price every service (a missing
    Fargate rate in the region, a service ECS on Fargate cannot run): a grid of part of the workload, or of none,
    is not its cost. ``names`` name the two arguments in messages (``advisor.api.spot_frame`` passes its own).
    """
    grid = check_spot_grid(spot_shares, spot_discounts, names)
    spot_shares, spot_discounts = grid
    if not estimate.complete:
        raise AdvisorError(f"the Spot sensitivity needs ECS on Fargate's cost of every service of '{workload.name}' "
                           f"in {workload.region}, which is not priced:\n"
                           + "\n".join(f"  - {p}" for p in estimate.problems()))
    eligible = {s.name for s in workload.services if s.spot and s.os == "linux"}
    spot_able = sum(li.monthly_cost for li in estimate.lines
                    if li.service in eligible and li.category == "compute" and li.resource in ("vcpu", "memory"))
    total = estimate.monthly_cost
    return [{"spot_share": float(s), "spot_discount": float(d), "monthly_cost": total - spot_able * s * d,
             "saving": spot_able * s * d} for s in spot_shares for d in spot_discounts]
