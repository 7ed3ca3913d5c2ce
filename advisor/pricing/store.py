"""Validated, atomic writes of price tables into a user data directory. No network, no boto3.

A write never touches the bundled snapshot. New rows are validated (column contract, prices > 0, dates and
sources present, per-region row-count floors, expected rates present, no dedicated-tenancy or Windows rows in
Linux EC2 tables), merged with the existing user rows (new rows win per key; other regions are kept),
written to a temporary file in the same directory, read back and checked, and only then moved over the old
file with ``os.replace`` (atomic on POSIX and Windows). Any failure leaves the previous file untouched.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from advisor.errors import PriceDataError
from advisor.pricing.book import BUNDLED_DIR, TABLES
from advisor.pricing.regions import KNOWN_REGIONS


class PriceValidationError(PriceDataError):
    """Refreshed or imported rows failed a sanity check; nothing was written."""


#: Minimum rows per region for a table to be accepted. A real region has hundreds of EC2 instance types
#: (the smallest in the bundled snapshot, ap-southeast-4, has 147 priced types) and Spot prices for most.
FLOORS: dict[str, int] = {
    "fargate_rates": 1,
    "eks_rates": 1,
    "ec2_prices": 50,
    "ec2_spot_prices": 20,
    "ec2_instance_types": 100,
}

#: Rates that must be present for a region: Fargate Linux/x86 On-Demand (usage types
#: <PFX>-Fargate-vCPU-Hours:perCPU and <PFX>-Fargate-GB-Hours); the EKS standard cluster-hour
#: (<PFX>-AmazonEKS-Hours:perCluster).
EXPECTED: dict[str, tuple[str, dict]] = {
    "fargate_rates": ("Fargate-vCPU-Hours:perCPU and Fargate-GB-Hours (Linux/x86 On-Demand)",
                      {"arch": "x86_64", "os": "linux", "capacity": "on_demand"}),
    "eks_rates": ("AmazonEKS-Hours:perCluster (standard cluster-hour)", {"item": "cluster_hour"}),
}


@dataclass
class WriteResult:
    table: str
    path: Path
    rows_new: int
    rows_total: int
    regions: list[str]


def column_order(table: str, df: pd.DataFrame) -> list[str]:
    spec = TABLES[table]
    extra = [c for c in df.columns if c not in spec.columns and not c.startswith("_")]
    return list(spec.columns) + extra


def validate_rows(table: str, rows: list[dict] | pd.DataFrame, what: str, floors: dict[str, int] | None = None) -> pd.DataFrame:
    """Check new rows for ``table``; return them as a DataFrame. ``what`` names the origin in messages."""
    if table not in TABLES:
        raise PriceValidationError(f"unknown price table {table!r}; valid: {', '.join(TABLES)}.")
    spec = TABLES[table]
    floors = {**FLOORS, **(floors or {})}
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    fix = "Nothing was written; the previous data is unchanged."
    if df.empty:
        raise PriceValidationError(f"{table}: {what} returned no usable rows. {fix} Check the region and the offer "
                                   "(it may not be offered there), or retry later.")
    missing = [c for c in spec.columns if c not in df.columns]
    if missing:
        raise PriceValidationError(f"{table}: {what} rows lack the columns {', '.join(missing)} "
                                   f"(required: {', '.join(spec.columns)}). {fix}")
    for c in ("as_of", "source"):
        if c in spec.columns and (df[c].isna() | (df[c].astype(str).str.strip() == "")).any():
            raise PriceValidationError(f"{table}: {what} has rows without {c}; every price needs its date and source. {fix}")
    for c in spec.numeric:
        vals = pd.to_numeric(df[c], errors="coerce")
        required = c in ("usd_per_hour", "usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_cluster_hour", "vcpu",
                         "memory_mib")
        bad = (vals <= 0) | (vals.isna() & required) | (vals.isna() & df[c].notna())
        if bad.any():
            sample = df.loc[bad, list(spec.key) + [c]].head(3).to_dict("records")
            raise PriceValidationError(f"{table}: {what} has {int(bad.sum())} rows where {c} is not a number > 0, "
                                       f"e.g. {sample}. {fix}")
    if "region" in df.columns:
        unknown = sorted(set(df["region"]) - KNOWN_REGIONS)
        if unknown:
            raise PriceValidationError(f"{table}: {what} has rows for unknown regions {unknown}. {fix}")
    if "_tenancy" in df.columns and (df["_tenancy"] != "Shared").any():
        raise PriceValidationError(f"{table}: {what} mixes in non-Shared (dedicated/host) tenancy rows; ec2_prices "
                                   f"holds Linux shared-tenancy prices only. {fix}")
    if "_os" in df.columns and (df["_os"] != "Linux").any():
        raise PriceValidationError(f"{table}: {what} mixes in non-Linux (e.g. Windows) rows; ec2_prices holds Linux "
                                   f"prices only. {fix}")
    if df.duplicated(list(spec.key)).any():
        dup = df.loc[df.duplicated(list(spec.key)), list(spec.key)].head(3).to_dict("records")
        raise PriceValidationError(f"{table}: {what} has duplicate keys {dup}. {fix}")
    floor = floors.get(table, 1)
    groups = df.groupby("region") if "region" in df.columns else [("all", df)]
    for reg, part in groups:
        if len(part) < floor:
            raise PriceValidationError(f"{table}: {what} gave only {len(part)} rows for {reg}, below the floor of "
                                       f"{floor} rows per region; the result looks truncated. {fix} Retry, or check "
                                       "that the offer file is complete.")
        if table in EXPECTED:
            label, match = EXPECTED[table]
            hit = part
            for k, v in match.items():
                hit = hit[hit[k] == v]
            if hit.empty:
                raise PriceValidationError(f"{table}: {what} has no {label} rate for {reg}. {fix}")
    return df


def _read_existing(path: Path, table: str) -> pd.DataFrame | None:
    if not path.exists():
        return None
    spec = TABLES[table]
    try:
        df = pd.read_csv(path, dtype={c: str for c in spec.columns if c not in spec.numeric}, keep_default_na=False,
                         na_values={c: [""] for c in spec.numeric})
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise PriceValidationError(f"the existing user table {path} cannot be read ({exc}); it was left as is. "
                                   "Move or delete it, then run the command again.") from None
    if "origin" not in df.columns:
        df["origin"] = "refreshed"
    return df


def write_table(table: str, new: pd.DataFrame, data_dir: Path | str) -> WriteResult:
    """Merge validated ``new`` rows into ``data_dir/<table>.csv`` atomically. Returns what was written."""
    data_dir = Path(data_dir).expanduser()
    if data_dir.resolve() == BUNDLED_DIR.resolve():
        raise PriceValidationError(f"{data_dir} is the bundled snapshot, which is read-only. Write to the user data "
                                   "directory (the default) or pass another --data-dir.")
    spec = TABLES[table]
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PriceValidationError(f"cannot create the data directory {data_dir}: {exc.strerror or exc}. Pass a "
                                   "writable --data-dir or set $ADVISOR_DATA_DIR.") from None
    path = data_dir / f"{table}.csv"
    old = _read_existing(path, table)
    new = new[[c for c in new.columns if not c.startswith("_")]]
    merged = new if old is None else pd.concat([new, old], ignore_index=True)
    merged = merged.drop_duplicates(list(spec.key), keep="first")
    merged = merged.sort_values(list(spec.key)).reset_index(drop=True)
    merged = merged[column_order(table, merged)]
    fd, tmp = tempfile.mkstemp(prefix=f".{table}.", suffix=".tmp", dir=data_dir)
    try:
        with os.fdopen(fd, "w", newline="") as fh:
            merged.to_csv(fh, index=False, lineterminator="\n")
        check = pd.read_csv(tmp, keep_default_na=False)
        if len(check) != len(merged) or [c for c in spec.columns if c not in check.columns]:
            raise PriceValidationError(f"{table}: the temporary file {tmp} did not read back intact; the previous "
                                       "data is unchanged.")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the table the usual file mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    regions = sorted(new["region"].unique()) if "region" in new.columns else []
    return WriteResult(table, path, len(new), len(merged), regions)


def commit(table: str, rows: Iterable[dict] | pd.DataFrame, data_dir: Path | str, what: str,
           floors: dict[str, int] | None = None) -> WriteResult:
    """Validate then write. Raises PriceValidationError (nothing written) when a check fails."""
    df = validate_rows(table, rows if isinstance(rows, pd.DataFrame) else list(rows), what, floors)
    return write_table(table, df, data_dir)
