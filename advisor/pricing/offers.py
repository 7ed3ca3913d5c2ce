"""Turn AWS Price List data into advisor's price-table rows. Pure functions: no boto3, no network.

Inputs this module understands (AWS Billing User Guide, "Reading the price list files"):

* Price List **Query API** items: each element of ``PriceList`` from ``pricing.get_products`` (a JSON
  string, or the decoded dict) with ``product`` (``sku``, ``productFamily``, ``attributes``), ``terms``
  (``OnDemand`` -> term -> ``priceDimensions``) and ``publicationDate``.
* Price List **offer files** per service and region, as AWS publishes them under
  ``/offers/v1.0/aws/<Offer>/<version>/<region>/index.{csv,json}``: CSV (an optional ``sep=,`` line, metadata
  lines such as ``"Publication Date","2020-12-14T22:37:55Z"``, a header row whose first cell is ``SKU``, then
  one row per price dimension) or JSON (``{"offerCode", "version", "publicationDate", "products": {sku: ...},
  "terms": {"OnDemand": {sku: {term: ...}}}}``). Both are **streamed**: CSV row by row (lines that cannot
  match the service's selectors are skipped before CSV parsing), JSON with ``ijson`` in two passes (products,
  then ``terms.OnDemand``), so an EC2 offer of hundreds of MB never sits in memory.
* **Savings Plans** files (``/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/<version>/<region>/index.{csv,json}``):
  ``products`` is a list (Compute and EC2 Instance Savings Plans), ``terms.savingsPlan`` a list of plans with
  their ``rates`` per discounted SKU and usage type.
* EC2 ``DescribeSpotPriceHistory`` and ``DescribeInstanceTypes`` response items (``refresh``).

Every row produced keeps ``effective_date`` (the price term's ``EffectiveDate``), ``as_of`` (the date it was
confirmed: the fetch date when given, else the later of the file's publication date and the effective date)
and ``source`` (what was read), plus ``origin``. No price is invented: a rate the input lacks is absent.

Malformed input of any kind (``products`` as a list, a term that is a string, ``beginRange: "abc"``, a date like
``13/45/2022``, a price of ``inf`` or ``1e999``, a truncated file) raises ``OfferError`` naming the file and what
is wrong; never a traceback.

Usage types carry a region prefix (``USE1-``, ``EU-``, ``APS3-``; none for EC2 in us-east-1). This module never
maps prefixes to regions: it reads the product's ``regionCode`` attribute (or the region the file is for) and
matches the usage type *after* the prefix (``strip_prefix``).
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from advisor.errors import AdvisorError
from advisor.pricing.book import SHARED_UNITS  # shared_rates unit per item: the table's contract
from advisor.units import kind_of


class OfferError(AdvisorError):
    """A Price List item or offer file that cannot be read."""


#: The offer codes ``fetch`` and ``import-offer`` read, and the Savings Plans "service" (AWS's path name).
SAVINGS_PLANS = "AWSComputeSavingsPlan"
SERVICES = ("AmazonECS", "AmazonEKS", "AmazonEC2", "AmazonVPC", "AWSELB", "AmazonCloudWatch", SAVINGS_PLANS)



def norm_key(name: str) -> str:
    """Attribute names are spelled differently in CSV headers and JSON ('Region Code' vs 'regionCode')."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


def iso_date(text: str) -> str:
    """'2021-02-01T00:00:00Z', '2020-12-14T22:37:55Z', '01/01/2022' (bulk CSV, MM/DD/YYYY) -> ISO date.

    '' for a blank; ``OfferError`` for anything else, including impossible dates such as 13/45/2022."""
    text = str(text or "").strip()
    if not text:
        return ""
    try:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2))).isoformat()
    except ValueError:
        pass
    raise OfferError(f"unreadable date {text[:40]!r} in a Price List item (expected ISO 8601 such as 2026-09-01 or "
                     "MM/DD/YYYY such as 09/01/2026).")


def parse_usd(value, where: str) -> float:
    """A price cell -> finite float >= 0; ``OfferError`` naming ``where`` for text, NaN, inf, 1e999 or a negative."""
    try:
        usd = float(str(value).strip())
    except (TypeError, ValueError):
        usd = math.nan
    if not math.isfinite(usd) or usd < 0:
        raise OfferError(f"{where}: price {str(value)[:40]!r} is not a finite number >= 0. The file is damaged or not an "
                         "unmodified AWS offer file; download it again.")
    return usd


def _range(value, where: str) -> float:
    """beginRange/StartingRange: a number >= 0 ('Inf' allowed for endRange only, so not here)."""
    if value in (None, ""):
        return 0.0
    try:
        x = float(str(value).strip())
    except (TypeError, ValueError):
        x = math.nan
    if not math.isfinite(x) or x < 0:
        raise OfferError(f"{where}: beginRange {str(value)[:40]!r} is not a number >= 0. The file is damaged or not an "
                         "unmodified AWS offer file; download it again.")
    return x


_PREFIX = re.compile(r"^(?:[A-Z]{2,4}\d|EU)-(.+)$")


def strip_prefix(usagetype: str) -> str:
    """'USE1-Fargate-GB-Hours' -> 'Fargate-GB-Hours'; 'EU-EBS:VolumeUsage.gp3' -> 'EBS:VolumeUsage.gp3';
    'BoxUsage:m5.large' stays (EC2 in us-east-1 has no prefix), and so does 'TS-LoadBalancerUsage' (a region
    prefix is 2-4 capitals and a digit, or AWS's one exception 'EU' for eu-west-1)."""
    m = _PREFIX.match(str(usagetype))
    return m.group(1) if m else str(usagetype)


@dataclass
class OfferItem:
    """One product with its On-Demand price: ``usd`` is the first tier (lowest beginRange), ``paid_usd`` the
    first tier with a price above zero (tiered products start with a free tier)."""

    sku: str
    service_code: str
    product_family: str
    attributes: dict[str, str]  # keys normalised with norm_key
    usd: float | None
    unit: str
    effective_date: str  # ISO date
    publication_date: str  # ISO date ('' when unknown)
    description: str = ""
    default_region: str = ""  # the region a caller asked for, when the product lacks a regionCode attribute
    tiers: list[tuple[float, float]] = field(default_factory=list)  # (beginRange, usd)

    def attr(self, name: str) -> str:
        return self.attributes.get(norm_key(name), "") or ""

    @property
    def region(self) -> str:
        return self.attr("regionCode") or self.default_region

    @property
    def usagetype(self) -> str:
        return self.attr("usagetype")

    @property
    def paid_usd(self) -> float | None:
        for _, usd in sorted(self.tiers):
            if usd > 0:
                return usd
        return None


