"""Public manifests and task definitions nobody here wrote load without edits (tests/fixtures/real/SOURCES.md).

Every expected value is computed by hand from the fixture's text, with the arithmetic in a comment. Prices:
us-east-1 bundled rates (advisor/pricing_data/fargate_rates.csv): Linux x86 $0.04048 per vCPU-hour and
$0.004445 per GB-hour; Linux arm64 $0.03238 and $0.00356; Windows x86 $0.09148 + $0.046 licence per vCPU-hour
and $0.01005 per GB-hour; 730 hours; EKS control plane $0.10 per hour = $73.00 a month.

One Fargate pod/task a month: 0.25 vCPU / 0.5 GB = (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = $9.010025;
0.25 / 1 GB = $10.63245; 0.5 / 1 GB = $18.02005; 1 / 2 GB = $36.0401.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import WorkloadError
from advisor.workload import parse_workload
from advisor.workload.importers import load_any
from advisor.workload.importers.cloudformation import import_cloudformation
from advisor.workload.importers.k8s import import_k8s
from advisor.workload.importers.taskdef import import_taskdef

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
K8S, ECS, OTHER = REAL / "k8s", REAL / "ecs", REAL / "other"


def _sizes(workload) -> dict[str, tuple[float, float]]:
    return {s.name: (round(s.vcpu, 6), round(s.memory_mib, 3)) for s in workload.services}


def load_workload_text(text: str):
    """The workload an import wrote (its YAML text), read back."""
    return parse_workload(yaml.safe_load(text))


def _compute_and_control_plane(path: Path, platform: str) -> float:
    """Compute (with its OS licence) and control-plane lines: what these totals are about; shared costs such as
    the load balancers the importer records are priced separately and left out here."""
    est = compare(path, platforms=[platform]).estimate(platform)
    return sum(line.monthly_cost for line in est.lines if line.category in ("compute", "os_license", "control_plane"))


# ------------------------------------------------------------------------------------ Online Boutique


def test_online_boutique_pod_requests():
    w = load_any(K8S / "online-boutique-kubernetes-manifests.yaml")
    # requests as written in the manifest (one container each; loadgenerator's init container frontend-check
    # requests nothing, so its app container's 300m / 256Mi is the pod request)
    assert _sizes(w) == {
        "frontend": (0.1, 64), "adservice": (0.2, 180), "currencyservice": (0.1, 64), "cartservice": (0.2, 64),
        "redis-cart": (0.07, 200), "loadgenerator": (0.3, 256), "recommendationservice": (0.1, 220),
        "checkoutservice": (0.1, 64), "emailservice": (0.1, 64), "paymentservice": (0.1, 64),
        "shippingservice": (0.1, 64), "productcatalogservice": (0.1, 64)}
    assert all(s.desired == 1 for s in w.services)
    # the Service frontend-external of type LoadBalancer becomes one NLB, with its assumption as a note
    nlb = w.shared.network_load_balancers
    assert (nlb.count, nlb.sources) == (1, ["Service default/frontend-external"])
    assert any("Network Load Balancer" in n and "frontend-external" in n for n in w.input_notes())
    # the init container without requests is listed (it changes no size: 0 < the app's request)
    assert any("loadgenerator: init frontend-check" in n for n in w.assumptions())


def test_online_boutique_eks_fargate_total():
    # pod + 256 MiB, rounded up: 11 pods at 0.25 vCPU / 0.5 GB (largest: redis-cart 200 + 256 = 456 MiB) and
    # loadgenerator 0.3 vCPU -> 0.5 vCPU / 1 GB: 11 x 9.010025 + 18.02005 = 117.130325; + 73 = $190.13; + the
    # cluster's 2 CoreDNS pods on Fargate at 0.25 vCPU / 0.5 GB (2 x 9.010025) = $208.15
    total = _compute_and_control_plane(K8S / "online-boutique-kubernetes-manifests.yaml", "eks-fargate")
    assert total == pytest.approx(208.150375, abs=1e-6)


# ------------------------------------------------------------------------------------ Sock Shop


def test_sock_shop_loads_unedited_and_lists_every_container_without_requests():
    w = load_any(K8S / "sock-shop-complete-demo.yaml")
    sizes = _sizes(w)
    assert len(sizes) == 14 and all(s.desired == 1 for s in w.services)
    # requests as written; the six databases / queue without resources count 0 (no request)
    assert sizes["carts"] == (0.1, 200) and sizes["payment"] == (0.099, 100)
    assert sizes["front-end"] == sizes["orders"] == sizes["queue-master"] == sizes["shipping"] == (0.1, 300)
    unsized = ["carts-db", "catalogue-db", "orders-db", "rabbitmq", "session-db", "user-db"]
    assert all(sizes[n] == (0, 0) for n in unsized)
    [note] = w.assumptions()  # one note lists all 7 containers (rabbitmq has two) -- never only the first
    assert note.startswith("7 container(s) request no CPU or memory")
    assert "rabbitmq: rabbitmq-exporter" in note and "user-db: user-db" in note
    # beta.kubernetes.io/os: linux in every nodeSelector is accepted as linux
    assert {s.os for s in w.services} == {"linux"}
    with pytest.raises(WorkloadError, match="(?s)strict mode: .*7 container"):
        load_any(K8S / "sock-shop-complete-demo.yaml", strict=True)


def test_sock_shop_eks_fargate_total():
    # 10 pods at 0.25 vCPU / 0.5 GB (6 without requests -> the smallest size; carts 200+256, catalogue, payment,
    # user 100+256 MiB) and 4 at 0.25 / 1 GB (300 + 256 = 556 MiB > 512):
    # 10 x 9.010025 + 4 x 10.63245 = 90.10025 + 42.5298 = 132.63005; + 73 = $205.63; + 2 CoreDNS pods = $223.65
    total = _compute_and_control_plane(K8S / "sock-shop-complete-demo.yaml", "eks-fargate")
    assert total == pytest.approx(223.6501, abs=1e-6)


def test_bookinfo_without_any_requests():
    w = load_any(K8S / "istio-bookinfo.yaml")
    assert sorted(_sizes(w)) == ["details-v1", "productpage-v1", "ratings-v1", "reviews-v1", "reviews-v2",
                                 "reviews-v3"]
    assert all(s.has_no_requests for s in w.services)
    # 6 pods with no requests -> 0.25 vCPU / 0.5 GB each: 6 x 9.010025 = 54.06015; + 73 = 127.06015; + 2 CoreDNS
    # pods at the same size = 145.0802
    assert _compute_and_control_plane(K8S / "istio-bookinfo.yaml", "eks-fargate") == pytest.approx(145.0802, abs=1e-6)


# ------------------------------------------------------------------------------------ Kubernetes features


def test_native_sidecar_deployment_and_job():
    w = load_any(K8S / "deployment-sidecar.yaml")
    svc = w.services[0]
    assert svc.init_containers[0].sidecar is True and svc.has_no_requests  # logshipper: restartPolicy Always
    # the Job has no running time: left out with a note that asks for it (never a stopped run) ...
    res = import_k8s(K8S / "job-sidecar.yaml")
    assert res.services == [] and any("Job default/myjob left out" in a for a in res.assumptions)
    # ... an error naming the annotation in strict mode
    with pytest.raises(WorkloadError, match="advisor/minutes-per-run"):
        import_k8s(K8S / "job-sidecar.yaml", strict=True)


def test_an_app_container_with_a_restart_policy_is_an_app_container():
    # DeathStarBench's mms-client Deployment sets restartPolicy: Always on its app container. Reported: the import
    # made it a native sidecar and stopped with "services[0].containers: container mms-client: sidecar applies to
    # init_containers only", an error about the imported file that named neither the Deployment nor the field.
    # Only an init container with restartPolicy: Always is a sidecar; on an app container the field is
    # ContainerRestartRules' (beta from Kubernetes 1.35) and changes no request.
    w = load_any(K8S / "deathstarbench-media-mms-client.yaml")
    [svc] = w.services
    assert (svc.name, svc.desired_count, [c.sidecar for c in svc.containers], svc.has_no_requests) == \
        ("mms-client", 1, [False], True)
    # no requests -> 0.25 vCPU / 0.5 GB: 9.010025 + 73 + 2 CoreDNS pods at the same size (18.02005) = 100.030075
    total = _compute_and_control_plane(K8S / "deathstarbench-media-mms-client.yaml", "eks-fargate")
    assert total == pytest.approx(100.030075, abs=1e-6)


_RESTART_POLICY_POD = """apiVersion: apps/v1
kind: Deployment
metadata: {{name: web, namespace: shop}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      initContainers:
      - name: setup
        image: busybox
        restartPolicy: {init}
        resources: {{requests: {{cpu: 500m, memory: 512Mi}}}}
      containers:
      - name: app
        image: nginx
        restartPolicy: Always
        resources: {{requests: {{cpu: 250m, memory: 256Mi}}}}
"""


@pytest.mark.parametrize(("init", "sidecar", "vcpu", "memory", "eks_fargate"), [
    # a regular init container (OnFailure / Never: ContainerRestartRules) runs first, alone: max(0.5, 0.25) vCPU,
    # max(512, 256) MiB; + 256 MiB = 768 MiB -> 0.5 vCPU / 1 GB = (0.5 x 0.04048 + 1 x 0.004445) x 730 = 18.02005 a
    # pod, 2 pods = 36.0401; + 73 + 2 CoreDNS pods (18.02005) = 127.06015
    ("OnFailure", False, 0.5, 512, 127.06015),
    ("Never", False, 0.5, 512, 127.06015),
    # a native sidecar runs beside the app container: 0.75 vCPU / 768 MiB; + 256 = 1024 MiB -> 1 vCPU / 2 GB =
    # (0.04048 + 2 x 0.004445) x 730 = 36.0401 a pod, 72.0802 for 2; + 73 + 18.02005 = 163.10025
    ("Always", True, 0.75, 768, 163.10025),
])
def test_container_restart_policies_size_the_pod(tmp_path, init, sidecar, vcpu, memory, eks_fargate):
    p = tmp_path / "web.yaml"
    p.write_text(_RESTART_POLICY_POD.format(init=init))
    [svc] = load_any(p).services
    assert ([c.sidecar for c in svc.init_containers], [c.sidecar for c in svc.containers]) == ([sidecar], [False])
    assert (svc.vcpu, svc.memory_mib) == (vcpu, memory)
    assert _compute_and_control_plane(p, "eks-fargate") == pytest.approx(eks_fargate, abs=1e-6)


def test_a_restart_policy_kubernetes_refuses_names_the_object_and_field(tmp_path):
    p = tmp_path / "web.yaml"
    p.write_text(_RESTART_POLICY_POD.format(init="always"))
    with pytest.raises(WorkloadError) as e:
        load_any(p)
    assert str(e.value) == (
        f"{p}: document 1 (Deployment shop/web): spec.template.spec.initContainers[0].restartPolicy: 'always' is not a "
        "container restart policy (the API server refuses it: supported values Always, OnFailure, Never; Always on an "
        "init container makes it a native sidecar); did you mean 'Always'?")


def test_statefulsets_record_their_volume_claims():
    web = load_any(K8S / "web-statefulset.yaml").services[0]
    assert (web.replicas, web.spot, web.has_no_requests) == (2, False, True)
    assert [(v.name, v.size_gib, v.storage_class, v.access_modes) for v in web.persistent_volumes] == \
        [("www", 1.0, None, ["ReadWriteOnce"])]
    mysql = load_any(K8S / "mysql-statefulset.yaml")
    svc = mysql.services[0]
    # mysql 500m / 1Gi + xtrabackup 100m / 100Mi = 600m / 1124Mi (the two init containers request nothing)
    assert (svc.replicas, round(svc.vcpu, 6), svc.memory_mib) == (3, 0.6, 1124)
    assert [(v.name, v.size_gib) for v in svc.persistent_volumes] == [("data", 10.0)]
    assert any("cannot be mounted by EKS on Fargate" in n for n in mysql.input_notes())


def _storage_lines(est) -> list[tuple[str, float, float]]:
    """(name, GB-months, monthly cost) of an estimate's persistent-volume lines (not the nodes' root volumes)."""
    return [(ln.name, round(ln.quantity, 6), round(ln.monthly_cost, 6)) for ln in est.lines
            if ln.category == "storage" and "root volume" not in ln.name]


def test_a_pod_volume_claiming_a_pvc_of_the_input_is_priced_as_one_shared_volume():
    # EKS User Guide, Auto Mode sample stateful workload: StorageClass auto-ebs-sc (ebs.csi.eks.amazonaws.com, gp3),
    # PVC auto-ebs-claim 8Gi, and a Deployment of 1 replica whose pod volume claims it. It used to be priced on EKS
    # on Fargate and the disk never ("skipped (no compute to price): 1 PersistentVolumeClaim, 1 StorageClass").
    path = K8S / "eksdocs-automode-storage" / "manifest.yaml"
    w = load_any(path)
    [svc] = w.services
    assert [(v.name, v.size_gib, v.storage_class, v.access_modes, v.shared) for v in svc.persistent_volumes] == \
        [("auto-ebs-claim", 8.0, "auto-ebs-sc", ["ReadWriteOnce"], True)]
    assert not any("skipped" in n for n in w.input_notes())  # the claim and its class were read
    # 8 GiB x $0.08 per GB-month (us-east-1 gp3, pricing_data/ebs_rates.csv) x 1 volume x 730/730 h = $0.64
    c = compare(w, platforms=["eks-ec2", "ecs-fargate", "eks-fargate"], scaling=False)
    shared = "EBS volume auto-ebs-claim (gp3, 8 GiB, one claim the pods share)"
    assert _storage_lines(c.estimate("eks-ec2")) == [(shared, 8.0, 0.64)]
    # ECS attaches one EBS volume per task: 1 task all month, the same $0.64
    assert _storage_lines(c.estimate("ecs-fargate")) == [("EBS volume auto-ebs-claim (gp3, 8 GiB per task)", 8.0, 0.64)]
    # "You can't mount Amazon EBS volumes to Fargate Pods" (EKS User Guide)
    assert [u.service for u in c.estimate("eks-fargate").unsupported] == ["inflate-stateful"]


def test_a_statefulset_pod_volume_claiming_a_pvc_is_one_volume(tmp_path):
    # podinfo deploy/bases/database: StatefulSet database-primary (1 replica) mounts the 1Gi PVC database-primary,
    # which names no storageClassName and the input holds no StorageClass: the cluster's default class, assumed EBS
    folder = K8S / "podinfo-database-primary"
    w = load_any(folder)
    [svc] = w.services
    assert [(v.name, v.size_gib, v.storage_class, v.shared) for v in svc.persistent_volumes] == \
        [("database-primary", 1.0, None, True)]
    assert any("no storageClassName: the cluster's default StorageClass, which the input does not hold: assumed "
               "to be EBS" in n for n in w.input_notes())
    # 1 GiB x $0.08 x 1 volume = $0.08 a month
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert _storage_lines(est) == [("EBS volume database-primary (gp3, 1 GiB, one claim the pods share)", 1.0, 0.08)]
    # the StatefulSet alone: its claim is not in the input, so its storage is not priced -- an assumption, which
    # --strict refuses; EKS on Fargate prices the pod, since advisor cannot tell whether the claim is EBS
    alone = folder / "statefulset-primary.yaml"
    res = import_k8s(alone)
    assert res.workload.services[0].persistent_volumes is None
    [note] = [n for n in res.assumptions if "PersistentVolumeClaim" in n]
    assert "default/database-primary (StatefulSet default/database-primary, spec.template.spec.volumes[0])" in note
    assert "not priced" in note and "cannot tell whether these claims are EBS" in note
    with pytest.raises(WorkloadError, match="not in the input"):
        import_k8s(alone, strict=True).workload_checked(strict=True)


def test_a_claim_bound_to_a_host_path_volume_is_not_priced_as_ebs():
    # kubernetes/examples AI/model-serving-tensorflow: the PVC my-model-pvc binds (volumeName) to the PV my-model-pv,
    # a hostPath volume: a folder on the node, no EBS volume to price, and nothing that keeps it off Fargate
    folder = K8S / "k8sex-tf-serving"
    w = load_any(folder)
    assert w.services[0].persistent_volumes is None
    assert any("PersistentVolumeClaim default/my-model-pvc of Deployment default/tf-serving (bound to "
               "PersistentVolume 'my-model-pv', a hostPath volume" in n for n in w.input_notes())
    # the claim and the volume were read: only the ClusterIP Service is skipped now
    assert "skipped (no compute to price): 1 Service" in w.input_notes()
    c = compare(w, platforms=["eks-ec2", "eks-fargate"], scaling=False)
    assert _storage_lines(c.estimate("eks-ec2")) == []
    assert c.estimate("eks-fargate").unsupported == []


def test_a_claim_of_a_class_the_input_serves_with_a_persistent_volume_binds_to_it():
    # DeathStarBench hotelReservation geo/: the PVC geo-pvc (class geo-storage, 1Gi, RWO, no volumeName) and the PV
    # geo-pv (class geo-storage, 1Gi, RWO, hostPath). Reported: the claim was priced as a 1 GiB EBS volume ("StorageClass
    # 'geo-storage', which is not in the input: assumed to be EBS"), which also kept mongodb-geo off EKS on Fargate,
    # and the PV was "skipped"; Kubernetes binds the claim to geo-pv, a folder on the node.
    w = load_any(K8S / "deathstarbench-hotel-geo")
    [svc] = w.services
    assert (svc.name, svc.persistent_volumes, svc.vcpu) == ("mongodb-geo", None, 0.1)
    assert any("PersistentVolumeClaim default/geo-pvc of Deployment default/mongodb-geo (bound to PersistentVolume "
               "'geo-pv', the input's volume of its class 'geo-storage', a hostPath volume" in n
               for n in w.input_notes())
    assert "skipped (no compute to price): 1 Service" in w.input_notes()
    c = compare(w, platforms=["eks-ec2", "eks-fargate"], scaling=False)
    assert _storage_lines(c.estimate("eks-ec2")) == [] and c.estimate("eks-fargate").unsupported == []
    # 0.1 vCPU, no memory -> 0.25 vCPU / 0.5 GB: 9.010025 + 73 + 2 CoreDNS pods (18.02005) = 100.030075
    assert _compute_and_control_plane(K8S / "deathstarbench-hotel-geo", "eks-fargate") == \
        pytest.approx(100.030075, abs=1e-6)


_STATIC_PVS = """apiVersion: v1
kind: PersistentVolume
metadata: {name: big}
spec: {storageClassName: manual, capacity: {storage: 50Gi}, accessModes: [ReadWriteOnce], awsElasticBlockStore: {volumeID: vol-1}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: reserved}
spec:
  storageClassName: manual
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  claimRef: {namespace: other, name: theirs}
  awsElasticBlockStore: {volumeID: vol-2}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: read-only-many}
spec: {storageClassName: manual, capacity: {storage: 10Gi}, accessModes: [ReadOnlyMany], awsElasticBlockStore: {volumeID: vol-3}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: small}
spec: {storageClassName: manual, capacity: {storage: 20Gi}, accessModes: [ReadWriteOnce], awsElasticBlockStore: {volumeID: vol-4}}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: too-small}
spec: {storageClassName: manual, capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], awsElasticBlockStore: {volumeID: vol-5}}
"""


def test_static_binding_takes_the_smallest_free_matching_volume(tmp_path):
    # Kubernetes' PV controller (findMatchingVolume): same class and volumeMode, at least the claim's size, every access
    # mode asked for, no claimRef to another claim; the smallest wins, and a volume binds one claim. Claim a (5Gi RWO)
    # gets small (20Gi: too-small is 1Gi, reserved is claimRef'd to other/theirs, read-only-many lacks RWO); claim b
    # gets big (50Gi), the only one left; claim c finds none and is what its class says (not in the input: assumed
    # EBS at its own 5 GiB).
    docs = [_STATIC_PVS]
    for claim in ("a", "b", "c"):
        docs.append(f"""apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {claim}}}
spec: {{storageClassName: manual, accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 5Gi}}}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: db-{claim}}}
spec:
  selector: {{matchLabels: {{app: db-{claim}}}}}
  template:
    metadata: {{labels: {{app: db-{claim}}}}}
    spec:
      containers: [{{name: db, image: postgres, resources: {{requests: {{cpu: 250m, memory: 512Mi}}}}}}]
      volumes: [{{name: data, persistentVolumeClaim: {{claimName: {claim}}}}}]
""")
    p = tmp_path / "static.yaml"
    p.write_text("---\n".join(docs))
    w = load_any(p)
    assert {s.name: [(v.name, v.size_gib) for v in s.persistent_volumes] for s in w.services} == \
        {"db-a": [("a", 20.0)], "db-b": [("b", 50.0)], "db-c": [("c", 5.0)]}
    notes = " ".join(w.input_notes())
    assert "default/a 20 GiB, bound to PersistentVolume 'small', the input's volume of its class 'manual'" in notes
    assert "default/b 50 GiB, bound to PersistentVolume 'big'" in notes
    assert "StorageClass 'manual', which is not in the input: assumed to be EBS" in notes


def test_cassandra_claim_template_class_named_by_the_beta_annotation():
    """kubernetes/examples databases/cassandra (real/k8s/k8sex-cassandra-statefulset.yaml): StatefulSet cassandra, 3
    replicas of one container requesting 500m / 1Gi, whose claim template cassandra-data (1Gi) names its class only by
    the annotation volume.beta.kubernetes.io/storage-class: fast, and the file's StorageClass fast (provisioner
    k8s.io/minikube-hostpath: a folder on the node, no EBS volume). The annotation was ignored: the template read as
    'no storageClassName: the cluster's default StorageClass, assumed to be EBS', 3 x 1 GiB gp3 priced, EKS on
    Fargate ruled out for a volume it never mounts, and the class counted 'skipped'."""
    w = load_any(K8S / "k8sex-cassandra-statefulset.yaml")
    [svc] = w.services
    assert (svc.name, svc.replicas, round(svc.vcpu, 6), svc.memory_mib, svc.spot) == ("cassandra", 3, 0.5, 1024, False)
    assert svc.persistent_volumes is None
    notes = w.input_notes()
    assert any("claim template cassandra-data of StatefulSet default/cassandra (annotation "
               "volume.beta.kubernetes.io/storage-class: 'fast'" in n
               and "StorageClass 'fast' (provisioner 'k8s.io/minikube-hostpath')" in n for n in notes)
    assert not any("skipped" in n or "assumed to be EBS" in n for n in notes)
    c = compare(w, platforms=["ecs-fargate", "eks-fargate", "eks-ec2"], scaling=False)
    assert _storage_lines(c.estimate("eks-ec2")) == []
    assert c.estimate("eks-fargate").unsupported == []
    path = K8S / "k8sex-cassandra-statefulset.yaml"
    # ECS on Fargate: 3 tasks of 0.5 vCPU / 1 GB = 3 x 18.02005 = 54.06015
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(54.06015, abs=1e-6)
    # EKS on Fargate: 1024 + 256 = 1280 MiB -> 0.5 vCPU / 2 GB: (0.5 x 0.04048 + 2 x 0.004445) x 730 = 21.2649, x 3
    # = 63.7947; + 73 control plane + 2 CoreDNS pods at 0.25 vCPU / 0.5 GB (2 x 9.010025) = 154.81475
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(154.81475, abs=1e-6)


@pytest.mark.parametrize(("annotation", "spec_class", "expected"), [
    # the annotation names an EBS gp2 class: priced as gp2, whatever storageClassName says (Kubernetes reads the
    # annotation first); "" is no class (a PersistentVolume of no class), never the input's default class
    ("ebs-gp2", None, (("gp2", "ebs-gp2"), "annotation volume.beta.kubernetes.io/storage-class: 'ebs-gp2'")),
    ("ebs-gp2", "efs", (("gp2", "ebs-gp2"), "storageClassName 'efs' is not used")),
    ("", None, ((None, None), "storageClassName \"\": a PersistentVolume of no class")),
])
def test_the_beta_storage_class_annotation_names_the_class_of_every_kind_of_claim(tmp_path, annotation, spec_class,
                                                                                   expected):
    classes = ("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: ebs-gp2\n  annotations:\n"
               "    storageclass.kubernetes.io/is-default-class: 'false'\nprovisioner: ebs.csi.aws.com\n"
               "parameters: {type: gp2}\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n"
               "  name: efs\n  annotations: {storageclass.kubernetes.io/is-default-class: 'true'}\n"
               "provisioner: efs.csi.aws.com\n")
    claim = {"metadata": {"annotations": {"volume.beta.kubernetes.io/storage-class": annotation}},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "4Gi"}},
                      **({"storageClassName": spec_class} if spec_class else {})}}
    pod = {"containers": [{"name": "db", "image": "db", "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}
    objects = [
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "shared", **claim["metadata"]},
         "spec": claim["spec"]},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
         "spec": {"replicas": 1, "template": {"spec": {**pod, "volumes": [
             {"name": "shared", "persistentVolumeClaim": {"claimName": "shared"}},
             {"name": "scratch", "ephemeral": {"volumeClaimTemplate": claim}}]}}}},
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
         "spec": {"replicas": 1, "template": {"spec": pod},
                  "volumeClaimTemplates": [{**claim, "metadata": {"name": "data", **claim["metadata"]}}]}},
    ]
    path = tmp_path / "claims.yaml"
    path.write_text(classes + "---\n" + yaml.safe_dump_all(objects))
    res = import_k8s(path)
    (vtype, vclass), said = expected
    volumes = {v.name: (v.volume_type, v.storage_class) for s in res.workload.services for v in s.persistent_volumes}
    assert volumes == {"shared": (vtype, vclass), "scratch": (vtype, vclass), "data": (vtype, vclass)}
    assert sum(said in n for n in res.notes + res.assumptions) >= 1
    assert not any("efs.csi.aws.com" in n for n in res.notes + res.assumptions)


def test_a_beta_storage_class_annotation_that_is_not_text_exits_2(tmp_path):
    path = tmp_path / "claim.yaml"
    path.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
                    "      containers: [{name: web, resources: {requests: {cpu: 250m, memory: 512Mi}}}]\n"
                    "      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n---\n"
                    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n"
                    "    volume.beta.kubernetes.io/storage-class: 7\nspec:\n  resources: {requests: {storage: 1Gi}}\n")
    res = CliRunner().invoke(app, ["import", "k8s", str(path)])
    assert res.exit_code == 2, res.output
    assert "metadata.annotations[volume.beta.kubernetes.io/storage-class]" in res.output
    assert "must be a StorageClass name" in res.output and "Traceback" not in res.output


def test_eks_blueprints_auto_mode_pool_the_statefulset_tolerates_and_selects_is_read():
    """aws-ia/terraform-aws-eks-blueprints patterns/eks-automode/automode-custom-nodepools (sample-app.yaml and the
    YAML of eks-automode-config/): two EKS Auto Mode NodePools, each tainted (amd64:NoSchedule, graviton:NoSchedule)
    and labelled (NodeGroupType amd64 / Graviton), and a StatefulSet httpd of 2 replicas (100m / 128Mi) that tolerates
    amd64 and selects NodeGroupType: amd64. Both pools were left out ('advisor does not read tolerations'), so the
    pods were priced on Auto Mode's general-purpose pool; now the amd64 pool is read: on-demand, categories c, m, r,
    4-32 vCPUs, generation above 4, its NodeClass ebs-optimized's 100Gi ephemeral storage."""
    folder = K8S / "eks-blueprints-automode-custom-nodepools"
    res = import_k8s(folder)
    w = res.workload
    [svc] = w.services
    assert (svc.name, svc.replicas, round(svc.vcpu, 6), svc.memory_mib, svc.spot) == ("httpd", 2, 0.1, 128, False)
    assert [(v.name, v.size_gib, v.storage_class, v.volume_type) for v in svc.persistent_volumes] == [
        ("httpd-logs", 10, "auto-ebs-sc", "gp3")]
    am = res.eks_auto_mode
    assert (am["node_pool"], am["capacity_types"], am["instance_categories"], am["min_generation"],
            am["architectures"], am["ephemeral_storage_gib"]) == ("custom", ["on-demand"], ["c", "m", "r"], 5,
                                                                  ["amd64"], 100)
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.nodes import instance_category_generation

    cat = Catalog.of(default_pricebook())
    for name in am["allowed_types"]:  # eks.amazonaws.com/instance-cpu In [4, 8, 16, 32], category c/m/r, gen > 4
        t = cat.instance_type(name)
        category, generation = instance_category_generation(t.family)
        assert category in ("c", "m", "r") and generation > 4 and round(t.vcpu) in (4, 8, 16, 32) and t.arch == "x86_64"
    assert {"m5.xlarge", "c7i.8xlarge", "r6i.2xlarge"} <= set(am["allowed_types"])
    assert not {"m5.large", "m4.xlarge", "m7g.xlarge", "c6i.12xlarge"} & set(am["allowed_types"])
    assert any(n.startswith("NodePool(s) graviton have taints (NoSchedule / NoExecute) that no pod of the input "
                            "tolerates: not read") for n in res.notes)
    assert ("NodePool(s) amd64 read for the nodes; the spec.limits of amd64: eks_auto_mode.node_pool_limits, compared "
            "with the planned fleet in the EKS Auto Mode estimate") in " | ".join(res.notes)
    assert am["node_pool_limits"] == {"node_pools": ["amd64"], "vcpu": 1000}  # limits: {cpu: 1000}
    # 2 pods, each with its own 10 GiB gp3 claim: 2 x 10 x $0.08 = $1.60 on EKS on EC2; the Ingress's ALB 730 x $0.0225
    c = compare(w, platforms=["eks-ec2", "ecs-fargate", "eks-fargate"], scaling=False)
    assert _storage_lines(c.estimate("eks-ec2")) == [("EBS volume httpd-logs (gp3, 10 GiB per pod)", 20.0, 1.6)]
    assert [u.service for u in c.estimate("eks-fargate").unsupported] == ["httpd"]  # EBS: not on EKS on Fargate
    # ECS on Fargate: 0.1 vCPU / 128 MiB -> 0.25 vCPU / 0.5 GB, 2 tasks: 2 x 9.010025 = 18.02005
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(18.02005, abs=1e-6)
    assert w.shared.load_balancers.count == 1


def test_an_ingress_of_no_class_with_ingress_nginx_annotations_is_an_alb_with_a_note():
    # the same example's Ingress has no class and nginx.ingress.kubernetes.io/rewrite-target: advisor's rule (no
    # class -> the AWS Load Balancer Controller) still prices one ALB, $0.0225 x 730 h = $16.43 a month without traffic
    folder = K8S / "k8sex-tf-serving"
    w = load_any(folder)
    assert (w.shared.load_balancers.count, w.shared.load_balancers.sources) == (1, ["Ingress default/tf-serving-ingress"])
    [note] = [n for n in w.input_notes() if "annotations only" in n]
    assert note.startswith("Ingress default/tf-serving-ingress (nginx.ingress.kubernetes.io/rewrite-target): no ingress "
                           "class, but annotations only ingress-nginx reads")
    assert "'Default IngressClass'" in note and "--watch-ingress-without-class" in note
    assert "one Service of type LoadBalancer (on AWS an NLB" in note and "not an ALB per Ingress or IngressGroup" in note
    assert "set spec.ingressClassName: nginx" in note
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert [(ln.name, ln.quantity, round(ln.monthly_cost, 4)) for ln in est.lines if "Load Balancer" in ln.name] == \
        [("Application Load Balancer (1 x 730 h)", 730.0, 16.425)]


