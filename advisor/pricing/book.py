"""PriceBook: every price the estimators use, with its date and source.

Tables are CSV files with a column contract (``TABLES``). They are read from one or more data
directories in priority order: a user data directory written by ``advisor pricing fetch`` / ``refresh`` /
``import-offer`` first (when present), then the snapshot bundled inside the package. For the same key (e.g.
region + instance type) the row with the newest ``as_of`` wins, and on a tie the first directory, so fetched
rows shadow bundled ones (an imported offer older than the bundled row does not) and every row keeps its own
dates and ``source``.

Two dates per row (docs/pricing-refresh.md, "Dates"):

* ``as_of``: the date the price was last **confirmed**: the day ``advisor pricing fetch``/``refresh`` read it
  from AWS, or the date of the newest dated source that states the same value (for the bundled snapshot), or
  the publication date of an imported offer file. Staleness is counted from this date.
* ``effective_date``: the date AWS made the price effective (the offer's ``EffectiveDate``) where the source
  says; otherwise the earliest dated source showing the value (an upper bound), or blank when unknown.

Nothing here touches the network. A rate the data lacks raises ``PriceDataError`` naming what is missing
and how to get it; no price is ever borrowed from a neighbouring region or guessed.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import os
import re
import stat
import warnings
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from advisor import diskcache
from advisor.errors import PriceDataError, PriceDataWarning, UnknownRegionError, did_you_mean
from advisor.fileio import is_dir
from advisor.pricing.regions import KNOWN_REGIONS, china_region_message, is_commercial
from advisor.units import SMALLEST_NUMBER, num, real_number

BUNDLED_DIR = Path(__file__).resolve().parent.parent / "pricing_data"
ENV_DATA_DIR = "ADVISOR_DATA_DIR"


def user_data_dir() -> Path:
    """Where refreshed prices are written and read: $ADVISOR_DATA_DIR, else $XDG_DATA_HOME/advisor, else ~/.local/share/advisor."""
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "advisor"


def _check_lookable(path: Path, what: str, fix: str) -> None:
    """``PriceDataError`` naming ``what`` when the user data directory ``path`` cannot even be looked at (a name longer
    than the file system allows; a NUL character): 'advisor compare' said 'could not write the output: File name too
    long. Free some space'."""
    from advisor.fileio import path_problem, shown_path

    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except (OSError, ValueError) as exc:  # a folder on the way not readable too: its prices would be skipped silently
        raise PriceDataError(f"the user data directory {shown_path(path)} (from {what}) cannot be looked at: "
                             f"{path_problem(exc)}. {fix}") from None


def check_data_dir_env() -> None:
    """``PriceDataError`` when ``$ADVISOR_DATA_DIR`` names something that is not a folder (a file, a device): the user's
    prices would otherwise be skipped without a word. A folder that does not exist yet is fine (``advisor pricing
    fetch`` creates it; until then the bundled snapshot is read)."""
    raw = os.environ.get(ENV_DATA_DIR)
    if not raw:
        xdg = bool(os.environ.get("XDG_DATA_HOME"))
        _check_lookable(user_data_dir(), "$XDG_DATA_HOME" if xdg else "the home folder",
                        f"Set ${ENV_DATA_DIR} to a folder you can use" + (", or correct $XDG_DATA_HOME." if xdg else "."))
        return
    path = Path(raw).expanduser()
    _check_lookable(path, f"${ENV_DATA_DIR}", f"Point ${ENV_DATA_DIR} at a usable folder, or unset it.")
    if not raw.strip():  # ' ' (not unset, not a folder anyone means): the tables went to a folder named ' '
        raise PriceDataError(f"${ENV_DATA_DIR} is {raw!r}, which is blank. Point it at a folder, or unset it to use "
                             "$XDG_DATA_HOME/advisor or ~/.local/share/advisor.")
    if path.exists() and not path.is_dir():
        raise PriceDataError(
            f"${ENV_DATA_DIR} is {raw!r}, which is not a folder. It must name the user data directory that holds "
            f"price tables such as fargate_rates.csv (it is created by 'advisor pricing fetch' when missing). Point it "
            f"at a folder, or unset it to use $XDG_DATA_HOME/advisor or ~/.local/share/advisor.")


@dataclass(frozen=True)
class Cell:
    """What one text cell of a table may hold (a key cell, or another column with a fixed set of values).

    A value is valid when it is one of ``choices`` or, given a ``pattern``, matches it in full (``describe`` says
    what the pattern means, for messages). ``blank`` allows the empty cell. Whatever the rule, a cell never has
    spaces around it: lookups compare exact strings, so ``'spot '`` or ``'Spot'`` would match nothing and the
    row would be dropped without a word (this is why a row is refused instead).
    """

    choices: tuple[str, ...] = ()
    pattern: str = ""
    describe: str = ""
    blank: bool = False

    def valid(self) -> str:
        """What is valid, for a message."""
        parts = [", ".join(self.choices)] if self.choices else []
        if self.describe:
            parts.append(self.describe)
        text = " or ".join(parts) or "any text without spaces around it"
        return text + (" (or blank)" if self.blank else "")


#: Every region column: an AWS region code (``advisor.pricing.regions.KNOWN_REGIONS``).
REGION_CELL = Cell(choices=tuple(sorted(KNOWN_REGIONS)))
#: An EC2 instance type (``m5.large``, ``u7in-32tb.224xlarge``) and its family (``m5``).
INSTANCE_TYPE_CELL = Cell(pattern=r"[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*",
                          describe="an EC2 instance type in lower case, such as m5.large")
FAMILY_CELL = Cell(pattern=r"[a-z0-9][a-z0-9-]*", describe="an EC2 instance family in lower case, such as m5")
ARCH_CELL = Cell(choices=("x86_64", "arm64"))
#: ``origin``, when a user file has the column: who wrote the row (blank: the directory's origin, ``refreshed``).
ORIGIN_CELL = Cell(choices=("fetched", "refreshed", "imported", "manual"), blank=True)
#: A yes/no column of ec2_instance_types (``spot_supported``, ``bare_metal`` ...): how Python and pandas write a bool.
BOOL_CELL = Cell(choices=("True", "False", "true", "false"))
#: Any other key cell: not blank, no spaces around it.
PLAIN_KEY_CELL = Cell(pattern=r"\S(?:.*\S)?", describe="a value without spaces around it")


@dataclass(frozen=True)
class TableSpec:
    """Column contract of one price table."""

    key: tuple[str, ...]
    columns: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    refresh_hint: str = ""  # the command that fills a missing row; formatted with region=...
    #: columns a file may lack (older user data); read as "" (meaning "any region" for eks_rates.region)
    optional: tuple[str, ...] = ()
    #: numeric columns that may be negative (the Spot Advisor's savings figure is, for a few types)
    signed: tuple[str, ...] = ()
    #: numeric columns that must be above 0 when given (a price AWS charges: 0 would make the capacity free, and the
    #: packer refuses a node type that costs nothing)
    positive: tuple[str, ...] = ()
    #: numeric columns that count things (vCPUs, MiB, ENIs, pods): whole numbers when given
    whole: tuple[str, ...] = ()
    #: numeric columns a row may not leave blank (an instance type's specs: advisor cannot size a node without them)
    required: tuple[str, ...] = ()
    #: (column, bound): numeric columns whose values must lie below ``bound`` (a saving of 100% or more is no price)
    below: tuple[tuple[str, float], ...] = ()
    #: rules for text cells beyond the defaults of ``cell_rules`` (every key column is checked; ``region`` columns
    #: must name an AWS region; ``origin`` one of ``ORIGIN_CELL``): column -> ``Cell``
    cells: tuple[tuple[str, Cell], ...] = ()
    #: rows that are valid but that advisor never uses: (column values that all match, why), for a warning
    unused: tuple[tuple[tuple[tuple[str, str], ...], str], ...] = ()

    def cell_rules(self) -> dict[str, Cell]:
        """The rule of every checked text column: each key column (``PLAIN_KEY_CELL`` unless the table says more),
        ``region`` (``REGION_CELL``, blank allowed where the column is optional), ``origin`` and ``cells``."""
        rules: dict[str, Cell] = {c: PLAIN_KEY_CELL for c in self.key}
        if "region" in self.columns:
            rules["region"] = replace(REGION_CELL, blank="region" in self.optional)
        rules["origin"] = ORIGIN_CELL
        rules.update(dict(self.cells))
        return rules

    def how(self, region: str = "REGION") -> str:
        """How to fill the table, for a message: "run '<command>'" or, where no command fetches it, the hint's prose."""
        hint = self.refresh_hint.format(region=region)
        return f"run '{hint}'" if hint.startswith("advisor ") else hint


