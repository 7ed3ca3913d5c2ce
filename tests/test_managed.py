"""ECS Managed Instances and EKS Auto Mode (advisor/costing/managed.py), Provisioned Control Plane tiers, the
managed node rules and the managed operations effort.

Fees come from a fixture ``managed_instance_fees`` table in a temp data dir (``PriceBook(data_dirs=[tmp,
BUNDLED_DIR])``). Only the c6a.2xlarge row is an AWS figure: the ECS pricing page's example fee, $0.037 per
instance-hour ("ECS Managed Instances management fee (example c6a.2xlarge) ... $0.037 ... per instance hour",
transcribed verbatim from https://aws.amazon.com/ecs/pricing/ in api-evangelist/amazon-ecs
plans/amazon-ecs-plans-pricing.yml @ 1c14926ddb8bcd7416feda210843e240c19e781b; the page does not state its region,
the fixture files it under us-east-1). The other rows are round fixture values for hand arithmetic, not AWS prices.
EC2, Spot, EBS and EKS rates are the bundled us-east-1 rows: c6a.2xlarge $0.306/h, m6a.large $0.0864/h (Spot
Advisor savings 59%, 5-10%), gp3 $0.08/GB-month, EKS $0.10 per cluster-hour, Provisioned Control Plane XL $1.65.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.compare import compare
from advisor.costing import ESTIMATORS
from advisor.costing.lines import RESOURCES
from advisor.costing.managed import FEE_ROW, VOLUME_ROW, fleet_lines
from advisor.costing.operations import operations_lines
from advisor.errors import WorkloadError
from advisor.platforms import EC2_PLATFORMS, MANAGED_INSTANCE_PLATFORMS, PLATFORMS, SELF_MANAGED_COUNTERPART
from advisor.pricing.book import BUNDLED_DIR, PriceBook, Rate
from advisor.pricing.catalog import Catalog
from advisor.sizing.nodes import auto_mode_max_pods, managed_node_profile, node_capacity
from advisor.workload import parse_workload

HOURS = 730
FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,ecs_managed_instances,c6a.2xlarge,0.037,,,2026-09-20,"ECS pricing page example fee (api-evangelist/amazon-ecs plans/amazon-ecs-plans-pricing.yml @ 1c14926d), region unstated"
us-east-1,ecs_managed_instances,m6a.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,eks_auto_mode,m6a.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,eks_auto_mode,c6a.2xlarge,0.02,,,2026-09-20,test fixture (not an AWS price)
"""


@pytest.fixture(scope="module")
def fee_prices(tmp_path_factory):
    d = tmp_path_factory.mktemp("fees")
    (d / "managed_instance_fees.csv").write_text(FEES, encoding="utf-8")
    return PriceBook(data_dirs=[d, BUNDLED_DIR])


def wl(services, **kw):
    return parse_workload({"name": "t", "region": "us-east-1", "services": services, **kw})


def by_resource(est, resource):
    return [line for line in est.lines if line.resource == resource]


# ------------------------------------------------------------------------------------------------ platforms
def test_seven_platforms_registered():
    assert len(PLATFORMS) == 7 and set(PLATFORMS) == set(ESTIMATORS)
    assert set(MANAGED_INSTANCE_PLATFORMS) <= set(EC2_PLATFORMS)
    assert SELF_MANAGED_COUNTERPART == {"ecs-managed-instances": "ecs-ec2", "eks-auto-mode": "eks-ec2"}
    assert "management_fee" in RESOURCES


# ---------------------------------------------------------------------------------------------- known values
def test_ecs_pricing_page_example_fee(fee_prices):
    # One task that needs a whole c6a.2xlarge (8 vCPU, 16 GiB): one instance for the month, one subnet (no spread).
    w = wl([{"name": "big", "cpu": 6, "memory": 12288, "replicas": 1}],
           ecs_managed_instances={"instance_requirements": {"allowed_types": ["c6a.2xlarge"]}, "az_spread": False})
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert est.complete, est.missing_prices
    (inst,), (fee,), (vol,) = by_resource(est, "instance"), by_resource(est, "management_fee"), by_resource(est, "block_storage")
    assert fee.instance_type == "c6a.2xlarge" and fee.unit_price == 0.037
    assert fee.quantity == inst.quantity == HOURS
    assert fee.monthly_cost == pytest.approx(27.01)     # 730 h x $0.037 (the pricing page's example fee)
    assert inst.monthly_cost == pytest.approx(223.38)   # 730 h x $0.306 (c6a.2xlarge On-Demand, us-east-1)
    assert vol.monthly_cost == pytest.approx(6.40)      # 80 GiB data volume (AWS default) x $0.08
    assert est.monthly_cost == pytest.approx(256.79)
    assert fee.commitments == () and inst.commitments  # Savings Plans cover the instance, not the fee
    assert est.scale.at(1.0, est.platform)[0] + sum(x.monthly_cost for x in est.scale.at(1.0, est.platform)[1]) \
        == pytest.approx(est.monthly_cost)


def test_auto_mode_hand_computed_fleet_against_eks_ec2(fee_prices):
    # m6a.large on Auto Mode: 2 vCPU - 70m kube-reserved = 1.93 vCPU; memory 8192 - 615 (7.5% VM overhead, ceil)
    # - 1,465 (11 x 110 + 255) - 100 = 6,012 MiB. 1-vCPU pods: one per node, 3 nodes.
    # 3 x 730 x $0.0864 = $189.216; fees 3 x 730 x $0.01 = $21.90; volumes 3 x 80 GiB x $0.08 = $19.20; control
    # plane 730 x $0.10 = $73.00 -> $303.316.
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}]
    w = wl(svc, eks_auto_mode={"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]},
           ec2={"allowed_types": ["m6a.large"]}, operations={"include": False})
    auto = ESTIMATORS["eks-auto-mode"](w, fee_prices)
    assert auto.complete, auto.missing_prices
    assert auto.fleet.nodes[0]["instance_type"] == "m6a.large" and auto.fleet.node_count == 3
    assert sum(x.monthly_cost for x in by_resource(auto, "management_fee")) == pytest.approx(21.90)
    assert auto.monthly_cost == pytest.approx(303.316)
    # EKS on EC2 nodes, same 3 nodes: $189.216 + 3 x 20 GiB x $0.08 = $4.80 + $73.00 = $267.016
    ec2 = ESTIMATORS["eks-ec2"](w, fee_prices)
    assert ec2.fleet.node_count == 3 and ec2.monthly_cost == pytest.approx(267.016)
    assert auto.monthly_cost >= ec2.monthly_cost


def test_auto_mode_public_ip_prices_an_address_per_node(fee_prices):
    """eks_auto_mode.public_ip (a NodeClass with spec.advancedNetworking.associatePublicIPAddress: true): each of the 3
    m6a.large Auto Mode nodes above holds a public IPv4 address all month, 3 x 730 h x $0.005 (Amazon VPC pricing,
    shared_rates.csv) = $10.95 on top of $303.316; EKS on EC2 nodes, whose node groups it does not describe, none.
    Scaling adds an address per node added: at 2x, 6 nodes, $21.90."""
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}]
    am = {"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]}
    w = wl(svc, eks_auto_mode={**am, "public_ip": True}, ec2={"allowed_types": ["m6a.large"]},
           operations={"include": False})
    c = compare(w, platforms=["eks-auto-mode", "eks-ec2"], prices=fee_prices)
    auto = c.estimate("eks-auto-mode")
    [ip] = [ln for ln in auto.lines if ln.category == "public_ipv4"]
    assert (ip.name, ip.quantity, ip.unit_price, ip.monthly_cost) == (
        "Public IPv4 addresses, one per node (3 nodes, eks_auto_mode.public_ip)", 3 * 730, 0.005, pytest.approx(10.95))
    assert auto.monthly_cost == pytest.approx(303.316 + 10.95)
    assert not [ln for ln in c.estimate("eks-ec2").lines if ln.category == "public_ipv4"]
    base, lines = auto.scale.at(2.0, auto.platform)
    assert base + sum(x.monthly_cost for x in lines) == pytest.approx(2 * 303.316 - 73.0 + 2 * 10.95)
    off = compare(wl(svc, eks_auto_mode=am, ec2={"allowed_types": ["m6a.large"]}, operations={"include": False}),
                  platforms=["eks-auto-mode"], prices=fee_prices).estimate("eks-auto-mode")
    assert off.monthly_cost == pytest.approx(303.316)


def test_managed_instances_strategy_splits_over_named_providers(fee_prices):
    # base 1 on mi-od, then 1:3: 5 tasks -> 2 on On-Demand, 3 on Spot providers (ECS's split). m6a.large holds 2
    # one-vCPU tasks: 1 On-Demand + 2 Spot instances (3 = the spread minimum). Spot estimate: $0.0864 x (1 - 59%) =
    # $0.035424. 730 x 0.0864 = 63.072; 2 x 730 x 0.035424 = 51.71904; fees 3 x 730 x 0.01 = 21.90; volumes 3 x 6.40
    # = 19.20 -> $155.89104.
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 5,
             "capacity_provider_strategy": [{"capacityProvider": "mi-od", "base": 1, "weight": 1},
                                            {"capacityProvider": "mi-spot", "weight": 3}]}],
           ecs_managed_instances={"instance_requirements": {"allowed_types": ["m6a.large"]},
                                  "capacity_providers": [{"name": "mi-od"},
                                                         {"name": "mi-spot", "capacity_option_type": "spot"}]})
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert est.complete, (est.missing_prices, est.unsupported)
    counts = {r["purchase"]: r["count"] for r in est.fleet.nodes}
    assert counts == {"on_demand": 1, "spot": 2}
    assert est.monthly_cost == pytest.approx(155.89104)
    assert any("2 task(s) on On-Demand and 3 on Spot" in n for n in est.notes)


