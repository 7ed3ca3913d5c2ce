"""`advisor import taskdef|k8s|ecs`: turn existing definitions into a commented workload file.

Each command parses its options, calls one importer, and writes the YAML to -o (atomically, never over an
existing file unless --force) or to stdout. Errors the user can fix exit with code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.common import handled

import_app = typer.Typer(
    help="Import ECS task definitions, Kubernetes manifests or a live ECS cluster into a workload file.",
    no_args_is_help=True,
)

OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the workload YAML here (default: stdout).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace the -o file if it exists.")]
RegionOpt = Annotated[str | None, typer.Option("--region", "-r", help="AWS region of the workload.")]
NameOpt = Annotated[str | None, typer.Option("--name", help="Workload name (default: from the input).")]


def _emit(run, output: Path | None, force: bool) -> None:
    from advisor.workload.importers import write_output

    with handled():
        result = run()
        text = result.to_yaml()
        if output is not None:
            write_output(text, output, force=force)
    if output is None:
        typer.echo(text, nl=False)
    else:
        typer.echo(f"wrote {output} ({len(result.services)} service(s)"
                   + (f", {len(result.daemonsets)} DaemonSet(s)" if result.daemonsets else "") + ")", err=True)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)


@import_app.command("taskdef")
def taskdef(
    path: Annotated[Path, typer.Argument(help="Task definition JSON (one, a list, or describe-task-definition output).",
                                         show_default=False)],
    services: Annotated[Path | None, typer.Option("--services", "-s",
                        help="ECS service JSON (create-service input or describe-services output).")] = None,
    replicas: Annotated[int, typer.Option("--replicas", min=0,
                        help="Tasks for task definitions without a service (a task definition has no count).")] = 1,
    region: RegionOpt = None,
    name: NameOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import ECS task definitions (and optionally services)."""
    from advisor.workload.importers.taskdef import import_taskdef

    _emit(lambda: import_taskdef(path, services, replicas=replicas, region=region or "us-east-1", name=name),
          output, force)


@import_app.command("k8s")
def k8s(
    path: Annotated[Path, typer.Argument(help="A manifest file (multi-document YAML or JSON) or a folder of them.",
                                         show_default=False)],
    region: RegionOpt = None,
    name: NameOpt = None,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import Kubernetes Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs and HPAs."""
    from advisor.workload.importers.k8s import import_k8s

    _emit(lambda: import_k8s(path, region=region or "us-east-1", name=name), output, force)


@import_app.command("ecs")
def ecs(
    cluster: Annotated[str, typer.Option("--cluster", "-c", help="ECS cluster name or ARN.", show_default=False)],
    region: RegionOpt = None,
    utilization: Annotated[bool, typer.Option("--utilization",
                           help="Also read CloudWatch CPU/memory utilisation and suggest sizes.")] = False,
    days: Annotated[float, typer.Option("--days", help="Utilisation window in days.")] = 14,
    output: OutOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import every service of a running ECS cluster (boto3; uses your AWS credentials)."""
    from advisor.workload.importers.ecs_live import import_ecs

    _emit(lambda: import_ecs(cluster, region=region, with_utilization=utilization, days=days), output, force)
