"""What every importer returns, and how it is written: a commented, valid workload YAML file.

An importer turns someone else's format (ECS task definitions, Kubernetes manifests, a live ECS cluster)
into an ``ImportResult``: plain workload-format dicts plus the comments that explain where each number came
from. ``ImportResult.workload`` validates it with the normal workload model, and ``to_yaml()`` writes a file
that ``advisor.workload.load_workload`` reads back to the same ``Workload``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from advisor import fileio
from advisor.errors import WorkloadError
from advisor.fileio import OutputFileError, shown_path, write_text
from advisor.workload import Workload, parse_workload
from advisor.workload.load import check_strict
from advisor.workload.source import parse_yaml

#: Signs of a Windows container when its input names no OS (a task definition's runtimePlatform.operatingSystemFamily,
#: a pod's kubernetes.io/os node selector or spec.os.name): a Windows base image (Microsoft's Windows images: Windows
#: containers run only on a Windows host of a matching build, "Windows container base images", Microsoft Learn) or a
#: first command that only Windows has.
WINDOWS_IMAGE = re.compile(r"mcr\.microsoft\.com/(windows|dotnet/framework|powershell:.*nanoserver)|windowsservercore|"
                           r"servercore|nanoserver|microsoft/iis|mcr\.microsoft\.com/.*ltsc20", re.IGNORECASE)
WINDOWS_COMMANDS = ("powershell", "powershell.exe", "cmd", "cmd.exe")


def windows_sign(containers: Any, command_keys: tuple[str, ...]) -> str | None:
    """Why a list of container definitions (``image``, and a command list under each of ``command_keys``) looks like
    Windows: '"container NAME runs the Windows image IMAGE"' or '"container NAME starts with 'powershell.exe' in its
    command"'; None when nothing does (``WINDOWS_IMAGE``, ``WINDOWS_COMMANDS``)."""
    for c in containers if isinstance(containers, list) else []:
        if not isinstance(c, dict):
            continue
        image = c.get("image")
        if isinstance(image, str) and WINDOWS_IMAGE.search(image):
            return f"container {c.get('name')!s} runs the Windows image {image[:120]}"
        for key in command_keys:
            cmd = c.get(key)
            if isinstance(cmd, list) and cmd and isinstance(cmd[0], str) and \
                    cmd[0].strip().lower().split("\\")[-1] in WINDOWS_COMMANDS:
                return f"container {c.get('name')!s} starts with {cmd[0][:40]!r} in its {key}"
    return None


def where(source: str, document: str | None, fld: str | None) -> str:
    """'file: document 2: spec.replicas' — the prefix of every importer error."""
    parts = [str(source)]
    if document:
        parts.append(document)
    if fld:
        parts.append(fld)
    return ": ".join(parts)


class FieldError(WorkloadError):
    """A ``WorkloadError`` about one field of one document, which keeps its parts: an importer that hands another
    format's resource to a shared reader (the Terraform and CloudFormation importers give task definitions and
    services to ``taskdef`` in the ECS API's shape) names the field in its input's own words
    (``advisor.workload.importers.iac.Estate.own_names``)."""

    def __init__(self, source: str, document: str | None, fld: str | None, message: str) -> None:
        super().__init__(f"{where(source, document, fld)}: {message}")
        self.source, self.document, self.field, self.detail = source, document, fld, message


def fail(source: str, document: str | None, fld: str | None, message: str) -> WorkloadError:
    """The error for field ``fld`` of ``document`` in ``source``: 'file: document: field: message'."""
    return FieldError(source, document, fld, message)


@dataclass
class ImportedService:
    """One service in workload format (``data``) and the comments written above it."""

    data: dict[str, Any]
    comments: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data["name"]


