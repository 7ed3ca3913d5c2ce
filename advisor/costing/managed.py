"""ECS Managed Instances and EKS Auto Mode: EC2 fleets AWS runs for you, for a management fee per instance-hour.

Both bill "the EC2 instances you use plus a management fee" (AWS News Blog, "Announcing Amazon ECS Managed
Instances for containerized applications", 2025-09-30; EKS Best Practices Guide, "EKS Auto Mode": standard EC2
pricing plus a management fee for the Auto Mode-managed nodes). The fee is a price per instance-hour that depends on
the instance type (AWS price list: ``AmazonECS`` products of ECS Managed Instances; ``AmazonEKS`` products with
``eksproducttype`` ``AutoMode``), read from the ``managed_instance_fees`` table (``PriceBook.managed_instance_fee``).
advisor ships no fee rows; ``advisor pricing fetch --region R --services AmazonECS,AmazonEKS`` writes them. Without
them the platform is not priced ("no price data", naming the instance types and the command): a fee is never
estimated, e.g. as a share of the On-Demand price (the ECS pricing page's one example, $0.037 per instance-hour for a
c6a.2xlarge, is 12% of that type's $0.306 On-Demand price; the page bills the fee "per second with a one-minute
minimum", which changes nothing here: the fleets run all month).

The fleet comes from the same fleet planner as ECS/EKS on EC2 (``advisor.sizing.fleet``) with each platform's
node profile (``advisor.sizing.nodes``: ``managed_node_profile``, ``managed_fleet_settings``): the packer prices a
type at what a node of it costs, its instance price plus its fee plus its volume (``FleetPlan.volumes``), so the
fleet's packed cost, LP bound and gap in the notes and ``FleetSummary`` are on that basis. Lines per (instance type,
purchase option):

- ``Instance usage (on-demand, m6i.large)``: instances x monthly hours at the EC2 price (Savings Plans and RIs may
  cover On-Demand usage: "Your Compute and Instance Savings Plans also apply to Amazon ECS Managed Instances
  workloads", Amazon ECS Developer Guide, "Architect for Amazon ECS Managed Instances");
- ``ECS Managed Instances management fee (m6i.large)`` / ``EKS Auto Mode management fee (m6i.large)``: the same
  instance-hours at the fee (``resource`` ``management_fee``; no commitment covers it: no AWS source says one does);
- ``EBS data volume`` (ECS) / ``EBS ephemeral storage volume`` (EKS): one gp3 volume per instance; on EKS Auto
  Mode, nodes whose type's local NVMe storage is larger than the NodeClass ephemeral storage get a 20 GiB gp3 ``EBS
  data volume`` line instead (``advisor.sizing.nodes.AUTO_MODE_NVME_EBS_GIB``); on ECS Managed Instances with
  ``use_local_storage``, instances of types with instance store get none (their data is on the instance store:
  ``advisor.sizing.nodes.ECS_MI_LOCAL_STORAGE_EBS_GIB``) and a note says so;
- EKS Auto Mode: the EKS control plane (and a Provisioned Control Plane tier when set).

Capacity option ``reserved`` (EC2 Capacity Reservations): priced as On-Demand, with ``RESERVED_NOTE``.

Capacity-provider strategies (ECS): "A capacity provider strategy can only contain one capacity provider type from
the following list: Amazon ECS Managed Instances, Auto Scaling group, Fargate/Fargate_SPOT" (Amazon ECS Developer
Guide, "Architect for Amazon ECS Managed Instances", Capacity providers). So a service's strategy may split its
tasks over Managed Instances providers (``ecs_managed_instances.capacity_providers``, e.g. one On-Demand, one
Spot), priced here, but never mix them with FARGATE / FARGATE_SPOT: a workload whose strategy mixes them does not
load (``validate_strategy`` refuses any strategy that mixes Fargate providers with other providers).
"""

from __future__ import annotations

from advisor.costing.control_plane import control_plane_lines
from advisor.costing.ec2 import (
    PURCHASE_LABEL,
    add_persistent_volumes,
    burstable_note,
    ebs_rate,
    host_port_note,
    min_nodes_text,
    node_pool_limits_note,
    priced_volume_services,
    static_port_note,
    trunking_table_note,
    unpriced_volume_words,
    volume_type_text,
)
from advisor.costing.lines import EC2_INSTANCE_COVERAGE, Estimate, FleetSummary, LineItem, Unsupported
from advisor.costing.scale import ScaleModel, fleet_scaling
from advisor.errors import AdvisorError, PriceDataError
from advisor.platforms import FEE_SERVICE, fee_fetch_command, label
from advisor.pricing.book import PriceBook, Rate
from advisor.pricing.catalog import Catalog
from advisor.sizing.fleet import (
    GPU_REASON,
    daemonset_labels_note,
    daemonset_selector_note,
    fleet_planner,
    packing_effort,
    restriction_notes,
    service_count,
)
from advisor.sizing.nodes import (
    AUTO_MODE_NVME_EBS_GIB,
    auto_mode_uses_nvme,
    managed_fleet_settings,
    mi_uses_local_storage,
)
from advisor.sizing.strategy import ProviderShare, distribute
from advisor.units import HOURS_PER_MONTH, name_list, usd_rate
from advisor.workload import Service, Workload
from advisor.workload.model import billed_ebs_gib, billed_ebs_words, eks_addon_left_out_note, eks_addon_runs_on

