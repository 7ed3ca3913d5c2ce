"""What price data there is, and what it can price (``advisor pricing show``, the HTML report, the manifest).

* ``inventory``: one row per (table, region): rows, oldest/newest confirmation (``as_of``), oldest effective
  date, age in days, origins, a short "covers" text.
* ``regions_overview``: one row per region with the tables it has (``pricing show`` without ``--region``).
* ``coverage``: for one region, which of the seven platforms and which shared costs can be priced, what is
  missing, and the exact command that fills it (``advisor pricing fetch --region R``), or AWS's reason when a
  platform is not offered there.

Read with the ``csv`` module through ``PriceBook`` (no pandas). Values are plain JSON types; "unknown" is
``None`` in JSON and an empty cell or "-" in text, never a Python ``None``.
"""

from __future__ import annotations

from datetime import date

from advisor.errors import PriceDataError
from advisor.platforms import FARGATE_RATES_USED, FARGATE_STORAGE_CAPACITY, FEE_OFFERINGS, PLATFORM_LABELS
from advisor.pricing.book import (
    HAND_ADDED_SHARED,
    SHARED_ITEM_SERVICE,
    SHARED_ITEMS,
    TABLES,
    PriceBook,
    default_pricebook,
    fargate_spot_hint,
    hand_added_shared_hint,
)
from advisor.pricing.freshness import age_days, resolve_max_age_days
from advisor.pricing.regions import KNOWN_REGIONS, is_commercial, partition_note

FETCH = "advisor pricing fetch --region {region}"
#: The shared-cost items costing/shared.py prices that 'advisor pricing fetch' fills (what the manifest's coverage
#: counts as ``shared_priceable`` and lists as gaps).
PRICED_SHARED = ("alb_hour", "alb_lcu_hour", "nlb_hour", "nlb_lcu_hour", "nat_gateway_hour", "nat_gateway_gb",
                 "logs_ingested_gb", "logs_stored_gb_month", "cloudwatch_custom_metric_month", "public_ipv4_hour")
#: Every shared-cost item costing/shared.py prices, as ``coverage`` lists them: the fetched ones, then the Cloud Map
#: ones no command fetches (``HAND_ADDED_SHARED``: a row the user adds, with its own source and date).
SHOWN_SHARED = PRICED_SHARED + tuple(HAND_ADDED_SHARED)
#: What a missing item is when it is another variant than Linux x86_64 (not needed by a Linux x86 workload).
VARIANTS = ("linux/arm64", "windows/x86_64")
STORAGE_NEED = "ephemeral storage above 20 GiB"


def _covers(table: str, rows: list[dict]) -> str:
    if table == "fargate_rates":
        short = {"on_demand": "OD", "spot": "Spot"}
        return ", ".join(sorted(f"{r['os'][:3]}/{r['arch']} {short.get(r['capacity'], r['capacity'])}" for r in rows))
    if table in ("eks_rates", "shared_rates"):
        return ", ".join(sorted(str(r["item"]) for r in rows))
    if table == "ebs_rates":
        return ", ".join(sorted(str(r["volume_type"]) for r in rows))
    if table == "savings_plans_rates":
        return f"{len({r['usage_type'] for r in rows})} usage types"
    if table == "managed_instance_fees":
        return ", ".join(sorted({str(r["offering"]) for r in rows})) + f" ({len(rows)} types)"
    if rows and "instance_type" in rows[0]:
        return f"{len({r['instance_type'] for r in rows})} types"
    return ""


def _table_rows(prices: PriceBook, name: str) -> list[dict] | None:
    try:
        return prices.table(name).rows
    except PriceDataError:
        return None


