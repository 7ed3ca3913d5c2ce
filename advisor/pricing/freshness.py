"""How old are the prices a result rests on? Staleness warnings for ``compare`` and ``pricing show``.

The limit is ``--max-age-days`` or ``$ADVISOR_MAX_PRICE_AGE_DAYS`` (default 365 days). A price's age is
counted from its ``as_of`` date: the date it was last **confirmed** (the day ``advisor pricing fetch`` read it
from AWS, or the newest dated source stating it for bundled rows), not the date AWS last changed it. A run
gets at most one summarised warning line.
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
    elif os.environ.get(ENV_MAX_AGE, "").strip():  # blank, as unset (as every ADVISOR_* variable)
        raw, where = os.environ[ENV_MAX_AGE], f"${ENV_MAX_AGE}"
    else:
        return DEFAULT_MAX_AGE_DAYS
    text = raw.strip() if isinstance(raw, str) else raw
    if isinstance(text, str) and not (text.isascii() and text.isdigit()):
        days = -1  # int() also reads '1_0' as 10 and '٣' as 3, which $ADVISOR_WORKERS refuses: ASCII digits only
    else:
        try:
            days = int(text)
        except (TypeError, ValueError):
            days = -1
    if days < 0:
        example = "--max-age-days 180" if where.startswith("--") else f"{ENV_MAX_AGE}=180, or unset it"
        raise AdvisorError(f"{where} is {raw!r}; it must be a whole number of days >= 0 in the digits 0-9 (default "
                           f"{DEFAULT_MAX_AGE_DAYS}). Example: {example}.")
    return days


def _lines(obj) -> Iterable:
    """The lines whose prices a result rests on: of a ``Comparison``, those of the platforms it prices in full (a
    platform with services left unpriced shows no total, so the age of its prices is not what the result rests on;
    none in full: every platform's, so a wholly unpriced result still says how old what it has is)."""
    if hasattr(obj, "estimates"):
        full = [est for est in obj.estimates if est.complete] or obj.estimates
        return [line for est in full for line in est.lines]
    return obj


def stale_warnings(comparison_or_lines, max_age_days: int | None = None, today: date | None = None,
                   region: str | None = None) -> list[str]:
    """At most one warning line summarising the prices older than the limit, for a ``Comparison`` or an
    iterable of line items (objects or dicts with ``as_of``, ``source`` and ``name``).

    The line counts the stale prices (distinct ``as_of`` and ``source``) and the lines using them, names the
    oldest confirmation date and its source, and gives the command that confirms them again. Empty list when
    every price was confirmed within ``max_age_days``.
    """
    limit = resolve_max_age_days(max_age_days)
    region = region or getattr(getattr(comparison_or_lines, "workload", None), "region", None)
    today = today or date.today()
    ages: dict[str, int | None] = {}  # a compare of 10,000 services has 70,000 lines and a handful of dates
    groups: dict[tuple[str, str], dict[str, None]] = {}  # (as_of, source) -> names in first-seen order
    fargate_spot = other = False  # which kinds of stale prices: Fargate Spot rates, which fetch cannot confirm
    for line in _lines(comparison_or_lines):
        as_of = (line.get("as_of") if isinstance(line, dict) else getattr(line, "as_of", "")) or ""
        age = ages[as_of] if as_of in ages else ages.setdefault(as_of, age_days(as_of, today))
        if age is None or age <= limit:
            continue  # most lines: read no other field
        get = line.get if isinstance(line, dict) else (lambda k, _l=line: getattr(_l, k, ""))
        if get("purchase_option") == "spot" and not get("instance_type"):
            fargate_spot = True  # a Fargate Spot line (EC2 Spot lines name their instance type)
        else:
            other = True
        names = groups.setdefault((as_of, get("source") or ""), {})
        name = get("name") or ""
        if name:
            names[name] = None
    if not groups:
        return []
    (oldest, source), _ = min(groups.items())
    names = list(dict.fromkeys(n for ns in groups.values() for n in ns))
    what = "; ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")  # names hold commas
    hint = f"advisor pricing fetch --region {region}" if region else "advisor pricing fetch --region REGION"
    short = source if len(source) <= 90 else source[:87] + "..."
    sources = f"{len(groups)} source{'' if len(groups) == 1 else 's'}"  # (date, source) pairs, not rates
    # Fargate Spot rates are not in AWS's price list files: 'advisor pricing fetch' cannot confirm them, so the
    # warning would come back after the fetch it asks for (docs/pricing-refresh.md, "Adding a Fargate Spot rate")
    spot = (f"the Fargate Spot rates {'among them ' if other else ''}are not in AWS's price list files, so "
            "'advisor pricing fetch' cannot confirm them: add a dated row with the current rate to fargate_rates.csv "
            "in the user data directory ($ADVISOR_DATA_DIR; docs/pricing-refresh.md, 'Adding a Fargate Spot rate')")
    how = (f"Confirm them with '{hint}' (no credentials needed)" + (f"; {spot}" if fargate_spot else "")) if other \
        else spot[:1].upper() + spot[1:]
    return [(f"Prices used by {what or 'some lines'} ({sources}) were last confirmed over {limit} "
             f"day{'' if limit == 1 else 's'} ago (oldest "
            f"{age_days(oldest, today)} days, {oldest}: {short}). {how}; "
            f"--max-age-days or ${ENV_MAX_AGE} sets the limit.")]
