"""What a long comparison is doing, for a status line on a terminal.

Pricing a large fleet of many task sizes on EC2 can take seconds to minutes (the packings, ``docs/ec2.md``). The
library says what it is doing at the start of each phase that can take a while::

    step("pricing ECS on EC2")                       # replaces the previous step's text
    count(3, 18, "packed")                           # "pricing ECS on EC2: 3 of 18 packed"

and nothing more happens unless a caller has installed a reporter with ``reporting(callback)``: a program that
imports advisor sees nothing, and a step costs one context-variable read. The CLI installs one on a terminal
(``advisor.cli.common.handled``): a transient status line on stderr that appears only once the work has taken
``StatusLine.DELAY_S`` and is cleared before the command prints its result.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar

#: The reporter of the current context and the text of its current step: [callback, text], or None.
_REPORTER: ContextVar[list | None] = ContextVar("advisor_progress", default=None)


def step(text: str) -> None:
    """Report that the work now does ``text`` (it replaces the previous step). A no-op unless a reporter is
    installed (``reporting``). Anything the reporter raises is dropped: a status line must never stop a
    comparison."""
    state = _REPORTER.get()
    if state is None:
        return
    state[1] = text
    with contextlib.suppress(Exception):
        state[0](text)


def count(done: int, total: int, what: str = "done") -> None:
    """Report how far the current step is: shown as "<step>: 3 of 18 done". A no-op without a reporter."""
    state = _REPORTER.get()
    if state is None:
        return
    with contextlib.suppress(Exception):
        state[0](f"{state[1]}: {done:,} of {total:,} {what}" if state[1] else f"{done:,} of {total:,} {what}")


@contextlib.contextmanager
def reporting(callback: Callable[[str], None]) -> Iterator[None]:
    """Within the block, ``step`` and ``count`` call ``callback(text)`` (in this thread's context; a worker
    process reports nothing)."""
    token = _REPORTER.set([callback, ""])
    try:
        yield
    finally:
        _REPORTER.reset(token)


class StatusLine:
    """A transient status line (a Rich spinner and the latest step, in a ``Live`` display) on a console, shown only when the
    work has taken ``DELAY_S`` seconds, so a command that finishes sooner prints nothing extra.

    Use as a context manager; ``update(text)`` is the reporter (``reporting(status.update)``). On leaving, the line is
    cleared (Rich's ``Live`` with ``transient=True``) before anything else is printed."""

    DELAY_S = 1.0

    def __init__(self, console, delay_s: float | None = None):
        self._console = console
        self._delay = self.DELAY_S if delay_s is None else delay_s
        self._text = ""
        self._status = None
        self._spinner = None
        self._closed = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def update(self, text: str) -> None:
        """Show ``text`` as the current step (starting the delay on the first step)."""
        with self._lock:
            if self._closed:
                return
            self._text = text
            if self._status is not None:
                self._spinner.update(text=self._renderable())
            elif self._timer is None:
                self._timer = threading.Timer(self._delay, self._show)
                self._timer.daemon = True
                self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if self._closed or self._status is not None:
                return
            from rich.live import Live
            from rich.spinner import Spinner

            # Live, not rich.status.Status: Status redirects stdout into the status console (stderr here), and a
            # command's output must stay on stdout; stderr lines (warnings) are still printed above the status line
            self._spinner = Spinner("dots", text=self._renderable())
            self._status = Live(self._spinner, console=self._console, transient=True, refresh_per_second=12.5,
                                redirect_stdout=False, redirect_stderr=True)
            self._status.start()

    def _renderable(self):
        """The step's text as plain text (``rich.text.Text``: never read as markup), cut to one line of the console
        (after the spinner and its space), as a wrapped line would not be cleared."""
        from rich.text import Text

        text = " ".join(self._text.split())
        room = max(10, self._console.width - 3)
        return Text(text if len(text) <= room else text[:room - 1] + "…")

    def __enter__(self) -> StatusLine:
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._status is not None:
                self._status.stop()
                self._status = None
