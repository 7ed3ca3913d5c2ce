"""Shared costs: what a container platform's bill holds besides compute.

Optional ``shared:`` section of the workload file (``docs/shared-costs-and-commitments.md``), priced from the
bundled ``shared_rates`` table (one row per region and item, each with ``as_of`` and ``source``):

- Application Load Balancer: load-balancer hours plus LCU-hours. AWS bills, per hour, the largest of four
  dimensions (Elastic Load Balancing pricing page, https://aws.amazon.com/elasticloadbalancing/pricing/):
  25 new connections per second, 3,000 active connections per minute, 1 GB processed per hour (EC2, container
  and IP targets), 1,000 rule evaluations per second are one LCU each. "Rule evaluations = Request rate * (Number
  of rules processed - 10 free rules)" (same page), so ``rule_evaluations_per_second`` is taken as that net figure.
  Not modelled: Mutual TLS listeners, where an LCU holds "1,500 active connections per minute", and Lambda targets
  (0.4 GB per hour).
- Network Load Balancer: load-balancer hours plus NLCU-hours; AWS bills, per hour, the largest of three dimensions,
  set by the listener protocol (same page, "Network Load Balancer": TCP 800 new connections per second, 100,000
  active connections; UDP 400 new flows per second, 50,000 active flows; TLS 50 new connections or flows per second,
  3,000 active; each 1 GB processed per hour). ``advisor import k8s`` writes one per Service of type LoadBalancer.
- NAT gateway: gateway hours plus GB processed (data transfer out is not included).
- CloudWatch Logs (Standard class): GB ingested plus GB-months stored.
- Container Insights: its metrics are billed as CloudWatch custom metrics (Amazon ECS Developer Guide,
  "Amazon ECS CloudWatch Container Insights"), its performance log events as logs ingested. The user gives the
  metric count; advisor does not guess how many metrics a cluster publishes. Only the first custom-metric volume
  tier (up to 10,000 metrics) is in the data, so larger counts are priced at that tier (an overestimate, noted).
- Public IPv4 addresses, per IP-hour: ``count`` fixed addresses on every platform, and with ``per_task`` one per
  running Fargate task on ECS (awsvpc, assignPublicIp) or one per node on the EC2 platforms (tasks on EC2 cannot
  have their own public IP, Amazon ECS awsvpc docs; on ECS Managed Instances a task's ENI gets "a primary private IP
  address" and only the instance's primary ENI can get a public one, "by enabling IPv4 public addressing for the
  subnet", Amazon ECS Developer Guide, "Allocate a network interface for tasks on Amazon ECS Managed Instances";
  EKS Auto Mode nodes are counted the same way: pods take private addresses from the node's /28 prefixes,
  awsdocs/amazon-eks-user-guide latest/ug/automode/auto-networking.adoc; ``eks_auto_mode.public_ip`` prices one per
  Auto Mode node on that platform alone, what a NodeClass's ``spec.advancedNetworking.associatePublicIPAddress: true``
  gives); EKS on Fargate pods run in private subnets only, so none per pod.
- Cloud Map: registered resources per month and DiscoverInstances API calls, on ECS platforms (EKS uses the
  cluster's DNS unless ``on_eks``).

Shared infrastructure runs ``workload.monthly_hours``. A zero quantity adds no line and needs no rate; a needed
rate the data lacks is a ``PriceDataError`` naming the table and how to add it (never another region's price).
"""

from __future__ import annotations

from dataclasses import replace

from advisor.costing.commitments import apply_commitments, check_commitments
from advisor.costing.lines import Estimate, LineItem
from advisor.errors import PriceDataError
from advisor.platforms import EC2_PLATFORMS, ECS_FARGATE_PLATFORMS, is_ecs
from advisor.pricing.book import SHARED_ITEM_SERVICE, TABLES, PriceBook, Rate, hand_added_shared_hint
from advisor.units import num
from advisor.workload import LoadBalancers, Workload
from advisor.workload.model import NetworkLoadBalancers, Shared