#: The price-list service whose offer holds each platform's fee (``advisor pricing fetch --services``).
FEE_NAME = {"ecs-managed-instances": "ECS Managed Instances management fee",
            "eks-auto-mode": "EKS Auto Mode management fee"}
VOLUME_NAME = {"ecs-managed-instances": "EBS data volume", "eks-auto-mode": "EBS ephemeral storage volume"}
#: A fleet row's purchase option for the management fee in ``FleetScaling.rows`` (not On-Demand instance usage, so
#: the sweep never offers it to a commitment).
FEE_ROW = "management_fee"
#: Likewise for each type's per-node volume, which the packer counts in a type's price (``FleetPlan.volumes``).
VOLUME_ROW = "volume"
#: At most this many instance types are named in a missing-fee message.
NAMED_TYPES = 6
#: ECS Managed Instances ``capacityOptionType`` RESERVED ("Launches Instances using Amazon EC2 Capacity
#: Reservations", Amazon ECS API Reference, "InstanceLaunchTemplate"): instances in a Capacity Reservation are billed
#: at the On-Demand rate, and so is reserved capacity nobody uses: "Capacity Reservations are charged at the
#: equivalent On-Demand rate whether you run instances in reserved capacity or not. If you do not use the
#: reservation, this shows up as unused reservation on your Amazon EC2 bill" (Amazon EC2 User Guide, "Capacity
#: Reservation pricing and billing", which also says "Billing discounts for Savings Plans and Regional Reserved
#: Instances apply to Capacity Reservations"). The fleet is priced On-Demand (commitments apply as to On-Demand
#: usage); the unused part is not priced: neither the workload nor the capacity provider (capacityReservations names
#: a resource group and a preference) gives the reservation's size. ``{who}``: the setting or providers.
RESERVED_NOTE = (
    "Capacity option reserved ({who}): EC2 Capacity Reservations, priced at the On-Demand rate (\"Capacity "
    "Reservations are charged at the equivalent On-Demand rate whether you run instances in reserved capacity or "
    "not\", Amazon EC2 User Guide, \"Capacity Reservation pricing and billing\"; Savings Plans and Regional Reserved "
    "Instances apply to them, same page). Reserved capacity the fleet leaves unused is billed too, at the same rate, "
    "and is not priced here: the input does not give the reservation's size (instance type and count); add it to "
    "the estimate if the reservation is larger than this fleet.")

_LINUX_ONLY = {
    "ecs-managed-instances": "ECS Managed Instances run Linux containers on Bottlerocket only (Amazon ECS Developer "
                             "Guide, 'Architect for Amazon ECS Managed Instances': operating systems 'Bottlerocket')",
    "eks-auto-mode": "EKS Auto Mode nodes run Linux containers only ('You can deploy containers based on Linux, but "
                     "without specific OS dependencies', EKS User Guide, 'Learn about Amazon EKS Auto Mode Managed "
                     "instances')",
}


def missing_fee_message(platform: str, region: str, types: list[str]) -> str:
    """One short message: no management fee in the data for these instance types, and the command that fetches it."""
    shown = ", ".join(types[:NAMED_TYPES]) + (f" and {len(types) - NAMED_TYPES} more" if len(types) > NAMED_TYPES else "")
    what = (f" of {shown} (the type{'s' if len(types) > 1 else ''} its fleet would use)" if types else "")
    return (f"no price data: the {label(platform)} management fee{what} in {region} is not in the data (table "
            f"managed_instance_fees); run '{fee_fetch_command(platform, region)}'. advisor never estimates a fee "
            "(e.g. as a share of the On-Demand price).")


# --------------------------------------------------------------------------------------- services to place
def _unsupported_reason(platform: str, workload: Workload, svc: Service) -> str | None:
    """Why the platform cannot run a service at all (before packing), or None."""
    if svc.peak_count == 0:  # runs no task: what it would need rules nothing out (Workload.without_idle_services)
        return None
    if svc.os == "windows":
        return _LINUX_ONLY[platform]
    if svc.gpus:
        return GPU_REASON
    if platform == "ecs-managed-instances" and svc.network_mode == "bridge":
        return ("its task definition uses the bridge network mode; ECS Managed Instances support awsvpc and host "
                "(Amazon ECS Developer Guide, 'Architect for Amazon ECS Managed Instances', Networking)")
    if platform == "eks-auto-mode" and svc.architecture == "arm64":
        am = workload.eks_auto_mode
        if am.node_pool == "general-purpose":
            return ("it runs on arm64 and the built-in general-purpose NodePool 'Uses only amd64 architecture' (EKS "
                    "User Guide, 'Enable or disable built-in NodePools'); describe a custom NodePool "
                    "(eks_auto_mode: {node_pool: custom, architectures: [amd64, arm64]})")
        if "arm64" not in am.launch_architectures:
            return "it runs on arm64 and eks_auto_mode.architectures does not include arm64"
    if platform == "eks-auto-mode" and not svc.spot and workload.eks_auto_mode.launch_capacity_types == ["spot"]:
        return ("it is marked spot: false and the custom NodePool offers only Spot capacity "
                "(eks_auto_mode.capacity_types); add on-demand")
    return None


