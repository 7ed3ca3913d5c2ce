"""The ECS tasks a Step Functions state machine runs, read from its Amazon States Language definition: what an
EventBridge rule or EventBridge Scheduler schedule starts when its target is a state machine (AWS Copilot's Scheduled
Jobs do this), for the CloudFormation importer (``AWS::StepFunctions::StateMachine``: ``Definition``,
``DefinitionString``, ``DefinitionSubstitutions``) and the Terraform importer (``aws_sfn_state_machine``: its
``definition``, the JSON text Terraform renders).

The rules, each from the AWS document that states it:

* A Task state whose ``Resource`` is the optimized ECS integration's RunTask runs an ECS task: ``arn:aws:states:::
  ecs:runTask``, as a request-response, run-a-job (``.sync``) or wait-for-callback (``.waitForTaskToken``) call (AWS
  Step Functions Developer Guide, "Run Amazon ECS or Fargate tasks with Step Functions"; "Discover service
  integration patterns"). States are found at any depth (the ``States`` of a Parallel state's ``Branches`` and of a
  Map state's ``ItemProcessor`` / ``Iterator``); a state's name is its key in ``States``.
* Its request is ``Parameters`` (JSONPath) or ``Arguments`` (JSONata), RunTask's fields in PascalCase ("Parameters in
  Step Functions are expressed in PascalCase"): ``TaskDefinition``, ``LaunchType``, ``CapacityProviderStrategy``
  (``CapacityProvider``, ``Base``, ``Weight``), ``Cluster`` and ``Count`` (RunTask ``count``: "The default value is
  1"; "You can specify up to 10 tasks for each call").
* ``TaskDefinition`` is required (RunTask ``taskDefinition``: "Required: Yes"). Written as a path (``TaskDefinition.$``)
  or a JSONata expression (``"{% ... %}"``: "JSONata expressions are written in strings enclosed in {% %}", AWS Step
  Functions Developer Guide, "Transforming data with JSONata") it comes from the execution and is not known from the
  template or plan: such a state is listed in ``StateMachineRuns.dynamic`` and not priced. A ``Count`` or
  ``LaunchType`` written so is not known either: 1 task, the cluster's default capacity, listed in
  ``StateMachineRuns.unknown_fields`` (the importers make it an assumption).
* ``${Key}`` in a CloudFormation definition is the value ``DefinitionSubstitutions`` gives Key (``substitutions``):
  "Definition substitutions ... allow you to add references to dynamic values" (AWS::StepFunctions::StateMachine
  DefinitionSubstitutions). Terraform has no substitutions: its definition is already rendered.

* A RunTask state inside a Map state's ``ItemProcessor`` (or ``Iterator``) runs once for each item of the Map's
  input ("Use a Map state to run a set of workflow steps for each item in a dataset", AWS Step Functions Developer
  Guide, "Map workflow state"); how many items an execution has is not in the definition, so such a state is priced
  as one run per execution and listed in ``StateMachineRuns.per_item`` (the importers make it an assumption).

* A RunTask state's ``Overrides`` (RunTask ``overrides``, a TaskOverride: "Parameters in Step Functions are expressed
  in PascalCase") change the size of the tasks it starts: ``Cpu`` / ``Memory`` replace the task definition's
  task-level ``cpu`` / ``memory``, and ``ContainerOverrides`` entries (``Name``, ``Cpu``, ``Memory``,
  ``MemoryReservation``) those of the container they name (ECS API Reference, "TaskOverride", "ContainerOverride":
  "instead of the default value from the task definition"): ``RunTaskState.overrides``. One written as a path or a
  JSONata expression comes from the execution: the task definition's size, listed in ``unknown_sizes`` (an assumption).
* A RunTask state's ``NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`` (RunTask ``networkConfiguration``,
  AwsVpcConfiguration ``assignPublicIp``: "Whether the task's elastic network interface receives a public IP address",
  ENABLED or DISABLED, "The default value is DISABLED") ENABLED gives each task it starts a public IPv4 address for
  the hours it runs, priced per IP-hour as a scheduled task's or a service's (Amazon VPC pricing):
  ``RunTaskState.public_ip``. Another value is an error naming the field; one written as a path or a JSONata expression
  comes from the execution: priced without, listed in ``unknown_public_ip`` (an assumption naming the field to set).

The state machine's ``TimeoutSeconds`` is not read: one run's minutes come from ``--run-minutes`` or the tag
``advisor/minutes-per-run``, as for any scheduled ECS task (docs/iac.md, "Scheduled ECS tasks").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import WorkloadError
from advisor.units import show
from advisor.workload.importers.taskdef import ASSIGN_PUBLIC_IP, LAUNCH_TYPES, run_task_overrides
from advisor.workload.source import (
    DuplicateKeyError,
    check_tree,
    duplicate_key_message,
    too_deep_message,
    unique_pairs,
)

#: A Task state's ``Resource`` that runs an ECS task (see the module docstring). The partition may be written as a
#: CloudFormation placeholder (``arn:${Partition}:...``, filled by DefinitionSubstitutions).
RUN_TASK = re.compile(r"arn:[^:]+:states:::ecs:runTask(?:\.sync|\.waitForTaskToken)?")
#: ``${Key}`` placeholders of a CloudFormation state machine's DefinitionSubstitutions.
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class RunTaskState:
    """One Task state that calls ECS RunTask: its name, where it is in the definition (``path``, e.g.
    ``States.'Run'.Parameters``) and its request's fields as written (after DefinitionSubstitutions). ``count`` and
    ``launch_type`` are checked when they are plain values (see ``state_machine_runs``)."""

    name: str
    path: str
    task_definition: Any
    launch_type: Any = None
    strategy: Any = None
    count: Any = None
    cluster: Any = None
    #: the size fields of its ``Overrides`` in the ECS API's words (``taskdef.run_task_overrides``), or None
    overrides: dict | None = None
    #: its ``NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`` as written (after DefinitionSubstitutions):
    #: ENABLED / DISABLED, a CloudFormation intrinsic a substitution gives, or None when the state does not set it
    public_ip: Any = None

    def api(self) -> dict:
        """The state's launch type or capacity-provider strategy in the ECS API's words (RunTask
        ``launchType``, ``capacityProviderStrategy``), its size ``overrides`` and its ``assignPublicIp``, as the
        importers pass a rule's EcsParameters on."""
        out: dict[str, Any] = {}
        if isinstance(self.launch_type, str) and self.launch_type:
            out["launchType"] = self.launch_type
        if isinstance(self.strategy, list) and self.strategy:
            out["capacityProviderStrategy"] = [
                {"capacityProvider": i.get("CapacityProvider"), "base": i.get("Base", 0), "weight": i.get("Weight", 0)}
                if isinstance(i, dict) else i for i in self.strategy]
        if self.overrides:
            out["overrides"] = self.overrides
        if self.public_ip is not None:
            out["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": self.public_ip}}
        return out


