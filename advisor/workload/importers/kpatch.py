"""kustomize patches, as a kustomization or a kustomize Component applies them (``advisor.workload.importers.k8s._kustomize``).

Sources: kustomize's kustomization reference (kubectl.docs.kubernetes.io/references/kustomize/kustomization/):
``patchesStrategicMerge`` (files or inline strategic merge patches, each naming its target by apiVersion, kind and
metadata.name), ``patches`` (``path`` or inline ``patch``, a strategic merge patch or a JSON 6902 list of
operations, with an optional ``target`` selecting by group, version, kind, name, namespace, labelSelector and
annotationSelector; name and namespace are regular expressions matched whole), ``patchesJson6902`` (a ``target``
and a JSON 6902 patch). Strategic merge follows the Kubernetes API conventions ("Update API Objects in Place Using
kubectl patch", Kubernetes docs): maps merge key by key, a null value deletes the key, ``$patch: delete`` deletes
the map (or list element, or whole object) it sits in, ``$patch: replace`` replaces it; lists with a patch merge key
in the Kubernetes API (``MERGE_KEYS``) merge element by element on that key, other lists are replaced. JSON 6902
operations: RFC 6902 (add, remove, replace, move, copy, test) on RFC 6901 pointers, applied by the
``jsonpatch`` library; a failed one says where its pointer stops (``_why``). Target patterns are matched by the
``regex`` library within ``MATCH_TIMEOUT_S`` (kustomize's Go patterns cannot backtrack; Python's can).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import jsonpatch
import jsonpointer

from advisor.units import kind_of, one_line, show

#: List fields that merge by a key in a strategic merge patch: their ``patchStrategy: merge`` and ``patchMergeKey``
#: in the Kubernetes API (k8s.io/api core/v1 types.go): PodSpec containers, initContainers, ephemeralContainers,
#: volumes, imagePullSecrets, hostAliases (ip), topologySpreadConstraints (topologyKey), resourceClaims; Container
#: env, volumeMounts (mountPath), volumeDevices (devicePath), ports (containerPort), resizePolicy (resourceName).
MERGE_KEYS = {"containers": "name", "initContainers": "name", "ephemeralContainers": "name", "volumes": "name",
              "imagePullSecrets": "name", "hostAliases": "ip", "topologySpreadConstraints": "topologyKey",
              "resourceClaims": "name", "env": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
              "ports": "containerPort", "resizePolicy": "resourceName"}


class PatchError(ValueError):
    """A patch advisor cannot apply as kustomize would (the message says why)."""


DELETE = object()  # what a strategic merge patch's ``$patch: delete`` leaves of an object


def strategic_merge(target: Any, patch: Any, key: str | None = None) -> Any:
    """``target`` with the strategic merge ``patch`` applied (new objects, ``target`` unchanged); ``DELETE`` when the
    patch deletes the whole object."""
    if isinstance(patch, dict) and isinstance(target, dict):
        directive = patch.get("$patch")
        if directive == "delete":
            return DELETE
        if directive == "replace":
            return {k: copy.deepcopy(v) for k, v in patch.items() if not str(k).startswith("$")}
        out = dict(target)
        for k, v in patch.items():
            if isinstance(k, str) and k.startswith("$"):
                continue  # $retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...: order and pruning only
            if v is None:
                out.pop(k, None)
            elif k in out:
                merged = strategic_merge(out[k], v, k)
                if merged is DELETE:
                    out.pop(k, None)
                else:
                    out[k] = merged
            else:
                merged = strategic_merge(None, v, k)
                if merged is not DELETE:
                    out[k] = merged
        return out
    if isinstance(patch, list) and isinstance(target, list) and key in MERGE_KEYS:
        mk = MERGE_KEYS[key]
        if any(isinstance(p, dict) and p.get("$patch") == "replace" for p in patch):
            return [_clean(p) for p in patch if not (isinstance(p, dict) and p.get("$patch") == "replace")]
        out = list(target)
        for p in patch:
            if not isinstance(p, dict) or mk not in p:
                out.append(_clean(p))
                continue
            at = next((i for i, t in enumerate(out) if isinstance(t, dict) and t.get(mk) == p[mk]), None)
            if p.get("$patch") == "delete":
                if at is not None:
                    out.pop(at)
            elif at is None:
                out.append(_clean(p))
            else:
                out[at] = strategic_merge(out[at], p)
        return out
    return _clean(patch)


def _clean(v: Any) -> Any:
    """A patch value written where the target has none: its directives dropped, its nulls (deletions of nothing)
    dropped."""
    if isinstance(v, dict):
        if v.get("$patch") == "delete":
            return DELETE
        # each value cleaned once: cleaning it again to test for DELETE doubled the work at every level (a patch
        # nested 24 levels deep where the target had nothing took 2^24 calls, half a minute)
        cleaned = ((k, _clean(x)) for k, x in v.items() if not (isinstance(k, str) and k.startswith("$"))
                   and x is not None)
        return {k: c for k, c in cleaned if c is not DELETE}
    if isinstance(v, list):
        return [c for c in (_clean(x) for x in v) if c is not DELETE]
    return copy.deepcopy(v)


def json6902(target: Any, ops: list) -> Any:
    """``target`` (copied) with the RFC 6902 operations ``ops`` applied (the ``jsonpatch`` library, RFC 6902 / RFC
    6901 pointers); ``PatchError`` names the operation that fails and why."""
    doc = copy.deepcopy(target)
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or not isinstance(op.get("op"), str):
            raise PatchError(f"operation {i} is not a mapping with 'op'")
        try:
            doc = jsonpatch.apply_patch(doc, [op], in_place=True)
        except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as exc:
            raise PatchError(f"operation {i} ({op['op']} {show(op.get('path'))}): {_why(doc, op, exc)}") from None
    return doc


_OPERATIONS = ("add", "remove", "replace", "move", "copy", "test")


def _why(doc: Any, op: dict, exc: Exception) -> str:
    """Why the RFC 6902 operation ``op`` fails on ``doc``, in a person's words: the ``jsonpatch`` library's messages
    hold the whole document ("member 'x' not found in {...}") or Python's types ("Document '<class 'int'>' does not
    support indexing")."""
    if op["op"] not in _OPERATIONS:
        return f"{show(op['op'])} is not an RFC 6902 operation; use {', '.join(_OPERATIONS)}"
    if isinstance(exc, jsonpatch.JsonPatchTestFailed):
        try:
            held = f"holds {show(jsonpointer.resolve_pointer(doc, op['path']))}"
        except (jsonpointer.JsonPointerException, TypeError, KeyError):
            held = "holds nothing"
        return f"the test expects {show(op.get('value'))} at {op['path']}, and the object {held} there"
    for fld in ("from", "path") if op["op"] in ("move", "copy") else ("path",):
        if fld not in op:
            return f"the operation has no '{fld}' (an RFC 6901 pointer such as /spec/replicas)"
        problem = _pointer_problem(doc, op[fld], fld, op["op"])
        if problem:
            return problem
    text = one_line(exc)
    return text if len(text) <= 200 else text[:200] + "..."


