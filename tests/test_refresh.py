"""Price refresh (AWS Price List Query API, EC2 Spot/instance APIs) and bulk offer import.

No test touches the network: clients are real boto3 clients wrapped in botocore's Stubber (which refuses any
unstubbed call), AWS credentials are fake, and instance metadata lookups are disabled. The one live test
runs only with ADVISOR_LIVE_TESTS=1.
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest

from advisor.pricing import offers
from advisor.pricing.book import BUNDLED_DIR, PriceBook
from advisor.pricing.freshness import stale_warnings
from advisor.pricing.refresh import (
    CredentialsError,
    RefreshError,
    boto_client_factory,
    import_offer,
    refresh,
)
from advisor.pricing.store import PriceValidationError, validate_rows

FIX = Path(__file__).parent / "fixtures"
ECS_CSV = FIX / "AmazonECS_bulk_offer_eu-west-1_sample.csv"
EC2_ITEM = FIX / "AmazonEC2_get_products_item_m5.large_us-east-1.json"
SPOT_HISTORY = FIX / "ec2_describe_spot_price_history_m5.large_us-east-1.json"
#: Real AmazonEC2 us-east-1 m5.xlarge products (offer version 20260910195514): Linux $0.192, Windows licence-included
#: $0.376, and the look-alikes (Windows without licenses, BYOL, SQL Std, Dedicated, unused reservation); provenance
#: in fixtures/pricelist_real/SOURCES.md.
EC2_M5XL_REAL = FIX / "pricelist_real" / "AmazonEC2_us-east-1_m5.xlarge_substrate.excerpt.json"
ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PUB = "2026-11-20T10:00:00Z"


@pytest.fixture(autouse=True)
def fake_aws(request, monkeypatch, tmp_path):
    """Fake credentials, no config files, no instance metadata, and a throwaway user data dir."""
    if request.node.get_closest_marker("live"):
        return  # the live test uses the user's real credential chain
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.delenv("ADVISOR_MAX_PRICE_AGE_DAYS", raising=False)


@pytest.fixture
def user_dir(tmp_path) -> Path:
    return tmp_path / "user-data"


# ------------------------------------------------------------------------ Price List-shaped items
def _template() -> dict:
    return json.loads(EC2_ITEM.read_text())


def price_item(service: str, region: str, usagetype: str, usd: float, sku: str, pub: str = PUB, **attrs) -> str:
    """A get_products PriceList element shaped like the real m5.large sample, for another product."""
    item = _template()
    term_code = "JRTCKXETXF"
    old_term = next(iter(item["terms"]["OnDemand"].values()))
    dim = copy.deepcopy(next(iter(old_term["priceDimensions"].values())))
    dim["pricePerUnit"] = {"USD": f"{usd:.10f}"}
    dim["rateCode"] = f"{sku}.{term_code}.6YS6EN2CT7"
    dim["description"] = f"{usagetype} test price"
    term = dict(old_term, sku=sku, effectiveDate="2026-11-01T00:00:00Z",
                priceDimensions={dim["rateCode"]: dim})
    item["product"] = {"productFamily": "Compute", "sku": sku,
                       "attributes": {"servicecode": service, "regionCode": region, "usagetype": usagetype, **attrs}}
    item["terms"] = {"OnDemand": {f"{sku}.{term_code}": term}}
    item["serviceCode"] = service
    item["publicationDate"] = pub
    return json.dumps(item)


def fargate_items_from_bundled(region: str, prefix: str) -> list[str]:
    """AmazonECS items carrying exactly the bundled snapshot's rates for a region (round-trip test)."""
    df = pd.read_csv(BUNDLED_DIR / "fargate_rates.csv")
    out = []
    n = 0
    for r in df[df["region"] == region].itertuples():
        infix = {"arm64": "ARM-", "x86_64": ""}[r.arch] + ("Windows-" if r.os == "windows" else "")
        spot = "SpotUsage-" if r.capacity == "spot" else ""
        for kind, col in (("vCPU-Hours:perCPU", r.usd_per_vcpu_hour), ("GB-Hours", r.usd_per_gb_hour)):
            n += 1
            ut = f"{prefix}-Fargate-{infix}{spot}{kind}"
            out.append(price_item("AmazonECS", region, ut, col, f"SKUFG{n:04d}"))
        if r.os == "windows":
            n += 1
            out.append(price_item("AmazonECS", region, f"{prefix}-Fargate-Windows-OS-Hours:perCPU",
                                  r.usd_per_os_license_vcpu_hour, f"SKUFG{n:04d}"))
        eph = r.usd_per_ephemeral_storage_gb_hour
    if not math.isnan(eph):
        out.append(price_item("AmazonECS", region, f"{prefix}-Fargate-EphemeralStorage-GB-Hours", eph, "SKUFGEPH"))
    # products the parser must ignore
    out.append(price_item("AmazonECS", region, f"{prefix}-ECS-EC2-GB-Hours", 0.0, "SKUECSEC2"))
    return out


def eks_items_from_bundled(region: str, prefix: str) -> list[str]:
    df = pd.read_csv(BUNDLED_DIR / "eks_rates.csv", keep_default_na=False)
    df = df[df["region"] == region].set_index("item")
    return [
        price_item("AmazonEKS", region, f"{prefix}-AmazonEKS-Hours:perCluster", df.loc["cluster_hour", "usd_per_cluster_hour"], "SKUEKS1"),
        price_item("AmazonEKS", region, f"{prefix}-AmazonEKS-Hours:extendedSupport",
                   df.loc["extended_support_surcharge", "usd_per_cluster_hour"], "SKUEKS2"),
    ]


