"""`advisor import taskdef|k8s|ecs|terraform|cloudformation`: turn existing definitions into a commented workload
file.

Each command parses its options, calls one importer, and writes the YAML to -o (atomically, never over an
existing file unless --force) or to stdout. A path of '-' reads standard input. With --strict, what the importer
would otherwise assume (containers without requests, a Windows image without runtimePlatform, a Job or scheduled
task of unknown length) is an error. ``--run-minutes NAME=MINUTES`` (terraform, cloudformation) gives one run's
length of an ECS task that an EventBridge rule or schedule runs. Errors the user can fix exit with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import decimal_number, handled, input_path, stdin_once, whole_number
from advisor.render.format import plain

import_app = typer.Typer(
    help="Import ECS task definitions, Kubernetes manifests, a live ECS cluster, a Terraform plan or a CloudFormation/"
    "CDK template into a workload file.",
    no_args_is_help=True,
)

OutOpt = Annotated[str | None, typer.Option(  # a string: a Path would turn 'dir/' into a file named 'dir'
    "--output", "-o", metavar="<path>", help="Write the workload YAML to this file (default, or '-': stdout); "
    "never onto an input file.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the -o file if it exists.")]
RegionOpt = Annotated[str | None, typer.Option("--region", "-r", help="AWS region of the workload.")]
NameOpt = Annotated[str | None, typer.Option("--name", help="Workload name (default: from the input).")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Refuse to assume: containers without requests, a Windows image without runtimePlatform or a "
    "Job or scheduled task of unknown length are errors instead of notes.")]


def _region(region: str | None) -> str | None:
    """``--region`` in canonical form (lower case, no spaces around it), or ``UnknownRegionError`` (exit 2) naming
    ``--region`` for a name that is not an AWS region, with the did-you-mean and the region list ``compare -r`` uses:
    a workload written with it could not be compared."""
    if region is None:
        return None
    from advisor.pricing.book import default_pricebook

    region = region.strip().lower()
    default_pricebook().check_region(region, what="--region")
    return region


def _input_region(region: str) -> None:
    """A region read from the input itself (a Terraform provider, a CDK stack's env, the AWS session) that is not an
    AWS region: ``UnknownRegionError``, as for ``--region``, since the workload written could not be compared."""
    from advisor.errors import UnknownRegionError
    from advisor.pricing.book import default_pricebook

    try:
        default_pricebook().check_region(region, what="the region the input names,")
    except UnknownRegionError as exc:
        raise UnknownRegionError(f"{exc} Pass --region to choose the workload's region.") from None


_NAME_HINT = "give the workload's name, or leave --name out to take it from the input."
_AS_OF_HINT = "give a date as YYYY-MM-DD (e.g. --as-of 2026-01-31), or leave --as-of out for today."


def _given(value: str | None, option: str, what: str) -> str | None:
    """``value`` of an optional text option; a blank one ('--name ""') is refused, not read as the option left out."""
    if value is not None and not value.strip():
        from advisor.cli.common import fail

        fail(f"{option} {value!r} is empty; {what}")
    return value


def _workload_name(value: str | None) -> str | None:
    """``--name`` checked as the option it is: not blank (``_given``) and no longer than the workload file's ``name``
    (``Workload.name``, at most 253 characters), so a long one is named as ``--name``, not as the field it is
    written to."""
    value = _given(value, "--name", _NAME_HINT)
    if value is None:
        return None
    from advisor.cli.common import fail
    from advisor.workload.model import Workload

    limit = next(m.max_length for m in Workload.model_fields["name"].metadata if getattr(m, "max_length", None))
    if len(value) > limit:
        fail(f"--name is {len(value):,} characters long; a workload name has at most {limit} (the workload file's "
             "'name'). Give a shorter one, or leave --name out to take it from the input.")
    return value


def _as_of(value: str | None) -> str | None:
    """``--as-of`` checked as the option it is (a calendar date, YYYY-MM-DD: ``calendar_date_problem``, the rule of
    ``declared.as_of``), so a bad one is named as ``--as-of``, not as the workload field it is written to."""
    value = _given(value, "--as-of", _AS_OF_HINT)
    if value is None:
        return None
    from advisor.cli.common import fail
    from advisor.workload.model import calendar_date_problem

    problem = calendar_date_problem(value)
    if problem:
        fail(f"--as-of {problem} (or leave --as-of out for today).")
    return value


def _emit(run, output: str | None, force: bool, strict: bool = False, region: str | None = None,
          inputs: tuple = ()) -> None:
    from advisor.workload.importers import check_output_file, write_output
    from advisor.workload.source import recording_reads

    if output is not None and str(output) == "-":  # '-' is standard output, as for report -o - (not a file named -)
        output = None
    with handled():
        region = _region(region)
        if output is not None:  # before the import reads (or asks AWS for) anything: a path that cannot be written
            check_output_file(output, force)
        with recording_reads() as read:  # every file the import opened, also those of a folder given as PATH
            result = run(region)
        if region is None:
            _input_region(result.region)
        result.workload_checked(strict)
        text = result.to_yaml()
        if output is not None:
            write_output(text, output, force=force, inputs=(*inputs, *read))
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {plain(output)} ({len(result.services)} service(s)"
                   + (f", {len(result.daemonsets)} DaemonSet(s)" if result.daemonsets else "") + ")", err=True)
    for note in result.workload.input_notes():
        typer.echo(f"note: {plain(note)}", err=True)


@import_app.command("taskdef")
def taskdef(
    path: Annotated[Path, typer.Argument(metavar="PATH", parser=input_path, help="Task definition JSON (one, a list, or describe-task-definition output); "
                                         "'-' reads standard input.", show_default=False)],
    services: Annotated[Path | None, typer.Option("--services", "-s", parser=input_path, metavar="<path>",
                        help="ECS service JSON (create-service input or describe-services output).")] = None,
    cluster_file: Annotated[Path | None, typer.Option(
        "--cluster-file", parser=input_path, metavar="<path>", help="ECS cluster JSON (describe-clusters output): its defaultCapacityProviderStrategy "
        "applies to the --services without a strategy or launch type (refused without --services).")] = None,
    replicas: Annotated[int, typer.Option("--replicas", metavar="<int>", parser=whole_number,
                        help="Tasks for task definitions without a service (a task definition has no count), 0 to "
                             "5000.")] = 1,
    region: RegionOpt = None,
    name: NameOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Import ECS task definitions (and optionally services and the cluster's default strategy)."""
    from advisor.workload.importers.taskdef import import_taskdef

    stdin_once([("PATH", path), ("--services", services), ("--cluster-file", cluster_file)])
    name = _workload_name(name)
    _emit(lambda region: import_taskdef(path, services, replicas=replicas, region=region, name=name,
                                        cluster_path=cluster_file), output, force, strict, region,
          (path, services, cluster_file))


@import_app.command("k8s")
def k8s(
    path: Annotated[Path, typer.Argument(metavar="PATH", parser=input_path, help="A manifest file (multi-document YAML or JSON), a folder of them (a "
                                         "kustomize folder reads its resources), or '-' for standard input.",
                                         show_default=False)],
    region: RegionOpt = None,
    name: NameOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Import Kubernetes workloads (Deployments, StatefulSets, ReplicaSets, ReplicationControllers, DaemonSets, Jobs,
    CronJobs, Pods, Argo Rollouts and other custom resources that run pods, HPAs, KEDA ScaledObjects), persistent
    volumes, load balancers (Services, Ingresses) and Karpenter NodePools; docs/importing.md lists every kind."""
    from advisor.workload.importers.k8s import import_k8s

    name = _workload_name(name)
    _emit(lambda region: import_k8s(path, region=region or "us-east-1", name=name, strict=strict), output, force,
          strict, region, (path,))


@import_app.command("ecs")
def ecs(
    cluster: Annotated[str, typer.Option("--cluster", "-c", help="ECS cluster name or ARN.", show_default=False)],
    region: RegionOpt = None,
    utilization: Annotated[bool, typer.Option("--utilization",
                           help="Also read CloudWatch CPU/memory utilisation and suggest sizes.")] = False,
    days: Annotated[float | None, typer.Option("--days", parser=decimal_number, metavar="<float>", show_default=False,
                    help="With --utilization: the utilisation window in days, above 0 and at most 455 (default "
                         "14).")] = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Import every service of a running ECS cluster (boto3; uses your AWS credentials)."""
    from advisor.cli.common import fail
    from advisor.workload.importers.ecs_live import import_ecs

    # a blank name ('--cluster "$CLUSTER"' with the variable unset) is refused, not sent to ECS, whose API reads an
    # absent cluster as the account's 'default' cluster
    cluster = _given(cluster, "--cluster", "give the ECS cluster's name or ARN (e.g. --cluster prod).")
    if days is not None and not utilization:
        # the window of the CloudWatch utilisation read; without --utilization it changed nothing
        fail(f"--days {days:g} is the window of --utilization (CloudWatch CPU and memory utilisation), which is not "
             "given: add --utilization, or drop --days.")
    days = 14 if days is None else days
    _emit(lambda region: import_ecs(cluster, region=region, with_utilization=utilization, days=days), output, force,
          strict, region)


RunMinutesOpt = Annotated[list[str] | None, typer.Option(
    "--run-minutes", metavar="<NAME=MINUTES>", help="How long one run of a scheduled ECS task lasts (repeatable): NAME "
    "is its EventBridge rule or schedule (or the task definition it runs); its runs a month come from the schedule. "
    "Without it such a task is left out with a note.")]


def _run_minutes(items: list[str] | None) -> dict[str, str]:
    """``--run-minutes NAME=MINUTES`` items as {NAME: MINUTES} (the importer checks the number and the name)."""
    from advisor.cli.common import fail

    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(f"--run-minutes {item!r} is not NAME=MINUTES (e.g. --run-minutes NightlyReport=20: the EventBridge "
                 "rule or schedule, and one run's minutes).")
        if key.strip() in out and out[key.strip()] != value.strip():
            fail(f"--run-minutes {key.strip()} is given twice, with {out[key.strip()]} and {value.strip()} minutes; give "
                 "each rule, schedule or task definition once.")
        out[key.strip()] = value.strip()
    return out


AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Date (YYYY-MM-DD, UTC) at which an EKS cluster's Kubernetes version is judged in standard or "
    "extended support, written to declared.as_of (default: the day the workload is compared); scheduled ECS tasks "
    "count their runs from its 00:00 UTC (default: now).")]


