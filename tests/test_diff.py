"""advisor diff: the monthly change between two inputs (synthetic Terraform plans, tests/fixtures/iac/synthetic/,
written by make_plans.py; rates as in tests/test_iac.py's docstring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare.diff import SHARED_ROW, diff
from advisor.render.diff import COMMENT_MARKER, to_markdown

SYN = Path(__file__).resolve().parent / "fixtures" / "iac" / "synthetic"
IAC = SYN.parent
runner = CliRunner()
FAST = ["ecs-fargate", "ecs-fargate-spot"]


def test_ecs_plan_diff_per_platform_and_service(prices):
    d = diff(SYN / "tf_ecs_fargate_plan.json", SYN / "tf_ecs_fargate_plan_after.json", platforms=FAST, prices=prices)
    # before (test_iac): 178.1974 -> $178.20.
    # after: web scales 2-10 (average 6): FARGATE 1 + 1 of 5 (1:3) -> 2, Spot 4:
    #   2 x 730 x (0.5 x 0.03238 + 0.00356 + 10 x 0.000111) = 30.4556; 4 x 730 x (0.5 x 0.01030969 + 0.00113349
    #   + 10 x 0.000111) = 21.60316
    # worker 4 tasks: base 1, then 3 at 1:3 -> FARGATE 1 + 1 (largest remainder 0.75) = 2, Spot 2:
    #   2 x 36.0401 = 72.0802; 2 x 11.47507 = 22.95014
    # ALB 16.425 + 1 NAT gateway 32.85 + 1 Elastic IP 3.65 = 52.925 -> 200.01406 -> $200.01
    assert (d.declared.before, d.declared.after) == (178.20, 200.01)
    assert d.declared.change == pytest.approx(21.81)
    assert d.headline is d.declared
    rows = {(c.key, c.service): c for c in d.services}
    # as declared, the shared row loses one NAT gateway and one Elastic IP: 89.425 -> 52.925
    assert rows[("declared", SHARED_ROW)].change == pytest.approx(-36.50)
    assert rows[("declared", "worker")].change == pytest.approx(72.0802 + 22.95014 - 36.0401 - 11.47507, abs=0.01)
    assert {c.key for c in d.platforms} == set(FAST)


def test_eks_plan_diff_version_upgrade_and_more_nodes(prices, tmp_path):
    from advisor.workload.importers.terraform import import_terraform

    files = []
    for name in ("tf_eks_plan.json", "tf_eks_plan_after.json"):
        out = tmp_path / name.replace(".json", ".yaml")
        out.write_text(import_terraform(SYN / name, as_of="2025-06-01").to_yaml())
        files.append(out)
    d = diff(*files, platforms=["eks-ec2"], prices=prices)
    # (no launch template: EKS's gp2 root volumes, $0.10 per GB-month)
    # before: 78.5699 + 6 x m5.xlarge 840.96 + 6 x 50 GiB 30.00 + 1.29 in extended support 438.00 = 1387.53
    # after:  78.5699 + 8 x m5.xlarge 1121.28 + 8 x 50 GiB 40.00 + 1.33 in standard support 73.00 = 1312.85
    assert (d.declared.before, d.declared.after) == (1387.53, 1312.85)
    assert d.declared.change == pytest.approx(-74.68)


def test_markdown_comment_summary_first_details_folded(prices):
    d = diff(SYN / "tf_ecs_fargate_plan.json", SYN / "tf_ecs_fargate_plan_after.json", platforms=FAST, prices=prices)
    md = to_markdown(d)
    lines = md.splitlines()
    assert lines[0] == COMMENT_MARKER
    assert lines[3] == "**As declared (ECS on Fargate + Fargate Spot)**: $178.20 → $200.01 per month, **+$21.81** (+12.2%)"
    assert md.index("| As declared | $178.20 | $200.01 | +$21.81 (+12.2%) |") < md.index("<details>")
    assert "<details><summary>Per service (" in md and "</details>" in md


def test_cli_formats_and_exit_codes(tmp_path):
    before, after = str(SYN / "tf_ecs_fargate_plan.json"), str(SYN / "tf_ecs_fargate_plan_after.json")
    args = ["diff", before, after, "-p", "ecs-fargate"]
    r = runner.invoke(app, args + ["--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["headline"]["change"] == pytest.approx(21.81) and data["declared"]["before"] == 178.20
    r = runner.invoke(app, args)
    assert r.exit_code == 0 and "As declared" in r.stdout
    # a rise above --fail-above exits 1; below it (or a fall) 0
    assert runner.invoke(app, args + ["--fail-above", "20"]).exit_code == 1
    assert runner.invoke(app, args + ["--fail-above", "25"]).exit_code == 0
    assert runner.invoke(app, ["diff", after, before, "-p", "ecs-fargate", "--fail-above", "0"]).exit_code == 0
    r = runner.invoke(app, args + ["--fail-above", "1e400"])  # read as inf: the message says why it shows 'inf'
    assert r.exit_code == 2 and "a number beyond about 1.8e308 reads as infinity" in " ".join(r.output.split())
    r = runner.invoke(app, args + ["--fail-above", "-0"])  # -0 is 0, and the message says 0
    assert r.exit_code == 1 and "more than --fail-above 0." in r.stderr and "-0" not in r.stderr
    r = runner.invoke(app, args + ["--fail-above", "-1"])  # said as typed: it read '--fail-above -1.0 is not valid'
    assert r.exit_code == 2 and "--fail-above -1 is not valid; give a number of USD per month >= 0." in r.stderr
    r = runner.invoke(app, ["diff", before, str(tmp_path / "missing.json")])
    assert r.exit_code == 2 and "AFTER" in r.output and "not found" in r.output
    r = runner.invoke(app, ["diff", "-", "-"])
    assert r.exit_code == 2 and "cannot both be '-'" in r.output


@pytest.mark.parametrize("side", ["BEFORE", "AFTER"])
def test_an_importer_field_error_names_its_side_exit_2_not_a_traceback(tmp_path, side):
    """A task definition whose cpu is not a quantity is a ``FieldError`` (its class takes source, document, field and
    message): diff names the side it is about, exit 2, as compare refuses it. Before, diff rebuilt the error as
    ``type(exc)(message)`` and ended in a TypeError traceback, for every importer's field error."""
    bad = tmp_path / "td.json"
    bad.write_text(json.dumps({"family": "web", "cpu": "lots", "memory": "512", "networkMode": "awsvpc",
                               "requiresCompatibilities": ["FARGATE"],
                               "containerDefinitions": [{"name": "web", "image": "nginx"}]}))
    good = str(Path(__file__).parents[1] / "examples" / "web-app.yaml")
    args = ["diff", str(bad), good] if side == "BEFORE" else ["diff", good, str(bad)]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    message = " ".join(r.stderr.split())
    assert message.startswith(f"error: {side} ({bad}): {bad}: task definition (web): cpu: 'lots' is not a CPU "
                              "quantity"), message
    compared = runner.invoke(app, ["compare", str(bad)])
    assert compared.exit_code == 2 and " ".join(compared.stderr.split()) == message.replace(f"{side} ({bad}): ", "")