# -------------------------------------------------------------------------------- stubbed clients
class Clients:
    """Real boto3 clients behind Stubbers; ``factory`` is what refresh() calls."""

    def __init__(self):
        import boto3
        from botocore.stub import Stubber

        self.made: dict = {}
        self.stubbers: dict = {}
        self._boto3, self._Stubber = boto3, Stubber

    def stub(self, service: str, region: str):
        key = (service, region)
        if key not in self.made:
            client = self._boto3.client(service, region_name=region)
            self.made[key] = client
            self.stubbers[key] = self._Stubber(client)
            self.stubbers[key].activate()
        return self.stubbers[key]

    def factory(self, service: str, region: str):
        self.stub(service, region)
        return self.made[(service, region)]

    def assert_done(self):
        for s in self.stubbers.values():
            s.assert_no_pending_responses()


def products_page(items: list[str], token: str | None = None) -> dict:
    page = {"FormatVersion": "aws_v1", "PriceList": items}
    if token:
        page["NextToken"] = token
    return page


def no_sleep(calls: list):
    return lambda seconds: calls.append(seconds)


# ================================================================================== bulk offer import
def test_import_offer_ecs_bulk_csv_sample(user_dir):
    report = import_offer(ECS_CSV)
    assert report.written[0].table == "fargate_rates"
    df = pd.read_csv(user_dir / "fargate_rates.csv")
    assert set(df["origin"]) == {"imported"}
    x86 = df[(df.arch == "x86_64") & (df.os == "linux")].iloc[0]
    arm = df[(df.arch == "arm64") & (df.os == "linux")].iloc[0]
    win = df[df.os == "windows"].iloc[0]
    assert (x86.usd_per_vcpu_hour, x86.usd_per_gb_hour) == (0.04048, 0.004445)
    assert (arm.usd_per_vcpu_hour, arm.usd_per_gb_hour) == (0.03238, 0.00356)
    assert (win.usd_per_vcpu_hour, win.usd_per_gb_hour, win.usd_per_os_license_vcpu_hour) == (0.09148, 0.01005, 0.046)
    assert x86.usd_per_ephemeral_storage_gb_hour == 0.000122
    # the header says published 2020-12-14 but the trimmed fixture's terms are effective 2022-01-01: the later wins
    assert set(df["as_of"]) == {"2022-01-01"}
    assert all("AmazonECS, publication 2020-12-14, effective 2022-01-01" in s for s in df["source"])
    assert len(df) == 3  # ECS Anywhere and ECS-EC2 metering rows are not Fargate rates

    book = PriceBook(data_dirs=[user_dir, BUNDLED_DIR])
    rate = book.fargate_rate("eu-west-1", "arm64")
    assert rate.vcpu_hour.usd == 0.03238 and rate.vcpu_hour.origin == "imported"
    # the bundled eu-west-1 x86 row (as_of 2026-09-11) is newer than the imported one: the newer row wins
    assert book.fargate_rate("eu-west-1").vcpu_hour.origin == "bundled"
    assert book.fargate_rate("us-east-1").vcpu_hour.origin == "bundled"


@pytest.mark.parametrize("cut, fields", [(30, 26), (60, 18)])
def test_import_offer_refuses_a_csv_cut_short_in_a_row_advisor_does_not_use(tmp_path, user_dir, cut, fields):
    # the sample's last row (ECS-EC2 vCPU metering) is one advisor skips before splitting it into fields; cut short
    # there (an interrupted download), the file was imported as whole: every row after the cut lost without a word
    text = ECS_CSV.read_bytes()
    cut_file = tmp_path / "index.csv"
    cut_file.write_bytes(text[:len(text) - cut])
    with pytest.raises(offers.OfferError, match=rf"its last row \(row 13\) has {fields} fields, the header has 27. The file "
                       r"is truncated"):
        import_offer(cut_file)
    assert not (user_dir / "fargate_rates.csv").exists()
    import_offer(ECS_CSV)  # the whole file (it ends with a line break) is read
    assert len(pd.read_csv(user_dir / "fargate_rates.csv")) == 3


def test_import_offer_refuses_a_csv_cut_inside_the_last_field_and_reads_whole_files_of_every_ending(tmp_path, user_dir):
    """AWS quotes every field of a CSV price list; a file cut inside the last field of a row has every field, with a
    quote left open, and was imported as whole. A whole file read as whole: without a final line break, with LF or
    CRLF line breaks, and with a quoted field holding a line break in its last row."""
    text = ECS_CSV.read_bytes()
    assert text.endswith(b"\r\n")
    last = text.rstrip(b"\r\n").split(b"\r\n")[-1]
    cut_file = tmp_path / "cut.csv"
    cut_file.write_bytes(text + last.rsplit(b",", 1)[0] + b',"Amazon Elastic Cont')
    with pytest.raises(offers.OfferError, match=r"its last row \(row 14\) ends inside a quoted field. The file is "
                       r"truncated"):
        import_offer(cut_file)
    assert not (user_dir / "fargate_rates.csv").exists()
    multiline = last.rsplit(b",", 1)[0] + b',"block\r\nstorage"'
    for name, body in (("no-final-break", text.rstrip(b"\r\n")), ("lf", text.replace(b"\r\n", b"\n").rstrip(b"\n")),
                       ("multiline", text + multiline), ("multiline-lf", (text + multiline).replace(b"\r\n", b"\n"))):
        whole = tmp_path / f"{name}.csv"
        whole.write_bytes(body)
        import_offer(whole)
        # the 3 Fargate rates of the sample (AWS Fargate pricing, eu-west-1)
        assert len(pd.read_csv(user_dir / "fargate_rates.csv")) == 3, name


def test_import_offer_refuses_prices_for_a_china_region(tmp_path, user_dir):
    # the China Regions are priced in CNY from a separate endpoint, and advisor refuses to price them; a file edited to
    # hold USD rows for cn-north-1 was written (3 rows no command would ever use), while every message says
    # import-offer refuses these regions
    edited = tmp_path / "index.csv"
    edited.write_text(ECS_CSV.read_text().replace("eu-west-1", "cn-north-1"))
    with pytest.raises(RefreshError, match=r"offer file index.csv: region 'cn-north-1' is a China Region, which advisor "
                       r"does not price.* Nothing was written."):
        import_offer(edited)
    assert not user_dir.exists()