def inventory(region: str | None = None, prices: PriceBook | None = None, today: date | None = None) -> list[dict]:
    """One dict per (table, region): ``table, region, rows, as_of`` (oldest confirmation), ``as_of_newest``,
    ``effective_oldest``, ``age_days`` (from the oldest confirmation; None when unknown), ``stale``, ``origin``
    (bundled / refreshed / fetched / imported), ``covers``. Tables without a region column give region "all";
    a table with nothing for ``region`` gives rows 0, dates "-" and ``covers`` "missing: run '<command>'"."""
    prices = prices or default_pricebook()
    if region:
        prices.check_region(region)
    limit = resolve_max_age_days()
    out = []
    for name, spec in TABLES.items():
        rows = _table_rows(prices, name)
        if rows is None:
            continue
        if "region" in spec.columns and name != "eks_rates":
            groups: dict[str, list[dict]] = {}
            for r in rows:
                if region is None or r["region"] == region:
                    groups.setdefault(r["region"], []).append(r)
            if region is not None and not groups:
                out.append({"table": name, "region": region, "rows": 0, "as_of": "-", "as_of_newest": "-",
                            "effective_oldest": None, "age_days": None, "stale": False, "origin": "-",
                            "covers": f"missing: {spec.how(region)}"})
                continue
        elif name == "eks_rates":
            groups = {}
            for r in rows:
                reg = r["region"] or "all"
                if region is None or reg in (region, "all"):
                    groups.setdefault(reg, []).append(r)
        else:
            groups = {"all": rows}
        for reg, part in sorted(groups.items()):
            confirmed = sorted(str(r["as_of"]) for r in part if r.get("as_of"))
            effective = sorted(str(r["effective_date"]) for r in part if r.get("effective_date"))
            oldest = confirmed[0] if confirmed else None
            age = age_days(oldest, today) if oldest else None
            out.append({
                "table": name, "region": reg, "rows": len(part), "as_of": oldest,
                "as_of_newest": confirmed[-1] if confirmed else None,
                "effective_oldest": effective[0] if effective else None,
                "age_days": age, "stale": age is not None and age > limit,
                "origin": ", ".join(sorted({str(r.get("origin", "")) for r in part})), "covers": _covers(name, part),
            })
    return out


def regions_overview(prices: PriceBook | None = None, today: date | None = None) -> list[dict]:
    """One dict per region: ``region, tables`` (names), ``confirmed_oldest``, ``confirmed_newest``, ``origin``,
    ``priceable`` (platforms that can price a Linux x86 workload there with every extra, ``every_extra``) of
    ``platforms`` (all seven)."""
    prices = prices or default_pricebook()
    by_region: dict[str, list[dict]] = {}
    for row in inventory(prices=prices, today=today):
        if row["region"] != "all":
            by_region.setdefault(row["region"], []).append(row)
    out = []
    for reg, rows in sorted(by_region.items()):
        confirmed = sorted(d for r in rows for d in (r["as_of"], r["as_of_newest"]) if d)
        cov = coverage(reg, prices, today)
        out.append({
            "region": reg, "tables": sorted(r["table"] for r in rows),
            "confirmed_oldest": confirmed[0] if confirmed else None,
            "confirmed_newest": confirmed[-1] if confirmed else None,
            "origin": ", ".join(sorted({o.strip() for r in rows for o in r["origin"].split(",") if o.strip()})),
            "priceable": sum(1 for p in cov["platforms"] if every_extra(p)),
            "platforms": len(cov["platforms"]),
            "shared_priceable": sum(1 for s in cov["shared"]
                                    if s["status"] == "priceable" and s["item"] in PRICED_SHARED),
        })
    return out


def every_extra(platform: dict) -> bool:
    """Whether a ``coverage`` platform can price a Linux x86 workload with every extra (what ``priceable`` counts):
    priceable or partial, and nothing missing but other variants (arm64, Windows)."""
    return platform["status"] in ("priceable", "partial") and all(
        m.removeprefix("Fargate ").removeprefix("Spot ") in VARIANTS for m in platform["missing"])


def _fargate(prices: PriceBook, region: str, os_: str, arch: str, capacity: str):
    try:
        return prices.fargate_rate(region, arch, os_, capacity)
    except PriceDataError:
        return None