def test_diff_of_infrastructure_only_plans(prices):
    """Plans that declare no service (an EKS node group only) are priced as declared."""
    d = diff(IAC / "terraform" / "checkov_eks_node_group_remote_access.json",
             IAC / "cloudformation" / "cfn_templates_eks_cluster_nodegroup.yaml", prices=prices)
    # before: 1 x t3.medium (assumed: instance_types unknown) 730 x 0.0416 = 30.368 + 20 GiB gp2 (no launch template)
    # x 0.10 = 2.00 -> 32.37
    # after (EKS template, its launch template's gp3 volumes): 256.04 (test_iac)
    assert (d.declared.before, d.declared.after, d.declared.change) == (32.37, 256.04, pytest.approx(223.67))
    assert d.platforms == [] and d.headline is d.declared
    assert any("declares no service" in n for n in d.before.notes)


def test_workload_files_diff_without_declared(prices):
    ex = Path(__file__).resolve().parent.parent / "examples"
    d = diff(ex / "web-app.yaml", ex / "web-app.yaml", platforms=["ecs-fargate"], prices=prices)
    assert d.declared is None and d.headline.key == "ecs-fargate" and d.headline.change == 0


def test_every_diff_output_says_its_figures_are_infrastructure(tmp_path):
    """diff's $899.02 for examples/microservices.yaml's ECS on Fargate is compare's Infrastructure; compare's Total is
    $1,099.02 (2 engineer-hours at $100). diff's table ("Monthly cost by platform", "USD per month"), Markdown and
    --help never said which, so a reader set the two side by side as the same figure."""
    ex = Path(__file__).resolve().parent.parent / "examples" / "microservices.yaml"
    args = ["diff", str(ex), str(ex), "-p", "ecs-fargate"]
    r = runner.invoke(app, [*args, "-f", "json"])
    assert json.loads(r.stdout)["headline"]["before"] == 899.02
    c = json.loads(runner.invoke(app, ["compare", str(ex), "-p", "ecs-fargate", "-f", "json"]).stdout)
    (est,) = c["platforms"]
    assert (est["shown"]["monthly_cost"], est["shown"]["monthly_tco"]) == (899.02, 1099.02)
    said = "the operations effort compare adds to its Total is not included"
    table = " ".join(runner.invoke(app, args, env={"COLUMNS": "200"}).stdout.split())
    assert f"USD per month of infrastructure ({said})" in table
    assert "Monthly infrastructure cost by platform" in table and "ECS on Fargate │ $899.02 │ $899.02 │" in table
    md = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert f"USD per month (730 hours) of infrastructure ({said})." in md
    assert "| ECS on Fargate | $899.02 | $899.02 | $0.00 |" in md
    helptext = " ".join(runner.invoke(app, ["diff", "--help"], env={"COLUMNS": "200"}).stdout.split())
    assert "Monthly infrastructure cost change from BEFORE to AFTER" in helptext
    assert "headline monthly change (infrastructure)" in helptext


def test_a_platform_priced_on_one_side_only_has_no_change():
    # EKS on Fargate cannot run the ECS plan's services (not priced before) but runs the EKS plan's: its change is
    # not "+$762.36 from nothing" but unknown, and no per-service change is listed for it.
    d = diff(SYN / "tf_ecs_fargate_plan.json", SYN / "tf_eks_plan_after.json")
    eks = next(c for c in d.platforms if c.key == "eks-fargate")
    assert eks.before is None and eks.after is not None and eks.change is None
    assert not [c for c in d.services if c.key == "eks-fargate" and c.change]
    assert json.loads(json.dumps(d.to_dict()))["platforms"][-1]["change"] is None


def test_nothing_priced_is_an_error_not_a_silent_pass():
    r = CliRunner().invoke(app, ["diff", "examples/web-app.yaml", "examples/web-app.yaml", "--platform",
                                 "eks-auto-mode", "--fail-above", "0"])
    assert r.exit_code == 2 and "nothing to compare" in r.output


def test_diff_reads_a_folder_of_manifests_as_compare_does(prices, tmp_path):
    # docs/iac.md: each side is any input compare reads; a folder is Kubernetes manifests
    folder = Path(__file__).resolve().parents[1] / "examples" / "k8s"
    after = tmp_path / "after"
    after.mkdir()
    for f in folder.iterdir():
        text = f.read_text()
        after.joinpath(f.name).write_text(text.replace('advisor/average-replicas: "6"', 'advisor/average-replicas: "8"')
                                          if f.name == "web.yaml" else text)
    d = diff(folder, after, prices=prices)
    assert d.before.source == str(folder) and d.after.source == str(after)
    ecs = next(c for c in d.platforms if c.key == "ecs-fargate")
    assert ecs.change > 0
    r = runner.invoke(app, ["diff", str(folder), str(folder)])
    assert r.exit_code == 0 and "unchanged" in r.output, r.output


def test_diff_json_escapes_what_must_not_reach_a_terminal(tmp_path):
    # every other output escaped bidi, C1 and zero-width characters in names; diff -f json wrote them raw
    name = "s\u202eb\x9b\u200bz\u2028"
    before = tmp_path / "b.yaml"
    after = tmp_path / "a.yaml"
    before.write_text('name: w\nservices:\n  - {name: "%s", cpu: 0.25, memory: 512}\n' % name.encode(
        "unicode_escape").decode())
    after.write_text(before.read_text().replace("memory: 512", "memory: 1024"))
    r = runner.invoke(app, ["diff", str(before), str(after), "-f", "json", "-p", "ecs-fargate"])
    assert r.exit_code == 0, r.output
    assert all(ch.isprintable() or ch == "\n" for ch in r.output)
    services = json.loads(r.output)["services"]
    assert [s["service"] for s in services] == [name]  # the JSON still parses back to the name as written