def test_required_anti_affinity_against_its_own_pods_keeps_the_eks_fleets_replicas_apart():
    # Argo CD's HA install: four workloads keep their replicas on separate nodes (required podAntiAffinity on
    # kubernetes.io/hostname selecting their own pods); EKS on EC2 was packed onto 2 nodes without a word
    w = load_any(K8S / "argocd-ha-install" / "manifests_ha_install.yaml")  # 2 MB: read once
    apart = {s.name: s.desired_count for s in w.services if s.one_per_node}
    assert apart == {"argocd-redis-ha-haproxy": 3, "argocd-repo-server": 2, "argocd-server": 2,
                     "argocd-redis-ha-server": 3}
    # argocd-dex-server and argocd-application-controller only prefer to be apart: not a rule
    assert not any(s.one_per_node for s in w.services if s.name not in apart)
    [note] = [n for n in w.input_notes() if "anti-affinity" in n]
    assert note.startswith("Deployment default/argocd-redis-ha-haproxy (3 replicas), Deployment "
                           "default/argocd-repo-server (2 replicas), Deployment default/argocd-server (2 replicas), "
                           "StatefulSet default/argocd-redis-ha-server (3 replicas): required pod anti-affinity")
    assert "(3 at these counts)" in note and "keep each such service's replicas on different nodes" in note
    est = compare(w, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    # without the rule the fleet was 1 c6a.large + 1 c7a.medium, $169.51 with the $73 control plane and two 20 GiB
    # root volumes. Splitting that or adding a third c7a.medium gave c6a.large + 2 c7a.medium ($208.57); spreading the
    # pods over the 3 nodes the rule needs (docs/ec2.md) fits them on 3 c7a.medium: 3 x $0.05132 x 730 = $112.3908,
    # the $73 control plane and 3 root volumes of 20 GiB x $0.08: $190.19. The packing keeps the replicas of each of
    # the four on different nodes (at most one per node: packing.ItemGroup.apart)
    assert est.fleet.node_count == 3
    assert sorted((r["instance_type"], r["count"]) for r in est.fleet.nodes) == [("c7a.medium", 3)]
    assert round(sum(ln.monthly_cost for ln in est.lines), 4) == round(3 * 0.05132 * 730 + 73 + 3 * 20 * 0.08, 4)
    from advisor.sizing.fleet import plan_fleet

    nodes = plan_fleet(w, "eks-ec2").result.nodes
    assert [max(n.placements.get(name, 0) for n in nodes) for name in apart] == [1, 1, 1, 1]


def test_old_cronjob_api_without_run_length_is_noted():
    res = import_k8s(K8S / "cronjob.yaml")  # batch/v1beta1, every minute, no deadline and no annotation
    assert res.services == []
    assert any("CronJob default/hello left out" in a and "advisor/minutes-per-run" in a for a in res.assumptions)


def _folder(tmp_path, name: str, fixtures: tuple[str, ...]):
    """A folder ``name`` under ``tmp_path`` holding copies of these fixtures of tests/fixtures/real/k8s."""
    folder = tmp_path / name
    folder.mkdir()
    for fixture in fixtures:
        (folder / fixture).write_bytes((K8S / fixture).read_bytes())
    return folder


def test_two_ingresses_in_one_group_are_one_alb(tmp_path):
    folder = _folder(tmp_path, "ingress", ("ingress-catalog-alb-group.yaml", "ingress-ui-alb-group.yaml"))
    (folder / "app.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ui}\nspec:\n  template:\n"
                                     "    spec: {containers: [{name: ui, resources: {requests: {cpu: 250m, memory: 512Mi}}}]}\n")
    w = load_any(folder)
    # both carry alb.ingress.kubernetes.io/group.name: retail-app-group -> one ALB (IngressGroup)
    assert (w.shared.load_balancers.count, w.shared.load_balancers.sources) == (1, ["group retail-app-group"])


_WEB = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  template:\n"
        "    spec: {containers: [{name: web, resources: {requests: {cpu: 250m, memory: 512Mi}}}]}\n")


def test_two_variants_of_an_unpriced_object_are_a_note_not_a_conflict(tmp_path):
    # kubernetes/examples AI/vllm-deployment/hpa holds the GKE and the generic variant of one ServiceMonitor
    # (monitoring/nvidia-dcgm-exporter-servicemonitor); advisor prices no ServiceMonitor, so the folder imports
    folder = _folder(tmp_path, "hpa", ("vllm-gpu-service-monitor-gke.yaml", "vllm-gpu-service-monitor-generic.yaml"))
    (folder / "web.yaml").write_text(_WEB)
    res = import_k8s(folder)
    assert [(s.name, s.desired) for s in res.workload.services] == [("web", 2)]
    assert any("ServiceMonitor (monitoring.coreos.com) monitoring/nvidia-dcgm-exporter-servicemonitor is defined "
               "differently in vllm-gpu-service-monitor-generic.yaml document 1 and vllm-gpu-service-monitor-gke.yaml "
               "document 1" in n and "advisor does not price a ServiceMonitor" in n for n in res.notes)
    # 2 tasks at 0.25 vCPU / 0.5 GB on ECS on Fargate: 2 x 9.010025 = $18.02
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(18.02005, abs=1e-6)
    # a kind that changes the price is still a conflict: a Service of type LoadBalancer (an NLB) and a ClusterIP one
    svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]%s}\n"
    (folder / "svc-a.yaml").write_text(svc % "")
    (folder / "svc-b.yaml").write_text(svc % ", type: LoadBalancer")
    with pytest.raises(WorkloadError, match="Service default/web is also defined in svc-a.yaml document 1, differently"):
        import_k8s(folder)


@pytest.mark.parametrize("name, services", [
    # argocd-example-apps helm-hooks: ReplicaSet frontend (no requests) + 3 hook Jobs, the first named only by
    # generateName: upgrade-sql-schema; sync-waves: ReplicaSets backend and frontend + the same 3 Jobs
    ("argocd-helm-hooks-manifests.yaml", ["frontend"]),
    ("argocd-sync-waves-manifests.yaml", ["backend", "frontend"]),
])
def test_hook_job_named_by_generate_name(name, services):
    res = import_k8s(K8S / name)
    assert [s.name for s in res.workload.services] == services
    assert any("metadata.generateName used as the name of Job default/upgrade-sql-schema" in n for n in res.notes)
    # no Job has a deadline or an annotation: all are left out in one note that asks for their running time
    [left_out] = [a for a in res.assumptions if " left out" in a]
    assert left_out == ("Job default/upgrade-sql-schema, Job default/maint-page-up, Job default/maint-page-down left "
                        "out: a Job's running time is unknown: add the annotation 'advisor/minutes-per-run: "
                        "\"<minutes>\"' (one run) or 'advisor/hours-per-month: \"<hours>\"' (pod-hours per month, at "
                        "most 744), or set spec.activeDeadlineSeconds.")
    # each ReplicaSet pod requests nothing -> ECS on Fargate's smallest task, 0.25 vCPU / 0.5 GB: $9.010025 each
    total = _compute_and_control_plane(K8S / name, "ecs-fargate")
    assert total == pytest.approx(len(services) * 9.010025, abs=1e-6)


def test_keda_scaled_object_scales_its_deployment_like_an_hpa(tmp_path):
    # eks-workshop-v2: the ui Deployment (base-application, namespace ui from its kustomization) and the KEDA
    # ScaledObject ui-hpa of modules/autoscaling/workloads/keda (minReplicaCount 1, maxReplicaCount 10)
    folder = _folder(tmp_path, "ui", ("eks-workshop-ui-deployment.yaml", "keda-scaledobject-ui.yaml"))
    (folder / "kustomization.yaml").write_text("namespace: ui\nresources: [eks-workshop-ui-deployment.yaml, "
                                               "keda-scaledobject-ui.yaml]\n")
    res = import_k8s(folder)
    [ui] = res.workload.services
    # KEDA drives an HPA between 1 and 10: the midpoint 5.5 (was replicas: 1, "skipped (no compute to price)")
    assert (ui.scaling.min, ui.scaling.max, ui.scaling.average) == (1, 10, 5.5)
    assert not any("no compute" in n for n in res.notes)
    # the midpoint is a visible assumption, as for a CloudFormation scalable target
    assert "Deployment ui/ui: scales 1-10 replicas (KEDA ScaledObject ui-hpa); priced at the midpoint, 5.5 replicas " \
           "on average" in " ".join(res.assumptions)
    # 0.25 vCPU / 1.5 GiB -> Fargate 0.25 vCPU / 2 GB: (0.25 x 0.04048 + 2 x 0.004445) x 730 = 13.8773 a task;
    # x 5.5 = $76.33 (was 1 task, $13.88)
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(5.5 * 13.8773, abs=1e-6)

# ------------------------------------------------------------------------------------ pod-level resources


def test_pod_level_requests_take_precedence_over_the_containers():
    # kubernetes/website pod-level-resources.yaml: spec.resources.requests cpu "1", memory 100Mi; containers
    # ctr-1 0.5 / 50Mi and ctr-2 with nothing. Kubernetes "Assign Pod-level CPU and memory resources": the pod-level
    # requests take precedence -> 1 vCPU / 100 MiB (was the containers' 0.5 vCPU / 50 MiB)
    w = load_any(K8S / "pod-level-resources.yaml")
    assert _sizes(w) == {"pod-resources-demo": (1.0, 100)}
    assert w.assumptions() == []  # ctr-2 requests nothing, but the pod does: no "request no CPU or memory" note
    assert any(n.startswith("pod-level resources (spec.resources) set the pod request of Pod "
                            "pod-resources-example/pod-resources-demo: 1 vCPU") for n in w.input_notes())
    # ECS on Fargate: 1 vCPU / 100 MiB -> 1 vCPU / 2 GB (0.25 and 0.5 vCPU cannot hold it):
    # (1 x 0.04048 + 2 x 0.004445) x 730 = $36.0401 (was 0.5 vCPU / 1 GB, $18.02)
    assert _compute_and_control_plane(K8S / "pod-level-resources.yaml", "ecs-fargate") == pytest.approx(36.0401, abs=1e-6)
    # EKS on Fargate: 1 vCPU, 100 + 256 = 356 MiB -> 1 vCPU / 2 GB = $36.0401; + $73 control plane; + 2 CoreDNS
    # pods at 0.25 vCPU / 0.5 GB (2 x 9.010025) = $127.06015 (was $109.04)
    assert _compute_and_control_plane(K8S / "pod-level-resources.yaml", "eks-fargate") == \
        pytest.approx(36.0401 + 73 + 2 * 9.010025, abs=1e-6)


@pytest.mark.parametrize("name, size, missing, ecs", [
    # pod-level cpu request 0.5 (limit 1); no memory anywhere -> 0.5 vCPU / 0 MiB -> Fargate 0.5 vCPU / 1 GB =
    # (0.5 x 0.04048 + 1 x 0.004445) x 730 = $18.02005 (was 0 vCPU: 0.25 / 0.5 GB, $9.01)
    ("pod-level-cpu-request-limit.yaml", ("cpu-demo", (0.5, 0)), "cpu-demo: cpu-demo-ctr (no memory)", 18.02005),
    # pod-level memory request 100Mi (limit 200Mi); no cpu anywhere -> 0 vCPU / 100 MiB -> 0.25 vCPU / 0.5 GB =
    # (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = $9.010025 (the price is unchanged; the request was 0 MiB)
    ("pod-level-memory-request-limit.yaml", ("memory-demo", (0, 100)), "memory-demo: memory-demo-ctr (no cpu)",
     9.010025),
])
def test_pod_level_request_is_applied_per_resource(name, size, missing, ecs):
    w = load_any(K8S / name)
    assert _sizes(w) == dict([size])
    # only the resource neither the pod nor its container requests is listed as missing (was "no cpu or memory")
    [note] = w.assumptions()
    assert f"1 container(s) request no CPU or memory: {missing}." in note
    assert _compute_and_control_plane(K8S / name, "ecs-fargate") == pytest.approx(ecs, abs=1e-6)


# ------------------------------------------------------------------------------------ API groups


@pytest.mark.parametrize("name, label, was", [
    # knative/docs: a Knative Service (serving.knative.dev/v1) runs pods; it is not a core v1 Service (was
    # "skipped (no compute to price): 1 Service", counted as a ClusterIP Service)
    ("knative-bentoml-service.yaml", "Service (serving.knative.dev)", None),
    ("knative-github-source-service.yaml", "Service (serving.knative.dev)", None),
    # volcano-sh/volcano: a Job of batch.hpw.cloud/v1alpha1 and a CronJob of batch.volcano.sh/v1alpha1 (pods under
    # spec.taskSpecs / spec.jobTemplate.spec.tasks) are not batch/v1 ones (was "Job default/test-job left out: a
    # Job's running time is unknown: add the annotation ...", and with it "spec.template.spec: is missing")
    ("volcano-job.yaml", "Job (batch.hpw.cloud)", "Job default/test-job left out"),
    ("volcano-cronjob.yaml", "CronJob (batch.volcano.sh)", "CronJob default/volcano-cronjob-example left out"),
])
def test_kinds_are_matched_with_their_api_group(name, label, was):
    res = import_k8s(K8S / name)
    assert res.services == []
    said = res.notes + res.assumptions
    assert any(label in n for n in said), said
    assert not any("1 Service," in n or n.endswith("1 Service") for n in said)
    assert was is None or not any(was in n for n in said)


# ------------------------------------------------------------------------------------ kinds that run pods


def test_argo_rollout_with_workload_ref_runs_the_deployment_template_at_its_own_replicas():
    # argo-rollouts examples/workload-ref: Deployment rollout-ref-deployment (replicas 0, the pod template: one
    # container without requests) and Rollout rollout-ref-deployment (replicas 5, spec.workloadRef to it). Argo
    # Rollouts "Migrating to Rollouts": the Rollout runs the Deployment's template; the Deployment is scaled to 0.
    name = "argo-rollouts-workload-ref.yaml"
    res = import_k8s(K8S / name)
    assert [(s.name, s.desired) for s in res.workload.services] == [("rollout-ref-deployment", 5)]
    assert any(n.startswith("Deployment default/rollout-ref-deployment holds the pod template of Argo Rollout "
                            "default/rollout-ref-deployment (spec.workloadRef) and runs no pods (replicas 0)")
               for n in res.notes)
    # 5 pods requesting nothing -> ECS on Fargate's smallest task 0.25 vCPU / 0.5 GB: 5 x 9.010025 = $45.050125
    # (was the Deployment's 0 replicas: $0.00 recommended, the Rollout "skipped (no compute to price)")
    assert _compute_and_control_plane(K8S / name, "ecs-fargate") == pytest.approx(5 * 9.010025, abs=1e-6)


@pytest.mark.parametrize("name, replicas", [
    # a Rollout with its own spec.template: read as a Deployment (replicas 5; blue-green: 2); each was "nothing to
    # import: no service was found ... skipped (no compute to price): 1 Rollout"
    ("argo-rollouts-rollout-canary.yaml", 5),
    ("argo-rollouts-rollout-bluegreen.yaml", 2),
])
def test_argo_rollout_with_a_template_is_read_as_a_deployment(name, replicas):
    w = load_any(K8S / name)
    assert [s.desired for s in w.services] == [replicas]
    assert any("Argo Rollout(s) read as Deployments" in n for n in w.input_notes())
    # replicas x 0.25 vCPU / 0.5 GB (no requests) on ECS on Fargate: x $9.010025
    assert _compute_and_control_plane(K8S / name, "ecs-fargate") == pytest.approx(replicas * 9.010025, abs=1e-6)


def test_operator_kinds_that_run_pods_are_named_not_called_no_compute(tmp_path):
    # kube-prometheus manifests/: the prometheus-operator Deployment (priced), Prometheus k8s (replicas 2, 400Mi) and
    # Alertmanager main (replicas 3, 4m / 100Mi): custom resources whose StatefulSets advisor does not see
    folder = _folder(tmp_path, "kp", ("kube-prometheus-prometheusOperator-deployment.yaml",
                                      "kube-prometheus-prometheus-prometheus.yaml",
                                      "kube-prometheus-alertmanager-alertmanager.yaml"))
    res = import_k8s(folder)
    assert [s.name for s in res.workload.services] == ["prometheus-operator"]
    [note] = [a for a in res.assumptions if a.startswith("not priced:")]
    assert note.startswith("not priced: 1 Alertmanager (monitoring.coreos.com): monitoring/main (a StatefulSet of "
                           "spec.replicas Alertmanager pods); 1 Prometheus (monitoring.coreos.com): monitoring/k8s")
    assert "-- they create pods advisor does not read: left out, $0" in note
    assert not any("no compute" in n and ("Prometheus" in n or "Alertmanager" in n) for n in res.notes)
    with pytest.raises(WorkloadError, match="(?s)strict mode.*not priced: 1 Alertmanager"):  # an assumption: refused
        load_any(folder, strict=True)
    # prometheus-operator 100m + kube-rbac-proxy 10m = 110m, 100 + 20 = 120 MiB -> 0.25 vCPU / 0.5 GB: $9.010025
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(9.010025, abs=1e-6)


@pytest.mark.parametrize("name, label", [
    # aws-ia/terraform-aws-eks-blueprints: a LeaderWorkerSet (vllm) and an Agones Fleet (xonotic, replicas 2) are the
    # whole input: nothing advisor reads runs a pod, so there is no estimate -- an error that names them
    ("eks-blueprints-lws.yaml", "not priced: 1 LeaderWorkerSet (leaderworkerset.x-k8s.io): default/vllm"),
    ("eks-blueprints-agones-fleet.yaml", "not priced: 1 Fleet (agones.dev): default/xonotic"),
    ("knative-bentoml-service.yaml", "not priced: 1 Service (serving.knative.dev): default/iris-classifier"),
    ("volcano-job.yaml", "not priced: 1 Job (batch.hpw.cloud): default/test-job (its spec holds a pod template)"),
])
def test_an_input_whose_pods_are_all_unread_is_an_error_naming_them(name, label):
    with pytest.raises(WorkloadError, match="nothing to import") as e:
        load_any(K8S / name)
    assert label in str(e.value)


def test_hpa_midpoint_is_a_visible_assumption(tmp_path):
    # eks-workshop-v2: the ui Deployment (base-application) and modules/autoscaling/workloads/hpa/hpa.yaml, an
    # autoscaling/v1 HorizontalPodAutoscaler ui/ui with minReplicas 1 and maxReplicas 4
    folder = _folder(tmp_path, "ui", ("eks-workshop-ui-deployment.yaml", "eks-workshop-hpa-ui.yaml"))
    (folder / "kustomization.yaml").write_text("namespace: ui\nresources: [eks-workshop-ui-deployment.yaml, "
                                               "eks-workshop-hpa-ui.yaml]\n")
    w = load_any(folder)
    [ui] = w.services
    assert (ui.scaling.min, ui.scaling.max, ui.scaling.average) == (1, 4, 2.5)
    # shown with the comparison (was only a comment in 'advisor import k8s' output)
    assert "Deployment ui/ui: scales 1-4 replicas (HorizontalPodAutoscaler ui); priced at the midpoint, 2.5 replicas " \
           "on average (set annotation advisor/average-replicas on the HorizontalPodAutoscaler or its target, or " \
           "scaling.average in an imported workload, from your metrics)" in w.input_notes()
    with pytest.raises(WorkloadError, match="(?s)strict mode.*scales 1-4 replicas"):
        load_any(folder, strict=True)
    # 0.25 vCPU / 1.5 GiB -> Fargate 0.25 vCPU / 2 GB = $13.8773 a task; x 2.5 = $34.69325
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(2.5 * 13.8773, abs=1e-6)


# ------------------------------------------------------------------------------------ LimitRange


def test_limit_range_default_request_is_given_to_containers_without_one(tmp_path):
    # kubernetes/website "Configure Default Memory Requests and Limits for a Namespace": LimitRange mem-limit-range
    # (defaultRequest memory 256Mi, default 512Mi) and its three Pods, applied to one namespace as the page does
    folder = _folder(tmp_path, "ns", ("memory-defaults.yaml", "memory-defaults-pod.yaml", "memory-defaults-pod-2.yaml",
                                      "memory-defaults-pod-3.yaml"))
    w = load_any(folder)
    # no resources -> the LimitRange's 256 MiB (was 0 MiB, "request no CPU or memory"); a 1Gi limit alone -> request
    # 1024 MiB (the API server copies the limit before the LimitRanger runs); a 128Mi request kept
    assert _sizes(w) == {"default-mem-demo": (0, 256), "default-mem-demo-2": (0, 1024), "default-mem-demo-3": (0, 128)}
    assert any(n.startswith("LimitRange default/mem-limit-range defaultRequest.memory 256 MiB applied to 1 container(s) "
                            "without a request of their own: Pod default/default-mem-demo: default-mem-demo-ctr")
               for n in w.input_notes())
    [note] = w.assumptions()  # the LimitRange sets no cpu: only that is missing, for each of the three
    assert "default-mem-demo: default-mem-demo-ctr (no cpu)" in note and "(no cpu or memory)" not in note
    # EKS on Fargate, pod + 256 MiB: 256 + 256 = 512 -> 0.25 vCPU / 0.5 GB $9.010025; 1024 + 256 -> 0.25 / 2 GB =
    # (0.25 x 0.04048 + 2 x 0.004445) x 730 = $13.8773; 128 + 256 -> $9.010025; + $73; + 2 CoreDNS pods $18.02005
    assert _compute_and_control_plane(folder, "eks-fargate") == \
        pytest.approx(9.010025 + 13.8773 + 9.010025 + 73 + 2 * 9.010025, abs=1e-6)


LIMIT_RANGE = K8S / "k8sweb-limit-range"


def _limit_range_folder(tmp_path, *names: str) -> Path:
    """One namespace (``default``) holding these files of real/k8s/k8sweb-limit-range, as the docs page applies them."""
    folder = tmp_path / "ns"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes((LIMIT_RANGE / name).read_bytes())
    return folder


def test_limit_range_container_defaults_of_the_limit_ranges_walkthrough(tmp_path):
    # kubernetes/website "Limit Ranges" walkthrough: LimitRange limit-mem-cpu-per-container (min 100m / 99Mi, max
    # 800m / 1Gi, default 700m / 900Mi, defaultRequest 110m / 111Mi) and Pod busybox1 of four containers, which the
    # page shows admitted: cnt01 requests 100m / 100Mi; cnt02 100m / 100Mi (and gets the default limit 700m / 900Mi);
    # cnt03 sets limits only, 500m / 200Mi, which become its requests; cnt04 sets nothing and gets 110m / 111Mi.
    w = load_any(_limit_range_folder(tmp_path, "limit-mem-cpu-container.yaml", "limit-range-pod-1.yaml"))
    # 100 + 100 + 500 + 110 = 810m; 100 + 100 + 200 + 111 = 511 MiB
    assert _sizes(w) == {"busybox1": (0.81, 511)}


def test_a_container_limit_range_without_defaults_gives_its_max_as_request(tmp_path):
    # "Configure Minimum and Maximum CPU Constraints for a Namespace": min 200m, max 800m, no default; Pod
    # constraints-cpu-demo-4 sets no resources and the page shows it with request and limit 800m (the max becomes the
    # default limit and the default request, SetDefaults_LimitRangeItem)
    w = load_any(_limit_range_folder(tmp_path, "cpu-constraints.yaml", "cpu-constraints-pod-4.yaml"))
    assert _sizes(w) == {"constraints-cpu-demo-4": (0.8, 0)}


@pytest.mark.parametrize("files, where, says", [
    # "Limit Ranges" walkthrough, Pod busybox2 (busybox1 again) after LimitRange limit-mem-cpu-per-pod (type Pod, max
    # 2 CPUs / 2Gi): the page shows 'pods "busybox2" is forbidden: [maximum cpu usage per Pod is 2, but limit is
    # 2400m., maximum memory usage per Pod is 2Gi, but limit is 2306867200.]'. Limits after the container defaults:
    # 500m + 700m + 500m + 700m = 2400m; 200 + 900 + 200 + 900 = 2200 MiB (2,306,867,200 bytes)
    (("limit-mem-cpu-container.yaml", "limit-mem-cpu-pod.yaml", "limit-range-pod-2.yaml"),
     "limit-range-pod-2.yaml: document 1 (Pod busybox2): spec.containers: ",
     ['"maximum cpu usage per Pod is 2, but limit is 2400m." (LimitRange default/limit-mem-cpu-per-pod '
      '(spec.limits[0], type Pod))', '"maximum memory usage per Pod is 2Gi, but limit is 2200 MiB."']),
    # the same page, Pod busybox3 (memory 100Mi request, 300Mi limit) under maxLimitRequestRatio memory 2: 'pods
    # "busybox3" is forbidden: memory max limit to request ratio per Pod is 2, but provided ratio is 3.000000.'
    (("limit-mem-cpu-container.yaml", "limit-memory-ratio-pod.yaml", "limit-range-pod-3.yaml"),
     "limit-range-pod-3.yaml: document 1 (Pod busybox3): spec.containers: ",
     ['"memory max limit to request ratio per Pod is 2, but provided ratio is 3.000000."']),
    # "Configure Minimum and Maximum CPU Constraints for a Namespace": a limit of 1.5 CPUs over the max 800m, and a
    # request of 100m under the min 200m, both refused by the page's API server
    (("cpu-constraints.yaml", "cpu-constraints-pod-2.yaml"),
     "cpu-constraints-pod-2.yaml: document 1 (Pod constraints-cpu-demo-2): spec.containers[0].resources: ",
     ['"maximum cpu usage per Container is 800m, but limit is 1.5." (LimitRange default/cpu-min-max-demo-lr '
      '(spec.limits[0], type Container))']),
    (("cpu-constraints.yaml", "cpu-constraints-pod-3.yaml"),
     "cpu-constraints-pod-3.yaml: document 1 (Pod constraints-cpu-demo-3): spec.containers[0].resources: ",
     ['"minimum cpu usage per Container is 200m, but request is 100m."']),
])
def test_a_pod_a_limit_range_refuses_is_an_error_not_a_price(tmp_path, files, where, says):
    # was: priced as running (busybox2 at 0.81 vCPU / 511 MiB, busybox3 at 0.11 vCPU / 100 MiB, ...) without a word
    folder = _limit_range_folder(tmp_path, *files)
    with pytest.raises(WorkloadError) as e:
        load_any(folder)
    text = str(e.value)
    assert where + "Kubernetes refuses this pod: " in text
    for said in says:
        assert said in text
    assert "403 Forbidden" in text and "or change the LimitRange" in text
    r = CliRunner().invoke(app, ["import", "k8s", str(folder)])
    assert r.exit_code == 2 and "Traceback" not in r.output


_MOUNTS_PVC_LIMIT_GREATER = """apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers: [{name: app, image: nginx, resources: {requests: {cpu: 250m, memory: 256Mi}}}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: pvc-limit-greater}}]
"""


def test_a_claim_a_limit_range_refuses_is_an_error_not_a_volume(tmp_path):
    # "Limit Ranges" walkthrough: LimitRange storagelimits (type PersistentVolumeClaim, min 1Gi, max 2Gi) and claim
    # pvc-limit-greater of 5Gi, which the page shows refused ('maximum storage usage per PersistentVolumeClaim is
    # 2Gi, but request is 5Gi.'). Mounted by a Deployment (written here: the page applies the claim alone), it was
    # priced as a 5 GiB gp3 volume.
    folder = _limit_range_folder(tmp_path, "storagelimits.yaml", "pvc-limit-greater.yaml")
    (folder / "app.yaml").write_text(_MOUNTS_PVC_LIMIT_GREATER)
    with pytest.raises(WorkloadError) as e:
        load_any(folder)
    assert "pvc-limit-greater.yaml: document 1 (PersistentVolumeClaim pvc-limit-greater): spec.resources.requests." \
           "storage: Kubernetes refuses this claim: \"maximum storage usage per PersistentVolumeClaim is 2Gi, but " \
           "request is 5Gi.\" (LimitRange default/storagelimits (spec.limits[0], type PersistentVolumeClaim);" \
           in str(e.value)
    # 2Gi, the LimitRange's max, is admitted: one 2 GiB volume the pod mounts
    (folder / "pvc-limit-greater.yaml").write_text((LIMIT_RANGE / "pvc-limit-greater.yaml").read_text()
                                                   .replace("storage: 5Gi", "storage: 2Gi"))
    [svc] = load_any(folder).services
    assert [(v.name, v.size_gib) for v in svc.persistent_volumes] == [("pvc-limit-greater", 2)]


QUOTA = K8S / "k8sweb-resource-quota"


def test_a_namespace_pod_quota_below_the_replicas_is_an_assumption(tmp_path):
    # kubernetes/website "Configure a Pod Quota for a Namespace": ResourceQuota pod-demo (hard pods "2") and
    # Deployment pod-quota-demo of 3 replicas; the page: "even though the Deployment specifies three replicas, only two
    # Pods were created because of the quota". Was: "skipped (no compute to price): 1 ResourceQuota" and 3 pods priced.
    folder = tmp_path / "ns"
    folder.mkdir()
    for name in ("quota-pod.yaml", "quota-pod-deployment.yaml"):
        (folder / name).write_bytes((QUOTA / name).read_bytes())
    w = load_any(folder)
    assert _sizes(w) == {"pod-quota-demo": (0, 0)} and w.services[0].replicas == 3  # replicas as declared
    [note] = [n for n in w.input_notes() if n.startswith("ResourceQuota")]
    assert note.startswith("ResourceQuota default/pod-demo: hard pods 2, but they come to 3 pods (the long-running "
                           "pods of namespace default at their declared replicas: Deployment pod-quota-demo 3). "
                           "Kubernetes refuses every pod that would take the namespace past its quota")
    assert not any("ResourceQuota" in n for n in w.input_notes() if n != note)  # no longer counted as skipped
    with pytest.raises(WorkloadError, match="(?s)strict mode.*ResourceQuota default/pod-demo: hard pods 2"):
        load_any(folder, strict=True)


def test_a_namespace_memory_quota_the_pods_go_beyond_is_an_assumption(tmp_path):
    # "Configure Memory and CPU Quotas for a Namespace": ResourceQuota mem-cpu-demo (requests.cpu 1, requests.memory
    # 1Gi, limits.cpu 2, limits.memory 2Gi) and its two Pods; the page shows the second refused ("exceeded quota:
    # mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi").
    # requests.memory 600 + 700 = 1300 MiB > 1024; requests.cpu 400m + 400m = 800m <= 1; limits.cpu 1600m <= 2;
    # limits.memory 800 + 1024 = 1824 MiB <= 2048: only memory requests are over.
    folder = tmp_path / "ns"
    folder.mkdir()
    for name in ("quota-mem-cpu.yaml", "quota-mem-cpu-pod.yaml", "quota-mem-cpu-pod-2.yaml"):
        (folder / name).write_bytes((QUOTA / name).read_bytes())
    w = load_any(folder)
    assert _sizes(w) == {"quota-mem-cpu-demo": (0.4, 600), "quota-mem-cpu-demo-2": (0.4, 700)}
    [note] = [n for n in w.input_notes() if n.startswith("ResourceQuota")]
    assert note.startswith("ResourceQuota default/mem-cpu-demo: hard requests.memory 1Gi, but they come to 1300 MiB (")
    assert "requests.cpu" not in note and "limits." not in note
    # the first Pod alone is within every limit: no assumption
    (folder / "quota-mem-cpu-pod-2.yaml").unlink()
    assert not [n for n in load_any(folder).input_notes() if "ResourceQuota" in n]


def test_a_namespace_quota_of_hundreds_is_read_as_a_total_not_one_containers_request(tmp_path):
    # "Configure a Pod Quota for a Namespace" with the quota raised to a namespace of a shared cluster's size (pods
    # "500", requests.cpu "200", requests.memory 1Ti): was exit 2, "spec.hard.pods: '500' means 500
    # cores; if you meant millicores write '500m'" -- one container's sanity checks applied to a namespace's total
    folder = tmp_path / "ns"
    folder.mkdir()
    (folder / "quota.yaml").write_text("apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: big}\nspec:\n  hard: "
                                       "{pods: '500', requests.cpu: '200', requests.memory: 1Ti}\n")
    (folder / "quota-pod-deployment.yaml").write_bytes((QUOTA / "quota-pod-deployment.yaml").read_bytes())
    w = load_any(folder)
    assert w.services[0].replicas == 3
    assert not [n for n in w.input_notes() if "ResourceQuota" in n]  # 3 pods are within 500
    # 2 is below the 3 replicas: the assumption, as for the page's quota
    (folder / "quota.yaml").write_text((folder / "quota.yaml").read_text().replace("pods: '500'", "pods: '2'"))
    [note] = [n for n in load_any(folder).input_notes() if n.startswith("ResourceQuota")]
    assert note.startswith("ResourceQuota default/big: hard pods 2, but they come to 3 pods")


def test_a_limit_range_bound_outside_one_containers_range_is_read(tmp_path):
    # a LimitRange max of 200 cores / 2Ti and a min of 500Ki are bounds, not requests: were refused ("'200' means 200
    # cores", "'500Ki' is 512,000 bytes, less than 1 MiB"); the walkthrough's busybox1 is within them
    folder = _limit_range_folder(tmp_path, "limit-range-pod-1.yaml")
    (folder / "lr.yaml").write_text("apiVersion: v1\nkind: LimitRange\nmetadata: {name: wide}\nspec:\n  limits:\n"
                                    "  - {type: Container, max: {cpu: '200', memory: 2Ti}, min: {memory: 500Ki}}\n")
    w = load_any(folder)
    # busybox1's containers: 100m/100Mi, 100m/100Mi, limits only 500m/200Mi (its requests), none (the max as its
    # default request: 200 cores, 2 TiB, SetDefaults_LimitRangeItem) -> cnt04 gets the max
    assert _sizes(w) == {"busybox1": (200.7, 2 * 1024 * 1024 + 400)}
    # a max no container's request can be, given to a container as its request (no defaultRequest or default), is
    # named at the LimitRange's field (1000 cores, more than any instance), not at the imported workload's cpu
    (folder / "lr.yaml").write_text("apiVersion: v1\nkind: LimitRange\nmetadata: {name: wide}\nspec:\n  limits:\n"
                                    "  - {type: Container, max: {cpu: '1e3'}}\n")
    with pytest.raises(WorkloadError) as e:
        load_any(folder)
    assert "lr.yaml: document 1 (LimitRange): spec.limits[0].max.cpu: '1e3' is 1000 vCPU, more than the largest EC2 " \
           "instance has (896)" in str(e.value)


