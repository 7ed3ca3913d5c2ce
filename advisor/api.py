"""The Python API: load a workload, price it, and explore it as pandas DataFrames.

Everything here is a thin layer over the library the CLI uses (``compare``, ``sweep``, ``spot_sensitivity``,
the PriceBook); it adds no cost rules of its own. The names are re-exported lazily from ``advisor``, so
``import advisor`` stays light and nothing imports matplotlib until a ``plot_*`` function is called::

    import advisor
    c = advisor.price("examples/microservices.yaml")
    advisor.totals_frame(c)          # one row per platform
    advisor.lines_frame(c)           # one row per line item

Money is USD per month (``advisor.units.HOURS_PER_MONTH`` hours) unless a column says otherwise;
``unit_price`` is USD per ``unit``. The column lists of every DataFrame are the constants below
(``LINE_COLUMNS``, ``TOTAL_COLUMNS``, ...) and are documented in ``docs/python-api.md``.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from advisor.compare import DEFAULT_FACTORS, Comparison, check_platforms, compare
from advisor.compare.sweep import parse_scale
from advisor.compare.sweep import spot_sensitivity as _spot_rows
from advisor.compare.sweep import sweep as _sweep
from advisor.errors import AdvisorError, WorkloadError, did_you_mean, region_arg, region_named
from advisor.platforms import PLATFORM_LABELS
from advisor.render import data as _data
from advisor.render.data import (
    CATEGORY_COLUMNS,
    CROSSOVER_COLUMNS,
    LINE_COLUMNS,
    SIZE_COLUMNS,
    STRATEGY_COLUMNS,
    SWEEP_COLUMNS,
    TOTAL_COLUMNS,
)
from advisor.units import choice_hint, real_number
from advisor.workload import Workload, parse_workload
from advisor.workload.model import model_data

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from advisor.pricing.book import PriceBook

__all__ = [
    "LINE_COLUMNS", "TOTAL_COLUMNS", "CATEGORY_COLUMNS", "SIZE_COLUMNS", "STRATEGY_COLUMNS", "SWEEP_COLUMNS",
    "CROSSOVER_COLUMNS", "SPOT_COLUMNS", "REGION_COLUMNS",
    "load", "price", "lines_frame", "totals_frame", "category_frame", "sizes_frame", "strategies_frame",
    "scenario", "with_architecture", "with_region", "with_replicas_factor",
    "sweep_frame", "crossovers_frame", "spot_frame", "regions_frame",
    "plot_totals", "plot_sweep", "plot_spot", "report_html", "Report", "shown",
]

#: ``spot_frame``: ECS Fargate monthly cost (USD) by share of Spot-eligible tasks on Spot (0-1) and Spot discount
#: against on-demand (0-1); ``saving`` is against all on-demand.
SPOT_COLUMNS = ["spot_share", "spot_discount", "monthly_cost", "saving"]

#: ``regions_frame``: one row per (region, platform). ``monthly_cost`` and ``monthly_tco`` (USD per month) only where
#: the estimate is complete (NaN otherwise: advisor never shows a partial or borrowed price); ``operations_cost`` (an
#: assumption, not a price) in every row, as ``totals_frame`` and ``sweep_frame`` give it; ``message`` says what is missing and how to
#: get it; ``rank`` orders the regions per platform (1 = cheapest); ``as_of`` is the oldest price date used.
REGION_COLUMNS = ["region", "platform", "label", "monthly_cost", "operations_cost", "monthly_tco", "status",
                  "complete", "rank", "message", "as_of"]


# ---------------------------------------------------------------------------------------- argument checks
# Every public function checks its arguments with these, so a wrong type is an ``AdvisorError`` naming the argument,
# what is valid and how to fix it (docs/python-api.md: "Bad input raises advisor.errors.AdvisorError"), never an
# AttributeError or KeyError from deep inside.
def _kind(value: Any) -> str:
    """``value``'s type and the start of its repr, on one line (a DataFrame's repr spans lines: the message read
    "got DataFrame Empty DataFrame\\nColumns: []\\nIndex: []")."""
    text = " ".join(repr(value).split())
    return f"{type(value).__name__} {text[:60] + '...' if len(text) > 60 else text}"


def _comparison(value: Any, fn: str, workload: bool = False) -> Comparison:
    """``value`` when it is a ``Comparison``; else ``AdvisorError`` saying how to get one. With ``workload`` (a function
    that reads ``comparison.workload`` as well as the estimates), the workload is checked again as ``load`` checks a
    ``Workload``: it is a plain model whose fields can be set after pricing (``c.workload.services[0].cpu = nan``,
    ``c.workload.monthly_hours = -1``), and sizes_frame showed such values as they were; ``WorkloadError`` naming the
    field then."""
    if isinstance(value, Comparison):
        problem = _changed_comparison(value)
        if problem:
            raise AdvisorError(f"{fn}(comparison): {problem}, so the comparison was changed after pricing and its lines, "
                               "totals and ranking no longer agree. Leave a Comparison as price returned it: to try "
                               "other values, price a changed copy of the workload (advisor.price(advisor.scenario("
                               "workload, ...))).")
        if workload:
            try:
                _checked(value.workload)
            except WorkloadError as exc:
                raise WorkloadError(f"{fn}(comparison): comparison.workload was changed after pricing and is not a "
                                    f"valid workload any more: {exc} Leave a Comparison as price returned it: to try other values, price "
                                    "a changed copy of the workload (advisor.price(advisor.scenario(workload, ...))).") from None
        return value
    raise AdvisorError(f"{fn}(comparison): expected a Comparison, what advisor.price returns; got {_kind(value)}. "
                       f"Price the workload first: {fn}(advisor.price(\"examples/web-app.yaml\")).")


def _changed_comparison(c: Comparison) -> str | None:
    """What in ``c`` a renderer cannot show as price made it, or None. A ``Comparison`` is plain dataclasses whose
    fields can be set after pricing: a line's ``unit_price = nan`` reached the CSV and the report as 'nan'/'inf'
    (the estimate's total, remembered, kept the old sum), ``name = None`` or ``notes = None`` raised TypeError,
    ``recommendation.platform = "bogus"`` or emptied ``estimates`` a KeyError or ValueError from the table and the
    report. Checked: the estimates (one per platform id, each an ``Estimate``), every line and operations line (text
    fields text, ``quantity`` and ``unit_price`` finite real numbers, ``always_on`` from 0 to 1), the strategies' and
    fleets' money, the recommendation (None or a platform priced) and the notes (text)."""
    from advisor.compare.comparison import Recommendation
    from advisor.costing.lines import Estimate, LineItem

    def finite(x: object) -> bool:
        return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)

    def texts(x: object) -> bool:
        return isinstance(x, list) and all(isinstance(t, str) for t in x)

    if not isinstance(c.estimates, list) or not c.estimates:
        return f"comparison.estimates is {_kind(c.estimates)}, not the non-empty list of estimates price returns"
    seen: set[str] = set()
    for i, est in enumerate(c.estimates):
        where = f"comparison.estimates[{i}]"
        if not isinstance(est, Estimate):
            return f"{where} is {_kind(est)}, not an Estimate"
        if not isinstance(est.platform, str) or est.platform not in PLATFORM_LABELS:
            return f"{where}.platform is {_kind(est.platform)}, not one of advisor's platform ids"
        if est.platform in seen:
            return f"{where} prices {est.platform!r} a second time"
        seen.add(est.platform)
        if not texts(est.notes):
            return f"{where}.notes is {_kind(est.notes)}, not a list of strings"
        for part in ("lines", "operations"):
            items = getattr(est, part)
            if not isinstance(items, list):
                return f"{where}.{part} is {_kind(items)}, not a list of LineItem"
            for j, line in enumerate(items):
                at = f"{where}.{part}[{j}]"
                if not isinstance(line, LineItem):
                    return f"{at} is {_kind(line)}, not a LineItem"
                for name in ("name", "category", "unit", "source", "as_of"):
                    if not isinstance(getattr(line, name), str):
                        return f"{at}.{name} is {_kind(getattr(line, name))}, not a string"
                if line.service is not None and not isinstance(line.service, str):
                    return f"{at}.service is {_kind(line.service)}, not a string or None"
                for name in ("quantity", "unit_price"):
                    if not finite(getattr(line, name)):
                        return f"{at}.{name} is {_kind(getattr(line, name))}, not a finite number"
                if not finite(line.always_on) or not 0 <= line.always_on <= 1:
                    return f"{at}.always_on is {_kind(line.always_on)}, not a share from 0 to 1"
        for j, strategy in enumerate(est.strategies or []):
            for name in ("monthly_cost", "monthly_cost_all_on_demand"):
                if not finite(getattr(strategy, name, None)):
                    return f"{where}.strategies[{j}].{name} is {_kind(getattr(strategy, name, None))}, not a finite number"
        if est.fleet is not None:
            for name in ("instance_monthly", "lower_bound_monthly"):
                if not finite(getattr(est.fleet, name, None)):
                    return f"{where}.fleet.{name} is {_kind(getattr(est.fleet, name, None))}, not a finite number"
    rec = c.recommendation
    if not isinstance(rec, Recommendation) or (rec.platform is not None and rec.platform not in seen):
        shown = _kind(rec.platform if isinstance(rec, Recommendation) else rec)
        return f"comparison.recommendation{'.platform' if isinstance(rec, Recommendation) else ''} is {shown}, not None " \
               "or a platform the comparison priced"
    if not texts(c.notes):
        return f"comparison.notes is {_kind(c.notes)}, not a list of strings"
    return None