# ------------------------------------------------------------------------------------ Query API items
def _dimensions(terms: object, sku: str, where: str) -> list[tuple[float, dict, dict]]:
    """(beginRange, dimension, term) for every OnDemand price dimension, checking each level's shape."""
    if terms in (None, ""):
        return []
    if not isinstance(terms, dict):
        raise OfferError(f"{where}: the OnDemand terms of SKU {sku} are {kind_of(terms)}, not an object of "
                         "terms. The file is damaged or not an AWS offer file.")
    out = []
    for code, term in terms.items():
        if not isinstance(term, dict) or not isinstance(term.get("priceDimensions", {}), dict):
            raise OfferError(f"{where}: term {str(code)[:40]!r} of SKU {sku} is {kind_of(term)}, not an object "
                             "with priceDimensions. The file is damaged or not an AWS offer file.")
        for dim in term.get("priceDimensions", {}).values():
            if not isinstance(dim, dict):
                raise OfferError(f"{where}: a price dimension of SKU {sku} is not an object. The file is damaged.")
            out.append((_range(dim.get("beginRange"), f"{where}, SKU {sku}"), dim, term))
    return out


def _item_from_product(product: object, terms: object, pub: str, service: str, where: str) -> OfferItem:
    if not isinstance(product, dict) or not isinstance(product.get("attributes", {}), dict):
        raise OfferError(f"{where}: a product is {kind_of(product)}, not an object with sku and attributes. "
                         "The file is damaged or not an AWS offer file.")
    sku = str(product.get("sku", ""))
    if not sku:
        raise OfferError(f"{where}: a product has no sku. The file is damaged or not an AWS offer file.")
    attrs = {norm_key(k): str(v) for k, v in product.get("attributes", {}).items()}
    dims = _dimensions(terms, sku, where)
    usd, unit, eff, desc, tiers = None, "", "", "", []
    if dims:
        dims.sort(key=lambda t: t[0])
        for begin, dim, _term in dims:
            price = dim.get("pricePerUnit")
            if not isinstance(price, dict) or "USD" not in price:
                raise OfferError(f"{where}: SKU {sku}: an OnDemand price has no USD pricePerUnit.")
            tiers.append((begin, parse_usd(price["USD"], f"{where}, SKU {sku}")))
        _, dim, term = dims[0]
        usd, unit, desc = tiers[0][1], str(dim.get("unit", "")), str(dim.get("description", ""))
        eff = iso_date(term.get("effectiveDate", ""))
    return OfferItem(sku, attrs.get("servicecode", service), str(product.get("productFamily", "")), attrs, usd, unit,
                     eff, pub, desc, tiers=tiers)


def parse_query_item(item: str | dict) -> OfferItem:
    """One element of ``get_products()['PriceList']``. ``OfferError`` when it is not a Price List product."""
    try:
        d = json.loads(item) if isinstance(item, (str, bytes)) else item
        product = d["product"]
        terms = d.get("terms", {})
        terms = terms.get("OnDemand", {}) if isinstance(terms, dict) else terms
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OfferError(f"malformed Price List item ({type(exc).__name__}: {exc}); expected JSON with product.sku, "
                         "product.attributes and terms.OnDemand.") from None
    if not isinstance(d, dict):
        raise OfferError("malformed Price List item: not a JSON object.")
    return _item_from_product(product, terms, iso_date(d.get("publicationDate", "")), str(d.get("serviceCode", "")),
                              "Price List item")


# ------------------------------------------------------------------------------------- selectors
def _loc_ok(a: dict) -> bool:
    return a.get("locationtype", "AWS Region") in ("AWS Region", "")


def _ec2_linux(a: dict) -> bool:
    return (a.get("operatingsystem") == "Linux" and a.get("tenancy") == "Shared" and a.get("preinstalledsw") == "NA"
            and a.get("capacitystatus") == "Used" and a.get("licensemodel", "") in ("", "No License required")
            and a.get("operation", "RunInstances") in ("", "RunInstances")
            and strip_prefix(a.get("usagetype", "")).startswith("BoxUsage:"))


#: The usage operation AWS bills a Windows (licence-included) instance under: ``RunInstances:0002`` (Amazon EC2 User
#: Guide, "AMI billing information fields": platform "Windows", usage operation RunInstances:0002). BYOL is
#: ``RunInstances:0800``; "Windows without licenses" (licenseModel "License Included - Infrastructure") is
#: ``RunInstances:0002:box`` at the Linux rate: neither is the price of an instance launched from an AWS Windows AMI.
EC2_WINDOWS_OPERATION = "RunInstances:0002"
#: licenseModel values of the licence-included Windows product: AWS's current offers write "No License required"
#: on it (scttfrdmn/substrate emulator/pricing_offer_fixture_ec2.go @ 158e698a, copied from the live us-east-1
#: offer version 20260910195514: m5.xlarge Windows $0.376 under RunInstances:0002); older offers wrote
#: "License Included" (ligoj/plugin-prov-aws mock-server eu-west-1 index.csv, 2017).
EC2_WINDOWS_LICENSE_MODELS = ("", "No License required", "License Included")


def _ec2_windows(a: dict) -> bool:
    return (a.get("operatingsystem") == "Windows" and a.get("tenancy") == "Shared" and a.get("preinstalledsw") == "NA"
            and a.get("capacitystatus") == "Used" and a.get("licensemodel", "") in EC2_WINDOWS_LICENSE_MODELS
            and a.get("operation") == EC2_WINDOWS_OPERATION
            and strip_prefix(a.get("usagetype", "")).startswith("BoxUsage:"))


def _select_ecs(a: dict) -> bool:
    ut = strip_prefix(a.get("usagetype", ""))
    return _loc_ok(a) and ("Fargate" in ut or "SpotUsage" in ut or "Managed-Instances" in ut
                           or a.get("operation") == "ECSManagedInstancesUsage")


def _select_eks(a: dict) -> bool:
    ut = strip_prefix(a.get("usagetype", ""))
    return _loc_ok(a) and (ut.startswith("AmazonEKS-Hours:") or a.get("operation") in (
        "ProvisionedControlPlaneUsage", "EKSAutoUsage") or a.get("eksproducttype") == "AutoMode")


def _select_ec2(a: dict) -> bool:
    if not _loc_ok(a):
        return False
    ut = strip_prefix(a.get("usagetype", ""))
    return (_ec2_linux(a) or _ec2_windows(a) or ut in ("EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp2", "NatGateway-Hours",
                                    "NatGateway-Bytes", "PublicIPv4:InUseAddress"))


