"""Turn AWS Price List data into advisor's price-table rows. Pure functions: no boto3, no network.

Inputs this module understands:

* Price List **Query API** items: each element of ``PriceList`` from ``pricing.get_products`` (a JSON
  string, or the decoded dict) with ``product`` (``sku``, ``productFamily``, ``attributes``), ``terms``
  (``OnDemand`` -> term -> ``priceDimensions``) and ``publicationDate``.
* Price List **bulk offer** files as AWS publishes them per service and region: CSV (an optional ``sep=,``
  line, five quoted metadata lines such as ``"Publication Date","2020-12-14T22:37:55Z"``, then a header
  and one row per price dimension) or JSON (``{"offerCode", "publicationDate", "products": {sku: ...},
  "terms": {"OnDemand": {sku: {term: ...}}}}``).
* EC2 ``DescribeSpotPriceHistory`` and ``DescribeInstanceTypes`` response items.

Every row produced keeps ``as_of`` (the offer's publication date; for Spot and instance specs, the retrieval
date) and ``source`` (what was read, with the price's effective date), plus ``origin`` (refreshed/imported).
No price is invented: a rate the input lacks is simply absent, and validation in ``refresh`` says so.

Usage types carry a region prefix (``USE1-``, ``EU-``, ``APS3-`` ...; none for EC2 in us-east-1). Public
prefix tables disagree for newer regions, so this module never maps prefixes: it reads the product's
``regionCode`` attribute and matches the usage type *after* the prefix.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from advisor.errors import AdvisorError


class OfferError(AdvisorError):
    """A Price List item or offer file that cannot be read."""


SERVICES = ("AmazonECS", "AmazonEC2", "AmazonEKS")


def norm_key(name: str) -> str:
    """Attribute names are spelled differently in CSV headers and JSON ('Region Code' vs 'regionCode')."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


@dataclass
class OfferItem:
    """One product with its On-Demand price (first price dimension starting at 0)."""

    sku: str
    service_code: str
    product_family: str
    attributes: dict[str, str]  # keys normalised with norm_key
    usd: float | None
    unit: str
    effective_date: str  # ISO date
    publication_date: str  # ISO date ('' when unknown)
    description: str = ""

    def attr(self, name: str) -> str:
        return self.attributes.get(norm_key(name), "") or ""

    default_region: str = ""  # the region a caller asked for, when the product lacks a regionCode attribute

    @property
    def region(self) -> str:
        return self.attr("regionCode") or self.default_region

    @property
    def usagetype(self) -> str:
        return self.attr("usagetype")


def iso_date(text: str) -> str:
    """'2021-02-01T00:00:00Z', '2020-12-14T22:37:55Z', '01/01/2022' (bulk CSV, MM/DD/YYYY) -> ISO date."""
    text = str(text or "").strip()
    if not text:
        return ""
    m = re.match(r"(\d{4}-\d{2}-\d{2})", text)
    if m:
        return m.group(1)
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if m:
        return date(int(m.group(3)), int(m.group(1)), int(m.group(2))).isoformat()
    raise OfferError(f"unreadable date {text!r} in a Price List item (expected ISO 8601 or MM/DD/YYYY).")


def strip_prefix(usagetype: str) -> str:
    """'USE1-Fargate-GB-Hours' -> 'Fargate-GB-Hours'; 'BoxUsage:m5.large' stays (us-east-1 has no prefix)."""
    m = re.match(r"^[A-Z]{2,4}\d?-(.+)$", usagetype)
    return m.group(1) if m else usagetype


