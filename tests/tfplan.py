"""``terraform show -json`` plans for tests: the shape Terraform 1.x writes (planned_values, resource_changes,
configuration with the AWS provider's region), built from ``{"address": "type.name", "values": {...}}`` items."""

from __future__ import annotations

import json
from pathlib import Path


def plan(resources: list[dict], version: str = "1.2", unknown: dict | None = None) -> dict:
    """A plan creating ``resources`` in us-east-1; ``unknown`` maps an address to its ``after_unknown``."""
    return {"format_version": version, "terraform_version": "1.9.8",
            "planned_values": {"root_module": {"resources": [
                {"address": r["address"], "mode": "managed", "type": r["address"].split(".")[0],
                 "name": r["address"].split(".")[1].split("[")[0], "values": r["values"]} for r in resources]}},
            "resource_changes": [{"address": r["address"], "change": {"actions": ["create"], "after": r["values"],
                                                                      "after_unknown": (unknown or {}).get(
                                                                          r["address"], {})}} for r in resources],
            "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "us-east-1"}}}},
                              "root_module": {"resources": []}}}


def plan_file(folder: Path, resources: list[dict]) -> Path:
    """``plan(resources)`` written to ``folder / "plan.json"``."""
    path = folder / "plan.json"
    path.write_text(json.dumps(plan(resources)))
    return path