@import_app.command("terraform")
def terraform(
    path: Annotated[Path, typer.Argument(metavar="PATH", parser=input_path, help="'terraform show -json' output of a plan or state; '-' reads standard "
                                         "input.", show_default=False)],
    region: Annotated[str | None, typer.Option(
        "--region", "-r", help="AWS region of the workload. A plan whose resources are in several regions (an "
        "aliased provider, aws provider 6's per-resource region) is refused without it; with it, the resources of "
        "that region are imported and the others listed as not priced.")] = None,
    name: NameOpt = None,
    as_of: AsOfOpt = None,
    run_minutes: RunMinutesOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Import a Terraform plan or state (ECS task definitions, services, Express Mode services and scheduled tasks,
    EKS clusters, node groups and Fargate profiles, Kubernetes provider workloads, load balancers, NAT gateways), with the estate as declared."""
    from advisor.workload.importers.terraform import import_terraform

    minutes = _run_minutes(run_minutes)
    name = _workload_name(name)
    as_of = _as_of(as_of)
    _emit(lambda region: import_terraform(path, region=region, name=name, as_of=as_of, run_minutes=minutes), output,
          force, strict, region, (path,))


@import_app.command("cloudformation")
def cloudformation(
    path: Annotated[Path, typer.Argument(metavar="PATH", parser=input_path, help="A CloudFormation template (YAML with short-form tags, or JSON, e.g. "
                                         "from 'cdk synth'); '-' reads standard input.", show_default=False)],
    parameter: Annotated[list[str] | None, typer.Option(
        "--parameter", "-P", metavar="<NAME=VALUE>", help="A template parameter's value (repeatable); overrides its "
        "Default, and the value --parameters-file gives.")] = None,
    parameters_file: Annotated[Path | None, typer.Option(
        "--parameters-file", metavar="FILE", parser=input_path, help="The stack's parameter values from a file (JSON or YAML): a "
        "CodePipeline template configuration or AWS Copilot *.params.json ({\"Parameters\": {\"NAME\": \"VALUE\"}}), "
        "the 'aws cloudformation create-stack --parameters file://' list ([{\"ParameterKey\": ..., "
        "\"ParameterValue\": ...}]), or the 'aws cloudformation deploy --parameter-overrides file://' list "
        "([\"NAME=VALUE\"]). A parameter the file omits takes its Default; an empty value is the empty string. "
        "--parameter overrides it.", show_default=False)] = None,
    region: RegionOpt = None,
    name: NameOpt = None,
    as_of: AsOfOpt = None,
    run_minutes: RunMinutesOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
) -> None:
    """Import a CloudFormation or CDK template (ECS services, Express Mode services and scheduled tasks, EKS, Auto
    Scaling groups, load balancers, NAT gateways), with the estate as declared; Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::FindInMap, Fn::Join,
    Fn::Select, Fn::Split and Fn::Base64 are resolved where they can."""
    from advisor.cli.common import fail
    from advisor.errors import WorkloadError
    from advisor.workload.importers.cloudformation import import_cloudformation, parameters_with_file

    params: dict[str, str] = {}
    for item in parameter or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--parameter {item!r} is not NAME=VALUE (e.g. --parameter EKSClusterVersion=1.31).")
        params[key.strip()] = value
    if parameters_file is not None and str(parameters_file) == "-" and str(path) == "-":
        fail("--parameters-file - and the template '-' cannot both read standard input; give one as a file.")
    try:
        params, origin = parameters_with_file(parameters_file, params)
    except WorkloadError as exc:
        fail(f"--parameters-file: {exc}")
    minutes = _run_minutes(run_minutes)
    name = _workload_name(name)
    as_of = _as_of(as_of)
    _emit(lambda region: import_cloudformation(path, region=region, name=name, parameters=params, as_of=as_of,
                                               run_minutes=minutes, parameter_origin=origin), output, force, strict,
          region, (path, parameters_file))  # the parameters file is read before _emit records what the import reads
