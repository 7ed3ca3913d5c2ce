"""Reported workload faults (round D): priced_with naming no owner, a service size checked before defaults fill
its containers, unusable snapshot ids, booleans read as numbers, fractional volume sizes, and notes or hints that
said the wrong thing. Each reported example is kept with the value or message it should give."""

from __future__ import annotations

import json

import pytest

from advisor.errors import WorkloadError
from advisor.workload import model
from advisor.workload.load import load_workload

_BASE = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048}]}


def _write(tmp_path, data, name="w.yaml"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


# ------------------------------------------------------------------------------------ 4. true is not the number 1

def _numeric_properties(schema: dict) -> list[tuple[str, str, bool]]:
    """(model, property, list of numbers?) for every property of the JSON Schema whose value may be a number."""

    def takes_number(s: dict) -> bool:
        if s.get("type") in ("number", "integer"):
            return True
        if "const" in s or "enum" in s:
            return any(type(x) in (int, float) for x in s.get("enum", [s.get("const")]))
        return any(takes_number(x) for x in s.get("anyOf", []) + s.get("oneOf", []))

    def list_of_numbers(s: dict) -> bool:
        if s.get("type") == "array" and isinstance(s.get("items"), dict):
            return takes_number(s["items"])
        return any(list_of_numbers(x) for x in s.get("anyOf", []))

    out = []
    for name, d in [("Workload", schema), *schema.get("$defs", {}).items()]:
        for prop, s in d.get("properties", {}).items():
            if takes_number(s):
                out.append((name, prop, False))
            elif list_of_numbers(s):
                out.append((name, prop, True))
    return out


def test_every_numeric_field_refuses_a_boolean():
    """Reported: team.size true read as a team of 1, eks.clusters true priced one control plane, a volume's
    size_gib true a 1 GiB volume (replicas: true was refused). Walks the JSON Schema: every property that takes a
    number (or a list of numbers) refuses true and false, naming the field."""
    schema = model.Workload.model_json_schema()
    fields = _numeric_properties(schema)
    assert ("Team", "size", False) in fields and ("EksConfig", "clusters", False) in fields
    assert ("PersistentVolume", "size_gib", False) in fields and ("Service", "host_ports", True) in fields
    assert ("Commitment", "term_years", False) in fields and len(fields) > 60, fields
    for name, prop, items in fields:
        cls = getattr(model, name)
        for value in (True, False):
            with pytest.raises(model.ValidationError) as err:
                cls.model_validate({prop: [value] if items else value})
            mine = [e for e in err.value.errors() if tuple(e["loc"]) == (prop,)]
            assert mine and "is a boolean, not a number" in mine[0]["msg"], (name, prop, err.value.errors())


def test_every_number_field_gets_the_strict_checks():
    """The wrap validator that refuses a boolean for a number and reads -0.0 as 0.0 runs on the fields named in
    model._NUMBER_FIELDS, not on every field (a layer per field costs time to build and to run): every field of every
    workload model that takes a number or may hold a float is named, and every name is a field of some model."""
    models = [c for c in vars(model).values()
              if isinstance(c, type) and issubclass(c, model._Strict) and c is not model._Strict]
    assert len(models) > 30
    needed = {(c.__name__, name) for c in models for name, f in c.model_fields.items() if model.strict_checks_apply(f)}
    assert {("Service", "cpu"), ("Service", "host_ports"), ("Ec2Config", "headroom_percent"),
            ("Commitment", "term_years")} <= needed
    assert not {(c, n) for c, n in needed if n not in model._NUMBER_FIELDS}
    assert set(model._NUMBER_FIELDS) == {n for _, n in needed}
    assert not model.strict_checks_apply(model.Service.model_fields["name"])
    assert not model.strict_checks_apply(model.Service.model_fields["spot"])


@pytest.mark.parametrize("patch, field, expected", [
    ({"team": {"size": True}}, "team.size", "write a whole number from 1 to 10,000"),
    ({"eks": {"clusters": True}}, "eks.clusters", "write a whole number from 1 to 100"),
    ({"services": [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [{"size_gib": True}]}]},
     "services[0].persistent_volumes[0].size_gib", "write a number above 0 and at most 65,536"),
    ({"services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": True}]},
     "services[0].replicas", "write a whole number from 0 to 5,000"),
])
def test_reported_booleans_exit_2_naming_the_field(tmp_path, patch, field, expected):
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, {**_BASE, **patch}))
    msg = str(err.value)
    assert err.value.exit_code == 2 and f"{field} " in msg and "true is a boolean, not a number" in msg \
        and expected in msg, msg


