"""CloudFormation nested stacks (AWS::CloudFormation::Stack) read from the files beside their parent
(advisor.workload.importers.nested): cdk.out's *.nested.template.json (by aws:asset:path, else by the asset hash of
the TemplateURL), a local TemplateURL, and a repository laid out as its S3 URLs say (an assumption).

Fixtures (tests/fixtures/iac/SOURCES.md): cloudformation/ecs_refarch/ (aws-samples/ecs-refarch-cloudformation,
master.yaml and its seven children), cdk/eks_al2023_ng_nested/ (an aws-cdk integration snapshot whose children hold
the cluster's providers), cdk/nested_ecs_synthesized/ (synthesized with aws-cdk-lib 2.276.0: ECS services in two
NestedStacks). us-east-1 / eu-west-1 rates from the bundled tables, 730 hours a month.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare.declared import price_declared
from advisor.errors import WorkloadError
from advisor.workload.importers.cloudformation import import_cloudformation

IAC = Path(__file__).resolve().parent / "fixtures" / "iac"
REFARCH = IAC / "cloudformation" / "ecs_refarch" / "master.yaml"
CDK_ECS = IAC / "cdk" / "nested_ecs_synthesized" / "EcsNestedParent.template.json"
CDK_EKS = IAC / "cdk" / "eks_al2023_ng_nested" / "aws-cdk-eks-cluster-al2023-ng-test.template.json"
runner = CliRunner()


def test_ecs_refarch_master_is_priced_with_its_children(prices):
    """master.yaml declares only nested stacks (it used to exit 2, "declares no service"). Its children, found by the
    tails of their S3 URLs (an assumption each), hold the ECS cluster (an Auto Scaling group of 4 t2.large:
    ClusterSize and InstanceType passed by the parent), the two services (bridge, 128 MiB containers; the website
    scales 2-3), the ALB and two NAT gateways. As declared: 4 x 730 h x $0.0928 = $270.976, 4 x 30 GiB gp3 at $0.08 =
    $9.60, the ALB $16.425, 2 NAT gateways $65.70 and their 2 addresses $7.30: $370.001 a month."""
    res = import_cloudformation(REFARCH)
    assert sorted((s.name, s.network_mode) for s in res.workload.services) == [
        ("ProductServiceService", "bridge"), ("WebsiteServiceService", "bridge")]
    website = next(s for s in res.workload.services if s.name == "WebsiteServiceService")
    assert (website.scaling.min, website.scaling.max) == (2, 3)
    assert any(n.startswith("ECS: nested stack read from infrastructure/ecs-cluster.yaml (an assumption, below)")
               and "the parent passes ClusterSize, EnvironmentName, InstanceType" in n for n in res.notes)
    assert any(a.startswith("ECS: its child template is taken to be infrastructure/ecs-cluster.yaml, as its "
                            "TemplateURL https://s3.amazonaws.com/ecs-refarch-cloudformation/infrastructure/"
                            "ecs-cluster.yaml ends with infrastructure/ecs-cluster.yaml") for a in res.assumptions)
    assert not any("nested stack(s) (AWS::CloudFormation::Stack) not followed" in n for n in res.notes)
    [group] = res.workload.declared.node_groups
    assert (group.instance_types, group.desired) == (["t2.large"], 4)
    d = price_declared(res.workload, prices)
    assert d.monthly_cost == pytest.approx(4 * 730 * 0.0928 + 4 * 30 * 0.08 + 730 * 0.0225 + 2 * 730 * 0.045
                                           + 2 * 730 * 0.005, abs=1e-6)
    assert round(d.monthly_cost, 3) == 370.001
    # --strict refuses the guess; the CLI compares it
    r = runner.invoke(app, ["compare", str(REFARCH), "--strict"])
    assert r.exit_code == 2 and "its child template is taken to be" in " ".join(r.output.split())
    r = runner.invoke(app, ["compare", str(REFARCH), "-p", "ecs-ec2", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["declared"]["monthly_cost"] == pytest.approx(370.001, abs=1e-3)


def test_cdk_nested_stacks_found_by_their_asset_path(prices):
    """cdk.out of an app with ECS services in two NestedStacks: each child is the file its aws:asset:path names; the
    cluster it runs on is the parent's (a parameter the parent passes as Ref ClusterEB0386A7); region eu-west-1 from
    manifest.json. Api: 0.5 vCPU / 1 GB, 3-10 tasks (6.5 on average); Web: 0.25 / 0.5 GB, 2 tasks behind the ALB."""
    res = import_cloudformation(CDK_ECS)
    assert res.workload.region == "eu-west-1"
    svcs = {s.name: s for s in res.workload.services}
    assert sorted(svcs) == ["Api", "Web"]
    assert (svcs["Api"].vcpu, svcs["Api"].memory_mib, svcs["Api"].scaling.average) == (0.5, 1024, 6.5)
    assert (svcs["Web"].vcpu, svcs["Web"].memory_mib, svcs["Web"].replicas) == (0.25, 512, 2)
    assert {e.cluster for e in res.workload.declared.ecs_services} == {"ClusterEB0386A7"}
    assert any(n.startswith("ApiNestedStackApiNestedStackResourceD6AA1271: nested stack read from "
                            "EcsNestedParentApi3466393D.nested.template.json (found by aws:asset:path ") for n in res.notes)
    assert res.workload.shared.load_balancers.count == 1 and res.workload.shared.nat_gateways.count == 1
    assert not res.assumptions or not any("child template is taken to be" in a for a in res.assumptions)


def test_cdk_integration_snapshot_children_found_by_asset_hash():
    """An aws-cdk integration snapshot keeps no Metadata: each child is the file beside the parent whose SHA-256 is
    the hash its TemplateURL ends with. The children hold Lambda functions and IAM roles only, so the estate is the
    parent's two managed node groups and its cluster (Custom::AWSCDK-EKS-Cluster); no nested stack is left unread."""
    res = import_cloudformation(CDK_EKS, allow_empty=True)
    notes = " | ".join(res.notes)
    assert "nested stack read from awscdkeksclusteral2023ngtestawscdkawseksKubectlProvider1AEFC122.nested.template" \
        ".json (found by the TemplateURL's asset hash " in notes
    assert "not followed" not in notes and len(res.declared["node_groups"]) == 2
    r = runner.invoke(app, ["diff", str(CDK_EKS), str(CDK_EKS)])
    assert r.exit_code == 0, r.output


