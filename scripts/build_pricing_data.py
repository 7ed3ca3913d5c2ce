#!/usr/bin/env python3
"""Build the bundled price snapshot in ``pricing_data/`` from the public reference facts.

Usage::

    python scripts/build_pricing_data.py [--reference ../shared/reference] [--out pricing_data]

The reference folder holds public facts (AWS price feeds, Karpenter's generated tables, the EKS AMI's
max-pods data, the Spot Instance Advisor feed); its README says where each came from. This script reshapes
them into the project's own schema, keeps every price's own ``as_of`` date and ``source``, and writes a
``manifest.json`` saying when and from what each table was built. It never fills a gap with a guess: a
region or rate that the reference lacks stays missing, and the tool says so at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
# The reference files were gathered in 2026-11; an undated page is labelled with that retrieval month.
UNDATED_RETRIEVED = "2026-11-01"


CONFIRMED_MARK = "same value in 2026-09 Price List"
CONFIRMED_DATE = "2026-09-11"


def _iso_date(text: str) -> tuple[str, str]:
    """Split a free-text date note into (ISO date, note).

    Rows whose value a 2026-09 document confirmed against the AWS Price List AmazonECS offer (published
    2026-09-11) are dated by that confirmation: the price is known to hold on that date.
    """
    text = str(text)
    if CONFIRMED_MARK in text or "values match 2026-09 doc" in text:
        return CONFIRMED_DATE, f"{text}; first seen 2021-01-09, confirmed unchanged in the offer published {CONFIRMED_DATE}"
    m = DATE_RE.search(text)
    if m:
        return m.group(1), text
    return UNDATED_RETRIEVED, f"undated source, retrieved 2026-11 ({text})"


def build_fargate(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "fargate_prices.csv", dtype=str)
    dates = df["as_of"].map(_iso_date)
    out = pd.DataFrame(
        {
            "region": df["region"],
            "arch": df["arch"],
            "os": df["os"],
            "capacity": df["capacity"],
            "usd_per_vcpu_hour": df["usd_per_vcpu_hour"].astype(float),
            "usd_per_gb_hour": df["usd_per_gb_hour"].astype(float),
            "usd_per_os_license_vcpu_hour": pd.to_numeric(df["usd_per_os_license_vcpu_hour"]),
            "usd_per_ephemeral_storage_gb_hour": pd.to_numeric(df["usd_per_ephemeral_storage_gb_hour"]),
            "as_of": [d for d, _ in dates],
            "as_of_note": [n for _, n in dates],
            "source": df["source"],
        }
    )
    return out.sort_values(["region", "os", "arch", "capacity"]).reset_index(drop=True)


def build_eks(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "eks_pricing.csv", dtype=str)
    std = df[df["item"] == "control_plane_standard_support"].iloc[0]
    ext = df[df["item"] == "control_plane_extended_support_total"].iloc[0]
    std_rate = float(std["usd_per_hour"])
    ext_total = float(ext["usd_per_hour"])
    rows = [
        {
            "item": "cluster_hour",
            "usd_per_cluster_hour": std_rate,
            "region_scope": "commercial",
            "usagetype_pattern": std["usagetype_pattern"],
            "as_of": _iso_date(std["as_of"])[0],
            "as_of_note": std["as_of"],
            "source": std["source"],
        },
        {
            # AWS bills extended support as the standard cluster-hour plus a surcharge line; the blog
            # states the total ($0.60), so the surcharge is the total minus the standard rate.
            "item": "extended_support_surcharge",
            "usd_per_cluster_hour": round(ext_total - std_rate, 6),
            "region_scope": "commercial",
            "usagetype_pattern": "<REGIONPREFIX>-AmazonEKS-Hours:extendedSupport",
            "as_of": _iso_date(ext["as_of"])[0],
            "as_of_note": f"{ext['as_of']}; total {ext_total} per cluster-hour minus the standard {std_rate}",
            "source": ext["source"],
        },
    ]
    return pd.DataFrame(rows)


def build_instance_types(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "ec2_instance_types.csv")
    df = df[df["architecture"].isin(["x86_64", "arm64"])].copy()
    max_pods = df["eks_max_pods_eni_txt"].fillna(df["eks_max_pods_computed"]).astype(int)
    out = pd.DataFrame(
        {
            "instance_type": df["instance_type"],
            "family": df["family"],
            "vcpu": df["vcpu"].astype(int),
            "memory_mib": df["memory_mib"].astype(int),
            "architecture": df["architecture"],
            "max_enis_default_card": df["max_enis_default_card"].astype(int),
            "ipv4_per_eni": df["ipv4_per_eni"].astype(int),
            "eks_max_pods": max_pods,
            "eks_max_pods_source": df["eks_max_pods_eni_txt"].notna().map(
                {True: "eni-max-pods.txt", False: "computed: ENIs x (IPv4 per ENI - 1) + 2"}
            ),
            "spot_supported": df["supported_usage_classes"].str.contains("spot"),
            "current_generation": df["current_generation"].astype(bool),
            "burstable": df["burstable"].astype(bool),
            "bare_metal": df["bare_metal"].astype(bool),
            "gpu_count": df["gpu_count"].astype(int),
            "accelerator": df["accelerator_other"].fillna(""),
            "hypervisor": df["hypervisor"].fillna(""),
            "as_of": "2026-08-02",
            "source": "EC2 DescribeInstanceTypes dump (getmoto/moto moto/ec2/resources/instance_types.json @0af643a5); "
            "max pods from awslabs/amazon-eks-ami eni-max-pods.txt @2bed73dc",
        }
    )
    return out.sort_values("instance_type").reset_index(drop=True)


def build_ec2_prices(ref: Path) -> pd.DataFrame:
    regions = pd.read_csv(ref / "ec2_ondemand_prices_regions.csv")
    regions["as_of"] = regions["as_of"].astype(str)
    karp = pd.read_csv(ref / "ec2_ondemand_prices.csv")
    # Karpenter's table (2026-07-20) is newer for us-east-1 and GovCloud, but its *.metal* rows carry the
    # dedicated-tenancy price: keep those from the AWS pricing-page feed instead.
    karp = karp[~karp["instance_type"].str.contains(r"\.metal")].copy()
    karp["as_of"] = "2026-07-20"
    karp["source"] = (
        "aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws*.go @1d927085 "
        "(Linux, shared tenancy, On-Demand)"
    )
    merged = pd.concat([karp, regions], ignore_index=True)
    merged = merged.drop_duplicates(["region", "instance_type"], keep="first")
    merged = merged[merged["usd_per_hour"] > 0]
    return merged.sort_values(["region", "instance_type"]).reset_index(drop=True)[
        ["region", "instance_type", "usd_per_hour", "as_of", "source"]
    ]


def build_spot_advisor(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "spot_advisor.csv")
    df = df[df["os"] == "linux"]
    out = pd.DataFrame(
        {
            "region": df["region"],
            "instance_type": df["instance_type"],
            "savings_vs_on_demand_pct": df["savings_vs_on_demand_pct"].astype(int),
            "interruption_range_index": df["interruption_range_index"].astype(int),
            "interruption_frequency": df["interruption_frequency"],
            "as_of": "2025-06-28",
            "source": "AWS Spot Instance Advisor feed spot-advisor-data.json (via alexei-led/spotinfo @5eedf20a)",
        }
    )
    return out.sort_values(["region", "instance_type"]).reset_index(drop=True)


def build_offerings(ref: Path) -> pd.DataFrame:
    df = pd.read_csv(ref / "ec2_instance_type_offerings_by_region.csv")
    return df.sort_values(["region", "instance_type"]).reset_index(drop=True)


def build_shared(ref: Path) -> pd.DataFrame:
    """Load balancer, NAT, CloudWatch and public IPv4 unit prices from the hand-maintained, sourced CSV.

    The reference folder holds no such data: each row of ``scripts/data/shared_rates_source.csv`` names the AWS
    pricing page it comes from and the page (or copy) it was confirmed in, with that date as ``as_of``.
    """
    df = pd.read_csv(ROOT / "scripts" / "data" / "shared_rates_source.csv", dtype=str, keep_default_na=False)
    missing = df[(df["source"].str.strip() == "") | (df["as_of"].str.strip() == "")]
    if not missing.empty:
        raise SystemExit(f"shared_rates_source.csv: rows without source or as_of: {missing['item'].tolist()}")
    df["usd"] = df["usd"].astype(float)
    return df.sort_values(["region", "item"]).reset_index(drop=True)[
        ["region", "item", "usd", "unit", "as_of", "source", "note"]
    ]


TABLES = {
    "fargate_rates": (build_fargate, ["fargate_prices.csv"]),
    "eks_rates": (build_eks, ["eks_pricing.csv"]),
    "ec2_instance_types": (build_instance_types, ["ec2_instance_types.csv", "eni-max-pods.txt"]),
    "ec2_prices": (build_ec2_prices, ["ec2_ondemand_prices_regions.csv", "ec2_ondemand_prices.csv"]),
    "ec2_spot_advisor": (build_spot_advisor, ["spot_advisor.csv"]),
    "ec2_offerings": (build_offerings, ["ec2_instance_type_offerings_by_region.csv"]),
    "shared_rates": (build_shared, ["scripts/data/shared_rates_source.csv (hand-maintained, sourced per row)"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("--out", type=Path, default=ROOT / "advisor" / "pricing_data")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = {"built": date.today().isoformat(), "builder": "scripts/build_pricing_data.py", "tables": {}}
    for name, (fn, inputs) in TABLES.items():
        df = fn(args.reference)
        path = args.out / f"{name}.csv"
        df.to_csv(path, index=False, lineterminator="\n")
        entry = {
            "file": path.name,
            "rows": int(len(df)),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "built_from": inputs,
        }
        if "as_of" in df.columns:
            entry["as_of_min"] = str(df["as_of"].min())
            entry["as_of_max"] = str(df["as_of"].max())
        if "region" in df.columns:
            entry["regions"] = sorted(df["region"].unique().tolist())
        manifest["tables"][name] = entry
        print(f"{name}: {len(df)} rows -> {path}")
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