@dataclass
class StateMachineRuns:
    """What one execution of a state machine runs: its RunTask states, and (``dynamic``) the states whose task
    definition comes from the execution's input (``TaskDefinition.$``), which are not priced."""

    states: list[RunTaskState] = field(default_factory=list)
    dynamic: list[str] = field(default_factory=list)
    per_item: list[str] = field(default_factory=list)  # "state 'X' (in Map state 'M')": runs once per item
    unknown_fields: list[str] = field(default_factory=list)  # "state 'X' Count (...)": from the execution
    unknown_sizes: list[str] = field(default_factory=list)  # "state 'X' (...Overrides.Cpu)": from the execution
    #: "state 'X' (...AssignPublicIp.$)": whether its tasks get a public IPv4 address comes from the execution
    unknown_public_ip: list[str] = field(default_factory=list)

    def assumptions(self, machine: str) -> list[str]:
        """What the importers list as assumptions for ``per_item`` states and ``unknown_fields``."""
        out = []
        if self.per_item:
            out.append(f"{machine}: {', '.join(self.per_item)} run(s) once for each item of the Map state's input (AWS "
                       "Step Functions Developer Guide, 'Map workflow state'), which the definition does not say: "
                       "priced as one run per execution. Multiply its runs (--run-minutes per run x items) to price a "
                       "known item count")
        if self.unknown_fields:
            out.append(f"{machine}: {', '.join(self.unknown_fields)} come(s) from the execution (a path or a JSONata "
                       "expression), not from the definition: priced as 1 task (RunTask count's default) on the "
                       "cluster's default capacity")
        if self.unknown_sizes:
            out.append(f"{machine}: {', '.join(self.unknown_sizes)} come(s) from the execution (a path or a JSONata "
                       "expression), not from the definition: priced at the task definition's size")
        if self.unknown_public_ip:
            out.append(f"{machine}: {', '.join(self.unknown_public_ip)} come(s) from the execution (a path or a JSONata "
                       "expression), not from the definition: its tasks are priced without public IPv4 addresses. If "
                       "they get one, write NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp ENABLED in the "
                       "state's Parameters (Arguments in JSONata) to price an address per running task at the public "
                       "IPv4 rate")
        return out


