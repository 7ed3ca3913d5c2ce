"""ECS on Fargate and EKS on Fargate estimators.

Fargate bills each running task (ECS) or pod (EKS) per vCPU-hour and per GB-hour of its *size* (the valid
configuration its request rounds up to, ``advisor.sizing.fargate``), plus, for Windows, an OS licence fee
per vCPU-hour, plus ephemeral storage above the included 20 GiB per GB-hour (AWS Fargate pricing page).
EKS adds the control-plane fee per cluster-hour (``advisor.costing.control_plane``).
"""

from __future__ import annotations

import math

from advisor.costing.control_plane import control_plane_lines
from advisor.costing.lines import Estimate, LineItem, Unsupported
from advisor.errors import PriceDataError, SizingError
from advisor.pricing.book import FargateRate, PriceBook
from advisor.pricing.regions import is_commercial
from advisor.sizing.fargate import SizeChoice, ecs_task_size, eks_pod_size
from advisor.workload import (
    EKS_FARGATE_MAX_STORAGE_GIB,
    FARGATE_INCLUDED_STORAGE_GIB,
    Service,
    Workload,
)

CAPACITY_LABEL = {"on_demand": "on-demand", "spot": "Spot"}


def fargate_task_lines(
    service: Service,
    size: SizeChoice,
    rate: FargateRate,
    task_hours: float,
    *,
    storage_gib: float | None = None,
    category: str = "compute",
    what: str = "Fargate",
    storage_rate=None,
) -> list[LineItem]:
    """Lines for ``task_hours`` hours of one task/pod size at one Fargate rate.

    ``task_hours`` is tasks x hours (e.g. 3 replicas for a whole ``HOURS_PER_MONTH`` month).
    """
    cap = CAPACITY_LABEL.get(rate.capacity, rate.capacity)
    tag = f"{cap}, {rate.arch}" + (", Windows" if rate.os == "windows" else "")
    is_spot = rate.capacity == "spot"
    lines = [
        LineItem.priced(f"{what} vCPU ({tag})", category, size.size.vcpu * task_hours, rate.vcpu_hour,
                        service.name, estimate=is_spot),
        LineItem.priced(f"{what} memory ({tag})", category, size.size.memory_gb * task_hours, rate.gb_hour,
                        service.name, estimate=is_spot),
    ]
    if rate.os == "windows":
        if rate.os_license_vcpu_hour is None:
            raise PriceDataError(
                f"missing price data: Fargate Windows OS licence rate for {rate.region} (table fargate_rates). "
                f"Run 'advisor pricing refresh --region {rate.region} --tables fargate'."
            )
        lines.append(LineItem.priced(f"{what} Windows OS licence", "os_license", size.size.vcpu * task_hours,
                                     rate.os_license_vcpu_hour, service.name))
    storage = service.ephemeral_storage_gib if storage_gib is None else storage_gib
    extra = max(0.0, storage - FARGATE_INCLUDED_STORAGE_GIB)
    if extra > 0:
        storage_rate = storage_rate or rate.ephemeral_storage_gb_hour
        if storage_rate is None:
            raise PriceDataError(
                f"missing price data: Fargate ephemeral storage rate for {rate.region} (table fargate_rates), needed "
                f"because {service.name} asks for {storage:g} GiB (20 GiB are included). Run 'advisor pricing refresh "
                f"--region {rate.region} --tables fargate', or set ephemeral_storage_gib to 20."
            )
        lines.append(LineItem.priced(f"{what} ephemeral storage above {FARGATE_INCLUDED_STORAGE_GIB:g} GiB ({cap})", "storage",
                                     extra * task_hours, storage_rate, service.name))
    return lines


#: Kubernetes Deployment RollingUpdate default maxSurge: 25%, rounded up (Kubernetes documentation,
#: "Deployments", section "Max Surge").
K8S_DEFAULT_MAX_SURGE = 0.25


