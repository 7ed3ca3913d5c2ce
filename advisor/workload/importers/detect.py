"""What kind of input a file is, from its text or its parsed documents, without importing the importers.

``advisor compare FILE`` reads a workload file, a task definition, Kubernetes manifests, a Terraform plan or a
CloudFormation template by content (``advisor.workload.importers.load_any``); these predicates decide which, so a
workload file is read without loading the CloudFormation and Terraform importers.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from advisor.units import show


def looks_like_template(text: str) -> bool:
    """True when YAML/JSON text is a CloudFormation template (by its top-level keys), without parsing it."""
    head = text[:200_000]  # top-level keys only (column 0): a template embedded in a manifest is not one
    return bool(re.search(r'(?m)^"?AWSTemplateFormatVersion"?\s*:', head)) or (
        bool(re.search(r'(?m)^"?Resources"?\s*:', head))
        and bool(re.search(r'"?Type"?\s*:\s*["\']?(AWS|Custom)::', head)))


_SHORT_FORM = re.compile(r"!(Ref|GetAtt|Sub|Join|If|Select|Split|FindInMap|GetAZs|ImportValue|Base64|Equals|Not|And|Or|"
                         r"Condition|Cidr|Length|ToJsonString|Transform)\b")


def looks_like_fragment(text: str) -> bool:
    """True when YAML text is a piece of a CloudFormation template (resources with ``Type: AWS::...`` and short-form
    tags such as ``!GetAtt``, but no top-level ``Resources``): read by the CloudFormation importer, which says what
    is missing, rather than refused for its tags."""
    head = text[:200_000]
    return bool(re.search(r'(?m)^\s*"?Type"?\s*:\s*["\']?(AWS|Custom)::', head)) and bool(_SHORT_FORM.search(head))


def is_fragment(doc: Any) -> bool:
    """True for a parsed mapping that is a piece of a CloudFormation template rather than a workload file: no
    ``services``, and a top-level ``Resources`` key or a top-level entry with ``Type: AWS::...`` / ``Custom::...`` (a
    resource written without its ``Resources`` section). The CloudFormation importer then says what it lacks."""
    if not isinstance(doc, dict) or any(k in doc for k in ("services", "kind", "name", "region")):
        return False  # a workload file (perhaps with 'services' misspelt) or a Kubernetes object: its own reader says
    return "Resources" in doc or any(isinstance(v, dict) and isinstance(v.get("Type"), str)
                                     and v["Type"].startswith(("AWS::", "Custom::")) for v in doc.values())


def is_template(doc: Any) -> bool:
    """True for a parsed CloudFormation template."""
    return isinstance(doc, dict) and ("AWSTemplateFormatVersion" in doc or (
        isinstance(doc.get("Resources"), dict) and any(
            isinstance(r, dict) and isinstance(r.get("Type"), str) and r["Type"].startswith(("AWS::", "Custom::"))
            for r in doc["Resources"].values())))


def is_plan(doc: Any) -> bool:
    """True for a ``terraform show -json`` document (plan or state). The output for an empty state (main before the
    first apply) is ``{"format_version": "1.0"}`` alone (terraform internal/command/jsonstate ``Marshal``: "if sf ==
    nil || sf.State.Empty()" it marshals only the format version); it was read as a workload file without name and
    services."""
    return isinstance(doc, dict) and "format_version" in doc and (
        "planned_values" in doc or "values" in doc or "resource_changes" in doc or "terraform_version" in doc
        or (set(doc) == {"format_version"} and isinstance(doc["format_version"], str)))


def is_raw_state(doc: Any) -> bool:
    """True for a Terraform state file as Terraform stores it (``terraform.tfstate``, ``terraform state pull``):
    an integer ``version`` (4 since Terraform 0.12, 3 before) with ``lineage`` or ``serial``, and ``resources``
    (version 4) or ``modules`` (version 3), without the ``format_version`` of ``terraform show -json``. Its layout is
    Terraform's own storage format, not the JSON Output Format advisor reads."""
    return isinstance(doc, dict) and "format_version" not in doc and isinstance(doc.get("version"), int) \
        and not isinstance(doc.get("version"), bool) and ("lineage" in doc or "serial" in doc) \
        and ("resources" in doc or "modules" in doc)


def raw_state_message(name: str) -> str:
    """What to do with a raw Terraform state file (``is_raw_state``)."""
    return (f"{name}: is a Terraform state file as Terraform stores it (terraform.tfstate or 'terraform state pull': "
            "version, lineage, resources), not the JSON output advisor reads. Convert it with 'terraform show -json "
            f"{Path(name).name} > state.json' (terraform show takes the path of a state file; with no path, in the "
            "configuration's folder, it shows the current state), then 'advisor compare state.json' (docs/iac.md).")


#: Terraform configuration, which advisor does not read (it reads the JSON of a plan): '.tf', '.tf.json', '.tfvars'.
TERRAFORM_SOURCE_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")
#: Jsonnet programs and libraries (jsonnet.org), which Argo CD, kubecfg and Tanka evaluate into Kubernetes objects.
JSONNET_SUFFIXES = (".jsonnet", ".libsonnet")


def terraform_source_message(name: str) -> str:
    return (f"{name}: is Terraform source (configuration), which advisor does not read: it reads what Terraform plans. "
            "In the configuration's folder run 'terraform plan -out p && terraform show -json p > plan.json', then "
            "'advisor compare plan.json' (docs/iac.md).")


def jsonnet_source_message(name: str) -> str:
    return (f"{name}: is Jsonnet, a program that builds Kubernetes objects, which advisor does not evaluate: it reads "
            "the objects. Render them (as Argo CD, kubecfg or Tanka do) and give advisor the result, e.g. "
            "'jsonnet -y FILE.jsonnet | advisor compare -' (-y writes a top-level array as a YAML stream; "
            "--tla-str / --ext-str give the program's parameters), or 'advisor import k8s -' to write a workload "
            "file (docs/importing.md).")


def source_format_message(path: Any) -> str | None:
    """What to do with a file of a source format advisor does not evaluate, by its name (Terraform configuration,
    Jsonnet); None for any other name and for standard input. ``path`` may be a ``Source`` already read (as
    ``advisor diff`` reads each side): its name decides, as a path's does."""
    name = getattr(path, "name", None) if not isinstance(path, (str, Path)) else str(path)
    if not isinstance(name, str) or name in ("-", "<stdin>"):
        return None
    path = name
    lower = path.lower()
    if lower.endswith(TERRAFORM_SOURCE_SUFFIXES):
        return terraform_source_message(path)
    if lower.endswith(JSONNET_SUFFIXES):
        return jsonnet_source_message(path)
    return None


def folder_source_message(folder: str, names: list[str]) -> str | None:
    """What to do with a folder holding no manifest but Terraform configuration or Jsonnet (``names``: the file
    names found in it and its subfolders); None when it holds neither."""
    tf = [n for n in names if n.lower().endswith(TERRAFORM_SOURCE_SUFFIXES)]
    js = [n for n in names if n.lower().endswith(JSONNET_SUFFIXES)]
    if tf:
        return terraform_source_message(f"{folder} (a folder of .tf files: {', '.join(tf[:3])}"
                                        + (" ..." if len(tf) > 3 else "") + ")")
    if js:
        return jsonnet_source_message(f"{folder} (a folder of Jsonnet: {', '.join(js[:3])}"
                                      + (" ..." if len(js) > 3 else "") + ")")
    return None


def is_service_definition(docs: list[Any]) -> bool:
    """True when every document is ECS service JSON: a CreateService request or a describe-services entry (an
    object with ``serviceName`` and ``taskDefinition`` as a family, family:revision or ARN), a list of them,
    ``describe-services`` output ``{"services": [...]}`` or ``create-service`` / ``update-service`` output
    ``{"service": {...}}`` (AWS CLI Command Reference, ``aws ecs create-service``, Output). Such a file names its
    task definition but holds no size: ``advisor import taskdef --services`` reads it."""
    items: list[Any] = []
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("services"), list):
            items += d["services"]
        elif isinstance(d, dict) and set(d) == {"service"} and isinstance(d["service"], dict):
            items.append(d["service"])
        else:
            items += d if isinstance(d, list) else [d]
    return bool(items) and all(isinstance(it, dict) and "serviceName" in it and isinstance(it.get("taskDefinition"), str)
                               for it in items)


