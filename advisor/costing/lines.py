"""Line items and estimates: the auditable unit of every cost advisor reports.

An estimate is a list of named lines (quantity x unit price = monthly cost); totals are sums of lines.

A line's ``name`` is for people. Everything code needs is a machine field: ``platform``, ``category``,
``purchase_option``, ``resource``, ``instance_type``, ``architecture``, ``os``, ``usage_type`` and
``commitments`` (which commitment types may cover the line). Commitments, checklists, the report and the
DataFrames read those fields and never parse a name.

Platform-specific detail lives in typed fields of ``Estimate`` (``fleet``, ``strategies``, ``commitments``),
not in a free-form dict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.platforms import PLATFORM_LABELS
from advisor.pricing.book import Rate
from advisor.units import cents, total

#: Cost categories used to group lines (charts, DataFrames).
CATEGORIES = ("compute", "spot", "os_license", "storage", "control_plane", "surge", "load_balancing", "nat_gateway",
              "logs_monitoring", "public_ipv4", "service_discovery", "commitment", "operations", "other")

#: How the usage of a line is bought. ``credit`` marks the negative line of usage a commitment absorbs.
PURCHASE_OPTIONS = ("on_demand", "spot", "savings_plan", "reserved_instance", "credit", "assumption")

#: What a line bills for.
RESOURCES = ("vcpu", "memory", "os_license", "ephemeral_storage", "instance", "block_storage", "cluster",
             "extended_support",
             "load_balancer", "capacity_unit", "nat_gateway", "data_processed", "log_ingestion", "log_storage",
             "metric", "ip_address", "registered_resource", "api_request", "commitment", "engineer_time",
             "management_fee")

#: Commitment types a line can be covered by (``LineItem.commitments``): Compute Savings Plans cover EC2
#: instance usage and Fargate vCPU/memory usage; EC2 Instance Savings Plans and Reserved Instances cover EC2
#: instance usage (AWS Savings Plans User Guide, "Savings Plans types"; Amazon EC2 User Guide, "Reserved
#: Instances"). Spot usage is never covered.
COMPUTE_SP = "compute_savings_plan"
EC2_INSTANCE_SP = "ec2_instance_savings_plan"
RESERVED_INSTANCE = "reserved_instance"
FARGATE_COVERAGE = (COMPUTE_SP,)
EC2_INSTANCE_COVERAGE = (RESERVED_INSTANCE, EC2_INSTANCE_SP, COMPUTE_SP)


@dataclass(slots=True)
class LineItem:
    """One priced line: ``monthly_cost = quantity * unit_price`` (USD per month).

    ``quantity`` is in ``unit`` (vCPU-hours, GB-hours, instance-hours, cluster-hours, GB-months, ...), ``unit_price``
    in USD per unit. ``service`` is None for workload-wide lines (control plane, nodes, shared costs).
    ``as_of`` is the date the price was last confirmed (staleness counts from it), ``effective_date`` the date AWS
    made it effective. ``always_on`` is the share of the line's usage that runs every hour of the month (what a commitment sized by
    ``coverage_percent`` may cover): 1 for nodes and fixed replicas, ``scaling.min / scaling.average`` for an
    auto-scaling service, 0 for a service that runs fewer hours than the month.
    """

    name: str
    category: str
    quantity: float
    unit: str
    unit_price: float
    service: str | None = None
    source: str = ""
    as_of: str = ""
    estimate: bool = False  # True when the unit price (Spot) or the quantity (deployment surge) is an estimate
    platform: str = ""
    purchase_option: str = "on_demand"
    resource: str = ""
    instance_type: str | None = None
    architecture: str | None = None
    os: str | None = None
    usage_type: str | None = None
    commitments: tuple[str, ...] = ()
    always_on: float = 1.0
    effective_date: str = ""  # the date AWS made the price effective ("" when the source does not say)

    @property
    def monthly_cost(self) -> float:
        return self.quantity * self.unit_price

    def covered_by(self, commitment_type: str) -> bool:
        """True when a commitment of this type can cover the line (On-Demand usage of a covered kind)."""
        return commitment_type in self.commitments and self.unit_price > 0

    def to_dict(self) -> dict:
        return {
            "name": self.name, "category": self.category, "quantity": self.quantity, "unit": self.unit,
            "unit_price": self.unit_price, "monthly_cost": self.monthly_cost, "service": self.service,
            "source": self.source, "as_of": self.as_of, "effective_date": self.effective_date or None,
            "estimate": self.estimate, "platform": self.platform, "purchase_option": self.purchase_option,
            "resource": self.resource, "instance_type": self.instance_type, "architecture": self.architecture,
            "os": self.os, "usage_type": self.usage_type, "commitments": list(self.commitments),
            "always_on": self.always_on,
        }

    @classmethod
    def priced(cls, name: str, category: str, quantity: float, rate: Rate, service: str | None = None,
               estimate: bool = False, **fields) -> "LineItem":
        """A line at a ``Rate`` (unit, price, date and source come from the rate); ``fields`` sets machine fields."""
        return cls(name, category, quantity, rate.unit, rate.usd, service, rate.source, rate.as_of, estimate,
                   effective_date=getattr(rate, "effective_date", "") or "",
                   usage_type=fields.pop("usage_type", None) or getattr(rate, "usage_type", None), **fields)


#: The footnote of every renderer that marks ``LineItem.estimate`` lines (table and Markdown "*", the report's badge).
ESTIMATE_FOOTNOTE = ("estimated unit price (Spot prices float) or quantity (deployment surge, on the high side); "
                     "see the notes.")
#: The note an estimate with deployment-surge lines carries (docs/strategy.md, "Rolling deployments").
_SURGE_RUNS = ("is assumed to run for the whole deployment_minutes of each deployment; ECS starts and stops them in "
               "batches, so the real figure is usually lower.")
SURGE_ASSUMPTION = ("every extra task a rolling deployment may start (ECS: floor(desired x max_percent) - desired; "
                    "Kubernetes: maxSurge 25%) " + _SURGE_RUNS)
#: The same for ECS alone (``advisor strategy deployment``, whose options are ECS deployment settings).
ECS_SURGE_ASSUMPTION = ("every extra task a rolling deployment may start (floor(desired x max_percent) - desired) "
                        + _SURGE_RUNS)
SURGE_NOTE = "Deployment surge lines are an estimate on the high side: " + SURGE_ASSUMPTION


@dataclass
class Unsupported:
    """A service a platform cannot run, and why."""

    service: str
    reason: str

    def to_dict(self) -> dict:
        return {"service": self.service, "reason": self.reason}


@dataclass
class ServiceStrategy:
    """The capacity-provider strategy one service runs under on ECS Fargate + Fargate Spot, and what it saves.

    ``tasks`` are average running tasks per capacity provider; money is USD per month.
    """

    service: str
    strategy: list[dict]  # capacityProviderStrategy, as the ECS API writes it
    tasks: dict[str, float]
    min_healthy_tasks: int
    max_tasks: int
    can_roll: bool
    monthly_cost_all_on_demand: float
    monthly_cost: float
    reasons: list[str]
    declared: bool  # the workload declared the strategy (else advisor recommends it)

    @property
    def monthly_saving(self) -> float:
        return self.monthly_cost_all_on_demand - self.monthly_cost

    def to_dict(self) -> dict:
        return {"service": self.service, "capacityProviderStrategy": self.strategy, "tasks": dict(self.tasks),
                "deployment": {"min_healthy_tasks": self.min_healthy_tasks, "max_tasks": self.max_tasks,
                               "can_roll": self.can_roll},
                "monthly_cost_all_on_demand": self.monthly_cost_all_on_demand, "monthly_cost": self.monthly_cost,
                "monthly_saving": self.monthly_saving, "reasons": list(self.reasons), "declared": self.declared}


@dataclass
class FleetSummary:
    """The EC2 fleet an estimate prices: node rows, the LP lower bound and utilisation (USD per month)."""

    nodes: list[dict]  # {instance_type, purchase, arch, count, usd_per_hour, vcpu, memory_mib, ...}
    node_count: int
    instance_monthly: float
    lower_bound_monthly: float
    gap: float
    utilisation: dict[str, float]
    limiting: str | None = None  # the resource that sizes the fleet when it is not CPU or memory (e.g. ENI slots)
    alternatives: dict[str, float] = field(default_factory=dict)  # e.g. {"awsvpc_trunking": usd/month}

    def to_dict(self) -> dict:
        return {"nodes": list(self.nodes), "node_count": self.node_count, "instance_monthly": self.instance_monthly,
                "lower_bound_monthly": self.lower_bound_monthly, "gap": self.gap,
                "utilisation": dict(self.utilisation), "limiting": self.limiting,
                "alternatives": dict(self.alternatives)}


@dataclass
class CommitmentResult:
    """How one commitment applied to one platform (USD per hour unless named monthly)."""

    commitment: str
    type: str
    term_years: int
    payment: str
    #: the workload's ``discount_percent``; for a Savings Plan priced at AWS's own rates (no ``discount_percent``),
    #: the effective discount on the usage it covered, 100 x (1 - used / covered On-Demand), or None when not applied
    discount_percent: float | None
    source: str | None
    applied: bool
    eligible_on_demand_usd_per_hour: float
    commit_usd_per_hour: float = 0.0
    covered_on_demand_usd_per_hour: float = 0.0
    utilisation: float = 0.0
    monthly_waste: float = 0.0
    monthly_saving: float = 0.0

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Estimate:
    """The monthly cost of a workload on one platform."""

    platform: str
    lines: list[LineItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    missing_prices: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)  # requirements that rule this platform out
    operations: list[LineItem] = field(default_factory=list)  # engineer effort (assumptions), not infrastructure
    strategies: list[ServiceStrategy] = field(default_factory=list)  # ecs-fargate-spot
    fleet: FleetSummary | None = None  # EC2 platforms
    commitments: list[CommitmentResult] = field(default_factory=list)
    cost_without_commitments: float | None = None
    scale: object | None = field(default=None, repr=False)  # costing.scale.ScaleModel: cost as replicas scale
    #: (the lines list, its length, their sum) when ``monthly_cost`` last added them up
    _cost: tuple = field(default=(None, -1, 0.0), init=False, repr=False, compare=False)

    def add(self, lines: list[LineItem]) -> None:
        """Append lines, stamping each with this estimate's platform."""
        for line in lines:
            line.platform = self.platform
        self.lines += lines

    @property
    def label(self) -> str:
        return PLATFORM_LABELS.get(self.platform, self.platform)

    @property
    def monthly_cost(self) -> float:
        """The sum of the lines, in their order. Remembered while ``lines`` is the same list with as many lines: a
        line is appended (``add``) and never changed once priced, and the ranking, the sweep and every renderer ask
        again (a 10,000-service estimate holds about 20,000 lines; about 70 sums of them in a compare)."""
        lines = self.lines
        memo = self._cost
        if memo[0] is lines and memo[1] == len(lines):
            return memo[2]
        cost = sum(line.quantity * line.unit_price for line in lines)
        self._cost = (lines, len(lines), cost)
        return cost

    def unsupported_by_reason(self) -> dict[str, list[str]]:
        """Reason -> the services it rules out, in first-seen order (a reason shared by 2,000 services is shown once)."""
        out: dict[str, list[str]] = {}
        for u in self.unsupported:
            out.setdefault(u.reason, []).append(u.service)
        return out

    def problems(self) -> list[str]:
        """Why the estimate is not complete, one line per reason: the services a reason rules out (named, or counted
        past one), then each missing price; empty for a complete estimate."""
        from advisor.units import name_list

        out = [f"{names[0] if len(names) == 1 else f'{len(names):,} services'}"
               f"{'' if len(names) == 1 else f' ({name_list(names)})'}: {reason}"
               for reason, names in self.unsupported_by_reason().items()]
        return list(dict.fromkeys(out + list(self.missing_prices)))

    @property
    def complete(self) -> bool:
        """True when every service is priced: the total is the workload's full cost on this platform."""
        return not self.unsupported and not self.missing_prices

    @property
    def operations_cost(self) -> float:
        return sum(line.monthly_cost for line in self.operations)

    @property
    def monthly_tco(self) -> float:
        """Infrastructure plus operations effort (the ranking figure)."""
        return self.monthly_cost + self.operations_cost

    @property
    def feasible(self) -> bool:
        """Complete and not ruled out by a requirement."""
        return self.complete and not self.excluded

    @property
    def status(self) -> str:
        if self.excluded:
            return "excluded"
        if self.complete:
            return "ok"
        if self.missing_prices and not self.unsupported and not any(line.service for line in self.lines):
            # no service could be priced (workload-wide lines such as the control plane aside), and price data is all
            # it lacks: a platform that cannot run some service is "incomplete" however many prices are missing, so
            # no output says fetching prices would price it (EKS on Fargate in GovCloud lacks the EKS rate too)
            return "no price data"
        return "incomplete"

    @property
    def status_text(self) -> str:
        """The status in words, the same in every output that gives it (compare's table, Markdown and report, the
        sweep's table, JSON, CSV and ``sweep_frame``'s ``reason``): "ok", "excluded" (ruled out by a requirement),
        "not priced: no price data" (``status`` "no price data"), "not ranked: cannot run every service" (a service
        it cannot run, whatever else it lacks) or "not ranked: missing price data" (it runs every service but a
        rate is missing). ``status`` is the machine field; this is its text for people."""
        status = self.status
        if status in ("ok", "excluded"):
            return status
        if status == "no price data":
            return "not priced: no price data"
        return "not ranked: " + ("cannot run every service" if self.unsupported else "missing price data")

    def cost_by_category(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.category] = out.get(line.category, 0.0) + line.monthly_cost
        return out

    def to_dict(self) -> dict:
        """JSON shape. A platform that cannot run every service has ``monthly_cost``/``monthly_tco`` null (its
        priced part is ``partial_monthly_cost``), so no output shows a total for it. The amounts are exact; ``shown``
        holds them as the table, Markdown and report show them (``units.cents``: to the cent, half away from zero;
        the total the sum of its shown parts, ``units.total``), so a program that reads 887.0049999999999 (an exact
        $887.005 in binary floating point) need not round it to 887.00 against the table's $887.01. ``status`` is the
        machine field, ``status_text`` its words as every other output gives them."""
        complete = self.complete
        return {
            "platform": self.platform,
            "label": self.label,
            "status": self.status,
            "status_text": self.status_text,
            "complete": complete,
            "feasible": self.feasible,
            "monthly_cost": self.monthly_cost if complete else None,
            "operations_cost": self.operations_cost,
            "monthly_tco": self.monthly_tco if complete else None,
            "partial_monthly_cost": None if complete else self.monthly_cost,
            "shown": {"monthly_cost": cents(self.monthly_cost) if complete else None,
                      "operations_cost": cents(self.operations_cost),
                      # the sum of two amounts in cents, written as cents (1074.24 + 1600.00 adds up to 2674.2799999999997)
                      "monthly_tco": round(total(self.monthly_cost, self.operations_cost), 2) if complete else None},
            "lines": [line.to_dict() for line in self.lines],
            "operations": [line.to_dict() for line in self.operations],
            "notes": list(self.notes),
            "unsupported": [u.to_dict() for u in self.unsupported],
            "missing_prices": list(self.missing_prices),
            "excluded": list(self.excluded),
            "strategies": [s.to_dict() for s in self.strategies],
            "fleet": self.fleet.to_dict() if self.fleet else None,
            "commitments": [c.to_dict() for c in self.commitments],
            "monthly_cost_without_commitments": self.cost_without_commitments,
        }
