"""The workload file: what runs, how big, how many, where.

A workload is YAML (documented in ``docs/workload-format.md``; ``advisor schema`` prints its JSON Schema).
It is validated strictly: unknown keys are errors with a did-you-mean hint, ambiguous quantities are
rejected with the unambiguous spelling, and every error names the field (and its line in the file).

Canonical units after loading: ``vcpu`` (float), ``memory_mib`` (float), hours.
"""

import math
import re
import unicodedata
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    Tag,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from advisor.units import (
    _AMBIGUOUS_BARE_MIB,
    _AMBIGUOUS_BARE_VCPU,
    CPU_QUANTITY_PATTERN,
    HOURS_PER_MONTH,
    MAX_HOURS_PER_MONTH,
    MEMORY_QUANTITY_PATTERN,
    MIN_VCPU,
    SMALLEST_NUMBER,
    grouped,
    name_list,
    num,
    parse_cpu,
    parse_memory_mib,
    plain_num,
    tiny_number_message,
)
from advisor.workload.pod import pod_request, with_overhead
from advisor.workload.type_pattern import check_type_pattern

#: Fargate includes 20 GiB of ephemeral storage per task/pod; more is billed (ECS: 21-200 GiB,
#: "EphemeralStorage", Amazon ECS API Reference; EKS: up to 175 GiB, "AWS Fargate adds support for larger
#: ephemeral volumes", AWS Containers blog, 2023-08).
FARGATE_INCLUDED_STORAGE_GIB = 20.0
#: Why neither Fargate runs a privileged container (``Service.privileged``): Amazon ECS API Reference, ContainerDefinition
#: ``privileged``; Amazon EKS User Guide, "AWS Fargate considerations".
FARGATE_PRIVILEGED_RULE = ("ECS: 'This parameter is not supported for Windows containers or tasks run on Fargate', "
                           "ContainerDefinition privileged; EKS: 'Privileged containers aren't supported on Fargate', "
                           "AWS Fargate considerations")
#: Why ECS on Fargate does not run a task with ``Service.fargate_unsupported``: Amazon ECS Developer Guide, "Task
#: definition parameters" (ipcMode: "This is not supported for tasks running on Fargate"; pidMode ``host`` shares the
#: process namespace "with the host Amazon EC2 instance", which a Fargate task has not); Amazon ECS API Reference,
#: LinuxParameters (tmpfs, sharedMemorySize).
FARGATE_PARAMETERS_RULE = ("Amazon ECS Developer Guide, 'Task definition parameters': ipcMode 'This is not supported "
                           "for tasks running on Fargate', pidMode host shares the process namespace 'with the host "
                           "Amazon EC2 instance'; Amazon ECS API Reference, LinuxParameters: 'If you're using tasks "
                           "that use the Fargate launch type, the tmpfs parameter isn't supported' and '... the "
                           "sharedMemorySize parameter is not supported'")
#: Why EKS on Fargate does not run a pod that holds a static host port or uses its node's network (``Service.host_network``,
#: ``Service.node_host_ports``): Amazon EKS User Guide, "AWS Fargate considerations".
EKS_FARGATE_HOST_NETWORK_RULE = ("'Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest', "
                                 "Amazon EKS User Guide, 'AWS Fargate considerations'")
#: Why ECS on Fargate does not run, as a sidecar in its tasks, a DaemonSet on its node's network or holding a port of
#: its node (``DaemonSet.host_network`` / ``host_ports``): a Fargate task has no node whose network or port it could use.
#: Amazon ECS API Reference, TaskDefinition ``networkMode``: "For Amazon ECS tasks on Fargate, the awsvpc network mode
#: is required" (no host mode); PortMapping: in awsvpc mode "The hostPort can be left blank or it must be the same
#: value as the containerPort" (a task serves its own ENI's port, no host's).
ECS_FARGATE_HOST_NETWORK_RULE = ("Amazon ECS API Reference: TaskDefinition networkMode 'For Amazon ECS tasks on "
                                 "Fargate, the awsvpc network mode is required' (no host mode), and in awsvpc mode "
                                 "'The hostPort can be left blank or it must be the same value as the containerPort' "
                                 "(PortMapping): a task holds no port of a node")
#: Why Fargate cannot mount a volume of the container instance (``Service.host_volumes``): Amazon ECS API Reference,
#: HostVolumeProperties ``sourcePath``: "If you're using the Fargate launch type, the sourcePath parameter is not
#: supported"; Volume ``dockerVolumeConfiguration``: "Docker volumes are only supported when you are using the EC2
#: launch type".
#: EKS on Fargate: the EKS User Guide's "AWS Fargate considerations" do not list it, but the Fargate scheduler refuses
#: such a pod with the event "Pod not supported on Fargate: volumes not supported: <volume>", as public reports of a
#: hostPath volume show (pachyderm/pachyderm#4522, /var/run/docker.sock; kube-s3 #14).
EKS_FARGATE_HOST_VOLUMES_RULE = ("the Fargate scheduler refuses a pod with a hostPath volume: 'Pod not supported on "
                                 "Fargate: volumes not supported' (an event public reports show, e.g. "
                                 "pachyderm/pachyderm#4522; the EKS User Guide's 'AWS Fargate considerations' do not "
                                 "list it)")
FARGATE_HOST_VOLUMES_RULE = ("Amazon ECS API Reference: 'If you're using the Fargate launch type, the sourcePath "
                             "parameter is not supported', HostVolumeProperties; 'Docker volumes are only supported "
                             "when you are using the EC2 launch type', Volume dockerVolumeConfiguration")
ECS_FARGATE_MAX_STORAGE_GIB = 200.0
EKS_FARGATE_MAX_STORAGE_GIB = 175.0

# Upper bounds of counts and rates, each from the AWS or Kubernetes limit it mirrors (or a stated sane bound):
#: Amazon ECS quota "Tasks per service" (Amazon ECS endpoints and quotas, AWS General Reference): 5,000. A
#: larger service cannot be one ECS service; on Kubernetes it is far beyond what one Deployment is sized to.
MAX_TASKS_PER_SERVICE = 5000

#: How long one deployment runs when the workload does not say (minutes): an assumption, shown as such.
DEFAULT_DEPLOYMENT_MINUTES = 15.0
#: Kubernetes "Considerations for large clusters": no more than 150,000 pods in total per cluster.
MAX_TASKS_PER_WORKLOAD = 150_000
#: Services in one workload: a sane bound for memory and time (a workload may span several clusters, so the ECS
#: quota "Services per cluster" of 5,000 is not the limit; 10,000-service estates are benchmarked).
MAX_SERVICES = 50_000
#: Nodes in one fleet: Kubernetes "Considerations for large clusters" (no more than 5,000 nodes) and the Amazon ECS
#: quota "Container instances per cluster" (5,000).
MAX_NODES = 5000
#: Notes a workload carries (written by 'advisor import'), and the length of one: sane bounds.
MAX_NOTES = 10_000
MAX_NOTE_CHARS = 2000
#: DaemonSets in a workload, in either form of ``daemonsets:`` (the list, or the mapping's ``pods``): a sane bound
#: for memory and time, not a Kubernetes limit.
MAX_DAEMONSETS = 1000
#: Amazon EKS quota "Clusters" per Region: 100 (Amazon EKS service quotas).
MAX_EKS_CLUSTERS = 100
#: Windows containers run on x86_64 only: the ECS/Batch ``RuntimePlatform`` API ("This parameter must be set to
#: X86_64 for Windows containers"); Fargate publishes Windows rates for x86_64 only, and EC2 offers no Windows
#: Server AMI for Graviton (arm64) instances, so EKS Windows nodes are x86_64 too.
WINDOWS_ARM64_MESSAGE = ("os windows with architecture arm64 cannot run: Windows containers run on x86_64 only (ECS "
                         "RuntimePlatform: cpuArchitecture 'must be set to X86_64 for Windows containers'; no Windows "
                         "AMI exists for Graviton instances). Set architecture: x86_64, or os: linux for an arm64 image")
#: The most GPUs on one EC2 instance in advisor's catalogue (advisor/pricing_data/ec2_instance_types.csv: 8).
MAX_GPUS = 8
#: Minutes in the longest month (31 days): a bound for deployment lengths and runs per month.
MAX_MINUTES_PER_MONTH = MAX_HOURS_PER_MONTH * 60
#: The deployment percents a service may have, here and in advisor.sizing.strategy.deployment_bounds (so
#: 'advisor strategy deployment' accepts what the workload file does): minimumHealthyPercent above 100 would
#: demand more tasks than desired, maximumPercent below 100 could not run the desired count; 200 is the REPLICA
#: default and advisor's upper bound (ECS API Reference, 'DeploymentConfiguration').
MIN_HEALTHY_PERCENT_RANGE = (0, 100)
MAX_PERCENT_RANGE = (100, 200)
#: EBS volume sizes by volume type, (smallest, largest) GiB: Amazon EC2 API Reference, CreateVolume ``Size``
#: ("gp2: 1 - 16,384 GiB; gp3: 1 - 65,536 GiB; io1: 4 - 16,384 GiB; io2: 4 - 65,536 GiB; st1 and sc1: 125 - 16,384
#: GiB; standard: 1 - 1024 GiB"; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html) and
#: Amazon EBS User Guide, "Amazon EBS volume types" (io2 Block Express 4 GiB - 64 TiB; gp3 went from 16 TiB to 64 TiB
#: in September 2025). A volume of no given type is priced as gp3, so it is checked as gp3.
EBS_VOLUME_SIZE_GIB: dict[str, tuple[int, int]] = {
    "gp2": (1, 16384), "gp3": (1, 65536), "io1": (4, 16384), "io2": (4, 65536),
    "st1": (125, 16384), "sc1": (125, 16384), "standard": (1, 1024)}
#: The largest EBS volume of any type (gp3 and io2: 64 TiB); ``ebs_size_problem`` checks each type's own range.
MAX_VOLUME_GIB = 65536
#: ECS Managed Instances' data volume: storageConfiguration.storageSizeGiB "30 to 16,384" (Amazon ECS Developer Guide,
#: "Architect for Amazon ECS Managed Instances", Instance storage).
ECS_MI_MAX_STORAGE_GIB = 16384


def ebs_size_problem(size_gib: float, volume_type: str | None, *, smallest: bool = True) -> str | None:
    """Why ``size_gib`` is not a size an EBS volume of ``volume_type`` (None: gp3, as priced) can have, naming the type
    and its valid range (``EBS_VOLUME_SIZE_GIB``), or None when it can. ``smallest=False`` checks the largest size
    only: a Kubernetes claim's storage request is the least it asks for (Kubernetes "Persistent Volumes": the claim
    is bound to a volume of at least that size), so a request under the type's smallest size is not refused."""
    kind = volume_type or "gp3"
    lo, hi = EBS_VOLUME_SIZE_GIB.get(kind, (1, MAX_VOLUME_GIB))
    if (not smallest or lo <= size_gib) and size_gib <= hi:
        return None
    return (f"{size_gib:g} GiB is outside the size range of an EBS {kind} volume{'' if volume_type else ' (no volume_type: gp3)'}, "
            f"{lo:,} to {hi:,} GiB (Amazon EC2 API Reference, CreateVolume Size; Amazon EBS User Guide, "
            "'Amazon EBS volume types')")
def billed_ebs_gib(size_gib: float, volume_type: str | None = None) -> float:
    """The size of the EBS volume created for ``size_gib`` (GiB) of ``volume_type`` (None: gp3, as priced), which is
    what is billed: rounded up to a whole GiB, as EBS sizes are whole GiB (Amazon EC2 API Reference, CreateVolume
    ``Size``: "Type: Integer", in GiB; the EBS CSI driver rounds a claim's request up to whole GiB, aws-ebs-csi-driver
    ``pkg/util`` ``RoundUpGiB``, as ``CreateVolume`` takes), and at least the type's smallest size
    (``EBS_VOLUME_SIZE_GIB``: a claim is bound to a volume of at least its request, Kubernetes "Persistent Volumes").
    Every EBS line prices this size: persistent volumes, node root and data volumes, declared volumes."""
    whole = float(math.ceil(size_gib - 1e-9))
    return max(whole, float(EBS_VOLUME_SIZE_GIB.get(volume_type or "gp3", (1, 0))[0]))


def billed_ebs_words(size_gib: float, volume_type: str | None = None) -> str:
    """What a line says when ``billed_ebs_gib`` differs from the size asked ("; 1.5 GiB asked, rounded up to whole
    GiB"), or "" when it does not."""
    billed = billed_ebs_gib(size_gib, volume_type)
    if billed <= size_gib:
        return ""
    kind = volume_type or "gp3"
    if billed > float(math.ceil(size_gib - 1e-9)):
        return f"; {num(size_gib)} GiB asked, below {kind}'s smallest size, so {num(billed)} GiB"
    return f"; {num(size_gib)} GiB asked, rounded up to whole GiB, as EBS sizes are"


#: A sane bound for money and effort inputs (USD per hour, engineer-hours per month).
MAX_RATE = 1_000_000.0
#: A sane bound for counts of shared resources (load balancers, NAT gateways, addresses, instances).
MAX_COUNT = 100_000
#: A sane bound for traffic and volume figures (GB, connections, API calls per month: 10^12).
MAX_QUANTITY = 1e12


#: A date as advisor writes it (UTC+0, as the EKS release calendar uses): ISO 8601's calendar date, YYYY-MM-DD.
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
#: How to write a date, in every message about one (workload fields and the importers' --as-of).
DATE_HINT = "use YYYY-MM-DD, e.g. 2026-12-01"
_EKS_VERSION = r"^\d+\.\d+$"
_PROVIDER_NAME = r"^[A-Za-z0-9_-]{1,255}$"
_INSTANCE_CATEGORY = r"^[a-z]{1,4}$"
#: The words a message uses for each pattern a text field must match (``advisor.workload.load`` shows them rather
#: than the regular expression).
PATTERN_WORDS = {
    _ISO_DATE: DATE_HINT,
    _EKS_VERSION: "use the Kubernetes version as MAJOR.MINOR, e.g. 1.31",
    _PROVIDER_NAME: "use 1 to 255 letters, digits, _ and - (ECS capacity provider names)",
    _INSTANCE_CATEGORY: "use an instance category in lower-case letters, e.g. c, m, r",
}


def date_text(value: Any) -> Any:
    """A date YAML read as one (an unquoted ``2026-12-01`` is a YAML 1.1 timestamp) as the text written; any other
    value as it is."""
    import datetime

    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def calendar_date_problem(value: Any) -> str | None:
    """Why ``value`` is not a calendar date written YYYY-MM-DD (``'2026-13-01'``, ``'tomorrow'``), or None when it
    is one (ISO 8601; Python's ``date.fromisoformat`` decides whether the day exists)."""
    import datetime

    if isinstance(value, str) and re.fullmatch(_ISO_DATE, value):
        try:
            datetime.date.fromisoformat(value)
            return None
        except ValueError:
            return f"{value!r} is not a calendar date (no such day); {DATE_HINT}"
    return f"{value!r} is not a date; {DATE_HINT}"


def _new_list() -> list:
    """A new empty list: the default factory of the list fields. pydantic reads the signature of every default
    factory, and a builtin's (``list``) is parsed from its text signature, which compiles the tokenizer's regular
    expressions on first use (about 11 ms at import); a Python function's is read directly."""
    return []


def _cpu(v: Any) -> float | None:
    return None if v is None else parse_cpu(v)


def _mem(v: Any) -> float | None:
    return None if v is None else parse_memory_mib(v)


# The JSON Schema of a quantity: a number, or a string with its unit ("0.5 vCPU", "512 units", "500m"; "1 GB",
# "1Gi", "1024Mi"), the forms parse_cpu / parse_memory_mib read; null where the field is optional.
_CPU_SCHEMA = {"anyOf": [{"type": "number", "minimum": MIN_VCPU},
                         {"type": "string", "pattern": CPU_QUANTITY_PATTERN},
                         {"type": "null"}],
               "description": "vCPU as a number (0.5), or a string: '0.5 vCPU', '512 units' (ECS CPU units, 1024 = 1 "
                              "vCPU), '500m' (millicores); at least 1/1024 vCPU (one ECS CPU unit). A bare number of 128 or more is refused "
                              "as ambiguous."}
_MEMORY_SCHEMA = {"anyOf": [{"type": "number", "exclusiveMinimum": 0},
                            {"type": "string", "pattern": MEMORY_QUANTITY_PATTERN},
                            {"type": "null"}],
                  "description": "MiB as a number (1024), or a string: '1 GB' / '1 GiB' / '1Gi' (1024 MiB), '1024Mi', "
                                 "'1G' (10^9 bytes). A bare number below 64 and 'MB' are refused as ambiguous, and less "
                                 "than 1 MiB ('2k', '1Ki') as a unit slip."}
CpuQuantity = Annotated[float | None, BeforeValidator(_cpu), WithJsonSchema(_CPU_SCHEMA)]
MemoryQuantity = Annotated[float | None, BeforeValidator(_mem), WithJsonSchema(_MEMORY_SCHEMA)]


def model_data(model: BaseModel) -> dict:
    """``model``'s fields as set (``model_dump(exclude_unset=True)``), in a form that validates back to the same model:
    a CPU or memory number the workload format reads as another unit when bare (``parse_cpu``/``parse_memory_mib``:
    memory below 64 looks like GB, CPU of 128 or more like ECS CPU units) is written with its unit, '32 MiB' or
    '192 vCPU', as 'advisor import' writes it. A Workload read from a file or an import holds such values (a
    Kubernetes sidecar's 32Mi request is 32.0); dumped bare, checking it again refused what had been read."""
    return _with_units(model, model.model_dump(exclude_unset=True, warnings=False))


def _with_units(model: Any, data: Any) -> Any:
    """``data`` (the dump of ``model``) with the ambiguous CPU and memory numbers of every nested model given units."""
    if isinstance(model, (list, tuple)) and isinstance(data, list) and len(model) == len(data):
        return [_with_units(m, d) for m, d in zip(model, data)]
    if not isinstance(model, BaseModel) or not isinstance(data, dict):
        return data
    fields = type(model).model_fields
    out = dict(data)
    for key, value in data.items():
        info = fields.get(key)
        validators = [getattr(m, "func", None) for m in info.metadata] if info is not None else []
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and _cpu in validators and value >= _AMBIGUOUS_BARE_VCPU:
            out[key] = f"{_plain(value)} vCPU"
        elif number and _mem in validators and value < _AMBIGUOUS_BARE_MIB:
            out[key] = f"{_plain(value)} MiB"
        else:
            out[key] = _with_units(getattr(model, key, None), value)
    return out


def _plain(value: float) -> str:
    """A number as Python reads it back exactly: 32 (not 32.0), 0.5, 953.67431640625."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS_PER_MONTH)]


def plus_zero(value: Any) -> Any:
    """``value`` with a float -0.0 (also inside a list or tuple) read as 0.0: ``headroom_percent: -0.0`` passes
    ``ge=0`` and was shown as "-0%" and written to JSON as -0.0."""
    if type(value) is float and value == 0.0:
        return 0.0
    if isinstance(value, (list, tuple)):
        return type(value)(plus_zero(v) for v in value)
    return value


def field_errors(model: str, problems: list[tuple[tuple, str, Any]]) -> ValidationError:
    """The validation error of model-level rules, each located at one field: ``(loc, message, given)`` with ``loc``
    relative to the model (``("cpu",)``, ``(1, "name")`` in a list validator), so the loader names that field
    (``services[0].cpu``) rather than the whole item. Raised from a model or field validator, pydantic prefixes the
    outer location."""
    return ValidationError.from_exception_data(model, [
        InitErrorDetails(type=PydanticCustomError("value_error", message), loc=loc, input=given)
        for loc, message, given in problems])


def _number_kind(annotation: Any) -> str | None:
    """"number" when a field of this type takes a number (``int``, ``float``, a ``Literal`` of numbers, a CPU or memory
    quantity), "items" when it is a list of numbers, None otherwise (text, booleans, models, mappings); a type that
    also takes a boolean (``StrictBool``) is None: there ``true`` is meant."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _number_kind(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_number_kind(a) for a in get_args(annotation) if a is not type(None)]
        if any(a is bool for a in get_args(annotation)):
            return None
        return "number" if "number" in kinds else "items" if "items" in kinds else None
    if origin is Literal:
        return "number" if any(type(a) in (int, float) for a in get_args(annotation)) else None
    if origin in (list, tuple):
        args = get_args(annotation)
        return "items" if args and _number_kind(args[0]) == "number" else None
    return "number" if annotation in (int, float) else None


def whole_choices(annotation: Any) -> tuple[int, ...]:
    """The whole numbers a field of this type takes when it takes one of some (a ``Literal`` of ints, alone or beside
    None: ``term_years`` 1 or 3), else ()."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return tuple(c for a in get_args(annotation) if a is not type(None) for c in whole_choices(a))
    args = get_args(annotation)
    return args if origin is Literal and all(type(a) is int for a in args) else ()


def number_rule(field: Any) -> str | None:
    """The rule of a field (a pydantic ``FieldInfo``) that takes one plain number: "whole" when it takes a whole number
    only (``int``, a ``Literal`` of ints such as ``term_years``), "number" when it takes any number (``float``), None
    for every other field: a quantity with a unit (``cpu``, ``memory``: their parser reads text), a list, text, a
    boolean, a model. A whole number is a YAML/JSON integer, a number an integer or a decimal; neither is text
    (docs/workload-format.md, Numbers)."""
    import types
    import typing

    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    if _number_kind(annotation) != "number" or any(getattr(m, "func", None) in (_cpu, _mem) for m in field.metadata):
        return None
    tp = field.annotation
    while typing.get_origin(tp) in (Annotated, typing.Union, types.UnionType):
        tp = next(a for a in get_args(tp) if a is not type(None))
    return "whole" if tp is int or whole_choices(tp) else "number"


def _may_hold_float(annotation: Any) -> bool:
    """Whether a field of this type may hold a float, alone or in a list or tuple (where ``plus_zero`` reads -0.0)."""
    import types
    import typing

    origin = typing.get_origin(annotation)
    if annotation in (float, Any):
        return True
    if origin is Annotated:
        return _may_hold_float(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, tuple):
        return any(_may_hold_float(a) for a in get_args(annotation) if a is not Ellipsis)
    if origin is Literal:
        return any(type(a) is float for a in get_args(annotation))
    return False


def strict_checks_apply(field: Any) -> bool:
    """Whether the field (a pydantic ``FieldInfo``) needs ``_Strict``'s checks: it takes a number (no boolean for
    it) or may hold a float (-0.0 read as 0.0). Every such field's name is in ``_NUMBER_FIELDS``."""
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    return _number_kind(annotation) is not None or _may_hold_float(field.annotation)


def _bool_as_number_message(value: bool, field: Any) -> str:
    """The message of a boolean given for a number: what to write instead, with the field's bounds or choices."""
    return (f"{str(value).lower()} is a boolean, not a number; write {number_words(field)} (YAML and JSON read true "
            "and false as booleans, and advisor does not take true for 1 or false for 0)")


def _number_text(x: float | int | None) -> str:
    """A bound as it is written: 744, not 744.0; 44,640; 0.5."""
    if x is None:
        return ""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,g}"


def number_words(field: Any, *, lone: bool = False) -> str:
    """What a number field takes, in words: "a whole number from 0 to 5,000", "a number above 0 and at most 744",
    "1 or 3" (a Literal's choices). With ``lone``, a single bound reads on its own ("0 or more", "up to 100")."""
    import typing

    metadata = list(field.metadata)
    tp = field.annotation
    while True:  # to the number type, gathering its bounds on the way
        origin = typing.get_origin(tp)
        if origin is Annotated:  # Hours, a list item's bounds
            metadata += [m for x in get_args(tp)[1:] for m in getattr(x, "metadata", [x])]
            tp = get_args(tp)[0]
        elif origin in (typing.Union, type(int | None)):  # Optional: the type beside None; host_ports' item: the
            args = [a for a in get_args(tp) if a is not type(None)]  # port number beside the {port, ...} mapping
            tp = next((a for a in args if _number_kind(a)), args[0])
        elif origin is list and get_args(tp):  # a list of numbers: the items' bounds
            tp = get_args(tp)[0]
        else:
            break
    choices = [a for a in get_args(tp) if type(a) in (int, float)] if typing.get_origin(tp) is Literal else []
    bound = {a: next((getattr(m, a) for m in metadata if getattr(m, a, None) is not None), None)
             for a in ("ge", "gt", "le", "lt")}
    whole = tp is int or (int in get_args(tp) and float not in get_args(tp))
    if choices:
        what = " or ".join(str(c) for c in choices)
    else:
        what = "a whole number" if whole else "a number"
        ge, gt, le, lt = (_number_text(bound[a]) for a in ("ge", "gt", "le", "lt"))
        lo = f"from {ge}" if ge else f"above {gt}" if gt else ""
        if le:
            hi = f"to {le}" if ge else f"and at most {le}" if gt else f"up to {le}" if lone else f"to {le}"
        else:
            hi = f"and below {lt}" if lo and lt else f"below {lt}" if lt else ""
        if ge and not le and (lt or lone):
            lo = f"of at least {ge}"
        what = " ".join(x for x in (what, lo, hi) if x)
    return what


def text_for_number_message(given: str, number: str, field: Any) -> str:
    """The one message of a number written as text (``replicas: "3"``, ``min_healthy_percent: "50"``) given to a field
    that takes a plain number: it is refused, as the JSON Schema of 'advisor schema' refuses it (type integer or
    number), and the number to write instead is named with what the field takes. ``number`` is the text's number as
    YAML writes it (``"3."`` -> 3)."""
    return f"{given!r} is text, not a number; write {number}, without quotes ({number_words(field, lone=True)})."


def decimal_for_whole_message(value: float, field: Any, fits: bool) -> str:
    """The one message of a number with a decimal point (``max_percent: 150.0``, ``replicas: 3.5``) given to a field
    that takes a whole number: it is refused, as ``replicas`` refuses it, and the whole number to write is named
    when the value is one the field takes (``fits``: 150.0 -> 150)."""
    what = number_words(field, lone=True)
    if value.is_integer() and fits:
        return f"{value!r} is written as a decimal; write {int(value)} ({what})."
    return f"{value!r} is {'not valid here' if value.is_integer() else 'not a whole number'}; write {what}."