def _parent(tmp_path: Path, stack: dict, child: dict | str | None, name: str = "child.yaml",
            extra: dict | None = None) -> Path:
    if child is not None:
        (tmp_path / name).write_text(child if isinstance(child, str) else json.dumps(child))
    p = tmp_path / "parent.json"
    p.write_text(json.dumps({"Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"},
                                           "Child": {"Type": "AWS::CloudFormation::Stack", **stack},
                                           **(extra or {})}}))
    return p


_CHILD = {
    "Parameters": {"Cluster": {"Type": "String"}, "Count": {"Type": "Number", "Default": 2},
                   "Size": {"Type": "String"}},
    "Conditions": {"Big": {"Fn::Equals": [{"Ref": "Size"}, "big"]}},
    "Resources": {
        "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": {"Fn::Sub": "${AWS::StackName}-task"}, "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"], "Cpu": {"Fn::If": ["Big", "1024", "256"]},
            "Memory": {"Fn::If": ["Big", "2048", "512"]}, "ContainerDefinitions": [{"Name": "app", "Image": "x"}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {
            "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "DesiredCount": {"Ref": "Count"},
            "LaunchType": "FARGATE", "ServiceName": {"Fn::Sub": "svc-${Size}-${AWS::Region}"}}}},
    "Outputs": {"ServiceName": {"Value": {"Fn::GetAtt": ["Service", "Name"]}}},
}


