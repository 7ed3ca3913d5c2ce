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
import math
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
#: Sourced facts kept with the builder: hand-maintained tables, and rates found in public documents outside the
#: reference folder (each row names its document, commit and date).
DATA = ROOT / "scripts" / "data"
sys.path.insert(0, str(ROOT))
DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")
# The reference files were gathered in 2026-11; an undated source is labelled with that retrieval month (its
# ``source`` says "undated"), and is used only where no dated source states the price.
UNDATED_RETRIEVED = "2026-11-01"
# A 2026-09 document confirmed several 2021 Fargate rates against the Price List AmazonECS offer published
# 2026-09-11 (reference README, "fargate_prices.csv"): those rows are confirmed on that date.
CONFIRMED_MARK = "same value in 2026-09 Price List"
CONFIRMED_DATE = "2026-09-11"
CONFIRMING_DOC = ("unattributed public GitHub markdown 'AWS Fargate - pricing regimes (as of 2026-09-28)', citing the AWS "
                  "Price List AmazonECS offer published 2026-09-11 (reference README, fargate_prices.csv)")
WINDOWS_NOTE = ("the 2026-09-28 document reports a different Windows Price-List rate (vCPU 0.046552 + OS 0.046, GB "
                "0.00511175); confirm with 'advisor pricing fetch --region us-east-1'")


# ------------------------------------------------------------------------------------- observations
@dataclass
class Obs:
    """One source's statement of a price: values (column -> number), the date it was seen (None: undated)."""

    key: tuple
    values: dict
    seen: str | None
    source: str
    effective: str = ""  # an effective date the source states (an offer's EffectiveDate)
    weak: bool = False
    note: str = ""


def _seen(text: str) -> tuple[str | None, str]:
    """(ISO date or None, effective date stated) from a free-text ``as_of`` cell of the reference files."""
    text = str(text)
    if CONFIRMED_MARK in text or "values match 2026-09 doc" in text:
        return CONFIRMED_DATE, ""
    if text.strip().lower().startswith("undated"):
        return None, ""
    m = DATE_RE.search(text)
    if not m:
        return None, ""
    eff = m.group(1) if "EffectiveDate" in text or "effective date" in text.lower() else ""
    return m.group(1), eff


def _short(source: str) -> str:
    return source.split(" (")[0].split(",")[0][:70]


def merge(observations: list[Obs], columns: list[str]) -> list[dict]:
    """One row per key from every source's observations.

    Per key and column, the newest dated observation that has the column gives the value (an undated one only
    when no dated source has it; a weak source only when no other has it). ``as_of`` is the oldest of the
    columns' confirmation dates, each the newest date any source states that same value; ``effective_date`` is
    the earliest of the effective dates sources state and the dates the value was seen (a value seen before a
    stated effective date was already in effect then: af-south-1 gp3, stated 2026-09-01, seen 2024-07-18). ``source``
    is the newest source; ``note`` lists the other sources that agree and any that differ.
    """
    by_key: dict[tuple, list[Obs]] = {}
    for o in observations:
        by_key.setdefault(o.key, []).append(o)
    rows = []
    for key, obs in sorted(by_key.items()):
        row: dict = {}
        confirmed, first_seen, stated_eff, sources, differ = [], [], [], [], []
        for col in columns:
            have = [o for o in obs if o.values.get(col) is not None and o.values[col] == o.values[col]]
            if not have:
                row[col] = None
                continue
            rank = sorted(have, key=lambda o: (not o.weak, o.seen is not None, o.seen or ""), reverse=True)
            best = rank[0]
            value = best.values[col]
            row[col] = value
            agree = [o for o in have if abs(o.values[col] - value) < 1e-12]
            dated = sorted(o.seen for o in agree if o.seen)
            confirmed.append(dated[-1] if dated else UNDATED_RETRIEVED)
            row.setdefault("_confirmed", {})[col] = confirmed[-1]
            first_seen.append(dated[0] if dated else UNDATED_RETRIEVED)
            stated_eff += [o.effective for o in agree if o.effective]
            sources += [o for o in agree if o not in sources]
            differ += [f"{col} {o.values[col]:g} in {_short(o.source)} ({o.seen or 'undated'})" for o in have
                       if o not in agree]
        lead = max(sources, key=lambda o: (not o.weak, o.seen or ""))
        row["as_of"] = min(confirmed)
        # a stated effective date, unless the value was seen earlier (then it was in effect by that sighting)
        row["effective_date"] = min(stated_eff + first_seen)
        row["effective_date"] = min(row["effective_date"], row["as_of"])
        row["source"] = lead.source + ("" if lead.seen else f" (undated source; retrieved {UNDATED_RETRIEVED[:7]})") + \
            (" [weaker source]" if lead.weak else "")
        others = [f"{o.seen or 'undated'}: {_short(o.source)}{' (' + o.note + ')' if o.note else ''}"
                  for o in sources if o is not lead]
        note = ("same value also in " + "; ".join(others)) if others else ""
        if differ:
            note += ("; " if note else "") + "differs: " + "; ".join(dict.fromkeys(differ))
        if lead.note:
            note = lead.note + ("; " + note if note else "")
        row["note"] = note
        rows.append((key, row))
    return rows


