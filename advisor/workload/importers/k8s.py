"""Import Kubernetes manifests: Deployments, StatefulSets, ReplicaSets, DaemonSets, Jobs, CronJobs, Pods and
HorizontalPodAutoscalers, from multi-document YAML (or JSON) files and folders.

Rules (each with its source):

* Pod request = per resource, max(largest init container, sum of regular containers) — the Kubernetes
  "effective request" rule ("Resource sharing within containers", Kubernetes docs, Init Containers), as used
  by EKS on Fargate ("Understand Fargate Pod configuration details"); ``advisor.sizing.fargate.pod_request``.
* A container's request is ``resources.requests``; when a resource has a limit and no request, Kubernetes
  sets the request to the limit ("Resource Management for Pods and Containers"), and so does advisor.
* Quantities in Kubernetes notation: CPU ``250m`` / ``0.5`` / ``2`` (cores); memory in bytes with
  ``Ki Mi Gi Ti`` (binary) or ``k M G T`` (decimal) suffixes — ``1G`` is 10^9 bytes (953.67 MiB).
* ``nodeSelector`` / required ``nodeAffinity`` on ``kubernetes.io/arch`` (arm64 | amd64) sets the architecture,
  on ``kubernetes.io/os`` (windows | linux) the OS.
* ``replicas`` defaults to 1 (Deployment, StatefulSet, ReplicaSet). StatefulSets are imported with
  ``spot: false`` (stable identity and volumes: not a Spot candidate).
* HorizontalPodAutoscaler (autoscaling/v1 and v2): ``scaling: {min, max, average}`` on its target, where
  average = annotation ``advisor/average-replicas`` (on the HPA or its target) when given, else the midpoint
  (min + max) / 2 — a neutral planning figure when no utilisation history is known (min is the floor the
  service never goes below, max the worst case).
* DaemonSets run one pod per node: recorded in the workload's ``daemonsets`` list (EKS on EC2 node overhead).
* Job: runs once; hours per month = annotation ``advisor/hours-per-month``, else
  ``activeDeadlineSeconds`` (an upper bound). CronJob: hours per month = annotation
  ``advisor/hours-per-month``, else runs per month from a simple schedule x hours per run, where hours per
  run = annotation ``advisor/minutes-per-run`` / 60, else ``jobTemplate.spec.activeDeadlineSeconds`` / 3600.
  Parallelism (default 1) becomes replicas. Anything else is an error that asks for the annotation.
* Other kinds (Service, ConfigMap, Ingress, ...) are skipped with a note.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import WorkloadError
from advisor.workload.importers.common import ImportedService, ImportResult, fail
from advisor.workload.pod import pod_request
from advisor.units import BYTES_PER_MIB, HOURS_PER_MONTH, MAX_HOURS_PER_MONTH, MIB_PER_GIB
from advisor.workload import ECS_FARGATE_MAX_STORAGE_GIB, FARGATE_INCLUDED_STORAGE_GIB

ANNOTATION_HOURS = "advisor/hours-per-month"
ANNOTATION_RUN_MINUTES = "advisor/minutes-per-run"
ANNOTATION_AVERAGE = "advisor/average-replicas"

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "Pod", "Job", "CronJob")
_ARCH = {"amd64": "x86_64", "arm64": "arm64"}
_ARCH_KEYS = ("kubernetes.io/arch", "beta.kubernetes.io/arch")
_OS_KEYS = ("kubernetes.io/os", "beta.kubernetes.io/os")

_QTY = re.compile(r"^\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([a-zA-Z]*)\s*$")
_CPU_SUFFIX = {"": 1.0, "m": 1e-3, "u": 1e-6, "n": 1e-9, "k": 1e3}
_MEM_SUFFIX = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
               "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60}


class _Ctx:
    def __init__(self, source: str, doc: str):
        self.source, self.doc = source, doc

    def error(self, fld: str | None, msg: str) -> WorkloadError:
        return fail(self.source, self.doc, fld, msg)


def k8s_cpu(value: Any, ctx: _Ctx, fld: str) -> float:
    """Kubernetes CPU quantity -> vCPU (cores). '250m' = 0.25, '1.5' = 1.5, 2 = 2."""
    if isinstance(value, bool) or value is None:
        raise ctx.error(fld, f"{value!r} is not a CPU quantity; write cores (0.5, 2) or millicores ('250m').")
    m = _QTY.match(str(value))
    if not m or m.group(2) not in _CPU_SUFFIX:
        raise ctx.error(fld, f"{value!r} is not a Kubernetes CPU quantity; write cores (0.5, 2) or millicores ('250m').")
    v = float(m.group(1)) * _CPU_SUFFIX[m.group(2)]
    if v < 0:
        raise ctx.error(fld, f"{value!r}: CPU must not be negative.")
    return v


def k8s_memory_mib(value: Any, ctx: _Ctx, fld: str) -> float:
    """Kubernetes memory quantity -> MiB. '512Mi' = 512, '1Gi' = 1024, '1G' = 953.67, bare numbers are bytes."""
    if isinstance(value, bool) or value is None:
        raise ctx.error(fld, f"{value!r} is not a memory quantity; write e.g. '512Mi', '1Gi' or '1G'.")
    m = _QTY.match(str(value))
    if m and m.group(2) == "m":
        raise ctx.error(fld, f"{value!r} means milli-bytes in Kubernetes, surely not what was meant; write "
                        f"'{m.group(1)}Mi' (mebibytes) or '{m.group(1)}M' (megabytes).")
    if not m or m.group(2) not in _MEM_SUFFIX:
        raise ctx.error(fld, f"{value!r} is not a Kubernetes memory quantity; valid suffixes: Ki, Mi, Gi, Ti (binary), "
                        "k, M, G, T (decimal); a bare number is bytes. E.g. '512Mi', '1Gi'.")
    v = float(m.group(1)) * _MEM_SUFFIX[m.group(2)] / BYTES_PER_MIB
    if v < 0:
        raise ctx.error(fld, f"{value!r}: memory must not be negative.")
    return v


# ------------------------------------------------------------------------------------------- reading


def _read_docs(path: Path) -> list[tuple[str, str, Any]]:
    """(source, document label, object) for every non-empty document of a file."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkloadError(f"{source}: not a UTF-8 text file; Kubernetes manifests are YAML or JSON text.") from None
    if path.suffix.lower() == ".json":
        try:
            docs = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise WorkloadError(f"{source}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}.") from None
    else:
        docs = []
        loader = yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        try:
            for d in loader:
                docs.append(d)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            at = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
            raise WorkloadError(
                f"{source}: document {len(docs) + 1}:{at} YAML syntax error: {getattr(exc, 'problem', None) or exc}. "
                "Check the indentation and the ':' after each key at that line."
            ) from None
    out = []
    for i, d in enumerate(docs):
        if d is None:
            continue
        out.append((source, f"document {i + 1}", d))
    return out


