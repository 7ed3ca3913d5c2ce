"""Known values from AWS's published rates and rules, and properties of the estimators."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.compare import compare
from advisor.costing.fargate import estimate_ecs_fargate, estimate_eks_fargate
from advisor.costing.fargate_spot import estimate_ecs_fargate_spot
from advisor.errors import WorkloadError
from advisor.sizing.strategy import ProviderShare, average_split
from advisor.units import HOURS_PER_MONTH
from advisor.workload import parse_workload


def wl(**svc):
    region = svc.pop("region", "us-east-1")
    base = {"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 1}
    base.update(svc)
    return parse_workload({"name": "t", "region": region, "services": [base]})


def test_us_east_1_linux_x86_rates(prices):
    r = prices.fargate_rate("us-east-1", "x86_64", "linux", "on_demand")
    assert r.vcpu_hour.usd == 0.04048
    assert r.gb_hour.usd == 0.004445
    assert r.vcpu_hour.source and r.vcpu_hour.as_of


def test_one_task_one_month(prices):
    # 1 vCPU / 2 GB for 730 h: 730 x 0.04048 + 2 x 730 x 0.004445
    est = estimate_ecs_fargate(wl(cpu=1, memory="2 GB"), prices)
    assert est.monthly_cost == pytest.approx(730 * 0.04048 + 2 * 730 * 0.004445)
    assert {li.unit for li in est.lines} == {"vCPU-hours", "GB-hours"}


def test_billed_at_rounded_size(prices):
    # 0.25 vCPU / 600 MiB rounds to 0.25 vCPU / 1 GB
    est = estimate_ecs_fargate(wl(cpu=0.25, memory=600), prices)
    mem = next(li for li in est.lines if "memory" in li.name)
    assert mem.quantity == pytest.approx(1.0 * HOURS_PER_MONTH)


def test_eks_fargate_control_plane_and_pod_size(prices):
    est = estimate_eks_fargate(wl(cpu=1, memory="8 GB"), prices)
    cp = [li for li in est.lines if li.category == "control_plane"]
    assert len(cp) == 1 and cp[0].monthly_cost == pytest.approx(73.0)
    vcpu = next(li for li in est.lines if "vCPU" in li.name)
    mem = next(li for li in est.lines if "memory" in li.name)
    assert vcpu.quantity == pytest.approx(2 * 730) and mem.quantity == pytest.approx(9 * 730)


def test_eks_fargate_has_no_spot_and_no_arm64(prices):
    """Amazon EKS User Guide, "Simplify compute management with AWS Fargate": "Amazon EKS doesn't support Fargate
    Spot" (AWS Fargate considerations) and "Can run workloads that require Arm processors: No" (Fargate Comparison
    Table). A spot: true service of 2 pods of 1 vCPU / 2 GB (+256 MiB -> 1 vCPU / 3 GB) is priced On-Demand on EKS:
    2 x 730 x ($0.04048 + 3 x $0.004445) = $78.5768 + the 2 CoreDNS pods 2 x 730 x ($0.04048 x 0.25 + $0.004445 x 0.5)
    = $18.0237 + control plane $73.00 = $169.60, with a note naming the service; an arm64 service is unsupported."""
    w = wl(cpu=1, memory="2 GB", replicas=2, spot=True)
    est = estimate_eks_fargate(w, prices)
    assert {li.purchase_option for li in est.lines if li.category in ("compute", "spot")} == {"on_demand"}
    assert est.monthly_cost == pytest.approx(2 * 730 * (0.04048 + 3 * 0.004445) + 2 * 730 * (0.01012 + 0.0022225)
                                             + 73.0)
    (note,) = [n for n in est.notes if "Fargate Spot" in n]
    assert note.startswith("web: marked spot: true, priced at the On-Demand Fargate rates: \"Amazon EKS doesn't "
                           "support Fargate Spot\"")
    assert not [n for n in estimate_eks_fargate(wl(cpu=1, memory="2 GB"), prices).notes if "Fargate Spot" in n]
    (arm,) = estimate_eks_fargate(wl(cpu=1, memory="2 GB", architecture="arm64"), prices).unsupported
    assert "'Can run workloads that require Arm processors: No'" in arm.reason


def test_extended_support_is_0_60_per_cluster_hour(prices):
    w = parse_workload({"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 2048}],
                        "eks": {"clusters": 2, "support": "extended"}})
    cp = sum(li.monthly_cost for li in estimate_eks_fargate(w, prices).lines if li.category == "control_plane")
    assert cp == pytest.approx(2 * 730 * 0.60)


def test_windows_adds_os_licence_and_eks_refuses(prices):
    w = wl(cpu=1, memory="2 GB", os="windows")
    est = estimate_ecs_fargate(w, prices)
    lic = next(li for li in est.lines if li.category == "os_license")
    assert lic.unit_price == 0.046 and lic.quantity == pytest.approx(730)
    eks = estimate_eks_fargate(w, prices)
    assert not eks.complete and "Linux pods only" in eks.unsupported[0].reason


def test_arm64_rate_and_eks_refuses(prices):
    w = wl(cpu=1, memory="2 GB", architecture="arm64")
    est = estimate_ecs_fargate(w, prices)
    assert next(li for li in est.lines if "vCPU" in li.name).unit_price == 0.03238
    assert "arm64" in estimate_eks_fargate(w, prices).unsupported[0].reason


def test_ephemeral_storage_above_20_gib_is_billed(prices):
    est = estimate_ecs_fargate(wl(ephemeral_storage_gib=50), prices)
    st_line = next(li for li in est.lines if li.category == "storage")
    assert st_line.quantity == pytest.approx(30 * 730) and st_line.unit_price == 0.000111


def _by_category(est):
    out = {}
    for li in est.lines:
        out[li.category] = out.get(li.category, 0.0) + li.monthly_cost
    return out


def test_fargate_pricing_page_example_1_ecs_batch_with_storage(prices):
    # AWS Fargate pricing page (https://aws.amazon.com/fargate/pricing/, "Pricing Examples", Example 1; the stored copy
    # cited at advisor.costing.fargate.FARGATE_MIN_BILLED_MINUTES): 5 ECS tasks run 10 minutes every day for 30 days,
    # each 1 vCPU, 2 GB and 30 GB of ephemeral storage, Linux/x86 us-east-1: vCPU $1.01 + memory $0.22 + storage (30 - 20
    # GB) $0.03 = $1.26. The page's per-second rates are the table's hourly ones / 3600.
    w = wl(cpu=1, memory="2 GB", replicas=5, runs_per_month=30, run_minutes=10, ephemeral_storage_gib=30)
    parts = _by_category(estimate_ecs_fargate(w, prices))
    assert (round(parts["compute"], 2), round(parts["storage"], 2)) == (1.01 + 0.22, 0.03)
    assert round(parts["compute"] + parts["storage"], 2) == 1.26


def test_fargate_pricing_page_example_2_arm_with_storage(prices):
    # Same page, Example 2: Example 1 on Linux/ARM (Graviton2): 5 ECS tasks, 10 minutes a day for 30 days, each 1 vCPU,
    # 2 GB and 30 GB of ephemeral storage, at $0.0000089944 per vCPU-second and $0.0000009889 per GB-second (the
    # table's $0.03238 and $0.00356 an hour / 3600) and $0.0000000308 per GB-second of storage: vCPU $0.81 + memory
    # $0.18 + storage (30 - 20 GB) $0.03 = $1.02. Storage is billed at the same rate on ARM as on x86.
    w = wl(cpu=1, memory="2 GB", architecture="arm64", replicas=5, runs_per_month=30, run_minutes=10,
           ephemeral_storage_gib=30)
    est = estimate_ecs_fargate(w, prices)
    vcpu = sum(li.monthly_cost for li in est.lines if li.category == "compute" and "vCPU" in li.name)
    mem = sum(li.monthly_cost for li in est.lines if li.category == "compute" and "memory" in li.name)
    storage = _by_category(est)["storage"]
    assert (round(vcpu, 2), round(mem, 2), round(storage, 2)) == (0.81, 0.18, 0.03)
    assert round(vcpu + mem + storage, 2) == 1.02


def test_fargate_pricing_page_example_3_eks_pods(prices):
    # Same page, Example 3: 10 EKS pods run 1 hour every day for 30 days, each 0.25 vCPU and 1 GB: $3.04 + $1.33 =
    # $4.37. That is the pod's Fargate size; a pod reaches it from a 768 MiB request, as EKS adds 256 MiB ("Understand
    # Fargate Pod configuration details"). The control plane and the CoreDNS pods are billed apart.
    w = wl(cpu=0.25, memory=768, replicas=10, runs_per_month=30, run_minutes=60)
    pods = [li for li in estimate_eks_fargate(w, prices).lines if li.name.startswith("Fargate pod ")]
    vcpu = sum(li.monthly_cost for li in pods if "vCPU" in li.name)
    mem = sum(li.monthly_cost for li in pods if "memory" in li.name)
    assert (round(vcpu, 2), round(mem, 2), round(vcpu + mem, 2)) == (3.04, 1.33, 4.37)


def test_fargate_pricing_page_example_4_windows_os_licence(prices):
    # Same page, Example 4: 10 Windows ECS tasks run 1 hour every day for 30 days, each 1 vCPU and 2 GB: Windows OS
    # charges 10 x 1 x $0.0000127778/s x 3600 x 30 = $13.80 (the $0.046 per vCPU-hour licence, billed on the task's
    # vCPU). The example's vCPU and memory rates ($0.0915, $0.0100 an hour) are rounder than the table's us-east-1
    # Windows row (0.09148, 0.01005, also in the AmazonECS offer rows for eu-west-1), so only the quantities are kept.
    w = wl(cpu=1, memory="2 GB", os="windows", replicas=10, runs_per_month=30, run_minutes=60)
    est = estimate_ecs_fargate(w, prices)
    assert round(_by_category(est)["os_license"], 2) == 13.80
    vcpu = next(li for li in est.lines if li.category == "compute" and "vCPU" in li.name)
    mem = next(li for li in est.lines if li.category == "compute" and "memory" in li.name)
    assert (vcpu.quantity, mem.quantity) == (pytest.approx(300), pytest.approx(600))


def test_missing_rate_is_reported_not_guessed(prices):
    est = estimate_ecs_fargate(wl(region="ca-central-1", architecture="arm64"), prices)
    assert not est.lines and "arm64" in est.missing_prices[0] and "advisor pricing fetch" in est.missing_prices[0]


def test_per_service_hours(prices):
    est = estimate_ecs_fargate(wl(cpu=1, memory="2 GB", monthly_hours=100), prices)
    assert est.monthly_cost == pytest.approx(100 * (0.04048 + 2 * 0.004445))


def test_scaling_uses_average(prices):
    a = estimate_ecs_fargate(wl(replicas=None, scaling={"min": 2, "max": 10, "average": 4}), prices).monthly_cost
    b = estimate_ecs_fargate(wl(replicas=4), prices).monthly_cost
    assert a == pytest.approx(b)


def test_surge_line_from_deployments(prices):
    w = wl(cpu=1, memory="2 GB", replicas=4, min_healthy_percent=50, max_percent=200,
           deployments_per_month=10, deployment_minutes=30)
    surge = [li for li in estimate_ecs_fargate(w, prices).lines if li.category == "surge"]
    # 4 extra tasks x 0.5 h x 10 deployments = 20 task-hours
    assert next(li for li in surge if "vCPU" in li.name).quantity == pytest.approx(20 * 1)


def test_surge_of_a_fractional_average_interpolates_between_whole_counts(prices):
    """A service averaging 3.4 tasks is deployed with 3 tasks 60% of the month and 4 the rest: surge tasks (max
    200%) 3 and 4, so 3.4 x 15 min x 4 deployments = 3.4 task-hours, 0.85 vCPU-hours and 1.7 GB-hours at 0.25 vCPU /
    0.5 GB (it was sized from ceil(3.4) = 4: 1.0 and 2.0). The same on EKS (maxSurge 25%: ceil(0.75) = ceil(1.0) = 1
    pod, so 1 x 0.25 h x 4 = 1 pod-hour either way), and the sweep's scale model gives the compare's figure at 1x."""
    w = wl(cpu=0.25, memory=512, replicas=None, scaling={"min": 1, "max": 8, "average": 3.4}, max_percent=200,
           deployments_per_month=4, deployment_minutes=15)
    est = estimate_ecs_fargate(w, prices)
    surge = {li.name.split(" (")[0]: li.quantity for li in est.lines if li.category == "surge"}
    assert surge == {"Deployment surge: Fargate vCPU": pytest.approx(0.85),
                     "Deployment surge: Fargate memory": pytest.approx(1.7)}
    assert sum(li.monthly_cost for li in est.lines if li.category == "surge") == pytest.approx(
        0.85 * 0.04048 + 1.7 * 0.004445)
    other, usage = est.scale.at(1.0, est.platform)
    assert other + sum(li.monthly_cost for li in usage) == pytest.approx(est.monthly_cost)
    eks = [li for li in estimate_eks_fargate(w, prices).lines if li.category == "surge" and "vCPU" in li.name]
    assert eks[0].quantity == pytest.approx(1 * 0.25 * 4 * 0.25)  # 1 pod x 15 min x 4 x 0.25 vCPU


def test_spot_split_and_lines(prices):
    w = wl(cpu=1, memory="2 GB", replicas=10, min_healthy_percent=50)
    est = estimate_ecs_fargate_spot(w, prices)
    s = est.strategies[0]
    # default on-demand floor of 1 task (fargate_spot.on_demand_base), the other 9 split 1:3:
    # quotas 2.25 / 6.75 -> floors 2 / 6, the last task to the larger remainder (FARGATE_SPOT) -> 1 + 2 = 3 and 7
    assert s.strategy[0] == {"capacityProvider": "FARGATE", "base": 1, "weight": 1}
    assert s.tasks == {"FARGATE": 3.0, "FARGATE_SPOT": 7.0}
    spot = [li for li in est.lines if li.category == "spot"]
    assert spot and all(li.estimate for li in spot)
    assert est.monthly_cost < estimate_ecs_fargate(w, prices).monthly_cost


def test_spot_false_and_windows_stay_on_demand(prices):
    for w in (wl(replicas=6, spot=False, min_healthy_percent=50),
              wl(cpu=1, memory="2 GB", replicas=6, os="windows", min_healthy_percent=50)):
        est = estimate_ecs_fargate_spot(w, prices)
        assert not [li for li in est.lines if li.category == "spot"]
        assert est.monthly_cost == pytest.approx(estimate_ecs_fargate(w, prices).monthly_cost)


def test_given_strategy_is_used(prices):
    w = wl(replicas=10, capacity_provider_strategy=[{"capacityProvider": "FARGATE", "base": 2, "weight": 1},
                                                    {"capacityProvider": "FARGATE_SPOT", "weight": 3}])
    s = estimate_ecs_fargate_spot(w, prices).strategies[0]
    assert s.tasks == {"FARGATE": 4, "FARGATE_SPOT": 6}
    assert s.declared and "Your strategy" in s.reasons[0]


@pytest.mark.parametrize("svc, why, fix", [
    ({"os": "windows"}, "Fargate Spot is not offered for Windows containers", "without FARGATE_SPOT"),
    ({"spot": False}, "marked spot: false", "set spot: true"),
])
def test_declared_fargate_spot_for_a_service_spot_cannot_run_is_unsupported_not_missing_prices(prices, svc, why, fix):
    # reported: a Windows (or spot: false) service whose own strategy uses FARGATE_SPOT was listed as missing price
    # data, so compare said the platform "lacks price data, so it was not ranked and could be cheaper"
    w = wl(replicas=4, cpu=1, memory="2 GB", capacity_provider_strategy=[{"capacityProvider": "FARGATE_SPOT",
                                                                          "weight": 1}], **svc)
    est = estimate_ecs_fargate_spot(w, prices)
    assert not est.missing_prices
    assert [u.service for u in est.unsupported] == ["web"]
    assert why in est.unsupported[0].reason and fix in est.unsupported[0].reason
    assert "capacity_provider_strategy" in est.unsupported[0].reason
    spot = compare(w, prices=prices, platforms=["ecs-fargate", "ecs-fargate-spot"], scaling=False)
    assert "could be cheaper" not in " ".join(f.text for f in spot.recommendation.findings)


def test_fractional_split_interpolates_ecs_split():
    # 4.5 tasks on average = 4 tasks half the month and 5 the other half.
    # 4 tasks: base 2, the other 2 split 1:3 -> quotas 0.5 / 1.5, floors 0 / 1, the last task to the larger
    #          remainder (0.5 vs 0.5, a tie -> the earlier provider, FARGATE) -> FARGATE 3, FARGATE_SPOT 1.
    # 5 tasks: base 2, the other 3 -> quotas 0.75 / 2.25, floors 0 / 2, last task to FARGATE (0.75 > 0.25) -> 3, 2.
    # Average: FARGATE 3, FARGATE_SPOT 1.5.
    split = average_split(4.5, [ProviderShare("FARGATE", 2, 1), ProviderShare("FARGATE_SPOT", 0, 3)])
    assert split == {"FARGATE": pytest.approx(3.0), "FARGATE_SPOT": pytest.approx(1.5)}


def test_compare_json_contract(prices):
    d = compare(wl(cpu=0.5, memory=1024, replicas=3), prices=prices).to_dict()
    assert {"workload", "region", "currency", "monthly_hours", "prices", "services", "platforms",
            "recommendation"} <= set(d)
    assert d["services"][0]["fargate_size"] == {"vcpu": 0.5, "memory_mib": 1024}
    assert d["services"][0]["eks_fargate_size"] == {"vcpu": 0.5, "memory_mib": 2048}
    for p in d["platforms"]:
        priced = p["monthly_cost"] if p["complete"] else p["partial_monthly_cost"]
        assert priced == pytest.approx(sum(li["monthly_cost"] for li in p["lines"]))
        for li in p["lines"]:
            assert li["monthly_cost"] == pytest.approx(li["quantity"] * li["unit_price"])
            assert {"name", "service", "quantity", "unit", "unit_price", "monthly_cost"} <= set(li)
    assert d["recommendation"]["platform"] in {p["platform"] for p in d["platforms"]}
    assert d["recommendation"]["reasons"]


services = st.fixed_dictionaries({
    "cpu": st.sampled_from([0.25, 0.5, 1, 2, 4]),
    "memory": st.sampled_from([512, 1024, 2048, 4096, 8192]),
    "replicas": st.integers(0, 20),
    "monthly_hours": st.floats(1, 744),
})


@settings(max_examples=40, deadline=None)
@given(services, st.integers(1, 5))
def test_cost_monotone_in_replicas_and_hours(prices, svc, extra):
    # a 744-hour (31-day) month, so the service may run up to 744 hours (no service runs more than its month)
    base = {"name": "t", "monthly_hours": 744, "services": [{"name": "a", **svc}]}
    more_replicas = {**base, "services": [{"name": "a", **svc, "replicas": svc["replicas"] + extra}]}
    more_hours = {**base, "services": [{"name": "a", **svc, "monthly_hours": min(744, svc["monthly_hours"] + extra)}]}
    for fn in (estimate_ecs_fargate, estimate_eks_fargate, estimate_ecs_fargate_spot):
        c0 = fn(parse_workload(base), prices).monthly_cost
        assert fn(parse_workload(more_replicas), prices).monthly_cost >= c0 - 1e-9
        assert fn(parse_workload(more_hours), prices).monthly_cost >= c0 - 1e-9


@settings(max_examples=40, deadline=None)
@given(services, st.integers(0, 100), st.integers(1, 999))
def test_spot_never_above_on_demand_and_more_spot_weight_never_costs_more(prices, svc, pct, w):
    svc = {**svc, "min_healthy_percent": pct}
    strat = lambda sw: [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},  # noqa: E731
                        {"capacityProvider": "FARGATE_SPOT", "weight": sw}]

    def wl_of(**extra):  # a 744-hour month: the service's monthly_hours may be up to 744
        return parse_workload({"name": "t", "monthly_hours": 744, "services": [{"name": "a", **svc, **extra}]})
    od = estimate_ecs_fargate(wl_of(), prices).monthly_cost
    rec = estimate_ecs_fargate_spot(wl_of(), prices).monthly_cost
    assert rec <= od + 1e-9
    lo = estimate_ecs_fargate_spot(wl_of(capacity_provider_strategy=strat(w)), prices).monthly_cost
    hi = estimate_ecs_fargate_spot(wl_of(capacity_provider_strategy=strat(w + 1)), prices).monthly_cost
    assert hi <= lo + 1e-9


@pytest.mark.parametrize("experience, factor", [("none", 2.0), ("some", 1.3), ("expert", 1.0)])
def test_operations_lines_name_the_experience_factor_they_apply(experience, factor):
    """eks-ec2 priced EC2 node upkeep at 6 h against ecs-ec2's 3 h for the same nodes, and neither the line nor
    docs/workload-format.md said the Kubernetes experience factor was applied."""
    from advisor.costing.operations import operations_lines

    w = parse_workload({"name": "t", "team": {"kubernetes_experience": experience},
                        "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]})
    said = f", x{factor:g} for Kubernetes experience '{experience}'"
    for platform in ("eks-ec2", "eks-auto-mode", "ecs-ec2", "ecs-managed-instances"):
        for line in operations_lines(w, platform):
            scaled = platform.startswith("eks") and "ECS" not in line.name
            base = line.quantity / factor if scaled else line.quantity
            assert any(base == pytest.approx(h) for h in (2.0, 3.0, 8.0, 5.0, 1.0)), (platform, line.name)
            assert (said in line.name) == (scaled and factor != 1), (platform, line.name)


@pytest.mark.parametrize("experience, factor", [("none", 2.0), ("some", 1.3), ("expert", 1.0)])
def test_ecs_lines_name_the_ecs_experience_factor(experience, factor):
    """The ECS hours could not be scaled (only the EKS ones, by team.kubernetes_experience): the same team was assumed to
    know ECS and not Kubernetes. team.ecs_experience scales them by the same factors (default expert, x1, as before),
    and neither level sets the other's hours."""
    from advisor.costing.operations import operations_lines

    w = parse_workload({"name": "t", "team": {"ecs_experience": experience},
                        "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}]})
    said = f", x{factor:g} for ECS experience '{experience}'"
    hours = {p: [(li.name, li.quantity) for li in operations_lines(w, p)]
             for p in ("ecs-fargate", "ecs-ec2", "ecs-managed-instances", "eks-ec2")}
    assert [q for _, q in hours["ecs-fargate"]] == [pytest.approx(2 * factor)]
    assert [q for _, q in hours["ecs-ec2"]] == [pytest.approx(2 * factor), pytest.approx(3 * factor)]
    assert [q for _, q in hours["ecs-managed-instances"]] == [pytest.approx(2 * factor), pytest.approx(1 * factor)]
    assert [q for _, q in hours["eks-ec2"]] == [8.0, 3.0]  # Kubernetes 'expert' (x1) by default, whatever ECS is
    for p in ("ecs-fargate", "ecs-ec2", "ecs-managed-instances"):
        assert all((said in name) == (factor != 1) for name, _ in hours[p])
    assert not any("ECS experience" in name for name, _ in hours["eks-ec2"])


def test_ecs_experience_is_checked_like_the_kubernetes_one():
    with pytest.raises(WorkloadError, match=r"team\.ecs_experience[\s\S]*'expert'"):
        parse_workload({"name": "t", "team": {"ecs_experience": "guru"},
                        "services": [{"name": "web", "cpu": 0.5, "memory": 1024}]})


def test_windows_task_with_an_ebs_volume_cannot_run_on_ecs_fargate(prices):
    """Amazon ECS Developer Guide, "Storage options for Amazon ECS tasks": Amazon EBS volumes support "Linux, Windows
    (on Amazon EC2 only)". A Windows service with a persistent volume is unsupported on ECS on Fargate (on-demand and
    Spot), whatever the volume's size; the same service on Linux is priced there with its EBS line
    (1 x 730 h x 10 GiB / 730 x $0.08 = $0.80)."""
    volume = {"persistent_volumes": [{"name": "data", "size_gib": 10}]}
    for estimate in (estimate_ecs_fargate, estimate_ecs_fargate_spot):
        est = estimate(wl(os="windows", cpu=1, memory=2048, **volume), prices)
        assert [u.service for u in est.unsupported] == ["web"]
        assert "'Linux, Windows (on Amazon EC2 only)'" in est.unsupported[0].reason
    linux = estimate_ecs_fargate(wl(cpu=1, memory=2048, **volume), prices)
    assert not linux.unsupported
    assert [round(li.monthly_cost, 2) for li in linux.lines if li.resource == "block_storage"] == [0.80]


@pytest.mark.parametrize("asked, billed_above_20", [(20.5, 1), (21, 1), (100.2, 81), (100, 80), (20, 0)])
def test_ecs_fargate_storage_is_a_whole_number_of_gib(tmp_path, asked, billed_above_20):
    """ephemeral_storage_gib: 20.5 billed 0.5 GiB on ECS on Fargate, a size no task definition holds: sizeInGiB is
    a whole number from 21 to 200 (Amazon ECS API Reference, EphemeralStorage), so the next whole GiB is priced, on
    FARGATE and FARGATE_SPOT alike; a note names the service."""
    from advisor.compare import compare

    path = tmp_path / "w.yaml"
    path.write_text(f"name: s\nregion: us-east-1\nservices:\n  - name: a\n    cpu: 1\n    memory: 2048\n"
                    f"    ephemeral_storage_gib: {asked}\n")
    res = compare(path, platforms=["ecs-fargate", "ecs-fargate-spot"])
    for platform in ("ecs-fargate", "ecs-fargate-spot"):
        est = res.estimate(platform)
        gib_hours = sum(x.quantity for x in est.lines if x.resource == "ephemeral_storage")
        assert gib_hours == pytest.approx(billed_above_20 * 730), platform
    fractional = any("whole number from 21 to 200" in n for n in res.estimate("ecs-fargate").notes)
    assert fractional is (asked != int(asked))
