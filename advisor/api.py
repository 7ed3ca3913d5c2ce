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

import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from advisor.costing.lines import CATEGORIES
from advisor.platforms import PLATFORM_LABELS, PLATFORMS
from advisor.errors import AdvisorError, WorkloadError, did_you_mean
from advisor.compare import Comparison, compare
from advisor.workload import Workload, parse_workload

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from advisor.pricing.book import PriceBook

__all__ = [
    "LINE_COLUMNS", "TOTAL_COLUMNS", "CATEGORY_COLUMNS", "SIZE_COLUMNS", "STRATEGY_COLUMNS", "SWEEP_COLUMNS",
    "CROSSOVER_COLUMNS", "SPOT_COLUMNS", "REGION_COLUMNS",
    "load", "price", "lines_frame", "totals_frame", "category_frame", "sizes_frame", "strategies_frame",
    "scenario", "with_architecture", "with_region", "with_replicas_factor",
    "sweep_frame", "crossovers_frame", "spot_frame", "regions_frame",
    "plot_totals", "plot_sweep", "plot_spot",
]

# ------------------------------------------------------------------------------------------ column contracts
#: ``lines_frame``: one row per line item, infrastructure and operations. ``kind`` is ``"infrastructure"`` or
#: ``"operations"``; ``quantity`` is in ``unit`` (e.g. vCPU-hours, GB-hours, cluster-hours, engineer-hours),
#: ``unit_price`` is USD per ``unit``, ``monthly_cost`` = quantity x unit_price in USD per month; ``estimate`` is
#: True when the unit price is itself an estimate (Spot, operations assumptions); ``service`` is None for
#: workload-wide lines (control plane, nodes, operations).
LINE_COLUMNS = ["platform", "platform_label", "service", "category", "name", "quantity", "unit", "unit_price",
                "monthly_cost", "estimate", "as_of", "source", "kind"]

#: ``totals_frame``: one row per platform, in advisor's platform order. USD per month: ``monthly_cost``
#: (infrastructure), ``operations_cost`` (engineer effort, an assumption), ``monthly_tco`` (their sum, the
#: ranking figure). ``status`` is ok / incomplete / no price data / excluded; ``rank`` is 1 for the cheapest
#: feasible platform (<NA> when not ranked); ``recommended`` marks the recommendation.
TOTAL_COLUMNS = ["platform", "label", "monthly_cost", "operations_cost", "monthly_tco", "feasible", "complete",
                 "status", "rank", "recommended"]

#: ``category_frame``: one row per platform; one column per cost category (USD per month, 0 when absent), then
#: ``monthly_tco``.
CATEGORY_COLUMNS = ["platform", "label", *CATEGORIES, "monthly_tco"]

#: ``sizes_frame``: one row per service. Requests and Fargate sizes per task/pod: vCPU and MiB. ``replicas`` is
#: tasks running on average; ``*_waste_*`` is what rounding up to a valid Fargate size adds per task (NaN when
#: the request has no valid size; ``sizing_error`` says why).
SIZE_COLUMNS = ["service", "replicas", "architecture", "os", "monthly_hours", "requested_vcpu", "requested_memory_mib",
                "fargate_vcpu", "fargate_memory_mib", "fargate_waste_vcpu", "fargate_waste_memory_mib",
                "eks_fargate_vcpu", "eks_fargate_memory_mib", "eks_fargate_waste_vcpu", "eks_fargate_waste_memory_mib",
                "sizing_error"]

#: ``strategies_frame``: one row per service priced on ECS Fargate + Fargate Spot. ``fargate_base`` and the
#: weights are the capacityProviderStrategy; ``*_tasks`` are average running tasks; money in USD per month.
STRATEGY_COLUMNS = ["service", "fargate_base", "fargate_weight", "fargate_spot_weight", "fargate_tasks",
                    "fargate_spot_tasks", "min_healthy_tasks", "max_tasks", "monthly_cost_all_on_demand",
                    "monthly_cost", "monthly_saving", "capacity_provider_strategy"]

#: ``sweep_frame``: one row per (factor, platform); ``factor`` multiplies every service's replicas. USD per month.
SWEEP_COLUMNS = ["factor", "platform", "monthly_cost", "operations_cost", "monthly_tco", "feasible"]