FETCH = "advisor pricing fetch --region {region}"

TABLES: dict[str, TableSpec] = {
    "fargate_rates": TableSpec(
        key=("region", "arch", "os", "capacity"),
        columns=(
            "region", "arch", "os", "capacity", "usd_per_vcpu_hour", "usd_per_gb_hour",
            "usd_per_os_license_vcpu_hour", "usd_per_ephemeral_storage_gb_hour", "effective_date", "as_of", "source",
            "ephemeral_storage_as_of",
        ),
        numeric=("usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_os_license_vcpu_hour", "usd_per_ephemeral_storage_gb_hour"),
        refresh_hint=FETCH + " --services AmazonECS",
        # ephemeral_storage_as_of: when the ephemeral-storage rate was confirmed, if not on as_of (AWS prices
        # storage once per region, and the bundle's sources confirm it at other dates than the vCPU/GB rates)
        optional=("effective_date", "ephemeral_storage_as_of"),
        cells=(("arch", ARCH_CELL), ("os", Cell(choices=("linux", "windows"))),
               ("capacity", Cell(choices=("on_demand", "spot")))),
        # AWS Fargate runs Windows containers on x86_64 On-Demand capacity only (Amazon ECS Developer Guide, "Amazon
        # ECS task definitions for Windows on Fargate": no Fargate Spot, no ARM64)
        unused=(
            ((("os", "windows"), ("capacity", "spot")),
             "Fargate Spot runs Linux tasks only (AWS offers no Fargate Spot for Windows), so advisor never prices a "
             "Windows task on Spot and never reads this row"),
            ((("os", "windows"), ("arch", "arm64")),
             "Fargate runs Windows containers on x86_64 only, so advisor never prices a Windows arm64 task and never "
             "reads this row"),
        ),
    ),
    # One row per (region, item). A blank region is a rate AWS publishes for every region of ``region_scope``
    # (the EKS pricing page's single commercial-region price); a fetched row names its region.
    # Items: cluster_hour, extended_support_surcharge, provisioned_control_plane_{xl,2xl,4xl,8xl}.
    "eks_rates": TableSpec(
        key=("region", "item"),
        columns=("region", "item", "usd_per_cluster_hour", "region_scope", "effective_date", "as_of", "source"),
        numeric=("usd_per_cluster_hour",),
        refresh_hint=FETCH + " --services AmazonEKS",
        optional=("region", "effective_date"),
        cells=(("item", Cell(choices=("cluster_hour", "extended_support_surcharge"),
                             pattern=r"provisioned_control_plane_[0-9]*xl",
                             describe="provisioned_control_plane_xl, _2xl, _4xl, _8xl")),
               ("region_scope", Cell(choices=("region", "commercial"), blank=True))),
    ),
    "ec2_prices": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "usd_per_hour", "effective_date", "as_of", "source"),
        numeric=("usd_per_hour",),
        positive=("usd_per_hour",),
        refresh_hint=FETCH + " --services AmazonEC2",
        optional=("effective_date",),
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    # Windows Server licence-included On-Demand prices (AmazonEC2 usage operation RunInstances:0002, shared tenancy,
    # no pre-installed software): the price of an instance launched from the ECS- or EKS-optimized Windows AMI.
    # Written by 'advisor pricing fetch', 'refresh --tables ec2' and 'import-offer'; not bundled (the snapshot's
    # source, the pricing-page feed, is Linux only), so ECS/EKS on EC2 price Windows services only after a fetch.
    "ec2_windows_prices": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "usd_per_hour", "effective_date", "as_of", "source"),
        numeric=("usd_per_hour",),
        positive=("usd_per_hour",),
        refresh_hint=FETCH + " --services AmazonEC2",
        optional=("effective_date",),
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    "ec2_instance_types": TableSpec(
        key=("instance_type",),
        columns=(
            "instance_type", "family", "vcpu", "memory_mib", "architecture", "max_enis_default_card",
            "ipv4_per_eni", "eks_max_pods", "spot_supported", "as_of", "source", "instance_storage_gb",
        ),
        numeric=("vcpu", "memory_mib", "max_enis_default_card", "ipv4_per_eni", "eks_max_pods"),
        # specs of a node: whole numbers above 0 (a blank, 0.5 or 0 cannot size a node; int() would drop the fraction)
        positive=("vcpu", "memory_mib", "max_enis_default_card", "ipv4_per_eni", "eks_max_pods"),
        whole=("vcpu", "memory_mib", "max_enis_default_card", "ipv4_per_eni", "eks_max_pods"),
        required=("vcpu", "memory_mib", "max_enis_default_card", "ipv4_per_eni", "eks_max_pods"),
        refresh_hint="advisor pricing refresh --region {region} --tables ec2",
        # instance_storage_gb: DescribeInstanceTypes InstanceStorageInfo.TotalSizeInGB, 0 for a type without an
        # instance store; optional (files written before it was carried read as 0). A whole number, so not in
        # ``numeric`` (whose cells must be above 0).
        optional=("instance_storage_gb",),
        cells=(("instance_type", INSTANCE_TYPE_CELL), ("family", FAMILY_CELL), ("architecture", ARCH_CELL),
               ("instance_storage_gb", Cell(pattern=r"0|[1-9][0-9]{0,5}", blank=True,
                                            describe="a whole number of GB from 0 to 999999")),
               # DescribeInstanceTypes flags and GPU count, as the bundled and fetched files write them (the last four
               # columns are optional: files without them read as current generation, not burstable, no GPUs)
               ("spot_supported", BOOL_CELL), ("current_generation", BOOL_CELL), ("burstable", BOOL_CELL),
               ("bare_metal", BOOL_CELL),
               ("gpu_count", Cell(pattern=r"0|[1-9][0-9]{0,2}", blank=True,
                                  describe="a whole number of GPUs from 0 to 999"))),
    ),
    "ec2_spot_advisor": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "savings_vs_on_demand_pct", "interruption_range_index",
                 "interruption_frequency", "as_of", "source"),
        numeric=("savings_vs_on_demand_pct", "interruption_range_index"),
        # No advisor command fetches it ('refresh --tables spot' writes ec2_spot_prices, which the estimators do not
        # read): the bundled rows come from the Spot Instance Advisor data (scripts/build_pricing_data.py).
        refresh_hint="add the instance type's row (region {region}, instance_type, savings_vs_on_demand_pct, "
        "interruption_range_index, interruption_frequency, as_of, source) from AWS's Spot Instance Advisor "
        "(https://aws.amazon.com/ec2/spot/instance-advisor/) to ec2_spot_advisor.csv in the user data directory "
        "(ADVISOR_DATA_DIR); no 'advisor pricing' command fetches it",
        signed=("savings_vs_on_demand_pct",),
        # Spot price = On-Demand x (1 - savings / 100): a saving of 100% or more would make the node free or paid for;
        # the Spot Instance Advisor's figures are up to 90%
        below=(("savings_vs_on_demand_pct", 100.0),),
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    "ebs_rates": TableSpec(
        key=("region", "volume_type"),
        columns=("region", "volume_type", "usd_per_gb_month", "effective_date", "as_of", "source"),
        numeric=("usd_per_gb_month",),
        refresh_hint=FETCH + " --services AmazonEC2",
        optional=("effective_date",),
        cells=(("volume_type", Cell(choices=("gp3", "gp2"))),),
    ),
    # Written by 'advisor pricing refresh --tables spot' (EC2 DescribeSpotPriceHistory, Linux/UNIX, averaged
    # per instance type over a window; see docs/pricing-refresh.md). Not bundled: Spot prices float.
    "ec2_spot_prices": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "usd_per_hour", "as_of", "source"),
        numeric=("usd_per_hour",),
        refresh_hint="advisor pricing refresh --region {region} --tables spot",
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    # Load balancer, NAT gateway, CloudWatch Logs/metrics, public IPv4 and Cloud Map unit prices (items: SHARED_ITEMS
    # below and Cloud Map's, every item costing/shared.py's ITEMS prices). Bundled rows come from dated public sources (scripts/build_pricing_data.py);
    # 'advisor pricing fetch' reads them from the AWSELB, AmazonEC2, AmazonVPC and AmazonCloudWatch offers.
    "shared_rates": TableSpec(
        key=("region", "item"),
        columns=("region", "item", "usd", "unit", "effective_date", "as_of", "source"),
        numeric=("usd",),
        refresh_hint=FETCH + " --services AWSELB,AmazonEC2,AmazonVPC,AmazonCloudWatch",
        optional=("effective_date",),
        cells=(("item", Cell(choices=("alb_hour", "alb_lcu_hour", "nat_gateway_hour", "nat_gateway_gb",
                                      "logs_ingested_gb", "logs_stored_gb_month", "cloudwatch_custom_metric_month",
                                      "public_ipv4_hour", "nlb_hour", "nlb_lcu_hour",
                                      # no offer advisor fetches holds these: the rows are added by hand
                                      # (docs/shared-costs-and-commitments.md)
                                      "cloud_map_resource_month", "cloud_map_api_call"))),),
    ),
    "ec2_offerings": TableSpec(
        key=("region", "instance_type"),
        columns=("region", "instance_type", "as_of", "source"),
        refresh_hint="advisor pricing refresh --region {region} --tables ec2",
        optional=("as_of", "source"),
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    # Per-instance management fees charged on top of the EC2 instance price: offering ``ecs_managed_instances``
    # (AmazonECS offer, operation ECSManagedInstancesUsage) and ``eks_auto_mode`` (AmazonEKS offer,
    # eksproducttype AutoMode / operation EKSAutoUsage). usd_per_hour is per instance-hour; usage_type is AWS's.
    "managed_instance_fees": TableSpec(
        key=("region", "offering", "instance_type"),
        columns=("region", "offering", "instance_type", "usd_per_hour", "usage_type", "effective_date", "as_of",
                 "source"),
        numeric=("usd_per_hour",),
        refresh_hint=FETCH + " --services AmazonECS,AmazonEKS",
        optional=("effective_date",),
        cells=(("offering", Cell(choices=("ecs_managed_instances", "eks_auto_mode"))),
               ("instance_type", INSTANCE_TYPE_CELL)),
    ),
    # AWS's own Savings Plans rates per discounted usage type (AWSComputeSavingsPlan files): plan
    # ``compute_savings_plan`` or ``ec2_instance_savings_plan``; term_years 1 or 3; purchase_option no_upfront,
    # partial_upfront or all_upfront; service_code AmazonEC2 (Linux shared-tenancy BoxUsage, operation
    # RunInstances) or AmazonECS (Fargate usage types); usage_type without the region prefix (BoxUsage:m5.large,
    # Fargate-vCPU-Hours:perCPU); usd_per_unit is the effective hourly rate per unit (upfront amortised by AWS).
    "savings_plans_rates": TableSpec(
        key=("region", "plan", "term_years", "purchase_option", "usage_type", "operation"),
        columns=("region", "plan", "term_years", "purchase_option", "service_code", "usage_type", "operation",
                 "instance_type", "instance_family", "usd_per_unit", "unit", "on_demand_sku", "effective_date",
                 "as_of", "source"),
        numeric=("usd_per_unit",),
        refresh_hint=FETCH + " --services AWSComputeSavingsPlan",
        optional=("effective_date",),
        cells=(("plan", Cell(choices=("compute_savings_plan", "ec2_instance_savings_plan"))),
               ("term_years", Cell(choices=("1", "3"))),
               ("purchase_option", Cell(choices=("no_upfront", "partial_upfront", "all_upfront"))),
               ("service_code", Cell(choices=("AmazonEC2", "AmazonECS"))),
               # blank for Fargate usage types (docs/pricing-refresh.md, "Tables written")
               ("operation", replace(PLAIN_KEY_CELL, blank=True))),
    ),
    # Sizing data built by scripts/build_sizing_data.py: AWS's current/previous generation list per family (EC2
    # Instance Types guide) and the ECS awsvpc ENI-trunking task limits per type (ECS Developer Guide).
    "ec2_generations": TableSpec(
        key=("family",),
        columns=("family", "generation", "category", "as_of", "source"),
        refresh_hint="edit GUIDE_CURRENT / GUIDE_PREVIOUS in scripts/build_sizing_data.py from the EC2 Instance Types "
        "guide and rebuild",
        cells=(("family", FAMILY_CELL), ("generation", Cell(choices=("current", "previous")))),
    ),
    "ecs_eni_trunking": TableSpec(
        key=("instance_type",),
        columns=("instance_type", "task_limit_without_trunking", "task_limit_with_trunking", "as_of", "source"),
        numeric=("task_limit_without_trunking", "task_limit_with_trunking"),
        whole=("task_limit_without_trunking", "task_limit_with_trunking"),
        refresh_hint="add the type's row from the ECS Developer Guide page 'Supported instances for increased Amazon ECS "
        "container network interfaces' (eni-trunking-supported-instance-types.html) to ecs_eni_trunking.csv in the "
        "user data directory (ADVISOR_DATA_DIR; docs/ec2.md, 'ENI trunking table'), or rebuild with "
        "scripts/build_sizing_data.py",
        cells=(("instance_type", INSTANCE_TYPE_CELL),),
    ),
    # Lifecycle data built by scripts/build_lifecycle_data.py: the Amazon EKS Kubernetes release calendar (EKS User
    # Guide, "Understand the Kubernetes version lifecycle on EKS"), dates UTC+0. A cluster whose version is past
    # end_of_standard_support pays the extended-support surcharge (compare/declared.py reads it).
    "eks_versions": TableSpec(
        key=("version",),
        columns=("version", "release_date", "end_of_standard_support", "end_of_extended_support", "as_of", "source"),
        refresh_hint="add the version's row from the EKS User Guide's 'Amazon EKS Kubernetes release calendar' to "
        "eks_versions.csv in the user data directory (ADVISOR_DATA_DIR), or to "
        "scripts/data/eks_kubernetes_versions_source.csv and rebuild with scripts/build_lifecycle_data.py",
        cells=(("version", Cell(pattern=r"[0-9]+\.[0-9]+", describe="a Kubernetes minor version such as 1.31")),),
    ),
}

