"""The ECS-vs-EKS decision: constraints, operations effort, TCO ranking, crossovers."""

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.compare.sweep import (
    crossovers,
    parse_scale,
    scale_workload,
    spot_sensitivity,
    sweep,
)
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


def test_daemonsets_and_gpus_rule_out_fargate(prices):
    w = wl(daemonsets=[{"name": "fluent-bit", "cpu": 0.1, "memory": 128}])
    c = compare(w, prices=prices, platforms=FARGATE_ONLY + ["ecs-ec2"])
    assert all(c.estimate(p).excluded for p in FARGATE_ONLY)
    assert "DaemonSets (fluent-bit)" in c.estimate("eks-fargate").excluded[0]
    g = wl([{"name": "ml", "cpu": 4, "memory": "16 GB", "replicas": 1, "gpus": 1}])
    with pytest.raises(AdvisorError, match="ml need GPUs, which Fargate does not offer"):
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
    p.write_text("name: x\nrequirements: {portability: true, exclude_platforms: [eks-ec2, eks-fargate]}\n"
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
    none = compare(wl(), prices=prices, platforms=FARGATE_ONLY)
    expert = compare(wl(team={"size": 12, "kubernetes_experience": "expert"}), prices=prices, platforms=FARGATE_ONLY)
    eks_none, eks_expert = none.estimate("eks-fargate"), expert.estimate("eks-fargate")
    assert all("assumption" in li.name and li.estimate for li in eks_none.operations)
    assert eks_none.operations_cost == pytest.approx(2 * eks_expert.operations_cost)  # x2.0 vs x1.0
    assert eks_none.operations_cost == pytest.approx(8 * 2.0 * 100)
    off = compare(wl(operations={"include": False}), prices=prices, platforms=FARGATE_ONLY)
    assert all(e.operations_cost == 0 for e in off.estimates)
    assert off.ranked()[0].monthly_tco == pytest.approx(off.ranked()[0].monthly_cost)


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


def test_scale_workload_multiplies_average():
    w = wl([{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 4},
            {"name": "b", "cpu": 0.5, "memory": 1024, "scaling": {"min": 2, "max": 10, "average": 5}}])
    s = scale_workload(w, 1.5)
    assert [x.desired for x in s.services] == [6.0, 7.5]
    assert s.services[1].scaling.min == 3 and s.services[1].scaling.max == 15


def test_crossover_confirmed_by_pricing_neighbours(prices):
    # Few small services: ECS Fargate is cheaper; as they scale, EKS on Fargate's fixed fee matters less but
    # its +256 MiB per pod matters more, so use operations off and compare ECS Fargate vs EKS with a big
    # memory-light service where EKS rounds the same: find a real crossover between ecs-fargate and eks-fargate.
    w = wl([{"name": "api", "cpu": 1, "memory": "2 GB", "replicas": 2}], operations={"include": False},
           requirements={"exclude_platforms": ["ecs-fargate-spot"]})
    # Make EKS cheaper per task than ECS by pricing ECS with Windows? Instead: compare ecs-fargate and eks-fargate
    # on a workload whose EKS pods round to the same size (1 vCPU / 2 GB + 256 MiB -> 1 vCPU / 3 GB): ECS always
    # cheaper, so there must be NO crossover, and the sweep agrees with direct pricing at every point.
    df = sweep(w, [0.5, 1, 2, 4, 8], ["ecs-fargate", "eks-fargate"], prices)
    assert crossovers(df) == []
    for f in (0.5, 8):
        direct = compare(scale_workload(w, f), prices=prices, platforms=["ecs-fargate", "eks-fargate"])
        row = df[(df.factor == f) & (df.platform == "ecs-fargate")].iloc[0]
        assert row.monthly_tco == pytest.approx(direct.estimate("ecs-fargate").monthly_tco)


def test_crossover_between_fargate_and_ec2_is_real(prices):
    # ECS on Fargate vs EKS on EC2: the EKS control plane ($73) and two minimum nodes make EKS on EC2 dearer
    # for a tiny workload; node packing makes it cheaper at scale. Each crossover found must be confirmed by
    # pricing its two neighbouring factors directly.
    w = wl([{"name": "web", "cpu": 1, "memory": "2 GB", "replicas": 2}], operations={"include": False})
    plats = ["ecs-fargate", "eks-ec2"]
    factors = [0.5, 1, 2, 5, 10, 20, 40]
    df = sweep(w, factors, plats, prices)
    found = crossovers(df)
    assert found, "expected EKS on EC2 to overtake ECS on Fargate somewhere between 0.5x and 40x"
    for c in found:
        lo = compare(scale_workload(w, c["factor_low"]), prices=prices, platforms=plats)
        hi = compare(scale_workload(w, c["factor_high"]), prices=prices, platforms=plats)
        assert lo.recommendation.platform == c["from"]
        assert hi.recommendation.platform == c["to"]


def test_parse_scale_and_errors():
    f = parse_scale("0.5:20", 10)
    assert f[0] == pytest.approx(0.5) and f[-1] == pytest.approx(20) and 1.0 in f
    for bad in ("20:0.5", "x", "0:5"):
        with pytest.raises(AdvisorError):
            parse_scale(bad)


def test_spot_sensitivity_grid(prices):
    w = wl([{"name": "a", "cpu": 1, "memory": "2 GB", "replicas": 4},
            {"name": "db", "cpu": 1, "memory": "2 GB", "replicas": 1, "spot": False}])
    df = spot_sensitivity(w, [0, 0.5, 1], [0.7], prices)
    full = df[df.spot_share == 0].monthly_cost.iloc[0]
    assert df.saving.min() == 0
    # only the spot-tolerant service (4 of 5 tasks) can save: at share 1 and 70% discount, saving = 0.7 x 4/5
    assert df[df.spot_share == 1].saving.iloc[0] == pytest.approx(full * 0.7 * 4 / 5)


def test_sweep_cli_formats(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("name: x\nservices: [{name: a, cpu: 0.5, memory: 1024, replicas: 2}]\n")
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "1:4", "--points", "3", "-p", "ecs-fargate",
                                 "-p", "eks-fargate", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "factor,platform,monthly_cost,operations_cost,monthly_tco,feasible"
    r = CliRunner().invoke(app, ["sweep", str(p), "--scale", "4:1"])
    assert r.exit_code == 2 and "LOW < HIGH" in r.output
