"""Generated hostile inputs for every input kind (test helper, shared by tests/test_input_fuzz.py and the
campaign in benchmarks/fuzz_inputs_campaign.py).

``generate(rng)`` returns ``(kind, suffix, text)``: a workload YAML, an ECS task-definition JSON (or YAML) or a
Kubernetes manifest stream, built from a valid seed and then broken in 1-3 places: a value somewhere in the
tree replaced by a hostile one (huge or non-finite numbers, wrong types, unit slips, deep nesting, control
characters, empty or missing fields), a key dropped or added, or the text itself damaged (cut short, an alias
bomb, a NUL byte, a byte-order mark). A ``random.Random`` drives every choice, so a seed reproduces a case.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import yaml

HOSTILE: list[Any] = [
    None, True, False, 0, -1, -5, 1, 0.5, 1e-300, 1e308, 10**400, -(10**30), float("inf"), float("-inf"),
    float("nan"), "", " ", "x" * 300, "1" * 200, "0.5", "512", "1", "1Ki", "512m", "500", "1e-300", "-5", "NaN",
    "Infinity", "1e999", "1.5 GB", "256 units", "500m", "2 TiB", "40 TiB", "1000000 units", [], {}, [1], [[1]],
    {"a": 1}, {"cpu": 1}, "x[/bold]\x1b[31mred\x1b]8;;http://e\x07", "=HYPERLINK(\"x\")", "a\nb\r\nc", "\u2028",
    "\U0001f600", "a|b<script>", "../../etc/passwd", "-", "LoadBalancer", "Always", "host", "bridge", "WINDOWS",
    "ARM64", "FARGATE_SPOT", "*/1 * * * *", "@yearly",
]


def _deep(n: int) -> Any:
    v: Any = 1
    for _ in range(n):
        v = [v]
    return v


def workload_seed(rng: random.Random) -> dict:
    svc = {"name": "web", "cpu": rng.choice([0.25, "0.5 vCPU", "512 units", "500m"]),
           "memory": rng.choice([512, "1 GB", "1Gi", "2048Mi"]), "replicas": rng.randint(0, 5)}
    pod = {"name": "pod", "containers": [{"name": "app", "cpu": "200m", "memory": "256Mi"}, {"name": "bare"}],
           "init_containers": [{"name": "side", "cpu": "100m", "memory": "128Mi", "sidecar": True},
                               {"name": "init", "cpu": "500m"}],
           "scaling": {"min": 1, "max": 4, "average": 2.5}, "architecture": "arm64",
           "capacity_provider_strategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                          {"capacityProvider": "FARGATE_SPOT", "weight": 3}],
           "persistent_volumes": [{"name": "data", "size_gib": 10}], "runs_per_month": 30, "run_minutes": 20,
           "network_mode": "bridge", "host_ports": [8080]}
    return {"name": "shop", "region": "us-east-1", "services": [svc, pod],
            "defaults": {"cpu": "100m", "memory": "128Mi"},
            "daemonsets": {"on_fargate": "sidecar", "pods": [{"name": "agent", "cpu": "50m", "memory": "64Mi"}]},
            "eks": {"clusters": 1}, "operations": {"engineer_cost_per_hour": 90},
            "shared": {"load_balancers": {"count": 1, "lcu_per_hour": 2},
                       "network_load_balancers": {"count": 1}, "nat_gateways": {"count": 2}},
            "team": {"size": 3}, "notes": ["imported"]}


def taskdef_seed(rng: random.Random) -> Any:
    td = {"family": "api", "cpu": rng.choice(["256", "1 vCPU", None]), "memory": rng.choice(["512", "2 GB", None]),
          "networkMode": rng.choice(["awsvpc", "bridge", "host", None]),
          "requiresCompatibilities": ["FARGATE"], "runtimePlatform": {"cpuArchitecture": "ARM64"},
          "ephemeralStorage": {"sizeInGiB": 30},
          "containerDefinitions": [
              {"name": "app", "image": "nginx", "cpu": 256, "memory": 512, "memoryReservation": 256,
               "portMappings": [{"containerPort": 80, "hostPort": 8080}], "command": ["powershell", "x"]},
              {"name": "log", "image": "mcr.microsoft.com/windows/servercore", "cpu": 0, "memoryReservation": 64}]}
    td = {k: v for k, v in td.items() if v is not None}
    return rng.choice([td, [td], {"taskDefinition": td}])


def manifest_seed(rng: random.Random) -> list:
    pod = {"containers": [{"name": "app", "resources": {"requests": {"cpu": "250m", "memory": "512Mi"},
                                                        "limits": {"memory": "1Gi"}}},
                          {"name": "bare"}],
           "initContainers": [{"name": "proxy", "restartPolicy": "Always",
                               "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}],
           "nodeSelector": {"kubernetes.io/arch": "arm64"},
           "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
               {"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}]}}}}
    docs = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"},
         "spec": {"replicas": 2, "template": {"spec": copy.deepcopy(pod)}}},
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web", "namespace": "shop"},
         "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 2, "maxReplicas": 6}},
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
         "spec": {"replicas": 1, "template": {"spec": copy.deepcopy(pod)},
                  "volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {
                      "storageClassName": "gp3", "resources": {"requests": {"storage": "10Gi"}}}}]}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
         "spec": {"template": {"spec": {"hostNetwork": True, "containers": [{"name": "a"}]}}}},
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "annotations": {
            "advisor/minutes-per-run": "20"}}, "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {
                "template": {"spec": copy.deepcopy(pod)}}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer"}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "in", "annotations": {
            "alb.ingress.kubernetes.io/group.name": "g"}}, "spec": {"ingressClassName": "alb"}},
    ]
    if rng.random() < 0.2:
        return [{"apiVersion": "v1", "kind": "List", "items": docs}]
    return docs


def _paths(obj: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, path + (i,))
    return out


def _set(obj: Any, path: tuple, value: Any, delete: bool = False) -> Any:
    if not path:
        return value
    parent = obj
    for p in path[:-1]:
        parent = parent[p]
    if delete and isinstance(parent, dict):
        parent.pop(path[-1], None)
    else:
        parent[path[-1]] = value
    return obj


def mutate(obj: Any, rng: random.Random) -> Any:
    """Break ``obj`` in one place: replace a value, drop or add a key, or nest deeply."""
    paths = _paths(obj)
    path = rng.choice(paths[1:] or paths)
    roll = rng.random()
    if roll < 0.65:
        return _set(obj, path, copy.deepcopy(rng.choice(HOSTILE)))
    if roll < 0.8:
        return _set(obj, path, None, delete=True)
    if roll < 0.9:
        return _set(obj, path, _deep(rng.choice([5, 120, 150])))
    parent = obj
    for p in path[:-1]:
        parent = parent[p]
    if isinstance(parent, dict):
        parent[rng.choice(["replicas", "cpu", "kind", "servics", "spec", "x" * 50])] = rng.choice(HOSTILE)
    return obj


def _dump(kind: str, obj: Any, rng: random.Random) -> tuple[str, str]:
    if kind == "taskdef" and rng.random() < 0.7:
        return ".json", json.dumps(obj, allow_nan=True, indent=rng.choice([None, 2, "\t"]))
    if kind == "k8s":
        docs = obj if isinstance(obj, list) else [obj]
        if rng.random() < 0.15:
            return ".json", json.dumps(docs[0], allow_nan=True)
        return ".yaml", yaml.safe_dump_all(docs, allow_unicode=rng.random() < 0.5)
    return ".yaml", yaml.safe_dump(obj, allow_unicode=rng.random() < 0.5)


def damage_text(text: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return text[: rng.randrange(len(text) + 1)]
    if roll < 0.45:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8))
        return bomb + text
    if roll < 0.55:
        i = rng.randrange(len(text) + 1)
        return text[:i] + "\x00" + text[i:]
    if roll < 0.65:
        return "\ufeff" + text
    if roll < 0.7:
        return text + "\n---\nx: " + "[" * 5000 + "]" * 5000 + "\n"
    if roll < 0.8:
        i = rng.randrange(len(text) + 1)
        return text[:i] + rng.choice(["{{ .Values.x }}", "\t", ": :", "- - -", "&x", "*y", "!!python/object:os.system"]) + text[i:]
    return text


def generate(rng: random.Random) -> tuple[str, str, str]:
    """(kind, file suffix, text) of one hostile input."""
    kind = rng.choice(["workload", "taskdef", "k8s"])
    obj = {"workload": workload_seed, "taskdef": taskdef_seed, "k8s": manifest_seed}[kind](rng)
    for _ in range(rng.randint(0, 3)):
        obj = mutate(obj, rng)
    suffix, text = _dump(kind, obj, rng)
    if rng.random() < 0.3:
        text = damage_text(text, rng)
    return kind, suffix, text