# ------------------------------------------------------------------------------------ Query API items
def parse_query_item(item: str | dict) -> OfferItem:
    """One element of ``get_products()['PriceList']``. ``OfferError`` when it is not a Price List product."""
    try:
        d = json.loads(item) if isinstance(item, (str, bytes)) else item
        product = d["product"]
        attrs = {norm_key(k): str(v) for k, v in product.get("attributes", {}).items()}
        sku = product["sku"]
        terms = d.get("terms", {}).get("OnDemand", {})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OfferError(f"malformed Price List item ({type(exc).__name__}: {exc}); expected JSON with product.sku, "
                         "product.attributes and terms.OnDemand.") from None
    usd, unit, eff, desc = None, "", "", ""
    dims = []
    for term in terms.values():
        for dim in term.get("priceDimensions", {}).values():
            dims.append((term, dim))
    if dims:
        dims.sort(key=lambda td: float(td[1].get("beginRange", "0") or 0))
        term, dim = dims[0]
        try:
            usd = float(dim["pricePerUnit"]["USD"])
        except (KeyError, ValueError, TypeError):
            raise OfferError(f"malformed Price List item {sku}: its OnDemand price has no USD pricePerUnit.") from None
        unit, desc = dim.get("unit", ""), dim.get("description", "")
        eff = iso_date(term.get("effectiveDate", ""))
    return OfferItem(sku, attrs.get("servicecode", d.get("serviceCode", "")), product.get("productFamily", ""), attrs,
                     usd, unit, eff, iso_date(d.get("publicationDate", "")), desc)


# ------------------------------------------------------------------------------------- bulk offer files
@dataclass
class Offer:
    """A bulk offer file: its metadata and its products."""

    offer_code: str
    publication_date: str
    version: str
    items: list[OfferItem] = field(default_factory=list)
    path: str = ""


def read_offer_file(path: str | Path) -> Offer:
    """Read a bulk offer file (CSV or JSON, detected from its content). ``OfferError`` if it is neither."""
    path = Path(path)
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            head = fh.read(1)
            while head and head.isspace():
                head = fh.read(1)
            fh.seek(0)
            if head == "{":
                return _read_offer_json(fh, path)
            return _read_offer_csv(fh, path)
    except OSError as exc:
        raise OfferError(f"cannot read offer file {path}: {exc.strerror or exc}. Give the path of an AWS Price List "
                         "bulk offer file (index.csv or index.json).") from None
    except UnicodeDecodeError:
        raise OfferError(f"{path} is not a text file. Give an AWS Price List bulk offer file (index.csv or index.json, "
                         "uncompressed).") from None


def _read_offer_csv(fh, path: Path) -> Offer:
    reader = csv.reader(fh)
    meta: dict[str, str] = {}
    header: list[str] | None = None
    for row in reader:
        if not row or row[0].startswith("sep="):
            continue
        if len(row) == 2 and norm_key(row[0]) in ("formatversion", "disclaimer", "publicationdate", "version",
                                                   "offercode"):
            meta[norm_key(row[0])] = row[1]
            continue
        header = row
        break
    keys = [norm_key(h) for h in header or []]
    if not header or "sku" not in keys or "priceperunit" not in keys or "termtype" not in keys:
        raise OfferError(f"{path} is not an AWS Price List bulk offer CSV: expected metadata lines such as "
                         "\"Publication Date\" and a header with SKU, TermType, PricePerUnit, usageType. Download the "
                         "offer's index.csv for one region, or use the JSON form.")
    pub = iso_date(meta.get("publicationdate", ""))
    offer = Offer(meta.get("offercode", ""), pub, meta.get("version", ""), path=str(path))
    # An EC2 regional offer has hundreds of thousands of rows: keep only the Linux shared-tenancy ones early.
    pre = EC2_LINUX_FILTER if offer.offer_code == "AmazonEC2" else {}
    best: dict[str, tuple[float, OfferItem]] = {}
    for n, row in enumerate(reader, start=1):
        if len(row) != len(keys):
            raise OfferError(f"{path}: price row {n} has {len(row)} fields, the header has {len(keys)}. The file is "
                             "truncated or not an unmodified AWS offer file; download it again.")
        rec = dict(zip(keys, row))
        if rec.get("termtype") != "OnDemand" or any(rec.get(k) != v for k, v in pre.items()):
            continue
        try:
            usd = float(rec["priceperunit"]) if rec.get("currency", "USD") == "USD" else None
            begin = float(rec.get("startingrange") or 0)
        except ValueError:
            raise OfferError(f"{path}: price row {n} (SKU {rec.get('sku')}) has a non-numeric price "
                             f"{rec.get('priceperunit')!r}.") from None
        item = OfferItem(rec["sku"], rec.get("servicecode", offer.offer_code), rec.get("productfamily", ""), rec, usd,
                         rec.get("unit", ""), iso_date(rec.get("effectivedate", "")), pub, rec.get("pricedescription", ""))
        if rec["sku"] not in best or begin < best[rec["sku"]][0]:
            best[rec["sku"]] = (begin, item)
    offer.items = [it for _, it in best.values()]
    if not offer.offer_code and offer.items:
        offer.offer_code = offer.items[0].service_code
    return offer


