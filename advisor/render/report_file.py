"""Report files: which inputs ``advisor report`` reads, what the files are called, and writing them safely.

The CLI (``advisor/cli/report.py``) only parses options and calls ``write_reports``; ``scripts/make_reports.py``
and notebooks call the same functions.

* **Inputs** follow ``compare``'s grammar (``report_inputs``): a workload YAML, a task definition, a manifest
  file, ``-`` (standard input) or a folder priced as one workload (Kubernetes manifests, kustomize). With
  ``--all`` a folder instead yields one report per workload file in it (``*.yaml``, ``*.yml``).
* **Names** (``default_report_name``): ``<workload-name>.html`` when the name is already a safe file name;
  otherwise the name is reduced to ``[A-Za-z0-9._-]`` and a short hash of the exact name is added
  (``shop a`` -> ``shop-a-43de9eb1.html``, ``shop/a`` -> ``shop-a-8585119b.html``), so different workloads
  never share a default file, in one run or across runs. Two inputs of one run that still land on the same file
  (two workloads with the same name, or names differing only in case on a case-insensitive disk) get ``-2``,
  ``-3``, … and a note naming both inputs; a file is never written twice in one run.
* **Writing** goes through ``advisor.fileio.write_text``: atomic (a full disk leaves the previous report whole),
  locked, never over a named pipe, device or folder, and never over a file that is not a report advisor wrote
  (``is_report_file``: the file starts with ``<!DOCTYPE html>`` and carries the generator ``<meta>`` in its
  ``<head>``, as the template writes it; a Markdown or YAML file that merely quotes the tag is refused, exit 2).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from advisor.compare import compare
from advisor.errors import AdvisorError, with_message
from advisor.fileio import (
    OutputFileError,
    check_folder,
    check_output,
    is_dir,
    is_file,
    names_folder,
    shown_path,
    write_text,
)
from advisor.render.html import is_report_file, render_report
from advisor.workload.source import is_folder, is_stdin

__all__ = ["DEFAULT_DIR", "WrittenReport", "default_output", "default_report_name", "iter_reports", "report_html",
           "report_inputs", "write_report", "write_reports"]

#: Where reports go when no -o is given.
DEFAULT_DIR = Path("reports")
#: Suffixes of the workload files ``--all`` picks up in a folder.
WORKLOAD_SUFFIXES = (".yaml", ".yml")
#: Longest file-name stem before the hash (file names are limited to 255 bytes on common file systems).
_MAX_STEM = 80
#: Names Windows reserves for devices in any folder (a report called CON.html cannot be opened there).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_REFUSE_HINT = "Choose another path with -o, or move the file away."


@dataclass(frozen=True)
class WrittenReport:
    """One report written: the input it came from, the file, and a note when its default name had to change."""

    source: str
    path: Path
    note: str | None = None
    replaced: bool = False  # the file held an earlier report advisor wrote, which this one replaced


def default_report_name(workload_name: str) -> str:
    """``<name>.html`` for a name made of ``[A-Za-z0-9._-]`` (not starting with ``.`` or ``-``); otherwise the
    reduced name plus the first 8 hex digits of the SHA-256 of the exact name, so distinct names never meet."""
    stem = _SAFE.sub("-", workload_name).strip("-.")
    if stem == workload_name and len(stem) <= _MAX_STEM and stem.split(".")[0].upper() not in _RESERVED:
        return f"{stem}.html"
    digest = hashlib.sha256(workload_name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem[:_MAX_STEM].rstrip('-.') or 'report'}-{digest}.html"


def default_output(workload_name: str, directory: Path = DEFAULT_DIR) -> Path:
    """``directory / default_report_name(workload_name)``."""
    return Path(directory) / default_report_name(workload_name)


def report_inputs(paths: list[str | Path], all_in_folders: bool = False) -> list[str | Path]:
    """The inputs to report on: ``paths`` as given, or with ``all_in_folders`` every workload file
    (``WORKLOAD_SUFFIXES``) directly inside each folder, sorted. ``AdvisorError`` when ``--all`` meets something
    that is not a folder or a folder holds no workload file."""
    if not all_in_folders:
        return list(paths)
    found: list[str | Path] = []
    for p in paths:
        folder = Path(p)
        if not is_folder(p):
            raise AdvisorError(f"--all expects a folder of workload files; '{p}' is not a folder. Without --all, "
                               "a file (or a folder of Kubernetes manifests) gets one report.")
        files = sorted(f for f in folder.iterdir() if f.suffix.lower() in WORKLOAD_SUFFIXES and f.is_file())
        if not files:
            raise AdvisorError(f"--all: no workload file (*.yaml, *.yml) in '{p}'.")
        found += files
    return found


#: Files that make a folder one input, never a folder of workload files --all would read one by one: a Helm chart
#: (rendered first) and a kustomization (built as a whole).
_ONE_INPUT_MARKERS = ("Chart.yaml", "kustomization.yaml", "kustomization.yml", "Kustomization")


def _all_could_help(folder: Path) -> bool:
    """Whether ``report --all`` could report on ``folder`` file by file: it holds a *.yaml / *.yml file and is
    neither a Helm chart nor a kustomization (the hint to add --all was given for those too, where it never helps)."""
    try:
        if any((folder / marker).is_file() for marker in _ONE_INPUT_MARKERS):
            return False
        return any(f.suffix.lower() in WORKLOAD_SUFFIXES and f.is_file() for f in folder.iterdir())
    except OSError:
        return False


def report_html(workload: str | Path, *, region: str | None = None, strict: bool = False) -> tuple[str, str]:
    """(workload name, report HTML) for one input of ``compare``'s grammar; ``AdvisorError`` on bad input."""
    try:
        # as compare and sweep: exit 2 when no platform can price every service (a report with nothing to recommend)
        comparison = compare(workload, region=region, strict=strict, require_complete=True)
    except AdvisorError as exc:
        if is_folder(workload) and _all_could_help(Path(workload)):
            raise AdvisorError(f"{exc}\n(A folder is read as one workload of Kubernetes manifests; to write one "
                               "report per workload file in it, add --all.)") from None
        raise
    return comparison.workload.name, render_report(comparison)


