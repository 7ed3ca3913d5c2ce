"""One rule for every number field of the workload format, by kind, checked field by field.

- a whole number (a count, a port, a whole percent such as min_healthy_percent; ``W``): a YAML/JSON integer only.
  Text ("3") is refused, and so is a number written with a decimal point (3.0), as ``replicas`` has always refused it;
- a number (hours, GB, USD, a percent that may have a fraction such as headroom_percent; ``N``): a YAML/JSON integer
  or decimal, never text;
- a quantity with a unit (cpu, memory; ``Q``): a number, or text with its unit ("512 units", "2 GB", "500m").

Kubernetes and the ECS API write counts and percents as JSON numbers (int32 replicas, desiredCount,
minimumHealthyPercent); where an input may write them as text (CloudFormation, Terraform), the importer converts
them before the workload model sees them. A number field added without a row here fails
``test_every_number_field_has_a_rule``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from advisor.errors import WorkloadError
from advisor.workload import model as m
from advisor.workload.load import parse_workload, workload_json_schema

BASE: dict[str, Any] = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048}]}

#: Where each model sits in a workload, and what it needs there besides the field under test.
PLACES: dict[str, tuple[tuple, dict]] = {
    "Workload": ((), {}),
    "Service": (("services", 0), {}),
    "Container": (("services", 0, "containers", 0), {"name": "c", "cpu": 0.5, "memory": 512}),
    "PodOverhead": (("services", 0, "pod_overhead"), {}),
    "CoreDns": (("eks", "coredns"), {}),
    "NodePoolLimits": (("ec2", "node_pool_limits"), {}),
    "Defaults": (("defaults",), {}),
    "Scaling": (("services", 0, "scaling"), {"min": 1, "max": 4, "average": 2}),
    "HostPort": (("services", 0, "host_ports", 0), {"port": 80}),
    "PersistentVolume": (("services", 0, "persistent_volumes", 0), {"name": "d", "size_gib": 10}),
    "DaemonSet": (("daemonsets", 0), {"name": "agent", "cpu": 0.1, "memory": 128}),
    "FargateSpotPolicy": (("fargate_spot",), {}),
    "ValueRange": (("ecs_managed_instances", "instance_requirements", "vcpu"), {}),
    "EcsManagedInstances": (("ecs_managed_instances",), {}),
    "EksAutoMode": (("eks_auto_mode",), {"node_pool": "custom"}),
    "EksConfig": (("eks",), {}),
    "Team": (("team",), {}),
    "Operations": (("operations",), {}),
    "Ec2Config": (("ec2",), {}),
    "LoadBalancers": (("shared", "load_balancers"), {}),
    "NetworkLoadBalancers": (("shared", "network_load_balancers"), {}),
    "NatGateways": (("shared", "nat_gateways"), {}),
    "Logs": (("shared", "logs"), {}),
    "ContainerInsights": (("shared", "container_insights"), {}),
    "PublicIpv4": (("shared", "public_ipv4"), {}),
    "ServiceDiscovery": (("shared", "service_discovery"), {}),
    "Commitment": (("commitments", 0), {"type": "compute_savings_plan", "term_years": 1, "payment": "no_upfront",
                                        "discount_percent": 20, "commit_usd_per_hour": 1}),
    "DeclaredNodeGroup": (("declared", "node_groups", 0), {"name": "ng", "orchestrator": "eks",
                                                           "instance_types": ["m5.large"], "desired": 2}),
    "DeclaredVolume": (("declared", "node_groups", 0, "volumes", 0), {"size_gib": 10}),
}

W, N, Q = "whole number", "number", "quantity"
#: (model, field) -> (kind, a valid value, what else the model needs for it)
FIELDS: dict[tuple[str, str], tuple[str, Any, dict]] = {
    ("Commitment", "term_years"): (W, 3, {}),
    ("Commitment", "discount_percent"): (N, 25, {}),
    ("Commitment", "fargate_discount_percent"): (N, 15, {}),
    ("Commitment", "commit_usd_per_hour"): (N, 2, {}),
    ("Commitment", "coverage_percent"): (N, 80, {"commit_usd_per_hour": None}),
    ("Commitment", "count"): (W, 2, {"type": "reserved_instance", "instance_type": "m7g.large",
                                     "commit_usd_per_hour": None}),
    ("Container", "cpu"): (Q, 1, {}),
    ("Container", "memory"): (Q, 1024, {}),
    ("ContainerInsights", "metrics"): (W, 10, {}),
    ("ContainerInsights", "performance_log_gb_per_month"): (N, 5, {}),
    ("DaemonSet", "cpu"): (Q, 1, {}),
    ("DaemonSet", "memory"): (Q, 256, {}),
    ("DaemonSet", "host_ports"): (W, [9100], {}),
    ("DeclaredNodeGroup", "desired"): (W, 3, {}),
    ("DeclaredNodeGroup", "min"): (W, 1, {}),
    ("DeclaredNodeGroup", "max"): (W, 5, {}),
    ("DeclaredNodeGroup", "spot_max_price"): (N, 1, {"capacity_type": "spot"}),
    ("DeclaredNodeGroup", "disk_size_gib"): (N, 50, {}),
    ("DeclaredNodeGroup", "public_ip_share"): (N, 0.5, {}),
    ("DeclaredVolume", "size_gib"): (N, 20, {}),
    ("Defaults", "cpu"): (Q, 1, {}),
    ("Defaults", "memory"): (Q, 256, {}),
    ("Ec2Config", "headroom_percent"): (N, 10, {}),
    ("Ec2Config", "min_nodes"): (W, 3, {}),
    ("Ec2Config", "root_volume_gib"): (N, 40, {}),
    ("Ec2Config", "vm_memory_overhead_percent"): (N, 5, {}),
    ("Ec2Config", "ecs_reserved_memory_mib"): (W, 256, {}),
    ("Ec2Config", "ecs_max_tasks_per_instance"): (W, 10, {}),
    ("EcsManagedInstances", "storage_gib"): (N, 100, {}),
    ("EksAutoMode", "min_generation"): (W, 6, {}),
    ("EksAutoMode", "ephemeral_storage_gib"): (N, 100, {}),
    ("EksConfig", "clusters"): (W, 2, {}),
    ("FargateSpotPolicy", "on_demand_base"): (W, 2, {}),
    ("FargateSpotPolicy", "on_demand_weight"): (W, 2, {}),
    ("FargateSpotPolicy", "spot_weight"): (W, 4, {}),
    ("HostPort", "port"): (W, 53, {}),
    ("LoadBalancers", "count"): (W, 2, {}),
    ("LoadBalancers", "lcu_per_hour"): (N, 3, {}),
    ("LoadBalancers", "new_connections_per_second"): (N, 20, {}),
    ("LoadBalancers", "active_connections"): (N, 500, {}),
    ("LoadBalancers", "processed_gb_per_hour"): (N, 2, {}),
    ("LoadBalancers", "rule_evaluations_per_second"): (N, 100, {}),
    ("Logs", "ingested_gb_per_month"): (N, 50, {}),
    ("Logs", "stored_gb"): (N, 200, {}),
    ("NatGateways", "count"): (W, 2, {}),
    ("NatGateways", "processed_gb_per_month"): (N, 100, {}),
    ("NetworkLoadBalancers", "count"): (W, 2, {}),
    ("NetworkLoadBalancers", "nlcu_per_hour"): (N, 3, {}),
    ("NetworkLoadBalancers", "new_connections_per_second"): (N, 20, {}),
    ("NetworkLoadBalancers", "active_connections"): (N, 500, {}),
    ("NetworkLoadBalancers", "processed_gb_per_hour"): (N, 2, {}),
    ("Operations", "engineer_cost_per_hour"): (N, 120, {}),
    ("Operations", "ecs_hours_per_month"): (N, 4, {}),
    ("Operations", "eks_cluster_hours_per_month"): (N, 10, {}),
    ("Operations", "ec2_node_hours_per_month"): (N, 5, {}),
    ("Operations", "eks_auto_mode_cluster_hours_per_month"): (N, 6, {}),
    ("Operations", "managed_instances_hours_per_month"): (N, 2, {}),
    ("PersistentVolume", "size_gib"): (N, 30, {}),
    ("PublicIpv4", "count"): (W, 2, {}),
    ("Scaling", "min"): (W, 2, {}),
    ("Scaling", "max"): (W, 6, {}),
    ("Scaling", "average"): (N, 3, {}),
    ("PodOverhead", "cpu"): (Q, 0.25, {}),
    ("CoreDns", "replicas"): (W, 4, {}),
    ("CoreDns", "cpu"): (Q, 0.5, {}),
    ("CoreDns", "memory"): (Q, 512, {}),
    ("NodePoolLimits", "vcpu"): (N, 1000, {}),
    ("NodePoolLimits", "memory_mib"): (N, 4096, {}),
    ("NodePoolLimits", "nodes"): (W, 10, {}),
    ("PodOverhead", "memory"): (Q, 120, {}),
    ("Service", "cpu"): (Q, 2, {}),
    ("Service", "memory"): (Q, 4096, {}),
    ("Service", "replicas"): (W, 3, {}),
    ("Service", "ephemeral_storage_gib"): (N, 30, {}),
    ("Service", "monthly_hours"): (N, 100, {}),
    ("Service", "min_healthy_percent"): (W, 50, {}),
    ("Service", "max_percent"): (W, 150, {}),
    ("Service", "deployments_per_month"): (N, 4, {}),
    ("Service", "deployment_minutes"): (N, 20, {}),
    ("Service", "gpus"): (W, 1, {}),
    ("Service", "on_demand_base"): (W, 1, {}),
    ("Service", "host_ports"): (W, [8080], {"network_mode": "host"}),
    ("Service", "init_host_ports"): (W, [8081], {}),
    ("Service", "runs_per_month"): (N, 30, {"run_minutes": 10}),
    ("Service", "run_minutes"): (N, 10, {"runs_per_month": 30}),
    ("ServiceDiscovery", "registered_resources"): (W, 10, {}),
    ("ServiceDiscovery", "api_calls_per_month"): (N, 1000, {}),
    ("Team", "size"): (W, 5, {}),
    ("ValueRange", "min"): (N, 2, {}),
    ("ValueRange", "max"): (N, 8, {}),
    ("Workload", "monthly_hours"): (N, 500, {}),
}


def _models() -> list[type]:
    return [c for c in vars(m).values() if isinstance(c, type) and issubclass(c, m._Strict) and c is not m._Strict]


def test_every_number_field_has_a_rule():
    """Every field of every workload model that takes a number is in FIELDS with its kind, and the model applies that
    kind's rule to it (``number_rule``, checked by ``_Strict``'s wrap validator, which runs on ``_NUMBER_FIELDS``): a
    new field fails here until it is given one."""
    found = {(c.__name__, name): f for c in _models() for name, f in c.model_fields.items() if m.strict_checks_apply(f)}
    assert set(found) == set(FIELDS), (sorted(set(found) - set(FIELDS)), sorted(set(FIELDS) - set(found)))
    assert len(found) == 91
    rules = {W: "whole", N: "number", Q: None}
    for key, f in found.items():
        kind, value, _ = FIELDS[key]
        assert key[1] in m._NUMBER_FIELDS, key
        # a list of numbers (host_ports) is checked item by item: its items are strict whole numbers
        assert m.number_rule(f) == (None if isinstance(value, list) else rules[kind]), key


def test_a_model_built_in_python_refuses_text_for_a_number():
    """The rule is the model's, not only the file loader's: Team(size="3") and Service(max_percent=150.0) raise
    pydantic's own int_type error, as Service(replicas="3") did."""
    from pydantic import ValidationError

    for build in (lambda: m.Team(size="3"), lambda: m.Service(name="a", cpu=1, memory=2048, max_percent=150.0),
                  lambda: m.Operations(engineer_cost_per_hour="120")):
        with pytest.raises(ValidationError) as err:
            build()
        assert err.value.errors()[0]["type"] in ("int_type", "float_type"), err.value.errors()
    assert m.Team(size=3).size == 3 and m.Operations(engineer_cost_per_hour=120).engineer_cost_per_hour == 120.0


