"""Ranking and the reasons behind a recommendation (``Finding`` objects with their numbers)."""

from __future__ import annotations

from advisor.compare.comparison import Finding, Recommendation
from advisor.compare.sweep import TIE_USD, Sweep
from advisor.costing import Estimate
from advisor.costing.operations import EXPERIENCE_FACTOR, operations_lines
from advisor.platforms import PLATFORM_LABELS, PLATFORMS, SELF_MANAGED_COUNTERPART, is_eks, tie_order
from advisor.units import money, name_list, num, total
from advisor.workload import Workload

_fmt = money


def _missing(est: Estimate) -> str:
    """The first price a platform lacks, as its estimate words it (what is missing and the command that fetches
    it), and how many more."""
    first = est.missing_prices[0].rstrip(".")
    more = len(est.missing_prices) - 1
    return first + (f" (and {more} more)" if more else "")


def _by_reason(est: Estimate) -> str:
    why = "; ".join(f"it cannot run {name_list(names)} ({reason})" for reason, names in est.unsupported_by_reason().items())
    if est.missing_prices:
        why = (why + "; " if why else "") + _missing(est)
    return why


def _unpriced(estimates: list[Estimate]) -> list[Estimate]:
    """Platforms that can run every service and are not ruled out, but lack price data: the ranking cannot say
    whether they would be cheaper. The managed platforms are left to their own finding (``managed_findings``):
    their fees are not in the bundled data anywhere, so they lack prices in every region until fetched."""
    return [e for e in estimates if not e.complete and e.missing_prices and not e.unsupported and not e.excluded
            and e.platform not in SELF_MANAGED_COUNTERPART]


def _commitment_finding(best: Estimate, ranked: list[Estimate]) -> Finding:
    """How the workload's commitments change the best platform's cost, and whether they change the ranking."""
    def base_cost(e: Estimate) -> float:
        return e.cost_without_commitments if e.cost_without_commitments is not None else e.monthly_cost

    def without(e: Estimate) -> float:
        return e.monthly_tco - e.monthly_cost + base_cost(e)

    applied = [c for c in best.commitments if c.applied]
    base = base_cost(best)
    if applied:
        text = (f"With {' and '.join(('a ' if c.type != 'reserved_instance' else '') + c.commitment for c in applied)}, "
                f"{best.label} costs {_fmt(best.monthly_cost)} per month instead of {_fmt(base)} without commitments "
                f"({_fmt(base - best.monthly_cost)} less)")
        waste = sum(c.monthly_waste for c in applied)
        if waste > 0.005:
            text += f"; {_fmt(waste)} of it is unused commitment (waste)"
    else:
        text = f"The workload's commitments do not apply to {best.label} (it has no usage they cover)"
    best_without = min(ranked, key=without)
    if best_without is not best:
        text += (f". Without commitments {best_without.label} would be the cheapest ({_fmt(without(best_without))} "
                 f"against {_fmt(without(best))})")
    return Finding("commitment", text + ".", {
        "platform": best.platform, "monthly_cost": best.monthly_cost, "monthly_cost_without_commitments": base,
        "commitments": [c.commitment for c in applied], "cheapest_without_commitments": best_without.platform})


def _assumption_finding(best: Estimate, ranked: list[Estimate], workload: Workload) -> Finding | None:
    """When infrastructure alone would rank another platform first, say so with both figures and the engineer
    rate at which the answer flips (the operations effort is an assumption)."""
    infra_best = min(ranked, key=lambda e: e.monthly_cost)
    if infra_best is best or infra_best.monthly_cost >= best.monthly_cost - 0.005:
        return None
    rate = workload.operations.engineer_cost_per_hour
    hours_best = sum(line.quantity for line in best.operations)
    hours_other = sum(line.quantity for line in infra_best.operations)
    data = {"recommended": best.platform, "cheapest_infrastructure": infra_best.platform,
            "recommended_monthly_cost": best.monthly_cost, "cheapest_monthly_cost": infra_best.monthly_cost,
            "recommended_engineer_hours": hours_best, "cheapest_engineer_hours": hours_other,
            "engineer_cost_per_hour": rate, "flip_engineer_cost_per_hour": None}
    text = (f"The ranking rests on the operations assumptions: on infrastructure alone {infra_best.label} is cheaper "
            f"({_fmt(infra_best.monthly_cost)} against {_fmt(best.monthly_cost)} for {best.label}), but it needs "
            f"{num(hours_other)} engineer-hours a month against {num(hours_best)}, priced at {_fmt(rate)} per hour")
    if hours_other > hours_best:
        flip = (best.monthly_cost - infra_best.monthly_cost) / (hours_other - hours_best)
        data["flip_engineer_cost_per_hour"] = flip
        text += (f"; at an engineer cost below {_fmt(flip)} per hour (or with the effort figures set lower in the "
                 f"workload's operations section) {infra_best.label} would be recommended")
    return Finding("assumption", text + ".", data)


