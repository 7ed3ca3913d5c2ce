"""ECS on EC2 and EKS on EC2 estimators.

The fleet comes from ``advisor.sizing.fleet.plan_fleet`` (node allocatable after reservations, DaemonSets and
headroom; near-optimal packing with an LP lower bound). Lines:

- ``Instance usage (on-demand, m7g.xlarge)``: nodes x monthly hours, per type and purchase option (Spot lines
  use the Spot Instance Advisor estimate and are flagged ``estimate``);
- ``EBS root volume (gp3)``: nodes x root_volume_gib GB-months (gp3 rate from ``ebs_rates``);
- EKS: the control-plane fee (``control_plane_lines``).

Nodes run the whole month (``workload.monthly_hours``): a fleet is sized for the tasks running at once, and a
service with fewer monthly hours (a nightly batch) is still given room all month.
"""

from __future__ import annotations

import math

from advisor.costing.control_plane import control_plane_lines
from advisor.costing.lines import EC2_INSTANCE_COVERAGE, Estimate, FleetSummary, LineItem, Unsupported
from advisor.costing.scale import ScaleModel, fleet_scaling
from advisor.errors import AdvisorError, PriceDataError
from advisor.pricing.book import PriceBook, Rate
from advisor.sizing.fleet import (
    ECS_EC2_PLATFORMS,
    daemonset_labels_note,
    daemonset_selector_note,
    daemonsets_nowhere,
    ecs_default_mode,
    fleet_planner,
    held_ports,
    host_port_conflicts,
    one_per_node_nodes,
    plan_fleet,
    restriction_notes,
)
from advisor.sizing.nodes import (
    DEFAULT_EKS_DAEMONSETS,
    ECS_PRIMARY_ENIS,
    coredns_pods,
    coredns_size,
)
from advisor.units import HOURS_PER_MONTH, name_list, num
from advisor.workload import Service, Workload
from advisor.workload.model import billed_ebs_words, eks_addon_left_out_note, eks_addon_runs_on

PURCHASE_LABEL = {"on_demand": "on-demand", "spot": "Spot"}


#: The EBS volume types ``ebs_rates`` holds (storage per GB-month; the table's cell rule).
EBS_TYPES_PRICED = ("gp3", "gp2")


def ebs_rate(prices: PriceBook, region: str, volume_type: str = "gp3") -> Rate:
    """EBS storage rate per GB-month, or ``PriceDataError`` naming what is missing (``PriceBook.ebs_rate``)."""
    return prices.ebs_rate(region, volume_type)


def volume_type_text(services) -> str:
    """How the ``persistent_volumes`` of ``services`` are priced, for the estimates' notes: "gp3", or, where some
    give ``volume_type``, "their volume_type (gp3 where none is given)"."""
    given = {v.volume_type for s in services for v in s.persistent_volumes or () if v.volume_type}
    return "gp3" if given <= {"gp3"} else "their volume_type (gp3 where none is given)"


def priced_volume_services(services) -> list[Service]:
    """The ``services`` with a persistent volume that is priced: one whose size is known (``size_gib``; a volume from
    a snapshot of unknown size is not priced, ``persistent_volume_lines``). The estimates' notes say "priced as ..."
    of these only."""
    return [s for s in services if any(v.size_gib is not None for v in s.persistent_volumes or ())]


def unpriced_volume_words(services) -> str:
    """What the estimates' notes say of the persistent volumes of ``services`` that are not priced (from a snapshot
    of unknown size), or "": each still needs EBS, so it still rules out the platforms that cannot attach it."""
    missing = [f"{v.name + ' of ' if v.name else 'a volume of '}{s.name} (snapshot {v.snapshot_id})"
               for s in services for v in s.persistent_volumes or () if v.size_gib is None]
    if not missing:
        return ""
    return (f" Not priced: {', '.join(missing)}, created from a snapshot whose size the input does not give; set "
            "size_gib to price it.")