def _pricebook(value: Any, fn: str) -> PriceBook | None:
    """``value`` when it is None or a ``PriceBook`` (its ``data_dirs`` checked again: ``PriceDataError`` when it was set
    to something that is not a list of price folders after the book was made); else ``AdvisorError``."""
    from advisor.pricing.book import PriceBook

    if value is None:
        return value
    if isinstance(value, PriceBook):
        value._dirs()  # data_dirs set after the book was made is checked here: PriceDataError naming it, not 7 x "no price data"
        return value
    raise AdvisorError(f"{fn}(prices=...): expected a PriceBook (advisor.pricing.PriceBook.default(), or "
                       f"PriceBook(data_dirs=[...])) or None for the default prices; got {_kind(value)}.")


def _region(value: Any, fn: str, arg: str = "region") -> str:
    """A region argument in canonical form (spaces dropped, lower case); ``UnknownRegionError`` for a value that is not
    a string or not an AWS region (with a did-you-mean hint), as ``advisor compare -r`` says."""
    from advisor.pricing.book import default_pricebook

    what = f"{fn}({arg}=...)"
    if not isinstance(value, str):
        default_pricebook().check_region(value, what=what)  # raises: names the argument and the type
    region = value.strip().lower()
    default_pricebook().check_region(region, what=f"{what}:")
    return region


def _flag(value: Any, fn: str, arg: str) -> bool:
    """A True/False argument (numpy's ``np.bool_`` too); anything else is ``AdvisorError``: ``require_complete="no"``
    is a true value in Python and would quietly do the opposite of what it says."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise AdvisorError(f"{fn}({arg}=...): expected True or False; got {_kind(value)}.")


def _names(value: Any, fn: str, arg: str, example: str) -> list[str] | None:
    """A list of names from None, one string (one name, not its letters) or an iterable of strings; else
    ``AdvisorError`` naming the argument."""
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    bad = not isinstance(value, Iterable) or isinstance(value, (bytes, dict))
    items = [] if bad else list(value)
    wrongs = [v for v in items if not isinstance(v, str)][:1] if not bad else [value]
    wrong = wrongs[0] if wrongs else None
    if bad or wrongs:  # (a None in the list is wrong too: services=[None] said "service None is not in workload")
        raise AdvisorError(f"{fn}({arg}=...): expected a name or a list of names (strings), such as {example}; got "
                           f"{_kind(wrong)}" + (f" in {_kind(value)}" if not bad else "") + ".")
    return items


def _numbers(value: Any, fn: str, arg: str, example: str) -> list:
    """A list from one number or an iterable of numbers (each checked by the function that uses it); else
    ``AdvisorError`` naming the argument."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # np.array(2.0): one number, not iterable
        value = value.item()
    if real_number(value) is not None:  # one number of any kind: a numpy scalar, a Fraction, a Decimal
        value = [value]
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
        raise AdvisorError(f"{fn}({arg}=...): expected a number or a list of numbers, such as {example}; got "
                           f"{_kind(value)}.")
    # -0.0 is 0 (a share of -0.0 was shown as -0.0 with a saving of -0.000000)
    return [0.0 if isinstance(v, numbers.Real) and not isinstance(v, (bool, numbers.Integral)) and v == 0 else v
            for v in value]


def _frame(value: Any, fn: str, arg: str, needed: Sequence[str], made_by: str,
           numeric: Sequence[str] = ()) -> pd.DataFrame:
    """``value`` when it is a DataFrame with the ``needed`` columns, each once, and number columns where ``numeric``
    says; else ``AdvisorError`` saying which function makes one."""
    missing = [c for c in needed if not isinstance(value, pd.DataFrame) or c not in value.columns]
    if missing:
        got = f"a DataFrame without the columns {', '.join(missing)}" if isinstance(value, pd.DataFrame) else \
            _kind(value)
        raise AdvisorError(f"{fn}({arg}): expected what {made_by} returns (a DataFrame with columns "
                           f"{', '.join(needed)}); got {got}. Build it with {made_by}(...).")
    _flat_columns(value, fn, arg, made_by)
    # rows are read by column: an index level named as a column (set_index("platform", drop=False)) made pandas'
    # groupby fail with "'platform' is both an index level and a column label"
    value = value.reset_index(drop=True)
    for c in numeric:  # a column of text ('0.5') or booleans was drawn as categories, or failed inside matplotlib
        col = value[c]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise AdvisorError(f"{fn}({arg}): column {c} holds {col.dtype} values, not numbers as {made_by} writes "
                               f"them; build it with {made_by}(...) (or convert it: df[{c!r}].astype(float)).")
    return value


def _flat_columns(value: pd.DataFrame, fn: str, arg: str, made_by: str) -> None:
    """``AdvisorError`` for a DataFrame whose columns are not one flat row of distinct names (MultiIndex columns, a
    name twice): its rows cannot be read by name (an AttributeError or 'cannot reindex' from inside)."""
    if isinstance(value.columns, pd.MultiIndex):
        got = "MultiIndex columns"
    elif value.columns.duplicated().any():
        got = "the column(s) " + ", ".join(dict.fromkeys(str(c) for c in value.columns[value.columns.duplicated()])) \
            + " more than once"
    else:
        return
    raise AdvisorError(f"{fn}({arg}): expected what {made_by} returns, one column per name; got a DataFrame with {got}. "
                       f"Build it with {made_by}(...), or flatten the columns / drop the repeated ones first.")


