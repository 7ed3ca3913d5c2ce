"""Reading a workload file: YAML/JSON text to a validated ``Workload``, with one error formatter.

Every error names the field (and its line in the file), says what is valid and how to fix it
(``WorkloadError``, exit code 2 in the CLI).
"""

from __future__ import annotations

import json
import math
import numbers
import re
import typing
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from advisor.errors import WorkloadError, did_you_mean
from advisor.units import (
    HOURS_PER_MONTH,
    MAX_HOURS_PER_MONTH,
    SMALLEST_NUMBER,
    choice_hint,
    kind_of,
    show,
    tiny_number_message,
)
from advisor.workload.model import (
    HOST_PORT_TAGS,
    LIST_ITEMS,
    PATTERN_WORDS,
    Workload,
    _number_kind,
    decimal_for_whole_message,
    number_rule,
    number_words,
    plus_zero,
    strict_checks_apply,
    text_for_number_message,
)
from advisor.workload.source import STDIN_NAME, SafeLoader, Source, empty_input_message, read_source

#: pydantic's errors for a value that is not a number of the field's kind (text, a list, 1e308 for an integer)
_NUMBER_ERRORS = ("int_from_float", "int_parsing", "int_type", "int_parsing_size", "float_parsing", "float_type")


def _as_written(value: Any) -> str:
    """A list or mapping as YAML's flow style or JSON writes it (``[1]``, ``{"a": 1}``), cut at 60 characters."""
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


#: pydantic error kinds of a number outside its bounds (the message then quotes the field's description).
_BOUND_ERRORS = ("less_than", "less_than_equal", "greater_than", "greater_than_equal", "finite_number", "too_long",
                 "too_short", "string_too_long")

#: Every model of the format, for "valid keys here" hints (the order matters only for unions).

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


def _models_in(ann: Any, in_list: bool = False) -> Iterator[tuple[type[BaseModel], bool]]:
    """The model classes an annotation holds (``X | None``, ``list[X]``, ``Annotated[...]``, nested), each with
    whether it is a list's item."""
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        yield ann, in_list
        return
    origin = typing.get_origin(ann)
    for arg in typing.get_args(ann):
        yield from _models_in(arg, in_list or origin in (list, tuple, set, frozenset))


def _model_for(loc: tuple) -> type[BaseModel] | None:
    """The model class at a location (for listing valid keys), read from the models' own annotations, so every
    section of the format is covered (a hand-kept list of models missed ``ecs_managed_instances``' providers:
    "Valid keys here: .")."""
    model: type[BaseModel] | None = Workload
    for i, part in enumerate(loc):
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return model
        item = i + 1 < len(loc) and isinstance(loc[i + 1], int)
        found = list(_models_in(field.annotation))
        # a list's item when the next step is an index (daemonsets: list[DaemonSet] | DaemonSets -> DaemonSet)
        model = next((m for m, in_list in found if in_list == item), found[0][0] if found else None)
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


def _length_bounds(field: FieldInfo) -> tuple[int | None, int | None]:
    """(min_length, max_length) of a list field, from its own constraints or those of the list in its annotation
    (``Annotated[list[DaemonSet], Field(max_length=...)] | DaemonSets | None``)."""
    found: list[Any] = list(field.metadata)
    for arg in typing.get_args(field.annotation):
        found += list(getattr(arg, "__metadata__", ()))
    low = next((m.min_length for m in found if getattr(m, "min_length", None) is not None), None)
    high = next((m.max_length for m in found if getattr(m, "max_length", None) is not None), None)
    return low, high


def list_shape(key: str, field: FieldInfo) -> str | None:
    """What a list field of the format takes, with its valid length and, for a list of models, a minimal example:
    "a list of 1–50,000 services, e.g. services: [{name: web, cpu: 0.5, memory: 1024}]". None for a field that is
    not a list of models (``LIST_ITEMS``)."""
    model = next((m for m, in_list in _models_in(field.annotation) if in_list and m in LIST_ITEMS), None)
    if model is None:
        return None
    noun, example = LIST_ITEMS[model]
    low, high = _length_bounds(field)
    count = (f"{low:,}–{high:,} " if low and high else f"at least {low:,} " if low else
             f"up to {high:,} " if high else "")
    return f"a list of {count}{noun}, e.g. {key}: [{example}]"