def test_import_offer_bulk_json_ec2_filters_and_floor(tmp_path, user_dir):
    item = json.loads(EC2_ITEM.read_text())
    product = item["product"]
    win = copy.deepcopy(product)
    win["sku"] = "WINDOWSSKU000001"
    win["attributes"].update(operatingSystem="Windows", usagetype="BoxUsage:m5.large")
    ded = copy.deepcopy(product)
    ded["sku"] = "DEDICATEDSKU0001"
    ded["attributes"].update(tenancy="Dedicated", usagetype="DedicatedUsage:m5.large")
    terms = item["terms"]["OnDemand"]
    offer = {"formatVersion": "v1.0", "offerCode": "AmazonEC2", "version": "20210205", "publicationDate": item["publicationDate"],
             "products": {p["sku"]: p for p in (product, win, ded)},
             "terms": {"OnDemand": {p["sku"]: terms for p in (product, win, ded)}}}
    path = tmp_path / "index.json"
    path.write_text(json.dumps(offer))
    # one instance type is far below the per-region floor: refused, nothing written
    with pytest.raises(PriceValidationError, match="below the floor of 50"):
        import_offer(path, regions=["us-east-1"])
    assert not (user_dir / "ec2_prices.csv").exists()
    # the sample has no regionCode attribute (2021 offer): a --region names it
    import_offer(path, regions=["us-east-1"], floors={"ec2_prices": 1})
    df = pd.read_csv(user_dir / "ec2_prices.csv")
    # as_of: the file's publication date (2021-02-05); effective_date: the term's EffectiveDate (2021-02-01)
    assert df.to_dict("records")[0] | {"source": ""} == {
        "region": "us-east-1", "instance_type": "m5.large", "usd_per_hour": 0.096, "effective_date": "2021-02-01",
        "as_of": "2021-02-05", "source": "", "origin": "imported"}
    assert "Linux, Shared tenancy" in df.loc[0, "source"]


def _real_m5xl_items() -> dict[str, str]:
    """sku -> a get_products PriceList element (JSON text) for each product of the real m5.xlarge excerpt."""
    offer = json.loads(EC2_M5XL_REAL.read_text())
    return {sku: json.dumps({"product": p, "serviceCode": "AmazonEC2", "publicationDate": offer["publicationDate"],
                             "version": offer["version"], "terms": {"OnDemand": offer["terms"]["OnDemand"][sku]}})
            for sku, p in offer["products"].items()}


def test_import_offer_keeps_the_real_windows_licence_included_row_apart(user_dir):
    # us-east-1 m5.xlarge: Linux $0.192 (5G4TA8Z4MUKE6MJB) and Windows licence-included $0.376 (HXGQ45BFM9J2FJ3F,
    # operation RunInstances:0002); "Windows without licenses" ($0.192, RunInstances:0002:box), BYOL ($0.192,
    # RunInstances:0800), SQL Std, Dedicated and the unused reservation are neither.
    report = import_offer(EC2_M5XL_REAL, floors={"ec2_prices": 1})
    assert {w.table for w in report.written} == {"ec2_prices", "ec2_windows_prices"}
    win = pd.read_csv(user_dir / "ec2_windows_prices.csv")
    assert win.drop(columns="source").to_dict("records") == [{
        "region": "us-east-1", "instance_type": "m5.xlarge", "usd_per_hour": 0.376, "effective_date": "2026-09-01",
        "as_of": "2026-09-10", "origin": "imported"}]
    assert "Windows licence-included (RunInstances:0002), Shared tenancy, On-Demand" in win.loc[0, "source"]
    linux = pd.read_csv(user_dir / "ec2_prices.csv")
    assert linux[["instance_type", "usd_per_hour"]].values.tolist() == [["m5.xlarge", 0.192]]
    book = PriceBook(data_dirs=[user_dir, BUNDLED_DIR])
    assert book.table("ec2_windows_prices").index("region", "instance_type")[("us-east-1", "m5.xlarge")][
        "usd_per_hour"] == 0.376


def test_windows_selector_on_the_real_look_alikes():
    items = {sku: offers.parse_query_item(text) for sku, text in _real_m5xl_items().items()}
    assert {sku for sku, it in items.items() if offers.is_windows_shared_ondemand(it)} == {"HXGQ45BFM9J2FJ3F"}
    assert {sku for sku, it in items.items() if offers.is_linux_shared_ondemand(it)} == {"5G4TA8Z4MUKE6MJB"}
    # an older offer writes licenseModel "License Included" on the same product (ligoj eu-west-1 2017 rows)
    it = items["HXGQ45BFM9J2FJ3F"]
    it.attributes["licensemodel"] = "License Included"
    assert offers.is_windows_shared_ondemand(it)
    it.attributes["licensemodel"] = "Bring your own license"
    assert not offers.is_windows_shared_ondemand(it)


def test_validation_keeps_each_os_in_its_table():
    row = {"region": "us-east-1", "instance_type": "m5.xlarge", "usd_per_hour": 0.376, "as_of": "2026-09-10",
           "source": "x", "_tenancy": "Shared", "_os": "Windows"}
    validate_rows("ec2_windows_prices", [row], "test", {})
    with pytest.raises(PriceValidationError, match="ec2_windows_prices holds Windows prices only"):
        validate_rows("ec2_windows_prices", [row | {"_os": "Linux"}], "test", {})
    with pytest.raises(PriceValidationError, match="ec2_prices holds Linux prices only"):
        validate_rows("ec2_prices", [row], "test", {"ec2_prices": 1})