#: ``crossovers_frame``: one row per change of the cheapest feasible platform between adjacent factors.
CROSSOVER_COLUMNS = ["factor_low", "factor_high", "from", "to", "cost_low", "cost_high"]

#: ``spot_frame``: ECS Fargate monthly cost (USD) by share of Spot-eligible tasks on Spot (0-1) and Spot discount
#: against on-demand (0-1); ``saving`` is against all on-demand.
SPOT_COLUMNS = ["spot_share", "spot_discount", "monthly_cost", "saving"]

#: ``regions_frame``: one row per (region, platform). Money (USD per month) only where the estimate is complete
#: (NaN otherwise: advisor never shows a partial or borrowed price); ``message`` says what is missing and how to
#: get it; ``rank`` orders the regions per platform (1 = cheapest); ``as_of`` is the oldest price date used.
REGION_COLUMNS = ["region", "platform", "label", "monthly_cost", "operations_cost", "monthly_tco", "status",
                  "complete", "rank", "message", "as_of"]


# ------------------------------------------------------------------------------------------------- loading
def load(source: Workload | dict | str | Path) -> Workload:
    """A validated ``Workload`` from a path, a dict or a ``Workload``.

    ``source`` may be a workload YAML file, an ECS task-definition JSON, Kubernetes manifests (a file or a
    folder), a dict in the workload-file format (see ``docs/workload-format.md``; cpu in vCPU, memory in MiB)
    or a ``Workload`` (returned as is). Bad input raises ``WorkloadError`` naming the field and the fix.

    >>> w = load({"name": "demo", "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]})
    >>> w.services[0].vcpu, w.services[0].memory_mib
    (0.5, 1024.0)
    """
    if isinstance(source, Workload):
        return source
    if isinstance(source, dict):
        return parse_workload(source)
    if isinstance(source, (str, Path)):
        from advisor.workload.importers import load_any

        return load_any(source)
    raise WorkloadError(f"cannot load a workload from a {type(source).__name__}; give a file path, a dict or a Workload.")


def _check_platforms(platforms: Iterable[str] | None) -> list[str] | None:
    from advisor.costing import ESTIMATORS

    if platforms is None:
        return None
    if isinstance(platforms, str):
        platforms = [platforms]
    chosen = list(dict.fromkeys(platforms))
    known = [p for p in PLATFORMS if p in ESTIMATORS]
    for p in chosen:
        if p not in ESTIMATORS:
            raise AdvisorError(f"platform {p!r} is not one advisor can price.{did_you_mean(p, known)} "
                               f"Valid: {', '.join(known)}.")
    return chosen or None


def price(workload: Workload | dict | str | Path, region: str | None = None, platforms: Sequence[str] | None = None,
          *, prices: PriceBook | None = None, explain_changes: bool = False,
          require_complete: bool = False) -> Comparison:
    """Price a workload on each platform (USD per month) and recommend one: ``advisor compare`` as a call.

    ``workload`` is anything ``load`` accepts; ``region`` overrides its region; ``platforms`` limits the
    platform ids (default all: ecs-fargate, ecs-fargate-spot, ecs-ec2, eks-ec2, eks-fargate). With
    ``explain_changes`` the recommendation also says where the cheapest platform changes as replicas scale
    (slower: it prices the workload several more times). With ``require_complete`` an ``AdvisorError`` is raised
    when no platform can price every service.

    >>> c = price("examples/web-app.yaml", platforms=["ecs-fargate", "eks-fargate"])
    >>> c.recommendation.platform
    'ecs-fargate'
    """
    source = workload if isinstance(workload, (str, Path)) else load(workload)  # a path stays the source_file
    return compare(source, region=region, platforms=_check_platforms(platforms), prices=prices,
                   require_complete=require_complete, explain_changes=explain_changes)


