"""Messages about a region's price data say what the data holds for that region, and the command they give works
there (found by trying regions across the partitions: GovCloud, China, regions the bundle lacks)."""

from pathlib import Path

import pytest

from advisor.errors import PriceDataError

WEB = str(Path(__file__).resolve().parents[1] / "examples" / "web-app.yaml")


def test_missing_eks_rate_in_govcloud_does_not_claim_the_commercial_rows(prices):
    """us-gov-west-1 said 'table eks_rates has cluster_hour, extended_support_surcharge there' while refusing the
    cluster-hour rate: those blank-region rows are AWS's commercial price and do not cover GovCloud."""
    with pytest.raises(PriceDataError) as err:
        prices.eks_rate("us-gov-west-1", "cluster_hour")
    msg = str(err.value)
    assert "has cluster_hour" not in msg
    assert "table eks_rates has no item there" in msg
    assert "advisor pricing fetch --region us-gov-west-1 --services AmazonEKS" in msg


def test_missing_eks_tier_in_a_commercial_region_lists_what_applies(prices):
    """In a commercial region the blank-region rows do apply, so they are named as what the data has."""
    with pytest.raises(PriceDataError) as err:
        prices.eks_rate("eu-west-1", "provisioned_control_plane_xl")
    assert "table eks_rates has cluster_hour, extended_support_surcharge there" in str(err.value)


CHINA = "is a China Region, which advisor does not price"


@pytest.mark.parametrize("args", [
    ["compare", WEB, "--region", "cn-north-1"],
    ["compare", WEB, "--region", " CN-NORTHWEST-1 "],
    ["pricing", "show", "--region", "cn-north-1"],
    ["nodes", "pack", WEB, "--platform", "eks-ec2", "--region", "cn-north-1"],
    ["report", WEB, "--region", "cn-north-1", "-o", "-"],
    # fetch and refresh refused with their own wording ("priced in CNY ... Choose a commercial or GovCloud region")
    ["pricing", "fetch", "--region", "cn-north-1"],
    ["pricing", "refresh", "--region", "cn-northwest-1"],
])
def test_a_china_region_is_refused_with_one_message_and_no_dead_end_command(args):
    """compare in cn-north-1 listed nine reasons, each telling the user to run 'advisor pricing fetch --region
    cn-north-1 ...' or 'refresh', which refuse the China Regions; 'pricing show' gave the same commands."""
    from typer.testing import CliRunner

    from advisor.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    out = result.output
    assert CHINA in out and "CNY" in out and "us-east-1" in out
    assert "advisor pricing fetch --region cn-" not in out and "advisor pricing refresh --region cn-" not in out
    assert "Traceback" not in out


def test_a_china_region_from_python_raises_price_data_error():
    import advisor

    with pytest.raises(PriceDataError, match=r"price\(region=...\): 'cn-north-1' " + CHINA):
        advisor.price(WEB, region="cn-north-1")
    with pytest.raises(PriceDataError, match=CHINA):
        advisor.price({"name": "x", "region": "cn-north-1", "services": [{"name": "a", "cpu": 1, "memory": 2048}]})
    with pytest.raises(PriceDataError, match=CHINA):
        advisor.regions_frame(WEB, regions=["cn-north-1"])


@pytest.mark.parametrize("arg", ["require_complete", "explain_changes"])
@pytest.mark.parametrize("value", ["no", "False", 0, None, 1.0])
def test_price_flags_take_only_true_or_false(arg, value):
    """price(w, require_complete="no") demanded a complete ranking ("no" is a true value),
    and explain_changes=None was taken silently; docs/python-api.md promises an AdvisorError for a wrong type."""
    import advisor
    from advisor.errors import AdvisorError

    with pytest.raises(AdvisorError, match=rf"price\({arg}=...\): expected True or False; got "):
        advisor.price(WEB, platforms="ecs-fargate", **{arg: value})


def test_price_flags_accept_numpy_bools():
    import numpy as np

    import advisor

    c = advisor.price(WEB, platforms="ecs-fargate", require_complete=np.bool_(True), explain_changes=np.False_)
    assert c.recommendation.platform == "ecs-fargate"


def test_regions_frame_message_keeps_each_reason_a_sentence():
    """regions_frame's message joined an unsupported reason and a missing rate with a bare space: '... not in AWS
    GovCloud (US)) missing price data: EKS cluster hour rate ...'."""
    import advisor

    mix = str(Path(WEB).with_name("arm-windows-mix.yaml"))
    df = advisor.regions_frame(mix, regions="us-east-1", platforms="ecs-managed-instances")
    [msg] = df["message"].tolist()
    assert "operating systems 'Bottlerocket'). no price data: the ECS Managed Instances management fee" in msg
    assert "'Bottlerocket') no price data" not in msg
    assert msg.endswith(".")
    # in GovCloud, EKS on Fargate is not offered: that is its one reason (no EKS rate to fetch for it)
    df = advisor.regions_frame(WEB, regions="us-gov-west-1", platforms="eks-fargate")
    assert df["message"].tolist() == ["web-server: AWS Fargate with Amazon EKS is not available in us-gov-west-1 "
                                      "(AWS GovCloud (US) User Guide, 'Amazon Elastic Kubernetes Service in AWS GovCloud (US)': "
                                      "'Amazon EKS on Fargate isn't available')."]


