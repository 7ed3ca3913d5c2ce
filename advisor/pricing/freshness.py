"""How old are the prices a result rests on? Staleness warnings for ``compare`` and ``pricing show``.

The limit is ``--max-age-days`` or ``$ADVISOR_MAX_PRICE_AGE_DAYS`` (default 365 days). A price's age is
counted from its ``as_of`` date (the offer's publication date for refreshed/imported rows).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date

from advisor.errors import AdvisorError

ENV_MAX_AGE = "ADVISOR_MAX_PRICE_AGE_DAYS"
DEFAULT_MAX_AGE_DAYS = 365


def age_days(as_of: str | None, today: date | None = None) -> int | None:
    """Days between ``as_of`` (ISO date or timestamp) and today; None when it is not a date."""
    try:
        d = date.fromisoformat(str(as_of)[:10])
    except ValueError:
        return None
    return ((today or date.today()) - d).days


def resolve_max_age_days(value: int | None = None) -> int:
    """The option's value, else ``$ADVISOR_MAX_PRICE_AGE_DAYS``, else 365. Invalid values raise AdvisorError."""
    if value is not None:
        raw, where = value, "--max-age-days"
    elif os.environ.get(ENV_MAX_AGE):
        raw, where = os.environ[ENV_MAX_AGE], f"${ENV_MAX_AGE}"
    else:
        return DEFAULT_MAX_AGE_DAYS
    try:
        days = int(raw)
    except (TypeError, ValueError):
        days = -1
    if days < 0:
        raise AdvisorError(f"{where} is {raw!r}; it must be a whole number of days >= 0 (default "
                           f"{DEFAULT_MAX_AGE_DAYS}). Example: --max-age-days 180.")
    return days


def _lines(obj) -> Iterable:
    if hasattr(obj, "estimates"):
        return [line for est in obj.estimates for line in est.lines]
    return obj


def stale_warnings(comparison_or_lines, max_age_days: int | None = None, today: date | None = None,
                   region: str | None = None) -> list[str]:
    """One warning per (as_of, source) older than the limit, for a ``Comparison`` or an iterable of line
    items (objects or dicts with ``as_of``, ``source`` and ``name``). Sorted by date, oldest first."""
    limit = resolve_max_age_days(max_age_days)
    region = region or getattr(getattr(comparison_or_lines, "workload", None), "region", None)
    groups: dict[tuple[str, str], list[str]] = {}
    for line in _lines(comparison_or_lines):
        get = line.get if isinstance(line, dict) else (lambda k, _l=line: getattr(_l, k, ""))
        as_of, source, name = get("as_of") or "", get("source") or "", get("name") or ""
        age = age_days(as_of, today)
        if age is None or age <= limit:
            continue
        names = groups.setdefault((as_of, source), [])
        if name and name not in names:
            names.append(name)
    hint = f"advisor pricing refresh --region {region}" if region else "advisor pricing refresh"
    out = []
    for (as_of, source), names in sorted(groups.items()):
        age = age_days(as_of, today)
        what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out.append(f"prices for {what or 'some lines'} are {age} days old (as_of {as_of}, limit {limit} days; "
                   f"source: {source}). Run '{hint}' (AWS credentials needed) or 'advisor pricing import-offer FILE'; "
                   f"set --max-age-days or ${ENV_MAX_AGE} to change the limit.")
    return out
