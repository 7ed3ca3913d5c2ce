"""Importers: read the workloads users already have (ECS task definitions and services, Kubernetes
manifests, a live ECS cluster) into the canonical ``Workload``. See docs/importing.md.

``load_any(path)`` reads any of them by content, so ``compare()`` accepts them directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from advisor.errors import WorkloadError
from advisor.workload.importers.common import ImportResult, write_output
from advisor.workload import Workload, load_workload

__all__ = ["ImportResult", "load_any", "write_output", "import_taskdef", "import_k8s", "import_ecs"]


def import_taskdef(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.taskdef import import_taskdef as run

    return run(*args, **kwargs)


def import_k8s(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.k8s import import_k8s as run

    return run(*args, **kwargs)


def import_ecs(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.ecs_live import import_ecs as run

    return run(*args, **kwargs)


def detect(path: str | Path) -> str:
    """'workload', 'taskdef' or 'k8s', by content (a folder is Kubernetes manifests)."""
    path = Path(path)
    if path.is_dir():
        return "k8s"
    if not path.exists():
        raise WorkloadError(f"'{path}' not found. Check the path; examples live in examples/.")
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return "workload"  # load_workload explains the problem
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if data is not None:
            items = data if isinstance(data, list) else [data]
            for it in items:
                if isinstance(it, dict) and ("containerDefinitions" in it or "taskDefinition" in it
                                             or "taskDefinitions" in it):
                    return "taskdef"
                if isinstance(it, dict) and "apiVersion" in it and "kind" in it:
                    return "k8s"
            return "workload"
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError:
        return "k8s" if "\n---" in text or "apiVersion:" in text else "workload"  # the loader reports the syntax error
    if len(docs) == 1 and isinstance(docs[0], dict) and "services" in docs[0]:
        return "workload"
    if docs and all(isinstance(d, dict) and "kind" in d for d in docs):
        return "k8s"
    if len(docs) == 1 and isinstance(docs[0], dict) and "containerDefinitions" in docs[0]:
        return "taskdef"
    return "workload"


def load_any(path: str | Path) -> Workload:
    """A ``Workload`` from a workload YAML, an ECS task-definition JSON, or Kubernetes manifests (file or folder).

    Dispatch by content: YAML with ``services:`` -> workload file; JSON with ``containerDefinitions`` (or the
    ``taskDefinition`` wrapper) -> task definitions (1 task each, as ``advisor import taskdef`` without
    ``--replicas``); YAML/JSON with ``apiVersion``/``kind`` -> Kubernetes manifests; a folder -> manifests.
    Anything else is read as a workload file, whose loader explains what is wrong.
    """
    kind = detect(path)
    if kind == "taskdef":
        return import_taskdef(path).workload
    if kind == "k8s":
        return import_k8s(path).workload
    return load_workload(path)
