import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.costing import ESTIMATORS
from advisor.costing.ec2 import ebs_rate
from advisor.errors import PriceDataError, WorkloadError
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
    c = compare(_w(), platforms=["ecs-ec2", "eks-ec2"], scaling=False)
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
    assert "the packing keeps them apart" in note and "the settings alone ask for 2" in note


def test_a_service_kept_apart_that_a_fleet_cannot_run_does_not_size_it():
    """10 replicas kept apart, held to t3.nano, which none of them fits: the service is left out of the EC2 fleets
    (with its reason), and the fleet is what web needs -- not 10 nodes, 8 of them empty t3.nano, as the fewest nodes
    used to count it (found by a tester)."""
    w = parse_workload({"name": "t", "services": [
        {"name": "big-apart", "cpu": 4, "memory": "8 GB", "replicas": 10, "one_per_node": True,
         "instance_types": ["t3.nano"]},
        {"name": "web", "cpu": 1, "memory": "2 GB", "replicas": 2}]})
    for platform in ("ecs-ec2", "eks-ec2"):
        est = ESTIMATORS[platform](w, default_pricebook())
        assert [u.service for u in est.unsupported] == ["big-apart"]
        assert est.fleet.node_count == 2, platform
        assert not any("one_per_node: each task/pod of big-apart" in n for n in est.notes)


def test_one_per_node_replicas_are_packed_on_different_nodes():
    """3 redis tasks of 0.5 vCPU kept apart and one 1-vCPU web task, on c7a.medium (1 vCPU) or c7a.large (2 vCPU).
    The fleet used to be 3 c7a.medium ($119.59 a month): the fewest nodes were met, but with one redis per node no
    node had the 1 vCPU web needs, so two redis tasks shared a node. Web and one redis share a c7a.large ($0.10264 an
    hour, two c7a.medium's $0.05132: us-east-1, pricing_data/ec2_prices.csv), the other redis tasks take a
    c7a.medium each: $0.20528 x 730 h = $149.8544 of instances. On ECS (no CPU reserved) web fits a c7a.medium of its
    own, and the packer left 4 x c7a.medium for the same price; the tie-break after packing merges web's node and a
    redis node into the c7a.large, so the fleet has 3 root volumes of 30 GiB gp3 at $0.08 ($7.20), not 4 ($9.60).
    On EKS the kubelet reserves CPU on a c7a.medium, so the c7a.large was the only way."""
    w = parse_workload({"name": "t", "services": [
        {"name": "redis", "cpu": 0.5, "memory": 512, "replicas": 3, "network_mode": "bridge", "one_per_node": True},
        {"name": "web", "cpu": 1, "memory": 512, "replicas": 1, "network_mode": "bridge"}],
        "ec2": {"allowed_types": ["c7a.medium", "c7a.large"]}})
    ecs = ESTIMATORS["ecs-ec2"](w, default_pricebook())
    assert [(n["instance_type"], n["count"]) for n in ecs.fleet.nodes] == [("c7a.large", 1), ("c7a.medium", 2)]
    assert round(ecs.monthly_cost, 2) == round(149.8544 + 7.20, 2) == 157.05
    eks = ESTIMATORS["eks-ec2"](w, default_pricebook())
    assert [(n["instance_type"], n["count"]) for n in eks.fleet.nodes] == [("c7a.large", 1), ("c7a.medium", 2)]
    inst = [ln for ln in eks.lines if ln.unit == "instance-hours"]
    assert round(sum(ln.monthly_cost for ln in inst), 4) == 149.8544


# ------------------------------------------------------------------------ per-service instance types


def _pinned(**svc_a):
    a = {"name": "a", "cpu": 1, "memory": 2048, "replicas": 3, **svc_a}
    return parse_workload({"name": "p", "region": "us-east-1",
                           "services": [a, {"name": "b", "cpu": 0.5, "memory": 1024, "replicas": 4}]})


def _holding(plan, service: str) -> set[tuple[str, str]]:
    return {(n.instance_type, n.purchase) for n in plan.result.nodes if n.placements.get(service)}


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2"])
def test_a_service_held_to_instance_types_is_packed_on_those_only(platform):
    """Service.instance_types (an ECS memberOf placement constraint, a Kubernetes node selector): its tasks go on
    those types only, even one the pruning drops for everyone else (m6i.large costs what m5.large does with the
    same capacity, and the smaller name stays); the other service may use any candidate type."""
    from advisor.sizing.fleet import fleet_planner, plan_fleet

    prices = default_pricebook()
    free, pinned = _pinned(), _pinned(instance_types=["m6i.large"])
    assert "m6i.large" not in {nt.name for nt in fleet_planner(free, platform, prices).node_types}
    assert "m6i.large" in {nt.name for nt in fleet_planner(pinned, platform, prices).node_types}
    plan, plan_free = plan_fleet(pinned, platform, prices), plan_fleet(free, platform, prices)
    assert {t for t, _ in _holding(plan, "a")} == {"m6i.large"}
    assert _holding(plan, "b")  # placed
    # a restriction can only cost more: the free fleet is a solution of a wider problem
    assert plan.result.cost_per_hour >= plan_free.result.cost_per_hour - 1e-9
    assert plan.unsupported == []


def test_a_spot_intolerant_service_held_to_types_stays_on_demand():
    from advisor.sizing.fleet import plan_fleet

    w = _pinned(instance_types=["m6i.large", "c6i.large"], spot=False)
    w = w.model_copy(update={"ec2": w.ec2.model_copy(update={"spot": True})})
    plan = plan_fleet(w, "ecs-ec2", default_pricebook())
    held = _holding(plan, "a")
    assert held and all(t in ("m6i.large", "c6i.large") and p == "on_demand" for t, p in held)