def _axes_arg(ax: Any, fn: str) -> Axes | None:
    """``ax`` when it is None or a matplotlib ``Axes``; else ``AdvisorError``."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if isinstance(ax, Axes):
        return ax
    raise AdvisorError(f"{fn}(ax=...): expected a matplotlib Axes (e.g. from plt.subplots()) or None for a new "
                       f"figure; got {_kind(ax)}.")


# ------------------------------------------------------------------------------------------------- loading
def _region_words(arg: str | None = None, given: str | None = None) -> Callable:
    """Decorate an API function so that the messages it raises or notes ask for a region in its own words, not the
    command line's ``--region``: ``arg`` (e.g. ``price(..., region=...)``) and ``given`` (a format string for a region
    it was given); a function without a region parameter points to ``with_region``. An API function called from
    another keeps the outer one's words."""

    def wrap(fn: Callable) -> Callable:
        name = fn.__name__
        words = (arg or f"a region ({name} takes none: load the workload with with_region(path, region) first and pass "
                        f"that Workload)", given or "region {}")

        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            if region_arg() != "--region":  # called by another API function: its words stay
                return fn(*args, **kwargs)
            with region_named(*words, name):
                return fn(*args, **kwargs)

        return inner

    return wrap


@_region_words()
def load(source: Workload | dict | str | Path) -> Workload:
    """A validated ``Workload`` from a path, a dict or a ``Workload``.

    ``source`` may be a workload YAML file, an ECS task-definition JSON, Kubernetes manifests (a file or a
    folder), a Terraform plan or state (``terraform show -json``), a CloudFormation/CDK template, a dict in the
    workload-file format (see ``docs/workload-format.md``; cpu in vCPU, memory in MiB)
    or a ``Workload``. A ``Workload`` is checked again as a workload file is: it is a plain model whose attributes can
    be set after loading (``w.services[0].cpu = float("nan")``, ``w.services = []``) with no check, and such a value
    would otherwise be priced (NaN totals) or fail deep inside. Bad input raises ``WorkloadError`` naming the field and
    the fix.

    >>> w = load({"name": "demo", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]})
    >>> w.services[0].vcpu, w.services[0].memory_mib
    (0.5, 1024.0)
    """
    if isinstance(source, Workload):
        return _checked(source)
    if isinstance(source, dict):
        return parse_workload(source)
    if _is_path(source):
        from advisor.workload.importers import load_any

        return load_any(_path(source))
    if isinstance(source, Comparison):  # price(price(w)): the result passed back where its workload goes
        raise WorkloadError("cannot load a workload from a Comparison (what price returns): it is priced already; pass "
                            "its .workload where a workload goes (price, spot_frame, regions_frame, scenario), or the "
                            "Comparison itself to lines_frame, totals_frame, category_frame, sizes_frame, "
                            "strategies_frame, sweep_frame or plot_totals.")
    hint = (" (a path given as bytes: decode it, e.g. source.decode())" if isinstance(source, (bytes, bytearray))
            else "")
    raise WorkloadError(f"load(source): cannot load a workload from {_kind(source)}{hint}; give a file path (a string "
                        "or Path), a dict in the workload-file format or a Workload.")


def _is_path(value: Any) -> bool:
    """A path argument: a string or any ``os.PathLike`` of text (``Path``, ``PurePath``, a ``DirEntry``)."""
    import os

    return isinstance(value, str) or isinstance(value, os.PathLike) and isinstance(os.fspath(value), str)


def _path(value: str | Path) -> str:
    """A path argument as text with ``~`` expanded, as a shell would have done for the CLI (a notebook's
    ``load("~/w.yaml")`` said "'~/w.yaml' not found"); ``-`` stays standard input."""
    import os

    text = os.fspath(value)
    if not text.strip():  # '' is '.' to the file system: the current folder read as Kubernetes manifests
        raise WorkloadError(f"the workload path {text!r} is blank; give a file or folder to read, such as "
                            "\"examples/web-app.yaml\", a dict or a Workload.")
    if "\n" in text and not os.path.lexists(text):  # a notebook's load(open(f).read()) or a YAML string
        first = text.strip().splitlines()[0][:40]
        raise WorkloadError(f"the workload path starts {first!r} and holds line breaks: it looks like the text of a "
                            "workload file, not a path. Give the file's path (load(\"workload.yaml\")), or a dict "
                            "(load(yaml.safe_load(text)) reads a workload file's text).")
    return os.path.expanduser(text)


def _checked(workload: Workload) -> Workload:
    """``workload`` validated again (``_validated``), so a value set on it after loading is refused as the file's would
    be; the copy equals ``workload`` when nothing was changed."""
    try:
        data = model_data(workload)
    except Exception as exc:  # a value pydantic cannot even serialise (an object set on a field)
        raise WorkloadError(f"Workload: a field holds a value that is not valid workload data ({exc}); set fields to "
                            "what a workload file holds, or load the workload again with advisor.load(...).") from None
    return parse_workload(data, source="Workload")


@_region_words("price(..., region=...)", "price(..., region={})")
def price(workload: Workload | dict | str | Path, region: str | None = None, platforms: Sequence[str] | None = None,
          *, prices: PriceBook | None = None, explain_changes: bool = True,
          require_complete: bool = False) -> Comparison:
    """Price a workload on each platform (USD per month) and recommend one: ``advisor compare`` as a call.

    ``workload`` is anything ``load`` accepts; ``region`` overrides its region; ``platforms`` limits the
    platform ids (default all). The result holds the scaling sweep too (``comparison.scaling``), the same one the
    CLI and the report show. With ``require_complete`` an ``AdvisorError`` is raised when no platform can price
    every service.

    Raises ``AdvisorError`` (``WorkloadError``, ``UnknownRegionError``, ``PriceDataError``) for bad input, naming
    the argument or field: e.g. a region that is not an AWS region, an unknown platform id, ``prices`` that is not a
    ``PriceBook``.

    >>> c = price("examples/web-app.yaml", platforms=["ecs-fargate", "eks-fargate"])
    >>> c.recommendation.platform
    'ecs-fargate'
    """
    prices = _pricebook(prices, "price")
    explain_changes = _flag(explain_changes, "price", "explain_changes")
    require_complete = _flag(require_complete, "price", "require_complete")
    if region is not None:
        region = _region(region, "price")
    names = _names(platforms, "price", "platforms", '["ecs-fargate", "eks-ec2"]')
    if names == []:  # as 'compare -p ""' refuses it: an empty list is not "every platform"
        raise AdvisorError("price(platforms=...): the list is empty; give platform ids, such as "
                           '["ecs-fargate", "eks-ec2"], or leave platforms out (None) for every platform.')
    return compare(_path(workload) if _is_path(workload) else load(workload), region=region,
                   platforms=check_platforms(names, "price(platforms=...)"),
                   prices=prices, require_complete=require_complete, explain_changes=explain_changes)


