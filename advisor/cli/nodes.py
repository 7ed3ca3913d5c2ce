"""``advisor nodes``: what one EC2 node holds, and the packed fleet for a workload. Thin: parse, call, render."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from advisor.cli.common import StrictOpt, WorkloadArg, decimal_number, fail, handled, whole_number
from advisor.errors import AdvisorError
from advisor.platforms import EC2_PLATFORMS, MANAGED_INSTANCE_PLATFORMS, label
from advisor.render.format import dumps, plain
from advisor.units import name_list

nodes_app = typer.Typer(help="EC2 nodes for " + ", ".join(label(p) for p in EC2_PLATFORMS[:-1]) + " and "
                        + label(EC2_PLATFORMS[-1]) + ": capacity per node and packed fleets.", no_args_is_help=True)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        from advisor.units import choice_hint

        fail(f"--format {fmt!r} is not valid; use table or json." + choice_hint(fmt, ["table", "json"]))


def _one_platform(value: str) -> str:
    """``--platform`` of a nodes command names one platform (each has its own fleet): a list, as compare takes, is
    refused with the command to run per platform."""
    if isinstance(value, str) and "," in value.strip(" ,"):
        fail(f"--platform {value!r}: a nodes command takes one platform (its fleet); run it once per platform, "
             f"e.g. -p {value.split(',')[0].strip()}.")
    return value


PlatformOpt = Annotated[str, typer.Option("--platform", "-p", metavar="<id>", callback=_one_platform,
                                          help="One of " + ", ".join(EC2_PLATFORMS[:-1]) + " or " + EC2_PLATFORMS[-1]
                                          + ".")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


#: The platforms each platform-specific option of ``nodes capacity`` applies to; on another platform the option
#: would change nothing, so it is refused rather than silently ignored (as ``sweep --spot --scale`` is).
OPTION_PLATFORMS: dict[str, tuple[str, ...]] = {
    "--prefix-delegation": ("eks-ec2",),  # EKS Auto Mode sets its own max pods
    "--self-managed": ("eks-ec2",),
    "--reserved-memory": ("ecs-ec2",),  # Managed Instances: no ECS_RESERVED_MEMORY to set
    "--trunking": ("ecs-ec2",),  # Managed Instances always use ENI trunking
    "--network-mode": ("ecs-ec2", "ecs-managed-instances"),
}


def _check_applies(platform: str, given: dict[str, bool]) -> None:
    """Exit 2 for the first option given that does not apply to ``platform``, naming where it applies."""
    for option, on in given.items():
        where = OPTION_PLATFORMS[option]
        if on and platform not in where:
            names = " and ".join(f"{label(p)} ({p})" for p in where)
            fail(f"{option} applies to {names} only, not {label(platform)} ({platform}); drop it or use "
                 f"-p {where[0]}.")


@nodes_app.command("capacity")
def capacity(
    instance_type: Annotated[str, typer.Option("--instance-type", "-i", help="EC2 instance type, e.g. m5.large.")],
    platform: PlatformOpt = "eks-ec2",
    fmt: FormatOpt = "table",
    prefix_delegation: Annotated[bool, typer.Option(
        "--prefix-delegation", help="eks-ec2 only: VPC CNI prefix delegation.")] = False,
    self_managed: Annotated[bool, typer.Option(
        "--self-managed", help="eks-ec2 only: self-managed nodes (no managed-node-group cap of 110/250 max pods).")] = False,
    reserved_memory: Annotated[Optional[int], typer.Option(
        "--reserved-memory", parser=whole_number, help="ecs-ec2 only: ECS_RESERVED_MEMORY in MiB (default 0).", show_default=False)] = None,
    trunking: Annotated[bool, typer.Option(
        "--trunking", help="ecs-ec2 only, awsvpc: the awsvpcTrunking account setting is on.")] = False,
    network_mode: Annotated[Optional[str], typer.Option(
        "--network-mode", help="ecs-ec2 and ecs-managed-instances only: awsvpc (default), bridge or host.",
        show_default=False)] = None,
    vm_overhead: Annotated[float, typer.Option(
        "--vm-overhead", parser=decimal_number, help="VM memory overhead, % of installed memory (default Karpenter's 7.5).")] = 7.5,
    headroom: Annotated[float, typer.Option("--headroom", parser=decimal_number, help="Percent of CPU and memory kept free.")] = 0.0,
) -> None:
    """Max pods/tasks, reservations and allocatable CPU/memory of one node.

    An option that does not apply to the platform (--prefix-delegation on ecs-ec2, --trunking on eks-ec2, ...) exits
    with code 2 naming the platforms it applies to, rather than being ignored."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.nodes import auto_mode_never_launches, check_platform, ecs_mi_never_launches, node_capacity
    from advisor.workload.load import check_option
    from advisor.workload.model import Ec2Config

    _check_format(fmt)
    with handled():
        # the options mirror ec2 settings of the workload file: the same bounds and messages
        if reserved_memory is not None:
            reserved_memory = check_option(Ec2Config, "ecs_reserved_memory_mib", reserved_memory, "--reserved-memory")
        if network_mode is not None:
            network_mode = check_option(Ec2Config, "ecs_network_mode", network_mode, "--network-mode")
        vm_overhead = check_option(Ec2Config, "vm_memory_overhead_percent", vm_overhead, "--vm-overhead")
        headroom = check_option(Ec2Config, "headroom_percent", headroom, "--headroom")
        platform = check_platform(platform)
        _check_applies(platform, {"--prefix-delegation": prefix_delegation, "--self-managed": self_managed,
                                  "--reserved-memory": reserved_memory is not None, "--trunking": trunking,
                                  "--network-mode": network_mode is not None})
        reserved_memory = 0 if reserved_memory is None else reserved_memory
        network_mode = "awsvpc" if network_mode is None else network_mode
        if trunking and network_mode != "awsvpc":
            fail(f"--trunking raises the awsvpc task limit (ENI trunking gives awsvpc tasks their own ENIs); with "
                 f"--network-mode {network_mode} tasks share the instance's ENI and trunking changes nothing: drop "
                 "--trunking, or use --network-mode awsvpc.")
        itype = Catalog.of(default_pricebook()).instance_type(instance_type)
        if platform == "eks-auto-mode" and (why := auto_mode_never_launches(itype)):
            # a node Auto Mode never launches has no capacity to show (the fleets never choose it either)
            fail(f"{itype.name} is not an EKS Auto Mode node: {why} (Amazon EKS User Guide, 'EKS Auto Mode "
                 "supported instance reference': supported families, 'More than 1 CPU', 'Instance size is not nano, "
                 "micro or small'). Use a type Auto Mode launches, e.g. m6i.large or c7g.large, or -p eks-ec2 for "
                 "this type on EKS nodes you manage.")
        if platform == "ecs-managed-instances" and (why := ecs_mi_never_launches(itype)):
            fail(f"{itype.name} is not an ECS Managed Instances instance: {why} (Amazon ECS Developer Guide, 'Amazon "
                 "ECS Managed Instances instance types': supported instance types, 'More than 1 vCPU', 'Instance size "
                 "is not nano or micro'). Use a type ECS Managed Instances launches, e.g. m6i.large or c7g.large, or "
                 "-p ecs-ec2 for this type on container instances you manage.")
        cap = node_capacity(itype, platform, prefix_delegation=prefix_delegation, ecs_reserved_memory_mib=reserved_memory,
                            headroom_percent=headroom, vm_memory_overhead_percent=vm_overhead,
                            eks_managed_node_group=not self_managed, ecs_awsvpc_trunking=trunking,
                            ecs_network_mode=network_mode)
    if cap.allocatable_memory_mib <= 0 or cap.allocatable_cpu <= 0:
        left = "CPU" if cap.allocatable_cpu <= 0 else "memory"
        fail(f"{cap.instance_type} on {platform} has no {left} left for tasks after the reservations "
             f"(--vm-overhead {vm_overhead:g}% = {cap.vm_overhead_memory_mib:.10g} MiB, "
             + (f"--reserved-memory {reserved_memory} MiB, " if platform == "ecs-ec2" else "")
             + f"--headroom {headroom:g}%, and the platform's own reservations); use smaller values of these options "
             "or a larger instance type.")
    if fmt == "json":
        typer.echo(dumps(cap.to_dict()))
        return
    d = cap.details  # numbers as %g with 10 significant digits: no exponent for a 6 TiB instance's MiB
    typer.echo(f"{cap.instance_type} ({cap.arch}) on {platform}: {cap.vcpu:.10g} vCPU, {cap.memory_mib:.10g} MiB installed")
    typer.echo(f"  VM memory overhead: {cap.vm_overhead_memory_mib:.10g} MiB ({d['vm_memory_overhead_percent']:.10g}%"
               + (", incl. 64 MiB Graviton CMA" if cap.arch == "arm64" else "") + f"); capacity {d['capacity_memory_mib']:.10g} MiB")
    if platform in ("eks-ec2", "eks-auto-mode"):
        typer.echo(f"  max pods: {d['max_pods']} ({d['max_pods_rule']}); for workload pods: {cap.allocatable_slots:.10g}")
        typer.echo(f"  kube-reserved: {d['kube_reserved_cpu_millicores']}m CPU, {d['kube_reserved_memory_mib']} MiB "
                   f"(11 x {d['kube_reserved_pods']} {'ENI max pods' if platform == 'eks-ec2' else 'max pods'} + 255); "
                   f"eviction threshold {d['eviction_hard_memory_mib']} MiB")
        typer.echo(f"  DaemonSets: {', '.join(d['daemonsets']) or 'none'} "
                   f"({cap.daemonset_cpu * 1000:.10g}m CPU, {cap.daemonset_memory_mib:.10g} MiB)")
    else:
        typer.echo(f"  CPU units: {d['cpu_units']}; registered memory: {d['registered_memory_mib']:.10g} MiB "
                   f"(ECS_RESERVED_MEMORY {d['ecs_reserved_memory_mib']:.10g} MiB)")
        if d["network_mode"] == "awsvpc":
            typer.echo(f"  awsvpc tasks per instance: {cap.allocatable_slots:.10g} ({d['task_limit_rule']})")
        else:
            typer.echo(f"  tasks per instance: no limit from the {d['network_mode']} network mode")
    typer.echo(f"  allocatable: {cap.allocatable_cpu:.10g} vCPU, {cap.allocatable_memory_mib:.10g} MiB"
               + (f"; after {headroom:.10g}% headroom: {cap.packable[0]:.10g} vCPU, {cap.packable[1]:.10g} MiB" if headroom else ""))


