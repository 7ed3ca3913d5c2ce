"""Pod overhead (Kubernetes "Pod Overhead": a RuntimeClass's overhead.podFixed, set into the pod's spec.overhead at
admission, "considered in addition to the sum of container resource requests when scheduling a Pod") on every path
that reads pods: the manifests importer, the Terraform and CDK importers, EKS on EC2 / EKS Auto Mode packing (added)
and EKS on Fargate / ECS sizing (not added: the Fargate rule, "Understand Fargate Pod configuration details", names
no pod overhead). The RuntimeClass admission controller's refusals (plugin/pkg/admission/runtimeclass/admission.go)
exit 2 naming the field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tfplan import plan_file
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import WorkloadError
from advisor.sizing.fleet import workload_daemonsets
from advisor.workload.importers import load_any
from advisor.workload.importers.k8s import import_k8s
from advisor.workload.pod import pod_request, with_overhead

REAL = Path(__file__).parent / "fixtures" / "real" / "k8s"

#: The "Pod Overhead" page's example: RuntimeClass kata-fc (250m / 120Mi) and test-pod's two containers (limits, so
#: requests, 500m / 100Mi and 1500m / 100Mi): "the scheduler adds the requests and the overhead, then looks for a node
#: that has 2.25 CPU and 320 MiB of memory available".
KATA_FC = {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "kata-fc"},
           "handler": "kata-fc", "overhead": {"podFixed": {"memory": "120Mi", "cpu": "250m"}}}


def _deployment(replicas=1, runtime_class="kata-fc", overhead=None, kind="Deployment"):
    spec = {"containers": [{"name": "busybox-ctr", "image": "busybox:1.28",
                            "resources": {"limits": {"cpu": "500m", "memory": "100Mi"}}},
                           {"name": "nginx-ctr", "image": "nginx",
                            "resources": {"limits": {"cpu": "1500m", "memory": "100Mi"}}}]}
    if runtime_class:
        spec["runtimeClassName"] = runtime_class
    if overhead is not None:
        spec["overhead"] = overhead
    obj = {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "test"},
           "spec": {"selector": {"matchLabels": {"app": "test"}},
                    "template": {"metadata": {"labels": {"app": "test"}}, "spec": spec}}}
    if kind == "Deployment":
        obj["spec"]["replicas"] = replicas
    return obj


def _write(tmp_path, *objs) -> Path:
    p = tmp_path / "app.yaml"
    p.write_text(yaml.safe_dump_all(objs))
    return p


def test_the_pod_overhead_page_example():
    request = pod_request([(0.5, 100), (1.5, 100)])
    assert request == (2.0, 200)
    assert with_overhead(request, (0.25, 120)) == (2.25, 320)
    assert with_overhead(request, None) == (2.0, 200)


def test_a_runtime_class_of_the_input_gives_its_pods_their_overhead(tmp_path):
    w = load_any(_write(tmp_path, KATA_FC, _deployment()))
    svc = w.services[0]
    # ECS and EKS on Fargate read the pod request; the Kubernetes scheduler on EC2 nodes the request + overhead
    assert (svc.vcpu, svc.memory_mib) == (2.0, 200)
    assert (svc.pod_overhead.vcpu, svc.pod_overhead.memory_mib) == (0.25, 120)
    assert svc.node_request == (2.25, 320)
    res = import_k8s(_write(tmp_path, KATA_FC, _deployment()))
    assert not any("RuntimeClass" in n and "skipped" in n for n in res.notes)  # read, not skipped


def test_eks_on_ec2_packs_the_overhead_and_eks_on_fargate_does_not(tmp_path):
    # 10 pods of the page's example. Before: packed at 2 vCPU / 200 MiB each (20 vCPU: c6a.2xlarge + c6a.4xlarge,
    # $746.34 a month on eks-ec2 with the control plane and root volumes); now at 2.25 vCPU / 320 MiB (22.5 vCPU: one
    # more c6a.xlarge, $111.69), $859.63. EKS on Fargate: 2 vCPU / 200 MiB + 256 MiB -> 2 vCPU / 4 GB either way.
    with_rc = compare(_write(tmp_path, KATA_FC, _deployment(10)), platforms=["eks-ec2", "eks-fargate"])
    (tmp_path / "plain").mkdir()
    without = compare(_write(tmp_path / "plain", _deployment(10, runtime_class=None)),
                      platforms=["eks-ec2", "eks-fargate"])
    assert without.estimate("eks-ec2").monthly_cost == pytest.approx(746.34, abs=0.005)
    assert with_rc.estimate("eks-ec2").monthly_cost == pytest.approx(859.63, abs=0.005)
    fargate = with_rc.estimate("eks-fargate")
    assert fargate.monthly_cost == pytest.approx(without.estimate("eks-fargate").monthly_cost, abs=1e-9)
    assert any("pod overhead (pod_overhead, from a RuntimeClass) not added" in n for n in fargate.notes)


def test_a_matching_spec_overhead_is_accepted_as_the_admission_controller_accepts_it(tmp_path):
    # 0.25 cores is 250m and 125829120 bytes is 120Mi: equal quantities (apiequality.Semantic.DeepEqual)
    w = load_any(_write(tmp_path, KATA_FC, _deployment(overhead={"cpu": "0.25", "memory": "125829120"})))
    assert w.services[0].node_request == (2.25, 320)


@pytest.mark.parametrize(("objs", "overhead", "field", "says"), [
    ((), {"cpu": "250m"}, "spec.template.spec.overhead", "names no runtimeClassName"),
    ((KATA_FC,), {"cpu": "200m", "memory": "120Mi"}, "spec.template.spec.overhead", "differs from the overhead"),
    ((KATA_FC,), {"cpu": "250m"}, "spec.template.spec.overhead", "differs from the overhead"),
    (({**KATA_FC, "overhead": None},), {"cpu": "250m"}, "spec.template.spec.overhead", "defines no overhead"),
])
def test_a_pod_the_runtime_class_admission_controller_refuses_is_an_error(tmp_path, objs, overhead, field, says):
    rc = "kata-fc" if objs else None
    with pytest.raises(WorkloadError, match=says) as err:
        import_k8s(_write(tmp_path, *objs, _deployment(runtime_class=rc, overhead=overhead)))
    assert field in str(err.value)


@pytest.mark.parametrize(("pod_fixed", "field"), [
    ({"cpu": "lots"}, "overhead.podFixed.cpu"),
    ({"memory": "-120Mi"}, "overhead.podFixed.memory"),
    ({"cpu": "-250m"}, "overhead.podFixed.cpu"),
    ({"ephemeral-storage": "-1Gi"}, "overhead.podFixed.ephemeral-storage"),
    ("250m", "overhead.podFixed"),
])
def test_a_bad_overhead_exits_2_naming_the_field(tmp_path, pod_fixed, field):
    rc = {**KATA_FC, "overhead": {"podFixed": pod_fixed}}
    result = CliRunner().invoke(app, ["import", "k8s", str(_write(tmp_path, rc, _deployment()))])
    assert result.exit_code == 2, result.output
    assert field in result.output and "Traceback" not in result.output


def test_a_bad_spec_overhead_exits_2_naming_the_field(tmp_path):
    result = CliRunner().invoke(app, ["import", "k8s", str(_write(tmp_path, _deployment(
        runtime_class="elsewhere", overhead={"memory": "-1Mi"})))])
    assert result.exit_code == 2 and "spec.template.spec.overhead.memory" in result.output


def test_a_runtime_class_not_in_the_input_is_noted_and_its_overhead_unknown(tmp_path):
    res = import_k8s(_write(tmp_path, _deployment(runtime_class="gvisor")))
    assert "pod_overhead" not in res.services[0].data
    assert any("RuntimeClass(es) not in the input: gvisor (named by Deployment default/test)" in n
               and "overhead is unknown and not counted" in n for n in res.notes)
    # with its own spec.overhead, that is the overhead (Kubernetes admits the pod only when it equals the class's)
    res = import_k8s(_write(tmp_path, _deployment(runtime_class="gvisor", overhead={"cpu": "100m",
                                                                                    "memory": "64Mi"})))
    assert res.services[0].data["pod_overhead"] == {"cpu": 0.1, "memory": 64}
    assert not any("not in the input" in n for n in res.notes)


def test_a_daemonset_pod_overhead_is_reserved_on_every_eks_node_only(tmp_path):
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "monitoring"},
          "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": {
              "metadata": {"labels": {"app": "agent"}},
              "spec": {"runtimeClassName": "kata-fc", "containers": [{"name": "a", "image": "x", "resources": {
                  "requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}}
    w = load_any(_write(tmp_path, KATA_FC, ds, _deployment(runtime_class=None)))
    assert (w.daemonsets[0].cpu, w.daemonsets[0].memory) == (0.1, 128)
    eks = {d.name: (round(d.cpu, 9), d.memory_mib) for d in workload_daemonsets(w, "eks-ec2")}
    ecs = {d.name: (round(d.cpu, 9), d.memory_mib) for d in workload_daemonsets(w, "ecs-ec2")}
    assert eks["agent"] == (0.35, 248) and ecs["agent"] == (0.1, 128)


_plan_file = plan_file


def test_terraform_init_containers_and_native_sidecars_follow_the_kubernetes_rule(tmp_path):
    """A kubernetes_deployment_v1's init_container blocks (restart_policy Always: a native sidecar) size the pod as
    the manifest's initContainers do: app 200m / 256Mi + sidecar 100m / 128Mi = 300m / 384Mi; an init container of
    500m / 64Mi after the sidecar needs 600m / 192Mi -> 600m / 384Mi ("Sidecar Containers", KEP-753)."""
    def c(name, cpu, mem, restart=None):
        out = {"name": name, "image": "x", "resources": [{"requests": {"cpu": cpu, "memory": mem}}]}
        return {**out, "restart_policy": restart} if restart else out
    pod = {"container": [c("app", "200m", "256Mi")],
           "init_container": [c("mesh", "100m", "128Mi", "Always"), c("migrate", "500m", "64Mi")]}
    w = load_any(_plan_file(tmp_path, [{"address": "kubernetes_deployment_v1.api", "values": {
        "metadata": [{"name": "api", "namespace": "default"}],
        "spec": [{"replicas": "1", "template": [{"spec": [pod]}]}]}}]))
    svc = w.services[0]
    assert (round(svc.vcpu, 9), svc.memory_mib) == (0.6, 384)
    assert [i.sidecar for i in svc.init_containers] == [True, False]


def test_terraform_runtime_class_manifest_and_deployment(tmp_path):
    """A kubernetes_deployment_v1 naming (runtime_class_name) a RuntimeClass given as a kubernetes_manifest;
    kubernetes_runtime_class_v1 holds no overhead (the provider's schema has metadata and handler only)."""
    def deployment(name, runtime_class):
        pod = {"container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "500m",
                                                                                      "memory": "512Mi"}}]}],
               "runtime_class_name": runtime_class}
        return {"address": f"kubernetes_deployment_v1.{name}", "values": {
            "metadata": [{"name": name, "namespace": "default"}],
            "spec": [{"replicas": "2", "template": [{"spec": [pod]}]}]}}
    resources = [
        {"address": "kubernetes_manifest.kata", "values": {"manifest": KATA_FC}},
        {"address": "kubernetes_runtime_class_v1.runc", "values": {"metadata": [{"name": "runc"}],
                                                                   "handler": "runc"}},
        deployment("vm", "kata-fc"), deployment("plain", "runc"), deployment("other", "gvisor")]
    w = load_any(_plan_file(tmp_path, resources))
    by = {s.name: s for s in w.services}
    assert by["vm"].node_request == (0.75, 632) and (by["vm"].vcpu, by["vm"].memory_mib) == (0.5, 512)
    assert by["plain"].pod_overhead is None and by["other"].pod_overhead is None


