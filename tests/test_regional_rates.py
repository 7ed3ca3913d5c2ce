"""Each region is priced from its own rows, never a neighbour's, and a region that lacks rates is told every one it
lacks, once, with the command that fills it.

Found by pricing examples/microservices.yaml (and arm64, Windows and shared-cost variants) in newer and special
regions and comparing every rate used with the region's own rows in the public reference data (gathered 2026-11):
- EC2 On-Demand, Linux, shared tenancy: yeo/ec2.shop @ 74c9fd8a ``data/ec2/<region>-ondemand.json`` (AWS
  pricing-page feed, hawkFilePublicationDate 2025-04-04) and, for GovCloud, the Karpenter table of 2026-07-20
  (the same values);
- EBS gp3 per GB-month: yeo/ec2.shop @ 74c9fd8a ``data/ebs/ebs.json`` (feed published 2024-07-18); no row for
  ap-southeast-5, ap-southeast-7 or mx-central-1 (launched later);
- Fargate: theuves/fgcalc ``src/utils/data.js`` @ 6e1547cb (2021-01-09; af-south-1 confirmed by the ghostline note
  of 2026-08-31), apoloferreira/basecode ``doc/custo02.md`` @ cb793a6b (sa-east-1, 2026-02-03); no Fargate rate at all
  in the public data for ap-northeast-3, ap-southeast-3/4/5/7, ca-west-1, eu-central-2, eu-south-2, il-central-1,
  me-central-1 and mx-central-1, and only Spot rows for ap-south-2.
"""

from pathlib import Path

import pytest