def test_strategy_mixing_managed_instances_and_fargate_is_refused():
    # AWS refuses it ("A capacity provider strategy can only contain one capacity provider type"): the workload does
    # not load (it used to load and be marked unsupported on ecs-managed-instances alone)
    with pytest.raises(WorkloadError, match="mixes the Fargate capacity provider.s. FARGATE_SPOT with mi-od"):
        wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 2,
             "capacity_provider_strategy": [{"capacityProvider": "mi-od", "weight": 1},
                                            {"capacityProvider": "FARGATE_SPOT", "weight": 1}]}],
           ecs_managed_instances={"capacity_providers": [{"name": "mi-od"}]})


# ------------------------------------------------------------------------------------------- missing fees
def test_bundled_data_has_no_fees_so_not_priced(prices):
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}])
    for platform, service in (("ecs-managed-instances", "AmazonECS"), ("eks-auto-mode", "AmazonEKS")):
        est = ESTIMATORS[platform](w, prices)
        assert est.status == "no price data" and not est.lines
        (msg,) = est.missing_prices
        assert f"advisor pricing fetch --region us-east-1 --services {service}" in msg
        types = {t for t in msg.split("fee of ")[1].split(" (the type")[0].split(", ")}
        assert types and all(Catalog.of(prices).instance_type(t) for t in types)  # names real instance types
    c = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-ec2", "ecs-managed-instances"])
    assert c.recommendation.platform == "ecs-fargate"
    (f,) = [f for f in c.recommendation.findings if f.kind == "managed_not_priced"]
    assert f.data["engineer_hours_saved"] == 2  # ECS on EC2 2 + 3 h, Managed Instances 2 + 1 h


def test_types_without_a_fee_are_left_out_when_the_table_has_the_region(fee_prices):
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}],
           ecs_managed_instances={"instance_requirements": {"allowed_types": ["m6a.*", "m5.large"]}})
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert est.complete and {r["instance_type"] for r in est.fleet.nodes} == {"m6a.large"}


# ------------------------------------------------------------------------------------------------- properties
_ROWS = st.lists(st.fixed_dictionaries({
    "instance_type": st.sampled_from(["m6a.large", "c6a.2xlarge", "m5.large"]),
    "purchase": st.sampled_from(["on_demand", "spot"]), "count": st.integers(1, 40)}), min_size=1, max_size=4,
    unique_by=lambda r: (r["instance_type"], r["purchase"]))


@settings(max_examples=60, deadline=None)
@given(rows=_ROWS, fee=st.floats(0, 5, allow_nan=False), factor=st.integers(1, 5))
def test_fees_never_negative_and_scale_with_instance_hours(rows, fee, factor):
    rate = Rate(0.1, "instance-hours", "2026-01-01", "fixture", "ec2_prices")
    fee_rate = Rate(fee, "instance-hours", "2026-01-01", "fixture", "managed_instance_fees")
    fleet = [dict(r, arch="x86_64") for r in rows]
    rates = {(r["instance_type"], r["purchase"]): rate for r in fleet}
    fees = {r["instance_type"]: fee_rate for r in fleet}
    lines = fleet_lines("eks-auto-mode", fleet, rates, fees, {}, HOURS)
    inst = [x for x in lines if x.resource == "instance"]
    fee_lines = [x for x in lines if x.resource == "management_fee"]
    # the managed fleet costs its self-managed twin (the instance lines) plus fees >= 0
    assert sum(x.monthly_cost for x in lines) >= sum(x.monthly_cost for x in inst)
    assert sum(x.quantity for x in fee_lines) == sum(x.quantity for x in inst)  # fee per instance-hour
    bigger = [dict(r, count=r["count"] * factor) for r in fleet]
    more = fleet_lines("eks-auto-mode", bigger, rates, fees, {}, HOURS)
    assert sum(x.monthly_cost for x in more if x.resource == "management_fee") == pytest.approx(
        factor * sum(x.monthly_cost for x in fee_lines))


@settings(max_examples=12, deadline=None)
@given(cpu=st.sampled_from([0.25, 0.5, 1.0, 1.5]), mem=st.sampled_from([512, 1024, 2048, 3072]),
       replicas=st.integers(1, 12))
def test_managed_instances_never_cheaper_than_ecs_on_ec2_with_the_same_fleet(fee_prices, cpu, mem, replicas):
    # Same node rules: ECS on EC2 with ENI trunking, no reserved memory, one instance minimum; no operations effort.
    w = wl([{"name": "api", "cpu": cpu, "memory": mem, "replicas": replicas}],
           ec2={"allowed_types": ["m6a.large"], "ecs_awsvpc_trunking": True, "min_nodes": 1},
           ecs_managed_instances={"instance_requirements": {"allowed_types": ["m6a.large"]}, "az_spread": False},
           operations={"include": False})
    mi, ec2 = ESTIMATORS["ecs-managed-instances"](w, fee_prices), ESTIMATORS["ecs-ec2"](w, fee_prices)
    assert mi.fleet.nodes[0]["count"] == ec2.fleet.nodes[0]["count"]
    assert mi.monthly_cost >= ec2.monthly_cost