#: Working hours of one engineer in a month, for the share of a team's time a platform's operations effort takes
#: (``team.size`` engineers): 40 h a week is about 173 h a month, less leave and holidays about 160. advisor's own
#: assumption, like the effort figures it divides.
ENGINEER_HOURS_PER_MONTH = 160


def _share(fraction: float) -> str:
    """A share of a team's time as a percentage: "0.4%", "12%"; "less than 0.1%" for a share above 0 that would
    print as 0.0%."""
    pct = fraction * 100
    if 0 < pct < 0.05:
        return "less than 0.1%"
    return f"{pct:.1f}%" if pct < 10 else f"{pct:,.0f}%"


def _engineer_hours(est: Estimate, workload: Workload) -> float:
    """Engineer-hours a month of a platform's operations lines (computed from the workload's figures when
    ``operations.include`` is false, so the comparison can still say what the effort would be)."""
    if est.operations:
        return sum(line.quantity for line in est.operations)
    ops = workload.operations.model_copy(update={"include": True})
    return sum(line.quantity for line in operations_lines(workload.model_copy(update={"operations": ops}),
                                                          est.platform))


def managed_findings(estimates: list[Estimate], workload: Workload) -> list[Finding]:
    """What ECS Managed Instances / EKS Auto Mode cost against their self-managed counterparts (ECS on EC2, EKS on EC2
    nodes): the infrastructure difference, the management fees in it and the engineer-hours saved (an assumption),
    or, when a managed platform is not priced, why and the command that fetches its fees."""
    by_id = {e.platform: e for e in estimates}
    rate = workload.operations.engineer_cost_per_hour
    out = []
    for managed, counterpart in SELF_MANAGED_COUNTERPART.items():
        est, other = by_id.get(managed), by_id.get(counterpart)
        if est is None or other is None:
            continue
        saved = _engineer_hours(other, workload) - _engineer_hours(est, workload)
        data = {"platform": managed, "counterpart": counterpart, "engineer_hours_saved": saved,
                "engineer_cost_per_hour": rate}
        if not est.complete:
            if est.missing_prices and not est.unsupported:
                out.append(Finding("managed_not_priced", (
                    f"{est.label} is not priced ({_missing(est)}); against {other.label} it would save about "
                    f"{num(saved)} engineer-hours a month (assumption)."),
                    {**data, "missing_prices": list(est.missing_prices)}))
            continue
        if not other.complete:
            continue
        fees = sum(line.monthly_cost for line in est.lines if line.resource == "management_fee")
        delta = est.monthly_cost - other.monthly_cost
        shown = total(est.monthly_cost) - total(other.monthly_cost)
        text = (f"{est.label} costs {_fmt(abs(shown))} {'more' if delta >= 0 else 'less'} a month than {other.label} "
                f"in infrastructure ({_fmt(fees)} of it management fees, with its own fleet) and saves about "
                f"{num(saved)} engineer-hours a month (assumption, {_fmt(saved * rate)} at {_fmt(rate)} per hour)")
        if workload.operations.include:
            tco = est.monthly_tco - other.monthly_tco
            text += (f"; in all it is {_fmt(abs(total(est.monthly_cost, est.operations_cost) - total(other.monthly_cost, other.operations_cost)))} "
                     f"{'dearer' if tco > 0 else 'cheaper'}" if abs(tco) >= 0.005 else "; in all they cost the same")
        out.append(Finding("managed_vs_self_managed", text + ".", {
            **data, "infrastructure_difference": delta, "management_fees": fees,
            "tco_difference": est.monthly_tco - other.monthly_tco}))
    return out


