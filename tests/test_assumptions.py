"""The defaults that can tilt the ranking (advisor.compare.assumptions): listed with their value, basis and whether the
workload set them, in every output; deployment surge said alike on every EC2 platform.

Reported: "some defaults bias the answer". On examples/web-app.yaml (2 tasks of 0.25 vCPU / 512 MiB, us-east-1)
EKS on EC2 nodes cost $2,351.13 a month, $2,200 of it operations (8 h cluster + 3 h nodes, x2 for Kubernetes
experience 'none', at $100), against ECS on EC2's $579.73 ($500: 2 h + 3 h, not scaled): the same team was assumed to
know ECS and not Kubernetes, without the output saying that the Kubernetes level was a default or that ECS had one.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.compare.assumptions import decision_assumptions, ec2_surge_note
from advisor.render.data import to_json
from advisor.render.text import ASSUMPTIONS_HEAD, to_markdown
from advisor.workload import parse_workload

ROOT = Path(__file__).resolve().parents[1]
WEB_APP = yaml.safe_load((ROOT / "examples" / "web-app.yaml").read_text())
PRICED = ["ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate"]


def web_app(**fields):
    return {**WEB_APP, **fields}


def totals(c):
    return {e.platform: (round(e.monthly_cost, 2), round(e.operations_cost, 2), round(e.monthly_tco, 2))
            for e in c.estimates}


def by_field(c):
    return {a.field: a for a in c.assumptions}


def test_web_app_defaults_are_listed_as_defaults_with_the_same_experience_on_both_sides():
    """The defaults were Kubernetes 'none' (x2) against ECS 'expert' (x1): a team assumed to know ECS and not
    Kubernetes, which put $2,200 of operations on EKS on EC2 nodes against $500 on ECS on EC2. Both now default to
    'expert' (x1), the effort figures as made: EKS on EC2 $2,351.13 -> $1,251.13, EKS on Fargate $1,712.28 -> $912.28,
    the ECS platforms unchanged."""
    c = compare(web_app(), platforms=PRICED, scaling=False)
    assert totals(c) == {
        "ecs-fargate": (18.02, 200.0, 218.02), "ecs-fargate-spot": (11.88, 200.0, 211.88),
        "ecs-ec2": (79.73, 500.0, 579.73), "eks-ec2": (151.13, 1100.0, 1251.13),
        "eks-fargate": (112.28, 800.0, 912.28)}
    a = by_field(c)
    assert list(a) == ["operations.engineer_cost_per_hour", "operations.*_hours_per_month",
                       "team.kubernetes_experience, team.ecs_experience", "fargate_spot", "ec2.spot",
                       "ec2.headroom_percent", "ec2.min_nodes", "ec2.vm_memory_overhead_percent", "data transfer"]
    assert not any(x.given for x in c.assumptions)  # web-app.yaml sets none of them
    skill = a["team.kubernetes_experience, team.ecs_experience"]
    assert skill.value == "Kubernetes 'expert' (EKS hours x1), ECS 'expert' (ECS hours x1)"
    assert "The same level for both, so neither orchestrator is favoured" in skill.effect
    tilted = by_field(compare(web_app(team={"kubernetes_experience": "none"}), platforms=PRICED, scaling=False))
    assert "the same team is assumed to know one orchestrator better than the other" in tilted[
        "team.kubernetes_experience, team.ecs_experience"].effect
    assert skill.platforms == ["ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate"]
    assert a["operations.engineer_cost_per_hour"].value == "$100.00 per engineer-hour"
    assert a["ec2.min_nodes"].platforms == ["ecs-ec2", "eks-ec2"]
    assert a["ec2.spot"].value == "On-Demand nodes only" and "Fargate Spot" in a["ec2.spot"].effect
    assert "Karpenter's default" in a["ec2.vm_memory_overhead_percent"].basis


def test_setting_the_experience_levels_changes_the_totals_the_list_names():
    """On web-app: Kubernetes 'none' doubles the EKS operations ($1,251.13 -> $2,351.13 on EKS on EC2,
    $912.28 -> $1,712.28 on EKS on Fargate); ECS 'none' doubles the ECS ones ($579.73 -> $1,079.73 on ECS on EC2,
    $218.02 -> $418.02 on ECS on Fargate); 'some' for both scales each side by 1.3."""
    k8s = compare(web_app(team={"kubernetes_experience": "none"}), platforms=PRICED, scaling=False)
    assert totals(k8s)["eks-ec2"] == (151.13, 2200.0, 2351.13)
    assert totals(k8s)["eks-fargate"] == (112.28, 1600.0, 1712.28)
    assert totals(k8s)["ecs-ec2"] == (79.73, 500.0, 579.73)
    assert by_field(k8s)["team.kubernetes_experience, team.ecs_experience"].given
    ecs = compare(web_app(team={"ecs_experience": "none"}), platforms=PRICED, scaling=False)
    assert totals(ecs)["ecs-ec2"] == (79.73, 1000.0, 1079.73)
    assert totals(ecs)["ecs-fargate"] == (18.02, 400.0, 418.02)
    assert totals(ecs)["eks-ec2"] == (151.13, 1100.0, 1251.13)
    even = compare(web_app(team={"kubernetes_experience": "some", "ecs_experience": "some"}), platforms=PRICED,
                   scaling=False)
    assert {p: t[1] for p, t in totals(even).items()} == {
        "ecs-fargate": 260.0, "ecs-fargate-spot": 260.0, "ecs-ec2": 650.0, "eks-ec2": 1430.0, "eks-fargate": 1040.0}
    skill = by_field(even)["team.kubernetes_experience, team.ecs_experience"]
    assert skill.value == "Kubernetes 'some' (EKS hours x1.3), ECS 'some' (ECS hours x1.3)"
    assert "differ" not in skill.effect
    team = next(f for f in even.recommendation.findings if f.kind == "team")
    assert "Kubernetes experience 'some' (x1.3) scaling the EKS effort and ECS experience 'some' (x1.3)" in team.text
    assert team.data["ecs_experience"] == "some"


def test_a_set_value_is_marked_as_given_and_off_operations_drop_their_entries():
    w = parse_workload(web_app(operations={"engineer_cost_per_hour": 150}, ec2={"min_nodes": 3}))
    a = {x.field: x for x in decision_assumptions(w, PRICED)}
    assert a["operations.engineer_cost_per_hour"].given and a["operations.engineer_cost_per_hour"].value == \
        "$150.00 per engineer-hour"
    assert a["ec2.min_nodes"].given and a["ec2.min_nodes"].value == "at least 3 node(s)"
    assert not a["ec2.headroom_percent"].given
    off = parse_workload(web_app(operations={"include": False}))
    fields = [x.field for x in decision_assumptions(off, PRICED)]
    assert not any(f.startswith(("operations", "team")) for f in fields)
    # only what applies to the platforms compared
    assert [x.field for x in decision_assumptions(w, ["ecs-fargate"])] == [
        "operations.engineer_cost_per_hour", "operations.*_hours_per_month",
        "team.kubernetes_experience, team.ecs_experience", "data transfer"]


def test_deployment_surge_is_said_alike_on_every_ec2_platform():
    """web-app with 30 deployments a month (15 minutes, 100/200): ECS on Fargate prices 2 surge tasks x 0.25 h x 30 =
    15 task-hours ($18.02 -> $18.21), EKS on Fargate 1 pod (maxSurge 25% of 2, rounded up) x 7.5 h; the EC2 fleets are
    unchanged ($79.73, $151.13) and each says why, by its orchestrator's rule."""
    svc = {**WEB_APP["services"][0], "deployments_per_month": 30}
    c = compare(web_app(services=[svc]), platforms=PRICED, scaling=False)
    t = totals(c)
    assert (t["ecs-fargate"][0], t["ecs-ec2"][0], t["eks-ec2"][0]) == (18.21, 79.73, 151.13)
    notes = {e.platform: [n for n in e.notes if n.startswith("Deployment surge is not priced")] for e in c.estimates}
    assert notes["ecs-fargate"] == notes["eks-fargate"] == []
    assert "15 task-hours a month in all; at most 2 task(s) of web-server at once, 0.5 vCPU / 1024 MiB" in \
        notes["ecs-ec2"][0]
    assert "100% task slots used" in notes["ecs-ec2"][0]
    assert "7.5 pod-hours a month in all; at most 1 pod(s) of web-server at once, 0.25 vCPU / 512 MiB" in \
        notes["eks-ec2"][0]
    surge = by_field(c)["services[].deployments_per_month"]
    assert surge.given and surge.value == ("deployment surge priced on ecs-fargate, ecs-fargate-spot, eks-fargate; "
                                           "not on ecs-ec2, eks-ec2")
    plain = compare(web_app(), platforms=["ecs-ec2"], scaling=False)
    assert ec2_surge_note(plain.workload, plain.estimate("ecs-ec2")) is None
    assert "services[].deployments_per_month" not in by_field(plain)