def test_sweep_scales_fees_with_the_fleet(fee_prices):
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 4}],
           eks_auto_mode={"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]})
    est = ESTIMATORS["eks-auto-mode"](w, fee_prices)
    fleet = est.scale.fleet
    fee_rows = [r for r in fleet.rows if r[1] == FEE_ROW]
    volume_rows = [r for r in fleet.rows if r[1] == VOLUME_ROW]
    inst_rows = [r for r in fleet.rows if r[1] not in (FEE_ROW, VOLUME_ROW)]
    assert sum(r[2] for r in fee_rows) == pytest.approx(sum(x.monthly_cost for x in by_resource(est, "management_fee")))
    # the volumes the packer priced per node are rows too (4 x 80 GiB x $0.08 = $25.60), not a per-node extra
    assert sum(r[2] for r in volume_rows) == pytest.approx(25.60) == sum(
        x.monthly_cost for x in by_resource(est, "block_storage"))
    assert fleet.per_node_monthly == 0
    fleet.pack(2.0)  # 8 one-vCPU pods on m6a.large (1.93 vCPU allocatable): 8 nodes, twice the instance-hours
    _, nodes, rows = fleet.at(2.0)
    assert nodes == 8
    assert sum(r[2] for r in rows if r[1] == FEE_ROW) == pytest.approx(8 * HOURS * 0.01)
    assert sum(r[2] for r in rows if r[1] == VOLUME_ROW) == pytest.approx(8 * 80 * 0.08)  # $51.20
    assert sum(r[2] for r in rows if r[1] not in (FEE_ROW, VOLUME_ROW)) == pytest.approx(8 * HOURS * 0.0864)
    assert len(inst_rows) == len(fee_rows) == len(volume_rows)


# ------------------------------------------------------------------------------------------------ node rules
def test_auto_mode_node_capacity(prices):
    m6a = Catalog.of(prices).instance_type("m6a.large")
    cap = node_capacity(m6a, "eks-auto-mode")
    assert auto_mode_max_pods(m6a) == 110 and cap.allocatable_slots == 110
    assert cap.details["kube_reserved_memory_mib"] == 1465          # 11 x 110 + 255
    assert cap.allocatable_cpu == pytest.approx(1.93)              # 2 - (60m + 10m)
    assert cap.allocatable_memory_mib == 8192 - 615 - 1465 - 100     # 6,012 MiB
    ec2 = node_capacity(m6a, "eks-ec2")  # the self-managed node keeps aws-node and kube-proxy pods
    assert ec2.daemonset_pods == 2 and cap.daemonset_pods == 0


def test_managed_instances_use_eni_trunking(prices):
    c5 = Catalog.of(prices).instance_type("c5.large")
    assert node_capacity(c5, "ecs-managed-instances").allocatable_slots == 10  # ECS trunking table: 10
    assert node_capacity(c5, "ecs-ec2").allocatable_slots == 2                # 3 ENIs - 1 without trunking


def test_profiles(prices):
    cat = Catalog.of(prices)
    builtin = managed_node_profile(wl([{"name": "a", "cpu": 1, "memory": 1024}]), "eks-auto-mode")
    ok = {n: builtin.accepts(cat.instance_type(n)) for n in ("c5.large", "m6a.large", "r7i.xlarge", "m4.large",
                                                             "m7g.large", "t3.large", "m7a.medium")}
    # C/M/R, generation >= 5, amd64, more than 1 vCPU (EKS User Guide, built-in NodePools / supported instances)
    assert ok == {"c5.large": True, "m6a.large": True, "r7i.xlarge": True, "m4.large": False, "m7g.large": False,
                  "t3.large": False, "m7a.medium": False}
    default = managed_node_profile(wl([{"name": "a", "cpu": 1, "memory": 1024}]), "ecs-managed-instances")
    assert default.accepts(cat.instance_type("m6a.large")) and not default.accepts(cat.instance_type("c6a.large"))
    req = managed_node_profile(wl([{"name": "a", "cpu": 1, "memory": 1024}], ecs_managed_instances={
        "instance_requirements": {"vcpu": {"min": 4, "max": 8}, "excluded_types": ["m5*"]}}), "ecs-managed-instances")
    assert req.accepts(cat.instance_type("c6a.xlarge")) and not req.accepts(cat.instance_type("c6a.large"))
    assert not req.accepts(cat.instance_type("m5.xlarge")) and not req.accepts(cat.instance_type("t3.xlarge"))


METAL_FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,eks_auto_mode,m5.metal,0.5,,,2026-12-03,test fixture (not an AWS price)
us-east-1,eks_auto_mode,m5.24xlarge,0.5,,,2026-12-03,test fixture (not an AWS price)
"""


def test_auto_mode_launches_metal_only_when_the_pool_allows_nothing_else(prices, tmp_path):
    # Karpenter's ExoticInstanceTypeFilter (aws/karpenter-provider-aws pkg/providers/instance/filter/filter.go @
    # 1d927085) removes metal sizes "if doing so doesn't filter out all instance types": Auto Mode (built on
    # Karpenter) launches m5.metal only from a pool that allows nothing else. Before, allowed_types: [m5.metal] ran
    # no node ("launches no x86_64 type").
    cat = Catalog.of(prices)
    metal, large = cat.instance_type("m5.metal"), cat.instance_type("m5.large")

    def pool(**am):
        return managed_node_profile(wl([{"name": "a", "cpu": 1, "memory": 1024}], eks_auto_mode=am), "eks-auto-mode")

    builtin = pool()  # c/m/r, generation 5, amd64: m5.metal meets them, but m5.large and the rest are there
    assert builtin.accepts(large) and not builtin.accepts(metal)
    family = pool(node_pool="custom", allowed_types=["m5.*"])
    assert family.accepts(large) and not family.accepts(metal)
    only = pool(node_pool="custom", allowed_types=["m5.metal"])
    assert only.accepts(metal) and "bare metal included" in only.describe()
    assert pool(node_pool="custom", allowed_types=["*.metal*"]).accepts(metal)
    # priced: 4 one-vCPU pods fit one m5.metal (96 vCPU); ec2.min_nodes keeps 2 nodes. m5.metal $4.608/h
    # (us-east-1 On-Demand, bundled): 2 x 730 x $4.608 = $6,727.68; fees 2 x 730 x $0.50 (fixture) = $730.00; no
    # instance store, so 2 x 80 GiB x $0.08 = $12.80; control plane 730 x $0.10 = $73.00 -> $7,543.48.
    (tmp_path / "managed_instance_fees.csv").write_text(METAL_FEES, encoding="utf-8")
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 4}], operations={"include": False},
           eks_auto_mode={"node_pool": "custom", "allowed_types": ["m5.metal"], "capacity_types": ["on-demand"]})
    est = ESTIMATORS["eks-auto-mode"](w, book)
    assert est.complete, est.missing_prices
    assert est.fleet.nodes[0]["instance_type"] == "m5.metal" and est.fleet.node_count == 2
    assert sum(x.monthly_cost for x in by_resource(est, "instance")) == pytest.approx(6727.68)
    assert est.monthly_cost == pytest.approx(7543.48)


def test_unsupported_services(fee_prices):
    w = wl([{"name": "win", "cpu": 1, "memory": 2048, "os": "windows"},
            {"name": "arm", "cpu": 1, "memory": 2048, "architecture": "arm64"},
            {"name": "br", "cpu": 1, "memory": 2048, "network_mode": "bridge"}])
    auto = ESTIMATORS["eks-auto-mode"](w, fee_prices)
    assert {u.service for u in auto.unsupported} == {"win", "arm"}
    assert "Uses only amd64" in next(u.reason for u in auto.unsupported if u.service == "arm")
    mi = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert {u.service for u in mi.unsupported} >= {"win", "br"}


# ------------------------------------------------------------------------------------ settings and errors
@pytest.mark.parametrize("section, match", [
    ({"eks_auto_mode": {"capacity_types": ["spot"]}}, "built-in general-purpose NodePool"),
    ({"ecs_managed_instances": {"instance_requirements": {"allowed_types": ["m5"], "excluded_types": ["c5"]}}},
     "allowed_types or excluded_types"),
    ({"ecs_managed_instances": {"capacity_providers": [{"name": "ecs-spot"}]}}, "cannot start with aws, ecs"),
    ({"ecs_managed_instances": {"storage_gib": 10}}, "storage_gib"),
    ({"eks": {"provisioned_control_plane": "16xl"}}, "provisioned_control_plane"),
])
def test_bad_settings_name_the_field(section, match):
    with pytest.raises(WorkloadError, match=match):
        wl([{"name": "a", "cpu": 1, "memory": 1024}], **section)


def test_provisioned_control_plane_adds_to_the_standard_fee(prices):
    w = wl([{"name": "a", "cpu": 1, "memory": 2048}], eks={"provisioned_control_plane": "xl"})
    est = ESTIMATORS["eks-fargate"](w, prices)
    cp = {line.name: line.monthly_cost for line in est.lines if line.category == "control_plane"}
    # "billed at the hourly rate for the particular control plane scaling tier in addition to the standard or
    # extended support EKS hourly charges" (EKS User Guide): 730 x $0.10 + 730 x $1.65
    assert cp == {"EKS control plane (standard support)": pytest.approx(73.0),
                  "EKS Provisioned Control Plane (XL tier)": pytest.approx(1204.5)}
    far = ESTIMATORS["eks-fargate"](w.model_copy(update={"region": "eu-west-1"}), prices)
    assert any("provisioned control plane xl" in m and "--services AmazonEKS" in m for m in far.missing_prices)


# ------------------------------------------------------------------------------------- operations, findings
def test_operations_effort_lower_for_managed_and_overridable():
    w = wl([{"name": "a", "cpu": 1, "memory": 1024}])

    def hours(workload, platform):
        return sum(line.quantity for line in operations_lines(workload, platform))

    # default team experience 'expert' (x1): EKS on EC2 8 + 3 = 11 h; Auto Mode 5 + 1 = 6 h; ECS 2 + 3 vs 2 + 1
    assert (hours(w, "eks-ec2"), hours(w, "eks-auto-mode")) == (11, 6)
    # Kubernetes experience 'none' (x2): EKS on EC2 8 x 2 + 3 x 2 = 22 h; Auto Mode 5 x 2 + 1 x 2 = 12 h
    wn = wl([{"name": "a", "cpu": 1, "memory": 1024}], team={"kubernetes_experience": "none"})
    assert (hours(wn, "eks-ec2"), hours(wn, "eks-auto-mode")) == (22, 12)
    assert (hours(w, "ecs-ec2"), hours(w, "ecs-managed-instances")) == (5, 3)
    w0 = wl([{"name": "a", "cpu": 1, "memory": 1024}],
            operations={"managed_instances_hours_per_month": 0, "eks_auto_mode_cluster_hours_per_month": 8})
    assert hours(w0, "eks-auto-mode") == 8 and hours(w0, "ecs-managed-instances") == 2


def test_managed_vs_self_managed_finding(fee_prices):
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}],
           eks_auto_mode={"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]},
           ec2={"allowed_types": ["m6a.large"]})
    c = compare(w, prices=fee_prices, platforms=["eks-ec2", "eks-auto-mode"], scaling=False)
    (f,) = [f for f in c.recommendation.findings if f.kind == "managed_vs_self_managed"]
    assert f.data["management_fees"] == pytest.approx(21.90)
    assert f.data["infrastructure_difference"] == pytest.approx(303.316 - 267.016)
    assert f.data["engineer_hours_saved"] == 5  # (8 + 3) - (5 + 1) h, Kubernetes experience 'expert' (x1)
    assert "EKS Auto Mode costs $36.30 more a month than EKS on EC2 nodes" in f.text
    assert "saves about 5 engineer-hours a month" in f.text


def test_commitments_cover_instances_not_fees_and_scale_model_agrees(fee_prices):
    from advisor.costing.commitments import commitment_lines

    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}],
           eks_auto_mode={"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]},
           commitments=[{"type": "compute_savings_plan", "term_years": 1, "payment": "no_upfront",
                         "discount_percent": 20, "coverage_percent": 100}])
    c = compare(w, prices=fee_prices, platforms=["eks-auto-mode"], scaling=False)
    est = c.estimate("eks-auto-mode")
    (sp,) = [r for r in est.commitments if r.applied]
    # eligible On-Demand usage: the 3 m6a.large instances only (3 x $0.0864/h), never the fee (3 x $0.01/h)
    assert sp.eligible_on_demand_usd_per_hour == pytest.approx(3 * 0.0864)
    other, usage = est.scale.at(1.0, est.platform)
    added, _, _ = commitment_lines(w, usage, est.platform, est.label)
    assert other + sum(x.monthly_cost for x in usage) + sum(x.monthly_cost for x in added) == pytest.approx(
        est.monthly_cost)


def test_fees_fetched_from_a_price_list_mirror_price_both_platforms(tmp_path):
    # The offer-file mirror of tests/fixtures/pricelist (AWS's layout, synthetic mx-central-1 rates): m5.large $0.12/h,
    # ECS Managed Instances fee $0.01/h ("…ECS-Managed-Instances:m5.large-management-hours"), EKS Auto Mode fee
    # $0.012/h (eksproducttype AutoMode), gp3 $0.10/GB-month, EKS $0.10 per cluster-hour. Only m5.large has fees, so
    # both fleets are m5.large: 2 tasks of 1 vCPU on 2 instances (ECS: spread over min(3, 2); EKS: ec2.min_nodes).
    from datetime import date
    from pathlib import Path

    from advisor.pricing.fetch import fetch

    mirror = Path(__file__).parent / "fixtures" / "pricelist" / "mirror"
    fetch(["mx-central-1"], ["AmazonEC2", "AmazonECS", "AmazonEKS"], tmp_path, endpoint=str(mirror),
          floors={"ec2_prices": 1}, today=date(2026, 12, 1))
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 2}]).model_copy(update={"region": "mx-central-1"})
    mi, auto = (ESTIMATORS[p](w, book) for p in ("ecs-managed-instances", "eks-auto-mode"))
    assert mi.complete and auto.complete, (mi.missing_prices, auto.missing_prices)
    # 2 x 730 x 0.12 = 175.20; fees 2 x 730 x 0.01 = 14.60; data volumes 2 x 80 x 0.10 = 16.00
    assert mi.monthly_cost == pytest.approx(205.80)
    # 175.20 + 2 x 730 x 0.012 = 17.52 + 16.00 + control plane 73.00
    assert auto.monthly_cost == pytest.approx(281.72)
    (fee,) = {x.usage_type for x in by_resource(mi, "management_fee")}
    assert fee.endswith("ECS-Managed-Instances:m5.large-management-hours")


def test_nodes_pack_on_auto_mode_leaves_out_what_compare_leaves_out():
    """``nodes pack`` on a managed platform packs the fleet compare packs: arm64 services are left out of Auto Mode's
    built-in NodePool with compare's reason (it said to run 'advisor pricing fetch', which cannot change an
    architecture rule), and Windows services with theirs."""
    import json

    from typer.testing import CliRunner

    from advisor.cli import app

    r = CliRunner().invoke(app, ["nodes", "pack", "examples/arm-windows-mix.yaml", "--platform", "eks-auto-mode",
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    left_out = {u["service"]: u["reason"] for u in out["unsupported"]}
    assert set(left_out) == {"api", "worker", "legacy-dotnet"}
    assert "general-purpose NodePool 'Uses only amd64 architecture'" in left_out["api"]
    assert all(row["arch"] == "x86_64" for row in out["fleet"]) and out["nodes"] >= 1
    r = CliRunner().invoke(app, ["nodes", "pack", "examples/arm-windows-mix.yaml", "--platform", "ecs-managed-instances",
                                 "--format", "json"])
    assert r.exit_code == 0 and {u["service"] for u in json.loads(r.stdout)["unsupported"]} == {"legacy-dotnet"}


def test_nodes_pack_names_each_reason_once_when_no_service_runs(tmp_path):
    """30 bridge-mode services and a Windows one on ECS Managed Instances (awsvpc and host only; Linux only): the error
    gives each reason once with the services it rules out (it repeated the bridge sentence for every service)."""
    import yaml
    from typer.testing import CliRunner

    from advisor.cli import app

    services = [{"name": f"s{i:02d}", "cpu": 0.25, "memory": 512, "network_mode": "bridge"} for i in range(30)]
    services.append({"name": "win", "cpu": 1, "memory": 2048, "os": "windows"})
    (tmp_path / "w.yaml").write_text(yaml.safe_dump({"name": "w", "services": services}))
    r = CliRunner().invoke(app, ["nodes", "pack", str(tmp_path / "w.yaml"), "-p", "ecs-managed-instances"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2
    assert ("ecs-managed-instances can run none of the services of w: s00, s01, s02, s03, s04, s05, s06, s07, s08, "
            "s09 and 20 more: its task definition uses the bridge network mode; ECS Managed Instances support awsvpc "
            "and host") in out
    assert out.count("bridge network mode") == 1 and "; win: " in out


def test_pricing_show_lists_the_managed_platforms_and_the_fetch_that_fills_their_fees():
    from typer.testing import CliRunner

    from advisor.cli import app
    from advisor.pricing.inventory import coverage

    cov = {p["platform"]: p for p in coverage("us-east-1")["platforms"]}
    # the bundle ships no management fees (docs/pricing-refresh.md): both are missing, with the fetch that fills them
    for pid, service in (("ecs-managed-instances", "AmazonECS"), ("eks-auto-mode", "AmazonEKS")):
        assert cov[pid]["status"] == "missing" and "management fees" in cov[pid]["missing"]
        assert cov[pid]["fill"] == f"advisor pricing fetch --region us-east-1 --services {service}"
    r = CliRunner().invoke(app, ["pricing", "show"])
    assert r.exit_code == 0 and " 5/7 " in r.stdout  # us-east-1: five of the seven platforms


def test_persistent_volumes_are_priced_on_the_managed_platforms_too(fee_prices):
    """A StatefulSet's claims (persistent_volumes) were priced on EKS on EC2 and ECS on EC2 but left out of EKS Auto
    Mode and ECS Managed Instances, which then looked cheaper by the volumes. 3 replicas x 50 GiB gp3 at $0.08 per
    GB-month: EKS Auto Mode keeps the claims of the 3 pods all month: 3 x 50 x 0.08 = $12.00, as EKS on EC2; ECS
    Managed Instances one volume per task for its task-hours: the same $12.00 at 3 tasks all month, as ECS on EC2."""
    svc = [{"name": "db", "cpu": 1, "memory": 2048, "replicas": 3,
            "persistent_volumes": [{"name": "data", "size_gib": 50}]}]
    w = wl(svc, eks_auto_mode={"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]},
           ec2={"allowed_types": ["m6a.large"]}, operations={"include": False})

    def volumes(est):
        return sum(x.monthly_cost for x in est.lines if x.resource == "block_storage" and "EBS volume data" in x.name)

    for managed, self_managed in (("eks-auto-mode", "eks-ec2"), ("ecs-managed-instances", "ecs-ec2")):
        est = ESTIMATORS[managed](w, fee_prices)
        assert est.complete, (managed, est.missing_prices)
        assert volumes(est) == pytest.approx(3 * 50 * 0.08), managed
        assert volumes(est) == pytest.approx(volumes(ESTIMATORS[self_managed](w, fee_prices))), managed
        assert any(n.startswith("Persistent volumes priced as gp3 EBS volumes") for n in est.notes), managed
        other, usage = est.scale.at(1.0, est.platform)
        assert other + sum(x.monthly_cost for x in usage) == pytest.approx(est.monthly_cost), managed


def test_types_the_rules_accept_without_a_fee_row_name_the_fee_table(fee_prices):
    # The fee table has rows for us-east-1, none for an arm64 type: the arm64 service's types are priced, so the
    # message names the missing fees (it said "Widen them", though the rules accept many priced arm64 types)
    w = wl([{"name": "graviton", "cpu": 1, "memory": 2048, "replicas": 2, "architecture": "arm64"}])
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert est.status == "no price data"
    (msg,) = est.missing_prices
    assert msg.startswith("no arm64 instance type that the rules of ecs_managed_instances")
    assert "has a management fee for us-east-1 in the data (table managed_instance_fees)" in msg
    assert "Widen" not in msg and "'advisor pricing fetch --region us-east-1 --services AmazonECS'" in msg


@pytest.mark.parametrize("itype, why", [
    ("t3.micro", "its size is micro"),          # reported: shown with 218 MiB allocatable, a node Auto Mode never runs
    ("c7g.medium", "it has 1 vCPU"),
    ("x1e.xlarge", "the x1e family is not one Auto Mode supports"),
])
def test_nodes_capacity_refuses_a_type_auto_mode_never_launches(itype, why):
    from typer.testing import CliRunner

    from advisor.cli import app

    r = CliRunner().invoke(app, ["nodes", "capacity", "-i", itype, "-p", "eks-auto-mode"])
    assert r.exit_code == 2, r.output
    assert f"{itype} is not an EKS Auto Mode node: {why}" in r.output and "-p eks-ec2" in r.output
    assert "allocatable" not in r.output
    for fine in ("t3.medium", "m6i.large", "c7g.large"):
        r = CliRunner().invoke(app, ["nodes", "capacity", "-i", fine, "-p", "eks-auto-mode"])
        assert r.exit_code == 0 and "allocatable" in r.output, r.output


def test_auto_mode_families_match_the_supported_instance_reference(prices):
    # Amazon EKS User Guide, "Learn about Amazon EKS Auto Mode Managed instances", "EKS Auto Mode supported instance
    # reference": Compute Optimized lists c9g, General Purpose m9gd, Accelerated Computing p3 (and p3dn); the list
    # lacked all three, so a custom arm64 NodePool never considered c9g/m9gd nodes
    from advisor.sizing.nodes import AUTO_MODE_FAMILIES, auto_mode_never_launches

    assert {"c9g", "m9gd", "p3", "p3dn"} <= AUTO_MODE_FAMILIES
    c9g = Catalog.of(prices).instance_type("c9g.2xlarge")
    assert auto_mode_never_launches(c9g) is None
    w = parse_workload({"name": "g", "region": "us-east-1", "services": [
        {"name": "a", "cpu": 1, "memory": 2048, "replicas": 2, "architecture": "arm64"}],
        "eks_auto_mode": {"node_pool": "custom", "architectures": ["arm64"]}})
    assert managed_node_profile(w, "eks-auto-mode").accepts(c9g)


MI_SMALL_FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,ecs_managed_instances,m6g.medium,0.005,,,2026-12-03,test fixture (not an AWS price)
us-east-1,ecs_managed_instances,m6g.large,0.01,,,2026-12-03,test fixture (not an AWS price)
"""


