"""Line items and estimates: the auditable unit of every cost advisor reports.

An estimate is a list of named lines (quantity x unit price = monthly cost); totals are sums of lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from advisor.platforms import PLATFORM_LABELS
from advisor.pricing.book import Rate

#: Cost categories used to group lines (charts, DataFrames).
CATEGORIES = ("compute", "spot", "os_license", "storage", "control_plane", "surge", "load_balancing", "nat_gateway",
              "logs_monitoring", "public_ipv4", "service_discovery", "commitment", "operations", "other")


@dataclass
class LineItem:
    """One priced line: ``monthly_cost = quantity * unit_price``."""

    name: str
    category: str
    quantity: float
    unit: str
    unit_price: float
    service: str | None = None
    source: str = ""
    as_of: str = ""
    estimate: bool = False  # True when the unit price is itself an estimate (e.g. Spot)

    @property
    def monthly_cost(self) -> float:
        return self.quantity * self.unit_price

    def to_dict(self) -> dict:
        d = asdict(self)
        d["monthly_cost"] = self.monthly_cost
        return d

    @classmethod
    def priced(cls, name: str, category: str, quantity: float, rate: Rate, service: str | None = None,
               estimate: bool = False) -> "LineItem":
        return cls(name=name, category=category, quantity=quantity, unit=rate.unit, unit_price=rate.usd,
                   service=service, source=rate.source, as_of=rate.as_of, estimate=estimate)


@dataclass
class Unsupported:
    """A service a platform cannot run, and why."""

    service: str
    reason: str

    def to_dict(self) -> dict:
        return {"service": self.service, "reason": self.reason}


@dataclass
class Estimate:
    """The monthly cost of a workload on one platform."""

    platform: str
    lines: list[LineItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unsupported: list[Unsupported] = field(default_factory=list)
    missing_prices: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # platform-specific detail (fleet, strategies, ...)
    excluded: list[str] = field(default_factory=list)  # requirements that rule this platform out
    operations: list[LineItem] = field(default_factory=list)  # engineer effort (assumptions), not infrastructure

    @property
    def label(self) -> str:
        return PLATFORM_LABELS.get(self.platform, self.platform)

    @property
    def monthly_cost(self) -> float:
        return sum(line.monthly_cost for line in self.lines)

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
        if self.missing_prices and not self.lines:
            return "no price data"
        return "incomplete"

    def cost_by_category(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.category] = out.get(line.category, 0.0) + line.monthly_cost
        return out

    def to_dict(self) -> dict:
        d = {
            "platform": self.platform,
            "label": self.label,
            "monthly_cost": self.monthly_cost,
            "complete": self.complete,
            "status": self.status,
            "lines": [line.to_dict() for line in self.lines],
            "notes": list(self.notes),
            "unsupported": [u.to_dict() for u in self.unsupported],
            "missing_prices": list(self.missing_prices),
            "excluded": list(self.excluded),
            "feasible": self.feasible,
            "operations": [line.to_dict() for line in self.operations],
            "operations_cost": self.operations_cost,
            "monthly_tco": self.monthly_tco,
        }
        d.update(self.extra)
        return d
