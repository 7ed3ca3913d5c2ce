"""Import an AWS CloudFormation template (YAML or JSON, written by hand or by ``cdk synth``).

Reading (AWS CloudFormation User Guide, "Template anatomy" and "Intrinsic function reference"):

* YAML short forms (``!Ref``, ``!Sub``, ``!GetAtt A.B``, ``!If``, ``!Join``, ``!Select``, ``!Split``,
  ``!FindInMap``, ``!GetAZs``, ``!Equals``, ``!Not``, ``!And``, ``!Or``, ``!Condition``, ``!Base64``,
  ``!ImportValue``, ``!Cidr``) load with ``CfnLoader``, a ``yaml.SafeLoader`` subclass that only adds
  constructors turning each tag into its long form (``{"Fn::Sub": ...}``): no Python object is ever built from a
  tag. The input limits of ``advisor.workload.source`` (size, depth, aliases, finite numbers) apply first.
* ``Parameters``: a ``Ref`` to a parameter takes the value given (``parameters=``, ``--parameter NAME=VALUE``),
  else its ``Default``. ``Mappings`` answer ``Fn::FindInMap``; ``Conditions`` (``Fn::Equals``, ``Fn::Not``,
  ``Fn::And``, ``Fn::Or``, ``Condition``) decide ``Fn::If`` and each resource's ``Condition``. ``Fn::Sub``,
  ``Fn::Join``, ``Fn::Select``, ``Fn::Split`` and ``Fn::Base64`` are computed when their inputs resolve; pseudo
  parameters ``AWS::Region`` (the region given), ``AWS::Partition`` (aws), ``AWS::URLSuffix`` and
  ``AWS::NoValue`` resolve, the others (``AWS::StackName``, ``AWS::AccountId``...) do not.
* What does not resolve (a parameter without a default, ``Fn::GetAZs``, ``Fn::ImportValue``, a condition on an
  unresolved value) is listed in the notes with the resource and property; where the cost needs it, the error
  names the resource, the property and the parameter to give.
* References between resources (``Ref``/``Fn::GetAtt``/``${Res}`` in ``Fn::Sub``, ``DependsOn``) link a service
  to its task definition, cluster and scaling target; a cycle among them (which CloudFormation refuses too:
  "Circular dependency between resources") is an error naming the resources.

Resource types mapped (docs/iac.md): ``AWS::ECS::TaskDefinition``, ``AWS::ECS::Service``, ``AWS::ECS::TaskSet``,
``AWS::ECS::ExpressGatewayService`` (ECS Express Mode), ``AWS::ECS::Cluster``,
``AWS::ECS::ClusterCapacityProviderAssociations``, ``AWS::ApplicationAutoScaling::ScalableTarget`` /
``ScalingPolicy``, ``AWS::EKS::Cluster``, ``AWS::EKS::Nodegroup``, ``AWS::EKS::FargateProfile``,
``AWS::AutoScaling::AutoScalingGroup`` (with ``AWS::AutoScaling::LaunchConfiguration`` or
``AWS::EC2::LaunchTemplate``), ``AWS::ElasticLoadBalancingV2::LoadBalancer``, ``AWS::EC2::NatGateway``,
``AWS::EC2::EIP``, ``AWS::Logs::LogGroup``, ``AWS::Events::Rule`` (targets with ``EcsParameters``) and
``AWS::Scheduler::Schedule`` (``Target.EcsParameters``), and a rule's target that is a Step Functions state machine
running ECS tasks (``_state_machine_tasks``): ECS tasks run on a schedule, priced by their runs a month
(``_scheduled_tasks``, ``Estate._schedules``; docs/iac.md "Scheduled ECS tasks"), and the CDK's ``Custom::AWSCDK-EKS-KubernetesResource`` (the Kubernetes
objects of ``cluster.addManifest``: Deployments, StatefulSets, DaemonSets, HPAs) and ``Custom::AWSCDK-EKS-HelmChart``
(noted: charts are not rendered). The CDK's ``BootstrapVersion`` parameter and ``Rules`` are ignored.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import WorkloadError, region_arg
from advisor.units import is_decimal_text, is_whole_number_text, show
from advisor.workload.importers.detect import appspec_message, is_template
from advisor.workload.importers.iac import (
    CFN_ECS_DEFAULT_DESIRED_COUNT,
    NO_SUBNETS,
    TAG_RUN_MINUTES,
    Estate,
    IacImportResult,
    camel_keys,
    eks_self_managed,
    folder_given,
    node_pool_kind,
    user_data_text,
)
from advisor.workload.importers.nested import inline_nested_stacks
from advisor.workload.importers.stepfunctions import state_machine_runs
from advisor.workload.importers.taskdef import ASSIGN_PUBLIC_IP, target_input_overrides
from advisor.workload.source import (
    STDIN_NAME,
    AmbiguousNumberError,
    DuplicateKeyError,
    SafeLoader,
    Source,
    ambiguous_number_message,
    check_tree,
    check_yaml_events,
    duplicate_key_message,
    empty_input_message,
    is_blank_text,
    loads_json,
    read_source,
    yaml_error,
)

#: Short-form tags and their long forms (CloudFormation User Guide, "Intrinsic function reference").
SHORT_FORMS = {"!Ref": "Ref", "!Condition": "Condition", **{f"!{n}": f"Fn::{n}" for n in (
    "Sub", "GetAtt", "If", "Join", "Select", "Split", "FindInMap", "GetAZs", "Equals", "Not", "And", "Or", "Base64",
    "ImportValue", "Cidr", "Length", "ToJsonString", "Transform")}}
_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")
_RESOLVED_PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
#: Properties whose keys are data, not CloudFormation property names (kept as written).
_DATA_KEYS = frozenset({"Options", "DockerLabels", "Labels", "Tags", "SystemControls", "SecretOptions"})


class CfnLoader(SafeLoader):
    """advisor's safe loader (YAML 1.2 scalars, unique keys: ``advisor.workload.source.SafeLoader``) that also reads
    CloudFormation's short-form tags as their long forms (plain dicts)."""


def _short(tag: str, long: str):
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> dict:
        if isinstance(node, yaml.ScalarNode):
            value: Any = loader.construct_scalar(node)
            if long == "Fn::GetAtt" and isinstance(value, str):
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {long: value}
    return construct


for _tag, _long in SHORT_FORMS.items():
    CfnLoader.add_constructor(_tag, _short(_tag, _long))


def parse_template(src: Source) -> dict:
    """The template of ``src`` (JSON, or YAML with short-form tags), within the input limits."""
    if src.is_json:
        docs = [d for d in src.documents if d is not None]
    elif is_blank_text(src.text):
        raise WorkloadError(empty_input_message(src.name))
    else:
        check_yaml_events(src.text, src.name)
        try:
            docs = [d for d in yaml.load_all(src.text, Loader=CfnLoader) if d is not None]  # noqa: S506 - safe subclass
        except DuplicateKeyError as exc:
            raise WorkloadError(duplicate_key_message(src.name, exc.key, exc.line, exc.first_line)) from None
        except AmbiguousNumberError as exc:
            raise WorkloadError(ambiguous_number_message(src.name, exc.text, exc.line)) from None
        except yaml.YAMLError as exc:
            raise WorkloadError(yaml_error(src.name, exc, src.text, allowed_tags="; CloudFormation's short-form "
                                           "intrinsic functions (!Ref, !Sub, !GetAtt, !If ...) are read")) from None
        except RecursionError:
            raise WorkloadError(f"{src.name}: nests too deeply.") from None
        for d in docs:
            check_tree(d, src.name)
    if len(docs) == 1 and (appspec := appspec_message(src.name, docs[0])):
        raise WorkloadError(appspec)  # a CodeDeploy AppSpec's Resources list, not a template's Resources mapping
    if len(docs) == 1 and isinstance(docs[0], dict) and not is_template(docs[0]) and _looks_like_cfn(docs[0]):
        raise WorkloadError(fragment_message(src.name, docs[0]))
    if len(docs) == 1:
        from advisor.workload.importers import copilot_manifest_message

        copilot = copilot_manifest_message(src.name, docs[0])
        if copilot:
            raise WorkloadError(copilot)
    if len(docs) != 1 or not is_template(docs[0]):
        raise WorkloadError(f"{src.name}: not a CloudFormation template: expected one document with Resources (each "
                            "with a Type such as AWS::ECS::Service).")
    return docs[0]


_PARAMS_FILE_FORMATS = (
    "one of: a CodePipeline template configuration / AWS Copilot params.json ({\"Parameters\": {\"NAME\": "
    "\"VALUE\"}}, optional Tags and StackPolicy); the 'aws cloudformation create-stack --parameters file://' list "
    "([{\"ParameterKey\": \"NAME\", \"ParameterValue\": \"VALUE\"}], or \"UsePreviousValue\": true); or "
    "the 'aws cloudformation deploy --parameter-overrides file://' list ([\"NAME=VALUE\"])")


