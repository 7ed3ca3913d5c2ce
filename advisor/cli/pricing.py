"""``advisor pricing show|refresh|import-offer``: the price tables, and writing fresh ones to the user data directory.

Each command parses, calls one library function in ``advisor.pricing`` and prints the result. Errors: one
message, exit 2.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.common import RegionOpt, ShortFormat, handled

pricing_app = typer.Typer(help="Inspect (and refresh) the price tables advisor uses.", no_args_is_help=True)

DataDirOpt = Annotated[Optional[Path], typer.Option(
    "--data-dir", help="Where to write the tables (default: $ADVISOR_DATA_DIR, else ~/.local/share/advisor). "
    "The bundled snapshot is never modified.")]


@pricing_app.command("show")
def pricing_show(
    region: RegionOpt = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f", help="Output format.")] = ShortFormat.table,
) -> None:
    """Which price tables and regions are available, from where, and how old they are."""
    from advisor.pricing.inventory import inventory

    with handled():
        rows = inventory(region=region)
    if fmt is ShortFormat.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title="Price data" + (f" for {region}" if region else ""), title_justify="left")
    for col in ("table", "region", "rows", "as of", "age (days)", "origin", "covers"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["table"], r["region"], str(r["rows"]), r["as_of"], str(r["age_days"]), r["origin"], r["covers"])
    Console().print(t)


@pricing_app.command("refresh")
def refresh_cmd(
    region: Annotated[Optional[list[str]], typer.Option("--region", "-r", help="Region to refresh (repeatable).")] = None,
    all_regions: Annotated[bool, typer.Option("--all-regions", help="Every commercial AWS region.")] = False,
    tables: Annotated[str, typer.Option("--tables", help="Comma-separated groups: fargate, ec2, eks, spot.")] =
    "fargate,ec2,eks,spot",
    data_dir: DataDirOpt = None,
    pricing_endpoint: Annotated[str, typer.Option("--pricing-endpoint",
                                help="Price List API region: us-east-1, eu-central-1 or ap-south-1.")] = "us-east-1",
    spot_window_days: Annotated[int, typer.Option("--spot-window-days",
                                help="Average Spot prices over this many days (1-90).")] = 7,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")] = True,
) -> None:
    """Fetch current prices from the AWS Price List and EC2 APIs into the user data directory.

    Needs AWS credentials (standard credential chain). Validated and written atomically; a table/region that
    fails keeps its previous data, and the command exits 2 naming it.
    """
    from advisor.pricing.refresh import parse_tables, refresh, resolve_regions

    with handled():
        groups = parse_tables(tables)
        regions = resolve_regions(region, all_regions)
        report = refresh(regions, groups, data_dir, pricing_region=pricing_endpoint, spot_window_days=spot_window_days,
                         progress=progress and sys.stderr.isatty())
    typer.echo(report.summary())


@pricing_app.command("import-offer")
def import_offer_cmd(
    file: Annotated[Path, typer.Argument(help="AWS Price List bulk offer file (index.csv or index.json) for AmazonECS, "
                                         "AmazonEC2 or AmazonEKS.", show_default=False)],
    data_dir: DataDirOpt = None,
    region: Annotated[Optional[list[str]], typer.Option("--region", "-r",
                      help="Only import these regions (repeatable); default: every region in the file.")] = None,
) -> None:
    """Import a Price List bulk offer file downloaded elsewhere (for air-gapped use)."""
    from advisor.pricing.refresh import import_offer, resolve_regions

    with handled():
        regions = resolve_regions(region) if region else None
        report = import_offer(file, data_dir, regions)
    typer.echo(report.summary())