#: The fields ``_Strict``'s wrap validator runs on, by name: every field of a workload model that takes a number or
#: may hold a float (``strict_checks_apply``). A field of another model with one of these names gets it too, to no
#: effect. A layer per field costs time when the models are built and when a workload is read, so the text, boolean,
#: choice and model fields go without (tests/test_workload_faults.py checks the list is complete).
_NUMBER_FIELDS = (
    "active_connections", "api_calls_per_month", "average", "clusters", "commit_usd_per_hour", "count",
    "coverage_percent", "cpu", "deployment_minutes", "deployments_per_month", "desired", "discount_percent",
    "disk_size_gib", "ec2_node_hours_per_month", "ecs_hours_per_month", "ecs_max_tasks_per_instance",
    "ecs_reserved_memory_mib", "eks_auto_mode_cluster_hours_per_month", "eks_cluster_hours_per_month",
    "engineer_cost_per_hour", "ephemeral_storage_gib", "fargate_discount_percent", "gpus", "headroom_percent",
    "host_ports", "ingested_gb_per_month", "init_host_ports", "lcu_per_hour", "managed_instances_hours_per_month",
    "max", "max_percent", "memory", "memory_mib", "metrics", "min", "min_generation", "min_healthy_percent",
    "min_nodes", "monthly_hours", "new_connections_per_second", "nlcu_per_hour", "nodes", "on_demand_base",
    "on_demand_weight",
    "performance_log_gb_per_month", "port", "public_ip_share", "processed_gb_per_hour", "processed_gb_per_month",
    "registered_resources", "replicas", "root_volume_gib", "rule_evaluations_per_second", "run_minutes",
    "runs_per_month", "size", "size_gib", "spot_max_price", "spot_weight", "storage_gib", "stored_gb", "term_years",
    "vcpu", "vm_memory_overhead_percent",
)


#: Per model class, filled on first use by ``_Strict``'s wrap validator: field name -> "number" / "items" for the fields
#: that take numbers (``_number_kind``), and field name -> "whole" / "number" for those that take one plain number
#: (``number_rule``). Module-level rather than class attributes: pydantic inspects each ClassVar of a base again for
#: every model built on it.
_NUMBER_KINDS: dict[type, dict[str, str]] = {}
_NUMBER_RULES: dict[type, dict[str, str]] = {}


def _signed(func: Any) -> Any:
    """``func`` with its signature read once (``__signature__``): pydantic reads a field validator's signature for
    every field it applies to (``inspect.signature``, to see whether it takes ``info``), 81 times for the wrap
    validator of ``_Strict``; a function that carries its signature is read in a third of the time."""
    import inspect

    func.__signature__ = inspect.signature(func)
    return func


#: The exact types ``_Strict._no_bool_for_number`` lets through unchecked (a bool is its own type). Text and floats
#: are checked: a plain number field refuses text and a whole-number field a float (``number_rule``).
_UNCHECKED = frozenset({int, dict})


