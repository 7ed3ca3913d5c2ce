"""PriceBook: every price the estimators use, with its date and source.

Tables are CSV files with a column contract (``TABLES``). They are read from one or more data
directories in priority order: a user data directory written by ``advisor pricing refresh`` first (when
present), then the snapshot bundled inside the package. For the same key (e.g. region + instance type) the
row with the newest ``as_of`` wins, and on a tie the first directory, so refreshed rows shadow bundled ones
(an imported offer older than the bundled row does not) and every row keeps its own ``as_of`` and ``source``.

Nothing here touches the network. A rate the data lacks raises ``PriceDataError`` naming what is missing
and how to get it; no price is ever borrowed from a neighbouring region or guessed.
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from advisor.errors import PriceDataError, UnknownRegionError, did_you_mean
from advisor.pricing.regions import KNOWN_REGIONS, is_commercial

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "pricing_data"
ENV_DATA_DIR = "ADVISOR_DATA_DIR"


def user_data_dir() -> Path:
    """Where refreshed prices are written and read: $ADVISOR_DATA_DIR, else $XDG_DATA_HOME/advisor, else ~/.local/share/advisor."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "advisor"


@dataclass(frozen=True)
class TableSpec:
    """Column contract of one price table."""

    key: tuple[str, ...]
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    refresh_hint: str = ""


TABLES: dict[str, TableSpec] = {
    "fargate_rates": TableSpec(
        key=("region", "arch", "os", "capacity"),
        columns=(
            "region", "arch", "os", "capacity", "usd_per_vcpu_hour", "usd_per_gb_hour",
            "usd_per_os_license_vcpu_hour", "usd_per_ephemeral_storage_gb_hour", "as_of", "source",
        ),
        numeric=("usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_os_license_vcpu_hour", "usd_per_ephemeral_storage_gb_hour"),
        refresh_hint="advisor pricing refresh --region {region} --tables fargate",
    ),
    "eks_rates": TableSpec(
        key=("item",),
        columns=("item", "usd_per_cluster_hour", "region_scope", "as_of", "source"),
        numeric=("usd_per_cluster_hour",),
        refresh_hint="advisor pricing refresh --region {region} --tables eks",
    ),
    "ec2_prices": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "usd_per_hour", "as_of", "source"),
        numeric=("usd_per_hour",),
        refresh_hint="advisor pricing refresh --region {region} --tables ec2",
    ),
    "ec2_instance_types": TableSpec(
        key=("instance_type",),
        columns=(
            "instance_type", "family", "vcpu", "memory_mib", "architecture", "max_enis_default_card",
            "ipv4_per_eni", "eks_max_pods", "spot_supported", "as_of", "source",
        ),
        numeric=("vcpu", "memory_mib", "max_enis_default_card", "ipv4_per_eni", "eks_max_pods"),
        refresh_hint="advisor pricing refresh --region {region} --tables ec2",
    ),
    "ec2_spot_advisor": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "savings_vs_on_demand_pct", "interruption_range_index",
                 "interruption_frequency", "as_of", "source"),
        numeric=("savings_vs_on_demand_pct", "interruption_range_index"),
        refresh_hint="advisor pricing refresh --region {region} --tables spot",
    ),
    "ebs_rates": TableSpec(
        key=("region", "volume_type"),
        columns=("region", "volume_type", "usd_per_gb_month", "as_of", "source"),
        numeric=("usd_per_gb_month",),
        refresh_hint="add a row (region {region}, volume_type gp3, usd_per_gb_month, as_of, source) from the AWS EBS "
        "pricing page to ebs_rates.csv in the user data directory (ADVISOR_DATA_DIR); 'pricing refresh' does not fetch EBS yet",
    ),
    # Written by 'advisor pricing refresh --tables spot' (EC2 DescribeSpotPriceHistory, Linux/UNIX, averaged
    # per instance type over a window; see docs/pricing-refresh.md). Not bundled: Spot prices float.
    "ec2_spot_prices": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "usd_per_hour", "as_of", "source"),
        numeric=("usd_per_hour",),
        refresh_hint="advisor pricing refresh --region {region} --tables spot",
    ),
    # Load balancer, NAT gateway, CloudWatch Logs/metrics, public IPv4 (and Cloud Map when added) unit prices, built
    # from scripts/data/shared_rates_source.csv (hand-maintained, every row sourced). Items: see costing/shared.py.
    "shared_rates": TableSpec(
        key=("region", "item"),
        columns=("region", "item", "usd", "unit", "as_of", "source"),
        numeric=("usd",),
        refresh_hint="add a row (region {region}, item, usd, unit, as_of, source) from the AWS pricing page to "
        "shared_rates.csv in the user data directory (ADVISOR_DATA_DIR), or to scripts/data/shared_rates_source.csv "
        "and rebuild with scripts/build_pricing_data.py; 'pricing refresh' does not fetch these yet",
    ),
    "ec2_offerings": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type"),
        refresh_hint="advisor pricing refresh --region {region} --tables ec2",
    ),
    # Sizing data built by scripts/build_sizing_data.py: AWS's current/previous generation list per family (EC2
    # Instance Types guide) and the ECS awsvpc ENI-trunking task limits per type (ECS Developer Guide).
    "ec2_generations": TableSpec(
        key=("family",),
        columns=("family", "generation", "category", "as_of", "source"),
        refresh_hint="edit GUIDE_CURRENT / GUIDE_PREVIOUS in scripts/build_sizing_data.py from the EC2 Instance Types "
        "guide and rebuild",
    ),
    "ecs_eni_trunking": TableSpec(
        key=("instance_type",),
        columns=("instance_type", "task_limit_without_trunking", "task_limit_with_trunking", "as_of", "source"),
        numeric=("task_limit_without_trunking", "task_limit_with_trunking"),
        refresh_hint="add the type's row from the ECS Developer Guide page 'Supported instance types' of ENI trunking to "
        "ecs_eni_trunking.csv in the user data directory (ADVISOR_DATA_DIR), or rebuild with scripts/build_sizing_data.py",
    ),
}


