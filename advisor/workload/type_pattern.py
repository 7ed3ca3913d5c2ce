"""Instance-type patterns: the regular expression an ECS placement constraint ``attribute:ecs.instance-type =~ P``
holds a service's tasks to (``Service.instance_type_pattern``).

Amazon ECS Developer Guide, "Create expressions to define container instances for Amazon ECS tasks" (cluster query
language): the ``matches`` (``=~``) and ``not_matches`` (``!~``) operators take "an argument that conforms to the Java
regular expression syntax" (``java.util.regex.Pattern``). The page does not say whether the whole attribute value must
match; advisor matches the whole instance type name (``Matcher.matches``), so ``t3.*`` holds a task to t3 (and t3a)
types and ``m5`` alone matches no type.

Patterns are read with the ``regex`` library in its VERSION1 mode, which reads what Java's syntax adds to Python's
the way Java does: nested character classes (``[[mc]]5``) and class intersection (``[a-z&&[^c]]``), ``\\p{Lower}``.
Matching is bounded in time (``MATCH_TIMEOUT_S`` per name): a pattern that takes longer on one of the longest type
names, or more than ``MAX_SECONDS_PER_NAME`` of CPU time per name on average, is refused with the reason
(``check_type_pattern``), and one that spends more than ``MAX_SECONDS_PER_PATTERN`` of CPU time over all the names it
is matched against is refused when it does, so a pathological pattern cannot hang a comparison. No refusal rests on one
reading: the check takes the fastest of its passes, a match held past the timeout is tried again, and a pattern over
its CPU budget has its slowest match timed again, so a pause of a busy machine does not refuse an ordinary pattern.
"""

from __future__ import annotations

import re
import time
from functools import lru_cache

from advisor.errors import WorkloadError

#: The longest pattern accepted (characters).
MAX_PATTERN_LENGTH = 256
#: The longest a pattern may take to match one instance type name (seconds, wall time: the ``regex`` library's
#: timeout). A backstop against a match that never ends, far above an ordinary match's microseconds so that a loaded
#: machine holding the process off the CPU mid-match does not refuse an ordinary pattern; slow patterns are refused
#: by their CPU time (``MAX_SECONDS_PER_NAME``, ``MAX_SECONDS_PER_PATTERN``).
MATCH_TIMEOUT_S = 0.25
#: The longest a pattern may take per name on average over the trial names (seconds): an ordinary pattern takes
#: microseconds (a thousand times less), so this only refuses patterns that backtrack heavily on every name, and a
#: machine whose cores are shared (CPU time per instruction rises) does not refuse an ordinary one.
MAX_SECONDS_PER_NAME = 0.005
#: Passes over the trial names a pattern's time is the least of (a pause of the machine in one pass is not the
#: pattern's); a pattern under the limit in its first pass takes one.
TRIAL_PASSES = 3
#: Long and unusual instance type names a pattern is tried on when it is checked (EC2 type names are at most ~25
#: characters: u7in-32tb.224xlarge, c8gd.metal-48xl, ...).
_TRIAL_NAMES = ("u7in-32tb.224xlarge", "u7i-12tb.224xlarge", "c8gd.metal-48xl", "m7i-flex.8xlarge",
                "x2iedn.32xlarge", "r8i-flex.16xlarge", "g6e.48xlarge", "m5.large", "aaaaaaaaaaaaaaaaaaaaaaaaa",
                "a.a.a.a.a.a.a.a.a.a.a.a.a")


class TypePatternError(WorkloadError, ValueError):
    """A pattern advisor cannot use: its message says why (the caller names the field). A ``WorkloadError`` (exit
    code 2) where a comparison meets it, a ``ValueError`` where the workload model validates the field."""


def quoted(pattern: str) -> str:
    """A pattern in quotes for messages, its backslashes as written (``'c6i\\.large'``, not ``'c6i\\\\.large'``), so
    that it can be pasted back into a YAML single-quoted string."""
    return f'"{pattern}"' if "'" in pattern else f"'{pattern}'"


_JAVA_QUOTE = re.compile(r"\\Q(.*?)(?:\\E|$)", re.DOTALL)


