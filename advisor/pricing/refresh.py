"""``advisor pricing refresh`` and ``advisor pricing import-offer``: current AWS prices into the user data dir.

This is the only module that uses boto3, and it imports boto3 lazily (inside ``boto_client_factory``), so
``advisor compare`` never loads it. Parsing lives in ``offers`` and writing in ``store`` (both pure).

Sources, per table group (``--tables``):

* ``fargate`` -> ``fargate_rates``: Price List Query API ``pricing.get_products`` ServiceCode ``AmazonECS``
  filtered on ``regionCode`` (On-Demand and Spot, x86/ARM, Linux/Windows, ephemeral storage).
* ``ec2`` -> ``ec2_prices``: ServiceCode ``AmazonEC2`` filtered on regionCode, operatingSystem Linux, tenancy
  Shared, preInstalledSw NA, capacitystatus Used (OnDemand terms); ``ec2_windows_prices``: the same with
  operatingSystem Windows and operation RunInstances:0002 (Windows Server licence-included); and
  ``ec2_instance_types`` from ``ec2.describe_instance_types`` in the region.
* ``eks`` -> ``eks_rates``: ServiceCode ``AmazonEKS`` (``AmazonEKS-Hours:perCluster`` and
  ``AmazonEKS-Hours:extendedSupport``).
* ``spot`` -> ``ec2_spot_prices``: ``ec2.describe_spot_price_history`` (Linux/UNIX) over the last
  ``SPOT_WINDOW_DAYS`` days, averaged per instance type (mean of per-AZ means).

Each (table, region) is fetched, parsed and validated on its own; a table is written once per run with every
region that passed, atomically. A region that fails keeps its previous rows, and the run ends with a
``RefreshError`` naming each failed table/region and the reason.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

from advisor.errors import AdvisorError, UnknownRegionError, did_you_mean
from advisor.fileio import path_problem, shown_path
from advisor.pricing import offers
from advisor.pricing.book import user_data_dir
from advisor.pricing.fetch import describe_kind
from advisor.pricing.regions import KNOWN_REGIONS, china_region_message, is_commercial
from advisor.pricing.store import (
    PriceValidationError,
    WriteResult,
    check_data_dir,
    commit,
    commit_many,
    validate_rows,
)

#: Regions that serve the Price List Query API.
PRICING_ENDPOINTS = ("us-east-1", "eu-central-1", "ap-south-1")
#: --tables groups and the tables each writes.
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "fargate": ("fargate_rates",),
    "ec2": ("ec2_prices", "ec2_windows_prices", "ec2_instance_types"),
    "eks": ("eks_rates",),
    "spot": ("ec2_spot_prices",),
}
#: Spot prices are averaged over this many days up to the moment of the refresh.
SPOT_WINDOW_DAYS = 7
#: Error codes that mean "slow down": retried with exponential backoff and jitter.
THROTTLE_CODES = frozenset({"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
                            "RequestThrottled", "RequestThrottledException", "SlowDown", "ServiceUnavailable"})
MAX_RETRIES = 6

ClientFactory = Callable[[str, str], object]


class RefreshError(AdvisorError):
    """A refresh or import that could not complete; ``report`` says what was written and what failed."""

    def __init__(self, message: str, report: RefreshReport | None = None):
        super().__init__(message)
        self.report = report


class CredentialsError(RefreshError):
    """No AWS credentials could be found."""


NO_CREDENTIALS = (
    "no AWS credentials found. 'advisor pricing refresh' reads the AWS Price List and EC2 APIs with the standard "
    "AWS credential chain: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see 'aws configure' or "
    "'aws sso login'), or run on an instance/container role. Any identity allowed pricing:GetProducts, "
    "ec2:DescribeSpotPriceHistory and ec2:DescribeInstanceTypes will do. Without credentials, 'advisor pricing "
    "fetch --region REGION' reads AWS's public price list files instead (no credentials needed; they hold no "
    "instance specs or Spot prices), or download those files elsewhere and load them with 'advisor pricing "
    "import-offer FILE'."
)


@dataclass
class RefreshReport:
    written: list[WriteResult] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (table, region, reason)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [w.summary("new rows") for w in self.written]
        lines += [f"FAILED {t} / {r}: {why}" for t, r, why in self.failures]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


# -------------------------------------------------------------------------------------- arguments
def parse_tables(text: str | list[str] | None) -> list[str]:
    """'fargate,ec2' -> ['fargate', 'ec2']; None -> every group; unknown names, or a value that names none ('',
    ','), raise RefreshError listing the valid ones."""
    if text is None:
        return list(TABLE_GROUPS)
    parts = [p.strip().lower() for chunk in ([text] if isinstance(text, str) else text) for p in chunk.split(",")]
    parts = [p for p in parts if p]
    if not parts:
        raise RefreshError(f"--tables {','.join([text] if isinstance(text, str) else text)!r} names no table group. "
                           f"Valid: {', '.join(TABLE_GROUPS)} (comma-separated, e.g. --tables fargate,eks); leave "
                           "--tables out for all of them.")
    bad = [p for p in parts if p not in TABLE_GROUPS]
    if bad:
        hint = did_you_mean(bad[0], TABLE_GROUPS)
        raise RefreshError(f"--tables: unknown table group {bad[0]!r}.{hint} Valid: {', '.join(TABLE_GROUPS)} "
                           "(comma-separated, e.g. --tables fargate,eks).")
    return list(dict.fromkeys(parts))


def resolve_regions(regions: list[str] | None, all_regions: bool = False, *, all_option: bool = True) -> list[str]:
    """Validated region codes. --all-regions means every commercial AWS region advisor knows (``all_option``: the
    command has that option, for the messages)."""
    if all_regions and regions:
        raise RefreshError("use either --region (repeatable) or --all-regions, not both.")
    if all_regions:
        return sorted(r for r in KNOWN_REGIONS if is_commercial(r))
    if not regions:
        raise RefreshError("say which regions: --region eu-west-1 (repeatable) or --all-regions.")
    out = []
    for r in regions:
        for name in (x.strip().lower() for x in r.split(",")):
            if not name:
                continue
            if name not in KNOWN_REGIONS:
                raise UnknownRegionError(f"--region {name!r} is not an AWS region.{did_you_mean(name, sorted(KNOWN_REGIONS))} "
                                         "Use a region code such as us-east-1 or eu-west-1.")
            if name.startswith("cn-"):
                raise RefreshError(china_region_message(name, "--region"))
            out.append(name)
    if not out:
        raise RefreshError(f"--region {','.join(regions)!r} names no region; give a region code such as eu-west-1 "
                           "(comma-separated or repeated)" + (", or --all-regions." if all_option else
                                                              ", or leave --region out for every region of the file."))
    return list(dict.fromkeys(out))


# ------------------------------------------------------------------------------------------ boto3
def boto_client_factory(session=None, max_attempts: int = 10) -> ClientFactory:
    """Clients from the standard AWS credential chain, with botocore's adaptive retry mode."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:  # pragma: no cover - boto3 is a dependency
        raise RefreshError("boto3 is not installed; install it with 'pip install boto3', or use "
                           "'advisor pricing import-offer FILE'.") from None
    session = session or boto3.Session()
    if session.get_credentials() is None:
        raise CredentialsError(NO_CREDENTIALS)
    config = Config(retries={"max_attempts": max_attempts, "mode": "adaptive"}, user_agent_extra="advisor-pricing-refresh")
    return lambda service, region: session.client(service, region_name=region, config=config)


