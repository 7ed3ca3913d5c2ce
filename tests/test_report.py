"""HTML report: numbers equal compare's JSON, user text is escaped, it renders in a real browser offline."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.costing.lines import Estimate, FleetSummary, LineItem, ServiceStrategy
from advisor.render.html import render_report
from advisor.workload import load_workload

sys.path.insert(0, str(Path(__file__).parent))
from cdp import Browser, find_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
ARTIFACTS = ROOT / "test-artifacts"
runner = CliRunner()


class _Collect(HTMLParser):
    """Elements with attributes, plus every <script> tag and text inside <title>."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def _hostile_workload(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        "name: \"<script>alert(1)</script> Zürich ☃ 'quoted' \\\"double\\\"\"\n"
        "description: \"<img src=x onerror=alert(2)> & <b>bold</b>\"\n"
        "region: us-east-1\n"
        "services:\n"
        "  - name: \"<script>alert(3)</script>\"\n"
        "    cpu: 0.5\n    memory: 1 GB\n    replicas: 1\n    spot: false\n"
        "    min_healthy_percent: 100\n    max_percent: 100\n"
        "  - name: \"café \\\"x\\\" 'y' </td></table>\"\n"
        "    cpu: 0.25\n    memory: 512\n    replicas: 2\n",
        encoding="utf-8")
    return path


# ------------------------------------------------------------------ (a) numbers equal compare --format json


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[str, dict]]:
    """Every example rendered once with 'advisor report --all' and compared once with 'compare --format json'."""
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)  # the report names its input as given: examples/<name>.yaml, as reports/ has it
        res = runner.invoke(app, ["report", "--all", "examples", "-o", str(out)])
    assert res.exit_code == 0, res.output
    found = {}
    for example in EXAMPLES:
        name = load_workload(example).name
        js = runner.invoke(app, ["compare", str(example), "--format", "json"])
        assert js.exit_code == 0, js.output
        found[example.stem] = ((out / f"{name}.html").read_text(encoding="utf-8"), json.loads(js.stdout))
    return found


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_report_numbers_equal_compare_json(example: str, rendered):
    html, data = rendered[example]
    els = parse(html).elements

    totals = {a["data-platform"]: (float(a["data-monthly-cost"]) if a["data-monthly-cost"] else None) for t, a in els
              if t == "tr" and "data-platform" in a and "data-monthly-cost" in a}
    expected = {p["platform"]: p["monthly_cost"] for p in data["platforms"]}
    assert totals == expected  # exact: data attributes carry repr(float); no total where a platform is incomplete

    table_totals = {a["data-platform-total"]: float(a["data-monthly-cost"]) for t, a in els if "data-platform-total" in a}
    assert table_totals == {k: v for k, v in expected.items() if v is not None}
    partial = {a["data-platform-partial"] for t, a in els if "data-platform-partial" in a}
    with_lines = {p["platform"] for p in data["platforms"] if p["lines"]}  # no price data at all: no line table
    assert partial == {k for k, v in expected.items() if v is None and k in with_lines}

    rec = next(a for t, a in els if a.get("id") == "recommendation")
    assert rec["data-platform"] == (data["recommendation"]["platform"] or "")
    if data["recommendation"]["platform"]:
        best = next(p for p in data["platforms"] if p["platform"] == data["recommendation"]["platform"])
        assert float(rec["data-monthly-cost"]) == best["monthly_cost"]
        # the card shows the ranking figure: infrastructure + operations, displayed as the sum of displayed parts
        card = next(a for t, a in els if a.get("id") == "recommended-total")
        assert float(card["data-monthly-tco"]) == pytest.approx(best["monthly_tco"], abs=0.011)
    saving = [f for f in data["recommendation"]["findings"] if f["kind"] == "saving_vs_runner_up"]
    kpi = [a for t, a in els if a.get("id") == "saving"]
    assert len(kpi) == len(saving)
    if saving:
        assert float(kpi[0]["data-saving"]) == saving[0]["data"]["saving"]
        assert kpi[0]["data-runner-up"] == saving[0]["data"]["runner_up"]
    # the scaling section shows the comparison's own sweep: same factors, same crossovers as compare's JSON
    rows = {float(a["data-factor"]) for t, a in els if t == "tr" and "data-factor" in a}
    if data["recommendation"]["platform"]:
        assert rows == set(data["scaling"]["factors"])
    crossings = [a for t, a in els if t == "li" and "data-crossover" in a]
    assert [c["data-crossover"] for c in crossings] == [f"{x['from']}->{x['to']}" for x in data["scaling"]["crossovers"]]


