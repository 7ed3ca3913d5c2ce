"""Import ECS task definitions (and optionally ECS services and the cluster) in the JSON the ECS API uses.

Accepted task-definition files: one task definition object (``aws ecs register-task-definition
--cli-input-json``), a list of them, or the ``{"taskDefinition": {...}}`` wrapper that
``aws ecs describe-task-definition`` prints (YAML files with the same structure work too; ``-`` reads
standard input). ``null`` fields, as console exports write them, count as absent.

Sizing rules (Amazon ECS API Reference, "TaskDefinition" and "ContainerDefinition"; Amazon ECS Developer Guide,
"Amazon ECS task definition parameters"):

* Task-level ``cpu`` is CPU units ("256"; 1024 units = 1 vCPU), bare or as a string, or vCPU with its unit
  ("1 vCPU"); "Supported values are between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)".
  A bare number below 128 is refused as a unit slip (``0.5`` would be 0.5 units): write ``"0.5 vCPU"``.
* Task-level ``memory`` is MiB ("512"), or GB with its unit ("2 GB", which AWS means as GiB). A bare number
  below 64 is refused as a unit slip (``"1"`` would be 1 MiB): write ``"1 GB"``.
* Without task-level size (EC2), the task's size is the sum of its containers: ``cpu`` = sum of container
  ``cpu`` units (``0`` or absent -- what ``describe-task-definition`` prints -- reserves nothing: such a
  container is recorded as requesting no CPU, the missing-requests rule); ``memory`` = sum over containers of
  ``memoryReservation`` when set, else ``memory`` ("If you specify memoryReservation, then that value is
  subtracted from the available memory resources for the container instance where the container is placed.
  Otherwise, the value of memory is used."). Container memory below 6 MiB is refused ("don't specify less than
  6 MiB of memory for your containers"), and so is ``memory`` below ``memoryReservation``.
* ``networkMode`` (awsvpc | bridge | host | none) becomes ``network_mode``; absent means bridge on Linux ("If no
  network mode is specified, the default is bridge") and the NAT ``<default>`` mode on Windows (recorded as
  bridge: no ENI per task). Static host ports (``portMappings[].hostPort``; in host mode the container port)
  become ``host_ports``. In awsvpc and host mode a ``hostPort`` other than the ``containerPort``, which
  RegisterTaskDefinition refuses, is a note (``_network``).
* ``runtimePlatform.cpuArchitecture`` X86_64 | ARM64 and ``operatingSystemFamily`` LINUX | WINDOWS_SERVER_*.
  Without ``operatingSystemFamily``, a Windows image (``mcr.microsoft.com/windows/...``, ``.../dotnet/framework/
  ...``, ``servercore``, ``nanoserver``) or a ``powershell`` / ``cmd`` command marks the task as Windows, with a
  note saying which (an error in strict mode). Windows with ARM64 is refused (RuntimePlatform: cpuArchitecture
  "must be set to X86_64 for Windows containers").
* ``containerDefinitions``: at least one. With task-level sizes the containers must fit in them (cpu total,
  memory reservations total, each hard ``memory``), as RegisterTaskDefinition requires (``_containers_fit_task``).
* ``resourceRequirements`` of type GPU: the task's ``gpus`` is the containers' sum (ResourceRequirement).
* ``linuxParameters.devices``: the host devices (``hostPath``) become ``host_devices``, which rule out Fargate
  (LinuxParameters devices: "If you're using tasks that use the Fargate launch type, the devices parameter isn't
  supported"); each ``/dev/neuronN`` is an AWS Neuron accelerator and adds one to ``gpus``, as the Kubernetes
  ``aws.amazon.com/neuron`` resource does.
* ``placementConstraints`` (and a service's): read by ``advisor.workload.importers.placement`` -- the instance types
  a ``memberOf`` expression allows (``ec2.allowed_types`` when every service shares them, else a note), the CPU
  architecture and OS it names, ``distinctInstance`` (a note); the rest is accepted and ignored or noted.
* ``ephemeralStorage.sizeInGiB``: a whole number 21-200 ("The minimum supported value is 21 GiB and the maximum
  supported value is 200 GiB").
* ``requiresCompatibilities``: a list of EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES.

* ``volumes``: an Amazon EFS or FSx for Windows File Server volume is not priced (a file system is billed for what
  it stores, not per task) and a Docker volume or a ``host.sourcePath`` bind mount cannot be mounted on Fargate: each
  is named in a note (``_volumes_note``), and the latter become ``host_volumes``, which keep the service off ECS on
  Fargate.

Everything else the cost does not depend on (image, environment, secrets, logConfiguration, roles, tags...) is
accepted and ignored.

Service files (optional): one ``create-service`` style object (``serviceName``, ``taskDefinition``,
``desiredCount``, ``capacityProviderStrategy``, ``launchType``, ``deploymentConfiguration``), a list of them,
``{"service": {...}}`` or ``describe-services`` output ``{"services": [...]}``. Services are matched to task
definitions by family (``taskDefinition`` may be ``family``, ``family:revision`` or a task-definition ARN).
A service's ``capacityProviderStrategy`` becomes ``capacity_provider_strategy``; a service with neither a
strategy nor a ``launchType`` gets the cluster's ``defaultCapacityProviderStrategy`` (ECS API Reference,
"CreateService": "If no capacityProviderStrategy or launchType is specified, the
defaultCapacityProviderStrategy for the cluster is used"), read from a cluster file (``describe-clusters``
output, ``{"cluster": {...}}`` or one cluster object).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from advisor.errors import WorkloadError, region_arg
from advisor.platforms import fargate_size_is_valid
from advisor.units import (
    CPU_UNITS_PER_VCPU,
    QuantityError,
    choice_hint,
    is_whole_number_text,
    kind_of,
    num,
    parse_cpu,
    parse_memory_mib,
    placeholder_hint,
    plain_num,
    show,
)
from advisor.workload import ECS_FARGATE_MAX_STORAGE_GIB
from advisor.workload.capacity_providers import (
    StrategyError,
    parse_shorthand,
    to_api_json,
)
from advisor.workload.importers.common import ImportedService, ImportResult, fail, windows_sign
from advisor.workload.importers.detect import (
    appspec_message,
    ecs_cli_output_message,
    ecs_deployment_file_message,
    ecspresso_config_message,
    iam_policy_message,
    is_service_definition,
    run_task_message,
    service_definition_message,
    source_format_message,
)
from advisor.workload.importers.placement import neuron_assumption, read_placement, settle_placement
from advisor.workload.model import DEFAULT_DEPLOYMENT_MINUTES, MAX_GPUS, MAX_TASKS_PER_SERVICE, HostPort
from advisor.workload.source import MAX_DEPTH, STDIN_NAME, DuplicateKeyError, Source, read_source, unique_pairs

_ARCH = {"X86_64": "x86_64", "ARM64": "arm64"}
_NUMBER = re.compile(r"^\s*\d+(\.\d+)?\s*$", re.ASCII)  # ASCII digits: Python's \d and float() take "２５６"
#: ECS task cpu range: 128 to 196608 CPU units (TaskDefinition "cpu").
TASK_CPU_UNITS_MIN, TASK_CPU_UNITS_MAX = 128, 196_608
#: A bare task memory below this is read as a unit slip (the workload format's rule: "1" is surely 1 GB).
_AMBIGUOUS_BARE_MIB = 64
#: Docker 20.10+ reserves at least 6 MiB per container (ContainerDefinition "memory").
CONTAINER_MEMORY_MIN_MIB = 6
_NETWORK_MODES = ("awsvpc", "bridge", "host", "none")
_COMPATIBILITIES = ("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")
#: ECS ``launchType`` of a service, RunTask or a schedule's target (ECS API Reference, CreateService / RunTask
#: ``launchType``: "Valid Values: EC2 | FARGATE | EXTERNAL | MANAGED_INSTANCES").
LAUNCH_TYPES = ("FARGATE", "EC2", "EXTERNAL", "MANAGED_INSTANCES")


def read_structured(path: str | Path | Source, what: str = "task definition file") -> Any:
    """Parse a JSON (or YAML) file or ``-`` within the input limits; errors name the file, line and column."""
    docs = [d for d in read_source(path, what=what).documents if d is not None]
    if len(docs) == 1:
        return docs[0]
    return docs  # several YAML documents: read as a list


def is_container_definitions(data: Any) -> bool:
    """True for a list of ECS container definitions on its own (each with ``name`` and ``image``, no task-definition
    key): what Terraform's ``container_definitions = file(...)`` and ``register-task-definition
    --container-definitions`` take, not a task definition."""
    return isinstance(data, list) and bool(data) and all(
        isinstance(c, dict) and "image" in c and "name" in c
        and not any(k in c for k in ("family", "containerDefinitions", "taskDefinition", "kind")) for c in data)


def container_definitions_message(source: str) -> str:
    name = Path(source).name
    return (f"{source}: is a list of ECS container definitions (what Terraform's container_definitions = file(...) and "
            "'aws ecs register-task-definition --container-definitions' take), not a task definition: it has no "
            "family, task size or network mode. Put it in one with the values of your aws_ecs_task_definition and "
            "import that, e.g.: jq '{family: \"NAME\", networkMode: \"awsvpc\", requiresCompatibilities: "
            f"[\"FARGATE\"], cpu: \"256\", memory: \"512\", containerDefinitions: .}}' {name} > taskdef.json, then "
            "'advisor import taskdef taskdef.json' (leave out cpu and memory to size the task from its containers, "
            "as ECS does on EC2).")


def _task_definitions(data: Any, source: str) -> list[tuple[str, dict]]:
    """(document label, task definition) pairs from any accepted top-level shape."""
    if is_container_definitions(data):
        raise WorkloadError(container_definitions_message(source))
    if appspec := appspec_message(source, data):
        raise WorkloadError(appspec)
    if other := (iam_policy_message(source, data) or run_task_message(source, data)
                  or ecs_deployment_file_message(source, data) or ecspresso_config_message(source, data)
                  or ecs_cli_output_message(source, data)):
        raise WorkloadError(other)
    if is_service_definition([data]):  # create-service input or output given where the task definition goes
        raise WorkloadError(service_definition_message(source))
    if isinstance(data, dict) and isinstance(data.get("taskDefinition"), dict):
        return [("taskDefinition", data["taskDefinition"])]
    if isinstance(data, dict) and "taskDefinitions" in data:
        if not isinstance(data["taskDefinitions"], list):
            raise fail(source, None, "taskDefinitions", "must be a list of task definitions.")
        data = data["taskDefinitions"]
    if isinstance(data, dict):
        return [("task definition", data)]
    if isinstance(data, list):
        out = []
        for i, item in enumerate(data):
            if isinstance(item, dict) and isinstance(item.get("taskDefinition"), dict):
                item = item["taskDefinition"]
            if not isinstance(item, dict):
                raise fail(source, f"task definition [{i}]", None,
                           f"expected a JSON object (a task definition), got {kind_of(item)}.")
            out.append((f"task definition [{i}]", item))
        if not out:
            raise WorkloadError(f"{source}: the list is empty; it should hold task definitions.")
        if len(out) > 5000:
            raise WorkloadError(f"{source}: {len(out)} task definitions; advisor reads at most 5,000 at once.")
        return out
    raise WorkloadError(
        f"{source}: expected a task definition object, a list of them, or {{\"taskDefinition\": {{...}}}}; "
        f"got {kind_of(data)}."
    )


def family_of(ref: str) -> str:
    """'web-app', 'web-app:3' or 'arn:aws:ecs:...:task-definition/web-app:3' -> 'web-app'."""
    ref = str(ref)
    if "task-definition/" in ref:
        ref = ref.split("task-definition/", 1)[1]
    return ref.split(":", 1)[0]


def _task_cpu(value: Any, source: str, doc: str) -> float:
    """Task-level cpu -> vCPU (CPU units when bare)."""
    bare = (isinstance(value, (int, float)) and not isinstance(value, bool)) or \
        (isinstance(value, str) and len(value) < 40 and _NUMBER.match(value))
    if bare:
        units = float(value)
        if units <= 0:
            raise fail(source, doc, "cpu", f"{show(value)}: task cpu must be a positive whole number of CPU units from "
                       f"{TASK_CPU_UNITS_MIN} to {TASK_CPU_UNITS_MAX} (0.125-192 vCPU), e.g. \"256\" = 0.25 vCPU, or "
                       "vCPU such as \"1 vCPU\".")
        if units < TASK_CPU_UNITS_MIN:
            # Suggest the vCPU reading only where ECS would take it (0.125 vCPU and more).
            as_vcpu = (f"if you meant vCPU, write \"{plain_num(units)} vCPU\" (= {num(units * 1024)} units)"
                       if units * CPU_UNITS_PER_VCPU >= TASK_CPU_UNITS_MIN else "write at least \"128\" (0.125 vCPU)")
            raise fail(source, doc, "cpu", f"{show(value)} would be {num(units)} CPU units ({num(units / 1024)} vCPU), less than "
                       f"the ECS minimum task cpu of {TASK_CPU_UNITS_MIN} units (0.125 vCPU). Task cpu is CPU units "
                       f"(\"256\" = 0.25 vCPU); {as_vcpu}.")
        if units > TASK_CPU_UNITS_MAX or not units.is_integer():
            raise fail(source, doc, "cpu", f"{show(value)} is not valid; ECS task cpu is a whole number of CPU units from "
                       f"{TASK_CPU_UNITS_MIN} to {TASK_CPU_UNITS_MAX} (0.125-192 vCPU), e.g. \"1024\" = 1 vCPU.")
        return units / CPU_UNITS_PER_VCPU
    try:
        vcpu = parse_cpu(value)  # "1 vCPU", "0.25 vcpu", "512 units"
    except QuantityError as exc:
        raise fail(source, doc, "cpu", f"{exc}. ECS writes task cpu as CPU units ('256', 1024 = 1 vCPU) or "
                   "as vCPU ('1 vCPU').") from None
    if not TASK_CPU_UNITS_MIN <= vcpu * CPU_UNITS_PER_VCPU <= TASK_CPU_UNITS_MAX:
        raise fail(source, doc, "cpu", f"{show(value)} = {num(vcpu)} vCPU is outside what ECS accepts (0.125-192 vCPU).")
    return vcpu


def _task_memory(value: Any, source: str, doc: str) -> float:
    bare = (isinstance(value, (int, float)) and not isinstance(value, bool)) or \
        (isinstance(value, str) and len(value) < 40 and _NUMBER.match(value))
    if bare:
        mib = float(value)
        if mib <= 0:
            raise fail(source, doc, "memory", f"{show(value)}: task memory must be a positive number of MiB, e.g. \"512\", "
                       "or GB such as \"2 GB\" (= 2048 MiB).")
        if mib < _AMBIGUOUS_BARE_MIB:
            raise fail(source, doc, "memory", f"{show(value)} would be {num(mib)} MiB, smaller than any task can run in; task "
                       f"memory is MiB (\"512\"). If you meant GB, write \"{plain_num(mib)} GB\" (= {num(mib * 1024)} MiB).")
        value = mib
    try:
        return parse_memory_mib(value if bare else str(value).replace("gb", "GB"))  # "2 GB" (= 2048 MiB)
    except QuantityError as exc:
        raise fail(source, doc, "memory", f"{exc}. ECS writes task memory as MiB ('512') or GB ('2 GB').") from None


#: The message for a task definition without ``containerDefinitions`` (RegisterTaskDefinition requires it, and
#: DescribeTaskDefinition always returns it).
MISSING_CONTAINERS = ("is missing; ECS requires at least one container definition (RegisterTaskDefinition: "
                      "containerDefinitions is required), and 'aws ecs describe-task-definition --task-definition "
                      "FAMILY' always includes them. Add the task's containers (name, image, and cpu / memory or "
                      "memoryReservation in MiB), or export the whole task definition.")


def _int_field(c: dict, key: str, source: str, doc: str, fld: str, hi: int) -> int | None:
    """A container's whole-number field (cpu units, MiB); None when absent, null or 0."""
    v = c.get(key)
    if v is None:
        return None
    ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()) or \
        (isinstance(v, str) and len(v) < 20 and is_whole_number_text(v.strip()))
    if not ok:
        raise fail(source, doc, fld, f"{show(v)} is not valid; ECS expects a whole number "
                   f"({'CPU units' if key == 'cpu' else 'MiB'}){placeholder_hint(v)}.")
    n = int(float(v))
    if n < 0 or n > hi:
        raise fail(source, doc, fld, f"{show(v)} is out of range; ECS accepts 0 to {hi}.")
    return n or None