def _workload(model: str, field: str, value: Any) -> tuple[dict, str]:
    """A workload with ``value`` in ``model.field`` (and what each model on the way needs), and the field's path as
    messages write it."""
    where = PLACES[model][0]
    needs = {place: dict(wants) for place, wants in PLACES.values()}
    data = copy.deepcopy(BASE)
    target: Any = data
    for i, part in enumerate(where):
        if isinstance(part, int):
            while len(target) <= part:
                target.append({})
        else:
            target.setdefault(part, [] if i + 1 < len(where) and isinstance(where[i + 1], int) else {})
        target = target[part]
        for k, v in needs.get(where[: i + 1], {}).items():
            target.setdefault(k, copy.deepcopy(v))
    for k, v in FIELDS[(model, field)][2].items():
        if v is None:
            target.pop(k, None)
        else:
            target[k] = v
    target[field] = value
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in (*where, field)).lstrip(".")
    return data, path


def _get(workload: m.Workload, model: str, field: str) -> Any:
    obj: Any = workload
    for part in PLACES[model][0]:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part)
    return getattr(obj, field)


CASES = sorted(FIELDS)


@pytest.mark.parametrize(("model", "field"), CASES)
def test_a_valid_number_loads(model, field):
    kind, value, _ = FIELDS[(model, field)]
    data, _path = _workload(model, field, value)
    got = _get(parse_workload(data), model, field)
    if kind == Q:
        assert got > 0
    elif isinstance(value, list):
        assert got == value and all(type(p) is int for p in got)
    else:
        assert got == value and type(got) is (int if kind == W else float)