def read_parameters_file(path: str | Path) -> dict[str, str]:
    """The parameter values of a parameters file, by name, in the formats AWS tools read (JSON, or the same in YAML):

    * CodePipeline's template configuration file, which AWS Copilot writes as ``*.params.json`` (AWS CloudFormation
      User Guide, "CloudFormation artifacts", Template configuration file: ``{"Parameters": {"NAME": "VALUE"},
      "Tags": {...}, "StackPolicy": {...}}``); a parameter it omits takes its Default, as CodePipeline does;
    * ``aws cloudformation create-stack --parameters file://FILE`` (the CreateStack ``Parameter`` list:
      ``ParameterKey``, ``ParameterValue``, ``UsePreviousValue``, and ``ResolvedValue`` as describe-stacks writes);
    * ``aws cloudformation deploy --parameter-overrides file://FILE``, which reads the two above and a list of
      ``"NAME=VALUE"`` strings (AWS CLI, aws/aws-cli pull request 5443).

    A value given as an empty string is that value (CloudFormation's, too: an empty ParameterValue is not the
    Default). ``UsePreviousValue: true`` keeps the deployed stack's value, which the file does not hold: an error
    unless ``--parameter`` gives it (the caller removes those before calling). Raises ``WorkloadError`` naming the
    file, the entry and the formats read.
    """
    src = read_source(path, what="parameters file")
    name = src.name
    docs = [d for d in src.documents if d is not None]

    def bad(where: str, why: str) -> WorkloadError:
        return WorkloadError(f"{name}: {where}{why}; a parameters file is {_PARAMS_FILE_FORMATS}.")

    def text(v: Any, where: str) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)) or isinstance(v, str):
            return v if isinstance(v, str) else show(v)
        if isinstance(v, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
            return ",".join(x if isinstance(x, str) else show(x) for x in v)  # a CommaDelimitedList's values
        raise bad(f"{where}: ", f"the value must be text (or a number), got {show(v)}")

    if len(docs) != 1:
        raise bad("", f"holds {len(docs)} documents, not one")
    doc = docs[0]
    out: dict[str, str] = {}
    if isinstance(doc, dict):
        extra = sorted(set(doc) - {"Parameters", "Tags", "StackPolicy"})
        if extra:
            raise bad("", f"has the key(s) {', '.join(map(str, extra))}, which a template configuration does not "
                      "(it has Parameters, Tags and StackPolicy)")
        if "Parameters" not in doc:
            raise bad("", "has no Parameters")
        params = doc["Parameters"]
        if isinstance(params, list):  # a describe-stacks / create-stack list under "Parameters"
            doc = params
        elif not isinstance(params, dict):
            raise bad("Parameters: ", f"must be a mapping of parameter names to values, got {show(params)}")
        else:
            for key, value in params.items():
                out[str(key)] = text(value, f"Parameters.{key}")
            return out
    if not isinstance(doc, list):
        raise bad("", f"is {show(doc)}")
    previous: list[str] = []
    for i, item in enumerate(doc):
        if isinstance(item, str):
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise bad(f"[{i}] ", f"{item!r} is not NAME=VALUE")
            out[key.strip()] = value
            continue
        if not isinstance(item, dict) or not isinstance(item.get("ParameterKey"), str) or not item["ParameterKey"]:
            raise bad(f"[{i}]: ", f"needs a ParameterKey (a parameter's name), got {show(item)}")
        key = item["ParameterKey"]
        extra = sorted(set(item) - {"ParameterKey", "ParameterValue", "UsePreviousValue", "ResolvedValue"})
        if extra:
            raise bad(f"[{i}] ({key}): ", f"unknown field(s) {', '.join(map(str, extra))} (a Parameter has "
                      "ParameterKey, ParameterValue, UsePreviousValue, ResolvedValue)")
        use_previous = item.get("UsePreviousValue")
        if use_previous not in (None, True, False):
            raise bad(f"[{i}] ({key}): UsePreviousValue ", f"must be true or false, got {show(use_previous)}")
        if use_previous is True:
            if "ParameterValue" in item:
                raise bad(f"[{i}] ({key}): ", "gives both ParameterValue and UsePreviousValue: true, which "
                          "CloudFormation refuses")
            previous.append(key)
            continue
        if "ParameterValue" not in item:
            raise bad(f"[{i}] ({key}): ", "needs a ParameterValue (or UsePreviousValue: true)")
        out[key] = text(item["ParameterValue"], f"[{i}] ({key}): ParameterValue")
    if previous:
        raise PreviousValueError(name, previous, out)
    return out


class PreviousValueError(WorkloadError):
    """Parameters a file keeps at the deployed stack's value (``UsePreviousValue: true``); ``values`` holds the
    others, so the caller can accept the file when ``--parameter`` gives these."""

    def __init__(self, source: str, names: list[str], values: dict[str, str]):
        self.source, self.names, self.values = source, names, values
        super().__init__(
            f"{source}: {', '.join(names)}: UsePreviousValue: true keeps the deployed stack's value, which this file "
            f"does not hold (nor does the template). Give it: " + " ".join(f"--parameter {n}=VALUE" for n in names)
            + " (the value 'aws cloudformation describe-stacks' shows), or write its ParameterValue in the file.")


def parameters_with_file(file: str | Path | None, given: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The parameters of ``file`` (``read_parameters_file``) with ``given`` (``--parameter``) over them, and where
    each came from (the file's name, or "--parameter") for the messages that name a parameter."""
    values: dict[str, str] = {}
    origin: dict[str, str] = {}
    if file is not None:
        try:
            values = read_parameters_file(file)
        except PreviousValueError as exc:
            missing = [n for n in exc.names if n not in given]
            if missing:
                raise PreviousValueError(exc.source, missing, exc.values) from None
            values = exc.values
        origin = {k: f"--parameters-file {read_source_name(file)}" for k in values}
    values.update(given)
    origin.update({k: "--parameter" for k in given})
    return values, origin


def read_source_name(path: str | Path) -> str:
    return STDIN_NAME if str(path) == "-" else str(path)


def _looks_like_cfn(doc: dict) -> bool:
    """Whether a mapping that is no template reads as a piece of one (a ``Resources`` key, a top-level resource with
    an ``AWS::`` / ``Custom::`` Type, or a Ref / Fn::GetAtt), rather than as some other file (``just: text``)."""
    return "Resources" in doc or any(isinstance(v, dict) and isinstance(v.get("Type"), str)
                                     and v["Type"].startswith(("AWS::", "Custom::")) for v in doc.values()) \
        or bool(_refs_in(doc))


def fragment_message(name: str, doc: dict) -> str:
    """Why a mapping without a top-level ``Resources`` (or whose ``Resources`` hold no typed resource) is not a
    template: what it holds, what a whole template has (CloudFormation User Guide, "Template anatomy": Resources is
    the only required section) and where a whole one comes from."""
    typed = [str(k) for k, v in doc.items() if isinstance(v, dict) and isinstance(v.get("Type"), str)
             and v["Type"].startswith(("AWS::", "Custom::"))]
    refs = sorted({r for r in _refs_in(doc) if r not in doc and not r.startswith("AWS::")})
    keys = [str(k) for k in doc][:8]
    if typed:
        what = (f"it holds resources at its top level ({', '.join(typed[:8])}{' ...' if len(typed) > 8 else ''}), "
                "the way a piece of a template, an override or a snippet is written")
    elif "Resources" in doc:
        what = "its Resources section has no resource with a Type such as AWS::ECS::Service"
    else:
        what = f"it has no top-level Resources section (its top-level keys: {', '.join(keys)})"
    return (f"{name}: is a fragment of a CloudFormation template, not a whole template: {what}. A whole template "
            "has a top-level Resources section (the one section CloudFormation requires), each resource with a Type "
            "such as AWS::ECS::Service, and declares the Parameters and resources its Ref and Fn::GetAtt name"
            + (f" (this one names {', '.join(refs[:10])}{' ...' if len(refs) > 10 else ''}, which it does not "
               "declare)" if refs else "")
            + ". Give advisor the whole template the stack is deployed from: for AWS Copilot 'copilot svc package' "
            "(or 'copilot job package') writes it, for the CDK 'cdk synth' (cdk.out/*.template.json); or put these "
            "resources under 'Resources:' in the template they belong to.")


def _check_number(source: str, name: str, declared: dict, value: Any, given: str) -> None:
    """A ``Number`` (or ``List<Number>``) parameter's value must be numbers within its ``MinValue`` / ``MaxValue``:
    CloudFormation User Guide, "CloudFormation template Parameters syntax": Number is "An integer or float.
    CloudFormation validates the parameter value as a number", and MinValue/MaxValue are "A numeric value that
    determines the smallest (largest) numeric value you want to allow for Number types"; a stack given another value
    is refused before anything runs. ``WorkloadError`` naming the parameter, where its value came from (``given``)
    and what is valid."""
    kind = declared.get("Type")
    if kind not in ("Number", "List<Number>"):
        return
    values = value if isinstance(value, list) else (
        [x.strip() for x in value.split(",")] if kind == "List<Number>" and isinstance(value, str) else [value])
    for v in values:
        try:
            number = float(_text(v)) if not isinstance(v, bool) else math.nan
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            raise WorkloadError(f"{source}: parameter {name} ({given}): {show(v)} is not a number, and its Type is "
                                f"{kind}; CloudFormation refuses the stack. Give a number: --parameter {name}=NUMBER.")
        for key in ("MinValue", "MaxValue"):
            raw = declared.get(key)
            try:
                bound = float(_text(raw)) if raw is not None and not isinstance(raw, bool) else math.nan
            except (TypeError, ValueError):
                bound = math.nan
            if raw is not None and not math.isfinite(bound):
                raise WorkloadError(f"{source}: parameter {name}: its {key} {show(raw)} is not a number; CloudFormation "
                                    "refuses the template. Make it a number, or remove it.")
            if raw is not None and (number < bound if key == "MinValue" else number > bound):
                raise WorkloadError(f"{source}: parameter {name} ({given}): {show(v)} is "
                                    f"{'below its MinValue' if key == 'MinValue' else 'above its MaxValue'} "
                                    f"({_text(declared.get(key))}); CloudFormation refuses the stack. Give a number "
                                    f"from {_text(declared.get('MinValue', '-'))} to {_text(declared.get('MaxValue', '-'))}: "
                                    f"--parameter {name}=NUMBER.")


class _Resolver:
    """Intrinsic functions over one template; ``unresolved`` collects (resource, property, why)."""

    def __init__(self, template: dict, source: str, parameters: dict[str, Any], region: str | None,
                 origin: dict[str, str] | None = None):
        self.t, self.source, self.region = template, source, region
        origin = origin or {}
        self.resources: dict = template.get("Resources") or {}
        if not isinstance(self.resources, dict):
            raise WorkloadError(f"{source}: Resources must be a mapping of logical ids to resources.")
        self.params: dict[str, Any] = {}
        declared = template.get("Parameters") or {}
        if not isinstance(declared, dict):
            raise WorkloadError(f"{source}: Parameters must be a mapping.")
        for name, p in declared.items():
            if name in parameters:
                self.params[name] = parameters[name]
            elif isinstance(p, dict) and "Default" in p:
                default = p["Default"]
                if isinstance(p.get("Type"), str) and p["Type"].startswith("List<") or p.get("Type") == \
                        "CommaDelimitedList":
                    default = [x.strip() for x in str(default).split(",")] if isinstance(default, str) else default
                self.params[name] = default
        unknown = sorted(set(parameters) - set(declared))
        if unknown:
            raise WorkloadError(f"{source}: {origin.get(unknown[0], '--parameter')}: {unknown[0]}: the template "
                                f"declares no such parameter (it has: {', '.join(declared) or 'none'}).")
        for name, p in declared.items():  # CloudFormation refuses a value outside AllowedValues before anything runs
            allowed = p.get("AllowedValues") if isinstance(p, dict) else None
            if isinstance(allowed, list) and name in self.params and not isinstance(self.params[name], list) \
                    and _text(self.params[name]) not in [_text(v) for v in allowed]:
                given = origin.get(name, "--parameter") if name in parameters else "its Default"
                raise WorkloadError(f"{source}: parameter {name} ({given}): {show(self.params[name])} is not one of its "
                                    f"AllowedValues ({', '.join(_text(v) for v in allowed)}); CloudFormation refuses the "
                                    f"stack. Give one of them: --parameter {name}=VALUE.")
        for name, p in declared.items():
            if isinstance(p, dict) and name in self.params:
                given = origin.get(name, "--parameter") if name in parameters else "its Default"
                _check_number(source, name, p, self.params[name], given)
        self.mappings = template.get("Mappings") or {}
        self.conditions = template.get("Conditions") or {}
        for key in ("Mappings", "Conditions"):
            if not isinstance(template.get(key) or {}, dict):
                raise WorkloadError(f"{source}: {key} must be a mapping, got {show(template.get(key))}.")
        self._cond_cache: dict[str, bool | None] = {}
        self._cond_stack: list[str] = []
        self.unresolved: list[str] = []
        self.where = ""

    @property
    def where(self) -> str:
        """Where the value being resolved is: the resource (``Resources.BlueSet``) and the property path to it
        (``.Properties.NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp``, ``.Subnets[0]``), so a message
        about an intrinsic that cannot resolve names the field it is written in."""
        return self._where + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in self._path)

    @where.setter
    def where(self, value: str) -> None:
        self._where, self._path = value, []

    def miss(self, why: str) -> None:
        self.unresolved.append(f"{self.where}: {why}")

    def condition_inputs(self, name: Any) -> list[str]:
        """What condition ``name`` tests that has no value here, in the order written: its parameters without a
        Default or ``--parameter``, and ``AWS::Region`` without ``--region`` (following ``Condition`` references)."""
        out: list[str] = []
        stack: list[Any] = [{"Condition": name}]
        seen: set[str] = set()
        declared = self.t.get("Parameters") if isinstance(self.t.get("Parameters"), dict) else {}
        while stack:
            x = stack.pop(0)
            if isinstance(x, dict) and len(x) == 1 and "Condition" in x and isinstance(x["Condition"], str):
                if x["Condition"] not in seen and isinstance(self.conditions, dict):
                    seen.add(x["Condition"])
                    stack.append(self.conditions.get(x["Condition"]))
            elif isinstance(x, dict) and len(x) == 1 and "Ref" in x and isinstance(x["Ref"], str):
                ref = x["Ref"]
                if (ref in declared and ref not in self.params or ref == "AWS::Region" and not self.region) and \
                        ref not in out:
                    out.append(ref)
            elif isinstance(x, dict):
                stack += list(x.values())
            elif isinstance(x, list):
                stack += x
        return out

    def condition(self, name: Any) -> bool | None:
        if not isinstance(name, str) or not isinstance(self.conditions, dict) or name not in self.conditions:
            raise WorkloadError(f"{self.source}: {self.where}: condition {show(name)} is not defined in Conditions.")
        if name in self._cond_cache:
            return self._cond_cache[name]
        if name in self._cond_stack:
            cycle = " -> ".join(self._cond_stack[self._cond_stack.index(name):] + [name])
            raise WorkloadError(f"{self.source}: Conditions: a cycle of conditions ({cycle}); CloudFormation refuses it.")
        self._cond_stack.append(name)
        value = self._bool(self.conditions[name])
        self._cond_stack.pop()
        self._cond_cache[name] = value
        return value

    def _bool(self, expr: Any) -> bool | None:
        if isinstance(expr, dict) and len(expr) == 1:
            (fn, arg), = expr.items()
            if fn == "Condition":
                return self.condition(arg)
            if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
                a, b = self.value(arg[0]), self.value(arg[1])
                if _unresolved(a) or _unresolved(b):
                    return None
                return _text(a) == _text(b)
            if fn == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
                v = self._bool(arg[0])
                return None if v is None else not v
            if fn in ("Fn::And", "Fn::Or") and isinstance(arg, list):
                vals = [self._bool(x) for x in arg]
                if fn == "Fn::And":
                    return False if False in vals else None if None in vals else True
                return True if True in vals else None if None in vals else False
        if isinstance(expr, bool):
            return expr
        raise WorkloadError(f"{self.source}: {self.where}: {show(expr)} is not a condition (Fn::Equals, Fn::Not, "
                            "Fn::And, Fn::Or or Condition).")

    def value(self, v: Any, depth: int = 0) -> Any:
        """``v`` with every intrinsic that resolves replaced by its value; resource references stay as ``{"Ref":
        id}`` / ``{"Fn::GetAtt": [id, attr]}``; other unresolved intrinsics stay as written (and are recorded)."""
        if depth > 100:
            raise WorkloadError(f"{self.source}: {self.where}: intrinsic functions nest more than 100 levels.")
        if isinstance(v, list):
            out = [self._at(i, x, depth) if isinstance(x, (dict, list)) else x for i, x in enumerate(v)]
            return [x for x in out if not (isinstance(x, dict) and x.get("Ref") == "AWS::NoValue")]
        if not isinstance(v, dict):
            return v
        if len(v) == 1:
            (fn, arg), = v.items()
            if fn == "Ref":
                return self._ref(arg)
            if fn == "Fn::GetAtt":
                parts = arg.split(".", 1) if isinstance(arg, str) else arg
                if not isinstance(parts, list) or len(parts) != 2 or not isinstance(parts[0], str) or \
                        parts[0] not in self.resources:
                    raise WorkloadError(f"{self.source}: {self.where}: Fn::GetAtt {show(arg)} does not name a "
                                        "resource of this template and an attribute.")
                return {"Fn::GetAtt": [parts[0], self.value(parts[1], depth + 1)]}
            if fn == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
                c = self.condition(arg[0])
                if c is None:
                    self.miss(f"Fn::If on condition {arg[0]}, which does not resolve")
                    return {"Fn::If": [arg[0], self.value(arg[1], depth + 1), self.value(arg[2], depth + 1)]}
                return self.value(arg[1] if c else arg[2], depth + 1)
            if fn == "Fn::Sub":
                return self._sub(arg, depth)
            if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
                sep, items = self.value(arg[0], depth + 1), self.value(arg[1], depth + 1)
                if isinstance(sep, str) and isinstance(items, list) and all(isinstance(x, (str, int, float))
                                                                           for x in items):
                    return sep.join(_text(x) for x in items)
                return {"Fn::Join": [sep, items]}
            if fn == "Fn::Select" and isinstance(arg, list) and len(arg) == 2:
                i, items = self.value(arg[0], depth + 1), self.value(arg[1], depth + 1)
                # an index is a whole number, or its text in ASCII digits ('٥' is not 5, as int() would read it)
                if isinstance(i, str) and is_whole_number_text(i.strip(" ")):
                    i = int(i)
                elif isinstance(i, float) and i.is_integer() and abs(i) < 2**63:
                    i = int(i)
                if isinstance(i, bool) or not isinstance(i, int):
                    if isinstance(i, (str, float)):
                        raise WorkloadError(f"{self.source}: {self.where}: Fn::Select index {show(i)} is not a whole "
                                            "number written in the digits 0-9 (e.g. 0 or \"1\").")
                    return {"Fn::Select": [i, items]}
                if isinstance(items, list) and 0 <= i < len(items):
                    return items[i]
                if isinstance(items, list):
                    raise WorkloadError(f"{self.source}: {self.where}: Fn::Select index {show(i)} is outside the list of "
                                        f"{len(items)}.")
                return {"Fn::Select": [i, items]}
            if fn == "Fn::Split" and isinstance(arg, list) and len(arg) == 2:
                sep, text = self.value(arg[0], depth + 1), self.value(arg[1], depth + 1)
                if isinstance(sep, str) and isinstance(text, str):
                    return text.split(sep)
                return {"Fn::Split": [sep, text]}
            if fn == "Fn::FindInMap" and isinstance(arg, list) and len(arg) >= 3:
                keys = [self.value(x, depth + 1) for x in arg[:3]]
                if all(isinstance(k, str) for k in keys):
                    try:
                        return self.mappings[keys[0]][keys[1]][keys[2]]
                    except (KeyError, TypeError):
                        raise WorkloadError(f"{self.source}: {self.where}: Fn::FindInMap {keys}: no such entry in "
                                            "Mappings.") from None
                self.miss(f"Fn::FindInMap {show(arg)} (a key does not resolve)")
                return {"Fn::FindInMap": keys}
            if fn == "Fn::Base64":
                inner = self.value(arg, depth + 1)
                return inner if isinstance(inner, str) else {"Fn::Base64": inner}
            if fn in ("Fn::GetAZs", "Fn::ImportValue", "Fn::Cidr", "Fn::Transform", "Fn::Length", "Fn::ToJsonString"):
                self.miss(f"{fn} is not evaluated (it needs the account or other stacks)")
                return {fn: arg}
            if fn == "Condition":
                return self.condition(arg)
        # AWS::NoValue "removes the corresponding resource property when specified as a return value in the Fn::If
        # intrinsic function" (CloudFormation User Guide, Pseudo parameters reference): a key whose value resolves to
        # it is absent, in a mapping as in a list (SpotPrice: !If [IsSpot, !Ref SpotBidPrice, !Ref AWS::NoValue] is
        # an On-Demand launch configuration when IsSpot is false)
        out = {k: self._at(k, x, depth) if isinstance(x, (dict, list)) else x for k, x in v.items()}
        return {k: x for k, x in out.items() if not (isinstance(x, dict) and x.get("Ref") == "AWS::NoValue")}

    def _at(self, step: str | int, v: Any, depth: int) -> Any:
        """``value`` of ``v``, the key or list index ``step`` of the mapping or list being resolved (for ``where``;
        an error leaves the path as it is: it is the message's, and ``where`` is set anew for the next resource)."""
        self._path.append(step)
        out = self.value(v, depth + 1)
        self._path.pop()
        return out

    def _ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise WorkloadError(f"{self.source}: {self.where}: Ref {show(name)} must name a parameter or resource.")
        if name in self.params:
            return self.params[name]
        if name in self.resources:
            r = self.resources[name]
            if isinstance(r, dict) and r.get("Type") == "AWS::ECS::CapacityProvider":
                # Ref returns the capacity provider's name (CloudFormation User Guide, AWS::ECS::CapacityProvider,
                # Return values): its Name, else the generated one, which the logical id stands for (CDK's
                # AsgCapacityProvider strategies name the provider this way)
                given = (r.get("Properties") or {}).get("Name") if isinstance(r.get("Properties"), dict) else None
                if isinstance(given, dict):
                    given = self.value(given) if not _unresolved(self.value(given)) else given  # e.g. !Sub ${Env}-cp
                if given is not None and not (isinstance(given, str) and given):
                    self.miss(f"Ref {name}: the capacity provider's Name ({_written(given)}) is not a plain name; its "
                              "logical id stands for it")
                return given if isinstance(given, str) and given else name
            return {"Ref": name}
        if name == "AWS::NoValue":
            return {"Ref": "AWS::NoValue"}
        if name in _RESOLVED_PSEUDO:
            return _RESOLVED_PSEUDO[name]
        if name == "AWS::Region" and self.region:
            return self.region
        if name.startswith("AWS::"):
            return {"Ref": name}
        if isinstance(self.t.get("Parameters"), dict) and name in self.t["Parameters"]:
            self.miss(f"parameter {name} has no Default (give its value with 'advisor import cloudformation "
                      f"TEMPLATE -P {name}=VALUE', then compare the workload it writes)")
            return {"Ref": name}
        head, dot, attr = name.partition(".")
        hint = (f" Ref takes a logical id; for the attribute {attr} of resource {head} write "
                f"'!GetAtt {head}.{attr}' (Fn::GetAtt), as CloudFormation would refuse this Ref."
                if dot and attr and isinstance(self.t.get("Resources"), dict) and head in self.t["Resources"] else "")
        raise WorkloadError(f"{self.source}: {self.where}: Ref {name!r} is not a parameter or resource of this "
                            f"template.{hint}")

    def _sub(self, arg: Any, depth: int) -> Any:
        text, local = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1]) if (
            isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict)) else (None, {})
        if text is None:
            raise WorkloadError(f"{self.source}: {self.where}: Fn::Sub takes a string, or [string, {{variables}}].")
        local = {k: self.value(x, depth + 1) for k, x in local.items()}
        left = False
        kept: dict[str, Any] = {}  # the variables of the map that stay unresolved, kept with the text that uses them

        def repl(m: re.Match) -> str:
            nonlocal left
            name = m.group(1)
            v = local[name] if name in local else (self._ref(name) if "." not in name else
                                                    {"Fn::GetAtt": name.split(".", 1)})
            if isinstance(v, (str, int, float)):
                return _text(v)
            left = True
            if name in local:
                kept[name] = v
            return m.group(0)

        out = _SUB_VAR.sub(repl, text)
        # a ${Name} of the variable map stays that variable, not a parameter or resource of the same name: the
        # map goes with the text (Fn::Sub: [String, {Var: Value}]) for what reads it later (ResourceId, messages)
        return (({"Fn::Sub": [out, kept]} if kept else {"Fn::Sub": out}) if left else out.replace("${!", "${"))


