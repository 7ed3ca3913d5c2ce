import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.costing import ESTIMATORS
from advisor.costing.ec2 import ebs_rate
from advisor.errors import PriceDataError
from advisor.pricing.book import default_pricebook
from advisor.workload import parse_workload

runner = CliRunner()


def _w(**kw):
    d = {"name": "t", "region": "us-east-1",
         "services": [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 4, "architecture": "arm64"},
                      {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 3}],
         "ec2": {"allowed_families": ["m7g", "c7g", "m6i", "c6i"]}}
    d.update(kw)
    return parse_workload(d)


def test_registered():
    assert "ecs-ec2" in ESTIMATORS and "eks-ec2" in ESTIMATORS


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2"])
def test_estimate_lines(platform):
    est = ESTIMATORS[platform](_w(), default_pricebook())
    assert est.complete
    names = [line.name for line in est.lines]
    assert any(n.startswith("Instance usage (on-demand, ") for n in names)
    assert any(n.startswith("EBS root volume (gp3") for n in names)
    assert ("EKS control plane (standard support)" in names) == (platform == "eks-ec2")
    inst = [line for line in est.lines if line.unit == "instance-hours"]
    assert sum(line.quantity for line in inst) == pytest.approx(est.fleet.node_count * 730)
    assert est.fleet.lower_bound_monthly <= sum(line.monthly_cost for line in inst) + 1e-6
    assert set(est.fleet.utilisation) == {"cpu", "memory_mib", "slots"}
    assert all(line.instance_type and line.resource == "instance" for line in inst)
    assert any("lower bound" in n for n in est.notes)


def test_ebs_gp3_known_and_missing():
    r = ebs_rate(default_pricebook(), "us-east-1")
    assert r.usd == 0.08 and r.as_of and r.source
    with pytest.raises(PriceDataError, match="ebs_rates"):
        ebs_rate(default_pricebook(), "mx-central-1")


def test_spot_lines_flagged():
    w = _w(ec2={"allowed_families": ["m7g", "c7g", "m6i", "c6i"], "spot": True, "max_interruption": ">20%"})
    est = ESTIMATORS["eks-ec2"](w, default_pricebook())
    spot_lines = [line for line in est.lines if "Spot" in line.name]
    assert spot_lines and all(line.estimate for line in spot_lines)
    assert any("estimate" in n for n in est.notes)


def test_windows_unsupported():
    w = _w(services=[{"name": "win", "cpu": 1, "memory": 2048, "os": "windows"}])
    est = ESTIMATORS["ecs-ec2"](w, default_pricebook())
    assert not est.complete and est.unsupported[0].service == "win"


def test_missing_region_prices_reported():
    est = ESTIMATORS["ecs-ec2"](_w(region="mx-central-1"), default_pricebook())
    assert any("ebs_rates" in m for m in est.missing_prices)


def test_compare_includes_ec2():
    c = compare(_w(), platforms=["ecs-ec2", "eks-ec2"])
    assert {e.platform for e in c.estimates} == {"ecs-ec2", "eks-ec2"}


def test_unknown_ec2_key_rejected():
    from advisor.errors import WorkloadError

    with pytest.raises(WorkloadError, match="headroom_percent"):
        _w(ec2={"headroom_pct": 10})


def test_cli_capacity_json():
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "m5.large", "--platform", "eks-ec2", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert '"max_pods": 29' in r.output


def test_cli_capacity_ecs():
    # ECS guide: an m4.large (8192 MiB) registers 7985 MiB, an overhead of 207/8192 = 2.52685546875%;
    # the default VM overhead (Karpenter's 7.5%) gives 8192 - ceil(614.4) = 7577 MiB
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "m4.large", "--platform", "ecs-ec2",
                            "--vm-overhead", "2.52685546875"])
    assert r.exit_code == 0 and "registered memory: 7985 MiB" in r.output
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "m4.large", "--platform", "ecs-ec2"])
    assert r.exit_code == 0 and "registered memory: 7577 MiB" in r.output


def test_cli_unknown_instance_type():
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "m5.larg", "--platform", "eks-ec2"])
    assert r.exit_code == 2
    assert "Did you mean 'm5.large'" in r.output


def test_cli_unknown_platform():
    r = runner.invoke(app, ["nodes", "capacity", "--instance-type", "m5.large", "--platform", "eks-ec3"])
    assert r.exit_code == 2
    assert "Did you mean 'eks-ec2'" in r.output


def test_cli_pack_json(tmp_path):
    r = runner.invoke(app, ["nodes", "pack", "examples/microservices.yaml", "--platform", "ecs-ec2", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert '"lower_bound_monthly"' in r.output


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2"])
def test_one_per_node_raises_the_fleets_fewest_nodes_to_the_replicas(platform):
    # 5 replicas that must not share a node (Kubernetes required pod anti-affinity on kubernetes.io/hostname; ECS
    # distinctInstance) need 5 nodes, though 5 x 0.25 vCPU / 512 MiB (bridge mode: no ENI per task) fit on the
    # default minimum of 2
    def fleet(one_per_node: bool):
        w = parse_workload({"name": "t", "services": [{"name": "redis", "cpu": 0.25, "memory": 512, "replicas": 5,
                                                       "network_mode": "bridge", "one_per_node": one_per_node}],
                            "ec2": {"allowed_types": ["m7i.large"]}})
        return ESTIMATORS[platform](w, default_pricebook())

    apart, together = fleet(True), fleet(False)
    assert (together.fleet.node_count, apart.fleet.node_count) == (2, 5)
    # 5 x m7i.large at $0.1008 an hour (us-east-1, pricing_data/ec2_prices.csv) x 730 h = $367.92
    inst = [ln for ln in apart.lines if ln.unit == "instance-hours"]
    assert (sum(ln.quantity for ln in inst), round(sum(ln.monthly_cost for ln in inst), 6)) == (3650, 367.92)
    [note] = [n for n in apart.notes if "one_per_node" in n]
    assert "at least 5 nodes (one_per_node: each task/pod of redis on a node of its own" in note
    assert "a lower bound" in note and "the settings alone ask for 2" in note
