"""Errors a user can act on.

Every ``AdvisorError`` message names the field or value, says what is valid and how to fix it. The CLI
prints the message (no traceback) and exits with code 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


class AdvisorError(Exception):
    """Base class for errors caused by input or data the user can fix. Exit code 2 in the CLI."""

    exit_code = 2


class WorkloadError(AdvisorError):
    """The workload file cannot be read or is invalid."""


class UnknownInstanceNamesError(WorkloadError):
    """EC2 instance type or family names the instance catalogue does not know (``sizing.fleet.check_instance_names``);
    ``compare`` adds where an imported input's names came from."""


class SizingError(AdvisorError):
    """A request no valid size can hold."""


class PriceDataError(AdvisorError):
    """Price data is missing for a region, table or rate."""


class UnknownRegionError(PriceDataError):
    """A region name that is not an AWS region."""


#: How a message asks for the region: the command line's ``--region`` option, or the Python API's parameter while an
#: ``advisor.api`` function runs (``region_named``), so a notebook is not told to pass a CLI option.
_REGION_ARG: ContextVar[tuple[str, str]] = ContextVar("region_arg", default=("--region", "--region {}"))


def region_arg() -> str:
    """How the caller gives a region: ``--region`` on the command line; in the Python API, its parameter (e.g.
    ``price(..., region=...)``)."""
    return _REGION_ARG.get()[0]


def region_given(region: str) -> str:
    """The region the caller gave, as the caller wrote it: ``--region eu-west-1``, ``price(..., region='eu-west-1')``."""
    return _REGION_ARG.get()[1].format(repr(region) if _REGION_ARG.get()[0] != "--region" else region)


#: The Python API function running (``price``, ``load``...), or None on the command line: how a message that points
#: to one file to read next names the call (``price('stack.template.json')``, not ``advisor compare ...``).
_API_FUNCTION: ContextVar[str | None] = ContextVar("api_function", default=None)


@contextmanager
def region_named(arg: str, given: str, function: str | None = None) -> Iterator[None]:
    """Within the block, messages ask for the region as ``arg`` and name a given one as ``given`` (a format string
    with one ``{}`` for the quoted region); ``function`` is the Python API function that runs (see ``read_one``)."""
    token = _REGION_ARG.set((arg, given))
    ftoken = _API_FUNCTION.set(function)
    try:
        yield
    finally:
        _API_FUNCTION.reset(ftoken)
        _REGION_ARG.reset(token)


def read_one(command: str, path: object) -> str:
    """How the caller reads one file ``path``: the command line's ``command`` (``'advisor compare stack.json'``), or
    within a Python API function, that function called on the path (``price('stack.json')``)."""
    function = _API_FUNCTION.get()
    return f"{function}({str(path)!r})" if function else f"'{command} {path}'"


def with_message(exc: AdvisorError, message: str) -> AdvisorError:
    """A copy of ``exc`` (its class, so its exit code, and its fields) whose message is ``message``: how a caller
    names the input an error is about (``diff``'s BEFORE/AFTER, a report of several inputs). It is made without
    calling the class's ``__init__``, whose arguments differ by class (``FieldError(source, document, field,
    message)``): ``type(exc)(message)`` and ``copy.copy(exc)`` raise ``TypeError`` for such a class."""
    named = type(exc).__new__(type(exc))
    named.__dict__.update(exc.__dict__)
    named.args = (message,)
    return named


class ArgumentError(AdvisorError, TypeError):
    """A Python API function called with an argument it does not take (``price(w, regoin="eu-west-1")``) or without
    one it needs. A ``TypeError`` too, as Python's own error for such a call is, so ``except TypeError`` still
    catches it; the message names the function, the argument, the arguments it takes and the one most likely meant."""


class AdvisorWarning(UserWarning):
    """Something in the user's input or data that advisor accepts but does not use, and says so. The CLI prints it
    as one ``warning: ...`` line on stderr; in Python it is an ordinary warning (``warnings.simplefilter("error",
    AdvisorWarning)`` turns it into an exception)."""


class PriceDataWarning(AdvisorWarning):
    """A price row that is valid but never used (e.g. a Windows Fargate Spot rate: AWS offers no such capacity)."""


def did_you_mean(word: str, choices: Iterable[str], n: int = 1) -> str:
    """Return " Did you mean 'x'?" for the closest choice, or "" when nothing is close."""
    matches = difflib.get_close_matches(str(word), list(choices), n=n, cutoff=0.6)
    if not matches:
        return ""
    return " Did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
