"""Import a Terraform plan or state in the JSON of ``terraform show -json`` (Terraform "JSON Output Format",
https://developer.hashicorp.com/terraform/internals/json-format).

What is read:

* ``format_version``: major version 0 or 1 ("Reject any input which reports an unsupported major version"; minor
  versions only add properties, which are ignored). A document without it, or without ``planned_values`` /
  ``values``, is not a plan or state: an error naming what was found.
* Resources from ``planned_values.root_module`` (a plan: the state after apply) or ``values.root_module`` (a
  state), with every ``child_modules`` level; each ``count`` / ``for_each`` instance is its own resource
  (``aws_ecs_service.web[0]``, ``module.app.aws_ecs_service.this["api"]``). Data sources are skipped.
* Values unknown until apply: a plan's ``resource_changes[].change.after_unknown`` marks them. A cost-relevant
  one (a desired count, an instance type, a task size) is never guessed silently: an AWS default is applied and
  listed as an assumption (``--strict`` refuses it), or the error names the resource and the field. Container
  definitions unknown until apply are not needed when the task-level cpu and memory are known (the task is billed
  by them): an assumption says what was not read from the containers.
* References: a service's task definition, cluster and scaling target are linked by value (family, names, the
  Application Auto Scaling ``resource_id`` ``service/CLUSTER/SERVICE``) or, when the value is unknown until apply,
  by the ``configuration`` section's ``references``, resolved within the module *instance* that holds the
  referring resource (``module.svc["worker"]``'s ``aws_ecs_task_definition.this`` is its own), following
  ``var.X`` to the module call's argument and ``module.M.OUT`` to the output's references (``_Plan.ref``).
* Region: the ``aws`` provider's ``region`` (a constant, or a root variable's value); else the region a
  ``data.aws_region`` source recorded at plan time (``prior_state``; several: the most recorded, an assumption);
  else us-east-1, an assumption. ``--region`` overrides them all. Resources read in another region (an aliased
  provider's, or aws provider 6's per-resource ``region``): all in one region, that region; in several, an error
  unless ``--region`` picks one (``_resource_regions``).

Resources mapped (docs/iac.md lists each field): ``aws_ecs_task_definition``, ``aws_ecs_service``, ``aws_ecs_task_set``,
``aws_ecs_express_gateway_service`` (ECS Express Mode),
``aws_ecs_cluster``, ``aws_ecs_cluster_capacity_providers``, ``aws_appautoscaling_target`` /
``aws_appautoscaling_policy`` (namespace ``ecs``), ``aws_eks_cluster``, ``aws_eks_node_group``,
``aws_eks_fargate_profile``, ``aws_autoscaling_group`` (with its launch template or configuration: ECS container
instances), ``kubernetes_deployment`` / ``stateful_set`` / ``daemonset`` (and ``_v1``),
``kubernetes_horizontal_pod_autoscaler`` (``_v1``, ``_v2``, ``_v2beta2``), ``helm_release`` (noted, not rendered),
``aws_lb`` / ``aws_alb``, ``aws_nat_gateway``, ``aws_eip``, ``aws_cloudwatch_log_group``, and ECS tasks run on a
schedule: ``aws_cloudwatch_event_rule`` with ``aws_cloudwatch_event_target`` (``ecs_target``) and
``aws_scheduler_schedule`` (``target.ecs_parameters``), or either with an ``aws_sfn_state_machine`` target whose
definition runs ECS tasks (``_StateMachines``, ``stepfunctions.state_machine_runs``), priced by their runs a month
(``_scheduled_tasks``, ``Estate._schedules``; docs/iac.md "Scheduled ECS tasks").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from advisor.errors import WorkloadError, did_you_mean, region_arg, region_given
from advisor.pricing.regions import KNOWN_REGIONS
from advisor.units import is_whole_number_text, show
from advisor.workload.importers.detect import is_raw_state, raw_state_message
from advisor.workload.importers.iac import (
    NO_SUBNETS,
    TAG_RUN_MINUTES,
    Estate,
    IacImportResult,
    eks_self_managed,
    folder_given,
    k8s_manifest,
    node_pool_kind,
    user_data_text,
)
from advisor.workload.importers.stepfunctions import state_machine_runs
from advisor.workload.importers.taskdef import target_input_overrides, usable_snapshot_id
from advisor.workload.source import STDIN_NAME, Source, loads_json, read_source

#: ``format_version`` majors this reader understands (Terraform JSON Output Format: "Reject any input which
#: reports an unsupported major version"; 0.x up to Terraform 0.15, 1.x since 1.0).
SUPPORTED_MAJORS = (0, 1)
_K8S_KINDS = {
    "kubernetes_deployment": "Deployment", "kubernetes_deployment_v1": "Deployment",
    "kubernetes_stateful_set": "StatefulSet", "kubernetes_stateful_set_v1": "StatefulSet",
    "kubernetes_daemonset": "DaemonSet", "kubernetes_daemon_set_v1": "DaemonSet",
    "kubernetes_horizontal_pod_autoscaler": "HorizontalPodAutoscaler",
    "kubernetes_horizontal_pod_autoscaler_v1": "HorizontalPodAutoscaler",
    "kubernetes_horizontal_pod_autoscaler_v2": "HorizontalPodAutoscaler",
    "kubernetes_horizontal_pod_autoscaler_v2beta2": "HorizontalPodAutoscaler",
    # namespace policy the pods above are admitted under, read as the same objects of a manifest (k8s importer:
    # LimitRange default requests and limits, min / max / maxLimitRequestRatio, PersistentVolumeClaim sizes;
    # ResourceQuota hard pods / requests / limits). hashicorp/terraform-provider-kubernetes: kubernetes_limit_range
    # and _v1 are both resourceKubernetesLimitRangeV1 (kubernetes/provider.go), kubernetes_resource_quota and _v1
    # resourceKubernetesResourceQuotaV1 (kubernetes/resource_kubernetes_resource_quota_v1.go)
    "kubernetes_limit_range": "LimitRange", "kubernetes_limit_range_v1": "LimitRange",
    "kubernetes_resource_quota": "ResourceQuota", "kubernetes_resource_quota_v1": "ResourceQuota",
    # the claims pods mount (volume.persistent_volume_claim.claim_name) and the classes they name, read as the same
    # manifests: one EBS volume per claim of an EBS class (parameters.type), any other provisioner not priced.
    # hashicorp/terraform-provider-kubernetes kubernetes/resource_kubernetes_persistent_volume_claim_v1.go
    # (persistentVolumeClaimFields, schema_persistent_volume_claim.go: metadata, spec.access_modes,
    # spec.resources.requests, spec.storage_class_name, spec.volume_name; wait_until_bound is the provider's own) and
    # kubernetes/resource_kubernetes_storage_class_v1.go (metadata, storage_provisioner, parameters)
    "kubernetes_persistent_volume_claim": "PersistentVolumeClaim",
    "kubernetes_persistent_volume_claim_v1": "PersistentVolumeClaim",
    "kubernetes_storage_class": "StorageClass", "kubernetes_storage_class_v1": "StorageClass",
    # the volumes claims bind to (spec.volume_name), read as the same manifests: what the volume is (its source) and
    # its size (capacity) price the claim. kubernetes/resource_kubernetes_persistent_volume_v1.go (both names one
    # resource in kubernetes/provider.go): metadata, spec.capacity, spec.access_modes, spec.storage_class_name,
    # spec.claim_ref, spec.persistent_volume_source (one block: aws_elastic_block_store, csi, nfs, host_path, local,
    # ...; schema_volume_source.go), which advisor reads as the manifest's PersistentVolumeSpec fields
    "kubernetes_persistent_volume": "PersistentVolume", "kubernetes_persistent_volume_v1": "PersistentVolume",
    # the RuntimeClasses pods name (runtime_class_name), read as the same manifests for the pods' overhead.
    # hashicorp/terraform-provider-kubernetes kubernetes/resource_kubernetes_runtime_class_v1.go @ 23c1c440: metadata
    # and handler only (its overhead and scheduling attributes are commented out), so such a class defines no
    # overhead; one with overhead.podFixed is a kubernetes_manifest (below)
    "kubernetes_runtime_class_v1": "RuntimeClass",
}


def _zone_group_region(group: str) -> str | None:
    """The region of a zone group that ``data.aws_availability_zones`` records (``group_names``): the region code, or
    the region code followed by the group's own part. Amazon EC2 API Reference, "AvailabilityZone", groupName: "The
    name of the zone group. For example: Availability Zones - us-east-1-zg-1; Local Zones - us-west-2-lax-1;
    Wavelength Zones - us-east-1-wl1-bos-wlz-1" (its earlier text: "For Availability Zones, this parameter has the
    same value as the Region name"). None when no known region code starts it."""
    if group in KNOWN_REGIONS:
        return group
    found = [r for r in KNOWN_REGIONS if group.startswith(r + "-")]
    return max(found, key=len) if found else None