def manifest_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".yaml", ".yml", ".json"))
        if not files:
            raise WorkloadError(f"{path}: the folder holds no *.yaml, *.yml or *.json files.")
        return files
    if not path.exists():
        raise WorkloadError(f"{path}: not found. Give a manifest file or a folder of manifests.")
    return [path]


def _flatten(source: str, doc: str, obj: Any) -> list[tuple[str, str, dict]]:
    if not isinstance(obj, dict):
        raise fail(source, doc, None, f"expected a Kubernetes object (a mapping with apiVersion and kind), got a "
                   f"{type(obj).__name__}.")
    kind = obj.get("kind")
    if not kind or not isinstance(kind, str):
        raise fail(source, doc, "kind", "is missing: this is not a Kubernetes object (every manifest has apiVersion "
                   "and kind, e.g. 'apiVersion: apps/v1' and 'kind: Deployment').")
    if kind == "List" or kind.endswith("List") and isinstance(obj.get("items"), list):
        out = []
        for j, item in enumerate(obj.get("items") or []):
            out += _flatten(source, f"{doc} items[{j}]", item)
        return out
    return [(source, doc, obj)]


# ------------------------------------------------------------------------------------------- pod specs


def _container(c: Any, ctx: _Ctx, fld: str) -> tuple[str, float, float, float]:
    """(name, vCPU, MiB, ephemeral GiB) of one container's request (limits when no requests)."""
    if not isinstance(c, dict):
        raise ctx.error(fld, f"expected a container object, got a {type(c).__name__}.")
    res = c.get("resources") or {}
    if not isinstance(res, dict):
        raise ctx.error(f"{fld}.resources", "must be a mapping with requests / limits.")
    req = res.get("requests") or {}
    lim = res.get("limits") or {}

    def pick(key: str):
        if key in req and req[key] is not None:
            return req[key], f"{fld}.resources.requests.{key}"
        if key in lim and lim[key] is not None:  # request defaults to the limit (Kubernetes)
            return lim[key], f"{fld}.resources.limits.{key}"
        return None, None

    v, f = pick("cpu")
    cpu = k8s_cpu(v, ctx, f) if v is not None else 0.0
    v, f = pick("memory")
    mem = k8s_memory_mib(v, ctx, f) if v is not None else 0.0
    v, f = pick("ephemeral-storage")
    eph = k8s_memory_mib(v, ctx, f) / MIB_PER_GIB if v is not None else 0.0
    return str(c.get("name") or fld), cpu, mem, eph


