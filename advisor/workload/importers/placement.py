"""ECS task placement constraints, read for what they change in the cost.

A task definition's ``placementConstraints`` (RegisterTaskDefinition, TaskDefinitionPlacementConstraint: type
``memberOf`` only) and a service's (CreateService, PlacementConstraint: ``distinctInstance`` or ``memberOf``) limit
the container instances ECS places the tasks on (Amazon ECS Developer Guide, "Amazon ECS task placement
constraints"; "You can specify a maximum of 10 constraints for each task. This limit includes constraints in the task
definition and those specified at runtime", CreateService placementConstraints). A ``memberOf`` expression is written
in the cluster query language (Amazon ECS Developer Guide, "Cluster query language": ``subject operator
[argument]``; the operators ``==`` / ``equals``, ``!=``, ``in`` / ``not_in`` with ``[a, b]``, ``=~`` / ``!~`` with a
Java regular expression, ``exists`` ...; clauses combine with ``and`` / ``&&``, ``or`` / ``||``, ``not`` / ``!`` and
parentheses). What advisor reads:

* ``attribute:ecs.instance-type`` ``==`` or ``in`` (the instance types the tasks may run on):
  ``settle_placement`` maps the types to ``ec2.allowed_types`` when every service of the input is held to the same
  types, else to each service's own ``instance_types`` (which the EC2 fleets honour per service); ``=~`` (a Java
  regular expression) to the service's ``instance_type_pattern`` (``advisor.workload.type_pattern``: the whole type
  name must match; two clauses, both). An Inferentia or Trainium type (``inf*``, ``trn*``) means AWS Neuron
  accelerators.
* ``attribute:ecs.cpu-architecture`` (``x86_64`` / ``arm64``) -> ``architecture``; ``attribute:ecs.os-type``
  (``linux`` / ``windows``) and ``attribute:ecs.os-family`` (``LINUX`` / ``WINDOWS_SERVER_*``) -> ``os``. The values
  are the attributes ECS gives each container instance ("Built-in attributes"); query strings compare exactly, so a
  value no instance carries (``ARM64``) places the task nowhere and is refused with the spelling to use.
* ``distinctInstance`` (a service's): one task per container instance: ``one_per_node`` (the EC2 fleets place its
  tasks on different instances, as for Kubernetes required pod anti-affinity), with a note.
* Other attributes (``ecs.availability-zone``, ``ecs.ami-id``, ``ecs.vpc-id``, ``ecs.subnet-id``, custom attributes)
  are accepted and ignored (a comment): advisor prices instances, not where they are. Other subjects (``task:group``,
  ``runningTasksCount``, ``ec2InstanceId`` ...) and expressions with ``or``, ``not`` or parentheses are not modelled:
  a note names them. Exclusions on the instance type (``!=``, ``not_in``, ``!~``) become a pattern that matches every
  other type (``(?!(?:t2\\.micro)$).*``), joined with the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import WorkloadError
from advisor.units import name_list, show
from advisor.workload.importers.common import ImportResult, fail
from advisor.workload.type_pattern import (
    MAX_PATTERN_LENGTH,
    both,
    check_type_pattern,
    java_quotes,
    quoted,
    type_matches,
    type_matches_part,
)

#: "You can specify a maximum of 10 constraints for each task" (ECS API Reference, CreateService
#: placementConstraints; RegisterTaskDefinition: "You can specify a maximum of 10 constraints for each task").
MAX_CONSTRAINTS = 10
#: PlacementConstraint expression: "The expression can have a maximum length of 2000 characters."
MAX_EXPRESSION_CHARS = 2000
#: Instance families with AWS Neuron accelerators (Inferentia inf1, inf2; Trainium trn1, trn1n, trn2 ...).
NEURON_FAMILY = re.compile(r"(inf|trn)[0-9]+[a-z]*")

_OPS = {"==": "==", "equals": "==", "!=": "!=", "not_equals": "!=", "in": "in", "!in": "!in", "not_in": "!in",
        "=~": "=~", "matches": "=~", "!~": "!~", "not_matches": "!~", "exists": "exists", "!exists": "!exists",
        "not_exists": "!exists", ">": ">", "greater_than": ">", ">=": ">=", "greater_than_equal": ">=", "<": "<",
        "less_than": "<", "<=": "<=", "less_than_equal": "<="}
_CLAUSE = re.compile(r"\s*(?P<subject>[^\s=!<>~\[\]]+)\s*(?P<op>==|!=|>=|<=|=~|!~|>|<|!exists\b|!in\b|(?:"
                     r"equals|not_equals|greater_than_equal|greater_than|less_than_equal|less_than|not_exists|exists|"
                     r"not_in|in|matches|not_matches)\b)\s*(?P<arg>.*?)\s*")
#: What makes an expression compound beyond ``and``: or, not, parentheses.
_COMPOUND = re.compile(r"\|\||[()]|(?<![\w.:-])(?:or|not)(?![\w.:-])|(?:^|\s)!\s*(?=attribute:|task:|agentConnected|"
                       r"agentVersion|ec2InstanceId|registeredAt|runningTasksCount)", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+|\s*&&\s*", re.IGNORECASE)
#: The argument of a pattern operator (``=~``, ``matches``, ``!~``, ``not_matches``): a quoted string, or one token.
_PATTERN_ARG = re.compile(r"(?P<op>=~|!~|(?<![\w.:-])(?:not_matches|matches)(?![\w.:-]))\s*"
                          r"(?P<arg>'[^']*'|\"[^\"]*\"|[^\s]+)", re.IGNORECASE)
_INSTANCE_TYPE = re.compile(r"[a-z0-9-]+\.[a-z0-9-]+")
#: The values ECS gives the built-in attributes (Amazon ECS Developer Guide, "Built-in attributes": ecs.cpu-architecture
#: "Example values for this attribute are x86_64 and arm64"; ecs.os-type "The possible values for this attribute are
#: linux and windows"; ecs.os-family "LINUX or WINDOWS_SERVER_<OS_Release>_<FULL or CORE>").
_ARCHES = {"x86_64": "x86_64", "arm64": "arm64"}
_ARCH_SPELLINGS = {"x86_64": "x86_64", "x86-64": "x86_64", "amd64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}
_OS_TYPES = {"linux": "linux", "windows": "windows"}


@dataclass
class Placement:
    """What one list of placement constraints says (``read_placement``); ``where`` names it in messages."""

    where: str
    types: frozenset[str] | None = None  # the instance types allowed (==, in), intersected; None: not restricted
    type_exprs: list[str] = field(default_factory=list)  # the expressions that restrict the types
    patterns: list[tuple[str, str]] = field(default_factory=list)  # (pattern, expression) of =~ on the instance type
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (type, expression) of != / not_in on it
    architectures: set[str] | None = None  # allowed values (x86_64, arm64); None: not restricted
    arch_expr: str = ""
    oses: set[str] | None = None  # allowed values (linux, windows)
    os_expr: str = ""
    distinct: bool = False
    unread: list[str] = field(default_factory=list)  # "'expression' (why)"
    ignored: list[str] = field(default_factory=list)  # expressions accepted and ignored (no effect on the cost)
    families: frozenset[str] | None = None  # the instance families allowed (Kubernetes node labels); None: any
    family_exprs: list[str] = field(default_factory=list)
    #: What holds the tasks or pods to the types, for the notes: an ECS placement constraint, or a pod's node
    #: selector / required node affinity (``k8s._node_labels``), with the document that says how it works.
    rule: str = "placement constraint"
    rule_doc: str = "Amazon ECS Developer Guide, 'Amazon ECS task placement constraints'"
    places: str = "ECS places its tasks only on container instances that satisfy it"

    @property
    def neuron(self) -> bool:
        """The instance types it allows are all AWS Neuron (Inferentia / Trainium) types: by name, or every catalogue
        type its patterns match."""
        if self.types:
            return all(NEURON_FAMILY.match(t) for t in self.types)
        usable = []
        for pat, _ in self.patterns:
            try:
                usable.append(readable_pattern(pat))
            except ValueError:
                continue
        matched = pattern_types(usable) if usable else []
        return bool(matched) and all(NEURON_FAMILY.fullmatch(t.family) for t in matched)

    @property
    def architecture(self) -> str | None:
        return next(iter(self.architectures)) if self.architectures and len(self.architectures) == 1 else None

    @property
    def os(self) -> str | None:
        return next(iter(self.oses)) if self.oses and len(self.oses) == 1 else None


def read_placement(raw: Any, source: str, doc: str, *, service: bool, fld: str = "placementConstraints"
                   ) -> Placement | None:
    """The constraints of a task definition (``service`` False: ``memberOf`` only, TaskDefinitionPlacementConstraint)
    or a service (``distinctInstance`` too); None when there are none. Malformed constraints (not a list, a type ECS
    does not take, an expression a value no container instance carries) are errors naming the field."""
    if raw in (None, []):
        return None
    if not isinstance(raw, list):
        raise fail(source, doc, fld, f"must be a list of {{type, expression}} items, got {show(raw)}.")
    if len(raw) > MAX_CONSTRAINTS:
        raise fail(source, doc, fld, f"lists {len(raw)} constraints; ECS takes at most {MAX_CONSTRAINTS} for each task "
                   "(CreateService / RegisterTaskDefinition placementConstraints).")
    p = Placement(doc)
    types = ("distinctInstance", "memberOf") if service else ("memberOf",)
    for i, c in enumerate(raw):
        cfld = f"{fld}[{i}]"
        if not isinstance(c, dict):
            raise fail(source, doc, cfld, f"must be an object {{\"type\": \"memberOf\", \"expression\": \"...\"}}, got "
                       f"{show(c)}.")
        kind, expr = c.get("type"), c.get("expression")
        if kind == "distinctInstance" and not service:
            raise fail(source, doc, f"{cfld}.type", "distinctInstance is not valid in a task definition: ECS takes it "
                       "only when a service is created or a task is run (TaskDefinitionPlacementConstraint type: "
                       "memberOf is the only value; Amazon ECS Developer Guide, 'Amazon ECS task placement "
                       "constraints'). Move it to the service's placementConstraints.")
        if kind not in types:
            raise fail(source, doc, f"{cfld}.type", f"{show(kind)} is not valid; use {' or '.join(types)}.")
        if kind == "distinctInstance":
            if expr not in (None, ""):
                raise fail(source, doc, f"{cfld}.expression", "is not valid with distinctInstance (PlacementConstraint "
                           "expression: \"You can't specify an expression if the constraint type is "
                           "distinctInstance\"). Remove it, or use memberOf.")
            p.distinct = True
            continue
        if not isinstance(expr, str) or not expr.strip():
            raise fail(source, doc, f"{cfld}.expression", f"{show(expr)} is not valid; memberOf needs a cluster query "
                       "language expression, e.g. \"attribute:ecs.instance-type =~ t3.*\".")
        if len(expr) > MAX_EXPRESSION_CHARS:
            raise fail(source, doc, f"{cfld}.expression", f"is {len(expr):,} characters long; ECS takes at most "
                       f"{MAX_EXPRESSION_CHARS:,}.")
        _read_expression(expr.strip(), p, source, doc, f"{cfld}.expression")
    return p


def _mask_patterns(expr: str) -> tuple[str, list[str]]:
    """``expr`` with each ``=~`` / ``!~`` argument (one token: quoted, or up to the next space) replaced by a marker,
    and the arguments: a regular expression's parentheses, ``|`` and ``&&`` are its own, not the query's."""
    found: list[str] = []

    def keep(m: re.Match) -> str:
        found.append(m.group("arg"))
        return f"{m.group('op')} \x00{len(found) - 1}\x00"

    return _PATTERN_ARG.sub(keep, expr), found


def _read_expression(expr: str, p: Placement, source: str, doc: str, fld: str) -> None:
    masked, patterns = _mask_patterns(expr)
    if _COMPOUND.search(masked):
        p.unread.append(f"{expr!r} (or / not / parentheses: advisor reads clauses joined by 'and' only)")
        return
    for clause in _AND.split(masked):
        m = _CLAUSE.fullmatch(clause)
        if not m:
            p.unread.append(f"{expr!r} (the clause {clause.strip()!r} is not 'subject operator argument')")
            continue
        subject, op, arg = m.group("subject"), _OPS[m.group("op").lower()], m.group("arg")
        arg = re.sub("\x00(\\d+)\x00", lambda k: patterns[int(k.group(1))], arg)
        values = _argument(arg, op, source, doc, fld)
        if subject == "attribute:ecs.instance-type":
            _instance_types(expr, op, values, p, source, doc, fld)
        elif subject == "attribute:ecs.cpu-architecture":
            p.architectures = _allowed(op, values, _ARCHES, _ARCH_SPELLINGS, p.architectures, expr, p, source, doc,
                                       fld, "ecs.cpu-architecture")
            p.arch_expr = expr
        elif subject in ("attribute:ecs.os-type", "attribute:ecs.os-family"):
            if subject.endswith("os-family"):
                known = {v: ("linux" if v == "LINUX" else "windows") for v in values
                         if v == "LINUX" or v.startswith("WINDOWS_SERVER_")}
                for v in values:
                    if v not in known:
                        hint = f"; did you mean {v.upper()!r}?" if v.upper() == "LINUX" or \
                            v.upper().startswith("WINDOWS_SERVER_") else ""
                        raise fail(source, doc, fld, f"{v!r} is not a value of ecs.os-family (LINUX or "
                                   f"WINDOWS_SERVER_<release>_<FULL or CORE>, Amazon ECS Developer Guide, 'Amazon ECS "
                                   f"task placement constraints'){hint} Query strings compare exactly, so no "
                                   "container instance would match and the task would stay PENDING.")
                values = [known[v] for v in values]
            p.oses = _allowed(op, values, _OS_TYPES, {"linux": "linux", "windows": "windows"}, p.oses, expr, p,
                              source, doc, fld, "ecs.os-type")
            p.os_expr = expr
        elif subject.startswith("attribute:"):
            p.ignored.append(clause.strip())
        else:
            p.unread.append(f"{expr!r} ({subject} is not an instance attribute advisor models)")


def _argument(arg: str, op: str, source: str, doc: str, fld: str) -> list[str]:
    """The argument's values: ``[a, 'b']`` for in / not_in, else one literal (quotes removed)."""
    if op in ("exists", "!exists"):
        return []
    if op in ("in", "!in"):
        if not (arg.startswith("[") and arg.endswith("]")):
            raise fail(source, doc, fld, f"{arg!r}: {op} takes an argument list, [value1, value2] (Amazon ECS Developer "
                       "Guide, 'Cluster query language').")
        items = [x.strip().strip("'\"") for x in arg[1:-1].split(",")]
        return [x for x in items if x]
    value = arg.strip().strip("'\"")
    if not value:
        raise fail(source, doc, fld, f"the operator {op} needs an argument (subject operator argument).")
    return [value]