def _num(x):
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


# ------------------------------------------------------------------------------------------ Fargate
FARGATE_COLS = ["usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_os_license_vcpu_hour",
                "usd_per_ephemeral_storage_gb_hour"]


def build_fargate(ref: Path) -> pd.DataFrame:
    obs: list[Obs] = []
    key_cols = ["region", "arch", "os", "capacity"]
    for f in (ref / "fargate_prices.csv", ref / "regional" / "fargate_prices_additions.csv"):
        for r in pd.read_csv(f, dtype=str).to_dict("records"):
            seen, eff = _seen(r["as_of"])
            key, values = tuple(r[k] for k in key_cols), {c: _num(r.get(c)) for c in FARGATE_COLS}
            weak = "unattributed" in r["source"] or "ghostline" in r["source"]
            first = DATE_RE.search(str(r["as_of"]))
            if seen == CONFIRMED_DATE and first and first.group(1) != seen:
                # first seen in the source on its own date, confirmed later by the 2026-09 document
                obs.append(Obs(key, values, first.group(1), r["source"], eff, weak))
                obs.append(Obs(key, {c: v for c, v in values.items() if c in ("usd_per_vcpu_hour", "usd_per_gb_hour")},
                               seen, CONFIRMING_DOC, "", True))
                continue
            note = WINDOWS_NOTE if (r["os"] == "windows" and r["region"] == "us-east-1") else ""
            obs.append(Obs(key, values, seen, r["source"], eff, weak, note))
    # Fargate rates stated in public documents outside the reference folder, each row with its source and quote
    found = DATA / "fargate_prices_found.csv"
    if found.exists():
        col = {"vcpu": "usd_per_vcpu_hour", "memory": "usd_per_gb_hour"}
        long = pd.read_csv(found, dtype=str)
        for (reg, arch, os_, cap, src, asof), part in long.groupby(["region", "arch", "os", "capacity", "source", "as_of"]):
            obs.append(Obs((reg, arch, os_, cap), {col[c]: _num(v) for c, v in zip(part["component"], part["value"])},
                           _seen(asof)[0], src))
    # AWS prices ephemeral storage once per region (one usage type, Fargate-EphemeralStorage-GB-Hours), so a
    # source stating it on any row of the region confirms it for every On-Demand row there.
    eph_seen: dict[tuple[str, float], str] = {}
    for o in obs:
        v = o.values.get("usd_per_ephemeral_storage_gb_hour")
        if v is not None and o.seen:
            eph_seen[(o.key[0], v)] = max(eph_seen.get((o.key[0], v), ""), o.seen)
    rows = []
    for key, row in merge(obs, FARGATE_COLS):
        if row["usd_per_vcpu_hour"] is None or row["usd_per_gb_hour"] is None:
            continue
        conf = row.pop("_confirmed")
        eph = conf.pop("usd_per_ephemeral_storage_gb_hour", None)
        row["as_of"] = min(conf.values())
        row["effective_date"] = min(row["effective_date"], row["as_of"])
        row["ephemeral_storage_as_of"] = ""
        if eph is not None:
            eph = eph_seen.get((key[0], row["usd_per_ephemeral_storage_gb_hour"]), eph)
            row["ephemeral_storage_as_of"] = eph if eph != row["as_of"] else ""
        rows.append(dict(zip(key_cols, key)) | row)
    out = pd.DataFrame(rows)
    cols = key_cols + FARGATE_COLS + ["effective_date", "as_of", "source", "ephemeral_storage_as_of", "note"]
    return out[cols].sort_values(["region", "os", "arch", "capacity"]).reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- EKS