def service_definition_message(name: str) -> str:
    """What to do with ECS service JSON (``is_service_definition``) given where a task definition or workload is
    read."""
    return (f"{name}: is an ECS service definition (serviceName, taskDefinition, desiredCount: the CreateService "
            "request, create-service output or describe-services output); it names its task definition but does not "
            "hold its CPU and memory. Price it with its task definition: 'advisor import taskdef TASKDEF.json "
            f"--services {name} -o workload.yaml', then 'advisor compare workload.yaml' (docs/importing.md).")


#: The policy language versions an IAM policy document's ``Version`` takes (IAM User Guide, "IAM JSON policy elements:
#: Version": "2012-10-17. This is the current version of the policy language" and "2008-10-17. This was an earlier
#: version"); ``Statement`` is the policy's required main element ("IAM JSON policy elements: Statement").
IAM_POLICY_VERSIONS = ("2012-10-17", "2008-10-17")


def iam_policy_message(name: str, doc: Any) -> str | None:
    """What to do with an IAM policy document (``Version`` of ``IAM_POLICY_VERSIONS`` and a ``Statement``): the
    ``permissions.json`` of a task role or task execution role that samples keep beside a task definition. It was
    read as a task definition ("family: is missing") or a workload file ("unknown key 'Version'"). None for anything
    else."""
    if not (isinstance(doc, dict) and doc.get("Version") in IAM_POLICY_VERSIONS
            and isinstance(doc.get("Statement"), (list, dict))):
        return None
    n = len(doc["Statement"]) if isinstance(doc["Statement"], list) else 1
    return (f"{name}: is an IAM policy document (Version {doc['Version']}, {n} statement(s)), such as the permissions of "
            "a task role or task execution role: it runs no container, and IAM policies cost nothing, so advisor has "
            "nothing to price in it. Give advisor the task definition the role belongs to (a JSON object with family "
            "and containerDefinitions: 'advisor import taskdef TASKDEF.json'), or the template or plan that declares "
            "both (docs/importing.md).")


