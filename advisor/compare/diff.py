"""The cost of a change: two inputs (e.g. the Terraform plan of ``main`` and of a branch) priced alike, and the
monthly change per platform and per service (``advisor diff BEFORE AFTER``; docs/iac.md).

``diff(before, after, ...) -> CostDiff``. Each side is any input ``compare`` reads (workload file, task
definitions, manifests, Terraform plan/state JSON, CloudFormation/CDK template, ``-`` for one of them). A
Terraform plan or template that declares infrastructure but no service (an EKS cluster and its node groups,
say), or whose scheduled ECS tasks all run nothing (rules disabled, schedules that never fire again), is priced as
declared only: it has no platform estimates, and the diff shows the declared change (a disabled nightly task: its
cost to $0). One that declares nothing of container compute at all (``IacImportResult.declares_nothing``: main's
plan before the first service) is an empty estate, $0, in no region.

Rows (money in USD per month, rounded to cents once: a change is the difference of the displayed amounts):

* ``declared``: the estate as declared on each side (``advisor.compare.declared``), when either side has one;
* ``platforms``: each platform's optimised infrastructure estimate (``Estimate.monthly_cost``; ``None`` where a
  side cannot run every service or has no services), with each side's status (``Estimate.status``): a platform
  excluded by the workload's requirements on one side keeps its total there but has no change, as a platform
  priced on one side only has none (it is not the same choice on both sides; excluded on both, it has one);
* ``left_out``: the platforms with a total on neither side, each with why on each side (``REASONS``), so the
  renderers can say which were left out instead of dropping them without a word;
* ``services``: per service and platform (``declared`` included), the lines that name the service; lines of
  no service (nodes, control planes, load balancers, NAT gateways) are the row ``(shared)`` (``shared`` True: a
  service of that name is a row of its own). Only for a row above
  priced on both sides; its services' amounts are apportioned to its totals (``_shown_by_service``), so they add
  up to the row's before, after and change as shown, and a service whose cost did not change shows no change.

``headline`` is the figure a pull request is judged by (and ``--fail-above`` gates): the declared change when both
sides declare the estate, else what the team would pay on the recommended platform (its infrastructure) before and
after: the change of the platform recommended for both sides, or, when the recommendation changed, the change from
the platform recommended for ``before`` (its total before) to the one recommended for ``after`` (its total after),
labelled "before's → after's" (``before_key`` -> ``key``). ``recommendation_changed`` says the recommendation
changed, whichever the headline.

A side whose requirements rule out every platform (``advisor.compare.constraints``: a GPU service, portability
with every EKS platform excluded) is priced as one no platform can run, not refused: ``compare`` is called with
``allow_all_excluded``, each platform is "excluded" there and the side's notes carry the reasons ``compare`` would
stop with. Only an unreadable input, or no total on either side, is an error (exit 2 in the CLI; docs/iac.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from advisor.compare.comparison import Comparison
from advisor.compare.declared import Declared, price_declared
from advisor.errors import AdvisorError, WorkloadError, with_message
from advisor.platforms import PLATFORM_LABELS, PLATFORMS
from advisor.pricing.book import PriceBook, default_pricebook
from advisor.units import HOURS_PER_MONTH, apportioned_cents, cents
from advisor.workload.source import is_folder, read_source

#: The service name of lines that belong to no service (nodes, control planes, shared costs).
SHARED_ROW = "(shared)"


@dataclass
class Side:
    """One input priced: its comparison (None for an estate without services), its declared estate, notes."""

    source: str
    comparison: Comparison | None = None
    declared: Declared | None = None
    notes: list[str] = field(default_factory=list)
    region: str = ""
    runs_nothing: bool = False  # no service, and its scheduled ECS tasks all run nothing (priced at $0 as declared)

    def platform_cost(self, platform: str) -> float | None:
        if self.comparison is None:
            return None
        try:
            est = self.comparison.estimate(platform)
        except KeyError:
            return None
        return cents(est.monthly_cost) if est.complete else None

    def platform_status(self, platform: str) -> str | None:
        """``side_status`` of ``platform`` on this side ("ok", "excluded", "incomplete", "missing price data", "no
        price data"), "no services" / "runs nothing" for a side without services, None when the platform was not
        asked for."""
        if self.comparison is None:
            return "runs nothing" if self.runs_nothing else "no services"
        try:
            return side_status(self.comparison.estimate(platform))
        except KeyError:
            return None

    @property
    def recommendation(self) -> str | None:
        """The platform recommended for this side (None: no services, or no platform runs every service)."""
        return self.comparison.recommendation.platform or None if self.comparison is not None else None

    def by_service(self) -> dict[tuple[str, str | None], float]:
        """{(platform, service): USD per month} over every platform and the declared estate; service None for the
        lines of no service (a service may be named "(shared)" itself: its lines are its own, not the nodes')."""
        out: dict[tuple[str, str | None], float] = {}
        # only platforms that price every service: a partial estimate has no total, so no per-service change either
        estimates = [e for e in self.comparison.estimates if e.complete] if self.comparison is not None else []
        if self.declared is not None and self.declared.complete:
            estimates.append(self.declared.estimate)
        for est in estimates:
            for line in est.lines:
                key = (est.platform, line.service or None)
                out[key] = out.get(key, 0.0) + line.monthly_cost
        return out


@dataclass
class Change:
    """Before and after (USD per month, cents; None where not priced) and the change.

    A platform row carries each side's ``Estimate.status`` (``Side.platform_status``): a platform excluded by the
    workload's requirements on one side still has its total there, but no change (it is not the same choice on both
    sides). The headline, when the recommendation changed, is from ``before_key`` (BEFORE's recommended platform) to
    ``key`` (AFTER's)."""

    key: str
    label: str
    before: float | None
    after: float | None
    service: str | None = None
    absent_is_zero: bool = False  # services: a side without the service costs 0; platforms: None = not priced
    before_status: str | None = None
    after_status: str | None = None
    before_key: str | None = None
    shared: bool = False  # a per-service row of the lines of no service (``service`` is then ``SHARED_ROW``)

    @property
    def comparable(self) -> bool:
        """Both sides priced, and a platform's standing the same on both (both eligible, or both excluded)."""
        if self.absent_is_zero:
            return self.before is not None or self.after is not None
        return self.before is not None and self.after is not None and self.before_status == self.after_status

    @property
    def change(self) -> float | None:
        """After minus before; None when not ``comparable`` (a platform that cannot run every service, or is
        excluded, on one side)."""
        if not self.comparable:
            return None
        if self.absent_is_zero:
            return cents((self.after or 0.0) - (self.before or 0.0))
        return cents(self.after - self.before)

    @property
    def percent(self) -> float | None:
        if self.before and self.after is not None and self.comparable:
            return (self.after - self.before) / self.before * 100
        return None

    def to_dict(self) -> dict:
        d = {"key": self.key, "label": self.label, "before": self.before, "after": self.after,
             "change": self.change, "change_percent": self.percent}
        if self.service is not None:
            d["service"], d["shared"] = self.service, self.shared
        if self.before_key is not None:
            d["before_key"] = self.before_key
        if self.service is None and (self.before_status is not None or self.after_status is not None):
            d["before_status"], d["after_status"] = self.before_status, self.after_status
        return d


#: Why a side has no total for a platform, by ``side_status`` (and for a side without services).
REASONS = {"as declared (partial)": "its declared estate is priced only in part ('advisor compare' lists what is not "
           "priced)",
           "incomplete": "cannot run every service", "missing price data": "lacks price data ('advisor compare' names "
           "it and the command that fetches it)", "no price data": "no price data", "excluded": "excluded by the "
           "workload's requirements", "no services": "declares no service",
           "runs nothing": "its scheduled tasks run nothing"}


def side_status(est) -> str:
    """``Estimate.status``, with an incomplete estimate that runs every service but lacks some price data called
    "missing price data" (as compare says "not ranked: missing price data"); "incomplete" is kept for one that
    cannot run every service."""
    status = est.status
    return "missing price data" if status == "incomplete" and not est.unsupported else status


@dataclass
class LeftOut:
    """A platform with a total on neither side: why on each side (``REASONS`` values; None where the platform was
    not asked for on that side, e.g. by ``--platform``)."""

    platform: str
    label: str
    before: str | None
    after: str | None

    def to_dict(self) -> dict:
        return {"platform": self.platform, "label": self.label, "before": self.before, "after": self.after}


@dataclass
class CostDiff:
    """The monthly change between two inputs (see the module docstring)."""

    before: Side
    after: Side
    declared: Change | None
    platforms: list[Change]
    services: list[Change]
    headline: Change | None
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def recommendation_changed(self) -> bool:
        """True when both sides have services and a different platform (or none) is recommended AFTER."""
        return (self.before.comparison is not None and self.after.comparison is not None
                and self.before.recommendation != self.after.recommendation)

    def to_dict(self) -> dict:
        def side(s: Side) -> dict:
            return {"source": s.source, "region": s.region,
                    "declared": s.declared.to_dict() if s.declared is not None else None,
                    "recommendation": (s.comparison.recommendation.platform if s.comparison is not None else None),
                    "notes": list(s.notes)}
        return {"currency": "USD", "per": "month", "before": side(self.before), "after": side(self.after),
                "recommendation": {"before": self.before.recommendation, "after": self.after.recommendation,
                                   "changed": self.recommendation_changed},
                "headline": self.headline.to_dict() if self.headline else None,
                "declared": self.declared.to_dict() if self.declared else None,
                "platforms": [c.to_dict() for c in self.platforms],
                "left_out": [x.to_dict() for x in self.left_out],
                "services": [c.to_dict() for c in self.services]}


def _side(path: str | Path, *, region: str | None, platforms: list[str] | None, prices: PriceBook,
          strict: bool) -> Side:
    from advisor.compare import all_excluded_message, compare
    from advisor.workload.importers import load_any

    if is_folder(path):  # a folder of Kubernetes manifests, read as compare reads it
        name, workload = str(path), load_any(path, strict=strict, region=region)
    else:
        from advisor.workload.importers.detect import source_format_message

        if message := source_format_message(path):  # before reading: a .jsonnet file is no YAML to parse
            raise WorkloadError(message)
        src = read_source(path)
        try:
            name, workload = src.name, load_any(src, strict=strict, region=region)
        except WorkloadError:
            side = _declared_only(src, region, prices, strict)
            if side is None:
                raise
            return side
    # a side whose requirements rule out every platform is priced like one no platform can run (an impossible size):
    # each platform "excluded" with its reason, no recommendation; it is readable, so it is no exit 2
    c = compare(workload, region=region, platforms=platforms, prices=prices, strict=strict, scaling=False,
                explain_changes=False, allow_all_excluded=True)
    notes = list(c.notes)
    if c.estimates and all(e.excluded for e in c.estimates):  # the reason, as 'advisor compare' gives it
        notes.append(all_excluded_message(c.workload, c.estimates))
    return Side(name, c, c.declared, notes, c.region)


def _declared_only(src, region: str | None, prices: PriceBook, strict: bool) -> Side | None:
    """An infrastructure-only Terraform plan or template: its declared estate priced on its own (no services, so
    no platform estimates). None when ``src`` is not such an input (the caller re-raises the original error)."""
    from advisor.workload.importers import detect, import_cloudformation, import_terraform
    from advisor.workload.model import DeclaredEstate, Shared, Workload

    kind = detect(src)
    if kind not in ("terraform", "cloudformation"):
        return None
    result = (import_terraform if kind == "terraform" else import_cloudformation)(src, region=region,
                                                                                   allow_empty=True)
    empty = result.declares_nothing  # nothing of container compute: an empty estate, $0 (before the first service)
    if result.services or not (result.declared or result.shared or result.idle or empty):
        return None
    if strict and result.assumptions:
        raise WorkloadError(f"{result.source}: --strict: advisor would assume: " + "; ".join(result.assumptions))
    prices.check_region(result.region)
    try:
        workload = Workload.model_construct(  # no services: priced as declared only (its parts validated here)
            name=result.name or "estate", region=result.region, monthly_hours=HOURS_PER_MONTH, services=[],
            shared=Shared.model_validate(result.shared) if result.shared else None,
            declared=DeclaredEstate.model_validate(result.declared or {"source": result.source}))
    except ValueError as exc:  # pydantic's ValidationError: a value the workload format refuses
        raise WorkloadError(f"{result.source}: {exc}") from None
    d = price_declared(workload, prices)
    notes = result.all_notes() + [f"{result.source}: declares nothing advisor prices (no ECS or Kubernetes service, "
                                  "cluster, node, load balancer or NAT gateway): an empty estate, $0 a month." if
                                  empty else
                                  f"{result.source}: declares no service: priced as declared only (no platform "
                                  "estimates)." if not result.idle else
                                  f"{result.source}: no service runs: its scheduled ECS task(s) run nothing (the notes "
                                  "above say why), so it is priced as declared only, its tasks at $0 (no platform "
                                  "estimates)."]
    # an empty estate is in no region (its plan may name none): no "Regions differ" against the other side
    return Side(result.source, None, d, notes, "" if empty else result.region, runs_nothing=bool(result.idle))


def diff(before: str | Path, after: str | Path, *, region: str | None = None, platforms: list[str] | None = None,
         prices: PriceBook | None = None, strict: bool = False) -> CostDiff:
    """Price ``before`` and ``after`` alike and return their monthly change (see the module docstring).

    Raises ``AdvisorError`` (exit code 2 in the CLI) for an input either side cannot read; the message names
    the input. ``region`` overrides both inputs' regions (they must be priced in one region to compare).
    """
    prices = prices or default_pricebook()
    sides = []
    for which, path in (("BEFORE", before), ("AFTER", after)):
        try:
            sides.append(_side(path, region=region, platforms=platforms, prices=prices, strict=strict))
        except AdvisorError as exc:
            raise with_message(exc, f"{which} ({path}): {exc}") from None
    b, a = sides
    # BEFORE and AFTER in different regions: every renderer says so beside the headline (render.diff.region_line)
    declared = None
    if b.declared is not None or a.declared is not None:
        declared = Change("declared", (a.declared or b.declared).label,
                          _declared_total(b.declared), _declared_total(a.declared),
                          before_status=_declared_status(b.declared), after_status=_declared_status(a.declared))
    plats, left_out = [], []
    for p in PLATFORMS:
        bc, ac = b.platform_cost(p), a.platform_cost(p)
        if bc is None and ac is None:
            why = (_no_total(b, p), _no_total(a, p))
            if (b.comparison is not None or a.comparison is not None) and any(why):
                left_out.append(LeftOut(p, PLATFORM_LABELS[p], *why))
            continue
        plats.append(Change(p, PLATFORM_LABELS[p], bc, ac, before_status=b.platform_status(p),
                            after_status=a.platform_status(p)))
    services = []
    bs, as_ = b.by_service(), a.by_service()
    # priced on both sides, so their services' changes add up to a change shown above
    totals = {c.key: c for c in ([declared] if declared is not None else []) + plats if c.change is not None}
    shown_b: dict[tuple[str, str | None], float] = {}
    shown_a: dict[tuple[str, str | None], float] = {}
    for key, total in totals.items():
        sb, sa = _shown_by_service({s: v for (p, s), v in bs.items() if p == key},
                                   {s: v for (p, s), v in as_.items() if p == key}, total.before, total.after)
        shown_b.update({(key, s): v for s, v in sb.items()})
        shown_a.update({(key, s): v for s, v in sa.items()})
    keys = list(dict.fromkeys(list(shown_b) + list(shown_a)))
    order = {p: i for i, p in enumerate(("declared",) + PLATFORMS)}
    keys.sort(key=lambda k: (order.get(k[0], 99), k[1] is None, k[1] or ""))
    for platform, service in keys:
        label = "as declared" if platform == "declared" else PLATFORM_LABELS.get(platform, platform)
        services.append(Change(platform, label, shown_b.get((platform, service)), shown_a.get((platform, service)),
                               service=SHARED_ROW if service is None else service, absent_is_zero=True,
                               shared=service is None))
    headline = declared if declared is not None and declared.before is not None and declared.after is not None \
        else None
    if declared is not None and headline is None and b.declared is not None and a.declared is not None:
        # both sides declare the estate but one is priced only in part: say why the headline is a platform's
        side = "BEFORE" if declared.before is None else "AFTER"
        a.notes.append(f"the estate as declared has no total {side} ({REASONS['as declared (partial)']}), so the "
                       "headline is the recommended platform's cost, not the declared change.")
    if headline is None and a.recommendation:
        rec, before_rec = a.recommendation, b.recommendation
        headline = next((c for c in plats if c.key == rec), None)
        was = next((c for c in plats if c.key == before_rec), None) if before_rec else None
        if headline is not None and was is not None and before_rec != rec and was.before is not None:
            # the recommendation changed: what the team would pay on the recommended platform before and after is
            # from BEFORE's recommended platform to AFTER's (the change of AFTER's platform alone would hide it:
            # excluding Fargate Spot AFTER moves the team to on-demand Fargate, whose own total is unchanged)
            headline = Change(rec, f"{was.label} → {headline.label}", was.before, headline.after,
                              before_status=was.before_status, after_status=headline.after_status,
                              before_key=before_rec)
    if headline is None and a.comparison is not None and b.comparison is not None \
            and b.comparison.recommendation.platform:
        # no platform prices every service AFTER (e.g. a new service none of the --platform list runs): the
        # platform recommended for BEFORE, with no total AFTER, so the table is shown and a gate fails closed
        headline = next((c for c in plats if c.key == b.comparison.recommendation.platform), None)
    if headline is None and not any(c.change is not None for c in plats):
        why = "; ".join(dict.fromkeys(f"{which}: {n}" for which, s in (("BEFORE", b), ("AFTER", a))
                                      for n in _why_not(s)))
        raise AdvisorError(
            "nothing to compare: no platform prices every service on both sides and neither side declares an estate "
            "advisor can price in full." + (f" {why}." if why else "") + " Run 'advisor compare' on each input to see "
            "why.")
    return CostDiff(b, a, declared, plats, services, headline, left_out)


def _shown_by_service(before: dict[str | None, float], after: dict[str | None, float], before_total: float,
                      after_total: float) -> tuple[dict[str | None, float], dict[str | None, float]]:
    """One platform's per-service amounts (exact, USD per month) as shown: each within a cent of its exact amount,
    each side's adding up to that side's shown total (``apportioned_cents``, as compare shows lines), so the
    per-service changes add up to the platform's change; and a service whose cost did not change shows the same
    amount on both sides (no change of a cent from rounding alone). The unchanged services are rounded together
    once, to the cent (``cents``), and shared between them; each side's other services get the rest of that side's
    total, which keeps every amount within a cent (the rest differs from its exact sum by less than a cent)."""
    same = [s for s in before if s in after and math.isclose(before[s], after[s], rel_tol=0.0, abs_tol=1e-9)]
    kept = cents(sum(before[s] for s in same))
    shown_same = dict(zip(same, apportioned_cents([before[s] for s in same], kept)))

    def side(amounts: dict[str, float], shown_total: float) -> dict[str, float]:
        rest = [s for s in amounts if s not in shown_same]
        shown = dict(zip(rest, apportioned_cents([amounts[s] for s in rest], shown_total - kept)))
        return {s: shown_same[s] if s in shown_same else shown[s] for s in amounts}

    return side(before, before_total), side(after, after_total)


def _no_total(side: Side, platform: str) -> str | None:
    """Why ``side`` has no total for ``platform`` (a ``REASONS`` value); None when it was not asked for."""
    if side.comparison is None:
        return REASONS["runs nothing" if side.runs_nothing else "no services"]
    try:
        est = side.comparison.estimate(platform)
    except KeyError:
        return None
    status = side_status(est)
    return REASONS.get(status, status)


def _why_not(side: Side) -> list[str]:
    """Why a side has no total: what its declared estate could not price, and each platform's status."""
    out = []
    d = side.declared
    if d is not None and not d.complete:
        out += [f"as declared, {u.service} is not priced: {u.reason}" for u in d.estimate.unsupported]
        out += [f"as declared, missing price data: {m}" for m in d.estimate.missing_prices]
    if side.comparison is not None:
        out += [f"{e.platform} {e.status}" + (f" ({', '.join(e.excluded)})" if e.excluded else "")
                for e in side.comparison.estimates if not e.complete or e.excluded]
    return out


def _declared_total(d: Declared | None) -> float | None:
    return cents(d.monthly_cost) if d is not None and d.complete else None


def _declared_status(d: Declared | None) -> str | None:
    """A side's declared estate in compare's words (``Declared.status``, the ``status`` of compare's JSON and
    ``totals_frame``): "as declared" when priced in full, "as declared (partial)" when not; None without one."""
    return None if d is None else d.status