def coverage(region: str, prices: PriceBook | None = None, today: date | None = None) -> dict:
    """What can be priced in ``region``.

    Returns ``{"region", "commercial", "platforms": [...], "shared": [...], "fill"}``. Each platform:
    ``platform, label, status`` ("priceable": everything a Linux x86 workload needs is there; "partial": some
    variants or extras are missing; "missing": nothing can be priced; "not offered": AWS does not offer it
    there), ``have`` and ``missing`` (lists of short texts; a Fargate Spot rate is "Spot linux/arm64"), ``fill``
    (the command that fetches what is missing, or None), ``add`` (how to add by hand what no command fetches:
    Fargate Spot rates, one row per architecture missing, and Spot Advisor savings; None otherwise) and ``add_for``
    (the entries of ``missing`` that ``add`` covers, which ``fill`` does not fetch; empty without ``add``).
    Each shared item (``SHOWN_SHARED``, Cloud Map's two last): ``item, label, status, usd, unit, as_of, source``
    (None when missing), ``fill`` (the fetch command, for a missing fetched item) and ``add`` (how to add a missing
    Cloud Map row by hand: no command fetches it).
    """
    prices = prices or default_pricebook()
    prices.check_region(region)
    fill = FETCH.format(region=region)
    fargate: dict[tuple[str, str, str], object] = {}
    for key in {k for used in FARGATE_RATES_USED.values() for k in used}:
        fargate[key] = _fargate(prices, region, *key)
    od = fargate[("linux", "x86_64", "on_demand")]
    store = fargate.get(("linux", "x86_64", FARGATE_STORAGE_CAPACITY)) or _fargate(
        prices, region, "linux", "x86_64", FARGATE_STORAGE_CAPACITY)
    storage = bool(store is not None and store.ephemeral_storage_gb_hour is not None)
    ec2_rows = sum(1 for (r, _t) in prices.table("ec2_prices").index("region", "instance_type") if r == region)
    spot_rows = sum(1 for (r, _t) in prices.table("ec2_spot_advisor").index("region", "instance_type") if r == region)
    ebs = prices.table("ebs_rates").index("region", "volume_type").get((region, "gp3"))
    try:
        eks = prices.eks_rate(region, "cluster_hour") if is_commercial(region) or region.startswith("us-gov-") else None
    except PriceDataError:
        eks = None

    def fargate_platform(pid: str, capacity: str) -> dict:
        """The rates ``FARGATE_RATES_USED`` says the platform's estimator reads, and the ephemeral-storage rate every
        Fargate platform bills above 20 GiB (from its ``FARGATE_STORAGE_CAPACITY`` row)."""
        have, missing = [], []
        spot_arches = []  # the architectures whose Fargate Spot rate is missing: added by hand, one row each
        for os_, arch, cap in FARGATE_RATES_USED[pid]:
            if cap != capacity:
                continue
            rate = fargate[(os_, arch, cap)]
            (have if rate is not None else missing).append(f"{'Spot ' if cap == 'spot' else ''}{os_}/{arch}")
            if rate is None and cap == "spot":
                spot_arches.append(arch)
        if capacity == "spot":
            if od is None:
                missing.append("on-demand linux/x86_64 (surge and fallback)")
            have.append("windows: not offered (AWS: Fargate Spot does not run Windows tasks)")
        (have if storage else missing).append(STORAGE_NEED)
        ok = fargate[("linux", "x86_64", capacity)] is not None and (capacity == "on_demand" or od is not None)
        # Spot rates are not in AWS's price list files: a fetch fills only the on-demand part (and the storage rate)
        fetchable = missing if capacity == "on_demand" else [m for m in missing if m.startswith("on-demand")
                                                             or m == STORAGE_NEED]
        spot_missing = [m for m in missing if m not in fetchable]
        return {"platform": pid, "label": PLATFORM_LABELS[pid], "status": _status(ok, missing, have), "have": have,
                "missing": missing, "fill": (fill + " --services AmazonECS") if fetchable else None,
                "add": fargate_spot_hint(region, spot_arches) if spot_missing else None, "add_for": spot_missing}

    def ec2_platform(pid: str) -> dict:
        have, missing = [], []
        (have if ec2_rows else missing).append(f"EC2 On-Demand prices ({ec2_rows} types)" if ec2_rows else
                                               "EC2 On-Demand prices")
        (have if ebs else missing).append("EBS gp3 root volumes")
        if spot_rows:
            have.append(f"Spot Advisor savings ({spot_rows} types)")
        else:
            missing.append("Spot Advisor savings (Spot nodes; On-Demand still priced)")
        if pid == "eks-ec2":
            (have if eks else missing).append("EKS control plane")
        ok = bool(ec2_rows and ebs and (eks or pid == "ecs-ec2"))
        # only the offers that hold what is missing: EC2 On-Demand prices and gp3 rates are in AmazonEC2's, the
        # control plane in AmazonEKS's (Spot Advisor savings in neither: ``add`` says how to add them)
        services = (["AmazonEC2"] if not (ec2_rows and ebs) else []) + (
            ["AmazonEKS"] if pid == "eks-ec2" and not eks else [])
        fetchable = [m for m in missing if not m.startswith("Spot Advisor")]
        return {"platform": pid, "label": PLATFORM_LABELS[pid], "status": _status(ok, missing, have), "have": have,
                "missing": missing, "fill": (fill + " --services " + ",".join(services)) if fetchable else None,
                "add": None if spot_rows else "for Spot nodes, "
                + TABLES["ec2_spot_advisor"].refresh_hint.format(region=region),
                "add_for": [m for m in missing if m not in fetchable]}

    def managed_platform(pid: str) -> dict:
        """ECS Managed Instances / EKS Auto Mode: EC2 prices and gp3 volumes as the self-managed EC2 platforms, plus
        the offering's management fees (table managed_instance_fees) and, for Auto Mode, the EKS control plane."""
        have, missing = [], []
        (have if ec2_rows else missing).append(f"EC2 On-Demand prices ({ec2_rows} types)" if ec2_rows else
                                               "EC2 On-Demand prices")
        (have if ebs else missing).append("EBS gp3 volumes")
        offering = FEE_OFFERINGS[pid]
        fees = sum(1 for r in prices.table("managed_instance_fees").where(region=region, offering=offering)
                   if r.get("usd_per_hour") is not None)
        (have if fees else missing).append(f"management fees ({fees} types)" if fees else "management fees")
        if pid == "eks-auto-mode":
            (have if eks else missing).append("EKS control plane")
        ok = bool(ec2_rows and ebs and fees and (eks or pid != "eks-auto-mode"))
        services = (["AmazonEC2"] if not (ec2_rows and ebs) else []) + (
            ["AmazonECS" if pid == "ecs-managed-instances" else "AmazonEKS"] if not fees or (
                pid == "eks-auto-mode" and not eks) else [])
        return {"platform": pid, "label": PLATFORM_LABELS[pid], "status": _status(ok, missing, have), "have": have,
                "missing": missing, "fill": (fill + " --services " + ",".join(services)) if services else None}

    platforms = [fargate_platform("ecs-fargate", "on_demand"), fargate_platform("ecs-fargate-spot", "spot"),
                 ec2_platform("ecs-ec2"), ec2_platform("eks-ec2")]
    if not is_commercial(region):
        platforms.append({"platform": "eks-fargate", "label": PLATFORM_LABELS["eks-fargate"], "status": "not offered",
                          "have": [], "missing": [], "fill": None,
                          "reason": (f"EKS on Fargate is not priced in {region}: {partition_note(region)}"
                                     if region.startswith("cn-") else
                                     f"AWS does not offer EKS on Fargate in {region} ({partition_note(region)})")})
    else:
        have, missing = [], []
        for os_, arch, cap in FARGATE_RATES_USED["eks-fargate"]:
            (have if fargate[(os_, arch, cap)] is not None else missing).append(f"Fargate {os_}/{arch}")
        (have if storage else missing).append(STORAGE_NEED)
        (have if eks else missing).append("EKS control plane")
        services = (["AmazonECS"] if od is None or not storage else []) + (["AmazonEKS"] if not eks else [])
        platforms.append({"platform": "eks-fargate", "label": PLATFORM_LABELS["eks-fargate"],
                          "status": _status(od is not None and eks is not None, missing, have), "have": have,
                          "missing": missing, "fill": (fill + " --services " + ",".join(services)) if services else None})
    platforms += [managed_platform("ecs-managed-instances"), managed_platform("eks-auto-mode")]
    for p in platforms:
        p.setdefault("add", None)
        p.setdefault("add_for", [])
    shared_idx = prices.table("shared_rates").index("region", "item")
    shared = []
    for item in SHOWN_SHARED:
        row = shared_idx.get((region, item))
        ok = row is not None and row.get("usd") is not None
        by_hand = item in HAND_ADDED_SHARED
        shared.append({"item": item, "label": HAND_ADDED_SHARED[item] if by_hand else SHARED_ITEMS[item],
                       "status": "priceable" if ok else "missing",
                       "usd": row["usd"] if ok else None, "unit": row["unit"] if ok else None,
                       "as_of": row["as_of"] if ok else None, "source": row["source"] if ok else None,
                       "fill": None if ok or by_hand else
                       f"{FETCH.format(region=region)} --services {SHARED_ITEM_SERVICE[item]}",
                       "add": hand_added_shared_hint([item]) if by_hand and not ok else None})
    return {"region": region, "commercial": is_commercial(region), "platforms": platforms, "shared": shared,
            "fill": fill}


def _status(ok: bool, missing: list, have: list) -> str:
    """priceable: nothing missing; partial: a Linux x86 workload can be priced but some variants or extras are
    missing; missing: a Linux x86 workload cannot be priced."""
    if not ok:
        return "missing"
    return "partial" if missing else "priceable"


def gaps(regions: list[str] | None = None, prices: PriceBook | None = None) -> dict[str, dict]:
    """Per region, what cannot be priced offline and the command that fills it (for manifest.json)."""
    prices = prices or default_pricebook()
    regions = regions or sorted(r for r in KNOWN_REGIONS if is_commercial(r))
    out = {}
    for reg in regions:
        cov = coverage(reg, prices)
        missing = {p["platform"]: p["missing"] for p in cov["platforms"] if p["missing"]}
        # the gaps a command fills: Cloud Map's rows are added by hand, and no region has them bundled
        shared = [s["item"] for s in cov["shared"] if s["status"] != "priceable" and s["item"] in PRICED_SHARED]
        if missing or shared:
            out[reg] = {"platforms": missing, "shared": shared, "fill": cov["fill"]}
    return out