class _Plan:
    """Resources of one plan/state with their unknown fields and configuration references."""

    def __init__(self, doc: dict, source: str):
        self.doc, self.source = doc, source
        version = doc.get("format_version")
        major = str(version).split(".", 1)[0]
        if not isinstance(version, str) or not is_whole_number_text(major) or int(major) not in SUPPORTED_MAJORS:
            raise WorkloadError(f"{source}: format_version {show(version)} is not one advisor reads (major versions "
                                f"{', '.join(map(str, SUPPORTED_MAJORS))}: the JSON of 'terraform show -json' from "
                                "Terraform 0.12 on). Produce it with the Terraform version you use: 'terraform show "
                                "-json plan.tfplan > plan.json'.")
        root = (doc.get("planned_values") or doc.get("values") or {})
        if not isinstance(root, dict) or not isinstance(root.get("root_module", {}), dict):
            raise WorkloadError(f"{source}: planned_values.root_module is not an object; this is not the output of "
                                "'terraform show -json'.")
        self.resources: list[dict] = []
        self._walk(root.get("root_module") or {}, "planned_values.root_module", 0)
        self.unknown: dict[str, dict] = {}
        self.actions: dict[str, list] = {}
        for rc in doc.get("resource_changes") if isinstance(doc.get("resource_changes"), list) else []:
            if isinstance(rc, dict) and isinstance(rc.get("change"), dict):
                au = rc["change"].get("after_unknown")
                self.unknown[str(rc.get("address"))] = au if isinstance(au, dict) else {}
                self.actions[str(rc.get("address"))] = rc["change"].get("actions") or []
        self._instances: dict[str, dict[str, list[tuple[str, str]]]] = {}  # module instance -> type.name -> (key, address)
        self._types: dict[str, str] = {}
        for r in self.resources:
            mpath, rtype, rname, key = _parse_address(r["address"])
            self._types[r["address"]] = r["type"]
            self._instances.setdefault(mpath, {}).setdefault(f"{rtype}.{rname}", []).append((key, r["address"]))
        self._module_instances: set[str] = {""}
        for mpath in list(self._instances):
            segs = _segments(mpath)
            self._module_instances.update(".".join(segs[:i]) for i in range(2, len(segs) + 1, 2))
        self._modules = self._configuration()

    def _walk(self, module: dict, where: str, depth: int) -> None:
        if depth > 50:
            raise WorkloadError(f"{self.source}: {where}: child modules nest more than 50 levels.")
        for key in ("resources", "child_modules"):
            if not isinstance(module.get(key) or [], list):
                raise WorkloadError(f"{self.source}: {where}.{key}: must be a list, got {show(module.get(key))}.")
        for i, r in enumerate(module.get("resources") or []):
            if not isinstance(r, dict) or not isinstance(r.get("address"), str) or not isinstance(r.get("type"), str):
                raise WorkloadError(f"{self.source}: {where}.resources[{i}]: not a Terraform resource (it needs "
                                    "address, type and values).")
            if r.get("mode", "managed") == "managed":
                self.resources.append(r)
        for j, child in enumerate(module.get("child_modules") or []):
            if not isinstance(child, dict):
                raise WorkloadError(f"{self.source}: {where}.child_modules[{j}]: not a module object.")
            self._walk(child, f"{child.get('address', where + f'.child_modules[{j}]')}", depth + 1)

    def _configuration(self) -> dict[str, dict[str, dict]]:
        """The ``configuration`` section by module path without instance keys ("" for the root,
        "module.svc.module.inner"): {"resources": {address in the module: expressions}, "calls": {module call name:
        its argument expressions}, "outputs": {output name: its expression}}."""
        out: dict[str, dict[str, dict]] = {}
        conf = self.doc.get("configuration")
        if not isinstance(conf, dict):
            return out
        todo = [(conf.get("root_module"), "")]
        while todo and len(out) < 10_000:
            module, path = todo.pop()
            if not isinstance(module, dict) or path in out:
                continue
            entry: dict[str, dict] = {"resources": {}, "calls": {}, "outputs": {}, "providers": {}, "variables": {}}
            out[path] = entry
            variables = module.get("variables") if isinstance(module.get("variables"), dict) else {}
            entry["variables"] = {k: v for k, v in variables.items() if isinstance(v, dict)}
            for r in module.get("resources") if isinstance(module.get("resources"), list) else []:
                if isinstance(r, dict) and isinstance(r.get("address"), str):
                    exprs = r.get("expressions")
                    entry["resources"][r["address"]] = exprs if isinstance(exprs, dict) else {}
                    entry["providers"][r["address"]] = r.get("provider_config_key")
            outputs = module.get("outputs") if isinstance(module.get("outputs"), dict) else {}
            for name, o in outputs.items():
                if isinstance(o, dict):
                    entry["outputs"][name] = o.get("expression")
            calls = module.get("module_calls") if isinstance(module.get("module_calls"), dict) else {}
            for name, call in calls.items():
                if isinstance(call, dict):
                    exprs = call.get("expressions")
                    entry["calls"][name] = exprs if isinstance(exprs, dict) else {}
                    todo.append((call.get("module"), f"{path}.module.{name}" if path else f"module.{name}"))
        return out

    def region(self, key: str = "aws") -> str | None:
        """The ``region`` of a provider configuration of the ``configuration`` section (``aws``, the default;
        ``aws.eu``, an aliased one; ``module.m:aws``, one a module declares) when it is a constant or a root
        variable's value, else None."""
        conf = self.doc.get("configuration") if isinstance(self.doc.get("configuration"), dict) else {}
        providers = conf.get("provider_config") if isinstance(conf.get("provider_config"), dict) else {}
        aws = providers.get(key)
        if not isinstance(aws, dict):
            return None
        exprs = aws.get("expressions")
        expr = exprs.get("region") if isinstance(exprs, dict) else None
        if not isinstance(expr, dict):
            return None
        if isinstance(expr.get("constant_value"), str):
            return expr["constant_value"]
        for ref in expr.get("references") if isinstance(expr.get("references"), list) else []:
            if isinstance(ref, str) and ref.startswith("var.") and isinstance(self.doc.get("variables"), dict):
                var = self.doc["variables"].get(ref[4:])
                if isinstance(var, dict) and isinstance(var.get("value"), str):
                    return var["value"]
        return None

    def recorded_regions(self) -> dict[str, list[str]]:
        """Regions recorded by data sources read at plan time ({region: [data source addresses]}), in ``prior_state``
        (a plan) or ``values`` (a state): a ``data.aws_region``'s ``region`` (aws provider 6) or ``name`` (before),
        and a ``data.aws_availability_zones``' ``region`` (aws provider 6) or ``group_names`` (the region code, or
        the region code and more: ``us-east-1-zg-1``, a Local Zone's ``us-west-2-lax-1``, ``_zone_group_region``),
        which every terraform-aws-modules example reads for its VPC. Only those of the default
        ``aws`` provider configuration without a ``region`` argument of their own (an aliased provider or a
        per-resource region may name another region)."""
        out: dict[str, list[str]] = {}
        self.odd_regions: list[tuple[str, Any]] = []  # (address, value) recorded but not an AWS region code
        roots = [(self.doc.get("prior_state") or {}).get("values") if isinstance(self.doc.get("prior_state"), dict)
                 else None, self.doc.get("values"), self.doc.get("planned_values")]
        todo = [r.get("root_module") for r in roots if isinstance(r, dict)]
        seen = 0
        while todo and seen < 10_000:
            module = todo.pop()
            seen += 1
            if not isinstance(module, dict):
                continue
            children = module.get("child_modules")
            todo += children if isinstance(children, list) else []
            for r in module.get("resources") if isinstance(module.get("resources"), list) else []:
                if not isinstance(r, dict) or r.get("mode") != "data" or \
                        r.get("type") not in ("aws_region", "aws_availability_zones") or \
                        not isinstance(r.get("address"), str) or not isinstance(r.get("values"), dict):
                    continue
                if r["type"] == "aws_region":
                    name = r["values"].get("region") or r["values"].get("name")
                    if not isinstance(name, str) or not _REGION.fullmatch(name) or name not in KNOWN_REGIONS:
                        if name is not None and len(self.odd_regions) < 5:
                            self.odd_regions.append((r["address"], name))
                        continue
                    names = [name]
                else:
                    groups = r["values"].get("group_names")
                    names = sorted({_zone_group_region(g) for g in groups if isinstance(g, str)} - {None}) \
                        if isinstance(groups, list) else []
                    own = r["values"].get("region")  # aws provider 6: the region the source was read in
                    if isinstance(own, str) and own in KNOWN_REGIONS:
                        names = [own]
                    if len(names) != 1:
                        continue  # none, or zones of several regions: not one region to take
                mpath, _, rname, _ = _parse_address(r["address"])
                conf = self._modules.get(_strip_index(mpath), {})
                key = conf.get("providers", {}).get(f"data.{r['type']}.{rname}")
                if (isinstance(key, str) and key.rsplit(":", 1)[-1] != "aws") or \
                        "region" in conf.get("resources", {}).get(f"data.{r['type']}.{rname}", {}):
                    continue
                if r["address"] not in out.setdefault(names[0], []):
                    out[names[0]].append(r["address"])
        return out

    def resource_regions(self, default: str | None) -> dict[str, tuple[str, str]]:
        """The region each AWS resource of the input is created in, where the input says it: {address: (region,
        how)}. Terraform AWS Provider, "Enhanced Region Support" (version 6): "The effective Region is the value of
        the top-level region argument if configured or the Region defined in the provider configuration", which a
        version 6 plan records in each regional resource's ``region``; before version 6 a resource in another
        region names an aliased provider (``provider = aws.eu``, the configuration's ``provider_config_key``) whose
        ``region`` is its own. A resource of the default provider without a recorded ``region`` is in ``default``
        (the plan's region, when known)."""
        out: dict[str, tuple[str, str]] = {}
        for r in self.resources:
            if not r["type"].startswith("aws_"):
                continue
            v = r.get("values") if isinstance(r.get("values"), dict) else {}
            own = v.get("region")
            if isinstance(own, str) and own.strip() and not self.unknown.get(r["address"], {}).get("region"):
                out[r["address"]] = (own.strip().lower(), "region attribute")
                continue
            mpath, stype, sname, _ = _parse_address(r["address"])
            key = self._modules.get(_strip_index(mpath), {}).get("providers", {}).get(f"{stype}.{sname}")
            if isinstance(key, str) and key != "aws" and key.rsplit(":", 1)[-1].split(".", 1)[0] == "aws":
                found = self.region(key)
                if found:
                    out[r["address"]] = (found.strip().lower(), f"provider {key}")
                continue
            if default:
                out[r["address"]] = (default, "the aws provider's region")
        return out

    def unknown_fields(self, address: str) -> set[str]:
        """Attributes unknown until apply: top-level names (``cpu``) and nested paths with list indices dropped
        (``scaling_config.desired_size``, ``spec.replicas``), from ``after_unknown``."""
        out: set[str] = set()
        stack: list[tuple[str, Any]] = [("", self.unknown.get(address) or {})]
        while stack:
            path, v = stack.pop()
            if v is True and path:
                out.add(path)
            elif isinstance(v, dict):
                stack += [(f"{path}.{k}" if path else str(k), x) for k, x in v.items()]
            elif isinstance(v, list):
                stack += [(path, x) for x in v]
        return out

    def ref(self, address: str, attr: str, rtype: str) -> str | None:
        """The resource instance of type ``rtype`` that the attribute ``attr`` of the resource instance ``address``
        refers to in the ``configuration`` section, or None when it cannot be followed to exactly one.

        A reference in the configuration is relative to the module *instance* that holds the resource (the
        configuration describes module blocks; ``count`` / ``for_each`` make instances: Terraform "JSON Output
        Format"). So ``module.svc["worker"].aws_ecs_service.this``'s ``aws_ecs_task_definition.this`` is
        ``module.svc["worker"].aws_ecs_task_definition.this``, at any depth of nested modules. Followed on the way:
        ``var.X`` (argument X of the call that made this module instance, in the calling instance), ``module.M.OUT``
        (output OUT of the instance of M under the same module instance; a literal key picks one of several) and a
        resource with several instances (the one with the literal key the reference gives, else the one with the
        referring resource's own key)."""
        found = self.refs(address, attr, rtype)
        return found[0] if found else None

    def refs(self, address: str, attr: str, rtype: str, every: bool = False) -> list[str]:
        """Every resource instance of type ``rtype`` that the attribute ``attr`` refers to, in order (``ref``'s rules;
        a state machine's ``definition`` may name several task definitions). ``every``: a reference without an
        instance key to a resource with several instances (``aws_subnet.public``, as ``aws_subnet.public[*].id``
        records it) gives all of them, not the referring resource's own key's, and an index on a module's output
        (``module.vpc.public_subnets[0]``) one of them."""
        mpath, stype, sname, key = _parse_address(address)
        exprs = self._modules.get(_strip_index(mpath), {}).get("resources", {}).get(f"{stype}.{sname}", {})
        return [t for t in self._follow(exprs.get(attr), mpath, key, 0, every) if self._types.get(t) == rtype]

    def null_variable(self, address: str, attr: str) -> str | None:
        """When the attribute's expression is only ``var.X`` and X is null in the module instance that holds the
        resource (the module call does not set it and its default is null, or sets it to null or to a variable of
        its own that is null, up to the root module's value), the chain of variables, for messages
        (``module.alb: var.internal (not set by the call; default null)``); else None. The attribute is then not
        set: Terraform treats an argument set to null as absent (Terraform "Types and Values": null "represents
        absence or omission"), so the provider's or the API's default applies."""
        mpath, stype, sname, _ = _parse_address(address)
        expr = self._modules.get(_strip_index(mpath), {}).get("resources", {}).get(f"{stype}.{sname}", {}).get(attr)
        steps: list[str] = []
        for _ in range(33):
            refs = _expr_refs(expr)
            if not isinstance(expr, dict) or "constant_value" in expr or len(refs) != 1 or \
                    _segments(refs[0])[0] != "var":
                return None
            name = _segments(refs[0])[1]
            if not mpath:
                var = (self.doc.get("variables") or {}).get(name) if isinstance(self.doc.get("variables"), dict) \
                    else None
                if isinstance(var, dict) and "value" in var and var["value"] is None:
                    return "; ".join(steps + [f"var.{name} of the root module (null)"])
                return None
            parent, call = _parent(mpath)
            args = self._modules.get(_strip_index(parent), {}).get("calls", {}).get(_split_key(call)[0], {})
            where = _strip_index(mpath)
            if name not in args:
                var = self._modules.get(where, {}).get("variables", {}).get(name)
                if isinstance(var, dict) and "default" in var and var["default"] is None:
                    return "; ".join(steps + [f"{where}: var.{name} (not set by the module call; default null)"])
                return None
            expr = args[name]
            if isinstance(expr, dict) and "constant_value" in expr and expr["constant_value"] is None:
                return "; ".join(steps + [f"{where}: var.{name} (null in the module call)"])
            steps.append(f"{where}: var.{name}")
            mpath = parent
        return None

    def configured(self, address: str) -> bool:
        """Whether the ``configuration`` section records the resource (a plan's does; a state has none), so that an
        attribute ``declares`` does not find is one the configuration leaves unset."""
        mpath, stype, sname, _ = _parse_address(address)
        return f"{stype}.{sname}" in self._modules.get(_strip_index(mpath), {}).get("resources", {})

    def declares(self, address: str, attr: str) -> bool:
        """Whether the resource's ``configuration`` expressions set ``attr`` (a plan; a state has no configuration)."""
        mpath, stype, sname, _ = _parse_address(address)
        return attr in self._modules.get(_strip_index(mpath), {}).get("resources", {}).get(f"{stype}.{sname}", {})

    def references(self, address: str, attr: str) -> list[str]:
        """The references the ``configuration`` section records for an attribute of a resource, as written
        (``data.aws_launch_template.x``, ``local.name``), for messages: the object, not each of its attributes."""
        mpath, stype, sname, _ = _parse_address(address)
        expr = self._modules.get(_strip_index(mpath), {}).get("resources", {}).get(f"{stype}.{sname}", {}).get(attr)
        raw: list[str] = []
        stack = [expr]
        while stack and len(raw) < 100:
            e = stack.pop(0)
            if isinstance(e, dict):
                refs = e.get("references")  # for messages only: a damaged configuration names none
                raw += [r for r in refs if isinstance(r, str) and r] if isinstance(refs, list) else []
                stack += [v for k, v in e.items() if k != "references"]
            elif isinstance(e, list):
                stack += e
        raw = list(dict.fromkeys(raw))
        return [r for r in raw if not any(r != o and r.startswith(o + ".") for o in raw)]

    def _follow(self, expr: Any, mpath: str, key: str, depth: int, every: bool = False) -> list[str]:
        """Managed resource instances an expression evaluated in module instance ``mpath`` refers to (see ``ref``;
        ``every``: see ``refs``)."""
        out: list[str] = []
        if depth > 32:
            return out
        refs = _expr_refs(expr)
        for ref in refs:
            segs = _segments(ref)
            head = segs[0]
            if every and (head == "module" or head not in _NOT_RESOURCES) and any(o.startswith(ref + "[")
                                                                                 for o in refs):
                # module.vpc.public_subnets of module.vpc.public_subnets[0], aws_subnet.public of
                # aws_subnet.public[0] (Terraform records both for aws_subnet.public[0].id): the indexed one says which
                continue
            if head == "var" and mpath:
                parent, call = _parent(mpath)
                args = self._modules.get(_strip_index(parent), {}).get("calls", {}).get(_split_key(call)[0], {})
                out += self._follow(args.get(segs[1]), parent, "", depth + 1, every)
            elif head == "module" and len(segs) >= 3:
                name, literal = _split_key(segs[1])
                instances = sorted(m for m in self._module_instances
                                   if m and _parent(m)[0] == mpath and _split_key(_parent(m)[1])[0] == name)
                if literal:
                    instances = [m for m in instances if _split_key(_parent(m)[1])[1] == literal]
                if len(instances) != 1:
                    continue  # not planned, or several instances and no key to choose by
                outputs = self._modules.get(_strip_index(instances[0]), {}).get("outputs", {})
                output, index = _split_key(segs[2])
                found = self._follow(outputs.get(output), instances[0], "", depth + 1, every) if every or not index \
                    else []
                # module.vpc.public_subnets[0]: one element of the list the output gives (its position is the
                # instance's, for a count; for_each lists by key): the element at that position when the output
                # leads to one resource's instances, else the first
                pick = index[1:-1]
                out += (found[int(pick):int(pick) + 1] or found[:1]) if index and is_whole_number_text(pick) else \
                    found[:1] if index else found
            elif len(segs) >= 2 and head not in _NOT_RESOURCES:
                name, literal = _split_key(segs[1])
                found = self._instances.get(mpath, {}).get(f"{head}.{name}", [])
                if literal:
                    found = [f for f in found if f[0] == literal]
                elif len(found) > 1 and not every:
                    found = [f for f in found if key and f[0] == key]
                if len(found) == 1 or (every and not literal):
                    out += [f[1] for f in found]
        return list(dict.fromkeys(out))


#: An AWS region name (us-east-1, us-gov-west-1, eu-central-2).
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
#: Reference heads that are not managed resources (Terraform "References to Named Values").
_NOT_RESOURCES = ("var", "local", "data", "each", "count", "path", "terraform", "self", "module")