def test_families_follow_the_default_exclusions_and_say_so():
    """instance_families [t3]: burstable types are left out by default (ec2.include), so ECS on EC2 cannot run the
    service, with the reason; Fargate still prices it. With ec2.include [burstable] it runs on t3 types."""
    w = _pinned(instance_families=["t3"])
    c = compare(w, platforms=["ecs-fargate", "ecs-ec2"], scaling=False)
    assert c.estimate("ecs-fargate").complete
    [u] = c.estimate("ecs-ec2").unsupported
    assert u.service == "a" and "instance_families [t3] leaves no x86_64 candidate type for ecs-ec2" in u.reason
    assert "ec2.include" in u.reason
    from advisor.sizing.fleet import plan_fleet

    w2 = w.model_copy(update={"ec2": w.ec2.model_copy(update={"include": ["burstable"]})})
    held = _holding(plan_fleet(w2, "ecs-ec2", default_pricebook()), "a")
    assert held and all(t.startswith("t3.") for t, _ in held)


CATALOGUE = "(table ec2_instance_types: 1,364 types, confirmed up to 2026-08-02)"
FIX = ("Correct each name: a type is family.size (m7g.large), a family the type name before the dot (m7g, c6i, r7i). "
       "If one is a real type newer than the catalogue, refresh it with 'advisor pricing refresh --region us-east-1 "
       "--tables ec2' (AWS credentials) and run again.")


def test_an_unknown_instance_type_of_a_service_is_refused_naming_the_service():
    # before: ECS on EC2 was "not ranked" (cannot run a) and compare still recommended a platform, exit 0
    with pytest.raises(WorkloadError) as err:
        compare(_pinned(instance_types=["m9z.large"]), platforms=["ecs-ec2"], scaling=False)
    assert str(err.value) == (
        f"1 EC2 instance name is not in advisor's instance catalogue {CATALOGUE}:\n"
        "  services[0] (a).instance_types: 'm9z.large' is not an EC2 instance type. Did you mean 'm9g.large'?\n" + FIX)
    assert err.value.exit_code == 2


# Reported by a new user: a family zz9 in ec2.allowed_families, a typo m5.lrage and a family m99 on services made
# ECS and EKS on EC2 "not ranked" with a did-you-mean, and compare still printed a recommendation, exit 0.
REPORTED = {"name": "t", "region": "us-east-1", "ec2": {"allowed_families": ["zz9"]}, "services": [
    {"name": "a", "cpu": 1, "memory": 2048, "replicas": 2, "instance_types": ["m5.lrage"]},
    {"name": "b", "cpu": 1, "memory": 2048, "replicas": 2, "instance_families": ["m99"]},
    {"name": "c", "cpu": 0.5, "memory": 1024, "replicas": 2}]}
REPORTED_MESSAGE = (
    f"3 EC2 instance names are not in advisor's instance catalogue {CATALOGUE}:\n"
    "  ec2.allowed_families: 'zz9' is not an EC2 instance family.\n"
    "  services[0] (a).instance_types: 'm5.lrage' is not an EC2 instance type. Did you mean 'm5.large'?\n"
    "  services[1] (b).instance_families: 'm99' is not an EC2 instance family. Did you mean 'm9g'?\n" + FIX)


def test_every_unknown_instance_name_of_the_workload_is_named_at_once_through_the_api():
    """Each unknown name is named with its field at once (before, the fleet named the first, so a user who fixed it
    met the next), and the comparison is refused: no recommendation over platforms that could not read the file."""
    import advisor

    with pytest.raises(WorkloadError) as err:
        compare(parse_workload(REPORTED), scaling=False)
    assert str(err.value) == REPORTED_MESSAGE
    with pytest.raises(WorkloadError) as err:
        advisor.price(REPORTED)
    assert str(err.value) == REPORTED_MESSAGE


def test_every_unknown_instance_name_is_refused_by_compare_with_exit_code_2(tmp_path):
    import json

    f = tmp_path / "w.json"
    f.write_text(json.dumps(REPORTED))
    r = runner.invoke(app, ["compare", str(f)])
    assert r.exit_code == 2
    assert r.stdout == "" and " ".join(REPORTED_MESSAGE.split()) in " ".join(r.output.split())
    # any EC2 platform reads the names, so any one of them refuses them
    for p in ("eks-ec2", "ecs-managed-instances", "eks-auto-mode"):
        assert runner.invoke(app, ["compare", str(f), "-p", p]).exit_code == 2
    # the Fargate platforms do not read them: a Fargate-only comparison prices the file
    r = runner.invoke(app, ["compare", str(f), "-p", "ecs-fargate", "-p", "eks-fargate", "--format", "json"])
    assert r.exit_code == 0
    assert {e["platform"] for e in json.loads(r.stdout)["platforms"]} == {"ecs-fargate", "eks-fargate"}


def test_nodes_pack_refuses_unknown_instance_names(tmp_path):
    import json

    f = tmp_path / "w.json"
    f.write_text(json.dumps(REPORTED))
    r = runner.invoke(app, ["nodes", "pack", str(f), "--platform", "ecs-ec2"])
    assert r.exit_code == 2 and "services[0] (a).instance_types: 'm5.lrage'" in r.output


def test_the_managed_platforms_and_daemonsets_instance_names_are_checked_too():
    from advisor.sizing.fleet import unknown_instance_names

    w = parse_workload({"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 2048}],
                        "ecs_managed_instances": {"instance_requirements": {"excluded_types": ["m5.lrage", "m5.*",
                                                                                                "zz*", "c7g"]}},
                        "eks_auto_mode": {"node_pool": "custom", "allowed_types": ["m7i", "c7gg"]},
                        "daemonsets": [{"name": "d", "cpu": 0.1, "memory": 64, "instance_families": ["c7g", "zz9"]}],
                        "ec2": {"allowed_types": ["m5.large", "m5.lrage"]}})
    assert unknown_instance_names(w) == [
        "ec2.allowed_types: 'm5.lrage' is not an EC2 instance type. Did you mean 'm5.large'?",
        "daemonsets[0] (d).instance_families: 'zz9' is not an EC2 instance family.",
        "ecs_managed_instances.instance_requirements.excluded_types: 'm5.lrage' is neither an EC2 instance type nor "
        "an instance family. Did you mean 'm5.large'?",
        "ecs_managed_instances.instance_requirements.excluded_types: 'zz*' matches no EC2 instance type or family.",
        "eks_auto_mode.allowed_types: 'c7gg' is neither an EC2 instance type nor an instance family. Did you mean "
        "'c7g'?"]
    assert unknown_instance_names(parse_workload({"name": "ok", "services": [
        {"name": "a", "cpu": 1, "memory": 2048, "instance_types": ["m5.large"], "instance_families": ["m5"]}]})) == []