def surge_task_hours(service: Service, kubernetes: bool = False) -> float:
    """Extra task-hours per month that rolling deployments add (an estimate).

    ECS: surge tasks = floor(desired x maximumPercent) - desired (``advisor.sizing.strategy.deployment_bounds``),
    each running for the deployment's duration. Kubernetes: maxSurge 25% of replicas, rounded up.
    """
    if service.deployments_per_month <= 0 or service.desired <= 0:
        return 0.0
    if kubernetes:
        surge = math.ceil(service.desired_count * K8S_DEFAULT_MAX_SURGE)
        return surge * service.deployment_minutes / 60.0 * service.deployments_per_month
    from advisor.sizing.strategy import deployment_surge_task_hours

    return deployment_surge_task_hours(service.desired_count, service.min_healthy_percent, service.max_percent,
                                       service.deployments_per_month, service.deployment_minutes)


def surge_lines(service: Service, size: SizeChoice, rate: FargateRate, workload: Workload,
                kubernetes: bool = False) -> list[LineItem]:
    """Deployment surge: the extra tasks a rolling deployment starts, billed on-demand, as their own lines."""
    hours = surge_task_hours(service, kubernetes)
    if hours <= 0:
        return []
    lines = fargate_task_lines(service, size, rate, hours, category="surge", storage_gib=20.0)
    for line in lines:
        line.name = "Deployment surge: " + line.name
    return lines


def _rate_or_missing(prices: PriceBook, est: Estimate, region: str, arch: str, os: str, capacity: str,
                     cache: dict) -> FargateRate | None:
    key = (arch, os, capacity)
    if key not in cache:
        try:
            cache[key] = prices.fargate_rate(region, arch, os, capacity)
        except PriceDataError as exc:
            cache[key] = None
            est.missing_prices.append(str(exc))
    return cache[key]


def estimate_ecs_fargate(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on Fargate, all tasks on-demand."""
    est = Estimate("ecs-fargate")
    region = workload.region
    cache: dict = {}
    for svc in workload.services:
        try:
            size = ecs_task_size(svc.vcpu, svc.memory_mib, svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        rate = _rate_or_missing(prices, est, region, svc.architecture, svc.os, "on_demand", cache)
        if rate is None:
            continue
        try:
            est.lines += fargate_task_lines(svc, size, rate, svc.desired * workload.hours_for(svc))
            est.lines += surge_lines(svc, size, rate, workload)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    est.notes.append(
        "Each task is billed at its Fargate size (the request rounded up to a valid CPU/memory combination), "
        "per vCPU-hour and GB-hour; AWS's Fargate 'GB' is a GiB (1024 MiB)."
    )
    _note_rates(est, cache)
    return est


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
    est = Estimate("eks-fargate")
    region = workload.region
    cache: dict = {}
    for svc in workload.services:
        reason = eks_unsupported_reason(svc, region)
        if reason:
            est.unsupported.append(Unsupported(svc.name, reason))
            continue
        try:
            size = eks_pod_size(svc.vcpu, svc.memory_mib, svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        rate = _rate_or_missing(prices, est, region, svc.architecture, svc.os, "on_demand", cache)
        if rate is None:
            continue
        try:
            est.lines += fargate_task_lines(svc, size, rate, svc.desired * workload.hours_for(svc), what="Fargate pod")
            est.lines += surge_lines(svc, size, rate, workload, kubernetes=True)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    est.lines += control_plane_lines(workload, prices, est)
    est.notes.append(
        "Each pod is sized from its request plus 256 MiB for kubelet, kube-proxy and containerd, rounded up to a "
        "valid Fargate size (Amazon EKS User Guide, 'Understand Fargate Pod configuration details')."
    )
    _note_rates(est, cache)
    return est


def _note_rates(est: Estimate, cache: dict) -> None:
    for (arch, os, capacity), rate in sorted(cache.items(), key=lambda kv: kv[0]):
        if rate is not None:
            est.notes.append(
                f"Fargate {os}/{arch} {CAPACITY_LABEL.get(capacity, capacity)} rates ${rate.vcpu_hour.usd:g}/vCPU-hour and "
                f"${rate.gb_hour.usd:g}/GB-hour, as of {rate.vcpu_hour.as_of} ({rate.vcpu_hour.origin} data)."
            )
    est.missing_prices[:] = list(dict.fromkeys(est.missing_prices))
