"""The estate "as declared": what the infrastructure as code says runs today, priced with the same rates as the
platforms' estimates (``Workload.declared``, written by ``advisor import terraform|cloudformation``).

``price_declared(workload, prices)`` -> ``Declared`` (an ``Estimate`` with platform id ``declared`` and its own
line items), computed once by ``compare()`` and shown beside each platform's optimised estimate. Rules:

* An ECS service on ``FARGATE`` / ``FARGATE_SPOT`` (its launch type, or its capacity-provider strategy split by
  ECS's rule, ``advisor.sizing.strategy.average_split``) is billed per task at its Fargate size, on-demand or
  at the Fargate Spot rates of the price data (the lines ``advisor.costing.fargate`` writes for the platforms).
* A Kubernetes workload whose namespace a Fargate profile selects runs as EKS Fargate pods (request + 256 MiB,
  rounded up: ``advisor.sizing.fargate.eks_pod_size``).
* Services on EC2 (ECS launch type EC2 or an EC2 capacity provider; Kubernetes pods on nodes) cost what their
  declared capacity costs: each node group or Auto Scaling group, ``desired`` instances of its (first) instance
  type all month (On-Demand, or the Spot estimate of ``Catalog.spot``), plus a root volume per instance (its
  declared size and type, else the AMI's default, ``advisor.sizing.nodes.root_volume_gib``, as gp3) and the
  other EBS volumes its launch template or configuration gives each instance, and a public IPv4 address per
  instance for the share ``public_ip_share`` of them that get one (public subnets, or a launch template that asks
  for it: docs/iac.md "Public IPv4 addresses of declared instances"). Capacity that is not declared
  (EKS Auto Mode, ECS Managed Instances providers and launch type, an ECS cluster whose instances live elsewhere)
  cannot be priced: the services it carries are
  listed as not priced, and the declared total is partial. So are groups whose price the bundled data lacks
  (Windows nodes, dedicated or host tenancy, EBS types other than gp2/gp3): listed as not priced, never priced
  at the Linux shared-tenancy or gp3 rate.
* Each EKS cluster pays the control-plane fee; a cluster whose Kubernetes version is past its end of standard
  support on ``as_of`` (the ``eks_versions`` table, EKS User Guide release calendar; "Billing for extended support
  starts at the beginning of the day that the version reaches end of standard support, in the UTC+0 timezone")
  also pays the extended-support surcharge. The same tier is used by the platforms' EKS estimates unless the
  workload sets ``eks.support`` itself (``with_declared_support``).
* Shared costs (load balancers, NAT gateways, Elastic IPs) are the workload's ``shared`` lines, as on every
  platform.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field

from advisor.costing.ec2 import ebs_rate, persistent_volume_lines
from advisor.costing.fargate import (
    COREDNS_NONE_NOTE,
    RateCache,
    always_on_fraction,
    coredns_pod_lines,
    ecs_unsupported_reason,
    task_lines,
    task_parts,
)
from advisor.costing.lines import EC2_INSTANCE_COVERAGE, Estimate, LineItem, Unsupported
from advisor.costing.shared import DECLARED, public_ip_node_line, public_ip_task_line, shared_lines
from advisor.errors import AdvisorError, PriceDataError, SizingError
from advisor.platforms import PLATFORM_LABELS, PLATFORMS
from advisor.pricing.book import PriceBook
from advisor.pricing.catalog import Catalog
from advisor.sizing.fargate import ecs_task_size, eks_pod_size, eks_pod_storage_gib
from advisor.sizing.nodes import coredns_size, root_volume_gib
from advisor.sizing.strategy import FARGATE, FARGATE_SPOT, ProviderShare, average_split
from advisor.units import HOURS_PER_MONTH, usd_rate
from advisor.workload import Workload
from advisor.workload.model import billed_ebs_gib, billed_ebs_words

#: DECLARED (from advisor.costing.shared): the platform id the declared estimate carries (not a platform advisor
#: recommends).
_VERSION_HINT = ("Add the version's row from the EKS User Guide's 'Amazon EKS Kubernetes release calendar' to "
                 "eks_versions.csv in the user data directory (ADVISOR_DATA_DIR).")


@dataclass
class Declared:
    """The declared estate priced: ``estimate`` (its lines, notes, what could not be priced), the platforms it
    uses (``runs_on``, advisor's platform ids), each EKS cluster's support tier and the date it was judged at."""

    estimate: Estimate
    runs_on: list[str] = field(default_factory=list)
    clusters: list[dict] = field(default_factory=list)  # {name, version, support, why}
    as_of: str = ""
    source: str | None = None

    @property
    def label(self) -> str:
        """'As declared (ECS on Fargate + Fargate Spot)'."""
        return "As declared" + (f" ({', '.join(PLATFORM_LABELS[p] for p in self.runs_on)})" if self.runs_on else "")

    @property
    def complete(self) -> bool:
        return self.estimate.complete

    @property
    def monthly_cost(self) -> float:
        """The sum of its lines, USD per month: the estate's infrastructure cost when ``complete``, else the priced
        part only (no output shows it as a total)."""
        return self.estimate.monthly_cost

    #: No operations assumption is made for the estate as declared (the platforms' operations effort is an
    #: assumption about running a platform advisor recommends, ``advisor.costing.operations``): its operations cost
    #: is unknown, not $0, so it has no total (infrastructure + operations) either, in every output ("—" in the
    #: table, Markdown and report, null in JSON, NaN in ``totals_frame``).
    operations_cost = None
    monthly_tco = None
    #: Never ranked nor recommended: not a candidate platform, and without a total (``feasible`` is the platforms'
    #: "has a total and may be ranked").
    feasible = False

    @property
    def status(self) -> str:
        """'as declared', or 'as declared (partial)' when something it declares is not priced."""
        return "as declared" if self.complete else "as declared (partial)"

    def to_dict(self) -> dict:
        """The estimate's JSON shape (``Estimate.to_dict``: ``lines``, ``notes``, ``unsupported``, ...) with the
        estate's own figures: ``monthly_cost`` its infrastructure when complete (else null, the priced part under
        ``partial_monthly_cost``), ``operations_cost`` and ``monthly_tco`` null (and under ``shown``), ``feasible``
        false, ``status`` and ``status_text`` as ``status``; then ``label``, ``runs_on``, ``clusters``, ``as_of`` and ``source``."""
        d = self.estimate.to_dict()
        d.update(label=self.label, status=self.status, status_text=self.status, feasible=self.feasible, operations_cost=self.operations_cost,
                 monthly_tco=self.monthly_tco, runs_on=list(self.runs_on), clusters=[dict(c) for c in self.clusters],
                 as_of=self.as_of, source=self.source)
        d["shown"] = dict(d["shown"], operations_cost=None, monthly_tco=None)
        return d


def _today() -> str:
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def eks_support(version: str | None, as_of: str, prices: PriceBook, support_type: str | None = None) -> tuple[str, str]:
    """('standard' | 'extended', why) for a Kubernetes version on ``as_of`` (YYYY-MM-DD, UTC), from the
    ``eks_versions`` table. A version newer than every row is in its first 14 months (standard); one older than
    every row is past its lifecycle (EKS upgrades such clusters to the oldest extended version: extended).

    ``support_type`` STANDARD (the cluster's upgrade policy) turns extended support off: "If you disable extended
    support, your cluster will be auto upgraded at the end of standard support" (EKS User Guide, "Understand the
    Kubernetes version lifecycle on EKS"), so it never pays the surcharge."""
    if support_type == "STANDARD":
        return "standard", ("upgrade policy STANDARD: extended support is off, EKS upgrades the cluster at the end of "
                            "standard support")
    if version is None:
        return "standard", "version unknown until apply: EKS's default version, in standard support"
    table = prices.table("eks_versions")
    row = table.index("version").get((version,))
    if row is None:
        known = sorted((tuple(int(x) for x in r["version"].split(".")) for r in table.rows), reverse=True)
        mine = tuple(int(x) for x in version.split("."))
        if known and mine > known[0]:
            return "standard", (f"{version} is newer than the eks_versions table (newest {'.'.join(map(str, known[0]))})"
                                ": a version is in standard support for its first 14 months")
        if known and mine < known[-1]:
            return "extended", (f"{version} is older than every version in the eks_versions table: past the end of "
                                "extended support, EKS upgrades the control plane to the oldest extended version")
        raise PriceDataError(f"missing data: Kubernetes version {version} is not in the eks_versions table. "
                             f"{_VERSION_HINT}")
    std, ext = str(row["end_of_standard_support"]), str(row["end_of_extended_support"])
    if as_of < std:
        return "standard", f"{version} is in standard support until {std} (EKS release calendar)"
    if as_of < ext:
        return "extended", f"{version} reached end of standard support on {std}: extended support until {ext}"
    return "extended", (f"{version} reached end of extended support on {ext}: EKS upgrades such a control plane to "
                        "the oldest version in extended support, so extended support is priced")


def with_declared_support(workload: Workload, prices: PriceBook, today: str | None = None) -> tuple[Workload, list[str]]:
    """The workload with ``eks.support`` (and ``eks.clusters``) taken from the declared EKS clusters, unless the
    workload sets them itself, and the notes saying so. Unchanged without declared clusters."""
    d = workload.declared
    if d is None or not d.eks_clusters:
        return workload, []
    as_of = d.as_of or today or _today()
    tiers = [(c, *eks_support(c.version, as_of, prices, c.support_type)) for c in d.eks_clusters]
    update = {}
    notes = []
    if "support" not in workload.eks.model_fields_set and any(t == "extended" for _, t, _ in tiers):
        update["support"] = "extended"
        why = "; ".join(f"{c.name}: {w}" for c, t, w in tiers if t == "extended")
        notes.append(f"EKS estimates price extended support as declared on {as_of}: {why}.")
    if "clusters" not in workload.eks.model_fields_set and len(d.eks_clusters) > 1:
        update["clusters"] = len(d.eks_clusters)
        notes.append(f"EKS estimates price {len(d.eks_clusters)} control planes, as declared.")
    if not update:
        return workload, notes
    return workload.model_copy(update={"eks": workload.eks.model_copy(update=update)}), notes


def price_declared(workload: Workload, prices: PriceBook, today: str | None = None) -> Declared | None:
    """The declared estate's monthly cost, line by line (see the module docstring); None without ``declared``."""
    d = workload.declared
    if d is None:
        return None
    est = Estimate(DECLARED)
    out = Declared(est, as_of=d.as_of or today or _today(), source=d.source)
    hours = workload.monthly_hours
    region = workload.region
    rates = RateCache(prices, region, est)
    services = {s.name: s for s in workload.services}
    runs: set[str] = set()
    on_ec2 = {"ecs": [], "eks": []}
    placed: set[str] = set()
    managed = {p.name for p in workload.ecs_managed_instances.capacity_providers or ()}
    for entry in d.ecs_services:
        svc = services[entry.service]
        placed.add(svc.name)
        strategy = entry.capacity_provider_strategy or [{"capacityProvider": entry.launch_type, "base": 0,
                                                          "weight": 1}]
        shares = [ProviderShare(i["capacityProvider"], i.get("base", 0), i.get("weight", 0)) for i in strategy]
        split = average_split(svc.desired, shares) if entry.capacity_provider_strategy else \
            {entry.launch_type: svc.desired}
        fargate = {k: v for k, v in split.items() if k in (FARGATE, FARGATE_SPOT)}
        other = {k: v for k, v in split.items() if k not in (FARGATE, FARGATE_SPOT) and v > 0}
        if fargate:
            runs.add("ecs-fargate-spot" if FARGATE_SPOT in fargate and fargate[FARGATE_SPOT] > 0 else "ecs-fargate")
            _fargate_lines(est, rates, workload, svc, fargate)
            if svc.public_ip:  # assignPublicIp ENABLED: each running Fargate task holds a public IPv4 address
                try:
                    line = public_ip_task_line(workload, svc.name, sum(fargate.values()), prices)
                except PriceDataError as exc:
                    est.missing_prices.append(str(exc))
                else:
                    if line is not None:
                        est.add([line])
        for provider, tasks in other.items():
            if provider in managed or provider == "MANAGED_INSTANCES":
                # ECS chooses the instances at run time: none is declared (as EKS Auto Mode's nodes)
                runs.add("ecs-managed-instances")
                est.unsupported.append(Unsupported(svc.name, f"{tasks:g} task(s) run on the ECS Managed Instances "
                                                   + (f"capacity provider {provider}" if provider in managed else
                                                      "launch type")
                                                   + ", whose instances ECS chooses at run time, so none is declared; "
                                                   "see the ecs-managed-instances platform's estimate"))
            elif provider == "EXTERNAL":
                est.unsupported.append(Unsupported(svc.name, f"{tasks:g} task(s) run on {provider} capacity, which the "
                                                   "declared estimate does not price"))
            else:
                runs.add("ecs-ec2")
                on_ec2["ecs"].append(svc.name)
        ec2_tasks = sum(v for k, v in other.items() if k not in ("EXTERNAL", "MANAGED_INSTANCES"))
        if ec2_tasks > 0:  # a task's managed EBS volume is billed apart from the instance it runs on
            _volume_lines(est, workload, prices, svc, ec2_tasks)
    for entry in d.kubernetes_services:
        svc = services[entry.service]
        placed.add(svc.name)
        if entry.runs_on == "fargate":
            runs.add("eks-fargate")
            try:
                size = eks_pod_size(svc.vcpu, svc.memory_mib, svc.os)
            except SizingError as exc:
                est.unsupported.append(Unsupported(svc.name, str(exc)))
                continue
            rate = rates.get(svc.architecture, svc.os)
            if rate is None:
                continue
            try:
                parts = task_parts(svc, size, rate, storage_gib=eks_pod_storage_gib(svc.ephemeral_storage_gib))
            except PriceDataError as exc:
                est.missing_prices.append(str(exc))
                continue
            est.add(task_lines(svc, parts, rate, svc.desired * workload.hours_for(svc), what="Fargate pod",
                               always_on=always_on_fraction(workload, svc)))
        else:
            runs.add("eks-ec2")
            on_ec2["eks"].append(svc.name)
    for svc in workload.services:
        if svc.name not in placed:
            est.unsupported.append(Unsupported(svc.name, "how it runs is not declared in the input (a task definition "
                                               "without a service), so the declared estimate leaves it out"))
    for orchestrator, names in on_ec2.items():
        groups = [g for g in d.node_groups if g.orchestrator == orchestrator]
        if names and not groups:
            auto = orchestrator == "eks" and any(c.auto_mode for c in d.eks_clusters)
            why = ("EKS Auto Mode chooses the nodes at run time, so no node group is declared" if auto else
                   f"the {'EKS nodes' if orchestrator == 'eks' else 'ECS container instances'} they run on are not "
                   "declared in this input")
            est.unsupported += [Unsupported(n, f"runs on EC2 capacity: {why}") for n in names]
    platform_of = {"eks": "eks-ec2", "ecs": "ecs-ec2"}
    catalog = Catalog.of(prices)
    for g in d.node_groups:
        runs.add(platform_of[g.orchestrator])
        _node_group_lines(est, g, catalog, prices, region, hours, platform_of[g.orchestrator])
        if g.public_ip_share and g.desired:  # each instance in a public subnet holds a public IPv4 address
            try:
                line = public_ip_node_line(workload, g.name, g.desired * g.public_ip_share, prices)
            except PriceDataError as exc:
                est.missing_prices.append(f"{g.name}: {exc}")
            else:
                if line is not None:
                    est.add([line])
    for c in d.eks_clusters:
        tier, why = eks_support(c.version, out.as_of, prices, c.support_type)
        out.clusters.append({"name": c.name, "version": c.version, "support": tier, "why": why,
                             "auto_mode": c.auto_mode})
        try:
            base = prices.eks_rate(region, "cluster_hour")
            est.add([LineItem.priced(f"EKS control plane (standard support, {c.name})", "control_plane", hours, base,
                                     resource="cluster")])
            if tier == "extended":
                sur = prices.eks_rate(region, "extended_support_surcharge")
                est.add([LineItem.priced(f"EKS extended support surcharge ({c.name}, {c.version})", "control_plane",
                                         hours, sur, resource="extended_support")])
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
        est.notes.append(f"EKS cluster {c.name}: {why}.")
        if c.auto_mode:
            est.notes.append(f"EKS cluster {c.name} uses Auto Mode: its nodes (and their Auto Mode management fee) are "
                             "chosen at run time and are not in the declared estimate.")
        elif _coredns_on_fargate(d, c) and coredns_size(workload)[0] == 0:
            est.notes.append(f"EKS cluster {c.name}: {COREDNS_NONE_NOTE}")
        elif _coredns_on_fargate(d, c):
            rate = rates.get("x86_64", "linux")
            if rate is not None:
                runs.add("eks-fargate")
                per, cpu, mib = coredns_size(workload)  # the input's CoreDNS Deployment (eks.coredns), else the add-on's
                est.add(coredns_pod_lines(rate, per * hours, f" ({c.name})", cpu=cpu, memory_mib=mib))
                est.notes.append(f"EKS cluster {c.name}: a Fargate profile selects kube-system and no EKS node group "
                                 f"is declared for it, so its {per} CoreDNS pods run on Fargate (Amazon "
                                 "EKS User Guide, 'Get started with AWS Fargate for your cluster').")
    idle = [p for p in d.fargate_profiles if "kube-system" not in p.namespaces]  # kube-system's: CoreDNS, above
    if idle and not any(e.runs_on == "fargate" for e in d.kubernetes_services):
        # a profile only selects which pods run on Fargate ("You pay for the amount of vCPU and memory resources your
        # pod uses", AWS Fargate pricing); other tools price a placeholder pod per profile (Infracost: 1 vCPU + 1 GB)
        names = ", ".join(p.name for p in idle[:5]) + (", ..." if len(idle) > 5 else "")
        est.notes.append(f"Fargate profile(s) {names}: a profile costs nothing by itself; Fargate bills the pods it "
                         "selects, and none is declared in this input (compare their manifests to price them).")
    if on_ec2["eks"] and not d.eks_clusters:
        est.notes.append("The EKS cluster these Kubernetes workloads run in is not declared in this input: its "
                         "control-plane fee is not in the declared estimate.")
    elif not d.eks_clusters and any(g.orchestrator == "eks" for g in d.node_groups):
        # self-managed nodes of a cluster created elsewhere (their kubernetes.io/cluster tag or bootstrap names it)
        est.notes.append("EKS nodes are declared without their EKS cluster (it is created elsewhere): the cluster's "
                         "control-plane fee is not in the declared estimate.")
    try:
        est.add(shared_lines(workload, est, prices))
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
    rates.note()
    est.missing_prices[:] = list(dict.fromkeys(est.missing_prices))
    out.runs_on = [p for p in PLATFORMS if p in runs]
    if d.node_groups:
        est.notes.append("EC2 capacity is priced as declared: each group's desired instances of its first instance type "
                         f"all {hours:g} hours, plus a root volume per instance (the declared size and type, else the "
                         "AMI's default size, as gp3) and every other EBS volume its launch template or configuration "
                         "declares.")
    return out


#: Why a declared group's instances are not priced. EC2 bills Dedicated Instances / Dedicated Hosts at their own
#: prices (Amazon EC2 pricing pages "On-Demand" and "Dedicated Instances"; "Dedicated Hosts" are billed per host, not
#: per instance), which no table holds. Windows nodes are priced at the Windows (licence-included) On-Demand price of
#: ``ec2_windows_prices`` when a fetch wrote it (``Catalog.on_demand_windows``; the bundled snapshot has none), but a
#: Windows Spot group is not: advisor's Spot estimate is the Linux price less the Spot Instance Advisor saving.
NODE_GROUP_UNPRICED = {
    "windows_spot": ("Windows Spot nodes: advisor's Spot estimate is for Linux instances (the Linux On-Demand price "
                     "less the Spot Instance Advisor saving) and no Windows Spot price is in the data, so its "
                     "instances are not priced (its volumes are)"),
    "dedicated": ("dedicated tenancy: EC2 bills Dedicated Instances at their own price, which the bundled data lacks "
                  "(ec2_prices is shared tenancy only), so its instances are not priced (its volumes are)"),
    "host": ("host tenancy: instances on Dedicated Hosts are billed per host, which the bundled data does not price "
             "(ec2_prices is shared tenancy only), so its instances are not priced (its volumes are)"),
}


def _instance_line(est: Estimate, g, itype: str, arch: str, rate, hours: float, windows: bool) -> None:
    """A declared group's instance line: ``g.desired`` instances of ``itype`` all month at ``rate`` (On-Demand, the
    Spot estimate capped at the group's maximum price, or the Windows licence-included price)."""
    spot = g.capacity_type == "spot"
    if spot and g.spot_max_price is not None and rate.usd > g.spot_max_price:
        # a Spot Instance is never billed above its request's maximum price: when the Spot price rises above
        # it, EC2 interrupts the instance (Amazon EC2 User Guide, "Spot Instance interruptions": "The Spot price
        # is greater than your maximum price"), so the maximum is the most an hour the group can cost
        est.notes.append(f"{g.name}: the Spot estimate for {itype} (${usd_rate(rate.usd)} an hour) is above its maximum price "
                         f"${usd_rate(g.spot_max_price)}: priced at the maximum, the most EC2 bills a Spot Instance; at "
                         "the estimate, EC2 would not launch the instances or would interrupt them")
        rate = dataclasses.replace(rate, usd=g.spot_max_price, source=f"the maximum price its Spot requests "
                                   f"declare ({g.source or g.name}), below the Spot estimate of {rate.source}")
    est.add([LineItem.priced(f"Instance usage ({'Spot' if spot else 'on-demand'}, {itype}) x {g.desired} ({g.name})",
                             "spot" if spot else "compute", g.desired * hours, rate, estimate=spot,
                             purchase_option="spot" if spot else "on_demand", resource="instance",
                             instance_type=itype, architecture=arch, os="windows" if windows else "linux",
                             # Savings Plans rates in the data are Linux ones (BoxUsage, operation RunInstances): a
                             # Windows line is left uncovered rather than discounted at a Linux rate
                             commitments=() if spot or windows else EC2_INSTANCE_COVERAGE)])


def _node_group_lines(est: Estimate, g, catalog: Catalog, prices: PriceBook, region: str, hours: float,
                      platform: str) -> None:
    """One declared group's lines: its instances (unless ``NODE_GROUP_UNPRICED`` says why not: then it is listed as
    not priced as declared), its root volume per instance (declared size and type, else the AMI's default size
    as gp3) and the other EBS volumes each instance gets. A volume type the price data lacks (only gp2 and gp3
    are in ``ebs_rates``) is listed as not priced, never priced at another type's rate."""
    itype = g.instance_types[0]
    windows = g.os == "windows"
    why = NODE_GROUP_UNPRICED.get(g.tenancy) or (NODE_GROUP_UNPRICED["windows_spot"]
                                                 if windows and g.capacity_type == "spot" else None)
    if why:
        est.unsupported.append(Unsupported(g.name, why))
    else:
        try:
            if windows:  # the Windows AMI's licence-included price (ec2_windows_prices), never the Linux one
                rate = catalog.on_demand_windows(itype, region)
            elif g.capacity_type == "spot":
                rate = catalog.spot(itype, region).rate
            else:
                rate = catalog.on_demand(itype, region)
            arch = catalog.instance_type(itype).arch
        except AdvisorError as exc:
            est.missing_prices.append(f"{g.name}: {exc}")
            if not windows:
                return
            rate = None  # a Windows group without its Windows price: its volumes are still priced, as before
        if rate is not None:
            _instance_line(est, g, itype, arch, rate, hours, windows)
    if not g.desired:
        return
    gib = g.disk_size_gib if g.disk_size_gib is not None else root_volume_gib(platform)
    volumes = [("EBS root volume", g.volume_type or "gp3", gib)] + [
        (f"EBS volume {v.device}" if v.device else "EBS volume", v.volume_type or "gp3", v.size_gib) for v in g.volumes]
    for what, vtype, asked in volumes:
        size = billed_ebs_gib(asked, vtype)  # whole GiB, as the volume is created (CreateVolume Size)
        if vtype not in ("gp2", "gp3"):
            est.unsupported.append(Unsupported(g.name, f"its {what} per instance is {vtype}, which the bundled data "
                                               "does not price (ebs_rates has gp2 and gp3; io1 and io2 also bill "
                                               "provisioned IOPS)"))
            continue
        try:
            rate = ebs_rate(prices, region, vtype)
        except PriceDataError as exc:
            est.missing_prices.append(str(exc))
            continue
        est.add([LineItem.priced(f"{what} ({vtype}, {size:g} GiB per instance, {g.name}"
                                 f"{billed_ebs_words(asked, vtype)})", "storage",
                                 g.desired * size * hours / HOURS_PER_MONTH, rate, resource="block_storage")])


def _coredns_on_fargate(d, cluster) -> bool:
    """Whether a declared EKS cluster's CoreDNS runs on Fargate: a Fargate profile of the cluster selects the
    ``kube-system`` namespace and no EKS node group of the cluster is declared (a profile or group naming no cluster
    belongs to every cluster when one is declared)."""
    def mine(owner):
        return owner in (None, cluster.name) or len(d.eks_clusters) == 1

    profile = any(mine(p.cluster) and "kube-system" in p.namespaces for p in d.fargate_profiles)
    nodes = any(g.orchestrator == "eks" and mine(g.cluster) for g in d.node_groups)
    return profile and not nodes


def _fargate_lines(est: Estimate, rates: RateCache, workload: Workload, svc, split: dict[str, float]) -> None:
    if why := ecs_unsupported_reason(svc):
        # the same rule as the Fargate platforms' (a bridge task never runs on Fargate), so the two parts of one
        # comparison agree: declared on Fargate, but ECS would refuse it
        est.unsupported.append(Unsupported(svc.name, f"declared on Fargate, which ECS refuses for it: {why}"))
        return
    try:
        size = ecs_task_size(svc.vcpu, svc.memory_mib, svc.os)
    except SizingError as exc:
        est.unsupported.append(Unsupported(svc.name, str(exc)))
        return
    od = rates.get(svc.architecture, svc.os)
    if od is None:
        return
    hours = workload.hours_for(svc)
    on = always_on_fraction(workload, svc)
    try:
        if split.get(FARGATE, 0) > 0:
            est.add(task_lines(svc, task_parts(svc, size, od), od, split[FARGATE] * hours, always_on=on))
        if split.get(FARGATE_SPOT, 0) > 0:
            if svc.os == "windows":
                est.unsupported.append(Unsupported(svc.name, "its strategy uses FARGATE_SPOT, which is not offered for "
                                                   "Windows containers"))
                return
            spot = rates.get(svc.architecture, svc.os, "spot")
            if spot is None:
                return
            parts = task_parts(svc, size, spot, storage_rate=od.ephemeral_storage_gb_hour)
            est.add(task_lines(svc, parts, spot, split[FARGATE_SPOT] * hours, always_on=0.0))
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
    _volume_lines(est, workload, rates.prices, svc, sum(split.values()))


def _volume_lines(est: Estimate, workload: Workload, prices: PriceBook, svc, tasks: float) -> None:
    """The EBS volumes of ``tasks`` of an ECS service that declares them (``persistent_volumes``: one per task, from
    its managed EBS volume configuration), as the ECS platforms price them."""
    try:
        est.add(persistent_volume_lines(workload, svc, prices, tasks, workload.hours_for(svc)))
    except PriceDataError as exc:
        est.missing_prices.append(str(exc))
