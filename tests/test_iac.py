"""Infrastructure as code: Terraform plans and CloudFormation/CDK templates read into workloads, the estate as
declared priced beside the platforms, and the round trip to the other input formats.

Fixtures: tests/fixtures/iac/ (public files copied with read_file, repository, path and commit in its
SOURCES.md; synthetic Terraform plans written by tests/fixtures/iac/synthetic/make_plans.py). us-east-1 rates
used in the hand arithmetic below (advisor/pricing_data): Fargate x86 on-demand $0.04048/vCPU-h, $0.004445/GB-h;
x86 Spot $0.01288871, $0.00141527; arm64 on-demand $0.03238, $0.00356; arm64 Spot $0.01030969, $0.00113349;
ephemeral storage $0.000111/GB-h; EC2 t2.micro $0.0116/h, t3.medium $0.0416/h, m5.large $0.096/h, m5.xlarge
$0.192/h, m5.4xlarge $0.768/h; gp3 $0.08/GB-month, gp2 $0.10/GB-month; EKS $0.10/cluster-hour + $0.50 extended support; ALB $0.0225/h; NAT gateway $0.045/h; public
IPv4 $0.005/h; 730 hours a month.
"""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tfplan import plan
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.compare.declared import eks_support, price_declared
from advisor.errors import WorkloadError
from advisor.workload import load_workload, parse_workload
from advisor.workload.importers import detect, load_any
from advisor.workload.importers.cloudformation import import_cloudformation, parse_template
from advisor.workload.importers.detect import is_raw_state
from advisor.workload.importers.taskdef import import_taskdef
from advisor.workload.importers.terraform import import_terraform
from advisor.workload.source import Source

IAC = Path(__file__).resolve().parent / "fixtures" / "iac"
runner = CliRunner()
FAST = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]  # no EC2 packing: keeps these tests fast


def _declared(path, prices, **kw):
    res = (import_terraform if str(path).endswith(".json") and "template" not in str(path) else
           import_cloudformation)(path, **kw)
    return price_declared(res.workload, prices), res


# ------------------------------------------------------------------------------------------ public fixtures


def test_cdk_fargate_capacity_providers_declared_total(prices):
    """aws-cdk integ.capacity-providers: one service, FARGATE_SPOT weight 2 / FARGATE weight 1, no DesiredCount."""
    d, res = _declared(IAC / "cdk" / "cdk_ecs_fargate_capacity_providers.template.json", prices)
    svc = res.workload.services[0]
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired) == ("FargateServiceAC2B3B85", 0.25, 512.0, 1.0)
    assert d.runs_on == ["ecs-fargate-spot"]
    # 1 task (CloudFormation's default DesiredCount): weights 2:1 put it on FARGATE_SPOT.
    # Spot 0.25 vCPU x 730 h x 0.01288871 = 2.35219; 0.5 GB x 730 x 0.00141527 = 0.51657
    # 2 NAT gateways x 730 x 0.045 = 65.70; 2 Elastic IPs x 730 x 0.005 = 7.30
    assert d.monthly_cost == pytest.approx(2.3521896 + 0.5165736 + 65.70 + 7.30, abs=1e-6)
    assert any("no DesiredCount: 1" in n for n in res.notes)



WINDOWS_CDK = IAC / "cdk" / "cdk_ecs_fargate_windows_ephemeral_storage.template.json"


def test_cdk_fargate_windows_ephemeral_storage_scaled_to_zero(prices):
    """aws-cdk integ.fargate-windows-ephemeral-storage: a Windows Server 2019 Fargate task (Cpu "2048", Memory
    "4096", EphemeralStorage 40 GiB, RuntimePlatform WINDOWS_SERVER_2019_FULL) in a service of DesiredCount 0."""
    d, res = _declared(WINDOWS_CDK, prices)
    svc = res.workload.services[0]
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.os, svc.architecture, svc.ephemeral_storage_gib, svc.desired) == (
        "FargateServiceAC2B3B85", 2.0, 4096.0, "windows", "x86_64", 40.0, 0.0)
    # No task runs: the declared estate is its 2 NAT gateways x 730 h x 0.045 = 65.70 and 2 Elastic IPs
    # x 730 h x 0.005 = 7.30; the idle Windows service rules no platform out (Workload.without_idle_services).
    assert d.monthly_cost == pytest.approx(65.70 + 7.30, abs=1e-9)
    c = compare(WINDOWS_CDK, platforms=["ecs-fargate", "eks-fargate"], prices=prices, scaling=False,
                explain_changes=False)
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(73.0, abs=1e-9)
    assert not c.estimate("eks-fargate").unsupported


def test_cdk_fargate_windows_ephemeral_storage_two_tasks(tmp_path, prices):
    """The same template with DesiredCount 2: Fargate Windows rates, the Windows OS licence per vCPU-hour and the
    storage above the 20 GiB included (EphemeralStorage: "Windows platform version 1.0.0 or later"); EKS on Fargate
    cannot run Windows pods."""
    t = json.loads(WINDOWS_CDK.read_text(encoding="utf-8"))
    t["Resources"]["FargateServiceAC2B3B85"]["Properties"]["DesiredCount"] = 2
    path = tmp_path / "win.template.json"
    path.write_text(json.dumps(t), encoding="utf-8")
    c = compare(path, platforms=["ecs-fargate", "eks-fargate"], prices=prices, scaling=False,
                explain_changes=False)
    # us-east-1 Fargate Windows x86: $0.09148/vCPU-h, $0.01005/GB-h, OS licence $0.046/vCPU-h; storage $0.000111/GB-h.
    # 2 tasks x 730 h = 1,460 task-hours: 2,920 vCPU-h x 0.09148 = 267.1216; 5,840 GB-h x 0.01005 = 58.692;
    # 2,920 x 0.046 = 134.32; (40 - 20) GiB x 1,460 = 29,200 GB-h x 0.000111 = 3.2412; + NAT 65.70 + IPv4 7.30
    want = 267.1216 + 58.692 + 134.32 + 3.2412 + 65.70 + 7.30
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(want, abs=1e-6)
    assert c.declared.monthly_cost == pytest.approx(want, abs=1e-6)
    [u] = c.estimate("eks-fargate").unsupported
    assert (u.service, u.reason.split(";")[0]) == ("FargateServiceAC2B3B85", "EKS on Fargate runs Linux pods only")

REGION_TEMPLATE = textwrap.dedent("""\
    Conditions:
      InFrankfurt: !Equals [!Ref "AWS::Region", eu-central-1]
    Resources:
      TaskDef:
        Type: AWS::ECS::TaskDefinition
        Properties:
          Cpu: !If [InFrankfurt, "1024", "256"]
          Memory: !If [InFrankfurt, "2048", "512"]
          NetworkMode: awsvpc
          RequiresCompatibilities: [FARGATE]
          ContainerDefinitions: [{Name: web, Image: nginx}]
      Service:
        Type: AWS::ECS::Service
        Properties: {ServiceName: web, TaskDefinition: !Ref TaskDef, DesiredCount: 2, LaunchType: FARGATE}
    """)


def test_compare_region_is_the_templates_region_as_import_region_is(tmp_path, prices):
    """'compare TEMPLATE --region R' read the template without a region (AWS::Region unresolved: an error, or the
    note 'us-east-1 assumed (give --region)' although --region was given) and only then priced it in R; it now
    reads the template in R, as 'import cloudformation --region R' does, in compare, diff and the API."""
    t = tmp_path / "t.yaml"
    t.write_text(REGION_TEMPLATE, encoding="utf-8")
    # eu-central-1 Fargate Linux x86: $0.04656 per vCPU-hour, $0.00511 per GB-hour; the condition picks 1 vCPU / 2 GB:
    # 2 tasks x 730 h x (1 x 0.04656 + 2 x 0.00511) = 67.9776 + 14.9212
    want = 2 * 730 * (1 * 0.04656 + 2 * 0.00511)
    c = compare(str(t), region="eu-central-1", platforms=["ecs-fargate"], prices=prices, scaling=False)
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(want, abs=1e-9)
    assert c.declared.monthly_cost == pytest.approx(want, abs=1e-9)
    assert not any("us-east-1 assumed" in n for n in c.notes), c.notes
    imported = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "cloudformation", str(t), "--region", "eu-central-1", "-o", str(imported)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["compare", str(imported), "-p", "ecs-fargate", "-f", "json"])
    assert json.loads(r.stdout)["platforms"][0]["shown"]["monthly_cost"] == round(want, 2) == 82.9
    r = runner.invoke(app, ["diff", str(imported), str(t), "-r", "eu-central-1", "-p", "ecs-fargate", "-f", "json"])
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["platforms"][0]["change"] == 0.0 and out["platforms"][0]["after"] == 82.9, r.output
    assert not any("us-east-1 assumed" in n for n in out["after"]["notes"]), out["after"]["notes"]
    # without a region the condition cannot be judged: the message says to give --region
    r = runner.invoke(app, ["compare", str(t)])
    assert r.exit_code == 2 and "the stack's region AWS::Region" in r.stderr and "--region" in r.stderr, r.output


def test_cfn_ecs_on_ec2_example_resolves_parameters_and_conditions(prices):
    """aws-cloudformation-templates ECS_Schedule_Example: EC2 launch type, an ASG of the InstanceType parameter."""
    d, res = _declared(IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml", prices)
    svc = res.workload.services[0]
    # containers Cpu "10" and 10 units, Memory "300" and 200 MiB: 20 units = 0.01953 vCPU, 500 MiB
    assert svc.vcpu == pytest.approx(20 / 1024) and svc.memory_mib == 500
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (1, 2, 1.5)  # ScalableTarget 1-2, midpoint
    assert svc.network_mode == "bridge"
    assert d.runs_on == ["ecs-ec2"]
    # declared: 1 x t2.micro (parameter default) 730 x 0.0116 = 8.468; 30 GiB gp3 root (ECS AMI) 30 x 0.08 = 2.40;
    # 1 ALB 730 x 0.0225 = 16.425
    assert d.monthly_cost == pytest.approx(8.468 + 2.40 + 16.425)
    assert any("EC2 launch type assumed" in a for a in res.assumptions)
    assert any("parameter SubnetId has no Default" in n for n in res.notes)
    # a parameter given overrides the default
    d2, _ = _declared(IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml", prices,
                      parameters={"InstanceType": "m4.large"})
    assert d2.monthly_cost == pytest.approx(730 * 0.10 + 2.40 + 16.425)


def test_cfn_eks_template_declares_no_service_and_names_what_it_found(prices):
    path = IAC / "cloudformation" / "cfn_templates_eks_cluster_nodegroup.yaml"
    with pytest.raises(WorkloadError, match=r"declares no service to compare \(it declares 1 EKS cluster\(s\), 1 node group\(s\) or Auto "
                                            r"Scaling group\(s\), 3 NAT gateway\(s\)\)"):
        load_any(path)
    res = import_cloudformation(path, parameters={"EKSClusterVersion": "1.29"}, allow_empty=True)
    # Name is !Sub ${AWS::StackName}-cluster, which does not resolve outside a stack: the logical id names it
    assert res.declared["eks_clusters"] == [{"name": "ControlPlane", "version": "1.29", "source": "ControlPlane"}]
    ng = res.declared["node_groups"][0]
    # InstanceTypes [!Ref NodeGroupInstanceTypes] (default t3.medium); launch template volume 80 GiB
    assert (ng["instance_types"], ng["desired"], ng["disk_size_gib"]) == (["t3.medium"], 2, 80.0)


def test_cfn_eks_template_priced_as_declared_only_by_diff(prices):
    from advisor.compare.diff import diff

    path = IAC / "cloudformation" / "cfn_templates_eks_cluster_nodegroup.yaml"
    d = diff(path, path, prices=prices)
    # 2 x t3.medium 730 x 0.0416 = 60.736; 2 x 80 GiB x 0.08 = 12.80; control plane 73.00 (version unresolved:
    # standard); 3 NAT gateways 98.55; 3 Elastic IPs 10.95 -> 256.036
    assert d.declared.before == d.declared.after == pytest.approx(256.04)
    assert d.declared.change == 0 and d.platforms == []


def test_cdk_eks_auto_mode_cluster(prices):
    path = IAC / "cdk" / "cdk_eks_auto_mode.template.json"
    res = import_cloudformation(path, allow_empty=True, as_of="2026-01-01")
    (cluster,) = res.declared["eks_clusters"]
    assert cluster["auto_mode"] is True and cluster["version"] == "1.33"


def test_terraform_task_definition_plan_reads_json_string_and_region():
    """checkov ecs_tfplan.json: container_definitions as JSON text, cpu/memory null, region us-west-2."""
    res = import_terraform(IAC / "terraform" / "checkov_ecs_task_definition_tfplan.json")
    assert res.region == "us-west-2"
    svc = res.workload.services[0]
    # containers: cpu 10 + 10 units, memory 512 + 256 MiB
    assert (svc.name, svc.vcpu, svc.memory_mib) == ("service", 20 / 1024, 768.0)
    assert svc.host_ports == [80, 443]
    assert any("network_mode unknown until apply" in n for n in res.assumptions)
    assert res.declared == {}  # a task definition without a service declares no launch type


def test_terraform_node_group_unknown_values_are_assumptions(prices):
    """checkov eks_node_group_remote_access.json (TF 0.14): instance_types and capacity_type unknown until apply."""
    res = import_terraform(IAC / "terraform" / "checkov_eks_node_group_remote_access.json", allow_empty=True)
    assert res.services == []
    ng = res.declared["node_groups"][0]
    assert (ng["instance_types"], ng["desired"], ng["capacity_type"], ng["disk_size_gib"]) == \
        (["t3.medium"], 1, "on_demand", 20.0)
    assert any("t3.medium assumed" in a for a in res.assumptions)
    assert any("ON_DEMAND, EKS's default" in a for a in res.assumptions)


def test_terraform_child_modules_and_data_sources():
    res = import_terraform(IAC / "terraform" / "checkov_eks_cluster_child_modules_tfplan.json", allow_empty=True)
    (cluster,) = res.declared["eks_clusters"]
    assert cluster["source"] == "module.child.module.a.aws_eks_cluster.cluster"  # two module levels down
    assert "version" not in cluster and any("version not set" in a for a in res.assumptions)


def test_terraform_012_nat_gateway_and_lb_and_other_namespaces():
    nat = import_terraform(IAC / "terraform" / "tfcompliance_nat_gateway_pull330.json", allow_empty=True)
    assert nat.shared["nat_gateways"] == {"count": 1}
    lb = import_terraform(IAC / "terraform" / "tfcompliance_aws_lb_issue232.json", allow_empty=True)
    assert lb.shared["load_balancers"]["count"] == 1
    asg = import_terraform(IAC / "terraform" / "infracost_appautoscaling_target_plan.json", allow_empty=True)
    assert any("aws_appautoscaling_target (dynamodb)" in n for n in asg.notes)


# ------------------------------------------------------------------------------------------ synthetic plans


def test_synthetic_ecs_plan_services_and_declared_total(prices):
    res = import_terraform(IAC / "synthetic" / "tf_ecs_fargate_plan.json")
    w = res.workload
    web, worker = w.services
    assert (web.name, web.vcpu, web.memory_mib, web.architecture, web.ephemeral_storage_gib) == \
        ("web", 0.5, 1024, "arm64", 30)
    assert (web.scaling.min, web.scaling.max, web.scaling.average) == (2, 6, 4)
    assert web.capacity_provider_strategy == [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                              {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 3}]
    # worker has no strategy: the cluster's default (linked through configuration references in module.app)
    assert worker.capacity_provider_strategy == web.capacity_provider_strategy
    assert (worker.replicas, worker.min_healthy_percent) == (2, 50)
    d = price_declared(w, prices)
    # web, 4 tasks on average: base 1 on FARGATE, 3 more 1:3 -> FARGATE 2, FARGATE_SPOT 2 (0.5 vCPU, 1 GB, 10 GiB
    # ephemeral above the included 20):
    #   on-demand arm64 2 x 730 x (0.5 x 0.03238 + 1 x 0.00356 + 10 x 0.000111) = 30.4556
    #   Spot arm64      2 x 730 x (0.5 x 0.01030969 + 1 x 0.00113349 + 10 x 0.000111) = 10.80158
    # worker, 2 tasks: FARGATE 1, FARGATE_SPOT 1 (1 vCPU, 2 GB):
    #   730 x (0.04048 + 2 x 0.004445) = 36.0401;  730 x (0.01288871 + 2 x 0.00141527) = 11.47507
    # ALB 16.425 + 2 NAT gateways 65.70 + 2 Elastic IPs 7.30 = 89.425
    assert d.monthly_cost == pytest.approx(30.4556 + 10.80158 + 36.0401 + 11.47507 + 89.425, abs=1e-4)
    assert d.runs_on == ["ecs-fargate-spot"] and d.complete


def test_terraform_assign_public_ip_prices_an_address_per_fargate_task(tmp_path, prices):
    """The synthetic plan with web's network_configuration.assign_public_ip true: web's 4 tasks (on average) each hold
    a public IPv4 address, 4 x 730 x $0.005 = $14.60 more in the declared estate (worker, false, none); unknown until
    apply: priced without, listed as an assumption. It was dropped: the declared total stayed $178.20."""
    plan = json.loads((IAC / "synthetic" / "tf_ecs_fargate_plan.json").read_text())
    address = 'module.app.aws_ecs_service.this["web"]'
    web = next(rc for rc in plan["resource_changes"] if rc["address"] == address)
    [planned] = [r for m in plan["planned_values"]["root_module"]["child_modules"] for r in m["resources"]
                 if r["address"] == address]
    for v in (web["change"]["after"], planned["values"]):
        v["network_configuration"][0]["assign_public_ip"] = True
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    w = import_terraform(tmp_path / "plan.json").workload
    assert {s.name: s.public_ip for s in w.services} == {"web": True, "worker": False}
    d = price_declared(w, prices)
    assert d.monthly_cost == pytest.approx(30.4556 + 10.80158 + 36.0401 + 11.47507 + 89.425 + 4 * 730 * 0.005,
                                           abs=1e-4)
    [ip] = [ln for ln in d.estimate.lines if ln.service == "web" and ln.category == "public_ipv4"]
    assert ip.quantity == 4 * 730
    for v in (web["change"]["after"], planned["values"]):
        del v["network_configuration"][0]["assign_public_ip"]
    web["change"]["after_unknown"]["network_configuration"] = [{"assign_public_ip": True}]
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    res = import_terraform(tmp_path / "plan.json")
    assert not any(s.public_ip for s in res.workload.services)
    assert any("network_configuration.assign_public_ip unknown until apply" in a for a in res.assumptions)


def test_cloudformation_assign_public_ip_must_resolve(tmp_path):
    """nathanpeck/ecs-cloudformation's public Fargate service with AssignPublicIp given by a parameter without a
    Default: the address per task is priced, so the value must resolve (exit 2 naming the property and the -P to give),
    as for the other priced properties; the file as published (ENABLED) prices 6 tasks' addresses."""
    src = (IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml").read_text()
    assert src.count("AssignPublicIp: ENABLED") == 1
    w = import_cloudformation(IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml").workload
    assert [(s.name, s.desired, s.public_ip) for s in w.services] == [("nginx", 6, True)]
    (tmp_path / "t.yml").write_text(src.replace("AssignPublicIp: ENABLED", "AssignPublicIp: !Ref PublicIp").replace(
        "Parameters:\n", "Parameters:\n  PublicIp:\n    Type: String\n", 1))
    r = CliRunner().invoke(app, ["compare", str(tmp_path / "t.yml")])
    assert r.exit_code == 2
    assert "Service: NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp: !Ref PublicIp does not resolve to a " \
           "value advisor can price: parameter PublicIp has no Default" in " ".join(r.output.split())


def test_synthetic_eks_plan_node_groups_fargate_profiles_and_extended_support(prices):
    res = import_terraform(IAC / "synthetic" / "tf_eks_plan.json", as_of="2025-06-01")
    w = res.workload
    api, reports = w.services
    assert (api.name, api.vcpu, api.memory_mib, api.scaling.average) == ("api", 0.5, 1024, 5)  # HPA v2 2-8
    assert (reports.vcpu, reports.memory_mib, reports.replicas) == (1, 2048, 2)  # replicas "2" (a string in TF)
    assert [d.name for d in w.daemonsets] == ["logs"]
    assert any("helm_release" in n and "not rendered" in n for n in res.notes)
    kube = {k.service: k.runs_on for k in w.declared.kubernetes_services}
    assert kube == {"api": "nodes", "reports": "fargate"}  # the Fargate profile selects namespace batch
    d = price_declared(w, prices)
    # reports on Fargate: 1 vCPU / 2 GiB + 256 MiB -> 1 vCPU / 3 GB; 2 pods x 730 x (0.04048 + 3 x 0.004445) = 78.5699
    # node group 6 x m5.xlarge: 6 x 730 x 0.192 = 840.96; no launch template, so EKS's gp2 root: 6 x 50 GiB x 0.10
    # = 30.00 (it was priced as gp3, 24.00)
    # cluster 1.29 on 2025-06-01: past end of standard support (2025-03-23): 730 x (0.10 + 0.50) = 438.00
    assert d.monthly_cost == pytest.approx(78.5699 + 840.96 + 30.0 + 438.0, abs=1e-4)
    assert any("no launch template, so EKS creates the root volume as gp2" in n for n in res.notes)
    assert d.clusters[0]["support"] == "extended"
    c = compare(w, platforms=["eks-ec2"], scaling=False)
    assert c.workload.eks.support == "extended"  # the EKS estimates pay the same tier, noted
    assert any("extended support as declared on 2025-06-01" in n for n in c.notes)
    assert c.declared.monthly_cost == pytest.approx(d.monthly_cost)


@pytest.mark.parametrize("version,day,tier", [
    ("1.29", "2025-03-22", "standard"),  # the day before end of standard support
    ("1.29", "2025-03-23", "extended"),  # "Billing for extended support starts at the beginning of the day"
    ("1.29", "2026-03-23", "extended"),  # past end of extended support: upgraded to an extended version
    ("1.34", "2026-01-01", "standard"),
    ("1.99", "2026-01-01", "standard"),  # newer than the table: in its first 14 months
    ("1.10", "2026-01-01", "extended"),  # older than the table
    (None, "2026-01-01", "standard"),
])
def test_eks_support_from_the_release_calendar(prices, version, day, tier):
    assert eks_support(version, day, prices)[0] == tier


def test_import_terraform_yaml_reads_back_with_the_declared_estate(prices, tmp_path):
    res = import_terraform(IAC / "synthetic" / "tf_eks_plan.json", as_of="2025-06-01")
    text = res.to_yaml()
    assert "declared:" in text and "as_of: '2025-06-01'" in text
    p = tmp_path / "w.yaml"
    p.write_text(text)
    w = load_workload(p)
    assert w == res.workload
    assert price_declared(w, prices).monthly_cost == pytest.approx(price_declared(res.workload, prices).monthly_cost)


def test_terraform_kubernetes_pods_ephemeral_storage_is_priced_as_a_manifests(prices, tmp_path):
    """A kubernetes_deployment's ephemeral-storage requests were dropped (the manifest importer read them, the
    Terraform/CDK path did not): 100 GiB on a Fargate profile billed nothing in the declared estimate. EKS on Fargate
    provisions 100 + 10% + 5 = 115 GiB and bills 95 GiB above the included 20 (AWS Containers blog, 'AWS Fargate
    adds support for larger ephemeral volumes'): 2 pods x 95 GiB x 730 h = 138,700 GB-hours x $0.000111."""
    plan = json.dumps(json.loads((IAC / "synthetic" / "tf_eks_plan.json").read_text()))
    before = '"requests": {"cpu": "1", "memory": "2Gi"}'
    assert before in plan
    path = tmp_path / "plan.json"
    path.write_text(plan.replace(before, '"requests": {"cpu": "1", "memory": "2Gi", "ephemeral-storage": "100Gi"}'))
    est, res = _declared(path, prices, as_of="2025-06-01")
    assert next(s for s in res.workload.services if s.name == "reports").ephemeral_storage_gib == 100
    line = next(ln for ln in est.estimate.lines if ln.service == "reports" and ln.category == "storage")
    assert (line.quantity, line.monthly_cost) == (pytest.approx(138_700), pytest.approx(15.3957))


#: The objects of synthetic/tf_k8s_limits_plan.json (make_plans.k8s_limits_plan) as manifests, for the k8s importer.
_LIMITS_MANIFESTS = """
apiVersion: v1
kind: LimitRange
metadata: {name: team-limits, namespace: team}
spec:
  limits:
  - type: Container
    defaultRequest: {cpu: 250m, memory: 256Mi}
    default: {cpu: 500m, memory: 512Mi}
    max: {cpu: "1", memory: 1Gi}
  - type: PersistentVolumeClaim
    max: {storage: 2Gi}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: team-quota, namespace: team}
spec: {hard: {pods: "2"}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: example/api:1API_RESOURCES}]
"""
_LIMITS_STATEFUL_SET = """---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: team}
spec:
  replicas: 1
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers: [{name: db, image: example/db:1, resources: {requests: {cpu: 500m, memory: 512Mi}}}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: STORAGE}}}
"""


def _limits_manifests(tmp_path, api_resources="", storage="1Gi", stateful=True):
    path = tmp_path / "team.yaml"
    path.write_text(_LIMITS_MANIFESTS.replace("API_RESOURCES", api_resources)
                    + (_LIMITS_STATEFUL_SET.replace("STORAGE", storage) if stateful else ""))
    return path


def test_terraform_limit_range_and_resource_quota_as_their_manifests(tmp_path):
    """kubernetes_limit_range_v1 and kubernetes_resource_quota_v1 were not read (counted 'not priced'): the api
    container without requests was priced at 0 vCPU / 0 MiB (the missing-requests rule) and the quota went unchecked.
    They now do what the same LimitRange and ResourceQuota do in manifests."""
    from advisor.workload.importers.k8s import import_k8s

    res = import_terraform(IAC / "synthetic" / "tf_k8s_limits_plan.json", as_of="2026-12-01")
    manifest = import_k8s(_limits_manifests(tmp_path))
    # api sets no resources: LimitRanger gives it defaultRequest cpu 250m = 0.25 vCPU, memory 256Mi = 256 MiB;
    # db keeps its own 500m / 512Mi and its 1Gi claim template (under the PersistentVolumeClaim max of 2Gi)
    sizes = {s.name: (s.vcpu, s.memory_mib, s.replicas) for s in res.workload.services}
    assert sizes == {"api": (0.25, 256, 3), "db": (0.5, 512, 1)}
    assert sizes == {s.name: (s.vcpu, s.memory_mib, s.replicas) for s in manifest.workload.services}
    db = next(s for s in res.workload.services if s.name == "db")
    assert [(v.name, v.size_gib) for v in db.persistent_volumes] == [("data", 1)]
    # hard pods 2 against 3 api + 1 db = 4 pods: the same assumption, word for word
    [quota] = [a for a in res.assumptions if a.startswith("ResourceQuota")]
    assert quota.startswith("ResourceQuota team/team-quota: hard pods 2, but they come to 4 pods (the long-running "
                            "pods of namespace team at their declared replicas: Deployment api 3, StatefulSet db 1)")
    assert quota in manifest.assumptions
    defaulted = [n for n in res.notes if n.startswith("LimitRange team/team-limits defaultRequest")]
    assert len(defaulted) == 2 and all(n in manifest.notes for n in defaulted)
    assert not any("kubernetes_limit_range" in n or "kubernetes_resource_quota" in n for n in res.notes)
    with pytest.raises(WorkloadError, match="(?s)strict mode.*ResourceQuota team/team-quota: hard pods 2"):
        import_terraform(IAC / "synthetic" / "tf_k8s_limits_plan.json", as_of="2026-12-01").workload_checked(True)


def _after_location(message: str, fld: str) -> str:
    return message.split(f"{fld}: ", 1)[1]


def test_terraform_limit_range_refuses_a_pod_as_its_manifest(tmp_path):
    """limits cpu 1500m under the Container max of 1 (1.5 vCPU > 1 vCPU): the LimitRanger's 403, the same words
    as for the manifest; the plan was priced as if the pods ran."""
    from advisor.workload.importers.k8s import import_k8s

    fld = "spec.template.spec.containers[0].resources"
    with pytest.raises(WorkloadError) as tf:
        import_terraform(IAC / "synthetic" / "tf_k8s_limits_refused_plan.json")
    assert str(tf.value).split("/synthetic/", 1)[1].startswith("tf_k8s_limits_refused_plan.json: "
                                                                "kubernetes_deployment_v1.api: "
                                    f"{fld}: Kubernetes refuses this pod: \"maximum cpu usage per Container is 1, but "
                                    "limit is 1500m.\" (LimitRange team/team-limits (spec.limits[0], type Container))")
    with pytest.raises(WorkloadError) as k8s:
        import_k8s(_limits_manifests(tmp_path, ", resources: {limits: {cpu: 1500m}}", stateful=False))
    assert _after_location(str(tf.value), fld) == _after_location(str(k8s.value), fld)


def test_terraform_limit_range_refuses_a_claim_template_as_its_manifest(tmp_path):
    """A 5Gi volume_claim_template under the PersistentVolumeClaim max of 2Gi is refused as the manifest's is (and a
    plan's StatefulSet with a claim template no longer stops the import with a TypeError)."""
    from advisor.workload.importers.k8s import import_k8s

    plan = (IAC / "synthetic" / "tf_k8s_limits_plan.json").read_text()
    assert plan.count('"storage": "1Gi"') == 2  # planned_values and resource_changes
    path = tmp_path / "plan.json"
    path.write_text(plan.replace('"storage": "1Gi"', '"storage": "5Gi"'))
    fld = "spec.volumeClaimTemplates[0].spec.resources.requests.storage"
    with pytest.raises(WorkloadError) as tf:
        import_terraform(path)
    assert "maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi." in str(tf.value)
    with pytest.raises(WorkloadError) as k8s:
        import_k8s(_limits_manifests(tmp_path, storage="5Gi"))
    assert _after_location(str(tf.value), fld) == _after_location(str(k8s.value), fld)


@pytest.mark.parametrize("item, fld, said", [
    # Kubernetes' own case (pkg/apis/core/validation validation_test.go TestValidateLimitRange, "invalid min greater
    # than max"): a PersistentVolumeClaim item of min 10Gi, max 1Gi
    ("min: {storage: 10Gi}\n    max: {storage: 1Gi}", "spec.limits[1].min.storage",
     '"min value 10Gi is greater than max value 1Gi"'),
    ("min: {storage: 1Gi}\n    max: {storage: 2Gi}\n    default: {storage: 5Gi}", "spec.limits[1].default.storage",
     '"default value 5Gi is greater than max value 2Gi"'),
    ("default: {storage: 1Gi}", "spec.limits[1]",
     '"either minimum or maximum storage value is required, but neither was provided"'),
])
def test_a_claim_limit_range_the_api_server_refuses_is_an_error_in_manifests_plans_and_cdk(tmp_path, item, fld, said):
    """A LimitRange item of type PersistentVolumeClaim with min above max was read as written, and every claim of the
    namespace was then refused against bounds that never exist (min 10Gi, max 1Gi: a 1Gi claim 'below the minimum');
    one without min or max storage was skipped. ValidateLimitRange refuses both, as it does such Container items: an
    error naming the LimitRange's field, the same from the manifest, the Terraform plan and a CDK manifest."""
    from advisor.workload.importers.k8s import import_k8s

    bad = _LIMITS_MANIFESTS.replace("  - type: PersistentVolumeClaim\n    max: {storage: 2Gi}",
                                    "  - type: PersistentVolumeClaim\n    " + item)
    assert bad != _LIMITS_MANIFESTS
    path = tmp_path / "team.yaml"
    path.write_text(bad.replace("API_RESOURCES", "") + _LIMITS_STATEFUL_SET.replace("STORAGE", "1Gi"))
    expected = (f"{fld}: Kubernetes refuses this LimitRange: {said} (API server validation, ValidateLimitRange)")
    with pytest.raises(WorkloadError) as k8s:
        import_k8s(path)
    assert "team.yaml: document 1 (LimitRange): " + expected in str(k8s.value)
    assert "Traceback" not in (r := CliRunner().invoke(app, ["compare", str(path)])).output and r.exit_code == 2
    # the Terraform plan of the same objects (kubernetes_limit_range_v1's spec.limit[1])
    plan = json.loads((IAC / "synthetic" / "tf_k8s_limits_plan.json").read_text())
    manifest_item = next(d for d in yaml.safe_load_all(bad.replace("API_RESOURCES", ""))
                         if d["kind"] == "LimitRange")["spec"]["limits"][1]
    tf_item = {"type": "PersistentVolumeClaim", "min": manifest_item.get("min", {}),
               "max": manifest_item.get("max", {}), "default": manifest_item.get("default", {}),
               "default_request": {}, "max_limit_request_ratio": {}}
    for where in (plan["planned_values"]["root_module"]["resources"],
                  [{"type": c["type"], "values": c["change"]["after"]} for c in plan["resource_changes"]]):
        lr = next(r for r in where if r["type"] == "kubernetes_limit_range_v1")
        lr["values"]["spec"][0]["limit"][1] = tf_item
    tf_path = tmp_path / "plan.json"
    tf_path.write_text(json.dumps(plan))
    with pytest.raises(WorkloadError) as tf:
        import_terraform(tf_path)
    assert expected in str(tf.value) and "kubernetes_limit_range_v1.team" in str(tf.value)
    # a CDK addManifest holding the same objects
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps(list(yaml.safe_load_all(path.read_text()))), "ClusterName": {"Ref": "Cluster"}}},
    }
    cdk = tmp_path / "t.json"
    cdk.write_text(_template(resources))
    with pytest.raises(WorkloadError) as cf:
        import_cloudformation(cdk)
    assert expected in str(cf.value)


def test_terraform_limit_range_and_quota_schema_to_manifest():
    """The provider's snake_case blocks (spec.limit[], default_request, max_limit_request_ratio; spec.hard,
    scope_selector.match_expression) become the manifest's fields; a scoped quota is not applied, as in manifests."""
    from advisor.workload.importers.iac import k8s_manifest

    lr = k8s_manifest("LimitRange", {"metadata": [{"name": "lr", "namespace": "team"}], "spec": [{"limit": [
        {"type": "Container", "default_request": {"cpu": "250m"}, "default": {}, "max": {"memory": "1Gi"},
         "min": None, "max_limit_request_ratio": {"cpu": "2"}}]}]})
    assert lr["spec"] == {"limits": [{"type": "Container", "defaultRequest": {"cpu": "250m"}, "default": {},
                                      "max": {"memory": "1Gi"}, "maxLimitRequestRatio": {"cpu": "2"}}]}
    quota = k8s_manifest("ResourceQuota", {"metadata": [{"name": "q"}], "spec": [{
        "hard": {"requests.cpu": "1"}, "scopes": [], "scope_selector": [{"match_expression": [
            {"scope_name": "PriorityClass", "operator": "In", "values": ["high"]}]}]}]})
    assert quota["spec"]["hard"] == {"requests.cpu": "1"}
    assert quota["spec"]["scopeSelector"] == {"matchExpressions": [{"scopeName": "PriorityClass", "operator": "In",
                                                                    "values": ["high"]}]}


def test_terraform_limit_range_default_request_unknown_until_apply(tmp_path):
    """default_request is Optional and Computed (resource_kubernetes_limit_range_v1.go): a configuration without it
    plans it as unknown. The API server then defaults it from default (SetDefaults_LimitRangeItem), 500m / 512Mi
    here: 0.5 vCPU / 512 MiB, with no assumption; an unknown max is one."""
    doc = json.loads((IAC / "synthetic" / "tf_k8s_limits_plan.json").read_text())
    lr = next(r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] == "kubernetes_limit_range_v1")
    del lr["values"]["spec"][0]["limit"][0]["default_request"]
    change = next(r for r in doc["resource_changes"] if r["type"] == "kubernetes_limit_range_v1")["change"]
    change["after_unknown"]["spec"] = [{"limit": [{"default_request": True}, {}]}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    res = import_terraform(path)
    api = next(s for s in res.workload.services if s.name == "api")
    assert (api.vcpu, api.memory_mib) == (0.5, 512)
    assert not any(a.startswith("kubernetes_limit_range_v1.team") for a in res.assumptions)
    change["after_unknown"]["spec"] = [{"limit": [{"default_request": True, "max": True}, {}]}]
    path.write_text(json.dumps(doc))
    assert "kubernetes_limit_range_v1.team: spec.limit.max unknown until apply: the LimitRange is applied without " \
           "those values" in "\n".join(import_terraform(path).assumptions)


def test_terraform_scoped_quota_is_not_applied(tmp_path):
    doc = json.loads((IAC / "synthetic" / "tf_k8s_limits_plan.json").read_text())
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["type"] == "kubernetes_resource_quota_v1":
            r["values"]["spec"][0]["scopes"] = ["NotBestEffort"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    res = import_terraform(path)
    assert not [a for a in res.assumptions if a.startswith("ResourceQuota")]
    assert any("1 Kubernetes ResourceQuota" in n for n in res.notes)  # counted as not read, as a manifest's is


def test_import_cli_commands(tmp_path):
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "terraform", str(IAC / "synthetic" / "tf_ecs_fargate_plan.json"), "-o",
                            str(out)])
    assert r.exit_code == 0, r.output
    assert load_workload(out).declared.ecs_services[0].service == "web"
    r = runner.invoke(app, ["import", "cloudformation", str(IAC / "cloudformation" /
                                                            "cfn_templates_ecs_schedule_example.yaml"),
                            "--parameter", "InstanceType=m4.large", "--strict"])
    assert r.exit_code == 2 and "EC2 launch type assumed" in r.output  # strict refuses what was assumed
    r = runner.invoke(app, ["import", "cloudformation", str(IAC / "cloudformation" /
                                                            "cfn_templates_ecs_schedule_example.yaml"), "-P", "oops"])
    assert r.exit_code == 2 and "is not NAME=VALUE" in r.output


def test_compare_shows_declared_in_every_output(prices):
    path = IAC / "synthetic" / "tf_ecs_fargate_plan.json"
    r = runner.invoke(app, ["compare", str(path), "--format", "markdown", "-p", "ecs-fargate", "-p", "ecs-fargate-spot"])
    assert r.exit_code == 0, r.output
    # infrastructure only: no operations assumption is made for it, so no total (it read $178.20 under Total)
    assert "| As declared (ECS on Fargate + Fargate Spot) | $178.20 | — | — |" in r.output
    assert "## As declared (ECS on Fargate + Fargate Spot)" in r.output
    r = runner.invoke(app, ["compare", str(path), "--format", "json", "-p", "ecs-fargate"])
    data = json.loads(r.stdout)
    assert data["declared"]["monthly_cost"] == pytest.approx(178.1974, abs=1e-3)
    assert data["declared"]["runs_on"] == ["ecs-fargate-spot"]
    r = runner.invoke(app, ["compare", str(path), "--format", "csv", "-p", "ecs-fargate"])
    assert "\ndeclared,As declared (ECS on Fargate + Fargate Spot),web," in r.stdout
    r = runner.invoke(app, ["compare", str(path), "-p", "ecs-fargate"])
    assert "As declared (ECS on Fargate + Fargate Spot)" in r.output


def test_report_has_the_declared_row(prices):
    from advisor.render.html import render_report

    c = compare(IAC / "synthetic" / "tf_ecs_fargate_plan.json", platforms=["ecs-fargate"], scaling=False)
    html = render_report(c, prices=prices)
    assert 'data-platform="declared" data-monthly-cost="178.197' in html
    assert 'id="lines-declared"' in html


REAL_ECS = Path(__file__).resolve().parent / "fixtures" / "real" / "ecs"


@pytest.mark.parametrize("name, label, infra, vs", [
    # aws-samples' yelb Service Connect template: 8 Fargate tasks, their addresses, 2 ALBs, 2 NAT gateways
    # (tests/test_real_inputs.py, us-east-1 rates); the recommendation, ECS on Fargate + Fargate Spot, is $202.15
    ("yelb-service-connect-base-infra-cfn.yaml", "As declared (ECS on Fargate)", 214.43,
     "+$12.28 infra vs recommended"),
    # ecs-refarch-task-rebalancing: 2 x m3.medium, root volumes, an ALB and 4 addresses, $133.645 (test_real_inputs);
    # the recommendation, ECS on EC2, is $103.45
    ("ecs-refarch-task-rebalancing-ecs-cluster-setup.yaml", "As declared (ECS on EC2)", 133.65,
     "+$30.20 infra vs recommended"),
])
def test_declared_row_agrees_in_every_output(prices, tmp_path, name, label, infra, vs):
    """Reported from a notebook: the JSON's declared object said operations_cost 0, monthly_tco 214.43, feasible true
    and status "ok" for the yelb template, where the table, Markdown and report showed "—" for its operations (no
    operations assumption is made for the estate as declared) and totals_frame NaN and not feasible. It has
    infrastructure and no total, the same in every output."""
    from advisor import api
    from advisor.render.html import render_report

    path = str(REAL_ECS / name)
    js = json.loads(runner.invoke(app, ["compare", path, "-f", "json"]).stdout)["declared"]
    assert (js["label"], js["status"], js["complete"], js["feasible"]) == (label, "as declared", True, False)
    assert js["monthly_cost"] == pytest.approx(infra, abs=0.005) and js["partial_monthly_cost"] is None
    assert (js["operations_cost"], js["monthly_tco"]) == (None, None)
    assert js["shown"] == {"monthly_cost": infra, "operations_cost": None, "monthly_tco": None}
    md = runner.invoke(app, ["compare", path, "-f", "markdown"]).stdout
    assert f"| {label} | ${infra:.2f} | — | — | {vs} | as declared |" in md
    table = runner.invoke(app, ["compare", path]).stdout
    short = vs.replace(" infra vs recommended", " vs rec.")
    assert re.search(rf"│ as declared +│ +\${infra:.2f} │ +— │ +— │ +{re.escape(short)} │", table), table
    rows = [r for r in runner.invoke(app, ["compare", path, "-f", "csv"]).stdout.splitlines()
            if r.startswith("declared,")]
    assert rows and all(r.endswith(",True") for r in rows)  # its lines, complete
    t = api.totals_frame(api.price(path)).set_index("platform").loc["declared"]
    assert (t.label, t.status, bool(t.complete), bool(t.feasible)) == (label, "as declared", True, False)
    assert t.monthly_cost == pytest.approx(infra, abs=0.005)
    assert pd.isna(t.operations_cost) and pd.isna(t.monthly_tco) and pd.isna(t["rank"])
    lf = api.lines_frame(api.price(path))
    assert round(lf[lf.platform == "declared"].monthly_cost.sum(), 2) == infra
    html = render_report(compare(path, scaling=False), prices=prices)
    row = re.search(r'<tr class="declared" data-platform="declared".*?</tr>', html, re.S).group(0)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == [f"{label} declared", f"${infra:.2f}", "—", "—", "infrastructure as declared today",
                     "as declared"]
    assert 'data-complete="true" data-feasible="false"' in row


def test_declared_row_priced_in_part_has_no_figure_anywhere(prices):
    """ecs-mesh-workshop's task-deploy.yaml: AppService runs on EC2 capacity the template does not declare, so the
    estate as declared is priced in part ($0 of it): no infrastructure, operations or total in any output."""
    from advisor import api

    path = str(REAL_ECS / "ecs-mesh-workshop" / "templates" / "ecs" / "task-deploy.yaml")
    js = json.loads(runner.invoke(app, ["compare", path, "-f", "json"]).stdout)["declared"]
    assert (js["status"], js["complete"], js["feasible"]) == ("as declared (partial)", False, False)
    assert (js["monthly_cost"], js["operations_cost"], js["monthly_tco"], js["partial_monthly_cost"]) == \
        (None, None, None, 0)
    assert js["shown"] == {"monthly_cost": None, "operations_cost": None, "monthly_tco": None}
    md = runner.invoke(app, ["compare", path, "-f", "markdown"]).stdout
    assert ("| As declared (ECS on EC2) | — | — | — | not priced in full | as declared (partial): see its lines |"
            in md)
    t = api.totals_frame(api.price(path)).set_index("platform").loc["declared"]
    assert (t.status, bool(t.complete), bool(t.feasible)) == ("as declared (partial)", False, False)
    assert pd.isna(t.monthly_cost) and pd.isna(t.operations_cost) and pd.isna(t.monthly_tco)


# ------------------------------------------------------------------------------------------ safe loading, errors


def test_short_form_tags_load_with_a_safe_loader():
    text = ("Resources:\n  A:\n    Type: AWS::EC2::EIP\n    Properties:\n      X: !Sub '${AWS::Region}-x'\n"
            "      Y: !GetAtt B.Arn\n      Z: !If [C, 1, 2]\n      W: !Select [0, !GetAZs '']\n"
            "  B:\n    Type: AWS::EC2::EIP\n")
    t = parse_template(Source("t.yaml", text, ".yaml"))
    props = t["Resources"]["A"]["Properties"]
    assert props["X"] == {"Fn::Sub": "${AWS::Region}-x"} and props["Y"] == {"Fn::GetAtt": ["B", "Arn"]}
    assert props["W"] == {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    bad = "AWSTemplateFormatVersion: '2010-09-09'\nResources: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(WorkloadError, match="tag '!!python/object/apply:os.system' is not allowed"):
        parse_template(Source("t.yaml", bad, ".yaml"))


def _template(resources: dict, **top) -> str:
    return json.dumps({"AWSTemplateFormatVersion": "2010-09-09", **top, "Resources": resources})


def _fargate_template(desired=2, cpu="512", memory="1024", strategy=None, name="web") -> dict:
    svc = {"ServiceName": name, "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"},
           "DesiredCount": desired}
    if strategy:
        svc["CapacityProviderStrategy"] = [{"CapacityProvider": i["capacityProvider"], "Base": i.get("base", 0),
                                            "Weight": i.get("weight", 0)} for i in strategy]
    else:
        svc["LaunchType"] = "FARGATE"
    return {"Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "main"}},
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                "Family": name, "Cpu": cpu, "Memory": memory, "NetworkMode": "awsvpc",
                "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": name, "Image": "x"}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": svc}}


@pytest.mark.parametrize("mutate,fragment", [
    (lambda r: r["Service"].update(DependsOn="Task") or r["Task"].update(DependsOn="Service"),
     "circular dependency between resources Task -> Service -> Task"),
    (lambda r: r["Service"]["Properties"].update(DesiredCount={"Ref": "Nope"}),
     "Resources.Service.Properties.DesiredCount: Ref 'Nope' is not a parameter or resource"),
    (lambda r: r["Service"]["Properties"].update(DesiredCount="many"),
     "Service: DesiredCount: 'many' is not valid"),
    (lambda r: r["Task"]["Properties"].update(Cpu="12"),
     "Task: Cpu: '12' would be 12 CPU units"),
    (lambda r: r["Service"]["Properties"].update(TaskDefinition="other"),
     "Service: TaskDefinition: 'other' is not a task definition declared in this input"),
    # another stack's task definition (aws-cdk integ.fargate-service-imported-taskdef's consumer stack): the
    # property and the export are named, and the CDK producer stack whose template declares it
    (lambda r: r["Service"]["Properties"].update(TaskDefinition={
        "Fn::ImportValue": "producer:ExportsOutputRefTaskDef546945703E5E1544"}),
     "Service: TaskDefinition: !ImportValue producer:ExportsOutputRefTaskDef546945703E5E1544 imports another "
     "stack's export, so the task definition, and the Cpu and Memory advisor prices, are not in this template; "
     "stack producer exports it"),
    (lambda r: r["Service"]["Properties"].update(TaskDefinition={"Ref": "TaskParam"}),
     "Service: TaskDefinition: !Ref TaskParam does not resolve: parameter TaskParam has no Default. Give a task "
     "definition of this template (its logical id or Family): 'advisor import cloudformation TEMPLATE -P "
     "TaskParam=VALUE'"),
    (lambda r: r["Service"]["Properties"].update(TaskDefinition={"Fn::Sub": "${AWS::StackName}-task"}),
     "Service: TaskDefinition: !Sub ${AWS::StackName}-task does not resolve to a value advisor can price: Fn::Sub "
     "uses ${AWS::StackName}"),
])
def test_bad_templates_exit_2_naming_the_resource(tmp_path, mutate, fragment):
    resources = _fargate_template()
    mutate(resources)
    p = tmp_path / "t.json"
    p.write_text(_template(resources, Parameters={"TaskParam": {"Type": "String"}}))
    r = runner.invoke(app, ["compare", str(p), "-p", "ecs-fargate"])
    assert r.exit_code == 2 and fragment in r.output.replace("\n", " "), r.output


def test_condition_cycle_is_refused(tmp_path):
    resources = _fargate_template()
    resources["Service"]["Condition"] = "A"
    p = tmp_path / "t.json"
    p.write_text(_template(resources, Conditions={"A": {"Condition": "B"}, "B": {"Fn::Not": [{"Condition": "A"}]}}))
    with pytest.raises(WorkloadError, match=r"a cycle of conditions \(A -> B -> A\)"):
        load_any(p)


def test_conditions_and_parameters_decide_what_is_created(tmp_path, prices):
    resources = _fargate_template(desired={"Fn::If": ["Big", 6, 2]})
    resources["Extra"] = {"Type": "AWS::EC2::NatGateway", "Condition": "Big"}
    template = _template(resources, Parameters={"Size": {"Type": "String", "Default": "small"}},
                         Conditions={"Big": {"Fn::Equals": [{"Ref": "Size"}, "big"]}})
    p = tmp_path / "t.json"
    p.write_text(template)
    small = import_cloudformation(p)
    assert small.workload.services[0].replicas == 2 and "nat_gateways" not in small.shared
    big = import_cloudformation(p, parameters={"Size": "big"})
    assert big.workload.services[0].replicas == 6 and big.shared["nat_gateways"] == {"count": 1}


def test_raw_terraform_state_file_is_named_with_the_command_that_converts_it(tmp_path):
    # terraform.tfstate as Terraform stores it (state format version 4: version, lineage, resources[].instances[]) is
    # not the JSON Output Format ('terraform show -json'); compare listed 8 workload-file errors ("unknown key
    # 'lineage'") and import terraform said it was "not a Terraform plan or state"
    state = {"version": 4, "terraform_version": "1.1.7", "serial": 16, "lineage": "2ae6cd2e", "outputs": {},
             "resources": [{"mode": "managed", "type": "aws_ecs_task_definition", "name": "app",
                            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                            "instances": [{"schema_version": 1, "attributes": {"family": "app", "cpu": "256"}}]}]}
    p = tmp_path / "terraform.tfstate"
    p.write_text(json.dumps(state))
    for cmd in (["compare"], ["import", "terraform"]):
        r = runner.invoke(app, [*cmd, str(p)])
        out = " ".join(r.output.split())
        assert r.exit_code == 2, cmd
        assert "is a Terraform state file as Terraform stores it (terraform.tfstate or 'terraform state pull': " \
               "version, lineage, resources), not the JSON output advisor reads. Convert it with 'terraform show " \
               "-json terraform.tfstate > state.json'" in out, cmd
        assert "unknown key" not in out and "not a Terraform plan or state" not in out, cmd
    # version 3 (Terraform before 0.12) keeps its resources under modules
    p.write_text(json.dumps({"version": 3, "terraform_version": "0.11.14", "serial": 2, "lineage": "x", "modules": []}))
    with pytest.raises(WorkloadError, match="is a Terraform state file as Terraform stores it"):
        load_any(p)
    # 'terraform show -json' of a state (format_version, values) is still read as a state
    assert not is_raw_state({"format_version": "1.0", "terraform_version": "1.9.0", "values": {}})


_plan = plan


def _tf_fargate(desired=2, cpu="512", memory="1024", strategy=None, name="web", min_healthy=100,
                max_percent=200) -> list[dict]:
    svc = {"name": name, "desired_count": desired, "task_definition": f"{name}:1", "cluster": "main",
           "deployment_minimum_healthy_percent": min_healthy, "deployment_maximum_percent": max_percent,
           "capacity_provider_strategy": [{"capacity_provider": i["capacityProvider"], "base": i.get("base", 0),
                                           "weight": i.get("weight", 0)} for i in strategy or []],
           "launch_type": None if strategy else "FARGATE"}
    return [{"address": "aws_ecs_cluster.main", "values": {"name": "main"}},
            {"address": f"aws_ecs_task_definition.{name}", "values": {
                "family": name, "cpu": cpu, "memory": memory, "network_mode": "awsvpc",
                "requires_compatibilities": ["FARGATE"],
                "container_definitions": json.dumps([{"name": name, "image": "x", "essential": True}])}},
            {"address": f"aws_ecs_service.{name}", "values": svc}]


@pytest.mark.parametrize("doc,fragment", [
    ({"format_version": "2.0", "planned_values": {}}, "format_version '2.0' is not one advisor reads"),
    (_plan(_tf_fargate(), unknown={"aws_ecs_service.web": {"desired_count": True}}),
     "aws_ecs_service.web: desired_count: is unknown until apply"),
    (_plan([{"address": "aws_ecs_task_definition.web", "values": {"family": "web", "container_definitions": "[{"}}]),
     "aws_ecs_task_definition.web: container_definitions: is not valid JSON"),
    (_plan(_tf_fargate(desired=-1)), "aws_ecs_service.web: desired_count: -1 is not valid"),
])
def test_bad_plans_exit_2_naming_the_resource(tmp_path, doc, fragment):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and fragment in r.output.replace("\n", " "), r.output


def test_not_a_plan(tmp_path):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps({"resource_changes": []}))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    assert r.exit_code == 2 and "not a Terraform plan or state: it has no format_version" in r.output


def test_detect_kinds():
    assert detect(IAC / "synthetic" / "tf_eks_plan.json") == "terraform"
    assert detect(IAC / "cloudformation" / "cfn_templates_eks_cluster_nodegroup.yaml") == "cloudformation"
    assert detect(IAC / "cdk" / "cdk_eks_auto_mode.template.json") == "cloudformation"


def test_declared_must_name_workload_services():
    with pytest.raises(WorkloadError, match=r"declared\.ecs_services\[0\]\.service: service 'nope' is not one of "
                                            r"the workload's services \(a\); name one of them"):
        parse_workload({"name": "x", "services": [{"name": "a", "cpu": 0.5, "memory": 1024}],
                        "declared": {"ecs_services": [{"service": "nope", "launch_type": "FARGATE"}]}})


# ------------------------------------------------------------------------------------------ round trip


def _costs(workload) -> dict:
    c = compare(workload, platforms=FAST, scaling=False, explain_changes=False)
    return {e.platform: round(e.monthly_cost, 6) for e in c.estimates}


SIZES = [("256", "512"), ("512", "1024"), ("1024", "3072"), ("2048", "4096"), ("4096", "16384")]
STRATEGIES = [None, [{"capacityProvider": "FARGATE", "weight": 1}],
              [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 3}],
              [{"capacityProvider": "FARGATE_SPOT", "weight": 2}, {"capacityProvider": "FARGATE", "weight": 1}]]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.sampled_from(SIZES), desired=st.integers(0, 12), strategy=st.sampled_from(STRATEGIES),
       max_percent=st.sampled_from([100, 150, 200]))
def test_round_trip_terraform_cloudformation_taskdef_workload(prices, size, desired, strategy, max_percent):
    """One ECS service written four ways -- a Terraform plan, a CloudFormation template, a task definition with
    its service JSON, and a workload file -- prices the same on every platform, and both IaC forms declare the
    same estate."""
    cpu, memory = size
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        tf = tmp / "plan.json"
        tf.write_text(json.dumps(_plan(_tf_fargate(desired, cpu, memory, strategy, max_percent=max_percent,
                                                   min_healthy=50))))
        resources = _fargate_template(desired, cpu, memory, strategy)
        resources["Service"]["Properties"]["DeploymentConfiguration"] = {"MinimumHealthyPercent": 50,
                                                                         "MaximumPercent": max_percent}
        cfn = tmp / "template.json"
        cfn.write_text(_template(resources))
        td = tmp / "td.json"
        td.write_text(json.dumps({"family": "web", "cpu": cpu, "memory": memory, "networkMode": "awsvpc",
                                  "requiresCompatibilities": ["FARGATE"],
                                  "containerDefinitions": [{"name": "web", "image": "x"}]}))
        sv = tmp / "svc.json"
        service = {"serviceName": "web", "taskDefinition": "web:1", "desiredCount": desired,
                   "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": max_percent}}
        if strategy:
            service["capacityProviderStrategy"] = strategy
        else:
            service["launchType"] = "FARGATE"
        sv.write_text(json.dumps(service))
        wl = {"name": "web", "services": [{"name": "web", "cpu": f"{cpu} units", "memory": float(memory),
                                           "replicas": desired, "network_mode": "awsvpc", "min_healthy_percent": 50,
                                           "max_percent": max_percent,
                                           **({"capacity_provider_strategy": strategy} if strategy else {})}]}
        from_tf, from_cfn = load_any(tf), load_any(cfn)
        expected = _costs(parse_workload(wl))
        assert _costs(from_tf) == expected
        assert _costs(from_cfn) == expected
        assert _costs(import_taskdef(td, sv).workload) == expected
        d_tf, d_cfn = price_declared(from_tf, prices), price_declared(from_cfn, prices)
        assert d_tf.monthly_cost == pytest.approx(d_cfn.monthly_cost)
        # declared as the service runs: all FARGATE prices as ECS on Fargate; a Spot strategy as the Spot platform
        key = "ecs-fargate-spot" if strategy and any(i["capacityProvider"] == "FARGATE_SPOT" for i in strategy) \
            else "ecs-fargate"
        assert round(d_tf.monthly_cost, 6) == expected[key]


@settings(max_examples=8, deadline=None)
@given(cpu=st.sampled_from(["250m", "500m", "1", "2"]), memory=st.sampled_from(["512Mi", "1Gi", "3Gi"]),
       replicas=st.integers(0, 10))
def test_round_trip_terraform_kubernetes_deployment_and_manifest(cpu, memory, replicas):
    """A kubernetes_deployment in a plan prices as the same Deployment written as a manifest."""
    pod = {"container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": cpu, "memory": memory}}]}]}
    plan = _plan([{"address": "kubernetes_deployment.app", "values": {
        "metadata": [{"name": "app", "namespace": "default"}],
        "spec": [{"replicas": str(replicas), "template": [{"spec": [pod]}]}]}}])
    manifest = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app"},
                "spec": {"replicas": replicas, "template": {"spec": {"containers": [
                    {"name": "app", "image": "x", "resources": {"requests": {"cpu": cpu, "memory": memory}}}]}}}}
    with tempfile.TemporaryDirectory() as tmp:
        tf, mf = Path(tmp) / "plan.json", Path(tmp) / "app.yaml"
        tf.write_text(json.dumps(plan))
        mf.write_text(yaml.safe_dump(manifest))
        assert _costs(load_any(tf)) == _costs(load_any(mf))


def test_terraform_kubernetes_host_ports_host_network_and_privileged_daemonset(tmp_path):
    """The Kubernetes objects of a Terraform plan keep what their pods ask as a manifest's do: ``port.host_port``
    (the provider writes 0 for none), ``host_network``, a DaemonSet's ``security_context.privileged``."""
    def pod(ports, host_network=False, privileged=False):
        c = {"name": "app", "image": "x", "resources": [{"requests": {"cpu": "250m", "memory": "256Mi"}}],
             "port": [{"container_port": p, "host_port": h, "host_ip": "", "name": "", "protocol": "TCP"}
                      for p, h in ports]}
        if privileged:
            c["security_context"] = [{"privileged": True}]
        return {"container": [c], "host_network": host_network}
    plan = _plan([
        {"address": "kubernetes_deployment.edge", "values": {"metadata": [{"name": "edge", "namespace": "default"}],
         "spec": [{"replicas": "3", "template": [{"spec": [pod([(8080, 80), (9090, 0)])]}]}]}},
        {"address": "kubernetes_deployment.net", "values": {"metadata": [{"name": "net", "namespace": "default"}],
         "spec": [{"replicas": "1", "template": [{"spec": [pod([(53, 0)], host_network=True)]}]}]}},
        {"address": "kubernetes_deployment.plain", "values": {"metadata": [{"name": "plain", "namespace": "default"}],
         "spec": [{"replicas": "1", "template": [{"spec": [pod([(80, 0)])]}]}]}},
        {"address": "kubernetes_daemonset.agent", "values": {"metadata": [{"name": "agent", "namespace": "default"}],
         "spec": [{"template": [{"spec": [pod([], privileged=True)]}]}]}}])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    w = load_any(path)
    got = {s.name: (s.host_ports, s.host_network) for s in w.services}
    assert got == {"edge": ([80], False), "net": ([53], True), "plain": (None, False)}
    assert [(d.name, d.privileged) for d in w.daemonsets] == [("agent", True)]
    est = compare(w, platforms=["eks-fargate"]).estimate("eks-fargate")
    assert sorted(u.service for u in est.unsupported) == ["edge", "net"]
    assert not any("DaemonSets as sidecars" in n for n in est.notes)


def test_a_terraform_daemonsets_node_selector_is_read_as_in_manifests(tmp_path):
    # kubernetes_daemonset with node_selector kubernetes.io/os: windows (the Terraform provider's spec.template.spec
    # node_selector): reserved on no Linux node, as the Kubernetes importer reads the same DaemonSet
    def pod(selector):
        return {"container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "100m",
                                                                                        "memory": "128Mi"}}]}],
                "node_selector": selector}
    plan = _plan([
        {"address": "kubernetes_deployment.web", "values": {"metadata": [{"name": "web", "namespace": "default"}],
         "spec": [{"replicas": "1", "template": [{"spec": [pod({})]}]}]}},
        {"address": "kubernetes_daemonset.win", "values": {"metadata": [{"name": "win", "namespace": "default"}],
         "spec": [{"template": [{"spec": [pod({"kubernetes.io/os": "windows"})]}]}]}},
        {"address": "kubernetes_daemonset.arm", "values": {"metadata": [{"name": "arm", "namespace": "default"}],
         "spec": [{"template": [{"spec": [pod({"kubernetes.io/arch": "arm64"})]}]}]}}])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    w = load_any(path)
    assert [(d.name, d.os, d.architecture) for d in w.daemonsets] == [("win", "windows", None), ("arm", None, "arm64")]


def test_a_terraform_daemonsets_instance_type_and_custom_selector_are_read_as_in_manifests(tmp_path):
    # node_selector node.kubernetes.io/instance-type: m5.large -> DaemonSet.instance_types; role: ingress (a custom
    # label advisor cannot evaluate) -> node_labels, reserved on every node with a note
    def pod(selector):
        return {"container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "100m",
                                                                                        "memory": "128Mi"}}]}],
                "node_selector": selector}
    plan = _plan([
        {"address": "kubernetes_deployment.web", "values": {"metadata": [{"name": "web", "namespace": "default"}],
         "spec": [{"replicas": "1", "template": [{"spec": [pod({})]}]}]}},
        {"address": "kubernetes_daemonset.big", "values": {"metadata": [{"name": "big", "namespace": "default"}],
         "spec": [{"template": [{"spec": [pod({"node.kubernetes.io/instance-type": "m5.large"})]}]}]}},
        {"address": "kubernetes_daemonset.ing", "values": {"metadata": [{"name": "ing", "namespace": "default"}],
         "spec": [{"template": [{"spec": [pod({"role": "ingress"})]}]}]}}])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    w = load_any(path)
    assert [(d.name, d.instance_types, d.node_labels) for d in w.daemonsets] == [
        ("big", ["m5.large"], None), ("ing", None, ["role: ingress"])]


# ------------------------------------------------------------------------------------------ fuzz

_JUNK = [None, -1, 0, "x", "", [], {}, 1e308, True, "1.2", {"Ref": "Nope"}, {"Fn::GetAtt": ["Nope", "Arn"]},
         [{"a": 1}], "512 MB", 10**30]


def _leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _leaves(v, path + (i,))
    yield path


def _replace(obj, path, value):
    if not path:
        return value
    obj = json.loads(json.dumps(obj))
    cur = obj
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value
    return obj


_FUZZ_SEEDS = {
    "plan.json": json.loads((IAC / "synthetic" / "tf_ecs_fargate_plan.json").read_text()),
    "template.json": json.loads(_template(_fargate_template(strategy=STRATEGIES[2]))),
}


@settings(max_examples=40, deadline=None)
@given(seed=st.sampled_from(sorted(_FUZZ_SEEDS)), pick=st.integers(0, 10**6), junk=st.sampled_from(_JUNK))
def test_fuzzed_plans_and_templates_price_or_fail_with_a_message(seed, pick, junk):
    """Any one value of a plan or template replaced by junk: priced, or one AdvisorError (exit 2), never a crash."""
    from advisor.errors import AdvisorError

    doc = _FUZZ_SEEDS[seed]
    paths = list(_leaves(doc))
    mutated = _replace(doc, paths[pick % len(paths)], junk)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / seed
        p.write_text(json.dumps(mutated))
        try:
            c = compare(p, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
        except AdvisorError as exc:
            assert str(exc)
            return
        assert c.declared is None or c.declared.monthly_cost >= 0


def test_cdk_kubernetes_manifest_and_upgrade_policy(tmp_path, prices):
    """cluster.addManifest(...) synthesises Custom::AWSCDK-EKS-KubernetesResource with the objects as JSON text
    (here a Fn::Join around an image token); upgrade policy STANDARD turns extended support off."""
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
                  "spec": {"replicas": 3, "template": {"spec": {"containers": [
                      {"name": "api", "image": "IMAGE", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}]}}}}
    text = json.dumps([deployment, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"}}])
    before, after = text.split("IMAGE")
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.29", "UpgradePolicy": {
            "SupportType": "STANDARD"}, "RoleArn": "arn"}},
        "Profile": {"Type": "AWS::EKS::FargateProfile", "Properties": {"ClusterName": {"Ref": "Cluster"},
                                                                       "Selectors": [{"Namespace": "default"}]}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": {"Fn::Join": ["", [before, {"Fn::Sub": "${AWS::AccountId}.dkr.ecr/api"}, after]]},
            "ClusterName": {"Ref": "Cluster"}}},
    }
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p, as_of="2025-06-01")
    (svc,) = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.replicas) == ("api", 0.5, 1024, 3)
    d = price_declared(res.workload, prices)
    assert d.clusters[0]["support"] == "standard"
    # 3 Fargate pods of 0.5 vCPU / 1 GiB + 256 MiB -> 0.5 vCPU / 2 GB: 3 x 730 x (0.5 x 0.04048 + 2 x 0.004445)
    # = 63.7947; control plane 73.00 (upgrade policy STANDARD: no surcharge although 1.29 is past standard support)
    assert d.monthly_cost == pytest.approx(63.7947 + 73.0, abs=1e-4)


def test_cdk_manifest_limit_range_gives_its_default_request(tmp_path):
    """A LimitRange in a CDK addManifest was counted as 'Kubernetes LimitRange' not priced: the Deployment without
    requests was priced at none. defaultRequest memory 256Mi = 256 MiB, cpu from default 500m (no defaultRequest.cpu:
    SetDefaults_LimitRangeItem) = 0.5 vCPU, as for the manifest."""
    lr = {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr"}, "spec": {"limits": [
        {"type": "Container", "defaultRequest": {"memory": "256Mi"}, "default": {"cpu": "500m"}}]}}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
                  "spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "api", "image": "x"}]}}}}
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps([lr, deployment]), "ClusterName": {"Ref": "Cluster"}}},
    }
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    (svc,) = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.replicas) == (0.5, 256, 2)
    assert any(n.startswith("LimitRange default/lr default.cpu 0.5 vCPU (no defaultRequest) applied to 1 container(s)")
               for n in res.notes)
    assert not any("1 Kubernetes LimitRange" in n for n in res.notes)  # no longer counted as not priced


def test_cdk_manifest_claim_a_deployment_mounts_as_its_manifest(tmp_path, prices):
    """A PersistentVolumeClaim and StorageClass in a CDK addManifest were counted as not priced and the Deployment
    mounting the claim got no volume: now one 20 GiB gp2 volume the pods share, 20 GB-months x $0.10 = $2.00, the
    line the same manifests give."""
    objs = list(yaml.safe_load_all(_CLAIM_MANIFESTS))
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps(objs), "ClusterName": {"Ref": "Cluster"}}},
    }
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    manifests = tmp_path / "claim.yaml"
    manifests.write_text(_CLAIM_MANIFESTS)
    res = import_cloudformation(p)
    [api] = res.workload.services
    assert [(v.name, v.size_gib, v.volume_type, v.shared) for v in api.persistent_volumes] == [
        ("data", 20, "gp2", True)]
    assert not any("Kubernetes PersistentVolumeClaim" in n or "Kubernetes StorageClass" in n for n in res.notes)
    lines = _claim_volume_lines(p, prices)
    assert lines == [("EBS volume data (gp2, 20 GiB, one claim the pods share)", 20.0, 0.1, pytest.approx(2.0))]
    assert lines == _claim_volume_lines(manifests, prices)


def test_cdk_manifest_of_daemonsets_only_names_them_in_declares_no_service(tmp_path):
    """aws-cdk integ.eks-inference-nodegroup (aws-eks-v2): the only Kubernetes object the stack applies is the
    neuron-device-plugin DaemonSet (cluster.addManifest). A DaemonSet is per-node overhead, never a service of its
    own, so the template declares no service; the message used to list the cluster and NAT gateways only, and to
    say a DaemonSet is a service that counts."""
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "neuron-device-plugin-daemonset",
                                                                     "namespace": "kube-system"},
          "spec": {"template": {"spec": {"containers": [{"name": "ctr", "image": "x"}]}}}}
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps([ds]), "ClusterName": {"Ref": "Cluster"}}},
    }
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    with pytest.raises(WorkloadError) as e:
        load_any(p)
    msg = str(e.value)
    assert ("declares no service to compare (it declares 1 EKS cluster(s), 1 Kubernetes DaemonSet(s) "
            "(neuron-device-plugin-daemonset), which advisor prices as per-node overhead beside the workloads they "
            "run next to, never on their own (ECS on EC2, EKS on EC2, ECS Managed Instances and EKS Auto Mode reserve "
            "its pod request on every node before packing the services; ECS on Fargate and Fargate Spot add it to "
            "every task as a sidecar, EKS on Fargate to every pod))") in msg
    assert "Deployment or StatefulSet (kubernetes_deployment in a Terraform plan, a CDK addManifest), with any " \
           "DaemonSets beside them" in msg
    assert "StatefulSet or DaemonSet" not in msg


# ------------------------------------------------------------------ tester's faults: unknown until apply, GPUs, messages

def _tf_task(cpu=None, containers=None, unknown=None) -> dict:
    td = {"address": "aws_ecs_task_definition.web", "values": {
        "family": "web", "cpu": cpu, "memory": "1024", "network_mode": "awsvpc", "requires_compatibilities": ["FARGATE"],
        "container_definitions": json.dumps(containers or [{"name": "web", "image": "x", "memory": 512}])}}
    svc = {"address": "aws_ecs_service.web", "values": {"name": "web", "desired_count": 2, "task_definition": "web:1",
                                                        "launch_type": "FARGATE"}}
    return _plan([td, svc], unknown={"aws_ecs_task_definition.web": unknown or {}})


def test_terraform_unknown_task_cpu_with_nothing_to_size_by_exits_2(tmp_path):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_tf_task(unknown={"cpu": True})))
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2
    assert "aws_ecs_task_definition.web: cpu: is unknown until apply and the containers reserve no CPU units" in \
        r.output.replace("\n", " ")


def test_terraform_unknown_task_cpu_is_an_assumption_strict_refuses(tmp_path):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_tf_task(containers=[{"name": "web", "image": "x", "cpu": 256, "memory": 512}],
                                     unknown={"cpu": True})))
    res = import_terraform(p)
    assert res.workload.services[0].vcpu == 0.25  # 256 units / 1024
    assert any("cpu unknown until apply: priced at what its containers reserve, 256 CPU units" in a
               for a in res.assumptions)
    r = runner.invoke(app, ["compare", "--strict", str(p)])
    assert r.exit_code == 2 and "strict mode" in r.output


def test_terraform_unknown_scaling_capacity_names_the_resource(tmp_path):
    doc = _plan(_tf_fargate() + [{"address": "aws_appautoscaling_target.web", "values": {
        "service_namespace": "ecs", "resource_id": "service/main/web", "min_capacity": 1, "max_capacity": None}}],
        unknown={"aws_appautoscaling_target.web": {"max_capacity": True}})
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match="aws_appautoscaling_target.web: max_capacity: is unknown until apply"):
        import_terraform(p)


def test_terraform_container_gpus_and_duplicate_json_keys(tmp_path):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_tf_task(cpu="1024", containers=[
        {"name": "web", "image": "x", "memory": 512, "resourceRequirements": [{"type": "GPU", "value": "2"}]}])))
    assert import_terraform(p).workload.services[0].gpus == 2
    p.write_text(json.dumps(_tf_task(cpu="1024")).replace('\\"memory\\": 512', '\\"memory\\": 512, \\"memory\\": 64'))
    with pytest.raises(WorkloadError, match="container_definitions: line 1: the key 'memory' is given twice"):
        import_terraform(p)
    p.write_text(json.dumps(_tf_task(cpu="1024")).replace('"format_version"', '"format_version": "1.2", "format_version"', 1))
    with pytest.raises(WorkloadError, match="the key 'format_version' is given twice"):
        import_terraform(p)


def test_cloudformation_container_gpus(tmp_path):
    resources = _fargate_template()
    resources["Task"]["Properties"]["ContainerDefinitions"][0]["ResourceRequirements"] = [{"Type": "GPU", "Value": "1"}]
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.services[0].gpus == 1


def test_eks_clusters_bound_message_speaks_of_clusters():
    services = [{"name": f"s{i}", "cpu": 0.25, "memory": 512, "replicas": 5000} for i in range(40)]
    with pytest.raises(WorkloadError, match="200,000 tasks/pods .* eks.clusters 10 adds control-plane fees but advisor "
                       "still packs every service as one fleet; write one workload per cluster"):
        parse_workload({"name": "t", "eks": {"clusters": 10}, "services": services})


def test_declared_coredns_on_fargate_only_without_eks_node_groups(prices):
    # a Fargate profile that selects kube-system and no EKS node group: the cluster's 2 CoreDNS pods run on Fargate
    # (EKS User Guide, "Get started with AWS Fargate for your cluster"), 0.25 vCPU / 0.5 GB each, $9.010025 a month
    w = import_terraform(IAC / "synthetic" / "tf_eks_plan.json", as_of="2025-06-01").workload
    d = w.declared
    [cluster] = d.eks_clusters
    profiles = [p.model_copy(update={"namespaces": [*p.namespaces, "kube-system"]}) for p in d.fargate_profiles]
    with_nodes = w.model_copy(update={"declared": d.model_copy(update={"fargate_profiles": profiles})})
    fargate_only = w.model_copy(update={"declared": d.model_copy(update={"fargate_profiles": profiles,
                                                                         "node_groups": []})})
    base = price_declared(w, prices).monthly_cost
    assert price_declared(with_nodes, prices).monthly_cost == pytest.approx(base)  # CoreDNS stays on the nodes
    only = price_declared(fargate_only, prices)
    coredns = [ln for ln in only.estimate.lines if ln.name.startswith("CoreDNS pods")]
    assert {ln.name.split(":")[0] for ln in coredns} == {f"CoreDNS pods ({cluster.name})"}
    assert sum(ln.monthly_cost for ln in coredns) == pytest.approx(2 * 9.010025, abs=1e-9)
    assert "eks-fargate" in only.runs_on
    assert any("CoreDNS pods run on Fargate" in n for n in only.estimate.notes)


def test_cfn_parameter_outside_allowed_values_is_refused(tmp_path):
    # CloudFormation refuses a value outside AllowedValues; it used to surface later as a FindInMap miss
    path = IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml"
    with pytest.raises(WorkloadError, match=r"parameter InstanceType \(--parameter\): 'm5.large' is not one of its "
                                            r"AllowedValues \(t2.micro, t2.small"):
        import_cloudformation(path, parameters={"InstanceType": "m5.large"}, allow_empty=True)


def test_cfn_boolean_parameters_compare_as_cloudformation_text(tmp_path, prices):
    # The AWS Copilot service stacks (aws/copilot-cli internal/pkg/deploy/cloudformation/stack/testdata/workloads/
    # *.stack.yml @ 4c858e71) declare `AllowedValues: [true, false]` and test `!Equals [!Ref DNSDelegated, true]`;
    # Copilot deploys them with "DNSDelegated": "false". Template values are text to CloudFormation, so "false" is
    # allowed and equals the YAML false. They used to be refused ("not one of its AllowedValues (True, False)").
    path = tmp_path / "copilot-like.yaml"
    path.write_text("""
Parameters:
  DNSDelegated: {Type: String, AllowedValues: [true, false]}
  Extra: {Type: String, Default: true, AllowedValues: [true, false]}
Conditions:
  HasAssociatedDomain: !Equals [!Ref DNSDelegated, true]
  WantsExtra: !Equals [!Ref Extra, "true"]
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Sub "web-${DNSDelegated}"
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: "256"
      Memory: "512"
      ContainerDefinitions: [{Name: web, Image: nginx}]
  Service:
    Type: AWS::ECS::Service
    Properties: {TaskDefinition: !Ref TaskDefinition, DesiredCount: 1, LaunchType: FARGATE}
  ExtraService:
    Type: AWS::ECS::Service
    Condition: WantsExtra
    Properties: {TaskDefinition: !Ref TaskDefinition, DesiredCount: 2, LaunchType: FARGATE}
  DomainService:
    Type: AWS::ECS::Service
    Condition: HasAssociatedDomain
    Properties: {TaskDefinition: !Ref TaskDefinition, DesiredCount: 4, LaunchType: FARGATE}
""")
    res = import_cloudformation(path, parameters={"DNSDelegated": "false"})
    # Extra defaults to YAML true, which equals "true"; DNSDelegated "false" is not true: 1 + 2 tasks
    assert sorted(s.replicas for s in res.workload.services) == [1, 2]
    assert any("not created (their Condition is false): DomainService" in n for n in res.notes)
    # 3 tasks of 0.25 vCPU / 0.5 GB on Fargate: 3 x $9.010025
    est = compare(res.workload, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "compute") == pytest.approx(3 * 9.010025)
    with pytest.raises(WorkloadError, match=r"'False' is not one of its AllowedValues \(true, false\)"):
        import_cloudformation(path, parameters={"DNSDelegated": "False"})


def test_cfn_nested_stacks_are_named_as_not_followed(tmp_path):
    path = tmp_path / "parent.yaml"
    path.write_text("Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
                    "      TemplateURL: https://example.com/child.yaml\n")
    res = import_cloudformation(path, allow_empty=True)
    assert any("1 nested stack(s) (AWS::CloudFormation::Stack) not followed" in n for n in res.notes)
    assert not any("not priced (no compute cost" in n and "CloudFormation::Stack" in n for n in res.notes)


def test_cloudformation_scaling_target_of_a_service_on_an_imported_cluster():
    """nathanpeck/ecs-cloudformation's service templates scale the service through
    ResourceId !Join ['/', [service, !ImportValue '${EnvironmentName}:ClusterName', !Ref ServiceName]]: the cluster is
    another stack's, the service this template's (ServiceName nginx). The target was ignored (2 tasks priced, the
    DesiredCount) beside a note that its policies were read; it is linked by the service's name: 2-10 tasks,
    6 on average."""
    res = import_cloudformation(str(IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml"))
    (svc,) = res.services
    assert svc.data["scaling"] == {"min": 2, "max": 10, "average": 6}
    assert any("linked to Service, the service of that name here" in n for n in res.notes)
    assert not any("for no ECS service" in n for n in res.notes)


def test_cloudformation_scaling_target_linked_by_depends_on_is_an_assumption(tmp_path):
    """A ResourceId that names neither a service here nor a name (a Sub of imports) is linked to the one service the
    target DependsOn, as an assumption; with two services and no name it stays unlinked and says so."""
    base = {
        "Resources": {
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
                "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]}},
            "Svc": {"Type": "AWS::ECS::Service", "Properties": {
                "Cluster": {"Fn::ImportValue": "prod:Cluster"}, "LaunchType": "FARGATE", "DesiredCount": 2,
                "TaskDefinition": {"Ref": "Task"}}},
            "Target": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "DependsOn": "Svc", "Properties": {
                "ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 2,
                "MaxCapacity": 4, "ResourceId": {"Fn::Join": ["/", ["service", {"Fn::ImportValue": "prod:Cluster"},
                                                                   {"Fn::ImportValue": "prod:SvcName"}]]}}}}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(base))
    res = import_cloudformation(str(path))
    assert res.services[0].data["scaling"]["average"] == 3
    assert any("the one ECS service it DependsOn" in a for a in res.assumptions)
    base["Resources"]["Target"].pop("DependsOn")
    path.write_text(json.dumps(base))
    res = import_cloudformation(str(path))
    assert res.services[0].data.get("replicas") == 2 and "scaling" not in res.services[0].data
    assert any("for no ECS service in this input" in n for n in res.assumptions)  # an error under --strict


def test_compare_on_a_folder_of_templates_names_them(tmp_path):
    """A folder is read as Kubernetes manifests; one of CloudFormation templates (ecs-refarch-cloudformation's
    services/, a cdk.out) failed with "Remove the tag '!Ref'" or "not Kubernetes objects". The message now names the
    templates, those with ECS/EKS compute first, and the command for one of them."""
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "service.yaml").write_text(
        "Parameters:\n  Cluster: {Type: String}\nResources:\n  Service:\n    Type: AWS::ECS::Service\n"
        "    Properties:\n      Cluster: !Ref Cluster\n")
    (tmp_path / "Net.template.json").write_text(json.dumps({"Resources": {"Vpc": {"Type": "AWS::EC2::VPC"}}},
                                                           indent=1))
    res = runner.invoke(app, ["compare", str(tmp_path)])
    assert res.exit_code == 2
    assert "holds 2 CloudFormation template(s) or Terraform plan(s): svc/service.yaml (CloudFormation template " \
           "with ECS/EKS compute), Net.template.json" in " ".join(res.output.split())
    assert f"'advisor compare {tmp_path / 'svc' / 'service.yaml'}'" in " ".join(res.output.split())


MULTI = IAC / "cdk" / "multi_region_synthesized"


def test_import_on_a_cdk_out_folder_names_its_stacks_and_their_regions(tmp_path):
    """'advisor import cloudformation cdk.out/' said only "is a directory; give a CloudFormation template (a folder is
    read only as Kubernetes manifests)", and 'import terraform' the same: neither named the templates in it nor the
    command. Both now do as compare does, with each CDK stack's region from manifest.json (an app with stacks in
    us-east-1, eu-west-1 and one environment-agnostic), and say that each template is priced in its own region."""
    for cmd in (["import", "cloudformation"], ["import", "terraform"], ["compare"]):
        res = runner.invoke(app, [*cmd, str(MULTI)])
        out = " ".join(res.output.split())
        assert res.exit_code == 2, (cmd, out)
        assert "Traceback" not in out
        assert "ApiEuWest1.template.json (CloudFormation template with ECS/EKS compute; stack ApiEuWest1, region " \
               "eu-west-1)" in out, cmd
        assert "ApiUsEast1.template.json (CloudFormation template with ECS/EKS compute; stack ApiUsEast1, region " \
               "us-east-1)" in out, cmd
        assert "ApiAgnostic.template.json (CloudFormation template with ECS/EKS compute; stack ApiAgnostic, " \
               "environment-agnostic: us-east-1 unless --region is given)" in out, cmd
        assert "The stacks are in 2 regions (eu-west-1, us-east-1); each template is read in its own stack's " \
               "region" in out, cmd
        shown = "advisor compare" if cmd == ["compare"] else "advisor import cloudformation"  # templates only here
        assert f"'{shown} {MULTI / 'ApiAgnostic.template.json'}'" in out, cmd
    # a folder of Terraform configuration: the plan to make, not "a folder of Kubernetes manifests"
    (tmp_path / "main.tf").write_text('resource "aws_ecs_cluster" "c" { name = "c" }\n')
    res = runner.invoke(app, ["import", "terraform", str(tmp_path)])
    out = " ".join(res.output.split())
    assert res.exit_code == 2 and "is Terraform source" in out and "terraform show -json p > plan.json" in out
    res = runner.invoke(app, ["import", "cloudformation", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "not found" in res.output


def test_each_stack_of_a_multi_region_cdk_out_is_priced_in_its_region():
    """The templates of one cdk.out, read one at a time, each take their own stack's environment (ApiEuWest1: 3 x
    1 vCPU / 2 GB and a NAT gateway at eu-west-1's $0.048 an hour; ApiUsEast1: 2 x 0.5 vCPU / 1 GB and a NAT gateway
    at $0.045), the environment-agnostic one us-east-1 (1 x 0.25 vCPU / 0.5 GB, no NAT gateway)."""
    got = {}
    for name in ("ApiUsEast1", "ApiEuWest1", "ApiAgnostic"):
        c = compare(MULTI / f"{name}.template.json", platforms=["ecs-fargate"], scaling=False, explain_changes=False)
        [svc] = c.workload.services
        got[name] = (c.workload.region, svc.name, svc.vcpu, svc.memory_mib, svc.desired)
        fargate = 730 * svc.desired * (svc.vcpu * 0.04048 + svc.memory_mib / 1024 * 0.004445)
        nat = {"ApiUsEast1": 730 * (0.045 + 0.005), "ApiEuWest1": 730 * (0.048 + 0.005), "ApiAgnostic": 0}[name]
        assert c.declared.monthly_cost == pytest.approx(fargate + nat, abs=0.01), name
    assert got == {"ApiUsEast1": ("us-east-1", "Api", 0.5, 1024, 2), "ApiEuWest1": ("eu-west-1", "Api", 1, 2048, 3),
                   "ApiAgnostic": ("us-east-1", "Api", 0.25, 512, 1)}


def test_cdk_templates_name_services_by_construct_and_read_the_stack_region(tmp_path):
    """A CDK service has no ServiceName: it was named by its logical id (WebServiceWebServiceServiceB97F16A9, as in
    AITeeToolkit/aws-fargate-cdk's cdk.out @ 658acb70). It is now named by the construct the user made (the first
    part of aws:cdk:path after the stack), and the region is the stack's environment in cdk.out/manifest.json."""
    template = {"Resources": {
        "WebServiceWebServiceTaskDefC062C902": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
            "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]},
            "Metadata": {"aws:cdk:path": "Shop-dev/WebService/WebServiceTaskDef/Resource"}},
        "WebServiceWebServiceServiceB97F16A9": {"Type": "AWS::ECS::Service", "Properties": {
            "LaunchType": "FARGATE", "DesiredCount": 2,
            "TaskDefinition": {"Ref": "WebServiceWebServiceTaskDefC062C902"}},
            "Metadata": {"aws:cdk:path": "Shop-dev/WebService/WebServiceService/Service"}}}}
    out = tmp_path / "cdk.out"
    out.mkdir()
    (out / "Shop-dev.template.json").write_text(json.dumps(template))
    res = import_cloudformation(str(out / "Shop-dev.template.json"))
    assert [s.data["name"] for s in res.services] == ["WebService"]
    assert res.region == "us-east-1" and any("us-east-1 assumed" in a for a in res.assumptions)
    (out / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": {"Shop-dev": {
        "type": "aws:cloudformation:stack", "environment": "aws://123456789012/eu-west-1",
        "properties": {"templateFile": "Shop-dev.template.json"}}}}))
    res = import_cloudformation(str(out / "Shop-dev.template.json"))
    assert res.region == "eu-west-1" and any("the stack's environment in the cdk.out manifest.json" in n
                                             for n in res.notes)
    assert not any("us-east-1 assumed" in a for a in res.assumptions)
    # an environment-agnostic stack keeps the assumption
    (out / "manifest.json").write_text(json.dumps({"artifacts": {"Shop-dev": {
        "type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
        "properties": {"templateFile": "Shop-dev.template.json"}}}}))
    assert import_cloudformation(str(out / "Shop-dev.template.json")).region == "us-east-1"


# ------------------------------------------------------------------------------------------ module instances

TF = IAC / "terraform"


def test_foreach_module_references_resolve_within_the_instance(prices):
    """tf_foreach_module_plan.json: module "svc" with for_each {api 256/512, worker 2048/4096}, desired_count 2 each.
    The service's task_definition (an ARN, unknown until apply) is followed through the configuration's
    aws_ecs_task_definition.this, which is relative to the module instance: module.svc["worker"] gets its own."""
    res = import_terraform(TF / "tf_foreach_module_plan.json")
    api, worker = res.workload.services
    assert (api.name, api.vcpu, api.memory_mib, api.replicas) == ("api", 0.25, 512, 2)
    assert (worker.name, worker.vcpu, worker.memory_mib, worker.replicas) == ("worker", 2, 4096, 2)
    assert not any("no ECS service here" in n for n in res.notes)  # no standalone task priced on top
    c = compare(TF / "tf_foreach_module_plan.json", platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    # api 2 x 730 x (0.25 x 0.04048 + 0.5 x 0.004445) = 2 x 9.010025; worker 2 x 730 x (2 x 0.04048 + 4 x 0.004445)
    # = 2 x 72.0802 -> 162.18
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 9.010025 + 2 * 72.0802, abs=1e-6)
    assert c.declared.monthly_cost == pytest.approx(162.1805, abs=1e-4)


def test_retail_store_for_each_services_get_their_own_task_definitions(prices):
    """retail-store-sample-app terraform/lib/ecs/service called with for_each over 5 services (1 vCPU / 2 GiB,
    desired_count 1 each, FARGATE): 5 services, not 5 + 4 standalone tasks; the cluster is followed through the
    module argument cluster_arn = aws_ecs_cluster.cluster.arn."""
    path = TF / "retail_store_ecs_foreach_known_logs_plan.json"
    res = import_terraform(path)
    assert [s.name for s in res.workload.services] == ["carts", "catalog", "checkout", "orders", "ui"]
    assert {(s.vcpu, s.memory_mib, s.replicas) for s in res.workload.services} == {(1, 2048, 1)}
    assert not any("no ECS service here" in n for n in res.notes)
    assert {e["cluster"] for e in res.declared["ecs_services"]} == {"retail-store-ecs-cluster"}
    c = compare(path, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    # us-west-2 Fargate rates equal us-east-1's: 5 x 730 x (1 x 0.04048 + 2 x 0.004445) = 5 x 36.0401 = 180.20
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(5 * 36.0401, abs=1e-6)
    assert c.declared.monthly_cost == pytest.approx(180.2005, abs=1e-4) and c.declared.complete


def _nested_plan() -> dict:
    """module.app["a"|"b"] each calling module.svc (no count): task definition, service and scaling target inside
    module.svc, the cluster at the root passed in as var.cluster; sizes differ per outer instance."""
    resources, rc, unknown_td = [], [], {"arn": True}
    for key, cpu, lo, hi in (("a", "256", 1, 3), ("b", "1024", 2, 10)):
        m = f'module.app["{key}"].module.svc'
        resources += [
            {"address": f"{m}.aws_ecs_task_definition.this", "mode": "managed", "type": "aws_ecs_task_definition",
             "name": "this", "values": {"family": "same", "cpu": cpu, "memory": "2048", "network_mode": "awsvpc",
                                        "requires_compatibilities": ["FARGATE"],
                                        "container_definitions": json.dumps([{"name": "c", "image": "x"}])}},
            {"address": f"{m}.aws_ecs_service.this", "mode": "managed", "type": "aws_ecs_service", "name": "this",
             "values": {"name": f"svc-{key}", "desired_count": 1, "task_definition": None, "cluster": None}},
            {"address": f"{m}.aws_appautoscaling_target.this", "mode": "managed",
             "type": "aws_appautoscaling_target", "name": "this",
             "values": {"service_namespace": "ecs", "resource_id": None, "min_capacity": lo, "max_capacity": hi}}]
        rc += [{"address": f"{m}.aws_ecs_task_definition.this", "change": {"after_unknown": unknown_td}},
               {"address": f"{m}.aws_ecs_service.this", "change": {"after_unknown": {"task_definition": True,
                                                                                      "cluster": True}}},
               {"address": f"{m}.aws_appautoscaling_target.this", "change": {"after_unknown": {"resource_id": True}}}]
    resources.append({"address": "aws_ecs_cluster.main", "mode": "managed", "type": "aws_ecs_cluster", "name": "main",
                      "values": {"name": "main"}})
    resources.append({"address": "aws_ecs_cluster_capacity_providers.main", "mode": "managed",
                      "type": "aws_ecs_cluster_capacity_providers", "name": "main", "values": {
                          "cluster_name": None, "default_capacity_provider_strategy": [
                              {"capacity_provider": "FARGATE_SPOT", "base": 0, "weight": 1}]}})
    rc.append({"address": "aws_ecs_cluster_capacity_providers.main", "change": {"after_unknown": {"cluster_name": True}}})
    by_module: dict[str, list] = {}
    for r in resources:
        by_module.setdefault(r["address"].rsplit(".", 2)[0] if r["address"].startswith("module") else "", []).append(r)
    children = [{"address": 'module.app["a"]', "child_modules": [
                    {"address": 'module.app["a"].module.svc', "resources": by_module['module.app["a"].module.svc']}]},
                {"address": 'module.app["b"]', "child_modules": [
                    {"address": 'module.app["b"].module.svc', "resources": by_module['module.app["b"].module.svc']}]}]
    svc_module = {"resources": [
        {"address": "aws_ecs_task_definition.this", "expressions": {}},
        {"address": "aws_ecs_service.this", "expressions": {
            "task_definition": {"references": ["aws_ecs_task_definition.this.arn", "aws_ecs_task_definition.this"]},
            "cluster": {"references": ["var.cluster"]}}},
        {"address": "aws_appautoscaling_target.this", "expressions": {
            "resource_id": {"references": ["var.cluster", "aws_ecs_service.this.name", "aws_ecs_service.this"]}}}]}
    conf = {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "us-east-1"}}}},
            "root_module": {
                "resources": [{"address": "aws_ecs_cluster.main", "expressions": {}},
                              {"address": "aws_ecs_cluster_capacity_providers.main", "expressions": {
                                  "cluster_name": {"references": ["aws_ecs_cluster.main.name", "aws_ecs_cluster.main"]}}}],
                "module_calls": {"app": {"for_each_expression": {"references": ["local.apps"]}, "expressions": {
                    "cluster": {"references": ["aws_ecs_cluster.main.id", "aws_ecs_cluster.main"]}}, "module": {
                    "module_calls": {"svc": {"expressions": {"cluster": {"references": ["var.cluster"]}},
                                             "module": svc_module}}}}}}}
    return {"format_version": "1.2", "terraform_version": "1.11.4",
            "planned_values": {"root_module": {"resources": by_module[""], "child_modules": children}},
            "resource_changes": rc, "configuration": conf}


def test_nested_module_instances_carry_their_keys_through_every_reference(tmp_path):
    """Task definition, scaling target and cluster (via var.cluster twice up to the root) per outer instance."""
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_nested_plan()))
    res = import_terraform(p)
    a, b = res.workload.services
    assert (a.name, a.vcpu, a.scaling.min, a.scaling.max) == ("svc-a", 0.25, 1, 3)
    assert (b.name, b.vcpu, b.scaling.min, b.scaling.max) == ("svc-b", 1, 2, 10)
    # the root cluster's default strategy reaches both services through the module arguments
    assert a.capacity_provider_strategy == b.capacity_provider_strategy == [
        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}]
    assert not any("no ECS service here" in n or "no ECS service in this input" in n for n in res.notes)


def test_address_segments_keep_keys_whole():
    from advisor.workload.importers.terraform import _parse_address, _segments, _strip_index

    assert _segments('module.a["x.y]"].module.b[0].aws_ecs_service.web["k\\"."]') == [
        "module", 'a["x.y]"]', "module", "b[0]", "aws_ecs_service", 'web["k\\"."]']
    assert _parse_address('module.a["x.y"].module.b[0].aws_ecs_service.web[3]') == (
        'module.a["x.y"].module.b[0]', "aws_ecs_service", "web", "[3]")
    assert _strip_index('module.a["x.y"].aws_ecs_service.web[3]') == "module.a.aws_ecs_service.web"


# ------------------------------------------------------------------------------------------ unknown containers


def test_unknown_container_definitions_priced_by_the_task_size(prices):
    """tf_foreach_module_unknown_containers_plan.json: the container definitions mention
    aws_cloudwatch_log_group.app.id (created by the same apply), the task cpu/memory are known: priced from them,
    with an assumption saying what the containers would have told (strict refuses it)."""
    path = TF / "tf_foreach_module_unknown_containers_plan.json"
    res = import_terraform(path)
    api, worker = res.workload.services
    assert (api.vcpu, api.memory_mib, worker.vcpu, worker.memory_mib) == (0.25, 512, 2, 4096)
    [why] = [a for a in res.assumptions if a.startswith('module.svc["worker"].aws_ecs_task_definition.this')]
    assert "container_definitions unknown until apply: priced at the task-level size, cpu '2048' and memory " \
           "'4096'" in why
    assert "GPUs (resourceRequirements: none assumed)" in why and "Linux assumed" in why
    assert "host ports" not in why  # awsvpc: no static host ports to read
    c = compare(path, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 9.010025 + 2 * 72.0802, abs=1e-6)
    r = runner.invoke(app, ["compare", "--strict", str(path), "-p", "ecs-fargate"])
    assert r.exit_code == 2 and "strict mode" in r.output and "container_definitions unknown until apply" in r.output


def test_retail_store_plan_as_written_upstream_is_priced(prices):
    """retail-store-sample-app's service module planned as upstream writes it (cloudwatch_logs_group_id =
    aws_cloudwatch_log_group.ecs_tasks.id): the whole plan was refused; now 5 x 1 vCPU / 2 GiB = $180.20."""
    path = TF / "retail_store_ecs_foreach_plan.json"
    c = compare(path, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(5 * 36.0401, abs=1e-6)
    assert c.declared.monthly_cost == pytest.approx(180.2005, abs=1e-4)


@pytest.mark.parametrize("values,unknown,fragment", [
    ({"cpu": None}, {"cpu": True}, "and the task-level cpu is unknown until apply, so advisor cannot tell the task's "
                                   "size"),
    ({"memory": None}, {}, "and the task-level memory is not set, so"),
    ({"cpu": None, "memory": None}, {}, "cpu is not set and memory is not set"),
])
def test_unknown_container_definitions_without_a_task_size_exit_2(tmp_path, values, unknown, fragment):
    doc = _tf_task(cpu="256", unknown={"container_definitions": True, **unknown})
    doc["planned_values"]["root_module"]["resources"][0]["values"].update(container_definitions=None, **values)
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert "aws_ecs_task_definition.web: container_definitions: is unknown until apply (it mentions a value this " \
           "apply creates" in out
    assert fragment in out and "Set the task definition's cpu and memory from known values" in out


def test_unknown_container_definitions_bridge_mode_names_host_ports(tmp_path):
    doc = _tf_task(cpu="256", unknown={"container_definitions": True})
    doc["planned_values"]["root_module"]["resources"][0]["values"].update(container_definitions=None,
                                                                          network_mode="bridge")
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    res = import_terraform(p)
    assert any("static host ports (portMappings: none assumed)" in a for a in res.assumptions)


# ------------------------------------------------------------------------------------------ region


def test_region_from_a_data_aws_region_recorded_at_plan_time(prices):
    """terraform-aws-ecs examples/fargate: provider "aws" { region = local.region } (eu-west-1). The configuration
    holds only references: ["local.region"]; module.ecs_service.data.aws_region.current recorded name eu-west-1."""
    path = TF / "tfecs_fargate_example_plan.json"
    res = import_terraform(path)
    assert res.region == "eu-west-1"
    assert not any("us-east-1 assumed" in a for a in res.assumptions)
    assert any("region eu-west-1, as module.ecs_service.data.aws_region.current (and 2 more) recorded it at plan "
               "time" in n for n in res.notes)
    assert import_terraform(path, region="us-east-2").region == "us-east-2"  # --region overrides
    svc = res.workload.services[0]
    assert (svc.vcpu, svc.memory_mib, svc.scaling.average) == (1, 4096, 5.5)
    c = compare(path, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    # eu-west-1 Fargate x86 rates equal us-east-1's: 5.5 tasks x 730 x (1 x 0.04048 + 4 x 0.004445) = 233.91
    assert c.workload.region == "eu-west-1"
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(5.5 * 730 * (0.04048 + 4 * 0.004445), abs=1e-6)


def _region_plan(provider_region: dict, recorded: list[tuple[str, dict, str | None]]) -> dict:
    doc = _plan(_tf_fargate())
    doc["configuration"]["provider_config"]["aws"]["expressions"]["region"] = provider_region
    doc["prior_state"] = {"values": {"root_module": {"resources": [
        {"address": f"data.aws_region.{name}", "mode": "data", "type": "aws_region", "name": name, "values": values}
        for name, values, _ in recorded]}}}
    doc["configuration"]["root_module"]["resources"] = [
        {"address": f"data.aws_region.{name}", "mode": "data", "type": "aws_region", "expressions": {},
         **({"provider_config_key": key} if key else {})} for name, _, key in recorded]
    return doc


def test_region_recorded_rules(tmp_path):
    p = tmp_path / "plan.json"
    local = {"references": ["local.region"]}
    # aws provider 6 writes region (name is deprecated)
    p.write_text(json.dumps(_region_plan(local, [("current", {"region": "ap-southeast-2"}, "aws")])))
    assert import_terraform(p).region == "ap-southeast-2"
    # a constant in the provider block comes first
    p.write_text(json.dumps(_region_plan({"constant_value": "us-west-2"}, [("current", {"name": "eu-west-1"}, None)])))
    assert import_terraform(p).region == "us-west-2"
    # an aliased provider's data source says nothing about the default provider
    p.write_text(json.dumps(_region_plan(local, [("other", {"name": "eu-west-1"}, "aws.replica")])))
    res = import_terraform(p)
    assert res.region == "us-east-1" and any("us-east-1 assumed (give --region)" in a for a in res.assumptions)
    # several regions: the most recorded, and said so as an assumption (strict refuses it)
    p.write_text(json.dumps(_region_plan(local, [("a", {"name": "eu-west-1"}, None), ("b", {"name": "eu-west-1"}, None),
                                                 ("c", {"name": "us-west-2"}, None)])))
    res = import_terraform(p)
    assert res.region == "eu-west-1"
    assert any("data.aws_region and data.aws_availability_zones sources record 2 regions (eu-west-1: "
               "data.aws_region.a (and 1 more); us-west-2: data.aws_region.c): eu-west-1, recorded most often, assumed; give --region to choose" in a
               for a in res.assumptions)
    r = runner.invoke(app, ["compare", "--strict", str(p), "-p", "ecs-fargate"])
    assert r.exit_code == 2 and "record 2 regions" in " ".join(r.output.split())


@pytest.mark.parametrize("manifest, problem", [
    ("[" * 3000 + "]" * 3000, "could not be read"),  # a RecursionError traceback before
    ('{"artifacts": {"A": {"type": "aws:cloudformation:stack", "environment": "aws://1/xx-fake-9", '
     '"properties": {"templateFile": "App.template.json"}}}}', "'xx-fake-9', which is not an AWS region"),
    ('{"artifacts": {"A": {"type": "aws:cloudformation:stack", "environment": "aws://1/eu-west-1", '
     '"properties": {"templateFile": "App.template.json"}}, "B": {"type": "aws:cloudformation:stack", '
     '"environment": "aws://1/us-west-2", "properties": {"templateFile": "App.template.json"}}}}',
     "with different environments"),
])
def test_cdk_manifest_that_cannot_give_the_region_is_named_in_the_assumption(tmp_path, manifest, problem):
    template = {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
        "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]}}}}
    (tmp_path / "App.template.json").write_text(json.dumps(template))
    (tmp_path / "manifest.json").write_text(manifest)
    res = import_cloudformation(str(tmp_path / "App.template.json"))
    assert res.region == "us-east-1"
    assert any(problem in a and "us-east-1 assumed" in a for a in res.assumptions)


def test_cdk_construct_names_never_take_an_explicit_service_name(tmp_path):
    """A construct id ('WebService') equal to another service's ServiceName renamed the real 'WebService', and its
    scaling target (service/<import>/WebService, 4-20 tasks) was ignored: 3 tasks priced instead of 12 on average."""
    def svc(lid, path, extra):
        return lid, {"Type": "AWS::ECS::Service", "Metadata": {"aws:cdk:path": path}, "Properties": {
            "Cluster": {"Fn::ImportValue": "C"}, "LaunchType": "FARGATE", "TaskDefinition": {"Ref": "Task"}, **extra}}
    resources = dict([svc("WebService123ABC", "App/WebService/Service/Service", {"DesiredCount": 2}),
                      svc("ApiServiceDEF456", "App/Api/Service/Service", {"DesiredCount": 3,
                                                                          "ServiceName": "WebService"})])
    resources["Task"] = {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
        "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]}}
    resources["Target"] = {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
        "ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 4,
        "MaxCapacity": 20, "ResourceId": {"Fn::Join": ["/", ["service", {"Fn::ImportValue": "C"}, "WebService"]]}}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"Resources": resources}))
    res = import_cloudformation(str(path))
    by_name = {s.data["name"]: s.data for s in res.services}
    assert by_name["WebService"]["scaling"]["average"] == 12  # the service the template names WebService
    assert by_name["WebService123ABC"]["replicas"] == 2       # its construct id is taken: the logical id names it


def test_a_recorded_region_that_is_no_region_code_is_named(tmp_path):
    """A data.aws_region that recorded 'EU-WEST-1' was passed over with "nor recorded by a data.aws_region source"."""
    plan = json.loads((TF / "tfecs_fargate_example_plan.json").read_text())
    text = json.dumps(plan).replace('"eu-west-1"', '"EU-WEST-1"')
    path = tmp_path / "plan.json"
    path.write_text(text)
    res = import_terraform(path)
    assert res.region == "us-east-1"
    assert any("recorded 'EU-WEST-1', which is not an AWS region code (did you mean 'eu-west-1'?)" in a
               and "us-east-1 assumed" in a for a in res.assumptions)


# ------------------------------------------------------------------------------------------ EC2 capacity as declared


def _estate(path, prices, as_of="2026-06-01", **kw):
    """An input priced as declared, as 'advisor diff' prices an infrastructure-only one, with the EKS support tier
    judged on ``as_of`` (1.34 leaves standard support on 2026-12-02)."""
    from advisor.workload.model import DeclaredEstate, Workload

    kind = "terraform" if str(path).endswith(".json") else "cloudformation"
    res = (import_terraform if kind == "terraform" else import_cloudformation)(path, allow_empty=True, as_of=as_of, **kw)
    w = Workload.model_construct(name="estate", region=res.region, monthly_hours=730.0, services=[], shared=None,
                                 declared=DeclaredEstate.model_validate(res.declared))
    return price_declared(w, prices), res


def _monthly(d) -> dict[str, float]:
    return {ln.name: round(ln.monthly_cost, 4) for ln in d.estimate.lines}


def test_declared_groups_price_volume_types_and_list_what_the_data_cannot_price(prices):
    """The synthetic EKS plan's node group (6 x m5.xlarge, 50 GiB) with a gp2 root, two more volumes, Windows nodes
    or dedicated tenancy: gp2 at its own rate, io1 and Windows / dedicated instances listed as not priced."""
    w = import_terraform(IAC / "synthetic" / "tf_eks_plan.json", as_of="2025-06-01").workload
    (g,) = w.declared.node_groups

    def priced(**update):
        groups = [type(g).model_validate({**g.model_dump(), **update})]
        return price_declared(w.model_copy(update={"declared": w.declared.model_copy(update={"node_groups": groups})}),
                              prices)

    d = priced(volume_type="gp2", volumes=[{"device": "/dev/xvdb", "size_gib": 100, "volume_type": "gp3"},
                                          {"device": "/dev/xvdc", "size_gib": 20, "volume_type": "io1"}])
    lines = _monthly(d)
    assert lines[f"EBS root volume (gp2, 50 GiB per instance, {g.name})"] == 30.0  # 6 x 50 x $0.10
    assert lines[f"EBS volume /dev/xvdb (gp3, 100 GiB per instance, {g.name})"] == 48.0  # 6 x 100 x $0.08
    assert not d.complete
    assert [(u.service, u.reason) for u in d.estimate.unsupported] == [(g.name, (
        "its EBS volume /dev/xvdc per instance is io1, which the bundled data does not price (ebs_rates has gp2 and "
        "gp3; io1 and io2 also bill provisioned IOPS)"))]
    for update, word in (({"os": "windows", "capacity_type": "spot"}, "Windows Spot nodes"),
                         ({"tenancy": "dedicated"}, "dedicated tenancy"), ({"tenancy": "host"}, "Dedicated Hosts")):
        d = priced(**update)
        (u,) = d.estimate.unsupported
        assert u.service == g.name and word in u.reason and "not priced" in u.reason
        assert not any(ln.name.startswith("Instance usage") for ln in d.estimate.lines)
        assert _monthly(d)[f"EBS root volume (gp2, 50 GiB per instance, {g.name})"] == 30.0  # volumes still priced


WINDOWS_M5XL_OFFER = Path(__file__).resolve().parent / "fixtures" / "pricelist_real" / \
    "AmazonEC2_us-east-1_m5.xlarge_substrate.excerpt.json"


def test_declared_windows_group_is_priced_from_fetched_windows_prices_only(tmp_path, prices):
    """The synthetic EKS plan's group (6 x m5.xlarge, us-east-1) as Windows nodes: with the bundled data alone the
    instances miss their Windows price and the message gives the fetch that fills it (never the Linux $0.192); after
    importing the real us-east-1 offer rows (m5.xlarge Windows licence-included $0.376, RunInstances:0002) they are
    priced at it: 6 x 730 x $0.376 = $1,646.88 (Linux would be $840.96), with no Savings Plan coverage (the data's
    Savings Plans rates are Linux ones)."""
    from advisor.pricing.book import BUNDLED_DIR, PriceBook
    from advisor.pricing.refresh import import_offer

    w = import_terraform(IAC / "synthetic" / "tf_eks_plan.json", as_of="2025-06-01").workload
    (g,) = w.declared.node_groups
    win = w.model_copy(update={"declared": w.declared.model_copy(update={"node_groups": [
        type(g).model_validate({**g.model_dump(), "os": "windows"})]})})
    d = price_declared(win, prices)
    assert not d.complete and not d.estimate.unsupported
    assert not any(ln.name.startswith("Instance usage") for ln in d.estimate.lines)
    assert d.estimate.missing_prices == [
        f"{g.name}: missing price data: EC2 Windows (licence-included) On-Demand price of m5.xlarge in us-east-1 (table "
        "ec2_windows_prices); the data has no Windows EC2 prices for us-east-1 (the bundled snapshot has none). Run "
        "'advisor pricing fetch --region us-east-1 --services AmazonEC2' (no credentials needed). No price is borrowed "
        "from another region or from the Linux price."]
    user = tmp_path / "user"
    import_offer(WINDOWS_M5XL_OFFER, data_dir=user, floors={"ec2_prices": 1})
    d = price_declared(win, PriceBook(data_dirs=[user, BUNDLED_DIR]))
    (line,) = [ln for ln in d.estimate.lines if ln.name.startswith("Instance usage")]
    assert (line.name, line.unit_price, round(line.monthly_cost, 2), line.os) == (
        f"Instance usage (on-demand, m5.xlarge) x 6 ({g.name})", 0.376, 1646.88, "windows")
    assert line.commitments == ()
    assert line.as_of == "2026-09-10" and "RunInstances:0002" in line.source


def test_eks_node_group_instance_type_and_root_volume_from_its_launch_template(prices):
    """eks_ng_launch_template.tf: no instance_types and no disk_size (the form EKS requires when the launch template
    sets them), the launch template m5.xlarge with a 100 GiB gp3 root. EKS CreateNodegroup: "If you don't specify
    an instance type in a launch template or for instanceTypes, then t3.medium is used" -- here the template does."""
    d, res = _estate(TF / "eks_ng_launch_template_plan.json", prices)
    # 3 x 730 x $0.192 = 420.48; 3 x 100 GiB x $0.08 = 24.00; control plane 730 x $0.10 = 73.00 (1.34, standard)
    assert _monthly(d) == {"Instance usage (on-demand, m5.xlarge) x 3 (ng)": 420.48,
                           "EBS root volume (gp3, 100 GiB per instance, ng)": 24.0,
                           "EKS control plane (standard support, c)": 73.0}
    assert d.monthly_cost == pytest.approx(517.48) and d.complete  # was t3.medium x 3 + 20 GiB: $168.90
    assert "aws_eks_node_group.ng: instance type m5.xlarge from its launch template aws_launch_template.lt" in res.notes
    assert not any("t3.medium" in a or "20 GiB" in a for a in res.assumptions)


def test_diff_sees_a_launch_template_change(prices, monkeypatch):
    """The launch template changed to m5.4xlarge and 500 GiB: 3 x 730 x $0.768 = 1,681.92 + 3 x 500 x $0.08 = 120.00
    + 73.00 = $1,874.92, +$1,357.44 a month (it was reported 'unchanged')."""
    from advisor.compare import declared as declared_module
    from advisor.compare.diff import diff

    monkeypatch.setattr(declared_module, "_today", lambda: "2026-06-01")
    before, after = TF / "eks_ng_launch_template_plan.json", TF / "eks_ng_launch_template_4xlarge_plan.json"
    d = diff(before, after, prices=prices)
    assert (d.declared.before, d.declared.after, d.declared.change) == (517.48, 1874.92, 1357.44)
    r = runner.invoke(app, ["diff", str(before), str(after), "--fail-above", "100"])
    assert r.exit_code == 1, r.output


def test_eks_node_group_launch_templates_by_name_without_a_type_and_not_in_the_plan(prices):
    d, res = _estate(TF / "eks_ng_launch_templates_plan.json", prices)
    lines = _monthly(d)
    # by_name (launch_template.name = aws_launch_template.by_name.name): 2 x m5.large 2 x 730 x $0.096 = 140.16,
    # root gp2 2 x 50 x $0.10 = 10.00, data volume /dev/xvdb gp3 2 x 100 x $0.08 = 16.00
    assert lines["Instance usage (on-demand, m5.large) x 2 (by-name)"] == 140.16
    assert lines["EBS root volume (gp2, 50 GiB per instance, by-name)"] == 10.0
    assert lines["EBS volume /dev/xvdb (gp3, 100 GiB per instance, by-name)"] == 16.0
    # no_type: the template sets only a 40 GiB root -> t3.medium 730 x $0.0416 = 30.368; 40 x $0.08 = 3.20
    assert lines["Instance usage (on-demand, t3.medium) x 1 (no-type)"] == 30.368
    assert lines["EBS root volume (gp3, 40 GiB per instance, no-type)"] == 3.2
    # external: a template id of another configuration -> EKS's defaults, t3.medium and 20 GiB: 30.368 + 1.60
    assert lines["Instance usage (on-demand, t3.medium) x 1 (external)"] == 30.368
    assert lines["EBS root volume (gp3, 20 GiB per instance, external)"] == 1.6
    assert d.monthly_cost == pytest.approx(140.16 + 10 + 16 + 30.368 + 3.2 + 30.368 + 1.6 + 73.0)
    assumed = "\n".join(res.assumptions)
    assert ("aws_eks_node_group.external: its launch template 'lt-0123456789abcdef0' (var.shared_launch_template_id) "
            "is not declared in this plan") in assumed
    assert ("aws_eks_node_group.no_type: no instance types declared (or unknown until apply), nor by its launch "
            "template aws_launch_template.no_type: EKS's default t3.medium assumed") in assumed
    assert any("aws_launch_template.no_type: no volume type for /dev/xvda: priced as gp3" in n for n in res.notes)


def test_eks_node_group_launch_template_from_a_data_source_is_an_assumption(tmp_path, prices):
    """The reproducer plan rewritten as if the template were read with data.aws_launch_template (its contents are
    then not in the plan): never silently t3.medium; the assumption names the data source."""
    doc = json.loads((TF / "eks_ng_launch_template_plan.json").read_text())
    root = doc["planned_values"]["root_module"]
    root["resources"] = [r for r in root["resources"] if r["type"] != "aws_launch_template"]
    conf = doc["configuration"]["root_module"]["resources"]
    conf[:] = [r for r in conf if r["type"] != "aws_launch_template"]
    (ng,) = [r for r in conf if r["type"] == "aws_eks_node_group"]
    ng["expressions"]["launch_template"] = [{
        "id": {"references": ["data.aws_launch_template.shared.id", "data.aws_launch_template.shared"]},
        "version": {"references": ["data.aws_launch_template.shared.latest_version", "data.aws_launch_template.shared"]}}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    d, res = _estate(p, prices)
    assert ("aws_eks_node_group.ng: its launch template is the data source data.aws_launch_template.shared, whose "
            "instance type and volumes this plan does not record") in "\n".join(res.assumptions)
    r = runner.invoke(app, ["diff", str(p), str(p), "--strict"])
    assert r.exit_code == 2 and "data.aws_launch_template.shared" in r.output.replace("\n", " ")


def test_cloudformation_node_group_launch_template_shares_the_reader(tmp_path, prices):
    """The CloudFormation importer reads a node group's launch template with the same rules: the root mapping
    (/dev/xvda or /dev/sda1) sets the root volume, any other EBS mapping adds one; a template it cannot see (an
    import from another stack) is an assumption naming it."""
    p = tmp_path / "t.yaml"
    p.write_text(textwrap.dedent("""\
        Resources:
          Cluster: {Type: AWS::EKS::Cluster, Properties: {Name: c, Version: "1.34"}}
          Lt:
            Type: AWS::EC2::LaunchTemplate
            Properties:
              LaunchTemplateData:
                InstanceType: m5.xlarge
                BlockDeviceMappings:
                  - {DeviceName: /dev/sdf, Ebs: {VolumeSize: 10, VolumeType: gp2}}
                  - {DeviceName: /dev/sda1, Ebs: {VolumeSize: 100, VolumeType: gp3}}
          Ng:
            Type: AWS::EKS::Nodegroup
            Properties:
              ClusterName: !Ref Cluster
              ScalingConfig: {DesiredSize: 3}
              LaunchTemplate: {Id: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
          Other:
            Type: AWS::EKS::Nodegroup
            Properties:
              ClusterName: !Ref Cluster
              ScalingConfig: {DesiredSize: 1}
              LaunchTemplate: {Id: !ImportValue shared-lt}
        """))
    d, res = _estate(p, prices)
    lines = _monthly(d)
    # Ng: 3 x m5.xlarge 420.48; root 3 x 100 x $0.08 = 24.00; /dev/sdf 3 x 10 x $0.10 = 3.00
    assert lines["Instance usage (on-demand, m5.xlarge) x 3 (Ng)"] == 420.48
    assert lines["EBS root volume (gp3, 100 GiB per instance, Ng)"] == 24.0
    assert lines["EBS volume /dev/sdf (gp2, 10 GiB per instance, Ng)"] == 3.0
    # Other: EKS's defaults, t3.medium and 20 GiB, with the reason
    assert lines["Instance usage (on-demand, t3.medium) x 1 (Other)"] == 30.368
    assert any(a.startswith("Other: its launch template !ImportValue shared-lt is not an AWS::EC2::LaunchTemplate of "
                            "this template") for a in res.assumptions)


def test_windows_eks_node_group_is_not_priced_as_linux(prices):
    """eks_ng_windows.tf: ami_type WINDOWS_CORE_2022_x86_64, 2 x t3.medium. EC2 bills Windows instances at the Windows
    price, which the bundled data lacks: the instances miss their price (never the Linux $0.0416) and the message
    names the fetch that fills it, and its root volumes take EKS's Windows default, "The default disk size is 50 GiB
    for Windows" (CreateNodegroup diskSize)."""
    d, res = _estate(TF / "eks_ng_windows_plan.json", prices)
    # priced part: 2 x 50 GiB gp2 (no launch template) x $0.10 = 10.00 + control plane 73.00; the instances are not
    # priced
    assert _monthly(d) == {"EBS root volume (gp2, 50 GiB per instance, win)": 10.0,
                           "EKS control plane (standard support, c)": 73.0}
    assert not d.complete
    assert not d.estimate.unsupported
    assert d.estimate.missing_prices == [
        "win: missing price data: EC2 Windows (licence-included) On-Demand price of t3.medium in us-east-1 (table "
        "ec2_windows_prices); the data has no Windows EC2 prices for us-east-1 (the bundled snapshot has none). Run "
        "'advisor pricing fetch --region us-east-1 --services AmazonEC2' (no credentials needed). No price is borrowed "
        "from another region or from the Linux price."]
    assert any(n.startswith("aws_eks_node_group.win: AMI type WINDOWS_CORE_2022_x86_64: Windows nodes") for n in res.notes)
    assert any("EKS's default for Windows, 50 GiB, assumed" in a for a in res.assumptions)
    # 'advisor diff' has no declared total for it, and says why (it was $136.94, Linux-priced, before)
    r = runner.invoke(app, ["diff", str(TF / "eks_ng_windows_plan.json"), str(TF / "eks_ng_windows_plan.json")])
    assert r.exit_code == 2
    assert ("BEFORE: as declared, missing price data: win: missing price data: EC2 Windows (licence-included) "
            "On-Demand price of t3.medium in us-east-1 (table ec2_windows_prices)") in r.output.replace("\n", " ")
    assert "Run 'advisor pricing fetch --region us-east-1 --services AmazonEC2'" in r.output.replace("\n", " ")


def test_bottlerocket_node_group_says_its_second_volume_is_not_priced(tmp_path, prices):
    """A managed node group of a Bottlerocket AMI type without a launch template: Bottlerocket maps two EBS volumes
    (the OS on /dev/xvda, containers and logs on /dev/xvdb; bottlerocket-os/bottlerocket ImageLayout), and AWS does
    not document which one diskSize sizes. The group is priced with one 20 GiB gp2 volume (EKS's Linux default) per
    node, and the assumption names the unpriced second volume instead of passing over it."""
    plan = tmp_path / "br_plan.json"
    plan.write_text((TF / "eks_ng_windows_plan.json").read_text().replace("WINDOWS_CORE_2022_x86_64",
                                                                           "BOTTLEROCKET_x86_64"))
    d, res = _estate(plan, prices)
    assert d.complete and _monthly(d)["EBS root volume (gp2, 20 GiB per instance, win)"] == 4.0  # 2 x 20 x $0.10
    assert [a for a in res.assumptions if "Bottlerocket" in a] == [
        "aws_eks_node_group.win: AMI type BOTTLEROCKET_x86_64: Bottlerocket nodes have a second EBS volume (an OS "
        "volume of about 2 GiB, or the 20 GiB data volume), which is not priced: the group is priced with the one "
        "volume of its disk size. Declare both in a launch template's block_device_mappings to price them"]


def test_cloudformation_windows_node_group(tmp_path, prices):
    p = tmp_path / "t.yaml"
    p.write_text(textwrap.dedent("""\
        Resources:
          Ng:
            Type: AWS::EKS::Nodegroup
            Properties:
              ClusterName: c
              AmiType: WINDOWS_FULL_2019_x86_64
              InstanceTypes: [m5.large]
              ScalingConfig: {DesiredSize: 1}
        """))
    d, res = _estate(p, prices)
    assert [m.split(": ")[0] for m in d.estimate.missing_prices] == ["Ng"]  # its Windows price: not bundled
    assert _monthly(d) == {"EBS root volume (gp2, 50 GiB per instance, Ng)": 5.0}  # 50 GiB gp2 x $0.10


def test_auto_scaling_groups_volumes_tenancy_and_mixed_instances(prices):
    """eks_self_managed_asgs.tf (groups of Infracost's autoscaling_group_test, beside an EKS cluster): the launch
    template's / configuration's volumes are priced, dedicated tenancy and io1 are listed as not priced (the bundled
    data is Linux shared tenancy, gp2/gp3), and a mixed instances policy is priced with a stated assumption."""
    d, res = _estate(TF / "eks_self_managed_asgs_plan.json", prices)
    lines = _monthly(d)
    g = "aws_autoscaling_group."
    # asg_lc_basic: 2 x t2.medium 2 x 730 x $0.0464 = 67.744; root_block_device 10 GiB and ebs_block_device xvdf,
    # xvdg 10 GiB each: 2 x 10 x $0.08 = 1.60 each
    assert lines[f"Instance usage (on-demand, t2.medium) x 2 ({g}asg_lc_basic)"] == 67.744
    for what in ("EBS root volume", "EBS volume xvdf", "EBS volume xvdg"):
        assert lines[f"{what} (gp3, 10 GiB per instance, {g}asg_lc_basic)"] == 1.6
    # asg_lt_basic: 67.744; the AMI's root (20 GiB EKS) 3.20; xvdf 10 GiB 1.60; xvfa io1 20 GiB not priced
    assert lines[f"EBS root volume (gp3, 20 GiB per instance, {g}asg_lt_basic)"] == 3.2
    assert lines[f"EBS volume xvdf (gp3, 10 GiB per instance, {g}asg_lt_basic)"] == 1.6
    # asg_lt_root: the template maps /dev/xvda, the root: 3 x t3.medium 91.104; gp2 3 x 50 x $0.10 = 15.00
    assert lines[f"EBS root volume (gp2, 50 GiB per instance, {g}asg_lt_root)"] == 15.0
    # dedicated tenancy (launch configuration placement_tenancy, launch template placement.tenancy): not priced
    # (was 2 x m3.medium at the shared $0.067 = 97.82 each, silently); their root volumes 2 x 20 x $0.08 = 3.20
    assert not any(n.startswith("Instance usage") and "tenancy_dedicated" in n for n in lines)
    unpriced = {(u.service.removeprefix(g), u.reason.split(":")[0].split(",")[0]) for u in d.estimate.unsupported}
    assert unpriced == {("asg_lc_tenancy_dedicated", "dedicated tenancy"), ("asg_lt_tenancy_dedicated", "dedicated tenancy"),
                        ("asg_lt_basic", "its EBS volume xvfa per instance is io1")}
    # mixed instances: desired 6 capacity units, first override t2.large weighs 2 -> 3 x t2.large 3 x 730 x $0.0928
    # = 203.232 (root 3 x 20 x $0.08 = 4.80); the dynamic overrides (no weights): 3 x t2.large; no override: the
    # launch template's t2.medium, 4 x 730 x $0.0464 = 135.488, half the capacity above the base is Spot in fact
    assert lines[f"Instance usage (on-demand, t2.large) x 3 ({g}asg_mixed_instance_basic)"] == 203.232
    assert lines[f"Instance usage (on-demand, t2.large) x 3 ({g}asg_mixed_instance_dynamic)"] == 203.232
    assert lines[f"Instance usage (on-demand, t2.medium) x 4 ({g}asg_mixed_spot)"] == 135.488
    assumed = "\n".join(res.assumptions)
    assert (f"{g}asg_mixed_instance_basic: mixed instances policy: priced as 3 x t2.large, the first override") in assumed
    assert "desired capacity 6 is in capacity units and t2.large weighs 2, all On-Demand" in assumed
    assert (f"{g}asg_mixed_spot: mixed instances policy: priced as 4 x t2.medium, its launch template's type, all "
            "On-Demand; 50% of the capacity above the On-Demand base (1) runs on Spot, which this estimate does not "
            "model") in assumed
    # priced part: instances 67.744 x 2 + 91.104 + 203.232 x 2 + 135.488; volumes 1.60 x 3 + 3.20 x 3 + 1.60 + 15.00
    # + 4.80 x 2 + 6.40; control plane 73.00
    assert d.monthly_cost == pytest.approx(67.744 * 2 + 91.104 + 203.232 * 2 + 135.488 + 1.6 * 3 + 3.2 * 3 + 1.6 + 15.0
                                           + 4.8 * 2 + 6.4 + 73.0)
    assert not d.complete


def test_cloudformation_auto_scaling_groups_volumes_tenancy_and_mixed_instances(tmp_path, prices):
    p = tmp_path / "t.yaml"
    p.write_text(textwrap.dedent("""\
        Resources:
          Cluster: {Type: AWS::ECS::Cluster}
          Lc:
            Type: AWS::AutoScaling::LaunchConfiguration
            Properties:
              InstanceType: m5.large
              PlacementTenancy: dedicated
              BlockDeviceMappings: [{DeviceName: /dev/xvda, Ebs: {VolumeSize: 40, VolumeType: gp2}}]
          Dedicated:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties: {LaunchConfigurationName: !Ref Lc, MinSize: "1", MaxSize: "2", DesiredCapacity: "2"}
          Lt:
            Type: AWS::EC2::LaunchTemplate
            Properties:
              LaunchTemplateData:
                InstanceType: t3.medium
                BlockDeviceMappings: [{DeviceName: /dev/xvdb, Ebs: {VolumeSize: 100, VolumeType: gp3}}]
          Mixed:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties:
              MinSize: "0"
              MaxSize: "4"
              DesiredCapacity: "2"
              MixedInstancesPolicy:
                LaunchTemplate:
                  LaunchTemplateSpecification: {LaunchTemplateId: !Ref Lt, Version: !GetAtt Lt.LatestVersionNumber}
                  Overrides: [{InstanceType: m5.large}, {InstanceType: m5a.large}]
        """))
    d, res = _estate(p, prices)
    lines = _monthly(d)
    # Dedicated: instances not priced; root /dev/xvda gp2 2 x 40 x $0.10 = 8.00
    assert [(u.service, u.reason.split(":")[0]) for u in d.estimate.unsupported] == [("Dedicated", "dedicated tenancy")]
    assert lines["EBS root volume (gp2, 40 GiB per instance, Dedicated)"] == 8.0
    # Mixed: 2 x m5.large 2 x 730 x $0.096 = 140.16; the ECS AMI's root 2 x 30 x $0.08 = 4.80; /dev/xvdb 2 x 100 x
    # $0.08 = 16.00
    assert lines["Instance usage (on-demand, m5.large) x 2 (Mixed)"] == 140.16
    assert lines["EBS root volume (gp3, 30 GiB per instance, Mixed)"] == 4.8
    assert lines["EBS volume /dev/xvdb (gp3, 100 GiB per instance, Mixed)"] == 16.0
    assert any(a.startswith("Mixed: mixed instances policy: priced as 2 x m5.large, the first override") for a in
               res.assumptions)


# ------------------------------------------------------------------------------------------ ECS services


def _without(doc: dict, *addresses: str) -> dict:
    """A plan without some resources (planned values, changes and configuration): a test's way to isolate a case."""
    doc["planned_values"]["root_module"]["resources"] = [
        r for r in doc["planned_values"]["root_module"]["resources"] if r["address"] not in addresses]
    doc["resource_changes"] = [r for r in doc["resource_changes"] if r["address"] not in addresses]
    conf = doc["configuration"]["root_module"]["resources"]
    conf[:] = [r for r in conf if r["address"] not in addresses]
    return doc


def test_two_task_definitions_of_one_family_are_named_not_resolved_silently(tmp_path, prices):
    """Infracost's ecs_service_test (awsvpc variant): aws_ecs_task_definition.ecs_task (1 vCPU / 2 GB) and .task_set
    (2 vCPU / 4 GB) both have family ecs_task1; aws_ecs_service.ecs_fargate11_family names the family
    (task_definition = aws_ecs_task_definition.ecs_task.family). ECS runs the family's latest ACTIVE revision,
    which the plan does not fix: the reference's own resource is used, and an assumption names both."""
    doc = _without(json.loads((TF / "infracost_ecs_service_test_awsvpc_plan.json").read_text()),
                   "aws_ecs_service.task_set", "aws_ecs_task_set.task_set")  # the task-set service: its own test
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    res = import_terraform(p)
    svc = next(s for s in res.workload.services if s.name == "ecs_fargate1_family")
    assert (svc.vcpu, svc.memory_mib) == (1, 2048)  # was 2 vCPU / 4 GB, the last declared, silently
    assert ("aws_ecs_service.ecs_fargate11_family: its task definition 'ecs_task1' names family 'ecs_task1', which 2 "
            "task definitions of this input declare (aws_ecs_task_definition.ecs_task, aws_ecs_task_definition."
            "task_set); ECS runs the family's latest ACTIVE revision and the input does not fix which registers last: "
            "aws_ecs_task_definition.ecs_task assumed (the one its reference names). Give each task definition its "
            "own family, or name the revision to run (family:revision or its ARN).") in res.assumptions
    d = price_declared(res.workload, prices)
    # FARGATE, 1 task of 1 vCPU / 2 GB: 730 x $0.04048 + 2 x 730 x $0.004445 = 29.5504 + 6.4897 = 36.0401 (Infracost
    # prices the same; it was 2 vCPU / 4 GB, $72.08)
    assert sum(ln.monthly_cost for ln in d.estimate.lines if ln.service == "ecs_fargate1_family") == \
        pytest.approx(36.0401, abs=1e-4)


def test_service_whose_tasks_come_from_a_task_set(tmp_path, prices):
    """Infracost's ecs_service_test: aws_ecs_service.task_set (FARGATE, desired 2) has no task_definition; its tasks
    come from aws_ecs_task_set.task_set (task definition .task_set, 2 vCPU / 4 GB, no scale). It exited 2 with
    'task_definition: is unknown' although the value is not set. Priced as the task set: its scale, a per cent of
    the service's desired count, is not set (ECS documents no default): 100%, an assumption."""
    res = import_terraform(TF / "infracost_ecs_service_test_awsvpc_plan.json")
    svc = next(s for s in res.workload.services if s.name == "task-set")
    assert (svc.vcpu, svc.memory_mib, svc.replicas) == (2, 4096, 2)
    assumed = "\n".join(res.assumptions)
    assert ("aws_ecs_task_set.task_set: scale not set (or unknown until apply): 100% of aws_ecs_service.task_set's "
            "desired count assumed (its only task set; ECS documents no default)") in assumed
    assert ("aws_ecs_task_set.task_set: launch type and capacity-provider strategy not set (or unknown until apply): "
            "the service's (FARGATE) assumed") in assumed
    d = price_declared(res.workload, prices)
    # 2 tasks x 730 h x (2 x $0.04048 + 4 x $0.004445) = 118.2016 + 25.9588 = 144.1604 (Infracost: $118.20 + $25.96)
    assert sum(ln.monthly_cost for ln in d.estimate.lines if ln.service == "task-set") == pytest.approx(144.1604)
    # a scale of 50%: ECS runs ceil(2 x 50%) = 1 task ("The result is always rounded up", TaskSet computedDesiredCount)
    doc = json.loads((TF / "infracost_ecs_service_test_awsvpc_plan.json").read_text())
    (ts,) = [r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] == "aws_ecs_task_set"]
    ts["values"]["scale"] = [{"unit": "PERCENT", "value": 50}]
    for rc in doc["resource_changes"]:
        if rc["type"] == "aws_ecs_task_set":
            rc["change"]["after_unknown"].pop("scale")
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    half = next(s for s in import_terraform(p).workload.services if s.name == "task-set")
    assert half.replicas == 1
    # a scale written as text is read only as ASCII digits (Python's float() takes '٥٠', Arabic-Indic 50)
    ts["values"]["scale"] = [{"unit": "PERCENT", "value": "\u0665\u0660"}]
    p.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match=r"aws_ecs_task_set.task_set: scale.value: '٥٠' is not valid"):
        import_terraform(p)


def test_service_without_a_task_definition_or_task_set_says_it_is_not_set(tmp_path):
    """The same service without its task set: the message says the task definition is not set (it said 'is
    unknown'), and how to fix it."""
    doc = _without(json.loads((TF / "infracost_ecs_service_test_plan.json").read_text()), "aws_ecs_task_set.task_set")
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["compare", str(p)])
    assert r.exit_code == 2
    assert ("aws_ecs_service.task_set: task_definition: is not set, and no task set (aws_ecs_task_set / "
            "AWS::ECS::TaskSet) of this input names this service; ECS runs a service's tasks from its task "
            "definition, or from task sets under the EXTERNAL deployment controller. Set the service's task "
            "definition, or declare its task set here.") in " ".join(r.output.split())


def test_cloudformation_task_sets_split_the_desired_count(tmp_path, prices):
    """Two AWS::ECS::TaskSet of one service (EXTERNAL deployment controller), scales 75% and 25% of 4 tasks:
    ceil(3) = 3 and ceil(1) = 1 tasks of their own task definitions."""
    p = tmp_path / "t.yaml"
    p.write_text(textwrap.dedent("""\
        Resources:
          Blue:
            Type: AWS::ECS::TaskDefinition
            Properties: {Family: blue, Cpu: "512", Memory: "1024", NetworkMode: awsvpc,
                         RequiresCompatibilities: [FARGATE], ContainerDefinitions: [{Name: app, Image: x}]}
          Green:
            Type: AWS::ECS::TaskDefinition
            Properties: {Family: green, Cpu: "1024", Memory: "2048", NetworkMode: awsvpc,
                         RequiresCompatibilities: [FARGATE], ContainerDefinitions: [{Name: app, Image: x}]}
          Svc:
            Type: AWS::ECS::Service
            Properties: {ServiceName: web, DesiredCount: 4, LaunchType: FARGATE,
                         DeploymentController: {Type: EXTERNAL}}
          BlueSet:
            Type: AWS::ECS::TaskSet
            Properties: {Cluster: c, Service: !Ref Svc, TaskDefinition: !Ref Blue, Scale: {Unit: PERCENT, Value: 75}}
          GreenSet:
            Type: AWS::ECS::TaskSet
            Properties: {Cluster: c, Service: !Ref Svc, TaskDefinition: !Ref Green, LaunchType: FARGATE,
                         Scale: {Unit: PERCENT, Value: 25}}
        """))
    res = import_cloudformation(p)
    got = {s.name: (s.vcpu, s.memory_mib, s.replicas) for s in res.workload.services}
    assert got == {"web (BlueSet)": (0.5, 1024, 3), "web (GreenSet)": (1, 2048, 1)}
    d = price_declared(res.workload, prices)
    # 3 x 730 x (0.5 x 0.04048 + 1 x 0.004445) = 54.06015; 730 x (0.04048 + 2 x 0.004445) = 36.0401
    assert d.monthly_cost == pytest.approx(54.06015 + 36.0401, abs=1e-4)


def test_task_set_assign_public_ip_prices_an_address_per_task(tmp_path, prices):
    """A task set's own network configuration (under the EXTERNAL deployment controller the tasks are the task set's):
    AWS::ECS::TaskSet NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp ENABLED ("Whether the task's elastic
    network interface receives a public IP address. The default value is DISABLED", AWS::ECS::TaskSet
    AwsVpcConfiguration) and Terraform aws_ecs_task_set network_configuration.assign_public_ip = true give each of its
    tasks a public IPv4 address; they were not read. BlueSet's 3 tasks: 3 x 730 x $0.005 = $10.95; GreenSet (DISABLED)
    none. The service's LaunchType still applies to BlueSet (no launch type of its own). 'YES' exits 2 naming the
    field. Terraform: Infracost's task set (2 tasks): 2 x 730 x $0.005 = $7.30."""
    p = tmp_path / "t.yaml"
    text = textwrap.dedent("""\
        Resources:
          Blue:
            Type: AWS::ECS::TaskDefinition
            Properties: {Family: blue, Cpu: "512", Memory: "1024", NetworkMode: awsvpc,
                         RequiresCompatibilities: [FARGATE], ContainerDefinitions: [{Name: app, Image: x}]}
          Svc:
            Type: AWS::ECS::Service
            Properties: {ServiceName: web, DesiredCount: 4, LaunchType: FARGATE,
                         DeploymentController: {Type: EXTERNAL}}
          BlueSet:
            Type: AWS::ECS::TaskSet
            Properties: {Cluster: c, Service: !Ref Svc, TaskDefinition: !Ref Blue, Scale: {Unit: PERCENT, Value: 75},
                         NetworkConfiguration: {AwsVpcConfiguration: {Subnets: [s-1], AssignPublicIp: ENABLED}}}
          GreenSet:
            Type: AWS::ECS::TaskSet
            Properties: {Cluster: c, Service: !Ref Svc, TaskDefinition: !Ref Blue, Scale: {Unit: PERCENT, Value: 25},
                         NetworkConfiguration: {AwsVpcConfiguration: {Subnets: [s-1], AssignPublicIp: DISABLED}}}
        """)
    p.write_text(text)
    res = import_cloudformation(p)
    got = {s.name: (s.replicas, s.public_ip) for s in res.workload.services}
    assert got == {"web (BlueSet)": (3, True), "web (GreenSet)": (1, False)}
    assert any("BlueSet: launch type and capacity-provider strategy not set" in a for a in res.assumptions)
    d = price_declared(res.workload, prices)
    [ip] = [ln for ln in d.estimate.lines if ln.category == "public_ipv4"]
    assert (ip.service, ip.quantity, ip.monthly_cost) == ("web (BlueSet)", 3 * 730, pytest.approx(10.95))
    # 4 tasks x 730 x (0.5 x 0.04048 + 1 x 0.004445) = 72.0802, + the 3 addresses $10.95
    assert d.monthly_cost == pytest.approx(72.0802 + 10.95, abs=1e-4)
    p.write_text(text.replace("AssignPublicIp: ENABLED", "AssignPublicIp: 'YES'"))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    assert r.exit_code == 2 and "BlueSet: NetworkConfiguration.AwsVpcConfiguration.AssignPublicIp: 'YES' is not " \
        "valid; use ENABLED or DISABLED" in " ".join(r.output.split()), r.output
    doc = json.loads((TF / "infracost_ecs_service_test_awsvpc_plan.json").read_text())
    (ts,) = [r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] == "aws_ecs_task_set"]
    ts["values"]["network_configuration"] = [{"subnets": ["s-1"], "security_groups": [], "assign_public_ip": True}]
    tf = tmp_path / "plan.json"
    tf.write_text(json.dumps(doc))
    res = import_terraform(tf)
    svc = next(s for s in res.workload.services if s.name == "task-set")
    assert (svc.replicas, svc.public_ip) == (2, True)
    d = price_declared(res.workload, prices)
    [ip] = [ln for ln in d.estimate.lines if ln.category == "public_ipv4" and ln.service == "task-set"]
    assert (ip.quantity, ip.monthly_cost) == (2 * 730, pytest.approx(7.30))


@pytest.mark.parametrize("resource, network, fragment", [
    ("Svc", "ENABLED", "Svc: NetworkConfiguration: must be a mapping (AwsvpcConfiguration: {Subnets, SecurityGroups, "
     "AssignPublicIp}), got 'ENABLED'"),
    ("Svc", {"AwsvpcConfiguration": [{"AssignPublicIp": "ENABLED"}]}, "Svc: NetworkConfiguration.AwsvpcConfiguration: "
     "must be a mapping (Subnets, SecurityGroups, AssignPublicIp: ENABLED or DISABLED), got [{'AssignPublicIp': "
     "'ENABLED'}]"),
    ("Svc", {"AwsVpcConfiguration": {"AssignPublicIp": "ENABLED"}}, "Svc: NetworkConfiguration.AwsVpcConfiguration: "
     "is not a property of this resource type; it is spelled AwsvpcConfiguration here"),
    ("BlueSet", [{"AwsVpcConfiguration": {"AssignPublicIp": "ENABLED"}}], "BlueSet: NetworkConfiguration: must be a "
     "mapping (AwsVpcConfiguration: {Subnets, SecurityGroups, AssignPublicIp}), got [{"),
    ("BlueSet", {"AwsvpcConfiguration": {"AssignPublicIp": "ENABLED"}}, "BlueSet: NetworkConfiguration."
     "AwsvpcConfiguration: is not a property of this resource type; it is spelled AwsVpcConfiguration here"),
    ("BlueSet", {"AwsVpcConfiguration": "ENABLED"}, "BlueSet: NetworkConfiguration.AwsVpcConfiguration: must be a "
     "mapping"),
])
def test_cloudformation_network_configuration_of_the_wrong_shape_exits_2(tmp_path, resource, network, fragment):
    """A service's or task set's NetworkConfiguration, or its AwsvpcConfiguration, that is not a mapping, or the
    other resource type's spelling (AWS::ECS::Service AwsvpcConfiguration, AWS::ECS::TaskSet AwsVpcConfiguration:
    CloudFormation refuses the other), exits 2 naming the property; each was read as no network configuration, so
    AssignPublicIp ENABLED inside it was priced without its public IPv4 addresses."""
    resources = {
        "Blue": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "blue", "Cpu": "512", "Memory": "1024", "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": "app", "Image": "x"}]}},
        "Svc": {"Type": "AWS::ECS::Service", "Properties": {
            "ServiceName": "web", "DesiredCount": 4, "LaunchType": "FARGATE", "DeploymentController": {"Type": "EXTERNAL"}}},
        "BlueSet": {"Type": "AWS::ECS::TaskSet", "Properties": {
            "Cluster": "c", "Service": {"Ref": "Svc"}, "TaskDefinition": {"Ref": "Blue"},
            "Scale": {"Unit": "PERCENT", "Value": 100}}}}
    resources[resource]["Properties"]["NetworkConfiguration"] = network
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert fragment in out, out


@pytest.mark.parametrize("network, fragment", [
    (["ENABLED"], "Parameters.NetworkConfiguration: must be a mapping ({\"AwsvpcConfiguration\": {\"Subnets\": [...], "
                  "\"AssignPublicIp\": \"ENABLED\"}}, ECS RunTask networkConfiguration), got ['ENABLED']."),
    ({"AwsvpcConfiguration": "ENABLED"}, "Parameters.NetworkConfiguration.AwsvpcConfiguration: must be a mapping "
                                         "(Subnets, SecurityGroups, AssignPublicIp: ENABLED or DISABLED; ECS RunTask "
                                         "awsvpcConfiguration), got 'ENABLED'."),
])
def test_state_machine_network_configuration_of_the_wrong_shape_exits_2(tmp_path, network, fragment):
    # a RunTask state's NetworkConfiguration or AwsvpcConfiguration that is not a mapping (RunTask refuses it when
    # the state runs) was read as none: its AssignPublicIp was never priced
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(_etl_definition(NetworkConfiguration=network)))))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert "aws_sfn_state_machine.etl: definition: States.'Extract'." + fragment in out, out


@pytest.mark.parametrize("value, fragment", [
    ({"Ref": "Nope"}, "Ref 'Nope' is not a parameter or resource of this template."),
    ({"Fn::Select": [3, [True]]}, "Fn::Select index 3 is outside the list of 1."),
    ({"Fn::If": ["Nope", True, False]}, "condition 'Nope' is not defined in Conditions."),
])
def test_an_intrinsic_that_cannot_resolve_names_the_property_it_is_written_in(tmp_path, value, fragment):
    # the message named the resource only ('Resources.MiCP: Ref ...'), not which of its properties holds the intrinsic
    p = tmp_path / "t.json"
    p.write_text(_template(_mi_template(LocalStorageConfiguration={"UseLocalStorage": value})))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Resources.MiCP.Properties.ManagedInstancesProvider.InstanceLaunchTemplate." \
        "LocalStorageConfiguration.UseLocalStorage: " + fragment in out, out


def test_cloudformation_local_storage_configuration_that_is_not_a_mapping_exits_2(tmp_path):
    # it was read as not set: UseLocalStorage false, the EBS data volume priced on every instance
    p = tmp_path / "t.json"
    p.write_text(_template(_mi_template(LocalStorageConfiguration=[{"UseLocalStorage": True}])))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "MiCP: ManagedInstancesProvider.InstanceLaunchTemplate.LocalStorageConfiguration: " \
        "must be a mapping ({UseLocalStorage: true} or false), got [{'UseLocalStorage': True}]." in out, out


@pytest.mark.parametrize("after_unknown", [
    {"network_configuration": True},  # a dynamic block whose for_each the apply decides: the block left out
    {"network_configuration": [True]},
    {"network_configuration": [{"assign_public_ip": True}]},
])
def test_terraform_assign_public_ip_in_a_block_unknown_until_apply_is_an_assumption(tmp_path, after_unknown):
    """A service's or task set's network_configuration (or its assign_public_ip) unknown until apply: its tasks are
    priced without public IPv4 addresses, and an assumption says so. A whole block marked unknown
    (after_unknown network_configuration: true, the plan's values without it) was priced the same without a word."""
    resources = _tf_fargate()
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources, unknown={"aws_ecs_service.web": after_unknown})))
    res = import_terraform(p)
    assert not res.workload.services[0].public_ip
    assert "aws_ecs_service.web: network_configuration.assign_public_ip unknown until apply: its tasks are priced " \
        "without public IPv4 addresses" in res.assumptions, res.assumptions
    doc = json.loads((TF / "infracost_ecs_service_test_awsvpc_plan.json").read_text())
    [rc] = [r for r in doc["resource_changes"] if r["address"] == "aws_ecs_task_set.task_set"]
    rc["change"]["after_unknown"].update(after_unknown)
    p.write_text(json.dumps(doc))
    assert "aws_ecs_task_set.task_set: network_configuration.assign_public_ip unknown until apply: its tasks are " \
        "priced without public IPv4 addresses" in import_terraform(p).assumptions


def test_fargate_task_definition_without_awsvpc_is_explained_and_both_parts_agree(prices):
    """Infracost's ecs_service_test as published: both task definitions require FARGATE and set no network_mode,
    so ECS's default, bridge, applies -- and ECS would refuse to register them ('For Amazon ECS tasks on Fargate,
    the awsvpc network mode is required'). compare's notes say so per task definition; the Fargate platform cannot
    run the services, and the declared estimate does not price them on Fargate either (it used to)."""
    c = compare(TF / "infracost_ecs_service_test_plan.json", platforms=["ecs-fargate"], scaling=False, prices=prices)
    assert ("aws_ecs_task_definition.ecs_task: requires_compatibilities FARGATE with network mode bridge "
            "(network_mode not set: ECS's default): ECS would refuse to register it ('For Amazon ECS tasks on Fargate, "
            "the awsvpc network mode is required', RegisterTaskDefinition), so ECS on Fargate and Fargate Spot cannot "
            "run it as written and it is not priced on Fargate. Set network_mode to awsvpc.") in c.notes
    fargate = c.estimate("ecs-fargate")
    declared_on_fargate = {"ecs_fargate1_family", "ecs_fargate2", "ecs_fargate5", "ecs_fargate_no_cluster_1",
                           "ecs_fargate_no_cluster_2", "task-set"}
    assert declared_on_fargate <= {u.service for u in fargate.unsupported}
    refused = {u.service: u.reason for u in c.declared.estimate.unsupported}
    assert set(refused) >= declared_on_fargate
    assert refused["ecs_fargate5"].startswith("declared on Fargate, which ECS refuses for it: network mode bridge runs "
                                              "only on EC2 instances")
    assert not [ln for ln in c.declared.estimate.lines if ln.service in declared_on_fargate]
    # with network_mode = "awsvpc" (the awsvpc variant) the same services are priced on Fargate as declared
    v = compare(TF / "infracost_ecs_service_test_awsvpc_plan.json", platforms=["ecs-fargate"], scaling=False,
                prices=prices)
    assert not declared_on_fargate & {u.service for u in v.declared.estimate.unsupported}
    assert not any("would refuse to register" in n for n in v.notes)


def test_host_port_other_than_the_container_port_in_cloudformation_and_terraform(tmp_path):
    """The note for a port mapping RegisterTaskDefinition refuses in awsvpc mode (tests/test_importers.py) comes from
    CloudFormation (ports written as text, "80", as a Number parameter resolves) and Terraform (container_definitions
    JSON) as well, once per task definition: a rule's run overrides change no port and do not repeat it."""
    cfn = _fargate_template()
    cfn["Task"]["Properties"]["ContainerDefinitions"][0]["PortMappings"] = [{"ContainerPort": "5601", "HostPort": "80"}]
    cfn["Nightly"] = {"Type": "AWS::Events::Rule", "Properties": {
        "ScheduleExpression": "rate(1 day)", "Targets": [{
            "Id": "t", "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "RoleArn": "arn:aws:iam::1:role/e",
            "Input": json.dumps({"cpu": "1024", "memory": "2048"}),
            "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE"}}]}}
    p = tmp_path / "t.json"
    p.write_text(_template(cfn))
    res = import_cloudformation(p, run_minutes={"Nightly": 10})
    notes = [n for n in res.notes if "hostPort other than its containerPort" in n]
    assert notes == ["Task: network mode awsvpc with a hostPort other than its containerPort (container 'web' hostPort "
                     "80, containerPort 5601): ECS would refuse to register it (PortMapping: 'If you use containers in a "
                     "task with the awsvpc or host network mode, the hostPort can either be left blank or set to the "
                     "same value as the containerPort'). The price does not depend on it: an awsvpc task has its own "
                     "network interface and holds no port of its instance. Remove HostPort or set it to the "
                     "ContainerPort (in ContainerDefinitions)."]
    assert [(s.name, s.vcpu) for s in res.workload.services] == [("web", 0.5), ("web (Nightly)", 1)]
    resources = _tf_fargate()
    resources[1]["values"]["container_definitions"] = json.dumps([{
        "name": "web", "image": "x", "essential": True, "portMappings": [{"containerPort": 8080, "hostPort": 80}]}])
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    res = import_terraform(p)
    assert any(n.startswith("aws_ecs_task_definition.web: network mode awsvpc with a hostPort other than its "
                            "containerPort (container 'web' hostPort 80, containerPort 8080): ECS would refuse to "
                            "register it") for n in res.notes)
    assert res.workload.services[0].host_ports is None


def test_blue_green_services_from_terraform_and_cloudformation(tmp_path):
    # The aws_ecs_service deployment_configuration block (strategy, bake_time_in_minutes) and deployment_controller
    # block, and CloudFormation's DeploymentConfiguration Strategy / BakeTimeInMinutes and DeploymentController: a
    # blue/green deployment runs a full second set of tasks until the bake time ends ("Amazon ECS blue/green
    # deployments"), so max_percent 200 and deployment_minutes 15 + the bake time.
    resources = _tf_fargate(max_percent=150)
    resources[-1]["values"]["deployment_configuration"] = [{"strategy": "BLUE_GREEN", "bake_time_in_minutes": "10"}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    [svc] = import_terraform(p).workload.services
    assert (svc.max_percent, svc.deployment_minutes) == (200, 25)
    resources = _tf_fargate()
    resources[-1]["values"]["deployment_controller"] = [{"type": "CODE_DEPLOY"}]
    p.write_text(json.dumps(_plan(resources)))
    [svc] = import_terraform(p).workload.services
    assert (svc.max_percent, svc.deployment_minutes) == (200, 15)
    t = tmp_path / "t.yaml"
    t.write_text(textwrap.dedent("""\
        Resources:
          Td:
            Type: AWS::ECS::TaskDefinition
            Properties: {Cpu: "256", Memory: "512", NetworkMode: awsvpc, RequiresCompatibilities: [FARGATE],
                         ContainerDefinitions: [{Name: web, Image: nginx}]}
          Svc:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: !Ref Td
              DesiredCount: 2
              LaunchType: FARGATE
              DeploymentConfiguration: {MaximumPercent: 150, Strategy: BLUE_GREEN, BakeTimeInMinutes: 5}
        """))
    [svc] = import_cloudformation(t).workload.services
    assert (svc.max_percent, svc.deployment_minutes) == (200, 20)


def test_unresolved_desired_count_of_a_scaled_service_is_left_to_its_scalable_target(tmp_path):
    # AWS Copilot's service stacks (aws/copilot-cli internal/pkg/deploy/cloudformation/stack/testdata/workloads/
    # worker-test.stack.yml @ 4c858e71) set DesiredCount to !GetAtt DynamicDesiredCountAction.DesiredCount (a custom
    # resource that reads the running count) and scale the service with a scalable target: the import stopped at the
    # GetAtt, though the target's range is what is priced.
    t = tmp_path / "t.yaml"
    body = """\
        Resources:
          Td:
            Type: AWS::ECS::TaskDefinition
            Properties: {Cpu: "256", Memory: "512", NetworkMode: awsvpc, RequiresCompatibilities: [FARGATE],
                         ContainerDefinitions: [{Name: worker, Image: nginx}]}
          DynamicDesiredCountAction:
            Type: Custom::DynamicDesiredCountFunction
            Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:x}
          Service:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: !Ref Td
              DesiredCount: !GetAtt DynamicDesiredCountAction.DesiredCount
              LaunchType: FARGATE
        """
    target = """\
          AutoScalingTarget:
            Type: AWS::ApplicationAutoScaling::ScalableTarget
            Properties:
              ServiceNamespace: ecs
              ScalableDimension: ecs:service:DesiredCount
              ResourceId: !Join ["/", [service, cluster, !GetAtt Service.Name]]
              MinCapacity: 1
              MaxCapacity: 10
        """
    t.write_text(textwrap.dedent(body) + textwrap.indent(textwrap.dedent(target), "  "))
    res = import_cloudformation(t)
    [svc] = res.workload.services
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (1, 10, 5.5)
    assert any("DesiredCount !GetAtt" in n and "AutoScalingTarget sets it within its range" in n for n in res.notes)
    # without a scalable target the desired count is needed, and the message says how to give it
    t.write_text(textwrap.dedent(body))
    with pytest.raises(WorkloadError, match=r"Service: DesiredCount: .* does not resolve"):
        import_cloudformation(t)


# ------------------------------------------------------------------------------------------ ASCII digits only
# int() and float() read '٥' (Arabic-Indic 5) and '５' (fullwidth 5) as numbers, and int('²') raises: a number the
# IaC importers read from text is written in the digits 0-9, or refused naming the resource and field (exit 2).


@pytest.mark.parametrize("digit", ["٥", "５", "²"])
def test_iac_numbers_written_as_text_read_only_ascii_digits(tmp_path, digit):
    # a launch template's volume size (int('²') raised a ValueError: a traceback)
    lt = {"Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Name": "c", "Version": "1.34"}},
          "Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
              "InstanceType": "m5.large", "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {
                  "VolumeSize": f"1{digit}", "VolumeType": "gp3"}}]}}},
          "Ng": {"Type": "AWS::EKS::Nodegroup", "Properties": {"ClusterName": {"Ref": "Cluster"}, "ScalingConfig": {
              "DesiredSize": 1}, "LaunchTemplate": {"Id": {"Ref": "Lt"}}}}}
    p = tmp_path / "lt.json"
    p.write_text(_template(lt))
    with pytest.raises(WorkloadError, match=r"Lt: LaunchTemplateData\.BlockDeviceMappings\[0\]\.Ebs\.VolumeSize: '1.' "
                                            r"is not a volume size"):
        import_cloudformation(p)
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    assert r.exit_code == 2 and "Ebs.VolumeSize" in r.output and "Traceback" not in r.output
    # Fn::Select's index
    sel = _fargate_template()
    sel["Service"]["Properties"]["DesiredCount"] = {"Fn::Select": [digit, ["1", "2"]]}
    p = tmp_path / "sel.json"
    p.write_text(_template(sel))
    with pytest.raises(WorkloadError, match=r"Fn::Select index '.' is not a whole number written in the digits 0-9"):
        import_cloudformation(p)
    # a task set's Scale.Value written as text
    ts = _fargate_template()
    ts["Service"]["Properties"].pop("TaskDefinition")
    ts["Service"]["Properties"]["DeploymentController"] = {"Type": "EXTERNAL"}
    ts["Set"] = {"Type": "AWS::ECS::TaskSet", "Properties": {"Cluster": {"Ref": "Cluster"}, "Service": {
        "Ref": "Service"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE", "Scale": {
        "Unit": "PERCENT", "Value": f"5{digit}"}}}
    p = tmp_path / "ts.json"
    p.write_text(_template(ts))
    with pytest.raises(WorkloadError, match=r"Set: Scale\.Value: '5.' is not valid"):
        import_cloudformation(p)
    # the same values in ASCII digits are read
    ts["Set"]["Properties"]["Scale"]["Value"] = "50"
    p.write_text(_template(ts))
    assert import_cloudformation(p).workload.services[0].replicas == 1  # ceil(2 x 50%)


# ------------------------------------------------- real inputs of issue 26: DAEMON services, placement, host devices

def test_cloudformation_daemon_service_gets_no_desired_count_default_note():
    """aws-samples/amazon-cloudwatch-container-insights' CloudWatch agent daemon service: SchedulingStrategy DAEMON
    and no DesiredCount. It got the note "no DesiredCount: 1, CloudFormation's default for a new service" beside the
    DAEMON one, but DesiredCount does not apply to a DAEMON service (ECS API Reference, CreateService desiredCount:
    "If schedulingStrategy is DAEMON then this isn't required"). The DAEMON assumption alone says what is priced."""
    res = import_cloudformation(IAC / "cloudformation" / "cwi_cwagent_ecs_instance_metric_daemon.json")
    assert not [n for n in res.notes + res.assumptions if "DesiredCount" in n]
    [why] = [a for a in res.assumptions if "DAEMON" in a]
    assert why.startswith("ECSDaemonService: SchedulingStrategy DAEMON runs one task on every container instance")
    assert "priced as 1 task(s)" in why
    [svc] = res.workload.services
    assert (svc.name, svc.replicas, svc.vcpu, svc.memory_mib, svc.network_mode) == (
        "cwagent-daemon-service", 1, 0.125, 64, "bridge")


def test_daemon_service_gets_ecs_daemon_deployment_defaults_not_replica_ones():
    """A DAEMON service without deploymentConfiguration was imported with the REPLICA defaults 100 / 200, so with
    deployments_per_month its surge was priced as one extra task per task; ECS's defaults for a DAEMON service are
    minimumHealthyPercent 0 and maximumPercent 100 (ECS API Reference, DeploymentConfiguration: maximumPercent
    "should remain at 100%, which is the default value"), so a deployment starts no extra task."""
    res = import_cloudformation(IAC / "cloudformation" / "cwi_cwagent_ecs_instance_metric_daemon.json")
    [svc] = res.workload.services
    assert (svc.min_healthy_percent, svc.max_percent) == (0, 100)
    assert any("max_percent 100: ECS's default for a DAEMON service" in c for c in res.services[0].comments)
    res = import_terraform(IAC / "terraform" / "ecs_placement_devices_plan.json")
    agent, fuse = res.workload.services
    assert (agent.min_healthy_percent, agent.max_percent) == (0, 100)
    assert (fuse.min_healthy_percent, fuse.max_percent) == (100, 200)  # a REPLICA service keeps ECS's REPLICA ones


def test_terraform_placement_devices_and_daemon_service():
    """A plan (ecs_placement_devices.tf): a DAEMON service without desired_count (the provider leaves it null; its
    docs: "Do not specify if using the DAEMON scheduling strategy"), a task held to Linux instances, and 3 tasks that
    map /dev/fuse, one per instance, on m5.large or m5.xlarge in any zone but us-east-1e."""
    res = import_terraform(IAC / "terraform" / "ecs_placement_devices_plan.json")
    agent, fuse = res.workload.services
    assert (agent.name, agent.replicas, agent.os, agent.host_devices) == ("agent", 1, "linux", None)
    assert (fuse.name, fuse.replicas, fuse.host_devices, fuse.network_mode) == ("fuse", 3, ["/dev/fuse"], "awsvpc")
    notes = " | ".join(res.notes)
    assert "desired_count" not in notes and "DesiredCount" not in notes
    assert "fuse: placement constraint distinctInstance (aws_ecs_service.fuse)" in notes
    assert "every EC2 fleet packs its 3 task(s) on 3 different instances" in notes
    # agent is not held to m5 types, so the shared fleet is not restricted: a note says so
    assert res.ec2 == {} and "fuse: ECS runs its tasks only on the instance type(s) m5.large, m5.xlarge" in notes
    assert any("ecs.availability-zone != us-east-1e" in c and "accepted and ignored" in c
               for c in res.services[1].comments)
    c = compare(res.workload, platforms=FAST, scaling=False)
    for p in ("ecs-fargate", "ecs-fargate-spot"):
        reasons = {u.service: u.reason for u in c.estimate(p).unsupported}
        assert "network mode bridge" in reasons["agent"]
        assert "the devices parameter isn't supported" in reasons["fuse"]
    assert {u.service for u in c.estimate("eks-fargate").unsupported} == {"fuse"}


def test_terraform_service_volume_configuration_is_an_ebs_volume_per_task():
    """A plan (ecs_service_ebs_volume.tf): 3 Fargate tasks of 512 CPU units / 1024 MiB, each with a managed EBS
    volume of 100 GiB io2 at 4,000 IOPS (volume_configuration.managed_ebs_volume). It was dropped without a word; now
    one volume per task of its type. The price data has no io2 rate, so the ECS platforms and the declared estate are
    not priced (never at the gp3 rate); as gp3, ECS on Fargate is 3 x $18.02005 + 3 x 100 GiB x $0.08 = 54.06015 + 24
    = $78.06015, as gp2 54.06015 + 3 x 100 x $0.10 = $84.06015."""
    res = import_terraform(IAC / "terraform" / "ecs_service_ebs_volume_plan.json")
    [db] = res.workload.services
    assert (db.name, db.vcpu, db.memory_mib, db.replicas) == ("db", 0.5, 1024, 3)
    assert [(v.name, v.size_gib, v.volume_type) for v in db.persistent_volumes] == [("data", 100, "io2")]
    c = compare(res.workload, platforms=["ecs-fargate"], scaling=False)
    for est in (c.estimate("ecs-fargate"), c.declared.estimate):
        assert not est.complete
        assert est.missing_prices == [
            "missing price data: EBS io2 volume data of db (100 GiB per task): advisor's price data holds EBS gp3 and "
            "gp2 storage rates only (table ebs_rates), and no rate is borrowed from another volume type. To compare on "
            "gp3, set the volume's volume_type: gp3 in the workload file (persistent_volumes; from a template, plan or "
            "task definition, write the workload file with 'advisor import ... -o workload.yaml' and edit it there)"]
    r = runner.invoke(app, ["compare", str(IAC / "terraform" / "ecs_service_ebs_volume_plan.json"), "-p", "ecs-fargate"])
    assert r.exit_code == 2 and "EBS io2 volume data of db" in r.output
    for kind, want in (("gp3", 78.06015), ("gp2", 84.06015)):
        vol = db.persistent_volumes[0].model_copy(update={"volume_type": kind})
        w = res.workload.model_copy(update={"services": [db.model_copy(update={"persistent_volumes": [vol]})]})
        c = compare(w, platforms=["ecs-fargate"], scaling=False)
        assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(want)
        assert c.declared.estimate.monthly_cost == pytest.approx(want)
        assert [ln.name for ln in c.estimate("ecs-fargate").lines if ln.resource == "block_storage"] == [
            f"EBS volume data ({kind}, 100 GiB per task)"]


def test_terraform_volume_type_unknown_until_apply_is_an_error_not_gp3(tmp_path):
    """Reported: a volume_type unknown until apply (from a value the same apply creates) read as not set, so the
    volume was priced at the gp3 rate with the comment 'gp3 (no volumeType)'; a CloudFormation VolumeType that does
    not resolve exits 2, and an io2 volume is never priced as gp3. It now exits 2 naming the attribute."""
    plan = json.loads((IAC / "terraform" / "ecs_service_ebs_volume_plan.json").read_text())
    rc = next(r for r in plan["resource_changes"] if r["address"] == "aws_ecs_service.s")["change"]
    rc["after"]["volume_configuration"][0]["managed_ebs_volume"][0]["volume_type"] = None
    rc["after_unknown"]["volume_configuration"][0]["managed_ebs_volume"][0]["volume_type"] = True
    for r in plan["planned_values"]["root_module"]["resources"]:
        if r["address"] == "aws_ecs_service.s":
            r["values"]["volume_configuration"][0]["managed_ebs_volume"][0]["volume_type"] = None
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    with pytest.raises(WorkloadError, match=r"aws_ecs_service\.s: volume_configuration\.managed_ebs_volume\.volume_type: "
                                            r"is unknown until apply"):
        import_terraform(p)


def _ebs_volume_template(ebs: dict) -> dict:
    """A template of a Fargate service (2 tasks of 256 / 512) with a managed EBS volume 'data' of properties ``ebs``
    (besides its RoleArn), its task definition's volume configured at launch."""
    return {"Resources": {
        "TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
            "ContainerDefinitions": [{"Name": "app", "Image": "nginx"}],
            "Volumes": [{"Name": "data", "ConfiguredAtLaunch": True}]}},
        "Svc": {"Type": "AWS::ECS::Service", "Properties": {
            "LaunchType": "FARGATE", "DesiredCount": 2, "TaskDefinition": {"Ref": "TD"},
            "VolumeConfigurations": [{"Name": "data", "ManagedEBSVolume": {"RoleArn": "arn:aws:iam::1:role/r",
                                                                           **ebs}}]}}}}


def test_cloudformation_iops_and_throughput_as_strings_are_noted(tmp_path):
    """Reported: CloudFormation takes Iops: "6000" as it takes SizeInGiB: "100" (read as 100), but the IOPS and
    throughput above gp3's baseline were only noted when written as numbers: as strings, nothing was said."""
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_ebs_volume_template({"SizeInGiB": "100", "Iops": "6000", "Throughput": "500"})))
    notes = load_any(path).input_notes()
    assert any("iops 6000 IOPS: the 3000 IOPS above gp3's included 3,000" in n
               and "throughput 500 MB/s: the 375 MB/s above gp3's included 125" in n for n in notes), notes


def test_cloudformation_managed_ebs_volume_errors_name_the_field(tmp_path):
    """A volume without SizeInGiB or SnapshotId is one ECS refuses ('This parameter is required if you don't specify
    a snapshot'): exit 2 naming the field. One from a snapshot without a size is noted and not priced."""
    def template(ebs: dict) -> Path:
        path = tmp_path / "t.json"
        path.write_text(json.dumps(_ebs_volume_template(ebs)))
        return path
    with pytest.raises(WorkloadError, match=r"VolumeConfigurations\[0\]\.ManagedEBSVolume\.SizeInGiB: is missing"):
        load_any(template({"VolumeType": "gp3"}))
    with pytest.raises(WorkloadError, match=r"SizeInGiB: 0 is not a volume size"):
        load_any(template({"SizeInGiB": 0}))
    with pytest.raises(WorkloadError, match=r"SizeInGiB: 1.5 is not a volume size: a whole number of GiB"):
        load_any(template({"SizeInGiB": 1.5}))
    with pytest.raises(WorkloadError, match=r"ManagedEBSVolume\.VolumeType: 'gp5' is not an EBS volume type; ECS takes "
                                            r"gp2, gp3, io1, io2, sc1, st1, standard"):
        load_any(template({"SizeInGiB": 10, "VolumeType": "gp5"}))
    assert load_any(template({"SizeInGiB": 10, "VolumeType": "GP2"})).services[0].persistent_volumes[0].volume_type \
        == "gp2"

    # "attach one EBS volume per task to each task managed by the ECS service" (Use Amazon EBS volumes with ECS)
    path = template({"SizeInGiB": 10})
    t = json.loads(path.read_text())
    vcs = t["Resources"]["Svc"]["Properties"]["VolumeConfigurations"]
    vcs.append({**vcs[0], "Name": "more"})
    path.write_text(json.dumps(t))
    with pytest.raises(WorkloadError, match=r"VolumeConfigurations\[1\]: is a second managed EBS volume; ECS attaches "
                                            r"one EBS volume per task"):
        load_any(path)
    w = load_any(template({"SnapshotId": "snap-0123"}))
    [v] = w.services[0].persistent_volumes  # kept: an EBS volume of unknown size, not priced
    assert (v.name, v.size_gib, v.snapshot_id, v.volume_type) == ("data", None, "snap-0123", None)
    assert [n for n in w.input_notes() if "snapshot" in n] == [
        "Svc: EBS volume data is created from snapshot snap-0123, whose size the input does not give: not priced on "
        "the platforms that attach it (set its size_gib to price it)."]
    # a workload file written by hand says the same (the note comes from the workload, not the importer)
    hand = parse_workload({"name": "w", "services": [{"name": "db", "cpu": 1, "memory": 2048, "persistent_volumes": [
        {"size_gib": None, "snapshot_id": "snap-9"}]}]})
    assert any(n.startswith("db: EBS volume is created from snapshot snap-9") for n in hand.input_notes())


def test_ebs_volume_from_a_snapshot_of_unknown_size_still_rules_out_eks_on_fargate(tmp_path, prices):
    """Reported: a service whose managed EBS volume comes from a snapshot with no SizeInGiB (ECS API Reference:
    "You must specify either a volume size or a snapshot ID") lost the volume on import, so EKS on Fargate -- which
    cannot mount EBS volumes (Amazon EKS User Guide, "Use Amazon EBS storage": "You can't mount Amazon EBS volumes
    to Fargate Pods") -- was ranked as a platform that runs it. The volume stays (size unknown, not priced): EKS on
    Fargate marks the service unsupported; ECS on Fargate, which attaches EBS volumes to tasks, prices the 2 tasks
    (256 CPU / 512 MiB, us-east-1: 2 x 730 h x (0.25 x 0.04048 + 0.5 x 0.004445)) with no EBS line."""
    path = tmp_path / "t.json"
    path.write_text(json.dumps(_ebs_volume_template({"SnapshotId": "snap-0123", "VolumeType": "gp3"})))
    c = compare(str(path), platforms=["ecs-fargate", "eks-fargate"], prices=prices, scaling=False)
    eks = c.estimate("eks-fargate")
    assert [u.service for u in eks.unsupported] == ["Svc"] and "You can't mount Amazon EBS volumes to Fargate Pods" \
        in eks.unsupported[0].reason
    assert not eks.feasible and [e.platform for e in c.ranked()] == ["ecs-fargate"]
    ecs = c.estimate("ecs-fargate")
    assert not ecs.unsupported and not [li for li in ecs.lines if li.resource == "block_storage"]
    assert ecs.monthly_cost == pytest.approx(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445), abs=1e-6)
    out = tmp_path / "w.yaml"  # the workload file writes it as size_gib: null and reads it back the same
    r = runner.invoke(app, ["import", "cloudformation", str(path), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert 'persistent_volumes: [{name: "data", size_gib: null, snapshot_id: "snap-0123", volume_type: "gp3"}]' \
        in out.read_text()
    assert load_workload(out).services[0].persistent_volumes[0].snapshot_id == "snap-0123"


def test_cloudformation_managed_ebs_volume_size_follows_its_type(tmp_path):
    """ServiceManagedEBSVolumeConfiguration sizeInGiB (Amazon ECS API Reference): "gp2 and gp3: 1-16,384; io1 and
    io2: 4-16,384; st1 and sc1: 125-16,384; standard: 1-1,024". A 2 GiB io1 volume, a 100 GiB st1 volume and a 2 TiB
    standard one are sizes ECS refuses: exit 2 naming the field, the type and its range."""
    def template(ebs: dict) -> Path:
        path = tmp_path / "t.json"
        path.write_text(json.dumps(_ebs_volume_template(ebs)))
        return path
    for ebs, range_ in (({"SizeInGiB": 2, "VolumeType": "io1"}, "from 4 to 16,384 for an EBS io1 volume"),
                        ({"SizeInGiB": 100, "VolumeType": "st1"}, "from 125 to 16,384 for an EBS st1 volume"),
                        ({"SizeInGiB": 2048, "VolumeType": "standard"}, "from 1 to 1,024 for an EBS standard volume"),
                        ({"SizeInGiB": 20000}, "from 1 to 16,384 for an EBS gp3 volume (no volume type: gp3)")):
        with pytest.raises(WorkloadError, match=r"ManagedEBSVolume\.SizeInGiB: \d+ is not a volume size: a whole "
                                                r"number of GiB " + re.escape(range_)):
            load_any(template(ebs))
    r = runner.invoke(app, ["import", "cloudformation", str(template({"SizeInGiB": 2, "VolumeType": "io2"}))])
    assert r.exit_code == 2 and "from 4 to 16,384 for an EBS io2 volume" in r.output and "Traceback" not in r.output
    assert load_any(template({"SizeInGiB": 4, "VolumeType": "io2"})).services[0].persistent_volumes[0].size_gib == 4


def test_launch_template_volume_size_follows_its_type(tmp_path):
    """Amazon EC2 API Reference, CreateVolume Size: io2 4 - 65,536 GiB, gp3 1 - 65,536 GiB (64 TiB), st1 125 -
    16,384 GiB. A 40 TiB io2 data volume is declared capacity EBS creates (it was refused as above 16,384 GiB); a
    20 TiB st1 volume is not (exit 2 naming the field, the type and its range)."""
    def template(size: int, vtype: str) -> Path:
        lt = {"Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Name": "c", "Version": "1.34"}},
              "Lt": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
                  "InstanceType": "m5.large", "BlockDeviceMappings": [{"DeviceName": "/dev/sdf", "Ebs": {
                      "VolumeSize": size, "VolumeType": vtype}}]}}},
              "Ng": {"Type": "AWS::EKS::Nodegroup", "Properties": {"ClusterName": {"Ref": "Cluster"}, "ScalingConfig": {
                  "DesiredSize": 1}, "LaunchTemplate": {"Id": {"Ref": "Lt"}}}}}
        p = tmp_path / "lt.json"
        p.write_text(_template(lt))
        return p
    [ng] = import_cloudformation(template(40960, "io2"), allow_empty=True).declared["node_groups"]
    assert ng["volumes"] == [{"device": "/dev/sdf", "size_gib": 40960.0, "volume_type": "io2"}]
    with pytest.raises(WorkloadError, match=r"Lt: LaunchTemplateData\.BlockDeviceMappings\[0\]\.Ebs\.VolumeSize: "
                                            r"20480 GiB is outside the "
                                            r"size range of an EBS st1 volume, 125 to 16,384 GiB"):
        import_cloudformation(template(20480, "st1"), allow_empty=True)


def test_eks_ami_nodegroup_template_is_self_managed_nodes_of_an_external_cluster():
    """awslabs/amazon-eks-ami's amazon-eks-nodegroup.yaml: an Auto Scaling group tagged kubernetes.io/cluster/
    ${ClusterName} = owned whose launch template's user data runs /etc/eks/bootstrap.sh; the cluster is not in the
    template. The group was skipped ("no ECS cluster, ECS service or EKS cluster in this template") and the template
    declared nothing. Now: EKS self-managed nodes, 3 (DesiredCapacity's Default) x t3.medium with a 20 GiB gp2 root
    volume (the launch template's /dev/xvda mapping), and a note that the control-plane fee is not in it."""
    path = IAC / "cloudformation" / "amazon_eks_ami_nodegroup.yaml"
    res = import_cloudformation(path, allow_empty=True)
    assert res.services == [] and "eks_clusters" not in res.declared
    [ng] = res.declared["node_groups"]
    assert {k: ng[k] for k in ("name", "orchestrator", "instance_types", "desired", "min", "max", "disk_size_gib",
                               "volume_type")} == {
        "name": "NodeGroup", "orchestrator": "eks", "instance_types": ["t3.medium"], "desired": 3, "min": 1, "max": 4,
        "disk_size_gib": 20.0, "volume_type": "gp2"}
    assert "cluster" not in ng  # ClusterName has no Default
    [note] = [n for n in res.notes if n.startswith("NodeGroup: EKS self-managed nodes")]
    assert "tag kubernetes.io/cluster/${ClusterName} = owned" in note and "control-plane fee is not part" in note
    named = import_cloudformation(path, allow_empty=True, parameters={"ClusterName": "prod"})
    assert named.declared["node_groups"][0]["cluster"] == "prod"
    # the user data alone says so too (no tag): /etc/eks/bootstrap.sh CLUSTER
    text = path.read_text().replace("kubernetes.io/cluster/${ClusterName}", "team/${ClusterName}")
    p = Path(tempfile.mkdtemp()) / "nodegroup.yaml"
    p.write_text(text)
    bare = import_cloudformation(p, allow_empty=True, parameters={"ClusterName": "prod"})
    [note] = [n for n in bare.notes if n.startswith("NodeGroup: EKS self-managed nodes")]
    assert "of EKS cluster prod (its launch template's user data runs /etc/eks/bootstrap.sh" in note
    assert bare.declared["node_groups"][0]["cluster"] == "prod"


def test_nodeadm_user_data_marks_eks_self_managed_nodes(tmp_path):
    """AL2023 EKS nodes join with nodeadm: a NodeConfig (apiVersion node.eks.aws/v1alpha1, spec.cluster.name) in the
    launch template's user data."""
    user_data = ("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: "
                 "application/node.eks.aws\n\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n"
                 "  cluster:\n    apiServerEndpoint: https://example.com\n    name: blue\n    cidr: 10.100.0.0/16\n--B--\n")
    template = {"Resources": {
        "LT": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
            "InstanceType": "m6i.large", "UserData": {"Fn::Base64": user_data}}}},
        "Nodes": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": 2, "MaxSize": 2, "DesiredCapacity": 2,
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "LT"}, "Version": "1"}}}}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(template))
    res = import_cloudformation(p, allow_empty=True)
    [ng] = res.declared["node_groups"]
    assert (ng["orchestrator"], ng["cluster"], ng["instance_types"], ng["desired"]) == ("eks", "blue", ["m6i.large"], 2)
    assert any("user data is a nodeadm NodeConfig" in n for n in res.notes)


# ------------------------------------------------------------------------------ service fields in the input's names

_CFN_SERVICE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster: {Type: AWS::ECS::Cluster}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties: {Cpu: "1024", Memory: "2048", RequiresCompatibilities: [FARGATE], NetworkMode: awsvpc,
                 ContainerDefinitions: [{Name: a, Image: x}]}
  Svc:
    Type: AWS::ECS::Service
    Properties: {Cluster: !Ref Cluster, TaskDefinition: !Ref Task, LaunchType: FARGATE, %s}
"""


@pytest.mark.parametrize(("prop", "named"), [
    ("DesiredCount: -1", "Svc: DesiredCount: -1 is not valid"),
    ("DesiredCount: 2, DeploymentConfiguration: {MaximumPercent: 500}",
     "Svc: DeploymentConfiguration.MaximumPercent: 500 is not valid here"),
    ("DesiredCount: 2, CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]", "Svc: LaunchType:"),
])
def test_cloudformation_service_errors_name_the_template_s_fields(tmp_path, prop, named):
    """An AWS::ECS::Service's bad value is named as the template writes it (DesiredCount), not as the ECS API does
    (desiredCount), which a template's author would not find."""
    path = tmp_path / "t.yaml"
    path.write_text(_CFN_SERVICE % prop)
    with pytest.raises(WorkloadError, match=named.replace("[", r"\[").replace(".", r"\.")):
        load_any(path)


def test_terraform_service_errors_name_the_plan_s_fields(tmp_path):
    """aws_ecs_service desired_count -1 and deployment_maximum_percent 500: named as the provider names them."""
    plan = json.loads((Path(__file__).parent / "fixtures" / "iac" / "synthetic" / "tf_ecs_fargate_plan.json").read_text())

    def set_values(node, **values):
        if isinstance(node, dict):
            if node.get("type") == "aws_ecs_service" and isinstance(node.get("values"), dict):
                node["values"].update(values)
            for v in node.values():
                set_values(v, **values)
        elif isinstance(node, list):
            for v in node:
                set_values(v, **values)

    for values, named in (({"desired_count": -1}, "desired_count: -1 is not valid"),
                          ({"deployment_maximum_percent": 500}, "deployment_maximum_percent: 500 is not valid")):
        data = json.loads(json.dumps(plan))
        set_values(data, **values)
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(data))
        with pytest.raises(WorkloadError, match=named):
            load_any(path)


# ------------------------------------------------------------------------------ Step Functions (AWS Copilot jobs)


def _copilot_job_parameters() -> dict:
    params = json.loads((IAC / "cloudformation" / "copilot_job_test.params.json").read_text())["Parameters"]
    return {k: v for k, v in params.items() if v}  # "" is how Copilot leaves a parameter unset


def test_copilot_scheduled_job_runs_its_task_through_a_state_machine(prices):
    """AWS Copilot's Scheduled Job (aws/copilot-cli job-test.stack.yml, with the job-test.params.json Copilot deploys
    it with): an EventBridge rule (cron(0 12 ? * MON *)) starts a Step Functions state machine whose Task state
    'Run Fargate Task' calls arn:${Partition}:states:::ecs:runTask.sync with TaskDefinition "${TaskDefinition}"
    (DefinitionSubstitutions: !Ref TaskDefinition) and LaunchType FARGATE. It used to be priced as a task running
    all month ("a task definition that no ECS service, EventBridge rule or schedule of this input runs")."""
    path = IAC / "cloudformation" / "copilot_job_test.stack.yml"
    # without a run length it is left out, with the runs the schedule gives: 1 a week x 730 / 168 = 4.34524
    with pytest.raises(WorkloadError, match=r"Rule \(through Step Functions state machine StateMachine\): "
                                            r"EventBridge rule 'cron\(0 12 \? \* MON \*\)' runs task definition "
                                            r"TaskDefinition 4\.34524 times a month"):
        import_cloudformation(path, parameters=_copilot_job_parameters())
    res = import_cloudformation(path, parameters=_copilot_job_parameters(), run_minutes={"Rule": 10})
    assert not any("no ECS service, EventBridge rule or schedule" in n for n in res.notes)
    [svc] = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.ephemeral_storage_gib) == ("my-app-test-job", 0.25, 512, 200)
    assert (svc.runs_per_month, svc.run_minutes) == (pytest.approx(730 / 168), 10)
    d = price_declared(res.workload, prices)
    assert d.runs_on == ["ecs-fargate"]  # the state's LaunchType FARGATE
    # ECS on Fargate: 730 / 168 x 10 / 60 = 0.7242063 task-hours at 0.25 vCPU / 0.5 GB, and 200 - 20 = 180 GB of
    # ephemeral storage: 0.7242063 x (0.25 x 0.04048 + 0.5 x 0.004445 + 180 x 0.000111) = $0.0234082; and the state's
    # NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp "${AssignPublicIp}" (DefinitionSubstitutions ENABLED:
    # Copilot's public subnets) gives each task a public IPv4 address: 0.7242063 x $0.005 = $0.0036210 (not priced
    # before); $0.0270292
    assert svc.public_ip
    [ip] = [ln for ln in d.estimate.lines if ln.category == "public_ipv4"]
    assert (ip.quantity, ip.monthly_cost) == (pytest.approx(730 / 168 / 6), pytest.approx(0.0036210317, abs=1e-9))
    expected = 730 / 168 / 6 * (0.25 * 0.04048 + 0.5 * 0.004445 + 180 * 0.000111 + 0.005)
    assert round(expected, 7) == 0.0270292
    assert d.monthly_cost == pytest.approx(expected, abs=1e-9)
    assert compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost == \
        pytest.approx(expected, abs=1e-9)


def test_copilot_load_balanced_service_with_spot_from(prices):
    """AWS Copilot's Load Balanced Web Service in prod (svc-prod.stack.yml with svc-prod.params.json): count range
    3-12 with spot_from 6, which Copilot writes as CapacityProviderStrategy FARGATE base 5 weight 0 + FARGATE_SPOT
    weight 1, a DesiredCount from a custom resource, and three sidecars in a 256 / 512 task."""
    params = json.loads((IAC / "cloudformation" / "copilot_svc_prod.params.json").read_text())["Parameters"]
    res = import_cloudformation(IAC / "cloudformation" / "copilot_svc_prod.stack.yml",
                                parameters={k: v for k, v in params.items() if v})
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max, svc.desired) == (0.25, 512, 3, 12, 7.5)
    assert any("DesiredCount" in n and "does not resolve without the deployed stack" in n for n in res.notes)
    # ECS on Fargate: 7.5 x 0.25 vCPU / 0.5 GB = 7.5 x 9.010025 = $67.5751875, plus the tasks' public IPv4 addresses
    # (Service NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp ENABLED: Copilot's public placement):
    # 7.5 x 730 x $0.005 = $27.375 (they were dropped); $94.9501875
    assert svc.public_ip
    assert compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost == \
        pytest.approx(67.5751875 + 27.375, abs=1e-6)
    # as declared: the first 5 tasks on FARGATE (45.050125), the other 2.5 on FARGATE_SPOT at (0.25 x 0.01288871 +
    # 0.5 x 0.00141527) x 730 = 2.86876298 each: 7.17190745; $52.22203245, plus 7.5 tasks' addresses $27.375
    d = price_declared(res.workload, prices)
    assert d.monthly_cost == pytest.approx(45.050125 + 2.5 * 730 * (0.25 * 0.01288871 + 0.5 * 0.00141527) + 27.375,
                                           abs=1e-6)


def test_a_service_scaled_to_zero_leaves_the_declared_estate_too(tmp_path):
    """desired_count 0 (found by the fuzz test above, pick 887, junk 0): the service runs nothing, so it is left out of
    the comparison and of the declared estate (a KeyError traceback before); the declared total is the plan's without
    the worker's lines."""
    plan = json.loads((IAC / "synthetic" / "tf_ecs_fargate_plan.json").read_text())
    worker = next(r for r in plan["planned_values"]["root_module"]["child_modules"][0]["resources"]
                  if r["address"] == 'module.app.aws_ecs_service.this["worker"]')
    worker["values"]["desired_count"] = 0
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    full = compare(IAC / "synthetic" / "tf_ecs_fargate_plan.json", platforms=["ecs-fargate"], scaling=False,
                   explain_changes=False)
    c = compare(path, platforms=["ecs-fargate"], scaling=False, explain_changes=False)
    assert [s.name for s in c.workload.services] == ["web"]
    assert not any(ln.service == "worker" for ln in c.declared.estimate.lines)
    assert c.declared.monthly_cost == pytest.approx(
        sum(ln.monthly_cost for ln in full.declared.estimate.lines if ln.service != "worker"))


def _copilot_edit(tmp_path: Path, old: str, new: str) -> Path:
    """Copilot's job-test.stack.yml with ``old`` (once in its state machine's DefinitionString) replaced by ``new``."""
    text = (IAC / "cloudformation" / "copilot_job_test.stack.yml").read_text()
    assert text.count(old) == 1
    p = tmp_path / "job.yml"
    p.write_text(text.replace(old, new))
    return p


def test_copilot_state_machine_bad_definitions_name_the_field(tmp_path):
    """The state machine's definition is read, not skipped: text that is not JSON, a RunTask state naming a task
    definition the template does not declare, and one without TaskDefinition exit 2 naming the state machine, the
    property and the state."""
    params = [f"-P{k}={v}" for k, v in _copilot_job_parameters().items()]

    def run(p: Path) -> str:
        r = runner.invoke(app, ["import", "cloudformation", str(p), *params, "--run-minutes", "Rule=10"])
        assert r.exit_code == 2, r.output
        return " ".join(r.output.split())

    out = run(_copilot_edit(tmp_path, '"Version": "1.0",', '"Version": "1.0"'))
    assert "StateMachine: DefinitionString: is not valid JSON (Expecting ',' delimiter" in out, out
    out = run(_copilot_edit(tmp_path, '"${TaskDefinition}"',
                            '"arn:aws:ecs:us-east-1:123456789012:task-definition/other-job:4"'))
    assert "StateMachine: DefinitionString: States.'Run Fargate Task'.Parameters.TaskDefinition: " \
           "'arn:aws:ecs:us-east-1:123456789012:task-definition/other-job:4' is not a task definition of this input " \
           "(its task definitions: TaskDefinition (family my-app-test-job))" in out, out
    out = run(_copilot_edit(tmp_path, '"TaskDefinition": "${TaskDefinition}",', ""))
    assert "StateMachine: DefinitionString: States.'Run Fargate Task'.Parameters.TaskDefinition: is missing; ECS " \
           "RunTask requires the task definition to run" in out, out


# ------------------------------------------------------------------------- Terraform: Step Functions state machines

_ACCOUNT = "arn:aws:ecs:us-east-1:123456789012"
_SPOT_VCPU_H, _SPOT_GB_H = 0.01288871, 0.00141527  # us-east-1 Fargate Spot x86 (tests/test_scheduled_tasks.py)


def _sfn_task(name: str, cpu: str, memory: str) -> dict:
    return {"address": f"aws_ecs_task_definition.{name}", "values": {
        "family": name, "cpu": cpu, "memory": memory, "network_mode": "awsvpc", "requires_compatibilities": ["FARGATE"],
        "arn": f"{_ACCOUNT}:task-definition/{name}:3",
        "container_definitions": json.dumps([{"name": name, "image": "x", "essential": True}])}}


def _etl_definition(**extract) -> dict:
    """A state machine that runs 'extract' (2 tasks, FARGATE, .sync), then, in a Parallel state's branch, 'load'
    (one task on FARGATE_SPOT, request-response), and a Lambda function (not an ECS task)."""
    return {"StartAt": "Extract", "TimeoutSeconds": 7200, "States": {
        "Extract": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "Next": "Fan", "Parameters": {
            "Cluster": f"{_ACCOUNT}:cluster/main", "TaskDefinition": f"{_ACCOUNT}:task-definition/extract:3",
            "LaunchType": "FARGATE", "Count": 2, **extract}},
        "Fan": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Load", "States": {"Load": {
                "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", "End": True, "Parameters": {
                    "Cluster": "main", "TaskDefinition": "load",
                    "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]}}}},
            {"StartAt": "Notify", "States": {"Notify": {
                "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True,
                "Parameters": {"FunctionName": "notify"}}}}]}}}


def _sfn_plan(definition=None, report_definition=None) -> dict:
    """A plan with two state machines: 'etl' (definition known, linked from its EventBridge rule target by the ARN's
    value) and 'report' (definition unknown until apply: it embeds the ARN of a task definition the same apply
    creates; linked from an EventBridge Scheduler schedule by the configuration's reference)."""
    machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:"
    resources = [
        {"address": "aws_ecs_cluster.main", "values": {"name": "main", "arn": f"{_ACCOUNT}:cluster/main"}},
        {"address": "aws_ecs_cluster_capacity_providers.main", "values": {
            "cluster_name": "main", "capacity_providers": ["FARGATE"],
            "default_capacity_provider_strategy": [{"capacity_provider": "FARGATE", "base": 0, "weight": 1}]}},
        _sfn_task("extract", "1024", "2048"), _sfn_task("load", "512", "1024"), _sfn_task("report", "256", "512"),
        {"address": "aws_sfn_state_machine.etl", "values": {
            "name": "etl", "arn": f"{machine_arn}etl",
            "definition": definition if definition is not None else json.dumps(_etl_definition())}},
        {"address": "aws_sfn_state_machine.report", "values": {
            "name": "report", **({"definition": report_definition} if report_definition else {})}},
        {"address": "aws_cloudwatch_event_rule.nightly", "values": {
            "name": "nightly-etl", "schedule_expression": "cron(0 3 * * ? *)", "state": "ENABLED"}},
        {"address": "aws_cloudwatch_event_target.nightly", "values": {
            "rule": "nightly-etl", "arn": f"{machine_arn}etl", "role_arn": "arn:aws:iam::123456789012:role/events"}},
        {"address": "aws_scheduler_schedule.six", "values": {
            "name": "six-hourly", "schedule_expression": "rate(6 hours)", "state": "ENABLED",
            "target": [{"role_arn": "arn:aws:iam::123456789012:role/scheduler"}]}},
    ]
    unknown = {"aws_sfn_state_machine.report": {"definition": True, "arn": True},
               "aws_scheduler_schedule.six": {"target": [{"arn": True}]}} if report_definition is None else {}
    doc = _plan(resources, unknown=unknown)
    doc["configuration"]["root_module"]["resources"] = [
        {"address": "aws_sfn_state_machine.report", "mode": "managed", "type": "aws_sfn_state_machine",
         "name": "report", "expressions": {"definition": {"references": [
             "aws_ecs_task_definition.report.arn", "aws_ecs_task_definition.report", "aws_ecs_cluster.main.arn",
             "aws_ecs_cluster.main"]}}},
        {"address": "aws_scheduler_schedule.six", "mode": "managed", "type": "aws_scheduler_schedule",
         "name": "six", "expressions": {"target": [{"arn": {"references": [
             "aws_sfn_state_machine.report.arn", "aws_sfn_state_machine.report"]}}]}}]
    return doc


def test_terraform_scheduled_tasks_through_step_functions(tmp_path, prices):
    """EventBridge starts state machines whose Task states call ECS RunTask: each such state is a scheduled task,
    priced by the runs its rule or schedule gives, never as a task running all month."""
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan()))
    # without one run's minutes each is left out, with its runs a month: cron(0 3 * * ? *) = 730 / 24 = 30.4167,
    # rate(6 hours) = 730 / 6 = 121.667
    with pytest.raises(WorkloadError, match="no service to compare yet") as info:
        import_terraform(p)
    left = " ".join(str(info.value).split())
    assert "aws_cloudwatch_event_target.nightly (through Step Functions state machine aws_sfn_state_machine.etl, " \
           "state 'Extract'): EventBridge rule 'cron(0 3 * * ? *)' runs task definition " \
           "aws_ecs_task_definition.extract 30.4167 times a month" in left and "2 tasks each" in left
    assert "aws_scheduler_schedule.six (through Step Functions state machine aws_sfn_state_machine.report): " \
           "EventBridge Scheduler schedule 'rate(6 hours)' runs task definition aws_ecs_task_definition.report " \
           "121.667 times a month" in left
    assert left.count("--run-minutes aws_cloudwatch_event_rule.nightly=MINUTES") == 2  # one name for both states

    res = import_terraform(p, run_minutes={"nightly-etl": 20, "six-hourly": 10})
    assert any(a.startswith("aws_sfn_state_machine.report: definition is unknown until apply, so its RunTask states "
                            "cannot be read: each task definition its configuration references "
                            "(aws_ecs_task_definition.report) is taken as run once per execution") for a in res.assumptions)
    by_name = {s.name: s for s in res.workload.services}
    assert sorted(by_name) == ["extract", "load", "report"]  # no standalone task running all month
    assert (by_name["extract"].replicas, by_name["extract"].runs_per_month, by_name["extract"].run_minutes) == \
        (2, pytest.approx(730 / 24), 20)
    assert (by_name["load"].replicas, by_name["load"].runs_per_month) == (1, pytest.approx(730 / 24))
    assert (by_name["report"].replicas, by_name["report"].runs_per_month, by_name["report"].run_minutes) == \
        (1, pytest.approx(730 / 6), 10)
    d = price_declared(res.workload, prices)
    assert sorted(d.runs_on) == ["ecs-fargate", "ecs-fargate-spot"]
    # extract: 2 tasks x 30.4167 runs x 20 min = 20.2778 task-hours x (1 x 0.04048 + 2 x 0.004445) = $1.001114
    # load:    1 task  x 30.4167 runs x 20 min = 10.1389 task-hours on Spot x (0.5 x 0.01288871 + 1 x 0.00141527)
    #          = $0.079688
    # report:  1 task x 121.667 runs x 10 min = 20.2778 task-hours on FARGATE (the cluster's default strategy)
    #          x (0.25 x 0.04048 + 0.5 x 0.004445) = $0.250278
    extract = 2 * 730 / 24 * 20 / 60 * (1 * 0.04048 + 2 * 0.004445)
    load = 730 / 24 * 20 / 60 * (0.5 * _SPOT_VCPU_H + 1 * _SPOT_GB_H)
    report = 730 / 6 * 10 / 60 * (0.25 * 0.04048 + 0.5 * 0.004445)
    assert (round(extract, 6), round(load, 6), round(report, 6)) == (1.001114, 0.079688, 0.250278)
    assert d.monthly_cost == pytest.approx(extract + load + report, rel=1e-6)
    # the CLI takes the rule's and the schedule's names too
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20",
                            "--run-minutes", "six-hourly=10"])
    assert r.exit_code == 0 and "runs_per_month: 121.66666666666667" in r.output, r.output


def test_step_functions_run_of_a_service_task_with_run_minutes_is_priced_on_top(tmp_path, prices):
    """The state machine's 'Extract' state runs task definition extract, which the ECS service extract-svc runs too:
    --run-minutes for the rule that starts the machine was dropped for that state (np-real finding 2). Now its runs
    are a service of their own beside extract-svc: 2 tasks x 30.4167 runs x 20 min = 20.2778 task-hours x (1 x
    0.04048 + 2 x 0.004445) = $1.001114 on top of extract-svc's 730 h x 0.04937 = $36.0401."""
    doc = _sfn_plan()
    svc = {"address": "aws_ecs_service.extract", "values": {
        "name": "extract-svc", "cluster": "main", "desired_count": 1, "launch_type": "FARGATE",
        "task_definition": "extract:3"}}
    doc["planned_values"]["root_module"]["resources"].append(
        {**svc, "mode": "managed", "type": "aws_ecs_service", "name": "extract"})
    doc["resource_changes"].append({"address": svc["address"], "change": {
        "actions": ["create"], "after": svc["values"], "after_unknown": {}}})
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    res = import_terraform(p, run_minutes={"six-hourly": 10})
    assert "extract (nightly-etl)" not in {s.name for s in res.workload.services}
    assert any("state 'Extract'): EventBridge rule 'cron(0 3 * * ? *)' also runs task definition "
               "aws_ecs_task_definition.extract, which an ECS service of this input runs (extract-svc): the service is "
               "priced as declared" in n for n in res.notes)
    res = import_terraform(p, run_minutes={"nightly-etl": 20, "six-hourly": 10})
    by_name = {s.name: s for s in res.workload.services}
    assert sorted(by_name) == ["extract (nightly-etl)", "extract-svc", "load", "report"]
    assert (by_name["extract-svc"].replicas, by_name["extract-svc"].runs_per_month) == (1, None)
    runs = by_name["extract (nightly-etl)"]
    assert (runs.vcpu, runs.memory_mib, runs.replicas, runs.runs_per_month, runs.run_minutes) == \
        (1, 2048, 2, pytest.approx(730 / 24), 20)
    assert any("(extract-svc): the service's own replicas stay as declared, and the schedule's 30.4167 runs a month "
               "(2 tasks each, 20 min a run from --run-minutes nightly-etl) are priced on top, as the service "
               "'extract (nightly-etl)'" in n for n in res.notes)
    d: dict[str, float] = {}
    for ln in price_declared(res.workload, prices).estimate.lines:
        d[ln.service] = d.get(ln.service, 0.0) + ln.monthly_cost
    assert d["extract (nightly-etl)"] == pytest.approx(2 * 730 / 24 * 20 / 60 * (0.04048 + 2 * 0.004445), rel=1e-6)
    assert d["extract-svc"] == pytest.approx(730 * (0.04048 + 2 * 0.004445), rel=1e-6)


@pytest.mark.parametrize("edit,fragment", [
    (lambda d: "{\"StartAt\": \"Extract\",", "aws_sfn_state_machine.etl: definition: is not valid JSON "
     "(Expecting property name enclosed in double quotes"),
    (lambda d: json.dumps(["Extract"]), "aws_sfn_state_machine.etl: definition: must be a JSON object"),
    (lambda d: json.dumps(_etl_definition(TaskDefinition=f"{_ACCOUNT}:task-definition/missing:1")),
     "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.TaskDefinition: "
     "'arn:aws:ecs:us-east-1:123456789012:task-definition/missing:1' is not a task definition of this input (its task "
     "definitions: aws_ecs_task_definition.extract (family extract), aws_ecs_task_definition.load (family load), "
     "aws_ecs_task_definition.report (family report)); EventBridge rule aws_cloudwatch_event_target.nightly (through "
     "Step Functions state machine aws_sfn_state_machine.etl, state 'Extract') starts the state machine"),
    (lambda d: json.dumps(_etl_definition(Count=11)),
     "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.Count: 11 is not valid; give the tasks each "
     "execution starts, a whole number from 1 to 10"),
    (lambda d: json.dumps(_etl_definition(LaunchType="fargate")),
     "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.LaunchType: 'fargate' is not valid; use "
     "FARGATE, EC2"),
    (lambda d: json.dumps(_etl_definition(TaskDefinition=7)),
     "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.TaskDefinition: 7 is not valid"),
])
def test_terraform_state_machine_errors_name_the_resource_and_field(tmp_path, edit, fragment):
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=edit(_etl_definition()))))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and fragment in out, r.output


def test_terraform_state_machine_without_ecs_and_jsonpath_task(tmp_path):
    """A state machine that runs no ECS task (a Lambda function) is not a scheduled ECS task: its task definitions
    stay standalone tasks, as before. One whose RunTask names its task definition by a JSONPath
    (TaskDefinition.$: from the execution's input) cannot be priced from the plan: a note says so."""
    lam = {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                            "End": True, "Parameters": {"FunctionName": "f"}}}}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(lam), report_definition=json.dumps(lam))))
    res = import_terraform(p)
    assert sorted(s.name for s in res.workload.services) == ["extract", "load", "report"]
    assert all(s.runs_per_month is None for s in res.workload.services)  # 1 task all month, each (as before)
    assert any("1 aws_cloudwatch_event_target" in n and "1 aws_scheduler_schedule" in n for n in res.notes
               if n.startswith("not priced (not container compute")), res.notes
    definition = _etl_definition()
    params = definition["States"]["Extract"]["Parameters"]
    params["TaskDefinition.$"] = params.pop("TaskDefinition")
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(definition), report_definition=json.dumps(lam))))
    res = import_terraform(p, run_minutes={"nightly-etl": 20})
    assert any(n.startswith("aws_sfn_state_machine.etl: state 'Extract' (States.'Extract'.Parameters.TaskDefinition.$")
               and "the task definition comes from the execution's input, not from the plan: not priced" in n
               for n in res.notes), res.notes
    assert {s.name: s.runs_per_month for s in res.workload.services}["load"] == pytest.approx(730 / 24)


def test_cloudformation_scheduler_schedule_through_a_state_machine(tmp_path, prices):
    """An AWS::Scheduler::Schedule whose Target.Arn is a state machine of the template (its Definition a mapping,
    the task definition a substitution of !Ref Task) runs the task as a rule's target does: rate(1 day) = 730 / 24
    = 30.4167 runs x 30 min = 15.2083 task-hours at 0.25 vCPU / 0.5 GB on Fargate
    = 15.2083 x (0.25 x 0.04048 + 0.5 x 0.004445) = $0.187709."""
    resources = _fargate_template(cpu="256", memory="512", name="nightly")
    del resources["Service"]
    resources["Machine"] = {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
        "RoleArn": "arn:aws:iam::123456789012:role/sfn", "DefinitionSubstitutions": {"Task": {"Ref": "Task"}},
        "Definition": {"StartAt": "Run", "States": {"Run": {
            "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": True,
            "Parameters": {"Cluster": "main", "TaskDefinition": "${Task}", "LaunchType": "FARGATE"}}}}}}
    resources["Daily"] = {"Type": "AWS::Scheduler::Schedule", "Properties": {
        "ScheduleExpression": "rate(1 day)", "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": {"Arn": {"Ref": "Machine"}, "RoleArn": "arn:aws:iam::123456789012:role/scheduler"}}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p, run_minutes={"Daily": 30})
    [svc] = res.workload.services
    assert (svc.name, svc.runs_per_month, svc.run_minutes) == ("nightly", pytest.approx(730 / 24), 30)
    expected = 730 / 24 * 30 / 60 * (0.25 * 0.04048 + 0.5 * 0.004445)
    assert round(expected, 6) == 0.187709
    d = price_declared(res.workload, prices)
    assert d.runs_on == ["ecs-fargate"] and d.monthly_cost == pytest.approx(expected, rel=1e-9)


def test_a_run_task_inside_a_map_state_is_an_assumption_per_item(tmp_path):
    """A Map state runs its ItemProcessor once per item of its input (Step Functions Developer Guide, 'Map workflow
    state'); the count is not in the definition, so the RunTask inside is priced once per execution and says so (an
    assumption: --strict refuses it). A RunTask outside the Map gets no such assumption."""
    from advisor.workload.importers.stepfunctions import state_machine_runs

    definition = _etl_definition()
    definition["States"]["Fan"] = {"Type": "Map", "End": True, "ItemProcessor": {"StartAt": "Load", "States": {
        "Load": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": True,
                 "Parameters": {"Cluster": "main", "TaskDefinition": "load", "LaunchType": "FARGATE"}}}}}
    runs = state_machine_runs(definition, source="p", address="m", fld="definition")
    assert [s.name for s in runs.states] == ["Extract", "Load"] and runs.per_item == ["state 'Load' (in Map state 'Fan')"]
    assert state_machine_runs(_etl_definition(), source="p", address="m", fld="definition").per_item == []
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(definition))))
    res = import_terraform(p, run_minutes={"nightly-etl": 20, "six-hourly": 10})
    [a] = [a for a in res.assumptions if "Map state" in a]
    assert a.startswith("aws_sfn_state_machine.etl: state 'Load' (in Map state 'Fan') run(s) once for each item of "
                        "the Map state's input") and "priced as one run per execution" in a
    with pytest.raises(WorkloadError, match="Map state"):
        import_terraform(p, run_minutes={"nightly-etl": 20, "six-hourly": 10}).workload_checked(True)


def test_run_task_fields_from_the_execution_are_not_guessed_silently(tmp_path):
    """JSONPath (`Count.$`) and JSONata (`"{% ... %}"`, Step Functions 'Transforming data with JSONata') values come
    from the execution: a Count or LaunchType written so is priced as 1 task on the cluster's default capacity and
    listed as an assumption; a TaskDefinition written so is not known, the state noted and not priced."""
    from advisor.workload.importers.stepfunctions import state_machine_runs

    definition = _etl_definition()
    extract = definition["States"]["Extract"]["Parameters"]
    del extract["Count"]
    extract["Count.$"] = "$.shards"
    definition["States"]["Extract"]["Parameters"]["LaunchType"] = "{% $states.input.launch %}"
    load = definition["States"]["Fan"]["Branches"][0]["States"]["Load"]
    load["Arguments"] = {**load.pop("Parameters"), "TaskDefinition": "{% $states.input.family %}"}
    runs = state_machine_runs(definition, source="p", address="m", fld="definition")
    [s] = runs.states
    assert (s.name, s.count, s.launch_type) == ("Extract", None, None)
    assert runs.dynamic == ["state 'Load' (States.'Fan'.Branches[0].States.'Load'.Arguments.TaskDefinition "
                            "'{% $states.input.family %}')"]
    assert runs.unknown_fields == ["state 'Extract' Count (States.'Extract'.Parameters.Count.$)",
                                   "state 'Extract' LaunchType (States.'Extract'.Parameters.LaunchType)"]
    [a] = runs.assumptions("m")
    assert "come(s) from the execution (a path or a JSONata expression)" in a and "priced as 1 task" in a
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(definition))))
    res = import_terraform(p, run_minutes={"nightly-etl": 20, "six-hourly": 10})
    assert any(x.startswith("aws_sfn_state_machine.etl: state 'Extract' Count") for x in res.assumptions)
    extract_svc = next(s for s in res.workload.services if s.name == "extract")
    assert extract_svc.replicas == 1  # RunTask count's default, not the 2 of the plain definition


def test_copilot_state_machine_overrides_size_the_runs(tmp_path, prices):
    """A RunTask state's Overrides (PascalCase, as Step Functions writes RunTask's overrides) size the tasks it
    starts: Cpu / Memory replace the task definition's 256 / 512 (ECS API Reference, "TaskOverride"); the weekly
    10-minute run of Copilot's job is then 0.7242063 task-hours at 1 vCPU / 2 GB, with the 180 GB of ephemeral storage:
    0.7242063 x (0.04048 + 2 x 0.004445 + 180 x 0.000111) = $0.0502237, and its public IPv4 address. Cpu from the execution (Cpu.$) is an
    assumption, priced at the task definition's size; a container override naming no container of the task definition
    exits 2 naming the field."""
    params = _copilot_job_parameters()
    p = _copilot_edit(tmp_path, '"LaunchType": "FARGATE",',
                      '"LaunchType": "FARGATE", "Overrides": {"Cpu": "1024", "Memory": "2048", '
                      '"ContainerOverrides": [{"Name": "job", "Command": ["run"]}]},')
    res = import_cloudformation(p, parameters=params, run_minutes={"Rule": 10})
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib) == (1.0, 2048.0)
    assert any("runs task definition TaskDefinition with overrides (cpu '1024'; memory '2048')" in n for n in res.notes)
    # + the task's public IPv4 address (AssignPublicIp ENABLED): 0.7242063 x $0.005 = $0.0036210; $0.0538447
    expected = 730 / 168 / 6 * (0.04048 + 2 * 0.004445 + 180 * 0.000111 + 0.005)
    assert price_declared(res.workload, prices).monthly_cost == pytest.approx(expected, abs=1e-9)
    assert round(expected, 7) == 0.0538447
    dyn = _copilot_edit(tmp_path, '"LaunchType": "FARGATE",', '"LaunchType": "FARGATE", "Overrides": {"Cpu.$": "$.cpu"},')
    res = import_cloudformation(dyn, parameters=params, run_minutes={"Rule": 10})
    assert (res.workload.services[0].vcpu, res.workload.services[0].memory_mib) == (0.25, 512)
    assert any("Overrides.Cpu) come(s) from the execution" in a and "task definition's size" in a
               for a in res.assumptions)
    bad = _copilot_edit(tmp_path, '"LaunchType": "FARGATE",',
                        '"LaunchType": "FARGATE", "Overrides": {"ContainerOverrides": [{"Name": "nope", "Cpu": 512}]},')
    r = runner.invoke(app, ["import", "cloudformation", str(bad), *[f"-P{k}={v}" for k, v in params.items()],
                            "--run-minutes", "Rule=10"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "StateMachine: DefinitionString: States.'Run Fargate Task'.Parameters.Overrides.ContainerOverrides[0].Name: " \
        "'nope' is not a container of the task definition (its containers: 'job', 'nginx')" in " ".join(r.output.split())


def test_terraform_state_machine_overrides_size_the_runs(tmp_path):
    """The shared Step Functions reader gives a Terraform plan's RunTask Overrides too: 'extract' (1024 / 2048) runs
    at 4 vCPU / 8 GB, and its container override naming the container 'extract' keeps that size (a command only); a
    ContainerOverrides entry of the wrong shape exits 2 naming the state's field under definition."""
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(_etl_definition(Overrides={
        "Cpu": "4096", "Memory": "8192", "ContainerOverrides": [{"Name": "extract", "Command": ["go"]}]})))))
    res = import_terraform(p, run_minutes={"nightly-etl": 20})
    extract = next(s for s in res.workload.services if s.name == "extract")
    assert (extract.vcpu, extract.memory_mib, extract.replicas) == (4.0, 8192.0, 2)
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(_etl_definition(Overrides={
        "ContainerOverrides": [{"Name": "extract", "Memory": "lots"}, 7]})))))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.Overrides.ContainerOverrides[1]: must " \
        "be a mapping (a ContainerOverride: Name, Cpu, Memory ...), got 7." in " ".join(r.output.split()), r.output


def test_state_machine_assign_public_ip_prices_an_address_per_task_hour(tmp_path, prices):
    """A RunTask state's NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp ENABLED (Parameters, or JSONata
    Arguments) gives each task a public IPv4 address for the hours it runs, as an EventBridge target's does; they were
    not priced. 'extract': 2 tasks x 30.4167 runs x 20 min = 20.2778 task-hours x $0.005 = $0.101389 on top of its
    $1.001114; 'load' (no network configuration) none. A value RunTask refuses exits 2 naming the state's field; one
    from the execution (a path) is priced without, an assumption naming the field to set."""
    net = {"NetworkConfiguration": {"AwsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "ENABLED"}}}
    p = tmp_path / "plan.json"
    for key in ("Parameters", "Arguments"):
        d = _etl_definition(**net)
        if key == "Arguments":  # JSONata: the same request under Arguments
            d["QueryLanguage"] = "JSONata"
            for st in (d["States"]["Extract"], d["States"]["Fan"]["Branches"][0]["States"]["Load"]):
                st["Arguments"] = st.pop("Parameters")
        p.write_text(json.dumps(_sfn_plan(definition=json.dumps(d))))
        res = import_terraform(p, run_minutes={"nightly-etl": 20})
        by_name = {s.name: s for s in res.workload.services}
        assert (by_name["extract"].public_ip, by_name["load"].public_ip) == (True, False), key
        dec = price_declared(res.workload, prices)
        [ip] = [ln for ln in dec.estimate.lines if ln.category == "public_ipv4"]
        task_hours = 2 * 730 / 24 * 20 / 60
        assert (ip.service, ip.quantity, round(ip.monthly_cost, 6)) == ("extract", pytest.approx(task_hours), 0.101389)
    bad = _etl_definition(NetworkConfiguration={"AwsvpcConfiguration": {"AssignPublicIp": "YES"}})
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(bad))))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "aws_sfn_state_machine.etl: definition: States.'Extract'.Parameters.NetworkConfiguration.AwsvpcConfiguration" \
        ".AssignPublicIp: 'YES' is not valid; use ENABLED or DISABLED" in " ".join(r.output.split()), r.output
    dyn = _etl_definition(NetworkConfiguration={"AwsvpcConfiguration": {"AssignPublicIp.$": "$.public"}})
    p.write_text(json.dumps(_sfn_plan(definition=json.dumps(dyn))))
    res = import_terraform(p, run_minutes={"nightly-etl": 20})
    assert not any(s.public_ip for s in res.workload.services)
    assert any("state 'Extract' (States.'Extract'.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp"
               ".$) come(s) from the execution" in a and "write NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp "
               "ENABLED" in a for a in res.assumptions), res.assumptions


def test_copilot_state_machine_assign_public_ip_substitution(tmp_path):
    """Copilot's job with AssignPublicIp DISABLED (private subnets) prices no address; a substitution giving a value
    RunTask refuses exits 2 naming the state machine's field."""
    text = (IAC / "cloudformation" / "copilot_job_test.stack.yml").read_text()
    old = "AssignPublicIp: ENABLED # Should be DISABLED if we use private subnets"
    assert text.count(old) == 1
    p = tmp_path / "job.yml"
    p.write_text(text.replace(old, "AssignPublicIp: DISABLED"))
    res = import_cloudformation(p, parameters=_copilot_job_parameters(), run_minutes={"Rule": 10})
    assert [s.public_ip for s in res.workload.services] == [False]
    p.write_text(text.replace(old, "AssignPublicIp: 'true'"))
    with pytest.raises(WorkloadError, match=r"StateMachine: DefinitionString: States\.'Run Fargate Task'\.Parameters\."
                                            r"NetworkConfiguration\.AwsvpcConfiguration\.AssignPublicIp: 'true' is not "
                                            r"valid; use ENABLED or DISABLED"):
        import_cloudformation(p, parameters=_copilot_job_parameters(), run_minutes={"Rule": 10})


@pytest.mark.parametrize("old, new, fragment", [
    ("AssignPublicIp: ENABLED # Should be DISABLED if we use private subnets", "AssignPublicIp: !Ref AWS::NoValue",
     "Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp: '${AssignPublicIp}' is not valid; use "
     "ENABLED or DISABLED"),
    ('"LaunchType": "FARGATE",', '"LaunchType": "${LaunchType}",', "Parameters.LaunchType: '${LaunchType}' is not "
                                                                   "valid; use"),
])
def test_state_machine_placeholder_no_substitution_fills_names_the_fix(tmp_path, old, new, fragment):
    # a ${Key} no DefinitionSubstitutions entry fills (here removed by AWS::NoValue, or never given) reaches RunTask as
    # text: the message said only that the text was not valid; it now names the placeholder and where to fill it
    text = (IAC / "cloudformation" / "copilot_job_test.stack.yml").read_text()
    assert text.count(old) == 1
    p = tmp_path / "job.yml"
    p.write_text(text.replace(old, new))
    params = [f"-P{k}={v}" for k, v in _copilot_job_parameters().items()]
    r = runner.invoke(app, ["import", "cloudformation", str(p), *params, "--run-minutes", "Rule=10"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    key = new.split("${")[1].split("}")[0] if "${" in new else "AssignPublicIp"
    assert fragment in out and f"${{{key}}} is a placeholder that no DefinitionSubstitutions entry fills: add {key} " \
        "to the state machine's DefinitionSubstitutions, or write the value itself." in out, out


def test_state_machine_definition_with_a_key_given_twice_exits_2(tmp_path):
    # "AssignPublicIp": "ENABLED", "AssignPublicIp": "DISABLED" in one object: Python's JSON reader kept the last, so
    # the tasks were priced without addresses without a word; every other JSON advisor reads refuses a repeated key
    d = json.dumps(_etl_definition(NetworkConfiguration={"AwsvpcConfiguration": {"AssignPublicIp": "ENABLED"}}))
    d = d.replace('"AssignPublicIp": "ENABLED"', '"AssignPublicIp": "ENABLED", "AssignPublicIp": "DISABLED"')
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=d)))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "aws_sfn_state_machine.etl: definition: the key 'AssignPublicIp' is given twice in " \
        "the same mapping (JSON object)" in out, out


def test_rule_target_input_with_a_key_given_twice_exits_2(tmp_path):
    # Input '{"cpu": "1024", "cpu": "256"}': the last was read without a word
    cfn = _fargate_template()
    cfn["Nightly"] = {"Type": "AWS::Events::Rule", "Properties": {
        "ScheduleExpression": "rate(1 day)", "Targets": [{
            "Id": "t", "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "Input": '{"cpu": "1024", "cpu": "256"}',
            "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE"}}]}}
    p = tmp_path / "t.json"
    p.write_text(_template(cfn))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Nightly=10"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Input: gives the key 'cpu' twice in one object; JSON readers keep only the last, " \
        "so the first would be lost silently. Give each key once." in out, out


def test_json_text_nested_thousands_of_levels_exits_2(tmp_path):
    # a state machine's definition (Terraform: JSON text) or a rule target's Input nested 2,000 levels deep: Python's
    # JSON parser raised RecursionError, a traceback and exit 1; now the depth limit of every JSON advisor reads
    deep = '{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [' * 2000 + \
        json.dumps(_etl_definition()) + "]}}}" * 2000
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_sfn_plan(definition=deep)))
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly-etl=20"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out, out
    assert "aws_sfn_state_machine.etl: definition: mappings and lists nest more than 100 levels deep" in out, out
    cfn = _fargate_template()
    cfn["Nightly"] = {"Type": "AWS::Events::Rule", "Properties": {
        "ScheduleExpression": "rate(1 day)", "Targets": [{
            "Id": "t", "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "Input": "[" * 5000 + "]" * 5000,
            "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE"}}]}}
    p = tmp_path / "t.json"
    p.write_text(_template(cfn))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Nightly=10"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out, out
    assert "Input: nests more than 100 levels deep" in out, out


def test_state_machine_container_override_named_by_the_execution_is_an_assumption(tmp_path):
    p = _copilot_edit(tmp_path, '"LaunchType": "FARGATE",', '"LaunchType": "FARGATE", "Overrides": '
                      '{"ContainerOverrides": [{"Name.$": "$.c", "Cpu": 512}]},')
    res = import_cloudformation(p, parameters=_copilot_job_parameters(), run_minutes={"Rule": 10})
    assert (res.workload.services[0].vcpu, res.workload.services[0].memory_mib) == (0.25, 512)
    assert any("ContainerOverrides[0].Name) come(s) from the execution" in a for a in res.assumptions)


def test_state_machine_arguments_written_as_one_jsonata_expression_is_not_priced(tmp_path):
    """A RunTask state whose whole Arguments is a JSONata string comes from the execution: noted and not priced (it
    exited 2 saying Parameters.TaskDefinition was missing)."""
    from advisor.workload.importers.stepfunctions import state_machine_runs

    d = {"QueryLanguage": "JSONata", "StartAt": "Run", "States": {"Run": {
        "Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": True,
        "Arguments": "{% $states.input.request %}"}}}
    runs = state_machine_runs(d, source="t", address="m", fld="Definition")
    assert runs.states == [] and runs.dynamic == ["state 'Run' (States.'Run'.Arguments '{% $states.input.request %}')"]


@pytest.mark.parametrize("name", [None, "my-asg-cp"])
def test_a_ref_to_a_capacity_provider_is_its_name(tmp_path, name):
    # CDK's AsgCapacityProvider writes strategies as {"Ref": <AWS::ECS::CapacityProvider>}, which returns the
    # provider's name (CloudFormation User Guide, AWS::ECS::CapacityProvider, Return values); it exited 2 ("names a
    # resource, not a value" / "give a provider name such as FARGATE")
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "AsgCP"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["EC2"]
    resources["AsgCP"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {
        "AutoScalingGroupProvider": {"AutoScalingGroupArn": "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:x"},
        **({"Name": name} if name else {})}}
    resources["Assoc"] = {"Type": "AWS::ECS::ClusterCapacityProviderAssociations", "Properties": {
        "Cluster": {"Ref": "Cluster"}, "CapacityProviders": [{"Ref": "AsgCP"}],
        "DefaultCapacityProviderStrategy": [{"CapacityProvider": {"Ref": "AsgCP"}, "Weight": 2}]}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    (svc,) = import_cloudformation(p).workload.services
    assert [(i["capacityProvider"], i["weight"]) for i in svc.capacity_provider_strategy] == [(name or "AsgCP", 1)]


@pytest.mark.parametrize("name, option, want", [("mi-spot", "SPOT", "spot"), (None, None, "on_demand")])
def test_a_managed_instances_capacity_provider_is_written_to_ecs_managed_instances(tmp_path, name, option, want):
    # A CapacityProvider with ManagedInstancesProvider was taken for an Auto Scaling group provider: the workload got
    # no ecs_managed_instances.capacity_providers, so ECS Managed Instances said the strategy names no provider of it
    lt = {"Ec2InstanceProfileArn": "arn:aws:iam::1:instance-profile/x", **({"CapacityOptionType": option} if option
                                                                         else {})}
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "MiCP"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["MANAGED_INSTANCES"]
    resources["MiCP"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {
        "ManagedInstancesProvider": {"InfrastructureRoleArn": "arn:aws:iam::1:role/x", "InstanceLaunchTemplate": lt},
        **({"Name": name} if name else {})}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.ecs_managed_instances.capacity_providers[0].model_dump() == \
        {"name": name or "MiCP", "capacity_option_type": want}
    (svc,) = res.workload.services
    assert svc.capacity_provider_strategy[0]["capacityProvider"] == (name or "MiCP")


def _mi_template(name: str | None = "mi-od", **launch_template) -> dict:
    """_fargate_template's service on an ECS Managed Instances capacity provider MiCP (named ``name``), its task
    definition requiring MANAGED_INSTANCES; ``launch_template``: more InstanceLaunchTemplate properties."""
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "MiCP"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["MANAGED_INSTANCES"]
    resources["MiCP"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {**({"Name": name} if name else {}),
                         "ManagedInstancesProvider": {"InfrastructureRoleArn": "arn:aws:iam::1:role/x",
                         "InstanceLaunchTemplate": {"Ec2InstanceProfileArn": "arn:aws:iam::1:instance-profile/x",
                                                    **launch_template}}}}
    return resources


def test_a_managed_instances_provider_does_not_name_the_workload(tmp_path):
    # Reported: the provider's name was read into the same variable as the workload's name, so a template with an
    # ECS Managed Instances provider named the workload after it ("mi-od") and 'import cloudformation --name' was
    # ignored
    resources = _mi_template()
    p = tmp_path / "shop.json"
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.name == "shop"
    res = import_cloudformation(p, name="my-estate")
    assert res.workload.name == "my-estate"
    assert res.workload.ecs_managed_instances.capacity_providers[0].name == "mi-od"


def test_a_service_on_a_managed_instances_provider_is_declared_as_such(tmp_path):
    # Reported: the declared estate was labelled "As declared (ECS on EC2)" and said "the ECS container instances
    # they run on are not declared"; Fargate Spot said the provider was an EC2 one "which the ecs-ec2 platform prices"
    resources = _mi_template()
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    result = compare(p, platforms=["ecs-fargate-spot"])
    assert result.declared.runs_on == ["ecs-managed-instances"]
    assert result.declared.label == "As declared (ECS Managed Instances)"
    (why,) = result.declared.estimate.unsupported
    assert why.service == "web" and why.reason == (
        "2 task(s) run on the ECS Managed Instances capacity provider mi-od, whose instances ECS chooses at run time, "
        "so none is declared; see the ecs-managed-instances platform's estimate")
    (why,) = result.estimate("ecs-fargate-spot").unsupported
    assert why.reason == ("its strategy places tasks on ECS Managed Instances capacity provider(s) mi-od, which the "
                          "ecs-managed-instances platform prices")


def test_a_service_on_graviton_only_managed_instances_is_arm64(tmp_path):
    # A provider whose CpuManufacturers is amazon-web-services launches AWS Graviton (arm64) types only, so ECS places
    # the service's tasks on arm64, as for an Auto Scaling group provider of Graviton types; the service was x86_64,
    # which no type of the provider runs: ECS Managed Instances could run none of it
    resources = _mi_template(InstanceRequirements={"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 4096},
                                                   "CpuManufacturers": ["amazon-web-services"]})
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    (web,) = res.workload.services
    assert web.architecture == "arm64"
    assert ("architecture arm64: its ECS Managed Instances capacity provider(s) mi-od launch only arm64 (Graviton) "
            "instance types (ManagedInstancesProvider.InstanceLaunchTemplate.InstanceRequirements.CpuManufacturers "
            "amazon-web-services)") in " ".join(res.services[0].comments)
    # a task definition that says X86_64 stays x86_64, with a note that ECS would never place it there
    resources["Task"]["Properties"]["RuntimePlatform"] = {"CpuArchitecture": "X86_64"}
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.services[0].architecture == "x86_64"
    assert any("its tasks are x86_64, but its ECS Managed Instances capacity provider(s) mi-od launch only arm64" in n
               for n in res.notes)
    # Intel and Graviton: either architecture runs, nothing is changed
    resources = _mi_template(InstanceRequirements={"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 4096},
                                                   "CpuManufacturers": ["intel", "amazon-web-services"]})
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.services[0].architecture == "x86_64"


def _numbers_as_text(value):
    """``value`` with every number written as text, as CloudFormation takes any Integer or Double property ("2")."""
    if isinstance(value, dict):
        return {k: _numbers_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_as_text(v) for v in value]
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _numbers_everywhere() -> list[tuple[str, dict]]:
    fargate = _fargate_template(desired=2)
    fargate["Service"]["Properties"]["DeploymentConfiguration"] = {"MinimumHealthyPercent": 50, "MaximumPercent": 150}
    fargate["Task"]["Properties"]["EphemeralStorage"] = {"SizeInGiB": 40}
    fargate["Task"]["Properties"]["ContainerDefinitions"][0].update(Cpu=256, Memory=512, MemoryReservation=256)
    fargate["Target"] = {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
        "MinCapacity": 1, "MaxCapacity": 4, "ResourceId": "service/main/web",
        "ScalableDimension": "ecs:service:DesiredCount", "ServiceNamespace": "ecs"}}
    bridge = _fargate_template(desired=3)
    bridge["Service"]["Properties"]["LaunchType"] = "EC2"
    bridge["Task"]["Properties"].update(NetworkMode="bridge", RequiresCompatibilities=["EC2"])
    bridge["Task"]["Properties"]["ContainerDefinitions"][0].update(
        Cpu=256, Memory=512, PortMappings=[{"ContainerPort": 80, "HostPort": 8080}])
    mi = _mi_template(InstanceRequirements={"VCpuCount": {"Min": 2, "Max": 8}, "MemoryMiB": {"Min": 4096, "Max": 16384},
                                            "MemoryGiBPerVCpu": {"Min": 2, "Max": 4}},
                      StorageConfiguration={"StorageSizeGiB": 100})
    mi["Service"]["Properties"]["CapacityProviderStrategy"][0].update(Base=1, Weight=2)
    return [("fargate", fargate), ("ec2 bridge", bridge), ("managed instances", mi)]


@pytest.mark.parametrize("name, resources", _numbers_everywhere())
def test_a_templates_numbers_written_as_text_import_as_the_numbers(tmp_path, name, resources):
    """CloudFormation takes "2" for any Integer or Double property, and the workload format refuses text for a number
    (docs/workload-format.md, Numbers): the importer reads the text as the number. EphemeralStorage.SizeInGiB "40"
    exited 2 ("is not valid"), and InstanceRequirements VCpuCount.Min "2" reached the workload as text."""
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    as_numbers = import_cloudformation(p).to_dict()
    p.write_text(_template(_numbers_as_text(resources)))
    as_text = import_cloudformation(p).to_dict()
    assert as_text == as_numbers
    svc = as_text["services"][0]
    if name == "fargate":
        assert (svc["scaling"], svc["min_healthy_percent"], svc["max_percent"], svc["ephemeral_storage_gib"]) == \
            ({"min": 1, "max": 4, "average": 2.5}, 50, 150, 40)
    elif name == "ec2 bridge":
        assert svc["host_ports"] == [8080] and svc["replicas"] == 3
    else:
        mi = as_text["ecs_managed_instances"]
        assert mi["instance_requirements"]["vcpu"] == {"min": 2, "max": 8} and mi["storage_gib"] == 100
        assert svc["replicas"] == 2 and svc["capacity_provider_strategy"][0]["weight"] == 2


def test_a_sub_of_the_stack_name_says_parameter_cannot_set_it(tmp_path):
    # the message told the user to pass -P NAME=VALUE, which refuses AWS::StackName (not a template parameter)
    resources = _fargate_template(strategy=[{"capacityProvider": {"Fn::Sub": "${AWS::StackName}-cp"}, "weight": 1}])
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    with pytest.raises(WorkloadError, match=r"Fn::Sub uses \$\{AWS::StackName\}, which only the deployed stack knows "
                                            r"\(a pseudo parameter: --parameter cannot set it\); write the value"):
        import_cloudformation(p)


def test_a_managed_instances_providers_instance_requirements_are_read(tmp_path):
    # CDK's ManagedInstancesCapacityProvider example: instanceRequirements vCpuCountMin 1, memoryMin 2 GiB
    lt = {"Ec2InstanceProfileArn": "arn:aws:iam::1:instance-profile/x", "InstanceRequirements": {
        "VCpuCount": {"Min": 1}, "MemoryMiB": {"Min": 2048, "Max": 16384}, "BurstablePerformance": "included",
        "CpuManufacturers": ["amd"]}}
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "MiCP"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["MANAGED_INSTANCES"]
    resources["MiCP"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {"ManagedInstancesProvider": {
        "InfrastructureRoleArn": "arn:aws:iam::1:role/x", "InstanceLaunchTemplate": lt}}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    ir = res.workload.ecs_managed_instances.instance_requirements
    assert (ir.vcpu.min, ir.vcpu.max, ir.memory_mib.min, ir.memory_mib.max, ir.burstable) == \
        (1, None, 2048, 16384, "included")
    assert ir.cpu_manufacturers == ["amd"]  # read since it chooses the types (it was noted as not read)
    assert not any("not read" in n for n in res.notes)


@pytest.mark.parametrize("name, want, noted", [({"Fn::Sub": "${Env}-cp"}, "prod-cp", False),
                                               ({"Fn::Sub": "${AWS::StackName}-cp"}, "AsgCP", True)])
def test_a_capacity_provider_name_written_as_a_sub(tmp_path, name, want, noted):
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "AsgCP"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["EC2"]
    resources["AsgCP"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {
        "Name": name, "AutoScalingGroupProvider": {"AutoScalingGroupArn": "arn:aws:autoscaling:us-east-1:1:x"}}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources, Parameters={"Env": {"Type": "String", "Default": "prod"}}))
    res = import_cloudformation(p)
    assert res.workload.services[0].capacity_provider_strategy[0]["capacityProvider"] == want
    assert any("its logical id stands for it" in n for n in res.notes) == noted


def _tf_managed_instances(option=None, requirements=None, storage=None, name="mi-spot") -> list[dict]:
    """_tf_fargate's service on an aws_ecs_capacity_provider with managed_instances_provider (aws provider 6.x
    schema: instance_launch_template { capacity_option_type, instance_requirements { vcpu_count { min max } ... },
    storage_configuration { storage_size_gib } }), as 'terraform show -json' writes blocks: lists of one object."""
    lt = {"ec2_instance_profile_arn": "arn:aws:iam::1:instance-profile/x", "capacity_option_type": option,
          "instance_requirements": [requirements] if requirements else [],
          "storage_configuration": [{"storage_size_gib": storage}] if storage else [],
          "network_configuration": [{"subnets": ["subnet-1"], "security_groups": []}]}
    resources = _tf_fargate(strategy=[{"capacityProvider": name, "weight": 1}])
    resources[1]["values"]["requires_compatibilities"] = ["MANAGED_INSTANCES"]
    return resources + [{"address": "aws_ecs_capacity_provider.mi", "values": {
        "name": name, "cluster": "main", "auto_scaling_group_provider": [], "managed_instances_provider": [{
            "infrastructure_role_arn": "arn:aws:iam::1:role/x", "instance_launch_template": [lt]}]}}]


def test_terraform_managed_instances_provider_is_read_as_cloudformation_s(tmp_path):
    """Reported: the Terraform importer skipped aws_ecs_capacity_provider, so a service whose strategy names an ECS
    Managed Instances provider was declared on ECS on EC2 and ECS Managed Instances said the strategy names no
    provider of it. Its name, capacity_option_type, instance_requirements and storage size are now read, as
    CloudFormation's ManagedInstancesProvider is."""
    ir = {"vcpu_count": [{"min": 2, "max": 8}], "memory_mib": [{"min": 4096, "max": None}],
          "burstable_performance": "excluded", "cpu_manufacturers": ["amd"], "allowed_instance_types": [],
          "accelerator_count": []}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(_tf_managed_instances("SPOT", ir, 120))))
    res = import_terraform(p)
    mi = res.workload.ecs_managed_instances
    assert [c.model_dump() for c in mi.capacity_providers] == [{"name": "mi-spot", "capacity_option_type": "spot"}]
    assert (mi.instance_requirements.vcpu.min, mi.instance_requirements.vcpu.max, mi.instance_requirements.memory_mib.min,
            mi.instance_requirements.burstable, mi.storage_gib) == (2, 8, 4096, "excluded", 120)
    assert mi.instance_requirements.cpu_manufacturers == ["amd"]
    assert not any("not read" in n for n in res.notes)
    assert not any("aws_ecs_capacity_provider" in n and "skipped" in n for n in res.notes)
    c = compare(res.workload, platforms=["ecs-fargate-spot"], scaling=False)
    assert c.declared.label == "As declared (ECS Managed Instances)"
    # capacity_option_type left out of the configuration: computed (unknown until apply), the API's ON_DEMAND
    p.write_text(json.dumps(_plan(_tf_managed_instances(), unknown={"aws_ecs_capacity_provider.mi": {
        "managed_instances_provider": [{"instance_launch_template": [{"capacity_option_type": True}]}]}})))
    res = import_terraform(p)
    assert res.workload.ecs_managed_instances.capacity_providers[0].capacity_option_type == "on_demand"
    assert any(a.startswith("aws_ecs_capacity_provider.mi: capacity_option_type is not in the plan") for a in
               res.assumptions)
    p.write_text(json.dumps(_plan(_tf_managed_instances("ON_DEMAND", {"vcpu_count": [{"min": None, "max": 8}]}),
                                  unknown={"aws_ecs_capacity_provider.mi": {"managed_instances_provider": [{
                                      "instance_launch_template": [{"instance_requirements": [{"vcpu_count": [
                                          {"min": True}]}], "storage_configuration": [{"storage_size_gib": True}]}]}]}})))
    res = import_terraform(p)
    assert any(a.startswith("aws_ecs_capacity_provider.mi: instance_requirements.vcpu_count.min, "
                            "storage_configuration.storage_size_gib unknown until apply: left out") for a in res.assumptions)
    assert res.workload.ecs_managed_instances.storage_gib == 80  # the workload's default: none given
    # an Auto Scaling group provider is still skipped (its instances are the ASG's)
    asg = _tf_fargate() + [{"address": "aws_ecs_capacity_provider.asg", "values": {
        "name": "asg", "auto_scaling_group_provider": [{"auto_scaling_group_arn": "arn:x"}],
        "managed_instances_provider": []}}]
    p.write_text(json.dumps(_plan(asg)))
    assert import_terraform(p).workload.ecs_managed_instances.capacity_providers is None


def test_cloudformation_managed_instances_storage_size_is_read(tmp_path):
    # InstanceLaunchTemplate.StorageConfiguration.StorageSizeGiB was not read: the instances were priced with the
    # workload's default 80 GiB data volume
    resources = _mi_template(None, StorageConfiguration={"StorageSizeGiB": "200"})
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.ecs_managed_instances.storage_gib == 200


def test_cdk_aws_eks_fargate_profile_custom_resource_selects_its_namespace(prices, tmp_path):
    """The aws-eks module's cluster.addFargateProfile writes Custom::AWSCDK-EKS-FargateProfile, whose Config is the
    CreateFargateProfile request ({clusterName: Ref cluster, selectors: [{namespace: batch}]}), as aws-cdk-lib 2.276
    synthesizes it. A Deployment of the namespace (CDK addManifest) runs on Fargate as declared: 2 pods of 1 vCPU /
    2 GiB requested + 256 MiB -> 1 vCPU / 3 GB each: 2 x 730 h x ($0.04048 + 3 x $0.004445) = $78.57; the cluster
    (Custom::AWSCDK-EKS-Cluster, version 1.30, Config without a name) is declared, named by its logical id."""
    token = {"Fn::GetAtt": ["Provider", "Arn"]}
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "job", "namespace": "batch"},
              "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "job"}}, "template": {
                  "metadata": {"labels": {"app": "job"}}, "spec": {"containers": [{
                      "name": "job", "image": "busybox", "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}}}
    template = {"Resources": {
        "Provider": {"Type": "AWS::Lambda::Function", "Properties": {}},
        "Cluster9EE0221C": {"Type": "Custom::AWSCDK-EKS-Cluster", "Properties": {
            "ServiceToken": token, "Config": {"version": "1.30", "resourcesVpcConfig": {"subnetIds": []}}}},
        "ClusterfargateprofileBatchBA86B04A": {"Type": "Custom::AWSCDK-EKS-FargateProfile", "Properties": {
            "ServiceToken": token, "Config": {"clusterName": {"Ref": "Cluster9EE0221C"},
                                              "selectors": [{"namespace": "batch"}]}}},
        "ClustermanifestApp9ED0B8C7": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "ServiceToken": token, "Manifest": json.dumps([deploy]), "ClusterName": {"Ref": "Cluster9EE0221C"}}}}}
    path = tmp_path / "eks.template.json"
    path.write_text(json.dumps(template))
    res = import_cloudformation(path, as_of="2026-01-01")
    [svc] = res.declared["kubernetes_services"]
    assert (svc["runs_on"], svc["fargate_profile"]) == ("fargate", "ClusterfargateprofileBatchBA86B04A")
    assert res.declared["fargate_profiles"][0]["namespaces"] == ["batch"]
    assert res.declared["eks_clusters"][0]["name"] == "Cluster9EE0221C"
    d = price_declared(res.workload, prices).estimate
    assert sum(ln.monthly_cost for ln in d.lines if ln.service == "job") == pytest.approx(2 * 730 * (0.04048 + 3 * 0.004445))


def test_spot_launch_configuration_is_priced_at_the_spot_estimate(prices, tmp_path):
    """aws/aws-cdk integ.spot-drain snapshot (packages/@aws-cdk-testing/framework-integ/test/aws-ecs/test/ec2/
    integ.spot-drain.js.snapshot/aws-ecs-integ-spot.template.json @ 03fd5e72cf46e201c84d5ff823749c16f4888717):
    cluster.addCapacity('asgSpot', {spotPrice: '0.0735'}) is an Auto Scaling group (DesiredCapacity "2") whose
    AWS::AutoScaling::LaunchConfiguration has InstanceType c5.xlarge and SpotPrice "0.0735": Spot Instances. They were
    priced On-Demand (2 x 730 h x $0.17 = $248.20). Now at the Spot estimate of the bundled data: c5.xlarge in
    us-east-1 saves 56% (Spot Instance Advisor), $0.17 x 0.44 = $0.0748 an hour, with a note; the same for a launch
    template's InstanceMarketOptions (MarketType spot), the CDK's newer form. That estimate is above the request's
    maximum price, $0.0735, and EC2 never bills a Spot Instance above it (it interrupts the instance when "The Spot
    price is greater than your maximum price", EC2 User Guide, "Spot Instance interruptions"): the group was priced
    at 2 x 730 x $0.0748 = $109.208, above what it can cost; now at the maximum, 2 x 730 x $0.0735 = $107.31, with a
    note. A maximum above the estimate ($0.10) leaves the estimate: 2 x 730 x $0.0748 = $109.208."""
    lc = {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {
        "ImageId": "ami-123", "InstanceType": "c5.xlarge", "SpotPrice": "0.0735"}}
    lt = {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
        "InstanceType": "c5.xlarge", "InstanceMarketOptions": {"MarketType": "spot", "SpotOptions": {
            "MaxPrice": "0.0735"}}}}}
    task = {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
        {"Name": "PHP", "Image": "amazon/amazon-ecs-sample", "Memory": 512}]}}
    for launch, ref in ((lc, {"LaunchConfigurationName": {"Ref": "Launch"}}),
                        (lt, {"LaunchTemplate": {"LaunchTemplateId": {"Ref": "Launch"}, "Version": "1"}})):
        template = {"Resources": {
            "EcsCluster97242B84": {"Type": "AWS::ECS::Cluster"}, "Launch": launch, "Task": task,
            "Asg": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
                "MaxSize": "2", "MinSize": "2", "DesiredCapacity": "2", **ref}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {
                "Cluster": {"Ref": "EcsCluster97242B84"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "EC2"}}}}
        path = tmp_path / "spot.template.json"
        path.write_text(json.dumps(template))
        d, res = _declared(path, prices)
        [group] = res.declared["node_groups"]
        assert (group["instance_types"], group["desired"], group["capacity_type"]) == (["c5.xlarge"], 2, "spot")
        assert any("requests Spot Instances" in n for n in res.notes)
        assert group["spot_max_price"] == 0.0735
        [line] = [ln for ln in d.estimate.lines if ln.name.startswith("Instance usage")]
        assert line.name.startswith("Instance usage (Spot, c5.xlarge) x 2")
        assert (line.unit_price, line.monthly_cost) == (0.0735, pytest.approx(2 * 730 * 0.0735))  # 107.31
        assert any("Spot estimate for c5.xlarge ($0.0748 an hour) is above its maximum price $0.0735: priced at the "
                   "maximum" in n for n in d.estimate.notes), d.estimate.notes
        # a maximum above the estimate caps nothing
        text = json.dumps(template).replace('"0.0735"', '"0.10"')
        path.write_text(text)
        d, res = _declared(path, prices)
        [line] = [ln for ln in d.estimate.lines if ln.name.startswith("Instance usage")]
        assert line.monthly_cost == pytest.approx(2 * 730 * 0.17 * 0.44)  # 109.208
        # a maximum that is not a price exits 2 naming it
        path.write_text(text.replace('"0.10"', '"cheap"'))
        with pytest.raises(WorkloadError, match=r"Launch: (SpotPrice|LaunchTemplateData\.Instance"
                                                r"MarketOptions\.SpotOptions\.MaxPrice): 'cheap' is not valid; "
                                                r"give the maximum Spot price in USD per instance-hour"):
            import_cloudformation(path)


def test_no_value_removes_a_property_of_a_mapping(prices, tmp_path):
    """AWS::NoValue "removes the corresponding resource property when specified as a return value in the Fn::If
    intrinsic function" (CloudFormation User Guide, Pseudo parameters reference). aws-samples/ecs-refarch-mixed-mode
    (templates/ecs-cluster.yaml @ c4e8c8e7) writes SpotPrice: !If [IsSpot, !Ref SpotBidPrice, !Ref AWS::NoValue]: with
    PurchaseOption OnDemand the launch configuration has no SpotPrice and its instances are On-Demand. It was read
    as "SpotPrice {'Ref': 'AWS::NoValue'}" and priced at the Spot estimate. t2.small in us-east-1, $0.023 an hour:
    730 x 0.023 = $16.79 On-Demand; with PurchaseOption Spot, 69% off (Spot Instance Advisor): 730 x 0.023 x 0.31 =
    $5.2049. The same holds for any property, here the service's DesiredCount (absent: 1 task, CreateService's
    default when no scaling target sets it)."""
    template = {
        "Parameters": {"PurchaseOption": {"Type": "String", "Default": "OnDemand", "AllowedValues": ["OnDemand", "Spot"]},
                       "SpotBidPrice": {"Type": "String", "Default": "0.05"}},
        "Conditions": {"IsSpot": {"Fn::Equals": [{"Ref": "PurchaseOption"}, "Spot"]}},
        "Resources": {
            "Cluster": {"Type": "AWS::ECS::Cluster"},
            "Launch": {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {
                "ImageId": "ami-123", "InstanceType": "t2.small",
                "SpotPrice": {"Fn::If": ["IsSpot", {"Ref": "SpotBidPrice"}, {"Ref": "AWS::NoValue"}]}}},
            "Asg": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
                "MinSize": "1", "MaxSize": "1", "DesiredCapacity": "1", "LaunchConfigurationName": {"Ref": "Launch"}}},
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
                {"Name": "nginx", "Image": "nginx", "Memory": 256, "Cpu": 256}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {
                "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "EC2",
                "DesiredCount": {"Fn::If": ["IsSpot", 3, {"Ref": "AWS::NoValue"}]}}}}}
    path = tmp_path / "mixed.template.json"
    path.write_text(json.dumps(template))
    for option, capacity, replicas, cost in (("OnDemand", "on_demand", 1, 730 * 0.023),
                                             ("Spot", "spot", 3, 730 * 0.023 * 0.31)):
        d, res = _declared(path, prices, parameters={"PurchaseOption": option})
        [group] = res.declared["node_groups"]
        assert group["capacity_type"] == capacity
        assert any("requests Spot Instances" in n for n in res.notes) is (option == "Spot")
        assert not any("NoValue" in n for n in res.notes + res.assumptions)
        assert res.workload.services[0].replicas == replicas
        [line] = [ln for ln in d.estimate.lines if ln.name.startswith("Instance usage")]
        assert line.monthly_cost == pytest.approx(cost)


def test_unresolved_if_and_sub_name_the_parameters_to_give(tmp_path):
    """An intrinsic a cost depends on that does not resolve names the parameter to give, as a plain Ref does:
    aws-samples/ecs-refarch-mixed-mode templates/ecs-cluster.yaml @ c4e8c8e7 (PlacementConstraints Expression
    !Sub attribute:instance-purchase-option == ${PurchaseOption}, no Default) and aws-samples/amazon-ecs-java-
    microservices ecs-cluster-2az.yaml @ cb567135 (LaunchConfigurationName !If [CreateEC2LCWithKeyPair, !Ref
    EcsInstanceLc, !Ref EcsInstanceLcWithoutKeyPair], the condition testing KeyName). The launch configuration
    used to be called "not an AWS::AutoScaling::LaunchConfiguration of this template"; the Sub said only "give the
    parameters it uses"."""
    lc = {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {"ImageId": "ami-1", "InstanceType": "t2.large"}}
    template = {
        "Parameters": {"KeyName": {"Type": "String"}, "PurchaseOption": {"Type": "String"}},
        "Conditions": {"WithKey": {"Fn::Not": [{"Condition": "NoKey"}]},
                       "NoKey": {"Fn::Equals": [{"Ref": "KeyName"}, ""]}},
        "Resources": {
            "Lc": lc, "LcNoKey": lc,
            "Asg": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
                "MinSize": "1", "MaxSize": "2", "LaunchConfigurationName": {
                    "Fn::If": ["WithKey", {"Ref": "Lc"}, {"Ref": "LcNoKey"}]}}},
            "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [
                {"Name": "nginx", "Image": "nginx", "Memory": 256}]}},
            "Service": {"Type": "AWS::ECS::Service", "Properties": {
                "TaskDefinition": {"Ref": "Task"}, "LaunchType": "EC2", "PlacementConstraints": [{
                    "Type": "memberOf",
                    "Expression": {"Fn::Sub": "attribute:instance-purchase-option == ${PurchaseOption}"}}]}}}}
    path = tmp_path / "t.template.json"
    path.write_text(json.dumps(template))
    r = CliRunner().invoke(app, ["import", "cloudformation", str(path), "-P", "PurchaseOption=Spot"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert ("Asg: LaunchConfigurationName: !If ['WithKey', {'Ref': 'Lc'}, {'Ref': 'LcNoKey'}] does not resolve to a value advisor can price: "
            "its condition WithKey does not resolve: it tests parameter KeyName without a Default. Give "
            "'advisor import cloudformation TEMPLATE -P KeyName=VALUE'") in out
    r = CliRunner().invoke(app, ["import", "cloudformation", str(path), "-P", "KeyName=k"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and ("Service: PlacementConstraints[0].Expression: !Sub attribute:instance-purchase-option "
                                 "== ${PurchaseOption} does not resolve to a value advisor can price: Fn::Sub uses "
                                 "PurchaseOption, which has no Default. Give 'advisor import cloudformation TEMPLATE "
                                 "-P PurchaseOption=VALUE'") in out
    res = import_cloudformation(path, parameters={"KeyName": "k", "PurchaseOption": "Spot"})
    assert res.declared["node_groups"][0]["instance_types"] == ["t2.large"]


def test_cdk_state_machine_definition_string_joined_around_tokens(prices, tmp_path):
    """The CDK's EcsRunTask in a StateMachine started by an events.Rule (targets.SfnStateMachine), as aws-cdk-lib
    2.276 synthesizes it: DefinitionString is a Fn::Join of JSON text around the cluster's Fn::GetAtt Arn, the
    subnets' and security group's ids and the partition, and TaskDefinition is the family. It used to resolve to
    nothing: the rule was "not priced" and the task definition priced as a task running all month. Now the rule runs
    it through the state machine: cron(0 2 * * ? *) = 30.4167 runs; with 20-minute runs 10.139 task-hours of 1 vCPU
    / 4 GB on Fargate: 10.139 x ($0.04048 + 4 x $0.004445) = $0.5907 a month, on cluster ClusterEB0386A7."""
    definition = {"Fn::Join": ["", [
        "{\"StartAt\":\"Run\",\"States\":{\"Run\":{\"End\":true,\"Type\":\"Task\",\"Resource\":\"arn:",
        {"Ref": "AWS::Partition"}, ":states:::ecs:runTask.sync\",\"Parameters\":{\"Cluster\":\"",
        {"Fn::GetAtt": ["ClusterEB0386A7", "Arn"]},
        "\",\"TaskDefinition\":\"c12sfnruntaskTD9B671FD6\",\"NetworkConfiguration\":{\"AwsvpcConfiguration\":"
        "{\"Subnets\":[\"", {"Ref": "Subnet"}, "\"],\"SecurityGroups\":[\"", {"Fn::GetAtt": ["RunSG", "GroupId"]},
        "\"]}},\"LaunchType\":\"FARGATE\",\"PlatformVersion\":\"LATEST\"}}}}"]]}
    template = {"Resources": {
        "ClusterEB0386A7": {"Type": "AWS::ECS::Cluster"},
        "Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {}},
        "RunSG": {"Type": "AWS::EC2::SecurityGroup", "Properties": {}},
        "TD49C78F36": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "c12sfnruntaskTD9B671FD6", "Cpu": "1024", "Memory": "4096", "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": "etl", "Image": "x"}]}},
        "SM934E715A": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
            "DefinitionString": definition, "RoleArn": "arn:aws:iam::111111111111:role/sm"}},
        "NightlyC44EE0A7": {"Type": "AWS::Events::Rule", "Properties": {
            "ScheduleExpression": "cron(0 2 * * ? *)", "State": "ENABLED",
            "Targets": [{"Arn": {"Ref": "SM934E715A"}, "Id": "Target0"}]}}}}
    path = tmp_path / "sfn.template.json"
    path.write_text(json.dumps(template))
    res = import_cloudformation(path, run_minutes={"NightlyC44EE0A7": 20})
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.runs_per_month, svc.run_minutes) == (1, 4096, pytest.approx(730 / 24), 20)
    [dec] = res.declared["ecs_services"]
    assert (dec["cluster"], dec["launch_type"]) == ("ClusterEB0386A7", "FARGATE")
    assert any("DefinitionString is a Fn::Join" in n for n in res.notes)
    est = compare(res.workload, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    hours = 730 / 24 * 20 / 60
    assert sum(ln.monthly_cost for ln in est.lines if ln.service == svc.name) == pytest.approx(
        hours * (0.04048 + 4 * 0.004445))


def test_an_auto_scaling_group_under_ecs_managed_scaling_says_who_sizes_it(tmp_path):
    """The CDK's AsgCapacityProvider writes an Auto Scaling group without DesiredCapacity (MinSize 0) and a capacity
    provider with ManagedScaling ENABLED: ECS launches the instances its tasks need. The declared estate said only
    "no DesiredCapacity: MinSize (0) instances assumed", as if nothing ran there."""
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "Cp"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["EC2"]
    resources["Lc"] = {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {
        "ImageId": "ami-1", "InstanceType": "c5.large"}}
    resources["Asg"] = {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
        "MinSize": "0", "MaxSize": "10", "LaunchConfigurationName": {"Ref": "Lc"}}}
    resources["Cp"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {"AutoScalingGroupProvider": {
        "AutoScalingGroupArn": {"Ref": "Asg"}, "ManagedScaling": {"Status": "ENABLED", "TargetCapacity": 100}}}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    notes = import_cloudformation(p).workload.input_notes()
    assert any("Asg: no DesiredCapacity, and capacity provider Cp scales it with ECS managed scaling (instances for "
               "the tasks its strategies place, from MinSize 0 to MaxSize 10): the declared estate prices "
               "MinSize (0) instances; the ECS on EC2 estimate shows the instances the tasks need" in n for n in notes)
    resources["Cp"]["Properties"]["AutoScalingGroupProvider"]["ManagedScaling"]["Status"] = "DISABLED"
    p.write_text(_template(resources))
    notes = import_cloudformation(p).workload.input_notes()
    assert any("Asg: no DesiredCapacity: MinSize (0) instances assumed" in n for n in notes)


def test_internet_facing_load_balancers_count_a_public_ipv4_address_per_subnet(tmp_path):
    """An internet-facing load balancer has a public IPv4 address per Availability Zone it is enabled in (ELB User
    Guide), billed as every public IPv4 address is (Amazon VPC pricing); only Elastic IPs were counted. An internal
    one has none; a subnet mapping with an Elastic IP is that EIP (counted once)."""
    resources = _fargate_template()
    resources.update({
        "Eip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "Alb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": ["s-1", "s-2", "s-3"]}},
        "Internal": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "Scheme": "internal", "Subnets": ["s-1", "s-2"]}},
        "Nlb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Type": "network", "SubnetMappings": [
            {"SubnetId": "s-1", "AllocationId": {"Fn::GetAtt": ["Eip", "AllocationId"]}}, {"SubnetId": "s-2"}]}},
        "NoIpv4": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "IpAddressType": "dualstack-without-public-ipv4", "Subnets": ["s-1", "s-2"]}},
    })
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.shared.public_ipv4.count == 1 + 3 + 1  # the EIP, Alb's 3 subnets, Nlb's mapping without one
    assert any(n.startswith("internet-facing load balancer(s) Alb (3), Nlb (1): a public IPv4 address per subnet")
               for n in res.notes)
    plan = _plan(_tf_fargate() + [
        {"address": "aws_lb.public", "values": {"load_balancer_type": "application", "internal": False,
                                                 "subnets": ["subnet-a", "subnet-b"], "subnet_mapping": []}},
        {"address": "aws_lb.later", "values": {"load_balancer_type": "application", "internal": False,
                                                "subnets": None, "subnet_mapping": []}}],
        unknown={"aws_lb.later": {"subnets": True}})
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert res.workload.shared.public_ipv4.count == 2
    assert any(n.startswith("internet-facing load balancer(s) aws_lb.later: how many subnets they are enabled in is "
                            "not known") for n in res.notes)


def _graviton_template(instance_type: str = "m6g.large") -> dict:
    """_fargate_template's service (EC2 task definition, no runtimePlatform) on an Auto Scaling group capacity
    provider Cp whose launch configuration is ``instance_type``."""
    resources = _fargate_template(strategy=[{"capacityProvider": {"Ref": "Cp"}, "weight": 1}])
    resources["Task"]["Properties"]["RequiresCompatibilities"] = ["EC2"]
    resources["Lc"] = {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {
        "ImageId": "ami-1", "InstanceType": instance_type}}
    resources["Asg"] = {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
        "MinSize": "1", "MaxSize": "3", "DesiredCapacity": "1", "LaunchConfigurationName": {"Ref": "Lc"}}}
    resources["Cp"] = {"Type": "AWS::ECS::CapacityProvider", "Properties": {"AutoScalingGroupProvider": {
        "AutoScalingGroupArn": {"Ref": "Asg"}}}}
    return resources


def test_a_service_on_a_graviton_capacity_provider_runs_arm64_tasks(tmp_path):
    """The CDK's Graviton pattern (aws-ecs integ.graviton): an EC2 task definition without runtimePlatform (the CDK
    refuses it on EC2 task definitions) on an AsgCapacityProvider of m6g instances was read as x86_64, so every
    platform priced x86 capacity. ECS places the tasks on the group's arm64 instances: the service is arm64."""
    resources = _graviton_template()
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    [svc] = res.workload.services
    assert svc.architecture == "arm64"
    assert "architecture arm64: its capacity provider(s) Cp launch only arm64 (Graviton) instance types (m6g.large)" \
        in res.to_yaml()
    # an x86 group, or a task definition that says X86_64, keeps x86_64
    resources["Lc"]["Properties"]["InstanceType"] = "m6i.large"
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.services[0].architecture == "x86_64"
    resources["Lc"]["Properties"]["InstanceType"] = "m6g.large"
    resources["Task"]["Properties"]["RuntimePlatform"] = {"CpuArchitecture": "X86_64"}
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.services[0].architecture == "x86_64"
    assert any("its tasks are x86_64, but its capacity provider(s) Cp launch only arm64" in n for n in res.notes)


def test_terraform_service_on_a_graviton_capacity_provider_runs_arm64_tasks(tmp_path):
    """As CloudFormation's: the service's strategy names aws_ecs_capacity_provider.cp, whose Auto Scaling group's
    launch template is m6g.large only, and its EC2 task definition sets no runtime_platform: arm64 tasks."""
    resources = _tf_fargate(strategy=[{"capacityProvider": "graviton", "weight": 1}])
    resources[1]["values"].update(requires_compatibilities=["EC2"], network_mode="bridge")
    resources += [
        {"address": "aws_launch_template.lt", "values": {"instance_type": "m6g.large", "name": "lt"}},
        {"address": "aws_autoscaling_group.asg", "values": {
            "desired_capacity": 1, "min_size": 1, "max_size": 2, "mixed_instances_policy": [],
            "launch_template": [{"id": "lt-1", "name": "lt", "version": "$Latest"}], "launch_configuration": None}},
        {"address": "aws_ecs_capacity_provider.cp", "values": {
            "name": "graviton", "auto_scaling_group_provider": [{"auto_scaling_group_arn": "arn:asg"}],
            "managed_instances_provider": []}}]
    plan = _plan(resources)
    plan["configuration"]["root_module"]["resources"] = [
        {"address": "aws_autoscaling_group.asg", "mode": "managed", "type": "aws_autoscaling_group", "name": "asg",
         "expressions": {"launch_template": [{"id": {"references": ["aws_launch_template.lt.id",
                                                                    "aws_launch_template.lt"]}}]}},
        {"address": "aws_ecs_capacity_provider.cp", "mode": "managed", "type": "aws_ecs_capacity_provider",
         "name": "cp", "expressions": {"auto_scaling_group_provider": [{"auto_scaling_group_arn": {
             "references": ["aws_autoscaling_group.asg.arn", "aws_autoscaling_group.asg"]}}]}}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert [(s.name, s.architecture) for s in res.workload.services] == [("web", "arm64")]
    resources[3]["values"]["instance_type"] = "m6i.large"
    p.write_text(json.dumps(_plan(resources) | {"configuration": plan["configuration"]}))
    assert import_terraform(p).workload.services[0].architecture == "x86_64"


def test_scheduled_scaling_actions_are_stated_not_dropped(tmp_path):
    """The CDK's scaleOnSchedule writes ScalableTarget.ScheduledActions (Terraform: aws_appautoscaling_scheduled_action);
    they were dropped without a word while the service was priced at the target's midpoint."""
    resources = _fargate_template()
    resources["Target"] = {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
        "ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount", "MinCapacity": 2, "MaxCapacity": 10,
        "ResourceId": {"Fn::Join": ["", ["service/", {"Ref": "Cluster"}, "/", {"Fn::GetAtt": ["Service", "Name"]}]]},
        "ScheduledActions": [{"ScheduledActionName": "night", "Schedule": "cron(0 20 * * ? *)",
                              "ScalableTargetAction": {"MinCapacity": 1, "MaxCapacity": 1}}]}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.services[0].scaling.average == 6
    assert any("Target: 1 scheduled action(s) (ScheduledActions) change the service's min/max task counts" in a
               for a in res.assumptions)
    plan = _plan(_tf_fargate() + [{"address": "aws_appautoscaling_scheduled_action.night", "values": {
        "service_namespace": "ecs", "resource_id": "service/main/web", "schedule": "cron(0 20 * * ? *)",
        "scalable_target_action": [{"min_capacity": "1", "max_capacity": "1"}]}}])
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert any(a.startswith("aws_appautoscaling_scheduled_action.night: a scheduled action changes an ECS service's")
               for a in res.assumptions)


def test_an_nlb_subnet_mapping_whose_elastic_ip_is_created_in_the_same_plan_is_that_eip(tmp_path):
    """subnet_mapping { allocation_id = aws_eip.nlb[n].id } with the EIPs created in the same plan: the allocation id
    is unknown until apply (after_unknown), so the mapping read as having no Elastic IP and each address was counted
    twice, as the aws_eip and as the load balancer's own public IPv4 address (4 for 2)."""
    plan = _plan(_tf_fargate() + [
        {"address": "aws_eip.a", "values": {"domain": "vpc"}}, {"address": "aws_eip.b", "values": {"domain": "vpc"}},
        {"address": "aws_lb.nlb", "values": {"load_balancer_type": "network", "internal": False,
                                              "subnet_mapping": [{"subnet_id": "subnet-a"}, {"subnet_id": "subnet-b"},
                                                                 {"subnet_id": "subnet-c"}]}}],
        unknown={"aws_lb.nlb": {"subnets": True, "subnet_mapping": [{"allocation_id": True}, {"allocation_id": True},
                                                                    {}]}})
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert res.workload.shared.public_ipv4.count == 2 + 1  # the two EIPs, subnet-c's own address
    assert any(n.startswith("internet-facing load balancer(s) aws_lb.nlb (1):") for n in res.notes)


def test_a_service_placement_constraint_on_architecture_overrides_the_graviton_provider(tmp_path):
    """A service whose own PlacementConstraints say attribute:ecs.cpu-architecture == x86_64 on an arm64-only
    provider ended x86_64 (the constraint wins) but kept the comment 'architecture arm64: its capacity provider(s) Cp
    launch only arm64 ...': the service's constraint is read as the task definition's is, and the provider's rule
    does not apply."""
    resources = _graviton_template()
    resources["Service"]["Properties"]["PlacementConstraints"] = [
        {"Type": "memberOf", "Expression": "attribute:ecs.cpu-architecture == x86_64"}]
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.services[0].architecture == "x86_64"
    assert "architecture arm64: its capacity provider(s)" not in res.to_yaml()
    assert any(n.startswith("Service: its tasks are x86_64, but its capacity provider(s) Cp launch only arm64 "
                            "(Graviton) instance types (m6g.large): ECS would never place them there") for n in res.notes)


def test_load_balancer_schemes_that_do_not_say_internet_facing(tmp_path):
    """A Scheme that does not resolve, or a Terraform internal unknown until apply, leaves whether the load balancer
    is internet-facing unknown: noted, not counted; a Scheme CloudFormation refuses exits 2 naming it."""
    resources = _fargate_template()
    resources["Alb"] = {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
        "Scheme": {"Ref": "S"}, "Subnets": ["s-1", "s-2"]}}
    t = json.loads(_template(resources))
    t["Parameters"] = {"S": {"Type": "String"}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(t))
    res = import_cloudformation(p)
    assert res.workload.shared is None or res.workload.shared.public_ipv4 is None
    assert any(n.startswith("Alb: its Scheme does not resolve") for n in res.notes)
    resources["Alb"]["Properties"]["Scheme"] = "Internet-Facing"
    p.write_text(_template(resources))
    with pytest.raises(WorkloadError, match=r"Alb: Scheme: 'Internet-Facing' is not valid; CloudFormation takes "
                                            r"internet-facing \(the default\) or internal"):
        import_cloudformation(p)
    plan = _plan(_tf_fargate() + [{"address": "aws_lb.x", "values": {
        "load_balancer_type": "application", "internal": None, "subnets": ["a", "b"], "subnet_mapping": []}}],
        unknown={"aws_lb.x": {"internal": True}})
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert any(n.startswith("aws_lb.x: internal is unknown until apply") for n in res.notes)


def test_a_terraform_load_balancer_without_internal_is_internet_facing(tmp_path):
    """aws_lb without `internal` in its configuration: the aws provider leaves the computed attribute unknown until
    apply (aws provider 5.100, as in infracost/infracost's lb_test plan), and Elastic Load Balancing creates an
    internet-facing load balancer ("The default is an Internet-facing load balancer", ELBv2 API Reference,
    CreateLoadBalancer Scheme). Its public IPv4 addresses were not counted (a note said whether it is internet-facing
    is not known); now one per subnet, with an assumption. `internal` set to an expression unknown until apply is
    still only noted."""
    plan = _plan(_tf_fargate() + [
        {"address": "aws_lb.x", "values": {"load_balancer_type": "application", "internal": None,
                                           "subnets": ["subnet-a", "subnet-b"], "subnet_mapping": []}},
        {"address": "aws_lb.y", "values": {"load_balancer_type": "network", "internal": None,
                                           "subnets": ["subnet-a"], "subnet_mapping": []}}],
        unknown={"aws_lb.x": {"internal": True}, "aws_lb.y": {"internal": True}})
    plan["configuration"]["root_module"]["resources"] = [
        {"address": "aws_lb.x", "mode": "managed", "type": "aws_lb", "name": "x",
         "expressions": {"load_balancer_type": {"constant_value": "application"},
                         "subnets": {"constant_value": ["subnet-a", "subnet-b"]}}},
        {"address": "aws_lb.y", "mode": "managed", "type": "aws_lb", "name": "y",
         "expressions": {"internal": {"references": ["aws_ssm_parameter.p.value", "aws_ssm_parameter.p"]},
                         "subnets": {"constant_value": ["subnet-a"]}}}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(plan))
    res = import_terraform(p)
    assert res.workload.shared.public_ipv4.count == 2  # aws_lb.x's two subnets; aws_lb.y not counted
    assert ("aws_lb.x: internal not set (unknown until apply): internet-facing, the Elastic Load Balancing default "
            "(CreateLoadBalancer Scheme), assumed") in res.assumptions
    assert any(n.startswith("aws_lb.y: internal is unknown until apply") for n in res.notes)
    assert not any(n.startswith("aws_lb.x: internal is unknown") for n in res.notes)


def test_an_ec2_launch_type_service_on_a_graviton_only_cluster_runs_arm64_tasks(tmp_path):
    """The CDK's cluster.addCapacity pattern: a service of the EC2 launch type (no strategy) on a cluster whose only
    Auto Scaling group (its user data: echo ECS_CLUSTER=<the cluster>) launches m6g instances runs arm64 tasks."""
    resources = _graviton_template()
    del resources["Cp"]
    svc = resources["Service"]["Properties"]
    svc.pop("CapacityProviderStrategy")
    svc["LaunchType"] = "EC2"
    resources["Lc"]["Properties"]["UserData"] = {"Fn::Base64": {"Fn::Join": ["", [
        "#!/bin/bash\necho ECS_CLUSTER=", {"Ref": "Cluster"}, " >> /etc/ecs/ecs.config"]]}}
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.services[0].architecture == "arm64"
    assert "architecture arm64: the Auto Scaling group(s) whose instances join its cluster (Asg) launch only arm64" \
        in res.to_yaml()
    resources["Lc"]["Properties"]["UserData"] = {"Fn::Base64": "#!/bin/bash\necho ECS_CLUSTER=other >> x"}
    p.write_text(_template(resources))
    assert import_cloudformation(p).workload.services[0].architecture == "x86_64"  # another cluster's instances


# ------------------------------------------- terraform-aws-modules examples, planned offline (SOURCES.md)


def _tfmod_plan(name: str, tmp_path, edit=None) -> Path:
    """A gzip-compressed plan of tests/fixtures/iac/terraform/ (``terraform show -json`` output, unedited) written
    out as JSON, after ``edit(doc)`` when given (a test's own change)."""
    import gzip

    raw = gzip.decompress((TF / f"{name}.json.gz").read_bytes())
    out = tmp_path / f"{name}.json"
    if edit is None:
        out.write_bytes(raw)
    else:
        doc = json.loads(raw)
        edit(doc)
        out.write_text(json.dumps(doc))
    return out


def test_tfmodules_ecs_ec2_autoscaling_example(prices, tmp_path):
    """terraform-aws-ecs v5.12.1 examples/ec2-autoscaling (eu-west-1) with the registry's vpc, alb, autoscaling and
    security-group modules. The autoscaling module names its launch template through a local value in a dynamic
    block, which the plan's configuration section leaves out: the group stopped with exit 2 ("launch_template: is
    unknown until apply and its reference cannot be followed"). The alb module's internal = var.internal (default
    null, not set by the example) left the load balancer's addresses uncounted, and the provider's region =
    local.region fell back to data.aws_region sources only.

    eu-west-1 rates (bundled data): t3.large $0.0912/h, m4.large $0.111/h, gp3 $0.088/GB-month, ALB $0.0252/h,
    NAT gateway $0.048/h, public IPv4 $0.005/h; 730 hours."""
    p = _tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path)
    d, res = _declared(p, prices, as_of="2026-06-01")
    assert res.region == "eu-west-1"
    assert any("region eu-west-1, as data.aws_availability_zones.available (and 2 more) recorded it" in n
               for n in res.notes)
    (svc,) = res.workload.services
    # module "ecs_service": cpu 1024, memory 2048; aws_appautoscaling_target min 1 max 10 -> midpoint 5.5
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max) == \
        ("ex-ec2-autoscaling", 1.0, 2048.0, 1, 10)
    # ex_1: 2 x t3.large (its launch template) x 730 x 0.0912 = 133.152; root 30 GiB gp3 (the ECS AMI's) x 2 x 0.088
    # = 5.28. ex_2: mixed instances policy, desired 2 capacity units, first override m4.large weighs 2 -> 1 instance:
    # 730 x 0.111 = 81.03; 30 x 0.088 = 2.64. ALB 730 x 0.0252 = 18.396; NAT 730 x 0.048 = 35.04. Public IPv4: the
    # NAT gateway's Elastic IP + the internet-facing ALB in 3 public subnets = 4 x 730 x 0.005 = 14.60.
    assert res.workload.shared.public_ipv4.count == 4
    assert _monthly(d) == {
        'Instance usage (on-demand, t3.large) x 2 (module.autoscaling["ex_1"].aws_autoscaling_group.idc[0])': 133.152,
        'EBS root volume (gp3, 30 GiB per instance, module.autoscaling["ex_1"].aws_autoscaling_group.idc[0])': 5.28,
        'Instance usage (on-demand, m4.large) x 1 (module.autoscaling["ex_2"].aws_autoscaling_group.idc[0])': 81.03,
        'EBS root volume (gp3, 30 GiB per instance, module.autoscaling["ex_2"].aws_autoscaling_group.idc[0])': 2.64,
        "Application Load Balancer (1 x 730 h)": 18.396, "NAT gateway (1 x 730 h)": 35.04,
        "Public IPv4 addresses, fixed (4 x 730 h)": 14.6}
    assert d.monthly_cost == pytest.approx(133.152 + 5.28 + 81.03 + 2.64 + 18.396 + 35.04 + 14.60)  # 290.138
    assert ('module.autoscaling["ex_1"].aws_autoscaling_group.idc[0]: launch_template: its launch template is unknown '
            'until apply and no reference in the plan\'s configuration leads to one; module.autoscaling["ex_1"].'
            'aws_launch_template.this[0], the only launch template of its module, assumed') in res.assumptions
    assert ("module.alb.aws_lb.this[0]: internal not set (module.alb: var.internal (not set by the module call; "
            "default null); unknown until apply): internet-facing, the Elastic Load Balancing default "
            "(CreateLoadBalancer Scheme), assumed") in res.assumptions
    assert ("module.alb.aws_lb.this[0]: subnets unknown until apply: the 3 subnet(s) its configuration refers to "
            "(module.vpc.aws_subnet.public[0] and 2 more) assumed, one public IPv4 address each") in res.assumptions
    r = runner.invoke(app, ["import", "terraform", str(p), "--strict", "-o", str(tmp_path / "w.yaml")])
    assert r.exit_code == 2 and "only launch template of its module" in " ".join(r.output.split())


def _call_args(doc: dict, call: str) -> dict:
    return doc["configuration"]["root_module"]["module_calls"][call]["expressions"]


def test_tfmodules_lb_internal_and_subnets_follow_only_what_the_configuration_says(prices, tmp_path):
    """The same plan with the module call changed: internal set to something unknown until apply is not taken as
    internet-facing; set to null it is; subnets that the output picks one of ([0]) count one address."""
    def unknown_internal(doc):
        _call_args(doc, "alb")["internal"] = {"references": ["module.vpc.vpc_id", "module.vpc"]}

    res = import_terraform(_tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path, unknown_internal))
    assert res.workload.shared.public_ipv4.count == 1  # the NAT gateway's Elastic IP only
    assert any(n.startswith("module.alb.aws_lb.this[0]: internal is unknown until apply") for n in res.notes)

    def null_internal(doc):
        _call_args(doc, "alb")["internal"] = {"constant_value": None}

    res = import_terraform(_tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path, null_internal))
    assert res.workload.shared.public_ipv4.count == 4
    assert any("internal not set (module.alb: var.internal (null in the module call)" in a for a in res.assumptions)

    def one_subnet(doc):
        vpc = doc["configuration"]["root_module"]["module_calls"]["vpc"]["module"]
        vpc["outputs"]["public_subnets"]["expression"] = {"references": ["aws_subnet.public[0].id",
                                                                         "aws_subnet.public[0]"]}

    res = import_terraform(_tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path, one_subnet))
    assert res.workload.shared.public_ipv4.count == 2  # 1 Elastic IP + 1 subnet (module.vpc.aws_subnet.public[0])

    def indexed_in_the_call(doc):  # subnets = [module.vpc.public_subnets[0], module.vpc.public_subnets[2]]
        _call_args(doc, "alb")["subnets"] = {"references": [
            "module.vpc.public_subnets[0]", "module.vpc.public_subnets", "module.vpc", "module.vpc.public_subnets[2]"]}

    # each index picks one of the output's three subnets (all three were counted): 1 Elastic IP + 2 subnets
    res = import_terraform(_tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path, indexed_in_the_call))
    assert res.workload.shared.public_ipv4.count == 3
    assert ("module.alb.aws_lb.this[0]: subnets unknown until apply: the 2 subnet(s) its configuration refers to "
            "(module.vpc.aws_subnet.public[0] and 1 more) assumed, one public IPv4 address each") in res.assumptions


def test_tfmodules_two_launch_templates_in_the_module_are_not_guessed(tmp_path):
    """The fallback takes the only launch template of the group's module instance; with two it is not guessed and
    the group's instance type is still an error (exit 2)."""
    def second_template(doc):
        for mod in doc["planned_values"]["root_module"]["child_modules"]:
            if mod["address"] == 'module.autoscaling["ex_1"]':
                lt = next(r for r in mod["resources"] if r["type"] == "aws_launch_template")
                mod["resources"].append({**lt, "address": lt["address"].replace("this[0]", "other"), "name": "other",
                                         "index": None, "values": {**lt["values"], "instance_type": "m5.24xlarge"}})

    p = _tfmod_plan("tfmodules_ecs_ec2_autoscaling_plan", tmp_path, second_template)
    with pytest.raises(WorkloadError, match=r'module.autoscaling\["ex_1"\].aws_autoscaling_group.idc\[0\]: '
                                            r"launch_template: is unknown until apply and its reference cannot be "
                                            r"followed"):
        import_terraform(p)


def test_tfmodules_eks_managed_node_group_example(prices, tmp_path):
    """terraform-aws-eks v20.37.2 examples/eks-managed-node-group (eu-west-1; two clusters, AL2023 and Bottlerocket,
    each with a node group of 2 x m6i.large whose launch template the node group module creates). The region was
    us-east-1 (the EKS module reads no data.aws_region; data.aws_availability_zones.available records eu-west-1)
    and the launch templates were "not known here".

    eu-west-1: m6i.large $0.107/h, gp3 $0.088/GB-month, EKS $0.10/cluster-hour + $0.50 extended support."""
    p = _tfmod_plan("tfmodules_eks_managed_node_group_plan", tmp_path)
    d, res = _estate(p, prices, as_of="2026-06-01")
    assert res.region == "eu-west-1"
    ng = 'module.eks_{}.module.eks_managed_node_group["example"].aws_eks_node_group.this[0]'
    # per cluster: 2 x 730 x 0.107 = 156.22; 2 x 20 GiB (no disk_size, no mapping in the template: the AMI's, an
    # assumption) x 0.088 = 3.52; control plane 730 x 0.10 = 73.00 (1.33 is in standard support until 2026-07-29)
    assert _monthly(d) == {
        f"Instance usage (on-demand, m6i.large) x 2 ({ng.format('al2023')})": 156.22,
        f"EBS root volume (gp3, 20 GiB per instance, {ng.format('al2023')})": 3.52,
        f"Instance usage (on-demand, m6i.large) x 2 ({ng.format('bottlerocket')})": 156.22,
        f"EBS root volume (gp3, 20 GiB per instance, {ng.format('bottlerocket')})": 3.52,
        "EKS control plane (standard support, ex-eks-mng-al2023)": 73.0,
        "EKS control plane (standard support, ex-eks-mng-bottlerocket)": 73.0}
    assert d.monthly_cost == pytest.approx(2 * (156.22 + 3.52 + 73.0))  # 465.48
    for flavour in ("al2023", "bottlerocket"):
        assert (f"{ng.format(flavour)}: launch_template: its launch template is unknown until apply and no reference "
                "in the plan's configuration leads to one; "
                f'module.eks_{flavour}.module.eks_managed_node_group["example"].aws_launch_template.this[0], the only '
                "launch template of its module, assumed") in res.assumptions
    # the Bottlerocket template maps no volume: the AMI's two volumes, the second not priced, still said
    assert any(a.startswith(f"{ng.format('bottlerocket')}: AMI type BOTTLEROCKET_x86_64: Bottlerocket nodes have a "
                            "second EBS volume") for a in res.assumptions)
    assert not any(a.startswith(f"{ng.format('al2023')}: AMI type") for a in res.assumptions)
    # upgrade_policy is unknown until apply (EKS's default: extended support on); on 2026-12-01 1.33 is in extended
    # support: 2 x 730 x 0.50 = 730.00 more
    d, _ = _estate(p, prices, as_of="2026-12-01")
    assert d.monthly_cost == pytest.approx(465.48 + 730.0)


def test_tfmodules_eks_self_managed_node_group_example(prices, tmp_path):
    """terraform-aws-eks v20.37.2 examples/self-managed-node-group: each cluster's Auto Scaling group (2 x
    m6i.large) names its launch template through a local in a dynamic block: it stopped with exit 2. Priced as EKS
    self-managed nodes: per cluster 2 x 730 x 0.107 = 156.22, 2 x 20 GiB x 0.088 = 3.52, control plane 73.00."""
    d, res = _estate(_tfmod_plan("tfmodules_eks_self_managed_node_group_plan", tmp_path), prices, as_of="2026-06-01")
    assert res.region == "eu-west-1"
    groups = res.declared["node_groups"]
    assert [(g["orchestrator"], g["instance_types"], g["desired"]) for g in groups] == [("eks", ["m6i.large"], 2)] * 2
    assert d.monthly_cost == pytest.approx(2 * (156.22 + 3.52 + 73.0))  # 465.48


def test_region_from_availability_zones(tmp_path):
    """data.aws_availability_zones records its zones' group names (the region for Availability Zones; a Local
    Zone's group is not a region code): it names the region as a data.aws_region does."""
    doc = _region_plan({"references": ["local.region"]}, [])
    doc["prior_state"]["values"]["root_module"]["resources"] = [
        {"address": "data.aws_availability_zones.available", "mode": "data", "type": "aws_availability_zones",
         "name": "available", "values": {"id": "us-west-2", "group_names": ["us-west-2", "us-west-2-lax-1"],
                                         "names": ["us-west-2a", "us-west-2-lax-1a"]}}]
    doc["configuration"]["root_module"]["resources"] = [
        {"address": "data.aws_availability_zones.available", "mode": "data", "type": "aws_availability_zones",
         "expressions": {}, "provider_config_key": "aws"}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    res = import_terraform(p)
    assert res.region == "us-west-2"
    assert any("region us-west-2, as data.aws_availability_zones.available recorded it" in n for n in res.notes)
    # an aliased provider's zones say nothing about the default provider's region
    doc["configuration"]["root_module"]["resources"][0]["provider_config_key"] = "aws.west"
    p.write_text(json.dumps(doc))
    assert import_terraform(p).region == "us-east-1"


def test_a_task_definition_nothing_runs_beside_services_is_listed_at_0_tasks(tmp_path):
    """terraform-aws-modules/terraform-aws-ecs examples/fargate registers a standalone arm64 task definition beside
    its service: priced as 1 task all month, it added a task nobody runs and ruled EKS on Fargate (x86_64 only) out of
    the whole comparison. Registering a task definition costs nothing: beside services it is listed at 0 tasks, so
    its needs rule nothing out. A plan of task definitions alone keeps 1 task all month (the task-definition
    importer's reading)."""
    from advisor.compare import compare

    orphan = {"address": "aws_ecs_task_definition.standalone", "values": {
        "family": "standalone", "cpu": "512", "memory": "1024", "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "runtime_platform": [{"cpu_architecture": "ARM64", "operating_system_family": "LINUX"}],
        "container_definitions": json.dumps([{"name": "s", "image": "x", "essential": True}])}}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(_tf_fargate() + [orphan])))
    res = import_terraform(p)
    by = {s.name: s for s in res.workload.services}
    assert (by["web"].replicas, by["standalone"].replicas, by["standalone"].architecture) == (2, 0, "arm64")
    assert any("aws_ecs_task_definition.standalone" in n and "listed at 0 tasks" in n for n in res.notes)
    est = compare(p, platforms=["ecs-fargate", "eks-fargate"])
    # web: 2 tasks of 0.5 vCPU / 1 GB all month on ECS on Fargate, us-east-1: 2 x 730 x (0.5 x 0.04048 + 1 x 0.004445)
    assert est.estimate("ecs-fargate").monthly_cost == pytest.approx(2 * 730 * (0.5 * 0.04048 + 0.004445), abs=0.01)
    assert est.estimate("eks-fargate").complete and not est.estimate("eks-fargate").unsupported
    alone = tmp_path / "alone.json"
    alone.write_text(json.dumps(_plan([orphan])))
    [svc] = import_terraform(alone).workload.services
    assert svc.replicas == 1


@pytest.mark.parametrize("values, region", [
    ({"group_names": ["eu-west-1"]}, "eu-west-1"),                      # as recorded (the API's earlier groupName)
    ({"group_names": ["eu-west-1-zg-1"]}, "eu-west-1"),                 # the API's groupName now: us-east-1-zg-1
    ({"group_names": ["us-west-2", "us-west-2-lax-1"]}, "us-west-2"),   # with a Local Zone
    ({"group_names": ["us-west-2-lax-1"]}, "us-west-2"),                # a Local Zone's alone
    ({"group_names": ["us-east-1-wl1-bos-wlz-1"]}, "us-east-1"),        # a Wavelength Zone's
    ({"group_names": ["eu-west-1"], "region": "ap-south-1"}, "ap-south-1"),  # aws provider 6: the source's region
])
def test_the_region_a_zones_source_records_reads_every_zone_group(values, region, tmp_path):
    """terraform-aws-eks's examples read no data.aws_region; their data.aws_availability_zones' group_names gave the
    region only when a group was the region code itself. Amazon EC2 API Reference, 'AvailabilityZone', groupName:
    'Availability Zones - us-east-1-zg-1, Local Zones - us-west-2-lax-1, Wavelength Zones - us-east-1-wl1-bos-wlz-1':
    the region code starts each, and a plan of today's API fell back to us-east-1."""
    def edit(doc):
        todo = [doc["prior_state"]["values"]["root_module"]]
        while todo:
            m = todo.pop()
            todo += m.get("child_modules", [])
            for r in m.get("resources", []):
                if r["mode"] == "data" and r["type"] == "aws_availability_zones":
                    r["values"].update(values)

    res = import_terraform(_tfmod_plan("tfmodules_eks_managed_node_group_plan", tmp_path, edit), allow_empty=True,
                           as_of="2026-06-01")
    assert res.region == region
    assert not any("us-east-1 assumed" in a for a in res.assumptions)


# ------------------------------------------- messages name a field as the input writes it (iac.input_field)

def _named_cfn(edit) -> str:
    """_fargate_template (Cluster, Task, Service) changed by ``edit(resources)``, as template text."""
    resources = _fargate_template()
    edit(resources)
    return _template(resources)


def _named_tf(edit) -> dict:
    """_tf_fargate's plan (aws_ecs_cluster.main, aws_ecs_task_definition.web, aws_ecs_service.web) changed by
    ``edit(resources)``."""
    resources = _tf_fargate()
    edit(resources)
    return _plan(resources)


def _eks_cfn(**props):
    """_fargate_template with an EKS cluster and a managed node group of ``props`` (over 2 x m5.large)."""
    def edit(r):
        r["Eks"] = {"Type": "AWS::EKS::Cluster", "Properties": {"Name": "k", "Version": "1.31"}}
        ng = {"ClusterName": {"Ref": "Eks"}, "InstanceTypes": ["m5.large"],
              "ScalingConfig": {"DesiredSize": 2, "MinSize": 1, "MaxSize": 3}}
        r["Ng"] = {"Type": "AWS::EKS::Nodegroup", "Properties": {**ng, **props}}
    return edit


def _eks_tf(**values):
    def edit(r):
        r.append({"address": "aws_eks_cluster.k", "values": {"name": "k", "version": "1.31"}})
        ng = {"cluster_name": "k", "node_group_name": "ng", "instance_types": ["m5.large"],
              "scaling_config": [{"desired_size": 2, "min_size": 1, "max_size": 3}]}
        r.append({"address": "aws_eks_node_group.ng", "values": {**ng, **values}})
    return edit


def _asg_cfn(group: dict, lc: dict | None = None, lt: dict | None = None):
    """_fargate_template with an Auto Scaling group of ECS container instances (``group`` over 2 instances), and a
    launch configuration ``Lc`` / launch template ``Lt`` of those properties."""
    def edit(r):
        r["Asg"] = {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "1", "MaxSize": "3", "DesiredCapacity": "2", **group}}
        if lc is not None:
            r["Lc"] = {"Type": "AWS::AutoScaling::LaunchConfiguration", "Properties": {"ImageId": "ami-1", **lc}}
        if lt is not None:
            r["Lt"] = {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": lt}}
    return edit


def _asg_tf(group: dict, lc: dict | None = None, lt: dict | None = None):
    def edit(r):
        r.append({"address": "aws_autoscaling_group.asg", "values": {
            "name": "asg", "min_size": 1, "max_size": 3, "desired_capacity": 2, **group}})
        if lc is not None:
            r.append({"address": "aws_launch_configuration.lc", "values": {"name": "lc", **lc}})
        if lt is not None:
            r.append({"address": "aws_launch_template.lt", "values": {"id": "lt-1", "name": "lt", **lt}})
    return edit


def _set(path: tuple, value):
    """An edit setting resources[path[0]][path[1]]... to ``value`` (a key of a template's Resources, or an index of a
    plan's resources)."""
    def edit(r):
        *head, last = path
        node = r
        for k in head:
            node = node[k]
        node[last] = value
    return edit


_CFN_SVC, _TF_SVC = ("Service", "Properties"), (2, "values")
_CFN_TASK, _TF_TASK = ("Task", "Properties"), (1, "values")


# (CloudFormation edit, its message; Terraform edit, its message): each side names only its own fields
_NAMED_ERRORS = [
    (_set(_CFN_TASK + ("ContainerDefinitions",), [{"Name": "web", "Image": "x", "Memory": -5}]),
     "Task: ContainerDefinitions[0].Memory: -5 is out of range",
     _set(_TF_TASK + ("container_definitions",), json.dumps([{"name": "web", "image": "x", "memory": -5}])),
     "aws_ecs_task_definition.web: container_definitions[0].memory: -5 is out of range"),
    (_set(_CFN_TASK + ("Cpu",), "abc"), "Task: Cpu: 'abc' is not a CPU quantity",
     _set(_TF_TASK + ("cpu",), "abc"), "aws_ecs_task_definition.web: cpu: 'abc' is not a CPU quantity"),
    (_set(_CFN_TASK + ("RequiresCompatibilities",), ["NOPE"]), "Task: RequiresCompatibilities: ['NOPE'] is not valid",
     _set(_TF_TASK + ("requires_compatibilities",), ["NOPE"]),
     "aws_ecs_task_definition.web: requires_compatibilities: ['NOPE'] is not valid"),
    (_set(_CFN_TASK + ("EphemeralStorage",), {"SizeInGiB": 5}), "Task: EphemeralStorage.SizeInGiB: 5 is not valid",
     _set(_TF_TASK + ("ephemeral_storage",), [{"size_in_gib": 5}]),
     "aws_ecs_task_definition.web: ephemeral_storage.size_in_gib: 5 is not valid"),
    (_set(_CFN_SVC + ("DesiredCount",), -1), "Service: DesiredCount: -1 is not valid",
     _set(_TF_SVC + ("desired_count",), -1), "aws_ecs_service.web: desired_count: -1 is not valid"),
    (_set(_CFN_SVC + ("CapacityProviderStrategy",), [{"CapacityProvider": "FARGATE", "Weight": 1}]),
     "Service: LaunchType: 'FARGATE' and a CapacityProviderStrategy are both given",
     _set(_TF_SVC + ("capacity_provider_strategy",), [{"capacity_provider": "FARGATE", "weight": 1, "base": 0}]),
     "aws_ecs_service.web: launch_type: 'FARGATE' and a capacity_provider_strategy are both given"),
    (_set(_CFN_SVC + ("PlacementConstraints",), [{"Type": "bogus"}]),
     "Service: PlacementConstraints[0].Type: 'bogus' is not valid",
     _set(_TF_SVC + ("placement_constraints",), [{"type": "bogus", "expression": ""}]),
     "aws_ecs_service.web: placement_constraints[0].type: 'bogus' is not valid"),
    (_set(_CFN_SVC + ("TaskDefinition",), {"Ref": "AWS::NoValue"}), "Service: TaskDefinition: is not set",
     _set(_TF_SVC + ("task_definition",), None), "aws_ecs_service.web: task_definition: is not set"),
    (lambda r: r.update(Target={"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
        "ServiceNamespace": "ecs", "ResourceId": "service/main/web", "MinCapacity": 5, "MaxCapacity": 2}}),
     "Target: MaxCapacity: 2 is smaller than MinCapacity 5.",
     lambda r: r.append({"address": "aws_appautoscaling_target.t", "values": {
         "service_namespace": "ecs", "resource_id": "service/main/web", "min_capacity": 5, "max_capacity": 2}}),
     "aws_appautoscaling_target.t: max_capacity: 2 is smaller than min_capacity 5."),
    # the message's own words too, not only the field it names: "remove ephemeralStorage", "weight=-1",
    # "operatingSystemFamily" were the ECS API's words in both kinds
    (_set(_CFN_TASK + ("EphemeralStorage",), {"SizeInGiB": 201}),
     "Task: EphemeralStorage.SizeInGiB: 201 is not valid; ECS accepts a whole number of GiB from 21 to 200 (Fargate "
     "includes 20 GiB; remove EphemeralStorage to keep 20).",
     _set(_TF_TASK + ("ephemeral_storage",), [{"size_in_gib": 201}]),
     "aws_ecs_task_definition.web: ephemeral_storage.size_in_gib: 201 is not valid; ECS accepts a whole number of GiB "
     "from 21 to 200 (Fargate includes 20 GiB; remove ephemeral_storage to keep 20)."),
    (_set(_CFN_TASK + ("ContainerDefinitions",), [{"Name": "web", "Image": "x", "Memory": 100, "MemoryReservation": 200}]),
     "Task: ContainerDefinitions[0].Memory: 100 MiB is below MemoryReservation 200 MiB; ECS requires Memory (the hard "
     "limit) to be greater than MemoryReservation (the soft limit).",
     _set(_TF_TASK + ("container_definitions",), json.dumps([{"name": "web", "image": "x", "memory": 100,
                                                              "memoryReservation": 200}])),
     "aws_ecs_task_definition.web: container_definitions[0].memory: 100 MiB is below memoryReservation 200 MiB; ECS "
     "requires memory (the hard limit) to be greater than memoryReservation (the soft limit)."),
    (_set(_CFN_TASK + ("RuntimePlatform",), {"CpuArchitecture": "ARM64",
                                             "OperatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}),
     "Task: RuntimePlatform.CpuArchitecture: ARM64 with OperatingSystemFamily WINDOWS_SERVER_2022_CORE: Windows",
     _set(_TF_TASK + ("runtime_platform",), [{"cpu_architecture": "ARM64",
                                              "operating_system_family": "WINDOWS_SERVER_2022_CORE"}]),
     "aws_ecs_task_definition.web: runtime_platform.cpu_architecture: ARM64 with operating_system_family "
     "WINDOWS_SERVER_2022_CORE: Windows"),
    (lambda r: r["Service"]["Properties"].pop("LaunchType") and r["Service"]["Properties"].update(
        CapacityProviderStrategy=[{"CapacityProvider": "FARGATE", "Weight": -1}]),
     "Service: CapacityProviderStrategy: strategy item 1: Weight=-1 is out of range; ECS accepts Weight in 0..1000.",
     lambda r: r[2]["values"].update(launch_type=None, capacity_provider_strategy=[
         {"capacity_provider": "FARGATE", "weight": -1, "base": 0}]),
     "aws_ecs_service.web: capacity_provider_strategy: strategy item 1: weight=-1 is out of range; ECS accepts weight "
     "in 0..1000."),
    (_eks_cfn(CapacityType="CHEAP"), "Ng: CapacityType: 'CHEAP' is not valid",
     _eks_tf(capacity_type="CHEAP"), "aws_eks_node_group.ng: capacity_type: 'CHEAP' is not valid"),
    (_eks_cfn(DiskSize=0), "Ng: DiskSize: 0 is not a volume size",
     _eks_tf(disk_size=0), "aws_eks_node_group.ng: disk_size: 0 is not a volume size"),
    (_eks_cfn(ScalingConfig={"DesiredSize": 2, "MaxSize": -3}), "Ng: ScalingConfig.MaxSize: -3 is not valid",
     _eks_tf(scaling_config=[{"desired_size": 2, "max_size": -3}]),
     "aws_eks_node_group.ng: scaling_config.max_size: -3 is not valid"),
    (_asg_cfn({"LaunchConfigurationName": {"Ref": "Lc"}, "DesiredCapacity": -2}, lc={"InstanceType": "m5.large"}),
     "Asg: DesiredCapacity: -2 is not valid",
     _asg_tf({"launch_configuration": "lc", "desired_capacity": -2}, lc={"instance_type": "m5.large"}),
     "aws_autoscaling_group.asg: desired_capacity: -2 is not valid"),
    (_asg_cfn({"LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": "1"}},
              lt={"InstanceType": "m5.large", "BlockDeviceMappings": [{"DeviceName": "/dev/xvda",
                                                                        "Ebs": {"VolumeSize": -1}}]}),
     "Lt: LaunchTemplateData.BlockDeviceMappings[0].Ebs.VolumeSize: -1 is not a volume size",
     _asg_tf({"launch_template": [{"id": "lt-1"}]}, lt={"instance_type": "m5.large", "block_device_mappings": [
         {"device_name": "/dev/xvda", "ebs": [{"volume_size": -1}]}]}),
     "aws_launch_template.lt: block_device_mappings[0].ebs.volume_size: -1 is not a volume size"),
    (_asg_cfn({"LaunchConfigurationName": {"Ref": "Lc"}}, lc={
        "InstanceType": "m5.large", "BlockDeviceMappings": [{"DeviceName": "/dev/xvdb", "Ebs": {"VolumeType": "gp9"}}]}),
     "Lc: BlockDeviceMappings[0].Ebs.VolumeType: 'gp9' is not an EBS volume type",
     _asg_tf({"launch_configuration": "lc"}, lc={"instance_type": "m5.large", "ebs_block_device": [
         {"device_name": "/dev/xvdb", "volume_type": "gp9"}]}),
     "aws_launch_configuration.lc: ebs_block_device[0].volume_type: 'gp9' is not an EBS volume type"),
    (_asg_cfn({"LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": "1"}},
              lt={"InstanceType": "m5.large", "Placement": {"Tenancy": "shared"}}),
     "Lt: LaunchTemplateData.Placement.Tenancy: 'shared' is not valid",
     _asg_tf({"launch_template": [{"id": "lt-1"}]}, lt={"instance_type": "m5.large", "placement": [{"tenancy": "shared"}]}),
     "aws_launch_template.lt: placement.tenancy: 'shared' is not valid"),
    (_asg_cfn({"LaunchConfigurationName": {"Ref": "Lc"}}, lc={"InstanceType": "m5.large", "SpotPrice": "x"}),
     "Lc: SpotPrice: 'x' is not valid",
     _asg_tf({"launch_configuration": "lc"}, lc={"instance_type": "m5.large", "spot_price": "x"}),
     "aws_launch_configuration.lc: spot_price: 'x' is not valid"),
    (_asg_cfn({"MixedInstancesPolicy": {"LaunchTemplate": {
        "LaunchTemplateSpecification": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": "1"},
        "Overrides": [{"InstanceType": "m5.large", "WeightedCapacity": "0"}]}}}, lt={"InstanceType": "m5.large"}),
     "Asg: MixedInstancesPolicy.LaunchTemplate.Overrides[0].WeightedCapacity: 0 is not valid",
     _asg_tf({"mixed_instances_policy": [{"launch_template": [{
         "launch_template_specification": [{"launch_template_id": "lt-1"}],
         "override": [{"instance_type": "m5.large", "weighted_capacity": "0"}]}]}]}, lt={"instance_type": "m5.large"}),
     "aws_autoscaling_group.asg: mixed_instances_policy.launch_template.override[0].weighted_capacity: 0 is not valid"),
]


@pytest.mark.parametrize("cfn_edit,cfn_says,tf_edit,tf_says", _NAMED_ERRORS,
                         ids=[e[1].split(":")[1].strip() for e in _NAMED_ERRORS])
def test_errors_name_the_field_as_the_template_or_the_plan_writes_it(tmp_path, cfn_edit, cfn_says, tf_edit, tf_says):
    """An error names the field as the input writes it: a CloudFormation template its property (AWS CloudFormation
    User Guide: AWS::ECS::TaskDefinition ContainerDefinitions / Memory, AWS::ECS::Service DesiredCount,
    AWS::EKS::Nodegroup ScalingConfig, AWS::EC2::LaunchTemplate LaunchTemplateData.BlockDeviceMappings[].Ebs ...), a
    Terraform plan the aws provider's attribute (container_definitions, desired_count, scaling_config,
    block_device_mappings[].ebs, ebs_block_device ...). Some CloudFormation errors said Terraform's names
    (disk_size, block_device_mappings[0].volume_size, min_capacity), and both said the ECS API's for a task
    definition (containerDefinitions[0].memory)."""
    cfn, tf = tmp_path / "t.json", tmp_path / "plan.json"
    cfn.write_text(_named_cfn(cfn_edit))
    tf.write_text(json.dumps(_named_tf(tf_edit)))
    with pytest.raises(WorkloadError) as cfn_error:
        import_cloudformation(cfn)
    with pytest.raises(WorkloadError) as tf_error:
        import_terraform(tf)
    assert f"{cfn}: {cfn_says}" in str(cfn_error.value)
    assert f"{tf}: {tf_says}" in str(tf_error.value)
    r = runner.invoke(app, ["import", "cloudformation", str(cfn)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_assumptions_and_notes_name_fields_as_the_template_or_the_plan_writes_them(tmp_path):
    """Assumptions and notes say what to set in the input's own words: a DAEMON service's SchedulingStrategy, a
    Fargate task definition's NetworkMode, a task set's Scale, a node group's DiskSize beside a launch template, a
    launch configuration's SpotPrice and a volume without VolumeSize -- scheduling_strategy, network_mode, scale {},
    disk_size, spot_price and volume_size in a Terraform plan."""
    def both(cfn_edit, tf_edit, **kw):
        cfn, tf = tmp_path / "t.json", tmp_path / "plan.json"
        cfn.write_text(_named_cfn(cfn_edit))
        tf.write_text(json.dumps(_named_tf(tf_edit)))
        a, b = import_cloudformation(cfn, **kw), import_terraform(tf, **kw)
        return a.notes + a.assumptions, b.notes + b.assumptions

    def one(messages, prefix):
        [m] = [m for m in messages if m.startswith(prefix)]
        return m

    # a DAEMON service on EC2, and a Fargate task definition in bridge mode
    def cfn(r):
        r["Service"]["Properties"].update(LaunchType="EC2", SchedulingStrategy="DAEMON")
        r["Task"]["Properties"]["NetworkMode"] = "bridge"

    def tf(r):
        r[2]["values"].update(launch_type="EC2", scheduling_strategy="DAEMON")
        r[1]["values"]["network_mode"] = "bridge"
    c, t = both(cfn, tf)
    assert one(c, "Service: ").startswith("Service: SchedulingStrategy DAEMON runs one task on every container")
    assert one(t, "aws_ecs_service.web: ").startswith("aws_ecs_service.web: scheduling_strategy DAEMON runs one task")
    bridge = [m for m in c if "network mode bridge" in m]
    assert bridge and bridge[0].startswith("Task: RequiresCompatibilities FARGATE with network mode bridge")
    assert bridge[0].endswith("Set NetworkMode to awsvpc.")
    bridge = [m for m in t if "network mode bridge" in m]
    assert bridge and bridge[0].startswith("aws_ecs_task_definition.web: requires_compatibilities FARGATE with "
                                           "network mode bridge")
    assert bridge[0].endswith("Set network_mode to awsvpc.")
    # a node group's disk size beside a launch template that maps a volume without a size
    lt_cfn = {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
        "BlockDeviceMappings": [{"DeviceName": "/dev/xvdb", "Ebs": {"SnapshotId": "snap-1", "VolumeType": "gp3"}}]}}}
    lt_tf = {"address": "aws_launch_template.lt", "values": {"id": "lt-1", "block_device_mappings": [
        {"device_name": "/dev/xvdb", "ebs": [{"snapshot_id": "snap-1", "volume_type": "gp3"}]}]}}

    def cfn_ng(r):
        _eks_cfn(DiskSize=30, LaunchTemplate={"Id": {"Ref": "Lt"}})(r)
        r["Lt"] = lt_cfn

    def tf_ng(r):
        _eks_tf(disk_size=30, launch_template=[{"id": "lt-1"}])(r)
        r.append(lt_tf)
    c, t = both(cfn_ng, tf_ng)
    assert "Ng: DiskSize is set together with a launch template (Lt)" in " | ".join(c)
    assert "priced at DiskSize. Set the size in the launch template's BlockDeviceMappings." in " | ".join(c)
    assert "Ng: EBS volume(s) /dev/xvdb of Lt have no VolumeSize (their snapshot's size): not priced; set VolumeSize " \
           "to price them" in c
    assert "aws_eks_node_group.ng: disk_size is set together with a launch template (aws_launch_template.lt)" in \
        " | ".join(t)
    assert "priced at disk_size. Set the size in the launch template's block_device_mappings." in " | ".join(t)
    assert "aws_eks_node_group.ng: EBS volume(s) /dev/xvdb of aws_launch_template.lt have no volume_size (their " \
           "snapshot's size): not priced; set volume_size to price them" in t
    # a launch configuration that requests Spot Instances
    c, t = both(_asg_cfn({"LaunchConfigurationName": {"Ref": "Lc"}}, lc={"InstanceType": "m5.large", "SpotPrice": "0.05"}),
                _asg_tf({"launch_configuration": "lc"}, lc={"instance_type": "m5.large", "spot_price": "0.05"}))
    assert "Asg: its launch configuration Lc requests Spot Instances (SpotPrice '0.05')" in " | ".join(c)
    assert "aws_autoscaling_group.asg: its launch configuration aws_launch_configuration.lc requests Spot Instances " \
           "(spot_price '0.05')" in " | ".join(t)
    # a task set without a scale
    def cfn_ts(r):
        del r["Service"]["Properties"]["TaskDefinition"]
        r["Service"]["Properties"]["DeploymentController"] = {"Type": "EXTERNAL"}
        r["Set"] = {"Type": "AWS::ECS::TaskSet", "Properties": {"Service": {"Ref": "Service"}, "Cluster": {
            "Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE"}}

    def tf_ts(r):
        r[2]["values"].update(task_definition=None, deployment_controller=[{"type": "EXTERNAL"}])
        r.append({"address": "aws_ecs_task_set.set", "values": {"service": "web", "cluster": "main",
                                                                "task_definition": "web:1", "launch_type": "FARGATE"}})
    c, t = both(cfn_ts, tf_ts)
    assert one(c, "Set: scale not set").endswith("Set Scale (Unit: PERCENT, Value: ...) to price what it runs.")
    assert one(t, "aws_ecs_task_set.set: scale not set").endswith(
        "Set scale { unit = \"PERCENT\", value = ... } to price what it runs.")


def test_input_field_spells_an_api_path_as_each_input_does():
    """The one rule behind those messages: CloudFormation's PascalCase (AWS::ECS::TaskDefinition, AWS::ECS::Service
    properties), the aws provider's snake_case with its exceptions (aws_ecs_service's flattened deployment fields and
    singular blocks; container_definitions JSON in the ECS API's camelCase)."""
    from advisor.workload.importers.iac import input_field

    cases = {"containerDefinitions[1].portMappings[0].hostPort": ("ContainerDefinitions[1].PortMappings[0].HostPort",
                                                                  "container_definitions[1].portMappings[0].hostPort"),
             "deploymentConfiguration.minimumHealthyPercent": ("DeploymentConfiguration.MinimumHealthyPercent",
                                                               "deployment_minimum_healthy_percent"),
             "volumeConfigurations[0].managedEBSVolume.sizeInGiB": (
                 "VolumeConfigurations[0].ManagedEBSVolume.SizeInGiB",
                 "volume_configuration[0].managed_ebs_volume.size_in_gb"),
             "ephemeralStorage.sizeInGiB": ("EphemeralStorage.SizeInGiB", "ephemeral_storage.size_in_gib"),
             "inferenceAccelerators[0].deviceType": ("InferenceAccelerators[0].DeviceType",
                                                     "inference_accelerator[0].device_type"),
             "ScalingConfig.DesiredSize": ("ScalingConfig.DesiredSize", "scaling_config.desired_size")}
    for path, (cfn, tf) in cases.items():
        assert (input_field("cloudformation", path), input_field("terraform", path)) == (cfn, tf), path


@pytest.mark.parametrize("kind", ["cloudformation", "terraform"])
def test_a_service_launch_type_ecs_does_not_have_exits_2_naming_the_field(tmp_path, kind):
    """LaunchType: LAMBDA on a service imported with no message (the task definition's compatibilities decided);
    ECS CreateService takes EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES only."""
    if kind == "cloudformation":
        t = _fargate_template()
        t["Service"]["Properties"]["LaunchType"] = "FARGAT"
        p = tmp_path / "t.json"
        p.write_text(_template(t))
        field = "LaunchType"
    else:
        resources = _tf_fargate()
        resources[-1]["values"]["launch_type"] = "FARGAT"
        p = tmp_path / "plan.json"
        p.write_text(json.dumps(_plan(resources)))
        field = "launch_type"
    r = runner.invoke(app, ["compare", str(p)])
    out = r.output.replace("\n", " ")
    assert r.exit_code == 2, out
    assert f"{field}: 'FARGAT' is not valid; use FARGATE, EC2, EXTERNAL, MANAGED_INSTANCES" in out, out
    assert "Did you mean 'FARGATE'?" in out, out


def test_task_definition_volumes_are_noted_from_plans_and_templates(tmp_path):
    """An EFS volume (not priced) and a host_path bind mount (not on Fargate) of aws_ecs_task_definition's volume
    blocks, and CloudFormation's EFSVolumeConfiguration / Host.SourcePath, get the task-definition importer's note."""
    res = _tf_fargate()
    res[1]["values"]["volume"] = [
        {"name": "data", "efs_volume_configuration": [{"file_system_id": "fs-123"}], "host_path": None,
         "docker_volume_configuration": [], "fsx_windows_file_server_volume_configuration": []},
        {"name": "logs", "host_path": "/var/log", "efs_volume_configuration": []}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(res)))
    r = runner.invoke(app, ["import", "terraform", str(p), "-o", str(tmp_path / "w.yaml")])
    out = " ".join(r.output.split())
    assert r.exit_code == 0, r.output
    assert "volume(s) not priced: data (Amazon EFS fs-123)" in out
    assert "logs (a bind mount of the instance's /var/log, volume.host_path" in out
    assert yaml.safe_load((tmp_path / "w.yaml").read_text())["services"][0]["host_volumes"] == ["/var/log"]
    tpl = {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
        "ContainerDefinitions": [{"Name": "web", "Image": "x"}],
        "Volumes": [{"Name": "data", "EFSVolumeConfiguration": {"FilesystemId": "fs-9"}},
                    {"Name": "logs", "Host": {"SourcePath": "/var/log"}}]}}}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(tpl))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-o", str(tmp_path / "c.yaml")])
    out = " ".join(r.output.split())
    assert r.exit_code == 0, r.output
    assert "volume(s) not priced: data (Amazon EFS fs-9)" in out
    assert "logs (a bind mount of the instance's /var/log, Volumes.Host.SourcePath" in out
    assert yaml.safe_load((tmp_path / "c.yaml").read_text())["services"][0]["host_volumes"] == ["/var/log"]


def test_a_volume_configured_at_launch_without_its_service_is_noted(tmp_path):
    """A task definition's configuredAtLaunch volume is an EBS volume whose size its ECS service gives
    (volumeConfigurations): read without that service it was dropped without a word; now a note says it is not priced
    and how to price it. With the service, it is priced (persistent_volumes) and not noted. Task definitions, Terraform
    (volume.configure_at_launch) and CloudFormation (Volumes.ConfiguredAtLaunch) alike."""
    from advisor.workload.importers.taskdef import import_taskdef

    td = {"family": "w", "cpu": "512", "memory": "1024", "networkMode": "awsvpc",
          "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "image": "x"}],
          "volumes": [{"name": "data", "configuredAtLaunch": True}]}
    (tmp_path / "td.json").write_text(json.dumps(td))
    res = import_taskdef(tmp_path / "td.json")
    [note] = [n for n in res.notes if "configured at launch" in n]
    assert note.startswith("w: volume(s) data are configured at launch (configuredAtLaunch)") and "not priced" in note
    assert res.workload.services[0].persistent_volumes is None
    svc = {"serviceName": "s", "taskDefinition": "w", "desiredCount": 2, "volumeConfigurations": [
        {"name": "data", "managedEBSVolume": {"sizeInGiB": 30, "roleArn": "arn:aws:iam::1:role/x"}}]}
    (tmp_path / "svc.json").write_text(json.dumps(svc))
    res = import_taskdef(tmp_path / "td.json", services_path=tmp_path / "svc.json")
    assert not [n for n in res.notes if "configured at launch" in n]
    assert [v.size_gib for v in res.workload.services[0].persistent_volumes] == [30]
    res = _tf_fargate()
    res[1]["values"]["volume"] = [{"name": "data", "configure_at_launch": True, "host_path": None,
                                   "efs_volume_configuration": [], "docker_volume_configuration": []}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(res)))
    r = runner.invoke(app, ["import", "terraform", str(p), "-o", str(tmp_path / "w.yaml")])
    assert r.exit_code == 0 and "volume(s) data are configured at launch" in " ".join(r.output.split()), r.output
    tpl = {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
        "ContainerDefinitions": [{"Name": "web", "Image": "x"}],
        "Volumes": [{"Name": "data", "ConfiguredAtLaunch": True}]}}}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(tpl))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-o", str(tmp_path / "c.yaml")])
    assert r.exit_code == 0 and "volume(s) data are configured at launch" in " ".join(r.output.split()), r.output


# ------------------------------------------------------------------ --parameters-file (import cloudformation)

def _copilot_prod_cli(tmp_path, *extra):
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "cloudformation", str(IAC / "cloudformation" / "copilot_svc_prod.stack.yml"),
                            "-o", str(out), "--force", *extra])
    return r, out


def test_parameters_file_copilot_params_json_gives_the_stack_as_deployed(tmp_path, prices):
    """AWS Copilot's svc-prod.params.json (a CodePipeline template configuration: {"Parameters": {...}, "Tags":
    {...}}) read as is, its empty values included: TaskCPU 256 / TaskMemory 512, scaling 3-12 (7.5 on average),
    FARGATE base 5 + FARGATE_SPOT, as the manifest's count range and spot_from 6 intend; the same numbers as the
    values given one by one."""
    r, out = _copilot_prod_cli(tmp_path, "--parameters-file",
                               str(IAC / "cloudformation" / "copilot_svc_prod.params.json"))
    assert r.exit_code == 0, r.output
    w = load_any(out)
    [svc] = w.services
    assert (svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max, svc.desired) == (0.25, 512, 3, 12, 7.5)
    assert [(s["capacityProvider"], s["base"], s["weight"]) for s in svc.capacity_provider_strategy] == \
        [("FARGATE_SPOT", 0, 1), ("FARGATE", 5, 0)]
    # 7.5 tasks' public IPv4 addresses (AssignPublicIp ENABLED): 7.5 x 730 x $0.005 = $27.375 on both
    assert compare(w, platforms=["ecs-fargate"]).estimate("ecs-fargate").monthly_cost == \
        pytest.approx(67.5751875 + 27.375, abs=1e-6)
    assert price_declared(w, prices).monthly_cost == \
        pytest.approx(45.050125 + 2.5 * 730 * (0.25 * 0.01288871 + 0.5 * 0.00141527) + 27.375, abs=1e-6)
    # --parameter overrides the file
    r, out = _copilot_prod_cli(tmp_path, "--parameters-file",
                               str(IAC / "cloudformation" / "copilot_svc_prod.params.json"),
                               "-P", "TaskCPU=1024", "-P", "TaskMemory=2048")
    assert r.exit_code == 0, r.output
    [svc] = load_any(out).services
    assert (svc.vcpu, svc.memory_mib) == (1, 2048)


@pytest.mark.parametrize("content", [
    # aws cloudformation create-stack --parameters file://
    lambda p: [{"ParameterKey": k, "ParameterValue": v} for k, v in p.items()],
    # aws cloudformation deploy --parameter-overrides file:// (its own list form)
    lambda p: [f"{k}={v}" for k, v in p.items()],
    # describe-stacks' Parameters under a "Parameters" key, ResolvedValue beside
    lambda p: {"Parameters": [{"ParameterKey": k, "ParameterValue": v, "ResolvedValue": v} for k, v in p.items()]},
])
def test_parameters_file_cli_formats(tmp_path, content):
    params = json.loads((IAC / "cloudformation" / "copilot_svc_prod.params.json").read_text())["Parameters"]
    params["TaskCount"] = "4"
    f = tmp_path / "params.json"
    f.write_text(json.dumps(content(params)))
    r, out = _copilot_prod_cli(tmp_path, "--parameters-file", str(f))
    assert r.exit_code == 0, r.output
    [svc] = load_any(out).services
    assert (svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max) == (0.25, 512, 3, 12)


@pytest.mark.parametrize(("content", "says"), [
    ('{"Parameter": {"TaskCPU": "256"}}', "has the key(s) Parameter"),
    ('{"Tags": {}}', "has no Parameters"),
    ('{"Parameters": {"TaskCPU": {"a": 1}}}', "Parameters.TaskCPU: the value must be text"),
    ('[{"ParameterKey": "TaskCPU"}]', "[0] (TaskCPU): needs a ParameterValue (or UsePreviousValue: true)"),
    ('[{"ParameterKey": "TaskCPU", "ParameterValue": "1", "UsePreviousValue": true}]', "gives both"),
    ('[{"Key": "TaskCPU", "Value": "1"}]', "[0]: needs a ParameterKey"),
    ('[{"ParameterKey": "TaskCPU", "ParamValue": "1"}]', "unknown field(s) ParamValue"),
    ('["TaskCPU"]', "'TaskCPU' is not NAME=VALUE"),
    ('[{"ParameterKey": "TaskCPU", "UsePreviousValue": true}]', "--parameter TaskCPU=VALUE"),
    ('["Nope=1"]', "--parameters-file"),
    ('"x"', "is 'x'"),
])
def test_parameters_file_errors_name_the_file_and_entry(tmp_path, content, says):
    f = tmp_path / "p.json"
    f.write_text(content)
    r, _ = _copilot_prod_cli(tmp_path, "--parameters-file", str(f))
    assert r.exit_code == 2, r.output
    assert "p.json" in r.output and says in r.output, r.output
    assert "Traceback" not in r.output
    if "UsePreviousValue" in content and "ParameterValue" not in content:  # -P gives the deployed value
        r, out = _copilot_prod_cli(tmp_path, "--parameters-file", str(f), "-P", "TaskCPU=512",
                                   *[f"-P{k}={v}" for k, v in json.loads(
                                       (IAC / "cloudformation" / "copilot_svc_prod.params.json").read_text())
                                     ["Parameters"].items() if k != "TaskCPU"])
        assert r.exit_code == 0, r.output
        assert load_any(out).services[0].vcpu == 0.5


# ------------------------------------------------------------------ declared, not compared (Classic LB, App Runner...)

def test_template_without_service_names_what_it_declares_that_advisor_does_not_compare():
    """awslabs/aws-cloudformation-templates ELBStickinessSample.yaml: a Classic Load Balancer before two EC2
    instances. 'declares no service' said nothing of them; it names both, with how to account for them (no Classic
    Load Balancer rate is invented)."""
    for cmd in (["import", "cloudformation"], ["compare"]):
        r = runner.invoke(app, [*cmd, str(IAC / "cloudformation" / "cfn_templates_elb_stickiness_sample.yaml")])
        assert r.exit_code == 2, r.output
        assert "1 Classic Load Balancer(s) (AWS::ElasticLoadBalancing::LoadBalancer, not compared or priced)" in r.output
        assert "2 EC2 instance(s) (AWS::EC2::Instance" in r.output
        assert "advisor holds no Classic Load Balancer rate" in r.output
    r = runner.invoke(app, ["import", "cloudformation",
                            str(IAC / "cloudformation" / "cfn_templates_apprunner_service_from_ecr.yml")])
    assert r.exit_code == 2, r.output
    assert "1 App Runner service(s) (AWS::AppRunner::Service" in r.output
    assert "App Runner is a container platform advisor does not compare" in r.output


def test_classic_load_balancer_beside_a_service_is_noted_in_import_and_diff(tmp_path):
    base = (IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml").read_text()
    after = tmp_path / "after.yml"
    after.write_text(base + "  Classic:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n"
                     "      Listeners: [{LoadBalancerPort: '80', InstancePort: '80', Protocol: HTTP}]\n")
    res = import_cloudformation(after)
    [note] = [n for n in res.notes if "Classic Load Balancer" in n]
    assert note.startswith("declared and not priced: 1 Classic Load Balancer(s) (AWS::ElasticLoadBalancing::")
    assert not any("AWS::ElasticLoadBalancing::LoadBalancer" in n for n in res.notes if n.startswith("not priced"))
    r = runner.invoke(app, ["diff", str(IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml"),
                            str(after), "--format", "markdown"])
    assert r.exit_code == 0, r.output
    assert "declared and not priced: 1 Classic Load Balancer(s)" in r.output


def test_terraform_aws_elb_and_efs_are_named_not_priced(tmp_path):
    plan = json.loads((IAC / "synthetic" / "tf_ecs_fargate_plan.json").read_text())
    for rtype, name in (("aws_elb", "classic"), ("aws_efs_file_system", "shared")):
        plan["planned_values"]["root_module"]["resources"].append(
            {"address": f"{rtype}.{name}", "mode": "managed", "type": rtype, "name": name,
             "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": {}})
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    res = import_terraform(path)
    notes = "\n".join(res.notes)
    assert "declared and not priced: 1 Classic Load Balancer(s) (aws_elb)" in notes
    assert "declared and not priced: 1 EFS file system(s) (aws_efs_file_system)" in notes


@pytest.mark.parametrize(("fragment", "holds", "names"), [
    ("copilot_autoscaling-svc-cf.yml", "AutoScalingRole, AutoScalingTarget", "AppName, EnvName, Service"),
    ("copilot_override-cf.yml", "(TaskDefinition)", "TaskCPU"),
])
def test_template_fragment_is_told_it_is_not_a_whole_template(fragment, holds, names):
    """AWS Copilot's template pieces (resources without the top-level Resources section): 'compare' refused their
    '!GetAtt' tag as if YAML tags were the problem, 'import cloudformation' said only 'not a CloudFormation template';
    both say it is a fragment, what it holds, what a whole template has and where to get one."""
    path = str(IAC / "cloudformation" / "fragments" / fragment)
    for cmd in (["import", "cloudformation"], ["compare"], ["report"]):
        r = runner.invoke(app, [*cmd, path])
        assert r.exit_code == 2, r.output
        assert "is a fragment of a CloudFormation template, not a whole template" in r.output, r.output
        assert holds in r.output and names in r.output and "top-level Resources section" in r.output
        assert "copilot svc package" in r.output and "is not allowed" not in r.output


@pytest.mark.parametrize("given, message", [
    (["-P", "TaskCount="], "parameter TaskCount (--parameter): '' is not a number, and its Type is Number"),
    (["-P", "TaskCount=three"], "'three' is not a number"),
])
def test_a_number_parameter_must_be_a_number(tmp_path, given, message):
    """CloudFormation validates a Number parameter's value as a number and refuses the stack otherwise (User Guide,
    'Parameters syntax'); -P TaskCount= was taken on Copilot's svc-prod stack."""
    stack = IAC / "cloudformation" / "copilot_svc_prod.stack.yml"
    params = IAC / "cloudformation" / "copilot_svc_prod.params.json"
    r = runner.invoke(app, ["import", "cloudformation", str(stack), "--parameters-file", str(params), *given])
    assert r.exit_code == 2 and message in " ".join(r.output.split()), r.output


def test_a_number_parameter_outside_its_min_and_max_is_refused(tmp_path):
    tpl = {"Parameters": {"Count": {"Type": "Number", "Default": 2, "MinValue": 1, "MaxValue": 10}},
           "Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
               "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
               "ContainerDefinitions": [{"Name": "web", "Image": "x"}]}},
               "Svc": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Task"},
                                                                   "DesiredCount": {"Ref": "Count"},
                                                                   "LaunchType": "FARGATE"}}}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(tpl))
    assert runner.invoke(app, ["import", "cloudformation", str(p), "-P", "Count=10"]).exit_code == 0
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-P", "Count=11"])
    assert r.exit_code == 2 and "'11' is above its MaxValue (10)" in " ".join(r.output.split()), r.output
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-P", "Count=0"])
    assert r.exit_code == 2 and "is below its MinValue (1)" in " ".join(r.output.split()), r.output


def test_a_blank_host_path_is_refused_naming_the_field(tmp_path):
    """host_path '   ' was written as host_volumes ['   '], ruling Fargate out for no folder."""
    res = _tf_fargate()
    res[1]["values"]["volume"] = [{"name": "logs", "host_path": "/var/log"}, {"name": "bad", "host_path": "   "}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(res)))
    r = runner.invoke(app, ["import", "terraform", str(p), "-o", str(tmp_path / "w.yaml")])
    assert r.exit_code == 2 and not (tmp_path / "w.yaml").exists()
    assert "volume.host_path:" in r.output and "(volume bad) is not a path" in " ".join(r.output.split())


def test_a_non_numeric_min_value_is_refused(tmp_path):
    """MinValue: one was ignored (the bound silently dropped); CloudFormation refuses such a template."""
    tpl = {"Parameters": {"Count": {"Type": "Number", "Default": 2, "MinValue": "one"}},
           "Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
               "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc", "RequiresCompatibilities": ["FARGATE"],
               "ContainerDefinitions": [{"Name": "web", "Image": "x"}]}}}}
    p = tmp_path / "t.json"
    p.write_text(json.dumps(tpl))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    assert r.exit_code == 2 and "parameter Count: its MinValue 'one' is not a number" in " ".join(r.output.split())


@pytest.mark.parametrize("text, name", [
    ("Svc:\n  Type: AWS::ECS::Service\n  Properties: {DesiredCount: 2}\n", "frag.yaml"),
    ('{"Svc": {"Type": "AWS::ECS::Service"}}', "frag.json"),
])
def test_a_fragment_is_told_so_by_compare_and_diff(tmp_path, text, name):
    """A YAML fragment without short-form tags (or a JSON one) got the workload file's errors ('name' is required,
    unknown key 'Svc') from compare, report and diff; it is told it is a piece of a CloudFormation template."""
    p = tmp_path / name
    p.write_text(text)
    for args in (["compare", str(p)], ["diff", str(p), str(p)]):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and "is a fragment of a CloudFormation template" in r.output, (args, r.output)
    w = tmp_path / "w.yaml"  # a workload file is still a workload file
    w.write_text("name: w\nservices: [{name: a, cpu: 1, memory: 2048}]\n")
    assert runner.invoke(app, ["compare", str(w), "-p", "ecs-fargate"]).exit_code == 0
    # ... also with 'services' misspelt beside a mapping that has a Type: AWS::... key
    w.write_text("name: a\nservice: [{name: s, cpu: 1, memory: 512}]\nnat: {Type: AWS::EC2::NatGateway}\n")
    r = runner.invoke(app, ["compare", str(w)])
    assert r.exit_code == 2 and "Did you mean 'services'?" in r.output and "is a fragment of" not in r.output, r.output


#: The objects of synthetic/tf_k8s_claim_plan.json (make_plans.k8s_claim_plan) as manifests, for the k8s importer.
_CLAIM_MANIFESTS = """
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ebs-gp2}
provisioner: ebs.csi.aws.com
parameters: {type: gp2}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: team}
spec: {accessModes: [ReadWriteOnce], storageClassName: ebs-gp2, resources: {requests: {storage: 20Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: example/api:1, resources: {requests: {cpu: 500m, memory: 512Mi}}}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"""


def _claim_volume_lines(path, prices):
    c = compare(str(path), platforms=["eks-ec2"], prices=prices, scaling=False)
    return [(ln.name, ln.quantity, ln.unit_price, ln.monthly_cost) for ln in c.estimates[0].lines
            if ln.name.startswith("EBS volume ")]


def test_terraform_claim_a_deployment_mounts_as_its_manifest(tmp_path, prices):
    """kubernetes_persistent_volume_claim_v1 and kubernetes_storage_class_v1 were counted 'not priced' and the
    Deployment mounting the claim got no volume. The plan now prices it as the same manifests do: one 20 GiB gp2
    volume (the class's parameters.type) the two pods share, 20 GB-months x $0.10 (us-east-1 gp2) = $2.00."""
    plan = IAC / "synthetic" / "tf_k8s_claim_plan.json"
    manifests = tmp_path / "claim.yaml"
    manifests.write_text(_CLAIM_MANIFESTS)
    tf_lines = _claim_volume_lines(plan, prices)
    assert tf_lines == [("EBS volume data (gp2, 20 GiB, one claim the pods share)", 20.0, 0.1, pytest.approx(2.0))]
    assert tf_lines == _claim_volume_lines(manifests, prices)
    res = import_terraform(plan)
    [api] = res.workload.services
    assert [(v.name, v.size_gib, v.volume_type, v.shared) for v in api.persistent_volumes] == [
        ("data", 20, "gp2", True)]
    assert not any("kubernetes_persistent_volume_claim" in n or "kubernetes_storage_class" in n for n in res.notes)


def test_terraform_claim_class_named_by_the_beta_annotation(tmp_path, prices):
    """A kubernetes_persistent_volume_claim_v1 whose class is metadata.annotations
    volume.beta.kubernetes.io/storage-class (the form before storage_class_name, which Kubernetes still reads first)
    is read as the manifest reader reads it: the ebs-gp2 class's 20 GiB gp2 volume, $2.00, not the cluster's default
    class assumed to be gp3 ($1.60) with an assumption."""
    doc = json.loads((IAC / "synthetic" / "tf_k8s_claim_plan.json").read_text())
    values = [r["values"] for r in doc["planned_values"]["root_module"]["resources"]
              if r["type"] == "kubernetes_persistent_volume_claim_v1"]
    values += [r["change"]["after"] for r in doc["resource_changes"]
               if r["type"] == "kubernetes_persistent_volume_claim_v1"]
    for v in values:
        v["metadata"][0]["annotations"] = {"volume.beta.kubernetes.io/storage-class": "ebs-gp2"}
        v["spec"][0]["storage_class_name"] = None
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    assert _claim_volume_lines(path, prices) == [
        ("EBS volume data (gp2, 20 GiB, one claim the pods share)", 20.0, 0.1, pytest.approx(2.0))]
    res = import_terraform(path)
    [api] = res.workload.services
    assert [(v.name, v.volume_type, v.storage_class) for v in api.persistent_volumes] == [("data", "gp2", "ebs-gp2")]
    assert not any("assumed to be EBS" in a for a in res.assumptions + res.notes)


#: The objects of synthetic/tf_k8s_volume_plan.json (make_plans.k8s_volume_plan) as manifests.
_VOLUME_MANIFESTS = """
apiVersion: v1
kind: PersistentVolume
metadata: {name: data-pv}
spec:
  capacity: {storage: 50Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  persistentVolumeReclaimPolicy: Retain
  csi: {driver: ebs.csi.aws.com, volumeHandle: vol-0123456789abcdef0, fsType: ext4}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: spare}
spec:
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteMany]
  nfs: {server: 10.0.0.1, path: /exports}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: team}
spec: {accessModes: [ReadWriteOnce], storageClassName: "", volumeName: data-pv, resources: {requests: {storage: 10Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: team}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: example/api:1, resources: {requests: {cpu: 500m, memory: 512Mi}}}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
"""


def test_terraform_and_cdk_persistent_volume_as_its_manifest(tmp_path, prices):
    """kubernetes_persistent_volume(_v1) was counted 'not priced', so a claim bound to one (spec.volume_name) was
    'bound to PersistentVolume data-pv, which is not in the input ... assumed to be EBS' at the claim's 10 GiB. As the
    same manifests: the volume is what its source says (csi ebs.csi.aws.com: EBS) and as large as its capacity, 50 GiB:
    50 GB-months x $0.08 (us-east-1 gp3) = $4.00 on EKS on EC2; the NFS volume no claim binds is not priced."""
    plan = IAC / "synthetic" / "tf_k8s_volume_plan.json"
    manifests = tmp_path / "volume.yaml"
    manifests.write_text(_VOLUME_MANIFESTS)
    expected = [("EBS volume data (gp3, 50 GiB, one claim the pods share)", 50.0, 0.08, pytest.approx(4.0))]
    assert _claim_volume_lines(manifests, prices) == expected
    assert _claim_volume_lines(plan, prices) == expected
    res = import_terraform(plan)
    [api] = res.workload.services
    assert [(v.name, v.size_gib, v.shared) for v in api.persistent_volumes] == [("data", 50, True)]
    claimed = next(n for n in res.notes if n.startswith("PersistentVolumeClaim(s) mounted by pods"))
    assert "team/data 50 GiB, bound to PersistentVolume 'data-pv', an EBS volume (CSI driver ebs.csi.aws.com)" in claimed
    assert not any("not in the input" in n for n in res.notes + res.assumptions)
    assert not any("kubernetes_persistent_volume" in n for n in res.notes)  # read, not counted by resource type
    assert any(n.startswith("not priced") and n.endswith(": 1 Kubernetes PersistentVolume") for n in res.notes)
    # the spec's source block as the manifest's: csi on the spec, no empty source types left (which would read as one)
    from advisor.workload.importers.iac import k8s_manifest
    doc = json.loads(plan.read_text())
    spare = next(r for r in doc["planned_values"]["root_module"]["resources"]
                 if r["type"] == "kubernetes_persistent_volume")
    assert k8s_manifest("PersistentVolume", spare["values"])["spec"] == {
        "capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteMany"], "persistentVolumeReclaimPolicy": "Retain",
        "volumeMode": "Filesystem", "mountOptions": None, "nodeAffinity": None, "claimRef": None,
        "nfs": {"server": "10.0.0.1", "path": "/exports", "readOnly": False}}
    # a CDK addManifest holding the same objects
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps(list(yaml.safe_load_all(_VOLUME_MANIFESTS))), "ClusterName": {"Ref": "Cluster"}}},
    }
    cdk = tmp_path / "t.json"
    cdk.write_text(_template(resources))
    assert _claim_volume_lines(cdk, prices) == expected
    cf = import_cloudformation(cdk)
    assert not any("not in the input" in n for n in cf.notes + cf.assumptions)


def test_a_claim_bound_to_an_nfs_persistent_volume_is_not_priced_in_a_plan_as_in_manifests(tmp_path, prices):
    """The claim bound to the NFS volume instead: a file system, not priced, in the plan as in the manifests (the plan
    assumed EBS, as it could not see the volume)."""
    from advisor.workload.importers.k8s import import_k8s

    doc = json.loads((IAC / "synthetic" / "tf_k8s_volume_plan.json").read_text())
    for r in doc["planned_values"]["root_module"]["resources"] + [
            {"type": c["type"], "values": c["change"]["after"]} for c in doc["resource_changes"]]:
        if r["type"] == "kubernetes_persistent_volume_claim_v1":
            r["values"]["spec"][0]["volume_name"] = "spare"
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    manifests = tmp_path / "volume.yaml"
    manifests.write_text(_VOLUME_MANIFESTS.replace("volumeName: data-pv", "volumeName: spare"))
    tf, k8s = import_terraform(plan), import_k8s(manifests)
    assert [s.persistent_volumes for s in tf.workload.services] == [None] == \
        [s.persistent_volumes for s in k8s.workload.services]
    assert _claim_volume_lines(plan, prices) == [] == _claim_volume_lines(manifests, prices)
    said = "bound to PersistentVolume 'spare', an NFS share"
    assert any(said in n for n in tf.notes) and any(said in n for n in k8s.notes)


def _ephemeral_inputs(tmp_path, provisioner):
    """The objects of tf_k8s_claim_plan.json with the Deployment's volume a generic ephemeral volume of 30Gi of the
    ebs-gp2 class (whose provisioner is ``provisioner``) instead of the claim, and a DaemonSet with a 5Gi one (CDK and
    manifests): (manifests, Terraform plan, CDK template)."""
    volume = {"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {
        "accessModes": ["ReadWriteOnce"], "storageClassName": "ebs-gp2", "resources": {"requests": {"storage": "30Gi"}}}}}}
    objs = [obj for obj in yaml.safe_load_all(_CLAIM_MANIFESTS) if obj["kind"] != "PersistentVolumeClaim"]
    objs[0]["provisioner"] = provisioner
    objs[1]["spec"]["template"]["spec"]["volumes"] = [volume]
    agent = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "team"},
             "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": {
                 "metadata": {"labels": {"app": "agent"}}, "spec": {
                     "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "100m",
                                                                                           "memory": "128Mi"}}}],
                     "volumes": [{**volume, "ephemeral": {"volumeClaimTemplate": {"spec": {
                         **volume["ephemeral"]["volumeClaimTemplate"]["spec"],
                         "resources": {"requests": {"storage": "5Gi"}}}}}}]}}}}
    manifests = tmp_path / "m.yaml"
    manifests.write_text(yaml.safe_dump_all([*objs, agent]))
    # the plan: kubernetes_deployment_v1's volume.ephemeral.volume_claim_template (one block, with metadata and spec;
    # terraform-provider-kubernetes volume schema, DeploymentSpecTemplateSpecVolumeEphemeral in the cdktf bindings)
    doc = json.loads((IAC / "synthetic" / "tf_k8s_claim_plan.json").read_text())
    tf_volume = [{"name": "scratch", "ephemeral": [{"volume_claim_template": [{
        "metadata": [{"labels": None, "annotations": None}],
        "spec": [{"access_modes": ["ReadWriteOnce"], "storage_class_name": "ebs-gp2", "selector": [],
                  "volume_name": "", "resources": [{"requests": {"storage": "30Gi"}, "limits": {}}]}]}]}]}]
    for key in ("planned_values", "resource_changes"):
        rows = doc["planned_values"]["root_module"]["resources"] if key == "planned_values" else doc[key]
        rows[:] = [r for r in rows if r["type"] != "kubernetes_persistent_volume_claim_v1"]
        for r in rows:
            values = r["values"] if key == "planned_values" else r["change"]["after"]
            if r["type"] == "kubernetes_deployment_v1":
                values["spec"][0]["template"][0]["spec"][0]["volume"] = tf_volume
            if r["type"] == "kubernetes_storage_class_v1":
                values["storage_provisioner"] = provisioner
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    resources = {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps([*objs, agent]), "ClusterName": {"Ref": "Cluster"}}},
    }
    cdk = tmp_path / "t.json"
    cdk.write_text(_template(resources))
    return manifests, plan, cdk


def test_generic_ephemeral_volumes_in_plans_and_cdk_as_in_manifests(tmp_path, prices):
    """A pod volume's ephemeral.volumeClaimTemplate was read from manifests only: a Terraform plan's
    volume.ephemeral.volume_claim_template and a CDK manifest's were dropped (no volume, no line, no note). Now one
    claim per pod, as Kubernetes 'Ephemeral Volumes' makes it, of its class's type: 2 pods x 30 GiB gp2 = 60 GB-months
    x $0.10 = $6.00 on EKS on EC2, and one per task on ECS; the DaemonSet's (one per node) noted, not priced."""
    from advisor.workload.importers.k8s import import_k8s

    manifests, plan, cdk = _ephemeral_inputs(tmp_path, "ebs.csi.aws.com")
    expected = [("EBS volume scratch (gp2, 30 GiB per pod)", 60.0, 0.1, pytest.approx(6.0))]
    for path in (manifests, plan, cdk):
        assert _claim_volume_lines(path, prices) == expected, path
    tf, cf, k8s = import_terraform(plan), import_cloudformation(cdk), import_k8s(manifests)
    for res in (tf, cf, k8s):
        [api] = res.workload.services
        assert [(v.name, v.size_gib, v.volume_type, v.ephemeral) for v in api.persistent_volumes] == [
            ("scratch", 30, "gp2", True)]
        [note] = [n for n in res.notes if n.startswith("generic ephemeral volumes")]
        assert ": Deployment team/api: scratch 30 GiB (StorageClass 'ebs-gp2'" in note
    c = compare(str(plan), platforms=["ecs-fargate"], prices=prices, scaling=False)
    assert [(ln.name, ln.quantity) for ln in c.estimates[0].lines if ln.name.startswith("EBS volume ")] == [
        ("EBS volume scratch (gp2, 30 GiB per task)", 60.0)]
    daemon = "DaemonSet team/agent (scratch 5 GiB, StorageClass 'ebs-gp2'"
    assert any(n.startswith(daemon) for n in cf.notes) and any(n.startswith(daemon) for n in k8s.notes)


def test_a_generic_ephemeral_volume_of_an_efs_class_is_not_priced_in_plans_and_cdk_as_in_manifests(tmp_path, prices):
    """The same volume of an EFS class is a file system, not priced, with the note a claim template of that class
    gets (it was dropped from plans and CDK, and priced as nothing without saying so)."""
    from advisor.workload.importers.k8s import import_k8s

    manifests, plan, cdk = _ephemeral_inputs(tmp_path, "efs.csi.aws.com")
    for path in (manifests, plan, cdk):
        assert _claim_volume_lines(path, prices) == [], path
    for res in (import_terraform(plan), import_cloudformation(cdk), import_k8s(manifests)):
        assert [s.persistent_volumes for s in res.workload.services] == [None]
        assert any(n.startswith("storage not priced, as it is not an EBS volume: generic ephemeral volume scratch of "
                                "Deployment team/api (StorageClass 'ebs-gp2' (efs.csi.aws.com): Amazon EFS")
                   for n in res.notes)


def test_terraform_claim_size_unknown_until_apply(tmp_path):
    """spec.resources.requests.storage unknown until apply: no size to price, so no volume, and an assumption says so
    (not the 'claim not in the input' one)."""
    doc = json.loads((IAC / "synthetic" / "tf_k8s_claim_plan.json").read_text())
    pvc = next(r for r in doc["planned_values"]["root_module"]["resources"]
               if r["type"] == "kubernetes_persistent_volume_claim_v1")
    del pvc["values"]["spec"][0]["resources"][0]["requests"]["storage"]
    change = next(r for r in doc["resource_changes"] if r["type"] == "kubernetes_persistent_volume_claim_v1")["change"]
    del change["after"]["spec"][0]["resources"][0]["requests"]["storage"]
    change["after_unknown"]["spec"] = [{"resources": [{"requests": {"storage": True}}], "volume_name": True}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    res = import_terraform(path)
    [api] = res.workload.services
    assert api.persistent_volumes is None
    assert ("kubernetes_persistent_volume_claim_v1.data: spec.resources.requests.storage unknown until apply: the "
            "claim's EBS volume is not priced (set the size from a known value to price it)") in res.assumptions
    assert not any("not in the input" in a for a in res.assumptions)


def test_terraform_managed_instances_cpu_manufacturers_and_local_storage_choose_the_types(tmp_path):
    """cpu_manufacturers and local_storage were noted as not read, so a provider allowing only Intel types without
    instance store was sized on any m6 type. They are read now: m6i.* + intel + local_storage excluded + 2..8 vCPU and
    >= 4096 MiB allows the large, xlarge and 2xlarge of m6i and m6in only (m6id, m6idn have instance store; m6a is
    AMD, m6g Graviton); the cheapest, m6i.large, is the fleet's type; amazon-web-services with m* allows only Graviton m*g types."""
    from advisor.pricing.book import PriceBook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.nodes import cpu_manufacturer, managed_node_profile

    ir = {"vcpu_count": [{"min": 2, "max": 8}], "memory_mib": [{"min": 4096, "max": None}],
          "allowed_instance_types": ["m6*"], "cpu_manufacturers": ["intel"], "local_storage": "excluded",
          "require_hibernate_support": False, "burstable_performance": "", "accelerator_count": []}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(_tf_managed_instances("ON_DEMAND", ir, 50))))
    res = import_terraform(p)
    req = res.workload.ecs_managed_instances.instance_requirements
    assert (req.cpu_manufacturers, req.local_storage) == (["intel"], "excluded")
    assert not any("not read" in n for n in res.notes)  # require_hibernate_support false is the default
    cat = Catalog.of(PriceBook.default())
    profile = managed_node_profile(res.workload, "ecs-managed-instances")
    allowed = sorted(t.name for t in cat.types().values() if profile.accepts(t))
    assert allowed == ["m6i.2xlarge", "m6i.large", "m6i.xlarge", "m6in.2xlarge", "m6in.large", "m6in.xlarge"]
    # the bundled data has no ECS Managed Instances fee: the fleet's type and the missing fee are named
    est = compare(res.workload, platforms=["ecs-managed-instances"], scaling=False).estimate("ecs-managed-instances")
    assert not est.complete and est.missing_prices[0].startswith(
        "no price data: the ECS Managed Instances management fee of m6i.large (the type its fleet would use) in "
        "us-east-1 is not in the data (table managed_instance_fees)")
    ir.update(allowed_instance_types=["m*"], cpu_manufacturers=["amazon-web-services"], local_storage="included")
    p.write_text(json.dumps(_plan(_tf_managed_instances("ON_DEMAND", ir, 50))))
    profile = managed_node_profile(import_terraform(p).workload, "ecs-managed-instances")
    chosen = [t for t in cat.types().values() if profile.accepts(t)]
    assert chosen and {cpu_manufacturer(t) for t in chosen} == {"amazon-web-services"}
    assert {t.arch for t in chosen} == {"arm64"} and "m7g.large" in {t.name for t in chosen}
    assert [cpu_manufacturer(cat.types()[n]) for n in ("m5.large", "m6a.large", "c7i.large", "t3a.small",
                                                       "r8g.large", "u-6tb1.56xlarge")] == \
        ["intel", "amd", "intel", "amd", "amazon-web-services", "intel"]


def test_managed_instances_fee_priced_for_the_types_the_requirements_allow(tmp_path):
    """CloudFormation: AllowedInstanceTypes c6a.* with CpuManufacturers amd and VCpuCount 8..8 leaves c6a.2xlarge
    (8 vCPU, 16 GiB) alone; one 6 vCPU / 12 GiB task on a provider with one subnet (no zone spread) is one
    c6a.2xlarge all month: 730 h x $0.306 = $223.38 (bundled us-east-1 On-Demand) and the fee 730 h x $0.037 = $27.01
    (the ECS pricing page's example fee for c6a.2xlarge, region unstated; the bundled data has no fee, so it comes
    from a user data dir as in tests/test_managed.py)."""
    from advisor.costing import ESTIMATORS
    from advisor.pricing.book import BUNDLED_DIR, PriceBook

    resources = _mi_template("mi-amd", InstanceRequirements={
        "VCpuCount": {"Min": 8, "Max": 8}, "MemoryMiB": {"Min": 0}, "AllowedInstanceTypes": ["c6a.*"],
        "CpuManufacturers": ["amd"]}, NetworkConfiguration={"Subnets": ["subnet-1"]})
    resources["Task"]["Properties"].update(Cpu="6144", Memory="12288")
    resources["Service"]["Properties"]["DesiredCount"] = 1
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    mi = res.workload.ecs_managed_instances
    assert (mi.instance_requirements.cpu_manufacturers, mi.az_spread) == (["amd"], False)
    assert any("NetworkConfiguration.Subnets names one subnet" in n for n in res.notes)
    d = tmp_path / "data"
    d.mkdir()
    (d / "managed_instance_fees.csv").write_text(
        "region,offering,instance_type,usd_per_hour,usage_type,effective_date,as_of,source\n"
        "us-east-1,ecs_managed_instances,c6a.2xlarge,0.037,,,2026-09-20,ECS pricing page example fee\n")
    est = ESTIMATORS["ecs-managed-instances"](res.workload, PriceBook(data_dirs=[d, BUNDLED_DIR]))
    assert est.complete, est.missing_prices
    inst = [x for x in est.lines if x.resource == "instance"]
    fee = [x for x in est.lines if x.resource == "management_fee"]
    assert [(x.instance_type, x.quantity, round(x.monthly_cost, 2)) for x in inst] == [("c6a.2xlarge", 730, 223.38)]
    assert [(x.instance_type, round(x.monthly_cost, 2)) for x in fee] == [("c6a.2xlarge", 27.01)]


@pytest.mark.parametrize("where, value, fragment", [
    ("capacity_option_type", "SPOTTY", "managed_instances_provider.instance_launch_template.capacity_option_type: "
     "'SPOTTY' is not a capacity option ECS Managed Instances launches; valid: ON_DEMAND, SPOT, RESERVED"),
    ("burstable_performance", "sometimes", "instance_requirements.burstable_performance: 'sometimes' is not valid; "
     "valid: 'included', 'excluded' or 'required'"),
    ("cpu_manufacturers", ["intel", "arm"], "instance_requirements.cpu_manufacturers: 'arm' is not valid"),
    ("vcpu_count", [{"min": 8, "max": 2}], "instance_requirements.vcpu_count: "),
    ("monitoring", "VERBOSE", "instance_launch_template.monitoring: 'VERBOSE' is not valid; valid: BASIC, DETAILED"),
])
def test_bad_managed_instances_values_exit_2_naming_the_plans_field(tmp_path, where, value, fragment):
    # a bad capacity_option_type was priced On-Demand as if it were RESERVED; a bad instance requirement was refused
    # naming the workload's field (ecs_managed_instances.instance_requirements.burstable), not the plan's
    ir = {"vcpu_count": [{"min": 1, "max": 4}], "memory_mib": [{"min": 1024, "max": None}]}
    option = "ON_DEMAND"
    if where == "capacity_option_type":
        option = value
    elif where != "monitoring":
        ir[where] = value
    resources = _tf_managed_instances(option, ir)
    if where == "monitoring":
        resources[-1]["values"]["managed_instances_provider"][0]["instance_launch_template"][0]["monitoring"] = value
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "aws_ecs_capacity_provider.mi: managed_instances_provider." in out and fragment in out, \
        out
    assert "Traceback" not in out and "ecs_managed_instances.instance_requirements" not in out


def test_managed_instances_settings_that_change_the_bill_are_noted(tmp_path):
    # monitoring DETAILED, use_local_storage and scale_in_after -1 were read silently (nothing said of them);
    # use_local_storage was then noted as not priced, and is now read into ecs_managed_instances.use_local_storage
    resources = _tf_managed_instances("SPOT", {"vcpu_count": [{"min": 1, "max": 4}]})
    mip = resources[-1]["values"]["managed_instances_provider"][0]
    mip["infrastructure_optimization"] = [{"scale_in_after": -1}]
    mip["propagate_tags"] = "CAPACITY_PROVIDER"
    lt = mip["instance_launch_template"][0]
    lt["monitoring"] = "DETAILED"
    lt["local_storage_configuration"] = [{"use_local_storage": True}]
    lt["network_configuration"] = [{"subnets": ["subnet-1", "subnet-2"], "security_groups": []}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    res = import_terraform(p)
    notes = " ".join(res.notes)
    assert "managed_instances_provider.instance_launch_template.monitoring DETAILED: CloudWatch detailed monitoring" \
        in notes
    # use_local_storage is read into the workload now (priced: no EBS data volume on types with instance store)
    assert res.workload.ecs_managed_instances.use_local_storage is True
    assert "use_local_storage" not in notes
    assert "managed_instances_provider.infrastructure_optimization.scale_in_after -1" in notes
    assert res.workload.ecs_managed_instances.az_spread is True  # two subnets: ECS spreads over zones
    assert "propagate_tags" not in notes  # tags change nothing that is billed


@pytest.mark.parametrize("value, expected", [(True, True), ("true", True), ("False", False), (None, False)])
def test_cloudformation_use_local_storage_and_reserved_are_read(tmp_path, value, expected):
    """InstanceLaunchTemplate.LocalStorageConfiguration.UseLocalStorage (a Boolean, which CloudFormation also takes
    as "true"/"false") becomes ecs_managed_instances.use_local_storage; CapacityOptionType RESERVED becomes the
    provider's capacity_option_type reserved (priced On-Demand with the estimate's note, tests/test_managed.py). The
    template's capacity provider is read, so it is no longer listed among what is 'not container compute'."""
    resources = _mi_template("mi-res", CapacityOptionType="RESERVED",
                             **({"LocalStorageConfiguration": {"UseLocalStorage": value}} if value is not None else {}))
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    mi = res.workload.ecs_managed_instances
    assert mi.use_local_storage is expected
    assert [(x.name, x.capacity_option_type) for x in mi.capacity_providers] == [("mi-res", "reserved")]
    assert not any("AWS::ECS::CapacityProvider" in n for n in res.notes), res.notes
    assert ("use_local_storage: true" in res.to_yaml()) is expected


def test_cloudformation_use_local_storage_that_is_not_a_boolean_exits_2(tmp_path):
    resources = _mi_template(LocalStorageConfiguration={"UseLocalStorage": "sometimes"})
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    r = runner.invoke(app, ["import", "cloudformation", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert ("MiCP: ManagedInstancesProvider.InstanceLaunchTemplate.LocalStorageConfiguration.UseLocalStorage: "
            "'sometimes' is not valid; valid: true or false (the default is false).") in out, out


def test_terraform_use_local_storage_and_reserved_are_read(tmp_path):
    # aws_ecs_capacity_provider managed_instances_provider.instance_launch_template.local_storage_configuration
    # .use_local_storage and capacity_option_type RESERVED, as CloudFormation's are
    resources = _tf_managed_instances("RESERVED", {"vcpu_count": [{"min": 1, "max": 4}]})
    lt = resources[-1]["values"]["managed_instances_provider"][0]["instance_launch_template"][0]
    lt["local_storage_configuration"] = [{"use_local_storage": True}]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    mi = import_terraform(p).workload.ecs_managed_instances
    assert mi.use_local_storage is True
    assert [(x.name, x.capacity_option_type) for x in mi.capacity_providers] == [("mi-spot", "reserved")]
    lt["local_storage_configuration"] = [{"use_local_storage": None}]  # left out of the configuration
    p.write_text(json.dumps(_plan(resources)))
    assert import_terraform(p).workload.ecs_managed_instances.use_local_storage is False


@pytest.mark.parametrize("after_unknown", [
    {"local_storage_configuration": [{"use_local_storage": True}]},
    {"local_storage_configuration": True},
])
def test_terraform_use_local_storage_unknown_until_apply_is_an_assumption(tmp_path, after_unknown):
    # unknown until apply (the attribute or its whole block): priced with the EBS data volume, the default, and an
    # assumption names the workload field to set; it was priced so without a word
    resources = _tf_managed_instances("ON_DEMAND", {"vcpu_count": [{"min": 1, "max": 4}]})
    p = tmp_path / "plan.json"
    unknown = {"managed_instances_provider": [{"instance_launch_template": [after_unknown]}]}
    p.write_text(json.dumps(_plan(resources, unknown={resources[-1]["address"]: unknown})))
    res = import_terraform(p)
    assert res.workload.ecs_managed_instances.use_local_storage is False
    assert ("aws_ecs_capacity_provider.mi: managed_instances_provider.instance_launch_template.local_storage_"
            "configuration.use_local_storage unknown until apply: priced with the EBS data volume on every instance "
            "(the default, false); set ecs_managed_instances.use_local_storage: true in the workload file if the "
            "instances use their instance store") in res.assumptions, res.assumptions


def test_a_second_provider_whose_use_local_storage_differs_is_noted(tmp_path):
    resources = _mi_template("mi-a", LocalStorageConfiguration={"UseLocalStorage": True})
    second = json.loads(json.dumps(resources["MiCP"]))
    second["Properties"]["Name"] = "mi-b"
    del second["Properties"]["ManagedInstancesProvider"]["InstanceLaunchTemplate"]["LocalStorageConfiguration"]
    resources["MiCP2"] = second
    p = tmp_path / "t.json"
    p.write_text(_template(resources))
    res = import_cloudformation(p)
    assert res.workload.ecs_managed_instances.use_local_storage is True
    assert ("MiCP2: its ManagedInstancesProvider.InstanceLaunchTemplate.LocalStorageConfiguration.UseLocalStorage "
            "false differs from another Managed Instances provider's; ecs_managed_instances.use_local_storage takes "
            "the first one's") in res.notes


def test_synthetic_managed_instances_plan_reads_every_field_that_chooses_types():
    """tests/fixtures/iac/synthetic/tf_ecs_managed_instances_plan.json (make_plans.ecs_managed_instances_plan): the
    provider's instance_requirements with every attribute the aws provider lists (unset ones as a plan writes them)
    are read; the service without launch type or strategy takes the cluster association's default strategy, so it
    runs on mi-intel. 4 tasks of 1 vCPU / 2 GiB on m6i.* Intel types without instance store, 2..8 vCPU, >= 4 GiB:
    the fleet's type is m6i.large (2 vCPU, 8 GiB, the cheapest allowed), whose fee the bundled data lacks."""
    plan = Path(__file__).parent / "fixtures" / "iac" / "synthetic" / "tf_ecs_managed_instances_plan.json"
    res = import_terraform(plan)
    (svc,) = res.workload.services
    assert svc.capacity_provider_strategy == [{"capacityProvider": "mi-intel", "base": 0, "weight": 1}]
    mi = res.workload.ecs_managed_instances
    ir = mi.instance_requirements
    assert (ir.allowed_types, ir.cpu_manufacturers, ir.local_storage, ir.instance_generations, ir.vcpu.min, ir.vcpu.max,
            ir.memory_mib.min, mi.storage_gib, mi.az_spread) == \
        (["m6i.*"], ["intel"], "excluded", ["current"], 2, 8, 4096, 50, True)
    assert [n for n in res.notes if "aws_ecs_capacity_provider.mi" in n] == [
        "aws_ecs_capacity_provider.mi: managed_instances_provider.instance_launch_template.monitoring DETAILED: "
        "CloudWatch detailed monitoring of each instance is billed as CloudWatch metrics (Amazon CloudWatch pricing), "
        "which advisor does not price; basic monitoring is free"]
    c = compare(res.workload, platforms=["ecs-managed-instances"], scaling=False)
    assert c.estimate("ecs-managed-instances").missing_prices[0].startswith(
        "no price data: the ECS Managed Instances management fee of m6i.large (the type its fleet would use)")
    assert c.declared.label == "As declared (ECS Managed Instances)"


def _auto_mode_objects() -> list[dict]:
    """An EKS Auto Mode NodeClass and a custom NodePool (categories c/m, generation > 5, arm64, Spot and On-Demand;
    EKS User Guide, "Create a Node Pool for EKS Auto Mode") and a Deployment of 3 arm64 pods."""
    node_class = {"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "web"},
                  "spec": {"ephemeralStorage": {"size": "40Gi"}}}
    pool = {"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": {"name": "web-pool"}, "spec": {
        "template": {"spec": {"nodeClassRef": {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": "web"},
                              "requirements": [
                                  {"key": "eks.amazonaws.com/instance-category", "operator": "In", "values": ["c", "m"]},
                                  {"key": "eks.amazonaws.com/instance-generation", "operator": "Gt", "values": ["5"]},
                                  {"key": "kubernetes.io/arch", "operator": "In", "values": ["arm64"]},
                                  {"key": "karpenter.sh/capacity-type", "operator": "In",
                                   "values": ["spot", "on-demand"]}]}}}}
    return [node_class, pool]


@pytest.mark.parametrize("with_pool", [True, False])
def test_terraform_auto_mode_nodepool_is_read_as_advisor_import_k8s_reads_it(tmp_path, with_pool):
    """A kubernetes_manifest NodePool and NodeClass (EKS Auto Mode) were skipped as unknown resources, so a plan
    priced EKS Auto Mode on the built-in general-purpose pool (amd64, On-Demand, C/M/R >= 5) while the same objects
    given to 'advisor import k8s' gave a custom pool (c/m, generation >= 6, arm64, Spot). compute_config.node_pools
    ["system"] (no general-purpose) without a NodePool of one's own is an assumption naming the field."""
    pod = {"container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "1", "memory": "2Gi"}}]}],
           "node_selector": {"kubernetes.io/arch": "arm64"}}
    resources = [
        {"address": "aws_eks_cluster.main", "values": {"name": "main", "version": "1.33", "compute_config": [
            {"enabled": True, "node_pools": ["system"], "node_role_arn": "arn:aws:iam::1:role/node"}]}},
        {"address": "kubernetes_deployment_v1.app", "values": {"metadata": [{"name": "app", "namespace": "default"}],
         "spec": [{"replicas": "3", "template": [{"spec": [pod]}]}]}}]
    if with_pool:
        resources += [{"address": f"kubernetes_manifest.{o['kind'].lower()}", "values": {"manifest": o, "object": o}}
                      for o in _auto_mode_objects()]
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(_plan(resources)))
    res = import_terraform(p)
    gp = [a for a in res.assumptions if a.startswith("aws_eks_cluster.main: compute_config.node_pools ['system'] "
                                                       "leaves out the built-in general-purpose NodePool")]
    # whether the Auto Mode nodes get public IPv4 addresses: the NodeClass (web) does not set associatePublicIPAddress,
    # and without it the cluster's own subnets decide; either way an assumption names the field to set
    public = [a for a in res.assumptions if "eks_auto_mode.public_ip: true" in a]
    assert len(public) == 1 and public[0].startswith("NodeClass web (EKS Auto Mode)" if with_pool else
                                                     "aws_eks_cluster.main: EKS Auto Mode nodes get a public IPv4 "
                                                     "address when their NodeClass sets"), public
    if not with_pool:
        assert res.eks_auto_mode == {} and len(gp) == 1
        return
    assert not gp
    manifests = tmp_path / "k8s.yaml"
    manifests.write_text(yaml.safe_dump_all(_auto_mode_objects() + [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app"}, "spec": {"replicas": 3,
         "template": {"spec": {"nodeSelector": {"kubernetes.io/arch": "arm64"}, "containers": [
             {"name": "app", "image": "x", "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}}}]))
    from advisor.workload.importers import import_k8s
    want = import_k8s(manifests).eks_auto_mode
    assert res.eks_auto_mode == want
    assert (want["node_pool"], want["capacity_types"], want["instance_categories"], want["min_generation"],
            want["architectures"], want["ephemeral_storage_gib"]) == ("custom", ["on-demand", "spot"], ["c", "m"], 6,
                                                                      ["arm64"], 40)


def test_cdk_manifest_auto_mode_nodepool_and_compute_config_node_pools(tmp_path):
    """cluster.addManifest of an EKS Auto Mode NodeClass and NodePool was skipped ('Kubernetes NodePool'); it now sets
    eks_auto_mode as 'advisor import k8s' does. ComputeConfig.NodePools [system] without it is an assumption."""
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "app"}, "spec": {
        "replicas": 3, "template": {"spec": {"nodeSelector": {"kubernetes.io/arch": "arm64"}, "containers": [
            {"name": "app", "image": "x", "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}}}
    for with_pool in (True, False):
        objs = [deployment] + (_auto_mode_objects() if with_pool else [])
        resources = {
            "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.33", "RoleArn": "arn", "ComputeConfig":
                        {"Enabled": True, "NodePools": ["system"], "NodeRoleArn": "arn:aws:iam::1:role/node"}}},
            "Manifest": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
                "Manifest": json.dumps(objs), "ClusterName": {"Ref": "Cluster"}}}}
        p = tmp_path / "t.json"
        p.write_text(_template(resources))
        res = import_cloudformation(p)
        gp = [a for a in res.assumptions if a.startswith("Cluster: ComputeConfig.NodePools ['system'] leaves out")]
        if with_pool:
            am = res.eks_auto_mode
            assert not gp and (am["node_pool"], am["instance_categories"], am["min_generation"], am["architectures"]) \
                == ("custom", ["c", "m"], 6, ["arm64"])
        else:
            assert res.eks_auto_mode == {} and len(gp) == 1


# ------------------------------------------------------------------------------------ ECS Express Mode services

CFN = IAC / "cloudformation"


def test_cloudformation_scalable_target_on_a_launch_type_service_is_priced_at_its_midpoint():
    # christoferson/aws-cloudformation ecs-fargate-scale-targettrack.yaml: 256 / 512 Fargate task, LaunchType FARGATE
    # (the cluster's FARGATE / FARGATE_SPOT default strategy does not apply), ScalableTarget 1-2: 1.5 tasks of
    # $9.010025 = $13.5150375
    path = CFN / "christoferson_ecs_fargate_scale_targettrack.yaml"
    [svc] = load_any(path).services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max, svc.scaling.average) == (
        "ecsdev-service", 0.25, 512, 1, 2, 1.5)
    est = compare(path, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "compute") == pytest.approx(13.5150375, abs=1e-6)


def test_cloudformation_express_gateway_service_is_read(tmp_path):
    # christoferson/aws-cloudformation ecs-express/ecs-fargate-alb-autoscaling-default.yaml: one
    # AWS::ECS::ExpressGatewayService (Cpu !Ref TaskCpu default "0.25", Memory "0.5", ScalingTarget 1-4). It was
    # "declares no service to compare". Its Cpu is CPU units ("Valid values are powers of 2 between 256 and 4096"),
    # so '0.25' is refused naming the field, as a task definition's is.
    path = CFN / "christoferson_ecs_express_alb_autoscaling_default.yaml"
    r = CliRunner().invoke(app, ["import", "cloudformation", str(path)])
    assert r.exit_code == 2
    assert "ExpressService: Cpu: '0.25' would be 0.25 CPU units" in " ".join(r.output.split())
    text = path.read_text()
    for old, new in (('Default: "0.25"', 'Default: "256"'), ('["0.25", "0.5", "1", "2", "4"]', '["256", "512"]'),
                     ('Default: "0.5"', 'Default: "512"'), ('["0.5", "1", "2", "4", "8"]', '["512", "1024"]')):
        assert text.count(old) == 1
        text = text.replace(old, new)
    (tmp_path / "express.yaml").write_text(text)
    res = import_cloudformation(tmp_path / "express.yaml")
    [svc] = res.workload.services
    # ServiceName !Sub "${Application}-${Environment}" = default-dev; 0.25 vCPU / 512 MiB, 1-4 tasks: 2.5 on average
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.network_mode, svc.os, svc.architecture) == (
        "default-dev", 0.25, 512, "awsvpc", "linux", "x86_64")
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (1, 4, 2.5)
    assert any("ECS Express Mode service(s) ExpressService: ECS creates an Application Load Balancer" in n
               and "so 1 load balancer(s) are priced" in n for n in res.notes)
    assert res.workload.shared.load_balancers.count == 1
    # an Express service's network configuration has no assignPublicIp: its tasks' addresses are not in the input,
    # so they are not priced and the note names the field to set
    assert not svc.public_ip
    assert any(n.startswith("ECS Express Mode service(s): their tasks' public IPv4 addresses are not priced") and
               "set public_ip: true on those services" in n for n in res.notes)
    [d] = res.workload.declared.ecs_services
    assert (d.cluster, d.launch_type) == ("default", "FARGATE")
    est = compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "compute") == pytest.approx(22.5250625, abs=1e-6)


def test_express_gateway_service_defaults_and_task_definition_arn(tmp_path):
    # Express Mode's task definition defaults are cpu 1024 / memory 2048 ("Resources created by Amazon ECS Express
    # Mode services"); TaskDefinitionArn runs a task definition of the template instead (here 1 vCPU / 3 GB with a
    # FireLens sidecar)
    (tmp_path / "t.yaml").write_text(textwrap.dedent("""\
        Resources:
          Bare:
            Type: AWS::ECS::ExpressGatewayService
            Properties: {ExecutionRoleArn: x, InfrastructureRoleArn: y, PrimaryContainer: {Image: nginx}}
          UiTask:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: ui
              Cpu: "1024"
              Memory: "3072"
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - {Name: Main, Image: ui, Essential: true}
                - {Name: log-router, Image: fluent-bit, MemoryReservation: 50, FirelensConfiguration: {Type: fluentbit}}
          Ui:
            Type: AWS::ECS::ExpressGatewayService
            Properties:
              ServiceName: ui
              ExecutionRoleArn: x
              InfrastructureRoleArn: y
              TaskDefinitionArn: !GetAtt UiTask.TaskDefinitionArn
              ScalingTarget: {MinTaskCount: 1, MaxTaskCount: 3}
        """))
    res = import_cloudformation(tmp_path / "t.yaml")
    bare, ui = res.workload.services
    assert (bare.name, bare.vcpu, bare.memory_mib, bare.replicas) == ("Bare", 1, 2048, 1)
    assert (ui.name, ui.vcpu, ui.memory_mib, ui.scaling.average) == ("ui", 1, 3072, 2)
    assert any(n.startswith("Bare: ECS Express Mode service without Cpu or Memory: Cpu 1024, Memory 2048") for n in res.notes)
    assert any(a.startswith("Bare: ECS Express Mode service without ScalingTarget.MinTaskCount: priced at 1 task")
               for a in res.assumptions)
    # Bare 1 vCPU / 2 GB x 1 = $36.0401; ui 1 vCPU / 3 GB x 2 = 2 x (0.04048 + 3 x 0.004445) x 730 = $78.5699
    est = compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "compute") == pytest.approx(114.61, abs=1e-6)
    bad = (tmp_path / "t.yaml").read_text().replace("MinTaskCount: 1, MaxTaskCount: 3", "MinTaskCount: 4, MaxTaskCount: 3")
    (tmp_path / "bad.yaml").write_text(bad)
    with pytest.raises(WorkloadError, match="Ui: ScalingTarget.MaxTaskCount: 3 is smaller than "
                                            "ScalingTarget.MinTaskCount 4"):
        import_cloudformation(tmp_path / "bad.yaml")

    # a TaskDefinitionArn this template does not declare is named as such (the message said "TaskDefinition", the
    # property of AWS::ECS::Service, which an Express service does not have)
    (tmp_path / "arn.yaml").write_text((tmp_path / "t.yaml").read_text().replace("!GetAtt UiTask.TaskDefinitionArn",
                                                   "arn:aws:ecs:eu-west-1:123456789012:task-definition/other:3"))
    with pytest.raises(WorkloadError, match=r"Ui: TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:"
                                            r"task-definition/other:3' is not a task definition declared in this input"):
        import_cloudformation(tmp_path / "arn.yaml")


def test_terraform_express_gateway_service_is_read(tmp_path):
    # aws_ecs_express_gateway_service (aws provider 6; arguments as its registry page gives them): cpu "512", memory
    # "1024", scaling_target 2-6: 4 tasks of 0.5 vCPU / 1 GB = 4 x $18.02005 = $72.0802
    plan = _plan([{"address": "aws_ecs_express_gateway_service.api", "values": {
        "service_name": "api", "cpu": "512", "memory": "1024", "cluster": None,
        "primary_container": [{"image": "nginx", "container_port": 80}],
        "scaling_target": [{"min_task_count": 2, "max_task_count": 6, "auto_scaling_metric": "CPU",
                            "auto_scaling_target_value": 60}]}}])
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    res = import_terraform(tmp_path / "plan.json")
    [svc] = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max) == ("api", 0.5, 1024, 2, 6)
    est = compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "compute") == pytest.approx(72.0802, abs=1e-6)
    plan["planned_values"]["root_module"]["resources"][0]["values"]["scaling_target"][0]["min_task_count"] = -1
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    with pytest.raises(WorkloadError, match=r"scaling_target.min_task_count: -1 is not valid"):
        import_terraform(tmp_path / "plan.json")


def test_express_services_share_application_load_balancers_25_each(tmp_path):
    # ECS Express Mode shares the ALB it creates "across up to 25 ECS services using host-header based listener rules"
    # (AWS News Blog, ECS Express Mode launch, 2025-11-21). 26 services in the default VPC and 2 in two private
    # subnets: ceil(26 / 25) + ceil(2 / 25) = 3 ALBs, 3 x 730 h x $0.0225 = $49.275 (us-east-1 LoadBalancerUsage).
    # Before, the ALBs were only noted ("not priced"), so an Express estate looked $16.43 a month cheaper per ALB.
    res_ = {f"S{i}": {"Type": "AWS::ECS::ExpressGatewayService",
                      "Properties": {"ServiceName": f"s{i}", "ExecutionRoleArn": "x", "InfrastructureRoleArn": "y",
                                     "PrimaryContainer": {"Image": "nginx"},
                                     "ScalingTarget": {"MinTaskCount": 1, "MaxTaskCount": 1}}} for i in range(28)}
    for i in (26, 27):
        res_[f"S{i}"]["Properties"]["NetworkConfiguration"] = {"Subnets": ["subnet-b", "subnet-a"][:: 1 if i == 26 else -1]}
    (tmp_path / "t.json").write_text(json.dumps({"Resources": res_}))
    res = import_cloudformation(tmp_path / "t.json")
    lbs = res.workload.shared.load_balancers
    assert lbs.count == 3
    assert lbs.sources == ["ECS Express Mode load balancer of " + ", ".join(f"S{i}" for i in range(25)),
                           "ECS Express Mode load balancer of S25", "ECS Express Mode load balancer of S26, S27"]
    assert any(a.startswith("ECS Express Mode: 28 service(s) in 2 network configuration(s) share 3 new Application "
                            "Load Balancer(s)") for a in res.assumptions)
    est = compare(res.workload, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(ln.monthly_cost for ln in est.lines if ln.category == "load_balancing") == pytest.approx(3 * 730 * 0.0225)

    # Terraform: an ALB declared in the plan and the Express service's own are both priced
    plan = _plan([{"address": "aws_ecs_express_gateway_service.api", "values": {
                      "service_name": "api", "cpu": "512", "memory": "1024",
                      "network_configuration": [{"subnets": ["subnet-1", "subnet-2"], "security_groups": []}],
                      "scaling_target": [{"min_task_count": 1, "max_task_count": 1}]}},
                  {"address": "aws_lb.other", "values": {"load_balancer_type": "application", "internal": True,
                                                         "subnets": ["subnet-1", "subnet-2"]}}])
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    res = import_terraform(tmp_path / "plan.json")
    assert res.workload.shared.load_balancers.count == 2
    assert res.workload.shared.load_balancers.sources == ["aws_lb.other",
                                                          "ECS Express Mode load balancer of aws_ecs_express_gateway_service.api"]


def test_express_service_subnets_that_are_not_a_list_are_refused_naming_the_field(tmp_path):
    """Subnets written as one text (or a NetworkConfiguration that is a list) were read as no subnets: the service
    went into the default VPC's shared load balancer, a silent change of the ALB count."""
    def template(net):
        return {"Parameters": {"SubnetIds": {"Type": "List<AWS::EC2::Subnet::Id>"}},
                "Resources": {"Svc": {"Type": "AWS::ECS::ExpressGatewayService", "Properties": {
            "ServiceName": "web", "PrimaryContainer": {"Image": "nginx"}, "NetworkConfiguration": net}}}}

    for net, says in [({"Subnets": "subnet-123"}, "Svc: NetworkConfiguration.Subnets: 'subnet-123' is not a list of "
                                                  "subnets; write the subnet IDs as a list"),
                      (["subnet-123"], "Svc: NetworkConfiguration must be a mapping, got ['subnet-123']")]:
        (tmp_path / "t.json").write_text(json.dumps(template(net)))
        with pytest.raises(WorkloadError) as e:
            import_cloudformation(tmp_path / "t.json")
        assert says in str(e.value), str(e.value)
    # a reference left unresolved, and no subnets (the default VPC's), are still read
    for net in ({"Subnets": {"Ref": "SubnetIds"}}, {"Subnets": []}):
        (tmp_path / "t.json").write_text(json.dumps(template(net)))
        assert [s.name for s in import_cloudformation(tmp_path / "t.json").workload.services] == ["web"]
    plan = _plan([{"address": "aws_ecs_express_gateway_service.api", "values": {
        "service_name": "api", "network_configuration": [{"subnets": "subnet-1"}],
        "scaling_target": [{"min_task_count": 1, "max_task_count": 1}]}}])
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    with pytest.raises(WorkloadError, match=r"aws_ecs_express_gateway_service.api: network_configuration.subnets: "
                       r"'subnet-1' is not a list of subnets"):
        import_terraform(tmp_path / "plan.json")


def test_a_scalable_target_named_by_a_sub_with_a_variable_map_scales_its_service():
    # aws-samples/sample-mineru-ecs-gpu-deployment 04-ecs-compute-services.yaml: ResourceId is
    # !Sub ['service/${ClusterName}/${ServiceName}', {ClusterName: !ImportValue ..., ServiceName: !GetAtt
    # MinerUService.Name}]; the variable map used to be dropped, and the 0-10 target was "for no ECS service"
    res = import_cloudformation(IAC / "cloudformation" / "mineru_ecs_gpu_compute_services.yaml")
    [svc] = res.workload.services
    # TaskCpu 3072 / TaskMemory 12288 (parameter defaults), a GPU (UseGPUResources 'true'), LaunchType EC2, awsvpc
    assert (svc.name, svc.cpu, svc.memory, svc.gpus, svc.network_mode) == (
        "mineru-ecs-production-mineru-service", 3, 12288, 1, "awsvpc")
    # MinCapacity 0, MaxCapacity 10: the midpoint, 5 tasks, as for every target (DesiredCount 1 before scaling)
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (0, 10, 5)
    assert not any("for no ECS service" in n for n in res.notes)


@pytest.mark.parametrize("resource_id", [
    # the service by GetAtt in the variable map, the cluster another stack's export
    ["service/${C}/${S}", {"C": {"Fn::ImportValue": "infra-cluster"}, "S": {"Fn::GetAtt": ["Service", "Name"]}}],
    # the service's name written in the text
    ["service/${C}/web", {"C": {"Fn::ImportValue": "infra-cluster"}}],
    # a variable named like a parameter of the template is the map's, not the parameter's
    ["service/${C}/${ServiceName}", {"C": {"Fn::ImportValue": "infra-cluster"},
                                      "ServiceName": {"Fn::GetAtt": ["Service", "Name"]}}],
])
def test_a_sub_variable_map_is_kept_when_a_variable_does_not_resolve(resource_id):
    resources = _fargate_template()
    resources["Service"]["Properties"]["Cluster"] = {"Fn::ImportValue": "infra-cluster"}
    resources["Target"] = {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
        "MinCapacity": 2, "MaxCapacity": 6, "ResourceId": {"Fn::Sub": resource_id},
        "ScalableDimension": "ecs:service:DesiredCount", "ServiceNamespace": "ecs"}}
    p = Path(tempfile.mkdtemp()) / "t.json"
    p.write_text(_template(resources, Parameters={"ServiceName": {"Type": "String", "Default": "other"}}))
    [svc] = import_cloudformation(p).workload.services
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (2, 6, 4)


def test_a_service_whose_task_definition_is_registered_outside_the_template_says_so():
    # aws/aws-app-mesh-examples walkthroughs/fargate/fargate-colorteller.yaml: TaskDefinition: !Ref
    # ColorTellerGreenTaskDefinition, a parameter without a Default, and no AWS::ECS::TaskDefinition in the template;
    # it used to be told to give "a task definition of this template (its logical id or Family)", of which it has none
    with pytest.raises(WorkloadError) as e:
        import_cloudformation(IAC / "cloudformation" / "appmesh_fargate_colorteller.yaml")
    msg = str(e.value)
    assert "ColorTellerGreenService: TaskDefinition: !Ref ColorTellerGreenTaskDefinition does not resolve" in msg
    assert "this template declares no AWS::ECS::TaskDefinition" in msg
    assert "'advisor import taskdef td.json --services SERVICE.json'" in msg
    assert "a task definition of this template" not in msg


def test_terraform_instances_in_public_subnets_or_with_public_network_interfaces_pay_for_their_addresses(prices):
    """ec2_public_ips_plan.json (Terraform 1.11.4, aws 5.100.0, planned offline), in us-east-1:
    * aws_autoscaling_group.ecs, ecs-refarch-task-rebalancing's container instances in Terraform: 2 x m3.medium from a
      launch configuration without associate_public_ip_address, vpc_zone_identifier = aws_subnet.public[*].id (ids
      unknown until apply: followed to the two aws_subnet.public instances, map_public_ip_on_launch = true): 2
      addresses, 2 x 730 x $0.005 = $7.30.
    * aws_eks_node_group.public_nics: 3 x t3.medium in the private subnet, but its launch template's network_interfaces
      (device_index 0) sets associate_public_ip_address = true, which wins over the subnet (EKS managed node groups
      launch from the template): 3 x 730 x $0.005 = $10.95.
    * aws_autoscaling_group.mixed: 2 x t3.medium over [aws_subnet.public[0].id, aws_subnet.private.id]: EC2 Auto Scaling
      balances them over the two zones, 1 address on average, $3.65, an assumption. (Only public[0], not both public
      subnets: the configuration records aws_subnet.public[0] and aws_subnet.public for public[0].id, and the indexed
      one says which; before, every instance of aws_subnet.public was taken.)
    Without them the declared estate was $21.90 lower."""
    res = import_terraform(IAC / "terraform" / "ec2_public_ips_plan.json", as_of="2026-01-01")
    shares = {g.name: (g.desired, g.public_ip_share) for g in res.workload.declared.node_groups}
    assert shares == {"public-nics": (3, 1.0), "ecs": (2, 1.0), "mixed": (2, 0.5)}
    assert any(a.startswith("aws_autoscaling_group.mixed: 1 of its 2 subnets (aws_subnet.public[0]) set "
                            "map_public_ip_on_launch true") for a in res.assumptions)
    assert any(n.startswith("aws_eks_node_group.public_nics: network_interfaces[0].associate_public_ip_address true "
                            "(aws_launch_template.eks)") for n in res.notes)
    d = price_declared(res.workload, prices)
    ips = {ln.name: (ln.quantity, ln.monthly_cost) for ln in d.estimate.lines if ln.category == "public_ipv4"}
    assert ips == {
        "Public IPv4 addresses, one per instance (3 x 730 h, public-nics)": (3 * 730, pytest.approx(10.95)),
        "Public IPv4 addresses, one per instance (2 x 730 h, ecs)": (2 * 730, pytest.approx(7.30)),
        "Public IPv4 addresses, one per instance (1 x 730 h, mixed)": (730, pytest.approx(3.65))}
    # instances: 3 x 730 x $0.0416 (t3.medium) + 2 x 730 x $0.067 (m3.medium) + 2 x 730 x $0.0416; root volumes
    # 3 x 20 GiB (EKS default) + 2 x 30 + 2 x 30 GiB (ECS AMI) gp3 x $0.08; the control plane 730 x $0.10 (1.33 in
    # standard support on 2026-01-01); addresses 21.90
    assert d.monthly_cost == pytest.approx(5 * 730 * 0.0416 + 2 * 730 * 0.067 + 180 * 0.08 + 73.0 + 21.90, abs=1e-6)


def test_terraform_scheduler_schedule_assign_public_ip(tmp_path, prices):
    """ecs_scheduler_schedules_plan.json with the weekday schedule's target.ecs_parameters.network_configuration
    .assign_public_ip true: its 2 tasks x 21.726 runs x 15 min = 10.8631 task-hours each hold a public IPv4 address,
    10.8631 x $0.005 = $0.0543 more (it was false in the plan as written); unknown until apply: priced without, an
    assumption."""
    doc = json.loads((IAC / "terraform" / "ecs_scheduler_schedules_plan.json").read_text())
    blocks = [r["values"] for r in doc["planned_values"]["root_module"]["resources"]
              if r["address"] == "aws_scheduler_schedule.weekday"]
    blocks += [rc["change"]["after"] for rc in doc["resource_changes"] if rc["address"] == "aws_scheduler_schedule.weekday"]
    for v in blocks:
        v["target"][0]["ecs_parameters"][0]["network_configuration"][0]["assign_public_ip"] = True
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    res = import_terraform(tmp_path / "plan.json", run_minutes={"aws_scheduler_schedule.weekday": 15})
    weekday = next(s for s in res.workload.services if s.name == "weekday-export")
    assert weekday.public_ip
    d = price_declared(res.workload, prices)
    [ip] = [ln for ln in d.estimate.lines if ln.category == "public_ipv4"]
    assert (ip.service, ip.quantity) == ("weekday-export", pytest.approx(2 * 5 * 730 / 168 * 15 / 60))
    assert ip.monthly_cost == pytest.approx(0.0543155, abs=1e-6)  # 2 x 5 x 730 / 168 x 15 / 60 = 10.8631 h x 0.005
    for v in blocks:
        del v["target"][0]["ecs_parameters"][0]["network_configuration"][0]["assign_public_ip"]
    rc = next(rc for rc in doc["resource_changes"] if rc["address"] == "aws_scheduler_schedule.weekday")
    rc["change"]["after_unknown"]["target"] = [{"ecs_parameters": [{"network_configuration": [
        {"assign_public_ip": True}]}]}]
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    res = import_terraform(tmp_path / "plan.json", run_minutes={"aws_scheduler_schedule.weekday": 15})
    assert not any(s.public_ip for s in res.workload.services)
    assert any("aws_scheduler_schedule.weekday: target.ecs_parameters.network_configuration.assign_public_ip unknown "
               "until apply" in a for a in res.assumptions)


def test_terraform_kubernetes_addons_are_read_as_in_manifests(tmp_path):
    # kubernetes_deployment / kubernetes_daemonset of the add-ons, by name (kube-system/aws-node) or by their charts'
    # pod labels under another name (the AWS Load Balancer Controller chart's app.kubernetes.io/name, helm/
    # aws-load-balancer-controller/templates/_helpers.tpl selectorLabels; CoreDNS's k8s-app: kube-dns), beside an
    # application. They were all read as applications and the DaemonSets as no add-ons: ECS on Fargate priced the
    # controller and CoreDNS's 2 replicas as tasks (4 x 0.25 vCPU / 0.5 GB = 36.0401 instead of the web app's 9.010025).
    def obj(name, ns, labels, replicas=None):
        pod = {"container": [{"name": "c", "image": "x", "resources": [{"requests": {"cpu": "100m",
                                                                                     "memory": "128Mi"}}]}]}
        spec = {"template": [{"metadata": [{"labels": labels}], "spec": [pod]}]}
        if replicas is not None:
            spec["replicas"] = str(replicas)
        return {"metadata": [{"name": name, "namespace": ns}], "spec": [spec]}
    plan = _plan([
        {"address": "kubernetes_deployment.web", "values": obj("web", "default", {"app": "web"}, 1)},
        {"address": "kubernetes_deployment.lbc", "values": obj(
            "my-release-aws-load-balancer-controller", "aws-lb",
            {"app.kubernetes.io/name": "aws-load-balancer-controller", "app.kubernetes.io/instance": "my-release"}, 1)},
        {"address": "kubernetes_deployment.dns", "values": obj("dns", "kube-system", {"k8s-app": "kube-dns"}, 2)},
        {"address": "kubernetes_daemonset.cni", "values": obj("aws-node", "kube-system", {"k8s-app": "aws-node"})},
        {"address": "kubernetes_daemonset.ebs", "values": obj(
            "ebs-node", "storage", {"app.kubernetes.io/name": "aws-ebs-csi-driver"})}])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    w = load_any(path)
    assert [(s.name, s.cluster_addon) for s in w.services] == [
        ("web", None), ("my-release-aws-load-balancer-controller", "aws-load-balancer-controller")]
    assert [(d.name, d.eks_addon) for d in w.daemonsets] == [("aws-node", "vpc-cni"), ("ebs-node", "aws-ebs-csi-driver")]
    notes = w.input_notes()
    assert any(n.startswith("kubernetes_deployment.dns: Deployment kube-system/dns (pod labels k8s-app: kube-dns) is "
                            "the cluster's DNS") for n in notes)
    assert any(n.endswith("kubernetes_deployment.lbc (Deployment aws-lb/my-release-aws-load-balancer-controller, "
                          "aws-load-balancer-controller: app.kubernetes.io/name: aws-load-balancer-controller); "
                          "kubernetes_daemonset.ebs (DaemonSet storage/ebs-node, aws-ebs-csi-driver: "
                          "app.kubernetes.io/name: aws-ebs-csi-driver)") for n in notes)
    # ECS on Fargate: the web app's task only, 0.25 vCPU / 0.5 GB: 182.5 x $0.04048 + 365 x $0.004445 = 9.010025
    assert compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate").monthly_cost == pytest.approx(
        9.010025, abs=1e-6)
    # a Deployment whose pods carry two add-ons' labels (the Cluster Autoscaler's app: cluster-autoscaler and
    # metrics-server's k8s-app: metrics-server), and one carrying CoreDNS's with the controller's: no chart does that,
    # so neither is taken for an add-on (before: the first of the table, silently) and both are priced, with a note
    plan = _plan([
        {"address": "kubernetes_deployment.web", "values": obj("web", "default", {"app": "web"}, 1)},
        {"address": "kubernetes_deployment.both", "values": obj(
            "both", "default", {"app": "cluster-autoscaler", "k8s-app": "metrics-server"}, 1)},
        {"address": "kubernetes_deployment.dnsy", "values": obj(
            "dnsy", "tools", {"k8s-app": "kube-dns", "app.kubernetes.io/name": "aws-load-balancer-controller"}, 1)}])
    path.write_text(json.dumps(plan))
    w = load_any(path)
    assert [(s.name, s.cluster_addon) for s in w.services] == [("web", None), ("both", None), ("dnsy", None)]
    assert ("kubernetes_deployment.both: Deployment default/both: its pod labels carry the selector labels of several "
            "add-ons (cluster-autoscaler: app: cluster-autoscaler; metrics-server: k8s-app: metrics-server), which no "
            "add-on's chart or manifest gives one pod: advisor does not guess which it is and prices it as an "
            "application on every platform (the safe, dearer reading). If it is one of them, set cluster_addon "
            "(services) in the workload file.") in w.input_notes()
    assert any(n.startswith("kubernetes_deployment.dnsy: Deployment tools/dnsy: its pod labels carry the selector "
                            "labels of several add-ons (aws-load-balancer-controller: app.kubernetes.io/name: "
                            "aws-load-balancer-controller; CoreDNS (the cluster's DNS): k8s-app: kube-dns)")
               and n.endswith("or leave it out of the input if it is the cluster's CoreDNS.") for n in w.input_notes())
    # ECS on Fargate: three tasks of 0.25 vCPU / 0.5 GB, 3 x 9.010025
    assert compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate").monthly_cost == pytest.approx(
        27.030075, abs=1e-6)


def test_terraform_kubernetes_extended_resources_are_an_assumption_and_a_tpu_is_refused(tmp_path):
    """A kubernetes_deployment's extended resources were dropped without a word, as a manifest's were: the
    assumption names them (the Kubernetes website's example.com/dongle), and google.com/tpu is exit 2 as in
    manifests (no AWS platform has a TPU)."""
    def plan(resource: str, count: str) -> Path:
        pod = {"container": [{"name": "app", "image": "x", "resources": [
            {"requests": {"cpu": "250m", "memory": "512Mi", resource: count}, "limits": {resource: count}}]}]}
        path = tmp_path / f"{resource.replace('/', '_')}.json"
        path.write_text(json.dumps(_plan([{"address": "kubernetes_deployment.app", "values": {
            "metadata": [{"name": "app", "namespace": "default"}],
            "spec": [{"replicas": "2", "template": [{"spec": [pod]}]}]}}])))
        return path

    w = load_any(plan("example.com/dongle", "3"))
    assert [s.vcpu for s in w.services] == [0.25]
    assert [n[:107] for n in w.input_notes() if n.startswith("extended resources not priced: ")] == [
        "extended resources not priced: kubernetes_deployment.app (Deployment default/app: app example.com/dongle 3)"]
    with pytest.raises(WorkloadError, match=r"google\.com/tpu: 4 Google Cloud TPU chip\(s\).*AWS offers no TPUs"):
        load_any(plan("google.com/tpu", "4"))
