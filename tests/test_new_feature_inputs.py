"""Odd and hostile inputs to the newest features (pod overhead, CoreDNS from the input, NodePool limits), each kept
with its right value: eks.coredns.replicas 0 and beside existing_cluster, RuntimeClasses defined twice or with an
overhead below 1 MiB, two CoreDNS Deployments, an HPA on CoreDNS, NodePool names given twice."""

from __future__ import annotations

import pytest
import yaml
from tfplan import plan_file
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import WorkloadError
from advisor.sizing.fleet import workload_daemonsets
from advisor.workload import parse_workload
from advisor.workload.importers.k8s import import_k8s


def _wl(eks: dict | None = None, **extra):
    data = {"name": "t", "region": "us-east-1",
            "services": [{"name": "web", "cpu": 0.5, "memory": 1024, "replicas": 2}], **extra}
    if eks is not None:
        data["eks"] = eks
    return parse_workload(data)


def _coredns_lines(est) -> list:
    return [ln for ln in est.lines if ln.name.startswith("CoreDNS pods")]


def test_coredns_replicas_0_prices_no_coredns_lines_and_says_so(prices):
    # eks.coredns.replicas: 0 (the input's CoreDNS Deployment scaled to 0). EKS on Fargate used to add two $0.00 lines
    # "CoreDNS pods: Fargate pod vCPU" of 0 vCPU-hours and the note "0 pod(s) ... run on Fargate at 0.25 vCPU / 0.5 GB
    # all month"; now no line, and a note that none is priced. EKS on Fargate: 2 web pods of 0.5 vCPU / 1024 MiB ->
    # + 256 MiB -> 0.5 vCPU / 2 GB: 2 x 730 x (0.5 x 0.04048 + 2 x 0.004445) = $42.5298, + $73 control plane.
    w = _wl({"coredns": {"replicas": 0}})
    c = compare(w, prices=prices, platforms=["eks-fargate", "eks-ec2"])
    fargate = c.estimate("eks-fargate")
    assert _coredns_lines(fargate) == []
    assert fargate.monthly_cost == pytest.approx(42.5298 + 73.0, abs=1e-9)
    assert ("CoreDNS: no pods priced: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: 0), so "
            "the cluster runs no CoreDNS pods.") in fargate.notes
    assert not any(n.startswith("CoreDNS: 0 pod(s)") for n in fargate.notes)
    ec2 = c.estimate("eks-ec2")
    assert any(n.endswith("; no CoreDNS pods: the input's CoreDNS Deployment runs 0 replicas (eks.coredns.replicas: "
                          "0).") for n in ec2.notes)
    assert not any("CoreDNS 0 x" in n for n in ec2.notes)


def test_existing_cluster_says_eks_coredns_is_not_used(prices):
    # existing_cluster with the input's CoreDNS (eks.coredns): the cluster it joins runs CoreDNS already, so none is
    # priced; eks.coredns was dropped without a word on EKS on Fargate. Web pods only: $42.5298 (no control plane).
    w = _wl({"existing_cluster": True, "coredns": {"replicas": 5, "cpu": 2}})
    c = compare(w, prices=prices, platforms=["eks-fargate", "eks-ec2"])
    fargate = c.estimate("eks-fargate")
    assert fargate.monthly_cost == pytest.approx(42.5298, abs=1e-9)
    assert ("eks.coredns is not used: the existing cluster (eks.existing_cluster) already runs its CoreDNS pods, so "
            "no CoreDNS pods are priced whatever eks.coredns asks.") in fargate.notes
    assert any(n.endswith("; no CoreDNS pods: the existing cluster (eks.existing_cluster) already runs them "
                          "(eks.coredns is not used).") for n in c.estimate("eks-ec2").notes)
    # without eks.coredns the note is as before
    plain = compare(_wl({"existing_cluster": True}), prices=prices, platforms=["eks-fargate"]).estimate("eks-fargate")
    assert not any("eks.coredns" in n for n in plain.notes)


def _runtime_class(pod_fixed: dict | None, name: str = "kata", **meta) -> dict:
    rc = {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": name, **meta},
          "handler": name}
    if pod_fixed is not None:
        rc["overhead"] = {"podFixed": pod_fixed}
    return rc


def _deployment(name: str = "web", ns: str | None = None, replicas: int | None = 3, labels: dict | None = None,
                requests: dict | None = None, runtime_class: str | None = None) -> dict:
    labels = labels or {"app": name}
    pod: dict = {"containers": [{"name": "c", "image": "nginx",
                                 "resources": {"requests": requests or {"cpu": "500m", "memory": "512Mi"}}}]}
    if runtime_class:
        pod["runtimeClassName"] = runtime_class
    spec: dict = {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": pod}}
    if replicas is not None:
        spec["replicas"] = replicas
    meta = {"name": name, **({"namespace": ns} if ns else {})}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta, "spec": spec}