# ------------------------------------------------------------------------- 1. priced_with names the owning service

def _pw(priced_with, *, other=None):
    services = ([other] if other else []) + [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [
        {"name": "z", "size_gib": 1000, "shared": True, "priced_with": priced_with}]}]
    return {"name": "w", "services": services}


@pytest.mark.parametrize("priced_with, other, why", [
    ("nosuch", None, "'nosuch' is not a service of this workload"),          # reported: $169.51, no line for z
    ("a", None, "it names this service itself"),
    ("b", {"name": "b", "cpu": 1, "memory": 2048}, "service 'b' has no shared volume named 'z'"),
    ("b", {"name": "b", "cpu": 1, "memory": 2048, "persistent_volumes": [{"name": "z", "size_gib": 5}]},
     "service 'b' has no shared volume named 'z'"),
])
def test_priced_with_must_name_the_service_that_prices_the_claim(tmp_path, priced_with, other, why):
    index = 1 if other else 0
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, _pw(priced_with, other=other)))
    msg = str(err.value)
    assert f"services[{index}].persistent_volumes[0].priced_with" in msg and why in msg and \
        "another service of the workload that has a shared volume of the same name" in msg, msg


def test_priced_with_its_owner_is_priced_once_on_eks(tmp_path):
    """The valid form (what 'advisor import k8s' writes): b prices z, a names b; EKS on EC2 prices z once."""
    from advisor.compare import compare

    owner = {"name": "b", "cpu": 1, "memory": 2048, "persistent_volumes": [{"name": "z", "size_gib": 1000,
                                                                             "shared": True}]}
    c = compare(_write(tmp_path, _pw("b", other=owner)), platforms=["eks-ec2"])
    lines = [(x.service, round(x.monthly_cost, 2)) for x in c.estimate("eks-ec2").lines if "EBS volume" in x.name]
    assert lines == [("b", 80.0)]  # 1000 GiB x $0.08 gp3 (us-east-1), once
    with pytest.raises(WorkloadError, match=r"valid here: 'b'"):
        load_workload(_write(tmp_path, {"name": "w", "services": [owner, {
            "name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [
                {"name": "z", "size_gib": 1000, "shared": True, "priced_with": "Deployment default/b"}]}]}))


def test_a_shared_volume_whose_owner_runs_no_pod_is_priced_with_a_running_service(tmp_path):
    """Reported: the owner of a shared volume (the service the others' priced_with names) had 0 replicas, so it was
    left out as idle and the 100 GiB volume three running reader pods mount was priced nowhere on EKS ($151.13, as
    with no volume). The first remaining service that mounts it now prices it: 100 GiB x $0.08 = $8.00, as when the
    owner runs a pod."""
    from advisor.compare import compare

    def workload(writer_replicas):
        return {"name": "pw", "services": [
            {"name": "writer", "cpu": 0.25, "memory": 512, "replicas": writer_replicas,
             "persistent_volumes": [{"name": "data", "size_gib": 100, "shared": True}]},
            {"name": "reader", "cpu": 0.25, "memory": 512, "replicas": 3,
             "persistent_volumes": [{"name": "data", "size_gib": 100, "shared": True, "priced_with": "writer"}]}]}

    c = compare(_write(tmp_path, workload(0)), platforms=["eks-ec2"])
    lines = [(x.service, round(x.monthly_cost, 2)) for x in c.estimate("eks-ec2").lines if "EBS volume data" in x.name]
    assert lines == [("reader", 8.0)]


# ----------------------------------------------------------------- 2. a service's size holds its defaulted containers

