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

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

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
}


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
    def table(self, name: str) -> pd.DataFrame:
        """A whole table, with an ``origin`` column (bundled / refreshed). Fresher directories win per key."""
        if name in self._cache:
            return self._cache[name]
        spec = TABLES[name]
        frames = []
        for d in self.data_dirs:
            path = d / f"{name}.csv"
            if not path.exists():
                continue
            try:
                df = pd.read_csv(path, dtype={c: str for c in spec.columns if c not in spec.numeric}, keep_default_na=False,
                                 na_values={c: [""] for c in spec.numeric})
            except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
                raise PriceDataError(
                    f"price table {path} cannot be read ({exc}). Restore it with 'advisor pricing refresh' or delete "
                    "it to fall back to the bundled snapshot."
                ) from None
            missing = [c for c in spec.columns if c not in df.columns]
            if missing:
                raise PriceDataError(
                    f"price table {path} lacks the columns {', '.join(missing)} (required: {', '.join(spec.columns)}). "
                    "Regenerate it with 'advisor pricing refresh' or delete it to fall back to the bundled snapshot."
                )
            for c in spec.numeric:
                df[c] = pd.to_numeric(df[c], errors="coerce")
            if "origin" not in df.columns:
                df["origin"] = self.origin_of(d)
            frames.append(df)
        if not frames:
            raise PriceDataError(
                f"no price table '{name}' in {', '.join(str(d) for d in self.data_dirs)}. Reinstall advisor or run "
                f"'advisor pricing refresh'."
            )
        df = pd.concat(frames, ignore_index=True)
        if "as_of" in df.columns:  # per key the newest as_of wins; on a tie, the earlier directory (user data)
            as_of = df["as_of"].astype(str).tolist()
            df = df.iloc[sorted(range(len(df)), key=as_of.__getitem__, reverse=True)]
        df = df.drop_duplicates(list(spec.key), keep="first").sort_index().reset_index(drop=True)
        self._cache[name] = df
        return df

    def staleness(self, name: str, region: str | None = None, max_age_days: int = 365, today=None) -> dict:
        """Age of a table's rows (for one region, or all): oldest ``as_of``, age in days, origins, stale flag."""
        from advisor.pricing.freshness import age_days

        df = self.table(name)
        if region is not None and "region" in df.columns:
            df = df[df["region"] == region]
        oldest = str(df["as_of"].min()) if "as_of" in df.columns and not df.empty else None
        age = age_days(oldest, today) if oldest else None
        return {"table": name, "region": region, "as_of": oldest, "age_days": age,
                "origin": sorted(df["origin"].unique()) if not df.empty else [],
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
                    found |= set(self.table(name)["region"].unique())
                except PriceDataError:
                    continue
        return sorted(found)

    def check_region(self, region: str) -> None:
        """Raise ``UnknownRegionError`` for a name that is not an AWS region (a typo), with a hint."""
        if region in KNOWN_REGIONS:
            return
        fargate_regions = set(self.table("fargate_rates")["region"])
        all_regions = KNOWN_REGIONS | fargate_regions
        if region in fargate_regions:
            return
        raise UnknownRegionError(
            f"region {region!r} is not an AWS region.{did_you_mean(region, sorted(all_regions))} Use a region code such "
            f"as us-east-1 or eu-west-1; 'advisor pricing show' lists the regions with bundled prices."
        )

    # ----------------------------------------------------------------------------------------- rates
    def _rate(self, row: pd.Series, column: str, unit: str, table: str) -> Rate | None:
        value = row[column]
        if pd.isna(value):
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
        if "_fargate_idx" not in self._cache:
            df = self.table("fargate_rates")
            self._cache["_fargate_idx"] = {
                (r.region, r.arch, r.os, r.capacity): row for (_, row), r in zip(df.iterrows(), df.itertuples())
            }
        return self._cache["_fargate_idx"]

    def eks_rate(self, region: str, item: str) -> Rate:
        """EKS control-plane rate per cluster-hour: item ``cluster_hour`` or ``extended_support_surcharge``."""
        self.check_region(region)
        df = self.table("eks_rates")
        rows = df[df["item"] == item]
        if rows.empty or (rows.iloc[0]["region_scope"] == "commercial" and not is_commercial(region)):
            raise PriceDataError(
                f"missing price data: EKS {item.replace('_', ' ')} rate for {region} (table eks_rates holds the AWS "
                f"commercial-region rate only). Run '{TABLES['eks_rates'].refresh_hint.format(region=region)}'."
            )
        row = rows.iloc[0]
        rate = self._rate(row, "usd_per_cluster_hour", "cluster-hours", "eks_rates")
        assert rate is not None
        return rate


@lru_cache(maxsize=1)
def _default() -> PriceBook:
    return PriceBook.default()


def default_pricebook() -> PriceBook:
    """A process-wide PriceBook over the default data directories (cached)."""
    return _default()