def recommend(estimates: list[Estimate], workload: Workload | None = None) -> Recommendation:
    """Rank feasible platforms by monthly total cost of ownership and explain the choice with numbers."""
    ranked = sorted((e for e in estimates if e.feasible), key=lambda e: (e.monthly_tco, tie_order(e.platform)))
    managed = managed_findings(estimates, workload) if workload is not None and ranked else []
    # a managed platform whose missing fees its own finding already quotes is not quoted twice (with no platform
    # ranked, the managed findings are not given, so nothing is quoted)
    quoted = {f.data["platform"] for f in managed if f.kind == "managed_not_priced"}
    findings: list[Finding] = []
    for est in estimates:
        for reason in est.excluded:
            findings.append(Finding("constraint", f"{est.label} is ruled out: {reason}.",
                                    {"platform": est.platform, "reason": reason}))
        if not est.complete:
            why = "price data is missing (quoted above)" if est.platform in quoted else _by_reason(est)
            findings.append(Finding("excluded", f"{est.label} was not ranked: {why}.",
                                    {"platform": est.platform, "unsupported": [u.service for u in est.unsupported],
                                     "missing_prices": len(est.missing_prices)}))
    if not ranked:
        causes = [text for text, hit in (
            ("lacks price data", any(e.missing_prices for e in estimates)),
            ("cannot run every service", any(e.unsupported for e in estimates)),
            ("is ruled out by the workload's requirements", any(e.excluded for e in estimates))) if hit]
        why = (f"each platform {' or '.join(causes)} (below)" if len(causes) > 1
               else f"every platform {causes[0]} (below)" if causes else "no platform was priced")
        return Recommendation(None, [Finding("no_feasible_platform", f"No platform can be ranked: {why}.",
                                             {"causes": causes})] + findings)
    best = ranked[0]
    ops = best.operations_cost
    unpriced = _unpriced(estimates)
    which = ("the cheapest of the platforms that could be priced, among those that run every service" if unpriced
             else "the cheapest platform that runs every service")
    head = (f"{best.label} is {which}: {_fmt(best.monthly_cost)} per month "
            f"of infrastructure" + (f" plus {_fmt(ops)} of operations effort (assumption), "
                                    f"{_fmt(total(best.monthly_cost, ops))} in all."
                                    if best.operations else "."))
    out = [Finding("cheapest", head, {"platform": best.platform, "monthly_cost": best.monthly_cost,
                                      "operations_cost": ops, "monthly_tco": best.monthly_tco})]
    if unpriced:
        # a platform that lacks one rate is not ranked, so the winner is only the cheapest of what could be priced
        # (sa-east-1 without its Fargate ephemeral-storage rate: ECS on EC2 "cheapest" at $324.40 while ECS on
        # Fargate + Fargate Spot, $219.09 before that one small line, could not be ranked)
        labels = name_list([e.label for e in unpriced])
        out.append(Finding("partial_ranking", (
            f"The ranking is partial: {labels} can run every service but {'lack' if len(unpriced) > 1 else 'lacks'} "
            f"price data, so {'they were' if len(unpriced) > 1 else 'it was'} not ranked and could be cheaper than "
            f"{best.label}: {_missing(unpriced[0])}."),
            {"platforms": [e.platform for e in unpriced],
             "missing_prices": sorted({m for e in unpriced for m in e.missing_prices})}))
    if workload is not None and workload.operations.include:
        lead = _assumption_finding(best, ranked, workload)
        if lead is not None:
            out.insert(0, lead)
    if len(ranked) > 1:
        runner = ranked[1]
        saving = runner.monthly_tco - best.monthly_tco
        shown_saving = total(runner.monthly_cost, runner.operations_cost) - total(best.monthly_cost, best.operations_cost)
        pct = saving / runner.monthly_tco * 100 if runner.monthly_tco else 0.0
        infra_delta = runner.monthly_cost - best.monthly_cost
        if saving < 0.005:
            # the order named is the one applied (``tie_order``), every platform of it; a difference under half a
            # cent is not an equal cost, and the text does not say the order decided it
            order = ", ".join(PLATFORM_LABELS[p] for p in PLATFORMS)
            text = (f"It ties with {runner.label} ({_fmt(total(runner.monthly_cost, runner.operations_cost))}); "
                    f"advisor lists platforms of equal cost in the order {order}" if saving <= 1e-9 else
                    f"It costs the same as {runner.label} to the cent "
                    f"({_fmt(total(runner.monthly_cost, runner.operations_cost))}) and is ahead by less than a cent")
        else:
            text = (f"It saves {_fmt(shown_saving)} per month ({pct:.1f}%) against the runner-up, {runner.label} "
                    f"({_fmt(total(runner.monthly_cost, runner.operations_cost))})")
        if best.operations or runner.operations:
            text += (f"; on infrastructure alone the difference is {_fmt(total(runner.monthly_cost) - total(best.monthly_cost))}"
                     + (" in the runner-up's favour" if infra_delta < 0 else ""))
        out.append(Finding("saving_vs_runner_up", text + ".",
                           {"runner_up": runner.platform, "runner_up_tco": runner.monthly_tco, "saving": saving,
                            "saving_pct": pct, "infrastructure_difference": infra_delta}))
    for est in ranked:
        cp = sum(line.monthly_cost for line in est.lines if line.category == "control_plane")
        if cp:
            out.append(Finding("control_plane_fee",
                               f"{est.label} includes the EKS control-plane fee of {_fmt(cp)} per month.",
                               {"platform": est.platform, "control_plane_cost": cp}))
            break
    out += managed
    if workload is not None and workload.commitments:
        out.append(_commitment_finding(best, ranked))
    if workload is not None and workload.operations.include:
        t = workload.team
        hours = _engineer_hours(best, workload)
        share = hours / (t.size * ENGINEER_HOURS_PER_MONTH)
        out.append(Finding(
            "team",
            f"Operations effort is priced at {_fmt(workload.operations.engineer_cost_per_hour)} per engineer-hour, "
            f"with Kubernetes experience '{t.kubernetes_experience}' (x{EXPERIENCE_FACTOR[t.kubernetes_experience]:g}) "
            f"scaling the EKS effort and ECS experience '{t.ecs_experience}' "
            f"(x{EXPERIENCE_FACTOR[t.ecs_experience]:g}) the ECS effort; {best.label}'s "
            f"{num(hours)} engineer-hours a month are {_share(share)} of the working time of a team of {t.size} "
            f"({ENGINEER_HOURS_PER_MONTH} h per engineer a month) (assumptions; set team and operations in the "
            "workload file, or operations.include: false to rank on infrastructure alone).",
            {"team_size": t.size, "kubernetes_experience": t.kubernetes_experience, "ecs_experience": t.ecs_experience,
             "engineer_cost_per_hour": workload.operations.engineer_cost_per_hour,
             "platform": best.platform, "engineer_hours": hours, "team_time_share": share,
             "engineer_hours_per_month": ENGINEER_HOURS_PER_MONTH}))
        if t.kubernetes_experience == "none" and is_eks(best.platform):
            out.append(Finding("skills", "EKS is recommended although the team has no Kubernetes experience: plan "
                               "for training or a managed add-on stack.", {"platform": best.platform}))
    return Recommendation(best.platform, out + findings)


