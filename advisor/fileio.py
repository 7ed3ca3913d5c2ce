"""Safe writes of the files advisor produces (HTML reports, imported workload files): atomic, locked, and never
over something the user did not mean to replace.

``write_text(path, text, replace=...)`` is the one way advisor writes an output file:

* **Only regular files.** An existing directory, named pipe, device or socket at ``path`` is refused before
  anything is opened (``check_target``), so a write never blocks on a FIFO and never lands in ``/dev``.
* **Checked before the work.** ``check_output`` (a file) and ``check_folder`` (a folder of outputs) make every
  check a write makes, without creating anything: names and the path within the file system's limits
  (``length_problem``), every folder on the path a folder, the folder writable, an existing file one ``replace``
  allows. Commands call them before they price or import anything, so a path that cannot be written is refused in
  a second, naming the option, not after the work.
* **Nothing the user had is lost.** An existing file is replaced only when ``replace`` allows it: ``False``
  (the default) refuses, ``True`` replaces, a function (e.g. "is this a report advisor wrote?") decides per
  file. Even with ``replace=False`` a file created by someone else during the write is not clobbered (the new
  file appears with ``os.link``, which fails when the name exists).
* **Atomic.** The text goes to a temporary file in the target's own folder, is flushed and ``fsync``-ed, and
  then takes the target's name in one step (``os.replace``; POSIX ``rename(2)``). A full disk, a read-only
  folder or a crash leaves the previous file whole, never a partial one; a replaced file keeps its mode.
* **No stray temporary files.** The temporary file is removed on any exception, Ctrl-C (``KeyboardInterrupt``)
  and, while the write runs in the main thread, SIGTERM/SIGHUP (turned into ``SystemExit(128 + signal)``).
  Only SIGKILL can leave one; it is named ``.<name>.<pid>.<token>.advisor-tmp`` and the next write of the same
  file removes it once process ``<pid>`` is gone (``stale_temporaries``).
* **One writer at a time.** Writers of the same path take an advisory OS file lock (``filelock``) for the whole
  check-and-replace, so two runs cannot interleave their checks. The lock files live in a private per-user
  folder under the system temporary directory (``lock_dir``), not next to the output; where no such folder can
  be made the write goes ahead unlocked (it is still atomic).

Every failure is an ``OutputFileError`` (an ``AdvisorError``: the CLI prints one message and exits 2) naming the
path, what went wrong and what to do; ``OSError`` never escapes. Used by ``advisor.render.report_file`` (reports)
and ``advisor.workload.importers.write_output`` (``advisor import -o``); price tables have their own
directory-wide lock in ``advisor.pricing.store``, whose ``check_data_dir`` uses ``length_problem`` too.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from advisor.errors import AdvisorError

__all__ = ["LOCK_TIMEOUT_S", "NAME_MAX", "PATH_MAX", "STALE_AFTER_S", "TEMP_SUFFIX", "OutputFileError", "check_folder",
           "check_output", "check_target", "is_dir", "is_file", "length_problem", "lock_dir", "names_folder",
           "path_problem", "shown_path", "stale_temporaries", "target_lock", "temp_name", "write_bytes", "write_text"]

#: Every temporary file advisor writes ends with this, so a stray one is recognisable (and removable).
TEMP_SUFFIX = ".advisor-tmp"
#: How long a writer waits for another advisor run writing the same file.
LOCK_TIMEOUT_S = 60.0
#: A temporary file older than this is stale even when its process id is alive again (pid reuse).
STALE_AFTER_S = 24 * 3600.0
#: The part of a target's name kept in its temporary file's name, in bytes (255 bytes is the usual name limit).
_NAME_KEPT = 100
#: The limits where the file system does not say (``os.pathconf`` unavailable, e.g. on Windows): 255 bytes in one
#: name (ext4, XFS, Btrfs, APFS: ``NAME_MAX``) and 4,096 bytes in a path, its terminating NUL included (Linux's
#: ``PATH_MAX``, ``<linux/limits.h>``); a longer one fails with ENAMETOOLONG ("File name too long", errno(3)).
NAME_MAX = 255
PATH_MAX = 4096

_KIND = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket"}


class OutputFileError(AdvisorError):
    """An output file cannot be written where asked; nothing was written and any previous file is unchanged."""


# ------------------------------------------------------------------------------------------ the target


def is_dir(path: str | Path) -> bool:
    """``Path(path).is_dir()`` that answers False where the path cannot even be looked at (a name longer than the
    file system allows: ``OSError`` ENAMETOOLONG; a NUL character: ``ValueError``), so the caller's own check names
    the path and the problem instead of a traceback (or 'could not write the output' for an input)."""
    try:
        return Path(path).is_dir()
    except (OSError, ValueError):
        return False


def is_file(path: str | Path) -> bool:
    """``Path(path).is_file()``, False where the path cannot be looked at (as ``is_dir``)."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def shown_path(path: str | Path) -> str:
    """A path for a message, shortened in the middle when very long (a 5,000-character name is no help)."""
    text = str(path).replace("\x00", "\\x00")  # a NUL shown, not sent to the terminal
    return text if len(text) <= 120 else f"{text[:60]}...{text[-40:]} ({len(text):,} characters)"