def _write(tmp_path, docs: list[dict]):
    path = tmp_path / "in.yaml"
    path.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    return path


def test_a_runtime_class_defined_twice_with_another_overhead_is_refused(tmp_path):
    # Two RuntimeClasses 'kata' (cluster-scoped: the cluster keeps the last applied), 250m / 120Mi and 2 / 120Mi.
    # The import used the second (pod_overhead cpu 2) and noted "advisor does not price a RuntimeClass, so either gives
    # the same estimate: read ... document 1". Now exit 2 naming the field and both overheads.
    path = _write(tmp_path, [_runtime_class({"cpu": "250m", "memory": "120Mi"}), _deployment(runtime_class="kata"),
                             _runtime_class({"cpu": "2", "memory": "120Mi"})])
    with pytest.raises(WorkloadError) as err:
        import_k8s(path)
    msg = str(err.value)
    assert "document 3 (RuntimeClass kata): overhead.podFixed: (cpu 2000m, memory 120 MiB) differs from that of " \
           "RuntimeClass kata in in.yaml document 1 (cpu 250m, memory 120 MiB)" in msg
    assert "Remove one, or give the folder that is applied." in msg


def test_a_runtime_class_defined_twice_with_the_same_overhead_is_read_once(tmp_path):
    # the same overhead ('0.25' is 250m), another handler and a metadata.namespace (ignored: cluster-scoped): a note,
    # and the pods get 250m / 120Mi from the first, as the note says
    path = _write(tmp_path, [_runtime_class({"cpu": "250m", "memory": "120Mi"}), _deployment(runtime_class="kata"),
                             {**_runtime_class({"cpu": "0.25", "memory": "120Mi"}, namespace="x"), "handler": "other"}])
    result = import_k8s(path)
    [svc] = result.services
    assert svc.data["pod_overhead"] == {"cpu": 0.25, "memory": 120}
    assert ("RuntimeClass kata is defined differently in in.yaml document 1 and in.yaml document 3 (Kubernetes keeps "
            "the last applied); advisor reads only the overhead.podFixed of a RuntimeClass, the same in both, so either "
            "gives the same estimate: read in.yaml document 1") in result.notes


def test_a_pod_overhead_below_1_mib_is_written_as_1_mib(tmp_path):
    # RuntimeClass overhead memory '100Ki' (valid Kubernetes): the import wrote pod_overhead.memory 0.09765625 MiB,
    # which its own validation refused ("is 102,400 bytes, less than 1 MiB ... Did you mean '0.09765625 GiB'?").
    # Now 1 MiB, the least the format holds, said in the service's comment.
    path = _write(tmp_path, [_runtime_class({"cpu": "1m", "memory": "100Ki"}), _deployment(runtime_class="kata")])
    result = import_k8s(path)
    [svc] = result.services
    assert svc.data["pod_overhead"] == {"cpu": 0.001, "memory": 1.0}  # written as "1 MiB" (below 64)
    assert "pod_overhead: {cpu: 0.001, memory: \"1 MiB\"}" in result.to_yaml()
    assert any("its memory, below 1 MiB, is written as 1 MiB, the least the workload format takes" in c
               for c in svc.comments)
    w = parse_workload(yaml.safe_load(result.to_yaml()))
    assert w.services[0].pod_overhead.memory_mib == 1.0
    assert w.services[0].node_request == pytest.approx((0.501, 513.0))


def test_two_coredns_deployments_are_refused_naming_both(tmp_path):
    # kube-system/coredns (0 replicas of 1 / 1Gi) and a release dns/dns2 known by k8s-app: kube-dns (4 replicas, no
    # requests): each note said the EKS platforms price it, and eks.coredns came out {replicas: 4}, neither of them
    dns = _deployment("coredns", "kube-system", 0, {"k8s-app": "kube-dns"}, {"cpu": "1", "memory": "1Gi"})
    other = _deployment("dns2", "dns", 4, {"k8s-app": "kube-dns"})
    del other["spec"]["template"]["spec"]["containers"][0]["resources"]
    with pytest.raises(WorkloadError) as err:
        import_k8s(_write(tmp_path, [_deployment(), dns, other]))
    msg = " ".join(str(err.value).split())
    assert ("document 3 (Deployment dns/dns2): Deployment dns/dns2 (pod labels k8s-app: kube-dns) is a second CoreDNS "
            "Deployment, beside Deployment kube-system/coredns (in.yaml document 2); advisor prices one CoreDNS per "
            "cluster") in msg
    # one of them: read as before
    result = import_k8s(_write(tmp_path, [_deployment(), dns]))
    assert result.eks == {"coredns": {"replicas": 0, "cpu": 1.0, "memory": 1024.0}}