class _Strict(BaseModel):
    """The base of every workload model: unknown keys refused, floats finite, -0.0 read as 0.0, a plain number never
    text and a whole number never written with a decimal point (``number_rule``: ``team: {size: "3"}`` and
    ``max_percent: 150.0`` are refused, as the JSON Schema's integer and number types refuse text), and no boolean
    taken for a number. Python's ``bool`` is an ``int`` (``True == 1``) and pydantic's lax mode converts ``true`` to 1 for
    an ``int`` or ``float`` field (pydantic "Conversion Table": bool -> int in Python and JSON lax mode), so ``team:
    {size: true}`` read as a team of 1; every field that takes a number (``_number_kind``: int, float, a Literal of
    numbers, a list of them) refuses ``true`` / ``false`` instead, as the JSON Schema does (a boolean is not a
    "number" or "integer", JSON Schema Validation 6.1.1)."""

    # allow_inf_nan=False: every float field is finite (".inf" / ".nan" are rejected with the field's name).
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True, allow_inf_nan=False)

    @field_validator(*_NUMBER_FIELDS, mode="wrap", check_fields=False)
    @classmethod
    @_signed
    def _strict_field(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Every field that takes a number or may hold a float (``_NUMBER_FIELDS``): no boolean for a number before
        the field's own validation (``_no_bool_for_number``), -0.0 read as 0.0 after it (``plus_zero``). One wrap
        validator rather than a before and an after one: pydantic builds (and runs) one layer per field, not two."""
        # the common case inline (an exact int or dict: nothing to check; a float result: only -0.0 to
        # mend), as _no_bool_for_number and plus_zero decide it: 30,000 calls for 10,000 services
        out = handler(value if value is None or type(value) in _UNCHECKED else cls._no_bool_for_number(value, info))
        if type(out) is float:
            if out == 0.0:
                return 0.0
            if -SMALLEST_NUMBER < out < SMALLEST_NUMBER:
                raise ValueError(tiny_number_message(out))
            return out
        return plus_zero(out)

    @classmethod
    def _no_bool_for_number(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or isinstance(value, (int, dict)) and not isinstance(value, bool):
            return value  # the common case, first: nothing to check
        # a plain number is a YAML/JSON number: never text ("3"), and a whole number never written with a decimal point
        # (3.0), nor another kind of object (a numpy timedelta64 is an integer to pydantic's lax mode, which took all
        # of these). Refused here, in one place for every field, rather than by strict=True on each (a metadata
        # object per field costs time when the models are built); reported as pydantic's own int_type / float_type,
        # which advisor.workload.load words for the file. A list or a mapping is left to the field's own error.
        rules = _NUMBER_RULES.get(cls)
        if rules is None:
            rules = {name: rule for name, f in cls.model_fields.items() if (rule := number_rule(f))}
            _NUMBER_RULES[cls] = rules
        rule = rules.get(info.field_name or "")
        if rule is not None and not isinstance(value, (bool, list, tuple)) \
                and (rule == "whole" or not isinstance(value, float)):
            raise PydanticCustomError(f"{'int' if rule == 'whole' else 'float'}_type",
                                      f"Input should be a valid {'integer' if rule == 'whole' else 'number'}")
        if isinstance(value, (str, float)):
            return value
        if not isinstance(value, (bool, list, tuple)) and not hasattr(value, "__iter__"):
            return value
        kinds = _NUMBER_KINDS.get(cls)
        if kinds is None:
            kinds = {name: kind for name, f in cls.model_fields.items()
                     if (kind := _number_kind(Annotated[(f.annotation, *f.metadata)] if f.metadata else f.annotation))}
            _NUMBER_KINDS[cls] = kinds
        kind = kinds.get(info.field_name or "")
        field = cls.model_fields.get(info.field_name or "")
        if kind == "number" and isinstance(value, bool):
            raise PydanticCustomError("value_error", _bool_as_number_message(value, field))
        if kind == "items" and not isinstance(value, (bool, bytes)):
            # any iterable of items (a numpy array, a set, a pandas Series from the Python API), read once
            value = value if isinstance(value, (list, tuple)) else list(value)
            for i, item in enumerate(value):
                if type(item).__name__ in ("bool", "bool_"):  # numpy's np.bool_ too
                    raise PydanticCustomError("value_error", f"item {i}: " + _bool_as_number_message(bool(item),
                                                                                                    field))
        return value


class Container(_Strict):
    """One container's request (Kubernetes ``resources.requests``, or an ECS container's cpu/memory).

    A missing ``cpu`` or ``memory`` means the container requests none of it: the pod request counts it as 0,
    and the service records it (``Service.containers_without_requests``) so every platform can apply its own
    rule (EKS on Fargate: a pod with no requests gets 0.25 vCPU / 0.5 GB; EC2 schedulers place it with a zero
    request). ``defaults:`` in the workload fills such gaps.
    """

    name: str | None = None
    cpu: CpuQuantity = Field(None, description="vCPU requested; absent = no request; also '0.5 vCPU', '512 units', '500m'")
    memory: MemoryQuantity = Field(None, description="MiB requested; absent = no request; also '1 GB', '1 GiB', '1Gi', '1024Mi'")
    sidecar: StrictBool = Field(
        False, description="init_containers only: a native sidecar (Kubernetes restartPolicy: Always), which keeps "
        "running beside the app and adds to the pod request")

    @field_validator("name")
    @classmethod
    def _short_name(cls, v: str | None) -> str | None:
        if v is not None and len(v) > 253:
            raise ValueError("a container name is at most 253 characters")
        return v


class PodOverhead(_Strict):
    """What a Kubernetes pod takes beyond its containers (``spec.overhead``, set from its RuntimeClass's
    ``overhead.podFixed``): vCPU and MiB per pod.

    Kubernetes "Pod Overhead": "A pod's overhead is considered in addition to the sum of container resource requests
    when scheduling a Pod" (and in ResourceQuota); component-helpers ``PodRequests`` adds it after the containers'
    aggregate and any pod-level request. advisor adds it where the Kubernetes scheduler places pods on EC2 nodes (EKS
    on EC2, EKS Auto Mode: ``Service.node_request``, and ``advisor.sizing.fleet.workload_daemonsets`` for a DaemonSet). EKS on Fargate sizes a pod by the
    rule of "Understand Fargate Pod configuration details" (containers' requests plus 256 MB), which names no pod
    overhead, and ECS has no RuntimeClass: neither adds it. Absent = 0.
    """

    cpu: CpuQuantity = Field(None, description="vCPU the pod takes beyond its containers (overhead.podFixed cpu)")
    memory: MemoryQuantity = Field(None, description="MiB the pod takes beyond its containers (overhead.podFixed memory)")

    @property
    def vcpu(self) -> float:
        return float(self.cpu or 0.0)

    @property
    def memory_mib(self) -> float:
        return float(self.memory or 0.0)


#: The address a static host port binds when none is given: every address of the node or instance. Kubernetes: "If
#: you don't specify the hostIP and protocol explicitly, Kubernetes will use 0.0.0.0 as the default hostIP and TCP as
#: the default protocol" ("Configuration Best Practices"); the scheduler's ``HostPortInfo.sanitize`` does the same.
ANY_HOST_IP = "0.0.0.0"


def _any_case_protocol_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of ``HostPort.protocol``: the three protocols in any case (an ECS portMapping writes tcp and
    udp, Kubernetes TCP and UDP) and around spaces, as the model reads them, instead of pydantic's enum of capitals,
    which an editor would flag on a valid ``udp``."""
    schema.pop("enum", None)
    schema.update(type="string", pattern=r"^\s*(?:[Tt][Cc][Pp]|[Uu][Dd][Pp]|[Ss][Cc][Tt][Pp])\s*$")


class HostPort(_Strict):
    """A static host port with its protocol (and, for a Kubernetes pod, the node address it binds): one entry of
    ``Service.host_ports`` where a bare port number (TCP, every address) does not say enough. Two tasks/pods conflict
    on a node only when the protocol and the port are the same and the addresses overlap (the same ``host_ip``, or
    either binds every address): Kubernetes scheduler ``HostPortInfo.CheckConflict`` (kubernetes/kube-scheduler
    framework/types.go at e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09); ECS keeps TCP and UDP ports apart as two
    resources of a container instance ("PORTS, PORTS_UDP", Amazon ECS API Reference, Resource)."""

    port: int = Field(ge=1, le=65535, description="the port number on the node or instance")
    protocol: Literal["TCP", "UDP", "SCTP"] = Field(
        "TCP", description="TCP (the default), UDP or SCTP: a Kubernetes containerPort's protocol, an ECS "
        "portMapping's protocol (tcp, udp; any case is read)", json_schema_extra=_any_case_protocol_schema)
    host_ip: str | None = Field(
        None, min_length=1, max_length=45, description="the node address the port binds (Kubernetes ports[].hostIP); "
        "absent or 0.0.0.0: every address, which overlaps any other address")

    @model_validator(mode="before")
    @classmethod
    def _protocol_any_case(cls, data):
        if isinstance(data, dict) and isinstance(data.get("protocol"), str):
            data = {**data, "protocol": data["protocol"].strip().upper()}
        return data

    @field_validator("host_ip")
    @classmethod
    def _host_ip_text(cls, v: str | None) -> str | None:
        """A node address, trimmed as the Kubernetes importer trims ``hostIP``: one that is only spaces or holds
        invisible characters (a newline, a tab) names no address, yet would keep the port apart from every other
        address's (only 0.0.0.0, or an equal address, overlaps it)."""
        if v is None:
            return v
        if not v.strip() or not v.strip().isprintable():
            raise ValueError(f"{v!r} is blank or holds invisible characters (a newline, a tab); write the node address "
                             "the port binds (Kubernetes hostIP, e.g. 10.0.0.5 or fd00::5), or remove host_ip for "
                             "every address")
        return v.strip()

    @property
    def key(self) -> tuple[str, str, int]:
        """(address, protocol, port), the address ``ANY_HOST_IP`` when none is given."""
        return (self.host_ip or ANY_HOST_IP, self.protocol, self.port)

    def __str__(self) -> str:
        ip = self.host_ip if self.host_ip not in (None, ANY_HOST_IP) else ""
        if ":" in ip:  # an IPv6 address, bracketed as in a URL (RFC 3986), so '::' and the port stay apart
            ip = f"[{ip}]"
        return (f"{ip}:" if ip else "") + str(self.port) + ("" if self.protocol == "TCP" and not ip else
                                                            f"/{self.protocol}")


def port_key(port: int | HostPort) -> tuple[str, str, int]:
    """(address, protocol, port) of a ``Service.host_ports`` entry: a bare number is TCP on every address."""
    return port.key if isinstance(port, HostPort) else (ANY_HOST_IP, "TCP", int(port))


#: The two forms of a ``host_ports`` entry (a port number, a ``HostPort`` mapping): the tags of their union, which an
#: error's location leaves out (``advisor.workload.load``).
HOST_PORT_TAGS = ("<port number>", "<port mapping>")


def _host_port_kind(value: Any) -> str:
    """Which form a ``host_ports`` entry is written in: a mapping (``HostPort``) or a port number; the errors then
    speak of that form only."""
    return HOST_PORT_TAGS[1] if isinstance(value, (dict, HostPort)) else HOST_PORT_TAGS[0]


def ports_conflict(a: tuple[str, str, int], b: tuple[str, str, int]) -> bool:
    """Whether two held ports (``port_key``) cannot share a node or instance: the same protocol and port, and
    overlapping addresses -- equal, or one of them every address (0.0.0.0). Kubernetes ``HostPortInfo.CheckConflict``
    (kubernetes/kube-scheduler framework/types.go at e87dbddd27a5bd4c2028727c7ccc082cfb2cdc09): "If ip is 0.0.0.0
    check all IP's (protocol, port) pair", otherwise "only check IP and 0.0.0.0's (protocol, port) pair"."""
    return a[1:] == b[1:] and (a[0] == b[0] or ANY_HOST_IP in (a[0], b[0]))


class PersistentVolume(_Strict):
    """A persistent volume of a service: one per task/pod (a StatefulSet's volumeClaimTemplate: every replica gets its
    own), or, with ``shared``, one for the service whatever its replicas (a PersistentVolumeClaim its pod template
    names: every pod mounts the same claim; Kubernetes "Persistent Volumes", "Claims As Volumes"). With
    ``ephemeral``, one per pod that lives as long as the pod (a generic ephemeral volume: "the ephemeral volume
    controller then creates an actual PersistentVolumeClaim object in the same namespace as the Pod and ensures that
    the PersistentVolumeClaim gets deleted when the Pod gets deleted", Kubernetes "Ephemeral Volumes")."""

    name: str | None = Field(None, description="the claim template's (or the shared claim's) name")
    size_gib: float | None = Field(
        gt=0, le=MAX_VOLUME_GIB, description="requested size in GiB (resources.requests.storage); null only with "
        "snapshot_id: a volume created from a snapshot whose size the input does not give (not priced)")
    snapshot_id: str | None = Field(
        None, max_length=255, description="the EBS snapshot the volume is created from (an ECS managed EBS volume's "
        "snapshotId); with no size_gib the volume's size is the snapshot's, which advisor does not know: it is not "
        "priced, and it still rules out the platforms that cannot attach EBS volumes (EKS on Fargate)")
    storage_class: str | None = Field(None, description="storageClassName (None: the cluster's default class)")
    volume_type: Literal["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"] | None = Field(
        None, description="the EBS volume type where the input gives it (an ECS service's managed EBS volume "
        "volumeType); None: priced as gp3 (a storage class's name does not say its type). gp2 is priced at the gp2 "
        "rate; advisor's price data has no rate for the others, so a platform that attaches one is not priced "
        "(write gp3 to compare on gp3)")
    access_modes: list[str] | None = Field(None, description="accessModes, e.g. [ReadWriteOnce]")
    shared: StrictBool = Field(
        False, description="one volume the service's pods share (a PersistentVolumeClaim named in the pod template), "
        "not one per replica: on EKS priced once for the whole month; ECS attaches EBS volumes per task only")
    priced_with: str | None = Field(
        None, max_length=300, description="a shared claim another workload mounts too: the workload it is priced with "
        "on EKS (not priced again here); it still rules EKS on Fargate out, and ECS still attaches one per task")
    ephemeral: StrictBool = Field(
        False, description="a generic ephemeral volume (a pod volume's ephemeral.volumeClaimTemplate): one claim per "
        "pod, created with the pod and deleted with it (Kubernetes 'Ephemeral Volumes'), so on EKS it is priced for the "
        "pods running on average and their hours, not for the most replicas all month")

    @model_validator(mode="before")
    @classmethod
    def _size_given(cls, data: Any) -> Any:
        """``size_gib`` must be written, as a number or, with ``snapshot_id``, as null: the message says both."""
        if isinstance(data, dict) and "size_gib" not in data:
            raise field_errors("PersistentVolume", [(("size_gib",), (
                "is required: the volume's size in GiB (e.g. size_gib: 100); a volume created from a snapshot whose "
                "size the input does not give may write size_gib: null beside its snapshot_id (not priced)"
                + (f"; this one has snapshot_id {data['snapshot_id']!r}, so write size_gib: null or its size"
                   if isinstance(data.get("snapshot_id"), str) else "")), None)])
        return data

    @field_validator("snapshot_id")
    @classmethod
    def _snapshot_id_text(cls, v: str | None) -> str | None:
        """An EBS snapshot id is text such as ``snap-0123456789abcdef0`` (Amazon EC2 API Reference, Snapshot
        ``SnapshotId``; ECS ServiceManagedEBSVolumeConfiguration ``snapshotId``): blank text, spaces or invisible
        characters name no snapshot, and a volume with no usable snapshot id needs its ``size_gib``."""
        if v is not None and (not v.strip() or any(ch.isspace() or not ch.isprintable() for ch in v)):
            raise ValueError(f"{v!r} is not an EBS snapshot id: write the snapshot's id (e.g. snap-0123456789abcdef0, "
                             "no spaces or invisible characters), or drop snapshot_id and give size_gib")
        return v

    @model_validator(mode="after")
    def _size_fits_type(self) -> "PersistentVolume":
        if self.size_gib is None:  # "You must specify either a volume size or a snapshot ID" (ECS API Reference)
            if self.snapshot_id is None:
                raise ValueError("size_gib: is required unless snapshot_id is given (a volume created from a "
                                 "snapshot has the snapshot's size)")
            return self
        # the largest size only: a claim's request under the type's smallest is rounded up by the provisioner
        problem = ebs_size_problem(self.size_gib, self.volume_type, smallest=False)
        if problem:
            raise ValueError(f"size_gib: {problem}")
        return self

    @model_validator(mode="after")
    def _one_way(self) -> "PersistentVolume":
        """``ephemeral`` and ``shared`` contradict each other: a generic ephemeral volume is one claim per pod,
        created with the pod and deleted with it (Kubernetes "Ephemeral Volumes"), so no two pods share it; a shared
        volume is one PersistentVolumeClaim every pod names. ECS would price one per task and EKS one in all.
        ``priced_with`` is for a shared claim only (a claim another workload's pods mount too)."""
        problems = []
        if self.ephemeral and self.shared:
            problems.append((("shared",), "ephemeral: true with shared: true is a contradiction: a generic ephemeral "
                             "volume is one claim per pod, created and deleted with the pod (Kubernetes 'Ephemeral "
                             "Volumes'), so the pods cannot share it (ECS would price one per task, EKS one in all). "
                             "Drop shared for a claim per pod, or drop ephemeral for one PersistentVolumeClaim the pods "
                             "share", True))
        if self.priced_with is not None and not self.shared:
            problems.append((("priced_with",), "is for a claim the pods share (shared: true) that another workload "
                             "mounts too; a volume per task/pod is this service's own. Set shared: true, or drop "
                             "priced_with", self.priced_with))
        if problems:
            raise field_errors("PersistentVolume", problems)
        return self

    @property
    def billed_size_gib(self) -> float | None:
        """The size of the EBS volume created for it (``billed_ebs_gib``): ``size_gib`` rounded up to a whole GiB
        (Amazon EC2 API Reference, CreateVolume ``Size`` is an integer of GiB; the EBS CSI driver rounds a claim up to
        whole GiB: ``1500Mi`` is a 2 GiB volume), or its type's smallest size when the request is less
        (``EBS_VOLUME_SIZE_GIB``: gp2, gp3 and standard 1 GiB, io1 and io2 4, st1 and sc1 125). A claim's storage
        request is the least it asks for (Kubernetes "Persistent Volumes": a claim is bound to a volume of at least
        that size), so such a request is not refused but provisioned, and billed, at that size. None for a snapshot
        of unknown size."""
        if self.size_gib is None:
            return None
        return billed_ebs_gib(self.size_gib, self.volume_type)


#: A task's or pod's static host ports: a number (TCP on every address) or a ``HostPort`` (Service.host_ports,
#: DaemonSet.host_ports)
HostPortList = list[Annotated[Annotated[Annotated[int, Field(ge=1, le=65535, strict=True)], Tag(HOST_PORT_TAGS[0])]
                              | Annotated[HostPort, Tag(HOST_PORT_TAGS[1])], Discriminator(_host_port_kind)]] | None


class Defaults(_Strict):
    """What advisor assumes for a container that requests no CPU or no memory (like a Kubernetes LimitRange
    ``defaultRequest``): filled into every such container of every service and DaemonSet."""

    cpu: CpuQuantity = Field(None, description="vCPU for each container without a CPU request, e.g. 100m")
    memory: MemoryQuantity = Field(None, description="MiB for each container without a memory request, e.g. 128Mi")


class Scaling(_Strict):
    """Auto scaling range; costs use ``average`` (tasks running on average over the month)."""

    min: int = Field(ge=0, le=MAX_TASKS_PER_SERVICE, description="fewest tasks (0 to 5,000, the ECS 'Tasks per "
                     "service' quota)")
    max: int = Field(ge=0, le=MAX_TASKS_PER_SERVICE, description="most tasks (0 to 5,000, the ECS 'Tasks per "
                     "service' quota)")
    average: float = Field(ge=0, le=MAX_TASKS_PER_SERVICE,
                           description="average running tasks over the month (what the cost uses), min to max")

    @model_validator(mode="after")
    def _ordered(self) -> "Scaling":
        if self.max < self.min:
            raise ValueError(f"max ({self.max}) is smaller than min ({self.min}); max must be >= min")
        if not (self.min <= self.average <= self.max):
            # every digit it takes to tell the average from min and max: "4999.999999999", never a rounded "5000"
            shown = f"{self.average:g}" if float(f"{self.average:g}") == self.average else repr(self.average)
            raise ValueError(f"average ({shown}) must lie between min ({self.min}) and max ({self.max})")
        return self


def _agrees_as_written(given: float, exact: float) -> bool:
    """Whether ``given`` is ``exact`` as far as it is written: within 1e-6 (relative), or equal to ``exact`` rounded to
    the decimals ``given`` shows (16.6667 for 100 x 10 / 60 = 16.666666...)."""
    if abs(given - exact) <= 1e-6 * max(1.0, abs(exact)):
        return True
    text = repr(float(given))
    if "e" in text or "." not in text:
        return False
    decimals = len(text.split(".")[1])
    return round(exact, decimals) == given


def spread_runs_advice(service: "Service", month_hours: float) -> str:
    """How to write a batch service whose runs add up to more hours than ``month_hours`` (the runs overlap): spread
    them over ``k = ceil(runs_per_month x run_minutes / 60 / month_hours)`` parallel replicas, each taking one run in
    ``k`` (``replicas x k``, ``runs_per_month / k``: the same runs, billed alike), or, above the ECS 'Tasks per
    service' quota (``MAX_TASKS_PER_SERVICE``), check the figures. ``service`` has ``runs_per_month`` and
    ``run_minutes``."""
    hours = service.runs_per_month * service.run_minutes / 60
    k = math.ceil(hours / month_hours - 1e-9)
    per = 1 if service.replicas is None else service.replicas
    if per * k <= MAX_TASKS_PER_SERVICE:
        return (f"Spread them over parallel replicas, each taking one run in {num(k)}: replicas: "
                f"{plain_num(per * k)}, runs_per_month: {plain_num(float(f'{service.runs_per_month / k:g}'))}, "
                f"run_minutes: {plain_num(service.run_minutes)} (the same runs, billed alike)")
    return (f"Spread over parallel replicas they would need {num(per * k)}, more than one service's "
            f"{num(MAX_TASKS_PER_SERVICE)} tasks (the ECS 'Tasks per service' quota): check runs_per_month and "
            "run_minutes (one run's length in minutes), or split the runs over several services")


def _as_shown(name: str) -> str:
    """A name as a reader sees it in advisor's outputs (``advisor.render.format.plain``): characters that cannot be
    printed (controls, zero-width and bidi marks ...) removed, and spaces as a reader sees them: line breaks, tabs and
    other spaces as one space, none at either end (a table cell or a Markdown cell pads and trims it, HTML collapses
    runs of spaces, so 'web ' and 'web' read the same)."""
    if not name.isprintable():
        name = "".join(ch if ch.isprintable() or ch.isspace() else "" for ch in name)
    return " ".join(name.split())


#: An EC2 instance type name as AWS writes it (``m6i.large``, ``u-6tb1.metal``) and a family (``m6i``, ``u-6tb1``).
INSTANCE_TYPE_PATTERN = r"^[a-z0-9-]+\.[a-z0-9-]+$"
INSTANCE_FAMILY_PATTERN = r"^[a-z][a-z0-9-]*$"

#: A list of EC2 instance type names (``Service.instance_types``, ``DaemonSet.instance_types``): each name's length and,
#: in the JSON Schema, its pattern (the model checks the name against the catalogue itself).
InstanceTypeNames = list[Annotated[str, Field(min_length=3, max_length=64,
                                              json_schema_extra={"pattern": INSTANCE_TYPE_PATTERN})]]
#: A list of EC2 instance family names (``Service.instance_families``, ``DaemonSet.instance_families``).
InstanceFamilyNames = list[Annotated[str, Field(min_length=1, max_length=32,
                                                json_schema_extra={"pattern": INSTANCE_FAMILY_PATTERN})]]


#: Deployments that exist to run the Kubernetes cluster itself, not the team's applications, by name
#: (``Service.cluster_addon``), with what each platform does with them. EKS on EC2 and EKS on Fargate run them as
#: any Deployment (priced as a service). EKS Auto Mode leaves one out only where the Amazon EKS User Guide says Auto
#: Mode runs that capability itself (``auto_mode``: its words, or None: Auto Mode's nodes run the Deployment; its
#: built-in capabilities are "compute autoscaling, pod and service networking, application load balancing, cluster
#: DNS, block storage, and GPU support", "Automate cluster infrastructure with EKS Auto Mode"). The ECS platforms leave
#: every one out: ECS does that job itself (``on_ecs``, with its Amazon ECS Developer Guide page). ``advisor import
#: k8s`` reads a Deployment as this add-on by its (namespace, name) as its public manifest or Helm chart installs it
#: by default (``deployments``, ``manifest``), or by its pod template's labels (``labels``: each a set of labels the
#: pods must all carry with exactly these values, the chart's or manifest's selector labels, ``labels_source``), which
#: a Helm release under another name or namespace keeps (``addon_of_labels``), or else by the ``helm.sh/chart`` label
#: its chart puts on the Deployment (``charts``, ``charts_source``, ``addon_of_chart``), which a release installed
#: with ``nameOverride`` or ``fullnameOverride`` keeps (those change ``app.kubernetes.io/name`` and the name).
CLUSTER_ADDONS: dict[str, dict[str, Any]] = {
    "aws-ebs-csi-driver": {
        "title": "the Amazon EBS CSI driver's controller", "deployments": (("kube-system", "ebs-csi-controller"),),
        "manifest": "kubernetes-sigs/aws-ebs-csi-driver deploy/kubernetes/base/controller.yaml (namespace kube-system "
                    "by its kustomization.yaml; the EKS add-on and the Helm chart install the same name)",
        "labels": ({"app": "ebs-csi-controller", "app.kubernetes.io/name": "aws-ebs-csi-driver"},),
        "labels_source": "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/controller.yaml "
                         "spec.selector.matchLabels (app.kubernetes.io/name is the chart name, _helpers.tpl "
                         "selectorLabels) and deploy/kubernetes/base/controller.yaml @429e202e",
        "charts": ("aws-ebs-csi-driver",),
        "charts_source": "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/controller.yaml "
                         "metadata.labels and pod template labels (_helpers.tpl labels: helm.sh/chart "
                         "<.Chart.Name>-<version>) @014eef46, _helpers.tpl @36d7fd88",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters. Auto Mode includes a "
                     "block storage capability', Amazon EKS User Guide, 'Use Kubernetes volume storage with Amazon EBS'",
        "on_ecs": "ECS creates and attaches a task's EBS volume itself, Amazon ECS Developer Guide, 'Use Amazon EBS "
                  "volumes with Amazon ECS'"},
    "aws-efs-csi-driver": {
        "title": "the Amazon EFS CSI driver's controller", "deployments": (("kube-system", "efs-csi-controller"),),
        "manifest": "kubernetes-sigs/aws-efs-csi-driver deploy/kubernetes/base/controller-deployment.yaml (namespace "
                    "kube-system by its kustomization.yaml)",
        # the chart's one Deployment: its app label is controller.name (efs-csi-controller in values.yaml, and the
        # manifest's), app.kubernetes.io/name the chart name or nameOverride; either is matched
        "labels": ({"app.kubernetes.io/name": "aws-efs-csi-driver"}, {"app": "efs-csi-controller"}),
        "labels_source": "kubernetes-sigs/aws-efs-csi-driver charts/aws-efs-csi-driver/templates/"
                         "controller-deployment.yaml spec.selector.matchLabels (app: controller.name, "
                         "efs-csi-controller by values.yaml) and deploy/kubernetes/base/controller-deployment.yaml "
                         "@a4fc6760",
        # its chart labels the Deployment and pods with app.kubernetes.io/name only, no helm.sh/chart
        # (charts/aws-efs-csi-driver/templates/controller-deployment.yaml @008332a5): not known by its chart
        "charts": (),
        "auto_mode": None,  # EKS Auto Mode is among the EFS CSI add-on's compatible compute types: it runs there
        "on_ecs": "ECS mounts a task's EFS file system itself (efsVolumeConfiguration), Amazon ECS Developer Guide, "
                  "'Use Amazon EFS volumes with Amazon ECS'"},
    "aws-load-balancer-controller": {
        "title": "the AWS Load Balancer Controller",
        "deployments": (("kube-system", "aws-load-balancer-controller"),),
        "manifest": "kubernetes-sigs/aws-load-balancer-controller docs/install/v2_2_4_full.yaml; its Helm chart "
                    "installed as the Amazon EKS User Guide does (release aws-load-balancer-controller, -n kube-system)",
        "labels": ({"app.kubernetes.io/name": "aws-load-balancer-controller"},),
        "labels_source": "kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/templates/"
                         "_helpers.tpl selectorLabels (the chart name; app.kubernetes.io/instance is the release) "
                         "@225f4456, the same in aws/eks-charts stable/aws-load-balancer-controller @52396092, and "
                         "docs/install/v2_2_4_full.yaml",
        "charts": ("aws-load-balancer-controller",),
        "charts_source": "kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/templates/"
                         "deployment.yaml metadata.labels (_helpers.tpl labels: helm.sh/chart <.Chart.Name>-<version>; "
                         "the pod template has only selectorLabels) @00793771, _helpers.tpl @00e19460",
        "auto_mode": "'With Amazon EKS Auto Mode, you don't need to install or upgrade networking add-ons. Auto Mode "
                     "includes pod networking and load balancing capabilities', Amazon EKS User Guide, 'Install AWS "
                     "Load Balancer Controller with Helm'",
        "on_ecs": "ECS registers a service's tasks with its load balancer's target groups itself, Amazon ECS "
                  "Developer Guide, 'Use load balancing to distribute Amazon ECS service traffic'"},
    "karpenter": {
        "title": "Karpenter, the node autoscaler",
        "deployments": (("kube-system", "karpenter"), ("karpenter", "karpenter")),
        "manifest": "aws/karpenter-provider-aws charts/karpenter (Deployment named after the release, karpenter, in "
                    "the release's namespace: kube-system in its Getting Started guide, karpenter before v0.33)",
        "labels": ({"app.kubernetes.io/name": "karpenter"},),
        "labels_source": "aws/karpenter-provider-aws charts/karpenter/templates/_helpers.tpl selectorLabels (the chart "
                         "name), used by templates/deployment.yaml @1d927085",
        "charts": ("karpenter",),
        "charts_source": "aws/karpenter-provider-aws charts/karpenter/templates/deployment.yaml metadata.labels "
                         "(_helpers.tpl karpenter.labels: helm.sh/chart <.Chart.Name>-<version>; the pod template has "
                         "only selectorLabels) @00875af1, _helpers.tpl @0ae48ea3",
        "auto_mode": "'Amazon EKS Auto Mode automatically scales cluster compute resources ... EKS Auto Mode builds "
                     "upon Karpenter', Amazon EKS User Guide, 'Scale cluster compute with Karpenter and Cluster "
                     "Autoscaler'",
        "on_ecs": "ECS scales capacity itself: Fargate runs each task on capacity AWS provides, and capacity providers "
                  "launch and stop the EC2 and Managed Instances instances tasks need, Amazon ECS Developer Guide, "
                  "'Amazon ECS capacity providers' (cluster auto scaling)"},
    "cluster-autoscaler": {
        "title": "the Kubernetes Cluster Autoscaler", "deployments": (("kube-system", "cluster-autoscaler"),),
        "manifest": "kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/examples/"
                    "cluster-autoscaler-autodiscover.yaml",
        "labels": ({"app.kubernetes.io/name": "aws-cluster-autoscaler"}, {"app": "cluster-autoscaler"}),
        "labels_source": "kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/templates/_helpers.tpl "
                         "instance-name (app.kubernetes.io/name is cloudProvider-chart name, cloudProvider aws by "
                         "values.yaml) and cluster-autoscaler/cloudprovider/aws/examples/"
                         "cluster-autoscaler-autodiscover.yaml (app: cluster-autoscaler) @55c37cd5",
        "charts": ("cluster-autoscaler",),
        "charts_source": "kubernetes/autoscaler charts/cluster-autoscaler/templates/deployment.yaml metadata.labels "
                         "(_helpers.tpl cluster-autoscaler.labels: helm.sh/chart <.Chart.Name>-<version>; the pod "
                         "template has only instance-name) @03647680, _helpers.tpl @0c063699",
        "auto_mode": "'Amazon EKS Auto Mode automatically scales cluster compute resources', Amazon EKS User Guide, "
                     "'Scale cluster compute with Karpenter and Cluster Autoscaler'",
        "on_ecs": "ECS scales capacity itself: Fargate runs each task on capacity AWS provides, and capacity providers "
                  "launch and stop the EC2 and Managed Instances instances tasks need, Amazon ECS Developer Guide, "
                  "'Amazon ECS capacity providers' (cluster auto scaling)"},
    "metrics-server": {
        "title": "the Kubernetes Metrics Server", "deployments": (("kube-system", "metrics-server"),),
        "manifest": "kubernetes-sigs/metrics-server manifests/base (components.yaml of each release)",
        "labels": ({"app.kubernetes.io/name": "metrics-server"}, {"k8s-app": "metrics-server"}),
        "labels_source": "kubernetes-sigs/metrics-server charts/metrics-server/templates/_helpers.tpl selectorLabels "
                         "(the chart name) and manifests/base/kustomization.yaml commonLabels (k8s-app: "
                         "metrics-server, components.yaml) @5ed5d3a2",
        "charts": ("metrics-server",),
        "charts_source": "kubernetes-sigs/metrics-server charts/metrics-server/templates/deployment.yaml "
                         "metadata.labels (_helpers.tpl metrics-server.labels: helm.sh/chart <.Chart.Name>-<version>; "
                         "the pod template has only selectorLabels) @0c47555e",
        # not among Auto Mode's built-in capabilities; "it isn't deployed by default in Amazon EKS clusters", Amazon
        # EKS User Guide, "View resource usage with the Kubernetes Metrics Server": Auto Mode's nodes run it
        "auto_mode": None,
        "on_ecs": "ECS publishes each service's CPU and memory utilization to CloudWatch itself, which ECS service "
                  "auto scaling reads, Amazon ECS Developer Guide, 'Amazon ECS CloudWatch metrics'"},
}
#: An add-on name of ``CLUSTER_ADDONS`` (``Service.cluster_addon``).
ClusterAddonName = Literal["aws-ebs-csi-driver", "aws-efs-csi-driver", "aws-load-balancer-controller", "karpenter",
                           "cluster-autoscaler", "metrics-server"]
assert set(get_args(ClusterAddonName)) == set(CLUSTER_ADDONS)


def cluster_addon_runs_on(addon: str | None, platform: str) -> bool:
    """Whether a service that is the cluster add-on ``addon`` (``Service.cluster_addon``; None: an application)
    is priced on ``platform`` (``CLUSTER_ADDONS``): on EKS on EC2 and EKS on Fargate, as any Deployment; on EKS Auto
    Mode unless the EKS User Guide says Auto Mode runs that capability itself; never on ECS, which does that job
    itself."""
    if not addon or platform in ("eks-ec2", "eks-fargate"):
        return True
    return platform == "eks-auto-mode" and CLUSTER_ADDONS[addon]["auto_mode"] is None


def cluster_addon_left_out_note(services, platform: str) -> str | None:
    """The note naming the cluster add-on services (``Service.cluster_addon``) ``platform`` leaves out, each with its
    reason, or None when it leaves none out."""
    out = [s for s in services or [] if not cluster_addon_runs_on(getattr(s, "cluster_addon", None), platform)]
    if not out:
        return None
    parts = []
    for s in out:
        a = CLUSTER_ADDONS[s.cluster_addon]
        why = a["on_ecs"] if platform.startswith("ecs") else f"Auto Mode runs it itself: {a['auto_mode']}"
        parts.append(f"{s.name} ({s.cluster_addon}, {a['title']}): {why}")
    return ("Services left out: Deployments that run the Kubernetes cluster itself (Service.cluster_addon), not "
            "priced here: " + "; ".join(parts) + ".")


def cluster_addon_note(svc) -> str:
    """What each platform does with a cluster add-on service of the input (``Service.cluster_addon``)."""
    a = CLUSTER_ADDONS[svc.cluster_addon]
    auto = (f"left out on EKS Auto Mode, which runs it itself ({a['auto_mode']})" if a["auto_mode"]
            else "priced on EKS Auto Mode too, whose nodes run it as any Deployment (not among Auto Mode's "
                 "built-in capabilities, Amazon EKS User Guide, 'Automate cluster infrastructure with EKS Auto Mode')")
    return (f"Service {svc.name} is {a['title']} ({svc.cluster_addon}, Service.cluster_addon), which runs the "
            f"Kubernetes cluster, not an application: priced on EKS on EC2 and EKS on Fargate as any Deployment; "
            f"{auto}; left out on the ECS platforms, where ECS does its job itself: {a['on_ecs']}.")


class Service(_Strict):
    """One ECS service / Kubernetes Deployment: a task (pod) size and how many run.

    Size: ``cpu``/``memory`` per task or pod, or ``containers`` (and ``init_containers``) from which the pod
    request is derived by the Kubernetes rules in ``advisor.workload.pod``. A container without a request
    counts 0 and is listed by ``containers_without_requests`` (see ``Container``).
    """

    name: str = Field(min_length=1, max_length=253)
    cpu: CpuQuantity = Field(None, description="vCPU per task/pod; also '0.5 vCPU', '512 units', '500m'")
    memory: MemoryQuantity = Field(None, description="MiB per task/pod; also '1 GB' (=1024 MiB), '1 GiB', '1Gi', '1024Mi'")
    containers: list[Container] | None = Field(
        None, max_length=100,
        description="per-container requests; when cpu/memory are absent the pod request is derived from them"
    )
    init_containers: list[Container] | None = Field(
        None, max_length=100,
        description="init containers in start order (sidecar: true for native sidecars); Kubernetes pod-request rule")
    pod_overhead: PodOverhead | None = Field(
        None, description="Kubernetes pod overhead (spec.overhead, from the pod's RuntimeClass overhead.podFixed): "
        "added to the pod request where the Kubernetes scheduler places pods on EC2 nodes (EKS on EC2, EKS Auto "
        "Mode); not by EKS on Fargate (its sizing rule names none) nor ECS ('Pod Overhead', Kubernetes docs)")
    replicas: int | None = Field(None, ge=0, le=MAX_TASKS_PER_SERVICE,
                                 description="desired count (default 1 unless scaling is given); at most 5,000, "
                                 "the ECS 'Tasks per service' quota")
    scaling: Scaling | None = None
    architecture: Literal["x86_64", "arm64"] = "x86_64"
    os: Literal["linux", "windows"] = "linux"
    ephemeral_storage_gib: float = Field(
        FARGATE_INCLUDED_STORAGE_GIB,
        ge=FARGATE_INCLUDED_STORAGE_GIB,
        le=ECS_FARGATE_MAX_STORAGE_GIB,
        description="ephemeral storage per task; Fargate includes 20 GiB, above that is billed (max 200)",
    )
    monthly_hours: Hours | None = Field(None, description="hours per month this service runs (default, and at most: the workload's monthly_hours)")
    spot: StrictBool = Field(
        True, description="interruption-tolerant: may run on Spot capacity (set false for stateful/singleton services)"
    )
    public_ip: StrictBool = Field(
        False, description="each task gets a public IPv4 address (ECS awsvpcConfiguration assignPublicIp ENABLED): "
        "one per running task on ECS on Fargate and Fargate Spot, billed per IP-hour (Amazon VPC pricing); tasks on EC2 "
        "cannot have their own (shared.public_ipv4.per_task prices nodes in public subnets) and EKS on Fargate pods run "
        "in private subnets, so none there")
    min_healthy_percent: int = Field(100, ge=MIN_HEALTHY_PERCENT_RANGE[0], le=MIN_HEALTHY_PERCENT_RANGE[1],
                                     description="ECS minimumHealthyPercent (default 100)")
    max_percent: int = Field(200, ge=MAX_PERCENT_RANGE[0], le=MAX_PERCENT_RANGE[1],
                             description="ECS maximumPercent (default 200)")
    deployments_per_month: float = Field(0, ge=0, le=MAX_MINUTES_PER_MONTH,
                                         description="rolling deployments per month (surge cost)")
    deployment_minutes: float = Field(DEFAULT_DEPLOYMENT_MINUTES, gt=0, le=MAX_MINUTES_PER_MONTH,
                                      description="how long one rolling deployment runs, in minutes")
    gpus: int = Field(0, ge=0, le=MAX_GPUS, description="GPUs per task/pod (rules out Fargate); 0 to 8, the most "
                      "GPUs on one EC2 instance in advisor's catalogue")
    on_demand_base: int | None = Field(
        None, ge=0, le=100_000, description="ECS on Fargate + Fargate Spot: tasks of this service kept on FARGATE "
        "(default: the workload's fargate_spot.on_demand_base)")
    capacity_provider_strategy: list[dict] | None = Field(
        None,
        description="ECS capacityProviderStrategy for this service, as the ECS API writes it "
        "([{capacityProvider: FARGATE, base: 2, weight: 1}, {capacityProvider: FARGATE_SPOT, weight: 3}]); "
        "FARGATE / FARGATE_SPOT or EC2 capacity providers, not both (ECS refuses a mix); "
        "default: advisor recommends one",
    )
    network_mode: Literal["awsvpc", "bridge", "host", "none"] | None = Field(
        None,
        description="ECS task networkMode: awsvpc (an ENI per task; the only mode Fargate runs), bridge (Docker "
        "bridge, no ENI per task, EC2 only), host (the instance's network, EC2 only), none; absent = not stated "
        "(Kubernetes pods; ECS on EC2 then uses ec2.ecs_network_mode)",
    )
    host_ports: HostPortList = Field(
        None, max_length=100,
        description="static host ports a task/pod holds on its instance or node: an ECS task's (host or bridge mode; "
        "with network_mode set) or a Kubernetes pod's (its containers' and restartable init containers' "
        "ports[].hostPort, and with hostNetwork their containerPorts; no network_mode). A number is TCP on every "
        "address; write {port: 53, protocol: UDP} (and host_ip for a Kubernetes hostIP) otherwise. At most one "
        "task/pod per instance or node can hold each: two conflict when protocol and port are the same and the "
        "addresses overlap (0.0.0.0, the default, overlaps all), so 53/TCP and 53/UDP do not. A pod's rule out EKS "
        "on Fargate ('Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest')",
    )
    init_host_ports: list[Annotated[int, Field(ge=1, le=65535, strict=True)]] | None = Field(
        None, max_length=100,
        description="hostPorts only a Kubernetes init container that runs to completion declares (no restartPolicy: "
        "Always): the scheduler does not count them ('Only consider initContainers that will be running the entire "
        "duration of the Pod', kube-scheduler GetHostPorts), so they keep no pods apart, but they are in the pod "
        "manifest, which EKS on Fargate refuses ('Pods running on Fargate can't specify HostPort or HostNetwork in "
        "the Pod manifest'). advisor import writes it",
    )
    host_network: StrictBool = Field(
        False, description="the pod uses its node's network namespace (Kubernetes spec.hostNetwork: true); "
        "EKS on Fargate does not run it ('Pods running on Fargate can't specify HostPort or HostNetwork in the Pod "
        "manifest', Amazon EKS User Guide, 'AWS Fargate considerations'). A Kubernetes field: not with an ECS "
        "network_mode other than host")
    host_devices: list[Annotated[str, Field(min_length=1, max_length=255)]] | None = Field(
        None, max_length=100,
        description="host devices mapped into the task's containers (ECS linuxParameters.devices hostPath, e.g. "
        "/dev/fuse): Fargate does not support them, so the service runs on EC2 only",
    )
    host_volumes: list[Annotated[str, Field(min_length=1, max_length=255)]] | None = Field(
        None, max_length=100,
        description="volumes the task's/pod's containers mount from its instance or node (ECS task definition volumes "
        "with host.sourcePath, a folder of the instance, or dockerVolumeConfiguration, a Docker volume; Kubernetes "
        "hostPath volumes), by path or volume name: Fargate cannot mount them, so the service runs on EC2 only (not "
        "ECS on Fargate, Fargate Spot or EKS on Fargate)",
    )
    fargate_unsupported: list[Annotated[str, Field(min_length=1, max_length=255)]] | None = Field(
        None, max_length=20,
        description="ECS task definition parameters the task sets that Fargate does not support, as written in the "
        "task definition (ipcMode, pidMode host, linuxParameters.tmpfs, linuxParameters.sharedMemorySize): ECS on "
        "Fargate and Fargate Spot cannot run it as written, so the service runs on ECS on EC2 there (Amazon ECS "
        "Developer Guide, 'Task definition parameters': ipcMode 'This is not supported for tasks running on "
        "Fargate'; Amazon ECS API Reference, LinuxParameters: 'If you're using tasks that use the Fargate launch "
        "type, the tmpfs parameter isn't supported', '... the sharedMemorySize parameter is not supported')",
    )
    privileged: StrictBool = Field(
        False, description="a container runs privileged (ECS containerDefinitions privileged: true; Kubernetes "
        "securityContext.privileged: true): neither Fargate runs it (ECS: 'This parameter is not supported for Windows "
        "containers or tasks run on Fargate'; EKS: 'Privileged containers aren't supported on Fargate'), so the "
        "service runs on EC2 only (not ECS on Fargate, Fargate Spot or EKS on Fargate)")
    cluster_addon: ClusterAddonName | None = Field(
        None, description="the Deployment runs the Kubernetes cluster itself, not an application (CLUSTER_ADDONS; "
        "advisor import k8s writes it for kube-system/ebs-csi-controller: aws-ebs-csi-driver, efs-csi-controller: "
        "aws-efs-csi-driver, aws-load-balancer-controller, cluster-autoscaler, metrics-server, and karpenter in "
        "kube-system or karpenter, or any Deployment whose pods carry one's chart selector labels, e.g. "
        "app.kubernetes.io/name: aws-load-balancer-controller). EKS on EC2 and EKS on Fargate price it as any service. EKS Auto Mode leaves out "
        "those whose capability the Amazon EKS User Guide says Auto Mode runs itself (EBS CSI controller: 'Auto Mode "
        "includes a block storage capability'; AWS Load Balancer Controller: '... load balancing capabilities'; "
        "Karpenter, Cluster Autoscaler: 'Amazon EKS Auto Mode automatically scales cluster compute resources') and "
        "prices the EFS CSI controller and metrics-server. The ECS platforms leave every one out, as ECS does the job "
        "itself (EBS and EFS volumes, load balancer registration, capacity providers, CloudWatch utilization "
        "metrics). Each estimate that leaves one out says so in a note")
    one_per_node: StrictBool = Field(
        False, description="each task/pod needs a node of its own (Kubernetes required pod anti-affinity on "
        "kubernetes.io/hostname against its own pods; ECS placement constraint distinctInstance): the EC2 fleets place "
        "at most one of its tasks/pods on a node, so they have at least as many nodes as it runs tasks/pods")
    instance_types: InstanceTypeNames | None = \
        Field(None, min_length=1, max_length=100,
              description="EC2 instance types its tasks/pods may run on, e.g. [m6i.large, m6i.xlarge] (ECS placement "
              "constraint memberOf attribute:ecs.instance-type; Kubernetes node selector node.kubernetes.io/instance-type): "
              "the EC2 fleets place it on these only (named types are candidates even when a default excludes their "
              "category, as in ec2.allowed_types); Fargate does not use it")
    instance_families: InstanceFamilyNames | None \
        = Field(None, min_length=1, max_length=100,
                description="EC2 instance families its tasks/pods may run on, e.g. [c7g] (Kubernetes node selector "
                "karpenter.k8s.aws/instance-family or eks.amazonaws.com/instance-family): the EC2 fleets place it on "
                "types of these families only (with instance_types: types in both)")
    instance_type_pattern: str | None = Field(
        None, max_length=256,
        description="a regular expression the whole EC2 instance type name must match for its tasks/pods, e.g. "
        "'m5.*' (ECS placement constraint memberOf attribute:ecs.instance-type =~ m5.*, a Java regular expression; "
        "exclusions != / not_in / !~ and a Kubernetes NotIn as a pattern matching every other type): the EC2 fleets "
        "place it on matching candidate types only (with instance_types / instance_families: types that satisfy "
        "each); Fargate does not use it")
    persistent_volumes: list[PersistentVolume] | None = Field(
        None, max_length=100,
        description="persistent volumes per task/pod (StatefulSet volumeClaimTemplates), or shared by the pods "
        "(shared: true): priced as EBS on EC2; EKS on Fargate cannot mount EBS volumes",
    )
    runs_per_month: float | None = Field(
        None, gt=0, le=MAX_MINUTES_PER_MONTH,
        description="batch (Job/CronJob): runs a month; with run_minutes, monthly_hours = runs x minutes / 60",
    )
    run_minutes: float | None = Field(
        None, gt=0, le=MAX_MINUTES_PER_MONTH,
        description="batch (Job/CronJob): how long one run lasts, in minutes (Fargate bills a minimum per task/pod)",
    )

    @field_validator("persistent_volumes")
    @classmethod
    def _volume_names_unique(cls, v: list[PersistentVolume] | None) -> list[PersistentVolume] | None:
        """Each volume of one service once: two entries with one name are one claim template (Kubernetes: the
        StatefulSet's ``volumeClaimTemplates`` names, and a pod's volume names, are unique; ECS: one managed EBS
        volume per task), which would be priced twice."""
        first: dict[str, int] = {}
        for i, vol in enumerate(v or []):
            if vol.name is None:
                continue
            if vol.name in first:
                raise field_errors("Service", [((i, "name"), (
                    f"{vol.name!r} is also persistent_volumes[{first[vol.name]}]'s name; each volume of a service is "
                    "listed once (a StatefulSet's volumeClaimTemplates and a pod's volumes have unique names), and "
                    "two entries would be priced twice. Remove the repeat, or rename it if it is another volume"),
                    vol.name)])
            first[vol.name] = i
        return v

    @field_validator("capacity_provider_strategy")
    @classmethod
    def _strategy_valid(cls, v: list[dict] | None) -> list[dict] | None:
        if v is None:
            return v
        import json

        from advisor.workload.capacity_providers import parse_shorthand, to_api_json

        return to_api_json(parse_shorthand([json.dumps(v)]))

    @field_validator("instance_types", "instance_families")
    @classmethod
    def _instance_names(cls, v: list[str] | None, info) -> list[str] | None:
        """Names as AWS writes them (lower case; a type is family.size), each once: ECS placement constraints and
        node labels compare them exactly, so ``M6i.large`` would match no instance."""
        if v is None:
            return v
        pattern, what, example = ((INSTANCE_TYPE_PATTERN, "an EC2 instance type name", "m6i.large")
                                  if info.field_name == "instance_types" else
                                  (INSTANCE_FAMILY_PATTERN, "an EC2 instance family", "c7g"))
        for i, name in enumerate(v):
            if not re.fullmatch(pattern, name):
                hint = f"; did you mean {name.strip().lower()!r}?" if re.fullmatch(pattern, name.strip().lower()) else ""
                raise ValueError(f"item {i}: {name!r} is not {what} as AWS writes it (lower case, e.g. {example!r})"
                                 f"{hint}")
        if len(set(v)) != len(v):
            raise ValueError(f"lists {sorted({n for n in v if v.count(n) > 1})[0]!r} twice; give each once")
        return v

    @field_validator("host_devices", "host_volumes", "fargate_unsupported")
    @classmethod
    def _host_paths_text(cls, v: list[str] | None, info: ValidationInfo) -> list[str] | None:
        """A host device's or volume's path (or Docker volume name) is text to read: one that is only spaces, or holds
        invisible characters (a newline, a tab), names no device or folder, yet would rule out Fargate."""
        for i, item in enumerate(v or []):
            if not item.strip() or not item.isprintable():
                if info.field_name == "fargate_unsupported":
                    raise ValueError(f"item {i} ({item!r}) is blank or holds invisible characters (a newline, a tab); "
                                     "write the task definition parameter, e.g. linuxParameters.tmpfs")
                what = "device, e.g. /dev/fuse" if info.field_name == "host_devices" else \
                    "folder or Docker volume, e.g. /var/log"
                raise ValueError(f"item {i} ({item!r}) is blank or holds invisible characters (a newline, a tab); "
                                 f"write the container instance's {what}")
        return v

    @field_validator("instance_type_pattern")
    @classmethod
    def _type_pattern(cls, v: str | None) -> str | None:
        return v if v is None else check_type_pattern(v)

    @field_validator("name")
    @classmethod
    def _name_stripped(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("name must not be blank")
        return v

    @field_validator("containers")
    @classmethod
    def _no_sidecar_in_containers(cls, v: list[Container] | None) -> list[Container] | None:
        for c in v or []:
            if c.sidecar:
                raise ValueError(f"container {c.name or '?'}: sidecar applies to init_containers only (a native "
                                 "sidecar is an init container with restartPolicy: Always); remove it here")
        return v

    @model_validator(mode="after")
    def _host_ports_each_once(self) -> "Service":
        """Each held port once in ``host_ports`` (by protocol, port and address: ``80`` and ``{port: 80}`` are one)
        and in ``init_host_ports``, each parameter once in ``fargate_unsupported``: the Kubernetes API server refuses a
        pod that declares one host port twice (``AccumulateUniqueHostPorts``, "Duplicate value"), and a repeat would
        be listed twice in every reason. An ECS task (``network_mode`` set) binds every address of its instance, over
        TCP or UDP only (Amazon ECS API Reference, PortMapping: protocol "tcp | udp"; no host address), so a
        ``host_ip`` or SCTP there is refused, as ``host_network`` is with an ECS mode other than host."""
        problems: list[tuple[tuple, str, Any]] = []
        for name in ("host_ports", "init_host_ports", "fargate_unsupported"):
            seen: dict = {}
            for i, item in enumerate(getattr(self, name) or []):
                key = port_key(item) if name != "fargate_unsupported" else item
                if key in seen:
                    shown = str(item) if name != "fargate_unsupported" else repr(item)
                    problems.append(((name, i), f"{shown} is item {seen[key]} too; list each " + (
                        "port (protocol, port and address) once: the Kubernetes API server refuses a pod that "
                        "declares one host port twice ('Duplicate value')" if name == "host_ports" else
                        "port once: the Kubernetes API server refuses a pod that declares one host port twice "
                        "('Duplicate value')" if name == "init_host_ports" else
                        "task definition parameter once"), item))
                    break
                seen[key] = i
        if self.network_mode is not None:
            for i, port in enumerate(self.host_ports or []):
                if isinstance(port, HostPort) and port.host_ip is not None:
                    problems.append(((("host_ports", i, "host_ip")), (
                        f"{port.host_ip!r} is a Kubernetes hostIP, and an ECS task (network_mode "
                        f"{self.network_mode}) binds its host ports on every address of its instance (a PortMapping "
                        "has no host address): remove host_ip, or network_mode for a Kubernetes pod"), port.host_ip))
                elif isinstance(port, HostPort) and port.protocol == "SCTP":
                    problems.append(((("host_ports", i, "protocol")), (
                        f"SCTP is not an ECS port mapping protocol (network_mode {self.network_mode}): ECS takes tcp "
                        "or udp (Amazon ECS API Reference, PortMapping); write TCP or UDP, or remove network_mode for "
                        "a Kubernetes pod"), port.protocol))
        if problems:
            raise field_errors("Service", problems)
        return self

    @model_validator(mode="after")
    def _host_network_is_a_pod_field(self) -> "Service":
        """``host_network`` is Kubernetes's ``hostNetwork``; an ECS task says the same with ``network_mode: host``. With
        another ECS mode (awsvpc: an ENI of its own; bridge; none) it contradicts the task, so it is refused."""
        if self.host_network and self.network_mode not in (None, "host"):
            raise field_errors("Service", [(("host_network",), (
                f"true contradicts network_mode {self.network_mode}: host_network is a Kubernetes pod's "
                "hostNetwork (the node's network), and an ECS task on its instance's network is network_mode host. "
                "Remove host_network, or set network_mode: host (or remove it for a Kubernetes pod)"), True)])
        return self

    @model_validator(mode="after")
    def _derive(self) -> "Service":
        if self.replicas is not None and self.scaling is not None:
            raise ValueError("give either replicas or scaling, not both (scaling.average is what the cost uses)")
        if self.deployments_per_month * self.deployment_minutes > MAX_MINUTES_PER_MONTH:
            # the surge estimate refuses it too (advisor.sizing.strategy); said here, the message names the service
            raise ValueError(
                f"deployments_per_month x deployment_minutes = {self.deployments_per_month:g} x "
                f"{num(self.deployment_minutes)} = {num(self.deployments_per_month * self.deployment_minutes)} minutes of "
                f"deployments, more than a month has ({MAX_MINUTES_PER_MONTH:,g}); give the deployments this service "
                "runs in a month and how long one takes")
        if self.os == "windows" and self.architecture == "arm64":
            raise ValueError(WINDOWS_ARM64_MESSAGE)
        if self.containers and (self.cpu is not None or self.memory is not None):
            problems = self.size_problems()
            if problems:
                raise field_errors("Service", problems)
        if self.cpu is None or self.memory is None:
            if not self.containers:
                missing = [k for k in ("cpu", "memory") if getattr(self, k) is None]
                raise ValueError(
                    f"missing {' and '.join(missing)}: give the task/pod size as cpu and memory "
                    "(e.g. cpu: 0.5, memory: 1024) or list containers with their requests"
                )
            cpu, mem = pod_request(
                [(c.cpu or 0.0, c.memory or 0.0) for c in self.containers],
                [(c.cpu or 0.0, c.memory or 0.0, c.sidecar) for c in (self.init_containers or [])],
            )
            unsized = {k for _, ks in self.containers_without_requests for k in ks}
            for key, value in (("cpu", cpu), ("memory", mem)):
                if getattr(self, key) is None:
                    if not value and key not in unsized:
                        raise ValueError(f"the containers give no {key} request; set {key} on the service")
                    object.__setattr__(self, key, value)
                    self._derived = self._derived | {key}
        if self.runs_per_month is not None and self.run_minutes is not None:
            hours = self.runs_per_month * self.run_minutes / 60
            if hours > MAX_HOURS_PER_MONTH + 1e-9:
                # The bound is the longest month a workload may declare (monthly_hours at most 744), as for
                # monthly_hours itself. Runs that add up to more overlap: one replica's runs cannot, so the fix is
                # to spread them over parallel replicas (what 'advisor import' writes for an EventBridge schedule
                # whose runs overlap), which bills the same runs. Above the workload's own month (HOURS_PER_MONTH by default)
                # but within 744, the workload refuses them (Workload._hours_within_month).
                raise ValueError(
                    f"runs_per_month x run_minutes = {num(self.runs_per_month)} x {num(self.run_minutes)} / 60 = "
                    f"{num(hours)} hours, more than a month has ({MAX_HOURS_PER_MONTH:g}) for one task: the runs "
                    f"overlap ({grouped(hours / HOURS_PER_MONTH, 4)} runs at once on average over "
                    f"{HOURS_PER_MONTH:g} hours). " + spread_runs_advice(self, HOURS_PER_MONTH))
            if self.monthly_hours is None or _agrees_as_written(self.monthly_hours, hours):
                self.monthly_hours = hours  # the runs' exact hours (a given 16.6667 is 100 x 10 / 60 as written)
            else:
                raise ValueError(f"monthly_hours ({self.monthly_hours!r}) disagrees with runs_per_month x run_minutes "
                                 f"/ 60 = {num(self.runs_per_month)} x {num(self.run_minutes)} / 60 = {hours:.10g}; "
                                 "give one or make them agree")
        elif (self.runs_per_month is None) != (self.run_minutes is None):
            raise ValueError("give runs_per_month and run_minutes together (one run's length and how often it runs)")
        return self

    def size_problems(self, fill: dict[str, float] | None = None) -> list[tuple[tuple, str, Any]]:
        """A ``cpu`` or ``memory`` written beside ``containers`` is the task's (pod's) size and must hold what the
        containers request together, by the pod-request rule the size is otherwise derived with
        (``advisor.workload.pod.pod_request``: the sum of the regular containers and native sidecars, or the largest
        init phase when that is more; a container that requests none of a resource counts 0, or, with ``fill``, the
        workload's ``defaults`` for it, as a Kubernetes LimitRange's ``defaultRequest`` is set on such a container
        before the pod is admitted: Kubernetes "Configure Default CPU Requests and Limits for a Namespace"). The
        service validates itself without ``fill``; ``Workload._sizes_hold_defaults`` again with the defaults, which
        ``_apply_defaults`` fills only into the containers of a size not given. Both platforms refuse less, so advisor
        does too rather than price a size that cannot run (the problems, as ``field_errors`` takes them):

        * ECS (Amazon ECS Developer Guide, "Task definition parameters", container ``cpu``: "the total amount of CPU
          reserved for all containers within a task be lower than the task-level cpu value"; container ``memory``:
          "The total amount of memory reserved for all containers within a task must be lower than the task memory
          value, if one is specified"). A container's ``memory`` here is what ECS reserves (``memoryReservation``,
          else ``memory``), as ``advisor.workload.importers.taskdef`` writes it and checks it
          (``_containers_fit_task``); equal totals are accepted, as ECS accepts them.
        * Kubernetes ("Assign Pod-level CPU and memory resources"; the API server refuses a pod-level request that is
          not "greater than or equal to aggregate container requests"), as the Kubernetes importer checks
          (``_pod_level``).
        """
        fill = fill or {}

        def req(c: Container, key: str) -> float:
            value = getattr(c, key)
            return fill.get(key, 0.0) if value is None else value

        need_cpu, need_mem = pod_request(
            [(req(c, "cpu"), req(c, "memory")) for c in self.containers or []],
            [(req(c, "cpu"), req(c, "memory"), c.sidecar) for c in self.init_containers or []])
        problems: list[tuple[tuple, str, Any]] = []
        for key, need, unit in (("cpu", need_cpu, "vCPU"), ("memory", need_mem, "MiB")):
            given = getattr(self, key)
            if given is None or key in self._derived or given >= need * (1 - 1e-9) - 1e-9:
                continue
            defaulted = [c.name or f"[{i}]" for i, c in enumerate((self.containers or []) + (self.init_containers or []))
                         if getattr(c, key) is None and key in fill]
            if defaulted:
                need_text = (f"{num(need)} {unit}, counting defaults.{key} ({num(fill[key])} {unit}) for "
                             f"{name_list(defaulted)}, which request{'s' if len(defaulted) == 1 else ''} no {key}")
            else:
                need_text = f"{num(need)} {unit}"
            how = ("the sum of the containers' cpu" + (" and native sidecars', or the largest init phase when more"
                                                       if self.init_containers else "")
                   if key == "cpu" else
                   "the sum of the containers' memory (ECS: memoryReservation, else memory; a container without "
                   "memory counts 0" + (", or defaults.memory" if "memory" in fill else "") + ")" + (" and native sidecars', or the largest init phase when more"
                                         if self.init_containers else ""))
            problems.append(((key,), (
                f"{num(given)} {unit} is less than the containers request together, {need_text} ({how}: the "
                "pod-request rule, docs/workload-format.md 'Pod request'). A service's cpu/memory is the task's (pod's) "
                "size and must hold its containers: ECS refuses a task-level size below the containers' total "
                "(Amazon ECS Developer Guide, 'Task definition parameters') and Kubernetes a pod-level request below "
                f"the containers' aggregate. Raise {key} to at least {num(need)} {unit}, or drop {key} to take the "
                "containers' request"), given))
        return problems

    # which size fields were derived from the containers (not written by the user)
    # (a shared immutable default: a default_factory makes pydantic inspect it for every instance)
    _derived: frozenset = PrivateAttr(default=frozenset())

    # canonical accessors
    @property
    def vcpu(self) -> float:
        return float(self.cpu)  # type: ignore[arg-type]

    @property
    def memory_mib(self) -> float:
        return float(self.memory)  # type: ignore[arg-type]

    @property
    def node_request(self) -> tuple[float, float]:
        """(vCPU, MiB) one pod takes of a Kubernetes node: its request plus ``pod_overhead`` (Kubernetes "Pod
        Overhead": the scheduler "adds the requests and the overhead"). The EKS on EC2 and EKS Auto Mode packing
        reads this; every other platform reads ``vcpu`` / ``memory_mib``."""
        oh = self.pod_overhead
        return with_overhead((self.vcpu, self.memory_mib), None if oh is None else (oh.vcpu, oh.memory_mib))

    @property
    def desired(self) -> float:
        """Tasks running on average (replicas, or scaling.average; default 1)."""
        if self.scaling is not None:
            return float(self.scaling.average)
        return float(1 if self.replicas is None else self.replicas)

    @property
    def desired_count(self) -> int:
        """The desired count a service definition would hold (scaling.average rounded up; replicas, a whole number,
        as it is)."""
        if self.scaling is not None:
            return math.ceil(float(self.scaling.average) - 1e-9)
        return 1 if self.replicas is None else self.replicas

    @property
    def peak_count(self) -> int:
        """The most tasks this service asks for at once (scaling.max, or the desired count)."""
        if self.scaling is not None:
            return self.scaling.max
        return 1 if self.replicas is None else self.replicas

    @property
    def node_host_ports(self) -> list[int | HostPort]:
        """The static host ports a pod of this service holds on its Kubernetes node: ``host_ports`` when the service
        has no ``network_mode`` (a pod's ``hostPort``s, and its ``containerPort``s under ``hostNetwork``). An ECS task's
        host ports (``network_mode`` bridge or host) come from ECS networking, where tasks share their instance's
        address; the same containers as a pod get an address of their own (Amazon VPC CNI) and hold no node port, so
        they are not counted for EKS."""
        return list(self.host_ports or []) if self.network_mode is None else []

    @property
    def containers_without_requests(self) -> list[tuple[str, tuple[str, ...]]]:
        """(container name, ("cpu", "memory") it requests none of) for every container, init containers included,
        that leaves a resource unrequested -- only when the pod size is derived from the containers."""
        if self.containers is None or (self.cpu is not None and self.memory is not None and not self._derived):
            return []
        out = []
        for label, items in (("", self.containers or []), ("init ", self.init_containers or [])):
            for i, c in enumerate(items):
                missing = tuple(k for k in ("cpu", "memory") if getattr(c, k) is None
                                and (k in self._derived or getattr(self, k) is None))
                if missing:
                    out.append((f"{label}{c.name or f'[{i}]'}", missing))
        return out

    @property
    def has_no_requests(self) -> bool:
        """True when no container requests anything: EKS on Fargate then runs the pod at its smallest size,
        0.25 vCPU / 0.5 GB (Amazon EKS User Guide, "Fargate Pod configuration": "If you don't specify a vCPU and
        memory combination, then the smallest available combination is used (.25 vCPU and 0.5 GB memory)")."""
        return bool(self._derived) and not self.cpu and not self.memory

    @property
    def deployment_blocked(self) -> bool:
        """True when an ECS rolling deployment cannot start: it may neither add a task (maximumPercent of the
        desired count, rounded down, leaves no room) nor stop one (minimumHealthyPercent, rounded up, keeps all).

        ECS API Reference, "DeploymentConfiguration": maximumPercent is "the upper limit on the number of your
        service's tasks that are allowed in the RUNNING or PENDING state during a deployment, as a percentage of
        the desiredCount (rounded down to the nearest integer)"; minimumHealthyPercent "the lower limit ...
        (rounded up to the nearest integer)". E.g. desired 1, 100% / 134%: max floor(1.34) = 1, min 1.
        """
        desired = self.desired_count
        if desired == 0:
            return False
        max_tasks = desired * self.max_percent // 100
        min_healthy = -(-desired * self.min_healthy_percent // 100)
        return max_tasks <= desired and min_healthy >= desired


#: The EKS add-ons whose pods are DaemonSets on every node, by EKS add-on name (``DaemonSet.eks_addon``), with
#: what each platform does with them. Sources: Amazon EKS User Guide, "AWS add-ons" (its table of add-ons and their
#: "Compatible compute types": none of these lists Fargate; EBS CSI, Pod Identity Agent, node monitoring agent,
#: VPC CNI and kube-proxy do not list EKS Auto Mode, and each of their sections says "You do not need to install
#: this add-on on Amazon EKS Auto Mode clusters"; the EFS CSI driver lists EKS Auto Mode, whose nodes run it as any
#: DaemonSet); the DaemonSets' names and namespace in each one's public manifests (below). ``default``: advisor
#: reserves a pod of it on every EKS on EC2 node already (``sizing.nodes.DEFAULT_EKS_DAEMONSETS``), which the
#: input's takes the place of; the others are reserved once, as they are. ``auto_mode``: the User Guide's words that
#: Auto Mode runs it itself (left out there), or None (Auto Mode nodes run it). ``on_ecs``: why ECS has no such pod.
#: ``advisor import k8s`` reads a DaemonSet as this add-on by its name in kube-system (``daemonsets``) or by its pod
#: template's labels (``labels``, ``labels_source``: the chart's or manifest's selector labels, ``addon_of_labels``;
#: kube-proxy by its ``k8s-app: kube-proxy``), or else by the Helm chart label its chart puts on the DaemonSet
#: (``charts``, ``charts_source``, ``addon_of_chart``), which a release installed with ``nameOverride`` keeps, or
#: else, for a chart whose labels all follow ``nameOverride``, by its container (``containers``: the container's name,
#: ``.Chart.Name``, and its image repository, ``containers_source``, ``addon_of_containers``).
EKS_ADDONS: dict[str, dict[str, Any]] = {
    "vpc-cni": {
        "title": "the Amazon VPC CNI plugin for Kubernetes", "daemonsets": ("aws-node",), "default": True,
        "manifest": "aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml",
        "labels": ({"k8s-app": "aws-node"},),
        "labels_source": "aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/daemonset.yaml spec.selector "
                         "(k8s-app: aws-node, whatever nameOverride says) and config/master/aws-k8s-cni.yaml @b5218838",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters': Auto Mode runs pod "
                     "networking itself",
        "on_ecs": "the ECS agent gives awsvpc tasks their network"},
    "kube-proxy": {
        "title": "kube-proxy", "daemonsets": ("kube-proxy",), "default": True,
        "manifest": "the kube-proxy DaemonSet EKS installs in kube-system",
        # the selector label of the DaemonSet EKS installs (and kubeadm's), whatever the DaemonSet is named
        "labels": ({"k8s-app": "kube-proxy"},),
        "labels_source": "the kube-proxy DaemonSet of EKS (metadata.labels eks.amazonaws.com/component: kube-proxy, "
                         "k8s-app: kube-proxy; spec.selector.matchLabels and pod template k8s-app: kube-proxy), as "
                         "copied from an EKS cluster in PacktPublishing/Kubernetes-in-Production-Best-Practices "
                         "Chapter05/ansible/templates/kube-proxy/kube-proxy.yaml @e42db720, and kubeadm's "
                         "kubernetes/kubernetes cmd/kubeadm/app/phases/addons/proxy/manifests.go KubeProxyDaemonSet19 "
                         "@0e998fac",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters'",
        "on_ecs": "ECS runs no Kubernetes Services to route"},
    "aws-ebs-csi-driver": {
        "title": "the Amazon EBS CSI driver's node plugin", "daemonsets": ("ebs-csi-node", "ebs-csi-node-windows"),
        "default": False,
        "manifest": "kubernetes-sigs/aws-ebs-csi-driver deploy/kubernetes/base/node.yaml, node-windows.yaml "
                    "(namespace kube-system by its kustomization.yaml)",
        # every DaemonSet of the chart is a node plugin (ebs-csi-node, -windows, additionalDaemonSets' -<name>)
        "labels": ({"app.kubernetes.io/name": "aws-ebs-csi-driver"},),
        "labels_source": "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/_node.tpl and "
                         "_node-windows.tpl spec.selector.matchLabels (_helpers.tpl selectorLabels) and "
                         "deploy/kubernetes/base/node.yaml @429e202e",
        "charts": ("aws-ebs-csi-driver",),
        "charts_source": "kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/_node.tpl "
                         "metadata.labels and pod template labels (_helpers.tpl labels: helm.sh/chart <.Chart.Name>-"
                         "<version>, not nameOverride) @01db425b",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters. Auto Mode includes "
                     "a block storage capability'",
        "on_ecs": "ECS attaches EBS volumes to tasks itself, Amazon ECS Developer Guide, 'Use Amazon EBS volumes with "
                  "Amazon ECS'"},
    "aws-efs-csi-driver": {
        "title": "the Amazon EFS CSI driver's node plugin", "daemonsets": ("efs-csi-node",), "default": False,
        "manifest": "kubernetes-sigs/aws-efs-csi-driver deploy/kubernetes/base/node-daemonset.yaml (namespace "
                    "kube-system by its kustomization.yaml)",
        # app: efs-csi-node is written as it is in the chart's template (so is the DaemonSet's name), whatever
        # nameOverride says (app.kubernetes.io/name); the chart sets no helm.sh/chart label
        "labels": ({"app": "efs-csi-node"},),
        "labels_source": "kubernetes-sigs/aws-efs-csi-driver charts/aws-efs-csi-driver/templates/node-daemonset.yaml "
                         "spec.selector.matchLabels (app: efs-csi-node as written; app.kubernetes.io/name the chart "
                         "name or nameOverride) and deploy/kubernetes/base/node-daemonset.yaml @a4fc6760",
        "auto_mode": None,
        "on_ecs": "ECS mounts EFS file systems into tasks itself, a task definition's efsVolumeConfiguration, Amazon "
                  "ECS Developer Guide, 'Use Amazon EFS volumes with Amazon ECS'"},
    "eks-pod-identity-agent": {
        "title": "the EKS Pod Identity Agent", "daemonsets": ("eks-pod-identity-agent",), "default": False,
        "manifest": "aws/eks-pod-identity-agent charts/eks-pod-identity-agent templates/daemonset.yaml (the add-on "
                    "installs it in kube-system)",
        # the hybrid-node DaemonSets (nameSuffix hybrid, hybrid-bottlerocket) carry the suffixed name: not matched by
        # labels, but by the chart label (they are the agent, held to hybrid nodes by their required node affinity
        # on eks.amazonaws.com/compute-type, DaemonSet.compute_types: reserved on no EC2 node)
        "labels": ({"app.kubernetes.io/name": "eks-pod-identity-agent"},),
        "labels_source": "aws/eks-pod-identity-agent charts/eks-pod-identity-agent/templates/_helpers.tpl "
                         "selectorLabels (nameOverride eks-pod-identity-agent in values.yaml) @d4dc0f3f",
        "charts": ("eks-pod-identity-agent",),
        "charts_source": "aws/eks-pod-identity-agent charts/eks-pod-identity-agent/templates/daemonset.yaml "
                         "metadata.labels (_helpers.tpl labels: helm.sh/chart <.Chart.Name>-<.Chart.Version>; the pod "
                         "template has only selectorLabels) @d4dc0f3f",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters. Amazon EKS Auto Mode "
                     "integrates with EKS Pod Identity'",
        "on_ecs": "ECS gives each task its IAM role itself, the task role (taskRoleArn)"},
    "eks-node-monitoring-agent": {
        "title": "the EKS node monitoring agent", "daemonsets": ("eks-node-monitoring-agent",), "default": False,
        "manifest": "aws/eks-node-monitoring-agent's chart (DaemonSet kube-system/eks-node-monitoring-agent)",
        # not its dcgm-server DaemonSet (k8s-app: dcgm-server), which is not the agent
        "labels": ({"app.kubernetes.io/name": "eks-node-monitoring-agent"},),
        "labels_source": "aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent/templates/_helpers.tpl "
                         "selectorLabels (nameOverride eks-node-monitoring-agent in values.yaml) @51af5494",
        # its helm.sh/chart label is the name (nameOverride), not <chart>-<version>: no chart label to read. The
        # agent's container is named .Chart.Name and runs <registry>/eks/eks-node-monitoring-agent:<tag>; the
        # dcgm-server DaemonSet's container (<.Chart.Name>-dcgm) may run the same image and is not matched
        "containers": (("eks-node-monitoring-agent", "eks/eks-node-monitoring-agent"),),
        "containers_source": "aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent/templates/daemonset.yaml "
                             "(container name .Chart.Name), dcgm-daemonset.yaml, _helpers.tpl "
                             "eks-node-monitoring-agent.image and .labels (helm.sh/chart: the name) @51af5494",
        "auto_mode": "'You do not need to install this add-on on Amazon EKS Auto Mode clusters'",
        "on_ecs": "it reports node health to EKS (node auto repair), which ECS does not read"},
}
#: An EKS add-on name of ``EKS_ADDONS`` (``DaemonSet.eks_addon``).
EksAddonName = Literal["vpc-cni", "kube-proxy", "aws-ebs-csi-driver", "aws-efs-csi-driver", "eks-pod-identity-agent",
                       "eks-node-monitoring-agent"]
assert set(get_args(EksAddonName)) == set(EKS_ADDONS)
#: Where the EKS User Guide lists each add-on's compatible compute types (none of ``EKS_ADDONS`` lists Fargate).
EKS_ADDON_COMPUTE_SOURCE = "Amazon EKS User Guide, 'AWS add-ons', Compatible compute types"


def addon_of_labels(table: dict[str, dict[str, Any]], labels: Any) -> tuple[str, dict[str, str]] | None:
    """The add-on of ``table`` (``EKS_ADDONS`` for a DaemonSet, ``CLUSTER_ADDONS`` for a Deployment) whose selector
    labels a pod template's ``labels`` carry, and those labels; None when none does. A set matches when the pod
    carries every label of it with exactly that value (``metrics-server-client`` is not ``metrics-server``, and a
    label of another key is not looked at): the labels the add-on's chart or manifest selects its pods by
    (``labels_source``), which keep their value whatever the Helm release or namespace is named."""
    if not isinstance(labels, dict):
        return None
    for name, addon in table.items():
        for wanted in addon["labels"]:
            if all(labels.get(key) == value for key, value in wanted.items()):
                return name, dict(wanted)
    return None


#: Helm's chart label: ``helm.sh/chart: <chart name>-<chart version>`` as the charts' _helpers.tpl write it
#: (``printf "%s-%s" .Chart.Name .Chart.Version``; .Chart.Name is the chart's own name, which ``nameOverride`` and
#: ``fullnameOverride`` do not change; Helm, "Labels and Annotations": helm.sh/chart is "NAME-VERSION").
HELM_CHART_LABEL = "helm.sh/chart"


def chart_of_labels(charts: Any, *label_sets: Any) -> str | None:
    """The chart name of ``charts`` (chart names) whose ``helm.sh/chart`` label (``<name>-<version>``, the version a
    digit or ``v`` and a digit first) one of ``label_sets`` (a workload's ``metadata.labels``, its pod template's
    labels) carries; None when none does. ``aws-load-balancer-controller-crds-1.0`` is not the chart
    ``aws-load-balancer-controller``."""
    for labels in label_sets:
        value = labels.get(HELM_CHART_LABEL) if isinstance(labels, dict) else None
        if not isinstance(value, str):
            continue
        for chart in charts:
            rest = value[len(chart) + 1:] if value.startswith(chart + "-") else ""
            if rest[:1].isdigit() or (rest[:1] == "v" and rest[1:2].isdigit()):
                return chart
    return None


def addon_of_chart(table: dict[str, dict[str, Any]], *label_sets: Any) -> tuple[str, dict[str, str]] | None:
    """The add-on of ``table`` (``EKS_ADDONS`` for a DaemonSet, ``CLUSTER_ADDONS`` for a Deployment) whose Helm chart
    (``charts``) the ``helm.sh/chart`` label of one of ``label_sets`` names (``chart_of_labels``), with that label;
    None when none does. Read where the pod labels match no add-on (``addon_of_labels``): a chart installed with
    ``nameOverride`` or ``fullnameOverride`` renames its pods' ``app.kubernetes.io/name``, not its chart label."""
    for name, addon in table.items():
        for labels in label_sets:
            if chart_of_labels(addon.get("charts", ()), labels):
                return name, {HELM_CHART_LABEL: labels[HELM_CHART_LABEL]}
    return None


def image_repository(image: Any) -> str | None:
    """A container image reference's repository, without its tag or digest: ``602401143452.dkr.ecr.us-west-2.
    amazonaws.com/eks/eks-node-monitoring-agent:v1.7.0`` -> ``602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/
    eks-node-monitoring-agent``; None when ``image`` is not a non-empty string (Docker reference grammar: a digest
    follows ``@``, a tag the last ``:`` after the last ``/``, a port the registry host's ``:``)."""
    if not isinstance(image, str) or not image.strip():
        return None
    name = image.strip().split("@", 1)[0]
    slash = name.rfind("/")
    colon = name.rfind(":")
    return name[:colon] if colon > slash else name


def addon_of_containers(table: dict[str, dict[str, Any]], containers: Any) -> tuple[str, dict[str, str]] | None:
    """The add-on of ``table`` one of whose ``containers`` (a pod spec's ``containers`` list) has the name and image
    repository its chart gives it (``containers``: (container name, repository path), the repository matched whole or
    after a ``/``: a registry mirror that keeps the repository path is the same image), with that container's name
    and image; None when none does. Read last, for a chart whose labels all follow ``nameOverride``."""
    if not isinstance(containers, list):
        return None
    for name, addon in table.items():
        for wanted_name, wanted_repo in addon.get("containers", ()):
            for c in containers:
                if not isinstance(c, dict) or c.get("name") != wanted_name:
                    continue
                repo = image_repository(c.get("image"))
                if repo and (repo == wanted_repo or repo.endswith("/" + wanted_repo)):
                    return name, {"container": wanted_name, "image": c["image"]}
    return None


def eks_addon_runs_on(addon: str | None, platform: str) -> bool:
    """Whether a DaemonSet that is the EKS add-on ``addon`` (``DaemonSet.eks_addon``; None: no add-on) runs on
    ``platform``'s nodes (``EKS_ADDONS``): every add-on on EKS on EC2; on EKS Auto Mode those it does not run itself
    (``auto_mode`` None); none on ECS (EC2, Managed Instances, Fargate) or on EKS on Fargate."""
    if not addon:
        return True
    if platform == "eks-ec2":
        return True
    return platform == "eks-auto-mode" and EKS_ADDONS[addon]["auto_mode"] is None


def eks_addon_left_out_note(daemonsets, platform: str) -> str | None:
    """The note of the input's EKS add-on DaemonSets (``DaemonSet.eks_addon``) that ``platform`` leaves out, each with
    its reason, or None when it leaves none out."""
    out = [d for d in daemonsets or [] if getattr(d, "eks_addon", None)
           and not eks_addon_runs_on(d.eks_addon, platform)]
    if not out:
        return None
    ecs, fargate = platform.startswith("ecs"), "fargate" in platform
    parts = []
    for d in out:
        a = EKS_ADDONS[d.eks_addon]
        why = (a["on_ecs"] if ecs else a["auto_mode"] if platform == "eks-auto-mode"
               else f"not deployed to Fargate nodes, {EKS_ADDON_COMPUTE_SOURCE}")
        parts.append(f"{d.name} ({d.eks_addon}, {a['title']}): {why}")
    where = ("on Fargate, whatever daemonsets.on_fargate says" if fargate
             else "on EKS Auto Mode" if platform == "eks-auto-mode" else "")
    return (f"DaemonSets left out{' ' + where if where else ''}: EKS add-ons of EKS nodes (DaemonSet.eks_addon): "
            + "; ".join(parts) + ".")


#: The value of eks.amazonaws.com/compute-type on the nodes of each EC2 platform advisor plans, "ec2" for nodes
#: without the label. EKS Auto Mode: "auto" (Amazon EKS User Guide, "Control if a workload is deployed on EKS Auto
#: Mode nodes"); managed and self-managed node groups carry no such label (the labels EKS gives a managed node
#: group's nodes, Amazon EKS User Guide, "Managed node groups", are eks.amazonaws.com/nodegroup, -capacityType,
#: -nodegroup-image ...), nor do ECS instances, which carry no Kubernetes label at all.
NODE_COMPUTE_TYPE = {"eks-auto-mode": "auto", "eks-ec2": "ec2", "ecs-ec2": "ec2", "ecs-managed-instances": "ec2"}


def node_type_selected(d, instance_type: str, platform: str | None = None) -> bool:
    """Whether DaemonSet ``d`` (a ``DaemonSet`` or ``advisor.sizing.nodes.DaemonSetSpec``: fields ``instance_types``,
    ``instance_families``, ``instance_type_pattern``, ``compute_types``) has a pod on a node of ``instance_type``
    (e.g. ``m5.large``) on ``platform`` (None: any): the one rule every EC2 estimate, the nodes command and the
    managed platforms follow. Kubernetes "DaemonSet", Running Pods on select Nodes: "the DaemonSet controller will
    create Pods on nodes which match that node selector"; node.kubernetes.io/instance-type is the node's instance type
    (Kubernetes "Well-Known Labels, Annotations and Taints"), its family the name before the dot (Karpenter
    "Scheduling", karpenter.k8s.aws/instance-family)."""
    types = getattr(d, "instance_types", None)
    families = getattr(d, "instance_families", None)
    pattern = getattr(d, "instance_type_pattern", None)
    computes = getattr(d, "compute_types", None)
    if computes is not None and platform in NODE_COMPUTE_TYPE and NODE_COMPUTE_TYPE[platform] not in computes:
        return False
    if types and instance_type not in types:
        return False
    if families and instance_type.split(".", 1)[0] not in families:
        return False
    if pattern:
        from advisor.workload.type_pattern import type_matches

        return type_matches(pattern, instance_type)
    return True


def runs_on_platform_nodes(d, platform: str | None) -> bool:
    """Whether DaemonSet ``d`` may have a pod on some node of ``platform`` by its eks.amazonaws.com/compute-type rule
    (``DaemonSet.compute_types``, ``NODE_COMPUTE_TYPE``); True when it has none, or on another platform."""
    computes = getattr(d, "compute_types", None)
    return computes is None or platform not in NODE_COMPUTE_TYPE or NODE_COMPUTE_TYPE[platform] in computes


class DaemonSet(_Strict):
    """A Kubernetes DaemonSet: one pod on every node (per-node overhead on EKS EC2 nodes).

    Fargate runs no DaemonSets (Amazon EKS User Guide, "AWS Fargate considerations": "Daemonsets aren't
    supported on Fargate. If your application requires a daemon, reconfigure that daemon to run as a sidecar
    container in your Pods"). ``on_fargate`` says what the Fargate estimates do instead: ``sidecar`` adds the
    DaemonSet pod's request to every pod/task, ``exclude`` leaves it out. ``cpu``/``memory`` absent = the pod
    requests none (the missing-requests rule; ``defaults:`` fills it).
    """

    name: str = Field(min_length=1, max_length=253)
    cpu: CpuQuantity = Field(None, description="vCPU per DaemonSet pod (its pod request; absent = no request)")
    memory: MemoryQuantity = Field(None, description="MiB per DaemonSet pod (its pod request; absent = no request)")
    pod_overhead: PodOverhead | None = Field(
        None, description="Kubernetes pod overhead of its pods (spec.overhead, from their RuntimeClass): reserved on "
        "every EKS node beside the request; not part of a Fargate sidecar ('Pod Overhead', Kubernetes docs)")
    on_fargate: Literal["sidecar", "exclude"] = Field(
        "sidecar", description="on Fargate (no DaemonSets): sidecar = run it as a sidecar in every pod/task "
        "(priced per pod), exclude = leave it out")
    host_network: StrictBool = Field(
        False, description="hostNetwork: true (the pod takes no pod IP / ENI slot on an EC2 node). It works on its "
        "node's network, and a Fargate pod or task has no node: EKS on Fargate runs no pod on its node's network, not as "
        "a sidecar either ('Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest', Amazon "
        "EKS User Guide, 'AWS Fargate considerations'), and an ECS task on Fargate has no host network mode ('For Amazon "
        "ECS tasks on Fargate, the awsvpc network mode is required', TaskDefinition networkMode), so both Fargate "
        "estimates leave it out whatever on_fargate says; the EC2 nodes run it as any DaemonSet")
    host_ports: HostPortList = Field(
        None, max_length=100,
        description="static host ports the DaemonSet pod holds on every node (its containers' ports[].hostPort, and "
        "with hostNetwork their containerPorts), written as Service.host_ports. A pod of a service holding a "
        "conflicting port finds no node on the Kubernetes EC2 platforms (kube-scheduler's NodePorts filter: "
        "'node(s) didn't have free ports for the requested pod ports'), so EKS on EC2 and EKS Auto Mode cannot run "
        "that service. A DaemonSet on host ports serves its node's ports (an ingress proxy on 80/443): no Fargate pod may "
        "hold one (EKS) and no Fargate task has a node whose port it holds (ECS: awsvpc only, hostPort 'must be the "
        "same value as the containerPort'), so both Fargate estimates leave it out whatever on_fargate says")
    privileged: StrictBool = Field(
        False, description="a container of the DaemonSet pod runs privileged (securityContext.privileged: true): "
        "Fargate runs no privileged container, not as a sidecar either ('Privileged containers aren't supported on "
        "Fargate', Amazon EKS User Guide, 'AWS Fargate considerations'), so the Fargate estimates leave it out "
        "whatever on_fargate says; the EC2 nodes run it as any DaemonSet")
    host_volumes: list[Annotated[str, Field(min_length=1, max_length=255)]] | None = Field(
        None, max_length=100,
        description="folders of the node the DaemonSet pod mounts (its hostPath volumes, e.g. /var/log of a log "
        "collector), by path: no Fargate task or pod can mount them (ECS: 'If you're using the Fargate launch type, the "
        "sourcePath parameter is not supported'; EKS: the Fargate scheduler refuses a hostPath volume), so, as for "
        "privileged, both Fargate estimates leave it out whatever on_fargate says; the EC2 nodes run it as any DaemonSet")
    eks_addon: EksAddonName | None = Field(
        None, description="the EKS add-on this DaemonSet is (EKS_ADDONS; advisor import writes it for kube-system/"
        "aws-node: vpc-cni, kube-proxy: kube-proxy, ebs-csi-node and ebs-csi-node-windows: aws-ebs-csi-driver, "
        "efs-csi-node: aws-efs-csi-driver, eks-pod-identity-agent, eks-node-monitoring-agent, or any DaemonSet whose "
        "pods carry one's chart selector labels, e.g. k8s-app: aws-node). EKS on EC2 runs it "
        "on every node: vpc-cni and kube-proxy in place of the pod advisor reserves for them by default (never "
        "twice), the others once, as they are. EKS Auto Mode leaves out those the Amazon EKS User Guide says it runs "
        "itself ('You do not need to install this add-on on Amazon EKS Auto Mode clusters': VPC CNI, kube-proxy, EBS "
        "CSI, Pod Identity Agent, node monitoring agent) and runs the EFS CSI node plugin as any DaemonSet. Both "
        "Fargates (no Fargate among the add-ons' compatible compute types, 'AWS add-ons') and ECS on EC2 and ECS "
        "Managed Instances (no such pod: ECS gives tasks their network, EBS and EFS volumes and IAM role itself) leave "
        "it out, with a note")
    os: Literal["linux", "windows"] | None = Field(
        None, description="the nodes the DaemonSet runs on, by operating system (its pod template's nodeSelector or "
        "required node affinity on kubernetes.io/os, Kubernetes 'Assigning Pods to Nodes'; a DaemonSet's pods go only "
        "to the nodes they select, 'DaemonSet', Running Pods on select Nodes); absent = every node. Named as "
        "Service.os. advisor's EC2 nodes run Linux (a Windows service is not placed on them), so a windows DaemonSet "
        "is reserved on no node there, with a note; on Fargate it is a sidecar only of Windows tasks")
    architecture: Literal["x86_64", "arm64"] | None = Field(
        None, description="the nodes the DaemonSet runs on, by CPU architecture (kubernetes.io/arch: amd64 = x86_64, "
        "arm64), as os; absent = every node. Named as Service.architecture. The EC2 estimates reserve it only on nodes "
        "of this architecture (none, with a note, when the fleet has none); on Fargate it is a sidecar only of tasks/"
        "pods of this architecture")

    instance_types: InstanceTypeNames | None = \
        Field(None, min_length=1, max_length=100,
              description="the nodes the DaemonSet runs on, by EC2 instance type (node.kubernetes.io/instance-type or "
              "the deprecated beta.kubernetes.io/instance-type: nodeSelector or required node affinity In), e.g. "
              "[m5.large]; absent = every type. Named as Service.instance_types. The EC2 estimates reserve it only on "
              "nodes of these types (none, with a note, when the fleet has none); Fargate does not use it")
    instance_families: InstanceFamilyNames | None \
        = Field(None, min_length=1, max_length=100,
                description="the nodes the DaemonSet runs on, by EC2 instance family (karpenter.k8s.aws/instance-family, "
                "eks.amazonaws.com/instance-family; a nodeSelector on karpenter.k8s.aws/instance-category and the other "
                "instance labels is read into families), e.g. [c7g]; with instance_types: types in both. As "
                "instance_types")
    instance_type_pattern: str | None = Field(
        None, max_length=256,
        description="a regular expression the whole instance type name of its nodes must match (a required node "
        "affinity NotIn on the instance type or family is read as the pattern of every other type), as "
        "Service.instance_type_pattern. As instance_types")
    compute_types: list[Literal["ec2", "auto", "fargate", "hybrid"]] | None = Field(
        None, min_length=1, max_length=4,
        description="the nodes the DaemonSet runs on, by eks.amazonaws.com/compute-type: auto (EKS Auto Mode nodes, "
        "'EKS Auto Mode nodes have set the value of the label eks.amazonaws.com/compute-type to auto', Amazon EKS "
        "User Guide, 'Control if a workload is deployed on EKS Auto Mode nodes'), fargate, hybrid, and ec2 for nodes "
        "without the label (managed and self-managed node groups, ECS instances); absent = every node. NotIn "
        "[fargate], the usual 'not on Fargate' rule, is [ec2, auto, hybrid]: every EC2 node. The EC2 estimates "
        "reserve it on EKS Auto Mode nodes only with auto, on the other platforms' nodes only with ec2 (none, with a "
        "note, otherwise). The Fargate sidecar policy stays on_fargate's")
    node_labels: list[Annotated[str, Field(min_length=1, max_length=400)]] | None = Field(
        None, max_length=50,
        description="other node labels its node selector or required node affinity requires, which advisor cannot "
        "evaluate (custom labels such as role: ingress, karpenter.sh/capacity-type): the EC2 estimates reserve it on "
        "every node, the safe and dearer assumption, and say so in a note naming each. Informational: give "
        "instance_types / instance_families / instance_type_pattern to reserve it on the nodes it selects only")

    def runs_on(self, os: str, architecture: str) -> bool:
        """Whether this DaemonSet has a pod on a node (or, on Fargate, in a task/pod) of ``os`` and ``architecture``:
        ``os`` / ``architecture`` absent = every node."""
        return self.os in (None, os) and self.architecture in (None, architecture)

    @property
    def held_to_types(self) -> bool:
        """Whether a node selector holds this DaemonSet to some EC2 instance types (``node_type_selected``)."""
        return bool(self.instance_types or self.instance_families or self.instance_type_pattern)

    @field_validator("instance_types", "instance_families")
    @classmethod
    def _instance_names(cls, v: list[str] | None, info) -> list[str] | None:
        """As a service's: names as AWS writes them, each once (node labels compare exactly)."""
        return Service._instance_names(v, info)

    @field_validator("instance_type_pattern")
    @classmethod
    def _type_pattern(cls, v: str | None) -> str | None:
        return v if v is None else check_type_pattern(v)

    @field_validator("compute_types")
    @classmethod
    def _compute_types_once(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and len(set(v)) != len(v):
            raise ValueError(f"lists {sorted({n for n in v if v.count(n) > 1})[0]!r} twice; give each once")
        return v

    @field_validator("host_volumes")
    @classmethod
    def _host_volume_paths(cls, v: list[str] | None) -> list[str] | None:
        """As a service's ``host_volumes``: a blank path, or one with invisible characters, names no folder yet would
        keep the DaemonSet off Fargate."""
        for i, item in enumerate(v or []):
            if not item.strip() or not item.isprintable():
                raise ValueError(f"item {i} ({item!r}) is blank or holds invisible characters (a newline, a tab); "
                                 "write the node's folder, e.g. /var/log")
        return v

    @property
    def fargate_sidecar(self) -> bool:
        """Whether the Fargate estimates (ECS on Fargate, Fargate Spot, EKS on Fargate) run this DaemonSet as a sidecar
        in every task/pod: ``on_fargate: sidecar``, and nothing of its pod needs the node it would run on, which a
        Fargate task or pod has not: not ``privileged`` (``FARGATE_PRIVILEGED_RULE``), no ``host_volumes``
        (``FARGATE_HOST_VOLUMES_RULE``), neither ``host_network`` nor ``host_ports`` (EKS:
        ``EKS_FARGATE_HOST_NETWORK_RULE``; ECS: ``ECS_FARGATE_HOST_NETWORK_RULE``), and not an EKS add-on."""
        return (self.on_fargate == "sidecar" and not self.privileged and not self.host_volumes
                and not self.host_network and not self.host_ports and self.eks_addon is None)

    @property
    def needs_node(self) -> str | None:
        """Why no Fargate task or pod can carry this DaemonSet as a sidecar, whatever ``on_fargate`` says: what of its
        pod needs its node ("privileged", "hostPath volumes", "hostNetwork", "hostPort"), or None. An EKS add-on is
        not among them (``eks_addon``: left out for being the cluster's own)."""
        return ("privileged" if self.privileged else "hostPath volumes" if self.host_volumes else
                "hostNetwork" if self.host_network else "hostPort" if self.host_ports else None)

    @property
    def eks_fargate_sidecar(self) -> bool:
        """Whether the EKS on Fargate estimate runs this DaemonSet as a sidecar in every pod: ``fargate_sidecar`` (a
        DaemonSet on its node's network or ports is left out on both Fargates)."""
        return self.fargate_sidecar


def eks_addon_note(d: DaemonSet) -> str:
    """What each platform does with an EKS add-on DaemonSet of the input (``DaemonSet.eks_addon``, ``EKS_ADDONS``)."""
    a = EKS_ADDONS[d.eks_addon]
    ec2 = ("with the request read here, in place of the default advisor reserves for it (not a second time)"
           if a["default"] else "with the request read here, as any DaemonSet")
    auto = (f"left out on EKS Auto Mode, which runs it itself ({a['auto_mode']})" if a["auto_mode"]
            else "run on every EKS Auto Mode node as any DaemonSet (EKS Auto Mode is among its compatible compute types)")
    held = [x for x in (f"instance_types [{', '.join(d.instance_types)}]" if d.instance_types else None,
                        f"instance_families [{', '.join(d.instance_families)}]" if d.instance_families else None,
                        f"instance_type_pattern '{d.instance_type_pattern}'" if d.instance_type_pattern else None) if x]
    where = ("every node" if not (d.os or d.architecture) else
             f"every {' '.join(x for x in (d.os and d.os.capitalize(), d.architecture) if x)} node (its node selector)")
    if held:  # held to some instance types too: on those nodes only (node_type_selected)
        where = (f"every node of its {', '.join(held)}" if where == "every node" else
                 f"{where[:-len(' (its node selector)')]} of its {', '.join(held)} (its node selector)")
    return (f"DaemonSet {d.name} is the EKS add-on {d.eks_addon} ({a['title']}): EKS on EC2 reserves it on {where} "
            f"{ec2}; it is {auto}; it is left out on both Fargates (not among its compatible compute types, "
            f"{EKS_ADDON_COMPUTE_SOURCE}) and on ECS, which runs no such pod: {a['on_ecs']}.")


#: What a team does on Fargate instead of a privileged node agent (a DaemonSet that Fargate cannot run even as a
#: sidecar): Amazon EKS User Guide, "Start AWS Fargate logging for your cluster" ("Amazon EKS on Fargate offers a
#: built-in log router based on Fluent Bit ... you don't explicitly run a Fluent Bit container as a sidecar"), and
#: "AWS Fargate considerations" (a daemon runs "as a sidecar container in your Pods", which must not be privileged).
PRIVILEGED_DAEMONSET_INSTEAD = ("for logs, Fargate's built-in Fluent Bit log router (the aws-logging ConfigMap, Amazon "
                                "EKS User Guide, 'Start AWS Fargate logging for your cluster'); for other agents, an "
                                "unprivileged sidecar build of the agent, or keep such pods on EC2 nodes")


#: What a team does on Fargate instead of a DaemonSet on its node's network or ports (hostNetwork, hostPort; e.g. an
#: ingress proxy on 80/443, Contour's Envoy): for the proxy, a load balancer with IP targets in front of the pods (Amazon
#: EKS User Guide, "AWS Fargate considerations": "Network Load Balancers and Application Load Balancers (ALBs) can be
#: used with Fargate with IP targets only"); for an agent, the daemon "as a sidecar container in your Pods" (same page),
#: on the pod's own network.
HOST_NETWORK_DAEMONSET_INSTEAD = ("for an ingress proxy on its nodes' ports (80/443), a load balancer with IP targets in "
                                  "front of the services ('Network Load Balancers and Application Load Balancers (ALBs) "
                                  "can be used with Fargate with IP targets only', Amazon EKS User Guide, 'AWS Fargate "
                                  "considerations'), or the proxy as a Deployment/ECS service of its own behind it; for "
                                  "an agent, a sidecar on the pod's own network (without hostNetwork or hostPort); or "
                                  "keep such pods on EC2 nodes (an EKS Fargate profile selects the pods it runs)")


class DaemonSets(_Strict):
    """The mapping form of ``daemonsets:``: a Fargate policy for all, and the DaemonSets themselves."""

    on_fargate: Literal["sidecar", "exclude"] = Field(
        "sidecar", description="default for every DaemonSet below (each may override it)")
    pods: list[DaemonSet] = Field(default_factory=_new_list, max_length=MAX_DAEMONSETS, description="the DaemonSets")


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


class ValueRange(_Strict):
    """A min/max range with either end optional, as AWS's InstanceRequirementsRequest writes vCpuCount/memoryMiB."""

    min: float | None = Field(None, ge=0, le=MAX_QUANTITY, description="smallest value accepted (absent: no minimum)")
    max: float | None = Field(None, ge=0, le=MAX_QUANTITY, description="largest value accepted (absent: no maximum)")

    @model_validator(mode="after")
    def _ordered(self) -> "ValueRange":
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max:g}) is smaller than min ({self.min:g}); max must be >= min")
        return self


class InstanceRequirements(_Strict):
    """ECS Managed Instances ``instanceRequirements``: attribute-based instance type selection (ECS API Reference,
    "InstanceRequirementsRequest"; the same attributes as EC2's). Unset attributes take AWS's defaults (EC2 API
    Reference, "InstanceRequirementsRequest"): burstable types excluded, bare metal excluded, current and previous
    generations, no vCPU or memory bound. ``allowed_types`` and ``excluded_types`` cannot both be given (same page).
    Accelerated (GPU) types stay out: advisor does not size GPU nodes."""

    vcpu: ValueRange = Field(default_factory=ValueRange, description="vCpuCount: {min, max} vCPUs per instance")
    memory_mib: ValueRange = Field(default_factory=ValueRange, description="memoryMiB: {min, max} MiB per instance")
    memory_gib_per_vcpu: ValueRange | None = Field(None, description="memoryGiBPerVCpu: {min, max} GiB per vCPU")
    allowed_types: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        None, max_length=400, description="allowedInstanceTypes: only these types or families; * wildcards as AWS "
        "writes them (m7i.large, c7g, m5.*)")
    excluded_types: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        None, max_length=400, description="excludedInstanceTypes: never these types or families (* wildcards)")
    burstable: Literal["included", "excluded", "required"] = Field(
        "excluded", description="burstablePerformance (T types): included, excluded (AWS default) or required")
    bare_metal: Literal["included", "excluded", "required"] = Field(
        "excluded", description="bareMetal: included, excluded (AWS default) or required")
    instance_generations: list[Literal["current", "previous"]] = Field(
        default_factory=lambda: ["current", "previous"], min_length=1,
        description="instanceGenerations (AWS default: current and previous)")
    cpu_manufacturers: list[Literal["intel", "amd", "amazon-web-services", "apple"]] | None = Field(
        None, min_length=1, description="cpuManufacturers: only types with these CPUs (intel, amd, amazon-web-services "
        "= Graviton, apple); absent: any")
    local_storage: Literal["included", "excluded", "required"] = Field(
        "included", description="localStorage (instance store volumes): included (AWS default), excluded or required")

    @model_validator(mode="after")
    def _one_list(self) -> "InstanceRequirements":
        if self.allowed_types and self.excluded_types:
            raise ValueError("give allowed_types or excluded_types, not both (EC2/ECS InstanceRequirementsRequest "
                             "accepts one of the two)")
        return self