def _totals_cells(html: str) -> dict[str, list[str]]:
    """The summary table's numeric cells per platform: infrastructure, operations, total, vs cheapest."""
    table = re.search(r'<table id="totals">(.*?)</table>', html, re.S).group(1)
    return {m.group(1): re.findall(r'<td class="num">(.*?)</td>', m.group(2), re.S)
            for m in re.finditer(r'<tr [^>]*data-platform="([^"]+)"[^>]*>(.*?)</tr>', table, re.S)}


def _saving_box(html: str) -> tuple[str, str] | None:
    m = re.search(r'<div class="kpi" id="saving"[^>]*data-runner-up="([^"]+)">.*?<div class="value">(\S+) ', html, re.S)
    return (m.group(1), m.group(2)) if m else None


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_saving_box_equals_the_runner_ups_vs_cheapest(example: str, rendered):
    """The "Saving vs runner-up" box is the difference of the displayed totals, as the table's "vs cheapest",
    the summary finding and compare (reported: microservices showed $262.73 in the box and $262.74 elsewhere)."""
    html, data = rendered[example]
    box = _saving_box(html)
    saving = [f for f in data["recommendation"]["findings"] if f["kind"] == "saving_vs_runner_up"]
    assert (box is None) == (not saving)
    if box is None:
        return
    runner_up, shown = box
    cells = _totals_cells(html)
    assert cells[runner_up][3] == "+" + shown
    if float(shown.lstrip("$").replace(",", "")) >= 0.005:
        assert f"saves {shown} per month" in saving[0]["text"]
    # the scaling table at 1x shows the summary's totals to the cent (the same rule: sums of displayed parts)
    row = re.search(r'<tr data-factor="1\.0">(.*?)</tr>', html, re.S)
    if row:
        labels = re.findall(r'<th class="num">(.*?)</th>', re.search(r'<table id="scaling-table">.*?</thead>', html,
                                                                      re.S).group(0))[1:]
        shown_1x = [re.sub(r"</?strong>", "", v) for v in re.findall(r'<td class="num">(.*?)</td>', row.group(1))[1:]]
        by_label = {p["label"]: p["platform"] for p in data["platforms"]}
        for label, value in zip(labels, shown_1x):
            assert cells[by_label[label]][2] == value, (example, label)


def _bold_in_scaling_table(html: str) -> dict[float, set[str]]:
    """{factor: labels of the platforms shown bold} in the scaling table."""
    table = re.search(r'<table id="scaling-table">(.*?)</table>', html, re.S).group(1)
    labels = re.findall(r'<th class="num">(.*?)</th>', table)[1:]
    out = {}
    for m in re.finditer(r'<tr data-factor="([^"]+)">(.*?)</tr>', table, re.S):
        cells = re.findall(r'<td class="num">(.*?)</td>', m.group(2))[1:]
        out[float(m.group(1))] = {label for label, cell in zip(labels, cells) if cell.startswith("<strong>")}
    return out


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_scaling_table_bolds_by_the_crossover_rules_tie(example: str, rendered):
    """Reported: web-app's table bolded ECS on Fargate at 0.25x and 0.5x (a $204.51 / $209.01 tie with ECS on
    Fargate + Fargate Spot) while the text said Fargate + Fargate Spot stays the cheapest from 0.25x to 20x."""
    from advisor.compare.sweep import TIE_USD
    from advisor.platforms import PLATFORM_LABELS

    html, data = rendered[example]
    if 'id="scaling-table"' not in html:
        return
    bold = _bold_in_scaling_table(html)
    value = data["scaling"]["value"]
    for f, labels in bold.items():
        costs = {PLATFORM_LABELS[p["platform"]]: p[value] for p in data["scaling"]["points"]
                 if p["factor"] == f and p["feasible"]}
        low = min(costs.values())
        assert labels == {label for label, v in costs.items() if v <= low + TIE_USD}, (example, f)
    if not data["scaling"]["crossovers"] and not data["scaling"]["handovers"]:  # "X stays the cheapest": bold in every row
        best = PLATFORM_LABELS[data["recommendation"]["platform"]]
        assert all(best in labels for labels in bold.values()), (example, bold)
    if example == "web-app":
        both = {"ECS on Fargate", "ECS on Fargate + Fargate Spot"}
        assert bold[0.25] == both and bold[0.5] == both and bold[1.0] == {"ECS on Fargate + Fargate Spot"}