#: The Price List service (offer) each fetched shared_rates item comes from (``advisor pricing fetch --services``),
#: so a missing rate names the offer that holds it, not all of them (the AmazonEC2 offer alone is hundreds of MB per
#: region). Cloud Map items are in no offer advisor reads: their rows are added by hand.
SHARED_ITEM_SERVICE: dict[str, str] = {
    "alb_hour": "AWSELB", "alb_lcu_hour": "AWSELB", "nlb_hour": "AWSELB", "nlb_lcu_hour": "AWSELB",
    "nat_gateway_hour": "AmazonEC2", "nat_gateway_gb": "AmazonEC2", "public_ipv4_hour": "AmazonVPC",
    "logs_ingested_gb": "AmazonCloudWatch", "logs_stored_gb_month": "AmazonCloudWatch",
    "cloudwatch_custom_metric_month": "AmazonCloudWatch",
}

#: shared_rates items and what each prices (costing/shared.py uses them all, and the Cloud Map items of its ITEMS).
SHARED_ITEMS: dict[str, str] = {
    "alb_hour": "Application Load Balancer hour",
    "alb_lcu_hour": "Application Load Balancer LCU-hour",
    "nat_gateway_hour": "NAT gateway hour",
    "nat_gateway_gb": "NAT gateway data processed per GB",
    "logs_ingested_gb": "CloudWatch Logs ingestion (Standard) per GB",
    "logs_stored_gb_month": "CloudWatch Logs storage per GB-month",
    "cloudwatch_custom_metric_month": "CloudWatch custom metric per month (first paid tier)",
    "public_ipv4_hour": "public IPv4 address per hour (in use)",
    "nlb_hour": "Network Load Balancer hour",
    "nlb_lcu_hour": "Network Load Balancer NLCU-hour",
}


#: shared_rates items in no offer advisor reads (Cloud Map is its own price list service, AWSCloudMap, which
#: 'advisor pricing fetch' does not download): their rows are added by hand, with the AWS Cloud Map pricing page as
#: source (https://aws.amazon.com/cloud-map/pricing/; docs/shared-costs-and-commitments.md, "Bundled rates").
HAND_ADDED_SHARED: dict[str, str] = {
    "cloud_map_resource_month": "Cloud Map registered resource per month",
    "cloud_map_api_call": "Cloud Map DiscoverInstances API call",
}


def hand_added_shared_hint(items: list[str]) -> str:
    """How to add shared_rates rows no command fetches (``HAND_ADDED_SHARED``), for every message that meets one
    missing: the compare error (costing/shared.py) and ``advisor pricing show --region R``."""
    one = len(items) == 1
    return (f"add {'a row' if one else 'rows'} for {', '.join(items)} to shared_rates.csv in the user data directory "
            "($ADVISOR_DATA_DIR, else ~/.local/share/advisor) with the rate from its AWS pricing page, as "
            f"docs/shared-costs-and-commitments.md shows (no command fetches {'it' if one else 'them'})")