#: The platform id of the declared estate (``advisor.compare.declared.DECLARED``; compare imports costing, not back).
DECLARED = "declared"

#: One LCU per hour is the largest of these (ELB pricing page, Application Load Balancer, "LCU details").
ALB_LCU_NEW_CONNECTIONS_PER_SECOND = 25.0
ALB_LCU_ACTIVE_CONNECTIONS_PER_MINUTE = 3000.0
ALB_LCU_PROCESSED_GB_PER_HOUR = 1.0
ALB_LCU_RULE_EVALUATIONS_PER_SECOND = 1000.0
#: The note of an estimate whose Application Load Balancers have neither ``lcu_per_hour`` nor a traffic figure: AWS
#: bills every ALB its LCU-hours on top of its hours (ELB pricing page, "LCU details"), so the hours alone are a
#: lower bound, and a workload file that gives only ``count`` (as ``advisor import`` writes it) must say so.
ALB_HOURS_ONLY_NOTE = (
    "Application Load Balancers: {count} priced by the hour only; no traffic figures were given, so no LCUs (AWS "
    "bills each ALB its LCU-hours too: add shared.load_balancers.lcu_per_hour, the average of CloudWatch's "
    "ConsumedLCUs, or its traffic figures new_connections_per_second, active_connections, processed_gb_per_hour "
    "and rule_evaluations_per_second).")
#: One NLCU per hour is the largest of these, by listener protocol: (new connections or flows per second, active
#: connections or flows sampled per minute). Elastic Load Balancing pricing page, Network Load Balancer "NLCU details":
#: "800 new TCP connections per second", "100,000 active TCP connections (sampled per minute)", "400 new UDP flows per
#: second", "50,000 active UDP flows (sampled per minute)", "50 new TLS connections or flows per second", "3,000 active
#: TLS connections or flows (sampled per minute)"; and 1 GB processed per hour for every protocol.
NLB_NLCU_CONNECTIONS = {"tcp": (800.0, 100_000.0), "udp": (400.0, 50_000.0), "tls": (50.0, 3_000.0)}
NLB_NLCU_PROCESSED_GB_PER_HOUR = 1.0

#: Items of the shared_rates table and what each prices.
ITEMS = {
    "alb_hour": "Application Load Balancer hourly",
    "alb_lcu_hour": "Application Load Balancer LCU-hour",
    "nlb_hour": "Network Load Balancer hourly",
    "nlb_lcu_hour": "Network Load Balancer NLCU-hour",
    "nat_gateway_hour": "NAT gateway hourly",
    "nat_gateway_gb": "NAT gateway data processing per GB",
    "logs_ingested_gb": "CloudWatch Logs ingestion per GB",
    "logs_stored_gb_month": "CloudWatch Logs storage per GB-month",
    "cloudwatch_custom_metric_month": "CloudWatch custom metric per month",
    "public_ipv4_hour": "public IPv4 address per hour",
    "cloud_map_resource_month": "Cloud Map registered resource per month",
    "cloud_map_api_call": "Cloud Map DiscoverInstances API call",
}



#: Where the 'shared' section is when the input is no workload file: the importers fill it from the input's load
#: balancers (a Kubernetes Service of type LoadBalancer, an Ingress, a Terraform or CloudFormation load balancer), NAT
#: gateways and Elastic IPs, so the file to edit is the one ``advisor import`` writes.
FROM_AN_IMPORT = (" (read from Kubernetes manifests, a Terraform plan or a CloudFormation template, the section comes "
                  "from their load balancers, NAT gateways and Elastic IPs: write the workload file with 'advisor "
                  "import k8s|terraform|cloudformation INPUT -o workload.yaml' and edit it there)")