ECS_CLUSTER_ASG = """\
Resources:
  ECSCluster:
    Type: AWS::ECS::Cluster
    Properties: {ClusterName: prod}
  ECSAutoScalingGroup:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      VPCZoneIdentifier: [subnet-0aaa]
      LaunchConfigurationName: !Ref ECSLaunchConfiguration
      MinSize: 4
      MaxSize: 4
      DesiredCapacity: 4
  ECSLaunchConfiguration:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0123456789abcdef0
      InstanceType: INSTANCE
"""


def test_diff_of_an_ecs_cluster_template_prices_its_container_instances(prices, tmp_path):
    """An ECS cluster template whose services live in other stacks (aws-samples/ecs-refarch-cloudformation's
    infrastructure/ecs-cluster.yaml, cut down): its Auto Scaling group is the cluster's container instances and is
    priced as declared. It was skipped ("no ECS or EKS in this template") and diff refused the template.
    4 x c5.large: 4 x 730 x 0.085 = 248.20 + 4 x 30 GiB gp3 root volumes x 0.08 = 9.60 -> 257.80;
    4 x c5.xlarge: 4 x 730 x 0.17 = 496.40 + 9.60 -> 506.00."""
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    before.write_text(ECS_CLUSTER_ASG.replace("INSTANCE", "c5.large"))
    after.write_text(ECS_CLUSTER_ASG.replace("INSTANCE", "c5.xlarge"))
    d = diff(before, after, prices=prices)
    assert (d.declared.before, d.declared.after) == (257.80, 506.00)
    res = runner.invoke(app, ["compare", str(before)])
    assert res.exit_code == 2 and "1 node group(s) or Auto Scaling group(s)" in res.output
    assert "'advisor diff' prices an input that only declares infrastructure" in res.output


def test_nested_stacks_are_named_when_a_template_declares_no_service(tmp_path):
    """ecs-refarch-cloudformation's master.yaml declares only nested stacks: the message names them and says how to
    price a child template, not the Helm advice it gave."""
    path = tmp_path / "master.yaml"
    path.write_text("Resources:\n  Svc:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
                    "      TemplateURL: https://example.com/service.yaml\n      Parameters: {DesiredCount: 2}\n")
    res = runner.invoke(app, ["compare", str(path)])
    assert res.exit_code == 2
    assert "1 nested stack(s)" in res.output and "-P NAME=VALUE" in res.output and "helm" not in res.output


def test_platforms_without_a_total_on_either_side_are_named_with_why(tmp_path, prices):
    """Reported: 'diff mine.yaml mine-v2.yaml' (a Windows service: ECS on EC2, EKS on EC2 and EKS on Fargate cannot
    run it on either side) showed only the two Fargate ECS rows and said nothing of the platforms it dropped."""
    before, after = tmp_path / "before.yaml", tmp_path / "after.yaml"
    text = ("name: w\nservices:\n  - {name: api, cpu: 0.5, memory: 1 GB, replicas: REPLICAS}\n"
            "  - {name: legacy, cpu: 1, memory: 2 GB, os: windows}\n")
    before.write_text(text.replace("REPLICAS", "3"))
    after.write_text(text.replace("REPLICAS", "5"))
    platforms = ["ecs-fargate", "ecs-ec2", "eks-fargate"]
    d = diff(before, after, platforms=platforms, prices=prices)
    assert [c.key for c in d.platforms] == ["ecs-fargate"]
    assert [(x.platform, x.before, x.after) for x in d.left_out] == [
        ("ecs-ec2", "cannot run every service", "cannot run every service"),
        ("eks-fargate", "cannot run every service", "cannot run every service")]
    line = ("Left out (no total on either side): ECS on EC2, EKS on Fargate (cannot run every service before and "
            "after).")
    assert line in to_markdown(d)
    args = ["diff", str(before), str(after), *(x for p in platforms for x in ("-p", p))]
    assert line in " ".join(runner.invoke(app, args, env={"COLUMNS": "200"}).stdout.split())
    js = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert [x["platform"] for x in js["left_out"]] == ["ecs-ec2", "eks-fargate"]
    # a platform not asked for (here eks-ec2) is not "left out", and nothing is said when nothing is left out
    assert "eks-ec2" not in {x.platform for x in d.left_out}
    d = diff(before, after, platforms=["ecs-fargate"], prices=prices)
    assert d.left_out == [] and "Left out" not in to_markdown(d)


def test_diff_prices_eks_self_managed_nodes_whose_cluster_is_elsewhere(prices):
    """awslabs/amazon-eks-ami's amazon-eks-nodegroup.yaml (and a Terraform plan of the same shape): compare refused it
    and pointed at 'advisor diff', which refused it the same way. Now diff prices it as declared:
    3 x t3.medium (us-east-1 On-Demand $0.0416/h) x 730 h = 91.104 + 3 x 20 GiB gp2 x $0.10 = 6.00 -> 97.104 = $97.10,
    and no control-plane fee (the cluster is created elsewhere)."""
    expected = round(3 * 730 * 0.0416 + 3 * 20 * 0.10, 2)
    assert expected == 97.10
    for path in (IAC / "cloudformation" / "amazon_eks_ami_nodegroup.yaml",
                 IAC / "terraform" / "eks_self_managed_external_cluster_plan.json"):
        d = diff(path, path, prices=prices)
        assert (d.declared.before, d.declared.after) == (expected, expected), path
        assert not [ln for ln in d.after.declared.estimate.lines if ln.category == "control_plane"]
        assert any("EKS nodes are declared without their EKS cluster" in n for n in d.after.declared.estimate.notes)
        res = runner.invoke(app, ["compare", str(path)])
        assert res.exit_code == 2 and "1 node group(s) or Auto Scaling group(s)" in res.output, res.output
        assert "'advisor diff BEFORE AFTER' with this file on either side" in " ".join(res.output.split())
        res = runner.invoke(app, ["diff", str(path), str(path)])
        assert res.exit_code == 0 and "$97.10" in res.output, res.output