def _placement(spec: dict, ctx: _Ctx, fld: str) -> tuple[str, str, list[str]]:
    notes: list[str] = []
    sel = spec.get("nodeSelector") or {}
    arch_vals: set[str] | None = None
    os_val = "linux"
    for k in _ARCH_KEYS:
        if k in sel:
            arch_vals = {str(sel[k])}
            afld = f"{fld}.nodeSelector.{k}"
    for k in _OS_KEYS:
        if k in sel:
            os_val = str(sel[k])
    terms = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
             .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or []
    term_arches: list[set[str] | None] = []
    for ti, term in enumerate(terms):
        allowed: set[str] | None = None
        for expr in (term or {}).get("matchExpressions") or []:
            key, op, vals = expr.get("key"), expr.get("operator"), set(map(str, expr.get("values") or []))
            if key in _ARCH_KEYS:
                if op == "In":
                    allowed = vals if allowed is None else allowed & vals
                elif op == "NotIn":
                    allowed = (set(_ARCH) if allowed is None else allowed) - vals
                afld = f"{fld}.affinity.nodeAffinity...nodeSelectorTerms[{ti}]"
            elif key in _OS_KEYS and op == "In" and len(vals) == 1:
                os_val = next(iter(vals))
        term_arches.append(allowed)
    if terms and all(a is not None for a in term_arches):  # terms are ORed: every term must constrain arch
        union = set().union(*term_arches)  # type: ignore[arg-type]
        arch_vals = union if arch_vals is None else arch_vals & union
    arch = "x86_64"
    if arch_vals is not None:
        bad = arch_vals - set(_ARCH)
        if bad:
            raise ctx.error(afld, f"architecture {', '.join(sorted(bad))!s} is not one advisor can price; "
                            "use amd64 or arm64.")
        if not arch_vals:
            raise ctx.error(afld, "the node selector and affinity allow no architecture; fix kubernetes.io/arch.")
        if arch_vals == {"arm64"}:
            arch = "arm64"
        elif len(arch_vals) > 1:
            notes.append("either amd64 or arm64 allowed: priced as x86_64")
    if os_val not in ("linux", "windows"):
        raise ctx.error(f"{fld}.nodeSelector.kubernetes.io/os", f"{os_val!r} is not valid; use linux or windows.")
    return arch, os_val, notes