def _is_jsonata(v: Any) -> bool:
    """A JSONata expression: a string enclosed in ``{% %}`` (Step Functions, "Transforming data with JSONata")."""
    return isinstance(v, str) and v.strip().startswith("{%") and v.strip().endswith("%}")


def parse_definition(definition: Any, *, source: str, address: str, fld: str) -> dict:
    """A state machine's definition as a mapping: a mapping as it is, JSON text parsed. Anything else, JSON that does
    not parse or is not an object, is an error naming ``address`` and ``fld``: Step Functions refuses such a
    definition too (CreateStateMachine ``definition``: "The Amazon States Language definition of the state machine";
    an invalid one is ``InvalidDefinition``)."""
    fix = ("Give the Amazon States Language definition, a JSON object with StartAt and States (Terraform: definition = "
           "jsonencode({...}); CloudFormation: Definition as a mapping, or DefinitionString as JSON text).")
    if isinstance(definition, str):
        try:
            definition = json.loads(definition, object_pairs_hook=unique_pairs)
        except DuplicateKeyError as exc:  # a JSON reader keeps the last: "AssignPublicIp" twice would drop one
            raise WorkloadError(duplicate_key_message(f"{source}: {address}: {fld}", exc.key, None, None)) from None
        except ValueError as exc:
            raise WorkloadError(f"{source}: {address}: {fld}: is not valid JSON ({exc}); Step Functions refuses it "
                                f"(InvalidDefinition). {fix}") from None
        except RecursionError:  # nested thousands of levels deep: Python's parser gives up
            raise WorkloadError(too_deep_message(f"{source}: {address}: {fld}")) from None
        # the limits of any JSON advisor reads (depth, finite numbers, 64-bit integers), named here
        check_tree(definition, f"{source}: {address}: {fld}")
    if not isinstance(definition, dict):
        raise WorkloadError(f"{source}: {address}: {fld}: must be a JSON object (the state machine's Amazon States "
                            f"Language definition), got {show(definition)}. {fix}")
    return definition


