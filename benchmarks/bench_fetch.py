#!/usr/bin/env python3
"""Peak memory and speed of `advisor pricing fetch` on an EC2 offer file the size of a real region's.

Run:  python benchmarks/bench_fetch.py [--mb 350] [--format csv json] [--http]

Writes a synthetic AmazonEC2 offer for us-east-1 in AWS's layout (service index, region index, offer file) into a
temporary mirror, then runs the fetch in a fresh process and reports the process's peak RSS, the file size,
the time and the rows kept. The real us-east-1 EC2 offer is about 300-450 MB (issue 14 research, section 9);
its rows are mostly products advisor does not keep (other operating systems, tenancies, reservations), as here:
about 1 row in 20 is a Linux shared-tenancy On-Demand instance. Target: peak RSS under about 300 MB.
With --http the mirror is served by a local HTTP server on 127.0.0.1 (download to a temporary file included).
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
V = "20261115000000"
HEADER = ["SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange",
          "EndingRange", "Unit", "PricePerUnit", "Currency", "RelatedTo", "LeaseContractLength", "PurchaseOption",
          "OfferingClass", "Product Family", "serviceCode", "Location", "Location Type", "Instance Type",
          "Current Generation", "Instance Family", "vCPU", "Physical Processor", "Clock Speed", "Memory", "Storage",
          "Network Performance", "Processor Architecture", "Tenancy", "Operating System", "License Model",
          "usageType", "operation", "CapacityStatus", "Pre Installed S/W", "Region Code", "Volume API Name"]
OSES = ["Linux", "Windows", "RHEL", "SUSE", "Red Hat Enterprise Linux with HA", "Ubuntu Pro"]
TENANCY = ["Shared", "Dedicated", "Host"]
CAPACITY = ["Used", "UnusedCapacityReservation", "AllocatedCapacityReservation"]


def write_mirror(root: Path, target_mb: int, fmt: str) -> tuple[Path, int]:
    """A mirror with one AmazonEC2 offer of about ``target_mb`` MB; returns (offer path, Linux shared types)."""
    base = root / "offers/v1.0/aws"
    (base / "AmazonEC2/current").mkdir(parents=True)
    (base / "index.json").write_text(json.dumps({"offers": {"AmazonEC2": {
        "offerCode": "AmazonEC2", "currentRegionIndexUrl": "/offers/v1.0/aws/AmazonEC2/current/region_index.json"}}}))
    (base / "AmazonEC2/current/region_index.json").write_text(json.dumps({"regions": {"us-east-1": {
        "regionCode": "us-east-1", "currentVersionUrl": f"/offers/v1.0/aws/AmazonEC2/{V}/us-east-1/index.json"}}}))
    path = base / f"AmazonEC2/{V}/us-east-1/index.{fmt}"
    path.parent.mkdir(parents=True)
    limit = target_mb * 1_000_000
    linux = 0
    if fmt == "csv":
        with path.open("w", newline="") as fh:
            w = csv.writer(fh, quoting=csv.QUOTE_ALL)
            for k, v in (("FormatVersion", "v1.0"), ("Disclaimer", "benchmark"), ("Publication Date",
                         "2026-11-15T00:00:00Z"), ("Version", V), ("OfferCode", "AmazonEC2")):
                w.writerow([k, v])
            w.writerow(HEADER)
            i = 0
            while fh.tell() < limit:
                os_, ten, cap = OSES[i % 6], TENANCY[(i // 6) % 3], CAPACITY[(i // 18) % 3]
                itype = f"x{i // 54}.large"
                term = "OnDemand" if i % 4 else "Reserved"
                ok = (os_, ten, cap) == ("Linux", "Shared", "Used") and term == "OnDemand"
                linux += ok
                ut = ("BoxUsage" if ten == "Shared" else "DedicatedUsage") + f":{itype}"
                w.writerow([f"SKU{i:012d}", "JRTCKXETXF", f"SKU{i:012d}.JRTCKXETXF.6YS6EN2CT7", term,
                            f"${0.1 + i % 97 / 1000:.4f} per On Demand {os_} {itype} Instance Hour", "2026-11-01", "0",
                            "Inf", "Hrs", f"{0.1 + i % 97 / 1000:.10f}", "USD", "", "", "", "", "Compute Instance",
                            "AmazonEC2", "US East (N. Virginia)", "AWS Region", itype, "Yes", "General purpose", "2",
                            "Intel Xeon Platinum 8175", "3.1 GHz", "8 GiB", "EBS only", "Up to 10 Gigabit", "64-bit",
                            ten, os_, "No License required", ut, "RunInstances", cap, "NA", "us-east-1", ""])
                i += 1
        return path, linux
    with path.open("w") as fh:  # JSON: products then terms, streamed out as AWS's layout
        fh.write(f'{{"formatVersion":"v1.0","offerCode":"AmazonEC2","version":"{V}","publicationDate":'
                 '"2026-11-15T00:00:00Z","products":{')
        n = 0
        while fh.tell() < limit * 0.55:
            os_, ten, cap = OSES[n % 6], TENANCY[(n // 6) % 3], CAPACITY[(n // 18) % 3]
            itype = f"x{n // 54}.large"
            linux += (os_, ten, cap) == ("Linux", "Shared", "Used")
            attrs = {"servicecode": "AmazonEC2", "location": "US East (N. Virginia)", "locationType": "AWS Region",
                     "instanceType": itype, "vcpu": "2", "memory": "8 GiB", "tenancy": ten, "operatingSystem": os_,
                     "licenseModel": "No License required", "usagetype": ("BoxUsage" if ten == "Shared" else
                                                                          "DedicatedUsage") + f":{itype}",
                     "operation": "RunInstances", "capacitystatus": cap, "preInstalledSw": "NA", "regionCode": "us-east-1"}
            fh.write(("," if n else "") + json.dumps(f"SKU{n:012d}") + ":" + json.dumps(
                {"sku": f"SKU{n:012d}", "productFamily": "Compute Instance", "attributes": attrs}))
            n += 1
        fh.write('},"terms":{"OnDemand":{')
        for j in range(n):
            sku = f"SKU{j:012d}"
            fh.write(("," if j else "") + json.dumps(sku) + ":" + json.dumps({f"{sku}.JRTCKXETXF": {
                "offerTermCode": "JRTCKXETXF", "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": {f"{sku}.JRTCKXETXF.6YS6EN2CT7": {
                    "rateCode": f"{sku}.JRTCKXETXF.6YS6EN2CT7", "description": "benchmark", "beginRange": "0",
                    "endRange": "Inf", "unit": "Hrs", "pricePerUnit": {"USD": f"{0.1 + j % 97 / 1000:.10f}"},
                    "appliesTo": []}}, "termAttributes": {}}}))
        fh.write("}}}")
    return path, linux


def run(endpoint: str, fmt: str, work: Path) -> tuple[float, str, float]:
    """(seconds, Linux shared types written, the fetching process's own peak RSS in MB)."""
    code = ("import resource\nfrom advisor.pricing.fetch import fetch\n"
            f"r = fetch(['us-east-1'], ['AmazonEC2'], {str(work / 'user')!r}, endpoint={endpoint!r}, "
            f"file_format={fmt!r}, use_cache=False)\n"
            "print(sum(w.rows_new for w in r.written if w.table == 'ec2_prices'), "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stderr)
    kept, peak = out.stdout.split()
    return time.perf_counter() - t, kept, float(peak)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=350)
    ap.add_argument("--format", nargs="+", default=["csv", "json"])
    ap.add_argument("--http", action="store_true")
    args = ap.parse_args()
    for fmt in args.format:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            t0 = time.perf_counter()
            path, linux = write_mirror(work / "mirror", args.mb, fmt)
            size = path.stat().st_size / 1e6
            endpoint = str(work / "mirror")
            httpd = None
            if args.http:
                httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
                    type("H", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}), directory=endpoint))
                threading.Thread(target=httpd.serve_forever, daemon=True).start()
                endpoint = f"http://127.0.0.1:{httpd.server_address[1]}"
            seconds, kept, peak_mb = run(endpoint, fmt, work)
            if httpd:
                httpd.shutdown()
            print(f"{fmt:4s} {'http' if args.http else 'folder':6s} offer {size:7.1f} MB (written in "
                  f"{time.perf_counter() - t0 - seconds:5.1f} s)  fetch {seconds:6.1f} s  {size / seconds:6.1f} MB/s  "
                  f"peak RSS {peak_mb:6.1f} MB  "
                  f"ratio RSS/file {peak_mb / size:4.2f}  Linux shared types kept {kept} of {linux}")


if __name__ == "__main__":
    main()