#: The request parameters of the Amazon ECS RunTask action (Amazon ECS API Reference, "RunTask": taskDefinition is its
#: only required one; count is "The number of instantiations of the specified task to place on your cluster", 1 to
#: 10), as 'aws ecs run-task --cli-input-json' takes them.
RUN_TASK_KEYS = frozenset({"capacityProviderStrategy", "cluster", "count", "enableECSManagedTags",
                           "enableExecuteCommand", "group", "launchType", "networkConfiguration", "overrides",
                           "placementConstraints", "placementStrategy", "platformVersion", "propagateTags",
                           "referenceId", "startedBy", "tags", "taskDefinition", "clientToken",
                           "volumeConfigurations"})


def run_task_message(name: str, doc: Any) -> str | None:
    """What to do with a RunTask request (``RUN_TASK_KEYS``, ``taskDefinition`` a family, family:revision or ARN, and
    none of a task definition's or service's keys), the 'aws ecs run-task --cli-input-json' file a sample keeps beside
    its task definition: it names the task definition it runs but does not hold its size. None for anything else."""
    if not (isinstance(doc, dict) and isinstance(doc.get("taskDefinition"), str) and doc["taskDefinition"].strip()
            and set(doc) <= RUN_TASK_KEYS and len(doc) > 1):
        return None
    task = doc["taskDefinition"].strip()[:200]
    count = doc.get("count")
    count = count if isinstance(count, int) and not isinstance(count, bool) and 1 <= count <= 10 else None
    how = [f"taskDefinition {show(task)}"] + ([f"count {count}"] if count else []) + (
        [f"launchType {show(doc['launchType'])}"] if isinstance(doc.get("launchType"), str) else [])
    return (f"{name}: is the input of 'aws ecs run-task' ({', '.join(how)}, Amazon ECS API Reference 'RunTask'): it "
            "names the task definition it runs but does not hold its CPU and memory. Get that task definition, "
            f"e.g. 'aws ecs describe-task-definition --task-definition {shlex.quote(task)} > taskdef.json', then "
            f"'advisor import taskdef taskdef.json --replicas {count or 1} -o workload.yaml' (a task runs until it "
            "stops: give its running time in the workload file, runs_per_month and run_minutes, if it is a batch "
            "job; docs/workload-format.md).")