def test_an_input_with_nothing_diff_prices_does_not_point_at_diff(tmp_path):
    """A template whose only compute is an Auto Scaling group with no sign of ECS or EKS: compare must not suggest
    'advisor diff', which fails on it the same way; both name the group and why it is not read."""
    path = tmp_path / "asg.yaml"
    path.write_text(ECS_CLUSTER_ASG.replace("INSTANCE", "c5.large").replace("  ECSCluster:\n    Type: AWS::ECS::Cluster\n",
                                                                            "  Unused:\n    Type: AWS::SNS::Topic\n"))
    for args in (["compare", str(path)], ["diff", str(path), str(path)]):
        res = runner.invoke(app, args)
        out = " ".join(res.output.split())
        assert res.exit_code == 2 and "Traceback" not in res.output, out
        assert "1 Auto Scaling group(s) not read as ECS container instances or EKS nodes" in out, out
        assert "'advisor diff' prices" not in out and "There is no infrastructure either" in out, out


def _shop(tmp_path, name: str, db: bool) -> str:
    services = [{"name": "web", "cpu": 0.25, "memory": 512, "replicas": 2}]
    if db:
        services.append({"name": "db", "cpu": 0.5, "memory": 1024, "replicas": 1,
                         "persistent_volumes": [{"name": "data", "size_gib": 20}]})
    p = tmp_path / name
    p.write_text(json.dumps({"name": "shop", "services": services}))
    return str(p)


def test_headline_from_before_recommendation_when_after_platform_had_no_total(tmp_path):
    """Dropping the only service EKS on Fargate could not run (an EBS volume) makes it AFTER's recommendation, with
    no total BEFORE: the headline measures from BEFORE's recommendation (EKS on EC2 nodes) to it, so --fail-above
    has a change to check (it passed any rise before: change None)."""
    before, after = _shop(tmp_path, "before.json", True), _shop(tmp_path, "after.json", False)
    args = ["-p", "eks-fargate,eks-ec2", "--format", "json"]
    r = runner.invoke(app, ["diff", before, after, *args])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    plats = {p["key"]: p for p in data["platforms"]}
    assert plats["eks-fargate"]["before"] is None
    head = data["headline"]
    assert head["label"] == "EKS on EC2 nodes → EKS on Fargate"
    assert (head["before"], head["after"]) == (plats["eks-ec2"]["before"], plats["eks-fargate"]["after"])
    assert head["change"] == pytest.approx(head["after"] - head["before"]) and head["change"] < 0
    assert runner.invoke(app, ["diff", before, after, "-p", "eks-fargate,eks-ec2", "--fail-above", "0"]).exit_code == 0
    # the other way round the recommendation changes too (EKS on Fargate -> EKS on EC2 nodes): the gate measures
    # from BEFORE's recommended platform to AFTER's, not EKS on EC2 nodes' own rise (the db's 20 GiB gp3 volume,
    # 20 x 0.08 = $1.60, the change in its row)
    r = runner.invoke(app, ["diff", after, before, "-p", "eks-fargate,eks-ec2", "--fail-above", "0"])
    assert r.exit_code == 1, r.output
    assert f"the monthly cost rises by ${-head['change']:,.2f} (EKS on Fargate → EKS on EC2 nodes" in r.output
    back = json.loads(runner.invoke(app, ["diff", after, before, *args]).stdout)
    assert next(p for p in back["platforms"] if p["key"] == "eks-ec2")["change"] == 1.60


def test_fail_above_fails_closed_when_the_headline_has_no_change(tmp_path, monkeypatch):
    from advisor.compare import diff as diff_module

    real = diff_module.diff

    def no_before(*a, **kw):
        d = real(*a, **kw)
        d.headline = diff_module.Change("eks-fargate", "EKS on Fargate", None, d.headline.after)
        return d

    monkeypatch.setattr(diff_module, "diff", no_before)
    before, after = _shop(tmp_path, "before.json", True), _shop(tmp_path, "after.json", False)
    r = runner.invoke(app, ["diff", before, after, "--fail-above", "0"])
    assert r.exit_code == 1
    assert "the headline change cannot be measured (EKS on Fargate has no total BEFORE" in r.output
    assert runner.invoke(app, ["diff", before, after]).exit_code == 0  # no gate asked for: 0 whatever the change


def test_after_with_no_platform_total_keeps_before_recommendation_as_headline(tmp_path):
    """AFTER adds a service ECS on Fargate cannot run (64 vCPU, above Fargate's largest, 32) and only ECS on Fargate is
    asked for: BEFORE still has a total, so the diff shows it (it was exit 2, 'nothing to compare', while the same pair the
    other way round showed its table) and a gate fails closed. web-app on ECS on Fargate: 2 tasks x 730 h x
    (0.25 vCPU x $0.04048 + 0.5 GB x $0.004445) = $18.02."""
    after = tmp_path / "after.json"
    after.write_text(json.dumps({"name": "web-app", "region": "us-east-1", "services": [
        {"name": "web-server", "cpu": "256 units", "memory": 512, "replicas": 2},
        {"name": "big", "cpu": 64, "memory": 196608, "replicas": 1}]}))
    args = ["diff", "examples/web-app.yaml", str(after), "-p", "ecs-fargate"]
    r = runner.invoke(app, [*args, "--format", "json"])
    assert r.exit_code == 0, r.output
    head = json.loads(r.stdout)["headline"]
    assert (head["key"], head["before"], head["after"], head["change"]) == ("ecs-fargate", 18.02, None, None)
    r = runner.invoke(app, [*args, "--fail-above", "0"])
    assert r.exit_code == 1
    assert "the headline change cannot be measured (ECS on Fargate has no total AFTER" in r.output


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _microservices_scaled(tmp_path) -> Path:
    """examples/microservices.yaml with every service of 4 replicas at 6 (api-gateway, catalog, search)."""
    after = tmp_path / "ms-after.yaml"
    after.write_text((EXAMPLES / "microservices.yaml").read_text().replace("replicas: 4\n", "replicas: 6\n"))
    return after