def _mi_split(svc: Service, workload: Workload, count: int) -> tuple[int, int] | str | None:
    """(tasks on On-Demand providers, tasks on Spot providers) of a service whose capacity_provider_strategy names
    ECS Managed Instances providers; a reason string when the strategy cannot run; None when the service has no
    Managed Instances strategy (it then runs on the default provider)."""
    if not svc.capacity_provider_strategy:
        return None
    providers = {p.name: p.capacity_option_type for p in workload.ecs_managed_instances.capacity_providers or ()}
    names = [i["capacityProvider"] for i in svc.capacity_provider_strategy]
    if not any(n in providers for n in names):
        return None
    unknown = [n for n in names if n not in providers]
    if unknown:
        return (f"its capacity_provider_strategy names {', '.join(unknown)}, which ecs_managed_instances."
                "capacity_providers does not declare (a strategy holds one capacity provider type)")
    strategy = [ProviderShare(i["capacityProvider"], i.get("base", 0), i.get("weight", 0))
                for i in svc.capacity_provider_strategy]
    split = distribute(count, strategy)
    spot = sum(n for name, n in split.items() if providers[name] == "spot")
    return count - spot, spot


def _planning_workload(platform: str, workload: Workload, est: Estimate) -> tuple[Workload, list[str]]:
    """The workload the fleet is packed for: services the platform can run, a Managed Instances strategy split into
    one On-Demand part and one Spot part (the planner keeps ``spot: false`` services off Spot instances)."""
    services, notes = [], []
    taken = {s.name for s in workload.services}
    pack_for = workload.ec2.pack_for
    for svc in workload.services:
        reason = _unsupported_reason(platform, workload, svc)
        if reason:
            est.unsupported.append(Unsupported(svc.name, reason))
            continue
        split = _mi_split(svc, workload, service_count(svc, pack_for)) if platform == "ecs-managed-instances" else None
        if isinstance(split, str):
            est.unsupported.append(Unsupported(svc.name, split))
            continue
        if split is None:
            if (platform == "ecs-managed-instances" and svc.capacity_provider_strategy
                    and workload.ecs_managed_instances.capacity_providers is None):
                notes.append(f"{svc.name}: its capacity_provider_strategy names no ECS Managed Instances provider, so "
                             "it runs on the default provider (ecs_managed_instances.capacity_option_type).")
            services.append(svc)
            continue
        on_demand, spot = split
        if on_demand:
            services.append(svc.model_copy(update={"replicas": on_demand, "scaling": None, "spot": False}))
        if spot:
            name = f"{svc.name} (Spot providers)"
            while name in taken:
                name += "'"
            taken.add(name)
            services.append(svc.model_copy(update={"name": name, "replicas": spot, "scaling": None, "spot": True}))
        notes.append(f"{svc.name}: its strategy places {on_demand} task(s) on On-Demand and {spot} on Spot "
                     "Managed Instances providers (ECS's split of the whole desired count).")
    return workload.model_copy(update={"services": services}), notes


# ------------------------------------------------------------------------------------------------ pricing
def fleet_lines(platform: str, fleet: list[dict], rates: dict, fees: dict, usage_types: dict, hours: float
                ) -> list[LineItem]:
    """Instance and management-fee lines of a packed fleet (pure arithmetic; unstamped platform).

    ``fleet``: rows ``{instance_type, purchase, arch, count}``; ``rates``: (type, purchase) -> instance ``Rate``;
    ``fees``: type -> fee ``Rate``; ``usage_types``: type -> AWS usage type of the fee (or absent). Each row gives
    ``count x hours`` instance-hours at the instance price, and the same instance-hours at the fee. Raises
    ``KeyError`` for a type without a fee (callers check ``missing_fee_types`` first).
    """
    out = []
    for row in fleet:
        itype, purchase = row["instance_type"], row["purchase"]
        spot = purchase == "spot"
        qty = row["count"] * hours
        out.append(LineItem.priced(
            f"Instance usage ({PURCHASE_LABEL[purchase]}, {itype})", "spot" if spot else "compute", qty,
            rates[(itype, purchase)], estimate=spot, purchase_option=purchase, resource="instance",
            instance_type=itype, architecture=row["arch"], os="linux",
            commitments=() if spot else EC2_INSTANCE_COVERAGE))
        out.append(LineItem.priced(
            f"{FEE_NAME[platform]} ({itype}{', Spot instance' if spot else ''})", "compute", qty, fees[itype],
            purchase_option="on_demand", resource="management_fee", instance_type=itype, architecture=row["arch"],
            os="linux", usage_type=usage_types.get(itype) or None))
    return out