def fargate_spot_hint(region: str, arch: str | list[str] = "x86_64") -> str:
    """How to add a missing Fargate Spot rate, for every message that meets one.

    Fargate Spot prices are not in AWS's price list offer files (AmazonECS lists the On-Demand Fargate usage
    types; research note 14, "Fargate Spot is not read from the offer"), so ``advisor pricing fetch`` cannot fill
    them: the user adds a dated, sourced row to ``fargate_rates.csv`` in the user data directory
    (docs/pricing-refresh.md, "Adding a Fargate Spot rate"). ``arch`` is one architecture or the list of those
    missing: several need a row each, and the text says so (``pricing show`` named only the first of two).
    """
    arches = [arch] if isinstance(arch, str) else list(arch) or ["x86_64"]
    rows = (f"a row in fargate_rates.csv in the user data directory ({user_data_dir()}; $ADVISOR_DATA_DIR) with "
            f"region {region}, arch {arches[0]}" if len(arches) == 1 else
            f"one row per architecture ({', '.join(arches)}) in fargate_rates.csv in the user data directory "
            f"({user_data_dir()}; $ADVISOR_DATA_DIR), each with region {region}, its arch")
    return (f"Fargate Spot prices are not in AWS's price list files, so 'advisor pricing fetch' cannot fill them. "
            f"Add the rate yourself: {rows}, os linux, capacity spot, usd_per_vcpu_hour, "
            "usd_per_gb_hour, as_of (the date you read the price, YYYY-MM-DD) and source (where you read it, e.g. the "
            "AWS Fargate pricing page's URL); docs/pricing-refresh.md, 'Adding a Fargate Spot rate'.")


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


#: The largest magnitude a numeric cell may hold. No AWS price, size or limit comes near it (the largest in the
#: bundled tables is 33,554,432 MiB, u7in-32tb.224xlarge's memory); a cell such as 1e308 would overflow the sums
#: and integer conversions that sizing and pricing do.
MAX_CELL = 1e9


def _number(text: str | None, signed: bool = False, positive: bool = False, whole: bool = False,
            required: bool = False, below: float | None = None) -> float | None:
    """A numeric cell: float, or None when blank. Raises ValueError for text (ASCII digits only: Python would read
    '０.０５'), NaN, infinities, magnitudes above ``MAX_CELL``, (unless ``signed``) negatives, (``positive``) 0,
    (``whole``) a fraction, (``required``) a blank and a value not below ``below``. "-0" is read as 0."""
    if not text or (text.isspace() if isinstance(text, str) else False):
        if required:
            raise ValueError("is blank; write a whole number above 0 (the instance type's specification, as EC2 "
                             "DescribeInstanceTypes gives it)")
        return None
    try:
        if "_" in text or not text.isascii():  # Python reads 1_000 and other scripts' digits; a CSV reader would not
            raise ValueError
        value = float(text) + 0.0  # + 0.0: "-0" is 0, not -0.0 (shown as "$-0")
    except ValueError:
        raise ValueError(f"{text!r} is not a number (write it in decimal, e.g. 0.096)") from None
    if not (math.isfinite(value) and abs(value) <= MAX_CELL and (value >= 0 or signed)):
        raise ValueError(f"{text!r} is not a finite number {'from -1e9 to 1e9' if signed else 'from 0 to 1e9'}")
    if value and abs(value) < SMALLEST_NUMBER:  # '1e-320' was read as a price and shown as 9.99989e-321
        raise ValueError(f"{text!r} is {num(value)}, nearer 0 than any price or figure of AWS's (a trillionth of its "
                         "unit); write the value in the column's unit, or 0 where 0 is meant")
    if positive and value <= 0:
        if whole:
            raise ValueError(f"{text!r} is not a whole number above 0 (a count: vCPUs, MiB, ENIs, pods or tasks)")
        raise ValueError(f"{text!r} is not a price above 0 (AWS charges for it; a row for something it does not "
                         "offer is left out, not written as 0)")
    if whole and not value.is_integer():
        raise ValueError(f"{text!r} is not a whole number (a count: vCPUs, MiB, ENIs, pods or tasks)")
    if below is not None and not value < below:
        raise ValueError(f"{text!r} is not below {below:g} (a saving of {below:g}% or more would make the price 0 or "
                         "less; the Spot Instance Advisor's figures are up to 90)")
    return value


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def cell_problem(rule: Cell, value: str) -> str | None:
    """Why a text cell breaks its ``Cell`` rule (a phrase that follows the quoted value: "is not one of ...; did you
    mean 'spot'?"), or None when it is valid. One rule for every table: ``_read_table`` (user and bundled files)
    and ``store.validate_rows`` (rows about to be written) both use it."""
    if value in rule.choices or (value == "" and rule.blank):
        return None
    if rule.pattern and value and not value[0].isspace() and not value[-1].isspace() \
            and _compiled(rule.pattern).fullmatch(value):
        return None
    if value == "":
        return f"is blank; write {rule.valid()}"
    stripped = value.strip()
    if stripped != value and cell_problem(rule, stripped) is None:
        return f"has spaces around it (values are compared exactly); write {stripped!r}"
    near = [c for c in rule.choices if c.lower() == stripped.lower().replace("-", "_")
            or c.lower() == stripped.lower()]
    if not near and rule.choices:  # 'fargate_spot' for 'spot', 'Spot-Instance' ...
        near = [c for c in rule.choices if len(c) > 2 and c.lower() in stripped.lower()][:1]
    if near:
        hint = f" Did you mean {near[0]!r}? Values are case-sensitive."
    elif rule.choices:
        hint = did_you_mean(stripped, rule.choices)
    else:
        lower = stripped.lower()
        hint = f" Did you mean {lower!r}?" if lower != stripped and cell_problem(rule, lower) is None else ""
    if rule is REGION_CELL or rule.choices == REGION_CELL.choices:
        return (f"is not an AWS region.{hint} Write a region code such as us-east-1 or eu-west-1"
                + (", or leave it blank" if rule.blank else "") + " ('advisor pricing show' lists the regions with "
                "bundled prices)")
    return f"is not valid.{hint} Valid: {rule.valid()}"


def unused_reason(spec: TableSpec, row: dict) -> str | None:
    """Why advisor never uses this (valid) row, or None: the first of ``spec.unused`` whose values all match."""
    for match, why in spec.unused:
        if all(row.get(c) == v for c, v in match):
            return why
    return None


def _date_problem(text: str, latest: str) -> str | None:
    """Why a date cell is unusable (not YYYY-MM-DD, not a calendar date, or after ``latest``), or None."""
    if not _DATE_RE.fullmatch(text):
        return "is not a YYYY-MM-DD date"
    try:
        date.fromisoformat(text)
    except ValueError:
        return "is not a calendar date"
    if text > latest:
        return f"is in the future (after {latest})"
    return None


ENV_CACHE_DIR = diskcache.ENV_CACHE_DIR
cache_dir = diskcache.cache_dir  # where parsed tables (and other computed results) are remembered


def _file_identities(paths: list[tuple[Path, str]]) -> tuple | None:
    """(path, size, mtime, ctime, inode, origin) per file, or None when one cannot be read. ctime and inode too: a
    copy that keeps size and modification time (cp -p, rsync -t, touch -d) still changes the inode's change time,
    which no tool can set back."""
    try:
        out = []
        folders: dict[Path, str] = {}  # each folder resolved once (a file that is a link is resolved itself)
        for path, origin in paths:
            path = Path(path)
            if stat.S_ISLNK(os.lstat(path).st_mode):
                real = os.path.realpath(path)
            else:
                if path.parent not in folders:
                    folders[path.parent] = os.path.realpath(path.parent)
                real = os.path.join(folders[path.parent], path.name)
            st = path.stat()
            out.append((real, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, origin))
        return tuple(out)
    except OSError:
        return None


def _contract(spec: TableSpec) -> tuple:
    """What a cached parse depends on besides the files: the columns, numeric columns, key and cell rules."""
    return (spec.columns, spec.numeric, spec.key, spec.signed, spec.positive, spec.whole, spec.required, spec.below,
            repr(sorted(spec.cell_rules().items())))


