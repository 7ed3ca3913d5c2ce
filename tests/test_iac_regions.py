"""Resources of one Terraform plan in several regions: an aliased provider (aws provider 5) or the per-resource
``region`` argument of aws provider 6 ("Enhanced Region Support"). A workload is priced in one region, so a plan
whose priced resources are in several regions is refused unless --region picks one; never priced silently in the
default provider's region."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import WorkloadError
from advisor.workload.importers.terraform import import_terraform

IAC = Path(__file__).resolve().parent / "fixtures" / "iac"
ALIAS = IAC / "terraform" / "multi_region_alias_plan.json"  # real: Terraform 1.11.4, aws 5.100
V6_SPLIT = IAC / "synthetic" / "tf_v6_region_override_plan.json"
V6_ALL_EU = IAC / "synthetic" / "tf_v6_all_eu_plan.json"


@pytest.mark.parametrize("path, how", [(ALIAS, "by provider aws.eu"), (V6_SPLIT, "by region attribute")])
def test_priced_resources_in_two_regions_are_refused_naming_them(path, how):
    # before: the eu-west-1 Fargate service was priced in us-east-1 (the default provider's region), silently
    with pytest.raises(WorkloadError) as e:
        import_terraform(path)
    msg = str(e.value)
    assert "2 regions" in msg and "eu-west-1: aws_ecs_cluster.eu and 2 more, " + how in msg
    assert "us-east-1: aws_eip.nat and 1 more" in msg and "--region" in msg


@pytest.mark.parametrize("path", [ALIAS, V6_SPLIT])
def test_region_picks_the_resources_of_that_region(path):
    res = import_terraform(path, region="eu-west-1")
    assert res.region == "eu-west-1"
    (svc,) = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.replicas) == ("api", 1, 2048, 4)
    assert res.workload.shared is None  # the NAT gateway and its address are us-east-1's
    assert any("not priced, in another region (us-east-1: aws_eip.nat and 1 more" in n for n in res.notes)
    # the other region has no service: nothing to import, and the message says where the service is
    with pytest.raises(WorkloadError, match=r"declares no service to compare \(it declares 1 NAT gateway\(s\)\); its "
                                            r"resources in other regions are not imported \(eu-west-1: aws_ecs_cluster"
                                            r".eu and 2 more, by .*\): give --region with their region"):
        import_terraform(path, region="us-east-1")


def test_region_that_none_of_the_resources_is_in_is_refused():
    with pytest.raises(WorkloadError, match=r"--region ap-south-1: none of the resources advisor prices is in "
                                            r"ap-south-1; they are in eu-west-1: .*; us-east-1: "):
        import_terraform(ALIAS, region="ap-south-1")


def test_v6_resources_all_in_another_region_than_the_provider_are_priced_there():
    # the provider says us-east-1; every resource says region = "eu-west-1"
    res = import_terraform(V6_ALL_EU)
    assert res.region == "eu-west-1"
    assert any("region eu-west-1, the region of the resources" in n and "not the aws provider's us-east-1" in n
               for n in res.notes)
    assert res.workload.shared.nat_gateways.count == 1
    # --region still asks what the same resources would cost elsewhere, said in a note
    other = import_terraform(V6_ALL_EU, region="us-west-2")
    assert other.region == "us-west-2" and any("priced in us-west-2 as --region asks" in n for n in other.notes)
    c = compare(V6_ALL_EU, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    assert c.workload.region == "eu-west-1"
    # eu-west-1 (pricing_data fargate_rates.csv, shared_rates.csv): 4 tasks x 730 h x (1 x 0.04048 + 2 GB x
    # 0.004445) = 144.16, the NAT gateway 730 h x 0.048 = 35.04 and its Elastic IP 730 h x 0.005 = 3.65
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(
        4 * 730 * (0.04048 + 2 * 0.004445) + 730 * 0.048 + 730 * 0.005, abs=1e-6)


def test_cli_exit_code_2_and_no_file_written(tmp_path):
    out = tmp_path / "w.yaml"
    r = CliRunner().invoke(app, ["import", "terraform", str(ALIAS), "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert "Traceback" not in r.output and "a workload is priced in one region" in r.output
    r = CliRunner().invoke(app, ["import", "terraform", str(ALIAS), "-o", str(out), "--region", "eu-west-1"])
    assert r.exit_code == 0 and 'region: "eu-west-1"' in out.read_text()


def test_a_region_attribute_that_is_no_region_is_named(tmp_path):
    text = V6_ALL_EU.read_text().replace('"region": "eu-west-1"', '"region": "eu-west-9"')
    bad = tmp_path / "p.json"
    bad.write_text(text)
    with pytest.raises(WorkloadError, match=r"region: 'eu-west-9' is not an AWS region code"):
        import_terraform(bad)


def _v6_ecs_region(tmp_path, value=None, unknown=False) -> Path:
    """The v6 split plan with the ECS resources' recorded region replaced (or made unknown until apply)."""
    import json

    doc = json.loads(V6_SPLIT.read_text())
    ecs = {"aws_ecs_cluster.eu", "aws_ecs_task_definition.api", "aws_ecs_service.api"}
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["address"] in ecs:
            r["values"].pop("region") if unknown else r["values"].__setitem__("region", value)
    for rc in doc["resource_changes"]:
        if rc["address"] in ecs:
            if unknown:
                rc["change"]["after"].pop("region")
                rc["change"]["after_unknown"]["region"] = True
            else:
                rc["change"]["after"]["region"] = value
    p = tmp_path / "p.json"
    p.write_text(json.dumps(doc))
    return p