def what_would_change(scaling: Sweep, workload: Workload, best: str | None) -> list[Finding]:
    """Where the cheapest platform changes as replicas scale (from ``scaling``, the comparison's one sweep): the
    cost crossovers, the handovers where the cheapest reaches a limit (``handover_findings``), and the limits."""
    if best is None or not scaling.points:
        return []
    largest = max(workload.services, key=lambda s: s.desired)
    lo, hi = scaling.factors[0], scaling.factors[-1]
    findings = []
    for c in scaling.crossovers:
        # the crossover lies somewhere between two factors of the grid; the platform is the cheapest at the far one
        if c.factor_low >= 1:
            side, f, label = "", c.factor_high, PLATFORM_LABELS.get(c.to_platform, c.to_platform)
            between = f"{c.factor_low:g}x and {c.factor_high:g}x"
        elif c.factor_high <= 1:
            side, f, label = " as replicas fall", c.factor_low, PLATFORM_LABELS.get(c.from_platform, c.from_platform)
            between = f"{c.factor_high:g}x and {c.factor_low:g}x"
        else:
            continue
        findings.append(Finding(
            "crossover",
            f"{label} becomes the cheapest{side} somewhere between {between} today's replicas: it is the cheapest "
            f"at {f:g}x ({largest.name} would run about {largest.desired * f:g} task(s) there).",
            {**c.to_dict(), "service": largest.name, "replicas_at_crossover": largest.desired * f}))
    handed = handover_findings(scaling)
    # the range ends at the last factor some platform can run: beyond a limit (5,000 tasks per service, 150,000 pods
    # in an EKS cluster: advisor.compare.sweep.scale_limits) nothing is priced, so nothing "stays the cheapest" there;
    # and where the cheapest reaches a limit and another takes over, it stays the cheapest only up to that limit
    ran = [f for f in scaling.factors if any(p.feasible and p.factor == f for p in scaling.points)]
    if ran:
        lo, hi = ran[0], ran[-1]
    if scaling.handovers:
        hi = min(hi, scaling.handovers[0].limit_factor)
    if not findings:
        findings.append(_no_crossover(scaling, best, lo, hi))
    if any(p.method == "scaled_lp" for p in scaling.points):
        findings[-1].text += (" (EC2 platforms away from 1x are estimated from the packing's LP lower bound times "
                              "today's packed/bound ratio.)")
    return findings + handed + limit_findings(scaling)