def persistent_volume_lines(workload: Workload, service: Service, prices: PriceBook, count: float,
                            hours: float, per: str = "task", *, shared: bool | None = None,
                            ephemeral: bool | None = None) -> list[LineItem]:
    """EBS lines for ``count`` sets of the service's ``persistent_volumes`` held ``hours`` a month: one line per
    volume, ``count x size_gib x hours / HOURS_PER_MONTH`` GB-months at the region's rate of the volume's type
    (``PersistentVolume.volume_type``, gp3 when the input does not say: ``ebs_rate``), resource ``block_storage``;
    ``per`` ("task" or "pod") names the unit in the line. Empty when the service has none or ``count`` is 0;
    ``PriceDataError`` when the data has no rate of the type for the region, or the type is one advisor's price
    data does not hold (io1, io2, st1, sc1, standard: ``ebs_rates`` has gp3 and gp2; no gp3 rate is borrowed).

    ``shared`` selects the volumes: None every one alike (ECS: one EBS volume per task, a claim the pods share
    included, as ECS attaches EBS volumes to tasks only), False the per-replica ones (claim templates), True the
    shared ones (``PersistentVolume.shared``), named as one volume the pods share (the caller passes ``count`` 1).
    ``ephemeral`` likewise selects by ``PersistentVolume.ephemeral`` (None: both).

    Each volume is priced at ``PersistentVolume.billed_size_gib``: its size rounded up to whole GiB, or its type's
    smallest EBS size when a claim asks for less (the provisioner creates a volume of at least the request, in whole
    GiB; Amazon EC2 API Reference, CreateVolume ``Size``), and the line says so.

    A claim's storage class says its type only through the StorageClass's ``type`` parameter (read by the importer
    into ``volume_type``); a class name alone does not, and such a claim is priced as gp3 (the estimate's note says so).
    """
    # a volume from a snapshot of unknown size (``size_gib`` None) is not priced: the importer notes it
    volumes = [v for v in service.persistent_volumes or () if (shared is None or v.shared == shared)
               and (ephemeral is None or v.ephemeral == ephemeral) and v.size_gib is not None]
    if shared:  # a claim another workload's pods mount too is priced once, with that workload (``priced_with``)
        volumes = [v for v in volumes if v.priced_with is None]
    if not volumes or count <= 0:
        return []
    lines = []
    for v in volumes:
        kind = v.volume_type or "gp3"
        if kind not in EBS_TYPES_PRICED:
            raise PriceDataError(
                f"missing price data: EBS {kind} volume {v.name or ''} of {service.name} ({v.size_gib:g} GiB per "
                f"{per}): advisor's price data holds EBS {' and '.join(EBS_TYPES_PRICED)} storage rates only (table "
                "ebs_rates), and no rate is borrowed from another volume type. To compare on gp3, set the volume's "
                "volume_type: gp3 in the workload file (persistent_volumes; from a template, plan or task definition, "
                "write the workload file with 'advisor import ... -o workload.yaml' and edit it there)")
        size = v.billed_size_gib  # whole GiB, at least the type's smallest size: what is provisioned
        raised = billed_ebs_words(v.size_gib, v.volume_type)
        lines.append(LineItem.priced(
            f"EBS volume {v.name + ' ' if v.name else ''}({kind}, {size:g} GiB"
            + (", one claim the pods share" if shared else f" per {per}") + raised + ")",
            "storage", count * size * hours / HOURS_PER_MONTH, ebs_rate(prices, workload.region, kind),
            service.name, resource="block_storage"))
    return lines


def min_nodes_text(workload: Workload, fewest: int, pack_for: str, unit: str, why: str = "",
                   left_out=(), platform: str | None = None) -> str:
    """'3 nodes (...)': the fleet's minimum -- ``fewest`` from the settings (``why``: where it comes from), or what the
    services kept apart on ``platform`` need (``one_per_node_nodes``: ``one_per_node``, and on EKS pods holding a static
    host port; not those ``left_out``: each of their tasks/pods on a node of its own), whichever is more -- and why."""
    need, names = one_per_node_nodes(workload, pack_for, left_out, platform)
    if need <= fewest:
        return f"{fewest} {unit}" + (f" ({why})" if why else "")
    one = unit.rstrip("s")
    one = ("an " if one[:1] in "aeiou" else "a ") + one
    by_name = {s.name: s for s in workload.services}
    ported = [n for n in names if not by_name[n].one_per_node]
    holder = ("one task per instance can hold (Amazon ECS Developer Guide: 'A port number on a host can't be used "
              "by multiple tasks')" if platform in ECS_EC2_PLATFORMS else
              "one pod per node can hold (Kubernetes scheduler, NodePorts filter)")
    rule = " / ".join(filter(None, ("one_per_node" if len(ported) < len(names) else "",
                                    f"a static host port of {name_list(ported)}, which {holder}" if ported else "")))
    return (f"{need} {unit} ({rule}: each task/pod of {name_list(names)} on {one} of its own, up to {need} of "
            f"them, and the packing keeps them apart; the settings alone ask for {fewest}"
            + (f": {why}" if why else "") + ")")


def host_port_note(workload: Workload, plan, pack_for: str, unit: str = "nodes", platform: str = "eks-ec2",
                   default_mode: str | None = None) -> str | None:
    """A note when tasks/pods of different services hold the same host port on an EC2 fleet (``host_port_conflicts``,
    protocol- and address-aware): the packing places at most one of them on a node, whatever service it belongs to
    (``advisor.sizing.fleet.port_exclusions``), so they need at least as many nodes as there are of them; the note
    says which ports and how many nodes, the reason a fleet of small tasks may hold more nodes than CPU and memory
    ask for."""
    conflicts = host_port_conflicts(workload, pack_for, [s for s, _ in plan.unsupported], platform, default_mode)
    if not conflicts:
        return None
    _, need, _ = conflicts[0]
    ecs = platform in ECS_EC2_PLATFORMS
    what = "tasks" if ecs else "pods"
    shown = "; ".join(f"port {p}: {', '.join(n)} ({k} {what})" for p, k, n in conflicts[:5])
    rule = ("'A port number on a host can't be used by multiple tasks', Amazon ECS Developer Guide; TCP and UDP ports "
            "are separate resources of an instance, PORTS and PORTS_UDP" if ecs else
            "'each <hostIP, hostPort, protocol> combination must be unique', Kubernetes 'Configuration Best "
            "Practices'; the scheduler's NodePorts filter")
    return (f"Host ports held by {what} of more than one service: {shown}. A {'host' if ecs else 'node'} port serves "
            f"one {what[:-1]} ({rule}), so the packing places at most one of those {what} on "
            f"{'an instance' if unit == 'instances' else 'a node'}, whichever service it belongs to: at least {need} "
            f"{unit} (give the services different ports to let them share).")