# ---------------------------------------------------------------------------------------------- DataFrames
def lines_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per line item of every platform, infrastructure then operations; columns ``LINE_COLUMNS``.

    ``monthly_cost`` is USD per month; the infrastructure rows of a platform sum to its ``monthly_cost``, the
    operations rows to its ``operations_cost``.

    >>> df = lines_frame(price("examples/web-app.yaml"))
    >>> df[df.kind == "infrastructure"].groupby("platform").monthly_cost.sum()  # doctest: +SKIP
    """
    rows = []
    for est in comparison.estimates:
        for kind, lines in (("infrastructure", est.lines), ("operations", est.operations)):
            for line in lines:
                rows.append({"platform": est.platform, "platform_label": est.label, "service": line.service,
                             "category": line.category, "name": line.name, "quantity": line.quantity,
                             "unit": line.unit, "unit_price": line.unit_price, "monthly_cost": line.monthly_cost,
                             "estimate": line.estimate, "as_of": line.as_of, "source": line.source, "kind": kind})
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def totals_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per platform with its monthly totals (USD), status and rank; columns ``TOTAL_COLUMNS``.

    The figures are the ones ``advisor compare --format json`` reports (``Comparison.to_dict()["platforms"]``).

    >>> t = totals_frame(price("examples/web-app.yaml"))
    >>> t.loc[t.recommended, "platform"].item()  # doctest: +SKIP
    'ecs-fargate-spot'
    """
    ranks = {e.platform: i for i, e in enumerate(comparison.ranked(), start=1)}
    rows = [{"platform": e.platform, "label": e.label, "monthly_cost": e.monthly_cost,
             "operations_cost": e.operations_cost, "monthly_tco": e.monthly_tco, "feasible": e.feasible,
             "complete": e.complete, "status": e.status, "rank": ranks.get(e.platform),
             "recommended": e.platform == comparison.recommendation.platform}
            for e in comparison.estimates]
    df = pd.DataFrame(rows, columns=TOTAL_COLUMNS)
    df["rank"] = df["rank"].astype("Int64")
    return df


def category_frame(comparison: Comparison) -> pd.DataFrame:
    """Monthly cost (USD) per platform and cost category, operations included; columns ``CATEGORY_COLUMNS``.

    >>> category_frame(price("examples/web-app.yaml"))[["platform", "compute", "control_plane"]]  # doctest: +SKIP
    """
    rows = []
    for est in comparison.estimates:
        by_cat = est.cost_by_category()
        row = {"platform": est.platform, "label": est.label, **{c: by_cat.get(c, 0.0) for c in CATEGORIES}}
        row["operations"] = row["operations"] + est.operations_cost
        row["monthly_tco"] = est.monthly_tco
        rows.append(row)
    return pd.DataFrame(rows, columns=CATEGORY_COLUMNS)


def sizes_frame(comparison: Comparison) -> pd.DataFrame:
    """The Fargate size each service gets on ECS and on EKS (+256 MiB rule) and the rounding waste per task.

    vCPU and MiB per task/pod; columns ``SIZE_COLUMNS``.

    >>> sizes_frame(price("examples/web-app.yaml"))[["service", "fargate_vcpu", "eks_fargate_memory_mib"]]  # doctest: +SKIP
    """
    nan = math.nan
    rows = []
    for s in comparison.services():
        row: dict[str, Any] = {"service": s["name"], "replicas": s["replicas"], "architecture": s["architecture"],
                               "os": s["os"], "monthly_hours": s["monthly_hours"],
                               "requested_vcpu": s["requested"]["vcpu"],
                               "requested_memory_mib": s["requested"]["memory_mib"]}
        for prefix in ("fargate", "eks_fargate"):
            size, waste = s.get(f"{prefix}_size"), s.get(f"{prefix}_waste")
            row[f"{prefix}_vcpu"] = size["vcpu"] if size else nan
            row[f"{prefix}_memory_mib"] = size["memory_mib"] if size else nan
            row[f"{prefix}_waste_vcpu"] = waste["vcpu"] if waste else nan
            row[f"{prefix}_waste_memory_mib"] = waste["memory_mib"] if waste else nan
        row["sizing_error"] = "; ".join(s.get("sizing_errors", [])) or None
        rows.append(row)
    return pd.DataFrame(rows, columns=SIZE_COLUMNS)


