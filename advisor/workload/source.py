"""Reading input documents safely: one place for every limit on what a file (or standard input) may be.

Every reader in advisor's workload layer (workload files, ECS task definitions and services, Kubernetes
manifests) goes through this module, so the limits hold for every input kind:

* **Where from.** A path names a regular file, or ``-`` standard input. A named pipe, a device
  (``/dev/zero``), a socket or a directory given where a file is expected is refused before it is opened,
  so nothing blocks and nothing is read without end.
* **How big.** At most ``MAX_DOCUMENT_BYTES`` (16 MiB) are read; a longer input is refused. The largest
  public manifest advisor is tested on (the OpenTelemetry demo, 84 documents) is 0.64 MB.
* **What text.** UTF-8 (a byte-order mark is dropped); a NUL byte marks a binary file and is refused.
* **How deep.** Mappings and lists nest at most ``MAX_DEPTH`` (100) levels. The deepest real Kubernetes
  object path is about 15 levels (a CRD's OpenAPI schema reaches about 30). Deeper input is refused before
  it is built, so no parser or validator recurses without bound.
* **How long a list.** One YAML list holds at most ``MAX_LIST_ITEMS`` (50,000) items, the most services a
  workload may hold; a longer one is refused from the event stream, before more items are built (a 200,000-service file was
  parsed for 90 s before the services limit refused it).
* **How many aliases.** YAML anchors and aliases may add at most ``MAX_ALIAS_NODES`` (100,000) nodes when
  expanded (the "billion laughs" alias bomb adds 10^9), counted from the parser's event stream before any
  object is built.
* **Which numbers.** Every number is finite (no ``.inf``, ``.nan``, ``1e999``, ``Infinity``, ``NaN``) and
  every integer fits in 64 bits (Kubernetes and the ECS API use 64-bit integers at most); a larger one names
  its place in the document.
* **One value per key.** A key written twice in one mapping (YAML) or object (JSON) is refused, naming the key
  and both lines: YAML ("The content of a mapping node is an unordered set of key/value node pairs, with the
  restriction that each of the keys is unique", YAML 1.2.2 section 3.2.1.1) forbids it, and JSON parsers keep
  only the last value, so a second ``services:`` would silently replace the first. The merge key ``<<`` counts too
  (PyYAML would apply one of two and drop the other; ``<<: [*a, *b]`` merges several).
* **YAML 1.2 scalars.** Plain scalars resolve by the YAML 1.2 core schema (YAML 1.2.2 section 10.3), not
  PyYAML's YAML 1.1 rules: only ``true``/``false`` (any case form the spec lists) are booleans (``yes``, ``no``,
  ``on``, ``off``, ``y``, ``n`` stay text); integers are decimal. An integer written in a form the two YAML
  versions read differently (``010``: 8 in YAML 1.1 as kubectl reads it, 10 in YAML 1.2; ``0x10``, ``0o10``,
  ``0b10``, ``1_000``) is refused with both readings, except under the Kubernetes file-mode keys
  ``defaultMode`` and ``mode``, whose API documentation asks for octal ("Must be an octal value between 0000 and
  0777 or a decimal value between 0 and 511. YAML accepts both octal and decimal values"), read as octal.
  Sexagesimal ``1:30`` and ``=`` are text.
* **Plain data only.** Mappings, lists, strings, numbers, booleans, null (and dates, for commitment start dates).
  A tag that builds anything else -- ``!!python/object/apply:...``, ``!!binary``, ``!!set``, ``!!omap``,
  ``!!pairs``, or a local tag such as ``!Ref`` outside a CloudFormation template -- is refused, naming the tag
  and its line (``TAG_NOT_ALLOWED``); standard tags of plain data (``!!str``, ``!!int``, ``!!map``...) are read.

Errors are ``WorkloadError`` (exit code 2) and name the input, the place (line, or path in the document) and
the limit.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advisor.errors import WorkloadError

#: Largest input read, in bytes (16 MiB).
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
#: Deepest nesting of mappings and lists.
MAX_DEPTH = 100
#: Most nodes YAML aliases may add when expanded (beyond the nodes written out).
MAX_ALIAS_NODES = 100_000
#: Largest integer magnitude accepted anywhere (the int64 range of Kubernetes and the ECS API).
MAX_INTEGER = 2**63 - 1
#: Most items one YAML list may hold: the most services a workload may hold (``advisor.workload.model.MAX_SERVICES``);
#: checked before the items are built, so an over-long file is refused in seconds, not after minutes of parsing.
MAX_LIST_ITEMS = 50_000
#: The name standard input goes by in messages.
STDIN_NAME = "<stdin>"

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT, _FLOAT, _BOOL = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"
#: A plain scalar YAML 1.1 and YAML 1.2 read as different integers (or one reads as text).
_AMBIGUOUS_INT = "tag:advisor:ambiguous-int"
#: An octal file mode under a Kubernetes ``defaultMode`` / ``mode`` key (read as YAML 1.1 does, like kubectl).
_FILE_MODE_INT = "tag:advisor:file-mode-int"
#: Keys whose integer values Kubernetes documents as octal file modes (ConfigMap/Secret/projected volumes).
FILE_MODE_KEYS = frozenset({"defaultMode", "mode"})


class DuplicateKeyError(ValueError):
    """A key given twice in one mapping: ``key``, 1-based ``line`` of the repeat and ``first_line`` (or None)."""

    def __init__(self, key: Any, line: int | None, first_line: int | None):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class AmbiguousNumberError(ValueError):
    """An integer written as ``text`` that YAML 1.1 and YAML 1.2 read differently, at 1-based ``line``."""

    def __init__(self, text: str, line: int):
        super().__init__(text)
        self.text, self.line = text, line


class SafeLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader (C-accelerated when available) with YAML 1.2 core-schema scalars and unique keys.

    Used for every YAML input advisor reads (see the module docstring); ``cloudformation.CfnLoader`` extends it.
    """

    yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in rs if tag not in (_INT, _FLOAT, _BOOL, "tag:yaml.org,2002:value")]
        for ch, rs in _BASE_LOADER.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        self._check_keys(node)
        return super().construct_mapping(node, deep=deep)

    def _check_keys(self, node: yaml.Node) -> None:
        """A mapping's keys unique (``DuplicateKeyError``), and an integer under a file-mode key read as octal."""
        if not isinstance(node, yaml.MappingNode):  # an explicit '!!map' on a scalar or a list
            raise _tag_misfit(node, f"takes a mapping, not a {'list' if isinstance(node, yaml.SequenceNode) else 'single value'}")
        # a merge key '<<' counts too: written twice, PyYAML keeps the values of one and drops the other's silently
        # (one '<<' takes a list of mappings: '<<: [*a, *b]')
        keys = [(k.tag, k.value) for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(set(keys)) != len(keys):  # rare: find the first repeat and both lines (the common case skips this)
            seen: dict[tuple[str, str], int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                ident, line = (key_node.tag, key_node.value), key_node.start_mark.line + 1
                if ident in seen:
                    raise DuplicateKeyError(key_node.value, line, seen[ident])
                seen[ident] = line
        if not FILE_MODE_KEYS.isdisjoint(v for _, v in keys):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value in FILE_MODE_KEYS and \
                        isinstance(value_node, yaml.ScalarNode) and value_node.tag == _AMBIGUOUS_INT:
                    value_node.tag = _FILE_MODE_INT

    def construct_document(self, node: yaml.Node) -> Any:
        """PyYAML's ``construct_document`` (``BaseConstructor``): the same objects, built in the same order, without
        its per-node bookkeeping. PyYAML builds a mapping's or list's items when the round of collections holding it
        is done (its state generators), breadth first, and so does the queue here, so a document with two problems
        reports the same one first; a scalar's constructor is called as ``construct_object`` calls it, and a node an
        alias repeats is built once. A subclass that adds constructors (``cloudformation.CfnLoader``) takes PyYAML's
        path unchanged. Building the objects took about 40% of reading a 10,000-service file."""
        if type(self) is not SafeLoader:
            return super().construct_document(node)
        scalars = _SCALAR_CONSTRUCTORS
        built: dict[yaml.Node, Any] = {}
        queue: list[tuple[yaml.Node, Any]] = []

        def build(n: yaml.Node) -> Any:
            tag = n.tag
            if tag == _STR and type(n) is yaml.ScalarNode:
                return n.value
            if tag == _MAP or tag == _SEQ:
                data = built.get(n)
                if data is None:
                    data = built[n] = {} if tag == _MAP else []
                    queue.append((n, data))
                return data
            fn = scalars.get(tag)
            if fn is not None and type(n) is yaml.ScalarNode:
                return fn(self, n)
            return self.construct_object(n)  # any other tag or kind: PyYAML's way (each builds its value at once)

        try:
            data = build(node)
            at = 0
            while at < len(queue):
                n, out = queue[at]
                at += 1
                if type(out) is list:
                    out.extend(build(child) for child in self._sequence_items(n))
                    continue
                self._check_keys(n)
                if isinstance(n, yaml.MappingNode):
                    self.flatten_mapping(n)
                else:
                    raise yaml.constructor.ConstructorError(None, None, f"expected a mapping node, but found {n.id}",
                                                            n.start_mark)
                for key_node, value_node in n.value:
                    key = build(key_node)
                    if not isinstance(key, Hashable):
                        raise yaml.constructor.ConstructorError("while constructing a mapping", n.start_mark,
                                                                "found unhashable key", key_node.start_mark)
                    out[key] = build(value_node)
            return data
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}
            self.deep_construct = False

    @staticmethod
    def _sequence_items(node: yaml.Node) -> list:
        """The item nodes of a list node, after ``construct_sequence``'s checks (length, kind)."""
        if len(node.value) > MAX_LIST_ITEMS:
            raise yaml.constructor.ConstructorError(None, None, _list_too_long(len(node.value)), node.start_mark)
        if not isinstance(node, yaml.SequenceNode):
            raise yaml.constructor.ConstructorError(None, None, f"expected a sequence node, but found {node.id}",
                                                    node.start_mark)
        return node.value

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list:
        if len(node.value) > MAX_LIST_ITEMS:
            raise yaml.constructor.ConstructorError(None, None, _list_too_long(len(node.value)), node.start_mark)
        return super().construct_sequence(node, deep=deep)

    def resolve(self, kind, value, implicit, _scalar=yaml.ScalarNode):
        """PyYAML's tag resolution, remembered per plain scalar text for this document stream: without path
        resolvers (advisor adds none) a plain scalar's tag depends on its text only, and a workload file repeats the
        same keys and values thousands of times (about a fifth of loading a 10,000-service file)."""
        if kind is _scalar and implicit[0] and not self.yaml_path_resolvers:
            try:
                memo = self._plain_tags
            except AttributeError:  # the first plain scalar this loader reads
                memo = self._plain_tags = {}
            tag = memo.get(value)
            if tag is None:
                tag = memo[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


class HugeInteger(int):
    """An integer too long to convert (Python refuses to turn more than ``sys.get_int_max_str_digits()`` digits,
    4,300 by default, into an int, a guard against quadratic conversion): it stands in, above ``MAX_INTEGER``, for
    the integer written, and keeps its digit count, so ``check_tree`` refuses it naming its place as it does any
    integer out of range."""

    digits: int

    def __new__(cls, digits: int) -> HugeInteger:
        obj = super().__new__(cls, MAX_INTEGER + 1)
        obj.digits = digits
        return obj


#: Integers of more digits than this are read as ``HugeInteger`` (every field's limit, ``MAX_INTEGER``, has 19).
_HUGE_DIGITS = 1000


def parse_int_text(text: str) -> int:
    """An integer from its decimal text (a JSON or YAML integer token); ``HugeInteger`` beyond ``_HUGE_DIGITS``
    digits instead of the ``ValueError`` ``int()`` raises above 4,300."""
    digits = len(text.lstrip("+-").replace("_", ""))
    return HugeInteger(digits) if digits > _HUGE_DIGITS else int(text)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = node.value
    if text.isascii() and text.isdigit() and (text[0] != "0" or text == "0") and len(text) <= _HUGE_DIGITS:
        return int(text)  # plain decimal digits (what the implicit resolver tags): PyYAML's value, without its steps
    digits = len(text.lstrip("+-").replace("_", ""))
    if digits > _HUGE_DIGITS:
        return HugeInteger(digits)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_ambiguous(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    raise AmbiguousNumberError(node.value, node.start_mark.line + 1)


def _construct_file_mode(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    return _construct_int(loader, yaml.ScalarNode(_INT, node.value))


SafeLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
SafeLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
SafeLoader.add_implicit_resolver(_AMBIGUOUS_INT, re.compile(
    r"^[-+]?(?:0[0-9_]+|0[xX][0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[1-9][0-9]*_[0-9_]*)$"), list("-+0123456789"))
SafeLoader.add_implicit_resolver(_FLOAT, re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
# the timestamp resolver (YAML 1.1, kept for dates such as commitment start dates) must come after int and float
for _ch in "0123456789":
    SafeLoader.yaml_implicit_resolvers[_ch].sort(key=lambda r: r[0] == "tag:yaml.org,2002:timestamp")
def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A YAML 1.1 timestamp (``2026-12-01``) as a date; one that names no day (``2026-13-01``) stays its text, so the
    field it is given to says what is wrong with it (PyYAML raises a bare ``ValueError`` there)."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
SafeLoader.add_constructor(_INT, _construct_int)
SafeLoader.add_constructor(_AMBIGUOUS_INT, _construct_ambiguous)
SafeLoader.add_constructor(_FILE_MODE_INT, _construct_file_mode)
SafeLoader.add_constructor(_BOOL, lambda loader, node: node.value.lower() == "true")


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(None, None, f"could not determine a constructor for the tag {node.tag!r}",
                                            node.start_mark)


# YAML 1.1 types beyond plain data (bytes, sets, ordered pairs): PyYAML's safe loader builds them, advisor does not
for _tag in ("binary", "set", "omap", "pairs"):
    SafeLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)

#: Start of the message of a value an explicit tag does not fit (``yaml_error`` says it without the syntax hint).
_TAG_MISFIT = "the tag "


def _tag_misfit(node: yaml.Node, what: str) -> yaml.constructor.ConstructorError:
    shown = re.sub(r"^tag:yaml\.org,2002:", "!!", node.tag)[:40]
    return yaml.constructor.ConstructorError(None, None, f"{_TAG_MISFIT}{shown!r} {what}; remove the tag (a plain "
                                             "value is read as what it looks like) or write a value it fits",
                                             node.start_mark)


def _scalar_tag(construct: Any) -> Any:
    """A scalar tag's constructor that refuses what the tag cannot build with a message naming the tag and the value:
    an explicit tag on a value it does not fit (``!!int 1.5``, ``!!float true``, ``!!timestamp 7``, ``!!bool [1]``)
    made PyYAML's constructors raise a bare ``ValueError`` / ``AttributeError`` / ``IndexError``."""
    def checked(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise _tag_misfit(node, f"takes one value, not a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            raise _tag_misfit(node, f"takes true or false, not {node.value[:40]!r}")
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, IndexError, OverflowError):
            raise _tag_misfit(node, f"does not fit {node.value[:40]!r}") from None
    return checked


for _tag in ("null", "bool", "int", "float", "timestamp"):
    SafeLoader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                               _scalar_tag(SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))
_LOADER = SafeLoader
_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: The scalar constructors ``SafeLoader.construct_document`` calls itself: those of plain data, each building its
#: value at once from the node (the mapping and list ones are generators, which it replaces with its queue).
_SCALAR_CONSTRUCTORS = {tag: SafeLoader.yaml_constructors[tag] for tag in (
    "tag:yaml.org,2002:null", _BOOL, _INT, _FLOAT, "tag:yaml.org,2002:timestamp", _AMBIGUOUS_INT, _FILE_MODE_INT)}

#: The constructors ``_plain_documents`` calls for a plain scalar's resolved tag (a string is its own text; an
#: ambiguous integer, which is an error or, under a file-mode key, octal, goes the full way).
_PLAIN_SCALAR_CONSTRUCTORS = {tag: fn for tag, fn in _SCALAR_CONSTRUCTORS.items() if tag not in (_AMBIGUOUS_INT,
                                                                                                  _FILE_MODE_INT)}
_EVENT_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_EVENT_SKIPS = (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent)


class _NotPlain(Exception):
    """Raised inside ``_plain_documents``: the stream holds something only the full reader handles."""


def _plain_documents(text: str) -> list[Any] | None:
    """Every document of a YAML stream built straight from the parser's events, or None when the stream holds
    anything but untagged mappings, lists and scalars with unique keys (an anchor, an alias, a tag, a merge key
    ``<<``, a mapping or list as a key, two keys that make one dict key, an ambiguous integer) or any error, and
    it stops at once where ``check_yaml_events`` would refuse (nesting deeper than ``MAX_DEPTH``, a list longer than
    ``MAX_LIST_ITEMS``, an alias): then ``check_yaml_events`` and ``yaml.load_all`` with ``SafeLoader`` read it, and
    their objects and messages (with the lines they name) are the only ones advisor gives. Where this returns
    documents, the event walk has nothing to find in them, and they are those ``SafeLoader`` builds: the same tag
    resolution (``SafeLoader.resolve``) and scalar constructors, and the same key order. It builds no node tree (no
    node, mark or resolver call per value), which took about half of reading a 10,000-service file; a plain
    scalar's text is resolved and built once (the values are immutable)."""
    loader = None
    try:
        loader = _LOADER(text)  # PyYAML's pure-Python reader checks the characters here
        return _build_from_events(loader)
    except Exception:  # noqa: BLE001 - anything unusual or wrong: the full reader builds it or words the error
        return None
    finally:
        if loader is not None:
            loader.dispose()


def _build_from_events(loader: Any) -> list[Any]:
    get_event, resolve, scalar_node = loader.get_event, loader.resolve, yaml.ScalarNode
    constructors, str_tag, max_items, max_depth = _PLAIN_SCALAR_CONSTRUCTORS, _STR, MAX_LIST_ITEMS, MAX_DEPTH
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    plain: dict[str, Any] = {}  # a plain scalar's text -> its value
    missing = plain  # a value no text maps to
    docs: list[Any] = []
    stack: list[Any] = []  # the lists and dicts being built, innermost last
    keys: list[Any] = []  # for each dict in ``stack``: the key read and not yet given a value (else ``missing``)
    while True:
        ev = get_event()
        kind = type(ev)
        if kind is scalar_event:
            if ev.tag is not None or ev.anchor is not None:
                raise _NotPlain
            obj = ev.value
            if ev.implicit[0]:
                value = plain.get(obj, missing)
                if value is missing:
                    tag = resolve(scalar_node, obj, (True, False))
                    if tag == str_tag:
                        value = obj
                    else:
                        construct = constructors.get(tag)
                        if construct is None:
                            raise _NotPlain
                        value = construct(loader, scalar_node(tag, obj, ev.start_mark, ev.end_mark, ev.style))
                    plain[obj] = value
                obj = value
            new = None
        elif kind is mapping_start or kind is sequence_start:
            if ev.tag is not None or ev.anchor is not None:
                raise _NotPlain
            obj = new = {} if kind is mapping_start else []
        elif kind in _EVENT_ENDS:
            if type(stack.pop()) is dict and keys.pop() is not missing:  # a key without a value: never sent
                raise _NotPlain
            continue
        elif kind in _EVENT_SKIPS:
            continue
        elif kind is yaml.StreamEndEvent:
            return docs
        else:  # an alias
            raise _NotPlain
        if not stack:
            docs.append(obj)
        else:
            top = stack[-1]
            if type(top) is list:
                top.append(obj)
                if len(top) > max_items:  # stopped at once, as check_yaml_events stops
                    raise _NotPlain
            else:
                key = keys[-1]
                if key is missing:
                    if new is not None:  # a mapping or list as a key
                        raise _NotPlain
                    keys[-1] = obj
                else:
                    if key in top:  # a repeated key (or two that make one dict key: 1 and 1.0)
                        raise _NotPlain
                    top[key] = obj
                    keys[-1] = missing
        if new is not None:
            stack.append(new)
            if len(stack) > max_depth:  # stopped at once, as check_yaml_events stops
                raise _NotPlain
            if type(new) is dict:
                keys.append(missing)


#: What advisor reads of YAML, for the message refusing a tag.
TAG_NOT_ALLOWED = ("is not allowed: advisor reads plain YAML only (mappings, lists, strings, numbers, booleans and "
                   "null), never objects a tag would build. Remove the tag (quote the value if it is text)")


@dataclass
class Source:
    """One input document's text and where it came from.

    ``name`` is what messages call it (the path, or ``<stdin>``); ``suffix`` is the file extension in lower
    case ("" for standard input). ``documents`` parses the text once (JSON when it looks like JSON, else YAML,
    multi-document) with every limit of this module applied.
    """

    name: str
    text: str
    suffix: str = ""
    _documents: list[Any] | None = field(default=None, repr=False, compare=False)

    @property
    def is_json(self) -> bool:
        return self.suffix == ".json" or (self.suffix not in (".yaml", ".yml") and self.text.lstrip()[:1] in ("{", "["))

    @property
    def documents(self) -> list[Any]:
        """The parsed documents (empty YAML documents are kept as None), limits applied."""
        if self._documents is None:
            self._documents = parse_documents(self.text, self.name, json_first=self.is_json,
                                              json_only=self.suffix == ".json")
        return self._documents

    @property
    def stem(self) -> str:
        """A short name for a workload read from this source ("stdin" for standard input)."""
        if self.name == STDIN_NAME:
            return "stdin"
        return Path(self.name).name.split(".")[0] or Path(self.name).name


#: The files ``read_source`` opened while ``recording_reads`` is active (None: not recording).
_FILES_READ: ContextVar[list[Path] | None] = ContextVar("advisor_files_read", default=None)


@contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Collect every file ``read_source`` opens inside the ``with`` block (the files of a folder of manifests, a
    kustomization's resources, a cdk.out manifest beside a template): what an import must never write over."""
    read: list[Path] = []
    token = _FILES_READ.set(read)
    try:
        yield read
    finally:
        _FILES_READ.reset(token)


def forget_read(path: str | Path) -> None:
    """Take ``path`` out of the files ``recording_reads`` collected: a file opened only to find that it is no input
    (a workload file an earlier import wrote into the folder it read), which that import may replace."""
    read = _FILES_READ.get()
    if read is not None:
        read[:] = [p for p in read if str(p) != str(path)]


def is_stdin(path: str | Path | Source) -> bool:
    return not isinstance(path, Source) and str(path) == "-"


def is_folder(path: str | Path | Source) -> bool:
    """True when ``path`` names a directory (not ``-``, not a ``Source``). A path that cannot be looked at (too long,
    a NUL character) is no folder: ``read_source`` then says what is wrong with it."""
    from advisor.fileio import is_dir

    return not isinstance(path, Source) and not is_stdin(path) and is_dir(path)


def read_source(path: str | Path | Source, *, what: str = "workload, task definition or manifest file") -> Source:
    """Read a file (or ``-``, standard input) as text, within the limits of this module.

    ``what`` names the expected kind in messages ("workload file", "task definition file"). Raises
    ``WorkloadError`` for a missing path, a directory, a named pipe or device, an unreadable or oversized
    file, binary or non-UTF-8 content.
    """
    if isinstance(path, Source):
        return path
    if is_stdin(path):
        return Source(STDIN_NAME, _decode(_read_stdin(), STDIN_NAME, what))
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise WorkloadError(f"'{p}' not found. Check the path (examples live in examples/), or give '-' to read "
                            "standard input.") from None
    except (OSError, ValueError) as exc:
        from advisor.fileio import path_problem, shown_path

        raise WorkloadError(f"{shown_path(p)}: cannot be read: {path_problem(exc)}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise WorkloadError(f"'{p}' is a directory; give a {what} (a folder is read only as Kubernetes manifests).")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a character device"
                if stat.S_ISCHR(st.st_mode) else "a block device" if stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise WorkloadError(f"{p}: is {kind}, not a regular file; advisor reads a {what} from a regular file, "
                            "or from standard input with '-' (e.g. 'kustomize build . | advisor compare -').")
    if st.st_size > MAX_DOCUMENT_BYTES:
        raise WorkloadError(_too_big(str(p), st.st_size))
    if (read := _FILES_READ.get()) is not None:
        read.append(p)
    try:
        with open(p, "rb") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise WorkloadError(f"{p}: cannot be read ({exc.strerror}).") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise WorkloadError(_too_big(str(p), len(data)))
    return Source(str(p), _decode(data, str(p), what), p.suffix.lower())


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:
        raise WorkloadError("'-' reads standard input, but there is none; pipe a file in (advisor compare - < w.yaml).")
    try:
        if stream.isatty():
            raise WorkloadError("'-' reads standard input, but it is a terminal; pipe a file in, e.g. "
                                "'advisor compare - < workload.yaml' or 'kustomize build . | advisor compare -'.")
    except (AttributeError, ValueError):
        pass
    buffer = getattr(stream, "buffer", None)
    try:
        data = buffer.read(MAX_DOCUMENT_BYTES + 1) if buffer is not None else stream.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise WorkloadError(f"standard input cannot be read ({exc.strerror}).") from None
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise WorkloadError(_too_big(STDIN_NAME, len(data), at_least=True))
    return data


def _too_big(name: str, size: int, at_least: bool = False) -> str:
    size_text = f"more than {MAX_DOCUMENT_BYTES:,} bytes" if at_least else f"{size:,} bytes"
    return (f"{name}: {size_text} is larger than advisor reads ({MAX_DOCUMENT_BYTES:,} bytes = "
            f"{MAX_DOCUMENT_BYTES / 2**20:g} MiB). A workload, task definition or manifest file is far smaller; "
            "check that this is the right file, or split it.")


def _decode(data: bytes, name: str, what: str) -> str:
    for bom, encoding in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe", "UTF-16"),
                          (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            raise WorkloadError(f"{name}: {encoding} text (it starts with a {encoding} byte-order mark); advisor reads "
                                f"a {what} as UTF-8. Save it as UTF-8 (e.g. 'iconv -f {encoding} -t UTF-8').")
    if b"\x00" in data:
        raise WorkloadError(f"{name}: not a UTF-8 text file (it contains NUL bytes, so it is binary); a {what} is YAML "
                            "or JSON text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WorkloadError(f"{name}: not a UTF-8 text file (byte {exc.start}); a {what} is YAML or JSON text. "
                            "Save it as UTF-8.") from None


# ------------------------------------------------------------------------------------------- parsing


class EmptyInputError(WorkloadError):
    """An input with nothing in it (blank, or only comments and document markers). A single input refuses it; a
    file among a folder's manifests or a kustomize build holds no objects and is skipped."""


def is_blank_text(text: str) -> bool:
    """True for text with no YAML/JSON content: blank lines, comments and document markers (``---``, ``...``) only."""
    for line in text.lstrip("\ufeff").splitlines():
        bare = line.strip()
        if bare and not bare.startswith("#") and bare not in ("---", "...") and not bare.startswith("--- #"):
            return False
    return True


def empty_input_message(name: str) -> str:
    """The message for an input with nothing in it: standard input (often a build's output: 'kubectl kustomize DIR'
    of a folder that makes no objects prints nothing, a failed command prints its error elsewhere), or an empty file."""
    if name == STDIN_NAME:
        return (f"{name}: standard input is empty (or only comments): nothing was piped in. Give a workload file or "
                "Kubernetes manifests, e.g. 'kubectl kustomize DIR | advisor compare -'; a command that failed or "
                "built no objects prints nothing.")
    return (f"{name}: the file is empty (or only comments): give a workload file (name and services), ECS task definitions, Kubernetes "
            "manifests, a Terraform plan or a CloudFormation template.")


def parse_documents(text: str, name: str, *, json_first: bool = False, json_only: bool = False) -> list[Any]:
    """Parse JSON (one document) or YAML (every document of a stream), with the limits applied.

    With ``json_first`` the text is tried as JSON first and, unless ``json_only``, as YAML when that fails
    (a YAML flow mapping ``{name: x}`` is not JSON). Raises ``WorkloadError`` naming the line and column.
    """
    if is_blank_text(text):
        raise EmptyInputError(empty_input_message(name))
    if json_first:
        try:
            return [_json_value(text, name)]
        except json.JSONDecodeError as exc:
            if json_only:
                control = exc.msg == "Invalid control character at"
                raise WorkloadError(f"{name}: line {exc.lineno}, column {exc.colno}: invalid JSON: {json_problem(exc)}."
                                    + ("" if control else " " + (_json_template_hint(text, exc.lineno) or "Check for a "
                                       "trailing comma or a missing quote at that position."))) from None
    return parse_yaml(text, name)


#: A shell variable where a JSON value belongs (``"family": $NAME``, ``${APP_NAME}``): a template not filled in.
_SHELL_VARIABLE = re.compile(r"(?<![\w\"'$])\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def _json_template_hint(text: str, lineno: int) -> str | None:
    """What to do when the line JSON refused holds a template's placeholder outside quotes: a shell variable
    (``$NAME``, filled in by envsubst or a script; AWS App Mesh's examples ship task definitions so) or ``{{ }}``
    (Go, Helm, Jinja). None when it holds neither."""
    lines = text.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    if "{{" in line:
        return ("This looks like a template ({{ ... }}), not the file it renders: render it first and give advisor "
                "the result.")
    m = _SHELL_VARIABLE.search(line)
    if m:
        return (f"This looks like a template with shell variables ({m.group(0)[:40]} is not a JSON value): fill them "
                "in first, e.g. 'envsubst < template.json > task-definition.json', and give advisor the result.")
    return None


class _NonFinite(ValueError):
    pass


def _reject_constant(token: str) -> Any:
    raise _NonFinite(token)


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict:
    """``object_pairs_hook`` for ``json.loads``: a dict, or ``DuplicateKeyError`` for a key given twice."""
    out: dict = {}
    for k, v in pairs:
        if k in out:
            raise DuplicateKeyError(k, None, None)
        out[k] = v
    return out


def loads_json(text: str, name: str) -> Any:
    """JSON text held inside another document (Terraform's ``container_definitions``, a CDK manifest) with the
    same rules as a JSON file: unique keys, finite numbers, the depth and integer limits. ``name`` says where
    the text is (``plan.json: aws_ecs_task_definition.app: container_definitions``). Raises ``WorkloadError``."""
    try:
        return _json_value(text, name)
    except json.JSONDecodeError as exc:
        raise WorkloadError(f"{name}: is not valid JSON ({json_problem(exc)}; line {exc.lineno}, column {exc.colno}).") \
            from None


def _json_value(text: str, name: str) -> Any:
    """The value of JSON text under advisor's rules (unique keys, finite numbers, the depth and integer limits).
    Raises ``WorkloadError`` for a break of those rules and ``json.JSONDecodeError`` for text that is not JSON (the
    caller words that, or tries YAML)."""
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=unique_pairs, parse_int=parse_int_text)
    except DuplicateKeyError as exc:
        raise WorkloadError(duplicate_key_message(name, exc.key, *_json_duplicate_lines(text, exc.key))) from None
    except RecursionError:
        raise WorkloadError(_too_deep(name, None)) from None
    except _NonFinite as exc:
        raise WorkloadError(f"{name}: {exc.args[0]} is not a number advisor accepts; every number must be finite "
                            "(no NaN or Infinity).") from None
    check_tree(data, name)
    return data


def _json_duplicate_lines(text: str, key: str) -> tuple[int | None, int | None]:
    """(line of the repeated key, line of its first use) in JSON text, found by composing it as YAML (JSON is
    YAML 1.2 flow syntax); (None, None) when that fails (e.g. a tab YAML does not allow there)."""
    try:
        yaml.load(text, Loader=SafeLoader)  # noqa: S506 - advisor's safe loader
    except DuplicateKeyError as exc:
        if exc.key == key:
            return exc.line, exc.first_line
    except (yaml.YAMLError, AmbiguousNumberError, RecursionError, ValueError):
        pass
    return None, None


def duplicate_key_message(name: str, key: Any, line: int | None, first_line: int | None) -> str:
    """The one message for a key given twice in one mapping or object."""
    at = f" line {line}:" if line else ""
    first = f" (first at line {first_line})" if first_line else ""
    return (f"{name}:{at} the key {str(key)!r} is given twice in the same mapping (JSON object){first}. YAML forbids "
            "repeated keys and JSON readers keep only the last, so the first value would be lost silently (e.g. a "
            "second 'services:' drops every service listed under the first). Merge the two into one key, or remove "
            "one." + (" For YAML merge keys, give one '<<' with a list: '<<: [*first, *second]'." if str(key) == "<<"
                      else ""))


def ambiguous_number_message(name: str, text: str, line: int) -> str:
    """The one message for an integer YAML 1.1 and YAML 1.2 read differently (``010``, ``0x10``, ``1_000``)."""
    try:  # PyYAML's YAML 1.1 int resolver has no 0o form: such text stays a string there
        v11: Any = "text" if "0o" in text else yaml.SafeLoader.construct_yaml_int(yaml.SafeLoader(""),
                                                                                  yaml.ScalarNode(_INT, text))
    except ValueError:
        v11 = "text"
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    try:
        v12: Any = sign * (int(body, 16) if body[:2] in ("0x", "0X") else int(body[2:], 8) if body[:2] == "0o"
                           else int(body, 10)) if "_" not in text and body[:2] != "0b" else "text"
    except ValueError:
        v12 = "text"
    if v11 == v12:
        return (f"{name}: line {line}: {text!r} is not a plain decimal number (YAML reads it as {v11}: a hexadecimal, "
                "octal or binary form that is easily misread); advisor reads integers in decimal only. Write "
                f"{v11}, or quote it if it is text.")
    return (f"{name}: line {line}: {text!r} is not a plain decimal number: YAML 1.1 readers (PyYAML, kubectl) read it "
            f"as {v11}, YAML 1.2 as {v12}. advisor does not guess; write the number in decimal (e.g. "
            f"{v11 if isinstance(v11, int) else v12}), or quote it if it is text.")


def parse_yaml(text: str, name: str) -> list[Any]:
    """Every document of a YAML stream (empty documents as None), after the depth and alias checks. Text that YAML
    refuses but is JSON (a JSON file saved as .yaml with ``\\ud83d\\ude80`` surrogate-pair escapes, which JSON
    allows and YAML does not) is read as JSON."""
    try:
        return _parse_yaml(text, name)
    except WorkloadError as yaml_error_:
        if text.lstrip()[:1] not in ("{", "["):
            raise
        try:
            return [_json_value(text, name)]
        except json.JSONDecodeError:
            raise yaml_error_ from None  # not JSON either: the YAML error says where


def _parse_yaml(text: str, name: str) -> list[Any]:
    docs = _plain_documents(text)
    if docs is None:
        check_yaml_events(text, name)
        docs = _loaded_documents(text, name)
    for i, d in enumerate(docs):
        check_tree(d, name if len(docs) == 1 else f"{name}: document {i + 1}")
    return docs


def _loaded_documents(text: str, name: str) -> list[Any]:
    """Every document of a YAML stream as ``SafeLoader`` builds it; its errors as ``WorkloadError``."""
    try:
        docs = list(yaml.load_all(text, Loader=_LOADER))
    except DuplicateKeyError as exc:
        raise WorkloadError(duplicate_key_message(name, exc.key, exc.line, exc.first_line)) from None
    except AmbiguousNumberError as exc:
        raise WorkloadError(ambiguous_number_message(name, exc.text, exc.line)) from None
    except yaml.YAMLError as exc:
        raise WorkloadError(yaml_error(name, exc, text)) from None
    except RecursionError:
        raise WorkloadError(_too_deep(name, None)) from None
    return docs


def yaml_error(name: str, exc: yaml.YAMLError, text: str = "", allowed_tags: str = "") -> str:
    """The one message for a YAML error: where, what, and the usual causes (a template's ``{{ }}``). A tag advisor
    does not read (``TAG_NOT_ALLOWED``) is named as such, with ``allowed_tags`` (the tags this reader does read)."""
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        # PyYAML's pure reader counts characters; libyaml (CSafeLoader) counts bytes of the UTF-8 text
        position = exc.position if exc.encoding == "unicode" else \
            len(text.encode("utf-8", "surrogatepass")[:exc.position].decode("utf-8", "ignore"))
        if 0 <= position <= len(text):
            return _unreadable_character(name, text, position, exc.character)
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    tag = re.match(r"could not determine a constructor for the tag '(.*)'$", problem or "")
    if isinstance(exc, yaml.constructor.ConstructorError) and problem.startswith((_LIST_TOO_LONG, _TAG_MISFIT)):
        return f"{name}:{where} {problem}."
    if isinstance(exc, yaml.constructor.ConstructorError) and tag:
        shown = re.sub(r"^tag:yaml\.org,2002:", "!!", tag.group(1))
        return f"{name}:{where} the YAML tag {shown[:80]!r} {TAG_NOT_ALLOWED}{allowed_tags}."
    if "{{" in text:
        return (f"{name}:{where} YAML syntax error: {problem}. This looks like a template ({{{{ ... }}}}: Helm, Go, "
                "Jinja as in Proton), not the file it renders: render it first, e.g. 'helm template my-release CHART | "
                "advisor compare -' for a chart, or your template engine's output for a CloudFormation template.")
    return (f"{name}:{where} YAML syntax error: {problem}. Check the indentation and the ':' after each key "
            "at that line (a tab, a missing space after ':' or an unclosed quote are the usual causes).")


def _unreadable_character(name: str, text: str, position: int, code: int) -> str:
    """A character YAML refuses anywhere in a stream, even inside quotes (a control character other than tab and line
    breaks, DEL, a C1 control, a lone surrogate, U+FFFE or U+FFFF; YAML 1.1 section 5.1, "Character Set"), with its
    line and column: PyYAML's ReaderError gives only the offset, and the syntax hint (indentation, ':') is no help."""
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    kind = ("a surrogate" if 0xD800 <= code <= 0xDFFF else "a noncharacter" if code in (0xFFFE, 0xFFFF)
            else "a control character")
    escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
    return (f"{name}: line {line}, column {column}: the character U+{code:04X} ({kind}) is not allowed in YAML, not "
            f"even inside quotes. Delete it (it is invisible in most editors; copied text often brings it), or, if "
            f"the value needs it, write it as the escape {escape} inside a double-quoted string.")


def json_problem(exc: json.JSONDecodeError) -> str:
    """What a JSON parser's error says, as a phrase: Python's messages for a raw control character and an unclosed
    string end in "at" (they expect the position after them), and the control character is not named."""
    if exc.msg == "Invalid control character at" and 0 <= exc.pos < len(exc.doc):
        code = ord(exc.doc[exc.pos])
        return (f"the control character U+{code:04X} inside a string, where JSON allows it only as the escape "
                f"\\u{code:04x}; delete it or write the escape")
    if exc.msg == "Unterminated string starting at":
        return "a string that starts here has no closing quote"
    return exc.msg.removesuffix(" at")


_LIST_TOO_LONG = "a list of more than"


def _list_too_long(n: int | None = None) -> str:
    return (f"{_LIST_TOO_LONG} {MAX_LIST_ITEMS:,} items{f' ({n:,})' if n else ''}: advisor reads at most "
            f"{MAX_LIST_ITEMS:,} items in one list (the most services a workload may hold); split the estate into "
            "several files")


#: The start of a block sequence item ('- ' or a lone '-'), with its indentation.
_BLOCK_ITEM = re.compile(r"^([ ]*)-(?= |$)", re.M)


def surely_within_limits(text: str) -> bool:
    """True when ``text`` can neither nest deeper than ``MAX_DEPTH`` nor expand aliases, seen from its characters
    alone (no parse): then ``check_yaml_events`` has nothing to find and a large file is parsed once, not twice.

    * No ``&`` anywhere: no anchor, so no alias can expand (an alias without its anchor is a syntax error).
    * Lines end in ``\n`` only (no CR, NEL, LS, PS or BOM), so the lines counted are YAML's lines.
    * Depth: every nesting level of a YAML collection starts either a flow collection (one ``[`` or ``{``) or a block
      collection, which on a new line is indented deeper than its parent, except a sequence directly under a mapping
      key, which may share its key's indentation (YAML 1.2, section 8.2.1 "Block Sequences", compact/indentless
      entries), or on the same line follows an indicator (``- ``, ``: ``, ``? ``). So a node's depth is at most
      ``2 x (indentation + 1)`` plus the ``-``, ``:`` and ``?`` characters on its line plus every ``[`` and ``{`` in
      the text. Each term is counted generously (any such character, the largest indentation and the busiest line
      of the whole text), so the bound is never below the real depth; when it exceeds ``MAX_DEPTH`` the full event
      walk decides.
    * List length: a block sequence's items share one indentation, so no block list is longer than the most
      ``- `` items at one indentation; a flow list is no longer than the commas plus one. When either bound exceeds
      ``MAX_LIST_ITEMS`` the event walk counts (and stops at the first list too long, before anything is built).
    """
    if "&" in text or any(ch in text for ch in _OTHER_BREAKS):
        return False  # an anchor, or a line break (or a BOM) the indentation count below would not see
    flow = text.count("[") + text.count("{")
    if flow >= MAX_DEPTH or text.count(",") + 1 > MAX_LIST_ITEMS:
        return False
    if text.count("-") > MAX_LIST_ITEMS:  # only then can a block list be too long: count items per indentation
        per_indent: dict[int, int] = {}
        for m in _BLOCK_ITEM.finditer(text):
            per_indent[len(m.group(1))] = per_indent.get(len(m.group(1)), 0) + 1
        if max(per_indent.values(), default=0) > MAX_LIST_ITEMS:
            return False
    indent = max((len(m) for m in _INDENT.findall(text)), default=0)
    busiest = max((line.count("-") + line.count(":") + line.count("?") for line in text.splitlines()), default=0)
    return 2 * (indent + 1) + busiest + flow < MAX_DEPTH


_INDENT = re.compile(r"^[ \t]*", re.M)
#: YAML also breaks lines at CR, NEL, LS and PS (YAML 1.1; libyaml reads them), and a BOM may start a line: with any
#: of them the lines ``_INDENT`` sees are not YAML's, so the event walk decides.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")


def check_yaml_events(text: str, name: str) -> None:
    """Walk the YAML event stream (no objects built): nesting depth and alias expansion within the limits.

    Each anchored node's expanded size is recorded; an alias adds that size. The nodes aliases add over the
    whole stream must stay within ``MAX_ALIAS_NODES``. Syntax errors are reported as ``WorkloadError``. Skipped
    (nothing to find) when ``surely_within_limits(text)``; not called when ``_plain_documents`` read the text.
    """
    if surely_within_limits(text):
        return
    sizes: dict[str, int] = {}
    stack: list[list] = []  # [expanded node count, anchor, items if a sequence else None]
    added = 0
    try:
        for ev in yaml.parse(text, Loader=_LOADER):
            if stack and stack[-1][2] is not None and not isinstance(ev, (yaml.MappingEndEvent,
                                                                            yaml.SequenceEndEvent)):
                stack[-1][2] += 1  # a direct item of the enclosing list
                if stack[-1][2] > MAX_LIST_ITEMS:
                    raise WorkloadError(f"{name}: line {ev.start_mark.line + 1}: {_list_too_long()}.")
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([1, ev.anchor, 0 if isinstance(ev, yaml.SequenceStartEvent) else None])
                if len(stack) > MAX_DEPTH:
                    raise WorkloadError(_too_deep(name, ev.start_mark.line + 1))
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                count, anchor, _ = stack.pop()
                if anchor is not None:
                    sizes[anchor] = count
                if stack:
                    stack[-1][0] += count
            elif isinstance(ev, yaml.ScalarEvent):
                if ev.anchor is not None:
                    sizes[ev.anchor] = 1
                if stack:
                    stack[-1][0] += 1
            elif isinstance(ev, yaml.AliasEvent):
                size = sizes.get(ev.anchor, 1)
                added += size
                if added > MAX_ALIAS_NODES:
                    raise WorkloadError(
                        f"{name}: line {ev.start_mark.line + 1}: YAML aliases expand to more than {MAX_ALIAS_NODES:,} "
                        "extra nodes (an alias bomb?). advisor refuses it; write the repeated parts out, or use fewer "
                        "nested aliases.")
                if stack:
                    stack[-1][0] += size
    except yaml.YAMLError as exc:
        raise WorkloadError(yaml_error(name, exc, text)) from None


def _too_deep(name: str, line: int | None) -> str:
    at = f" line {line}:" if line else ""
    return (f"{name}:{at} mappings and lists nest more than {MAX_DEPTH} levels deep; advisor refuses it (no workload, "
            "task definition or manifest nests that deep; a Terraform plan does only with about 30 nested module "
            "levels, 3 per module). Check that this is the right file.")


def too_deep_message(name: str) -> str:
    """The message for JSON text held inside another document (a state machine's definition, a target's Input) that
    nests deeper than ``MAX_DEPTH`` levels, ``name`` saying where it is."""
    return _too_deep(name, None)


def check_tree(data: Any, name: str) -> None:
    """Depth, finite numbers and 64-bit integers over a parsed document (iterative: no recursion).

    Raises ``WorkloadError`` naming the place (``spec.replicas``, ``containerDefinitions[0].cpu``).
    """
    if _tree_within_limits(data):
        return
    stack: list[tuple[Any, tuple, int]] = [(data, (), 0)]
    while stack:
        obj, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise WorkloadError(_too_deep(name, None))
        if isinstance(obj, dict):
            for k, v in obj.items():
                stack.append((v, path + (k,), depth + 1))
        elif isinstance(obj, (list, tuple)):
            for i, v in enumerate(obj):
                stack.append((v, path + (i,), depth + 1))
        elif isinstance(obj, bool) or obj is None:
            continue
        elif isinstance(obj, float) and not math.isfinite(obj):
            raise WorkloadError(f"{name}: {dotted(path)}: {obj!r} is not a number advisor accepts; every number must "
                                "be finite (no .inf, .nan, 1e999 or Infinity).")
        elif isinstance(obj, int) and abs(obj) > MAX_INTEGER:
            digits = obj.digits if isinstance(obj, HugeInteger) else len(str(abs(obj)))
            raise WorkloadError(f"{name}: {dotted(path)}: an integer of {digits:,} digits is out of range; "
                                f"no field accepts more than {MAX_INTEGER} (a 64-bit integer).")


def _tree_within_limits(data: Any) -> bool:
    """True when ``check_tree`` finds nothing to refuse in ``data``: the same tests, level by level and without the
    paths it builds for its messages (a 10,000-service file holds some 100,000 values); ``check_tree`` walks again
    to name the place only when something is wrong."""
    level, depth = [data], 0
    while level:
        if depth > MAX_DEPTH:
            return False
        below: list[Any] = []
        for obj in level:
            if isinstance(obj, dict):
                below.extend(obj.values())
            elif isinstance(obj, (list, tuple)):
                below.extend(obj)
            elif isinstance(obj, bool) or obj is None:
                continue
            elif isinstance(obj, float) and not math.isfinite(obj):
                return False
            elif isinstance(obj, int) and abs(obj) > MAX_INTEGER:
                return False
        level, depth = below, depth + 1
    return True


def dotted(path: tuple) -> str:
    """('spec', 'containers', 0, 'name') -> 'spec.containers[0].name'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"
