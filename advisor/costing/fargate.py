"""ECS on Fargate and EKS on Fargate estimators.

Fargate bills each running task (ECS) or pod (EKS) per vCPU-hour and per GB-hour of its *size* (the valid
configuration its request rounds up to, ``advisor.sizing.fargate``), plus, for Windows, an OS licence fee
per vCPU-hour, plus ephemeral storage above the included 20 GiB per GB-hour (AWS Fargate pricing page).
EKS adds the control-plane fee per cluster-hour (``advisor.costing.control_plane``).

Each estimator also records a ``ScaleModel`` (``advisor.costing.scale``) from the same per-task costs, so a
scaling sweep never prices the workload again.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.costing.control_plane import control_plane_lines
from advisor.costing.lines import FARGATE_COVERAGE, Estimate, LineItem, Unsupported
from advisor.costing.scale import ScaleModel
from advisor.errors import PriceDataError, SizingError
from advisor.pricing.book import FargateRate, PriceBook, Rate
from advisor.pricing.regions import is_commercial
from advisor.sizing.fargate import SizeChoice, ecs_task_size, eks_pod_size
from advisor.sizing.strategy import deployment_surge_task_hours, k8s_surge_task_hours
from advisor.workload import (
    EKS_FARGATE_MAX_STORAGE_GIB,
    FARGATE_INCLUDED_STORAGE_GIB,
    Service,
    Workload,
)

CAPACITY_LABEL = {"on_demand": "on-demand", "spot": "Spot"}


@dataclass(frozen=True)
class TaskPart:
    """One billed dimension of one Fargate task/pod for one hour: quantity x rate."""

    label: str  # "vCPU", "memory", "Windows OS licence", "ephemeral storage above 20 GiB"
    category: str
    resource: str
    quantity: float  # per task-hour, in the rate's unit (vCPU, GB, GB of storage)
    rate: Rate
    covered: bool  # a Compute Savings Plan may cover it (On-Demand vCPU and memory)

    @property
    def usd_per_task_hour(self) -> float:
        return self.quantity * self.rate.usd


def task_parts(service: Service, size: SizeChoice, rate: FargateRate, *, storage_gib: float | None = None,
               storage_rate: Rate | None = None) -> list[TaskPart]:
    """What one task/pod of ``size`` costs per hour at ``rate``, dimension by dimension.

    Raises ``PriceDataError`` when a needed rate (Windows licence, ephemeral storage) is missing.
    """
    on_demand = rate.capacity == "on_demand"
    parts = [TaskPart("vCPU", "compute", "vcpu", size.size.vcpu, rate.vcpu_hour, on_demand),
             TaskPart("memory", "compute", "memory", size.size.memory_gb, rate.gb_hour, on_demand)]
    if rate.os == "windows":
        if rate.os_license_vcpu_hour is None:
            raise PriceDataError(
                f"missing price data: Fargate Windows OS licence rate for {rate.region} (table fargate_rates). "
                f"Run 'advisor pricing fetch --region {rate.region} --services AmazonECS'."
            )
        parts.append(TaskPart("Windows OS licence", "os_license", "os_license", size.size.vcpu,
                              rate.os_license_vcpu_hour, False))
    storage = service.ephemeral_storage_gib if storage_gib is None else storage_gib
    extra = max(0.0, storage - FARGATE_INCLUDED_STORAGE_GIB)
    if extra > 0:
        storage_rate = storage_rate or rate.ephemeral_storage_gb_hour
        if storage_rate is None:
            raise PriceDataError(
                f"missing price data: Fargate ephemeral storage rate for {rate.region} (table fargate_rates), needed "
                f"because {service.name} asks for {storage:g} GiB (20 GiB are included). Run 'advisor pricing fetch "
                f"--region {rate.region} --services AmazonECS', or set ephemeral_storage_gib to 20."
            )
        parts.append(TaskPart(f"ephemeral storage above {FARGATE_INCLUDED_STORAGE_GIB:g} GiB", "storage",
                              "ephemeral_storage", extra, storage_rate, False))
    return parts


def task_lines(service: Service, parts: list[TaskPart], rate: FargateRate, task_hours: float, *,
               what: str = "Fargate", category: str | None = None, always_on: float = 1.0) -> list[LineItem]:
    """Lines for ``task_hours`` (tasks x hours) of one task shape: one line per ``TaskPart``."""
    cap = CAPACITY_LABEL.get(rate.capacity, rate.capacity)
    tag = f"{cap}, {rate.arch}" + (", Windows" if rate.os == "windows" else "")
    spot = rate.capacity == "spot"
    out = []
    for p in parts:
        name = (f"{what} {p.label} ({tag})" if p.category == "compute" else
                f"{what} {p.label}" + (f" ({cap})" if p.category == "storage" else ""))
        out.append(LineItem.priced(
            name, category or ("spot" if spot and p.category == "compute" else p.category), p.quantity * task_hours,
            p.rate, service.name, estimate=spot and p.category == "compute",
            purchase_option="spot" if spot else "on_demand", resource=p.resource, architecture=rate.arch,
            os=rate.os, commitments=FARGATE_COVERAGE if p.covered else (), always_on=always_on))
    return out


def always_on_fraction(workload: Workload, service: Service) -> float:
    """Share of a service's task-hours that run every hour of the month: 0 for a service with fewer hours than
    the month, ``scaling.min / scaling.average`` for an auto-scaling service, else 1."""
    if workload.hours_for(service) < workload.monthly_hours or service.desired <= 0:
        return 0.0
    if service.scaling is not None:
        return min(1.0, service.scaling.min / service.scaling.average)
    return 1.0


def surge_task_hours(service: Service, kubernetes: bool = False) -> float:
    """Extra task-hours per month that rolling deployments add (an estimate).

    ECS: surge tasks = floor(desired x maximumPercent) - desired (``advisor.sizing.strategy.deployment_bounds``),
    each running for the deployment's duration. Kubernetes: maxSurge 25% of replicas, rounded up.
    """
    if service.deployments_per_month <= 0 or service.desired <= 0:
        return 0.0
    if kubernetes:
        return k8s_surge_task_hours(service.desired_count, service.deployments_per_month, service.deployment_minutes)
    return deployment_surge_task_hours(service.desired_count, service.min_healthy_percent, service.max_percent,
                                       service.deployments_per_month, service.deployment_minutes)


def add_surge(est: Estimate, model: ScaleModel, service: Service, size: SizeChoice, rate: FargateRate,
              kubernetes: bool = False) -> None:
    """Deployment surge: the extra tasks a rolling deployment starts, billed on-demand, as their own lines."""
    if service.deployments_per_month <= 0:
        return
    parts = task_parts(service, size, rate, storage_gib=FARGATE_INCLUDED_STORAGE_GIB)
    covered = sum(p.usd_per_task_hour for p in parts if p.covered)
    other = sum(p.usd_per_task_hour for p in parts if not p.covered)
    model.add_surge(service.desired, covered, other, "k8s" if kubernetes else "ecs", service.min_healthy_percent,
                    service.max_percent, service.deployments_per_month, service.deployment_minutes)
    hours = surge_task_hours(service, kubernetes)
    if hours > 0:
        lines = task_lines(service, parts, rate, hours, category="surge", always_on=0.0)
        for line in lines:
            line.name = "Deployment surge: " + line.name
        est.add(lines)


class RateCache:
    """Fargate rates looked up once per (arch, os, capacity); a missing rate is noted once on the estimate."""

    def __init__(self, prices: PriceBook, region: str, est: Estimate):
        self.prices, self.region, self.est = prices, region, est
        self.rates: dict[tuple[str, str, str], FargateRate | None] = {}

    def get(self, arch: str, os: str, capacity: str = "on_demand", *, note_missing: bool = True) -> FargateRate | None:
        key = (arch, os, capacity)
        if key not in self.rates:
            try:
                self.rates[key] = self.prices.fargate_rate(self.region, arch, os, capacity)
            except PriceDataError as exc:
                self.rates[key] = None
                if note_missing:
                    self.est.missing_prices.append(str(exc))
        return self.rates[key]

    def note(self) -> None:
        for (arch, os, capacity), rate in sorted(self.rates.items()):
            if rate is not None:
                self.est.notes.append(
                    f"Fargate {os}/{arch} {CAPACITY_LABEL.get(capacity, capacity)} rates ${rate.vcpu_hour.usd:g}/vCPU-hour "
                    f"and ${rate.gb_hour.usd:g}/GB-hour, as of {rate.vcpu_hour.as_of} ({rate.vcpu_hour.origin} data).")
        self.est.missing_prices[:] = list(dict.fromkeys(self.est.missing_prices))


def _estimate_fargate(platform: str, workload: Workload, prices: PriceBook) -> Estimate:
    eks = platform == "eks-fargate"
    est = Estimate(platform)
    model = ScaleModel()
    rates = RateCache(prices, workload.region, est)
    what = "Fargate pod" if eks else "Fargate"
    for svc in workload.services:
        if eks:
            reason = eks_unsupported_reason(svc, workload.region)
            if reason:
                est.unsupported.append(Unsupported(svc.name, reason))
                continue
        try:
            size = (eks_pod_size if eks else ecs_task_size)(svc.vcpu, svc.memory_mib, svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        rate = rates.get(svc.architecture, svc.os)
        if rate is None:
            continue
        try:
            parts = task_parts(svc, size, rate)
            hours = workload.hours_for(svc)
            on = always_on_fraction(workload, svc)
            est.add(task_lines(svc, parts, rate, svc.desired * hours, what=what, always_on=on))
            model.add_linear(svc.desired, sum(p.usd_per_task_hour for p in parts if p.covered) * hours,
                             sum(p.usd_per_task_hour for p in parts if not p.covered) * hours, on)
            add_surge(est, model, svc, size, rate, kubernetes=eks)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    if eks:
        cp = control_plane_lines(workload, prices, est)
        est.add(cp)
        model.fixed += sum(line.monthly_cost for line in cp)
        est.notes.append(
            "Each pod is sized from its request plus 256 MiB for kubelet, kube-proxy and containerd, rounded up to a "
            "valid Fargate size (Amazon EKS User Guide, 'Understand Fargate Pod configuration details').")
    else:
        est.notes.append(
            "Each task is billed at its Fargate size (the request rounded up to a valid CPU/memory combination), "
            "per vCPU-hour and GB-hour; AWS's Fargate 'GB' is a GiB (1024 MiB).")
    rates.note()
    est.scale = model.freeze()
    return est


def estimate_ecs_fargate(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on Fargate, all tasks on-demand."""
    return _estimate_fargate("ecs-fargate", workload, prices)


