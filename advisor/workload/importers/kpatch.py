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
``jsonpatch`` library.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonpatch
import jsonpointer

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
        return {k: _clean(x) for k, x in v.items() if not (isinstance(k, str) and k.startswith("$")) and x is not None
                and _clean(x) is not DELETE}
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
            raise PatchError(f"operation {i} ({op['op']} {op.get('path')}): {exc}") from None
    return doc


def _selector_matches(selector: Any, labels: Any) -> bool:
    """An equality-based label selector ('app=web,tier', 'app!=db'), as kustomize's target selectors are written;
    set-based terms ('in', 'notin') raise ``PatchError``."""
    if not isinstance(selector, str):
        raise PatchError(f"selector {selector!r} is not text")
    labels = labels if isinstance(labels, dict) else {}
    for term in filter(None, (t.strip() for t in selector.split(","))):
        if " in " in term or " notin " in term or "(" in term:
            raise PatchError(f"selector term {term!r} is set-based, which advisor does not read")
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

    def whole(pattern: Any, value: str) -> bool:
        try:
            return re.fullmatch(str(pattern), value) is not None
        except re.error:
            return str(pattern) == value

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
        if key not in ("group", "version") and not any(whole(want, v) for v in values):
            return False
    if target.get("labelSelector") and not _selector_matches(target["labelSelector"], meta.get("labels")):
        return False
    if target.get("annotationSelector") and not _selector_matches(target["annotationSelector"],
                                                                    meta.get("annotations")):
        return False
    return True


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