def _error_code(exc: BaseException) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", "")) if hasattr(exc, "response") else ""


def _is_no_credentials(exc: BaseException) -> bool:
    return type(exc).__name__ in ("NoCredentialsError", "PartialCredentialsError", "UnauthorizedSSOTokenError",
                                  "SSOTokenLoadError")


def pages(client, operation: str, kwargs: dict, sleep: Callable[[float], None] = time.sleep,
          max_retries: int = MAX_RETRIES) -> Iterator[dict]:
    """Every page of a NextToken-paginated call, retrying a throttled page with exponential backoff.

    A hand-rolled loop rather than ``get_paginator`` so that a throttled page is retried on its own and the
    pages already read are not fetched again.
    """
    token = None
    while True:
        call = dict(kwargs, NextToken=token) if token else dict(kwargs)
        for attempt in range(max_retries + 1):
            try:
                page = getattr(client, operation)(**call)
                break
            except Exception as exc:  # botocore ClientError; imported lazily, so matched by its code
                if _error_code(exc) in THROTTLE_CODES and attempt < max_retries:
                    sleep(min(20.0, 0.5 * 2 ** attempt) * (0.5 + random.random() / 2))
                    continue
                raise
        yield page
        token = page.get("NextToken")
        if not token:
            return


# ---------------------------------------------------------------------------------------- fetchers
def _term(field_: str, value: str) -> dict:
    return {"Type": "TERM_MATCH", "Field": field_, "Value": value}