def test_every_output_shows_the_list(tmp_path):
    c = compare(web_app(), platforms=PRICED, scaling=False)
    d = json.loads(to_json(c))
    assert [x["field"] for x in d["assumptions"]] == [a.field for a in c.assumptions]
    first = d["assumptions"][0]
    assert set(first) == {"field", "value", "platforms", "basis", "given", "effect", "text", "data"}
    md = to_markdown(c)
    assert ASSUMPTIONS_HEAD in md
    assert "- team.kubernetes\\_experience, team.ecs\\_experience: Kubernetes 'expert'" in md  # escaped for Markdown
    assert "Kubernetes 'expert' (EKS hours x1), ECS 'expert' (ECS hours x1) (default;" in md
    p = tmp_path / "w.yaml"
    p.write_text(yaml.safe_dump(web_app()))
    r = CliRunner().invoke(app, ["compare", str(p), "-p", "ecs-fargate,eks-fargate"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "assumed: team.kubernetes_experience, team.ecs_experience: Kubernetes 'expert'" in r.output
    from advisor.render.html import render_report

    html = render_report(c)
    assert 'id="decision-assumptions"' in html and "ECS &#39;expert&#39; (ECS hours x1)" in html


def test_advisor_own_basis_is_explained_once_and_the_factors_are_in_the_entry(tmp_path):
    """Reported: on a one-service workload the list repeated "advisor's assumption, no AWS figure or survey" in six
    entries and wrote the experience factors as a parenthesis inside the basis ("(default; advisor's assumption, no
    AWS figure or survey (factors none x2, some x1.3, expert x1))"). The heading now says once what "advisor's
    assumption" means; the factors are in the entry's effect, from EXPERIENCE_FACTOR."""
    c = compare(web_app(), platforms=PRICED, scaling=False)
    own = [a.field for a in c.assumptions if a.basis.startswith("advisor's assumption")]
    assert own == ["operations.engineer_cost_per_hour", "operations.*_hours_per_month",
                   "team.kubernetes_experience, team.ecs_experience", "ec2.spot", "ec2.headroom_percent",
                   "ec2.min_nodes"]
    assert not any("survey" in a.text for a in c.assumptions)
    assert "\"advisor's assumption\": no AWS figure or survey gives it" in ASSUMPTIONS_HEAD
    skill = by_field(c)["team.kubernetes_experience, team.ecs_experience"]
    assert skill.basis == "advisor's assumption"
    assert skill.effect == ("The same level for both, so neither orchestrator is favoured. Set both in the team "
                            "section: none x2, some x1.3, expert x1.")
    assert skill.text == ("team.kubernetes_experience, team.ecs_experience: Kubernetes 'expert' (EKS hours x1), ECS "
                          "'expert' (ECS hours x1) (default; advisor's assumption). " + skill.effect)
    from advisor.render.html import render_report

    assert "“advisor's assumption”: no AWS figure or survey gives it" in render_report(c).replace("&#39;", "'")


def test_ec2_spot_entry_names_the_fleets_compared():
    """It said "ECS and EKS on EC2 are priced On-Demand" when only EKS on EC2 nodes was compared."""
    one = by_field(compare(web_app(), platforms=["ecs-fargate", "eks-ec2"], scaling=False))["ec2.spot"]
    assert one.effect == ("EKS on EC2 nodes is priced On-Demand; set ec2.spot: true (and ec2.max_interruption) to price "
                          "Spot nodes too.")
    both = by_field(compare(web_app(), platforms=PRICED, scaling=False))["ec2.spot"]
    assert both.effect.startswith("ECS on EC2 and EKS on EC2 nodes are priced On-Demand while ECS on Fargate + Fargate "
                                  "Spot runs the same spot: true services partly on Spot;")


def test_the_table_indents_each_entry_under_its_label_at_80_and_200_columns(tmp_path):
    """A wrapped finding or assumption ran on from the terminal's left edge, so at 80 columns the ten entries of
    web-app read as one block; each now hangs under its label."""
    p = tmp_path / "w.yaml"
    p.write_text(yaml.safe_dump(web_app()))
    for width in (80, 200):
        r = CliRunner().invoke(app, ["compare", str(p), "-p", ",".join(PRICED)], env={"COLUMNS": str(width)})
        assert r.exit_code == 0, r.output
        lines = r.output.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("Recommendation:"))
        end = next(i for i, line in enumerate(lines) if line.startswith("ECS on Fargate (ecs-fargate)"))
        block = lines[start + 1:end]
        head = [i for i, line in enumerate(block) if not line.startswith("  ")]
        assert [block[i] for i in head][0].startswith("Defaults that can tilt the ranking")  # the heading alone
        assert all(len(line) <= width for line in block)
        assert not any(line.endswith(" ") for line in block)
        entries = [line for line in block[head[-1] + 1:] if line.startswith("  assumed: ")]
        assert len(entries) == 9  # one label per entry; its other lines are indented under it
        assert all(line.startswith("  assumed: ") or line.startswith(" " * 4) and line[4] != " "
                   for line in block[head[-1] + 1:])
        findings = block[:head[0]]
        assert all(line.startswith("  • ") or line.startswith(" " * 4) for line in findings)
        notes = [line for line in lines[end:] if line.startswith("  note: ")]
        assert notes and all(not line.startswith("  ") or line.startswith(("    ", "  note: ", "  Operations: ", "│",
                                                                              "  no price data"))
                             for line in lines[end:] if not line.startswith(("┃", "│", "┏", "┡", "└")))
    assert len(block) < 40  # at 200 columns


def test_notebook_02_break_even_figures():
    """notebooks/02 said the operations effort kept EKS behind "for this team (... no Kubernetes experience, the default
    assumptions)" and then tried Kubernetes experts, which is now the default: the same sweep twice. It now sweeps
    the default (both 'expert') and a team with Kubernetes 'none'; the break-evens its text gives: ECS on Fargate to
    EKS on EC2 nodes between 7.7x and 12.1x, and between 12.1x and 19.0x with 'none'."""
    import advisor

    w = advisor.load(ROOT / "examples" / "microservices.yaml")
    for team, low, high in ((None, 7.66, 12.08), ({"size": 3, "kubernetes_experience": "none"}, 12.08, 19.03)):
        x = advisor.scenario(w, team=team) if team else w
        cross = advisor.crossovers_frame(advisor.sweep_frame(x, "0.5:30", platforms=["ecs-fargate", "eks-ec2"],
                                                             points=10))
        assert [(r["from"], r["to"], round(r["factor_low"], 2), round(r["factor_high"], 2))
                for r in cross.to_dict("records")] == [("ecs-fargate", "eks-ec2", low, high)]
    text = (ROOT / "notebooks" / "02-break-even-and-spot.ipynb").read_text()
    assert "between 7.7x and 12.1x" in text and "12.1x and 19.0x" in text
    assert '\\"kubernetes_experience\\": \\"none\\"' in text and '\\"kubernetes_experience\\": \\"expert\\"' not in text


def test_schema_gives_the_experience_factors():
    """The schema's descriptions sent each level to the other for its factors ("with the factors of ecs_experience",
    "with the same factors") and neither gave them."""
    from advisor.costing.operations import EXPERIENCE_FACTOR
    from advisor.workload.model import Team

    factors = ", ".join(f"{k} x{v:g}" for k, v in EXPERIENCE_FACTOR.items())
    assert factors == "none x2, some x1.3, expert x1"
    for name in ("kubernetes_experience", "ecs_experience"):
        f = Team.model_fields[name]
        assert f.default == "expert" and factors in f.description, (name, f.description)


def test_compare_json_gives_each_status_in_words():
    """compare's JSON had the machine status alone ('no price data', 'incomplete') where the table, Markdown, report
    and sweep say 'not priced: no price data' and 'not ranked: cannot run every service'."""
    c = compare(web_app(), scaling=False)
    words = {p["platform"]: (p["status"], p["status_text"]) for p in json.loads(to_json(c))["platforms"]}
    assert words["ecs-fargate"] == ("ok", "ok")
    assert words["eks-auto-mode"] == ("no price data", "not priced: no price data")
    mix = compare(yaml.safe_load((ROOT / "examples" / "arm-windows-mix.yaml").read_text()), scaling=False)
    words = {p["platform"]: (p["status"], p["status_text"]) for p in json.loads(to_json(mix))["platforms"]}
    assert words["eks-fargate"] == ("incomplete", "not ranked: cannot run every service")
    import advisor

    declared = json.loads(to_json(advisor.price(
        ROOT / "tests/fixtures/iac/cloudformation/ecs_refarch/services/website-service/service.yaml")))["declared"]
    assert (declared["status"], declared["status_text"]) == ("as declared (partial)", "as declared (partial)")