def _text(value: Any) -> str:
    """A scalar as CloudFormation compares it: template values are text, so a YAML ``true`` is "true" (Copilot's
    ``AllowedValues: [true, false]`` with the parameter "false", and ``!Equals [!Ref P, true]``); CloudFormation User
    Guide, "Parameters" (parameter values are strings) and "Condition functions" (Fn::Equals compares two values)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _unresolved(v: Any) -> bool:
    return isinstance(v, dict) and len(v) == 1 and (next(iter(v)).startswith("Fn::") or next(iter(v)) == "Ref")


def _written(v: Any) -> str:
    """An intrinsic function as the user wrote it in YAML short form (``!Ref N``, ``!FindInMap [...]``)."""
    if isinstance(v, dict) and len(v) == 1:
        (fn, arg), = v.items()
        short = "!Ref" if fn == "Ref" else "!Condition" if fn == "Condition" else "!" + str(fn).removeprefix("Fn::")
        if isinstance(arg, str):
            return f"{short} {arg}"
        return f"{short} {show(arg, 50)}"
    return show(v)


def _awsvpc(net: Any, keys: tuple[str, ...], source: str, lid: str, where: str) -> tuple[str, Any] | None:
    """The ``AwsvpcConfiguration`` (or ``AwsVpcConfiguration``, as ``keys`` name it for the resource type) of a
    ``NetworkConfiguration`` as (the key written, the mapping), None when neither is set. CloudFormation refuses a
    NetworkConfiguration or an AwsvpcConfiguration that is not a mapping, and a key the resource type does not name
    (AWS::ECS::Service calls it AwsvpcConfiguration, AWS::ECS::TaskSet AwsVpcConfiguration): each exits 2 naming the
    property, instead of pricing the tasks without their public IPv4 addresses."""
    fld = f"{where}NetworkConfiguration"
    if net is None:
        return None
    if not isinstance(net, dict):
        raise WorkloadError(f"{source}: {lid}: {fld}: must be a mapping ({keys[0]}: {{Subnets, SecurityGroups, "
                            f"AssignPublicIp}}), got {show(net)}; CloudFormation refuses it.")
    key = next((k for k in keys if k in net), None)
    if key is None:
        wrong = next((k for k in net if isinstance(k, str) and k.lower() == keys[0].lower()), None)
        if wrong is not None:
            raise WorkloadError(f"{source}: {lid}: {fld}.{wrong}: is not a property of this resource type; it is "
                                f"spelled {keys[0]} here, and CloudFormation refuses {wrong}. Rename it.")
        return None
    if net[key] is not None and not isinstance(net[key], dict):
        raise WorkloadError(f"{source}: {lid}: {fld}.{key}: must be a mapping (Subnets, SecurityGroups, "
                            f"AssignPublicIp: ENABLED or DISABLED), got {show(net[key])}; CloudFormation refuses it.")
    return (key, net[key]) if isinstance(net[key], dict) else None


def _check_resolved(v: Any, res: _Resolver, lid: str, prop: str) -> None:
    """A cost-relevant property must resolve to a value: for an intrinsic left unresolved, a ``WorkloadError``
    naming the resource, the property, what was written and how to give it (``--parameter NAME=VALUE``)."""
    stack: list[tuple[str, Any]] = [(prop, v)]
    while stack:
        where, x = stack.pop()
        if _unresolved(x):
            (fn, arg), = x.items()
            declared = res.t.get("Parameters") if isinstance(res.t.get("Parameters"), dict) else {}
            if fn == "Ref" and isinstance(arg, str) and arg in declared:
                allowed = declared[arg].get("AllowedValues") if isinstance(declared[arg], dict) else None
                choices = (f" (its AllowedValues: {', '.join(show(_text(a)) for a in allowed[:10])}"
                           f"{', ...' if len(allowed) > 10 else ''})") if isinstance(allowed, list) and allowed else ""
                why = (f"parameter {arg} has no Default. Give its value{choices}: 'advisor import cloudformation "
                       f"TEMPLATE -P {shlex.quote(f'{arg}=VALUE')}' (--parameter), then compare the workload it writes.")
            elif fn == "Ref" and arg == "AWS::Region":
                why = f"AWS::Region is the stack's region, which a template does not hold; give it with {region_arg()}."
            elif fn == "Ref":
                why = f"it names {'a pseudo parameter' if str(arg).startswith('AWS::') else 'a resource'}, not a value."
            elif fn == "Fn::If" and isinstance(arg, list) and arg and isinstance(arg[0], str):
                inputs = res.condition_inputs(arg[0])
                params = [p for p in inputs if p != "AWS::Region"]
                how = [f"'advisor import cloudformation TEMPLATE {' '.join('-P ' + shlex.quote(f'{p}=VALUE') for p in params)}'"] * \
                    bool(params) + [region_arg()] * ("AWS::Region" in inputs)
                tests = [f"parameter{'s' * (len(params) > 1)} {', '.join(params)} without a Default"] * bool(params) + \
                    ["the stack's region AWS::Region, which a template does not hold"] * ("AWS::Region" in inputs)
                why = (f"its condition {arg[0]} does not resolve" + (
                    f": it tests {' and '.join(tests)}. Give {' and '.join(how)}, then compare the workload it "
                    "writes." if inputs else " (it tests what only the deployed stack knows); write the value."))
            else:
                why = (f"{fn} does not resolve without the deployed stack (a parameter without a Default, the stack's "
                       "region AWS::Region, another stack's export or the account's zones); give the parameters it "
                       f"uses with 'advisor import cloudformation TEMPLATE -P NAME=VALUE' and the region with "
                       f"{region_arg()}, or write the value.")
                # pseudo parameters only the deployed stack knows: -P cannot set them (it takes the template's own)
                pseudo = sorted(set(re.findall(r"\$\{(AWS::(?:StackName|StackId|AccountId|NotificationARNs))\}",
                                               json.dumps(arg))))
                if fn == "Fn::Sub" and pseudo:
                    why = (f"Fn::Sub uses {', '.join('${' + p + '}' for p in pseudo)}, which only the deployed stack "
                           "knows (a pseudo parameter: --parameter cannot set it); write the value into the template, "
                           "or make it a parameter and give it with -P NAME=VALUE.")
                elif fn == "Fn::Sub":  # name the parameters without a value it uses (${PurchaseOption})
                    text = arg if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg and \
                        isinstance(arg[0], str) else ""
                    local = arg[1] if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict) else {}
                    missing = list(dict.fromkeys(n for n in re.findall(r"\$\{(?!!)([A-Za-z0-9_]+)\}", text)
                                                 if n in declared and n not in res.params and n not in local))
                    if missing:
                        why = (f"Fn::Sub uses {', '.join(missing)}, which {'has' if len(missing) == 1 else 'have'} no "
                               "Default. Give 'advisor import cloudformation TEMPLATE "
                               f"{' '.join(f'-P {n}=VALUE' for n in missing)}', then compare the workload it writes.")
            raise WorkloadError(f"{res.source}: {lid}: {where}: {_written(x)} does not resolve to a value advisor can "
                                f"price: {why}")
        if isinstance(x, dict):
            stack += [(f"{where}.{k}", y) for k, y in x.items()]
        elif isinstance(x, list):
            stack += [(f"{where}[{i}]", y) for i, y in enumerate(x)]


#: Task definition properties the cost depends on (each must resolve), and the same of each container.
_TASK_SIZE_PROPS = ("Cpu", "Memory", "NetworkMode", "RuntimePlatform", "EphemeralStorage", "RequiresCompatibilities",
                    "PlacementConstraints")
#: What prices a service's managed EBS volume (AWS::ECS::Service ServiceManagedEBSVolumeConfiguration).
_EBS_SIZE_PROPS = ("SizeInGiB", "VolumeType", "Iops", "Throughput", "SnapshotId")
_CONTAINER_SIZE_PROPS = ("Cpu", "Memory", "MemoryReservation", "ResourceRequirements")


def _refs_in(v: Any) -> list[str]:
    """Logical ids a (resolved) value refers to: Ref, Fn::GetAtt and ${Res} / ${Res.Attr} in Fn::Sub."""
    out: list[str] = []
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if isinstance(x.get("Ref"), str) and not x["Ref"].startswith("AWS::"):
                out.append(x["Ref"])
            if isinstance(x.get("Fn::GetAtt"), list) and x["Fn::GetAtt"] and isinstance(x["Fn::GetAtt"][0], str):
                out.append(x["Fn::GetAtt"][0])
            if isinstance(x.get("Fn::Sub"), str):
                out += [m.split(".")[0] for m in _SUB_VAR.findall(x["Fn::Sub"]) if not m.startswith("AWS::")]
            stack += list(x.values())
        elif isinstance(x, list):
            stack += x
    return list(dict.fromkeys(out))


def _check_cycles(resources: dict, refs: dict[str, list[str]], source: str) -> None:
    """CloudFormation refuses a template whose resources depend on each other in a circle; so does advisor."""
    state: dict[str, int] = {}
    for start in resources:
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                state[node] = 1
                path.append(node)
            deps = [d for d in refs.get(node, []) if d in resources]
            if i < len(deps):
                stack.append((node, i + 1))
                nxt = deps[i]
                if state.get(nxt) == 1:
                    cycle = path[path.index(nxt):] + [nxt]
                    raise WorkloadError(f"{source}: Resources: circular dependency between resources "
                                        f"{' -> '.join(cycle)} (Ref, Fn::GetAtt, Fn::Sub or DependsOn); CloudFormation "
                                        f"refuses it too. Break the cycle at {cycle[0]}.")
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()


def _int(v: Any) -> Any:
    """Whole numbers a template may write as text ("2") or with a decimal point (2.0) as int; anything else unchanged
    (validated later). A float beyond 64 bits stays a float: 1e308 made a 309-digit int, which every message then
    wrote out in full."""
    if isinstance(v, str) and is_whole_number_text(v.strip()):
        return int(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:
        return int(v)
    return v


def _listed(p: dict, key: str, lid: str, estate: Estate, what: str) -> list:
    """A property CloudFormation takes as a list (``Selectors``, ``Tags``): the list; [] when absent or an intrinsic
    function advisor could not resolve (a mapping); anything else (a number, text, a boolean) is an error naming the
    field: a number failed with "'int' object is not iterable" and text was read letter by letter."""
    v = p.get(key)
    if v is None or isinstance(v, dict):
        return []
    if not isinstance(v, list):
        raise estate.error(lid, key, f"{show(v)} is not valid; it must be {what}.")
    return v


def _id(v: Any) -> str | None:
    """The logical id a {"Ref": id} / {"Fn::GetAtt": [id, ...]} names, else a plain string value, else None."""
    if isinstance(v, dict):
        if isinstance(v.get("Ref"), str):
            return v["Ref"]
        if isinstance(v.get("Fn::GetAtt"), list) and v["Fn::GetAtt"]:
            return str(v["Fn::GetAtt"][0])
        return None
    return str(v) if isinstance(v, (str, int)) and not isinstance(v, bool) else None


def import_cloudformation(path: str | Path | Source, *, region: str | None = None, name: str | None = None,
                          parameters: dict[str, Any] | None = None, as_of: str | None = None,
                          strict: bool = False, allow_empty: bool = False,
                          run_minutes: dict[str, Any] | None = None,
                          parameter_origin: dict[str, str] | None = None) -> IacImportResult:
    """Import a CloudFormation template (see the module docstring) into an ``IacImportResult``.

    ``parameters`` override the template's parameter defaults (``parameter_origin`` names where each came from in
    messages: "--parameter", or a parameters file, ``parameters_with_file``); ``region`` is the stack's region (``AWS::Region``;
    default us-east-1, noted); ``as_of`` (YYYY-MM-DD) is the date an EKS cluster's version is judged at (and the
    date schedules are judged at). ``run_minutes`` gives one run's minutes of a scheduled ECS task, by the logical id
    or name of its AWS::Events::Rule or AWS::Scheduler::Schedule, or by its task definition's logical id or family.
    Raises ``WorkloadError`` naming the resource (logical id) and property for anything it cannot read.
    """
    del strict
    folder_given(path, "advisor import cloudformation")
    src = read_source(path, what="CloudFormation template")
    template = parse_template(src)
    base = Path(src.name).parent if src.name != STDIN_NAME and Path(src.name).is_file() else None
    try:
        template, nested_notes, nested_assumptions = inline_nested_stacks(
            template, base, lambda p: parse_template(read_source(p, what="CloudFormation template")), source=src.name,
            seen=(Path(src.name),) if base is not None else ())
    except RecursionError:  # a child's intrinsics nested deeper than the interpreter walks (renaming them)
        raise WorkloadError(f"{src.name}: a nested stack's template nests too deeply.") from None
    cdk_region, cdk_problem = _cdk_stack_region(src) if region is None else (None, None)
    region = region or cdk_region
    res = _Resolver(template, src.name, dict(parameters or {}), region, parameter_origin)
    estate = Estate(src.name, "cloudformation", run_minutes=dict(run_minutes or {}))
    estate.notes += nested_notes
    estate.assumptions += nested_assumptions
    resolved: dict[str, dict] = {}
    deps: dict[str, list[str]] = {}
    skipped_by_condition: list[str] = []
    for lid, r in res.resources.items():
        res.where = f"Resources.{lid}"
        if not isinstance(r, dict) or not isinstance(r.get("Type"), str):
            raise WorkloadError(f"{src.name}: {lid}: a resource needs a Type (e.g. AWS::ECS::Service).")
        cond = r.get("Condition")
        if cond is not None:
            c = res.condition(cond)
            if c is False:
                skipped_by_condition.append(lid)
                continue
            if c is None:
                estate.assumptions.append(f"{lid}: its condition {cond} does not resolve: assumed to be created")
        props = r.get("Properties") or {}
        if not isinstance(props, dict):
            raise WorkloadError(f"{src.name}: {lid}: Properties must be a mapping.")
        raw_refs = _refs_in({**props, "_": [{"Ref": d} for d in _depends(r.get("DependsOn"))]})
        resolved[lid] = {"Type": r["Type"], "Properties": res._at("Properties", props, 0),
                         "DependsOn": _depends(r.get("DependsOn"))}
        deps[lid] = [d for d in raw_refs if d in res.resources] + [
            d for d in _refs_in(resolved[lid]["Properties"]) if d in res.resources]
    _check_cycles(res.resources, deps, src.name)
    if skipped_by_condition:
        # a nested stack that is not created needs no child template: no "nested stack not read" note for it (every
        # stack AWS Copilot writes has an AddonsStack whose Condition HasAddons is false without addons)
        unread = tuple(f"{lid}: nested stack not read: " for lid in skipped_by_condition)
        estate.notes = [n for n in estate.notes if not n.startswith(unread)]
        estate.notes.append(f"not created (their Condition is false): {', '.join(skipped_by_condition)}")

    def of_type(*types: str) -> list[tuple[str, dict]]:
        return [(lid, r["Properties"]) for lid, r in resolved.items() if r["Type"] in types]

    managed_scaling: dict[str, str] = {}  # Auto Scaling group logical id -> the provider that scales it
    for lid, p in of_type("AWS::ECS::CapacityProvider"):
        mip = p.get("ManagedInstancesProvider")
        if not isinstance(mip, dict):  # an Auto Scaling group provider: ECS on EC2's instances
            asgp = p.get("AutoScalingGroupProvider") if isinstance(p.get("AutoScalingGroupProvider"), dict) else {}
            ms = asgp.get("ManagedScaling") if isinstance(asgp.get("ManagedScaling"), dict) else {}
            group = _id(asgp.get("AutoScalingGroupArn"))
            if group in res.resources:
                # a strategy names the provider by its Name (what Ref returns), else its logical id stands for it
                estate.provider_groups[p.get("Name") if isinstance(p.get("Name"), str) and p.get("Name") else lid] = \
                    group
                if ms.get("Status") == "ENABLED":
                    managed_scaling[group] = lid
            continue
        # an ECS Managed Instances provider: its name (what a strategy's Ref returns) and capacity option
        # (InstanceLaunchTemplate.CapacityOptionType: ON_DEMAND, the default, SPOT or RESERVED)
        # (not ``name``: that is the workload's name, --name or the template's file name)
        provider = p.get("Name") if isinstance(p.get("Name"), str) and p.get("Name") else lid
        lt = mip.get("InstanceLaunchTemplate") if isinstance(mip.get("InstanceLaunchTemplate"), dict) else {}
        ir = lt.get("InstanceRequirements") if isinstance(lt.get("InstanceRequirements"), dict) else None
        storage = lt.get("StorageConfiguration") if isinstance(lt.get("StorageConfiguration"), dict) else {}
        estate.add_managed_provider(lid, provider, lt.get("CapacityOptionType"), ir,
                                    storage_gib=_int(storage.get("StorageSizeGiB")), provider=mip)
    for lid, p in of_type("AWS::ECS::Cluster"):
        estate.add_cluster(lid, p.get("ClusterName") if isinstance(p.get("ClusterName"), str) else None)
        items = p.get("DefaultCapacityProviderStrategy")
        if items:
            estate.default_strategies[lid] = (lid, _strategy(items))
    for lid, p in of_type("AWS::ECS::ClusterCapacityProviderAssociations"):
        items = p.get("DefaultCapacityProviderStrategy")
        if items:
            estate.default_strategies[estate.cluster_key(_id(p.get("Cluster"))) or ""] = (lid, _strategy(items))
    for lid, p in of_type("AWS::ECS::TaskDefinition"):
        for prop in _TASK_SIZE_PROPS:
            _check_resolved(p.get(prop), res, lid, prop)
        for i, c in enumerate(p.get("ContainerDefinitions") if isinstance(p.get("ContainerDefinitions"), list) else []):
            for prop in _CONTAINER_SIZE_PROPS:
                _check_resolved(c.get(prop) if isinstance(c, dict) else None, res, lid,
                                f"ContainerDefinitions[{i}].{prop}")
            for j, pm in enumerate(c.get("PortMappings") if isinstance(c, dict) and
                                   isinstance(c.get("PortMappings"), list) else []):
                _check_resolved(pm.get("HostPort") if isinstance(pm, dict) else None, res, lid,
                                f"ContainerDefinitions[{i}].PortMappings[{j}].HostPort")
            lp = c.get("LinuxParameters") if isinstance(c, dict) else None
            _check_resolved(lp.get("Devices") if isinstance(lp, dict) else None, res, lid,
                            f"ContainerDefinitions[{i}].LinuxParameters.Devices")
        td = camel_keys(p, keep=_DATA_KEYS)
        if isinstance(td.get("ephemeralStorage"), dict) and "sizeInGiB" in td["ephemeralStorage"]:
            # an Integer property CloudFormation also takes as text ("40"), as DesiredCount: the ECS API's number
            td["ephemeralStorage"] = {**td["ephemeralStorage"], "sizeInGiB": _int(td["ephemeralStorage"]["sizeInGiB"])}
        if (minutes := _tag(p.get("Tags"), TAG_RUN_MINUTES)) is not None:
            estate.task_tags[lid] = minutes
        td.setdefault("family", lid)
        if not isinstance(td.get("family"), str):
            td["family"] = lid
        estate.task_definitions[lid] = td
    # names given in the template (ServiceName) come first: a construct's id never takes one of them
    explicit = {lid: p["ServiceName"] for lid, p in of_type("AWS::ECS::Service") if isinstance(p.get("ServiceName"), str)}
    cdk_names = {lid: n for lid, n in _cdk_construct_names([lid for lid, _ in of_type("AWS::ECS::Service")
                                                             if lid not in explicit], res.resources).items()
                 if n not in explicit.values()}
    # services an ECS scalable target of this template scales: Application Auto Scaling sets their desired count
    # within the target's range, which is what is priced ("Amazon ECS and Application Auto Scaling")
    scaled_by = {ref: tlid for tlid, tp in of_type("AWS::ApplicationAutoScaling::ScalableTarget")
                 if tp.get("ServiceNamespace") == "ecs" for ref in _refs_in(tp.get("ResourceId"))}
    for lid, p in of_type("AWS::ECS::Service"):
        unset_count = _unresolved(p.get("DesiredCount")) and lid in scaled_by
        for prop in ("DesiredCount", "LaunchType", "CapacityProviderStrategy", "DeploymentConfiguration",
                     "SchedulingStrategy", "PlacementConstraints"):
            if not (prop == "DesiredCount" and unset_count):
                _check_resolved(p.get(prop), res, lid, prop)
        api: dict[str, Any] = {}
        # DesiredCount does not apply to a DAEMON service (ECS API Reference, CreateService desiredCount: "This is
        # required when schedulingStrategy is REPLICA or isn't specified. If schedulingStrategy is DAEMON then this
        # isn't required"): no default of 1 is applied, and taskdef.daemon_assumption says what is priced
        daemon = p.get("SchedulingStrategy") == "DAEMON"
        if "DesiredCount" in p and not unset_count:
            api["desiredCount"] = _int(p["DesiredCount"])
        elif not daemon:
            api["desiredCount"] = CFN_ECS_DEFAULT_DESIRED_COUNT
        if unset_count:
            # AWS Copilot: DesiredCount is the GetAtt of a custom resource that reads the running count
            estate.notes.append(f"{lid}: DesiredCount {_written(p['DesiredCount'])} does not resolve without the "
                                f"deployed stack; the scalable target {scaled_by[lid]} sets it within its range, which "
                                "is what is priced")
        elif "DesiredCount" not in p and not daemon:
            estate.notes.append(f"{lid}: no DesiredCount: {CFN_ECS_DEFAULT_DESIRED_COUNT}, CloudFormation's default "
                                "for a new service")
        for key in ("LaunchType", "SchedulingStrategy"):
            if p.get(key):
                api[key[:1].lower() + key[1:]] = p[key]
        if p.get("CapacityProviderStrategy"):
            api["capacityProviderStrategy"] = _strategy(p["CapacityProviderStrategy"])
        if p.get("PlacementConstraints") is not None:
            api["placementConstraints"] = camel_keys(p["PlacementConstraints"])
        found = _awsvpc(p.get("NetworkConfiguration"), ("AwsvpcConfiguration",), src.name, lid, "")
        vpc = found[1] if found else None
        if isinstance(vpc, dict) and vpc.get("AssignPublicIp") is not None:  # a public IPv4 address per task
            _check_resolved(vpc["AssignPublicIp"], res, lid, "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp")
            api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": vpc["AssignPublicIp"]}}
        if p.get("VolumeConfigurations") is not None:  # managed EBS volumes, one per task (taskdef.managed_ebs_volumes)
            vcs = p["VolumeConfigurations"]
            for i, vc in enumerate(vcs if isinstance(vcs, list) else []):
                ebs = vc.get("ManagedEBSVolume") if isinstance(vc, dict) else None
                for key in _EBS_SIZE_PROPS if isinstance(ebs, dict) else ():  # RoleArn, KmsKeyId ... need not resolve
                    _check_resolved(ebs.get(key), res, lid, f"VolumeConfigurations[{i}].ManagedEBSVolume.{key}")
            api["volumeConfigurations"] = camel_keys(vcs)
        dep = p.get("DeploymentConfiguration") if isinstance(p.get("DeploymentConfiguration"), dict) else {}
        dc = {k[:1].lower() + k[1:]: _int(dep[k]) for k in ("MinimumHealthyPercent", "MaximumPercent") if k in dep}
        if isinstance(dep.get("Strategy"), str):  # ECS blue/green, linear, canary (taskdef.service_fields reads them)
            dc["strategy"] = dep["Strategy"]
        if "BakeTimeInMinutes" in dep:
            dc["bakeTimeInMinutes"] = _int(dep["BakeTimeInMinutes"])
        if dc:
            api["deploymentConfiguration"] = dc
        controller = p.get("DeploymentController")
        if isinstance(controller, dict) and isinstance(controller.get("Type"), str):
            api["deploymentController"] = {"type": controller["Type"]}
        name_v = p.get("ServiceName")
        if not isinstance(name_v, str):
            name_v = cdk_names.get(lid, lid)
        lbs = len(p.get("LoadBalancers") or []) if isinstance(p.get("LoadBalancers"), list) else 0
        estate.add_service(lid, name_v, api, _id(p.get("Cluster")),
                           _service_task(p.get("TaskDefinition"), res, lid, "TaskDefinition"), lbs,
                           task_unset=p.get("TaskDefinition") is None)
    for lid, p in of_type("AWS::ECS::ExpressGatewayService"):
        # ECS Express Mode: ECS makes the task definition, service, load balancer and scaling target from these
        for prop in ("Cpu", "Memory", "ScalingTarget"):
            _check_resolved(p.get(prop), res, lid, prop)
        scaling = _mapping(p.get("ScalingTarget"), src.name, lid, "ScalingTarget")
        primary = p.get("PrimaryContainer") if isinstance(p.get("PrimaryContainer"), dict) else {}
        task = None if p.get("TaskDefinitionArn") is None else \
            _service_task(p["TaskDefinitionArn"], res, lid, "TaskDefinitionArn")
        estate.add_express_service(lid, name=p.get("ServiceName"), cluster=_id(p.get("Cluster")), cpu=p.get("Cpu"),
                                   memory=p.get("Memory"), image=primary.get("Image"),
                                   lo=_int(scaling.get("MinTaskCount")), hi=_int(scaling.get("MaxTaskCount")),
                                   fields=("ScalingTarget.MinTaskCount", "ScalingTarget.MaxTaskCount"), task=task,
                                   subnets=_mapping(p.get("NetworkConfiguration"), src.name, lid,
                                                    "NetworkConfiguration").get("Subnets"))
    for lid, p in of_type("AWS::ECS::TaskSet"):
        for prop in ("Scale", "LaunchType", "CapacityProviderStrategy"):
            _check_resolved(p.get(prop), res, lid, prop)
        scale = _mapping(p.get("Scale"), src.name, lid, "Scale")
        api: dict[str, Any] = {}
        if p.get("LaunchType"):
            api["launchType"] = p["LaunchType"]
        if p.get("CapacityProviderStrategy"):
            api["capacityProviderStrategy"] = _strategy(p["CapacityProviderStrategy"])
        # NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp (AWS::ECS::TaskSet AwsVpcConfiguration: "Whether the
        # task's elastic network interface receives a public IP address. The default value is DISABLED"): ENABLED
        # gives each of the task set's tasks a public IPv4 address, priced per IP-hour as a service's
        found = _awsvpc(p.get("NetworkConfiguration"), ("AwsVpcConfiguration",), src.name, lid, "")
        vpc = found[1] if found else None
        if isinstance(vpc, dict) and vpc.get("AssignPublicIp") is not None:
            fld = "NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp"
            _check_resolved(vpc["AssignPublicIp"], res, lid, fld)
            if vpc["AssignPublicIp"] not in ASSIGN_PUBLIC_IP:
                raise WorkloadError(f"{src.name}: {lid}: {fld}: {show(vpc['AssignPublicIp'])} is not valid; use ENABLED "
                                    "or DISABLED (the default is DISABLED: each task then has no public IPv4 address).")
            api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": vpc["AssignPublicIp"]}}
        value = scale.get("Value")
        if isinstance(value, str) and is_decimal_text(value.strip(" ")):  # ASCII only: float() reads '٥٠' as 50
            value = float(value)
        estate.add_task_set(lid, service=_id(p.get("Service")),
                            task=_service_task(p.get("TaskDefinition"), res, lid, "TaskDefinition"), scale=value,
                            unit=scale.get("Unit"), api=api)
    _scheduled_tasks(of_type, res, estate)
    for lid, p in of_type("AWS::ApplicationAutoScaling::ScalableTarget"):
        if p.get("ServiceNamespace") != "ecs":
            estate.skip(f"AWS::ApplicationAutoScaling::ScalableTarget ({p.get('ServiceNamespace')})")
            continue
        for prop in ("MinCapacity", "MaxCapacity"):
            _check_resolved(p.get(prop), res, lid, prop)
        rid = p.get("ResourceId")
        ref = next((i for i in _refs_in(rid) if resolved.get(i, {}).get("Type") == "AWS::ECS::Service"), None)
        if ref is None and not isinstance(rid, str):
            ref = _service_of_partial_id(lid, rid, resolved, estate, explicit)
        estate.add_scaling_target(lid, ref, rid if isinstance(rid, str) else None, _int(p.get("MinCapacity")),
                                  _int(p.get("MaxCapacity")))
        actions = p.get("ScheduledActions")
        if isinstance(actions, list) and actions:
            # ScheduledActions change MinCapacity / MaxCapacity on a schedule (the CDK's scaleOnSchedule); advisor
            # prices the target's own range, so the schedule's effect on the average is an assumption to state
            estate.assumptions.append(
                f"{lid}: {len(actions)} scheduled action(s) (ScheduledActions) change the service's min/max task "
                "counts on a schedule; advisor prices the target's MinCapacity-MaxCapacity range (its midpoint) and "
                "does not follow the schedule: set scaling.average from your metrics")
    for lid, _p in of_type("AWS::ApplicationAutoScaling::ScalingPolicy"):
        estate.policies.append(lid)
    cluster_names: dict[str, str] = {}
    for lid, p in of_type("AWS::EKS::Cluster", CDK_EKS_CLUSTER):
        if resolved[lid]["Type"] == CDK_EKS_CLUSTER:
            # the aws-eks module's cluster (eks.Cluster / FargateCluster) is a custom resource whose Config is the
            # CreateCluster request (name, version, ...); its Ref is the cluster's name
            p = _cdk_eks_config(p, res.source, lid)
            estate.notes.append(f"{lid}: EKS cluster created by the CDK's {CDK_EKS_CLUSTER} (aws-eks Cluster), read "
                                "from its Config as an AWS::EKS::Cluster")
        version = p.get("Version")
        cname = p.get("Name") if isinstance(p.get("Name"), str) else lid
        cluster_names[lid] = cname
        entry: dict[str, Any] = {"name": cname[:253]}
        if isinstance(version, (str, int, float)) and not isinstance(version, bool):
            entry["version"] = ".".join(str(version).split(".")[:2])
        else:
            estate.assumptions.append(f"{lid}: Version does not resolve ({show(version)}): EKS creates the cluster at its "
                                      "default version, in standard support")
        if isinstance(p.get("ComputeConfig"), dict) and p["ComputeConfig"].get("Enabled") in (True, "true"):
            entry["auto_mode"] = True
            pools = p["ComputeConfig"].get("NodePools")
            if isinstance(pools, list) and "general-purpose" not in pools:
                estate.auto_mode_without_general_purpose.append((lid, "ComputeConfig.NodePools", pools))
        support = _mapping(p.get("UpgradePolicy"), src.name, lid, "UpgradePolicy").get("SupportType")
        if support in ("STANDARD", "EXTENDED"):
            entry["support_type"] = support
        entry["source"] = lid
        estate.eks_clusters.append(entry)
    templates = {lid: p for lid, p in of_type("AWS::EC2::LaunchTemplate", "AWS::AutoScaling::LaunchConfiguration")}
    subnets = dict(of_type("AWS::EC2::Subnet"))  # their MapPublicIpOnLaunch: public IPv4 addresses of instances
    for lid, p in of_type("AWS::EKS::Nodegroup"):
        for prop in ("ScalingConfig", "InstanceTypes", "CapacityType", "DiskSize"):
            _check_resolved(p.get(prop), res, lid, prop)
        sc = p.get("ScalingConfig") if isinstance(p.get("ScalingConfig"), dict) else None
        if not sc or sc.get("DesiredSize") is None:
            raise WorkloadError(f"{src.name}: {lid}: ScalingConfig.DesiredSize is missing or does not resolve; advisor "
                                "prices the nodes the group runs.")
        launch, problem = _launch_template(p.get("LaunchTemplate"), templates, estate, res, lid, "LaunchTemplate")
        types = p.get("InstanceTypes")
        if types is not None and (not isinstance(types, list) or not all(isinstance(t, str) for t in types)):
            raise WorkloadError(f"{src.name}: {lid}: InstanceTypes {show(types)} does not resolve to instance type "
                                "names; give the parameter it uses (--parameter NAME=VALUE).")
        cluster = _id(p.get("ClusterName"))
        estate.add_node_group(lid, name=str(p.get("NodegroupName") if isinstance(p.get("NodegroupName"), str) else lid),
                              orchestrator="eks", cluster=cluster_names.get(cluster or "", cluster),
                              instance_types=types or None, desired=_int(sc.get("DesiredSize")),
                              lo=_int(sc.get("MinSize")), hi=_int(sc.get("MaxSize")),
                              capacity_type=p.get("CapacityType"), disk_size_gib=_int(p.get("DiskSize")), defaults=True,
                              launch=launch, launch_problem=problem,
                              ami_type=p.get("AmiType") if isinstance(p.get("AmiType"), str) else None,
                              subnets=_subnets(p.get("Subnets"), subnets, "Subnets"), subnets_field="Subnets")
    for lid, p in of_type("AWS::EKS::FargateProfile", CDK_EKS_FARGATE_PROFILE):
        if resolved[lid]["Type"] == CDK_EKS_FARGATE_PROFILE:
            p = _cdk_eks_config(p, res.source, lid)
        namespaces = [s.get("Namespace") for s in _listed(p, "Selectors", lid, estate, "a list of selectors "
                                                          "({Namespace: ..., Labels: ...})")
                      if isinstance(s, dict) and isinstance(s.get("Namespace"), str)]
        cluster = _id(p.get("ClusterName"))
        estate.fargate_profiles.append({"name": str(p.get("FargateProfileName") if isinstance(
            p.get("FargateProfileName"), str) else lid)[:253], **({"cluster": cluster_names.get(cluster, cluster)}
                                                                 if cluster else {}),
            "namespaces": namespaces[:5], "source": lid})
    for lid, p in of_type("AWS::AutoScaling::AutoScalingGroup"):
        # EKS self-managed nodes (the kubernetes.io/cluster tag, or user data that joins an EKS cluster), whether or
        # not their cluster is in this template; else container instances of an ECS cluster of this template (its
        # services may live in other stacks), or EKS nodes of an EKS cluster of this template
        eks = eks_self_managed([(user_data_text(t.get("Key")), t.get("Value"))
                                for t in _listed(p, "Tags", lid, estate, "a list of tags ({Key: ..., Value: ..., "
                                                 "PropagateAtLaunch: ...})") if isinstance(t, dict)],
                               _asg_user_data(p, templates))
        orchestrator = ("eks" if eks else "ecs" if estate.services or estate.task_definitions or estate.clusters
                        else "eks" if estate.eks_clusters else None)
        if orchestrator is None:
            estate.skip("AWS::AutoScaling::AutoScalingGroup (no ECS cluster, ECS service or EKS cluster in this "
                        "template, and no kubernetes.io/cluster tag or EKS bootstrap in its user data)")
            continue
        cluster = None
        if eks:
            cluster = eks[0] or (estate.eks_clusters[0]["name"] if len(estate.eks_clusters) == 1 else None)
            estate.eks_nodes_note(lid, cluster, eks[1])
        elif joined := re.search(r"ECS_CLUSTER=['\"]?([A-Za-z0-9_-]+)", _asg_user_data(p, templates)):
            # container instances join the cluster their ECS agent's ECS_CLUSTER names (Amazon ECS Developer Guide,
            # "Amazon ECS container agent configuration"): what a service of the EC2 launch type there runs on
            estate.cluster_groups.setdefault(estate.cluster_key(joined.group(1)) or joined.group(1), []).append(lid)
        launch, mixed = _asg_launch(p, templates, estate, res, lid)
        for prop in ("DesiredCapacity", "MinSize", "MaxSize"):
            _check_resolved(p.get(prop), res, lid, prop)
        desired = p.get("DesiredCapacity", p.get("MinSize"))
        if "DesiredCapacity" not in p and lid in managed_scaling:
            # ECS managed scaling sets the group's size from the tasks the provider's strategies place there
            estate.assumptions.append(
                f"{lid}: no DesiredCapacity, and capacity provider {managed_scaling[lid]} scales it with ECS managed "
                f"scaling (instances for the tasks its strategies place, from MinSize {show(_int(p.get('MinSize')))}"
                + (f" to MaxSize {show(_int(p.get('MaxSize')))}" if p.get("MaxSize") is not None else "")
                + "): the declared estate prices MinSize "
                f"({show(_int(desired))}) instances; "
                "the ECS on EC2 estimate shows the instances the tasks need")
        elif "DesiredCapacity" not in p:
            estate.assumptions.append(f"{lid}: no DesiredCapacity: MinSize ({show(_int(desired))}) instances assumed")
        estate.add_auto_scaling_group(lid, name=lid, orchestrator=orchestrator, launch=launch, desired=_int(desired),
                                      lo=_int(p.get("MinSize")), hi=_int(p.get("MaxSize")), mixed=mixed,
                                      what="LaunchTemplate" if p.get("LaunchConfigurationName") is None
                                      else "LaunchConfigurationName", cluster=cluster,
                                      subnets=_subnets(p.get("VPCZoneIdentifier"), subnets, "VPCZoneIdentifier"),
                                      subnets_field="VPCZoneIdentifier")
    for lid, p in of_type("AWS::ElasticLoadBalancingV2::LoadBalancer"):
        kind = p.get("Type") or "application"
        (estate.albs if kind == "application" else estate.nlbs if kind == "network" else []).append(lid)
        if kind not in ("application", "network"):
            estate.skip(f"AWS::ElasticLoadBalancingV2::LoadBalancer ({kind})")
            continue
        scheme = p.get("Scheme", "internet-facing")  # CloudFormation's default
        if isinstance(scheme, str) and scheme not in ("internet-facing", "internal"):
            raise WorkloadError(f"{src.name}: {lid}: Scheme: {show(scheme)} is not valid; CloudFormation takes "
                                "internet-facing (the default) or internal.")
        if not isinstance(scheme, str):
            estate.notes.append(f"{lid}: its Scheme does not resolve, so whether it is internet-facing (a public IPv4 "
                                "address per subnet) is not known: its addresses are not counted; add them to "
                                "shared.public_ipv4.count if it is")
            continue
        estate.add_lb_public_ips(lid, scheme == "internet-facing", p.get("IpAddressType"), p.get("Subnets"),
                                 p.get("SubnetMappings"))
    _cdk_manifests(resolved, estate, src.name)
    estate.nat_gateways += [lid for lid, _ in of_type("AWS::EC2::NatGateway")]
    estate.eips += [lid for lid, _ in of_type("AWS::EC2::EIP")]
    estate.log_groups += [lid for lid, _ in of_type("AWS::Logs::LogGroup")]
    mapped = {"AWS::ECS::Cluster", "AWS::ECS::ClusterCapacityProviderAssociations", "AWS::ECS::TaskDefinition",
              "AWS::ECS::Service", "AWS::ECS::TaskSet", "AWS::ECS::ExpressGatewayService",
              "AWS::ApplicationAutoScaling::ScalableTarget",
              "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::EKS::Cluster", "AWS::EKS::Nodegroup",
              "AWS::EKS::FargateProfile", "AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::LaunchTemplate",
              "AWS::AutoScaling::LaunchConfiguration", "AWS::ElasticLoadBalancingV2::LoadBalancer",
              "AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::Logs::LogGroup", CDK_MANIFEST, CDK_HELM_CHART,
              CDK_EKS_CLUSTER, CDK_EKS_FARGATE_PROFILE,
              "AWS::Events::Rule", "AWS::Scheduler::Schedule"}
    # an ECS Managed Instances capacity provider is read (add_managed_provider), as Terraform's is; an Auto Scaling
    # group provider is counted with what is not priced, as Terraform's is (its group is priced)
    read_providers = {lid for lid, p in of_type("AWS::ECS::CapacityProvider")
                      if isinstance(p.get("ManagedInstancesProvider"), dict)}
    for lid, r in resolved.items():
        if r["Type"] not in mapped and lid not in read_providers:
            estate.skip(r["Type"])
    relevant = [u for u in res.unresolved if any(u.startswith((f"Resources.{lid}:", f"Resources.{lid}."))
                                                  for lid, r in resolved.items() if r["Type"] in mapped)]
    if relevant:
        estate.notes.append("not resolved (left as written): " + "; ".join(dict.fromkeys(relevant[:20]))
                            + (f"; and {len(relevant) - 20} more" if len(relevant) > 20 else ""))
    if cdk_region:
        estate.notes.append(f"{src.name}: region {cdk_region}, the stack's environment in the cdk.out manifest.json "
                            "beside it")
    if region is None:
        estate.assumptions.append(f"{src.name}: a template has no region (AWS::Region is the stack's)"
                                  + (f", and {cdk_problem}" if cdk_problem else "")
                                  + f": us-east-1 assumed (give {region_arg()})")
    label = "standard input" if src.name == STDIN_NAME else Path(src.name).name
    header = [f"Imported by 'advisor import cloudformation' from {label}.",
              "Sizes come from the task definitions; cpu is vCPU, memory is MiB."]
    return estate.build(name=name or src.stem, region=(region or "us-east-1").strip().lower(), header=header,
                        as_of=as_of, allow_empty=allow_empty)


#: The CDK's custom resources for ``cluster.addManifest`` / ``addHelmChart`` (aws-cdk-lib aws-eks: a JSON array of
#: Kubernetes objects in ``Manifest``; a chart name in ``Chart``).
CDK_MANIFEST = "Custom::AWSCDK-EKS-KubernetesResource"
CDK_HELM_CHART = "Custom::AWSCDK-EKS-HelmChart"
#: The aws-eks module's cluster and Fargate profiles (``eks.Cluster``, ``eks.FargateCluster``,
#: ``cluster.addFargateProfile``) are custom resources whose ``Config`` is the EKS API request, in its camelCase
#: (CreateCluster: ``name``, ``version``, ``upgradePolicy.supportType``, ``computeConfig.enabled``;
#: CreateFargateProfile: ``fargateProfileName``, ``clusterName``, ``selectors[].namespace``). aws-eks-v2 writes
#: ``AWS::EKS::Cluster`` / ``AWS::EKS::FargateProfile`` instead.
CDK_EKS_CLUSTER = "Custom::AWSCDK-EKS-Cluster"
CDK_EKS_FARGATE_PROFILE = "Custom::AWSCDK-EKS-FargateProfile"


def _cdk_eks_config(props: dict, source: str, lid: str) -> dict:
    """The ``Config`` of a CDK EKS custom resource in the words of the CloudFormation resource it stands for
    (``name`` -> ``Name``, ``selectors[].namespace`` -> ``Selectors[].Namespace``, at any depth)."""
    def pascal(v: Any) -> Any:
        if isinstance(v, dict):
            return {(k[:1].upper() + k[1:] if isinstance(k, str) else k): pascal(x) for k, x in v.items()}
        return [pascal(x) for x in v] if isinstance(v, list) else v
    config = _mapping(props.get("Config"), source, lid, "Config")
    return pascal(config)


def _cdk_manifests(resolved: dict, estate: Estate, source: str) -> None:
    """Kubernetes objects the CDK applies with ``cluster.addManifest`` (``Manifest`` is a JSON array, often a
    ``Fn::Join`` around tokens such as image URIs: those parts become the text UNRESOLVED, noted)."""
    for lid, r in resolved.items():
        if r["Type"] == CDK_HELM_CHART:
            chart = r["Properties"].get("Chart")
            estate.notes.append(f"{lid}: Helm chart {show(chart)} (CDK addHelmChart) is not rendered, so its workloads "
                                "are not priced; render it ('helm template ...') and compare the manifests too")
            continue
        if r["Type"] != CDK_MANIFEST:
            continue
        text = r["Properties"].get("Manifest")
        if isinstance(text, dict) and isinstance(text.get("Fn::Join"), list) and len(text["Fn::Join"]) == 2 \
                and isinstance(text["Fn::Join"][1], list):
            sep, parts = text["Fn::Join"]
            text = str(sep).join(p if isinstance(p, str) else "UNRESOLVED" for p in parts)
            estate.notes.append(f"{lid}: parts of its manifest are tokens resolved only at deploy time (left as "
                                "UNRESOLVED; image names and the like, not sizes)")
        if not isinstance(text, str):
            raise WorkloadError(f"{source}: {lid}: Manifest does not resolve to the JSON text of Kubernetes objects "
                                f"({show(text)}).")
        objs = loads_json(text, f"{source}: {lid}: Manifest")
        for i, obj in enumerate(objs if isinstance(objs, list) else [objs]):
            if isinstance(obj, dict) and obj.get("kind") in ("Deployment", "StatefulSet", "DaemonSet",
                                                             "HorizontalPodAutoscaler", "LimitRange",
                                                             "ResourceQuota", "PersistentVolumeClaim",
                                                             "PersistentVolume", "StorageClass", "RuntimeClass"):
                estate.k8s.append((f"{lid} Manifest[{i}]", obj))
            elif node_pool_kind(obj):  # a Karpenter / EKS Auto Mode NodePool or node class
                estate.node_pools.append((f"{lid} Manifest[{i}]", node_pool_kind(obj), obj))
            elif isinstance(obj, dict):
                estate.skip(f"Kubernetes {obj.get('kind')}")


def _launch_template(spec: Any, templates: dict, estate: Estate, res: _Resolver, lid: str, fld: str):
    """(``LaunchSpec``, None) of the ``AWS::EC2::LaunchTemplate`` a ``LaunchTemplate`` specification names (``Id`` /
    ``LaunchTemplateId`` a Ref to it, or ``Name`` / ``LaunchTemplateName`` its ``LaunchTemplateName``), or (None,
    why it is not in this template); (None, None) without a specification."""
    source = res.source
    spec = _mapping(spec, source, lid, fld)
    if not spec:
        return None, None
    ident = _id(spec.get("Id") or spec.get("LaunchTemplateId"))
    name = spec.get("Name") or spec.get("LaunchTemplateName")
    found = ident if ident in templates else next(
        (t for t, p in templates.items() if isinstance(name, str) and (t == name or p.get("LaunchTemplateName") == name)),
        None)
    if found is None:
        given = spec.get("Id") or spec.get("LaunchTemplateId") or name
        return None, (f"{_written(given)} is not an AWS::EC2::LaunchTemplate of this template (imported from another "
                      "stack, or a template created elsewhere)")
    data = _mapping(templates[found].get("LaunchTemplateData"), source, found, "LaunchTemplateData")
    for prop in ("InstanceType", "BlockDeviceMappings", "Placement"):
        _check_resolved(data.get(prop), res, found, f"LaunchTemplateData.{prop}")
    return estate.launch_spec(found, data, written=_written), None


def _subnets(v: Any, subnets: dict[str, dict], fld: str) -> Any:
    """Where a group's instances launch, for ``Estate.public_ip_share``: a list of (the subnet as the template names it,
    its ``MapPublicIpOnLaunch``: True / False, absent False, the EC2 default for a subnet you create; None when the
    template does not say: a subnet id, a parameter's value, another stack's export, or a value that does not
    resolve), the text of why the list itself is not known, or ``NO_SUBNETS`` when ``v`` is None."""
    if v is None:
        return NO_SUBNETS
    if isinstance(v, str):  # a CommaDelimitedList / List<AWS::EC2::Subnet::Id> parameter's value
        v = [x.strip() for x in v.split(",") if x.strip()]
    split = v.get("Fn::Split") if isinstance(v, dict) and len(v) == 1 else None
    if isinstance(split, list) and len(split) == 2 and isinstance(split[1], dict) and len(split[1]) == 1:
        v = split[1]  # !Split [",", !Join [",", [...]]]: a nested stack's output passed as a list parameter
    join = v.get("Fn::Join") if isinstance(v, dict) and len(v) == 1 else None
    if isinstance(join, list) and len(join) == 2 and join[0] == "," and isinstance(join[1], list) and \
            (split is None or split[0] == ","):
        v = [y for x in join[1] for y in ([z.strip() for z in x.split(",") if z.strip()] if isinstance(x, str)
                                          else [x])]
    if not isinstance(v, list):
        return f"{_written(v)} does not resolve to a list of subnets"
    out: list[tuple[str, Any]] = []
    for item in v:
        lid = _id(item) if isinstance(item, dict) else None
        if lid in subnets:
            m = subnets[lid].get("MapPublicIpOnLaunch", False)
            if isinstance(m, str) and m.strip().lower() in ("true", "false"):
                m = m.strip().lower() == "true"
            out.append((lid, m if isinstance(m, bool) else None))
        else:
            out.append((_written(item) if isinstance(item, dict) else show(item), None))
    return out


def _asg_user_data(p: dict, templates: dict) -> str:
    """The user data of the launch template or launch configuration an Auto Scaling group launches (its
    ``LaunchTemplateData.UserData`` / ``UserData``, as text: ``user_data_text``); '' when it is not in this
    template."""
    mip = p.get("MixedInstancesPolicy") if isinstance(p.get("MixedInstancesPolicy"), dict) else {}
    mlt = mip.get("LaunchTemplate") if isinstance(mip.get("LaunchTemplate"), dict) else {}
    for spec in (mlt.get("LaunchTemplateSpecification"), p.get("LaunchTemplate")):
        if not isinstance(spec, dict):
            continue
        ident = _id(spec.get("Id") or spec.get("LaunchTemplateId"))
        name = spec.get("Name") or spec.get("LaunchTemplateName")
        found = ident if ident in templates else next(
            (k for k, v in templates.items() if isinstance(name, str) and (k == name or v.get("LaunchTemplateName")
                                                                          == name)), None)
        data = templates[found].get("LaunchTemplateData") if found else None
        if isinstance(data, dict):
            return user_data_text(data.get("UserData"))
    lc = _id(p.get("LaunchConfigurationName"))
    if lc in templates:
        return user_data_text(templates[lc].get("UserData"))
    return ""


def _asg_launch(p: dict, templates: dict, estate: Estate, res: _Resolver, lid: str):
    """(``LaunchSpec`` or None, mixed instances policy or None) of an ``AWS::AutoScaling::AutoScalingGroup``: its
    ``MixedInstancesPolicy`` (launch template, ``Overrides``, ``InstancesDistribution``), ``LaunchTemplate`` or
    ``LaunchConfigurationName``, read by ``Estate.launch_spec`` (instance type, volumes, tenancy)."""
    source = res.source
    mip = _mapping(p.get("MixedInstancesPolicy"), source, lid, "MixedInstancesPolicy")
    if mip:
        mlt = _mapping(mip.get("LaunchTemplate"), source, lid, "MixedInstancesPolicy.LaunchTemplate")
        _check_resolved(mlt.get("Overrides"), res, lid, "MixedInstancesPolicy.LaunchTemplate.Overrides")
        _check_resolved(mip.get("InstancesDistribution"), res, lid, "MixedInstancesPolicy.InstancesDistribution")
        launch, problem = _launch_template(mlt.get("LaunchTemplateSpecification"), templates, estate, res, lid,
                                           "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification")
        if problem:
            estate.assumptions.append(f"{lid}: the launch template of its mixed instances policy {problem}: its "
                                      "volumes and tenancy are not known here (the AMI's root volume, shared tenancy)")
        dist = _mapping(mip.get("InstancesDistribution"), source, lid, "MixedInstancesPolicy.InstancesDistribution")
        overrides = mlt.get("Overrides") if isinstance(mlt.get("Overrides"), list) else []
        return launch, {"Overrides": [{"InstanceType": o.get("InstanceType"), "WeightedCapacity": _int(
                            o.get("WeightedCapacity"))} for o in overrides if isinstance(o, dict)],
                        "InstancesDistribution": {k: _int(dist.get(k)) for k in (
                            "OnDemandBaseCapacity", "OnDemandPercentageAboveBaseCapacity")}}
    if p.get("LaunchTemplate") is not None:
        launch, problem = _launch_template(p.get("LaunchTemplate"), templates, estate, res, lid, "LaunchTemplate")
        if problem:
            raise WorkloadError(f"{source}: {lid}: LaunchTemplate: {problem}; advisor prices the group's instances by "
                                "the template's instance type. Declare the launch template in this template.")
        return launch, None
    if _unresolved(p.get("LaunchConfigurationName")) and _id(p.get("LaunchConfigurationName")) is None:
        _check_resolved(p.get("LaunchConfigurationName"), res, lid, "LaunchConfigurationName")  # !If on a parameter
    lc = _id(p.get("LaunchConfigurationName"))
    if lc in templates:
        for prop in ("InstanceType", "BlockDeviceMappings", "PlacementTenancy"):
            _check_resolved(templates[lc].get(prop), res, lc, prop)
        return estate.launch_spec(lc, templates[lc], configuration=True, written=_written), None
    if lc is not None or p.get("LaunchConfigurationName") is not None:
        raise WorkloadError(f"{source}: {lid}: LaunchConfigurationName: {_written(p.get('LaunchConfigurationName'))} is "
                            "not an AWS::AutoScaling::LaunchConfiguration of this template; advisor prices the group's "
                            "instances by its instance type. Declare the launch configuration in this template.")
    return None, None


def _mapping(v: Any, source: str, lid: str, fld: str) -> dict:
    """An optional property that must be a mapping ({} when absent); anything else names the resource."""
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise WorkloadError(f"{source}: {lid}: {fld} must be a mapping, got {show(v)}.")
    return v


def _service_of_partial_id(lid: str, rid: Any, resolved: dict, estate: Estate,
                           explicit: dict[str, str]) -> str | None:
    """The ECS service of this template a scalable target scales when its ``ResourceId`` does not resolve in full
    (the cluster is an ``Fn::ImportValue`` from another stack): the service whose ``ServiceName`` (``explicit``:
    logical id -> the name the template gives; a name advisor made up, such as a CDK construct id, is not one) is the
    last part of ``service/<cluster>/<service>`` (Application Auto Scaling API, RegisterScalableTarget
    ``ResourceId``), else the one ECS service the target ``DependsOn`` (an assumption). The link is noted; None when
    neither names exactly one service."""
    join = rid.get("Fn::Join") if isinstance(rid, dict) and len(rid) == 1 else None
    parts = join[1] if isinstance(join, list) and len(join) == 2 and join[0] == "/" and isinstance(join[1], list) \
        else None
    sub = rid.get("Fn::Sub") if isinstance(rid, dict) and len(rid) == 1 else None
    text = sub if isinstance(sub, str) else sub[0] if isinstance(sub, list) and sub and isinstance(sub[0], str) else None
    if text is not None and text.count("/") == 2 and "${" not in text.rsplit("/", 1)[1]:
        parts = text.split("/")  # !Sub 'service/${ClusterName}/my-service' (the cluster another stack's export)
    if parts and len(parts) == 3 and parts[0] == "service" and isinstance(parts[2], str):
        named = [a for a, name in explicit.items() if name == parts[2]]
        if len(named) == 1:
            estate.notes.append(f"{lid}: ResourceId names service {parts[2]!r} of a cluster imported from another "
                                f"stack: linked to {named[0]}, the service of that name here")
            return named[0]
    depends = [d for d in resolved.get(lid, {}).get("DependsOn", [])
               if resolved.get(d, {}).get("Type") == "AWS::ECS::Service"]
    if len(depends) == 1:
        estate.assumptions.append(f"{lid}: ResourceId does not resolve ({show(rid)}); linked to {depends[0]}, the one "
                                  "ECS service it DependsOn")
        return depends[0]
    return None


def _cdk_construct_names(lids: list[str], resources: dict) -> dict[str, str]:
    """Readable names for CDK-synthesized resources without a name property: the id of the construct the user made
    (the first part of ``Metadata`` ``aws:cdk:path`` after the stack, e.g. ``Stack/WebService/Service/Service`` ->
    ``WebService``), used when those ids are unique among ``lids``; else the path without the stack and its last
    part (``WebService/Service``). Logical ids (``WebServiceService9571FDD8``) stay for the rest."""
    paths = {}
    for lid in lids:
        meta = resources.get(lid, {}).get("Metadata") if isinstance(resources.get(lid), dict) else None
        path = meta.get("aws:cdk:path") if isinstance(meta, dict) else None
        if isinstance(path, str) and path.count("/") >= 2:
            paths[lid] = path.split("/")[1:]
    firsts = [parts[0] for parts in paths.values()]
    out = {}
    for lid, parts in paths.items():
        name = parts[0] if firsts.count(parts[0]) == 1 else "/".join(parts[:-1])
        if name and name.isprintable() and len(name) <= 253:
            out[lid] = name
    return out if len(set(out.values())) == len(out) else {}


def _nesting_stack_envs(template: Path, artifacts: dict) -> list[str]:
    """The environments of the cdk.out stacks whose templates nest ``template`` (an ``AWS::CloudFormation::Stack``
    resource whose ``aws:asset:path`` metadata names the file, as the CDK writes it for a NestedStack), one level
    up. Templates that cannot be read are skipped (the caller then knows no region)."""
    from advisor.errors import WorkloadError
    from advisor.workload.source import parse_documents

    envs = []
    for art in artifacts.values():
        if not isinstance(art, dict) or art.get("type") != "aws:cloudformation:stack" or \
                not isinstance(art.get("environment"), str):
            continue
        props = art.get("properties") if isinstance(art.get("properties"), dict) else {}
        name = props.get("templateFile")
        if not isinstance(name, str) or name == template.name or Path(name).name != name:
            continue
        try:
            doc = parse_documents(read_source(template.parent / name, what="CloudFormation template").text,
                                  name, json_only=True)[0]
        except (WorkloadError, OSError, ValueError, IndexError):
            continue
        resources = doc.get("Resources") if isinstance(doc, dict) else None
        for res in resources.values() if isinstance(resources, dict) else ():
            meta = res.get("Metadata") if isinstance(res, dict) else None
            if res.get("Type") == "AWS::CloudFormation::Stack" and isinstance(meta, dict) and \
                    meta.get("aws:asset:path") == template.name:
                envs.append(art["environment"])
    return envs


def cdk_stacks_in(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Template file name -> (stack name, region) for each ``aws:cloudformation:stack`` artifact of the cdk.out
    ``manifest.json`` in ``folder`` (``properties.templateFile``, ``properties.stackName`` else the artifact id, and the
    region of ``environment`` ``aws://ACCOUNT/REGION``: None for ``unknown-region`` or anything that is not an AWS
    region). Empty when there is no usable manifest: it only labels the templates of a folder in a message, so a
    manifest that cannot be read is left out here (reading the template itself says why)."""
    from advisor.errors import WorkloadError
    from advisor.pricing.regions import KNOWN_REGIONS
    from advisor.workload.source import parse_documents

    manifest = folder / "manifest.json"
    try:
        if not manifest.is_file():
            return {}
        data = parse_documents(read_source(manifest, what="cdk.out manifest").text, str(manifest), json_only=True)[0]
    except (WorkloadError, OSError, ValueError, IndexError):
        return {}
    artifacts = data.get("artifacts") if isinstance(data, dict) else None
    out: dict[str, tuple[str, str | None]] = {}
    for aid, art in artifacts.items() if isinstance(artifacts, dict) else ():
        if not isinstance(art, dict) or art.get("type") != "aws:cloudformation:stack":
            continue
        props = art.get("properties") if isinstance(art.get("properties"), dict) else {}
        name, env = props.get("templateFile"), art.get("environment")
        if not isinstance(name, str):
            continue
        m = re.fullmatch(r"aws://[^/]+/([a-z]{2}(?:-[a-z]+)+-[0-9])", env) if isinstance(env, str) else None
        stack = props.get("stackName") if isinstance(props.get("stackName"), str) else str(aid)
        out[name] = (stack, m.group(1) if m and m.group(1) in KNOWN_REGIONS else None)
    return out