def test_ecs_managed_instances_launch_only_supported_types_of_more_than_1_vcpu(prices, tmp_path):
    """Amazon ECS Developer Guide, "Amazon ECS Managed Instances instance types", "Amazon ECS Managed Instances
    supported instance types": a list of families, and "only creates instances that meet the following requirements.
    More than 1 vCPU; Instance size is not nano or micro". Two arm64 tasks of 0.5 vCPU / 1 GiB, one subnet: advisor
    packed them on one m6g.medium (1 vCPU), which ECS never launches: 730 x $0.0385 = $28.105 + fee 730 x $0.005 =
    $3.65 + 80 GiB x $0.08 = $6.40 -> $38.155. ECS launches an m6g.large: 730 x $0.077 = $56.21 + 730 x $0.01 = $7.30
    + $6.40 = $69.91 (fees are test fixtures)."""
    from advisor.sizing.nodes import ECS_MI_FAMILIES, ecs_mi_never_launches

    cat = Catalog.of(prices)
    assert ecs_mi_never_launches(cat.instance_type("m6g.medium")) == (
        "it has 1 vCPU, and ECS Managed Instances launches only instances with more than 1 vCPU")
    assert ecs_mi_never_launches(cat.instance_type("t3.micro")).startswith("its size is micro")
    assert ecs_mi_never_launches(cat.instance_type("m4.large")) == (
        "the m4 family is not one ECS Managed Instances supports")
    assert ecs_mi_never_launches(cat.instance_type("c6gn.large")) is not None  # listed for Auto Mode, not for ECS
    for fine in ("t3.small", "m6g.large", "c7i-flex.large", "i3en.large", "m8gd.xlarge"):
        assert ecs_mi_never_launches(cat.instance_type(fine)) is None, fine
    assert {"m9g", "c8ine", "u7in-32tb", "hpc7g"} <= ECS_MI_FAMILIES and not {"i3", "r4", "t2"} & ECS_MI_FAMILIES
    # every provider: the default one and one with instance_requirements (previous generations allowed by default)
    svc = [{"name": "api", "cpu": 0.5, "memory": 1024, "replicas": 2, "architecture": "arm64"}]
    default = managed_node_profile(wl(svc), "ecs-managed-instances")
    req = managed_node_profile(wl(svc, ecs_managed_instances={"instance_requirements": {"vcpu": {"min": 1}}}),
                               "ecs-managed-instances")
    for prof in (default, req):
        assert not prof.accepts(cat.instance_type("m6g.medium")) and prof.accepts(cat.instance_type("m6g.large"))
    assert not req.accepts(cat.instance_type("m4.large")) and req.accepts(cat.instance_type("m5.large"))
    assert "more than 1 vCPU, not nano or micro" in default.describe()
    (tmp_path / "managed_instance_fees.csv").write_text(MI_SMALL_FEES, encoding="utf-8")
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    est = ESTIMATORS["ecs-managed-instances"](wl(svc, ecs_managed_instances={"az_spread": False},
                                                 operations={"include": False}), book)
    assert est.complete, est.missing_prices
    assert [(n["instance_type"], n["count"]) for n in est.fleet.nodes] == [("m6g.large", 1)]
    assert est.monthly_cost == pytest.approx(69.91)