class Table:
    """Rows of one price table (dicts keyed by column, plus ``origin``), with the few queries advisor needs."""

    def __init__(self, name: str, rows: list[dict]):
        self.name = name
        self.rows = rows
        self._indexes: dict[tuple, dict] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def column(self, col: str) -> list:
        """Every row's value of ``col``."""
        return [r.get(col) for r in self.rows]

    def where(self, **equal) -> list[dict]:
        """Rows whose columns equal the given values."""
        return [r for r in self.rows if all(r.get(k) == v for k, v in equal.items())]

    def index(self, *cols: str) -> dict[tuple, dict]:
        """``{(row[c] for c in cols): row}`` (built once per column tuple; the last row wins on a duplicate)."""
        idx = self._indexes.get(cols)
        if idx is None:
            idx = self._indexes[cols] = {tuple(r.get(c) for c in cols): r for r in self.rows}
        return idx

    def to_frame(self):
        """A pandas DataFrame of the rows (columns in table order, then ``origin``)."""
        import pandas as pd

        spec = TABLES[self.name]
        extra = [c for c in (self.rows[0] if self.rows else {}) if c not in spec.columns]
        return pd.DataFrame(self.rows, columns=list(spec.columns) + extra)


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _read_table(path: Path, spec: TableSpec, origin: str) -> list[dict]:
    """Rows of one CSV file, checked against the table's column contract."""
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in spec.columns if c not in header]
            if missing:
                raise PriceDataError(
                    f"price table {path} lacks the columns {', '.join(missing)} (required: {', '.join(spec.columns)}). "
                    "Regenerate it with 'advisor pricing refresh' or delete it to fall back to the bundled snapshot."
                )
            numeric = set(spec.numeric)
            rows = []
            for raw in reader:
                row = {k: (_number(v) if k in numeric else (v if v is not None else "")) for k, v in raw.items()
                       if k is not None}
                if not row.get("origin"):
                    row["origin"] = origin
                rows.append(row)
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        raise PriceDataError(
            f"price table {path} cannot be read ({exc}). Restore it with 'advisor pricing refresh' or delete "
            "it to fall back to the bundled snapshot."
        ) from None
    return rows