def test_local_template_url_parameters_conditions_and_outputs(tmp_path):
    """A TemplateURL that is a local path (as before 'aws cloudformation package'): the parent passes Cluster
    (a Ref to its own cluster) and Size; Count keeps its Default; the child's condition and Fn::Sub are read in the
    parent's scope; the parent's GetAtt Child.Outputs.ServiceName is the child's output."""
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "./child.yaml",
                                          "Parameters": {"Cluster": {"Ref": "Cluster"}, "Size": "big"}}},
                _CHILD, extra={"Alarm": {"Type": "AWS::SNS::Topic", "Properties": {
                    "TopicName": {"Fn::GetAtt": ["Child", "Outputs.ServiceName"]}}}})
    res = import_cloudformation(p, region="us-east-1")
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.replicas) == (1.0, 2048, 2)
    assert svc.name == "svc-big-us-east-1"
    assert {e.cluster for e in res.workload.declared.ecs_services} == {"Cluster"}  # the parent's cluster
    assert any(n.startswith("Child: nested stack read from child.yaml (found by its TemplateURL, a local path") and
               "the parent passes Cluster, Size; its other parameters are this template's ChildCount" in n
               for n in res.notes)
    # a parameter the parent does not pass and that has no Default is this template's (ChildSize), given with -P
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml", "Parameters": {"Cluster": {"Ref": "Cluster"}}}},
                _CHILD)
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-r", "us-east-1"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "ChildTask: Cpu: !If ['ChildBig'" in out and "-P ChildSize=VALUE" in out
    assert "its condition ChildBig does not resolve: it tests parameter ChildSize without a Default" in out
    res = import_cloudformation(p, region="us-east-1", parameters={"ChildSize": "small"})
    assert (res.workload.services[0].vcpu, res.workload.services[0].memory_mib) == (0.25, 512)


@pytest.mark.parametrize("stack,child,name,fragment", [
    ({"Properties": {"TemplateURL": "https://bucket.s3.amazonaws.com/elsewhere/child.yaml"}}, None, "child.yaml",
     "Child: nested stack not read: its TemplateURL https://bucket.s3.amazonaws.com/elsewhere/child.yaml is not a "
     "file under the template's folder"),
    ({"Properties": {"TemplateURL": "../child.yaml"}}, _CHILD, "child.yaml",
     "Child: nested stack not read: its TemplateURL '../child.yaml' is not a file under the template's folder"),
    ({"Metadata": {"aws:asset:path": "../child.yaml"}, "Properties": {"TemplateURL": "x"}}, _CHILD, "child.yaml",
     "Child: nested stack not read: its aws:asset:path '../child.yaml' is not a file beside it"),
])
def test_children_outside_the_folder_or_missing_are_not_read(tmp_path, stack, child, name, fragment):
    """Only files under the parent's folder are read (no '..', no absolute path); a nested stack whose child is not
    found is kept, noted with why, and the old advice stands."""
    p = _parent(tmp_path, stack, child, name)
    res = import_cloudformation(p, region="us-east-1", allow_empty=True)
    assert fragment in res.notes
    assert any("1 nested stack(s) (AWS::CloudFormation::Stack) not followed" in n for n in res.notes)


def test_nested_stack_errors_name_the_resource(tmp_path):
    """A parameter the child does not declare (CloudFormation refuses the stack), a child that nests its own parent
    (a cycle) and a child that is not a template exit 2 naming the nested stack."""
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml", "Parameters": {"Nope": 1}}}, _CHILD)
    with pytest.raises(WorkloadError, match=r"Child: Parameters.Nope: the child template child.yaml declares no such "
                                            r"parameter \(it has: Cluster, Count, Size\)"):
        import_cloudformation(p, region="us-east-1")
    loop = {"Resources": {"Back": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "parent.json"}}}}
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml"}}, loop)
    with pytest.raises(WorkloadError, match="is one of the templates that nest it"):
        import_cloudformation(p, region="us-east-1")
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml"}}, "just: text\n")
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "child.yaml: not a CloudFormation template" in r.output and "Traceback" not in r.output


def test_the_stacks_condition_and_name_clashes(tmp_path):
    """Found by a tester: a nested stack whose Condition is false creates nothing (its child was priced); a child's
    names that meet the parent's (a parameter ChildCount of the parent) take the prefix ChildNested instead of
    overwriting them; a parameter passed as AWS::NoValue keeps the child's Default."""
    stack = {"Condition": "Deploy", "Properties": {"TemplateURL": "child.yaml", "Parameters": {
        "Cluster": {"Ref": "Cluster"}, "Size": "big", "Count": {"Ref": "AWS::NoValue"}}}}
    p = _parent(tmp_path, stack, _CHILD)
    doc = json.loads(p.read_text())
    doc["Parameters"] = {"Go": {"Type": "String", "Default": "no"}, "ChildCount": {"Type": "Number", "Default": 7}}
    doc["Conditions"] = {"Deploy": {"Fn::Equals": [{"Ref": "Go"}, "yes"]}}
    p.write_text(json.dumps(doc))
    res = import_cloudformation(p, region="us-east-1", allow_empty=True)
    assert res.services == []
    assert any("created when condition Deploy holds" in n and "named ChildNested<id>" in n for n in res.notes)
    res = import_cloudformation(p, region="us-east-1", parameters={"Go": "yes"})
    [svc] = res.workload.services
    assert (svc.vcpu, svc.replicas) == (1.0, 2)  # Count: the child's Default 2, not the parent's ChildCount 7