@pytest.mark.parametrize("itype, why", [
    ("m6g.medium", "it has 1 vCPU"),
    ("t3.nano", "its size is nano"),
    ("m4.large", "the m4 family is not one ECS Managed Instances supports"),
])
def test_nodes_capacity_refuses_a_type_ecs_managed_instances_never_launch(itype, why):
    from typer.testing import CliRunner

    from advisor.cli import app

    r = CliRunner().invoke(app, ["nodes", "capacity", "-i", itype, "-p", "ecs-managed-instances"])
    assert r.exit_code == 2, r.output
    assert f"{itype} is not an ECS Managed Instances instance: {why}" in r.output and "-p ecs-ec2" in r.output
    r = CliRunner().invoke(app, ["nodes", "capacity", "-i", "t3.small", "-p", "ecs-managed-instances"])
    assert r.exit_code == 0 and "allocatable" in r.output, r.output


# ----------------------------------------------------------------------------------- Auto Mode local NVMe
NVME_FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,eks_auto_mode,m6i.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,eks_auto_mode,m6id.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,eks_auto_mode,r5a.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,eks_auto_mode,i3en.large,0.01,,,2026-09-20,test fixture (not an AWS price)
"""


@pytest.fixture(scope="module")
def nvme_prices(tmp_path_factory):
    d = tmp_path_factory.mktemp("nvme_fees")
    (d / "managed_instance_fees.csv").write_text(NVME_FEES, encoding="utf-8")
    return PriceBook(data_dirs=[d, BUNDLED_DIR])


def _auto(itype, prices, **am):
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}]
    w = wl(svc, eks_auto_mode={"node_pool": "custom", "allowed_types": [itype], **am}, operations={"include": False})
    est = ESTIMATORS["eks-auto-mode"](w, prices)
    assert est.complete, est.missing_prices
    assert est.fleet.nodes[0]["instance_type"] == itype and est.fleet.node_count == 3
    return est


def test_catalog_carries_instance_store_size(prices):
    # DescribeInstanceTypes InstanceStorageInfo.TotalSizeInGB: m6id.large 1 x 118 GB NVMe SSD, m6id.xlarge 237 GB;
    # m6i.large has no instance store
    cat = Catalog.of(prices)
    assert cat.instance_type("m6id.large").instance_storage_gb == 118
    assert cat.instance_type("m6id.xlarge").instance_storage_gb == 237
    assert cat.instance_type("m6i.large").instance_storage_gb == 0
    assert cat.instance_type("m6id.large").to_dict()["instance_storage_gb"] == 118


def test_auto_mode_local_nvme_gets_a_20_gib_volume(nvme_prices):
    # EKS User Guide, "Learn about Amazon EKS Auto Mode Managed instances", Considerations: NodeClass ephemeral storage (default 80 GiB) smaller than
    # the instance's local NVMe -> the NVMe holds ephemeral storage and the EBS data volume is 20 GiB.
    # m6i.large and m6id.large are both 2 vCPU / 8 GiB: 1-vCPU pods, one per node, 3 nodes either way.
    # m6i.large (no instance store): 3 x 730 x $0.096 = $210.24; fees 3 x 730 x $0.01 = $21.90; volumes 3 x 80 GiB x
    # $0.08 (gp3, us-east-1) = $19.20; control plane 730 x $0.10 = $73.00 -> $324.34.
    plain = _auto("m6i.large", nvme_prices)
    (vol,) = by_resource(plain, "block_storage")
    assert vol.name.startswith("EBS ephemeral storage volume (gp3, 80 GiB per node")
    assert vol.monthly_cost == pytest.approx(19.20)
    assert plain.monthly_cost == pytest.approx(324.34)
    assert not any(n.startswith("Local NVMe") for n in plain.notes)
    # m6id.large: 118 GB = 109.9 GiB of NVMe > 80 GiB. 3 x 730 x $0.11865 = $259.8435; fees $21.90; volumes 3 x 20 GiB
    # x $0.08 = $4.80; control plane $73.00 -> $359.5435.
    nvme = _auto("m6id.large", nvme_prices)
    (vol,) = by_resource(nvme, "block_storage")
    assert vol.name == ("EBS data volume (gp3, 20 GiB per node on types with local NVMe larger than the 80 GiB "
                        "ephemeral storage: m6id.large)")
    assert vol.quantity == pytest.approx(60) and vol.monthly_cost == pytest.approx(4.80)
    assert nvme.monthly_cost == pytest.approx(359.5435)
    assert any(n.startswith("Local NVMe: m6id.large 118 GB") and "Auto Mode Managed instances\", Considerations" in n for n in nvme.notes)
    assert any("80 GiB gp3 ephemeral storage volume per node (20 GiB on types with larger local NVMe" in n
               for n in nvme.notes)
    assert any(n.endswith("80 GiB gp3 ephemeral storage volume per node.") for n in plain.notes)
    # the scale model prices the same 3 nodes: $4.80 of volumes, not $19.20
    base, rest = nvme.scale.at(1.0, nvme.platform)
    assert base + sum(x.monthly_cost for x in rest) == pytest.approx(nvme.monthly_cost)


def test_auto_mode_nvme_not_larger_keeps_the_ephemeral_volume(nvme_prices):
    # 118 GB = 118e9 / 2^30 = 109.896 GiB: not larger than 110 GiB of ephemeral storage -> a 110 GiB gp3 volume per
    # node, 3 x 110 x $0.08 = $26.40 (the comparison is in GiB, not 118 > 110)
    est = _auto("m6id.large", nvme_prices, ephemeral_storage_gib=110)
    (vol,) = by_resource(est, "block_storage")
    assert vol.name.startswith("EBS ephemeral storage volume (gp3, 110 GiB per node")
    assert vol.monthly_cost == pytest.approx(26.40)
    # 109 GiB: smaller than the NVMe -> 20 GiB again, $4.80
    est = _auto("m6id.large", nvme_prices, ephemeral_storage_gib=109)
    (vol,) = by_resource(est, "block_storage")
    assert vol.name.startswith("EBS data volume (gp3, 20 GiB") and vol.monthly_cost == pytest.approx(4.80)


def test_auto_mode_packer_counts_each_types_volume(nvme_prices):
    # The packer priced a type at instance + fee only, so i3en.large (2 vCPU, 16 GiB, 1,250 GB = 1,164.2 GiB of local
    # NVMe, $0.226/h) was dominated by r5a.large (2 vCPU, 16 GiB, $0.113/h: the same allocatable, 110 pods each) and
    # pruned, although with 1,100 GiB of NodeClass ephemeral storage an r5a.large node carries a 1,100 GiB gp3 volume
    # and an i3en.large node a 20 GiB one. Per node-hour (fees: fixture $0.01 each; gp3 $0.08 per GB-month / 730 h):
    #   r5a.large 0.113 + 0.01 + 1100 x 0.08 / 730 = 0.243548; i3en.large 0.226 + 0.01 + 20 x 0.08 / 730 = 0.238192
    # 4 one-vCPU pods, one per node either way (1.93 vCPU allocatable):
    #   r5a.large:  4 x 730 x 0.113 = 329.96 + fees 29.20 + volumes 4 x 1100 x 0.08 = 352.00 + control plane 73 = 784.16
    #   i3en.large: 4 x 730 x 0.226 = 659.92 + fees 29.20 + volumes 4 x 20 x 0.08 = 6.40 + control plane 73 = 768.52
    from advisor.sizing.fleet import fleet_planner
    svc = [{"name": "scratch", "cpu": 1, "memory": 4096, "replicas": 4}]
    pool = {"node_pool": "custom", "capacity_types": ["on-demand"], "architectures": ["amd64"],
            "allowed_types": ["r5a.large", "i3en.large"]}
    w = wl(svc, eks_auto_mode={**pool, "ephemeral_storage_gib": 1100}, operations={"include": False})
    planner = fleet_planner(w, "eks-auto-mode", nvme_prices)
    # same capacity, so the cheaper per node dominates: i3en.large now, r5a.large before
    assert [(nt.name, nt.usd_per_hour) for nt in planner.node_types] == [
        ("i3en.large", pytest.approx(0.226 + 0.01 + 20 * 0.08 / 730))]
    est = ESTIMATORS["eks-auto-mode"](w, nvme_prices)
    assert est.complete, est.missing_prices
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("i3en.large", 4)]
    assert est.fleet.nodes[0]["volume_usd_per_hour"] == pytest.approx(20 * 0.08 / 730)
    assert est.monthly_cost == pytest.approx(768.52)
    # the packed cost, the LP bound and the gap share that basis: 4 x 730 x 0.238192 = $695.52 (instances, fees and
    # volumes), and the scale model prices the same fleet at 1x
    assert est.fleet.instance_monthly == pytest.approx(695.52) == est.fleet.lower_bound_monthly
    assert est.fleet.gap == pytest.approx(0.0)
    base, rest = est.scale.at(1.0, est.platform)
    assert base + sum(x.monthly_cost for x in rest) == pytest.approx(768.52)
    # at 100 GiB i3en.large still gets 20 GiB, but the $0.113/h instance difference outweighs $0.0088/h of volume:
    # r5a.large, 4 x (730 x 0.123 + 100 x 0.08) = 391.16 + 73 = 464.16; i3en.large would be 4 x 730 x 0.236 + 6.40 + 73
    est = ESTIMATORS["eks-auto-mode"](wl(svc, eks_auto_mode={**pool, "ephemeral_storage_gib": 100},
                                         operations={"include": False}), nvme_prices)
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("r5a.large", 4)]
    assert est.monthly_cost == pytest.approx(464.16)
    assert [nt.name for nt in fleet_planner(wl(svc, eks_auto_mode={**pool, "ephemeral_storage_gib": 100}),
                                            "eks-auto-mode", nvme_prices).node_types] == ["r5a.large"]


def test_ecs_managed_instances_packer_price_includes_the_data_volume(fee_prices):
    # c6a.2xlarge: $0.306 instance + $0.037 fee (the ECS pricing page's example) + 80 GiB x $0.08 / 730 per hour
    w = wl([{"name": "big", "cpu": 6, "memory": 12288, "replicas": 1}],
           ecs_managed_instances={"instance_requirements": {"allowed_types": ["c6a.2xlarge"]}, "az_spread": False})
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    (row,) = est.fleet.nodes
    assert row["usd_per_hour"] == pytest.approx(0.306 + 0.037 + 80 * 0.08 / 730)
    assert est.fleet.instance_monthly == pytest.approx(223.38 + 27.01 + 6.40)  # $256.79, the estimate's total
    assert any("instances, fees and each node's volume" in n for n in est.notes)


def test_auto_mode_volume_rule_values():
    # GB (DescribeInstanceTypes) against GiB (NodeClass): 118 GB = 109.9 GiB; 50 GB = 46.6 GiB; 0: no instance store
    from advisor.sizing.nodes import auto_mode_uses_nvme, auto_mode_volume_gib
    assert auto_mode_volume_gib(118, 80) == 20 and auto_mode_volume_gib(0, 80) == 80
    assert auto_mode_volume_gib(118, 110) == 110 and not auto_mode_uses_nvme(118, 110)
    assert auto_mode_volume_gib(50, 10.5) == 20 and auto_mode_volume_gib(0, 10.5) == 11


# ------------------------------------------------------------------ ECS Managed Instances local storage
LOCAL_FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,ecs_managed_instances,m6i.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,ecs_managed_instances,m6id.large,0.01,,,2026-09-20,test fixture (not an AWS price)
"""