def test_refresh_ec2_writes_windows_prices_from_a_windows_query(user_dir):
    items = _real_m5xl_items()
    clients = Clients()
    pricing = clients.stub("pricing", "us-east-1")
    linux_filters = [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in (
        ("regionCode", "us-east-1"), ("operatingSystem", "Linux"), ("tenancy", "Shared"), ("preInstalledSw", "NA"),
        ("capacitystatus", "Used"))]
    win_filters = [{"Type": "TERM_MATCH", "Field": f, "Value": v} for f, v in (
        ("regionCode", "us-east-1"), ("operatingSystem", "Windows"), ("tenancy", "Shared"), ("preInstalledSw", "NA"),
        ("capacitystatus", "Used"), ("operation", "RunInstances:0002"))]
    common = {"ServiceCode": "AmazonEC2", "FormatVersion": "aws_v1", "MaxResults": 100}
    pricing.add_response("get_products", products_page([items["5G4TA8Z4MUKE6MJB"]]),
                         {**common, "Filters": linux_filters})
    # what AWS returns for the Windows filters: the licence-included product (BYOL has operation RunInstances:0800);
    # the parser checks again and keeps only it
    pricing.add_response("get_products", products_page([items["HXGQ45BFM9J2FJ3F"], items["AWJMJ73C9RDQFD5N"]]),
                         {**common, "Filters": win_filters})
    clients.stub("ec2", "us-east-1").add_response("describe_instance_types", {"InstanceTypes": [{
        "InstanceType": "m5.xlarge", "CurrentGeneration": True, "SupportedUsageClasses": ["on-demand", "spot"],
        "BareMetal": False, "Hypervisor": "nitro", "BurstablePerformanceSupported": False,
        "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]}, "VCpuInfo": {"DefaultVCpus": 4},
        "MemoryInfo": {"SizeInMiB": 16384},
        "NetworkInfo": {"MaximumNetworkInterfaces": 4, "Ipv4AddressesPerInterface": 15, "DefaultNetworkCardIndex": 0,
                        "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 4}]}}]})
    refresh(["us-east-1"], ["ec2"], client_factory=clients.factory, now=NOW, sleep=lambda s: None,
            floors={"ec2_prices": 1, "ec2_instance_types": 1})
    clients.assert_done()
    win = pd.read_csv(user_dir / "ec2_windows_prices.csv")
    assert win[["instance_type", "usd_per_hour", "origin", "as_of"]].values.tolist() == [
        ["m5.xlarge", 0.376, "refreshed", "2026-11-26"]]


def test_parse_query_item_real_sample():
    it = offers.parse_query_item(EC2_ITEM.read_text())
    assert (it.usd, it.usagetype, it.effective_date, it.publication_date) == (0.096, "BoxUsage:m5.large", "2021-02-01", "2021-02-05")
    assert offers.is_linux_shared_ondemand(it)
    it.attributes["tenancy"] = "Dedicated"
    assert not offers.is_linux_shared_ondemand(it)


@pytest.mark.parametrize("usagetype,expected", [
    ("USE1-Fargate-vCPU-Hours:perCPU", ("x86_64", "linux", "on_demand", "usd_per_vcpu_hour")),
    ("EU-Fargate-ARM-GB-Hours", ("arm64", "linux", "on_demand", "usd_per_gb_hour")),
    ("APN1-Fargate-Windows-OS-Hours:perCPU", ("x86_64", "windows", "on_demand", "usd_per_os_license_vcpu_hour")),
    ("USE2-SpotUsage-vcpu-hours", ("x86_64", "linux", "spot", "usd_per_vcpu_hour")),
    ("USE1-Fargate-SpotUsage-GB-Hours", ("x86_64", "linux", "spot", "usd_per_gb_hour")),
    ("USE1-Fargate-ARM-SpotUsage-vCPU-Hours", ("arm64", "linux", "spot", "usd_per_vcpu_hour")),
    ("EU-ECS-EC2-GB-Hours", None),
    ("EU-ECS-Anywhere-Instance-hours", None),
])
def test_classify_fargate_usagetypes(usagetype, expected):
    assert offers.classify_fargate(usagetype) == expected


def test_validation_rejects_dedicated_windows_and_zero_prices():
    row = {"region": "us-east-1", "instance_type": "m5.large", "usd_per_hour": 0.096, "as_of": "2026-11-20",
           "source": "x", "_tenancy": "Shared", "_os": "Linux"}
    validate_rows("ec2_prices", [row], "test", {"ec2_prices": 1})
    with pytest.raises(PriceValidationError, match="tenancy"):
        validate_rows("ec2_prices", [row | {"_tenancy": "Dedicated"}], "test", {"ec2_prices": 1})
    with pytest.raises(PriceValidationError, match="Windows"):
        validate_rows("ec2_prices", [row | {"_os": "Windows"}], "test", {"ec2_prices": 1})
    for bad in (0.0, float("inf"), float("nan"), -0.1, "1e999", "abc"):
        with pytest.raises(PriceValidationError, match="not a finite number > 0 and at most 1e9"):
            validate_rows("ec2_prices", [row | {"usd_per_hour": bad}], "test", {"ec2_prices": 1})
    with pytest.raises(PriceValidationError, match="without source"):
        validate_rows("ec2_prices", [row | {"source": ""}], "test", {"ec2_prices": 1})


# ====================================================================================== refresh
def test_refresh_fargate_pagination_throttling_and_malformed_item(user_dir):
    clients = Clients()
    items = fargate_items_from_bundled("us-east-1", "USE1")
    pricing = clients.stub("pricing", "us-east-1")
    base = {"ServiceCode": "AmazonECS", "FormatVersion": "aws_v1", "MaxResults": 100,
            "Filters": [{"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"}]}
    pricing.add_response("get_products", products_page(items[:5] + ["{not json"], "tok-1"), base)
    pricing.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
    pricing.add_client_error("get_products", service_error_code="ThrottlingException", http_status_code=400)
    pricing.add_response("get_products", products_page(items[5:], None), dict(base, NextToken="tok-1"))
    sleeps: list = []
    report = refresh(["us-east-1"], ["fargate"], client_factory=clients.factory, now=NOW, sleep=no_sleep(sleeps))
    clients.assert_done()
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] * 0.9  # exponential backoff (with jitter)
    assert any("skipped 1 malformed" in w for w in report.warnings)
    df = pd.read_csv(user_dir / "fargate_rates.csv")
    bundled = pd.read_csv(BUNDLED_DIR / "fargate_rates.csv")
    bundled = bundled[bundled.region == "us-east-1"]
    assert len(df) == len(bundled) == 5
    key = ["region", "arch", "os", "capacity"]
    merged = df.merge(bundled, on=key, suffixes=("", "_b"))
    for col in ("usd_per_vcpu_hour", "usd_per_gb_hour"):
        assert (merged[col] == merged[f"{col}_b"]).all()
    # as_of is the day the prices were read from AWS (confirmed), effective_date the terms' effective date
    assert set(df["origin"]) == {"refreshed"} and set(df["as_of"]) == {"2026-11-26"}
    assert set(df["effective_date"]) == {"2026-11-01"}
    assert df["source"].str.startswith("AWS Price List Query API AmazonECS, publication 2026-11-20").all()


def test_round_trip_same_compare_result(user_dir):
    from advisor.compare import compare

    clients = Clients()
    pricing = clients.stub("pricing", "us-east-1")
    pricing.add_response("get_products", products_page(fargate_items_from_bundled("us-east-1", "USE1")))
    pricing.add_response("get_products", products_page(eks_items_from_bundled("us-east-1", "USE1")))
    refresh(["us-east-1"], ["fargate", "eks"], client_factory=clients.factory, now=NOW, sleep=lambda s: None)
    refreshed = PriceBook(data_dirs=[user_dir, BUNDLED_DIR])
    bundled = PriceBook(data_dirs=[BUNDLED_DIR])
    assert refreshed.fargate_rate("us-east-1").vcpu_hour.origin == "refreshed"
    assert refreshed.eks_rate("us-east-1", "cluster_hour").origin == "refreshed"
    fargate_and_eks = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]  # the tables this refresh wrote
    for example in ("web-app.yaml", "arm-windows-mix.yaml", "microservices.yaml"):
        a = compare(ROOT / "examples" / example, prices=refreshed, platforms=fargate_and_eks)
        b = compare(ROOT / "examples" / example, prices=bundled, platforms=fargate_and_eks)
        assert [(e.platform, round(e.monthly_cost, 6)) for e in a.estimates] == \
               [(e.platform, round(e.monthly_cost, 6)) for e in b.estimates]
        assert a.recommendation.platform == b.recommendation.platform
        assert {ln.as_of for e in a.estimates for ln in e.lines} == {"2026-11-26"}


def _seed_eu_west_1(user_dir) -> bytes:
    import_offer(ECS_CSV)
    return (user_dir / "fargate_rates.csv").read_bytes()


def test_empty_result_keeps_previous_data(user_dir):
    before = _seed_eu_west_1(user_dir)
    clients = Clients()
    clients.stub("pricing", "us-east-1").add_response("get_products", products_page([]))
    with pytest.raises(RefreshError) as err:
        refresh(["eu-west-1"], ["fargate"], client_factory=clients.factory, now=NOW, sleep=lambda s: None)
    assert "fargate_rates / eu-west-1" in str(err.value) and "no usable rows" in str(err.value)
    assert (user_dir / "fargate_rates.csv").read_bytes() == before
    assert PriceBook(data_dirs=[user_dir, BUNDLED_DIR]).fargate_rate("eu-west-1").vcpu_hour.usd == 0.04048


def test_crash_between_pages_keeps_previous_data_and_loads(user_dir):
    before = _seed_eu_west_1(user_dir)
    clients = Clients()
    pricing = clients.stub("pricing", "us-east-1")
    pricing.add_response("get_products", products_page(fargate_items_from_bundled("eu-west-1", "EU")[:3], "tok-1"))
    pricing.add_client_error("get_products", service_error_code="InternalFailure", http_status_code=500)
    with pytest.raises(RefreshError) as err:
        refresh(["eu-west-1"], ["fargate"], client_factory=clients.factory, now=NOW, sleep=lambda s: None)
    assert "FAILED fargate_rates / eu-west-1" in str(err.value) and "InternalFailure" in str(err.value)
    assert err.value.report.written == []
    assert (user_dir / "fargate_rates.csv").read_bytes() == before
    assert not list(user_dir.glob("*.tmp"))
    assert PriceBook(data_dirs=[user_dir, BUNDLED_DIR]).fargate_rate("eu-west-1", "arm64").vcpu_hour.usd == 0.03238


def test_partial_failure_writes_good_region_and_merges(user_dir):
    _seed_eu_west_1(user_dir)
    clients = Clients()
    pricing = clients.stub("pricing", "us-east-1")
    pricing.add_response("get_products", products_page(fargate_items_from_bundled("us-east-1", "USE1")))
    pricing.add_response("get_products", products_page([price_item("AmazonECS", "us-east-2", "USE2-Fargate-GB-Hours", 0.004445, "S1")]))
    with pytest.raises(RefreshError) as err:
        refresh(["us-east-1", "us-east-2"], ["fargate"], client_factory=clients.factory, now=NOW, sleep=lambda s: None)
    msg = str(err.value)
    assert "FAILED fargate_rates / us-east-2" in msg and "no usable rows" in msg
    assert "wrote fargate_rates: 5 new rows for us-east-1" in msg
    df = pd.read_csv(user_dir / "fargate_rates.csv")
    assert set(df["region"]) == {"eu-west-1", "us-east-1"}  # imported eu-west-1 kept, us-east-1 added
    assert set(df[df.region == "eu-west-1"]["origin"]) == {"imported"}


def test_refresh_ec2_prices_spot_and_instance_types(user_dir):
    clients = Clients()
    item = EC2_ITEM.read_text()
    pricing = clients.stub("pricing", "us-east-1")
    pricing.add_response("get_products", products_page([item]))
    pricing.add_response("get_products", products_page([_real_m5xl_items()["HXGQ45BFM9J2FJ3F"]]))  # the Windows query
    ec2 = clients.stub("ec2", "us-east-1")
    ec2.add_response("describe_instance_types", {"InstanceTypes": [{
        "InstanceType": "m5.large", "CurrentGeneration": True, "SupportedUsageClasses": ["on-demand", "spot"],
        "BareMetal": False, "Hypervisor": "nitro", "BurstablePerformanceSupported": False,
        "ProcessorInfo": {"SupportedArchitectures": ["x86_64"]}, "VCpuInfo": {"DefaultVCpus": 2},
        "MemoryInfo": {"SizeInMiB": 8192},
        "NetworkInfo": {"MaximumNetworkInterfaces": 3, "Ipv4AddressesPerInterface": 10, "DefaultNetworkCardIndex": 0,
                        "NetworkCards": [{"NetworkCardIndex": 0, "MaximumNetworkInterfaces": 3}]}}]})
    history = json.loads(SPOT_HISTORY.read_text())
    half = len(history["SpotPriceHistory"]) // 2
    ec2.add_response("describe_spot_price_history", {"SpotPriceHistory": history["SpotPriceHistory"][:half], "NextToken": "n1"})
    ec2.add_response("describe_spot_price_history", {"SpotPriceHistory": history["SpotPriceHistory"][half:]})
    floors = {"ec2_prices": 1, "ec2_instance_types": 1, "ec2_spot_prices": 1}
    refresh(["us-east-1"], ["ec2", "spot"], client_factory=clients.factory, now=NOW, floors=floors, sleep=lambda s: None)
    clients.assert_done()
    prices = pd.read_csv(user_dir / "ec2_prices.csv")
    assert prices[["instance_type", "usd_per_hour", "origin"]].values.tolist() == [["m5.large", 0.096, "refreshed"]]
    types = pd.read_csv(user_dir / "ec2_instance_types.csv")
    assert types.loc[0, "eks_max_pods"] == 29  # 3 x (10 - 1) + 2, as in eni-max-pods.txt
    spot = pd.read_csv(user_dir / "ec2_spot_prices.csv")
    hist = pd.DataFrame(history["SpotPriceHistory"]).astype({"SpotPrice": float})
    expected = hist.groupby("AvailabilityZone")["SpotPrice"].mean().mean()
    assert spot.loc[0, "usd_per_hour"] == pytest.approx(expected, abs=1e-6)
    assert "over 7 days to 2026-11-26" in spot.loc[0, "source"]
    book = PriceBook(data_dirs=[user_dir, BUNDLED_DIR])
    assert book.table("ec2_spot_prices").column("origin") == ["refreshed"]


def test_ec2_floor_refuses_truncated_result(user_dir):
    clients = Clients()
    clients.stub("pricing", "us-east-1").add_response("get_products", products_page([EC2_ITEM.read_text()]))
    with pytest.raises(RefreshError, match="below the floor of 50 rows"):
        refresh(["us-east-1"], ["ec2"], client_factory=lambda s, r: clients.factory(s, r) if s == "pricing" else
                _raise(RefreshError("no ec2 in this test")), now=NOW, sleep=lambda s: None)
    assert not (user_dir / "ec2_prices.csv").exists()


def _raise(exc):
    raise exc


def test_no_credentials_message(monkeypatch):
    import boto3

    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(CredentialsError, match="import-offer"):
        boto_client_factory(boto3.Session())


def test_no_credentials_during_call_is_credentials_error():
    from botocore.exceptions import NoCredentialsError

    class Broken:
        def get_products(self, **kw):
            raise NoCredentialsError()

    with pytest.raises(CredentialsError, match="AWS_PROFILE"):
        refresh(["us-east-1"], ["fargate"], client_factory=lambda s, r: Broken(), now=NOW)


# ====================================================================================== staleness
def test_stale_warnings_and_pricebook_staleness(user_dir):
    lines = [{"name": "Fargate vCPU", "as_of": "2021-01-09", "source": "old"},
             {"name": "EKS control plane", "as_of": "2026-11-20", "source": "new"}]
    warnings = stale_warnings(lines, 365, today=date(2026, 11, 26))
    # 2021-01-09 to 2026-11-26: 2147 days; only the stale price is named
    assert len(warnings) == 1 and "Fargate vCPU" in warnings[0] and "oldest 2147 days, 2021-01-09" in warnings[0]
    assert "EKS control plane" not in warnings[0]
    assert stale_warnings(lines, 10000, today=date(2026, 11, 26)) == []
    book = PriceBook(data_dirs=[BUNDLED_DIR])
    st = book.staleness("fargate_rates", "eu-west-1", 365, today=date(2026, 11, 26))
    assert st["stale"] and st["origin"] == ["bundled"]


def test_stale_warnings_of_a_comparison_leave_out_platforms_it_does_not_price_in_full():
    # mx-central-1 with fetched data: the warning named old EC2 prices that only platforms shown without a total
    # (services left unpriced) used. A platform priced in full is what the result rests on; with none, all of them.
    from types import SimpleNamespace as NS

    full = NS(complete=True, lines=[{"name": "Fargate vCPU", "as_of": "2026-11-20", "source": "fetch"}])
    part = NS(complete=False, lines=[{"name": "Instance usage (on-demand, m5.large)", "as_of": "2021-01-09",
                                      "source": "old"}])
    today = date(2026, 11, 26)
    assert stale_warnings(NS(estimates=[full, part], workload=NS(region="mx-central-1")), 365, today=today) == []
    [w] = stale_warnings(NS(estimates=[part], workload=NS(region="mx-central-1")), 365, today=today)
    assert "Instance usage (on-demand, m5.large)" in w and "advisor pricing fetch --region mx-central-1" in w


# ============================================================================================ CLI
def _cli(*args, env=None):
    from typer.testing import CliRunner

    from advisor.cli import app

    return CliRunner().invoke(app, list(args), env=env)


def test_cli_import_offer_and_show(user_dir):
    r = _cli("pricing", "import-offer", str(ECS_CSV))
    assert r.exit_code == 0, r.output
    assert "wrote fargate_rates: 3 new rows for eu-west-1" in r.stdout
    r = _cli("pricing", "show", "--region", "eu-west-1", "--format", "json")
    shown = json.loads(r.stdout)
    rows = [x for x in shown["tables"] if x["table"] == "fargate_rates"]
    assert rows[0]["origin"] == "bundled, imported" and rows[0]["rows"] == 5
    assert {p["platform"]: p["status"] for p in shown["platforms"]}["ecs-fargate"] == "priceable"


@pytest.mark.parametrize("args,message", [
    (["pricing", "import-offer", "README-missing.csv"], "does not exist"),
    (["pricing", "import-offer", str(EC2_ITEM)], "is not an AWS Price List offer JSON"),
    (["pricing", "import-offer", str(Path(__file__))], "is not an AWS Price List offer CSV"),
    (["pricing", "refresh", "--region", "us-east-1", "--tables", "fargate,lambda"], "unknown table group 'lambda'"),
    (["pricing", "refresh", "--region", "eu-wst-1"], "Did you mean 'eu-west-1'"),
    (["pricing", "refresh"], "--all-regions"),
    (["pricing", "refresh", "--region", "us-east-1", "--pricing-endpoint", "us-west-2"], "us-east-1, eu-central-1, ap-south-1"),
])
def test_cli_errors_exit_2(args, message):
    r = _cli(*args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr and "Traceback" not in r.output


def test_cli_refresh_without_credentials_exit_2(monkeypatch):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    r = _cli("pricing", "refresh", "--region", "us-east-1", "--no-progress")
    assert r.exit_code == 2 and "no AWS credentials found" in r.stderr and "import-offer" in r.stderr
    # the command that needs no credentials at all is named too
    assert "'advisor pricing fetch --region REGION'" in r.stderr and "no credentials needed" in r.stderr


def test_cli_compare_warns_on_stale_prices_exit_unchanged():
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), "--max-age-days", "30")
    assert r.exit_code == 0 and r.stderr.count("warning:") == 1 and "last confirmed over 30 days ago" in r.stderr
    assert "advisor pricing fetch --region us-east-1" in r.stderr
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), "--max-age-days", "100000")
    assert r.exit_code == 0 and "warning" not in r.stderr
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), env={"ADVISOR_MAX_PRICE_AGE_DAYS": "soon"})
    assert r.exit_code == 2 and "ADVISOR_MAX_PRICE_AGE_DAYS" in r.stderr