def _pointer_problem(doc: Any, pointer: Any, fld: str, op: str) -> str | None:
    """Where the RFC 6901 ``pointer`` (an operation's ``fld``) fails to reach into ``doc``: not text, no leading '/',
    a '~' escape other than ~0 (~) and ~1 (/), a key the mapping does not hold, an index past the end of the list, or a
    step into a number or text; None when it reaches its place (the last step of an ``add`` may name a new key or the
    end of a list)."""
    if not isinstance(pointer, str):
        return f"{fld} {show(pointer)} is not text; write an RFC 6901 pointer such as /spec/replicas"
    if pointer and not pointer.startswith("/"):
        return f"{fld} {show(pointer)} does not start with '/'; write an RFC 6901 pointer such as /spec/replicas"
    try:
        parts = jsonpointer.JsonPointer(pointer).parts
    except jsonpointer.JsonPointerException:
        return (f"{fld} {show(pointer)} has a '~' that is not ~0 (for ~) or ~1 (for /), the only escapes of an RFC 6901 "
                "pointer")
    node = doc
    for n, part in enumerate(parts):
        at = "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts[:n]) if n else "the object's root"
        last = n == len(parts) - 1
        if isinstance(node, dict):
            if part not in node:
                if last and fld == "path" and op in ("add", "move", "copy"):
                    return None
                keys = ", ".join(sorted(map(str, node))[:8]) + (", ..." if len(node) > 8 else "")
                return (f"{fld} {show(pointer)}: {at} has no {show(part)}" + (f" (it holds {keys})" if node else
                        " (it is empty)"))
            node = node[part]
        elif isinstance(node, list):
            adds = last and fld == "path" and op in ("add", "move", "copy")  # a new place: may be the list's end
            end = len(node) + (1 if adds else 0)
            if part == "-" and adds:
                return None
            if not part.isascii() or not part.isdigit() or (len(part) > 1 and part.startswith("0")):
                return (f"{fld} {show(pointer)}: {at} is a list, and {show(part)} is not an index of it; write 0, 1, "
                        "... (or - for the end of the list, in an add)")
            if int(part) >= end:
                return (f"{fld} {show(pointer)}: {at} is a list of {len(node)} item(s), and index {part} is past its "
                        "end")
            if int(part) == len(node):
                return None
            node = node[int(part)]
        else:
            return f"{fld} {show(pointer)}: {at} is {kind_of(node)}, which holds no {show(part)}"
    return None


