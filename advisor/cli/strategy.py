"""`advisor strategy …`: capacity-provider distribution, deployment bounds, recommended strategies."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor.cli.common import RegionOpt, ShortFormat, StrictOpt, WorkloadArg, decimal_number, handled, whole_number
from advisor.render.format import dumps, money, plain
from advisor.units import grouped

strategy_app = typer.Typer(help="Capacity-provider strategies (base/weight) and rolling-deployment bounds.",
                           no_args_is_help=True)


@strategy_app.command("distribute")
def distribute_cmd(
    items: Annotated[list[str], typer.Argument(metavar="ITEMS",
        help="Strategy items in the AWS CLI shorthand, e.g. capacityProvider=FARGATE,base=2,weight=1 "
             "capacityProvider=FARGATE_SPOT,weight=3; or one JSON list.", show_default=False)],
    desired: Annotated[int, typer.Option("--desired", "-d", parser=whole_number, help="Desired task count.")] = ...,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
) -> None:
    """How many of DESIRED tasks ECS places on each capacity provider of a strategy."""
    from advisor.sizing.strategy import distribute, parse_shorthand

    with handled():
        strategy = parse_shorthand(items)
        tasks = distribute(desired, strategy)
    if fmt is ShortFormat.json:
        typer.echo(dumps({"desired": desired, "tasks": tasks}, indent=None))
    else:
        for name, n in tasks.items():
            typer.echo(f"{plain(name)}: {n}")


@strategy_app.command("deployment")
def deployment_cmd(
    desired: Annotated[int, typer.Option("--desired", "-d", parser=whole_number, help="Desired task count.")] = ...,
    minimum_healthy_percent: Annotated[int, typer.Option("--minimum-healthy-percent", parser=whole_number, help="ECS minimum healthy percent, 0 to 100.")] = 100,
    maximum_percent: Annotated[int, typer.Option("--maximum-percent", parser=whole_number, help="ECS maximum percent, 100 to 200.")] = 200,
    deployments_per_month: Annotated[float, typer.Option("--deployments-per-month", parser=decimal_number, help="Rolling deployments a month.")] = 0.0,
    deployment_minutes: Annotated[float, typer.Option("--deployment-minutes", parser=decimal_number, help="Minutes one deployment runs.")] = 15.0,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f", metavar="<fmt>", help="table or json.")] = ShortFormat.table,
) -> None:
    """Minimum healthy and maximum running tasks during a rolling deployment, and the surge task-hours (an
    estimate on the high side: every extra task is assumed to run for the whole deployment)."""
    from advisor.costing.lines import ECS_SURGE_ASSUMPTION
    from advisor.sizing.strategy import deployment_bounds, deployment_surge_task_hours
    from advisor.workload.load import check_option
    from advisor.workload.model import Service

    with handled():
        # the options mirror a service's fields in the workload file: the same bounds and messages
        minimum_healthy_percent = check_option(Service, "min_healthy_percent", minimum_healthy_percent,
                                               "--minimum-healthy-percent")
        maximum_percent = check_option(Service, "max_percent", maximum_percent, "--maximum-percent")
        deployments_per_month = check_option(Service, "deployments_per_month", deployments_per_month,
                                             "--deployments-per-month")
        deployment_minutes = check_option(Service, "deployment_minutes", deployment_minutes, "--deployment-minutes")
        b = deployment_bounds(desired, minimum_healthy_percent, maximum_percent)
        surge = deployment_surge_task_hours(desired, minimum_healthy_percent, maximum_percent,
                                            deployments_per_month, deployment_minutes)
    out = {"desired": b.desired, "minimum_healthy_percent": b.minimum_healthy_percent,
           "maximum_percent": b.maximum_percent, "min_healthy_tasks": b.min_healthy_tasks, "max_tasks": b.max_tasks,
           "surge_tasks": b.surge_tasks, "can_roll": b.can_roll, "surge_task_hours_per_month": surge,
           "note": b.note,
           # an estimate only where there is a surge to estimate: none without deployments or extra tasks
           "estimate_note": ("surge_task_hours_per_month is an estimate on the high side: " + ECS_SURGE_ASSUMPTION)
           if surge > 0 else None}
    if fmt is ShortFormat.json:
        typer.echo(dumps(out, indent=None))
        return
    why_none = ("no deployments a month: give --deployments-per-month" if deployments_per_month == 0 else
                "a deployment starts no extra task: surge_tasks is 0")
    for k, v in out.items():
        if k == "surge_task_hours_per_month":
            # 6 significant digits for a reader (the JSON keeps every digit): 0.0001-minute deployments printed
            # 8.333333333333334e-06, binary noise in the last places
            shown = f"{grouped(v)}" if isinstance(v, float) else plain(v)
            typer.echo(f"{k}: {shown} " + ("(estimate, on the high side)" if surge > 0 else f"({why_none})"))
        elif v is not None:
            typer.echo(f"{k}: {plain(v)}")


@strategy_app.command("recommend")
def recommend_cmd(
    workload: WorkloadArg,
    region: RegionOpt = None,
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f")] = ShortFormat.table,
    strict: StrictOpt = False,
) -> None:
    """A capacityProviderStrategy per service (ready to paste into ECS, Terraform or CloudFormation) and its saving.

    The text and the JSON come from the same computation: the ECS on Fargate + Fargate Spot estimate, and the ECS on
    Fargate estimate (every task on-demand) for the total. When both platforms price every service, the total saving
    is the one `compare` shows, with the workload's commitments. When some services are not priced (no Fargate size,
    missing price data), the saving is that of the services shown, the ones not priced are named with the reason,
    and no figure is said to be compare's (compare ranks neither platform then). Exit code 2 when no service can be
    priced, naming the missing data and the command that fetches it, as compare does. Each saving shown is the
    difference of the amounts shown beside it.
    """
    from advisor.compare import compare
    from advisor.errors import AdvisorError
    from advisor.units import total
    from advisor.workload.model import cluster_addon_left_out_note, cluster_addon_runs_on

    with handled():
        result = compare(workload, region=region, platforms=["ecs-fargate", "ecs-fargate-spot"], scaling=False,
                         strict=strict)
        est = result.estimate("ecs-fargate-spot")
        priced = {s.service for s in est.strategies}
        # the Deployments that run the Kubernetes cluster are no ECS services (Service.cluster_addon): left out with
        # compare's note, neither given a strategy nor said to lack price data
        addon_note = cluster_addon_left_out_note(result.workload.services, est.platform)
        ecs_services = [s.name for s in result.workload.services
                        if cluster_addon_runs_on(s.cluster_addon, est.platform)]
        if not ecs_services:
            raise AdvisorError(
                f"no service of '{result.workload.name}' runs on ECS, so there is no capacity-provider strategy to "
                f"recommend: {addon_note} Give the workload's application services to 'advisor strategy recommend'.")
        # a workload whose every service runs no task keeps them (Workload.without_idle_services); they get no
        # strategy, and the note says that nothing runs
        idle = {s.name for s in result.workload.services if s.peak_count == 0}
        not_priced = [name for name in ecs_services if name not in priced and name not in idle]
        if not est.strategies and not_priced:
            # nothing to recommend a strategy for: fail as compare does (exit 2), never a $0.00 saving
            raise AdvisorError(
                f"no service of '{result.workload.name}' can be priced on {est.label} in {result.region}, so there "
                "is no strategy saving to show:\n" + "\n".join(f"  - {p}" for p in est.problems()))
    on_demand = result.estimate("ecs-fargate")
    saving = sum(s.monthly_saving for s in est.strategies)  # per service, before commitments
    both = est.complete and on_demand.complete
    committed = both and est.cost_without_commitments is not None
    # what compare says: the difference of the two platforms' displayed totals (commitments applied to both)
    listed = sum(total(s.monthly_cost_all_on_demand) - total(s.monthly_cost) for s in est.strategies)
    shown = total(on_demand.monthly_cost) - total(est.monthly_cost) if both else listed
    if fmt is ShortFormat.json:
        typer.echo(dumps({"workload": result.workload.name, "region": result.region,
                          "services": [s.to_dict() for s in est.strategies], "monthly_saving": saving,
                          "monthly_saving_with_commitments": (on_demand.monthly_cost - est.monthly_cost
                                                              if committed else None),
                          "not_priced": not_priced,
                          "notes": ([result.workload.idle_note] if result.workload.idle_note else []) + est.notes,
                          "unsupported": [u.to_dict() for u in est.unsupported],
                          "missing_prices": est.missing_prices}))
        return
    for s in est.strategies:
        typer.echo(f"{plain(s.service)}: saves {money(total(s.monthly_cost_all_on_demand) - total(s.monthly_cost))}"
                   f"/month ({money(s.monthly_cost_all_on_demand)} all on-demand -> {money(s.monthly_cost)})")
        typer.echo("  " + dumps(s.strategy, indent=None))
        for r in s.reasons:
            typer.echo(f"  - {plain(r)}")
        if not s.can_roll:
            typer.echo(f"  - warning: a rolling deployment cannot proceed with {s.min_healthy_tasks} minimum healthy "
                       f"and {s.max_tasks} maximum tasks; raise max_percent or lower min_healthy_percent.")
    if both:
        why = []
        if committed:
            why.append("with the workload's commitments, which the per-service figures leave out")
        if abs(listed - shown) >= 0.005:
            why.append(f"the per-service savings above add up to {money(listed)}" + ("" if committed else
                       ", each rounded to the cent"))
        typer.echo(f"Total expected saving versus all on-demand: {money(shown)}/month, as 'advisor compare' shows it"
                   + (f" ({'; '.join(why)})" if why else "") + ". Spot prices are estimates.")
    else:
        # compare shows no total for a platform that cannot price every service: say whose saving this is
        who = "either platform" if not on_demand.complete else est.label
        if not_priced:
            typer.echo(f"Expected saving versus all on-demand of the {len(est.strategies)} service(s) priced above: "
                       f"{money(shown)}/month; not a workload total: {len(not_priced)} of "
                       f"{len(ecs_services)} service(s) not priced (listed below), so 'advisor compare' "
                       f"shows no total for {who}. Spot prices are estimates.")
        else:
            typer.echo(f"Expected saving versus all on-demand: {money(shown)}/month, the sum of the services above; "
                       f"'advisor compare' shows no total for {who}: price data is missing (below). Spot prices are "
                       "estimates.")
    unsupported = {u.service for u in est.unsupported}
    for u in est.unsupported:
        typer.echo(f"not priced: {plain(u.service)}: {plain(u.reason)}")
    for name in not_priced:
        if name not in unsupported:
            typer.echo(f"not priced: {plain(name)}: price data is missing (below)")
    for m in est.missing_prices:
        typer.echo(f"missing: {plain(m)}")
    if result.workload.idle_note:  # compare's note on the services scaled to zero it left out
        typer.echo(f"note: {plain(result.workload.idle_note)}")
    if addon_note:  # compare's note on the cluster add-ons ECS leaves out
        typer.echo(f"note: {plain(addon_note)}")
