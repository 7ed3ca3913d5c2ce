"""``advisor report``: render the HTML architecture-review report.

Thin: parse, call ``compare`` and ``render_report``, write the file. Refuses to overwrite a file that is not a
report advisor wrote. Exit code 2 on bad input, like ``compare``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.common import StrictOpt, fail
from advisor.errors import AdvisorError

DEFAULT_DIR = Path("reports")


def default_output(workload_name: str, directory: Path = DEFAULT_DIR) -> Path:
    """reports/<workload-name>.html, with the name reduced to a safe file name."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", workload_name).strip("-.") or "report"
    return directory / f"{stem}.html"


def write_report(workload_path: Path, output: Path | None = None, region: str | None = None,
                 out_dir: Path = DEFAULT_DIR, strict: bool = False) -> Path:
    """Compare ``workload_path``, render the report and write it; returns the path written.

    Raises ``AdvisorError`` for bad input or when ``output`` exists and is not an advisor report.
    """
    from advisor.compare import compare
    from advisor.render.html import is_report_file, render_report

    comparison = compare(workload_path, region=region, strict=strict)
    target = output if output is not None else default_output(comparison.workload.name, out_dir)
    if target.exists() and target.is_dir():
        raise AdvisorError(f"output '{target}' is a directory; give a file name such as {target / 'report.html'}.")
    if target.exists() and not is_report_file(target):
        raise AdvisorError(
            f"refusing to overwrite '{target}': it exists and is not a report advisor wrote. "
            "Choose another path with -o, or move the file away."
        )
    html = render_report(comparison)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise AdvisorError(f"cannot write '{target}': {exc.strerror}.") from None
    return target


def report(
    workload: Annotated[list[Path], typer.Argument(
        help="Workload YAML file(s), or a directory (with --all) whose *.yaml files each get a report.",
        show_default=False)],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Output HTML file (default reports/<workload-name>.html); with --all or several "
        "workloads, a directory.")] = None,
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="AWS region; overrides the workload's region.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Treat WORKLOAD as directories and report on every *.yaml in them.")] = False,
    strict: StrictOpt = False,
) -> None:
    """Write a self-contained HTML architecture-review report for WORKLOAD.

    Charts are inline SVG; the file loads nothing from the network and opens offline.
    Exit code 2 on invalid input, or when the output path holds a file advisor did not write.
    """
    paths: list[Path] = []
    for p in workload:
        if all_:
            if not p.is_dir():
                fail(f"--all expects a directory of workload files; '{p}' is not a directory.")
            paths += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        else:
            paths.append(p)
    if not paths:
        fail("no workload files found; give a workload YAML file such as examples/web-app.yaml.")
    many = all_ or len(paths) > 1
    try:
        for p in paths:
            if many:
                written = write_report(p, None, region, out_dir=output or DEFAULT_DIR, strict=strict)
            else:
                written = write_report(p, output, region, strict=strict)
            typer.echo(f"wrote {written}")
    except AdvisorError as exc:
        fail(str(exc), exc.exit_code)