@dataclass
class ImportResult:
    """The outcome of an import: services, DaemonSets, shared costs, notes and assumptions, and a header.

    ``notes`` say how the input was read (skipped objects, rules applied, what kustomize would do that is not
    applied); ``assumptions`` are guesses the input forced (a Windows image recognised without
    ``runtimePlatform``), which strict mode refuses. Both become the workload's ``notes``.
    """

    name: str
    source: str
    region: str = "us-east-1"
    services: list[ImportedService] = field(default_factory=list)
    daemonsets: list[dict[str, Any]] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)
    ec2: dict[str, Any] = field(default_factory=dict)  # the workload's ec2 section (e.g. allowed_types a placement
    #                                                     constraint of every service names)
    eks_auto_mode: dict[str, Any] = field(default_factory=dict)  # an EKS Auto Mode NodePool's settings (nodepool.py)
    #: the workload's eks section: the input's CoreDNS Deployment (``coredns``: replicas, cpu, memory as it asks them)
    eks: dict[str, Any] = field(default_factory=dict)
    #: the CoreDNS Deployment ``eks`` was read from: (namespace, name, where it is), so a second one is refused and an
    #: autoscaler targeting it is named as such
    coredns_from: tuple[str, str, str] | None = None
    #: the ecs_managed_instances section: Managed Instances capacity providers a template declares (cloudformation.py)
    ecs_managed_instances: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)

    def all_notes(self) -> list[str]:
        """Notes and assumptions, each once, each within the workload format's bounds (``MAX_NOTE_CHARS`` per note,
        ``MAX_NOTES`` notes): a note that lists many objects is cut with a marker rather than make a valid input
        fail the workload's own validation."""
        from advisor.workload.model import MAX_NOTE_CHARS, MAX_NOTES

        notes = [n if len(n) <= MAX_NOTE_CHARS else n[:MAX_NOTE_CHARS - 40] + f" … ({len(n) - MAX_NOTE_CHARS + 40:,} "
                 "characters cut)" for n in dict.fromkeys(self.notes + self.assumptions)]
        if len(notes) > MAX_NOTES:
            notes = notes[:MAX_NOTES - 1] + [f"… and {len(notes) - MAX_NOTES + 1:,} more notes"]
        return notes

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"name": self.name, "region": self.region,
                             "services": [_unambiguous(s.data) for s in self.services]}
        if self.daemonsets:
            d["daemonsets"] = [_unambiguous(x) for x in self.daemonsets]
        if self.ec2:
            d["ec2"] = self.ec2
        if self.eks:
            d["eks"] = _unambiguous(self.eks)  # eks.coredns cpu/memory are quantities: 32 (MiB) is written '32 MiB'
        if self.eks_auto_mode:
            d["eks_auto_mode"] = self.eks_auto_mode
        if self.ecs_managed_instances:
            d["ecs_managed_instances"] = self.ecs_managed_instances
        if self.shared:
            d["shared"] = self.shared
        if self.all_notes():
            d["notes"] = self.all_notes()
        return d

    @property
    def workload(self) -> Workload:
        if not self.services:
            names = [str(d.get("name")) for d in self.daemonsets]
            shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
            raise WorkloadError(
                f"{self.source}: nothing to import: no service was found."
                + ("".join(f"\n  - {n}" for n in self.all_notes()))
                + (f"\n{len(names)} DaemonSet(s) read ({shown}): a DaemonSet runs one pod on every node, so advisor "
                   "prices it as per-node overhead beside the workloads it runs next to, never on its own ("
                   + daemonset_treatment(self.daemonsets) + "). Add those workloads to the input." if names else "")
                + "\nA workload needs at least one service (an ECS task definition or service, or a Kubernetes "
                "Deployment, StatefulSet, ReplicaSet, ReplicationController, Pod, Job, CronJob or Argo Rollout)."
            )
        _unique_names(self.services, self.source)
        return parse_workload(self.to_dict(), source=f"{self.source} (imported)")

    def workload_checked(self, strict: bool = False) -> Workload:
        """``workload``; with ``strict``, a ``WorkloadError`` listing every assumption instead."""
        w = self.workload
        return check_strict(w, self.source, self.assumptions) if strict else w

    def to_yaml(self) -> str:
        """A commented workload file; validated before it is returned, and checked to read back the same."""
        workload = self.workload  # raises WorkloadError on anything the model refuses
        out: list[str] = [f"# {_comment(line)}".rstrip() for line in self.header]
        out.append(f"name: {_scalar(self.name)}")
        out.append(f"region: {_scalar(self.region)}")
        if self.all_notes():
            out.append("notes:")
            out += [f"  - {_scalar(n)}" for n in self.all_notes()]
        out.append("services:")
        for svc in self.services:
            out += [f"  # {_comment(c)}".rstrip() for c in svc.comments]
            first = True
            for key, value in _unambiguous(svc.data).items():
                prefix = "  - " if first else "    "
                first = False
                out.append(f"{prefix}{key}: {_value(value, key)}")
        if self.daemonsets:
            out.append("# DaemonSets: one pod per node on EC2; on Fargate (no DaemonSets) a sidecar in every pod, or "
                       "left out (on_fargate); one whose pod needs its node (privileged, hostPath volumes, hostNetwork "
                       "or a hostPort) is left out on every Fargate platform, which has no node.")
            out.append("daemonsets:")
            for ds in _unambiguous(self.daemonsets):
                first = True
                for key, value in ds.items():
                    out.append(f"{'  - ' if first else '    '}{key}: {_value(value, key)}")
                    first = False
        if self.ec2:
            out.append("ec2:")
            for key, value in self.ec2.items():
                out.append(f"  {key}: {_value(value, key)}")
        if self.eks:
            out.append("eks:")
            for key, value in _unambiguous(self.eks).items():
                out.append(f"  {key}: {_value(value, key)}")
        if self.eks_auto_mode:
            out.append("eks_auto_mode:")
            for key, value in self.eks_auto_mode.items():
                out.append(f"  {key}: {_value(value, key)}")
        if self.ecs_managed_instances:
            out.append("ecs_managed_instances:")
            for key, value in self.ecs_managed_instances.items():
                out.append(f"  {key}: {_value(value, key)}")
        if self.shared:
            out.append("shared:")
            for key, value in self.shared.items():
                out.append(f"  {key}: {_value(value, key)}")
        text = "\n".join(out) + "\n"
        check = parse_workload(parse_yaml(text, "(generated workload)")[0], source="(generated workload)", text=text)
        if check != workload:  # pragma: no cover - a bug in the writer, not in the input
            raise AssertionError("generated YAML does not round-trip")
        return text