@nodes_app.command("pack")
def pack(
    workload: WorkloadArg,
    platform: PlatformOpt = "eks-ec2",
    fmt: FormatOpt = "table",
    region: Annotated[Optional[str], typer.Option("--region", "-r", help="Overrides the workload's region.")] = None,
    strict: StrictOpt = False,
) -> None:
    """The packed node fleet for WORKLOAD: types, counts, utilisation, the gap to the LP lower bound, and what
    lifts an ENI or max-pods limit.

    A service with 0 replicas (and no scaling above 0) runs nothing: it is left out with compare's note. A fleet
    above the NodePool limits (ec2.node_pool_limits, eks_auto_mode.node_pool_limits) gets compare's note.
    """
    from advisor.sizing.fleet import plan_fleet
    from advisor.sizing.nodes import check_platform
    from advisor.workload.importers import load_any
    from advisor.workload.model import cluster_addon_left_out_note

    _check_format(fmt)
    with handled():
        platform = check_platform(platform)
        w = load_any(workload, strict=strict, region=region)
        if region is not None:
            w = w.model_copy(update={"region": region.strip().lower()})
        # as compare: a service scaled to zero runs no task, so it is left out (with compare's note), not "not placed"
        w = w.without_idle_services()
        # as compare: the Deployments that run the Kubernetes cluster are left out where the platform does their job
        # itself (Service.cluster_addon), with compare's note
        idle_note, addon_note = w.idle_note, cluster_addon_left_out_note(w.services, platform)
        w = w.on_platform(platform)
        if platform in MANAGED_INSTANCE_PLATFORMS:  # the fleet compare packs: services it cannot run left out, with why
            from advisor.costing.managed import plan_managed_fleet

            plan, left_out, split_notes = plan_managed_fleet(w, platform)
            if plan is None:
                # services left out for one reason are named once with it (300 bridge-mode services: one
                # sentence, not the reason 300 times over)
                why: dict[str, list[str]] = {}
                for s, r in left_out:
                    why.setdefault(r, []).append(s)
                raise AdvisorError(f"{platform} can run none of the services of {plain(w.name)}: "
                                   + "; ".join(f"{name_list(names)}: {r}" for r, names in why.items()))
        else:
            plan, left_out, split_notes = plan_fleet(w, platform), [], []
    out = plan.to_dict(w.monthly_hours)
    out["unsupported"] = [{"service": s, "reason": r} for s, r in left_out] + out["unsupported"]
    out["notes"] = [n for n in (idle_note, addon_note) if n] + list(split_notes) + out["notes"]
    # as compare: DaemonSets held to an OS, architecture, instance types or compute type are reserved on those nodes
    # only (or on none), and those whose node labels advisor cannot evaluate on every node: say which
    from advisor.sizing.fleet import daemonset_labels_note, daemonset_selector_note

    out["notes"] += [n for n in (daemonset_selector_note(w, platform, {r["arch"] for r in plan.fleet},
                                                         {r["instance_type"] for r in plan.fleet}),
                                 daemonset_labels_note(w, platform)) if n]
    # as compare: the Karpenter NodePool's spec.limits against the planned fleet (costing.ec2.node_pool_limits_note)
    from advisor.costing.ec2 import node_pool_limits_note

    limits = {"eks-ec2": w.ec2.node_pool_limits, "eks-auto-mode": w.eks_auto_mode.node_pool_limits}.get(platform)
    if note := node_pool_limits_note(limits, plan):
        out["notes"].insert(0, note)
    cost_label = "instances"
    if platform in MANAGED_INSTANCE_PLATFORMS:  # the fee compare refuses to estimate: say whether it is included
        out["includes_management_fee"] = not plan.fee_missing
        if plan.fee_missing:
            service = "AmazonECS" if platform == "ecs-managed-instances" else "AmazonEKS"
            cost_label = ("instances + node volumes, WITHOUT the management fee" if plan.volumes
                          else "instances only, WITHOUT the management fee")
            out["notes"].insert(0, f"The {platform} management fee for {plan.region} is not in the data, so these "
                                "figures are EC2 instance prices (and each node's volume) alone, not the platform's "
                                "cost; 'advisor compare' "
                                "does not price this platform until the fee is there (it never estimates a fee). Run "
                                f"'advisor pricing fetch --region {plan.region} --services {service}'.")
        else:
            # the packer's basis, which the bound and the gap share (FleetPlan.volumes)
            cost_label = "instances + management fee + node volumes" if plan.volumes else "instances + management fee"
    if fmt == "json":
        typer.echo(dumps(out, default=str))
        return
    if platform in MANAGED_INSTANCE_PLATFORMS:  # not a root volume: the platform's data / ephemeral storage volume
        from advisor.costing.managed import VOLUME_NAME

        volume = VOLUME_NAME[platform]
    else:
        volume = "root volume"
    each = f"{out['root_volume_gib']:g} GiB each"
    if platform == "eks-auto-mode":  # types with larger local NVMe carry a 20 GiB volume instead (FleetPlan.volumes)
        from advisor.pricing.book import default_pricebook
        from advisor.pricing.catalog import Catalog
        from advisor.sizing.nodes import AUTO_MODE_NVME_EBS_GIB, auto_mode_uses_nvme

        cat = Catalog.of(default_pricebook())
        nvme = sorted({r["instance_type"] for r in out["fleet"] if auto_mode_uses_nvme(
            cat.instance_type(r["instance_type"]).instance_storage_gb, w.eks_auto_mode.ephemeral_storage_gib)})
        if nvme:
            each += f"; {AUTO_MODE_NVME_EBS_GIB:g} GiB on {', '.join(nvme)}, whose local NVMe is larger"
    elif platform == "ecs-managed-instances" and w.ecs_managed_instances.use_local_storage:
        # use_local_storage: types with instance store carry no EBS data volume (FleetPlan.volumes)
        from advisor.pricing.book import default_pricebook
        from advisor.pricing.catalog import Catalog
        from advisor.sizing.nodes import mi_uses_local_storage

        cat = Catalog.of(default_pricebook())
        local = sorted({r["instance_type"] for r in out["fleet"] if mi_uses_local_storage(
            cat.instance_type(r["instance_type"]).instance_storage_gb, True)})
        if local and set(local) == {r["instance_type"] for r in out["fleet"]}:
            each = f"none (use_local_storage: the instance store of {', '.join(local)} holds the data)"
        elif local:
            each += f"; none on {', '.join(local)}, whose instance store holds the data (use_local_storage)"
    typer.echo(f"{plain(w.name)} on {platform} in {plan.region}: {out['nodes']} nodes "
               f"({volume} {each}, VM memory overhead {out['vm_memory_overhead_percent']:g}%)")
    for r in out["fleet"]:
        est = " (Spot estimate, interruption " + r.get("interruption", "?") + ")" if r["purchase"] == "spot" else ""
        typer.echo(f"  {r['count']:>4} x {r['instance_type']:<16} {r['purchase']:<9} ${r['usd_per_hour']:.4f}/h{est}")
    if out["cost_per_hour"] is not None:
        typer.echo(f"  {cost_label}: ${out['cost_per_hour']:.4f}/h = ${out['monthly_cost']:,.2f}/month; LP lower bound "
                   f"${out['lower_bound_monthly']:,.2f}/month (gap {out['gap'] * 100:.1f}%)")
        u = out["utilisation"]
        typer.echo(f"  utilisation of allocatable: CPU {u['cpu'] * 100:.0f}%, memory {u['memory_mib'] * 100:.0f}%, "
                   f"slots {u['slots'] * 100:.0f}%")
    if out["slot_limited"]:
        typer.echo(f"  {out['slot_name']}, not CPU or memory, size this fleet")
        for a in out["alternatives"]:
            what = f"{a['nodes']} nodes, " if a["nodes"] is not None else "at least "
            typer.echo(f"    with {a['label']}: {what}${a['monthly_cost']:,.2f}/month")
    for u in out["unsupported"]:
        typer.echo(f"  not placed: {plain(u['service'])}: {plain(u['reason'])}")
    for n in out["notes"]:
        typer.echo(f"  note: {plain(n)}")
