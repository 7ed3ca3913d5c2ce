"""Results remembered between runs in the cache directory: price tables, node types, packed fleets, LP bound values.

Every entry is a pure function of its key: the key is a hash of everything the result depends on (the inputs,
advisor's version and, for computed results, a digest of the source files that compute them), so an entry is
either exactly what the computation would return or absent. Values are ``marshal`` data (dicts, lists, tuples,
strings, numbers): reading one never runs code. Each file holds its payload after a header and a BLAKE2
checksum, which is verified before anything is unmarshalled, and only regular files up to ``MAX_BYTES`` are read
(never a FIFO, a device or an endless symlink target); a damaged, truncated or foreign file, a read-only or full
disk cost only the computation: the cache is never an error. Each kind's reader also checks what it reads against
what was asked, sizes first: price tables against their column contract (types, ranges, real dates, one row per
key), node types against the catalogue's prices and capacities and the rules that choose them, fleets against the
task groups and node types given (every item placed once within capacity, bounds no lower than a bound computed
without a solver), LP values against bounds computed without a solver. An entry that fails is computed again. What
no check can see is trusted: a table whose prices are valid but not the files', a node-type record that keeps fewer
types than the build would, a fleet that is valid but not the one the search finds, an LP value within its bounds
that is not the solver's. So do not share a cache directory with people you would not let run advisor for
you.

Where: ``$ADVISOR_CACHE_DIR`` (a relative path is taken from the current directory), else
``$XDG_CACHE_HOME/advisor``, else ``~/.cache/advisor``. ``ADVISOR_CACHE=off`` turns it off (no reads, no writes);
advisor never needs the cache to be right. ``ADVISOR_CACHE`` takes ``off``/``0``/``false``/``no``/``disabled`` and
``on``/``1``/``true``/``yes``/``enabled`` (any case; unset or empty: on); any other value is an ``AdvisorError``
(exit 2), not a silent "on". Each kind keeps at most ``MAX_ENTRIES`` files (the least recently
written go first); deleting the folder clears it.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import re
import stat
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from advisor.errors import AdvisorError

ENV_CACHE_DIR = "ADVISOR_CACHE_DIR"
ENV_CACHE = "ADVISOR_CACHE"
#: Files kept per kind; a write beyond it removes the oldest.
MAX_ENTRIES = 256
#: Entries larger than this (bytes) are neither written nor read: a cache is for the common case.
MAX_BYTES = 64 * 1024 * 1024
#: A temporary file this old (seconds) belongs to a writer that was killed: the next write removes it.
STALE_TMP_S = 3600


def cache_dir() -> Path:
    """$ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/advisor, else ~/.cache/advisor."""
    if os.environ.get(ENV_CACHE_DIR, "").strip():  # blank, as unset: never a folder named ' ' in the current one
        return Path(os.environ[ENV_CACHE_DIR]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "advisor"


#: ``ADVISOR_CACHE`` values, any case, spaces around them ignored (unset or empty: on).
CACHE_OFF = ("off", "0", "false", "no", "disabled")
CACHE_ON = ("on", "1", "true", "yes", "enabled")


def enabled() -> bool:
    """False when ``ADVISOR_CACHE`` is ``off`` (or ``0``, ``false``, ``no``, ``disabled``): nothing is read from or
    written to the cache. True when it is unset, empty or ``on`` (``1``, ``true``, ``yes``, ``enabled``).

    Any other value (``none``, ``bogus``) raises ``AdvisorError`` naming the variable and the valid values: a typo
    must not leave the cache on while the user believes it off. The CLI checks it when a command starts."""
    value = os.environ.get(ENV_CACHE, "").strip().lower()
    if value in CACHE_OFF:
        return False
    if value in CACHE_ON or value == "":
        return True
    raise AdvisorError(
        f"${ENV_CACHE} is {os.environ[ENV_CACHE]!r}, which advisor does not know. Set it to off (or 0, false, no, "
        f"disabled) to turn the cache off, or on (or 1, true, yes, enabled; the default when unset) to keep it; or "
        f"unset it: unset {ENV_CACHE}.")


def key_of(*parts: Any) -> str:
    """A 32-hex-digit key for ``parts`` (their ``repr``: floats exactly, dicts in insertion order) and the Python
    version (``marshal``'s format is Python's own)."""
    return hashlib.sha256(repr((sys.version_info[:2], parts)).encode()).hexdigest()[:32]


def canonical(value: Any) -> Any:
    """``value`` as nested tuples whose ``repr`` is the same in every process (sets sorted, dataclasses and dicts as
    sorted (name, value) pairs), for ``key_of``: a ``frozenset``'s own ``repr`` depends on the process's hash seed."""
    import dataclasses

    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple((f.name, canonical(getattr(value, f.name)))
                                               for f in dataclasses.fields(value))
    if isinstance(value, (set, frozenset)):
        return ("set",) + tuple(sorted((canonical(v) for v in value), key=repr))
    if isinstance(value, dict):
        return ("dict",) + tuple(sorted(((repr(k), canonical(v)) for k, v in value.items()), key=lambda kv: kv[0]))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(v) for v in value)
    return value


@lru_cache(maxsize=None)
def source_digest(*modules: str) -> str:
    """Digest of advisor's version and the source files of ``modules`` (dotted names under ``advisor``), so an entry
    computed by other code is never read. Empty string when a file cannot be read (then nothing is cached)."""
    from advisor import __version__

    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for name in modules:
        path = root.joinpath(*name.split(".")[1:]).with_suffix(".py")
        try:
            h.update(path.read_bytes())
        except OSError:
            return ""
    return h.hexdigest()[:32]


#: Every entry file: this header, the BLAKE2b-128 digest of the payload, then the ``marshal`` payload. The digest is
#: checked before anything is unmarshalled, so a damaged or foreign file is never parsed.
_MAGIC = b"advisor-cache/2\n"
_DIGEST = 16


def load(kind: str, key: str) -> Any | None:
    """The value stored under ``kind``/``key``, or None (absent, not a regular file, too large, damaged, written by
    something else, or caching off)."""
    if not enabled():
        return None
    path = cache_dir() / kind / f"{key}.marshal"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES + 1024:
            return None
        chunks, left = [], st.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        head = len(_MAGIC) + _DIGEST
        if len(data) < head or not data.startswith(_MAGIC):
            return None
        payload = memoryview(data)[head:]
        if not hmac.compare_digest(data[len(_MAGIC):head], hashlib.blake2b(payload, digest_size=_DIGEST).digest()):
            return None
        return marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError, MemoryError, RecursionError, OverflowError):
        return None
    finally:
        os.close(fd)


def store(kind: str, key: str, value: Any) -> None:
    """Write ``value`` under ``kind``/``key`` atomically (a temporary file renamed into place); silent on failure."""
    if not enabled():
        return
    folder = cache_dir() / kind
    target = folder / f"{key}.marshal"
    tmp = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        payload = marshal.dumps(value)
        if len(payload) > MAX_BYTES:
            return
        data = _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
        folder.mkdir(parents=True, exist_ok=True)
        # a new file of our own (never through a symlink or over another writer's file), then renamed into place
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) |
                     getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, target)
        _trim(folder)
    except (OSError, ValueError, MemoryError):  # a read-only or full cache directory only costs the computation
        try:
            tmp.unlink(missing_ok=True)  # no half-written file left behind on a full disk
        except OSError:
            pass


#: The names advisor gives an entry and a temporary file (``store``): only files so named are ever removed, so a
#: cache directory pointed at a folder that holds other files (``ADVISOR_CACHE_DIR=~``) loses none of them.
_ENTRY_NAME = re.compile(r"[0-9a-f]{32}\.marshal")
_TMP_NAME = re.compile(r"\.[0-9a-f]{32}\.[0-9]+\.[0-9]+\.tmp")


def _trim(folder: Path) -> None:
    """Keep the ``MAX_ENTRIES`` most recently written entries of a kind, and remove temporary files a killed writer
    left behind (older than ``STALE_TMP_S``). Files advisor did not name (``_ENTRY_NAME``, ``_TMP_NAME``) are left
    alone."""
    try:
        entries, now = [], time.time()
        for e in os.scandir(folder):
            if _ENTRY_NAME.fullmatch(e.name):
                entries.append(e)
            elif _TMP_NAME.fullmatch(e.name) and now - e.stat(follow_symlinks=False).st_mtime > STALE_TMP_S:
                os.unlink(e.path)
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
        for e in entries[:len(entries) - MAX_ENTRIES]:
            try:
                os.unlink(e.path)
            except OSError:
                pass
    except OSError:
        pass