#: The request parameters of Amazon ECS CreateTaskSet (Amazon ECS API Reference, "CreateTaskSet": service, cluster and
#: taskDefinition required; ``scale`` "A floating-point percentage of the desired number of tasks to place and keep
#: running in the task set"), as 'aws ecs create-task-set --cli-input-json' takes them.
CREATE_TASK_SET_KEYS = frozenset({"capacityProviderStrategy", "clientToken", "cluster", "externalId", "launchType",
                                  "loadBalancers", "networkConfiguration", "platformVersion", "scale", "service",
                                  "serviceRegistries", "tags", "taskDefinition"})
#: The request parameters of Amazon ECS CreateService (Amazon ECS API Reference, "CreateService": serviceName is the
#: only required one; taskDefinition is left out for a service of the EXTERNAL deployment controller, whose task sets
#: name their task definitions).
CREATE_SERVICE_KEYS = frozenset({"availabilityZoneRebalancing", "capacityProviderStrategy", "clientToken", "cluster",
                                 "deploymentConfiguration", "deploymentController", "desiredCount",
                                 "enableECSManagedTags", "enableExecuteCommand", "healthCheckGracePeriodSeconds",
                                 "launchType", "loadBalancers", "networkConfiguration", "placementConstraints",
                                 "placementStrategy", "platformVersion", "propagateTags", "role", "schedulingStrategy",
                                 "serviceConnectConfiguration", "serviceName", "serviceRegistries", "tags",
                                 "taskDefinition", "volumeConfigurations", "vpcLatticeConfigurations"})
#: The request parameters of AWS CodeDeploy CreateDeploymentGroup (AWS CodeDeploy API Reference,
#: "CreateDeploymentGroup": applicationName, deploymentGroupName and serviceRoleArn required; ``ecsServices`` names
#: the Amazon ECS services of a blue/green deployment).
CODEDEPLOY_GROUP_KEYS = frozenset({"alarmConfiguration", "applicationName", "autoRollbackConfiguration",
                                   "autoScalingGroups", "blueGreenDeploymentConfiguration", "deploymentConfigName",
                                   "deploymentGroupName", "deploymentStyle", "ec2TagFilters", "ec2TagSet",
                                   "ecsServices", "loadBalancerInfo", "onPremisesInstanceTagFilters",
                                   "onPremisesTagSet", "outdatedInstancesStrategy", "serviceRoleArn", "tags",
                                   "terminationHookEnabled", "triggerConfigurations"})


#: A file path or region that may be written into a suggested command as it is (no shell metacharacters, no option
#: look-alike): anything else in an input is replaced by a placeholder, so that no text of the input becomes part of a
#: command line.
_SAFE_PATH = re.compile(r"(?!-)[A-Za-z0-9._/+-]{1,200}")
_SAFE_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")
#: A key of an ecspresso configuration file (kayac/ecspresso README, "Configuration file": region, cluster, service,
#: service_definition, task_definition, timeout, plugins ...): lower-case words joined by underscores.
_ECSPRESSO_KEY = re.compile(r"[a-z]+(?:_[a-z]+)*")


