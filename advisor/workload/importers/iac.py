"""What the Terraform and CloudFormation importers share: an ``Estate`` that collects the resources both read, in
the ECS API's and Kubernetes' own shapes, and builds one ``ImportResult`` with the declared estate.

Each importer (``terraform``, ``cloudformation``) only reads its format: it resolves values and references and
hands every resource to the ``Estate`` already translated to the shape advisor's other importers read:

* task definitions in the ECS API's JSON (``containerDefinitions``, ``cpu``, ``runtimePlatform`` ...) -- sized by
  the task-definition importer's own rules (``advisor.workload.importers.taskdef``);
* ECS services in ``CreateService`` JSON (``desiredCount``, ``launchType``, ``capacityProviderStrategy``,
  ``deploymentConfiguration``) -- read by ``taskdef.service_fields``;
* Kubernetes objects as manifests (``kind``, ``metadata``, ``spec``) -- pod specs sized by the Kubernetes
  importer's rules (``advisor.workload.importers.k8s``);
* EKS clusters, node groups and Fargate profiles, Auto Scaling groups, load balancers, NAT gateways, Elastic IPs
  and log groups as plain fields;
* ECS tasks that EventBridge rules and EventBridge Scheduler schedules run (``add_scheduled_task``): a workload
  service with ``runs_per_month`` from the schedule expression (``advisor.workload.importers.eventbridge``) and one
  run's ``run_minutes`` (the caller's ``run_minutes``, or the tag ``advisor/minutes-per-run``); without the minutes
  it is left out with an assumption giving its runs a month and how to give them, as the Kubernetes importer leaves
  out a CronJob of unknown length. A task definition a schedule runs is never priced as running all month; one a
  service runs as well is priced by the service, and the schedule's runs are extra: with their minutes, a service
  of their own beside it, else noted as not priced (``_schedules``).

Every error names the resource (its Terraform address or CloudFormation logical id). Values the input leaves
open (unknown until apply, a parameter without a default, an AWS default applied) are listed in the result's
``assumptions`` (``--strict`` refuses them); how the input was read is in its ``notes``.

Defaults applied, each from the AWS document that states it:

* ECS service without ``desiredCount``: 1 (AWS CloudFormation User Guide, ``AWS::ECS::Service`` DesiredCount: "For
  new services, if a desired count is not specified, a default value of 1 is used"; the Terraform AWS provider's
  ``aws_ecs_service`` ``desired_count`` defaults to 0 -- the importer passes what the format says).
* ECS service with neither ``launchType`` nor a strategy: the cluster's default capacity-provider strategy (ECS
  API Reference, "CreateService": "If no capacityProviderStrategy or launchType is specified, the
  defaultCapacityProviderStrategy for the cluster is used"); a cluster without one runs it with the EC2 launch
  type, which is listed as an assumption.
* Application Auto Scaling target of an ECS service: ``scaling`` {min, max, average = (min + max) / 2}, the same
  neutral planning figure as a Kubernetes HorizontalPodAutoscaler (docs/importing.md), noted as an assumption.
* EKS managed node group: its instance type and root volume from ``instanceTypes`` / ``diskSize``, else from its
  launch template (``Estate.launch_spec``); neither: ``t3.medium`` and 20 GiB (50 GiB for a Windows AMI type);
  without capacity type: ``ON_DEMAND`` (Amazon EKS API Reference, "CreateNodegroup": instanceTypes "If you specify
  launchTemplate, then you can specify zero or one instance type in your launch template or you can specify 0-20
  instance types for instanceTypes ... If you don't specify an instance type in a launch template or for
  instanceTypes, then t3.medium is used, by default"; diskSize "The default disk size is 20 GiB for Linux and
  Bottlerocket. The default disk size is 50 GiB for Windows. If you specify launchTemplate, then don't specify
  diskSize"; capacityType default ON_DEMAND). A Windows AMI type (``WINDOWS_*``) makes Windows nodes, which EC2
  bills at the Windows price: the declared estimate prices them from ``ec2_windows_prices`` (written by 'advisor
  pricing fetch'; the bundled data has Linux prices only), else lists them as missing that price
  (``advisor.compare.declared``). A launch template whose root mapping gives no volume type leaves the AMI's:
  gp3 is assumed (the EKS-optimized Amazon Linux 2023 AMIs'), gp2 for an AL2 AMI type (``AL2_*``: the Amazon Linux 2
  AMIs', ``EKS_AL2_AMI_ROOT_VOLUME_TYPE``).
* A launch template's or launch configuration's block device mapping for ``/dev/xvda`` or ``/dev/sda1`` is the
  instance's root volume (Amazon EC2 User Guide, "Device names for volumes on Amazon EC2 instances": the root
  device is /dev/sda1 or /dev/xvda); every other EBS mapping with a size adds a volume to each instance.
* An Auto Scaling group whose tag ``kubernetes.io/cluster/<name>`` is ``owned`` / ``shared``, or whose launch
  template's user data runs ``/etc/eks/bootstrap.sh`` or is a nodeadm ``NodeConfig``, is EKS self-managed nodes of
  that cluster even when the input does not declare the cluster (``eks_self_managed``; Amazon EKS User Guide,
  "Maintain nodes yourself with self-managed nodes"); the cluster's control-plane fee is then not in the input, and
  a note says so (``Estate.eks_nodes_note``).
* An Auto Scaling group with a mixed instances policy: the first override's instance type (else its launch
  template's), all On-Demand, listed as an assumption (Amazon EC2 Auto Scaling API Reference,
  "InstancesDistribution": OnDemandAllocationStrategy ``prioritized`` -- "the default value for Auto Scaling
  groups that don't specify InstanceRequirements" -- launches the overrides "from first to last in the list";
  OnDemandBaseCapacity "Default: 0"; OnDemandPercentageAboveBaseCapacity "Default: 100"). With weights
  (``WeightedCapacity``) the desired capacity counts units: instances = ceil(desired / the first override's weight).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

import yaml

from advisor.errors import WorkloadError, region_arg
from advisor.units import (
    HOURS_PER_MONTH,
    MAX_HOURS_PER_MONTH,
    grouped,
    is_decimal_text,
    is_whole_number_text,
    num,
    plain_num,
    show,
    usd_rate,
)
from advisor.workload import parse_workload
from advisor.workload.importers.common import FieldError, ImportedService, ImportResult, daemonset_treatment, fail
from advisor.workload.importers.eventbridge import (
    AT_SYNTAX,
    CRON_SYNTAX,
    RATE_SYNTAX,
    ScheduleExpressionError,
    peak_runs,
    schedule_runs,
)
from advisor.workload.importers.k8s import (
    ANNOTATION_AVERAGE,
    NODE_POOL_KINDS,
    ClaimBook,
    _apply_scalers,
    _coredns_note,
    _Ctx,
    _defaulted_notes,
    _distinct_volume_names,
    _limit_range_rules,
    _limit_ranges,
    _names_of_several_kinds,
    _note_defaulted,
    _note_unknown_class,
    _pod,
    _quota_notes,
    _read_scaler,
    _replicas,
    _resource_quotas,
    _service_data,
    _service_name,
    _Storage,
    ambiguous_addon,
    by_labels_note,
    chart_unmatched_note,
    cluster_addon_of,
    coredns_from_input,
    coredns_of,
    daemon_ephemeral_volumes,
    daemonset_nodes,
    eks_addon_of,
    extended_resources_assumption,
    k8s_cpu,
    k8s_memory_mib,
    node_rules,
    overhead_fields,
    pod_ephemeral_storage,
    runtime_classes,
    sort_claim_templates,
    sort_ephemeral_volumes,
    templates_assumed_note,
    unknown_classes_note,
)
from advisor.workload.importers.nodepool import PodNeeds, read_node_pools
from advisor.workload.importers.placement import settle_placement
from advisor.workload.importers.taskdef import (
    CLASSIC_LB_HOW,
    LAUNCH_TYPES,
    PORT_MISMATCH,
    _sized,
    app_mesh_note,
    daemon_assumption,
    family_of,
    service_fields,
    settle_launch_volumes,
    uses_app_mesh,
    with_overrides,
)
from advisor.workload.importers.taskdef import _strategy as _checked_strategy
from advisor.workload.model import (
    EBS_VOLUME_TYPES,
    MAX_COUNT,
    MAX_TASKS_PER_SERVICE,
    MAX_VOLUME_GIB,
    InstanceRequirements,
    ebs_size_problem,
)
from advisor.workload.source import STDIN_NAME, parse_yaml

#: EKS CreateNodegroup defaults (Amazon EKS API Reference, "CreateNodegroup").
EKS_NODE_GROUP_DEFAULT_INSTANCE_TYPE = "t3.medium"
EKS_NODE_GROUP_DEFAULT_DISK_GIB = 20.0
EKS_NODE_GROUP_WINDOWS_DEFAULT_DISK_GIB = 50.0
#: The EBS type of the root volume of the EKS-optimized Amazon Linux 2 AMIs (node group ``amiType`` AL2_x86_64,
#: AL2_x86_64_GPU, AL2_ARM_64): gp2, as their build maps it (awslabs/amazon-eks-ami ``templates/al2/
#: variables-default.json`` "volume_type": "gp2" @ 09eea9e8, used by ``templates/al2/template.json``'s
#: ``ami_block_device_mappings``). The Amazon Linux 2023 AMIs map gp3 (``templates/al2023/variables-default.json``
#: "volume_type": "gp3" @ 004328fe), advisor's assumption for a volume without a type. A launch template whose root
#: mapping gives no ``VolumeType`` keeps the AMI's type (Amazon EC2 User Guide, "Block device mappings": a mapping
#: that changes the AMI's root volume overrides only what it names).
EKS_AL2_AMI_ROOT_VOLUME_TYPE = "gp2"
#: The root device names of the AMIs ECS and EKS instances boot (Amazon EC2 User Guide, "Device names for volumes on
#: Amazon EC2 instances": the root volume's device is /dev/sda1 or /dev/xvda). A launch template mapping one of them
#: sets the root volume; any other EBS mapping adds a volume to each instance.
ROOT_DEVICE_NAMES = ("/dev/xvda", "/dev/sda1")
#: Instance tenancy values (Amazon EC2 API Reference, ``Placement`` Tenancy; CreateLaunchConfiguration PlacementTenancy).
TENANCIES = ("default", "dedicated", "host")
#: ``LaunchSpec.public_ip`` written but not resolved; ``Estate.public_ip_share``'s subnets when none is given.
UNRESOLVED = "unresolved"
NO_SUBNETS = "no subnets"
#: AWS::ECS::Service DesiredCount default for a new service (AWS CloudFormation User Guide).
CFN_ECS_DEFAULT_DESIRED_COUNT = 1
#: The task an ECS Express Mode service runs when its Cpu / Memory are not given, and what every such task is (Amazon
#: ECS Developer Guide, "Resources created by Amazon ECS Express Mode services", Task definition defaults: "cpu: 1024",
#: "memory: 2048", networkMode "awsvpc", operatingSystemFamily "LINUX", cpuArchitecture "X86_64", requiresCompatibilities
#: ["FARGATE"]; Cluster defaults: the "default" cluster, capacityProviders ["FARGATE"]).
EXPRESS_DEFAULT_CPU = "1024"
EXPRESS_DEFAULT_MEMORY = "2048"
EXPRESS_DEFAULT_CLUSTER = "default"
#: Express Mode services one Application Load Balancer serves at most ("The ALB created is automatically shared
#: across up to 25 ECS services using host-header based listener rules": AWS News Blog, "Build production-ready
#: applications without infrastructure complexity using Amazon ECS Express Mode", 2025-11-21)
EXPRESS_SERVICES_PER_ALB = 25
#: ECS RunTask launchType values (the workload model's declared launch types).

#: The tag that gives one run's minutes of a scheduled ECS task, on its EventBridge rule or its task definition
#: (the Kubernetes importer's annotation of the same name does it for a CronJob).
TAG_RUN_MINUTES = "advisor/minutes-per-run"
#: Kubernetes kinds the importers read (the Terraform Kubernetes provider's resources map onto these).
K8S_WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")
_FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")

#: Terraform's names (the aws provider's) of fields where they are not the snake_case of CloudFormation's, by
#: CloudFormation's path without list indexes (``input_field``): aws_ecs_service flattens DeploymentConfiguration and
#: names its blocks in the singular, as aws_ecs_task_definition does, and aws_autoscaling_group names its overrides
#: ``override``; a managed EBS volume's size is ``size_in_gb`` (an ECS service's volume_configuration) where a task's
#: ephemeral storage is ``size_in_gib``.
TERRAFORM_FIELDS = {
    "DeploymentConfiguration": "deployment_minimum_healthy_percent / deployment_maximum_percent",
    "DeploymentConfiguration.MinimumHealthyPercent": "deployment_minimum_healthy_percent",
    "DeploymentConfiguration.MaximumPercent": "deployment_maximum_percent",
    "VolumeConfigurations": "volume_configuration",
    "VolumeConfigurations.ManagedEBSVolume": "volume_configuration.managed_ebs_volume",
    "VolumeConfigurations.ManagedEBSVolume.SizeInGiB": "volume_configuration.managed_ebs_volume.size_in_gb",
    "SizeInGiB": "size_in_gb",  # a managed EBS volume's, named alone (taskdef.VOLUME_FIELDS)
    "InferenceAccelerators": "inference_accelerator",
    "Volumes": "volume",
    "Volumes.Host.SourcePath": "volume.host_path",
    "MixedInstancesPolicy.LaunchTemplate.Overrides": "mixed_instances_policy.launch_template.override",
    "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp": "network_configuration.assign_public_ip",
}
#: The field whose contents Terraform writes in the ECS API's own words (camelCase JSON): ``container_definitions``.
_JSON_FIELDS = ("ContainerDefinitions",)


def _pascal(part: str) -> str:
    return part[:1].upper() + part[1:]


def _snake(part: str) -> str:
    """``SizeInGiB`` -> ``size_in_gib``, ``ManagedEBSVolume`` -> ``managed_ebs_volume`` (a list index kept)."""
    part = part.replace("GiB", "Gib")
    part = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])|(?<=[a-z0-9])(?=[A-Z])", "_", part)
    return part.lower()


def input_field(kind: str, path: str) -> str:
    """A field's path as the input of ``kind`` ("cloudformation" or "terraform") writes it, from the AWS API's names:
    the ECS API's camelCase (``containerDefinitions[0].memory``, ``desiredCount``) or CloudFormation's PascalCase
    (``ScalingConfig.DesiredSize``). CloudFormation writes each part in PascalCase (``ContainerDefinitions[0].Memory``,
    ``DesiredCount``: AWS CloudFormation User Guide, AWS::ECS::TaskDefinition and AWS::ECS::Service); Terraform, the
    aws provider's attribute names: snake_case (``desired_count``, ``scaling_config.desired_size``), the exceptions in
    ``TERRAFORM_FIELDS``, and inside ``container_definitions`` (JSON in the ECS API's words) the API's camelCase
    (``container_definitions[0].memory``). A name already in the input's words comes back unchanged."""
    parts = [_pascal(p) for p in path.split(".")]
    if kind != "terraform":
        return ".".join(parts)
    bare = [re.sub(r"\[[^\]]*\]$", "", p) for p in parts]
    out: list[str] = []
    rest = 0
    for n in range(len(parts), 0, -1):  # the longest leading part the table names
        if ".".join(bare[:n]) in TERRAFORM_FIELDS:
            named = TERRAFORM_FIELDS[".".join(bare[:n])].split(".")
            indexes = [p[len(b):] for p, b in zip(parts[:n], bare[:n])]
            if len(named) != n:  # parts merged into one: the last one's index
                indexes = [""] * (len(named) - 1) + indexes[-1:]
            out, rest = [".".join(name + index for name, index in zip(named, indexes))], n
            break
    if not out:
        out, rest = [_snake(parts[0])], 1
    tail = parts[rest:]
    if bare[0] in _JSON_FIELDS:
        out += [p[:1].lower() + p[1:] for p in tail]
    else:
        out += [_snake(p) for p in tail]
    return ".".join(out)


@dataclass
class IacImportResult(ImportResult):
    """An ``ImportResult`` that also carries the declared estate (and writes it as the ``declared:`` section)."""

    declared: dict[str, Any] = field(default_factory=dict)
    idle: list[str] = field(default_factory=list)  # scheduled ECS tasks that run nothing, each with why (notes too)
    # nothing of container compute at all (no service, cluster, node, load balancer, NAT gateway, scheduled task,
    # DaemonSet, nested stack, unread Auto Scaling group or resource in another region): 'advisor diff' prices it as an
    # empty estate, $0 (a plan before the first service is created, or after the last is removed)
    declares_nothing: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        if self.declared:
            d["declared"] = self.declared
        return d

    def to_yaml(self) -> str:
        """The commented workload file of ``ImportResult.to_yaml`` plus the ``declared:`` section (block YAML)."""
        base = ImportResult.to_yaml(dataclasses.replace(self, declared={}))
        if not self.declared:
            return base
        workload = self.workload
        extra = yaml.safe_dump({"declared": self.declared}, sort_keys=False, default_flow_style=False, width=100,
                               allow_unicode=True)
        text = base + "# How the estate runs today, as declared (priced beside each platform as 'as declared').\n" + extra
        check = parse_workload(parse_yaml(text, "(generated workload)")[0], source="(generated workload)", text=text)
        if check != workload:  # pragma: no cover - a bug in the writer, not in the input
            raise AssertionError("generated YAML does not round-trip")
        return text


@dataclass
class LaunchSpec:
    """What a launch template or launch configuration fixes for the instances it launches (``Estate.launch_spec``):
    the instance type, the root volume (size and type; None: the AMI's), the other EBS volumes each instance gets
    ({device, size_gib, volume_type}), EBS devices without a size (a snapshot's size: not priced) and the tenancy."""

    source: str
    instance_type: str | None = None
    root_gib: float | None = None
    root_type: str | None = None
    volumes: list[dict] = field(default_factory=list)
    unsized: list[str] = field(default_factory=list)
    tenancy: str | None = None
    spot: str | None = None  # what requests Spot Instances (a launch configuration's SpotPrice, InstanceMarketOptions)
    configuration: bool = False  # a launch configuration (else a launch template)
    spot_max: float | None = None  # the maximum hourly price a Spot Instance is billed (SpotPrice, SpotOptions.MaxPrice)
    #: whether its instances get a public IPv4 address: True / False as its primary network interface's (a launch
    #: template's NetworkInterfaces DeviceIndex 0) or the configuration's AssociatePublicIpAddress says; None: it
    #: does not say (the subnet's MapPublicIpOnLaunch decides); ``UNRESOLVED``: written, but it does not resolve
    public_ip: Any = None
    public_ip_field: str | None = None  # that field as the input writes it, for messages
    public_ip_written: str | None = None  # what is written when it does not resolve, for messages


@dataclass
class _Service:
    address: str
    name: str
    api: dict
    cluster: str | None
    task: str | None  # task definition address or family
    load_balancers: int = 0
    task_ref: str | None = None  # the task definition resource its reference names (Terraform configuration)
    task_unset: bool = False  # no task definition given at all (not merely unknown until apply)
    task_field: str | None = None  # the input's field naming its task definition, when not the service's own


@dataclass
class _TaskSet:
    """An ECS task set (``CreateTaskSet``): the tasks of a service with the EXTERNAL deployment controller."""

    address: str
    service: str | None  # the service's address in this input, or its name / ARN
    task: str | None
    task_ref: str | None
    scale: float | None  # per cent of the service's desired count; None: not set or unknown until apply
    api: dict  # launchType / capacityProviderStrategy of the task set, when it gives them


def _override_text(overrides: dict) -> str:
    """A run's size overrides (``taskdef.run_task_overrides``) as text: "cpu '2048'; container 'app' memory 512"."""
    given = [f"{k} {show(v)}" for k, v in overrides.items() if k in ("cpu", "memory", "ephemeralStorage")]
    given += [f"container {c['name']!r} " + ", ".join(f"{k} {show(v)}" for k, v in c.items()
                                                   if k not in ("name", "_field"))
              for c in overrides.get("containerOverrides", [])]
    return "; ".join(given)


@dataclass
class _Scheduled:
    """An ECS task that an EventBridge rule's target or an EventBridge Scheduler schedule runs (``RunTask``):
    ``expression`` is the rule's or schedule's schedule expression (None: a rule that runs on events, not on a
    schedule), ``task_count`` tasks per run, ``api`` the run's launchType / capacityProviderStrategy."""

    address: str  # the rule or schedule (and its target): what messages name
    what: str  # "EventBridge rule" / "EventBridge Scheduler schedule"
    scheduler: bool
    expression: Any
    fld: str  # the field that holds the expression (ScheduleExpression / schedule_expression)
    disabled: str | None  # why it runs nothing ("State DISABLED"), or None
    task: str | None
    task_ref: str | None
    task_count: int
    api: dict
    cluster: str | None
    names: tuple[str, ...] = ()  # other names run_minutes may give it by (the rule's name, its logical id)
    minutes: Any = None  # the tag advisor/minutes-per-run of the rule or schedule, when set
    window: tuple[Any, Any] = (None, None)  # (start, end) dates (EventBridge Scheduler StartDate / EndDate)
    window_fields: tuple[str, str] = ("StartDate", "EndDate")
    unknown: str = "on events (an event pattern), not on a schedule"  # why there is no expression
    via: tuple[str, str] | None = None  # (state machine, field of its RunTask TaskDefinition) when it starts the task


#: ECS Managed Instances InstanceRequirements attributes (CloudFormation's names, ECS API Reference
#: "InstanceRequirementsRequest") and the ecs_managed_instances.instance_requirements field each becomes.
IR_RANGES = {"VCpuCount": "vcpu", "MemoryMiB": "memory_mib", "MemoryGiBPerVCpu": "memory_gib_per_vcpu"}
IR_LISTS = {"AllowedInstanceTypes": "allowed_types", "ExcludedInstanceTypes": "excluded_types",
            "CpuManufacturers": "cpu_manufacturers"}
IR_CHOICES = {"BurstablePerformance": "burstable", "BareMetal": "bare_metal", "InstanceGenerations":
              "instance_generations", "LocalStorage": "local_storage"}
#: InstanceLaunchTemplate ``capacityOptionType`` values (ECS API Reference, "InstanceLaunchTemplate": "ON_DEMAND -
#: Launches standard On-Demand Instances", "SPOT - Launches Spot Instances", "RESERVED - Launches Instances using
#: Amazon EC2 Capacity Reservations"; "The default is On-Demand").
MI_CAPACITY_OPTIONS = ("ON_DEMAND", "SPOT", "RESERVED")
#: InstanceLaunchTemplate ``monitoring`` values (aws provider, aws_ecs_capacity_provider: "Valid values are BASIC and
#: DETAILED"; "By default, your managed instance is configured for basic monitoring").
MI_MONITORING = ("BASIC", "DETAILED")


def number_of_text(v: Any) -> Any:
    """A number written as text, as CloudFormation takes any Integer or Double property ("2", "0.5"), as the number
    (2, 0.5); anything else as it is. The workload format takes numbers only (``advisor.workload.model``: ``"2"``
    is refused there), so an importer reads such text before the workload is built."""
    if isinstance(v, str) and is_decimal_text(v.strip()):
        number = float(v.strip())
        if math.isfinite(number):
            return int(number) if is_whole_number_text(v.strip()) else number
    return v


def instance_requirements(ir: dict) -> tuple[dict, list[str]]:
    """(the ``instance_requirements`` a Managed Instances provider's ``InstanceRequirements`` give, the attributes
    not read), from CloudFormation's names (a range is ``{"Min": .., "Max": ..}``). A range's end written as text
    (CloudFormation takes "2" for its Integer and Double properties) is read as the number; other values are copied
    as written: the workload's validation names a bad one."""
    out: dict[str, Any] = {}
    unread = []
    for key, value in ir.items():
        if key in IR_RANGES and isinstance(value, dict):
            out[IR_RANGES[key]] = {k.lower(): number_of_text(v) for k, v in value.items() if k in ("Min", "Max")}
        elif key in IR_LISTS:
            out[IR_LISTS[key]] = value
        elif key in IR_CHOICES:
            out[IR_CHOICES[key]] = value
        else:
            unread.append(key)
    return out, unread


@dataclass
class Estate:
    """Collects translated resources (see the module docstring) and builds the ``IacImportResult``.

    ``source`` is the file name used in messages; ``kind`` is "terraform" or "cloudformation".
    """

    source: str
    kind: str
    task_definitions: dict[str, dict] = field(default_factory=dict)  # address -> ECS API task definition
    services: list[_Service] = field(default_factory=list)
    task_sets: list[_TaskSet] = field(default_factory=list)
    scheduled: list[_Scheduled] = field(default_factory=list)
    run_minutes: dict[str, Any] = field(default_factory=dict)  # given by the caller: rule, schedule or task -> minutes
    task_tags: dict[str, Any] = field(default_factory=dict)  # task definition address -> its advisor/minutes-per-run tag
    left_out: list[str] = field(default_factory=list)  # scheduled tasks left out for want of their running time
    runners: dict[str, list[str]] = field(default_factory=dict)  # task definition -> the workload services running it
    clusters: dict[str, str] = field(default_factory=dict)  # address -> cluster name (or the address)
    default_strategies: dict[str, tuple[str, list[dict]]] = field(default_factory=dict)  # cluster -> (address, items)
    #: ECS Managed Instances capacity providers the input declares: the ecs_managed_instances.capacity_providers entries
    managed_providers: list[dict] = field(default_factory=list)
    #: the first Managed Instances provider's InstanceRequirements, as ecs_managed_instances.instance_requirements
    managed_requirements: dict | None = None
    #: the first Managed Instances provider's storage size (storageConfiguration.storageSizeGiB), as storage_gib
    managed_storage_gib: Any = None
    #: Managed Instances providers whose CpuManufacturers allow AWS Graviton only: name -> the input's field, which
    #: makes a service whose strategy names only such capacity arm64 (``_arm64_capacity``)
    managed_arm64: dict[str, str] = field(default_factory=dict)
    #: False when the first Managed Instances provider launches into one subnet (ecs_managed_instances.az_spread)
    managed_az_spread: bool | None = None
    #: the first Managed Instances provider's LocalStorageConfiguration.UseLocalStorage (None: not set), as
    #: ecs_managed_instances.use_local_storage
    managed_local_storage: bool | None = None
    scaling: list[tuple[str, str | None, str | None, int, int]] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    k8s: list[tuple[str, dict]] = field(default_factory=list)
    #: Karpenter / EKS Auto Mode NodePools and node classes (Terraform ``kubernetes_manifest``, CDK ``addManifest``):
    #: (address, kind id ``Kind.group``, object), read once the pods are, as ``advisor import k8s`` reads them
    node_pools: list[tuple[str, str, dict]] = field(default_factory=list)
    #: EKS Auto Mode clusters whose built-in NodePools leave out general-purpose: (address, field, the pools named)
    auto_mode_without_general_purpose: list[tuple[str, str, list]] = field(default_factory=list)
    #: what each Kubernetes service's pods need of the nodes (``nodepool.PodNeeds``), for the NodePools
    pod_needs: list[PodNeeds] = field(default_factory=list)
    eks_clusters: list[dict] = field(default_factory=list)
    node_groups: list[dict] = field(default_factory=list)
    fargate_profiles: list[dict] = field(default_factory=list)
    albs: list[str] = field(default_factory=list)
    #: ECS Express Mode services: (address, the subnets they run in as the input writes them; None: the default
    #: VPC's). Their Application Load Balancers are not resources of the input (``_express_albs``).
    express_services: list[tuple[str, str | None]] = field(default_factory=list)
    nlbs: list[str] = field(default_factory=list)
    nat_gateways: list[str] = field(default_factory=list)
    eips: list[str] = field(default_factory=list)
    #: internet-facing load balancers: (address, public IPv4 addresses it has at least: one per subnet, None when the
    #: input does not say how many subnets)
    lb_public_ips: list[tuple[str, int | None]] = field(default_factory=list)
    #: Auto Scaling group capacity providers: provider name (what a strategy names) -> its group's address
    provider_groups: dict[str, str] = field(default_factory=dict)
    #: ECS cluster (``cluster_key``) -> the Auto Scaling groups whose instances join it (their ECS_CLUSTER)
    cluster_groups: dict[str, list[str]] = field(default_factory=dict)
    #: Auto Scaling group address -> the instance types it launches (its launch's type, or its overrides')
    group_types: dict[str, list[str]] = field(default_factory=dict)
    log_groups: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    #: resources left out because they are in another region than the workload's ("eu-west-1: aws_ecs_service.a")
    elsewhere: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------------------------------ adding

    def add_lb_public_ips(self, address: str, internet_facing: bool, ip_type: Any, subnets: Any,
                          mappings: Any) -> None:
        """The public IPv4 addresses an internet-facing load balancer holds: one per subnet (Availability Zone) it is
        enabled in, at least ("Elastic Load Balancing creates a network interface for each Availability Zone that
        you enable"; an internet-facing load balancer's nodes have public IP addresses: ELB User Guide, "Internet-
        facing load balancers"), each billed as a public IPv4 address (Amazon VPC pricing). Not for an internal one,
        one without public IPv4 (``dualstack-without-public-ipv4``), or a subnet mapping with an Elastic IP
        (``allocation_id``: that address is an ``eips`` entry already). ``subnets`` / ``mappings`` not lists: not
        known (None, noted)."""
        if not internet_facing or ip_type == "dualstack-without-public-ipv4":
            return
        if isinstance(mappings, list) and mappings:
            n = sum(1 for m in mappings if not (isinstance(m, dict) and (m.get("AllocationId") or m.get("allocation_id"))))
        elif isinstance(subnets, list) and subnets:
            n = len(subnets)
        else:
            n = None
        if n != 0:
            self.lb_public_ips.append((address, n))

    def error(self, address: str, fld: str | None, message: str) -> WorkloadError:
        """The error for field ``fld`` of resource ``address`` (``fld`` as the input writes it: ``named``)."""
        return fail(self.source, address, fld, message)

    def named(self, path: str) -> str:
        """A field's path (the AWS API's names: ``desiredCount``, ``ScalingConfig.DesiredSize``) as this input writes
        it: CloudFormation's ``DesiredCount``, Terraform's ``desired_count`` (``input_field``). Every error,
        assumption and note of the shared code names a field through it."""
        return input_field(self.kind, path)

    def own_names(self, address: str, read, *args: Any, **kwargs: Any) -> Any:
        """``read(*args, **kwargs)``, a reader shared with the other importers that names fields in the ECS API's
        words (``taskdef._sized``, ``taskdef.service_fields``), with its error about a field of resource ``address``
        naming that field as this input writes it (``named``): a template's ``ContainerDefinitions[0].Memory``, a
        plan's ``container_definitions[0].memory``, not the API's ``containerDefinitions[0].memory``."""
        try:
            return read(*args, **kwargs)
        except FieldError as exc:
            if exc.document != address or not exc.field:
                raise
            raise self.error(address, self.named(exc.field), exc.detail) from None

    def add_managed_provider(self, address: str, name: str, option: Any, requirements: dict | None,
                             names: dict[str, str] | None = None, what: tuple[str, str] = ("CapacityOptionType",
                                                                                           "InstanceRequirements"),
                             storage_gib: Any = None, provider: dict | None = None) -> None:
        """An ECS Managed Instances capacity provider (CloudFormation ``ManagedInstancesProvider``, Terraform
        ``managed_instances_provider``): its name (what a strategy names), capacity option (``ON_DEMAND``, the
        default, ``SPOT`` or ``RESERVED``: Capacity Reservations, ``capacity_option_type: reserved``, which the
        estimate prices On-Demand with a note; anything else is an error naming the field) and ``InstanceRequirements`` in CloudFormation's names (``names``: those names -> the
        input's, for the notes and errors; ``what``: the input's names of the two properties, for the notes), and its
        ``storageSizeGiB`` (``storage_gib``: the first provider's is ``ecs_managed_instances.storage_gib``; another
        provider's that differs is noted). The first provider's requirements become ``ecs_managed_instances.
        instance_requirements`` (the workload has one set); another's that differ are noted; a value the workload
        format refuses (``BurstablePerformance: sometimes``, a range whose Max is below its Min) is an error naming the
        input's field. ``provider``: the rest of the provider in CloudFormation's names (``mi_launch_settings``)."""
        if option is not None and option not in MI_CAPACITY_OPTIONS:
            raise self.error(address, self.named(f"ManagedInstancesProvider.InstanceLaunchTemplate.{what[0]}"
                                                 if self.kind == "cloudformation" else
                                                 "managed_instances_provider.instance_launch_template."
                                                 f"{what[0]}"),
                             f"{show(option)} is not a capacity option ECS Managed Instances launches; valid: "
                             f"{', '.join(MI_CAPACITY_OPTIONS)} (the default is ON_DEMAND).")
        option = option or "ON_DEMAND"
        # RESERVED: the workload's reserved, priced On-Demand with the estimate's note (costing.managed.RESERVED_NOTE)
        self.managed_providers.append({"name": name, "capacity_option_type": option.lower()})
        if storage_gib is not None:
            if len(self.managed_providers) == 1:
                self.managed_storage_gib = storage_gib
            elif storage_gib != self.managed_storage_gib:
                self.notes.append(f"{address}: its storage size {show(storage_gib)} GiB differs from another Managed "
                                  "Instances provider's; ecs_managed_instances.storage_gib takes the first one's")
        self.mi_launch_settings(address, provider or {}, first=len(self.managed_providers) == 1)
        if not requirements:
            return
        wanted, unread = instance_requirements(requirements)
        self._check_requirements(address, wanted, names or {})
        if wanted.get("cpu_manufacturers") and set(wanted["cpu_manufacturers"]) == {"amazon-web-services"}:
            # "amazon-web-services": AWS Graviton, arm64 only (EC2 API Reference, InstanceRequirements
            # CpuManufacturers: "Don't confuse the CPU manufacturer with the CPU architecture")
            self.managed_arm64[name] = self._ir_field("CpuManufacturers", names or {}) + " amazon-web-services"
        if self.managed_requirements is None:
            self.managed_requirements = wanted
            if unread:
                shown = [(names or {}).get(k, k) for k in unread]
                self.notes.append(f"{address}: {what[1]} {', '.join(shown)} not read (advisor sizes no "
                                  "accelerated types and selects by the attributes ecs_managed_instances."
                                  "instance_requirements has: the types allowed may be fewer, so the fleet may cost "
                                  "more)")
        elif wanted != self.managed_requirements:
            self.notes.append(f"{address}: its {what[1]} differ from another Managed Instances "
                              "provider's; ecs_managed_instances.instance_requirements takes the first one's")

    def _ir_field(self, key: str, names: dict[str, str], sub: str | None = None) -> str:
        """The input's path of InstanceRequirements attribute ``key`` (CloudFormation's name) and its ``Min``/``Max``."""
        if self.kind == "terraform":
            path = f"managed_instances_provider.instance_launch_template.instance_requirements.{names.get(key, key)}"
            return path + (f".{sub.lower()}" if sub else "")
        return f"ManagedInstancesProvider.InstanceLaunchTemplate.InstanceRequirements.{key}" + (f".{sub}" if sub
                                                                                                  else "")

    def _check_requirements(self, address: str, wanted: dict, names: dict[str, str]) -> None:
        """Refuse (exit 2, naming the input's field) instance requirements the workload format would refuse, so that
        the message names ``burstable_performance`` or ``BurstablePerformance``, not the workload's ``burstable``."""
        from pydantic import ValidationError  # noqa: PLC0415 (only on this path)

        try:
            InstanceRequirements.model_validate(wanted)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = [str(p) for p in err.get("loc", ())]
            fields = {**{v: k for k, v in IR_RANGES.items()}, **{v: k for k, v in IR_LISTS.items()},
                      **{v: k for k, v in IR_CHOICES.items()}}
            key = fields.get(loc[0]) if loc else None
            sub = loc[1].capitalize() if key in IR_RANGES and len(loc) > 1 and loc[1] in ("min", "max") else None
            fld = self._ir_field(key, names, sub) if key else self._ir_field("InstanceRequirements", {}) \
                .rsplit(".", 1)[0]
            value: Any = wanted
            for part in err.get("loc", ()):  # the offending value: ("vcpu", "min"), ("cpu_manufacturers", 0)
                ok = isinstance(value, dict) and part in value or isinstance(value, list) and isinstance(part, int) \
                    and part < len(value)
                value = value[part] if ok else err.get("input")
            ctx = err.get("ctx") or {}
            detail = f"valid: {ctx['expected']}" if "expected" in ctx else \
                str(err.get("msg", "is not valid")).removeprefix("Value error, ")
            raise self.error(address, fld, f"{show(value)} is not valid; {detail}.") from None

    def mi_launch_settings(self, address: str, provider: dict, first: bool) -> None:
        """What else of a Managed Instances provider changes what is billed (CloudFormation's names;
        ``InstanceLaunchTemplate`` inside): ``Monitoring`` DETAILED (CloudWatch detailed monitoring, billed per metric
        and not priced here: noted), ``LocalStorageConfiguration.UseLocalStorage`` (instance store instead of the EBS
        data volume on types that have one: the first provider's is ``ecs_managed_instances.use_local_storage``,
        another provider's that differs is noted; a value that is not a boolean is an error naming the field), ``InfrastructureOptimization.ScaleInAfter`` -1 (idle instances are never optimized away:
        noted) and ``NetworkConfiguration.Subnets``: the first provider's single subnet is one Availability Zone, so
        ECS cannot spread a service's tasks over zones (``ecs_managed_instances.az_spread: false``, noted)."""
        lt = provider.get("InstanceLaunchTemplate") if isinstance(provider.get("InstanceLaunchTemplate"), dict) else {}

        def field_name(path: str) -> str:
            return self.named(f"ManagedInstancesProvider.{path}")
        monitoring = lt.get("Monitoring")
        if isinstance(monitoring, str) and monitoring.upper() not in MI_MONITORING:
            raise self.error(address, field_name("InstanceLaunchTemplate.Monitoring"),
                             f"{show(monitoring)} is not valid; valid: {', '.join(MI_MONITORING)} (the default is "
                             "BASIC).")
        if isinstance(monitoring, str) and monitoring.upper() == "DETAILED":
            self.notes.append(f"{address}: {field_name('InstanceLaunchTemplate.Monitoring')} DETAILED: CloudWatch "
                              "detailed monitoring of each instance is billed as CloudWatch metrics (Amazon CloudWatch "
                              "pricing), which advisor does not price; basic monitoring is free")
        local = lt.get("LocalStorageConfiguration")
        if local is not None and not isinstance(local, dict):  # CloudFormation refuses it; it was read as not set
            raise self.error(address, field_name("InstanceLaunchTemplate.LocalStorageConfiguration"),
                             f"must be a mapping ({{UseLocalStorage: true}} or false), got {show(local)}.")
        use_local = (local or {}).get("UseLocalStorage")
        local_field = field_name("InstanceLaunchTemplate.LocalStorageConfiguration.UseLocalStorage")
        # CloudFormation takes a Boolean as true/false or the text "true"/"false"; absent: false, the API's default
        flag = False if use_local is None else use_local if isinstance(use_local, bool) else \
            {"true": True, "false": False}.get(use_local.strip().lower()) if isinstance(use_local, str) else None
        if flag is None:
            raise self.error(address, local_field,
                             f"{show(use_local)} is not valid; valid: true or false (the default is false).")
        if first:
            self.managed_local_storage = flag
        elif flag != bool(self.managed_local_storage):
            self.notes.append(f"{address}: its {local_field} {str(flag).lower()} differs from another Managed "
                              "Instances provider's; ecs_managed_instances.use_local_storage takes the first one's")
        opt = provider.get("InfrastructureOptimization") if isinstance(provider.get("InfrastructureOptimization"),
                                                                       dict) else {}
        if opt.get("ScaleInAfter") in (-1, "-1"):
            self.notes.append(f"{address}: {field_name('InfrastructureOptimization.ScaleInAfter')} -1 \"Disables "
                              "automatic infrastructure optimization\": instances left idle or underused are kept and "
                              "billed; advisor prices the packed fleet, so the bill can be higher")
        net = lt.get("NetworkConfiguration") if isinstance(lt.get("NetworkConfiguration"), dict) else {}
        subnets = net.get("Subnets")
        if first and isinstance(subnets, list) and len(subnets) == 1:
            self.managed_az_spread = False
            self.notes.append(f"{address}: {field_name('InstanceLaunchTemplate.NetworkConfiguration.Subnets')} names "
                              "one subnet (one Availability Zone), so ECS cannot spread a service's tasks over zones: "
                              "ecs_managed_instances.az_spread is false (bin packing)")

    def seq(self, value: Any, address: str, fld: str, what: str = "a list") -> list:
        """``value`` as a list ([] when absent); anything else is an error naming the resource and field."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(address, fld, f"must be {what}, got {show(value)}.")
        return value

    def skip(self, rtype: str) -> None:
        self.skipped[rtype] = self.skipped.get(rtype, 0) + 1

    def add_cluster(self, address: str, name: str | None) -> None:
        self.clusters[address] = name if isinstance(name, str) and name else address

    def cluster_key(self, ref: str | None) -> str | None:
        """A cluster reference (address, name or ARN) -> the cluster's address when declared, else the name."""
        if not ref:
            return None
        ref = str(ref)
        if ref in self.clusters:
            return ref
        name = ref.rsplit("/", 1)[-1] if ref.startswith("arn:") else ref
        for address, cname in self.clusters.items():
            if cname == name:
                return address
        return name

    def add_service(self, address: str, name: str, api: dict, cluster: str | None, task: str | None,
                    load_balancers: int = 0, task_ref: str | None = None, task_unset: bool = False) -> None:
        """An ECS service (CreateService JSON in ``api``); ``task`` is its task definition (an address of this input,
        or a family / ``family:revision`` / ARN), ``task_ref`` the task definition resource its reference names when
        the input says (a Terraform configuration reference), which decides between task definitions of one family;
        ``task_unset``: the service names none (its tasks come from task sets, or the input is incomplete)."""
        self.services.append(_Service(address, str(name)[:253], api, cluster, task, load_balancers, task_ref,
                                      task_unset))

    def add_express_service(self, address: str, *, name: Any, cluster: Any, cpu: Any, memory: Any, image: Any,
                            lo: Any, hi: Any, fields: tuple[str, str], task: str | None = None,
                            task_field: str = "TaskDefinitionArn", subnets: Any = None,
                            subnets_field: str = "NetworkConfiguration.Subnets") -> None:
        """An ECS Express Mode service (AWS::ECS::ExpressGatewayService, aws_ecs_express_gateway_service): ECS creates
        its task definition, a Fargate service of it, an Application Load Balancer and an Application Auto Scaling
        target from these few fields (Amazon ECS Developer Guide, "Resources created by Amazon ECS Express Mode
        services"), so they are read as that task definition and service. ``cpu`` / ``memory`` None: Express Mode's
        defaults (1024 / 2048); ``lo`` / ``hi`` (ScalingTarget MinTaskCount / MaxTaskCount, ``fields`` as the input
        names them) the range Application Auto Scaling keeps the service's desired count in. ``task``: the task
        definition its TaskDefinitionArn names (a task definition of this input, which then sets the task's size, or a
        family / ARN), instead of the one Express Mode makes from ``cpu``, ``memory`` and ``image``. ``subnets``: its
        network configuration's subnets as the input writes them (IDs or references; None or empty: the default VPC's),
        which decide the Application Load Balancer it shares (``_express_albs``); text or a number there (not a list,
        nor a reference left unresolved) is an error naming ``subnets_field``: it was read as the default VPC's."""
        if isinstance(subnets, (str, int, float, bool)):
            raise self.error(address, subnets_field, f"{show(subnets)} is not a list of subnets; write the subnet IDs "
                             "as a list ([subnet-0abc, subnet-0def]), or leave the network configuration out for the "
                             "default VPC's subnets.")
        family = name if isinstance(name, str) and name.strip() else address
        td: dict[str, Any] = {
            "family": family, "cpu": EXPRESS_DEFAULT_CPU if cpu is None else cpu,
            "memory": EXPRESS_DEFAULT_MEMORY if memory is None else memory, "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"],
            "runtimePlatform": {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"},
            # the container Express Mode names Main (describe-tasks of an Express service's task)
            "containerDefinitions": [{"name": "Main", "essential": True,
                                      **({"image": image} if isinstance(image, str) else {})}]}
        if task is None:
            self.task_definitions[address] = td
            task = address
        defaults = [f"{f} {v}" for f, v, given in ((self.named("cpu"), EXPRESS_DEFAULT_CPU, cpu),
                                                    (self.named("memory"), EXPRESS_DEFAULT_MEMORY, memory))
                    if given is None and task == address]
        if defaults:
            self.notes.append(f"{address}: ECS Express Mode service without {' or '.join(d.split()[0] for d in defaults)}: "
                              f"{', '.join(defaults)}, Express Mode's task definition defaults (Amazon ECS Developer "
                              "Guide, 'Resources created by Amazon ECS Express Mode services')")
        for fld, v in zip(fields, (lo, hi)):
            if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_TASKS_PER_SERVICE):
                raise self.error(address, fld, f"{show(v)} is not valid; give a whole number of tasks from 0 to "
                                 f"{MAX_TASKS_PER_SERVICE:,} (the ECS 'Tasks per service' quota).")
        if lo is not None and hi is not None and hi < lo:
            raise self.error(address, fields[1], f"{hi} is smaller than {fields[0]} {lo}.")
        if lo is None:
            self.assumptions.append(f"{address}: ECS Express Mode service without {fields[0]}: priced at 1 task (the "
                                    "input does not say how many tasks its auto scaling keeps; set "
                                    f"{fields[0]} and {fields[1]}, or scaling in the workload file)")
        elif hi is None:
            self.assumptions.append(f"{address}: ECS Express Mode service without {fields[1]}: priced at its "
                                    f"{fields[0]} of {lo} task(s), the fewest its auto scaling runs")
        self.add_service(address, family, {"desiredCount": 1 if lo is None else lo, "launchType": "FARGATE"},
                         cluster if isinstance(cluster, str) and cluster else EXPRESS_DEFAULT_CLUSTER, task)
        if task != address:
            self.services[-1].task_field = task_field
        if lo is not None and hi is not None:
            self.scaling.append((f"{address}.{fields[0].split('.')[0]}", address, None, lo, hi))
        network = repr(sorted(map(repr, subnets))) if isinstance(subnets, list) and subnets else None
        self.express_services.append((address, network))

    def add_task_set(self, address: str, *, service: str | None, task: str | None, task_ref: str | None = None,
                     scale: Any = None, unit: Any = None, api: dict | None = None) -> None:
        """An ECS task set: ``scale`` is the per cent of its service's desired count it runs (``Scale`` unit
        PERCENT, the only unit: ECS API Reference, "Scale"); None when not set or unknown until apply."""
        if unit not in (None, "PERCENT"):
            raise self.error(address, self.named("Scale.Unit"), f"{show(unit)} is not valid; ECS task sets scale in "
                             "PERCENT.")
        if scale is not None and (isinstance(scale, bool) or not isinstance(scale, (int, float)) or
                                  not 0 <= scale <= 100):
            raise self.error(address, self.named("Scale.Value"), f"{show(scale)} is not valid; give a per cent of the service's "
                             "desired count from 0 to 100.")
        self.task_sets.append(_TaskSet(address, service, task, task_ref, None if scale is None else float(scale),
                                       dict(api or {})))

    def add_scheduled_task(self, address: str, *, scheduler: bool, expression: Any, fld: str, state: Any,
                           state_fld: str, task: str | None, task_ref: str | None = None, task_count: Any = None,
                           count_fld: str = "TaskCount", api: dict | None = None, cluster: str | None = None,
                           names: tuple[str, ...] = (), minutes: Any = None, window: tuple[Any, Any] = (None, None),
                           window_fields: tuple[str, str] = ("StartDate", "EndDate"), unknown: str | None = None,
                           state_of: str | None = None, via: tuple[str, str] | None = None) -> None:
        """An ECS task run by an EventBridge rule's target (``scheduler`` False: AWS::Events::Rule, or
        aws_cloudwatch_event_rule with aws_cloudwatch_event_target) or an EventBridge Scheduler schedule
        (AWS::Scheduler::Schedule, aws_scheduler_schedule). ``state`` is the rule's or schedule's State
        (ENABLED default; DISABLED runs nothing: PutRule "State", CreateSchedule "State"); ``task_count`` the tasks
        each run starts (EcsParameters TaskCount: "The default is 1"; at most 10, ECS RunTask ``count``: "You can
        specify up to 10 tasks for each call"). ``expression`` is read when the estate is built (``_schedules``).
        ``state_of``: the resource that holds the state when it is not ``address`` (a Terraform target's rule).
        ``via``: (the Step Functions state machine the rule or schedule starts, the field of its RunTask state that
        names ``task``), when the task is started through one (``stepfunctions``): a task definition it names that
        this input does not declare is then an error naming that field, as for an ECS service."""
        states = ("ENABLED", "DISABLED") if scheduler else ("ENABLED", "DISABLED",
                                                             "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        if state is not None and state not in states:
            raise self.error(state_of or address, state_fld, f"{show(state)} is not valid; use {', '.join(states)}.")
        if task_count is None:
            task_count = 1
        if isinstance(task_count, float) and task_count.is_integer():
            task_count = int(task_count)
        if isinstance(task_count, bool) or not isinstance(task_count, int) or not 1 <= task_count <= 10:
            raise self.error(address, count_fld, f"{show(task_count)} is not valid; give the tasks each run starts, a "
                             "whole number from 1 to 10 (ECS RunTask starts at most 10 tasks a call).")
        launch = (api or {}).get("launchType")
        if launch is not None and launch not in LAUNCH_TYPES:
            fld = count_fld.replace("TaskCount", "LaunchType").replace("task_count", "launch_type")
            raise self.error(address, fld, f"{show(launch)} is not valid; use {', '.join(LAUNCH_TYPES)} (ECS RunTask "
                             "launchType), or give a capacity-provider strategy instead.")
        what = "EventBridge Scheduler schedule" if scheduler else "EventBridge rule"
        self.scheduled.append(_Scheduled(address, what, scheduler, expression, fld,
                                         (f"{state_fld} {state}" if state_fld != "is_enabled" else "is_enabled false")
                                         if state == "DISABLED" else None, task, task_ref,
                                         task_count, dict(api or {}), cluster,
                                         tuple(n for n in names if n and isinstance(n, str)), minutes,
                                         window, window_fields, unknown or _Scheduled.unknown, via))

    def add_scaling_target(self, address: str, service_ref: str | None, resource_id: str | None, lo: Any,
                           hi: Any) -> None:
        for fld, v in (("MinCapacity", lo), ("MaxCapacity", hi)):
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_TASKS_PER_SERVICE:
                raise self.error(address, self.named(fld), f"{show(v)} is not valid; give a whole number of tasks from 0 to "
                                 f"{MAX_TASKS_PER_SERVICE:,} (the ECS 'Tasks per service' quota).")
        if hi < lo:
            raise self.error(address, self.named("MaxCapacity"), f"{hi} is smaller than {self.named('MinCapacity')} "
                             f"{lo}.")
        self.scaling.append((address, service_ref, resource_id, lo, hi))

    def _spot_max(self, value: Any, source: str, fld: str) -> float:
        """A Spot request's maximum price, USD per instance-hour: a launch configuration's ``SpotPrice`` or a launch
        template's ``SpotOptions.MaxPrice`` (a string in both APIs, e.g. "0.0735")."""
        v = value
        if isinstance(v, str) and is_decimal_text(v.strip(" ")):
            v = float(v)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not 0 < v <= 1000:
            raise self.error(source, fld, f"{show(value)} is not valid; give the maximum Spot price in USD per "
                             "instance-hour, a number above 0 (e.g. \"0.0735\"), or leave it out (the On-Demand "
                             "price is then the maximum).")
        return float(v)

    def launch_spec(self, source: str, data: dict, *, root: dict | None = None,
                    configuration: bool = False, written: Any = show) -> LaunchSpec:
        """A launch template's data or a launch configuration (``configuration``) in the EC2 API's words (as
        CloudFormation writes them; the Terraform importer translates its attributes): ``InstanceType``,
        ``BlockDeviceMappings`` ([{DeviceName, Ebs: {VolumeSize, VolumeType}}]), ``Placement.Tenancy`` (a launch
        template) or ``PlacementTenancy`` (a launch configuration). ``root`` is a launch configuration's own root device
        ({VolumeSize, VolumeType}: Terraform's ``root_block_device``). The mapping for ``ROOT_DEVICE_NAMES`` is the
        root volume; other EBS mappings add volumes; an instance-store or ``NoDevice`` mapping costs nothing. Messages
        name the fields as the input writes them: a CloudFormation launch template's under ``LaunchTemplateData``, a
        Terraform launch configuration's volumes as ``ebs_block_device``. Its primary network interface's
        ``AssociatePublicIpAddress`` (``public_ip_of``) says whether each instance gets a public IPv4 address;
        ``written`` shows a value that does not resolve (a CloudFormation intrinsic) as the input writes it."""
        spec = LaunchSpec(source, configuration=configuration)
        at = "LaunchTemplateData." if self.kind == "cloudformation" and not configuration else ""
        self.public_ip_of(spec, data, at, written)

        def device(i: int | None, leaf: str | None = None) -> str:
            """The field of block device mapping ``i`` (None: the list), or of its EBS ``leaf`` (VolumeSize ...)."""
            if self.kind == "terraform" and configuration:  # aws_launch_configuration: ebs_block_device blocks
                return "ebs_block_device" + (f"[{i}]" if i is not None else "") + (f".{_snake(leaf)}" if leaf else "")
            if i is None:
                return self.named(f"{at}BlockDeviceMappings")
            return self.named(f"{at}BlockDeviceMappings[{i}]" + (f".Ebs.{leaf}" if leaf else ""))

        itype = data.get("InstanceType")
        if itype is not None:
            if not isinstance(itype, str) or not itype:
                raise self.error(source, self.named(f"{at}InstanceType"), f"{show(itype)} is not an instance type name "
                                 "(e.g. m5.large).")
            spec.instance_type = itype[:64]
        # Spot Instances: a launch configuration's SpotPrice ("The maximum hourly price to be paid for any Spot
        # Instance launched to fulfill the request. Spot Instances are launched when the price you specify exceeds
        # the current Spot price", AWS::AutoScaling::LaunchConfiguration) or a launch template's
        # InstanceMarketOptions.MarketType spot (Terraform: spot_price, instance_market_options.market_type)
        market = data.get("InstanceMarketOptions") if isinstance(data.get("InstanceMarketOptions"), dict) else {}
        options = market.get("SpotOptions") if isinstance(market.get("SpotOptions"), dict) else {}
        if data.get("SpotPrice") not in (None, ""):
            spec.spot = f"{self.named('SpotPrice')} {show(data['SpotPrice'])}"
            spec.spot_max = self._spot_max(data["SpotPrice"], source, self.named("SpotPrice"))
        elif isinstance(market.get("MarketType"), str) and market["MarketType"].lower() == "spot":
            spec.spot = f"{self.named(f'{at}InstanceMarketOptions.MarketType')} spot"
            if options.get("MaxPrice") not in (None, ""):
                spec.spot_max = self._spot_max(options["MaxPrice"], source,
                                               self.named(f"{at}InstanceMarketOptions.SpotOptions.MaxPrice"))
        placement = data.get("Placement") if isinstance(data.get("Placement"), dict) else {}
        tenancy = placement.get("Tenancy") or data.get("PlacementTenancy")
        if tenancy is not None:
            if tenancy not in TENANCIES:
                fld = "PlacementTenancy" if placement.get("Tenancy") is None else f"{at}Placement.Tenancy"
                raise self.error(source, self.named(fld), f"{show(tenancy)} is not valid; use {', '.join(TENANCIES)}.")
            spec.tenancy = tenancy
        for i, m in enumerate(self.seq(data.get("BlockDeviceMappings"), source, device(None))):
            ebs = m.get("Ebs") if isinstance(m, dict) else None
            if not isinstance(ebs, dict) or m.get("NoDevice") not in (None, "", False):
                continue
            name = m.get("DeviceName") if isinstance(m.get("DeviceName"), str) else None
            size, vtype = self._volume(source, device(i, "VolumeSize"), device(i, "VolumeType"), ebs)
            dev = name if name is None or name.startswith("/dev/") else f"/dev/{name}"
            if dev in ROOT_DEVICE_NAMES and root is None and spec.root_gib is None and spec.root_type is None:
                spec.root_gib, spec.root_type = size, vtype
            elif size is None:
                spec.unsized.append(name or device(i))
            else:
                spec.volumes.append({"device": name[:64] if name else None, "size_gib": size,
                                     "volume_type": vtype})
        if root:
            spec.root_gib, spec.root_type = self._volume(source, "root_block_device.volume_size",
                                                         "root_block_device.volume_type", root)
        untyped = [m.get("DeviceName") or "the root device" for m in
                   self.seq(data.get("BlockDeviceMappings"), source, device(None)) + ([root] if root else [])
                   if isinstance(m, dict) and isinstance(m.get("Ebs", m), dict) and not m.get("Ebs", m).get("VolumeType")
                   and m.get("NoDevice") in (None, "", False)]
        if untyped:
            self.notes.append(f"{source}: no volume type for {' and '.join(map(str, untyped))}: priced as gp3 (without a "
                              "type the EBS type comes from the AMI's snapshot, which the input does not show; the "
                              "EKS-optimized Amazon Linux 2023 AMIs' is gp3, Amazon Linux 2's gp2: an EKS node "
                              "group's AMI type AL2_* makes its root volume gp2)")
        return spec

    def public_ip_of(self, spec: LaunchSpec, data: dict, at: str, written: Any = show) -> None:
        """``spec.public_ip`` from a launch configuration's ``AssociatePublicIpAddress`` or a launch template's
        primary network interface (``NetworkInterfaces``, the one with ``DeviceIndex`` 0, else the first): True /
        False, None when it does not say, ``UNRESOLVED`` when it is written but does not resolve (an intrinsic, a
        value unknown until apply: ``data["_public_ip_unknown"]``). EC2 assigns a public IPv4 address on launch to
        the primary interface alone ("You can only associate a public IPv4 address with a single, new network
        interface with the device index of eth0", Amazon EC2 API Reference, InstanceNetworkInterfaceSpecification
        AssociatePublicIpAddress), and the launch template's or configuration's value overrides the subnet's
        ("If the instance is launched into a nondefault subnet, the default is not to assign a public IPv4 address,
        unless you enabled the option to assign a public IPv4 address on the subnet", EC2 Auto Scaling API
        Reference, CreateLaunchConfiguration AssociatePublicIpAddress). Another value exits 2 naming the field."""
        if spec.configuration:
            fld, value, given = self.named("AssociatePublicIpAddress"), data.get("AssociatePublicIpAddress"), \
                "AssociatePublicIpAddress" in data
        else:
            nics = data.get("NetworkInterfaces")
            if isinstance(nics, dict):  # an intrinsic function that does not resolve (!If on a parameter)
                spec.public_ip, spec.public_ip_written = UNRESOLVED, written(nics)
                spec.public_ip_field = self.named(f"{at}NetworkInterfaces")
                return
            nics = [n for n in nics if isinstance(n, dict)] if isinstance(nics, list) else []
            primary = next((i for i, n in enumerate(nics) if str(n.get("DeviceIndex", "")).strip() == "0"),
                           0 if nics else None)
            if primary is None:
                return
            fld = self.named(f"{at}NetworkInterfaces[{primary}].AssociatePublicIpAddress")
            value, given = nics[primary].get("AssociatePublicIpAddress"), "AssociatePublicIpAddress" in nics[primary]
        if data.get("_public_ip_unknown"):
            spec.public_ip, spec.public_ip_field, spec.public_ip_written = UNRESOLVED, fld, "unknown until apply"
            return
        if not given or value is None or value == "":  # Terraform's launch template writes "" for not set
            return
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if isinstance(value, dict):  # an intrinsic function that does not resolve
            spec.public_ip, spec.public_ip_field, spec.public_ip_written = UNRESOLVED, fld, written(value)
            return
        if not isinstance(value, bool):
            raise self.error(spec.source, fld, f"{show(value)} is not valid; use true or false (whether the instance's "
                             "primary network interface gets a public IPv4 address), or leave it out (the subnet's "
                             "MapPublicIpOnLaunch then decides).")
        spec.public_ip, spec.public_ip_field = value, fld

    def public_ip_share(self, address: str, launch: LaunchSpec | None, subnets: Any, subnets_field: str,
                        desired: Any) -> float:
        """The share of a group's instances that hold a public IPv4 address (``DeclaredNodeGroup.public_ip_share``),
        with a note or an assumption saying why. Its launch template's or configuration's
        ``AssociatePublicIpAddress`` (``public_ip_of``) decides when it says; else each subnet's
        ``MapPublicIpOnLaunch``: ``subnets`` is a list of (subnet as the input names it, True / False / None when the
        input does not say: a subnet of another stack or configuration, a parameter, an attribute that does not
        resolve), the text of why the list is not known, or ``NO_SUBNETS`` (none given: the default VPC's default
        subnets). EC2 Auto Scaling balances instances across the subnets' Availability Zones, so a group in some
        public subnets holds that share of addresses, on average (an assumption). EKS managed node groups follow the
        same rule: "If you launch a managed node group in a public subnet on or after April 22, 2020, the subnet
        must have MapPublicIpOnLaunch set to true for the instances to successfully join a cluster" (Amazon EKS
        User Guide, "Simplify node lifecycle with managed node groups"). What is not known is counted as none and
        listed as an assumption, with the addresses it may leave out."""
        n = desired if isinstance(desired, int) and not isinstance(desired, bool) else None
        if not n:
            return 0.0
        up_to = (f"up to {n} public IPv4 address(es), one per instance ({n} x {HOURS_PER_MONTH:g} IP-hours a month) are not counted")
        mapping = self.named("MapPublicIpOnLaunch")
        if launch is not None and launch.public_ip is True:
            self.notes.append(f"{address}: {launch.public_ip_field} true ({launch.source}): each of its {n} instances "
                              "holds a public IPv4 address, billed per IP-hour (Amazon VPC pricing)")
            return 1.0
        if launch is not None and launch.public_ip is False:
            return 0.0
        if launch is not None and launch.public_ip is UNRESOLVED:
            self.assumptions.append(f"{address}: {launch.public_ip_field} of {launch.source} "
                                    f"({launch.public_ip_written}) does not resolve, so whether its instances get a "
                                    f"public IPv4 address is not known: {up_to}. Give its value (true or false)")
            return 0.0
        if subnets is NO_SUBNETS:
            self.assumptions.append(f"{address}: no {subnets_field}: its instances launch in the default VPC's default "
                                    "subnets, which assign a public IPv4 address unless that was turned off in the "
                                    f"account, which the input does not show: {up_to}. Give {subnets_field} to "
                                    "price them")
            return 0.0
        if isinstance(subnets, str) or not subnets:
            self.assumptions.append(f"{address}: {subnets_field} {subnets or 'is empty'}: whether its subnets assign "
                                    f"public IPv4 addresses ({mapping}) is not known from the input: {up_to}")
            return 0.0
        public = [s for s, v in subnets if v is True]
        unknown = [s for s, v in subnets if v is not True and v is not False]
        share = len(public) / len(subnets)
        if unknown:
            self.assumptions.append(
                f"{address}: whether its subnet(s) {', '.join(unknown)} ({subnets_field}) assign public IPv4 addresses "
                f"({mapping}) is not known from the input (a subnet declared elsewhere, or a value that does "
                "not resolve), so its instances there are counted without one"
                + ("" if public else f": {up_to}"))
        if public and share < 1:
            self.assumptions.append(
                f"{address}: {len(public)} of its {len(subnets)} subnets ({', '.join(public)}) set {mapping} "
                f"true: EC2 Auto Scaling balances instances across their Availability Zones, so {len(public)}/"
                f"{len(subnets)} of its {n} instances are counted with a public IPv4 address, on average")
        elif public:
            self.notes.append(f"{address}: its subnets ({', '.join(public)}) set {mapping} true and "
                              + (f"{launch.source} does not set {self.named('AssociatePublicIpAddress')}"
                                 if launch is not None else "no launch template of this input sets "
                                 f"{self.named('AssociatePublicIpAddress')}")
                              + f": each of its {n} instances holds a public IPv4 address, billed per IP-hour "
                              "(Amazon VPC pricing)")
        return share

    def _volume(self, source: str, size_field: str, type_field: str, ebs: dict) -> tuple[float | None, str | None]:
        """An EBS volume's (size in GiB, type) from {VolumeSize, VolumeType}; the fields as the input names them."""
        size, vtype = ebs.get("VolumeSize"), ebs.get("VolumeType")
        if isinstance(size, str) and is_whole_number_text(size.strip(" ")):  # ASCII digits: int() reads '٥', '²' raises
            size = int(size)
        if size is not None and (isinstance(size, bool) or not isinstance(size, (int, float))
                                 or not 0 < size <= MAX_VOLUME_GIB):
            raise self.error(source, size_field, f"{show(size)} is not a volume size in GiB (1-{MAX_VOLUME_GIB:,}).")
        if vtype is not None and vtype not in EBS_VOLUME_TYPES:
            raise self.error(source, type_field, f"{show(vtype)} is not an EBS volume type; use one of "
                             f"{', '.join(EBS_VOLUME_TYPES)}.")
        problem = None if size is None else ebs_size_problem(size, vtype)  # each type's own range (io2 64 TiB ...)
        if problem:
            raise self.error(source, size_field, f"{problem}.")
        return (float(size) if size is not None else None), vtype

    def add_node_group(self, address: str, *, name: str, orchestrator: str, cluster: str | None,
                       instance_types: list[str] | None, desired: Any, lo: Any = None, hi: Any = None,
                       capacity_type: str | None = None, disk_size_gib: Any = None, defaults: bool = False,
                       launch: LaunchSpec | None = None, launch_problem: str | None = None,
                       ami_type: str | None = None, spot_max_price: float | None = None,
                       subnets: Any = None, subnets_field: str | None = None) -> None:
        """An EKS node group or an Auto Scaling group of ECS container instances or EKS nodes. ``defaults`` applies
        the EKS CreateNodegroup rules to what is missing (module docstring): the launch template's instance type
        and root volume (``launch``), else t3.medium and 20 GiB (50 GiB for a Windows ``ami_type``), ON_DEMAND,
        with an assumption each. ``launch_problem`` says why a launch template the group names could not be read
        (an assumption). Without ``defaults`` an instance type must be given. ``defaults`` also says which fields
        hold the sizes, for messages: an EKS node group's ScalingConfig, else an Auto Scaling group's
        DesiredCapacity / MinSize / MaxSize. ``subnets`` / ``subnets_field``: where its instances launch, for
        ``public_ip_share`` (not read without ``subnets_field``)."""
        named = self.named
        config = "configuration" if self.kind == "terraform" else "template"
        if instance_types is not None and (not isinstance(instance_types, list) or not all(
                isinstance(t, str) and t for t in instance_types)):
            raise self.error(address, named("InstanceTypes"), f"{show(instance_types)} is not a list of instance type names "
                             "(e.g. [\"m5.xlarge\"]).")
        windows = isinstance(ami_type, str) and ami_type.upper().startswith("WINDOWS")
        lt = launch.source if launch else None
        if launch_problem:
            self.assumptions.append(f"{address}: its launch template {launch_problem}, so its instance type and "
                                    "volumes are not known here; priced from the node group's own fields and EKS's "
                                    f"defaults (below). Declare the launch template in this {config}, or set "
                                    f"{named('InstanceTypes')} on the node group.")
        if defaults and launch and launch.instance_type:
            if instance_types:
                self.assumptions.append(
                    f"{address}: its instance types ({', '.join(instance_types)}) and its launch template {lt} "
                    f"({launch.instance_type}) both set an instance type, which EKS does not accept (CreateNodegroup: "
                    "'you can specify zero or one instance type in your launch template or you can specify 0-20 "
                    f"instance types for instanceTypes'): priced at the node group's. Remove one of them.")
            else:
                instance_types = [launch.instance_type]
                self.notes.append(f"{address}: instance type {launch.instance_type} from its launch template {lt}")
        if not instance_types:
            if not defaults:
                raise self.error(address, named("InstanceType"), "no instance type is declared (or it is unknown until "
                                 "apply); advisor prices EC2 capacity by its instance type. Set it in the input.")
            instance_types = [EKS_NODE_GROUP_DEFAULT_INSTANCE_TYPE]
            self.assumptions.append(
                f"{address}: no instance types declared (or unknown until apply)"
                + (f", nor by its launch template {lt}" if lt else "")
                + f": EKS's default {EKS_NODE_GROUP_DEFAULT_INSTANCE_TYPE} assumed (EKS API Reference, "
                "'CreateNodegroup')")
        sizes = (("ScalingConfig.DesiredSize", desired), ("ScalingConfig.MinSize", lo), ("ScalingConfig.MaxSize", hi)) \
            if defaults else (("DesiredCapacity", desired), ("MinSize", lo), ("MaxSize", hi))
        for i, (fld, v) in enumerate(sizes):
            if v is None and i:
                continue
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
                raise self.error(address, named(fld), f"{show(v)} is not valid; give a whole number of instances "
                                 f"from 0 to {MAX_COUNT:,}.")
        ng: dict[str, Any] = {"name": name, "orchestrator": orchestrator}
        if cluster:
            ng["cluster"] = cluster
        ng.update(instance_types=[str(t)[:64] for t in instance_types], desired=desired)
        if lo is not None:
            ng["min"] = lo
        if hi is not None:
            ng["max"] = hi
        cap = str(capacity_type or "ON_DEMAND").upper() if isinstance(capacity_type, (str, type(None))) else None
        if cap not in ("ON_DEMAND", "SPOT"):
            raise self.error(address, named("CapacityType"), f"{show(capacity_type)} is not valid; use ON_DEMAND or SPOT.")
        if capacity_type is None and defaults:
            self.assumptions.append(f"{address}: capacity type not declared (or unknown until apply): ON_DEMAND, "
                                    "EKS's default, assumed")
        ng["capacity_type"] = cap.lower()
        if spot_max_price is not None and cap == "SPOT":
            ng["spot_max_price"] = spot_max_price
        if disk_size_gib is not None:
            if isinstance(disk_size_gib, bool) or not isinstance(disk_size_gib, (int, float)) or not \
                    0 < disk_size_gib <= MAX_VOLUME_GIB:
                raise self.error(address, named("DiskSize"), f"{show(disk_size_gib)} is not a volume size in GiB "
                                 f"(1-{MAX_VOLUME_GIB:,}).")
            # the volume EKS creates without a launch template is gp2 (below); with one, the template's type
            root_type = (launch.root_type if launch is not None else "gp2" if defaults and not launch_problem else None)
            problem = ebs_size_problem(disk_size_gib, root_type)
            if problem:
                raise self.error(address, named("DiskSize"), f"{problem}.")
            ng["disk_size_gib"] = float(disk_size_gib)
            if launch is not None:
                self.assumptions.append(f"{address}: {named('DiskSize')} is set together with a launch template ({lt}), "
                                        "which EKS refuses (CreateNodegroup diskSize: 'If you specify launchTemplate, "
                                        "then don't specify diskSize, or the node group deployment will fail'): priced "
                                        f"at {named('DiskSize')}. Set the size in the launch template's "
                                        f"{named('BlockDeviceMappings')}.")
        elif launch is not None and launch.root_gib is not None:
            ng["disk_size_gib"] = launch.root_gib
            self.notes.append(f"{address}: root volume {launch.root_gib:g} GiB"
                              + (f" {launch.root_type}" if launch.root_type else "") + f" from {lt}")
        elif defaults:
            gib = EKS_NODE_GROUP_WINDOWS_DEFAULT_DISK_GIB if windows else EKS_NODE_GROUP_DEFAULT_DISK_GIB
            ng["disk_size_gib"] = gib
            self.assumptions.append(f"{address}: disk size not declared (or unknown until apply)"
                                    + (f", nor by its launch template {lt}" if lt else "")
                                    + f": EKS's default for {'Windows' if windows else 'Linux'}, {gib:g} GiB, assumed "
                                    "(EKS API Reference, 'CreateNodegroup' diskSize)")
        if defaults and launch is None and not launch_problem:
            # no launch template: EKS makes one whose root volume is gp2; choosing gp3 needs your own launch template
            # (aws/containers-roadmap#1417, open: "by default, only volumes with 'gp2' volume type are provisioned for
            # Managed worker nodes"; bottlerocket-os/bottlerocket#4799, 2026, with AWS Support's reply; the EKS API's
            # CreateNodegroup takes diskSize but no volume type)
            ng["volume_type"] = "gp2"
            self.notes.append(f"{address}: no launch template, so EKS creates the root volume as gp2 (a launch "
                              "template is needed for gp3; aws/containers-roadmap#1417): priced as gp2")
        if launch is not None:
            if launch.root_type:
                ng["volume_type"] = launch.root_type
            elif isinstance(ami_type, str) and ami_type.upper().startswith("AL2_"):
                # the launch template leaves the root volume's type to the AMI, here an EKS-optimized AL2 AMI
                # (a node group with amiType runs EKS's AMI: a launch template with a custom AMI takes no amiType)
                ng["volume_type"] = EKS_AL2_AMI_ROOT_VOLUME_TYPE
                self.notes.append(f"{address}: AMI type {ami_type} and no root volume type in {lt}: the EKS-optimized "
                                  "Amazon Linux 2 AMI's root volume is gp2 (awslabs/amazon-eks-ami templates/al2/"
                                  "variables-default.json): priced as gp2")
            if launch.volumes:
                ng["volumes"] = [{k: v for k, v in vol.items() if v is not None} for vol in launch.volumes]
                self.notes.append(f"{address}: {len(launch.volumes)} more EBS volume(s) per instance from {lt}: "
                                  + ", ".join(f"{v['device'] or 'unnamed'} {v['size_gib']:g} GiB "
                                              f"{v['volume_type'] or 'gp3 (type not declared)'}" for v in launch.volumes))
            if launch.unsized:
                size = named("VolumeSize")
                self.assumptions.append(f"{address}: EBS volume(s) {', '.join(launch.unsized)} of {lt} have no "
                                        f"{size} (their snapshot's size): not priced; set {size} to price them")
            if launch.tenancy and launch.tenancy != "default":
                ng["tenancy"] = launch.tenancy
                self.notes.append(f"{address}: {launch.tenancy} tenancy ({lt}): the bundled EC2 prices are shared "
                                  "tenancy only, so the declared estimate lists its instances as not priced")
        if windows:
            ng["os"] = "windows"
            self.notes.append(f"{address}: AMI type {ami_type}: Windows nodes, priced at the Windows (licence-included) "
                              "On-Demand price (table ec2_windows_prices), which the bundled EC2 prices lack: 'advisor "
                              "pricing fetch --region <region> --services AmazonEC2' writes it; until then the "
                              "declared estimate lists its instances as not priced")
        if isinstance(ami_type, str) and ami_type.upper().startswith("BOTTLEROCKET") and \
                (launch is None or (launch.root_gib is None and not launch.volumes and not launch.unsized)):
            # (a launch template that maps no volume leaves the AMI's two, as EKS's own template does)
            # Bottlerocket AMIs map two EBS volumes, /dev/xvda (the OS) and /dev/xvdb (container images, logs,
            # volumes): bottlerocket-os/bottlerocket tools/buildsys ImageLayout (os-image-size-gib 2, data 20 by
            # default); which of them diskSize resizes on a managed node group is not documented by AWS
            self.assumptions.append(f"{address}: AMI type {ami_type}: Bottlerocket nodes have a second EBS volume "
                                    "(an OS volume of about 2 GiB, or the 20 GiB data volume), which is not priced: "
                                    "the group is priced with the one volume of its disk size. Declare both in a "
                                    f"launch template's {named('BlockDeviceMappings')} to price them")
        if subnets_field is not None:
            share = self.public_ip_share(address, launch, subnets, subnets_field, desired)
            if share:
                ng["public_ip_share"] = round(share, 6)
        ng["source"] = address
        if len(instance_types) > 1:
            self.notes.append(f"{address}: {len(instance_types)} instance types ({', '.join(instance_types)}): the "
                              f"group is priced at the first, {instance_types[0]} (EC2 picks among them at run time)")
        self.node_groups.append(ng)

    def add_auto_scaling_group(self, address: str, *, name: str, orchestrator: str, launch: LaunchSpec | None,
                               desired: Any, lo: Any = None, hi: Any = None, mixed: dict | None = None,
                               what: str = "launch_template.instance_type", cluster: str | None = None,
                               subnets: Any = None, subnets_field: str | None = None) -> None:
        """An Auto Scaling group of ECS container instances or EKS self-managed nodes: ``desired`` instances of its
        launch template's or configuration's type (``launch``), its volumes and tenancy. ``mixed`` is a mixed
        instances policy in the EC2 Auto Scaling API's words ({Overrides: [{InstanceType, WeightedCapacity}],
        InstancesDistribution: {OnDemandBaseCapacity, OnDemandPercentageAboveBaseCapacity}}): priced at the first
        override's type (else the launch template's), all On-Demand, an assumption (module docstring)."""
        itype = launch.instance_type if launch else None
        if isinstance(itype, str) and itype:
            self.group_types[address] = [itype]
        if mixed is not None:
            overrides = [o for o in self.seq(mixed.get("Overrides"), address,
                                             self.named("MixedInstancesPolicy.LaunchTemplate.Overrides"))
                         if isinstance(o, dict)]
            types = [o["InstanceType"] for o in overrides if isinstance(o.get("InstanceType"), str) and o["InstanceType"]]
            if types:
                self.group_types[address] = types
            weight = None
            if types:
                itype = types[0]
                first = next(o for o in overrides if o.get("InstanceType") == itype)
                weight = first.get("WeightedCapacity")
                at = f"MixedInstancesPolicy.LaunchTemplate.Overrides[{overrides.index(first)}].WeightedCapacity"
                if isinstance(weight, str) and is_whole_number_text(weight.strip(" ")):  # ASCII digits only
                    weight = int(weight)
                if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int) or weight < 1):
                    raise self.error(address, self.named(at),
                                     f"{show(weight)} is not valid; give a whole number of capacity units from 1.")
            elif not itype:
                raise self.error(address, self.named("MixedInstancesPolicy"), "neither its overrides nor its launch "
                                 f"template declare an instance type (attribute-based {self.named('InstanceRequirements')} "
                                 "are not priced); advisor prices instances by type. Add an override with "
                                 f"{self.named('InstanceType')}.")
            dist = mixed.get("InstancesDistribution") if isinstance(mixed.get("InstancesDistribution"), dict) else {}
            base = dist.get("OnDemandBaseCapacity")
            pct = dist.get("OnDemandPercentageAboveBaseCapacity")
            base = 0 if base is None else base
            pct = 100 if pct is None else pct
            units = desired
            if weight and weight != 1 and isinstance(desired, int) and not isinstance(desired, bool):
                desired = math.ceil(desired / weight)
            spot = isinstance(pct, (int, float)) and pct < 100 and isinstance(units, int) and \
                isinstance(base, (int, float)) and units > base
            self.assumptions.append(
                f"{address}: mixed instances policy: priced as {show(desired)} x {itype}, "
                + (f"the first override (EC2 Auto Scaling launches On-Demand capacity from the first override on; "
                   f"it may use {', '.join(types[1:])} too)" if len(types) > 1 else
                   "its only override" if types else "its launch template's type")
                + (f"; desired capacity {units} is in capacity units and {itype} weighs {weight}" if weight and
                   weight != 1 else "")
                + ", all On-Demand"
                + (f"; {100 - pct:g}% of the capacity above the On-Demand base ({base}) runs on Spot, which this "
                   "estimate does not model (it is high by that share's Spot discount)" if spot else ""))
        if not itype:
            raise self.error(address, what, "the group's instance type is not declared in this input (its launch "
                             "template or configuration); advisor prices instances by type. Declare the launch "
                             "template or configuration in this input with its instance type.")
        spot = launch.spot if launch and mixed is None else None  # a mixed policy's distribution decides instead
        if spot:
            self.notes.append(f"{address}: its launch {'configuration' if launch.configuration else 'template'} "
                              f"{launch.source} requests Spot Instances ({spot}): priced at the Spot estimate, "
                              "not On-Demand (a maximum price is a cap; Spot Instances are billed the Spot price"
                              + (f", never above the maximum ${usd_rate(launch.spot_max)}" if launch.spot_max else "") + ")")
        self.add_node_group(address, name=name, orchestrator=orchestrator, cluster=cluster, instance_types=[itype],
                            desired=desired, lo=lo, hi=hi, launch=launch, capacity_type="SPOT" if spot else None,
                            spot_max_price=launch.spot_max if spot else None, subnets=subnets,
                            subnets_field=subnets_field)

    def eks_nodes_note(self, address: str, cluster: str | None, sign: str) -> None:
        """The note for an Auto Scaling group read as EKS self-managed nodes (``eks_self_managed``): which sign said
        so, and, when the input declares no EKS cluster, that the cluster's control-plane fee is not part of it."""
        where = f"EKS cluster {cluster}" if cluster else "an EKS cluster whose name does not resolve here"
        self.notes.append(
            f"{address}: EKS self-managed nodes of {where} ({sign}; Amazon EKS User Guide, 'Maintain nodes yourself "
            "with self-managed nodes': each node carries the tag kubernetes.io/cluster/<cluster-name> = owned and "
            "joins the cluster with the EKS AMI's bootstrap or nodeadm), priced as declared"
            + ("" if self.eks_clusters else "; the cluster itself is not declared in this input (it is created "
               "elsewhere), so its EKS control-plane fee is not part of this estimate"))

    # ------------------------------------------------------------------------------------------ building

    def build(self, *, name: str, region: str, header: list[str], as_of: str | None = None,
              allow_empty: bool = False) -> IacImportResult:
        """The result; with no service found, a ``WorkloadError`` saying what was found (unless ``allow_empty``:
        then the result with its declared estate and shared costs only, which ``advisor diff`` prices)."""
        result = IacImportResult(name=name, source=self.source, region=region, header=header)
        result.notes += list(dict.fromkeys(self.notes))  # a launch template read for two groups is noted once
        result.assumptions += list(dict.fromkeys(self.assumptions))
        declared: dict[str, Any] = {"source": self.source}
        if as_of:
            declared["as_of"] = as_of
        ecs = self._ecs(result, _today(as_of))
        k8s = self._kubernetes(result)
        settle_launch_volumes(result)
        settle_placement(result)
        if self.node_pools:  # as 'advisor import k8s' reads them: after every service, with what its pods need
            read_node_pools([(_Ctx(self.source, address), kid, obj) for address, kid, obj in self.node_pools], result,
                            pods=self.pod_needs,
                            storage_gib=lambda v, ctx, fld: k8s_memory_mib(v, ctx, fld, storage=True) / 1024,
                            cpu=lambda v, ctx, fld: k8s_cpu(v, ctx, fld, bound=True),
                            memory_mib=lambda v, ctx, fld: k8s_memory_mib(v, ctx, fld, bound=True))
        if self.auto_mode_without_general_purpose and not result.eks_auto_mode and (result.services or
                                                                                    self.k8s):
            for address, fld, pools in self.auto_mode_without_general_purpose:
                result.assumptions.append(
                    f"{address}: {fld} {show(pools)} leaves out the built-in general-purpose NodePool, so pods run "
                    "only on NodePools of your own (the system pool is for critical add-ons: Amazon EKS User Guide, "
                    "'Enable or disable built-in NodePools'), and the input declares none advisor reads: EKS Auto Mode "
                    "is priced on the general-purpose pool's rules (C, M, R, generation 5 or newer, amd64, "
                    "On-Demand). Give your NodePool as a kubernetes_manifest, or compare it with 'advisor import k8s'")
        auto = [c["source"] for c in self.eks_clusters if c.get("auto_mode")]
        if auto and (result.services or self.k8s) and "public_ip" not in result.eks_auto_mode and not any(
                "associatePublicIPAddress" in x for x in result.assumptions):
            # no NodeClass read says it (nodepool._public_ip_words): the nodes' subnets decide, which the input does
            # not tie to the nodes (the default NodeClass launches them in the cluster's subnets)
            result.assumptions.append(
                f"{', '.join(auto)}: EKS Auto Mode nodes get a public IPv4 address when their NodeClass sets "
                "spec.advancedNetworking.associatePublicIPAddress: true or, left out, when their subnets set "
                "MapPublicIpOnLaunch (the default NodeClass uses the cluster's subnets; Amazon EKS User Guide, 'Learn "
                "about EKS Auto Mode controls'); the input does not say which: priced without. If they launch in "
                "public subnets, set eks_auto_mode.public_ip: true in the workload file to price an address per node")
        if ecs:
            declared["ecs_services"] = ecs
        if k8s:
            declared["kubernetes_services"] = k8s
        for key, items in (("node_groups", self.node_groups), ("eks_clusters", self.eks_clusters),
                           ("fargate_profiles", self.fargate_profiles)):
            if items:
                declared[key] = items
        result.declared = declared if len(declared) > 1 + bool(as_of) else {}
        if self.managed_providers:
            result.ecs_managed_instances = {"capacity_providers": self.managed_providers}
            if self.managed_requirements:
                result.ecs_managed_instances["instance_requirements"] = self.managed_requirements
            if self.managed_storage_gib is not None:
                result.ecs_managed_instances["storage_gib"] = self.managed_storage_gib
            if self.managed_az_spread is False:
                result.ecs_managed_instances["az_spread"] = False
            if self.managed_local_storage:
                result.ecs_managed_instances["use_local_storage"] = True
        self._shared(result)
        skipped = dict(self.skipped)
        nested = skipped.pop("AWS::CloudFormation::Stack", 0)
        if nested:
            result.notes.append(f"{nested} nested stack(s) (AWS::CloudFormation::Stack) not followed: " + (
                "a template read from standard input has no folder to find its child templates in; give its path "
                "instead of '-'" if self.source == STDIN_NAME else
                "their child templates are not beside this one, so what they declare is not in this estimate. "
                "Compare the parent in the 'cdk synth' output (cdk.out holds each child, which advisor then reads), or "
                "each child template (its TemplateURL) on its own") + ".")
        # AWS App Mesh, discontinued on 30 September 2026 (taskdef.APP_MESH_END): its resources, and the task
        # definitions whose Envoy proxy it configured
        mesh = [f"{skipped.pop(t)} {t}" for t in sorted(skipped) if t.startswith(("AWS::AppMesh::", "aws_appmesh_"))]
        meshed = [address for address, td in self.task_definitions.items() if uses_app_mesh(td)]
        if meshed:
            mesh.append(f"{self.named('proxyConfiguration')} APPMESH in {', '.join(meshed)}")
        if mesh:
            result.notes.append(app_mesh_note(mesh))
        uncompared = not_compared(skipped)
        for kind, rtype, n in uncompared:
            skipped.pop(rtype)
            result.notes.append(f"declared and not priced: {n} {kind}(s) ({rtype}): "
                                f"{NOT_COMPARED_HOW[kind]}.")
        if skipped:
            result.notes.append("not priced (not container compute; services such as EFS, RDS or S3 bill on their own, outside these estimates): " + ", ".join(
                f"{n} {k}" for k, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))))
        idle = "".join(f"\n  - {n}" for n in result.idle)
        asgs = sum(n for k, n in skipped.items() if k.startswith(("AWS::AutoScaling::AutoScalingGroup",
                                                                     "aws_autoscaling_group")))
        result.declares_nothing = not (result.services or result.declared or result.shared or result.idle
                                       or result.daemonsets or self.left_out or nested or asgs or self.elsewhere
                                       or self.eks_clusters or self.node_groups or self.fargate_profiles or self.albs
                                       or self.nlbs or self.nat_gateways)
        if not result.services and not allow_empty and self.left_out:
            raise WorkloadError(
                f"{self.source}: no service to compare yet: its scheduled ECS task(s) need how long one run lasts, "
                "which no template or plan says:\n" + "\n".join(f"  - {n}" for n in self.left_out)
                + (f"\nIts other scheduled ECS task(s) run nothing:{idle}" if idle else ""))
        if not result.services and not allow_empty:
            found = [f"{len(v)} {k}" for k, v in (("EKS cluster(s)", self.eks_clusters),
                                                   ("node group(s) or Auto Scaling group(s)", self.node_groups),
                                                   ("Fargate profile(s)", self.fargate_profiles),
                                                   ("load balancer(s)", self.albs + self.nlbs),
                                                   ("NAT gateway(s)", self.nat_gateways)) if v]
            if result.daemonsets:
                # a DaemonSet is per-node overhead, never a service of its own (ImportResult.workload says the same
                # of a manifest): name them, so the message does not read as if they were not seen
                names = [str(d.get("name")) for d in result.daemonsets]
                found.append(f"{len(names)} Kubernetes DaemonSet(s) ({', '.join(names[:10])}"
                             f"{f' and {len(names) - 10} more' if len(names) > 10 else ''}), which advisor prices as "
                             "per-node overhead beside the workloads they run next to, never on their own ("
                             + daemonset_treatment(result.daemonsets) + ")")
        if not result.services and not allow_empty and idle:
            # like a CronJob that never fires or is suspended (the Kubernetes importer's "nothing to import"): the
            # input declares scheduled tasks, and the message says why each runs nothing
            raise WorkloadError(
                f"{self.source}: nothing to price: it declares no ECS service or other workload that runs, and its "
                f"scheduled ECS task(s) run nothing ($0 a month):{idle}"
                + (f"\nIt also declares {', '.join(found)}, which 'advisor diff' prices as declared." if found else "")
                + "\nTo price a task, enable its rule or schedule (State ENABLED) or give it a schedule that still "
                "runs. 'advisor diff' prices this input beside another (e.g. the version before the change), its "
                "scheduled tasks at $0.")
        if not result.services and not allow_empty:
            if nested:
                found.append(f"{nested} nested stack(s)")
            found += [f"{n} {kind}(s) ({rtype}, not compared or priced)" for kind, rtype, n in uncompared]
            if asgs:
                found.append(f"{asgs} Auto Scaling group(s) not read as ECS container instances or EKS nodes: no ECS "
                             "or EKS cluster is declared with them, no tag kubernetes.io/cluster/<name> = owned and no "
                             "EKS bootstrap (/etc/eks/bootstrap.sh, nodeadm) in their user data")
            # 'advisor diff' prices a declared estate or shared costs on their own (advisor.compare.diff._declared_only):
            # suggested only when there is one, so the command it names does not fail the same way
            diffable = bool(result.declared) or bool(result.shared)
            where = ("Its nested stacks (AWS::CloudFormation::Stack) are not followed (read from standard input, it "
                     "has no folder to find its child templates in): give the template's path instead of '-'. "
                     if nested and self.source == STDIN_NAME else
                     "Its nested stacks (AWS::CloudFormation::Stack) are not followed (their child templates are not "
                     "beside it): compare the parent in the 'cdk synth' output (cdk.out), where advisor reads each "
                     "child, or each child template (its TemplateURL) with the Parameters the parent passes ('advisor "
                     "import cloudformation CHILD -P NAME=VALUE'). " if nested else
                     "If the workloads are deployed separately (Helm, kubectl), compare their manifests "
                     "('helm template ... | advisor compare -'); if they are in other stacks or plans, compare those. ")
            raise WorkloadError(
                f"{self.source}: declares no service to compare"
                + (f" (it declares {', '.join(found)})" if found else "")
                + (f"; its resources in other regions are not imported ({'; '.join(self.elsewhere)}): give "
                   f"{region_arg()} with their region to price them" if self.elsewhere else "")
                + ". advisor prices the services that run: an ECS service or task definition (aws_ecs_service / "
                "AWS::ECS::Service), or a Kubernetes Deployment or StatefulSet (kubernetes_deployment in a Terraform "
                "plan, a CDK addManifest), with any DaemonSets beside them. " + where
                + ("'advisor diff' prices an input that only declares infrastructure (clusters, nodes, load balancers, "
                   "NAT gateways) as declared: 'advisor diff BEFORE AFTER' with this file on either side."
                   if diffable else "'advisor diff' prices it as an empty estate ($0 a month) beside another input "
                   "(a plan before the first service is created, or after the last is removed)." if
                   result.declares_nothing else
                   "There is no infrastructure either that 'advisor diff' could price as declared.")
                + "".join(f"\n  - {kind} ({rtype}): {NOT_COMPARED_HOW[kind]}."
                          for kind, rtype in dict.fromkeys((k, t) for k, t, _ in uncompared)))
        return result

    def _ecs(self, result: IacImportResult, today: dt.date) -> list[dict]:
        sized: dict[str, tuple[dict, list[str]]] = {}
        for address, td in self.task_definitions.items():
            fields, comments, assumptions, notes = self.own_names(address, _sized, td, self.source, address,
                                                                  self.named)
            result.assumptions += assumptions
            result.notes += notes
            sized[address] = (fields, comments)
        families: dict[str, list[str]] = {}
        for a, td in self.task_definitions.items():
            if td.get("family"):
                families.setdefault(str(td["family"]), []).append(a)
        by_family = {f: same[-1] for f, same in families.items()}
        used: set[str] = set()
        scaling = self._scaling_by_service()
        declared: list[dict] = []
        names: set[str] = set()

        def task_key(owner, what: str) -> str:
            task = owner.task
            key = task if task in sized else self._by_family(owner, families, result) if task else None
            if key is None and not task and not getattr(owner, "task_unset", False):
                # unknown until apply and not traceable: one candidate, or the same name
                key = next(iter(sized)) if len(sized) == 1 else by_family.get(getattr(owner, "name", ""))
                if key is not None:
                    result.assumptions.append(f"{owner.address}: its task definition is unknown until apply and its "
                                              f"reference could not be followed: {key} assumed (the "
                                              + ("only one declared)" if len(sized) == 1 else "family named like the "
                                                 "service)"))
            if key is None:
                raise self.error(owner.address, getattr(owner, "task_field", None) or self.named("taskDefinition"),
                                 f"{show(task)} is not a task definition declared in this input; declare it here "
                                 "(advisor needs its cpu and memory), or compare the task definition JSON with "
                                 "'advisor import taskdef --services'." if task else what)
            used.add(key)
            return key

        for svc in self.services:
            sets = [ts for ts in self.task_sets if self._names_service(ts.service, svc)]
            if not sets:
                key = task_key(svc, "is not set, and no task set (aws_ecs_task_set / AWS::ECS::TaskSet) of this input "
                               "names this service; ECS runs a service's tasks from its task definition, or from task "
                               "sets under the EXTERNAL deployment controller. Set the service's task definition, or "
                               "declare its task set here." if svc.task_unset else
                               "is unknown until apply and its reference cannot be followed to a task definition of "
                               "this input; reference a task definition declared in this input (advisor needs its cpu "
                               "and memory).")
                self._ecs_entry(svc, key, svc.api, svc.name, [], 1.0, sized, scaling, names, declared, result)
                continue
            if svc.task:
                result.notes.append(f"{svc.address}: its tasks come from its task sets ({', '.join(t.address for t in sets)}); "
                                    f"the service's own task definition {svc.task} is not priced")
            sfields, _ = self.own_names(svc.address, service_fields, svc.api, self.source, svc.address,
                                        named=self.named)
            desired = sfields.get("replicas", 1)
            for ts, pct in self._task_set_shares(svc, sets, result):
                key = task_key(ts, "is unknown until apply and its reference cannot be followed to a task definition "
                               "of this input; reference a task definition declared in this input.")
                # TaskSet computedDesiredCount: "calculated by multiplying the service's desiredCount by the task
                # set's scale percentage. The result is always rounded up" (ECS API Reference, "TaskSet").
                tasks = math.ceil(desired * pct / 100 - 1e-9)
                # the task set's own launch type or strategy replaces the service's; its networkConfiguration
                # (AssignPublicIp: a public IPv4 address per task) replaces the service's too
                placed = bool({"launchType", "capacityProviderStrategy"} & set(ts.api))
                api = {k: v for k, v in svc.api.items() if k not in ("launchType", "capacityProviderStrategy")
                       or not placed}
                api.update(ts.api, desiredCount=tasks)
                if not placed:
                    launch = svc.api.get("launchType") or (svc.api.get("capacityProviderStrategy") and "its strategy")
                    result.assumptions.append(f"{ts.address}: launch type and capacity-provider strategy not set (or "
                                              f"unknown until apply): the service's ({launch or 'none'}) assumed")
                name = svc.name if len(sets) == 1 else f"{svc.name} ({ts.address})"
                self._ecs_entry(svc, key, api, name, [f"{ts.address}: task set, {pct:g}% of the service's desired "
                                                      f"count {desired} = {tasks} task(s) (rounded up, as ECS does)"],
                                pct / 100, sized, scaling, names, declared, result, address=ts.address)
        self._schedules(result, sized, families, used, names, scaling, declared, today)
        # An input that runs tasks of its own (a service, a scheduled task) and also registers a task definition
        # nothing in it runs (a one-off task for migrations, a standalone example): registering a task definition
        # costs nothing, so it is listed at 0 tasks, and its needs (arm64, Windows, GPUs) rule no platform out. An
        # input of task definitions alone is read as the task-definition importer reads one: 1 task all month.
        runs_others = bool(result.services)
        for address, (fields, comments) in sized.items():
            if address in used:
                continue
            fam = str(self.task_definitions[address].get("family") or address)
            name = fam if fam not in names else f"{fam} ({address})"[:253]
            names.add(name)
            tasks = 0 if runs_others else 1
            data = {"name": name, **fields, "replicas": tasks}
            result.services.append(ImportedService(_ordered(data), [f"{address}: task definition without a service in "
                                                                   f"this input: {tasks} task(s)"] + comments))
            if runs_others:
                result.notes.append(f"{address}: a task definition that no ECS service, EventBridge rule or schedule "
                                    "of this input runs, beside services that run others: listed at 0 tasks (a "
                                    "registered task definition costs nothing). If something else runs it, set the "
                                    "service's replicas (always running), or runs_per_month and run_minutes, in the "
                                    "workload file")
            else:
                result.notes.append(f"{address}: a task definition that no ECS service, EventBridge rule or schedule "
                                    "of this input runs: priced as 1 task running all month (a standalone task); its "
                                    "launch type is not declared. If a rule or schedule elsewhere runs it, set the "
                                    "service's runs_per_month and run_minutes, or monthly_hours, in the workload file")
        linked = {t[0] for t in scaling.values()}
        for address, *_ in self.scaling:
            if address not in linked:
                result.assumptions.append(f"{address}: an Application Auto Scaling target for no ECS service in this "
                                          "input: ignored (its ResourceId names none; the services are priced at "
                                          "their desired count)")
        if self.policies:
            result.notes.append(f"scaling policies read: {', '.join(self.policies)} (their targets' min/max set the "
                                "range; the policy's thresholds are not modelled)")
        return declared

    def _arm64_capacity(self, data: dict, api: dict, cluster: str | None) -> tuple[str, list[str]] | None:
        """(where, instance types) when every capacity an ECS service runs on is an Auto Scaling group of this input
        that launches arm64 (Graviton) instance types only: the groups of the capacity providers its strategy names,
        or, with the EC2 launch type, the groups whose instances join its cluster (their ECS_CLUSTER); else None.
        Types the catalogue does not know give None. An EC2 task runs on its container instance's architecture, so
        such a service runs arm64 tasks whatever its task definition leaves unsaid (the CDK refuses runtimePlatform
        on EC2 task definitions)."""
        strategy = data.get("capacity_provider_strategy") or []
        providers = [i.get("capacityProvider") for i in strategy if isinstance(i, dict)
                     and (i.get("weight") or i.get("base"))]
        if providers and all(p in self.managed_arm64 for p in providers):
            # ECS Managed Instances providers that launch AWS Graviton (arm64) types only
            return (f"its ECS Managed Instances capacity provider(s) {', '.join(dict.fromkeys(providers))}",
                    sorted({self.managed_arm64[p] for p in providers}))
        if providers:
            if not all(p in self.provider_groups for p in providers):
                return None
            groups = [self.provider_groups[p] for p in providers]
            where = f"its capacity provider(s) {', '.join(dict.fromkeys(providers))}"
        elif api.get("launchType") == "EC2" and cluster in self.cluster_groups:
            groups = self.cluster_groups[cluster]
            where = f"the Auto Scaling group(s) whose instances join its cluster ({', '.join(groups)})"
        else:
            return None
        types = sorted({t for g in groups for t in self.group_types.get(g, [])})
        if not types or any(g not in self.group_types for g in groups):
            return None
        from advisor.pricing.book import default_pricebook
        from advisor.pricing.catalog import Catalog

        known = Catalog.of(default_pricebook()).types()
        return (where, types) if {known[t].arch if t in known else None for t in types} == {"arm64"} else None

    def _place_on_arm64(self, data: dict, fields: dict, api: dict, cluster: str | None, address: str,
                        cm: list[str], result: IacImportResult) -> None:
        """A service on arm64-only capacity (``_arm64_capacity``): arm64 tasks, commented, when neither its task
        definition (runtimePlatform) nor a placement constraint of the task definition or the service says an
        architecture; a note when they say x86_64 or the task is Windows, as ECS would never place it there."""
        found = self._arm64_capacity(data, api, cluster)
        if found is None or data.get("architecture") == "arm64" and "architecture" in fields.get("_explicit", ()):
            return
        where, types = found
        placed = [getattr(x, "architecture", None) for x in (fields.get("_placement"), data.get("_service_placement"))
                  if x is not None]
        says = "windows" if data.get("os") == "windows" else next((a for a in placed if a), None) or (
            data.get("architecture") if "architecture" in fields.get("_explicit", ()) else None)
        if says is None:
            data["architecture"] = "arm64"
            cm.append(f"architecture arm64: {where} launch only arm64 (Graviton) instance types ({', '.join(types)}), "
                      "so ECS places its tasks on arm64 instances (the task definition sets no "
                      "runtimePlatform.cpuArchitecture)")
        elif says != "arm64":
            result.notes.append(f"{address}: its tasks are {'Windows (x86_64)' if says == 'windows' else says}, but "
                                f"{where} launch only arm64 (Graviton) instance types ({', '.join(types)}): ECS would "
                                "never place them there (a task runs on its container instance's architecture). Fix "
                                "the strategy or the task definition; advisor prices the tasks as they are declared")

    def _ecs_entry(self, svc: _Service, key: str, api: dict, name: str, extra: list[str], share: float,
                   sized: dict, scaling: dict, names: set[str], declared: list[dict], result: IacImportResult,
                   address: str | None = None, label: str | None = None, extra_fields: dict | None = None,
                   size: tuple[dict, list[str]] | None = None) -> None:
        """One workload service (and its declared entry) for an ECS service, or for one of its task sets
        (``address``; ``share`` of the service's scaling range). ``size``: (fields, comments) to use instead of task
        definition ``key``'s (a scheduled run that overrides its size)."""
        address = address or svc.address
        fields, comments = size or sized[key]
        cluster = self.cluster_key(svc.cluster)
        where, default = self.default_strategies.get(cluster or "", (None, None))
        if default:  # a default strategy ECS would refuse exits 2 naming its resource, as a service's own does
            default = _checked_strategy(default, self.source, where,
                                        self.named("DefaultCapacityProviderStrategy"), self.named) or default
        sfields, scomments = self.own_names(address, service_fields, api, self.source, address, default,
                                            named=self.named, notes=result.notes)
        if extra_fields and "runs_per_month" in extra_fields:  # a scheduled task: RunTask's, not a service's
            scomments = [c.replace("capacityProviderStrategy from the service", "capacityProviderStrategy from the "
                                   "rule's target or the schedule") for c in scomments]
        name = name if name not in names else f"{name} ({address})"[:253]
        names.add(name)
        data = {"name": name[:253], **fields, "replicas": sfields.pop("replicas", 1), **sfields}
        if why := daemon_assumption(api, address, data["replicas"], self.named):
            result.assumptions.append(why)
        cm = [label or f"{svc.address}: ECS service, task definition {key}"] + extra + comments + scomments
        self._place_on_arm64(data, fields, api, cluster, address, cm, result)
        if svc.load_balancers and (self.albs or self.nlbs):
            cm.append(f"{svc.load_balancers} load balancer target(s): the load balancer is priced in shared")
        elif svc.load_balancers:  # the load balancer is another stack's or configuration's (a target group ARN)
            cm.append(f"{svc.load_balancers} load balancer target(s); the input declares no load balancer, so none is "
                      "priced")
            result.notes.append(
                f"{address}: serves {svc.load_balancers} load balancer target group(s), and the input declares no "
                "load balancer (it is another stack's or configuration's, e.g. through Fn::ImportValue or a "
                "variable): none is priced; add it as shared.load_balancers (Application) or "
                "shared.network_load_balancers (Network) to price it")
        target = scaling.get(svc.address) or scaling.get(f"{cluster}/{svc.name}")
        if target is not None:
            taddress, lo, hi = target
            lo, hi = math.ceil(lo * share - 1e-9), math.ceil(hi * share - 1e-9)
            data.pop("replicas", None)
            data["scaling"] = {"min": lo, "max": hi, "average": (lo + hi) / 2}
            cm.append(f"{taddress}: Application Auto Scaling min {lo}, max {hi}"
                      + (f" ({share * 100:g}% of the service's range)" if share != 1 else ""))
            result.assumptions.append(f"{address}: scales {lo}-{hi} tasks ({taddress}); priced at the "
                                      f"midpoint, {(lo + hi) / 2:g} task{'' if lo + hi == 2 else 's'} on average (set scaling.average from "
                                      "your metrics)")
        data.update(extra_fields or {})
        result.services.append(ImportedService(_ordered(data), cm))
        if not (extra_fields and "runs_per_month" in extra_fields):
            self.runners.setdefault(key, []).append(data["name"])
        entry: dict[str, Any] = {"service": data["name"]}
        if cluster:
            entry["cluster"] = self.clusters.get(cluster, cluster)[:255]
        strategy = sfields.get("capacity_provider_strategy")
        launch = api.get("launchType")
        if strategy:
            entry["capacity_provider_strategy"] = strategy
        elif launch:
            entry["launch_type"] = str(launch)
        else:
            entry["launch_type"] = "EC2"
            result.assumptions.append(f"{address}: no launch type or capacity-provider strategy, and its cluster has "
                                      "no default strategy (in this input): the EC2 launch type assumed")
        entry["source"] = address
        declared.append(entry)

    def _schedules(self, result: IacImportResult, sized: dict, families: dict[str, list[str]], used: set[str],
                   names: set[str], scaling: dict, declared: list[dict], today: dt.date) -> None:
        """The ECS tasks EventBridge rules and EventBridge Scheduler schedules run (``add_scheduled_task``), priced
        by how often they run. Runs a month come from the schedule expression (``eventbridge.schedule_runs``); how
        long a run lasts is in no template or plan, so it comes from ``run_minutes`` (the caller's, e.g.
        ``--run-minutes``) or the tag ``advisor/minutes-per-run`` of the rule, schedule or task definition; without it
        the task is left out ($0) with an assumption that gives its runs a month and how to give the minutes (the
        Kubernetes importer's rule for a CronJob of unknown length). A task definition a service runs too is priced
        by the service as declared, and the schedule's runs are extra tasks: with one run's minutes they are written
        as a service of their own named after the rule or schedule (the service keeps its replicas), without them
        they are named in a note and not priced. A disabled rule or schedule, one
        whose time has passed or that never fires runs nothing (noted). Any task definition a schedule names is not
        priced all month as a standalone task."""
        served = set(used)
        matched: set[str] = set()
        left_out: list[str] = []
        kind = "CloudFormation template" if self.kind == "cloudformation" else "Terraform plan"
        for sch in self.scheduled:
            key = sch.task if sch.task in sized else self._by_family(sch, families, result) if sch.task else None
            if key is None and sch.via and sch.task:
                declared_tds = ", ".join(f"{a} (family {td['family']})" if td.get("family") else a
                                         for a, td in self.task_definitions.items())
                raise self.error(sch.via[0], sch.via[1], f"{show(sch.task, 200)} is not a task definition of this input "
                                 f"({'its task definitions: ' + declared_tds if declared_tds else 'it declares none'}); "
                                 f"{sch.what} {sch.address} starts the state machine, which runs it, and advisor "
                                 "needs its cpu and memory to price the runs. Name one of this input's task definitions (its "
                                 "ARN, family or family:revision), or declare that task definition here.")
            if key is None:
                result.notes.append(f"{sch.address}: {sch.what} runs "
                                    + (f"task definition {show(sch.task)}, which this input does not declare (another "
                                       "stack or configuration)" if sch.task else "a task definition that is unknown "
                                       "until apply, whose reference cannot be followed to one of this input"
                                       if self.kind == "terraform" else "a task definition that does not resolve to one "
                                       "of this template (e.g. Fn::ImportValue of another stack)")
                                    + ": not priced here; compare that task definition's JSON with 'advisor import "
                                    "taskdef'")
                continue
            used.add(key)
            matched.update({key, str(self.task_definitions[key].get("family") or key)})
            self._one_value_per_target(sch, key)
            if sch.disabled:
                result.idle.append(f"{sch.address}: {sch.what} with {sch.disabled} starts no task: task definition "
                                   f"{key} is not priced for it ($0)")
                result.notes.append(result.idle[-1])
                continue
            if sch.expression is None:
                left_out.append(f"{sch.address}: {sch.what} runs task definition {key} {sch.unknown}: how often it "
                                "runs and for how long is not in the input, so it is "
                                "left out ($0). To price it, add it to the workload file's services with "
                                "runs_per_month and run_minutes")
                continue
            try:
                runs = schedule_runs(sch.expression, scheduler=sch.scheduler, today=today)
            except ScheduleExpressionError as exc:
                valid = "; ".join((RATE_SYNTAX, CRON_SYNTAX) + ((AT_SYNTAX,) if sch.scheduler else ()))
                raise self.error(sch.address, sch.fld, f"{show(sch.expression)} is not a schedule expression "
                                 f"{'EventBridge Scheduler' if sch.scheduler else 'EventBridge'} accepts: {exc}. Valid: "
                                 f"{valid}. Correct it in the {kind} (AWS refuses it too).") from None
            expr = runs.expression
            ended, runs = self._window(sch, today, runs, result)
            if ended or runs.runs_per_month == 0:
                result.idle.append(f"{sch.address}: {sch.what} {expr!r} runs no more tasks ("
                                   + (ended or runs.limited or "no calendar date matches its day and month fields")
                                   + f"): task definition {key} is not priced for it ($0)")
                result.notes.append(result.idle[-1])
                continue
            rpm = runs.runs_per_month
            count = f"{sch.task_count} task{'s' if sch.task_count != 1 else ''}"
            if runs.limited:
                result.notes.append(f"{sch.address}: {sch.what} {expr!r}: {runs.limited}")
            minutes, why = self._run_minutes(sch, key, matched)
            fam = str(self.task_definitions[key].get("family") or key)
            on_top = None  # the name of the service the runs are written as, when a service runs the task too
            if key in served:
                services = ", ".join(dict.fromkeys(self.runners.get(key, []))) or "an ECS service of this input"
                if minutes is None:
                    result.notes.append(
                        f"{sch.address}: {sch.what} {expr!r} also runs task definition {key}, which an ECS service of "
                        f"this input runs ({services}): the service is priced as declared, and the schedule's "
                        f"{num(rpm)} runs a month ({count} each) come on top and are not priced. To price them, give "
                        f"one run's minutes: 'advisor import {self.kind} {shlex.quote(self.source)} --run-minutes "
                        f"{self._handle(sch)}=MINUTES -o workload.yaml' writes them as a service of their own, or add "
                        "a service with this task's size"
                        + (f" as the runs override it ({_override_text(sch.api['overrides'])})"
                           if sch.api.get("overrides") else "") + ", "
                        f"replicas {sch.task_count}, runs_per_month {plain_num(rpm)} and run_minutes (one run's minutes) to "
                        "the workload file")
                    continue
                # the runs are tasks of their own, started by RunTask beside the service's (which keeps its desired
                # count): written as a service of their own, named after the rule or schedule (its logical id or
                # name, not a Terraform address) so that it is not taken for the service
                rule = next((n for n in sch.names if n and "." not in n), None) or \
                    next((n for n in sch.names if n), sch.address)
                on_top = f"{fam} ({rule})"[:253]
                result.notes.append(
                    f"{sch.address}: {sch.what} {expr!r} also runs task definition {key}, which an ECS service of this "
                    f"input runs ({services}): the service's own replicas stay as declared, and the schedule's "
                    f"{num(rpm)} runs a month ({count} each, {minutes:g} min a run from {why}) are priced on top, as "
                    f"the service {on_top!r}")
            run_size = self._overridden(sch, key, sized, result)
            fields = run_size[0]
            if minutes is None:
                size = ", ".join(f"{k}: {fields[k]:g}" for k in ("cpu", "memory") if isinstance(fields.get(k), float))
                shown_rpm = plain_num(float(f"{rpm:.6g}"))  # 30.4167 for 365 / 12 runs, as a person writes it
                left_out.append(
                    f"{sch.address}: {sch.what} {expr!r} runs task definition {key} {num(rpm)} times a month ({runs.how}; "
                    f"{count} each), and how long one run lasts is not in the {kind}, so it is left out ($0). Give one "
                    f"run's minutes: 'advisor import {self.kind} {shlex.quote(self.source)} --run-minutes "
                    f"{self._handle(sch)}=MINUTES -o workload.yaml' writes it with runs_per_month {shown_rpm} and "
                    "run_minutes, or add it to a workload "
                    f"file's services: {{name: {fam}{', ' + size if size else ''}, replicas: {sch.task_count}, "
                    f"runs_per_month: {shown_rpm}, run_minutes: MINUTES}} (or tag the rule or task definition "
                    f"{TAG_RUN_MINUTES} = MINUTES)")
                continue
            hours = rpm * minutes / 60
            # EventBridge starts a run at every tick whether or not the last one has ended (there is no concurrency
            # policy, unlike a CronJob's), and each task is billed: a run lasting past the next firing overlaps it.
            # The most runs going at once comes from the firing times (``peak_runs``, the CronJob rule under Allow),
            # and they are written as `chains` parallel replicas each taking every chains-th run, so each replica's
            # runs fit in the month (the model's runs_per_month x run_minutes), Fargate bills every run (its per-run
            # minimum included: the same task-hours) and an EC2 fleet holds the tasks running at once.
            peak = peak_runs(expr, minutes)
            chains = max(peak, math.ceil(hours / HOURS_PER_MONTH - 1e-9) if hours > HOURS_PER_MONTH + 1e-9 else 1)
            if chains > 1:
                average = hours / HOURS_PER_MONTH * sch.task_count
                if chains * sch.task_count > MAX_TASKS_PER_SERVICE:
                    raise self.error(sch.address, sch.fld, f"{num(rpm)} runs a month x {minutes:g} minutes ({why}) x "
                                     f"{count} keep {grouped(average)} tasks running at once on average, more than "
                                     f"advisor models for one service ({MAX_TASKS_PER_SERVICE:,}). Check one run's "
                                     "minutes (" + why + ").")
                result.notes.append(
                    f"{sch.address}: {sch.what} {expr!r}: its runs overlap ("
                    + (f"{num(rpm)} runs a month x {minutes:g} min = {num(hours)} hours, more than the "
                       f"{HOURS_PER_MONTH:g}-hour month" if hours > HOURS_PER_MONTH + 1e-9 else
                       f"a {minutes:g}-minute run lasts past the next firing")
                    + f"; EventBridge starts every run whether or not the last has ended): up to {peak} run"
                    f"{'s' if peak != 1 else ''} at once from its firing times, {grouped(average, 4)} tasks run at once on "
                    f"average ({num(hours)} h x {count} / {HOURS_PER_MONTH:g} h). Written as replicas "
                    f"{chains * sch.task_count} ({chains} runs "
                    f"at a time x {count}), each taking every {_ordinal(chains)} run: runs_per_month "
                    f"{num(rpm / chains)}, the same {num(hours * sch.task_count)} task-hours")
            api = {k: v for k, v in sch.api.items() if k in ("launchType", "capacityProviderStrategy",
                                                              "networkConfiguration")}
            api["desiredCount"] = sch.task_count * chains
            pseudo = _Service(sch.address, (on_top or fam)[:253], api, sch.cluster, key)
            self._ecs_entry(pseudo, key, api, on_top or fam, [f"{expr}: {num(rpm)} runs a month ({runs.how}) x {minutes:g} min "
                                                    f"({why}) x {count} = {num(hours * sch.task_count)} task-hours"
                                                    + (f"; the runs overlap: replicas {chains * sch.task_count} each "
                                                       f"take every {_ordinal(chains)} run ({num(rpm / chains)} runs a "
                                                       "month)" if chains > 1 else "")],
                            1.0, sized, scaling, names, declared, result,
                            label=f"{sch.address}: {sch.what}, task definition {key}"
                            + (f" (runs on top of ECS service {services})" if on_top else ""), size=run_size,
                            extra_fields={"runs_per_month": rpm / chains, "run_minutes": float(minutes)})
        matched.update(n for sch in self.scheduled for n in (sch.address, *sch.names))
        unknown = [k for k in self.run_minutes if k not in matched]
        if unknown:
            offered = sorted({n for sch in self.scheduled for n in (sch.address, *sch.names)})
            raise WorkloadError(f"{self.source}: --run-minutes {unknown[0]}: no scheduled ECS task of this input is "
                                f"called that (its rules and schedules that run ECS tasks: "
                                f"{', '.join(offered[:20]) or 'none'}). Name the rule or schedule, or the task "
                                "definition it runs.")
        result.assumptions += left_out
        self.left_out = left_out

    def _overridden(self, sch: _Scheduled, key: str, sized: dict, result: IacImportResult) -> tuple[dict, list[str]]:
        """(workload fields, comments) of the tasks ``sch`` runs: task definition ``key``'s, or, when the run
        overrides its size (``api["overrides"]``: a rule target's Input, a RunTask state's Overrides, read by
        ``taskdef.run_task_overrides``), the task definition as RunTask runs it with them (``with_overrides``),
        sized by the task-definition rules (a size ECS refuses is an error naming the task definition)."""
        overrides = sch.api.get("overrides")
        if not overrides:
            return sized[key]
        where = sch.via[0] if sch.via else sch.address
        td = with_overrides(self.task_definitions[key], overrides, lambda f, m: self.error(where, f, m))
        label = f"{where}: {overrides['_at']} (overrides of task definition {key})"
        fields, comments, assumptions, notes = _sized(td, self.source, label, self.named)
        result.assumptions += assumptions
        # the size is the run's, not the registered task definition's: RunTask refuses it, the overrides need fixing
        named = self.named
        result.notes += [n.replace(f"ECS would refuse to register it with {named('requiresCompatibilities')} FARGATE",
                                   "RunTask would refuse these overrides on Fargate")
                          .replace(f"Fix the task definition's {named('cpu')}/{named('memory')}.", "Fix the overrides.")
                         for n in notes
                          if PORT_MISMATCH not in n]  # overrides change no port: the task definition's note says it
        note = (f"{sch.address}: {sch.what} runs task definition {key} with overrides ({_override_text(overrides)}): "
                "priced at the overridden size")
        result.notes.append(note)
        return fields, comments + [note]

    def _handle(self, sch: _Scheduled) -> str:
        """The name to give ``--run-minutes`` for a scheduled task: its rule's or schedule's name or logical id when
        that is plain text and names it alone, else its address, quoted for the shell."""
        # the other RunTask states of one state machine that one rule or schedule starts share its names: a name
        # gives them all the same minutes, which the message may suggest
        taken = [n for other in self.scheduled if other is not sch
                 and not (sch.via and other.via and other.via[0] == sch.via[0] and other.names == sch.names)
                 for n in (other.address, *other.names)]
        for name in (*sch.names, sch.address):
            if re.fullmatch(r"[A-Za-z0-9._-]+", name) and name not in taken:
                return name
        return shlex.quote(sch.address)

    def _one_value_per_target(self, sch: _Scheduled, key: str) -> None:
        """Two ``run_minutes`` names for one rule or schedule (its address and name) or one task definition (its
        address or logical id and its family) must give the same minutes: only one of them would be used."""
        fam = str(self.task_definitions[key].get("family") or "")
        for names, what in (((sch.address, *sch.names), f"one {sch.what}, {sch.address}"),
                            ((key, fam), f"one task definition, {key}" + (f" (family {fam})" if fam != key else ""))):
            given = [n for n in dict.fromkeys(names) if n and n in self.run_minutes]
            values = {n: _minutes(self.run_minutes[n], f"--run-minutes {n}", self, sch.address) for n in given}
            other = next((n for n in given if values[n] != values[given[0]]), None)
            if other is not None:
                raise WorkloadError(f"{self.source}: --run-minutes {given[0]} and --run-minutes {other} name {what}, "
                                    f"with {self.run_minutes[given[0]]} and {self.run_minutes[other]} minutes; give it "
                                    "once (a rule or schedule by its own name, to give it its own minutes).")

    def _run_minutes(self, sch: _Scheduled, key: str, matched: set[str]) -> tuple[float | None, str]:
        """One run's minutes for a scheduled task: the caller's ``run_minutes`` by the rule's or schedule's address
        or name, or by the task definition's address or family; else the tag ``TAG_RUN_MINUTES`` of the rule or
        schedule, then of the task definition. (None, "") when none gives it."""
        fam = str(self.task_definitions[key].get("family") or "")
        for name in (sch.address, *sch.names, key, fam):
            if name and name in self.run_minutes:
                matched.add(name)
                return _minutes(self.run_minutes[name], f"--run-minutes {name}", self, sch.address), \
                    f"--run-minutes {name}"
        for value, where in ((sch.minutes, (sch.names or (sch.address,))[0]), (self.task_tags.get(key), key)):
            if value is not None:
                return _minutes(value, f"tag {TAG_RUN_MINUTES}", self, where), f"tag {TAG_RUN_MINUTES} of {where}"
        return None, ""

    def _window(self, sch: _Scheduled, today: dt.datetime, runs: Any,
                result: IacImportResult) -> tuple[str | None, Any]:
        """An EventBridge Scheduler schedule's StartDate / EndDate (CreateSchedule: "The date, in UTC, after which the
        schedule can begin invoking its target" / "The date, in UTC, before which the schedule can invoke its
        target"; both ignored for one-time schedules), compared with the as-of moment to the second, in UTC: (why it
        runs no more, runs). An end past (or a start after the end) runs nothing; an end to come counts the runs from
        max(StartDate, as-of moment) up to it, over the months between (``eventbridge.schedule_runs``); a start still
        to come, with no end, is noted and priced at a month of its runs."""
        if not sch.scheduler or runs.how.startswith("once"):
            return None, runs
        start, end = (_date(v, self, sch.address, f) for v, f in zip(sch.window, sch.window_fields))
        fs, fe = sch.window_fields
        if start is not None and end is not None and start > end:
            return (f"its {fs} {_shown_date(start)} comes after its {fe} {_shown_date(end)}: it may invoke its target "
                    f"only after the one and before the other (CreateSchedule StartDate / EndDate), which never "
                    "happens"), runs
        if end is not None and end <= today:
            return f"its {fe} {_shown_date(end)} has passed", runs
        if end is not None:
            return None, schedule_runs(sch.expression, scheduler=True, today=today, start=start, end=end)
        if start is not None and start > today:
            result.notes.append(f"{sch.address}: {sch.what} starts at {_shown_date(start)} ({fs}): priced at a month "
                                "of its runs once it has started")
        return None, runs

    @staticmethod
    def _names_service(ref: str | None, svc: _Service) -> bool:
        """Whether a task set's service reference (an address of this input, a name or an ARN
        arn:aws:ecs:REGION:ACCOUNT:service/CLUSTER/NAME) is this service."""
        if not ref:
            return False
        return ref == svc.address or ref == svc.name or (ref.startswith("arn:") and ref.rsplit("/", 1)[-1] == svc.name)

    def _task_set_shares(self, svc: _Service, sets: list[_TaskSet], result: IacImportResult) -> list[tuple]:
        """(task set, per cent of the service's desired count) for each of a service's task sets. A scale not set
        or unknown until apply: the share the others leave of 100%, split evenly, an assumption (CreateTaskSet
        documents no default scale)."""
        known = sum(ts.scale for ts in sets if ts.scale is not None)
        open_ = [ts for ts in sets if ts.scale is None]
        rest = max(0.0, 100.0 - known) / len(open_) if open_ else 0.0
        out = []
        for ts in sets:
            if ts.scale is None:
                result.assumptions.append(
                    f"{ts.address}: scale not set (or unknown until apply): {rest:g}% of {svc.address}'s desired count "
                    "assumed (" + ("its only task set" if len(sets) == 1 else "the share its other task sets leave")
                    + "; ECS documents no default). Set "
                    + ("scale { unit = \"PERCENT\", value = ... }" if self.kind == "terraform" else
                       "Scale (Unit: PERCENT, Value: ...)") + " to price what it runs.")
            out.append((ts, rest if ts.scale is None else ts.scale))
        if known > 100:
            result.notes.append(f"{svc.address}: its task sets' scales add up to {known:g}% of its desired count (a "
                                "deployment in progress): each is priced at its own scale")
        return out

    def _by_family(self, svc: _Service, families: dict[str, list[str]], result: IacImportResult) -> str | None:
        """The task definition a service names by family (``family``, ``family:revision`` or an ARN). Several task
        definitions of this input with that family: ECS runs the family's latest ACTIVE revision (ECS API Reference,
        CreateService taskDefinition: "If a revision isn't specified, the latest ACTIVE revision is used"), and which
        one registers last is not fixed by the input: the one
        the service's reference names (``task_ref``), else the last declared, as an assumption naming them all."""
        family = family_of(svc.task)
        same = families.get(family, [])
        if len(same) <= 1:
            return same[0] if same else None
        key = svc.task_ref if svc.task_ref in same else same[-1]
        result.assumptions.append(
            f"{svc.address}: its task definition {show(svc.task)} names family {family!r}, which {len(same)} task "
            f"definitions of this input declare ({', '.join(same)}); ECS runs the family's latest ACTIVE revision and "
            f"the input does not fix which registers last: {key} assumed ("
            + ("the one its reference names" if key == svc.task_ref else "the last declared")
            + "). Give each task definition its own family, or name the revision to run (family:revision or its ARN).")
        return key

    def _scaling_by_service(self) -> dict[str, tuple[str, int, int]]:
        """Scalable targets by service address, or by 'cluster/service' from a resource id 'service/C/S'."""
        out: dict[str, tuple[str, int, int]] = {}
        addresses = {s.address for s in self.services}
        for address, ref, resource_id, lo, hi in self.scaling:
            if ref in addresses:
                out[ref] = (address, lo, hi)
                continue
            m = re.fullmatch(r"service/([^/]+)/([^/]+)", str(resource_id or ""))
            if m:
                out[f"{self.cluster_key(m.group(1))}/{m.group(2)}"] = (address, lo, hi)
        return out

    def _kubernetes(self, result: IacImportResult) -> list[dict]:
        """Kubernetes Deployments, StatefulSets, DaemonSets and HPAs (as manifests) -> services / DaemonSets, under
        their namespace's LimitRanges and ResourceQuotas as the Kubernetes importer applies them (default requests
        and limits, a pod or claim template a LimitRange refuses is an error, pods beyond a quota an assumption)."""
        targets: dict[tuple[str, str, str], ImportedService] = {}
        metas: dict[tuple[str, str, str], dict] = {}
        hpas: list[tuple[_Ctx, dict]] = []
        declared: list[dict] = []
        used = {s.name for s in result.services}
        # a claim whose size is unknown until apply (unsized, an assumption already) is left out of what is priced
        objs = [(self.source, address, obj) for address, obj in self.k8s if not obj.get("unsized")]
        shared_names = _names_of_several_kinds([("", address, obj) for address, obj in self.k8s])
        limit_defaults = _limit_ranges(objs, result)  # namespace -> {resource: (default request, where from)}
        limit_rules = _limit_range_rules(objs)  # namespace -> LimitRange constraints a pod must meet
        classes = runtime_classes(objs)  # RuntimeClass name -> its overhead.podFixed, as the Kubernetes importer reads it
        unknown_classes: dict[str, list[str]] = {}  # a RuntimeClass not in the input -> the workloads that name it
        extended: list[str] = []  # workloads whose pods ask for extended resources advisor does not price
        quotas = _resource_quotas(objs)  # namespace -> ResourceQuota hard limits
        storage = _Storage(objs)  # claims, storage classes and LimitRanges of type PersistentVolumeClaim
        claims = ClaimBook(storage)  # the claims pods mount, as the Kubernetes importer reads them
        claims.unsized = {(_namespace(obj), obj["metadata"]["name"]) for _, obj in self.k8s if obj.get("unsized")
                          and isinstance(obj.get("metadata"), dict) and isinstance(obj["metadata"].get("name"), str)}
        claim_objects: list[tuple[str, str, str]] = []  # (kind, namespace, name): not priced unless a pod mounts one
        quota_usage: dict[str, list[tuple[str, int, dict]]] = {}  # namespace -> (workload, replicas, pod)
        defaulted: dict[str, list[str]] = {}  # LimitRange default -> containers given it
        templates_assumed: list[str] = []  # StatefulSet claim templates priced as EBS volumes
        ephemeral_priced: list[str] = []  # generic ephemeral volumes (EBS): one claim per pod, deleted with the pod
        ephemeral_daemons: list[str] = []  # ... of DaemonSets: one per node, not priced
        by_labels: list[str] = []  # add-ons known by their pod labels, as the Kubernetes importer reads them
        profiles = self.fargate_profiles
        for address, obj in self.k8s:
            ctx = _Ctx(self.source, address)
            kind = obj.get("kind")
            meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
            if kind == "HorizontalPodAutoscaler":
                hpas.append((ctx, obj))
                continue
            if kind in ("LimitRange", "ResourceQuota"):
                ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") \
                    else "default"
                if ns not in (quotas if kind == "ResourceQuota" else
                              {**limit_defaults, **limit_rules, **storage.claim_limits}):
                    self.skip(f"Kubernetes {kind}")  # nothing advisor applies (e.g. only ephemeral-storage)
                continue
            if kind == "RuntimeClass":
                continue  # read by runtime_classes: the overhead of the pods that name it
            if kind in ("PersistentVolumeClaim", "StorageClass", "PersistentVolume"):
                name = meta.get("name")
                if name is not None and not isinstance(name, str):  # None: unknown until apply, skipped below
                    # a mapping failed with "unhashable type: 'dict'" when the claims pods mount were looked up
                    raise ctx.error("metadata.name", f"{show(name)} is not a name; a {kind} is known by its name "
                                    "(what pods and claims refer to), a string such as \"data\".")
                if not obj.get("unsized"):  # classes and volumes are cluster-wide: no namespace
                    claim_objects.append((kind, "" if kind != "PersistentVolumeClaim" else _namespace(obj), name))
                continue
            oname = meta.get("name")
            if not isinstance(oname, str) or not oname:
                raise ctx.error("metadata.name", "is missing or unknown until apply; advisor names the service after it.")
            ns = meta.get("namespace") if isinstance(meta.get("namespace"), str) and meta.get("namespace") else "default"
            spec = obj.get("spec")
            if not isinstance(spec, dict):
                raise ctx.error("spec", "is missing; a Kubernetes workload needs its spec (the pod template).")
            template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
            pod = _pod(template.get("spec"), ctx, "spec.template.spec", limit_defaults.get(ns), limit_rules.get(ns),
                       classes)
            _note_unknown_class(pod, f"{address} ({kind} {ns}/{oname})", unknown_classes)
            if pod["extended"]:
                extended.append(f"{address} ({kind} {ns}/{oname}: {', '.join(pod['extended'])})")
            if note := ambiguous_addon(kind, ns, oname, template):  # labels of several add-ons: an application
                result.notes.append(f"{address}: {note}")
            if note := chart_unmatched_note(kind, ns, oname, template, meta):
                result.notes.append(f"{address}: " + note)
            if kind == "Deployment" and (where := coredns_of(ns, oname, template, meta)):
                # the cluster's DNS, which every EKS platform prices itself, as in manifests (_coredns_note)
                written = _replicas(spec, ctx) if spec.get("replicas") is not None else None
                coredns_from_input(result, spec, pod, ctx, where, (ns, str(oname)))
                result.notes.append(f"{address}: " + _coredns_note(written, pod["cpu"] or 0.0,
                                                                   pod["memory"] or 0.0, where, pod.get("overhead")))
                continue
            sname = _service_name(oname, ns, kind, used, shared_names)
            used.add(sname)
            # the owner and quota labels the Kubernetes importer writes, so that a plan and its manifests read the same
            given = _note_defaulted(pod, f"{kind} {ns}/{oname}", limit_defaults.get(ns), defaulted)
            if kind == "DaemonSet":
                ephemeral_daemons += daemon_ephemeral_volumes(template.get("spec"), ctx, "spec.template.spec", storage,
                                                              ns, f"DaemonSet {ns}/{oname}")
                ds: dict[str, Any] = {"name": sname}
                if pod["cpu"]:
                    ds["cpu"] = pod["cpu"]
                if pod["memory"]:
                    ds["memory"] = pod["memory"]
                overhead_fields(pod, ds)  # its RuntimeClass's overhead, reserved on every EKS node beside the request
                if pod["host_network"]:
                    ds["host_network"] = True
                if pod["host_ports"]:  # held on every node (DaemonSet.host_ports), as the Kubernetes importer reads it
                    ds["host_ports"] = pod["host_ports"][:100]
                if any(c.get("privileged") for c in pod["regular"] + pod["inits"]):
                    ds["privileged"] = True  # no Fargate runs it, not as a sidecar either (DaemonSet.privileged)
                addon, found = eks_addon_of(ns, oname, template, meta)
                if addon:  # an EKS add-on's pod, by name or its chart's labels, as in manifests (DaemonSet.eks_addon)
                    ds["eks_addon"] = addon
                if found:
                    by_labels.append(f"{address} (DaemonSet {ns}/{oname}, {addon}: "
                                     + ", ".join(f"{k}: {v}" for k, v in found.items()) + ")")
                daemonset_nodes(pod, ds)  # its kubernetes.io/os / arch selector, as the Kubernetes importer reads it
                result.daemonsets.append(ds)
                continue
            data, pc = _service_data(sname, pod)
            data["replicas"] = _replicas(spec, ctx)
            quota_usage.setdefault(ns, []).append((f"{kind} {oname}", data["replicas"], pod))
            data["architecture"], data["os"] = pod["architecture"], pod["os"]
            if pod["windows_why"]:  # a Windows image or command and no OS named, as the Kubernetes importer reads it
                result.assumptions.append(
                    f"{address}: {kind} {ns}/{oname}: priced as Windows because {pod['windows_why']}; its pod names no "
                    "OS -- add nodeSelector kubernetes.io/os: windows (which keeps it on Windows nodes) or spec.os.name "
                    "to be sure")
            comments = [f"{address}: {kind} {ns}/{oname}"] + given + pc + pod["notes"]
            addon, found = cluster_addon_of(ns, oname, template, meta) if kind == "Deployment" else (None, None)
            if addon:  # runs the cluster, not an application, as in manifests (Service.cluster_addon, CLUSTER_ADDONS)
                data["cluster_addon"] = addon
                comments.append(f"cluster_addon: {addon}" + (", by its pod labels " + ", ".join(
                    f"{k}: {v}" for k, v in found.items()) if found else ""))
            if found:
                by_labels.append(f"{address} (Deployment {ns}/{oname}, {addon}: "
                                 + ", ".join(f"{k}: {v}" for k, v in found.items()) + ")")
            node_rules(pod, data, comments, f"{address} ({kind} {ns}/{oname})")
            comments += pod_ephemeral_storage(pod, data, ctx, "spec.template.spec")
            volumes: list[dict] = []
            templates: set[str] = set()
            label = f"{kind} {ns}/{oname}"
            if kind == "StatefulSet":
                data["spot"] = False
                sort_claim_templates(spec, ctx, storage, ns, label, templates, volumes, templates_assumed,
                                     claims.not_priced, claims.efs_dynamic)
                comments.append("StatefulSet: spot false (stable identity)")
            pod_spec = template.get("spec") if isinstance(template.get("spec"), dict) else {}
            # generic ephemeral volumes (volume.ephemeral.volume_claim_template): one claim per pod, as in manifests
            sort_ephemeral_volumes(pod_spec, ctx, "spec.template.spec", storage, ns, label, volumes, comments,
                                   ephemeral_priced, claims.not_priced, claims.efs_dynamic)
            shared_rwo = claims.mount(pod_spec, ctx, "spec.template.spec", templates, ns, label, sname, volumes,
                                      comments)
            if volumes:
                data["persistent_volumes"] = _distinct_volume_names(volumes, comments)
            svc = ImportedService(data, comments)
            node = pod["node"]
            self.pod_needs.append(PodNeeds(svc, node.get("arch_given", True), node.get("nodepool"),
                                           frozenset(node["capacity"]) if node.get("capacity") is not None else None,
                                           node.get("types"), node.get("families"),
                                           tuple(p for p, _ in node.get("patterns", ())),
                                           node.get("tolerations", ()), node.get("labels", ())))
            claims.rwo_shared += [(svc, label, claim) for claim in shared_rwo]
            result.services.append(svc)
            targets[(ns, kind, oname)] = svc
            metas[(ns, kind, oname)] = meta
            profile = next((p for p in profiles if ns in p.get("namespaces", [])), None)
            entry: dict[str, Any] = {"service": sname, "namespace": ns,
                                     "runs_on": "fargate" if profile else "nodes"}
            if profile:
                entry["fargate_profile"] = profile["name"]
            entry["source"] = address
            declared.append(entry)
        _apply_scalers([_read_scaler(ctx, hpa) for ctx, hpa in hpas], targets, metas, result)
        _quota_notes(quotas, quota_usage, result)
        _defaulted_notes(defaulted, result)
        if extended:
            result.assumptions.append(extended_resources_assumption(extended))
        if unknown_classes:
            result.notes.append(unknown_classes_note(unknown_classes))
        if by_labels:
            result.notes.append(by_labels_note(by_labels))
        claims.notes(result, (ephemeral_priced, ephemeral_daemons))
        for kind, ns, name in claim_objects:
            if (kind, ns, name) not in storage.used:
                self.skip(f"Kubernetes {kind}")  # no pod mounts it: not priced, as a manifest's
        if templates_assumed:
            result.notes.append(templates_assumed_note(templates_assumed))
        if hpas:
            result.notes.append(f"HorizontalPodAutoscaler average = (min + max) / 2 unless the annotation "
                                f"{ANNOTATION_AVERAGE} says otherwise")
        return declared

    def _express_albs(self, result: IacImportResult) -> list[str]:
        """The Application Load Balancers ECS creates for the Express Mode services, as ``shared.load_balancers``
        sources (one string per load balancer). ECS creates one with an HTTPS listener and target groups for an
        Express service (Amazon ECS Developer Guide, "Resources created by Amazon ECS Express Mode services") and
        shares it across up to ``EXPRESS_SERVICES_PER_ALB`` services with host-header listener rules (AWS News Blog,
        "Build production-ready applications without infrastructure complexity using Amazon ECS Express Mode",
        2025-11-21). Services in the same subnets (as the input writes them; none: the default VPC's) are counted
        as sharing, ``ceil(n / 25)`` load balancers per group: an assumption, as is that no Express load balancer
        already in the account has room for them."""
        if not self.express_services:
            return []
        groups: dict[str | None, list[str]] = {}
        for address, network in self.express_services:
            groups.setdefault(network, []).append(address)
        albs = []
        for members in groups.values():
            for i in range(0, len(members), EXPRESS_SERVICES_PER_ALB):
                albs.append(f"ECS Express Mode load balancer of {', '.join(members[i:i + EXPRESS_SERVICES_PER_ALB])}")
        result.notes.append(
            f"ECS Express Mode service(s) {', '.join(a for a, _ in self.express_services)}: ECS creates an Application "
            f"Load Balancer (HTTPS listener, target groups) and shares it across up to {EXPRESS_SERVICES_PER_ALB} "
            f"Express services, so {len(albs)} load balancer(s) are priced (hours; no traffic figures, so LCUs are not "
            "priced until you add them to shared.load_balancers). Amazon ECS Developer Guide, 'Resources created by "
            "Amazon ECS Express Mode services'; AWS News Blog, ECS Express Mode launch (2025-11-21)")
        result.notes.append(
            "ECS Express Mode load balancer(s): their public IPv4 addresses (one per Availability Zone when "
            "internet-facing, which public subnets and the default VPC make them) are not counted, as the input does "
            "not say how many zones they span; add them to shared.public_ipv4.count")
        result.notes.append(
            "ECS Express Mode service(s): their tasks' public IPv4 addresses are not priced: an Express service's "
            "network configuration holds subnets and security groups only, no assignPublicIp (ECS API Reference, "
            "'ExpressGatewayServiceNetworkConfiguration'), so whether a task gets one is not in the input; if they "
            "do, set public_ip: true on those services in the workload file (one address per running task)")
        result.assumptions.append(
            f"ECS Express Mode: {len(self.express_services)} service(s) in {len(groups)} network configuration(s) "
            f"share {len(albs)} new Application Load Balancer(s), {EXPRESS_SERVICES_PER_ALB} services each at most "
            "(services in the same subnets share one; an Express load balancer already in the account with room "
            "would make them $0 more)")
        return albs

    def _shared(self, result: IacImportResult) -> None:
        express = self._express_albs(result)
        if self.albs or express:
            result.shared["load_balancers"] = {"count": len(self.albs) + len(express), "sources": self.albs + express}
        if self.albs:
            result.notes.append(f"{len(self.albs)} Application Load Balancer(s) ({', '.join(self.albs)}), no traffic "
                                "figures: LCUs are not priced until you add them (shared.load_balancers)")
        if self.nlbs:
            result.shared["network_load_balancers"] = {"count": len(self.nlbs), "sources": self.nlbs}
            result.notes.append(f"{len(self.nlbs)} Network Load Balancer(s) ({', '.join(self.nlbs)}), no traffic "
                                "figures (shared.network_load_balancers)")
        if self.nat_gateways:
            result.shared["nat_gateways"] = {"count": len(self.nat_gateways)}
            result.notes.append(f"{len(self.nat_gateways)} NAT gateway(s) ({', '.join(self.nat_gateways)}): hours "
                                "priced; GB processed unknown (shared.nat_gateways.processed_gb_per_month)")
        if self.eips:
            result.notes.append(f"{len(self.eips)} Elastic IP(s) ({', '.join(self.eips)}): one public IPv4 address "
                                "each, all month (shared.public_ipv4.count)")
        counted = [(a, n) for a, n in self.lb_public_ips if n]
        if counted:
            result.notes.append(
                f"internet-facing load balancer(s) {', '.join(f'{a} ({n})' for a, n in counted)}: a public IPv4 address "
                "per subnet (Availability Zone) it is enabled in, at least (Elastic Load Balancing adds nodes, and "
                "addresses, as traffic grows), all month (shared.public_ipv4.count; Amazon VPC pricing bills every "
                "public IPv4 address)")
        unknown = [a for a, n in self.lb_public_ips if n is None]
        if unknown:
            result.notes.append(f"internet-facing load balancer(s) {', '.join(unknown)}: how many subnets they are "
                                "enabled in is not known from the input (a parameter, or unknown until apply), so their "
                                "public IPv4 addresses (one per subnet at least) are not counted; add them to "
                                "shared.public_ipv4.count")
        ips = len(self.eips) + sum(n for _, n in counted)
        if ips:
            result.shared["public_ipv4"] = {"count": ips}
        if self.log_groups:
            result.notes.append(f"{len(self.log_groups)} CloudWatch log group(s) ({', '.join(self.log_groups)}): the "
                                "volume ingested is not in the input, so logs are not priced; add shared.logs "
                                "(ingested_gb_per_month, stored_gb)")