def test_per_service_rows_add_up_to_the_platform_rows(tmp_path, prices):
    """Reported: on ECS on Fargate + Fargate Spot the platform rose $79.19 and its services +$11.47 + $13.54 +
    $54.17 = $79.18; ECS on Fargate's services summed to $899.01 BEFORE against its $899.02. Each service was rounded
    on its own; now they are apportioned to the total as compare's lines are (largest remainder)."""
    d = diff(EXAMPLES / "microservices.yaml", _microservices_scaled(tmp_path), prices=prices)
    for p in d.platforms:
        rows = [c for c in d.services if c.key == p.key]
        assert rows, p.key
        assert round(sum(c.before or 0 for c in rows), 2) == p.before, p.key
        assert round(sum(c.after or 0 for c in rows), 2) == p.after, p.key
        assert round(sum(c.change for c in rows), 2) == p.change, p.key
    spot = {c.service: c.change for c in d.services if c.key == "ecs-fargate-spot" and c.change}
    assert spot == {"api-gateway": 11.47, "catalog": 13.55, "search": 54.17}
    assert next(c for c in d.platforms if c.key == "ecs-fargate-spot").change == 79.19
    # the services that did not change show no change of a cent from rounding
    assert {c.service for c in d.services if c.change and c.service != SHARED_ROW} == {"api-gateway", "catalog",
                                                                                      "search"}
    md = to_markdown(d)
    assert "| api-gateway | ECS on Fargate + Fargate Spot | $47.52 | $58.99 | +$11.47 |" in md
    assert "| catalog | ECS on Fargate + Fargate Spot | $56.07 | $69.62 | +$13.55 |" in md
    r = runner.invoke(app, ["diff", str(EXAMPLES / "microservices.yaml"), str(_microservices_scaled(tmp_path))],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "+$13.55" in r.stdout and "+$13.54" not in r.stdout, r.stdout
    js = json.loads(runner.invoke(app, ["diff", str(EXAMPLES / "microservices.yaml"),
                                        str(_microservices_scaled(tmp_path)), "-f", "json"]).stdout)
    fargate = [s for s in js["services"] if s["key"] == "ecs-fargate"]
    assert round(sum(s["before"] for s in fargate), 2) == 899.02


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from(["same", "changed",
                                                                                         "removed", "added"])),
                min_size=1, max_size=12))
def test_shown_service_amounts_add_up_stay_within_a_cent_and_keep_unchanged_equal(rows):
    """_shown_by_service: each side adds up to its shown total, every amount is within a cent of the exact one,
    and a service with the same cost on both sides shows the same amount."""
    from advisor.compare.diff import _shown_by_service
    from advisor.units import cents

    before, after = {}, {}
    for i, (x, y, kind) in enumerate(rows):
        b, a = x / 1e4 + 0.0013, y / 1e4 + 0.0071  # amounts with sub-cent parts, as line items have
        if kind != "added":
            before[f"s{i}"] = b
        if kind in ("same", "added"):
            after[f"s{i}"] = b if kind == "same" else a
        elif kind == "changed":
            after[f"s{i}"] = a
    bt, at = cents(sum(before.values())), cents(sum(after.values()))
    sb, sa = _shown_by_service(before, after, bt, at)
    assert set(sb) == set(before) and set(sa) == set(after)
    assert round(sum(sb.values()), 2) == bt and round(sum(sa.values()), 2) == at
    for exact, shown in ((before, sb), (after, sa)):
        assert all(abs(shown[s] - exact[s]) < 0.01 + 1e-9 for s in exact)
    assert all(sb[s] == sa[s] for s in before if s in after and before[s] == after[s])


def _nospot(tmp_path, exclude=("ecs-fargate-spot",), text: str | None = None) -> Path:
    """examples/microservices.yaml (or ``text``) whose requirements exclude ``exclude``."""
    import yaml

    data = yaml.safe_load(text if text is not None else (EXAMPLES / "microservices.yaml").read_text())
    data["requirements"] = {"exclude_platforms": list(exclude)}
    out = tmp_path / f"ms-no-{'-'.join(exclude)}.yaml"
    out.write_text(yaml.safe_dump(data))
    return out


def test_a_changed_recommendation_is_the_headline_and_what_the_gate_measures(tmp_path, prices):
    """Reported: AFTER excludes Fargate Spot, so the recommendation moves from ECS on Fargate + Fargate Spot
    ($636.28) to ECS on Fargate ($899.02). The headline said "ECS on Fargate (recommended): $899.02 per month,
    unchanged" and --fail-above 10 passed, though the team would pay $262.74 more; the AFTER column showed Fargate
    Spot at $636.28 with no mark that AFTER excludes it."""
    before, after = EXAMPLES / "microservices.yaml", _nospot(tmp_path)
    d = diff(before, after, prices=prices)
    assert (d.before.recommendation, d.after.recommendation, d.recommendation_changed) == (
        "ecs-fargate-spot", "ecs-fargate", True)
    h = d.headline
    assert (h.before_key, h.key, h.before, h.after, h.change) == ("ecs-fargate-spot", "ecs-fargate", 636.28, 899.02,
                                                                  262.74)
    spot = next(c for c in d.platforms if c.key == "ecs-fargate-spot")
    assert (spot.before, spot.after, spot.before_status, spot.after_status, spot.change, spot.percent) == (
        636.28, 636.28, "ok", "excluded", None, None)
    assert not [c for c in d.services if c.key == "ecs-fargate-spot"]  # no per-service change for it either
    md = to_markdown(d)
    assert ("**ECS on Fargate + Fargate Spot → ECS on Fargate (recommended)**: $636.28 → $899.02 per month, "
            "**+$262.74** (+41.3%)") in md
    assert ("Recommendation changed: ECS on Fargate + Fargate Spot before, ECS on Fargate after (ECS on Fargate + "
            "Fargate Spot after: excluded by the workload's requirements).") in md
    assert "| ECS on Fargate + Fargate Spot | $636.28 | $636.28 (excluded) | — |" in md
    args = ["diff", str(before), str(after)]
    r = runner.invoke(app, [*args, "--fail-above", "10"], env={"COLUMNS": "200"})
    assert r.exit_code == 1, r.output
    assert "the monthly cost rises by $262.74 (ECS on Fargate + Fargate Spot → ECS on Fargate" in r.output
    out = " ".join(r.stdout.split())
    assert "ECS on Fargate + Fargate Spot → ECS on Fargate (recommended): $636.28 → $899.02 per month, +$262.74" in out
    assert "Recommendation changed: ECS on Fargate + Fargate Spot before, ECS on Fargate after" in out
    assert "│ $636.28 │ $636.28 (excluded) │ — │" in out
    assert runner.invoke(app, [*args, "--fail-above", "263"]).exit_code == 0
    js = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert js["recommendation"] == {"before": "ecs-fargate-spot", "after": "ecs-fargate", "changed": True}
    assert (js["headline"]["before_key"], js["headline"]["key"], js["headline"]["change"]) == (
        "ecs-fargate-spot", "ecs-fargate", 262.74)
    row = next(p for p in js["platforms"] if p["key"] == "ecs-fargate-spot")
    assert (row["after_status"], row["change"]) == ("excluded", None)
    # the other way round: a fall of $262.74, and the mark on the BEFORE side
    d = diff(after, before, platforms=FAST, prices=prices)
    assert (d.headline.before, d.headline.after, d.headline.change) == (899.02, 636.28, -262.74)
    assert "| ECS on Fargate + Fargate Spot | $636.28 (excluded) | $636.28 | — |" in to_markdown(d)