def _select_vpc(a: dict) -> bool:
    return _loc_ok(a) and strip_prefix(a.get("usagetype", "")) == "PublicIPv4:InUseAddress"


def _select_elb(a: dict) -> bool:
    return (_loc_ok(a) and strip_prefix(a.get("usagetype", "")) in ("LoadBalancerUsage", "LCUUsage")
            and a.get("operation") in ("LoadBalancing:Application", "LoadBalancing:Network"))


def _select_cloudwatch(a: dict) -> bool:
    return _loc_ok(a) and strip_prefix(a.get("usagetype", "")) in (
        "DataProcessing-Bytes", "TimedStorage-ByteHrs", "CW:MetricMonitorUsage")


#: Which products of each offer advisor keeps (attribute names normalised with norm_key).
SELECTORS: dict[str, Callable[[dict], bool]] = {
    "AmazonECS": _select_ecs, "AmazonEKS": _select_eks, "AmazonEC2": _select_ec2, "AmazonVPC": _select_vpc,
    "AWSELB": _select_elb, "AmazonCloudWatch": _select_cloudwatch,
}
#: A CSV line that contains none of these substrings cannot be selected, so it is skipped unparsed.
LINE_TOKENS: dict[str, tuple[str, ...]] = {
    "AmazonECS": ("Fargate", "SpotUsage", "Managed-Instances", "ManagedInstances"),
    "AmazonEKS": ("AmazonEKS-Hours", "ProvisionedControlPlane", "EKSAuto", "AutoMode"),
    "AmazonEC2": ("BoxUsage:", "EBS:VolumeUsage.gp", "NatGateway-", "PublicIPv4:InUse"),
    "AmazonVPC": ("PublicIPv4:InUse",),
    "AWSELB": ("LoadBalancerUsage", "LCUUsage"),
    "AmazonCloudWatch": ("DataProcessing-Bytes", "TimedStorage-ByteHrs", "MetricMonitorUsage"),
}


# ------------------------------------------------------------------------------------- offer files
@dataclass
class Offer:
    """An offer file: its metadata and the products kept (all of them when no selector applies)."""

    offer_code: str
    publication_date: str
    version: str
    items: list[OfferItem] = field(default_factory=list)
    path: str = ""
    region_code: str = ""
    rows_read: int = 0  # price rows (CSV) or products (JSON) seen
    non_usd_rows: int = 0  # OnDemand price rows in another currency (advisor reads USD prices only)