class ManagedInstancesProvider(_Strict):
    """A named ECS Managed Instances capacity provider a service's ``capacity_provider_strategy`` can name."""

    name: str = Field(pattern=_PROVIDER_NAME, description="capacity provider name (letters, digits, _ "
                      "and -; not prefixed aws, ecs or fargate)")
    capacity_option_type: Literal["on_demand", "spot", "reserved"] = Field(
        "on_demand", description="capacityOptionType: on_demand (AWS default), spot or reserved (EC2 Capacity "
        "Reservations, priced at the On-Demand rate)")

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, v: str) -> str:
        if v.lower().startswith(("aws", "ecs", "fargate")):
            raise ValueError(f"capacity provider name {v!r} cannot start with aws, ecs or fargate (ECS API Reference, "
                             "CreateCapacityProvider); choose another name, e.g. mi-spot")
        return v


class EcsManagedInstances(_Strict):
    """ECS Managed Instances: ECS chooses, patches and replaces the EC2 instances (docs/platforms.md).

    Without ``instance_requirements`` the ECS default capacity provider is modelled ("automatically selects the
    most cost-optimized general-purpose instance types", Amazon ECS Developer Guide, "Architect for Amazon ECS
    Managed Instances"). ``capacity_providers`` names providers for services' ``capacity_provider_strategy``; a
    strategy cannot mix them with FARGATE / FARGATE_SPOT (same page): ``validate_strategy`` refuses any strategy
    that mixes Fargate providers with other providers.

    ``use_local_storage`` (``advisor.sizing.nodes.ECS_MI_LOCAL_STORAGE_EBS_GIB``): a type with instance store volumes gets
    no EBS data volume, a type without keeps the ``storage_gib`` one. ``capacity_option_type`` ``reserved`` (EC2
    Capacity Reservations) is priced at the On-Demand rate (``advisor.costing.managed.RESERVED_NOTE``).
    """

    instance_requirements: InstanceRequirements | None = Field(
        None, description="instanceRequirements of the capacity provider (absent: the ECS default provider, "
        "general-purpose types)")
    capacity_option_type: Literal["on_demand", "spot", "reserved"] = Field(
        "on_demand", description="capacityOptionType of the default provider: on_demand (AWS default), spot "
        "(spot-tolerant services on Spot instances, the others on an On-Demand provider) or reserved (EC2 Capacity "
        "Reservations, priced at the On-Demand rate)")
    capacity_providers: list[ManagedInstancesProvider] | None = Field(
        None, max_length=20, description="named Managed Instances capacity providers that services' "
        "capacity_provider_strategy may name (all share instance_requirements)")
    network_mode: Literal["awsvpc", "host"] = Field(
        "awsvpc", description="task network mode: awsvpc (an ENI per task, with ENI trunking) or host")
    storage_gib: float = Field(80, ge=30, le=ECS_MI_MAX_STORAGE_GIB, description="EBS data volume per instance, GiB "
                               "(storageConfiguration.storageSizeGiB: 30 to 16,384, AWS default 80)")
    use_local_storage: StrictBool = Field(
        False, description="localStorageConfiguration.useLocalStorage: instances of types with instance store volumes "
        "keep data on them and get no EBS data volume; other types keep the storage_gib volume (AWS default false)")
    az_spread: StrictBool = Field(
        True, description="ECS spreads a service's tasks over at least 3 instances in different Availability Zones "
        "when possible; false = the service uses one subnet (bin packing)")

    @field_validator("capacity_providers")
    @classmethod
    def _unique_names(cls, v: list[ManagedInstancesProvider] | None) -> list[ManagedInstancesProvider] | None:
        names = [p.name for p in v or []]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"capacity provider name(s) {', '.join(dup)} used twice; names must be unique")
        return v