@pytest.fixture(scope="module")
def local_prices(tmp_path_factory):
    d = tmp_path_factory.mktemp("local_fees")
    (d / "managed_instance_fees.csv").write_text(LOCAL_FEES, encoding="utf-8")
    return PriceBook(data_dirs=[d, BUNDLED_DIR])


def _mi_local(types, prices, **mi):
    # 3 one-vCPU / 2 GiB tasks, one subnet (bin packing): a 2 vCPU / 8 GiB instance holds 2 tasks -> 2 instances
    w = wl([{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}],
           ecs_managed_instances={"instance_requirements": {"allowed_types": types}, "az_spread": False, **mi},
           operations={"include": False})
    est = ESTIMATORS["ecs-managed-instances"](w, prices)
    assert est.complete, (est.missing_prices, est.unsupported)
    return est


def test_use_local_storage_drops_the_data_volume_on_types_with_instance_store(local_prices):
    """localStorageConfiguration.useLocalStorage: "Use instance store volumes for data storage when available. EBS
    volumes are not provisioned for data storage" (ECS API Reference, ManagedInstancesLocalStorageConfiguration).
    m6id.large (118 GB instance store): 2 x 730 x $0.11865 = $173.229 + fees 2 x 730 x $0.01 (fixture) = $14.60 and
    no EBS data volume -> $187.829; without the setting the 80 GiB data volume adds 2 x 80 x $0.08 = $12.80 ->
    $200.629."""
    est = _mi_local(["m6id.large"], local_prices, use_local_storage=True)
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("m6id.large", 2)]
    assert by_resource(est, "block_storage") == []
    assert est.monthly_cost == pytest.approx(187.829)
    assert est.fleet.nodes[0]["usd_per_hour"] == pytest.approx(0.11865 + 0.01)  # the packer's price: no volume
    (note,) = [n for n in est.notes if n.startswith("Local storage")]
    assert "m6id.large 118 GB of instance store" in note and "ManagedInstancesLocalStorageConfiguration" in note
    assert "smaller than what the tasks write" in note and "(assumption)" in note
    assert any("(none on types with instance store: use_local_storage; gp3 assumed" in n for n in est.notes)
    base, rest = est.scale.at(1.0, est.platform)
    assert base + sum(x.monthly_cost for x in rest) == pytest.approx(187.829)
    off = _mi_local(["m6id.large"], local_prices)
    (vol,) = by_resource(off, "block_storage")
    assert (vol.quantity, vol.monthly_cost) == (pytest.approx(160), pytest.approx(12.80))
    assert off.monthly_cost == pytest.approx(200.629)
    assert not any(n.startswith("Local storage") for n in off.notes)


def test_use_local_storage_keeps_the_data_volume_on_types_without_instance_store(local_prices):
    # "when available": m6i.large has no instance store, so its instances keep the 80 GiB data volume:
    # 2 x 730 x $0.096 = $140.16 + fees $14.60 + 2 x 80 x $0.08 = $12.80 -> $167.56, as without the setting
    est = _mi_local(["m6i.large"], local_prices, use_local_storage=True)
    (vol,) = by_resource(est, "block_storage")
    assert vol.name == "EBS data volume (gp3, 80 GiB per instance)" and vol.monthly_cost == pytest.approx(12.80)
    assert est.monthly_cost == pytest.approx(167.56)
    (note,) = [n for n in est.notes if n.startswith("Local storage")]
    assert "no type of this fleet (m6i.large) has instance store volumes, so each instance keeps its 80 GiB" in note


def test_use_local_storage_enters_the_packers_price_of_each_type(local_prices):
    """With a 1,000 GiB data volume a node costs per hour (gp3 $0.08 per GB-month / 730 h; fixture fees $0.01):
    m6i.large 0.096 + 0.01 + 1000 x 0.08 / 730 = 0.215589; m6id.large 0.11865 + 0.01 + 0 = 0.12865 under
    use_local_storage. So the fleet is 2 m6id.large: $173.229 + $14.60 = $187.829. Without the setting both carry the
    volume and m6i.large is cheaper: $140.16 + $14.60 + 2 x 1000 x $0.08 = $160.00 -> $314.76."""
    est = _mi_local(["m6i.large", "m6id.large"], local_prices, use_local_storage=True, storage_gib=1000)
    assert [(r["instance_type"], r["count"]) for r in est.fleet.nodes] == [("m6id.large", 2)]
    assert est.monthly_cost == pytest.approx(187.829)
    off = _mi_local(["m6i.large", "m6id.large"], local_prices, storage_gib=1000)
    assert [(r["instance_type"], r["count"]) for r in off.fleet.nodes] == [("m6i.large", 2)]
    assert off.monthly_cost == pytest.approx(314.76)


def test_volume_rule_values_for_local_storage():
    from advisor.sizing.nodes import mi_uses_local_storage, node_volume_gib
    assert node_volume_gib("ecs-managed-instances", 118, 80, 80, use_local_storage=True) == 0
    assert node_volume_gib("ecs-managed-instances", 0, 80, 80, use_local_storage=True) == 80
    assert node_volume_gib("ecs-managed-instances", 118, 80, 80) == 80
    # the setting is ECS's: EKS Auto Mode keeps its own NVMe rule (20 GiB)
    assert node_volume_gib("eks-auto-mode", 118, 80, 80, use_local_storage=True) == 20
    assert mi_uses_local_storage(118, True) and not mi_uses_local_storage(118, False)


def test_nodes_pack_header_says_which_types_carry_no_data_volume(tmp_path):
    """The header said "EBS data volume 80 GiB each" of m6id.large instances that carry none under use_local_storage
    (the bundled data has no fee: the fleet is still packed, at EC2 prices)."""
    import yaml
    from typer.testing import CliRunner

    from advisor.cli import app

    def header(types):
        (tmp_path / "w.yaml").write_text(yaml.safe_dump({
            "name": "w", "services": [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}],
            "ecs_managed_instances": {"instance_requirements": {"allowed_types": types}, "az_spread": False,
                                      "use_local_storage": True}}))
        r = CliRunner().invoke(app, ["nodes", "pack", str(tmp_path / "w.yaml"), "-p", "ecs-managed-instances"])
        assert r.exit_code == 0, r.output
        return r.output.splitlines()[0]
    assert header(["m6id.large"]) == ("w on ecs-managed-instances in us-east-1: 2 nodes (EBS data volume none "
                                      "(use_local_storage: the instance store of m6id.large holds the data), VM memory "
                                      "overhead 7.5%)")
    assert "(EBS data volume 80 GiB each, VM" in header(["m6i.large"])


