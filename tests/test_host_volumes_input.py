"""host_volumes / host_devices hold paths of the container instance: blank or invisible-character items are refused
naming the field (exit 2), in a workload file and in the task definitions the importers read."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

import advisor
from advisor.cli import app
from advisor.errors import AdvisorError
from advisor.workload.importers.cloudformation import import_cloudformation
from advisor.workload.importers.taskdef import import_taskdef


def _workload(field: str, value) -> dict:
    return {"name": "w", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, field: value}]}


@pytest.mark.parametrize("field", ["host_volumes", "host_devices"])
@pytest.mark.parametrize("item", ["   ", "", "a\tb", "/var/log\n"])
def test_blank_or_invisible_item_is_refused_naming_the_field(field, item):
    with pytest.raises(AdvisorError, match=rf"{field}"):
        advisor.price(_workload(field, [item]))


def test_cli_exit_2_names_the_field(tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text("name: w\nservices:\n  - name: a\n    cpu: 0.5\n    memory: 1024\n    host_volumes: ['   ']\n")
    res = CliRunner().invoke(app, ["compare", str(w)])
    assert res.exit_code == 2 and "host_volumes" in res.output and "Traceback" not in res.output


def test_an_ordinary_path_still_rules_out_ecs_fargate():
    c = advisor.price(_workload("host_volumes", ["/var/log"]))
    assert not next(e for e in c.estimates if e.platform == "ecs-fargate").feasible


def _td(tmp_path, volumes):
    p = tmp_path / "td.json"
    p.write_text(json.dumps({"family": "logs", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
                             "volumes": volumes,
                             "containerDefinitions": [{"name": "app", "image": "nginx", "essential": True}]}))
    return p


@pytest.mark.parametrize("path", ["   ", 5, ["/var/log"], "/var/\nlog"])
def test_taskdef_source_path_that_is_no_path_is_refused(tmp_path, path):
    """A blank sourcePath was written as host_volumes ['   '] (ruling out Fargate for no folder); a number was
    dropped without a word. Both now name volumes[i].host.sourcePath."""
    p = _td(tmp_path, [{"name": "ok", "host": {"sourcePath": "/data"}}, {"name": "x", "host": {"sourcePath": path}}])
    with pytest.raises(AdvisorError, match=r"volumes\[1\]\.host\.sourcePath"):
        import_taskdef(p)


def test_taskdef_empty_source_path_is_task_storage_and_paths_are_stripped(tmp_path):
    p = _td(tmp_path, [{"name": "scratch", "host": {"sourcePath": ""}}, {"name": "v", "host": {"sourcePath": " /var/log "}},
                       {"name": "  ", "dockerVolumeConfiguration": {"scope": "task"}}])
    svc = import_taskdef(p).workload.services[0]
    assert svc.host_volumes == ["/var/log", "[2]"]


def test_cloudformation_blank_source_path_names_its_field(tmp_path):
    t = tmp_path / "t.json"
    t.write_text(json.dumps({"Resources": {"TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
        "Family": "logs", "Cpu": "512", "Memory": "1024", "Volumes": [{"Name": "b", "Host": {"SourcePath": "  "}}],
        "ContainerDefinitions": [{"Name": "app", "Image": "nginx"}]}}}}))
    with pytest.raises(AdvisorError, match=r"Volumes\[0\]\.Host\.SourcePath"):
        import_cloudformation(t)


def test_a_pods_hostpath_volumes_keep_it_off_every_fargate(tmp_path):
    """A Deployment mounting the node's /var/run/docker.sock (hostPath) was priced, and could rank, on EKS on Fargate
    and ECS on Fargate: the Fargate scheduler refuses such a pod ('Pod not supported on Fargate: volumes not
    supported', pachyderm/pachyderm#4522), and an ECS task cannot mount a host path on Fargate either. The importer
    writes the paths as host_volumes (each once; an emptyDir is no host volume)."""
    from advisor.compare import compare
    from advisor.workload.importers.k8s import import_k8s

    p = _deployment_with(tmp_path, [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}},
                                    {"name": "again", "hostPath": {"path": " /var/run/docker.sock "}},
                                    {"name": "tmp", "emptyDir": {}}])
    w = import_k8s(p).workload
    assert w.services[0].host_volumes == ["/var/run/docker.sock"]
    cmp = compare(w, platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate", "eks-ec2"], scaling=False)
    [u] = cmp.estimate("eks-fargate").unsupported
    assert "mounts folders of its node (/var/run/docker.sock)" in u.reason and "pachyderm/pachyderm#4522" in u.reason
    for platform in ("ecs-fargate", "ecs-fargate-spot"):
        assert not cmp.estimate(platform).complete
    assert cmp.estimate("eks-ec2").complete


def _deployment_with(tmp_path, volumes):
    p = tmp_path / "d.yaml"
    p.write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "nginx",
                                     "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}],
                     "volumes": volumes}}}}))
    return p


@pytest.mark.parametrize("host, field, got", [
    ({}, r"volumes\[1\]\.hostPath\.path", "got nothing"),
    ({"path": 5}, r"volumes\[1\]\.hostPath\.path", r"a number \(5\)"),
    ({"path": "   "}, r"volumes\[1\]\.hostPath\.path", "a string"),
    ("/var/log", r"volumes\[1\]\.hostPath", "a string"),
])
def test_a_hostpath_that_names_no_path_is_refused_naming_the_field(tmp_path, host, field, got):
    """A hostPath with no path, a path of 5 or '   ', or a hostPath that is a string was dropped without a word, so
    the pod was priced on every Fargate (the API server refuses such a pod: HostPathVolumeSource path is required)."""
    from advisor.workload.importers.k8s import import_k8s

    p = _deployment_with(tmp_path, [{"name": "ok", "hostPath": {"path": "/data"}}, {"name": "x", "hostPath": host}])
    with pytest.raises(AdvisorError, match=rf"{field}.*{got}"):
        import_k8s(p)
    res = CliRunner().invoke(app, ["import", "k8s", str(p)])
    assert res.exit_code == 2 and "hostPath" in res.output and "Traceback" not in res.output


def test_many_hostpaths_are_kept_within_the_field_bound(tmp_path):
    from advisor.workload.importers.k8s import import_k8s

    p = _deployment_with(tmp_path, [{"name": f"v{i}", "hostPath": {"path": f"/data/{i % 150}"}} for i in range(200)])
    svc = import_k8s(p).workload.services[0]
    assert svc.host_volumes[:2] == ["/data/0", "/data/1"] and len(svc.host_volumes) == 100


def test_the_host_volumes_note_names_the_ecs_and_the_eks_rule():
    """The workload note said only 'container instance' and the ECS API rule, also for a Kubernetes pod's hostPath."""
    from advisor.workload import parse_workload

    note = " ".join(parse_workload(_workload("host_volumes", ["/var/log"])).input_notes())
    assert "container instance or node (/var/log)" in note
    assert "sourcePath" in note and "pachyderm/pachyderm#4522" in note and "EC2 only" in note


def _tf_plan(src: str, dst, address: str, edit, after_unknown: dict) -> None:
    from pathlib import Path

    d = json.loads((Path(__file__).parent / "fixtures/iac/synthetic" / src).read_text())
    stack = [d["planned_values"]["root_module"]]
    while stack:
        m = stack.pop()
        stack += m.get("child_modules", [])
        for r in m.get("resources", []):
            if r["address"] == address:
                edit(r["values"])
    for rc in d["resource_changes"]:
        if rc["address"] == address:
            rc["change"]["after_unknown"] = after_unknown
    dst.write_text(json.dumps(d))


def test_terraform_host_path_unknown_until_apply_is_still_a_host_volume(tmp_path):
    """A Terraform volume whose host path is known only after apply (ECS volume.host_path, Kubernetes
    volume.host_path.path) was dropped (ECS: priced on Fargate) or refused as no path (Kubernetes); it is a folder of
    the instance or node all the same, written as host_volumes with an assumption. Only the volume whose host_path
    after_unknown marks becomes one (the 'scratch' task-storage volume beside it does not)."""
    from advisor.workload.importers.terraform import import_terraform

    ecs = tmp_path / "ecs.json"
    _tf_plan("tf_ecs_fargate_plan.json", ecs, 'module.app.aws_ecs_task_definition.this["web"]',
             lambda v: v.__setitem__("volume", [{"name": "scratch"}, {"name": "logs"}]),
             {"volume": [{}, {"host_path": True}]})
    res = import_terraform(ecs)
    web = next(s for s in res.workload.services if s.name == "web")
    assert web.host_volumes == ["(volume logs: host_path unknown until apply)"]
    assert any("volume 'logs' host_path unknown until apply" in a for a in res.assumptions)

    eks = tmp_path / "eks.json"
    _tf_plan("tf_eks_plan.json", eks, "kubernetes_deployment.api",
             lambda v: v["spec"][0]["template"][0]["spec"][0].__setitem__(
                 "volume", [{"name": "d", "host_path": [{"type": ""}]}]),
             {"spec": [{"template": [{"spec": [{"volume": [{"host_path": [{"path": True}]}]}]}]}]})
    res = import_terraform(eks)
    api = next(s for s in res.workload.services if s.name == "api")
    assert api.host_volumes == ["(volume d: path unknown until apply)"]


def test_terraform_and_cdk_hostpath_become_host_volumes(tmp_path):
    from advisor.workload.importers.terraform import import_terraform

    eks = tmp_path / "eks.json"
    _tf_plan("tf_eks_plan.json", eks, "kubernetes_deployment.api",
             lambda v: v["spec"][0]["template"][0]["spec"][0].__setitem__(
                 "volume", [{"name": "d", "host_path": [{"path": "/var/run/docker.sock", "type": ""}]}]), {})
    assert next(s for s in import_terraform(eks).workload.services if s.name == "api").host_volumes == [
        "/var/run/docker.sock"]
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {"replicas": 3,
           "template": {"spec": {"containers": [{"name": "api", "image": "x", "resources": {"requests": {
               "cpu": "500m", "memory": "1Gi"}}}], "volumes": [{"name": "d", "hostPath": {"path": "/var/log"}}]}}}}
    t = tmp_path / "t.json"
    t.write_text(json.dumps({"Resources": {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {"Version": "1.32", "RoleArn": "arn"}},
        "M": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
            "Manifest": json.dumps([dep]), "ClusterName": {"Ref": "Cluster"}}}}}))
    assert import_cloudformation(t).workload.services[0].host_volumes == ["/var/log"]
