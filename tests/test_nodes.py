"""Node capacity rules (known values from AWS, EKS AMI and Karpenter sources), the fleet planner and packing
properties."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.pricing.book import default_pricebook
from advisor.pricing.catalog import Catalog
from advisor.sizing import nodes
from advisor.sizing.fleet import SPOT_SUFFIX, fleet_planner, plan_fleet
from advisor.sizing.nodes import (
    NodeConfigError,
    ecs_registered_memory_mib,
    ecs_task_slots,
    eks_max_pods,
    eni_max_pods,
    kube_reserved_cpu_millicores,
    kube_reserved_memory_mib,
    node_capacity,
    root_volume_gib,
    vm_capacity_memory_mib,
)
from advisor.workload import parse_workload


@pytest.fixture(scope="module")
def cat():
    return Catalog(default_pricebook())


# ----------------------------------------------------------------------------------- EKS max pods
@pytest.mark.parametrize("itype,pods", [("t3.medium", 17), ("m5.large", 29), ("m5.8xlarge", 234)])
def test_eks_max_pods_known_values(cat, itype, pods):
    # eni-max-pods.txt / nodeadm: ENIs x (IPv4 per ENI - 1) + 2, e.g. t3.medium 3 x (6 - 1) + 2 = 17
    assert eks_max_pods(cat.instance_type(itype)) == pods


@pytest.mark.parametrize("itype,enis,ips,pods", [
    ("c6in.32xlarge", 8, 50, 394),   # two network cards: only the default card's 8 ENIs hold pods
    ("p5.48xlarge", 2, 50, 100),
    ("trn1.32xlarge", 5, 50, 247),
    ("m8g.large", 3, 10, 29),
])
def test_eni_max_pods_matches_nodeadm_instance_info_at_81fec2e8(cat, itype, enis, ips, pods):
    """awslabs/amazon-eks-ami @ 81fec2e895854f599974fe4d3d72f61c0a9aaffa (2026-07-23):
    nodeadm/internal/kubelet/instance-info.jsonl gives ``defaultMaxENIs`` and ``ipv4AddressesPerInterface`` per
    type, and eni_max_pods.go ``calculateStandardMaxPods`` is ``DefaultMaxENIs*(Ipv4AddressesPerInterface-1) + 2``
    (the default network card only). All 1,364 bundled types agree with that file; these are the multi-card and
    newest ones, where a total-ENI count would differ."""
    itype = cat.instance_type(itype)
    assert (itype.max_enis, itype.ipv4_per_eni) == (enis, ips)
    assert eni_max_pods(itype) == enis * (ips - 1) + 2 == pods


def test_managed_node_group_caps_max_pods_but_not_kube_reserved(cat):
    # m5.24xlarge: 15 ENIs x (50 - 1) + 2 = 737 pods (nodeadm). Managed node groups cap at 250 above 30 vCPU
    # (EKS User Guide, create-managed-node-group). nodeadm still reserves for its own 737:
    # kube-reserved = 11 x 737 + 255 = 8362 MiB (nodeadm config.go; examples.md "kubeReserved will be calculated using
    # the result of the expression or the internally calculated max pods value").
    m5 = cat.instance_type("m5.24xlarge")
    assert eni_max_pods(m5) == 737
    assert eks_max_pods(m5) == 250
    assert eks_max_pods(m5, managed_node_group=False) == 737
    cap = node_capacity(m5, "eks-ec2")
    assert cap.details["max_pods"] == 250
    assert cap.details["kube_reserved_memory_mib"] == 8362
    assert cap.allocatable_slots == 250 - 2  # aws-node and kube-proxy are the "+2" host-network pods


def test_prefix_delegation_caps_and_reservation(cat):
    # m5.large: 3 ENIs x (10 - 1) x 16 + 2 = 434 -> capped at 110 (<= 30 vCPU, max-pods-calculator.sh and MNG)
    m5 = cat.instance_type("m5.large")
    assert eks_max_pods(m5, prefix_delegation=True) == 110
    # kube-reserved follows nodeadm's ENI max pods (29), not the 110 the node group configures: 11 x 29 + 255
    cap = node_capacity(m5, "eks-ec2", prefix_delegation=True)
    assert cap.details["kube_reserved_memory_mib"] == 574
    assert cap.allocatable_slots == 108
    # m5.16xlarge: 64 vCPU -> cap 250
    assert eks_max_pods(cat.instance_type("m5.16xlarge"), prefix_delegation=True) == 250
    # Xen (non-Nitro) types keep the secondary-IP value: m4.large 2 x (10 - 1) + 2 = 20
    assert eks_max_pods(cat.instance_type("m4.large"), prefix_delegation=True) == 20


@pytest.mark.parametrize("pods,mib", [(58, 893), (110, 1465), (44, 739)])
def test_kube_reserved_memory_known_values(pods, mib):
    assert kube_reserved_memory_mib(pods) == mib  # 11 x pods + 255


@pytest.mark.parametrize("vcpu,milli", [(1, 60), (2, 70), (4, 80), (8, 90), (96, 310)])
def test_kube_reserved_cpu(vcpu, milli):
    # 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above (EKS AMI)
    assert kube_reserved_cpu_millicores(vcpu) == milli


# ------------------------------------------------------------------------------- VM memory overhead
def test_eks_m5_large_allocatable_matches_karpenter(cat):
    # Karpenter types.go memory(): 8192 - ceil(8192 x 0.075) = 8192 - 615 = 7577 MiB capacity;
    # kube-reserved 11 x 29 + 255 = 574; eviction 100 -> 7577 - 574 - 100 = 6903 MiB
    cap = node_capacity(cat.instance_type("m5.large"), "eks-ec2")
    assert cap.details["capacity_memory_mib"] == 7577
    assert cap.allocatable_memory_mib == 6903
    assert cap.vm_overhead_memory_mib == 615
    # kube-reserved 70m; aws-node 50m (containers aws-node and aws-eks-nodeagent, 25m each); kube-proxy 100m
    assert cap.allocatable_cpu == pytest.approx(2 - 0.070 - 0.150)
    assert cap.allocatable_slots == 27


def test_graviton_cma_reservation(cat):
    # Karpenter: arm64 first loses 64 MiB CMA: 8192 - 64 = 8128; ceil(8128 x 0.075) = ceil(609.6) = 610 -> 7518
    assert vm_capacity_memory_mib(cat.instance_type("m7g.large")) == 7518
    assert node_capacity(cat.instance_type("m7g.large"), "eks-ec2").allocatable_memory_mib == 7518 - 574 - 100


def test_ecs_registered_memory_from_the_same_overhead(cat):
    m4 = cat.instance_type("m4.large")
    # Amazon ECS Developer Guide, memory management: an m4.large (8192 MiB installed) registers 7985 MiB, i.e. an
    # overhead of 207 MiB = 2.527% of 8192. With that overhead the rule gives AWS's figure exactly.
    assert ecs_registered_memory_mib(m4, overhead_percent=100 * 207 / 8192) == 7985
    # the default (Karpenter's 7.5%): 8192 - 615 = 7577; ECS_RESERVED_MEMORY comes off on top
    assert ecs_registered_memory_mib(m4) == 7577
    assert ecs_registered_memory_mib(m4, reserved_mib=256) == 7577 - 256
    cap = node_capacity(m4, "ecs-ec2")
    assert cap.details["cpu_units"] == 2048
    assert cap.allocatable_memory_mib == 7577
    assert node_capacity(m4, "ecs-ec2", vm_memory_overhead_percent=0).allocatable_memory_mib == 8192


def test_vm_overhead_is_configurable_and_checked(cat):
    w = _workload([{"name": "a", "cpu": 0.5, "memory": 1024}], vm_memory_overhead_percent=0)
    cap = fleet_planner(w, "eks-ec2").capacities["m6i.large"]  # 8 GiB, 3 ENIs x 10 IPv4 like m5.large
    assert cap.allocatable_memory_mib == 8192 - 574 - 100
    with pytest.raises(NodeConfigError, match="vm_memory_overhead_percent"):
        node_capacity(cat.instance_type("m5.large"), "eks-ec2", vm_memory_overhead_percent=100)


# --------------------------------------------------------------------------------------- ECS slots
def test_ecs_awsvpc_slots_and_trunking(cat):
    c5 = cat.instance_type("c5.large")
    # ECS guide: a c5.large has 3 ENIs -> 2 awsvpc tasks; with awsvpcTrunking its limit is 10 (trunking table)
    assert ecs_task_slots(c5) == 2
    assert ecs_task_slots(c5, trunking=True) == 10
    assert node_capacity(c5, "ecs-ec2", ecs_awsvpc_trunking=True).allocatable_slots == 10
    assert ecs_task_slots(c5, max_tasks=7) == 7
    assert ecs_task_slots(c5, "bridge") >= 1e5
    # m7i is not in the (2023) trunking table: ENIs - 1 = 3 - 1 = 2 even with trunking on
    m7i = cat.instance_type("m7i.large")
    assert m7i.ecs_trunking_task_limit is None
    assert ecs_task_slots(m7i, trunking=True) == 2


def test_ecs_awsvpc_slots_on_types_with_several_network_cards(cat):
    # ECS Developer Guide ENI-trunking table (2023-04-18), "Tasks without trunking": c6in.32xlarge 13 and
    # m6in.32xlarge 13, although their default network card has 8 ENIs (8 - 1 = 7): ECS uses the ENIs of both cards.
    for name in ("c6in.32xlarge", "m6in.32xlarge", "r6in.32xlarge"):
        it = cat.instance_type(name)
        assert it.max_enis == 8
        assert ecs_task_slots(it) == 13
        assert node_capacity(it, "ecs-ec2").allocatable_slots == 13
        assert node_capacity(it, "ecs-ec2").details["task_limit_rule"].startswith("ECS table without trunking")
        assert ecs_task_slots(it, trunking=True) == 120  # the same table's limit with trunking
    # single-card types: the table's column is ENIs - 1 (c5.large 3 ENIs -> 2; r5.12xlarge 8 ENIs -> 7)
    assert ecs_task_slots(cat.instance_type("r5.12xlarge")) == 7
    assert node_capacity(cat.instance_type("c5.large"), "ecs-ec2").details["task_limit_rule"] == \
        "ENIs - 1 (no ENI trunking)"


def test_root_volume_defaults():
    # ECS-optimized AMI block_device_size_gb 30; EKS AL2023 AMI volume_size 20 (and MNG diskSize 20)
    assert root_volume_gib("ecs-ec2") == 30
    assert root_volume_gib("eks-ec2") == 20
    assert root_volume_gib("ecs-ec2", 50) == 50
    w = _workload([{"name": "a", "cpu": 0.5, "memory": 1024}])
    assert plan_fleet(w, "ecs-ec2").root_volume_gib == 30
    assert plan_fleet(w, "eks-ec2").root_volume_gib == 20
    w = _workload([{"name": "a", "cpu": 0.5, "memory": 1024}], root_volume_gib=40)
    assert plan_fleet(w, "ecs-ec2").root_volume_gib == 40


def test_headroom_reduces_cpu_and_memory_only(cat):
    cap = node_capacity(cat.instance_type("m5.xlarge"), "eks-ec2", headroom_percent=20)
    assert cap.packable[0] == pytest.approx(cap.allocatable_cpu * 0.8)
    assert cap.packable[1] == pytest.approx(cap.allocatable_memory_mib * 0.8)
    assert cap.packable[2] == cap.allocatable_slots


# ------------------------------------------------------------------------------------------ planner
def _workload(services, **ec2):
    return parse_workload({"name": "t", "region": "us-east-1", "services": services,
                           "ec2": {"allowed_families": ["m6i", "c6i", "r6i", "m7g", "c7g"], **ec2}})


def test_zero_replicas_gives_min_nodes_of_cheapest_type():
    w = _workload([{"name": "idle", "cpu": 1, "memory": 2048, "replicas": 0}], min_nodes=2)
    planner = fleet_planner(w, "ecs-ec2")
    plan = planner.plan(w)
    cheapest = min(nt.usd_per_hour for nt in planner.node_types)
    assert plan.node_count == 2
    assert plan.result.cost_per_hour == pytest.approx(2 * cheapest)
    assert plan.result.lower_bound_per_hour == pytest.approx(2 * cheapest)
    w0 = _workload([{"name": "idle", "cpu": 1, "memory": 2048, "replicas": 0}], min_nodes=0)
    assert plan_fleet(w0, "eks-ec2").node_count == 0
    # several clusters: a node per cluster for its CoreDNS pods only while some pod runs (none is packed otherwise)
    w3 = parse_workload({"name": "t", "region": "us-east-1", "eks": {"clusters": 3},
                         "services": [{"name": "idle", "cpu": 1, "memory": 2048, "replicas": 0}],
                         "ec2": {"allowed_families": ["m6i"], "min_nodes": 0}})
    planner = fleet_planner(w3, "eks-ec2")
    assert planner.min_nodes_for(w3) == 0 and plan_fleet(w3, "eks-ec2").node_count == 0
    assert planner.min_nodes_for(w3, {"idle": 1}) == 3


def test_min_nodes_obeyed_when_one_node_would_do():
    w = _workload([{"name": "a", "cpu": 0.25, "memory": 512, "replicas": 1}], min_nodes=3)
    for platform in ("ecs-ec2", "eks-ec2"):
        plan = plan_fleet(w, platform)
        assert plan.node_count >= 3
        assert plan.result.cost_per_hour >= plan.result.lower_bound_per_hour - 1e-9


def test_planner_is_cached_and_lower_bound_matches_plan():
    w = _workload([{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 6},
                   {"name": "b", "cpu": 2, "memory": 8192, "replicas": 3}])
    planner = fleet_planner(w, "eks-ec2")
    assert fleet_planner(w, "eks-ec2") is planner
    plan = planner.plan(w)
    assert planner.lower_bound(w) == pytest.approx(plan.assignment_bound_per_hour)
    assert plan.result.lower_bound_per_hour >= plan.assignment_bound_per_hour - 1e-9
    # more tasks never lower the bound; a dict of counts replaces the workload's own
    assert planner.lower_bound(w, {"a": 60, "b": 30}) >= planner.lower_bound(w) - 1e-9
    scaled = planner.plan(w, {"a": 60, "b": 30})
    placed = sum(n.placements.get("a", 0) for n in scaled.result.nodes)
    assert placed == 60


def test_eni_limited_fleet_says_so_and_prices_the_alternatives():
    # 40 small awsvpc tasks: without trunking an m6i.large/c6i.large holds 2 tasks (3 ENIs - 1), so ENIs size the fleet
    w = _workload([{"name": "tiny", "cpu": 0.25, "memory": 512, "replicas": 40}])
    plan = plan_fleet(w, "ecs-ec2")
    assert plan.slot_limited and plan.slot_name == "awsvpc task ENIs"
    alts = {a["setting"]: a for a in plan.alternatives}
    assert set(alts) == {"awsvpc_trunking", "bridge"}
    cost = plan.result.cost_per_hour
    assert alts["bridge"]["instance_usd_per_hour"] < cost
    assert alts["awsvpc_trunking"]["instance_usd_per_hour"] < cost
    assert all(a["exact"] for a in plan.alternatives)
    # the reported bound includes the ENI slots: the fleet of 2-task nodes is within 2% of it
    assert plan.result.gap <= 0.02
    bridge = plan_fleet(_workload([{"name": "tiny", "cpu": 0.25, "memory": 512, "replicas": 40}],
                                  ecs_network_mode="bridge"), "ecs-ec2")
    assert not bridge.slot_limited
    assert bridge.result.cost_per_hour == pytest.approx(alts["bridge"]["instance_usd_per_hour"])


def test_the_bridge_alternative_is_the_fleet_a_bridge_workload_gets():
    # examples/microservices.yaml: `nodes pack` offered "with bridge network mode: 4 nodes, $781.80/month", but the
    # same workload set to bridge packed 6 nodes at $790.82: the alternative's tasks kept the workload's awsvpc ENI
    # slot (and would have ignored static host ports). Both now pack the same items: the same fleet.
    from pathlib import Path

    from advisor.workload import load_workload

    w = load_workload(Path(__file__).resolve().parents[1] / "examples" / "microservices.yaml")
    plan = plan_fleet(w, "ecs-ec2")
    alts = {a["setting"]: a for a in plan.alternatives}
    bridge = plan_fleet(w.model_copy(update={"ec2": w.ec2.model_copy(update={"ecs_network_mode": "bridge"})}),
                        "ecs-ec2")
    assert (alts["bridge"]["instance_usd_per_hour"], alts["bridge"]["nodes"]) == \
        (pytest.approx(bridge.result.cost_per_hour), bridge.node_count)
    # a task with a static host port is one per instance in bridge mode, in the alternative too
    ported = _workload([{"name": "web", "cpu": 0.25, "memory": 512, "replicas": 6, "host_ports": [80]},
                        {"name": "tiny", "cpu": 0.25, "memory": 512, "replicas": 30}])
    alts = {a["setting"]: a for a in plan_fleet(ported, "ecs-ec2").alternatives}
    as_bridge = plan_fleet(_workload([{"name": "web", "cpu": 0.25, "memory": 512, "replicas": 6, "host_ports": [80]},
                                      {"name": "tiny", "cpu": 0.25, "memory": 512, "replicas": 30}],
                                     ecs_network_mode="bridge"), "ecs-ec2")
    assert alts["bridge"]["nodes"] == as_bridge.node_count >= 6


svc_strategy = st.lists(
    st.tuples(st.sampled_from([0.25, 0.5, 1, 2]), st.sampled_from([512, 1024, 2048, 4096, 8192]),
              st.integers(0, 6), st.sampled_from(["x86_64", "arm64"]), st.booleans()),
    min_size=1, max_size=5,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(svcs=svc_strategy, platform=st.sampled_from(["ecs-ec2", "eks-ec2"]), spot=st.booleans())
def test_packing_properties(svcs, platform, spot):
    w = _workload([{"name": f"s{i}", "cpu": c, "memory": m, "replicas": n, "architecture": a, "spot": tol}
                   for i, (c, m, n, a, tol) in enumerate(svcs)], spot=spot, min_nodes=2)
    plan = plan_fleet(w, platform)
    res = plan.result
    placed: dict[str, int] = {}
    arch_of = {s.name: s.architecture for s in w.services}
    tolerant = {s.name: s.spot for s in w.services}
    for node in res.nodes:
        for dim in range(3):
            assert node.used[dim] <= node.capacity[dim] + 1e-6  # no node over-allocated
        for name, k in node.placements.items():
            placed[name] = placed.get(name, 0) + k
            if name in arch_of:
                assert node.arch == arch_of[name]  # arm64 never on x86 and vice versa
                if node.purchase == "spot":
                    assert tolerant[name]
            else:
                assert node.purchase == "on_demand"  # CoreDNS stays off Spot
        assert not node.instance_type.endswith(SPOT_SUFFIX) or node.purchase == "spot"
    for s in w.services:
        assert placed.get(s.name, 0) == s.desired_count  # every task placed
    assert res.cost_per_hour >= res.lower_bound_per_hour - 1e-9
    assert plan.node_count >= 2


def test_windows_service_unsupported():
    w = _workload([{"name": "win", "cpu": 1, "memory": 2048, "os": "windows"},
                   {"name": "lin", "cpu": 1, "memory": 2048}])
    plan = plan_fleet(w, "ecs-ec2")
    assert [s for s, _ in plan.unsupported] == ["win"]


def test_coredns_counted_on_eks():
    w = _workload([{"name": "a", "cpu": 0.5, "memory": 1024, "replicas": 2}])
    plan = plan_fleet(w, "eks-ec2")
    placed = sum(n.placements.get("kube-system/coredns", 0) for n in plan.result.nodes)
    assert placed == nodes.COREDNS_REPLICAS


def test_vectorised_pruning_matches_pairwise_rule():
    # the (n, n) numpy mask keeps exactly the types no other type beats (>= capacity everywhere, <= price,
    # strictly better somewhere; exact ties keep the smaller name), checked against a plain pairwise loop
    import random

    from advisor.sizing.fleet import _prune_dominated
    from advisor.sizing.packing import NodeType

    rng = random.Random(5)
    types = [NodeType(f"t{i:02d}", rng.choice(["x86_64", "arm64"]),
                      (rng.choice([1, 2, 4]), rng.choice([2048, 4096, 8192]), rng.choice([2, 29])),
                      rng.choice([0.05, 0.1, 0.2]), rng.choice(["on_demand", "spot"])) for i in range(60)]

    def beats(a, b):
        if (a.arch, a.purchase) != (b.arch, b.purchase) or a is b:
            return False
        ge = all(x >= y for x, y in zip(a.capacity, b.capacity)) and a.usd_per_hour <= b.usd_per_hour
        strict = any(x > y for x, y in zip(a.capacity, b.capacity)) or a.usd_per_hour < b.usd_per_hour
        return ge and (strict or a.name < b.name)

    expected = [b for b in types if not any(beats(a, b) for a in types)]
    assert _prune_dominated(types) == expected
    assert 0 < len(expected) < len(types)


def test_lower_bound_follows_coredns_to_the_arch_with_pods():
    # only the arm64 service has pods: CoreDNS goes to arm64 nodes in the plan, and the bound agrees
    w = _workload([{"name": "x", "cpu": 0.5, "memory": 1024, "replicas": 3},
                   {"name": "g", "cpu": 0.5, "memory": 1024, "replicas": 3, "architecture": "arm64"}])
    planner = fleet_planner(w, "eks-ec2")
    counts = {"x": 0, "g": 5}
    plan = planner.plan(w, counts)
    assert {n.arch for n in plan.result.nodes if "kube-system/coredns" in n.placements} == {"arm64"}
    assert planner.lower_bound(w, counts) == pytest.approx(plan.assignment_bound_per_hour)


E2 = ("name: t\nservices:\n  - {name: web, cpu: 0.5, memory: 1024, replicas: 2}\n"
      "  - {name: gpu, cpu: 1, memory: 2048, replicas: 0, gpus: 1}\n")
IDLE_NOTE = "gpu: 0 replicas and no autoscaling above 0, so no task or pod runs; left out of the comparison"


@pytest.mark.parametrize("platform", ["ecs-ec2", "eks-ec2", "ecs-managed-instances"])
def test_nodes_pack_leaves_a_zero_replica_service_out_as_compare_does(tmp_path, platform):
    # e2.yaml: 'nodes pack -p ecs-ec2' printed "not placed: gpu: it needs GPUs..." while compare said "gpu: 0 replicas
    # ... left out of the comparison"
    from typer.testing import CliRunner

    from advisor.cli import app

    p = tmp_path / "e2.yaml"
    p.write_text(E2)
    r = CliRunner().invoke(app, ["nodes", "pack", str(p), "-p", platform])
    assert r.exit_code == 0, r.output
    assert "not placed" not in r.stdout and f"note: {IDLE_NOTE}" in r.stdout
    d = json.loads(CliRunner().invoke(app, ["nodes", "pack", str(p), "-p", platform, "-f", "json"]).stdout)
    assert d["unsupported"] == [] and any(n.startswith(IDLE_NOTE) for n in d["notes"])
    c = CliRunner().invoke(app, ["compare", str(p), "-f", "json"])
    assert any(n.startswith(IDLE_NOTE) for n in json.loads(c.stdout)["notes"])


def test_strategy_recommend_says_a_zero_replica_service_is_left_out(tmp_path):
    from typer.testing import CliRunner

    from advisor.cli import app

    p = tmp_path / "e2.yaml"
    p.write_text(E2)
    r = CliRunner().invoke(app, ["strategy", "recommend", str(p)])
    assert r.exit_code == 0 and f"note: {IDLE_NOTE}" in r.stdout and "not priced" not in r.stdout
    assert "web: saves $12.28/month" in r.stdout
    d = json.loads(CliRunner().invoke(app, ["strategy", "recommend", str(p), "-f", "json"]).stdout)
    assert d["not_priced"] == [] and d["notes"][0].startswith(IDLE_NOTE)
