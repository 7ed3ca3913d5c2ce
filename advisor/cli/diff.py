"""``advisor diff BEFORE AFTER``: the monthly cost change between two inputs, for pull requests and CI."""

from __future__ import annotations

import math
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from advisor.cli.common import PlatformsOpt, StrictOpt, decimal_number, fail, handled, input_path


class DiffFormat(str, Enum):
    """Formats of ``advisor diff``."""

    table = "table"
    markdown = "markdown"
    json = "json"


def diff(
    before: Annotated[Path, typer.Argument(metavar="BEFORE", parser=input_path, help="The input before the change (e.g. 'terraform show -json' of main): "
                                           "any input compare reads; '-' for standard input.", show_default=False)],
    after: Annotated[Path, typer.Argument(metavar="AFTER", parser=input_path, help="The input after the change (e.g. the branch's plan).",
                                          show_default=False)],
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="AWS region for both inputs; overrides "
                                                "the region each of BEFORE and AFTER names.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table (default), markdown (a pull-request "
                                              "comment), json (for CI).")] = DiffFormat.table,
    platform: PlatformsOpt = None,
    fail_above: Annotated[Optional[float], typer.Option(
        "--fail-above", parser=decimal_number, help="Exit 1 when the headline monthly change (infrastructure) rises by more than this many USD, or cannot be "
        "measured (that platform has no total on one side). The headline is the estate as declared, else the "
        "recommended platform: when the recommendation changes, from BEFORE's recommended platform's total to "
        "AFTER's. Without it, diff exits 0 whatever the change.")] = None,
    strict: StrictOpt = False,
) -> None:
    """Monthly infrastructure cost change from BEFORE to AFTER: the estate as declared, each platform and each service.

    The figures are infrastructure, compare's Infrastructure column: the operations effort compare adds to its Total
    is not included.

    A change of recommended platform is said, and the headline is then from BEFORE's recommended platform to
    AFTER's; a platform excluded, not priced or unable to run every service on one side is marked there and has no
    change.

    A plan or template that declares nothing of container compute (main's plan before the first service) is an
    empty estate, $0.

    Exit 0 whatever the change (1 only with --fail-above and a larger rise, or a change it cannot measure); 2 when an
    input cannot be read, or when neither side has a total to compare (no platform prices every service on both sides
    and no estate is declared in full). A side whose requirements rule out every platform (a GPU service, say) is
    not an error here: its platforms are marked excluded and its notes give the reasons.
    """
    from advisor.compare.diff import diff as run_diff
    from advisor.render import diff as render

    if str(before) == "-" and str(after) == "-":
        fail("BEFORE and AFTER cannot both be '-' (standard input is read once); give at least one as a file.")
    if fail_above is not None and (not math.isfinite(fail_above) or fail_above < 0):
        fail(f"--fail-above {fail_above:g} is not valid; give a number of USD per month >= 0"
             + (" (a number beyond about 1.8e308 reads as infinity)." if math.isinf(fail_above) else "."))
    with handled():
        result = run_diff(before, after, region=region, platforms=platform, strict=strict)
    if fmt is DiffFormat.json:
        typer.echo(render.to_json(result))
    elif fmt is DiffFormat.markdown:
        typer.echo(render.to_markdown(result), nl=False)
    else:
        render.print_table(result)
    head = result.headline
    change = head.change if head is not None else None
    if fail_above is not None and change is not None and change > fail_above:
        what = "" if head.key == "declared" else \
            f" ({head.label}, the recommended platform{' before and after' if head.before_key else ''})"
        typer.echo(f"error: the monthly cost rises by ${change:,.2f}{what}, more than --fail-above {fail_above:g}.",
                   err=True)
        raise typer.Exit(1)
    if fail_above is not None and change is None:
        # a gate that cannot measure the change fails closed: a rise it cannot see must not pass as none
        typer.echo(f"error: --fail-above {fail_above:g}: the headline change cannot be measured ({_unmeasured(head)})"
                   "; see the per-platform table, or price both sides on one platform with --platform.", err=True)
        raise typer.Exit(1)


def _unmeasured(head) -> str:
    """Why the headline has no change, e.g. 'ECS on Fargate has no total AFTER: cannot run every service'."""
    from advisor.compare.diff import REASONS

    if head is None:
        return "no platform is recommended for AFTER"
    for which, amount, status in (("BEFORE", head.before, head.before_status), ("AFTER", head.after, head.after_status)):
        why = REASONS.get(status or "", "it cannot run every service there")
        if amount is None:
            return f"{head.label} has no total {which}: {why}"
        if status == "excluded":
            return f"{head.label} is {why} {which}"
    return f"{head.label} is not the same choice BEFORE and AFTER"