def sniff(path: Path) -> str:
    """'json' or 'csv' from the first non-blank character of a file."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] in (b"{", b"[") else "csv"


def read_offer_file(path: str | Path, select: bool = True, region: str = "", tick=None) -> Offer:
    """Read an offer file (CSV or JSON, detected from its content), streaming. ``OfferError`` if it is neither.

    With ``select`` only the products advisor uses are kept (``SELECTORS``, chosen by the file's offer code).
    ``region`` is the region the file is for (used when products lack ``regionCode``). ``tick(n)`` is called
    with the number of rows read, for progress bars.
    """
    path = Path(path)
    try:
        kind = sniff(path)
        if kind == "json":
            return _read_offer_json(path, select, region, tick)
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            return _read_offer_csv(fh, path, select, region, tick)
    except csv.Error as exc:
        raise OfferError(f"{path} is not a well-formed CSV ({exc}): the file is damaged or truncated; download it "
                         "again.") from None
    except OSError as exc:
        raise OfferError(f"cannot read offer file {path}: {exc.strerror or exc}. Give the path of an AWS Price List "
                         "offer file (index.csv or index.json).") from None
    except UnicodeDecodeError:
        raise OfferError(f"{path} is not a text file. Give an AWS Price List offer file (index.csv or index.json, "
                         "uncompressed).") from None


def _csv_meta_and_header(lines: Iterator[str], path: Path) -> tuple[dict[str, str], list[str]]:
    meta: dict[str, str] = {}
    for n, line in enumerate(lines):
        if n > 50:
            break
        row = next(csv.reader([line]), [])
        if not row or row[0].startswith("sep="):
            continue
        if norm_key(row[0]) == "sku":
            return meta, row
        if len(row) == 2:
            meta[norm_key(row[0])] = row[1]
            continue
        break
    raise OfferError(f"{path} is not an AWS Price List offer CSV: expected metadata lines such as \"Publication Date\" "
                     "and a header row starting with SKU. Download the offer's index.csv for one region again, or use "
                     "the JSON form (index.json).")


def _records(lines: Iterator[str]) -> Iterator[str]:
    """Whole CSV records from lines (a quoted field may span lines: an odd number of quotes continues it)."""
    buf = ""
    for line in lines:
        buf += line
        if buf.count('"') % 2 == 0:
            yield buf
            buf = ""
    if buf:
        yield buf


def _check_last_record(last: str, n: int, keys: list[str], path: Path) -> None:
    """``OfferError`` when the last record of a CSV file has another number of fields than its header: a file cut
    short (an interrupted download, a full disk) ends in a partial record, which the readers' line filter skips when
    it is a row advisor does not use; every row after the cut would then be lost without a word. AWS quotes every field
    of its CSV price lists, so a cut inside the last field leaves a quote open (``_records`` yields it at the end)."""
    if last.count('"') % 2:  # a quoted field never closed: cut inside its last field, which has every field
        raise OfferError(f"{path}: its last row (row {n}) ends inside a quoted field. The file is truncated (an "
                         "interrupted download?); download it again.")
    tail = next(csv.reader([last]), []) if last.strip() else []
    if tail and len(tail) != len(keys):
        raise OfferError(f"{path}: its last row (row {n}) has {len(tail)} fields, the header has {len(keys)}. The file "
                         "is truncated (an interrupted download?); download it again.")


def _read_offer_csv(fh, path: Path, select: bool, region: str, tick) -> Offer:
    meta, header = _csv_meta_and_header(iter(fh), path)
    keys = [norm_key(h) for h in header]
    for need in ("sku", "termtype", "priceperunit", "usagetype"):
        if need not in keys:
            raise OfferError(f"{path} is not an AWS Price List offer CSV: its header lacks {need!r} (it has "
                             f"{', '.join(header[:8])}, ...). The format may have changed; download the file again or "
                             "use the JSON form.")
    pub = iso_date(meta.get("publicationdate", ""))
    offer = Offer(meta.get("offercode", ""), pub, meta.get("version", ""), path=str(path), region_code=region)
    selector = SELECTORS.get(offer.offer_code) if select else None
    tokens = LINE_TOKENS.get(offer.offer_code) if select else None
    items: dict[str, OfferItem] = {}
    n, last = 0, ""
    for n, rec in enumerate(_records(fh), start=1):
        last = rec
        if tick and n % 20000 == 0:
            tick(20000)
        if tokens is not None and ("OnDemand" not in rec or not any(t in rec for t in tokens)):
            continue
        row = next(csv.reader([rec]), [])
        if not row:
            continue
        if len(row) != len(keys):
            raise OfferError(f"{path}: price row {n} has {len(row)} fields, the header has {len(keys)}. The file is "
                             "truncated or not an unmodified AWS offer file; download it again.")
        a = dict(zip(keys, row))
        if a.get("termtype") != "OnDemand" or (selector is not None and not selector(a)):
            continue
        where = f"{path.name} row {n}"
        usd = parse_usd(a.get("priceperunit"), where) if a.get("currency", "USD") in ("USD", "") else None
        if usd is None:
            offer.non_usd_rows += 1
        begin = _range(a.get("startingrange"), where)
        sku = a.get("sku", "")
        it = items.get(sku)
        if it is not None and usd is not None and any(b == begin and u != usd for b, u in it.tiers):
            raise OfferError(f"{where}: SKU {sku} has two OnDemand prices for the same range (from {begin:g}): "
                             f"{next(u for b, u in it.tiers if b == begin):g} and {usd:g} USD. An AWS offer file has "
                             "one price per SKU and range; the file is damaged or edited. Download it again.")
        if it is None:
            it = items[sku] = OfferItem(sku, a.get("servicecode", offer.offer_code), a.get("productfamily", ""), a, usd,
                                        a.get("unit", ""), iso_date(a.get("effectivedate", "")), pub,
                                        a.get("pricedescription", ""), default_region=region)
        elif begin < min(b for b, _ in it.tiers):
            it.usd, it.unit, it.description = usd, a.get("unit", ""), a.get("pricedescription", "")
            it.effective_date = iso_date(a.get("effectivedate", ""))
        if usd is not None:
            it.tiers.append((begin, usd))
    _check_last_record(last, n, keys, path)
    if tick:
        tick(n % 20000)
    offer.rows_read = n
    offer.items = list(items.values())
    if not offer.offer_code and offer.items:
        offer.offer_code = offer.items[0].service_code
    return offer


def _ijson():
    import ijson  # lazily: only offer-file reading needs it (a C-backed streaming JSON parser)

    return ijson


def _json_errors():
    ijson = _ijson()
    return (ijson.JSONError, ijson.IncompleteJSONError, ValueError, UnicodeDecodeError)


#: The longest run of digits an offer file may hold. AWS's longest numbers (prices such as 0.0000000000, SKUs and
#: offer-term codes are strings) have a few dozen digits; ijson's C backend (3.x) crashes the process with a
#: segmentation fault on a number of 4,300 digits or more (Python's int-conversion limit), so such a file is refused
#: before ijson reads it.
MAX_DIGIT_RUN = 1000


def _check_digit_runs(path: Path, chunk_bytes: int = 8 << 20) -> None:
    """``OfferError`` when the file holds a run of more than ``MAX_DIGIT_RUN`` ASCII digits (read in chunks; a run
    that spans two chunks is counted whole)."""
    long_run = re.compile(rb"[0-9]{%d}" % (MAX_DIGIT_RUN + 1))
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(chunk_bytes):
            data = tail + chunk
            if long_run.search(data):
                raise OfferError(f"{path} holds a number of more than {MAX_DIGIT_RUN:,} digits, which no AWS price "
                                 "list has: the file is damaged or not an AWS offer file; download it again.")
            stripped = data.rstrip(b"0123456789")
            tail = data[len(stripped):]  # the digits at the end, which the next chunk may continue


def _json_head(path: Path) -> tuple[dict, str]:
    """Top-level scalar metadata (offerCode, version, publicationDate, regionCode) and the JSON type of
    ``products`` ('object', 'list', 'string', ... or '' when absent). Stops at ``products``; metadata placed after
    it is found with a second, C-level scan. Refuses a file ijson could crash on first (``_check_digit_runs``)."""
    ijson = _ijson()
    _check_digit_runs(path)
    meta: dict = {}
    kind = ""
    with path.open("rb") as fh:
        for prefix, event, value in ijson.parse(fh):
            if prefix == "products" and event != "map_key":
                kind = {"start_map": "object", "start_array": "list"}.get(event, event)
                break
            if prefix and "." not in prefix and event in ("string", "number"):
                meta[prefix] = value
    for key in ("publicationDate", "offerCode", "version", "regionCode"):
        if key not in meta and kind:
            with path.open("rb") as fh:
                found = next(ijson.items(fh, key), None)
            if isinstance(found, (str, int, float)):
                meta[key] = found
    return meta, kind


def _read_offer_json(path: Path, select: bool, region: str, tick) -> Offer:
    ijson = _ijson()
    try:
        meta, products_kind = _json_head(path)
    except _json_errors() as exc:
        raise OfferError(f"{path} is not readable JSON ({str(exc)[:120]}): the file is truncated or damaged; "
                         "download it again.") from None
    if products_kind != "object":
        raise OfferError(f"{path} is not an AWS Price List offer JSON: 'products' is "
                         f"{'missing' if not products_kind else 'a ' + products_kind}, expected an object keyed by SKU. "
                         "The format may have changed; download the offer's index.json again or use index.csv.")
    pub = iso_date(meta.get("publicationDate", ""))
    code = str(meta.get("offerCode", ""))
    offer = Offer(code, pub, str(meta.get("version", "")), path=str(path), region_code=str(meta.get("regionCode", region)))
    selector = SELECTORS.get(code) if select else None
    kept: dict[str, dict] = {}
    n = 0
    try:
        with path.open("rb") as fh:
            for n, (sku, product) in enumerate(ijson.kvitems(fh, "products"), start=1):
                if tick and n % 20000 == 0:
                    tick(20000)
                if not isinstance(product, dict) or not isinstance(product.get("attributes", {}), dict):
                    raise OfferError(f"{path}: product {str(sku)[:40]} is {kind_of(product)}, not an object "
                                     "with attributes. The file is damaged or not an AWS offer file.")
                attrs = {norm_key(k): str(v) for k, v in product.get("attributes", {}).items()}
                if selector is None or selector(attrs):
                    kept[str(sku)] = product
        if tick:
            tick(n % 20000)
        found: dict[str, object] = {}
        with path.open("rb") as fh:
            for sku, terms in ijson.kvitems(fh, "terms.OnDemand"):
                if str(sku) in kept:
                    found[str(sku)] = terms
    except _json_errors() as exc:
        raise OfferError(f"{path} is not readable JSON ({str(exc)[:120]}): the file is truncated or damaged; "
                         "download it again.") from None
    for sku, product in kept.items():
        item = _item_from_product(product, found.get(sku, {}), pub, code, path.name)
        item.default_region = region
        offer.items.append(item)
    offer.rows_read = n
    return offer


# ----------------------------------------------------------------------------------------- Fargate
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


def _dates(pub: str, effs: Iterable[str], confirmed: str | None) -> tuple[str, str]:
    """(effective_date, as_of). effective_date: the latest effective date among the row's components (the row's
    price as a whole holds from then). as_of: ``confirmed`` (the fetch date) when given, else the later of the
    publication date and the effective date (an imported file: the price is known to hold on that date)."""
    effs = [e for e in effs if e]
    eff = max(effs) if effs else ""
    if confirmed:
        return eff, confirmed
    return eff, max(pub or "", eff)


def _source(kind: str, service: str, pub: str, effs: Iterable[str], extra: str = "") -> str:
    effs = sorted({e for e in effs if e})
    eff = f", effective {effs[0]}" if len(effs) == 1 else (f", effective {effs[0]}..{effs[-1]}" if effs else "")
    return f"AWS Price List {kind} {service}, publication {pub or 'unknown'}{eff}{extra}"


def _want(it: OfferItem, want: set[str] | None) -> bool:
    return bool(it.region) and (want is None or it.region in want)


def fargate_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
                 confirmed: str | None = None) -> list[dict]:
    """fargate_rates rows, one per (region, arch, os, capacity) that has both a vCPU and a GB rate.

    The ephemeral-storage rate (one per region) is put on every On-Demand row of that region, as in the
    bundled snapshot. ``kind`` is 'Query API' or 'bulk offer <file>' and goes into ``source``.
    """
    want = set(regions) if regions else None
    acc: dict[str, dict] = {}
    for it in items:
        cls = classify_fargate(it.usagetype)
        if cls is None or it.usd is None or not _want(it, want):
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
        eff, as_of = _dates(pub, reg["eff"], confirmed)
        for (arch, os_, cap), rates in sorted(reg["rates"].items()):
            if "usd_per_vcpu_hour" not in rates or "usd_per_gb_hour" not in rates:
                continue
            rows.append({
                "region": region, "arch": arch, "os": os_, "capacity": cap,
                "usd_per_vcpu_hour": rates["usd_per_vcpu_hour"],
                "usd_per_gb_hour": rates["usd_per_gb_hour"],
                "usd_per_os_license_vcpu_hour": rates.get("usd_per_os_license_vcpu_hour"),
                "usd_per_ephemeral_storage_gb_hour": reg["eph"] if cap == "on_demand" else None,
                "effective_date": eff, "as_of": as_of,
                "source": _source(kind, "AmazonECS", pub, reg["eff"]),
                "origin": origin,
            })
    return rows


# --------------------------------------------------------------------------------------------- EKS
EKS_ITEMS = {"AmazonEKS-Hours:perCluster": "cluster_hour", "AmazonEKS-Hours:extendedSupport": "extended_support_surcharge"}


def _eks_item(it: OfferItem) -> str | None:
    ut = strip_prefix(it.usagetype)
    if ut in EKS_ITEMS:
        return EKS_ITEMS[ut]
    if it.attr("operation") == "ProvisionedControlPlaneUsage":
        m = re.fullmatch(r"HAProvisioned(\w+)", it.attr("tiertype"))
        return f"provisioned_control_plane_{m.group(1).lower()}" if m else None
    return None


def _one(rows: dict, key: tuple, row: dict, value_col: str, what: str) -> None:
    """Add ``row`` under ``key``; two different prices for one key mean the selection is too loose."""
    old = rows.get(key)
    if old is not None and old[value_col] != row[value_col]:
        raise OfferError(f"two different prices for {what} {key}: {old[value_col]} and {row[value_col]} "
                         f"({old['_sku']} and {row['_sku']}). The offer file has changed in a way advisor does not "
                         "understand; nothing was written.")
    rows[key] = row


def eks_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
             confirmed: str | None = None) -> list[dict]:
    """eks_rates rows per region: ``<PFX>-AmazonEKS-Hours:perCluster`` (cluster_hour),
    ``<PFX>-AmazonEKS-Hours:extendedSupport`` (the surcharge on top of the standard cluster-hour) and the
    Provisioned Control Plane tiers (operation ProvisionedControlPlaneUsage, tiertype HAProvisioned<size>)."""
    want = set(regions) if regions else None
    rows: dict = {}
    for it in items:
        item = _eks_item(it)
        if item is None or it.usd is None or not _want(it, want):
            continue
        eff, as_of = _dates(it.publication_date, [it.effective_date], confirmed)
        _one(rows, (it.region, item), {
            "region": it.region, "item": item, "usd_per_cluster_hour": it.usd, "region_scope": "region",
            "effective_date": eff, "as_of": as_of,
            "source": _source(kind, "AmazonEKS", it.publication_date, [it.effective_date], f", usagetype {it.usagetype}"),
            "origin": origin, "_sku": it.sku,
        }, "usd_per_cluster_hour", "EKS")
    return list(rows.values())


def managed_fee_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
                     confirmed: str | None = None) -> list[dict]:
    """managed_instance_fees rows: ECS Managed Instances (AmazonECS, operation ECSManagedInstancesUsage or a
    ``…ECS-Managed-Instances:<type>…`` usage type) and EKS Auto Mode (AmazonEKS, eksproducttype AutoMode or
    operation EKSAutoUsage), per instance type (attribute instanceType, else parsed from the usage type)."""
    want = set(regions) if regions else None
    rows: dict = {}
    for it in items:
        ut = strip_prefix(it.usagetype)
        if it.attr("operation") == "ECSManagedInstancesUsage" or "Managed-Instances" in ut:
            offering, service = "ecs_managed_instances", "AmazonECS"
        elif it.attr("eksproducttype") == "AutoMode" or it.attr("operation") == "EKSAutoUsage":
            offering, service = "eks_auto_mode", "AmazonEKS"
        else:
            continue
        itype = it.attr("instanceType")
        if not itype:
            m = re.search(r":([a-z0-9-]+\.[a-z0-9-]+?)(?:-management|$)", ut)
            itype = m.group(1) if m else ""
        if not itype or it.usd is None or not _want(it, want):
            continue
        eff, as_of = _dates(it.publication_date, [it.effective_date], confirmed)
        _one(rows, (it.region, offering, itype), {
            "region": it.region, "offering": offering, "instance_type": itype, "usd_per_hour": it.usd,
            "usage_type": it.usagetype, "effective_date": eff, "as_of": as_of,
            "source": _source(kind, service, it.publication_date, [it.effective_date]), "origin": origin, "_sku": it.sku,
        }, "usd_per_hour", "management fee")
    return list(rows.values())


# --------------------------------------------------------------------------------------------- EC2
EC2_LINUX_FILTER = {"operatingsystem": "Linux", "tenancy": "Shared", "preinstalledsw": "NA", "capacitystatus": "Used"}


def is_linux_shared_ondemand(it: OfferItem) -> bool:
    """Linux, shared tenancy, no pre-installed software, capacity status Used, a BoxUsage usage type."""
    return _ec2_linux(it.attributes)


def is_windows_shared_ondemand(it: OfferItem) -> bool:
    """Windows Server licence-included (usage operation ``RunInstances:0002``), shared tenancy, no pre-installed
    software (no SQL Server), capacity status Used, a BoxUsage usage type: the hourly price of an instance launched
    from an AWS Windows AMI (the ECS-optimized and EKS-optimized Windows AMIs are such AMIs)."""
    return _ec2_windows(it.attributes)


def _ec2_rows(items: Iterable[OfferItem], kind: str, origin: str, regions, confirmed, keep: Callable, label: str,
              what: str) -> list[dict]:
    want = set(regions) if regions else None
    rows: dict = {}
    for it in items:
        if it.usd is None or not _want(it, want) or not keep(it):
            continue
        itype = it.attr("instanceType") or strip_prefix(it.usagetype).split(":", 1)[1]
        eff, as_of = _dates(it.publication_date, [it.effective_date], confirmed)
        _one(rows, (it.region, itype), {
            "region": it.region, "instance_type": itype, "usd_per_hour": it.usd, "effective_date": eff, "as_of": as_of,
            "source": _source(kind, "AmazonEC2", it.publication_date, [it.effective_date], label),
            "origin": origin, "_sku": it.sku,
            # kept for validation (a guard against dedicated rows, or rows of the other OS); dropped before writing
            "_tenancy": it.attr("tenancy"), "_os": it.attr("operatingSystem"),
        }, "usd_per_hour", what)
    return list(rows.values())


def ec2_price_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
                   confirmed: str | None = None) -> list[dict]:
    """ec2_prices rows (Linux, shared tenancy, On-Demand) from AmazonEC2 products; other products are skipped."""
    return _ec2_rows(items, kind, origin, regions, confirmed, is_linux_shared_ondemand,
                     "; Linux, Shared tenancy, On-Demand", "EC2 instance")


def ec2_windows_price_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
                           confirmed: str | None = None) -> list[dict]:
    """ec2_windows_prices rows (Windows Server licence-included, shared tenancy, On-Demand: ``is_windows_shared_
    ondemand``) from AmazonEC2 products, one per (region, instance type), in USD per instance-hour; other products
    (Linux, BYOL, SQL Server, "Windows without licenses", Dedicated, capacity reservations) are skipped."""
    return _ec2_rows(items, kind, origin, regions, confirmed, is_windows_shared_ondemand,
                     f"; Windows licence-included ({EC2_WINDOWS_OPERATION}), Shared tenancy, On-Demand",
                     "EC2 Windows instance")


def ebs_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
             confirmed: str | None = None) -> list[dict]:
    """ebs_rates rows: gp3 and gp2 storage per GB-month (usage types ``EBS:VolumeUsage.gp3`` / ``.gp2``)."""
    want = set(regions) if regions else None
    rows: dict = {}
    for it in items:
        ut = strip_prefix(it.usagetype)
        if ut not in ("EBS:VolumeUsage.gp3", "EBS:VolumeUsage.gp2") or it.usd is None or not _want(it, want):
            continue
        eff, as_of = _dates(it.publication_date, [it.effective_date], confirmed)
        vol = ut.rsplit(".", 1)[1]
        _one(rows, (it.region, vol), {
            "region": it.region, "volume_type": vol, "usd_per_gb_month": it.usd, "effective_date": eff, "as_of": as_of,
            "source": _source(kind, "AmazonEC2", it.publication_date, [it.effective_date], f", usagetype {it.usagetype}"),
            "origin": origin, "_sku": it.sku,
        }, "usd_per_gb_month", "EBS volume")
    return list(rows.values())


def _shared_item(it: OfferItem) -> tuple[str, float | None] | None:
    """(shared_rates item, price) for an ELB, NAT, public IPv4 or CloudWatch product; None for others."""
    ut, op = strip_prefix(it.usagetype), it.attr("operation")
    if ut == "LoadBalancerUsage" and op == "LoadBalancing:Application":
        return "alb_hour", it.usd
    if ut == "LCUUsage" and op == "LoadBalancing:Application":
        return "alb_lcu_hour", it.usd
    if ut == "LoadBalancerUsage" and op == "LoadBalancing:Network":
        return "nlb_hour", it.usd
    if ut == "LCUUsage" and op == "LoadBalancing:Network":
        return "nlb_lcu_hour", it.usd
    if ut == "NatGateway-Hours":
        return "nat_gateway_hour", it.usd
    if ut == "NatGateway-Bytes":
        return "nat_gateway_gb", it.usd
    if ut == "PublicIPv4:InUseAddress":
        return "public_ipv4_hour", it.usd
    if ut == "DataProcessing-Bytes" and op in ("PutLogEvents", ""):
        return "logs_ingested_gb", it.paid_usd  # Standard class; the first tier with a price (free tier skipped)
    if ut == "TimedStorage-ByteHrs":
        return "logs_stored_gb_month", it.paid_usd
    if ut == "CW:MetricMonitorUsage":
        return "cloudwatch_custom_metric_month", it.paid_usd  # the first paid volume tier (first 10,000 metrics)
    return None


def shared_rows(items: Iterable[OfferItem], kind: str, origin: str, regions: Iterable[str] | None = None,
                confirmed: str | None = None) -> list[dict]:
    """shared_rates rows: ALB/NLB hour and LCU-hour (AWSELB; trust-store ``TS-`` and Outposts rows excluded),
    NAT gateway hour and GB processed (AmazonEC2, the zonal ``NatGateway-*`` usage types), public IPv4 in-use
    address hour (AmazonVPC, or AmazonEC2 in older files), CloudWatch Logs ingestion (Standard,
    ``DataProcessing-Bytes``) and storage (``TimedStorage-ByteHrs``) and custom metrics (``CW:MetricMonitorUsage``,
    first paid tier) from AmazonCloudWatch."""
    want = set(regions) if regions else None
    rows: dict = {}
    for it in items:
        got = _shared_item(it)
        if got is None or got[1] is None or not _want(it, want):
            continue
        item, usd = got
        eff, as_of = _dates(it.publication_date, [it.effective_date], confirmed)
        _one(rows, (it.region, item), {
            "region": it.region, "item": item, "usd": usd, "unit": SHARED_UNITS[item], "effective_date": eff,
            "as_of": as_of, "source": _source(kind, it.service_code or "offer", it.publication_date, [it.effective_date],
                                              f", usagetype {it.usagetype}"),
            "origin": origin, "_sku": it.sku,
        }, "usd", "shared cost")
    return list(rows.values())


#: offer code -> (table, row builder) pairs an offer feeds.
EXTRACTORS: dict[str, tuple[tuple[str, Callable], ...]] = {
    "AmazonECS": (("fargate_rates", fargate_rows), ("managed_instance_fees", managed_fee_rows)),
    "AmazonEKS": (("eks_rates", eks_rows), ("managed_instance_fees", managed_fee_rows)),
    "AmazonEC2": (("ec2_prices", ec2_price_rows), ("ec2_windows_prices", ec2_windows_price_rows), ("ebs_rates", ebs_rows),
                  ("shared_rates", shared_rows)),
    "AmazonVPC": (("shared_rates", shared_rows),),
    "AWSELB": (("shared_rates", shared_rows),),
    "AmazonCloudWatch": (("shared_rates", shared_rows),),
}


def offer_rows(offer: Offer, kind: str, origin: str, regions: Iterable[str] | None = None,
               confirmed: str | None = None) -> dict[str, list[dict]]:
    """Every table's rows from one offer: ``{table: rows}`` (tables with no rows are left out)."""
    out: dict[str, list[dict]] = {}
    for table, fn in EXTRACTORS.get(offer.offer_code, ()):
        rows = fn(offer.items, kind, origin, regions, confirmed)
        if rows:
            out.setdefault(table, []).extend(rows)
    return out