# ---------------------------------------------------------------------------------------------- DataFrames
def lines_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per line item of every platform, infrastructure then operations; columns ``LINE_COLUMNS``.

    ``monthly_cost`` is USD per month; the infrastructure rows of a platform sum to its ``monthly_cost``, the
    operations rows to its ``operations_cost``. Machine fields (``purchase_option``, ``resource``,
    ``instance_type``, ``usage_type``, ``commitments``) identify each line; never parse ``name``. Amounts are exact
    (``shown`` rounds them as the outputs do). Lines of the estate as declared (Terraform, CloudFormation) have
    ``platform == "declared"``. Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` from ``price``, or one changed after
    pricing (naming the field, e.g. ``comparison.estimates[0].lines[0].unit_price``).

    >>> df = lines_frame(price("examples/web-app.yaml"))
    >>> sorted(df[df.kind == "infrastructure"].purchase_option.unique().tolist())
    ['on_demand', 'spot']
    """
    return _data.lines_frame(_comparison(comparison, "lines_frame"))


def totals_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per platform with its monthly totals (USD), status and rank; columns ``TOTAL_COLUMNS``.

    The figures are the ones ``advisor compare --format json`` reports (exact; ``shown`` gives them as shown); a
    platform that cannot run every service has NaN ``monthly_cost`` and ``monthly_tco`` (no total) and its
    ``operations_cost``. One row per platform priced, in advisor's platform order, then a row ``platform ==
    "declared"`` when the input declares its estate (``operations_cost`` and ``monthly_tco`` NaN: no operations
    assumption, so no total; ``feasible`` False; never ranked). Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` from ``price``, or one changed after
    pricing (naming the field, e.g. ``comparison.estimates[0].lines[0].unit_price``).

    >>> t = totals_frame(price("examples/web-app.yaml"))
    >>> t.loc[t.recommended, "platform"].item()
    'ecs-fargate-spot'
    """
    return _data.totals_frame(_comparison(comparison, "totals_frame"))


def category_frame(comparison: Comparison) -> pd.DataFrame:
    """Monthly cost (USD) per platform and cost category, operations included; columns ``CATEGORY_COLUMNS``.

    One row per platform priced; a category a platform has no line of is 0; ``commitment`` is the Savings Plan / RI
    fee, the usage it covers a negative credit under ``compute``; ``monthly_tco`` is NaN for a platform that cannot
    run every service. Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` from ``price``, or one changed after
    pricing (naming the field, e.g. ``comparison.estimates[0].lines[0].unit_price``).

    >>> category_frame(price("examples/web-app.yaml"))[["platform", "compute", "control_plane"]]  # doctest: +SKIP
    """
    return _data.category_frame(_comparison(comparison, "category_frame"))


def sizes_frame(comparison: Comparison) -> pd.DataFrame:
    """The Fargate size each service gets on ECS and on EKS (+256 MiB rule) and the rounding waste per task.

    One row per service; vCPU and MiB per task/pod; columns ``SIZE_COLUMNS``; sizes NaN and ``sizing_error`` set
    where a request has no valid Fargate size. Raises ``WorkloadError`` when ``comparison.workload`` was set to
    values that are not valid after pricing, ``AdvisorError`` when ``comparison`` is not a ``Comparison``.

    >>> sizes_frame(price("examples/web-app.yaml"))[["service", "fargate_vcpu", "eks_fargate_memory_mib"]]  # doctest: +SKIP
    """
    return _data.sizes_frame(_comparison(comparison, "sizes_frame", workload=True))


def strategies_frame(comparison: Comparison) -> pd.DataFrame:
    """The capacity-provider strategy per service on ECS Fargate + Fargate Spot; columns ``STRATEGY_COLUMNS``.

    One row per service; empty (same columns and dtypes) when the comparison did not price ``ecs-fargate-spot``.
    Money in USD per month; task counts are averages over the month. Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` from ``price``, or one changed after
    pricing (naming the field, e.g. ``comparison.estimates[0].lines[0].unit_price``).

    >>> strategies_frame(price("examples/microservices.yaml"))[["service", "fargate_base", "monthly_saving"]]  # doctest: +SKIP
    """
    return _data.strategies_frame(_comparison(comparison, "strategies_frame"))


# ---------------------------------------------------------------------------------------------- what-ifs
def _service_names(workload: Workload, services: Iterable[str] | None, fn: str = "scenario") -> set[str]:
    names = [s.name for s in workload.services]
    services = _names(services, fn, "services", repr(names[:2]))
    if services is None:
        return set(names)
    if not services:  # as price(platforms=[]): an empty list is not "every service", and changing none is no what-if
        raise WorkloadError(f"{fn}(services=[]): no service named; give service names, such as {names[:2]!r}, or leave "
                            "services out (None) for every service.")
    chosen = set(services)
    for name in chosen:
        if name not in names:
            raise WorkloadError(f"{fn}(services=...): service {name!r} is not in workload '{workload.name}'."
                                f"{did_you_mean(name, names)} Services: {', '.join(names)}.")
    return chosen


@_region_words()
def with_architecture(workload: Workload | dict | str | Path, architecture: str,
                      services: Iterable[str] | None = None) -> Workload:
    """A copy of the workload with ``services`` (default: every Linux service) on ``architecture``.

    ``architecture`` is ``"x86_64"`` or ``"arm64"``. Windows services keep x86_64 when ``services`` is None (Fargate
    runs Windows on x86_64 only). Raises ``WorkloadError`` naming the argument for another architecture, a service
    not in the workload, or a Windows service named with arm64.

    >>> w = with_architecture("examples/web-app.yaml", "arm64")
    >>> {s.architecture for s in w.services}
    {'arm64'}
    """
    return _with_architecture(workload, architecture, services, "with_architecture")


def _with_architecture(workload: Workload | dict | str | Path, architecture: str, services: Iterable[str] | None,
                       fn: str) -> Workload:
    """``with_architecture``, its messages naming ``fn``'s arguments (``scenario(architecture=...)`` when called by
    ``scenario``)."""
    workload = load(workload)
    if not isinstance(architecture, str):  # before the comparison below: pd.NA == "x86_64" raises TypeError
        raise WorkloadError(f"{fn}(architecture=...) must be x86_64 or arm64 (a string); got "
                            f"{_kind(architecture)}.")
    if architecture not in ("x86_64", "arm64"):
        raise WorkloadError(f"{fn}(architecture=...): architecture {architecture!r} is not valid; use x86_64 or arm64."
                            + choice_hint(architecture, ["x86_64", "arm64"]))
    named = services is not None
    chosen = _service_names(workload, services, fn)
    new = []
    for svc in workload.services:
        if svc.name in chosen and svc.os == "windows" and architecture == "arm64":
            if named:
                raise WorkloadError(f"{fn}(services=...): service {svc.name!r} runs Windows, which Fargate and "
                                    "advisor support on x86_64 only; leave it out of services.")
            new.append(svc)
        elif svc.name in chosen:
            new.append(svc.model_copy(update={"architecture": architecture}))
        else:
            new.append(svc)
    return _validated(workload.model_copy(update={"services": new}), f"with_architecture({architecture!r})")


@_region_words("with_region(workload, region)", "with_region(workload, {})")
def with_region(workload: Workload | dict | str | Path, region: str) -> Workload:
    """A copy of the workload in ``region`` (an AWS region code such as ``"eu-west-1"``).

    Any case, spaces around it ignored. A name that is not an AWS region, or a value that is not a string, raises
    ``UnknownRegionError`` with a did-you-mean hint, a China Region (``cn-north-1``, ``cn-northwest-1``) a
    ``PriceDataError`` (advisor does not price them); a real region without price data is accepted (pricing it then
    says what is missing).

    >>> with_region("examples/web-app.yaml", "eu-west-1").region
    'eu-west-1'
    """
    region = _region(region, "with_region")
    workload = _load_in(workload, region)
    return workload.model_copy(update={"region": region})


def _load_in(workload: Workload | dict | str | Path, region: str) -> Workload:
    """``load(workload)``, a path read in ``region`` as ``compare --region`` reads it (``load_any``): a Karpenter
    NodePool's requirements are resolved against the instance types priced there. Loaded elsewhere and then moved, a
    NodePool's types of us-east-1 were priced in a region that lacks them ('missing price data ... m8g.xlarge')."""
    if _is_path(workload):
        from advisor.workload.importers import load_any

        return load_any(_path(workload), region=region)
    return load(workload)