#: EKS Auto Mode's built-in general-purpose NodePool: "Use only on-demand EC2 capacity", "Uses only amd64 architecture"
#: (Amazon EKS User Guide, "Enable or disable built-in NodePools"); a custom NodePool without the requirement: any
#: value of ``karpenter.sh/capacity-type`` Auto Mode launches ("Capacity types include spot, on-demand", "Create a Node
#: Pool for EKS Auto Mode") and of ``kubernetes.io/arch`` (Karpenter docs, "NodePools": amd64 and arm64).
AUTO_MODE_BUILTIN_CAPACITY_TYPES = ("on-demand",)
AUTO_MODE_BUILTIN_ARCHITECTURES = ("amd64",)
AUTO_MODE_ANY_CAPACITY_TYPES = ("on-demand", "spot")
AUTO_MODE_ANY_ARCHITECTURES = ("amd64", "arm64")


class NodePoolLimits(_Strict):
    """A Karpenter NodePool's ``spec.limits``: the most node capacity it may hold (docs/workload-format.md).

    Karpenter docs, "NodePools", spec.limits (aws/karpenter-provider-aws website/content/en/docs/concepts/nodepools.md
    @ 1d927085): limits "constrain the maximum amount of resources that the NodePool can consume ... If a limit has
    been exceeded, nodes provisioning is prevented until some nodes have been terminated"; ``limits.nodes`` caps its
    node count. What counts is the nodes' capacity, not their allocatable: kubernetes-sigs/karpenter @ 2266468
    ``pkg/controllers/state/cluster.go`` ``updateNodePoolResources`` sums each node's ``Capacity()`` (and 1 per node
    under ``nodes``), and the scheduler (``scheduling/scheduler.go`` ``filterByRemainingResources``) launches no
    instance type whose ``Capacity`` is above what is left (``Limits.ExceededBy``: usage above the limit, so a fleet
    exactly at its limit fits). An EC2 type's capacity is its vCPUs and its memory less Karpenter's VM overhead
    (``advisor.sizing.nodes.vm_capacity_memory_mib``). advisor compares the planned fleet with these limits and says
    so in the estimate when it is above them; the price is the fleet's (the pods beyond the limits would stay
    Pending, unless another NodePool they match takes them). Several NodePools read together: the sum of their
    limits, for the resources every one of them limits."""

    node_pools: list[Annotated[str, Field(min_length=1, max_length=253)]] | None = Field(
        None, max_length=100, description="the NodePools' names (metadata.name), for the estimate's note")
    vcpu: float | None = Field(None, ge=0, le=MAX_QUANTITY, allow_inf_nan=False,
                               description="spec.limits.cpu in vCPU: the nodes' vCPUs together")
    memory_mib: float | None = Field(None, ge=0, le=MAX_QUANTITY, allow_inf_nan=False,
                                     description="spec.limits.memory in MiB: the nodes' memory capacity together "
                                     "(installed memory less the VM overhead, ec2.vm_memory_overhead_percent)")
    nodes: int | None = Field(None, ge=0, le=MAX_QUANTITY, description="spec.limits.nodes: the most nodes")

    @field_validator("node_pools")
    @classmethod
    def _unique_pools(cls, v: list[str] | None) -> list[str] | None:
        # a NodePool is cluster-scoped: one per name, so a name given twice is a slip (its limits summed twice?)
        if v is not None and len(set(v)) < len(v):
            raise ValueError(f"lists {sorted({n for n in v if v.count(n) > 1})[0]!r} twice; a NodePool's name is "
                             "unique in its cluster (metadata.name), so give each once")
        return v