@pytest.mark.parametrize("value", ["1_0", "\u0663", "+5", "1e3", "-1"])
def test_max_price_age_variable_takes_ascii_digits_only(value):
    """$ADVISOR_MAX_PRICE_AGE_DAYS was read with int(), which takes '1_0' as 10 and an Arabic-Indic '\u0663' as 3,
    where $ADVISOR_WORKERS refuses both: one rule for every ADVISOR_* number."""
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), env={"ADVISOR_MAX_PRICE_AGE_DAYS": value})
    assert r.exit_code == 2 and r.stderr.startswith(f"error: $ADVISOR_MAX_PRICE_AGE_DAYS is {value!r}; it must be a "
                                                    "whole number of days >= 0 in the digits 0-9 (default 365). "
                                                    "Example: ADVISOR_MAX_PRICE_AGE_DAYS=180, or unset it."), r.output


def test_max_price_age_variable_blank_is_unset_and_spaces_are_ignored():
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), env={"ADVISOR_MAX_PRICE_AGE_DAYS": "   "})
    unset = _cli("compare", str(ROOT / "examples" / "web-app.yaml"))  # the autouse fixture unsets it: 365 days
    assert r.exit_code == 0 and (r.stdout, r.stderr) == (unset.stdout, unset.stderr), r.output
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), env={"ADVISOR_MAX_PRICE_AGE_DAYS": " 30 "})
    assert r.exit_code == 0 and "last confirmed over 30 days ago" in r.stderr, r.output