def _cdk_stack_region(src: Source) -> tuple[str | None, str | None]:
    """(region, problem) of a CDK stack's template from the ``manifest.json`` of its ``cdk.out`` folder: the artifact
    of type ``aws:cloudformation:stack`` whose ``properties.templateFile`` is this file, with ``environment``
    ``aws://ACCOUNT/REGION``. The region is None for a template with no manifest beside it, an environment-agnostic
    stack (``unknown-region``), or a manifest that cannot be used; ``problem`` then says why when a manifest is there
    (unreadable or beyond the input limits, two stacks naming this template with different environments, an
    environment that is not a region code). A nested stack's template, which the manifest does not list, takes the
    environment of the stack that nests it (``_nesting_stack_envs``). The manifest is read as every input is
    (``advisor.workload.source``)."""
    from advisor.errors import WorkloadError
    from advisor.pricing.regions import KNOWN_REGIONS
    from advisor.workload.source import parse_documents

    if src.name == STDIN_NAME:
        return None, None
    manifest = Path(src.name).parent / "manifest.json"
    try:
        if not manifest.is_file():
            return None, None
        data = parse_documents(read_source(manifest, what="cdk.out manifest").text, str(manifest), json_only=True)[0]
    except (WorkloadError, OSError, ValueError, IndexError) as exc:
        return None, f"the cdk.out manifest.json beside it could not be read ({show(str(exc))[:300]})"
    artifacts = data.get("artifacts") if isinstance(data, dict) else None
    envs = []
    for art in artifacts.values() if isinstance(artifacts, dict) else ():
        if not isinstance(art, dict) or art.get("type") != "aws:cloudformation:stack":
            continue
        props = art.get("properties") if isinstance(art.get("properties"), dict) else {}
        if props.get("templateFile") == Path(src.name).name and isinstance(art.get("environment"), str):
            envs.append(art["environment"])
    if not envs:  # a nested stack's template: the environment of the stack whose template nests it
        envs = _nesting_stack_envs(Path(src.name), artifacts if isinstance(artifacts, dict) else {})
    if not envs:
        return None, None
    if len(set(envs)) > 1:
        return None, f"two stacks of the cdk.out manifest.json name this template with different environments " \
                     f"({', '.join(show(e) for e in sorted(set(envs))[:2])})"
    m = re.fullmatch(r"aws://[^/]+/([a-z]{2}(?:-[a-z]+)+-[0-9])", envs[0])
    if m and m.group(1) in KNOWN_REGIONS:
        return m.group(1), None
    if m:
        return None, f"its stack's environment in the cdk.out manifest.json names region {m.group(1)!r}, which is " \
                     "not an AWS region"
    if envs[0].endswith("/unknown-region"):
        return None, None
    return None, f"its stack's environment in the cdk.out manifest.json ({show(envs[0])[:100]}) names no region code"