def test_a_recommendation_lost_on_cost_says_by_how_much_on_each_side(tmp_path, prices):
    """Reported: when BEFORE's platform was still a choice AFTER, "Recommendation changed: A before, B after." said
    nothing of why. The line now gives the figure the recommendation ranks by, both platforms, both sides."""
    import yaml

    data = yaml.safe_load((EXAMPLES / "microservices.yaml").read_text())
    data["operations"] = {"include": False}  # rank by infrastructure alone: EKS on EC2 ($887.01) < ECS on Fargate
    after = tmp_path / "no-ops.yaml"
    after.write_text(yaml.safe_dump(data))
    d = diff(EXAMPLES / "microservices.yaml", after, platforms=["ecs-fargate", "eks-ec2"], prices=prices)
    assert (d.before.recommendation, d.after.recommendation) == ("ecs-fargate", "eks-ec2")
    assert ("Recommendation changed: ECS on Fargate before, EKS on EC2 nodes after (ECS on Fargate against EKS on EC2 "
            "nodes: $899.02 against $887.01 after, ranked by infrastructure alone; $1,099.02 against $1,987.01 "
            "before, ranked by infrastructure plus operations).") in to_markdown(d)
    # every service off Spot: Fargate Spot costs what ECS on Fargate does, and the tie goes to the first listed
    for svc in data["services"]:
        svc["spot"] = False
    data.pop("operations")
    after.write_text(yaml.safe_dump(data))
    d = diff(EXAMPLES / "microservices.yaml", after, platforms=FAST, prices=prices)
    assert ("Recommendation changed: ECS on Fargate + Fargate Spot before, ECS on Fargate after (ranked by "
            "infrastructure plus operations, ECS on Fargate + Fargate Spot against ECS on Fargate: $1,099.02 each "
            "after, a tie, which goes to ECS on Fargate, listed first; $836.28 against $1,099.02 before).") in to_markdown(d)
    # Reported: "... Fargate Spot against ECS on Fargate: $1,099.02 each after, a tie, which goes to the platform
    # listed first" read as Fargate Spot winning (listed first in the sentence) while ECS on Fargate won


def test_without_a_recommendation_change_the_outputs_say_nothing_of_one(tmp_path, prices):
    d = diff(EXAMPLES / "microservices.yaml", _microservices_scaled(tmp_path), platforms=FAST, prices=prices)
    assert not d.recommendation_changed and d.headline.before_key is None
    assert d.headline.key == "ecs-fargate-spot" and d.headline.change == 79.19
    md = to_markdown(d)
    assert "**ECS on Fargate + Fargate Spot (recommended)**: $636.28 → $715.47 per month, **+$79.19** (+12.4%)" in md
    assert "Recommendation changed" not in md and "(excluded)" not in md
    assert "| ECS on Fargate + Fargate Spot | $636.28 | $715.47 | +$79.19 (+12.4%) |" in md
    assert json.loads(json.dumps(d.to_dict()))["recommendation"]["changed"] is False


def test_a_platform_excluded_on_both_sides_keeps_its_change_marked_on_both(tmp_path, prices):
    before = _nospot(tmp_path)
    after = tmp_path / "after.yaml"
    after.write_text(before.read_text().replace("replicas: 4\n", "replicas: 6\n"))
    d = diff(before, after, platforms=FAST, prices=prices)
    spot = next(c for c in d.platforms if c.key == "ecs-fargate-spot")
    assert (spot.before, spot.after, spot.change) == (636.28, 715.47, 79.19)  # the same standing: like for like
    assert "| ECS on Fargate + Fargate Spot | $636.28 (excluded) | $715.47 (excluded) | +$79.19 (+12.4%) |" in \
        to_markdown(d)
    assert not d.recommendation_changed and d.headline.key == "ecs-fargate"


def test_a_platform_that_cannot_run_every_service_on_one_side_is_marked_there(tmp_path):
    before, after = _shop(tmp_path, "before.json", True), _shop(tmp_path, "after.json", False)
    r = runner.invoke(app, ["diff", before, after, "-p", "eks-fargate,eks-ec2", "-f", "markdown"])
    assert r.exit_code == 0, r.output
    assert any(ln.startswith("| EKS on Fargate | — (cannot run every service) | $") and ln.endswith("| — |")
               for ln in r.stdout.splitlines()), r.stdout
    assert "Recommendation changed: EKS on EC2 nodes before, EKS on Fargate after (EKS on Fargate before: cannot " \
           "run every service)." in r.stdout


def test_gate_fails_closed_when_after_recommendation_was_excluded_before(tmp_path):
    """BEFORE excludes ECS on Fargate and EKS on Fargate cannot run its db (an EBS volume): no recommendation BEFORE.
    AFTER drops the exclusion: ECS on Fargate has a total on both sides, but BEFORE could not choose it, so the
    change is not measured and the gate fails closed."""
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    after.write_text(Path(_shop(tmp_path, "shop.json", True)).read_text())
    before.write_text(json.dumps({**json.loads(after.read_text()),
                                  "requirements": {"exclude_platforms": ["ecs-fargate"]}}))
    args = ["diff", str(before), str(after), "-p", "ecs-fargate,eks-fargate"]
    js = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert js["recommendation"] == {"before": None, "after": "ecs-fargate", "changed": True}
    h = js["headline"]
    assert (h["before"] == h["after"], h["before_status"], h["change"]) == (True, "excluded", None)
    md = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert f"**ECS on Fargate (recommended)**: ${h['before']:,.2f} → ${h['after']:,.2f} per month, no change measured " \
           "(excluded before)" in md
    r = runner.invoke(app, [*args, "--fail-above", "0"])
    assert r.exit_code == 1
    assert ("the headline change cannot be measured (ECS on Fargate is excluded by the workload's requirements "
            "BEFORE)") in " ".join(r.output.split())