def _pod(spec: Any, ctx: _Ctx, fld: str) -> dict:
    """Size and placement of a pod template spec."""
    if not isinstance(spec, dict):
        raise ctx.error(fld, "is missing or not a mapping; it must hold the pod spec (containers).")
    containers = spec.get("containers")
    if not isinstance(containers, list) or not containers:
        raise ctx.error(f"{fld}.containers", "is missing or empty; a pod needs at least one container.")
    regular = [_container(c, ctx, f"{fld}.containers[{i}]") for i, c in enumerate(containers)]
    inits = [_container(c, ctx, f"{fld}.initContainers[{i}]") for i, c in enumerate(spec.get("initContainers") or [])]
    cpu, mem = pod_request([(c, m) for _, c, m, _ in regular], [(c, m) for _, c, m, _ in inits])
    missing = [k for k, v in (("cpu", cpu), ("memory", mem)) if not v]
    if missing:
        raise ctx.error(f"{fld}.containers[*].resources.requests",
                        f"no container requests {' or '.join(missing)}, so the pod's size is unknown. Add "
                        f"resources.requests ({', '.join(f'{k}: ' + ('250m' if k == 'cpu' else '512Mi') for k in missing)}) "
                        "to the containers (limits work too).")
    eph = max(sum(e for *_, e in regular), max((e for *_, e in inits), default=0.0))
    arch, os_, notes = _placement(spec, ctx, fld)
    return {"cpu": cpu, "memory": mem, "regular": regular, "inits": inits, "ephemeral_gib": eph,
            "architecture": arch, "os": os_, "notes": notes}


def _annotation_float(meta: dict, key: str, ctx: _Ctx, lo: float, hi: float | None = None) -> float | None:
    ann = (meta or {}).get("annotations") or {}
    if key not in ann:
        return None
    try:
        v = float(ann[key])
    except (TypeError, ValueError):
        v = math.nan
    if not math.isfinite(v) or v < lo or (hi is not None and v > hi):
        rng = f"{lo:g}-{hi:g}" if hi is not None else f">= {lo:g}"
        raise ctx.error(f"metadata.annotations.{key}", f"{ann[key]!r} is not valid; give a number ({rng}).")
    return v


# ------------------------------------------------------------------------------------------- cron


def _field_count(text: str, lo: int, hi: int) -> int | None:
    """How many values a simple cron field matches (numbers, *, ranges, steps, lists); None if not simple."""
    values: set[int] = set()
    for part in text.split(","):
        step = 1
        if "/" in part:
            part, s = part.split("/", 1)
            if not s.isdigit() or int(s) == 0:
                return None
            step = int(s)
        if part in ("*", "?"):
            a, b = lo, hi
        elif "-" in part:
            a_s, b_s = part.split("-", 1)
            if not (a_s.isdigit() and b_s.isdigit()):
                return None
            a, b = int(a_s), int(b_s)
        elif part.isdigit():
            a = int(part)
            b = hi if step > 1 else a
        else:
            return None
        if a < lo or b > hi or a > b:
            return None
        values.update(range(a, b + 1, step))
    return len(values)