def write_report(workload: str | Path, output: str | Path | None = None, *, region: str | None = None,
                 out_dir: Path = DEFAULT_DIR, strict: bool = False) -> Path:
    """Compare ``workload``, render its report and write it to ``output`` (default
    ``out_dir/default_report_name(name)``); returns the path written.

    ``output`` (or the folder the report goes to) is checked before anything is priced (``advisor.fileio.
    check_output`` / ``check_folder``): a folder, pipe or device, a path too long for the file system, a folder on
    it that is a file, a folder one cannot write in or a file advisor did not write fails at once.
    Raises ``AdvisorError`` for bad input and ``advisor.fileio.OutputFileError`` when the file cannot be written
    or exists and is not a report advisor wrote.
    """
    return write_reports([workload], output=output, region=region, out_dir=out_dir, strict=strict)[0].path


def write_reports(workloads: list[str | Path], *, output: str | Path | None = None, region: str | None = None,
                  out_dir: Path = DEFAULT_DIR, strict: bool = False) -> list[WrittenReport]:
    """One report per input. With one input, ``output`` is the file (default: a default name in ``out_dir``);
    with several, ``output`` (or ``out_dir``) is the folder and each report gets its default name, made unique
    within the run. Every input is priced before any report is written, so a bad input (``AdvisorError``) stops the
    run with nothing written."""
    return list(iter_reports(workloads, output=output, region=region, out_dir=out_dir, strict=strict))


def input_error(exc: AdvisorError, workload: str | Path) -> AdvisorError:
    """``exc`` (same class) with its message naming the input ``workload`` first, unless its first line names it
    already (a workload file's validation errors do)."""
    source = "standard input" if is_stdin(workload) else str(workload)
    text = str(exc)
    if source in text.split("\n", 1)[0]:
        return exc
    return with_message(exc, f"{source}: {text}")


def _named(fn, workload, named: bool, **kwargs):
    """``fn(workload, **kwargs)``; with ``named``, an ``AdvisorError`` names the input (``input_error``)."""
    try:
        return fn(workload, **kwargs)
    except AdvisorError as exc:
        if not named:
            raise
        raise input_error(exc, workload) from None


def _several(errors: list[AdvisorError], total: int) -> AdvisorError:
    """One error for the inputs of a run that cannot be reported on (each message names its input): of the first
    error's class when they share it, else ``AdvisorError``."""
    kinds = {type(e) for e in errors}
    cls = kinds.pop() if len(kinds) == 1 else AdvisorError
    head = (f"{len(errors)} of {total} inputs cannot be reported on, so no report was written; fix them and run "
            "again:")
    return cls(head + "".join("\n\n" + str(e) for e in errors))