@pytest.mark.parametrize(("model", "field"), [c for c in CASES if FIELDS[c][0] != Q])
def test_a_number_written_as_text_is_refused_naming_the_number_to_write(model, field):
    """replicas: "3" was refused while min_healthy_percent: "50" and team.size: "3" loaded: every plain number field
    refuses text now, with one message: the field, the number to write and what the field takes."""
    kind, value, _ = FIELDS[(model, field)]
    number = value[0] if isinstance(value, list) else value
    text = [str(number)] if isinstance(value, list) else str(number)
    data, path = _workload(model, field, text)
    with pytest.raises(WorkloadError) as err:
        parse_workload(data)
    said = str(err.value)
    where = path + ("[0]" if isinstance(value, list) else "")
    what = "1 or 3" if field == "term_years" else (kind if kind == N else "a whole number")
    assert f"{where}: '{number}' is text, not a number; write {number}, without quotes (" in said, said
    assert what in said.split("without quotes (", 1)[1], said
    assert said.count("\n  - ") == 1, said


@pytest.mark.parametrize(("model", "field"), [c for c in CASES if FIELDS[c][0] != Q])
def test_a_whole_number_written_with_a_decimal_point(model, field):
    """A whole-number field refuses 150.0 (naming 150 to write), as replicas: 3.0 always was; a number field reads
    it as the number."""
    kind, value, _ = FIELDS[(model, field)]
    number = value[0] if isinstance(value, list) else value
    decimal = [float(number)] if isinstance(value, list) else float(number)
    data, path = _workload(model, field, decimal)
    if kind == N:
        assert _get(parse_workload(data), model, field) == number
        return
    with pytest.raises(WorkloadError) as err:
        parse_workload(data)
    where = path + ("[0]" if isinstance(value, list) else "")
    assert f"{where}: {float(number)!r} is written as a decimal; write {number} (" in str(err.value), str(err.value)
    data, _ = _workload(model, field, [number + 0.5] if isinstance(value, list) else number + 0.5)
    with pytest.raises(WorkloadError, match=rf"{number + 0.5} is not a whole number; write "):
        parse_workload(data)