def zero_replica_note(workload: Workload, what: str) -> str | None:
    """A warning for services with 0 tasks (``what`` says what that means on the platform), or None. Every
    estimator uses it."""
    # a service that never runs (0 replicas, no autoscaling above 0) is only in a workload whose every service is
    # idle, and that workload's one note says so (Workload.without_idle_services): not repeated per platform
    idle = [s.name for s in workload.services if s.desired <= 0 and s.peak_count > 0]
    if not idle:
        return None
    return (f"{', '.join(idle)}: 0 replicas, so {what}. Check the count: a service scaled to 0 costs nothing until "
            "it scales out.")


def static_port_note(services: list[Service], platform: str, default_mode: str) -> str | None:
    """The ECS note on the static host ports of bridge and host tasks (``held_ports``) and how the packing applies
    them, or None when no task holds one."""
    ported = [s for s in services if held_ports(s, platform, default_mode)]
    if not ported:
        return None
    # bounded as every list in a note is (name_list): a service may hold 100 ports, a workload hundreds of services
    return ("Static host ports: " + name_list([f"{s.name} ({name_list(list(map(str, s.host_ports)), 5)})"
                                               for s in ported]).replace("), ", "); ")
            + ". A port on an instance serves one task of the same protocol ('A port number on a host can't be used "
            "by multiple tasks', Amazon ECS Developer Guide; TCP and UDP are separate instance resources, PORTS and "
            "PORTS_UDP, Amazon ECS API Reference, Resource), so the packing places at most one task of each of these "
            "services on an instance; an awsvpc task holds no port of its instance.")


def add_persistent_volumes(est: Estimate, model: ScaleModel, workload: Workload, prices: PriceBook, skipped: set[str],
                           *, kubernetes: bool) -> None:
    """The gp3 lines of every placed service's ``persistent_volumes`` (``skipped``: the services the platform cannot
    run), on an EC2 platform: EKS on EC2 and EKS Auto Mode (``kubernetes``), ECS on EC2 and ECS Managed Instances.

    Kubernetes: a StatefulSet keeps the claims of pods it scales down (persistentVolumeClaimRetentionPolicy whenScaled:
    Retain, the default; Kubernetes "StatefulSets"), so the peak replicas' claims exist all month; a claim the pods
    share (a PersistentVolumeClaim of its own) is one volume, there all month whatever the replicas; a generic
    ephemeral volume is deleted with its pod (Kubernetes "Ephemeral Volumes"), so it is priced like a task's: the pods
    running on average, for their hours. ECS: one EBS
    volume per task, deleted when the task stops (Amazon ECS Developer Guide, "Use Amazon EBS volumes with Amazon
    ECS"; TaskManagedEBSVolumeTerminationPolicy deleteOnTermination default true). A missing gp3 rate is a missing
    price of the estimate."""
    hours = workload.monthly_hours
    for svc in workload.services:
        if not svc.persistent_volumes or svc.name in skipped:
            continue
        try:
            if kubernetes:
                count = float(svc.peak_count)
                add_volume_lines(est, model, count, persistent_volume_lines(
                    workload, svc, prices, count, hours, "pod", shared=False, ephemeral=False))
                # a generic ephemeral volume lives as long as its pod: the pods running on average, for their hours
                add_volume_lines(est, model, svc.desired, persistent_volume_lines(
                    workload, svc, prices, svc.desired, workload.hours_for(svc), "pod", shared=False, ephemeral=True))
                one = persistent_volume_lines(workload, svc, prices, 1.0 if count > 0 else 0.0, hours, shared=True)
                est.add(one)
                model.add_fixed(one)
            else:
                add_volume_lines(est, model, svc.desired, persistent_volume_lines(
                    workload, svc, prices, svc.desired, workload.hours_for(svc), "task"))
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))


def add_volume_lines(est: Estimate, model: ScaleModel, count: float, lines: list[LineItem]) -> None:
    """Add a service's persistent-volume lines and scale them linearly with its ``count`` tasks/pods."""
    if not lines:
        return
    est.add(lines)
    if count > 0:
        model.add_linear(count, 0.0, sum(line.monthly_cost for line in lines) / count, 1.0)


#: T3, T3a and T4g instances launch in unlimited mode: "Default: standard (T2 instances) or unlimited (T3/T3a/T4g
#: instances)" (Amazon EC2 API Reference, RunInstances, ``CreditSpecification``); in unlimited mode CPU used above the
#: baseline over 24 hours is billed as surplus CPU credits, on top of the instance price (Amazon EC2 User Guide,
#: "Unlimited mode for burstable performance instances").
UNLIMITED_BY_DEFAULT = ("t3", "t3a", "t4g")


