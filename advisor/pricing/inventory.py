"""What price data there is: per table and region, rows, dates, origin and staleness (``advisor pricing show``)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from advisor.errors import PriceDataError
from advisor.pricing.book import TABLES, PriceBook, default_pricebook
from advisor.pricing.freshness import resolve_max_age_days


def _age_days(as_of: str, today: date | None = None) -> int | None:
    try:
        d = date.fromisoformat(str(as_of)[:10])
    except ValueError:
        return None
    return ((today or date.today()) - d).days


def _covers(table: str, df: pd.DataFrame) -> str:
    if table == "fargate_rates":
        short = {"on_demand": "OD", "spot": "Spot"}
        return ", ".join(sorted(f"{r.os[:3]}/{r.arch} {short.get(r.capacity, r.capacity)}" for r in df.itertuples()))
    if table == "eks_rates":
        return ", ".join(df["item"])
    return f"{df['instance_type'].nunique()} types" if "instance_type" in df.columns else ""


def inventory(region: str | None = None, prices: PriceBook | None = None, today: date | None = None) -> list[dict]:
    """One row per (table, region): rows, oldest as_of, age in days, origin (bundled/refreshed/imported), coverage."""
    prices = prices or default_pricebook()
    if region:
        prices.check_region(region)
    out = []
    for name, spec in TABLES.items():
        try:
            df = prices.frame(name)
        except PriceDataError:  # a table only refresh writes (ec2_spot_prices) before the first refresh
            out.append({"table": name, "region": region or "all", "rows": 0, "as_of": "-", "age_days": None,
                        "origin": "-", "covers": f"none yet: run '{spec.refresh_hint.format(region=region or 'REGION')}'"})
            continue
        if "region" in df.columns:
            groups = df.groupby("region") if region is None else [(region, df[df["region"] == region])]
        else:
            groups = [("all", df)]
        for reg, part in groups:
            if part.empty:
                out.append({"table": name, "region": reg, "rows": 0, "as_of": "-", "age_days": None,
                            "origin": "-", "covers": f"missing: run '{spec.refresh_hint.format(region=reg)}'"})
                continue
            as_of = str(part["as_of"].min()) if "as_of" in part.columns else "-"
            out.append({
                "table": name,
                "region": reg,
                "rows": int(len(part)),
                "as_of": as_of,
                "as_of_newest": str(part["as_of"].max()) if "as_of" in part.columns else "-",
                "age_days": _age_days(as_of, today),
                "stale": (_age_days(as_of, today) or 0) > resolve_max_age_days(),
                "origin": ", ".join(sorted(part["origin"].unique())),
                "covers": _covers(name, part),
            })
    return out