def _selector_matches(selector: Any, labels: Any) -> bool:
    """An equality-based label selector ('app=web,tier', 'app!=db'), as kustomize's target selectors are written;
    set-based terms ('in', 'notin') raise ``PatchError``."""
    if not isinstance(selector, str):
        raise PatchError(f"selector {selector!r} is not text; write an equality-based selector (app=web)")
    labels = labels if isinstance(labels, dict) else {}
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if " in " in term or " notin " in term or "(" in term:
            raise PatchError(f"selector term {term!r} is set-based, which advisor does not read; write an "
                             "equality-based selector (app=web)")
        if "!=" in term:
            k, v = (x.strip() for x in term.split("!=", 1))
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = (x.strip() for x in term.replace("==", "=").split("=", 1))
            if labels.get(k) != v:
                return False
        elif term.startswith("!"):
            if term[1:].strip() in labels:
                return False
        elif term not in labels:
            return False
    return True


def target_matches(target: dict, obj: dict, names: frozenset = frozenset()) -> bool:
    """Whether ``obj`` is selected by a kustomize patch ``target`` (group, version, kind, name, namespace: name and
    namespace and kind are regular expressions anchored at both ends, as kustomize's ``resid`` selector matches them;
    labelSelector, annotationSelector). kustomize's ``Select`` (api/resmap/reswrangler.go) matches the name and the
    namespace against the object's original id or its current one; ``names`` holds the names (text) and ids
    (``(namespace, name)``) the object had before this kustomization, which are tried too."""
    api = str(obj.get("apiVersion") or "")
    group, _, version = api.rpartition("/")
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}

    def whole(key: str, pattern: Any, value: str) -> bool:
        return _fullmatch(key, str(pattern), value)

    earlier = [n for n in names if isinstance(n, str)]
    spaces = [ns for ns, _n in (i for i in names if isinstance(i, tuple))]
    checks = (("group", [group]), ("version", [version]), ("kind", [str(obj.get("kind") or "")]),
              ("name", [str(meta.get("name") or "")] + earlier),
              ("namespace", [_effective(meta.get("namespace"))] + [_effective(ns) for ns in spaces]))
    for key, values in checks:
        want = target.get(key)
        if want is None or want == "":
            continue
        if key in ("group", "version") and str(want) != values[0]:
            return False
        if key not in ("group", "version") and not any(whole(key, want, v) for v in values):
            return False
    if target.get("labelSelector") and not _selector_matches(target["labelSelector"], meta.get("labels")):
        return False
    if target.get("annotationSelector") and not _selector_matches(target["annotationSelector"],
                                                                    meta.get("annotations")):
        return False
    return True


