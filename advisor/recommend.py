"""compare(): price a workload on every platform and recommend one. Returns a ``Comparison``.

The Comparison is the one result object every renderer (table, JSON, CSV, Markdown, HTML) reads, so they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor import __version__
from advisor.costing import ESTIMATORS, PLATFORM_LABELS, PLATFORMS, Estimate
from advisor.errors import AdvisorError, SizingError, did_you_mean
from advisor.pricing.book import PriceBook, default_pricebook
from advisor.sizing.fargate import ecs_task_size, eks_pod_size
from advisor.importers import load_any
from advisor.workload import Workload, parse_workload


@dataclass
class Finding:
    """One reason behind a recommendation: a kind, a sentence, and the numbers it rests on."""

    kind: str
    text: str
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "data": self.data}


@dataclass
class Recommendation:
    platform: str | None
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "platform": self.platform,
            "reasons": [f.text for f in self.findings],
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Comparison:
    """Everything advisor knows about one workload: sizes, estimates per platform, a recommendation."""

    workload: Workload
    estimates: list[Estimate]
    recommendation: Recommendation
    notes: list[str] = field(default_factory=list)
    source_file: str | None = None

    @property
    def region(self) -> str:
        return self.workload.region

    def estimate(self, platform: str) -> Estimate:
        for est in self.estimates:
            if est.platform == platform:
                return est
        raise KeyError(platform)

    def ranked(self) -> list[Estimate]:
        """Feasible estimates (complete, not ruled out), cheapest total cost of ownership first."""
        return sorted((e for e in self.estimates if e.feasible), key=lambda e: e.monthly_tco)

    def prices_used(self) -> dict:
        lines = [line for est in self.estimates for line in est.lines]
        dates = sorted({line.as_of for line in lines if line.as_of})
        sources = sorted({line.source for line in lines if line.source})
        return {"as_of": dates[0] if dates else None, "as_of_newest": dates[-1] if dates else None, "sources": sources}

    def services(self) -> list[dict]:
        out = []
        for svc in self.workload.services:
            entry = {
                "name": svc.name,
                "requested": {"vcpu": svc.vcpu, "memory_mib": svc.memory_mib},
                "replicas": svc.desired,
                "architecture": svc.architecture,
                "os": svc.os,
                "monthly_hours": self.workload.hours_for(svc),
            }
            for key, fn in (("fargate_size", lambda s: ecs_task_size(s.vcpu, s.memory_mib, s.os)),
                            ("eks_fargate_size", lambda s: eks_pod_size(s.vcpu, s.memory_mib, s.os))):
                try:
                    choice = fn(svc)
                    entry[key] = choice.size.to_dict()
                    entry[key.replace("size", "waste")] = {"vcpu": choice.size.vcpu - svc.vcpu,
                                                           "memory_mib": choice.size.memory_mib - svc.memory_mib}
                except SizingError as exc:
                    entry[key] = None
                    entry[key.replace("size", "waste")] = None
                    entry.setdefault("sizing_errors", []).append(str(exc))
            out.append(entry)
        return out

    def to_dict(self) -> dict:
        return {
            "workload": self.workload.name,
            "region": self.region,
            "currency": "USD",
            "monthly_hours": self.workload.monthly_hours,
            "prices": self.prices_used(),
            "services": self.services(),
            "platforms": [e.to_dict() for e in self.estimates],
            "recommendation": self.recommendation.to_dict(),
            "notes": list(self.notes),
            "advisor_version": __version__,
            "source_file": self.source_file,
        }


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


def price_estimates(workload: Workload, platforms: list[str] | None, prices: PriceBook) -> list[Estimate]:
    """Run each platform's estimator and attach the decision inputs (constraints, operations effort)."""
    from advisor.costing.shared import apply_shared_and_commitments
    from advisor.decision import apply_decision_inputs

    chosen = [p for p in PLATFORMS if p in ESTIMATORS] if not platforms else list(dict.fromkeys(platforms))
    estimates = [ESTIMATORS[p](workload, prices) for p in chosen]
    apply_shared_and_commitments(workload, estimates, prices)  # shared costs, then Savings Plans / RIs
    apply_decision_inputs(workload, estimates)
    return estimates


def what_would_change(workload: Workload, platforms: list[str] | None, prices: PriceBook,
                      best: str | None) -> list[Finding]:
    """Sweep replicas x factor (0.25 to 20) and say where the cheapest platform changes."""
    from advisor.sizing.nodes import packing_effort
    from advisor.sweep import crossovers, sweep

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


def compare(
    workload: Workload | dict | str | Path,
    *,
    region: str | None = None,
    platforms: list[str] | None = None,
    prices: PriceBook | None = None,
    require_complete: bool = False,
    explain_changes: bool = False,
) -> Comparison:
    """Price a workload on each platform and recommend one.

    ``workload`` may be a ``Workload``, a dict in the workload-file format, or a path to a YAML file.
    ``region`` overrides the workload's region. ``platforms`` selects platform ids (default: every platform
    advisor can price). With ``require_complete``, an ``AdvisorError`` is raised when no platform can price
    every service (the CLI uses this so impossible sizes and missing prices exit with code 2). With
    ``explain_changes`` the recommendation also says where the cheapest platform changes as replicas scale
    (a sweep from 0.25x to 20x; it prices the workload several more times, so it is off by default here and
    on in ``advisor compare``).
    """
    source_file = None
    if isinstance(workload, (str, Path)):
        source_file = str(workload)
        workload = load_any(workload)  # workload YAML, ECS task-definition JSON or Kubernetes manifests
    elif isinstance(workload, dict):
        workload = parse_workload(workload)
    if region is not None:
        workload = workload.model_copy(update={"region": region.strip().lower()})
    prices = prices or default_pricebook()
    prices.check_region(workload.region)
    for p in platforms or []:
        if p not in ESTIMATORS:
            known = [x for x in PLATFORMS if x in ESTIMATORS]
            raise AdvisorError(
                f"platform {p!r} is not one advisor can price.{did_you_mean(p, known)} Valid: {', '.join(known)}."
            )
    estimates = price_estimates(workload, platforms, prices)
    if estimates and all(e.excluded for e in estimates):
        raise AdvisorError(
            f"the requirements of '{workload.name}' rule out every platform: "
            + "; ".join(f"{e.platform}: {', '.join(e.excluded)}" for e in estimates)
            + ". Relax requirements.portability or requirements.exclude_platforms (or --platform)."
        )
    rec = recommend(estimates, workload)
    if explain_changes and rec.platform is not None:
        rec.findings += what_would_change(workload, platforms, prices, rec.platform)
    comparison = Comparison(workload, estimates, rec, source_file=source_file)
    if require_complete and rec.platform is None:
        problems: list[str] = []
        for est in estimates:
            problems += [f"{est.platform}: {u.service}: {u.reason}" for u in est.unsupported]
            problems += [f"{est.platform}: {m}" for m in est.missing_prices]
        problems = list(dict.fromkeys(problems))
        raise AdvisorError(
            f"no platform can price every service of '{workload.name}' in {workload.region}:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return comparison