#: What makes an Auto Scaling group EKS self-managed nodes (Amazon EKS User Guide, "Maintain nodes yourself with
#: self-managed nodes": "If you launch self-managed nodes manually, add the following tag to each node ...
#: kubernetes.io/cluster/my-cluster: owned"; "shared" marks resources several clusters use): the tag, or the user data
#: that joins a node to a cluster -- /etc/eks/bootstrap.sh CLUSTER (the Amazon Linux 2 EKS AMI's bootstrap script,
#: awslabs/amazon-eks-ami) or a nodeadm NodeConfig (apiVersion node.eks.aws/v1alpha1, spec.cluster.name; the
#: AL2023 EKS AMI).
EKS_CLUSTER_TAG = re.compile(r"kubernetes\.io/cluster/(?P<name>[^\s/]+)")
EKS_CLUSTER_TAG_VALUES = ("owned", "shared")
_EKS_BOOTSTRAP = re.compile(r"/etc/eks/bootstrap\.sh(?:[ \t]+(?P<name>[^\s;&|]+))?")
_NODEADM = re.compile(r"node\.eks\.aws/v1alpha1|\bkind:\s*NodeConfig\b|\bnodeadm\b")
_NODEADM_CLUSTER = re.compile(r"^(?P<indent>[ \t]*)cluster:[ \t]*\n(?:(?P=indent)[ \t]+.*\n)*?(?P=indent)[ \t]+name:"
                              r"[ \t]*['\"]?(?P<name>[^\s'\"]+)", re.MULTILINE)


