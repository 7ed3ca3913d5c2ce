"""CLI commands ``advisor pricing refresh`` and ``advisor pricing import-offer``.

Defined as plain functions and registered on the ``pricing`` sub-app by ``register(pricing_app)`` (called at
the bottom of ``advisor/cli.py``), so this module does not import ``advisor.cli``. Each command parses, calls
one library function in ``advisor.pricing.refresh`` and prints what was written. Errors: one message, exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.errors import AdvisorError

DataDirOpt = Annotated[Optional[Path], typer.Option(
    "--data-dir", help="Where to write the tables (default: $ADVISOR_DATA_DIR, else ~/.local/share/advisor). "
    "The bundled snapshot is never modified.")]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


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

    try:
        groups = parse_tables(tables)
        regions = resolve_regions(region, all_regions)
        report = refresh(regions, groups, data_dir, pricing_region=pricing_endpoint, spot_window_days=spot_window_days,
                         progress=progress and sys.stderr.isatty())
    except AdvisorError as exc:
        _fail(str(exc))
    typer.echo(report.summary())


def import_offer_cmd(
    file: Annotated[Path, typer.Argument(help="AWS Price List bulk offer file (index.csv or index.json) for AmazonECS, "
                                         "AmazonEC2 or AmazonEKS.", show_default=False)],
    data_dir: DataDirOpt = None,
    region: Annotated[Optional[list[str]], typer.Option("--region", "-r",
                      help="Only import these regions (repeatable); default: every region in the file.")] = None,
) -> None:
    """Import a Price List bulk offer file downloaded elsewhere (for air-gapped use)."""
    from advisor.pricing.refresh import import_offer, resolve_regions

    try:
        regions = resolve_regions(region) if region else None
        report = import_offer(file, data_dir, regions)
    except AdvisorError as exc:
        _fail(str(exc))
    typer.echo(report.summary())


def register(pricing_app: typer.Typer) -> None:
    """Add the refresh and import-offer commands to the ``advisor pricing`` sub-app."""
    pricing_app.command("refresh")(refresh_cmd)
    pricing_app.command("import-offer")(import_offer_cmd)
