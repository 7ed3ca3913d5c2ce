"""Importers: read the workloads users already have (ECS task definitions and services, Kubernetes
manifests, a live ECS cluster, Terraform plans, CloudFormation/CDK templates) into the canonical ``Workload``.
See docs/importing.md and docs/iac.md.

``load_any(path)`` reads any of them by content, so ``compare()`` accepts them directly; ``-`` reads standard
input. Every input goes through ``advisor.workload.source`` first (size, nesting depth, YAML alias expansion,
finite numbers; named pipes and devices refused).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from advisor.errors import WorkloadError, read_one, region_arg
from advisor.workload import Workload, parse_workload
from advisor.workload.importers.common import ImportResult, check_output_file, write_output
from advisor.workload.importers.detect import (  # noqa: F401 (terraform_source_message: iac.py imports it here)
    TERRAFORM_SOURCE_SUFFIXES,
    appspec_message,
    ecs_cli_output_message,
    ecs_deployment_file_message,
    ecspresso_config_message,
    iam_policy_message,
    is_fragment,
    is_plan,
    is_raw_state,
    is_service_definition,
    is_template,
    looks_like_fragment,
    looks_like_template,
    raw_state_message,
    run_task_message,
    service_definition_message,
    source_format_message,
    terraform_source_message,
)
from advisor.workload.source import Source, is_folder, read_source

__all__ = ["ImportResult", "check_output_file", "detect", "import_cloudformation", "import_ecs", "import_k8s",
           "import_taskdef", "import_terraform", "load_any", "write_output"]


def import_taskdef(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.taskdef import import_taskdef as run

    return run(*args, **kwargs)


def import_k8s(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.k8s import import_k8s as run

    return run(*args, **kwargs)


def import_ecs(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.ecs_live import import_ecs as run

    return run(*args, **kwargs)


def import_terraform(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.terraform import import_terraform as run

    return run(*args, **kwargs)


def import_cloudformation(*args, **kwargs) -> ImportResult:
    from advisor.workload.importers.cloudformation import import_cloudformation as run

    return run(*args, **kwargs)


def kind_of_documents(docs: list[Any]) -> str:
    """'workload', 'taskdef', 'k8s', 'terraform' or 'cloudformation' for parsed documents (anything unrecognised
    is 'workload', whose loader explains what is wrong)."""
    docs = [d for d in docs if d is not None]
    if len(docs) == 1 and is_plan(docs[0]):
        return "terraform"
    if len(docs) == 1 and is_template(docs[0]):
        return "cloudformation"
    items: list[Any] = []
    for d in docs:
        items += d if isinstance(d, list) else [d]
    if len(docs) == 1 and isinstance(docs[0], dict) and "services" in docs[0] and "kind" not in docs[0] \
            and "containerDefinitions" not in docs[0]:
        return "workload"
    if any(isinstance(it, dict) and ("containerDefinitions" in it or isinstance(it.get("taskDefinition"), dict)
                                     or "taskDefinitions" in it) for it in items):
        return "taskdef"
    if any(_looks_like_taskdef(it) for it in items):  # its importer says what is missing (containerDefinitions)
        return "taskdef"
    if items and all(isinstance(it, dict) and "kind" in it for it in items):
        return "k8s"
    if len(docs) == 1 and is_fragment(docs[0]):  # the CloudFormation importer says it is a fragment, and what it lacks
        return "cloudformation"
    return "workload"


#: Keys only an ECS task definition has at its top level (RegisterTaskDefinition / DescribeTaskDefinition):
#: a document with one of them is read as a task definition even without containerDefinitions, so the error says
#: that containerDefinitions is missing rather than listing workload-file keys.
TASKDEF_KEYS = ("family", "taskDefinitionArn", "requiresCompatibilities")


def _looks_like_taskdef(item: Any) -> bool:
    """True for a mapping with a task-definition key (``TASKDEF_KEYS``) and none of a workload file or a
    Kubernetes object (``services``, ``name``, ``kind``, ``apiVersion``)."""
    return isinstance(item, dict) and any(k in item for k in TASKDEF_KEYS) and \
        not any(k in item for k in ("services", "name", "kind", "apiVersion"))


def _kind(src: Source) -> str:
    """The kind of one source; a YAML CloudFormation template is recognised from its text, before parsing (its
    short-form tags need ``cloudformation.CfnLoader``)."""
    if not src.is_json and (looks_like_template(src.text) or looks_like_fragment(src.text)):
        return "cloudformation"
    return kind_of_documents(src.documents)


def detect(path: str | Path | Source) -> str:
    """'workload', 'taskdef', 'k8s', 'terraform' or 'cloudformation', by content (a folder is Kubernetes
    manifests)."""
    if is_folder(path):
        return "k8s"
    return _kind(read_source(path))


def load_any(path: str | Path | Source, *, strict: bool = False, region: str | None = None) -> Workload:
    """A ``Workload`` from a workload YAML, an ECS task-definition JSON, or Kubernetes manifests (file or folder).

    ``path`` may be ``-`` (standard input, read once). Dispatch by content: YAML with ``services:`` -> workload
    file; JSON/YAML with ``containerDefinitions`` (or the ``taskDefinition`` wrapper) -> task definitions (1
    task each, as ``advisor import taskdef`` without ``--replicas``); YAML/JSON whose documents all have
    ``kind`` -> Kubernetes manifests; JSON with ``format_version`` and ``planned_values`` (``terraform show
    -json``) -> a Terraform plan or state; a template with ``Resources`` of ``AWS::`` types (or
    ``AWSTemplateFormatVersion``) -> CloudFormation; a folder -> manifests (kustomize ``resources`` honoured; a
    Helm chart folder is refused with the ``helm template`` command to run). Anything else is read as a workload
    file, whose loader explains what is wrong. Terraform and CloudFormation inputs carry the estate as declared
    (``Workload.declared``).

    ``region`` (``compare --region``) is given to every importer as ``--region`` is to ``advisor import``: the
    Terraform and CloudFormation importers resolve ``AWS::Region`` with it and replace the "us-east-1 assumed (give
    --region)" note of an input that names no region, and the Kubernetes importer resolves a Karpenter NodePool's
    requirements against the instance types priced there (not us-east-1's), so ``compare DIR --region R`` reads the
    manifests as ``advisor import k8s DIR --region R`` does; the caller still sets it on the workload.

    With ``strict``, everything advisor would otherwise assume (containers without requests, a Windows image
    recognised without ``runtimePlatform``) is a ``WorkloadError`` listing all of them at once. Every other
    problem is a ``WorkloadError`` too (exit code 2 in the CLI).
    """
    if region is not None:
        from advisor.pricing.book import default_pricebook

        region = region.strip().lower()
        # before the input is read: a NodePool resolved against a region that is not one would blame the NodePool
        default_pricebook().check_region(region)
    at = {"region": region} if region else {}  # the importers' own default (us-east-1) otherwise
    if is_folder(path):
        try:
            return import_k8s(path, strict=strict, **at).workload_checked(strict)
        except WorkloadError as exc:
            iac = iac_files_in(Path(path))
            if not iac:
                raise
            raise WorkloadError(
                f"{path}: a folder is read as Kubernetes manifests, and this one holds "
                f"{iac_folder_listing(Path(path), iac, 'advisor compare')} Read as manifests, it failed: {exc}"
            ) from None
    if message := source_format_message(path):  # by the name, also of a Source already read (advisor diff)
        raise WorkloadError(message)
    src = read_source(path)
    kind = _kind(src)
    if kind == "terraform":
        return import_terraform(src, region=region).workload_checked(strict)
    if kind == "cloudformation":
        return import_cloudformation(src, region=region).workload_checked(strict)
    if kind == "taskdef":
        return import_taskdef(src, strict=strict, **at).workload_checked(strict)
    if kind == "k8s":
        return import_k8s(src, strict=strict, **at).workload_checked(strict)
    docs = [d for d in src.documents if d is not None] or [None]
    foreign = not_a_workload_message(src.name, docs)
    if foreign:
        raise WorkloadError(foreign)
    if is_service_definition(docs):
        raise WorkloadError(service_definition_message(src.name))
    if len(docs) > 1:
        raise WorkloadError(f"{src.name}: holds {len(docs)} YAML documents, not all of them Kubernetes objects "
                            "(apiVersion and kind); a workload file is one document with name and services.")
    return parse_workload(docs[0], source=src.name, text=src.text, strict=strict)


def not_a_workload_message(name: str, docs: list[Any]) -> str | None:
    """What a file that is no input advisor reads is, and what to do, for the formats people give it by mistake:
    a Docker Compose file, a Helm chart's Chart.yaml or values file, a JSON list of ECS container definitions, a
    Step Functions state machine definition (or describe-state-machine output).
    None for anything else (the workload loader then explains what is wrong)."""
    doc = docs[0] if len(docs) == 1 else None
    if is_raw_state(doc):
        return raw_state_message(name)
    if isinstance(doc, dict) and isinstance(doc.get("services"), dict) and any(
            isinstance(v, dict) and ("image" in v or "build" in v) for v in doc["services"].values()):
        # Compose Specification: a top-level 'services' mapping of service name -> definition (image or build);
        # a workload file's services is a list
        return (f"{name}: is a Docker Compose file (a services: mapping of containers with image: or build:); advisor "
                "does not read Compose. Convert it to Kubernetes manifests, e.g. 'kompose convert -f "
                f"{Path(name).name} -o k8s/' (kompose turns deploy.resources limits and reservations into limits "
                "and requests), then 'advisor compare k8s/'; or describe each service in a workload file (name, "
                "cpu, memory, replicas: docs/workload-format.md).")
    if isinstance(doc, dict) and "kind" not in doc and doc.get("apiVersion") in ("v1", "v2") and "name" in doc \
            and "version" in doc:  # Helm's Chart.yaml: apiVersion v1/v2, name and version required
        from advisor.workload.importers.k8s import helm_message  # imported only when needed, as below

        return f"{name}: is a Helm chart's Chart.yaml. " + helm_message(Path(name).parent)
    stem = Path(name).name.lower()
    if stem.startswith("values") and stem.endswith((".yaml", ".yml")) and (Path(name).parent / "Chart.yaml").is_file():
        from advisor.workload.importers.k8s import helm_message

        return f"{name}: is the values file of a Helm chart. " + helm_message(Path(name).parent)
    if isinstance(doc, list):
        from advisor.workload.importers.taskdef import container_definitions_message, is_container_definitions

        if is_container_definitions(doc):
            return container_definitions_message(name)
    copilot = copilot_manifest_message(name, doc)
    if copilot:
        return copilot
    if appspec := appspec_message(name, doc):
        return appspec
    if other := (iam_policy_message(name, doc) or run_task_message(name, doc) or ecs_deployment_file_message(name, doc)
                 or ecspresso_config_message(name, doc) or ecs_cli_output_message(name, doc)):
        return other
    asl = isinstance(doc, dict) and isinstance(doc.get("States"), dict) and isinstance(doc.get("StartAt"), str)
    described = isinstance(doc, dict) and isinstance(doc.get("stateMachineArn"), str) and "definition" in doc
    if asl or described:
        # Amazon States Language: a state machine's definition has StartAt and States (both required); 'aws
        # stepfunctions describe-state-machine' gives it as the string 'definition' beside 'stateMachineArn'
        what = ("the output of 'aws stepfunctions describe-state-machine' (stateMachineArn, definition)" if described
                else "a Step Functions state machine definition (Amazon States Language: StartAt, States)")
        return (f"{name}: is {what}; "
                "advisor reads the ECS tasks a state machine runs from the template or plan that declares it with the "
                "rule or schedule that starts it (AWS::StepFunctions::StateMachine, aws_sfn_state_machine): give that "
                "CloudFormation template or 'terraform show -json' plan instead (docs/iac.md, 'Scheduled ECS tasks'), "
                "or describe the tasks in a workload file (runs_per_month, run_minutes: docs/workload-format.md).")
    return None


#: AWS Copilot manifest types (the ``type`` of a manifest.yml, aws.github.io/copilot-cli "Manifest"): the command that
#: turns each into the CloudFormation advisor reads, or None when it runs no ECS task.
COPILOT_MANIFEST_TYPES = {
    "Load Balanced Web Service": "svc", "Backend Service": "svc", "Worker Service": "svc", "Scheduled Job": "job",
    "Request-Driven Web Service": None, "Static Site": None, "Environment": None,
}


_COPILOT_NAME = re.compile(r"[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]")


def copilot_manifest_message(name: str, doc: Any) -> str | None:
    """What to do with an AWS Copilot manifest (``name`` and a Copilot ``type`` such as 'Load Balanced Web Service'),
    which advisor does not read: it reads the CloudFormation template Copilot generates from it. None for anything
    else."""
    if not (isinstance(doc, dict) and isinstance(doc.get("type"), str) and "services" not in doc
            and doc["type"] in COPILOT_MANIFEST_TYPES):
        return None
    kind, noun = doc["type"], COPILOT_MANIFEST_TYPES[doc["type"]]
    # the name goes into the commands below: only one Copilot accepts (copilot-cli basicNameValidation: "must start
    # with a letter, contain only lower-case letters, numbers, and hyphens, and have no consecutive or trailing
    # hyphen"), so that no text of the manifest (spaces, ';', quotes) becomes part of a command line people paste
    name_v = doc.get("name")
    wname = name_v if isinstance(name_v, str) and len(name_v) <= 255 and _COPILOT_NAME.fullmatch(name_v) else "NAME"
    head = (f"{name}: is an AWS Copilot manifest (type: {kind}), which advisor does not read: it reads the "
            "CloudFormation Copilot deploys.")
    if noun is None:
        what = {"Environment": "an environment (network, cluster) runs no task itself: package its services and "
                               "jobs ('copilot svc package', 'copilot job package') and import those templates",
                "Static Site": "a Static Site is S3 and CloudFront, with no container to price",
                "Request-Driven Web Service": "a Request-Driven Web Service runs on AWS App Runner, not on ECS or EKS, "
                                              "so it has no ECS task to compare"}[kind]
        return f"{head} Here {what} (docs/iac.md)."
    return (f"{head} Write it with 'copilot {noun} package -n {wname} -e ENV --output-dir out', then import the stack "
            f"template it writes with its template configuration: 'advisor import cloudformation out/{wname}-ENV."
            f"stack.yml --parameters-file out/{wname}-ENV.params.json -o workload.yaml' (docs/iac.md).")


def iac_folder_listing(folder: Path, iac: list[tuple[str, str]], command: str) -> str:
    """The templates and plans ``iac`` (``iac_files_in(folder)``) as a sentence for a message, each CDK stack's
    template with its stack and region from the ``manifest.json`` beside it (a ``cdk.out`` with stacks in several
    regions: each template is priced in its own stack's region), and the command that reads one of them
    (``command``: 'advisor compare', 'advisor import cloudformation')."""
    from advisor.workload.importers.cloudformation import cdk_stacks_in

    stacks: dict[str, tuple[str, str | None]] = {}
    for parent in sorted({(folder / rel).parent for rel, _ in iac}):
        for name, (stack, region) in cdk_stacks_in(parent).items():
            stacks[str((parent / name).relative_to(folder))] = (stack, region)

    def one(rel: str, what: str) -> str:
        if rel not in stacks:
            return f"{rel} ({what})"
        stack, region = stacks[rel]
        where = f"region {region}" if region else f"environment-agnostic: us-east-1 unless {region_arg()} is given"
        return f"{rel} ({what}; stack {stack}, {where})"

    shown = ", ".join(one(rel, what) for rel, what in iac[:5]) + (f" and {len(iac) - 5} more" if len(iac) > 5
                                                                  else "")
    first = next((rel for rel, what in iac if "nested stack template" not in what), iac[0][0])
    kinds = {"plan" if what == "Terraform plan" else "template" for _, what in iac}
    command = {frozenset({"plan"}): command.replace("cloudformation", "terraform"),
               frozenset({"template"}): command.replace("terraform", "cloudformation")}.get(frozenset(kinds), command)
    regions = {r for _, r in stacks.values() if r}
    several = (f" The stacks are in {len(regions)} regions ({', '.join(sorted(regions))}); each template is read in "
               "its own stack's region, so price each one on its own and add the totals.") if len(regions) > 1 else ""
    return (f"{len(iac)} CloudFormation template(s) or Terraform plan(s): {shown}. advisor reads a template or a plan "
            f"one file at a time: {read_one(command, folder / first)} (a cdk.out folder: each stack's *.template.json; "
            f"its nested stacks are read with their parent).{several}")


#: Files ``iac_files_in`` looks at before it stops (a folder given by mistake can be a whole repository).
_IAC_SCAN_FILES = 2_000


def iac_files_in(folder: Path) -> list[tuple[str, str]]:
    """(path relative to ``folder``, what it is) for the files of a folder that
    are templates or plans, judged from their first 200,000 characters: a ``*.template.json`` (CDK ``cdk.out``), a
    template's top-level keys (``looks_like_template``), JSON ``Resources`` with ``AWS::``/``Custom::`` types, or a
    ``terraform show -json`` plan (``format_version`` and ``planned_values``). Hidden folders are skipped; at most
    ``_IAC_SCAN_FILES`` files are looked at. Templates that declare ECS services or task definitions, EKS clusters or
    node groups, or nested stacks come first; a CDK nested stack's own template (``*.nested.template.json``, which its
    parent reads: ``nested.inline_nested_stacks``) last. For the message when a folder read as Kubernetes manifests
    fails."""
    import re

    found = []
    for i, p in enumerate(folder.rglob("*")):
        if i >= _IAC_SCAN_FILES:
            break
        rel = p.relative_to(folder)
        if p.suffix.lower() not in (".json", ".yaml", ".yml") or any(part.startswith(".") for part in rel.parts) \
                or not p.is_file():
            continue
        try:
            with p.open(encoding="utf-8", errors="replace") as fh:
                head = fh.read(200_000)
        except OSError:
            continue
        if p.name.endswith(".template.json") or looks_like_template(head) or (
                re.search(r'"Resources"\s*:', head) and re.search(r'"Type"\s*:\s*"(AWS|Custom)::', head)):
            if p.name.endswith(".nested.template.json"):  # cdk synth's child of a NestedStack: read via its parent
                found.append((str(rel), "CloudFormation nested stack template, read by its parent"))
                continue
            compute = re.search(r"AWS::(ECS::(Service|TaskDefinition)|EKS::(Cluster|Nodegroup))", head)
            nested = "AWS::CloudFormation::Stack" in head
            found.append((str(rel), "CloudFormation template" + (" with ECS/EKS compute" if compute else "")
                          + (" with nested stacks" if nested else "")))
        elif '"format_version"' in head and '"planned_values"' in head:
            found.append((str(rel), "Terraform plan"))
    # those with compute or nested stacks first, nested stack templates last
    return sorted(found, key=lambda f: ("nested stack template" in f[1], "compute" not in f[1] and "nested" not in f[1],
                                        f[0]))

