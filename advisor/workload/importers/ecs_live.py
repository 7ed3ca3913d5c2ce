"""Import a running ECS cluster with boto3: services, their task definitions and (optionally) utilisation.

API calls (Amazon ECS API Reference): ``ListServices`` (paginated; up to 100 ARNs per page),
``DescribeServices`` (at most 10 services per call), ``DescribeTaskDefinition`` (once per task definition), ``DescribeClusters`` (the default capacity-provider
strategy).
With ``utilization=True``, CloudWatch ``GetMetricData`` reads ``CPUUtilization`` and ``MemoryUtilization``
(namespace ``AWS/ECS``, dimensions ``ClusterName`` + ``ServiceName``; per cent of the task's reserved CPU and
memory, averaged over the service's tasks) in 5-minute periods (1-hour periods beyond 63 days, CloudWatch's
retention of 5-minute data), and records p50 / p99 / max of those period averages.

Right-sizing rule (a suggestion written as a comment; the imported size stays the configured one):
``suggested vCPU = task vCPU x p99(CPU %) / 100 x 1.2`` and
``suggested MiB = task MiB x max(Memory %) / 100 x 1.2``, i.e. a high percentile plus 20 % headroom. This
follows AWS Compute Optimizer, which analyses exactly these two metrics for ECS services on Fargate
("Metrics for Amazon ECS services on Fargate") and whose default utilisation preferences are a P99.5 CPU
threshold with 20 % CPU headroom and 20 % memory headroom (Compute Optimizer API Reference,
"CustomizableMetricParameters" / PutRecommendationPreferences "utilizationPreferences"). Memory uses the
maximum, not a percentile: running out of memory stops the task, running out of CPU only slows it. The
suggestion is then rounded up to a valid Fargate size (``advisor.sizing.fargate.ecs_task_size``).

boto3 is imported lazily; nothing else in advisor needs the network.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from advisor.errors import AdvisorError, SizingError, WorkloadError
from advisor.workload.importers.common import ImportedService, ImportResult
from advisor.workload.importers.placement import settle_placement
from advisor.workload.importers.taskdef import (
    _sized,
    _strategy,
    daemon_assumption,
    family_of,
    load_balancer_note,
    service_fields,
    settle_launch_volumes,
)

HEADROOM = 0.20  # Compute Optimizer default CPU and memory headroom (20 %)
DESCRIBE_BATCH = 10  # DescribeServices accepts at most 10 services per call
LIST_PAGE_SIZE = 100  # ListServices maxResults upper bound
FIVE_MINUTE_RETENTION_DAYS = 63


def _session_clients(region: str | None) -> tuple[Any, Any]:
    try:
        import boto3
    except ImportError:  # pragma: no cover
        raise AdvisorError("the live ECS import needs boto3: pip install boto3") from None
    session = boto3.session.Session(region_name=region)
    if session.region_name is None:
        raise WorkloadError("no AWS region: pass --region (e.g. --region us-east-1) or set AWS_REGION.")
    return session.client("ecs"), session.client("cloudwatch")


def list_service_arns(ecs: Any, cluster: str) -> list[str]:
    arns: list[str] = []
    for page in ecs.get_paginator("list_services").paginate(cluster=cluster,
                                                            PaginationConfig={"PageSize": LIST_PAGE_SIZE}):
        arns += page.get("serviceArns", [])
    return arns


def describe_services(ecs: Any, cluster: str, arns: list[str]) -> list[dict]:
    out: list[dict] = []
    for i in range(0, len(arns), DESCRIBE_BATCH):
        resp = ecs.describe_services(cluster=cluster, services=arns[i:i + DESCRIBE_BATCH])
        out += resp.get("services", [])
        for f in resp.get("failures", []):
            raise WorkloadError(f"ECS cluster {cluster!r}: describe_services failed for {f.get('arn')}: {f.get('reason')}.")
    return out


def utilization(cw: Any, cluster: str, service: str, days: float, end: dt.datetime | None = None) -> dict[str, dict] | None:
    """{'cpu': {'p50','p99','max','points'}, 'memory': {...}} in per cent, or None without data."""
    import numpy as np

    end = end or dt.datetime.now(dt.UTC)
    start = end - dt.timedelta(days=days)
    period = 300 if days <= FIVE_MINUTE_RETENTION_DAYS else 3600
    dims = [{"Name": "ClusterName", "Value": cluster}, {"Name": "ServiceName", "Value": service}]
    queries = [{"Id": f"{key}{stat.lower()}", "ReturnData": True,
                "MetricStat": {"Metric": {"Namespace": "AWS/ECS", "MetricName": metric, "Dimensions": dims},
                               "Period": period, "Stat": stat}}
               for key, metric in (("cpu", "CPUUtilization"), ("mem", "MemoryUtilization"))
               for stat in ("Average", "Maximum")]
    values: dict[str, list[float]] = {q["Id"]: [] for q in queries}
    for page in cw.get_paginator("get_metric_data").paginate(MetricDataQueries=queries, StartTime=start, EndTime=end):
        for r in page.get("MetricDataResults", []):
            values[r["Id"]] += [float(v) for v in r.get("Values", [])]
    out: dict[str, dict] = {}
    for key, name in (("cpu", "cpu"), ("mem", "memory")):
        avg = values[f"{key}average"]
        if not avg:
            return None
        a = np.asarray(avg)
        peak = max(values[f"{key}maximum"] or avg)
        out[name] = {"p50": float(np.percentile(a, 50)), "p99": float(np.percentile(a, 99)),
                     "max": float(max(peak, a.max())), "points": len(avg)}
    out["period_seconds"] = period  # type: ignore[assignment]
    return out


def suggest_size(vcpu: float, memory_mib: float, obs: dict, os_: str = "linux") -> tuple[float, float, str]:
    """The right-sizing rule of the module docstring: (vCPU, MiB, Fargate size text)."""
    from advisor.sizing.fargate import ecs_task_size

    cpu_need = vcpu * obs["cpu"]["p99"] / 100 * (1 + HEADROOM)
    mem_need = memory_mib * obs["memory"]["max"] / 100 * (1 + HEADROOM)
    try:
        size = ecs_task_size(max(cpu_need, 1e-6), max(mem_need, 1.0), os_).size
        text = f"Fargate {size.vcpu:g} vCPU / {size.memory_mib:g} MiB"
    except SizingError:
        text = "no Fargate size holds it"
    return cpu_need, mem_need, text


def cluster_default_strategy(ecs: Any, cluster: str, source: str) -> list[dict] | None:
    """The cluster's defaultCapacityProviderStrategy (DescribeClusters), used for services that give neither a
    strategy nor a launch type (ECS API Reference, "CreateService")."""
    resp = ecs.describe_clusters(clusters=[cluster])
    clusters = resp.get("clusters") or []
    if not clusters:
        return None
    return _strategy(clusters[0].get("defaultCapacityProviderStrategy"), source, "cluster",
                     "defaultCapacityProviderStrategy")


def import_ecs(
    cluster: str,
    *,
    region: str | None = None,
    with_utilization: bool = False,
    days: float = 14,
    clients: Callable[[str | None], tuple[Any, Any]] | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Import every service of an ECS cluster. ``clients`` may supply (ecs, cloudwatch) clients (tests)."""
    # NaN compares False with every bound, so it is refused by name (it reached timedelta as a traceback)
    if isinstance(days, bool) or not isinstance(days, (int, float)) or not math.isfinite(days) or not 0 < days <= 455:
        shown = f"{days:g}" if isinstance(days, (int, float)) and not isinstance(days, bool) else repr(days)
        raise WorkloadError(f"--days {shown} is not valid; CloudWatch keeps hourly data for 455 days: use a number "
                            "of days above 0 and at most 455 (default 14).")
    ecs, cw = (clients or _session_clients)(region)
    region = region or ecs.meta.region_name
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover
        BotoCoreError = ClientError = Exception  # type: ignore[misc,assignment]
    try:
        arns = list_service_arns(ecs, cluster)
        services = describe_services(ecs, cluster, arns)
        tds: dict[str, dict] = {}
        for s in services:
            ref = s.get("taskDefinition")
            if ref and ref not in tds:
                tds[ref] = ecs.describe_task_definition(taskDefinition=ref)["taskDefinition"]
        result = ImportResult(name=cluster, source=f"ECS cluster {cluster} ({region})", region=region)
        result.header = [(f"Imported by 'advisor import ecs --cluster {cluster}' from {region} on "
                          f"{(now or dt.datetime.now(dt.UTC)).date().isoformat()}."),
                         "Sizes from each service's task definition; replicas = desiredCount."]
        default_strategy = cluster_default_strategy(ecs, cluster, result.source)
        for s in sorted(services, key=lambda x: x.get("serviceName", "")):
            sname = s.get("serviceName") or s.get("serviceArn", "?").split("/")[-1]
            ref = s.get("taskDefinition")
            if not ref:
                result.notes.append(f"service {sname}: no task definition (external deployment controller?); skipped")
                continue
            td = tds[ref]
            label = f"service {sname} task definition {family_of(ref)}"
            source = result.source
            fields, comments, assumptions, notes = _sized(td, source, label)
            result.assumptions += assumptions
            result.notes += notes
            sfields, scomments = service_fields(s, source, f"service {sname}", default_strategy)
            data: dict[str, Any] = {"name": sname, **fields, "replicas": sfields.pop("replicas", 1), **sfields}
            if why := daemon_assumption(s, f"service {sname}", data["replicas"]):
                result.assumptions.append(why)
            if lb := load_balancer_note(s, f"service {sname}", fields.get("network_mode")):
                result.notes.append(lb)
            vcpu, mem = fields.get("cpu"), fields.get("memory")
            comments = [f"task definition {ref.split('/')[-1]}", *comments, *scomments,
                        f"running {s.get('runningCount', '?')}, pending {s.get('pendingCount', '?')}"]
            if with_utilization:
                obs = utilization(cw, cluster, sname, days, end=now)
                if obs is None:
                    comments.append(f"observed: no CPUUtilization/MemoryUtilization data in the last {days:g} days")
                elif vcpu is None or mem is None:
                    comments.append("observed utilisation is a per cent of the task size, which this task definition "
                                    "does not state at task level: no suggestion")
                else:
                    c, m = obs["cpu"], obs["memory"]
                    comments.append(f"observed over {days:g} days ({c['points']} x {obs['period_seconds'] // 60}-minute "
                                    f"averages): CPU p50 {c['p50']:.1f}% p99 {c['p99']:.1f}% max {c['max']:.1f}%; "
                                    f"memory p50 {m['p50']:.1f}% p99 {m['p99']:.1f}% max {m['max']:.1f}%")
                    cpu_need, mem_need, text = suggest_size(vcpu, mem, obs, fields["os"])
                    comments.append(f"suggested size (CPU p99 + 20%, memory max + 20%; Compute Optimizer defaults): "
                                    f"{cpu_need:.3g} vCPU / {mem_need:.0f} MiB -> {text}")
            result.services.append(ImportedService(data, comments))
    except (ClientError, BotoCoreError) as exc:
        raise WorkloadError(f"ECS cluster {cluster!r} in {region}: AWS call failed: {exc}. Check the cluster name, "
                            "--region and your AWS credentials (ecs:ListServices, ecs:DescribeServices, "
                            "ecs:DescribeTaskDefinition, ecs:DescribeClusters, cloudwatch:GetMetricData).") from None
    if not result.services:
        raise WorkloadError(f"ECS cluster {cluster!r} in {region} has no services to import.")
    settle_launch_volumes(result)
    settle_placement(result)
    return result
