"""EC2 instance catalogue: specs, on-demand prices per region, Spot price estimates, regional offerings.

Everything comes from the bundled (or refreshed) price tables through ``PriceBook``:

- ``ec2_instance_types``: vCPU, memory, architecture, ENIs on the default network card, IPv4 per ENI, EKS max
  pods, Spot availability, generation, burstable / bare metal / accelerator flags, hypervisor, instance store size
  (GB, ``InstanceStorageInfo.TotalSizeInGB``; 0 = none).
- ``ec2_prices``: Linux, shared-tenancy On-Demand price per (region, type). Each row keeps its own ``as_of`` and
  ``source`` (the us-east-1 rows are newer than most other regions' rows).
- ``ec2_offerings``: which types a region offers (30 regions). A region missing from that table is "unknown",
  not "not offered".
- ``ec2_spot_advisor``: the AWS Spot Instance Advisor's savings-vs-On-Demand percentage and interruption
  frequency bucket. A Spot price here is an *estimate*: ``on_demand x (1 - savings% / 100)``. Real Spot prices
  float per Availability Zone; the estimate is flagged as such wherever it is used.

A type or region the data lacks raises ``PriceDataError`` naming what is missing and the refresh command. A
price is never borrowed from a neighbouring region or guessed.

- ``ec2_generations`` (sizing data, ``scripts/build_sizing_data.py``): current or previous generation and the
  category per family, from AWS's "Amazon EC2 Instance Types" guide; families it does not list keep the
  DescribeInstanceTypes ``CurrentGeneration`` flag of ``ec2_instance_types``.
- ``ecs_eni_trunking`` (sizing data): awsvpc task limits per type with the ``awsvpcTrunking`` account setting, from
  the ECS Developer Guide's ENI-trunking table (``InstanceType.ecs_trunking_task_limit``; None = not in the table),
  and the same table's limit without trunking (``InstanceType.ecs_task_limit_without_trunking``), which for types
  with several network cards (c6in.32xlarge: 13) is more than the default card's ENIs - 1 (7).

Default exclusions for node selection (overridable per workload with ``ec2.include`` or by naming the type in
``ec2.allowed_types``): bare metal, burstable (T family: CPU credits make sustained packing misleading),
GPU/accelerator types, previous generation, Mac hosts, and high-performance computing (Hpc6a, Hpc6id, Hpc7a,
Hpc7g, Hpc8a: the guide's "High-performance computing" category; On-Demand only and offered in a few regions,
so they are not ordinary node candidates).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from advisor.errors import AdvisorError, PriceDataError, did_you_mean
from advisor.pricing.book import MAX_CELL, TABLES, PriceBook, Rate
from advisor.units import real_number

#: Spot Instance Advisor interruption-frequency buckets, least to most frequent (the feed's ``ranges``).
INTERRUPTION_BUCKETS: tuple[str, ...] = ("<5%", "5-10%", "10-15%", "15-20%", ">20%")

#: Exclusion categories that ``ec2.include`` can switch back on.
EXCLUSIONS: tuple[str, ...] = ("bare_metal", "burstable", "accelerated", "previous_generation", "mac", "hpc")

#: The EC2 Instance Types guide's category for HPC families (table ``ec2_generations``, column ``category``).
HPC_CATEGORY = "high_performance_computing"


class UnknownInstanceTypeError(AdvisorError):
    """An instance type name the catalogue does not know."""


@dataclass(frozen=True)
class InstanceType:
    """One EC2 instance type's specs (from ``ec2_instance_types``)."""

    name: str
    family: str
    vcpu: int
    memory_mib: int
    arch: str
    max_enis: int  # on the default network card (what the VPC CNI and ECS awsvpc use)
    ipv4_per_eni: int
    eks_max_pods: int
    eks_max_pods_source: str
    spot_supported: bool
    current_generation: bool
    burstable: bool
    bare_metal: bool
    gpu_count: int
    accelerator: str
    hypervisor: str
    as_of: str
    source: str
    ecs_trunking_task_limit: int | None = None  # awsvpc tasks with awsvpcTrunking (ECS table); None: not in it
    ecs_task_limit_without_trunking: int | None = None  # awsvpc tasks without trunking (same table); None: not in it
    category: str = ""  # the EC2 Instance Types guide's category (e.g. high_performance_computing); "" unknown
    generation_source: str = ""  # where current_generation comes from
    #: Instance store size, GB, as EC2 DescribeInstanceTypes reports it: ``InstanceStorageInfo.TotalSizeInGB``, "The
    #: total size of the disks, in GB" (Amazon EC2 API Reference, "InstanceStorageInfo"); 0 when the type has no
    #: instance store (the API omits InstanceStorageInfo) or the table predates the column. The instance store of the
    #: current-generation types is NVMe SSD (Amazon EC2 User Guide, "SSD instance store volumes"; per type, the same
    #: API's ``InstanceStorageInfo.NvmeSupport``, which the table does not carry). EKS Auto Mode calls it the node's
    #: local NVMe: the NodePool label ``eks.amazonaws.com/instance-local-nvme``, "Number of gibibytes of local nvme
    #: storage on the instance" (awsdocs/amazon-eks-user-guide latest/ug/automode/create-node-pool.adoc @ 4d52b4d0).
    instance_storage_gb: int = 0

    @property
    def categories(self) -> tuple[str, ...]:
        """The default-exclusion categories this type falls in (empty = a normal node candidate)."""
        out = []
        if self.bare_metal:
            out.append("bare_metal")
        if self.burstable:
            out.append("burstable")
        if self.gpu_count > 0 or self.accelerator:
            out.append("accelerated")
        if not self.current_generation:
            out.append("previous_generation")
        if self.family.startswith("mac"):
            out.append("mac")
        if self.category == HPC_CATEGORY:
            out.append("hpc")
        return tuple(out)

    def to_dict(self) -> dict:
        return {
            "instance_type": self.name, "family": self.family, "vcpu": self.vcpu, "memory_mib": self.memory_mib,
            "architecture": self.arch, "max_enis": self.max_enis, "ipv4_per_eni": self.ipv4_per_eni,
            "eks_max_pods": self.eks_max_pods, "spot_supported": self.spot_supported,
            "current_generation": self.current_generation, "generation_source": self.generation_source,
            "category": self.category, "categories": list(self.categories),
            "ecs_trunking_task_limit": self.ecs_trunking_task_limit,
            "ecs_task_limit_without_trunking": self.ecs_task_limit_without_trunking,
            "hypervisor": self.hypervisor, "instance_storage_gb": self.instance_storage_gb, "as_of": self.as_of,
            "source": self.source,
        }