def java_quotes(pattern: str) -> str:
    """Java's ``\\Q...\\E`` (everything between taken literally), which the ``regex`` library does not read, as the
    escaped text."""
    if "\\Q" not in pattern:
        return pattern
    import regex

    return _JAVA_QUOTE.sub(lambda m: regex.escape(m.group(1)), pattern)


@lru_cache(maxsize=256)
def _compiled(pattern: str):
    """``pattern`` compiled by the ``regex`` library (imported here: most workloads have no pattern, and every
    command would pay its import), Java's ``\\Q...\\E`` quoting read first."""
    import regex

    return regex.compile(java_quotes(pattern), flags=regex.VERSION1)


def check_type_pattern(pattern: str) -> str:
    """``pattern`` unchanged when it is a usable instance-type pattern; raises ``TypePatternError`` (a ValueError)
    saying why not: empty, longer than ``MAX_PATTERN_LENGTH``, not a regular expression, or slower to match than
    ``MATCH_TIMEOUT_S`` on a long instance type name."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise TypePatternError("must not be empty: give a regular expression such as 'm5.*' or "
                               "'c6i\\.(large|xlarge)'")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise TypePatternError(f"is {len(pattern)} characters long; at most {MAX_PATTERN_LENGTH}")
    import regex

    try:
        _compiled(pattern)
    except regex.error as exc:
        raise TypePatternError(f"{quoted(pattern)} is not a regular expression advisor can read ({exc}); write it with . "
                               "* + ? [...] | ( ) as in 'm5.*' or 'c6i\\.(large|xlarge)'") from None
    per_name = _seconds_per_name(pattern)
    for _ in range(TRIAL_PASSES - 1):  # the least of the passes; the first one under the limit settles it
        if per_name <= MAX_SECONDS_PER_NAME:
            break
        per_name = min(per_name, _seconds_per_name(pattern))
    if per_name > MAX_SECONDS_PER_NAME:
        raise TypePatternError(f"{quoted(pattern)} takes {per_name * 1000:.1f} ms to match one instance type name, too slow "
                               "for the ~1,300 types of the catalogue (it backtracks, as (.*){20} does); write it more "
                               "simply, e.g. 'm5.*' or '(m5|c5)\\..*'")
    return pattern


def _seconds_per_name(pattern: str) -> float:
    """CPU time (this thread's: ``time.thread_time``) one pass of ``pattern`` over the trial names takes, per name.
    CPU time, not wall time: a busy machine that holds the process off the CPU must not make an ordinary pattern look
    slow (``t3.*`` was refused at 2.9 ms per name on a loaded 2-core machine)."""
    compiled = _compiled(pattern)
    start = time.thread_time()
    for name in _TRIAL_NAMES:
        try:
            compiled.fullmatch(name, timeout=MATCH_TIMEOUT_S)
        except TimeoutError:
            type_matches(pattern, name)  # raises the error that names the pattern and the name
    return (time.thread_time() - start) / len(_TRIAL_NAMES)


#: CPU time one pattern may spend matching over every name it is matched against, in one process (seconds). The
#: check's trial names bound a pattern that backtracks on any name, but a pattern can skip them (a lookahead such as
#: ``(?!u7|c8|m7|x2|r8|g6|m5|a)`` ahead of nested quantifiers took 0.7 ms on the trial names, then 14 ms on each of
#: the catalogue's ~1,300 types: 15 s for one service, as many again for each service with another such pattern).
#: An ordinary pattern takes about 3 ms over the whole catalogue (2 microseconds a name).
MAX_SECONDS_PER_PATTERN = 0.5
#: ... and is refused only when its matches also took more than this on average (seconds), a hundred times an ordinary
#: pattern's: a long-running process that matches an ordinary pattern again and again (its memo full) never reaches it.
MAX_MEAN_SECONDS_PER_MATCH = 0.0002
_spent: dict[str, tuple[float, int]] = {}
#: Each pattern's slowest match so far: (CPU seconds, instance type name, how), timed again before a refusal.
_slowest: dict[str, tuple[float, str, str]] = {}


def _match(pattern: str, instance_type: str, how: str):
    """``_compiled(pattern).<how>(instance_type)`` within ``MATCH_TIMEOUT_S`` of wall time, tried twice before its
    ``TimeoutError`` is raised: a machine that holds the process off the CPU for that long mid-match is not the
    pattern's fault."""
    compiled = _compiled(pattern)
    try:
        return getattr(compiled, how)(instance_type, timeout=MATCH_TIMEOUT_S)
    except TimeoutError:
        return getattr(compiled, how)(instance_type, timeout=MATCH_TIMEOUT_S)


def _cpu_seconds(pattern: str, instance_type: str, how: str) -> float:
    """CPU time one match takes, the least of two (``TimeoutError`` as ``_match``)."""
    took = []
    for _ in range(2):
        start = time.thread_time()
        _match(pattern, instance_type, how)
        took.append(time.thread_time() - start)
    return min(took)


def _timed(pattern: str, instance_type: str, how: str):
    """``_match(pattern, instance_type, how)``, its CPU time added to the pattern's; ``TypePatternError`` once the
    pattern has spent more than ``MAX_SECONDS_PER_PATTERN`` in all, at more than ``MAX_MEAN_SECONDS_PER_MATCH`` a
    match, and its slowest match, timed again, still takes more than that: a refusal is never one reading's (a
    pause of the machine counted as the pattern's time refused '[a-z&&[^t]]+\\d\\..*' once, on a loaded machine)."""
    start = time.thread_time()
    found = _match(pattern, instance_type, how)  # a TimeoutError goes to the caller, which names the pattern
    took = time.thread_time() - start
    spent, calls = _spent.get(pattern, (0.0, 0))
    spent, calls = _spent[pattern] = (spent + took, calls + 1)
    if took > _slowest.get(pattern, (-1.0,))[0]:
        _slowest[pattern] = (took, instance_type, how)
    if spent > MAX_SECONDS_PER_PATTERN and spent / calls > MAX_MEAN_SECONDS_PER_MATCH:
        _confirm_slow(pattern)
    return found


def _confirm_slow(pattern: str) -> None:
    """``TypePatternError`` when ``pattern``'s slowest match, timed again, takes more than
    ``MAX_MEAN_SECONDS_PER_MATCH``; else the time it has spent was the machine's, and its count starts again."""
    _, name, how = _slowest[pattern]
    try:
        slow = _cpu_seconds(pattern, name, how) > MAX_MEAN_SECONDS_PER_MATCH
    except TimeoutError:
        slow = True
    if not slow:
        _spent[pattern] = (0.0, 0)
        _slowest.pop(pattern, None)
        return
    raise TypePatternError(
        f"{quoted(pattern)} has taken more than {MAX_SECONDS_PER_PATTERN:g} s of CPU time to match the catalogue's "
        "instance type names (it backtracks on them, as nested quantifiers such as (.?){40}(.?){40} do); write it more "
        "simply, e.g. 'm5.*' or '(m5|c5)\\..*'")


@lru_cache(maxsize=65536)
def type_matches(pattern: str, instance_type: str) -> bool:
    """Whether ``instance_type`` (e.g. ``"m5.large"``) matches ``pattern`` as a whole (``Matcher.matches``); memoised.
    Raises ``TypePatternError`` when one match takes longer than ``MATCH_TIMEOUT_S``, or the pattern's matches
    together more than ``MAX_SECONDS_PER_PATTERN`` of CPU time."""
    try:
        return _timed(pattern, instance_type, "fullmatch") is not None
    except TimeoutError:
        raise TypePatternError(f"{quoted(pattern)} takes more than {MATCH_TIMEOUT_S:g} s to match one instance type name "
                               f"({instance_type!r}): a pattern that backtracks this much (as (.*)* or "
                               "(a|aa)*) is refused; write it more simply, e.g. 'm5.*' or '(m5|c5)\\..*'") from None


def type_matches_part(pattern: str, instance_type: str) -> bool:
    """Whether ``pattern`` matches a part of ``instance_type`` (``Matcher.find``): for the hint when it matches no
    whole name. False when the match takes too long (``type_matches`` has said why)."""
    try:
        return _timed(pattern, instance_type, "search") is not None
    except (TimeoutError, TypePatternError):
        return False


def both(first: str, second: str) -> str:
    """One pattern a name matches only when it matches both ``first`` and ``second`` as a whole (two ``=~`` clauses
    joined by ``and``): a lookahead, which Java reads the same way."""
    return f"(?=(?:{first})$)(?:{second})"