def eks_self_managed(tags: list[tuple[Any, Any]], user_data: str | None) -> tuple[str | None, str] | None:
    """(cluster name or None, what said so) when an Auto Scaling group's tags or its launch template's user data
    (``EKS_CLUSTER_TAG``, ``_EKS_BOOTSTRAP``, ``_NODEADM``) make it EKS self-managed nodes, else None. ``tags`` are
    (key, value) texts; a cluster name that is a template variable left unresolved (``${ClusterName}``) is None."""
    def named(name: str | None) -> str | None:
        name = (name or "").strip("'\"")
        return name[:255] if name and "${" not in name and "$(" not in name and not name.startswith("$") else None

    for key, value in tags:
        m = EKS_CLUSTER_TAG.fullmatch(key.strip()) if isinstance(key, str) else None
        if m and isinstance(value, str) and value.strip() in EKS_CLUSTER_TAG_VALUES:
            return named(m.group("name")), f"tag {key.strip()} = {value.strip()}"
    text = user_data or ""
    if m := _EKS_BOOTSTRAP.search(text):
        return named(m.group("name")), "its launch template's user data runs /etc/eks/bootstrap.sh"
    if _NODEADM.search(text):
        m = _NODEADM_CLUSTER.search(text.replace("\r\n", "\n"))
        return named(m.group("name") if m else None), "its launch template's user data is a nodeadm NodeConfig"
    return None