def burstable_note(fleet: list[dict], prices: PriceBook) -> str | None:
    """A note when a packed fleet holds burstable (T family) types: they are packed by their vCPUs, but sustained CPU
    above the baseline spends CPU credits, and in unlimited mode (the default of T3/T3a/T4g: ``UNLIMITED_BY_DEFAULT``)
    surplus credits are billed on top of the instance price, which advisor does not price. None without T types."""
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(prices)
    types = sorted({r["instance_type"] for r in fleet if cat.instance_type(r["instance_type"]).burstable})
    if not types:
        return None
    unlimited = [t for t in types if t.split(".")[0] in UNLIMITED_BY_DEFAULT]
    return (f"Burstable types {', '.join(types)}: packed by their vCPUs, but CPU used above their baseline spends CPU "
            "credits" + (f"; {', '.join(unlimited)} launch in unlimited mode by default (Amazon EC2 API Reference, "
                         "RunInstances CreditSpecification), so sustained use above the baseline is billed as surplus "
                         "CPU credits on top of the instance price" if unlimited else "")
            + ". Surplus credits are not priced here; exclude the T family if the services run busy.")


def trunking_table_note(fleet: list[dict], prices: PriceBook) -> str | None:
    """ECS awsvpc tasks with ENI trunking (ECS on EC2 with ``ec2.ecs_awsvpc_trunking``, ECS Managed Instances): a note
    naming the fleet's types that the ``ecs_eni_trunking`` table lacks, which are sized at ENIs - 1 tasks
    (``advisor.sizing.nodes.ecs_task_slots``). The table is the Amazon ECS Developer Guide's of 2023-04-18 (the last
    one published in awsdocs/amazon-ecs-developer-guide, archived 2023-06-15), with no 7th-generation Intel or AMD
    and no 8th-generation type; AWS's current page may list them. None when every type is in it."""
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(prices)
    missing = sorted({r["instance_type"] for r in fleet if not cat.instance_type(r["instance_type"]).ecs_trunking_task_limit})
    if not missing:
        return None
    sized = ", ".join(f"{t} {cat.instance_type(t).max_enis - ECS_PRIMARY_ENIS}" for t in missing)
    return (f"ENI trunking: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in the ECS ENI-trunking "
            "table advisor has (Amazon ECS Developer Guide, 'Supported Amazon EC2 instance types', 2023-04-18: no "
            "7th-generation Intel or AMD and no 8th-generation type), so they hold ENIs - 1 awsvpc tasks here "
            f"({sized}) and the packer favours types in the table. If AWS's current page 'Supported instances for "
            "increased Amazon ECS container network interfaces' lists them, add their rows to ecs_eni_trunking.csv in "
            "the data directory ($ADVISOR_DATA_DIR; docs/ec2.md, 'ENI trunking table').")


