"""``advisor compare``, ``advisor sizes`` and ``advisor schema``: a workload's cost, Fargate sizes, the file format."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from advisor.cli.common import (
    OutputFormat,
    PlatformsOpt,
    RegionOpt,
    ShortFormat,
    StrictOpt,
    WorkloadArg,
    ensure_environment,
    fail,
    handled,
    printable,
    whole_number,
)
from advisor.render.format import dumps


def compare(
    workload: WorkloadArg,
    region: RegionOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    platform: PlatformsOpt = None,
    max_age_days: Annotated[Optional[int], typer.Option("--max-age-days", parser=whole_number, help="Warn (stderr) when prices used were last "
                            "confirmed more days ago than this (default: see above).")] = None,
    strict: StrictOpt = False,
) -> None:
    """Monthly cost of WORKLOAD on each platform, line by line, and a recommendation.

    Exit code 2 when the input is invalid, or when no platform can price every service (an impossible size,
    or price data missing for the region).

    Prices last confirmed more than --max-age-days (else $ADVISOR_MAX_PRICE_AGE_DAYS, else 365) days ago get a
    warning on stderr.
    """
    from advisor import render
    from advisor.compare import compare as run_compare
    from advisor.pricing.freshness import stale_warnings

    with handled():
        result = run_compare(workload, region=region, platforms=platform, require_complete=True, explain_changes=True,
                             strict=strict)
        for warning in stale_warnings(result, max_age_days):
            typer.echo(f"warning: {printable(warning)}", err=True)
    if fmt is OutputFormat.json:
        typer.echo(render.to_json(result))
    elif fmt is OutputFormat.csv:
        typer.echo(render.to_csv(result), nl=False)
    elif fmt is OutputFormat.markdown:
        typer.echo(render.to_markdown(result), nl=False)
    else:
        render.print_table(result)


def sizes(
    cpu: Annotated[Optional[str], typer.Option("--cpu", help="Requested CPU: vCPU (0.5), '512 units' or '500m'.")] = None,
    memory: Annotated[Optional[str], typer.Option("--memory", help="Requested memory: MiB (1024), '1 GB', '1Gi'.")] = None,
    eks: Annotated[bool, typer.Option("--eks", help="Size as an EKS pod on Fargate (request + 256 MiB).")] = False,
    os: Annotated[str, typer.Option("--os", help="linux or windows (windows: ECS on Fargate only, not with --eks).")] = "linux",
    fmt: Annotated[ShortFormat, typer.Option("--format", "-f", help="Output format.")] = ShortFormat.table,
) -> None:
    """The Fargate size a request gets and what rounding wastes; with no request, every valid size."""
    from advisor.sizing.fargate import ecs_task_size, eks_pod_size, request_limits, request_range, valid_sizes
    from advisor.units import QuantityError, choice_hint, parse_cpu, parse_memory_mib

    ensure_environment()
    if os not in ("linux", "windows"):
        fail(f"--os {os!r} is not valid; use linux or windows." + choice_hint(os, ["linux", "windows"]))
    if eks and os == "windows":
        # with or without a request: the size list would be Windows sizes EKS on Fargate never runs
        fail("EKS on Fargate runs Linux pods only (Amazon EKS User Guide, 'AWS Fargate considerations'); drop --os "
             "windows, or drop --eks for ECS on Fargate's Windows sizes.")
    if cpu is None and memory is None:
        all_sizes = [s.to_dict() | {"cpu_units": s.cpu_units} for s in valid_sizes(os, eks=eks)]
        if fmt is ShortFormat.json:
            typer.echo(dumps({"os": os, "sizes": all_sizes} | ({"platform": "eks-fargate"} if eks else {})))
        else:
            by_cpu: dict[float, list[float]] = {}
            for s in all_sizes:
                by_cpu.setdefault(s["vcpu"], []).append(s["memory_mib"] / 1024)
            typer.echo(f"Valid Fargate sizes ({'EKS pods, ' if eks else ''}{os}); memory in GB (1 GB = 1024 MiB):")
            for vcpu, mems in by_cpu.items():
                typer.echo(f"  {vcpu:g} vCPU: " + ", ".join(f"{m:g}" for m in mems))
        return
    most_vcpu, most_mib = request_limits(os, eks=eks)  # no "did you mean" beyond the largest size for the OS
    try:
        vcpu = parse_cpu(cpu, most=most_vcpu) if cpu is not None else None
    except QuantityError as exc:
        fail(f"--cpu: {str(exc).rstrip('.')}. {request_range('--cpu', os, eks=eks)}.")
    try:
        mem = parse_memory_mib(memory, most=most_mib) if memory is not None else None
    except QuantityError as exc:
        fail(f"--memory: {str(exc).rstrip('.')}. {request_range('--memory', os, eks=eks)}.")
    with handled():
        if eks:
            choice = eks_pod_size(vcpu, mem)
        else:
            if vcpu is None or mem is None:
                fail("an ECS task size needs both --cpu and --memory (task-level cpu and memory are required on Fargate).")
            choice = ecs_task_size(vcpu, mem, os)
    d = choice.to_dict() | {"platform": "eks-fargate" if eks else "ecs-fargate", "os": os}
    if fmt is ShortFormat.json:
        typer.echo(dumps(d))
    else:
        s = choice.size
        typer.echo(f"{'EKS pod' if eks else 'ECS task'} request {choice.requested_vcpu:g} vCPU / {choice.requested_memory_mib:g} MiB"
                   + (f" (+256 MiB -> {choice.billed_request_memory_mib:g} MiB)" if eks else ""))
        typer.echo(f"Fargate size: {s.vcpu:g} vCPU / {s.memory_mib:g} MiB ({s.memory_gb:g} GB)")
        if eks:  # the 256 MiB Fargate adds to a pod is not rounding: say what each part adds
            rounding = s.memory_mib - choice.billed_request_memory_mib
            typer.echo(f"Above the request: {choice.waste_vcpu:g} vCPU, {choice.waste_memory_mib:g} MiB (256 MiB "
                       f"Fargate adds for kubelet, kube-proxy and containerd, {rounding:g} MiB rounding)")
        else:
            typer.echo(f"Rounding waste: {choice.waste_vcpu:g} vCPU, {choice.waste_memory_mib:g} MiB")


def schema() -> None:
    """Print the JSON Schema of the workload file format (for editor validation and completion)."""
    from advisor.workload import workload_json_schema

    ensure_environment()
    typer.echo(dumps(workload_json_schema()))