def _fee_usage_types(prices: PriceBook, region: str, offering: str) -> dict[str, str]:
    rows = prices.table("managed_instance_fees").where(region=region, offering=offering)
    return {r["instance_type"]: str(r.get("usage_type") or "") for r in rows}


def _rows(fleet: list[dict], rates: dict, fees: dict, volumes: dict, hours: float
          ) -> list[tuple[str, str, float, float]]:
    """``FleetScaling.rows``: instance rows at the instance price, plus one fee row per type (purchase
    ``FEE_ROW``) and one row of its nodes' volumes (``VOLUME_ROW``, the per-node volume the packer priced:
    ``FleetPlan.volumes``), so fees and volumes scale with the fleet's instance-hours in the sweep, on the packer's
    basis. ``fleet`` rows carry ``count``; their monthly USD is ``count x unit x hours``."""
    out = []
    for r in fleet:
        itype, n = r["instance_type"], r["count"]
        inst = rates[(itype, r["purchase"])].usd
        fee = fees[itype].usd
        out.append((itype, r["purchase"], n * inst * hours, inst))
        out.append((itype, FEE_ROW, n * fee * hours, fee))
        if volumes.get(itype):
            out.append((itype, VOLUME_ROW, n * volumes[itype] * hours, volumes[itype]))
    return out


def plan_managed_fleet(workload: Workload, platform: str, prices: PriceBook | None = None):
    """The fleet ``compare`` packs for a managed platform (``ecs-managed-instances`` or ``eks-auto-mode``):
    ``(FleetPlan or None, [(service, reason)] the platform cannot run, notes)``. Services the platform cannot run
    (Windows, bridge mode on Managed Instances, arm64 on Auto Mode's built-in NodePool, ...) are left out with their
    reason, and a Managed Instances strategy is split into its On-Demand and Spot parts, as in the estimate. The plan
    is None when no service can run there. Raises what ``advisor.sizing.fleet.plan_fleet`` raises."""
    from advisor.sizing.fleet import plan_fleet

    est = Estimate(platform)
    plan_workload, notes = _planning_workload(platform, workload, est)
    unsupported = [(u.service, u.reason) for u in est.unsupported]
    if not plan_workload.services:
        return None, unsupported, notes
    return plan_fleet(plan_workload, platform, prices), unsupported, notes