def test_compare_does_not_import_boto3():
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom advisor.cli import app\n"
            "r = CliRunner().invoke(app, ['compare', 'examples/web-app.yaml', '-f', 'json'])\n"
            "assert r.exit_code == 0, r.output\nassert 'boto3' not in sys.modules and 'botocore' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))


# ========================================================================================= live
@pytest.mark.live
@pytest.mark.skipif(os.environ.get("ADVISOR_LIVE_TESTS") != "1", reason="live AWS test: set ADVISOR_LIVE_TESTS=1 "
                    "and provide real credentials")
def test_live_refresh_us_east_1(tmp_path):
    report = refresh(["us-east-1"], ["fargate", "eks"], tmp_path)
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    assert book.fargate_rate("us-east-1").vcpu_hour.origin == "refreshed"
    assert report.written


def test_import_offer_ec2_bulk_csv_keeps_linux_shared_only(tmp_path, user_dir):
    header = ("SKU,OfferTermCode,RateCode,TermType,PriceDescription,EffectiveDate,StartingRange,EndingRange,Unit,"
              "PricePerUnit,Currency,Product Family,serviceCode,Location,Instance Type,Tenancy,Operating System,"
              "Pre Installed S/W,Capacity Status,License Model,usageType,operation,Region Code")
    rows = [
        ("SKU1,JRTCKXETXF,SKU1.JRTCKXETXF.6YS6EN2CT7,OnDemand,$0.107 per On Demand Linux m5.large Instance Hour,"
        "11/01/2026,0,Inf,Hrs,0.1070000000,USD,Compute Instance,AmazonEC2,EU (Ireland),m5.large,Shared,Linux,NA,Used,"
        "No License required,EU-BoxUsage:m5.large,RunInstances,eu-west-1"),
        ("SKU2,JRTCKXETXF,SKU2.JRTCKXETXF.6YS6EN2CT7,OnDemand,Windows,11/01/2026,0,Inf,Hrs,0.2030000000,USD,"
        "Compute Instance,AmazonEC2,EU (Ireland),m5.large,Shared,Windows,NA,Used,No License required,"
        "EU-BoxUsage:m5.large,RunInstances:0002,eu-west-1"),
        ("SKU3,JRTCKXETXF,SKU3.JRTCKXETXF.6YS6EN2CT7,OnDemand,Dedicated,11/01/2026,0,Inf,Hrs,0.1180000000,USD,"
        "Compute Instance,AmazonEC2,EU (Ireland),m5.large,Dedicated,Linux,NA,Used,No License required,"
        "EU-DedicatedUsage:m5.large,RunInstances,eu-west-1"),
        ("SKU4,4NA7Y494T4,SKU4.4NA7Y494T4.6YS6EN2CT7,Reserved,RI,11/01/2026,0,Inf,Hrs,0.0600000000,USD,"
        "Compute Instance,AmazonEC2,EU (Ireland),m5.large,Shared,Linux,NA,Used,No License required,"
        "EU-BoxUsage:m5.large,RunInstances,eu-west-1"),
    ]
    meta = ['"FormatVersion","v1.0"', '"Publication Date","2026-11-20T08:00:00Z"', '"Version","20261120080000"',
            '"OfferCode","AmazonEC2"']
    path = tmp_path / "index.csv"
    path.write_text("\n".join(meta + [header] + rows) + "\n")
    import_offer(path, floors={"ec2_prices": 1})
    df = pd.read_csv(user_dir / "ec2_prices.csv")
    assert df[["region", "instance_type", "usd_per_hour", "as_of", "origin"]].values.tolist() == [
        ["eu-west-1", "m5.large", 0.107, "2026-11-20", "imported"]]


