"""What kind of input a file is, from its text or its parsed documents, without importing the importers.

``advisor compare FILE`` reads a workload file, a task definition, Kubernetes manifests, a Terraform plan or a
CloudFormation template by content (``advisor.workload.importers.load_any``); these predicates decide which, so a
workload file is read without loading the CloudFormation and Terraform importers.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


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
    """True for a ``terraform show -json`` document (plan or state)."""
    return isinstance(doc, dict) and "format_version" in doc and (
        "planned_values" in doc or "values" in doc or "resource_changes" in doc or "terraform_version" in doc)


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