def _estimate_managed(platform: str, workload: Workload, prices: PriceBook) -> Estimate:
    est = Estimate(platform)
    model = ScaleModel()
    hours = workload.monthly_hours
    plan_workload, split_notes = _planning_workload(platform, workload, est)
    est.notes += split_notes
    if not plan_workload.services:
        est.scale = model.freeze()
        return est
    try:
        planner = fleet_planner(plan_workload, platform, prices)
        if planner.fee_missing:
            # not priced: the fleet only names the types whose fees to fetch, so its first construction is
            # enough (no local search, no alternatives)
            with packing_effort(None, 0):
                plan = planner.plan(plan_workload, alternatives=False)
        else:
            plan = planner.plan(plan_workload)
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
        est.scale = model.freeze()
        return est
    except AdvisorError as exc:
        est.unsupported += [Unsupported(s.name, str(exc)) for s in plan_workload.services]
        est.scale = model.freeze()
        return est
    est.unsupported += [Unsupported(s, r) for s, r in plan.unsupported]
    res = plan.result
    fleet = plan.fleet
    if plan.fee_missing:
        types = sorted({r["instance_type"] for r in fleet})
        est.missing_prices.append(missing_fee_message(platform, workload.region, types))
        est.notes += restriction_notes(plan_workload, plan.unsupported)
        est.notes.append(_rules_note(platform, workload, planner))
        est.scale = model.freeze()
        return est
    offering = planner.profile.fee_offering
    usage_types = _fee_usage_types(prices, workload.region, offering)
    per_node = 0.0
    if res is not None:
        est.add(fleet_lines(platform, fleet, plan.rates, plan.fees, usage_types, hours))
        try:
            gp3 = ebs_rate(prices, workload.region, "gp3")
            volumes = _volume_lines(platform, workload, prices, fleet, plan.root_volume_gib, gp3, hours)
            est.add([line for line, _ in volumes])
            if not plan.volumes:  # the packer priced no volume: a node added by scaling gets the fleet's average
                gib_total = sum(gib * n for _, (gib, n) in volumes)
                per_node = gib_total / max(1, plan.node_count) * hours / HOURS_PER_MONTH * gp3.usd
            if platform == "eks-auto-mode" and _nvme_types(workload, fleet, prices):
                est.notes.append(_nvme_note(workload, fleet, prices))
            if platform == "ecs-managed-instances" and workload.ecs_managed_instances.use_local_storage:
                est.notes.append(_local_storage_note(workload, fleet, prices))
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
    # persistent volumes as on the self-managed platform: EKS Auto Mode runs the EBS CSI driver itself (EKS User
    # Guide, "Deploy a sample stateful workload to EKS Auto Mode": provisioner ebs.csi.eks.amazonaws.com); ECS
    # Managed Instances attach task EBS volumes as ECS on EC2 does (an assumption the note states)
    add_persistent_volumes(est, model, plan_workload, prices, {name for name, _ in plan.unsupported},
                           kubernetes=platform == "eks-auto-mode")
    priced = priced_volume_services(plan_workload.services)
    unpriced = unpriced_volume_words(plan_workload.services)
    if unpriced and not priced:
        est.notes.append("Persistent volumes: none priced." + unpriced)
    if priced:
        est.notes.append(
            f"Persistent volumes priced as {volume_type_text(priced)} EBS volumes, as on "
            + ("EKS on EC2 nodes: the claims of the most replicas for the whole month, a shared claim once (Auto Mode "
               "provisions them with its own EBS CSI driver, ebs.csi.eks.amazonaws.com)." if platform == "eks-auto-mode"
               else "ECS on EC2: one EBS volume per task for its task-hours (assumed: ECS attaches task EBS volumes to "
               "Managed Instances tasks as to EC2 ones).") + unpriced)
    if platform == "eks-auto-mode":
        cp = control_plane_lines(workload, prices, est)
        est.add(cp)
        model.add_fixed(cp)
    est.notes += restriction_notes(plan_workload, plan.unsupported)
    if note := host_port_note(plan_workload, plan, planner.cfg.pack_for,
                              "nodes" if platform == "eks-auto-mode" else "instances", platform):
        est.notes.append(note)
    if platform == "ecs-managed-instances" and (note := static_port_note(
            [s for s in plan_workload.services if s.name not in {n for n, _ in plan.unsupported}], platform,
            planner.settings.ecs_network_mode)):
        est.notes.append(note)
    est.notes.append(_rules_note(platform, workload, planner, nvme=bool(
        platform == "eks-auto-mode" and res is not None and _nvme_types(workload, fleet, prices))))
    est.notes.append(_fee_note(platform, plan.fees, fleet))
    if note := daemonset_selector_note(workload, platform, {r["arch"] for r in plan.fleet},
                                       {r["instance_type"] for r in plan.fleet}):
        est.notes.append(note)  # DaemonSets held to an OS / architecture / types: on those nodes only, or on none
    if note := daemonset_labels_note(workload, platform):
        est.notes.append(note)  # node labels advisor cannot evaluate: reserved on every node (DaemonSet.node_labels)
    if note := eks_addon_left_out_note(workload.daemonsets, platform):
        est.notes.append(note)  # EKS add-on DaemonSets of the input these nodes do not run (EKS_ADDONS)
    if platform == "ecs-managed-instances" and (note := _reserved_note(workload)):
        est.notes.append(note)
    cfg = planner.cfg
    est.notes.append(
        f"Fleet sized for {'scaling.max' if cfg.pack_for == 'max' else 'ceil(scaling.average) or replicas'} tasks per "
        f"service, headroom {cfg.headroom_percent:g}% of CPU and memory per instance, at least "
        + min_nodes_text(workload, _fewest(platform, workload), cfg.pack_for, 'instances',
                         _fewest_why(platform, workload), [s for s, _ in plan.unsupported], platform) +
        f"; instances run all {hours:g} hours of the month. The packer "
        "chooses types by what a node of each costs: instance price, management fee and its "
        + ("ephemeral storage volume (20 GiB on types with larger local NVMe)." if platform == "eks-auto-mode"
           else "data volume (none on types with instance store: use_local_storage)."
           if workload.ecs_managed_instances.use_local_storage else "data volume."))
    if any(r["purchase"] == "spot" for r in fleet):
        est.notes.append(
            "Spot instance prices are estimates: On-Demand x (1 - the Spot Instance Advisor's savings %), limited to "
            f"pools with interruption frequency up to {cfg.max_interruption}; the management fee is charged per "
            "instance-hour on Spot instances too (AWS's price list has one fee per instance type). Services with "
            "spot: false stay on On-Demand instances.")
    if res is not None:
        est.notes.append(
            f"Packing: {len(fleet)} type/purchase row(s), {plan.node_count} instances, ${res.cost_per_hour:.4f}/hour "
            f"({'instances, fees and each node' + chr(39) + 's volume' if plan.volumes else 'instances plus fees'}: "
            "what the packer minimises, per node type) vs an LP lower bound of "
            f"${res.lower_bound_per_hour:.4f}/hour on the same basis (gap "
            f"{res.gap * 100:.1f}%); utilisation CPU {res.utilisation['cpu'] * 100:.0f}%, memory "
            f"{res.utilisation['memory_mib'] * 100:.0f}%, slots {res.utilisation['slots'] * 100:.0f}% of allocatable.")
        if plan.slot_limited:
            est.notes.append(f"{plan.slot_name[0].upper() + plan.slot_name[1:]}, not CPU or memory, size this fleet.")
        # usd_per_hour: the packer's price of the type (instance + fee + volume_usd_per_hour, FleetPlan.volumes)
        nodes = [dict(r, instance_usd_per_hour=plan.rates[(r["instance_type"], r["purchase"])].usd,
                      management_fee_usd_per_hour=plan.fees[r["instance_type"]].usd) for r in fleet]
        est.fleet = FleetSummary(
            nodes=nodes, node_count=plan.node_count, instance_monthly=res.cost_per_hour * hours,
            lower_bound_monthly=res.lower_bound_per_hour * hours, gap=res.gap, utilisation=dict(res.utilisation),
            limiting=plan.slot_name if plan.slot_limited else None)

        def scaled_rows(scaled):
            rows = []
            for x in scaled.fleet:
                rows.append((x["instance_type"], x["purchase"], x["count"],
                             scaled.rates[(x["instance_type"], x["purchase"])].usd))
                rows.append((x["instance_type"], FEE_ROW, x["count"], scaled.fees[x["instance_type"]].usd))
                if scaled.volumes.get(x["instance_type"]):
                    rows.append((x["instance_type"], VOLUME_ROW, x["count"], scaled.volumes[x["instance_type"]]))
            return rows

        model.fleet = fleet_scaling(planner, plan_workload, plan, hours, per_node,
                                    _rows(fleet, plan.rates, plan.fees, plan.volumes, hours), scaled_rows,
                                    pool_limits=(workload.eks_auto_mode.node_pool_limits
                                                 if platform == "eks-auto-mode" else None),
                                    extra_rows=(FEE_ROW, VOLUME_ROW))
    if platform == "eks-auto-mode" and (note := node_pool_limits_note(workload.eks_auto_mode.node_pool_limits, plan)):
        est.notes.append(note)
    if res is not None and (note := burstable_note(fleet, prices)):
        est.notes.append(note)
    if (res is not None and platform == "ecs-managed-instances" and planner.settings.ecs_network_mode == "awsvpc"
            and (note := trunking_table_note(fleet, prices))):
        est.notes.append(note)
    est.notes += plan.notes[-1:]
    dates = list(plan.rate_dates)
    if dates:
        est.notes.append(f"EC2 prices and management fees as of {dates[0]}" + (f" to {dates[-1]}" if len(dates) > 1
                                                                               else "") + " (each line keeps its own).")
    est.missing_prices[:] = list(dict.fromkeys(est.missing_prices))
    est.scale = model.freeze()
    return est