PRODUCT_FILTERS = {
    "AmazonECS": [],
    "AmazonEKS": [],
    "AmazonEC2": [_term("operatingSystem", "Linux"), _term("tenancy", "Shared"), _term("preInstalledSw", "NA"),
                  _term("capacitystatus", "Used")],
    # Windows licence-included: the same filters with operatingSystem Windows and the Windows usage operation
    # (offers.EC2_WINDOWS_OPERATION), which leaves out BYOL (RunInstances:0800) and "Windows without licenses"
    "AmazonEC2:Windows": [_term("operatingSystem", "Windows"), _term("tenancy", "Shared"), _term("preInstalledSw", "NA"),
                          _term("capacitystatus", "Used"), _term("operation", offers.EC2_WINDOWS_OPERATION)],
}


def fetch_products(pricing, service_code: str, region: str, tick=lambda n: None, sleep=time.sleep,
                   warnings: list[str] | None = None) -> list[offers.OfferItem]:
    """Products of one service in one region from the Query API. Malformed items are skipped with a warning.
    ``service_code`` is a key of ``PRODUCT_FILTERS``: a service code, or ``AmazonEC2:Windows`` (the AmazonEC2
    Windows licence-included products)."""
    service = service_code.partition(":")[0]  # "AmazonEC2:Windows": the AmazonEC2 service, Windows filters
    kwargs = {"ServiceCode": service, "FormatVersion": "aws_v1", "MaxResults": 100,
              "Filters": [_term("regionCode", region), *PRODUCT_FILTERS[service_code]]}
    items, bad = [], 0
    for page in pages(pricing, "get_products", kwargs, sleep):
        for raw in page.get("PriceList", []):
            try:
                item = offers.parse_query_item(raw)
            except offers.OfferError:
                bad += 1
                continue
            item.default_region = region
            items.append(item)
        tick(1)
    if bad and warnings is not None:
        warnings.append(f"{service_code} {region}: skipped {bad} malformed Price List item(s); {len(items)} read.")
    return items


def fetch_spot(ec2, region: str, window_days: int, now: datetime, tick=lambda n: None, sleep=time.sleep) -> list[dict]:
    kwargs = {"StartTime": now - timedelta(days=window_days), "EndTime": now,
              "ProductDescriptions": ["Linux/UNIX"], "MaxResults": 1000}
    history: list[dict] = []
    for page in pages(ec2, "describe_spot_price_history", kwargs, sleep):
        history += page.get("SpotPriceHistory", [])
        tick(1)
    return offers.spot_price_rows(history, region, window_days, now, "refreshed")