@pytest.mark.parametrize(("model", "field"), [c for c in CASES if FIELDS[c][0] == Q])
def test_a_quantity_takes_text(model, field):
    """cpu and memory take text with or without a unit ("1", "512 units", "1 GiB"): their kind is a quantity."""
    _, value, _ = FIELDS[(model, field)]
    data, _ = _workload(model, field, str(value))
    assert _get(parse_workload(data), model, field) == float(value)


def _schema_of(schema: dict, model: str, field: str) -> dict:
    node = schema if model == "Workload" else schema["$defs"][model]
    prop = node["properties"][field]
    return prop


def _types(prop: dict, defs: dict) -> set[str]:
    """The JSON types a property allows (its items' for an array), following $ref, anyOf and oneOf."""
    if "$ref" in prop:
        return {"object"}
    if "anyOf" in prop or "oneOf" in prop:
        return set().union(*(_types(p, defs) for p in prop.get("anyOf", prop.get("oneOf", []))))
    if prop.get("type") == "array":
        return _types(prop["items"], defs)
    if "enum" in prop:
        return {"integer" if all(type(v) is int for v in prop["enum"]) else "enum"}
    if "const" in prop:
        return {"integer" if type(prop["const"]) is int else "const"}
    return {prop["type"]} if "type" in prop else set()


def test_the_schema_says_each_kind():
    """'advisor schema' refuses text for a plain number (type integer or number) and takes it for a quantity, as the
    model does: an editor validating against it and advisor agree (a whole number is "integer")."""
    schema = workload_json_schema()
    for (model, field), (kind, _, _) in FIELDS.items():
        types = _types(_schema_of(schema, model, field), schema["$defs"]) - {"null", "object"}
        expected = {W: {"integer"}, N: {"number"}, Q: {"number", "string"}}[kind]
        assert types == expected, (model, field, types)