def test_eks_fargate_in_govcloud_is_not_ranked_for_running_nothing_not_for_missing_prices():
    """web-app in us-gov-west-1: EKS on Fargate cannot run web-server (no EKS on Fargate in GovCloud), yet its status
    was "no price data" ("not priced: no price data" in the table and Markdown, "(no price data)" in sweep), as if
    fetching the EKS rate would price it; and it priced two CoreDNS pods on Fargate there ($17.74 + $3.87 = $21.61, at
    GovCloud's own Fargate rates), pods that cannot run in a region without EKS on Fargate."""
    import advisor

    c = advisor.price(WEB, region="us-gov-west-1")
    [est] = [e for e in c.estimates if e.platform == "eks-fargate"]
    assert est.status == "incomplete" and not est.complete
    assert [u.service for u in est.unsupported] == ["web-server"]
    assert est.lines == [] and est.monthly_cost == 0  # no CoreDNS pod lines
    assert not any(n.startswith("CoreDNS:") for n in est.notes)
    assert est.missing_prices == []  # no EKS control-plane rate asked for where EKS on Fargate is not offered
    # eks-ec2 lacks only the EKS rate there: still "no price data"
    assert next(e for e in c.estimates if e.platform == "eks-ec2").status == "no price data"
    # a commercial region keeps its two CoreDNS pods: 2 x 0.25 vCPU x 730 h = 365 vCPU-hours at $0.04048
    [east] = [e for e in advisor.price(WEB, region="us-east-1").estimates if e.platform == "eks-fargate"]
    assert [round(ln.quantity, 6) for ln in east.lines if ln.name.startswith("CoreDNS")] == [365.0, 730.0]


def test_sweep_and_table_say_a_platform_cannot_run_rather_than_lacks_prices():
    from typer.testing import CliRunner

    from advisor.cli import app

    sweep = CliRunner().invoke(app, ["sweep", WEB, "--region", "us-gov-west-1"])
    assert sweep.exit_code == 0, sweep.output
    # in compare's words (it said "not ranked: eks-ec2 (no price data)" where compare says "not priced")
    assert "eks-fargate is not ranked: cannot run every service" in sweep.output
    assert "eks-ec2 is not priced: no price data" in sweep.output
    md = CliRunner().invoke(app, ["compare", WEB, "--region", "us-gov-west-1", "-f", "markdown"])
    assert md.exit_code == 0, md.output
    assert "| EKS on Fargate (eks-fargate) | — | $800.00 | — | — | not ranked: cannot run every service |" in md.output
    assert "## EKS on Fargate (`eks-fargate`)" in md.output


def test_pricing_show_fetches_only_the_offers_that_hold_what_is_missing():
    """'pricing show --region us-gov-west-1' told eks-ec2 to run 'advisor pricing fetch --region us-gov-west-1
    --services AmazonEC2,AmazonEKS' though its EC2 prices and gp3 rates are there; only the EKS control plane is
    missing (Spot Advisor savings are in no price list file: 'add' says how to add them)."""
    from advisor.pricing.inventory import coverage

    cov = {p["platform"]: p for p in coverage("us-gov-west-1")["platforms"]}
    assert cov["eks-ec2"]["missing"] == ["Spot Advisor savings (Spot nodes; On-Demand still priced)",
                                         "EKS control plane"]
    assert cov["eks-ec2"]["fill"] == "advisor pricing fetch --region us-gov-west-1 --services AmazonEKS"
    assert cov["ecs-ec2"]["fill"] is None and cov["ecs-ec2"]["status"] == "partial"
    # a region without EC2 prices still gets AmazonEC2
    east2 = {p["platform"]: p for p in coverage("ap-east-2")["platforms"]}
    assert east2["ecs-ec2"]["fill"] == "advisor pricing fetch --region ap-east-2 --services AmazonEC2"


def test_report_heading_of_a_platform_that_runs_nothing_here_is_not_a_partial_total(tmp_path):
    """The report headed EKS on Fargate in us-gov-west-1 'partial: $0.00 priced, not a total' over 'No lines priced.'
    (and, before its CoreDNS pods were dropped, 'partial: $21.61'); compare's table says 'not ranked: cannot run every
    service' (it said 'cannot run some services' while sweep said 'cannot run every service')."""
    from typer.testing import CliRunner

    from advisor.cli import app

    out = tmp_path / "gov.html"
    result = CliRunner().invoke(app, ["report", WEB, "--region", "us-gov-west-1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert ('id="lines-eks-fargate">EKS on Fargate <span class="small mono">eks-fargate</span> — not ranked: cannot '
            'run every service</h3>') in html
    assert "partial: $0.00 priced" not in html