def user_data_text(value: Any) -> str:
    """The text of user data as an input gives it: plain or base64 text (a Terraform launch template's user_data is
    base64), or a CloudFormation value left partly unresolved (``Fn::Base64`` of ``Fn::Sub`` with a parameter that
    has no Default, ``Fn::Join``): its literal parts, joined. '' when there is none."""
    import base64
    import binascii

    if isinstance(value, str):
        compact = value.strip()
        if compact and re.fullmatch(r"[A-Za-z0-9+/=\s]+", compact) and len(compact) % 4 == 0:
            try:
                return base64.b64decode(compact, validate=False).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                pass
        return value
    if isinstance(value, dict) and len(value) == 1:
        (fn, arg), = value.items()
        if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            return str(arg[0]).join(user_data_text(x) for x in arg[1])
        if fn == "Fn::Sub":
            return user_data_text(arg[0] if isinstance(arg, list) and arg else arg)
        return user_data_text(arg)
    if isinstance(value, list):
        return "\n".join(user_data_text(x) for x in value)
    return ""


def _today(as_of: str | None) -> dt.datetime:
    """The moment schedules are judged at (which runs of a cron's year field, and which ``at`` times, are past;
    naive UTC): 00:00 of ``as_of`` (YYYY-MM-DD) when given and valid (the workload's own check reports one that is
    not), else now."""
    if as_of:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(str(as_of)[:10]), dt.time())
        except ValueError:
            pass
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _ordinal(n: int) -> str:
    """2nd, 3rd, 11th, 21st."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _minutes(value: Any, what: str, estate: Estate, address: str) -> float:
    """One run's minutes: a number (or its ASCII text) above 0 and at most a month's minutes."""
    v = value
    if isinstance(v, str) and is_decimal_text(v.strip(" ")):
        v = float(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or not 0 < v <= \
            MAX_HOURS_PER_MONTH * 60:
        raise estate.error(address, what, f"{show(value)} is not valid; give one run's minutes, a number above 0 and "
                           f"at most {MAX_HOURS_PER_MONTH * 60:g} (e.g. 15 or 2.5).")
    return float(v)


_DATE_TIME = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?"
                        r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?", re.IGNORECASE)


def _date(value: Any, estate: Estate, address: str, fld: str) -> dt.datetime | None:
    """A StartDate / EndDate (ISO 8601: 2030-01-01T01:00:00Z, or a date alone: its 00:00): the moment, naive UTC,
    to the second (CreateSchedule: "The date, in UTC"; an offset is converted, no offset is UTC); None when
    absent."""
    if value is None:
        return None
    m = _DATE_TIME.fullmatch(value.strip()) if isinstance(value, str) else None
    if m:
        y, mo, d, h, mi, sec, zone = m.groups()
        try:
            when = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
            if zone and zone.upper() != "Z":
                sign = 1 if zone[0] == "+" else -1
                digits = zone[1:].replace(":", "")
                when -= sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            return when
        except (ValueError, OverflowError):
            pass
    raise estate.error(address, fld, f"{show(value)} is not a date and time such as 2030-01-01T01:00:00Z.")


def _shown_date(when: dt.datetime) -> str:
    """A StartDate / EndDate for a note: its date, and its UTC time when not 00:00:00."""
    return when.date().isoformat() if when.time() == dt.time() else when.strftime("%Y-%m-%d %H:%M:%S UTC")


def _ordered(data: dict) -> dict:
    first = ("name", "cpu", "memory", "containers", "replicas", "scaling", "architecture", "os")
    return {**{k: data[k] for k in first if k in data}, **{k: v for k, v in data.items() if k not in first}}


def fargate_only(strategy: list[dict] | None) -> bool:
    """True when a strategy places tasks only on FARGATE / FARGATE_SPOT."""
    return bool(strategy) and all(i.get("capacityProvider") in _FARGATE_PROVIDERS for i in strategy)


# ------------------------------------------------------------------------------------------ shapes


_CAMEL = re.compile(r"_([a-z0-9])")
#: Terraform Kubernetes provider block names whose manifest name differs from plain camelCase.
_K8S_RENAMES = {"container": "containers", "init_container": "initContainers", "node_selector_term":
                "nodeSelectorTerms", "match_expressions": "matchExpressions", "volume_claim_template":
                "volumeClaimTemplates", "toleration": "tolerations", "port": "ports", "volume": "volumes",
                "env": "env", "image_pull_secrets": "imagePullSecrets", "match_fields": "matchFields",
                "match_expression": "matchExpressions"}
#: Resources a container estate declares that bear on the comparison but that advisor neither compares nor prices
#: (no sourced rate in its price data, never an invented one): named in their own note and in the "declares no
#: service" message, with how to account for them, instead of only in the list of other resources not priced.
NOT_COMPARED: dict[str, str] = {
    **dict.fromkeys(("AWS::ElasticLoadBalancing::LoadBalancer", "aws_elb"), "Classic Load Balancer"),
    **dict.fromkeys(("AWS::AppRunner::Service", "aws_apprunner_service"), "App Runner service"),
    **dict.fromkeys(("AWS::Batch::ComputeEnvironment", "aws_batch_compute_environment"),
                    "AWS Batch compute environment"),
    **dict.fromkeys(("AWS::EC2::Instance", "aws_instance"), "EC2 instance"),
    **dict.fromkeys(("AWS::EFS::FileSystem", "aws_efs_file_system"), "EFS file system"),
    **dict.fromkeys(("AWS::FSx::FileSystem", "aws_fsx_lustre_file_system", "aws_fsx_ontap_file_system",
                     "aws_fsx_openzfs_file_system", "aws_fsx_windows_file_system"), "FSx file system"),
    **dict.fromkeys(("AWS::ElasticBeanstalk::Environment", "aws_elastic_beanstalk_environment"),
                    "Elastic Beanstalk environment"),
    **dict.fromkeys(("AWS::Lightsail::Container", "aws_lightsail_container_service"),
                    "Lightsail container service"),
}
#: How each kind in ``NOT_COMPARED`` can be accounted for.
NOT_COMPARED_HOW = {
    "Classic Load Balancer": CLASSIC_LB_HOW,
    "App Runner service": "App Runner is a container platform advisor does not compare: to price the same containers "
    "on ECS or EKS, write them as a workload file (docs/workload-format.md) or import their task definition",
    "AWS Batch compute environment": "its instances or Fargate capacity run Batch jobs, which advisor does not "
    "read: price the jobs as scheduled ECS tasks or a workload file, or add the environment's cost yourself",
    "EC2 instance": "stand-alone instances are not container capacity advisor compares: add their cost yourself, "
    "or, if they run containers, describe those as a workload",
    "EFS file system": "a file system bills its storage and throughput once for every task that mounts it, and "
    "advisor holds no EFS or FSx prices: add its cost yourself (the same on every platform)",
    "FSx file system": "a file system bills its storage and throughput once for every task that mounts it, and "
    "advisor holds no EFS or FSx prices: add its cost yourself (the same on every platform)",
    "Elastic Beanstalk environment": "its instances and load balancer are created by Elastic Beanstalk, not declared "
    "here: describe the application's containers as a workload to compare them",
    "Lightsail container service": "Lightsail is a container platform advisor does not compare: describe its "
    "containers as a workload to price them on ECS or EKS",
}


def not_compared(skipped: dict[str, int]) -> list[tuple[str, str, int]]:
    """(kind, resource type, count) of the ``NOT_COMPARED`` resources among ``skipped`` (type -> count)."""
    return [(NOT_COMPARED[t], t, n) for t, n in sorted(skipped.items()) if t in NOT_COMPARED]


#: Manifest fields that are lists (every other Terraform block list of one element is a single object).
_K8S_LISTS = {"containers", "initContainers", "nodeSelectorTerms", "matchExpressions", "volumeClaimTemplates",
              "tolerations", "ports", "volumes", "env", "values", "accessModes", "args", "command", "imagePullSecrets",
              "matchFields", "metrics", "preferredDuringSchedulingIgnoredDuringExecution", "finalizers"}
#: Map-valued fields whose keys are data (labels, requests), not schema: kept as they are. ``hard`` is a
#: ResourceQuota's (``kubernetes_resource_quota_v1`` ``spec.hard``, a map of quantities by resource name), ``capacity``
#: a PersistentVolume's (``kubernetes_persistent_volume_v1`` ``spec.capacity``, the same).
_K8S_MAPS = {"labels", "annotations", "requests", "limits", "nodeSelector", "matchLabels", "hard", "capacity"}
#: The resource-name maps of a LimitRange item (``kubernetes_limit_range_v1`` ``spec.limit``: ``default``,
#: ``default_request``, ``max``, ``min``, ``max_limit_request_ratio``, each a map of quantities by resource name, and
#: ``type``; hashicorp/terraform-provider-kubernetes ``kubernetes/resource_kubernetes_limit_range_v1.go``).
_LIMIT_RANGE_MAPS = ("default", "default_request", "max", "min", "max_limit_request_ratio")


def _namespace(obj: dict) -> str:
    """A Kubernetes object's namespace, "default" when it names none."""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return meta["namespace"] if isinstance(meta.get("namespace"), str) and meta["namespace"] else "default"


