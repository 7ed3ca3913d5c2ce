"""CloudFormation nested stacks read from the files beside their parent: what ``cdk synth`` writes for a CDK
``NestedStack``, so that the parent template's estimate holds what its child templates declare.

The rules, each from the document that states it:

* An ``AWS::CloudFormation::Stack`` resource "nests a stack as a resource in a top-level template"; its
  ``TemplateURL`` is the "Location of file containing the template body. The URL must point to a template ... that's
  located in an Amazon S3 bucket", and its ``Parameters`` are "The set value pairs that represent the parameters
  passed to CloudFormation when this nested stack is created. Each parameter has a name corresponding to a parameter
  defined in the embedded template" (AWS CloudFormation Template Reference, "AWS::CloudFormation::Stack"). The parent
  reads a child's output with "the GetAtt function with the nested stack's logical name and the name of the output
  value in the nested stack in the format ``Outputs.NestedStackOutputName``".
* The S3 object is not here, but ``cdk synth`` writes each child template into the cloud assembly beside the parent
  (``cdk.out/<Parent><Id><hash>.nested.template.json``) and, with asset metadata on (the CLI's default), records its
  file name on the resource: ``Metadata: {"aws:asset:path": "...nested.template.json", "aws:asset:property":
  "TemplateURL"}``. Without the metadata (integration-test snapshots strip it) the child is the file beside the
  parent whose SHA-256 is the ``<hash>.json`` the ``TemplateURL`` ends with (the CDK names a file asset by the hash of
  its content; the template as written, or as compact JSON).

``inline_nested_stacks`` copies each child found into its parent, as if the parent declared it: the child's
resources, conditions, mappings and parameters are renamed with the nested stack's logical id in front
(``ApiNestedStack...`` + ``TaskDef54694570``); a ``Ref`` to a child parameter the parent passes is the value the
parent passes (an expression of the parent, e.g. ``{"Ref": "ClusterEB0386A7"}``: the parent's cluster); a child
parameter the parent does not pass becomes a parent parameter of the renamed name (its Default kept, so
``--parameter`` can give it); ``Fn::GetAtt [Stack, Outputs.NAME]`` in the parent is the child's output value.
Children of children are read the same way (at most ``MAX_DEPTH`` levels). A nested stack whose file is not found
stays as it is (the importer notes it is not followed).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from advisor.errors import WorkloadError

#: Nested stacks within nested stacks are read this many levels deep (CloudFormation's own limit on nesting is far
#: above what a cloud assembly holds; this bounds the work on a crafted input).
MAX_DEPTH = 5
#: At most this many nested stacks are read for one template, children of children included (one child file may be
#: nested many times at every level: 8 stacks x 5 levels is 32,768 copies), and at most this many resources copied.
MAX_NESTED_STACKS = 200
MAX_NESTED_RESOURCES = 20_000
#: Files larger than this are not hashed when looking for a child by its asset hash (the input limit of a template).
_MAX_HASHED_BYTES = 16 * 1024 * 1024
#: The asset hash a CDK ``TemplateURL`` ends with: ``.../<64 hex>.json``.
_ASSET_HASH = re.compile(r"([0-9a-f]{64})\.json$")
#: ``${Name}`` or ``${Name.Attr}`` in an ``Fn::Sub`` string (``${!Literal}`` is text, not a reference).
_SUB_REF = re.compile(r"\$\{(?!!)([A-Za-z0-9:]+)(\.[A-Za-z0-9.]+)?\}")
STACK_TYPE = "AWS::CloudFormation::Stack"


def _url_text(url: Any) -> str:
    """A TemplateURL's literal text: a string, or the literal parts of an ``Fn::Join`` / ``Fn::Sub`` (enough for the
    asset hash at its end)."""
    if isinstance(url, str):
        return url
    if isinstance(url, dict) and len(url) == 1:
        (fn, arg), = url.items()
        if fn == "Fn::Join" and isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list):
            return "".join(x for x in arg[1] if isinstance(x, str))
        if fn == "Fn::Sub":
            return arg if isinstance(arg, str) else arg[0] if isinstance(arg, list) and arg and isinstance(
                arg[0], str) else ""
    return ""


def _inside(base: Path, rel: str) -> Path | None:
    """``base / rel`` when ``rel`` is a relative path of plain parts (no ``..``, not absolute) naming a regular file
    that is under ``base`` once symbolic links are followed (a link out of the folder is not read)."""
    try:
        parts = Path(rel).parts
        if not parts or Path(rel).is_absolute() or any(p in ("..", ".") or p.startswith("~") for p in parts):
            return None
        path = base.joinpath(*parts)
        if not path.is_file() or not path.resolve().is_relative_to(base.resolve()):
            return None
        return path
    except (OSError, ValueError):  # a name too long for the file system, a NUL
        return None


def _hashes(base: Path) -> dict[str, Path]:
    """SHA-256 (of the bytes, and of the JSON as compact text) -> file, for the regular ``*.json`` files in ``base``
    up to ``_MAX_HASHED_BYTES`` (no FIFO, device or link out of the folder), computed once per folder."""
    key = str(base.resolve())
    if key in _HASHES:
        return _HASHES[key]
    out: dict[str, Path] = {}
    for path in sorted(base.glob("*.json")):
        try:
            if not path.is_file() or path.stat().st_size > _MAX_HASHED_BYTES or \
                    not path.resolve().is_relative_to(base.resolve()):
                continue
            raw = path.read_bytes()
        except (OSError, ValueError):
            continue
        out.setdefault(hashlib.sha256(raw).hexdigest(), path)
        try:
            compact = json.dumps(json.loads(raw), separators=(",", ":"), ensure_ascii=False).encode()
        except (ValueError, RecursionError):
            continue
        out.setdefault(hashlib.sha256(compact).hexdigest(), path)
    _HASHES.clear()  # one folder at a time: a template's children are beside it
    _HASHES[key] = out
    return out


_HASHES: dict[str, dict[str, Path]] = {}


def child_template_file(resource: dict, base: Path, exclude: tuple[Path, ...] = ()) -> tuple[Path | None, str, bool]:
    """(the child template file of a nested stack ``resource`` whose parent is in folder ``base``, how it was found,
    whether that is a guess), or (None, why not, False). In order:

    * the ``aws:asset:path`` metadata ``cdk synth`` writes: a file name in ``base``;
    * a ``TemplateURL`` that is a local path (before ``aws cloudformation package`` uploads it: "For the
      AWS::CloudFormation::Stack resource's TemplateURL property, you can specify a local file path", AWS CLI
      Command Reference, "cloudformation package"), relative to ``base``;
    * the file in ``base`` whose SHA-256 is the CDK asset hash the URL ends with (``.../<64 hex>.json``);
    * a guess: the longest tail of an S3 URL's path, a folder and a file at least, that names a file under ``base``
      (``https://s3.amazonaws.com/BUCKET/infrastructure/vpc.yaml`` -> ``infrastructure/vpc.yaml``: a repository that
      uploads its templates as they are laid out), or the object key itself when it is a file name only (the
      template at the top of its bucket, ``https://s3.amazonaws.com/${Bucket}/ecs-cluster.yaml`` or
      ``https://${Bucket}.s3.amazonaws.com/ecs-cluster.yaml``: the file of that name beside the parent, as a
      repository that uploads its folder of templates to a bucket lays them out), never one of ``exclude`` (the
      templates that nest it). The object in S3 may differ from the local file, so the importer lists it as an
      assumption.

    A ``TemplateURL`` that is an ``Fn::If`` (a URL per region, say) names a child when both branches name the same
    file. Paths never leave ``base`` (no ``..``, no absolute path, no link out of it)."""
    props = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    meta = resource.get("Metadata") if isinstance(resource.get("Metadata"), dict) else {}
    branches = props["TemplateURL"].get("Fn::If") if isinstance(props.get("TemplateURL"), dict) and \
        len(props["TemplateURL"]) == 1 else None
    if isinstance(branches, list) and len(branches) == 3 and "aws:asset:path" not in meta:
        found = [child_template_file({**resource, "Properties": {**props, "TemplateURL": b}}, base, exclude)
                 for b in branches[1:]]
        if found[0][0] is not None and found[1][0] is not None and \
                found[0][0].resolve() == found[1][0].resolve():
            return found[0][0], f"both branches of its TemplateURL's Fn::If: {found[0][1]}", found[0][2] or found[1][2]
        return None, ("its TemplateURL is an Fn::If whose branches do not name one file under the template's folder "
                      f"({found[0][1]}; {found[1][1]})"), False
    name = meta.get("aws:asset:path")
    if isinstance(name, str) and name:
        path = _inside(base, name) if Path(name).name == name else None
        if path is not None:
            return path, f"aws:asset:path {name}", False
        return None, f"its aws:asset:path {name!r} is not a file beside it", False
    url = _url_text(props.get("TemplateURL"))
    if isinstance(props.get("TemplateURL"), str) and url and "://" not in url:
        path = _inside(base, url)
        if path is not None:
            return path, f"its TemplateURL, a local path ({url})", False
        return None, f"its TemplateURL {url!r} is not a file under the template's folder", False
    m = _ASSET_HASH.search(url)
    if m:
        want = m.group(1)
        path = _hashes(base).get(want)
        if path is not None:
            return path, f"the TemplateURL's asset hash {want[:12]}...", False
        return None, f"no file beside it has the TemplateURL's asset hash {want[:12]}...", False
    host, _, rest = url.split("://", 1)[1].partition("/") if "://" in url else ("", "", "")
    tail = rest.split("?", 1)[0].split("/") if "://" in url else []
    excluded = {p.resolve() for p in exclude}
    # the object key: after the bucket in a path-style URL (s3.amazonaws.com/BUCKET/KEY, s3-REGION.amazonaws.com or
    # s3.REGION.amazonaws.com), the whole path in a virtual-hosted one (BUCKET.s3.amazonaws.com/KEY; Amazon S3 User
    # Guide, "Methods for accessing a bucket")
    # (a bucket's own name may start with s3- or s3.: s3-templates.s3.amazonaws.com is virtual-hosted)
    labels = host.lower().split(".")
    path_style = (labels[0] == "s3" or labels[0].startswith("s3-")) and not any(
        x == "s3" or x.startswith("s3-") for x in labels[1:])
    key = tail[1:] if path_style else tail
    # a folder and a file at least, or a key that is a file name only: a bare file name at the end of a longer key
    # is too weak a guess (stacks/network/template.yaml is not the parent template.yaml beside it)
    for i in range(len(tail) - 1 if len(key) != 1 else len(tail)):
        path = _inside(base, "/".join(tail[i:])) if all(tail[i:]) else None
        if path is not None and path.resolve() not in excluded and \
                path.suffix.lower() in (".yaml", ".yml", ".json", ".template"):
            return path, f"its TemplateURL {url} ends with {'/'.join(tail[i:])}", True
    return None, (f"its TemplateURL {url} is not a file under the template's folder" if url else
                  "its TemplateURL does not resolve to text"), False


class _Renamer:
    """Rewrites a child template's expressions into its parent's scope (see the module docstring)."""

    def __init__(self, prefix: str, child: dict, passed: dict):
        self.prefix = prefix
        self.resources = set(child.get("Resources") or {})
        self.conditions = set(child.get("Conditions") or {}) if isinstance(child.get("Conditions"), dict) else set()
        self.mappings = set(child.get("Mappings") or {}) if isinstance(child.get("Mappings"), dict) else set()
        declared = child.get("Parameters") if isinstance(child.get("Parameters"), dict) else {}
        self.passed = {k: v for k, v in passed.items() if k in declared}
        self.params = set(declared) - set(self.passed)

    def name(self, n: Any) -> Any:
        """A child resource's, condition's or mapping's name in the parent."""
        return f"{self.prefix}{n}" if isinstance(n, str) else n

    def ref(self, n: Any) -> Any:
        if n in self.passed:
            return self.passed[n]  # the parent's expression: not rewritten again
        if n in self.resources or n in self.params:
            return {"Ref": self.name(n)}
        return {"Ref": n}  # a pseudo parameter (AWS::Region ...)

    def sub(self, arg: Any) -> Any:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], dict(arg[1])) if (
            isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict)) else (
            None, None)
        if text is None:
            return {"Fn::Sub": self.value(arg)}
        local = set(variables)
        variables = {k: self.value(v) for k, v in variables.items()}

        def one(m: re.Match) -> str:
            n, attr = m.group(1), m.group(2) or ""
            if n in local:
                return m.group(0)
            if n in self.passed and not attr:
                variables[n] = self.passed[n]
                return m.group(0)
            if n in self.resources or n in self.params:
                return "${" + self.name(n) + attr + "}"
            return m.group(0)

        text = _SUB_REF.sub(one, text)
        return {"Fn::Sub": [text, variables] if variables else text}

    def value(self, v: Any) -> Any:
        if isinstance(v, list):
            return [self.value(x) for x in v]
        if not isinstance(v, dict):
            return v
        if len(v) == 1:
            (fn, arg), = v.items()
            if fn == "Ref":
                return self.ref(arg)
            if fn == "Fn::GetAtt":
                if isinstance(arg, list) and arg and arg[0] in self.resources:
                    return {"Fn::GetAtt": [self.name(arg[0]), *self.value(arg[1:])]}
                if isinstance(arg, str) and arg.split(".", 1)[0] in self.resources:
                    return {"Fn::GetAtt": self.name(arg)}
                return {"Fn::GetAtt": self.value(arg)}
            if fn == "Fn::Sub":
                return self.sub(arg)
            if fn == "Fn::FindInMap" and isinstance(arg, list) and arg and arg[0] in self.mappings:
                return {"Fn::FindInMap": [self.name(arg[0]), *self.value(arg[1:])]}
            if fn == "Fn::If" and isinstance(arg, list) and arg and arg[0] in self.conditions:
                return {"Fn::If": [self.name(arg[0]), *self.value(arg[1:])]}
            if fn == "Condition" and arg in self.conditions:
                return {"Condition": self.name(arg)}
        return {k: self.value(x) for k, x in v.items()}

    def resource(self, r: Any) -> Any:
        if not isinstance(r, dict):
            return r
        out = dict(r)
        if isinstance(r.get("Properties"), dict):
            out["Properties"] = self.value(r["Properties"])
        if r.get("Condition") in self.conditions:
            out["Condition"] = self.name(r["Condition"])
        deps = r.get("DependsOn")
        if isinstance(deps, str):
            out["DependsOn"] = self.name(deps) if deps in self.resources else deps
        elif isinstance(deps, list):
            out["DependsOn"] = [self.name(d) if d in self.resources else d for d in deps]
        return out