def shared_rate(prices: PriceBook, region: str, item: str) -> Rate:
    """One shared-cost unit price for a region, or ``PriceDataError`` naming the table and how to add it."""
    table = prices.table("shared_rates")
    row = table.index("region", "item").get((region, item))
    if row is None or row["usd"] is None:
        have = sorted({r["region"] for r in table.where(item=item)})
        hint = TABLES["shared_rates"].refresh_hint.format(region=region)
        raise PriceDataError(
            f"missing price data: {ITEMS.get(item, item)} rate (item {item}) for {region}; table shared_rates has it "
            f"for {', '.join(have) or 'no region'}. To price it, {hint}. Or remove that part of the workload's "
            f"'shared' section{FROM_AN_IMPORT}. No rate is borrowed from another region."
        )
    return prices.rate_from_row(row, "usd", str(row["unit"]), "shared_rates")


def alb_lcu_per_hour(lb: LoadBalancers) -> tuple[float, str]:
    """Average LCUs per load balancer and which dimension sets it (the largest of the four)."""
    if lb.lcu_per_hour is not None:
        return lb.lcu_per_hour, "given as lcu_per_hour"
    dims = {
        "new connections": lb.new_connections_per_second / ALB_LCU_NEW_CONNECTIONS_PER_SECOND,
        "active connections": lb.active_connections / ALB_LCU_ACTIVE_CONNECTIONS_PER_MINUTE,
        "processed bytes": lb.processed_gb_per_hour / ALB_LCU_PROCESSED_GB_PER_HOUR,
        "rule evaluations": lb.rule_evaluations_per_second / ALB_LCU_RULE_EVALUATIONS_PER_SECOND,
    }
    name = max(dims, key=dims.__getitem__)
    return dims[name], f"set by {name}"


def nlb_nlcu_per_hour(nlb: NetworkLoadBalancers) -> tuple[float, str]:
    """Average NLCUs per Network Load Balancer and which dimension sets it (the largest of the three, with the
    connection figures of the listener ``protocol``; ``NLB_NLCU_CONNECTIONS``)."""
    if nlb.nlcu_per_hour is not None:
        return nlb.nlcu_per_hour, "given as nlcu_per_hour"
    new, active = NLB_NLCU_CONNECTIONS[nlb.protocol]
    proto = nlb.protocol.upper()
    dims = {
        f"new {proto} connections": nlb.new_connections_per_second / new,
        f"active {proto} connections": nlb.active_connections / active,
        "processed bytes": nlb.processed_gb_per_hour / NLB_NLCU_PROCESSED_GB_PER_HOUR,
    }
    name = max(dims, key=dims.__getitem__)
    return dims[name], f"set by {name}"


#: The resource each shared_rates item bills for (``LineItem.resource``).
RESOURCE = {
    "alb_hour": "load_balancer", "alb_lcu_hour": "capacity_unit", "nlb_hour": "load_balancer",
    "nlb_lcu_hour": "capacity_unit", "nat_gateway_hour": "nat_gateway",
    "nat_gateway_gb": "data_processed", "logs_ingested_gb": "log_ingestion", "logs_stored_gb_month": "log_storage",
    "cloudwatch_custom_metric_month": "metric", "public_ipv4_hour": "ip_address",
    "cloud_map_resource_month": "registered_resource", "cloud_map_api_call": "api_request",
}


class _Missing(list):
    """The shared_rates items a region lacks, gathered over one estimate's shared lines so one message names them
    all (a user who removed the first from the workload met the next), with the offers that hold them
    (``SHARED_ITEM_SERVICE``; the Cloud Map items are in none, so a missing one is added by hand). ``services``:
    the services whose ``public_ip`` needs the public IPv4 rate."""

    def __init__(self) -> None:
        super().__init__()
        self.services: list[str] = []

    def error(self, region: str) -> PriceDataError:
        items = list(dict.fromkeys(self))
        services = [SHARED_ITEM_SERVICE[i] for i in items if i in SHARED_ITEM_SERVICE]
        unfetched = [i for i in items if i not in SHARED_ITEM_SERVICE]  # Cloud Map: no price list file advisor reads
        hints = [f"advisor pricing fetch --region {region} --services {','.join(dict.fromkeys(services))}"] \
            if services else []
        if unfetched:
            hints.append(hand_added_shared_hint(unfetched))
        hint = "; and ".join(hints)
        what = ", ".join(f"{ITEMS.get(i, i)} rate (item {i})" for i in items)
        return PriceDataError(
            f"missing price data: {what} for {region} (table shared_rates). To price "
            f"{'them' if len(items) > 1 else 'it'}, {hint}. Or remove "
            f"{'those parts' if len(items) > 1 else 'that part'} of the workload's 'shared' section"
            + FROM_AN_IMPORT
            + (f", or set public_ip: false on {', '.join(dict.fromkeys(self.services))}" if self.services else "")
            + ". No rate is borrowed from another region.")