EKS_ADDITION_ITEMS = {"control_plane_standard": "cluster_hour", "extended_support_surcharge": "extended_support_surcharge",
                      "provisioned_control_plane_XL": "provisioned_control_plane_xl",
                      "provisioned_control_plane_2XL": "provisioned_control_plane_2xl",
                      "provisioned_control_plane_4XL": "provisioned_control_plane_4xl",
                      "provisioned_control_plane_8XL": "provisioned_control_plane_8xl"}


def build_eks(ref: Path) -> pd.DataFrame:
    """Blank-region rows: the single commercial-region price of the AWS Containers blog (2024-04); region rows:
    the AmazonEKS offer per region as fetched by catchmeif404 (2026-09-03)."""
    df = pd.read_csv(ref / "eks_pricing.csv", dtype=str)
    std = df[df["item"] == "control_plane_standard_support"].iloc[0]
    ext = df[df["item"] == "control_plane_extended_support_total"].iloc[0]
    std_rate, ext_total = float(std["usd_per_hour"]), float(ext["usd_per_hour"])
    rows = [
        {"region": "", "item": "cluster_hour", "usd_per_cluster_hour": std_rate, "region_scope": "commercial",
         "effective_date": "", "as_of": _seen(std["as_of"])[0], "source": std["source"],
         "note": f"{std['as_of']}; the blog states the standard rate as unchanged (no effective date given)"},
        {
            # AWS bills extended support as the standard cluster-hour plus a surcharge line; the blog
            # states the total ($0.60), so the surcharge is the total minus the standard rate.
            "region": "", "item": "extended_support_surcharge", "usd_per_cluster_hour": round(ext_total - std_rate, 6),
            "region_scope": "commercial", "effective_date": "2024-04-01", "as_of": _seen(ext["as_of"])[0],
            "source": ext["source"],
            "note": f"{ext['as_of']}; total {ext_total} per cluster-hour minus the standard {std_rate}; effective from the "
                    "April 2024 billing cycle",
        },
    ]
    add = ref / "regional" / "eks_pricing_additions.csv"
    for r in pd.read_csv(add, dtype=str).to_dict("records"):
        item = EKS_ADDITION_ITEMS.get(r["item"])
        if item is None:
            continue
        usd, seen = float(r["usd_per_hour"]), _seen(r["as_of"])[0]
        same = next((x for x in rows[:2] if x["item"] == item and abs(x["usd_per_cluster_hour"] - usd) < 1e-12), None)
        # effective: the blog's stated date, else the earliest date the same value was seen
        effective = (same["effective_date"] or same["as_of"]) if same else seen
        rows.append({"region": r["region"], "item": item, "usd_per_cluster_hour": usd, "region_scope": "region",
                     "effective_date": effective, "as_of": seen, "source": r["source"],
                     "note": str(r["price_list_selector"])})
    return pd.DataFrame(rows)[["region", "item", "usd_per_cluster_hour", "region_scope", "effective_date", "as_of",
                               "source", "note"]]


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
            # an accelerator other than a whole GPU; a type with a fraction of a GPU (g6f, gr6f: DescribeInstanceTypes
            # gives GpuInfo with the GPU's maker and name but a Count of 0) is named by its GPU, so it counts as
            # accelerated (not a general-purpose node candidate) as a whole-GPU type does
            "accelerator": df["accelerator_other"].fillna("").where(
                df["accelerator_other"].notna() | (df["gpu_count"] > 0) | df["gpu_name"].isna(),
                "fraction of a " + df["gpu_manufacturer"].fillna("") + " " + df["gpu_name"].fillna("") + " GPU"),
            "hypervisor": df["hypervisor"].fillna(""),
            # DescribeInstanceTypes InstanceStorageInfo.TotalSizeInGB (0: the type has no instance store)
            "instance_storage_gb": df["instance_storage_gb"].fillna(0).astype(int),
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
    # effective: the earliest of the two feeds that shows the same value (an upper bound; neither states one)
    first = regions.set_index(["region", "instance_type"])["usd_per_hour"]
    merged = merged.drop_duplicates(["region", "instance_type"], keep="first")
    merged = merged[merged["usd_per_hour"] > 0].copy()
    same_2025 = [first.get((r, t)) == u for r, t, u in zip(merged["region"], merged["instance_type"], merged["usd_per_hour"])]
    merged["effective_date"] = ["2025-04-04" if s else a for s, a in zip(same_2025, merged["as_of"])]
    # us-east-1: the On-Demand column of pricesim's 2026-09-24 table confirms the same value for most types
    sp = ref / "regional" / "ec2_savings_plans_us-east-1.csv"
    merged["note"] = ""
    if sp.exists():
        conf = pd.read_csv(sp).set_index(["region", "instance_type"])["od_usd_per_hour"]
        hit = [conf.get((r, t)) == u for r, t, u in zip(merged["region"], merged["instance_type"], merged["usd_per_hour"])]
        merged.loc[hit, "as_of"] = "2026-09-24"
        merged.loc[hit, "note"] = "same value in addisonj/pricesim src/catalog/aws/ec2.gen.ts @cbdb5051 (retrieved 2026-09-24)"
    return merged.sort_values(["region", "instance_type"]).reset_index(drop=True)[
        ["region", "instance_type", "usd_per_hour", "effective_date", "as_of", "source", "note"]
    ]