@dataclass(frozen=True)
class Rate:
    """One price with its provenance."""

    usd: float
    unit: str
    as_of: str
    source: str
    table: str
    origin: str = "bundled"


@dataclass(frozen=True)
class FargateRate:
    """Fargate rates for one (region, arch, os, capacity)."""

    region: str
    arch: str
    os: str
    capacity: str
    vcpu_hour: Rate
    gb_hour: Rate
    os_license_vcpu_hour: Rate | None
    ephemeral_storage_gb_hour: Rate | None


@dataclass
class PriceBook:
    """Read access to the price tables, with provenance. Build one with ``PriceBook.default()``."""

    data_dirs: list[Path] = field(default_factory=lambda: [BUNDLED_DIR])
    _cache: dict = field(default_factory=dict, repr=False)

    @classmethod
    def default(cls) -> "PriceBook":
        """User data directory (when it holds tables) first, then the bundled snapshot."""
        dirs = []
        udir = user_data_dir()
        if udir.is_dir() and any(udir.glob("*.csv")):
            dirs.append(udir)
        dirs.append(BUNDLED_DIR)
        return cls(data_dirs=dirs)

    def origin_of(self, directory: Path) -> str:
        return "bundled" if directory.resolve() == BUNDLED_DIR.resolve() else "refreshed"

    # ---------------------------------------------------------------------------------------- tables
    def table(self, name: str) -> "Table":
        """A whole table with an ``origin`` column (bundled / refreshed). Fresher directories win per key.

        Read with the ``csv`` module (no pandas on the compare path): numeric columns become ``float`` (``None``
        when blank or not a number), every other column stays a string.
        """
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        spec = TABLES[name]
        found: list[dict] = []
        any_file = False
        for d in self.data_dirs:
            path = d / f"{name}.csv"
            if not path.exists():
                continue
            any_file = True
            found += _read_table(path, spec, self.origin_of(d))
        if not any_file:
            raise PriceDataError(
                f"no price table '{name}' in {', '.join(str(d) for d in self.data_dirs)}. Reinstall advisor or run "
                f"'advisor pricing refresh'."
            )
        # per key the newest as_of wins; on a tie, the earlier directory (user data); original order kept
        best: dict[tuple, int] = {}
        for i, row in enumerate(found):
            key = tuple(row.get(k, "") for k in spec.key)
            j = best.get(key)
            if j is None or str(row.get("as_of", "")) > str(found[j].get("as_of", "")):
                best[key] = i
        keep = sorted(best.values())
        table = Table(name, [found[i] for i in keep])
        self._cache[name] = table
        return table

    def frame(self, name: str):
        """The table as a pandas DataFrame (for notebooks and ``pricing show``; imports pandas)."""
        return self.table(name).to_frame()

    def staleness(self, name: str, region: str | None = None, max_age_days: int = 365, today=None) -> dict:
        """Age of a table's rows (for one region, or all): oldest ``as_of``, age in days, origins, stale flag."""
        from advisor.pricing.freshness import age_days

        rows = self.table(name).rows
        if region is not None and "region" in TABLES[name].columns:
            rows = [r for r in rows if r.get("region") == region]
        dates = [str(r["as_of"]) for r in rows if r.get("as_of")]
        oldest = min(dates) if dates else None
        age = age_days(oldest, today) if oldest else None
        return {"table": name, "region": region, "as_of": oldest, "age_days": age,
                "origin": sorted({r["origin"] for r in rows}),
                "stale": age is not None and age > max_age_days}

    def manifest(self) -> dict:
        path = BUNDLED_DIR / "manifest.json"
        return json.loads(path.read_text()) if path.exists() else {}

    # --------------------------------------------------------------------------------------- regions
    def regions(self) -> list[str]:
        """Regions that appear in any table."""
        found: set[str] = set()
        for name, spec in TABLES.items():
            if "region" in spec.columns:
                try:
                    found |= set(self.table(name).column("region"))
                except PriceDataError:
                    continue
        return sorted(found)

    def check_region(self, region: str) -> None:
        """Raise ``UnknownRegionError`` for a name that is not an AWS region (a typo), with a hint."""
        if region in KNOWN_REGIONS:
            return
        fargate_regions = set(self.table("fargate_rates").column("region"))
        all_regions = KNOWN_REGIONS | fargate_regions
        if region in fargate_regions:
            return
        raise UnknownRegionError(
            f"region {region!r} is not an AWS region.{did_you_mean(region, sorted(all_regions))} Use a region code such "
            f"as us-east-1 or eu-west-1; 'advisor pricing show' lists the regions with bundled prices."
        )

    # ----------------------------------------------------------------------------------------- rates
    def _rate(self, row: dict, column: str, unit: str, table: str) -> Rate | None:
        value = row.get(column)
        if value is None:
            return None
        return Rate(float(value), unit, str(row["as_of"]), str(row["source"]), table, str(row.get("origin", "bundled")))

    def fargate_rate(self, region: str, arch: str = "x86_64", os: str = "linux", capacity: str = "on_demand") -> FargateRate:
        """Fargate rates for a region/arch/os/capacity, or ``PriceDataError`` naming what is missing."""
        self.check_region(region)
        idx = self._fargate_index()
        row = idx.get((region, arch, os, capacity))
        if row is None:
            have = sorted(f"{a}/{o}/{c}" for (r, a, o, c) in idx if r == region)
            what = f"Fargate {os}/{arch} {capacity.replace('_', '-')} rates for {region}"
            have_txt = f"The data has {', '.join(have)} for {region}." if have else f"The data has no Fargate rates for {region} at all."
            raise PriceDataError(
                f"missing price data: {what} (table fargate_rates). {have_txt} Fetch current rates with "
                f"'{TABLES['fargate_rates'].refresh_hint.format(region=region)}' (AWS credentials needed), or import an "
                "AmazonECS offer file with 'advisor pricing import-offer'. No rate is borrowed from another region."
            )
        vcpu = self._rate(row, "usd_per_vcpu_hour", "vCPU-hours", "fargate_rates")
        gb = self._rate(row, "usd_per_gb_hour", "GB-hours", "fargate_rates")
        if vcpu is None or gb is None:
            raise PriceDataError(
                f"missing price data: Fargate {os}/{arch} {capacity} vCPU or GB rate for {region} is blank in fargate_rates. "
                f"Run '{TABLES['fargate_rates'].refresh_hint.format(region=region)}'."
            )
        return FargateRate(
            region, arch, os, capacity, vcpu, gb,
            self._rate(row, "usd_per_os_license_vcpu_hour", "vCPU-hours", "fargate_rates"),
            self._rate(row, "usd_per_ephemeral_storage_gb_hour", "GB-hours", "fargate_rates"),
        )

    def _fargate_index(self) -> dict:
        return self.table("fargate_rates").index("region", "arch", "os", "capacity")

    def eks_rate(self, region: str, item: str) -> Rate:
        """EKS control-plane rate per cluster-hour: item ``cluster_hour`` or ``extended_support_surcharge``."""
        self.check_region(region)
        rows = self.table("eks_rates").where(item=item)
        if not rows or (rows[0]["region_scope"] == "commercial" and not is_commercial(region)):
            raise PriceDataError(
                f"missing price data: EKS {item.replace('_', ' ')} rate for {region} (table eks_rates holds the AWS "
                f"commercial-region rate only). Run '{TABLES['eks_rates'].refresh_hint.format(region=region)}'."
            )
        rate = self._rate(rows[0], "usd_per_cluster_hour", "cluster-hours", "eks_rates")
        if rate is None:
            raise PriceDataError(f"missing price data: the EKS {item.replace('_', ' ')} rate is blank in table eks_rates. "
                                 f"Run '{TABLES['eks_rates'].refresh_hint.format(region=region)}'.")
        return rate


@lru_cache(maxsize=1)
def _default() -> PriceBook:
    return PriceBook.default()


def default_pricebook() -> PriceBook:
    """A process-wide PriceBook over the default data directories (cached)."""
    return _default()
