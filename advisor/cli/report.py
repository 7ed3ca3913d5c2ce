"""``advisor report``: render the HTML architecture-review report.

Thin: parse, call ``advisor.render.report_file.write_reports`` (or ``report_html`` for ``-o -``), print what was
written. Inputs, file names and safe writing live there. Exit code 2 on bad input, like ``compare``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.common import StrictOpt, fail, handled, input_path, stdin_once
from advisor.render.format import plain


def report(
    workload: Annotated[list[Path], typer.Argument(metavar="WORKLOAD", parser=input_path,
        help="Workload YAML, ECS task definition JSON, Kubernetes manifests (file or folder, priced as one "
        "workload), a Terraform plan ('terraform show -json'), a CloudFormation/CDK template, or '-' for stdin; "
        "several inputs get one report each. With --all, folders whose *.yaml / *.yml files each get a report.",
        show_default=False)],
    output: Annotated[Optional[str], typer.Option(  # a string: a Path would drop the trailing '/' of a folder
        "--output", "-o", metavar="<path>",
        help="Output HTML file (default reports/<workload-name>.html; '-' prints it); a folder when it ends with "
        "'/', or with --all or several inputs (each report under its default name). Written atomically; a file "
        "advisor did not write is never replaced.")] = None,
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="AWS region; overrides the workload's region.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Treat WORKLOAD as folders and report on every *.yaml / *.yml "
                                       "file in them.")] = False,
    strict: StrictOpt = False,
) -> None:
    """Write a self-contained HTML architecture-review report for WORKLOAD.

    Charts are inline SVG; the file loads nothing from the network and opens offline.
    Exit code 2 on invalid input, when no platform can price every service (as for compare), or when the output
    path is a folder, pipe or device, holds a file advisor did not write, is too long for the file system, or lies
    in a folder that is a file or that you cannot write in (checked before anything is priced). With several
    inputs (or --all) the error names the input it is about.
    """
    from advisor.errors import AdvisorError
    from advisor.render.report_file import input_error, iter_reports, report_html, report_inputs

    if not all_:  # --all refuses '-' itself: it takes folders
        stdin_once([(f"WORKLOAD {i}", path) for i, path in enumerate(workload, 1)])
    with handled():
        paths = report_inputs(workload, all_)
        if output is not None and str(output) == "-":
            if len(paths) != 1:
                fail("-o - prints one report; give one workload (or write several to a folder with -o DIR).")
            try:
                html = report_html(paths[0], region=region, strict=strict)[1]
            except AdvisorError as exc:  # --all found this file in a folder: say which
                raise (input_error(exc, paths[0]) if all_ else exc) from None
            typer.echo(html, nl=False)
            return
        for done in iter_reports(paths, output=output, region=region, strict=strict, name_inputs=all_ or None):
            typer.echo(f"replaced {plain(done.path)} (it held an earlier advisor report)" if done.replaced else
                       f"wrote {plain(done.path)}")
            if done.note:
                typer.echo(f"note: {plain(done.note)}", err=True)