def _scheduled_tasks(of_type, res: _Resolver, estate: Estate) -> None:
    """ECS tasks started on a schedule (``Estate.add_scheduled_task``):

    * ``AWS::Events::Rule``: ``ScheduleExpression`` (or ``EventPattern``: on events), ``State`` (DISABLED runs
      nothing), and each of its ``Targets`` with ``EcsParameters`` (``TaskDefinitionArn``, ``TaskCount`` "The default
      is 1", ``LaunchType`` or ``CapacityProviderStrategy``; the target's ``Arn`` is the cluster): AWS CloudFormation
      Template Reference, "AWS::Events::Rule" and "AWS::Events::Rule EcsParameters". ``PlatformVersion`` and
      ``NetworkConfiguration`` do not change the price (an awsvpc task's ENI is free), except its ``AssignPublicIp``
      ENABLED: a public IPv4 address per task for the hours it runs (``_run_task``). A rule without an ECS target is
      not a container resource (counted as not priced).
    * ``AWS::Scheduler::Schedule``: ``ScheduleExpression`` (rate, cron or at), ``State``, ``StartDate`` / ``EndDate``
      and ``Target.EcsParameters`` (the same fields; ``TaskCount`` a Double): "AWS::Scheduler::Schedule" and
      "AWS::Scheduler::Schedule EcsParameters".

    Fields AWS requires are errors naming them when missing or of the wrong type: a rule's ``Targets`` (a list of
    mappings), a target's ``EcsParameters`` (a mapping) and its ``TaskDefinitionArn`` ("Required: Yes", "Type:
    String": "AWS::Events::Rule EcsParameters"); a rule with neither ``ScheduleExpression`` nor ``EventPattern``
    (PutRule: "A rule must contain at least an EventPattern or ScheduleExpression"); a schedule's ``Target`` and
    ``ScheduleExpression`` ("Required: Yes": "AWS::Scheduler::Schedule"). ``TaskDefinitionArn`` may be ``!Ref`` /
    ``!GetAtt`` a task definition, ``!Sub '${Task}'`` (the same as ``!Ref``), or an ARN.

    A rule's ``Tags`` or a task definition's ``Tags`` entry ``advisor/minutes-per-run`` gives one run's minutes.

    A rule target whose ``Arn`` is a Step Functions state machine of the template that runs ECS tasks (what AWS
    Copilot writes for a Scheduled Job) is read as the ECS tasks it runs (``_state_machine_tasks``)."""
    machines = dict(of_type("AWS::StepFunctions::StateMachine"))
    for lid, p in of_type("AWS::Events::Rule"):
        raw = p.get("Targets")
        if raw is not None and not isinstance(raw, list):
            raise WorkloadError(f"{res.source}: {lid}: Targets: must be a list of targets ([{{Id, Arn, EcsParameters: "
                                f"{{TaskDefinitionArn: ...}}}}, ...]; AWS::Events::Rule Targets is a List of Target), "
                                f"got {show(raw)}. Write it as a YAML list ('- Id: ...').")
        targets = []
        for i, t in enumerate(raw or []):
            if not isinstance(t, dict):
                raise WorkloadError(f"{res.source}: {lid}: Targets[{i}]: must be a mapping (a Target: Id, Arn, "
                                    f"EcsParameters ...), got {show(t)}.")
            ecs = t.get("EcsParameters")
            if ecs is None:
                machine = _id(t.get("Arn")) if isinstance(t.get("Arn"), dict) else None
                if machine in machines:
                    runs = _state_machine_tasks(machine, machines[machine], res, estate.notes, estate.assumptions)
                    targets += [(i, {**t, "EcsParameters": run, "_via": (machine, len(runs))}) for run in runs]
                continue
            if not isinstance(ecs, dict):
                raise WorkloadError(f"{res.source}: {lid}: Targets[{i}].EcsParameters: must be a mapping "
                                    "(TaskDefinitionArn, and optionally TaskCount, LaunchType or "
                                    f"CapacityProviderStrategy ...), got {show(ecs)}.")
            targets.append((i, t))
        if not targets:
            estate.skip("AWS::Events::Rule")
            continue
        for prop in ("ScheduleExpression", "State"):
            _check_resolved(p.get(prop), res, lid, prop)
        if p.get("ScheduleExpression") is None and p.get("EventPattern") is None:
            raise WorkloadError(f"{res.source}: {lid}: ScheduleExpression: the rule has neither a ScheduleExpression nor "
                                "an EventPattern, and EventBridge requires one (PutRule: \"A rule must contain at least "
                                "an EventPattern or ScheduleExpression\"). Give how often it runs its ECS task, e.g. "
                                "ScheduleExpression: cron(0 2 * * ? *) or rate(1 hour).")
        for i, t in targets:
            ecs = t["EcsParameters"]
            where = f"Targets[{i}].EcsParameters"
            address = lid if len(targets) == 1 else f"{lid} Targets[{i}]"
            via = None
            if "_via" in t:
                machine, states = t["_via"]
                where = ecs["_where"]
                address = f"{address} (through Step Functions state machine {machine}" + (
                    f", state {ecs['_state']!r})" if states > 1 else ")")
                via = (machine, f"{where}.TaskDefinition")
            overrides = None if "_via" in t else _input_overrides(t.get("Input"), res, lid, f"Targets[{i}].Input",
                                                                  estate.notes)
            estate.add_scheduled_task(
                address, scheduler=False,
                expression=p.get("ScheduleExpression"), fld="ScheduleExpression", state=p.get("State"),
                state_fld="State", task=_task_definition(ecs, res, lid, where, "AWS::Events::Rule EcsParameters"),
                task_count=_int(ecs.get("TaskCount")),
                count_fld=f"{where}.TaskCount", api=_run_task(ecs, res, lid, where, overrides),
                cluster=_id(ecs.get("_cluster")) if "_via" in t else _id(t.get("Arn")),
                names=(lid, p["Name"] if isinstance(p.get("Name"), str) else ""),
                minutes=_tag(p.get("Tags"), TAG_RUN_MINUTES), via=via)
    for lid, p in of_type("AWS::Scheduler::Schedule"):
        if p.get("Target") is None:
            raise WorkloadError(f"{res.source}: {lid}: Target: is required (AWS::Scheduler::Schedule Target, Required: "
                                "Yes): give what the schedule runs, e.g. Target: {Arn: !GetAtt Cluster.Arn, RoleArn: "
                                "..., EcsParameters: {TaskDefinitionArn: !Ref Task}}.")
        target = _mapping(p.get("Target"), res.source, lid, "Target")
        ecs = target.get("EcsParameters")
        machine = _id(target.get("Arn")) if isinstance(target.get("Arn"), dict) else None
        runs = [ecs] if ecs is not None else (
            _state_machine_tasks(machine, machines[machine], res, estate.notes, estate.assumptions)
            if machine in machines else [])
        if not runs:
            estate.skip("AWS::Scheduler::Schedule")
            continue
        if not isinstance(ecs, dict) and ecs is not None:
            raise WorkloadError(f"{res.source}: {lid}: Target.EcsParameters: must be a mapping (TaskDefinitionArn, and "
                                "optionally TaskCount, LaunchType or CapacityProviderStrategy ...), got "
                                f"{show(ecs)}.")
        for prop in ("ScheduleExpression", "State", "StartDate", "EndDate"):
            _check_resolved(p.get(prop), res, lid, prop)
        if p.get("ScheduleExpression") is None:
            raise WorkloadError(f"{res.source}: {lid}: ScheduleExpression: is required (AWS::Scheduler::Schedule "
                                "ScheduleExpression, Required: Yes): give when it runs, e.g. rate(1 hour), "
                                "cron(0 2 * * ? *) or at(2030-01-31T02:00:00).")
        for run in runs:
            where, address, via = "Target.EcsParameters", lid, None
            if ecs is None:  # through the state machine
                where, via = run["_where"], (machine, f"{run['_where']}.TaskDefinition")
                address = f"{lid} (through Step Functions state machine {machine}" + (
                    f", state {run['_state']!r})" if len(runs) > 1 else ")")
            estate.add_scheduled_task(
                address, scheduler=True, expression=p.get("ScheduleExpression"), fld="ScheduleExpression",
                state=p.get("State"), state_fld="State",
                task=_task_definition(run, res, lid, where, "AWS::Scheduler::Schedule EcsParameters"),
                task_count=_int(run.get("TaskCount")), count_fld=f"{where}.TaskCount",
                api=_run_task(run, res, lid, where),
                cluster=_id(run.get("_cluster")) if ecs is None else _id(target.get("Arn")),
                names=(lid, p["Name"] if isinstance(p.get("Name"), str) else ""),
                window=(p.get("StartDate"), p.get("EndDate")), via=via)