def fetch_instance_types(ec2, region: str, as_of: str, tick=lambda n: None, sleep=time.sleep) -> list[dict]:
    items: list[dict] = []
    for page in pages(ec2, "describe_instance_types", {"MaxResults": 100}, sleep):
        items += page.get("InstanceTypes", [])
        tick(1)
    return offers.instance_type_rows(items, as_of, region, "refreshed")


def collapse_eks(rows: list[dict], warnings: list[str]) -> list[dict]:
    """eks_rates holds one commercial-region rate per item. Per-region rows collapse to it when they agree."""
    out: dict[str, dict] = {}
    for row in rows:
        if not is_commercial(row["region"]):
            warnings.append(f"eks_rates: {row['region']} rate {row['usd_per_cluster_hour']} not stored (the table "
                            "holds the commercial-region rate only).")
            continue
        item = row["item"]
        if item in out and out[item]["usd_per_cluster_hour"] != row["usd_per_cluster_hour"]:
            raise PriceValidationError(
                f"eks_rates: the {item} rate differs by region ({out[item]['_region']} "
                f"{out[item]['usd_per_cluster_hour']}, {row['region']} {row['usd_per_cluster_hour']}); eks_rates holds "
                "one commercial-region rate per item, so nothing was written. Refresh one region at a time.")
        out.setdefault(item, {**{k: v for k, v in row.items() if k != "region"}, "region_scope": "commercial",
                              "_region": row["region"]})
    return [{k: v for k, v in r.items() if k != "_region"} for r in out.values()]


# ------------------------------------------------------------------------------------------- refresh
class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def add_task(self, *a, **k):
        return 0

    def advance(self, *a, **k):
        pass

    def update(self, *a, **k):
        pass


def _progress(enabled: bool):
    if not enabled:
        return _NoProgress()
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[pages]} pages"), TimeElapsedColumn(), console=Console(stderr=True),
                    transient=False)


