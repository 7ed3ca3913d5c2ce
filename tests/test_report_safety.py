"""HTML report safety: `report -o` replaces only reports advisor wrote, and no control, bidi or other invisible
character from a user's name reaches the HTML raw (reported faults, kept as tests with their right values)."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.render.html import html_text, is_report_file, is_report_head, render_report

sys.path.insert(0, str(Path(__file__).parent))
from hostile_names import SERVICE_NAMES, WORKLOAD_NAME  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WEB_APP = ROOT / "examples" / "web-app.yaml"
GENERATOR_TAG = '<meta name="generator" content="advisor-report'
#: The reported workload name: SGR colour codes and an OSC window-title sequence ended by BEL.
REPORTED_NAME = "\x1b[31mRED\x1b[0m\x1b]0;pwned\x07"
runner = CliRunner()


# ------------------------------------------------------------------ 1 only reports advisor wrote are replaced


def _refused(target: Path) -> None:
    before = target.read_bytes()
    res = runner.invoke(app, ["report", str(WEB_APP), "-o", str(target)])
    assert res.exit_code == 2, res.output
    assert f"refusing to overwrite '{target}'" in res.output
    assert "advisor did not write it" in res.output and "Choose another path with -o" in res.output
    assert target.read_bytes() == before  # nothing the user had is lost
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # and no temporary file left


def test_markdown_quoting_the_generator_tag_is_not_replaced(tmp_path: Path):
    """Reported: `cp docs/report.md my.md && advisor report examples/web-app.yaml -o my.md` replaced it (exit 0)."""
    target = tmp_path / "my.md"
    target.write_bytes((ROOT / "docs" / "report.md").read_bytes())
    assert GENERATOR_TAG in target.read_text(encoding="utf-8")[:4096]
    _refused(target)


def test_yaml_comment_quoting_the_generator_tag_is_not_replaced(tmp_path: Path):
    """Reported: a notes.yaml with the tag in a comment was replaced with HTML."""
    target = tmp_path / "notes.yaml"
    target.write_text(f'# {GENERATOR_TAG} 0.1.0">\nname: notes\n', encoding="utf-8")
    _refused(target)


def test_own_report_is_replaced(tmp_path: Path):
    """... and the second run says it replaced the earlier report (it printed 'wrote', as for a new file)."""
    target = tmp_path / "r.html"
    outputs = []
    for _ in range(2):
        res = runner.invoke(app, ["report", str(WEB_APP), "-o", str(target)])
        assert res.exit_code == 0, res.output
        outputs.append(res.stdout)
    assert outputs[0].startswith(f"wrote {target}")
    assert outputs[1].startswith(f"replaced {target} (it held an earlier advisor report)")
    assert is_report_file(target)
    assert target.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n')


OWN = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
       '<meta name="generator" content="advisor-report 0.1.0">\n<title>x</title>\n</head>')

def test_several_inputs_write_nothing_when_one_target_is_a_foreign_file(tmp_path: Path):
    """Reported: `report a.yaml b.yaml -o ro/` where ro/<b's name>.html is the user's own file wrote a's report, then
    exited 2 on b's. Every target is checked before any report is written: exit 2, no report written, the user's file
    unchanged."""
    out = tmp_path / "ro"
    out.mkdir()
    mine = out / "shop-microservices.html"  # the default name of examples/microservices.yaml's report
    mine.write_text("my notes\n", encoding="utf-8")
    res = runner.invoke(app, ["report", str(WEB_APP), str(ROOT / "examples" / "microservices.yaml"), "-o", f"{out}/"])
    assert res.exit_code == 2, res.output
    out_text = " ".join(res.output.split())
    # the input whose report it is, the path, and advice that works for a folder of reports
    assert f"microservices.yaml: its report goes to '{mine}'" in out_text, res.output
    assert "which is a file advisor did not write (left unchanged); no report was written" in out_text
    assert "write the reports to another folder with -o DIR/" in out_text
    assert sorted(p.name for p in out.iterdir()) == ["shop-microservices.html"]  # web-app's report was not written either
    assert mine.read_text(encoding="utf-8") == "my notes\n"



@pytest.mark.parametrize("text, mine", [
    (OWN, True),
    ("\ufeff \n" + OWN, True),  # byte-order mark and whitespace first
    ('<!DOCTYPE html><meta name="generator" content="advisor-report test">x', True),  # <html>, <head> implied
    (OWN.replace("<!DOCTYPE html>\n", ""), False),  # no doctype
    ("# Notes\n" + OWN, False),  # text first
    ("<!-- mine -->\n" + OWN, False),  # a comment first
    (OWN.replace('<meta charset="utf-8">', "<title>mine</title>"), False),  # another element before the tag
    ('<!DOCTYPE html>\n<html>\n<head>\n</head>\n<body>\n<meta name="generator" content="advisor-report 1">', False),
    ('<!DOCTYPE html>\n<html><head><meta name="generator" content="advisor-reporter">', False),
    ('<!DOCTYPE html>\n<html><head><meta name="generator" content="other">', False),
    ("", False),
])
def test_is_report_head(text: str, mine: bool):
    assert is_report_head(text) is mine


def test_is_report_file_of_every_checked_in_report_and_no_doc():
    for report in (ROOT / "reports").glob("*.html"):
        assert is_report_file(report), report
    for doc in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md", ROOT / "advisor" / "render" / "templates" /
                "report.html.j2"]:
        assert not is_report_file(doc), doc


# ------------------------------------------------------------------ 2 no raw control or invisible character


def _forbidden(text: str) -> list[str]:
    """Characters that must not reach the HTML raw: controls other than newline, and every non-printable
    (format characters such as bidi overrides, zero-width characters, line/paragraph separators)."""
    return sorted({f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in text
                   if ch != "\n" and not ch.isprintable()})


def _workload(folder: Path, name: str, services: list[str]) -> Path:
    import yaml

    path = folder / "w.yaml"
    path.write_text(yaml.safe_dump({"name": name, "description": f"about {name}\nsecond line", "services": [
        {"name": s, "cpu": 0.25, "memory": 512, "replicas": 2} for s in services]}, allow_unicode=False,
        width=10**6), encoding="utf-8")
    return path


@pytest.mark.parametrize("to", ["stdout", "file"])
def test_reported_escape_sequences_never_reach_the_html(tmp_path: Path, to: str):
    """Reported: the name below gave raw ESC/BEL bytes in <title>, <h1> and table cells (and U+202E likewise)."""
    src = _workload(tmp_path, REPORTED_NAME + "\u202eevil", [REPORTED_NAME, "web\u202e"])
    if to == "stdout":
        res = runner.invoke(app, ["report", str(src), "-o", "-"])
        assert res.exit_code == 0, res.output
        data = res.stdout_bytes
    else:
        out = tmp_path / "r.html"
        res = runner.invoke(app, ["report", str(src), "-o", str(out)])
        assert res.exit_code == 0, res.output
        data = out.read_bytes()
    for raw in (b"\x1b", b"\x07", "\u202e".encode()):
        assert raw not in data
    html = data.decode("utf-8")
    assert _forbidden(html) == []
    # shown as the other renderers show it (advisor.render.format.plain): the escape characters removed
    assert "<title>[31mRED[0m]0;pwnedevil — ECS vs EKS cost review</title>" in html
    assert '<h1 id="title">[31mRED[0m]0;pwnedevil</h1>' in html
    assert '<tr data-service="[31mRED[0m]0;pwned">' in html and "<td>web</td>" in html
    # the rest of the report still renders
    for section in ("summary", "costs", "services", "fleet", "scaling", "checklist", "assumptions"):
        assert f'<section id="{section}">' in html
    assert 'id="recommendation" data-platform="ecs-fargate-spot"' in html and html.rstrip().endswith("</html>")


def test_hostile_names_of_every_kind_never_reach_the_html(tmp_path: Path):
    """Every hostile name of the other renderers' tests: no control, bidi or invisible character, anywhere (text,
    attributes, checklist, strategy JSON, charts)."""
    c = compare(_workload(tmp_path, WORKLOAD_NAME, SERVICE_NAMES + ["c1\x9b2J\x85x\u2028y", "tab\there"]))
    html = render_report(c)
    assert _forbidden(html) == []
    assert "<script" not in html.lower() and "&lt;b&gt;x&lt;/b&gt;" in html
    assert '<tr data-service="c12J x y">' in html  # C1 CSI removed; NEL and U+2028 shown as a space
    assert '<tr data-service="tab here">' in html


def test_html_text_filter():
    from markupsafe import Markup

    assert html_text("Zürich ☃ <b>") == "Zürich ☃ <b>"  # printable text unchanged (escaped later by Jinja)
    assert html_text("a\x1b[1mb\x07\u202ec\u200bd\r\ne\tf\ng") == "a[1mbcd\ne f\ng"
    assert html_text(3.5) == 3.5 and html_text(None) is None
    svg = html_text(Markup("<svg>\x1b<text>x\u2066</text>\n</svg>"))
    assert isinstance(svg, Markup) and str(svg) == "<svg><text>x</text>\n</svg>"
    assert re.fullmatch(r"[^\x00-\x08\x0b-\x1f\x7f-\x9f]*", html_text("".join(map(chr, range(0x00, 0xA0)))))


@pytest.mark.parametrize("args, what", [
    (["report", str(WEB_APP), "-o", " "], "output file name ' ' is blank"),
    (["report", str(WEB_APP), "-o", "\t"], "output file name '\\t' is blank"),
    (["report", str(WEB_APP), "-o", " /"], "output folder name ' ' is blank"),
    (["report", str(WEB_APP), str(WEB_APP.parent / "microservices.yaml"), "-o", " "], "output folder name ' ' is blank"),
    (["import", "k8s", str(WEB_APP.parent / "k8s"), "-o", " "], "output file name ' ' is blank"),
    # -o "" (an unset variable): it was "output '' is a directory ... end it with '/' (/)", which names the root
    # folder; with several inputs the reports went into the current folder
    (["report", str(WEB_APP), "-o", ""], "no output file name given (-o is empty); give a file name such as "
                                         "reports/report.html"),
    (["report", str(WEB_APP), str(WEB_APP.parent / "microservices.yaml"), "-o", ""], "no output file name given"),
    (["import", "k8s", str(WEB_APP.parent / "k8s"), "-o", ""], "no output file name given"),
])
def test_a_blank_output_name_is_refused(tmp_path, monkeypatch, args, what):
    # '-o " "' (a quoted variable that held a space) wrote a file, or with ' /' a folder, named ' '
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, args)
    assert res.exit_code == 2 and what in res.output, res.output
    assert list(tmp_path.iterdir()) == []