@pytest.mark.parametrize("value", [5, ["eu-west-1"], "", "  ", True])
def test_a_region_that_is_not_text_is_refused_not_priced_in_the_providers(tmp_path, value):
    """A region of 5 or ["eu-west-1"] priced the eu-west-1 ECS service in the provider's us-east-1 without a word."""
    with pytest.raises(WorkloadError, match=r"aws_ecs_cluster\.eu: region: .* is not an AWS region code; "):
        import_terraform(_v6_ecs_region(tmp_path, value))


def test_a_region_unknown_until_apply_is_an_assumption(tmp_path):
    res = import_terraform(_v6_ecs_region(tmp_path, unknown=True))
    assert res.workload.region == "us-east-1"
    found = [a for a in res.assumptions if "region unknown until apply" in a]
    assert len(found) == 1 and "aws_ecs_cluster.eu and 2 more" in found[0]


def test_an_unknown_region_code_message_reads_as_sentences(tmp_path):
    with pytest.raises(WorkloadError, match=r"'mars-1' is not an AWS region code\. Give an AWS region"):
        import_terraform(_v6_ecs_region(tmp_path, "mars-1"))


def test_regions_frame_reads_the_plan_in_each_region_it_is_given():
    """regions_frame(path, regions=[...]) reads a path in each region, as ``compare --region`` does: the plan's
    eu-west-1 service (api, 4 tasks of 1 vCPU / 2 GB) is priced there, as ``price(path, region="eu-west-1")`` prices
    it: 2,920 vCPU-hours x $0.04048 + 5,840 GB-hours x $0.004445 = $144.16 on ECS on Fargate. Before, the path was
    first read without a region, which refuses a plan whose resources are in two regions."""
    import advisor

    frame = advisor.regions_frame(str(ALIAS), regions=["eu-west-1"], platforms=["ecs-fargate", "eks-fargate"])
    totals = advisor.totals_frame(advisor.price(str(ALIAS), region="eu-west-1",
                                                platforms=["ecs-fargate", "eks-fargate"]))
    fargate = frame[frame.platform == "ecs-fargate"].iloc[0]
    assert fargate.status == "ok" and round(fargate.monthly_cost, 2) == 144.16
    for row in frame.itertuples():
        assert row.monthly_tco == totals[totals.platform == row.platform].monthly_tco.iloc[0], row.platform
    with pytest.raises(WorkloadError, match="2 regions"):  # its own region is one of two: which, it cannot say
        advisor.regions_frame(str(ALIAS))