def test_a_list_parameter_passed_as_text_or_join_is_split(tmp_path):
    child = {"Parameters": {"Sizes": {"Type": "CommaDelimitedList", "Default": "256,512"}},
             "Resources": {"TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                 "Cpu": {"Fn::Select": [0, {"Ref": "Sizes"}]}, "Memory": {"Fn::Select": [1, {"Ref": "Sizes"}]},
                 "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
                 "ContainerDefinitions": [{"Name": "a", "Image": "x"}]}},
                 "Svc": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "TD"},
                                                                     "LaunchType": "FARGATE"}}}}
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml", "Parameters": {
        "Sizes": {"Fn::Join": [",", ["2048", "4096"]]}}}}, child,
        extra={"Other": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "child.yaml",
                                                                               "Parameters": {"Sizes": "1024,2048"}}}})
    res = import_cloudformation(p, region="us-east-1")
    assert sorted((s.vcpu, s.memory_mib) for s in res.workload.services) == [(1.0, 2048), (2.0, 4096)]


def test_guesses_need_a_folder_and_never_pick_the_parent(tmp_path):
    """An S3 URL ending in stacks/network/template.yaml beside a parent called template.yaml: the bare file name is not
    a guess (it picked the parent and exited 2 with a false cycle); the stack stays unread, noted."""
    p = tmp_path / "template.yaml"
    p.write_text("Resources:\n  Network:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
                 "      TemplateURL: https://b.s3.amazonaws.com/stacks/network/template.yaml\n")
    res = import_cloudformation(p, region="us-east-1", allow_empty=True)
    assert any(n.startswith("Network: nested stack not read: its TemplateURL https://b.s3.amazonaws.com/stacks/network/"
                            "template.yaml is not a file under the template's folder") for n in res.notes)


@pytest.mark.parametrize("url", [
    "https://s3.amazonaws.com/${Bucket}/child.yaml",  # path style: the key is the file name
    "https://s3-${AWS::Region}.amazonaws.com/${Bucket}/child.yaml",
    "https://${Bucket}.s3.amazonaws.com/child.yaml",  # virtual-hosted style
    # a bucket whose name starts with s3- or s3. (S3 bucket naming rules allow it) is still virtual-hosted
    "https://s3-templates.s3.amazonaws.com/child.yaml",
    "https://s3.templates.s3.us-east-1.amazonaws.com/child.yaml",
    "https://s3-templates.s3-us-west-2.amazonaws.com/child.yaml",
    # aws-samples/amazon-ecs-java-microservices 3_ECS_Java_Spring_PetClinic_CICD/infra-automation/master-ecs.yaml
    # @ cb567135: a URL per region, both naming the template at the top of the bucket
    {"Fn::If": ["IsUSEast1", {"Fn::Sub": "https://s3.amazonaws.com/${Bucket}/child.yaml"},
                {"Fn::Sub": "https://s3-${AWS::Region}.amazonaws.com/${Bucket}/child.yaml"}]},
])
def test_a_key_that_is_a_file_name_is_the_file_beside_the_parent(tmp_path, url):
    """A repository that uploads its folder of templates to the top of a bucket: the object key is the file name
    alone, and the file of that name beside the parent is the child (a guess, noted as the folder/file ones are). Such
    a parent used to stop with "declares no service ... (their child templates are not beside it)" while they were."""
    stack = {"Properties": {"TemplateURL": url if isinstance(url, dict) else {"Fn::Sub": url},
                            "Parameters": {"Cluster": {"Ref": "Cluster"}, "Size": "big"}}}
    p = _parent(tmp_path, stack, _CHILD)
    doc = json.loads(p.read_text())
    doc["Parameters"] = {"Bucket": {"Type": "String"}}
    doc["Conditions"] = {"IsUSEast1": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}
    p.write_text(json.dumps(doc))
    res = import_cloudformation(p)
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.replicas) == (1.0, 2048, 2)  # Size big: 1024 / 2048; Count's Default 2
    assert any("Child: its child template is taken to be child.yaml" in n for n in res.notes + res.assumptions)