# ---------------------------------------------------------------------------------- Savings Plans
PLAN_FAMILIES = {"ComputeSavingsPlans": "compute_savings_plan", "EC2InstanceSavingsPlans": "ec2_instance_savings_plan"}
PURCHASE_OPTIONS = {"no upfront": "no_upfront", "partial upfront": "partial_upfront", "all upfront": "all_upfront"}


def _keep_sp_rate(service: str, usagetype: str, operation: str) -> bool:
    """Rates advisor keeps: Fargate usage types (AmazonECS) and Linux shared-tenancy EC2 instance hours."""
    ut = strip_prefix(usagetype)
    if service == "AmazonECS":
        return ut.startswith("Fargate-")
    return service == "AmazonEC2" and ut.startswith("BoxUsage:") and operation == "RunInstances"


def _term_years(value, where: str) -> str:
    m = re.match(r"\s*(\d+)", str(value or ""))
    if not m or m.group(1) not in ("1", "3"):
        raise OfferError(f"{where}: Savings Plan term {str(value)[:20]!r} is not 1 or 3 years. The file is damaged or "
                         "its format has changed; download it again.")
    return m.group(1)


def _sp_row(plan_family: str, term, purchase: str, family: str, service: str, usagetype: str, operation: str,
            price, unit: str, dsku: str, eff: str, region: str, where: str) -> dict | None:
    plan = PLAN_FAMILIES.get(plan_family)
    option = PURCHASE_OPTIONS.get(str(purchase).strip().lower())
    if plan is None or option is None:
        return None
    ut = strip_prefix(usagetype)
    return {
        "region": region, "plan": plan, "term_years": _term_years(term, where), "purchase_option": option,
        "service_code": service, "usage_type": ut, "operation": operation,
        "instance_type": ut.split(":", 1)[1] if service == "AmazonEC2" else "",
        "instance_family": family if plan == "ec2_instance_savings_plan" else "",
        "usd_per_unit": parse_usd(price, where), "unit": unit or "Hrs", "on_demand_sku": dsku,
        "effective_date": iso_date(eff),
    }


