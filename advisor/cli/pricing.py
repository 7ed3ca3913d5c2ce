"""``advisor pricing show|fetch|refresh|import-offer``: the price tables, and writing current ones to the user data
directory.

Each command parses, calls one library function in ``advisor.pricing`` and prints the result. Errors: one
message, exit 2.
"""

from __future__ import annotations

import csv
import io
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import TableJsonCsv, decimal_number, handled, input_path, printable, whole_number
from advisor.platforms import PLATFORMS
from advisor.render.format import csv_cell, dumps, terminal, terminal_console
from advisor.units import usd_rate

pricing_app = typer.Typer(help="Inspect the price tables advisor uses, and fetch current ones from AWS.",
                          no_args_is_help=True)

# text, not a Path: Path('') is '.', so an empty '--data-dir "$DIR"' would name the current folder (check_data_dir refuses it)
DataDirOpt = Annotated[str | None, typer.Option(
    "--data-dir", help="Where to write the tables (default: see the end of this help). The bundled snapshot is "
    "never modified.")]
#: The defaults, at the end of a writing command's help: full width there, so no name is cut off at 80 columns.
DATA_DIR_EPILOG = ("Data directory: --data-dir, else $ADVISOR_DATA_DIR, else $XDG_DATA_HOME/advisor, else "
                   "~/.local/share/advisor.")
CACHE_EPILOG = "Cache: $ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/advisor, else ~/.cache/advisor."


class FileFormat(str, Enum):
    csv = "csv"
    json = "json"