def _expr_refs(expr: Any) -> list[str]:
    """The objects an expression refers to, in order: a resource (``aws_ecs_cluster.this[0]`` of
    ``aws_ecs_cluster.this[0].arn``), ``var.X``, ``module.M.OUT`` (keys kept as written)."""
    out: list[str] = []
    stack = [expr]
    while stack:
        e = stack.pop(0)
        if isinstance(e, dict):
            for ref in e.get("references") if isinstance(e.get("references"), list) else []:
                if isinstance(ref, str) and ref:
                    segs = _segments(ref)
                    keep = 3 if segs[0] == "module" else 2
                    if len(segs) >= keep:
                        out.append(".".join(segs[:keep]))
            stack += [v for k, v in e.items() if k != "references"]
        elif isinstance(e, list):
            stack += e
    return list(dict.fromkeys(out))


def _segments(address: str) -> list[str]:
    """An address split at the dots outside instance keys: 'module.a["x.y"].aws_s3.b[0]' ->
    ['module', 'a["x.y"]', 'aws_s3', 'b[0]']."""
    segs: list[str] = []
    cur: list[str] = []
    depth, quoted, escaped = 0, False, False
    for ch in address:
        if quoted:
            quoted = escaped or ch != '"'
            escaped = ch == "\\" and not escaped
        elif ch == '"':
            quoted = True
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "." and depth == 0:
            segs.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    segs.append("".join(cur))
    return segs


def _split_key(segment: str) -> tuple[str, str]:
    """'this["a"]' -> ('this', '["a"]'); 'this' -> ('this', '')."""
    i = segment.find("[")
    return (segment, "") if i < 0 else (segment[:i], segment[i:])


def _parent(module_instance: str) -> tuple[str, str]:
    """'module.a["x"].module.b[0]' -> ('module.a["x"]', 'b[0]')."""
    segs = _segments(module_instance)
    return ".".join(segs[:-2]), segs[-1]


def _parse_address(address: str) -> tuple[str, str, str, str]:
    """A resource instance address -> (module instance path, type, name, key):
    'module.svc["w"].aws_ecs_service.this[0]' -> ('module.svc["w"]', 'aws_ecs_service', 'this', '[0]')."""
    segs = _segments(address)
    i = 0
    while i + 1 < len(segs) and segs[i] == "module":
        i += 2
    mpath, rest = ".".join(segs[:i]), segs[i:]
    if rest and rest[0] == "data":
        rest = rest[1:]
    rtype = rest[0] if rest else ""
    name, key = _split_key(rest[1]) if len(rest) > 1 else ("", "")
    return mpath, rtype, name, key


def _strip_index(address: str) -> str:
    """'module.a["x"].aws_ecs_service.web[0]' -> 'module.a.aws_ecs_service.web' (instance keys removed)."""
    return ".".join(_split_key(s)[0] for s in _segments(address)) if address else ""


def _given(values: dict, attr: str) -> bool:
    """Whether a nested block is declared: a list of one object, even one whose every value is unknown until apply
    (``[{}]``; a block computed by the provider is ``null`` or ``[]``)."""
    v = values.get(attr)
    return isinstance(v, list) and bool(v) and isinstance(v[0], dict)


def _strategy(values: dict, address: str, estate: Estate) -> list[dict]:
    """A resource's ``capacity_provider_strategy`` blocks in the ECS API's form (``capacityProvider``, ``base``,
    ``weight``), for a service or a task set."""
    return [{"capacityProvider": s.get("capacity_provider"), "base": _int(s.get("base") or 0),
             "weight": _int(s.get("weight") or 0)}
            for s in estate.seq(values.get("capacity_provider_strategy"), address, "capacity_provider_strategy")
            if isinstance(s, dict)]


def _placement(values: dict, address: str, unknown: set[str], estate: Estate) -> list | None:
    """``placement_constraints`` blocks ({type, expression}) in the ECS API's form (``placementConstraints``), read
    by ``advisor.workload.importers.placement``; unknown until apply: an error (they may restrict the instance
    types the tasks run on)."""
    if "placement_constraints" in unknown or any(u.startswith("placement_constraints.") for u in unknown):
        raise estate.error(address, "placement_constraints", "is unknown until apply; it may restrict the instance "
                           "types the tasks run on. Set its type and expression from known values.")
    blocks = values.get("placement_constraints")
    if blocks is None:
        return None
    if not isinstance(blocks, list):
        raise estate.error(address, "placement_constraints", f"must be a list of blocks {{type, expression}}, got "
                           f"{show(blocks)}.")
    return [{"type": b.get("type"), **({"expression": b["expression"]} if b.get("expression") not in (None, "")
                                       else {})} if isinstance(b, dict) else b for b in blocks]


def _unknown_at(unknown: set[str], path: str) -> bool:
    """Whether the attribute at ``path`` (``network_configuration.assign_public_ip``) is unknown until apply: it
    is, or a block holding it is (``after_unknown`` marks a whole block true when a dynamic block's ``for_each``
    or the block itself comes from a value the apply creates; the plan's values then leave the block out)."""
    parts = path.split(".")
    return any(".".join(parts[:i]) in unknown for i in range(1, len(parts) + 1))


def _block(v: Any) -> dict:
    """A Terraform nested block (a list of one object) as the object; {} when absent."""
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return v[0]
    return v if isinstance(v, dict) else {}


def _blocks(values: dict, key: str, address: str, estate: Estate, fld: str | None = None) -> list[dict]:
    """A resource's repeated nested blocks (``block_device_mappings``, ``network_interfaces``, ``tag``, ...): the plan
    writes them as a list of objects. [] when absent; anything else (a number, text, one object, a list holding
    something other than objects) is an error naming the field (``fld``, its path in the resource; default ``key``):
    a number failed with "'int' object is not iterable" and text was read letter by letter."""
    fld = fld or key
    v = values.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise estate.error(address, fld, f"{show(v)} is not a list of blocks; 'terraform show -json' writes {key} as "
                           f"a list of objects ([] when there is none). Give the plan as Terraform writes it.")
    for i, b in enumerate(v):
        if not isinstance(b, dict):
            raise estate.error(address, f"{fld}[{i}]", f"{show(b)} is not an object; 'terraform show -json' writes "
                               f"each {key} block as an object. Give the plan as Terraform writes it.")
    return v