def runs_per_month(schedule: str) -> float | None:
    """Runs per month (``HOURS_PER_MONTH`` hours) of a simple cron schedule, or None when it is not simple enough."""
    s = str(schedule).strip()
    s = re.sub(r"^(CRON_TZ|TZ)=\S+\s+", "", s)
    macros = {"@yearly": 1 / 12, "@annually": 1 / 12, "@monthly": 1.0, "@weekly": HOURS_PER_MONTH / 168,
              "@daily": HOURS_PER_MONTH / 24, "@midnight": HOURS_PER_MONTH / 24, "@hourly": HOURS_PER_MONTH}
    if s.startswith("@"):
        return macros.get(s.lower())
    f = s.split()
    if len(f) != 5:
        return None
    minute, hour, dom, month, dow = f
    m, h = _field_count(minute, 0, 59), _field_count(hour, 0, 23)
    mon = _field_count(month, 1, 12)
    if m is None or h is None or mon is None:
        return None
    dom_any, dow_any = dom in ("*", "?"), dow in ("*", "?")
    if dom_any and dow_any:
        days = HOURS_PER_MONTH / 24
    elif dom_any:
        n = _field_count(dow.replace("7", "0") if dow == "7" else dow, 0, 7)
        if n is None:
            return None
        days = min(n, 7) * HOURS_PER_MONTH / 168
    elif dow_any:
        n = _field_count(dom, 1, 31)
        if n is None:
            return None
        days = float(n)
    else:
        return None  # both restricted: cron ORs them
    return m * h * days * mon / 12


# ------------------------------------------------------------------------------------------- import


def _replicas(spec: dict, ctx: _Ctx, key: str = "replicas") -> int:
    v = spec.get(key, 1)
    if v is None:
        return 1
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise ctx.error(f"spec.{key}", f"{v!r} is not valid; give a whole number >= 0.")
    return v


def _service_data(name: str, pod: dict) -> tuple[dict, list[str]]:
    data: dict[str, Any] = {"name": name}
    comments = []
    if pod["inits"] or len(pod["regular"]) > 1:
        data["containers"] = [_cdict(n, c, m) for n, c, m, _ in pod["regular"]]
        if pod["inits"]:
            data["init_containers"] = [_cdict(n, c, m) for n, c, m, _ in pod["inits"]]
        comments.append(f"pod request = max(largest init container, sum of containers) = {pod['cpu']:g} vCPU, "
                        f"{pod['memory']:g} MiB")
    else:
        data["cpu"], data["memory"] = pod["cpu"], pod["memory"]
    return data, comments


def _cdict(name: str, cpu: float, mem: float) -> dict:
    d: dict[str, Any] = {"name": name}
    if cpu:
        d["cpu"] = cpu
    if mem:
        d["memory"] = mem
    return d