def _type_names(values: list[str], source: str, doc: str, fld: str, consequence: str) -> None:
    """Each value an instance type name as ECS reports it (lower case), else an error with the spelling to use:
    query strings compare exactly, so ``consequence``."""
    for v in values:
        if not _INSTANCE_TYPE.fullmatch(v):
            lower = v.lower()
            hint = f"; did you mean {lower!r}?" if _INSTANCE_TYPE.fullmatch(lower) else ""
            raise fail(source, doc, fld, f"{v!r} is not an EC2 instance type name as ECS reports it (e.g. "
                       f"'m5.large'){hint} Query strings compare exactly, so {consequence}.")


def _instance_types(expr: str, op: str, values: list[str], p: Placement, source: str, doc: str, fld: str) -> None:
    if op in ("==", "in"):
        _type_names(values, source, doc, fld, "no container instance would match and the task would stay PENDING")
        allowed = frozenset(values)
        p.types = allowed if p.types is None else p.types & allowed
        p.type_exprs.append(expr)
    elif op == "=~":
        p.patterns.append((values[0], expr))
    elif op in ("!=", "!in"):  # types the tasks may not use: one pattern that matches every other type (settle)
        _type_names(values, source, doc, fld, "it would keep the tasks off no instance")
        p.excluded += [(v, expr) for v in values]
    elif op == "!~":  # a pattern that matches every type the argument does not
        try:
            check_type_pattern(values[0])
            excluding = check_type_pattern(f"(?!(?:{java_quotes(values[0])})$).*")
        except ValueError as exc:
            p.unread.append(f"{expr!r} (advisor cannot read {quoted(values[0])} as a pattern to exclude: {exc})")
            return
        p.patterns.append((excluding, expr))
    elif op == "exists":  # every container instance has its type
        p.ignored.append(expr)
    else:
        p.unread.append(f"{expr!r} (operator {op} on the instance type is not modelled)")