def _priced(out: list[LineItem], prices: PriceBook, region: str, item: str, name: str, category: str,
            quantity: float, missing: _Missing, service: str | None = None) -> LineItem | None:
    if quantity > 0:
        try:
            rate = shared_rate(prices, region, item)
        except PriceDataError:
            missing.append(item)
            if service is not None:
                missing.services.append(service)
            return None
        line = LineItem.priced(name, category, quantity, rate, service=service, resource=RESOURCE[item])
        out.append(line)
        return line
    return None


def public_ip_task_line(workload: Workload, service: str, tasks: float, prices: PriceBook) -> LineItem | None:
    """The public IPv4 addresses of ``tasks`` average running Fargate tasks of a service with ``public_ip`` (one
    address per task, all its hours), or None for no task; ``PriceDataError`` when the region lacks the rate."""
    missing = _Missing()
    svc = next(s for s in workload.services if s.name == service)
    line = _priced([], prices, workload.region, "public_ipv4_hour",
                   "Public IPv4 addresses, one per task (assignPublicIp ENABLED)", "public_ipv4",
                   tasks * workload.hours_for(svc), missing, service=service)
    if missing:
        raise missing.error(workload.region)
    return line


def public_ip_node_line(workload: Workload, group: str, instances: float, prices: PriceBook) -> LineItem | None:
    """The public IPv4 addresses of a declared group's ``instances`` that hold one (``DeclaredNodeGroup.
    public_ip_share`` of its desired instances; each address all month, as the instances run), or None for none;
    ``PriceDataError`` when the region lacks the rate."""
    missing = _Missing()
    line = _priced([], prices, workload.region, "public_ipv4_hour",
                   f"Public IPv4 addresses, one per instance ({num(instances)} x {workload.monthly_hours:g} h, {group})",
                   "public_ipv4", instances * workload.monthly_hours, missing)
    if missing:
        raise missing.error(workload.region)
    return line