def test_service_size_beside_containers_is_checked_with_the_defaults(tmp_path):
    """Reported: defaults {cpu: 1, memory: 2048} and a service {cpu: 0.5, memory: 1024, containers: [{name: x}]} was
    priced at 0.5 vCPU / 1 GB, though without the service's size the container gets 1 vCPU / 2 GB. Now the same exit
    2 as with the figures written on the container, the defaulted figures named as such."""
    data = {"name": "w", "defaults": {"cpu": 1, "memory": 2048},
            "services": [{"name": "a", "cpu": 0.5, "memory": 1024, "containers": [{"name": "x"}]}]}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, data))
    msg = str(err.value)
    assert "services[0].cpu" in msg and "0.5 vCPU is less than the containers request together, 1 vCPU, counting " \
        "defaults.cpu (1 vCPU) for x, which requests no cpu" in msg, msg
    assert "services[0].memory" in msg and "1024 MiB is less than the containers request together, 2048 MiB, " \
        "counting defaults.memory (2048 MiB) for x" in msg and "Raise memory to at least 2048 MiB" in msg, msg
    written = {"name": "w", "services": [{"name": "a", "cpu": 0.5, "memory": 1024,
                                          "containers": [{"name": "x", "cpu": 1, "memory": 2048}]}]}
    with pytest.raises(WorkloadError, match=r"services\[0\]\.cpu .*0\.5 vCPU is less than the containers request "
                       r"together, 1 vCPU \("):
        load_workload(_write(tmp_path, written))
    # a size that holds the defaulted container is priced as written; without the service's size, at the defaults
    ok = load_workload(_write(tmp_path, {**data, "services": [{**data["services"][0], "cpu": 1, "memory": 2048}]}))
    assert (ok.services[0].vcpu, ok.services[0].memory_mib) == (1.0, 2048.0)
    bare = load_workload(_write(tmp_path, {**data, "services": [{"name": "a", "containers": [{"name": "x"}]}]}))
    assert (bare.services[0].vcpu, bare.services[0].memory_mib) == (1.0, 2048.0)


# ------------------------------------------------------------------------------- 3. snapshot ids that name nothing

@pytest.mark.parametrize("snapshot_id", ["", "   ", "\u202esnap", "snap 1"])
def test_blank_or_invisible_snapshot_id_is_refused(tmp_path, snapshot_id):
    """Reported: {name: s1, size_gib: null, snapshot_id: ""} was accepted; the note read "created from snapshot ,
    whose ..."."""
    data = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [
        {"name": "s1", "size_gib": None, "snapshot_id": snapshot_id}]}]}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, data))
    msg = str(err.value)
    assert "services[0].persistent_volumes[0].snapshot_id" in msg and "is not an EBS snapshot id" in msg and \
        "snap-0123456789abcdef0" in msg, msg


def test_a_volume_without_size_gib_says_null_is_allowed_with_a_snapshot(tmp_path):
    """Reported: {name: d, snapshot_id: snap-1} with no size_gib key said only "'size_gib' is required"."""
    data = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [
        {"name": "d", "snapshot_id": "snap-1"}]}]}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, data))
    msg = str(err.value)
    assert "services[0].persistent_volumes[0].size_gib" in msg and "may write size_gib: null beside its snapshot_id" \
        in msg and "this one has snapshot_id 'snap-1', so write size_gib: null or its size" in msg, msg
    data["services"][0]["persistent_volumes"][0]["size_gib"] = None  # the valid form: kept, not priced
    [v] = load_workload(_write(tmp_path, data)).services[0].persistent_volumes
    assert (v.size_gib, v.snapshot_id) == (None, "snap-1")


@pytest.mark.parametrize("snapshot, shown", [("", "''"), ("  ", "'  '"), ({"a": 1}, "{'a': 1}")])
def test_import_of_a_managed_volume_with_no_usable_snapshot_id_needs_its_size(tmp_path, snapshot, shown):
    """Reported: 'import taskdef --services' with managedEBSVolume {"snapshotId": ""} (or an object) wrote
    snapshot_id: "" (or the object's repr). With no usable snapshot id, sizeInGiB is required (ECS
    ServiceManagedEBSVolumeConfiguration): the existing "is missing" error, saying why the snapshot does not count."""
    from pathlib import Path

    from advisor.workload.importers.taskdef import import_taskdef

    examples = Path(__file__).resolve().parents[1] / "examples"
    svc = json.loads((examples / "web-app.service.json").read_text())
    svc["volumeConfigurations"] = [{"name": "data", "managedEBSVolume": {"snapshotId": snapshot, "roleArn": "x"}}]
    services = _write(tmp_path, svc, "svc.json")
    with pytest.raises(WorkloadError) as err:
        import_taskdef(examples / "web-app.taskdef.json", services)
    msg = str(err.value)
    assert "volumeConfigurations[0].managedEBSVolume.sizeInGiB: is missing" in msg and \
        f"snapshotId {shown} names no snapshot" in msg, msg


def test_cloudformation_volume_with_a_blank_snapshot_id_needs_its_size(tmp_path):
    from test_iac import _ebs_volume_template

    from advisor.workload.importers import load_any

    path = tmp_path / "t.json"
    path.write_text(json.dumps(_ebs_volume_template({"SnapshotId": ""})))
    with pytest.raises(WorkloadError, match=r"ManagedEBSVolume\.SizeInGiB: is missing.*SnapshotId '' names no "
                                            r"snapshot"):
        load_any(path)