class EksAutoMode(_Strict):
    """EKS Auto Mode: the NodePool its nodes come from (docs/platforms.md).

    ``general-purpose`` is the built-in NodePool (C, M and R families, generation 5 or newer, amd64, On-Demand;
    it cannot be modified: Amazon EKS User Guide, "Enable or disable built-in NodePools"). ``custom`` is a NodePool
    of your own: set ``capacity_types`` (add spot), ``instance_categories``, ``min_generation``, ``architectures``
    or ``allowed_types`` there. A requirement a custom NodePool leaves out allows any value: "If a requirement is
    not defined for a well known label, any value available to the cloud provider may be chosen" (Karpenter docs,
    "NodePools", aws/karpenter-provider-aws website/content/en/docs/concepts/nodepools.md @ 05b8ebd0), and custom
    NodePools "do not inherit these restrictions" of the built-in pools (C, M and R; generation 5 or newer; Amazon
    EKS User Guide, "Control costs in EKS Auto Mode", latest/ug/automode/auto-cost-control.adoc @ 00193d6e). So
    every one of them defaults to no requirement (None), which on a custom NodePool allows any value:

    * ``architectures``: amd64 and arm64 (Karpenter docs, "NodePools", Architecture: "Karpenter supports ``amd64``
      nodes, and ``arm64`` nodes"). Karpenter's old defaults (``kubernetes.io/arch In [amd64]``,
      ``karpenter.sh/capacity-type In [on-demand]``) are gone: "Karpenter v1beta1 drops the defaulting logic for the
      node requirements that were shipped by default with Provisioners in v1alpha5" (Karpenter docs, "v1beta1
      Migration", website/content/en/v1.0/upgrading/v1beta1-migration.md @ 1d927085). A service still runs on its
      own ``architecture`` (its images'): x86_64 services are priced on amd64 nodes, arm64 services on arm64 ones.
    * ``capacity_types``: On-Demand and Spot, Spot first: "If a NodePool is compatible with multiple capacity
      types, Karpenter will prioritize ``reserved`` capacity, followed by ``spot``, then finally ``on-demand``"
      (Karpenter docs, "NodePools", Capacity Type), and with no requirement Spot is compatible (aws/karpenter-
      provider-aws pkg/providers/instance/instance.go ``getCapacityType`` @ 1d927085 launches Spot whenever the
      NodeClaim's requirements allow it, and an undefined key allows every value). Spot-tolerant services
      (``spot: true``) are priced on Spot nodes, the others on On-Demand nodes. EKS Auto Mode's NodePools are
      Karpenter's (``karpenter.sh/v1``) and its "Create a Node Pool" page sets no other default for these labels
      (its sample NodePool names no capacity type).

    On the built-in ``general-purpose`` NodePool the fields stay None and mean its fixed On-Demand, amd64 values
    (``launch_capacity_types``, ``launch_architectures`` give what a pool launches).
    """

    node_pool: Literal["general-purpose", "custom"] = Field(
        "general-purpose", description="the built-in general-purpose NodePool, or a custom NodePool")
    capacity_types: list[Literal["on-demand", "spot"]] | None = Field(
        None, min_length=1,
        description="custom NodePool: karpenter.sh/capacity-type values (on-demand, spot); absent = the NodePool sets "
        "no capacity-type requirement, so Karpenter may launch Spot and On-Demand and prioritizes Spot (spot-tolerant "
        "services on Spot nodes); the built-in pools: On-Demand only")
    instance_categories: list[Annotated[str, Field(pattern=_INSTANCE_CATEGORY)]] | None = Field(
        None, min_length=1,
        description="custom NodePool: eks.amazonaws.com/instance-category values (c, m, r, ...); absent = the "
        "NodePool sets no category requirement, so any category Auto Mode supports (a custom NodePool does not "
        "inherit the built-in pools' C, M and R)")
    min_generation: int | None = Field(
        None, ge=1, le=20, description="custom NodePool: lowest eks.amazonaws.com/instance-generation; absent = no "
        "generation requirement (the built-in pools: generation > 4, which a custom NodePool does not inherit)")
    architectures: list[Literal["amd64", "arm64"]] | None = Field(
        None, min_length=1,
        description="custom NodePool: kubernetes.io/arch values (amd64, arm64); absent = no arch requirement, so both "
        "(each service on nodes of its own architecture); the built-in pools: amd64 only")
    allowed_types: list[Annotated[str, Field(min_length=1, max_length=64)]] | None = Field(
        None, max_length=2000, description="custom NodePool: only these instance types or families (* wildcards; "
        "at most 2,000, more than the catalogue's types)")
    node_pool_limits: NodePoolLimits | None = Field(
        None, description="custom NodePool: its spec.limits (cpu, memory, nodes), compared with the planned nodes' "
        "capacity; absent = no limits")
    ephemeral_storage_gib: float = Field(
        80, ge=1, le=59000, description="NodeClass ephemeralStorage.size per node, GiB (gp3; the NodeClass "
        "specification's 80Gi by default)")
    public_ip: StrictBool = Field(
        False, description="each Auto Mode node holds a public IPv4 address, billed per IP-hour (Amazon VPC pricing): "
        "true when its NodeClass sets spec.advancedNetworking.associatePublicIPAddress: true, or leaves it out and its "
        "subnets (the cluster's, for the default NodeClass) set MapPublicIpOnLaunch (\"the AssociatePublicIpAddress "
        "field for an instance launch is determined automatically by the type of subnet\": Amazon EKS User Guide, "
        "\"Learn about EKS Auto Mode controls\" / \"Create a Node Class for Amazon EKS\"); pods take private "
        "addresses from the node's prefixes")

    @property
    def launch_capacity_types(self) -> list[str]:
        """The capacity types the NodePool launches: those named, else On-Demand on the built-in pool and On-Demand
        and Spot on a custom pool without a ``karpenter.sh/capacity-type`` requirement (class docstring)."""
        if self.capacity_types is not None:
            return list(dict.fromkeys(self.capacity_types))
        return list(AUTO_MODE_BUILTIN_CAPACITY_TYPES if self.node_pool == "general-purpose"
                    else AUTO_MODE_ANY_CAPACITY_TYPES)

    @property
    def launch_architectures(self) -> list[str]:
        """The architectures the NodePool launches: those named, else amd64 on the built-in pool and amd64 and arm64 on
        a custom pool without a ``kubernetes.io/arch`` requirement (class docstring)."""
        if self.architectures is not None:
            return list(dict.fromkeys(self.architectures))
        return list(AUTO_MODE_BUILTIN_ARCHITECTURES if self.node_pool == "general-purpose"
                    else AUTO_MODE_ANY_ARCHITECTURES)

    @model_validator(mode="after")
    def _builtin_is_fixed(self) -> "EksAutoMode":
        if self.node_pool == "general-purpose":
            builtin = {"capacity_types": list(AUTO_MODE_BUILTIN_CAPACITY_TYPES), "instance_categories": ["c", "m", "r"],
                       "min_generation": 5, "architectures": list(AUTO_MODE_BUILTIN_ARCHITECTURES), "allowed_types": None}
            # a field left out (None) is the built-in value; one set to anything else is a change. A list is a set
            # of values (a NodePool requirement's In values), so [r, m, c] or [c, m, r, c] is the built-in [c, m, r]
            def same(got, want) -> bool:
                return set(got) == set(want) if isinstance(got, list) and isinstance(want, list) else got == want

            changed = [k for k, v in builtin.items() if getattr(self, k) is not None and not same(getattr(self, k), v)]
            changed += ["node_pool_limits"] if self.node_pool_limits is not None else []
            if changed:
                raise ValueError(
                    f"{', '.join(changed)} cannot be set on the built-in general-purpose NodePool (built-in NodePools "
                    "cannot be modified, Amazon EKS User Guide); set node_pool: custom to describe your own NodePool")
        return self


class CoreDns(_Strict):
    """The cluster's CoreDNS Deployment as the input declares it (``EksConfig.coredns``): each field left out is the
    EKS add-on's default (2 replicas of 100m / 70Mi, ``advisor.sizing.nodes.COREDNS_*``). ``advisor import`` writes it
    from the input's CoreDNS Deployment (kube-system/coredns, or its labels), field by field as written there, with
    its pods' ``pod_overhead`` when they name a RuntimeClass with one (``PodOverhead``: the scheduler places request
    plus overhead on a node, so EKS on EC2 packs that; EKS on Fargate sizes the request, as for any pod)."""

    replicas: int | None = Field(None, ge=0, le=1000, description="CoreDNS pods per cluster (the Deployment's "
                                 "spec.replicas), 0 to 1,000; absent = 2, the EKS add-on's default")
    # quantities as every other cpu/memory field of the format takes them ('100m', '0.1 vCPU'; '70Mi', '1 GB')
    cpu: CpuQuantity = Field(None, gt=0, le=192, description="vCPU each CoreDNS pod requests "
                             "(0.1 = 100m; also '100m', '0.1 vCPU'); absent = 0.1, the EKS add-on's")
    memory: MemoryQuantity = Field(None, gt=0, le=1_572_864, description="MiB each CoreDNS pod "
                                   "requests (also '70Mi', '1 GB'); absent = 70, the EKS add-on's")
    pod_overhead: PodOverhead | None = Field(
        None, description="each CoreDNS pod's overhead (its RuntimeClass's overhead.podFixed, runtimeClassName): "
        "added to its request where EKS on EC2 packs it on the nodes, as a service's pod_overhead; not on Fargate")


class EksConfig(_Strict):
    """EKS control plane: clusters and support tier (standard $0.10/h, extended $0.60/h per cluster)."""

    existing_cluster: StrictBool = Field(
        False, description="the workload joins an EKS cluster the team already runs: no marginal control-plane fee "
        "and no CoreDNS pods on EKS on EC2 or EKS on Fargate (the cluster already runs them)"
    )
    clusters: int = Field(1, ge=1, le=MAX_EKS_CLUSTERS,
                          description="EKS clusters this workload needs (each pays the control-plane fee and runs "
                          "2 CoreDNS pods: on the nodes on EKS on EC2, on Fargate on EKS on Fargate); 1 to "
                          "100, the EKS 'Clusters' quota per Region")
    support: Literal["standard", "extended"] = Field(
        "standard", description="Kubernetes version support tier: standard or extended"
    )
    coredns: CoreDns | None = Field(
        None, description="the cluster's CoreDNS as the input declares it (replicas per cluster, requests per pod): "
        "EKS on EC2 packs these pods with the services and EKS on Fargate runs them on Fargate at the pod size EKS "
        "gives these requests; absent = the EKS add-on's default, 2 pods of 100m / 70Mi per cluster")
    provisioned_control_plane: Literal["xl", "2xl", "4xl", "8xl"] | None = Field(
        None, description="EKS Provisioned Control Plane scaling tier (xl, 2xl, 4xl, 8xl), billed per cluster-hour "
        "in addition to the standard or extended-support fee; absent = standard mode (no extra charge)")


class Team(_Strict):
    """Who runs the platform (inputs to the ECS-vs-EKS decision).

    The two experience levels scale the operations effort (``advisor.costing.operations.EXPERIENCE_FACTOR``): the
    Kubernetes one the EKS hours, the ECS one the ECS hours. Both default to ``expert`` (x1, the effort figures as
    made), so neither orchestrator is favoured (Kubernetes defaulted to ``none``, x2, until 2026-12-04); both are
    advisor's assumptions, not measured, and the comparison lists them as such (``advisor.compare.assumptions``); set
    both to what the team knows.
    """

    size: int = Field(3, ge=1, le=10_000, description="engineers who run the container platform (1 to 10,000)")
    kubernetes_experience: Literal["none", "some", "expert"] = Field(
        "expert", description="the team's Kubernetes experience: none, some or expert; scales the EKS operations "
        "hours by none x2, some x1.3, expert x1 (default expert, the level the effort figures were made for, as "
        "ecs_experience's)"
    )
    ecs_experience: Literal["none", "some", "expert"] = Field(
        "expert", description="the team's Amazon ECS experience: none, some or expert; scales the ECS operations hours "
        "by none x2, some x1.3, expert x1 (default expert, the level the effort figures were made for, as "
        "kubernetes_experience's)"
    )


class Requirements(_Strict):
    """Requirements that rule platforms out."""

    portability: StrictBool = Field(False, description="multi-cloud / on-premises portability required (rules out ECS)")
    exclude_platforms: list[Literal["ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate",
                                    "ecs-managed-instances", "eks-auto-mode"]] = Field(
        default_factory=_new_list, description="platforms to leave out of the recommendation"
    )


class Operations(_Strict):
    """Operations effort per month: assumptions, shown as such, overridable."""

    include: StrictBool = Field(True, description="rank platforms by infrastructure plus operations effort (TCO)")
    engineer_cost_per_hour: float = Field(
        100.0, ge=0, le=10_000,
        description="USD per engineer-hour (an assumption; set your own loaded rate); 0 to 10,000"
    )
    ecs_hours_per_month: float = Field(2.0, ge=0, le=MAX_RATE, description="ECS service upkeep, engineer-hours per month")
    eks_cluster_hours_per_month: float = Field(
        8.0, ge=0, le=MAX_RATE,
        description="EKS upgrades and add-ons per cluster, engineer-hours per month (before the experience factor)"
    )
    ec2_node_hours_per_month: float = Field(3.0, ge=0, le=MAX_RATE,
                                            description="EC2 node upkeep (AMIs, scaling groups), engineer-hours per "
                                            "month (EKS: before the experience factor)")
    eks_auto_mode_cluster_hours_per_month: float = Field(
        5.0, ge=0, le=MAX_RATE,
        description="EKS Auto Mode: control-plane upgrades per cluster, engineer-hours per month (AWS runs and updates "
        "the core add-ons; before the experience factor)")
    managed_instances_hours_per_month: float = Field(
        1.0, ge=0, le=MAX_RATE,
        description="ECS Managed Instances / EKS Auto Mode: upkeep of the capacity provider or NodePool settings and "
        "maintenance windows (AWS patches and replaces the instances), engineer-hours per month")


