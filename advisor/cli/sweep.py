"""`advisor sweep`: cost of every platform as the workload scales, and where the cheapest platform changes."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.common import RegionOpt, handled


class SweepFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def sweep(
    workload: Annotated[Path, typer.Argument(help="Workload YAML file.", show_default=False)],
    scale: Annotated[str, typer.Option("--scale", help="Range of replica multipliers LOW:HIGH, e.g. 0.5:20.")] = "0.5:20",
    points: Annotated[int, typer.Option("--points", help="Factors in the range (geometric spacing; 1 is always included).")] = 25,
    region: RegionOpt = None,
    platform: Annotated[Optional[list[str]], typer.Option("--platform", "-p", help="Only these platform ids.")] = None,
    spot: Annotated[bool, typer.Option("--spot", help="Instead: Fargate cost by share of tasks on Spot (0-100%) and "
                                       "Spot discount (50-80%), for the spot-tolerant Linux services.")] = False,
    fmt: Annotated[SweepFormat, typer.Option("--format", "-f")] = SweepFormat.table,
) -> None:
    """Monthly cost of every platform as replicas scale by each factor, plus the crossover points.

    EC2 platforms run the packer at each point with a lighter search than 'compare', so their sweep costs are
    slightly above what 'compare' reports at the same scale.
    """
    from advisor.api import load, sweep_frame, with_region
    from advisor.compare.sweep import crossovers, parse_scale

    if spot:
        from advisor.compare.sweep import spot_sensitivity

        with handled():
            base = load(workload)
            base = with_region(base, region or base.region)
            grid = spot_sensitivity(base, spot_shares=(0.0, 0.25, 0.5, 0.75, 1.0), spot_discounts=(0.5, 0.6, 0.7, 0.8))
        if fmt is SweepFormat.json:
            typer.echo(json.dumps({"workload": base.name, "region": base.region, "points": grid.to_dict("records")},
                                  indent=2))
        elif fmt is SweepFormat.csv:
            typer.echo(grid.to_csv(index=False), nl=False)
        else:
            wide = grid.pivot_table(index="spot_share", columns="spot_discount", values="monthly_cost")
            typer.echo("ECS on Fargate monthly cost (USD) by share of spot-tolerant tasks on Spot (rows) and Spot "
                       "discount (columns):")
            typer.echo(wide.round(2).to_string())
        return
    with handled():
        factors = parse_scale(scale, points)
        base = load(workload)
        base = with_region(base, region or base.region)
        df = sweep_frame(base, factors, platform)
    cross = crossovers(df)
    if fmt is SweepFormat.json:
        typer.echo(json.dumps({"workload": base.name, "region": base.region, "points": df.to_dict("records"),
                               "crossovers": cross}, indent=2))
    elif fmt is SweepFormat.csv:
        typer.echo(df.to_csv(index=False), nl=False)
    else:
        wide = df[df["feasible"]].pivot_table(index="factor", columns="platform", values="monthly_tco")
        typer.echo("Monthly total cost (infrastructure + operations assumptions), USD, by replica multiplier:")
        typer.echo(wide.round(2).to_string())
        for c in cross:
            typer.echo(f"crossover between {c['factor_low']:g}x and {c['factor_high']:g}x: {c['from']} -> {c['to']}")
        if not cross:
            typer.echo("no crossover: the cheapest platform is the same over the whole range")
