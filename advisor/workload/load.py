"""Reading a workload file: YAML/JSON text to a validated ``Workload``, with one error formatter.

Every error names the field (and its line in the file), says what is valid and how to fix it
(``WorkloadError``, exit code 2 in the CLI).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from advisor.errors import WorkloadError, did_you_mean
from advisor.workload.model import (
    Commitment,
    Container,
    ContainerInsights,
    DaemonSet,
    Ec2Config,
    EksConfig,
    FargateSpotPolicy,
    LoadBalancers,
    Logs,
    NatGateways,
    Operations,
    PublicIpv4,
    Requirements,
    Scaling,
    Service,
    ServiceDiscovery,
    Shared,
    Team,
    Workload,
)

def workload_json_schema() -> dict:
    """The JSON Schema of the workload file format (for editors and ``advisor schema``)."""
    schema = Workload.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "advisor workload"
    return schema


def _loc_to_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _model_for(loc: tuple) -> type[BaseModel] | None:
    """The model class at a location (for listing valid keys)."""
    model: type[BaseModel] | None = Workload
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        ann = field.annotation
        nxt = None
        for cand in (Service, Scaling, EksConfig, FargateSpotPolicy, Ec2Config, Container, Team, Requirements, Operations, DaemonSet, Shared,
                     LoadBalancers, NatGateways, Logs, ContainerInsights, PublicIpv4, ServiceDiscovery, Commitment):
            if cand is ann or cand in getattr(ann, "__args__", ()) or any(
                cand in getattr(a, "__args__", ()) for a in getattr(ann, "__args__", ())
            ):
                nxt = cand
                break
        model = nxt
    return model


def _line_of(node: Any, loc: tuple) -> int | None:
    """1-based line of a location in a composed YAML node tree."""
    line = None
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == part:
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
    if node is not None:
        line = node.start_mark.line + 1
    return line


def _format_validation(err: ValidationError, source: str, text: str | None) -> str:
    composed = None
    if text is not None:
        try:
            composed = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            composed = None
    problems = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        line = _line_of(composed, loc) if composed is not None else None
        where = f"{_loc_to_path(loc)}" + (f" (line {line})" if line else "")
        kind = e["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            model = _model_for(loc[:-1])
            valid = sorted(model.model_fields) if model else []
            hint = did_you_mean(str(key), valid)
            msg = f"unknown key {key!r}.{hint} Valid keys here: {', '.join(valid)}."
            where = _loc_to_path(loc[:-1]) + (f" (line {line})" if line else "")
        elif kind == "missing":
            msg = f"{loc[-1]!r} is required."
            where = _loc_to_path(loc[:-1]) + (f" (line {line})" if line else "")
        elif kind == "literal_error":
            expected = e["ctx"]["expected"]
            hint = did_you_mean(str(e.get("input")), [x.strip(" '") for x in expected.replace(" or ", ",").split(",")])
            msg = f"{e.get('input')!r} is not valid; expected {expected}.{hint}"
        else:
            msg = e["msg"].removeprefix("Value error, ")
            if not msg.endswith((".", "?", "!")):
                msg += "."
            if "input" in e and kind not in ("value_error",) and not isinstance(e["input"], (dict, list)):
                msg = f"{msg} Got {e['input']!r}."
        problems.append(f"{where}: {msg}")
    head = f"{source}: invalid workload ({len(problems)} problem{'s' if len(problems) > 1 else ''})."
    return head + "\n" + "\n".join(f"  - {p}" for p in problems) + "\nSee 'advisor schema' or docs/workload-format.md for the format."


def parse_workload(data: Any, source: str = "<workload>", text: str | None = None) -> Workload:
    """Validate a workload given as a dict (e.g. from YAML or built in a notebook)."""
    if isinstance(data, Workload):
        return data
    if data is None:
        raise WorkloadError(f"{source}: the workload is empty; it needs at least 'name' and 'services'.")
    if not isinstance(data, dict):
        raise WorkloadError(
            f"{source}: the top level must be a mapping with keys such as name, region and services; got a {type(data).__name__}."
        )
    try:
        return Workload.model_validate(data)
    except ValidationError as err:
        raise WorkloadError(_format_validation(err, source, text)) from None


def load_workload(path: str | Path) -> Workload:
    """Read and validate a workload YAML file. Raises ``WorkloadError`` with a message a user can act on."""
    path = Path(path)
    if not path.exists():
        raise WorkloadError(f"workload file '{path}' not found. Check the path; examples live in examples/.")
    if path.is_dir():
        raise WorkloadError(f"'{path}' is a directory; give a workload YAML file such as examples/web-app.yaml.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkloadError(f"{path}: not a UTF-8 text file; a workload file is YAML text.") from None
    except OSError as exc:
        raise WorkloadError(f"{path}: cannot be read ({exc.strerror}).") from None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise WorkloadError(
            f"{path}:{where}: YAML syntax error: {problem}. Check the indentation and the ':' after each key "
            "at that line (a tab, a missing space after ':' or an unclosed quote are the usual causes)."
        ) from None
    return parse_workload(data, source=str(path), text=text)