def _cell(value) -> str:
    """A value for a text cell: '' for None (never a Python None), numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _csv(rows: list[dict]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    cols = list(dict.fromkeys(k for r in rows for k in r))
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: csv_cell(_cell(r.get(k))) for k in cols})
    return buf.getvalue()


def _cells(*values) -> list[str]:
    """Table cells from price data (which a user may have edited): printable, and never read as Rich markup."""
    return [terminal(v) for v in values]


def _span(a, b) -> str:
    if not a or a == "-":
        return "-"
    return a if not b or b == a else f"{a}..{b}"


@pricing_app.command("show")
def pricing_show(
    region: Annotated[str | None, typer.Option(
        "--region", "-r", help="Show one region in detail: which platforms and shared costs can be priced there, "
        "and how to fill what is missing.")] = None,
    fmt: Annotated[TableJsonCsv, typer.Option("--format", "-f", help="Output format.")] = TableJsonCsv.table,
) -> None:
    """Which price data there is, per region, how recently it was confirmed, and (with --region) which platforms
    and shared costs can be priced there and how to fetch what is missing."""
    from advisor.pricing.book import PriceBook
    from advisor.pricing.inventory import coverage, inventory, regions_overview

    with handled():
        prices = PriceBook.default()  # not the process-wide cache: the user data may have just been written
        if region is not None:  # '' is refused as compare -r '' is, not read as "every region"
            region = region.strip().lower()
            cov = coverage(region, prices)
            tables = inventory(region=region, prices=prices)
        else:
            overview = regions_overview(prices)
            tables = inventory(prices=prices)
    if fmt is TableJsonCsv.json:
        typer.echo(dumps(dict(cov, tables=tables) if region is not None else tables))
        return
    if fmt is TableJsonCsv.csv:
        if region is not None:
            rows = [{"kind": "platform", "name": p["platform"], "status": p["status"],
                     "detail": "; ".join(p["missing"]) or p.get("reason", ""), "fill": p["fill"], "add": p["add"]}
                    for p in cov["platforms"]]
            rows += [{"kind": "shared", "name": s["item"], "status": s["status"],
                      "detail": f"{usd_rate(s['usd'])} USD per {s['unit']}, confirmed {s['as_of']}, source {s['source']}"
                      if s["usd"] is not None else "", "fill": s["fill"], "add": s["add"]} for s in cov["shared"]]
            typer.echo(_csv(rows), nl=False)
        else:
            typer.echo(_csv(tables), nl=False)
        return
    from rich import box
    from rich.table import Table

    console = terminal_console()
    if region is not None:
        _print_region(console, cov, tables, Table, box)
        return
    t = Table(title="Price data per region (advisor pricing show --region R for details)", title_justify="left",
              box=box.SIMPLE_HEAD, expand=False)
    t.add_column("region", no_wrap=True, min_width=14)
    t.add_column("platforms", no_wrap=True, justify="right")
    t.add_column("tables", overflow="fold")
    t.add_column("oldest", no_wrap=True)
    for r in overview:
        t.add_row(*_cells(r["region"], f"{r['priceable']}/{r['platforms']}", ", ".join(r["tables"]), r["confirmed_oldest"] or "-"))
    console.print(t)
    glob = [r for r in tables if r["region"] == "all"]
    if glob:
        g = Table(title="Tables for every region", title_justify="left", box=box.SIMPLE_HEAD)
        g.add_column("table", no_wrap=True)
        g.add_column("rows", justify="right", no_wrap=True)
        g.add_column("confirmed", no_wrap=True)
        g.add_column("origin", overflow="fold")
        for r in glob:
            g.add_row(*_cells(r["table"], str(r["rows"]), _span(r["as_of"], r["as_of_newest"]), r["origin"] or "-"))
        console.print(g)
    console.print(f"platforms: how many of the {len(PLATFORMS)} platforms can price a Linux x86 workload there with "
                  "every extra. "
                  "oldest: the oldest date a price there was last confirmed (fetched from AWS, or checked against a "
                  "dated source).")


def _print_region(console, cov: dict, tables: list[dict], Table, box) -> None:
    from advisor.pricing.book import HAND_ADDED_SHARED, SHARED_ITEM_SERVICE, hand_added_shared_hint

    region = cov["region"]
    p = Table(title=f"Platforms in {region}", title_justify="left", box=box.SIMPLE_HEAD)
    p.add_column("platform", no_wrap=True)
    p.add_column("status", no_wrap=True)
    p.add_column("what is missing / how to fill it", overflow="fold")
    for x in cov["platforms"]:
        # each gap beside what fills it: the fetch for what it fetches, the row to add by hand for the rest (the
        # Fargate Spot row read "Spot linux/arm64; ephemeral storage above 20 GiB -> fetch -> add by hand", as if
        # the fetch filled the Spot rate)
        by_hand = x["add_for"] if x["add"] else []
        fetched = [m for m in x["missing"] if m not in by_hand]
        parts = [x["reason"]] if x.get("reason") else []
        if fetched:
            parts.append("; ".join(fetched) + (f" -> {x['fill']}" if x["fill"] else ""))
        if by_hand:
            parts.append("; ".join(by_hand) + f" -> {x['add']}")
        # one line per part: each part made printable on its own (terminal() turns a line break into a space)
        p.add_row(*_cells(x["platform"], x["status"]), "\n".join(_cells(*parts)) or "-")
    console.print(p)
    s = Table(title=f"Shared costs in {region}", title_justify="left", box=box.SIMPLE_HEAD)
    s.add_column("item", no_wrap=True)
    s.add_column("USD", justify="right", no_wrap=True)
    s.add_column("per", overflow="fold")
    s.add_column("confirmed", no_wrap=True)
    for x in cov["shared"]:
        if x["usd"] is None:
            s.add_row(x["item"], "-", "missing", "-")
        else:
            s.add_row(*_cells(x["item"], usd_rate(x["usd"]), x["unit"], x["as_of"]))
    console.print(s)
    missing_shared = [x for x in cov["shared"] if x["usd"] is None and x["item"] in SHARED_ITEM_SERVICE]
    if missing_shared:
        services = ",".join(dict.fromkeys(SHARED_ITEM_SERVICE[x["item"]] for x in missing_shared))
        console.print(f"Missing shared costs: run 'advisor pricing fetch --region {region} --services {services}'.")
    by_hand = [x for x in cov["shared"] if x["item"] in HAND_ADDED_SHARED]
    if missing_by_hand := [x["item"] for x in by_hand if x["usd"] is None]:
        console.print(printable(f"Missing Cloud Map rates (none are bundled): {hand_added_shared_hint(missing_by_hand)}."),
                      markup=False, highlight=False)
    for x in by_hand:
        if x["usd"] is not None:  # a row the user added: say where its price comes from
            console.print(printable(f"{x['item']}: {usd_rate(x['usd'])} USD per {x['unit']}, confirmed {x['as_of']}, source "
                                    f"{x['source']}."), markup=False, highlight=False)
    t = Table(title=f"Tables for {region}", title_justify="left", box=box.SIMPLE_HEAD)
    t.add_column("table", no_wrap=True)
    t.add_column("rows", justify="right", no_wrap=True)
    t.add_column("confirmed", no_wrap=True)
    t.add_column("age", justify="right", no_wrap=True)
    t.add_column("origin", overflow="fold")
    for r in tables:
        age = "-" if r["age_days"] is None else f"{r['age_days']} d"
        t.add_row(*_cells(r["table"] + ("" if r["region"] == region else " (all)"), str(r["rows"]),
                          _span(r["as_of"], r["as_of_newest"]), age, r["origin"] or "-"))
    console.print(t)


@pricing_app.command("fetch", epilog=f"{DATA_DIR_EPILOG} {CACHE_EPILOG}")
def fetch_cmd(
    region: Annotated[list[str] | None, typer.Option("--region", "-r", metavar="<region>",
                                                     help="Regions to fetch, comma-separated or repeated.")] = None,
    all_regions: Annotated[bool, typer.Option("--all-regions", help="Every commercial AWS region.")] = False,
    services: Annotated[str | None, typer.Option(
        "--services", help="Comma-separated AWS service codes (default: all): AmazonECS, AmazonEKS, AmazonEC2, "
        "AmazonVPC, AWSELB, AmazonCloudWatch, AWSComputeSavingsPlan.")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Base URL of the price list files, or a local folder laid out like AWS's (default: "
        "env ADVISOR_PRICE_LIST_ENDPOINT or AWS's endpoint; docs/pricing-refresh.md).")] = None,
    file_format: Annotated[FileFormat, typer.Option("--format", help="Offer file format to download.")] = FileFormat.csv,
    data_dir: DataDirOpt = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Re-use rows of files whose version has not "
                                        "changed since the last fetch (the cache: see the end of this help).")] = True,
    timeout: Annotated[float, typer.Option("--timeout", parser=decimal_number, help="Seconds to wait for the server per read (more than 0, "
                                           "at most 3600).")] = 60.0,
    deadline: Annotated[float, typer.Option("--deadline", parser=decimal_number, help="Seconds a whole file may take, from the request to "
                                            "the last byte (more than 0, at most 86400); a stalled transfer then "
                                            "fails.")] = 1800.0,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress",
                        help="Progress bar on stderr (default: on a terminal, off in CI).")] = None,
) -> None:
    """Fetch AWS's public price list files (no credentials) for regions into the user data directory.

    Reads the service index, each service's region index and the offer file of each region. AmazonEC2 writes
    ec2_prices (Linux) and ec2_windows_prices (Windows Server licence-included, which ECS and EKS on EC2 need to
    price Windows services; the bundled snapshot has Linux EC2 prices only).

    Every row is validated, then all tables are written atomically under the data directory's lock.

    Any error: one message, exit code 2, nothing written.
    """
    from advisor.pricing.fetch import fetch, parse_services, progress_enabled
    from advisor.pricing.refresh import resolve_regions

    with handled():
        codes = parse_services(services)
        regions = resolve_regions(region, all_regions)
        report = fetch(regions, codes, data_dir, endpoint=endpoint, file_format=file_format.value, use_cache=cache,
                       timeout=timeout, deadline=deadline, progress=progress_enabled(progress))
    typer.echo(printable(report.summary()))


@pricing_app.command("refresh", epilog=DATA_DIR_EPILOG)
def refresh_cmd(
    region: Annotated[list[str] | None, typer.Option("--region", "-r", metavar="<region>",
                                                     help="Regions to refresh, comma-separated or repeated.")] = None,
    all_regions: Annotated[bool, typer.Option("--all-regions", help="Every commercial AWS region.")] = False,
    tables: Annotated[str, typer.Option("--tables", help="Comma-separated groups: fargate, ec2 (ec2_prices, "
                                        "ec2_windows_prices, ec2_instance_types), eks, spot.")] =
    "fargate,ec2,eks,spot",
    data_dir: DataDirOpt = None,
    pricing_endpoint: Annotated[str, typer.Option("--pricing-endpoint",
                                help="Price List API region: us-east-1, eu-central-1 or ap-south-1.")] = "us-east-1",
    spot_window_days: Annotated[int, typer.Option("--spot-window-days", parser=whole_number,
                                help="Average Spot prices over this many days (1-90).")] = 7,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress",
                        help="Progress bar on stderr (default: on a terminal, off in CI).")] = None,
) -> None:
    """Fetch current prices from the AWS Price List Query API and EC2 APIs (needs AWS credentials).

    Also reads what 'fetch' cannot: EC2 instance specs and Spot price history. Validated and written atomically
    under the data directory's lock; a table/region that fails keeps its previous data, and the command exits 2
    naming it.
    """
    from advisor.pricing.fetch import progress_enabled
    from advisor.pricing.refresh import parse_tables, refresh, resolve_regions

    with handled():
        groups = parse_tables(tables)
        regions = resolve_regions(region, all_regions)
        report = refresh(regions, groups, data_dir, pricing_region=pricing_endpoint, spot_window_days=spot_window_days,
                         progress=progress_enabled(progress))
    typer.echo(printable(report.summary()))


@pricing_app.command("import-offer", epilog=DATA_DIR_EPILOG)
def import_offer_cmd(
    file: Annotated[Path, typer.Argument(metavar="FILE", parser=input_path, help="AWS price list file (index.csv or index.json) of AmazonECS, AmazonEKS, "
                                         "AmazonEC2, AmazonVPC, AWSELB, AmazonCloudWatch or AWSComputeSavingsPlan.",
                                         show_default=False)],
    data_dir: DataDirOpt = None,
    region: Annotated[list[str] | None, typer.Option("--region", "-r", metavar="<region>",
                      help="Only import these regions (comma-separated or repeated); default: every region in the "
                      "file.")] = None,
) -> None:
    """Import a price list file downloaded elsewhere (for air-gapped use); written under the data directory's lock.

    An AmazonEC2 file feeds ec2_prices (Linux), ec2_windows_prices (Windows Server licence-included), ebs_rates and
    the NAT gateway rates.
    """
    from advisor.pricing.refresh import import_offer, resolve_regions

    with handled():
        regions = resolve_regions(region, all_option=False) if region is not None else None
        report = import_offer(file, data_dir, regions)
    typer.echo(printable(report.summary()))
