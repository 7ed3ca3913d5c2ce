"""Outputs that survive hostile names, and output files that never lose what the user had (issue 18).

Files: ``advisor.fileio.write_text`` (atomic, locked, no pipes or devices, no stray temporary files) as used by
``advisor report`` and ``advisor import -o``. Names: every command that prints user text, in every format it
offers, with the names of ``tests/hostile_names.py``.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import yaml
from fuzz_cli import cached_app_command
from hostile_names import (
    SERVICE_NAMES,
    WORKLOAD_NAME,
    assert_terminal_safe,
    csv_problems,
    hostile_taskdef,
    hostile_workload,
    markdown_table_problems,
    money_problems,
    strict_json,
)
from typer.testing import CliRunner

from advisor import fileio
from advisor.cli import app
from advisor.fileio import TEMP_SUFFIX, OutputFileError, write_text
from advisor.render import format as fmt
from advisor.render import report_file
from advisor.workload import load_workload

ROOT = Path(__file__).resolve().parents[1]
WEB_APP = ROOT / "examples" / "web-app.yaml"
TASKDEF = ROOT / "examples" / "web-app.taskdef.json"
runner = CliRunner()
FAKE_REPORT = '<!DOCTYPE html><meta name="generator" content="advisor-report test">{name}\n'


@pytest.fixture(scope="module", autouse=True)
def _isolate_user_data(tmp_path_factory):
    """conftest's isolation from a developer's refreshed prices, once per module: these tests only read prices,
    so the price book (and the fleet plans cached on it) load once instead of once per test; the app's
    click command is built once too."""
    from advisor.pricing import book

    with pytest.MonkeyPatch.context() as mp, cached_app_command():
        mp.setenv("ADVISOR_DATA_DIR", str(tmp_path_factory.mktemp("advisor-data")))
        book._default.cache_clear()
        yield
    book._default.cache_clear()


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


@pytest.fixture
def fake_render(monkeypatch):
    """Reports without pricing or charts (file behaviour only): the workload name from the input, a tiny page."""
    def report_html(workload, *, region=None, strict=False):
        name = load_workload(workload).name
        return name, FAKE_REPORT.format(name=name)

    monkeypatch.setattr(report_file, "report_html", report_html)


def _workload(folder: Path, file: str, name: str) -> Path:
    path = folder / file
    path.write_text(yaml.safe_dump({"name": name, "services": [{"name": "web", "cpu": 0.25, "memory": 512}]}),
                    encoding="utf-8")
    return path


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# ================================================================================== atomic, never lost


@pytest.mark.parametrize("broken", ["write", "replace", "fsync"])
def test_full_disk_keeps_the_previous_report(tmp_path, monkeypatch, fake_render, broken):
    target = tmp_path / "r.html"
    r = runner.invoke(app, ["report", str(WEB_APP), "-o", str(target)])
    assert r.exit_code == 0, r.output
    before = target.read_bytes()
    monkeypatch.setattr(fileio.os, broken, _enospc)  # the disk fills up while the new report is written
    r = runner.invoke(app, ["report", str(WEB_APP), "-o", str(target)])
    monkeypatch.undo()
    assert r.exit_code == 2 and "no space left on the device" in r.stderr and "previous file is unchanged" in r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert target.read_bytes() == before  # the old report survives whole
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("code, words", [(errno.EACCES, "permission denied"), (errno.EROFS, "read-only"),
                                         (errno.ENOSPC, "no space left")])
def test_import_into_unwritable_folder_or_full_disk_exits_2(tmp_path, monkeypatch, code, words):
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(TEMP_SUFFIX):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "open", refuse)
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "-o", str(out)])
    assert r.exit_code == 2 and words in r.stderr and r.stderr.count("error:") == 1, r.output
    assert "Traceback" not in r.output and not isinstance(r.exception, OSError)
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary file


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_import_into_really_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "-o", str(folder / "w.yaml")])
        assert r.exit_code == 2 and "permission denied" in r.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_import_refuses_existing_file_and_force_replaces_it(tmp_path):
    out = tmp_path / "w.yaml"
    out.write_text("# mine\n", encoding="utf-8")
    r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.stderr and out.read_text(encoding="utf-8") == "# mine\n"
    r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "-o", str(out), "--force"])
    assert r.exit_code == 0 and load_workload(out).services[0].name == "web-app"
    assert temporaries(tmp_path) == []


def test_a_file_that_appears_during_the_write_is_kept(tmp_path, monkeypatch):
    target = tmp_path / "w.yaml"
    real_fsync = os.fsync

    def someone_else_writes(fd):
        real_fsync(fd)
        target.write_text("theirs", encoding="utf-8")

    monkeypatch.setattr(fileio.os, "fsync", someone_else_writes)
    with pytest.raises(OutputFileError, match="appeared while advisor was writing"):
        write_text(target, "ours")
    assert target.read_text(encoding="utf-8") == "theirs" and temporaries(tmp_path) == []


def test_foreign_file_is_refused_before_pricing(tmp_path, monkeypatch):
    target = tmp_path / "notes.html"
    target.write_text("<html>my notes</html>", encoding="utf-8")
    monkeypatch.setattr(report_file, "report_html", lambda *a, **k: pytest.fail("priced before the check"))
    r = runner.invoke(app, ["report", str(WEB_APP), "-o", str(target)])
    assert r.exit_code == 2 and "refusing to overwrite" in r.stderr
    assert target.read_text(encoding="utf-8") == "<html>my notes</html>"


def test_replaced_file_keeps_its_mode_and_symlink(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_text(link, "new", replace=True)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert (real.stat().st_mode & 0o777) == 0o640


# ================================================================================== pipes, devices, folders


def _in_thread(fn, timeout: float, fifo: Path | None = None):
    """Run ``fn`` in a thread; if it is still running after ``timeout`` s, unblock a writer stuck on ``fifo`` and
    fail (a write to a named pipe without a reader blocks forever)."""
    box = {}
    t = threading.Thread(target=lambda: box.setdefault("result", fn()), daemon=True)
    t.start()
    t.join(timeout)
    if t.is_alive():
        if fifo is not None:
            fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        pytest.fail(f"still running after {timeout} s: blocked on {fifo}")
    return box["result"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["report", str(WEB_APP)], ["import", "taskdef", str(TASKDEF)]])
def test_output_onto_a_named_pipe_fails_fast(tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    started = time.perf_counter()
    r = _in_thread(lambda: runner.invoke(app, [*command, "-o", str(fifo)]), timeout=20, fifo=fifo)
    assert r.exit_code == 2 and "named pipe" in r.stderr, r.output
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("command", [["report", str(WEB_APP)], ["import", "taskdef", str(TASKDEF)]])
def test_output_onto_a_device_or_folder_exits_2(tmp_path, command):
    for target, words in ((os.devnull, "device"), (str(tmp_path), "is a directory")):
        r = runner.invoke(app, [*command, "-o", target])
        assert r.exit_code == 2 and words in r.stderr, r.output
    if command[0] == "report":  # report's folder form is 'DIR/': the message says so
        r = runner.invoke(app, [*command, "-o", str(tmp_path)])
        assert f"or end it with '/' ({tmp_path}/) to write the report into that folder" in " ".join(r.stderr.split())


def test_report_output_ending_with_a_slash_is_a_folder(tmp_path, fake_render):
    """'-o newdir/' wrote a file named newdir: a trailing separator means a folder, created, each report under
    its default name in it."""
    out = f"{tmp_path / 'newdir'}{os.sep}"
    for verb in ("wrote", "replaced"):  # the second run replaces the report advisor wrote, and says so
        r = runner.invoke(app, ["report", str(WEB_APP), "-o", out])
        assert r.exit_code == 0, r.output
        assert (tmp_path / "newdir").is_dir() and [p.name for p in (tmp_path / "newdir").iterdir()] == ["web-app.html"]
        assert r.stdout.strip().startswith(f"{verb} {tmp_path / 'newdir' / 'web-app.html'}")
    mine = tmp_path / "afile"
    mine.write_text("mine", encoding="utf-8")
    r = runner.invoke(app, ["report", str(WEB_APP), "-o", f"{mine}/"])
    assert r.exit_code == 2 and "is a file" in r.stderr and mine.read_text(encoding="utf-8") == "mine"
    assert [w.path.name for w in report_file.write_reports([WEB_APP], output=f"{tmp_path / 'api'}/")] == ["web-app.html"]


def test_import_output_ending_with_a_slash_is_refused(tmp_path):
    """'import ... -o impdir/' wrote a file named impdir: import writes one file, so a folder is refused."""
    r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "-o", f"{tmp_path / 'impdir'}/"])
    assert r.exit_code == 2 and "names a folder" in r.stderr and "impdir/workload.yaml" in r.stderr, r.output
    assert list(tmp_path.iterdir()) == []


def test_import_never_writes_onto_its_own_input_even_with_force(tmp_path):
    """'import taskdef X -o X --force' replaced the task definition it had just read."""
    src = tmp_path / "t.json"
    src.write_bytes(TASKDEF.read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(src)
    for given, out in ((src, src), (link, src), (src, link)):
        r = runner.invoke(app, ["import", "taskdef", str(given), "-o", str(out), "--force"])
        assert r.exit_code == 2 and "it is the input file" in r.stderr, r.output
    services = tmp_path / "s.json"
    services.write_bytes((ROOT / "examples" / "web-app.service.json").read_bytes())
    r = runner.invoke(app, ["import", "taskdef", str(TASKDEF), "--services", str(services), "-o", str(services),
                            "--force"])
    assert r.exit_code == 2 and "it is the input file" in r.stderr, r.output
    assert src.read_bytes() == TASKDEF.read_bytes() and temporaries(tmp_path) == []
    assert services.read_bytes() == (ROOT / "examples" / "web-app.service.json").read_bytes()


def test_import_cloudformation_never_writes_onto_its_parameters_file(tmp_path):
    """'import cloudformation T --parameters-file P -o P --force' replaced the parameters file with the workload it
    had just read from it: the file is read before the import records what it opens, so it was no input to the
    check. An empty --parameters-file was read as '.' ("'.' is a directory")."""
    template = ROOT / "tests" / "fixtures" / "iac" / "cloudformation" / "copilot_svc_prod.stack.yml"
    original = (template.parent / "copilot_svc_prod.params.json").read_bytes()
    params = tmp_path / "prod.params.json"
    params.write_bytes(original)
    link = tmp_path / "link.json"
    link.symlink_to(params)
    for out in (params, link):
        r = runner.invoke(app, ["import", "cloudformation", str(template), "--parameters-file", str(params),
                                "-o", str(out), "--force"])
        assert r.exit_code == 2 and f"refusing to write '{out}': it is the input file '{params}'" in r.stderr, r.output
    assert params.read_bytes() == original and temporaries(tmp_path) == []
    r = runner.invoke(app, ["import", "cloudformation", str(template), "--parameters-file", ""])
    assert r.exit_code == 2 and "'' is blank; give a file" in r.stderr and "directory" not in r.stderr, r.output
    r = runner.invoke(app, ["import", "cloudformation", str(template), "--parameters-file", str(params),
                            "-o", str(tmp_path / "w.yaml")])
    assert r.exit_code == 0 and (tmp_path / "w.yaml").is_file(), r.output


def test_import_never_writes_onto_a_file_it_read_from_a_folder(tmp_path):
    """'import k8s FOLDER -o FOLDER/web.yaml --force' replaced the Deployment manifest it had just read from the
    folder, and a kustomization's resource outside the folder was as exposed: every file the import opened is an
    input, not only the path given."""
    folder = tmp_path / "k8s"
    folder.mkdir()
    for f in (ROOT / "examples" / "k8s").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    for name in sorted(before):
        r = runner.invoke(app, ["import", "k8s", str(folder), "-o", str(folder / name), "--force"])
        assert r.exit_code == 2 and "it is the input file" in r.stderr and name in r.stderr, r.output
    base = tmp_path / "base"
    base.mkdir()
    (base / "web.yaml").write_bytes((ROOT / "examples" / "k8s" / "web.yaml").read_bytes())
    # kustomize reads a file outside the kustomization's folder only through a folder with its own kustomization
    (base / "kustomization.yaml").write_text("resources: [web.yaml]\n", encoding="utf-8")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "kustomization.yaml").write_text("resources:\n  - ../base\n", encoding="utf-8")
    for out in (base / "web.yaml", overlay / "kustomization.yaml"):
        r = runner.invoke(app, ["import", "k8s", str(overlay), "-o", str(out), "--force"])
        assert r.exit_code == 2 and "it is the input file" in r.stderr, r.output
    assert (base / "web.yaml").read_bytes() == (ROOT / "examples" / "k8s" / "web.yaml").read_bytes()
    assert (overlay / "kustomization.yaml").read_text(encoding="utf-8") == "resources:\n  - ../base\n"
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before and temporaries(tmp_path) == []
    # a new file beside them is written as before
    r = runner.invoke(app, ["import", "k8s", str(folder), "-o", str(tmp_path / "w.yaml")])
    assert r.exit_code == 0 and (tmp_path / "w.yaml").is_file(), r.output


def test_check_target_refuses_a_socket(tmp_path):
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))
        with pytest.raises(OutputFileError, match="socket"):
            write_text(path, "x", replace=True)


# ================================================================================== stray temporary files


def test_keyboard_interrupt_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "w.yaml"
    target.write_text("old", encoding="utf-8")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(fileio.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "new", replace=True)
    assert target.read_text(encoding="utf-8") == "old" and temporaries(tmp_path) == []


_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, sys.argv[1])
    from advisor import fileio
    real_fsync = os.fsync
    def slow_fsync(fd):  # hold the write open: the temporary file exists now
        real_fsync(fd)
        print("writing", flush=True)
        time.sleep(30)
    fileio.os.fsync = slow_fsync
    fileio.write_text(sys.argv[2], "new", replace=True)
""")