def _allowed(op: str, values: list[str], valid: dict[str, str], spellings: dict[str, str], before: set[str] | None,
             expr: str, p: Placement, source: str, doc: str, fld: str, attribute: str) -> set[str] | None:
    """The values of a two-valued attribute (cpu architecture, OS type) a clause allows, with those allowed before."""
    for v in values:
        if v not in valid:
            right = spellings.get(v.lower().replace(" ", ""))
            hint = f"; did you mean {right!r}?" if right else ""
            raise fail(source, doc, fld, f"{v!r} is not a value of {attribute} ({' or '.join(valid)}, Amazon ECS "
                       f"Developer Guide, 'Amazon ECS task placement constraints'){hint} Query strings compare "
                       "exactly, so no container instance would match and the task would stay PENDING.")
    if op in ("==", "in"):
        allowed = {valid[v] for v in values}
    elif op in ("!=", "!in"):
        allowed = set(valid.values()) - {valid[v] for v in values}
    else:
        p.unread.append(f"{expr!r} (operator {op} on {attribute})")
        return before
    allowed = allowed if before is None else before & allowed
    if not allowed:
        raise fail(source, doc, fld, f"{expr!r} leaves no {attribute} a container instance can have, together with the "
                   "task's other constraints: ECS would never place the task. Remove the contradiction.")
    return allowed