def _outputs_in_parent(v: Any, stack: str, outputs: dict, child: str = "") -> Any:
    """``v`` (a parent expression) with ``Fn::GetAtt [stack, Outputs.NAME]`` (and ``${stack.Outputs.NAME}`` in an
    ``Fn::Sub``) replaced by the child's output value, and a ``Ref`` to the stack (its ID) by text."""
    if isinstance(v, list):
        return [_outputs_in_parent(x, stack, outputs, child) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) == 1:
        (fn, arg), = v.items()
        if fn == "Ref" and arg == stack:  # the nested stack's ID (its ARN): not a cost, text now
            return f"nested stack {stack}"
        if fn == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else arg if isinstance(arg, list) else []
            if len(parts) == 2 and parts[0] == stack and isinstance(parts[1], str) and parts[1].startswith("Outputs."):
                name = parts[1].removeprefix("Outputs.")
                if name in outputs:
                    return outputs[name]
                raise WorkloadError(f"{child} has no output {name} (its outputs: {', '.join(outputs) or 'none'}); "
                                    f"Fn::GetAtt {stack}.Outputs.{name} names one it does not declare.")
        if fn == "Fn::Sub":
            text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], dict(arg[1])) if (
                isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str) and isinstance(arg[1], dict)) else (
                None, None)
            if text is not None:
                variables = {k: _outputs_in_parent(x, stack, outputs, child) for k, x in variables.items()}
                pattern = re.compile(r"\$\{" + re.escape(stack) + r"(?:\.Outputs\.([A-Za-z0-9]+))?\}")

                def one(m: re.Match) -> str:
                    if m.group(1) is None:  # ${Stack}: its ID, text now
                        return f"nested stack {stack}"
                    if m.group(1) not in outputs:
                        raise WorkloadError(f"{child} has no output {m.group(1)} (its outputs: "
                                            f"{', '.join(outputs) or 'none'}).")
                    var = f"{stack}Outputs{m.group(1)}"
                    variables[var] = outputs[m.group(1)]
                    return "${" + var + "}"

                text = pattern.sub(one, text)
                return {"Fn::Sub": [text, variables] if variables else text}
    return {k: _outputs_in_parent(x, stack, outputs, child) for k, x in v.items()}