@_region_words()
def with_replicas_factor(workload: Workload | dict | str | Path, factor: float,
                         services: Iterable[str] | None = None) -> Workload:
    """A copy with the replicas (or auto-scaling min/max/average) of ``services`` (default all) times ``factor``.

    ``factor`` is a number from 0.01 to 1000 (the range a sweep takes); fractional results are average running
    tasks, as ``scaling.average`` is. The copy is validated as a workload file is. Raises ``WorkloadError`` naming
    the argument for a factor out of range or not a number and a service not in the workload, or naming the field
    a scaled value breaks (e.g. more than 5,000 tasks per service).

    >>> w = with_replicas_factor("examples/web-app.yaml", 2.0)
    >>> w.services[0].desired
    4.0
    """
    return _with_replicas_factor(workload, factor, services, "with_replicas_factor", "factor")


def _with_replicas_factor(workload: Workload | dict | str | Path, factor: float, services: Iterable[str] | None,
                          fn: str, arg: str) -> Workload:
    """``with_replicas_factor``, its messages naming ``fn``'s argument ``arg`` (``scenario(replicas_factor=...)``)."""
    from advisor.compare.sweep import MAX_FACTOR, MIN_FACTOR
    from advisor.workload import Scaling

    workload = load(workload)
    number = real_number(factor)  # a numpy number, a Fraction or a Decimal too; never a boolean
    if number is None or not math.isfinite(number) or not MIN_FACTOR <= number <= MAX_FACTOR:
        raise WorkloadError(f"{fn}({arg}=...): replicas factor {factor!r} is not valid; give a number from "
                            f"{MIN_FACTOR:g} to {MAX_FACTOR:g} (the range a sweep takes), such as 0.5 or 2.")
    factor = number
    chosen = _service_names(workload, services, fn)
    new = []
    for svc in workload.services:
        if svc.name not in chosen:
            new.append(svc)
        elif svc.scaling is None and float(svc.desired * factor).is_integer():
            new.append(svc.model_copy(update={"replicas": int(svc.desired * factor)}))
        else:
            lo = svc.scaling.min if svc.scaling else svc.desired
            hi = svc.scaling.max if svc.scaling else svc.desired
            # not validated here: _validated checks the whole copy and names the field (services[i].scaling.max)
            scaling = Scaling.model_construct(min=int(math.floor(lo * factor + 1e-9)),
                                              max=int(math.ceil(hi * factor - 1e-9)), average=svc.desired * factor)
            new.append(svc.model_copy(update={"replicas": None, "scaling": scaling}))
    return _validated(workload.model_copy(update={"services": new}), f"with_replicas_factor({factor!r})")


def _validated(workload: Workload, what: str) -> Workload:
    """``workload`` checked again as a workload file is (every bound, e.g. at most 5,000 tasks per service, and every
    rule across fields) after a what-if change, so a notebook never prices what ``advisor compare`` would refuse.
    Raises ``WorkloadError`` naming the field, with ``what`` as the source."""
    return parse_workload(model_data(workload), source=what)


@_region_words("scenario(..., region=...)", "scenario(..., region={})")
def scenario(workload: Workload | dict | str | Path, *, services: Iterable[str] | None = None,
             **changes: Any) -> Workload:
    """A "what if" copy of the workload: ``architecture``, ``region``, ``replicas_factor`` and/or workload fields.

    ``architecture`` and ``replicas_factor`` apply to ``services`` (default all); any other keyword replaces a
    top-level workload field (e.g. ``monthly_hours=360``, ``eks={"support": "extended"}``) and is validated as
    the workload file is.

    Raises ``WorkloadError`` naming the argument (``scenario(replicas_factor=...)``, ``scenario(services=...)``) or
    the workload field that is not valid, ``UnknownRegionError`` for a ``region`` that is not an AWS region.

    >>> w = scenario("examples/web-app.yaml", architecture="arm64", region="eu-west-1", replicas_factor=2)
    >>> w.region, w.services[0].architecture, w.services[0].desired
    ('eu-west-1', 'arm64', 4.0)
    """
    region = changes.pop("region", None)
    workload = _load_in(workload, _region(region, "scenario")) if region is not None else load(workload)
    architecture = changes.pop("architecture", None)
    factor = changes.pop("replicas_factor", None)
    if services is not None and architecture is None and factor is None:  # it was ignored without a word
        raise WorkloadError("scenario(services=...): services says which services architecture and replicas_factor "
                            "change, and neither is given; add architecture=... or replicas_factor=..., or leave "
                            "services out.")
    if changes:
        fields = list(Workload.model_fields)
        for key in changes:
            if key not in fields:
                raise WorkloadError(f"scenario: {key!r} is not a workload field.{did_you_mean(key, fields)} Use "
                                    f"architecture, region, replicas_factor or one of: {', '.join(fields)}.")
        data = model_data(workload)
        data.update(changes)
        workload = parse_workload(data, source="scenario")
    if region is not None:
        workload = with_region(workload, region)
    if architecture is not None:
        workload = _with_architecture(workload, architecture, services, "scenario")
    if factor is not None:
        workload = _with_replicas_factor(workload, factor, services, "scenario", "replicas_factor")
    return workload


