"""Command-line interface. Each command parses, calls one library function, renders. No arithmetic here.

Errors the user can fix (``AdvisorError``) are printed as one message, with exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor import __version__
from advisor.errors import AdvisorError

app = typer.Typer(
    name="advisor",
    help="ECS vs EKS cost and sizing advisor: monthly cost of a workload on ECS Fargate, Fargate Spot, ECS on EC2, "
    "EKS on EC2 and EKS on Fargate, with valid Fargate sizes and the reasons behind a recommendation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
pricing_app = typer.Typer(help="Inspect (and refresh) the price tables advisor uses.", no_args_is_help=True)
app.add_typer(pricing_app, name="pricing")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShortFormat(str, Enum):
    table = "table"
    json = "json"


def fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """ECS vs EKS cost and sizing advisor."""


WorkloadArg = Annotated[Path, typer.Argument(help="Workload YAML file (see 'advisor schema' and docs/workload-format.md).",
                                             show_default=False)]
RegionOpt = Annotated[Optional[str], typer.Option("--region", "-r", help="AWS region; overrides the workload's region.")]


@app.command()
def compare(
    workload: WorkloadArg,
    region: RegionOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    platform: Annotated[Optional[list[str]], typer.Option("--platform", "-p",
                        help="Only these platform ids (repeatable): ecs-fargate, ecs-fargate-spot, ecs-ec2, eks-ec2, eks-fargate.")] = None,
    max_age_days: Annotated[Optional[int], typer.Option("--max-age-days", help="Warn (stderr) when prices used are older "
                            "than this; default $ADVISOR_MAX_PRICE_AGE_DAYS or 365.")] = None,
) -> None:
    """Monthly cost of WORKLOAD on each platform, line by line, and a recommendation.

    Exit code 2 when the input is invalid, or when no platform can price every service (an impossible size,
    or price data missing for the region).
    """
    from advisor import render
    from advisor.api import price as run_compare

    try:
        result = run_compare(workload, region=region, platforms=platform, require_complete=True, explain_changes=True)
        from advisor.pricing.freshness import stale_warnings
        for warning in stale_warnings(result, max_age_days):
            typer.echo(f"warning: {warning}", err=True)
    except AdvisorError as exc:
        fail(str(exc))
    if fmt is OutputFormat.json:
        typer.echo(render.to_json(result))
    elif fmt is OutputFormat.csv:
        typer.echo(render.to_csv(result), nl=False)
    elif fmt is OutputFormat.markdown:
        typer.echo(render.to_markdown(result), nl=False)
    else:
        render.print_table(result)


@app.command()
def sizes(
    cpu: Annotated[Optional[str], typer.Option("--cpu", help="Requested CPU: vCPU (0.5), '512 units' or '500m'.")] = None,
    memory: Annotated[Optional[str], typer.Option("--memory", help="Requested memory: MiB (1024), '1 GB', '1Gi'.")] = None,
    eks: Annotated[bool, typer.Option("--eks", help="Size as an EKS pod on Fargate (request + 256 MiB).")] = False,
    os: Annotated[str, typer.Option("--os", help="linux or windows.")] = "linux",
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f", help="Output format.")] = ShortFormat.table,
) -> None:
    """The Fargate size a request gets and what rounding wastes; with no request, every valid size."""
    from advisor.sizing.fargate import ecs_task_size, eks_pod_size, valid_sizes
    from advisor.units import QuantityError, parse_cpu, parse_memory_mib

    if os not in ("linux", "windows"):
        fail(f"--os {os!r} is not valid; use linux or windows.")
    if cpu is None and memory is None:
        all_sizes = [s.to_dict() | {"cpu_units": s.cpu_units} for s in valid_sizes(os)]
        if fmt is ShortFormat.json:
            typer.echo(json.dumps({"os": os, "sizes": all_sizes}, indent=2))
        else:
            by_cpu: dict[float, list[float]] = {}
            for s in all_sizes:
                by_cpu.setdefault(s["vcpu"], []).append(s["memory_mib"] / 1024)
            typer.echo(f"Valid Fargate sizes ({os}); memory in GB (1 GB = 1024 MiB):")
            for vcpu, mems in by_cpu.items():
                typer.echo(f"  {vcpu:g} vCPU: " + ", ".join(f"{m:g}" for m in mems))
        return
    try:
        vcpu = parse_cpu(cpu) if cpu is not None else None
    except QuantityError as exc:
        fail(f"--cpu: {exc}")
    try:
        mem = parse_memory_mib(memory) if memory is not None else None
    except QuantityError as exc:
        fail(f"--memory: {exc}")
    try:
        if eks:
            if os == "windows":
                fail("EKS on Fargate runs Linux pods only (Amazon EKS User Guide, 'AWS Fargate considerations'); drop --os windows.")
            choice = eks_pod_size(vcpu, mem)
        else:
            if vcpu is None or mem is None:
                fail("an ECS task size needs both --cpu and --memory (task-level cpu and memory are required on Fargate).")
            choice = ecs_task_size(vcpu, mem, os)
    except AdvisorError as exc:
        fail(str(exc))
    d = choice.to_dict() | {"platform": "eks-fargate" if eks else "ecs-fargate", "os": os}
    if fmt is ShortFormat.json:
        typer.echo(json.dumps(d, indent=2))
    else:
        s = choice.size
        typer.echo(f"{'EKS pod' if eks else 'ECS task'} request {choice.requested_vcpu:g} vCPU / {choice.requested_memory_mib:g} MiB"
                   + (f" (+256 MiB -> {choice.billed_request_memory_mib:g} MiB)" if eks else ""))
        typer.echo(f"Fargate size: {s.vcpu:g} vCPU / {s.memory_mib:g} MiB ({s.memory_gb:g} GB)")
        typer.echo(f"Rounding waste: {choice.waste_vcpu:g} vCPU, {choice.waste_memory_mib:g} MiB")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the workload file format (for editor validation and completion)."""
    from advisor.workload import workload_json_schema

    typer.echo(json.dumps(workload_json_schema(), indent=2))


@pricing_app.command("show")
def pricing_show(
    region: RegionOpt = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f", help="Output format.")] = ShortFormat.table,
) -> None:
    """Which price tables and regions are available, from where, and how old they are."""
    from advisor.pricing.inventory import inventory

    try:
        rows = inventory(region=region)
    except AdvisorError as exc:
        fail(str(exc))
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


from advisor import cli_pricing  # noqa: E402  (refresh / import-offer commands)

cli_pricing.register(pricing_app)

from advisor.cli_report import report  # noqa: E402  (imported last: keeps cli_report free of cycles)

app.command()(report)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except AdvisorError as exc:  # a library error that escaped a command
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


from advisor.cli_nodes import nodes_app  # noqa: E402

app.add_typer(nodes_app, name="nodes")

from advisor.cli_import import import_app  # noqa: E402  (at the bottom: no import cycle)

app.add_typer(import_app, name="import")

# Sub-command groups live in their own modules; registered here, after the shared helpers above exist.
from advisor.cli_strategy import strategy_app  # noqa: E402

app.add_typer(strategy_app, name="strategy")

from advisor.cli_sweep import sweep  # noqa: E402

app.command()(sweep)

if __name__ == "__main__":
    main()