def _state_machine_tasks(machine: str, props: dict, res: _Resolver, notes: list[str],
                         assumptions: list[str]) -> list[dict]:
    """The ECS tasks a state machine (AWS::StepFunctions::StateMachine) runs, read from its ``Definition`` (a mapping)
    or ``DefinitionString`` (JSON text) with its ``DefinitionSubstitutions`` by the shared reader
    (``stepfunctions.state_machine_runs``), each as a rule's EcsParameters (``TaskDefinitionArn``, ``TaskCount``,
    ``LaunchType``, ``CapacityProviderStrategy``) with ``_cluster`` and ``_where`` (the state's field, for messages).
    A state's ``NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`` becomes the EcsParameters' (ENABLED: a
    public IPv4 address per running task, priced by ``_run_task``).
    A definition kept elsewhere (``DefinitionS3Location``) gives nothing: the task definitions stay standalone tasks.
    A state whose task definition is a JSONPath (``TaskDefinition.$``) is named in ``notes`` and not priced."""
    fld = "Definition" if props.get("Definition") is not None else "DefinitionString"
    definition = props.get(fld)
    if definition is None:
        return []
    join = definition.get("Fn::Join") if fld == "DefinitionString" and isinstance(definition, dict) else None
    if isinstance(join, list) and len(join) == 2 and isinstance(join[0], str) and isinstance(join[1], list):
        # the CDK writes DefinitionString as a Fn::Join of JSON text around deploy-time tokens (the cluster's ARN,
        # subnets, a task definition's ARN), each inside a JSON string: a Ref / Fn::GetAtt of a resource of this
        # template reads as its logical id (so a state's Cluster or TaskDefinition names it), anything else UNRESOLVED
        definition = join[0].join(
            x if isinstance(x, str) else _text(x) if isinstance(x, (int, float)) and not isinstance(x, bool)
            else (_id(x) if _id(x) in res.resources else "UNRESOLVED") for x in join[1])
        try:
            json.loads(definition)
        except (ValueError, RecursionError):
            notes.append(f"{machine}: DefinitionString is joined from deploy-time values that leave it no JSON "
                         "advisor can read: the ECS tasks it runs are not read")
            return []
        notes.append(f"{machine}: DefinitionString is a Fn::Join around deploy-time values (as the CDK writes it); "
                     "read with each Ref / Fn::GetAtt as the logical id it names")
    elif isinstance(definition, dict) and fld == "DefinitionString":
        notes.append(f"{machine}: DefinitionString does not resolve to JSON text ({show(definition)}): the ECS tasks "
                     "it runs are not read")
        return []
    runs = state_machine_runs(definition, source=res.source, address=machine, fld=fld,
                              substitutions=props.get("DefinitionSubstitutions"))
    notes += [f"{machine}: {d}: the task definition comes from the execution's input, not from the template: not "
              "priced" for d in runs.dynamic]
    assumptions += [a for a in runs.assumptions(machine) if a not in assumptions]
    out = []
    for s in runs.states:
        ecs = {"TaskDefinitionArn": s.task_definition, "_cluster": s.cluster, "_state": s.name,
               "_where": f"{machine}: {fld}: {s.path}", "_overrides": s.overrides}
        for key, v in (("TaskCount", s.count), ("LaunchType", s.launch_type), ("CapacityProviderStrategy", s.strategy)):
            if v is not None:
                ecs[key] = v
        if s.public_ip is not None:  # _run_task resolves it (a DefinitionSubstitutions intrinsic) and prices it
            ecs["NetworkConfiguration"] = {"AwsvpcConfiguration": {"AssignPublicIp": s.public_ip}}
        out.append(ecs)
    return out