# ------------------------------------------------------------------------------- 5. EBS volumes are whole GiB

@pytest.mark.parametrize("size, volume_type, billed", [
    (1.5, None, 2.0), (0.5, None, 1.0), (1.0, None, 1.0), (1000, "gp2", 1000.0), (1e-9, "io1", 4.0),
    (125.2, "st1", 126.0), (1500 * 2**20 / 2**30, None, 2.0)])  # a Kubernetes claim of 1500Mi: 1.46 GiB
def test_billed_ebs_size_is_whole_gib_at_least_the_types_smallest(size, volume_type, billed):
    assert model.billed_ebs_gib(size, volume_type) == billed


def test_fractional_volume_sizes_are_priced_as_whole_gib(tmp_path):
    """Reported: size_gib 1.5 was priced as 1.5 GB-months. EBS sizes are whole GiB (CreateVolume Size is an integer;
    the EBS CSI driver rounds a claim up): 2 GB-months x $0.08 = $0.16 per pod; a root volume of 20.5 GiB is 21."""
    from advisor.compare import compare

    data = {"name": "w", "ec2": {"root_volume_gib": 20.5}, "services": [
        {"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [{"name": "z", "size_gib": 1.5}]}]}
    c = compare(_write(tmp_path, data), platforms=["eks-ec2", "ecs-fargate"], scaling=False)
    eks = {x.name: (x.quantity, round(x.monthly_cost, 2)) for x in c.estimate("eks-ec2").lines
           if x.resource == "block_storage"}
    assert eks["EBS volume z (gp3, 2 GiB per pod; 1.5 GiB asked, rounded up to whole GiB, as EBS sizes are)"] == \
        (2.0, 0.16)
    root = next(k for k in eks if k.startswith("EBS root volume"))
    assert root == "EBS root volume (gp3, 21 GiB per node; 20.5 GiB asked, rounded up to whole GiB, as EBS sizes are)"
    assert eks[root][0] == 42.0  # 2 nodes x 21 GiB
    fargate = [(x.name, x.quantity) for x in c.estimate("ecs-fargate").lines if x.resource == "block_storage"]
    assert fargate == [("EBS volume z (gp3, 2 GiB per task; 1.5 GiB asked, rounded up to whole GiB, as EBS sizes "
                        "are)", 2.0)]


def test_a_1500mi_claim_is_a_2_gib_volume(tmp_path):
    """Reported: a Kubernetes claim of 1500Mi was priced as 1.46 GB-months; the EBS CSI driver creates 2 GiB."""
    from test_importers import _claiming, _class, _manifests, _pvc

    from advisor.workload.importers.k8s import import_k8s

    path = _manifests(tmp_path, _class("ebs", "ebs.csi.aws.com", type="gp3"),
                      _pvc(storage="1500Mi", storageClassName="ebs"), _claiming())
    [v] = import_k8s(path).workload.services[0].persistent_volumes
    assert v.billed_size_gib == 2.0 and v.size_gib < 1.5


def test_a_tiny_volume_is_written_without_exponent_notation(tmp_path):
    """A PersistentVolume of 100 bytes (``capacity: {storage: 100}``) was written ``size_gib: 9.313225746154785e-08``
    by ``import k8s`` and named "9.31323e-08 GiB" in the note and the EBS line; every number is written out in
    full, and the generated file reads back as the same workload (the writer checks the round trip)."""
    from test_importers import _manifests

    from advisor.compare import compare
    from advisor.workload.importers.k8s import import_k8s

    pv = {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
          "spec": {"capacity": {"storage": 100}, "accessModes": ["ReadWriteOnce"], "storageClassName": "",
                   "awsElasticBlockStore": {"volumeID": "vol-1"}, "claimRef": {"namespace": "default", "name": "data"}}}
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
           "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "", "volumeName": "pv1",
                    "resources": {"requests": {"storage": 100}}}}
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"}, "spec": {
        "replicas": 1, "selector": {"matchLabels": {"app": "api"}}, "template": {
            "metadata": {"labels": {"app": "api"}}, "spec": {
                "containers": [{"name": "api", "image": "nginx", "resources": {"requests": {"cpu": "250m"}},
                                "volumeMounts": [{"name": "d", "mountPath": "/d"}]}],
                "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}]}}}}
    res = import_k8s(_manifests(tmp_path, pv, pvc, dep))
    text = res.to_yaml()
    assert "size_gib: 0.00000009313225746154785," in text and "e-0" not in text
    assert any("default/data 0.00000009313225746154785 GiB" in n for n in res.notes)
    [v] = res.workload.services[0].persistent_volumes
    assert v.size_gib == 100 / 1024 ** 3 and v.billed_size_gib == 1.0
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    [line] = [li for li in est.lines if li.name.startswith("EBS volume data")]
    assert "0.00000009313225746154785 GiB asked" in line.name and "e-0" not in line.name


# ------------------------------------------------------------------------------------------------ 6. messages

def test_notes_say_a_snapshot_volume_of_unknown_size_is_not_priced(tmp_path):
    """Reported: with only a size_gib: null snapshot volume, the ECS notes said "priced as gp3 for the task-hours"."""
    from advisor.compare import compare

    data = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [
        {"name": "s1", "size_gib": None, "snapshot_id": "snap-1"}]}]}
    c = compare(_write(tmp_path, data), platforms=["ecs-fargate", "ecs-ec2", "eks-ec2"], scaling=False)
    for platform in ("ecs-fargate", "ecs-ec2", "eks-ec2"):
        notes = [n for n in c.estimate(platform).notes if n.startswith("Persistent volumes")]
        assert notes and all("priced as" not in n for n in notes), (platform, notes)
        assert "none priced" in notes[0] and "Not priced: s1 of a (snapshot snap-1)" in notes[0], notes
    mixed = {"name": "w", "services": [{**data["services"][0], "persistent_volumes": [
        {"name": "s1", "size_gib": None, "snapshot_id": "snap-1"}, {"name": "d", "size_gib": 10}]}]}
    c = compare(_write(tmp_path, mixed), platforms=["ecs-fargate"], scaling=False)
    [note] = [n for n in c.estimate("ecs-fargate").notes if n.startswith("Persistent volumes")]
    assert "priced as gp3 for the task-hours" in note and "Not priced: s1 of a (snapshot snap-1)" in note