def daemonset_treatment(daemonsets: list[dict[str, Any]]) -> str:
    """What each platform does with imported DaemonSets (workload-format dicts), as the estimates do it: the EC2-based
    platforms reserve the pod's request on every node before packing the services (``advisor.sizing.nodes``);
    Fargate runs no DaemonSets, so ECS on Fargate and Fargate Spot add the pod to every task as a sidecar and EKS on
    Fargate to every pod (``DaemonSet.fargate_sidecar``), except one whose pod needs its node (``needs_node``:
    privileged, hostPath volumes, hostNetwork or a hostPort; Amazon EKS User Guide, "AWS Fargate considerations"; Amazon
    ECS API Reference), an EKS add-on (``eks_addon``) or ``on_fargate: exclude``: those are left out there."""
    from advisor.workload.model import DaemonSet

    models = [DaemonSet.model_construct(**{"on_fargate": "sidecar", **d}) for d in daemonsets]
    many = len(models) > 1
    ecs_out = [f"{d.name} ({'an EKS add-on' if d.eks_addon else d.needs_node or 'on_fargate: exclude'})"
               for d in models if not d.fargate_sidecar]

    def names(n: list[str]) -> str:
        return ", ".join(n[:10]) + (f" and {len(n) - 10} more" if len(n) > 10 else "")

    text = ("ECS on EC2, EKS on EC2, ECS Managed Instances and EKS Auto Mode reserve "
            + ("each one's" if many else "its") + " pod request on every node before packing the services; "
            "ECS on Fargate and Fargate Spot add " + ("it" if not many else "each") + " to every task as a sidecar, "
            "EKS on Fargate to every pod")
    if ecs_out:
        text += f", except {names(ecs_out)}, left out on every Fargate platform"
    return text


