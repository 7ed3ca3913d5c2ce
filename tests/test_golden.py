"""Golden outputs of the bundled examples: the whole JSON of every platform (EC2 fleets included), and the exact
terminal table and Markdown at a fixed width.

Regenerate deliberately and review the diff:  ADVISOR_UPDATE_GOLDEN=1 python3 -m pytest tests/test_golden.py
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from advisor.compare import compare
from advisor.render import print_table, to_markdown

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
UPDATE = bool(os.environ.get("ADVISOR_UPDATE_GOLDEN"))
WIDTH = 120


def _round(value):
    """Floats to 6 decimals (what a reviewer reads in a diff); everything else as is. Rounded to 9 decimals first,
    so a value that is exactly half-way in decimal (402.6667675) does not round up or down with its last binary
    digit."""
    if isinstance(value, float):
        return round(round(value, 9), 6)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


@pytest.fixture(scope="module")
def comparisons(prices):
    return {p.stem: compare(str(p.relative_to(ROOT)), prices=prices) for p in EXAMPLES}


def _check(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with ADVISOR_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed; review, then ADVISOR_UPDATE_GOLDEN=1"


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_golden_json(example, comparisons, monkeypatch):
    monkeypatch.chdir(ROOT)
    data = _round(comparisons[example].to_dict())
    data.pop("advisor_version")
    _check(HERE / "golden" / f"{example}.json", json.dumps(data, indent=1, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_golden_table_and_markdown(example, comparisons):
    buf = io.StringIO()
    print_table(comparisons[example], Console(file=buf, width=WIDTH, color_system=None, force_terminal=False,
                                              legacy_windows=False))
    _check(HERE / "golden" / f"{example}.table.txt", buf.getvalue())
    _check(HERE / "golden" / f"{example}.md", to_markdown(comparisons[example]))


def test_web_app_hand_checked(comparisons):
    c = comparisons["web-app"]
    # 2 tasks x 0.25 vCPU x 730 h x $0.04048 + 2 x 0.5 GB x 730 h x $0.004445
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445))
    # EKS: 512 MiB + 256 -> 1 GB pods, plus the $73 control plane, plus the cluster's 2 CoreDNS pods on Fargate
    # (100m / 70Mi + 256 MiB -> 0.25 vCPU / 0.5 GB each)
    assert c.estimate("eks-fargate").monthly_cost == pytest.approx(
        2 * 730 * (0.25 * 0.04048 + 1 * 0.004445) + 730 * 0.10 + 2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445))
    coredns = [ln for ln in c.estimate("eks-fargate").lines if ln.name.startswith("CoreDNS pods")]
    assert [(ln.resource, ln.quantity, ln.service) for ln in coredns] == [("vcpu", 365.0, None), ("memory", 730.0, None)]
    # Fargate Spot: base 1 on FARGATE, the second task split 1:3 -> FARGATE_SPOT, at the bundled Spot rates
    spot = c.estimate("ecs-fargate-spot")
    assert spot.strategies[0].tasks == {"FARGATE": 1.0, "FARGATE_SPOT": 1.0}
    spot_rate = [ln.unit_price for ln in spot.lines if ln.purchase_option == "spot" and ln.resource == "vcpu"][0]
    assert spot.monthly_cost == pytest.approx(730 * (0.25 * 0.04048 + 0.5 * 0.004445)
                                              + 730 * 0.25 * spot_rate
                                              + sum(ln.monthly_cost for ln in spot.lines
                                                    if ln.purchase_option == "spot" and ln.resource == "memory"))


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_shown_lines_add_up_to_the_shown_total(example, comparisons):
    """In the table, the Markdown and the report, a platform's lines as shown add up to its total as shown (they were
    1 to 5 cents off on most examples, each line rounded on its own)."""
    from advisor.render.html import _line_table
    from advisor.render.text import grouped_lines
    from advisor.units import cents, money

    c = comparisons[example]
    for est in [*c.estimates, *([c.declared.estimate] if c.declared is not None else [])]:
        if not est.lines:
            continue
        shown = [row[4] for row in grouped_lines(est)]
        assert money(sum(float(s.replace("$", "").replace(",", "")) for s in shown)) == money(est.monthly_cost), \
            (example, est.platform)
        rows = _line_table(est)["rows"]
        assert cents(sum(r["shown_cost"] for r in rows)) == cents(est.monthly_cost), (example, est.platform)
        assert all(abs(r["shown_cost"] - r["monthly_cost"]) < 0.01 + 1e-9 for r in rows)


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_json_shown_figures_are_the_table_s(example, comparisons):
    """Each platform's ``shown`` figures in the JSON are the summary table's to the cent, and its total is the sum
    of its shown parts (microservices' EKS on EC2 is an exact $887.005: 887.0049999999999 in the JSON rounded to
    887.00 by a program, $887.01 in the table; ``shown`` says 887.01); a platform without a total has none there."""
    import json

    from advisor.render import to_json
    from advisor.render.text import summary_rows
    from advisor.units import money

    c = comparisons[example]
    data = {p["platform"]: p for p in json.loads(to_json(c))["platforms"]}
    for row in summary_rows(c):
        platform = row[0].rsplit("(", 1)[1].rstrip(")")
        shown = data[platform]["shown"]
        assert (money(shown["monthly_cost"]), money(shown["operations_cost"]), money(shown["monthly_tco"])) == row[1:4]
        if shown["monthly_tco"] is not None:
            assert shown["monthly_tco"] == pytest.approx(shown["monthly_cost"] + shown["operations_cost"], abs=1e-9)
        for value in shown.values():  # written as cents, without binary tails (2674.2799999999997)
            assert value is None or len(repr(value).split(".")[-1]) <= 2
    if example == "microservices":
        assert data["eks-ec2"]["shown"]["monthly_cost"] == 887.01


def test_csv_lines_say_whether_their_platform_is_complete(comparisons):
    """arm-windows-mix: ECS on EC2 cannot run the Windows service, so its CSV lines are a partial sum: every line of
    it says platform_complete False, and every line of a complete platform True."""
    import csv
    import io

    from advisor.render import to_csv

    c = comparisons["arm-windows-mix"]
    rows = list(csv.DictReader(io.StringIO(to_csv(c))))
    for est in c.estimates:
        mine = {r["platform_complete"] for r in rows if r["platform"] == est.platform}
        assert mine <= {str(est.complete)}, est.platform
    assert not c.estimate("ecs-ec2").complete and c.estimate("ecs-fargate").complete


def test_json_shown_total_has_no_binary_tail():
    """microservices in eu-west-1 with Kubernetes experience 'none': EKS on Fargate $1,074.43 + $1,600.00 of
    operations; the shown total would read 2674.4300000000003 in the JSON (two cents amounts added in binary floating
    point); it is written 2674.43."""
    import json

    import yaml

    from advisor.compare import compare
    from advisor.render import to_json

    data = yaml.safe_load((ROOT / "examples" / "microservices.yaml").read_text())
    c = compare({**data, "team": {"kubernetes_experience": "none"}}, region="eu-west-1", platforms=["eks-fargate"])
    shown = json.loads(to_json(c))["platforms"][0]["shown"]
    assert repr(shown["monthly_tco"]) == "2674.43" and shown["monthly_cost"] == 1074.43