def _nvme_types(workload: Workload, fleet: list[dict], prices: PriceBook) -> set[str]:
    """EKS Auto Mode: the fleet's types whose local NVMe storage is larger than the NodeClass ephemeral storage
    (``advisor.sizing.nodes.auto_mode_uses_nvme``)."""
    cat = Catalog.of(prices)
    eph = workload.eks_auto_mode.ephemeral_storage_gib
    return {r["instance_type"] for r in fleet
            if auto_mode_uses_nvme(cat.instance_type(r["instance_type"]).instance_storage_gb, eph)}


def _volume_lines(platform: str, workload: Workload, prices: PriceBook, fleet: list[dict], gib: float, gp3: Rate,
                  hours: float) -> list[tuple[LineItem, tuple[float, int]]]:
    """The gp3 volume line(s) of a managed fleet, each with (GiB per node, nodes). ECS Managed Instances and EKS
    Auto Mode nodes of types without larger local NVMe: one ``gib`` volume per node. EKS Auto Mode nodes whose type's
    local NVMe storage is larger than the NodeClass ephemeral storage: a ``AUTO_MODE_NVME_EBS_GIB`` (20 GiB) volume
    (``advisor.sizing.nodes.AUTO_MODE_NVME_EBS_GIB``), on a line of their own."""
    unit = "instance" if platform.startswith("ecs") else "node"
    asked = (workload.ecs_managed_instances.storage_gib if platform.startswith("ecs")
             else workload.eks_auto_mode.ephemeral_storage_gib)
    nvme = _nvme_types(workload, fleet, prices) if platform == "eks-auto-mode" else set()
    # ECS Managed Instances with use_local_storage: types with instance store carry no EBS data volume
    instore = _local_storage_types(workload, fleet, prices) if platform == "ecs-managed-instances" else set()
    plain = sum(r["count"] for r in fleet if r["instance_type"] not in nvme | instore)
    local = sum(r["count"] for r in fleet if r["instance_type"] in nvme)
    out = []
    if plain or not (local or instore):
        out.append((LineItem.priced(
            f"{VOLUME_NAME[platform]} (gp3, {gib:g} GiB per {unit}{billed_ebs_words(asked)}"
            + (f"; none on {', '.join(sorted(instore))}, whose instance store holds the data" if instore else "")
            + ")", "storage", plain * gib * hours / HOURS_PER_MONTH, gp3, resource="block_storage"), (gib, plain)))
    if local:
        small = AUTO_MODE_NVME_EBS_GIB
        out.append((LineItem.priced(
            f"EBS data volume (gp3, {small:g} GiB per node on types with local NVMe larger than the "
            f"{billed_ebs_gib(asked):g} GiB ephemeral storage: {', '.join(sorted(nvme))})",
            "storage", local * small * hours / HOURS_PER_MONTH, gp3, resource="block_storage"), (small, local)))
    return out