# --------------------------------------------------------------------------------------- sweeps and grids
@_region_words()
def sweep_frame(workload: Workload | dict | str | Path | Comparison, factors: Sequence[float] | str | None = None,
                platforms: Sequence[str] | None = None, *, points: int = 25, value: str = "monthly_tco",
                prices: PriceBook | None = None) -> pd.DataFrame:
    """Every platform with every service's replicas times each factor; columns ``SWEEP_COLUMNS``.

    The one sweep ``advisor compare``, ``advisor sweep`` and the report use: ``factors`` defaults to the same grid
    (0.25x to 20x); a list of positive multipliers, one multiplier, or a range ``"LOW:HIGH"`` (``points`` factors,
    geometric, and 1 added when inside the range) also work. At factor 1 the figures equal ``price``; ``method`` says
    how each point was obtained (``priced``, ``scaled``, ``packed``, ``scaled_lp`` for EC2 estimated from the
    packing's LP bound, ``infeasible`` for a platform not ranked: it cannot run every service, lacks price data or
    is excluded by the requirements, as compare's status says, or ``over_limit`` for a factor beyond a task or pod
    limit; ``monthly_cost`` and ``monthly_tco`` are then empty). USD per month.

    ``workload`` may be a ``Comparison`` from ``price`` (nothing is priced again): ``platforms`` then picks among
    the platforms it priced, and the crossovers are those among them, as ``advisor sweep -p`` gives.

    Raises ``AdvisorError`` naming the argument for factors out of 0.01..1000, ``points`` that is not a whole number
    from 2, an unknown ``value`` or platform, a platform the given ``Comparison`` did not price, ``prices`` with a
    ``Comparison``, and whatever ``price`` raises.

    >>> df = sweep_frame("examples/web-app.yaml", [1, 2, 4], platforms=["ecs-fargate", "eks-fargate"])
    >>> sorted(df.factor.unique().tolist())
    [1.0, 2.0, 4.0]
    """
    from advisor.compare.sweep import MAX_POINTS, check_value

    check_value(value, "sweep_frame(value=...): value")
    if isinstance(points, bool) or not isinstance(points, numbers.Integral):
        raise AdvisorError(f"sweep_frame(points=...): expected a whole number from 2 to {MAX_POINTS - 1} (the factors "
                           f"a \"LOW:HIGH\" range is split into); got {_kind(points)}.")
    prices = _pricebook(prices, "sweep_frame")
    if isinstance(workload, Comparison):
        c = _comparison(workload, "sweep_frame", workload=True)  # its workload bounds the sweep (tasks per service)
        estimates = c.estimates
        if prices is not None:
            raise AdvisorError("sweep_frame(prices=...): a Comparison is priced already; give prices to price(...), or "
                               "pass the workload instead of its Comparison.")
        if platforms is not None:
            chosen = check_platforms(_names(platforms, "sweep_frame", "platforms", '["ecs-fargate", "eks-ec2"]'),
                                     "sweep_frame(platforms=...)") or []
            have = [e.platform for e in c.estimates]
            if not chosen or any(p not in have for p in chosen):
                raise AdvisorError(
                    f"sweep_frame(platforms=...): give one or more of the platforms the comparison priced "
                    f"({', '.join(have)}); got {list(chosen)!r}. To sweep others, price them: "
                    "price(workload, platforms=[...]).")
            estimates = [e for e in c.estimates if e.platform in chosen]
    else:
        names = _names(platforms, "sweep_frame", "platforms", '["ecs-fargate", "eks-ec2"]')
        if names == []:  # as price(platforms=[]), in this function's words
            raise AdvisorError("sweep_frame(platforms=...): the list is empty; give platform ids, such as "
                               '["ecs-fargate", "eks-ec2"], or leave platforms out (None) for every platform.')
        check_platforms(names, "sweep_frame(platforms=...)")
        c = price(workload, platforms=names, prices=prices)
        estimates = c.estimates
    from advisor.compare.sweep import check_factors

    grid = parse_scale(factors, int(points), scale_arg="sweep_frame(factors={!r})",
                       points_arg="sweep_frame(points={})") if isinstance(factors, str) else list(DEFAULT_FACTORS) \
        if factors is None else check_factors(_numbers(factors, "sweep_frame", "factors", '[0.5, 1, 2] or "0.5:20"'),
                                              "sweep_frame(factors=...): factor")  # [] refused, not defaulted
    return _data.sweep_frame(_sweep(estimates, c.workload, grid, value=value))


def crossovers_frame(sweep: pd.DataFrame, value: str = "monthly_tco") -> pd.DataFrame:
    """Where the cheapest feasible platform changes on cost in a ``sweep_frame``; columns ``CROSSOVER_COLUMNS``.

    The same rule as ``compare`` (ties within half a cent keep the previous leader); a change because the cheapest
    cannot run the workload at the larger factor (a limit: ``over_limit``) is no crossover (``Sweep.handovers``).
    One row per change, factors ascending; ``cost_low``/``cost_high`` USD per month (exact); empty (same columns)
    when the cheapest platform never changes. Raises ``AdvisorError`` when ``sweep`` is not a ``sweep_frame``
    result or ``value`` is not ``monthly_tco`` or ``monthly_cost``.

    >>> crossovers_frame(sweep_frame("examples/microservices.yaml"))  # doctest: +SKIP
    """
    from advisor.compare.sweep import SweepPoint, check_factors, check_value, crossovers

    check_value(value, "crossovers_frame(value=...): value")
    needed = ("factor", "platform", "monthly_cost", "operations_cost", "monthly_tco", "feasible")
    missing = [c for c in needed if not isinstance(sweep, pd.DataFrame) or c not in sweep.columns]
    if missing:
        raise AdvisorError(f"crossovers_frame needs a sweep_frame (a DataFrame with columns {', '.join(needed)}); "
                           f"missing: {', '.join(missing)}.")
    _flat_columns(sweep, "crossovers_frame", "sweep", "sweep_frame")
    sweep = sweep.reset_index(drop=True)  # an index level named as a column is no second column
    if sweep.empty:  # a sweep filtered down to nothing (sw[sw.platform == "x"]) has no crossover
        return _data.typed_frame([], CROSSOVER_COLUMNS)
    check_factors(sweep["factor"].tolist())  # finite numbers in the sweep's range, as sweep_frame writes them
    for r in sweep.itertuples():  # a feasible point has finite costs (sweep_frame writes NaN only for infeasible ones)
        if r.feasible is True or r.feasible is np.True_:
            for col in ("monthly_cost", "operations_cost", "monthly_tco"):
                v = getattr(r, col)
                if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real) or not math.isfinite(v):
                    raise AdvisorError(f"crossovers_frame: {col} of the feasible point ({r.platform}, {float(r.factor):g}x) is "
                                       f"{v!r}; a sweep_frame holds finite USD amounts there. Pass a sweep_frame.")
        elif not (r.feasible is False or r.feasible is np.False_):
            raise AdvisorError(f"crossovers_frame: feasible must be True or False, got {r.feasible!r}. Pass a "
                               "sweep_frame.")
    pts = [SweepPoint(float(r.factor), r.platform, r.monthly_cost, r.operations_cost, r.monthly_tco, bool(r.feasible),
                      getattr(r, "method", "")) for r in sweep.itertuples()]
    return _data.typed_frame([c.to_dict() for c in crossovers(pts, value)], CROSSOVER_COLUMNS)


