"""Import ECS task definitions (and optionally ECS services) in the JSON the ECS API uses.

Accepted task-definition files: one task definition object (``aws ecs register-task-definition
--cli-input-json``), a list of them, or the ``{"taskDefinition": {...}}`` wrapper that
``aws ecs describe-task-definition`` prints (YAML files with the same structure work too).

Sizing rules (Amazon ECS Developer Guide, "Amazon ECS task definition parameters", sections "Task size",
"Container definitions > Memory / cpu"; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html):

* Task-level ``cpu`` is a string of CPU units ("256"; 1024 units = 1 vCPU) or vCPU ("1 vCPU"); task-level
  ``memory`` is a string of MiB ("512") or GB ("2 GB", which AWS means as GiB). On Fargate both are required.
* When the task level is absent (EC2 launch type), the task's size is the sum of its containers:
  ``cpu`` = sum of container ``cpu`` units (a container without ``cpu`` reserves 0 units; ECS still gives
  it a share of the instance's spare CPU, which advisor cannot price — it is noted);
  ``memory`` = sum over containers of max(``memory``, ``memoryReservation``). ECS requires one of the two
  per container when there is no task-level memory; it reserves ``memoryReservation`` (the soft limit)
  for placement but lets the container grow to ``memory`` (the hard limit), so advisor sizes to the larger.
* ``runtimePlatform.cpuArchitecture`` X86_64 | ARM64 and ``operatingSystemFamily`` LINUX |
  WINDOWS_SERVER_* ; ``ephemeralStorage.sizeInGiB`` 21-200 (Fargate includes 20 GiB).

Everything the cost does not depend on (image, ports, environment, secrets, logConfiguration, roles,
volumes, placement constraints, tags...) is accepted and ignored.

Service files (optional): one ``create-service`` style object (``serviceName``, ``taskDefinition``,
``desiredCount``, ``capacityProviderStrategy``, ``launchType``, ``deploymentConfiguration``), a list of them,
``{"service": {...}}`` or ``describe-services`` output ``{"services": [...]}``. Services are matched to task
definitions by family (``taskDefinition`` may be ``family``, ``family:revision`` or a task-definition ARN).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import WorkloadError
from advisor.workload.importers.common import ImportedService, ImportResult, fail
from advisor.units import CPU_UNITS_PER_VCPU, QuantityError, parse_cpu, parse_memory_mib
from advisor.workload import ECS_FARGATE_MAX_STORAGE_GIB, FARGATE_INCLUDED_STORAGE_GIB

_ARCH = {"X86_64": "x86_64", "ARM64": "arm64"}
_DIGITS = re.compile(r"^\s*\d+\s*$")


def read_structured(path: Path) -> Any:
    """Parse a JSON (or, by extension, YAML) file with errors that name the file, line and column."""
    if not path.exists():
        raise WorkloadError(f"{path}: file not found. Check the path.")
    if path.is_dir():
        raise WorkloadError(f"{path}: is a directory; give a task-definition JSON file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkloadError(f"{path}: not a UTF-8 text file; a task definition is JSON text.") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
            raise WorkloadError(f"{path}:{at} YAML syntax error: {getattr(exc, 'problem', None) or exc}.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkloadError(
            f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}. A task definition file is the "
            "JSON 'aws ecs register-task-definition --cli-input-json' takes (or 'aws ecs describe-task-definition' "
            "prints); check for a trailing comma or a missing quote at that position."
        ) from None


def _task_definitions(data: Any, source: str) -> list[tuple[str, dict]]:
    """(document label, task definition) pairs from any accepted top-level shape."""
    if isinstance(data, dict) and isinstance(data.get("taskDefinition"), dict):
        return [("taskDefinition", data["taskDefinition"])]
    if isinstance(data, dict) and isinstance(data.get("taskDefinitions"), list):
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
                           f"expected a JSON object (a task definition), got a {type(item).__name__}.")
            out.append((f"task definition [{i}]", item))
        if not out:
            raise WorkloadError(f"{source}: the list is empty; it should hold task definitions.")
        return out
    raise WorkloadError(
        f"{source}: expected a task definition object, a list of them, or {{\"taskDefinition\": {{...}}}}; "
        f"got a {type(data).__name__}."
    )


def family_of(ref: str) -> str:
    """'web-app', 'web-app:3' or 'arn:aws:ecs:...:task-definition/web-app:3' -> 'web-app'."""
    ref = str(ref)
    if "task-definition/" in ref:
        ref = ref.split("task-definition/", 1)[1]
    return ref.split(":", 1)[0]


def _task_cpu(value: Any, source: str, doc: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) or (isinstance(value, str) and _DIGITS.match(value)):
        units = float(value)
        if units <= 0:
            raise fail(source, doc, "cpu", f"{value!r} must be a positive number of CPU units (256 = 0.25 vCPU).")
        return units / CPU_UNITS_PER_VCPU
    try:
        return parse_cpu(value)  # "1 vCPU", "0.25 vcpu", "512 units"
    except QuantityError as exc:
        raise fail(source, doc, "cpu", f"{exc}. ECS writes task cpu as CPU units ('256', 1024 = 1 vCPU) or "
                   "as vCPU ('1 vCPU').") from None


def _task_memory(value: Any, source: str, doc: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool) or (isinstance(value, str) and _DIGITS.match(value)):
        mib = float(value)
        if mib <= 0:
            raise fail(source, doc, "memory", f"{value!r} must be a positive number of MiB.")
        return mib
    try:
        return parse_memory_mib(str(value).replace("gb", "GB"))  # "2 GB" (= 2048 MiB)
    except QuantityError as exc:
        raise fail(source, doc, "memory", f"{exc}. ECS writes task memory as MiB ('512') or GB ('2 GB').") from None


def _int_field(c: dict, key: str, source: str, doc: str, fld: str) -> int | None:
    v = c.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float, str)) or (isinstance(v, str) and not _DIGITS.match(v)):
        raise fail(source, doc, fld, f"{v!r} is not valid; ECS expects a whole number "
                   f"({'CPU units' if key == 'cpu' else 'MiB'}).")
    n = int(float(v))
    if n < 0:
        raise fail(source, doc, fld, f"{v!r} must not be negative.")
    return n


def size_task(td: dict, source: str, doc: str) -> tuple[float, float, list[str]]:
    """(vCPU, MiB, comments) of one task definition, by the rules in the module docstring."""
    comments: list[str] = []
    containers = td.get("containerDefinitions") or []
    if not isinstance(containers, list):
        raise fail(source, doc, "containerDefinitions", "must be a list of container definitions.")
    cdefs = []
    for i, c in enumerate(containers):
        if not isinstance(c, dict):
            raise fail(source, doc, f"containerDefinitions[{i}]", f"expected an object, got a {type(c).__name__}.")
        cdefs.append(c)

    if td.get("cpu") not in (None, ""):
        vcpu = _task_cpu(td["cpu"], source, doc)
        comments.append(f"task cpu {td['cpu']!r} = {vcpu:g} vCPU")
    else:
        units = [_int_field(c, "cpu", source, doc, f"containerDefinitions[{i}].cpu") or 0 for i, c in enumerate(cdefs)]
        if not cdefs or sum(units) == 0:
            raise fail(source, doc, "cpu",
                       "no task-level cpu and no container cpu: advisor cannot tell the task's CPU size. Set the "
                       "task-level \"cpu\" (e.g. \"256\" = 0.25 vCPU), or \"cpu\" on the containers (CPU units).")
        vcpu = sum(units) / CPU_UNITS_PER_VCPU
        comments.append(f"no task-level cpu: sum of container cpu = {sum(units)} units = {vcpu:g} vCPU")
        zero = [c.get("name", f"[{i}]") for i, (c, u) in enumerate(zip(cdefs, units)) if u == 0]
        if zero:
            comments.append(f"containers without cpu ({', '.join(map(str, zero))}) reserve 0 units; ECS gives them "
                            "a share of spare CPU, which is not priced")

    if td.get("memory") not in (None, ""):
        mem = _task_memory(td["memory"], source, doc)
        comments.append(f"task memory {td['memory']!r} = {mem:g} MiB")
    else:
        total = 0
        for i, c in enumerate(cdefs):
            hard = _int_field(c, "memory", source, doc, f"containerDefinitions[{i}].memory")
            soft = _int_field(c, "memoryReservation", source, doc, f"containerDefinitions[{i}].memoryReservation")
            if not hard and not soft:
                raise fail(source, doc, f"containerDefinitions[{i}] ({c.get('name', 'unnamed')})",
                           "no task-level memory and this container has neither \"memory\" nor \"memoryReservation\" "
                           "(ECS requires one of them). Set the task-level \"memory\" (MiB, e.g. \"512\") or the "
                           "container's \"memory\" / \"memoryReservation\" (MiB).")
            total += max(hard or 0, soft or 0)
        mem = float(total)
        comments.append(f"no task-level memory: sum over containers of max(memory, memoryReservation) = {total} MiB")
    return vcpu, mem, comments


def _platform(td: dict, source: str, doc: str) -> tuple[str, str]:
    rp = td.get("runtimePlatform") or {}
    if not isinstance(rp, dict):
        raise fail(source, doc, "runtimePlatform", "must be an object with cpuArchitecture / operatingSystemFamily.")
    arch = rp.get("cpuArchitecture") or "X86_64"
    if str(arch).upper() not in _ARCH:
        raise fail(source, doc, "runtimePlatform.cpuArchitecture", f"{arch!r} is not valid; use X86_64 or ARM64.")
    fam = str(rp.get("operatingSystemFamily") or "LINUX").upper()
    if fam == "LINUX":
        os_ = "linux"
    elif fam.startswith("WINDOWS_SERVER"):
        os_ = "windows"
    else:
        raise fail(source, doc, "runtimePlatform.operatingSystemFamily",
                   f"{fam!r} is not valid; use LINUX or WINDOWS_SERVER_2019_CORE (or another WINDOWS_SERVER_* value).")
    return _ARCH[str(arch).upper()], os_


def _storage(td: dict, source: str, doc: str) -> float | None:
    es = td.get("ephemeralStorage")
    if not es:
        return None
    size = es.get("sizeInGiB") if isinstance(es, dict) else None
    if isinstance(size, bool) or not isinstance(size, (int, float)):
        raise fail(source, doc, "ephemeralStorage.sizeInGiB", f"{size!r} is not valid; give a whole number of GiB (21-200).")
    if size > ECS_FARGATE_MAX_STORAGE_GIB:
        raise fail(source, doc, "ephemeralStorage.sizeInGiB",
                   f"{size} GiB is above the Fargate maximum of {ECS_FARGATE_MAX_STORAGE_GIB:g} GiB; use 21-200.")
    return max(float(size), FARGATE_INCLUDED_STORAGE_GIB)


def _services(data: Any, source: str) -> list[tuple[str, dict]]:
    if isinstance(data, dict) and isinstance(data.get("services"), list):
        data = data["services"]
    elif isinstance(data, dict) and isinstance(data.get("service"), dict):
        data = [data["service"]]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise WorkloadError(f"{source}: expected an ECS service object, a list of them, or describe-services output "
                            f"{{\"services\": [...]}}; got a {type(data).__name__}.")
    out = []
    for i, s in enumerate(data):
        doc = f"service [{i}]"
        if not isinstance(s, dict):
            raise fail(source, doc, None, f"expected an object, got a {type(s).__name__}.")
        if not s.get("taskDefinition"):
            raise fail(source, doc, "taskDefinition",
                       "is missing; it names the task definition family the service runs (e.g. \"web-app\" or \"web-app:3\").")
        out.append((doc, s))
    return out


def service_fields(svc: dict, source: str, doc: str) -> tuple[dict, list[str]]:
    """Workload fields and comments from one ECS service description."""
    data: dict[str, Any] = {}
    comments: list[str] = []
    if "desiredCount" in svc and svc["desiredCount"] is not None:
        dc = svc["desiredCount"]
        if isinstance(dc, bool) or not isinstance(dc, int) or dc < 0:
            raise fail(source, doc, "desiredCount", f"{dc!r} is not valid; give a whole number of tasks >= 0.")
        data["replicas"] = dc
    if svc.get("schedulingStrategy") == "DAEMON":
        comments.append("schedulingStrategy DAEMON: one task per container instance; replicas is the desired count seen")
    dep = svc.get("deploymentConfiguration") or {}
    if isinstance(dep, dict):
        for key, fld, lo, hi in (("minimumHealthyPercent", "min_healthy_percent", 0, 100),
                                 ("maximumPercent", "max_percent", 100, 200)):
            if dep.get(key) is not None:
                v = dep[key]
                if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                    raise fail(source, doc, f"deploymentConfiguration.{key}",
                               f"{v!r} is not valid here; advisor models {lo}-{hi}.")
                data[fld] = v
    strategy = svc.get("capacityProviderStrategy") or []
    if strategy:
        parts = [f"{s.get('capacityProvider')} (base {s.get('base', 0)}, weight {s.get('weight', 0)})"
                 for s in strategy if isinstance(s, dict)]
        comments.append("capacityProviderStrategy: " + ", ".join(parts))
    if svc.get("launchType"):
        comments.append(f"launchType: {svc['launchType']}")
    return data, comments


def import_taskdef(
    path: str | Path,
    services_path: str | Path | None = None,
    *,
    replicas: int = 1,
    region: str = "us-east-1",
    name: str | None = None,
) -> ImportResult:
    """Import task definitions (and optional ECS services) into an ``ImportResult``.

    Task definitions with no matching service become one service named after the family with ``replicas``
    tasks (a task definition holds no desired count; default 1). Each matching service becomes one workload
    service named after its ``serviceName`` with its ``desiredCount``.
    """
    path = Path(path)
    source = str(path)
    if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 0:
        raise WorkloadError(f"--replicas {replicas!r} is not valid; give a whole number of tasks >= 0.")
    tds = _task_definitions(read_structured(path), source)
    sized: dict[str, tuple[str, dict, float, float, list[str], str, str, float | None]] = {}
    order: list[str] = []
    for doc, td in tds:
        family = td.get("family")
        if not family or not isinstance(family, str):
            raise fail(source, doc, "family", "is missing; every task definition has a family name (e.g. \"web-app\").")
        if "containerDefinitions" not in td and td.get("cpu") is None:
            raise fail(source, doc, "containerDefinitions",
                       "is missing: this does not look like an ECS task definition (it needs containerDefinitions).")
        label = f"{doc} ({family})"
        vcpu, mem, comments = size_task(td, source, label)
        arch, os_ = _platform(td, source, label)
        storage = _storage(td, source, label)
        key = family if family not in sized else f"{family}:{td.get('revision', len(order))}"
        sized[key] = (label, td, vcpu, mem, comments, arch, os_, storage)
        order.append(key)

    result = ImportResult(name=name or (order[0] if len(order) == 1 else path.name.split(".")[0]),
                          source=source, region=region)
    result.header = [f"Imported by 'advisor import taskdef' from {path.name}"
                     + (f" and {Path(services_path).name}" if services_path else "") + ".",
                     "Sizes come from the task definitions; cpu is vCPU, memory is MiB."]

    matched: dict[str, list[tuple[str, dict]]] = {}
    if services_path is not None:
        sp = Path(services_path)
        for doc, svc in _services(read_structured(sp), str(sp)):
            fam = family_of(svc["taskDefinition"])
            if fam not in sized:
                raise fail(str(sp), doc, "taskDefinition",
                           f"{svc['taskDefinition']!r} names family {fam!r}, which is not in {path.name}; families "
                           f"there: {', '.join(sized)}. Add that task definition or remove the service.")
            matched.setdefault(fam, []).append((doc, svc))

    for key in order:
        label, td, vcpu, mem, comments, arch, os_, storage = sized[key]
        compat = td.get("requiresCompatibilities") or []
        base_comments = [f"task definition {key}" + (f" (requiresCompatibilities {', '.join(compat)})" if compat else "")]
        base_comments += comments
        base: dict[str, Any] = {"cpu": vcpu, "memory": mem}
        targets = matched.get(key, [])
        if not targets:
            data = {"name": key, **base, "replicas": replicas, "architecture": arch, "os": os_}
            if storage:
                data["ephemeral_storage_gib"] = storage
            cm = base_comments + [f"replicas {replicas}: a task definition has no desired count (--replicas, default 1)"]
            result.services.append(ImportedService(data, cm))
            continue
        for doc, svc in targets:
            fields, scomments = service_fields(svc, str(services_path), doc)
            sname = svc.get("serviceName") or key
            data = {"name": sname, **base}
            data["replicas"] = fields.pop("replicas", replicas)
            data.update({"architecture": arch, "os": os_})
            if storage:
                data["ephemeral_storage_gib"] = storage
            data.update(fields)
            result.services.append(ImportedService(data, base_comments + scomments))
    return result