#: The request parameters of Amazon ECS UpdateService (Amazon ECS API Reference, "UpdateService": service required)
#: and PutClusterCapacityProviders (cluster, capacityProviders, defaultCapacityProviderStrategy, all required).
UPDATE_SERVICE_KEYS = frozenset({"availabilityZoneRebalancing", "capacityProviderStrategy", "cluster",
                                 "deploymentConfiguration", "deploymentController", "desiredCount",
                                 "enableECSManagedTags", "enableExecuteCommand", "forceNewDeployment",
                                 "healthCheckGracePeriodSeconds", "loadBalancers", "networkConfiguration",
                                 "placementConstraints", "placementStrategy", "platformVersion", "propagateTags",
                                 "service", "serviceConnectConfiguration", "serviceRegistries", "taskDefinition",
                                 "volumeConfigurations", "vpcLatticeConfigurations"})
PUT_CLUSTER_CAPACITY_PROVIDERS_KEYS = frozenset({"capacityProviders", "cluster", "defaultCapacityProviderStrategy"})


def ecs_cli_output_message(name: str, doc: Any) -> str | None:
    """What to do with the other AWS CLI files of Amazon ECS that hold no task size advisor reads: 'describe-tasks' /
    'run-task' output (``{"tasks": [...]}`` of Task objects, ``taskArn``), 'describe-clusters' / 'create-cluster'
    output (``{"clusters": [...]}`` / ``{"cluster": {...}}``, ``clusterArn``) and the input of 'aws ecs
    put-cluster-capacity-providers' (``PUT_CLUSTER_CAPACITY_PROVIDERS_KEYS``), 'create-task-set' / 'describe-task-sets'
    output (``{"taskSet": ...}`` / ``{"taskSets": [...]}``, ``taskSetArn``), and an UpdateService request
    (``UPDATE_SERVICE_KEYS``, with service). Each was read as a workload file ("invalid workload", unknown keys).
    None for anything else."""
    if not isinstance(doc, dict) or not doc:
        return None

    def items(key: str, single: str, marker: str) -> list[dict] | None:
        got = doc.get(key) if isinstance(doc.get(key), list) else [doc[single]] if isinstance(doc.get(single), dict) \
            else None
        return got if got and set(doc) <= {key, single, "failures", "nextToken"} and all(
            isinstance(x, dict) and marker in x for x in got) else None

    if tasks := items("tasks", "task", "taskArn"):
        defs = sorted({t["taskDefinitionArn"] for t in tasks if isinstance(t.get("taskDefinitionArn"), str)})
        first = defs[0].strip()[:200] if defs else "TASKDEF"
        quoted = shlex.quote(first) if _SAFE_PATH.fullmatch(first.replace(":", "")) else "TASKDEF"
        return (f"{name}: is 'aws ecs describe-tasks' or 'run-task' output ({len(tasks)} task(s)"
                + (f" of {', '.join(show(d) for d in defs[:3])}" if defs else "") + "): tasks running now, not the "
                "services that keep them running. Get the task definition, e.g. 'aws ecs describe-task-definition "
                f"--task-definition {quoted} > taskdef.json', then 'advisor import taskdef taskdef.json --replicas "
                f"{len(tasks)} -o workload.yaml', or read the cluster's services with 'advisor import ecs --cluster "
                "NAME' (AWS credentials; docs/importing.md).")
    clusters = items("clusters", "cluster", "clusterArn")
    if clusters is not None or (isinstance(doc.get("cluster"), str) and set(doc) == PUT_CLUSTER_CAPACITY_PROVIDERS_KEYS):
        what = ("'aws ecs describe-clusters', 'create-cluster' or 'put-cluster-capacity-providers' output" if clusters is not None else
                "the input of 'aws ecs put-cluster-capacity-providers'")
        return (f"{name}: is {what}: a cluster runs no task itself. Its defaultCapacityProviderStrategy applies to "
                "the services that have no strategy or launch type of their own: give it as the cluster file beside "
                f"their task definitions and services, 'advisor import taskdef TASKDEF.json --services SERVICE.json "
                f"--cluster-file {shlex.quote(name) if _SAFE_PATH.fullmatch(name) else 'CLUSTER.json'}' "
                "(docs/importing.md).")
    if sets := items("taskSets", "taskSet", "taskSetArn"):
        ts = sets[0]
        count = ts.get("computedDesiredCount")
        count = count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else None
        task = ts.get("taskDefinition") if isinstance(ts.get("taskDefinition"), str) else None
        return (f"{name}: is 'aws ecs create-task-set' or 'describe-task-sets' output ({len(sets)} task set(s)"
                + (f", task definition {show(task)}" if task else "")
                + (f", computedDesiredCount {count}" if count is not None else "") + "): the task sets of a service "
                "of the EXTERNAL or CODE_DEPLOY deployment controller name their task definitions but hold no CPU or "
                "memory. Price the task definition at the task set's count: 'advisor import taskdef taskdef.json "
                f"--replicas {count if count else 'COUNT'} -o workload.yaml' (docs/importing.md).")
    if isinstance(doc.get("service"), str) and set(doc) <= UPDATE_SERVICE_KEYS and len(doc) > 1:
        return (f"{name}: is an UpdateService request ('aws ecs update-service --cli-input-json', service "
                f"{show(doc['service'].strip()[:200])}): it changes a service but holds no CPU or memory. Price the "
                "service as it runs: 'aws ecs describe-services --cluster CLUSTER --services SERVICE > service.json' "
                "and its task definition, then 'advisor import taskdef taskdef.json --services service.json -o "
                "workload.yaml' (docs/importing.md).")
    return None