@_region_words()
def spot_frame(workload: Workload | dict | str | Path, shares: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0),
               discounts: Sequence[float] = (0.5, 0.6, 0.7, 0.8), *,
               prices: PriceBook | None = None) -> pd.DataFrame:
    """ECS Fargate monthly cost (USD) over a grid of Spot share x Spot discount; columns ``SPOT_COLUMNS``.

    ``shares`` is the fraction (0-1) of Spot-eligible tasks (Linux, ``spot: true``) placed on Fargate Spot;
    ``discounts`` the Spot price's discount against on-demand (0-1). A sensitivity grid, not a forecast: the
    bundled Spot rates are in ``price(...)``'s ecs-fargate-spot lines.

    One row per (share, discount), shares outer. One number is read as a list of one. Raises ``AdvisorError`` naming
    the argument for a share or discount outside 0..1 or not a number.

    >>> shown(spot_frame("examples/web-app.yaml", [0, 1], [0.7])).saving.tolist()
    [0.0, 12.61]
    """
    from advisor.compare.sweep import check_spot_grid

    names = ("spot_frame(shares=...)", "spot_frame(discounts=...)")
    shares = _numbers(shares, "spot_frame", "shares", "[0, 0.5, 1]")
    discounts = _numbers(discounts, "spot_frame", "discounts", "[0.6, 0.7]")
    shares, discounts = check_spot_grid(shares, discounts, names)  # before pricing: a bad grid costs no compare
    prices = _pricebook(prices, "spot_frame")
    c = price(workload, platforms=["ecs-fargate"], prices=prices)
    return _data.typed_frame(_spot_rows(c.estimate("ecs-fargate"), c.workload, shares, discounts, names),
                             SPOT_COLUMNS)


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with its money as ``advisor compare``, the report and the JSON's ``shown`` give it.

    ``frame`` is what ``lines_frame``, ``totals_frame``, ``category_frame``, ``strategies_frame``, ``sweep_frame``,
    ``crossovers_frame``, ``spot_frame`` or ``regions_frame`` returns (rows filtered or not). The frames carry exact
    amounts; pandas' ``round(2)`` of one can differ by a cent from every output: EKS on EC2 in
    ``examples/microservices.yaml`` costs exactly $887.005 a month, 887.0049999999999 in binary, which ``round(2)``
    makes 887.00 and ``compare`` shows as $887.01 (and its total $1,987.01). ``shown`` rounds each amount to the cent,
    half away from zero, and makes a total the sum of its shown parts (a saving the difference of shown costs; a
    platform's lines add up to its shown total), as ``advisor.render.data.shown_frame`` says. USD per month; NaN
    stays NaN; the columns and dtypes are unchanged. Use it to display or compare with the other outputs, not to
    compute with (sums of rounded lines drift).

    Raises ``AdvisorError`` when ``frame`` is not a DataFrame with a money column of those frames.

    >>> t = shown(totals_frame(price("examples/microservices.yaml"))).set_index("platform")
    >>> t.loc["eks-ec2", ["monthly_cost", "monthly_tco"]].tolist()
    [887.01, 1987.01]
    """
    money = [c for c in _data.MONEY_COLUMNS if isinstance(frame, pd.DataFrame) and c in frame.columns]
    if not money:
        got = "a DataFrame without any of them" if isinstance(frame, pd.DataFrame) else _kind(frame)
        raise AdvisorError(f"shown(frame): expected a frame of advisor's with money columns (monthly_cost, "
                           f"monthly_tco, ...), such as totals_frame(c) or sweep_frame(...); got {got}.")
    _flat_columns(frame, "shown", "frame", "totals_frame")
    for c in money:
        col = frame[c]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise AdvisorError(f"shown(frame): column {c} holds {col.dtype} values, not USD amounts as advisor's frames "
                               f"write them; pass the frame advisor returned (or convert it: df[{c!r}].astype(float)).")
    return _data.shown_frame(frame)


def _sentences(messages: Iterable[str]) -> str | None:
    """Several reasons as one text, each ending with a full stop (a reason such as "...not in AWS GovCloud (US))"
    ran into the next one: "...(US)) missing price data: ..."); repeats dropped; None when there are none."""
    parts = [m.strip() for m in dict.fromkeys(messages) if m and m.strip()]
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts) or None


@_region_words("regions_frame(..., regions=[...])", "regions_frame(..., regions=[{}])")
def regions_frame(workload: Workload | dict | str | Path, regions: Sequence[str] | None = None,
                  platforms: Sequence[str] = ("ecs-fargate", "eks-fargate"), *,
                  prices: PriceBook | None = None) -> pd.DataFrame:
    """Price the same workload in each region; columns ``REGION_COLUMNS``.

    ``regions`` defaults to every region in the Fargate price table (plus the workload's own); one string is one
    region (as ``platforms`` takes one id). A region whose price data is missing gets status ``"no price data"`` or
    ``"incomplete"``, NaN ``monthly_cost`` and ``monthly_tco`` (its ``operations_cost``, an assumption, stays) and the
    message naming what is missing and how to fetch it; no price is borrowed
    from another region. Money in USD per month. A name that is not an AWS region raises ``UnknownRegionError``,
    a China Region ``PriceDataError`` (advisor does not price them); a ``regions`` or ``platforms`` that is not a
    string or a list of strings, or an empty ``regions`` or ``platforms``, raises ``AdvisorError`` (``platforms=None``
    prices every platform).

    >>> df = regions_frame("examples/web-app.yaml", ["us-east-1", "eu-west-1"])
    >>> df.status.unique().tolist()
    ['ok']
    """
    from advisor.pricing.book import default_pricebook

    # a path is read in each region below (as compare --region reads it); read here without a region only for its
    # own region, when regions is None: a plan whose resources are in several regions is refused without one
    source, workload = workload, None if _is_path(workload) else load(workload)
    prices = _pricebook(prices, "regions_frame") or default_pricebook()
    names = _names(platforms, "regions_frame", "platforms", '["ecs-fargate", "eks-fargate"]')
    if names == []:  # as price(platforms=[]): an empty list is not "every platform" (compare() reads [] as None)
        raise AdvisorError("regions_frame(platforms=...): the list is empty; give platform ids, such as "
                           '["ecs-fargate", "eks-fargate"], or leave platforms out for those two.')
    chosen = check_platforms(names, "regions_frame(platforms=...)")
    regions = _names(regions, "regions_frame", "regions", '["us-east-1", "eu-west-1"]')
    if regions is None:
        regions = sorted(set(prices.table("fargate_rates").column("region")) | {(workload or load(source)).region})
    elif not regions:  # as price(platforms=[]) and sweep_frame(w, []): an empty frame would say nothing
        raise AdvisorError("regions_frame(regions=[]): no region to price; give at least one region code, e.g. "
                           '["us-east-1", "eu-west-1"], or leave regions out for every region of the price data.')
    regions = list(dict.fromkeys(_region(r, "regions_frame", "regions") for r in regions))
    rows = []
    for region in regions:  # a path is read in each region (a Karpenter NodePool resolved there: _load_in)
        c = compare(_path(source) if workload is None else workload, region=region, platforms=chosen, prices=prices,
                    scaling=False)
        for e in c.estimates:
            messages = [f"{u.service}: {u.reason}" for u in e.unsupported] + list(e.missing_prices) + list(e.excluded)
            dates = sorted({ln.as_of for ln in e.lines if ln.as_of})
            ok = e.complete
            rows.append({"region": region, "platform": e.platform, "label": e.label,
                         "monthly_cost": e.monthly_cost if ok else math.nan,
                         "operations_cost": e.operations_cost,  # an assumption, known wherever prices are not
                         "monthly_tco": e.monthly_tco if ok else math.nan, "status": e.status, "complete": ok,
                         "rank": None, "message": _sentences(messages),
                         "as_of": dates[0] if dates and ok else None})
    df = _data.typed_frame(rows, REGION_COLUMNS)
    df["rank"] = df.groupby("platform")["monthly_tco"].rank(method="min").astype("Int64")
    return df


# ------------------------------------------------------------------------------------------------ report
class Report:
    """The HTML architecture-review report of a ``Comparison`` (what ``advisor report`` writes), for a notebook.

    ``html`` is the whole document. Shown in Jupyter (the last value of a cell, or ``display(r)``), it sits in a
    sandboxed ``<iframe srcdoc>``: the report's own stylesheet styles ``body``, ``table`` and ``h1`` and would restyle
    the notebook around it if its HTML were put in the page. ``str(r)`` is the HTML; to keep it as a file, use
    ``advisor report WORKLOAD -o FILE`` (or ``advisor.render.report_file.write_report``), which writes atomically."""

    #: Height of the frame in a notebook, CSS pixels (the report scrolls inside it).
    FRAME_HEIGHT = 720

    def __init__(self, html: str, workload_name: str) -> None:
        self.html = html
        self.workload_name = workload_name

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Report({self.workload_name!r}, {len(self.html):,} characters of HTML)"

    def _repr_html_(self) -> str:
        import html as _html

        return (f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" sandbox="" '
                f'title="advisor report: {_html.escape(self.workload_name, quote=True)}" '
                f'style="width: 100%; height: {self.FRAME_HEIGHT}px; border: 1px solid #ccc"></iframe>')


def report_html(comparison: Comparison, *, prices: PriceBook | None = None) -> Report:
    """The HTML report of ``comparison`` (as ``advisor report`` renders it; nothing is priced again), as a ``Report``
    that a notebook shows inline and ``str()`` turns into the document.

    ``prices`` is the book whose tables the report's assumptions section lists (default: the default book).
    Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` or ``prices`` not a ``PriceBook``.

    >>> r = report_html(price("examples/web-app.yaml"))
    >>> str(r).startswith("<!DOCTYPE html>")
    True
    """
    from advisor.render.html import render_report

    c = _comparison(comparison, "report_html", workload=True)
    return Report(render_report(c, prices=_pricebook(prices, "report_html")), c.workload.name)


# ------------------------------------------------------------------------------------------------- plots
def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, 4))
    return ax


def _money(ax: Axes, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda x, _pos=None: f"${x:,.0f}")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def plot_totals(comparison: Comparison, ax: Axes | None = None) -> Axes:
    """Horizontal bars of each platform's monthly infrastructure and operations cost (USD); returns the Axes.

    Platforms that are not ranked (incomplete, no price data, excluded) are greyed and labelled with their status in
    the words of compare's table (``Estimate.status_text``, e.g. "EKS on Fargate (not ranked: cannot run every
    service)").

    Raises ``AdvisorError`` when ``comparison`` is not a ``Comparison`` or ``ax`` not an Axes.

    >>> ax = plot_totals(price("examples/web-app.yaml"))  # doctest: +SKIP
    """
    comparison = _comparison(comparison, "plot_totals")
    ax = _axes(_axes_arg(ax, "plot_totals"))
    t = totals_frame(comparison).iloc[::-1]
    # a platform's status in the words of every other output (``Estimate.status_text``); the declared row's as it is
    words = {e.platform: e.status_text for e in comparison.estimates}
    labels = [f"{r.label} ({words.get(r.platform, r.status)})" if not r.feasible
              else r.label + (" *" if r.recommended else "") for r in t.itertuples()]
    colours = ["#2f6690" if f else "#bbbbbb" for f in t["feasible"]]
    ax.barh(labels, t["monthly_cost"], color=colours, label="infrastructure")
    ax.barh(labels, t["operations_cost"], left=t["monthly_cost"], color="#8c7a5b", alpha=0.6,
            label="operations (assumption)")
    _money(ax, "x")
    ax.set_xlabel("USD per month (* recommended)")
    ax.set_title(f"{comparison.workload.name} in {comparison.region}")
    ax.legend(loc="lower right")
    return ax


def plot_sweep(sweep: pd.DataFrame, ax: Axes | None = None, value: str = "monthly_tco") -> Axes:
    """One line per platform of ``value`` (USD per month) against the replica factor (log scale); returns the Axes.

    Infeasible points are left out; shaded bands mark crossovers of the cheapest platform.

    Raises ``AdvisorError`` when ``sweep`` is not a ``sweep_frame`` result, ``value`` is not monthly_tco or
    monthly_cost, or ``ax`` is not an Axes.

    >>> ax = plot_sweep(sweep_frame("examples/web-app.yaml", "0.5:10"))  # doctest: +SKIP
    """
    from advisor.compare.sweep import check_value

    check_value(value, "plot_sweep(value=...): value")
    money_columns = ("monthly_cost", "operations_cost", "monthly_tco")
    sweep = _frame(sweep, "plot_sweep", "sweep", ("factor", "platform", *money_columns, "feasible"), "sweep_frame",
                   numeric=("factor", *money_columns))
    try:  # checks every row first (feasible True/False, finite costs)
        crossings = crossovers_frame(sweep, value)
    except AdvisorError as exc:
        raise AdvisorError(f"plot_sweep(sweep): {exc}") from None
    ax = _axes(_axes_arg(ax, "plot_sweep"))
    ok = sweep[sweep["feasible"].astype(bool)]
    for platform, part in ok.groupby("platform", sort=False):
        part = part.sort_values("factor")
        ax.plot(part["factor"], part[value], marker="o", markersize=3, label=PLATFORM_LABELS.get(platform, platform))
    if not ok.empty:
        for c in crossings.itertuples():
            ax.axvspan(c.factor_low, c.factor_high, color="#999999", alpha=0.15, lw=0)
    ax.set_xscale("log")
    ax.set_xlabel("replicas x factor")
    ax.set_ylabel(f"{value} (USD per month)")
    _money(ax, "y")
    ax.legend()
    return ax


def plot_spot(spot: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """ECS Fargate monthly cost (USD) against Spot share, one line per Spot discount; returns the Axes.

    Raises ``AdvisorError`` when ``spot`` is not a ``spot_frame`` result or ``ax`` is not an Axes.

    >>> ax = plot_spot(spot_frame("examples/microservices.yaml"))  # doctest: +SKIP
    """
    spot = _frame(spot, "plot_spot", "spot", SPOT_COLUMNS, "spot_frame", numeric=SPOT_COLUMNS)
    ax = _axes(_axes_arg(ax, "plot_spot"))
    for discount, part in spot.groupby("spot_discount"):
        part = part.sort_values("spot_share")
        ax.plot(part["spot_share"], part["monthly_cost"], marker="o", label=f"Spot {discount:.0%} off")
    ax.set_xlabel("share of Spot-eligible tasks on Fargate Spot")
    ax.set_ylabel("USD per month")
    _money(ax, "y")
    ax.legend()
    return ax


def _with_argument_errors(fn):
    """``fn`` with a call it cannot bind (an unknown keyword, a missing or surplus argument) raising ``ArgumentError``
    naming the function, what it takes and the argument most likely meant, instead of Python's bare TypeError
    "price() got an unexpected keyword argument 'regoin'". The arguments are checked only when ``fn`` raised a
    TypeError, so a call that binds costs nothing and a TypeError from inside is left as it is."""
    import functools
    import inspect

    signature = inspect.signature(fn)
    names = [p.name for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except TypeError as exc:
            try:
                signature.bind(*args, **kwargs)
            except TypeError as unbound:
                from advisor.errors import ArgumentError

                unknown = [k for k in kwargs if k not in names]
                hint = did_you_mean(unknown[0], names) if unknown else ""
                raise ArgumentError(f"{fn.__name__}(): {unbound}.{hint} {fn.__name__} takes {', '.join(names)} "
                                    f"(help(advisor.{fn.__name__}) says what each is).") from None
            raise exc

    return call


for _name in ("load", "price", "lines_frame", "totals_frame", "category_frame", "sizes_frame", "strategies_frame",
              "scenario", "with_architecture", "with_region", "with_replicas_factor", "sweep_frame",
              "crossovers_frame", "spot_frame", "regions_frame", "plot_totals", "plot_sweep", "plot_spot",
              "report_html", "shown"):
    globals()[_name] = _with_argument_errors(globals()[_name])
del _name
