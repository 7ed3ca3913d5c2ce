"""Ranking and the reasons behind a recommendation (``Finding`` objects with their numbers)."""

from __future__ import annotations


from advisor.compare.comparison import Finding, Recommendation
from advisor.compare.sweep import crossovers, sweep
from advisor.sizing.fleet import packing_effort
from advisor.costing import Estimate
from advisor.platforms import PLATFORM_LABELS
from advisor.errors import AdvisorError
from advisor.pricing.book import PriceBook
from advisor.workload import Workload


def _fmt(usd: float) -> str:
    return f"${usd:,.2f}"


def _by_reason(est: Estimate) -> str:
    by_reason: dict[str, list[str]] = {}
    for u in est.unsupported:
        by_reason.setdefault(u.reason, []).append(u.service)
    why = "; ".join(f"it cannot run {', '.join(names)} ({reason})" for reason, names in by_reason.items())
    if est.missing_prices:
        why = (why + "; " if why else "") + "price data is missing (see its notes)"
    return why


def _commitment_finding(best: Estimate, ranked: list[Estimate]) -> Finding:
    """How the workload's commitments change the best platform's cost, and whether they change the ranking."""
    def without(e: Estimate) -> float:
        return e.monthly_tco - e.monthly_cost + e.extra.get("monthly_cost_without_commitments", e.monthly_cost)

    applied = [c for c in best.extra.get("commitments", []) if c["applied"]]
    base = best.extra.get("monthly_cost_without_commitments", best.monthly_cost)
    if applied:
        text = (f"With {' and '.join(('a ' if c['type'] != 'reserved_instance' else '') + c['commitment'] for c in applied)}, {best.label} costs "
                f"{_fmt(best.monthly_cost)} per month instead of {_fmt(base)} without commitments "
                f"({_fmt(base - best.monthly_cost)} less)")
        waste = sum(c.get("monthly_waste", 0.0) for c in applied)
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
        "commitments": [c["commitment"] for c in applied], "cheapest_without_commitments": best_without.platform})


def recommend(estimates: list[Estimate], workload: Workload | None = None) -> Recommendation:
    """Rank feasible platforms by monthly total cost of ownership and explain the choice with numbers."""
    ranked = sorted((e for e in estimates if e.feasible), key=lambda e: e.monthly_tco)
    findings: list[Finding] = []
    for est in estimates:
        for reason in est.excluded:
            findings.append(Finding("constraint", f"{est.label} is ruled out: {reason}.",
                                    {"platform": est.platform, "reason": reason}))
        if not est.complete:
            findings.append(Finding("excluded", f"{est.label} was not ranked: {_by_reason(est)}.",
                                    {"platform": est.platform, "unsupported": [u.service for u in est.unsupported],
                                     "missing_prices": len(est.missing_prices)}))
    if not ranked:
        return Recommendation(None, [Finding("no_feasible_platform", "No platform can run every service under the "
                                             "workload's requirements.")] + findings)
    best = ranked[0]
    ops = best.operations_cost
    head = (f"{best.label} is the cheapest platform that runs every service: {_fmt(best.monthly_cost)} per month "
            f"of infrastructure" + (f" plus {_fmt(ops)} of operations effort (assumption), {_fmt(best.monthly_tco)} in all."
                                    if best.operations else "."))
    out = [Finding("cheapest", head, {"platform": best.platform, "monthly_cost": best.monthly_cost,
                                      "operations_cost": ops, "monthly_tco": best.monthly_tco})]
    if len(ranked) > 1:
        runner = ranked[1]
        saving = runner.monthly_tco - best.monthly_tco
        pct = saving / runner.monthly_tco * 100 if runner.monthly_tco else 0.0
        infra_delta = runner.monthly_cost - best.monthly_cost
        if saving < 0.005:
            text = (f"It ties with {runner.label} ({_fmt(runner.monthly_tco)}); advisor lists platforms in the order "
                    "ECS Fargate, Fargate Spot, ECS on EC2, EKS on EC2, EKS on Fargate when costs are equal")
        else:
            text = (f"It saves {_fmt(saving)} per month ({pct:.1f}%) against the runner-up, {runner.label} "
                    f"({_fmt(runner.monthly_tco)})")
        if best.operations or runner.operations:
            text += (f"; on infrastructure alone the difference is {_fmt(infra_delta)}"
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
    if workload is not None and workload.commitments:
        out.append(_commitment_finding(best, ranked))
    if workload is not None and workload.operations.include:
        t = workload.team
        out.append(Finding(
            "team",
            f"Operations effort is priced at {_fmt(workload.operations.engineer_cost_per_hour)} per engineer-hour for a "
            f"team of {t.size} with Kubernetes experience '{t.kubernetes_experience}' (assumptions; set team and "
            "operations in the workload file, or operations.include: false to rank on infrastructure alone).",
            {"team_size": t.size, "kubernetes_experience": t.kubernetes_experience,
             "engineer_cost_per_hour": workload.operations.engineer_cost_per_hour}))
        if t.kubernetes_experience == "none" and best.platform.startswith("eks"):
            out.append(Finding("skills", "EKS is recommended although the team has no Kubernetes experience: plan "
                               "for training or a managed add-on stack.", {"platform": best.platform}))
    return Recommendation(best.platform, out + findings)


def what_would_change(workload: Workload, platforms: list[str] | None, prices: PriceBook,
                      best: str | None) -> list[Finding]:
    """Sweep replicas x factor (0.25 to 20) and say where the cheapest platform changes."""
    if best is None:
        return []
    factors = [0.25, 0.5, 1.0, 2, 5, 20]
    try:
        with packing_effort(60.0, 3):
            df = sweep(workload, factors, platforms, prices)
    except AdvisorError:
        return []
    largest = max(workload.services, key=lambda s: s.desired)
    findings = []
    for c in crossovers(df):
        side = "above" if c["factor_high"] > 1 else "below"
        f = c["factor_high"] if side == "above" else c["factor_low"]
        if (side == "above" and c["factor_low"] < 1) or (side == "below" and c["factor_high"] > 1):
            continue
        label_to = PLATFORM_LABELS.get(c["to"] if side == "above" else c["from"], c["to"])
        findings.append(Finding(
            "crossover",
            f"{label_to} becomes the cheapest {side} about {f:g}x today's replicas (between {c['factor_low']:g}x and "
            f"{c['factor_high']:g}x; e.g. ~{largest.desired * f:g} replicas of {largest.name}).",
            {**c, "service": largest.name, "replicas_at_crossover": largest.desired * f}))
    if not findings:
        findings.append(Finding("no_crossover", f"{PLATFORM_LABELS.get(best, best)} stays the cheapest from 0.25x to "
                                "20x today's replicas.", {"factors": factors}))
    return findings