@pytest.mark.parametrize("limits, fld, said", [
    ("{type: Container, min: {cpu: '2'}, max: {cpu: '1'}}", "spec.limits[0].min.cpu",
     '"min value 2 is greater than max value 1"'),
    ("{type: Container, maxLimitRequestRatio: {memory: 0.5}}", "spec.limits[0].maxLimitRequestRatio.memory",
     '"ratio 0.5 is less than 1"'),
    ("{type: Container, min: {cpu: 100m}, max: {cpu: 400m}, maxLimitRequestRatio: {cpu: 5}}",
     "spec.limits[0].maxLimitRequestRatio.cpu", '"ratio 5 is greater than max/min = 4.000000"'),
    ("{type: Container, default: {memory: 1Gi}, defaultRequest: {memory: 2Gi}}", "spec.limits[0].defaultRequest.memory",
     '"default request value 2Gi is greater than default limit value 1Gi"'),
    ("{type: Pod, max: {cpu: '1'}, min: {cpu: '2'}}", "spec.limits[0].min.cpu",
     '"min value 2 is greater than max value 1"'),
])
def test_a_limit_range_the_api_server_refuses_is_an_error_naming_its_field(tmp_path, limits, fld, said):
    # pkg/apis/core/validation ValidateLimitRange: such a LimitRange is never created. Was: min 2 above max 1 refused
    # every pod of the namespace with "minimum cpu usage per Container is 2, but request is 500m" (or priced them under
    # a ratio below 1), blaming the pod for the LimitRange's fault
    folder = tmp_path / "ns"
    folder.mkdir()
    (folder / "lr.yaml").write_text(f"apiVersion: v1\nkind: LimitRange\nmetadata: {{name: bad}}\nspec:\n"
                                    f"  limits:\n  - {limits}\n")
    (folder / "quota-pod-deployment.yaml").write_bytes((QUOTA / "quota-pod-deployment.yaml").read_bytes())
    with pytest.raises(WorkloadError) as e:
        load_any(folder)
    assert f"lr.yaml: document 1 (LimitRange): {fld}: Kubernetes refuses this LimitRange: {said} (API server " \
           "validation, ValidateLimitRange)" in str(e.value)
    r = CliRunner().invoke(app, ["compare", str(folder)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_a_daemonset_alone_is_named_in_the_nothing_to_import_error():
    # istio samples/proxy-coredump/daemonset.yaml: one DaemonSet and nothing else (was "no service was found" with no
    # word on the DaemonSet, and a list of accepted kinds without Pod and ReplicationController)
    with pytest.raises(WorkloadError) as e:
        load_any(K8S / "istio-proxy-coredump-daemonset.yaml")
    text = str(e.value)
    assert "nothing to import: no service was found" in text
    assert "1 DaemonSet(s) read (enable-istio-coredumps): a DaemonSet runs one pod on every node, so advisor prices " \
           "it as per-node overhead" in text
    # what each platform does with it, not "on Fargate as a sidecar": it is privileged, so no Fargate runs it
    assert "(ECS on EC2, EKS on EC2, ECS Managed Instances and EKS Auto Mode reserve its pod request on every node " \
           "before packing the services; ECS on Fargate and Fargate Spot add it to every task as a sidecar, EKS on " \
           "Fargate to every pod, except enable-istio-coredumps (privileged), left out on every Fargate platform)" in text
    assert "as a sidecar)" not in text
    assert "Deployment, StatefulSet, ReplicaSet, ReplicationController, Pod, Job, CronJob or Argo Rollout" in text


def test_istio_privileged_daemonset_is_not_priced_as_a_fargate_sidecar(tmp_path):
    # istio samples/proxy-coredump/daemonset.yaml (init container securityContext.privileged: true, hostNetwork) beside
    # the EKS workshop's ui Deployment (250m / 1.5Gi). Was priced on both Fargates as a sidecar in every pod: 0.251 vCPU
    # -> 0.5 vCPU. A privileged container runs on no Fargate, as a sidecar neither, so it is left out with a note.
    folder = _folder(tmp_path, "istio", ("eks-workshop-ui-deployment.yaml", "istio-proxy-coredump-daemonset.yaml"))
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.host_network, ds.privileged, ds.fargate_sidecar) == \
        ("enable-istio-coredumps", 0.001, True, True, False)
    # EKS on Fargate: 1536 + 256 MiB -> 0.25 vCPU / 2 GB = (0.25 x 0.04048 + 2 x 0.004445) x 730 = $13.8773 (was
    # 0.5 vCPU / 2 GB, $21.2649); + $73 control plane + 2 CoreDNS pods at 0.25 / 0.5 GB, $18.02005
    assert _compute_and_control_plane(folder, "eks-fargate") == pytest.approx(13.8773 + 73 + 18.02005, abs=1e-6)
    # ECS on Fargate: 0.25 vCPU / 1536 MiB -> 0.25 / 2 GB, $13.8773 (was $21.2649)
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(13.8773, abs=1e-6)
    note = ("DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: enable-istio-coredumps (a privileged "
            "container, which Fargate does not run, not as a sidecar either: ECS: 'This parameter is not supported for "
            "Windows containers or tasks run on Fargate', ContainerDefinition privileged; EKS: 'Privileged containers "
            "aren't supported on Fargate', AWS Fargate considerations); no pod/task here carries it. Instead: for logs, "
            "Fargate's built-in Fluent Bit log router (the aws-logging ConfigMap, Amazon EKS User Guide, 'Start AWS "
            "Fargate logging for your cluster'); for other agents, an unprivileged sidecar build of the agent, or keep "
            "such pods on EC2 nodes.")
    cmp = compare(w, platforms=["eks-fargate", "ecs-fargate", "eks-ec2"])
    assert note in cmp.estimate("eks-fargate").notes and note in cmp.estimate("ecs-fargate").notes
    assert not any("DaemonSets as sidecars" in n for n in cmp.estimate("eks-fargate").notes)
    # EC2 nodes run it as any DaemonSet (1m on every node): the fleet is what it was, c7a.medium + m7a.medium
    assert [(n["instance_type"], n["count"]) for n in cmp.estimate("eks-ec2").fleet.nodes] == \
        [("c7a.medium", 1), ("m7a.medium", 1)]


def test_ingress_nginx_host_ports_rule_out_eks_fargate():
    # kubernetes/ingress-nginx deploy/static/provider/kind/deploy.yaml: the controller Deployment maps containerPort
    # 80 and 443 to hostPort 80 and 443 (8443, the webhook, holds no node port). Was priced on EKS on Fargate as a
    # plain pod; "Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest".
    path = K8S / "ingress-nginx-kind-deploy.yaml"
    w = load_any(path)
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired_count, svc.host_ports, svc.host_network) == \
        ("ingress-nginx-controller", 0.1, 90, 1, [80, 443], False)
    cmp = compare(w, platforms=["eks-fargate", "ecs-fargate", "eks-ec2"])
    [u] = cmp.estimate("eks-fargate").unsupported
    assert u.reason == ("its pod holds host port(s) 80, 443 (hostPort), which Fargate does not run ('Pods running on "
                        "Fargate can't specify HostPort or HostNetwork in the Pod manifest', Amazon EKS User Guide, "
                        "'AWS Fargate considerations'); run it on EC2 nodes, or drop hostPort and reach the pods "
                        "through a Service")
    # ECS on Fargate runs it as an awsvpc task: 0.1 vCPU / 90 MiB -> 0.25 / 0.5 GB = (0.25 x 0.04048 + 0.5 x
    # 0.004445) x 730 = $9.010025
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(9.010025, abs=1e-6)
    # one replica: one node port holder, the EKS fleet is the settings' 2 nodes
    assert cmp.estimate("eks-ec2").fleet.node_count == 2


def test_a_host_network_daemonset_is_no_sidecar_on_eks_fargate(tmp_path):
    # kube-prometheus: node-exporter (DaemonSet, hostNetwork and hostPID; node-exporter 102m / 180Mi + kube-rbac-proxy
    # 10m / 20Mi = 0.112 vCPU / 200 MiB) beside prometheus-operator (100m / 100Mi + 10m / 20Mi = 0.11 vCPU / 120 MiB).
    # Reported: EKS on Fargate priced node-exporter as a sidecar in every pod, which Fargate refuses ("Pods running on
    # Fargate can't specify HostPort or HostNetwork"): kube-prometheus's manifests/ folder came to $154.81 (five pods at
    # 1 GB) instead of $145.08 (0.5 GB).
    folder = _folder(tmp_path, "kp", ("kube-prometheus-nodeExporter-daemonset.yaml",
                                      "kube-prometheus-prometheusOperator-deployment.yaml"))
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.host_network, ds.privileged) == ("node-exporter", 0.112, 200, True, False)
    # it mounts the node's /sys and / (hostPath): no Fargate task mounts them, so ECS on Fargate leaves it out too
    assert ds.host_volumes == ["/sys", "/"]
    assert (ds.fargate_sidecar, ds.eks_fargate_sidecar) == (False, False)
    # EKS on Fargate: 0.11 vCPU / 120 + 256 = 376 MiB -> 0.25 vCPU / 0.5 GB = 9.010025; + 73 + 2 CoreDNS pods
    # (18.02005) = 100.030075 (with the sidecar: 0.222 / 320 + 256 = 576 MiB -> 0.25 / 1 GB = 10.63245)
    assert _compute_and_control_plane(folder, "eks-fargate") == pytest.approx(100.030075, abs=1e-6)
    est = compare(w, platforms=["eks-fargate"], scaling=False).estimate("eks-fargate")
    assert any(n.startswith("DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: "
                            "node-exporter (hostPath volumes") for n in est.notes)
    # ECS on Fargate: the operator alone, 0.11 vCPU / 120 MiB -> 0.25 vCPU / 0.5 GB = 9.010025 (the same size as with
    # the sidecar, 0.222 / 320 MiB, which no Fargate task could run: it mounts the node's /sys and /)
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(9.010025, abs=1e-6)
    assert any("node-exporter: Fargate runs no DaemonSets" in n and "it mounts folders of the node (/sys, /)" in n
               for n in w.input_notes())


def test_knative_contour_envoy_daemonsets_serve_a_service_so_they_are_no_fargate_sidecar():
    # knative/serving third_party/contour-latest/contour.yaml: two Contour installs (contour-external, contour-internal),
    # each a contour Deployment (2 replicas, no requests) and an envoy DaemonSet (shutdown-manager 40m / 40Mi + envoy
    # 200m / 200Mi = 0.24 vCPU / 240 MiB; no hostPort, hostNetwork, privileged or hostPath) whose pods the envoy Service
    # selects (LoadBalancer in contour-external, ClusterIP in contour-internal): an ingress proxy. Reported: both
    # Fargates priced both envoys as sidecars in every contour task/pod (+0.48 vCPU / 480 MiB each).
    path = K8S / "knative-contour.yaml"
    w = load_any(path)
    assert [(d.name, d.cpu, d.memory, d.on_fargate, d.fargate_sidecar, d.needs_node) for d in w.daemonsets] == [
        ("envoy", 0.24, 240, "exclude", False, None), ("contour-internal/envoy", 0.24, 240, "exclude", False, None)]
    assert any(n.startswith("DaemonSet contour-external/envoy (LoadBalancer Service contour-external/envoy), "
                            "DaemonSet contour-internal/envoy (ClusterIP Service contour-internal/envoy): DaemonSet(s) "
                            "whose pods a Service sends clients to") and "IP targets only" in n for n in w.notes)
    # ECS on Fargate: 4 contour tasks with no request -> 0.25 vCPU / 0.5 GB each = 4 x (0.25 x 0.04048 + 0.5 x
    # 0.004445) x 730 = 4 x 9.010025 = $36.0401 (was 0.48 vCPU / 480 MiB -> 0.5 / 1 GB: 4 x 18.02005 = $72.0802)
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(36.0401, abs=1e-6)
    # EKS on Fargate: the same 4 pods (256 MiB + 0 -> 0.25 / 0.5 GB), $36.0401, + $73 control plane + 2 CoreDNS pods
    # $18.02005 = $127.06015 (was 0.48 vCPU / 480 + 256 MiB -> 0.5 / 1 GB: $72.0802 + 73 + 18.02005 = $163.10025)
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(127.06015, abs=1e-6)
    cmp = compare(w, platforms=["ecs-fargate"], scaling=False)
    assert "DaemonSets left out on Fargate (daemonsets.on_fargate: exclude): envoy, contour-internal/envoy." in \
        cmp.estimate("ecs-fargate").notes
    # a workload file that says sidecar keeps it: the user's on_fargate is priced as given
    data = w.model_dump(exclude_unset=True)
    data["daemonsets"] = [{**d, "on_fargate": "sidecar"} for d in data["daemonsets"]]
    mine = type(w).model_validate(data)
    assert [d.fargate_sidecar for d in mine.daemonsets] == [True, True]


def test_a_node_local_agent_service_keeps_its_daemonset_a_fargate_sidecar(tmp_path):
    """An agent DaemonSet behind a Service with internalTrafficPolicy: Local (Kubernetes "Service Internal Traffic
    Policy": each pod sends to the agent on its own node, as APM and OpenTelemetry agents are deployed) serves the pods
    beside it, so on Fargate it stays the sidecar the EKS User Guide names; the same Service without the policy marks
    it as serving the Service's clients (on_fargate: exclude)."""
    def manifest(policy: str) -> str:
        return f"""
apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: agent, namespace: obs}}
spec:
  selector: {{matchLabels: {{app: agent}}}}
  template:
    metadata: {{labels: {{app: agent}}}}
    spec:
      containers: [{{name: agent, image: a, resources: {{requests: {{cpu: 100m, memory: 128Mi}}}}}}]
---
apiVersion: v1
kind: Service
metadata: {{name: agent, namespace: obs}}
spec:
  selector: {{app: agent}}
  ports: [{{port: 4317}}]
{policy}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 2
  template:
    spec:
      containers: [{{name: web, image: w, resources: {{requests: {{cpu: 250m, memory: 256Mi}}}}}}]
"""
    local, plain = tmp_path / "local.yaml", tmp_path / "plain.yaml"
    local.write_text(manifest("  internalTrafficPolicy: Local"))
    plain.write_text(manifest(""))
    [d] = load_any(local).daemonsets
    assert (d.on_fargate, d.fargate_sidecar) == ("sidecar", True)
    [d] = load_any(plain).daemonsets
    assert (d.on_fargate, d.fargate_sidecar) == ("exclude", False)
    # ECS on Fargate: web 0.25 + 0.1 vCPU / 256 + 128 MiB -> 0.5 vCPU / 1 GB: 2 x 18.02005 = $36.0401 with the sidecar;
    # 0.25 / 0.5 GB without: 2 x 9.010025 = $18.02005
    assert _compute_and_control_plane(local, "ecs-fargate") == pytest.approx(36.0401, abs=1e-6)
    assert _compute_and_control_plane(plain, "ecs-fargate") == pytest.approx(18.02005, abs=1e-6)


def test_the_eks_vpc_cni_daemonset_of_the_input_is_not_reserved_twice_nor_run_on_ecs(tmp_path):
    # aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml: DaemonSet kube-system/aws-node (aws-node 25m +
    # aws-eks-nodeagent 25m = 50m, no memory; init 25m), the VPC CNI EKS installs on every cluster, beside
    # ingress-nginx's AWS provider manifest (controller 100m / 90Mi, 1 replica; an NLB Service). Reported: EKS on EC2
    # reserved aws-node twice (advisor's default and the input's: ['aws-node', 'kube-proxy', 'aws-node'], 200m), and
    # ECS on EC2, ECS Managed Instances and EKS Auto Mode reserved it on every node (ECS on EC2 as a daemon task
    # holding an ENI: 2 x c6a.large, $132.92 instead of 2 x c7a.medium, $96.15).
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.fleet import fleet_planner
    from advisor.sizing.nodes import node_capacity

    folder = _folder(tmp_path, "estate", ("amazon-vpc-cni-aws-k8s-cni.yaml", "ingress-nginx-aws-deploy.yaml"))
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.host_network, ds.privileged, ds.eks_addon) == (
        "aws-node", 0.05, None, True, True, "vpc-cni")
    assert [(d.name, d.cpu) for d in fleet_planner(w, "eks-ec2").daemonsets] == [("aws-node", 0.05)]
    for platform in ("ecs-ec2", "ecs-managed-instances", "eks-auto-mode"):
        assert fleet_planner(w, platform).daemonsets == ()
    # m5.large on EKS on EC2: 2 vCPU - kube-reserved 70m (6% of core 1 + 1% of core 2) - kube-proxy 100m - aws-node
    # 50m (once) = 1.78 vCPU; max pods 3 x (10 - 1) + 2 = 29, less the two host-network pods = 27 slots; memory 8192
    # - 615 (7.5% VM overhead) - 574 (11 x 29 + 255) - 100 (eviction) = 6,903 MiB
    itype = Catalog.of(default_pricebook()).instance_type("m5.large")
    cap = node_capacity(itype, "eks-ec2", fleet_planner(w, "eks-ec2").settings)
    assert cap.details["daemonsets"] == ["kube-proxy", "aws-node"]
    assert (round(cap.allocatable_cpu, 6), cap.allocatable_memory_mib, cap.allocatable_slots) == (1.78, 6903, 27)
    # ECS on EC2: the controller's one task (a c7a.medium holds 2 ENIs - 1 = 1 awsvpc task) on the 2-node minimum:
    # 2 x $0.05132 x 730 = 74.9272 + 2 x 30 GiB gp3 root x $0.08 = 4.80 + one NLB 730 x $0.0225 = 16.425 -> 96.1522
    cmp = compare(w, platforms=["ecs-ec2", "eks-ec2"], scaling=False)
    ecs = cmp.estimate("ecs-ec2")
    assert ecs.monthly_cost == pytest.approx(96.1522, abs=1e-4)
    assert [(r["instance_type"], r["count"]) for r in ecs.fleet.nodes] == [("c7a.medium", 2)]
    assert any(n.startswith("DaemonSets left out: EKS add-ons of EKS nodes (DaemonSet.eks_addon): aws-node (vpc-cni, "
                            "the Amazon VPC CNI plugin for Kubernetes): the ECS agent gives awsvpc tasks their network")
               for n in ecs.notes)
    assert any("DaemonSets aws-node (50m / 0 MiB, as the input's DaemonSet requests) and kube-proxy (100m) on every "
               "node" in n for n in cmp.estimate("eks-ec2").notes)
    assert any(n.startswith("DaemonSet aws-node is the EKS add-on vpc-cni") for n in w.input_notes())
    # the import writes it, and the workload file reads it back the same
    again = load_workload_text(import_k8s(folder).to_yaml())
    assert again.daemonsets[0].eks_addon == "vpc-cni"


def test_the_coredns_deployment_of_the_input_is_the_clusters_dns_not_a_service(tmp_path):
    # coredns/deployment kubernetes/coredns.yaml.sed: Deployment kube-system/coredns (no replicas: 1; requests 100m /
    # 70Mi), the add-on every EKS cluster runs, beside ingress-nginx's AWS provider manifest (controller 100m / 90Mi,
    # an NLB). Reported: it was priced as a service on every platform: on ECS, which runs no CoreDNS, and on EKS on
    # top of the cluster's two CoreDNS pods (EKS on Fargate $125.47 instead of $116.46).
    folder = _folder(tmp_path, "estate", ("coredns-deployment-coredns.yaml", "ingress-nginx-aws-deploy.yaml"))
    w = load_any(folder)
    assert [s.name for s in w.services] == ["ingress-nginx-controller"]
    # its requests are the add-on's; its replicas are not written (left to the DNS autoscaler): the add-on's 2 stay
    assert any(n.startswith("Deployment kube-system/coredns is the cluster's DNS") and n.endswith(
        "as the input's Deployment asks (eks.coredns): 2 pod(s) per cluster of 100m / 70Mi, the add-on's default; the "
        "add-on's default for what it does not write (replicas). EKS Auto Mode runs DNS itself, and ECS runs none "
        "(tasks use the VPC's DNS).") for n in w.input_notes())
    assert (w.eks.coredns.replicas, w.eks.coredns.cpu, w.eks.coredns.memory) == (None, 0.1, 70.0)
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    # ECS on Fargate: the controller at 0.25 vCPU / 0.5 GB = 9.010025 + one NLB 730 x $0.0225 = 16.425 -> 25.435025
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(25.435025, abs=1e-6)
    # EKS on Fargate: controller 90 + 256 MiB and the cluster's 2 CoreDNS pods 70 + 256 MiB, each 0.25 vCPU / 0.5 GB:
    # 3 x 9.010025 = 27.030075 + control plane 73 + NLB 16.425 -> 116.455075
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(116.455075, abs=1e-6)


def test_a_larger_coredns_of_the_input_is_priced_as_it_asks(tmp_path):
    # coredns.yaml.sed with replicas: 4 and requests 500m / 512Mi (limit 1Gi), beside ingress-nginx's AWS manifest.
    # Before: priced as the default 2 x 100m / 70Mi (EKS on Fargate 116.455075, EKS on EC2 1 x c7a.medium for the
    # DNS pods and the controller); only a note gave the input's numbers.
    text = (K8S / "coredns-deployment-coredns.yaml").read_text()
    text = text.replace("  # replicas: not specified here:", "  replicas: 4\n  # replicas: not specified here:")
    text = text.replace("            cpu: 100m\n            memory: 70Mi", "            cpu: 500m\n            memory: 512Mi")
    text = text.replace("memory: 170Mi", "memory: 1Gi")
    folder = tmp_path / "estate"
    folder.mkdir()
    (folder / "coredns.yaml").write_text(text)
    (folder / "ingress.yaml").write_text((K8S / "ingress-nginx-aws-deploy.yaml").read_text())
    w = load_any(folder)
    assert (w.eks.coredns.replicas, w.eks.coredns.cpu, w.eks.coredns.memory) == (4, 0.5, 512.0)
    assert any("as the input's Deployment asks (eks.coredns): 4 pod(s) per cluster of 500m / 512Mi (the add-on's "
               "default is 2 pods of 100m / 70Mi)." in n for n in w.input_notes())
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate", "eks-ec2"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(25.435025, abs=1e-6)  # ECS runs no CoreDNS
    # EKS on Fargate: the controller 9.010025; 4 CoreDNS pods of 500m / 512 + 256 MiB -> 0.5 vCPU / 1 GB each:
    # 4 x (0.5 x 0.04048 + 1 x 0.004445) x 730 = 72.0802; + control plane 73 + NLB 16.425 -> 170.515225
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(170.515225, abs=1e-6)
    assert any("CoreDNS: 4 pod(s) (4 per cluster, 500m / 512Mi requested each, the input's CoreDNS Deployment "
               "(eks.coredns)) run on Fargate at 0.5 vCPU / 1 GB" in n for n in cmp.estimate("eks-fargate").notes)
    assert any("CoreDNS 4 x 500m/512Mi packed with the pods (the input's CoreDNS Deployment, eks.coredns)" in n
               for n in cmp.estimate("eks-ec2").notes)
    # the import writes eks.coredns, and the workload file reads it back the same
    assert load_workload_text(import_k8s(folder).to_yaml()).eks.coredns == w.eks.coredns


def test_a_log_collector_daemonset_with_hostpath_volumes_is_no_fargate_sidecar(tmp_path):
    # aws-samples/amazon-cloudwatch-container-insights fluent-bit.yaml: DaemonSet amazon-cloudwatch/fluent-bit (500m /
    # 100Mi, hostNetwork, hostPath /var/fluent-bit/state, /var/log, /var/lib/docker/containers, /run/log/journal,
    # /var/log/dmesg) beside ingress-nginx's AWS provider manifest (controller 100m / 90Mi, an NLB). Reported: ECS on
    # Fargate added it to every task as a sidecar (0.6 vCPU / 190 MiB -> 1 vCPU / 2 GB, $52.47 instead of $25.44),
    # though no Fargate task can mount a folder of the node; and ECS on EC2 gave the host-network daemon an ENI, so a
    # c7a.medium (2 ENIs: 1 awsvpc task) held no task: 2 x c6a.large, $132.92 instead of 2 x c7a.medium, $96.15.
    folder = _folder(tmp_path, "estate", ("container-insights-fluent-bit.yaml", "ingress-nginx-aws-deploy.yaml"))
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.host_network, ds.privileged) == ("fluent-bit", 0.5, 100, True, False)
    assert ds.host_volumes == ["/var/fluent-bit/state", "/var/log", "/var/lib/docker/containers", "/run/log/journal",
                               "/var/log/dmesg"]
    assert (ds.fargate_sidecar, ds.eks_fargate_sidecar) == (False, False)
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate", "ecs-ec2"], scaling=False)
    # ECS on Fargate: the controller alone, 0.25 vCPU / 0.5 GB = 9.010025 + NLB 730 x $0.0225 = 16.425 -> 25.435025
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(25.435025, abs=1e-6)
    assert any(n.startswith("DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: fluent-bit "
                            "(hostPath volumes") for n in cmp.estimate("ecs-fargate").notes)
    # EKS on Fargate: controller + 2 CoreDNS pods at 0.25 / 0.5 GB = 27.030075 + 73 + 16.425 -> 116.455075
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(116.455075, abs=1e-6)
    # ECS on EC2: c7a.medium registers 2048 - 154 (7.5%) = 1894 MiB, less 100 = 1794, and 1 - 0.5 = 0.5 vCPU; its one
    # awsvpc task slot (2 ENIs - 1) stays free for the controller: 2 x $0.05132 x 730 = 74.9272 + 2 x 30 GiB gp3 x
    # $0.08 = 4.80 + NLB 16.425 -> 96.1522
    ecs = cmp.estimate("ecs-ec2")
    assert [(r["instance_type"], r["count"]) for r in ecs.fleet.nodes] == [("c7a.medium", 2)]
    assert ecs.monthly_cost == pytest.approx(96.1522, abs=1e-4)
    assert any("fluent-bit on the instance's network (hostNetwork), without one" in n for n in ecs.notes)
    assert any("fluent-bit: Fargate runs no DaemonSets" in n and "it mounts folders of the node (/var/fluent-bit/state"
               in n for n in w.input_notes())


def test_the_ebs_csi_node_daemonset_is_left_out_on_ecs_and_reserved_once_on_eks(tmp_path):
    # kubernetes-sigs/aws-ebs-csi-driver deploy/kubernetes/base/node.yaml: DaemonSet ebs-csi-node (ebs-plugin 10m/40Mi,
    # node-driver-registrar and liveness-probe 10m/32Mi each = 30m/104Mi; privileged, hostPath volumes), in
    # kube-system as the repository's base kustomization.yaml puts it (namespace: kube-system), beside ingress-nginx's
    # AWS provider manifest (controller 100m / 90Mi, 1 replica; an NLB Service). Reported: ECS on EC2 reserved the
    # EBS CSI node plugin as a daemon task holding an ENI on every instance (2 x c6a.large, $132.915), though ECS
    # attaches EBS volumes to tasks itself.
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.fleet import fleet_planner
    from advisor.sizing.nodes import node_capacity

    folder = _folder(tmp_path, "estate", ("ingress-nginx-aws-deploy.yaml",))
    (folder / "ebs").mkdir()
    (folder / "ebs" / "node.yaml").write_bytes((K8S / "aws-ebs-csi-driver-node.yaml").read_bytes())
    (folder / "ebs" / "kustomization.yaml").write_text("namespace: kube-system\nresources:\n- node.yaml\n")
    (folder / "kustomization.yaml").write_text("resources:\n- ingress-nginx-aws-deploy.yaml\n- ebs\n")
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.privileged, ds.eks_addon) == (
        "ebs-csi-node", 0.03, 104, True, "aws-ebs-csi-driver")
    # EKS on EC2: on every node, besides the default aws-node and kube-proxy (it replaces neither)
    assert [(d.name, d.cpu, d.memory_mib) for d in fleet_planner(w, "eks-ec2").daemonsets] == [
        ("ebs-csi-node", 0.03, 104.0)]
    itype = Catalog.of(default_pricebook()).instance_type("m5.large")
    cap = node_capacity(itype, "eks-ec2", fleet_planner(w, "eks-ec2").settings)
    assert cap.details["daemonsets"] == ["aws-node", "kube-proxy", "ebs-csi-node"]
    # m5.large: 2 vCPU - 70m kube-reserved - 50m aws-node - 100m kube-proxy - 30m = 1.75 vCPU; 6,903 MiB (as with
    # aws-node alone) - 104 MiB = 6,799 MiB; 27 slots less the ebs-csi-node pod (not host-network) = 26
    assert (round(cap.allocatable_cpu, 6), cap.allocatable_memory_mib, cap.allocatable_slots) == (1.75, 6799, 26)
    # ECS, EKS Auto Mode (its block storage capability) and Fargate: not run
    for platform in ("ecs-ec2", "ecs-managed-instances", "eks-auto-mode"):
        assert fleet_planner(w, platform).daemonsets == ()
    cmp = compare(w, platforms=["ecs-ec2", "eks-ec2", "eks-fargate"], scaling=False)
    ecs = cmp.estimate("ecs-ec2")
    # ECS on EC2: the controller's one task on the 2-node minimum of c7a.medium (as without the DaemonSet):
    # 2 x $0.05132 x 730 = 74.9272 + 2 x 30 GiB gp3 root x $0.08 = 4.80 + one NLB 730 x $0.0225 = 16.425 -> 96.1522
    assert [(r["instance_type"], r["count"]) for r in ecs.fleet.nodes] == [("c7a.medium", 2)]
    assert ecs.monthly_cost == pytest.approx(96.1522, abs=1e-4)
    assert ("DaemonSets left out: EKS add-ons of EKS nodes (DaemonSet.eks_addon): ebs-csi-node (aws-ebs-csi-driver, "
            "the Amazon EBS CSI driver's node plugin): ECS attaches EBS volumes to tasks itself, Amazon ECS Developer "
            "Guide, 'Use Amazon EBS volumes with Amazon ECS'.") in ecs.notes
    # EKS on EC2: 2 x c7a.medium 74.9272 + 2 x 20 GiB gp3 root 3.20 + NLB 16.425 + control plane 730 x $0.10 = 73
    eks = cmp.estimate("eks-ec2")
    assert [(r["instance_type"], r["count"]) for r in eks.fleet.nodes] == [("c7a.medium", 2)]
    assert eks.monthly_cost == pytest.approx(167.5522, abs=1e-4)
    assert any(n.startswith("DaemonSets ebs-csi-node: one pod per node") for n in eks.notes)
    assert any("ebs-csi-node (aws-ebs-csi-driver, the Amazon EBS CSI driver's node plugin): not deployed to Fargate "
               "nodes" in n for n in cmp.estimate("eks-fargate").notes)
    again = load_workload_text(import_k8s(folder).to_yaml())
    assert again.daemonsets[0].eks_addon == "aws-ebs-csi-driver"


def test_the_windows_ebs_csi_node_daemonset_is_reserved_on_no_linux_node(tmp_path):
    # kubernetes-sigs/aws-ebs-csi-driver deploy/kubernetes/base/node-windows.yaml: DaemonSet ebs-csi-node-windows
    # (ebs-plugin 10m/40Mi, node-driver-registrar and liveness-probe 10m/150Mi each = 30m/340Mi) with nodeSelector
    # kubernetes.io/os: windows, in kube-system, beside ingress-nginx's AWS provider manifest (controller 100m / 90Mi).
    # Reported: advisor read no OS for a DaemonSet, so EKS on EC2 reserved the Windows node plugin on every Linux node
    # (m5.large: 1.75 vCPU / 6,563 MiB / 26 pods allocatable instead of 1.78 / 6,903 / 27).
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.fleet import fleet_planner
    from advisor.sizing.nodes import node_capacity

    folder = _folder(tmp_path, "estate", ("ingress-nginx-aws-deploy.yaml",))
    (folder / "ebs").mkdir()
    (folder / "ebs" / "node-windows.yaml").write_bytes((K8S / "aws-ebs-csi-driver-node-windows.yaml").read_bytes())
    (folder / "ebs" / "kustomization.yaml").write_text("namespace: kube-system\nresources:\n- node-windows.yaml\n")
    (folder / "kustomization.yaml").write_text("resources:\n- ingress-nginx-aws-deploy.yaml\n- ebs\n")
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.os, ds.architecture, ds.eks_addon) == (
        "ebs-csi-node-windows", 0.03, 340, "windows", None, "aws-ebs-csi-driver")
    m5, m7g = (Catalog.of(default_pricebook()).instance_type(t) for t in ("m5.large", "m7g.large"))
    for platform in ("eks-ec2", "eks-auto-mode", "ecs-ec2", "ecs-managed-instances"):
        assert fleet_planner(w, platform).daemonsets == ()
    cap = node_capacity(m5, "eks-ec2", fleet_planner(w, "eks-ec2").settings)
    assert cap.details["daemonsets"] == ["aws-node", "kube-proxy"]
    # m5.large: 2 vCPU - 70m kube-reserved - 50m aws-node - 100m kube-proxy = 1.78 vCPU; 8,192 MiB - 7.5% VM overhead
    # (615) - 574 kube-reserved (11 x 29 + 255) - 100 eviction = 6,903 MiB; 29 - 2 host-network = 27 pods: as
    # without the DaemonSet
    assert (round(cap.allocatable_cpu, 6), cap.allocatable_memory_mib, cap.allocatable_slots) == (1.78, 6903, 27)
    without = node_capacity(m5, "eks-ec2", fleet_planner(parse_workload({"name": "x", "services": [
        {"name": "web", "cpu": 0.1, "memory": 90}]}), "eks-ec2").settings)
    assert (cap.allocatable_cpu, cap.allocatable_memory_mib, cap.allocatable_slots) == (
        without.allocatable_cpu, without.allocatable_memory_mib, without.allocatable_slots)
    # an explicit node list (advisor nodes capacity) leaves it off too
    assert node_capacity(m7g, "eks-ec2", fleet_planner(w, "eks-ec2").settings).details["daemonsets"] == [
        "aws-node", "kube-proxy"]
    cmp = compare(w, platforms=["eks-ec2"], scaling=False)
    eks = cmp.estimate("eks-ec2")
    assert [(r["instance_type"], r["count"]) for r in eks.fleet.nodes] == [("c7a.medium", 2)]
    assert eks.monthly_cost == pytest.approx(167.5522, abs=1e-4)
    assert not any(n.startswith("DaemonSets ebs-csi-node-windows: one pod per node") for n in eks.notes)
    # its required node affinity also holds it off Fargate, Auto Mode and hybrid nodes (eks.amazonaws.com/compute-type
    # NotIn [fargate, auto, hybrid]): compute_types [ec2], node group nodes
    assert (w.daemonsets[0].compute_types or None) == ["ec2"]
    assert ("DaemonSets with a node selector (kubernetes.io/os, kubernetes.io/arch, node.kubernetes.io/instance-type, "
            "an instance family or eks.amazonaws.com/compute-type: DaemonSet.os / architecture / instance_types / "
            "instance_families / instance_type_pattern / compute_types) are reserved only on the nodes they select "
            "(Kubernetes 'DaemonSet', Running Pods on select Nodes): ebs-csi-node-windows (windows, compute_types "
            "[ec2]) on no node: this fleet's nodes: Linux (advisor's EC2 nodes run no Windows); "
            "eks.amazonaws.com/compute-type absent (node group nodes).") in eks.notes
    assert any("EKS on EC2 reserves it on every Windows node (its node selector)" in n for n in w.input_notes())
    again = load_workload_text(import_k8s(folder).to_yaml())
    assert (again.daemonsets[0].os, again.daemonsets[0].architecture) == ("windows", None)


