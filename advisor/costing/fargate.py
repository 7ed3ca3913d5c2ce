"""ECS on Fargate and EKS on Fargate estimators.

Fargate bills each running task (ECS) or pod (EKS) per vCPU-hour and per GB-hour of its *size* (the valid
configuration its request rounds up to, ``advisor.sizing.fargate``), plus, for Windows, an OS licence fee
per vCPU-hour, plus ephemeral storage above the included 20 GiB per GB-hour (AWS Fargate pricing page).
EKS adds the control-plane fee per cluster-hour (``advisor.costing.control_plane``).

What each workload field does here (docs/workload-format.md has the table for every platform):

* ``daemonsets``: Fargate runs no DaemonSets. ``on_fargate: sidecar`` adds the DaemonSet pod's request to every
  task/pod (EKS: into the pod request, before the +256 MiB and the rounding; ECS: into the task size);
  ``exclude`` leaves it out (``fargate_request``).
* containers without requests count 0: an EKS pod with no requests at all runs at 0.25 vCPU / 0.5 GB (the
  smallest size), an ECS task gets the smallest size that holds the rest.
* ``network_mode`` host / bridge / none: not on ECS on Fargate, which runs awsvpc tasks only.
* ``host_devices`` (ECS ``linuxParameters.devices``): not on either Fargate (``FARGATE_DEVICES_REASON``).
* ``privileged`` (a privileged container): on neither Fargate (``FARGATE_PRIVILEGED_RULE``).
* ``fargate_unsupported`` (ECS ipcMode, pidMode host, linuxParameters tmpfs / sharedMemorySize): not on ECS on
  Fargate (``FARGATE_PARAMETERS_RULE``).
* ``host_network`` and a pod's static host ports (``Service.node_host_ports``: Kubernetes hostPort, and every
  containerPort under hostNetwork): not on EKS on Fargate (``EKS_FARGATE_HOST_NETWORK_RULE``). ECS on Fargate runs
  such a pod's containers as an awsvpc task, each task on its own ENI: the ECS API Reference decides it (TaskDefinition
  networkMode: "For Amazon ECS tasks on Fargate, the awsvpc network mode is required"; PortMapping: in awsvpc mode
  "The hostPort can be left blank or it must be the same value as the containerPort"), so no port of a host is held.
* ``daemonsets``: one whose pod needs its node (``DaemonSet.needs_node``) is left out on both Fargates whatever
  ``on_fargate`` says, as a sidecar neither: a privileged one (``FARGATE_PRIVILEGED_RULE``), one mounting hostPath
  volumes (``FARGATE_HOST_VOLUMES_RULE``), and one on its node's network or ports (``host_network``, ``host_ports``:
  ``EKS_FARGATE_HOST_NETWORK_RULE``, the pod carrying it would be refused; ``ECS_FARGATE_HOST_NETWORK_RULE``, a task
  has no host network mode and holds no port of a node). A *service* with ``host_network`` still runs on ECS on
  Fargate as an awsvpc task (above): its own containers serve on the task's ENI, while a DaemonSet on the node's
  network or ports exists to work on its node's (an ingress proxy on 80/443, a node agent).
* ``host_volumes`` (ECS ``host.sourcePath`` bind mounts and Docker volumes, Kubernetes hostPath volumes): not on ECS
  on Fargate (``FARGATE_HOST_VOLUMES_RULE``) nor EKS on Fargate (``EKS_FARGATE_HOST_VOLUMES_RULE``).
* ``persistent_volumes``: not on EKS on Fargate (no EBS); on ECS on Fargate one EBS volume per task, priced as gp3.
* ``runs_per_month`` / ``run_minutes``: each run billed for at least ``FARGATE_MIN_BILLED_MINUTES`` (Linux) or
  ``FARGATE_WINDOWS_MIN_BILLED_MINUTES`` (Windows).
* ``ephemeral_storage_gib``: the part above the included 20 GiB is billed; on EKS the part of what Fargate provisions
  for the pod (the request + 10% + 5 GiB in whole GiB, ``advisor.sizing.fargate.eks_pod_storage_gib``) above 20 GiB.
* a task size ECS would refuse to register (``cpu``/``memory`` given, not a Fargate size) is priced at the size it
  rounds up to, with a note.

Each estimator also records a ``ScaleModel`` (``advisor.costing.scale``) from the same per-task costs, so a
scaling sweep never prices the workload again.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.costing.control_plane import control_plane_lines
from advisor.costing.ec2 import (
    add_volume_lines,
    persistent_volume_lines,
    priced_volume_services,
    unpriced_volume_words,
    volume_type_text,
    zero_replica_note,
)
from advisor.costing.lines import FARGATE_COVERAGE, SURGE_NOTE, Estimate, LineItem, Unsupported
from advisor.costing.scale import ScaleModel
from advisor.errors import PriceDataError, SizingError
from advisor.pricing.book import FargateRate, PriceBook, Rate
from advisor.pricing.regions import is_commercial, partition_note
from advisor.sizing.fargate import (
    SizeChoice,
    ecs_task_size,
    ecs_task_storage_gib,
    eks_pod_size,
    eks_pod_storage_gib,
    is_valid_size,
)
from advisor.sizing.nodes import COREDNS_CPU, COREDNS_MEMORY_MIB, coredns_pods, coredns_size
from advisor.sizing.strategy import average_surge_task_hours
from advisor.units import decimal_sum, name_list, num, usd_rate
from advisor.workload import (
    ECS_FARGATE_HOST_NETWORK_RULE,
    EKS_FARGATE_HOST_NETWORK_RULE,
    EKS_FARGATE_HOST_VOLUMES_RULE,
    EKS_FARGATE_MAX_STORAGE_GIB,
    FARGATE_HOST_VOLUMES_RULE,
    FARGATE_INCLUDED_STORAGE_GIB,
    FARGATE_PARAMETERS_RULE,
    FARGATE_PRIVILEGED_RULE,
    HOST_NETWORK_DAEMONSET_INSTEAD,
    PRIVILEGED_DAEMONSET_INSTEAD,
    DaemonSet,
    Service,
    Workload,
)
from advisor.workload.model import cluster_addon_runs_on, eks_addon_left_out_note
from advisor.workload.pod import pod_request

CAPACITY_LABEL = {"on_demand": "on-demand", "spot": "Spot"}
#: EKS on Fargate has no Spot capacity: "Amazon EKS doesn't support Fargate Spot" (Amazon EKS User Guide, "Simplify
#: compute management with AWS Fargate", "AWS Fargate considerations"; awsdocs/amazon-eks-user-guide
#: latest/ug/nodes/fargate.adoc @ 1a98af5c). EKS pods are priced at the On-Demand rates (``FARGATE_RATES_USED``) and a
#: service marked ``spot: true`` gets a note saying so.
EKS_NO_FARGATE_SPOT = "Amazon EKS doesn't support Fargate Spot"

#: Fargate bills a task/pod per second "from the time you start to download your container image until the Amazon
#: ECS Task or Amazon EKS Pod terminates, rounded up to the nearest second", with a minimum per run (AWS Fargate
#: pricing page, https://aws.amazon.com/fargate/pricing/, "Duration": "Pricing is calculated per second with a
#: 1-minute minimum ... For Windows containers, billing is calculated per second with a 5-minute minimum"). The
#: stored copy of the page these sentences come from is undated (search-index file id 55223381830, a Markdown copy
#: headed with the page's address; it mentions the public IPv4 charge, so it is from 2024 or later); the Linux
#: minute is also quoted on Hacker News and DevOps Stack Exchange q/4830.
FARGATE_MIN_BILLED_MINUTES = 1.0
FARGATE_WINDOWS_MIN_BILLED_MINUTES = 5.0
#: Fargate tasks use the awsvpc network mode only. TaskDefinition ``networkMode`` (Amazon ECS API Reference): "For
#: Amazon ECS tasks on Fargate, the awsvpc network mode is required"; Amazon ECS Developer Guide, "Amazon ECS task
#: networking options for Fargate".
FARGATE_NETWORK_MODE = "awsvpc"


def sidecar_daemonsets(workload: Workload, eks: bool = False, service: Service | None = None) -> list[DaemonSet]:
    """The DaemonSets the Fargate estimates run as a sidecar in every task/pod (``on_fargate: sidecar``); with
    ``service``, those of its tasks/pods only: a DaemonSet held to an OS or architecture (``DaemonSet.os`` /
    ``architecture``, its node selector) would run beside pods of that OS and architecture only, so it is the sidecar
    of those alone (Kubernetes "DaemonSet", Running Pods on select Nodes).

    Amazon EKS User Guide, "AWS Fargate considerations": "Daemonsets aren't supported on Fargate. If your
    application requires a daemon, reconfigure that daemon to run as a sidecar container in your Pods."
    """
    return [d for d in workload.daemonsets or [] if (d.eks_fargate_sidecar if eks else d.fargate_sidecar)
            and (service is None or d.runs_on(service.os, service.architecture))]


def fargate_request(workload: Workload, service: Service, eks: bool = False) -> tuple[float, float]:
    """(vCPU, MiB) a Fargate task/pod of ``service`` requests: its own request plus, for every DaemonSet with
    ``on_fargate: sidecar``, the DaemonSet pod's request (a DaemonSet without a request adds 0: the
    missing-requests rule).

    The sidecar is one more long-running container: where the service's size is derived from its containers, the
    Kubernetes pod-request rule is applied again with it (``advisor.workload.pod.pod_request``: long-running
    containers add up; an init container that needs more still sets the request); where the size is given, the
    sidecar's request is added. EKS then adds 256 MiB and rounds (``eks_pod_size``); ECS rounds to a task size.
    ``eks``: the EKS on Fargate pod's, without the DaemonSets on the node's network (``DaemonSet.eks_fargate_sidecar``).
    """
    sidecars = sidecar_daemonsets(workload, eks, service) if workload.daemonsets else None
    if not sidecars:
        return service.vcpu, service.memory_mib
    ds_cpu = decimal_sum(*(d.cpu or 0.0 for d in sidecars))  # exact to the requests' decimals: 0.1 + 0.2 is 0.3
    ds_mem = decimal_sum(*(d.memory or 0.0 for d in sidecars))
    derived = service._derived  # the size fields computed from the containers (not written by the user)
    if derived and service.containers:
        cpu, mem = pod_request(
            [(c.cpu or 0.0, c.memory or 0.0) for c in service.containers] + [(ds_cpu, ds_mem)],
            [(c.cpu or 0.0, c.memory or 0.0, c.sidecar) for c in service.init_containers or []])
    else:
        cpu, mem = decimal_sum(service.vcpu, ds_cpu), decimal_sum(service.memory_mib, ds_mem)
    return (cpu if "cpu" in derived else decimal_sum(service.vcpu, ds_cpu),
            mem if "memory" in derived else decimal_sum(service.memory_mib, ds_mem))


def min_billed_minutes(service: Service) -> float:
    """Fargate's minimum billed duration of one run of ``service``, in minutes: 1 for Linux, 5 for Windows (AWS
    Fargate pricing page, "Duration"; see ``FARGATE_MIN_BILLED_MINUTES``)."""
    return FARGATE_WINDOWS_MIN_BILLED_MINUTES if service.os == "windows" else FARGATE_MIN_BILLED_MINUTES


def billed_hours(workload: Workload, service: Service) -> float:
    """Hours a month Fargate bills one task/pod of ``service``: ``runs_per_month x max(run_minutes, minimum) / 60``
    for a batch service (the minimum: ``min_billed_minutes``, 1 minute on Linux, 5 on Windows), else its monthly
    hours."""
    if service.runs_per_month is not None and service.run_minutes is not None:
        return service.runs_per_month * max(service.run_minutes, min_billed_minutes(service)) / 60.0
    return workload.hours_for(service)


#: Host devices (ECS ``linuxParameters.devices``) are not for Fargate tasks: Amazon ECS API Reference, LinuxParameters
#: ``devices``: "If you're using tasks that use the Fargate launch type, the devices parameter isn't supported."
FARGATE_DEVICES_REASON = ("it maps host devices ({devices}) into its containers, which Fargate does not support "
                          "(Amazon ECS API Reference, LinuxParameters devices: 'If you're using tasks that use the "
                          "Fargate launch type, the devices parameter isn't supported'); run it on EC2 instances")
#: EKS on Fargate: a pod reaches host devices through a privileged container or a device plugin, and "Privileged
#: containers aren't supported on Fargate" (Amazon EKS User Guide, "AWS Fargate considerations").
EKS_FARGATE_DEVICES_REASON = ("it maps host devices ({devices}) into its containers, and a Fargate pod has no host "
                              "devices to map: 'Privileged containers aren't supported on Fargate' (Amazon EKS User "
                              "Guide, 'AWS Fargate considerations'); run it on EC2 nodes")


def _devices(service: Service) -> str:
    shown = ", ".join(service.host_devices[:3]) if service.host_devices else ""
    return shown + (f" and {len(service.host_devices) - 3} more" if service.host_devices and
                    len(service.host_devices) > 3 else "")


#: Fargate runs no GPUs: a service with ``gpus`` cannot run there (its estimate is incomplete, so no total), besides
#: ruling the platform out (``advisor.compare.constraints``). ``{source}``: the guide that says so.
FARGATE_GPU_REASON = "needs GPUs, which Fargate does not offer ({source})"
ECS_FARGATE_GPU_SOURCE = "Amazon ECS Developer Guide, 'Fargate task definition considerations'"
EKS_FARGATE_GPU_SOURCE = "Amazon EKS User Guide, 'AWS Fargate considerations'"


def ecs_unsupported_reason(service: Service) -> str | None:
    """Why ECS on Fargate (and Fargate Spot) cannot run a service as given, or None: a network mode other than awsvpc,
    host devices (``FARGATE_DEVICES_REASON``), volumes of the container instance (``FARGATE_HOST_VOLUMES_RULE``), GPUs (``FARGATE_GPU_REASON``), or an EBS volume on a Windows task (EBS attaches to Windows tasks on
    EC2 only)."""
    if service.peak_count == 0:  # runs no task: what it would need rules nothing out (Workload.without_idle_services)
        return None
    if service.network_mode is not None and service.network_mode != FARGATE_NETWORK_MODE:
        return (f"network mode {service.network_mode} runs only on EC2 instances: Fargate tasks must use awsvpc "
                "(Amazon ECS API Reference, TaskDefinition networkMode: 'For Amazon ECS tasks on Fargate, the awsvpc "
                "network mode is required'); set networkMode to awsvpc to run it on Fargate")
    # A Kubernetes pod's hostPort / hostNetwork (host_ports without network_mode, host_network) rules nothing out
    # here: its containers run as an awsvpc task, the mode Fargate requires, on an ENI of its own, and an awsvpc port
    # mapping's "hostPort can be left blank or it must be the same value as the containerPort" (Amazon ECS API
    # Reference, PortMapping): the task serves the containerPort on its own address and holds no host's port. A
    # hostPort that differs from its containerPort cannot be kept; the Kubernetes importer notes it.
    if service.host_devices:
        return FARGATE_DEVICES_REASON.format(devices=_devices(service))
    if service.privileged:
        return (f"it runs a privileged container, which Fargate does not ({FARGATE_PRIVILEGED_RULE}); run it on ECS on "
                "EC2, or drop privileged")
    if service.fargate_unsupported:
        return (f"its task definition sets {', '.join(service.fargate_unsupported[:4])}, which Fargate does not "
                f"support ({FARGATE_PARAMETERS_RULE}); run it on ECS on EC2, or remove them")
    if service.host_volumes:
        shown = ", ".join(service.host_volumes[:3]) + (f" and {len(service.host_volumes) - 3} more"
                                                       if len(service.host_volumes) > 3 else "")
        return (f"it mounts volume(s) of its container instance ({shown}), which a Fargate task has no access to "
                f"({FARGATE_HOST_VOLUMES_RULE}); run it on ECS on EC2, or move the data to Amazon EFS or an EBS "
                "volume")
    if service.gpus:
        return FARGATE_GPU_REASON.format(source=ECS_FARGATE_GPU_SOURCE)
    if service.os == "windows" and service.persistent_volumes:
        return ("its EBS volume cannot be attached to a Windows task on Fargate: Amazon EBS volumes support "
                "'Linux, Windows (on Amazon EC2 only)' (Amazon ECS Developer Guide, 'Storage options for Amazon ECS "
                "tasks'); run it on ECS on EC2 Windows instances")
    return None


def invalid_task_size_note(service: Service) -> str | None:
    """A note when the service's own ``cpu`` and ``memory`` (given, not derived from containers) read as an ECS
    task size that Fargate does not offer -- each value appears in the Fargate size table but not together (e.g.
    4 vCPU with 2 GB) -- so ECS would refuse to register it; advisor prices the size it rounds up to. A request
    that is no table value (0.1 vCPU, 200 MiB: a Kubernetes request) is simply rounded, without a note.

    Amazon ECS Developer Guide, "Invalid CPU or memory value specified": for ``requiresCompatibilities`` FARGATE
    the task cpu/memory must be one of the table's combinations (e.g. 4096 CPU units with 8-30 GB), else
    RegisterTaskDefinition fails with "Invalid 'cpu' setting for task".
    """
    cpu, mem = service.vcpu, service.memory_mib
    key = (cpu, mem, service.os)  # a 10,000-service workload has a few sizes: each looked up in the table once
    valid = _VALID[key] if key in _VALID else _VALID.setdefault(key, is_valid_size(cpu, mem, service.os))
    if len(_VALID) > _MEMO_LIMIT:
        _VALID.clear()
    if valid is not False or service._derived:  # a valid pair, a request that is no table value, or sized from
        return None                             # containers
    try:
        size = ecs_task_size(cpu, mem, service.os).size
    except SizingError:
        return None
    return (f"{service.name}: {num(cpu)} vCPU ({num(cpu * 1024)} CPU units) with {num(mem)} MiB is not a Fargate task size, so "
            "ECS would refuse to register it (RegisterTaskDefinition: \"Invalid 'cpu' setting for task\"; Amazon ECS "
            f"Developer Guide, 'Invalid CPU or memory value specified'); priced at {size.vcpu:g} vCPU / "
            f"{size.memory_gb:g} GB, the smallest valid size that holds it.")


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
               storage_rate: Rate | None = None) -> tuple[TaskPart, ...]:
    """What one task/pod of ``size`` costs per hour at ``rate``, dimension by dimension.

    Raises ``PriceDataError`` when a needed rate (Windows licence, ephemeral storage) is missing.
    """
    # ECS (no storage_gib given): the whole GiB a task definition's sizeInGiB holds; EKS pods: what the caller gives
    storage = ecs_task_storage_gib(service.ephemeral_storage_gib) if storage_gib is None else storage_gib
    key = (size, id(rate), storage, id(storage_rate))
    held = _PARTS.get(key)
    if held is None or held[0] is not rate or held[1] is not storage_rate:
        if len(_PARTS) > _MEMO_LIMIT:
            _PARTS.clear()
        held = _PARTS[key] = (rate, storage_rate, _task_parts(size, rate, storage, storage_rate))
    parts = held[2]
    if rate.os == "windows" and rate.os_license_vcpu_hour is None:
        raise PriceDataError(
            f"missing price data: Fargate Windows OS licence rate for {rate.region} (table fargate_rates). "
            f"Run 'advisor pricing fetch --region {rate.region} --services AmazonECS'."
        )
    if parts is None:
        raise PriceDataError(
            f"missing price data: Fargate ephemeral storage rate for {rate.region} (table fargate_rates), needed "
            f"because {service.name} asks for {storage:g} GiB (20 GiB are included). Run 'advisor pricing fetch "
            f"--region {rate.region} --services AmazonECS', or set ephemeral_storage_gib to 20."
        )
    return parts


#: Memos of ``task_parts``, ``task_lines`` and ``part_sums`` by the identity of their rates or parts (a frozen rate's
#: hash walks every field, and a 10,000-service workload asks about a few shapes tens of thousands of times); each
#: entry holds its rates or parts, so an id is never reused while its entry lives; cleared past ``_MEMO_LIMIT``
#: entries.
_PARTS: dict[tuple, tuple] = {}
_SHAPES: dict[tuple, tuple] = {}
_SUMS: dict[int, tuple] = {}
#: ``is_valid_size`` by (vCPU, MiB, os), for ``invalid_task_size_note``.
_VALID: dict[tuple, bool | None] = {}
_MEMO_LIMIT = 4096


def _task_parts(size: SizeChoice, rate: FargateRate, storage: float, storage_rate: Rate | None
                ) -> tuple[TaskPart, ...] | None:
    """``task_parts`` for ``storage`` GiB of ephemeral storage, or None when the extra storage has no rate; a
    workload repeats a few task shapes, so each is worked out once."""
    on_demand = rate.capacity == "on_demand"
    parts = [TaskPart("vCPU", "compute", "vcpu", size.size.vcpu, rate.vcpu_hour, on_demand),
             TaskPart("memory", "compute", "memory", size.size.memory_gb, rate.gb_hour, on_demand)]
    if rate.os == "windows" and rate.os_license_vcpu_hour is not None:
        parts.append(TaskPart("Windows OS licence", "os_license", "os_license", size.size.vcpu,
                              rate.os_license_vcpu_hour, False))
    extra = max(0.0, storage - FARGATE_INCLUDED_STORAGE_GIB)
    if extra > 0:
        storage_rate = storage_rate or rate.ephemeral_storage_gb_hour
        if storage_rate is None:
            return None
        parts.append(TaskPart(f"ephemeral storage above {FARGATE_INCLUDED_STORAGE_GIB:g} GiB", "storage",
                              "ephemeral_storage", extra, storage_rate, False))
    return tuple(parts)


def part_sums(parts: tuple[TaskPart, ...] | list[TaskPart]) -> tuple[float, float, float]:
    """(USD per task-hour of the parts a Compute Savings Plan may cover, of the others, of all), each summed in the
    parts' order as ``sum`` does (0 for none). Kept per parts tuple (``task_parts`` returns one per task shape and
    rate): the estimates ask for every service, and a 10,000-service workload has a few shapes."""
    held = _SUMS.get(id(parts)) if type(parts) is tuple else None
    if held is not None and held[0] is parts:
        return held[1]
    sums = (sum(p.usd_per_task_hour for p in parts if p.covered),
            sum(p.usd_per_task_hour for p in parts if not p.covered),
            sum(p.usd_per_task_hour for p in parts))
    if type(parts) is tuple:
        if len(_SUMS) > _MEMO_LIMIT:
            _SUMS.clear()
        _SUMS[id(parts)] = (parts, sums)
    return sums


def task_lines(service: Service, parts: list[TaskPart], rate: FargateRate, task_hours: float, *,
               what: str = "Fargate", category: str | None = None, always_on: float = 1.0) -> list[LineItem]:
    """Lines for ``task_hours`` (tasks x hours) of one task shape: one line per ``TaskPart``, each as
    ``LineItem.priced`` makes it (unit, price, date, source and usage type from the part's rate)."""
    # every field by position, in LineItem's order (platform "" until Estimate.add, no instance type): a 10,000-service
    # estimate makes 20,000 such lines, and keywords take half as long again to pass
    arch, os_, svc = rate.arch, rate.os, service.name
    return [LineItem(name, cat, quantity * task_hours, unit, usd, svc, source, as_of, estimate, "", option, resource,
                     None, arch, os_, usage_type, commitments, always_on, effective)
            for name, cat, quantity, unit, usd, source, as_of, estimate, option, resource, usage_type, commitments,
            effective in _line_shapes(parts, rate, what, category)]


def _line_shapes(parts: tuple[TaskPart, ...], rate: FargateRate, what: str, category: str | None) -> tuple[tuple, ...]:
    key = (id(parts), id(rate), what, category)
    held = _SHAPES.get(key)
    if held is None or held[0] is not parts or held[1] is not rate:
        if len(_SHAPES) > _MEMO_LIMIT:
            _SHAPES.clear()
        held = _SHAPES[key] = (parts, rate, _line_shapes_now(tuple(parts), rate, what, category))
    return held[2]


def _line_shapes_now(parts: tuple[TaskPart, ...], rate: FargateRate, what: str, category: str | None) -> tuple[tuple, ...]:
    """What ``task_lines`` writes for each part but the quantity's task-hours and the service: worked out once per
    task shape and rate (a 10,000-service workload has a few; memo ``_SHAPES``)."""
    cap = CAPACITY_LABEL.get(rate.capacity, rate.capacity)
    tag = f"{cap}, {rate.arch}" + (", Windows" if rate.os == "windows" else "")
    spot = rate.capacity == "spot"
    out = []
    for p in parts:
        name = (f"{what} {p.label} ({tag})" if p.category == "compute" else
                f"{what} {p.label}" + (f" ({cap})" if p.category == "storage" else ""))
        r = p.rate
        out.append((name, category or ("spot" if spot and p.category == "compute" else p.category), p.quantity,
                    r.unit, r.usd, r.source, r.as_of, spot and p.category == "compute", "spot" if spot else "on_demand",
                    p.resource, getattr(r, "usage_type", None), FARGATE_COVERAGE if p.covered else (),
                    getattr(r, "effective_date", "") or ""))
    return tuple(out)


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
    each running for the deployment's duration. Kubernetes: maxSurge 25% of replicas, rounded up. A fractional
    average (``scaling.average`` 3.4) interpolates between the whole counts' figures, as the task lines and the
    Spot split do (``advisor.sizing.strategy.average_surge_task_hours``).
    """
    if service.deployments_per_month <= 0 or service.desired <= 0:
        return 0.0
    return average_surge_task_hours(service.desired, "k8s" if kubernetes else "ecs", service.min_healthy_percent,
                                    service.max_percent, service.deployments_per_month, service.deployment_minutes)


def add_surge(est: Estimate, model: ScaleModel, service: Service, size: SizeChoice, rate: FargateRate,
              kubernetes: bool = False) -> None:
    """Deployment surge: the extra tasks a rolling deployment starts, billed on-demand, as their own lines."""
    if service.deployments_per_month <= 0:
        return
    parts = task_parts(service, size, rate, storage_gib=FARGATE_INCLUDED_STORAGE_GIB)
    covered, other, _ = part_sums(parts)
    model.add_surge(service.desired, covered, other, "k8s" if kubernetes else "ecs", service.min_healthy_percent,
                    service.max_percent, service.deployments_per_month, service.deployment_minutes)
    hours = surge_task_hours(service, kubernetes)
    if hours > 0:
        lines = task_lines(service, parts, rate, hours, category="surge", always_on=0.0)
        for line in lines:
            line.name = "Deployment surge: " + line.name
            line.estimate = True  # an estimated quantity (upper side), at published unit prices
        est.add(lines)
        if SURGE_NOTE not in est.notes:
            est.notes.append(SURGE_NOTE)


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
                    f"Fargate {os}/{arch} {CAPACITY_LABEL.get(capacity, capacity)} rates ${usd_rate(rate.vcpu_hour.usd)}/vCPU-hour "
                    f"and ${usd_rate(rate.gb_hour.usd)}/GB-hour, as of {rate.vcpu_hour.as_of} ({rate.vcpu_hour.origin} data).")
        self.est.missing_prices[:] = list(dict.fromkeys(self.est.missing_prices))


def _estimate_fargate(platform: str, workload: Workload, prices: PriceBook) -> Estimate:
    eks = platform == "eks-fargate"
    est = Estimate(platform)
    model = ScaleModel()
    rates = RateCache(prices, workload.region, est)
    what = "Fargate pod" if eks else "Fargate"
    for svc in workload.services:
        if not cluster_addon_runs_on(svc.cluster_addon, platform):
            continue  # a Deployment that runs the Kubernetes cluster, which ECS leaves out (CLUSTER_ADDONS): no task
        if svc.peak_count == 0:
            # runs no task (kept only when every service is idle: Workload.without_idle_services): no line, and its
            # size rules nothing out (a 64 vCPU service scaled to zero made the platform "cannot run some services")
            continue
        reason = eks_unsupported_reason(svc, workload.region) if eks else ecs_unsupported_reason(svc)
        if reason:
            est.unsupported.append(Unsupported(svc.name, reason))
            continue
        vcpu, memory_mib = fargate_request(workload, svc, eks)
        try:
            size = (eks_pod_size if eks else ecs_task_size)(vcpu, memory_mib, svc.os)
        except SizingError as exc:
            est.unsupported.append(Unsupported(svc.name, str(exc)))
            continue
        if not eks and (note := invalid_task_size_note(svc)):
            est.notes.append(note)
        rate = rates.get(svc.architecture, svc.os)
        if rate is None:
            continue
        try:
            parts = task_parts(svc, size, rate, storage_gib=eks_pod_storage_gib(svc.ephemeral_storage_gib) if eks
                               else None)
            hours = billed_hours(workload, svc)
            on = always_on_fraction(workload, svc)
            volumes = [] if eks else persistent_volume_lines(workload, svc, prices, svc.desired, hours)
            est.add(task_lines(svc, parts, rate, svc.desired * hours, what=what, always_on=on))
            covered, other, _ = part_sums(parts)
            model.add_linear(svc.desired, covered * hours, other * hours, on)
            add_volume_lines(est, model, svc.desired, volumes)
            add_surge(est, model, svc, size, rate, kubernetes=eks)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    if eks:
        # where AWS does not offer EKS on Fargate (GovCloud, China) and a service says so, the cluster's rates are not
        # asked for: a missing control-plane rate would tell the user to fetch a price no platform there can use
        cp = [] if est.unsupported and not is_commercial(workload.region) else (
            control_plane_lines(workload, prices, est) + coredns_lines(workload, rates, est))
        est.add(cp)
        model.add_fixed(cp)
        est.notes.append(
            "Each pod is sized from its request plus 256 MiB for kubelet, kube-proxy and containerd, rounded up to a "
            "valid Fargate size (Amazon EKS User Guide, 'Understand Fargate Pod configuration details').")
    else:
        est.notes.append(
            "Each task is billed at its Fargate size (the request rounded up to a valid CPU/memory combination), "
            "per vCPU-hour and GB-hour; AWS's Fargate 'GB' is a GiB (1024 MiB).")
    est.notes += fargate_input_notes(workload, est, eks=eks)
    rates.note()
    est.scale = model.freeze()
    return est


#: The notes of an ``eks.coredns`` that prices no CoreDNS pods (EKS on Fargate here, EKS on EC2 in ``costing.ec2``).
COREDNS_NONE_NOTE = ("CoreDNS: no pods priced: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: "
                     "0), so the cluster runs no CoreDNS pods.")
COREDNS_EXISTING_NOTE = ("eks.coredns is not used: the existing cluster (eks.existing_cluster) already runs its "
                         "CoreDNS pods, so no CoreDNS pods are priced whatever eks.coredns asks.")


def coredns_lines(workload: Workload, rates: RateCache, est: Estimate) -> list[LineItem]:
    """EKS on Fargate: the cluster's CoreDNS pods, which run on Fargate too (no nodes to run them elsewhere).

    Amazon EKS User Guide, "Manage CoreDNS for DNS in Amazon EKS clusters": two CoreDNS replicas are deployed by
    default, and they run on Fargate when a Fargate profile matches their namespace; "Get started with AWS Fargate
    for your cluster", step "Update CoreDNS", makes that profile for a cluster without EC2 nodes. Each pod requests
    ``COREDNS_CPU`` vCPU / ``COREDNS_MEMORY_MIB`` MiB (the EKS add-on's Deployment; ``advisor.sizing.nodes``), or what
    the input's CoreDNS Deployment requests (``eks.coredns``, ``coredns_size``), so it is sized like any pod (+256
    MiB, rounded up: 0.25 vCPU / 0.5 GB for the default) and billed every hour of the month at the
    Linux/x86_64 on-demand rate, per cluster (``eks.clusters``). None for ``eks.existing_cluster`` (its CoreDNS
    already runs; a note says an ``eks.coredns`` beside it is not used), none for ``eks.coredns.replicas: 0`` (a note
    says so: no 0-pod lines), in a region without EKS on Fargate (GovCloud, China: ``partition_note``; the services
    say why), or when the region has no Fargate rate (already noted as missing). Returns two lines
    (vCPU, memory) with no service; a Compute Savings Plan can cover them like any Fargate usage.
    """
    eks = workload.eks
    if eks.existing_cluster:
        if eks.coredns is not None:
            est.notes.append(COREDNS_EXISTING_NOTE)
        return []
    per, cpu, mib = coredns_size(workload)
    if per == 0:
        est.notes.append(COREDNS_NONE_NOTE)
        return []
    if not is_commercial(rates.region):  # no EKS on Fargate there (eks_unsupported_reason): no CoreDNS pods on it either
        return []
    rate = rates.get("x86_64", "linux")
    if rate is None:
        return []
    size = eks_pod_size(cpu, mib).size
    pods = coredns_pods(workload)
    pod_hours = pods * workload.monthly_hours
    est.notes.append(
        f"CoreDNS: {pods} pod(s) ({per} per cluster, {cpu * 1000:g}m / {mib:g}Mi requested each"
        + (", the input's CoreDNS Deployment (eks.coredns)" if eks.coredns is not None else ", the EKS add-on's default")
        + f") run on Fargate at {size.vcpu:g} vCPU / {size.memory_gb:g} GB all month (Amazon EKS User "
        "Guide, 'Get started with AWS Fargate for your cluster': a Fargate profile for CoreDNS when the cluster has "
        "no EC2 nodes; the pod size from its requests as for any pod, 'Understand Fargate Pod configuration details').")
    return coredns_pod_lines(rate, pod_hours, cpu=cpu, memory_mib=mib)


def coredns_pod_lines(rate: FargateRate, pod_hours: float, where: str = "", cpu: float = COREDNS_CPU,
                      memory_mib: float = COREDNS_MEMORY_MIB) -> list[LineItem]:
    """The vCPU and memory lines of ``pod_hours`` CoreDNS pod-hours on Fargate at ``rate`` (Linux/x86_64 on-demand),
    each pod requesting ``cpu`` vCPU / ``memory_mib`` MiB (the EKS add-on's by default, the input's ``eks.coredns``),
    sized as ``coredns_lines`` explains; ``where`` is added to the names (a declared cluster's name)."""
    size = eks_pod_size(cpu, memory_mib).size
    tag = f"{CAPACITY_LABEL['on_demand']}, x86_64"
    return [LineItem.priced(f"CoreDNS pods{where}: Fargate pod {label} ({tag})", "compute", quantity * pod_hours,
                            part_rate, None, purchase_option="on_demand", resource=resource, architecture="x86_64",
                            os="linux", commitments=FARGATE_COVERAGE, always_on=1.0)
            for label, resource, quantity, part_rate in (("vCPU", "vcpu", size.vcpu, rate.vcpu_hour),
                                                         ("memory", "memory", size.memory_gb, rate.gb_hour))]


def _selector_sidecar_text(sidecars: list[DaemonSet], services: list[Service]) -> str:
    """The sidecar note's sentence on DaemonSets held to an OS or architecture (``DaemonSet.os`` / ``architecture``):
    which tasks/pods carry them, and which carry them nowhere (no service of that OS/architecture)."""
    held = [d for d in sidecars if d.os or d.architecture]
    if not held:
        return ""
    parts = []
    for d in held:
        sel = " ".join(x for x in (d.os, d.architecture) if x)
        names = [s.name for s in services if d.runs_on(s.os, s.architecture)]
        parts.append(f"{d.name} only in the {sel} ones ({name_list(names)})" if names
                     else f"{d.name} in none (no {sel} service)")
    return (" A DaemonSet with a node selector (DaemonSet.os / architecture) is the sidecar of the tasks/pods it "
            "would run beside only: " + "; ".join(parts) + ".")


def fargate_input_notes(workload: Workload, est: Estimate, *, eks: bool) -> list[str]:
    """What a Fargate estimate did with DaemonSets, containers without requests, short runs, ephemeral storage,
    persistent volumes and services with 0 replicas (each note only when it applies)."""
    notes: list[str] = []
    skipped = {u.service for u in est.unsupported}
    services = [s for s in workload.services  # neither the unsupported nor the cluster add-ons ECS leaves out
                if s.name not in skipped and cluster_addon_runs_on(s.cluster_addon, est.platform)]
    sidecars = sidecar_daemonsets(workload, eks)
    if sidecars:
        every = [d for d in sidecars if not (d.os or d.architecture)]  # the sidecar of every task/pod
        cpu = sum(d.cpu or 0.0 for d in every)
        mem = sum(d.memory or 0.0 for d in every)
        into = ("into each pod's request, before the 256 MiB and the rounding" if eks else "into each task's size")
        held = ("; each DaemonSet with a node selector only in the tasks/pods it selects (below)"
                if len(every) < len(sidecars) else "")
        notes.append(f"DaemonSets as sidecars (daemonsets.on_fargate: sidecar): {', '.join(d.name for d in sidecars)} "
                     f"{'adds' if len(sidecars) == 1 else 'add'} {num(cpu)} vCPU / {num(mem)} MiB {into}{held}; Fargate runs no DaemonSets (Amazon EKS User Guide, 'AWS "
                     "Fargate considerations': run the daemon as a sidecar container in your pods)."
                     + _selector_sidecar_text(sidecars, services))
    addons = eks_addon_left_out_note(workload.daemonsets, "eks-fargate" if eks else "ecs-fargate")
    if addons:
        notes.append(addons)
    excluded = [d.name for d in workload.daemonsets or []
                if d.on_fargate == "exclude" and not d.needs_node and not d.eks_addon]
    if excluded:
        notes.append(f"DaemonSets left out on Fargate (daemonsets.on_fargate: exclude): {', '.join(excluded)}.")
    privileged = [d.name for d in workload.daemonsets or [] if d.privileged and not d.eks_addon]
    if privileged:
        notes.append(f"DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: {', '.join(privileged)} "
                     "(a privileged container, which Fargate does not run, not as a sidecar either: "
                     f"{FARGATE_PRIVILEGED_RULE}); no pod/task here carries it. Instead: {PRIVILEGED_DAEMONSET_INSTEAD}.")
    mounts = [d.name for d in workload.daemonsets or [] if d.host_volumes and not d.privileged and not d.eks_addon]
    if mounts:
        notes.append(f"DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: {', '.join(mounts)} "
                     "(hostPath volumes: folders of the node, which no Fargate task or pod can mount, as a sidecar "
                     f"neither: {FARGATE_HOST_VOLUMES_RULE if not eks else EKS_FARGATE_HOST_VOLUMES_RULE}); no "
                     f"{'pod' if eks else 'task'} here carries it. Instead: {PRIVILEGED_DAEMONSET_INSTEAD}.")
    host_network = [f"{d.name} ({d.needs_node})" for d in workload.daemonsets or []
                    if d.needs_node in ("hostNetwork", "hostPort") and not d.eks_addon]
    if host_network:
        notes.append(f"DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: {', '.join(host_network)} "
                     f"(its node's network or ports, which no Fargate {'pod' if eks else 'task'} has, as a sidecar "
                     f"neither: {EKS_FARGATE_HOST_NETWORK_RULE if eks else ECS_FARGATE_HOST_NETWORK_RULE}); no "
                     f"{'pod' if eks else 'task'} here carries it. Instead: {HOST_NETWORK_DAEMONSET_INSTEAD}.")
    empty = [s.name for s in services if not any(fargate_request(workload, s, eks))] if eks else []
    if eks:
        if empty:
            notes.append(f"{', '.join(empty)}: no container requests anything, so each pod runs at the smallest Fargate "
                         "size, 0.25 vCPU / 0.5 GB (Amazon EKS User Guide, 'Understand Fargate Pod configuration "
                         "details': 'If you don't specify a vCPU and memory combination, then the smallest available "
                         "combination is used').")
        overhead = [s.name for s in services if s.pod_overhead is not None]
        if overhead:
            notes.append(f"{name_list(overhead)}: pod overhead (pod_overhead, from a RuntimeClass) not added: Fargate "
                         "sizes a pod from its containers' requests plus 256 MB (Amazon EKS User Guide, 'Understand "
                         "Fargate Pod configuration details'), a rule that names no pod overhead; the EC2 platforms add "
                         "it to the pod request, as the Kubernetes scheduler does ('Pod Overhead').")
    unsized = sorted({s.name for s in services if s.containers_without_requests} - set(empty))
    if unsized:
        notes.append(f"{', '.join(unsized)}: containers without a request count 0 (listed in the input notes); the "
                     + ("pod is sized from the rest of its request plus 256 MiB." if eks else
                        "task gets the smallest Fargate size that holds the rest."))
    for os_, label in (("linux", ""), ("windows", " for a Windows task")):
        short = [s for s in services if s.os == os_ and s.run_minutes is not None
                 and s.run_minutes < min_billed_minutes(s)]
        if short:
            minimum = FARGATE_WINDOWS_MIN_BILLED_MINUTES if os_ == "windows" else FARGATE_MIN_BILLED_MINUTES
            notes.append(f"{', '.join(f'{s.name} ({num(s.run_minutes)} min)' for s in short)}: each run is billed for "
                         f"{minimum:g} minute{'s' if minimum != 1 else ''}, Fargate's minimum per "
                         f"{'pod' if eks else 'task'}{label} (AWS Fargate pricing page, 'Duration').")
    fractional = [s for s in services if s.ephemeral_storage_gib > FARGATE_INCLUDED_STORAGE_GIB
                  and ecs_task_storage_gib(s.ephemeral_storage_gib) != s.ephemeral_storage_gib]
    if not eks and fractional:
        named = ", ".join(f"{s.name} ({s.ephemeral_storage_gib:g} -> {ecs_task_storage_gib(s.ephemeral_storage_gib):g} "
                          "GiB)" for s in fractional[:5]) + (f" and {len(fractional) - 5} more" if len(fractional) > 5
                                                             else "")
        notes.append(f"Ephemeral storage: a task definition's ephemeralStorage.sizeInGiB is a whole number from 21 to "
                     f"200 (Amazon ECS API Reference, EphemeralStorage), so a fractional size is priced at the next "
                     f"whole GiB: {named}.")
    if eks and any(s.ephemeral_storage_gib > FARGATE_INCLUDED_STORAGE_GIB for s in services):
        notes.append("Ephemeral storage: Fargate provisions more than a pod requests (the request + 10% + 5 GiB in whole "
                     "GiB, 'charged in GB increments', AWS What's New 2023-08-02: 100 GiB -> 115 GiB, Amazon EKS User "
                     "Guide, 'Fargate storage'; 25 GiB -> 32.5 -> 33 GiB) and bills that amount beyond the included "
                     "20 GiB ('you will be only billed for 95GiB in the current case, which is calculated based on the "
                     "above formula minus 20GiB', AWS Containers blog 'AWS Fargate adds support for larger ephemeral "
                     "volumes', 2023).")
    priced = priced_volume_services(services)
    if not eks and any(s.persistent_volumes for s in services):
        shared_by_many = [s.name for s in priced if s.desired_count > 1 and any(v.shared for v in s.persistent_volumes)]
        notes.append("Persistent volumes: ECS attaches one EBS volume per task (Amazon ECS Developer Guide, 'Use Amazon "
                     "EBS volumes with Amazon ECS')"
                     + (f", priced as {volume_type_text(priced)} for the task-hours" if priced else ", none priced")
                     + "; ECS deletes it when the task stops unless its termination policy keeps it, so data does not "
                     "follow a replaced task as a StatefulSet claim does."
                     + (f" The claim the pods of {', '.join(shared_by_many)} share is one volume per task here (tasks "
                        "share data through Amazon EFS)." if shared_by_many else "") + unpriced_volume_words(services))
    # services the input marks spot: true itself (the default is true: every service may run on Spot)
    spot = [s.name for s in services if s.spot and "spot" in s.model_fields_set and s.peak_count]
    if eks and spot:
        notes.append(f"{name_list(spot)}: marked spot: true, priced at the On-Demand Fargate rates: \"{EKS_NO_FARGATE_SPOT}"
                     "\" (Amazon EKS User Guide, 'AWS Fargate considerations'); Fargate Spot is an ECS capacity provider "
                     "(priced on ECS on Fargate + Fargate Spot).")
    idle = zero_replica_note(workload, "no task runs or is billed on Fargate")
    if idle:
        notes.append(idle)
    return notes


def estimate_ecs_fargate(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on Fargate, all tasks on-demand."""
    return _estimate_fargate("ecs-fargate", workload, prices)


def eks_unsupported_reason(svc: Service, region: str) -> str | None:
    """Why EKS on Fargate cannot run a service, or None: a region without EKS on Fargate, Windows, arm64, more
    ephemeral storage than 175 GiB, host devices (``EKS_FARGATE_DEVICES_REASON``), a privileged container, a pod on
    its node's network or holding a static host port (``EKS_FARGATE_HOST_NETWORK_RULE``), node volumes, GPUs
    (``FARGATE_GPU_REASON``) or persistent volumes (EBS)."""
    if svc.peak_count == 0:  # runs no task: what it would need rules nothing out (Workload.without_idle_services)
        return None
    if not is_commercial(region):
        if region.startswith("cn-"):
            return f"EKS on Fargate is not priced in {region}: {partition_note(region)}"
        return f"AWS Fargate with Amazon EKS is not available in {region} ({partition_note(region)})"
    if svc.os == "windows":
        return ("EKS on Fargate runs Linux pods only; Windows pods need EKS on EC2 Windows nodes "
                "(Amazon EKS User Guide, 'AWS Fargate considerations')")
    if svc.architecture == "arm64":
        return ("EKS on Fargate runs x86_64 pods only; arm64 (Graviton) is not offered for EKS pods on Fargate "
                "(Amazon EKS User Guide, 'Simplify compute management with AWS Fargate', Fargate Comparison Table: 'Can "
                "run workloads that require Arm processors: No'; aws/containers-roadmap#1629 still open)")
    if svc.ephemeral_storage_gib > EKS_FARGATE_MAX_STORAGE_GIB:
        return (f"EKS on Fargate allows at most {EKS_FARGATE_MAX_STORAGE_GIB:g} GiB of ephemeral storage per pod; "
                f"{svc.name} asks for {svc.ephemeral_storage_gib:g} GiB")
    if svc.host_devices:
        return EKS_FARGATE_DEVICES_REASON.format(devices=_devices(svc))
    if svc.privileged:
        return (f"it runs a privileged container, which Fargate does not ({FARGATE_PRIVILEGED_RULE}); run it on EC2 "
                "nodes, or drop securityContext.privileged")
    if svc.host_network or svc.node_host_ports:
        asks = " and ".join(filter(None, (
            "uses its node's network (hostNetwork)" if svc.host_network else "",
            ("so holds node port(s) " if svc.host_network else "holds host port(s) ")
            + ", ".join(map(str, svc.node_host_ports[:5])) + (" ..." if len(svc.node_host_ports) > 5 else "")
            + ("" if svc.host_network else " (hostPort)") if svc.node_host_ports else "")))
        return (f"its pod {asks}, which Fargate does not run ({EKS_FARGATE_HOST_NETWORK_RULE}); run it on EC2 nodes, "
                "or drop " + ("hostNetwork and " if svc.host_network else "") + "hostPort and reach the pods "
                "through a Service")
    if svc.init_host_ports:
        shown = ", ".join(map(str, svc.init_host_ports[:5])) + (" ..." if len(svc.init_host_ports) > 5 else "")
        return (f"an init container of its pod declares hostPort {shown}, which Fargate does not run "
                f"({EKS_FARGATE_HOST_NETWORK_RULE}; the pod manifest is refused even though the port is held only "
                "while the init container runs); run it on EC2 nodes, or drop the hostPort")
    if svc.host_volumes:
        shown = ", ".join(svc.host_volumes[:3]) + (f" and {len(svc.host_volumes) - 3} more"
                                                   if len(svc.host_volumes) > 3 else "")
        return (f"it mounts folders of its node ({shown}), which a Fargate pod has no access to "
                f"({EKS_FARGATE_HOST_VOLUMES_RULE}); run it on EC2 nodes, or move the data to Amazon EFS")
    if svc.gpus:
        return FARGATE_GPU_REASON.format(source=EKS_FARGATE_GPU_SOURCE)
    if svc.persistent_volumes:
        return ("its persistent volumes need Amazon EBS, and 'You can't mount Amazon EBS volumes to Fargate Pods' "
                "(Amazon EKS User Guide, 'Use Amazon EBS storage'); use Amazon EFS (statically provisioned persistent "
                "volumes, 'Fargate storage') or EKS on EC2 nodes")
    return None


def estimate_eks_fargate(workload: Workload, prices: PriceBook) -> Estimate:
    """EKS on Fargate: one Fargate pod per replica at request + 256 MiB, plus the control-plane fee."""
    return _estimate_fargate("eks-fargate", workload, prices)