def import_k8s(path: str | Path, *, region: str = "us-east-1", name: str | None = None) -> ImportResult:
    """Import a manifest file or a folder of manifests (recursively *.yaml, *.yml, *.json)."""
    path = Path(path)
    objs: list[tuple[str, str, dict]] = []
    for f in manifest_files(path):
        for source, doc, obj in _read_docs(f):
            objs += _flatten(source, doc, obj)
    result = ImportResult(name=name or (path.name if path.is_dir() else path.name.split(".")[0]),
                          source=str(path), region=region)
    result.header = [f"Imported by 'advisor import k8s' from {path.name}.",
                     "cpu is vCPU, memory is MiB (Kubernetes requests; limits where no request is set)."]
    targets: dict[tuple[str, str, str], ImportedService] = {}
    target_meta: dict[tuple[str, str, str], dict] = {}
    hpas: list[tuple[_Ctx, dict]] = []
    used: set[str] = set()

    for source, doc, obj in objs:
        kind = obj["kind"]
        meta = obj.get("metadata") or {}
        oname = meta.get("name")
        ctx = _Ctx(source, f"{doc} ({kind} {oname})" if oname else f"{doc} ({kind})")
        if kind == "HorizontalPodAutoscaler":
            hpas.append((ctx, obj))
            continue
        if kind not in WORKLOAD_KINDS and kind != "DaemonSet":
            result.notes.append(f"{Path(source).name} {doc}: skipped {kind} {oname or ''}".rstrip()
                                + " (no compute to price)")
            continue
        if not oname:
            raise ctx.error("metadata.name", "is missing; every workload object needs a name.")
        ns = meta.get("namespace") or "default"
        spec = obj.get("spec")
        if not isinstance(spec, dict):
            raise ctx.error("spec", "is missing or not a mapping.")
        sname = oname if oname not in used else f"{ns}/{oname}"
        if kind == "DaemonSet":
            pod = _pod((spec.get("template") or {}).get("spec"), ctx, "spec.template.spec")
            result.daemonsets.append({"name": sname, "cpu": pod["cpu"], "memory": pod["memory"]})
            used.add(sname)
            continue
        comments = [f"{kind} {ns}/{oname} ({Path(source).name}, {doc})"]
        extra: dict[str, Any] = {}
        if kind == "Pod":
            pod_fld, pod_spec, replicas = "spec", spec, 1
        elif kind == "Job":
            pod_fld, pod_spec = "spec.template.spec", (spec.get("template") or {}).get("spec")
            replicas = _replicas(spec, ctx, "parallelism")
            extra["monthly_hours"], why = _job_hours(meta, spec, None, ctx)
            comments.append(why)
        elif kind == "CronJob":
            jspec = ((spec.get("jobTemplate") or {}).get("spec")) or {}
            pod_fld, pod_spec = "spec.jobTemplate.spec.template.spec", (jspec.get("template") or {}).get("spec")
            replicas = _replicas(jspec, ctx, "parallelism")
            extra["monthly_hours"], why = _job_hours(meta, jspec, spec.get("schedule"), ctx)
            comments.append(why)
        else:
            pod_fld, pod_spec = "spec.template.spec", (spec.get("template") or {}).get("spec")
            replicas = _replicas(spec, ctx)
        pod = _pod(pod_spec, ctx, pod_fld)
        data, pc = _service_data(sname, pod)
        comments += pc + pod["notes"]
        data["replicas"] = replicas
        data["architecture"], data["os"] = pod["architecture"], pod["os"]
        if pod["ephemeral_gib"] > FARGATE_INCLUDED_STORAGE_GIB:
            if pod["ephemeral_gib"] > ECS_FARGATE_MAX_STORAGE_GIB:
                raise ctx.error(f"{pod_fld}.containers[*].resources.requests.ephemeral-storage",
                                f"{pod['ephemeral_gib']:g} GiB in total is above the {ECS_FARGATE_MAX_STORAGE_GIB:g} GiB "
                                "advisor (and Fargate) can price; lower it.")
            data["ephemeral_storage_gib"] = pod["ephemeral_gib"]
        if kind == "StatefulSet":
            data["spot"] = False
            comments.append("StatefulSet: spot false (stable identity and volumes); volumeClaimTemplates are not priced")
        data.update(extra)
        svc = ImportedService(data, comments)
        result.services.append(svc)
        used.add(sname)
        targets[(ns, kind, oname)] = svc
        target_meta[(ns, kind, oname)] = meta

    for ctx, hpa in hpas:
        _apply_hpa(ctx, hpa, targets, target_meta, result)
    return result