@dataclass(frozen=True)
class SpotEstimate:
    """A Spot price estimate from the Spot Instance Advisor savings figure."""

    rate: Rate  # usd per instance-hour (estimate)
    on_demand: Rate
    savings_pct: float
    interruption: str  # bucket label, e.g. "<5%"


def interruption_rank(bucket: str) -> int:
    """0 for "<5%" ... 4 for ">20%"; ValueError for an unknown label."""
    try:
        return INTERRUPTION_BUCKETS.index(bucket)
    except ValueError:
        raise ValueError(
            f"interruption bucket {bucket!r} is not valid; valid: {', '.join(INTERRUPTION_BUCKETS)}"
        ) from None


def _bool(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    return bool(v) and not (isinstance(v, float) and math.isnan(v))


@dataclass
class Catalog:
    """Read access to instance specs and prices. ``Catalog(PriceBook.default())``, or ``Catalog.of(prices)`` for
    the catalogue cached on a PriceBook (its indexes are built once)."""

    @classmethod
    def of(cls, prices) -> Catalog:
        cached = prices._cache.get("_catalog")
        if cached is None:
            cached = prices._cache["_catalog"] = cls(prices)
        return cached

    prices: PriceBook
    _types: dict[str, InstanceType] | None = field(default=None, repr=False)
    _rows: dict[str, dict] | None = field(default=None, repr=False)
    _built: dict[str, InstanceType] = field(default_factory=dict, repr=False)
    _gens: tuple | None = field(default=None, repr=False)
    _od: dict | None = field(default=None, repr=False)
    _win: dict | None = field(default=None, repr=False)
    _spot: dict | None = field(default=None, repr=False)
    _offers: dict | None = field(default=None, repr=False)

    # ------------------------------------------------------------------------------------- specs
    def types(self) -> dict[str, InstanceType]:
        """Every instance type of the catalogue by name (built once per price book)."""
        if self._types is None:
            self._types = {name: self._one_type(name) for name in self._rows_by_name()}
        return self._types

    def names(self) -> tuple[frozenset[str], frozenset[str]]:
        """(every instance type name, every family name) the catalogue lists (table ec2_instance_types, all regions:
        a type the region does not offer or price is still a type), without building the types."""
        rows = self._rows_by_name()
        return frozenset(rows), frozenset(r["family"] for r in rows.values())

    def newest_as_of(self) -> str | None:
        """The newest confirmation date (``as_of``, YYYY-MM-DD) of the catalogue's rows: how recent its list of
        types is; None when no row is dated."""
        dates = [str(r["as_of"]) for r in self._rows_by_name().values() if r.get("as_of")]
        return max(dates) if dates else None

    def type_count(self) -> int:
        """How many instance types the catalogue lists (rows of ec2_instance_types)."""
        return len(self._rows_by_name())

    def priced_count(self, region: str) -> int:
        """How many instance types have an On-Demand price in ``region`` (rows of its ec2_prices slice)."""
        return len(self._od_index(region))

    def _rows_by_name(self) -> dict[str, dict]:
        """ec2_instance_types rows by instance type (table order)."""
        if self._rows is None:
            self._rows = {r["instance_type"]: r for r in self.prices.table("ec2_instance_types").rows}
        return self._rows

    def _one_type(self, name: str) -> InstanceType:
        """The ``InstanceType`` of one row of ec2_instance_types (memoised: a planner restored from the cache directory
        looks up only the types it kept, not all of them)."""
        t = self._built.get(name)
        if t is not None:
            return t
        if self._gens is None:
            self._gens = (self._optional_index("ec2_generations", "family"),
                          self._optional_index("ecs_eni_trunking", "instance_type"))
        gens, trunk = self._gens
        r = self._rows_by_name()[name]
        fam = str(r["family"])
        g = gens.get((fam,))
        if g is not None and g.get("generation") in ("current", "previous"):
            current, category = g["generation"] == "current", str(g.get("category") or "")
            gen_source = f"ec2_generations: {g.get('source', '')} ({g.get('as_of', '')})"
        else:
            current, category = _bool(r.get("current_generation", True)), ""
            gen_source = "ec2_instance_types.current_generation (DescribeInstanceTypes)"
        tr = trunk.get((r["instance_type"],))
        limit = tr.get("task_limit_with_trunking") if tr is not None else None
        plain = tr.get("task_limit_without_trunking") if tr is not None else None
        t = self._built[name] = InstanceType(
            name=r["instance_type"], family=fam, vcpu=int(r["vcpu"]),
            memory_mib=int(r["memory_mib"]), arch=str(r["architecture"]),
            max_enis=int(r["max_enis_default_card"]), ipv4_per_eni=int(r["ipv4_per_eni"]),
            eks_max_pods=int(r["eks_max_pods"]), eks_max_pods_source=str(r.get("eks_max_pods_source", "")),
            spot_supported=_bool(r["spot_supported"]), current_generation=current,
            burstable=_bool(r.get("burstable", False)), bare_metal=_bool(r.get("bare_metal", False)),
            gpu_count=int(float(r.get("gpu_count") or 0)), accelerator=str(r.get("accelerator") or ""),
            hypervisor=str(r.get("hypervisor") or ""), as_of=str(r["as_of"]), source=str(r["source"]),
            ecs_trunking_task_limit=int(limit) if limit else None,
            ecs_task_limit_without_trunking=int(plain) if plain else None, category=category,
            generation_source=gen_source, instance_storage_gb=int(r.get("instance_storage_gb") or 0),
        )
        return t

    def _optional_index(self, table: str, key: str) -> dict:
        """A sizing table's rows by key, or {} when no data directory has the table (older user data)."""
        try:
            return self.prices.table(table).index(key)
        except PriceDataError:
            return {}

    def instance_type(self, name: str) -> InstanceType:
        """Specs of one type, or ``UnknownInstanceTypeError`` with a did-you-mean hint."""
        key = str(name).strip().lower()
        if key in self._rows_by_name():
            return self._one_type(key)
        types = self.types()
        raise UnknownInstanceTypeError(
            f"instance type {name!r} is not in the catalogue (table ec2_instance_types, {len(types):,} types)."
            f"{did_you_mean(key, types)} Use an EC2 type name such as m5.large or m7g.xlarge; if it is a new type, "
            f"run '{TABLES['ec2_instance_types'].refresh_hint.format(region='<region>')}'."
        )

    # ------------------------------------------------------------------------------------ prices
    def _od_index(self, region: str) -> dict:
        """instance type -> ec2_prices row in ``region`` (the region's slice of the table: ``PriceBook.region_table``)."""
        if self._od is None:
            self._od = {}
        idx = self._od.get(region)
        if idx is None:
            idx = self._od[region] = {r["instance_type"]: r for r in self.prices.region_table("ec2_prices", region).rows}
        return idx

    def on_demand(self, name: str, region: str) -> Rate:
        """Linux On-Demand price per instance-hour, or ``PriceDataError`` naming what is missing."""
        itype = self.instance_type(name)
        row = self._od_index(region).get(itype.name)
        if row is None or row["usd_per_hour"] is None:
            have = len(self._od_index(region))
            what = (f"the data has On-Demand prices for {have} other types in {region}" if have
                    else f"the data has no EC2 prices for {region} at all")
            raise PriceDataError(
                f"missing price data: EC2 On-Demand price of {itype.name} in {region} (table ec2_prices); {what}. "
                f"Run '{TABLES['ec2_prices'].refresh_hint.format(region=region)}' (no credentials needed). "
                "No price is borrowed from another region."
            )
        return self.prices.rate_from_row(row, "usd_per_hour", "instance-hours", "ec2_prices")

    def _win_index(self, region: str) -> dict:
        """instance type -> ec2_windows_prices row in ``region`` (empty where no fetch wrote the table: not bundled)."""
        if self._win is None:
            self._win = {}
        idx = self._win.get(region)
        if idx is None:
            written = any((d / "ec2_windows_prices.csv").exists() for d in self.prices._dirs())
            idx = self._win[region] = {r["instance_type"]: r for r in self.prices.region_table(
                "ec2_windows_prices", region).rows} if written else {}
        return idx

    def on_demand_windows(self, name: str, region: str) -> Rate:
        """Windows Server licence-included On-Demand price per instance-hour (table ``ec2_windows_prices``: AmazonEC2
        usage operation RunInstances:0002, shared tenancy), or ``PriceDataError`` naming the command that fills it.
        The bundled snapshot has no Windows price: only 'advisor pricing fetch', 'refresh' or 'import-offer' write
        the table."""
        itype = self.instance_type(name)
        row = self._win_index(region).get(itype.name)
        if row is None or row["usd_per_hour"] is None:
            have = len(self._win_index(region))
            what = (f"the data has Windows prices for {have} other types in {region}" if have
                    else f"the data has no Windows EC2 prices for {region} (the bundled snapshot has none)")
            raise PriceDataError(
                f"missing price data: EC2 Windows (licence-included) On-Demand price of {itype.name} in {region} (table "
                f"ec2_windows_prices); {what}. Run '{TABLES['ec2_windows_prices'].refresh_hint.format(region=region)}'"
                " (no credentials needed). No price is borrowed from another region or from the Linux price."
            )
        return self.prices.rate_from_row(row, "usd_per_hour", "instance-hours", "ec2_windows_prices")

    def _spot_index(self, region: str) -> dict:
        """instance type -> ec2_spot_advisor row in ``region``."""
        if self._spot is None:
            self._spot = {}
        idx = self._spot.get(region)
        if idx is None:
            idx = self._spot[region] = {r["instance_type"]: r
                                        for r in self.prices.region_table("ec2_spot_advisor", region).rows}
        return idx

    def spot(self, name: str, region: str) -> SpotEstimate:
        """Spot price *estimate* = On-Demand x (1 - Spot Advisor savings% / 100), with the interruption bucket."""
        itype = self.instance_type(name)
        if not itype.spot_supported:
            raise PriceDataError(f"{itype.name} is not offered as Spot (ec2_instance_types.spot_supported is false).")
        od = self.on_demand(itype.name, region)
        row = self._spot_index(region).get(itype.name)
        if row is None or row["savings_vs_on_demand_pct"] is None:
            raise PriceDataError(
                f"missing price data: Spot Instance Advisor savings figure for {itype.name} in {region} (table "
                f"ec2_spot_advisor). To price Spot nodes, {TABLES['ec2_spot_advisor'].refresh_hint.format(region=region)}"
                "; or run this service on On-Demand (ec2.spot: false)."
            )
        savings = real_number(row["savings_vs_on_demand_pct"])
        if savings is None or not math.isfinite(savings) or not -MAX_CELL <= savings < 100:
            # (the file's reader allows -1e9..1e9: a saving above 100% priced Spot nodes below nothing)
            raise PriceDataError(
                f"price table ec2_spot_advisor, the row for {itype.name} in {region}: savings_vs_on_demand_pct is "
                f"{row['savings_vs_on_demand_pct']!r}; a Spot saving is a percentage below 100 (a Spot Instance costs "
                f"more than nothing). Correct the row, or {TABLES['ec2_spot_advisor'].how(region)}.")
        usd = od.usd * (1.0 - savings / 100.0)
        rate = Rate(usd, "instance-hours", f"{od.as_of} (On-Demand) / {row['as_of']} (Spot Advisor)",
                    f"estimate: On-Demand x (1 - {savings:g}% Spot Advisor savings); On-Demand: {od.source}; "
                    f"savings: {row['source']}", "ec2_spot_advisor", str(row.get("origin", "bundled")))
        return SpotEstimate(rate, od, savings, str(row["interruption_frequency"]))

    # --------------------------------------------------------------------------------- offerings
    def _offer_index(self, region: str) -> set[str] | None:
        """The types ``ec2_offerings`` lists in ``region``; None when it has no row for the region."""
        if self._offers is None:
            self._offers = {}
        if region not in self._offers:
            names = {r["instance_type"] for r in self.prices.region_table("ec2_offerings", region).rows}
            self._offers[region] = names or None
        return self._offers[region]

    def offered(self, name: str, region: str) -> bool | None:
        """True/False from ``ec2_offerings``; None when the table has no data for the region."""
        offers = self._offer_index(region)
        if offers is None:
            return None
        return name in offers

    # -------------------------------------------------------------------------------- candidates
    def _selection(self, allowed_families, allowed_types) -> tuple[set[str], set[str] | None]:
        """(types named in ``allowed_types``, families of ``allowed_families`` or None); unknown names raise
        ``UnknownInstanceTypeError``."""
        explicit: set[str] = set()
        if allowed_types:
            for t in allowed_types:
                explicit.add(self.instance_type(t).name)
        fams = {f.strip().lower() for f in allowed_families} if allowed_families else None
        if fams:
            known_fams = {r["family"] for r in self._rows_by_name().values()}
            for f in fams:
                if f not in known_fams:
                    raise UnknownInstanceTypeError(
                        f"ec2.allowed_families: {f!r} is not an EC2 instance family.{did_you_mean(f, known_fams)} "
                        "Write families as in the type name before the dot, e.g. m7g, c6i, r7i."
                    )
        return explicit, fams

    def _excluded(self, t: InstanceType, region: str, arch: str | None, explicit: set[str], fams: set[str] | None,
                  include) -> str | None:
        """Why ``candidates`` leaves ``t`` out ("arch", "selection", "category", "price", "offer"), or None when it
        lists it. A type named in ``allowed_types`` without a price raises ``PriceDataError``."""
        if arch is not None and t.arch != arch:
            return "arch"
        if (explicit or fams) and not (t.name in explicit or (fams is not None and t.family in fams)):
            return "selection"
        if t.name not in explicit and any(c not in include for c in t.categories):
            return "category"
        if t.name not in self._od_index(region):
            if t.name in explicit:
                self.on_demand(t.name, region)  # raises the helpful PriceDataError
            return "price"
        if self.offered(t.name, region) is False:
            return "offer"
        return None

    def admits(self, name: str, region: str, *, allowed_families: list[str] | None = None,
               allowed_types: list[str] | None = None, include: list[str] | tuple[str, ...] = ()) -> bool:
        """Whether ``candidates`` with these settings lists the instance type ``name`` (one type, without building
        the others: what a node-type record read from the cache directory is checked with)."""
        explicit, fams = self._selection(allowed_families, allowed_types)
        return self._excluded(self.instance_type(name), region, None, explicit, fams, include) is None

    def candidates(
        self,
        region: str,
        *,
        arch: str | None = None,
        allowed_families: list[str] | None = None,
        allowed_types: list[str] | None = None,
        include: list[str] | tuple[str, ...] = (),
    ) -> tuple[list[InstanceType], list[str]]:
        """Node candidates for a region: priced there, offered there (where known), not excluded.

        Returns (types, notes). ``allowed_types`` named explicitly bypass the default exclusions. Unknown names
        in ``allowed_types`` raise ``UnknownInstanceTypeError``; a listed type without a price in the region
        raises ``PriceDataError``.
        """
        notes: list[str] = []
        explicit, fams = self._selection(allowed_families, allowed_types)
        out = []
        skipped_offer = 0
        for t in self.types().values():
            why = self._excluded(t, region, arch, explicit, fams, include)
            if why is None:
                out.append(t)
            elif why == "offer":
                skipped_offer += 1
        if skipped_offer:
            notes.append(f"{skipped_offer} priced type(s) left out because ec2_offerings says {region} does not offer them.")
        if self.offered("m5.large", region) is None:
            notes.append(f"ec2_offerings has no data for {region}: every priced type is assumed to be offered there.")
        return sorted(out, key=lambda t: t.name), notes