def ec2_input_notes(workload: Workload, platform: str, plan) -> list[str]:
    """What an EC2 estimate did with network modes, host ports, containers without requests, DaemonSets,
    persistent volumes and services with 0 replicas (each note only when it applies)."""
    notes: list[str] = restriction_notes(workload, plan.unsupported)
    if platform in ("eks-ec2", "ecs-ec2") and (note := host_port_note(
            workload, plan, workload.ec2.pack_for, "nodes" if platform == "eks-ec2" else "instances", platform)):
        notes.append(note)
    skipped = {name for name, _ in plan.unsupported}
    services = [s for s in workload.services if s.name not in skipped]
    default_mode = workload.ec2.ecs_network_mode
    if platform == "ecs-ec2":
        modes: dict[str, list[str]] = {}
        for s in services:
            modes.setdefault(s.network_mode or default_mode, []).append(s.name)
        if len(modes) > 1 or any(s.network_mode not in (None, default_mode) for s in services):
            notes.append("Task network modes: " + "; ".join(f"{m}: {', '.join(n)}" for m, n in sorted(modes.items()))
                         + ". Each awsvpc task takes an ENI of its instance; bridge, host and none tasks take none "
                         "(Amazon ECS Developer Guide, 'Amazon ECS task networking options for the EC2 launch type'); "
                         "services without network_mode use ec2.ecs_network_mode.")
        if note := static_port_note(services, platform, ecs_default_mode(workload, platform, plan.settings)):
            notes.append(note)
        unsized = [s.name for s in services if s.containers_without_requests or (s.vcpu == 0 and s.memory_mib == 0)]
        register = (" To register such a task for EC2, ECS needs memory or memoryReservation on each container ('you "
                    "must specify a non-zero integer for one or both of memory or memoryReservation', ContainerDefinition).")
        if unsized and (plan.slot_limited and plan.slot_name == "awsvpc task ENIs"):
            notes.append(f"{', '.join(unsized)}: no CPU or memory request (a zero request in the packing), yet each "
                         "awsvpc task still needs its own ENI ('each task using the awsvpc network mode requires an ENI', "
                         "Amazon ECS Developer Guide, 'Increasing Amazon ECS Linux container instance network "
                         "interfaces'): ENIs, not task sizes, set the instance count (see the alternatives above)."
                         + register)
        elif unsized:
            notes.append(f"{', '.join(unsized)}: containers without a request are placed with a zero request (they "
                         "share the instance's spare capacity); each task still takes one task slot"
                         + (" (an ENI in awsvpc mode)." if default_mode == "awsvpc" else ".") + register)
    else:
        unsized = [s.name for s in services if s.containers_without_requests]
        if unsized:
            notes.append(f"{', '.join(unsized)}: containers without a request are placed with a zero request (the "
                         "Kubernetes scheduler sums requests only); each pod still takes one pod slot (max pods).")
    if workload.daemonsets:
        # an EKS add-on of the input (DaemonSet.eks_addon) runs on EKS nodes only (vpc-cni, kube-proxy: in the
        # default's place there), EKS_ADDONS
        node_arches = {r["arch"] for r in plan.fleet}
        node_types = {r["instance_type"] for r in plan.fleet}
        nowhere = {id(d) for d in daemonsets_nowhere(workload, platform, node_arches, node_types)}  # names repeat
        on_nodes = [d for d in workload.daemonsets if eks_addon_runs_on(d.eks_addon, platform) and id(d) not in nowhere]
        if on_nodes:
            host = [d.name for d in on_nodes if d.host_network]
            notes.append(f"DaemonSets {', '.join(d.name for d in on_nodes)}: one pod per node, reserved on every node "
                         "before the tasks/pods are packed" + (
                             " (an ECS daemon task, with an ENI in awsvpc mode"
                             + (f"; {', '.join(host)} on the instance's network (hostNetwork), without one)."
                                if host else ").") if platform == "ecs-ec2" else "."))
        if note := daemonset_selector_note(workload, platform, node_arches, node_types):
            notes.append(note)
        if note := daemonset_labels_note(workload, platform):
            notes.append(note)  # node labels advisor cannot evaluate: reserved on every node (DaemonSet.node_labels)
        left_out = eks_addon_left_out_note(workload.daemonsets, platform)
        if left_out:
            notes.append(left_out)
    pv = priced_volume_services(services)
    unpriced = unpriced_volume_words(services)
    if unpriced and not pv:
        notes.append("Persistent volumes: none priced." + unpriced)
    if pv:
        classes = sorted({v.storage_class for s in pv for v in s.persistent_volumes
                          if v.storage_class and v.volume_type is None})
        shared = [s.name for s in pv if any(v.shared for v in s.persistent_volumes)]
        shared_by_many = [s.name for s in pv if s.name in shared and s.desired_count > 1]
        ephemeral = [s.name for s in pv if any(v.ephemeral for v in s.persistent_volumes)]
        notes.append(f"Persistent volumes priced as {volume_type_text(pv)} EBS volumes" + (
            ": the claims of the most replicas a StatefulSet runs (scaling.max or replicas) for the whole month, as "
            "Kubernetes keeps a claim when its pod is scaled down (persistentVolumeClaimRetentionPolicy whenScaled: "
            "Retain)" + (f"; a claim the pods share (a PersistentVolumeClaim the pod template names: "
                         f"{', '.join(shared)}) once, for the whole month, whatever the replicas" if shared else "")
            + (f"; a generic ephemeral volume (ephemeral.volumeClaimTemplate: {', '.join(ephemeral)}) for the pods "
               "running on average and their hours, as Kubernetes deletes it with its pod ('Ephemeral Volumes')"
               if ephemeral else "")
            if platform == "eks-ec2" else ": one EBS volume per task for its task-hours (Amazon ECS Developer "
            "Guide, 'Use Amazon EBS volumes with Amazon ECS')"
            + (f"; ECS attaches an EBS volume to one task, so the claim the pods of {', '.join(shared_by_many)} share "
               "is one volume per task here (tasks share data through Amazon EFS)" if shared_by_many else ""))
            + (f"; storage classes {', '.join(classes)} give no volume type in the input (their claims are priced as "
               "gp3)" if classes else "")
            + "." + unpriced)
    idle = zero_replica_note(workload, "no task is placed; the fleet still keeps ec2.min_nodes "
                             f"({workload.ec2.min_nodes}) node(s)")
    if idle:
        notes.append(idle)
    return notes


def node_pool_usage(counts, capacities) -> tuple[float, float, float]:
    """(nodes, vCPU, memory MiB) of a fleet as Karpenter counts them against a NodePool's ``spec.limits``:
    ``counts`` is ``{instance_type: nodes}`` (fractional where a sweep estimates the fleet), ``capacities``
    ``{instance_type: NodeCapacity}``. Each node counts 1, its vCPUs, and its memory less the VM overhead
    (``NodeCapacity.memory_mib - vm_overhead_memory_mib``, Karpenter's ``memory()``), its capacity, not its
    allocatable (``NodePoolLimits`` names the sources)."""
    nodes = vcpu = mem = 0.0
    for itype, n in counts.items():
        cap = capacities[itype]
        nodes += n
        vcpu += n * cap.vcpu
        mem += n * (cap.memory_mib - cap.vm_overhead_memory_mib)
    return nodes, vcpu, mem