def test_an_hpa_on_coredns_is_named_as_such_not_as_a_missing_target(tmp_path):
    # an HPA (2-10) on kube-system/coredns: the note said its target "is not in the import; ignored", though it is
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": {"name": "coredns", "namespace": "kube-system"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "coredns"},
                    "minReplicas": 2, "maxReplicas": 10}}
    dns = _deployment("coredns", "kube-system", None, {"k8s-app": "kube-dns"}, {"cpu": "100m", "memory": "70Mi"})
    result = import_k8s(_write(tmp_path, [_deployment(), dns, hpa]))
    assert not any("is not in the import" in n for n in result.notes)
    assert ("in.yaml document 3 (HorizontalPodAutoscaler kube-system/coredns): HorizontalPodAutoscaler scales the "
            "cluster's CoreDNS, Deployment kube-system/coredns (in.yaml document 2), between 2 and 10 replicas; the EKS "
            "platforms price CoreDNS from eks.coredns at the Deployment's replicas (2, the add-on's default: it writes "
            "none), not at the autoscaler's range: set eks.coredns.replicas to the replicas it runs on average."
            ) in result.notes


def test_node_pool_limits_name_a_pool_once():
    # node_pools [a, b, a] was taken, and the note said "NodePool limits exceeded: a, b, a"
    with pytest.raises(WorkloadError) as err:
        _wl(ec2={"node_pool_limits": {"node_pools": ["a", "b", "a"], "nodes": 1}})
    assert ("ec2.node_pool_limits.node_pools: lists 'a' twice; a NodePool's name is unique in its cluster "
            "(metadata.name), so give each once") in " ".join(str(err.value).split())