def ecspresso_config_message(name: str, doc: Any) -> str | None:
    """What to do with an ecspresso configuration file (``task_definition`` naming a file, ``cluster`` or ``service``,
    every key ``_ECSPRESSO_KEY``, as kayac/ecspresso's README writes them): it names the
    task definition and service definition files ecspresso deploys, and the region, but holds no size itself. The
    message gives the 'advisor import taskdef' command that reads those two files (paths relative to the config's
    folder, written into the command only when they are plain paths; the region only when it looks like one). None
    for anything else."""
    if not (isinstance(doc, dict) and isinstance(doc.get("task_definition"), str) and doc["task_definition"].strip()
            and ("cluster" in doc or "service" in doc)
            and all(isinstance(k, str) and _ECSPRESSO_KEY.fullmatch(k) for k in doc)):
        return None
    base = Path(name).parent

    def path_of(key: str, placeholder: str) -> str:
        v = doc.get(key)
        if not isinstance(v, str) or not _SAFE_PATH.fullmatch(v.strip()):
            return placeholder
        p = str(base / v.strip()) if not Path(v.strip()).is_absolute() else v.strip()
        return shlex.quote(p) if _SAFE_PATH.fullmatch(p) else placeholder
    task = path_of("task_definition", "TASKDEF.json")
    svc = path_of("service_definition", "SERVICE.json") if doc.get("service_definition") else None
    region = doc.get("region") if isinstance(doc.get("region"), str) and _SAFE_REGION.fullmatch(doc["region"]) else None
    cmd = (f"advisor import taskdef {task}" + (f" --services {svc}" if svc else " --replicas COUNT")
           + (f" --region {region}" if region else "") + " -o workload.yaml")
    return (f"{name}: is an ecspresso configuration (task_definition"
            + (", service_definition" if svc else "") + (", region" if region else "")
            + "): it names the files ecspresso deploys but holds no CPU or memory. Import them: "
            f"'{cmd}', then 'advisor compare workload.yaml' (a file ecspresso renders, .jsonnet or with "
            "{{ must_env ... }} outside a string, must be rendered first, e.g. 'ecspresso render taskdef'; "
            "docs/importing.md).")


def _named(doc: dict, key: str) -> str | None:
    """``doc[key]`` when it is non-blank text (a skeleton from --generate-cli-skeleton leaves it ""), shown."""
    v = doc.get(key)
    return show(v.strip()[:200]) if isinstance(v, str) and v.strip() else None