def _no_crossover(scaling: Sweep, best: str, lo: float, hi: float) -> Finding:
    """The finding when no crossover changes the cheapest platform between ``lo`` and ``hi``. The leader can still
    change through a tie (``advisor.compare.sweep.crossovers``: a resolved tie is no crossover): ``best``, first of
    two platforms that cost the same today, may cost more than the other at every other factor. "It stays the
    cheapest" is then said only of the range where it is the cheapest or tied for it, and the platform that costs
    less beyond it is named."""
    factors = [f for f in scaling.factors if lo <= f <= hi]
    costs: dict[float, dict[str, float]] = {}
    shown: dict[tuple[float, str], float] = {}  # as the sweep table shows them: the sum of the rounded parts
    for p in scaling.points:
        if p.feasible and lo <= p.factor <= hi:
            costs.setdefault(p.factor, {})[p.platform] = getattr(p, scaling.value)
            shown[p.factor, p.platform] = total(p.monthly_cost, p.operations_cost) \
                if scaling.value == "monthly_tco" else total(p.monthly_cost)
    ties = {f: {p for p, v in c.items() if v <= min(c.values()) + TIE_USD} for f, c in costs.items()}
    label = PLATFORM_LABELS.get(best, best)
    lost = [f for f in sorted(ties) if best not in ties[f]]
    if not lost:
        return Finding("no_crossover", f"{label} stays the cheapest from {lo:g}x to {hi:g}x today's replicas.",
                       {"factors": factors})
    held = [f for f in sorted(ties) if best in ties[f]]
    a, b = min(held), max(held)
    above = [f for f in lost if f > b]
    below = [f for f in lost if f < a]
    parts = []
    for f, where in ((above[0] if above else None, f"above {b:g}x (at {above[0] if above else 0:g}x"),
                     (below[-1] if below else None, f"below {a:g}x (at {below[-1] if below else 0:g}x")):
        if f is not None:
            cheaper = min(costs[f], key=lambda p: (costs[f][p], tie_order(p)))
            parts.append(f"{where}: {PLATFORM_LABELS.get(cheaper, cheaper)} costs "
                         f"{_fmt(shown[f, best] - shown[f, cheaper])} a month less)")
    tied = sorted(set.intersection(*ties.values()), key=tie_order)
    text = (f"{label} is the cheapest, or tied for it, only from {a:g}x to {b:g}x today's replicas; it costs more "
            f"{' and '.join(parts)}.")
    if tied:
        text += (f" {name_list([PLATFORM_LABELS.get(p, p) for p in tied])}, which "
                 f"{'costs' if len(tied) == 1 else 'cost'} the same today, "
                 f"{'stays' if len(tied) == 1 else 'stay'} the cheapest from {lo:g}x to {hi:g}x.")
    return Finding("no_crossover", text, {"factors": factors, "cheapest_from": a, "cheapest_to": b,
                                          "cheapest_over_the_range": tied})


def handover_findings(scaling: Sweep) -> list[Finding]:
    """Where the cheapest platform changes because it cannot run the workload beyond a limit (``Sweep.handovers``),
    at the limit's precise factor: not a cost crossover."""
    out = []
    for h in scaling.handovers:
        before = PLATFORM_LABELS.get(h.from_platform, h.from_platform)
        after = PLATFORM_LABELS.get(h.to_platform, h.to_platform)
        out.append(Finding("limit_change", f"{before} cannot run the workload beyond about {h.limit_factor:g}x "
                           f"today's replicas ({h.limit}): {after} is then the cheapest that can.", h.to_dict()))
    return out


def limit_findings(scaling: Sweep) -> list[Finding]:
    """Where platforms stop being priced as replicas scale: the precise factor beyond which each platform that runs
    the workload today exceeds a limit within the sweep's range (``Sweep.limits``,
    ``advisor.compare.sweep.platform_limit``), platforms stopping at the same factor for the same reason named
    together ("No platform" when that is every platform the sweep ranks)."""
    ranked = {p.platform for p in scaling.points if p.method != "infeasible"}
    groups: dict[tuple[float, str], list[str]] = {}
    for lim in scaling.limits:
        groups.setdefault((lim.factor, lim.reason), []).append(lim.platform)
    out = []
    for (f, reason), platforms in groups.items():
        who = ("No platform can" if set(platforms) == ranked and len(ranked) > 1 else
               f"{name_list([PLATFORM_LABELS.get(p, p) for p in platforms])} cannot")
        out.append(Finding("scale_limit", f"{who} run the workload beyond {f:g}x today's replicas: {reason}.",
                           {"factor": f, "platforms": platforms, "reason": reason}))
    return out