def test_cdk_manifest_runtime_class(tmp_path):
    """The CDK's Custom::AWSCDK-EKS-KubernetesResource: a RuntimeClass in its Manifest is read with the pods."""
    manifest = json.dumps([KATA_FC, _deployment(3)])
    template = {"Resources": {"App": {"Type": "Custom::AWSCDK-EKS-KubernetesResource", "Properties": {
        "ServiceToken": "arn", "ClusterName": "c", "Manifest": manifest}}}}
    p = tmp_path / "template.json"
    p.write_text(json.dumps(template))
    w = load_any(p)
    assert w.services[0].node_request == (2.25, 320) and w.services[0].replicas == 3


def test_real_kata_containers_runtime_class_and_deployment():
    """kata-containers' kata-deploy RuntimeClass kata-qemu (overhead.podFixed 250m / 160Mi) and its example
    Deployment php-apache-kata-qemu (runtimeClassName kata-qemu, requests cpu 200m, no memory): each pod asks the
    scheduler for 200m + 250m = 450m and 0 + 160 MiB = 160 MiB; before, 200m / 0 MiB (the RuntimeClass was skipped
    as an object that runs no pods). Its scheduling.nodeSelector is not read."""
    w = load_any(REAL / "kata-qemu")
    svc = w.services[0]
    assert svc.name == "php-apache-kata-qemu" and svc.replicas == 1
    assert (svc.vcpu, svc.memory_mib) == (0.2, 0)
    assert svc.node_request == (0.45, 160)
    # alone, the Deployment names a RuntimeClass the input does not hold: its overhead is unknown, noted
    res = import_k8s(REAL / "kata-qemu" / "test-deploy-kata-qemu.yaml")
    assert "pod_overhead" not in res.services[0].data and any("kata-qemu (named by" in n for n in res.notes)


