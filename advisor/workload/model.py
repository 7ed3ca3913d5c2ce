"""The workload file: what runs, how big, how many, where.

A workload is YAML (documented in ``docs/workload-format.md``; ``advisor schema`` prints its JSON Schema).
It is validated strictly: unknown keys are errors with a did-you-mean hint, ambiguous quantities are
rejected with the unambiguous spelling, and every error names the field (and its line in the file).

Canonical units after loading: ``vcpu`` (float), ``memory_mib`` (float), hours.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from advisor.workload.pod import pod_request
from advisor.units import HOURS_PER_MONTH, MAX_HOURS_PER_MONTH, parse_cpu, parse_memory_mib

#: Fargate includes 20 GiB of ephemeral storage per task/pod; more is billed (ECS: 21-200 GiB,
#: "EphemeralStorage", Amazon ECS API Reference; EKS: up to 175 GiB, "AWS Fargate adds support for larger
#: ephemeral volumes", AWS Containers blog, 2023-08).
FARGATE_INCLUDED_STORAGE_GIB = 20.0
ECS_FARGATE_MAX_STORAGE_GIB = 200.0
EKS_FARGATE_MAX_STORAGE_GIB = 175.0


def _cpu(v: Any) -> float | None:
    return None if v is None else parse_cpu(v)


def _mem(v: Any) -> float | None:
    return None if v is None else parse_memory_mib(v)


CpuQuantity = Annotated[float | None, BeforeValidator(_cpu)]
MemoryQuantity = Annotated[float | None, BeforeValidator(_mem)]
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS_PER_MONTH)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


class Container(_Strict):
    """One container's request (Kubernetes ``resources.requests``, or an ECS container's cpu/memory)."""

    name: str | None = None
    cpu: CpuQuantity = Field(None, description="vCPU; also '0.5 vCPU', '512 units', '500m'")
    memory: MemoryQuantity = Field(None, description="MiB; also '1 GB', '1 GiB', '1Gi', '1024Mi'")


class Scaling(_Strict):
    """Auto scaling range; costs use ``average`` (tasks running on average over the month)."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)
    average: float = Field(ge=0, description="average running tasks over the month (what the cost uses)")

    @model_validator(mode="after")
    def _ordered(self) -> "Scaling":
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min}); max must be >= min")
        if not (self.min <= self.average <= self.max):
            raise ValueError(
                f"average ({self.average:g}) must lie between min ({self.min}) and max ({self.max})"
            )
        return self