# ----------------------------------------------------------------- ECS Managed Instances capacity option RESERVED
@pytest.mark.parametrize("mi", [
    {"capacity_option_type": "reserved"},
    {"capacity_providers": [{"name": "mi-res", "capacity_option_type": "reserved"}]},
])
def test_reserved_capacity_is_priced_on_demand_with_its_note(fee_prices, mi):
    """capacityOptionType RESERVED (EC2 Capacity Reservations): "Capacity Reservations are charged at the equivalent
    On-Demand rate whether you run instances in reserved capacity or not" (EC2 User Guide, "Capacity Reservation
    pricing and billing"). The c6a.2xlarge of test_ecs_pricing_page_example_fee: 730 x $0.306 = $223.38 + fee 730 x
    $0.037 = $27.01 + 80 GiB x $0.08 = $6.40 -> $256.79, the On-Demand total; the instance line stays commitment
    eligible (Savings Plans and Regional RIs apply to Capacity Reservations, same page)."""
    svc = {"name": "big", "cpu": 6, "memory": 12288, "replicas": 1}
    if "capacity_providers" in mi:
        svc["capacity_provider_strategy"] = [{"capacityProvider": "mi-res", "weight": 1}]
    w = wl([svc], ecs_managed_instances={"instance_requirements": {"allowed_types": ["c6a.2xlarge"]},
                                         "az_spread": False, **mi})
    est = ESTIMATORS["ecs-managed-instances"](w, fee_prices)
    assert est.complete, est.missing_prices
    (inst,) = by_resource(est, "instance")
    assert (inst.purchase_option, inst.unit_price, inst.monthly_cost) == ("on_demand", 0.306, pytest.approx(223.38))
    assert inst.commitments
    assert est.monthly_cost == pytest.approx(256.79)
    (note,) = [n for n in est.notes if n.startswith("Capacity option reserved")]
    who = "capacity provider mi-res" if "capacity_providers" in mi else "ecs_managed_instances.capacity_option_type"
    assert note.startswith(f"Capacity option reserved ({who}): EC2 Capacity Reservations, priced at the On-Demand rate")
    assert "\"Capacity Reservation pricing and billing\"" in note
    assert "Reserved capacity the fleet leaves unused is billed too" in note and "reservation's size" in note
    on_demand = ESTIMATORS["ecs-managed-instances"](wl([{k: v for k, v in svc.items()
                                                         if k != "capacity_provider_strategy"}],
                                                       ecs_managed_instances={"instance_requirements": {
                                                           "allowed_types": ["c6a.2xlarge"]}, "az_spread": False}),
                                                    fee_prices)
    assert not any(n.startswith("Capacity option reserved") for n in on_demand.notes)


@pytest.mark.parametrize("section, where", [
    ({"capacity_option_type": "reserve"}, "ecs_managed_instances.capacity_option_type"),
    ({"capacity_providers": [{"name": "mi", "capacity_option_type": "RESERVED"}]},
     "ecs_managed_instances.capacity_providers[0].capacity_option_type"),
    ({"use_local_storage": "yes"}, "ecs_managed_instances.use_local_storage"),
])
def test_bad_capacity_option_or_local_storage_exits_2_naming_the_valid_values(tmp_path, section, where):
    import yaml
    from typer.testing import CliRunner

    from advisor.cli import app
    p = tmp_path / "w.yaml"
    p.write_text(yaml.safe_dump({"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 2048}],
                                 "ecs_managed_instances": section}))
    r = CliRunner().invoke(app, ["compare", str(p), "--platform", "ecs-managed-instances"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out, out
    assert where in out
    if "use_local_storage" not in section:
        assert "expected 'on_demand', 'spot' or 'reserved'" in out, out


# ------------------------------------------------------------------------- custom NodePool defaults (no requirement)
def test_custom_nodepool_without_categories_or_generation_allows_any(prices):
    # Karpenter docs, "NodePools": "If a requirement is not defined for a well known label, any value available to the
    # cloud provider may be chosen"; EKS User Guide, "Control costs in EKS Auto Mode" (auto-cost-control.adoc @
    # 00193d6e): custom NodePools "do not inherit these restrictions" of the built-in pools (C, M, R; generation 5+).
    # advisor used to default a custom NodePool to c/m/r and generation >= 5, so i4i, t3 and c4 were never candidates.
    cat = Catalog.of(prices)
    svc = [{"name": "a", "cpu": 1, "memory": 1024}]
    w = wl(svc, eks_auto_mode={"node_pool": "custom"})
    assert w.eks_auto_mode.instance_categories is None and w.eks_auto_mode.min_generation is None
    custom = managed_node_profile(w, "eks-auto-mode")
    builtin = managed_node_profile(wl(svc), "eks-auto-mode")
    for name in ("i4i.large", "t3.large", "c4.large", "m6a.large"):
        assert custom.accepts(cat.instance_type(name)), name
    assert [builtin.accepts(cat.instance_type(n)) for n in ("i4i.large", "t3.large", "c4.large", "m6a.large")] == [
        False, False, False, True]
    # Auto Mode's own limits still apply to a custom pool: supported families, more than 1 vCPU
    assert not custom.accepts(cat.instance_type("t3.micro"))
    assert "any category" in custom.describe()
    # a custom pool that names them keeps them
    named = managed_node_profile(wl(svc, eks_auto_mode={"node_pool": "custom", "instance_categories": ["c", "m", "r"],
                                                        "min_generation": 5}), "eks-auto-mode")
    assert not named.accepts(cat.instance_type("i4i.large")) and not named.accepts(cat.instance_type("c4.large"))


def test_custom_nodepool_without_arch_or_capacity_type_launches_both(fee_prices):
    # Karpenter docs, "NodePools": Architecture "Karpenter supports amd64 nodes, and arm64 nodes"; Capacity Type "If a
    # NodePool is compatible with multiple capacity types, Karpenter will prioritize reserved capacity, followed by
    # spot, then finally on-demand"; "v1beta1 Migration": "Karpenter v1beta1 drops the defaulting logic for the node
    # requirements" (v1alpha5 defaulted to amd64 and on-demand). advisor defaulted a custom NodePool to [amd64] and
    # [on-demand]: an arm64 service was "unsupported" and spot-tolerant pods were priced On-Demand.
    cat = Catalog.of(fee_prices)
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}]
    custom = wl(svc, eks_auto_mode={"node_pool": "custom"}).eks_auto_mode
    assert custom.capacity_types is None and custom.architectures is None
    assert (custom.launch_capacity_types, custom.launch_architectures) == (["on-demand", "spot"], ["amd64", "arm64"])
    builtin = wl(svc).eks_auto_mode
    assert (builtin.launch_capacity_types, builtin.launch_architectures) == (["on-demand"], ["amd64"])
    graviton = cat.instance_type("m7g.large")
    assert managed_node_profile(wl(svc, eks_auto_mode={"node_pool": "custom"}), "eks-auto-mode").accepts(graviton)
    assert not managed_node_profile(wl(svc), "eks-auto-mode").accepts(graviton)
    assert not managed_node_profile(wl(svc, eks_auto_mode={"node_pool": "custom", "architectures": ["amd64"]}),
                                    "eks-auto-mode").accepts(graviton)
    # an arm64 service runs on a custom pool with no arch requirement; one that names amd64 only cannot run it
    arm = [{"name": "arm", "cpu": 1, "memory": 2048, "architecture": "arm64"}]
    assert not ESTIMATORS["eks-auto-mode"](wl(arm, eks_auto_mode={"node_pool": "custom"}), fee_prices).unsupported
    [u] = ESTIMATORS["eks-auto-mode"](wl(arm, eks_auto_mode={"node_pool": "custom", "architectures": ["amd64"]}),
                                      fee_prices).unsupported
    assert "does not include arm64" in u.reason
    # the 3 m6a.large nodes of test_auto_mode_hand_computed_fleet_against_eks_ec2 on Spot: the Spot Advisor's 59%
    # saving for m6a.large in us-east-1 -> 3 x 730 x $0.0864 x 0.41 = $77.57856; + fees $21.90 + volumes $19.20 +
    # control plane $73.00 = $191.67856 (On-Demand: $303.316)
    pool = {"node_pool": "custom", "allowed_types": ["m6a.large"]}
    auto = ESTIMATORS["eks-auto-mode"](wl(svc, eks_auto_mode=pool, operations={"include": False}), fee_prices)
    assert auto.complete, auto.missing_prices
    assert auto.fleet.node_count == 3 and auto.monthly_cost == pytest.approx(191.67856)
    assert {x.purchase_option for x in by_resource(auto, "instance")} == {"spot"}
    assert "no karpenter.sh/capacity-type requirement" in " ".join(auto.notes)
    explicit = wl(svc, eks_auto_mode={**pool, "capacity_types": ["on-demand", "spot"]}, operations={"include": False})
    assert ESTIMATORS["eks-auto-mode"](explicit, fee_prices).monthly_cost == pytest.approx(191.67856)
    # a service that is not spot-tolerant stays on On-Demand nodes
    steady = wl([{**svc[0], "spot": False}], eks_auto_mode=pool, operations={"include": False})
    assert ESTIMATORS["eks-auto-mode"](steady, fee_prices).monthly_cost == pytest.approx(303.316)