def test_microservices_saving_box_is_262_74(rendered):
    html, _ = rendered["microservices"]
    assert _saving_box(html) == ("ecs-fargate", "$262.74")
    assert _totals_cells(html)["ecs-fargate"][3] == "+$262.74"


def test_checked_in_reports_are_current(rendered):
    """reports/ must be what scripts/make_reports.py produces now (regenerate and commit if this fails)."""
    for example in EXAMPLES:
        name = load_workload(example).name
        checked_in = ROOT / "reports" / f"{name}.html"
        assert checked_in.exists(), f"missing {checked_in}; run python scripts/make_reports.py"
        assert rendered[example.stem][0] == checked_in.read_text(encoding="utf-8"), \
            f"reports/{name}.html is stale; run python scripts/make_reports.py"


def test_line_rows_sum_to_platform_totals():
    c = compare(ROOT / "examples" / "microservices.yaml")
    els = parse(render_report(c)).elements
    by_table: dict[str, list[float]] = {}
    current = None
    for t, a in els:
        if t == "table" and "lines" in a.get("class", ""):
            current = a["data-platform"]
        elif t == "tr" and current and "data-monthly-cost" in a and "data-platform-total" not in a:
            by_table.setdefault(current, []).append(float(a["data-monthly-cost"]))
        elif t == "tr" and "data-platform-total" in a:
            current = None
    for est in c.estimates:  # a platform without price data has no line table
        assert sum(by_table.get(est.platform, [])) == pytest.approx(est.monthly_cost, rel=1e-12)