def test_a_coredns_runtime_class_overhead_is_packed_on_eks_on_ec2(tmp_path):
    """Reported: a CoreDNS Deployment whose pods name a RuntimeClass with overhead (runtimeClassName) had the overhead
    silently dropped from the CoreDNS pods EKS on EC2 packs. Now eks.coredns.pod_overhead carries it: 30 CoreDNS pods
    of 100m / 70Mi + kata-fc's 250m / 120Mi take 0.35 vCPU / 190 MiB each on a node. Beside the page's 10 pods
    (2.25 vCPU each): 22.5 + 10.5 = 33 vCPU -> c6a.8xlarge + c6a.large, (1.224 + 0.0765) x 730 + $73 control plane
    + 2 x 20 GiB gp3 x $0.08 = $1,025.57 (before: 22.5 + 3 = 25.5 vCPU, $859.63). EKS on Fargate sizes the request
    alone either way ($1,064.10)."""
    from advisor.sizing.nodes import coredns_node_request

    dns = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "coredns", "namespace": "kube-system"},
           "spec": {"replicas": 30, "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
                    "template": {"metadata": {"labels": {"k8s-app": "kube-dns"}},
                                 "spec": {"runtimeClassName": "kata-fc", "containers": [
                                     {"name": "coredns", "image": "coredns/coredns",
                                      "resources": {"requests": {"cpu": "100m", "memory": "70Mi"}}}]}}}}
    res = import_k8s(_write(tmp_path, KATA_FC, _deployment(10), dns))
    assert res.eks["coredns"] == {"replicas": 30, "cpu": 0.1, "memory": 70.0,
                                  "pod_overhead": {"cpu": 0.25, "memory": 120.0}}
    [note] = [n for n in res.notes if n.startswith("Deployment kube-system/coredns is the cluster's DNS")]
    assert "its pods' pod overhead cpu 250m, memory 120 MiB from RuntimeClass kata-fc overhead.podFixed" in note
    w = res.workload
    assert coredns_node_request(w) == (0.35, 190.0)
    c = compare(w, platforms=["eks-ec2", "eks-fargate"])
    ec2 = c.estimate("eks-ec2")
    assert ec2.monthly_cost == pytest.approx(1025.57, abs=0.005)
    assert sorted((r["instance_type"], r["count"]) for r in ec2.fleet.nodes) == [("c6a.8xlarge", 1), ("c6a.large", 1)]
    assert any("CoreDNS 30 x 100m/70Mi packed with the pods, each with its pod overhead of 250m/120Mi" in n
               for n in ec2.notes)
    assert c.estimate("eks-fargate").monthly_cost == pytest.approx(1064.10, abs=0.005)