def test_builtin_nodepool_still_refuses_changed_requirements():
    svc = [{"name": "a", "cpu": 1, "memory": 1024}]
    assert wl(svc, eks_auto_mode={"instance_categories": ["c", "m", "r"], "min_generation": 5}).eks_auto_mode
    with pytest.raises(WorkloadError, match="min_generation cannot be set on the built-in"):
        wl(svc, eks_auto_mode={"min_generation": 6})
    # the built-in categories in another order, or one twice, are the built-in pool (were refused as "cannot be set")
    assert wl(svc, eks_auto_mode={"instance_categories": ["r", "m", "c"]}).eks_auto_mode.instance_categories
    assert wl(svc, eks_auto_mode={"instance_categories": ["c", "m", "r", "c"], "architectures": ["amd64", "amd64"]})
    with pytest.raises(WorkloadError, match="instance_categories cannot be set on the built-in"):
        wl(svc, eks_auto_mode={"instance_categories": ["c", "m"]})


def test_burstable_fleet_notes_unlimited_mode_credits(fee_prices):
    # Amazon EC2 API Reference, RunInstances CreditSpecification: "Default: standard (T2 instances) or unlimited
    # (T3/T3a/T4g instances)"; surplus credits are billed on top of the instance price and advisor does not price them
    from advisor.costing.ec2 import UNLIMITED_BY_DEFAULT, burstable_note

    assert UNLIMITED_BY_DEFAULT == ("t3", "t3a", "t4g")
    assert burstable_note([{"instance_type": "m6a.large"}], fee_prices) is None
    note = burstable_note([{"instance_type": "t3a.large"}, {"instance_type": "t2.large"}], fee_prices)
    assert note.startswith("Burstable types t2.large, t3a.large") and "t3a.large launch in unlimited mode" in note
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 2}]
    est = ESTIMATORS["ecs-ec2"](wl(svc, ec2={"allowed_types": ["t3a.large"]}, operations={"include": False}),
                                fee_prices)
    assert est.fleet.nodes[0]["instance_type"] == "t3a.large"
    assert any(n.startswith("Burstable types t3a.large") for n in est.notes)
    plain = ESTIMATORS["ecs-ec2"](wl(svc, ec2={"allowed_types": ["m6a.large"]}, operations={"include": False}),
                                  fee_prices)
    assert not any(n.startswith("Burstable") for n in plain.notes)


def test_public_ipv4_per_task_is_one_per_instance_on_managed_instances(fee_prices):
    # Amazon ECS Developer Guide, "Allocate a network interface for tasks on Amazon ECS Managed Instances": each task's
    # ENI gets "a primary private IP address"; "you can optionally assign a public IP address to the Amazon ECS Managed
    # Instance primary ENI by enabling IPv4 public addressing for the subnet": one address per instance, $0.005/IP-hour
    svc = [{"name": "api", "cpu": 0.5, "memory": 1024, "replicas": 3}]
    w = wl(svc, ecs_managed_instances={"instance_requirements": {"vcpu": {"min": 2}, "memory_mib": {"min": 0},
                                                                 "allowed_types": ["m6a.large"]}},
           shared={"public_ipv4": {"per_task": True}}, operations={"include": False})
    est = compare(w, platforms=["ecs-managed-instances"], prices=fee_prices).estimate("ecs-managed-instances")
    (ip,) = [ln for ln in est.lines if ln.category == "public_ipv4"]
    assert est.fleet.node_count == 3 and ip.name == "Public IPv4 addresses, one per node (3 nodes)"
    assert ip.monthly_cost == pytest.approx(3 * 730 * 0.005)


# ----------------------------------------------------------------------------------- ECS ENI-trunking table
TRUNK_FEES = """region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source
us-east-1,ecs_managed_instances,m7i.large,0.01,,,2026-09-20,test fixture (not an AWS price)
us-east-1,ecs_managed_instances,m6i.large,0.01,,,2026-09-20,test fixture (not an AWS price)
"""


@pytest.fixture(scope="module")
def trunk_prices(tmp_path_factory):
    d = tmp_path_factory.mktemp("trunk_fees")
    (d / "managed_instance_fees.csv").write_text(TRUNK_FEES, encoding="utf-8")
    return PriceBook(data_dirs=[d, BUNDLED_DIR])


def _awsvpc_fleet(platform, itype, prices, **kw):
    svc = [{"name": "api", "cpu": 0.25, "memory": 512, "replicas": 8}]
    if platform == "ecs-ec2":
        w = wl(svc, ec2={"allowed_types": [itype], "ecs_awsvpc_trunking": True, "min_nodes": 1},
               operations={"include": False}, **kw)
    else:
        w = wl(svc, ecs_managed_instances={"instance_requirements": {"allowed_types": [itype]}, "az_spread": False},
               operations={"include": False}, **kw)
    return ESTIMATORS[platform](w, prices)


@pytest.mark.parametrize("platform", ["ecs-ec2", "ecs-managed-instances"])
def test_types_missing_from_the_trunking_table_are_named(platform, trunk_prices):
    # Amazon ECS Developer Guide, ENI trunking "Supported Amazon EC2 instance types" (awsdocs/amazon-ecs-developer-guide
    # doc_source/container-instance-eni.md @ a35b7671, 2023-04-18, the last list published there): "| m6i\.large | 2
    # | 10 |", so 8 awsvpc tasks of 0.25 vCPU / 512 MiB fit one m6i.large; m7i.large is not in that list: ENIs - 1 =
    # 3 - 1 = 2 tasks per instance, 4 instances, and the estimate says why and how to add the row.
    cat = Catalog.of(trunk_prices)
    assert cat.instance_type("m6i.large").ecs_trunking_task_limit == 10
    assert cat.instance_type("m7g.large").ecs_trunking_task_limit == 10  # "| m7g\.large | 2 | 10 |"
    assert cat.instance_type("r7g.16xlarge").ecs_trunking_task_limit == 120  # "| r7g\.16xlarge | 14 | 120 |"
    old = _awsvpc_fleet(platform, "m6i.large", trunk_prices)
    assert old.fleet.node_count == 1 and not any("ENI trunking: " in n for n in old.notes)
    new = _awsvpc_fleet(platform, "m7i.large", trunk_prices)
    assert new.fleet.node_count == 4
    [note] = [n for n in new.notes if n.startswith("ENI trunking: ")]
    assert "m7i.large is not in the ECS ENI-trunking table" in note and "(m7i.large 2)" in note
    assert "ecs_eni_trunking.csv in the data directory" in note


def test_a_trunking_row_in_the_data_directory_adds_to_the_bundled_table(tmp_path, trunk_prices):
    # docs/ec2.md: a type the 2023 table lacks gets its row from AWS's current page, in the user data directory; the
    # bundled rows stay. The row here is a test fixture, not AWS's value for m7i.large.
    (tmp_path / "ecs_eni_trunking.csv").write_text(
        "instance_type,task_limit_without_trunking,task_limit_with_trunking,as_of,source\n"
        "m7i.large,2,10,2026-12-03,test fixture (not an AWS value)\n", encoding="utf-8")
    (tmp_path / "managed_instance_fees.csv").write_text(TRUNK_FEES, encoding="utf-8")
    book = PriceBook(data_dirs=[tmp_path, BUNDLED_DIR])
    cat = Catalog.of(book)
    assert cat.instance_type("m7i.large").ecs_trunking_task_limit == 10
    assert cat.instance_type("c5.large").ecs_trunking_task_limit == 10  # bundled: "| c5\.large | 2 | 10 |"
    est = _awsvpc_fleet("ecs-managed-instances", "m7i.large", book)
    assert est.fleet.node_count == 1 and not any("ENI trunking: " in n for n in est.notes)


def test_auto_mode_custom_node_pool_limits_are_compared_not_priced(fee_prices):
    # The hand-computed fleet above: 3 x m6a.large on a custom NodePool. Karpenter counts capacity: 3 x 2 = 6 vCPU,
    # 3 x (8192 - 615) = 22,731 MiB, 3 nodes. Limits cpu 4 and nodes 2 are below them (the pods on a third node would
    # stay Pending); memory 22731Mi is exactly the capacity, within. The price stays $303.316.
    svc = [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 3}]
    am = {"node_pool": "custom", "allowed_types": ["m6a.large"], "capacity_types": ["on-demand"]}
    limits = {"node_pools": ["amd64"], "vcpu": 4, "memory_mib": 22731, "nodes": 2}
    w = wl(svc, eks_auto_mode={**am, "node_pool_limits": limits}, operations={"include": False})
    auto = ESTIMATORS["eks-auto-mode"](w, fee_prices)
    assert auto.fleet.node_count == 3 and auto.monthly_cost == pytest.approx(303.316)
    [note] = [n for n in auto.notes if n.startswith("NodePool limits exceeded")]
    assert note.startswith("NodePool limits exceeded: amd64: spec.limits.cpu 4 is below the planned nodes' 6 vCPU "
                           "(raise it to at least 6); spec.limits.nodes 2 is below the 3 planned nodes (raise it to "
                           "at least 3). The planned fleet (3 x m6a.large)")
    assert "memory" not in note.split(". The planned")[0]
    roomy = wl(svc, eks_auto_mode={**am, "node_pool_limits": {**limits, "vcpu": 6, "nodes": 3}},
               operations={"include": False})
    assert not [n for n in ESTIMATORS["eks-auto-mode"](roomy, fee_prices).notes if "NodePool limits" in n]


@pytest.mark.parametrize("section, match", [
    ({"eks_auto_mode": {"node_pool_limits": {"vcpu": 4}}}, "node_pool_limits cannot be set on the built-in"),
    ({"eks_auto_mode": {"node_pool": "custom", "node_pool_limits": {"vcpu": -1}}}, "node_pool_limits.vcpu"),
    ({"ec2": {"node_pool_limits": {"nodes": 1.5}}}, "node_pool_limits.nodes"),
    ({"ec2": {"node_pool_limits": {"memory_mib": ".inf"}}}, "node_pool_limits.memory_mib"),
])
def test_bad_node_pool_limits_name_the_field(section, match):
    with pytest.raises(WorkloadError, match=match):
        wl([{"name": "api", "cpu": 1, "memory": 2048}], **section)
