"""Results remembered between runs in the cache directory: parsed price tables, pruned node types, packed fleets.

Every entry is a pure function of its key: the key is a SHA-256 of everything the result depends on (the inputs,
advisor's version and, for computed results, a digest of the source files that compute them), so an entry is
either exactly what the computation would return or absent. Values are ``marshal`` data (dicts, lists, tuples,
strings, numbers): reading one never runs code. Any problem reading or writing (a damaged, foreign or truncated
file, a read-only or full disk) costs only the computation: the cache is never an error.

Where: ``$ADVISOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/advisor``, else ``~/.cache/advisor``. ``ADVISOR_CACHE=off``
turns it off (no reads, no writes); advisor never needs the cache to be right. Each kind
keeps at most ``MAX_ENTRIES`` files (the least recently written go first).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV_CACHE_DIR = "ADVISOR_CACHE_DIR"
ENV_CACHE = "ADVISOR_CACHE"
#: Files kept per kind; a write beyond it removes the oldest.
MAX_ENTRIES = 256
#: Entries larger than this (bytes) are not written: a cache is for the common case, not for 100 MB plans.
MAX_BYTES = 64 * 1024 * 1024


def cache_dir() -> Path:
    """$ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/advisor, else ~/.cache/advisor."""
    if os.environ.get(ENV_CACHE_DIR):
        return Path(os.environ[ENV_CACHE_DIR]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "advisor"


def enabled() -> bool:
    """False when ``ADVISOR_CACHE`` is ``off`` (or ``0``, ``false``, ``no``): nothing is read from or written to the
    cache."""
    return os.environ.get(ENV_CACHE, "").strip().lower() not in ("off", "0", "false", "no")


def key_of(*parts: Any) -> str:
    """A 32-hex-digit key for ``parts`` (their ``repr``: floats exactly, dicts in insertion order) and the Python
    version (``marshal``'s format is Python's own)."""
    return hashlib.sha256(repr((sys.version_info[:2], parts)).encode()).hexdigest()[:32]


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


def load(kind: str, key: str) -> Any | None:
    """The value stored under ``kind``/``key``, or None (absent, unreadable, not marshal data, or caching off)."""
    if not enabled():
        return None
    try:
        return marshal.loads((cache_dir() / kind / f"{key}.marshal").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def store(kind: str, key: str, value: Any) -> None:
    """Write ``value`` under ``kind``/``key`` atomically (a temporary file renamed into place); silent on failure."""
    if not enabled():
        return
    folder = cache_dir() / kind
    target = folder / f"{key}.marshal"
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    try:
        data = marshal.dumps(value)
        if len(data) > MAX_BYTES:
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, target)
        _trim(folder)
    except (OSError, ValueError):  # a read-only or full cache directory only costs the computation next time
        try:
            tmp.unlink(missing_ok=True)  # no half-written file left behind on a full disk
        except OSError:
            pass


def _trim(folder: Path) -> None:
    """Keep the ``MAX_ENTRIES`` most recently written entries of a kind."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".marshal")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for e in entries[:len(entries) - MAX_ENTRIES]:
            try:
                os.unlink(e.path)
            except OSError:
                pass
    except OSError:
        pass