def refresh(regions: list[str], tables: list[str] | None = None, data_dir: Path | str | None = None, *,
            client_factory: ClientFactory | None = None, pricing_region: str = "us-east-1",
            spot_window_days: int = SPOT_WINDOW_DAYS, floors: dict[str, int] | None = None,
            now: datetime | None = None, progress: bool = False, sleep: Callable[[float], None] = time.sleep) -> RefreshReport:
    """Fetch, validate and write the chosen table groups for ``regions``. See the module docstring.

    Raises ``CredentialsError`` when there are no credentials, and ``RefreshError`` (with ``.report``) when any
    table/region failed; whatever passed validation has been written by then, whatever failed is unchanged.
    """
    groups = parse_tables(tables)
    if pricing_region not in PRICING_ENDPOINTS:
        raise RefreshError(f"--pricing-endpoint {pricing_region!r} does not serve the Price List API; valid: "
                           f"{', '.join(PRICING_ENDPOINTS)}.")
    if spot_window_days < 1 or spot_window_days > 90:
        raise RefreshError(f"--spot-window-days {spot_window_days}: use 1 to 90 days (EC2 keeps 90 days of Spot "
                           f"price history; default {SPOT_WINDOW_DAYS}).")
    data_dir = check_data_dir(data_dir if data_dir is not None else user_data_dir())  # refused before any AWS call
    factory = client_factory or boto_client_factory()
    now = now or datetime.now(UTC)
    today = now.date().isoformat()
    report = RefreshReport()
    collected: dict[str, list[dict]] = {t: [] for g in groups for t in TABLE_GROUPS[g]}
    clients: dict[tuple[str, str], object] = {}

    def client(service: str, region: str):
        if (service, region) not in clients:
            clients[(service, region)] = factory(service, region)
        return clients[(service, region)]

    jobs: list[tuple[str, str]] = [(t, r) for g in groups for t in TABLE_GROUPS[g] for r in regions]
    with _progress(progress) as bar:
        overall = bar.add_task("refreshing", total=len(jobs), pages=0)
        for table, region in jobs:
            task = bar.add_task(f"{table} {region}", total=None, pages=0)
            count = [0]

            def tick(n, _task=task, _count=count):
                _count[0] += n
                bar.update(_task, pages=_count[0])

            try:
                if table == "fargate_rates":
                    items = fetch_products(client("pricing", pricing_region), "AmazonECS", region, tick, sleep, report.warnings)
                    rows = offers.fargate_rows(items, "Query API", "refreshed", [region], confirmed=today)
                elif table == "eks_rates":
                    items = fetch_products(client("pricing", pricing_region), "AmazonEKS", region, tick, sleep, report.warnings)
                    rows = offers.eks_rows(items, "Query API", "refreshed", [region], confirmed=today)
                elif table == "ec2_prices":
                    items = fetch_products(client("pricing", pricing_region), "AmazonEC2", region, tick, sleep, report.warnings)
                    rows = offers.ec2_price_rows(items, "Query API", "refreshed", [region], confirmed=today)
                elif table == "ec2_windows_prices":
                    items = fetch_products(client("pricing", pricing_region), "AmazonEC2:Windows", region, tick, sleep,
                                           report.warnings)
                    rows = offers.ec2_windows_price_rows(items, "Query API", "refreshed", [region], confirmed=today)
                elif table == "ec2_instance_types":
                    rows = fetch_instance_types(client("ec2", region), region, today, tick, sleep)
                elif table == "ec2_spot_prices":
                    rows = fetch_spot(client("ec2", region), region, spot_window_days, now, tick, sleep)
                else:  # pragma: no cover
                    raise RefreshError(f"no fetcher for {table}")
                # validate this region's rows on their own, so one bad region cannot spoil the others
                validate_rows(table, rows, f"the refresh of {region}", floors)
                collected[table] += rows
            except Exception as exc:
                if _is_no_credentials(exc):
                    raise CredentialsError(NO_CREDENTIALS, report) from None
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):  # pragma: no cover
                    raise
                code = _error_code(exc)
                reason = str(exc) if isinstance(exc, AdvisorError) else f"{type(exc).__name__}{f' ({code})' if code else ''}: {exc}"
                if code in ("AccessDeniedException", "UnauthorizedOperation", "AccessDenied"):
                    reason += " - the identity needs pricing:GetProducts, ec2:DescribeSpotPriceHistory and ec2:DescribeInstanceTypes."
                report.failures.append((table, region, reason))
            finally:
                bar.update(task, total=1, completed=1)
                bar.advance(overall)

    for table, rows in collected.items():
        if not rows:
            continue
        try:
            if table == "ec2_instance_types":  # the same type seen in several regions: keep one spec row
                rows = list({r["instance_type"]: r for r in rows}.values())
            what = f"the refresh of {', '.join(sorted({r.get('region', '') for r in rows} - {''})) or 'all regions'}"
            # floors were checked per region above; the union only needs the contract checks
            report.written.append(commit(table, pd.DataFrame(rows), data_dir, what, {table: 1}))
        except AdvisorError as exc:
            report.failures.append((table, "all", str(exc)))
    if report.failures:
        raise RefreshError("the refresh did not complete; previous data for the failed tables/regions is unchanged.\n"
                           + report.summary(), report)
    return report


# --------------------------------------------------------------------------------------- import
OFFER_TABLES = {"AmazonECS": "fargate_rates", "AmazonEC2": "ec2_prices", "AmazonEKS": "eks_rates",
                "AmazonVPC": "shared_rates", "AWSELB": "shared_rates", "AmazonCloudWatch": "shared_rates",
                offers.SAVINGS_PLANS: "savings_plans_rates"}