def iter_reports(workloads: list[str | Path], *, output: str | Path | None = None, region: str | None = None,
                 out_dir: Path = DEFAULT_DIR, strict: bool = False,
                 name_inputs: bool | None = None) -> Iterator[WrittenReport]:
    """``write_reports``, yielding each report as soon as it is written (the CLI prints them as they come).

    An ``output`` string ending with a separator (``"review/"``) is a folder, even for one input: each report is
    written into it under its default name (the folder is created). An error about one input names it
    (``input_error``) when there are several inputs, or when ``name_inputs`` says so (``report --all``: the files
    were found in a folder)."""
    if output is not None and str(output) == "":  # -o "" (an unset shell variable): Path('') is the current folder
        raise OutputFileError("no output file name given (-o is empty); give a file name such as "
                              f"{DEFAULT_DIR / 'report.html'}, a folder ending with '/' such as {DEFAULT_DIR}/, or '-' "
                              "to print the report, or leave -o out for the default name.")
    blank = output is not None and Path(output).name != "" and not Path(output).name.strip()
    if blank and (names_folder(output) or len(workloads) > 1):  # -o ' /' made a folder named ' '
        raise OutputFileError(f"output folder name {Path(output).name!r} is blank (only spaces or tabs); give a "
                              "folder name such as reports/.")
    if output is not None and names_folder(output):
        output, out_dir = None, Path(output)
    single = len(workloads) == 1 and output is not None
    if single and is_dir(output):  # report -o reports: the folder form is 'reports/' (its report under its name)
        raise OutputFileError(f"output '{shown_path(output)}' is a directory; give a file name such as "
                              f"{Path(output) / 'report.html'}, or end it with '/' ({str(output).rstrip('/')}/) to "
                              "write the report into that folder under the workload's name.")
    if single:
        _precheck(output)
    elif output is not None and Path(output).suffix.lower() in (".html", ".htm") and not is_dir(output):
        raise OutputFileError(f"-o {output}: with {len(workloads)} workloads -o is a folder (each report gets its own "
                              "name in it); give a folder, or one workload per run for a named file.")
    folder = Path(output) if output is not None and not single else Path(out_dir)
    if not single:  # the folder checked before anything is priced: a file in the way, too long a path, no permission
        check_folder(folder, option="-o", longest_name=len(".html") + _MAX_STEM + 9 + 4)
    taken: dict[str, str] = {}
    # price every input first, so a bad one stops the run before any report is written (as with --all); with several
    # inputs (or --all) an error names the input it is about (two workloads may share a name)
    named = len(workloads) > 1 if name_inputs is None else name_inputs
    rendered, failed = [], []
    for w in workloads:
        try:
            rendered.append((w, *_named(report_html, w, named, region=region, strict=strict)))
        except AdvisorError as exc:
            if len(workloads) == 1:
                raise
            failed.append(exc)  # every bad input is named at once, so one run shows what to fix in all of them
    if len(failed) == 1:
        raise failed[0]
    if failed:
        raise _several(failed, len(workloads))
    planned = []
    for w, name, html in rendered:
        source = "standard input" if is_stdin(w) else str(w)
        note = None
        if single:
            target = Path(output)
        else:
            target = default_output(name, folder)
            if target.name.casefold() in taken:
                first = taken[target.name.casefold()]
                stem, n = target.stem, 2
                while f"{stem}-{n}.html".casefold() in taken:
                    n += 1
                target = target.with_name(f"{stem}-{n}.html")
                note = (f"{source} and {first} both default to {default_report_name(name)}; this report is "
                        f"{target.name}")
            taken[target.name.casefold()] = source
        planned.append((source, target, note, html))
    # every target checked before any is written: a foreign file (or a folder) in the way of the third report
    # stops the run with the first two unwritten, not half done
    for source, target, _note, _html in planned:
        if single:
            _precheck(target)
            continue
        try:
            _precheck(target)
        except OutputFileError as exc:  # a name advisor chose: say whose report it is, and what to do about it
            what = ("is a folder" if is_dir(target) else
                    "is a file advisor did not write (left unchanged)" if is_file(target) else
                    f"cannot be written ({exc})")
            raise OutputFileError(f"{source}: its report goes to '{target}' (the workload's name in the output "
                                  f"folder), which {what}; no report was written. Move or rename what is there, or "
                                  "write the reports to another folder with -o DIR/.") from None
    for source, target, note, html in planned:
        existed = is_file(target)
        write_text(target, html, replace=is_report_file, refuse_hint=_REFUSE_HINT, create_parents=True,
                   example="report.html")
        yield WrittenReport(source, target, note, replaced=existed)


def _precheck(output: Path) -> None:
    """Fail before pricing when ``output`` cannot be written (``advisor.fileio.check_output``: a folder, pipe or
    device; a name or path too long for the file system; a folder on the path that is a file; a folder one cannot
    write in; a file advisor did not write). A missing folder is fine: the write creates it."""
    check_output(output, option="-o", replace=is_report_file, refuse_hint=_REFUSE_HINT, create_parents=True,
                 example="report.html")