def strategies_frame(comparison: Comparison) -> pd.DataFrame:
    """The capacity-provider strategy per service on ECS Fargate + Fargate Spot; columns ``STRATEGY_COLUMNS``.

    Empty when the comparison did not price ``ecs-fargate-spot``. Money in USD per month.

    >>> strategies_frame(price("examples/microservices.yaml"))[["service", "fargate_base", "monthly_saving"]]  # doctest: +SKIP
    """
    try:
        strategies = comparison.estimate("ecs-fargate-spot").extra.get("strategies", [])
    except KeyError:
        strategies = []
    rows = []
    for s in strategies:
        items = {i["capacityProvider"]: i for i in s["capacityProviderStrategy"]}
        fg, sp = items.get("FARGATE", {}), items.get("FARGATE_SPOT", {})
        rows.append({"service": s["service"], "fargate_base": fg.get("base", 0), "fargate_weight": fg.get("weight", 0),
                     "fargate_spot_weight": sp.get("weight", 0), "fargate_tasks": s["tasks"].get("FARGATE", 0.0),
                     "fargate_spot_tasks": s["tasks"].get("FARGATE_SPOT", 0.0),
                     "min_healthy_tasks": s["deployment"]["min_healthy_tasks"],
                     "max_tasks": s["deployment"]["max_tasks"],
                     "monthly_cost_all_on_demand": s["monthly_cost_all_on_demand"], "monthly_cost": s["monthly_cost"],
                     "monthly_saving": s["monthly_saving"], "capacity_provider_strategy": s["capacityProviderStrategy"]})
    return pd.DataFrame(rows, columns=STRATEGY_COLUMNS)


# ---------------------------------------------------------------------------------------------- what-ifs
def _service_names(workload: Workload, services: Iterable[str] | None) -> set[str]:
    names = [s.name for s in workload.services]
    if services is None:
        return set(names)
    if isinstance(services, str):
        services = [services]
    chosen = set(services)
    for name in chosen:
        if name not in names:
            raise WorkloadError(f"service {name!r} is not in workload '{workload.name}'.{did_you_mean(name, names)} "
                                f"Services: {', '.join(names)}.")
    return chosen


def with_architecture(workload: Workload | dict | str | Path, architecture: str,
                      services: Iterable[str] | None = None) -> Workload:
    """A copy of the workload with ``services`` (default: every Linux service) on ``architecture``.

    ``architecture`` is ``"x86_64"`` or ``"arm64"``. Windows services keep x86_64 when ``services`` is None (Fargate
    runs Windows on x86_64 only); naming a Windows service with arm64 is an error.

    >>> w = with_architecture("examples/web-app.yaml", "arm64")
    >>> {s.architecture for s in w.services}
    {'arm64'}
    """
    workload = load(workload)
    if architecture not in ("x86_64", "arm64"):
        raise WorkloadError(f"architecture {architecture!r} is not valid; use x86_64 or arm64.")
    named = services is not None
    chosen = _service_names(workload, services)
    new = []
    for svc in workload.services:
        if svc.name in chosen and svc.os == "windows" and architecture == "arm64":
            if named:
                raise WorkloadError(f"service {svc.name!r} runs Windows, which Fargate and advisor support on x86_64 "
                                    "only; leave it out of services.")
            new.append(svc)
        elif svc.name in chosen:
            new.append(svc.model_copy(update={"architecture": architecture}))
        else:
            new.append(svc)
    return workload.model_copy(update={"services": new})


def with_region(workload: Workload | dict | str | Path, region: str) -> Workload:
    """A copy of the workload in ``region`` (an AWS region code such as ``"eu-west-1"``).

    A name that is not an AWS region raises ``UnknownRegionError`` with a did-you-mean hint; a real region
    without price data is accepted (pricing it then says what is missing).

    >>> with_region("examples/web-app.yaml", "eu-west-1").region
    'eu-west-1'
    """
    from advisor.pricing.book import default_pricebook

    workload = load(workload)
    region = region.strip().lower()
    default_pricebook().check_region(region)
    return workload.model_copy(update={"region": region})


def with_replicas_factor(workload: Workload | dict | str | Path, factor: float,
                         services: Iterable[str] | None = None) -> Workload:
    """A copy with the replicas (or auto-scaling min/max/average) of ``services`` (default all) times ``factor``.

    ``factor`` is a positive number; fractional results are average running tasks, as ``scaling.average`` is.

    >>> w = with_replicas_factor("examples/web-app.yaml", 2.0)
    >>> w.services[0].desired
    4.0
    """
    from advisor.compare.sweep import scale_workload

    workload = load(workload)
    chosen = _service_names(workload, services)
    scaled = scale_workload(workload, factor)
    new = [s2 if s1.name in chosen else s1 for s1, s2 in zip(workload.services, scaled.services)]
    return workload.model_copy(update={"services": new})