def _prefix(lid: str, child: dict, taken: set[str]) -> str:
    """The prefix of a child's names: the nested stack's logical id, or (when a renamed name would meet a name the
    parent already has, in any of Resources, Parameters, Conditions, Mappings) that id with ``Nested``, ``Nested2``..."""
    names = set()
    for key in ("Resources", "Parameters", "Conditions", "Mappings"):
        if isinstance(child.get(key), dict):
            names |= set(child[key])
    for n in range(1, 100):
        prefix = lid if n == 1 else f"{lid}Nested" if n == 2 else f"{lid}Nested{n - 1}"
        if not any(prefix + x in taken for x in names):
            return prefix
    raise WorkloadError(f"{lid}: no free prefix for the names of its child template")


def inline_nested_stacks(template: dict, base: Path | None, read, *, source: str, depth: int = 0,
                         seen: tuple[Path, ...] = (), budget: dict | None = None) -> tuple[dict, list[str], list[str]]:
    """(``template`` with the child templates of its nested stacks copied in, notes, assumptions: a child found by
    guessing from its S3 URL, ``child_template_file``). ``base``: the folder of the template's file (None for
    standard input: nothing is followed); ``seen``: the template files that nest this one (the first is the parent's
    own file), which a child may not be; ``read(path)``: the parsed template of a file (with the input limits). A
    nested stack whose child is found is removed from the parent (its outputs taken in); one whose child is not found
    is kept and a note says why. Errors (``WorkloadError``, naming the nested stack): a child that is a template
    nesting it (a cycle), nesting deeper than ``MAX_DEPTH``, more than ``MAX_NESTED_STACKS`` stacks or
    ``MAX_NESTED_RESOURCES`` resources in all, ``Parameters`` that are not a mapping or name a parameter the child does
    not declare, a ``GetAtt`` of an output the child does not have, a child that is not a template."""
    budget = {"stacks": 0, "resources": 0} if budget is None else budget
    resources = template.get("Resources")
    if base is None or not isinstance(resources, dict):
        return template, [], []
    stacks = [lid for lid, r in resources.items() if isinstance(r, dict) and r.get("Type") == STACK_TYPE]
    if not stacks:
        return template, [], []
    if depth >= MAX_DEPTH:
        raise WorkloadError(f"{source}: nested stacks go deeper than {MAX_DEPTH} levels; advisor reads at most "
                            f"{MAX_DEPTH}. Compare the deeper child templates on their own.")
    out = dict(template)
    resources = dict(resources)
    notes: list[str] = []
    assumptions: list[str] = []
    for key in ("Parameters", "Conditions", "Mappings", "Outputs"):
        if isinstance(template.get(key), dict):
            out[key] = dict(template[key])
    for lid in stacks:
        r = resources[lid]
        path, how, guess = child_template_file(r, base, seen)
        if path is None:
            notes.append(f"{lid}: nested stack not read: {how}")
            continue
        if path.resolve() in {p.resolve() for p in seen}:
            raise WorkloadError(f"{source}: {lid}: its child template {path.name} is one of the templates that nest "
                                "it (a cycle); CloudFormation cannot create it.")
        budget["stacks"] += 1
        if budget["stacks"] > MAX_NESTED_STACKS:
            raise WorkloadError(f"{source}: {lid}: more than {MAX_NESTED_STACKS} nested stacks in all (children of "
                                f"children counted); advisor reads at most {MAX_NESTED_STACKS}. Compare the child "
                                "templates on their own.")
        props = r.get("Properties") if isinstance(r.get("Properties"), dict) else {}
        passed = props.get("Parameters", {})
        if passed is None:
            passed = {}
        if not isinstance(passed, dict):
            raise WorkloadError(f"{source}: {lid}: Parameters: must be a mapping of the child template's parameter "
                                f"names to values (AWS::CloudFormation::Stack Parameters), got {type(passed).__name__}; "
                                "CloudFormation refuses the stack.")
        try:
            child = read(path)
            child, child_notes, child_assumptions = inline_nested_stacks(
                child, path.parent, read, source=str(path), depth=depth + 1, seen=(*seen, path), budget=budget)
        except WorkloadError as exc:
            raise WorkloadError(f"{source}: {lid}: its child template: {exc}") from None
        declared = child.get("Parameters") if isinstance(child.get("Parameters"), dict) else {}
        unknown = sorted(set(passed) - set(declared))
        if unknown:
            raise WorkloadError(f"{source}: {lid}: Parameters.{unknown[0]}: the child template {path.name} declares no "
                                f"such parameter (it has: {', '.join(declared) or 'none'}); CloudFormation refuses the "
                                "stack.")
        # AWS::NoValue passes nothing: the child's Default applies; a text for a list parameter is split at commas
        passed = {k: v for k, v in passed.items() if v != {"Ref": "AWS::NoValue"}}
        for k, v in list(passed.items()):
            t = declared[k].get("Type") if isinstance(declared[k], dict) else None
            if isinstance(t, str) and (t == "CommaDelimitedList" or t.startswith("List<")):
                if isinstance(v, str):
                    passed[k] = [x.strip() for x in v.split(",")]
                elif isinstance(v, dict):  # an intrinsic giving text (Fn::Join ...): split as CloudFormation does
                    passed[k] = {"Fn::Split": [",", v]}
        taken = set(resources) | {n for key in ("Parameters", "Conditions", "Mappings") if isinstance(out.get(key), dict)
                                  for n in out[key]}
        ren = _Renamer(_prefix(lid, child, taken), child, passed)
        budget["resources"] += len(child.get("Resources") or {})
        if budget["resources"] > MAX_NESTED_RESOURCES:
            raise WorkloadError(f"{source}: {lid}: its nested stacks copy more than {MAX_NESTED_RESOURCES:,} resources "
                                "in all; advisor reads at most that many. Compare the child templates on their own.")
        stack_cond = r.get("Condition") if isinstance(r.get("Condition"), str) else None
        added = 0
        for cid, cr in (child.get("Resources") or {}).items():
            new = ren.resource(cr)
            if stack_cond is not None and isinstance(new, dict):  # the stack's condition holds for what it creates
                own = new.get("Condition")
                if isinstance(own, str):
                    both = f"{ren.name(cid)}AndStack"
                    out.setdefault("Conditions", {})[both] = {"Fn::And": [{"Condition": own},
                                                                          {"Condition": stack_cond}]}
                    new = {**new, "Condition": both}
                else:
                    new = {**new, "Condition": stack_cond}
            resources[ren.name(cid)] = new
            added += 1
        for key, names in (("Conditions", ren.conditions), ("Mappings", ren.mappings)):
            for n in names:
                out.setdefault(key, {})[ren.name(n)] = ren.value(child[key][n]) if key == "Conditions" else child[key][n]
        for n in sorted(ren.params):
            out.setdefault("Parameters", {})[ren.name(n)] = declared[n]
        outputs = {}
        for name, o in (child.get("Outputs") or {}).items() if isinstance(child.get("Outputs"), dict) else []:
            if isinstance(o, dict) and "Value" in o:
                outputs[name] = ren.value(o["Value"])
        del resources[lid]
        label = f"{source}: {lid}: the child template {path.name}"
        try:
            resources = {k: _outputs_in_parent(v, lid, outputs, label) for k, v in resources.items()}
            for key in ("Outputs", "Conditions"):
                if isinstance(out.get(key), dict):
                    out[key] = {k: _outputs_in_parent(v, lid, outputs, label) for k, v in out[key].items()}
        except RecursionError:
            raise WorkloadError(f"{source}: {lid}: the template nests too deeply.") from None
        for k, v in resources.items():  # DependsOn the nested stack: on nothing now (its resources are in)
            deps = v.get("DependsOn") if isinstance(v, dict) else None
            if deps == lid or (isinstance(deps, list) and lid in deps):
                resources[k] = {**v, "DependsOn": [d for d in ([deps] if isinstance(deps, str) else deps) if d != lid]}
        given = ", ".join(sorted(ren.passed))
        where = path.relative_to(base) if path.is_relative_to(base) else path.name
        notes.append(f"{lid}: nested stack read from {where} (" + ("an assumption, below" if guess else f"found by {how}")
                     + f"): its {added} resource(s) are priced with this template's, named {ren.prefix}<id>"
                     + (f"; the parent passes {given}" if given else "")
                     + (f"; its other parameters are this template's {', '.join(ren.name(n) for n in sorted(ren.params))}"
                        if ren.params else "")
                     + (f"; created when condition {stack_cond} holds" if stack_cond else ""))
        if guess:
            assumptions.append(f"{lid}: its child template is taken to be {where}, as {how}; CloudFormation reads the "
                               "object at that URL, which may differ from the local file (compare the uploaded "
                               "templates if it does)")
        notes += child_notes
        assumptions += child_assumptions
    out["Resources"] = resources
    return out, notes, assumptions
