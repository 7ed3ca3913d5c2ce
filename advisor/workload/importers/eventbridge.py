"""How often an EventBridge schedule runs: ``rate(...)``, ``cron(...)`` and (EventBridge Scheduler) ``at(...)``
expressions read into an average number of runs a month, for the ECS tasks that EventBridge rules and EventBridge
Scheduler schedules start (the CloudFormation and Terraform importers, ``advisor.workload.importers.iac``).

The rules, each from the AWS document that states it:

* ``rate(value unit)``: "value: A positive number"; unit ``minute | minutes | hour | hours | day | days``; for a
  rule "If the value is equal to 1, then the unit must be singular. If the value is greater than 1, the unit must
  be plural. For example, rate(1 hours) and rate(5 hour) aren't valid" (Amazon EventBridge User Guide, "Rate
  expressions reference"). EventBridge Scheduler lists the same six units without that rule (EventBridge Scheduler
  API Reference, CreateSchedule ``ScheduleExpression``: "a unit with the following options: minute | minutes |
  hour | hours | day | days"; the Terraform AWS provider's own ``aws_scheduler_schedule`` example is
  ``rate(1 hours)``), so a schedule's unit is not held to its number. A rate runs every ``value`` units all month:
  ``HOURS_PER_MONTH x 60 / minutes`` runs (rate(5 minutes) = ``HOURS_PER_MONTH`` x 12).
* ``cron(minutes hours day-of-month month day-of-week year)``: six fields (Amazon EventBridge User Guide, "Cron
  expressions reference"): minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or
  SUN-SAT (1 is Sunday, 7 Saturday), year 1970-2199; wildcards ``,`` ``-`` ``*`` ``/`` in every field, ``?`` in
  the two day fields, ``L`` and ``W`` in day-of-month, ``L`` and ``#`` in day-of-week. "You can't specify the
  Day-of-month and Day-of-week fields in the same cron expression. If you specify a value (or a *) in one of the
  fields, you must use a ? (question mark) in the other." ``L`` is the last day of the month (day-of-month) or of
  the week (day-of-week, alone: Saturday; ``5L``: the month's last Thursday); ``3W`` the weekday nearest the 3rd
  (within the month); ``LW`` the month's last weekday; ``3#2`` the second Tuesday ("If using '#' character, you can
  only define one expression in the day-of-week field"). These wildcards stand alone in their field. ``a/n`` steps
  from ``a`` to the field's end; a range whose end is below its start wraps (``FRI-MON``, ``22-2``), as the Quartz
  cron this syntax comes from reads it, except in the year field, where Quartz refuses it ("Start year must be less
  than stop year") and so does advisor. Names are read in any case. All times are UTC (EventBridge Scheduler:
  ``ScheduleExpressionTimezone``, which moves the runs but does not change how many there are).
* ``at(yyyy-mm-ddThh:mm:ss)`` (EventBridge Scheduler only): "one-time schedules that invoke a target once"
  (CreateSchedule ``ScheduleExpression``).

Counting runs a month follows the Kubernetes importer's CronJob rule (``advisor.workload.importers.k8s``
``runs_per_month``), with its calendar (``calendar_days``): a cron that fires every day, or on fixed days of the week,
in every month and year, recurs with the clock and is counted in advisor's month of ``HOURS_PER_MONTH`` hours
(``HOURS_PER_MONTH / 24`` days, ``/ 168`` weeks: cron(0 12 ? * MON-FRI *) runs 5 x ``HOURS_PER_MONTH`` / 168 times, as a
CronJob ``0 12 * * 1-5`` does); one tied to the calendar (days of the month, months, L, W, #) is counted against the
real calendar over the 400-year Gregorian cycle (the 31st: 7/12 a month; 29 February: 97/4,800). A year field that
names some years only is counted from the as-of moment on (``today``: the date given with ``--as-of``, from 00:00 UTC,
else now): its runs still to come, against the calendar, over the months still to come in those years (the month
under way by the part of it left), averaged over those months, or, when less than a month is left, all of them in
one month, with a note that says when it stops and what the figure is; one with no run left (its years past, or the
runs of this year behind the moment) never runs again. A one-time ``at`` schedule runs once: priced as one run (the
month it runs), or never when its time is before the as-of moment. An EventBridge Scheduler schedule's EndDate
(CreateSchedule: "The date, in UTC, before which the schedule can invoke its target") limits it as a year field does:
its runs from max(StartDate, the as-of moment) up to the EndDate, to the second, over the calendar months between
(``_window_runs``); a ``rate`` counts from its StartDate, else the as-of moment.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

from advisor.units import HOURS_PER_MONTH, grouped, is_whole_number_text
from advisor.workload.importers.k8s import _CYCLE_START, _CYCLE_YEARS, _allow_peak, calendar_days

#: Cron field bounds (Amazon EventBridge User Guide, "Cron expressions reference").
YEAR_MIN, YEAR_MAX = 1970, 2199
_MONTHS = {m.upper(): i for i, m in enumerate(calendar.month_abbr) if m}
_DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}  # AWS: 1 is Sunday, 7 Saturday
_FIELDS = (("minutes", 0, 59, None), ("hours", 0, 23, None), ("day-of-month", 1, 31, None),
           ("month", 1, 12, _MONTHS), ("day-of-week", 1, 7, _DAYS), ("year", YEAR_MIN, YEAR_MAX, None))
_RATE_UNITS = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 1440, "days": 1440}
_RATE = re.compile(r"rate\(([^ )]*) +([^ )]*)\)")
_AT = re.compile(r"at\(([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\)")

#: What a valid expression looks like, for messages.
RATE_SYNTAX = ("rate(VALUE UNIT): a whole number of 1 or more and minute, minutes, hour, hours, day or days "
               "(singular only for 1: rate(1 hour), rate(5 minutes))")
CRON_SYNTAX = ("cron(MINUTES HOURS DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR): six fields, minutes 0-59, hours 0-23, "
               "day-of-month 1-31 (or L, LW, 15W), month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (1 is Sunday; "
               "or L, 6L, 2#1), year 1970-2199 or *; each field a value, a list 'a,b', a range 'a-b', '*' or a step "
               "'*/n' or 'a/n'; one of day-of-month and day-of-week must be '?', e.g. cron(0 2 * * ? *) (02:00 UTC "
               "every day) or cron(0 12 ? * MON-FRI *)")
AT_SYNTAX = "at(yyyy-mm-ddThh:mm:ss), e.g. at(2030-01-31T02:00:00) (EventBridge Scheduler only: one run)"


class ScheduleExpressionError(ValueError):
    """An expression EventBridge refuses; the message says what is wrong (the caller adds where, and what is valid)."""


@dataclass(frozen=True)
class ScheduleRuns:
    """How often a schedule runs: ``runs_per_month`` (0: it never runs again) and how that was counted (``how``:
    a clause for a note, e.g. "1 run a day x HOURS_PER_MONTH / 24 days", with the figure); ``limited`` says when it stops or runs once."""

    expression: str
    runs_per_month: float
    how: str
    limited: str | None = None


def schedule_runs(expression: object, *, scheduler: bool = False,
                  today: dt.date | dt.datetime | None = None, start: dt.datetime | None = None,
                  end: dt.datetime | None = None) -> ScheduleRuns:
    """Average runs a month of an EventBridge rule's (``scheduler`` False) or EventBridge Scheduler schedule's
    (``scheduler`` True) schedule expression (module docstring); ``ScheduleExpressionError`` when AWS would refuse
    it. ``today`` is the as-of moment (UTC; a date is its 00:00; default: now): runs of a year field, and ``at``
    times, before it are past. ``start`` / ``end`` (naive UTC) are an EventBridge Scheduler schedule's StartDate /
    EndDate (CreateSchedule: "The date, in UTC, after which the schedule can begin invoking its target" / "before
    which the schedule can invoke its target"; ignored for ``at``): with an ``end``, the runs from max(start, as-of
    moment) up to the end are counted, averaged over the months between (``_window_runs``)."""
    if not isinstance(expression, str) or len(expression) > 256:
        raise ScheduleExpressionError("it is not a schedule expression (a string of at most 256 characters such as "
                                      "'rate(5 minutes)' or 'cron(0 2 * * ? *)')")
    text = expression.strip()
    now = _moment(today)
    if text.startswith("rate("):
        rate = _rate(text, scheduler)
        if scheduler and end is not None:
            value, unit = _RATE.fullmatch(text).groups()  # type: ignore[union-attr]  # _rate has checked it
            every = int(value) * _RATE_UNITS[unit]
            return _window_runs(text, now, start, end, lambda lo, hi: _rate_runs(every, start or now, lo, hi))
        return rate
    if text.startswith("cron("):
        if not text.endswith(")"):
            raise ScheduleExpressionError("a cron expression ends with ')'")
        runs = _cron(text, text[5:-1], now)
        if scheduler and end is not None:
            return _window_runs(text, now, start, end, _cron_counter(text[5:-1]))
        return runs
    if text.startswith("at("):
        if not scheduler:
            raise ScheduleExpressionError("an at() expression is EventBridge Scheduler's (AWS::Scheduler::Schedule, "
                                          "aws_scheduler_schedule); an EventBridge rule takes rate() or cron() only")
        return _at(text, now)
    lower = text.lower()
    if lower.startswith(("rate(", "cron(", "at(")):
        raise ScheduleExpressionError(f"write {lower.split('(')[0]}( in lower case, as AWS does")
    raise ScheduleExpressionError("it is neither rate(...) nor cron(...)" + (" nor at(...)" if scheduler else ""))


def _rate(text: str, scheduler: bool) -> ScheduleRuns:
    m = _RATE.fullmatch(text)
    if not m:
        raise ScheduleExpressionError("a rate expression is rate(VALUE UNIT), the two separated by a space")
    value, unit = m.groups()
    if not is_whole_number_text(value) or int(value) < 1 or len(value) > 9:
        raise ScheduleExpressionError(f"the value {value!r} is not a whole number from 1 to 999,999,999 written in the "
                                      "digits 0-9")
    if unit not in _RATE_UNITS:
        raise ScheduleExpressionError(f"the unit {unit!r} is not one of minute, minutes, hour, hours, day, days")
    n = int(value)
    if not scheduler and (n == 1) != (not unit.endswith("s")):
        fixed = unit.rstrip("s") if n == 1 else unit + "s"
        raise ScheduleExpressionError(f"the unit must be singular for 1 and plural above it (EventBridge refuses "
                                      f"rate(1 hours) and rate(5 hour)): write rate({n} {fixed})")
    minutes = n * _RATE_UNITS[unit]
    runs = HOURS_PER_MONTH * 60 / minutes
    return ScheduleRuns(text, runs, f"every {n} {unit}: {HOURS_PER_MONTH:g} h x 60 / {minutes:g} min")


def _rate_runs(every: int, anchor: dt.datetime, lo: dt.datetime, hi: dt.datetime) -> int:
    """Runs of a rate of ``every`` minutes, at ``anchor`` + k x ``every`` (EventBridge Scheduler starts a rate
    schedule at its StartDate, else when it is created: the as-of moment stands for that), from ``lo`` (included) to
    ``hi`` (excluded)."""
    step = every * 60
    first = -(-_seconds(lo - anchor) // step)  # ceil
    stop = -(-_seconds(hi - anchor) // step)
    return max(0, stop - max(first, 0))


def _seconds(delta: dt.timedelta) -> int:
    """A timedelta in whole seconds, rounded down (times are compared to the second)."""
    return delta.days * 86400 + delta.seconds


def _cron_counter(body: str):
    """A function (lo, hi) -> the runs of cron(``body``) (already checked by ``_cron``) from ``lo`` (included) to
    ``hi`` (excluded), counted day by day against the calendar (whole 400-year Gregorian cycles at a time when its
    year field is ``*``); its attribute ``years`` is the years its year field allows (None: every year)."""
    mins, hours, _dom_f, months, _dow_f, years = body.split()
    mins_v, hours_v = _values(mins, *_FIELDS[0]), _values(hours, *_FIELDS[1])
    months_v = _values(months, *_FIELDS[3])
    years_v = None if years == "*" else frozenset(_values(years, *_FIELDS[5]))
    day = _dom(_dom_f) if _dom_f != "?" else _dow(_dow_f)
    times = sorted(dt.time(h, m) for h in hours_v for m in mins_v)
    months_s = frozenset(months_v)
    cycle = dt.timedelta(days=146_097)

    def count(lo: dt.datetime, hi: dt.datetime) -> int:
        n = 0
        if years_v is None:
            per_cycle = len(times) * _cycle_days(day, months_s)
            while hi - lo > cycle + dt.timedelta(days=2):
                n += per_cycle
                lo += cycle
        d = lo.date()
        while d <= hi.date() and dt.datetime.combine(d, dt.time()) < hi:
            if d.month in months_s and (years_v is None or d.year in years_v):
                first, ndays = calendar.monthrange(d.year, d.month)
                first = (first + 1) % 7
                if day.matches(d.day, (first + d.day - 1) % 7, ndays, first):
                    if d == lo.date() or d == hi.date():
                        n += sum(lo <= dt.datetime.combine(d, t) < hi for t in times)
                    else:
                        n += len(times)
            if d == dt.date.max:  # an EndDate in 9999-12-31
                break
            d += dt.timedelta(days=1)
        return n

    count.years = years_v  # type: ignore[attr-defined]
    return count


def _months_between(lo: dt.datetime, hi: dt.datetime) -> float:
    """Calendar months from ``lo`` to ``hi``, a month that is partly in counted by its part (as the year-field rule
    counts the month under way)."""
    def index(t: dt.datetime) -> float:
        ndays = calendar.monthrange(t.year, t.month)[1]
        return t.year * 12 + t.month - 1 + (t - dt.datetime(t.year, t.month, 1)) / dt.timedelta(days=ndays)
    return max(index(hi) - index(lo), 0.0)


def _window_runs(text: str, now: dt.datetime, start: dt.datetime | None, end: dt.datetime, count) -> ScheduleRuns:
    """The runs of an EventBridge Scheduler schedule with an EndDate, from max(StartDate, the as-of moment) up to its
    EndDate ("The date, in UTC, before which the schedule can invoke its target": a run at the EndDate itself is
    not counted), over the calendar months between (the year-field rule's average; a month or less: all of them in
    one month). A cron year field narrows the window to its years."""
    lo = max(start or now, now)
    hi = end
    years = getattr(count, "years", None)
    if years is not None:
        lo = max(lo, dt.datetime(min(years), 1, 1))
        hi = min(hi, dt.datetime(max(years) + 1, 1, 1))
    n = count(lo, hi) if hi > lo else 0
    stop = _shown(min(end, hi)) + (f" (its year field's last year; its end is {_shown(end)})" if hi < end else "")
    if n == 0:
        return ScheduleRuns(text, 0.0, "never", f"no run of it falls from {_shown(max(start or now, now))} up to its "
                                                f"end, {stop}, so it never runs again")
    months = _months_between(lo, hi)
    runs = n / max(months, 1.0)
    n_runs = f"{n:,} run{'s' if n != 1 else ''}"
    span = f"from {_shown(lo)} up to {_shown(hi)}"
    figure = (f"priced at their average month, {n:,} / {months:.4g} = {grouped(runs)} runs" if months > 1 + 1e-9 else
              f"a month or less, so {'they are' if n != 1 else 'it is'} priced in one month: {runs:g} "
              f"run{'s' if n != 1 else ''}")
    return ScheduleRuns(text, runs, f"{n_runs} {span} / {max(months, 1):.4g} month{'s' if max(months, 1) != 1 else ''}",
                        f"it ends at {stop}: {n_runs} {'fall' if n != 1 else 'falls'} {span}, over {months:.4g} "
                        f"month{'s' if months != 1 else ''} (a month partly in counted by its part); {figure}; it "
                        f"stops at {stop}")


def peak_runs(expression: str, minutes: float) -> int:
    """The most runs of ``minutes`` each going at once when every firing starts one (EventBridge calls RunTask at
    every tick whether or not the last run has ended), worked out from the firing times as the Kubernetes importer
    does for a CronJob under Allow (``k8s._allow_peak``): a rate of ``every`` minutes, ceil(minutes / every); a cron,
    its times of day over its firing days (a week for one that recurs with the clock, the 400-year Gregorian cycle
    for one tied to the calendar, its own years for a year field); ``at``, 1. ``expression`` is one
    ``schedule_runs`` has read (valid)."""
    text = expression.strip()
    if text.startswith("rate("):
        value, unit = _RATE.fullmatch(text).groups()  # type: ignore[union-attr]
        return max(1, math.ceil(minutes / (int(value) * _RATE_UNITS[unit]) - 1e-9))
    if not text.startswith("cron("):
        return 1
    mins, hours, dom, months, dow, years = text[5:-1].split()
    t = tuple(sorted(h * 60 + m for h in _values(hours, *_FIELDS[1]) for m in _values(mins, *_FIELDS[0])))
    day = _dom(dom) if dom != "?" else _dow(dow)
    months_v = frozenset(_values(months, *_FIELDS[3]))
    if years == "*" and len(months_v) == 12 and day.weekdays is not None:
        days, period = tuple(sorted(day.weekdays)), 7  # cron's Sunday = 0 ... Saturday = 6: consecutive days
    else:
        years_v = tuple(range(_CYCLE_START, _CYCLE_START + _CYCLE_YEARS)) if years == "*" else \
            tuple(_values(years, *_FIELDS[5]))
        days = _firing_days(day, months_v, years_v)
        # the cycle repeats; a year field's years do not (a period long enough that nothing wraps)
        period = 146_097 if years == "*" else days[-1] + 2 + math.ceil(minutes / 1440) if days else 1
    if not days:
        return 1
    return max(1, _allow_peak(t, days, period, minutes))


@functools.lru_cache(maxsize=64)
def _firing_days(day: _Days, months: frozenset[int], years: tuple[int, ...]) -> tuple[int, ...]:
    """The days (0 = 1 January of ``years[0]``) in ``months`` of ``years`` on which a cron fires."""
    out: list[int] = []
    base = dt.date(years[0], 1, 1)
    for year in years:
        for month in sorted(months):
            first, ndays = calendar.monthrange(year, month)
            first = (first + 1) % 7
            start = (dt.date(year, month, 1) - base).days
            out += [start + d - 1 for d in range(1, ndays + 1) if day.matches(d, (first + d - 1) % 7, ndays, first)]
    return tuple(out)


def _moment(today: dt.date | dt.datetime | None) -> dt.datetime:
    """The as-of moment as a naive UTC datetime: a datetime as it is (converted to UTC when it has a zone), a date at
    its 00:00, None now."""
    if isinstance(today, dt.datetime):
        return today.astimezone(dt.timezone.utc).replace(tzinfo=None) if today.tzinfo else today
    if isinstance(today, dt.date):
        return dt.datetime.combine(today, dt.time())
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _at(text: str, now: dt.datetime) -> ScheduleRuns:
    m = _AT.fullmatch(text)
    if not m:
        raise ScheduleExpressionError(f"a one-time schedule is {AT_SYNTAX}")
    y, mo, d, h, mi, s = map(int, m.groups())
    try:
        when = dt.datetime(y, mo, d, h, mi, s)
    except ValueError as exc:
        raise ScheduleExpressionError(f"{text[3:-1]} is not a date and time ({exc})") from None
    if when < now:
        return ScheduleRuns(text, 0.0, "once, in the past", f"its one run, at {when.isoformat()}, is before "
                            f"{_shown(now)}: it has passed")
    return ScheduleRuns(text, 1.0, "once", f"it runs once, at {when.isoformat()}: priced as that one run in a month")


def _cron(text: str, body: str, now: dt.datetime) -> ScheduleRuns:
    fields = body.split()
    if len(fields) != 6:
        raise ScheduleExpressionError(f"it has {len(fields)} field{'s' if len(fields) != 1 else ''}, not the six "
                                      "EventBridge expects (minutes hours day-of-month month day-of-week year)")
    mins, hours, dom, months, dow, years = fields
    mins_v = _values(mins, *_FIELDS[0])
    hours_v = _values(hours, *_FIELDS[1])
    months_v = _values(months, *_FIELDS[3])
    years_v = _values(years, *_FIELDS[5])
    if (dom == "?") == (dow == "?"):
        raise ScheduleExpressionError(
            "one of day-of-month and day-of-week must be '?' and the other not (\"If you specify a value (or a *) in "
            f"one of the fields, you must use a ? in the other\"): got {dom!r} and {dow!r}; write e.g. "
            f"cron({mins} {hours} {dom if dom != '?' else '*'} {months} ? {years})")
    day = _dom(dom) if dom != "?" else _dow(dow)
    per_day = len(mins_v) * len(hours_v)
    all_years = years == "*"
    if all_years and len(months_v) == 12 and day.weekdays is not None:
        # every day, or fixed days of the week, in every month and year: with the clock (module docstring)
        n = len(day.weekdays)
        runs = per_day * n * HOURS_PER_MONTH / 168
        every = (f"x {HOURS_PER_MONTH / 24:.4g} days ({HOURS_PER_MONTH:g} h / 24)" if n == 7 else
                 f"x {n} day{'s' if n > 1 else ''} a week x {HOURS_PER_MONTH / 168:.4g} weeks ({HOURS_PER_MONTH:g} h "
                 "/ 168)")
        return ScheduleRuns(text, runs, f"{_per_day(per_day)} {every}")
    if all_years:
        days = _cycle_days(day, frozenset(months_v))
        runs = per_day * days / (12 * _CYCLE_YEARS)
        return ScheduleRuns(text, runs, f"{_per_day(per_day)} on {days:,} of the 146,097 days of the 400-year "
                                        "Gregorian cycle / 4,800 months")
    live = sorted(y for y in years_v if y >= now.year)
    if not live:
        return ScheduleRuns(text, 0.0, "never", f"its year field ({years}) names only past years, so it never runs "
                                                "again")
    span = f"{live[0]}" if len(live) == 1 else f"{live[0]}-{live[-1]}" if live == list(range(live[0], live[-1] + 1)) \
        else ", ".join(map(str, live[:6])) + (" ..." if len(live) > 6 else "")
    if live[0] > now.year:  # whole years to come: their calendar, averaged over their months
        days = calendar_days(day.matches, months_v, live)
        runs = per_day * days / (12 * len(live))
        return ScheduleRuns(text, runs, f"{_per_day(per_day)} on {days:,} days of {span} / {12 * len(live)} months",
                            f"its year field ({years}) limits it to {span}: priced at its average month in "
                            + ("that year" if len(live) == 1 else "those years") + f"; it stops after {live[-1]}")
    # this year is one of them: only its runs from the as-of moment on, over the months left (this one by its part
    # left), as whole years count theirs
    left = _runs_left(day, mins_v, hours_v, months_v, now) + per_day * calendar_days(day.matches, months_v, live[1:])
    ndays = calendar.monthrange(now.year, now.month)[1]
    month_start = dt.datetime(now.year, now.month, 1)
    this_month = 1 - (now - month_start) / dt.timedelta(days=ndays)
    months = this_month + 12 - now.month + 12 * (len(live) - 1)
    moment = _shown(now)
    if left == 0:
        return ScheduleRuns(text, 0.0, "never", f"its year field ({years}) leaves it no run from {moment} on: its runs "
                                                f"in {span} are all before then, so it never runs again")
    runs = left / max(months, 1.0)
    n_runs = f"{left:,} run{'s' if left != 1 else ''}"
    figure = (f"priced at their average month, {left:,} / {months:.4g} = {grouped(runs)} runs" if months > 1 + 1e-9 else
              f"a month or less is left, so {'they are' if left != 1 else 'it is'} priced in one month: {runs:g} "
              f"run{'s' if left != 1 else ''}")
    return ScheduleRuns(text, runs, f"{n_runs} left from {moment} to the end of {live[-1]} / {max(months, 1):.4g} "
                                    f"month{'s' if max(months, 1) != 1 else ''}",
                        f"its year field ({years}) limits it to {span}: {n_runs} {'are' if left != 1 else 'is'} left "
                        f"from {moment} to the end of {live[-1]}, over {months:.4g} month{'s' if months != 1 else ''} "
                        f"({now:%B %Y} counted by the part of it left, {this_month:.4g}); {figure}; it stops after "
                        f"{live[-1]}")


def _shown(now: dt.datetime) -> str:
    """The as-of moment (or a StartDate / EndDate) for a note: '2026-12-01 00:00 UTC' (seconds when it has them)."""
    return now.strftime("%Y-%m-%d %H:%M" + (":%S" if now.second or now.microsecond else "")) + " UTC"


def _runs_left(day: _Days, mins: list[int], hours: list[int], months: list[int], now: dt.datetime) -> int:
    """Runs of this year (``now.year``) at or after ``now``: the rest of today's times, then the matching days of
    the rest of this month and of the months after it."""
    times = [(h, m) for h in hours for m in mins]
    n = 0
    for month in months:
        if month < now.month:
            continue
        first, ndays = calendar.monthrange(now.year, month)
        first = (first + 1) % 7  # cron's weekday of the 1st, Sunday = 0
        for d in range(now.day if month == now.month else 1, ndays + 1):
            if not day.matches(d, (first + d - 1) % 7, ndays, first):
                continue
            if month == now.month and d == now.day:
                n += sum(dt.datetime(now.year, month, d, h, m) >= now for h, m in times)
            else:
                n += len(times)
    return n


def _per_day(n: int) -> str:
    return f"{n} run{'s' if n != 1 else ''} a day"


@dataclass(frozen=True)
class _Days:
    """Which days a cron fires on: ``weekdays`` (cron's Sunday = 0) when it is every day or fixed weekdays (no day
    of the month, L or #), else None; ``matches(day, weekday, days_in_month, first_weekday)``."""

    key: tuple
    weekdays: frozenset[int] | None

    def matches(self, day: int, wd: int, ndays: int, first: int) -> bool:
        kind, arg = self.key
        if kind == "dom":
            return day in arg
        if kind == "dow":
            return wd in arg
        if kind == "L":
            return day == ndays
        if kind == "W":  # the weekday nearest day `arg` of this month, never in another month (Quartz)
            return day == _nearest_weekday(arg if arg <= ndays else 0, ndays, first)
        if kind == "LW":
            return day == _nearest_weekday(ndays, ndays, first)
        if kind == "nL":  # the month's last weekday `arg`
            return wd == arg and day + 7 > ndays
        if kind == "#":
            want, k = arg
            return wd == want and (day - 1) // 7 + 1 == k
        raise AssertionError(kind)  # pragma: no cover


def _nearest_weekday(target: int, ndays: int, first: int) -> int:
    """The weekday (Monday-Friday) nearest day ``target`` of a month of ``ndays`` days whose 1st falls on weekday
    ``first`` (Sunday = 0), staying in the month; 0 for no such day (the 31st of a 30-day month)."""
    if target < 1:
        return 0
    wd = (first + target - 1) % 7
    if wd == 6:  # Saturday: the Friday before, or the Monday after on the 1st
        return target - 1 if target > 1 else target + 2
    if wd == 0:  # Sunday: the Monday after, or the Friday before on the month's last day
        return target + 1 if target < ndays else target - 2
    return target


@functools.lru_cache(maxsize=256)
def _cycle_days(day: _Days, months: frozenset[int]) -> int:
    return calendar_days(day.matches, months)


def _values(text: str, name: str, lo: int, hi: int, names: dict[str, int] | None) -> list[int]:
    """The values a plain field lists: ``*``, values, ranges (wrapping when the end is below the start), lists and
    steps (``*/n``, ``a/n``, ``a-b/n``)."""
    out: set[int] = set()
    for part in text.split(","):
        rng, slash, step_s = part.partition("/")
        step = 1
        if slash:
            if not is_whole_number_text(step_s) or not 1 <= int(step_s) <= hi:
                raise ScheduleExpressionError(f"the {name} field {text!r}: the step after '/' must be a whole number "
                                              f"from 1 to {hi}")
            step = int(step_s)
        if rng == "*":
            start, end = lo, hi
        else:
            a, dash, b = rng.partition("-")
            start = _number(a, text, name, lo, hi, names)
            end = _number(b, text, name, lo, hi, names) if dash else (hi if slash else start)
            if name == "year" and end < start:  # Quartz: "Start year must be less than stop year"; years never wrap
                raise ScheduleExpressionError(f"the year field {text!r}: the range {rng} runs backwards; write the "
                                              f"earlier year first ({end}-{start})")
        span = range(start, end + 1) if end >= start else [*range(start, hi + 1), *range(lo, end + 1)]
        out.update(list(span)[::step])
    return sorted(out)


def _number(word: str, text: str, name: str, lo: int, hi: int, names: dict[str, int] | None) -> int:
    if names and word.upper() in names:
        return names[word.upper()]
    if not is_whole_number_text(word) or len(word) > 4:
        raise ScheduleExpressionError(
            f"the {name} field {text!r}: {word!r} is not " + ("a value" if word else "given")
            + f" ({lo}-{hi}" + (f" or {'-'.join((next(iter(names)), list(names)[-1]))}" if names else "") + ")"
            + (" ('?' is for the two day fields only)" if word == "?" else "")
            + (" (L, W and # are day wildcards, each alone in its field)" if word and word[-1:] in "LW#" else ""))
    v = int(word)
    if not lo <= v <= hi:
        raise ScheduleExpressionError(f"the {name} field {text!r}: {v} is out of range ({lo}-{hi}"
                                      + (", 1 is Sunday" if name == "day-of-week" else "") + ")")
    return v


def _dom(text: str) -> _Days:
    if text == "L":
        return _Days(("L", None), None)
    if text == "LW":
        return _Days(("LW", None), None)
    if text.endswith("W"):
        n = text[:-1]
        if not is_whole_number_text(n) or not 1 <= int(n) <= 31:
            raise ScheduleExpressionError(f"the day-of-month field {text!r}: W follows a day 1-31 alone (15W: the "
                                          "weekday nearest the 15th), or L (LW: the last weekday)")
        return _Days(("W", int(n)), None)
    if any(c in text for c in "LW#?"):
        raise ScheduleExpressionError(f"the day-of-month field {text!r}: L, LW and nW stand alone in the field, '#' "
                                      "is for day-of-week, and '?' stands alone")
    days = _values(text, *_FIELDS[2])
    if text == "*" or len(days) == 31:
        return _Days(("dow", frozenset(range(7))), frozenset(range(7)))
    return _Days(("dom", frozenset(days)), None)


def _dow(text: str) -> _Days:
    if text == "L":  # the last day of the week: Saturday
        return _Days(("dow", frozenset({6})), frozenset({6}))
    if text.endswith("L") and "," not in text and "-" not in text:
        d = _number(text[:-1], text, "day-of-week", 1, 7, _DAYS)
        return _Days(("nL", d - 1), None)
    if "#" in text:
        d_s, _, k_s = text.partition("#")
        if "," in text or "-" in text or "/" in text or not is_whole_number_text(k_s) or not 1 <= int(k_s) <= 5:
            raise ScheduleExpressionError(f"the day-of-week field {text!r}: '#' is one day and its week of the month "
                                          "(1-5), alone in the field (2#1: the first Monday)")
        return _Days(("#", (_number(d_s, text, "day-of-week", 1, 7, _DAYS) - 1, int(k_s))), None)
    if any(c in text for c in "LW?"):
        raise ScheduleExpressionError(f"the day-of-week field {text!r}: L and nL stand alone in the field, W is for "
                                      "day-of-month, and '?' stands alone")
    days = frozenset(d - 1 for d in _values(text, *_FIELDS[4]))  # cron's Sunday = 0
    return _Days(("dow", days), days)
