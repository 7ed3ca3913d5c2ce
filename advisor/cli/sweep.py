"""``advisor sweep``: cost of every platform as the workload scales, and where the cheapest platform changes."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Optional

import typer

from advisor.cli.common import (
    PlatformsOpt,
    RegionOpt,
    StrictOpt,
    TableJsonCsv,
    WorkloadArg,
    fail,
    handled,
    whole_number,
)
from advisor.render.format import csv_cell, dumps, money, plain, total


def sweep(
    workload: WorkloadArg,
    scale: Annotated[Optional[str], typer.Option(
        "--scale", metavar="<factor|LOW:HIGH>", help="One replica multiplier (e.g. 2), or a range LOW:HIGH (e.g. "
        "0.5:20) spaced geometrically with --points; default: the grid compare and the report use (0.25x to "
        "20x).")] = None,
    points: Annotated[Optional[int], typer.Option("--points", parser=whole_number, help="Factors in a --scale range LOW:HIGH, 2 to 199 (1 "
                                                  "is added when inside the range; default 25); refused without a "
                                                  "range (the default grid, or one factor).",
                                                  show_default=False)] = None,
    region: RegionOpt = None,
    platform: PlatformsOpt = None,
    value: Annotated[Optional[str], typer.Option("--value", help="Rank by monthly_tco (infrastructure + operations; "
                                                 "the default) or monthly_cost (infrastructure alone); "
                                                 "table and JSON (CSV lists both).",
                                                 show_default=False)] = None,
    spot: Annotated[bool, typer.Option("--spot", help="Instead: ECS on Fargate cost by share of tasks on Spot (0-100%) "
                                       "and Spot discount (50-80%), for the spot-tolerant Linux services.")] = False,
    fmt: Annotated[TableJsonCsv, typer.Option("--format", "-f", help="Output format.")] = TableJsonCsv.table,
    strict: StrictOpt = False,
) -> None:
    """Monthly cost of every platform as replicas scale by each factor, plus the crossover points.

    Exit code 2 when the input is invalid, or when no platform can price every service (as for compare).

    A factor at which a service would run more than 5,000 tasks/pods (the Amazon ECS quota 'Tasks per service', the
    workload file's bound for every service), or an EKS cluster more than 150,000 pods, is not priced for that
    platform: n/a in the table, feasible false with the reason in CSV and JSON; a line gives the precise factor
    beyond which it cannot run. Where the cheapest platform changes because it reaches such a limit, that is said
    ('limit between ...'), not reported as a cost crossover. A fleet above its Karpenter NodePool's spec.limits
    (ec2.node_pool_limits, eks_auto_mode.node_pool_limits) gets a line from the first factor at which it is, as
    compare's note (JSON: node_pool_limits); its costs stay the fleet's.

    The same sweep compare's finding and the report use: at 1x the figures equal 'advisor compare'; other points
    scale the same unit prices and strategies (EC2 platforms: from the packing's LP lower bound, an estimate).
    """
    from advisor.compare import DEFAULT_FACTORS, compare
    from advisor.compare.sweep import SWEEP_COLUMNS, check_value, parse_scale, spot_sensitivity
    from advisor.compare.sweep import sweep as run_sweep
    from advisor.costing.lines import ESTIMATE_FOOTNOTE

    if value is not None:  # a value that is not one is named as such before any rule on when it applies
        with handled():
            check_value(value, "--value")
    if spot and scale is not None:
        fail("--spot sweeps the share of tasks on Spot and the Spot discount, not replicas: drop --scale.")
    if spot and platform:
        fail("--spot sweeps ECS on Fargate's share of tasks on Fargate Spot and the Spot discount (it prices "
             "ecs-fargate only): drop --platform.")
    if spot and points is not None:
        fail("--spot sweeps the share of tasks on Spot and the Spot discount, not a --scale range: drop --points.")
    if spot and value is not None:
        fail("--spot prints ECS on Fargate's infrastructure cost and saving at each share and discount; it ranks "
             "nothing: drop --value.")
    if value is not None and fmt is TableJsonCsv.csv:
        # CSV is one row per platform and factor with both values and no crossovers: --value changed nothing
        fail(f"--value {value} ranks the platforms for the crossovers, which the table and JSON show; CSV lists both "
             "monthly_cost and monthly_tco for every point and no crossovers: drop --value, or use -f json.")
    if points is not None and (scale is None or ":" not in scale):
        # --points spaces a range; without one it changed nothing, whatever its value (--points 1, --points 500)
        fail(f"--points {points} spaces the factors of a --scale range LOW:HIGH (e.g. --scale 0.5:20 --points 10); "
             + ("without --scale the sweep uses the default grid (0.25x to 20x, the one compare and the report use)"
                if scale is None else f"--scale {scale!r} is one factor")
             + ": drop --points, or give a range.")
    points = 25 if points is None else points
    value = "monthly_tco" if value is None else value
    with handled():
        check_value(value, "--value")
    if spot:
        with handled():
            c = compare(workload, region=region, platforms=["ecs-fargate"], scaling=False, strict=strict)
            rows = spot_sensitivity(c.estimate("ecs-fargate"), c.workload)
        _print_spot(c.workload, rows, fmt)
        return
    with handled():
        factors = parse_scale(scale, points) if scale is not None else list(DEFAULT_FACTORS)
        # as compare: exit 2 when no platform can price every service (a sweep of none is an empty table)
        c = compare(workload, region=region, platforms=platform, scaling=False, strict=strict, require_complete=True)
        curve = run_sweep(c.estimates, c.workload, factors, value=value)
    if fmt is TableJsonCsv.json:
        typer.echo(dumps({"workload": c.workload.name, "region": c.region, **curve.to_dict()}))
        return
    if fmt is TableJsonCsv.csv:
        # csv.writer: the reason of a point beyond a limit holds commas ("10,000 tasks/pods") and is quoted
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(SWEEP_COLUMNS)
        for p in curve.points:
            writer.writerow([csv_cell(getattr(p, c)) for c in SWEEP_COLUMNS])
        typer.echo(buf.getvalue(), nl=False)
        return
    feasible = [e.platform for e in c.estimates if e.feasible]
    estimated = {p.platform for p in curve.points if p.estimate}
    heads = [p + ("*" if p in estimated else "") for p in feasible]  # one word per column, as the rows
    ops = c.workload.operations.include
    label = ("total cost (infrastructure + operations assumptions)" if value == "monthly_tco" and ops else
             "total cost (infrastructure only: operations.include is false)" if value == "monthly_tco" else
             "infrastructure cost")
    typer.echo(f"{plain(c.workload.name)}: monthly {label}, USD, by replica multiplier")
    names = factor_labels(curve.factors)
    factors = [names[f] for f in curve.factors]
    # a total is shown as compare shows it: the sum of its displayed (rounded) parts, so 1x equals compare's table
    shown = {(p.platform, p.factor): total(p.monthly_cost, p.operations_cost) if value == "monthly_tco"
             else p.monthly_cost for p in curve.points if p.feasible}
    # a point beyond a limit (5,000 tasks per service; EKS: 150,000 pods in the cluster) has no total: "n/a"
    cells = [[money(shown[(p, f)]) if (p, f) in shown else "n/a" for p in feasible] for f in curve.factors]
    fw = max([len(x) for x in factors] + [len("factor")])  # columns as wide as their widest entry
    width = max([len(p) for p in heads] + [len(x) for row in cells for x in row] + [10])
    typer.echo("factor".ljust(fw) + "  " + "  ".join(p.rjust(width) for p in heads))
    for label, row in zip(factors, cells):
        typer.echo(label.rjust(fw) + "  " + "  ".join(x.rjust(width) for x in row))
    for x in curve.crossovers:
        typer.echo(f"crossover between {names[x.factor_low]} and {names[x.factor_high]}: {x.from_platform} -> "
                   f"{x.to_platform}")
    for h in curve.handovers:
        # the leader reaching a limit is not a cost crossover: said as such, at the limit's precise factor
        typer.echo(f"limit between {names[h.factor_low]} and {names[h.factor_high]}: {h.from_platform} cannot run the "
                   f"workload beyond {h.limit_factor:g}x ({h.limit}); {h.to_platform} is then the cheapest that can")
    if not curve.crossovers and curve.handovers:
        typer.echo("no cost crossover: the cheapest platform changes only where it reaches a limit")
    elif not curve.crossovers:
        ran = [f for f in curve.factors if any(p.feasible for p in curve.points if p.factor == f)]
        typer.echo("no crossover: the cheapest platform is the same over the whole range" if ran == curve.factors
                   else f"no crossover: the cheapest platform is the same from {names[ran[0]]} to {names[ran[-1]]}"
                   if ran else "no crossover: no platform can run the workload at these factors")
    for line in limit_lines(curve):
        typer.echo(line)
    for note in curve.pool_limits:  # a fleet above its NodePool's spec.limits: priced, noted as compare notes it
        typer.echo(note.sentence())
    for e in c.estimates:
        if not e.feasible:
            # the words of compare's table and of this sweep's JSON/CSV ``reason`` (``Estimate.status_text``)
            typer.echo(f"{e.platform} is {e.status_text}")
    if estimated:
        typer.echo(f"* {ESTIMATE_FOOTNOTE.removesuffix(' see the notes.')} see 'advisor compare'.")
    if any(p.method == "scaled_lp" for p in curve.points):
        typer.echo("EC2 platforms away from 1x are estimated from the packing's LP lower bound times today's "
                   "packed/bound ratio.")


def _print_spot(workload, rows: list[dict], fmt: TableJsonCsv) -> None:
    if fmt is TableJsonCsv.json:
        typer.echo(dumps({"workload": workload.name, "region": workload.region, "points": rows}))
        return
    if fmt is TableJsonCsv.csv:
        typer.echo("spot_share,spot_discount,monthly_cost,saving")
        for r in rows:
            typer.echo(f"{r['spot_share']},{r['spot_discount']},{r['monthly_cost']},{r['saving']}")
        return
    discounts = sorted({r["spot_discount"] for r in rows})
    typer.echo("ECS on Fargate monthly cost (USD) by share of spot-tolerant tasks on Spot (rows) and Spot discount "
               "(columns):")
    typer.echo("share   " + "  ".join(f"{d:.0%} off".rjust(12) for d in discounts))
    for share in sorted({r["spot_share"] for r in rows}):
        cells = [money(r["monthly_cost"]).rjust(12) for d in discounts for r in rows
                 if r["spot_share"] == share and r["spot_discount"] == d]
        typer.echo(f"{share:>5.0%}   " + "  ".join(cells))


def limit_lines(curve) -> list[str]:
    """"n/a beyond 3.75x for eks-ec2, eks-fargate: <reason>": each group of platforms a limit stops at the same
    factor, that limit's precise factor (``Sweep.limits``, ``advisor.compare.sweep.platform_limit``; the factor of
    compare's finding and the report), not the first grid point past it."""
    groups: dict[tuple[float, str], list[str]] = {}
    for lim in curve.limits:
        groups.setdefault((lim.factor, lim.reason), []).append(lim.platform)
    return [f"n/a beyond {f:g}x for {', '.join(platforms)}: {reason}" for (f, reason), platforms in groups.items()]


def factor_labels(factors) -> dict[float, str]:
    """``{factor: "1.5x"}`` with the fewest significant digits (at least 6, as ``:g``) that keep every label of the
    grid distinct: a grid such as 1:1.0000001 shows 1x, 1.00000005x, 1.0000001x, not three rows labelled 1x."""
    grid = list(dict.fromkeys(float(f) for f in factors))
    for digits in range(6, 18):
        labels = {f: f"{f:.{digits}g}x" for f in grid}
        if len(set(labels.values())) == len(grid):
            return labels
    return {f: f"{f!r}x" for f in grid}
