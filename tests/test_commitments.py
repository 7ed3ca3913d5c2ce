"""Commitments: Compute / EC2 Instance Savings Plans and Reserved Instances applied to covered lines."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.costing.commitments import apply_commitments, coverage_order
from advisor.costing.lines import EC2_INSTANCE_COVERAGE, FARGATE_COVERAGE, Estimate, LineItem
from advisor.errors import WorkloadError
from advisor.workload import parse_workload

H = 730.0


def wl(commitments, services=None, **extra):
    services = services or [{"name": "api", "cpu": 1, "memory": 2048, "replicas": 2}]
    return parse_workload({"name": "t", "services": services, "commitments": commitments, **extra})


def sp(**kw):
    return {"type": "compute_savings_plan", "term_years": 1, "payment": "no_upfront", "discount_percent": 20, **kw}


def fargate_est(od_per_hour=1.0, spot_per_hour=0.5):
    """An estimate with $od_per_hour of On-Demand Fargate vCPU and some Spot usage."""
    return Estimate("ecs-fargate-spot", lines=[
        LineItem("Fargate vCPU (on-demand, x86_64)", "compute", H, "vCPU-hours", od_per_hour, service="api",
                 resource="vcpu", commitments=FARGATE_COVERAGE),
        LineItem("Fargate vCPU (Spot, x86_64)", "spot", H, "vCPU-hours", spot_per_hour, service="api",
                 purchase_option="spot", resource="vcpu"),
    ])


def ec2_est(types):
    return Estimate("ecs-ec2", lines=[
        LineItem(f"Instance usage (on-demand, {t})", "compute", n * H, "hours", price, resource="instance",
                 instance_type=t, commitments=EC2_INSTANCE_COVERAGE) for t, n, price in types])


def by_name(est):
    return {ln.name: ln.monthly_cost for ln in est.lines}


def test_full_utilisation_compute_sp_known_values():
    est = fargate_est(1.0)
    apply_commitments(wl([sp(commit_usd_per_hour=0.4)]), est)
    # $0.40/h at 20% off absorbs $0.50/h of On-Demand usage
    names = by_name(est)
    credit = next(v for k, v in names.items() if k.endswith("(credit)"))
    used = next(v for k, v in names.items() if k.endswith("commitment, used"))
    assert credit == pytest.approx(-0.5 * H) and used == pytest.approx(0.4 * H)
    assert not any("waste" in k for k in names)
    assert est.cost_without_commitments == pytest.approx(1.5 * H)
    assert est.monthly_cost == pytest.approx(1.5 * H - 0.1 * H)
    assert sum(ln.monthly_cost for ln in est.lines) == pytest.approx(est.monthly_cost)  # lines sum to the total
    assert est.cost_by_category()["compute"] == pytest.approx(0.5 * H)  # compute shrinks by what was covered
    assert est.cost_by_category()["spot"] == pytest.approx(0.5 * H)  # Spot is never covered


def test_commitment_above_usage_is_shown_as_waste():
    est = fargate_est(1.0)
    apply_commitments(wl([sp(commit_usd_per_hour=1.2)]), est)
    names = by_name(est)
    waste = next(v for k, v in names.items() if k.endswith("unused (waste)"))
    assert waste == pytest.approx((1.2 - 0.8) * H)  # covers all $1/h (costs $0.8/h), $0.4/h unused
    assert est.monthly_cost == pytest.approx((1.2 + 0.5) * H)
    assert est.commitments[0].monthly_waste == pytest.approx(0.4 * H)
    assert any("waste" in n for n in est.notes)


def test_reserved_instance_covers_only_its_type_and_count():
    est = ec2_est([("m7g.large", 3, 0.0816), ("c7g.large", 1, 0.0725)])
    ri = {"type": "reserved_instance", "term_years": 3, "payment": "all_upfront", "discount_percent": 50,
          "instance_type": "m7g.large", "count": 2}
    apply_commitments(wl([ri]), est)
    names = by_name(est)
    credit = next(v for k, v in names.items() if k.endswith("(credit)"))
    assert credit == pytest.approx(-2 * 0.0816 * H)
    assert est.monthly_cost == pytest.approx((3 * 0.0816 + 0.0725) * H - 2 * 0.0816 * 0.5 * H)


def test_reserved_instances_above_the_fleet_are_waste():
    est = ec2_est([("m7g.large", 1, 0.1)])
    ri = {"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "discount_percent": 30,
          "instance_type": "m7g.large", "count": 3}
    apply_commitments(wl([ri]), est)
    assert est.monthly_cost == pytest.approx(3 * 0.1 * 0.7 * H)  # three RIs billed, one used


def test_ec2_instance_sp_covers_one_family_and_never_fargate():
    est = ec2_est([("m7g.large", 2, 0.1), ("c7g.large", 2, 0.1)])
    c = sp(type="ec2_instance_savings_plan", instance_family="m7g", coverage_percent=100, discount_percent=30)
    apply_commitments(wl([c]), est)
    assert est.monthly_cost == pytest.approx(0.2 * H * 0.7 + 0.2 * H)
    far = fargate_est()
    apply_commitments(wl([c]), far)
    assert far.monthly_cost == pytest.approx(1.5 * H)
    assert any("not applied" in n for n in far.notes)


def test_apply_order_ri_before_savings_plans():
    est = ec2_est([("m7g.large", 2, 0.1)])
    ri = {"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "discount_percent": 40,
          "instance_type": "m7g.large", "count": 2}
    apply_commitments(wl([sp(commit_usd_per_hour=0.1), ri]), est)  # SP listed first, RI applied first
    summary = est.commitments
    assert summary[0].type == "reserved_instance" and summary[0].applied
    assert summary[1].eligible_on_demand_usd_per_hour == pytest.approx(0.0)
    assert not summary[1].applied  # nothing left for the Savings Plan


def test_coverage_percent_uses_always_on_base():
    services = [{"name": "api", "cpu": 1, "memory": 2048, "scaling": {"min": 1, "max": 4, "average": 2}}]
    est = Estimate("ecs-fargate", lines=[
        LineItem("Fargate vCPU (on-demand, x86_64)", "compute", 2 * H, "vCPU-hours", 0.5, service="api",
                 resource="vcpu", commitments=FARGATE_COVERAGE, always_on=0.5)])
    apply_commitments(wl([sp(coverage_percent=100)], services=services), est)
    # average usage $1/h, always-on base (scaling.min/average = 1/2) $0.5/h -> commit 0.5 x 0.8 = $0.40/h
    assert est.commitments[0].commit_usd_per_hour == pytest.approx(0.4)
    assert est.commitments[0].utilisation == pytest.approx(1.0)


def test_estimator_marks_always_on_share(prices):
    # scaling min 1 / average 2 -> half of the usage runs all month; a service with fewer hours -> none
    c = compare(wl(None, services=[{"name": "api", "cpu": 1, "memory": 2048, "scaling": {"min": 1, "max": 4, "average": 2}},
                                   {"name": "batch", "cpu": 1, "memory": 2048, "replicas": 1, "monthly_hours": 100}]),
                prices=prices, platforms=["ecs-fargate"])
    on = {ln.service: ln.always_on for ln in c.estimate("ecs-fargate").lines}
    assert on == {"api": 0.5, "batch": 0.0}


def test_compare_end_to_end_with_and_without(prices):
    base = compare(wl(None), platforms=["ecs-fargate", "ecs-ec2"], prices=prices)
    c = compare(wl([sp(coverage_percent=100)]), platforms=["ecs-fargate", "ecs-ec2"], prices=prices)
    for e0, e1 in zip(base.estimates, c.estimates):
        assert e1.cost_without_commitments == pytest.approx(e0.monthly_cost)
        assert e1.monthly_cost < e0.monthly_cost
        assert e1.cost_by_category()["commitment"] > 0
    kinds = [f.kind for f in c.recommendation.findings]
    assert "commitment" in kinds
    text = next(f.text for f in c.recommendation.findings if f.kind == "commitment")
    assert "1-year Compute Savings Plan" in text and "without commitments" in text
    d = c.to_dict()
    assert "monthly_cost_without_commitments" in d["platforms"][0]


def test_missing_ri_discount_is_an_error_explaining_how():
    with pytest.raises(WorkloadError) as exc:
        wl([{"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "instance_type": "m5.large",
             "count": 1}])
    msg = str(exc.value)
    assert "commitments[0]" in msg and "discount_percent is required" in msg and "never guesses" in msg


def test_savings_plan_without_discount_uses_aws_rates(prices):
    # 2 x m6i.large On-Demand $0.096/h; AWS's 1-year no-upfront Compute Savings Plan rate for BoxUsage:m6i.large in
    # us-east-1 is $0.07053/h (table savings_plans_rates). A $0.14106/h commitment covers both nodes exactly:
    # credit -2 x 0.096 = -$0.192/h, used $0.14106/h, no waste.
    w = wl([sp(discount_percent=None, commit_usd_per_hour=0.14106)],
           services=[{"name": "api", "cpu": 1, "memory": 2048, "replicas": 2}],
           ec2={"allowed_types": ["m6i.large"], "min_nodes": 2})
    est = compare(w, prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    names = by_name(est)
    assert next(v for k, v in names.items() if k.endswith("(credit)")) == pytest.approx(-0.192 * H)
    assert next(v for k, v in names.items() if k.endswith("commitment, used")) == pytest.approx(0.14106 * H)
    assert "AWS Savings Plans rates" in est.commitments[0].commitment
    # the discount reported is the one AWS's rate gave: 1 - 0.07053 / 0.096 = 26.53125% (not 0)
    assert est.commitments[0].discount_percent == pytest.approx(26.53125)
    # a plan with the workload's own discount_percent keeps it
    own = compare(wl([sp(coverage_percent=100)], ec2={"allowed_types": ["m6i.large"], "min_nodes": 2}),
                  prices=prices, platforms=["ecs-ec2"]).estimate("ecs-ec2")
    assert own.commitments[0].discount_percent == 20.0
    # on Fargate the bundled data has no Savings Plans rate: missing price data naming the usage type and the fix
    far = compare(w, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert far.missing_prices and "Fargate-vCPU-Hours:perCPU" in far.missing_prices[0]
    assert "discount_percent" in far.missing_prices[0]


def test_size_flexible_ri_covers_other_sizes_of_the_family():
    # 1 x m7g.xlarge RI (factor 8) covers 2 x m7g.large (factor 4 each) of usage: EC2 User Guide, "How Reserved
    # Instances are applied". At $0.1/h per large, the RI's type costs 2 x 0.1 = $0.2/h On-Demand; 40% off -> $0.12/h.
    est = ec2_est([("m7g.large", 2, 0.1)])
    ri = {"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "discount_percent": 40,
          "instance_type": "m7g.xlarge", "count": 1}
    apply_commitments(wl([ri]), est)
    assert est.commitments[0].applied
    assert est.commitments[0].covered_on_demand_usd_per_hour == pytest.approx(0.2)
    assert est.monthly_cost == pytest.approx(0.12 * H)
    assert any("size-flexible" in n for n in est.notes)
    # G5 RIs are not size-flexible: a g5.xlarge RI does not cover g5.2xlarge usage
    g5 = ec2_est([("g5.2xlarge", 1, 1.2)])
    apply_commitments(wl([dict(ri, instance_type="g5.xlarge")]), g5)
    assert not g5.commitments[0].applied


def test_ec2_user_guide_apply_ri_normalization_48xlarge_96xlarge_and_metal():
    # Amazon EC2 User Guide, "How Reserved Instance discounts are applied" (apply_ri.html): "48xlarge | 384",
    # "96xlarge | 768", and bare metal "has the same normalization factor as the equivalent virtualized instance size":
    # m5.metal 192 (= m5.24xlarge), i3.metal 128 (= i3.16xlarge).
    from advisor.costing.commitments import normalization_factor, size_flexible
    assert normalization_factor("m7i.48xlarge") == 384
    assert normalization_factor("c7i.48xlarge") == 384
    assert normalization_factor("m8g.96xlarge") == 768
    assert normalization_factor("m5.metal") == normalization_factor("m5.24xlarge") == 192
    assert normalization_factor("i3.metal") == normalization_factor("i3.16xlarge") == 128
    assert size_flexible("m7i.48xlarge") and size_flexible("m5.metal")
    assert normalization_factor("m7i.metal-48xl") is None  # not in the page's bare metal table: exact type only
    # 12 x m7i.large RIs (12 x 4 = 48 units) cover 1/8 of one m7i.48xlarge (384 units); at $9.6768/h On-Demand that
    # is $1.2096/h covered
    est = ec2_est([("m7i.48xlarge", 1, 9.6768)])
    ri = {"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "discount_percent": 40,
          "instance_type": "m7i.large", "count": 12}
    apply_commitments(wl([ri]), est)
    assert est.commitments[0].applied
    assert est.commitments[0].covered_on_demand_usd_per_hour == pytest.approx(9.6768 / 8)
    # 1 x m5.metal RI (192 units) covers 2 x m5.12xlarge (96 units each) in full
    metal = ec2_est([("m5.12xlarge", 2, 2.304)])
    apply_commitments(wl([dict(ri, instance_type="m5.metal", count=1)]), metal)
    assert metal.commitments[0].covered_on_demand_usd_per_hour == pytest.approx(2 * 2.304)


def test_fargate_discount_differs_from_ec2_discount():
    # Compute Savings Plan 30% off EC2 and 20% off Fargate: $0.8/h commitment at 20% covers $1/h of Fargate usage.
    est = fargate_est(1.0)
    apply_commitments(wl([sp(discount_percent=30, fargate_discount_percent=20, commit_usd_per_hour=0.8)]), est)
    assert est.commitments[0].covered_on_demand_usd_per_hour == pytest.approx(1.0)
    assert est.commitments[0].monthly_waste == pytest.approx(0.0)


@pytest.mark.parametrize("bad,needle", [
    (sp(), "exactly one of commit_usd_per_hour"),
    (sp(commit_usd_per_hour=1, coverage_percent=50), "exactly one of"),
    (sp(type="ec2_instance_savings_plan", commit_usd_per_hour=1), "instance_family"),
    ({"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "discount_percent": 30}, "instance_type"),
    (sp(term_years=2, commit_usd_per_hour=1), "expected 1 or 3"),
    (sp(payment="monthly", commit_usd_per_hour=1), "no_upfront"),
])
def test_invalid_commitments(bad, needle):
    with pytest.raises(WorkloadError, match=needle):
        wl([bad])


def test_cli_missing_discount_and_unknown_key_exit_2(tmp_path):
    p = tmp_path / "w.yaml"
    svc = [{"name": "api", "cpu": 0.25, "memory": 512}]
    p.write_text(yaml.safe_dump({"name": "t", "services": svc, "commitments": [
        {"type": "reserved_instance", "term_years": 1, "payment": "no_upfront", "instance_type": "m5.large",
         "count": 1}]}))
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "discount_percent is required" in r.output
    p.write_text(yaml.safe_dump({"name": "t", "services": svc, "commitments": [sp(commit_usd_per_hour=1, discount=5)]}))
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "unknown key 'discount'" in r.output and "discount_percent" in r.output


@settings(max_examples=60, deadline=None)
@given(od=st.floats(0.01, 100), d=st.floats(1, 90), frac=st.floats(0.01, 1.0))
def test_commitment_never_raises_cost_at_full_utilisation(od, d, frac):
    est = fargate_est(od)
    before = est.monthly_cost
    commit = frac * od * (1 - d / 100)  # at most the usage it can cover
    apply_commitments(wl([sp(discount_percent=d, commit_usd_per_hour=commit)]), est)
    assert est.monthly_cost <= before + 1e-9
    assert not any("waste" in ln.name for ln in est.lines)


@settings(max_examples=60, deadline=None)
@given(od=st.floats(0.01, 100), d=st.floats(1, 90), over=st.floats(1.01, 5))
def test_commitment_above_usage_shows_waste(od, d, over):
    est = fargate_est(od, spot_per_hour=0)
    commit = over * od * (1 - d / 100)
    apply_commitments(wl([sp(discount_percent=d, commit_usd_per_hour=commit)]), est)
    waste = sum(ln.monthly_cost for ln in est.lines if "waste" in ln.name)
    assert waste == pytest.approx((commit - od * (1 - d / 100)) * H)
    assert est.monthly_cost == pytest.approx(commit * H)  # all usage covered, the commitment is the bill


@settings(max_examples=30, deadline=None)
@given(pct=st.floats(1, 100), d=st.floats(1, 90))
def test_coverage_percent_is_always_fully_used(pct, d):
    est = ec2_est([("m7g.large", 2, 0.1)])
    before = est.monthly_cost
    apply_commitments(wl([sp(discount_percent=d, coverage_percent=pct)]), est)
    assert est.monthly_cost <= before + 1e-9
    assert est.commitments[0].utilisation == pytest.approx(1.0)


@pytest.mark.parametrize("commitment, message", [
    ({"type": "reserved_instance", "discount_percent": 30, "instance_type": "m99.large", "count": 1},
     r"commitments\[0\]\.instance_type: 'm99.large' is not an EC2 instance type"),
    ({"type": "ec2_instance_savings_plan", "discount_percent": 30, "instance_family": "zz9",
      "commit_usd_per_hour": 0.01}, r"commitments\[0\]\.instance_family: 'zz9' is not an EC2 instance family"),
    ({"type": "compute_savings_plan", "discount_percent": 20, "commit_usd_per_hour": 0.01, "as_of": "2099-01-01"},
     r"as_of.*2099-01-01 is in the future"),
    ({"type": "compute_savings_plan", "discount_percent": 20, "commit_usd_per_hour": 0.01, "as_of": "2026-02-30"},
     r"as_of.*not a calendar date"),
])
def test_a_commitment_naming_what_does_not_exist_is_refused(commitment, message):
    # an unknown type or family covered nothing and was only noted; a future or impossible as_of was printed as is

    w = {"name": "w", "services": [{"name": "a", "cpu": 0.5, "memory": 1024}],
         "commitments": [{"term_years": 1, "payment": "no_upfront", **commitment}]}
    with pytest.raises(WorkloadError, match=message):
        compare(w, platforms=["ecs-ec2"], scaling=False)


def test_savings_plans_user_guide_equal_discounts_cover_the_lowest_rate_first():
    """Savings Plans User Guide, "How Savings Plans apply to your AWS usage": the highest savings percentage first,
    and "If there are multiple usages with equal savings percentages, Savings Plans are applied to the first usage
    with the lowest Savings Plans rate" (the lines kept their order among equal discounts)."""
    big = LineItem("m5.2xlarge", "compute", 730, "hours", 0.384)
    small = LineItem("m5.large", "compute", 730, "hours", 0.096)
    fargate = LineItem("Fargate vCPU", "compute", 730, "vCPU-hours", 0.04048)
    d = {id(big): 0.28, id(small): 0.28, id(fargate): 0.20}
    assert [ln.name for ln in coverage_order([big, fargate, small], d)] == ["m5.large", "m5.2xlarge", "Fargate vCPU"]