@dataclass
class SavingsPlansOffer:
    """A Savings Plans file: metadata and the rates kept (rows of savings_plans_rates without as_of/source)."""

    publication_date: str
    version: str
    region_code: str
    rates: list[dict] = field(default_factory=list)
    path: str = ""
    rows_read: int = 0


def read_savings_plans_file(path: str | Path, region: str = "", tick=None) -> SavingsPlansOffer:
    """Read a Savings Plans file (CSV or JSON), streaming; keep the Fargate and Linux EC2 instance rates."""
    path = Path(path)
    try:
        if sniff(path) == "json":
            return _read_sp_json(path, region, tick)
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            return _read_sp_csv(fh, path, region, tick)
    except csv.Error as exc:
        raise OfferError(f"{path} is not a well-formed CSV ({exc}): the file is damaged or truncated; download it "
                         "again.") from None
    except OSError as exc:
        raise OfferError(f"cannot read Savings Plans file {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise OfferError(f"{path} is not a text file (expected a Savings Plans index.csv or index.json).") from None


def _read_sp_csv(fh, path: Path, region: str, tick) -> SavingsPlansOffer:
    meta, header = _csv_meta_and_header(iter(fh), path)
    keys = [norm_key(h) for h in header]
    for need in ("discountedrate", "discountedservicecode", "discountedusagetype", "purchaseoption",
                 "leasecontractlength", "productfamily"):
        if need not in keys:
            raise OfferError(f"{path} is not an AWS Savings Plans CSV: its header lacks {need!r}. The format may have "
                             "changed; download the file again or use the JSON form.")
    offer = SavingsPlansOffer(iso_date(meta.get("publicationdate", "")), meta.get("version", ""), region, path=str(path))
    n, last = 0, ""
    for n, rec in enumerate(_records(fh), start=1):
        last = rec
        if tick and n % 20000 == 0:
            tick(20000)
        if "Fargate-" not in rec and "BoxUsage:" not in rec:
            continue
        row = next(csv.reader([rec]), [])
        if len(row) != len(keys):
            raise OfferError(f"{path}: row {n} has {len(row)} fields, the header has {len(keys)}. The file is "
                             "truncated or not an unmodified AWS file; download it again.")
        a = dict(zip(keys, row))
        if not _keep_sp_rate(a["discountedservicecode"], a["discountedusagetype"], a.get("discountedoperation", "")):
            continue
        reg = a.get("discountedregioncode") or region
        if region and reg != region:
            continue
        sp = _sp_row(a["productfamily"], a["leasecontractlength"], a["purchaseoption"], a.get("instancefamily", ""),
                     a["discountedservicecode"], a["discountedusagetype"], a.get("discountedoperation", ""), a["discountedrate"], a.get("unit", ""),
                     a.get("discountedsku", ""), a.get("effectivedate", ""), reg, f"{path.name} row {n}")
        if sp is not None:
            offer.rates.append(sp)
    _check_last_record(last, n, keys, path)
    if tick:
        tick(n % 20000)
    offer.rows_read = n
    return offer


def _read_sp_json(path: Path, region: str, tick) -> SavingsPlansOffer:
    """Two streaming passes: products (a list, small), then each rate of each plan in ``terms.savingsPlan``."""
    ijson = _ijson()
    try:
        meta, products_kind = _json_head(path)
    except _json_errors() as exc:
        raise OfferError(f"{path} is not readable JSON ({str(exc)[:120]}): the file is truncated or damaged; "
                         "download it again.") from None
    if products_kind != "list":
        raise OfferError(f"{path} is not an AWS Savings Plans JSON: 'products' should be a list (found "
                         f"{products_kind or 'nothing'}). The format may have changed; download the file again.")
    reg_code = str(meta.get("regionCode", "")) or region
    offer = SavingsPlansOffer(iso_date(meta.get("publicationDate", "")), str(meta.get("version", "")), reg_code,
                              path=str(path))
    products: dict[str, dict] = {}
    n = 0
    try:
        with path.open("rb") as fh:
            for p in ijson.items(fh, "products.item"):
                if not isinstance(p, dict) or not isinstance(p.get("attributes", {}), dict):
                    raise OfferError(f"{path}: a Savings Plans product is not an object with attributes. The file is "
                                     "damaged or not an AWS file.")
                products[str(p.get("sku", ""))] = p
        with path.open("rb") as fh:
            plan: dict = {}
            builder = None
            for prefix, event, value in ijson.parse(fh):
                if not prefix.startswith("terms.savingsPlan.item"):
                    continue
                if prefix == "terms.savingsPlan.item" and event == "start_map":
                    plan = {"sku": "", "effectiveDate": "", "duration": ""}
                elif prefix == "terms.savingsPlan.item.sku":
                    plan["sku"] = str(value)
                elif prefix == "terms.savingsPlan.item.effectiveDate":
                    plan["effectiveDate"] = str(value)
                elif prefix == "terms.savingsPlan.item.leaseContractLength.duration":
                    plan["duration"] = value
                elif prefix == "terms.savingsPlan.item.rates.item" and event == "start_map":
                    builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                elif builder is not None and prefix == "terms.savingsPlan.item.rates.item" and event == "end_map":
                    builder.event(event, value)
                    n += 1
                    if tick and n % 20000 == 0:
                        tick(20000)
                    _add_sp_json_rate(offer, products, plan, builder.value, path, region)
                    builder = None
                elif builder is not None:
                    builder.event(event, value)
    except _json_errors() as exc:
        raise OfferError(f"{path} is not readable JSON ({str(exc)[:120]}): the file is truncated or damaged; "
                         "download it again.") from None
    if tick:
        tick(n % 20000)
    offer.rows_read = n
    return offer


def _add_sp_json_rate(offer: SavingsPlansOffer, products: dict, plan: dict, rate: object, path: Path,
                      region: str) -> None:
    where = f"{path.name}, plan {plan.get('sku', '')[:20]}"
    if not isinstance(rate, dict):
        raise OfferError(f"{where}: a rate is not an object. The file is damaged or not an AWS file.")
    service, ut, op = (str(rate.get(k, "")) for k in ("discountedServiceCode", "discountedUsageType", "discountedOperation"))
    if not _keep_sp_rate(service, ut, op):
        return
    product = products.get(plan.get("sku", ""))
    if product is None:
        raise OfferError(f"{where}: the plan's SKU is not among the file's products. The file is damaged or its format "
                         "has changed; download it again.")
    attrs = product.get("attributes", {})
    price = rate.get("discountedRate", {})
    if not isinstance(price, dict):
        raise OfferError(f"{where}: discountedRate is not an object with a price.")
    if price.get("currency", "USD") != "USD":
        return
    term = plan.get("duration") or attrs.get("purchaseTerm", "")
    row = _sp_row(str(product.get("productFamily", "")), term, attrs.get("purchaseOption", ""),
                  str(attrs.get("instanceType", "")), service, ut, op, price.get("price"), str(rate.get("unit", "")),
                  str(rate.get("discountedSku", "")), plan.get("effectiveDate", ""), offer.region_code or region, where)
    if row is not None:
        offer.rates.append(row)


def savings_plans_rows(offer: SavingsPlansOffer, kind: str, origin: str, regions: Iterable[str] | None = None,
                       confirmed: str | None = None) -> list[dict]:
    """savings_plans_rates rows from a Savings Plans file (one per plan, term, option and usage type)."""
    want = set(regions) if regions else None
    rows: dict = {}
    for r in offer.rates:
        if not r["region"] or (want is not None and r["region"] not in want):
            continue
        eff, as_of = _dates(offer.publication_date, [r["effective_date"]], confirmed)
        key = tuple(r[k] for k in ("region", "plan", "term_years", "purchase_option", "usage_type", "operation"))
        _one(rows, key, {**r, "effective_date": eff, "as_of": as_of,
                         "source": _source(kind, SAVINGS_PLANS, offer.publication_date, [r["effective_date"]]),
                         "origin": origin, "_sku": r["on_demand_sku"]}, "usd_per_unit", "Savings Plans rate")
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
            price = parse_usd(h["SpotPrice"], "Spot price history")
        except (KeyError, TypeError):
            raise OfferError(f"malformed Spot price history entry {str(h)[:120]!r}: expected SpotPrice.") from None
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
            # InstanceStorageInfo is absent for types without an instance store
            "instance_storage_gb": int((it.get("InstanceStorageInfo") or {}).get("TotalSizeInGB") or 0),
            "as_of": as_of,
            "source": f"EC2 DescribeInstanceTypes ({region}), retrieved {as_of}",
            "origin": origin,
        })
    return rows