#: The longest one target pattern (name, namespace, kind) may take to match one object's value (seconds of wall time,
#: tried twice before it is refused, so a pause of a busy machine is not the pattern's). kustomize matches them with
#: Go's regexp, whose time grows with the text only; Python's backtracks, and '(a|aa)+' took minutes on a
#: 40-character name. An ordinary pattern takes microseconds.
MATCH_TIMEOUT_S = 0.25


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str):
    """``pattern`` compiled by the ``regex`` library (which can stop a match after a time); ``regex.error`` when it is
    not a regular expression."""
    import regex

    return regex.compile(pattern)


def _fullmatch(key: str, pattern: str, value: str) -> bool:
    """Whether ``pattern`` matches the whole of ``value``; a pattern that is not a regular expression matches its own
    text only. ``PatchError`` when one match takes longer than ``MATCH_TIMEOUT_S`` twice."""
    import regex

    try:
        compiled = _compiled(pattern)
    except regex.error:
        return pattern == value
    for attempt in range(2):
        try:
            return compiled.fullmatch(value, timeout=MATCH_TIMEOUT_S) is not None
        except TimeoutError:
            if attempt:
                raise PatchError(f"{key} {pattern!r} takes more than {MATCH_TIMEOUT_S:g} s to match {value!r} (it "
                                 "backtracks, as repeated alternatives such as (a|aa)+ do; kustomize's Go regular expressions "
                                 "do not); write it more simply, e.g. 'web' or 'web-.*'") from None
    return False  # pragma: no cover


def _effective(namespace: Any) -> str:
    """kustomize's effective namespace (kyaml/resid/resid.go ``EffectiveNamespace``): none is "default"."""
    return namespace if isinstance(namespace, str) and namespace else "default"


def patch_id_matches(patch: dict, obj: dict, names: frozenset = frozenset()) -> bool:
    """Whether a strategic merge patch without a target names ``obj``, as kustomize finds its target by the patch's
    own id (``GetById(patch.OrgId())``, api/resmap/reswrangler.go): the same apiVersion (group and version), kind and
    name, and the same effective namespace (none is "default"), against the object's current id or any earlier one
    (``names``: names and ``(namespace, name)`` ids before this kustomization; ``GetMatchingResourcesByAnyId``)."""
    pm = patch.get("metadata") if isinstance(patch.get("metadata"), dict) else {}
    om = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    if patch.get("kind") != obj.get("kind") or patch.get("apiVersion") != obj.get("apiVersion"):
        return False
    ids = {(_effective(om.get("namespace")), om.get("name"))} | {
        (_effective(ns), n) for ns, n in (i for i in names if isinstance(i, tuple))}
    return (_effective(pm.get("namespace")), pm.get("name")) in ids


def keep_id(before: dict, after: Any) -> Any:
    """``after`` (a strategic merge result) with the kind, name and namespace of ``before``: kustomize's
    ``Resource.ApplySmPatch`` (api/resource/resource.go) sets them back after the merge, so a targeted patch whose
    own metadata.name differs ('not-important') patches the object without renaming it."""
    if not isinstance(after, dict) or after is DELETE:
        return after
    bm = before.get("metadata") if isinstance(before.get("metadata"), dict) else {}
    am = dict(after.get("metadata")) if isinstance(after.get("metadata"), dict) else {}
    for key in ("name", "namespace"):
        if key in bm:
            am[key] = bm[key]
        else:
            am.pop(key, None)
    out = {**after, "metadata": am}
    if "kind" in before:
        out["kind"] = before["kind"]
    return out