def scenario(workload: Workload | dict | str | Path, *, services: Iterable[str] | None = None,
             **changes: Any) -> Workload:
    """A "what if" copy of the workload: ``architecture``, ``region``, ``replicas_factor`` and/or workload fields.

    ``architecture`` and ``replicas_factor`` apply to ``services`` (default all); any other keyword replaces a
    top-level workload field (e.g. ``monthly_hours=360``, ``eks={"support": "extended"}``) and is validated as
    the workload file is.

    >>> w = scenario("examples/web-app.yaml", architecture="arm64", region="eu-west-1", replicas_factor=2)
    >>> w.region, w.services[0].architecture, w.services[0].desired
    ('eu-west-1', 'arm64', 4.0)
    """
    workload = load(workload)
    architecture = changes.pop("architecture", None)
    region = changes.pop("region", None)
    factor = changes.pop("replicas_factor", None)
    if changes:
        fields = list(Workload.model_fields)
        for key in changes:
            if key not in fields:
                raise WorkloadError(f"scenario: {key!r} is not a workload field.{did_you_mean(key, fields)} Use "
                                    f"architecture, region, replicas_factor or one of: {', '.join(fields)}.")
        data = workload.model_dump(exclude_unset=True)
        data.update(changes)
        workload = parse_workload(data, source="scenario")
    if region is not None:
        workload = with_region(workload, region)
    if architecture is not None:
        workload = with_architecture(workload, architecture, services)
    if factor is not None:
        workload = with_replicas_factor(workload, factor, services)
    return workload


# --------------------------------------------------------------------------------------- sweeps and grids
def sweep_frame(workload: Workload | dict | str | Path, factors: Sequence[float] | str = "0.25:20",
                platforms: Sequence[str] | None = None, *, points: int = 25,
                prices: PriceBook | None = None) -> pd.DataFrame:
    """Price every platform with every service's replicas times each factor; columns ``SWEEP_COLUMNS``.

    ``factors`` is a list of positive multipliers or a range ``"LOW:HIGH"`` (``points`` factors, geometric, 1
    included). EC2 platforms are packed with a light, deterministic search (``packing_effort(60, 3)``), so
    their points can sit slightly above what ``price`` reports at the same scale. Money in USD per month.

    >>> df = sweep_frame("examples/web-app.yaml", [1, 2, 4], platforms=["ecs-fargate", "eks-fargate"])
    >>> sorted(df.factor.unique().tolist())
    [1.0, 2.0, 4.0]
    """
    from advisor.sizing.fleet import packing_effort
    from advisor.compare.sweep import parse_scale, sweep

    workload = load(workload)
    chosen = _check_platforms(platforms)
    grid = parse_scale(factors, points) if isinstance(factors, str) else list(factors)
    with packing_effort(60.0, 3):
        df = sweep(workload, grid, chosen, prices)
    return df[SWEEP_COLUMNS]


def crossovers_frame(sweep: pd.DataFrame, value: str = "monthly_tco") -> pd.DataFrame:
    """Where the cheapest feasible platform changes in a ``sweep_frame``; columns ``CROSSOVER_COLUMNS``.

    ``value`` is the column ranked (``monthly_tco``, or ``monthly_cost`` for infrastructure alone).

    >>> crossovers_frame(sweep_frame("examples/microservices.yaml", "0.25:20"))  # doctest: +SKIP
    """
    from advisor.compare.sweep import crossovers

    return pd.DataFrame(crossovers(sweep, value), columns=CROSSOVER_COLUMNS)


def spot_frame(workload: Workload | dict | str | Path, shares: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0),
               discounts: Sequence[float] = (0.5, 0.6, 0.7, 0.8), *,
               prices: PriceBook | None = None) -> pd.DataFrame:
    """ECS Fargate monthly cost (USD) over a grid of Spot share x Spot discount; columns ``SPOT_COLUMNS``.

    ``shares`` is the fraction (0-1) of Spot-eligible tasks (Linux, ``spot: true``) placed on Fargate Spot;
    ``discounts`` the Spot price's discount against on-demand (0-1). A sensitivity grid, not a forecast: the
    bundled Spot rates are in ``price(...)``'s ecs-fargate-spot lines.

    >>> spot_frame("examples/web-app.yaml", [0, 1], [0.7]).saving.tolist()  # doctest: +SKIP
    """
    from advisor.compare.sweep import spot_sensitivity

    for name, values in (("shares", shares), ("discounts", discounts)):
        bad = [v for v in values if not 0 <= float(v) <= 1]
        if bad:
            raise AdvisorError(f"spot_frame: {name} must lie between 0 and 1 (fractions, e.g. 0.7 for 70%); got {bad}.")
    return spot_sensitivity(load(workload), shares, discounts, prices)[SPOT_COLUMNS]