#: ``${Res}`` or ``${Res.Attr}`` alone: ``!Sub '${Task}'`` is ``!Ref Task`` (CloudFormation "Fn::Sub": "${MyVar}" with
#: a resource's logical id returns what Ref returns).
_SUB_ONE = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


#: The export names the CDK gives a value another stack references (``Fn::ImportValue``): ``<producer stack
#: name>:ExportsOutput<Ref|FnGetAtt><logical id and hash>`` (aws-cdk-lib core, ``resolveReferences`` /
#: ``generateExportName``), so the producer stack, and its template in ``cdk.out``, can be named.
_CDK_EXPORT = re.compile(r"([A-Za-z][A-Za-z0-9-]*):ExportsOutput(?:Ref|FnGetAtt)")


def _service_task(v: Any, res: _Resolver, lid: str, fld: str) -> str | None:
    """The task definition an ``AWS::ECS::Service`` or ``AWS::ECS::TaskSet`` ``TaskDefinition`` names: a logical id
    (``Ref`` / ``Fn::GetAtt``), or a family / ``family:revision`` / ARN text; None when not set. An intrinsic that
    does not name a resource of this template exits 2 naming the property and what was written: another stack's
    export (``Fn::ImportValue``: the task definition, and the Cpu and Memory advisor needs, are in the stack that
    exports it), a parameter without a Default, or anything else that only the deployed stack resolves."""
    if v is None or not _unresolved(v):
        return _id(v)
    (fn, arg), = v.items()
    declared = res.t.get("Parameters") if isinstance(res.t.get("Parameters"), dict) else {}
    if fn in ("Ref", "Fn::GetAtt") and not (fn == "Ref" and arg in declared) and _id(v) in res.resources:
        return _id(v)
    if fn == "Fn::ImportValue":
        name = arg if isinstance(arg, str) else None
        cdk = _CDK_EXPORT.match(name or "")
        where = (f"stack {cdk.group(1)} exports it (the CDK names its exports STACK:ExportsOutput...): compare "
                 f"{cdk.group(1)}.template.json in the same cdk.out, where the task definition is declared"
                 if cdk else "compare the template of the stack that exports it, where the task definition is "
                 "declared")
        raise WorkloadError(f"{res.source}: {lid}: {fld}: {_written(v)} imports another stack's export, so the task "
                            "definition, and the Cpu and Memory advisor prices, are not in this template; " + where
                            + ", or declare the task definition in this template, or compare its JSON with "
                            "'advisor import taskdef --services'.")
    if fn == "Ref" and arg in declared:
        if not any(isinstance(r, dict) and r.get("Type") == "AWS::ECS::TaskDefinition" for r in res.resources.values()):
            # the task definition is registered outside the stack (its ARN is the parameter): none to name here
            raise WorkloadError(f"{res.source}: {lid}: {fld}: !Ref {arg} does not resolve: parameter {arg} has no "
                                "Default, and this template declares no AWS::ECS::TaskDefinition, so the task "
                                "definition (its Cpu and Memory) is registered outside it. Compare its JSON with the "
                                "service: 'aws ecs describe-task-definition --task-definition ARN > td.json', then "
                                "'advisor import taskdef td.json --services SERVICE.json' (docs/importing.md).")
        raise WorkloadError(f"{res.source}: {lid}: {fld}: !Ref {arg} does not resolve: parameter {arg} has no "
                            f"Default. Give a task definition of this template (its logical id or Family): "
                            f"'advisor import cloudformation TEMPLATE -P {shlex.quote(f'{arg}=VALUE')}', then compare the "
                            "workload it writes.")
    _check_resolved(v, res, lid, fld)  # names the parameters or pseudo parameters it needs
    raise WorkloadError(f"{res.source}: {lid}: {fld}: {_written(v)} does not name a task definition of this "
                        "template; give !Ref to an AWS::ECS::TaskDefinition declared here (advisor needs its Cpu and "
                        "Memory).")