def test_a_bare_file_name_and_if_branches_that_disagree_are_not_guesses(tmp_path):
    """The key stacks/child.yaml has a folder: child.yaml beside the parent is not it; an Fn::If whose branches name
    different files (or one that is not there) names no child, and the note says so."""
    for url, why in (
            ("https://s3.amazonaws.com/b/stacks/child.yaml", "is not a file under the template's folder"),
            ({"Fn::If": ["C", "https://s3.amazonaws.com/b/child.yaml", "https://s3.amazonaws.com/b/other.yaml"]},
             "its TemplateURL is an Fn::If whose branches do not name one file under the template's folder")):
        p = _parent(tmp_path, {"Properties": {"TemplateURL": url}}, _CHILD)
        doc = json.loads(p.read_text())
        doc["Conditions"] = {"C": {"Fn::Equals": ["a", "a"]}}
        p.write_text(json.dumps(doc))
        res = import_cloudformation(p, region="us-east-1", allow_empty=True)
        assert any(n.startswith("Child: nested stack not read:") and why in n for n in res.notes), res.notes


def test_links_out_of_the_folder_missing_outputs_and_too_many_stacks(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "child.yaml").write_text(json.dumps(_CHILD))
    inner = tmp_path / "in"
    inner.mkdir()
    (inner / "link.yaml").symlink_to(outside / "child.yaml")
    p = _parent(inner, {"Properties": {"TemplateURL": "link.yaml"}}, None)
    res = import_cloudformation(p, region="us-east-1", allow_empty=True)
    assert "Child: nested stack not read: its TemplateURL 'link.yaml' is not a file under the template's folder" \
        in res.notes
    p = _parent(tmp_path, {"Properties": {"TemplateURL": "child.yaml", "Parameters": {"Cluster": "c", "Size": "big"}}},
                _CHILD, extra={"T": {"Type": "AWS::SNS::Topic", "Properties": {
                    "TopicName": {"Fn::GetAtt": ["Child", "Outputs.Nope"]}}}})
    with pytest.raises(WorkloadError, match=r"Child: the child template child.yaml has no output Nope \(its outputs: "
                                            r"ServiceName\)"):
        import_cloudformation(p, region="us-east-1")
    many = {"Resources": {f"S{i}": {"Type": "AWS::CloudFormation::Stack", "Properties": {"TemplateURL": "leaf.yaml"}}
                          for i in range(8)}}
    (tmp_path / "leaf.yaml").write_text(json.dumps({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}))
    for level in range(3):
        (tmp_path / f"l{level}.yaml").write_text(json.dumps(many).replace("leaf.yaml", f"l{level - 1}.yaml"
                                                                           if level else "leaf.yaml"))
    r = runner.invoke(app, ["compare", str(tmp_path / "l2.yaml")])  # 8 x 8 x 8 stacks
    assert r.exit_code == 2 and "more than 200 nested stacks in all" in r.output


def test_a_parent_read_from_standard_input_says_to_give_its_path():
    r = runner.invoke(app, ["compare", "-"], input=REFARCH.read_text())
    assert r.exit_code == 2
    assert "read from standard input, it has no folder to find its child templates in): give the template's path " \
        "instead of '-'" in " ".join(r.output.split())


def test_a_child_too_deep_to_rename_is_an_error_not_a_traceback(monkeypatch):
    """Intrinsics nested hundreds deep, passed down five levels of stacks, exhausted the interpreter's stack while the
    children were renamed (a tester's RecursionError traceback): the import says the template nests too deeply."""
    from advisor.workload.importers import cloudformation

    def too_deep(*a, **k):
        raise RecursionError

    monkeypatch.setattr(cloudformation, "inline_nested_stacks", too_deep)
    with pytest.raises(WorkloadError, match="a nested stack's template nests too deeply"):
        import_cloudformation(CDK_ECS)


