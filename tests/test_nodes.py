"""Node capacity rules (known values from AWS sources) and packing properties."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.pricing.book import default_pricebook
from advisor.pricing.catalog import Catalog
from advisor.sizing import nodes
from advisor.sizing.fleet import SPOT_SUFFIX, plan_fleet
from advisor.sizing.nodes import (
    ecs_registered_memory_mib,
    ecs_task_slots,
    eks_max_pods,
    kube_reserved_cpu_millicores,
    kube_reserved_memory_mib,
    node_capacity,
)
from advisor.workload import parse_workload


@pytest.fixture(scope="module")
def cat():
    return Catalog(default_pricebook())


@pytest.mark.parametrize("itype,pods", [("t3.medium", 17), ("m5.large", 29), ("m5.8xlarge", 234)])
def test_eks_max_pods_known_values(cat, itype, pods):
    assert eks_max_pods(cat.instance_type(itype)) == pods


@pytest.mark.parametrize("pods,mib", [(58, 893), (110, 1465), (44, 739)])
def test_kube_reserved_memory_known_values(pods, mib):
    assert kube_reserved_memory_mib(pods) == mib


@pytest.mark.parametrize("vcpu,milli", [(1, 60), (2, 70), (4, 80), (8, 90), (96, 310)])
def test_kube_reserved_cpu(vcpu, milli):
    # 6% of core 1, 1% of core 2, 0.5% of cores 3-4, 0.25% above (EKS AMI)
    assert kube_reserved_cpu_millicores(vcpu) == milli


def test_prefix_delegation_caps(cat):
    # m5.large: 3 ENIs x (10-1) x 16 + 2 = 434 -> capped at 110 (<= 30 vCPU)
    assert eks_max_pods(cat.instance_type("m5.large"), prefix_delegation=True) == 110
    # m5.16xlarge: 64 vCPU -> cap 250
    assert eks_max_pods(cat.instance_type("m5.16xlarge"), prefix_delegation=True) == 250
    # Xen (non-Nitro) types keep the secondary-IP value
    m4 = cat.instance_type("m4.large")
    assert eks_max_pods(m4, prefix_delegation=True) == m4.eks_max_pods


def test_ecs_m4_large_registers_7985_mib(cat):
    m4 = cat.instance_type("m4.large")
    assert ecs_registered_memory_mib(m4) == 7985
    assert ecs_registered_memory_mib(m4, reserved_mib=256) == 7985 - 256
    cap = node_capacity(m4, "ecs-ec2")
    assert cap.details["cpu_units"] == 2048
    assert cap.allocatable_memory_mib == 7985


def test_ecs_awsvpc_slots(cat):
    c5 = cat.instance_type("c5.large")
    assert ecs_task_slots(c5) == 2  # 3 ENIs - primary (ECS ENI trunking doc example)
    assert ecs_task_slots(c5, max_tasks=10) == 10
    assert ecs_task_slots(c5, "bridge") >= 1e5


def test_eks_allocatable_m5_large(cat):
    cap = node_capacity(cat.instance_type("m5.large"), "eks-ec2")
    assert cap.details["kube_reserved_memory_mib"] == 11 * 29 + 255
    assert cap.allocatable_memory_mib == 8192 - (11 * 29 + 255) - 100
    assert cap.allocatable_cpu == pytest.approx(2 - 0.070 - 0.125)
    assert cap.allocatable_slots == 27


def test_headroom_reduces_cpu_and_memory_only(cat):
    cap = node_capacity(cat.instance_type("m5.xlarge"), "eks-ec2", headroom_percent=20)
    assert cap.packable[0] == pytest.approx(cap.allocatable_cpu * 0.8)
    assert cap.packable[1] == pytest.approx(cap.allocatable_memory_mib * 0.8)
    assert cap.packable[2] == cap.allocatable_slots


def _workload(services, **ec2):
    return parse_workload({"name": "t", "region": "us-east-1", "services": services,
                           "ec2": {"allowed_families": ["m6i", "c6i", "r6i", "m7g", "c7g"], **ec2}})


svc_strategy = st.lists(
    st.tuples(st.sampled_from([0.25, 0.5, 1, 2]), st.sampled_from([512, 1024, 2048, 4096, 8192]),
              st.integers(1, 6), st.sampled_from(["x86_64", "arm64"]), st.booleans()),
    min_size=1, max_size=5,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(svcs=svc_strategy, platform=st.sampled_from(["ecs-ec2", "eks-ec2"]), spot=st.booleans())
def test_packing_properties(svcs, platform, spot):
    w = _workload([{"name": f"s{i}", "cpu": c, "memory": m, "replicas": n, "architecture": a, "spot": tol}
                   for i, (c, m, n, a, tol) in enumerate(svcs)], spot=spot, min_nodes=2)
    plan = plan_fleet(w, platform, time_limit_s=2.0)
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