def build_ebs(ref: Path) -> pd.DataFrame:
    """gp3/gp2 per GB-month: the AWS pricing-page feed of 2024-07-18 for 31 regions (regions only, not Local or
    Wavelength Zones), confirmed where later dated sources state the same value."""
    obs: list[Obs] = []
    feed = pd.read_csv(ref / "regional" / "ebs_prices.csv", dtype=str)
    feed = feed[feed["location_kind"] == "region"]
    for r in feed.to_dict("records"):
        for vol in ("gp3", "gp2"):
            obs.append(Obs((r["region"], vol), {"usd_per_gb_month": _num(r[f"{vol}_usd_per_gb_month"])},
                           _seen(r["as_of"])[0], r["source"]))
    other = pd.read_csv(ref / "regional" / "ebs_prices_other_sources.csv", dtype=str)
    for r in other.to_dict("records"):
        seen, eff = _seen(r["as_of"])
        for vol in ("gp3", "gp2"):
            obs.append(Obs((r["region"], vol), {"usd_per_gb_month": _num(r[f"{vol}_usd_per_gb_month"])}, seen,
                           r["source"], eff, weak="hand-seeded" in str(r.get("comparison", "")) or "ghostline" in r["source"]))
    rows = [{"region": k[0], "volume_type": k[1]} | row for k, row in merge(obs, ["usd_per_gb_month"])
            if row.pop("_confirmed", None) is not None and row["usd_per_gb_month"] is not None]
    return pd.DataFrame(rows)[["region", "volume_type", "usd_per_gb_month", "effective_date", "as_of", "source",
                               "note"]].sort_values(["region", "volume_type"]).reset_index(drop=True)