def node_pool_excess(limits, nodes: float, vcpu: float, mem: float, *, fleet: str = "planned ",
                     at: str = "") -> list[str]:
    """Each of ``limits``' (``NodePoolLimits``) limits that a fleet of ``nodes`` nodes, ``vcpu`` vCPU and ``mem`` MiB
    of memory capacity (``node_pool_usage``) exceeds, with the figure and the value to raise it to; empty when
    within them. A sum equal to a limit is within (Karpenter's ``Limits.ExceededBy``: usage above the limit). The
    words name the fleet as ``fleet`` ("planned ": compare's note) and ``at`` (" at 3x": the sweep's); the one rule
    of both."""
    over = []
    if limits.vcpu is not None and vcpu > limits.vcpu + 1e-9:
        need = math.ceil(vcpu - 1e-9)
        over.append(f"spec.limits.cpu {limits.vcpu:g} is below the {fleet}nodes' {vcpu:g} vCPU{at} (raise it to at "
                    f"least {need:g})")
    if limits.memory_mib is not None and mem > limits.memory_mib + 1e-6:
        need = math.ceil(mem - 1e-6)
        over.append(f"spec.limits.memory {limits.memory_mib / 1024:g}Gi ({limits.memory_mib:,.0f} MiB) is below the "
                    f"{fleet}nodes' {mem:,.0f} MiB memory capacity{at} (installed memory less the VM overhead; raise "
                    f"it to at least {need}Mi, {math.ceil(need / 1024)}Gi)")
    if limits.nodes is not None and nodes > limits.nodes + 1e-9:
        need = math.ceil(nodes - 1e-9)
        over.append(f"spec.limits.nodes {limits.nodes} is below the {nodes:g} {fleet}nodes{at} (raise it to at least "
                    f"{need})")
    return over


def node_pool_names(limits) -> str:
    """The NodePools ``limits`` belong to, for a note: their names, or "the NodePool"."""
    return name_list(limits.node_pools) if limits.node_pools else "the NodePool"


def node_pool_limits_note(limits, plan) -> str | None:
    """What a Karpenter NodePool's ``spec.limits`` (``NodePoolLimits``: ``ec2.node_pool_limits`` on EKS on EC2,
    ``eks_auto_mode.node_pool_limits``) say of the planned fleet ``plan`` (``FleetPlan``), or None when it is within
    them (or there are no limits or no fleet).

    Karpenter counts a NodePool's nodes' capacity, not their allocatable (``node_pool_usage``); it launches no node
    that would take the sum above a limit, and a sum equal to it is within (``node_pool_excess``, the rule the
    sweep's ``advisor.compare.sweep.node_pool_limits`` applies at each factor). The note names the NodePool(s), each
    limit exceeded with the planned figure, and the fix (raise the limit); the price stays the planned fleet's,
    which is what the pods need."""
    if limits is None or plan is None or plan.result is None:
        return None
    rows = plan.fleet
    counts: dict[str, float] = {}
    for r in rows:
        counts[r["instance_type"]] = counts.get(r["instance_type"], 0) + r["count"]
    over = node_pool_excess(limits, *node_pool_usage(counts, plan.capacities))
    if not over:
        return None
    fleet = ", ".join(f"{r['count']} x {r['instance_type']}" for r in rows)
    return (f"NodePool limits exceeded: {node_pool_names(limits)}: " + "; ".join(over) + f". The planned fleet ({fleet}) "
            "is above them, and Karpenter launches no node that would take its nodes' capacity past a limit (Karpenter "
            "docs, 'NodePools', spec.limits), so the pods beyond it would stay Pending, unless another NodePool they "
            "match takes them. The price shown is the planned fleet's: raise the limits to run it"
            + (" (several NodePools: their limits summed)" if limits.node_pools and len(limits.node_pools) > 1
               else "") + ".")