def _int(v: Any) -> Any:
    """Whole numbers Terraform may write as strings ("2") as int; anything else unchanged (validated later)."""
    if isinstance(v, str) and is_whole_number_text(v.strip()):
        return int(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:  # 1e308 as int: 309 digits in every message
        return int(v)
    return v


def task_definition(values: dict, address: str, unknown: set[str], estate: Estate,
                    raw_unknown: dict | None = None) -> dict:
    """An ``aws_ecs_task_definition``'s values as the ECS API's task definition.

    ``container_definitions`` unknown until apply (it mentions a value the same apply creates: a log group id, a
    repository URL, a secret ARN) or missing: with the task-level ``cpu`` and ``memory`` known the task is sized
    by them, as ECS bills a Fargate task for its task size (RegisterTaskDefinition ``cpu``/``memory``), and an
    assumption lists what could not be read from the containers; without them the error names what is unknown."""
    raw = values.get("container_definitions")
    containers: Any = None
    if "container_definitions" in unknown or raw is None:
        _unknown_containers(values, address, unknown, estate)
    elif isinstance(raw, str):
        containers = loads_json(raw, f"{estate.source}: {address}: container_definitions")
    else:
        containers = raw
    td: dict[str, Any] = {"family": values.get("family") or address}
    if containers is not None:
        td["containerDefinitions"] = containers
    for key, api in (("cpu", "cpu"), ("memory", "memory"), ("network_mode", "networkMode"),
                     ("requires_compatibilities", "requiresCompatibilities"), ("ipc_mode", "ipcMode"),
                     ("pid_mode", "pidMode")):
        if values.get(key) not in (None, "") and key not in unknown:
            td[api] = values[key]
    for key, what, unit in (("cpu", "CPU units", "CPU units"), ("memory", "memory (memoryReservation or memory)",
                                                                 "MiB")):
        if key in unknown:  # the least the task-level value can be: what its containers reserve (else no default)
            total = _container_total(containers, key)
            if not total:
                raise estate.error(address, key, f"is unknown until apply and the containers reserve no {what}, "
                                   f"so advisor has nothing to size the task by. Set {key} from a known "
                                   "value, or price the service with a workload file.")
            estate.assumptions.append(f"{address}: {key} unknown until apply: priced at what its containers reserve, "
                                      f"{total:g} {unit} (the least the task-level {key} can be)")
    if "network_mode" in unknown:
        estate.assumptions.append(f"{address}: network_mode unknown until apply (not set): ECS's default, bridge on "
                                  "Linux")
    rp = _block(values.get("runtime_platform"))
    if rp:
        td["runtimePlatform"] = {k: v for k, v in (("cpuArchitecture", rp.get("cpu_architecture")),
                                                  ("operatingSystemFamily", rp.get("operating_system_family"))) if v}
    for key, default in (("cpu_architecture", "X86_64"), ("operating_system_family", "LINUX")):
        if "runtime_platform" in unknown or f"runtime_platform.{key}" in unknown:
            estate.assumptions.append(f"{address}: runtime_platform.{key} unknown until apply: {default}, ECS's "
                                      "default, assumed")
    placement = _placement(values, address, unknown, estate)
    if placement:
        td["placementConstraints"] = placement
    es = _block(values.get("ephemeral_storage"))
    if es.get("size_in_gib") is not None:
        td["ephemeralStorage"] = {"sizeInGiB": _int(es["size_in_gib"])}
    vols = []  # volume blocks in the ECS API's words, for taskdef._volumes_note
    unknown_vols = (raw_unknown or {}).get("volume") if isinstance(raw_unknown, dict) else None
    for i, v in enumerate(estate.seq(values.get("volume"), address, "volume")):
        if isinstance(v, dict):
            api: dict[str, Any] = {"name": v.get("name")}
            for key, name in (("efs_volume_configuration", "efsVolumeConfiguration"),
                              ("fsx_windows_file_server_volume_configuration",
                               "fsxWindowsFileServerVolumeConfiguration"),
                              ("docker_volume_configuration", "dockerVolumeConfiguration")):
                if _block(v.get(key)) or v.get(key):
                    api[name] = {"fileSystemId": _block(v.get(key)).get("file_system_id")}
            if isinstance(v.get("host_path"), str) and v["host_path"]:
                api["host"] = {"sourcePath": v["host_path"]}
            elif (v.get("host_path") is None and isinstance(unknown_vols, list) and i < len(unknown_vols)
                  and isinstance(unknown_vols[i], dict) and unknown_vols[i].get("host_path") is True):
                # unknown until apply: still a folder of the container instance (host_volumes), which Fargate refuses
                api["host"] = {"sourcePath": f"(volume {str(v.get('name'))[:63]}: host_path unknown until apply)"}
                estate.assumptions.append(f"{address}: volume {show(v.get('name'))} host_path unknown until apply: a "
                                          "folder of the container instance all the same (host_volumes)")
            if v.get("configure_at_launch") is True:
                api["configuredAtLaunch"] = True
            vols.append(api)
    if vols:
        td["volumes"] = vols
    accels = [a for a in estate.seq(values.get("inference_accelerator"), address, "inference_accelerator")
              if isinstance(a, dict)]
    if accels:  # Elastic Inference: noted, not priced (taskdef._elastic_inference)
        td["inferenceAccelerators"] = [{"deviceName": a.get("device_name"), "deviceType": a.get("device_type")}
                                       for a in accels]
    if "ephemeral_storage" in unknown or "ephemeral_storage.size_in_gib" in unknown:
        estate.assumptions.append(f"{address}: ephemeral_storage.size_in_gib unknown until apply: the 20 GiB Fargate "
                                  "includes assumed")
    return td


def _unknown_containers(values: dict, address: str, unknown: set[str], estate: Estate) -> None:
    """``container_definitions`` unknown until apply or missing: an assumption when the task-level cpu and memory
    size the task, else an error naming what is unknown and how to fix it."""
    why = "unknown until apply" if "container_definitions" in unknown else "missing"
    gaps = [f"{k} {'is unknown until apply' if k in unknown else 'is not set'}" for k in ("cpu", "memory")
            if k in unknown or values.get(k) in (None, "")]
    if gaps:
        raise estate.error(address, "container_definitions", f"is {why}"
                           + (" (it mentions a value this apply creates, such as a log group id, a repository URL or "
                              "a secret ARN)" if why != "missing" else "")
                           + f" and the task-level {' and '.join(gaps)}, so advisor cannot tell the task's size. Set "
                           "the task definition's cpu and memory from known values (CPU units and MiB, e.g. cpu = "
                           "\"256\", memory = \"512\"; Fargate requires both and bills the task by them), or build "
                           "container_definitions from values known at plan time, or price the service with a "
                           "workload file.")
    unread = ["GPUs (resourceRequirements: none assumed)"]
    mode = values.get("network_mode") if "network_mode" not in unknown else None
    if mode in (None, "", "bridge", "host"):
        unread.append("static host ports (portMappings: none assumed)")
    rp = _block(values.get("runtime_platform"))
    if not rp.get("operating_system_family") or "runtime_platform" in unknown \
            or "runtime_platform.operating_system_family" in unknown:
        unread.append("a Windows image or command (Linux assumed; runtime_platform.operating_system_family says "
                      "it for sure)")
    unread.append("each container's cpu and memory (not checked against the task size)")
    estate.assumptions.append(f"{address}: container_definitions {why}: priced at the task-level size, cpu "
                              f"{show(values.get('cpu'))} and memory {show(values.get('memory'))} (what ECS bills a "
                              f"Fargate task for); not read from the containers: {'; '.join(unread)}")


def _container_total(containers: Any, key: str) -> float:
    """What the containers reserve in total: cpu units, or memory MiB (memoryReservation, else memory); 0 when
    none is a whole number."""
    total = 0.0
    for c in containers if isinstance(containers, list) else []:
        if not isinstance(c, dict):
            continue
        v = _int(c.get("memoryReservation") or c.get("memory")) if key == "memory" else _int(c.get("cpu"))
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            total += v
    return total


def _ecs_service(values: dict, address: str, unknown: set[str], plan: _Plan, estate: Estate) -> None:
    api: dict[str, Any] = {}
    if "desired_count" in unknown:
        raise estate.error(address, "desired_count", "is unknown until apply; advisor needs the number of tasks. Set "
                           "it from a known value, or price the service with a workload file.")
    if values.get("desired_count") is not None:
        api["desiredCount"] = _int(values["desired_count"])
    if values.get("scheduling_strategy") == "DAEMON":
        api["schedulingStrategy"] = "DAEMON"
    if values.get("launch_type"):
        api["launchType"] = values["launch_type"]
    for key in ("launch_type", "capacity_provider_strategy"):
        if key in unknown or any(u.startswith(f"{key}.") for u in unknown):
            estate.assumptions.append(f"{address}: {key} unknown until apply: priced by what is known (the other of "
                                      "launch_type / capacity_provider_strategy, else the cluster's default strategy)")
    strategy = _strategy(values, address, estate)
    if strategy:
        api["capacityProviderStrategy"] = strategy
    placement = _placement(values, address, unknown, estate)
    if placement:
        api["placementConstraints"] = placement
    public = _block(values.get("network_configuration")).get("assign_public_ip")
    if _unknown_at(unknown, "network_configuration.assign_public_ip"):
        estate.assumptions.append(f"{address}: network_configuration.assign_public_ip unknown until apply: its tasks "
                                  "are priced without public IPv4 addresses")
    elif public is not None:  # a public IPv4 address per task (taskdef.service_fields)
        api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": public}}
    dep: dict[str, Any] = {}
    for key, apikey in (("deployment_minimum_healthy_percent", "minimumHealthyPercent"),
                        ("deployment_maximum_percent", "maximumPercent")):
        if values.get(key) is not None:
            dep[apikey] = _int(values[key])
    # the deployment_configuration block (strategy BLUE_GREEN / LINEAR / CANARY, bake_time_in_minutes) and the
    # deployment_controller block (type CODE_DEPLOY): taskdef.service_fields prices their full second set of tasks
    block = _block(values.get("deployment_configuration"))
    if isinstance(block.get("strategy"), str):
        dep["strategy"] = block["strategy"]
    if block.get("bake_time_in_minutes") is not None:
        dep["bakeTimeInMinutes"] = _int(block["bake_time_in_minutes"])
    if dep:
        api["deploymentConfiguration"] = dep
    controller = _block(values.get("deployment_controller"))
    if isinstance(controller.get("type"), str):
        api["deploymentController"] = {"type": controller["type"]}
    volumes = _volume_configuration(values, address, unknown, estate)
    if volumes:
        api["volumeConfigurations"] = volumes
    task = values.get("task_definition")
    task_ref = plan.ref(address, "task_definition", "aws_ecs_task_definition")
    if not isinstance(task, str) or "task_definition" in unknown:
        task = task_ref
    cluster = values.get("cluster") if isinstance(values.get("cluster"), str) else None
    if cluster is None or "cluster" in unknown:
        cluster = plan.ref(address, "cluster", "aws_ecs_cluster") or cluster
    name = values.get("name") or address
    lbs = len([x for x in estate.seq(values.get("load_balancer"), address, "load_balancer") if isinstance(x, dict)])
    estate.add_service(address, name, api, cluster, task, lbs, task_ref=task_ref,
                       task_unset=task is None and values.get("task_definition") is None and
                       "task_definition" not in unknown)


#: aws_ecs_service volume_configuration.managed_ebs_volume attributes and the ECS API's names
#: (ServiceManagedEBSVolumeConfiguration), which taskdef.managed_ebs_volumes reads.
_EBS_VOLUME_FIELDS = (("size_in_gb", "sizeInGiB"), ("volume_type", "volumeType"), ("iops", "iops"),
                      ("throughput", "throughput"), ("snapshot_id", "snapshotId"))


def _volume_configuration(values: dict, address: str, unknown: set[str], estate: Estate) -> list[dict]:
    """A service's ``volume_configuration`` block (a managed EBS volume for each task) in the ECS API's form
    (``volumeConfigurations``). A size unknown until apply is an error unless the volume comes from a snapshot (whose
    size the plan does not give either: noted by ``managed_ebs_volumes``); so is a volume type unknown until apply,
    which would otherwise read as not set, that is gp3."""
    out = []
    for vc in estate.seq(values.get("volume_configuration"), address, "volume_configuration"):
        if not isinstance(vc, dict):
            continue
        ebs = _block(vc.get("managed_ebs_volume"))
        api = {k: _int(ebs[tf]) for tf, k in _EBS_VOLUME_FIELDS if ebs.get(tf) is not None}
        if "volume_configuration.managed_ebs_volume.volume_type" in unknown:  # None would read as gp3 (ECS's default)
            raise estate.error(address, "volume_configuration.managed_ebs_volume.volume_type", "is unknown until "
                               "apply; advisor prices each task's EBS volume at its type's rate (gp3 only when the "
                               "type is not set). Set it from a known value.")
        size_unknown = "volume_configuration.managed_ebs_volume.size_in_gb" in unknown
        if size_unknown and not usable_snapshot_id(api.get("snapshotId")):
            raise estate.error(address, "volume_configuration.managed_ebs_volume.size_in_gb", "is unknown until "
                               "apply; advisor needs each task's EBS volume size. Set it from a known value.")
        if size_unknown:
            api.pop("sizeInGiB", None)
        out.append({"name": vc.get("name"), "managedEBSVolume": api})
    return out


#: aws_ecs_capacity_provider managed_instances_provider.instance_launch_template.instance_requirements attributes and
#: CloudFormation's names of them (``iac.instance_requirements`` reads those).
_TF_INSTANCE_REQUIREMENTS = {
    "vcpu_count": "VCpuCount", "memory_mib": "MemoryMiB", "memory_gib_per_vcpu": "MemoryGiBPerVCpu",
    "allowed_instance_types": "AllowedInstanceTypes", "excluded_instance_types": "ExcludedInstanceTypes",
    "burstable_performance": "BurstablePerformance", "bare_metal": "BareMetal",
    "instance_generations": "InstanceGenerations", "cpu_manufacturers": "CpuManufacturers",
    "local_storage": "LocalStorage",
}


def _managed_instances_provider(values: dict, address: str, unknown: set[str], estate: Estate) -> bool:
    """An ``aws_ecs_capacity_provider`` with a ``managed_instances_provider`` block (ECS Managed Instances): its name
    (what a strategy's ``capacity_provider`` names), ``capacity_option_type``, ``instance_requirements`` and
    ``storage_configuration.storage_size_gib``, as CloudFormation's ``ManagedInstancesProvider`` is read
    (``Estate.add_managed_provider``). False for an Auto Scaling group provider."""
    mip = _block(values.get("managed_instances_provider"))
    if not mip:
        return False
    name = values.get("name") if isinstance(values.get("name"), str) and "name" not in unknown else None
    if name is None:
        raise estate.error(address, "name", "is unknown until apply; a capacity provider strategy names the "
                           "provider, so advisor needs it. Set it from a known value.")
    lt = _block(mip.get("instance_launch_template"))
    raw = _block(lt.get("instance_requirements"))
    requirements: dict[str, Any] = {}
    names: dict[str, str] = {}
    for key, value in raw.items():
        if value is None or value == [] or value == "" or value is False:
            continue  # an attribute the configuration leaves out: the plan writes it null, empty or false
        cfn = _TF_INSTANCE_REQUIREMENTS.get(key, key)
        names[cfn] = key
        if isinstance(value, list) and value and isinstance(value[0], dict):  # a min/max block
            value = {k.capitalize(): v for k, v in value[0].items() if v is not None}
        requirements[cfn] = value
    storage = _block(lt.get("storage_configuration")).get("storage_size_gib")
    prefix = "managed_instances_provider.instance_launch_template."
    later = sorted(f.removeprefix(prefix) for f in unknown if f.startswith(prefix + "instance_requirements.")
                   or f == prefix + "storage_configuration.storage_size_gib")
    if later:
        estate.assumptions.append(f"{address}: {', '.join(later)} unknown until apply: left out (the instance "
                                  "requirements without them; the workload's default data volume size)")
    # computed when the configuration leaves it out (unknown until apply): ON_DEMAND, the API's default
    option = lt.get("capacity_option_type") if "managed_instances_provider.instance_launch_template." \
        "capacity_option_type" not in unknown else None
    if option is None:
        estate.assumptions.append(f"{address}: capacity_option_type is not in the plan (left out of the configuration, "
                                  "or set from a value known only after apply): priced On-Demand, the API's default; "
                                  "a SPOT provider would cost less")
    # the rest of the provider that changes what is billed, in CloudFormation's names (Estate.mi_launch_settings);
    # a value unknown until apply is left out (its default: basic monitoring, EBS data volume, optimization on)
    known = {k: v for k, v in (("Monitoring", lt.get("monitoring")),) if prefix + "monitoring" not in unknown}
    local = _block(lt.get("local_storage_configuration"))
    if _unknown_at(unknown, prefix + "local_storage_configuration.use_local_storage"):
        estate.assumptions.append(f"{address}: {prefix}local_storage_configuration.use_local_storage unknown until "
                                  "apply: priced with the EBS data volume on every instance (the default, false); "
                                  "set ecs_managed_instances.use_local_storage: true in the workload file if the "
                                  "instances use their instance store")
    elif local:
        known["LocalStorageConfiguration"] = {"UseLocalStorage": local.get("use_local_storage")}
    net = _block(lt.get("network_configuration"))
    if isinstance(net.get("subnets"), list) and prefix + "network_configuration.subnets" not in unknown:
        known["NetworkConfiguration"] = {"Subnets": net["subnets"]}
    scale_in = _block(mip.get("infrastructure_optimization")).get("scale_in_after")
    provider = {"InstanceLaunchTemplate": known}
    if scale_in is not None:
        provider["InfrastructureOptimization"] = {"ScaleInAfter": _int(scale_in)}
    estate.add_managed_provider(address, name, option, requirements, names,
                                ("capacity_option_type", "instance_requirements"), storage_gib=_int(storage),
                                provider=provider)
    return True


def _lb_subnet_mappings(mappings: Any, after_unknown: dict) -> Any:
    """An ``aws_lb``'s ``subnet_mapping`` blocks, each whose ``allocation_id`` is unknown until apply (an ``aws_eip``
    of the same plan: ``allocation_id = aws_eip.x.id``) marked as having one: that address is the Elastic IP, counted
    once as the ``aws_eip``, not a second public IPv4 address of the load balancer. ``after_unknown`` mirrors
    ``after`` (a list of one object per block)."""
    marks = after_unknown.get("subnet_mapping")
    if not isinstance(mappings, list) or not isinstance(marks, list):
        return mappings
    return [{**m, "allocation_id": m.get("allocation_id") or "(known after apply)"}
            if isinstance(m, dict) and i < len(marks) and isinstance(marks[i], dict)
            and marks[i].get("allocation_id") is True else m for i, m in enumerate(mappings)]


def _task_set(values: dict, address: str, unknown: set[str], plan: _Plan, estate: Estate) -> None:
    """An ``aws_ecs_task_set``: the tasks of a service with the EXTERNAL deployment controller -- its task
    definition, its scale (per cent of the service's desired count) and its launch type or strategy."""
    service = plan.ref(address, "service", "aws_ecs_service")
    if service is None and isinstance(values.get("service"), str) and "service" not in unknown:
        service = values["service"]
    task_ref = plan.ref(address, "task_definition", "aws_ecs_task_definition")
    task = values.get("task_definition") if isinstance(values.get("task_definition"), str) and \
        "task_definition" not in unknown else task_ref
    scale = _block(values.get("scale")) if "scale" not in unknown else {}
    if any(u.startswith("scale.") for u in unknown):
        scale = {}
    api: dict[str, Any] = {}
    if values.get("launch_type") and "launch_type" not in unknown:
        api["launchType"] = values["launch_type"]
    strategy = _strategy(values, address, estate)
    if strategy:
        api["capacityProviderStrategy"] = strategy
    # network_configuration.assign_public_ip (the aws provider's aws_ecs_task_set: "Whether to assign a public IP
    # address to the ENI. Default false"): true gives each of the task set's tasks a public IPv4 address
    public = _block(values.get("network_configuration")).get("assign_public_ip")
    if _unknown_at(unknown, "network_configuration.assign_public_ip"):
        estate.assumptions.append(f"{address}: network_configuration.assign_public_ip unknown until apply: its tasks "
                                  "are priced without public IPv4 addresses")
    elif public is not None:
        api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": public}}
    value = scale.get("value")
    estate.add_task_set(address, service=service, task=task, task_ref=task_ref,
                        scale=float(value) if isinstance(value, str) and is_whole_number_text(value.replace(".", "", 1))
                        else value,
                        unit=scale.get("unit"), api=api)


def import_terraform(path: str | Path | Source, *, region: str | None = None, name: str | None = None,
                     as_of: str | None = None, strict: bool = False,
                     allow_empty: bool = False, run_minutes: dict[str, Any] | None = None) -> IacImportResult:
    """Import a ``terraform show -json`` plan or state (see the module docstring) into an ``IacImportResult``.

    ``region`` overrides the provider's region; ``as_of`` (YYYY-MM-DD) is the date at which an EKS cluster's
    version is judged in standard or extended support (default: the day it is compared), and schedules are judged.
    ``run_minutes`` gives one run's minutes of a scheduled ECS task, by the address or name of its
    aws_cloudwatch_event_rule, aws_cloudwatch_event_target or aws_scheduler_schedule, or by its task definition's
    address or family. ``strict`` is applied by ``workload_checked``. Raises ``WorkloadError`` naming the resource
    address for anything it cannot read.
    """
    del strict
    folder_given(path, "advisor import terraform")
    src = read_source(path, what="Terraform plan JSON ('terraform show -json')")
    docs = [d for d in src.documents if d is not None]
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise WorkloadError(f"{src.name}: not a Terraform plan: expected one JSON object from 'terraform show -json'.")
    doc = docs[0]
    if is_raw_state(doc):
        raise WorkloadError(raw_state_message(src.name))
    if "format_version" not in doc:
        raise WorkloadError(f"{src.name}: not a Terraform plan or state: it has no format_version (found "
                            f"{', '.join(sorted(map(str, doc))[:8]) or 'nothing'}). Give the output of 'terraform show "
                            "-json plan.tfplan' (a binary plan file or .tf source is not read).")
    plan = _Plan(doc, src.name)
    estate = Estate(src.name, "terraform", run_minutes=dict(run_minutes or {}))
    region = _resource_regions(plan, estate, region, plan.region())
    by_type: dict[str, list[dict]] = {}
    for r in plan.resources:
        by_type.setdefault(r["type"], []).append(r)

    def values_of(r: dict) -> dict:
        v = r.get("values")
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise estate.error(r["address"], "values", "is not an object.")
        return v

    for r in by_type.get("aws_ecs_cluster", []):
        v = values_of(r)
        estate.add_cluster(r["address"], v.get("name"))
    for r in plan.resources:
        address, rtype, v = r["address"], r["type"], values_of(r)
        unknown = plan.unknown_fields(address)
        if rtype == "aws_ecs_task_definition":
            estate.task_definitions[address] = task_definition(v, address, unknown, estate, plan.unknown.get(address))
            tags = v.get("tags") if isinstance(v.get("tags"), dict) else {}
            if tags.get(TAG_RUN_MINUTES) is not None:
                estate.task_tags[address] = tags[TAG_RUN_MINUTES]
        elif rtype == "aws_ecs_service":
            _ecs_service(v, address, unknown, plan, estate)
        elif rtype == "aws_ecs_task_set":
            _task_set(v, address, unknown, plan, estate)
        elif rtype == "aws_ecs_express_gateway_service":
            # ECS Express Mode (aws provider 6): ECS makes the task definition, service, load balancer and scaling
            for key in ("cpu", "memory", "scaling_target"):
                if key in unknown:
                    raise estate.error(address, key, "is unknown until apply; advisor prices the task's size and its "
                                       "task counts. Set it from a known value.")
            scaling = _block(v.get("scaling_target"))
            estate.add_express_service(
                address, name=v.get("service_name") if "service_name" not in unknown else None,
                cluster=plan.ref(address, "cluster", "aws_ecs_cluster") or (
                    v.get("cluster") if "cluster" not in unknown else None), cpu=v.get("cpu"),
                memory=v.get("memory"), image=_block(v.get("primary_container")).get("image"),
                lo=_int(scaling.get("min_task_count")), hi=_int(scaling.get("max_task_count")),
                fields=("scaling_target.min_task_count", "scaling_target.max_task_count"),
                subnets=_block(v.get("network_configuration")).get("subnets"),
                subnets_field="network_configuration.subnets")
        elif rtype == "aws_ecs_capacity_provider":
            if not _managed_instances_provider(v, address, unknown, estate):
                # an Auto Scaling group provider: ECS on EC2's instances, priced with the group; its group is what a
                # strategy naming it runs on (Estate.provider_groups: the group's instance types' architecture)
                group = plan.ref(address, "auto_scaling_group_provider", "aws_autoscaling_group")
                if isinstance(v.get("name"), str) and v["name"] and "name" not in unknown and group:
                    estate.provider_groups[v["name"]] = group
                estate.skip(rtype)
        elif rtype == "aws_ecs_cluster_capacity_providers":
            cluster = v.get("cluster_name") if "cluster_name" not in unknown else None
            cluster = plan.ref(address, "cluster_name", "aws_ecs_cluster") or cluster
            items = [{"capacityProvider": s.get("capacity_provider"), "base": _int(s.get("base") or 0),
                      "weight": _int(s.get("weight") or 0)}
                     for s in estate.seq(v.get("default_capacity_provider_strategy"), address,
                                         "default_capacity_provider_strategy") if isinstance(s, dict)]
            if items:
                estate.default_strategies[estate.cluster_key(cluster) or ""] = (address, items)
        elif rtype == "aws_appautoscaling_target":
            if v.get("service_namespace") != "ecs":
                estate.skip(f"{rtype} ({v.get('service_namespace')})")
                continue
            for key in ("min_capacity", "max_capacity"):
                if key in unknown:
                    raise estate.error(address, key, "is unknown until apply; advisor prices the service between its "
                                       "minimum and maximum task counts. Set it from a known value.")
            ref = plan.ref(address, "resource_id", "aws_ecs_service")
            rid = v.get("resource_id") if "resource_id" not in unknown else None
            estate.add_scaling_target(address, ref, rid, _int(v.get("min_capacity")), _int(v.get("max_capacity")))
        elif rtype == "aws_appautoscaling_scheduled_action" and v.get("service_namespace") == "ecs":
            estate.assumptions.append(
                f"{address}: a scheduled action changes an ECS service's min/max task counts on a schedule; advisor "
                "prices its scalable target's min_capacity-max_capacity range (its midpoint) and does not follow the "
                "schedule: set scaling.average from your metrics")
        elif rtype == "aws_appautoscaling_policy":
            if v.get("service_namespace") == "ecs":
                estate.policies.append(address)
            else:
                estate.skip(rtype)
        elif rtype == "aws_eks_cluster":
            _eks_cluster(v, address, unknown, estate)
        elif rtype == "aws_eks_node_group":
            _node_group(v, address, unknown, plan, by_type, estate)
        elif rtype == "aws_eks_fargate_profile":
            namespaces = [s.get("namespace") for s in estate.seq(v.get("selector"), address, "selector")
                          if isinstance(s, dict) and isinstance(s.get("namespace"), str)]
            estate.fargate_profiles.append({"name": str(v.get("fargate_profile_name") or address)[:253],
                                            **({"cluster": v["cluster_name"]} if isinstance(v.get("cluster_name"), str)
                                               else {}), "namespaces": namespaces[:5], "source": address})
        elif rtype == "aws_autoscaling_group":
            continue  # after the loop: ECS container instances or EKS self-managed nodes, by what else is declared
        elif rtype in _K8S_KINDS:
            manifest = k8s_manifest(_K8S_KINDS[rtype], v)
            spec = manifest.get("spec")
            if isinstance(spec, dict) and "replicas" in spec:
                spec["replicas"] = _int(spec["replicas"])
            _k8s_unknowns(manifest, address, unknown, estate)
            estate.k8s.append((address, manifest))
        elif rtype == "kubernetes_manifest" and isinstance(v.get("manifest"), dict) \
                and v["manifest"].get("kind") == "RuntimeClass":
            # a RuntimeClass with its overhead (hashicorp/kubernetes kubernetes_manifest: the object in 'manifest'),
            # read as 'advisor import k8s' reads it: its overhead.podFixed is the overhead of the pods that name it
            if "manifest" in unknown:
                estate.assumptions.append(f"{address}: manifest unknown until apply: the RuntimeClass is not read")
            else:
                estate.k8s.append((address, v["manifest"]))
        elif rtype == "kubernetes_manifest" and node_pool_kind(v.get("manifest")):
            # a Karpenter / EKS Auto Mode NodePool or node class (hashicorp/kubernetes kubernetes_manifest: the object
            # in 'manifest'), read with the pods as 'advisor import k8s' reads it
            if "manifest" in unknown:
                estate.assumptions.append(f"{address}: manifest unknown until apply: the NodePool is not read")
            else:
                estate.node_pools.append((address, node_pool_kind(v["manifest"]), v["manifest"]))
        elif rtype == "helm_release":
            estate.notes.append(f"{address}: helm_release {show(v.get('chart'))} is not rendered, so its workloads are "
                                "not priced; render it ('helm template ...') and compare the manifests too")
        elif rtype in ("aws_lb", "aws_alb"):
            lbtype = v.get("load_balancer_type") or "application"
            if lbtype == "application":
                estate.albs.append(address)
            elif lbtype == "network":
                estate.nlbs.append(address)
            else:
                estate.skip(f"aws_lb ({lbtype})")
                continue
            internal = v.get("internal")
            null_var = plan.null_variable(address, "internal") if "internal" in unknown else None
            if "internal" in unknown and plan.configured(address) and (not plan.declares(address, "internal")
                                                                       or null_var):
                # not set in the configuration (or set to a module variable that is null: the terraform-aws-modules
                # alb module's internal = var.internal, default null): the provider leaves the computed value
                # unknown until apply, and the load balancer is created with ELB's default scheme ("The default is
                # an Internet-facing load balancer", CreateLoadBalancer Scheme; the aws provider's internal:
                # "Defaults to false")
                estate.assumptions.append(f"{address}: internal not set (" + (f"{null_var}; " if null_var else "")
                                          + "unknown until apply): internet-facing, the Elastic Load Balancing "
                                          "default (CreateLoadBalancer Scheme), assumed")
                internal = False
            elif "internal" in unknown:
                estate.notes.append(f"{address}: internal is unknown until apply, so whether it is internet-facing (a "
                                    "public IPv4 address per subnet) is not known: its addresses are not counted; add "
                                    "them to shared.public_ipv4.count if it is")
                continue
            subnets = v.get("subnets")
            if "subnets" in unknown and internal is not True and not plan.declares(address, "subnet_mapping"):
                # unknown until apply (ids of subnets the same apply creates): the aws_subnet instances the
                # configuration's references lead to, all of a resource's instances (module.vpc.public_subnets is
                # aws_subnet.public[*].id), an assumption: the expression may pick some of them
                subnets = plan.refs(address, "subnets", "aws_subnet", every=True) or None
                if subnets:
                    estate.assumptions.append(
                        f"{address}: subnets unknown until apply: the {len(subnets)} subnet(s) its configuration "
                        f"refers to ({subnets[0]}" + (f" and {len(subnets) - 1} more" if len(subnets) > 1 else "")
                        + ") assumed, one public IPv4 address each")
            estate.add_lb_public_ips(address, internal is not True,  # internal: default false
                                     v.get("ip_address_type"), None if "subnets" in unknown and not subnets else subnets,
                                     None if "subnet_mapping" in unknown else
                                     _lb_subnet_mappings(v.get("subnet_mapping"), plan.unknown.get(address) or {}))
        elif rtype == "aws_nat_gateway":
            estate.nat_gateways.append(address)
        elif rtype == "aws_eip":
            estate.eips.append(address)
        elif rtype == "aws_cloudwatch_log_group":
            estate.log_groups.append(address)
        elif rtype in ("aws_ecs_cluster", "aws_launch_template", "aws_launch_configuration",
                       "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_scheduler_schedule"):
            continue  # clusters and launch templates are read where they are used; schedules after the loop
        else:
            estate.skip(rtype)
    _scheduled_tasks(plan, by_type, estate, values_of)
    for r in by_type.get("aws_autoscaling_group", []):
        # EKS self-managed nodes (the kubernetes.io/cluster tag, or user data that joins an EKS cluster), whether or
        # not their cluster is in this plan; else ECS container instances when ECS is declared, or EKS nodes
        eks = _asg_eks(values_of(r), r["address"], plan, by_type, estate)
        orchestrator = "eks" if eks else "ecs" if estate.services or estate.task_definitions else \
            "eks" if estate.eks_clusters else None
        if orchestrator is None:
            estate.skip("aws_autoscaling_group (no ECS or EKS in this input, and no kubernetes.io/cluster tag or EKS "
                        "bootstrap in its user data)")
            continue
        cluster = None
        if eks:
            cluster = eks[0] or (str(estate.eks_clusters[0]["name"]) if len(estate.eks_clusters) == 1 else None)
            estate.eks_nodes_note(r["address"], cluster, eks[1])
        _asg(values_of(r), r["address"], plan.unknown_fields(r["address"]), plan, by_type, estate, orchestrator,
             cluster)
    label = "standard input" if src.name == STDIN_NAME else Path(src.name).name
    header = [f"Imported by 'advisor import terraform' from {label} (Terraform {doc.get('terraform_version', '?')}, "
              f"format {doc.get('format_version')}).",
              "Sizes come from the task definitions and pod specs; cpu is vCPU, memory is MiB."]
    return estate.build(name=name or src.stem, region=(region or "us-east-1").strip().lower(),
                        header=header, as_of=as_of,
                        allow_empty=allow_empty)


def _scheduled_tasks(plan: _Plan, by_type: dict[str, list[dict]], estate: Estate, values_of) -> None:
    """ECS tasks started on a schedule (``Estate.add_scheduled_task``), from the Terraform AWS provider's resources:

    * ``aws_cloudwatch_event_target`` with an ``ecs_target`` block (``task_definition_arn``, ``task_count`` "The
      default is 1", ``launch_type``, ``capacity_provider_strategy``; its ``arn`` is the cluster) and the
      ``aws_cloudwatch_event_rule`` its ``rule`` names (``schedule_expression``, or ``event_pattern``: on events;
      ``state`` DISABLED, or the older ``is_enabled`` false, runs nothing): the provider's documentation of the two
      resources. The rule is the one the configuration's reference names, else the one whose ``name`` (and event bus)
      the target gives. An empty ``launch_type`` ("") is none (modules write it when they give a strategy).
    * ``aws_scheduler_schedule`` with ``target { ecs_parameters { ... } }`` (the same fields; ``task_count`` 1-10),
      ``schedule_expression`` (rate, cron or at), ``state`` (ENABLED default, DISABLED), ``start_date`` /
      ``end_date``.

    The task definition is found by the configuration's references (``_Plan.ref``: its ARN is unknown until apply
    when both are created), else by the family of a known ARN. A rule's or task definition's tag
    ``advisor/minutes-per-run`` gives one run's minutes."""
    rules = by_type.get("aws_cloudwatch_event_rule", [])
    machines = _StateMachines(plan, by_type, estate, values_of)
    with_targets: set[str] = set()
    for r in by_type.get("aws_cloudwatch_event_target", []):
        address, v = r["address"], values_of(r)
        unknown = plan.unknown_fields(address)
        ecs = _block(v.get("ecs_target"))
        runs: list[dict] = []
        if not ecs and not any(u == "ecs_target" or u.startswith("ecs_target.") for u in unknown):
            runs = machines.runs(address, "arn", None if "arn" in unknown else v.get("arn"))
            if not runs:
                estate.skip("aws_cloudwatch_event_target")
                continue
        rule_addr = plan.ref(address, "rule", "aws_cloudwatch_event_rule")
        bus = v.get("event_bus_name") or "default"
        rule = next((x for x in rules if x["address"] == rule_addr), None) or next(
            (x for x in rules if isinstance(v.get("rule"), str) and values_of(x).get("name") == v["rule"]
             and (values_of(x).get("event_bus_name") or "default") == bus), None)
        rv = values_of(rule) if rule else {}
        runit = plan.unknown_fields(rule["address"]) if rule else set()
        if rule:
            with_targets.add(rule["address"])
            if "schedule_expression" in runit:
                raise estate.error(rule["address"], "schedule_expression", "is unknown until apply; advisor counts "
                                   "the runs of a scheduled ECS task from it. Set it from a known value.")
            if not rv.get("schedule_expression") and not rv.get("event_pattern") and not runit & {
                    "schedule_expression", "event_pattern"}:
                raise estate.error(rule["address"], "schedule_expression", "the rule has neither a schedule_expression "
                                   "nor an event_pattern, and EventBridge requires one (PutRule: \"A rule must contain "
                                   "at least an EventPattern or ScheduleExpression\"; the aws provider: \"At least one "
                                   "of schedule_expression or event_pattern is required\"). Give how often it runs its "
                                   "ECS task, e.g. schedule_expression = \"cron(0 2 * * ? *)\".")
        state = rv.get("state") if "state" not in runit else None
        if rv.get("is_enabled") is False and "is_enabled" not in runit:
            state = "DISABLED"
        if not runs:
            if "task_count" in unknown or "ecs_target.task_count" in unknown:
                raise estate.error(address, "ecs_target.task_count", "is unknown until apply; advisor prices the tasks "
                                   "each run starts. Set it from a known value.")
            api = _run_task(ecs, address, estate, unknown)
            if isinstance(v.get("input"), str) and v["input"] and "input" not in unknown:
                overrides, note = target_input_overrides(v["input"], at="input",
                                                         error=lambda f, m, a=address: estate.error(a, f, m))
                if note:
                    estate.notes.append(f"{address}: {note}")
                if overrides:
                    api["overrides"] = overrides
            elif "input" in unknown:
                estate.notes.append(f"{address}: input is unknown until apply: any cpu or memory overrides in it are "
                                    "not read (the task definition's size is priced)")
            runs = [{"address": address, "task_count": _int(ecs.get("task_count")),
                     "task": _scheduled_task_ref(plan, address, "ecs_target", ecs.get("task_definition_arn"), unknown),
                     "count_fld": "ecs_target.task_count", "api": api,
                     "cluster": plan.ref(address, "arn", "aws_ecs_cluster") or (
                         v.get("arn") if "arn" not in unknown else None)}]
        tags = rv.get("tags") if isinstance(rv.get("tags"), dict) else {}
        for run in runs:
            estate.add_scheduled_task(
                **run, scheduler=False, expression=rv.get("schedule_expression") or None,
                fld=f"{rule['address']}: schedule_expression" if rule else "schedule_expression", state=state,
                state_fld="is_enabled" if rv.get("is_enabled") is False and "is_enabled" not in runit else "state",
                state_of=rule["address"] if rule else None,
                names=(rule["address"] if rule else "", rv.get("name") or "", v.get("rule") or ""),
                minutes=tags.get(TAG_RUN_MINUTES),
                unknown=None if rule else (f"on rule {show(v.get('rule'))}, which this plan does not declare (its "
                                           "schedule is not known here)"))
    for r in rules:
        if r["address"] not in with_targets:
            estate.skip("aws_cloudwatch_event_rule")
    for r in by_type.get("aws_scheduler_schedule", []):
        address, v = r["address"], values_of(r)
        unknown = plan.unknown_fields(address)
        target = _block(v.get("target"))
        # an empty block (target = []) is no target, whatever after_unknown says about its parts (unless the whole
        # block is unknown until apply)
        empty = v.get("target") == [] and "target" not in unknown
        if not target and (empty or not any(u == "target" or u.startswith("target.") for u in unknown)):
            raise estate.error(address, "target", ("is empty ([]); it " if empty else "")
                               + "is required (the aws provider's aws_scheduler_schedule: target, "
                               "Required; CreateSchedule Target): give what the schedule runs, e.g. target { arn = "
                               "aws_ecs_cluster.main.arn, role_arn = ..., ecs_parameters { task_definition_arn = "
                               "aws_ecs_task_definition.job.arn } }.")
        ecs = _block(target.get("ecs_parameters"))
        runs = [] if ecs else machines.runs(address, "target", None if "target.arn" in unknown else target.get("arn"))
        if not ecs and not runs:
            estate.skip("aws_scheduler_schedule")
            continue
        for key in ("schedule_expression", "target.ecs_parameters.task_count"):
            if key in unknown and (ecs or key == "schedule_expression"):
                raise estate.error(address, key, "is unknown until apply; advisor prices a scheduled ECS task from it. "
                                   "Set it from a known value.")
        if not v.get("schedule_expression"):
            raise estate.error(address, "schedule_expression", "is required (the aws provider's aws_scheduler_schedule: "
                               "schedule_expression, Required): give when it runs, e.g. \"rate(1 hour)\", \"cron(0 2 * * "
                               "? *)\" or \"at(2030-01-31T02:00:00)\".")
        if not runs:
            runs = [{"address": address, "task_count": _int(ecs.get("task_count")),
                     "task": _scheduled_task_ref(plan, address, "target", ecs.get("task_definition_arn"),
                                                 {u.removeprefix("target.ecs_parameters.") for u in unknown}),
                     "count_fld": "target.ecs_parameters.task_count",
                     "api": _run_task(ecs, address, estate, unknown, "target.ecs_parameters"),
                     "cluster": plan.ref(address, "target", "aws_ecs_cluster") or (
                         target.get("arn") if "target.arn" not in unknown else None)}]
        for run in runs:
            estate.add_scheduled_task(
                **run, scheduler=True, expression=v.get("schedule_expression"), fld="schedule_expression",
                state=v.get("state") if "state" not in unknown else None, state_fld="state",
                names=(v.get("name") or "",), window=(v.get("start_date") or None, v.get("end_date") or None),
                window_fields=("start_date", "end_date"))


class _StateMachines:
    """The ``aws_sfn_state_machine`` resources of a plan, and the ECS tasks each runs (``runs``), for the EventBridge
    rule targets and EventBridge Scheduler schedules whose target is one (read once per state machine)."""

    def __init__(self, plan: _Plan, by_type: dict[str, list[dict]], estate: Estate, values_of) -> None:
        self.plan, self.estate, self.values_of = plan, estate, values_of
        self.machines = {r["address"]: r for r in by_type.get("aws_sfn_state_machine", [])}
        self.read: dict[str, list[dict]] = {}

    def find(self, address: str, attr: str, arn: Any) -> str | None:
        """The state machine of this plan that the target's ``attr`` names: the configuration's reference, else the
        ARN's value (a state machine's ``arn``, or ``arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME`` with an
        optional version or alias after the name; AWS Step Functions API Reference, StartExecution
        ``stateMachineArn``) matched to its ``name``."""
        ref = self.plan.ref(address, attr, "aws_sfn_state_machine")
        if ref in self.machines:
            return ref
        if not isinstance(arn, str) or ":stateMachine:" not in arn:
            return None
        name = arn.split(":stateMachine:", 1)[1].split(":", 1)[0]
        for a, r in self.machines.items():
            v = self.values_of(r)
            if v.get("arn") == arn or (name and v.get("name") == name):
                return a
        return None

    def runs(self, address: str, attr: str, arn: Any) -> list[dict]:
        """The ECS tasks the target ``address`` starts through a state machine, as ``Estate.add_scheduled_task``
        arguments; [] when its target is no state machine of this plan, or one that runs no ECS task."""
        machine = self.find(address, attr, arn)
        if machine is None:
            return []
        if machine not in self.read:
            self.read[machine] = self._states(machine)
        many = len(self.read[machine]) > 1
        out = []
        for x in self.read[machine]:
            run = {k: val for k, val in x.items() if k != "_label"}
            run["address"] = f"{address} (through Step Functions state machine {machine}" + (
                f", {x['_label']})" if many else ")")
            out.append(run)
        return out

    def _states(self, machine: str) -> list[dict]:
        """The RunTask states of the state machine's ``definition`` (``stepfunctions.state_machine_runs``). A
        definition unknown until apply (it holds an ARN the same apply creates, the usual case on a first deploy)
        cannot be read: each task definition its configuration references is taken as run once per execution with
        no launch type given, an assumption; none referenced: it runs no ECS task advisor can see (noted)."""
        v, unknown = self.values_of(self.machines[machine]), self.plan.unknown_fields(machine)
        if "definition" in unknown:
            tasks = self.plan.refs(machine, "definition", "aws_ecs_task_definition")
            if not tasks:
                return []
            clusters = self.plan.refs(machine, "definition", "aws_ecs_cluster")
            self.estate.assumptions.append(
                f"{machine}: definition is unknown until apply, so its RunTask states cannot be read: each task "
                f"definition its configuration references ({', '.join(tasks)}) is taken as run once per execution "
                "(Count 1) with no launch type or strategy given (the cluster's default applies)")
            return [{"task": t, "task_ref": t, "task_count": 1, "count_fld": "definition", "api": {},
                     "cluster": clusters[0] if len(clusters) == 1 else None, "via": (machine, "definition"),
                     "_label": f"task definition {t}"} for t in tasks]
        if v.get("definition") in (None, ""):
            raise self.estate.error(machine, "definition", "is required (the aws provider's aws_sfn_state_machine: "
                                    "definition, Required): give the Amazon States Language definition, e.g. "
                                    "definition = jsonencode({StartAt = ..., States = {...}}).")
        found = state_machine_runs(v["definition"], source=self.plan.source, address=machine, fld="definition")
        self.estate.notes += [f"{machine}: {d}: the task definition comes from the execution's input, not from the "
                              "plan: not priced" for d in found.dynamic]
        self.estate.assumptions += [a for a in found.assumptions(machine) if a not in self.estate.assumptions]
        out = []
        for s in found.states:
            fld = f"definition: {s.path}"
            if not isinstance(s.task_definition, str) or not s.task_definition.strip():
                raise self.estate.error(machine, f"{fld}.TaskDefinition", f"{show(s.task_definition)} is not valid; "
                                        "give the task definition's ARN, family or family:revision (a string).")
            out.append({"task": s.task_definition, "task_count": s.count, "count_fld": f"{fld}.Count",
                        "api": s.api(), "cluster": s.cluster if isinstance(s.cluster, str) else None,
                        "via": (machine, f"{fld}.TaskDefinition"), "_label": f"state {s.name!r}"})
        return out


def _scheduled_task_ref(plan: _Plan, address: str, attr: str, arn: Any, unknown: set[str]) -> str | None:
    """The task definition a scheduled target runs: the ``aws_ecs_task_definition`` the configuration's reference in
    block ``attr`` names, else its ARN when known (matched by family)."""
    ref = plan.ref(address, attr, "aws_ecs_task_definition")
    if ref:
        return ref
    if any(u.endswith("task_definition_arn") for u in unknown):
        return None
    fld = f"{'ecs_target' if attr == 'ecs_target' else 'target.ecs_parameters'}.task_definition_arn"
    if arn is None or arn == "":
        raise WorkloadError(f"{plan.source}: {address}: {fld}: is required (the aws provider: task_definition_arn, "
                            "Required; AWS::Events::Rule / AWS::Scheduler::Schedule EcsParameters TaskDefinitionArn, "
                            "Required: Yes): give the task definition it runs, e.g. task_definition_arn = "
                            "aws_ecs_task_definition.job.arn.")
    if not isinstance(arn, str):
        raise WorkloadError(f"{plan.source}: {address}: {fld}: {show(arn)} is not valid; give a task definition ARN "
                            "(a string, e.g. aws_ecs_task_definition.job.arn).")
    return arn


def _run_task(ecs: dict, address: str, estate: Estate, unknown: set[str] = frozenset(), block: str = "ecs_target") \
        -> dict:
    """An ``ecs_target`` / ``ecs_parameters`` block's launch type or strategy in the ECS API's words (RunTask), and
    its ``network_configuration.assign_public_ip`` (true: each task holds a public IPv4 address, priced per IP-hour
    for the hours the tasks run; unknown until apply: priced without, an assumption). ``unknown``: the resource's
    attributes unknown until apply; ``block``: the block's path, for messages."""
    api: dict[str, Any] = {}
    if isinstance(ecs.get("launch_type"), str) and ecs["launch_type"]:
        api["launchType"] = ecs["launch_type"]
    strategy = _strategy(ecs, address, estate)
    if strategy:
        api["capacityProviderStrategy"] = strategy
    fld = f"{block}.network_configuration.assign_public_ip"
    public = _block(ecs.get("network_configuration")).get("assign_public_ip")
    if _unknown_at(unknown, fld):
        estate.assumptions.append(f"{address}: {fld} unknown until apply: its tasks are priced without public IPv4 "
                                  "addresses")
    elif public is not None:
        api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": public}}
    return api


#: Resource types the importer reads into the workload (priced, or read for what is priced): the ones whose region
#: must be the workload's. Others (an S3 replica bucket in another region) are not priced, wherever they are.
_READ_TYPES = frozenset({
    "aws_ecs_task_definition", "aws_ecs_service", "aws_ecs_task_set", "aws_ecs_express_gateway_service",
    "aws_ecs_capacity_provider", "aws_ecs_cluster_capacity_providers", "aws_ecs_cluster", "aws_appautoscaling_target",
    "aws_appautoscaling_policy", "aws_appautoscaling_scheduled_action", "aws_eks_cluster", "aws_eks_node_group",
    "aws_eks_fargate_profile", "aws_autoscaling_group", "aws_launch_template", "aws_launch_configuration", "aws_lb",
    "aws_alb", "aws_nat_gateway", "aws_eip", "aws_cloudwatch_log_group", "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target", "aws_scheduler_schedule", "aws_sfn_state_machine"})


def _resource_regions(plan: _Plan, estate: Estate, given: str | None, found: str | None) -> str | None:
    """The workload's region, from the regions the plan's resources are in (``_Plan.resource_regions``), and the
    resources of other regions taken out of ``plan.resources``. A workload is priced in one region, so resources
    the importer reads in several regions are an error unless ``--region`` (``given``) picks one: those of the
    other regions are then listed as not priced. All in one region: that region (``given`` overrides it, noted).
    None known: ``given``, else ``found`` (the provider's or recorded region)."""
    if not found:
        # the default provider's region is an expression: --region, else the region data sources recorded, unless
        # every resource read records its own (aws provider 6)
        own = plan.resource_regions(None)
        if given:
            found = given
        elif any(r["type"] in _READ_TYPES and r["type"].startswith("aws_") and r["address"] not in own
                 for r in plan.resources) or not own:
            found = _recorded_region(plan, estate)
    unknown_region: list[str] = []
    for r in plan.resources:
        # aws provider 6 records each resource's effective region, text such as "eu-west-1" ("Enhanced Region
        # Support"): another value (a number, a list, blank text) says nothing of where the resource is, so it is
        # refused rather than the resource priced in the provider's region without a word; one unknown until apply
        # (region = a value computed at apply) is priced in the workload's region, an assumption.
        if r["type"] not in _READ_TYPES or not r["type"].startswith("aws_"):
            continue
        own = r.get("values").get("region") if isinstance(r.get("values"), dict) else None
        if plan.unknown.get(r["address"], {}).get("region") is True:
            unknown_region.append(r["address"])
        elif own is not None and (not isinstance(own, str) or not own.strip()):
            raise estate.error(r["address"], "region", f"{show(own)} is not an AWS region code; a resource's region "
                               "is text such as us-east-1 or eu-west-1 (aws provider 6 'Enhanced Region Support'). "
                               "Fix the plan, or make it again with 'terraform show -json'.")
    if unknown_region:
        estate.assumptions.append(f"{estate.source}: region unknown until apply for {unknown_region[0]}"
                                  + (f" and {len(unknown_region) - 1} more" if len(unknown_region) > 1 else "")
                                  + f": priced in the workload's region with the other resources (give {region_arg()}, "
                                  "or import the plan after apply)")
    regions = plan.resource_regions(found)
    by_region: dict[str, list[str]] = {}
    for r in plan.resources:
        if r["type"] in _READ_TYPES and r["address"] in regions:
            by_region.setdefault(regions[r["address"]][0], []).append(r["address"])

    def listed(reg: str) -> str:
        addresses = by_region[reg]
        how = regions[addresses[0]][1]
        return (f"{reg}: {addresses[0]}" + (f" and {len(addresses) - 1} more" if len(addresses) > 1 else "")
                + f", by {how}")

    for reg in by_region:
        if reg not in KNOWN_REGIONS and regions[by_region[reg][0]][1] != "the aws provider's region":
            raise estate.error(by_region[reg][0], "region", f"{show(reg)} is not an AWS region code."
                               + did_you_mean(reg, sorted(KNOWN_REGIONS)) + " Give an AWS region such as "
                               "us-east-1 or eu-west-1.")
    if len(by_region) > 1 and not given:
        raise WorkloadError(
            f"{estate.source}: the resources advisor prices are in {len(by_region)} regions ("
            + "; ".join(listed(r) for r in sorted(by_region)) + f"), and a workload is priced in one region. Give "
            f"{region_arg()} with one of them to import that region's resources (the others are listed as not "
            "priced), and import the plan once per region.")
    if len(by_region) > 1:
        if given not in by_region:
            raise WorkloadError(f"{estate.source}: {region_given(given)}: none of the resources advisor prices is in "
                                f"{given}; they are in " + "; ".join(listed(r) for r in sorted(by_region))
                                + f". Give {region_arg()} with one of those regions.")
        away = {r: a for r, a in by_region.items() if r != given}
        dropped = {a for addresses in away.values() for a in addresses}
        plan.resources = [r for r in plan.resources if r["address"] not in dropped]
        estate.elsewhere += [listed(reg) for reg in sorted(away)]
        for reg in sorted(away):
            estate.notes.append(f"{estate.source}: not priced, in another region ({listed(reg)}): this workload is "
                                f"{given} ({region_arg()}); import the plan with {region_given(reg)} for them")
        return given
    if len(by_region) == 1:
        only = next(iter(by_region))
        if given and given != only:
            estate.notes.append(f"{estate.source}: the resources are in {listed(only)}; priced in {given} as "
                                f"{region_arg()} asks")
            return given
        if only != found and not given:
            estate.notes.append(f"{estate.source}: region {only}, the region of the resources ({listed(only)})"
                                + (f", not the aws provider's {found}" if found else ""))
        return given or only
    return given or found


def _recorded_region(plan: _Plan, estate: Estate) -> str | None:
    """The region of a plan whose aws provider region is an expression (``local.region``; the configuration
    section does not evaluate expressions): the one its ``data.aws_region`` sources recorded at plan time, noted;
    several: the one recorded most often, an assumption naming them all; none: None (us-east-1, an assumption)."""
    recorded = plan.recorded_regions()
    if not recorded:
        def hint(v) -> str:
            h = did_you_mean(str(v).strip().lower(), sorted(KNOWN_REGIONS)).strip()
            return f" ({h[0].lower()}{h[1:]})" if h else ""

        odd = "; ".join(f"{a} recorded {show(v)[:60]}, which is not an AWS region code{hint(v)}"
                        for a, v in plan.odd_regions)
        estate.assumptions.append(f"{estate.source}: the aws provider's region is not in the plan"
                                  + (f" ({odd})" if odd else " (nor recorded by a data.aws_region or data.aws_availability_zones "
                                                               "source)")
                                  + f": us-east-1 assumed (give {region_arg()})")
        return None

    def where(addresses: list[str]) -> str:
        first = sorted(addresses, key=lambda a: (len(a), a))[0]
        return first + (f" (and {len(addresses) - 1} more)" if len(addresses) > 1 else "")

    ranked = sorted(recorded, key=lambda r: (-len(recorded[r]), r))
    if len(ranked) == 1:
        estate.notes.append(f"{estate.source}: region {ranked[0]}, as {where(recorded[ranked[0]])} recorded it at plan "
                            f"time (the aws provider's region is an expression the plan does not evaluate; "
                            f"{region_arg()} overrides)")
    else:
        estate.assumptions.append(f"{estate.source}: the aws provider's region is an expression the plan does not "
                                  f"evaluate, and its data.aws_region and data.aws_availability_zones sources record "
                                  f"{len(ranked)} regions ("
                                  + "; ".join(f"{r}: {where(recorded[r])}" for r in ranked)
                                  + f"): {ranked[0]}, "
                                  + ("recorded most often" if len(recorded[ranked[0]]) > len(recorded[ranked[1]]) else
                                     "the first in name order of those recorded most often (a tie)")
                                  + f", assumed; give {region_arg()} to choose")
    return ranked[0]


def _k8s_unknowns(manifest: dict, address: str, unknown: set[str], estate: Estate) -> None:
    """Counts and sizes of a Terraform Kubernetes resource unknown until apply: Kubernetes' own default where it
    has one (replicas 1, minReplicas 1: "Deployments", "Horizontal Pod Autoscaling"), as an assumption; an error
    for maxReplicas (required, no default); requests unknown are recorded as none (the missing-requests rule)."""
    spec = manifest.get("spec") if isinstance(manifest.get("spec"), dict) else {}
    for path, fld, default in (("spec.replicas", "replicas", 1), ("spec.min_replicas", "minReplicas", 1)):
        if path in unknown:
            spec.pop(fld, None)
            estate.assumptions.append(f"{address}: {path} unknown until apply: {default}, Kubernetes' default, assumed")
    if "spec.max_replicas" in unknown:
        raise estate.error(address, "spec.max_replicas", "is unknown until apply; a HorizontalPodAutoscaler's "
                           "maxReplicas has no default and advisor prices its range. Set it from a known value.")
    if "spec.template.spec.volume.host_path.path" in unknown:
        # a hostPath volume whose path is unknown until apply still mounts a folder of the node (host_volumes)
        pod = (spec.get("template") or {}).get("spec") if isinstance(spec.get("template"), dict) else None
        vols = pod.get("volumes") if isinstance(pod, dict) else None
        for vol in vols if isinstance(vols, list) else ():  # validated as the pod's volumes where they are read
            host = vol.get("hostPath") if isinstance(vol, dict) else None
            if isinstance(host, dict) and host.get("path") is None:
                host["path"] = f"(volume {str(vol.get('name'))[:63]}: path unknown until apply)"
                estate.assumptions.append(f"{address}: spec.template.spec.volume {show(vol.get('name'))} host_path.path "
                                          "unknown until apply: a folder of the node all the same (host_volumes)")
    policy = sorted(u for u in unknown if u in ("spec.hard", "metadata.namespace") or u.startswith((
        "spec.limit.default.", "spec.limit.max", "spec.limit.min", "spec.hard.")) or u in (
        "spec.limit.default", "spec.limit.type"))
    if policy and manifest.get("kind") in ("LimitRange", "ResourceQuota"):
        # default_request is Optional and Computed (resource_kubernetes_limit_range_v1.go): unknown in a plan that
        # does not set it, and the API server's defaulting (SetDefaults_LimitRangeItem) is what advisor applies
        estate.assumptions.append(f"{address}: {', '.join(policy[:3])} unknown until apply: the {manifest['kind']} "
                                  "is applied without those values (a constraint or quota they set is not checked)")
    if manifest.get("kind") == "PersistentVolumeClaim" and unknown & {"spec.resources", "spec.resources.requests",
                                                                       "spec.resources.requests.storage"}:
        # the API server refuses a claim without requests.storage, so it has one at apply: a size advisor cannot price
        manifest["unsized"] = True
        estate.assumptions.append(f"{address}: spec.resources.requests.storage unknown until apply: the claim's EBS "
                                  "volume is not priced (set the size from a known value to price it)")
    sized = sorted(u for u in unknown if u.startswith("spec.template.spec.") and ".resources" in u)
    if sized:
        estate.assumptions.append(f"{address}: {', '.join(sized[:3])} unknown until apply: those requests are "
                                  "priced as none (the missing-requests rule)")


def _eks_cluster(v: dict, address: str, unknown: set[str], estate: Estate) -> None:
    version = v.get("version") if "version" not in unknown else None
    if version is not None and not isinstance(version, str):
        raise estate.error(address, "version", f"{show(version)} is not a Kubernetes version such as \"1.31\".")
    if version is None:
        estate.assumptions.append(f"{address}: Kubernetes version not set (unknown until apply): EKS creates the "
                                  "cluster at its default version, in standard support")
    compute = _block(v.get("compute_config"))
    auto = compute.get("enabled") is True
    cluster: dict[str, Any] = {"name": str(v.get("name") or address)[:253]}
    if version:
        cluster["version"] = ".".join(version.split(".")[:2])
    if auto:
        cluster["auto_mode"] = True
        # node_pools: "Valid options are general-purpose and system" (aws provider, aws_eks_cluster compute_config)
        pools = compute.get("node_pools")
        if isinstance(pools, list) and "compute_config.node_pools" not in unknown and "general-purpose" not in pools:
            estate.auto_mode_without_general_purpose.append((address, "compute_config.node_pools", pools))
    support = _block(v.get("upgrade_policy")).get("support_type")
    if support in ("STANDARD", "EXTENDED"):
        cluster["support_type"] = support
    cluster["source"] = address
    estate.eks_clusters.append(cluster)


def _node_group(v: dict, address: str, unknown: set[str], plan: _Plan, by_type: dict, estate: Estate) -> None:
    """An ``aws_eks_node_group``: its scaling config, instance types, capacity type and disk size, and (when it
    names one) its launch template's instance type, volumes and tenancy (``Estate.add_node_group`` applies EKS's
    CreateNodegroup rules)."""
    sc = _block(v.get("scaling_config"))
    if "scaling_config" in unknown or not sc or sc.get("desired_size") is None:
        raise estate.error(address, "scaling_config.desired_size", "is unknown until apply or missing; advisor "
                           "prices the nodes the group runs.")
    for key in ("min_size", "max_size"):
        if f"scaling_config.{key}" in unknown:
            estate.assumptions.append(f"{address}: scaling_config.{key} unknown until apply: not recorded (the "
                                      "group is priced at its desired_size)")
    launch, problem = None, None
    if _given(v, "launch_template") or plan.declares(address, "launch_template"):
        launch, problem = _launch_spec(plan, by_type, address, "launch_template",
                                       _block(v.get("launch_template")), estate)
    types = None if "instance_types" in unknown else v.get("instance_types")
    estate.add_node_group(
        address, name=str(v.get("node_group_name") or address), orchestrator="eks",
        cluster=v.get("cluster_name") if isinstance(v.get("cluster_name"), str) else None,
        instance_types=types or None, desired=_int(sc.get("desired_size")), lo=_int(sc.get("min_size")),
        hi=_int(sc.get("max_size")), capacity_type=None if "capacity_type" in unknown else v.get("capacity_type"),
        disk_size_gib=None if "disk_size" in unknown else _int(v.get("disk_size")), defaults=True,
        launch=launch, launch_problem=problem, ami_type=None if "ami_type" in unknown else v.get("ami_type"),
        subnets=_subnets(v, address, "subnet_ids", unknown, plan, by_type), subnets_field="subnet_ids")


def _subnets(v: dict, address: str, attr: str, unknown: set[str], plan: _Plan, by_type: dict) -> Any:
    """Where a group's instances launch (``vpc_zone_identifier``, ``subnet_ids``), for ``Estate.public_ip_share``: a
    list of (subnet, its ``map_public_ip_on_launch``: True / False, None when the plan does not say), the text of why
    the list is not known, or ``NO_SUBNETS`` when none is given (an Auto Scaling group of the default VPC). A subnet is
    an ``aws_subnet`` of this plan matched by its id, else the one the configuration's reference leads to (ids unknown
    until apply: subnets the same apply creates; ``module.vpc.public_subnets`` is every instance of the module's
    ``aws_subnet.public``); a subnet id of another configuration or a data source is not known (None)."""
    subnets = {r["address"]: r for r in by_type.get("aws_subnet", [])}

    def public(sub: str) -> Any:
        vals = subnets[sub].get("values") if isinstance(subnets[sub].get("values"), dict) else {}
        m = vals.get("map_public_ip_on_launch")
        return None if "map_public_ip_on_launch" in plan.unknown_fields(sub) else m if isinstance(m, bool) else False

    if attr in unknown and plan.configured(address) and not plan.declares(address, attr):
        return NO_SUBNETS  # not in the configuration: the provider computes it (a group of the default VPC)
    ids = None if attr in unknown else v.get(attr)
    if attr not in unknown and not ids:
        return NO_SUBNETS if attr == "vpc_zone_identifier" else f"is {'empty' if ids == [] else 'not given'}"
    if ids is not None and not isinstance(ids, list):
        return f"{show(ids)} is not a list of subnet ids"
    by_id = {(r.get("values") or {}).get("id"): a for a, r in subnets.items() if isinstance(r.get("values"), dict)}
    if ids and all(isinstance(i, str) and i for i in ids):
        return [(by_id[i], public(by_id[i])) if i in by_id else (i, None) for i in ids]
    refs = plan.refs(address, attr, "aws_subnet", every=True)
    if refs:
        return [(sub, public(sub)) for sub in refs]
    refs = plan.references(address, attr)
    return ("is unknown until apply" + (f" ({', '.join(refs[:3])})" if refs else "")
            + " and does not lead to aws_subnet resources of this plan")


def _launch_template_resource(plan: _Plan, by_type: dict, address: str, attr: str, spec: dict) -> dict | None:
    """The ``aws_launch_template`` of this plan that a resource's ``attr`` block names: by the configuration's
    reference, else by its known id or name; None when it is not in this plan."""
    ref = plan.ref(address, attr, "aws_launch_template")
    ident = spec.get("id") or spec.get("launch_template_id")
    name = spec.get("name") or spec.get("launch_template_name")
    for r in by_type.get("aws_launch_template", []):
        vals = r.get("values") if isinstance(r.get("values"), dict) else {}
        if r["address"] == ref or (ref is None and ((ident and vals.get("id") == ident)
                                                     or (name and vals.get("name") == name))):
            return r
    return None


def _sole_template(plan: _Plan, by_type: dict, address: str, attr: str, spec: dict) -> dict | None:
    """The one ``aws_launch_template`` of the module instance that holds ``address``, when the ``attr`` block's
    template cannot be followed otherwise: its id and name unknown until apply and no reference the configuration
    section records leads to one (the terraform-aws-modules autoscaling, eks-managed-node-group and
    self-managed-node-group modules name it through a local value in a ``dynamic`` block, which that section
    leaves out). None when the block names a known id or name, a data source, or when that module instance
    declares no template or several. The caller lists it as an assumption."""
    if spec.get("id") or spec.get("launch_template_id") or spec.get("name") or spec.get("launch_template_name") or \
            any(r.startswith("data.") for r in plan.references(address, attr)):
        return None
    mpath = _parse_address(address)[0]
    mine = [r for r in by_type.get("aws_launch_template", []) if _parse_address(r["address"])[0] == mpath]
    return mine[0] if len(mine) == 1 else None


def _asg_eks(v: dict, address: str, plan: _Plan, by_type: dict, estate: Estate) -> tuple[str | None, str] | None:
    """EKS self-managed nodes (``iac.eks_self_managed``): an ``aws_autoscaling_group``'s ``tag`` blocks (and the
    older ``tags`` list of maps), or the ``user_data`` (base64) of the launch template it launches."""
    tags = [(b.get("key"), b.get("value")) for b in _blocks(v, "tag", address, estate)]
    older = v.get("tags")  # aws provider 4's list of maps; a map of tags (as other resources write) is no list
    if isinstance(older, list):
        tags += [(b.get("key"), b.get("value")) for b in older if isinstance(b, dict)]
    mip = _block(v.get("mixed_instances_policy"))
    if mip:
        attr, spec = "mixed_instances_policy", _block(_block(mip.get("launch_template")).get(
            "launch_template_specification"))
    else:
        attr, spec = "launch_template", _block(v.get("launch_template"))
    found = _launch_template_resource(plan, by_type, address, attr, spec) or \
        _sole_template(plan, by_type, address, attr, spec) if (spec or plan.declares(address, attr)) else None
    user_data = (found.get("values") or {}).get("user_data") if found else None
    return eks_self_managed(tags, user_data_text(user_data) if user_data else None)


def _launch_spec(plan: _Plan, by_type: dict, address: str, attr: str, spec: dict,
                 estate: Estate) -> tuple[Any, str | None]:
    """The ``aws_launch_template`` a resource's ``attr`` block names (``spec``: its values, ``id`` / ``name`` /
    ``version`` or ``launch_template_id`` / ``launch_template_name``), read by ``Estate.launch_spec``: followed by
    the configuration's references, else matched by its known id or name. (None, why) when it is not in this plan:
    a data source, an expression the plan does not evaluate, a template of another configuration."""
    ident = spec.get("id") or spec.get("launch_template_id")
    name = spec.get("name") or spec.get("launch_template_name")
    found = _launch_template_resource(plan, by_type, address, attr, spec)
    if found is None and (found := _sole_template(plan, by_type, address, attr, spec)) is not None:
        estate.assumptions.append(f"{address}: {attr}: its launch template is unknown until apply and no reference "
                                  f"in the plan's configuration leads to one; {found['address']}, the only launch "
                                  "template of its module, assumed")
    if found is None:
        refs = plan.references(address, attr)
        data = [x for x in refs if x.startswith("data.")]
        if data:
            why = (f"is the data source {data[0]}, whose instance type and volumes this plan does not record")
        elif ident or name:
            why = (f"{show(ident or name)}" + (f" ({', '.join(refs[:3])})" if refs else "")
                   + " is not declared in this plan (a template of another configuration)")
        elif refs:
            why = (f"is given by {', '.join(refs[:3])}, which advisor cannot follow to one aws_launch_template of this "
                   "plan (a local value or an expression the plan does not evaluate)")
        else:
            why = "is unknown until apply and its reference cannot be followed"
        return None, why
    lt_address = found["address"]
    vals = found.get("values") if isinstance(found.get("values"), dict) else {}
    lt_unknown = plan.unknown_fields(lt_address)
    if "instance_type" in lt_unknown:
        raise estate.error(lt_address, "instance_type", "is unknown until apply; advisor prices instances by type. "
                           "Set it from a known value.")
    if any(u.startswith("block_device_mappings") and u.endswith("volume_size") for u in lt_unknown):
        estate.assumptions.append(f"{lt_address}: a block device's volume_size is unknown until apply: a root volume "
                                  "is priced at the AMI's size, another volume is not priced")
    version = spec.get("version")
    latest = vals.get("latest_version")
    created = plan.actions.get(lt_address) == ["create"]
    if isinstance(version, (str, int)) and str(version) not in ("$Latest", "$Default", str(latest)) and \
            not (created and str(version) == "1"):
        estate.assumptions.append(f"{address}: {attr}.version {show(version)} is given as a literal; the plan holds "
                                  f"{lt_address} as this configuration declares it (its latest version"
                                  + (f", {latest}" if latest is not None else "") + "), which is what is read")
    return estate.launch_spec(lt_address, _lt_data(vals, lt_address, estate, lt_unknown)), None


def _lt_data(values: dict, address: str, estate: Estate, unknown: set[str] = frozenset()) -> dict:
    """An ``aws_launch_template``'s attributes in the EC2 API's words (``Estate.launch_spec``); ``unknown``: its
    attributes unknown until apply. ``network_interfaces[].associate_public_ip_address`` is a string in the aws
    provider ("true", "false", or "" for not set)."""
    mappings = []
    for m in _blocks(values, "block_device_mappings", address, estate):
        ebs = _block(m.get("ebs"))
        mappings.append({"DeviceName": m.get("device_name"), "NoDevice": m.get("no_device"),
                         "Ebs": {"VolumeSize": _int(ebs.get("volume_size")), "VolumeType": ebs.get("volume_type")}
                         if ebs else None})
    return {"InstanceType": values.get("instance_type"), "BlockDeviceMappings": mappings,
            "Placement": {"Tenancy": _block(values.get("placement")).get("tenancy")},
            "InstanceMarketOptions": {"MarketType": _block(values.get("instance_market_options")).get("market_type"),
                                      "SpotOptions": {"MaxPrice": _block(_block(values.get(
                                          "instance_market_options")).get("spot_options")).get("max_price")}},
            "NetworkInterfaces": [{"DeviceIndex": n.get("device_index"),
                                   "AssociatePublicIpAddress": n.get("associate_public_ip_address")}
                                  for n in _blocks(values, "network_interfaces", address, estate)],
            "_public_ip_unknown": "network_interfaces.associate_public_ip_address" in unknown}


def _lc_spec(values: dict, address: str, unknown: set[str], estate: Estate, declared: bool = False):
    """An ``aws_launch_configuration`` (``instance_type``, ``placement_tenancy``, ``root_block_device``,
    ``ebs_block_device``) read by ``Estate.launch_spec``."""
    if "instance_type" in unknown:
        raise estate.error(address, "instance_type", "is unknown until apply; advisor prices instances by type. Set "
                           "it from a known value.")
    mappings = [{"DeviceName": e.get("device_name"), "NoDevice": e.get("no_device"),
                 "Ebs": {"VolumeSize": _int(e.get("volume_size")), "VolumeType": e.get("volume_type")}}
                for e in _blocks(values, "ebs_block_device", address, estate)]
    root = _block(values.get("root_block_device"))
    # associate_public_ip_address: true gives each instance a public IPv4 address; false counts only when the
    # configuration sets it (a state has no configuration: false there may be the provider's own default)
    public = values.get("associate_public_ip_address")
    data = {"InstanceType": values.get("instance_type"), "BlockDeviceMappings": mappings,
            "PlacementTenancy": values.get("placement_tenancy"), "SpotPrice": values.get("spot_price"),
            "_public_ip_unknown": "associate_public_ip_address" in unknown and declared}
    if public is True or (public is False and declared):
        data["AssociatePublicIpAddress"] = public
    return estate.launch_spec(address, data,
                              root={"VolumeSize": _int(root.get("volume_size")), "VolumeType": root.get("volume_type")}
                              if root else None, configuration=True)


def _asg(v: dict, address: str, unknown: set[str], plan: _Plan, by_type: dict, estate: Estate,
         orchestrator: str, cluster: str | None = None) -> None:
    """An Auto Scaling group: ECS container instances (or EKS self-managed nodes), priced as declared from its
    launch template or configuration (instance type, volumes, tenancy) or its mixed instances policy."""
    launch = None
    mip = _block(v.get("mixed_instances_policy"))
    mixed = None
    if _given(v, "mixed_instances_policy") or plan.declares(address, "mixed_instances_policy"):
        mlt = _block(mip.get("launch_template"))
        launch, problem = _launch_spec(plan, by_type, address, "mixed_instances_policy",
                                       _block(mlt.get("launch_template_specification")), estate)
        mixed = {"Overrides": [{"InstanceType": o.get("instance_type"), "WeightedCapacity": o.get("weighted_capacity")}
                               for o in _blocks(mlt, "override", address, estate,
                                                "mixed_instances_policy.launch_template.override")],
                 "InstancesDistribution": {
                     "OnDemandBaseCapacity": _int(_block(mip.get("instances_distribution")).get("on_demand_base_capacity")),
                     "OnDemandPercentageAboveBaseCapacity": _int(_block(mip.get("instances_distribution")).get(
                         "on_demand_percentage_above_base_capacity"))}}
        if problem:
            estate.assumptions.append(f"{address}: the launch template of its mixed instances policy {problem}: its "
                                      "volumes and tenancy are not known here (the AMI's root volume, shared tenancy)")
    elif _given(v, "launch_template") or plan.declares(address, "launch_template"):
        launch, problem = _launch_spec(plan, by_type, address, "launch_template", _block(v.get("launch_template")),
                                       estate)
        if problem:
            raise estate.error(address, "launch_template", f"{problem}; advisor prices the group's instances by the "
                               "template's instance type. Declare the launch template in this configuration.")
    else:
        lc_ref = plan.ref(address, "launch_configuration", "aws_launch_configuration")
        lc_name = v.get("launch_configuration") if "launch_configuration" not in unknown else None
        for r in by_type.get("aws_launch_configuration", []):
            if r["address"] == lc_ref or (lc_ref is None and lc_name and (r.get("values") or {}).get("name") == lc_name):
                launch = _lc_spec(r.get("values") or {}, r["address"], plan.unknown_fields(r["address"]), estate,
                                  plan.declares(r["address"], "associate_public_ip_address"))
                break
    if ("desired_capacity" in unknown or v.get("desired_capacity") is None) and \
            ("min_size" in unknown or v.get("min_size") is None):
        raise estate.error(address, "desired_capacity", "and min_size are unknown until apply (or missing); advisor "
                           "prices the instances the group runs. Set desired_capacity from a known value.")
    if "desired_capacity" in unknown or v.get("desired_capacity") is None:
        desired = _int(v.get("min_size"))
        estate.assumptions.append(f"{address}: desired_capacity "
                                  f"{'unknown until apply' if 'desired_capacity' in unknown else 'not set'}: min_size "
                                  f"({show(desired)}) instances assumed, as EC2 Auto Scaling starts the group at its "
                                  "minimum")
    else:
        desired = _int(v.get("desired_capacity"))
    estate.add_auto_scaling_group(address, name=str(v.get("name") or address), orchestrator=orchestrator,
                                  launch=launch, desired=desired, lo=_int(v.get("min_size")),
                                  hi=_int(v.get("max_size")), mixed=mixed, cluster=cluster,
                                  what="launch_configuration" if mixed is None and not _given(v, "launch_template")
                                  and v.get("launch_configuration") else "launch_template.instance_type",
                                  subnets=_subnets(v, address, "vpc_zone_identifier", unknown, plan, by_type),
                                  subnets_field="vpc_zone_identifier")