def test_bundled_dir_is_never_written():
    with pytest.raises(PriceValidationError, match="read-only"):
        import_offer(ECS_CSV, data_dir=BUNDLED_DIR)


def test_refresh_onto_a_full_disk_names_it_and_keeps_the_table(user_dir, monkeypatch):
    """The write fails in the OS (ENOSPC while writing the temporary table): one failure line, the table as it was."""
    import errno

    from advisor.pricing import store

    before = _seed_eu_west_1(user_dir)
    clients = Clients()
    clients.stub("pricing", "us-east-1").add_response("get_products",
                                                      products_page(fargate_items_from_bundled("us-east-1", "USE1")))

    def full(table, merged, data_dir):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store, "_write_temp", full)
    with pytest.raises(RefreshError) as err:
        refresh(["us-east-1"], ["fargate"], client_factory=clients.factory, now=NOW, sleep=lambda s: None)
    assert f"FAILED fargate_rates / all: cannot write price data to {user_dir}: No space left on device" in str(err.value)
    assert err.value.report.written == [] and (user_dir / "fargate_rates.csv").read_bytes() == before


@pytest.mark.parametrize("value, says", [("1e308", "from 0 to 1e9"), ("2e9", "from 0 to 1e9"),
                                         ("0x10", "is not a number"), ("1_000", "is not a number")])