from advisor.compare import compare
from advisor.costing.shared import shared_rate
from advisor.errors import AdvisorError, PriceDataError
from advisor.pricing.catalog import Catalog

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: (region, instance type) -> USD per hour, as in the reference file ec2_ondemand_prices_regions.csv (feed of
#: 2025-04-04); us-east-1's price beside it shows the region's own price is not the N. Virginia one.
EC2 = {
    ("ap-northeast-3", "c5.large"): 0.107,       # us-east-1 0.085
    ("ap-south-2", "c6a.large"): 0.04675,        # us-east-1 0.0765: Hyderabad is cheaper than N. Virginia
    ("ap-southeast-5", "m6g.xlarge"): 0.1632,    # us-east-1 0.154
    ("ap-southeast-7", "m6i.xlarge"): 0.204,     # us-east-1 0.192
    ("il-central-1", "m5.xlarge"): 0.225,        # us-east-1 0.192
    ("mx-central-1", "m6i.large"): 0.1008,       # us-east-1 0.096
    ("ca-west-1", "m6g.xlarge"): 0.1712,
    ("eu-south-2", "m6g.xlarge"): 0.172,
    ("eu-central-2", "c6g.large"): 0.0854,
    ("af-south-1", "m6g.xlarge"): 0.2032,
    ("sa-east-1", "m6g.xlarge"): 0.2448,
    ("me-central-1", "m6g.xlarge"): 0.1892,
    ("ap-southeast-3", "m6g.xlarge"): 0.192,
    ("us-gov-west-1", "m5.xlarge"): 0.242,
}

#: region -> EBS gp3 USD per GB-month, reference regional/ebs_prices.csv (feed of 2024-07-18)
EBS_GP3 = {
    "ap-northeast-3": 0.096, "ap-south-2": 0.0912, "ap-southeast-3": 0.096, "ap-southeast-4": 0.096,
    "ca-west-1": 0.088, "eu-central-2": 0.1142, "eu-south-2": 0.088, "il-central-1": 0.1056,
    "me-central-1": 0.0968, "af-south-1": 0.1047, "sa-east-1": 0.152, "us-gov-west-1": 0.096,
}

NO_FARGATE = ["ap-northeast-3", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-west-1",
              "eu-central-2", "eu-south-2", "il-central-1", "me-central-1", "mx-central-1"]


@pytest.mark.parametrize(("region", "itype"), list(EC2))
def test_ec2_on_demand_price_is_the_regions_own(prices, region, itype):
    rate = Catalog(prices).on_demand(itype, region)
    assert rate.usd == EC2[(region, itype)]
    assert rate.as_of >= "2025-04-04"


@pytest.mark.parametrize("region", list(EBS_GP3))
def test_ebs_gp3_rate_is_the_regions_own(prices, region):
    assert prices.ebs_rate(region, "gp3").usd == EBS_GP3[region]


@pytest.mark.parametrize("region", ["ap-southeast-5", "ap-southeast-7", "mx-central-1"])
def test_ebs_in_a_region_newer_than_the_feed_is_missing_not_borrowed(prices, region):
    with pytest.raises(PriceDataError) as e:
        prices.ebs_rate(region, "gp3")
    assert f"EBS gp3 storage rate for {region}" in str(e.value)
    assert f"advisor pricing fetch --region {region} --services AmazonEC2" in str(e.value)
    assert "No rate is borrowed from another region" in str(e.value)


def test_fargate_rates_with_a_public_source_are_the_regions_own(prices):
    af = prices.fargate_rate("af-south-1")  # fgcalc 2021-01-09, confirmed 2026-08-31
    assert (af.vcpu_hour.usd, af.gb_hour.usd) == (0.0546, 0.006)
    sa = prices.fargate_rate("sa-east-1")  # apoloferreira/basecode, 2026-02-03
    assert (sa.vcpu_hour.usd, sa.gb_hour.usd, sa.vcpu_hour.as_of) == (0.0696, 0.0076, "2026-02-03")
    sa_arm = prices.fargate_rate("sa-east-1", "arm64")
    assert (sa_arm.vcpu_hour.usd, sa_arm.gb_hour.usd) == (0.0557, 0.00612)
    sa_spot = prices.fargate_rate("sa-east-1", capacity="spot")
    assert (sa_spot.vcpu_hour.usd, sa_spot.gb_hour.usd) == (0.02337032, 0.00255193)


@pytest.mark.parametrize("region", NO_FARGATE)
def test_fargate_in_a_region_without_public_rates_is_missing_not_borrowed(prices, region):
    for arch, os_ in (("x86_64", "linux"), ("arm64", "linux"), ("x86_64", "windows")):
        with pytest.raises(PriceDataError) as e:
            prices.fargate_rate(region, arch, os_)
        msg = str(e.value)
        assert f"Fargate {os_}/{arch} on-demand rates for {region}" in msg
        assert f"The data has no Fargate rates for {region} at all" in msg
        assert f"advisor pricing fetch --region {region} --services AmazonECS" in msg


def test_ap_south_2_has_spot_rows_only_and_says_so(prices):
    with pytest.raises(PriceDataError) as e:
        prices.fargate_rate("ap-south-2")
    assert "The data has arm64/linux/spot, x86_64/linux/spot for ap-south-2." in str(e.value)


@pytest.mark.parametrize("region", ["ap-northeast-3", "ap-south-2", "ap-southeast-4", "ca-west-1", "eu-central-2",
                                    "eu-south-2", "il-central-1", "me-central-1", "af-south-1", "sa-east-1"])
def test_every_ec2_and_ebs_line_of_a_comparison_is_the_regions_own_row(prices, region):
    """The EC2 platforms' lines carry the region's own row: price, confirmation date and source of that row of
    ec2_prices / ebs_rates (looked up in the table's rows here, not through the estimators' lookups)."""
    c = compare(str(EXAMPLES / "microservices.yaml"), region=region, platforms=["ecs-ec2", "eks-ec2"],
                scaling=False)
    ec2 = {r["instance_type"]: r for r in prices.table("ec2_prices").rows if r["region"] == region}
    [gp3] = [r for r in prices.table("ebs_rates").rows if r["region"] == region and r["volume_type"] == "gp3"]
    checked = 0
    for est in c.estimates:
        assert est.complete, (region, est.platform, est.problems())
        for line in est.lines:
            if line.instance_type:
                row = ec2[line.instance_type]
                assert (line.unit_price, line.as_of) == (float(row["usd_per_hour"]), row["as_of"])
                checked += 1
            elif line.name.startswith("EBS root volume (gp3"):
                assert (line.unit_price, line.as_of) == (float(gp3["usd_per_gb_month"]), gp3["as_of"])
                assert line.unit_price == EBS_GP3[region]
                checked += 1
    assert checked >= 4


def test_a_region_lacking_everything_names_every_missing_rate_once():
    """ap-southeast-5 has EC2 prices but no Fargate, EBS or shared rates. With a shared section the error listed
    the Fargate and EBS gaps only (the shared rates are priced only for a platform that has its other prices), so
    a user who fetched those hit a second error for the load balancer, NAT, logs and IPv4 rates; and the Fargate
    message was repeated once per Fargate platform. Now each missing rate is one line naming the platforms."""
    with pytest.raises(AdvisorError) as e:
        compare(str(EXAMPLES / "with-shared-costs.yaml"), region="ap-southeast-5", require_complete=True,
                scaling=False)
    msg = str(e.value)
    lines = msg.splitlines()
    assert lines[0] == "no platform can price every service of 'shop-with-shared-costs' in ap-southeast-5:"
    fargate = [x for x in lines if "Fargate linux/x86_64 on-demand rates for ap-southeast-5" in x]
    assert len(fargate) == 1 and fargate[0].startswith("  - ecs-fargate, ecs-fargate-spot, eks-fargate: ")
    shared = [x for x in lines if "(table shared_rates)" in x]
    assert len(shared) == 1
    assert shared[0].startswith("  - ecs-fargate, ecs-fargate-spot, ecs-ec2, eks-ec2, eks-fargate, "
                                "ecs-managed-instances, eks-auto-mode: missing price data: Application Load Balancer "
                                "hourly rate (item alb_hour)")
    assert ("advisor pricing fetch --region ap-southeast-5 --services AWSELB,AmazonEC2,AmazonCloudWatch,AmazonVPC"
            in shared[0])
    ebs = [x for x in lines if "EBS gp3 storage rate for ap-southeast-5" in x]
    assert len(ebs) == 1 and ebs[0].startswith("  - ecs-ec2, eks-ec2: ")


def test_an_unpriced_platforms_missing_shared_rates_are_in_its_problems(prices):
    """A platform that lacks its own prices also lists the shared rates the region lacks (what the table, JSON and
    report show under it); nothing is priced for it."""
    c = compare(str(EXAMPLES / "with-shared-costs.yaml"), region="mx-central-1", platforms=["ecs-fargate"],
                scaling=False)
    [est] = c.estimates
    assert est.status == "no price data" and est.monthly_cost == 0
    assert [p.split(" (table")[0] for p in est.problems()] == [
        "missing price data: Fargate linux/x86_64 on-demand rates for mx-central-1",
        "missing price data: Application Load Balancer hourly rate (item alb_hour), Application Load Balancer "
        "LCU-hour rate (item alb_lcu_hour), NAT gateway hourly rate (item nat_gateway_hour), NAT gateway data "
        "processing per GB rate (item nat_gateway_gb), CloudWatch Logs ingestion per GB rate (item logs_ingested_gb), "
        "CloudWatch Logs storage per GB-month rate (item logs_stored_gb_month), CloudWatch custom metric per month "
        "rate (item cloudwatch_custom_metric_month), public IPv4 address per hour rate (item public_ipv4_hour) for "
        "mx-central-1"]
    assert not est.notes or not any("Network Load Balancers" in n for n in est.notes)


def test_shared_rates_of_af_south_1_are_its_own(prices):
    """af-south-1's NLB and NAT gateway rates (ghostline note, 2026-09-07) and no ALB rate: not us-east-1's."""
    assert shared_rate(prices, "af-south-1", "nlb_hour").usd == 0.03
    assert shared_rate(prices, "af-south-1", "nlb_lcu_hour").usd == 0.0071
    assert shared_rate(prices, "af-south-1", "nat_gateway_hour").usd == 0.057
    assert shared_rate(prices, "af-south-1", "nat_gateway_gb").usd == 0.057
    with pytest.raises(PriceDataError):
        shared_rate(prices, "af-south-1", "alb_hour")


def test_windows_on_ec2_says_windows_nodes_are_not_sized():
    """'which the bundled data lacks' suggested a fetch alone would price Windows on EC2: the prices can be fetched
    (ec2_windows_prices), but no Windows fleet is planned from them, and the reason says both."""
    with pytest.raises(AdvisorError) as e:
        compare(str(EXAMPLES / "arm-windows-mix.yaml"), region="ap-northeast-3", require_complete=True,
                scaling=False)
    assert ("  - ecs-ec2, eks-ec2: legacy-dotnet: Windows containers on EC2 need Windows nodes, which advisor does "
            "not size yet: ECS and EKS on EC2 plan Linux nodes only (Windows AMI instance prices can be fetched into "
            "ec2_windows_prices with 'advisor pricing fetch --services AmazonEC2', but no Windows fleet is planned "
            "from them); price the Windows nodes separately, or run the service on ECS on Fargate (Windows)"
            ) in str(e.value).splitlines()