def _containers(td: dict, source: str, doc: str) -> list[dict]:
    if "containerDefinitions" not in td:
        return []  # a template's task definition may leave them out (the import_taskdef file check refuses it)
    containers = td["containerDefinitions"]
    if containers is None:
        raise fail(source, doc, "containerDefinitions", "is null; ECS requires at least one container definition "
                   "(RegisterTaskDefinition: containerDefinitions is required). Add the task's containers.")
    if not isinstance(containers, list):
        raise fail(source, doc, "containerDefinitions", f"must be a list of container definitions, got "
                   f"{kind_of(containers)}.")
    if not containers:
        raise fail(source, doc, "containerDefinitions", "is an empty list; ECS requires at least one container "
                   "definition (RegisterTaskDefinition: containerDefinitions is required). Add the task's containers.")
    if len(containers) > 100:
        raise fail(source, doc, "containerDefinitions", f"lists {len(containers)} containers; ECS allows at most 10.")
    out = []
    for i, c in enumerate(containers):
        if not isinstance(c, dict):
            raise fail(source, doc, f"containerDefinitions[{i}]", f"expected an object, got {kind_of(c)}.")
        out.append(c)
    return out


def size_task(td: dict, source: str, doc: str, named: Callable[[str], str] = str) -> tuple[dict, list[str]]:
    """Workload size fields (cpu/memory and/or containers) and comments of one task definition, by the module's rules;
    messages name the fields as ``named`` gives them (``_words``)."""
    words = _words(named)
    comments: list[str] = []
    cdefs = _containers(td, source, doc)
    data: dict[str, Any] = {}
    per: list[dict[str, Any]] = []
    hard_total = 0
    gpus = 0
    hard_by: list[tuple[str, int]] = []  # (field, hard memory MiB) per container
    devices: list[str] = []  # host paths of linuxParameters.devices, each once
    privileged: list[str] = []  # containers with privileged: true
    for i, c in enumerate(cdefs):
        fld = f"containerDefinitions[{i}]"
        gpus += _gpus(c, source, doc, fld)
        if _privileged(c, source, doc, fld):
            privileged.append(str(c.get("name") or f"[{i}]")[:253])
        devices += [d for d in _devices(c, source, doc, fld) if d not in devices]
        cpu = _int_field(c, "cpu", source, doc, f"{fld}.cpu", TASK_CPU_UNITS_MAX)
        hard = _int_field(c, "memory", source, doc, f"{fld}.memory", 32 * 1024 * 1024)
        soft = _int_field(c, "memoryReservation", source, doc, f"{fld}.memoryReservation", 32 * 1024 * 1024)
        for key, v in (("memory", hard), ("memoryReservation", soft)):
            if v is not None and v < CONTAINER_MEMORY_MIN_MIB:
                raise fail(source, doc, f"{fld}.{key}", f"{v} MiB is less than a container can have (Docker reserves at "
                           f"least {CONTAINER_MEMORY_MIN_MIB} MiB; ECS API Reference, ContainerDefinition); is the "
                           "unit right? It is MiB.")
        if hard is not None and soft is not None and hard < soft:
            raise fail(source, doc, f"{fld}.memory", f"{hard} MiB is below {words['memoryReservation']} {soft} MiB; ECS "
                       f"requires {words['memory']} (the hard limit) to be greater than {words['memoryReservation']} "
                       "(the soft limit).")
        name = c.get("name")
        name = str(name)[:253] if isinstance(name, (str, int)) and not isinstance(name, bool) and str(name) else f"[{i}]"
        entry: dict[str, Any] = {"name": name}
        if cpu:
            entry["cpu"] = f"{cpu} units"
        mem = soft or hard
        if mem:
            entry["memory"] = float(mem)
        hard_total += hard or soft or 0
        if hard is not None:
            hard_by.append((f"{fld}.memory", hard))
        per.append(entry)
    neuron = [d for d in devices if NEURON_DEVICE.fullmatch(d)]
    if gpus:
        comments.append(f"resourceRequirements: {gpus} GPU(s) per task (Fargate runs no GPU tasks)")
    if neuron:
        comments.append(f"linuxParameters.devices: {len(neuron)} AWS Neuron device(s) ({', '.join(neuron[:4])}"
                        + (" ..." if len(neuron) > 4 else "") + ") per task, counted in gpus as the Kubernetes "
                        "aws.amazon.com/neuron resource is (Inferentia / Trainium instances; Fargate has none)")
    if devices:
        data["host_devices"] = devices
        comments.append(f"linuxParameters.devices: host device(s) {', '.join(devices[:4])}"
                        + (" ..." if len(devices) > 4 else "") + ": not on Fargate ('If you're using tasks that use "
                        "the Fargate launch type, the devices parameter isn't supported', LinuxParameters)")
    unsupported = _fargate_unsupported(td, cdefs, source, doc)
    if unsupported:
        data["fargate_unsupported"] = unsupported
        comments.append(f"{', '.join(unsupported[:4])}: not on Fargate ('Task definition parameters': ipcMode 'This "
                        "is not supported for tasks running on Fargate'; LinuxParameters tmpfs and sharedMemorySize: "
                        "'If you're using tasks that use the Fargate launch type, the ... parameter isn't supported')")
    if privileged:
        data["privileged"] = True
        comments.append(f"privileged: true ({', '.join(privileged[:4])}" + (" ..." if len(privileged) > 4 else "")
                        + "): not on Fargate ('This parameter is not supported for Windows containers or tasks run on "
                        "Fargate', ContainerDefinition privileged)")
    if gpus + len(neuron) > MAX_GPUS:
        raise fail(source, doc, "containerDefinitions[*].resourceRequirements" if not neuron else
                   "containerDefinitions[*].linuxParameters.devices", f"{gpus + len(neuron)} GPUs / Neuron devices in "
                   f"one task; advisor models at most {MAX_GPUS} (the most on one EC2 instance in its catalogue).")
    if gpus + len(neuron):
        data["gpus"] = gpus + len(neuron)

    task_cpu = td.get("cpu") if td.get("cpu") not in ("", None) else None
    task_mem = td.get("memory") if td.get("memory") not in ("", None) else None
    if task_cpu is not None:
        data["cpu"] = _task_cpu(task_cpu, source, doc)
        comments.append(f"task cpu {show(task_cpu)} = {num(data['cpu'])} vCPU")
    if task_mem is not None:
        data["memory"] = _task_memory(task_mem, source, doc)
        comments.append(f"task memory {show(task_mem)} = {num(data['memory'])} MiB")
    _containers_fit_task(data, per, hard_by, source, doc, words)
    if task_cpu is None or task_mem is None:
        if not per:
            raise fail(source, doc, "containerDefinitions" if task_cpu is not None else "cpu",
                       "no task-level size and no containers: advisor cannot tell the task's size. Set the task-level "
                       f"\"{words['task cpu']}\" (e.g. \"256\" = 0.25 vCPU) and \"{words['task memory']}\" (MiB, e.g. "
                       "\"512\").")
        if task_mem is None:
            missing = [p["name"] for p in per if "memory" not in p]
            if missing:
                raise fail(source, doc, f"containerDefinitions ({', '.join(missing)})",
                           f"no task-level memory and these containers have neither \"{words['memory']}\" nor "
                           f"\"{words['memoryReservation']}\" (ECS requires one of them). Set the task-level "
                           f"\"{words['task memory']}\" (MiB, e.g. \"512\") or the containers' \"{words['memory']}\" / "
                           f"\"{words['memoryReservation']}\" (MiB).")
            total = sum(p["memory"] for p in per)
            comments.append(f"no task-level memory: sum over containers of memoryReservation (else memory) = {num(total)} "
                            "MiB, what ECS reserves on an instance" + (f"; hard limits add up to {hard_total} MiB"
                                                                       if hard_total > total else ""))
        if task_cpu is None:
            units = sum(float(p["cpu"].split()[0]) for p in per if "cpu" in p)
            zero = [p["name"] for p in per if "cpu" not in p]
            comments.append(f"no task-level cpu: sum of container cpu = {num(units)} units = {num(units / 1024)} vCPU"
                            + (f"; containers without cpu ({', '.join(zero)}) reserve 0 units (ECS gives them a share "
                               "of spare CPU)" if zero else ""))
        data["containers"] = [{k: v for k, v in p.items() if k == "name" or (k == "cpu" and task_cpu is None)
                               or (k == "memory" and task_mem is None)} for p in per]
    return data, comments


def _gpus(c: dict, source: str, doc: str, fld: str) -> int:
    """GPUs one container reserves: ``resourceRequirements`` items of type GPU (ECS API Reference,
    "ResourceRequirement": type GPU | InferenceAccelerator; for GPU, value is "The number of physical GPUs the
    Amazon ECS container agent reserves for the container", a whole number written as a string)."""
    reqs = c.get("resourceRequirements")
    if reqs is None:
        return 0
    if not isinstance(reqs, list):
        raise fail(source, doc, f"{fld}.resourceRequirements", f"must be a list of {{type, value}} items, got {show(reqs)}.")
    total = 0
    for j, r in enumerate(reqs):
        rfld = f"{fld}.resourceRequirements[{j}]"
        if not isinstance(r, dict):
            raise fail(source, doc, rfld, f"must be an object {{\"type\": \"GPU\", \"value\": \"1\"}}, got {show(r)}.")
        kind = r.get("type")
        if kind == "InferenceAccelerator":
            continue  # an Elastic Inference accelerator, priced by that service, not by the task's capacity
        if kind != "GPU":
            raise fail(source, doc, f"{rfld}.type", f"{show(kind)} is not valid; ECS accepts GPU or InferenceAccelerator.")
        v = r.get("value")
        ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, str) and is_whole_number_text(v.strip())
                                                                  and len(v) < 6)
        if not ok or not 1 <= int(v) <= MAX_GPUS:
            raise fail(source, doc, f"{rfld}.value", f"{show(v)} is not a number of GPUs; give a whole number from 1 to "
                       f"{MAX_GPUS} as a string (e.g. \"1\").")
        total += int(v)
    return total