def ecs_deployment_file_message(name: str, doc: Any) -> str | None:
    """What to do with the other request files an ECS deployment keeps beside its task definition, none of which holds
    a task's CPU and memory: the input of 'aws ecs create-task-set' (``CREATE_TASK_SET_KEYS``, with service, cluster
    and taskDefinition), a CreateService request without a taskDefinition (``CREATE_SERVICE_KEYS``: a service of the
    EXTERNAL deployment controller, whose task sets name the task definitions), and an AWS CodeDeploy deployment
    group (``CODEDEPLOY_GROUP_KEYS``, with ecsServices). Each used to be read as a workload file ("invalid workload",
    a list of unknown keys). Their values may be blank (an --generate-cli-skeleton file). None for anything else."""
    if not isinstance(doc, dict) or not doc:
        return None
    keys = set(doc)
    if {"service", "cluster", "taskDefinition"} <= keys and keys <= CREATE_TASK_SET_KEYS:
        scale = doc.get("scale") if isinstance(doc.get("scale"), dict) else {}
        pct = scale.get("value")
        how = [f"{k} {v}" for k in ("service", "taskDefinition") if (v := _named(doc, k))] + (
            [f"scale {pct:g}% of the service's desiredCount"] if isinstance(pct, (int, float))
            and not isinstance(pct, bool) and 0 <= pct <= 100 else [])
        return (f"{name}: is the input of 'aws ecs create-task-set'" + (f" ({', '.join(how)})" if how else "")
                + " (Amazon ECS API Reference 'CreateTaskSet'): a task set of a service of the EXTERNAL or CODE_DEPLOY "
                "deployment controller. It names its task definition but does not hold its CPU and memory, and its "
                "scale is a share of the service's desiredCount. Price the task definition at the service's count: "
                "'aws ecs describe-task-definition --task-definition TASKDEF > taskdef.json', then 'advisor import "
                "taskdef taskdef.json --replicas DESIRED_COUNT -o workload.yaml' (docs/importing.md).")
    if "serviceName" in keys and "taskDefinition" not in keys and keys <= CREATE_SERVICE_KEYS and len(keys) > 1:
        ctrl = doc.get("deploymentController")
        kind = ctrl.get("type") if isinstance(ctrl, dict) and isinstance(ctrl.get("type"), str) else None
        dc = doc.get("desiredCount")
        dc = dc if isinstance(dc, int) and not isinstance(dc, bool) and dc >= 0 else None
        how = [f"serviceName {v}" for v in [_named(doc, "serviceName")] if v] + (
            [f"deploymentController {show(kind)}"] if kind else []) + ([f"desiredCount {dc}"] if dc is not None else [])
        return (f"{name}: is a CreateService request without a taskDefinition" + (f" ({', '.join(how)})" if how
                                                                                 else "")
                + " (Amazon ECS API Reference 'CreateService'): the task sets of a service of the EXTERNAL deployment "
                "controller name its task definitions, so it holds no CPU or memory. Price the task definition its "
                "task sets run: 'advisor import taskdef taskdef.json --replicas "
                f"{dc if dc else 'DESIRED_COUNT'} -o workload.yaml' (docs/importing.md).")
    if "serviceName" not in keys and "taskDefinition" not in keys and keys <= CREATE_SERVICE_KEYS and len(keys) > 1 \
            and keys & {"desiredCount", "deploymentConfiguration", "schedulingStrategy", "launchType",
                        "capacityProviderStrategy"}:
        dc = doc.get("desiredCount")
        dc = dc if isinstance(dc, int) and not isinstance(dc, bool) and dc >= 0 else None
        return (f"{name}: is an ECS service definition without serviceName or taskDefinition (CreateService's "
                "parameters, as ecspresso's service_definition file, whose config names the service and its task "
                "definition): it holds no CPU or memory. Price it with its task definition: 'advisor import taskdef "
                f"TASKDEF.json --services {shlex.quote(name) if _SAFE_PATH.fullmatch(name) else 'SERVICE.json'}"
                + (f" -o workload.yaml' (its desiredCount, {dc}, becomes the replicas)" if dc is not None else
                   " -o workload.yaml'") + "; docs/importing.md.")
    if {"deploymentGroupName", "applicationName"} <= keys and keys <= CODEDEPLOY_GROUP_KEYS:
        services = [s for s in doc.get("ecsServices") or [] if isinstance(s, dict)] \
            if isinstance(doc.get("ecsServices"), list) else []
        named = [v for s in services[:3] if (v := _named(s, "serviceName"))]
        what = (f" for Amazon ECS service(s) {', '.join(named)}" if named else
                " for Amazon ECS services" if services else "")
        return (f"{name}: is an AWS CodeDeploy deployment group (deploymentGroupName "
                f"{_named(doc, 'deploymentGroupName') or show('')}){what} (AWS CodeDeploy API Reference "
                "'CreateDeploymentGroup'): it says how CodeDeploy shifts traffic between a blue and a green task set, "
                "and holds no CPU, memory or task count. Give advisor the service's task definition with the service: "
                "'advisor import taskdef TASKDEF.json --services SERVICE.json' (a CODE_DEPLOY service runs a full "
                "second set of tasks during each deployment; docs/importing.md), or the template or plan that "
                "declares them.")
    return None


