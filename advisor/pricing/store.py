"""Validated, atomic, locked writes of price tables into a user data directory. No network, no boto3.

A write never touches the bundled snapshot. New rows are validated first (column contract, prices finite and
> 0, real dates no later than tomorrow and ``effective_date`` <= ``as_of``, sources present, per-region row-count
floors, expected rates present, no dedicated-tenancy rows, no Windows rows in ec2_prices and no Linux rows in
ec2_windows_prices). Then, holding one
file lock on the data directory (``data_lock``; every writer -- ``fetch``, ``refresh``, ``import-offer`` --
takes it around its whole read-merge-replace), each table is merged with the existing user rows (per key the
row with the newest ``as_of`` wins, the new row on a tie; other keys and regions are kept), written to a
temporary file in the same directory, read back and checked, and only then moved over the old file with
``os.replace`` (atomic on POSIX and Windows). Any failure leaves the previous files untouched. Temporary files
left by a killed writer are removed by the next writer (they can only be created under the lock).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from advisor.errors import PriceDataError
from advisor.fileio import length_problem, shown_path
from advisor.pricing.book import BUNDLED_DIR, MAX_CELL, TABLES, _read_table, cell_problem


class PriceValidationError(PriceDataError):
    """Refreshed, fetched or imported rows failed a sanity check; nothing was written."""


#: Minimum rows per region for a table to be accepted. A real region has hundreds of EC2 instance types
#: (the smallest in the bundled snapshot, ap-southeast-4, has 147 priced types) and Spot prices for most.
FLOORS: dict[str, int] = {
    "fargate_rates": 1,
    "eks_rates": 1,
    "ec2_prices": 50,
    "ec2_spot_prices": 20,
    "ec2_instance_types": 100,
}

#: Why each floor is there, and how to proceed when a small file is meant (for the floor's message).
FLOOR_WHY: dict[str, str] = {
    "ec2_prices": "The floor is there to catch a truncated or wrong AmazonEC2 file: AWS's offer lists hundreds of "
                  "Linux instance types per region (the smallest region in the bundled snapshot has 147).",
    "ec2_instance_types": "The floor catches a truncated DescribeInstanceTypes answer: a region has hundreds of types.",
    "ec2_spot_prices": "The floor catches a truncated Spot price history: a region has Spot prices for most types.",
}
FLOOR_WAY: dict[str, str] = {
    "ec2_prices": " A deliberately small mirror (such as tests/fixtures/pricelist/mirror) cannot feed ec2_prices: "
                  "leave AmazonEC2 out, e.g. --services AmazonECS,AmazonEKS (docs/pricing-refresh.md, 'Mirror "
                  "layout').",
}

#: The operatingSystem of the AmazonEC2 products each EC2 price table holds (checked on the rows' ``_os``).
EC2_OS: dict[str, str] = {"ec2_prices": "Linux", "ec2_windows_prices": "Windows"}

#: Rates that must be present for a region: Fargate Linux/x86 On-Demand (usage types
#: <PFX>-Fargate-vCPU-Hours:perCPU and <PFX>-Fargate-GB-Hours); the EKS standard cluster-hour
#: (<PFX>-AmazonEKS-Hours:perCluster).
EXPECTED: dict[str, tuple[str, dict]] = {
    "fargate_rates": ("Fargate-vCPU-Hours:perCPU and Fargate-GB-Hours (Linux/x86 On-Demand)",
                      {"arch": "x86_64", "os": "linux", "capacity": "on_demand"}),
    "eks_rates": ("AmazonEKS-Hours:perCluster (standard cluster-hour)", {"item": "cluster_hour"}),
}

#: Numeric columns a row may not leave blank.
REQUIRED_NUMBERS = ("usd_per_hour", "usd_per_vcpu_hour", "usd_per_gb_hour", "usd_per_cluster_hour", "vcpu", "memory_mib",
                    "usd_per_gb_month", "usd", "usd_per_unit")

LOCK_NAME = ".advisor-prices.lock"
#: How long a writer waits for another advisor run to finish writing the same data directory.
LOCK_TIMEOUT_S = 300.0


@dataclass
class WriteResult:
    table: str
    path: Path
    rows_new: int
    rows_total: int
    regions: list[str]
    rows_kept_newer: int = 0  # new rows not used because the directory already had a newer row for the key

    def summary(self, noun: str = "rows") -> str:
        """One line for the command's report. Rows the merge did not use (the data directory already had a newer
        ``as_of`` for their key, e.g. an older offer file imported after a fetch) are not counted as written: the
        line says how many and why, so a user does not think the file's prices are now in use."""
        where = ", ".join(self.regions) or "all regions"
        total = f"({self.rows_total} rows in {self.path})"
        kept, used = self.rows_kept_newer, self.rows_new - self.rows_kept_newer
        if not kept:
            return f"wrote {self.table}: {self.rows_new} {noun} for {where} {total}"
        why = "the data directory already has a newer price (a later as_of) for"
        if not used and self.rows_new == 1:  # "none of the 1 rows" read badly
            return f"{self.table}: the 1 row for {where} not used: {why} it, which stays; its price is unchanged {total}"
        if not used:
            return (f"{self.table}: none of the {self.rows_new} rows for {where} used: {why} each of them, which "
                    f"stays; its prices are unchanged {total}")
        return (f"wrote {self.table}: {used} {noun} for {where}; {kept} more not used: {why} those, which stays "
                f"{total}")