# ------------------------------------------------------------------------------------------ settling


def settle_placement(result: ImportResult) -> None:
    """Take the placement read for each service (``_placement`` from its task definition or, for Kubernetes, its pod's
    node selector and required node affinity; ``_service_placement`` from its ECS service; ``_explicit``: the task
    definition's runtimePlatform fields) out of the services' data and apply it: a service's architecture / OS
    constraint, the notes for what is not modelled, and the instance types and families.

    When every service of the input is held to the same instance types (or the same families), they become
    ``ec2.allowed_types`` (``ec2.allowed_families``): the fleet's candidates. Otherwise each held service gets its own
    ``instance_types`` / ``instance_families``, which the EC2 fleets honour per service (``advisor.sizing.fleet``);
    both noted. A Java regular expression on the instance type (``=~``) becomes the service's
    ``instance_type_pattern`` (one the pattern checks refuse: a note)."""
    held: list[_Held] = []
    for svc in result.services:
        data = svc.data
        task, own = data.pop("_placement", None), data.pop("_service_placement", None)
        explicit = data.pop("_explicit", ())
        if task is None and own is None:
            continue
        name = data["name"]
        if own is not None:
            _service_platform(own, data, explicit, svc.comments, result)
            if own.neuron and not data.get("gpus"):
                data["gpus"] = 1
                result.assumptions.append(neuron_assumption(name, own))
        h = _Held(name, explicit_arch="architecture" in explicit)
        for p in (task, own):
            if p is None:
                continue
            h.rule, h.rule_doc = p.rule, p.rule_doc
            if p.types is not None:
                h.types = p.types if h.types is None else h.types & p.types
                h.exprs += [f"{e!r} of {p.where}" for e in p.type_exprs]
            if p.families is not None:
                h.families = p.families if h.families is None else h.families & p.families
                h.exprs += [f"{e!r} of {p.where}" for e in p.family_exprs]
            h.patterns += [(pat, f"{e!r} of {p.where}") for pat, e in p.patterns]
            h.excluded += [(v, f"{e!r} of {p.where}") for v, e in p.excluded]
            for why in p.unread:
                result.notes.append(f"{name}: {p.rule} {why}, {p.where}, is not modelled: {p.places}, which "
                                    "advisor's EC2 fleet does not check")
            if p.ignored:
                svc.comments.append(f"{p.where}: {p.rule}(s) {', '.join(map(repr, p.ignored))} accepted "
                                    "and ignored (where instances are, not which: no effect on the price)")
            count = data["scaling"].get("max", 1) if isinstance(data.get("scaling"), dict) else data.get("replicas", 1)
            if p.distinct:  # kept for one task too: a sweep that scales it keeps the tasks apart (as Kubernetes)
                data["one_per_node"] = True
                result.notes.append(
                    f"{name}: placement constraint distinctInstance ({p.where}) places each of its tasks on a different "
                    "container instance (Amazon ECS Developer Guide, 'Amazon ECS task placement constraints'): "
                    + (f"one_per_node: every EC2 fleet packs its {count} task(s) on {count} different instances"
                       if not isinstance(count, int) or count > 1 else
                       "one_per_node (one task today; scaled, its tasks stay on different instances)"))
        for what, allowed in (("instance type", h.types), ("instance family", h.families)):
            if allowed is not None and not allowed:
                raise WorkloadError(f"{result.source}: {name}: its {h.rule}s allow no {what} at all "
                                    f"({'; '.join(h.exprs)}): no node would ever run it. Remove the contradiction.")
        if h.excluded:  # every type != / not_in names, in one pattern (nested lookaheads grew past the field)
            names = "|".join(re.escape(v) for v in dict.fromkeys(v for v, _ in h.excluded))
            h.patterns.append((f"(?!(?:{names})$).*", "; ".join(dict.fromkeys(e for _, e in h.excluded))))
        if h.types is not None or h.families is not None or h.patterns:
            held.append(h)
    if not held:
        return
    first = held[0]
    same = len(held) == len(result.services) and not any(h.patterns for h in held)
    for key, attr, what in (("allowed_types", "types", "type"), ("allowed_families", "families", "family")):
        chosen = getattr(first, attr)
        other = "families" if attr == "types" else "types"
        if same and chosen and all(getattr(h, attr) == chosen and getattr(h, other) is None for h in held):
            plural = "types" if what == "type" else "families"
            result.ec2[key] = sorted(chosen)
            result.notes.append(
                f"{name_list([h.name for h in held])}: the {first.rule}(s) {'; '.join(first.exprs)} run "
                f"{'its' if len(held) == 1 else 'their'} {first.unit} only on the instance "
                f"{what if len(chosen) == 1 else plural} {', '.join(sorted(chosen))} ({first.rule_doc}): ec2.{key} is set "
                f"to {'that ' + what if len(chosen) == 1 else 'those ' + plural}, the only one(s) advisor's EC2 fleets "
                "(ECS on EC2, EKS on EC2) may use")
            return
    by_name = {svc.data["name"]: svc for svc in result.services}
    for h in held:
        what = []
        if h.types is not None:
            what.append(f"the instance type(s) {', '.join(sorted(h.types))}")
        if h.families is not None:
            what.append(f"the instance family(ies) {', '.join(sorted(h.families))}")
        held_to = " and ".join(what) + f" ({h.rule} {'; '.join(h.exprs)})" if what else ""
        if held_to:
            # each service keeps its own types: the EC2 fleets pack it on those only (advisor.sizing.fleet)
            data = by_name[h.name].data
            fields = []
            if h.types is not None:
                data["instance_types"] = sorted(h.types)
                fields.append("instance_types")
            if h.families is not None:
                data["instance_families"] = sorted(h.families)
                fields.append("instance_families")
            result.notes.append(
                f"{h.name}: {h.runner} runs its {h.unit} only on {held_to}; {h.rule_doc}. Written as its "
                f"{' and '.join(fields)}: the EC2 fleets (ECS on EC2, EKS on EC2, ECS Managed Instances, EKS Auto "
                "Mode) place it on those only; Fargate does not use them")
        _settle_patterns(h, by_name[h.name].data, result, result.source)