def _estimate_ec2(platform: str, workload: Workload, prices: PriceBook) -> Estimate:
    est = Estimate(platform)
    model = ScaleModel()
    hours = workload.monthly_hours
    cfg = workload.ec2
    try:
        # the settings that would lift an ENI/max-pods limit are priced by their LP bound here ("at least");
        # 'advisor nodes pack' packs them exactly
        plan = plan_fleet(workload, platform, prices, alternatives="bound")
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
        return est
    except AdvisorError as exc:
        est.unsupported += [Unsupported(s.name, str(exc)) for s in workload.services]
        return est
    est.unsupported += [Unsupported(s, r) for s, r in plan.unsupported]
    res = plan.result
    per_node = 0.0
    if res is not None:
        for row in plan.fleet:
            rate = plan.rates[(row["instance_type"], row["purchase"])]
            spot = row["purchase"] == "spot"
            est.add([LineItem.priced(
                f"Instance usage ({PURCHASE_LABEL[row['purchase']]}, {row['instance_type']})", "spot" if spot else "compute",
                row["count"] * hours, rate, estimate=spot, purchase_option=row["purchase"], resource="instance",
                instance_type=row["instance_type"], architecture=row["arch"], os="linux",
                commitments=() if spot else EC2_INSTANCE_COVERAGE)])
        nodes = plan.node_count
        try:
            gp3 = ebs_rate(prices, workload.region, "gp3")
            volume_gib = plan.root_volume_gib  # whole GiB (``advisor.sizing.nodes.root_volume_gib``)
            asked = workload.ec2.root_volume_gib
            est.add([LineItem.priced(
                f"EBS root volume (gp3, {volume_gib:g} GiB per node"
                + (billed_ebs_words(asked) if asked is not None else "") + ")", "storage",
                nodes * volume_gib * hours / HOURS_PER_MONTH, gp3, resource="block_storage")])
            per_node = volume_gib * hours / HOURS_PER_MONTH * gp3.usd
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    add_persistent_volumes(est, model, workload, prices, {name for name, _ in plan.unsupported},
                           kubernetes=platform == "eks-ec2")
    if platform == "eks-ec2":
        cp = control_plane_lines(workload, prices, est)
        est.add(cp)
        model.add_fixed(cp)

    # ---- notes, fleet summary and the scale model
    if platform == "eks-ec2":
        est.notes.append(
            f"Node allocatable follows the Amazon EKS AMI (nodeadm): {cfg.vm_memory_overhead_percent:g}% VM memory overhead "
            "(Karpenter's default); max pods = ENIs x (IPv4 per ENI - 1) + 2"
            + (" (prefix delegation: x16 per slot)" if cfg.prefix_delegation else "")
            + (", capped at 110 pods for <= 30 vCPU, 250 above (managed node groups)" if cfg.eks_managed_node_group or
               cfg.prefix_delegation else "")
            + "; kube-reserved memory 11 MiB x the ENI max pods + 255 MiB; kube-reserved CPU 6%/1%/0.5%/0.25% of cores "
            "1/2/3-4/5+; eviction threshold 100 MiB; " + _eks_addon_text(workload)
            + _coredns_text(workload)
        )
    else:
        # the tasks' own network modes decide whether ENIs limit the tasks per instance (sizing.fleet)
        awsvpc = (plan.settings.ecs_network_mode if plan.settings else cfg.ecs_network_mode) == "awsvpc"
        est.notes.append(
            "Container-instance capacity follows Amazon ECS: CPU = vCPU x 1024 units; registered memory = installed "
            f"memory less a {cfg.vm_memory_overhead_percent:g}% VM memory overhead"
            + (f" minus ECS_RESERVED_MEMORY {cfg.ecs_reserved_memory_mib} MiB" if cfg.ecs_reserved_memory_mib else "")
            + ("; awsvpc tasks per instance = ENIs - 1 (no ENI trunking; types with several network cards: the "
               "ECS table's limit without trunking)" if awsvpc and
               cfg.ecs_max_tasks_per_instance is None and not cfg.ecs_awsvpc_trunking else "")
            + ("; awsvpc tasks per instance from the ECS ENI-trunking table (ENIs - 1 for types not in it)"
               if awsvpc and cfg.ecs_max_tasks_per_instance is None and cfg.ecs_awsvpc_trunking else "")
            + (f"; awsvpc tasks per instance = {cfg.ecs_max_tasks_per_instance} (from the workload)"
               if awsvpc and cfg.ecs_max_tasks_per_instance else "")
            + ("" if awsvpc else "; no awsvpc tasks, so no per-instance task limit from ENIs") + "."
        )
    est.notes.append(
        f"Fleet sized for {'scaling.max' if cfg.pack_for == 'max' else 'ceil(scaling.average) or replicas'} tasks per "
        f"service, headroom {cfg.headroom_percent:g}% of CPU and memory per node, at least "
        f"{min_nodes_text(workload, cfg.min_nodes, cfg.pack_for, 'nodes', left_out=[s for s, _ in plan.unsupported], platform=platform)}"
        f"; nodes run all {hours:g} hours of the "
        "month. Linux On-Demand prices; Windows needs Windows AMI prices (not in the data)."
    )
    if plan.spot and any(r["purchase"] == "spot" for r in plan.fleet):
        est.notes.append(
            "Spot node prices are estimates: On-Demand x (1 - the Spot Instance Advisor's savings %), limited to pools "
            f"with interruption frequency up to {cfg.max_interruption}; real Spot prices float per Availability Zone. "
            "Services with spot: false stay on On-Demand nodes."
        )
    if res is not None:
        est.notes.append(
            f"Packing: {len(plan.fleet)} type/purchase row(s), {plan.node_count} nodes, ${res.cost_per_hour:.4f}/hour vs an LP "
            f"lower bound of ${res.lower_bound_per_hour:.4f}/hour under the same constraints (gap {res.gap * 100:.1f}%); "
            f"utilisation CPU {res.utilisation['cpu'] * 100:.0f}%, memory {res.utilisation['memory_mib'] * 100:.0f}%, "
            f"slots {res.utilisation['slots'] * 100:.0f}% of allocatable."
        )
        limiting = plan.slot_name if plan.slot_limited else None
        if plan.slot_limited:
            alts = "; ".join(f"with {a['label']}: {'' if a['exact'] else 'at least '}"
                             f"${a['instance_usd_per_hour'] * hours:,.2f}/month of instances" for a in plan.alternatives)
            est.notes.append(
                f"{plan.slot_name[0].upper() + plan.slot_name[1:]}, not CPU or memory, size this fleet "
                f"(instances ${res.cost_per_hour * hours:,.2f}/month)" + (f"; {alts}" if alts else "")
                + ". See docs/ec2.md (ec2.ecs_awsvpc_trunking, ec2.ecs_network_mode, ec2.prefix_delegation)."
            )
        est.fleet = FleetSummary(
            nodes=plan.fleet, node_count=plan.node_count, instance_monthly=res.cost_per_hour * hours,
            lower_bound_monthly=res.lower_bound_per_hour * hours, gap=res.gap, utilisation=dict(res.utilisation),
            limiting=limiting, alternatives={a["label"]: a["instance_usd_per_hour"] * hours for a in plan.alternatives})
        model.fleet = fleet_scaling(
            fleet_planner(workload, platform, prices), workload, plan, hours, per_node,
            [(r["instance_type"], r["purchase"], r["count"] * r["usd_per_hour"] * hours, r["usd_per_hour"])
             for r in plan.fleet],
            lambda scaled: [(x["instance_type"], x["purchase"], x["count"], x["usd_per_hour"]) for x in scaled.fleet],
            pool_limits=cfg.node_pool_limits if platform == "eks-ec2" else None)
    est.notes += ec2_input_notes(workload, platform, plan)
    if platform == "eks-ec2" and (note := node_pool_limits_note(cfg.node_pool_limits, plan)):
        est.notes.append(note)
    if res is not None and (note := burstable_note(plan.fleet, prices)):
        est.notes.append(note)
    if (res is not None and platform == "ecs-ec2" and cfg.ecs_awsvpc_trunking and cfg.ecs_max_tasks_per_instance is None
            and (plan.settings.ecs_network_mode if plan.settings else cfg.ecs_network_mode) == "awsvpc"
            and (note := trunking_table_note(plan.fleet, prices))):
        est.notes.append(note)
    est.notes += plan.notes[-1:]
    dates = list(plan.rate_dates)
    if dates:
        est.notes.append(f"EC2 prices as of {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1 else "")
                         + " (each line keeps its own date and source).")
    est.missing_prices[:] = list(dict.fromkeys(est.missing_prices))
    est.scale = model.freeze()
    return est


