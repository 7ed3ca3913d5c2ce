"""What every command shares: option types, output formats, and the one error handler.

A command body parses its options, calls one library function inside ``with handled():`` and renders. Any
``AdvisorError`` becomes one ``error: ...`` line on stderr and the error's ``exit_code`` (2 for bad input).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer

from advisor.errors import AdvisorError
from advisor.platforms import PLATFORMS
from advisor.render.format import plain
from advisor.units import is_whole_number_text


class OutputFormat(str, Enum):
    """Formats of ``compare`` (and commands that render a whole comparison)."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ShortFormat(str, Enum):
    """Formats of the small commands."""

    table = "table"
    json = "json"


class TableJsonCsv(str, Enum):
    """Formats of tabular commands (sweep, pricing show)."""

    table = "table"
    json = "json"
    csv = "csv"


def printable(message: object) -> str:
    """A message safe for the terminal: its lines kept, each without control characters, escape sequences or bidi
    overrides (messages quote user-given names and paths)."""
    return "\n".join(plain(line) for line in str(message).split("\n"))


def echo_error(text: str) -> None:
    """Print ``text`` on stderr for a run that is failing: when stderr's reader has gone ('advisor compare bad.yaml
    2>&1 | head -1'), the message is lost but the failure is not -- the caller still exits with its error code (a
    closed pipe on the *output* ends a run 0, ``advisor.cli._reader_gone``; a failed run never does). Standard error
    is then pointed at the null device, so the interpreter's last flush does not fail again."""
    try:
        typer.echo(text, err=True)
    except OSError:
        import os
        import sys

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stderr.fileno())
        except (OSError, ValueError):
            pass


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``error: message`` on stderr (``printable``; ``echo_error``) and exit with ``code``."""
    echo_error(f"error: {printable(message)}")
    raise typer.Exit(code)


def check_environment() -> None:
    """The ADVISOR_* variables a command may read, checked before its work starts (``handled`` calls it), so a typo
    is exit 2 with one message (the variable, its value, what is valid) whatever the command: ``ADVISOR_CACHE``
    (``advisor.diskcache.enabled``), ``ADVISOR_DATA_DIR`` (``advisor.pricing.book.check_data_dir_env``) and
    ``ADVISOR_WORKERS`` (``advisor.sizing.workers.pack_workers``).
    ``ADVISOR_MAX_PRICE_AGE_DAYS`` and ``ADVISOR_PRICE_LIST_ENDPOINT`` are checked where they are read, by the
    commands that read them. ``--help`` never reaches it."""
    from advisor import diskcache
    from advisor.pricing.book import check_data_dir_env
    from advisor.sizing.workers import pack_workers, use_cpus_by_default

    diskcache.enabled()
    check_data_dir_env()
    use_cpus_by_default()  # the command, not a program importing advisor (see the function)
    pack_workers()


def ensure_environment() -> None:
    """``check_environment`` with ``handled``'s error handling, for a command whose work needs no ``handled`` block
    (``schema``, the size list of ``sizes``): a bad ADVISOR_* value stops every command alike, exit 2."""
    with handled():
        return


def status_line_wanted(stream=None) -> bool:
    """Whether a command shows what it is doing on ``stream`` (default stderr) while it works: on a terminal, not in
    CI (``$CI`` set) and not on a dumb terminal (``TERM=dumb``), as ``advisor pricing fetch``'s progress bar."""
    import os
    import sys

    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI") \
        and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Turn an ``AdvisorError`` raised inside the block (or by ``check_environment``, run first) into one message
    and its exit code. On a terminal (``status_line_wanted``), the block's steps (``advisor.progress.step``: the
    platform being priced, the fleets being packed) show on a transient status line on stderr once the work has
    taken a second; it is cleared when the block ends."""
    try:
        check_environment()
        if not status_line_wanted():
            yield
            return
        from rich.console import Console

        from advisor.progress import StatusLine, reporting

        with StatusLine(Console(stderr=True)) as status, reporting(lambda text: status.update(plain(text))):
            yield
    except AdvisorError as exc:
        fail(str(exc), exc.exit_code)


def input_path(value: str | Path) -> Path:
    """A path a command reads (the ``parser`` of every path argument and option), as a ``Path``; an empty or blank
    value is a usage error naming the argument. Typer's own ``Path`` reads ``''`` as ``Path('')``, which is ``'.'``:
    an empty ``"$WORKLOAD"`` priced (or imported, or reported on) whatever manifests the current folder held."""
    if isinstance(value, Path):
        return value
    if not str(value).strip():
        raise typer.BadParameter(f"{str(value)!r} is blank; give a file or folder to read, or '-' for standard "
                                 "input.")
    return Path(value)


def stdin_once(inputs: list[tuple[str, Path | None]]) -> None:
    """Exit 2 when more than one of ``inputs`` (``(what the user typed it as, path)``; ``None`` for an option not
    given) is ``-``: standard input is read once, so the second reader would find it empty and say that nothing was
    piped in. The message names each place '-' was given."""
    given = [name for name, path in inputs if path is not None and str(path) == "-"]
    if len(given) > 1:
        fail(f"standard input is read once, and '-' is given {len(given)} times ({', '.join(given)}); give all but "
             "one of them as a file.")


def shown(value: object) -> str:
    """An option's value as messages quote it: repr, cut to 40 characters."""
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "...")