#: The device files of AWS Neuron accelerators (Inferentia, Trainium) that a task maps to use them: Amazon ECS
#: Developer Guide, "Amazon ECS task definitions for AWS Neuron machine learning workloads" (linuxParameters.devices
#: hostPath /dev/neuron0). Each is one Neuron device, what the Kubernetes resource aws.amazon.com/neuron counts.
NEURON_DEVICE = re.compile(r"/dev/neuron[0-9]+")
def _fargate_unsupported(td: dict, cdefs: list, source: str, doc: str) -> list[str]:
    """The task definition parameters it sets that Fargate does not support (``Service.fargate_unsupported``), each
    once as written: ``ipcMode`` (any value: Amazon ECS Developer Guide, "Task definition parameters", "This is not
    supported for tasks running on Fargate"), ``pidMode host`` (the EC2 instance's process namespace; Fargate takes
    ``task`` only), and a container's ``linuxParameters.tmpfs`` or ``linuxParameters.sharedMemorySize`` (Amazon ECS API
    Reference, LinuxParameters: "If you're using tasks that use the Fargate launch type, the tmpfs parameter isn't
    supported", "... the sharedMemorySize parameter is not supported"). A value that is not text is an error naming
    the field; an empty one is unset."""
    out: list[str] = []
    for key, valid in (("ipcMode", ("host", "task", "none")), ("pidMode", ("host", "task"))):
        v = td.get(key)
        if v is None or v == "":  # "" is unset (ecspresso and console exports write "ipcMode": "")
            continue
        unresolved = isinstance(v, str) and ("${" in v or "{{" in v)  # a template's placeholder: set, value unknown
        if not isinstance(v, str) or (v not in valid and not unresolved):
            hint = f" (did you mean {v.strip().lower()}?)" if isinstance(v, str) and v.strip().lower() in valid else ""
            raise fail(source, doc, key, f"{show(v)} is not valid{hint}; write {', '.join(valid[:-1])} or {valid[-1]} "
                       "(Amazon ECS API Reference, RegisterTaskDefinition), or remove it.")
        if key == "ipcMode" or v == "host":
            out.append(f"{key} {v}")
    for i, c in enumerate(cdefs):
        lp = c.get("linuxParameters") if isinstance(c, dict) else None
        if not isinstance(lp, dict):
            continue
        fld = f"containerDefinitions[{i}].linuxParameters"
        tmpfs, shm = lp.get("tmpfs"), lp.get("sharedMemorySize")
        # Amazon ECS API Reference, LinuxParameters: tmpfs "Type: Array of Tmpfs objects", sharedMemorySize "Type:
        # Integer" (MiB); a template's unresolved value (a mapping such as {"Ref": ...}) counts as set
        if tmpfs is not None and not isinstance(tmpfs, (list, dict)):
            raise fail(source, doc, f"{fld}.tmpfs", f"{show(tmpfs)} is not a list of tmpfs mounts; write e.g. "
                       '[{"containerPath": "/tmp", "size": 64}], or remove it.')
        if isinstance(shm, str) and re.fullmatch(r"\s*\d+\s*", shm):  # CloudFormation writes numbers as text
            shm = int(shm)
        if shm is not None and shm != "" and not isinstance(shm, dict) and \
                (isinstance(shm, bool) or not isinstance(shm, int) or shm < 0):
            raise fail(source, doc, f"{fld}.sharedMemorySize", f"{show(shm)} is not a size; write the /dev/shm size in "
                       "MiB as a whole number (e.g. 64), or remove it.")
        for key, value in (("tmpfs", tmpfs), ("sharedMemorySize", shm)):
            if value not in (None, [], 0, "") and f"linuxParameters.{key}" not in out:
                out.append(f"linuxParameters.{key}")
    return out


def _privileged(c: dict, source: str, doc: str, fld: str) -> bool:
    """Whether a container definition runs privileged (ECS API Reference, ContainerDefinition ``privileged``, a
    Boolean; CloudFormation also writes it as the text "true" / "false"). Anything else is refused naming the field."""
    v = c.get("privileged")
    if v is None or isinstance(v, bool):
        return v is True
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return v.strip().lower() == "true"
    raise fail(source, doc, f"{fld}.privileged", f"{show(v)} is not a Boolean; write true or false.")


def _devices(c: dict, source: str, doc: str, fld: str) -> list[str]:
    """The host paths of one container's ``linuxParameters.devices`` (ECS API Reference, "LinuxParameters" devices:
    "Any host devices to expose to the container"; "Device" hostPath: "The path for the device on the host container
    instance", Required: Yes)."""
    lp = c.get("linuxParameters")
    if lp is None:
        return []
    if not isinstance(lp, dict):
        raise fail(source, doc, f"{fld}.linuxParameters", f"must be an object (capabilities, devices, ...), got "
                   f"{show(lp)}.")
    devices = lp.get("devices")
    if devices is None:
        return []
    if not isinstance(devices, list):
        raise fail(source, doc, f"{fld}.linuxParameters.devices", f"must be a list of {{hostPath, containerPath, "
                   f"permissions}} items, got {show(devices)}.")
    out = []
    for j, d in enumerate(devices):
        dfld = f"{fld}.linuxParameters.devices[{j}]"
        if not isinstance(d, dict):
            raise fail(source, doc, dfld, f"must be an object {{\"hostPath\": \"/dev/fuse\"}}, got {show(d)}.")
        host = d.get("hostPath")
        if not isinstance(host, str) or not host.strip() or len(host) > 255:
            raise fail(source, doc, f"{dfld}.hostPath", f"{show(host)} is not valid; a device needs the path of the "
                       "device on the host (Device hostPath, Required: Yes), e.g. \"/dev/neuron0\".")
        if host.strip() not in out:
            out.append(host.strip())
    return out


def _words(named: Callable[[str], str]) -> dict[str, str]:
    """The names messages give a container's and the task's size fields, as ``named`` writes them: the ECS API's
    memory / memoryReservation / cpu, CloudFormation's Memory / MemoryReservation / Cpu, Terraform's the API's inside
    container_definitions and cpu / memory at the task level."""
    out = {k: named(f"containerDefinitions.{k}").rsplit(".", 1)[-1] for k in ("memory", "memoryReservation", "cpu")}
    return {**out, "task cpu": named("cpu"), "task memory": named("memory")}


def _containers_fit_task(data: dict, per: list[dict], hard_by: list[tuple[str, int]], source: str, doc: str,
                         words: dict[str, str] | None = None) -> None:
    """Container reservations must fit in the task-level size when one is given (Amazon ECS Developer Guide, "Task
    definition parameters", container cpu: "the total amount of CPU reserved for all containers within a task be
    lower than the task-level cpu value"; container memory: "The total amount of memory reserved for all
    containers within a task must be lower than the task memory value, if one is specified"). A single container's
    hard limit above the task's is refused by RegisterTaskDefinition too ("The 'memory' setting for container 'X'
    is greater than for the task", pulumi/pulumi-awsx#188). Equal totals are accepted, as ECS accepts them."""
    words = words or _words(str)
    if "cpu" in data:
        units = sum(float(p["cpu"].split()[0]) for p in per if "cpu" in p)
        task_units = data["cpu"] * CPU_UNITS_PER_VCPU
        if units > task_units + 1e-9:
            raise fail(source, doc, "containerDefinitions[*].cpu", f"the containers reserve {num(units)} CPU units in "
                       f"total, more than the task-level {words['task cpu']} of {num(task_units)} units; ECS refuses this (the "
                       "containers' total must be lower than the task's). Raise the task's or lower the containers'.")
    if "memory" in data:
        for fld, hard in hard_by:
            if hard > data["memory"] + 1e-9:
                raise fail(source, doc, fld, f"{hard} MiB is more than the task-level memory of {num(data['memory'])} MiB; "
                           "ECS refuses it (\"The 'memory' setting for container ... is greater than for the task\"). "
                           "Raise the task memory or lower the container's.")
        reserved = sum(p.get("memory", 0.0) for p in per)
        if reserved > data["memory"] + 1e-9:
            raise fail(source, doc, "containerDefinitions[*].memoryReservation", f"the containers reserve {num(reserved)} "
                       f"MiB in total ({words['memoryReservation']}, else {words['memory']}), more than the task-level "
                       f"{words['task memory']} of "
                       f"{num(data['memory'])} MiB; ECS refuses this (the containers' total must be lower than the task "
                       "memory). Raise the task memory or lower the containers'.")


def _platform(td: dict, source: str, doc: str, named: Callable[[str], str] = str) -> tuple[str, str, str | None]:
    """(architecture, os, why Windows was inferred or None); messages name the fields as ``named`` gives them."""
    rp = td.get("runtimePlatform")
    if rp is None:
        rp = {}
    arch_field, family_field = (named(f"runtimePlatform.{f}").rsplit(".", 1)[-1]
                                for f in ("cpuArchitecture", "operatingSystemFamily"))
    if not isinstance(rp, dict):
        raise fail(source, doc, "runtimePlatform", f"must be an object with {arch_field} / {family_field}.")
    arch = rp.get("cpuArchitecture") or "X86_64"
    if not isinstance(arch, str) or arch.upper() not in _ARCH:
        raise fail(source, doc, "runtimePlatform.cpuArchitecture", f"{show(arch)} is not valid; use X86_64 or ARM64.")
    fam = rp.get("operatingSystemFamily")
    if fam is not None and not isinstance(fam, str):
        raise fail(source, doc, "runtimePlatform.operatingSystemFamily", f"{show(fam)} is not valid; use LINUX or "
                   "WINDOWS_SERVER_2022_CORE (or another WINDOWS_SERVER_* value).")
    if fam is None:
        why = _windows_sign(td)
        if why and arch.upper() == "ARM64":
            raise fail(source, doc, "runtimePlatform.cpuArchitecture", f"ARM64, but the task looks like Windows ({why}) "
                       f"and Windows containers run on X86_64 only. Set {family_field} LINUX if the image is "
                       f"Linux, else {arch_field} X86_64.")
        return _ARCH[arch.upper()], ("windows" if why else "linux"), why
    fam = fam.upper()
    if fam == "LINUX":
        return _ARCH[arch.upper()], "linux", None
    if fam.startswith("WINDOWS_SERVER"):
        if arch.upper() == "ARM64":
            raise fail(source, doc, "runtimePlatform.cpuArchitecture", f"ARM64 with {family_field} {fam}: Windows "
                       "containers run on X86_64 only (RuntimePlatform: cpuArchitecture 'must be set to X86_64 for "
                       "Windows containers'; Fargate Windows and the Windows AMIs are x86_64). Set X86_64.")
        return _ARCH[arch.upper()], "windows", None
    raise fail(source, doc, "runtimePlatform.operatingSystemFamily",
               f"{show(fam)} is not valid; use LINUX or WINDOWS_SERVER_2019_CORE (or another WINDOWS_SERVER_* value).")


def _windows_sign(td: dict) -> str | None:
    """Why a task definition without operatingSystemFamily looks like Windows (image or command), or None
    (``common.windows_sign``)."""
    return windows_sign(td.get("containerDefinitions"), ("entryPoint", "command"))


#: What the note on a port mapping ECS refuses says (``_network``), so that a run's overrides do not repeat it.
PORT_MISMATCH = "a hostPort other than its containerPort"