def _local_storage_types(workload: Workload, fleet: list[dict], prices: PriceBook) -> set[str]:
    """ECS Managed Instances with ``use_local_storage``: the fleet's types with instance store, whose instances get no
    EBS data volume (``advisor.sizing.nodes.mi_uses_local_storage``)."""
    if not workload.ecs_managed_instances.use_local_storage:
        return set()
    cat = Catalog.of(prices)
    return {r["instance_type"] for r in fleet
            if mi_uses_local_storage(cat.instance_type(r["instance_type"]).instance_storage_gb, True)}


def _local_storage_note(workload: Workload, fleet: list[dict], prices: PriceBook) -> str:
    """What ``ecs_managed_instances.use_local_storage`` did to the fleet's data volumes, with its source and the
    assumption about instance store smaller than what the tasks write (``advisor.sizing.nodes.
    ECS_MI_LOCAL_STORAGE_EBS_GIB``)."""
    cat = Catalog.of(prices)
    local = sorted(_local_storage_types(workload, fleet, prices))
    others = sorted({r["instance_type"] for r in fleet} - set(local))
    gib = billed_ebs_gib(workload.ecs_managed_instances.storage_gib)
    source = ("(\"Use instance store volumes for data storage when available. EBS volumes are not provisioned for "
              "data storage\", Amazon ECS API Reference, \"ManagedInstancesLocalStorageConfiguration\")")
    if not local:
        return (f"Local storage (ecs_managed_instances.use_local_storage): no type of this fleet "
                f"({', '.join(others) or 'none'}) has instance store volumes, so each instance keeps its {gib:g} GiB "
                f"EBS data volume {source}; instance_requirements.local_storage: required allows only types with "
                "instance store.")
    sizes = ", ".join(f"{t} {cat.instance_type(t).instance_storage_gb:g} GB" for t in local)
    return (f"Local storage (ecs_managed_instances.use_local_storage): {sizes} of instance store hold the instances' "
            f"data, so ECS provisions no EBS data volume on them {source}; the instance store is included in the "
            "instance price (Amazon EC2 User Guide, \"Instance store temporary block storage\")"
            + (f"; {', '.join(others)}, without instance store, keep the {gib:g} GiB EBS data volume" if others else "")
            + ". AWS does not say what happens when the instance store is smaller than what the tasks write: ECS "
            "reserves no disk per task on this capacity (ephemeralStorage is a Fargate task parameter) and advisor "
            "does not pack by disk, so a type is chosen as it would be without the setting (assumption); "
            "instance_requirements (e.g. allowed_types) keeps small-store types out.")


def _reserved_note(workload: Workload) -> str | None:
    """``RESERVED_NOTE`` naming what sets ``reserved`` (the default provider, named providers), or None."""
    mi = workload.ecs_managed_instances
    who = (["ecs_managed_instances.capacity_option_type"] if mi.capacity_option_type == "reserved" else []) + [
        f"capacity provider {p.name}" for p in mi.capacity_providers or () if p.capacity_option_type == "reserved"]
    return RESERVED_NOTE.format(who=", ".join(who)) if who else None


def _nvme_note(workload: Workload, fleet: list[dict], prices: PriceBook) -> str:
    cat = Catalog.of(prices)
    types = sorted(_nvme_types(workload, fleet, prices))
    sizes = ", ".join(f"{t} {cat.instance_type(t).instance_storage_gb:g} GB" for t in types)
    return (f"Local NVMe: {sizes} of instance store, more than the NodeClass ephemeral storage "
            f"({billed_ebs_gib(workload.eks_auto_mode.ephemeral_storage_gib):g} GiB), so EKS Auto Mode keeps ephemeral "
            f"storage on the NVMe and attaches a {AUTO_MODE_NVME_EBS_GIB:g} GiB EBS data volume to those nodes, priced as "
            "gp3 (Amazon EKS User Guide, \"Learn about Amazon EKS Auto Mode Managed instances\", Considerations; the instance store is "
            "included in the instance price: Amazon EC2 User Guide, \"Instance store temporary block storage\").")


def _fewest(platform: str, workload: Workload) -> int:
    """The fewest instances the platform's settings ask for (``managed_fleet_settings``), before ``one_per_node``."""
    return managed_fleet_settings(workload, platform)["min_nodes"]