def _keeps_contract(rows, spec: TableSpec, region: str | None = None, files: tuple = ()) -> bool:
    """Whether ``rows`` (read back from the cache directory) are rows ``_read_table`` and the merge could have
    returned for a table with this contract: a list of dicts holding every column and ``origin``; numeric columns
    ``None`` or finite floats (>= 0 unless signed, at most ``MAX_CELL``); every other cell a string; dates real
    calendar dates no later than tomorrow (``as_of`` always, the other date columns when not blank); each key once
    (the merge keeps one row per key); and, given ``region``, every row of that region. Anything else is computed
    again. Prices that are valid but not the files' cannot be told apart: the cache directory is trusted that far.

    ``files`` are the identities the entry was keyed by (``_file_identities``): a CSV row takes at least one byte per
    column, so no more rows than the files' bytes allow are read (a padded entry would be slow on every run)."""
    if type(rows) is not list:
        return False
    if files and len(rows) > sum(f[1] for f in files) // len(spec.columns):
        return False
    if not set(map(type, rows)) <= {dict}:
        return False
    if not rows:
        return True  # a region without rows in the table
    # column by column, each check a C-level pass over one column (map, itemgetter, min, max, set; no generator
    # expression, which runs Python code per cell): the 8 tables compare reads, 4,800 rows, in about 15 ms, not 20 ms
    rules = spec.cell_rules()
    rules["origin"] = replace(ORIGIN_CELL, choices=ORIGIN_CELL.choices + ("bundled",))  # the reader sets it for bundled rows
    required = frozenset(spec.columns) | {"origin"}
    layouts = set(map(tuple, rows))  # each distinct key order once
    if not all(required <= frozenset(layout) for layout in layouts):
        return False
    columns: dict[str, list] = {}
    for column in dict.fromkeys(c for layout in layouts for c in layout):
        columns[column] = (list(map(itemgetter(column), rows)) if column in required
                           else [row[column] for row in rows if column in row])
    numeric, signed = frozenset(spec.numeric), frozenset(spec.signed)
    try:
        for column, values in columns.items():
            if column in numeric:
                lo = -MAX_CELL if column in signed else 0.0
                numbers = [v for v in values if v is not None]
                if column in spec.required and len(numbers) != len(values):
                    return False
                if not numbers:
                    continue
                # a bool, an int or a string fails the type; NaN fails (min and max would skip it)
                if set(map(type, numbers)) != {float} or any(map(math.isnan, numbers)):
                    return False
                least, most = min(numbers), max(numbers)
                if not lo <= least or not most <= MAX_CELL:
                    return False
                if column in spec.positive and not least > 0:
                    return False
                # as _number refuses it in a file (filter and map: C-level passes, no Python code per cell)
                if min(filter(None, map(abs, numbers)), default=SMALLEST_NUMBER) < SMALLEST_NUMBER:
                    return False
                if column in spec.whole and not all(map(float.is_integer, numbers)):
                    return False
                if column in dict(spec.below) and not most < dict(spec.below)[column]:
                    return False
                continue
            texts = set(values)  # an unhashable cell (a list) raises TypeError: not the contract
            if not set(map(type, texts)) <= {str}:
                return False
            rule = rules.get(column)
            if rule is None:
                continue
            unchecked = texts - set(rule.choices)
            if rule.pattern:  # what cell_problem passes on its pattern, in one pass: the rest it is asked about
                fullmatch = _compiled(rule.pattern).fullmatch
                unchecked = [v for v in unchecked if not (v and v.strip() == v and fullmatch(v))]
            if any(cell_problem(rule, v) for v in unchecked):
                return False
    except TypeError:
        return False
    key_columns = [columns[c] for c in spec.key]
    if len(set(zip(*key_columns))) != len(rows):  # each key once (the merge keeps one row per key)
        return False
    if region is not None and set(columns["region"]) - {region}:
        return False
    dates = set(columns["as_of"])
    for column in ("effective_date", "ephemeral_storage_as_of"):
        dates.update(d for d in columns.get(column, ()) if d)
    latest = (date.today() + timedelta(days=1)).isoformat()
    return not any(_date_problem(d, latest) for d in dates)


def _merged_rows(paths: list[tuple[Path, str]], spec: TableSpec) -> list[dict]:
    """The rows of one table from its files (``(path, origin)``, freshest directory first), merged: per key the newest
    ``as_of`` wins; on a tie, the earlier directory (user data); original order kept.

    Remembered in the cache directory (``advisor.diskcache``, kind ``tables``) as ``marshal`` data keyed by every
    file's path, size, modification and change times and inode (and advisor's version and the table's contract),
    so a second run neither parses the CSV files nor merges them again. Rows read back must keep the table's
    contract (``_keeps_contract``); any problem reading, checking or writing the cache falls back to parsing."""
    from advisor import __version__

    ident = _file_identities(paths)
    key = diskcache.key_of("merged", ident, __version__, *_contract(spec)) if ident else None
    if key is not None:
        rows = diskcache.load("tables", key)
        # an empty merge is read again: cheap (the files hold no rows), and an empty entry cannot hide a table
        if rows and _keeps_contract(rows, spec, files=ident):
            return rows
    found: list[dict] = []
    for path, origin in paths:
        found += _read_table(path, spec, origin)
    best: dict[tuple, int] = {}
    for i, row in enumerate(found):
        k = tuple(row.get(c, "") for c in spec.key)
        j = best.get(k)
        if j is None or str(row.get("as_of", "")) > str(found[j].get("as_of", "")):
            best[k] = i
    rows = [found[i] for i in sorted(best.values())]
    if key is not None and rows:  # an empty table is cheap to read and is not remembered (see above)
        diskcache.store("tables", key, rows)
    return rows


#: The largest price table file advisor reads (the bundled EC2 price table is about 2 MB; every region's fetched
#: tables together stay far below this).
MAX_TABLE_BYTES = 256 * 1024 * 1024


def _check_table_file(path: Path, redo: str) -> None:
    """A price table must be a regular file of at most ``MAX_TABLE_BYTES``: a named pipe would block the read for
    ever and a device (``/dev/zero``) never ends. Raises ``PriceDataError`` naming the file and the fix."""
    try:
        st = path.stat()
    except OSError as exc:
        raise PriceDataError(f"price table {path} cannot be read ({exc.strerror or exc}). To fix it, {redo}.") from None
    if not stat.S_ISREG(st.st_mode):
        raise PriceDataError(f"price table {path} is not a regular file (a pipe, device or folder); advisor reads "
                             f"price tables from files only. To fix it, {redo}.")
    if st.st_size > MAX_TABLE_BYTES:
        raise PriceDataError(f"price table {path} is {st.st_size / 2**20:,.0f} MiB, more than the "
                             f"{MAX_TABLE_BYTES // 2**20} MiB a price table may be. To fix it, {redo}.")


#: shared_rates unit per item (the same words as the bundled table): what ``advisor pricing fetch`` writes for the items
#: of AWS's offer files (``advisor.pricing.offers``). Here, with the table's contract, so that reading prices does
#: not load the offer-file parser.
SHARED_UNITS = {
    "alb_hour": "LoadBalancer-hours", "alb_lcu_hour": "LCU-hours", "nlb_hour": "LoadBalancer-hours",
    "nlb_lcu_hour": "NLCU-hours", "nat_gateway_hour": "NAT gateway-hours", "nat_gateway_gb": "GB processed",
    "logs_ingested_gb": "GB ingested", "logs_stored_gb_month": "GB-months",
    "cloudwatch_custom_metric_month": "metric-months", "public_ipv4_hour": "IP-hours",
}
#: The unit of each shared-cost item (``shared_rates``): what ``advisor pricing fetch`` writes (``SHARED_UNITS``)
#: and, for Cloud Map (no fetch), what docs/shared-costs-and-commitments.md tells users to write. A row per another
#: unit is refused: its price would be multiplied by the wrong quantity.
SHARED_RATE_UNITS = {**SHARED_UNITS, "cloud_map_resource_month": "resource-months", "cloud_map_api_call": "API calls"}