def _is_savings_plans_file(path: Path) -> bool:
    """A Savings Plans file: CSV OfferCode ...SavingsPlan (or a DiscountedRate column), or JSON with products as a list."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    return b"SavingsPlan" in head or b"DiscountedRate" in head or b"savingsPlan" in head


def import_offer(path: Path | str, data_dir: Path | str | None = None, regions: list[str] | None = None,
                 floors: dict[str, int] | None = None) -> RefreshReport:
    """Load a Price List offer file (CSV or JSON) downloaded elsewhere into the user data dir.

    Understands the AmazonECS, AmazonEKS, AmazonEC2, AmazonVPC, AWSELB and AmazonCloudWatch offers and the
    AWSComputeSavingsPlan files (``offers.EXTRACTORS``); every table the file feeds is written at once, under the
    data directory's lock. ``as_of`` is the later of the file's publication date and the price's effective date
    (the file says nothing about later days). ``OfferError``/``PriceValidationError`` (nothing written) for a
    damaged file or rows that fail validation.
    """
    path = Path(path)
    expected = ("Give the path of a downloaded AWS Price List file (index.csv or index.json), e.g. "
                ".../offers/v1.0/aws/AmazonECS/current/eu-west-1/index.csv.")
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        pass  # described below
    except (OSError, ValueError) as exc:  # a name too long, a NUL character, a folder on the way not readable
        raise RefreshError(f"offer file {shown_path(path)} cannot be read: {path_problem(exc)}. {expected}") from None
    if not path.is_file():
        kind = describe_kind(path)
        if kind == "missing":
            raise RefreshError(f"offer file {path} does not exist. {expected}")
        inside = " (not the folder that holds it)" if kind == "a folder" else ""
        raise RefreshError(f"offer file {path} is {kind}, not a regular file. {expected[:-1]}{inside}.")
    data_dir = check_data_dir(data_dir if data_dir is not None else user_data_dir())  # refused before the file is read
    report = RefreshReport()
    one_region = regions[0] if regions and len(regions) == 1 else ""
    try:
        is_sp = _is_savings_plans_file(path)
    except OSError as exc:
        raise RefreshError(f"offer file {path} cannot be read: {exc.strerror or exc}. {expected}") from None
    offer = None  # the bulk offer read below (None for a Savings Plans file)
    if is_sp:
        sp = offers.read_savings_plans_file(path, one_region)
        kind = f"Savings Plans file {path.name}" + (f" version {sp.version}" if sp.version else "")
        tables = {"savings_plans_rates": offers.savings_plans_rows(sp, kind, "imported", regions)}
        code = offers.SAVINGS_PLANS
    else:
        offer = offers.read_offer_file(path, region=one_region)
        code = offer.offer_code
        if code not in offers.EXTRACTORS:
            raise RefreshError(f"{path} is an offer for {code or 'an unknown service'!r}; import-offer reads "
                               f"{', '.join(OFFER_TABLES)} files. Download one of those (per region) and try again.")
        lacking = [it for it in offer.items if not it.region]
        if lacking and len(lacking) == len(offer.items):
            raise RefreshError(f"{path}: its products carry no regionCode attribute (an older offer format), so the "
                               "region is unknown. Name it: advisor pricing import-offer FILE --region REGION.")
        kind = f"bulk offer {path.name}" + (f" version {offer.version}" if offer.version else "")
        tables = offers.offer_rows(offer, kind, "imported", regions)
    tables = {t: rows for t, rows in tables.items() if rows}
    china = sorted({str(r.get("region", "")) for rows in tables.values() for r in rows
                    if str(r.get("region", "")).startswith("cn-")})
    if china:  # no AWS file holds them (a China Region's prices are in CNY, elsewhere): an edited file, never used
        raise RefreshError(china_region_message(china[0], f"offer file {path.name}: region") + " Nothing was written.")
    if not tables:
        currency = (f" ({offer.non_usd_rows} of its price rows are in another currency; advisor reads USD prices "
                    "only, as AWS's public price list files give them)") if offer is not None and offer.non_usd_rows else ""
        raise PriceValidationError(f"{path}: the {code} file holds no rows advisor uses"
                                   f"{' for ' + ', '.join(regions) if regions else ''}{currency}. Nothing was written.")
    report.written += commit_many(tables, data_dir, f"the {code} file {path.name}", floors)
    return report