def path_problem(exc: OSError | ValueError, *, writing: bool = False) -> str:
    """Why a path cannot be used, for a person: a NUL character, a name too long, else ``_reason``. Only ``writing``
    advises choosing a folder one can write to: reading a folder of manifests with an entry one may not look at said
    "permission denied; choose a folder you can write to"."""
    if isinstance(exc, ValueError):
        return "the path contains a NUL character, which no file name can hold; check how the path was built"
    if not writing and exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the permissions of that path (and of the folders above it), or give another"
    return _reason(exc)


def names_folder(path: str | Path) -> bool:
    """True when ``path`` is a string ending with a path separator (``out/``): the user means a folder. A ``Path``
    cannot say so (``Path("out/")`` is ``Path("out")``), so commands take ``-o`` as a string."""
    return isinstance(path, str) and len(path) > 1 and path.endswith(tuple(filter(None, ("/", os.sep, os.altsep))))


def check_target(path: str | Path, *, create_parents: bool = False, example: str = "output.html") -> Path:
    """The path to write for ``path``: a regular file (existing or not) in an existing folder.

    A symbolic link is followed (its target is replaced, the link kept). Refuses, with ``OutputFileError``: a
    string ending with a separator (``out/``, ``names_folder``), a directory (the message suggests ``path / example``), a named pipe, device or socket (checked with
    ``os.stat``, which never opens the file and so never blocks), a parent that is a file, and a missing folder
    unless ``create_parents`` (then it is created). Never opens ``path``.
    """
    if names_folder(path):  # "out/" would otherwise become a file named "out"
        raise OutputFileError(f"output '{shown_path(path)}' ends with '{path[-1]}', so it names a folder; this writes one file: "
                              f"give a file name such as {Path(path) / example}.")
    path = Path(path)
    if str(path) in ("", "."):
        raise OutputFileError(f"no output file name given; give a file name such as {example}.")
    if not path.name.strip():  # -o ' ' (an empty shell variable in quotes with a space, a stray tab) made a file ' '
        raise OutputFileError(f"output file name {path.name!r} is blank (only spaces or tabs); give a file name such "
                              f"as {path.parent / example if str(path.parent) != '.' else example}.")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise OutputFileError(f"cannot write '{shown_path(path)}': a folder on that path is a file. Give a path whose folders "
                              "are folders.") from None
    except (OSError, ValueError) as exc:
        raise OutputFileError(f"cannot write '{shown_path(path)}': {path_problem(exc, writing=True)}.") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputFileError(f"output '{shown_path(path)}' is a directory; give a file name such as {path / example}.")
        if not stat.S_ISREG(st.st_mode):
            kind = _KIND.get(stat.S_IFMT(st.st_mode), "not a regular file")
            raise OutputFileError(f"output '{shown_path(path)}' is {kind}, not a regular file; advisor writes its files "
                                  "atomically and only to regular files. Give a file name (or omit -o where the "
                                  "command can print to standard output).")
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent
    if not is_dir(folder):
        if folder.exists():
            raise OutputFileError(f"cannot write '{shown_path(path)}': '{shown_path(folder)}' is a file, not a folder.")
        if not create_parents:
            raise OutputFileError(f"cannot write '{shown_path(path)}': the folder '{shown_path(folder)}' does not exist; create it first.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputFileError(f"cannot create the folder '{shown_path(folder)}' for '{shown_path(path)}': {_reason(exc)}.") from None
    return target


def _size(text: str) -> int:
    """``text``'s length in bytes as the file system counts it (``os.fsencode``; a character it cannot encode as 4)."""
    try:
        return len(os.fsencode(text))
    except UnicodeError:
        return sum(4 if _unencodable(ch) else len(os.fsencode(ch)) for ch in text)


def _unencodable(ch: str) -> bool:
    try:
        os.fsencode(ch)
    except UnicodeError:
        return True
    return False


def _nearest_existing(path: Path) -> Path:
    """The nearest of ``path`` and its parents that exists, written as ``path`` is (relative stays relative, ending at
    '.'); a name too long to look up counts as absent."""
    probe = Path(path)
    while not os.path.lexists(probe) and probe.parent != probe:
        probe = probe.parent
    return probe


def _pathconf(folder: Path, name: str, default: int) -> int:
    """``os.pathconf(folder, name)``, or ``default`` where the system does not say (Windows, a limit of -1)."""
    try:
        value = os.pathconf(folder, name)
    except (OSError, ValueError, AttributeError):
        return default
    return value if isinstance(value, int) and value > 0 else default


def length_problem(path: str | Path, *, temporary: bool = False) -> str | None:
    """Why ``path`` is too long for the file system, or None: a name in it longer than the folder's file system
    holds (``NAME_MAX``, 255 bytes on ext4, XFS, APFS; asked with ``os.pathconf`` where the system says), or the
    whole path (as given) at ``PATH_MAX`` bytes or more. ``temporary``: also the temporary file a write makes
    beside it (``temp_name``). Bytes as the file system counts them: 'é' is 2, a CJK character 3. Touches nothing;
    a NUL character is ``path_problem``'s to name."""
    path = Path(path)
    base = _nearest_existing(path)
    base = base if is_dir(base) else base.parent
    name_max = _pathconf(base, "PC_NAME_MAX", NAME_MAX)
    path_max = _pathconf(base, "PC_PATH_MAX", PATH_MAX)
    for part in path.parts:
        size = _size(part)
        if size > name_max and part not in (path.anchor, os.sep):
            which = "the name" if len(path.parts) == 1 else f"the name '{shown_path(part)}'"
            return f"{which} is too long: {size:,} bytes, and the file system allows at most {name_max} in one name"
    longest = str(path.parent / temp_name(path)) if temporary and path.name else str(path)
    own, size = _size(str(path)), _size(longest)
    if own >= path_max:
        return f"the path is too long: {own:,} bytes, and the system allows at most {path_max - 1:,}"
    if size >= path_max:
        return (f"the path is too long for the temporary file written beside it (.<name>.<pid>.<token>{TEMP_SUFFIX}): "
                f"{size:,} bytes, and the system allows at most {path_max - 1:,}")
    return None


def _folder_problem(folder: Path, *, create: bool) -> str | None:
    """Why no file can be written in ``folder`` (created when ``create``), or None: a folder on the way is a file,
    the folder is missing and not to be created, or the nearest existing folder is not writable (permission, a
    read-only file system: ``os.access``). Creates nothing."""
    base = _nearest_existing(folder)
    if not is_dir(base):
        return f"'{shown_path(base)}' is a file, not a folder"
    if base != Path(folder) and not create:
        return f"the folder '{shown_path(folder)}' does not exist"
    if not os.access(base, os.W_OK | os.X_OK):
        return (f"you cannot create files in the folder '{shown_path(base)}' (permission denied, or a read-only "
                "file system)")
    return None


def check_output(path: str | Path, *, option: str = "-o", replace: bool | Callable[[Path], bool] = False,
                 refuse_hint: str = "Choose another file name, or move the file away.", create_parents: bool = False,
                 example: str = "output.html") -> Path:
    """Every check ``write_text(path, ..., replace=replace, create_parents=create_parents)`` would make, made
    before the work that produces the text, creating and opening nothing; returns the target (``check_target``'s).

    Refused with ``OutputFileError`` naming ``option`` (the command's option, e.g. "-o") and the fix: what
    ``check_target`` refuses (a folder, pipe, device or socket; a name ending with a separator; a blank name), a
    name or path too long for the file system (``length_problem``), a folder on the path that is a file, a missing
    folder unless ``create_parents``, a folder one cannot write in, and an existing file ``replace`` does not allow
    (message ending with ``refuse_hint``). ``write_text`` checks again under its lock; the file can still be refused
    there if the disk fills or a file appears meanwhile, and then nothing is written either."""
    if names_folder(path) or str(path) in ("", ".") or not Path(path).name.strip():
        check_target(path, example=example)  # the messages of a folder name, an empty or a blank one
    shown = shown_path(path)
    if "\x00" in str(path):
        raise OutputFileError(f"{option} '{shown}' cannot be written: {path_problem(ValueError())}. Nothing was written.")
    too_long = length_problem(path, temporary=True)
    if too_long:
        raise OutputFileError(f"{option} '{shown}' cannot be written: {too_long}. Give {option} a shorter path; "
                              "nothing was written.")
    path = Path(path)
    folder = Path(os.path.realpath(path)).parent if path.is_symlink() else path.parent
    problem = _folder_problem(folder, create=create_parents)
    if problem:
        fix = (f"create it first, or give {option} a path in a folder that exists" if "does not exist" in problem
               else f"give {option} a path whose folders are folders" if "is a file" in problem
               else f"give {option} a path in a folder you can write to")
        raise OutputFileError(f"{option} '{shown}' cannot be written: {problem}. {fix[0].upper() + fix[1:]}; nothing "
                              "was written.")
    if not is_dir(folder):
        return path  # created by the write; nothing in it yet to check
    target = check_target(path, example=example)
    if os.path.lexists(target):
        allowed = replace(target) if callable(replace) else bool(replace)
        if not allowed:
            raise OutputFileError(f"refusing to overwrite '{shown}': it already exists"
                                  + (" and advisor did not write it" if callable(replace) else "")
                                  + f"; it was left unchanged. {refuse_hint}")
    return target


def check_folder(folder: str | Path, *, option: str = "-o", longest_name: int = 100) -> Path:
    """The checks ``check_output`` makes, for a folder that files will be written into (created if missing): not
    a file, names and path within the limits (room left for a file name of ``longest_name`` bytes), a writable
    nearest existing folder. ``OutputFileError`` naming ``option`` otherwise; creates nothing. Returns
    ``Path(folder)``."""
    shown = shown_path(folder)
    folder = Path(folder)
    too_long = length_problem(folder / ("x" * longest_name), temporary=True)
    if too_long:
        raise OutputFileError(f"{option} '{shown}' cannot hold the files: {too_long}. Give {option} a shorter "
                              "path; nothing was written.")
    if os.path.lexists(folder) and not is_dir(folder):
        raise OutputFileError(f"{option} '{shown}' is a file, not a folder. Give {option} a folder (or a name that "
                              "does not exist yet, which is created); nothing was written.")
    problem = _folder_problem(folder / "x", create=True)
    if problem:
        fix = (f"give {option} a path whose folders are folders" if "is a file" in problem
               else f"give {option} a folder you can write to")
        raise OutputFileError(f"{option} '{shown}' cannot hold the files: {problem}. {fix[0].upper() + fix[1:]}; "
                              "nothing was written.")
    return folder


def _reason(exc: OSError) -> str:
    """A person's reading of an OSError: what happened and what to do."""
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return "no space left on the device (disk full or quota reached); free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you can write to"
    if exc.errno == errno.EROFS:
        return "the file system is read-only; choose a writable folder"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long; choose a shorter one"
    return exc.strerror or str(exc)


# ------------------------------------------------------------------------------------------ temporary files


def temp_name(target: Path) -> str:
    """``.<name>.<pid>.<8 hex>.advisor-tmp``: unique per writer, recognisable, and naming the process that made it."""
    return f".{_kept(target.name)}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def _kept(name: str) -> str:
    """The start of ``name`` kept in a temporary file's name: at most ``_NAME_KEPT`` bytes (as the file system
    counts them, ``os.fsencode``), never half a character. Cut by characters, a name of 80 CJK characters (240
    bytes, a valid name) made a temporary name of about 270 bytes, which no file system holds."""
    out, size = [], 0
    for ch in name:
        size += _size(ch)
        if size > _NAME_KEPT:
            break
        out.append(ch)
    return "".join(out)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # exists but belongs to someone else (or cannot tell): keep its file
        return True
    return True


def stale_temporaries(target: Path, now: float | None = None) -> list[Path]:
    """Temporary files of ``target`` left by a writer that was killed (its process is gone, or the file is older
    than ``STALE_AFTER_S``)."""
    pattern = re.compile(rf"^\.{re.escape(_kept(target.name))}\.(\d+)\.[0-9a-f]{{8}}{re.escape(TEMP_SUFFIX)}$")
    now = time.time() if now is None else now
    stale = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        m = pattern.match(entry.name)
        if not m:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
        except OSError:
            continue
        if old or not _pid_alive(int(m.group(1))):
            stale.append(Path(entry.path))
    return stale


# ------------------------------------------------------------------------------------------ the lock


def lock_dir() -> Path | None:
    """This user's private folder for advisor's write locks (``<tmp>/advisor-locks-<uid>``, mode 0700), or None
    when it cannot be made or is not safely ours (another user's, or a symbolic link)."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    folder = Path(tempfile.gettempdir()) / f"advisor-locks-{uid if uid is not None else 'user'}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or (uid is not None and st.st_uid != uid):
        return None
    return folder


@contextlib.contextmanager
def target_lock(target: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the advisory lock of ``target`` (one per absolute path; an OS lock, released if the process dies),
    waiting at most ``timeout`` seconds (default ``LOCK_TIMEOUT_S``)."""
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    folder = lock_dir()
    if folder is None:
        yield
        return
    from filelock import FileLock, Timeout  # lazily: only writers need it

    key = hashlib.sha256(os.path.abspath(target).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    lock = FileLock(str(folder / f"{key}.lock"))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise OutputFileError(f"another advisor run has been writing '{target}' for over {timeout:g} s; wait for it "
                              "to finish and run the command again. Nothing was written.") from None
    except OSError:  # the lock folder is unusable (full, read-only): the write is still atomic
        yield
        return
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """While the block runs in the main thread, SIGTERM and SIGHUP raise ``SystemExit(128 + signal)`` (so
    ``finally`` blocks remove temporary files) instead of ending the process on the spot. Handlers someone else
    installed are left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise SystemExit(128 + signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            if signal.getsignal(sig) in (signal.SIG_DFL, None):
                previous[sig] = signal.signal(sig, _raise)
        except (ValueError, OSError):
            pass
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, old)


# ------------------------------------------------------------------------------------------ writing


def write_text(path: str | Path, text: str, *, replace: bool | Callable[[Path], bool] = False,
               refuse_hint: str = "Choose another file name, or move the file away.", create_parents: bool = False,
               example: str = "output.html", encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically; returns the path written. See the module docstring for the rules.

    ``replace``: may an existing file be replaced? ``False`` refuses (the message ends with ``refuse_hint``),
    ``True`` replaces, a function of the path decides. ``create_parents`` creates a missing folder. Raises
    ``OutputFileError`` for every failure (nothing written, any previous file unchanged).
    """
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise OutputFileError(f"cannot write '{path}': the text holds a character {encoding} cannot store "
                              f"({exc.reason}).") from None
    return write_bytes(path, data, replace=replace, refuse_hint=refuse_hint, create_parents=create_parents,
                       example=example)


def write_bytes(path: str | Path, data: bytes, *, replace: bool | Callable[[Path], bool] = False,
                refuse_hint: str = "Choose another file name, or move the file away.", create_parents: bool = False,
                example: str = "output.html") -> Path:
    """``write_text`` for bytes."""
    if names_folder(path):  # refused before Path drops the trailing separator
        check_target(path, example=example)
    too_long = None if "\x00" in str(path) else length_problem(path, temporary=True)
    if too_long:  # the temporary file's name too: a target that fits but whose temporary file would not
        raise OutputFileError(f"cannot write '{shown_path(path)}': {too_long}; choose a shorter path. Nothing was "
                              "written.")
    shown = Path(path)
    target = check_target(shown, create_parents=create_parents, example=example)
    with target_lock(target):
        for tmp in stale_temporaries(target):
            with contextlib.suppress(OSError):
                tmp.unlink()
        exists = os.path.lexists(target)
        if exists:
            check_target(shown, example=example)  # it may have become a pipe or folder while we waited
            allowed = replace(target) if callable(replace) else bool(replace)
            if not allowed:
                raise OutputFileError(f"refusing to overwrite '{shown_path(shown)}': it already exists"
                                      + (" and advisor did not write it" if callable(replace) else "")
                                      + f"; it was left unchanged. {refuse_hint}")
        _write_new(shown, target, data, keep_mode_of=target if exists else None, exclusive=not exists,
                   refuse_hint=refuse_hint)
    return shown


def _write_new(shown: Path, target: Path, data: bytes, *, keep_mode_of: Path | None, exclusive: bool,
               refuse_hint: str) -> None:
    tmp = target.parent / temp_name(target)
    with _signals_raise():
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0), 0o666)
            try:
                if keep_mode_of is not None:
                    with contextlib.suppress(OSError):
                        os.chmod(tmp, stat.S_IMODE(os.stat(keep_mode_of).st_mode))
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            if exclusive:
                _link_new(tmp, target, shown, refuse_hint)
            else:
                os.replace(tmp, target)
            _fsync_folder(target.parent)
        except OSError as exc:
            raise OutputFileError(f"cannot write '{shown_path(shown)}': {_reason(exc)}. Nothing was written"
                                  + ("" if exclusive else " and the previous file is unchanged") + ".") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _link_new(tmp: Path, target: Path, shown: Path, refuse_hint: str) -> None:
    """Give ``tmp`` the name ``target`` only if that name is still free (a file someone created meanwhile stays)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputFileError(f"refusing to overwrite '{shown_path(shown)}': a file of that name appeared while advisor was "
                              f"writing; it was left unchanged. {refuse_hint}") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES, getattr(errno, "EDQUOT", -1)):
            raise
        # file systems without hard links (FAT, some network shares): the name was free under the lock
        if os.path.lexists(target):
            raise OutputFileError(f"refusing to overwrite '{shown_path(shown)}': a file of that name appeared while advisor "
                                  f"was writing; it was left unchanged. {refuse_hint}") from None
        os.replace(tmp, target)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened (Windows)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    try:
        fd = os.open(folder, os.O_RDONLY | flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