def test_an_unknown_type_in_a_manifest_says_where_the_field_came_from(tmp_path):
    # a Deployment's nodeSelector node.kubernetes.io/instance-type: m5.lrage. compare named 'ec2.allowed_types', a
    # field the user never wrote; now it adds that the input was imported and the command that shows the source
    dep = _deployment()
    dep["spec"]["template"]["spec"]["nodeSelector"] = {"node.kubernetes.io/instance-type": "m5.lrage"}
    path = _write(tmp_path, [dep])
    r = CliRunner().invoke(app, ["compare", str(path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2
    assert "ec2.allowed_types: 'm5.lrage' is not an EC2 instance type. Did you mean 'm5.large'?" in out
    assert (f"{path} is not a workload file: advisor imported these fields from it (a pod's "
            "node.kubernetes.io/instance-type or instance-family node selector, an ECS placement constraint, a "
            "Karpenter NodePool's requirements, a launch template's or node group's instance types). 'advisor import "
            f"k8s {path} -o -' prints the workload with its notes and comments on where each came from; correct the "
            "name there, in the input.") in out
    # a workload file names its own fields: no such line
    w = tmp_path / "w.yaml"
    w.write_text(yaml.safe_dump({"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 2048,
                                                             "instance_types": ["m5.lrage"]}]}))
    r = CliRunner().invoke(app, ["compare", str(w)])
    assert r.exit_code == 2 and "is not a workload file" not in r.output
    # Fargate alone does not read the names: priced
    assert CliRunner().invoke(app, ["compare", str(path), "-p", "ecs-fargate"]).exit_code == 0


def test_two_coredns_deployments_in_a_terraform_plan_are_refused_too(tmp_path):
    # the Terraform importer reads kubernetes_deployment_v1 resources with the manifests' rule (one CoreDNS)

    def dep(name, ns, labels, cpu="100m"):
        pod = {"container": [{"name": "c", "image": "x",
                              "resources": [{"requests": {"cpu": cpu, "memory": "70Mi"}}]}]}
        return {"address": f"kubernetes_deployment_v1.{name}", "values": {
            "metadata": [{"name": name, "namespace": ns}],
            "spec": [{"replicas": "2", "template": [{"metadata": [{"labels": labels}], "spec": [pod]}]}]}}

    resources = [dep("web", "default", {"app": "web"}, "500m"), dep("coredns", "kube-system", {"k8s-app": "kube-dns"}),
                 dep("dns2", "dns", {"k8s-app": "kube-dns"}, "200m")]
    path = plan_file(tmp_path, resources)
    from advisor.workload.importers import load_any

    with pytest.raises(WorkloadError) as err:
        load_any(path)
    assert ("kubernetes_deployment_v1.dns2: Deployment dns/dns2 (pod labels k8s-app: kube-dns) is a second CoreDNS "
            "Deployment, beside Deployment kube-system/coredns (plan.json kubernetes_deployment_v1.coredns)"
            ) in " ".join(str(err.value).split())
    path = plan_file(tmp_path, resources[:-1])  # without the second CoreDNS
    dns = load_any(path).eks.coredns
    assert (dns.replicas, dns.cpu, dns.memory) == (2, 0.1, 70.0)


def test_an_eks_addon_daemonsets_pod_overhead_is_said_where_it_is_reserved(prices):
    # kube-proxy under another name (eks_addon) with a RuntimeClass overhead 250m / 120Mi: EKS on EC2 reserves
    # 550m / 220 MiB on every node (DaemonSet.node_request) but its note said "kp (300m / 100 MiB, as the input's
    # DaemonSet requests)"
    w = _wl(daemonsets=[{"name": "kp", "cpu": "300m", "memory": "100Mi", "eks_addon": "kube-proxy",
                         "pod_overhead": {"cpu": "250m", "memory": "120Mi"}}])
    [kp] = workload_daemonsets(w, "eks-ec2")
    assert (kp.name, round(kp.cpu, 9), kp.memory_mib) == ("kp", 0.55, 220.0)
    est = compare(w, prices=prices, platforms=["eks-ec2"]).estimate("eks-ec2")
    assert any("kp (300m / 100 MiB, as the input's DaemonSet requests, plus its pod overhead 250m / 120 MiB "
               "(pod_overhead)) on every node" in n for n in est.notes)


def test_nodes_pack_says_the_fleet_is_above_the_node_pool_limits_as_compare_does(tmp_path):
    # ec2.node_pool_limits {nodes: 0, vcpu: 0}: compare's EKS on EC2 estimate said "NodePool limits exceeded", and
    # 'advisor nodes pack' planned the same 2 nodes (c6a.large + c6a.xlarge, 6 vCPU) without a word
    import json

    f = tmp_path / "w.yaml"
    f.write_text(yaml.safe_dump({"name": "t", "region": "us-east-1",
                                 "services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": 4}],
                                 "ec2": {"node_pool_limits": {"nodes": 0, "vcpu": 0}}}))
    r = CliRunner().invoke(app, ["nodes", "pack", str(f), "-p", "eks-ec2", "--format", "json"])
    assert r.exit_code == 0, r.output
    notes = json.loads(r.stdout)["notes"]
    assert notes[0].startswith("NodePool limits exceeded: the NodePool: spec.limits.cpu 0 is below the planned nodes' "
                               "6 vCPU (raise it to at least 6); spec.limits.nodes 0 is below the 2 planned nodes")
    c = compare(str(f), platforms=["eks-ec2"]).estimate("eks-ec2")
    assert notes[0] in c.notes
    # ECS on EC2 has no NodePools: nothing said there
    r = CliRunner().invoke(app, ["nodes", "pack", str(f), "-p", "ecs-ec2", "--format", "json"])
    assert not any("NodePool" in n for n in json.loads(r.stdout)["notes"])


@pytest.mark.parametrize("section, where, says", [
    ("eks: {coredns: []}", "eks.coredns", "coredns must be a mapping (object) of its keys (replicas, cpu, memory, "
     "pod_overhead) (indented 'key: value' lines below it, or {key: value, ...}); got an empty list."),
    ("ec2: {node_pool_limits: [1]}", "ec2.node_pool_limits", "node_pool_limits must be a mapping (object) of its keys "
     "(node_pools, vcpu, memory_mib, nodes)"),
    ("eks: x", "eks", "eks must be a mapping (object) of its keys (existing_cluster, clusters, support, coredns, "
     "provisioned_control_plane)"),
])
def test_a_section_that_is_not_a_mapping_names_its_keys_not_a_class(tmp_path, section, where, says):
    # "eks.coredns: Input should be a valid dictionary or instance of CoreDns. Got []." named a Python class
    f = tmp_path / "w.yaml"
    f.write_text(f"name: c\nservices:\n  - {{name: a, cpu: 1, memory: 2048, pod_overhead: '250m'}}\n{section}\n")
    r = CliRunner().invoke(app, ["compare", str(f)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2
    assert f"{where} (line 4): {says}" in out
    assert ("services[0].pod_overhead (line 3): pod_overhead must be a mapping (object) of its keys (cpu, memory) "
            "(indented 'key: value' lines below it, or {key: value, ...}); got text ('250m').") in out
    assert "instance of" not in out