class Service(_Strict):
    """One ECS service / Kubernetes Deployment: a task (pod) size and how many run."""

    name: str = Field(min_length=1)
    cpu: CpuQuantity = Field(None, description="vCPU per task/pod; also '0.5 vCPU', '512 units', '500m'")
    memory: MemoryQuantity = Field(None, description="MiB per task/pod; also '1 GB' (=1024 MiB), '1 GiB', '1Gi', '1024Mi'")
    containers: list[Container] | None = Field(
        None, description="per-container requests; when cpu/memory are absent the pod request is derived from them"
    )
    init_containers: list[Container] | None = Field(None, description="init containers (EKS pod-request rule)")
    replicas: int | None = Field(None, ge=0, strict=True, description="desired count (default 1 unless scaling is given)")
    scaling: Scaling | None = None
    architecture: Literal["x86_64", "arm64"] = "x86_64"
    os: Literal["linux", "windows"] = "linux"
    ephemeral_storage_gib: float = Field(
        FARGATE_INCLUDED_STORAGE_GIB,
        ge=FARGATE_INCLUDED_STORAGE_GIB,
        le=ECS_FARGATE_MAX_STORAGE_GIB,
        description="ephemeral storage per task; Fargate includes 20 GiB, above that is billed (max 200)",
    )
    monthly_hours: Hours | None = Field(None, description="hours per month this service runs (default: the workload's)")
    spot: bool = Field(
        True, description="interruption-tolerant: may run on Spot capacity (set false for stateful/singleton services)"
    )
    min_healthy_percent: int = Field(100, ge=0, le=100, description="ECS minimumHealthyPercent (default 100)")
    max_percent: int = Field(200, ge=100, le=200, description="ECS maximumPercent (default 200)")
    deployments_per_month: float = Field(0, ge=0, description="rolling deployments per month (surge cost)")
    deployment_minutes: float = Field(15, gt=0, description="how long one rolling deployment runs, in minutes")
    gpus: int = Field(0, ge=0, description="GPUs per task/pod (rules out Fargate)")
    on_demand_base: int | None = Field(
        None, ge=0, le=100_000, description="ECS on Fargate + Fargate Spot: tasks of this service kept on FARGATE "
        "(default: the workload's fargate_spot.on_demand_base)")
    capacity_provider_strategy: list[dict] | None = Field(
        None,
        description="ECS capacityProviderStrategy for this service, as the ECS API writes it "
        "([{capacityProvider: FARGATE, base: 2, weight: 1}, {capacityProvider: FARGATE_SPOT, weight: 3}]); "
        "default: advisor recommends one",
    )

    @field_validator("capacity_provider_strategy")
    @classmethod
    def _strategy_valid(cls, v: list[dict] | None) -> list[dict] | None:
        if v is None:
            return v
        import json

        from advisor.workload.capacity_providers import parse_shorthand, to_api_json

        return to_api_json(parse_shorthand([json.dumps(v)]))

    @field_validator("name")
    @classmethod
    def _name_stripped(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name must not be blank")
        return v

    @model_validator(mode="after")
    def _derive(self) -> "Service":
        if self.replicas is not None and self.scaling is not None:
            raise ValueError("give either replicas or scaling, not both (scaling.average is what the cost uses)")
        if self.cpu is None or self.memory is None:
            if not self.containers:
                missing = [k for k in ("cpu", "memory") if getattr(self, k) is None]
                raise ValueError(
                    f"missing {' and '.join(missing)}: give the task/pod size as cpu and memory "
                    "(e.g. cpu: 0.5, memory: 1024) or list containers with their requests"
                )
            cpu, mem = pod_request(
                [(c.cpu or 0.0, c.memory or 0.0) for c in self.containers],
                [(c.cpu or 0.0, c.memory or 0.0) for c in (self.init_containers or [])],
            )
            if self.cpu is None:
                self.cpu = cpu
            if self.memory is None:
                self.memory = mem
            if not self.cpu or not self.memory:
                raise ValueError("the containers give no cpu or no memory request; set cpu and memory on the service")
        return self

    # canonical accessors
    @property
    def vcpu(self) -> float:
        return float(self.cpu)  # type: ignore[arg-type]

    @property
    def memory_mib(self) -> float:
        return float(self.memory)  # type: ignore[arg-type]

    @property
    def desired(self) -> float:
        """Tasks running on average (replicas, or scaling.average; default 1)."""
        if self.scaling is not None:
            return float(self.scaling.average)
        return float(1 if self.replicas is None else self.replicas)

    @property
    def desired_count(self) -> int:
        """The desired count a service definition would hold (scaling.average rounded up)."""
        return int(math.ceil(self.desired - 1e-9))


class DaemonSet(_Strict):
    """A Kubernetes DaemonSet: one pod on every node (per-node overhead on EKS EC2 nodes).

    Recorded by ``advisor import k8s``; the estimators do not use it yet (a DaemonSet pod takes
    node capacity, not a Fargate task, and EKS on Fargate does not run DaemonSets).
    """

    name: str = Field(min_length=1)
    cpu: CpuQuantity = Field(None, description="vCPU per DaemonSet pod (its pod request)")
    memory: MemoryQuantity = Field(None, description="MiB per DaemonSet pod (its pod request)")


class FargateSpotPolicy(_Strict):
    """The capacity-provider strategy advisor recommends when a service declares none (docs/strategy.md).

    An availability assumption, not an AWS default: ``on_demand_base`` tasks of each service stay on FARGATE,
    the rest are split FARGATE:FARGATE_SPOT by weight.
    """

    on_demand_base: int = Field(1, ge=0, le=100_000, description="tasks of each service kept on FARGATE, which Spot "
                                "reclaims cannot take away (default 1)")
    on_demand_weight: int = Field(1, ge=0, le=1000, description="FARGATE weight for tasks above the base (default 1)")
    spot_weight: int = Field(3, ge=0, le=1000, description="FARGATE_SPOT weight for tasks above the base (default 3)")

    @model_validator(mode="after")
    def _some_weight(self) -> "FargateSpotPolicy":
        if self.on_demand_weight == 0 and self.spot_weight == 0:
            raise ValueError("on_demand_weight and spot_weight are both 0; ECS needs at least one weight > 0 "
                             "(e.g. on_demand_weight: 1, spot_weight: 3)")
        return self


class EksConfig(_Strict):
    """EKS control plane: clusters and support tier (standard $0.10/h, extended $0.60/h per cluster)."""

    existing_cluster: bool = Field(
        False, description="the workload joins an EKS cluster the team already runs: no marginal control-plane fee"
    )
    clusters: int = Field(1, ge=1, description="EKS clusters this workload needs (each pays the control-plane fee)")
    support: Literal["standard", "extended"] = Field(
        "standard", description="Kubernetes version support tier: standard or extended"
    )


class Team(_Strict):
    """Who runs the platform (inputs to the ECS-vs-EKS decision)."""

    size: int = Field(3, ge=1, description="engineers who run the container platform")
    kubernetes_experience: Literal["none", "some", "expert"] = Field(
        "none", description="the team's Kubernetes experience: none, some or expert (scales EKS effort)"
    )


class Requirements(_Strict):
    """Requirements that rule platforms out."""

    portability: bool = Field(False, description="multi-cloud / on-premises portability required (rules out ECS)")
    exclude_platforms: list[Literal["ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate"]] = Field(
        default_factory=list, description="platforms to leave out of the recommendation"
    )


class Operations(_Strict):
    """Operations effort per month: assumptions, shown as such, overridable."""

    include: bool = Field(True, description="rank platforms by infrastructure plus operations effort (TCO)")
    engineer_cost_per_hour: float = Field(
        100.0, ge=0, description="USD per engineer-hour (an assumption; set your own loaded rate)"
    )
    ecs_hours_per_month: float = Field(2.0, ge=0, description="ECS service upkeep, engineer-hours per month")
    eks_cluster_hours_per_month: float = Field(
        8.0, ge=0, description="EKS upgrades and add-ons per cluster, engineer-hours per month (before the experience factor)"
    )
    ec2_node_hours_per_month: float = Field(3.0, ge=0, description="EC2 node upkeep (AMIs, scaling groups), engineer-hours per month")
class Ec2Config(_Strict):
    """ECS on EC2 / EKS on EC2 node choices (docs/ec2.md: each default, its source and how to change it)."""

    allowed_families: list[str] | None = Field(None, description="only these instance families, e.g. [m7g, c7g, r7g]")
    allowed_types: list[str] | None = Field(None, description="only these instance types (named types bypass default exclusions)")
    include: list[Literal["bare_metal", "burstable", "accelerated", "previous_generation", "mac", "hpc"]] = Field(
        default_factory=list, description="default-excluded categories to consider anyway (hpc: Hpc6a, Hpc7g, ... families)")
    headroom_percent: float = Field(0, ge=0, lt=100, description="keep CPU and memory this % free on every node")
    min_nodes: int = Field(2, ge=0, description="minimum nodes in the fleet (2 = survive one node loss)")
    root_volume_gib: float | None = Field(
        None, gt=0, le=16384, description="gp3 root volume per node, GiB; default: the AMI's (ECS-optimized 30, EKS AL2023 20)")
    vm_memory_overhead_percent: float = Field(
        7.5, ge=0, lt=100, description="memory the kernel/hypervisor keeps from every node, % of installed memory "
        "(Karpenter's default 7.5; AWS's ECS m4.large example implies about 2.5)")
    spot: bool = Field(False, description="allow Spot nodes for spot-tolerant services (service.spot)")
    max_interruption: Literal["<5%", "5-10%", "10-15%", "15-20%", ">20%"] = Field(
        "5-10%", description="worst Spot Instance Advisor interruption bucket accepted for Spot nodes")
    pack_for: Literal["average", "max"] = Field(
        "average", description="size the fleet for ceil(scaling.average) tasks or for scaling.max")
    prefix_delegation: bool = Field(False, description="EKS: VPC CNI prefix delegation (more pods per node, capped at 110/250)")
    eks_managed_node_group: bool = Field(
        True, description="EKS: nodes in managed node groups (max pods capped at 110 up to 30 vCPU, 250 above)")
    ecs_reserved_memory_mib: int = Field(0, ge=0, description="ECS_RESERVED_MEMORY: MiB kept from tasks per instance")
    ecs_network_mode: Literal["awsvpc", "bridge", "host"] = Field("awsvpc", description="ECS task network mode")
    ecs_awsvpc_trunking: bool = Field(
        False, description="ECS awsvpc: the awsvpcTrunking account setting is on (more tasks per instance on the types "
        "of the ECS ENI trunking table; AWS's default is off)")
    ecs_max_tasks_per_instance: int | None = Field(
        None, ge=1, description="awsvpc task limit per instance for every type (overrides ENIs - 1 and the trunking table)")


class LoadBalancers(_Strict):
    """Application Load Balancers: hours plus LCU-hours (docs/shared-costs-and-commitments.md).

    Traffic figures are per load balancer, averaged over the month. Give either ``lcu_per_hour`` or the four
    dimensions (advisor bills the largest, as AWS does).
    """

    count: int = Field(1, ge=0, description="Application Load Balancers (each billed per hour)")
    lcu_per_hour: float | None = Field(None, ge=0, description="average LCUs per load balancer (instead of the four dimensions)")
    new_connections_per_second: float = Field(0, ge=0, description="average new connections per second, per load balancer")
    active_connections: float = Field(0, ge=0, description="average active connections (sampled per minute), per load balancer")
    processed_gb_per_hour: float = Field(0, ge=0, description="average GB processed per hour (EC2/container/IP targets), per load balancer")
    rule_evaluations_per_second: float = Field(0, ge=0, description="average rule evaluations per second, per load balancer")

    @model_validator(mode="after")
    def _one_way(self) -> "LoadBalancers":
        dims = (self.new_connections_per_second, self.active_connections, self.processed_gb_per_hour,
                self.rule_evaluations_per_second)
        if self.lcu_per_hour is not None and any(dims):
            raise ValueError("give either lcu_per_hour or the traffic dimensions (new_connections_per_second, "
                             "active_connections, processed_gb_per_hour, rule_evaluations_per_second), not both")
        return self


class NatGateways(_Strict):
    """NAT gateways: hours plus GB processed."""

    count: int = Field(1, ge=0, description="NAT gateways (usually one per Availability Zone)")
    processed_gb_per_month: float = Field(0, ge=0, description="GB processed per month by all NAT gateways together")


class Logs(_Strict):
    """CloudWatch Logs (Standard log class): GB ingested per month and GB stored."""

    ingested_gb_per_month: float = Field(0, ge=0, description="GB of logs ingested per month")
    stored_gb: float = Field(0, ge=0, description="GB of logs kept in storage (average over the month)")


class ContainerInsights(_Strict):
    """CloudWatch Container Insights: its metrics are billed as custom metrics, its performance log events as logs."""

    metrics: int = Field(0, ge=0, description="custom metrics Container Insights publishes (from the CloudWatch console or its docs)")
    performance_log_gb_per_month: float = Field(0, ge=0, description="GB of performance log events ingested per month")


class PublicIpv4(_Strict):
    """Public IPv4 addresses ($ per IP-hour)."""

    per_task: bool = Field(False, description="tasks run in public subnets with public IPs: one per Fargate task (awsvpc), "
                           "one per node on EC2 (tasks on EC2 cannot have their own)")
    count: int = Field(0, ge=0, description="further fixed public IPv4 addresses on every platform (Elastic IPs, "
                       "internet-facing load balancer and NAT gateway addresses)")


class ServiceDiscovery(_Strict):
    """AWS Cloud Map service discovery (ECS service discovery / Service Connect registries)."""

    registered_resources: int = Field(0, ge=0, description="Cloud Map registered resources (service instances)")
    api_calls_per_month: float = Field(0, ge=0, description="DiscoverInstances API calls per month")
    on_eks: bool = Field(False, description="EKS also uses Cloud Map (default: EKS uses in-cluster DNS, no Cloud Map charge)")


class Shared(_Strict):
    """Costs beside compute: load balancers, NAT, logs, Container Insights, public IPv4, Cloud Map."""

    load_balancers: LoadBalancers | None = None
    nat_gateways: NatGateways | None = None
    logs: Logs | None = None
    container_insights: ContainerInsights | None = None
    public_ipv4: PublicIpv4 | None = None
    service_discovery: ServiceDiscovery | None = None


class Commitment(_Strict):
    """A Savings Plan or Reserved Instance purchase, with the discount the user's own data gives.

    advisor ships no discount rates: ``discount_percent`` comes from your negotiated or published rate.
    """

    type: Literal["compute_savings_plan", "ec2_instance_savings_plan", "reserved_instance"]
    term_years: Literal[1, 3]
    payment: Literal["no_upfront", "partial_upfront", "all_upfront"]
    discount_percent: float | None = Field(
        None, gt=0, lt=100, description="discount off On-Demand for this term and payment option (effective rate, "
        "upfront amortised); required: advisor has no default")
    commit_usd_per_hour: float | None = Field(
        None, gt=0, description="Savings Plan commitment in USD per hour (at Savings Plan rates)")
    coverage_percent: float | None = Field(
        None, gt=0, le=100, description="size the commitment to this % of each platform's always-on eligible usage")
    instance_family: str | None = Field(None, description="EC2 Instance Savings Plan: the instance family, e.g. m7g")
    instance_type: str | None = Field(None, description="Reserved Instance: the instance type, e.g. m7g.large")
    count: int | None = Field(None, ge=1, description="Reserved Instance: how many instances")
    source: str | None = Field(None, description="where the discount comes from (quote, AWS page and date)")
    as_of: str | None = Field(None, description="date of the discount figure, YYYY-MM-DD")

    @model_validator(mode="after")
    def _complete(self) -> "Commitment":
        if self.discount_percent is None:
            raise ValueError(
                f"discount_percent is required for a {self.type}: advisor ships no discount rates and never guesses "
                "one. Give your negotiated or published rate for this term and payment option (e.g. "
                "discount_percent: 20, source: 'AWS Savings Plans pricing page, 2026-11'); the AWS pricing pages and "
                "'aws savingsplans describe-savings-plans-offering-rates' list them")
        if self.type == "reserved_instance":
            if not self.instance_type or not self.count:
                raise ValueError("a reserved_instance needs instance_type (e.g. m7g.large) and count")
            if self.commit_usd_per_hour is not None or self.coverage_percent is not None:
                raise ValueError("a reserved_instance is sized by instance_type and count, not commit_usd_per_hour "
                                 "or coverage_percent")
            return self
        if (self.commit_usd_per_hour is None) == (self.coverage_percent is None):
            raise ValueError("give exactly one of commit_usd_per_hour (USD per hour at Savings Plan rates) or "
                             "coverage_percent (% of the always-on eligible usage)")
        if self.type == "ec2_instance_savings_plan" and not self.instance_family:
            raise ValueError("an ec2_instance_savings_plan needs instance_family (e.g. m7g): it covers one family in "
                             "the region")
        return self


class Workload(_Strict):
    """A workload: services to run in one region."""

    name: str = Field(min_length=1)
    description: str | None = None
    region: str = "us-east-1"
    monthly_hours: Hours = Field(HOURS_PER_MONTH, description=f"hours per month (default {HOURS_PER_MONTH:g}, the AWS calculator convention)")
    services: list[Service] = Field(min_length=1)
    eks: EksConfig = Field(default_factory=EksConfig)
    fargate_spot: FargateSpotPolicy = Field(default_factory=FargateSpotPolicy, description="the recommended "
                                            "FARGATE/FARGATE_SPOT strategy for services that declare none")
    team: Team = Field(default_factory=Team)
    requirements: Requirements = Field(default_factory=Requirements)
    operations: Operations = Field(default_factory=Operations)
    ec2: Ec2Config = Field(default_factory=Ec2Config)
    daemonsets: list[DaemonSet] | None = Field(
        None, description="per-node pods (Kubernetes DaemonSets): they take room on every EKS node and rule out Fargate"
    )
    shared: Shared | None = Field(None, description="load balancers, NAT gateways, logs, Container Insights, public IPv4, Cloud Map")
    commitments: list[Commitment] | None = Field(
        None, description="Savings Plans / Reserved Instances with your discount rate (applied in AWS order: RIs, "
        "EC2 Instance SPs, Compute SPs)")

    @field_validator("region")
    @classmethod
    def _region_form(cls, v: str) -> str:
        return v.strip().lower()

    @model_validator(mode="after")
    def _unique(self) -> "Workload":
        seen: set[str] = set()
        for svc in self.services:
            if svc.name in seen:
                raise ValueError(f"service name {svc.name!r} is used twice; service names must be unique")
            seen.add(svc.name)
        return self

    def hours_for(self, service: Service) -> float:
        return service.monthly_hours if service.monthly_hours is not None else self.monthly_hours
