"""Reported faults kept as tests with their right values: one wording of a platform's status in every output."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.costing.lines import Estimate, LineItem, Unsupported

runner = CliRunner()

#: A 200 GiB service no EKS on Fargate size holds (largest 120 GB), ECS on EC2 excluded by a requirement, and the two
#: managed platforms without their management fees in the bundled data: four statuses, one workload.
STATUSES = """name: statuses
region: us-east-1
services:
  - {name: web, cpu: 0.5, memory: 1Gi, replicas: 2}
  - {name: cache, cpu: 8, memory: 200Gi, replicas: 1}
requirements: {exclude_platforms: [ecs-ec2]}
"""

#: platform -> its status in words, as every output gives it
WORDS = {"ecs-ec2": "excluded", "eks-fargate": "not ranked: cannot run every service",
         "ecs-managed-instances": "not priced: no price data", "eks-auto-mode": "not priced: no price data"}


def _line(service: str | None = "a") -> LineItem:
    return LineItem("Fargate vCPU (on-demand, x86_64)", "compute", 730, "vCPU-hours", 0.04048, service=service)


@pytest.mark.parametrize("est, status, words", [
    (Estimate("ecs-fargate", lines=[_line()]), "ok", "ok"),
    (Estimate("ecs-fargate", lines=[_line()], excluded=["portability"]), "excluded", "excluded"),
    (Estimate("ecs-fargate", missing_prices=["Fargate rate"]), "no price data", "not priced: no price data"),
    (Estimate("ecs-fargate", lines=[_line()], missing_prices=["ephemeral storage rate"]), "incomplete",
     "not ranked: missing price data"),
    (Estimate("eks-fargate", lines=[_line()], unsupported=[Unsupported("b", "too big")]), "incomplete",
     "not ranked: cannot run every service"),
    # a service it cannot run outweighs a missing rate: fetching prices would not price it
    (Estimate("eks-fargate", unsupported=[Unsupported("b", "too big")], missing_prices=["EKS rate"]), "incomplete",
     "not ranked: cannot run every service"),
])
def test_status_text_of_each_status(est, status, words):
    assert (est.status, est.status_text) == (status, words)


@pytest.fixture(scope="module")
def statuses(tmp_path_factory):
    path = tmp_path_factory.mktemp("statuses") / "statuses.yaml"
    path.write_text(STATUSES)
    return str(path)


def test_sweep_json_csv_and_table_give_the_reason_in_compare_s_words(statuses):
    """Reported: 'advisor sweep -f json' gave EKS on Fargate's reason as 'not ranked (incomplete)' where its table said
    'not ranked: eks-fargate (cannot run every service)' and compare's Markdown 'not ranked: cannot run some
    services'."""
    js = json.loads(runner.invoke(app, ["sweep", statuses, "-f", "json"]).stdout)
    reasons = {p["platform"]: p["reason"] for p in js["points"] if p["factor"] == 1}
    assert {p: reasons[p] for p in WORDS} == WORDS
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["sweep", statuses, "-f", "csv"]).stdout)))
    assert {r["platform"]: r["reason"] for r in rows if r["factor"] == "1.0" and r["feasible"] == "False"} == WORDS
    table = runner.invoke(app, ["sweep", statuses]).stdout.splitlines()
    assert [ln for ln in table if ln.split(" ")[0] in WORDS] == [f"{p} is {w}" for p, w in WORDS.items()]
    md = runner.invoke(app, ["compare", statuses, "-f", "markdown"]).stdout
    for platform, words in WORDS.items():
        row = next(ln for ln in md.splitlines() if f"({platform})" in ln and ln.startswith("| "))
        assert row.endswith(f"| {words} |"), row


def test_sweep_frame_and_report_give_the_same_words(statuses, tmp_path):
    import advisor
    from advisor.api import sweep_frame

    c = advisor.price(statuses)
    df = sweep_frame(c, factors=[1])
    assert {p: r for p, r, ok in zip(df.platform, df.reason, df.feasible) if not ok} == WORDS
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", statuses, "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    for words in set(WORDS.values()):
        assert f'<span class="badge warn">{words}</span>' in html
    assert '<span class="badge warn">incomplete</span>' not in html
    assert "— not priced: no price data</h3>" in html