def test_report_shows_workload_sha256_and_version(tmp_path: Path):
    import hashlib

    from advisor import __version__

    example = ROOT / "examples" / "web-app.yaml"
    out = tmp_path / "w.html"
    assert runner.invoke(app, ["report", str(example), "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert hashlib.sha256(example.read_bytes()).hexdigest() in html
    assert f"advisor {__version__}" in html


# ------------------------------------------------------------------ (b) escaping


def test_hostile_names_are_escaped(tmp_path: Path):
    out = tmp_path / "h.html"
    res = runner.invoke(app, ["report", str(_hostile_workload(tmp_path)), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    p = parse(html)
    assert p.scripts == 0
    assert "<script" not in html.lower()
    assert "<img" not in html.lower() and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Zürich ☃" in html and "café" in html  # non-ASCII kept as text, UTF-8
    assert "&#39;quoted&#39;" in html or "&#x27;quoted&#x27;" in html
    # every data-service attribute round-trips to the real service name (no attribute break-out)
    names = {a["data-service"] for t, a in p.elements if "data-service" in a}
    assert "<script>alert(3)</script>" in names and "café \"x\" 'y' </td></table>" in names


def test_hostile_default_output_name(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["report", str(_hostile_workload(tmp_path))])
    assert res.exit_code == 0, res.output
    written = list((tmp_path / "reports").iterdir())
    assert len(written) == 1 and "<" not in written[0].name and "/" not in written[0].name


# ------------------------------------------------------------------ CLI behaviour


def test_refuses_to_overwrite_foreign_file(tmp_path: Path):
    target = tmp_path / "notes.html"
    target.write_text("<html>my notes</html>", encoding="utf-8")
    res = runner.invoke(app, ["report", str(ROOT / "examples" / "web-app.yaml"), "-o", str(target)])
    assert res.exit_code == 2
    assert "refusing to overwrite" in res.output
    assert target.read_text(encoding="utf-8") == "<html>my notes</html>"


def test_overwrites_own_report_and_creates_dirs(tmp_path: Path):
    target = tmp_path / "a" / "b" / "r.html"
    for _ in range(2):
        res = runner.invoke(app, ["report", str(ROOT / "examples" / "web-app.yaml"), "-o", str(target)])
        assert res.exit_code == 0, res.output
    assert target.exists()


@pytest.mark.parametrize("args, text", [
    (["missing.yaml"], "not found"),
    (["examples/web-app.yaml", "--region", "mars-1"], "region"),
])
def test_bad_input_exits_2(args, text, monkeypatch):
    monkeypatch.chdir(ROOT)
    res = runner.invoke(app, ["report", *args, "-o", "/tmp/advisor-never-written.html"])
    assert res.exit_code == 2
    assert text in res.output.lower()
    assert "Traceback" not in res.output


def test_compare_path_does_not_import_matplotlib():
    code = ("import sys; from typer.testing import CliRunner; from advisor.cli import app; "
            "r = CliRunner().invoke(app, ['compare', 'examples/web-app.yaml']); "
            "assert r.exit_code == 0, r.output; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_report_is_deterministic():
    c = compare(ROOT / "examples" / "web-app.yaml")
    assert render_report(c) == render_report(c)


# ------------------------------------------------------------------ optional data from other estimators


def test_extras_render_when_present():
    c = compare(ROOT / "examples" / "microservices.yaml", platforms=["ecs-fargate", "eks-fargate"])
    spot = Estimate("ecs-fargate-spot", lines=[
        LineItem("Fargate vCPU (Spot, x86_64)", "spot", 100.0, "vCPU-hours", 0.0121, service="checkout", estimate=True,
                 purchase_option="spot", resource="vcpu")],
        strategies=[ServiceStrategy("storefront", [{"capacityProvider": "FARGATE", "base": 2, "weight": 1},
                                                   {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 3}],
                                    {"FARGATE": 3, "FARGATE_SPOT": 2}, 5, 10, True, 100.0, 80.0, ["a reason"], True)])
    ec2 = Estimate("ecs-ec2", lines=[LineItem("Instance usage (on-demand, m7g.xlarge)", "compute", 1460, "hours", 0.1632)],
                   fleet=FleetSummary([{"instance_type": "m7g.xlarge", "purchase": "on-demand", "count": 2,
                                        "usd_per_hour": 0.1632}], 2, 238.27, 200.0, 0.19, {"vcpu": 0.81, "memory": 0.64}))
    c.estimates += [spot, ec2]
    html = render_report(c)
    assert "&#34;FARGATE_SPOT&#34;" in html or "&quot;FARGATE_SPOT&quot;" in html
    assert "m7g.xlarge" in html and "81.0%" in html and "$200.00" in html
    assert "Spot on intolerant services" in html and "checkout" in html
    assert "Not available: this platform is not part of the comparison" in html  # eks-ec2 still absent
    assert ">estimate<" in html


def test_absent_extras_say_not_available():
    html = render_report(compare(ROOT / "examples" / "web-app.yaml", platforms=["ecs-fargate", "eks-fargate"]))
    assert 'id="strategies-na"' in html
    assert html.count("Not available:") >= 2


def test_checklist_findings():
    html = render_report(compare({"name": "w", "eks": {"support": "extended"}, "services": [
        {"name": "solo", "cpu": 0.25, "memory": 512, "replicas": 1, "min_healthy_percent": 100, "max_percent": 100},
        {"name": "waste", "cpu": 1.25, "memory": 2048, "replicas": 2}]}))
    for text in ("Single task", "Deployments blocked", "Fargate rounding waste", "EKS extended support",
                 "CPU utilisation", "&gt; 80%", "&gt; 85%", "running &lt; desired", "&gt; 500 ms"):
        assert text in html, text


# ------------------------------------------------------------------ the report never re-prices


def test_report_renders_the_comparison_it_is_given(monkeypatch):
    """The report reads the Comparison only: rendering must not call an estimator or the sweep again."""
    c = compare(ROOT / "examples" / "microservices.yaml")
    import advisor.compare.estimates as estimates
    import advisor.compare.sweep as sweep_mod

    def boom(*_a, **_k):
        raise AssertionError("the report priced something again")

    import advisor.compare as compare_pkg

    monkeypatch.setattr(estimates, "price_estimates", boom)
    monkeypatch.setattr(sweep_mod, "sweep", boom)
    monkeypatch.setattr(compare_pkg, "run_sweep", boom)
    html = render_report(c)
    assert 'id="scaling-table"' in html


def test_incomplete_platform_has_no_total():
    # a Windows service: EKS on Fargate cannot run it, so EKS on Fargate shows no total anywhere in the report
    c = compare({"name": "w", "services": [{"name": "win", "cpu": 1, "memory": "2 GB", "os": "windows"}]},
                platforms=["ecs-fargate", "eks-fargate"])
    els = parse(render_report(c)).elements
    row = next(a for t, a in els if t == "tr" and a.get("data-platform") == "eks-fargate")
    assert row["data-monthly-cost"] == "" and row["data-complete"] == "false"
    assert not [a for t, a in els if a.get("data-platform-total") == "eks-fargate"]


def test_the_totals_status_badge_says_why_a_platform_is_not_ranked_in_compares_words():
    """The badge read "incomplete" both for a platform that cannot run a service (EKS on Fargate, arm64) and for one a
    rate is missing for (Fargate Spot arm64 in ap-south-1), where compare's Status says "not ranked: cannot run every
    service" and "not ranked: missing price data"."""
    from advisor.render.text import to_markdown

    c = compare({"name": "b", "region": "ap-south-1", "services": [
        {"name": "api", "cpu": 0.25, "memory": 512, "replicas": 2, "architecture": "arm64"}]},
        platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate"])
    html = render_report(c)
    badges = dict(re.findall(r'<tr class="[^"]*" data-platform="([a-z-]+)".*?<span class="badge [a-z]+">([^<]*)</span>'
                             r'</td>\s*</tr>', html, re.S))
    assert badges == {"ecs-fargate": "recommended", "ecs-fargate-spot": "not ranked: missing price data",
                      "eks-fargate": "not ranked: cannot run every service"}
    md = to_markdown(c)
    assert "| ECS on Fargate + Fargate Spot (ecs-fargate-spot) | — | $200.00 | — | — | not ranked: missing price data |" in md
    assert "| EKS on Fargate (eks-fargate) | — | $800.00 | — | — | not ranked: cannot run every service |" in md
    # ECS on Fargate: 2 x 730 h x (0.25 x $0.02383 + 0.5 x $0.00261), arm64 in ap-south-1
    assert _totals_cells(html)["ecs-fargate"][0] == "$10.60"


def test_excluded_platform_is_complete_but_not_ranked_in_the_totals_row():
    # requirements.exclude_platforms rules ECS on Fargate out, but it prices every service: its totals row says
    # complete (as compare's JSON and totals_frame do: "complete": true, "status": "excluded") with its total,
    # $18.02 (2 x 0.25 vCPU / 0.5 GB in us-east-1), and not feasible; before, data-complete read "false"
    c = compare({"name": "x", "region": "us-east-1", "requirements": {"exclude_platforms": ["ecs-fargate"]},
                 "services": [{"name": "web", "cpu": 0.25, "memory": 512, "replicas": 2}]},
                platforms=["ecs-fargate", "ecs-fargate-spot"])
    els = parse(render_report(c)).elements
    row = next(a for t, a in els if t == "tr" and a.get("data-platform") == "ecs-fargate")
    assert row["data-complete"] == "true" and row["data-feasible"] == "false"
    assert round(float(row["data-monthly-cost"]), 2) == 18.02
    assert "muted" in row["class"]
    spot = next(a for t, a in els if t == "tr" and a.get("data-platform") == "ecs-fargate-spot")
    assert spot["data-complete"] == "true" and spot["data-feasible"] == "true" and "muted" not in spot["class"]


# ------------------------------------------------------------------ (c) real browser


def test_report_in_headless_chromium(tmp_path: Path):
    binary = find_chromium()
    if binary is None:
        pytest.skip("no chromium binary found (install Debian's 'chromium' package; CI must install it)")
    out = tmp_path / "shop.html"
    assert runner.invoke(app, ["report", str(ROOT / "examples" / "microservices.yaml"), "-o", str(out)]).exit_code == 0
    hostile = tmp_path / "hostile.html"
    assert runner.invoke(app, ["report", str(_hostile_workload(tmp_path)), "-o", str(hostile)]).exit_code == 0
    ARTIFACTS.mkdir(exist_ok=True)

    with Browser(binary) as b:
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(f"{domain}.enable")
        b.send("Emulation.setDeviceMetricsOverride", width=1200, height=900, deviceScaleFactor=1, mobile=False)
        for page in (out, hostile):
            b.events.clear()
            b.send("Page.navigate", url=page.as_uri())
            b.wait_for("Page.loadEventFired")
            # no console errors, no exceptions, no dialogs (a script from user input would alert)
            errors = [e for e in b.events if e["method"] == "Runtime.exceptionThrown"
                      or e["method"] == "Page.javascriptDialogOpening"
                      or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
                      or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
            assert not errors, errors
            # no network beyond the file itself
            urls = [e["params"]["request"]["url"] for e in b.events if e["method"] == "Network.requestWillBeSent"]
            assert urls and all(u == page.as_uri() or u.startswith("data:") for u in urls), urls
            assert b.evaluate("document.querySelectorAll('script').length") == 0
            assert b.evaluate("window.__advisor_pwned === undefined")

        b.events.clear()
        b.send("Page.navigate", url=out.as_uri())
        b.wait_for("Page.loadEventFired")
        sizes = b.evaluate("Array.from(document.querySelectorAll('svg.chart')).map(s => {"
                           "const r = s.getBoundingClientRect(); return [r.width, r.height]; })")
        assert len(sizes) == 2 and all(w > 100 and h > 50 for w, h in sizes), sizes
        visible = b.evaluate("(() => { const e = document.getElementById('recommendation'); const r = e.getBoundingClientRect();"
                             " const s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility === 'visible'"
                             " && s.display !== 'none' ? e.innerText : null; })()")
        assert visible and "Recommendation: ECS on Fargate" in visible
        height = b.evaluate("document.documentElement.scrollHeight")
        shot = b.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                      clip={"x": 0, "y": 0, "width": 1200, "height": min(height, 8000), "scale": 1})
        png = base64.b64decode(shot["data"])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        (ARTIFACTS / "report.png").write_bytes(png)
        # print layout renders too
        pdf = b.send("Page.printToPDF", printBackground=False)
        assert base64.b64decode(pdf["data"])[:4] == b"%PDF"


def test_report_says_a_limit_not_a_crossover(prices):
    # the reporter's big4.yaml: the report listed "the cheapest platform changes from EKS on EC2 nodes ... to ECS on
    # Fargate" between 3x and 5x as a cost crossover; EKS on EC2 only stops at 150,000 pods, beyond 3.75x
    from test_decision import BIG4

    from advisor.workload import parse_workload

    c = compare(parse_workload(BIG4), platforms=["ecs-fargate", "eks-ec2"], prices=prices)
    html = render_report(c)
    assert "data-crossover=" not in html
    assert ('<li data-limit="eks-ec2->ecs-fargate">EKS on EC2 nodes cannot run the workload beyond about 3.75x '
            "today&#39;s replicas (150,000 pods per cluster): ECS on Fargate is then the cheapest that can.</li>") in html
    assert "EKS on EC2 nodes cannot run the workload beyond 3.75x today&#39;s replicas" in html


def test_an_error_names_its_input_among_several(tmp_path):
    # report a1.yaml g1.yaml: both named 'g', the second has a GPU service; the error said "the requirements of 'g'
    # rule out every platform" without saying which input
    a1, g1 = tmp_path / "a1.yaml", tmp_path / "g1.yaml"
    a1.write_text("name: g\nservices:\n  - {name: web, cpu: 1, memory: 2048, replicas: 2}\n")
    g1.write_text("name: g\nservices:\n  - {name: web, cpu: 1, memory: 2048, replicas: 2}\n"
                  "  - {name: ml, cpu: 4, memory: 16384, gpus: 1}\n")
    r = CliRunner().invoke(app, ["report", str(a1), str(g1), "-o", str(tmp_path / "out3") + "/"])
    assert r.exit_code == 2
    assert f"error: {g1}: the requirements of 'g' rule out every platform" in r.output
    r = CliRunner().invoke(app, ["report", "--all", str(tmp_path), "-o", str(tmp_path / "out4") + "/"])
    assert r.exit_code == 2 and f"error: {g1}: the requirements of 'g' rule out every platform" in r.output
    # one input given by the user: the message is as compare's
    r = CliRunner().invoke(app, ["report", str(g1), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "error: the requirements of 'g' rule out every platform" in r.output


def test_every_bad_input_among_several_is_named_at_once(tmp_path):
    # report --all on a folder with two bad files stopped at the first and named only it, so fixing a folder took one
    # run per bad file; now both are named (each with its own problem) and still no report is written
    good, bad1, bad2 = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "c.yaml"
    good.write_text("name: a\nservices:\n  - {name: web, cpu: 1, memory: 2048}\n")
    bad1.write_text("name: b\nservices:\n  - {name: web, cpus: 1}\n")
    bad2.write_text("name: c\nservices:\n  - {name: ml, cpu: 4, memory: 16384, gpus: 1}\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["report", "--all", str(tmp_path), "-o", str(out) + "/"])
    assert r.exit_code == 2
    assert "error: 2 of 3 inputs cannot be reported on, so no report was written" in r.output
    assert f"{bad1}: invalid workload (1 problem)" in r.output and "unknown key 'cpus'" in r.output
    assert f"{bad2}: the requirements of 'c' rule out every platform" in r.output
    assert not out.exists()
    # one bad input among several: its own message, as before
    bad2.unlink()
    r = CliRunner().invoke(app, ["report", "--all", str(tmp_path), "-o", str(out) + "/"])
    assert r.exit_code == 2 and f"error: {bad1}: invalid workload (1 problem)" in r.output and "of 2 inputs" not in r.output


def test_several_inputs_a_field_error_on_standard_input_names_it_exit_2(tmp_path):
    """With several inputs the error names the input it is about (``input_error``); a task definition on standard
    input whose cpu is not a quantity is a ``FieldError`` (source, document, field, message), which ``copy.copy``
    could not copy: a TypeError traceback before."""
    td = json.dumps({"family": "web", "cpu": "lots", "memory": "512", "networkMode": "awsvpc",
                     "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web", "image": "x"}]})
    r = runner.invoke(app, ["report", "-", str(ROOT / "examples" / "web-app.yaml"), "-o", f"{tmp_path}/"], input=td)
    assert r.exit_code == 2, r.output
    assert " ".join(r.stderr.split()).startswith(
        "error: standard input: <stdin>: task definition (web): cpu: 'lots' is not a CPU quantity")


def test_a_complete_platform_without_lines_still_has_its_total():
    # no task runs (replicas 0): ECS on Fargate + Fargate Spot prices every service at $0.00 with no line; its total
    # is still given with data-platform-total, as for every complete platform (before: only "No lines priced.")
    c = compare({"name": "idle", "region": "us-east-1",
                 "services": [{"name": "web", "cpu": 1, "memory": "2 GB", "replicas": 0}]},
                platforms=["ecs-fargate-spot"])
    (est,) = c.estimates
    assert est.complete and est.lines == [] and est.monthly_cost == 0
    html = render_report(c)
    els = parse(html).elements
    (total,) = [a for t, a in els if a.get("data-platform-total") == "ecs-fargate-spot"]
    assert total["data-monthly-cost"] == "0.0"
    assert "nothing runs on it, $0.00 a month." in html and "No lines priced." not in html


def test_fleet_section_speaks_the_readers_words(rendered):
    """Section 4 showed the fleet's machine keys: "Utilisation: memory_mib", "Utilisation: slots" (ENIs on ECS, max
    pods on EKS: the reader could not tell) and "on_demand" as the purchase option."""
    html, _ = rendered["microservices"]
    fleet = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('id="fleet"'):html.index('id="scaling"')]))
    assert "memory_mib" not in fleet and "on_demand" not in fleet and "Utilisation: " not in fleet
    assert "c6a.large On-Demand 6 $0.0765" in fleet  # ECS on EC2
    assert ("Utilisation of allocatable: CPU 76.6% Utilisation of allocatable: memory 81.1% Utilisation of "
            "allocatable: task slots (tasks per instance) 100.0%") in fleet
    assert "Utilisation of allocatable: pod slots (max pods per node) 15.2%" in fleet  # EKS on EC2 nodes
