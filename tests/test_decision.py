"""The ECS-vs-EKS decision: constraints, operations effort, TCO ranking, crossovers."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from advisor.api import with_replicas_factor
from advisor.cli import app
from advisor.compare import compare
from advisor.compare.sweep import DEFAULT_FACTORS, contested, parse_scale, spot_sensitivity, sweep
from advisor.errors import AdvisorError
from advisor.workload import parse_workload

FARGATE_ONLY = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]


def wl(services=None, **top):
    return parse_workload({"name": "d", "services": services or [{"name": "web", "cpu": 0.5, "memory": 1024,
                                                                   "replicas": 3}], **top})


def test_portability_rules_out_ecs(prices):
    c = compare(wl(requirements={"portability": True}), prices=prices, platforms=FARGATE_ONLY)
    assert c.recommendation.platform == "eks-fargate"
    for p in ("ecs-fargate", "ecs-fargate-spot"):
        est = c.estimate(p)
        assert not est.feasible and "portability" in est.excluded[0]
    assert any(f.kind == "constraint" for f in c.recommendation.findings)


def test_gpus_rule_out_fargate_and_daemonsets_do_not(prices):
    # DaemonSets run as sidecars on Fargate (tests/test_real_pricing.py prices them): no platform is ruled out
    w = wl(daemonsets=[{"name": "fluent-bit", "cpu": 0.1, "memory": 128}])
    c = compare(w, prices=prices, platforms=FARGATE_ONLY + ["ecs-ec2"])
    assert not any(c.estimate(p).excluded for p in FARGATE_ONLY) and c.recommendation.platform is not None
    g = wl([{"name": "ml", "cpu": 4, "memory": "16 GB", "replicas": 1, "gpus": 1}])
    with pytest.raises(AdvisorError, match="ml needs GPUs, which Fargate does not offer"):
        compare(g, prices=prices, platforms=FARGATE_ONLY + ["eks-ec2"])


def test_windows_rules_out_eks_fargate(prices):
    w = wl([{"name": "win", "cpu": 1, "memory": "2 GB", "os": "windows", "replicas": 2}])
    c = compare(w, prices=prices, platforms=FARGATE_ONLY)
    assert "Linux pods only" in c.estimate("eks-fargate").unsupported[0].reason
    assert c.recommendation.platform in ("ecs-fargate", "ecs-fargate-spot")


def test_contradictory_requirements_exit_2(prices, tmp_path):
    with pytest.raises(AdvisorError, match="rule out every platform"):
        compare(wl(requirements={"portability": True}), prices=prices, platforms=["ecs-fargate"])
    p = tmp_path / "w.yaml"
    p.write_text("name: x\nrequirements: {portability: true, exclude_platforms: [eks-ec2, eks-fargate, eks-auto-mode]}\n"
                 "services: [{name: a, cpu: 0.5, memory: 1024}]\n")
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "rule out every platform" in r.output
    p.write_text("name: x\nrequirements: {portabilty: true}\nservices: [{name: a, cpu: 0.5, memory: 1024}]\n")
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "Did you mean 'portability'?" in r.output
    p.write_text("name: x\nrequirements: {exclude_platforms: [ecs-fargat]}\nservices: [{name: a, cpu: 0.5, memory: 1024}]\n")
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "ecs-fargate" in r.output


def test_operations_effort_is_labelled_and_scales_with_experience(prices):
    none = compare(wl(team={"kubernetes_experience": "none"}), prices=prices, platforms=FARGATE_ONLY)
    expert = compare(wl(team={"size": 12, "kubernetes_experience": "expert"}), prices=prices, platforms=FARGATE_ONLY)
    default = compare(wl(), prices=prices, platforms=FARGATE_ONLY)  # 'expert', as ECS's default
    assert default.estimate("eks-fargate").operations_cost == pytest.approx(8 * 1.0 * 100)
    eks_none, eks_expert = none.estimate("eks-fargate"), expert.estimate("eks-fargate")
    assert all("assumption" in li.name and li.estimate for li in eks_none.operations)
    assert eks_none.operations_cost == pytest.approx(2 * eks_expert.operations_cost)  # x2.0 vs x1.0
    assert eks_none.operations_cost == pytest.approx(8 * 2.0 * 100)
    off = compare(wl(operations={"include": False}), prices=prices, platforms=FARGATE_ONLY)
    assert all(e.operations_cost == 0 for e in off.estimates)
    assert off.ranked()[0].monthly_tco == pytest.approx(off.ranked()[0].monthly_cost)


def test_the_operations_column_says_when_no_effort_is_counted(prices):
    """With operations.include: false every platform's Ops column read $0.00 beside the caption "operations effort,
    engineer-hours x rate (assumptions)", as if no platform needed any (the sweep's heading already said
    "infrastructure only: operations.include is false"). The table, Markdown and report now say why it is $0.00."""
    import re
    from io import StringIO

    from rich.console import Console

    from advisor.render.html import render_report
    from advisor.render.text import print_table, to_markdown

    def render_table(c):
        out = StringIO()
        print_table(c, Console(file=out, width=200, no_color=True))
        return " ".join(out.getvalue().split())

    said = ("operations.include is false, so no operations effort is counted ($0.00) and the platforms rank on "
            "infrastructure alone")
    off = compare(wl(operations={"include": False}), prices=prices, platforms=FARGATE_ONLY)
    on = compare(wl(), prices=prices, platforms=FARGATE_ONLY)
    assert [e.operations_cost for e in off.estimates] == [0, 0, 0]
    assert [e.operations_cost for e in on.estimates] == [200, 200, 800]  # 2 h, 2 h, 8 h x 1 ('expert'), $100/h
    md = to_markdown(off)
    assert "| ECS on Fargate (ecs-fargate) | $54.06 | $0.00 | $54.06 |" in md  # 3 x 730 h x (0.5 x 0.04048 + 0.004445)
    assert ("\\* Operations: engineer effort per month, priced from the workload's team/operations assumptions. "
            + said + ".") in md
    assert said not in to_markdown(on)
    assert "* Ops: operations effort, engineer-hours x rate (assumptions); " + said in render_table(off)
    assert said not in render_table(on)
    html = render_report(off, prices=prices)
    assert re.search(r"<p class=\"small\">Operations: operations\.include is false, so no operations effort is counted "
                     r"\(\$0\.00\)", html)
    assert "operations.include is false" not in render_report(on, prices=prices)


def test_team_size_gives_the_share_of_the_teams_time(prices):
    """Reported: team.size was read but changed nothing (only a sentence quoted it). The recommendation says what
    share of the team's working time the recommended platform's operations effort takes, at 160 h per engineer a
    month: EKS on Fargate (portability rules ECS out) needs 8 h x 2.0 ('none') = 16 engineer-hours a month, 10% of a
    team of one, 0.1% of a team of 100."""
    shares = {}
    for size in (1, 100):
        c = compare(wl(requirements={"portability": True}, team={"size": size, "kubernetes_experience": "none"}),
                    prices=prices, platforms=FARGATE_ONLY)
        f = next(f for f in c.recommendation.findings if f.kind == "team")
        assert (f.data["platform"], f.data["engineer_hours"], f.data["team_size"]) == ("eks-fargate", 16, size)
        shares[size] = f.data["team_time_share"]
        assert "EKS on Fargate's 16 engineer-hours a month are" in f.text and f"a team of {size} (160 h" in f.text
    assert shares == {1: pytest.approx(16 / 160), 100: pytest.approx(16 / 16000)}
    c = compare(wl(requirements={"portability": True}, team={"size": 1, "kubernetes_experience": "none"}), prices=prices,
                platforms=FARGATE_ONLY)
    assert "are 10% of the working time of a team of 1" in next(
        f.text for f in c.recommendation.findings if f.kind == "team")


def test_existing_cluster_has_no_marginal_fee(prices):
    c = compare(wl(eks={"existing_cluster": True}), prices=prices, platforms=["eks-fargate"])
    est = c.estimate("eks-fargate")
    assert not [li for li in est.lines if li.category == "control_plane"]
    assert any("existing EKS cluster" in n for n in est.notes)


def test_every_reason_carries_its_numbers(prices):
    c = compare(wl(), prices=prices, platforms=FARGATE_ONLY)
    d = c.to_dict()["recommendation"]
    assert d["reasons"] and len(d["reasons"]) == len(d["findings"])
    cheapest = next(f for f in d["findings"] if f["kind"] == "cheapest")
    best = c.estimate(d["platform"])
    assert cheapest["data"]["monthly_tco"] == pytest.approx(best.monthly_tco)
    assert f"${best.monthly_cost:,.2f}" in cheapest["text"]
    runner = next(f for f in d["findings"] if f["kind"] == "saving_vs_runner_up")
    assert runner["data"]["saving"] == pytest.approx(
        c.estimate(runner["data"]["runner_up"]).monthly_tco - best.monthly_tco)


def test_replicas_factor_multiplies_average():
    w = wl([{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 4},
            {"name": "b", "cpu": 0.5, "memory": 1024, "scaling": {"min": 2, "max": 10, "average": 5}}])
    s = with_replicas_factor(w, 1.5)
    assert [x.desired for x in s.services] == [6.0, 7.5]
    assert s.services[0].replicas == 6 and s.services[0].scaling is None  # a whole count stays a fixed count
    assert s.services[1].scaling.min == 3 and s.services[1].scaling.max == 15


def test_fargate_sweep_equals_direct_pricing(prices):
    # Fargate points are exact arithmetic on the same unit prices: pricing the scaled workload directly gives
    # the same figure at every factor (ECS on Fargate and EKS on Fargate, whole and fractional task counts).
    w = wl([{"name": "api", "cpu": 1, "memory": "2 GB", "replicas": 2},
            {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 3, "deployments_per_month": 20}],
           operations={"include": False})
    c = compare(w, prices=prices, platforms=["ecs-fargate", "eks-fargate"])
    curve = sweep(c.estimates, c.workload, [0.5, 1, 1.5, 4, 8])
    assert [x.to_platform for x in curve.crossovers] == []  # ECS on Fargate stays cheaper: no crossover
    for f in (0.5, 1.5, 4, 8):
        direct = compare(with_replicas_factor(w, f), prices=prices, platforms=["ecs-fargate", "eks-fargate"])
        for p in ("ecs-fargate", "eks-fargate"):
            assert curve.cost(p, f) == pytest.approx(direct.estimate(p).monthly_tco, abs=0.005)


def test_sweep_at_one_equals_compare_and_is_monotone(prices):
    for path in ("examples/microservices.yaml", "examples/with-shared-costs.yaml", "examples/seed-comparison.yaml"):
        c = compare(path, prices=prices)
        for est in c.estimates:
            if est.feasible:
                assert c.scaling.cost(est.platform, 1.0) == est.monthly_tco
                costs = [c.scaling.cost(est.platform, f) for f in DEFAULT_FACTORS]
                assert all(b >= a - 1e-6 for a, b in zip(costs, costs[1:])), (path, est.platform, costs)


def test_spot_curve_has_no_jump_at_one(prices):
    # The reported fault: 0.99x, 1x, 1.01x gave 696.75, 777.42, 731.02 (integer split at 1x only).
    c = compare("examples/microservices.yaml", prices=prices, platforms=["ecs-fargate-spot"])
    a, b, d = (sweep(c.estimates, c.workload, [f]).cost("ecs-fargate-spot", f, "monthly_cost") for f in (0.99, 1.0, 1.01))
    assert a <= b <= d and d - a < 0.03 * b


def test_no_jump_at_one_with_a_savings_plan(prices):
    # The reported fault: examples/with-shared-costs.yaml (a Compute Savings Plan with coverage_percent) gave EKS on
    # Fargate $356.38 / $353.96 / $358.74 at 0.99x / 1x / 1.01x: at 1x the plan covered CoreDNS's Fargate pods too,
    # elsewhere the sweep passed only the scaled usage to the commitment. Every Fargate curve is continuous at 1x.
    c = compare("examples/with-shared-costs.yaml", prices=prices,
                platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate"])
    grid = [0.99, 0.999, 1.0, 1.001, 1.01]
    curve = sweep(c.estimates, c.workload, grid, value="monthly_cost")
    for est in c.estimates:
        costs = [curve.cost(est.platform, f) for f in grid]
        assert costs[2] == est.monthly_cost
        assert all(a <= b for a, b in zip(costs, costs[1:])), (est.platform, costs)
        assert costs[3] - costs[1] < 0.002 * costs[2], (est.platform, costs)  # no step at 1x
    eks = [curve.cost("eks-fargate", f) for f in grid]
    assert eks[0] == pytest.approx(352.78, abs=0.01) and eks[4] == pytest.approx(355.14, abs=0.01)


def test_crossover_between_fargate_and_ec2_is_real(prices):
    # ECS on Fargate vs EKS on EC2: the EKS control plane ($73) and two minimum nodes make EKS on EC2 dearer
    # for a tiny workload; node packing makes it cheaper at scale. Each crossover found must be confirmed by
    # pricing the workload directly at its two neighbouring factors.
    w = wl([{"name": "web", "cpu": 1, "memory": "2 GB", "replicas": 2}], operations={"include": False})
    plats = ["ecs-fargate", "eks-ec2"]
    c = compare(w, prices=prices, platforms=plats)
    curve = sweep(c.estimates, c.workload, [0.5, 1, 2, 5, 10, 20, 40])
    assert curve.crossovers, "expected EKS on EC2 to overtake ECS on Fargate somewhere between 0.5x and 40x"
    for x in curve.crossovers:
        lo = compare(with_replicas_factor(w, x.factor_low), prices=prices, platforms=plats, scaling=False)
        hi = compare(with_replicas_factor(w, x.factor_high), prices=prices, platforms=plats, scaling=False)
        assert lo.recommendation.platform == x.from_platform
        assert hi.recommendation.platform == x.to_platform


def _diverse(n: int) -> list[dict]:
    # every service its own size (the shape that made each pack slow: 100 of them took 66 s to compare)
    return [{"name": f"s{i}", "cpu": round(0.1 + 0.37 * i % 4, 2), "memory": 128 + (733 * i) % 8000,
             "replicas": 1 + i % 5} for i in range(n)]


def test_a_platform_swept_alone_is_never_packed_again(prices):
    # Nothing is contested with one platform: the sweep must not run the packer at any factor (it did at 11).
    w = wl(_diverse(12), operations={"include": False})
    for platform in ("eks-ec2", "ecs-ec2"):
        c = compare(w, prices=prices, platforms=[platform])
        fleet = c.estimate(platform).scale.fleet

        def refuse(counts, platform=platform):
            raise AssertionError(f"{platform}: packed again at {counts}")
        fleet.pack_counts = refuse
        fleet.pack_counts_many = refuse
        for curve in (c.scaling, sweep(c.estimates, c.workload, DEFAULT_FACTORS)):
            assert fleet.exact == {}
            assert {p.method for p in curve.points} == {"priced", "scaled_lp"}


def test_only_contested_ec2_points_are_packed(prices):
    # The sweep packs an EC2 point again only where another platform is within CONTESTED_SHARE of its estimate.
    w = wl([{"name": "web", "cpu": 1, "memory": "2 GB", "replicas": 2}], operations={"include": False})
    c = compare(w, prices=prices, platforms=["ecs-fargate", "eks-ec2", "ecs-ec2"])
    fleets = {e.platform: e.scale.fleet for e in c.estimates if e.scale.fleet is not None}
    real = {p: f.pack_counts for p, f in fleets.items()}
    for f in fleets.values():  # the estimates alone: no packing at all
        f.exact.clear()
        f.pack_counts = None
    plain = sweep(c.estimates, c.workload, DEFAULT_FACTORS)
    # the least each estimate can be: its LP lower bound in place of the estimated fleet
    low = {(p, f): plain.cost(p, f) - fleet.slack(f) for p, fleet in fleets.items() for f in DEFAULT_FACTORS}
    assert all(low[k] <= plain.cost(*k) + 1e-9 for k in low) and any(low[k] < plain.cost(*k) - 1 for k in low)
    real_many = {p: f.pack_counts_many for p, f in fleets.items()}
    packs = []
    for p, f in fleets.items():
        f.pack_counts = lambda counts, p=p: packs.append(p) or real[p](counts)
        f.pack_counts_many = lambda counts_list, p=p: packs.extend([p] * len(counts_list)) or real_many[p](counts_list)
    curve = sweep(c.estimates, c.workload, DEFAULT_FACTORS)
    expected = []
    for p in fleets:
        for f in DEFAULT_FACTORS:
            others = [plain.cost(o.platform, f) for o in c.estimates if o.platform != p]
            want = f != 1.0 and contested(plain.cost(p, f), others, low=low[(p, f)])
            method = next(x.method for x in curve.points if x.platform == p and x.factor == f)
            assert (method == "packed") == want, (p, f, method)
            expected += [p] * want
    assert packs and sorted(packs) == sorted(expected)


def test_contested_is_symmetric_and_needs_a_contender():
    assert not contested(100.0, [])
    assert contested(100.0, [110.0]) and contested(110.0, [100.0])
    assert not contested(100.0, [120.0]) and not contested(120.0, [100.0])
    # an estimate far above the others is still contested when its lower bound is within the share of the cheapest
    assert contested(120.0, [100.0], low=110.0) and not contested(120.0, [100.0], low=116.0)
    assert not contested(80.0, [100.0], low=70.0)  # far cheaper than every other: it leads whatever it packs to


def test_a_small_fleet_estimated_high_is_packed_where_it_could_lead(prices):
    # Two services (an arm64 0.3 vCPU / 3 GB and 5 x 1 vCPU / 2 GB), operations left out: at 7.5x EKS on EC2's
    # estimate (today's packed/bound ratio on a 2-node fleet) was 15% above ECS on Fargate, so it was not packed,
    # and the sweep named ECS on Fargate the cheapest where packing EKS on EC2 at that size is cheaper.
    w = wl([{"name": "s0", "cpu": 0.3, "memory": 3072, "replicas": 2, "spot": False, "architecture": "arm64"},
            {"name": "s1", "cpu": 1, "memory": 2048, "replicas": 5, "spot": False}], operations={"include": False})
    c = compare(w, prices=prices)
    direct = compare(with_replicas_factor(w, 7.5), prices=prices, scaling=False)
    leader = min((e for e in direct.estimates if e.feasible), key=lambda e: e.monthly_tco)
    at = {p.platform: p for p in c.scaling.points if p.factor == 7.5 and p.feasible}
    assert min(at, key=lambda p: at[p].monthly_tco) == leader.platform == "eks-ec2"
    assert at["eks-ec2"].method == "packed"
    assert at["eks-ec2"].monthly_tco == pytest.approx(leader.monthly_tco, abs=0.005)


def test_parse_scale_and_errors():
    f = parse_scale("0.5:20", 10)
    assert f[0] == pytest.approx(0.5) and f[-1] == pytest.approx(20) and 1.0 in f
    for bad in ("20:0.5", "x", "0:5", "1e-300:1e-299", "1e-9:1e9", "nan:2", "1:inf"):
        with pytest.raises(AdvisorError):
            parse_scale(bad)


def test_spot_sensitivity_grid(prices):
    w = wl([{"name": "a", "cpu": 1, "memory": "2 GB", "replicas": 4},
            {"name": "db", "cpu": 1, "memory": "2 GB", "replicas": 1, "spot": False}])
    c = compare(w, prices=prices, platforms=["ecs-fargate"])
    rows = spot_sensitivity(c.estimate("ecs-fargate"), c.workload, [0, 0.5, 1], [0.7])
    full = next(r["monthly_cost"] for r in rows if r["spot_share"] == 0)
    assert min(r["saving"] for r in rows) == 0
    # only the spot-tolerant service (4 of 5 tasks) can save: at share 1 and 70% discount, saving = 0.7 x 4/5
    assert next(r["saving"] for r in rows if r["spot_share"] == 1) == pytest.approx(full * 0.7 * 4 / 5)


def test_sweep_cli_formats(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("name: x\nservices: [{name: a, cpu: 0.5, memory: 1024, replicas: 2}]\n")
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "1:4", "--points", "3", "-p", "ecs-fargate",
                                 "-p", "eks-fargate", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == ("factor,platform,monthly_cost,operations_cost,monthly_tco,feasible,method,"
                                        "estimate,reason")
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "4:1"])
    assert r.exit_code == 2 and "LOW <= HIGH" in r.output
    r = CliRunner().invoke(app, ["sweep", str(p), "--spot"])  # used to end in a NameError traceback
    assert r.exit_code == 0 and "share" in r.output and "70% off" in r.output


def test_a_resolved_tie_is_not_a_crossover():
    # at 0.25x ecs-fargate and ecs-fargate-spot cost the same; at 0.5x Spot is cheaper: Spot was already (jointly)
    # the cheapest, so no "ECS on Fargate becomes the cheapest below 0.25x" crossover
    from advisor.compare.sweep import SweepPoint, crossovers

    pts = [SweepPoint(0.25, "ecs-fargate", 10.0, 0, 10.0, True, "scaled"),
           SweepPoint(0.25, "ecs-fargate-spot", 10.0, 0, 10.0, True, "scaled"),
           SweepPoint(0.5, "ecs-fargate", 20.0, 0, 20.0, True, "scaled"),
           SweepPoint(0.5, "ecs-fargate-spot", 15.0, 0, 15.0, True, "scaled")]
    assert crossovers(pts) == []
    pts[1] = SweepPoint(0.25, "ecs-fargate-spot", 10.5, 0, 10.5, True, "scaled")  # a real change of leader
    assert [(c.from_platform, c.to_platform) for c in crossovers(pts)] == [("ecs-fargate", "ecs-fargate-spot")]


def test_a_gpu_service_says_gpu_services_are_not_priced(tmp_path):
    """kubernetes/examples AI/vllm-deployment (1 nvidia.com/gpu): every platform is ruled out. The message says GPU
    services cannot be priced yet (not "change a service's gpus"), and EKS on Fargate cites the EKS User Guide."""
    p = tmp_path / "g.yaml"
    p.write_text("name: g\nservices:\n  - {name: vllm, cpu: 2, memory: 10 GiB, gpus: 1}\n")
    r = CliRunner().invoke(app, ["compare", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "advisor cannot price GPU services yet" in out
    assert "eks-fargate: vllm needs GPUs, which Fargate does not offer (Amazon EKS User Guide, 'AWS Fargate " \
           "considerations')" in out
    assert "ecs-fargate: vllm needs GPUs, which Fargate does not offer (Amazon ECS Developer Guide" in out


def test_a_platform_lacking_one_rate_makes_the_ranking_partial(prices):
    # sa-east-1 has no Fargate ephemeral-storage rate in the bundled data: a service asking for 40 GiB leaves the
    # Fargate platforms unpriced though they run every service. The winner used to be called "the cheapest platform
    # that runs every service" with nothing saying that cheaper platforms were left unranked.
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3},
            {"name": "ingest", "cpu": 0.5, "memory": 1024, "replicas": 2, "ephemeral_storage_gib": 40}],
           region="sa-east-1")
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-fargate-spot", "ecs-ec2"])
    assert not c.estimate("ecs-fargate").complete and c.recommendation.platform == "ecs-ec2"
    head, partial = c.recommendation.findings[0], c.recommendation.findings[1]
    assert "cheapest of the platforms that could be priced" in head.text
    assert partial.kind == "partial_ranking" and partial.data["platforms"] == ["ecs-fargate", "ecs-fargate-spot"]
    assert "Fargate ephemeral storage rate for sa-east-1" in partial.text and "could be cheaper" in partial.text
    # the platforms' own "not ranked" lines quote what is missing rather than pointing at notes
    excluded = [f.text for f in c.recommendation.findings if f.kind == "excluded"]
    assert excluded and all("Fargate ephemeral storage rate" in t and "see its notes" not in t for t in excluded)
    # a complete comparison keeps the plain wording
    full = compare(wl(region="sa-east-1"), prices=prices, platforms=["ecs-fargate", "ecs-ec2"])
    assert "the cheapest platform that runs every service" in full.recommendation.findings[0].text
    assert not any(f.kind == "partial_ranking" for f in full.recommendation.findings)


def test_an_unpriced_managed_platform_quotes_what_is_missing(prices):
    # It used to say "see its notes" (the notes were empty) and name the fee command even when the fees were there
    # and an instance price was what was missing.
    c = compare(wl(), prices=prices, platforms=["ecs-ec2", "ecs-managed-instances"])
    est = c.estimate("ecs-managed-instances")
    [f] = [f for f in c.recommendation.findings if f.kind == "managed_not_priced"]
    assert est.missing_prices[0].rstrip(".") in f.text and "see its notes" not in f.text
    [ex] = [f for f in c.recommendation.findings if f.kind == "excluded"]
    assert ex.text == "ECS Managed Instances was not ranked: price data is missing (quoted above)."


# --- scale points beyond the limits the workload file enforces (5,000 tasks per service; EKS 150,000 pods) ---

W5K = "name: t\nservices: [{name: web, cpu: 0.5, memory: 1024, replicas: 5000}]\n"


def test_sweep_point_beyond_tasks_per_service_is_not_feasible(tmp_path):
    # the reporter's w5k.yaml: 'sweep --scale 2' priced 10,000 tasks in one ECS service as feasible (ECS on Fargate
    # $180,400.50), though the loader and with_replicas_factor refuse more than 5,000 tasks per service
    p = tmp_path / "w5k.yaml"
    p.write_text(W5K)
    with pytest.raises(AdvisorError):
        with_replicas_factor(str(p), 2)
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "2", "-p", "ecs-fargate,eks-ec2", "-f", "csv"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["platform"] for row in rows] == ["ecs-fargate", "eks-ec2"]
    for row in rows:
        assert row["monthly_cost"] == row["monthly_tco"] == "" and row["feasible"] == "False"
        assert row["method"] == "over_limit"
        assert row["reason"].startswith("web would run 10,000 tasks/pods at 2x, more than the 5,000 per service")
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "1000", "-p", "ecs-fargate", "-f", "json"])
    point = json.loads(r.stdout)["points"][0]
    assert (point["feasible"], point["monthly_tco"], point["method"]) == (False, None, "over_limit")
    assert "5,000,000 tasks/pods at 1000x" in point["reason"]
    r = CliRunner().invoke(app, ["sweep", str(p), "-p", "ecs-fargate,eks-ec2"])
    assert "  1.5x          n/a          n/a" in r.stdout
    assert "n/a beyond 1x for ecs-fargate, eks-ec2: web would run more than 5,000 tasks/pods beyond 1x" in r.stdout
    assert "no crossover: the cheapest platform is the same from 0.25x to 1x" in r.stdout


def test_compare_finding_range_stops_at_the_last_feasible_factor(tmp_path, prices):
    # compare w5k.yaml said "ECS on Fargate + Fargate Spot stays the cheapest from 0.25x to 20x today's replicas"
    p = tmp_path / "w5k.yaml"
    p.write_text(W5K)
    c = compare(str(p), platforms=["ecs-fargate", "eks-fargate"], prices=prices)
    texts = [f.text for f in c.recommendation.findings]
    assert "ECS on Fargate stays the cheapest from 0.25x to 1x today's replicas." in texts
    assert any(t.startswith("No platform can run the workload beyond 1x today's replicas: web would run more than "
                            "5,000 tasks/pods beyond 1x") for t in texts)
    assert [p.factor for p in c.scaling.points if p.feasible] == [0.25] * 2 + [0.5] * 2 + [0.75] * 2 + [1.0] * 2
    # at 1x the sweep is still compare's estimate, to the cent
    assert c.scaling.cost("ecs-fargate", 1.0) == c.estimate("ecs-fargate").monthly_tco


def test_eks_sweep_stops_at_pods_per_cluster_and_ecs_goes_on(prices):
    # 40 services of 1,000 pods: at 5x each service runs 5,000 (allowed) but the cluster 200,000 pods, more than the
    # 150,000 Kubernetes supports: EKS is not feasible there, ECS (no cluster-wide task quota) is
    w = parse_workload({"name": "c40", "services": [{"name": f"s{i}", "cpu": 0.25, "memory": 512, "replicas": 1000}
                                                    for i in range(40)]})
    c = compare(w, platforms=["ecs-fargate", "eks-fargate"], prices=prices, scaling=False)
    s = sweep(c.estimates, c.workload, [3, 5, 7.5])
    by = {(p.platform, p.factor): p for p in s.points}
    assert by[("eks-fargate", 3.0)].feasible and by[("ecs-fargate", 5.0)].feasible
    assert not by[("eks-fargate", 5.0)].feasible and by[("eks-fargate", 5.0)].monthly_tco is None
    assert by[("eks-fargate", 5.0)].reason.startswith("the services would run 200,000 pods at 5x, more than the "
                                                      "150,000 pods")
    assert not by[("ecs-fargate", 7.5)].feasible and "s0 would run 7,500 tasks/pods" in by[("ecs-fargate", 7.5)].reason


BIG4 = {"name": "big", "operations": {"include": False}, "requirements": {"exclude_platforms": ["ecs-fargate-spot"]},
        "services": [{"name": f"s{i}", "cpu": 0.25, "memory": 512, "replicas": 1000} for i in range(40)]}


def test_a_limit_is_not_a_cost_crossover(prices):
    # the reporter's big4.yaml: compare said "ECS on Fargate becomes the cheapest above about 5x today's replicas
    # (between 3x and 5x ...)" and sweep printed "crossover ... eks-ec2 -> ecs-fargate"; EKS on EC2 stays cheaper on
    # cost and only drops out beyond 3.75x (40 x 3,751 = 150,040 pods), where ECS on Fargate takes over
    c = compare(parse_workload(BIG4), platforms=["ecs-fargate", "eks-ec2"], prices=prices)
    assert c.recommendation.platform == "eks-ec2"
    assert c.scaling.crossovers == []
    [h] = c.scaling.handovers
    assert (h.factor_low, h.factor_high, h.from_platform, h.to_platform, h.limit_factor) == (
        3.0, 5.0, "eks-ec2", "ecs-fargate", 3.75)
    texts = [f.text for f in c.recommendation.findings]
    assert not any("becomes the cheapest" in t for t in texts)
    assert ("EKS on EC2 nodes cannot run the workload beyond about 3.75x today's replicas (150,000 pods per cluster): "
            "ECS on Fargate is then the cheapest that can.") in texts
    assert any(t.startswith("EKS on EC2 nodes stays the cheapest from 0.25x to 3.75x today's replicas.") for t in texts)
    assert any(t.startswith("EKS on EC2 nodes cannot run the workload beyond 3.75x today's replicas: the services "
                            "would run more than 150,000 pods beyond 3.75x") for t in texts)
    assert any(t.startswith("ECS on Fargate cannot run the workload beyond 5x today's replicas: s0 would run more "
                            "than 5,000 tasks/pods beyond 5x") for t in texts)


def test_sweep_cli_says_the_limit_not_a_crossover(tmp_path):
    p = tmp_path / "big4.json"
    p.write_text(json.dumps(BIG4))
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "1:5", "--points", "9", "-p", "ecs-fargate,eks-ec2"])
    assert r.exit_code == 0, r.output
    assert "crossover between" not in r.stdout
    assert ("limit between 3.3437x and 4.08883x: eks-ec2 cannot run the workload beyond 3.75x (150,000 pods per "
            "cluster); ecs-fargate is then the cheapest that can") in r.stdout
    assert "no cost crossover: the cheapest platform changes only where it reaches a limit" in r.stdout
    assert "n/a beyond 3.75x for eks-ec2: the services would run more than 150,000 pods beyond 3.75x" in r.stdout
    data = json.loads(CliRunner().invoke(app, ["sweep", str(p), "--scale", "1:5", "--points", "9", "-p",
                                               "ecs-fargate,eks-ec2", "-f", "json"]).stdout)
    assert data["crossovers"] == [] and [h["limit_factor"] for h in data["handovers"]] == [3.75]


@pytest.mark.parametrize("peaks", [[1000] * 40, [3, 7], [1], [4999, 1, 1], [777, 333, 1234, 5000, 17] * 20,
                                   [5000] * 30, [2500] * 59 + [1]])
def test_limit_factor_is_where_ceil_first_exceeds(peaks):
    # the precise factor: every ceil(peak x f) within the limit at f, and past it just above f
    import math
    from fractions import Fraction

    from advisor.compare.sweep import limit_factors
    w = parse_workload({"name": "l", "services": [{"name": f"s{i}", "cpu": 0.25, "memory": 512, "replicas": n}
                                                  for i, n in enumerate(peaks)]})
    bounds = limit_factors(w)
    f = Fraction(bounds["service"][0]).limit_denominator(10**7)
    assert max(math.ceil(n * f) for n in peaks) <= 5000 < max(math.ceil(n * f * (1 + Fraction(1, 10**9))) for n in peaks)
    f = Fraction(bounds["cluster"][0]).limit_denominator(10**7)
    assert sum(math.ceil(n * f) for n in peaks) <= 150000 < sum(math.ceil(n * (f + Fraction(1, 10**9))) for n in peaks)


IDLE_GPU = "name: g\nservices:\n  - {name: g, cpu: 1, memory: 2048, replicas: 0, gpus: 1}\n"
IDLE_TWO = "name: z\nservices:\n  - {name: a, cpu: 1, memory: 2048, replicas: 0}\n  - {name: b, cpu: 1, memory: 2048, replicas: 0}\n"


def test_idle_gpu_service_rules_no_platform_out(tmp_path):
    # docs/workload-format.md: a 0-replica service "rules no platform out"; its only service {replicas: 0, gpus: 1}
    # made compare and strategy recommend exit 2 ("rule out every platform") while nodes pack exited 0
    gz, zz = tmp_path / "gz.yaml", tmp_path / "zz.yaml"
    gz.write_text(IDLE_GPU)
    zz.write_text(IDLE_TWO)
    note = ("Nothing runs: its only service, g, has 0 replicas and no autoscaling above 0, so no task or pod runs and "
            "each platform costs only what it costs with nothing running")
    runner = CliRunner()
    for args in (["compare", str(gz), "-f", "json"], ["strategy", "recommend", str(gz)], ["nodes", "pack", str(gz)],
                 ["sweep", str(gz), "--scale", "2"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0, (args, r.output)
        assert "rule out every platform" not in r.output and "not placed" not in r.output
        if args[0] != "sweep":
            assert note in r.stdout.replace("\n", " ") or note in json.dumps(json.loads(r.stdout)), args
    # the same as a workload whose every service has 0 replicas and no GPU (compare exits 0 for it)
    a, b = (json.loads(runner.invoke(app, ["compare", str(p), "-f", "json"]).stdout) for p in (gz, zz))
    totals = lambda d: {e["platform"]: e["monthly_cost"] for e in d["platforms"]}  # noqa: E731
    assert totals(a) == totals(b) and a["recommendation"]["platform"] == "ecs-fargate"
    assert round(totals(a)["eks-ec2"], 2) == 151.13 and totals(a)["ecs-fargate"] == 0.0
    out = runner.invoke(app, ["compare", str(zz)]).stdout.replace("\n", " ")
    assert "Nothing runs: every one of its 2 services has 0 replicas" in out


def test_a_workload_that_runs_nothing_gets_no_capacity_provider_strategy(tmp_path):
    """Reported: 'strategy recommend' of a workload whose only service has 0 replicas listed it with a strategy
    ("FARGATE base 1: 1 task(s) stay on FARGATE ..." then "Of 0 task(s): 0 on FARGATE") and compare's Fargate Spot
    estimate carried it with the note "Recommended strategy for the other services". Nothing runs: no strategy."""
    zz = tmp_path / "zz.yaml"
    zz.write_text(IDLE_TWO)
    runner = CliRunner()
    r = runner.invoke(app, ["strategy", "recommend", str(zz)])
    assert r.exit_code == 0, r.output
    out = r.stdout.replace("\n", " ")
    assert "capacityProvider" not in out and "task(s) stay on FARGATE" not in out and "Of 0 task(s)" not in out
    assert out.startswith("Total expected saving versus all on-demand: $0.00/month, as 'advisor compare' shows it.")
    assert "Nothing runs: every one of its 2 services has 0 replicas" in out
    d = json.loads(runner.invoke(app, ["strategy", "recommend", str(zz), "-f", "json"]).stdout)
    assert (d["services"], d["not_priced"], d["monthly_saving"]) == ([], [], 0)
    c = json.loads(runner.invoke(app, ["compare", str(zz), "-f", "json"]).stdout)
    [spot] = [e for e in c["platforms"] if e["platform"] == "ecs-fargate-spot"]
    assert spot["strategies"] == [] and spot["monthly_cost"] == 0.0
    assert not any("Recommended strategy" in n for n in spot["notes"])


def test_a_workload_that_runs_nothing_is_priced_alike_on_both_fargate_platforms(tmp_path):
    """Reported: the only service of a workload, 64 vCPU with 0 replicas, made ECS on Fargate and EKS on Fargate
    "not ranked: cannot run some services" (no Fargate size holds 64 vCPU) although a service that runs no task
    rules no platform out, and ECS on Fargate listed it with lines of 0 vCPU-hours. Nothing runs: each Fargate
    platform costs what it costs with nothing running (EKS: the control plane $73.00 and two CoreDNS pods, $18.02)."""
    big = tmp_path / "big.yaml"
    big.write_text("name: big\nservices:\n  - {name: a, cpu: 64, memory: 2048, replicas: 0}\n")
    d = json.loads(CliRunner().invoke(app, ["compare", str(big), "-f", "json"]).stdout)
    by = {e["platform"]: e for e in d["platforms"]}
    for p in ("ecs-fargate", "ecs-fargate-spot", "eks-fargate"):
        assert by[p]["status"] == "ok" and by[p]["feasible"], (p, by[p]["status"])
        assert not [li for li in by[p]["lines"] if li["service"] == "a"], p
    assert by["ecs-fargate"]["monthly_cost"] == 0.0 and by["ecs-fargate-spot"]["monthly_cost"] == 0.0
    assert by["eks-fargate"]["shown"]["monthly_cost"] == 91.02  # 73.00 + 14.78 + 3.24 (CoreDNS, apportioned)
    assert d["recommendation"]["platform"] == "ecs-fargate"


@pytest.mark.parametrize("replicas, text", [
    # ECS on Fargate at 1 vCPU / 2 GB against an EKS on EC2 fleet, infrastructure only (us-east-1, bundled prices):
    # at 20 replicas Fargate is cheaper at 1x and 2x, EKS on EC2 at 3x; at 80, EKS is cheaper at 1x and 0.75x,
    # Fargate at 0.5x. The finding used to say "EKS on EC2 nodes becomes the cheapest above about 3x today's replicas
    # (between 2x and 3x ...)": the crossover is somewhere between the two factors, and 3x is where it is cheapest.
    (20, "EKS on EC2 nodes becomes the cheapest somewhere between 2x and 3x today's replicas: it is the cheapest at "
         "3x (web would run about 60 task(s) there)."),
    (80, "ECS on Fargate becomes the cheapest as replicas fall somewhere between 0.75x and 0.5x today's replicas: it "
         "is the cheapest at 0.5x (web would run about 40 task(s) there)."),
])
def test_a_crossover_finding_says_it_lies_between_two_factors(prices, replicas, text):
    w = parse_workload({"name": "x", "operations": {"include": False},
                        "services": [{"name": "web", "cpu": 1, "memory": 2048, "replicas": replicas}]})
    c = compare(w, platforms=["ecs-fargate", "eks-ec2"], prices=prices)
    [found] = [f.text for f in c.recommendation.findings if f.kind == "crossover"]
    assert found.startswith(text)


def test_equal_costs_rank_in_platform_order_whatever_order_platform_lists(tmp_path):
    """Every service spot: false: ECS on Fargate + Fargate Spot costs what ECS on Fargate costs. With
    ``-p ecs-fargate-spot,ecs-fargate`` the Spot platform was recommended and listed first, while the tie finding said
    advisor lists "ECS Fargate, Fargate Spot, ECS on EC2, EKS on EC2, EKS on Fargate" (five of the seven platforms)
    when costs are equal. The order named is now the one applied (``advisor.platforms.PLATFORMS``), in the
    recommendation, the table, JSON, Markdown, the report and the scaling sweep."""
    from advisor.platforms import PLATFORM_LABELS, PLATFORMS

    path = tmp_path / "tie.json"
    path.write_text(json.dumps({"name": "tie", "region": "us-east-1", "services": [
        {"name": "a", "cpu": 1, "memory": 2048, "replicas": 2, "spot": False}]}))
    for chosen in (["ecs-fargate-spot", "ecs-fargate"], ["ecs-fargate", "ecs-fargate-spot"]):
        c = compare(path, platforms=chosen)
        assert c.recommendation.platform == "ecs-fargate"
        assert [e.platform for e in c.ranked()] == ["ecs-fargate", "ecs-fargate-spot"]
        [tie] = [f for f in c.recommendation.findings if f.kind == "saving_vs_runner_up"]
        assert tie.text.startswith("It ties with ECS on Fargate + Fargate Spot ($272.08); advisor lists platforms of "
                                   "equal cost in the order " + ", ".join(PLATFORM_LABELS[p] for p in PLATFORMS))
        assert not [f for f in c.recommendation.findings if f.kind == "crossover"]
    args = ["compare", str(path), "-p", "ecs-fargate-spot,ecs-fargate", "-f"]
    assert json.loads(CliRunner().invoke(app, args + ["json"]).output)["recommendation"]["platform"] == "ecs-fargate"
    out = CliRunner().invoke(app, args + ["markdown"]).output
    assert out.index("| ECS on Fargate (ecs-fargate)") < out.index("| ECS on Fargate + Fargate Spot")


def test_a_tie_today_does_not_make_the_first_platform_the_cheapest_at_every_scale(tmp_path, prices):
    # Bank of Anthos (GoogleCloudPlatform/bank-of-anthos kubernetes-manifests/, one replica per Deployment): ECS on
    # Fargate and ECS on Fargate + Fargate Spot tie at 1x (the FARGATE base of 1 keeps each one task on-demand), and
    # compare said "ECS on Fargate stays the cheapest from 0.25x to 20x today's replicas" although Spot costs less at
    # every factor above 1x. One 0.25 vCPU / 0.5 GB task in us-east-1: on-demand 0.25 x 730 x $0.04048 + 0.5 x 730 x
    # $0.004445 = $9.010025 a task-month, Spot 0.25 x 730 x $0.0128887 + 0.5 x 730 x $0.00141527 = $2.8687613. At
    # 1.5x (1.5 tasks: 1 on FARGATE, 0.5 on FARGATE_SPOT) ECS on Fargate is $13.5150375, Spot $10.44441: shown $13.52 and $10.44, $3.08 less.
    p = tmp_path / "one.yaml"
    p.write_text("name: one\nservices:\n  - {name: web, cpu: 0.25, memory: 512, replicas: 1}\n")
    c = compare(str(p), platforms=["ecs-fargate", "ecs-fargate-spot"], prices=prices)
    assert c.recommendation.platform == "ecs-fargate"
    assert c.scaling.cost("ecs-fargate", 1.5, "monthly_cost") == pytest.approx(13.5150375)
    assert c.scaling.cost("ecs-fargate-spot", 1.5, "monthly_cost") == pytest.approx(10.44441, abs=1e-5)
    (f,) = [f for f in c.recommendation.findings if f.kind == "no_crossover"]
    assert f.text == ("ECS on Fargate is the cheapest, or tied for it, only from 0.25x to 1x today's replicas; it "
                      "costs more above 1x (at 1.5x: ECS on Fargate + Fargate Spot costs $3.08 a month less). ECS on "
                      "Fargate + Fargate Spot, which costs the same today, stays the cheapest from 0.25x to 20x.")
    assert (f.data["cheapest_from"], f.data["cheapest_to"], f.data["cheapest_over_the_range"]) == \
        (0.25, 1.0, ["ecs-fargate-spot"])
    assert "stays the cheapest from 0.25x to 20x" not in " ".join(x.text for x in c.recommendation.findings
                                                                   if "ECS on Fargate stays" in x.text)