@pytest.mark.parametrize("value, hint", [
    ("0.5M", None),                     # reported: suggested '0.5m', itself less than one CPU unit
    ("500M", "Did you mean '500m' (= 0.5 vCPU)?"),
    ("0.0001 vcpux", None),
    ("0.5 vcpux", "Did you mean '0.5 vCPU'?"),
])
def test_cpu_hints_never_suggest_an_invalid_value(value, hint):
    from advisor.units import QuantityError, parse_cpu

    with pytest.raises(QuantityError) as err:
        parse_cpu(value)
    msg = str(err.value)
    if hint is None:
        assert "Did you mean" not in msg, msg
    else:
        assert hint in msg, msg
    if value == "0.5M":
        assert "'0.5m' would be 0.0005 vCPU, less than one ECS CPU unit" in msg and "'500m'" in msg, msg


@pytest.mark.parametrize("value, hint", [(1e-7, None), (2, "did you mean '2 GB'"), ("0.001k", None),
                                         ("2k", "Did you mean '2 MiB'?")])
def test_memory_hints_never_suggest_an_invalid_value(value, hint):
    from advisor.units import QuantityError, parse_memory_mib

    with pytest.raises(QuantityError) as err:
        parse_memory_mib(value)
    msg = str(err.value)
    assert (hint in msg) if hint else ("did you mean" not in msg.lower()), msg


def test_sizes_cpu_0_5M_exits_2_without_an_invalid_suggestion():
    from typer.testing import CliRunner

    from advisor.cli import app

    res = CliRunner().invoke(app, ["sizes", "--cpu", "0.5M"])
    assert res.exit_code == 2 and "Did you mean '0.5m'" not in res.output and "--cpu" in res.output, res.output


_CLAIM_AND_EPHEMERAL_OF_ONE_NAME = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: default}
spec:
  accessModes: [ReadWriteMany]
  storageClassName: gp3
  resources: {requests: {storage: 1500Mi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: gp3}
provisioner: ebs.csi.aws.com
parameters: {type: gp3}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: writer}
spec:
  replicas: 2
  selector: {matchLabels: {app: writer}}
  template:
    metadata: {labels: {app: writer}}
    spec:
      containers:
        - {name: c, image: nginx, resources: {requests: {cpu: 250m, memory: 512Mi}}}
      volumes:
        - {name: v, persistentVolumeClaim: {claimName: data}}
        - name: data
          ephemeral:
            volumeClaimTemplate:
              spec: {accessModes: [ReadWriteOnce], storageClassName: gp3, resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reader}
spec:
  replicas: 3
  selector: {matchLabels: {app: reader}}
  template:
    metadata: {labels: {app: reader}}
    spec:
      containers:
        - {name: c, image: nginx, resources: {requests: {cpu: 250m, memory: 512Mi}}}
      volumes:
        - {name: v, persistentVolumeClaim: {claimName: data}}