def _job_hours(meta: dict, jspec: dict, schedule: Any, ctx: _Ctx) -> tuple[float, str]:
    hours = _annotation_float(meta, ANNOTATION_HOURS, ctx, 0.0, MAX_HOURS_PER_MONTH)
    if hours is not None:
        if hours <= 0:
            raise ctx.error(f"metadata.annotations.{ANNOTATION_HOURS}", "must be more than 0.")
        return hours, f"{ANNOTATION_HOURS}: {hours:g} hours per month"
    deadline = jspec.get("activeDeadlineSeconds")
    per_run_min = _annotation_float(meta, ANNOTATION_RUN_MINUTES, ctx, 0.0)
    if per_run_min is not None:
        per_run, why_run = per_run_min / 60, f"{ANNOTATION_RUN_MINUTES} {per_run_min:g}"
    elif isinstance(deadline, (int, float)) and not isinstance(deadline, bool) and deadline > 0:
        per_run, why_run = deadline / 3600, f"activeDeadlineSeconds {deadline:g} (an upper bound)"
    else:
        per_run, why_run = None, ""
    how = (f"Add the annotation '{ANNOTATION_HOURS}: \"<hours>\"' (pod-hours per month, at most "
           f"{MAX_HOURS_PER_MONTH:g})")
    if schedule is None:  # a Job runs once
        if per_run is None:
            raise ctx.error(f"metadata.annotations.{ANNOTATION_HOURS}",
                            f"a Job's running time is unknown. {how}, or set spec.activeDeadlineSeconds.")
        return per_run, f"Job runs once: {why_run} -> {per_run:g} hours per month"
    runs = runs_per_month(schedule)
    if runs is None:
        raise ctx.error("spec.schedule", f"{schedule!r} is not a schedule advisor can count runs of (it reads "
                        "'M H * * *' style fields with numbers, ranges, lists and steps, and @hourly/@daily/@weekly/"
                        f"@monthly). {how}.")
    if per_run is None:
        raise ctx.error(f"metadata.annotations.{ANNOTATION_RUN_MINUTES}",
                        f"how long one run of schedule {schedule!r} lasts is unknown. Add the annotation "
                        f"'{ANNOTATION_RUN_MINUTES}: \"<minutes>\"', set spec.jobTemplate.spec.activeDeadlineSeconds, "
                        f"or {how[0].lower() + how[1:]}.")
    hours = runs * per_run
    if hours > MAX_HOURS_PER_MONTH:
        raise ctx.error("spec.schedule", f"{runs:g} runs x {per_run:g} h = {hours:g} hours per month: runs overlap, "
                        f"which advisor cannot model from the schedule. {how} (and raise parallelism), or model it "
                        "as a Deployment.")
    return hours, f"CronJob {schedule!r}: {runs:.4g} runs per month x {why_run} -> {hours:.4g} hours per month"


def _apply_hpa(ctx: _Ctx, hpa: dict, targets: dict, target_meta: dict, result: ImportResult) -> None:
    meta = hpa.get("metadata") or {}
    spec = hpa.get("spec") or {}
    ref = spec.get("scaleTargetRef") or {}
    ns = meta.get("namespace") or "default"
    key = (ns, ref.get("kind"), ref.get("name"))
    if key not in targets:
        result.notes.append(f"{Path(ctx.source).name} {ctx.doc}: HorizontalPodAutoscaler target "
                            f"{ref.get('kind')} {ns}/{ref.get('name')} is not in the import; ignored")
        return
    lo = spec.get("minReplicas", 1)
    hi = spec.get("maxReplicas")
    for fld, v in (("spec.minReplicas", lo), ("spec.maxReplicas", hi)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 0:
            raise ctx.error(fld, f"{v!r} is not valid; give a whole number of replicas (maxReplicas is required).")
    if hi < lo:
        raise ctx.error("spec.maxReplicas", f"{hi} is smaller than minReplicas {lo}.")
    avg = _annotation_float(meta, ANNOTATION_AVERAGE, ctx, lo, hi)
    why = f"annotation {ANNOTATION_AVERAGE}"
    if avg is None:
        avg = _annotation_float(target_meta[key], ANNOTATION_AVERAGE, ctx, lo, hi)
    if avg is None:
        avg, why = (lo + hi) / 2, f"midpoint of min and max; set annotation {ANNOTATION_AVERAGE} to override"
    svc = targets[key]
    svc.data.pop("replicas", None)
    # keep field order readable: scaling where replicas was
    svc.data = _insert_after(svc.data, "memory" if "memory" in svc.data else "init_containers"
                             if "init_containers" in svc.data else "containers",
                             "scaling", {"min": lo, "max": hi, "average": float(avg)})
    svc.comments.append(f"HorizontalPodAutoscaler {meta.get('name')}: min {lo}, max {hi}, average {avg:g} ({why})")


def _insert_after(d: dict, after: str, key: str, value: Any) -> dict:
    out: dict[str, Any] = {}
    for k, v in d.items():
        out[k] = v
        if k == after:
            out[key] = value
    if key not in out:
        out[key] = value
    return out