def _read_offer_json(fh, path: Path) -> Offer:
    try:
        d = json.load(fh)
        products = d["products"]
        terms = d["terms"].get("OnDemand", {})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise OfferError(f"{path} is not an AWS Price List bulk offer JSON: expected an object with 'products' and "
                         "'terms'. Download the offer's index.json for one region, or use the CSV form.") from None
    pub = iso_date(d.get("publicationDate", ""))
    offer = Offer(d.get("offerCode", ""), pub, str(d.get("version", "")), path=str(path))
    for sku, product in products.items():
        item = parse_query_item({"product": product, "terms": {"OnDemand": terms.get(sku, {})}, "publicationDate": pub,
                                 "serviceCode": offer.offer_code})
        offer.items.append(item)
    return offer


# ----------------------------------------------------------------------------------------- Fargate
_FARGATE_COLS = ("usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_os_license_vcpu_hour",
                 "usd_per_ephemeral_storage_gb_hour")


def classify_fargate(usagetype: str) -> tuple[str, str, str, str] | None:
    """Map an AmazonECS usage type to (arch, os, capacity, column); None for non-Fargate usage types.

    Recognised (after the region prefix, case-insensitive): ``Fargate-vCPU-Hours:perCPU``,
    ``Fargate-GB-Hours``, ``Fargate-ARM-vCPU-Hours:perCPU``, ``Fargate-ARM-GB-Hours``,
    ``Fargate-Windows-vCPU-Hours:perCPU``, ``Fargate-Windows-GB-Hours``, ``Fargate-Windows-OS-Hours:perCPU``,
    ``Fargate-EphemeralStorage-GB-Hours`` and the Spot forms ``SpotUsage-vcpu-hours`` /
    ``SpotUsage-gb-hours`` (also spelled ``Fargate-SpotUsage-vCPU-Hours``; ``ARM-`` for Graviton).
    ECS-EC2 metering and ECS Anywhere usage types return None.
    """
    rest = strip_prefix(usagetype).lower().split(":")[0]
    tokens = rest.split("-")
    if "fargate" not in tokens and "spotusage" not in tokens:
        return None
    if {"ecs", "anywhere", "ec2"} & set(tokens) or "hours" not in tokens:
        return None
    arch = "arm64" if "arm" in tokens else "x86_64"
    os_ = "windows" if "windows" in tokens else "linux"
    capacity = "spot" if ("spotusage" in tokens or "spot" in tokens) else "on_demand"
    if "ephemeralstorage" in tokens:
        return ("*", "*", "on_demand", "usd_per_ephemeral_storage_gb_hour")
    if "os" in tokens:
        column = "usd_per_os_license_vcpu_hour"
    elif "vcpu" in tokens:
        column = "usd_per_vcpu_hour"
    elif "gb" in tokens:
        column = "usd_per_gb_hour"
    else:
        return None
    return (arch, os_, capacity, column)


def _as_of(pub: str, effs: Iterable[str]) -> str:
    """The date the price is known to hold: the offer's publication date, or the term's effective date when
    that is later (a trimmed or back-dated file)."""
    return max([pub, *effs] or [""], key=lambda x: x or "")


def _source(kind: str, service: str, pub: str, effs: Iterable[str], extra: str = "") -> str:
    effs = sorted({e for e in effs if e})
    eff = f", effective {effs[0]}" if len(effs) == 1 else (f", effective {effs[0]}..{effs[-1]}" if effs else "")
    return f"AWS Price List {kind} {service}, publication {pub or 'unknown'}{eff}{extra}"