def test_a_nested_template_read_alone_takes_the_region_of_the_stack_that_nests_it():
    """The synthesized child template, imported on its own, assumed us-east-1 (ALB $16.43), while the cdk.out
    manifest.json beside it gives its parent stack eu-west-1 (ALB $18.40)."""
    from advisor.workload.importers import import_cloudformation

    child = CDK_ECS.parent / "EcsNestedParentWeb0A6D55FB.nested.template.json"
    res = import_cloudformation(child)
    assert res.region == "eu-west-1"
    assert not any("us-east-1 assumed" in a for a in res.assumptions)


def _cdk_copy(tmp_path: Path, edit) -> Path:
    """The synthesized nested ECS app copied to ``tmp_path``, its Web child template edited by ``edit(template)``."""
    out = tmp_path / "cdk.out"
    shutil.copytree(CDK_ECS.parent, out)
    child = out / "EcsNestedParentWeb0A6D55FB.nested.template.json"
    template = json.loads(child.read_text())
    edit(template)
    child.write_text(json.dumps(template))
    return out / CDK_ECS.name


def test_cdk_nested_schedule_on_a_service_task_takes_its_run_minutes(tmp_path):
    """A rule in the Web child stack runs the task definition its service Web runs (2 tasks a run, rate(1 day)):
    --run-minutes by the rule's inlined logical id, or by the task definition's family, writes the runs as a service
    of their own beside Web (it was dropped, np-real finding 2)."""
    def add_rule(t):
        t["Resources"]["NightlyRule"] = {"Type": "AWS::Events::Rule", "Properties": {
            "ScheduleExpression": "rate(1 day)", "Targets": [{
                "Id": "t", "Arn": {"Ref": "referencetoEcsNestedParentClusterDC32B246Ref"},
                "RoleArn": "arn:aws:iam::1:role/e", "EcsParameters": {
                    "TaskDefinitionArn": {"Ref": "WebTaskDef1C8E6ED7"}, "TaskCount": 2, "LaunchType": "FARGATE"}}]}}

    p = _cdk_copy(tmp_path, add_rule)
    rule = "WebNestedStackWebNestedStackResource752C006FNightlyRule"
    res = import_cloudformation(p)
    assert sorted(s.name for s in res.workload.services) == ["Api", "Web"]
    assert any(n.startswith(f"{rule}: EventBridge rule 'rate(1 day)' also runs task definition ")
               and f"--run-minutes {rule}=MINUTES" in n for n in res.notes)
    for minutes in ({rule: 15}, {"EcsNestedParentWebTaskDefA64EC15D": 15}):
        by_name = {s.name: s for s in import_cloudformation(p, run_minutes=minutes).workload.services}
        runs = by_name[f"EcsNestedParentWebTaskDefA64EC15D ({rule})"]
        assert (runs.vcpu, runs.memory_mib, runs.replicas, runs.runs_per_month, runs.run_minutes) == \
            (0.25, 512, 2, pytest.approx(730 / 24), 15)
        assert by_name["Web"].replicas == 2 and by_name["Web"].runs_per_month is None


def test_cdk_nested_task_definition_with_a_host_port_other_than_its_container_port_is_noted(tmp_path):
    """The Web child's awsvpc container maps ContainerPort 80; with HostPort 8080 beside it ECS would refuse the
    task definition: the note names it by its inlined logical id, and Web is priced as before (0.25 vCPU / 512 MiB)."""
    def edit(t):
        t["Resources"]["WebTaskDef1C8E6ED7"]["Properties"]["ContainerDefinitions"][0]["PortMappings"][0]["HostPort"] = 8080

    res = import_cloudformation(_cdk_copy(tmp_path, edit))
    assert any(n.startswith("WebNestedStackWebNestedStackResource752C006FWebTaskDef1C8E6ED7: network mode awsvpc with a "
                            "hostPort other than its containerPort (container 'web' hostPort 8080, containerPort 80): "
                            "ECS would refuse to register it") for n in res.notes)
    web = next(s for s in res.workload.services if s.name == "Web")
    assert (web.vcpu, web.memory_mib, web.replicas, web.host_ports) == (0.25, 512, 2, None)
    assert not any("hostPort other than" in n for n in import_cloudformation(CDK_ECS).notes)