def state_machine_runs(definition: Any, *, source: str, address: str, fld: str,
                       substitutions: dict | None = None) -> StateMachineRuns:
    """The RunTask states of a state machine's ``definition`` (a mapping, or JSON text: ``parse_definition``), in the
    order they are written, by the rules of the module docstring. ``substitutions`` are CloudFormation's
    DefinitionSubstitutions (a placeholder alone is replaced by the value as given, so ``!Ref Task`` stays a
    reference; inside text by its text).

    Errors name ``address`` and the field (``fld`` and the state's path): a RunTask state without a TaskDefinition,
    a ``Count`` that is not a whole number from 1 to 10, a ``LaunchType`` RunTask does not take."""
    doc = parse_definition(definition, source=source, address=address, fld=fld)
    subs = substitutions if isinstance(substitutions, dict) else {}

    def value(v: Any) -> Any:
        if isinstance(v, str) and (m := PLACEHOLDER.fullmatch(v.strip())) and m.group(1) in subs:
            return subs[m.group(1)]
        if isinstance(v, str):
            return PLACEHOLDER.sub(lambda m: str(subs[m.group(1)]) if isinstance(subs.get(m.group(1)), (str, int))
                                   and not isinstance(subs.get(m.group(1)), bool) else m.group(0), v)
        return v

    def deep(v: Any) -> Any:  # substitutions at any depth (the fields of Overrides)
        if isinstance(v, dict):
            return {k: deep(x) for k, x in v.items()}
        if isinstance(v, list):
            return [deep(x) for x in v]
        return value(v)

    out = StateMachineRuns()

    def error(path: str, message: str) -> WorkloadError:
        return WorkloadError(f"{source}: {address}: {fld}: {path}: {message}")

    def walk(node: Any, name: str | None, path: str, in_map: str | None = None) -> None:
        if isinstance(node, list):
            for i, x in enumerate(node):
                walk(x, name, f"{path}[{i}]", in_map)
            return
        if not isinstance(node, dict):
            return
        if node.get("Type") == "Map":
            in_map = name or "?"
        resource = value(node.get("Resource"))
        if node.get("Type") == "Task" and isinstance(resource, str) and RUN_TASK.fullmatch(resource):
            if _is_jsonata(node.get("Arguments")):  # the whole request is an expression of the execution's input
                out.dynamic.append(f"state {name!r} ({path}.Arguments {show(node['Arguments'])})")
                return
            key = "Arguments" if isinstance(node.get("Arguments"), dict) else "Parameters"
            params = node.get(key) if isinstance(node.get(key), dict) else {}
            where = f"{path}.{key}"
            if _is_jsonata(params.get("TaskDefinition")):
                out.dynamic.append(f"state {name!r} ({where}.TaskDefinition {show(params['TaskDefinition'])})")
                return
            for fname in ("Count", "LaunchType"):
                if f"{fname}.$" in params or _is_jsonata(params.get(fname)):
                    out.unknown_fields.append(f"state {name!r} {fname} ({where}.{fname}"
                                              f"{'.$' if f'{fname}.$' in params else ''})")
            if "TaskDefinition" not in params:
                if "TaskDefinition.$" in params:
                    out.dynamic.append(f"state {name!r} ({where}.TaskDefinition.$ {show(params['TaskDefinition.$'])})")
                    return
                raise error(f"{where}.TaskDefinition", "is missing; ECS RunTask requires the task definition to run "
                            "(RunTask taskDefinition, Required: Yes). Give it, e.g. \"TaskDefinition\": "
                            "\"arn:aws:ecs:us-east-1:123456789012:task-definition/report:3\" (or its family).")
            count = None if _is_jsonata(params.get("Count")) else value(params.get("Count"))
            if isinstance(count, float) and count.is_integer():
                count = int(count)
            if count is not None and (isinstance(count, bool) or not isinstance(count, (int, float, dict))
                                      or (not isinstance(count, dict) and not (isinstance(count, int)
                                                                               and 1 <= count <= 10))):
                raise error(f"{where}.Count", f"{show(count)} is not valid; give the tasks each execution starts, a "
                            "whole number from 1 to 10 (ECS RunTask count: \"You can specify up to 10 tasks for each "
                            "call\"), or leave it out for 1." + _unfilled(count))
            launch = None if _is_jsonata(params.get("LaunchType")) else value(params.get("LaunchType"))
            if isinstance(launch, str) and launch not in LAUNCH_TYPES:
                raise error(f"{where}.LaunchType", f"{show(launch)} is not valid; use "
                            f"{', '.join(LAUNCH_TYPES)} (ECS RunTask launchType), or give a "
                            "CapacityProviderStrategy instead." + _unfilled(launch))
            unknown: list[str] = []
            overrides = None
            if "Overrides.$" in params or _is_jsonata(params.get("Overrides")):
                unknown.append(f"{where}.Overrides")
            else:
                overrides = run_task_overrides(deep(params.get("Overrides")), at=f"{where}.Overrides", pascal=True,
                                               error=error, unknown=unknown)
            if overrides:  # where messages point: the definition's field, then the state's path
                overrides["_at"] = f"{fld}: {overrides['_at']}"
                for c in overrides.get("containerOverrides", []):
                    c["_field"] = f"{fld}: {c['_field']}"
            out.unknown_sizes += [f"state {name!r} ({u})" for u in unknown]
            public = _assign_public_ip(params, where, value, error, lambda u: out.unknown_public_ip.append(
                f"state {name!r} ({u})"))
            out.states.append(RunTaskState(
                name or "?", where, value(params["TaskDefinition"]), launch,
                value(params.get("CapacityProviderStrategy")), count, value(params.get("Cluster")), overrides,
                public))
            if in_map is not None:
                out.per_item.append(f"state {name or '?'!r} (in Map state {in_map!r})")
            return
        for k, v in node.items():
            if k == "States" and isinstance(v, dict):  # a state's name is its key (Parallel and Map nest more)
                for state, body in v.items():
                    walk(body, str(state), f"{path}.States.{state!r}" if path else f"States.{state!r}", in_map)
            else:
                walk(v, name, f"{path}.{k}" if path else str(k), in_map)

    walk(doc, None, "")
    return out