def fargate_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None) -> list[dict]:
    """fargate_rates rows, one per (region, arch, os, capacity) that has both a vCPU and a GB rate.

    The ephemeral-storage rate (one per region) is put on every On-Demand row of that region, as in the
    bundled snapshot. ``kind`` is 'Query API' or 'bulk offer <file>' and goes into ``source``.
    """
    want = set(regions) if regions else None
    acc: dict[str, dict] = {}
    for it in items:
        cls = classify_fargate(it.usagetype)
        if cls is None or it.usd is None or not it.region:
            continue
        if want is not None and it.region not in want:
            continue
        reg = acc.setdefault(it.region, {"rates": {}, "eph": None, "pub": set(), "eff": set()})
        arch, os_, cap, col = cls
        if col == "usd_per_ephemeral_storage_gb_hour":
            reg["eph"] = it.usd
        else:
            reg["rates"].setdefault((arch, os_, cap), {})[col] = it.usd
        reg["pub"].add(it.publication_date)
        reg["eff"].add(it.effective_date)
    rows = []
    for region, reg in sorted(acc.items()):
        pub = max((p for p in reg["pub"] if p), default="")
        for (arch, os_, cap), rates in sorted(reg["rates"].items()):
            if "usd_per_vcpu_hour" not in rates or "usd_per_gb_hour" not in rates:
                continue
            rows.append({
                "region": region, "arch": arch, "os": os_, "capacity": cap,
                "usd_per_vcpu_hour": rates["usd_per_vcpu_hour"],
                "usd_per_gb_hour": rates["usd_per_gb_hour"],
                "usd_per_os_license_vcpu_hour": rates.get("usd_per_os_license_vcpu_hour"),
                "usd_per_ephemeral_storage_gb_hour": reg["eph"] if cap == "on_demand" else None,
                "as_of": _as_of(pub, reg["eff"]),
                "source": _source(kind, "AmazonECS", pub, reg["eff"]),
                "origin": origin,
            })
    return rows


# --------------------------------------------------------------------------------------------- EKS
EKS_ITEMS = {"hours:percluster": "cluster_hour", "hours:extendedsupport": "extended_support_surcharge"}


def eks_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None) -> list[dict]:
    """eks_rates-shaped rows per region (with a ``region`` field): ``<PFX>-AmazonEKS-Hours:perCluster`` and
    ``<PFX>-AmazonEKS-Hours:extendedSupport`` (the surcharge on top of the standard cluster-hour)."""
    want = set(regions) if regions else None
    rows = []
    for it in items:
        ut = strip_prefix(it.usagetype).lower()
        if not ut.startswith("amazoneks-"):
            continue
        item = EKS_ITEMS.get(ut[len("amazoneks-"):])
        if item is None or it.usd is None or not it.region or (want is not None and it.region not in want):
            continue
        rows.append({
            "region": it.region, "item": item, "usd_per_cluster_hour": it.usd,
            "usagetype_pattern": f"<REGIONPREFIX>-{strip_prefix(it.usagetype)}",
            "as_of": _as_of(it.publication_date, [it.effective_date]),
            "source": _source(kind, "AmazonEKS", it.publication_date, [it.effective_date], f", usagetype {it.usagetype}"),
            "origin": origin,
        })
    return rows


# --------------------------------------------------------------------------------------------- EC2
EC2_LINUX_FILTER = {"operatingsystem": "Linux", "tenancy": "Shared", "preinstalledsw": "NA", "capacitystatus": "Used"}


def is_linux_shared_ondemand(it: OfferItem) -> bool:
    """Linux, shared tenancy, no pre-installed software, capacity status Used, a BoxUsage usage type."""
    if any(it.attributes.get(k, "") != v for k, v in EC2_LINUX_FILTER.items()):
        return False
    lic = it.attributes.get("licensemodel", "No License required")
    return lic in ("", "No License required") and strip_prefix(it.usagetype).startswith("BoxUsage:")


def ec2_price_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None) -> list[dict]:
    """ec2_prices rows (Linux, shared tenancy, On-Demand) from AmazonEC2 products; other products are skipped."""
    want = set(regions) if regions else None
    rows = {}
    for it in items:
        if it.usd is None or not it.region or (want is not None and it.region not in want):
            continue
        if not is_linux_shared_ondemand(it):
            continue
        itype = it.attr("instanceType")
        if not itype:
            continue
        rows[(it.region, itype)] = {
            "region": it.region, "instance_type": itype, "usd_per_hour": it.usd,
            "as_of": _as_of(it.publication_date, [it.effective_date]),
            "source": _source(kind, "AmazonEC2", it.publication_date, [it.effective_date],
                              "; Linux, Shared tenancy, On-Demand"),
            "origin": origin,
            # kept for validation (a guard against dedicated/Windows rows); dropped before writing
            "_tenancy": it.attr("tenancy"), "_os": it.attr("operatingSystem"),
        }
    return list(rows.values())