def test_a_platform_that_only_lacks_price_data_is_not_said_to_be_unable_to_run_it(tmp_path):
    # arm-windows-mix moved to eu-west-2 has no Windows Fargate rate: ECS on Fargate runs every service there but
    # lacks that price; diff said "cannot run every service" (compare: "not ranked: missing price data")
    src = Path(__file__).resolve().parents[1] / "examples" / "arm-windows-mix.yaml"
    after = tmp_path / "euw2.yaml"
    after.write_text(src.read_text().replace("region: us-east-1", "region: eu-west-2"))
    args = ["diff", str(src), str(after), "-p", "ecs-fargate,ecs-fargate-spot"]
    js = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    rows = {p["key"]: p for p in js["platforms"]}
    assert rows["ecs-fargate"]["after_status"] == "missing price data" and rows["ecs-fargate"]["change"] is None
    md = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "— (missing price data)" in md and "cannot run every service" not in md, md


def test_a_partial_declared_estate_is_marked_and_the_headline_says_why_it_moved(tmp_path):
    # AFTER adds a service the declared estate does not hold: compare marks "as declared" partial; diff showed a bare
    # "—", its JSON had no status, and the headline moved to the recommended platform without a word
    import yaml

    from advisor.workload.importers.cloudformation import import_cloudformation

    src = Path(__file__).resolve().parent / "fixtures" / "iac" / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml"
    before = tmp_path / "before.yaml"
    before.write_text(import_cloudformation(src).to_yaml())
    data = yaml.safe_load(before.read_text())
    data["services"].append({"name": "worker", "cpu": 1, "memory": 2048, "replicas": 2})
    after = tmp_path / "after.yaml"
    after.write_text(yaml.safe_dump(data, sort_keys=False))
    args = ["diff", str(before), str(after), "-p", "ecs-fargate,eks-fargate"]
    js = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert (js["declared"]["before_status"], js["declared"]["after_status"], js["declared"]["change"]) == \
        ("as declared", "as declared (partial)", None)  # compare's words: its JSON's declared.status
    assert (js["before"]["declared"]["status"], js["after"]["declared"]["status"]) == \
        ("as declared", "as declared (partial)")
    md = runner.invoke(app, [*args, "-f", "markdown"]).stdout
    assert "— (partial)" in md and "the estate as declared has no total AFTER" in md, md


W3 = "name: t\nservices:\n  - {name: web, cpu: 0.5, memory: 1024, replicas: 3}\n"


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_a_side_whose_requirements_rule_out_every_platform_is_not_priced_not_an_error(tmp_path, fmt):
    # 'diff w.yaml wg.yaml' (wg adds a GPU service) exited 2 "AFTER (wg.yaml): the requirements of 't' rule out every
    # platform", though wb.yaml (an impossible size) gave exit 0 and "$41.78 per month before; not priced after"
    (tmp_path / "w.yaml").write_text(W3)
    (tmp_path / "wg.yaml").write_text(W3 + "  - {name: gpu, cpu: 1, memory: 2048, replicas: 1, gpus: 1}\n")
    (tmp_path / "wb.yaml").write_text(W3 + "  - {name: big, cpu: \"800 vCPU\", memory: \"30 TiB\", replicas: 1}\n")
    args = ["diff", str(tmp_path / "w.yaml"), str(tmp_path / "wg.yaml"), "-f", fmt]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    size = CliRunner().invoke(app, ["diff", str(tmp_path / "w.yaml"), str(tmp_path / "wb.yaml"), "-f", fmt])
    assert size.exit_code == 0
    if fmt == "json":
        d = json.loads(r.stdout)
        assert d["recommendation"] == {"before": "ecs-fargate-spot", "after": None, "changed": True}
        assert (d["headline"]["key"], d["headline"]["before"], d["headline"]["change"]) == ("ecs-fargate-spot", 41.78,
                                                                                            None)
        assert d["headline"]["after_status"] == "excluded"
        assert {p["after_status"] for p in d["platforms"]} == {"excluded"}
        # no AFTER total anywhere: every platform cannot run the GPU service (Fargate offers no GPUs; advisor does not
        # size GPU nodes), so none is priced as if it could ("$90.10 (excluded)" priced the GPU service without GPUs)
        assert {p["after"] for p in d["platforms"]} == {None} and d["headline"]["after"] is None
        assert any("rule out every platform" in n and "gpu needs GPUs" in n for n in d["after"]["notes"])
    else:
        out = " ".join(r.stdout.split())
        assert "$41.78" in out and "excluded" in out and "$90.10" not in out and "$77.82" not in out
        assert "rule out every platform" in out and "gpu needs GPUs" in out
    # --fail-above: a change it cannot measure fails closed (exit 1), as for the impossible size
    gate = CliRunner().invoke(app, [*args, "--fail-above", "10"])
    assert gate.exit_code == 1 and "cannot be measured" in gate.output
    assert CliRunner().invoke(app, ["diff", str(tmp_path / "w.yaml"), str(tmp_path / "wb.yaml"),
                                    "--fail-above", "10"]).exit_code == 1


def test_a_service_named_shared_is_not_merged_with_the_lines_of_no_service(tmp_path, prices):
    """A service named "(shared)" had its EKS on Fargate pods added to the control plane and CoreDNS lines in one row
    ($133.55 -> $176.08 for 2 -> 4 pods), so its own change could not be read in JSON. 0.5 vCPU / 1 GiB + 256 MiB
    = 0.5 vCPU / 2 GB on EKS on Fargate: 730 x (0.5 x $0.04048 + 2 x $0.004445) = $21.2649 a pod; the lines of no
    service are the control plane, 730 x $0.10 = $73.00, and 2 CoreDNS pods at 0.25 vCPU / 0.5 GB, $18.02."""
    text = "name: x\nservices:\n  - name: \"(shared)\"\n    cpu: 0.5\n    memory: 1024\n    replicas: {n}\n"
    (tmp_path / "b.yaml").write_text(text.format(n=2))
    (tmp_path / "a.yaml").write_text(text.format(n=4))
    d = diff(tmp_path / "b.yaml", tmp_path / "a.yaml", platforms=["eks-fargate"], prices=prices)
    rows = {(c.service, c.shared): c for c in d.services}
    assert (rows[("(shared)", False)].before, rows[("(shared)", False)].after) == (42.53, 85.06)
    assert (rows[(SHARED_ROW, True)].before, rows[(SHARED_ROW, True)].after) == (91.02, 91.02)
    data = json.loads(runner.invoke(app, ["diff", str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml"), "-p",
                                          "eks-fargate", "-f", "json"]).output)
    assert [(s["service"], s["shared"], s["change"]) for s in data["services"]] == [("(shared)", False, 42.53),
                                                                                    ("(shared)", True, 0.0)]
    md = to_markdown(d)
    assert "| (shared) | EKS on Fargate | $42.53 | $85.06 | +$42.53 |" in md