def test_eks_auto_mode_runs_the_efs_csi_node_but_not_the_pod_identity_agent():
    # Amazon EKS User Guide, "AWS add-ons": the EFS CSI driver lists EKS Auto Mode among its compatible compute types
    # (its node plugin runs there as any DaemonSet); the Pod Identity Agent does not ("You do not need to install this
    # add-on on Amazon EKS Auto Mode clusters"); neither runs on ECS
    from advisor.sizing.fleet import fleet_planner

    w = parse_workload({"name": "x", "services": [{"name": "web", "cpu": 0.25, "memory": 512}], "daemonsets": [
        {"name": "efs-csi-node", "cpu": "30m", "memory": "60Mi", "eks_addon": "aws-efs-csi-driver"},
        {"name": "eks-pod-identity-agent", "cpu": "25m", "memory": "32Mi", "host_network": True,
         "eks_addon": "eks-pod-identity-agent"}]})
    names = {p: [d.name for d in fleet_planner(w, p).daemonsets] for p in ("eks-ec2", "eks-auto-mode", "ecs-ec2")}
    assert names == {"eks-ec2": ["efs-csi-node", "eks-pod-identity-agent"], "eks-auto-mode": ["efs-csi-node"],
                     "ecs-ec2": []}
    [note] = [n for n in w.input_notes() if n.startswith("DaemonSet eks-pod-identity-agent is the EKS add-on")]
    assert "left out on EKS Auto Mode, which runs it itself" in note and "the task role (taskRoleArn)" in note