def k8s_manifest(kind: str, values: dict) -> dict:
    """A Terraform Kubernetes provider resource's values (``metadata``/``spec`` blocks as lists of one, snake_case
    attributes) as the Kubernetes manifest the API server would store (camelCase, objects, ``kind``)."""
    def convert(key: str | None, v: Any) -> Any:
        if isinstance(v, dict):
            if key in _K8S_MAPS:
                return dict(v)
            return {name: convert(name, x) for k, x in v.items() if x is not None
                    for name in (_k8s_key(k, key),)}
        if isinstance(v, list):
            items = [convert(key, x) for x in v]
            if key not in _K8S_LISTS and len(items) == 1 and isinstance(items[0], dict):
                return items[0]
            if key not in _K8S_LISTS and not items:
                return None
            return items
        return v

    limits = None
    if kind == "LimitRange":
        # spec.limit is a list of items whose maps are keyed by resource name: read apart from the generic
        # conversion, which would take 'limits' for a container's resources map and one item for an object
        values = dict(values)
        spec = values.get("spec")
        spec = spec[0] if isinstance(spec, list) and len(spec) == 1 else spec
        if isinstance(spec, dict) and isinstance(spec.get("limit"), list):
            limits = [{_k8s_key(k): (dict(x) if k in _LIMIT_RANGE_MAPS and isinstance(x, dict) else x)
                       for k, x in item.items() if x is not None} if isinstance(item, dict) else item
                      for item in spec["limit"]]
            values["spec"] = [{k: x for k, x in spec.items() if k != "limit"}]
    body = convert(None, values)
    body = {k: v for k, v in body.items() if v is not None} if isinstance(body, dict) else {}
    if limits is not None:
        body["spec"] = {**(body.get("spec") if isinstance(body.get("spec"), dict) else {}), "limits": limits}
    out = {"kind": kind, **{k: body[k] for k in ("metadata", "spec") if k in body}}
    if kind == "PersistentVolume" and isinstance(out.get("spec"), dict):
        # kubernetes_persistent_volume_v1 nests the volume source in spec.persistent_volume_source (one block, each
        # source type a list, empty when unset); the manifest has it on the spec itself (PersistentVolumeSpec inlines
        # PersistentVolumeSource: spec.csi, spec.awsElasticBlockStore, spec.nfs, ...), which _volume_source reads
        spec = {k: v for k, v in out["spec"].items() if k != "persistentVolumeSource"}
        source = out["spec"].get("persistentVolumeSource")
        if isinstance(source, dict):
            spec.update({k: v for k, v in source.items() if v not in (None, {}, [])})
        out["spec"] = spec
    if kind == "StorageClass":
        # a StorageClass has no spec: kubernetes_storage_class_v1's storage_provisioner is its provisioner, parameters
        # a map of the provisioner's own keys (resource_kubernetes_storage_class_v1.go)
        out["provisioner"] = values.get("storage_provisioner")
        if isinstance(values.get("parameters"), dict):
            out["parameters"] = dict(values["parameters"])
    return out