def _joins_exactly(pattern: str, matched: list, names: list) -> bool:
    """Whether the joined ``pattern`` is usable and matches exactly the types each of its parts matches."""
    try:
        check_type_pattern(pattern)
        return {t.name for t in names if type_matches(pattern, t.name)} == {t.name for t in matched}
    except ValueError:
        return False


def _catalogue_types() -> list:
    """The catalogue's instance types (``advisor.pricing.catalog``), to read patterns against."""
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog

    return list(Catalog.of(default_pricebook()).types().values())


def readable_pattern(pattern: str) -> str:
    """``pattern`` when advisor can read it (``check_type_pattern``) and match it against every catalogue type within
    its time (``type_matches``, memoised, so the later reads cost nothing); else ``TypePatternError`` (a ValueError)
    saying why: a pattern can pass the check's trial names and backtrack on the catalogue's."""
    check_type_pattern(pattern)
    for t in _catalogue_types():
        type_matches(pattern, t.name)
    return pattern


def pattern_types(patterns: list[str]) -> list:
    """The catalogue's instance types whose whole name matches every pattern of ``patterns`` (each already checked)."""
    return [t for t in _catalogue_types() if all(type_matches(pat, t.name) for pat in patterns)]


def _settle_patterns(h: _Held, data: dict, result: ImportResult, source: str) -> None:
    """A service's ``=~`` clauses on the instance type, as its ``instance_type_pattern`` (two or more joined so a
    type must match each), noted. A pattern advisor cannot read (``check_type_pattern``), or patterns that together
    are longer than the field takes, are noted and left out. Read against the catalogue: patterns that match no
    instance type at all (nor any part of a name), none of the types ``==`` / ``in`` name, or none of the task's
    architecture, are errors (ECS would never place the tasks); types that are all arm64 make the task arm64 unless
    its task definition says otherwise."""
    usable: list[tuple[str, str]] = []
    names = _catalogue_types()
    for pat, e in h.patterns:
        try:
            readable_pattern(pat)
        except ValueError as exc:
            result.notes.append(
                f"{h.name}: {h.runner} runs its {h.unit} only on instance types matching {quoted(pat)} "
                f"({h.rule} {e}); {h.rule_doc}. advisor cannot read it ({exc}). The EC2 fleets may place "
                "it on other types; to price it on these, give the service instance_types, instance_families or "
                "instance_type_pattern in the workload file")
            continue
        usable.append((pat, e))
    if not usable:
        return
    exprs = "; ".join(dict.fromkeys(e for _, e in usable))
    shown = " and ".join(quoted(p) for p, _ in usable)
    for pat, e in usable:
        if not any(type_matches(pat, t.name) or type_matches_part(pat, t.name) for t in names):
            lower = pat.lower()
            try:
                hint = (f"; did you mean {quoted(lower)}? (instance type names are lower case)"
                        if lower != pat and any(type_matches(lower, t.name) for t in names) else "")
            except ValueError:  # the lower-case spelling is no pattern advisor can read: no hint
                hint = ""
            raise WorkloadError(f"{source}: {h.name}: {h.rule} {e}: {quoted(pat)} matches no EC2 instance type, "
                                f"whole or in part{hint}. {h.runner} would never place the {h.unit} (they would stay "
                                "pending). "
                                "Fix the pattern, e.g. 'm5.*'.")
    matched = pattern_types([p for p, _ in usable])
    if not matched and len(usable) > 1:
        raise WorkloadError(f"{source}: {h.name}: the {h.rule}s {exprs} hold its {h.unit} to instance types "
                            f"matching {shown} together, and no instance type matches them all: {h.runner} would never "
                            f"place the {h.unit}. Remove the contradiction.")
    if matched and h.types is not None and not any(t.name in h.types for t in matched):
        raise WorkloadError(f"{source}: {h.name}: its {h.rule}s hold its {h.unit} to the instance type(s) "
                            f"{', '.join(sorted(h.types))} and to types matching {shown}, which none of them does: "
                            f"{h.runner} would never place the {h.unit}. Remove the contradiction.")
    arches = {t.arch for t in matched}
    arch = data.get("architecture", "x86_64")
    if matched and arch not in arches:
        if h.explicit_arch or len(arches) != 1:
            raise WorkloadError(f"{source}: {h.name}: the instance types matching {shown} are "
                                f"{'/'.join(sorted(arches))}, and its {h.unit} are {arch} (runtimePlatform, a "
                                f"cpu-architecture constraint or kubernetes.io/arch): {h.runner} would never place "
                                "them. Make the two agree.")
        data["architecture"] = arches.pop()
        result.notes.append(f"{h.name}: the instance types matching {shown} are all {data['architecture']}, so its "
                            f"{h.unit} run on {data['architecture']} (its images must support it): architecture "
                            f"{data['architecture']}")
    pattern = usable[0][0]
    for pat, _ in usable[1:]:
        pattern = both(pattern, pat)
    listed = False
    if len(usable) > 1 and not _joins_exactly(pattern, matched, names):
        # the join is too long or reads differently (a (?x) comment swallowing its brackets, shifted
        # backreferences): the types themselves, when they fit the field
        pattern = "|".join(re.escape(t.name) for t in sorted(matched, key=lambda t: t.name))
        listed = True
    if len(pattern) > MAX_PATTERN_LENGTH:
        result.notes.append(
            f"{h.name}: {h.runner} runs its {h.unit} only on instance types matching {shown} ({h.rule} {exprs}); "
            f"together they are longer than the {MAX_PATTERN_LENGTH} characters instance_type_pattern takes, so they "
            "are left out: the EC2 fleets may place it on other types. Give the service instance_types or "
            "instance_families to price it on these")
        return
    data["instance_type_pattern"] = pattern
    result.notes.append(
        f"{h.name}: {h.runner} runs its {h.unit} only on instance types matching "
        + ("the Java regular expression" + ("s" if len(usable) > 1 else "") + " " if h.runner == "ECS" else "")
        + f"{shown} ({h.rule} {exprs}); "
        f"{h.rule_doc}. Written as its instance_type_pattern"
        + (f" (the {len(matched)} instance types that match all of them, listed)" if listed else
           " (the two joined so that a type must match both)" if len(usable) > 1 else "")
        + ": the EC2 fleets (ECS on EC2, EKS on EC2, ECS Managed Instances, EKS Auto Mode) place it only on candidate "
        "types whose whole name matches (the AWS page does not say whether a part of the name may match; advisor "
        "matches the whole name, as Java's Matcher.matches)"
        + ("" if matched else "; no type matches it as a whole name, only in part, so the EC2 fleets will find no "
           "candidate and say so"))