def test_the_aws_load_balancer_controller_runs_the_cluster_and_is_not_an_ecs_service(tmp_path):
    # kubernetes-sigs/aws-load-balancer-controller docs/install/v2_2_4_full.yaml: Deployment
    # kube-system/aws-load-balancer-controller (1 replica, requests 100m / 200Mi; cert-manager Issuer and Certificate,
    # two CRDs, webhooks), beside ingress-nginx's AWS provider manifest (controller 100m / 90Mi, an NLB). Reported: the
    # controller was priced as a service on ECS, which registers tasks with target groups itself, and on EKS Auto
    # Mode, which includes load balancing (ECS on Fargate $34.45 instead of $25.44).
    from advisor.workload.model import CLUSTER_ADDONS, cluster_addon_runs_on

    folder = _folder(tmp_path, "estate", ("aws-load-balancer-controller-v2_2_4_full.yaml",
                                          "ingress-nginx-aws-deploy.yaml"))
    w = load_any(folder)
    lbc = next(s for s in w.services if s.name == "aws-load-balancer-controller")
    assert (lbc.replicas, lbc.vcpu, lbc.memory_mib, lbc.cluster_addon) == (
        1, 0.1, 200, "aws-load-balancer-controller")
    assert [s.cluster_addon for s in w.services if s.name == "ingress-nginx-controller"] == [None]
    assert any(n.startswith("Service aws-load-balancer-controller is the AWS Load Balancer Controller "
                            "(aws-load-balancer-controller, Service.cluster_addon)") for n in w.input_notes())
    # EKS Auto Mode and ECS leave it out; EKS on EC2 and EKS on Fargate keep it
    for platform, kept in (("eks-ec2", 2), ("eks-fargate", 2), ("eks-auto-mode", 1), ("ecs-fargate", 1),
                           ("ecs-ec2", 1), ("ecs-managed-instances", 1)):
        assert len(w.on_platform(platform).services) == kept, platform
    cmp = compare(w, platforms=["ecs-fargate", "ecs-ec2", "eks-fargate", "eks-ec2"], scaling=False)
    # ECS on Fargate: the ingress controller at 0.25 vCPU / 0.5 GB = 182.5 x $0.04048 + 365 x $0.004445 = 9.010025
    # + one NLB 730 x $0.0225 = 16.425 -> 25.435025 (the load balancer controller's task was another 9.010025)
    ecs = cmp.estimate("ecs-fargate")
    assert ecs.monthly_cost == pytest.approx(25.435025, abs=1e-6)
    assert {line.service for line in ecs.lines if line.service} == {"ingress-nginx-controller"}
    assert ("Services left out: Deployments that run the Kubernetes cluster itself (Service.cluster_addon), not "
            "priced here: aws-load-balancer-controller (aws-load-balancer-controller, the AWS Load Balancer "
            "Controller): ECS registers a service's tasks with its load balancer's target groups itself, Amazon ECS "
            "Developer Guide, 'Use load balancing to distribute Amazon ECS service traffic'.") in ecs.notes
    # ECS on EC2: the ingress controller's one task on the 2-node minimum of c7a.medium: 2 x $0.05132 x 730 = 74.9272
    # + 2 x 30 GiB gp3 root x $0.08 = 4.80 + NLB 16.425 -> 96.1522
    assert cmp.estimate("ecs-ec2").monthly_cost == pytest.approx(96.1522, abs=1e-4)
    # EKS on Fargate: both controllers (90 + 256, 200 + 256 MiB) and the cluster's 2 CoreDNS pods (70 + 256 MiB), each
    # 0.25 vCPU / 0.5 GB: 4 x 9.010025 = 36.0401 + control plane 730 x $0.10 = 73 + NLB 16.425 -> 125.4651
    eks = cmp.estimate("eks-fargate")
    assert eks.monthly_cost == pytest.approx(125.4651, abs=1e-6)
    assert not any(n.startswith("Services left out") for n in eks.notes)
    # EKS on EC2: 2 x c7a.medium 74.9272 + 2 x 20 GiB gp3 root 3.20 + NLB 16.425 + control plane 73 -> 167.5522
    assert cmp.estimate("eks-ec2").monthly_cost == pytest.approx(167.5522, abs=1e-4)
    again = load_workload_text(import_k8s(folder).to_yaml())
    assert [s.cluster_addon for s in again.services if s.name == "aws-load-balancer-controller"] == [
        "aws-load-balancer-controller"]
    # the table: EKS on EC2 / Fargate price every one; Auto Mode leaves out what it runs itself; ECS none
    assert {a for a in CLUSTER_ADDONS if cluster_addon_runs_on(a, "eks-auto-mode")} == {
        "aws-efs-csi-driver", "metrics-server"}
    assert all(cluster_addon_runs_on(a, p) for a in CLUSTER_ADDONS for p in ("eks-ec2", "eks-fargate"))
    assert not any(cluster_addon_runs_on(a, p) for a in CLUSTER_ADDONS
                   for p in ("ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "ecs-managed-instances"))


def test_a_cluster_addon_under_another_name_and_namespace_is_known_by_its_chart_labels(tmp_path):
    # The same real docs/install/v2_2_4_full.yaml, renamed as a Helm release 'my-release' in namespace aws-lb would name
    # it (a kustomization's namePrefix and namespace): Deployment aws-lb/my-release-aws-load-balancer-controller, its
    # pods still labelled app.kubernetes.io/name: aws-load-balancer-controller (the chart's selector label, helm/
    # aws-load-balancer-controller/templates/_helpers.tpl selectorLabels). It was priced as an application (ECS on
    # Fargate $34.445050 instead of $25.435025); now it is the add-on, as kube-system/aws-load-balancer-controller is.
    folder = _folder(tmp_path, "estate", ("ingress-nginx-aws-deploy.yaml",))
    (folder / "lbc").mkdir()
    (folder / "lbc" / "lbc.yaml").write_bytes((K8S / "aws-load-balancer-controller-v2_2_4_full.yaml").read_bytes())
    (folder / "lbc" / "kustomization.yaml").write_text("namespace: aws-lb\nnamePrefix: my-release-\nresources:\n"
                                                       "- lbc.yaml\n")
    (folder / "kustomization.yaml").write_text("resources:\n- ingress-nginx-aws-deploy.yaml\n- lbc\n")
    w = load_any(folder)
    lbc = next(s for s in w.services if s.name == "my-release-aws-load-balancer-controller")
    assert (lbc.replicas, lbc.vcpu, lbc.memory_mib, lbc.cluster_addon) == (1, 0.1, 200, "aws-load-balancer-controller")
    assert [s.cluster_addon for s in w.services if s.name == "ingress-nginx-controller"] == [None]
    assert any(n.endswith("not by their namespace and name: Deployment aws-lb/my-release-aws-load-balancer-controller "
                          "(aws-load-balancer-controller: app.kubernetes.io/name: aws-load-balancer-controller)")
               for n in w.input_notes())
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    # as in test_the_aws_load_balancer_controller_runs_the_cluster_and_is_not_an_ecs_service: 25.435025 on ECS on
    # Fargate (the controller's task, 9.010025, left out), 125.4651 on EKS on Fargate (priced as any pod)
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(25.435025, abs=1e-6)
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(125.4651, abs=1e-6)
    again = load_workload_text(import_k8s(folder).to_yaml())
    assert [s.cluster_addon for s in again.services if s.name == lbc.name] == ["aws-load-balancer-controller"]


def test_coredns_and_the_ebs_node_plugin_under_other_names_are_known_by_their_labels(tmp_path):
    # coredns/deployment kubernetes/coredns.yaml.sed renamed (namePrefix my-: Deployment kube-system/my-coredns, pods
    # labelled k8s-app: kube-dns, the label the EKS User Guide selects CoreDNS by) and the EBS CSI node plugin's
    # deploy/kubernetes/base/node.yaml in namespace storage (pods labelled app.kubernetes.io/name:
    # aws-ebs-csi-driver): the cluster's DNS (not a service) and the EKS add-on aws-ebs-csi-driver, as by name.
    from advisor.sizing.fleet import fleet_planner

    folder = _folder(tmp_path, "estate", ("ingress-nginx-aws-deploy.yaml",))
    for sub, fixture, kustomization in (("dns", "coredns-deployment-coredns.yaml", "namePrefix: my-\n"),
                                        ("ebs", "aws-ebs-csi-driver-node.yaml", "namespace: storage\n")):
        (folder / sub).mkdir()
        (folder / sub / fixture).write_bytes((K8S / fixture).read_bytes())
        (folder / sub / "kustomization.yaml").write_text(f"{kustomization}resources:\n- {fixture}\n")
    (folder / "kustomization.yaml").write_text("resources:\n- ingress-nginx-aws-deploy.yaml\n- dns\n- ebs\n")
    w = load_any(folder)
    assert [s.name for s in w.services] == ["ingress-nginx-controller"]
    assert any(n.startswith("Deployment kube-system/my-coredns (pod labels k8s-app: kube-dns) is the cluster's DNS")
               for n in w.input_notes())
    assert [(d.name, d.cpu, d.memory, d.eks_addon) for d in w.daemonsets] == [
        ("ebs-csi-node", 0.03, 104, "aws-ebs-csi-driver")]
    # as with the node plugin in kube-system: EKS on EC2's nodes run it, EKS Auto Mode's and ECS's do not
    names = {p: [d.name for d in fleet_planner(w, p).daemonsets] for p in ("eks-ec2", "eks-auto-mode", "ecs-ec2")}
    assert names == {"eks-ec2": ["ebs-csi-node"], "eks-auto-mode": [], "ecs-ec2": []}
    # EKS on Fargate: the controller and the cluster's own 2 CoreDNS pods, 3 x 9.010025 + 73 + NLB 16.425 -> 116.455075
    # (the renamed CoreDNS Deployment was a fourth pod, 125.4651)
    cmp = compare(w, platforms=["eks-fargate"], scaling=False)
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(116.455075, abs=1e-6)


def test_a_workload_of_cluster_addons_only_runs_nothing_on_ecs():
    # the same Deployment alone: ECS has nothing to run (Fargate $0; ECS on EC2 its 2-node minimum of c7a.medium,
    # 74.9272 + 4.80 root volumes -> 79.7272); EKS on Fargate its pod 9.010025 + 2 CoreDNS 18.02005 + 73 -> 100.030075
    w = load_any(K8S / "aws-load-balancer-controller-v2_2_4_full.yaml")
    cmp = compare(w, platforms=["ecs-fargate", "ecs-ec2", "eks-fargate"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == 0
    assert cmp.estimate("ecs-ec2").monthly_cost == pytest.approx(79.7272, abs=1e-4)
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(100.030075, abs=1e-6)


def test_nodes_pack_leaves_out_the_cluster_addons_compare_leaves_out(tmp_path):
    # 'advisor nodes pack' packed the AWS Load Balancer Controller's task on ECS on EC2 while compare left it out:
    # the ECS fleet holds only ingress-nginx's controller, with compare's note; alone, nothing runs on ECS (its fleet
    # is the 2-node minimum, and the note says the service was left out, not that it has 0 replicas)
    folder = _folder(tmp_path, "estate", ("aws-load-balancer-controller-v2_2_4_full.yaml",
                                          "ingress-nginx-aws-deploy.yaml"))
    ingress = _folder(tmp_path, "ingress", ("ingress-nginx-aws-deploy.yaml",))

    def pack(path, platform):
        r = CliRunner().invoke(app, ["nodes", "pack", str(path), "--platform", platform, "--format", "json"])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    for platform in ("ecs-ec2", "eks-ec2"):
        both, one = pack(folder, platform), pack(ingress, platform)
        # ECS on EC2 packs what it packs for ingress-nginx alone; EKS on EC2 the controller's pod too
        assert (both["utilisation"] == one["utilisation"]) == (platform == "ecs-ec2"), platform
        assert any(n.startswith("Services left out: Deployments that run the Kubernetes cluster itself")
                   for n in both["notes"]) == (platform == "ecs-ec2")
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "lbc.yaml").write_text((K8S / "aws-load-balancer-controller-v2_2_4_full.yaml").read_text())
    r = CliRunner().invoke(app, ["nodes", "pack", str(alone), "--platform", "ecs-ec2", "--format", "json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert [(f["instance_type"], f["count"]) for f in out["fleet"]] == [("c7a.medium", 2)]
    assert not any("0 replicas" in n for n in out["notes"])
    assert any(n.startswith("Services left out: Deployments that run the Kubernetes cluster itself")
               for n in out["notes"])


def test_a_custom_resource_without_a_name_is_named_by_its_document():
    # prometheus-operator example/user-guides/scrapeclass: a Prometheus fragment without metadata (an example of
    # spec.scrapeClasses). Reported: "not priced: 1 Prometheus (monitoring.coreos.com): default/None (...)".
    path = K8S / "prometheus-operator-scrapeclass-example-definition.yaml"
    with pytest.raises(WorkloadError) as e:
        load_any(path)
    assert "not priced: 1 Prometheus (monitoring.coreos.com): default/<no metadata.name> " \
           "(prometheus-operator-scrapeclass-example-definition.yaml document 1; a StatefulSet of spec.replicas " \
           "Prometheus pods)" in str(e.value) and "None" not in str(e.value)


@pytest.mark.parametrize(("doc", "kind"), [
    ("apiVersion: v1\nkind: Service\nspec: {type: LoadBalancer, ports: [{port: 80}]}\n", "Service"),
    ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nspec: {defaultBackend: {service: {name: web, port: "
     "{number: 80}}}}\n", "Ingress"),
    ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: {apiVersion: apps/v1, kind: "
     "Deployment, name: web}, minReplicas: 1, maxReplicas: 4}\n", "HorizontalPodAutoscaler"),
])
def test_an_object_advisor_prices_without_a_name_is_refused_as_kubernetes_refuses_it(tmp_path, doc, kind):
    # Reported: a LoadBalancer Service and an Ingress without metadata.name were priced as "Service default/None" and
    # "Ingress default/None"; the API server refuses them ("resource name may not be empty"), as advisor refuses a
    # workload without a name
    p = tmp_path / "m.yaml"
    p.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: "
                 "{app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: app, "
                 "image: nginx}]}\n---\n" + doc)
    with pytest.raises(WorkloadError) as e:
        load_any(p)
    assert str(e.value) == (f"{p}: document 2 ({kind}): metadata.name: is missing (and so is metadata.generateName); "
                            f"Kubernetes refuses a {kind} without a name (\"resource name may not be empty\"), so it "
                            "would not be created: set metadata.name.")


def test_imported_numbers_are_written_as_people_write_them():
    # kube-prometheus prometheusAdapter-deployment.yaml requests cpu 102m (float noise wrote 0.10200000000000001);
    # prometheusOperator-deployment.yaml's kube-rbac-proxy requests 20Mi (written "20.0 MiB")
    text = import_k8s(K8S / "kube-prometheus-prometheusAdapter-deployment.yaml").to_yaml()
    assert "\n    cpu: 0.102\n" in text and "0.10200000000000001" not in text
    text = import_k8s(K8S / "kube-prometheus-prometheusOperator-deployment.yaml").to_yaml()
    assert '{name: "kube-rbac-proxy", cpu: 0.01, memory: "20 MiB"}' in text and "20.0 MiB" not in text
    assert "a memory below 64 MiB is written with its unit ('20 MiB')" in text  # the header says why


# ------------------------------------------------------------------------------------ inputs advisor does not read


def test_describe_state_machine_output_is_named_as_such(tmp_path):
    # Reported: 'aws stepfunctions describe-state-machine' output (the definition as a string beside stateMachineArn)
    # was a list of workload-file errors: "unknown key 'stateMachineArn'", "unknown key 'definition'. Did you mean
    # 'description'?"
    definition = json.loads((OTHER / "catsndogs-step-function.json").read_text())
    p = tmp_path / "sm.json"
    p.write_text(json.dumps({"stateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:sm", "name": "sm",
                             "definition": json.dumps(definition), "roleArn": "arn:aws:iam::1:role/r",
                             "type": "STANDARD"}))
    with pytest.raises(WorkloadError) as e:
        load_any(p)
    assert "is the output of 'aws stepfunctions describe-state-machine' (stateMachineArn, definition)" in str(e.value)
    assert "AWS::StepFunctions::StateMachine" in str(e.value) and "unknown key" not in str(e.value)


@pytest.mark.parametrize("name, says", [
    # opentelemetry-demo compose.yaml (x-default-logging, a services: mapping with image:) -- was "'name' is
    # required", "services: Input should be a valid list", "unknown key 'x-default-logging'"
    ("opentelemetry-demo-compose.yaml", ["is a Docker Compose file", "advisor does not read Compose",
                                         "kompose convert -f opentelemetry-demo-compose.yaml -o k8s/"]),
    # argo-rollouts examples/helm-blue-green: Chart.yaml and values.yaml -- were 5 and 10 "unknown key" errors
    ("helm-blue-green/Chart.yaml", ["is a Helm chart's Chart.yaml", "helm template my-release"]),
    ("helm-blue-green/values.yaml", ["is the values file of a Helm chart", "helm template my-release"]),
    # terraform-aws-eks-blueprints patterns/fargate-serverless/main.tf -- was "YAML syntax error"
    ("eks-blueprints-fargate-serverless-main.tf", ["is Terraform source (configuration)",
                                                   "terraform plan -out p && terraform show -json p > plan.json"]),
    # kyhsa93/terraform-aws-ecs-example container-definitions.json, the array Terraform's container_definitions takes
    # -- was "the top level must be a mapping ... got a list"
    ("kyhsa93-container-definitions.json", ["is a list of ECS container definitions", "not a task definition",
                                            "containerDefinitions: .}' kyhsa93-container-definitions.json > "
                                            "taskdef.json, then 'advisor import taskdef taskdef.json'"]),
    # amazon-ecs-catsndogs-workshop Lab-7-Artifacts/step-function.json, a state machine definition on its own -- was
    # "unknown key 'Comment'", "'StartAt'", "'States'" and "'name' is required"
    ("catsndogs-step-function.json", ["is a Step Functions state machine definition", "AWS::StepFunctions::StateMachine",
                                      "aws_sfn_state_machine", "docs/iac.md, 'Scheduled ECS tasks'"]),
    # ecs-windows-ci-cd-blue-green asset/appspec_template.yaml, a CodeDeploy AppSpec (a Resources list holding
    # TargetService: {Type: AWS::ECS::Service}) -- was "a fragment of a CloudFormation template ... its Resources
    # section has no resource with a Type such as AWS::ECS::Service"
    ("ecs-windows-ci-cd-blue-green-appspec_template.yaml", [
        "is an AWS CodeDeploy AppSpec file (version 0.0, Resources: TargetService) for an Amazon ECS blue/green",
        "('<TASK_DEFINITION>')", "holds no CPU, memory or task count",
        "'advisor import taskdef TASKDEF.json --services SERVICE.json'"]),
    # amazon-ecs-firelens-examples cloudwatchlogs/permissions.json, the task role's IAM policy beside the task
    # definition -- was "invalid workload: unknown key 'Version'" (compare) and "family: is missing" (import taskdef)
    ("firelens-cloudwatchlogs-permissions.json", [
        "is an IAM policy document (Version 2012-10-17, 1 statement(s)), such as the permissions of a task role",
        "IAM policies cost nothing", "'advisor import taskdef TASKDEF.json'"]),
    # its config-file-type-file/runtask_firelens.json, the 'aws ecs run-task --cli-input-json' file -- was "unknown
    # key 'launchType'" and "family: is missing"
    ("firelens-config-file-type-file-runtask_firelens.json", [
        "is the input of 'aws ecs run-task' (taskDefinition 'firelens-amazon-es-bug-bash:4', launchType 'FARGATE'",
        "does not hold its CPU and memory",
        "'aws ecs describe-task-definition --task-definition firelens-amazon-es-bug-bash:4 > taskdef.json'",
        "'advisor import taskdef taskdef.json --replicas 1 -o workload.yaml'"]),
])
def test_files_advisor_does_not_read_are_named_with_what_to_do(name, says):
    with pytest.raises(WorkloadError) as e:
        load_any(OTHER / name)
    for text in says:
        assert text in str(e.value)
    assert "YAML syntax error" not in str(e.value) and "unknown key" not in str(e.value)


@pytest.mark.parametrize("name, says", [
    # the ECS Developer Guide's "External deployment" page: 'aws ecs create-service --generate-cli-skeleton' for a
    # service of the EXTERNAL deployment controller (no taskDefinition: its task sets name them), and the
    # create-task-set skeleton -- both were "invalid workload (15 / 14 problems)" of unknown keys
    ("awsdocs-ecs-deployment-type-external-create-service-skeleton.json", [
        "is a CreateService request without a taskDefinition (deploymentController 'EXTERNAL', desiredCount 0) "
        "(Amazon ECS API Reference 'CreateService')", "'advisor import taskdef taskdef.json --replicas DESIRED_COUNT"]),
    ("awsdocs-ecs-deployment-type-external-create-task-set-skeleton.json", [
        "is the input of 'aws ecs create-task-set' (Amazon ECS API Reference 'CreateTaskSet')",
        "its scale is a share of the service's desiredCount"]),
    # its blue/green tutorial's 'aws deploy create-deployment-group' input -- was "invalid workload (10 problems)"
    ("awsdocs-ecs-create-blue-green-deployment-group.json", [
        "is an AWS CodeDeploy deployment group (deploymentGroupName 'tutorial-bluegreen-dg') for Amazon ECS service(s) "
        "'service-bluegreen' (AWS CodeDeploy API Reference 'CreateDeploymentGroup')",
        "'advisor import taskdef TASKDEF.json --services SERVICE.json'"]),
])
@pytest.mark.parametrize("command", [["compare"], ["import", "taskdef"]])
def test_ecs_deployment_request_files_are_named_with_what_to_do(name, says, command):
    r = CliRunner().invoke(app, [*command, str(OTHER / name)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    for text in says:
        assert text in out
    assert "invalid workload" not in out and "family: is missing" not in out


@pytest.mark.parametrize("name, says", [
    # AWS CLI examples of Amazon ECS -- each was "invalid workload" with unknown keys tasks / taskSet / clusters /
    # cluster, service ...
    ("awscli-describe-tasks-output.json", [
        "is 'aws ecs describe-tasks' or 'run-task' output (1 task(s) of 'arn:aws:ecs:us-east-1:123456789012:task-"
        "definition/con...'): tasks running now", "'aws ecs describe-task-definition --task-definition "
        "arn:aws:ecs:us-east-1:123456789012:task-definition/console-sample-app-static2:1 > taskdef.json', then "
        "'advisor import taskdef taskdef.json --replicas 1 -o workload.yaml'"]),
    ("awscli-create-task-set-output.json", [
        "is 'aws ecs create-task-set' or 'describe-task-sets' output (1 task set(s), task definition",
        "computedDesiredCount 0)", "'advisor import taskdef taskdef.json --replicas COUNT -o workload.yaml'"]),
    ("awscli-describe-clusters-output.json", [
        "is 'aws ecs describe-clusters', 'create-cluster' or 'put-cluster-capacity-providers' output: a cluster runs "
        "no task itself", f"--cluster-file {OTHER / 'awscli-describe-clusters-output.json'}'"]),
    ("awscli-update-service-ebs-input.json", [
        "is an UpdateService request ('aws ecs update-service --cli-input-json', service 'my-http-service')",
        "'advisor import taskdef taskdef.json --services service.json -o workload.yaml'"]),
])
@pytest.mark.parametrize("command", [["compare"], ["import", "taskdef"]])
def test_aws_cli_ecs_files_without_a_task_size_say_what_to_import(name, says, command):
    r = CliRunner().invoke(app, [*command, str(OTHER / name)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    for text in says:
        assert text in out, out
    assert "invalid workload" not in out and "family: is missing" not in out


def test_describe_clusters_output_is_a_cluster_file(tmp_path):
    """The cluster file the message above points to is read: the AWS CLI describe-clusters example's cluster has no
    defaultCapacityProviderStrategy, so a service without a strategy or launch type keeps none (and is priced on the
    launch type advisor assumes), the same as without the file."""
    td = _taskdef(tmp_path, family="web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
                  memory="512")
    (tmp_path / "svc.json").write_text(json.dumps({"serviceName": "web", "taskDefinition": "web", "desiredCount": 2}))
    r = CliRunner().invoke(app, ["import", "taskdef", str(td), "--services", str(tmp_path / "svc.json"),
                                 "--cluster-file", str(OTHER / "awscli-describe-clusters-output.json")])
    assert r.exit_code == 0, r.output
    [svc] = load_workload_text(r.stdout).services
    assert (svc.name, svc.desired, svc.capacity_provider_strategy) == ("web", 2, None)


def test_the_importers_say_what_a_codedeploy_appspec_is():
    # import cloudformation called it a fragment of a template, import taskdef "family: is missing"
    name = OTHER / "ecs-windows-ci-cd-blue-green-appspec_template.yaml"
    for reader in (import_cloudformation, import_taskdef):
        with pytest.raises(WorkloadError, match="is an AWS CodeDeploy AppSpec file .* for an Amazon ECS blue/green"):
            reader(name)


@pytest.mark.parametrize("name, says", [("firelens-cloudwatchlogs-permissions.json", "is an IAM policy document"),
                                        ("firelens-config-file-type-file-runtask_firelens.json",
                                         "is the input of 'aws ecs run-task'")])
def test_import_taskdef_says_what_an_iam_policy_or_a_run_task_input_is(name, says):
    # both were "task definition: family: is missing; every task definition has a family name"
    r = CliRunner().invoke(app, ["import", "taskdef", str(OTHER / name)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and says in out and "family: is missing" not in out


def test_a_task_definition_template_with_placeholders_says_to_render_it(tmp_path):
    """Container Insights' Prometheus task definition template: valid JSON whose requiresCompatibilities and
    networkMode are '{{launchtype}}' and '{{networkmode}}' (its README fills them in with sed). It said only
    "['{{launchtype}}'] is not valid"; now it says the value is a placeholder and to render the template first. Filled
    in (EC2, bridge), it reads as the 512 / 1024 task it is."""
    path = OTHER / "container-insights-cwagent-prometheus-task-definition.json"
    r = CliRunner().invoke(app, ["compare", str(path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "requiresCompatibilities: ['{{launchtype}}'] is not valid; give a list of EC2, FARGATE, EXTERNAL, " \
        "MANAGED_INSTANCES (e.g. [\"FARGATE\"]) (it is a template placeholder that was never filled in: render the " \
        "template" in out
    half = path.read_text().replace("{{launchtype}}", "EC2")  # networkMode still '{{networkmode}}'
    (tmp_path / "td.json").write_text(half)
    with pytest.raises(WorkloadError, match=r"networkMode: '\{\{networkmode\}\}' is not valid; use awsvpc, bridge, "
                       r"host or none \(it is a template placeholder"):
        load_any(tmp_path / "td.json")
    (tmp_path / "td.json").write_text(half.replace("{{networkmode}}", "bridge"))
    [svc] = load_any(tmp_path / "td.json").services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0.5, 1024, "bridge")


def test_import_taskdef_says_what_a_list_of_container_definitions_is():
    # was "task definition [0]: family: is missing"
    with pytest.raises(WorkloadError, match="is a list of ECS container definitions"):
        import_taskdef(OTHER / "kyhsa93-container-definitions.json")


# ------------------------------------------------------------------------------------ ECS task definitions


@pytest.mark.parametrize("name, expected", [
    # (vCPU, MiB, network_mode, os, architecture); hand-read from each file
    # host mode, EC2: container cpu 128 units = 0.125 vCPU; memory = memoryReservation 64 (hard limit 256)
    ("aws-containers-task-definitions-consul-ConsulClient.json", (0.125, 64, "host", "linux", "x86_64")),
    # bridge, EC2: 256 units = 0.25 vCPU, memory 256
    ("aws-containers-task-definitions-nginx-nginx_ec2.json", (0.25, 256, "bridge", "linux", "x86_64")),
    # Fargate task size 1024 / 2048 (the container's 256 MiB does not matter)
    ("aws-containers-task-definitions-tomcat-tomcat_fargate.json", (1.0, 2048, "awsvpc", "linux", "x86_64")),
    ("aws-containers-task-definitions-gunicorn-gunicorn_fargate.json", (0.5, 1024, "awsvpc", "linux", "x86_64")),
    # no networkMode -> bridge; no task size; soft limits 50 + 100 = 150 MiB; no container cpu -> 0
    ("firelens-emf-over-tcp-task-definition-bridge.json", (0.0, 150, "bridge", "linux", "x86_64")),
    ("firelens-datadog-task-definition.json", (0.0, 150, "bridge", "linux", "x86_64")),
    # Windows recognised by the powershell command; 1024 units / 256 MiB; 500 units = 0.48828125 vCPU / 500
    ("ecs-agent-port-80-windows-task-definition.json", (1.0, 256, "bridge", "windows", "x86_64")),
    ("ecs-agent-container-health-windows-task-definition.json", (0.48828125, 500, "bridge", "windows", "x86_64")),
    # console export: "cpu": 0, "memory": null on the container; the task says 256 / 512
    ("console-export-aws-community-day-2021-task-definition.json", (0.25, 512, "awsvpc", "linux", "x86_64")),
    ("ecspresso-arm64-ecs-task-def.json", (0.25, 512, "awsvpc", "linux", "arm64")),
])
def test_task_definitions_load_unedited(name, expected):
    svc = load_any(ECS / name).services[0]
    assert (svc.vcpu, svc.memory_mib, svc.network_mode, svc.os, svc.architecture) == expected


def test_windows_without_runtime_platform_is_a_visible_assumption():
    res = import_taskdef(ECS / "ecs-agent-port-80-windows-task-definition.json")
    [note] = res.assumptions
    assert "priced as Windows because container sleep starts with 'powershell'" in note
    assert "operatingSystemFamily" in note
    svc = res.workload.services[0]
    assert svc.host_ports == [5180]  # hostPort 5180 in the NAT (bridge-like) mode: one task per instance
    with pytest.raises(WorkloadError, match="strict mode"):
        load_any(ECS / "ecs-agent-port-80-windows-task-definition.json", strict=True)


def test_awsvpc_host_port_other_than_the_container_port_is_noted_and_priced_the_same(tmp_path):
    """np-real finding 3: kibana_ec2.json is awsvpc with portMappings [{hostPort 80, containerPort 5601}], which
    RegisterTaskDefinition refuses (PortMapping hostPort: "If you use containers in a task with the awsvpc or host
    network mode, the hostPort can either be left blank or set to the same value as the containerPort"). It was
    imported without a word. Now a note names the container, both ports, the rule and the fix; the workload is the
    one the fixed file gives (1 vCPU / 2048 MiB, awsvpc, no host port), so the price is unchanged."""
    name = "aws-containers-task-definitions-kibana-kibana_ec2.json"
    r = CliRunner().invoke(app, ["import", "taskdef", str(ECS / name)])
    assert r.exit_code == 0, r.output
    assert "note: task definition (kibana): network mode awsvpc with a hostPort other than its containerPort " \
           "(container 'kibana' hostPort 80, containerPort 5601): ECS would refuse to register it (PortMapping: 'If " \
           "you use containers in a task with the awsvpc or host network mode, the hostPort can either be left " \
           "blank or set to the same value as the containerPort'). The price does not depend on it: an awsvpc task " \
           "has its own network interface and holds no port of its instance. Remove hostPort or set it to the " \
           "containerPort" in " ".join(r.output.split())
    res = import_taskdef(ECS / name)
    td = json.loads((ECS / name).read_text())
    td["containerDefinitions"][0]["portMappings"][0]["hostPort"] = 5601
    (tmp_path / "kibana.json").write_text(json.dumps(td))
    fixed = import_taskdef(tmp_path / "kibana.json")
    assert not fixed.notes
    assert res.workload.services == fixed.workload.services
    svc = res.workload.services[0]
    assert (svc.vcpu, svc.memory_mib, svc.network_mode, svc.host_ports) == (1, 2048, "awsvpc", None)


def test_task_definition_fargate_costs():
    # ECS on Fargate, one task each: tomcat 1 vCPU / 2 GB = $36.0401; arm64 0.25 / 0.5 GB =
    # (0.25 x 0.03238 + 0.5 x 0.00356) x 730 = 0.009875 x 730 = $7.20875
    for name, cost in (("aws-containers-task-definitions-tomcat-tomcat_fargate.json", 36.0401),
                       ("ecspresso-arm64-ecs-task-def.json", 7.20875)):
        assert _compute_and_control_plane(ECS / name, "ecs-fargate") == pytest.approx(cost, abs=1e-6), name


def test_windows_task_definition_in_nat_mode_needs_awsvpc_on_fargate():
    # no networkMode on Windows is the NAT <default> mode (recorded as bridge): Fargate runs awsvpc tasks only
    # (TaskDefinition networkMode: "For Amazon ECS tasks on Fargate, the awsvpc network mode is required")
    w = load_any(ECS / "ecs-agent-port-80-windows-task-definition.json")
    est = compare(w, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    [u] = est.unsupported
    assert "network mode bridge runs only on EC2 instances" in u.reason and "awsvpc" in u.reason
    # the same task in awsvpc mode: 1 vCPU (the smallest Windows size) / 2 GB =
    # ((0.09148 + 0.046) x 1 + 2 x 0.01005) x 730 = 0.15758 x 730 = $115.0334
    svc = w.services[0].model_copy(update={"network_mode": "awsvpc", "host_ports": None})
    est = compare(w.model_copy(update={"services": [svc]}), platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(line.monthly_cost for line in est.lines) == pytest.approx(115.0334, abs=1e-6)


def test_ecs_blue_green_service_prices_a_full_second_set_during_deployments(prices):
    # aws-samples/sample-amazon-ecs-blue-green-deployment-patterns: deploymentConfiguration strategy BLUE_GREEN,
    # bakeTimeInMinutes 2, 2 tasks of 0.5 vCPU / 1 GB on Fargate. A blue/green deployment runs the green revision
    # beside the blue one until the bake time ends ("Amazon ECS blue/green deployments"), so the import sets
    # max_percent 200 (2 extra tasks) for 15 + 2 minutes; it used to keep the rolling defaults silently.
    res = import_taskdef(ECS / "sample-ecs-blue-green-taskdef_backend.template.json",
                         ECS / "sample-ecs-blue-green-service_backend.template.json")
    [svc] = res.workload.services
    assert (svc.replicas, svc.max_percent, svc.deployment_minutes) == (2, 200, 17)
    assert any("deployment strategy BLUE_GREEN: a deployment runs a full second set of tasks" in c
               for s in res.services for c in s.comments)
    # with 4 deployments a month: 4 x 2 tasks x 17/60 h = 2.2667 task-hours x (0.5 x 0.04048 + 1 x 0.004445)
    # = 2.2667 x 0.024685 = $0.055953
    w = res.workload.model_copy(update={"services": [svc.model_copy(update={"deployments_per_month": 4})]})
    est = compare(w, prices=prices, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    surge = [ln for ln in est.lines if ln.name.startswith("Deployment surge")]
    assert sum(ln.monthly_cost for ln in surge) == pytest.approx(4 * 2 * 17 / 60 * 0.024685, abs=1e-9)


def test_a_folder_holding_workload_files_is_refused_without_all():
    # `advisor report examples/` priced only the examples/k8s subfolder (exit 0) and left the five workload files out
    # with a note; docs/report.md promises a refusal that says to add --all
    from typer.testing import CliRunner

    from advisor.cli import app

    examples = Path(__file__).resolve().parents[1] / "examples"
    with pytest.raises(WorkloadError, match=r"holds advisor workload files \(arm-windows-mix.yaml, microservices.yaml"):
        load_any(examples)
    r = CliRunner().invoke(app, ["compare", str(examples)])
    assert r.exit_code == 2 and "advisor report --all" in r.output.replace("\n", " ")
    assert load_any(examples / "k8s").services  # the manifests folder alone still reads


def test_an_import_written_into_the_folder_it_read_runs_again(tmp_path):
    """'advisor import k8s kdir -o kdir/new.yaml' worked once; run again (with --force) it exited 2, its own output
    now read as 'advisor workload files' in a folder of manifests. A workload file 'advisor import k8s' wrote is
    skipped, with a note, and is no input the import may not replace; a hand-written workload file is still refused."""
    kdir = tmp_path / "kdir"
    kdir.mkdir()
    (kdir / "deployment-sidecar.yaml").write_text((K8S / "deployment-sidecar.yaml").read_text())
    out = kdir / "new.yaml"
    runner = CliRunner()
    first = runner.invoke(app, ["import", "k8s", str(kdir), "-o", str(out)])
    assert first.exit_code == 0, first.output
    written = out.read_text()
    again = runner.invoke(app, ["import", "k8s", str(kdir), "-o", str(out), "--force"])
    assert again.exit_code == 0, again.output
    assert "workload files 'advisor import k8s' wrote were not read as manifests: new.yaml" in " ".join(
        again.output.split())
    import yaml

    # the same services: the earlier output was not read as more input (the new file adds the note)
    assert yaml.safe_load(out.read_text())["services"] == yaml.safe_load(written)["services"]
    written = out.read_text()
    assert runner.invoke(app, ["import", "k8s", str(kdir), "-o", str(out)]).exit_code == 2  # exists: --force needed
    assert out.read_text() == written
    (kdir / "mine.yaml").write_text("name: w\nservices: [{name: a, cpu: 1, memory: 2048}]\n")
    with pytest.raises(WorkloadError, match=r"holds advisor workload files \(mine.yaml\)"):
        load_any(kdir)


# ------------------------------------------------------------------------------------ Karpenter example workloads


def test_deployments_scaled_to_zero_rule_no_platform_out():
    """aws/karpenter-provider-aws examples/workloads: gpu-nvidia (nvidia.com/gpu) and neuron (aws.amazon.com/neuron)
    have replicas: 0, as do prefer-arm and spot; they run no pod, so their GPUs rule no platform out (the folder
    exited 2: "the requirements ... rule out every platform"). The pods that run: inflate (1, the Deployment
    default), host-spread (10, in spread-hostname.yaml) and arm64 (1 on arm64), each 1 vCPU / 256M -> ECS on Fargate's 1 vCPU / 2 GB:
    11 x $36.0401 + 1 x (1 x 0.03238 + 2 x 0.00356) x 730 = $396.4411 + $28.835 = $425.2761."""
    c = compare(K8S / "karpenter-workloads", platforms=["ecs-fargate", "eks-ec2"], scaling=False)
    assert sorted(s.name for s in c.workload.services) == ["arm64", "host-spread", "inflate"]  # spread-hostname.yaml
    assert any(n.startswith("4 services (gpu-nvidia, neuron, prefer-arm, spot): 0 replicas") for n in c.notes)
    assert c.estimate("ecs-fargate").monthly_cost == pytest.approx(11 * 36.0401 + (0.03238 + 2 * 0.00356) * 730)
    assert all(not e.excluded for e in c.estimates)
    assert c.estimate("eks-ec2").complete


def test_aws_neuron_task_definition_is_an_accelerator_task(prices):
    """AWS's Inferentia example (Amazon ECS Developer Guide, "Using AWS Neuron on Amazon Linux 2 on Amazon ECS"): a
    /dev/neuron0 device in linuxParameters.devices and memberOf constraints on ecs.os-type and ecs.instance-type
    (inf1.xlarge). It was priced on ECS on EC2 at $79.73 (2 x c7a.medium, the constraints "accepted and ignored") and
    on EKS on Fargate at $104.90. Now: one Neuron device per task is gpus 1, as the Kubernetes aws.amazon.com/neuron
    resource is, which rules out Fargate (no accelerators) and EC2 (accelerated instances are not sized); host devices
    alone rule out both Fargates (LinuxParameters: "If you're using tasks that use the Fargate launch type, the
    devices parameter isn't supported"); the instance type is the fleet's (ec2.allowed_types)."""
    from advisor.compare.constraints import constraint_reasons
    from advisor.costing.fargate import ecs_unsupported_reason, eks_unsupported_reason
    from advisor.errors import AdvisorError
    from advisor.platforms import PLATFORMS

    name = "awsdocs-ecs-inference-neuron-task-definition.json"
    res = import_taskdef(ECS / name)
    w = res.workload
    [svc] = w.services
    assert (svc.gpus, svc.host_devices, svc.network_mode, svc.host_ports, svc.os) == (
        1, ["/dev/neuron0"], "bridge", [8500, 8501], "linux")
    assert w.ec2.allowed_types == ["inf1.xlarge"] and res.assumptions == []
    for p in PLATFORMS:
        assert any("ecs-neuron needs GPUs" in r for r in constraint_reasons(w, p)), p
    svc_bridge_free = svc.model_copy(update={"network_mode": "awsvpc"})
    assert "the devices parameter isn't supported" in ecs_unsupported_reason(svc_bridge_free)
    assert "Privileged containers aren't supported on Fargate" in eks_unsupported_reason(svc, "us-east-1")
    with pytest.raises(AdvisorError, match="rule out every platform"):
        compare(ECS / name, prices=prices, scaling=False)


# ------------------------------------------------------------------------------------ kustomize overlays


def test_podinfo_production_overlay_reads_its_four_bases():
    """stefanprodan/podinfo deploy/overlays/production: four bases (backend, frontend, cache, database) with HPAs, a
    StatefulSet mounting a PVC, a replica Deployment and four CronJobs; the overlay sets the namespace and a
    LabelTransformer. Read from the folder it matches what 'kubectl kustomize' builds (checked by hand)."""
    folder = K8S / "podinfo-deploy" / "overlays" / "production"
    w = load_any(folder)
    # every pod requests 100m / 32Mi; HPAs backend 1-2, frontend 2-4, database-replica 2-3 (midpoints)
    assert _sizes(w) == {n: (0.1, 32) for n in ("backend", "frontend", "cache", "database-primary",
                                                 "database-replica")}
    assert {s.name: s.desired for s in w.services} == {"backend": 1.5, "frontend": 3, "cache": 1,
                                                        "database-primary": 1, "database-replica": 2.5}
    # the LabelTransformer changes no price: a note, not an assumption; the CronJobs have no run length
    assert not any("kustomize" in a and "not applied: they can change" in a for a in w.input_notes())
    assert sum("CronJob production/" in n and "left out" in n for n in w.input_notes()) == 4
    # ECS on Fargate: 9 tasks of 0.1 vCPU / 32 MiB -> 0.25 vCPU / 0.5 GB: 9 x 9.010025 = $81.090225 (the 1 GiB gp3
    # volume of database-primary is storage, not compute)
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(81.090225, abs=1e-6)


def test_springboot_production_overlay_patches_are_applied():
    """kubernetes-sigs/kustomize examples/springboot: the production overlay lists ../../base and three patches (no
    target: each names its object by apiVersion, kind and name). patch.yaml replaces the data of ConfigMap
    demo-configmap, which the base's configMapGenerator makes (so the patch has its target, as in kustomize's build);
    healthcheck_patch.yaml sets Deployment sbdemo's spec.replicas 2 and probes; memorylimit_patch.yaml sets
    spec.replicas 2 and container sbdemo's memory request and limit 1250Mi. base/deployment.yaml requests nothing,
    so no CPU. namePrefix production- runs after the patches. advisor read the folder unpatched (1 replica requesting
    nothing) with an assumption that patches were not applied; now 2 replicas of 0 vCPU / 1250 MiB and no assumption
    about patches (the missing CPU request is still named)."""
    folder = K8S / "kustomize-springboot" / "overlays" / "production"
    w = load_any(folder)
    assert _sizes(w) == {"production-sbdemo": (0, 1250)} and w.services[0].desired == 2
    assert not any("not applied: they can" in a for a in w.input_notes())
    assert any(n.endswith("production/kustomization.yaml: kustomize: read the 1 listed resource(s), applied patches, "
                          "namePrefix") for n in w.input_notes())
    assert any("sbdemo (no cpu)" in n for n in w.input_notes())


def test_the_fix_overlay_s_json_patch_replaces_the_base_s_unschedulable_request():
    """aws-samples/eks-workshop-v2 opensearch/scenarios/events: the base's scenario-c Deployment asks 999999m of CPU
    (an unschedulable pod, on purpose) and the fix overlay's third patch (target group apps, version v1, kind
    Deployment, name scenario-c; JSON 6902 'replace /spec/template/spec/containers/0/resources/requests/cpu' with
    "100m") fixes it; its first two patches change a secret name and an image, no request. 'kubectl kustomize fix'
    builds three Deployments of 1 replica: scenario-a and scenario-b requesting nothing, scenario-c 100m. advisor
    refused the fix folder with the base's 999.999 vCPU (its patches were not applied); it now reads what kustomize
    builds. The base alone is still refused."""
    base, fix = K8S / "eks-workshop-opensearch-events" / "base", K8S / "eks-workshop-opensearch-events" / "fix"
    w = load_any(fix)
    assert _sizes(w) == {"scenario-a": (0, 0), "scenario-b": (0, 0), "scenario-c": (0.1, 0)}
    assert {s.name: s.desired for s in w.services} == {"scenario-a": 1, "scenario-b": 1, "scenario-c": 1}
    assert not any("not applied: they can" in n for n in w.input_notes())
    with pytest.raises(WorkloadError) as err:
        load_any(base)
    assert "scenario-c.yaml: document 1 (Deployment test/scenario-c): spec.template.spec.containers[0].resources." \
           "requests.cpu: '999999m' is 999.999 vCPU" in str(err.value) and "kustomize" not in str(err.value)


def test_nested_overlays_apply_their_patches_inner_first():
    """aws-samples/eks-workshop-v2 fundamentals/fargate: scaling lists ../sizing, which lists ../enabling, which lists
    base-application/checkout (namespace checkout; checkout requests 250m / 512Mi with 1 replica, checkout-redis
    requests nothing with 1). Each overlay has one strategic merge patch of Deployment checkout, written without a
    namespace: kustomize finds it by the Deployment's id before the base's namespace transformer (any earlier id).
    enabling/deployment.yaml adds a pod label (fargate: "yes"); sizing/deployment.yaml sets container checkout's
    requests to cpu "1", memory 2.5G (2.5e9 bytes = 2384.185791015625 MiB); scaling/deployment.yaml sets
    spec.replicas 3. kustomize builds the inner folder first, so 'kubectl kustomize sizing' has 1 replica of 1 vCPU /
    2.5G and 'kubectl kustomize scaling' 3 of them; checkout-redis is untouched. advisor read every level unpatched
    (1 replica of 250m / 512Mi) with an assumption per folder; now no assumption."""
    fargate = K8S / "eks-workshop-fargate" / "manifests" / "modules" / "fundamentals" / "fargate"
    want = {"enabling": {"checkout": (0.25, 512, 1), "checkout-redis": (0, 0, 1)},
            "sizing": {"checkout": (1, 2384.185791015625, 1), "checkout-redis": (0, 0, 1)},
            "scaling": {"checkout": (1, 2384.185791015625, 3), "checkout-redis": (0, 0, 1)}}
    for folder, services in want.items():
        res = import_k8s(fargate / folder)
        assert {s.name: (s.vcpu, s.memory_mib, s.desired) for s in res.workload.services} == services, folder
        assert res.assumptions == [], folder
        assert any(n.endswith(f"{folder}/kustomization.yaml: kustomize: read the 1 listed resource(s), applied "
                              "patches") for n in res.notes), folder


RETAIL = K8S / "eks-workshop-retail-overlays" / "manifests"
#: aws-samples/eks-workshop-v2 base-application (real/k8s/eks-workshop-retail-overlays): the five app Deployments
#: (metadata label app.kubernetes.io/type: app) and their requests, each file's resources.requests; the four
#: databases (carts-dynamodb and checkout-redis Deployments, catalog-mysql and orders-postgresql StatefulSets) request
#: nothing and run 1 replica.
RETAIL_APPS = {"carts": (0.25, 1024), "catalog": (0.25, 512), "checkout": (0.25, 512), "orders": (0.25, 1024),
               "ui": (0.25, 1536)}
RETAIL_DBS = ("carts-dynamodb", "catalog-mysql", "checkout-redis", "orders-postgresql")


def test_eks_workshop_cluster_autoscaler_overlay_scales_every_app_deployment_by_label():
    """aws-samples/eks-workshop-v2 autoscaling/compute/cluster-autoscaler: the overlay lists the whole
    base-application and one patch, deployment.yaml (kind Deployment, metadata.name 'all', spec.replicas 4), with
    target {kind: Deployment, labelSelector: app.kubernetes.io/type=app}. kustomize applies it to each Deployment the
    target selects (the patch's own name 'all' is ignored: ApplySmPatch keeps the object's name), so the five app
    Deployments run 4 replicas each with their own requests, and the databases (no type=app label; two are
    StatefulSets) stay at 1. Read unpatched it was 9 workloads of 1 replica and an assumption."""
    res = import_k8s(RETAIL / "modules" / "autoscaling" / "compute" / "cluster-autoscaler")
    got = {s.name: (s.vcpu, s.memory_mib, s.desired) for s in res.workload.services}
    assert got == {**{n: (*r, 4) for n, r in RETAIL_APPS.items()}, **{n: (0, 0, 1) for n in RETAIL_DBS}}
    assert res.assumptions == []


def test_eks_workshop_hpa_overlay_patch_merges_a_cpu_limit_into_the_ui_resources():
    """autoscaling/workloads/hpa: base-application plus hpa.yaml (HPA ui 1-4 on Deployment ui) and a strategic merge
    patch (no target; Deployment ui, written without a namespace: it names ui by its id before the ui base's
    namespace) adding limits.cpu 250m to container ui. The merge keeps the base's requests (250m / 1.5Gi) and its
    memory limit, so ui is still 0.25 vCPU / 1536 MiB, at the HPA midpoint 2.5 replicas; the other eight are as in
    the base, 1 replica each."""
    res = import_k8s(RETAIL / "modules" / "autoscaling" / "workloads" / "hpa")
    got = {s.name: (s.vcpu, s.memory_mib, s.desired) for s in res.workload.services}
    assert got == {**{n: (*r, 1) for n, r in RETAIL_APPS.items() if n != "ui"}, "ui": (0.25, 1536, 2.5),
                   **{n: (0, 0, 1) for n in RETAIL_DBS}}
    assert [a for a in res.assumptions if "kustomize" in a] == []


def test_eks_workshop_high_availability_overlay_scales_ui_to_5_spread_over_zones_and_nodes():
    """observability/resiliency/high-availability/config: base-application/ui (namespace ui) and
    scale_and_affinity_patch.yaml, a strategic merge patch of Deployment ui/ui (its namespace written: it names the
    Deployment by its id after the base's namespace) setting spec.replicas 5, adding the pod label app: ui and two
    topologySpreadConstraints (topology.kubernetes.io/zone and kubernetes.io/hostname, maxSkew 1, ScheduleAnyway,
    selecting app: ui). kustomize builds ui with 5 replicas of the base's 250m / 1.5Gi; both spreads are named as
    not priced. Read unpatched it was 1 replica with no spread."""
    res = import_k8s(RETAIL / "modules" / "observability" / "resiliency" / "high-availability" / "config")
    assert {s.name: (s.vcpu, s.memory_mib, s.desired) for s in res.workload.services} == {"ui": (0.25, 1536, 5)}
    assert res.assumptions == []
    assert any(n.startswith("Deployment ui/ui: topologySpreadConstraints on topology.kubernetes.io/zone") for n in
               res.notes)
    assert any(n.startswith("Deployment ui/ui: topologySpreadConstraints on kubernetes.io/hostname") for n in res.notes)


def test_kustomize_ldap_example_overlays_patch_replicas_and_a_volume():
    """kubernetes-sigs/kustomize examples/ldap: the base (Deployment ldap, 1 replica, no requests; a
    configMapGenerator making ldap-configmap) and two overlays, each with one strategic merge patch of Deployment
    ldap and a namePrefix. staging/deployment.yaml sets spec.replicas 2 (staging also generates ConfigMap
    env-config); production/deployment.yaml sets spec.replicas 6 and merges volume ldap-data (by its name) with
    'emptyDir: null' (deleted) and a gcePersistentDisk. So 'kubectl kustomize' builds production-ldap with 6 replicas
    and staging-ldap with 2; read unpatched both were 1."""
    from advisor.workload.importers.common import ImportResult
    from advisor.workload.importers.k8s import _folder_objects

    ldap = K8S / "kustomize-ldap" / "overlays"
    for overlay, replicas in (("production", 6), ("staging", 2)):
        res = import_k8s(ldap / overlay)
        assert [(s.name, s.vcpu, s.memory_mib, s.desired) for s in res.workload.services] == [
            (f"{overlay}-ldap", 0, 0, replicas)]
        assert res.assumptions == []
    built = _folder_objects(ldap / "production", ImportResult(name="", source="", region="us-east-1"))
    [deploy] = [o for _s, _d, o in built if o.get("kind") == "Deployment"]
    volumes = {v["name"]: v for v in deploy["spec"]["template"]["spec"]["volumes"]}
    assert volumes["ldap-data"] == {"name": "ldap-data", "gcePersistentDisk": {"pdName": "ldap-persistent-storage"}}
    assert volumes["ldap-config"] == {"name": "ldap-config", "emptyDir": {}}
    assert sorted(o["metadata"]["name"] for _s, _d, o in built) == [
        "production-ldap", "production-ldap-configmap", "production-ldap-service"]


def test_kustomize_commands_quote_a_folder_name_the_shell_would_split(tmp_path):
    """The command given to price what kustomize builds must run as shown: a folder whose name has a space is quoted
    (it was 'kubectl kustomize /tmp/my app | advisor compare -', which kubectl reads as two arguments)."""
    folder = tmp_path / "my app"
    folder.mkdir()
    (folder / "web.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
                                     "  template:\n    spec:\n      containers: [{name: web, image: nginx}]\n")
    (folder / "kustomization.yaml").write_text("resources: [web.yaml]\nreplacements: [{path: r.yaml}]\n")
    [a] = import_k8s(folder).assumptions
    assert f"'kubectl kustomize '{folder}' | advisor compare -'" in a


# ------------------------------------------------------------------------------------ kubernetes/website examples


def test_zookeeper_anti_affinity_that_selects_no_own_pod_keeps_them_packed():
    """kubernetes/website application/zookeeper/zookeeper.yaml: the required anti-affinity selects pods labelled
    app=zk, but the pods are labelled app.kubernetes.io/name=zk, so it keeps no two replicas apart (Kubernetes
    "Assigning Pods to Nodes": the rule applies to the pods its labelSelector matches). No one_per_node; the
    PodDisruptionBudget is skipped."""
    w = load_any(K8S / "k8sweb-zookeeper.yaml")
    [zk] = w.services
    assert (zk.name, zk.vcpu, zk.memory_mib, zk.desired, zk.one_per_node) == ("zk", 0.5, 1024, 3, False)
    assert [(v.name, v.size_gib) for v in zk.persistent_volumes] == [("datadir", 10)]
    assert any("1 PodDisruptionBudget" in n for n in w.input_notes())
    # ECS on Fargate: 3 x 0.5 vCPU / 1 GB = 3 x 18.02005 = $54.06015
    assert _compute_and_control_plane(K8S / "k8sweb-zookeeper.yaml", "ecs-fargate") == pytest.approx(54.06015)


def test_hpa_on_a_replica_set():
    """kubernetes/website controllers/hpa-rs.yaml (autoscaling/v1, JSON-style YAML) scales the ReplicaSet of
    controllers/frontend.yaml 3-10: priced at the midpoint, 6.5 pods of no request. EKS on Fargate: 6.5 x
    $9.010025 (0.25 vCPU / 0.5 GB) = 58.5651625 + $73 control plane + 2 CoreDNS pods 18.02005 = $149.5852125."""
    folder = K8S / "k8sweb-hpa-rs"
    w = load_any(folder)
    [rs] = w.services
    assert (rs.name, rs.scaling.min, rs.scaling.max, rs.desired) == ("frontend", 3, 10, 6.5)
    assert _compute_and_control_plane(folder, "eks-fargate") == pytest.approx(149.5852125, abs=1e-6)


# ------------------------------------------------------------------ Karpenter blueprints: node-overlay
def test_an_amd64_nodepool_and_an_arm64_pod_is_a_service_the_ec2_fleets_cannot_run_not_missing_prices():
    """karpenter-blueprints node-overlay: NodePool team-alpha allows amd64 c/m/r types of generation > 4 only, and
    workload-generation's pods ask for arm64 nodes (3 x 1 vCPU / 1Gi). The data prices arm64 types in us-east-1
    (c6g.large ...), so 'no price data' with the refresh advice was wrong: the ec2 settings leave no arm64 type, and
    ECS on EC2 / EKS on EC2 cannot run that service (as EKS on Fargate cannot). workload-team-alpha (1 x 1 vCPU / 1Gi)
    is still packed: ECS on EC2 on ec2.min_nodes 2 x c7a.medium ($0.05132 an hour) = 2 x 0.05132 x 730 = $74.9272,
    plus 2 x 30 GiB gp3 root volumes at $0.08 = $4.80: $79.7272."""
    res = import_k8s(K8S / "karpenter-node-overlay")
    arch = {s.name: s.architecture for s in res.workload.services}
    assert arch == {"workload-generation": "arm64", "workload-team-alpha": "x86_64"}
    assert res.workload.ec2.allowed_families and "c7g" not in res.workload.ec2.allowed_families
    [note] = [n for n in res.notes if n.startswith("workload-generation: its pods ask for arm64 nodes")]
    assert "Karpenter would launch no node for them" in note
    assert note.endswith("allow no arm64 type either, so compare lists workload-generation as a service ECS on EC2 "
                         "and EKS on EC2 nodes cannot run")
    result = compare(res.workload, platforms=["ecs-ec2", "eks-ec2"], scaling=False)
    for platform in ("ecs-ec2", "eks-ec2"):
        est = result.estimate(platform)
        assert est.status == "incomplete" and est.missing_prices == []
        [(name, why)] = [(u.service, u.reason) for u in est.unsupported]
        assert name == "workload-generation"
        assert why.startswith("ec2.allowed_families allows no arm64 type (c5, c5a, c5ad, c5d, c5n, c6a, ...: all "
                              "x86_64); add arm64 families such as ")
        assert "refresh" not in why
        assert {ln.architecture for ln in est.lines if ln.instance_type} == {"x86_64"}
    ecs = result.estimate("ecs-ec2")
    assert ecs.monthly_cost == pytest.approx(79.7272)


# ------------------------------------------------------- ECS managed EBS volumes, Elastic Inference, static pools


def test_cdk_fargate_service_with_a_managed_ebs_volume_per_task():
    """aws-cdk integ.fargate-with-ebs snapshot: ServiceD69D759B (LaunchType FARGATE, no DesiredCount: 1 task) runs
    TaskDef54694570 (Cpu 256, Memory 512) with VolumeConfigurations[0].ManagedEBSVolume: SizeInGiB 1, VolumeType gp3,
    Iops 3000 and Throughput 100 (within gp3's included 3,000 IOPS and 125 MB/s, so no note). ECS creates one such
    volume for each task; it used to be dropped without a word. ECS on Fargate: $9.010025 for the task (0.25 vCPU /
    0.5 GB) + 1 task x 1 GiB x $0.08 per GB-month = $0.08; the declared estate (FARGATE) the same. EKS on Fargate
    cannot mount EBS volumes. The volume's RoleArn (Fn::GetAtt) need not resolve."""
    path = ECS / "aws-cdk-fargate-with-ebs.template.json"
    w = load_any(path)
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired) == ("ServiceD69D759B", 0.25, 512, 1)
    assert [(v.name, v.size_gib, v.shared) for v in svc.persistent_volumes] == [("ebs-volume", 1, False)]
    assert not any("EBS volume ebs-volume" in n for n in w.input_notes())  # gp3 at its baseline: nothing unpriced
    result = compare(w, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    est = result.estimate("ecs-fargate")
    ebs = [ln for ln in est.lines if ln.service == svc.name and ln.category == "storage"]
    assert [round(ln.monthly_cost, 6) for ln in ebs] == [0.08]
    assert sum(ln.monthly_cost for ln in est.lines if ln.service == svc.name) == pytest.approx(9.090025)
    declared = result.declared.estimate
    assert sum(ln.monthly_cost for ln in declared.lines if ln.service == svc.name) == pytest.approx(9.090025)
    assert [u.service for u in result.estimate("eks-fargate").unsupported] == [svc.name]


def test_elastic_inference_accelerators_are_noted_not_dropped():
    """aws/amazon-ecs-agent functional test task-elastic-inference: inferenceAccelerators [{deviceName device_1,
    deviceType eia1.medium}] is an Amazon Elastic Inference accelerator, billed apart from the task and no longer
    offered. The task (awsvpc, one container of memory 50 and no cpu) is sized as before, and a note says the
    accelerator is not priced (it was silently ignored)."""
    res = import_taskdef(ECS / "ecs-agent-task-elastic-inference-task-definition.json")
    [svc] = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.network_mode) == ("ecsftest-elastic-inference", 0, 50, "awsvpc")
    [note] = [n for n in res.notes if "inferenceAccelerators" in n]
    assert "(1: eia1.medium)" in note and "Elastic Inference" in note and "not priced" in note


def test_static_karpenter_nodepool_is_noted_with_its_node_count():
    """karpenter-blueprints static-nodepool: NodePool gpu-static has spec.replicas 1 (a static NodePool: Karpenter
    keeps 1 g6e.8xlarge node whatever the pods need) and a taint, and the folder has no workload. The error says
    there is nothing to price and now names the static pool's node count beside the taint (replicas was not
    read)."""
    with pytest.raises(WorkloadError) as exc:
        load_any(K8S / "karpenter-static-nodepool")
    msg = str(exc.value)
    assert "nothing to import" in msg
    assert "static NodePool(s) (spec.replicas): gpu-static: 1 node." in msg
    assert "NodePool(s) gpu-static have taints" in msg


def test_static_nodepool_replicas_that_is_no_node_count_is_refused(tmp_path):
    """The NodePool API takes spec.replicas as an integer >= 0 (karpenter.sh_nodepools.yaml: format int64, minimum
    0): the blueprint's pool with replicas -1 or "1" exits 2 naming the field."""
    text = (K8S / "karpenter-static-nodepool" / "static-nodepool.yaml").read_text()
    assert "  replicas: 1\n" in text
    for bad in ("-1", '"1"'):
        (tmp_path / "np.yaml").write_text(text.replace("  replicas: 1\n", f"  replicas: {bad}\n"))
        with pytest.raises(WorkloadError, match=r"spec\.replicas: .* is not a node count"):
            load_any(tmp_path / "np.yaml")


def test_a_spread_over_capacity_types_is_noted_not_dropped():
    """aws-samples/sample-aws-eks-auto-mode mixed-od-spot-deployment.yaml: 6 arm64 replicas of 256m / 512Mi spread
    with maxSkew 1 over karpenter.sh/capacity-type (half on Spot, half On-Demand). The spread was dropped without a
    word; the packing does not model it, so a note says what it changes."""
    res = import_k8s(K8S / "eks-auto-mode-mixed-od-spot-deployment.yaml")
    [svc] = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.replicas, svc.architecture) == (
        "web-mixed-capacity", 0.256, 512, 6, "arm64")
    [note] = [n for n in res.notes if "topologySpreadConstraints" in n]
    assert note.startswith("Deployment cost-optimization/web-mixed-capacity: topologySpreadConstraints on "
                           "karpenter.sh/capacity-type spread the pods over Spot and On-Demand nodes")
    assert "not priced" in note


def test_a_spread_constraint_without_its_topology_key_exits_2(tmp_path):
    text = (K8S / "eks-auto-mode-mixed-od-spot-deployment.yaml").read_text().replace(
        "          topologyKey: karpenter.sh/capacity-type\n", "")
    (tmp_path / "d.yaml").write_text(text)
    with pytest.raises(WorkloadError, match=r"topologySpreadConstraints\[0\]\.topologyKey: is required"):
        import_k8s(tmp_path / "d.yaml")


# ------------------------------------------------------------ CDK aws-eks (v1) clusters are custom resources


def test_cdk_aws_eks_cluster_custom_resource_is_a_declared_cluster(prices):
    """aws-cdk integ.eks-al2023-ng snapshot (tests/fixtures/iac/cdk/eks_al2023_ng_nested): the aws-eks module's
    eks.Cluster is not an AWS::EKS::Cluster but Custom::AWSCDK-EKS-Cluster Cluster9EE0221C, whose Config is the
    CreateCluster request: {"version": "1.29", ...} and no name (its Ref is the generated name). It used to be
    counted as "not priced" and the declared estate said the cluster was "not declared in this input", leaving out
    the control plane. As of 2026-01-01 1.29 is in extended support (end of standard support 2025-03-23): 730 h x
    $0.10 = $73.00 plus the surcharge 730 h x $0.50 = $365.00."""
    from advisor.compare.declared import price_declared
    from advisor.workload.importers.cloudformation import import_cloudformation
    from advisor.workload.model import DeclaredEstate, Workload

    path = REAL.parent / "iac" / "cdk" / "eks_al2023_ng_nested" / "aws-cdk-eks-cluster-al2023-ng-test.template.json"
    res = import_cloudformation(path, allow_empty=True, as_of="2026-01-01")
    [cluster] = res.declared["eks_clusters"]
    assert (cluster["name"], cluster["version"]) == ("Cluster9EE0221C", "1.29")
    assert {g["cluster"] for g in res.declared["node_groups"]} == {"Cluster9EE0221C"}
    assert not any("Custom::AWSCDK-EKS-Cluster" in n and "not priced" in n for n in res.notes)
    w = Workload.model_construct(name="eks", region=res.region, monthly_hours=730, services=[],
                                 declared=DeclaredEstate.model_validate(res.declared))  # as advisor diff prices it
    d = price_declared(w, prices).estimate
    cp = {ln.name: round(ln.monthly_cost, 2) for ln in d.lines if "EKS" in ln.name}
    assert cp == {"EKS control plane (standard support, Cluster9EE0221C)": 73.0,
                  "EKS extended support surcharge (Cluster9EE0221C, 1.29)": 365.0}
    assert not any("not declared in this input" in n for n in d.notes)


# ------------------------------------------------------------ ecs-refarch-mixed-mode: On-Demand and Spot nested stacks


def test_ecs_refarch_mixed_mode_on_demand_cluster_is_not_spot(prices):
    """aws-samples/ecs-refarch-mixed-mode (real/ecs/ecs-refarch-mixed-mode, the repository's layout): the parent
    nests templates/ecs-cluster.yaml twice, PurchaseOption OnDemand (t2.small) and Spot (c3.large, SpotBidPrice
    0.05); the child's launch configuration writes SpotPrice: !If [IsSpot, !Ref SpotBidPrice, !Ref AWS::NoValue],
    so the OnDemand cluster has no SpotPrice. It used to be priced at the Spot estimate ("SpotPrice {'Ref':
    'AWS::NoValue'}": 730 x $0.023 x 0.31 = $5.20 instead of $16.79).

    As declared, us-east-1 bundled rates: t2.small On-Demand 730 x $0.023 = $16.79; c3.large Spot, 70% off (Spot
    Instance Advisor) 730 x $0.105 x 0.30 = $22.995; a 30 GiB gp3 root volume each (no BlockDeviceMappings: the ECS
    AMI's) 2 x 30 x $0.08 = $4.80; the ALB 730 x $0.0225 = $16.425; its 2 public subnets' IPv4 addresses 2 x 730 x
    $0.005 = $7.30; and each cluster's instance's own public IPv4 address (both groups launch, from launch
    configurations that do not set AssociatePublicIpAddress, in the VPC stack's Subnet1 and Subnet2, which set
    MapPublicIpOnLaunch: true; followed through the nested stacks' outputs) 2 x 730 x $0.005 = $7.30, which was
    dropped. Total 16.79 + 22.995 + 4.80 + 16.425 + 7.30 + 7.30 = $75.61."""
    from advisor.compare.declared import price_declared
    from advisor.workload.importers.cloudformation import import_cloudformation

    res = import_cloudformation(ECS / "ecs-refarch-mixed-mode" / "spot-ondemand-ecs.yaml")
    groups = {g["name"]: (g["instance_types"], g["desired"], g["capacity_type"]) for g in res.declared["node_groups"]}
    assert groups == {"OnDemandClusterAutoScalingGroup": (["t2.small"], 1, "on_demand"),
                      "SpotClusterAutoScalingGroup": (["c3.large"], 1, "spot")}
    assert not any("NoValue" in n for n in res.notes + res.assumptions)
    # each cluster's service: nginx 256 CPU units / 256 MiB (memory hard limit), bridge mode, dynamic host port 0;
    # DesiredCount = MinTaskNumber, scaled MinTaskNumber-MaxTaskNumber: 1-20 (midpoint 10.5) and 4-20 (12)
    sizes = {s.name: (s.vcpu, s.memory_mib, s.network_mode, s.scaling.min, s.scaling.max, s.scaling.average)
             for s in res.workload.services}
    assert sizes == {"OnDemandClusterECSService": (0.25, 256, "bridge", 1, 20, 10.5),
                     "SpotClusterECSService": (0.25, 256, "bridge", 4, 20, 12)}
    assert {g["name"]: g.get("public_ip_share") for g in res.declared["node_groups"]} == {
        "OnDemandClusterAutoScalingGroup": 1.0, "SpotClusterAutoScalingGroup": 1.0}
    d = price_declared(res.workload, prices).estimate
    assert sum(ln.monthly_cost for ln in d.lines) == pytest.approx(16.79 + 22.995 + 4.80 + 16.425 + 7.30 + 7.30)


# ------------------------------------------------------------ GKE shift-left cost estimator's WordPress sample


def test_gke_cost_estimator_wordpress_folder():
    """GoogleCloudPlatform/kubernetes-engine-samples cost-optimization/gke-shift-left-cost/samples/
    k8s-cost-estimator-github/wordpress (real/k8s/gke-cost-estimator-wordpress): a Deployment of two containers with
    an autoscaling/v2beta2 HPA (2-10), a 3-replica MySQL StatefulSet with two init containers without requests, a
    fluentd DaemonSet, a LoadBalancer Service and a 360 GiB ReadWriteOnce claim the WordPress pods share."""
    w = load_any(K8S / "gke-cost-estimator-wordpress")
    # wordpress 200m + 200m, 256Mi + 40Mi; mysql 500m + 100m, 1Gi + 100Mi (init containers request nothing)
    assert _sizes(w) == {"mysql": (0.6, 1124), "wordpress": (0.4, 296)}
    svc = {s.name: s for s in w.services}
    assert svc["mysql"].replicas == 3
    assert (svc["wordpress"].scaling.min, svc["wordpress"].scaling.max, svc["wordpress"].scaling.average) == (2, 10, 6)
    assert [(v.name, v.size_gib, v.shared) for v in svc["wordpress"].persistent_volumes] == \
        [("wordpress-volumeclaim", 360, True)]
    assert [(v.name, v.size_gib) for v in svc["mysql"].persistent_volumes] == [("data", 10)]
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory) == ("fluentd-elasticsearch", 0.1, 200)
    assert w.shared.network_load_balancers.count == 1
    assert any("mysql: init init-mysql" in a and "mysql: init clone-mysql" in a for a in w.assumptions())
    assert any("must run on one node" in n for n in w.input_notes())  # 10 pods on one ReadWriteOnce claim


def test_gke_cost_estimator_wordpress_ecs_fargate_total():
    # the DaemonSet is a sidecar on Fargate: wordpress 0.4 + 0.1 vCPU, 296 + 200 = 496 MiB -> 0.5 vCPU / 1 GB,
    # 6 tasks (HPA midpoint): 6 x 18.02005 = 108.1203; mysql 0.6 + 0.1 vCPU, 1124 + 200 = 1324 MiB -> 1 vCPU / 2 GB,
    # 3 tasks: 3 x 36.0401 = 108.1203; compute 216.2406
    path = K8S / "gke-cost-estimator-wordpress"
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(216.2406, abs=1e-6)
    # storage: one EBS volume per task on ECS: mysql 3 x 10 GiB, wordpress 6 x 360 GiB, gp3 $0.08 = 2.40 + 172.80
    est = compare(path, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    ebs = {ln.service: round(ln.monthly_cost, 2) for ln in est.lines if ln.category == "storage"}
    assert ebs == {"mysql": 2.40, "wordpress": 172.80}


# ------------------------------------------------------------ aws-cdk integration-test snapshots (cdk synth output)


def _declared_lines(result, service: str) -> float:
    return sum(ln.monthly_cost for ln in result.declared.estimate.lines if ln.service == service)


def test_cdk_alb_and_nlb_fargate_services_with_a_fargate_spot_strategy():
    """aws-cdk integ.l3-capacity-provider-strategies: an ApplicationLoadBalancedFargateService and a
    NetworkLoadBalancedFargateService, each of one task (no DesiredCount: CloudFormation's 1) of Cpu 512 / Memory 1024,
    with CapacityProviderStrategy FARGATE base 1 weight 1 + FARGATE_SPOT base 0 weight 2. The base goes first, so the
    one task runs on FARGATE: 730 h x (0.5 x $0.04048 + 1 x $0.004445) = 730 x $0.024685 = $18.02005 each. Shared:
    the ALB and the NLB 730 x $0.0225 = $16.425 each, 2 NAT gateways 2 x 730 x $0.045 = $65.70, and 6 public IPv4
    addresses (the NAT gateways' 2 Elastic IPs + 2 subnets x 2 internet-facing load balancers) 6 x 730 x $0.005 =
    $21.90. As declared: 2 x 18.02005 + 2 x 16.425 + 65.70 + 21.90 = $156.4901."""
    w = load_any(ECS / "aws-cdk-l3-capacity-provider-strategies.template.json")
    assert [(s.name, s.vcpu, s.memory_mib, s.desired) for s in w.services] == [
        ("ALBFargateService90FDCE10", 0.5, 1024, 1), ("NLBFargateServiceB92AC095", 0.5, 1024, 1)]
    for s in w.services:
        assert s.capacity_provider_strategy == [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                                {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 2}]
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    for s in w.services:
        assert _declared_lines(result, s.name) == pytest.approx(730 * (0.5 * 0.04048 + 1 * 0.004445))
    assert result.declared.estimate.monthly_cost == pytest.approx(2 * 18.02005 + 2 * 16.425 + 65.70 + 21.90)


def test_cdk_scheduled_fargate_tasks_run_every_two_minutes():
    """aws-cdk integ.scheduled-fargate-task: two ScheduledFargateTasks, each an AWS::Events::Rule 'rate(2 minutes)'
    running 2 tasks (TaskCount 2) of Cpu 256 / Memory 512 on FARGATE. The template does not say how long a run lasts,
    so compare stops and names both rules; with 1 minute a run each is 730 h x 60 / 2 = 21,900 runs a month x 2
    tasks x 1 min = 730 task-hours x (0.25 x $0.04048 + 0.5 x $0.004445) = 730 x $0.0123425 = $9.010025. Shared:
    1 NAT gateway 730 x $0.045 = $32.85 and its Elastic IP 730 x $0.005 = $3.65; as declared 2 x 9.010025 + 32.85 +
    3.65 = $54.52005."""
    from advisor.workload.importers.cloudformation import import_cloudformation
    path = ECS / "aws-cdk-scheduled-fargate-task.template.json"
    rules = ("ScheduledFargateTaskScheduledEventRule2B79E34F", "ScheduledFargateTask2ScheduledEventRuleB28B6E89")
    with pytest.raises(WorkloadError) as exc:
        load_any(path)
    assert all(f"{r}: EventBridge rule 'rate(2 minutes)' runs task definition" in str(exc.value) for r in rules)
    assert "21900 times a month (every 2 minutes: 730 h x 60 / 2 min; 2 tasks each)" in str(exc.value)
    w = import_cloudformation(path, run_minutes={r: 1 for r in rules}).workload
    assert [(s.vcpu, s.memory_mib, s.replicas, s.runs_per_month, s.run_minutes) for s in w.services] == [
        (0.25, 512, 2, 21900, 1)] * 2
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    for s in w.services:
        assert _declared_lines(result, s.name) == pytest.approx(730 * (0.25 * 0.04048 + 0.5 * 0.004445))
    assert result.declared.estimate.monthly_cost == pytest.approx(2 * 9.010025 + 32.85 + 3.65)


def test_cdk_queue_processing_fargate_service_scales_zero_to_two():
    """aws-cdk integ.queue-processing-fargate-service: a QueueProcessingFargateService (Cpu 256 / Memory 512,
    LaunchType FARGATE, no DesiredCount) whose ScalableTarget (MinCapacity 0, MaxCapacity 2) names the service by
    Fn::Join ["service/", Ref cluster, "/", Fn::GetAtt [service, Name]]. Priced at the range's midpoint, 1 task
    (an assumption): 730 h x (0.25 x $0.04048 + 0.5 x $0.004445) = $9.010025; 2 NAT gateways $65.70 and their 2
    Elastic IPs 2 x 730 x $0.005 = $7.30: as declared $82.010025. The SQS queues and alarms are not priced."""
    w = load_any(ECS / "aws-cdk-queue-processing-fargate-service.template.json")
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib) == ("QueueProcessingServiceQueueProcessingFargateService0340DB9F",
                                                    0.25, 512)
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (0, 2, 1)
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    assert _declared_lines(result, svc.name) == pytest.approx(9.010025)
    assert result.declared.estimate.monthly_cost == pytest.approx(9.010025 + 65.70 + 7.30)


def test_cdk_service_of_another_stacks_task_definition_names_the_producer_stack():
    """aws-cdk integ.fargate-service-imported-taskdef, the consumer stack: its FargateService's TaskDefinition is
    Fn::ImportValue 'aws-ecs-integ-imported-taskdef-producer:ExportsOutputRefTaskDef546945703E5E1544' (the task
    definition, and its Cpu and Memory, are in the producer stack). It exited 2 with Terraform's words
    ('task_definition: is unknown until apply'); now the message names TaskDefinition, the export and the producer's
    template in the same cdk.out."""
    with pytest.raises(WorkloadError) as exc:
        load_any(ECS / "aws-cdk-imported-taskdef-consumer.template.json")
    msg = str(exc.value)
    assert ("ServiceWithImportedTaskDefService119AA3AC: TaskDefinition: !ImportValue aws-ecs-integ-imported-taskdef-"
            "producer:ExportsOutputRefTaskDef546945703E5E1544 imports another stack's export") in msg
    assert "compare aws-ecs-integ-imported-taskdef-producer.template.json in the same cdk.out" in msg
    assert "unknown until apply" not in msg


def test_ecs_volumes_not_priced_or_not_on_fargate_are_noted(tmp_path):
    """realk8s finding: amazon-ecs-firelens-examples' EFS example mounts an Amazon EFS volume (fs-c3c9bcbb); the
    volume was dropped without a word. It is still not priced (a file system bills what it stores, not per task;
    advisor holds no EFS prices), but a note now names it. The size is the task's: cpu '512' = 0.5 vCPU, memory
    '1024' MiB, awsvpc."""
    name = "firelens-efs-task-definition.json"
    res = import_taskdef(ECS / name)
    svc = res.workload.services[0]
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0.5, 1024, "awsvpc")
    [note] = [n for n in res.notes if "volume(s)" in n]
    assert "volume(s) not priced: firelens-conf (Amazon EFS fs-c3c9bcbb)" in note
    assert "advisor holds no EFS or FSx prices" in note
    # Docker volumes and host sourcePath bind mounts: Fargate cannot mount them (ECS API Reference)
    td = json.loads((ECS / name).read_text())["taskDefinition"]
    td["requiresCompatibilities"] = ["FARGATE"]
    td["volumes"] += [{"name": "cache", "dockerVolumeConfiguration": {"scope": "task", "driver": "local"}},
                      {"name": "logs", "host": {"sourcePath": "/var/log"}}, {"name": "scratch", "host": {}}]
    (tmp_path / "td.json").write_text(json.dumps(td))
    res = import_taskdef(tmp_path / "td.json")
    [note] = [n for n in res.notes if "volume(s)" in n]
    assert "volume(s) Fargate cannot mount: cache (a Docker volume" in note
    assert "logs (a bind mount of the instance's /var/log, volumes.host.sourcePath" in note
    assert "scratch" not in note  # no sourcePath: the task's own storage
    assert "Written as its host_volumes: ECS on Fargate and Fargate Spot cannot run it" in note
    # ... and they keep the service off ECS on Fargate (it was priced there, and could rank cheapest)
    assert res.workload.services[0].host_volumes == ["cache", "/var/log"]
    cmp = compare(res.workload, platforms=["ecs-fargate", "ecs-fargate-spot", "ecs-ec2"], scaling=False)
    for platform in ("ecs-fargate", "ecs-fargate-spot"):
        est = cmp.estimate(platform)
        [u] = est.unsupported
        assert not est.complete and "mounts volume(s) of its container instance (cache, /var/log)" in u.reason
        assert "'If you're using the Fargate launch type, the sourcePath parameter is not supported'" in u.reason
    assert cmp.estimate("ecs-ec2").complete
    td["networkMode"] = "bridge"
    del td["requiresCompatibilities"]
    (tmp_path / "td.json").write_text(json.dumps(td))
    [note] = [n for n in import_taskdef(tmp_path / "td.json").notes if "volume(s)" in n]
    assert "(network mode bridge runs on EC2 only already)" in note
    # no volumes of those kinds: no note, no host_volumes
    td["volumes"] = [{"name": "scratch", "host": {}}]
    (tmp_path / "td.json").write_text(json.dumps(td))
    res = import_taskdef(tmp_path / "td.json")
    assert not [n for n in res.notes if "volume(s)" in n] and res.workload.services[0].host_volumes is None


# ------------------------------------------------------------------------------------ GKE's cost-estimator app-v1

GKE_APP_V1 = K8S / "gke-cost-estimator-local-app-v1"


def test_gke_cost_estimator_app_v1_deployment_requests_more_memory_than_its_limit():
    """GoogleCloudPlatform/kubernetes-engine-samples cost-optimization/gke-shift-left-cost/samples/
    k8s-cost-estimator-local/app-v1 (real/k8s/gke-cost-estimator-local-app-v1): deployment.yaml requests 64Mi
    (67,108,864 bytes) under a limit of 64M (64,000,000 bytes = 61.0352 MiB), which the API server refuses ("must be
    less than or equal to memory limit of 64M"); it was priced as 4 pods of 250m / 64 MiB without a word."""
    for path in (GKE_APP_V1, GKE_APP_V1 / "deployment.yaml"):
        with pytest.raises(WorkloadError) as e:
            load_any(path)
        text = str(e.value)
        assert "deployment.yaml: document 1 (Deployment test): spec.template.spec.containers[0].resources.requests." \
               "memory: '64Mi' (64 MiB) is more than its limit '64M' (61.0352 MiB); Kubernetes refuses the pod" in text
        assert "Mi is 1024-based and M 1000-based: write both with Mi." in text
    r = CliRunner().invoke(app, ["import", "k8s", str(GKE_APP_V1)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_gke_cost_estimator_app_v1_hpa_on_an_apps_v1beta1_deployment():
    # apps/v1beta1 Deployment my-nginx without replicas, selector or requests; an autoscaling/v2beta2 HPA 9-20 whose
    # scaleTargetRef has no apiVersion. The StatefulSet of the same name (statefulset.yaml) is another object.
    w = load_any(GKE_APP_V1 / "deployment-with-hpa.yaml")
    [svc] = w.services
    assert (svc.name, svc.has_no_requests) == ("my-nginx", True)
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (9, 20, 14.5)  # midpoint (9 + 20) / 2
    # EKS on Fargate: a pod with no requests runs at 0.25 vCPU / 0.5 GB ($9.010025 a month), 14.5 pods on average:
    # 130.6453625; + $73 control plane + 2 CoreDNS pods (2 x 9.010025 = 18.02005) = 221.6654125
    assert _compute_and_control_plane(GKE_APP_V1 / "deployment-with-hpa.yaml", "eks-fargate") == \
        pytest.approx(221.6654125, abs=1e-6)


def test_gke_cost_estimator_app_v1_statefulset_claims_of_a_class_not_in_the_input():
    w = load_any(GKE_APP_V1 / "statefulset.yaml")
    [svc] = w.services
    # alone it is my-nginx (beside deployment-with-hpa.yaml's Deployment my-nginx it is "default/my-nginx (StatefulSet)")
    assert (svc.name, svc.replicas, svc.spot, svc.has_no_requests) == ("my-nginx", 3, False, True)
    assert [(v.name, v.size_gib, v.storage_class) for v in svc.persistent_volumes] == [("www", 1, "my-storage-class")]
    # my-storage-class is not in the input: assumed to be EBS, and said so (it was silent)
    assert any("www 1 GiB of StatefulSet default/my-nginx (StorageClass 'my-storage-class', which is not in the "
               "input: assumed to be EBS)" in n for n in w.input_notes())
    # ECS on Fargate: 3 tasks at 0.25 vCPU / 0.5 GB = 3 x 9.010025 = 27.030075, + one 1 GiB gp3 volume per task at
    # $0.08 per GB-month = 0.24 -> 27.270075. EKS on Fargate cannot mount the EBS volumes.
    est = compare(GKE_APP_V1 / "statefulset.yaml", platforms=["ecs-fargate", "eks-fargate"])
    assert sum(ln.monthly_cost for ln in est.estimate("ecs-fargate").lines) == pytest.approx(27.270075, abs=1e-6)
    assert [u.service for u in est.estimate("eks-fargate").unsupported] == ["my-nginx"]


@pytest.mark.parametrize("name, says", [
    # a kube-system DaemonSet alone, and an unmounted 360 GiB claim alone: nothing to price, and why
    ("deamonset.yaml", "1 DaemonSet(s) read (fluentd-elasticsearch): a DaemonSet runs one pod on every node"),
    ("pvc.yaml", "skipped (no compute to price): 1 PersistentVolumeClaim"),
])
def test_gke_cost_estimator_app_v1_files_without_a_workload(name, says):
    with pytest.raises(WorkloadError) as e:
        load_any(GKE_APP_V1 / name)
    assert "nothing to import: no service was found" in str(e.value) and says in str(e.value)


# ------------------------------------------------------------------------------------ ECS agent task definitions


def test_ecs_agent_network_link_containers_below_64_mib():
    # aws/amazon-ecs-agent functional test network-link: two containers linked in bridge mode (links), no task size:
    # cpu 20 + 10 units = 30/1024 = 0.029296875 vCPU; memory 20 + 64 = 84 MiB (container hard limits, no reservation)
    res = import_taskdef(ECS / "ecs-agent-network-link-task-definition.json")
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0.029296875, 84, "bridge")
    assert [(c.name, c.cpu, c.memory) for c in svc.containers] == [("nginx", 20 / 1024, 20), ("exit", 10 / 1024, 64)]
    # 20 MiB is written with its unit (a bare 20 would be read as 20 GB) and reads back to the same workload
    text = res.to_yaml()
    assert '{name: "nginx", cpu: "20 units", memory: "20 MiB"}' in text
    assert load_workload_text(text) == res.workload
    # bridge mode: not on ECS on Fargate. EKS on Fargate: 84 + 256 = 340 MiB -> 0.25 vCPU / 0.5 GB = 9.010025,
    # + 73 + 2 CoreDNS pods 18.02005 = 100.030075
    path = ECS / "ecs-agent-network-link-task-definition.json"
    assert compare(path, platforms=["ecs-fargate"]).estimate("ecs-fargate").unsupported
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(100.030075, abs=1e-6)


def test_ecs_agent_task_memory_with_container_cpu_only():
    # oom-task: task-level memory "64" (MiB) and no task cpu; its one container says cpu 1 (unit) and no memory:
    # 1/1024 = 0.0009765625 vCPU, 64 MiB. EKS on Fargate: 64 + 256 = 320 MiB -> 0.25 / 0.5 GB: 100.030075 as above
    path = ECS / "ecs-agent-oom-task-task-definition.json"
    [svc] = load_any(path).services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0.0009765625, 64, "bridge")
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(100.030075, abs=1e-6)


def test_ecs_agent_awsvpc_task_without_cpu_or_compatibilities():
    # test-eni-trunking: awsvpc, no requiresCompatibilities, no task size, one container of memory 512 and no cpu
    # (placeholders $$$TASK_ROLE$$$ / $$$TEST_REGION$$$ and an empty command are accepted as text)
    path = ECS / "ecs-agent-test-eni-trunking-task-definition.json"
    w = load_any(path)
    [svc] = w.services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0, 512, "awsvpc")
    assert any("test-eni-trunking: eni-trunking-validator (no cpu)" in a for a in w.assumptions())
    # ECS on Fargate: the smallest size holding 512 MiB, 0.25 vCPU / 0.5 GB = 9.010025
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(9.010025, abs=1e-6)
    # EKS on Fargate: 512 + 256 = 768 MiB -> 0.25 vCPU / 1 GB = 10.63245, + 73 + 18.02005 = 101.6525
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(101.6525, abs=1e-6)


def test_ecs_agent_privileged_container_runs_on_ec2_only():
    # privileged: a bridge task (so not ECS on Fargate) whose one container has privileged: true; 10 units / 64 MiB.
    # It was priced on EKS on Fargate ($100.03: 64 + 256 MiB -> 0.25 vCPU / 0.5 GB, the control plane and CoreDNS),
    # which runs no privileged containers ("Privileged containers aren't supported on Fargate")
    path = ECS / "ecs-agent-privileged-task-definition.json"
    [svc] = load_any(path).services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode, svc.privileged) == (10 / 1024, 64, "bridge", True)
    cmp = compare(path, platforms=["ecs-fargate", "eks-fargate", "ecs-ec2"])
    [u] = cmp.estimate("eks-fargate").unsupported
    assert u.reason.startswith("it runs a privileged container, which Fargate does not")
    assert "network mode bridge" in cmp.estimate("ecs-fargate").unsupported[0].reason
    assert cmp.estimate("ecs-ec2").complete


@pytest.mark.parametrize("name, cpu_units, memory, unsupported", [
    ("tmpfs", 500, 500, ["linuxParameters.tmpfs"]),  # a 100 MiB tmpfs mount at /dev/tmpfs
    ("shmsize", 500, 500, ["linuxParameters.sharedMemorySize"]),  # /dev/shm of 100 MiB
    ("ipc-namespace-host-share", 100, 80, ["ipcMode host"]),
    ("pid-namespace-host-share", 100, 80, ["pidMode host"]),
])
def test_ecs_agent_tasks_with_parameters_fargate_does_not_support(tmp_path, name, cpu_units, memory, unsupported):
    # amazon-ecs-agent functional-test tasks that set task definition parameters Fargate does not support: ipcMode
    # ("This is not supported for tasks running on Fargate", Developer Guide 'Task definition parameters'), pidMode
    # host (the EC2 instance's process namespace), linuxParameters tmpfs / sharedMemorySize ("If you're using tasks
    # that use the Fargate launch type, the ... parameter isn't supported", API Reference LinuxParameters). They were
    # read without a word, so the same task in awsvpc mode was priced on ECS on Fargate.
    path = ECS / f"ecs-agent-{name}-task-definition.json"
    [svc] = load_any(path).services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode, svc.fargate_unsupported) == \
        (cpu_units / 1024, memory, "bridge", unsupported)
    # the same task in awsvpc mode with a Fargate size (edited here, not in the fixture): still not on ECS on Fargate
    td = json.loads(path.read_text())
    td.update(networkMode="awsvpc", cpu="512", memory="1024", requiresCompatibilities=["FARGATE"])
    edited = tmp_path / "awsvpc.json"
    edited.write_text(json.dumps(td))
    res = import_taskdef(edited)
    assert any(f"requiresCompatibilities FARGATE with {unsupported[0]}, which Fargate does not support" in n
               for n in res.notes)
    cmp = compare(edited, platforms=["ecs-fargate", "ecs-ec2"])
    [u] = cmp.estimate("ecs-fargate").unsupported
    assert u.reason.startswith(f"its task definition sets {unsupported[0]}, which Fargate does not support")
    assert cmp.estimate("ecs-ec2").complete


@pytest.mark.parametrize("edit, fld, says", [
    # were read without a word: pidMode HOST / bogus as not host (priced on Fargate), sharedMemorySize 'abc' / -5 and
    # tmpfs 'x' as set, ipcMode bogus as 'ipcMode bogus'
    ({"pidMode": "HOST"}, "pidMode", "'HOST' is not valid (did you mean host?); write host or task"),
    ({"ipcMode": "shareable"}, "ipcMode", "'shareable' is not valid; write host, task or none"),
    ({"sharedMemorySize": "abc"}, "containerDefinitions[0].linuxParameters.sharedMemorySize",
     "'abc' is not a size; write the /dev/shm size in MiB as a whole number (e.g. 64)"),
    ({"sharedMemorySize": -5}, "containerDefinitions[0].linuxParameters.sharedMemorySize", "-5 is not a size"),
    ({"tmpfs": "x"}, "containerDefinitions[0].linuxParameters.tmpfs", "'x' is not a list of tmpfs mounts"),
])
def test_a_fargate_unsupported_parameter_ecs_refuses_is_an_error_naming_it(tmp_path, edit, fld, says):
    # Amazon ECS API Reference: RegisterTaskDefinition ipcMode "host | task | none", pidMode "host | task";
    # LinuxParameters sharedMemorySize Integer, tmpfs Array of Tmpfs objects
    td = json.loads((ECS / "ecs-agent-shmsize-task-definition.json").read_text())
    lp = td["containerDefinitions"][0]["linuxParameters"]
    lp.pop("sharedMemorySize")
    for key, value in edit.items():
        (td if key.endswith("Mode") else lp)[key] = value
    path = tmp_path / "td.json"
    path.write_text(json.dumps(td))
    with pytest.raises(WorkloadError) as e:
        import_taskdef(path)
    assert f": {fld}: {says}" in str(e.value)
    r = CliRunner().invoke(app, ["compare", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    # CloudFormation's number as text is the number: '100' MiB of /dev/shm is set
    lp.pop("tmpfs", None)
    td.pop("pidMode", None), td.pop("ipcMode", None)
    lp["sharedMemorySize"] = "100"
    path.write_text(json.dumps(td))
    assert import_taskdef(path).workload.services[0].fargate_unsupported == ["linuxParameters.sharedMemorySize"]


# ------------------------------------------------------------------------------------ CDK: Windows on Fargate


def test_cdk_windows_fargate_task_with_ephemeral_storage_and_no_tasks():
    """aws/aws-cdk integ.fargate-windows-ephemeral-storage: a WINDOWS_SERVER_2019_FULL Fargate task of 2 vCPU /
    4 GB with 40 GiB of ephemeral storage (Windows platform version 1.0.0), run by a service of DesiredCount 0."""
    path = ECS / "aws-cdk-fargate-windows-ephemeral-storage.template.json"
    res = import_cloudformation(path)
    [svc] = res.workload.services
    assert (svc.replicas, svc.vcpu, svc.memory_mib, svc.os, svc.architecture, svc.ephemeral_storage_gib,
            svc.network_mode) == (0, 2, 4096, "windows", "x86_64", 40, "awsvpc")
    # 0 tasks: no compute on ECS on Fargate
    assert _compute_and_control_plane(path, "ecs-fargate") == 0
    # one task, us-east-1 Windows rates: vCPU 2 x 0.09148 x 730 = 133.5608; memory 4 x 0.01005 x 730 = 29.346;
    # licence 2 x 0.046 x 730 = 67.16; ephemeral storage above 20 GiB: 20 x 0.000111 x 730 = 1.6206 -> 231.6874
    one = load_workload_text(res.to_yaml().replace("replicas: 0", "replicas: 1"))
    est = compare(one, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    lines = {ln.name: round(ln.monthly_cost, 6) for ln in est.lines if ln.category in ("compute", "os_license", "storage")}
    assert lines == {"Fargate vCPU (on-demand, x86_64, Windows)": 133.5608,
                     "Fargate memory (on-demand, x86_64, Windows)": 29.346, "Fargate Windows OS licence": 67.16,
                     "Fargate ephemeral storage above 20 GiB (on-demand)": 1.6206}
    assert sum(lines.values()) == pytest.approx(231.6874, abs=1e-6)


# ------------------------------------------------------------------------------------ ECS inputs of the real-ECS review


def test_ecs_exec_task_size_written_in_vcpu_and_gb_with_a_leading_dot():
    # Amazon ECS Developer Guide, "Using Amazon ECS Exec" task definition: "memory": ".5 gb", "cpu": ".25 vcpu",
    # awsvpc, EC2 and FARGATE: 0.25 vCPU / 512 MiB, one Fargate task = (0.25 x 0.04048 + 0.5 x 0.004445) x 730
    name = "awsdocs-ecs-exec-task-definition.json"
    svc = load_any(ECS / name).services[0]
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0.25, 512, "awsvpc")
    assert _compute_and_control_plane(ECS / name, "ecs-fargate") == pytest.approx(9.010025, abs=1e-6)


def test_gpu_task_definition_with_container_sizes_only_is_refused_as_unpriceable(prices):
    # amazon-ecs-agent's nvidia-gpu test task: one container, cpu 100 units, memory 100 MiB, resourceRequirements
    # GPU "1", no networkMode (bridge): gpus 1; Fargate has no GPUs and advisor does not size GPU instances
    from advisor.errors import AdvisorError

    name = "ecs-agent-nvidia-gpu-task-definition.json"
    [svc] = load_any(ECS / name).services
    assert (svc.gpus, svc.network_mode, svc.memory_mib, svc.vcpu) == (1, "bridge", 100, pytest.approx(100 / 1024))
    with pytest.raises(AdvisorError, match="advisor cannot price GPU services yet"):
        compare(ECS / name, prices=prices, scaling=False)


def test_a_non_essential_container_still_reserves_its_memory():
    # amazon-ecs-agent's container-ordering-success task: 'success' (essential) and 'success-dependency'
    # (essential false, exits first), 64 MiB each, cpu 0: ECS reserves the task's memory on its instance until the
    # task stops, so both count: 128 MiB, and no CPU request (both listed as containers without one)
    name = "ecs-agent-container-ordering-success-task-definition.json"
    res = import_taskdef(ECS / name)
    [svc] = res.workload.services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (0, 128, "bridge")
    assert [c.name for c in svc.containers] == ["success", "success-dependency"]
    assert any("success-dependency (no cpu)" in n for n in res.workload.input_notes())


def test_create_service_output_prices_the_service_in_the_region_of_its_arns():
    # AWS CLI example "create-service" Example 2 output ({"service": ...}: serviceArn, clusterArn and taskDefinition
    # arn:aws:ecs:us-west-2:...; desiredCount 1, launchType EC2, 100% / 200%) with the ECS Developer Guide's
    # sleep360 task definition (one container, cpu 10 units, memory 10 MiB, bridge). The region was dropped: the
    # workload was written for us-east-1 without a word. Now it is us-west-2, with a note, and --region still wins.
    args = ["import", "taskdef", str(ECS / "awsdocs-ecs-awscli-ec2-sleep360-task-definition.json"),
            "--services", str(ECS / "awscli-create-service-ec2-output.json")]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert w.region == "us-west-2"
    assert (svc.name, svc.replicas, svc.network_mode, svc.memory_mib, svc.min_healthy_percent, svc.max_percent) == (
        "ecs-simple-service", 1, "bridge", 10, 100, 200)
    assert svc.vcpu == pytest.approx(10 / 1024)
    assert "note: region us-west-2, the region of the input's ECS ARNs (service [0] serviceArn, service [0] " \
           "clusterArn, service [0] taskDefinition)" in r.output
    r = CliRunner().invoke(app, [*args, "--region", "eu-west-1"])
    assert r.exit_code == 0 and load_workload_text(r.stdout).region == "eu-west-1"
    assert "priced in eu-west-1 (--region), although the input's ECS ARNs name us-west-2" in r.output


def test_arns_of_two_regions_exit_2_asking_for_region(tmp_path):
    svc = json.loads((ECS / "awscli-create-service-ec2-output.json").read_text())
    svc["service"]["serviceArn"] = svc["service"]["serviceArn"].replace("us-west-2", "eu-west-1")
    (tmp_path / "svc.json").write_text(json.dumps(svc))
    r = CliRunner().invoke(app, ["import", "taskdef", str(ECS / "awsdocs-ecs-awscli-ec2-sleep360-task-definition.json"),
                                 "--services", str(tmp_path / "svc.json")])
    assert r.exit_code == 2
    assert "the input's ECS ARNs name several regions: eu-west-1 (service [0] serviceArn); us-west-2 (service [0] " \
           "clusterArn, service [0] taskDefinition). A workload is priced in one region: give --region" in r.output


def test_a_copilot_manifest_is_named_with_the_package_command():
    # aws/copilot-cli's Load Balanced Web Service manifest (name frontend, cpu 256, memory 512, count 1). It was read
    # as a workload file: "invalid workload (9 problems)", 'services' is required, unknown keys type, http, image...
    name = OTHER / "copilot-lb-svc.yml"
    for args in (["compare", str(name)], ["import", "cloudformation", str(name)]):
        r = CliRunner().invoke(app, args)
        assert r.exit_code == 2
        out = " ".join(r.output.split())
        assert "is an AWS Copilot manifest (type: Load Balanced Web Service), which advisor does not read" in out
        assert "'copilot svc package -n frontend -e ENV --output-dir out'" in out
        assert "'advisor import cloudformation out/frontend-ENV.stack.yml --parameters-file " \
               "out/frontend-ENV.params.json -o workload.yaml'" in out
        assert "invalid workload" not in out


@pytest.mark.parametrize("name", ["my app; rm -rf ~", "Frontend", "web--api", "web-", "$(id)", 7])
def test_a_copilot_manifest_name_copilot_refuses_is_not_put_in_a_command(tmp_path, name):
    # the name went into the suggested command as written: 'copilot svc package -n my app; rm -rf ~ -e ENV ...', a
    # command line that runs 'rm -rf ~' when pasted. Copilot accepts lower-case letters, numbers and single hyphens,
    # starting with a letter and not ending with a hyphen (copilot-cli basicNameValidation); any other name is NAME
    f = tmp_path / "manifest.yml"
    f.write_text(yaml.safe_dump({"name": name, "type": "Backend Service"}))
    r = CliRunner().invoke(app, ["compare", str(f)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2
    assert "'copilot svc package -n NAME -e ENV --output-dir out'" in out
    assert "out/NAME-ENV.stack.yml --parameters-file out/NAME-ENV.params.json" in out
    assert str(name) not in out.split("does not read")[1]


def test_suggested_commands_quote_what_the_input_names(tmp_path):
    # a CloudFormation parameter name and a folder went into suggested commands unquoted ('-P x; touch p=VALUE',
    # 'advisor report --all /tmp/my dir'): each is one shell word now
    t = tmp_path / "t.yaml"
    t.write_text(yaml.safe_dump({"Parameters": {"x; touch p": {"Type": "String"}}, "Resources": {"TD": {
        "Type": "AWS::ECS::TaskDefinition", "Properties": {"Cpu": {"Ref": "x; touch p"}, "Memory": "512",
                                                           "ContainerDefinitions": [{"Name": "a", "Image": "nginx"}]}}}}))
    r = CliRunner().invoke(app, ["import", "cloudformation", str(t)])
    assert r.exit_code == 2
    assert "'advisor import cloudformation TEMPLATE -P 'x; touch p=VALUE''" in " ".join(r.output.split())
    folder = tmp_path / "my dir"
    folder.mkdir()
    (folder / "w.yaml").write_text(yaml.safe_dump({"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 512}]}))
    r = CliRunner().invoke(app, ["compare", str(folder)])
    assert r.exit_code == 2
    assert f"'advisor report --all '{folder}''" in " ".join(r.output.split())


def test_online_boutique_overlay_with_components_is_built_as_kustomize_builds_it():
    """GoogleCloudPlatform/microservices-demo kustomize/tests/memorystore-with-all-components: base (12 Deployments,
    redis-cart among them in cartservice.yaml) plus four Components. The components were read unpatched: memorystore's
    patch '$patch: delete' of Deployment redis-cart (Memorystore replaces the in-cluster Redis) was not applied, so
    redis-cart (70m / 200Mi) was priced, and google-cloud-operations' otel-collector Deployment was added without its
    patches. Now: 12 services, no redis-cart, opentelemetrycollector in; no assumption (every patch applied)."""
    folder = K8S / "online-boutique-kustomize" / "tests" / "memorystore-with-all-components"
    res = import_k8s(folder)
    names = [s.name for s in res.services]
    assert len(names) == 12 and "redis-cart" not in names and "opentelemetrycollector" in names
    assert not res.assumptions
    # the base alone still has redis-cart (200Mi request), and the same 11 others
    base = {s.name: s for s in import_k8s(K8S / "online-boutique-kustomize" / "base").services}
    assert (base["redis-cart"].data["cpu"], base["redis-cart"].data["memory"]) == (0.07, 200)
    assert set(base) - set(names) == {"redis-cart"} and set(names) - set(base) == {"opentelemetrycollector"}


# Frankfurt (eu-central-1) rates of the bundled data: Fargate Linux x86 On-Demand $0.04656 per vCPU-hour and $0.00511
# per GB-hour (AWS Fargate pricing page), a public IPv4 address $0.005 per IP-hour (Amazon VPC pricing, every region),
# an ALB $0.027 per hour, a NAT gateway $0.052 per hour. One 0.25 vCPU / 0.5 GB task all month:
# 0.25 x 0.04656 x 730 + 0.5 x 0.00511 x 730 = 8.4972 + 1.86515 = $10.36235; its public address 730 x 0.005 = $3.65.
FRA_TASK, FRA_IP = 0.25 * 0.04656 * 730 + 0.5 * 0.00511 * 730, 730 * 0.005


def test_yelb_service_connect_tasks_with_public_ips_pay_for_them():
    """aws-samples/ecs-service-connect-yelb-sample-app iac/base-infra-cfn.yaml: four FARGATE services (yelb-db 1,
    yelb-redis 1, yelb-appserver 3, yelb-ui 3 tasks; each task definition Cpu "256" / Memory "512"), every one with
    NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp ENABLED, so each of the 8 running tasks holds a public
    IPv4 address: 8 x $3.65 = $29.20 a month, which was dropped without a word (the declared total read $212.84).
    In eu-central-1 the declared estate is 8 x $10.36235 (tasks) + $29.20 (their addresses) + 2 ALBs x 730 x $0.027
    ($39.42) + 2 NAT gateways x 730 x $0.052 ($75.92) + 4 fixed addresses (2 NAT Elastic IPs, the internet-facing
    ALB in 2 subnets) x $3.65 ($14.60) = $242.0388; ECS on Fargate the same. ECS on EC2 prices no per-task address
    (tasks on EC2 cannot have one) and says so; EKS on Fargate none either."""
    w = load_any(ECS / "yelb-service-connect-base-infra-cfn.yaml", region="eu-central-1")
    assert {s.name: (s.desired, s.public_ip) for s in w.services} == {
        "yelb-db": (1, True), "yelb-redis": (1, True), "yelb-appserver": (3, True), "yelb-ui": (3, True)}
    result = compare(w, platforms=["ecs-fargate", "ecs-ec2", "eks-fargate"], scaling=False)
    expected = 8 * FRA_TASK + 8 * FRA_IP + 2 * 730 * 0.027 + 2 * 730 * 0.052 + 4 * FRA_IP
    assert expected == pytest.approx(242.0388)
    for est in (result.declared.estimate, result.estimate("ecs-fargate")):
        assert est.monthly_cost == pytest.approx(expected, abs=1e-6)
        per_task = {ln.service: ln.quantity for ln in est.lines if ln.category == "public_ipv4" and ln.service}
        assert per_task == {"yelb-db": 730, "yelb-redis": 730, "yelb-appserver": 3 * 730, "yelb-ui": 3 * 730}
    ec2 = result.estimate("ecs-ec2")
    assert sum(ln.quantity for ln in ec2.lines if ln.category == "public_ipv4") == 4 * 730  # the fixed ones only
    assert any("public_ip (yelb-db, yelb-redis, yelb-appserver, yelb-ui): no per-task public IPv4 address is priced "
               "here: tasks on EC2 cannot have their own public IP" in n for n in ec2.notes)
    assert not any(ln.service for ln in result.estimate("eks-fargate").lines if ln.category == "public_ipv4")


def test_ecs_refarch_continuous_deployment_service_task_public_ip():
    """awslabs/ecs-refarch-continuous-deployment templates/service.yaml: LaunchType defaults to Fargate, so
    FargateService (DesiredCount 1, AssignPublicIp ENABLED) runs the 256 / 512 task, and EC2Service's Condition is
    false. In eu-central-1: $10.36235 for the task + $3.65 for its public address = $14.01235, declared and on ECS on
    Fargate (it read $10.36)."""
    w = load_any(ECS / "ecs-refarch-continuous-deployment-service.yaml", region="eu-central-1")
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired, svc.public_ip) == ("FargateService", 0.25, 512, 1, True)
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    for est in (result.declared.estimate, result.estimate("ecs-fargate")):
        assert est.monthly_cost == pytest.approx(FRA_TASK + FRA_IP, abs=1e-6)
        [ip] = [ln for ln in est.lines if ln.category == "public_ipv4"]
        assert (ip.service, ip.quantity, ip.unit_price) == ("FargateService", 730, 0.005)


def test_create_service_fargate_output_with_assign_public_ip(tmp_path):
    """AWS CLI example "create-service" Example 1 output: MyService, desiredCount 2, launchType FARGATE,
    networkConfiguration.awsvpcConfiguration.assignPublicIp ENABLED, task definition sample-fargate:1 (not in the
    example: a 256 / 512 awsvpc task definition of that family, written here). Each of the 2 tasks holds a public
    address: 2 x $3.65 = $7.30 on ECS on Fargate in eu-central-1 (--region; the ARNs name us-west-2). A value ECS
    refuses ("enabled") exits 2 naming the field and the valid values."""
    td = {"family": "sample-fargate", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
          "memory": "512", "containerDefinitions": [{"name": "app", "image": "httpd:2.4", "essential": True}]}
    (tmp_path / "td.json").write_text(json.dumps(td))
    args = ["import", "taskdef", str(tmp_path / "td.json"), "--services",
            str(ECS / "awscli-create-service-fargate-output.json"), "--region", "eu-central-1"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "# assignPublicIp ENABLED: each task on Fargate holds a public IPv4 address" in r.stdout
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (svc.name, svc.desired, svc.public_ip) == ("MyService", 2, True)
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(2 * FRA_TASK + 2 * FRA_IP, abs=1e-6)
    bad = json.loads((ECS / "awscli-create-service-fargate-output.json").read_text())
    bad["service"]["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"] = "enabled"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    r = CliRunner().invoke(app, [*args[:4], str(tmp_path / "bad.json")])
    assert r.exit_code == 2
    out = " ".join(r.output.split())
    assert "networkConfiguration.awsvpcConfiguration.assignPublicIp" in out
    assert "'enabled' is not valid; use ENABLED or DISABLED (ECS AwsVpcConfiguration assignPublicIp; the default is " \
        "DISABLED). Did you mean 'ENABLED'?" in out



def _taskdef(tmp_path: Path, **td) -> Path:
    """A task definition of the family a public service example names but does not include (written here)."""
    path = tmp_path / f"{td['family']}.json"
    path.write_text(json.dumps({**td, "containerDefinitions": td.get("containerDefinitions") or [
        {"name": "app", "image": "public.ecr.aws/docker/library/httpd:2.4", "essential": True}]}))
    return path


#: AWS CLI "create-service" Example 5 (EBS volumes at service creation): mytaskdef, written here with the
#: configuredAtLaunch volume both the request and the output name (in either case), 1 vCPU / 3 GB on EC2 or Fargate.
def _ebs_taskdef(tmp_path: Path, volume: str) -> Path:
    return _taskdef(tmp_path, family="mytaskdef", networkMode="awsvpc", requiresCompatibilities=["EC2", "FARGATE"],
                    cpu="1024", memory="3072", volumes=[{"name": volume, "configuredAtLaunch": True}],
                    containerDefinitions=[{"name": "app", "image": "public.ecr.aws/docker/library/httpd:2.4",
                                           "essential": True,
                                           "mountPoints": [{"sourceVolume": volume, "containerPath": "/data"}]}])


# 2 tasks of 1 vCPU / 3 GB on Fargate in us-west-2 (the ARNs' region; the same rates as us-east-1):
# 2 x (0.04048 + 3 x 0.004445) x 730 = 2 x 39.28495 = 78.5699; one 100 GiB gp3 volume per task at $0.08 per
# GB-month (pricing_data/ebs_rates.csv, us-west-2): 2 x 100 x 0.08 = 16.00
EBS_EXAMPLE_TASKS, EBS_EXAMPLE_VOLUMES = 2 * (0.04048 + 3 * 0.004445) * 730, 2 * 100 * 0.08


def test_create_service_output_keeps_the_managed_ebs_volume_in_its_primary_deployment(tmp_path):
    """AWS CLI "create-service" Example 5 output: the ECS API's Service object has no volumeConfigurations; the
    managed EBS volume (100 GiB gp3, myEBSVolume) is the PRIMARY deployment's (deployments[0]). It used to be
    dropped: "volume(s) myEBSVolume are configured at launch ... no service giving them was read, so they are not
    priced" ($78.57 on ECS on Fargate instead of $94.57)."""
    r = CliRunner().invoke(app, ["import", "taskdef", str(_ebs_taskdef(tmp_path, "myEBSVolume")), "--services",
                                 str(ECS / "awscli-create-service-ebs-output.json")])
    assert r.exit_code == 0, r.output
    assert "# volumeConfigurations from deployments[0], the PRIMARY deployment" in r.stdout
    assert "configured at launch" not in r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (w.region, svc.name, svc.desired, svc.public_ip) == ("us-west-2", "ecs-simple-service-ebs", 2, False)
    assert [(v.name, v.size_gib, v.volume_type) for v in svc.persistent_volumes] == [("myEBSVolume", 100, "gp3")]
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(EBS_EXAMPLE_TASKS + EBS_EXAMPLE_VOLUMES, abs=1e-6)
    assert EBS_EXAMPLE_TASKS + EBS_EXAMPLE_VOLUMES == pytest.approx(94.5699)


def test_create_service_request_with_ebs_volume_reads_as_its_output_does(tmp_path):
    """The same example's request (ecs-simple-service-ebs.json, volumeConfigurations at the top, assignPublicIp
    ENABLED): the same volume, plus each task's public IPv4 address, 2 x 730 x $0.005 = $7.30."""
    r = CliRunner().invoke(app, ["import", "taskdef", str(_ebs_taskdef(tmp_path, "myEbsVolume")), "--services",
                                 str(ECS / "awscli-create-service-ebs-input.json")])
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert [(v.name, v.size_gib, v.volume_type) for v in svc.persistent_volumes] == [("myEbsVolume", 100, "gp3")]
    assert (w.region, svc.desired, svc.public_ip) == ("us-east-1", 2, True)
    est = compare(w, platforms=["ecs-fargate"], scaling=False, region="us-west-2").estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(EBS_EXAMPLE_TASKS + EBS_EXAMPLE_VOLUMES + 2 * 730 * 0.005, abs=1e-6)


def test_create_service_request_behind_a_classic_load_balancer_names_it(tmp_path):
    """AWS CLI "create-service" Example 4 request (ecs-simple-service-elb.json): 10 tasks of ecs-demo (written here:
    a bridge task of 10 CPU units and 300 MiB on host port 80) behind `loadBalancerName` EC2Contai-EcsElast-...,
    a Classic Load Balancer (ECS LoadBalancer: the name "should be omitted" for an Application or Network Load
    Balancer). It used to be called "1 load balancer target group(s)" to add as shared.load_balancers."""
    td = _taskdef(tmp_path, family="ecs-demo", containerDefinitions=[
        {"name": "simple-demo", "image": "public.ecr.aws/docker/library/httpd:2.4", "cpu": 10, "memory": 300,
         "essential": True, "portMappings": [{"containerPort": 80, "hostPort": 80}]}])
    r = CliRunner().invoke(app, ["import", "taskdef", str(td), "--services",
                                 str(ECS / "awscli-create-service-elb-input.json")])
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (svc.name, svc.desired, svc.network_mode, list(svc.host_ports)) == (
        "ecs-simple-service-elb", 10, "bridge", [80])
    notes = " ".join(w.input_notes())
    assert "serves Classic Load Balancer(s) 'EC2Contai-EcsElast-123456789012' (loadBalancerName), not priced: " \
        "advisor holds no Classic Load Balancer rate" in notes
    assert "target group" not in notes and "ECS refuses a Classic Load Balancer" not in notes  # bridge mode
    # the same service of an awsvpc task definition: ECS refuses a Classic Load Balancer for it (AWS CloudFormation
    # User Guide, AWS::ECS::Service LoadBalancer: "Classic Load Balancers are not supported")
    awsvpc = json.loads(td.read_text()) | {"networkMode": "awsvpc"}
    del awsvpc["containerDefinitions"][0]["portMappings"][0]["hostPort"]
    td.write_text(json.dumps(awsvpc))
    r = CliRunner().invoke(app, ["import", "taskdef", str(td), "--services",
                                 str(ECS / "awscli-create-service-elb-input.json")])
    assert r.exit_code == 0, r.output
    assert "ECS refuses a Classic Load Balancer for tasks in the awsvpc network mode, as on Fargate ('Classic Load " \
        "Balancers are not supported'): such a service needs an Application or Network Load Balancer." in \
        " ".join(load_workload_text(r.stdout).input_notes())


def test_describe_task_definition_output_with_linked_containers_and_a_static_host_port():
    """AWS CLI "describe-task-definition" example (hello_world:8): wordpress linked to mysql, 10 CPU units and 500
    MiB each, no networkMode (bridge), wordpress on host port 80; the ARN names us-east-1. 20 units = 0.01953125
    vCPU and 1000 MiB, one task per instance (the static port), not on Fargate (bridge)."""
    w = load_any(ECS / "awscli-describe-task-definition-output.json")
    [svc] = w.services
    assert (w.region, svc.name, svc.vcpu, svc.memory_mib, svc.network_mode, list(svc.host_ports)) == (
        "us-east-1", "hello_world", 20 / 1024, 1000, "bridge", [80])
    assert [(c.name, c.cpu, c.memory) for c in svc.containers] == [("wordpress", 10 / 1024, 500), ("mysql", 10 / 1024, 500)]
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert [u.service for u in est.unsupported] == ["hello_world"]


def test_describe_services_output_runs_ten_tasks_in_its_arns_region(tmp_path):
    """AWS CLI "describe-services" example: my-http-service, desiredCount 10, task definition amazon-ecs-sample:1
    (written here: 256 / 512 on Fargate); ARNs in us-west-2. 10 x 9.010025 = $90.10025 on ECS on Fargate."""
    td = _taskdef(tmp_path, family="amazon-ecs-sample", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                  cpu="256", memory="512")
    r = CliRunner().invoke(app, ["import", "taskdef", str(td), "--services",
                                 str(ECS / "awscli-describe-services-output.json")])
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (w.region, svc.name, svc.desired) == ("us-west-2", "my-http-service", 10)
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(10 * 9.010025, abs=1e-6)



CWAGENT_PROMETHEUS = ECS / "container-insights-cwagent-ecs-prometheus-metric-for-awsvpc.yaml"


def test_container_insights_prometheus_template_whose_launch_type_is_a_parameter():
    """aws-samples/amazon-cloudwatch-container-insights, the CloudWatch agent's Prometheus quick start (awsvpc): the
    task definition's RequiresCompatibilities and the service's LaunchType are !Ref ECSLaunchType, a parameter with no
    Default and AllowedValues EC2, FARGATE; AssignPublicIp is !If [AssignPublicIp, ENABLED, DISABLED] on
    ECSLaunchType = FARGATE. Without the parameter it exits 2 and now lists the AllowedValues to choose from. With
    FARGATE: one 512 / 1024 task with a public address, 0.5 x 0.04048 x 730 + 1 x 0.004445 x 730 = $18.02005 +
    730 x $0.005 = $21.67005, declared and on ECS on Fargate; with EC2, no public address."""
    r = CliRunner().invoke(app, ["compare", str(CWAGENT_PROMETHEUS)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "RequiresCompatibilities[0]: !Ref ECSLaunchType does not resolve to a value advisor can price: parameter " \
        "ECSLaunchType has no Default. Give its value (its AllowedValues: 'EC2', 'FARGATE'): 'advisor import " \
        "cloudformation TEMPLATE -P ECSLaunchType=VALUE'" in out
    w = import_cloudformation(CWAGENT_PROMETHEUS, parameters={"ECSLaunchType": "FARGATE"}).workload
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired, svc.network_mode, svc.public_ip) == (
        "cwagent-prometheus-replica-service-FARGATE-awsvpc", 0.5, 1024, 1, "awsvpc", True)
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    for est in (result.declared.estimate, result.estimate("ecs-fargate")):
        assert est.monthly_cost == pytest.approx(18.02005 + 3.65, abs=1e-6)
    [svc] = import_cloudformation(CWAGENT_PROMETHEUS, parameters={"ECSLaunchType": "EC2"}).workload.services
    assert (svc.name, svc.public_ip) == ("cwagent-prometheus-replica-service-EC2-awsvpc", False)



def test_copilot_windows_service_stack_with_its_template_configuration():
    """AWS Copilot's expected `copilot svc package` output for a Windows Load Balanced Web Service (test environment),
    imported as docs/importing.md says, with --parameters-file: TaskCPU 1024, TaskMemory 2048, TaskCount 1, Windows
    Server 2019 Core on Fargate, public subnets (AssignPublicIp ENABLED). (0.09148 + 0.046 licence) x 730 + 2 x 0.01005
    x 730 = 100.3604 + 14.673 = $115.0334, + 730 x $0.005 for the task's address = $118.6834, declared and on ECS on
    Fargate. Its AddonsStack (Condition HasAddons, false with AddonsTemplateURL "") is noted as not created only; it
    was also noted as "nested stack not read: its TemplateURL does not resolve to text"."""
    r = CliRunner().invoke(app, ["import", "cloudformation", str(ECS / "copilot-windows-svc-test.stack.yml"),
                                 "--parameters-file", str(ECS / "copilot-windows-svc-test.params.json")])
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired, svc.os, svc.architecture, svc.public_ip) == (
        "Service", 1, 2048, 1, "windows", "x86_64", True)
    notes = w.input_notes()
    assert "not created (their Condition is false): AddonsStack" in notes
    assert not any("nested stack not read" in n for n in notes)
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    expected = (0.09148 + 0.046) * 730 + 2 * 0.01005 * 730 + 730 * 0.005
    assert expected == pytest.approx(118.6834)
    for est in (result.declared.estimate, result.estimate("ecs-fargate")):
        assert est.monthly_cost == pytest.approx(expected, abs=1e-6)



def test_copilot_backend_stack_whose_desired_count_is_a_ref_to_an_attribute(tmp_path):
    """AWS Copilot's expected stack for a Backend Service with autoscaling: `DesiredCount: !Ref
    DynamicDesiredCountAction.DesiredCount`, a Ref of a custom resource's attribute, which CloudFormation refuses (Ref
    takes a logical id; the other Copilot stacks write !GetAtt). It exits 2 as before, and now says to write the
    !GetAtt. Written so, the service reads: 512 / 1024 on Fargate, scaling 1-3 (AutoScalingTarget), 2 tasks on
    average with public addresses: 2 x 18.02005 + 2 x 730 x $0.005 = $43.3401 on ECS on Fargate."""
    template = ECS / "copilot-backend-http-autoscaling-template.yml"
    params = ECS / "copilot-backend-http-autoscaling-params.json"
    r = CliRunner().invoke(app, ["import", "cloudformation", str(template), "--parameters-file", str(params)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "Resources.Service.Properties.DesiredCount: Ref 'DynamicDesiredCountAction.DesiredCount' is not a " \
        "parameter or resource of this template. Ref takes a logical id; for the attribute DesiredCount of resource " \
        "DynamicDesiredCountAction write '!GetAtt DynamicDesiredCountAction.DesiredCount' (Fn::GetAtt)" in out
    fixed = tmp_path / "template.yml"
    fixed.write_text(template.read_text().replace("!Ref DynamicDesiredCountAction.DesiredCount",
                                                  "!GetAtt DynamicDesiredCountAction.DesiredCount"))
    w = import_cloudformation(fixed, parameters=json.loads(params.read_text())["Parameters"]).workload
    [svc] = w.services
    assert (svc.vcpu, svc.memory_mib, svc.scaling.min, svc.scaling.max, svc.scaling.average, svc.public_ip) == (
        0.5, 1024, 1, 3, 2, True)
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(2 * 18.02005 + 2 * 730 * 0.005, abs=1e-6)



def test_awsdocs_dl1_task_placed_on_a_type_the_catalogue_has_no_specs_for():
    """The ECS Developer Guide's DL1 (Habana Gaudi) task definition: host mode, 10240 CPU units / 1024 MiB, placed by
    'attribute:ecs.instance-type == dl1.24xlarge'. dl1.24xlarge is a real type AWS prices ($13.10904 an hour in
    us-east-1, pricing_data/ec2_prices.csv) that the instance catalogue has no specs for; compare said "'dl1.24xlarge'
    is not an EC2 instance type. Did you mean 'dl2q.24xlarge'? Correct each name". It still exits 2 (no fleet can be
    planned without vCPU and memory), now saying what the type is and what to do."""
    path = ECS / "awsdocs-ecs-dl1-task-definition.json"
    [svc] = load_any(path).services
    assert (svc.vcpu, svc.memory_mib, svc.network_mode) == (10, 1024, "host")
    r = CliRunner().invoke(app, ["compare", str(path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "ec2.allowed_types: 'dl1.24xlarge' is an EC2 instance type the catalogue holds no specs for (vCPU, " \
        "memory, network interfaces; it is in the price data, table ec2_prices), so no EC2 fleet can be planned on " \
        "it. advisor cannot place tasks or pods on a type without its specs: refresh the catalogue with 'advisor " \
        "pricing refresh --region us-east-1 --tables ec2' (AWS credentials)" in out
    assert "is not an EC2 instance type" not in out and "Did you mean" not in out



ECSPRESSO = ECS / "ecspresso-nextjs-on-ecs"


def test_ecspresso_service_definition_is_paired_with_its_only_task_definition():
    """shibayu36/nextjs-on-ecs, deployed with ecspresso: ecs-service-def.json has no serviceName or taskDefinition
    (config.yaml names the service and the task definition file). `import taskdef ecs-task-def.json --services
    ecs-service-def.json` stopped at "service [0]: taskDefinition: is missing"; now the service is paired with the
    only task definition, with a note: 256 / 512 on Fargate, desiredCount 1, assignPublicIp ENABLED. In
    ap-northeast-1 (config.yaml's region): 0.25 x 0.05056 x 730 + 0.5 x 0.00553 x 730 = 9.2272 + 2.01845, + 730 x
    $0.005 for the address = $14.89565."""
    r = CliRunner().invoke(app, ["import", "taskdef", str(ECSPRESSO / "ecs-task-def.json"), "--services",
                                 str(ECSPRESSO / "ecs-service-def.json"), "--region", "ap-northeast-1"])
    assert r.exit_code == 0, r.output
    w = load_workload_text(r.stdout)
    [svc] = w.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.desired, svc.public_ip, svc.min_healthy_percent) == (
        "nextjs-on-ecs-server", 0.25, 512, 1, True, 100)
    assert "service [0]: no taskDefinition (as in ecspresso's service definition, whose config names the task " \
        "definition file): paired with the only task definition given, nextjs-on-ecs-server" in w.input_notes()
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert est.monthly_cost == pytest.approx(0.25 * 0.05056 * 730 + 0.5 * 0.00553 * 730 + 730 * 0.005, abs=1e-6)


def test_ecspresso_config_and_service_definition_say_what_to_import(tmp_path):
    """Given to compare on their own, ecspresso's config.yaml and its service definition were read as workload files
    ("invalid workload": unknown keys cluster, service_definition ... / deploymentConfiguration ...). Now each says
    what it is; the config's message gives the import command with the files it names and its region. A service
    definition without taskDefinition beside two task definitions is refused naming both."""
    for name, says in (("config.yaml",
                        "is an ecspresso configuration (task_definition, service_definition, region): it names the "
                        f"files ecspresso deploys but holds no CPU or memory. Import them: 'advisor import taskdef "
                        f"{ECSPRESSO / 'ecs-task-def.json'} --services {ECSPRESSO / 'ecs-service-def.json'} --region "
                        "ap-northeast-1 -o workload.yaml'"),
                       ("ecs-service-def.json",
                        "is an ECS service definition without serviceName or taskDefinition (CreateService's "
                        "parameters, as ecspresso's service_definition file")):
        r = CliRunner().invoke(app, ["compare", str(ECSPRESSO / name)])
        out = " ".join(r.output.split())
        assert r.exit_code == 2 and says in out and "invalid workload" not in out, out
    two = json.loads((ECSPRESSO / "ecs-task-def.json").read_text())
    (tmp_path / "two.json").write_text(json.dumps([two, {**two, "family": "other"}]))
    r = CliRunner().invoke(app, ["import", "taskdef", str(tmp_path / "two.json"), "--services",
                                 str(ECSPRESSO / "ecs-service-def.json")])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "service [0]: taskDefinition: is missing, and two.json holds 2 task definitions " \
        "(nextjs-on-ecs-server, other): name the one the service runs" in out, out


REBALANCING = ECS / "ecs-refarch-task-rebalancing-ecs-cluster-setup.yaml"


def test_ecs_refarch_task_rebalancing_container_instances_in_public_subnets_pay_for_their_addresses():
    """aws-samples/ecs-refarch-task-rebalancing ecs-cluster-setup.yaml: ECSAutoScalingGroup runs DesiredCapacity
    2 (a parameter, Default '2') x m3.medium (InstanceType, Default) from the launch configuration ContainerInstances,
    which does not set AssociatePublicIpAddress, in VPCZoneIdentifier [publicSubnet1, publicSubnet2], both with
    MapPublicIpOnLaunch: true. So each instance gets a public IPv4 address from its subnet (EC2 Auto Scaling
    CreateLaunchConfiguration AssociatePublicIpAddress: "If the instance is launched into a nondefault subnet, the
    default is not to assign a public IPv4 address, unless you enabled the option to assign a public IPv4 address on
    the subnet"): 2 x 730 h x $0.005 = $7.30 a month, which was dropped. As declared in us-east-1:
    2 x 730 x $0.067 (m3.medium) = $97.82, 2 x 30 GiB gp3 root volumes x $0.08 = $4.80, the ALB 730 x $0.0225 =
    $16.425, its 2 addresses (internet-facing in 2 subnets) 2 x 730 x $0.005 = $7.30, and now the 2 instances'
    addresses $7.30: $133.645 (it read $126.345)."""
    res = import_cloudformation(REBALANCING)
    [group] = res.workload.declared.node_groups
    assert (group.name, group.instance_types, group.desired, group.public_ip_share) == \
        ("ECSAutoScalingGroup", ["m3.medium"], 2, 1.0)
    assert any(n.startswith("ECSAutoScalingGroup: its subnets (publicSubnet1, publicSubnet2) set MapPublicIpOnLaunch "
                            "true and ContainerInstances does not set AssociatePublicIpAddress: each of its 2 "
                            "instances holds a public IPv4 address") for n in res.notes)
    result = compare(res.workload, platforms=["ecs-ec2"], scaling=False)
    d = result.declared.estimate
    assert d.monthly_cost == pytest.approx(2 * 730 * 0.067 + 2 * 30 * 0.08 + 730 * 0.0225 + 2 * 730 * 0.005
                                           + 2 * 730 * 0.005, abs=1e-6)
    assert d.monthly_cost == pytest.approx(133.645)
    [ip] = [ln for ln in d.lines if ln.category == "public_ipv4" and "one per instance" in ln.name]
    assert (ip.name, ip.quantity, ip.unit_price) == \
        ("Public IPv4 addresses, one per instance (2 x 730 h, ECSAutoScalingGroup)", 2 * 730, 0.005)


def test_ecs_refarch_task_rebalancing_public_address_settings_that_do_not_resolve(tmp_path):
    """The same template with what decides the instances' addresses changed: the launch configuration's
    AssociatePublicIpAddress false (no address, though the subnets map one), true (an address), a parameter without
    a Default (not known: none counted, an assumption naming the property and the 2 x 730 IP-hours it may leave out,
    which --strict refuses), 'yes' (exit 2 naming the property and the valid values); the group's VPCZoneIdentifier
    a List<AWS::EC2::Subnet::Id> parameter without a Default (an assumption), and one public and one private subnet
    (1 of 2 instances on average, an assumption)."""
    src = REBALANCING.read_text()
    lc = "      InstanceType: !Ref 'InstanceType'\n"
    assert src.count(lc) == 1

    def variant(name: str, text: str):
        (tmp_path / name).write_text(text)
        return tmp_path / name

    def share(path):
        res = import_cloudformation(path)
        return res.workload.declared.node_groups[0].public_ip_share, res.assumptions

    assert share(variant("false.yaml", src.replace(lc, lc + "      AssociatePublicIpAddress: false\n")))[0] == 0
    assert share(variant("true.yaml", src.replace(lc, lc + "      AssociatePublicIpAddress: 'true'\n")))[0] == 1
    param = src.replace(lc, lc + "      AssociatePublicIpAddress: !Ref PublicIps\n").replace(
        "Parameters:\n", "Parameters:\n  PublicIps:\n    Type: String\n", 1)
    got, assumptions = share(variant("param.yaml", param))
    assert got == 0 and any(
        "ECSAutoScalingGroup: AssociatePublicIpAddress of ContainerInstances (!Ref PublicIps) does not resolve, so "
        "whether its instances get a public IPv4 address is not known: up to 2 public IPv4 address(es), one per "
        "instance (2 x 730 IP-hours a month) are not counted" in a for a in assumptions)
    r = CliRunner().invoke(app, ["import", "cloudformation", str(tmp_path / "param.yaml"), "--strict"])
    assert r.exit_code == 2 and "AssociatePublicIpAddress of ContainerInstances" in " ".join(r.output.split())
    r = CliRunner().invoke(app, ["compare", str(variant("yes.yaml", src.replace(
        lc, lc + "      AssociatePublicIpAddress: 'yes'\n")))])
    assert r.exit_code == 2
    assert "ContainerInstances: AssociatePublicIpAddress: 'yes' is not valid; use true or false" in \
        " ".join(r.output.split())
    subnets = "      VPCZoneIdentifier:\n      - Ref: publicSubnet1\n      - Ref: publicSubnet2\n"
    assert src.count(subnets) == 1
    got, assumptions = share(variant("subnets.yaml", src.replace(subnets, "      VPCZoneIdentifier: !Ref Subnets\n")
                                     .replace("Parameters:\n", "Parameters:\n  Subnets:\n    Type: "
                                              "List<AWS::EC2::Subnet::Id>\n", 1)))
    assert got == 0 and any(
        "ECSAutoScalingGroup: VPCZoneIdentifier !Ref Subnets does not resolve to a list of subnets: whether its "
        "subnets assign public IPv4 addresses (MapPublicIpOnLaunch) is not known from the input" in a
        for a in assumptions)
    mixed = src.replace(subnets, "      VPCZoneIdentifier:\n      - Ref: publicSubnet1\n      - subnet-0abc\n")
    got, assumptions = share(variant("mixed.yaml", mixed))
    assert got == 0.5 and any("whether its subnet(s) 'subnet-0abc' (VPCZoneIdentifier) assign public IPv4 addresses "
                              "(MapPublicIpOnLaunch) is not known from the input" in a for a in assumptions)


# ------------------------------------------------------------------------------------ ECS service definitions


@pytest.mark.parametrize("name", ["ecs-mesh-workshop/fluentbit/fluent-bit-daemon.json",
                                  "ecs-mesh-workshop/templates/ecs/hello-world-service-definition.json",
                                  "awscli-create-service-ec2-output.json"])
@pytest.mark.parametrize("command", [["compare"], ["import", "taskdef"]])
def test_a_service_definition_given_alone_says_to_give_it_with_its_task_definition(name, command):
    # ecs-mesh-workshop's create-service inputs (serviceName, taskDefinition "fluentd-aggregator" / "hello-world",
    # DAEMON / desiredCount 2) and the AWS CLI's create-service output ({"service": {...}}) name a task definition
    # and hold no size. 'import taskdef' said "task definition: family: is missing" for all three, and 'compare'
    # read the {"service": ...} output as a workload file: "invalid workload (3 problems)", 'name' is required...
    path = ECS / name
    r = CliRunner().invoke(app, [*command, str(path)])
    assert r.exit_code == 2
    assert f"{path}: is an ECS service definition (serviceName, taskDefinition, desiredCount" in r.output
    assert f"'advisor import taskdef TASKDEF.json --services {path} -o workload.yaml'" in r.output
    assert "family" not in r.output and "Traceback" not in r.output


def test_mesh_workshop_service_definition_with_its_task_definition():
    # hello-world-task-definition.json: family hello-world, one container hello-v1 with memory 128 and no cpu, no
    # networkMode (bridge, the ECS default on Linux); hello-world-service-definition.json: taskDefinition
    # "hello-world", desiredCount 2. ECS on EC2 reserves 128 MiB per task, 0 CPU units.
    d = ECS / "ecs-mesh-workshop" / "templates" / "ecs"
    r = CliRunner().invoke(app, ["import", "taskdef", str(d / "hello-world-task-definition.json"),
                                 "--services", str(d / "hello-world-service-definition.json")])
    assert r.exit_code == 0, r.output
    [svc] = load_workload_text(r.stdout).services
    assert (svc.name, svc.replicas, svc.vcpu, svc.memory_mib, svc.network_mode) == (
        "hello-world-service", 2, 0, 128, "bridge")
    # its loadBalancers entry names a target group ("{target_group_arn}") of a load balancer the file cannot declare:
    # none is priced, and a note says so (it said nothing)
    assert ("note: service [0] (hello-world-service): serves 1 load balancer target group(s); a service description "
            "does not declare the load balancer, so none is priced: add it as shared.load_balancers (Application) or "
            "shared.network_load_balancers (Network) to price it") in " ".join(r.output.split())
    assert "shared" not in yaml.safe_load(r.stdout)


# ------------------------------------------------------------------------------------ load balancers of other stacks


@pytest.mark.parametrize("path, service", [
    (ECS / "ecs-mesh-workshop" / "templates" / "ecs" / "task-deploy.yaml", "AppService"),
    (ECS / "ecs-refarch-continuous-deployment-service.yaml", "FargateService"),
    (REAL.parent / "iac" / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml", "Service"),
])
def test_a_target_group_of_another_stacks_load_balancer_is_not_said_to_be_priced(path, service):
    # Each template's ECS service has one LoadBalancers entry (a TargetGroup of the template), and the load balancer
    # is another stack's: task-deploy.yaml's Listener takes LoadBalancerArn from a parameter, the other two take the
    # listener through Fn::ImportValue / a parameter. The import comment said "the load balancer is priced in
    # shared", yet no load balancer was priced anywhere.
    res = import_cloudformation(path)
    assert "load_balancers" not in res.shared and "network_load_balancers" not in res.shared
    [svc] = res.services
    assert "1 load balancer target(s); the input declares no load balancer, so none is priced" in svc.comments
    assert not any("priced in shared" in c for c in svc.comments)
    assert (f"{service}: serves 1 load balancer target group(s), and the input declares no load balancer (it is "
            "another stack's or configuration's, e.g. through Fn::ImportValue or a variable): none is priced; add it "
            "as shared.load_balancers (Application) or shared.network_load_balancers (Network) to price it"
            ) in res.notes


def test_a_target_group_of_a_declared_load_balancer_is_priced_in_shared():
    # yelb's base infrastructure declares its two Application Load Balancers (EcsLoadBalancer, EcsInternalLoadBalancer)
    # beside the services it serves: the comment still says it is priced in shared, and shared.load_balancers has it.
    res = import_cloudformation(ECS / "yelb-service-connect-base-infra-cfn.yaml")
    assert res.shared["load_balancers"]["count"] == 2
    assert sum("1 load balancer target(s): the load balancer is priced in shared" in s.comments for s in res.services) == 2
    assert not any("declares no load balancer" in n for n in res.notes)


# ------------------------------------------------------------------------------------ kustomize labels


def test_metrics_server_ha_overlay_keeps_its_replicas_apart_through_the_bases_common_labels():
    # kubernetes-sigs/metrics-server manifests/overlays/release-ha-1.21+: base (commonLabels k8s-app: metrics-server;
    # the Deployment's own pod template has no labels), component high-availability (patch: replicas 2, a required
    # podAntiAffinity on kubernetes.io/hostname selecting k8s-app: metrics-server in kube-system). The request is
    # 100m / 200Mi. commonLabels was not applied, so the selector matched no pod of the Deployment: the note said it
    # was "against other pods (a labelSelector that does not select the pod itself ...)", not modelled. kustomize
    # gives the pod template the label, so each replica needs a node of its own.
    res = import_k8s(K8S / "metrics-server-manifests" / "overlays" / "release-ha-1.21+")
    [svc] = res.workload.services
    assert (svc.name, svc.replicas, svc.vcpu, svc.memory_mib, svc.one_per_node) == ("metrics-server", 2, 0.1, 200, True)
    # kube-system/metrics-server runs the cluster (Service.cluster_addon): left out on ECS, which publishes services'
    # utilization itself (its only service, so kept at 0 replicas: nothing runs); priced on EKS Auto Mode, which
    # does not include it
    assert svc.cluster_addon == "metrics-server"
    assert [[s.peak_count for s in res.workload.on_platform(p).services]
            for p in ("ecs-fargate", "eks-auto-mode", "eks-ec2")] == [[0], [2], [2]]
    notes = res.workload.input_notes()
    assert not any("does not select the pod itself" in n for n in notes)
    assert any(n.endswith("base/kustomization.yaml: kustomize: read the 4 listed resource(s), applied commonLabels")
               for n in notes)
    # the release overlay (no high-availability component): 1 replica, no spread rule
    [svc] = import_k8s(K8S / "metrics-server-manifests" / "overlays" / "release").workload.services
    assert (svc.replicas, svc.one_per_node) == (1, False)


# ------------------------------------------------------------------------------------ region hints


def test_awslogs_region_other_than_the_assumed_one_is_noted():
    # aws-containers-task-definitions' Consul server: networkMode host, one container (cpu 128, memoryReservation 64,
    # memory 256) whose awslogs driver writes to us-east-2; no ARN, so the workload was priced in us-east-1 without a
    # word. The region stays us-east-1 (logs may go to another region than the tasks'), with a note saying how to
    # price it in us-east-2; --region, or a matching awslogs-region, leaves no note.
    path = ECS / "aws-containers-task-definitions-consul-ConsulServer.json"
    res = import_taskdef(path)
    [svc] = res.workload.services
    assert (res.workload.region, svc.memory_mib, svc.network_mode) == ("us-east-1", 64, "host")
    assert svc.vcpu == pytest.approx(128 / 1024)
    assert ("region us-east-1 assumed (no --region, and no ECS ARN in the input names one), yet the awslogs log driver "
            "sends the logs of consulServer to us-east-2 (awslogs-region), most often the region the tasks run in: give "
            "--region us-east-2 to price it there") in res.notes
    assert not any("awslogs" in n for n in import_taskdef(path, region="us-east-2").notes)
    assert not any("awslogs" in n for n in import_taskdef(ECS / "aws-containers-task-definitions-gunicorn-gunicorn_fargate.json").notes)
    # compare --region us-east-2 prices it there: EKS on Fargate, 0.125 vCPU / 64 MiB + 256 MiB -> 0.25 vCPU / 0.5 GB
    r = CliRunner().invoke(app, ["compare", str(path), "--region", "us-east-2", "--platform", "eks-fargate",
                                 "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["region"] == "us-east-2"
    assert "awslogs" not in r.output


# ------------------------------------------------------------------------------------ source formats advisor does not evaluate


@pytest.mark.parametrize("command", [["compare"], ["import", "k8s"], ["report", "-o", "{tmp}/r.html"],
                                     ["diff", "{before}"], ["import", "taskdef"], ["sweep"], ["nodes", "pack"]])
def test_jsonnet_and_terraform_source_get_the_command_that_renders_them(command, tmp_path):
    # argocd-example-apps' jsonnet-guestbook (guestbook-ui.jsonnet and params.libsonnet: a Service and a Deployment
    # that Argo CD evaluates) was "the folder holds no *.yaml, *.yml or *.json files", and the .jsonnet file alone a
    # YAML syntax error at line 5. A folder of Terraform configuration (roots/tf-foreach: main.tf, mod/main.tf) was
    # the same "holds no *.yaml" (a .tf file alone already got the terraform plan command from compare, but 'import
    # k8s' called it "expected a Kubernetes object ... got a string").
    # 'diff BEFORE AFTER' (each side read before it is recognised) and 'import taskdef' gave a file of either
    # 'invalid workload (3 problems)', 'the top level must be a mapping ...; got text' or 'family: is missing'
    example = Path(__file__).resolve().parent.parent / "examples" / "web-app.yaml"
    command = [c.replace("{tmp}", str(tmp_path)).replace("{before}", str(example)) for c in command]
    jsonnet = K8S / "argocd-jsonnet-guestbook"
    tf = REAL.parent / "iac" / "terraform" / "roots" / "tf-foreach"
    for path, expected in (
            (jsonnet, f"{jsonnet} (a folder of Jsonnet: guestbook-ui.jsonnet, params.libsonnet): is Jsonnet"),
            (jsonnet / "guestbook-ui.jsonnet", f"{jsonnet / 'guestbook-ui.jsonnet'}: is Jsonnet"),
            (tf, f"{tf} (a folder of .tf files: main.tf, mod/main.tf): is Terraform source"),
            (REAL.parent / "iac" / "terraform" / "ecs_placement_devices.tf", "ecs_placement_devices.tf: is Terraform "
             "source")):
        if (command[0] == "diff" or command[1:2] == ["taskdef"]) and path.is_dir():
            continue  # a folder has its own message there
        r = CliRunner().invoke(app, [*command[:2], str(path), *command[2:]] if command[0] in ("import", "nodes") else
                               [*command, str(path)] if command[0] == "diff" else [command[0], str(path), *command[1:]])
        out = " ".join(r.output.split())
        assert r.exit_code == 2, out
        assert expected in out
        assert ("'jsonnet -y FILE.jsonnet | advisor compare -'" in out) == (path.name.endswith("jsonnet") or
                                                                           path == jsonnet)
        assert ("terraform plan -out p && terraform show -json p > plan.json" in out) == ("terraform" in str(path))


# ------------------------------------------------------------------------------------ extended resources


def test_a_gke_tpu_deployment_is_refused_naming_the_tpu_request():
    # GoogleCloudPlatform/kubernetes-engine-samples ai-ml/vllm-tpu/vllm-llama3-70b.yaml: Deployment vllm-tpu asks for
    # limits google.com/tpu: 8 (a TPU v6e 2x4 slice, nodeSelector cloud.google.com/gke-tpu-accelerator) and no cpu or
    # memory. It was imported as a pod requesting nothing ("count 0"), priced at the smallest Fargate size: the 8 TPU
    # chips silently gone. AWS offers no TPU, so no AWS platform can run it: exit 2 naming the field.
    path = K8S / "gke-vllm-tpu-llama3-70b.yaml"
    for args in (["compare", str(path)], ["import", "k8s", str(path)]):
        r = CliRunner().invoke(app, args)
        out = " ".join(r.output.split())
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert "document 1 (Deployment vllm-tpu): spec.template.spec.containers[0].resources.limits.google.com/tpu: " \
               "8 Google Cloud TPU chip(s)" in out
        assert "AWS offers no TPUs" in out and "aws.amazon.com/neuron for Trainium or Inferentia" in out


def test_an_extended_resource_advisor_does_not_price_is_an_assumption_naming_it():
    # kubernetes/website pods/resource/extended-resource-pod.yaml ("Assign Extended Resources to a Container"): Pod
    # extended-resource-demo asks for example.com/dongle: 3 and no cpu or memory. The dongles were dropped without a
    # word; the pod is still priced at its CPU and memory (none: the smallest Fargate size, 0.25 vCPU / 0.5 GB =
    # $9.010025 a month), and an assumption names what is left out (so --strict refuses it).
    path = K8S / "k8sweb-extended-resource-pod.yaml"
    w = load_any(path)
    assert _sizes(w) == {"extended-resource-demo": (0.0, 0.0)}
    text = [a for a in w.input_notes() if a.startswith("extended resources not priced")]
    assert text == [
        "extended resources not priced: Pod default/extended-resource-demo (extended-resource-demo-ctr "
        "example.com/dongle 3) -- advisor sizes cpu, memory, ephemeral-storage and the accelerators nvidia.com/gpu, "
        "amd.com/gpu, aws.amazon.com/neuron, aws.amazon.com/neurondevice, aws.amazon.com/neuroncore; any other "
        "resource (a device plugin's or the cluster administrator's extended resource, hugepages; Kubernetes "
        "'Resource Management for Pods and Containers') is left out, so these pods are priced at their CPU and memory "
        "alone, on nodes that need not have it"]
    est = compare(path, platforms=["ecs-fargate"]).estimate("ecs-fargate")
    assert sum(x.monthly_cost for x in est.lines if x.category == "compute") == pytest.approx(9.010025, abs=0.01)
    r = CliRunner().invoke(app, ["import", "k8s", str(path), "--strict"])
    assert r.exit_code == 2 and "extended resources not priced" in " ".join(r.output.split())


# ------------------------------------------------------------------------------------ AWS App Mesh


def test_an_app_mesh_template_is_priced_as_declared_with_the_end_of_app_mesh_noted():
    # aws/aws-app-mesh-examples walkthroughs/howto-ecs-basics/deploy/2-meshify.yaml: ColorECSService and
    # FrontECSService, 3 FARGATE tasks each of Cpu 256 / Memory 512 with app, xray, cwagent and envoy containers (no
    # container sizes: the Envoy and X-Ray sidecars share the task size), a ProxyConfiguration of Type APPMESH, and an
    # AWS::AppMesh::Mesh with its virtual nodes and service. App Mesh was only counted among "not priced"
    # resources; AWS discontinued it on 30 September 2026.
    path = ECS / "app-mesh-howto-ecs-basics-2-meshify.yaml"
    w = load_any(path)
    assert _sizes(w) == {"ColorECSService": (0.25, 512), "FrontECSService": (0.25, 512)}
    assert [s.desired for s in w.services] == [3, 3]
    # 2 services x 3 tasks x 0.25 vCPU / 0.5 GB: 6 x 9.010025 = $54.06015
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(54.06015, abs=0.01)
    mesh = [n for n in w.input_notes() if n.startswith("uses AWS App Mesh")]
    assert len(mesh) == 1
    assert mesh[0].startswith(
        "uses AWS App Mesh (1 AWS::AppMesh::Mesh; 2 AWS::AppMesh::VirtualNode; 1 AWS::AppMesh::VirtualService; "
        "ProxyConfiguration APPMESH in ColorTaskDef, FrontTaskDef): AWS discontinued App Mesh on 30 September 2026")
    assert "256 CPU units and 64 MiB more per task, 'Service Connect proxy'" in mesh[0]
    assert not any("AWS::AppMesh" in n for n in w.input_notes() if n.startswith("not priced"))


def test_an_app_mesh_task_definition_from_the_user_guide_notes_the_end_of_app_mesh():
    # awsdocs/aws-app-mesh-user-guide getting-started-ecs.md, "Example JSON for Amazon ECS task definition with AWS
    # X-Ray - Fargate launch type": cpu "512" / memory "1024", an app container, envoy (memory "500") and xray-daemon
    # (cpu "32", memoryReservation 256) under proxyConfiguration type APPMESH: one task of 0.5 vCPU / 1 GB, $18.02005
    path = ECS / "awsdocs-app-mesh-getting-started-ecs-fargate-xray-task-definition.json"
    res = import_taskdef(path)
    w = load_workload_text(res.to_yaml())
    assert _sizes(w) == {"taskB": (0.5, 1024)}
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(18.02005, abs=0.01)
    assert [n[:91] for n in w.input_notes() if "App Mesh" in n] == [
        "uses AWS App Mesh (task definition (taskB)): AWS discontinued App Mesh on 30 September 2026"]


# ------------------------------------------------------------------------------------ kubernetes/website, examples,
# Argo Rollouts, ExternalDNS (the "realk8s" review: each imported and compared as a user would)


def test_cpu_limit_range_defaults_and_a_limit_only_container():
    # "Configure Default CPU Requests and Limits for a Namespace": LimitRange default cpu 1, defaultRequest 0.5.
    # default-cpu-demo sets nothing: the LimitRange's 0.5; -2 sets a limit of 1 only: its request is the limit, 1
    # (the API server's defaulting, before LimitRanger); -3 requests 0.75 (the default limit 1 changes no request)
    w = load_any(K8S / "k8sweb-cpu-defaults")
    assert _sizes(w) == {"default-cpu-demo": (0.5, 0), "default-cpu-demo-2": (1, 0), "default-cpu-demo-3": (0.75, 0)}
    assert any("defaultRequest.cpu 0.5 vCPU applied to 1 container(s)" in n for n in w.input_notes())
    # EKS on Fargate: request + 256 MiB rounded up: 1 vCPU -> 1 vCPU / 2 GB 36.0401 (twice), 0.5 vCPU -> 0.5 / 1 GB
    # 18.02005; + the cluster's 2 CoreDNS pods 18.02005 + control plane 73 = 181.1203. ECS on Fargate: 90.10025
    assert _compute_and_control_plane(K8S / "k8sweb-cpu-defaults", "eks-fargate") == pytest.approx(181.1203, abs=1e-6)
    assert _compute_and_control_plane(K8S / "k8sweb-cpu-defaults", "ecs-fargate") == pytest.approx(90.10025, abs=1e-6)


def test_init_container_and_native_sidecar_pod_request():
    # "Multi-container Pods" resources example: init setup 200m / 64Mi, native sidecar log-shipper 50m / 64Mi, app
    # 300m / 128Mi: max(200m + no sidecar before it, 300m + 50m) = 350m; max(64, 128 + 64) = 192 MiB
    path = K8S / "k8sweb-multi-container-resources.yaml"
    w = load_any(path)
    assert _sizes(w) == {"resources-example": (0.35, 192)}
    # EKS on Fargate: 0.35 vCPU, 192 + 256 = 448 MiB -> 0.5 vCPU / 1 GB 18.02005 + CoreDNS 18.02005 + 73 = 109.0401
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(109.0401, abs=1e-6)
    assert _compute_and_control_plane(path, "ecs-fargate") == pytest.approx(18.02005, abs=1e-6)


def test_init_containers_without_requests():
    # "Configure Pod Initialization": nginx and its init container install request nothing: 0 / 0, listed; EKS on
    # Fargate runs it at 0.25 vCPU / 0.5 GB 9.010025 + CoreDNS 18.02005 + 73 = 100.030075
    path = K8S / "k8sweb-init-containers.yaml"
    w = load_any(path)
    assert _sizes(w) == {"init-demo": (0, 0)}
    assert any("init-demo: init install (no cpu or memory)" in n for n in w.assumptions())
    assert _compute_and_control_plane(path, "eks-fargate") == pytest.approx(100.030075, abs=1e-6)


def test_a_lone_logging_daemonset_asks_for_its_workloads_and_is_left_out_on_fargate(tmp_path):
    # kubernetes/website controllers/daemonset.yaml (fluentd-elasticsearch, 100m / 200Mi, hostPath /var/log): alone,
    # exit 2 naming it; beside the multi-container Pod it is per-node overhead, and no Fargate runs it (hostPath)
    r = CliRunner().invoke(app, ["import", "k8s", str(K8S / "k8sweb-daemonset.yaml")])
    assert r.exit_code == 2
    assert "1 DaemonSet(s) read (fluentd-elasticsearch)" in r.output
    assert "except fluentd-elasticsearch (hostPath volumes), left out on every Fargate platform" in r.output
    folder = tmp_path / "both"
    folder.mkdir()
    for name in ("k8sweb-daemonset.yaml", "k8sweb-multi-container-resources.yaml"):
        (folder / name).write_text((K8S / name).read_text())
    w = load_any(folder)
    [ds] = w.daemonsets
    assert (ds.name, ds.cpu, ds.memory, ds.host_volumes, ds.eks_addon) == (
        "fluentd-elasticsearch", 0.1, 200, ["/var/log", "/var/lib/docker/containers"], None)
    # ECS on Fargate: the pod alone, 18.02005, as without the DaemonSet
    assert _compute_and_control_plane(folder, "ecs-fargate") == pytest.approx(18.02005, abs=1e-6)


def test_windows_iis_deployment_without_a_node_selector_is_priced_as_windows():
    # kubernetes/website windows/deploy-resource.yaml: 3 x microsoft/iis with limits only (2 vCPU, 128Mi: requests
    # = limits) and no OS named; windows/daemonset.yaml selects kubernetes.io/os: windows. Before: priced as Linux,
    # ECS on Fargate 3 x 2 vCPU / 4 GB x (2 x 0.04048 + 4 x 0.004445) x 730 = 216.2406, and on EKS on Fargate. Now
    # Windows with an assumption: 3 x (2 x (0.09148 + 0.046) + 4 x 0.01005) x 730 = 690.2004; EKS on Fargate runs no
    # Windows pods
    folder = K8S / "k8sweb-windows"
    result = import_k8s(folder)
    w = result.workload
    [iis] = w.services
    assert (iis.name, iis.os, iis.vcpu, iis.memory_mib, iis.replicas) == ("iis", "windows", 2, 128, 3)
    assert [(d.name, d.os) for d in w.daemonsets] == [("my-daemonset", "windows")]
    assert ("Deployment default/iis: priced as Windows because container iis runs the Windows image microsoft/iis; "
            "its pod names no OS") in " ".join(result.assumptions)
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(690.2004, abs=1e-6)
    assert [u.service for u in cmp.estimate("eks-fargate").unsupported] == ["iis"]
    r = CliRunner().invoke(app, ["import", "k8s", "--strict", str(folder)])
    assert r.exit_code == 2 and "priced as Windows because container iis" in r.output


def test_gpu_vllm_deployment_is_read_and_refused_by_compare_naming_the_gpus():
    # kubernetes/examples AI/vllm-deployment: 2 vCPU / 10Gi, 1 nvidia.com/gpu, 10Gi ephemeral-storage (within the 20
    # GiB Fargate includes), a memory-backed emptyDir (counted in the container's memory, not requested)
    path = K8S / "k8sex-vllm-deployment.yaml"
    w = load_any(path)
    [s] = w.services
    assert (s.name, s.vcpu, s.memory_mib, s.gpus, s.ephemeral_storage_gib) == ("vllm-gemma-deployment", 2, 10240, 1,
                                                                               20)
    r = CliRunner().invoke(app, ["compare", str(path)])
    assert r.exit_code == 2
    assert "vllm-gemma-deployment needs GPUs, which Fargate does not offer" in r.output
    assert "advisor cannot price GPU services yet" in r.output


def test_cockroachdb_statefulset_with_pdb_init_container_and_claim_template():
    # kubernetes/examples _archived/cockroachdb: a PodDisruptionBudget (minAvailable 67%, skipped), a StatefulSet of 3
    # with an init container and a claim template datadir of 1Gi that its volumes also name (the template's claim);
    # nothing requested: ECS on Fargate 3 x 9.010025 + 3 GiB of gp3 x 0.08 = 27.270075; EKS on Fargate cannot mount EBS
    path = K8S / "k8sex-cockroachdb-statefulset.yaml"
    w = load_any(path)
    [s] = w.services
    assert (s.name, s.replicas, s.spot, [(v.name, v.size_gib) for v in s.persistent_volumes]) == (
        "cockroachdb", 3, False, [("datadir", 1)])
    assert "skipped (no compute to price): 2 Service, 1 PodDisruptionBudget" in w.input_notes()
    cmp = compare(w, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(27.270075, abs=1e-6)
    assert [u.service for u in cmp.estimate("eks-fargate").unsupported] == ["cockroachdb"]


@pytest.mark.parametrize("name, service, skipped", [
    ("argo-rollouts-namespace-install.yaml", "argo-rollouts",
     "3 ClusterRole, 1 ConfigMap, 1 Role, 1 RoleBinding, 1 Secret, 1 Service, 1 ServiceAccount"),
    ("argo-rollouts-dashboard-install.yaml", "argo-rollouts-dashboard",
     "1 ClusterRole, 1 ClusterRoleBinding, 1 Service, 1 ServiceAccount"),
    ("external-dns-deployment.yaml", "external-dns", None),
])
def test_controller_install_manifests_are_one_service_each(name, service, skipped):
    # Argo Rollouts' namespace and dashboard installs and ExternalDNS's kustomize Deployment: one Deployment each,
    # nothing requested (0 / 0, listed), not a cluster add-on advisor knows (priced as a service everywhere); EKS on
    # Fargate 9.010025 + CoreDNS 18.02005 + 73 = 100.030075
    w = load_any(K8S / name)
    assert [(s.name, s.vcpu, s.memory_mib, s.cluster_addon) for s in w.services] == [(service, 0, 0, None)]
    assert (f"skipped (no compute to price): {skipped}" in w.input_notes()) == (skipped is not None)
    assert _compute_and_control_plane(K8S / name, "eks-fargate") == pytest.approx(100.030075, abs=1e-6)