class Ec2Config(_Strict):
    """ECS on EC2 / EKS on EC2 node choices (docs/ec2.md: each default, its source and how to change it)."""

    allowed_families: list[str] | None = Field(None, description="only these instance families, e.g. [m7g, c7g, r7g]")
    allowed_types: list[str] | None = Field(None, description="only these instance types (named types bypass default exclusions)")
    include: list[Literal["bare_metal", "burstable", "accelerated", "previous_generation", "mac", "hpc"]] = Field(
        default_factory=_new_list, description="default-excluded categories to consider anyway (hpc: Hpc6a, Hpc7g, ... families)")
    headroom_percent: float = Field(0, ge=0, lt=100, description="keep CPU and memory this % free on every node")
    min_nodes: int = Field(2, ge=0, le=MAX_NODES, description="minimum nodes in the fleet (2 = survive one node loss); "
                           "at most 5,000 (Kubernetes' nodes per cluster, ECS's container instances per cluster)")
    root_volume_gib: float | None = Field(
        None, gt=0, le=16384, description="gp3 root volume per node, GiB; default: the AMI's (ECS-optimized 30, EKS AL2023 20)")
    vm_memory_overhead_percent: float = Field(
        7.5, ge=0, lt=100, description="memory the kernel/hypervisor keeps from every node, % of installed memory "
        "(Karpenter's default 7.5; AWS's ECS m4.large example implies about 2.5)")
    spot: StrictBool = Field(False, description="allow Spot nodes for spot-tolerant services (service.spot)")
    max_interruption: Literal["<5%", "5-10%", "10-15%", "15-20%", ">20%"] = Field(
        "5-10%", description="worst Spot Instance Advisor interruption bucket accepted for Spot nodes")
    pack_for: Literal["average", "max"] = Field(
        "average", description="size the fleet for ceil(scaling.average) tasks or for scaling.max")
    prefix_delegation: StrictBool = Field(False, description="EKS: VPC CNI prefix delegation (more pods per node, capped at 110/250)")
    eks_managed_node_group: StrictBool = Field(
        True, description="EKS: nodes in managed node groups (max pods capped at 110 up to 30 vCPU, 250 above)")
    ecs_reserved_memory_mib: int = Field(0, ge=0, description="ECS_RESERVED_MEMORY: MiB kept from tasks per instance")
    ecs_network_mode: Literal["awsvpc", "bridge", "host"] = Field("awsvpc", description="ECS task network mode")
    ecs_awsvpc_trunking: StrictBool = Field(
        False, description="ECS awsvpc: the awsvpcTrunking account setting is on (more tasks per instance on the types "
        "of the ECS ENI trunking table; AWS's default is off)")
    ecs_max_tasks_per_instance: int | None = Field(
        None, ge=1, description="awsvpc task limit per instance for every type (overrides ENIs - 1 and the trunking table)")
    node_pool_limits: NodePoolLimits | None = Field(
        None, description="EKS on EC2: the spec.limits (cpu, memory, nodes) of the Karpenter NodePool(s) the nodes "
        "come from, compared with the planned nodes' capacity (ECS on EC2 ignores it); absent = no limits")


class LoadBalancers(_Strict):
    """Application Load Balancers: hours plus LCU-hours (docs/shared-costs-and-commitments.md).

    Traffic figures are per load balancer, averaged over the month. Give either ``lcu_per_hour`` or the four
    dimensions (advisor bills the largest, as AWS does).
    """

    count: int = Field(1, ge=0, le=MAX_COUNT, description="Application Load Balancers (each billed per hour)")
    lcu_per_hour: float | None = Field(None, ge=0, le=MAX_QUANTITY, description="average LCUs per load balancer (instead of the four dimensions)")
    new_connections_per_second: float = Field(0, ge=0, le=MAX_QUANTITY, description="average new connections per second, per load balancer")
    active_connections: float = Field(0, ge=0, le=MAX_QUANTITY, description="average active connections (sampled per minute), per load balancer")
    processed_gb_per_hour: float = Field(0, ge=0, le=MAX_QUANTITY, description="average GB processed per hour (EC2/container/IP targets), per load balancer")
    rule_evaluations_per_second: float = Field(0, ge=0, le=MAX_QUANTITY, description="average rule evaluations per second, per load balancer, as AWS counts them: request rate x (rules "
        "processed - 10), the first 10 processed rules being free (Elastic Load Balancing pricing page, LCU details)")
    sources: list[str] | None = Field(
        None, max_length=MAX_COUNT, description="where these load balancers come from (set by 'advisor import k8s': "
        "one ALB per Ingress group)")

    @model_validator(mode="after")
    def _one_way(self) -> "LoadBalancers":
        dims = (self.new_connections_per_second, self.active_connections, self.processed_gb_per_hour,
                self.rule_evaluations_per_second)
        if self.lcu_per_hour is not None and any(dims):
            raise ValueError("give either lcu_per_hour or the traffic dimensions (new_connections_per_second, "
                             "active_connections, processed_gb_per_hour, rule_evaluations_per_second), not both")
        return self


class NetworkLoadBalancers(_Strict):
    """Network Load Balancers: hours plus NLCU-hours (Elastic Load Balancing pricing: an NLCU measures new
    connections or flows per second, active connections or flows, and GB processed per hour; AWS bills the
    largest dimension). ``advisor import k8s`` writes one per Service of type LoadBalancer (the AWS Load
    Balancer Controller's NLB). Traffic figures are per load balancer, averaged over the month.
    """

    count: int = Field(1, ge=0, le=MAX_COUNT, description="Network Load Balancers (each billed per hour)")
    protocol: Literal["tcp", "udp", "tls"] = Field(
        "tcp", description="listener protocol, which sets the NLCU connection dimensions (TCP, UDP or TLS)")
    nlcu_per_hour: float | None = Field(None, ge=0, le=MAX_QUANTITY,
                                        description="average NLCUs per load balancer (instead of the dimensions)")
    new_connections_per_second: float = Field(0, ge=0, le=MAX_QUANTITY,
                                              description="average new connections (or UDP flows) per second")
    active_connections: float = Field(0, ge=0, le=MAX_QUANTITY,
                                      description="average active connections (or UDP flows), sampled per minute")
    processed_gb_per_hour: float = Field(0, ge=0, le=MAX_QUANTITY, description="average GB processed per hour")
    sources: list[str] | None = Field(
        None, max_length=MAX_COUNT, description="where these load balancers come from (set by 'advisor import k8s': "
        "one NLB per Service of type LoadBalancer)")

    @model_validator(mode="after")
    def _one_way(self) -> "NetworkLoadBalancers":
        if self.nlcu_per_hour is not None and any((self.new_connections_per_second, self.active_connections,
                                                   self.processed_gb_per_hour)):
            raise ValueError("give either nlcu_per_hour or the traffic dimensions (new_connections_per_second, "
                             "active_connections, processed_gb_per_hour), not both")
        return self


class NatGateways(_Strict):
    """NAT gateways: hours plus GB processed."""

    count: int = Field(1, ge=0, le=MAX_COUNT, description="NAT gateways (usually one per Availability Zone)")
    processed_gb_per_month: float = Field(0, ge=0, le=MAX_QUANTITY, description="GB processed per month by all NAT gateways together")


class Logs(_Strict):
    """CloudWatch Logs (Standard log class): GB ingested per month and GB stored."""

    ingested_gb_per_month: float = Field(0, ge=0, le=MAX_QUANTITY, description="GB of logs ingested per month")
    stored_gb: float = Field(0, ge=0, le=MAX_QUANTITY, description="GB of logs kept in storage (average over the month)")


class ContainerInsights(_Strict):
    """CloudWatch Container Insights: its metrics are billed as custom metrics, its performance log events as logs."""

    metrics: int = Field(0, ge=0, le=MAX_QUANTITY, description="custom metrics Container Insights publishes (from the CloudWatch console or its docs)")
    performance_log_gb_per_month: float = Field(0, ge=0, le=MAX_QUANTITY, description="GB of performance log events ingested per month")


class PublicIpv4(_Strict):
    """Public IPv4 addresses ($ per IP-hour)."""

    per_task: StrictBool = Field(False, description="tasks run in public subnets with public IPs: one per Fargate task (awsvpc), "
                           "one per node on EC2 (tasks on EC2 cannot have their own)")
    count: int = Field(0, ge=0, le=MAX_COUNT, description="further fixed public IPv4 addresses on every platform (Elastic IPs, "
                       "internet-facing load balancer and NAT gateway addresses)")


class ServiceDiscovery(_Strict):
    """AWS Cloud Map service discovery (ECS service discovery / Service Connect registries)."""

    registered_resources: int = Field(0, ge=0, le=MAX_QUANTITY, description="Cloud Map registered resources (service instances)")
    api_calls_per_month: float = Field(0, ge=0, le=MAX_QUANTITY, description="DiscoverInstances API calls per month")
    on_eks: StrictBool = Field(False, description="EKS also uses Cloud Map (default: EKS uses in-cluster DNS, no Cloud Map charge)")


class Shared(_Strict):
    """Costs beside compute: load balancers (ALB, NLB), NAT, logs, Container Insights, public IPv4, Cloud Map."""

    load_balancers: LoadBalancers | None = Field(None, description="Application Load Balancers (hours + LCUs)")
    network_load_balancers: NetworkLoadBalancers | None = Field(
        None, description="Network Load Balancers (hours + NLCUs); priced once the estimators read it")
    nat_gateways: NatGateways | None = None
    logs: Logs | None = None
    container_insights: ContainerInsights | None = None
    public_ipv4: PublicIpv4 | None = None
    service_discovery: ServiceDiscovery | None = None


class Commitment(_Strict):
    """A Savings Plan or Reserved Instance purchase (docs/shared-costs-and-commitments.md).

    The discount is yours (``discount_percent``, and for a Compute Savings Plan optionally a different
    ``fargate_discount_percent``), or, for a Savings Plan without ``discount_percent``, AWS's own Savings Plans
    rates per usage type from the price data (``advisor pricing fetch --services AWSComputeSavingsPlan``).
    advisor never guesses a discount.
    """

    type: Literal["compute_savings_plan", "ec2_instance_savings_plan", "reserved_instance"]
    term_years: Literal[1, 3]
    payment: Literal["no_upfront", "partial_upfront", "all_upfront"]
    discount_percent: float | None = Field(
        None, gt=0, lt=100, description="discount off On-Demand for this term and payment option (effective rate, "
        "upfront amortised); required for a reserved_instance; a Savings Plan without it uses AWS's Savings Plans "
        "rates from the price data")
    fargate_discount_percent: float | None = Field(
        None, gt=0, lt=100, description="compute_savings_plan: the discount on Fargate usage when it differs from "
        "discount_percent (AWS publishes different Savings Plans rates for Fargate and EC2)")
    commit_usd_per_hour: float | None = Field(
        None, gt=0, le=MAX_RATE, description="Savings Plan commitment in USD per hour (at Savings Plan rates)")
    coverage_percent: float | None = Field(
        None, gt=0, le=100, description="size the commitment to this % of each platform's always-on eligible usage")
    instance_family: str | None = Field(None, description="EC2 Instance Savings Plan: the instance family, e.g. m7g")
    instance_type: str | None = Field(None, description="Reserved Instance: the instance type, e.g. m7g.large")
    count: int | None = Field(None, ge=1, le=MAX_COUNT, description="Reserved Instance: how many instances")
    source: str | None = Field(None, description="where the discount comes from (quote, AWS page and date)")
    as_of: str | None = Field(None, json_schema_extra={"pattern": _ISO_DATE},
                              description="date of the discount figure, YYYY-MM-DD (a real date, not in the future)")

    @field_validator("as_of", mode="before")
    @classmethod
    def _real_past_date(cls, v: Any) -> str | None:
        v = date_text(v)
        if v is not None:
            import datetime

            problem = calendar_date_problem(v)
            if problem:
                raise ValueError(problem)
            day = datetime.date.fromisoformat(v)
            if day > datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=1):
                raise ValueError(f"{v} is in the future; as_of is the date the discount figure was confirmed")
        return v

    @model_validator(mode="after")
    def _complete(self) -> "Commitment":
        if self.discount_percent is None and self.type == "reserved_instance":
            raise ValueError(
                "discount_percent is required for a reserved_instance: advisor ships no Reserved Instance rates and "
                "never guesses one. Give your rate for this term and payment option (e.g. discount_percent: 30, "
                "source: 'AWS EC2 Reserved Instances pricing page, 2026-11')")
        if self.fargate_discount_percent is not None and self.type != "compute_savings_plan":
            raise ValueError("fargate_discount_percent applies to a compute_savings_plan only (the other commitments "
                             "do not cover Fargate)")
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




class DeclaredEcsService(_Strict):
    """How an ECS service declared in infrastructure as code runs today: its launch type or capacity-provider
    strategy (the service's own, else its cluster's default strategy), as the ECS API resolves them
    ("CreateService": "If no capacityProviderStrategy or launchType is specified, the
    defaultCapacityProviderStrategy for the cluster is used")."""

    service: str = Field(min_length=1, max_length=253, description="the workload service it runs")
    cluster: str | None = Field(None, max_length=255, description="the ECS cluster (name or address)")
    launch_type: Literal["FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES"] | None = Field(
        None, description="ECS launchType (absent when a capacity-provider strategy is declared)")
    capacity_provider_strategy: list[dict] | None = Field(
        None, max_length=20, description="the declared strategy, as the ECS API writes it (the service's, or its "
        "cluster's default); providers other than FARGATE / FARGATE_SPOT are EC2 capacity providers, or ECS Managed "
        "Instances providers where ecs_managed_instances.capacity_providers names them")
    source: str | None = Field(None, max_length=1000, description="where it is declared (resource address)")

    @field_validator("capacity_provider_strategy")
    @classmethod
    def _strategy_valid(cls, v: list[dict] | None) -> list[dict] | None:
        if v is None:
            return v
        import json

        from advisor.workload.capacity_providers import parse_shorthand, to_api_json

        return to_api_json(parse_shorthand([json.dumps(v)]))

    @model_validator(mode="after")
    def _one_way(self) -> "DeclaredEcsService":
        if self.launch_type and self.capacity_provider_strategy:
            raise ValueError("give launch_type or capacity_provider_strategy, not both (ECS accepts one of them)")
        if not self.launch_type and not self.capacity_provider_strategy:
            raise ValueError("give launch_type (FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES) or capacity_provider_strategy")
        return self


class DeclaredKubernetesService(_Strict):
    """Where a Kubernetes workload declared in infrastructure as code runs on EKS: on Fargate (its namespace
    matches a Fargate profile's selector) or on the cluster's EC2 nodes."""

    service: str = Field(min_length=1, max_length=253, description="the workload service it runs")
    namespace: str = Field("default", max_length=253, description="its Kubernetes namespace")
    runs_on: Literal["fargate", "nodes"] = Field(
        "nodes", description="fargate: a Fargate profile selects its namespace; nodes: the cluster's EC2 nodes")
    fargate_profile: str | None = Field(None, max_length=253, description="the Fargate profile that selects it")
    source: str | None = Field(None, max_length=1000, description="where it is declared (resource address)")


#: EBS volume types (Amazon EC2 API Reference, ``EbsBlockDevice`` VolumeType). The bundled ``ebs_rates`` price gp2 and
#: gp3; a volume of another type is listed as not priced as declared.
EbsVolumeType = Literal["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"]
EBS_VOLUME_TYPES: tuple[str, ...] = get_args(EbsVolumeType)


class DeclaredVolume(_Strict):
    """An EBS volume each instance of a declared group gets besides its root volume (a block device mapping of its
    launch template or launch configuration)."""

    device: str | None = Field(None, max_length=64, description="device name (e.g. /dev/xvdf)")
    size_gib: float = Field(gt=0, le=MAX_VOLUME_GIB, description="volume size, GiB")
    volume_type: EbsVolumeType | None = Field(None, description="EBS volume type (default: gp3, priced as such)")

    @model_validator(mode="after")
    def _size_fits_type(self) -> "DeclaredVolume":
        problem = ebs_size_problem(self.size_gib, self.volume_type)
        if problem:
            raise ValueError(f"size_gib: {problem}")
        return self


class DeclaredNodeGroup(_Strict):
    """EC2 capacity declared today: an EKS managed node group, or the Auto Scaling group behind ECS container
    instances. Priced as declared: ``desired`` instances of the first of ``instance_types`` all month, a root volume
    each (``disk_size_gib`` of ``volume_type``) and the other ``volumes`` each instance gets. Windows nodes and
    dedicated tenancy have no price in the bundled data (Linux, shared tenancy): listed as not priced."""

    name: str = Field(min_length=1, max_length=253)
    orchestrator: Literal["eks", "ecs"] = Field(description="eks: EKS nodes; ecs: ECS container instances")
    cluster: str | None = Field(None, max_length=255)
    instance_types: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(
        min_length=1, max_length=40, description="instance types; the group is priced at the first")
    desired: int = Field(ge=0, le=MAX_COUNT, description="desired instances (scaling_config.desired_size)")
    min: int | None = Field(None, ge=0, le=MAX_COUNT)
    max: int | None = Field(None, ge=0, le=MAX_COUNT)
    capacity_type: Literal["on_demand", "spot"] = Field("on_demand", description="ON_DEMAND or SPOT capacity")
    spot_max_price: float | None = Field(
        None, gt=0, le=1000, description="the maximum price per instance-hour its Spot requests pay (a launch "
        "configuration's SpotPrice, a launch template's SpotOptions.MaxPrice): the Spot estimate is capped at it")
    disk_size_gib: float | None = Field(None, gt=0, le=MAX_VOLUME_GIB,
                                        description="root volume per instance, GiB (default: the AMI's)")
    volume_type: EbsVolumeType | None = Field(None, description="root volume type (default: gp3)")
    volumes: list[DeclaredVolume] = Field(default_factory=_new_list, max_length=40,
                                          description="other EBS volumes each instance gets")
    os: Literal["linux", "windows"] = Field("linux", description="the nodes' operating system (an EKS node group's "
                                            "AMI type WINDOWS_*: windows)")
    tenancy: Literal["default", "dedicated", "host"] = Field(
        "default", description="instance tenancy of its launch template or configuration (default: shared)")
    public_ip_share: float = Field(
        0.0, ge=0, le=1, description="the share of its instances that hold a public IPv4 address, each billed per "
        "IP-hour (Amazon VPC pricing): 1 when its launch template's network interface sets AssociatePublicIpAddress "
        "true or, when the template does not say, every subnet it launches in sets MapPublicIpOnLaunch true; a "
        "fraction when only some of its subnets do (EC2 Auto Scaling balances instances across them); 0: none")
    source: str | None = Field(None, max_length=1000, description="where it is declared (resource address)")

    @model_validator(mode="after")
    def _disk_fits_type(self) -> "DeclaredNodeGroup":
        problem = None if self.disk_size_gib is None else ebs_size_problem(self.disk_size_gib, self.volume_type)
        if problem:
            raise ValueError(f"disk_size_gib: {problem}")
        return self


class DeclaredEksCluster(_Strict):
    """An EKS cluster declared today: its Kubernetes version decides standard or extended support (the
    ``eks_versions`` table, Amazon EKS User Guide release calendar)."""

    name: str = Field(min_length=1, max_length=253)
    version: str | None = Field(None, pattern=_EKS_VERSION, description="Kubernetes version (MAJOR.MINOR); absent: "
                                "unknown until apply (EKS then creates the cluster at its default version)")
    auto_mode: StrictBool = Field(False, description="EKS Auto Mode (compute_config enabled): nodes chosen at run time")
    support_type: Literal["STANDARD", "EXTENDED"] | None = Field(
        None, description="the cluster's upgrade policy (upgrade_policy.support_type): STANDARD turns extended support "
        "off (EKS upgrades the cluster at the end of standard support); absent or EXTENDED: AWS's default, extended")
    source: str | None = Field(None, max_length=1000, description="where it is declared (resource address)")


class DeclaredFargateProfile(_Strict):
    """An EKS Fargate profile: pods in the selected namespaces run on Fargate."""

    name: str = Field(min_length=1, max_length=253)
    cluster: str | None = Field(None, max_length=255)
    namespaces: list[Annotated[str, Field(max_length=253)]] = Field(default_factory=_new_list, max_length=5)
    source: str | None = Field(None, max_length=1000, description="where it is declared (resource address)")


class DeclaredEstate(_Strict):
    """What infrastructure as code declares today (``advisor import terraform|cloudformation`` writes it):
    how each service runs, the EC2 capacity, EKS clusters and Fargate profiles. ``advisor compare`` prices it
    with the same rates as the platforms' estimates and shows it beside them ("as declared")."""

    source: str | None = Field(None, max_length=1000, description="the plan or template it was read from")
    as_of: str | None = Field(None, json_schema_extra={"pattern": _ISO_DATE}, description="the date (UTC) at which a cluster's version is "
                              "judged standard or extended support; default: the day advisor runs")
    ecs_services: list[DeclaredEcsService] = Field(default_factory=_new_list, max_length=MAX_SERVICES)
    kubernetes_services: list[DeclaredKubernetesService] = Field(default_factory=_new_list, max_length=MAX_SERVICES)
    node_groups: list[DeclaredNodeGroup] = Field(default_factory=_new_list, max_length=10_000)
    eks_clusters: list[DeclaredEksCluster] = Field(default_factory=_new_list, max_length=MAX_EKS_CLUSTERS)
    fargate_profiles: list[DeclaredFargateProfile] = Field(default_factory=_new_list, max_length=10_000)

    @field_validator("as_of", mode="before")
    @classmethod
    def _calendar_date(cls, v: Any) -> str | None:
        v = date_text(v)
        problem = None if v is None else calendar_date_problem(v)
        if problem:
            raise ValueError(problem)
        return v



def _idle_note(idle: list[str]) -> str:
    """What every command says of services that run no task (``Workload.without_idle_services``)."""
    who = idle[0] if len(idle) == 1 else f"{len(idle):,} services ({name_list(idle)})"
    return (f"{who}: 0 replicas and no autoscaling above 0, so no task or pod runs; left out of the comparison "
            "(what it would need, such as GPUs, Windows or EBS volumes, rules no platform out). Give replicas or "
            f"scaling to price {'it' if len(idle) == 1 else 'them'}.")


def _all_idle_note(idle: list[str]) -> str:
    """What every command says of a workload whose every service runs no task (``Workload.without_idle_services``):
    one message, instead of each platform's own."""
    who = f"its only service, {idle[0]}," if len(idle) == 1 else f"every one of its {len(idle):,} services"
    return (f"Nothing runs: {who} has 0 replicas and no autoscaling above 0, so no task or pod runs and each platform "
            "costs only what it costs with nothing running (e.g. the EKS control plane, ec2.min_nodes); what the "
            "services would need, such as GPUs, Windows or EBS volumes, rules no platform out. Give replicas or "
            "scaling to price them.")