def whole_number(value: str | int) -> int:
    """A whole-number option's value (the ``parser`` of every integer option: ``--points``, ``--replicas``,
    ``--max-age-days``, ``--reserved-memory``, ``--spot-window-days``): ASCII digits, with a leading '-' allowed so that
    the command's own range check names the option. Typer's integer reads the text as Python's ``int()`` does, which
    takes '1_0' as 10 and '\u0663' (an Arabic-Indic digit) as 3, while the workload file, ``--scale`` and the
    ``$ADVISOR_*`` settings refuse both (``advisor.units.is_whole_number_text``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if not is_whole_number_text(text.removeprefix("-")):
        raise typer.BadParameter(f"{shown(value)} is not a whole number; write one in the digits 0-9, such as 4, "
                                 "without '_' separators, a '+' sign, a decimal point or an exponent (--help says what "
                                 "the option takes).")
    return int(text)


def decimal_number(value: str | float) -> float:
    """A decimal option's value (the ``parser`` of every float option), as Python's ``float()`` reads it but in ASCII
    and without '_' separators: ``float()`` takes '1_0' as 10.0 and other scripts' digits ('\u0663' = 3.0), which the
    workload file refuses (``advisor.units.is_decimal_text``). 'nan' and 'inf' pass, for the command's own range check
    to name the option. '-0' is 0 (+ 0.0), so no message repeats it as '-0'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) + 0.0
    text = str(value).strip()
    try:
        if text.isascii() and "_" not in text:
            return float(text) + 0.0
    except ValueError:
        pass
    raise typer.BadParameter(f"{shown(value)} is not a number; write a decimal number in the digits 0-9, such as 500 "
                             "or 0.5, without '_' separators (--help says what the option takes).")


WorkloadArg = Annotated[Path, typer.Argument(metavar="WORKLOAD", parser=input_path,
    help="Workload YAML, ECS task definition JSON, Kubernetes manifests (file or folder), a Terraform plan "
    "('terraform show -json'), a CloudFormation/CDK template, or '-' for stdin.",
    show_default=False)]
RegionOpt = Annotated[Optional[str], typer.Option("--region", "-r", help="AWS region; overrides the workload's region.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="Treat every assumption about the input (containers without requests, a Windows image without "
    "runtimePlatform, a Job or scheduled task of unknown length) as an error instead of a note.")]
def split_ids(values: Optional[list[str]]) -> Optional[list[str]]:
    """A repeatable option's values with comma-separated ones split (``-p ecs-fargate,eks-ec2 -p ecs-ec2``), spaces
    around each dropped. Values that hold nothing but commas and spaces are kept as given, so the command refuses
    them by name instead of reading them as "every platform"."""
    if values is None:
        return None
    parts = [part.strip() for value in values for part in value.split(",")]
    return [part for part in parts if part] or values


PlatformsOpt = Annotated[Optional[list[str]], typer.Option(
    "--platform", "-p", metavar="<id,...>", callback=split_ids,
    help="Only these platform ids, comma-separated or repeated: " + ", ".join(PLATFORMS) + ".")]