def _unfilled(v: Any) -> str:
    """For a message: what to do when ``v`` still holds a ``${Key}`` placeholder after DefinitionSubstitutions (no
    substitution names it, so the state would pass the text itself to RunTask); "" otherwise."""
    m = PLACEHOLDER.search(v) if isinstance(v, str) else None
    return (f" {m.group(0)} is a placeholder that no DefinitionSubstitutions entry fills: add {m.group(1)} to the state "
            "machine's DefinitionSubstitutions, or write the value itself.") if m else ""


def _assign_public_ip(params: dict, where: str, value, error, unknown) -> Any:
    """A RunTask state's ``NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`` (see the module docstring), after
    DefinitionSubstitutions (``value``): ENABLED / DISABLED, or what a substitution gives (a CloudFormation intrinsic,
    which the CloudFormation importer resolves or refuses); None when not set or when it comes from the execution (a
    path ``AssignPublicIp.$`` at any level, or a JSONata expression: passed to ``unknown``). Another text is an error
    naming the field: RunTask refuses it too."""
    at = f"{where}.NetworkConfiguration"
    net = params.get("NetworkConfiguration")
    if "NetworkConfiguration.$" in params or _is_jsonata(net):
        unknown(f"{at}{'.$' if 'NetworkConfiguration.$' in params else ''}")
        return None
    if net is None:
        return None
    if not isinstance(net, dict):  # RunTask refuses it: the state fails when it runs
        raise error(at, f"must be a mapping ({{\"AwsvpcConfiguration\": {{\"Subnets\": [...], \"AssignPublicIp\": "
                    f"\"ENABLED\"}}}}, ECS RunTask networkConfiguration), got {show(net)}.")
    vpc = net.get("AwsvpcConfiguration")
    if "AwsvpcConfiguration.$" in net or _is_jsonata(vpc):
        unknown(f"{at}.AwsvpcConfiguration{'.$' if 'AwsvpcConfiguration.$' in net else ''}")
        return None
    if vpc is None:
        return None
    if not isinstance(vpc, dict):
        raise error(f"{at}.AwsvpcConfiguration", f"must be a mapping (Subnets, SecurityGroups, AssignPublicIp: ENABLED "
                    f"or DISABLED; ECS RunTask awsvpcConfiguration), got {show(vpc)}.")
    at += ".AwsvpcConfiguration.AssignPublicIp"
    if "AssignPublicIp.$" in vpc or _is_jsonata(vpc.get("AssignPublicIp")):
        unknown(f"{at}{'.$' if 'AssignPublicIp.$' in vpc else ''}")
        return None
    raw = vpc.get("AssignPublicIp")
    v = value(raw)
    if isinstance(v, str) and v not in ASSIGN_PUBLIC_IP:
        raise error(at, f"{show(v)} is not valid; use ENABLED or DISABLED (ECS RunTask awsvpcConfiguration "
                    "assignPublicIp; the default is DISABLED: each task then has no public IPv4 address)." + _unfilled(v))
    if v is not None and not isinstance(v, str) and not (isinstance(v, dict) and isinstance(raw, str)):
        raise error(at, f"{show(v)} is not valid; use the text ENABLED or DISABLED (ECS RunTask awsvpcConfiguration "
                    "assignPublicIp, a String; the default is DISABLED).")
    return v