def shared_lines(workload: Workload, est: Estimate, prices: PriceBook) -> list[LineItem]:
    """The shared-cost lines of one platform's estimate (empty when the workload has no ``shared`` section, no
    service with ``public_ip`` and, on EKS Auto Mode, no ``eks_auto_mode.public_ip``).
    ``PriceDataError`` naming every rate the region lacks (``_Missing``), and the offers that hold them."""
    sh = workload.shared
    public = [s for s in workload.services if s.public_ip]
    if sh is None and not public and not (est.platform == "eks-auto-mode" and workload.eks_auto_mode.public_ip):
        return []
    if sh is None:
        sh = Shared()
    region, hours, platform = workload.region, workload.monthly_hours, est.platform
    out: list[LineItem] = []
    model = est.scale
    per_task: set[int] = set()  # lines that scale with tasks or nodes (the others are fixed)
    missing = _Missing()

    def priced(item: str, name: str, category: str, quantity: float) -> LineItem | None:
        return _priced(out, prices, region, item, name, category, quantity, missing)

    if (lb := sh.load_balancers) is not None and lb.count:
        lcu, why = alb_lcu_per_hour(lb)
        priced("alb_hour", f"Application Load Balancer ({lb.count} x {hours:g} h)",
                "load_balancing", lb.count * hours)
        priced("alb_lcu_hour", f"Application Load Balancer LCUs ({num(lcu)} LCU per load balancer, "
                f"{why})", "load_balancing", lb.count * lcu * hours)
        if lb.lcu_per_hour is None and not any((lb.new_connections_per_second, lb.active_connections,
                                                lb.processed_gb_per_hour, lb.rule_evaluations_per_second)):
            est.notes.append(ALB_HOURS_ONLY_NOTE.format(count=lb.count))
    if (nlb := sh.network_load_balancers) is not None and nlb.count:
        nlcu, why = nlb_nlcu_per_hour(nlb)
        priced("nlb_hour", f"Network Load Balancer ({nlb.count} x {hours:g} h)",
                "load_balancing", nlb.count * hours)
        priced("nlb_lcu_hour", f"Network Load Balancer NLCUs ({num(nlcu)} NLCU per load balancer, "
                f"{why})", "load_balancing", nlb.count * nlcu * hours)
        if nlb.nlcu_per_hour is None and not any((nlb.new_connections_per_second, nlb.active_connections,
                                                  nlb.processed_gb_per_hour)):
            est.notes.append(f"Network Load Balancers: {nlb.count} priced by the hour only; no traffic figures were "
                             "given, so no NLCUs (add shared.network_load_balancers.processed_gb_per_hour and the "
                             "connection figures).")
    if (nat := sh.nat_gateways) is not None:
        priced("nat_gateway_hour", f"NAT gateway ({nat.count} x {hours:g} h)", "nat_gateway",
                nat.count * hours)
        priced("nat_gateway_gb", "NAT gateway data processed", "nat_gateway",
                nat.processed_gb_per_month)
    if (logs := sh.logs) is not None:
        priced("logs_ingested_gb", "CloudWatch Logs ingested", "logs_monitoring",
                logs.ingested_gb_per_month)
        priced("logs_stored_gb_month", "CloudWatch Logs stored", "logs_monitoring", logs.stored_gb)
    if (ci := sh.container_insights) is not None:
        priced("cloudwatch_custom_metric_month", "Container Insights metrics (custom metrics)",
                "logs_monitoring", ci.metrics)
        priced("logs_ingested_gb", "Container Insights performance log events ingested",
                "logs_monitoring", ci.performance_log_gb_per_month)
        if ci.metrics > 10000:
            est.notes.append("Container Insights metrics above 10,000 are priced at the first-tier custom-metric rate "
                             "(the data holds only that tier): an overestimate.")
    ip = sh.public_ipv4
    if ip is not None:
        priced("public_ipv4_hour", f"Public IPv4 addresses, fixed ({ip.count} x {hours:g} h)",
                "public_ipv4", ip.count * hours)
    if public and (ip is None or not ip.per_task):
        # services whose tasks get a public IP (assignPublicIp ENABLED): one address per running Fargate task
        unsupported = {u.service for u in est.unsupported}
        if platform in ECS_FARGATE_PLATFORMS:
            for s in public:
                if s.name in unsupported:
                    continue
                line = _priced(out, prices, region, "public_ipv4_hour",
                               "Public IPv4 addresses, one per task (assignPublicIp ENABLED)", "public_ipv4",
                               s.desired * workload.hours_for(s), missing, service=s.name)
                if line is not None and model is not None:
                    model.add_linear(s.desired, 0.0, workload.hours_for(s) * line.unit_price, 1.0)
                per_task.add(id(line))
        elif platform != DECLARED:  # the declared estate prices its own Fargate tasks' addresses (compare.declared)
            names = ", ".join(s.name for s in public)
            where = ("tasks on EC2 cannot have their own public IP (only awsvpc tasks on Fargate can: Amazon ECS "
                     "Developer Guide, 'Amazon ECS task networking options for EC2')" if platform in EC2_PLATFORMS
                     else "EKS on Fargate pods run in private subnets only" if platform == "eks-fargate"
                     else "its tasks take private addresses")
            est.notes.append(f"public_ip ({names}): no per-task public IPv4 address is priced here: {where}; set "
                             "shared.public_ipv4.per_task: true if the nodes run in public subnets.")
    if ip is not None:
        if ip.per_task:
            unsupported = {u.service for u in est.unsupported}
            if platform in ECS_FARGATE_PLATFORMS:
                served = [s for s in workload.services if s.name not in unsupported]
                line = priced("public_ipv4_hour",
                               "Public IPv4 addresses, one per task (awsvpc, Fargate)", "public_ipv4",
                               sum(s.desired * workload.hours_for(s) for s in served))
                if line is not None and model is not None:
                    for s in served:
                        model.add_linear(s.desired, 0.0, workload.hours_for(s) * line.unit_price, 1.0)
                per_task.add(id(line))
            elif platform in EC2_PLATFORMS:
                nodes = est.fleet.node_count if est.fleet else 0
                line = priced("public_ipv4_hour",
                               f"Public IPv4 addresses, one per node ({nodes} nodes)", "public_ipv4", nodes * hours)
                if line is not None and model is not None and model.fleet is not None:
                    model.fleet.per_node_monthly += hours * line.unit_price
                per_task.add(id(line))
            elif platform == "eks-fargate":
                est.notes.append("public_ipv4.per_task: EKS on Fargate pods run in private subnets only, so no "
                                 "per-pod public IPv4 addresses are priced.")
    if platform == "eks-auto-mode" and workload.eks_auto_mode.public_ip and not (ip is not None and ip.per_task):
        # eks_auto_mode.public_ip (NodeClass spec.advancedNetworking.associatePublicIPAddress true, or public subnets):
        # each Auto Mode node holds a public IPv4 address all month, as the nodes run
        nodes = est.fleet.node_count if est.fleet else 0
        line = priced("public_ipv4_hour", f"Public IPv4 addresses, one per node ({nodes} nodes, eks_auto_mode."
                      "public_ip)", "public_ipv4", nodes * hours)
        if line is not None and model is not None and model.fleet is not None:
            model.fleet.per_node_monthly += hours * line.unit_price
        per_task.add(id(line))
    if (sd := sh.service_discovery) is not None:
        if is_ecs(platform) or sd.on_eks:
            priced("cloud_map_resource_month", "Cloud Map registered resources",
                    "service_discovery", sd.registered_resources)
            priced("cloud_map_api_call", "Cloud Map DiscoverInstances API calls",
                    "service_discovery", sd.api_calls_per_month)
        elif sd.registered_resources or sd.api_calls_per_month:
            est.notes.append("service_discovery: EKS resolves services with the cluster's DNS (CoreDNS), so no Cloud "
                             "Map charge is priced; set service_discovery.on_eks: true if EKS uses Cloud Map too.")
    if missing:
        raise missing.error(region)
    if model is not None:
        model.add_fixed([line for line in out if id(line) not in per_task])
    return out


def apply_shared_and_commitments(workload: Workload, estimates: list[Estimate], prices: PriceBook) -> None:
    """Add the shared-cost lines, then apply the commitments, to every estimate (the one hook in price_estimates).
    A commitment naming an instance type or family the catalogue lacks is a ``WorkloadError`` first. An estimate
    that lacks price data gets no line, but the shared rates the region lacks are added to its ``missing_prices``
    (the ``PriceDataError`` message of ``shared_lines``), so a region without, say, Fargate, EBS and load balancer
    rates is told every rate to fetch at once, not the shared ones only after the others are fetched."""
    check_commitments(workload, prices)
    for est in estimates:
        if est.status == "no price data":
            # nothing is priced, but the shared rates the region lacks are named with the rest of what is missing,
            # so that one message lists every rate to fetch (a copy is probed: no line, note or scale is added)
            try:
                shared_lines(workload, replace(est, lines=[], notes=[], scale=None), prices)
            except PriceDataError as exc:
                if str(exc) not in est.missing_prices:
                    est.missing_prices.append(str(exc))
            continue
        est.add(shared_lines(workload, est, prices))
        apply_commitments(workload, est, prices)