def _k8s_key(key: str, parent: str | None = None) -> str:
    """A provider attribute's manifest name (``parent``: the manifest name of the block holding it). A pod volume's
    ``ephemeral`` block holds one ``volume_claim_template`` (EphemeralVolumeSource ``volumeClaimTemplate``; the
    provider's volume schema, e.g. DeploymentSpecTemplateSpecVolumeEphemeral of the generated cdktf bindings), not a
    StatefulSet's list ``volumeClaimTemplates``."""
    if parent == "ephemeral" and key == "volume_claim_template":
        return "volumeClaimTemplate"
    if key in _K8S_RENAMES:
        return _K8S_RENAMES[key]
    return _CAMEL.sub(lambda m: m.group(1).upper(), key)


def camel_keys(v: Any, *, keep: frozenset = frozenset()) -> Any:
    """CloudFormation's PascalCase properties as the ECS API's camelCase ("ContainerDefinitions" ->
    "containerDefinitions", "SizeInGiB" -> "sizeInGiB"), recursively; values of keys in ``keep`` are left as
    they are (e.g. ``Options`` maps whose keys are data)."""
    if isinstance(v, dict):
        if len(v) == 1 and isinstance(next(iter(v)), str) and (next(iter(v)) in ("Ref", "Condition")
                                                               or next(iter(v)).startswith("Fn::")):
            return v  # an intrinsic function left unresolved: kept as the user wrote it
        return {(k[:1].lower() + k[1:] if isinstance(k, str) else k): (x if k in keep else camel_keys(x, keep=keep))
                for k, x in v.items()}
    if isinstance(v, list):
        return [camel_keys(x, keep=keep) for x in v]
    return v