@contextlib.contextmanager
def data_lock(data_dir: Path | str, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the data directory's write lock (``.advisor-prices.lock``, an OS file lock released if the process
    dies). Every read-merge-replace of user price data runs inside it, so concurrent runs never lose rows."""
    from filelock import FileLock, Timeout  # lazily: only writers need it

    data_dir = Path(data_dir)
    lock = FileLock(str(data_dir / LOCK_NAME))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise PriceValidationError(
            f"another advisor run has been writing price data in {data_dir} for over {timeout:g} s (lock file "
            f"{data_dir / LOCK_NAME}). Wait for it to finish and run the command again; nothing was written."
        ) from None
    except OSError as exc:
        raise write_error(data_dir, exc) from None
    try:
        yield
    finally:
        lock.release()


def write_error(data_dir: Path, exc: OSError) -> PriceValidationError:
    """An OSError while writing the data directory (a full disk, a quota, a read-only folder) as one message."""
    return PriceValidationError(
        f"cannot write price data to {data_dir}: {exc.strerror or exc}. Nothing was written; the tables there are as "
        "they were. Free space (or fix the permissions) there, or pass another --data-dir (or set $ADVISOR_DATA_DIR), "
        "and run the command again.")


def column_order(table: str, df: pd.DataFrame) -> list[str]:
    spec = TABLES[table]
    extra = [c for c in df.columns if c not in spec.columns and not c.startswith("_")]
    return list(spec.columns) + extra


def _tomorrow(today: date | None) -> str:
    return ((today or date.today()) + timedelta(days=1)).isoformat()


def _bad_dates(values: pd.Series, latest: str, required: bool) -> pd.Series:
    """True where a date cell is not YYYY-MM-DD, not a calendar date or after ``latest`` (blank allowed unless
    ``required``)."""
    text = values.fillna("").astype(str).str.strip()
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & ((text != "") | required)
    return bad | (text.str.len().ne(10) & (text != "")) | (text > latest)


def validate_rows(table: str, rows: list[dict] | pd.DataFrame, what: str, floors: dict[str, int] | None = None,
                  today: date | None = None) -> pd.DataFrame:
    """Check new rows for ``table``; return them as a DataFrame. ``what`` names the origin in messages.

    Raises ``PriceValidationError`` (nothing is written) for a missing column, a price that is blank where
    required, not a number, infinite, zero or negative, a date that is not a real ``YYYY-MM-DD`` date or lies
    after tomorrow (a publication date of 9999-12-31 would outrank every later price for good), an
    ``effective_date`` after ``as_of``, an unknown region, duplicate keys, fewer rows than the per-region floor,
    or a missing expected rate.
    """
    if table not in TABLES:
        raise PriceValidationError(f"unknown price table {table!r}; valid: {', '.join(TABLES)}.")
    spec = TABLES[table]
    floors = {**FLOORS, **(floors or {})}
    df = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    fix = "Nothing was written; the previous data is unchanged."
    if df.empty:
        raise PriceValidationError(f"{table}: {what} returned no usable rows. {fix} Check the region and the offer "
                                   "(it may not be offered there), or retry later.")
    for c in spec.optional:
        if c not in df.columns:
            df[c] = ""
    missing = [c for c in spec.columns if c not in df.columns]
    if missing:
        raise PriceValidationError(f"{table}: {what} rows lack the columns {', '.join(missing)} "
                                   f"(required: {', '.join(spec.columns)}). {fix}")
    for c in ("as_of", "source"):
        if c in spec.columns and (df[c].isna() | (df[c].astype(str).str.strip() == "")).any():
            raise PriceValidationError(f"{table}: {what} has rows without {c}; every price needs its date and source. {fix}")
    for c in spec.numeric:
        vals = pd.to_numeric(df[c], errors="coerce").astype(float)
        required = c in REQUIRED_NUMBERS or c in spec.required
        bad = (vals <= 0) | ~np.isfinite(vals.fillna(1.0)) | (vals.isna() & required) | \
              (vals.isna() & df[c].notna() & (df[c].astype(str).str.strip() != "")) | (vals.abs() > MAX_CELL)
        if c in spec.whole:
            bad |= vals.notna() & np.isfinite(vals.fillna(1.0)) & (vals != np.floor(vals.fillna(1.0)))
        if c in spec.signed:
            bad = (~np.isfinite(vals.fillna(0.0))) | (vals.isna() & df[c].notna() & (df[c].astype(str).str.strip() != "")) \
                | (vals.abs() > MAX_CELL)
        if c in dict(spec.below):
            bad |= vals.notna() & ~(vals.fillna(0.0) < dict(spec.below)[c])
        if bad.any():
            sample = df.loc[bad, list(spec.key) + [c]].head(3).to_dict("records")
            valid = ("from -1e9 to 1e9" if c in spec.signed else
                     "> 0 and at most 1e9" + (", and a whole number" if c in spec.whole else ""))
            if c in dict(spec.below):
                valid += f", below {dict(spec.below)[c]:g}"
            raise PriceValidationError(f"{table}: {what} has {int(bad.sum())} rows where {c} is not a finite number "
                                       f"{valid}, e.g. {sample}. {fix}")
        df[c] = vals
    latest = _tomorrow(today)
    for c in ("as_of", "effective_date", "ephemeral_storage_as_of"):
        if c in df.columns:
            bad = _bad_dates(df[c], latest, required=(c == "as_of"))
            if bad.any():
                sample = df.loc[bad, c].astype(str).head(3).tolist()
                raise PriceValidationError(f"{table}: {what} has {int(bad.sum())} rows whose {c} is not a real date "
                                           f"on or before {latest}, e.g. {sample}. {fix} A future date would outrank "
                                           "every later price.")
    if "effective_date" in df.columns:
        eff = df["effective_date"].fillna("").astype(str)
        late = (eff != "") & (eff > df["as_of"].astype(str))
        if late.any():
            sample = df.loc[late, ["effective_date", "as_of"]].head(3).to_dict("records")
            raise PriceValidationError(f"{table}: {what} has prices effective after the date they were confirmed, e.g. "
                                       f"{sample}. {fix}")
    for c, rule in spec.cell_rules().items():  # the same key-cell rules PriceBook applies when it reads the file
        if c not in df.columns:
            continue
        for value in df[c].fillna("").astype(str).unique():
            problem = cell_problem(rule, value)
            if problem:
                raise PriceValidationError(f"{table}: {what} has rows whose {c} {value!r} {problem}. {fix}")
    if "_tenancy" in df.columns and (df["_tenancy"] != "Shared").any():
        raise PriceValidationError(f"{table}: {what} mixes in non-Shared (dedicated/host) tenancy rows; {table} "
                                   f"holds shared-tenancy prices only. {fix}")
    want_os = EC2_OS.get(table, "Linux")
    if "_os" in df.columns and (df["_os"] != want_os).any():
        other = "Windows" if want_os == "Linux" else "Linux"
        raise PriceValidationError(f"{table}: {what} mixes in non-{want_os} (e.g. {other}) rows; {table} holds "
                                   f"{want_os} prices only. {fix}")
    if df.duplicated(list(spec.key)).any():
        dup = df.loc[df.duplicated(list(spec.key)), list(spec.key)].head(3).to_dict("records")
        raise PriceValidationError(f"{table}: {what} has duplicate keys {dup}. {fix}")
    floor = floors.get(table, 1)
    groups = df.groupby("region") if "region" in df.columns else [("all", df)]
    for reg, part in groups:
        where = "" if reg and str(reg) in what else f" for {reg or 'all regions'}"  # ``what`` may name it already
        if len(part) < floor:
            raise PriceValidationError(
                f"{table}: {what} gave only {len(part)} rows{where}, below the floor of {floor} rows per region. "
                f"{FLOOR_WHY.get(table, 'The floor catches a truncated or wrong file.')} {fix} Retry, or check that "
                f"the file is complete.{FLOOR_WAY.get(table, '')}")
        if table in EXPECTED:
            label, match = EXPECTED[table]
            hit = part
            for k, v in match.items():
                hit = hit[hit[k] == v]
            if hit.empty:
                raise PriceValidationError(f"{table}: {what} has no {label} rate{where}. {fix}")
    return df


def _read_existing(path: Path, table: str) -> pd.DataFrame | None:
    """The user's current table, to merge into; ``PriceValidationError`` (nothing written) when it is malformed
    (the same checks ``PriceBook`` makes: a short or long row, a bad number or date), since merging would keep the
    damage."""
    if not path.exists():
        return None
    spec = TABLES[table]
    try:
        _read_table(path, spec, "refreshed")
    except PriceDataError as exc:
        raise PriceValidationError(f"{exc} Nothing was written: the new rows would be merged into that file.") from None
    try:
        df = pd.read_csv(path, dtype={c: str for c in spec.columns if c not in spec.numeric}, keep_default_na=False,
                         na_values={c: [""] for c in spec.numeric})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError) as exc:
        raise PriceValidationError(f"the existing user table {path} cannot be read ({exc}); it was left as is. "
                                   "Move or delete it, then run the command again.") from None
    for c in spec.optional:
        if c not in df.columns:
            df[c] = ""
    if "origin" not in df.columns:
        df["origin"] = "refreshed"
    return df


def check_data_dir(data_dir: Path | str) -> Path:
    """``data_dir`` (``~`` expanded) when price tables can be written there; else ``PriceValidationError`` saying
    why. ``fetch``, ``refresh`` and ``import-offer`` call it before they download or read anything, so an unusable
    directory is refused at once, not after hundreds of MB of offer files. Refused: the bundled snapshot or a
    folder inside it (read-only: the package's own data), a path that is not a folder (a file, a device), a
    missing path whose nearest existing parent is not a folder, and a folder (or that parent) the user cannot
    write. Creates nothing: a missing folder is created by the write."""
    fix = "Pass another --data-dir (or set $ADVISOR_DATA_DIR), or leave both out to use the user data directory."
    # '' is Path('.'): an empty variable ('--data-dir "$DIR"') wrote the tables into the current folder, and ' ' made a
    # folder named ' '
    if not str(data_dir).strip() or not Path(data_dir).name.strip() and Path(data_dir).name:
        raise PriceValidationError(f"the data directory {str(data_dir)!r} is blank (empty, or a name of only spaces). "
                                   f"{fix} Nothing was fetched or written.")
    data_dir = Path(data_dir).expanduser()
    resolved, bundled = data_dir.resolve(), BUNDLED_DIR.resolve()
    if resolved == bundled or bundled in resolved.parents:
        where = "is" if resolved == bundled else f"is inside {BUNDLED_DIR},"
        raise PriceValidationError(f"the data directory {data_dir} {where} the bundled snapshot, which is read-only "
                                   f"(it ships with advisor). {fix} Nothing was fetched or written.")
    # with room for the longest table's temporary file (``_write_temp``: .<table>.<8 characters>.tmp)
    too_long = length_problem(data_dir / f".{max(TABLES, key=len)}.xxxxxxxx.tmp")
    if too_long:  # refused here, not by the write after minutes of downloading
        raise PriceValidationError(f"the data directory {shown_path(data_dir)} cannot hold the price tables: "
                                   f"{too_long}. {fix} Nothing was fetched or written.")
    probe = data_dir.absolute()
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    what = "" if probe == data_dir.absolute() else f"cannot be created: {probe} "
    if not probe.is_dir():
        kind = "a broken symbolic link" if probe.is_symlink() and not probe.exists() else "not a folder"
        raise PriceValidationError(f"the data directory {data_dir} {what}is {kind}. {fix} Nothing was fetched or "
                                   "written.")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise PriceValidationError(f"the data directory {data_dir} {what}is not writable by you. {fix} Nothing was "
                                   "fetched or written.")
    return data_dir


def _check_target(data_dir: Path) -> Path:
    data_dir = check_data_dir(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PriceValidationError(f"cannot create the data directory {data_dir}: {exc.strerror or exc}. Pass a "
                                   "writable --data-dir or set $ADVISOR_DATA_DIR.") from None
    return data_dir


def _remove_stale_temps(data_dir: Path) -> None:
    """Temporary files of a killed writer (only lock holders create them, so none is in use now): only the names
    ``_write_temp`` and the backups give (``.<table>.<mkstemp's 8 characters>.tmp``, ``.<table>.old.tmp``), so a
    data directory that holds other files (``--data-dir ~``) loses none of them."""
    names = re.compile(r"\.(?:" + "|".join(map(re.escape, TABLES)) + r")\.(?:[a-z0-9_]{8}|old)\.tmp")
    for tmp in data_dir.glob(".*.tmp"):
        if names.fullmatch(tmp.name):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _merge(table: str, new: pd.DataFrame, old: pd.DataFrame | None) -> tuple[pd.DataFrame, int]:
    """Per key the newest ``as_of`` wins; the new row on a tie. Returns (merged, new rows not used)."""
    spec = TABLES[table]
    new = new[[c for c in new.columns if not c.startswith("_")]].copy()
    new["_new"] = 1
    if old is None:
        merged = new
    else:
        old = old.copy()
        old["_new"] = 0
        merged = pd.concat([new, old], ignore_index=True)
    if "as_of" in merged.columns:
        merged = merged.sort_values(["as_of", "_new"], ascending=[False, False], kind="stable")
    merged = merged.drop_duplicates(list(spec.key), keep="first")
    kept_newer = int(len(new) - merged["_new"].sum())
    merged = merged.drop(columns="_new").sort_values(list(spec.key)).reset_index(drop=True)
    return merged[column_order(table, merged)], kept_newer


def _write_temp(table: str, merged: pd.DataFrame, data_dir: Path) -> str:
    """``merged`` as a temporary CSV next to its table, read back; an OSError (a full disk) propagates, with the
    temporary file removed."""
    spec = TABLES[table]
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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_tables(tables: dict[str, pd.DataFrame], data_dir: Path | str) -> list[WriteResult]:
    """Merge validated rows of several tables into ``data_dir`` under one lock; each file replaced atomically.

    Every table is written to a temporary file first; only when all are written are they moved over the old
    files. An ``OSError`` (a full disk, a quota, a read-only folder) at any step raises ``PriceValidationError``
    and leaves every table as it was (a table already replaced is put back from a hard link of its old file).
    """
    data_dir = _check_target(Path(data_dir))
    results = []
    with data_lock(data_dir):
        _remove_stale_temps(data_dir)
        staged: list[tuple[str, str, Path]] = []
        backups: list[tuple[str, Path]] = []  # (hard link of the old file, its path), for a rollback
        replaced: list[tuple[str | None, Path]] = []
        try:
            for table, new in tables.items():
                path = data_dir / f"{table}.csv"
                merged, kept_newer = _merge(table, new, _read_existing(path, table))
                staged.append((table, _write_temp(table, merged, data_dir), path))
                regions = sorted(new["region"].unique()) if "region" in new.columns else []
                results.append(WriteResult(table, path, len(new), len(merged), [r for r in regions if r], kept_newer))
            for _table, tmp, path in staged:
                old = None
                if path.exists() and len(staged) > 1:
                    old = str(data_dir / f".{path.stem}.old.tmp")
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(old)
                    os.link(path, old)
                    backups.append((old, path))
                os.replace(tmp, path)
                replaced.append((old, path))
        except OSError as exc:
            for old, path in reversed(replaced):  # put back what was already replaced
                with contextlib.suppress(OSError):
                    if old is None:
                        path.unlink()
                    else:
                        os.replace(old, path)
            raise write_error(data_dir, exc) from None
        finally:
            for _table, tmp, _path in staged:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink(missing_ok=True)
            for old, _path in backups:
                with contextlib.suppress(OSError):
                    Path(old).unlink(missing_ok=True)
    return results


def write_table(table: str, new: pd.DataFrame, data_dir: Path | str) -> WriteResult:
    """Merge validated ``new`` rows into ``data_dir/<table>.csv`` atomically, under the directory's lock."""
    return write_tables({table: new}, data_dir)[0]


def commit(table: str, rows: Iterable[dict] | pd.DataFrame, data_dir: Path | str, what: str,
           floors: dict[str, int] | None = None) -> WriteResult:
    """Validate then write. Raises PriceValidationError (nothing written) when a check fails."""
    df = validate_rows(table, rows if isinstance(rows, pd.DataFrame) else list(rows), what, floors)
    return write_table(table, df, data_dir)


def commit_many(tables: dict[str, list[dict] | pd.DataFrame], data_dir: Path | str, what: str,
                floors: dict[str, int] | None = None, today: date | None = None) -> list[WriteResult]:
    """Validate every table first, then write them all under one lock. Any failed check writes nothing."""
    checked = {t: validate_rows(t, rows, what, floors, today) for t, rows in tables.items()}
    return write_tables(checked, data_dir)