def _unique_names(services: list[ImportedService], source: str) -> None:
    seen: dict[str, int] = {}
    for svc in services:
        seen[svc.name] = seen.get(svc.name, 0) + 1
    dup = [n for n, c in seen.items() if c > 1]
    if dup:
        raise WorkloadError(
            f"{source}: service name(s) {', '.join(repr(d) for d in dup)} occur more than once; workload service "
            "names must be unique. Rename one of them (ECS serviceName / Kubernetes metadata.name or namespace)."
        )


def _scalar(v: Any) -> str:
    if v is None:  # e.g. a persistent volume's size_gib from a snapshot of unknown size
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        text = repr(v)  # the shortest text that reads back as v; written out in full, never in exponent notation
        if "e" in text:  # (a 100-byte PersistentVolume was size_gib: 9.313225746154785e-08)
            text = format(Decimal(text), "f")
        return text
    # PyYAML's own double-quoted style escapes everything YAML cannot hold raw (line breaks, control and
    # non-printable characters, lone surrogates), so any name reads back exactly; what PyYAML still writes raw
    # but Python calls non-printable (bidi overrides, zero-width characters) becomes a \uXXXX escape too, so the
    # file shows on a terminal as it reads.
    text = yaml.dump(str(v), Dumper=yaml.SafeDumper, default_style='"', width=10**9, allow_unicode=True).strip()
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"
                   for ch in text)


def _comment(text: str) -> str:
    """One comment line: line breaks and control characters in user-given names cannot end the comment."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _value(v: Any, key: str | None = None) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_value(x, k)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return _scalar(v)


def _unambiguous(v: Any, key: str | None = None) -> Any:
    """The workload format rejects bare numbers that look like another unit (cpu >= 128 looks like ECS CPU
    units, memory < 64 looks like GB): give those their unit so they read back as meant."""
    if isinstance(v, dict):
        return {k: _unambiguous(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [_unambiguous(x, key) for x in v]
    if key == "cpu" and isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 128:
        return f"{_number(v)} vCPU"
    if key == "memory" and isinstance(v, (int, float)) and not isinstance(v, bool) and v < 64:
        return f"{_number(v)} MiB"
    return v


def _number(v: float) -> str:
    """A number as a person writes it and Python reads back exactly: 20 (not 20.0), 0.5, 953.67431640625."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


#: What to do about an -o file that exists, in every refusal (before the import and at the write).
_FORCE_HINT = "Pass --force to replace it, or choose another file name."


def check_output_file(path: str | Path, force: bool = False) -> None:
    """The checks ``write_output`` makes, before the import reads anything (``advisor.fileio.check_output``): a
    folder, pipe or device; a name or path too long for the file system; a folder on the path that is a file or
    missing; a folder one cannot write in; an existing file without ``force``. ``WorkloadError`` (exit code 2)
    naming -o; creates nothing."""
    try:
        fileio.check_output(path, option="-o", replace=force, refuse_hint=_FORCE_HINT, example="workload.yaml")
    except OutputFileError as exc:
        raise WorkloadError(str(exc)) from None


def write_output(text: str, path: str | Path, force: bool = False, inputs: tuple = ()) -> None:
    """Write ``text`` to ``path`` atomically (``advisor.fileio.write_text``); never replace an existing file unless
    ``force``. The folder must exist. A folder (also a path ending with '/'), named pipe or device at ``path``, a
    read-only folder or a full disk is a ``WorkloadError`` (exit code 2) and leaves no partial or temporary file;
    any previous file is unchanged. ``path`` naming one of the ``inputs`` (the same file, also through a link; the CLI passes every file the
    import opened, so the files of a folder count too) is refused even with ``force``: the import would replace what
    it read.
    """
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        try:
            same = Path(given).is_file() and Path(path).is_file() and os.path.samefile(given, path)
        except OSError:
            same = False
        if same:
            raise WorkloadError(f"refusing to write '{shown_path(path)}': it is the input file '{shown_path(given)}', and "
                                "the import would replace what it read (--force does not allow this). Choose another "
                                "file name.")
    try:
        write_text(path, text, replace=force, example="workload.yaml", refuse_hint=_FORCE_HINT)
    except OutputFileError as exc:
        raise WorkloadError(str(exc)) from None