def appspec_resources(doc: Any) -> list[tuple[str, dict]] | None:
    """The ``(name, resource)`` items of an AWS CodeDeploy AppSpec file for an Amazon ECS or AWS Lambda deployment
    (AWS CodeDeploy User Guide, "CodeDeploy AppSpec file reference": ``version: 0.0``, the only version, and a
    ``Resources`` *list* of one-key mappings such as ``TargetService: {Type: AWS::ECS::Service, Properties:
    {TaskDefinition, LoadBalancerInfo: {ContainerName, ContainerPort}}}``, with optional ``Hooks``); None for anything
    else. A CloudFormation template's ``Resources`` is a mapping, so the two are told apart by its shape."""
    if not isinstance(doc, dict) or str(doc.get("version")) not in ("0.0", "0") or not isinstance(
            doc.get("Resources"), list) or not doc["Resources"]:
        return None
    items = [(k, v) for r in doc["Resources"] if isinstance(r, dict) for k, v in r.items() if isinstance(v, dict)]
    return items if items and all(isinstance(v.get("Type"), str) for _, v in items) else None


def appspec_message(name: str, doc: Any) -> str | None:
    """What to do with an AWS CodeDeploy AppSpec file (``appspec_resources``), which names the task definition a
    blue/green deployment deploys but holds no size or task count; None for anything else."""
    items = appspec_resources(doc)
    if items is None:
        return None
    head = f"{name}: is an AWS CodeDeploy AppSpec file (version 0.0, Resources: {', '.join(k for k, _ in items[:3])})"
    ecs = [v for _, v in items if v.get("Type") == "AWS::ECS::Service"]
    if not ecs:
        return (f"{head} for a deployment of {', '.join(sorted({str(v.get('Type'))[:60] for _, v in items}))}, not an "
                "Amazon ECS service: it has no container to compare.")
    props = ecs[0].get("Properties") if isinstance(ecs[0].get("Properties"), dict) else {}
    task = props.get("TaskDefinition")
    named = f" ({show(task)})" if isinstance(task, str) else ""
    return (f"{head} for an Amazon ECS blue/green deployment: it names the task definition CodeDeploy deploys{named} and "
            "the container and port it routes traffic to (LoadBalancerInfo), but holds no CPU, memory or task count. "
            "Give advisor the task definition it deploys, with the service: 'advisor import taskdef TASKDEF.json "
            "--services SERVICE.json' (the taskdef.json beside an appspec.yaml in a CodeDeploy pipeline; "
            "'aws ecs describe-task-definition' and 'aws ecs describe-services' write both), or the CloudFormation "
            "template or Terraform plan that declares the service (docs/importing.md).")