"""


def test_a_claim_keeps_its_name_beside_an_ephemeral_volume_of_the_same_name(tmp_path):
    """Reported: writer mounts the claim 'data' and has a generic ephemeral volume named 'data'; reader mounts the
    claim too. The import renamed the claim to 'data (PersistentVolumeClaim)' after reader's priced_with was
    written, so the manifest that Kubernetes accepts exited 2 ("service 'writer' has no shared volume named
    'data'"). The claim keeps its name, the ephemeral volume is renamed, and EKS on EC2 prices the 1500Mi claim once
    at 2 GiB (whole GiB) x $0.08 = $0.16."""
    from advisor.compare import compare

    path = tmp_path / "m.yaml"
    path.write_text(_CLAIM_AND_EPHEMERAL_OF_ONE_NAME, encoding="utf-8")
    from advisor.workload.importers import load_any

    w = load_any(path)
    by = {s.name: {v.name: v for v in s.persistent_volumes} for s in w.services}
    assert set(by["writer"]) == {"data", "data (ephemeral)"} and by["writer"]["data"].shared
    assert by["reader"]["data"].priced_with == "writer"
    c = compare(w, platforms=["eks-ec2"])
    shared = [(x.service, round(x.monthly_cost, 2)) for x in c.estimate("eks-ec2").lines
              if x.name.startswith("EBS volume data (gp3") and "share" in x.name]
    assert shared == [("writer", 0.16)]


@pytest.mark.parametrize("data, where, valid", [
    # reported: "Valid keys here: ." (the hand-kept list of models lacked the managed-instances providers)
    ({"ecs_managed_instances": {"capacity_providers": [{"name": "p", "instance_requirements": {}}]}},
     "ecs_managed_instances.capacity_providers[0]", "capacity_option_type, name"),
    ({"ecs_managed_instances": {"bogus": 1}}, "ecs_managed_instances", "az_spread"),
    ({"eks_auto_mode": {"bogus": 1}}, "eks_auto_mode", "ephemeral_storage_gib"),
    ({"declared": {"bogus": 1}}, "declared", "ecs_services"),
    ({"services": [{"name": "a", "cpu": 1, "memory": 2048, "persistent_volumes": [{"size_gib": 1, "bogus": 1}]}]},
     "services[0].persistent_volumes[0]", "access_modes"),
])
def test_unknown_key_lists_the_valid_keys_of_every_section(tmp_path, data, where, valid):
    body = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048}], **data}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, body))
    msg = str(err.value)
    assert f"{where}" in msg and "Valid keys here: ." not in msg and valid in msg.split("Valid keys here:")[1], msg


@pytest.mark.parametrize("ports", ["ndarray", "set", "np_bool_list"])
def test_a_boolean_in_a_list_of_numbers_is_refused_whatever_the_iterable(ports):
    """Reported: host_ports given from the Python API as np.array([True]) (or a set) passed as [1]; only a list or
    tuple was looked into. Any iterable of items is checked; a real port in an array still loads."""
    import numpy as np

    import advisor

    value = {"ndarray": np.array([True]), "set": {True}, "np_bool_list": [np.bool_(True)]}[ports]
    base = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "network_mode": "host"}]}
    base["services"][0]["host_ports"] = value
    with pytest.raises(WorkloadError, match=r"host_ports: item 0: true is a boolean, not a number"):
        advisor.load(base)
    base["services"][0]["host_ports"] = np.array([8080])
    assert advisor.load(base).services[0].host_ports == [8080]


def test_an_invalid_default_is_reported_once_at_defaults(tmp_path):
    """Reported: defaults {cpu: true} gave three problems, at services[0].containers[0].cpu, defaults.cpu and
    daemonsets[0].cpu, two of them at fields the user did not write. Only defaults.cpu is named."""
    body = {"name": "w", "defaults": {"cpu": True, "memory": "2 GB"},
            "services": [{"name": "a", "containers": [{"name": "x", "memory": 512}]}],
            "daemonsets": [{"name": "agent", "memory": 128}]}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, body))
    msg = str(err.value)
    assert "(1 problem)" in msg and "defaults.cpu" in msg and "containers[0].cpu" not in msg, msg


@pytest.mark.parametrize("service, where, says", [
    # a blank host_ip was read as an address of its own ("  :80/TCP"), overlapping no other address but 0.0.0.0
    ({"host_ports": [{"port": 80, "host_ip": "  "}]}, "services[0].host_ports[0].host_ip",
     "'  ' is blank or holds invisible characters (a newline, a tab); write the node address the port binds"),
    ({"host_ports": [{"port": 80, "host_ip": "10.0.0.5\t1"}]}, "services[0].host_ports[0].host_ip", "invisible"),
    # one port declared twice was priced and listed twice ("host port(s) 80, 80"); the API server refuses the pod
    ({"host_ports": [80, {"port": 80}]}, "services[0].host_ports[1]",
     "80 is item 0 too; list each port (protocol, port and address) once: the Kubernetes API server refuses a pod "
     "that declares one host port twice ('Duplicate value')"),
    ({"host_ports": [{"port": 53, "protocol": "udp", "host_ip": "::"}, {"port": 53, "protocol": "UDP ",
                                                                         "host_ip": " :: "}]},
     "services[0].host_ports[1]", "[::]:53/UDP is item 0 too"),
    ({"init_host_ports": [80, 80]}, "services[0].init_host_ports[1]", "80 is item 0 too; list each port once"),
    ({"fargate_unsupported": ["ipcMode host", "ipcMode host"]}, "services[0].fargate_unsupported[1]",
     "'ipcMode host' is item 0 too; list each task definition parameter once"),
    # an ECS task binds every address of its instance, over tcp or udp (PortMapping)
    ({"network_mode": "bridge", "host_ports": [{"port": 80, "host_ip": "10.0.0.5"}]},
     "services[0].host_ports[0].host_ip", "'10.0.0.5' is a Kubernetes hostIP, and an ECS task (network_mode bridge) "
     "binds its host ports on every address of its instance"),
    ({"network_mode": "host", "host_ports": [{"port": 80, "protocol": "sctp"}]},
     "services[0].host_ports[0].protocol", "SCTP is not an ECS port mapping protocol (network_mode host)"),
])
def test_host_ports_each_once_with_a_real_address(tmp_path, service, where, says):
    body = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": 3, **service}]}
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, body))
    assert f"{where}" in str(err.value) and says in str(err.value), str(err.value)


@pytest.mark.parametrize("where, ports, says", [
    # a port number in quotes (or 80.0, or '8_0') loaded as 80, while replicas: "3" and {port: "53"} say to drop the
    # quotes: the bare-number form of host_ports was the one number field that took text
    ("services", ["80"], "services[0].host_ports[0] (line 1): '80' is text, not a number; write 80, without quotes (a "
                         "whole number from 1 to 65,535)."),
    ("services", ["8_0"], "services[0].host_ports[0] (line 1): Input should be a valid integer. Got '8_0'."),
    ("services", [443.0], "services[0].host_ports[0] (line 1): 443.0 is written as a decimal; write 443 (a whole number "
                          "from 1 to 65,535)."),
    ("daemonsets", ["9100"], "daemonsets[0].host_ports[0] (line 1): '9100' is text, not a number; write 9100, without "
                             "quotes"),
    ("init", ["80"], "services[0].init_host_ports[0] (line 1): '80' is text, not a number; write 80, without quotes"),
])
def test_a_host_port_written_as_text_or_a_float_is_refused_as_other_numbers_are(tmp_path, where, ports, says):
    svc = {"name": "a", "cpu": 1, "memory": 2048, "network_mode": "host"}
    body = {"name": "w", "services": [dict(svc, **({"init_host_ports": ports} if where == "init" else
                                                  {"host_ports": ports} if where == "services" else {}))]}
    if where == "daemonsets":
        body["daemonsets"] = [{"name": "agent", "cpu": 0.1, "memory": 128, "host_ports": ports}]
    with pytest.raises(WorkloadError) as err:
        load_workload(_write(tmp_path, body))
    assert says in str(err.value), str(err.value)


def test_host_ports_from_numpy_and_pandas_load_as_python_numbers():
    """A port takes a whole number strictly now, so the numpy integers of an array or a pandas Series are made Python
    integers first, as a YAML list gives them (np.array([8080]) loaded before, through the lax reading)."""
    import numpy as np
    import pandas as pd

    import advisor

    base = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "network_mode": "host"}]}
    for ports in (np.array([8080, 9090]), pd.Series([8080, 9090]), [np.int32(8080), np.int64(9090)]):
        base["services"][0]["host_ports"] = ports
        got = advisor.load(base).services[0].host_ports
        assert got == [8080, 9090] and all(type(p) is int for p in got)


def test_host_ports_distinct_by_protocol_and_address_load_and_show_ipv6_bracketed(tmp_path):
    # 80/TCP, 80/UDP and 80/TCP on one address are three ports (kube-scheduler HostPortInfo keys); an IPv6 address is
    # written [::1]:80 (it was ':::1:80/UDP'-like, the address and port run together); host_ip is trimmed
    body = {"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048, "replicas": 3, "host_ports": [
        80, {"port": 80, "protocol": "udp"}, {"port": 80, "host_ip": " 10.0.0.5 "},
        {"port": 53, "protocol": "Udp", "host_ip": "::1"}]}]}
    [svc] = load_workload(_write(tmp_path, body)).services
    assert [str(p) for p in svc.host_ports] == ["80", "80/UDP", "10.0.0.5:80/TCP", "[::1]:53/UDP"]
    assert [model.port_key(p) for p in svc.host_ports][2] == ("10.0.0.5", "TCP", 80)


def test_static_host_port_notes_are_bounded_lists():
    # 12 bridge services of 3 tasks, 11 of them holding ports 1000-1099: the "Static host ports" note listed all 1,100
    # ports and the fleet note all 12 names; lists in notes are bounded (advisor.units.name_list). The numbers stay:
    # each service's 3 tasks on 3 instances; the 11 services sharing ports 1000-1099 need 3 x 11 = 33, and the packing
    # keeps one of their tasks per instance (e0's 3 tasks share those instances: 80 and 53/UDP are no one else's)
    from advisor.compare import compare
    from advisor.workload import parse_workload

    svcs = [{"name": f"e{i}", "cpu": 0.25, "memory": 512, "replicas": 3, "network_mode": "bridge",
             "host_ports": list(range(1000, 1100)) if i else [80, {"port": 53, "protocol": "udp"}]} for i in range(12)]
    est = compare(parse_workload({"name": "w", "services": svcs}), platforms=["ecs-ec2"]).estimate("ecs-ec2")
    [ports] = [n for n in est.notes if n.startswith("Static host ports: ")]
    assert ports.startswith("Static host ports: e0 (80, 53/UDP); e1 (1000, 1001, 1002, 1003, 1004 and 95 more); e2 (")
    assert "e9 (1000, 1001, 1002, 1003, 1004 and 95 more) and 2 more. A port on an instance" in ports
    [fleet] = [n for n in est.notes if n.startswith("Fleet sized")]
    assert "at least 33 nodes (a static host port of e0, e1, e2, e3, e4, e5, e6, e7, e8, e9 and 2 more, which" in fleet
    [shared] = [n for n in est.notes if n.startswith("Host ports held by tasks of more than one service")]
    assert "whichever service it belongs to: at least 33 instances" in shared
    assert est.fleet.node_count == 33


@pytest.mark.parametrize(("value", "message"), [
    ("!!int 1.5", "the tag '!!int' does not fit '1.5'"),
    ("!!float true", "the tag '!!float' does not fit 'true'"),
    ("!!float ''", "the tag '!!float' does not fit ''"),
    ("!!timestamp 7", "the tag '!!timestamp' does not fit '7'"),
    ("!!bool [1]", "the tag '!!bool' takes one value, not a list"),
    ("!!int {a: 1}", "the tag '!!int' takes one value, not a mapping"),
    ("!!bool yes", "the tag '!!bool' takes true or false, not 'yes'"),
    ("!!map foo", "the tag '!!map' takes a mapping, not a single value"),
    ("!!map [1]", "the tag '!!map' takes a mapping, not a list"),
])
def test_an_explicit_tag_on_a_value_it_does_not_fit_names_tag_value_and_line(value, message):
    """An explicit YAML tag on a value it cannot build (``replicas: !!int 1.5``) made PyYAML's constructors raise a
    bare ValueError / AttributeError / IndexError / TypeError: a traceback and exit 1 from every command. Each is a
    WorkloadError (exit 2) naming the tag, the value and the line, in workload files, manifests and templates alike."""
    from advisor.workload.source import parse_yaml

    text = f"name: x\nservices:\n- name: a\n  cpu: 1\n  memory: 2048\n  replicas: {value}\n"
    with pytest.raises(WorkloadError) as err:
        parse_yaml(text, "w.yaml")
    assert str(err.value).startswith(f"w.yaml: line 6, column 13: {message}; remove the tag"), str(err.value)
    # the same tag that fits its value still reads as before
    assert parse_yaml("a: !!int 7\nb: !!float 1.5\nc: !!bool true\nd: !!map {x: 1}\ne: !!null ''\n", "ok.yaml") == [
        {"a": 7, "b": 1.5, "c": True, "d": {"x": 1}, "e": None}]
