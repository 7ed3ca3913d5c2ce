"""The ``Comparison``: everything advisor knows about one workload, computed once.

Table, JSON, CSV, Markdown, the HTML report and the DataFrames all render this one object, so they cannot
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor import __version__
from advisor.compare.assumptions import Assumption
from advisor.compare.declared import Declared
from advisor.compare.sweep import Sweep
from advisor.costing import Estimate
from advisor.costing.fargate import fargate_request
from advisor.errors import SizingError
from advisor.platforms import tie_order
from advisor.sizing.fargate import ecs_task_size, eks_pod_size
from advisor.workload import Workload


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
    scaling: Sweep | None = None  # every platform as replicas scale (DEFAULT_FACTORS), computed with the estimates
    declared: Declared | None = None  # the estate as the input declares it (Terraform, CloudFormation), same rates
    #: the defaults that can tilt the ranking, each with its basis and whether the workload set it
    #: (``advisor.compare.assumptions.decision_assumptions``)
    assumptions: list[Assumption] = field(default_factory=list)

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
        return sorted((e for e in self.estimates if e.feasible), key=lambda e: (e.monthly_tco, tie_order(e.platform)))

    def prices_used(self) -> dict:
        """Oldest and newest confirmation date (``as_of``) of the prices used, and their sources."""
        dates = sorted({line.as_of for est in self.estimates for line in est.lines if line.as_of})
        sources = sorted({line.source for est in self.estimates for line in est.lines if line.source})
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
            for key, fn, eks in (("fargate_size", ecs_task_size, False), ("eks_fargate_size", eks_pod_size, True)):
                vcpu, mem = fargate_request(self.workload, svc, eks)  # with DaemonSets run as sidecars on Fargate
                try:
                    choice = fn(vcpu, mem, svc.os)
                    entry[key] = choice.size.to_dict()
                    # exact to the request's decimals (SizeChoice.waste_*): 2 - 1.1 vCPU is 0.9
                    entry[key.replace("size", "waste")] = {"vcpu": choice.waste_vcpu,
                                                           "memory_mib": choice.waste_memory_mib}
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
            "scaling": self.scaling.to_dict() if self.scaling is not None else None,
            "declared": self.declared.to_dict() if self.declared is not None else None,
            "notes": list(self.notes),
            "assumptions": [a.to_dict() for a in self.assumptions],
            "advisor_version": __version__,
            "source_file": self.source_file,
        }