def _shared_obs(ref: Path) -> list[Obs]:
    """Observations of the shared_rates items from the regional reference files, scripts/data/public_ipv4_prices.csv
    and the hand-maintained, sourced scripts/data/shared_rates_source.csv."""
    obs: list[Obs] = []

    def add(region, item, usd, asof, source, weak=False, note=""):
        usd = _num(usd)
        if usd is not None and usd > 0:
            seen, eff = _seen(asof)
            obs.append(Obs((region, item), {"usd": usd}, seen, source, eff, weak, note))

    def weak(src, note=""):
        return "HAND-SEEDED" in src or "hand-seeded" in str(note) or "ghostline" in src

    for r in pd.read_csv(ref / "regional" / "elb_prices.csv", dtype=str).to_dict("records"):
        kind = {"application": ("alb_hour", "alb_lcu_hour"), "network": ("nlb_hour", "nlb_lcu_hour")}.get(r["lb_type"])
        if kind:
            add(r["region"], kind[0], r["usd_per_hour"], r["as_of"], r["source"], weak(r["source"], r.get("note")))
            add(r["region"], kind[1], r.get("usd_per_capacity_unit_hour"), r["as_of"], r["source"],
                weak(r["source"], r.get("note")))
    for r in pd.read_csv(ref / "regional" / "nat_gateway_prices.csv", dtype=str).to_dict("records"):
        kind = str(r["nat_kind"])
        if not kind.startswith("regional"):  # the zonal NAT gateway is what shared.py prices
            add(r["region"], "nat_gateway_hour", r["usd_per_hour"], r["as_of"], r["source"], weak(r["source"], r.get("note")),
                "" if kind.startswith("zonal") else f"NAT kind: {kind}")
        # data processed: "Charge for per GB data processed by NAT Gateways" (the same group for both kinds)
        add(r["region"], "nat_gateway_gb", r.get("usd_per_gb_processed"), r["as_of"], r["source"],
            weak(r["source"], r.get("note")))
    for r in pd.read_csv(ref / "regional" / "cloudwatch_logs_prices.csv", dtype=str).to_dict("records"):
        w = weak(r["source"], r.get("note")) or "hand-seeded" in str(r["source"])
        add(r["region"], "logs_ingested_gb", r.get("ingest_standard_usd_per_gb"), r["as_of"], r["source"], w)
        add(r["region"], "logs_stored_gb_month", r.get("storage_usd_per_gb_month"), r["as_of"], r["source"], w)
    ipv4 = DATA / "public_ipv4_prices.csv"
    if ipv4.exists():
        for r in pd.read_csv(ipv4, dtype=str).to_dict("records"):
            # AWS charges in-use and idle public IPv4 addresses alike (AWS News Blog, 'New - AWS Public IPv4
            # Address Charge'), so an IdleAddress row states the in-use price too
            add(r["region"], "public_ipv4_hour", r["value"], r["as_of"], f"{r['source']}; usage type {r['usage_type_suffix']}",
                "hand-seeded" in str(r.get("note")), "" if "InUse" in r["usage_type_suffix"] else
                "IdleAddress rate; AWS charges in-use and idle addresses alike")
    hand = pd.read_csv(ROOT / "scripts" / "data" / "shared_rates_source.csv", dtype=str, keep_default_na=False)
    missing = hand[(hand["source"].str.strip() == "") | (hand["as_of"].str.strip() == "")]
    if not missing.empty:
        raise SystemExit(f"shared_rates_source.csv: rows without source or as_of: {missing['item'].tolist()}")
    for r in hand.to_dict("records"):
        add(r["region"], r["item"], r["usd"], r["as_of"], r["source"], False, r.get("note", ""))
    return obs