def _writer_killed_by(sig: int, target: Path) -> int:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(ROOT), str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        proc.send_signal(sig)
        return proc.wait(timeout=20)
    finally:
        proc.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    assert _writer_killed_by(signal.SIGTERM, target) == 128 + signal.SIGTERM
    assert target.read_text(encoding="utf-8") == "old" and temporaries(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_leaves_a_recognisable_temporary_that_the_next_write_removes(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    assert _writer_killed_by(signal.SIGKILL, target) == -signal.SIGKILL
    left = temporaries(tmp_path)
    assert len(left) == 1 and left[0].startswith(".r.html.") and target.read_text(encoding="utf-8") == "old"
    assert fileio.stale_temporaries(target) == [tmp_path / left[0]]  # its process is gone
    write_text(target, "newer", replace=True)
    assert target.read_text(encoding="utf-8") == "newer" and temporaries(tmp_path) == []


def test_a_live_writers_temporary_is_left_alone_until_it_is_a_day_old(tmp_path):
    target = tmp_path / "r.html"
    mine = tmp_path / fileio.temp_name(target)  # this process is alive
    mine.write_text("partial", encoding="utf-8")
    other = tmp_path / ".r.html.5.0123abcd.advisor-tmp.bak"  # not one of ours: never touched
    other.write_text("x", encoding="utf-8")
    assert fileio.stale_temporaries(target) == []
    assert fileio.stale_temporaries(target, now=time.time() + fileio.STALE_AFTER_S + 1) == [mine]


def test_second_writer_waits_for_the_lock_then_gives_a_message(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    monkeypatch.setattr(fileio, "LOCK_TIMEOUT_S", 0.2)
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from pathlib import Path; from advisor import fileio\n"
            "with fileio.target_lock(Path(sys.argv[2])):\n    print('locked', flush=True); time.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(target)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputFileError, match="another advisor run has been writing"):
            write_text(target, "x")
        assert not target.exists()
    finally:
        holder.kill()
        holder.wait()
    write_text(target, "x")  # the lock died with its process
    assert target.read_text(encoding="utf-8") == "x"


# ================================================================================== report names and inputs


def test_default_report_names():
    assert report_file.default_report_name("web-app") == "web-app.html"
    # lossy names get the first 8 hex digits of the SHA-256 of the exact name
    assert report_file.default_report_name("shop a") == f"shop-a-{hashlib.sha256(b'shop a').hexdigest()[:8]}.html"
    assert report_file.default_report_name("shop/a") == f"shop-a-{hashlib.sha256(b'shop/a').hexdigest()[:8]}.html"
    assert report_file.default_report_name("../..").startswith("report-")
    assert report_file.default_report_name("CON").startswith("CON-")  # a Windows device name
    assert len(report_file.default_report_name("x" * 300)) == 80 + 1 + 8 + 5


def test_report_all_never_writes_one_file_twice(tmp_path, fake_render):
    src = tmp_path / "in"
    src.mkdir()
    for file, name in (("a.yaml", "shop a"), ("b.yaml", "shop/a"), ("c.yaml", "shop"), ("d.yml", "shop"),
                       ("e.yaml", "SHOP")):
        _workload(src, file, name)
    (src / "notes.txt").write_text("not a workload", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["report", "--all", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    written = [line.removeprefix("wrote ") for line in r.stdout.splitlines()]
    assert len(written) == 5 and len({w.casefold() for w in written}) == 5  # distinct even on a case-blind disk
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(w).name for w in written)
    # same name twice: the second gets -2 and a note naming both inputs; 'SHOP' on a case-blind disk gets -3
    assert Path(written[3]).name == "shop-2.html" and "c.yaml" in r.stderr and "d.yml" in r.stderr
    assert Path(written[4]).name == "SHOP-3.html"
    assert {Path(written[0]).name, Path(written[1]).name} == {report_file.default_report_name("shop a"),
                                                              report_file.default_report_name("shop/a")}


def test_report_all_is_a_folder_of_workload_files(tmp_path, fake_render):
    r = runner.invoke(app, ["report", "--all", str(WEB_APP)])
    assert r.exit_code == 2 and "not a folder" in r.stderr
    r = runner.invoke(app, ["report", "--all", str(tmp_path)])
    assert r.exit_code == 2 and "no workload file" in r.stderr


def test_report_on_a_folder_prices_it_as_compare_does(tmp_path):
    folder = tmp_path / "manifests"
    folder.mkdir()
    (folder / "web.yaml").write_bytes((ROOT / "examples" / "k8s" / "web.yaml").read_bytes())
    data = strict_json(runner.invoke(app, ["compare", str(folder), "-f", "json"]).stdout)
    out = tmp_path / "k8s.html"
    r = runner.invoke(app, ["report", str(folder), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    for p in data["platforms"]:
        if p["monthly_cost"] is not None:
            assert f'data-platform="{p["platform"]}" data-monthly-cost="{p["monthly_cost"]!r}"' in html
    # a folder of workload files is not one workload: the message says to add --all
    src = tmp_path / "in"
    src.mkdir()
    _workload(src, "a.yaml", "a")
    r = runner.invoke(app, ["report", str(src)])
    assert r.exit_code == 2 and "add --all" in r.stderr
    # ... but not for a Helm chart or a kustomization, which --all would never read file by file
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n", encoding="utf-8")
    (chart / "values.yaml").write_text("replicaCount: 1\n", encoding="utf-8")
    r = runner.invoke(app, ["report", str(chart)])
    assert r.exit_code == 2 and "is a Helm chart" in r.stderr and "--all" not in r.stderr, r.stderr
    kust = tmp_path / "kust"
    kust.mkdir()
    (kust / "kustomization.yaml").write_text("resources:\n- missing.yaml\n", encoding="utf-8")
    r = runner.invoke(app, ["report", str(kust)])
    assert r.exit_code == 2 and "missing.yaml" in r.stderr and "--all" not in r.stderr, r.stderr


def test_report_to_stdout(fake_render):
    r = runner.invoke(app, ["report", str(WEB_APP), "-o", "-"])
    assert r.exit_code == 0 and r.stdout == FAKE_REPORT.format(name="web-app")


# ================================================================================== escaping per medium


def test_plain_and_csv_cell_rules():
    assert fmt.plain("a\r\nb\tc\x1b[31md\u202ee\u00a0f") == "a b c[31mde f"
    assert fmt.plain("Zürich ☃") == "Zürich ☃"
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\uff1d1"):
        assert fmt.csv_cell(bad).startswith("'"), bad
    assert fmt.csv_cell(-108.12) == -108.12 and fmt.csv_cell("web") == "web"
    assert fmt.markdown("# a|b <i>") == "\\# a\\|b \\<i\\>"


def test_json_escapes_what_a_terminal_would_act_on_and_round_trips():
    value = {"name": WORKLOAD_NAME + "\U000e0041", "nan": float("nan"), "inf": [float("inf")]}
    text = fmt.dumps(value)
    assert_terminal_safe(text, "json")
    assert strict_json(text) == {"name": value["name"], "nan": None, "inf": [None]}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_workload(tmp_path_factory.mktemp("hostile"))


COMMANDS = [
    (["compare"], ["table", "json", "csv", "markdown"]),
    (["sweep"], ["table", "json", "csv"]),
    (["strategy", "recommend"], ["table", "json"]),
    (["nodes", "pack", "--platform", "ecs-ec2"], ["table", "json"]),
]


@pytest.mark.parametrize("command, form", [(c, f) for c, fs in COMMANDS for f in fs],
                         ids=[f"{'-'.join(c[:2])}-{f}" for c, fs in COMMANDS for f in fs])
def test_hostile_names_in_every_command_and_format(hostile, command, form):
    r = runner.invoke(app, [*command[:2], str(hostile), *command[2:], "--format", form])
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert_terminal_safe(out, f"{' '.join(command)} -f {form}")
    assert_terminal_safe(r.stderr, "stderr")
    if form == "json":
        data = strict_json(out)
        assert money_problems(data) == []
        if "workload" in data:  # escaped, not altered: the exact name parses back
            w = data["workload"]
            assert (w["name"] if isinstance(w, dict) else w) == WORKLOAD_NAME
    elif form == "csv":
        assert csv_problems(out) == []
        if command == ["compare"]:
            assert "'=cmd|' /C calc'!A0" in out and "'\uff1dfullwidth" in out
    elif form == "markdown":
        assert markdown_table_problems(out) == []
        assert "x\\[/bold\\]" in out
    elif command[0] in ("compare", "strategy"):  # Rich markup shown as written, not swallowed or escaped twice
        assert "x[/bold]" in out and "x\\[" not in out
    else:
        assert fmt.plain(WORKLOAD_NAME) in out


def test_error_messages_quote_names_printably(hostile):
    # ap-south-2 has no Fargate Spot rates: the error names the workload, whose name holds escapes and a bidi override
    r = runner.invoke(app, ["compare", str(hostile), "--region", "ap-south-2", "--platform", "ecs-fargate-spot"])
    assert r.exit_code == 2 and "no platform can price every service" in r.stderr
    assert_terminal_safe(r.stderr, "error message")
    assert "<b>x</b>[/bold]" in r.stderr


def test_pricing_show_survives_hand_edited_price_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    offer = ROOT / "tests" / "fixtures" / "AmazonECS_bulk_offer_eu-west-1_sample.csv"
    assert runner.invoke(app, ["pricing", "import-offer", str(offer), "--data-dir", str(data)]).exit_code == 0
    table = data / "fargate_rates.csv"
    text = table.read_text(encoding="utf-8")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(data))
    # a key cell (origin) holding markup and an escape sequence is refused, and the message quotes it printably
    table.write_text(text.replace(",imported\n", ',"x[/bold]\x1b[31m"\n'), encoding="utf-8")
    r = runner.invoke(app, ["pricing", "show"])
    assert r.exit_code == 2 and "column origin" in r.stderr
    assert_terminal_safe(r.stderr, "pricing show error")
    # the same text in a free-text cell (the source) is read, and never as Rich markup
    table.write_text(text.replace('"AWS Price List bulk offer', '"x[/bold]\x1b[31m AWS'), encoding="utf-8")
    for extra in ([], ["--region", "eu-west-1"]):
        r = runner.invoke(app, ["pricing", "show", *extra])
        assert r.exit_code == 0 and r.exception is None, r.output  # a closing tag in the data is not Rich markup
        assert_terminal_safe(r.stdout, "pricing show")


def test_import_yaml_round_trips_hostile_names(tmp_path):
    family = "svc\nname\u202e\x1b[2J: - [x] # not a comment\u2028\U000e0041"
    r = runner.invoke(app, ["import", "taskdef", str(hostile_taskdef(tmp_path, family))])
    assert r.exit_code == 0, r.output
    assert_terminal_safe(r.stdout, "import YAML")
    assert_terminal_safe(r.stderr, "import notes")
    out = tmp_path / "w.yaml"
    out.write_text(r.stdout, encoding="utf-8")
    w = load_workload(out)
    assert w.name == family and w.services[0].name == family


def test_hostile_report_html_is_escaped(hostile, tmp_path):
    out = tmp_path / "h.html"
    r = runner.invoke(app, ["report", str(hostile), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert "<i>" not in html and "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert_terminal_safe(r.stdout + r.stderr, "report messages")
    assert SERVICE_NAMES  # the same names as every other renderer


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["compare", "examples/web-app.yaml", "-f", "csv"], ["schema"]])
def test_a_full_disk_on_standard_output_is_one_message_and_exit_2(args):
    """'advisor compare x.yaml -f csv > out.csv' on a full disk ended in an OSError traceback (exit 1)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=root, stdout=full, stderr=subprocess.PIPE,
                             text=True)
    assert res.returncode == 2
    assert res.stderr.startswith("error: could not write the output: No space left on device")
    assert "Traceback" not in res.stderr


def test_negative_unit_price_puts_the_sign_before_the_dollar():
    # a Savings Plan credit line read "$-0.14811" beside its amount "-$108.12" (Markdown, report)
    from advisor.render.format import money, unit_price

    assert (unit_price(-0.14811), money(-108.12), unit_price(0.04048), unit_price(0.0)) == \
        ("-$0.14811", "-$108.12", "$0.04048", "$0.00")
    assert unit_price(float("nan")) == "—"


def test_a_unit_price_is_never_written_in_exponent_notation():
    """A Cloud Map API call ($0.000001) showed as '$1e-06' in the table, Markdown and report (``:.6g``)."""
    from advisor.render.format import unit_price

    assert [unit_price(x) for x in (0.000001, -0.0000047, 0.04048, 1234567.0)] == \
        ["$0.000001", "-$0.0000047", "$0.04048", "$1,234,570"]


def test_a_unit_price_has_at_least_two_decimals_where_it_is_exact():
    """The EKS control plane's rate showed as '$0.1' per cluster-hour beside '$73.00'; prices are written with cents
    ('$0.10', AWS's EKS pricing page), but a figure rounded to six significant digits gets no cents it lacks."""
    from advisor.render.format import unit_price

    assert [unit_price(x) for x in (0.1, 0.6, 100.0, 2.5, 0.005, 1234567.0, -0.5, 0.0)] == \
        ["$0.10", "$0.60", "$100.00", "$2.50", "$0.005", "$1,234,570", "-$0.50", "$0.00"]


def test_pricing_show_marks_every_fargate_platform_that_needs_the_missing_storage_rate_partial():
    """sa-east-1's data has no Fargate ephemeral-storage rate: ECS on Fargate, Fargate Spot and EKS on Fargate all
    bill storage above 20 GiB at it (advisor.platforms.FARGATE_RATES_USED), so all three are partial naming it, as
    compare fails all three for a service with 50 GiB; the region count is of platforms with every extra (2/7: the
    two self-managed EC2 platforms)"""
    from advisor.compare import compare
    from advisor.pricing.inventory import coverage, regions_overview
    from advisor.workload import parse_workload

    cov = {p["platform"]: p for p in coverage("sa-east-1")["platforms"]}
    for pid in ("ecs-fargate", "ecs-fargate-spot", "eks-fargate"):
        assert cov[pid]["status"] == "partial" and "ephemeral storage above 20 GiB" in cov[pid]["missing"]
        assert cov[pid]["fill"] == "advisor pricing fetch --region sa-east-1 --services AmazonECS"
    assert cov["ecs-ec2"]["status"] == cov["eks-ec2"]["status"] == "priceable"
    [row] = [r for r in regions_overview() if r["region"] == "sa-east-1"]
    assert (row["priceable"], row["platforms"]) == (2, 7)
    w = parse_workload({"name": "t", "region": "sa-east-1", "services": [
        {"name": "big", "cpu": 1, "memory": 2048, "replicas": 2, "ephemeral_storage_gib": 50}]})
    result = compare(w, platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate"], scaling=False)
    for pid in ("ecs-fargate", "ecs-fargate-spot", "eks-fargate"):
        assert any("Fargate ephemeral storage rate for sa-east-1" in m for m in result.estimate(pid).missing_prices)


def test_fargate_lines_of_one_shape_stay_each_services_own():
    """The Fargate estimators work out a task shape's parts and line names once (a 10,000-service workload repeats a
    few shapes): two services of one shape still get lines of their own service and task-hours, and a missing
    storage rate names each service that needs it, not the first one asked about."""
    from advisor.compare import compare
    from advisor.workload import parse_workload

    w = parse_workload({"name": "t", "region": "sa-east-1", "services": [
        {"name": name, "cpu": 1, "memory": 2048, "replicas": n, "ephemeral_storage_gib": 50}
        for name, n in (("a", 2), ("b", 3))]})
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert [m for m in est.missing_prices if "needed because a asks" in m]
    assert [m for m in est.missing_prices if "needed because b asks" in m]
    w = parse_workload({"name": "t", "region": "us-east-1", "services": [
        {"name": name, "cpu": 1, "memory": 2048, "replicas": n} for name, n in (("a", 2), ("b", 3))]})
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    hours = {(li.service, li.resource): li.quantity for li in est.lines if li.category == "compute"}
    assert hours == {("a", "vcpu"): 2 * 730, ("a", "memory"): 2 * 2 * 730,
                     ("b", "vcpu"): 3 * 730, ("b", "memory"): 3 * 2 * 730}


@pytest.mark.parametrize("name", ["a` **bold** `b.yaml", "``x``.yaml", "`lead.yaml", "plain.yaml", "  spaced  "])
def test_markdown_code_span_shows_the_text_literally(name):
    """Reported: ``diff -f markdown`` with a BEFORE file named ``a` **bold** `b.yaml`` wrote ``\\``` escapes inside a
    code span, which CommonMark does not honour ("backslash escapes do not work in code spans"), so the name
    rendered broken. The span's fence is longer than any backtick run in the name: a CommonMark parser
    (markdown-it-py) gives back the name exactly, as one code span."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(f"**Before**: {fmt.markdown_code(name)}")[0].children
    spans = [t.content for t in tokens if t.type == "code_inline"]
    assert spans == [name]
    assert not [t for t in tokens if t.type == "strong_open"][1:]  # only the label is bold


@pytest.mark.parametrize("name", ["a &amp; b", "&lt;script&gt;", "&#65;&#x42;", "x &copy; y", "R&D", "[a](b) *e* `c`"])
def test_markdown_cell_shows_entity_references_literally(name):
    """A name holding an HTML entity reference (``a &amp; b``) was written as is, and CommonMark renders it as the
    character ("Entity and numeric character references"): the table showed ``a & b``, ``<script>``, ``AB``."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(fmt.markdown(name))[0].children
    assert "".join(t.content for t in tokens if t.type == "text") == name
    assert [t.type for t in tokens] == ["text"] * len(tokens)


@pytest.mark.parametrize("args", [
    ["compare", "examples/web-app.yaml"], ["compare", "examples/web-app.yaml", "-f", "json"],
    ["compare", "examples/web-app.yaml", "-f", "csv"], ["compare", "examples/web-app.yaml", "-f", "markdown"],
    ["sizes"], ["sizes", "-f", "json"], ["diff", "examples/web-app.yaml", "examples/microservices.yaml"],
    ["pricing", "--help"], ["--version"], ["schema"]])
def test_a_reader_that_closes_the_pipe_ends_the_run_quietly_with_exit_0(args):
    """'advisor compare x.yaml | head -1': the table exited 1 (rich's console on a broken pipe) and a JSON document
    0 (one write the pipe took whole), typer's own handler exited 1 for an echo that failed. Here the pipe's reader is
    closed before anything is written, so every write fails: each format and command ends the same way, exit 0,
    nothing on stderr (no traceback, no 'Exception ignored' from the last flush)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    read, write = os.pipe()
    os.close(read)
    try:
        res = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=root, stdout=write,
                             stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write)
    assert (res.returncode, res.stderr) == (0, "")


@pytest.mark.parametrize("args, both", [
    (["compare", "tests/bad_inputs/bad_arch.yaml"], True), (["compare", "tests/bad_inputs/bad_arch.yaml"], False),
    (["compare", "--bogus"], True), (["compare", "--bogus"], False),  # a usage error, typer's rich console on stderr
    (["sweep", "examples/web-app.yaml", "-f", "csv", "--value", "monthly_cost"], True)])
def test_a_failed_run_whose_error_cannot_be_read_still_exits_2(args, both):
    """'advisor compare bad.yaml 2>&1 | head -1' (both streams on the pipe) or '2>&1 >/dev/null | head -1' (its error
    stream alone): the closed pipe was taken for a reader of the output that had read enough, and the failed run
    exited 0. A failure keeps its exit code when its message cannot be written, with nothing more on the pipe."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    read, write = os.pipe()
    os.close(read)
    try:
        res = subprocess.run([sys.executable, "-m", "advisor", *args], cwd=root, stdout=write if both else
                             subprocess.DEVNULL, stderr=write)
    finally:
        os.close(write)
    assert res.returncode == 2


def _advisor_with(args, env=None, close_stdout=False):
    """Run ``python3 -m advisor ARGS`` with extra environment variables, or with file descriptor 1 closed."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    environ = {**os.environ, **(env or {})}
    if close_stdout:  # 'advisor compare x.yaml >&-': the child starts without descriptor 1
        import shlex

        command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "advisor", *args])
        return subprocess.run(["/bin/sh", "-c", f"exec {command} >&-"], cwd=root, env=environ, stderr=subprocess.PIPE,
                              text=True)
    return subprocess.run([sys.executable, "-m", "advisor", *args], cwd=root, env=environ, capture_output=True)


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("args", [
    ["compare", "examples/web-app.yaml"], ["compare", "examples/web-app.yaml", "-f", "markdown"],
    ["diff", "examples/web-app.yaml", "examples/microservices.yaml"], ["compare", "nonexist\u20ac.yaml"]])
def test_an_output_encoding_without_the_tables_characters_never_ends_in_a_traceback(args, encoding):
    """PYTHONIOENCODING=ascii or latin-1 (or a C locale with PYTHONUTF8=0): the table's '\u2014' (no total) ended the
    run in a UnicodeEncodeError traceback, exit 1, the table cut off. What the encoding cannot write is written in
    ASCII ('-' for '\u2014', a JSON-style escape for a name's character)."""
    res = _advisor_with(args, {"PYTHONIOENCODING": encoding})
    assert b"Traceback" not in res.stderr, res.stderr.decode("utf-8", "replace")[-400:]
    if "nonexist\u20ac.yaml" in args:
        # click writes UTF-8 to a stream it finds in ASCII; in latin-1 the escape
        assert res.returncode == 2 and ("nonexist\\u20ac.yaml" in res.stderr.decode(encoding, "replace")
                                        or "nonexist\u20ac.yaml" in res.stderr.decode("utf-8"))
    else:
        assert res.returncode == 0 and res.stdout.decode(encoding, "replace").count("\n") > 10


def test_json_in_an_encoding_without_a_names_characters_reads_back_the_same_name(tmp_path):
    """A name the output encoding cannot write goes out as a JSON escape, so the document still reads back exactly
    (a character beyond U+FFFF as its surrogate pair)."""
    src = tmp_path / "w.yaml"
    src.write_text('name: "caf\u00e9 \u20ac \U0001F600"\nregion: us-east-1\nservices:\n'
                   '  - {name: api, cpu: 1, memory: 2048}\n', encoding="utf-8")
    res = _advisor_with(["compare", str(src), "-f", "json"], {"PYTHONIOENCODING": "latin-1"})
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout.decode("latin-1"))["workload"] == "caf\u00e9 \u20ac \U0001F600"


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="needs a POSIX shell to start advisor without descriptor 1")
@pytest.mark.parametrize("args", [["compare", "examples/web-app.yaml"], ["compare", "examples/web-app.yaml", "-f",
                                                                          "json"], ["schema"], ["--version"]])
def test_a_closed_standard_output_is_exit_2_not_a_silent_success(args):
    """'advisor compare x.yaml >&-': Python sets sys.stdout to None, typer and rich dropped every line printed to it,
    and the run exited 0 with its whole output lost. It is one message and exit 2."""
    res = _advisor_with(args, close_stdout=True)
    assert res.returncode == 2
    assert res.stderr.startswith("error: standard output is closed"), res.stderr
    assert "Traceback" not in res.stderr


@functools.lru_cache(maxsize=None)
def _at_40_columns(args: tuple[str, ...]):
    """``advisor ARGS`` at ``COLUMNS=40``, run once per command line for the narrower widths it is compared with."""
    return _advisor_with(list(args), {"COLUMNS": "40"})


@pytest.mark.parametrize("columns", ["1", "0", "39"])
@pytest.mark.parametrize("args", [["compare", "examples/web-app.yaml"], ["compare", "--help"]])
def test_a_terminal_width_below_40_columns_is_laid_out_at_40(args, columns):
    """COLUMNS=1 wrapped compare's title, findings and notes one character to a line (9,220 lines for web-app instead
    of 227 at 80 columns); a width below 40 is laid out as 40, the same output as COLUMNS=40."""
    narrow = _advisor_with(args, {"COLUMNS": columns})
    at_40 = _at_40_columns(tuple(args))
    assert narrow.returncode == at_40.returncode == 0
    assert narrow.stdout == at_40.stdout
