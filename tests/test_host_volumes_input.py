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

    p = tmp_path / "d.yaml"
    p.write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": {
            "metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "web", "image": "nginx",
                                     "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}],
                     "volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}},
                                 {"name": "again", "hostPath": {"path": " /var/run/docker.sock "}},
                                 {"name": "tmp", "emptyDir": {}}]}}}}))
    w = import_k8s(p).workload
    assert w.services[0].host_volumes == ["/var/run/docker.sock"]
    cmp = compare(w, platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate", "eks-ec2"], scaling=False)
    [u] = cmp.estimate("eks-fargate").unsupported
    assert "mounts folders of its node (/var/run/docker.sock)" in u.reason and "pachyderm/pachyderm#4522" in u.reason
    for platform in ("ecs-fargate", "ecs-fargate-spot"):
        assert not cmp.estimate(platform).complete
    assert cmp.estimate("eks-ec2").complete