def _list_message(e: dict, key: str | None, field: FieldInfo | None) -> str | None:
    """The one message for a list of models given as something else or with too few items (``services: []``,
    ``services: {}``, ``commitments: {}``): the field, what is valid and a minimal example; None for other errors."""
    if e["type"] not in ("list_type", "too_short") or field is None or key is None:
        return None
    shape = list_shape(key, field)
    if shape is None:
        return None
    given = e.get("input")
    got = ("an empty list" if given == [] else "an empty mapping ({})" if given == {} else "null" if given is None else
           f"{kind_of(given)} ({show(given) if not isinstance(given, (dict, list)) else _as_written(given)})")
    return f"{key} must be {shape}; got {got}."


def _mapping_message(e: dict, key: str | None, field: FieldInfo | None) -> str:
    """A section given as something else than a mapping (``eks: x``, ``eks: {coredns: []}``, ``scaling: 3``): the
    section's name and its keys, in the file's words; pydantic said "Input should be a valid dictionary or instance of
    CoreDns", a class name no file writes."""
    names: list[str] = []
    tp = field.annotation if field is not None else None
    for arg in (tp, *typing.get_args(tp)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            names = [f.alias or n for n, f in arg.model_fields.items()]
            break
    shown = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
    given = e.get("input")
    got = ("an empty list" if given == [] else "null" if given is None else
           f"{kind_of(given)} ({show(given) if not isinstance(given, (dict, list)) else _as_written(given)})")
    return (f"{key or 'this field'} must be a mapping (object) of its keys"
            + (f" ({shown})" if shown else "") + f" (indented 'key: value' lines below it, or {{key: value, ...}}); got {got}.")


def _value_message(e: dict, key: str | None, field: FieldInfo | None) -> str:
    """What is wrong with one value (a pydantic error of field ``key``), in the words every workload error uses."""
    kind = e["type"]
    listed = _list_message(e, key, field)
    if listed:
        return listed
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _mapping_message(e, key, field)
    if kind == "literal_error":
        expected = e["ctx"]["expected"]
        choices = [x.strip(" '") for x in expected.replace(" or ", ",").split(",")]
        given = e.get("input")
        if isinstance(given, str) and given.strip() in choices and "'" not in expected and field is not None:
            return text_for_number_message(given, given.strip(), field)  # term_years: "1" -> 1
        return f"{given!r} is not valid; expected {expected}.{choice_hint(given, choices)}"
    if kind == "bool_type":
        given = e.get("input")
        # as the file writes it: null, not Python's None; [true], not [True]
        written = "null (no value)" if given is None else show(given) if not isinstance(given, (list, dict)) else (
            show(json.dumps(given, default=str)).strip("'"))
        return (f"{written} is not a boolean; write true or false (YAML 1.2 and the JSON Schema of "
                "'advisor schema' read only those: yes, no, on, off, 1 and 0 are not booleans).")
    if kind == "string_pattern_mismatch" and e.get("ctx", {}).get("pattern") in PATTERN_WORDS:
        # the words for the pattern, not the regular expression ("use YYYY-MM-DD, e.g. 2026-12-01")
        return f"{show(e.get('input'))} is not valid here; {PATTERN_WORDS[e['ctx']['pattern']]}."
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type") and isinstance(e.get("input"), str):
        unit_hint = _number_with_unit_hint(e["input"], key, field)
        if unit_hint:
            return unit_hint
    if kind in ("int_type", "int_from_float") and type(e.get("input")) is float and field is not None \
            and math.isfinite(e["input"]):  # max_percent: 150.0 -> 150; replicas: 3.5
        given = e["input"]
        return decimal_for_whole_message(given, field, given.is_integer() and not _refusal(str(int(given)), key, field))
    msg = e["msg"].removeprefix("Value error, ")
    if not msg.endswith((".", "?", "!")):
        msg += "."
    if "input" in e and kind not in ("value_error",):
        given = e["input"]
        # a list or mapping as the file writes it ([1], {"a": 1}), as the boolean message shows it
        written = show(given) if not isinstance(given, (dict, list)) else show(_as_written(given)).strip("'")
        msg = f"{msg} Got {written}."
    if kind in _NUMBER_ERRORS and field is not None:
        what = number_words(field, lone=True)
        if what not in ("a number", "a whole number"):  # the field has bounds or choices: say them
            msg = f"{msg} Give {what}."
    if kind in _BOUND_ERRORS and field is not None and field.description:  # what the field is, whence its bound
        msg = f"{msg} ({key}: {field.description})"
    if kind == "less_than_equal" and e.get("ctx", {}).get("le") == MAX_HOURS_PER_MONTH and key == "monthly_hours":
        given = e.get("input")
        try:  # monthly_hours: "8760" (quoted) is read as the number it spells
            given = float(given) if isinstance(given, str) else given
        except ValueError:
            pass
        year = "; 8,760 is a year" if isinstance(given, (int, float)) and given in (8760, 8784) else ""
        msg = (f"{msg} A month has at most {MAX_HOURS_PER_MONTH:g} hours (31 days x 24{year}): give the hours in one "
               f"month, {HOURS_PER_MONTH:g} for a service that always runs.")
    return msg


#: The unit a plain-number field's name gives (its first unit word before any "per"), with the spellings of that
#: unit a value may carry: ``ephemeral_storage_gib: 30 GiB`` means 30, ``root_volume_gib: 50 MiB`` does not.
_NAME_UNITS = {
    "gib": ("GiB", ("gib", "gi", "gb")),  # AWS's GB is a GiB (the workload format's memory rule)
    "gb": ("GB", ("gb", "gib", "gi")),
    "mib": ("MiB", ("mib", "mi", "mb")),
    "hours": ("hours", ("h", "hr", "hrs", "hour", "hours")),
    "minutes": ("minutes", ("m", "min", "mins", "minute", "minutes")),
    "percent": ("percent", ("%", "percent", "pct")),
    "usd": ("USD", ("$", "usd", "us$")),
    "cost": ("USD", ("$", "usd", "us$")),
}
_NUMBER_WITH_UNIT = re.compile(r"\s*(?P<pre>\$|us\$|usd)?\s*(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<unit>[a-z%$]*)\s*",
                               re.IGNORECASE | re.ASCII)  # ASCII: 'ı' (dotless i) or 'K' (Kelvin) is no unit letter


def _name_unit(key: str | None) -> tuple[str, tuple[str, ...]] | None:
    """The unit the name of a plain-number field gives (``run_minutes`` -> minutes, ``processed_gb_per_hour`` -> GB,
    ``engineer_cost_per_hour`` -> USD); None for a count (``replicas``, ``lcu_per_hour``)."""
    for word in (key or "").split("_"):
        if word == "per":
            break
        if word in _NAME_UNITS:
            return _NAME_UNITS[word]
    return None


def _number_with_unit_hint(given: str, key: str | None, field: FieldInfo | None = None) -> str | None:
    """For text such as ``'30 GiB'``, ``'45 min'``, ``'$120'`` or ``'3'`` (quoted) given to a field that takes a plain
    number (its unit, if any, is in its name): what to write instead. None when the text does not start with a
    number. The number suggested is checked against ``field`` (its bounds, a whole number): a hint never names a
    number the field then refuses (``'300 GiB'`` to ``ephemeral_storage_gib`` says 300 is above its maximum 200)."""
    m = _NUMBER_WITH_UNIT.fullmatch(given)
    if not m:
        return None
    number = m["num"].rstrip(".") or m["num"]  # '3.' -> 3, '.5' -> 0.5: the number as YAML writes it
    number = f"0{number}" if number.startswith(".") else number
    if field is not None and number_rule(field) == "whole" and float(number).is_integer():
        number = str(int(float(number)))  # replicas: "3.0" -> 3, as a whole-number field takes it
    refused = _refusal(number, key, field)
    if not (m["pre"] or m["unit"]):  # replicas: "3": quoted, so text
        if refused:
            return f"{show(given)} is text, not a number, and {number} would not do either: {refused}"
        if field is not None:
            return text_for_number_message(given, number, field)
        return f"{show(given)} is text, not a number; write {number}, without quotes."
    written = (m["pre"] or m["unit"]).lower()
    unit = _name_unit(key)
    takes = f"{key or 'this field'} takes a plain number" + (f" of {unit[0]} (the unit is in its name)" if unit else "")
    if unit is not None and written not in unit[1]:
        return (f"{show(given)} is not a number: {takes}; convert {m['num']} {m['pre'] or m['unit']} to {unit[0]} "
                "and write the number alone.")
    if refused:
        return f"{show(given)} is not a number: {takes}, and {number} would not do either: {refused}"
    return f"{show(given)} is not a number: {takes}; write {number}."


def _refusal(number: str, key: str | None, field: FieldInfo | None) -> str | None:
    """Why ``field`` would refuse ``number`` (text of a plain decimal) too, in the words of ``_value_message``; None
    when it takes it or there is no field to ask."""
    if field is None:
        return None
    value: float = float(number)
    if value.is_integer():
        value = int(value)
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    try:  # a list of numbers (host_ports) is asked about the one item
        TypeAdapter(annotation, config=ConfigDict(allow_inf_nan=False)).validate_python(
            [value] if _number_kind(annotation) == "items" else value)
    except ValidationError as err:
        return _value_message(err.errors()[0], key, field)
    except Exception:  # noqa: BLE001 - a field type TypeAdapter cannot build: no check, the plain hint stands
        return None
    return None


def check_option(model: type[BaseModel], key: str, value: Any, option: str) -> Any:
    """``value`` of a command-line option that mirrors workload field ``model.key`` (``nodes capacity
    --reserved-memory`` is ``ec2.ecs_reserved_memory_mib``), validated with that field's own type and bounds;
    ``WorkloadError`` (exit 2) with the message the workload file gets, so the two never disagree."""
    field = model.model_fields[key]
    annotation = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        value = int(value)  # a decimal option's '-1' is -1.0: its error said 'Got -1.0'; a float field reads -1 as -1.0
    try:
        out = plus_zero(TypeAdapter(annotation, config=ConfigDict(allow_inf_nan=False)).validate_python(value))
    except ValidationError as err:
        raise WorkloadError(f"{option}: {_value_message(err.errors()[0], key, field)}") from None
    if type(out) is float and out and -SMALLEST_NUMBER < out < SMALLEST_NUMBER:  # as the workload file refuses it
        raise WorkloadError(f"{option}: {tiny_number_message(out)}.")
    return out


#: Fields whose value is one of several shapes (pydantic reports every branch of the union, tagged with the branch's
#: type name in the location): field -> {tag: the shape that branch reads}.
_UNION_SHAPES = {"daemonsets": {"list[DaemonSet]": "a list of DaemonSets ({name, cpu, memory, on_fargate, "
                                                   "host_network, privileged})",
                                "DaemonSets": "a mapping with on_fargate and pods"}}
#: pydantic error kinds of a value of the wrong shape for a union branch (the other branch is the one meant).
_SHAPE_ERRORS = ("list_type", "model_type", "dict_type", "model_attributes_type")


def _union_errors(errors: list[dict]) -> list[dict]:
    """``errors`` with each union field's errors reduced to the branch the input's shape chose, the branch's type name
    taken out of the location (``daemonsets.list[DaemonSet][0].cpu`` -> ``daemonsets[0].cpu``); a value that fits no
    branch's shape is one error saying which shapes are valid."""
    out: list[dict] = []
    grouped: dict[tuple, list[dict]] = {}
    for e in errors:
        loc = tuple(e["loc"])
        # the tag follows the field's name; the one such field is at the top level (daemonsets)
        if len(loc) >= 2 and loc[0] in _UNION_SHAPES and loc[1] in _UNION_SHAPES[loc[0]]:
            grouped.setdefault(loc[:1], []).append(e)
        else:
            out.append(e)
    for prefix, errs in grouped.items():
        shapes = _UNION_SHAPES[prefix[0]]
        wrong = {e["loc"][1] for e in errs if len(e["loc"]) == 2 and e["type"] in _SHAPE_ERRORS}
        if wrong >= set(shapes):  # fits no branch: one message naming the shapes
            given = next((e["input"] for e in errs if "input" in e), None)
            out.append({"type": "value_error", "loc": prefix, "input": given,
                        "msg": f"{show(given) if not isinstance(given, (dict, list)) else kind_of(given)} is not "
                               f"valid here; give {' or '.join(shapes.values())}"})
            continue
        for e in errs:
            if e["loc"][1] not in wrong:
                out.append({**e, "loc": prefix + tuple(e["loc"][2:])})
    return out


def _format_validation(err: ValidationError, source: str, text: str | None) -> str:
    composed = None
    if text is not None:
        try:
            composed = yaml.compose(text, Loader=SafeLoader)
        except yaml.YAMLError:
            composed = None
    problems = []
    for e in _union_errors(err.errors()):
        loc = tuple(p for p in e["loc"]
                    if not (isinstance(p, str) and (p.startswith("function-") or p in HOST_PORT_TAGS)))
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
            model = _model_for(loc[:-1])
            field = model.model_fields.get(loc[-1]) if model is not None else None
            shape = list_shape(str(loc[-1]), field) if field is not None else None
            msg = f"{loc[-1]!r} is required" + (f": {shape}." if shape else ".")
            where = _loc_to_path(loc[:-1]) + (f" (line {line})" if line else "")
        else:
            model = _model_for(loc[:-1]) if loc else None
            key = loc[-1] if loc and isinstance(loc[-1], str) else None
            field = model.model_fields.get(key) if model is not None and key else None
            if key is None and len(loc) >= 2 and isinstance(loc[-2], str):  # an item of a list of numbers
                model = _model_for(loc[:-2])
                field = model.model_fields.get(loc[-2]) if model is not None else None
                if field is None or not strict_checks_apply(field):
                    field = None
                else:
                    key = loc[-2]
            msg = _value_message(e, key, field)
        problems.append(f"{where}: {msg}")
    head = f"{source}: invalid workload ({len(problems)} problem{'s' if len(problems) > 1 else ''})."
    return head + "\n" + "\n".join(f"  - {p}" for p in problems) + "\nSee 'advisor schema' or docs/workload-format.md for the format."


_PLAIN_SCALARS = frozenset({int, float, bool, str})


def plain_numbers(data: Any) -> Any:
    """``data`` with every non-Python number scalar (numpy's ``int64``, ``float32``, ``bool_`` and a 0-d array such
    as ``np.array(2)``; a ``Fraction``, a whole one such as ``Fraction(4, 2)`` as the integer ``2``; a
    ``Decimal``, read as the YAML number written the same way: ``Decimal("2")`` as ``2``, ``Decimal("2.0")`` as
    ``2.0``) made the Python ``int``/``float``/``bool`` a YAML file would give, inside dicts, lists and tuples (copied; other values
    as they are). Values from pandas and numpy are numpy scalars: ``replicas: np.int64(2)`` reads as ``2``, and
    ``np.bool_`` as ``bool``, which stays refused wherever a number is required."""
    # a plain value inside a dict or list is kept without a call (a 10,000-service file holds some 50,000)
    if isinstance(data, dict):
        return {k: v if v is None or type(v) in _PLAIN_SCALARS else plain_numbers(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [v if v is None or type(v) in _PLAIN_SCALARS else plain_numbers(v) for v in data]
    if type(data) in _PLAIN_SCALARS or data is None:
        return data
    if type(data).__name__ == "ndarray" and type(data).__module__ == "numpy" and data.ndim == 0:
        return plain_numbers(data.item())  # np.array(2): one number, as sweep_frame's factors read it ("Got array(2)")
    if (type(data).__name__ == "ndarray" and type(data).__module__ == "numpy"
            or type(data).__name__ in ("Series", "Index") and type(data).__module__.startswith("pandas")):
        # host_ports=np.array([80, 443]): a list of Python numbers, as a YAML list gives (a port takes a whole number
        # strictly, so np.int64 items were refused)
        return [plain_numbers(v) for v in data.tolist()]
    if isinstance(data, Fraction) and data.denominator == 1:  # Fraction(4, 2) is the integer 2 ("Got 2.0")
        return int(data)
    if type(data).__name__ in ("bool_", "bool") and type(data).__module__ == "numpy":
        return bool(data)
    if type(data).__name__ == "timedelta64" and type(data).__module__ == "numpy":
        return data  # an integer to numbers.Integral, but a duration: refused where a number goes (replicas: 2 ns read 2)
    if isinstance(data, Decimal) and data.is_finite():  # as the YAML number written the same way: 2 -> 2, 2.0 -> 2.0
        return int(data) if data.as_tuple().exponent >= 0 else float(data)
    if isinstance(data, numbers.Integral) and not isinstance(data, bool):
        return int(data)
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        return float(data)
    return data


def parse_workload(data: Any, source: str = "<workload>", text: str | None = None, *, strict: bool = False) -> Workload:
    """Validate a workload given as a dict (e.g. from YAML or built in a notebook).

    Numbers may be numpy or other ``numbers.Real`` scalars (``plain_numbers``: read as the YAML number would be).
    With ``strict``, what advisor would otherwise assume (``Workload.assumptions()``: containers without
    requests) is an error instead. Raises ``WorkloadError`` naming every problem with its field and line.
    """
    if isinstance(data, Workload):
        return check_strict(data, source) if strict else data
    if data is None and source == STDIN_NAME:
        raise WorkloadError(empty_input_message(source))
    if data is None:
        raise WorkloadError(f"{source}: the workload is empty; it needs at least 'name' and 'services'.")
    if not isinstance(data, dict):
        raise WorkloadError(
            f"{source}: the top level must be a mapping with keys such as name, region and services; got {kind_of(data)}."
        )
    try:
        workload = Workload.model_validate(plain_numbers(data))
    except ValidationError as err:
        raise WorkloadError(_format_validation(err, source, text)) from None
    except RecursionError:  # pragma: no cover - the readers bound the depth first
        raise WorkloadError(f"{source}: the workload nests too deeply to read.") from None
    return check_strict(workload, source) if strict else workload


def check_strict(workload: Workload, source: str = "<workload>", extra: list[str] | None = None) -> Workload:
    """Strict mode: raise ``WorkloadError`` listing every assumption (and ``extra`` importer assumptions)."""
    problems = list(extra or []) + workload.assumptions()
    if problems:
        raise WorkloadError(
            f"{source}: strict mode: advisor would have to assume {len(problems)} thing(s) the input leaves open:\n"
            + "\n".join(f"  - {p}" for p in problems)
            + "\nGive the missing values (or 'defaults:' in a workload file), or run without strict mode to price "
            "them by the rules above."
        )
    return workload


def load_workload(path: str | Path | Source, *, strict: bool = False) -> Workload:
    """Read and validate a workload YAML file (``-`` reads standard input).

    The file is read within the limits of ``advisor.workload.source`` (size, depth, aliases, finite numbers).
    Raises ``WorkloadError`` with a message a user can act on.
    """
    src = read_source(path, what="workload file")
    docs = src.documents
    docs = [d for d in docs if d is not None] or [None]
    if len(docs) > 1:
        raise WorkloadError(f"{src.name}: holds {len(docs)} YAML documents; a workload file is one document (name, "
                            "region, services). Kubernetes manifests are read by 'advisor import k8s' or by compare "
                            "when every document has apiVersion and kind.")
    return parse_workload(docs[0], source=src.name, text=src.text, strict=strict)