def _task_definition(ecs: dict, res: _Resolver, lid: str, where: str, doc: str) -> str | None:
    """The task definition an EcsParameters runs: the logical id ``Ref`` / ``Fn::GetAtt`` / ``Fn::Sub '${Id}'``
    names, or an ARN / family text; None for an intrinsic that does not resolve to one of this template (another
    stack's export). Missing or not a string: an error (``TaskDefinitionArn`` is "Required: Yes", "Type: String")."""
    v = ecs.get("TaskDefinitionArn")
    fld = f"{where}.TaskDefinitionArn"
    if v is None:
        raise WorkloadError(f"{res.source}: {lid}: {fld}: is required ({doc}: TaskDefinitionArn, Required: Yes): give "
                            "the task definition it runs, e.g. TaskDefinitionArn: !Ref ReportTask (a task definition "
                            "of this template) or its ARN.")
    if isinstance(v, dict):
        sub = v.get("Fn::Sub") if len(v) == 1 else None
        if isinstance(sub, str) and (m := _SUB_ONE.fullmatch(sub)) and m.group(1) in res.resources:
            return m.group(1)
        return _id(v)
    if not isinstance(v, str) or not v.strip():
        raise WorkloadError(f"{res.source}: {lid}: {fld}: {show(v)} is not valid; give a task definition ARN (a "
                            "string, e.g. arn:aws:ecs:us-east-1:123456789012:task-definition/report:3), or !Ref / "
                            "!GetAtt a task definition of this template.")
    return v


def _run_task(ecs: dict, res: _Resolver, lid: str, where: str, overrides: dict | None = None) -> dict:
    """EcsParameters' launch type or capacity-provider strategy in the ECS API's words (RunTask), with the run's
    ``overrides`` (the size fields of a rule target's ``Input`` or a RunTask state's ``Overrides``) when it has any."""
    for prop in ("TaskCount", "LaunchType", "CapacityProviderStrategy"):
        _check_resolved(ecs.get(prop), res, lid, f"{where}.{prop}")
    api: dict[str, Any] = {}
    if ecs.get("LaunchType"):
        api["launchType"] = ecs["LaunchType"]
    if ecs.get("CapacityProviderStrategy"):
        api["capacityProviderStrategy"] = _strategy(ecs["CapacityProviderStrategy"])
    overrides = overrides or ecs.get("_overrides")
    if overrides:
        api["overrides"] = overrides
    # NetworkConfiguration: AwsVpcConfiguration in AWS::Events::Rule EcsParameters, AwsvpcConfiguration in
    # AWS::Scheduler::Schedule's; AssignPublicIp ENABLED gives each task a public IPv4 address (priced per IP-hour
    # for the hours the tasks run, as a service's)
    found = _awsvpc(ecs.get("NetworkConfiguration"), ("AwsVpcConfiguration", "AwsvpcConfiguration"), res.source,
                    lid, f"{where}.")
    net = ecs.get("NetworkConfiguration")
    key = found[0] if found else None
    if key is not None and net[key].get("AssignPublicIp") is not None:
        fld = f"{where}.NetworkConfiguration.{key}.AssignPublicIp"
        value = net[key]["AssignPublicIp"]
        _check_resolved(value, res, lid, fld)
        if value not in ASSIGN_PUBLIC_IP:
            raise WorkloadError(f"{res.source}: {lid}: {fld}: {show(value)} is not valid; use ENABLED or DISABLED (the "
                                "default is DISABLED: each task then has no public IPv4 address).")
        api["networkConfiguration"] = {"awsvpcConfiguration": {"assignPublicIp": value}}
    return api


def _input_overrides(raw: Any, res: _Resolver, lid: str, where: str, notes: list[str]) -> dict | None:
    """The size overrides of an EventBridge rule target that runs an ECS task, from its ``Input``
    (``taskdef.target_input_overrides``). An Input built with an intrinsic that does not resolve without the deployed
    stack is noted and the task definition's size used."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        notes.append(f"{lid}: {where}: {_written(raw) if _unresolved(raw) else show(raw)} does not resolve to JSON text "
                     "without the deployed stack: any cpu or memory overrides in it are not read (the task definition's "
                     "size is priced)")
        return None
    overrides, note = target_input_overrides(raw, at=where,
                                             error=lambda f, m: WorkloadError(f"{res.source}: {lid}: {f}: {m}"))
    if note:
        notes.append(f"{lid}: {note}")
    return overrides


def _tag(tags: Any, key: str) -> Any:
    """The value of tag ``key`` in CloudFormation ``Tags`` ([{Key, Value}], or a map for the resources that take
    one); None when absent."""
    if isinstance(tags, dict):
        return tags.get(key)
    for t in tags if isinstance(tags, list) else []:
        if isinstance(t, dict) and t.get("Key") == key:
            return t.get("Value")
    return None


def _depends(v: Any) -> list[str]:
    if isinstance(v, str):
        return [v]
    return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


#: InstanceRequirementsRequest (AWS::ECS::CapacityProvider, as EC2's) -> ecs_managed_instances.instance_requirements
def _strategy(items: Any) -> list[dict]:
    if not isinstance(items, list):
        return items
    return [{"capacityProvider": i.get("CapacityProvider"), "base": _int(i.get("Base", 0)),
             "weight": _int(i.get("Weight", 0))} if isinstance(i, dict) else i for i in items]