def _fewest_why(platform: str, workload: Workload) -> str:
    if platform == "eks-auto-mode":
        return "ec2.min_nodes, as for EKS on EC2 nodes; Auto Mode itself launches what pending pods need"
    if not workload.ecs_managed_instances.az_spread:
        return "az_spread: false, one subnet, bin packing"
    return ("ECS spreads a service's tasks over at least 3 instances in different Availability Zones when possible: "
            "the largest service's desired count, up to 3")


def _rules_note(platform: str, workload: Workload, planner, nvme: bool = False) -> str:
    profile = planner.profile
    if platform == "ecs-managed-instances":
        mi = workload.ecs_managed_instances
        return (f"ECS Managed Instances on Bottlerocket; instance types: {profile.describe()}; capacity option "
                f"{mi.capacity_option_type}" + (f", {len(mi.capacity_providers)} named provider(s)" if
                                                 mi.capacity_providers else "")
                + f"; {mi.network_mode} tasks" + (" with ENI trunking (tasks per instance from the ECS ENI-trunking "
                                                  "table; ENIs - 1 for types not in it)" if mi.network_mode == "awsvpc"
                                                  else " (no per-instance task limit)")
                + f"; memory for tasks = installed memory less the {planner.cfg.vm_memory_overhead_percent:g}% VM "
                "overhead: AWS publishes no reservation for this capacity type (assumption); one "
                f"{billed_ebs_gib(mi.storage_gib):g} GiB gp3 data volume per instance ("
                + ("none on types with instance store: use_local_storage; " if mi.use_local_storage else "")
                + "gp3 assumed; the OS volume is not priced).")
    am = workload.eks_auto_mode
    return (f"EKS Auto Mode, {am.node_pool} NodePool; instance types: {profile.describe()}"
            + (f"; capacity types {', '.join(am.launch_capacity_types)}" if am.node_pool == "custom" else
               "; On-Demand only")
            + ("" if am.node_pool != "custom" or am.capacity_types is not None else
               " (no karpenter.sh/capacity-type requirement: Karpenter may launch either and prioritizes Spot, so "
               "spot-tolerant services are priced on Spot nodes, Karpenter docs, 'NodePools')")
            + ("" if am.node_pool != "custom" or am.architectures is not None else
               "; no kubernetes.io/arch requirement: amd64 and arm64 nodes, each service on its own architecture (pods "
               "of x86_64-only images need a kubernetes.io/arch: amd64 node selector, or Karpenter may place them on "
               "arm64 nodes)")
            + "; max pods 110 per node (after the prefix-delegation max pods); kube-reserved memory 11 MiB x 110 + "
            "255 MiB = 1,465 MiB (Bottlerocket's formula with the node's max pods: Auto Mode publishes no values of its "
            "own, assumption), kube-reserved CPU 6%/1%/0.5%/0.25% of cores 1/2/3-4/5+, eviction threshold 100 MiB, "
            f"{planner.cfg.vm_memory_overhead_percent:g}% VM memory overhead; no aws-node, kube-proxy or CoreDNS pods "
            "(Auto Mode runs pod networking, DNS and EBS CSI as managed functionality"
            + (f"; the input's {name_list(gone)} left out" if (gone := [
                d.name for d in workload.daemonsets or [] if not eks_addon_runs_on(d.eks_addon, platform)]) else "")
            + "); the workload's DaemonSets on "
            f"every node; one {billed_ebs_gib(am.ephemeral_storage_gib):g} GiB gp3 ephemeral storage volume per node"
            + (f" ({AUTO_MODE_NVME_EBS_GIB:g} GiB on types with larger local NVMe: see Local NVMe)."
               if nvme else "."))


def _fee_note(platform: str, fees: dict[str, Rate], fleet: list[dict]) -> str:
    used = sorted({r["instance_type"] for r in fleet})
    parts = ", ".join(f"{t} ${usd_rate(fees[t].usd)}/h" for t in used if t in fees)
    return (f"{FEE_NAME[platform]} per instance-hour, by instance type, from the managed_instance_fees table "
            f"({parts or 'no instances'}); billed for the same instance-hours as the instances. Commitments (Savings "
            "Plans, RIs) are applied to the instance usage only.")


def estimate_ecs_managed_instances(workload: Workload, prices: PriceBook) -> Estimate:
    """ECS Managed Instances: a packed fleet of instances ECS manages, their management fee and data volumes."""
    return _estimate_managed("ecs-managed-instances", workload, prices)


def estimate_eks_auto_mode(workload: Workload, prices: PriceBook) -> Estimate:
    """EKS Auto Mode: the control plane, a packed fleet of Auto Mode nodes, their management fee and volumes."""
    return _estimate_managed("eks-auto-mode", workload, prices)


__all__ = ["FEE_NAME", "FEE_ROW", "FEE_SERVICE", "RESERVED_NOTE", "estimate_ecs_managed_instances", "estimate_eks_auto_mode",
           "fee_fetch_command", "fleet_lines", "missing_fee_message"]