def _read_table(path: Path, spec: TableSpec, origin: str) -> list[dict]:
    """Rows of one CSV file, checked against the table's column contract.

    Every row must have exactly the header's cells; numeric cells must be blank or finite numbers >= 0, ``source``
    not blank (where the table requires the column), and ``as_of``/``effective_date`` real dates no later than tomorrow (a date such as 9999-12-31 would otherwise
    outrank every later price for good). Anything else raises ``PriceDataError`` naming the file, line and column
    and how to fix it (correct the row, or delete the file and fetch again: a fetch merges into the file, so it
    does not mend a damaged row by itself).
    """
    latest = (date.today() + timedelta(days=1)).isoformat()
    redo = f"delete {path} (advisor then reads the bundled snapshot for {path.stem}) and {spec.how()}"
    fix = f"Correct that row, or {redo}."
    _check_table_file(path, redo)
    keys: dict[tuple, int] = {}
    try:
        # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name
        with path.open(newline="", encoding="utf-8-sig") as fh:
            # csv.reader, with each row's dict built here: csv.DictReader does the same per row, more slowly
            reader = csv.reader(fh)
            header = next(reader, None) or []
            width = len(header)
            missing = [c for c in spec.columns if c not in header and c not in spec.optional]
            if missing:
                raise PriceDataError(
                    f"price table {path} lacks the columns {', '.join(missing)} (required: {', '.join(spec.columns)}). "
                    f"To fix it, {redo}."
                )
            fill = {c: "" for c in spec.optional if c not in header}
            rules = [(c, rule) for c, rule in spec.cell_rules().items() if c in header]
            numeric = [c for c in spec.numeric if c in header]
            bounds = dict(spec.below)
            dates = [c for c in ("as_of", "effective_date", "ephemeral_storage_as_of") if c in header]
            check_source = "source" in header and "source" not in spec.optional
            # shared costs: the unit each item is priced per (a row per million calls would be read per call)
            units = SHARED_RATE_UNITS if path.stem == "shared_rates" and {"item", "unit"} <= set(header) else None
            seen_dates: dict[str, str | None] = {}
            known = {c: set(rule.choices) for c, rule in rules}  # per column, the texts found valid (checked once)
            rows = []
            for cells in reader:
                if not cells:
                    continue  # a blank line, as csv.DictReader skips it
                n = reader.line_num
                if len(cells) > width:  # more cells than the header
                    raise PriceDataError(
                        f"price table {path}, line {n}: {len(cells)} cells, but the header has "
                        f"{width}; the extra cells come after the last column, {header[-1]}. {fix}")
                if len(cells) < width:  # fewer cells than the header
                    short = header[len(cells):]
                    raise PriceDataError(
                        f"price table {path}, line {n}: {len(cells)} cells, but the header has "
                        f"{width}; column {short[0]} and after ({len(short)} columns) are missing. {fix}")
                row = dict(zip(header, cells))
                for c, rule in rules:
                    value = row[c]
                    if value in known[c]:
                        continue
                    problem = cell_problem(rule, value)
                    if problem:
                        raise PriceDataError(f"price table {path}, line {n}, column {c}: {value!r} {problem}. {fix}")
                    known[c].add(value)
                k = tuple(row[c] for c in spec.key)
                if k in keys:
                    raise PriceDataError(
                        f"price table {path}, line {n}: the same key as line {keys[k]} "
                        f"({', '.join(f'{c} {v!r}' for c, v in zip(spec.key, k))}); a table holds one row per key, "
                        f"so one of them would be ignored. Delete one, or {redo}.")
                keys[k] = n
                for c in numeric:
                    try:
                        row[c] = _number(row[c], c in spec.signed, c in spec.positive, c in spec.whole,
                                         c in spec.required, bounds.get(c))
                    except ValueError as exc:
                        raise PriceDataError(f"price table {path}, line {n}, column {c}: {exc}. {fix}") from None
                if check_source and not row["source"].strip():
                    raise PriceDataError(f"price table {path}, line {n}, column source: blank; every price names where "
                                         "it comes from (the AWS price list file or page it was read from, e.g. "
                                         f"https://aws.amazon.com/fargate/pricing/). {fix}")
                for c in dates:
                    value = row[c]
                    if value == "" and c != "as_of":
                        continue
                    if value not in seen_dates:
                        seen_dates[value] = _date_problem(value, latest)
                    if seen_dates[value]:
                        raise PriceDataError(f"price table {path}, line {n}, column {c}: {value!r} "
                                             f"{seen_dates[value]}. {fix}")
                want = units.get(row.get("item", "")) if units else None
                if want is not None and row["unit"].strip() != want:
                    raise PriceDataError(
                        f"price table {path}, line {n}, column unit: {row['unit']!r}; {row['item']} is priced per one "
                        f"of {want!r}, the unit advisor multiplies it by, so write {want!r} and the price of one "
                        "(AWS's '$1.00 per million API calls' is 0.000001 per API call). "
                        f"{fix}")
                if fill:
                    row.update(fill)
                if not row.get("origin"):
                    row["origin"] = origin
                rows.append(row)
    except UnicodeDecodeError:  # Python's words ("can't decode byte 0xff in position 0", of a chunk) say less
        raise PriceDataError(f"price table {path} is not UTF-8 text (a binary file, or saved in another encoding); a "
                             f"price table is a CSV file in UTF-8, as advisor writes it. To fix it, {redo}.") from None
    except (csv.Error, OSError) as exc:
        raise PriceDataError(f"price table {path} cannot be read ({exc}). To fix it, {redo}.") from None
    return rows


@dataclass(frozen=True)
class Rate:
    """One price with its provenance.

    ``as_of`` is the date the price was last confirmed (staleness counts from it; line items copy it), and
    ``effective_date`` the date AWS made it effective ("" when the source does not say). ``confirmed`` is the
    same date as ``as_of`` under its plain name.
    """

    usd: float
    unit: str
    as_of: str
    source: str
    table: str
    origin: str = "bundled"
    effective_date: str = ""

    @property
    def confirmed(self) -> str:
        """The date the price was last confirmed (= ``as_of``)."""
        return self.as_of


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


def _price_dirs(value: object) -> list[Path]:
    """``PriceBook(data_dirs=...)`` as a list of existing folders: one path (a string or ``Path``) or a list of them,
    ``~`` expanded. ``PriceDataError`` for anything else, naming the argument: a list of strings failed inside with
    "unsupported operand type(s) for /: 'str' and 'str'", and an empty list priced nothing (every platform 'no price
    data') without a word."""
    from collections.abc import Iterable

    from advisor.fileio import path_problem, shown_path

    what = "PriceBook(data_dirs=...)"
    how = ("give a list of folders holding price tables (such as [advisor.pricing.book.BUNDLED_DIR], the prices "
           "advisor ships, or ['my-prices', BUNDLED_DIR]), or use PriceBook.default()")
    if isinstance(value, (str, os.PathLike)):
        value = [value]
    if isinstance(value, (bytes, dict)) or not isinstance(value, Iterable):
        raise PriceDataError(f"{what}: {how}; got {type(value).__name__} {str(value)[:60]!r}.")
    dirs = list(value)
    if not dirs:
        raise PriceDataError(f"{what}: the list is empty; {how}.")
    out = []
    for d in dirs:
        if not isinstance(d, (str, os.PathLike)) or isinstance(os.fspath(d), bytes):
            raise PriceDataError(f"{what}: {d!r} ({type(d).__name__}) is not a path; {how}.")
        path = Path(d).expanduser()
        try:
            is_dir = path.is_dir() if os.stat(path) else False
        except FileNotFoundError:
            raise PriceDataError(f"{what}: the folder {shown_path(path)} does not exist; {how}.") from None
        except (OSError, ValueError) as exc:
            raise PriceDataError(f"{what}: {shown_path(path)} cannot be read: {path_problem(exc)}.") from None
        if not is_dir:
            raise PriceDataError(f"{what}: {shown_path(path)} is not a folder; {how}.")
        if not any(os.path.lexists(path / f"{name}.csv") for name in TABLES):  # a typo'd folder priced nothing
            raise PriceDataError(f"{what}: the folder {shown_path(path)} holds no price table (fargate_rates.csv, "
                                 f"ec2_prices.csv, ...); {how}.")
        out.append(path)
    return out


def _user_tables(udir: Path) -> list[str]:
    """The price tables the user data directory holds (a file, folder or link named ``<table>.csv``; a folder or
    broken link is refused when read). Any other ``*.csv`` there is no table advisor reads: a ``PriceDataWarning``
    names it (with the table it was likely meant to be), since its rows would otherwise be ignored without a word;
    a folder holding only such files is not read at all (it made every command fail with a message about
    ``PriceBook(data_dirs=...)``, the Python API's argument, not the folder the user set)."""
    try:
        stray = sorted(p.name for p in udir.glob("*.csv") if p.stem not in TABLES)
    except OSError:
        stray = []
    for name in stray:
        # a close name only (a typo, a missing s): difflib's default cutoff offered eks_rates.csv for notes.csv
        near = difflib.get_close_matches(name, [f"{t}.csv" for t in TABLES], n=1, cutoff=0.85)
        hint = f" Did you mean {near[0]!r}?" if near else ""
        warnings.warn(PriceDataWarning(
            f"the user data directory {udir} holds {name}, which is not a price table advisor reads, so its rows are "
            f"not used.{hint} Price tables are named {', '.join(f'{t}.csv' for t in TABLES)}; rename the file to "
            "one of these or move it out of the folder."), stacklevel=3)
    return [t for t in TABLES if os.path.lexists(udir / f"{t}.csv")]