def build_shared(ref: Path) -> pd.DataFrame:
    """Load balancer, NAT, CloudWatch and public IPv4 unit prices, merged per region and item from every dated
    source (the regional reference files, scripts/data/public_ipv4_prices.csv and shared_rates_source.csv)."""
    from advisor.pricing import offers

    rows = []
    for (region, item), row in merge(_shared_obs(ref), ["usd"]):
        row.pop("_confirmed", None)
        if row["usd"] is None:
            continue
        rows.append({"region": region, "item": item, "usd": row["usd"], "unit": offers.SHARED_UNITS[item]} | row)
    return pd.DataFrame(rows)[["region", "item", "usd", "unit", "effective_date", "as_of", "source", "note"]].sort_values(
        ["region", "item"]).reset_index(drop=True)


SP_COLUMNS = {"compute_sp_1y_no_upfront": ("1", "no_upfront"), "compute_sp_1y_partial_upfront": ("1", "partial_upfront"),
              "compute_sp_1y_all_upfront": ("1", "all_upfront"), "compute_sp_3y_no_upfront": ("3", "no_upfront"),
              "compute_sp_3y_partial_upfront": ("3", "partial_upfront"), "compute_sp_3y_all_upfront": ("3", "all_upfront")}


def build_savings_plans(ref: Path) -> pd.DataFrame:
    """Compute Savings Plans effective hourly rates for Linux shared-tenancy EC2 in us-east-1 (pricesim's table
    of the AWS pricing-page feeds, 2026-09-24; 171 types of 17 families). us-east-1 EC2 usage types have no
    region prefix: BoxUsage:<type>."""
    df = pd.read_csv(ref / "regional" / "ec2_savings_plans_us-east-1.csv")
    rows = []
    for r in df.to_dict("records"):
        for col, (term, option) in SP_COLUMNS.items():
            if _num(r[col]) is None:
                continue
            rows.append({"region": r["region"], "plan": "compute_savings_plan", "term_years": term,
                         "purchase_option": option, "service_code": "AmazonEC2",
                         "usage_type": f"BoxUsage:{r['instance_type']}", "operation": "RunInstances",
                         "instance_type": r["instance_type"], "instance_family": "", "usd_per_unit": float(r[col]),
                         "unit": "Hrs", "on_demand_sku": "", "effective_date": "", "as_of": _seen(r["as_of"])[0],
                         "source": r["source"]})
    return pd.DataFrame(rows).sort_values(["region", "plan", "term_years", "purchase_option", "usage_type"]).reset_index(
        drop=True)


def build_managed_fees(ref: Path) -> pd.DataFrame:
    """ECS Managed Instances and EKS Auto Mode fees: no dated public source states them (issue 14 research: one
    unverified unit-test constant only), so the bundled table is empty and 'advisor pricing fetch' fills it."""
    from advisor.pricing.book import TABLES as CONTRACT

    return pd.DataFrame(columns=list(CONTRACT["managed_instance_fees"].columns))


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
    df["as_of"] = "2026-08-01"
    df["source"] = ("EC2 DescribeInstanceTypeOfferings dumps (getmoto/moto moto/ec2/resources/instance_type_offerings/"
                    "region/*.json @0af643a5, last changed c6bd43ff)")
    return df.sort_values(["region", "instance_type"]).reset_index(drop=True)