def test_a_change_of_region_is_said_beside_the_headline_not_folded_in_the_notes(tmp_path, prices):
    """web-app moved from us-east-1 to sa-east-1 read "+$12.93 (+71.8%)" on ECS on Fargate with the reason only in the
    folded "How the inputs were read" block. 2 tasks of 0.25 vCPU / 0.5 GB, 730 h: us-east-1 730 x 2 x (0.25 x
    $0.04048 + 0.5 x $0.004445) = $18.02."""
    web = Path(__file__).resolve().parent.parent / "examples" / "web-app.yaml"
    moved = tmp_path / "web-sa.yaml"
    moved.write_text(web.read_text().replace("us-east-1", "sa-east-1"))
    d = diff(web, moved, platforms=["ecs-fargate"], prices=prices)
    assert (d.before.region, d.after.region, d.headline.before) == ("us-east-1", "sa-east-1", 18.02)
    line = ("Regions differ: BEFORE is priced in us-east-1, AFTER in sa-east-1, so part of the change is the region's "
            "prices (give --region to price both in one).")
    md = to_markdown(d)
    assert md.index(line) < md.index("| | Before | After | Change |") < md.index("<details>")
    out = runner.invoke(app, ["diff", str(web), str(moved), "-p", "ecs-fargate"]).output
    assert line in " ".join(out.split())  # the terminal wraps it
    same = diff(web, web, platforms=["ecs-fargate"], prices=prices)
    assert "Regions differ" not in to_markdown(same)
    priced_in_one = diff(web, moved, platforms=["ecs-fargate"], prices=prices, region="us-east-1")
    assert "Regions differ" not in to_markdown(priced_in_one) and priced_in_one.headline.change == 0


def test_a_huge_rise_is_priced_exactly_and_its_percent_has_separators(tmp_path, prices):
    """1 -> 5,000 tasks (the ECS 'Tasks per service' quota) of 16 vCPU / 120 GB: 730 x (16 x $0.04048 + 120 x
    $0.004445) = $862.1884 a task, $4,310,942.00 for 5,000; the percent read "+499899.1%" beside "+$4,310,079.81"."""
    text = "name: huge\nservices:\n  - name: big\n    cpu: 16\n    memory: 120 GB\n    replicas: {n}\n"
    (tmp_path / "b.yaml").write_text(text.format(n=1))
    (tmp_path / "a.yaml").write_text(text.format(n=5000))
    d = diff(tmp_path / "b.yaml", tmp_path / "a.yaml", platforms=["ecs-fargate"], prices=prices)
    assert (d.headline.before, d.headline.after, d.headline.change) == (862.19, 4310942.0, 4310079.81)
    assert "| ECS on Fargate | $862.19 | $4,310,942.00 | +$4,310,079.81 (+499,899.1%) |" in to_markdown(d)
    r = runner.invoke(app, ["diff", str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml"), "-p", "ecs-fargate",
                            "--fail-above", "4310079.80"])
    assert r.exit_code == 1 and "rises by $4,310,079.81" in r.stderr
    assert runner.invoke(app, ["diff", str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml"), "-p", "ecs-fargate",
                               "--fail-above", "4310079.81"]).exit_code == 0


@pytest.mark.parametrize("empty", [
    '{"format_version": "1.2", "planned_values": {"root_module": {}}}',  # terraform plan before anything exists
    '{"format_version": "1.2", "values": {"root_module": {"resources": [{"address": "aws_s3_bucket.b", '
    '"mode": "managed", "type": "aws_s3_bucket", "name": "b", "values": {"bucket": "b"}}]}}}',  # state: S3 only
    'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n',
    # 'terraform show -json' of an empty state (main before the first apply) prints the format version alone
    # (terraform internal/command/jsonstate Marshal); it was read as a workload file: "'name' is required ...
    # unknown key 'format_version'"
    '{"format_version": "1.0"}',
])
def test_an_input_that_declares_nothing_is_an_empty_estate_at_zero(tmp_path, empty):
    """The first pull request of an estate: main's plan declares nothing, and diff stopped with "declares no service
    to compare ... no infrastructure either" (exit 2), so the change could not be priced or gated. It is an empty
    estate, $0: the declared change is the whole of AFTER's (tf_ecs_fargate_plan.json as declared, $178.20), and the
    reverse (the last service removed) falls to $0."""
    before = tmp_path / ("empty.yaml" if empty.startswith("AWS") else "empty.json")
    before.write_text(empty)
    after = str(SYN / "tf_ecs_fargate_plan.json")
    r = runner.invoke(app, ["diff", str(before), after, "-p", "ecs-fargate", "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["headline"] | {} == data["declared"]
    assert (data["declared"]["before"], data["declared"]["after"], data["declared"]["change"]) == (0.0, 178.2, 178.2)
    assert data["before"]["region"] == "" and any("an empty estate, $0 a month" in n for n in data["before"]["notes"])
    assert runner.invoke(app, ["diff", str(before), after, "-p", "ecs-fargate", "--fail-above", "178"]).exit_code == 1
    r = runner.invoke(app, ["diff", after, str(before), "-p", "ecs-fargate", "-f", "json"])
    assert json.loads(r.stdout)["headline"]["change"] == -178.2
    assert "Regions differ" not in runner.invoke(app, ["diff", str(before), after, "-f", "markdown",
                                                       "-p", "ecs-fargate"]).stdout


def test_an_input_with_something_unread_is_not_taken_for_an_empty_estate(tmp_path):
    """Only an input with nothing of container compute is $0: a template whose nested stacks are not beside it still
    stops diff (exit 2), as a $0 there would hide what the child templates declare."""
    t = tmp_path / "parent.yaml"
    t.write_text('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n'
                 '    Properties:\n      TemplateURL: https://example.com/child.yaml\n')
    r = runner.invoke(app, ["diff", str(t), str(SYN / "tf_ecs_fargate_plan.json"), "-p", "ecs-fargate"])
    assert r.exit_code == 2 and "nested stack" in r.output