def _port(value: Any) -> Any:
    """A port as written: an int, or the int a string of ASCII digits is (a CloudFormation template writes ``"80"``,
    and a Number parameter resolves to text); anything else as it is."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    return value


def _network(td: dict, os_: str, source: str, doc: str) -> tuple[str, list, str, list[str]]:
    """(network_mode, host ports, comment, port mappings ECS refuses). In bridge mode a static ``hostPort`` holds
    that port of the instance; in host mode the container's own port is the instance's ("If you use containers in a
    task with the awsvpc or host network mode, specify the exposed ports using containerPort", PortMapping), so it
    is ``containerPort`` (``hostPort`` when that is not a port). In awsvpc and host mode a ``hostPort`` other than
    the ``containerPort`` is refused by RegisterTaskDefinition (PortMapping hostPort: "If you use containers in a
    task with the awsvpc or host network mode, the hostPort can either be left blank or set to the same value as
    the containerPort"; ECS answers "When networkMode=awsvpc, the host ports and container ports in port mappings
    must match", pulumi/pulumi-awsx#935): each such mapping is listed for ``_sized``'s note."""
    mode = td.get("networkMode")
    if mode is not None and not isinstance(mode, str):
        raise fail(source, doc, "networkMode", f"{show(mode)} is not valid; use awsvpc, bridge, host or none.")
    if mode is None:
        if os_ == "windows":
            mode, why = "bridge", "no networkMode on Windows: the <default> (NAT) mode, no ENI per task (recorded as bridge)"
        else:
            mode, why = "bridge", "no networkMode: bridge, the ECS default on Linux"
    elif mode == "default":
        mode, why = "bridge", "networkMode <default> (Windows NAT): no ENI per task (recorded as bridge)"
    elif mode not in _NETWORK_MODES:
        raise fail(source, doc, "networkMode", f"{show(mode)} is not valid; use awsvpc, bridge, host or "
                   f"none{placeholder_hint(mode)}.")
    else:
        why = f"networkMode {mode}"
    ports: list = []
    refused: list[str] = []
    if mode in ("bridge", "host", "awsvpc"):
        for i, c in enumerate(td.get("containerDefinitions") or []):
            if not isinstance(c, dict):
                continue
            pms = c.get("portMappings")
            if pms is None:
                continue
            if not isinstance(pms, list):
                raise fail(source, doc, f"containerDefinitions[{i}].portMappings", "must be a list of port mappings.")
            for j, pm in enumerate(pms):
                if not isinstance(pm, dict):
                    raise fail(source, doc, f"containerDefinitions[{i}].portMappings[{j}]", "must be an object.")
                host, inner = _port(pm.get("hostPort")), _port(pm.get("containerPort"))
                valid = [p if isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= 65535 else None
                         for p in (host, inner)]
                # a port that is not one is refused in every mode (RegisterTaskDefinition checks the range), the
                # one the instance holds or not; hostPort 0 is blank (a dynamic port in bridge mode)
                for fld, p, ok in (("containerPort", inner, valid[1]), ("hostPort", host, valid[0])):
                    if p is not None and p != 0 and ok is None:
                        raise fail(source, doc, f"containerDefinitions[{i}].portMappings[{j}].{fld}",
                                   f"{show(p)} is not a port; use 1-65535.")
                if mode != "bridge" and None not in valid and host != inner:
                    cname = c.get("name")
                    refused.append(f"container {show(cname) if isinstance(cname, str) else f'[{i}]'} "
                                   f"hostPort {host}, containerPort {inner}")
                if mode == "awsvpc":
                    continue  # the task's own network interface: no port of the instance is held
                if mode == "host" and valid[1] is not None:
                    port, fld = inner, "containerPort"
                else:
                    port, fld = host or (inner if mode == "host" else None), "hostPort" if host else "containerPort"
                if port is None or port == 0:
                    continue  # bridge without hostPort: a dynamic port, any number of tasks per instance
                if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
                    raise fail(source, doc, f"containerDefinitions[{i}].portMappings[{j}].{fld}",
                               f"{show(port)} is not a port; use 1-65535.")
                proto = pm.get("protocol")  # a value a template has not resolved (a Ref) is read as tcp, the default
                proto = proto if isinstance(proto, str) else None
                if proto is not None and proto.strip().lower() not in ("tcp", "udp"):
                    raise fail(source, doc, f"containerDefinitions[{i}].portMappings[{j}].protocol",
                               f"{show(proto)} is not valid; use tcp (the default) or udp.")
                # TCP and UDP ports are separate resources of a container instance (PORTS, PORTS_UDP: Amazon ECS API
                # Reference, Resource): a UDP port is written with its protocol
                entry = {"port": port, "protocol": "UDP"} if proto is not None and proto.strip().lower() == "udp" \
                    else port
                if entry not in ports:
                    ports.append(entry)
    if ports:
        why += f"; static host port(s) {port_text(ports)}: one task of this service per instance"
    return mode, ports, why, refused


def port_text(ports: list) -> str:
    """'80, 53/UDP': ``host_ports`` entries as written (a number, or a mapping with its protocol)."""
    return ", ".join(str(HostPort(**p)) if isinstance(p, dict) else str(p) for p in ports)


def _storage(td: dict, source: str, doc: str, named: Callable[[str], str] = str) -> float | None:
    """The task definition's ephemeral storage in GiB, None when it sets none; messages name the fields as ``named``
    gives them (CloudFormation's EphemeralStorage, Terraform's ephemeral_storage)."""
    es = td.get("ephemeralStorage")
    if es is None:
        return None
    size_field = named("ephemeralStorage.sizeInGiB").rsplit(".", 1)[-1]
    if not isinstance(es, dict):
        raise fail(source, doc, "ephemeralStorage", f"must be an object {{{size_field}: 21-200}}, got {show(es)}.")
    size = es.get("sizeInGiB")
    if isinstance(size, bool) or not isinstance(size, (int, float)) or not float(size).is_integer() \
            or not 21 <= size <= ECS_FARGATE_MAX_STORAGE_GIB:
        raise fail(source, doc, "ephemeralStorage.sizeInGiB", f"{show(size)} is not valid; ECS accepts a whole number of "
                   f"GiB from 21 to {ECS_FARGATE_MAX_STORAGE_GIB:g} (Fargate includes 20 GiB; remove "
                   f"{named('ephemeralStorage')} to keep 20).")
    return float(size)


def _compatibilities(td: dict, source: str, doc: str) -> list[str]:
    compat = td.get("requiresCompatibilities")
    if compat is None:
        return []
    if not isinstance(compat, list) or not all(isinstance(x, str) and x in _COMPATIBILITIES for x in compat):
        hint = next((h for x in (compat if isinstance(compat, list) else [compat]) if (h := placeholder_hint(x))), "")
        raise fail(source, doc, "requiresCompatibilities", f"{show(compat)} is not valid; give a list of "
                   f"{', '.join(_COMPATIBILITIES)} (e.g. [\"FARGATE\"]){hint}.")
    return compat


def _services(data: Any, source: str) -> list[tuple[str, dict]]:
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        data = data["services"]
    elif isinstance(data, dict) and isinstance(data.get("service"), dict):
        data = [data["service"]]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise WorkloadError(f"{source}: expected an ECS service object, a list of them, or describe-services output "
                            f"{{\"services\": [...]}}; got {kind_of(data)}.")
    out = []
    for i, s in enumerate(data):
        doc = f"service [{i}]"
        if not isinstance(s, dict):
            raise fail(source, doc, None, f"expected an object, got {kind_of(s)}.")
        if "taskDefinition" in s and (not s["taskDefinition"] or not isinstance(s["taskDefinition"], str)):
            raise fail(source, doc, "taskDefinition",
                       "is missing; it names the task definition family the service runs (e.g. \"web-app\" or \"web-app:3\").")
        out.append((doc, s))  # no taskDefinition at all: paired with the only task definition (import_taskdef)
    return out


def cluster_strategy(data: Any, source: str) -> list[dict] | None:
    """The cluster's defaultCapacityProviderStrategy from describe-clusters output, {"cluster": ...} or one object."""
    if isinstance(data, dict) and isinstance(data.get("clusters"), list):
        if len(data["clusters"]) != 1:
            raise WorkloadError(f"{source}: holds {len(data['clusters'])} clusters; give the one the services run in.")
        data = data["clusters"][0]
    elif isinstance(data, dict) and isinstance(data.get("cluster"), dict):
        data = data["cluster"]
    if not isinstance(data, dict):
        raise WorkloadError(f"{source}: expected describe-clusters output or a cluster object with "
                            "defaultCapacityProviderStrategy.")
    return _strategy(data.get("defaultCapacityProviderStrategy"), source, "cluster", "defaultCapacityProviderStrategy")


def _strategy(raw: Any, source: str, doc: str, fld: str, named: Callable[[str], str] = str) -> list[dict] | None:
    """A capacity provider strategy in the ECS API's shape, checked; messages name its item fields as ``named`` gives
    them (CloudFormation's CapacityProvider / Base / Weight, Terraform's capacity_provider / base / weight)."""
    if raw in (None, []):
        return None
    keys = {k: named(f"capacityProviderStrategy.{k}").rsplit(".", 1)[-1] for k in ("capacityProvider", "base", "weight")}
    if not isinstance(raw, list):
        raise fail(source, doc, fld, f"must be a list of {{{', '.join(keys.values())}}} items.")
    try:
        return to_api_json(parse_shorthand([json.dumps(raw)]))
    except StrategyError as exc:
        # the strategy's messages say the API's keys (weight=-1, base > 0); the input's own when it writes others
        text = str(exc) if named is str else re.sub(r"\b(capacityProvider|base|weight)\b(?=[=\s,;:])",
                                                     lambda m: keys[m.group(1)], str(exc))
        raise fail(source, doc, fld, text) from None


def daemon_assumption(svc: dict, label: str, replicas: Any, named: Callable[[str], str] | None = None) -> str | None:
    """The assumption to list for an ECS service with ``schedulingStrategy: DAEMON`` (None for a REPLICA service).

    A DAEMON service runs one task on every container instance (Amazon ECS Developer Guide, "Daemon scheduling
    strategy"), and Fargate does not support it ("Tasks using the Fargate launch type or the CAPACITY_PROVIDER launch
    type don't support the daemon scheduling strategy"). advisor has no node count to multiply by here: it prices the
    desired count seen (or 1) as ordinary tasks, and says so -- an error under --strict; ``daemonsets:`` prices it per
    node on the EC2 platforms. ``named``: the ECS API's field names -> the input's (``service_fields``)."""
    if svc.get("schedulingStrategy") != "DAEMON":
        return None
    return (f"{label}: {(named or str)('schedulingStrategy')} DAEMON runs one task on every container instance and cannot run on Fargate; "
            f"priced as {replicas} task(s) (the desired count seen, else 1), not per node. To price it per node on the "
            "EC2 platforms, describe its task under daemonsets (cpu, memory) instead of services.")


#: ECS deployment strategies that start a full second set of tasks beside the first (ECS native blue/green, and its
#: linear and canary variants: "Amazon ECS blue/green deployments"; DeploymentConfiguration ``bakeTimeInMinutes``:
#: "The time period when both blue and green service revisions are running simultaneously after the production traffic
#: has shifted") and the CodeDeploy blue/green controller (DeploymentController type CODE_DEPLOY).
_FULL_SET_STRATEGIES = ("BLUE_GREEN", "LINEAR", "CANARY")


def _blue_green(svc: dict, dep: dict, data: dict, comments: list[str]) -> None:
    """A blue/green service: while it deploys, a whole second set of tasks runs (the green revision) until the bake
    time ends. advisor prices a deployment's extra tasks as ``floor(desired x max_percent) - desired``, so a full
    second set is ``max_percent: 200`` (whatever maximumPercent says: it governs rolling deployments), for the
    deployment's minutes plus the bake time (``bakeTimeInMinutes``), and the comments say so."""
    strategy = dep.get("strategy")
    controller = svc.get("deploymentController")
    controller = controller.get("type") if isinstance(controller, dict) else None
    if strategy not in _FULL_SET_STRATEGIES and controller != "CODE_DEPLOY":
        return
    kind = f"deployment strategy {strategy}" if strategy in _FULL_SET_STRATEGIES else "deployment controller CODE_DEPLOY"
    data["max_percent"] = 200
    bake = dep.get("bakeTimeInMinutes")
    if isinstance(bake, (int, float)) and not isinstance(bake, bool) and 0 <= bake <= 1440:
        data["deployment_minutes"] = DEFAULT_DEPLOYMENT_MINUTES + bake
        timing = (f"deployment_minutes {DEFAULT_DEPLOYMENT_MINUTES:g} + bakeTimeInMinutes {bake:g} (the "
                  f"{DEFAULT_DEPLOYMENT_MINUTES:g} minutes are advisor's default deployment time)")
    else:
        timing = "deployment_minutes: add the bake time to how long a deployment takes"
    comments.append(f"{kind}: a deployment runs a full second set of tasks, so max_percent 200; {timing}; surge "
                    "is priced once you set deployments_per_month")


#: AwsVpcConfiguration assignPublicIp (Amazon ECS API Reference): "Whether the task's elastic network interface
#: receives a public IP address. Consider the following when you set this value: When you use create-service or
#: update-service, the default is DISABLED." Valid values ENABLED | DISABLED.
ASSIGN_PUBLIC_IP = ("ENABLED", "DISABLED")


def _assign_public_ip(svc: dict, source: str, doc: str, named: Callable[[str], str]) -> bool:
    """Whether the service's tasks get a public IP (``networkConfiguration.awsvpcConfiguration.assignPublicIp``
    ENABLED; Amazon VPC pricing bills each public IPv4 address per hour); a value ECS refuses exits 2 naming it."""
    net = svc.get("networkConfiguration")
    vpc = net.get("awsvpcConfiguration") if isinstance(net, dict) else None
    if not isinstance(vpc, dict) or vpc.get("assignPublicIp") is None:
        return False
    v = vpc["assignPublicIp"]
    fld = named("networkConfiguration.awsvpcConfiguration.assignPublicIp")
    if v is True or v is False:  # Terraform's assign_public_ip is a boolean
        return v
    if not isinstance(v, str) or v not in ASSIGN_PUBLIC_IP:
        raise fail(source, doc, fld, f"{show(v)} is not valid; use ENABLED or DISABLED (ECS AwsVpcConfiguration "
                   f"assignPublicIp; the default is DISABLED).{choice_hint(v, ASSIGN_PUBLIC_IP)}")
    return v == "ENABLED"


#: How to account for a Classic Load Balancer, for which advisor holds no rate (also ``iac.NOT_COMPARED_HOW``).
CLASSIC_LB_HOW = ("advisor holds no Classic Load Balancer rate: add its hours and data processed from the Elastic "
                  "Load Balancing pricing page yourself (the same on every platform), or, moving the service to ECS "
                  "or EKS, declare the Application or Network Load Balancer it would use (shared.load_balancers, "
                  "shared.network_load_balancers)")


def load_balancer_note(svc: dict, who: str, network_mode: str | None = None) -> str | None:
    """The note for an ECS service (the ECS API's shape) whose ``loadBalancers`` name target groups or Classic Load
    Balancers: the service JSON never declares the load balancer itself, so none is priced (the Terraform and
    CloudFormation importers price the load balancers their input declares). An entry with ``loadBalancerName`` is a
    Classic Load Balancer (ECS API Reference, LoadBalancer: "If you are using an Application Load Balancer or a Network
    Load Balancer the load balancer name parameter should be omitted"; ``targetGroupArn`` "is only specified when
    using an Application Load Balancer or Network Load Balancer"), which advisor has no rate for: its note says so,
    and, for a service whose tasks use ``network_mode`` awsvpc, that ECS refuses it (AWS CloudFormation User Guide,
    AWS::ECS::Service LoadBalancer: "Services with tasks that use the awsvpc network mode (for example, those with the
    Fargate launch type) only support Application Load Balancers and Network Load Balancers. Classic Load Balancers
    are not supported")."""
    lbs = svc.get("loadBalancers")
    entries = [lb for lb in lbs if isinstance(lb, dict)] if isinstance(lbs, list) else []
    classic = sorted({lb["loadBalancerName"] for lb in entries
                      if isinstance(lb.get("loadBalancerName"), str) and lb["loadBalancerName"]
                      and not lb.get("targetGroupArn")})
    n = len(entries) - len([lb for lb in entries if lb.get("loadBalancerName") in classic
                            and not lb.get("targetGroupArn")])
    parts = []
    if n:
        parts.append(f"{who}: serves {n} load balancer target group(s); a service description does not declare the "
                     "load balancer, so none is priced: add it as shared.load_balancers (Application) or "
                     "shared.network_load_balancers (Network) to price it")
    if classic:
        names = ", ".join(show(c) for c in classic)
        refused = (" ECS refuses a Classic Load Balancer for tasks in the awsvpc network mode, as on Fargate "
                   "('Classic Load Balancers are not supported'): such a service needs an Application or Network Load "
                   "Balancer." if network_mode == "awsvpc" else "")
        parts.append(f"{who}: serves Classic Load Balancer(s) {names} (loadBalancerName), not priced: "
                     f"{CLASSIC_LB_HOW}.{refused}")
    return "; ".join(parts) or None


def primary_deployment(svc: dict) -> tuple[str, dict] | None:
    """The PRIMARY deployment of a described ECS service (``describe-services`` output, ``{"service": ...}`` from
    ``aws ecs create-service``) and its field path (``deployments[0]``), else None. The ECS API's Service object has no
    ``volumeConfigurations``: a service's managed EBS volumes are its deployments' (ECS API Reference, Deployment
    ``volumeConfigurations``: "The details of the volume that was configuredAtLaunch"), and the PRIMARY deployment
    is "the most recent deployment of a service" (Deployment ``status``), the one whose tasks the service keeps."""
    deployments = svc.get("deployments")
    if not isinstance(deployments, list):
        return None
    for i, d in enumerate(deployments):
        if isinstance(d, dict) and d.get("status") == "PRIMARY":
            return f"deployments[{i}]", d
    return None


def service_fields(svc: dict, source: str, doc: str, default_strategy: list[dict] | None = None,
                   named: Callable[[str], str] | None = None,
                   notes: list[str] | None = None) -> tuple[dict, list[str]]:
    """Workload fields and comments from one ECS service description (the ECS API's shape). ``named`` gives the
    input's own name of an API field, for messages: CloudFormation's ``DesiredCount`` and Terraform's
    ``desired_count`` for ``desiredCount`` (``iac.input_field``). ``notes``: where to add what the service says that
    is not priced (its managed EBS volumes' type, IOPS and throughput beyond gp3's baseline)."""
    data: dict[str, Any] = {}
    comments: list[str] = []
    named = named or str
    if "desiredCount" in svc and svc["desiredCount"] is not None:
        dc = svc["desiredCount"]
        if isinstance(dc, bool) or not isinstance(dc, int) or dc < 0:
            raise fail(source, doc, named("desiredCount"), f"{show(dc)} is not valid; give a whole number of tasks >= 0.")
        if dc > MAX_TASKS_PER_SERVICE:
            raise fail(source, doc, named("desiredCount"), f"{show(dc)} is more than an ECS service runs ({MAX_TASKS_PER_SERVICE:,}, "
                       "the 'Tasks per service' quota).")
        data["replicas"] = dc
    if svc.get("schedulingStrategy") == "DAEMON":
        comments.append("schedulingStrategy DAEMON: one task per container instance; replicas is the desired count seen")
    dep = svc.get("deploymentConfiguration")
    if dep is not None and not isinstance(dep, dict):
        raise fail(source, doc, named("deploymentConfiguration"), "must be an object with "
                   f"{named('deploymentConfiguration.minimumHealthyPercent').rsplit('.', 1)[-1]} / "
                   f"{named('deploymentConfiguration.maximumPercent').rsplit('.', 1)[-1]}.")
    for key, fld, lo, hi in (("minimumHealthyPercent", "min_healthy_percent", 0, 100),
                             ("maximumPercent", "max_percent", 100, 200)):
        if (dep or {}).get(key) is not None:
            v = dep[key]
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise fail(source, doc, named(f"deploymentConfiguration.{key}"),
                           f"{show(v)} is not valid here; advisor models {lo}-{hi}.")
            data[fld] = v
    if svc.get("schedulingStrategy") == "DAEMON":
        # DeploymentConfiguration (ECS API Reference): a DAEMON service's maximumPercent "should remain at 100%, which
        # is the default value", and its default minimumHealthyPercent is 0% (AWS CLI, SDKs and API): a deployment
        # stops a task before starting its replacement, so it starts no extra task (not the REPLICA defaults 100/200)
        for fld, default in (("min_healthy_percent", 0), ("max_percent", 100)):
            if fld not in data:
                data[fld] = default
                comments.append(f"{fld} {default}: ECS's default for a DAEMON service")
    _blue_green(svc, dep or {}, data, comments)
    raw_volumes, volume_names = svc.get("volumeConfigurations"), tuple(named(f) for f in VOLUME_FIELDS)
    if raw_volumes is None and (primary := primary_deployment(svc)) is not None:
        at, raw_volumes = primary[0], primary[1].get("volumeConfigurations")
        if raw_volumes is not None:
            volume_names = (f"{at}.volumeConfigurations", *volume_names[1:])
            comments.append(f"volumeConfigurations from {at}, the PRIMARY deployment (a described service keeps them "
                            "there)")
    volumes = managed_ebs_volumes(raw_volumes, source, doc, volume_names, comments,
                                  notes if notes is not None else [])
    if volumes:
        data["persistent_volumes"] = volumes
    placement = read_placement(svc.get("placementConstraints"), source, doc, service=True,
                               fld=named("placementConstraints"))
    if placement is not None:
        data["_service_placement"] = placement  # taken out by settle_placement
    public = _assign_public_ip(svc, source, doc, named)
    if public:
        data["public_ip"] = True
        comments.append("assignPublicIp ENABLED: each task on Fargate holds a public IPv4 address (billed per IP-hour)")
    launch = svc.get("launchType")
    if launch is not None and launch not in LAUNCH_TYPES:
        raise fail(source, doc, named("launchType"), f"{show(launch)} is not valid; use {', '.join(LAUNCH_TYPES)} "
                   f"(ECS CreateService launchType), or give a {named('capacityProviderStrategy')} instead."
                   f"{choice_hint(launch, LAUNCH_TYPES)}")
    strategy = _strategy(svc.get("capacityProviderStrategy"), source, doc, named("capacityProviderStrategy"), named)
    if strategy and launch:
        raise fail(source, doc, named("launchType"), f"{show(launch)} and a {named('capacityProviderStrategy')} are both given; ECS "
                   "accepts one of them (CreateService: 'If a capacityProviderStrategy is specified, the launchType "
                   "parameter must be omitted').")
    if strategy:
        data["capacity_provider_strategy"] = strategy
        comments.append("capacityProviderStrategy from the service")
    elif launch:
        comments.append(f"launchType: {show(launch)} (no capacity-provider strategy)")
    elif default_strategy:
        data["capacity_provider_strategy"] = default_strategy
        comments.append("no launchType or capacityProviderStrategy: the cluster's defaultCapacityProviderStrategy")
    return data, comments


#: gp3's baseline, included in its per-GB price (Amazon EBS pricing: "3,000 IOPS free and 125 MB/s free"); more is
#: billed per provisioned IOPS and MB/s, which advisor's price data does not hold.
GP3_BASELINE_IOPS, GP3_BASELINE_THROUGHPUT = 3000, 125
#: ServiceManagedEBSVolumeConfiguration volumeType (ECS API Reference): "Valid values: gp2 | gp3 | io1 | io2 | sc1 |
#: st1 | standard"; the default is gp3.
EBS_VOLUME_TYPES = ("gp2", "gp3", "io1", "io2", "sc1", "st1", "standard")
#: The managed EBS volume sizes ECS takes, by type (ServiceManagedEBSVolumeConfiguration sizeInGiB, Amazon ECS API
#: Reference: "gp2 and gp3: 1-16,384; io1 and io2: 4-16,384; st1 and sc1: 125-16,384; standard: 1-1,024"): ECS's own
#: ranges, narrower than EC2's for gp3 and io2 (64 TiB, ``advisor.workload.model.EBS_VOLUME_SIZE_GIB``).
ECS_VOLUME_SIZE_GIB = {"gp2": (1, 16384), "gp3": (1, 16384), "io1": (4, 16384), "io2": (4, 16384),
                       "st1": (125, 16384), "sc1": (125, 16384), "standard": (1, 1024)}


#: The ECS API's names of a service's managed EBS volume fields, as ``service_fields``'s ``field_names`` keys.
VOLUME_FIELDS = ("volumeConfigurations", "managedEBSVolume", "sizeInGiB")


def usable_snapshot_id(value: Any) -> bool:
    """Whether a managed EBS volume's ``snapshotId`` names a snapshot: non-blank text without spaces or invisible
    characters (an EBS snapshot id, ``snap-0123456789abcdef0``; Amazon EC2 API Reference, Snapshot ``SnapshotId``), the
    rule ``advisor.workload.model.PersistentVolume`` checks. Without one, ``sizeInGiB`` is required
    (ServiceManagedEBSVolumeConfiguration)."""
    return isinstance(value, str) and bool(value.strip()) and not any(
        ch.isspace() or not ch.isprintable() for ch in value.strip())


def managed_ebs_volumes(raw: Any, source: str, doc: str, names: tuple[str, ...], comments: list[str],
                        notes: list[str]) -> list[dict]:
    """The ``persistent_volumes`` of an ECS service's ``volumeConfigurations`` (CreateService; CloudFormation
    ``VolumeConfigurations``, Terraform ``volume_configuration``): each ``managedEBSVolume`` is "one volume created
    for each task in the service" (ECS API Reference, ServiceManagedEBSVolumeConfiguration), deleted with the task by
    default, which is how ``persistent_volumes`` are priced on ECS (one gp3 volume per task for its running hours).
    ``sizeInGiB`` is required unless the volume comes from a snapshot: a snapshot's size is not in the input, so such
    a volume is kept with ``size_gib`` None and its ``snapshot_id`` (noted, not priced; it still rules EKS on Fargate
    out, which cannot mount EBS volumes). ``volumeType`` (default gp3) becomes ``volume_type``: gp2 is priced at its
    rate, a type the price data lacks (io1, io2, st1, sc1, standard) leaves the platforms that attach it unpriced,
    never at the gp3 rate (``advisor.costing.ec2.persistent_volume_lines``). gp3 IOPS or throughput above the
    baseline (billed, not priced) are noted. ``names``: the input's names of ``VOLUME_FIELDS``, for messages."""
    fld, ebs_fld, size_fld = names
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise fail(source, doc, fld, f"must be a list of volume configurations (name, {ebs_fld}), got {show(raw)}.")
    volumes: list[dict] = []
    managed = [i for i, vc in enumerate(raw) if isinstance(vc, dict) and vc.get("managedEBSVolume") is not None]
    if len(managed) > 1:  # "attach one EBS volume per task to each task managed by the ECS service"
        raise fail(source, doc, f"{fld}[{managed[1]}]", "is a second managed EBS volume; ECS attaches one EBS volume per "
                   "task to a service's tasks (Amazon ECS Developer Guide, 'Use Amazon EBS volumes with Amazon ECS'). "
                   "Give one volume configuration.")
    for i, vc in enumerate(raw):
        at = f"{fld}[{i}]"
        if not isinstance(vc, dict):
            raise fail(source, doc, at, f"must be a mapping (name, {ebs_fld}), got {show(vc)}.")
        ebs = vc.get("managedEBSVolume")
        if ebs is None:
            continue
        if not isinstance(ebs, dict):
            raise fail(source, doc, f"{at}.{ebs_fld}", f"must be a mapping ({size_fld}, volume type ...), got "
                       f"{show(ebs)}.")
        name = vc.get("name") if isinstance(vc.get("name"), str) else None
        label = f"{doc}: EBS volume {name or i}"
        size = ebs.get("sizeInGiB")
        type_fld = {"SizeInGiB": "VolumeType", "size_in_gb": "volume_type"}.get(size_fld, "volumeType")
        vtype = ebs.get("volumeType")
        if vtype is not None and (not isinstance(vtype, str) or vtype.strip().lower() not in EBS_VOLUME_TYPES):
            raise fail(source, doc, f"{at}.{ebs_fld}.{type_fld}", f"{show(vtype)} is not an EBS volume type; ECS takes "
                       f"{', '.join(EBS_VOLUME_TYPES)} (ServiceManagedEBSVolumeConfiguration volumeType; default gp3).")
        vtype = vtype.strip().lower() if vtype is not None else None
        snapshot_id = ebs.get("snapshotId")
        if size is None:
            if usable_snapshot_id(snapshot_id):
                # still an EBS volume each task needs: kept (size unknown, not priced) so that the platforms that
                # cannot attach EBS volumes (EKS on Fargate) are ruled out, whatever its size
                snapshot = snapshot_id.strip()[:255]
                volumes.append({"name": str(name or f"volume-{i}")[:253], "size_gib": None, "snapshot_id": snapshot,
                                **({"volume_type": vtype} if vtype else {})})
                # the workload's input notes say it is not priced (``Workload.input_notes``); the comment names
                # the input's field to add
                comments.append(f"managed EBS volume {name or i}: from snapshot {snapshot} for each task, size unknown "
                                f"(not priced; add {size_fld}, or set size_gib below)")
                continue
            snap_fld = {"SizeInGiB": "SnapshotId", "size_in_gb": "snapshot_id"}.get(size_fld, "snapshotId")
            raise fail(source, doc, f"{at}.{ebs_fld}.{size_fld}", "is missing; ECS needs it for a volume that "
                       "is not created from a snapshot (ServiceManagedEBSVolumeConfiguration sizeInGiB: 'This parameter "
                       "is required if you don't specify a snapshot')"
                       + ("" if snapshot_id is None else f", and {snap_fld} {show(snapshot_id)} names no snapshot (an "
                          "EBS snapshot id is text such as snap-0123456789abcdef0)") + ". Give the size in GiB.")
        # ASCII digits only: '²'.isdigit() is true and int('²') raised; '٣٠' was read as 30
        if isinstance(size, str) and is_whole_number_text(size.strip()):
            size = int(size.strip())
        if isinstance(size, float) and size.is_integer():
            size = int(size)
        lo, hi = ECS_VOLUME_SIZE_GIB[vtype or "gp3"]
        if isinstance(size, bool) or not isinstance(size, int) or not lo <= size <= hi:
            raise fail(source, doc, f"{at}.{ebs_fld}.{size_fld}", f"{show(size)} is not a volume size: a whole "
                       f"number of GiB from {lo:,} to {hi:,} for an EBS {vtype or 'gp3'} volume"
                       f"{'' if vtype else ' (no volume type: gp3)'} (ServiceManagedEBSVolumeConfiguration sizeInGiB).")
        volumes.append({"name": str(name or f"volume-{i}")[:253], "size_gib": size,
                        **({"volume_type": vtype} if vtype else {})})
        comments.append(f"managed EBS volume {name or i}: {size:g} GiB {vtype or 'gp3 (no volumeType)'} per task")
        extra = []
        for key, base, unit in (("iops", GP3_BASELINE_IOPS, "IOPS"), ("throughput", GP3_BASELINE_THROUGHPUT, "MB/s")):
            v = ebs.get(key)
            if isinstance(v, str) and is_whole_number_text(v.strip()):  # CloudFormation's Iops: "6000", as SizeInGiB
                v = int(v.strip())
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                continue
            if vtype in (None, "gp3") and v > base:
                extra.append(f"{key} {v:g} {unit}: the {v - base:g} {unit} above gp3's included {base:,} are billed "
                             "per month and not priced")
        if extra:
            notes.append(f"{label} ({size:g} GiB per task): " + "; ".join(extra))
    return volumes


def _placed_platform(p, arch: str, os_: str, windows_why: str | None, explicit: list[str], comments: list[str],
                     source: str, label: str, named: Callable[[str], str] = str) -> tuple[str, str, str | None]:
    """The architecture and OS with a task definition's placement constraints on ``ecs.cpu-architecture`` /
    ``ecs.os-type`` / ``ecs.os-family`` applied: the constraint decides what runtimePlatform leaves open (and
    overrides a Windows guess from the image); one that contradicts runtimePlatform is an error (ECS would place the
    task on no instance its image runs on)."""
    for key, value, expr in (("architecture", p.architecture, p.arch_expr), ("os", p.os, p.os_expr)):
        current = arch if key == "architecture" else os_
        if value is None or value == current and (key != "os" or not windows_why):
            continue
        if key in explicit and value != current:
            rp_field = "cpuArchitecture" if key == "architecture" else "operatingSystemFamily"
            raise fail(source, label, "placementConstraints", f"{expr!r} places the task on {value} instances, but "
                       f"{named('runtimePlatform.' + rp_field)} says {current}: ECS would never place it where its containers "
                       "run. Make the two agree.")
        if key == "architecture":
            arch = value
        else:
            os_, windows_why = value, None
        comments.append(f"placement constraint {expr!r}: {key} {value}")
    if os_ == "windows" and arch == "arm64":
        raise fail(source, label, "placementConstraints", "the task would run Windows containers on arm64 instances; "
                   "Windows containers run on X86_64 only (RuntimePlatform: cpuArchitecture 'must be set to X86_64 "
                   "for Windows containers'). Fix the constraint or the "
                   f"{named('runtimePlatform')}.")
    return arch, os_, windows_why


#: The fields of an ECS RunTask ``overrides`` (TaskOverride) and of its ``containerOverrides`` (ContainerOverride)
#: that change a task's size (ECS API Reference, "TaskOverride": ``cpu`` "The CPU override for the task", ``memory``
#: "The memory override for the task"; "ContainerOverride": ``cpu`` "The number of cpu units reserved for the
#: container, instead of the default value from the task definition", ``memory`` "The hard limit (in MiB) of memory
#: to present to the container, instead of the default value from the task definition", ``memoryReservation``
#: "The soft limit (in MiB) of memory to reserve for the container, instead of the default value from the task
#: definition"). The rest (command, environment, roles, ...) does not change the price.
TASK_SIZE_OVERRIDES = ("cpu", "memory")  # and ephemeralStorage {sizeInGiB} (TaskOverride "ephemeralStorage")
CONTAINER_SIZE_OVERRIDES = ("cpu", "memory", "memoryReservation")


def run_task_overrides(raw: Any, *, at: str, pascal: bool, error, unknown: list[str] | None = None) -> dict | None:
    """The size fields of an ECS RunTask ``overrides`` written at ``at`` (the field's path, for messages) in an
    input, in the ECS API's words: ``{"cpu": ..., "memory": ..., "containerOverrides": [{"name", "cpu", "memory",
    "memoryReservation"}]}`` (only the fields given), or None when it changes no size. ``pascal``: the input writes the
    fields in PascalCase (Step Functions: "Parameters in Step Functions are expressed in PascalCase": ``Cpu``,
    ``ContainerOverrides``, ``Name``); else camelCase (an EventBridge rule target's ``Input``, TaskOverride JSON).
    ``error(field, message)`` makes the error for a field that is not what RunTask takes (a mapping, a list of
    mappings, a container override without its ``name``). A field whose value comes from the execution (Step
    Functions ``Cpu.$``, a JSONata ``{% %}`` string) is not known here: its path is listed in ``unknown`` and it is
    left out. The result keeps ``at`` in ``_at``, and each container override the path of its ``name`` in ``_field``
    (for messages: ``with_overrides``)."""
    if raw is None:
        return None

    def key(name: str) -> str:
        return name[0].upper() + name[1:] if pascal else name

    def from_execution(mapping: dict, name: str) -> bool:
        v = mapping.get(key(name))
        return f"{key(name)}.$" in mapping or (isinstance(v, str) and v.strip().startswith("{%")
                                                and v.strip().endswith("%}"))

    if not isinstance(raw, dict):
        raise error(at, f"must be a mapping (RunTask overrides: {key('cpu')}, {key('memory')}, "
                    f"{key('containerOverrides')} ...), got {show(raw)}.")
    def given(mapping: dict, name: str, where: str) -> Any:
        v = mapping.get(key(name))
        if isinstance(v, str) and not v.strip():
            example = "2048" if name in ("memory", "memoryReservation") else "1024"
            raise error(f"{where}.{key(name)}", f"'' is not a size; give one (e.g. '{example}') or leave the field out.")
        return v

    out: dict[str, Any] = {}
    for name in TASK_SIZE_OVERRIDES:
        if from_execution(raw, name):
            if unknown is not None:
                unknown.append(f"{at}.{key(name)}")
        elif given(raw, name, at) is not None:
            out[name] = raw[key(name)]
    storage = raw.get(key("ephemeralStorage"))
    if from_execution(raw, "ephemeralStorage"):
        if unknown is not None:
            unknown.append(f"{at}.{key('ephemeralStorage')}")
    elif storage is not None:  # TaskOverride ephemeralStorage {sizeInGiB}: Fargate bills storage above 20 GiB
        if not isinstance(storage, dict):
            raise error(f"{at}.{key('ephemeralStorage')}", f"must be a mapping ({{{key('sizeInGiB')}: 30}}), got "
                        f"{show(storage)}.")
        if from_execution(storage, "sizeInGiB"):
            if unknown is not None:
                unknown.append(f"{at}.{key('ephemeralStorage')}.{key('sizeInGiB')}")
        elif storage.get(key("sizeInGiB")) is not None:
            out["ephemeralStorage"] = {"sizeInGiB": storage[key("sizeInGiB")]}
    where = f"{at}.{key('containerOverrides')}"
    if from_execution(raw, "containerOverrides") and unknown is not None:
        unknown.append(where)
    containers = raw.get(key("containerOverrides"))
    if containers is not None and not from_execution(raw, "containerOverrides"):
        if not isinstance(containers, list):
            raise error(where, f"must be a list of container overrides ([{{{key('name')}: ..., {key('cpu')}: ...}}]), "
                        f"got {show(containers)}.")
        listed = []
        for i, c in enumerate(containers):
            if not isinstance(c, dict):
                raise error(f"{where}[{i}]", f"must be a mapping (a ContainerOverride: {key('name')}, "
                            f"{key('cpu')}, {key('memory')} ...), got {show(c)}.")
            sized = {}
            for name in CONTAINER_SIZE_OVERRIDES:
                if from_execution(c, name):
                    if unknown is not None:
                        unknown.append(f"{where}[{i}].{key(name)}")
                elif given(c, name, f"{where}[{i}]") is not None:
                    sized[name] = c[key(name)]
            if not sized:
                continue
            if from_execution(c, "name"):  # which container comes from the execution: not known here
                if unknown is not None:
                    unknown.append(f"{where}[{i}].{key('name')}")
                continue
            if not isinstance(c.get(key("name")), str) or not c.get(key("name")):
                raise error(f"{where}[{i}].{key('name')}", "is missing; a container override must name its container "
                            "(ContainerOverride name: \"This parameter is required if any override is specified\").")
            listed.append({"name": c[key("name")], **sized, "_field": f"{where}[{i}].{key('name')}"})
        if listed:
            out["containerOverrides"] = listed
    if out:
        out["_at"] = at
    return out or None


def target_input_overrides(text: str, *, at: str, error) -> tuple[dict | None, str | None]:
    """(size overrides, note) of an EventBridge rule target that runs an ECS task, from its ``Input``: "Valid JSON
    text passed to the target" (EventBridge PutTargets / AWS::Events::Rule Target ``Input``; the aws provider's
    aws_cloudwatch_event_target ``input``), which for an ECS task target is the task's RunTask overrides, a
    TaskOverride in camelCase (``cpu``, ``memory``, ``containerOverrides``): what the AWS CDK's EcsTask target writes
    there from its ``containerOverrides``, ``cpu`` and ``memory`` props ("Overrides the cpu and memory values in the
    task definition"). Text that is not JSON is an error (``error(field, message)``; EventBridge refuses it too); JSON
    that is not an object holds no overrides (the note says so)."""
    try:
        data = json.loads(text, object_pairs_hook=unique_pairs)
    except DuplicateKeyError as exc:  # a JSON reader keeps the last: "cpu" twice would drop one
        raise error(at, f"gives the key {str(exc.key)!r} twice in one object; JSON readers keep only the last, so the "
                    "first would be lost silently. Give each key once.") from None
    except ValueError as exc:
        raise error(at, f"is not valid JSON ({exc}); EventBridge passes a target's Input as JSON text (\"Valid JSON "
                    "text passed to the target\"), and for an ECS task it holds the task's overrides, e.g. "
                    "'{\"cpu\": \"1024\", \"memory\": \"2048\"}'. Correct it, or leave Input out.") from None
    except RecursionError:  # nested thousands of levels deep: Python's parser gives up
        raise error(at, f"nests more than {MAX_DEPTH} levels deep; a target's Input holds the task's overrides, e.g. "
                    "'{\"cpu\": \"1024\", \"memory\": \"2048\"}'. Correct it, or leave Input out.") from None
    if not isinstance(data, dict):
        return None, (f"{at}: {show(data)} is not a JSON object, so it holds no task overrides (the task definition's "
                      "size is priced)")
    pascal = sorted(k for k in data if k in ("Cpu", "Memory", "ContainerOverrides", "EphemeralStorage", "Overrides",
                                             "overrides"))
    overrides = run_task_overrides(data, at=at, pascal=False, error=error)
    if pascal:  # RunTask's overrides in the ECS API's words are camelCase, at the top of Input
        return overrides, (f"{at}: {', '.join(pascal)} not read: an ECS target's Input is the TaskOverride itself, in "
                           "camelCase ({\"cpu\": ..., \"memory\": ..., \"containerOverrides\": [...]})")
    return overrides, None


def with_overrides(td: dict, overrides: dict, error) -> dict:
    """Task definition ``td`` (the ECS API's words) as a task run with ``overrides`` (``run_task_overrides``) runs:
    the task-level ``cpu`` / ``memory`` replaced, and each container override's size fields replacing those of the
    container it names. A container the task definition does not have is an error (``error(field, message)``, the
    override's ``name`` field) naming the containers it has: ECS cannot apply it either."""
    out = dict(td)
    for name in (*TASK_SIZE_OVERRIDES, "ephemeralStorage"):
        if name in overrides:
            out[name] = overrides[name]
    if overrides.get("containerOverrides"):
        defs = [dict(c) if isinstance(c, dict) else c for c in (td.get("containerDefinitions") or [])]
        names = [c.get("name") if isinstance(c, dict) else None for c in defs]
        for o in overrides["containerOverrides"]:
            if o["name"] not in names:
                raise error(o["_field"], f"{show(o['name'])} is not a container of the task definition (its "
                            f"containers: {', '.join(show(n) for n in names if n) or 'none'}); name one of them.")
            defs[names.index(o["name"])].update({k: v for k, v in o.items() if k not in ("name", "_field")})
        out["containerDefinitions"] = defs
    return out


def _sized(td: dict, source: str, label: str, named: Callable[[str], str] | None = None
           ) -> tuple[dict, list[str], list[str], list[str]]:
    """(workload fields, comments, assumptions, notes) of one task definition; ``named`` gives the input's own name of
    an ECS API field for the assumptions and notes (``service_fields``; errors name the API's, which the caller may
    rename: ``common.FieldError``). Its placement constraints
    (``advisor.workload.importers.placement``) set the architecture and OS they name and, for an AWS Neuron instance
    type, the accelerator count; the rest travels in the private field ``_placement`` (with ``_explicit``, the
    runtimePlatform fields the task definition states) until ``settle_placement`` takes it out."""
    named = named or str
    compat_field = named("requiresCompatibilities")
    compat = _compatibilities(td, source, label)
    size, comments = size_task(td, source, label, named)
    arch, os_, windows_why = _platform(td, source, label, named)
    rp = td.get("runtimePlatform") if isinstance(td.get("runtimePlatform"), dict) else {}
    explicit = [k for k, f in (("architecture", "cpuArchitecture"), ("os", "operatingSystemFamily")) if rp.get(f)]
    placement = read_placement(td.get("placementConstraints"), source, label, service=False)
    assumptions = []
    if placement is not None:
        arch, os_, windows_why = _placed_platform(placement, arch, os_, windows_why, explicit, comments, source, label,
                                                  named)
        explicit += [k for k, v in (("architecture", placement.architecture), ("os", placement.os)) if v]
        if placement.neuron and not size.get("gpus"):
            size["gpus"] = 1
            assumptions.append(neuron_assumption(label, placement))
    mode, ports, net_why, refused = _network(td, os_, source, label)
    storage = _storage(td, source, label, named)
    fields: dict[str, Any] = {**size, "architecture": arch, "os": os_, "network_mode": mode}
    if ports:
        fields["host_ports"] = ports
    if storage:
        fields["ephemeral_storage_gib"] = storage
    if placement is not None:
        fields["_placement"] = placement
    if explicit:
        fields["_explicit"] = tuple(dict.fromkeys(explicit))
    head = [f"{label}" + (f" (requiresCompatibilities {', '.join(compat)})" if compat else "")]
    if windows_why:
        assumptions.append(f"{label}: priced as Windows because {windows_why}; the task definition has no "
                           f"{named('runtimePlatform.operatingSystemFamily')} -- set it (e.g. WINDOWS_SERVER_2022_CORE) to be sure")
    notes = []
    if "FARGATE" in compat and mode != "awsvpc":
        comments.append(f"{compat_field} FARGATE needs {named('networkMode')} awsvpc (Fargate runs no {mode} tasks)")
        # ECS API Reference, RegisterTaskDefinition networkMode: "For Amazon ECS tasks on Fargate, the awsvpc network
        # mode is required"; a task definition that requires FARGATE with another mode is refused at registration.
        given = td.get("networkMode")
        notes.append(f"{label}: {compat_field} FARGATE with network mode {mode}"
                     + (f" ({named('networkMode')} not set: ECS's default)" if given is None else "")
                     + ": ECS would refuse to register it ('For Amazon ECS tasks on Fargate, the awsvpc network mode "
                     "is required', RegisterTaskDefinition), so ECS on Fargate and Fargate Spot cannot run it as "
                     f"written and it is not priced on Fargate. Set {named('networkMode')} to awsvpc.")
    if refused:
        # RegisterTaskDefinition refuses the task definition, as for FARGATE without awsvpc above: a note naming the
        # rule and the fix, not an error, because the size (and so the price) does not depend on it
        notes.append(f"{label}: network mode {mode} with {PORT_MISMATCH} ({'; '.join(refused[:4])}"
                     + (f"; {len(refused) - 4} more" if len(refused) > 4 else "") + "): ECS would refuse to register "
                     "it (PortMapping: 'If you use containers in a task with the awsvpc or host network mode, the "
                     "hostPort can either be left blank or set to the same value as the containerPort'). "
                     + ("The price does not depend on it: an awsvpc task has its own network interface and holds no "
                        "port of its instance. " if mode == "awsvpc" else
                        f"Priced with the container port(s) as the instance's ({port_text(ports)}): in host "
                        "mode the container's own port is the instance's, one task per instance. ")
                     + f"Remove {_leaf(named('containerDefinitions.portMappings.hostPort'))} or set it to the "
                     f"{_leaf(named('containerDefinitions.portMappings.containerPort'))}"
                     + (f" (in {named('containerDefinitions')})" if named("containerDefinitions")
                        != "containerDefinitions" else "") + ".")
    if "FARGATE" in compat and size.get("host_devices"):
        notes.append(f"{label}: {compat_field} FARGATE with "
                     f"{named('containerDefinitions.linuxParameters.devices').split('.', 1)[1]} "
                     f"({', '.join(size['host_devices'][:4])}): Fargate does not support host devices ('If you're using "
                     "tasks that use the Fargate launch type, the devices parameter isn't supported', LinuxParameters), "
                     "so ECS on Fargate and Fargate Spot cannot run it as written and it is not priced on Fargate.")
    if "FARGATE" in compat and size.get("fargate_unsupported"):
        notes.append(f"{label}: {compat_field} FARGATE with {', '.join(size['fargate_unsupported'][:4])}, which Fargate "
                     "does not support ('Task definition parameters': ipcMode 'This is not supported for tasks running "
                     "on Fargate'; LinuxParameters tmpfs and sharedMemorySize: 'If you're using tasks that use the "
                     "Fargate launch type, the ... parameter isn't supported'), so ECS on Fargate and Fargate Spot "
                     "cannot run it as written and it is not priced on Fargate.")
    if "FARGATE" in compat and size.get("privileged"):
        notes.append(f"{label}: {compat_field} FARGATE with a privileged container "
                     f"({named('containerDefinitions.privileged').split('.', 1)[1]}: true): 'This parameter is not "
                     "supported for Windows containers or tasks run on Fargate' (ContainerDefinition privileged), so "
                     "ECS on Fargate and Fargate Spot cannot run it as written and it is not priced on Fargate.")
    if note := _elastic_inference(td, label, named("inferenceAccelerators")):
        notes.append(note)
    note, host_volumes = _volumes_note(td, label, named, mode, source)
    if note:
        notes.append(note)
    if host_volumes:
        fields["host_volumes"] = host_volumes
    at_launch = [v["name"] for v in td.get("volumes") or () if isinstance(v, dict) and isinstance(v.get("name"), str)
                 and (v.get("configuredAtLaunch") is True or v.get("ConfiguredAtLaunch") is True)]
    if at_launch:
        fields["_at_launch"] = tuple(at_launch)  # taken out by settle_launch_volumes, once the service is known
    if "FARGATE" in compat and (unsized := [named(k) for k in ("cpu", "memory") if td.get(k) in ("", None)]):
        notes.append(_fargate_unsized_note(size, os_, label, compat_field, unsized, named))
    cpu, mem = size.get("cpu"), size.get("memory")
    if "FARGATE" in compat and isinstance(cpu, (int, float)) and isinstance(mem, (int, float)) and \
            fargate_size_is_valid(cpu, mem, os_) is None:
        # Amazon ECS Developer Guide, "Invalid CPU or memory value specified": with requiresCompatibilities FARGATE
        # the task cpu/memory must be one of Fargate's combinations. A pair of table values that do not go together
        # (4 vCPU with 2 GB) is noted by the Fargate estimates; a value outside the table is noted here, where it is
        # known to be an ECS task size (not a request to round).
        notes.append(f"{label}: task cpu {num(cpu * 1024)} units with memory {num(mem)} MiB is not a Fargate task size, so ECS "
                     f"would refuse to register it with {compat_field} FARGATE (\"Invalid 'cpu' setting for "
                     "task\"); the Fargate platforms price the smallest valid size that holds it. Fix the task "
                     f"definition's {named('cpu')}/{named('memory')}.")
    return fields, head + comments + [net_why], assumptions, notes


def _fargate_unsized_note(size: dict, os_: str, label: str, compat_field: str, unsized: list[str],
                          named: Callable[[str], str]) -> str:
    """The note on a task definition that requires FARGATE without a task-level cpu and/or memory (``unsized``, as the
    input names them): ECS refuses to register it (Amazon ECS Developer Guide, "Choosing Fargate task sizes for Amazon
    ECS": "For AWS Fargate task definitions, you're required to specify CPU and memory at the task level"). Its size
    is still known (the containers' sums, ``size_task``), so it is priced as the fixed file would be: the Fargate
    platforms give it the smallest size that holds it, which the note names as the values to set."""
    from advisor.errors import SizingError
    from advisor.sizing.fargate import ecs_task_size
    per = size.get("containers") or ()
    vcpu = size["cpu"] if isinstance(size.get("cpu"), (int, float)) else \
        sum(float(str(p.get("cpu", "0 units")).split()[0]) for p in per) / 1024
    mib = size["memory"] if isinstance(size.get("memory"), (int, float)) else sum(p.get("memory", 0) for p in per)
    try:
        fit = ecs_task_size(vcpu, mib, os_ if os_ in ("linux", "windows") else "linux").size
        fix = (f" (the smallest Fargate size that holds its {num(vcpu)} vCPU / {num(mib)} MiB: {named('cpu')} "
               f"\"{num(fit.vcpu * 1024)}\", {named('memory')} \"{num(fit.memory_mib)}\")")
    except SizingError:
        fix = ""
    return (f"{label}: {compat_field} FARGATE without a task-level {' or '.join(unsized)}: ECS would refuse to register "
            "it ('For AWS Fargate task definitions, you're required to specify CPU and memory at the task level', "
            "Amazon ECS Developer Guide, 'Choosing Fargate task sizes for Amazon ECS'); the Fargate platforms price "
            f"the smallest Fargate size that holds its containers. Set the task's {named('cpu')} and "
            f"{named('memory')}{fix}.")


def settle_launch_volumes(result: ImportResult) -> None:
    """Take each service's ``_at_launch`` (its task definition's volumes with ``configuredAtLaunch``: an Amazon EBS
    volume whose size and type the service's ``volumeConfigurations`` give, Amazon ECS Developer Guide, "Use Amazon EBS
    volumes with Amazon ECS") out of its data, and note the ones its service gives no EBS volume for (a task
    definition read without its service, ``--services``): they are not priced, and the note says how to price them."""
    for svc in result.services:
        names = svc.data.pop("_at_launch", ())
        if names and not svc.data.get("persistent_volumes"):
            result.notes.append(
                f"{svc.data['name']}: volume(s) {', '.join(names[:4])}" + (f" and {len(names) - 4} more" if
                                                                          len(names) > 4 else "")
                + " are configured at launch (configuredAtLaunch): an Amazon EBS volume per task whose size and type "
                "the ECS service's volumeConfigurations give, and no service giving them was read, so they are not "
                "priced. Import the task definition with its service (--services, or the template/plan that declares "
                "it), or give the service persistent_volumes in the workload file.")


def _volumes_note(td: dict, label: str, named: Callable[[str], str], mode: str,
                  source: str = "") -> tuple[str | None, list[str]]:
    """A note on the task definition's ``volumes`` that advisor does not price or that Fargate cannot mount, and the
    volumes of the container instance (``host.sourcePath`` paths, Docker volume names) for ``Service.host_volumes``,
    which keeps the service off ECS on Fargate: none is dropped without a word (a bind mount with no ``host.sourcePath`` lives in the task's ephemeral storage, which
    ``ephemeral_storage_gib`` prices; a ``configuredAtLaunch`` EBS volume is priced from its service's
    ``volumeConfigurations``, ``managed_ebs_volumes``).

    * ``efsVolumeConfiguration`` (Amazon EFS) and ``fsxWindowsFileServerVolumeConfiguration`` (Amazon FSx for Windows
      File Server): billed for the file system's storage and throughput, not per task; advisor holds no EFS or FSx
      prices.
    * ``dockerVolumeConfiguration``: "Docker volumes are only supported when you are using the EC2 launch type"
      (AWS CDK / ECS API Reference, Volume ``dockerVolumeConfiguration``).
    * ``host.sourcePath``: "If you're using the Fargate launch type, the sourcePath parameter is not supported"
      (ECS API Reference, HostVolumeProperties ``sourcePath``); the data stays on the instance's disk. An empty or
      absent ``sourcePath`` is a volume of the task's storage ("If the host parameter is empty, then the Docker daemon
      assigns a host path for your data volume"); one that is not text, or only spaces or invisible characters, is
      refused naming the field (as a device's ``hostPath``), not written as a path Fargate cannot mount.
    """
    vols = td.get("volumes")
    if vols is None:
        return None, []
    # the ECS API's names: the IaC importers rename them as their input writes them (own_names)
    if not isinstance(vols, list):
        raise fail(source, label, "volumes", f"must be a list of volumes ({_leaf(named('volumes.name'))}, "
                   f"{_leaf(named('volumes.host'))}, {_leaf(named('volumes.efsVolumeConfiguration'))} ...), got "
                   f"{show(vols)}; write [] or leave it out for a task without volumes.")
    unpriced: list[str] = []
    ec2_only: list[str] = []
    host_volumes: list[str] = []
    for i, v in enumerate(vols):
        if not isinstance(v, dict):
            raise fail(source, label, f"volumes[{i}]", f"must be a mapping (a volume: {_leaf(named('volumes.name'))}, "
                       f"{_leaf(named('volumes.host'))} ...), got {show(v)}.")
        v = {k.lower(): x for k, x in v.items() if isinstance(k, str)}  # CloudFormation: EFSVolumeConfiguration
        name = v["name"].strip() if isinstance(v.get("name"), str) and v["name"].strip().isprintable() and \
            v["name"].strip() else f"[{i}]"
        efs = v.get("efsvolumeconfiguration")
        fsx = v.get("fsxwindowsfileservervolumeconfiguration")
        host = v.get("host")
        if isinstance(efs, dict):
            fs = efs.get("fileSystemId") or efs.get("filesystemId")
            unpriced.append(f"{name} (Amazon EFS" + (f" {fs}" if isinstance(fs, str) and fs else "") + ")")
        elif isinstance(fsx, dict):
            fs = fsx.get("fileSystemId")
            unpriced.append(f"{name} (Amazon FSx for Windows File Server" + (f" {fs}" if isinstance(fs, str) and fs
                                                                             else "") + ")")
        elif isinstance(v.get("dockervolumeconfiguration"), dict):
            ec2_only.append(f"{name} (a Docker volume, {named('volumes.dockerVolumeConfiguration')}: 'Docker volumes are "
                            "only supported when you are using the EC2 launch type')")
            host_volumes.append(name[:255])
        elif isinstance(host, dict) and host.get("sourcePath") not in (None, ""):
            path = host["sourcePath"]
            if not isinstance(path, str) or not path.strip() or not path.strip().isprintable():
                # the ECS API's name: the IaC importers rename it as their input writes it (own_names)
                raise fail(source, label, f"volumes[{i}].host.sourcePath",
                           f"{show(path)} (volume {name}) is not a path of the container instance; write the folder to bind-mount "
                           f"(e.g. \"/var/log\"), or leave {_leaf(named('volumes.host.sourcePath'))} out for a volume "
                           "in the task's own storage.")
            path = path.strip()
            ec2_only.append(f"{name} (a bind mount of the instance's {path}, {named('volumes.host.sourcePath')}"
                            ": 'If you're using the Fargate launch type, the sourcePath parameter is not supported')")
            host_volumes.append(path[:255])
    parts = []
    if unpriced:
        parts.append(f"volume(s) not priced: {'; '.join(unpriced[:4])}" + (f"; {len(unpriced) - 4} more" if
                     len(unpriced) > 4 else "") + ". A file system is billed for the data it stores and its "
                     "throughput, once for all the tasks that mount it, and advisor holds no EFS or FSx prices: add "
                     "its cost yourself (it is the same on every platform)")
    if ec2_only:
        parts.append(f"volume(s) Fargate cannot mount: {'; '.join(ec2_only[:4])}" + (f"; {len(ec2_only) - 4} more"
                     if len(ec2_only) > 4 else "") + ". Written as its host_volumes: ECS on Fargate and Fargate Spot "
                     "cannot run it" + (" (network mode " + mode + " runs on EC2 only already)" if mode != "awsvpc"
                                        else "; to price it there, move the data to Amazon EFS or an EBS volume"))
    dedup = list(dict.fromkeys(host_volumes))[:100]
    return (f"{label}: " + ". ".join(parts) + "." if parts else None), dedup


def _leaf(path: str) -> str:
    """The last part of a field's path (``hostPort`` of ``containerDefinitions.portMappings.hostPort``)."""
    return path.rsplit(".", 1)[-1]


def _elastic_inference(td: dict, label: str, fld: str = "inferenceAccelerators") -> str | None:
    """A note for a task definition's ``inferenceAccelerators`` (Amazon Elastic Inference accelerators, which its
    containers name in ``resourceRequirements`` of type InferenceAccelerator): billed by Elastic Inference, not in the
    task's price, so not priced; and no longer offered ("Amazon Elastic Inference is no longer available", AWS CLI
    Command Reference, elastic-inference; "After April 15, 2023, new customers will not be able to launch instances
    with Amazon EI accelerators in Amazon SageMaker, Amazon ECS, or Amazon EC2")."""
    accels = td.get("inferenceAccelerators")
    if not isinstance(accels, list) or not accels:
        return None
    kinds = [str(a.get("deviceType")) for a in accels if isinstance(a, dict) and a.get("deviceType") is not None]
    return (f"{label}: {fld} ({len(accels)}" + (f": {', '.join(kinds[:4])}" if kinds else "") + ") are "
            "Amazon Elastic Inference accelerators, billed by Elastic Inference apart from the task: not priced. "
            "Elastic Inference is no longer available ('After April 15, 2023, new customers will not be able to launch "
            "instances with Amazon EI accelerators in ... Amazon ECS'); AWS Inferentia (a /dev/neuron device on an "
            "inf instance) is its successor.")


#: AWS App Mesh's end (AWS Containers Blog, "Migrating from AWS App Mesh to Amazon ECS Service Connect", 2024: "we have
#: made the decision to discontinue AWS App Mesh, effective September 30th, 2026"; for Amazon EKS the post points to
#: "Migrating from AWS App Mesh to Amazon VPC Lattice") and what replaces its Envoy sidecar on ECS (Amazon ECS Developer
#: Guide, "Service Connect proxy": "We recommend adding 256 CPU units and at least 64 MiB of memory to your task CPU
#: and memory for the Service Connect proxy container").
APP_MESH_END = ("AWS discontinued App Mesh on 30 September 2026 (AWS Containers Blog, 'Migrating from AWS App Mesh to "
                "Amazon ECS Service Connect'), so this mesh no longer configures its Envoy proxies. The tasks are "
                "priced as declared, the Envoy container within each task's size. On ECS, Service Connect takes its "
                "place: its proxy runs in each task, within the task's CPU and memory (the ECS Developer Guide "
                "recommends 256 CPU units and 64 MiB more per task, 'Service Connect proxy'); on EKS, the post points "
                "to Amazon VPC Lattice")


def uses_app_mesh(td: dict) -> bool:
    """True when a task definition (ECS API JSON) hands its traffic to an App Mesh Envoy: ``proxyConfiguration``
    ``type`` APPMESH (RegisterTaskDefinition ProxyConfiguration: "The only supported value is APPMESH")."""
    proxy = td.get("proxyConfiguration")
    return isinstance(proxy, dict) and str(proxy.get("type", "")).upper() == "APPMESH"


def app_mesh_note(what: list[str]) -> str:
    """The note for an input that uses AWS App Mesh (``APP_MESH_END``): ``what`` names its mesh resources or the task
    definitions whose proxyConfiguration is APPMESH."""
    shown = what[:6] + ([f"{len(what) - 6} more"] if len(what) > 6 else [])
    return f"uses AWS App Mesh ({'; '.join(shown)}): {APP_MESH_END}."


def import_taskdef(
    path: str | Path | Source,
    services_path: str | Path | Source | None = None,
    *,
    replicas: int = 1,
    region: str | None = None,
    name: str | None = None,
    cluster_path: str | Path | Source | None = None,
    strict: bool = False,
) -> ImportResult:
    """Import task definitions (and optional ECS services and cluster) into an ``ImportResult``.

    Task definitions with no matching service become one service named after the family with ``replicas``
    tasks (a task definition holds no desired count; default 1). Each matching service becomes one workload
    service named after its ``serviceName`` with its ``desiredCount`` and capacity-provider strategy (or the
    cluster's default strategy from ``cluster_path``). ``strict`` is applied by
    ``ImportResult.workload_checked``; it is accepted here so every importer takes the same arguments.

    ``region`` None: the region the input's ECS ARNs name (``arn_region``: a describe-task-definition
    ``taskDefinitionArn``, a service's ``serviceArn`` / ``clusterArn`` / ``taskDefinition`` ARN, the cluster file's
    ``clusterArn``), else us-east-1; ARNs of several regions exit 2 asking for ``--region``.
    """
    del strict  # the assumptions are collected in the result; workload_checked(strict) refuses them
    if message := source_format_message(path):  # Terraform configuration or Jsonnet: the command that renders it
        raise WorkloadError(message)
    src = read_source(path, what="task definition file")
    source = src.name
    if isinstance(replicas, bool) or not isinstance(replicas, int) or not 0 <= replicas <= MAX_TASKS_PER_SERVICE:
        raise WorkloadError(f"--replicas {show(replicas)} is not valid; give a whole number of tasks from 0 to "
                            f"{MAX_TASKS_PER_SERVICE}.")
    if cluster_path is not None and services_path is None:
        # the cluster's default strategy is for services without their own (CreateService); with no service file
        # it changed nothing, without a word
        raise WorkloadError("--cluster-file gives the cluster's defaultCapacityProviderStrategy, which applies to "
                            "the ECS services of --services that have no strategy or launch type; with task "
                            "definitions alone there is no service: give --services, or drop --cluster-file.")
    tds = _task_definitions(read_structured(src), source)
    sized: dict[str, tuple[str, dict, list[str]]] = {}
    order: list[str] = []
    result = ImportResult(name="", source=source, region=region or DEFAULT_REGION)
    arns: dict[str, list[str]] = {}  # region -> where an ECS ARN of the input names it

    def arn_at(value: Any, where: str) -> None:
        if found := arn_region(value):
            arns.setdefault(found, []).append(where)

    logs: dict[str, list[str]] = {}  # region -> containers whose awslogs driver sends logs there

    meshed: list[str] = []  # task definitions whose proxyConfiguration is App Mesh's (uses_app_mesh)
    for doc, td in tds:
        arn_at(td.get("taskDefinitionArn"), f"{doc} taskDefinitionArn")
        for c in td.get("containerDefinitions") if isinstance(td.get("containerDefinitions"), list) else []:
            if found := awslogs_region(c):
                logs.setdefault(found, []).append(str(c.get("name"))[:63])
        family = td.get("family")
        if not family or not isinstance(family, str):
            what = ("is missing" if "family" not in td else "is empty" if family == "" else
                    f"is {kind_of(family)}, not a name")
            raise fail(source, doc, "family", f"{what}; every task definition has a family name (e.g. \"web-app\").")
        if len(family) > 255:
            raise fail(source, doc, "family", "is longer than 255 characters, which ECS does not allow.")
        label = f"{doc} ({family})"
        if "containerDefinitions" not in td:
            raise fail(source, label, "containerDefinitions", MISSING_CONTAINERS)
        fields, comments, assumptions, notes = _sized(td, source, label)
        result.assumptions += assumptions
        result.notes += notes
        key = family if family not in sized else f"{family}:{td.get('revision', len(order))}"
        sized[key] = (label, fields, comments)
        order.append(key)
        if uses_app_mesh(td):
            meshed.append(label)
    if meshed:
        result.notes.append(app_mesh_note(meshed))

    result.name = name or (order[0] if len(order) == 1 else src.stem)
    def _named(path: Any) -> str:  # '-' (the CLI's) or <stdin> (read_source's) is standard input
        return "standard input" if str(path) in ("-", STDIN_NAME) else Path(str(path)).name

    label = _named(source)
    result.header = [f"Imported by 'advisor import taskdef' from {label}"
                     + (f" and {_named(services_path)}" if services_path else "") + ".",
                     "Sizes come from the task definitions; cpu is vCPU, memory is MiB."]

    default_strategy = None
    if cluster_path is not None:
        csrc = read_source(cluster_path, what="cluster file")
        cdata = read_structured(csrc, "cluster file")
        default_strategy = cluster_strategy(cdata, csrc.name)
        for c in (cdata.get("clusters") if isinstance(cdata, dict) and isinstance(cdata.get("clusters"), list) else
                  [cdata.get("cluster") if isinstance(cdata, dict) and "cluster" in cdata else cdata]):
            arn_at(c.get("clusterArn") if isinstance(c, dict) else None, "the cluster file's clusterArn")
    matched: dict[str, list[tuple[str, dict]]] = {}
    if services_path is not None:
        ssrc = read_source(services_path, what="service file")
        for doc, svc in _services(read_structured(ssrc, "service file"), ssrc.name):
            for key in ("serviceArn", "clusterArn", "taskDefinition"):
                arn_at(svc.get(key), f"{doc} {key}")
            if "taskDefinition" not in svc:
                # a service definition that leaves the task definition to its deploy tool's configuration (ecspresso's
                # ecs-service-def.json: config.yaml names the service and the task definition file)
                if len(sized) != 1:
                    raise fail(ssrc.name, doc, "taskDefinition",
                               f"is missing, and {label} holds {len(sized)} task definitions ({', '.join(sized)}): "
                               "name the one the service runs (\"taskDefinition\": \"FAMILY\"), or give one task "
                               "definition file with it.")
                [only] = sized
                result.notes.append(
                    f"{doc}{' (' + str(svc['serviceName']) + ')' if isinstance(svc.get('serviceName'), str) else ''}:"
                    f" no taskDefinition (as in ecspresso's service definition, whose config names the task "
                    f"definition file): paired with the only task definition given, {only}")
                svc = {**svc, "taskDefinition": only}
            fam = family_of(svc["taskDefinition"])
            if fam not in sized:
                raise fail(ssrc.name, doc, "taskDefinition",
                           f"{svc['taskDefinition']!r} names family {fam!r}, which is not in {label}; families "
                           f"there: {', '.join(sized)}. Add that task definition or remove the service.")
            matched.setdefault(fam, []).append((doc, svc))

    for key in order:
        _, fields, comments = sized[key]
        targets = matched.get(key, [])
        if not targets:
            data = {"name": key, **fields, "replicas": replicas}
            cm = comments + [f"replicas {replicas}: a task definition has no desired count (--replicas, default 1)"]
            result.services.append(ImportedService(_ordered(data), cm))
            continue
        for doc, svc in targets:
            sfields, scomments = service_fields(svc, ssrc.name, doc, default_strategy, notes=result.notes)
            sname = svc.get("serviceName") or key
            data = {"name": str(sname)[:253], **fields, "replicas": sfields.pop("replicas", replicas), **sfields}
            if why := daemon_assumption(svc, f"{doc} ({sname})", data["replicas"]):
                result.assumptions.append(why)
            if lb := load_balancer_note(svc, f"{doc} ({sname})", fields.get("network_mode")):
                result.notes.append(lb)
            result.services.append(ImportedService(_ordered(data), comments + scomments))
    settle_launch_volumes(result)
    settle_placement(result)
    _arn_regions(result, region, arns)
    if region is None and not arns and (elsewhere := sorted(r for r in logs if r != result.region)):
        result.notes.append(
            f"region {result.region} assumed (no --region, and no ECS ARN in the input names one), yet the awslogs "
            "log driver sends the logs of " + "; ".join(
                f"{', '.join(logs[r][:3])}{' and more' if len(logs[r]) > 3 else ''} to {r}" for r in elsewhere)
            + " (awslogs-region), most often the region the tasks run in: give --region "
            + (elsewhere[0] if len(elsewhere) == 1 else "R") + " to price it there")
    return result


#: The region of an ECS ARN (Amazon ECS Developer Guide, "Amazon Resource Names (ARNs) and IDs":
#: ``arn:aws:ecs:region:aws_account_id:...``); a placeholder such as ``<region>`` (AWS CLI examples) is none.
_ECS_ARN_REGION = re.compile(r"arn:aws(?:-[a-z]+)*:ecs:([a-z]{2}(?:-[a-z]+)+-\d+):")
DEFAULT_REGION = "us-east-1"


def arn_region(value: Any) -> str | None:
    """The region an ECS ARN names (``arn:aws:ecs:eu-west-1:123456789012:service/web``); None for anything else."""
    m = _ECS_ARN_REGION.match(value) if isinstance(value, str) else None
    return m.group(1) if m else None


_AWS_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d+")


def awslogs_region(container: Any) -> str | None:
    """The region a container definition's ``awslogs`` log driver sends its logs to (``logConfiguration.options``
    ``awslogs-region``; Amazon ECS Developer Guide, "Send Amazon ECS logs to CloudWatch": "Specify the Region that the
    awslogs log driver is to send your Docker logs to"); None for anything else. Logs may go to another region than
    the tasks', so this is a hint for a note, never the workload's region."""
    lc = container.get("logConfiguration") if isinstance(container, dict) else None
    opts = lc.get("options") if isinstance(lc, dict) and lc.get("logDriver") == "awslogs" else None
    value = opts.get("awslogs-region") if isinstance(opts, dict) else None
    return value if isinstance(value, str) and _AWS_REGION.fullmatch(value) else None


def _arn_regions(result: ImportResult, given: str | None, arns: dict[str, list[str]]) -> None:
    """The workload's region from the ECS ARNs of the input (``describe-task-definition`` / ``describe-services``
    output holds them) when ``--region`` is not given: the services run where their ARNs say, and prices differ by
    region. ARNs of several regions exit 2 (a workload has one region); a ``--region`` other than theirs is noted."""
    def where(r: str) -> str:
        return ", ".join(arns[r][:3]) + (f" and {len(arns[r]) - 3} more" if len(arns[r]) > 3 else "")

    if given is not None:
        if others := [r for r in arns if r != given]:
            result.notes.append(f"priced in {given} ({region_arg()}), although the input's ECS ARNs name "
                                + "; ".join(f"{r} ({where(r)})" for r in others))
        return
    if len(arns) > 1:
        raise WorkloadError("the input's ECS ARNs name several regions: " + "; ".join(
            f"{r} ({where(r)})" for r in sorted(arns)) + f". A workload is priced in one region: give {region_arg()}, "
            "or import the services of each region on their own.")
    if arns:
        (result.region,) = arns
        result.notes.append(f"region {result.region}, the region of the input's ECS ARNs ({where(result.region)}); "
                            f"give {region_arg()} to price it elsewhere")


def _ordered(data: dict) -> dict:
    """Size first, then counts and placement, for a readable file."""
    first = ("name", "cpu", "memory", "containers", "replicas", "architecture", "os")
    return {**{k: data[k] for k in first if k in data}, **{k: v for k, v in data.items() if k not in first}}