def test_a_real_type_the_region_does_not_price_is_not_refused_but_not_ranked():
    """The names are checked against the catalogue of every region's types: a real type without a price in the
    region is no typo, and the EC2 platform stays not ranked for that reason."""
    from advisor.pricing.catalog import Catalog

    cat = Catalog.of(default_pricebook())
    names, _ = cat.names()
    assert "c8a.metal-24xl" in names and "c8a.metal-24xl" not in cat._od_index("us-east-1")
    est = compare(_pinned(instance_types=["c8a.metal-24xl"]), platforms=["ecs-ec2"], scaling=False).estimate("ecs-ec2")
    assert est.status == "incomplete" and [(u.service, u.reason) for u in est.unsupported] == [
        ("a", "its instance_types [c8a.metal-24xl] leaves no x86_64 candidate type for ecs-ec2 in us-east-1 "
              "(c8a.metal-24xl has no On-Demand price in us-east-1: not offered there, or not in the data ('advisor "
              "pricing fetch --region us-east-1 --services AmazonEC2'))")]


def test_the_schema_publishes_the_instance_type_name_pattern():
    bad = runner.invoke(app, ["schema"])
    assert '"pattern": "^[a-z0-9-]+\\\\.[a-z0-9-]+$"' in bad.stdout


@pytest.mark.parametrize("field, value, message", [
    ("instance_types", ["M6i.large"], "item 0: 'M6i.large' is not an EC2 instance type name as AWS writes it (lower "
     "case, e.g. 'm6i.large'); did you mean 'm6i.large'?"),
    ("instance_types", ["m6i"], "item 0: 'm6i' is not an EC2 instance type name"),
    ("instance_families", ["c7g", "C7G "], "item 1: 'C7G ' is not an EC2 instance family as AWS writes it (lower case, "
     "e.g. 'c7g'); did you mean 'c7g'?"),
    ("instance_types", ["m6i.large", "m6i.large"], "lists 'm6i.large' twice; give each once"),
    ("instance_types", [], "List should have at least 1 item"),
])
def test_instance_type_names_are_checked_with_the_spelling(tmp_path, field, value, message):
    import yaml

    p = tmp_path / "w.yaml"
    p.write_text(yaml.safe_dump({"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, field: value}]}))
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and f"services[0].{field}" in r.output and message in r.output


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2"])
def test_one_per_node_fewest_nodes_follow_the_sweep_factor(platform):
    """one_per_node (required anti-affinity, distinctInstance): 3 replicas kept apart need 3 nodes today; a sweep's
    0.3x runs 1 (the fleet's fewest is ec2.min_nodes, 2) and 4x runs 12, each on a node of its own. The sweep's LP
    bound and node estimate used today's 3 at every factor."""
    from advisor.sizing.fleet import fleet_planner

    w = parse_workload({"name": "apart", "services": [
        {"name": "redis", "cpu": 0.25, "memory": 512, "replicas": 3, "one_per_node": True},
        {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]})
    planner = fleet_planner(w, platform, default_pricebook())
    low, high = {"redis": 1, "web": 1}, {"redis": 12, "web": 8}  # ceil(0.3 x 3), ceil(0.3 x 2); 4 x 3, 4 x 2
    assert (planner.min_nodes_for(w), planner.min_nodes_for(w, low), planner.min_nodes_for(w, high)) == (3, 2, 12)
    cheapest = min(nt.usd_per_hour for nt in planner.node_types if nt.purchase == "on_demand")
    # the small pods fit anywhere: the bound is the fewest nodes of the cheapest type (2 at 0.3x, at least 12 at 4x)
    assert planner.lower_bound(w, low) == pytest.approx(2 * cheapest)
    assert planner.lower_bound(w, high) >= 12 * cheapest - 1e-9
    plan = planner.plan(w, high, alternatives=False)
    assert plan.node_count >= 12
    # the sweep's estimate at 4x keeps at least 12 nodes, at 0.3x it may go down to 2
    from advisor.api import sweep_frame

    frame = sweep_frame(w, [0.3, 1.0, 4.0], platforms=[platform])
    cost = dict(zip(frame["factor"], frame["monthly_cost"]))
    assert cost[0.3] < cost[1.0] < cost[4.0]


@pytest.mark.parametrize("platform, what, cap", [("ecs-ec2", "task", "2 vCPU, 3788 MiB"),
                                                 ("eks-ec2", "pod", "1.78 vCPU, 3114 MiB")])
def test_a_service_too_large_for_its_instance_types_is_left_out_not_the_whole_fleet(platform, what, cap):
    """a 4,096 MiB task held to c7i.large (4 GiB installed: ECS registers 4,096 x 0.925 = 3,788 MiB; EKS allocatable
    3,788 - 255 - 11 x 29 max pods - 100 eviction = 3,114 MiB) fits no node of its types: the platform cannot run
    that service, with the reason, and prices the others as it would without it (it failed the whole fleet, every
    service unsupported with 'the fleet cannot be packed')."""
    w = _pinned(cpu=0.5, memory=4096, instance_types=["c7i.large"])
    est = compare(w, platforms=[platform], scaling=False).estimate(platform)
    [u] = est.unsupported
    assert u.service == "a"
    assert u.reason.startswith(f"one {what} (0.5 vCPU, 4096 MiB) fits no node of its instance_types [c7i.large] on "
                               f"{platform}: the largest, c7i.large, has {cap} allocatable")
    alone = parse_workload({"name": "p", "region": "us-east-1",
                            "services": [{"name": "b", "cpu": 0.5, "memory": 1024, "replicas": 4}]})
    assert est.monthly_cost == pytest.approx(compare(alone, platforms=[platform], scaling=False)
                                             .estimate(platform).monthly_cost)


@pytest.mark.parametrize("svc, ec2, region, why", [
    ({"architecture": "arm64", "instance_types": ["m5.large"]}, {}, "us-east-1",
     "(m5.large is x86_64 and the service arm64: set its architecture to x86_64, or name arm64 types)"),
    ({"instance_families": ["m7g"]}, {}, "us-east-1",
     "(the family is arm64 and the service x86_64: set its architecture to arm64, or name x86_64 families)"),
    ({"instance_types": ["m7i.large"]}, {"allowed_families": ["m6i", "c6i"]}, "us-east-1",
     "(m7i.large is outside ec2.allowed_families [m6i, c6i])"),
    ({"instance_types": ["c7a.xlarge"]}, {}, "ap-southeast-2",
     "(c7a.xlarge has no On-Demand price in ap-southeast-2: not offered there, or not in the data ('advisor pricing "
     "fetch --region ap-southeast-2 --services AmazonEC2'))"),
    ({"instance_families": ["c7a"]}, {}, "ap-southeast-2",
     "(no type of c7a has an On-Demand price in ap-southeast-2: not offered there"),
])
def test_a_restriction_that_leaves_no_type_says_what_leaves_each_out(svc, ec2, region, why):
    """the reason named every condition a type must meet ('a type must be priced there, allowed by the ec2
    settings; families follow the default exclusions'), not the one that failed: now the failing one and the fix"""
    w = _pinned(**svc).model_copy(update={"region": region})
    if ec2:
        w = w.model_copy(update={"ec2": w.ec2.model_copy(update=ec2)})
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    [u] = [u for u in est.unsupported if u.service == "a"]
    assert f"leaves no {w.services[0].architecture} candidate type for eks-ec2 in {region} {why}" in u.reason


def test_an_estimate_says_which_services_were_packed_on_their_own_types():
    w = _pinned(instance_types=["m6i.large"])
    c = compare(w, platforms=["ecs-ec2", "eks-ec2", "eks-auto-mode"], scaling=False)
    for platform in ("ecs-ec2", "eks-ec2", "eks-auto-mode"):
        [note] = [n for n in c.estimate(platform).notes if "packed on" in n]
        assert note.startswith("a: packed on its instance_types [m6i.large] only"), platform
    # a service left out of a platform (no type holds it) is not said to be packed there
    big = _pinned(instance_types=["c7i.large"], memory=16384)
    assert not any("packed on" in n for n in compare(big, platforms=["ecs-ec2"], scaling=False).estimate(
        "ecs-ec2").notes)


def test_a_service_larger_than_every_allowed_type_is_left_out_not_the_fleet(tmp_path):
    """ec2.allowed_types [m6i.large, c6a.large] and a 4 vCPU task: only that service is left out of the EC2 fleets,
    with the largest allowed type and its allocatable; b (1 vCPU / 2 GB x 2) is still packed and priced. The whole
    fleet failed before ("cannot run fat, b", and a message ending "sizes.. Check"). 'advisor sweep' exits 2 as
    compare does when no platform can price every service (it printed an empty table with exit 0)."""
    w = parse_workload({"name": "t", "ec2": {"allowed_types": ["m6i.large", "c6a.large"]}, "services": [
        {"name": "fat", "cpu": 4, "memory": "8 GB", "replicas": 3},
        {"name": "b", "cpu": 1, "memory": "2 GB", "replicas": 2}]})
    est = ESTIMATORS["ecs-ec2"](w, default_pricebook())
    [gone] = est.unsupported
    assert gone.service == "fat" and gone.reason.startswith(
        "one task (4 vCPU, 8192 MiB) fits no x86_64 node type ecs-ec2 may use here: the largest, m6i.large, has 2 "
        "vCPU, 7577 MiB allocatable")
    assert est.fleet.node_count >= 1 and est.monthly_cost > 0
    p = tmp_path / "w.yaml"
    p.write_text("name: t\nec2: {allowed_types: [m6i.large, c6a.large]}\nservices:\n"
                 "  - {name: fat, cpu: 4, memory: 8 GB, replicas: 3}\n  - {name: b, cpu: 1, memory: 2 GB, replicas: 2}\n")
    r = CliRunner().invoke(app, ["sweep", str(p), "-p", "ecs-ec2"])
    assert r.exit_code == 2 and "no platform can price every service" in r.output and ".." not in r.output


def _arm_and_x86(**ec2):
    return parse_workload({"name": "t", "region": "us-east-1", "ec2": ec2, "services": [
        {"name": "grav", "cpu": 1, "memory": 1024, "replicas": 3, "architecture": "arm64"},
        {"name": "intel", "cpu": 1, "memory": 1024, "replicas": 1}]})


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2"])
def test_ec2_settings_that_allow_no_arm64_type_make_the_arm64_service_unsupported_not_unpriced(platform):
    """us-east-1 prices arm64 types (c6g.large ...): families that are all x86_64 are a setting, so the arm64 service
    is one the platform cannot run (the setting named, no refresh advice) and the x86_64 one is still priced"""
    est = ESTIMATORS[platform](_arm_and_x86(allowed_families=["c6i", "m6i"]), default_pricebook())
    assert est.status == "incomplete" and est.missing_prices == []
    assert [(u.service, u.reason) for u in est.unsupported] == [(
        "grav", "ec2.allowed_families allows no arm64 type (c6i, m6i: all x86_64); add arm64 families such as c9g, "
                "m9g to ec2.allowed_families, or set the service's architecture to x86_64 if its images are "
                "multi-arch")]
    assert {ln.instance_type.split(".")[0] for ln in est.lines if ln.instance_type} <= {"c6i", "m6i"}


def test_arm64_families_the_defaults_leave_out_name_ec2_include():
    est = ESTIMATORS["ecs-ec2"](_arm_and_x86(allowed_families=["t4g", "m6i"]), default_pricebook())
    [u] = est.unsupported
    assert u.service == "grav" and est.missing_prices == []
    assert u.reason.startswith("the arm64 types ec2.allowed_families allows (t4g) are burstable types, which advisor "
                               "leaves out by default: add ec2.include: [burstable], or add arm64 families such as ")


@pytest.mark.parametrize("families", [["m5", "c5", "c7g", "t4g"], ["m5", "c5", "t4g"]])
def test_a_burstable_type_a_service_names_within_allowed_families_needs_no_include(families):
    # Named types bypass the default exclusions (docs/ec2.md), within the ec2 selection: instance_types [t4g.large]
    # under allowed_families [..., t4g] was refused ("t4g.large is outside ec2.allowed_families [m5, c5, c7g, t4g]"),
    # and the fix suggested without c7g (add arm64 families) led to the same refusal; only ec2.include worked
    w = parse_workload({"name": "t", "region": "eu-west-3", "ec2": {"allowed_families": families}, "services": [
        {"name": "api", "cpu": 1, "memory": "2 GB", "replicas": 4, "architecture": "arm64",
         "instance_types": ["t4g.large"]},
        {"name": "web", "cpu": 0.5, "memory": "1 GB", "replicas": 2}]})
    for platform in ("ecs-ec2", "eks-ec2"):
        est = ESTIMATORS[platform](w, default_pricebook())
        assert est.complete, (platform, est.unsupported, est.missing_prices)
        assert any(ln.instance_type == "t4g.large" for ln in est.lines)


def test_no_priced_arm64_type_in_the_region_data_is_missing_price_data(tmp_path):
    """the other case: the region's data has no arm64 price at all, so the settings are not the cause and the
    platform is 'no price data' with the refresh command"""
    import csv
    import shutil

    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DIR, data)
    arch = {r["instance_type"]: r["architecture"] for r in csv.DictReader(open(data / "ec2_instance_types.csv"))}
    with open(BUNDLED_DIR / "ec2_prices.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(data / "ec2_prices.csv", "w", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(r for r in rows if not (r["region"] == "us-east-1" and arch.get(r["instance_type"]) == "arm64"))
    prices = PriceBook(data_dirs=[data])
    workload = parse_workload({"name": "t", "region": "us-east-1", "services": [
        {"name": "grav", "cpu": 1, "memory": 1024, "replicas": 3, "architecture": "arm64"}]})
    est = ESTIMATORS["ecs-ec2"](workload, prices)
    assert est.status == "no price data" and est.unsupported == []
    assert est.missing_prices == [
        "no priced arm64 instance type in us-east-1: the price data has no On-Demand price for any arm64 node type "
        "advisor sizes there (table ec2_prices). Run 'advisor pricing fetch --region us-east-1 --services AmazonEC2'."]


def test_the_bound_of_arm64_pods_only_on_a_named_type_puts_coredns_on_x86_64():
    """arm64 pods allowed only on t4g.large (instance_types; allowed_families has no other arm64 family): no type
    every service may use is arm64, so the pack puts CoreDNS on x86_64. The sweep's bound gave CoreDNS an arm64 shape
    too (count 0 today) that no type could hold, and stopped: "service 'g2': none of its allowed node types
    ['c5.12xlarge', ...] exists with arch 'arm64'". It is the plan's own assignment bound, $0.4018 an hour."""
    from advisor.sizing.fleet import fleet_planner

    w = parse_workload({"name": "t", "region": "eu-west-3", "ec2": {"allowed_families": ["m5", "c5", "t4g"]},
                        "services": [{"name": "api", "cpu": 1, "memory": "2 GB", "replicas": 4,
                                      "architecture": "arm64", "instance_types": ["t4g.large"]},
                                     {"name": "web", "cpu": 0.5, "memory": "1 GB", "replicas": 2}]})
    planner = fleet_planner(w, "eks-ec2", default_pricebook())
    plan = planner.plan(w)
    assert planner.lower_bound(w) == pytest.approx(plan.assignment_bound_per_hour)
    assert planner.lower_bound(w, {"api": 8, "web": 4}) > plan.assignment_bound_per_hour


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2", "ecs-managed-instances", "eks-auto-mode"])
def test_the_planners_one_pass_gives_each_services_reason_and_demand(platform):
    """``_demands`` works out every service's reason in one pass (read from the (architecture, demand, On-Demand
    only) memo when no restriction or DaemonSet port can apply) and its demand once: the same reasons as asking
    ``_reason_now`` service by service, and the demand of each service it can run."""
    from advisor.sizing.fleet import fleet_planner

    w = parse_workload({"name": "mix", "region": "us-east-1",
                        "ec2": {"allowed_types": ["m7g.large", "m7i.large", "m7i.xlarge"], "spot": True},
                        "services": [
                            {"name": "big", "cpu": 8, "memory": 16384, "replicas": 2},  # fits no type allowed
                            {"name": "big-arm", "cpu": 4, "memory": 12288, "architecture": "arm64"},
                            {"name": "win", "cpu": 1, "memory": 2048, "os": "windows"},
                            {"name": "gpu", "cpu": 1, "memory": 2048, "gpus": 1},
                            {"name": "od", "cpu": 1, "memory": 2048, "spot": False, "replicas": 3},
                            {"name": "arm", "cpu": 0.5, "memory": 1024, "architecture": "arm64", "replicas": 2},
                            {"name": "idle", "cpu": 1, "memory": 2048, "replicas": 0}]})
    planner = fleet_planner(w, platform, default_pricebook())
    demands = planner._demands(w)
    expected = {s.name: planner._reason_now(s, w) for s in w.services}
    assert {s.name: planner._reason(s, w) for s in w.services} == expected
    assert expected["win"] and expected["gpu"] and not expected["od"] and not expected["idle"]
    if platform in ("ecs-ec2", "eks-ec2"):  # the managed platforms choose their own types (ec2.allowed_types aside)
        assert "fits no x86_64 node type" in expected["big"] and "fits no arm64 node type" in expected["big-arm"]
    assert list(demands) == [name for name, why in expected.items() if not why]
    assert demands["od"] == (1.0, 2048.0, 1.0 if platform != "ecs-ec2" or planner._task_mode(w) == "awsvpc" else 0.0)


def test_an_estimates_total_follows_its_lines():
    """``Estimate.monthly_cost`` is remembered between lines added, and follows every line added or a new list."""
    from advisor.costing.lines import Estimate, LineItem

    est = Estimate("ecs-fargate")
    assert est.monthly_cost == 0
    est.add([LineItem("a", "compute", 730.0, "vCPU-hours", 0.04048)])
    assert est.monthly_cost == pytest.approx(29.5504)
    est.add([LineItem("b", "compute", 1460.0, "GB-hours", 0.004445)])
    assert est.monthly_cost == pytest.approx(29.5504 + 6.4897)
    est.lines += [LineItem("c", "storage", 10.0, "GB-months", 0.08)]
    assert est.monthly_cost == pytest.approx(29.5504 + 6.4897 + 0.8)
    est.lines = [LineItem("d", "compute", 1.0, "hours", 2.5)]
    assert est.monthly_cost == 2.5


def _arm(text: str):
    import yaml

    return parse_workload(yaml.safe_load(text))


ARM_AGENT_WORKLOAD = """
name: mixed
services:
  - {name: api, cpu: 0.5, memory: 1024, replicas: 2, architecture: arm64}
  - {name: legacy, cpu: 0.5, memory: 1024, replicas: 2, architecture: x86_64}
daemonsets:
  - {name: arm-agent, cpu: 200m, memory: 256Mi, architecture: arm64}
  - {name: logs, cpu: 100m, memory: 128Mi}
"""


def test_an_arm64_only_daemonset_is_reserved_on_arm64_nodes_only(tmp_path):
    # Kubernetes "DaemonSet", Running Pods on select Nodes: a DaemonSet with nodeSelector kubernetes.io/arch: arm64
    # has pods on the arm64 nodes only; before, advisor reserved it on the x86 nodes of a mixed fleet too
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.fleet import fleet_planner
    from advisor.sizing.nodes import node_capacity

    w = _arm(ARM_AGENT_WORKLOAD)
    cat = Catalog.of(default_pricebook())
    m7g, m5 = cat.instance_type("m7g.large"), cat.instance_type("m5.large")
    for platform in ("eks-ec2", "eks-auto-mode", "ecs-ec2", "ecs-managed-instances"):
        planner = fleet_planner(w, platform)
        on_arm = node_capacity(m7g, platform, planner.settings)
        on_x86 = node_capacity(m5, platform, planner.settings)
        # the arm64 node carries both DaemonSets (300m / 384 MiB), the x86 node the logs one alone (100m / 128 MiB)
        assert (round(on_arm.daemonset_cpu, 6), on_arm.daemonset_memory_mib) == ((0.3, 384.0) if platform != "eks-ec2"
                                                                              else (0.45, 384.0)), platform
        assert (round(on_x86.daemonset_cpu, 6), on_x86.daemonset_memory_mib) == ((0.1, 128.0) if platform != "eks-ec2"
                                                                              else (0.25, 128.0)), platform
    # EKS on EC2, m5.large: 2 - 0.07 kube-reserved - 0.05 aws-node - 0.1 kube-proxy - 0.1 logs = 1.68 vCPU;
    # 6,903 MiB (aws-node and kube-proxy request no memory) - 128 = 6,775 MiB; 27 pod slots - 1 (logs) = 26
    cap = node_capacity(m5, "eks-ec2", fleet_planner(w, "eks-ec2").settings)
    assert cap.details["daemonsets"] == ["aws-node", "kube-proxy", "logs"]
    assert (round(cap.allocatable_cpu, 6), cap.allocatable_memory_mib, cap.allocatable_slots) == (1.68, 6775, 26)
    cmp = compare(w, platforms=["eks-ec2", "ecs-fargate"], scaling=False)
    eks = cmp.estimate("eks-ec2")
    assert {r["arch"] for r in eks.fleet.nodes} == {"arm64", "x86_64"}
    assert ("DaemonSets with a node selector (kubernetes.io/os or kubernetes.io/arch: DaemonSet.os / architecture) are "
            "reserved only on the nodes they select (Kubernetes 'DaemonSet', Running Pods on select Nodes): arm-agent "
            "on arm64 nodes only.") in eks.notes
    # Fargate: the sidecar of the arm64 tasks only: api 0.5 + 0.2 + 0.1 = 0.8 vCPU -> 1 vCPU; legacy 0.5 + 0.1 =
    # 0.6 -> 1 vCPU as well, but memory 1024 + 128 = 1152 (api: 1024 + 384 = 1408) -> both 2 GB
    from advisor.costing.fargate import fargate_request

    api, legacy = w.services
    assert fargate_request(w, api) == (pytest.approx(0.8), 1408.0)
    assert fargate_request(w, legacy) == (pytest.approx(0.6), 1152.0)
    fg = cmp.estimate("ecs-fargate")
    assert any("arm-agent only in the arm64 ones (api)" in n for n in fg.notes)


def test_a_daemonset_of_an_architecture_the_fleet_lacks_is_reserved_nowhere():
    from advisor.sizing.fleet import fleet_planner

    w = _arm(ARM_AGENT_WORKLOAD.replace("architecture: arm64}", "architecture: x86_64}", 1))
    eks = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert {r["arch"] for r in eks.fleet.nodes} == {"x86_64"}
    assert all(n.arch == "x86_64" for n in fleet_planner(w, "eks-ec2").node_types)
    assert ("DaemonSets with a node selector (kubernetes.io/os or kubernetes.io/arch: DaemonSet.os / architecture) are "
            "reserved only on the nodes they select (Kubernetes 'DaemonSet', Running Pods on select Nodes): arm-agent "
            "(arm64) on no node: this fleet's nodes: x86_64.") \
        in eks.notes
    assert any(n.startswith("DaemonSets logs: one pod per node") for n in eks.notes)


def test_a_daemonset_architecture_that_is_not_valid_exits_2(tmp_path):
    bad = tmp_path / "w.yaml"
    bad.write_text(ARM_AGENT_WORKLOAD.replace("architecture: arm64}\n  - {name: logs", "architecture: amd64}\n  - {name: logs"))
    r = runner.invoke(app, ["compare", str(bad)])
    assert r.exit_code == 2 and "daemonsets[0].architecture" in r.output and "x86_64" in r.output
    assert "Traceback" not in r.output


def test_two_daemonsets_of_one_name_are_told_apart_by_their_node_selector():
    # kube-system/aws-node (every node) and an arm64-only aws-node of another namespace, on an x86-only fleet: the
    # first is reserved on every node, the second on none. Reported: the notes went by name, so the first vanished
    # from "one pod per node" (the second, on no node, took the name with it), and the node note called the
    # x86 nodes' vpc-cni the default: "aws-node (50m / 64 MiB ...; on arm64 nodes, aws-node on the others)"
    w = _arm("""
name: two-aws-node
services:
  - {name: web, cpu: 0.5, memory: 1024, replicas: 2}
daemonsets:
  - {name: aws-node, cpu: 30m, memory: 48Mi, eks_addon: vpc-cni}
  - {name: aws-node, cpu: 20m, memory: 64Mi, eks_addon: vpc-cni, architecture: arm64}
""")
    eks = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert {r["arch"] for r in eks.fleet.nodes} == {"x86_64"}
    assert "DaemonSets aws-node: one pod per node, reserved on every node before the tasks/pods are packed." in eks.notes
    assert any("(Kubernetes 'DaemonSet', Running Pods on select Nodes): aws-node (arm64) on no node: this fleet's "
               "nodes: x86_64." in n for n in eks.notes)
    [node] = [n for n in eks.notes if n.startswith("Node allocatable")]
    assert ("DaemonSets aws-node (30m / 48 MiB, as the input's DaemonSet requests) and aws-node (20m / 64 MiB, as the "
            "input's DaemonSet requests; on arm64 nodes) and kube-proxy (100m) on every node") in node
    assert "aws-node on the others" not in node


def test_the_input_note_of_a_daemonset_with_a_node_selector_says_whose_sidecar_it_is():
    # a Windows-only and an arm64-only DaemonSet beside x86 Linux services: Fargate prices each as the sidecar of the
    # tasks/pods it selects only (none here). Reported: the input note said "priced as a sidecar in every pod/task"
    w = _arm(ARM_AGENT_WORKLOAD + "  - {name: win-agent, cpu: 100m, memory: 100Mi, os: windows}\n")
    notes = w.input_notes()
    assert ("DaemonSet arm-agent: Fargate runs no DaemonSets (Amazon EKS User Guide, 'AWS Fargate considerations'); on "
            "the Fargate platforms it is priced as a sidecar (daemonsets.on_fargate: sidecar) in every pod/task of the "
            "arm64 services only, as its node selector says.") in notes
    assert any(n.startswith("DaemonSet win-agent:") and n.endswith("in every pod/task of the windows services only, "
                                                                    "as its node selector says.") for n in notes)
    assert any(n.startswith("DaemonSet logs:") and n.endswith("in every pod/task.") for n in notes)


def test_host_port_notes_follow_the_daemonsets_node_selectors_and_tell_same_named_ones_apart():
    # Reported: an arm64-only exporter on port 9100 made the notes say the x86 service on 9100 'cannot run' on EKS on
    # EC2, which priced it (the exporter is on no node of its); an x86 and an arm64 DaemonSet on one port were said to
    # meet on every node; two DaemonSets of one name (two namespaces) on one port were not named at all
    w = _arm("""
name: ports
services:
  - {name: web, cpu: 0.5, memory: 1024, replicas: 2, host_ports: [9100]}
daemonsets:
  - {name: exporter, cpu: 100m, memory: 100Mi, host_ports: [9100], architecture: arm64}
  - {name: agent, cpu: 100m, memory: 100Mi, host_ports: [9300], architecture: x86_64}
  - {name: agent-arm, cpu: 100m, memory: 100Mi, host_ports: [9300], architecture: arm64}
  - {name: logs, cpu: 100m, memory: 100Mi, host_ports: [9200]}
  - {name: logs, cpu: 100m, memory: 100Mi, host_ports: [9200]}
  - {name: win, cpu: 100m, memory: 100Mi, host_ports: [9200], os: windows}
""")
    notes = w.input_notes()
    assert not any(n.startswith("web: holds host port") for n in notes)
    assert compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2").complete
    ports = [n for n in notes if n.startswith("DaemonSets ") and "both hold host port" in n]
    assert ports == ["DaemonSets logs and logs both hold host port 9200 on every node: the Kubernetes scheduler's "
                     "NodePorts filter lets only one of them run a pod on a node ('node(s) didn't have free ports for "
                     "the requested pod ports'); the estimates reserve both on every node. Give one of them another "
                     "port."]
    # the same exporter on every node: the service's pods find the port taken everywhere
    w = _arm("""
name: ports
services:
  - {name: web, cpu: 0.5, memory: 1024, replicas: 2, host_ports: [9100]}
daemonsets:
  - {name: exporter, cpu: 100m, memory: 100Mi, host_ports: [9100]}
  - {name: exporter-x86, cpu: 100m, memory: 100Mi, host_ports: [9100], architecture: x86_64}
""")
    notes = w.input_notes()
    assert any(n.startswith("web: holds host port 9100, which DaemonSet exporter holds on every node") for n in notes)
    assert any(n.startswith("DaemonSets exporter and exporter-x86 both hold host port 9100 on every x86_64 node")
               for n in notes)


def test_a_daemonset_held_to_a_type_the_catalogue_lacks_is_refused_and_no_compute_types_is_refused():
    # a typo (m5.lagre) in a DaemonSet's instance_types would hold it to no node: refused with the service's typos,
    # each with its did-you-mean (before, EKS on EC2 was priced with the agents on no node and a note naming them)
    w = _arm("""
name: typo
services:
  - {name: web, cpu: 0.5, memory: 1024, replicas: 4}
ec2: {allowed_types: [m5.large]}
daemonsets:
  - {name: agent, cpu: 500m, memory: 512Mi, instance_types: [m5.lagre]}
  - {name: fam, cpu: 500m, memory: 512Mi, instance_families: [zz9]}
""")
    with pytest.raises(WorkloadError) as err:
        compare(w, platforms=["eks-ec2"], scaling=False)
    assert str(err.value) == (
        f"2 EC2 instance names are not in advisor's instance catalogue {CATALOGUE}:\n"
        "  daemonsets[0] (agent).instance_types: 'm5.lagre' is not an EC2 instance type. Did you mean 'm5.large'?\n"
        "  daemonsets[1] (fam).instance_families: 'zz9' is not an EC2 instance family.\n" + FIX)
    # compute_types: [] holds a DaemonSet to no node at all: refused, as instance_types: [] is
    with pytest.raises(WorkloadError, match=r"daemonsets\[0\]\.compute_types.*at least 1 item"):
        _arm("""
name: none
services:
  - {name: web, cpu: 0.5, memory: 1024}
daemonsets:
  - {name: agent, cpu: 100m, memory: 64Mi, compute_types: []}
""")


TYPE_AGENT_WORKLOAD = """
name: ds-types
services:
  - {name: web, cpu: 0.5, memory: 1024, replicas: 4, instance_families: [m7i]}
daemonsets:
  - {name: big-agent, cpu: 1, memory: 2048, instance_types: [m5.large]}
  - {name: ingress-agent, cpu: 50m, memory: 64Mi, node_labels: ["role: ingress"]}
  - {name: auto-only, cpu: 200m, memory: 256Mi, compute_types: [auto]}
"""


def test_a_daemonset_held_to_instance_types_is_reserved_on_those_types_only():
    # Kubernetes "DaemonSet", Running Pods on select Nodes: node.kubernetes.io/instance-type In [m5.large] has pods on
    # m5.large nodes only; eks.amazonaws.com/compute-type auto on EKS Auto Mode nodes only ("EKS Auto Mode nodes have
    # set the value of the label eks.amazonaws.com/compute-type to auto"). Before, both were reserved on every node:
    # EKS on EC2 packed web on m7i.xlarge + c6a.large, $279.21 a month; now 2 x m7i.large, $223.37
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.fleet import fleet_planner
    from advisor.sizing.nodes import node_capacity

    w = _arm(TYPE_AGENT_WORKLOAD)
    cat = Catalog.of(default_pricebook())
    m5, m7i = cat.instance_type("m5.large"), cat.instance_type("m7i.large")
    settings = fleet_planner(w, "eks-ec2").settings
    on_m5, on_m7i = node_capacity(m5, "eks-ec2", settings), node_capacity(m7i, "eks-ec2", settings)
    # m5.large: 2 - 0.07 kube-reserved - 0.05 aws-node - 0.1 kube-proxy - 1 big-agent - 0.05 ingress-agent = 0.73
    assert on_m5.details["daemonsets"] == ["aws-node", "kube-proxy", "big-agent", "ingress-agent"]
    assert round(on_m5.allocatable_cpu, 6) == 0.73
    # m7i.large: no big-agent (another type), no auto-only (node group nodes carry no compute-type label): 1.73
    assert on_m7i.details["daemonsets"] == ["aws-node", "kube-proxy", "ingress-agent"]
    assert (round(on_m7i.allocatable_cpu, 6), on_m7i.allocatable_slots) == (1.73, 26)
    auto = node_capacity(m7i, "eks-auto-mode", fleet_planner(w, "eks-auto-mode").settings)
    assert auto.details["daemonsets"] == ["ingress-agent", "auto-only"]
    eks = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert [(r["instance_type"], r["count"]) for r in eks.fleet.nodes] == [("m7i.large", 2)]
    assert round(eks.monthly_cost, 3) == 223.368
    assert ("reserved only on the nodes they select (Kubernetes 'DaemonSet', Running Pods on select Nodes): big-agent "
            "(instance_types [m5.large]) on no node; auto-only (compute_types [auto]) on no node: this fleet's nodes: "
            "m7i.large; eks.amazonaws.com/compute-type absent (node group nodes).") in next(
                n for n in eks.notes if "big-agent (instance_types" in n)
    assert ("DaemonSets whose node selector requires node labels advisor cannot evaluate are reserved on every node "
            "they may run on (the safe, dearer assumption; Kubernetes 'DaemonSet', Running Pods on select Nodes): "
            "ingress-agent (role: ingress). To reserve one on the nodes it selects only, give it instance_types, "
            "instance_families or instance_type_pattern in the workload file (daemonsets).") in eks.notes


def test_a_daemonset_on_some_types_leaves_a_service_on_other_types_its_host_port():
    # a DaemonSet on m5.large nodes only holds its host port there: a service on the same port can take other types
    from advisor.sizing.fleet import daemonset_port_reason

    w = _arm("""
name: ports
services:
  - {name: edge, cpu: 0.5, memory: 512, replicas: 2, host_ports: [9100]}
  - {name: pinned, cpu: 0.5, memory: 512, replicas: 2, host_ports: [9100], instance_types: [m5.large]}
daemonsets:
  - {name: exporter, cpu: 50m, memory: 64Mi, host_ports: [9100], instance_types: [m5.large]}
""")
    edge, pinned = w.services
    assert daemonset_port_reason(edge, w, "eks-ec2") is None
    assert "DaemonSet exporter holds on every node" in daemonset_port_reason(pinned, w, "eks-ec2")


@pytest.mark.parametrize("field, value, says", [
    ("instance_types", "[M5.large]", "did you mean 'm5.large'"),
    ("compute_types", "[fargat]", "daemonsets[0].compute_types"),
    ("instance_type_pattern", "'(m5'", "daemonsets[0].instance_type_pattern"),
])
def test_a_daemonsets_node_rule_that_is_not_valid_exits_2(tmp_path, field, value, says):
    bad = tmp_path / "w.yaml"
    bad.write_text(TYPE_AGENT_WORKLOAD.replace("instance_types: [m5.large]", f"{field}: {value}"))
    r = runner.invoke(app, ["compare", str(bad)])
    assert r.exit_code == 2 and says in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("held, where", [
    ({}, "on every node with"),
    ({"instance_types": ["m5.large"]}, "on every node of its instance_types [m5.large] with"),
    ({"os": "linux", "instance_families": ["m5", "c5"]},
     "on every Linux node of its instance_families [m5, c5] (its node selector) with"),
])
def test_an_eks_addon_daemonset_note_names_the_instance_types_it_is_held_to(held, where):
    # the add-on note said "on every node" of an add-on DaemonSet held to some instance types, which EKS on EC2
    # reserves on those nodes only (model.node_type_selected)
    from advisor.workload.model import eks_addon_note

    w = _arm(f"""
name: held-addon
services:
  - {{name: web, cpu: 0.5, memory: 1024}}
daemonsets:
  - {{name: aws-node, cpu: 25m, memory: 40Mi, eks_addon: vpc-cni, {", ".join(f"{k}: {v}" for k, v in held.items())}}}
""".replace(", }", "}").replace("'", ""))
    assert eks_addon_note(w.daemonsets[0]).startswith(
        "DaemonSet aws-node is the EKS add-on vpc-cni (the Amazon VPC CNI plugin for Kubernetes): EKS on EC2 reserves "
        f"it {where} the request read here, in place of the default advisor reserves for it (not a second time)")