@dataclass
class PriceBook:
    """Read access to the price tables, with provenance. Build one with ``PriceBook.default()``."""

    data_dirs: list[Path] = field(default_factory=lambda: [BUNDLED_DIR])
    _cache: dict = field(default_factory=dict, repr=False)
    _dirs_read: tuple = field(default=(), repr=False, compare=False)  # the checked data_dirs the cache was read from

    def __post_init__(self) -> None:
        self.data_dirs = _price_dirs(self.data_dirs)
        self._dirs_read = tuple(self.data_dirs)

    def _dirs(self) -> list[Path]:
        """``data_dirs``, checked again (``_price_dirs``) when it was changed after the book was made
        (``book.data_dirs = ["my-prices"]``, or the list edited in place), and then the tables read from the old
        folders (and the planners built on them) forgotten: a list of strings failed inside with "unsupported operand
        type(s) for /: 'str' and 'str'", and tables read before the change were still used."""
        dirs, read = self.data_dirs, self._dirs_read
        if type(dirs) is list and len(dirs) == len(read) and all(a is b for a, b in zip(dirs, read)):
            return dirs
        self.data_dirs = _price_dirs(dirs)
        self._dirs_read = tuple(self.data_dirs)
        self._cache.clear()
        return self.data_dirs

    @classmethod
    def default(cls) -> PriceBook:
        """User data directory (when it holds tables) first, then the bundled snapshot.

        Every table the user directory holds is read (and checked) here, so a damaged user file raises
        ``PriceDataError`` naming its file, line and column at once, for every command and region, instead of
        showing up later as a platform that cannot be priced.
        """
        check_data_dir_env()
        dirs = []
        udir = user_data_dir()
        if is_dir(udir) and _user_tables(udir):
            dirs.append(udir)
        dirs.append(BUNDLED_DIR)
        book = cls(data_dirs=dirs)
        if len(dirs) > 1:
            for name in TABLES:
                path = udir / f"{name}.csv"
                # not is_file(): a folder, named pipe or broken link named like a table is refused here too, as
                # table() refuses it (it was skipped, and each platform needing the table shown "no price data", exit 0)
                if path.exists() or path.is_symlink():
                    book.table(name)
        return book

    def origin_of(self, directory: Path) -> str:
        """``bundled`` for the package's snapshot, else ``refreshed`` (a row may name its own origin). Remembered per
        directory with the tables read from it (resolving both paths each time took 4 ms of a compare)."""
        key = ("_origin", directory)
        origin = self._cache.get(key)
        if origin is None:
            origin = self._cache[key] = "bundled" if directory.resolve() == BUNDLED_DIR.resolve() else "refreshed"
        return origin

    # ---------------------------------------------------------------------------------------- tables
    def table(self, name: str) -> Table:
        """A whole table with an ``origin`` column (bundled / refreshed). Fresher directories win per key.

        Read with the ``csv`` module (no pandas on the compare path): numeric columns become ``float`` (``None``
        when blank or not a number), every other column stays a string.
        """
        dirs = self._dirs()  # first: a change of data_dirs forgets the tables read before it
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        spec = TABLES[name]
        paths = [(d / f"{name}.csv", self.origin_of(d)) for d in dirs]
        paths = [(p, o) for p, o in paths if p.exists() or p.is_symlink()]
        if not paths:
            raise PriceDataError(
                f"no price table '{name}' in {', '.join(str(d) for d in self._dirs())}. Reinstall advisor, or "
                f"{spec.how()} (the user data directory)."
            )
        table = Table(name, _merged_rows(paths, spec))
        self._cache[name] = table
        if spec.unused:
            self._warn_unused(spec, table, [p for p, origin in paths if origin != "bundled"])
        return table

    @staticmethod
    def _warn_unused(spec: TableSpec, table: Table, user_paths: list[Path]) -> None:
        """A ``PriceDataWarning`` per user row advisor never uses (``TableSpec.unused``), naming the file, the row's
        key and why; bundled rows are left alone."""
        for row in table.rows:
            if row.get("origin") == "bundled":
                continue
            why = unused_reason(spec, row)
            if why:
                key = ", ".join(f"{c} {row.get(c)}" for c in spec.key)
                where = " or ".join(str(p) for p in user_paths) or table.name
                warnings.warn(PriceDataWarning(
                    f"price table {where}: the row for {key} is ignored: {why}. Delete that row to silence this "
                    "warning."), stacklevel=3)

    def fingerprint(self) -> tuple | None:
        """The identities (path, size, mtime, ctime, inode, origin) of every table file this book reads, or None when
        one cannot be read: what a result computed from this book's prices depends on (``advisor.diskcache``).

        Taken once and remembered with the tables (every fleet planner of a compare asked for it again, 30 file
        checks each); a change of ``data_dirs`` forgets it with them."""
        dirs = self._dirs()  # first: a change of data_dirs forgets the fingerprint taken before it
        if "_fingerprint" not in self._cache:
            paths = [(d / f"{name}.csv", self.origin_of(d)) for name in TABLES for d in dirs]
            self._cache["_fingerprint"] = _file_identities([(p, o) for p, o in paths if p.exists()])
        return self._cache["_fingerprint"]

    def region_table(self, name: str, region: str) -> Table:
        """The rows of ``table(name)`` whose ``region`` is ``region`` (same rows, same order), for a table keyed by
        region. The EC2 tables hold every region and a compare needs one, so the slice is remembered in the cache
        directory (kind ``tables``, keyed by the table files' identities and the region) and a later run reads only
        it. Raises what ``table`` raises."""
        self._dirs()  # first: a change of data_dirs forgets the slices read before it
        ckey = ("_region", name, region)
        cached = self._cache.get(ckey)
        if cached is not None:
            return cached
        spec = TABLES[name]
        if "region" not in spec.key:
            raise ValueError(f"table {name!r} has no region key")
        rows = None
        disk_key = None
        if name not in self._cache:
            paths = [(d / f"{name}.csv", self.origin_of(d)) for d in self._dirs()]
            ident = _file_identities([(p, o) for p, o in paths if p.exists()])
            if ident:
                from advisor import __version__

                disk_key = diskcache.key_of("region-slice", ident, __version__, *_contract(spec), region)
                rows = diskcache.load("tables", disk_key)
                if rows is not None and not _keeps_contract(rows, spec, region, files=ident):
                    rows = None
        if rows is None:
            rows = [r for r in self.table(name).rows if r.get("region") == region]
            if disk_key is not None:
                diskcache.store("tables", disk_key, rows)
        table = self._cache[ckey] = Table(name, rows)
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
        found.discard("")
        return sorted(found)

    def check_region(self, region: str, what: str = "region") -> None:
        """Raise ``UnknownRegionError`` for a name that is not an AWS region (a typo), with a did-you-mean hint.

        ``what`` names where the value came from in the message (``region``, ``--region``). The names known are
        ``KNOWN_REGIONS`` and every region of ``fargate_rates``; a value that is not a string is refused too. A China
        Region raises ``PriceDataError``: advisor does not price them and no command fetches their prices."""
        if not isinstance(region, str):
            raise UnknownRegionError(
                f"{what} must be an AWS region code such as 'us-east-1' (a string); got {region!r} "
                f"({type(region).__name__}).")
        if region in KNOWN_REGIONS:
            if not is_commercial(region) and not region.startswith("us-gov-"):
                raise PriceDataError(china_region_message(region, what))
            return
        fargate_regions = set(self.table("fargate_rates").column("region"))
        all_regions = KNOWN_REGIONS | fargate_regions
        if region in fargate_regions:
            return
        raise UnknownRegionError(
            f"{what} {region!r} is not an AWS region.{did_you_mean(region, sorted(all_regions))} Use a region code such "
            f"as us-east-1 or eu-west-1; 'advisor pricing show' lists the regions with bundled prices."
        )

    # ----------------------------------------------------------------------------------------- rates
    def rate_from_row(self, row: dict, column: str, unit: str, table: str) -> Rate | None:
        """A ``Rate`` from one table row's ``column`` (None when the cell is blank), with both dates and origin.

        The row is checked again as ``_read_table`` checks a file's: a price that is not a finite number from 0 to
        1e9 (above 0 where the table requires it), or a row without ``as_of`` or ``source``, raises
        ``PriceDataError`` naming the table, the row and the column. A table's rows (``table(name).rows``) are plain
        dicts a notebook can change after reading: a row set to NaN crashed the recommendation ("cannot convert
        float NaN to integer") and one set to -1 priced ECS on Fargate at -$161.76 a month."""
        value = row.get(column)
        if value is None:
            return None
        spec = TABLES.get(table)
        key = ", ".join(f"{c} {row.get(c)!s}" for c in (spec.key if spec else ()) if c in row) or "a row"
        where = f"price table {table}, the row for {key}"
        how = spec.how(str(row.get("region") or "REGION")) if spec else "fetch it again"
        fix = (f"A table's rows are what its CSV files hold, checked when read: correct the file (or {how}) "
               "and build a new PriceBook (PriceBook.default() or PriceBook(data_dirs=[...])) instead of changing the "
               "rows in memory.")
        usd = real_number(value)
        signed = spec is not None and column in spec.signed
        positive = spec is not None and column in spec.positive
        if usd is None or not math.isfinite(usd) or abs(usd) > MAX_CELL or (usd < 0 and not signed) or \
                (positive and usd <= 0):
            valid = "a number above 0 and up to 1e9" if positive else \
                "a finite number from -1e9 to 1e9" if signed else "a finite number from 0 to 1e9"
            raise PriceDataError(f"{where}: column {column} is {value!r}; a price is {valid} (USD; unit {unit}). {fix}")
        for c in ("as_of", "source"):
            if not isinstance(row.get(c), str) or not row[c].strip():
                raise PriceDataError(f"{where}: column {c} is {row.get(c)!r}; every price needs the date it was "
                                     f"confirmed (as_of, YYYY-MM-DD) and where it comes from (source). {fix}")
        return Rate(usd + 0.0, unit, row["as_of"], row["source"], table, str(row.get("origin", "bundled")),
                    str(row.get("effective_date") or ""))

    _rate = rate_from_row  # older name

    def fargate_rate(self, region: str, arch: str = "x86_64", os: str = "linux", capacity: str = "on_demand") -> FargateRate:
        """Fargate rates for a region/arch/os/capacity, or ``PriceDataError`` naming what is missing."""
        self.check_region(region)
        idx = self._fargate_index()
        row = idx.get((region, arch, os, capacity))
        hint = TABLES["fargate_rates"].refresh_hint.format(region=region)
        if row is None:
            have = sorted(f"{a}/{o}/{c}" for (r, a, o, c) in idx if r == region)
            what = f"Fargate {os}/{arch} {capacity.replace('_', '-')} rates for {region}"
            have_txt = f"The data has {', '.join(have)} for {region}." if have else f"The data has no Fargate rates for {region} at all."
            how = (fargate_spot_hint(region, arch) if capacity == "spot" else
                   f"Fetch AWS's current rates (no credentials needed) with '{hint}'.")
            raise PriceDataError(
                f"missing price data: {what} (table fargate_rates). {have_txt} {how} No rate is borrowed from another "
                "region."
            )
        vcpu = self.rate_from_row(row, "usd_per_vcpu_hour", "vCPU-hours", "fargate_rates")
        gb = self.rate_from_row(row, "usd_per_gb_hour", "GB-hours", "fargate_rates")
        if vcpu is None or gb is None:
            how = fargate_spot_hint(region, arch) if capacity == "spot" else f"Run '{hint}'."
            raise PriceDataError(
                f"missing price data: Fargate {os}/{arch} {capacity} vCPU or GB rate for {region} is blank in fargate_rates. "
                f"{how}"
            )
        storage = self.rate_from_row(row, "usd_per_ephemeral_storage_gb_hour", "GB-hours", "fargate_rates")
        if storage is not None and row.get("ephemeral_storage_as_of"):
            storage = replace(storage, as_of=str(row["ephemeral_storage_as_of"]))
        return FargateRate(
            region, arch, os, capacity, vcpu, gb,
            self.rate_from_row(row, "usd_per_os_license_vcpu_hour", "vCPU-hours", "fargate_rates"), storage,
        )

    def _fargate_index(self) -> dict:
        return self.table("fargate_rates").index("region", "arch", "os", "capacity")

    def eks_rate(self, region: str, item: str) -> Rate:
        """EKS rate per cluster-hour for ``item`` in ``region``.

        Items: ``cluster_hour``, ``extended_support_surcharge`` (added to the standard cluster-hour, as AWS bills
        it), ``provisioned_control_plane_xl`` / ``_2xl`` / ``_4xl`` / ``_8xl``. A row for the region wins; else a
        row with a blank region whose ``region_scope`` covers it (``commercial``: the single price the Amazon EKS
        pricing page gives for every commercial region). Otherwise ``PriceDataError`` with the fetch command.
        """
        self.check_region(region)
        idx = self.table("eks_rates").index("region", "item")

        def applies(r: str, it: str) -> bool:
            """A row of ``region``, or a blank-region row whose ``region_scope`` covers it (a ``commercial`` row
            does not cover GovCloud or China)."""
            if r == region:
                return True
            return r == "" and (idx[(r, it)].get("region_scope") != "commercial" or is_commercial(region))

        row = idx.get((region, item))
        if row is None and ("", item) in idx and applies("", item):
            row = idx[("", item)]
        hint = TABLES["eks_rates"].refresh_hint.format(region=region)
        if row is None:
            have = sorted({it for (r, it) in idx if applies(r, it)})
            raise PriceDataError(
                f"missing price data: EKS {item.replace('_', ' ')} rate for {region} (table eks_rates has "
                f"{', '.join(have) or 'no item'} there). Run '{hint}'. No rate is borrowed from another region."
            )
        rate = self.rate_from_row(row, "usd_per_cluster_hour", "cluster-hours", "eks_rates")
        if rate is None:
            raise PriceDataError(f"missing price data: the EKS {item.replace('_', ' ')} rate is blank in table eks_rates. "
                                 f"Run '{hint}'.")
        return rate

    def ebs_rate(self, region: str, volume_type: str = "gp3") -> Rate:
        """EBS storage rate per GB-month (table ``ebs_rates``), or ``PriceDataError`` naming what is missing. The one
        lookup the volume lines (``advisor.costing``) and the fleet packer's per-node volume cost
        (``advisor.sizing.fleet``) both use."""
        table = self.table("ebs_rates")
        row = table.index("region", "volume_type").get((region, volume_type))
        if row is None or row["usd_per_gb_month"] is None:
            have = sorted({r["region"] for r in table.where(volume_type=volume_type)})
            raise PriceDataError(
                f"missing price data: EBS {volume_type} storage rate for {region} (table ebs_rates has it for "
                f"{', '.join(have) or 'no region'}). Run '{TABLES['ebs_rates'].refresh_hint.format(region=region)}'. "
                "No rate is borrowed from another region."
            )
        return self.rate_from_row(row, "usd_per_gb_month", "GB-months", "ebs_rates")

    def managed_instance_fee(self, region: str, offering: str, instance_type: str) -> Rate:
        """Per instance-hour management fee of ``offering`` (``ecs_managed_instances`` or ``eks_auto_mode``) for
        one EC2 instance type, on top of the instance price; ``PriceDataError`` naming the fetch command."""
        self.check_region(region)
        row = self.table("managed_instance_fees").index("region", "offering", "instance_type").get(
            (region, offering, instance_type))
        rate = self.rate_from_row(row, "usd_per_hour", "instance-hours", "managed_instance_fees") if row else None
        if rate is None:
            raise PriceDataError(
                f"missing price data: {offering.replace('_', ' ')} management fee for {instance_type} in {region} "
                f"(table managed_instance_fees). Run '{TABLES['managed_instance_fees'].refresh_hint.format(region=region)}'"
                ". advisor ships no such fees: no public dated source lists them."
            )
        return rate

    def savings_plan_rate(self, region: str, plan: str, term_years: int, purchase_option: str, usage_type: str,
                          operation: str = "RunInstances") -> Rate:
        """AWS's Savings Plans rate for one usage type (table savings_plans_rates), per unit of the usage type.

        ``plan``: compute_savings_plan or ec2_instance_savings_plan; ``purchase_option``: no_upfront,
        partial_upfront or all_upfront; ``usage_type`` without the region prefix, e.g. ``BoxUsage:m5.large``
        (operation RunInstances = Linux) or ``Fargate-vCPU-Hours:perCPU`` (operation "").
        """
        self.check_region(region)
        idx = self.table("savings_plans_rates").index("region", "plan", "term_years", "purchase_option", "usage_type",
                                                      "operation")
        row = idx.get((region, plan, str(term_years), purchase_option, usage_type, operation))
        rate = self.rate_from_row(row, "usd_per_unit", "hours", "savings_plans_rates") if row else None
        if rate is None:
            raise PriceDataError(
                f"missing price data: {plan.replace('_', ' ')} rate ({term_years} year, {purchase_option.replace('_', ' ')})"
                f" for {usage_type} in {region} (table savings_plans_rates). Run "
                f"'{TABLES['savings_plans_rates'].refresh_hint.format(region=region)}'."
            )
        return rate


@lru_cache(maxsize=1)
def _default() -> PriceBook:
    return PriceBook.default()


def default_pricebook() -> PriceBook:
    """A process-wide PriceBook over the default data directories (cached)."""
    return _default()