def folder_given(path: Any, command: str) -> None:
    """Refuse a folder given to ``command`` ('advisor import cloudformation' / 'advisor import terraform'), which
    reads one template or plan: the message names the templates and plans in it (a cdk.out's stacks with their
    regions: ``iac_folder_listing``) and the command for one of them, as ``compare`` does."""
    from pathlib import Path

    from advisor.workload.source import is_folder

    if not is_folder(path):
        return
    from advisor.workload.importers import iac_files_in, iac_folder_listing

    iac = iac_files_in(Path(path))
    if not iac and any(Path(path).glob("*.tf")):
        from advisor.workload.importers import terraform_source_message

        raise WorkloadError(terraform_source_message(f"'{path}' (a folder of .tf files)"))
    if not iac:
        raise WorkloadError(f"'{path}' is a directory and holds no CloudFormation template or Terraform plan; "
                            f"'{command}' reads one file (a folder of Kubernetes manifests: 'advisor import k8s "
                            f"{path}').")
    raise WorkloadError(f"'{path}' is a directory; '{command}' reads one file, and this folder holds "
                        + iac_folder_listing(Path(path), iac, command))


def node_pool_kind(obj: Any) -> str | None:
    """The kind id (``Kind.group``, as ``k8s._kind_id`` names custom resources) of a Karpenter / EKS Auto Mode
    NodePool or node class (``nodepool.NODE_POOL_KINDS``), else None."""
    if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str) or not isinstance(obj.get("apiVersion"), str):
        return None
    kid = f"{obj['kind']}.{obj['apiVersion'].split('/')[0]}"
    return kid if kid in NODE_POOL_KINDS else None