# -------------------------------------------------------------------------------------- EC2 Spot
def spot_price_rows(history: Iterable[dict], region: str, window_days: int, end: datetime, origin: str) -> list[dict]:
    """ec2_spot_prices rows: per instance type, the mean over availability zones of each zone's mean
    Linux/UNIX Spot price in the window. Price points are the change events AWS returns (not time-weighted)."""
    per: dict[str, dict[str, list[float]]] = {}
    for h in history:
        if h.get("ProductDescription", "Linux/UNIX") != "Linux/UNIX":
            continue
        try:
            price = float(h["SpotPrice"])
        except (KeyError, ValueError, TypeError):
            raise OfferError(f"malformed Spot price history entry {h!r}: expected SpotPrice.") from None
        per.setdefault(h["InstanceType"], {}).setdefault(h.get("AvailabilityZone", ""), []).append(price)
    rows = []
    for itype, zones in sorted(per.items()):
        zone_means = [sum(v) / len(v) for v in zones.values()]
        n = sum(len(v) for v in zones.values())
        rows.append({
            "region": region, "instance_type": itype, "usd_per_hour": round(sum(zone_means) / len(zone_means), 6),
            "as_of": end.date().isoformat(),
            "source": (f"EC2 DescribeSpotPriceHistory Linux/UNIX, mean of per-AZ means over {window_days} days to "
                       f"{end.date().isoformat()} ({n} price points, {len(zones)} AZs)"),
            "origin": origin,
        })
    return rows


# ------------------------------------------------------------------------------- EC2 instance specs
def instance_type_rows(items: Iterable[dict], as_of: str, region: str, origin: str) -> list[dict]:
    """ec2_instance_types rows from DescribeInstanceTypes ``InstanceTypes`` entries. EKS max pods is
    computed as ENIs (default card) x (IPv4 per ENI - 1) + 2, the formula of awslabs/amazon-eks-ami."""
    rows = []
    for it in items:
        try:
            name = it["InstanceType"]
            archs = it["ProcessorInfo"]["SupportedArchitectures"]
            net = it["NetworkInfo"]
            cards = net.get("NetworkCards") or []
            default_idx = net.get("DefaultNetworkCardIndex", 0)
            enis = next((c["MaximumNetworkInterfaces"] for c in cards if c.get("NetworkCardIndex") == default_idx),
                        net["MaximumNetworkInterfaces"])
            ipv4 = net["Ipv4AddressesPerInterface"]
            vcpu = it["VCpuInfo"]["DefaultVCpus"]
            mem = it["MemoryInfo"]["SizeInMiB"]
        except (KeyError, TypeError):
            raise OfferError(f"malformed DescribeInstanceTypes entry {str(it)[:120]!r}.") from None
        arch = "arm64" if "arm64" in archs else ("x86_64" if "x86_64" in archs else None)
        if arch is None:
            continue  # Mac hosts etc. are not in the advisor's tables
        rows.append({
            "instance_type": name, "family": name.split(".")[0], "vcpu": vcpu, "memory_mib": mem,
            "architecture": arch, "max_enis_default_card": enis, "ipv4_per_eni": ipv4,
            "eks_max_pods": enis * (ipv4 - 1) + 2,
            "eks_max_pods_source": "computed: ENIs x (IPv4 per ENI - 1) + 2",
            "spot_supported": "spot" in it.get("SupportedUsageClasses", []),
            "current_generation": bool(it.get("CurrentGeneration", False)),
            "burstable": bool(it.get("BurstablePerformanceSupported", False)),
            "bare_metal": bool(it.get("BareMetal", False)),
            "gpu_count": sum(g.get("Count", 0) for g in (it.get("GpuInfo") or {}).get("Gpus", [])),
            "hypervisor": it.get("Hypervisor", ""),
            "as_of": as_of,
            "source": f"EC2 DescribeInstanceTypes ({region}), retrieved {as_of}",
            "origin": origin,
        })
    return rows