TABLES = {
    "fargate_rates": (build_fargate, ["fargate_prices.csv", "regional/fargate_prices_additions.csv",
                                      "scripts/data/fargate_prices_found.csv"]),
    "eks_rates": (build_eks, ["eks_pricing.csv", "regional/eks_pricing_additions.csv"]),
    "ec2_instance_types": (build_instance_types, ["ec2_instance_types.csv", "eni-max-pods.txt"]),
    "ec2_prices": (build_ec2_prices, ["ec2_ondemand_prices_regions.csv", "ec2_ondemand_prices.csv",
                                      "regional/ec2_savings_plans_us-east-1.csv (On-Demand column, confirmation)"]),
    "ec2_spot_advisor": (build_spot_advisor, ["spot_advisor.csv"]),
    "ec2_offerings": (build_offerings, ["ec2_instance_type_offerings_by_region.csv"]),
    "ebs_rates": (build_ebs, ["regional/ebs_prices.csv", "regional/ebs_prices_other_sources.csv"]),
    "shared_rates": (build_shared, ["regional/elb_prices.csv", "regional/nat_gateway_prices.csv",
                                    "regional/cloudwatch_logs_prices.csv", "scripts/data/public_ipv4_prices.csv",
                                    "scripts/data/shared_rates_source.csv (hand-maintained, sourced per row)"]),
    "savings_plans_rates": (build_savings_plans, ["regional/ec2_savings_plans_us-east-1.csv"]),
    "managed_instance_fees": (build_managed_fees, []),
}

DATES = ("as_of: the date the price was last confirmed (the newest dated source stating the same value; an undated "
         "source is dated by its retrieval month and says 'undated' in source). effective_date: the date AWS made the "
         "price effective where a source states it, else the earliest dated source showing the value (an upper "
         "bound). Staleness counts from as_of.")


def _first_dir(*candidates: Path) -> Path | None:
    return next((c for c in candidates if c.is_dir()), None)


#: Tables advisor reads that the snapshot does not ship, and why (written into manifest.json).
NOT_BUNDLED = {"ec2_windows_prices": (
    "Windows Server licence-included On-Demand EC2 prices (table ec2_windows_prices): the snapshot's EC2 source, the "
    "AWS pricing-page feed, is Linux only, so ec2_prices holds Linux prices only and no Windows price ships. 'advisor "
    "pricing fetch --region R --services AmazonEC2' (or 'refresh --tables ec2', or 'import-offer' of an AmazonEC2 "
    "offer file) writes them to the user data directory.")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=_first_dir(ROOT.parent / "shared" / "reference",
                                                                      ROOT.parents[1] / "shared" / "reference"))
    parser.add_argument("--out", type=Path, default=ROOT / "advisor" / "pricing_data")
    parser.add_argument("--built", default=date.today().isoformat(), help="build date to record (YYYY-MM-DD)")
    args = parser.parse_args()
    if args.reference is None:
        raise SystemExit("no reference folder found; pass --reference ../shared/reference")
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = {"built": args.built, "builder": "scripts/build_pricing_data.py", "dates": DATES,
                "not_bundled": NOT_BUNDLED, "tables": {}}
    for name, (fn, inputs) in TABLES.items():
        df = fn(args.reference)
        path = args.out / f"{name}.csv"
        df.to_csv(path, index=False, lineterminator="\n")
        entry = {
            "file": path.name,
            "rows": len(df),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "built_from": inputs,
        }
        if "as_of" in df.columns and len(df):
            entry["as_of_min"] = str(df["as_of"].min())
            entry["as_of_max"] = str(df["as_of"].max())
        if "region" in df.columns:
            entry["regions"] = sorted(r for r in df["region"].unique().tolist() if r)
        manifest["tables"][name] = entry
        print(f"{name}: {len(df)} rows -> {path}")
    from advisor.pricing.book import PriceBook
    from advisor.pricing.inventory import PRICED_SHARED, gaps, regions_overview

    book = PriceBook(data_dirs=[args.out])
    manifest["coverage"] = {r["region"]: {"tables": r["tables"], "platforms_priceable": r["priceable"],
                                          "shared_priceable": f"{r['shared_priceable']}/{len(PRICED_SHARED)}"}
                            for r in regions_overview(book)}
    manifest["gaps"] = {
        "about": "What the bundle cannot price offline, per commercial region, and the command that fills it. No "
                 "public dated source was found for these (see ../shared/reference/README.md); advisor never "
                 "borrows a neighbouring region's price.",
        "regions": gaps(prices=book),
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")



if __name__ == "__main__":
    main()