def regions_frame(workload: Workload | dict | str | Path, regions: Sequence[str] | None = None,
                  platforms: Sequence[str] = ("ecs-fargate", "eks-fargate"), *,
                  prices: PriceBook | None = None) -> pd.DataFrame:
    """Price the same workload in each region; columns ``REGION_COLUMNS``.

    ``regions`` defaults to every region in the Fargate price table (plus the workload's own). A region whose
    price data is missing gets status ``"no price data"`` or ``"incomplete"``, NaN money and the message naming
    what is missing and how to fetch it; no price is borrowed from another region. Money in USD per month.

    >>> df = regions_frame("examples/web-app.yaml", ["us-east-1", "eu-west-1"])
    >>> df.status.unique().tolist()
    ['ok']
    """
    from advisor.pricing.book import default_pricebook

    workload = load(workload)
    prices = prices or default_pricebook()
    chosen = _check_platforms(platforms)
    if regions is None:
        regions = sorted(set(prices.table("fargate_rates").column("region")) | {workload.region})
    rows = []
    for region in regions:
        region = region.strip().lower()
        c = compare(workload, region=region, platforms=chosen, prices=prices)
        for e in c.estimates:
            messages = [f"{u.service}: {u.reason}" for u in e.unsupported] + list(e.missing_prices) + list(e.excluded)
            dates = sorted({ln.as_of for ln in e.lines if ln.as_of})
            ok = e.complete
            rows.append({"region": region, "platform": e.platform, "label": e.label,
                         "monthly_cost": e.monthly_cost if ok else math.nan,
                         "operations_cost": e.operations_cost if ok else math.nan,
                         "monthly_tco": e.monthly_tco if ok else math.nan, "status": e.status, "complete": ok,
                         "rank": None, "message": " ".join(dict.fromkeys(messages)) or None,
                         "as_of": dates[0] if dates and ok else None})
    df = pd.DataFrame(rows, columns=REGION_COLUMNS)
    df["rank"] = df.groupby("platform")["monthly_tco"].rank(method="min").astype("Int64")
    return df


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

    Platforms that are not ranked (incomplete, no price data, excluded) are greyed and labelled with their status.

    >>> ax = plot_totals(price("examples/web-app.yaml"))  # doctest: +SKIP
    """
    ax = _axes(ax)
    t = totals_frame(comparison).iloc[::-1]
    labels = [f"{r.label} ({r.status})" if not r.feasible else r.label + (" *" if r.recommended else "")
              for r in t.itertuples()]
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

    Infeasible points are left out; dotted vertical lines mark crossovers of the cheapest platform.

    >>> ax = plot_sweep(sweep_frame("examples/web-app.yaml", "0.5:10"))  # doctest: +SKIP
    """
    from advisor.compare.sweep import crossovers

    ax = _axes(ax)
    ok = sweep[sweep["feasible"]]
    for platform, part in ok.groupby("platform", sort=False):
        part = part.sort_values("factor")
        ax.plot(part["factor"], part[value], marker="o", markersize=3, label=PLATFORM_LABELS.get(platform, platform))
    if not ok.empty:
        for c in crossovers(sweep, value):
            ax.axvspan(c["factor_low"], c["factor_high"], color="#999999", alpha=0.15, lw=0)
    ax.set_xscale("log")
    ax.set_xlabel("replicas x factor")
    ax.set_ylabel(f"{value} (USD per month)")
    _money(ax, "y")
    ax.legend()
    return ax


def plot_spot(spot: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """ECS Fargate monthly cost (USD) against Spot share, one line per Spot discount; returns the Axes.

    >>> ax = plot_spot(spot_frame("examples/microservices.yaml"))  # doctest: +SKIP
    """
    ax = _axes(ax)
    for discount, part in spot.groupby("spot_discount"):
        part = part.sort_values("spot_share")
        ax.plot(part["spot_share"], part["monthly_cost"], marker="o", label=f"Spot {discount:.0%} off")
    ax.set_xlabel("share of Spot-eligible tasks on Fargate Spot")
    ax.set_ylabel("USD per month")
    _money(ax, "y")
    ax.legend()
    return ax