def eks_unsupported_reason(svc: Service, region: str) -> str | None:
    """Why EKS on Fargate cannot run a service, or None."""
    if not is_commercial(region):
        return (f"AWS Fargate with Amazon EKS is not available in {region} (Amazon EKS User Guide, 'Amazon EKS nodes': "
                "not in AWS GovCloud (US))")
    if svc.os == "windows":
        return ("EKS on Fargate runs Linux pods only; Windows pods need EKS on EC2 Windows nodes "
                "(Amazon EKS User Guide, 'AWS Fargate considerations')")
    if svc.architecture == "arm64":
        return ("EKS on Fargate runs x86_64 pods only; arm64 (Graviton) is not offered for EKS pods on Fargate "
                "(Amazon EKS User Guide, 'AWS Fargate considerations'; aws/containers-roadmap#1629 still open)")
    if svc.ephemeral_storage_gib > EKS_FARGATE_MAX_STORAGE_GIB:
        return (f"EKS on Fargate allows at most {EKS_FARGATE_MAX_STORAGE_GIB:g} GiB of ephemeral storage per pod; "
                f"{svc.name} asks for {svc.ephemeral_storage_gib:g} GiB")
    return None


def estimate_eks_fargate(workload: Workload, prices: PriceBook) -> Estimate:
    """EKS on Fargate: one Fargate pod per replica at request + 256 MiB, plus the control-plane fee."""
    return _estimate_fargate("eks-fargate", workload, prices)