class Workload(_Strict):
    """A workload: services to run in one region.

    ``notes`` records how the input was read (importers write them); ``input_notes()`` adds what advisor
    assumes from the data itself (containers without requests, DaemonSets on Fargate, deployments that cannot
    roll, task network modes Fargate cannot run). ``assumptions()`` is the part ``strict`` loading refuses.
    """

    name: str = Field(min_length=1, max_length=253)
    description: str | None = Field(None, max_length=10_000)
    region: str = Field("us-east-1", max_length=64)
    monthly_hours: Hours = Field(HOURS_PER_MONTH, description=f"hours per month (default {HOURS_PER_MONTH:g}, the AWS calculator convention)")
    services: list[Service] = Field(min_length=1, max_length=MAX_SERVICES)
    eks: EksConfig = Field(default_factory=EksConfig)
    fargate_spot: FargateSpotPolicy = Field(default_factory=FargateSpotPolicy, description="the recommended "
                                            "FARGATE/FARGATE_SPOT strategy for services that declare none")
    team: Team = Field(default_factory=Team)
    requirements: Requirements = Field(default_factory=Requirements)
    operations: Operations = Field(default_factory=Operations)
    ec2: Ec2Config = Field(default_factory=Ec2Config)
    ecs_managed_instances: EcsManagedInstances = Field(
        default_factory=EcsManagedInstances, description="ECS Managed Instances: instance requirements, Spot, "
        "named capacity providers, network mode, data volume")
    eks_auto_mode: EksAutoMode = Field(
        default_factory=EksAutoMode, description="EKS Auto Mode: the built-in general-purpose NodePool or a custom one")
    defaults: Defaults | None = Field(
        None, description="request assumed for each container that requests no CPU or no memory (like a Kubernetes "
        "LimitRange defaultRequest); without it such a container counts 0 and a note says so")
    daemonsets: Annotated[list[DaemonSet], Field(max_length=MAX_DAEMONSETS)] | DaemonSets | None = Field(
        None, description="per-node pods (Kubernetes DaemonSets): room on every EC2 node; on Fargate, per "
        "on_fargate, a sidecar in every pod (default) or left out. A list, or {on_fargate: sidecar|exclude, pods: [...]}"
    )
    shared: Shared | None = Field(None, description="load balancers, NAT gateways, logs, Container Insights, public IPv4, Cloud Map")
    commitments: list[Commitment] | None = Field(
        None, max_length=1000,
        description="Savings Plans / Reserved Instances with your discount rate (applied in AWS order: RIs, "
        "EC2 Instance SPs, Compute SPs)")
    notes: list[Annotated[str, Field(max_length=MAX_NOTE_CHARS)]] | None = Field(
        None, max_length=MAX_NOTES,
        description="how this workload was read (written by 'advisor import'); shown with every comparison")
    declared: DeclaredEstate | None = Field(
        None, description="how the estate runs today, as infrastructure as code declares it (written by 'advisor "
        "import terraform|cloudformation'); priced beside each platform's estimate as 'as declared'")

    _idle_services: tuple = PrivateAttr(default=())

    @field_validator("region")
    @classmethod
    def _region_form(cls, v: str) -> str:
        return v.strip().lower()

    @field_validator("daemonsets", mode="after")
    @classmethod
    def _daemonsets_list(cls, v: list[DaemonSet] | DaemonSets | None) -> list[DaemonSet] | None:
        """The mapping form becomes the list form: each DaemonSet without its own on_fargate takes the section's."""
        if isinstance(v, DaemonSets):
            return [d if "on_fargate" in d.model_fields_set else d.model_copy(update={"on_fargate": v.on_fargate})
                    for d in v.pods]
        return v

    @model_validator(mode="before")
    @classmethod
    def _apply_defaults(cls, data: Any) -> Any:
        """Fill ``defaults`` into every container (and DaemonSet) that requests no CPU or no memory."""
        if not isinstance(data, dict) or not isinstance(data.get("defaults"), dict):
            return data
        fill = {k: data["defaults"][k] for k in ("cpu", "memory") if data["defaults"].get(k) is not None}
        if not fill:
            return data
        try:  # an invalid default is reported once, at defaults, not again at every container it would fill
            Defaults.model_validate(data["defaults"])
        except ValidationError:
            return data
        data = dict(data)
        services = data.get("services")
        if isinstance(services, list):
            data["services"] = [_service_with_defaults(s, fill) for s in services]
        ds = data.get("daemonsets")
        pods = ds.get("pods") if isinstance(ds, dict) else ds
        if isinstance(pods, list):
            pods = [_with_defaults(d, fill) for d in pods]
            data["daemonsets"] = {**ds, "pods": pods} if isinstance(ds, dict) else pods
        return data

    @model_validator(mode="after")
    def _unique(self) -> "Workload":
        seen: dict[str, int] = {}  # name -> index of the service that first has it
        shown: dict[str, int] = {}  # a name as outputs show it (invisible characters removed) -> that service's index
        for i, svc in enumerate(self.services):
            at = ("services", i, "name")  # the second of two services is located, so the loader gives its line
            if svc.name in seen:
                raise field_errors("Workload", [(at, f"service name {svc.name!r} is used twice (also "
                                                 f"services[{seen[svc.name]}].name); service names must be unique: "
                                                 "rename one", svc.name)])
            seen[svc.name] = i
            j = shown.setdefault(_as_shown(svc.name), i)
            if j != i:
                other = self.services[j].name
                hidden = [f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()
                          for ch in dict.fromkeys(svc.name + other) if not ch.isprintable() and not ch.isspace()]
                if any(" ".join(n.split()) != n for n in (svc.name, other)):
                    hidden.append("spaces at either end, several in a row, tabs or line breaks")
                raise field_errors("Workload", [(at, f"service names {other!r} (services[{j}].name) and {svc.name!r} "
                                                 f"differ only by characters tables and reports cannot show "
                                                 f"({'; '.join(hidden)}), so both would read "
                                                 f"{_as_shown(svc.name)!r}; rename one", svc.name)])
        if self.declared is not None:
            for kind in ("ecs_services", "kubernetes_services"):
                for k, entry in enumerate(getattr(self.declared, kind)):
                    if entry.service not in seen:
                        raise field_errors("Workload", [(("declared", kind, k, "service"), f"service "
                                                         f"{entry.service!r} is not one of the workload's services "
                                                         f"({name_list(list(seen))}); name one of them",
                                                         entry.service)])
        peak = sum(s.peak_count for s in self.services)
        if peak > MAX_TASKS_PER_WORKLOAD:
            if self.eks.clusters > 1:
                raise ValueError(
                    f"the services ask for {peak:,} tasks/pods at their peak (replicas or scaling.max), more than "
                    f"advisor prices in one workload ({MAX_TASKS_PER_WORKLOAD:,}, the pods one Kubernetes cluster runs: "
                    "Kubernetes 'Considerations for large clusters'). eks.clusters "
                    f"{self.eks.clusters} adds control-plane fees but advisor still packs every service as one fleet; "
                    "write one workload per cluster (each within the bound) and compare them separately")
            raise ValueError(f"the services ask for {peak:,} tasks/pods at their peak (replicas or scaling.max), more "
                             f"than one Kubernetes cluster runs ({MAX_TASKS_PER_WORKLOAD:,} pods, Kubernetes 'Considerations "
                             "for large clusters'); split the workload")
        return self

    @model_validator(mode="after")
    def _hours_within_month(self) -> "Workload":
        """No service runs more hours a month than the workload's month (``monthly_hours``, ``HOURS_PER_MONTH`` by default): a task
        cannot run more hours than its month has, and the rest of the estimate (EC2 nodes, the EKS control plane,
        shared costs, ``advisor.costing.ec2``) runs the workload's hours, so Fargate would bill a longer month than
        the nodes beside it. Checked per service: ``monthly_hours``; a batch service's ``runs_per_month x
        run_minutes / 60`` (runs beyond the month overlap: spread them over replicas, ``spread_runs_advice``, as
        beyond 744 hours); ``deployments_per_month x deployment_minutes``. Each problem is located at its field
        (``services[i].monthly_hours``) with the fix: the service's hours within the month, or the workload's
        ``monthly_hours`` raised (at most 744, a 31-day month)."""
        month = self.monthly_hours
        which = (f"the workload's month (monthly_hours {num(month)}"
                 + ("" if "monthly_hours" in self.model_fields_set else
                    ", the default: the AWS Pricing Calculator's average month") + ")")

        def longer(hours: float) -> str:  # the workload's month that holds ``hours`` (rounded up, never below them)
            if hours > MAX_HOURS_PER_MONTH * (1 + 1e-9):
                return ""
            if hours >= MAX_HOURS_PER_MONTH * (1 - 1e-9):
                return f"set the workload's monthly_hours to {_number_text(MAX_HOURS_PER_MONTH)} (a 31-day month)"
            return (f"set the workload's monthly_hours to {num(math.ceil(hours * 1000 - 1e-6) / 1000)} or more (at "
                    f"most {_number_text(MAX_HOURS_PER_MONTH)}, a 31-day month) to price a longer month")
        problems = []
        for i, svc in enumerate(self.services):
            hours = svc.monthly_hours
            if hours is not None and hours > month * (1 + 1e-9):
                raise_to = f"; or {longer(hours)}" if longer(hours) else ""
                if svc.runs_per_month is not None and svc.run_minutes is not None:
                    problems.append((("services", i, "runs_per_month"), (
                        f"runs_per_month x run_minutes = {num(svc.runs_per_month)} x {num(svc.run_minutes)} / 60 = "
                        f"{num(hours)} hours, more than {which} for one task: the runs overlap "
                        f"({grouped(hours / month, 4)} runs at once on average over {num(month)} hours). "
                        + spread_runs_advice(svc, month) + raise_to), svc.runs_per_month))
                else:
                    shown = num(hours) if num(hours) != num(month) else repr(hours)  # a month plus 1e-6 h shows every digit, not "N > N"
                    problems.append((("services", i, "monthly_hours"), (
                        f"{shown} hours is more than {which}: a task cannot run more hours than its month has, "
                        f"and the EC2 nodes, the EKS control plane and shared costs run the workload's {num(month)} "
                        "hours, so Fargate would bill this service for a longer month than the nodes beside it. Give "
                        f"the hours this service runs within the month (at most {num(month)}; leave monthly_hours out "
                        "to run the workload's month)" + raise_to.replace("; or", ", or")), hours))
            deploying = svc.deployments_per_month * svc.deployment_minutes
            if deploying > month * 60 * (1 + 1e-9):
                problems.append((("services", i, "deployments_per_month"), (
                    f"deployments_per_month x deployment_minutes = {num(svc.deployments_per_month)} x "
                    f"{num(svc.deployment_minutes)} = {num(deploying)} minutes of deployments, more than {which} has "
                    f"({month * 60:,g} minutes); give the deployments this service runs in a month and how long "
                    "one takes" + (f"; or {longer(deploying / 60)}" if longer(deploying / 60) else "")),
                    svc.deployments_per_month))
        if problems:
            raise field_errors("Workload", problems)
        return self

    @model_validator(mode="after")
    def _sizes_hold_defaults(self) -> "Workload":
        """A service's ``cpu`` / ``memory`` beside ``containers`` must hold them with ``defaults`` filled into the
        containers that request nothing (``Service.size_problems``): without the service's size they would be priced
        at the defaults, so a smaller size written beside them is refused as it is when the containers' figures are
        written out."""
        fill = {k: getattr(self.defaults, k) for k in ("cpu", "memory")
                if self.defaults is not None and getattr(self.defaults, k) is not None}
        if not fill:
            return self
        problems = [(("services", i, *loc), message, given) for i, svc in enumerate(self.services) if svc.containers
                    for loc, message, given in svc.size_problems(fill)]
        if problems:
            raise field_errors("Workload", problems)
        return self

    @model_validator(mode="after")
    def _priced_with_owner(self) -> "Workload":
        """``priced_with`` names the service that prices a claim two workloads mount, as ``advisor import k8s`` writes
        it: the first workload to mount the PersistentVolumeClaim prices it, as its own shared volume of the claim's
        name, and each later one names that service (``advisor.workload.importers.k8s``). EKS on EC2 then leaves the
        volume out here (``advisor.costing.ec2.persistent_volume_lines``), so a name that is no such service (a typo,
        the service itself, one without that shared volume, or one that is itself priced with another) would drop the
        volume from every EKS price; it is refused, naming what is valid."""
        owners = {svc.name: {v.name for v in svc.persistent_volumes or () if v.shared and v.priced_with is None
                             and v.name is not None} for svc in self.services}
        problems = []
        for i, svc in enumerate(self.services):
            for j, vol in enumerate(svc.persistent_volumes or ()):
                if vol.priced_with is None:
                    continue
                valid = sorted(n for n, names in owners.items() if n != svc.name and vol.name in names)
                if vol.priced_with in valid:
                    continue
                if vol.name is None:
                    why = ("this volume has no name, so no other service's volume can be the same claim; give it the "
                           "claim's name")
                elif vol.priced_with == svc.name:
                    why = "it names this service itself, which would price the volume nowhere"
                elif vol.priced_with not in owners:
                    why = f"{vol.priced_with!r} is not a service of this workload"
                else:
                    why = (f"service {vol.priced_with!r} has no shared volume named {vol.name!r} priced there (shared: "
                           "true, no priced_with of its own)")
                hint = (f"valid here: {name_list([repr(n) for n in valid])}" if valid else
                        f"no service of this workload has a shared volume named {vol.name!r} to price it with")
                problems.append((("services", i, "persistent_volumes", j, "priced_with"), (
                    f"{why}. priced_with names another service of the workload that has a shared volume of the same "
                    f"name (shared: true), which prices the claim both mount; {hint}. Name that service, or drop "
                    "priced_with to price the volume with this service"), vol.priced_with))
        if problems:
            raise field_errors("Workload", problems)
        return self

    def hours_for(self, service: Service) -> float:
        return service.monthly_hours if service.monthly_hours is not None else self.monthly_hours

    def without_idle_services(self) -> "Workload":
        """This workload without the services that run no task (0 replicas and no autoscaling above 0: a
        Deployment or ECS service scaled to zero), with a note naming them; the same workload when there are none.
        When every service is idle they stay (there is nothing else to price), with one note saying that nothing
        runs, and the platforms' per-service rules (``constraint_reasons``, the estimators' unsupported reasons, the
        fleet's ``unplaceable_reason``) pass over them: each platform costs what it costs with nothing running.

        A service that runs no task needs no capacity, so what it would need (GPUs, Windows, EBS volumes, a network
        mode) must not rule a platform out (Kubernetes API, DeploymentSpec ``replicas``: "Number of desired pods";
        ECS API, CreateService ``desiredCount``). The model is copied, not re-validated; the ``declared`` estate's
        entries for the services left out go too (they run nothing there either: $0)."""
        idle = [s.name for s in self.services if s.peak_count == 0]
        if not idle:
            return self
        if len(idle) == len(self.services):  # nothing else to price: kept, with the one note (once)
            note = _all_idle_note(idle)
            return self if note in (self.notes or []) else self.model_copy(
                update={"notes": list(self.notes or []) + [note]})
        update = {"services": _new_shared_owners([s for s in self.services if s.peak_count > 0], set(idle)),
                  "notes": list(self.notes or []) + [_idle_note(idle)]}
        if self.declared is not None:
            gone = set(idle)
            update["declared"] = self.declared.model_copy(update={
                "ecs_services": [e for e in self.declared.ecs_services if e.service not in gone],
                "kubernetes_services": [e for e in self.declared.kubernetes_services if e.service not in gone]})
        kept = self.model_copy(update=update)
        kept._idle_services = (*self._idle_services, *idle)
        return kept

    def on_platform(self, platform: str) -> "Workload":
        """This workload as ``platform`` prices it: without the services that run the Kubernetes cluster and that
        ``platform`` leaves out (``Service.cluster_addon``, ``cluster_addon_runs_on``: every one on ECS, which does
        their job itself; on EKS Auto Mode those whose capability it runs itself); the same workload when there are
        none. When every service is such an add-on they stay, each with 0 replicas and no scaling, so the platform
        costs what it costs with nothing running (as ``without_idle_services``). Shared volumes they priced get a
        new owner. The model is copied, not re-validated; ``cluster_addon_left_out_note`` is the estimate's note."""
        gone = {s.name for s in self.services if not cluster_addon_runs_on(s.cluster_addon, platform)}
        if not gone:
            return self
        if len(gone) == len(self.services):
            return self.model_copy(update={"services": [s.model_copy(update={"replicas": 0, "scaling": None})
                                                        for s in self.services]})
        return self.model_copy(update={"services": _new_shared_owners(
            [s for s in self.services if s.name not in gone], gone)})

    @property
    def idle_services(self) -> tuple[str, ...]:
        """The services ``without_idle_services`` left out (they run no task), by name; empty otherwise."""
        return self._idle_services

    @property
    def idle_note(self) -> str | None:
        """The note ``without_idle_services`` added for the services it left out (None when it left none out), for
        commands that show their own notes rather than the workload's (``nodes pack``, ``strategy recommend``); for
        a workload whose every service is idle, the one note saying that nothing runs."""
        if self.services and all(s.peak_count == 0 for s in self.services):
            return _all_idle_note([s.name for s in self.services])
        return _idle_note(list(self._idle_services)) if self._idle_services else None

    # ------------------------------------------------------------------ notes derived from the data

    def assumptions(self) -> list[str]:
        """What advisor assumes because the input leaves it open (``strict`` loading turns these into errors).

        Today: containers (and DaemonSets) that request no CPU or no memory, listed all at once, with what each
        platform does with them.
        """
        unsized = [f"{svc.name}: {name} (no {' or '.join(keys)})"
                   for svc in self.services for name, keys in svc.containers_without_requests]
        unsized += [f"DaemonSet {d.name} (no {' or '.join(k for k in ('cpu', 'memory') if getattr(d, k) is None)})"
                    for d in self.daemonsets or [] if d.cpu is None or d.memory is None]
        if not unsized:
            return []
        return [(f"{len(unsized)} container(s) request no CPU or memory: {'; '.join(unsized)}. They count 0: EKS on "
                "Fargate runs a pod with no requests at its smallest size (0.25 vCPU / 0.5 GB; Amazon EKS User Guide, "
                "'Fargate Pod configuration'), ECS on Fargate at the smallest task size holding the rest, and the EC2 "
                "schedulers place them with a zero request (they share the node's spare capacity). Add requests, or "
                "set 'defaults: {cpu: ..., memory: ...}' in the workload file.")]

    def input_notes(self) -> list[str]:
        """Every note about how the input was read: ``notes`` plus ``assumptions()`` plus facts the data implies
        (DaemonSets on Fargate, deployments that cannot roll, network modes Fargate cannot run). Shown with the
        comparison."""
        out = list(self.notes or []) + self.assumptions()
        out += [cluster_addon_note(s) for s in self.services if s.cluster_addon is not None]
        for d in self.daemonsets or []:
            if d.eks_addon is not None:
                out.append(eks_addon_note(d))
                continue
            # a node selector (DaemonSet.os / architecture): the sidecar of the tasks/pods it would run beside only
            sel = " ".join(x for x in (d.os, d.architecture) if x)
            held = f" of the {sel} services only, as its node selector says" if sel else ""
            out.append(f"DaemonSet {d.name}: Fargate runs no DaemonSets (Amazon EKS User Guide, 'AWS Fargate "
                       "considerations'); on the Fargate platforms it is "
                       + (f"priced as a sidecar (daemonsets.on_fargate: sidecar) in every pod/task{held}."
                          if d.fargate_sidecar else
                          "left out: it runs a privileged container, which Fargate does not run as a sidecar either "
                          "('Privileged containers aren't supported on Fargate'). Instead: "
                          + PRIVILEGED_DAEMONSET_INSTEAD + "." if d.privileged else
                          "left out: it mounts folders of the node (" + ", ".join(d.host_volumes[:5])
                          + (" ..." if len(d.host_volumes) > 5 else "") + "), which no Fargate task or pod can mount, "
                          "as a sidecar neither (ECS: " + FARGATE_HOST_VOLUMES_RULE + "; EKS: "
                          + EKS_FARGATE_HOST_VOLUMES_RULE + "). Instead: " + PRIVILEGED_DAEMONSET_INSTEAD + "."
                          if d.host_volumes else
                          "left out: its pod " + ("uses the node's network (hostNetwork)" if d.host_network else
                                                  "holds port(s) " + ", ".join(map(str, (d.host_ports or [])[:5]))
                                                  + " of its node (hostPort)")
                          + ", which no Fargate pod or task can, as a sidecar neither (EKS: "
                          + EKS_FARGATE_HOST_NETWORK_RULE + "; ECS: " + ECS_FARGATE_HOST_NETWORK_RULE
                          + "). Instead: " + HOST_NETWORK_DAEMONSET_INSTEAD + "."
                          if d.host_network or d.host_ports else "left out (daemonsets.on_fargate: exclude)."))
        # DaemonSets meet on a node only where both node selectors match it (DaemonSet.os / architecture; the EC2
        # fleets' nodes run Linux), and two may share a name (namespaces), so each is told apart by itself
        def meet(os_a, arch_a, os_b, arch_b) -> bool:
            return (os_a in (None, "linux") and os_b in (None, "linux")
                    and (arch_a is None or arch_b is None or arch_a == arch_b))

        held: list[tuple[tuple[str, str, int], DaemonSet]] = []
        for d in self.daemonsets or []:
            for p in d.host_ports or []:
                other = next((o for k, o in held if o is not d and ports_conflict(k, port_key(p))
                              and meet(o.os, o.architecture, d.os, d.architecture)), None)
                if other is not None:
                    # two DaemonSets on one port: the second's pod finds the port taken on every node (kube-scheduler
                    # NodePorts filter) and never runs; advisor still reserves its request on every node
                    on = (f"every {arch} node" if (arch := other.architecture or d.architecture) else "every node")
                    out.append(f"DaemonSets {other.name} and {d.name} both hold host port {p} on {on}: the "
                               "Kubernetes scheduler's NodePorts filter lets only one of them run a pod on a node "
                               "('node(s) didn't have free ports for the requested pod ports'); the estimates reserve "
                               f"both on {on}. Give one of them another port.")
                held.append((port_key(p), d))
        for svc in self.services:  # a service on a port a DaemonSet holds on every node (fleet.daemonset_port_reason)
            hit = next(((mine, o.name) for mine in svc.node_host_ports for k, o in held
                        if ports_conflict(port_key(mine), k) and meet(o.os, o.architecture, svc.os, svc.architecture)),
                       None)
            if hit is not None and svc.peak_count > 0:
                out.append(f"{svc.name}: holds host port {hit[0]}, which DaemonSet {hit[1]} holds on every node: the "
                           "Kubernetes scheduler's NodePorts filter finds no node for its pods ('node(s) didn't have "
                           "free ports for the requested pod ports'), so EKS on EC2 and EKS Auto Mode cannot run it. "
                           "Give one of them another port, or keep the DaemonSet off the service's nodes.")
        per_service: dict[str, list[str]] = {}  # the same fact about many services is one note naming them
        for svc in self.services:
            if svc.deployment_blocked:
                per_service.setdefault(
                    f"a rolling deployment cannot start: {svc.desired_count} task(s) with minimum healthy "
                    f"{svc.min_healthy_percent}% and maximum {svc.max_percent}% allow neither an extra task nor a "
                    "stopped one (ECS API Reference, 'DeploymentConfiguration'); raise max_percent (200 for one task) "
                    "or lower min_healthy_percent.", []).append(svc.name)
            if svc.network_mode in ("host", "bridge", "none"):
                per_service.setdefault(
                    f"network mode {svc.network_mode} runs only on EC2 instances; Fargate tasks use awsvpc (Amazon ECS "
                    "Developer Guide, 'Amazon ECS task networking options for Fargate').", []).append(svc.name)
            if svc.host_devices:
                per_service.setdefault(
                    f"maps host device(s) ({', '.join(svc.host_devices[:5])}"
                    + (f" and {len(svc.host_devices) - 5} more" if len(svc.host_devices) > 5 else "")
                    + "), which Fargate does not support (Amazon ECS API Reference, LinuxParameters devices: 'If "
                    "you're using tasks that use the Fargate launch type, the devices parameter isn't supported'): "
                    "EC2 only.", []).append(svc.name)
            if svc.fargate_unsupported:
                per_service.setdefault(
                    f"sets task definition parameter(s) {', '.join(svc.fargate_unsupported[:5])} that Fargate does not "
                    "support (" + FARGATE_PARAMETERS_RULE + "): ECS on EC2 only.", []).append(svc.name)
            if svc.privileged:
                per_service.setdefault(
                    "runs a privileged container, which neither Fargate runs (" + FARGATE_PRIVILEGED_RULE + "): EC2 "
                    "only.", []).append(svc.name)
            if svc.host_network or svc.node_host_ports:
                per_service.setdefault(
                    ("uses its node's network (hostNetwork)" + (", so its ports " if svc.node_host_ports else "")
                     if svc.host_network else "holds static host port(s) ")
                    + ", ".join(map(str, svc.node_host_ports[:5]))
                    + (" and more" if len(svc.node_host_ports) > 5 else "")
                    + (" are the node's" if svc.host_network and svc.node_host_ports else "")
                    + ", which EKS on Fargate does not run (" + EKS_FARGATE_HOST_NETWORK_RULE + "): on EKS it needs "
                    "EC2 nodes.", []).append(svc.name)
            elif svc.init_host_ports:
                per_service.setdefault(
                    "declares hostPort(s) " + ", ".join(map(str, svc.init_host_ports[:5]))
                    + (" and more" if len(svc.init_host_ports) > 5 else "") + " in an init container, which EKS on "
                    "Fargate does not run (" + EKS_FARGATE_HOST_NETWORK_RULE + "): on EKS it needs EC2 nodes.",
                    []).append(svc.name)
            if svc.host_volumes:
                per_service.setdefault(
                    f"mounts volume(s) of its container instance or node ({', '.join(svc.host_volumes[:5])}"
                    + (f" and {len(svc.host_volumes) - 5} more" if len(svc.host_volumes) > 5 else "")
                    + "), which Fargate cannot mount (ECS: " + FARGATE_HOST_VOLUMES_RULE + "; EKS: "
                    + EKS_FARGATE_HOST_VOLUMES_RULE + "): EC2 only.",
                    []).append(svc.name)
            if svc.persistent_volumes:
                per_service.setdefault(
                    "persistent volumes (EBS) cannot be mounted by EKS on Fargate pods (Amazon EKS User Guide, 'Use "
                    "Amazon EBS storage'); use Amazon EFS there, or EC2 nodes.", []).append(svc.name)
            for v in svc.persistent_volumes or ():
                if v.size_gib is None:  # only with snapshot_id (``PersistentVolume``)
                    per_service.setdefault(
                        f"EBS volume {v.name + ' ' if v.name else ''}is created from snapshot {v.snapshot_id}, whose "
                        "size the input does not give: not priced on the platforms that attach it (set its size_gib "
                        "to price it).", []).append(svc.name)
        for text, names in per_service.items():
            who = names[0] if len(names) == 1 else f"{len(names):,} services ({name_list(names)})"
            out.append(f"{who}: {text}")
        return list(dict.fromkeys(out))


def _new_shared_owners(services: list[Service], gone: set[str]) -> list[Service]:
    """``services`` with each shared volume whose owner (``priced_with``) is in ``gone`` (an idle service left out)
    given a new owner: the first remaining service that mounts it is priced with it (``priced_with`` cleared) and
    the others point to that one. Without this the volume, mounted by running pods, was priced nowhere on EKS."""
    new_owner: dict[tuple[str, str | None], str] = {}
    out = []
    for svc in services:
        volumes = svc.persistent_volumes or []
        if not any(v.priced_with in gone for v in volumes):
            out.append(svc)
            continue
        changed = []
        for v in volumes:
            if v.priced_with in gone:
                key = (v.priced_with, v.name)
                owner = new_owner.setdefault(key, svc.name)
                v = v.model_copy(update={"priced_with": None if owner == svc.name else owner})
            changed.append(v)
        out.append(svc.model_copy(update={"persistent_volumes": changed}))
    return out


def _with_defaults(item: Any, fill: dict) -> Any:
    if isinstance(item, dict):
        return {**item, **{k: v for k, v in fill.items() if item.get(k) is None}}
    return item


def _service_with_defaults(svc: Any, fill: dict) -> Any:
    """A service mapping with ``defaults`` filled into its containers that lack a request."""
    if isinstance(svc, Service):  # built in Python: re-derive from its own fields
        if not svc._derived:
            return svc
        svc = model_data(svc)
    if not isinstance(svc, dict) or not isinstance(svc.get("containers"), list):
        return svc
    out = dict(svc)
    for key in ("containers", "init_containers"):
        if isinstance(out.get(key), list):
            out[key] = [_with_defaults(c, {k: v for k, v in fill.items() if out.get(k) is None})
                        for c in out[key]]
    return out


#: What the items of a list of models are called and a minimal valid one, in YAML flow style, for the message of a
#: list field given as something else or with too few items (``services: []``, ``commitments: {}``,
#: ``containers: {}``): the loader's one rule (``advisor.workload.load``) names the field, the valid length and this
#: example. Module-level rather than ClassVars (see ``_NUMBER_KINDS``).
LIST_ITEMS: dict[type, tuple[str, str]] = {
    Service: ("services", "{name: web, cpu: 0.5, memory: 1024}"),
    Container: ("containers", "{name: app, cpu: 250m, memory: 512Mi}"),
    DaemonSet: ("DaemonSets", "{name: log-agent, cpu: 100m, memory: 128Mi}"),
    Commitment: ("commitments (Savings Plans or Reserved Instances)",
                 "{type: compute_savings_plan, term_years: 1, payment: no_upfront, discount_percent: 20, "
                 "coverage_percent: 100}"),
    PersistentVolume: ("persistent volumes", "{name: data, size_gib: 20}"),
}
