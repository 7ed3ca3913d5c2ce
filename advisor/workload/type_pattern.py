"""Instance-type patterns: the regular expression an ECS placement constraint ``attribute:ecs.instance-type =~ P``
holds a service's tasks to (``Service.instance_type_pattern``).

Amazon ECS Developer Guide, "Create expressions to define container instances for Amazon ECS tasks" (cluster query
language): the ``matches`` (``=~``) and ``not_matches`` (``!~``) operators take "an argument that conforms to the Java
regular expression syntax" (``java.util.regex.Pattern``). The page does not say whether the whole attribute value must
match; advisor matches the whole instance type name (``Matcher.matches``, Python's ``re.fullmatch``), so ``t3.*``
holds a task to t3 (and t3a) types and ``m5`` alone matches no type. The common syntax (``.``, ``*``, ``+``, ``?``,
``[...]``, ``|``, groups, ``\\.``, ``\\d``, ``{m,n}``) is the same in Java and Python; a pattern Python cannot
compile is refused with the reason.

A repeated group that itself repeats or alternates (``(a*)*``, ``(a|b)+``) can take exponential time in a
backtracking engine, so it is refused: such a pattern is never needed to name instance types.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: The longest pattern accepted (characters).
MAX_PATTERN_LENGTH = 256

_QUANTIFIERS = "*+?{"


def check_type_pattern(pattern: str) -> str:
    """``pattern`` unchanged when it is a usable instance-type pattern; raises ``ValueError`` saying why not (empty,
    too long, not a regular expression Python's ``re`` compiles, or a repeated group that repeats or alternates)."""
    if not pattern or not pattern.strip():
        raise ValueError("must not be empty: give a regular expression such as 'm5.*' or 'c6i\\.(large|xlarge)'")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"is {len(pattern)} characters long; at most {MAX_PATTERN_LENGTH}")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"{pattern!r} is not a regular expression advisor can read ({exc}); write it with . * + ? "
                         "[...] | ( ) as in 'm5.*' or 'c6i\\.(large|xlarge)'") from None
    if _repeats_a_repeat(pattern):
        raise ValueError(f"{pattern!r} repeats a group that itself repeats or alternates (as (a*)* or (a|b)+), which "
                         "can take exponential time to match; write it without, e.g. '(m5|c5)\\..*' or list the types "
                         "in instance_types")
    return pattern


def _repeats_a_repeat(pattern: str) -> bool:
    """Whether a group holding a quantifier or an alternation is itself quantified (escapes and [...] classes
    skipped)."""
    stack: list[bool] = []  # per open group: holds a quantifier or |
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a character class: up to its closing ] (a ] first in the class is literal)
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            stack.append(False)
        elif c == ")":
            inner = stack.pop() if stack else False
            if inner and i + 1 < n and pattern[i + 1] in _QUANTIFIERS:
                return True
            if stack:
                stack[-1] = stack[-1] or inner
        elif c in _QUANTIFIERS or c == "|":
            if c == "?" and i > 0 and pattern[i - 1] == "(":  # (?: (?= ... : a group's flags, not a quantifier
                pass
            elif stack:
                stack[-1] = True
        i += 1
    return False


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def type_matches(pattern: str, instance_type: str) -> bool:
    """Whether ``instance_type`` (e.g. ``"m5.large"``) matches ``pattern`` as a whole (``Matcher.matches``)."""
    return _compiled(pattern).fullmatch(instance_type) is not None


def both(first: str, second: str) -> str:
    """One pattern a name matches only when it matches both ``first`` and ``second`` as a whole (two ``=~`` clauses
    joined by ``and``): a lookahead, which Java and Python both read."""
    return f"(?=(?:{first})$)(?:{second})"
