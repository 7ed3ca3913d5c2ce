"""compare(): price a workload on every platform and recommend one. Returns a ``Comparison``.

The Comparison is the one result object every renderer (table, JSON, CSV, Markdown, HTML) reads, so they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from advisor import __version__
from advisor.costing import ESTIMATORS, PLATFORMS, Estimate
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
        """Complete estimates, cheapest first."""
        return sorted((e for e in self.estimates if e.complete), key=lambda e: e.monthly_cost)

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


def recommend(estimates: list[Estimate]) -> Recommendation:
    """Cheapest complete platform, with the numbers behind the choice."""
    ranked = sorted((e for e in estimates if e.complete), key=lambda e: e.monthly_cost)
    if not ranked:
        return Recommendation(None, [Finding("no_complete_platform", "No platform could price every service.")])
    best = ranked[0]
    findings = [Finding("cheapest", f"{best.label} is the cheapest platform that runs every service, at "
                        f"{_fmt(best.monthly_cost)} per month.", {"platform": best.platform, "monthly_cost": best.monthly_cost})]
    if len(ranked) > 1:
        runner = ranked[1]
        saving = runner.monthly_cost - best.monthly_cost
        pct = saving / runner.monthly_cost * 100 if runner.monthly_cost else 0.0
        findings.append(Finding(
            "saving_vs_runner_up",
            f"It saves {_fmt(saving)} per month ({pct:.1f}%) against the runner-up, {runner.label} "
            f"({_fmt(runner.monthly_cost)}).",
            {"runner_up": runner.platform, "runner_up_cost": runner.monthly_cost, "saving": saving, "saving_pct": pct},
        ))
    for est in estimates:
        cp = sum(line.monthly_cost for line in est.lines if line.category == "control_plane")
        if cp and est.platform != best.platform and est.complete:
            findings.append(Finding(
                "control_plane_fee",
                f"{est.label} includes the EKS control-plane fee of {_fmt(cp)} per month.",
                {"platform": est.platform, "control_plane_cost": cp},
            ))
            break
    for est in estimates:
        if not est.complete:
            by_reason: dict[str, list[str]] = {}
            for u in est.unsupported:
                by_reason.setdefault(u.reason, []).append(u.service)
            why = "; ".join(f"it cannot run {', '.join(names)} ({reason})" for reason, names in by_reason.items())
            if est.missing_prices:
                why = (why + "; " if why else "") + "price data is missing (see its notes)"
            findings.append(Finding("excluded", f"{est.label} was not ranked: {why}.",
                                    {"platform": est.platform, "unsupported": [u.service for u in est.unsupported],
                                     "missing_prices": len(est.missing_prices)}))
    return Recommendation(best.platform, findings)


def compare(
    workload: Workload | dict | str | Path,
    *,
    region: str | None = None,
    platforms: list[str] | None = None,
    prices: PriceBook | None = None,
    require_complete: bool = False,
) -> Comparison:
    """Price a workload on each platform and recommend one.

    ``workload`` may be a ``Workload``, a dict in the workload-file format, or a path to a YAML file.
    ``region`` overrides the workload's region. ``platforms`` selects platform ids (default: every platform
    advisor can price). With ``require_complete``, an ``AdvisorError`` is raised when no platform can price
    every service (the CLI uses this so impossible sizes and missing prices exit with code 2).
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
    chosen = [p for p in PLATFORMS if p in ESTIMATORS] if not platforms else list(dict.fromkeys(platforms))
    for p in chosen:
        if p not in ESTIMATORS:
            known = [x for x in PLATFORMS if x in ESTIMATORS]
            raise AdvisorError(
                f"platform {p!r} is not one advisor can price.{did_you_mean(p, known)} Valid: {', '.join(known)}."
            )
    estimates = [ESTIMATORS[p](workload, prices) for p in chosen]
    rec = recommend(estimates)
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