@dataclass
class _Held:
    """What one service's placement holds it to (``settle_placement``)."""

    name: str
    types: frozenset[str] | None = None
    families: frozenset[str] | None = None
    patterns: list[tuple[str, str]] = field(default_factory=list)
    explicit_arch: bool = False  # the task definition's runtimePlatform states the architecture
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (type, expression) of != / not_in
    exprs: list[str] = field(default_factory=list)
    rule: str = "placement constraint"
    rule_doc: str = ""

    @property
    def unit(self) -> str:
        return "tasks" if self.rule == "placement constraint" else "pods"

    @property
    def runner(self) -> str:
        return "ECS" if self.rule == "placement constraint" else "Kubernetes"


def neuron_assumption(name: str, p: Placement) -> str:
    held = ", ".join(sorted(p.types)) if p.types else " / ".join(pat for pat, _ in p.patterns)
    return (f"{name}: its placement constraints ({p.where}) run it only on AWS Neuron instances ({held}: Inferentia / "
            "Trainium), but it maps no /dev/neuron device: counted as 1 Neuron device (gpus: 1), as the Kubernetes "
            "aws.amazon.com/neuron resource is, so it is not priced on Fargate (no accelerators) or on advisor's EC2 "
            "fleet (accelerated instances are not sized). Map its devices (linuxParameters.devices) to say how many")


def _service_platform(p: Placement, data: dict, explicit: Any, comments: list[str], result: ImportResult) -> None:
    """A service's own cpu-architecture / OS constraint: the task's architecture and OS unless its task definition
    states another (then an error: ECS would never place the tasks)."""
    for key, value, expr in (("architecture", p.architecture, p.arch_expr), ("os", p.os, p.os_expr)):
        if value is None or data.get(key) == value:
            continue
        if key in explicit:
            raise WorkloadError(f"{result.source}: {p.where}: placementConstraints: {expr!r} places the tasks on "
                                f"{value} instances, but its task definition's runtimePlatform says "
                                f"{data.get(key)}: ECS would never place them. Make the two agree.")
        data[key] = value
        comments.append(f"{p.where}: placement constraint {expr!r}: {key} {value}")
    if data.get("os") == "windows" and data.get("architecture") == "arm64":
        raise WorkloadError(f"{result.source}: {p.where}: placementConstraints: Windows containers run on x86_64 only, "
                            "and the constraints ask for arm64 Windows instances: ECS would never place the tasks.")

