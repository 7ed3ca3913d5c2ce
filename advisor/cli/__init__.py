"""The ``advisor`` command line. Every command group is registered here, at the top; each lives in its own module.

A command parses its options, calls one library function and renders the result; no arithmetic here.
Errors the user can fix (``AdvisorError``) are printed as one message, with the error's exit code (2).
"""

from __future__ import annotations

import io
import sys
import warnings
from typing import Annotated, NoReturn, Optional

import typer
from typer._click.exceptions import UsageError  # typer's own copy of click (typer >= 0.29), the one it raises
from typer.core import TyperCommand, TyperGroup

from advisor import __version__
from advisor.cli import compare, diff, importing, nodes, pricing, report, strategy, sweep
from advisor.cli.common import echo_error, input_path, printable
from advisor.errors import AdvisorError, AdvisorWarning

app = typer.Typer(
    name="advisor",
    help="ECS vs EKS cost and sizing advisor: monthly cost of a workload on ECS Fargate, Fargate Spot, ECS on EC2, "
    "EKS on EC2, EKS on Fargate, ECS Managed Instances and EKS Auto Mode, with valid Fargate sizes, "
    "capacity-provider strategies and the reasons behind a recommendation.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["--help", "-h"]},  # every command: -h is what many type first
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advisor {__version__}")
        raise typer.Exit()


class _ShowWarning:
    """``warnings.showwarning`` for a run: an ``AdvisorWarning`` as one ``warning: ...`` line on stderr (no source
    location: it is about the user's data, not advisor's code); any other warning as before."""

    def __init__(self, previous):
        self.previous = previous

    def __call__(self, message, category, filename, lineno, file=None, line=None):
        if issubclass(category, AdvisorWarning):
            typer.echo(f"warning: {printable(message)}", err=True)
        else:
            self.previous(message, category, filename, lineno, file, line)


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """ECS vs EKS cost and sizing advisor."""
    if not isinstance(warnings.showwarning, _ShowWarning):
        warnings.showwarning = _ShowWarning(warnings.showwarning)


app.command()(compare.compare)
app.command()(compare.sizes)
app.command()(compare.schema)
app.command()(sweep.sweep)
app.command()(report.report)
app.command()(diff.diff)
app.add_typer(pricing.pricing_app, name="pricing")
app.add_typer(nodes.nodes_app, name="nodes")
app.add_typer(strategy.strategy_app, name="strategy")
app.add_typer(importing.import_app, name="import")


def _join_paragraph_lines(typer_app: typer.Typer) -> None:
    """Typer's help keeps single line breaks inside every paragraph after a command's first, so a docstring wrapped
    at the source's line length printed broken lines ("service (an impossible size,\n or price data ..."). Join the
    lines of each paragraph of every command's docstring (paragraphs stay apart) so Rich wraps them to the terminal."""
    import inspect

    for info in typer_app.registered_commands:
        func = info.callback
        if func is not None and func.__doc__:
            paragraphs = inspect.cleandoc(func.__doc__).split("\n\n")
            func.__doc__ = "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _join_paragraph_lines(group.typer_instance)


_join_paragraph_lines(app)


def _without_flag_metavar(params: list) -> list:
    """Typer 0.29 shows a flag's type in help (``--strict <bool>``), as if the flag took a value; it takes none
    (``--strict true`` is an error). A flag gets an empty metavar, so help shows just ``--strict``. Typer's own
    ``--help`` (created by the command) and ``--version`` are flags too and go through here."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
        if getattr(info, "parser", None) is input_path and not param.type_descriptor.is_list:  # help would say <Path>
            param.display_type = lambda ctx: "<path>"
    return params


def _typed_value_message(exc: UsageError) -> str:
    """The message of a usage error, with what typer's number parsing says reworded: it said only "Input should be a
    valid integer, unable to parse string as an integer" ('--max-age-days nan', '--fail-above 0x10'), without the
    value typed or what to write instead, and prefixed a choice's message with "Value error, " ('-f xml')."""
    errors = getattr(exc.__cause__, "errors", None)
    try:
        error = errors()[0] if callable(errors) else {}
    except Exception:  # noqa: BLE001 - a cause of another shape keeps typer's message
        error = {}
    typed, kind = error.get("input"), error.get("type")
    if isinstance(typed, str) and kind in ("int_parsing", "int_from_float", "float_parsing"):
        shown = repr(typed if len(typed) <= 40 else typed[:40] + "...")
        if kind == "float_parsing":
            return f"{shown} is not a number; write a decimal number in the digits 0-9, such as 500 or 0.5 (--help " \
                   "says what the option takes)."
        return f"{shown} is not a whole number; write one in the digits 0-9, such as 4 (--help says what the " \
               "option takes)."
    return exc.message.removeprefix("Value error, ")


def _printable_usage_errors(parse):
    """Run ``parse`` (a command's or group's ``parse_args``) with its usage errors' messages made safe to print: the
    parser quotes what was typed ("No such option: -\xa0", "Invalid value for '--format': ..."), and escapes only
    control characters, so a non-breaking space or a bidi override would reach the terminal (``printable``)."""
    try:
        return parse()
    except UsageError as exc:
        exc.message = printable(_typed_value_message(exc))
        if getattr(exc, "possibilities", None):
            exc.possibilities = [printable(p) for p in exc.possibilities]
        raise


def _reader_gone() -> NoReturn:
    """Standard output's reader closed the pipe before reading everything ('advisor compare x.yaml | head -1'): stop
    at once, print nothing more, and exit 0. The status is 0 whatever the format, because whether the closed pipe is
    noticed at all depends on how the output is written: a JSON document goes out in one write that the pipe takes
    whole (exit 0), a table line by line (rich's console exited 1, typer's handler exits 1 for an echo that fails).
    Standard output is pointed at the null device so the interpreter's last flush does not fail again ('Exception
    ignored ... BrokenPipeError')."""
    _stdout_gone()
    raise SystemExit(0)


def _stderr_gone() -> NoReturn:
    """Standard error's reader closed the pipe while typer's rich console wrote a usage error there ('advisor compare
    --bogus 2>&1 | true'): the message is lost, the failure is not, so the run exits 2 (a usage error's code), never
    0 as a reader of the *output* that has read enough does (``_reader_gone``; advisor's own errors keep their code
    through ``advisor.cli.common.echo_error``). Standard error is pointed at the null device so the interpreter's last
    flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(AdvisorError.exit_code)


def _quiet_when_reader_gone(call):
    """Run ``call`` (parsing, which prints --help and --version, or a command) with a write to a closed standard
    output ending the run quietly (``_reader_gone``), before typer's own handler turns it into exit 1. A file that
    cannot be written (``filename`` set) is not standard output: it is left to ``main``."""
    try:
        return call()
    except BrokenPipeError as exc:
        if exc.filename is not None:
            raise
        _reader_gone()


class _Command(TyperCommand):
    def get_params(self, ctx):  # every parameter help and parsing see, the --help option included
        return _without_flag_metavar(super().get_params(ctx))

    def parse_args(self, ctx, args):
        return _quiet_when_reader_gone(
            lambda: _printable_usage_errors(lambda: super(_Command, self).parse_args(ctx, args)))

    def invoke(self, ctx):
        return _quiet_when_reader_gone(lambda: super(_Command, self).invoke(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx):
        return _without_flag_metavar(super().get_params(ctx))

    def parse_args(self, ctx, args):
        return _quiet_when_reader_gone(
            lambda: _printable_usage_errors(lambda: super(_Group, self).parse_args(ctx, args)))

    def invoke(self, ctx):
        return _quiet_when_reader_gone(lambda: super(_Group, self).invoke(ctx))


def _use_flag_classes(typer_app: typer.Typer) -> None:
    """Every command and group of the app is built with the classes above: one place for every flag's help."""
    typer_app.info.cls = _Group
    for info in typer_app.registered_commands:
        info.cls = _Command  # typer fills in TyperCommand when none is given
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _use_flag_classes(group.typer_instance)


_use_flag_classes(app)


#: The cyclic garbage collector's first threshold for a command (CPython's default: 700 allocations). A command is a
#: short-lived process that builds many objects and frees few cycles: with the default the collector ran about 150
#: times in ``compare examples/microservices.yaml`` (90 ms) and 1,850 times in a 10,000-service compare (1.3 s, each
#: pass walking the workload's objects again). At 100,000 it still ran 8 times in the 10,000-service compare (0.28 s:
#: each pass walks the 100,000 objects built since the last, and every tenth pass the million before them, the
#: estimates' lines kept for the output); at 1,000,000, not once (and once in a ``report`` of it), with the same peak
#: memory there, in ``sweep`` of 100 services and in a compare of 100 distinct sizes packed from an empty cache
#: (Python documentation, ``gc.set_threshold``).
GC_THRESHOLD = 1_000_000
#: The environment variable pydantic reads to load no plugins (``__all__``), or all but the ones it names.
PYDANTIC_PLUGINS_VARIABLE = "PYDANTIC_DISABLE_PLUGINS"


def main() -> None:
    """Console-script entry point."""
    import gc
    import os

    from rich.console import Console

    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    # The command line builds advisor's own pydantic models only (typer builds its parameter adapters with plugins off,
    # typer._adapters.disabled_pydantic_plugins), and advisor uses no pydantic plugin: looking for them reads the entry
    # points of every installed distribution when the first model is built (about 30 ms with 140 installed). A value
    # the user set wins (PYDANTIC_DISABLE_PLUGINS= loads them all; pydantic "Plugins" documentation).
    os.environ.setdefault(PYDANTIC_PLUGINS_VARIABLE, "__all__")
    _closed_stdout()
    _encodable_streams()
    _least_width()
    # rich's console exits 1 on a closed pipe by default ('Override this method to change that behaviour', rich
    # Console.on_broken_pipe): tables and help then end as every other output does (``_reader_gone``)
    # A console on stderr writes errors and usage errors (typer's rich formatting): its closed pipe is a failed run
    # that could not report, which exits 2 (``_stderr_gone``), never 0
    Console.on_broken_pipe = lambda self: _stderr_gone() if self.stderr else _reader_gone()
    try:
        app()
    except KeyboardInterrupt:  # Ctrl-C while typer builds the command, before its own handler (exit 130) runs
        sys.exit(130)
    except AdvisorError as exc:  # a library error that escaped a command
        echo_error(f"error: {printable(exc)}")
        sys.exit(exc.exit_code)
    except OSError as exc:  # writing the output failed (a full disk: 'compare -f csv > out.csv'); reading is handled
        if isinstance(exc, BrokenPipeError) and exc.filename is None:
            _reader_gone()
        if exc.filename is not None:  # a file or folder, not standard output: name it, say nothing of a full disk
            from advisor.fileio import path_problem, shown_path

            echo_error(f"error: {printable(shown_path(exc.filename))}: {printable(path_problem(exc))}.")
            sys.exit(AdvisorError.exit_code)
        if isinstance(exc, _StdoutClosed):
            echo_error(f"error: {exc.strerror}: what the command prints there cannot be read. Run it with standard "
                       "output open: redirect it to a file (> out.txt), or to /dev/null to discard it.")
            sys.exit(AdvisorError.exit_code)
        _stdout_gone()
        reason = exc.strerror or str(exc)
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            advice = "Free some space, or write it elsewhere (-o FILE, or redirect to another disk)."
        else:
            advice = "Write it elsewhere (-o FILE, or redirect standard output to a file)."
        echo_error(f"error: could not write the output: {printable(reason)}. {advice}")
        sys.exit(AdvisorError.exit_code)


class _StdoutClosed(OSError):
    """A write to standard output when the process started with it closed (``advisor compare x.yaml >&-``)."""


class _ClosedStdout(io.TextIOBase):
    """``sys.stdout`` when the process started with file descriptor 1 closed: Python then sets ``sys.stdout`` to None,
    and typer, click and rich drop whatever is printed to it, so a command exited 0 with its whole output lost. Here
    the first write raises ``_StdoutClosed``, which ``main`` reports (exit 2). Descriptor 1 is taken by the null
    device meanwhile, so no file advisor opens (a report, a fetched table) gets it and a stray write lands there."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        import errno

        if not text:
            return 0
        raise _StdoutClosed(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def _closed_stdout() -> None:
    """Install ``_ClosedStdout`` when the process has no standard output (``sys.stdout`` is None)."""
    import os

    if sys.stdout is not None:
        return
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        if fd != 1:
            os.dup2(fd, 1)
            os.close(fd)
    except OSError:
        pass
    sys.stdout = _ClosedStdout()


#: What advisor's own text uses beyond ASCII, written in ASCII where standard output or error cannot encode it
#: (``_encodable_streams``). No replacement holds a quote, a backslash or a comma, so JSON and CSV stay well formed.
ASCII_FALLBACK = {"\u2014": "-", "\u2013": "-", "\u2026": "...", "\u2192": "->", "\u00d7": "x", "\u2022": "*",
                  "\u00b5": "u", "\u03bc": "u", "\u00b2": "2", "\u2264": "<=", "\u2265": ">=", "\u2212": "-",
                  "\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u2500": "-", "\u2501": "-", "\u2550": "=",
                  "\u2502": "|", "\u2503": "|", "\u2551": "|"}
#: The name of the codec error handler ``_encodable_streams`` sets.
ENCODE_ERRORS = "advisor-ascii-fallback"


def _ascii_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the stream's encoding cannot write as its ``ASCII_FALLBACK``, a box
    drawing character (U+2500-U+257F) as '+', any other as a JSON-style escape (``\\u00e9``; a character beyond
    U+FFFF as its surrogate pair), which a JSON reader decodes back to the character itself."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        if ch in ASCII_FALLBACK:
            out.append(ASCII_FALLBACK[ch])
        elif "\u2500" <= ch <= "\u257f":
            out.append("+")
        elif ord(ch) > 0xFFFF:
            high, low = divmod(ord(ch) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out), exc.end


def _encodable_streams() -> None:
    """Standard output and error in an encoding that cannot write advisor's text (``PYTHONIOENCODING=ascii`` or
    ``latin-1``, a C locale with ``PYTHONUTF8=0``): the table's '—' (no total) or a service name's 'é' stopped the
    command with a ``UnicodeEncodeError`` traceback, exit 1, the output cut off. Such a stream writes what it cannot
    encode through ``_ascii_fallback`` instead; a stream that can encode it (UTF-8) is left as it is."""
    import codecs

    try:
        codecs.lookup_error(ENCODE_ERRORS)
    except LookupError:
        codecs.register_error(ENCODE_ERRORS, _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        try:
            "".join(ASCII_FALLBACK).encode(encoding or "ascii")
            continue
        except (LookupError, UnicodeError):
            pass
        try:
            stream.reconfigure(errors=ENCODE_ERRORS)
        except (AttributeError, ValueError, OSError):  # not a text stream advisor can reconfigure: left as it is
            pass


#: The narrowest width (columns) advisor lays its tables, help and prose out for: ``COLUMNS=1`` wrapped every line
#: of ``compare``'s prose one character to a line (9,220 lines for examples/web-app.yaml instead of 227).
MIN_COLUMNS = 40


def _least_width() -> None:
    """``$COLUMNS`` below ``MIN_COLUMNS`` (``COLUMNS=1``, ``0``) read as ``MIN_COLUMNS``: rich, which lays out the
    tables and help, takes the variable as the width. A wider value, or none, is left as it is (rich then asks the
    terminal, or uses 80). ``$COLUMNS`` or ``$LINES`` that ``str.isdigit`` takes for digits but ``int`` cannot read
    (``COLUMNS=²``, or more digits than Python converts) is dropped, as rich ignores any other text: rich read it
    with ``int`` and every command ended in a traceback."""
    import os

    from advisor.units import is_whole_number_text

    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "").strip()
        if value.isdigit() and not is_whole_number_text(value):
            del os.environ[name]
    value = os.environ.get("COLUMNS", "").strip()
    if is_whole_number_text(value) and int(value) < MIN_COLUMNS:
        os.environ["COLUMNS"] = str(MIN_COLUMNS)


def _stdout_gone() -> None:
    """Point standard output at the null device, so the interpreter's last flush of what could not be written does
    not fail again on exit (the Python documentation's advice for a closed pipe)."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