def estimate_ecs_ec2(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS on EC2: a packed container-instance fleet plus root volumes."""
    return _estimate_ec2("ecs-ec2", workload, prices)


def estimate_eks_ec2(workload: Workload, prices: PriceBook) -> Estimate:
    """EKS on EC2 nodes: a packed node fleet, root volumes and the control-plane fee."""
    return _estimate_ec2("eks-ec2", workload, prices)


def _coredns_text(workload) -> str:
    """The CoreDNS pods an EKS on EC2 fleet packs with the pods (``sizing.nodes.coredns_pods``), or why none."""
    if workload.eks.existing_cluster:
        return ("; no CoreDNS pods: the existing cluster (eks.existing_cluster) already runs them"
                + (" (eks.coredns is not used)" if workload.eks.coredns is not None else "") + ".")
    pods = coredns_pods(workload)
    per, cpu, mib = coredns_size(workload)
    if per == 0:
        return "; no CoreDNS pods: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: 0)."
    oh = workload.eks.coredns.pod_overhead if workload.eks.coredns is not None else None
    return (f"; CoreDNS {pods} x {cpu * 1000:g}m/{mib:g}Mi packed with the pods"
            + (f", each with its pod overhead of {oh.vcpu * 1000:g}m/{oh.memory_mib:g}Mi beside the request "
               "(eks.coredns.pod_overhead, its RuntimeClass's)" if oh is not None and (oh.vcpu or oh.memory_mib)
               else "")
            + (" (the input's CoreDNS Deployment, eks.coredns)" if workload.eks.coredns is not None else "")
            + (f" ({per} per cluster, eks.clusters {workload.eks.clusters}; Amazon EKS User Guide, "
               "'Manage CoreDNS for DNS in Amazon EKS clusters'), on at least one node per cluster (a node group's "
               f"nodes belong to one cluster, Amazon EKS API CreateNodegroup clusterName): {workload.eks.clusters} "
               "nodes or more; the services are packed across the clusters' nodes as one fleet"
               if workload.eks.clusters > 1 else "") + ".")


def _eks_addon_text(workload) -> str:
    """The add-on DaemonSets on every EKS on EC2 node: advisor's defaults, or the input's own (``eks_addon``)."""
    parts = []
    for d in DEFAULT_EKS_DAEMONSETS:
        # every DaemonSet of the input that is this add-on (two may be: the default and an arm64-only one), as
        # nodes.eks_node_daemonsets reserves them: the default stays only on the architecture none of them is held to
        own = [o for o in workload.daemonsets or [] if o.eks_addon == d.eks_addon and o.os != "windows"]
        if own:
            arches = {o.architecture for o in own}
            for o in own:
                oh = o.pod_overhead  # reserved beside the request (sizing.fleet.workload_daemonsets): said, as it is packed
                extra = (f", plus its pod overhead {num(oh.vcpu * 1000)}m / {num(oh.memory_mib)} MiB (pod_overhead)"
                         if oh is not None and (oh.vcpu or oh.memory_mib) else "")
                parts.append(f"{o.name} ({num((o.cpu or 0.0) * 1000)}m / {num(o.memory or 0.0)} MiB, as the input's "
                             "DaemonSet requests" + extra + (f"; on {o.architecture} nodes" if o.architecture else "")
                             + ")")
            if None not in arches and len(arches) == 1:
                parts[-1] = parts[-1][:-1] + f", {d.name} on the others)"
        elif d.eks_addon == "vpc-cni":
            parts.append("aws-node (50m: aws-node and aws-eks-nodeagent containers)")
        else:
            parts.append(f"{d.name} ({num(d.cpu * 1000)}m)")
    return f"DaemonSets {' and '.join(parts)} on every node"