def test_a_user_table_with_an_impossible_size_exits_2_naming_the_cell(user_dir, value, says):
    """A size or price above 1e9 in user data (no AWS figure comes near it) is refused when the file is read, naming
    the file, line and column; 1e308 vCPUs overflowed the node-capacity conversion into a traceback."""
    user_dir.mkdir(parents=True, exist_ok=True)
    lines = (BUNDLED_DIR / "ec2_instance_types.csv").read_text().splitlines()
    header = lines[0].split(",")
    m5 = next(i for i, line in enumerate(lines) if line.startswith("m5.large,"))
    cells = lines[m5].split(",")
    cells[header.index("vcpu")] = value
    lines[m5] = ",".join(cells)
    (user_dir / "ec2_instance_types.csv").write_text("\n".join(lines) + "\n")
    r = _cli("compare", str(ROOT / "examples" / "web-app.yaml"), "--platform", "ecs-ec2")
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert f"line {m5 + 1}, column vcpu" in r.stderr and says in r.stderr, r.stderr


def test_a_fetched_price_above_1e9_is_refused_before_it_is_written():
    from advisor.pricing.store import validate_rows

    row = {"region": "us-east-1", "instance_type": "m5.large", "usd_per_hour": 0.096, "effective_date": "2026-09-01",
           "as_of": "2026-09-01", "source": "test"}
    validate_rows("ec2_prices", [row], "a test offer", floors={"ec2_prices": 1})
    with pytest.raises(PriceValidationError, match="usd_per_hour is not a finite number > 0 and at most 1e9"):
        validate_rows("ec2_prices", [dict(row, usd_per_hour=2e9)], "a test offer", floors={"ec2_prices": 1})


@pytest.mark.parametrize("data_dir", ["", " ", "\t", "sub/ "])
def test_a_blank_data_dir_is_refused_not_the_current_folder(tmp_path, monkeypatch, user_dir, data_dir):
    # typer read --data-dir '' as Path('') == '.', so an empty '--data-dir "$DIR"' wrote fargate_rates.csv (and the
    # lock file) into the current folder; ' ' made a folder named ' '
    monkeypatch.chdir(tmp_path)
    for args in (["pricing", "import-offer", str(ECS_CSV), "--data-dir", data_dir],
                 ["pricing", "fetch", "--region", "eu-west-1", "--data-dir", data_dir]):
        r = _cli(*args)
        assert r.exit_code == 2, r.output
        assert f"the data directory {data_dir!r} is blank" in r.stderr and "Nothing was fetched or written" in r.stderr
    with pytest.raises(PriceValidationError, match="is blank"):
        import_offer(ECS_CSV, data_dir="")
    assert [p.name for p in tmp_path.iterdir() if p.name != "user-data"] == []  # nothing in the current folder


def test_a_blank_advisor_data_dir_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = _cli("pricing", "import-offer", str(ECS_CSV), env={"ADVISOR_DATA_DIR": " "})
    assert r.exit_code == 2 and "$ADVISOR_DATA_DIR is ' ', which is blank" in r.stderr
    assert list(tmp_path.iterdir()) == []
