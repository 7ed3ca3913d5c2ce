"""Importers: ECS task definitions, Kubernetes manifests, live ECS (moto), load_any and the import CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import AdvisorError, WorkloadError
from advisor.workload import load_workload, parse_workload
from advisor.workload.importers import detect, load_any, write_output
from advisor.workload.importers.k8s import import_k8s, runs_per_month
from advisor.workload.importers.taskdef import import_taskdef

EX = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()


def _write(tmp_path: Path, name: str, content) -> Path:
    p = tmp_path / name
    p.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return p


def _roundtrip(result):
    text = result.to_yaml()
    p = Path(__import__("tempfile").mkdtemp()) / "w.yaml"
    p.write_text(text)
    assert load_workload(p) == result.workload
    return text


# ------------------------------------------------------------------------------------ task definitions


def test_seed_taskdef_round_trip_with_service_matches_hand_written_example():
    res = import_taskdef(EX / "web-app.taskdef.json", EX / "web-app.service.json")
    hand = load_workload(EX / "web-app.yaml")
    # The files state two things the hand-written example leaves to advisor: networkMode awsvpc, and the
    # service's capacityProviderStrategy (FARGATE, base 1, weight 1), which is now carried, not a comment.
    svc = res.workload.services[0]
    assert svc.network_mode == "awsvpc"
    assert svc.capacity_provider_strategy == [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}]
    same = hand.model_copy(update={"services": [hand.services[0].model_copy(update={
        "network_mode": "awsvpc", "capacity_provider_strategy": svc.capacity_provider_strategy})]})
    assert res.workload == same
    _roundtrip(res)
    imported = {e["platform"]: e["monthly_cost"] for e in compare(res.workload).to_dict()["platforms"]}
    written = {e["platform"]: e["monthly_cost"] for e in compare(hand).to_dict()["platforms"]}
    # everything but Fargate Spot prices the same; with the service's all-FARGATE strategy no task runs on
    # Spot, so the "Fargate Spot" estimate is the on-demand Fargate cost
    assert {k: v for k, v in imported.items() if k != "ecs-fargate-spot"} == \
        {k: v for k, v in written.items() if k != "ecs-fargate-spot"}
    assert imported["ecs-fargate-spot"] == pytest.approx(imported["ecs-fargate"])


def test_seed_taskdef_with_replicas_prices_identically():
    res = import_taskdef(EX / "web-app.taskdef.json", replicas=2)
    hand = load_workload(EX / "web-app.yaml")
    svc = res.workload.services[0]
    assert svc.name == "web-app"  # named after the family when no service JSON names it
    assert (svc.vcpu, svc.memory_mib, svc.desired, svc.architecture, svc.os) == (0.25, 512, 2, "x86_64", "linux")
    renamed = hand.model_copy(update={"services": [hand.services[0].model_copy(update={"name": "web-app",
                                                                                       "network_mode": "awsvpc"})]})
    assert res.workload == renamed
    assert compare(res.workload).to_dict()["platforms"] == compare(renamed).to_dict()["platforms"]
    totals = {e["platform"]: e["monthly_cost"] for e in compare(res.workload).to_dict()["platforms"]}
    assert totals == {e["platform"]: e["monthly_cost"] for e in compare(hand).to_dict()["platforms"]}


def test_compare_accepts_taskdef_json_directly():
    c = compare(EX / "web-app.taskdef.json")
    assert c.workload.services[0].desired == 1 and c.workload.services[0].vcpu == 0.25


@pytest.mark.parametrize("wrap", ["object", "list", "describe"])
def test_taskdef_shapes_and_units(tmp_path, wrap):
    td = {"family": "api", "cpu": "1 vCPU", "memory": "2 GB", "requiresCompatibilities": ["FARGATE"],
          "runtimePlatform": {"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
          "ephemeralStorage": {"sizeInGiB": 50}, "volumes": [], "unknownFutureField": {"x": 1},
          "containerDefinitions": [{"name": "a", "image": "x", "secrets": [], "healthCheck": {"command": ["x"]}}]}
    data = {"object": td, "list": [td], "describe": {"taskDefinition": td, "tags": []}}[wrap]
    svc = import_taskdef(_write(tmp_path, "td.json", data)).workload.services[0]
    assert (svc.vcpu, svc.memory_mib, svc.architecture, svc.ephemeral_storage_gib) == (1.0, 2048, "arm64", 50)


def test_ec2_taskdef_sums_containers(tmp_path):
    td = {"family": "worker", "requiresCompatibilities": ["EC2"], "containerDefinitions": [
        {"name": "a", "cpu": 512, "memory": 1024, "memoryReservation": 512},
        {"name": "b", "cpu": 0, "memoryReservation": 256},
        {"name": "c", "memory": 128}]}
    res = import_taskdef(_write(tmp_path, "td.json", td))
    svc = res.workload.services[0]
    # ECS places by the soft limit when it is set ("If you specify memoryReservation, then that value is
    # subtracted from the available memory resources ... Otherwise, the value of memory is used"):
    # a 512 (reservation) + b 256 (reservation) + c 128 (memory) = 896 MiB; cpu 512 + 0 + 0 units = 0.5 vCPU
    assert svc.vcpu == 0.5 and svc.memory_mib == 512 + 256 + 128
    assert any("share of spare CPU" in c for c in res.services[0].comments)
    # b and c reserve no CPU: recorded as containers without a CPU request (the missing-requests rule)
    assert [name for name, _ in svc.containers_without_requests] == ["b", "c"]
    assert svc.network_mode == "bridge"  # no networkMode: the ECS default on Linux


def test_windows_and_services_describe_output(tmp_path):
    td = {"family": "win", "cpu": "1024", "memory": "4096",
          "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": [{"name": "a"}]}
    svcs = {"services": [
        {"serviceName": "win-a", "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/win:7", "desiredCount": 3,
         "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 150}},
        {"serviceName": "win-b", "taskDefinition": "win", "desiredCount": 0}], "failures": []}
    w = import_taskdef(_write(tmp_path, "td.json", td), _write(tmp_path, "svc.json", svcs)).workload
    a, b = w.services
    assert (a.name, a.os, a.replicas, a.min_healthy_percent, a.max_percent) == ("win-a", "windows", 3, 50, 150)
    assert b.replicas == 0


@pytest.mark.parametrize("content, needles", [
    ('{"family": "x", "cpu": "256",, }', ["td.json", "line 1", "invalid JSON"]),
    ({"family": "x", "containerDefinitions": [{"name": "a", "cpu": 256}]}, ["td.json", "task definition (x)", "containerDefinitions (a)", "memoryReservation"]),
    ({"family": "x", "containerDefinitions": []}, ["task definition (x)", "cpu", "no task-level size"]),
    ([{"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": []},
      {"family": "y", "cpu": "lots", "memory": "512", "containerDefinitions": []}], ["task definition [1] (y)", "cpu", "'lots'"]),
    ({"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": [],
      "runtimePlatform": {"cpuArchitecture": "POWER9"}}, ["runtimePlatform.cpuArchitecture", "X86_64 or ARM64"]),
    ({"cpu": "256", "memory": "512", "containerDefinitions": []}, ["family", "is missing"]),
])
def test_taskdef_errors_name_file_document_field(tmp_path, content, needles):
    with pytest.raises(WorkloadError) as e:
        import_taskdef(_write(tmp_path, "td.json", content))
    for n in needles:
        assert n in str(e.value)


def test_service_for_unknown_family(tmp_path):
    td = _write(tmp_path, "td.json", {"family": "a", "cpu": "256", "memory": "512", "containerDefinitions": []})
    sv = _write(tmp_path, "svc.json", [{"serviceName": "s", "taskDefinition": "b:1"}])
    with pytest.raises(WorkloadError, match=r"svc.json: service \[0\]: taskDefinition: .*'b'.*families there: a"):
        import_taskdef(td, sv)


# ------------------------------------------------------------------------------------ kubernetes


def test_k8s_examples_folder():
    res = import_k8s(EX / "k8s")
    w = res.workload
    by = {s.name: s for s in w.services}
    web = by["web"]
    # init container 1 CPU / 1Gi vs containers 0.5+0.25 CPU / 768+256 MiB: max per resource
    assert (web.vcpu, web.memory_mib, web.architecture) == (1.0, 1024, "arm64")
    assert (web.scaling.min, web.scaling.max, web.scaling.average) == (2, 10, 6.0)
    pg = by["postgres"]
    assert (pg.replicas, pg.vcpu, pg.memory_mib, pg.architecture, pg.spot, pg.ephemeral_storage_gib) == (3, 2, 4096, "arm64", False, 30)
    job = by["nightly-report"]
    assert job.monthly_hours == pytest.approx(730 / 24 * 0.5)
    assert [(d.name, d.cpu, d.memory) for d in w.daemonsets] == [("fluent-bit", 0.1, 128)]
    assert "skipped (no compute to price): 1 Service" in res.notes
    _roundtrip(res)
    assert compare(EX / "k8s").workload == w


def test_k8s_quantities_limits_and_annotations(tmp_path):
    docs = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      nodeSelector: {kubernetes.io/os: windows}
      containers:
        - name: a
          resources: {requests: {cpu: "1.5", memory: 1G}}
        - name: b
          resources: {limits: {cpu: 250m, memory: 32Mi}}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: api, annotations: {advisor/average-replicas: "3"}}
spec: {scaleTargetRef: {kind: Deployment, name: api}, maxReplicas: 8}
---
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
"""
    res = import_k8s(_write(tmp_path, "m.yaml", docs))
    s = res.workload.services[0]
    assert s.vcpu == pytest.approx(1.75) and s.memory_mib == pytest.approx(1e9 / 2**20 + 32)
    assert s.os == "windows" and (s.scaling.min, s.scaling.max, s.scaling.average) == (1, 8, 3.0)
    _roundtrip(res)


def test_k8s_replicaset_default_replicas_and_small_memory_roundtrip(tmp_path):
    doc = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
           "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": 0.1, "memory": "16Mi"}}}]}}}}
    res = import_k8s(_write(tmp_path, "rs.json", doc))
    assert res.workload.services[0].replicas == 1 and res.workload.services[0].memory_mib == 16
    _roundtrip(res)


@pytest.mark.parametrize("schedule, runs", [
    ("0 2 * * *", 730 / 24), ("*/15 * * * *", 4 * 730), ("0 9 * * 1-5", 5 * 730 / 168), ("0 0 1 * *", 1),
    ("@hourly", 730), ("@weekly", 730 / 168), ("30 6 1,15 * *", 2), ("0 0 * 1,7 *", 730 / 24 / 6),
])
def test_cron_runs_per_month(schedule, runs):
    assert runs_per_month(schedule) == pytest.approx(runs)


@pytest.mark.parametrize("schedule", ["0 0 1 * MON", "0 0 L * *", "bogus", "0 0 * JAN *"])
def test_cron_not_simple(schedule):
    assert runs_per_month(schedule) is None


def _cron(schedule, annotations=None, deadline=None):
    spec = {"template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}
    if deadline:
        spec["activeDeadlineSeconds"] = deadline
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj", "annotations": annotations or {}},
            "spec": {"schedule": schedule, "jobTemplate": {"spec": spec}}}


def test_cronjob_hours_rules(tmp_path):
    w = import_k8s(_write(tmp_path, "a.json", _cron("0 * * * *", {"advisor/minutes-per-run": "6"}))).workload
    assert w.services[0].monthly_hours == pytest.approx(73)
    w = import_k8s(_write(tmp_path, "b.json", _cron("0 0 L * *", {"advisor/hours-per-month": "12"}))).workload
    assert w.services[0].monthly_hours == 12
    # a schedule advisor cannot count, or a run of unknown length: left out with a note, never a stopped run ...
    res = import_k8s(_write(tmp_path, "c.json", _cron("0 0 L * *", deadline=60)))
    assert res.services == [] and any("CronJob default/cj left out" in n and "advisor/hours-per-month" in n
                                      for n in res.assumptions)
    res = import_k8s(_write(tmp_path, "d.json", _cron("0 2 * * *")))
    assert res.services == [] and any("advisor/minutes-per-run" in n for n in res.assumptions)
    # ... and an error naming the annotation in strict mode
    with pytest.raises(WorkloadError, match=r"d.json: document 1 \(CronJob cj\): .*advisor/minutes-per-run"):
        import_k8s(_write(tmp_path, "d.json", _cron("0 2 * * *")), strict=True)


@pytest.mark.parametrize("content, needles", [
    ("kind: Deployment\nmetadata: {name: x\nspec: {}\n", ["m.yaml", "YAML syntax error", "line 3"]),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, resources: {requests: [cpu, 1]}}]}\n",
     ["m.yaml: document 1 (Pod p)", "spec.containers[0].resources.requests", "must be a mapping", "got a list"]),
    ("---\nkind: Service\nmetadata: {name: s}\n---\nfoo: bar\n", ["m.yaml: document 2: kind", "is missing"]),
    (("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n"
      "        - name: c\n          resources: {requests: {cpu: 1, memory: 512m}}\n"),
     ["document 1 (Deployment d)", "spec.template.spec.containers[0].resources.requests.memory", "milli-bytes"]),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: two\n  template: {spec: {containers: [{name: c}]}}\n",
     ["spec.replicas", "'two'"]),
    ("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", ["nothing to import", "skipped (no compute to price): 1 Service"]),
])
def test_k8s_errors_name_file_document_field(tmp_path, content, needles):
    with pytest.raises(WorkloadError) as e:
        _ = import_k8s(_write(tmp_path, "m.yaml", content)).workload
    for n in needles:
        assert n in str(e.value)


def test_detect_dispatch(tmp_path):
    assert detect(EX / "web-app.yaml") == "workload"
    assert detect(EX / "web-app.taskdef.json") == "taskdef"
    assert detect(EX / "k8s") == "k8s" and detect(EX / "k8s" / "web.yaml") == "k8s"
    assert load_any(EX / "web-app.yaml") == load_workload(EX / "web-app.yaml")


# ------------------------------------------------------------------------------------ output file


def test_write_output_refuses_to_overwrite(tmp_path):
    out = tmp_path / "w.yaml"
    out.write_text("mine")
    with pytest.raises(WorkloadError, match="--force"):
        write_output("new", out)
    assert out.read_text() == "mine"
    write_output("new", out, force=True)
    assert out.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["w.yaml"]  # no temporary file left behind


# ------------------------------------------------------------------------------------ CLI


def test_cli_import_taskdef_to_file_and_stdout(tmp_path):
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "taskdef", str(EX / "web-app.taskdef.json"), "--replicas", "2", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert load_workload(out).services[0].replicas == 2
    r = runner.invoke(app, ["import", "taskdef", str(EX / "web-app.taskdef.json"), "-o", str(out)])
    assert r.exit_code == 2 and "already exists" in r.output and load_workload(out).services[0].replicas == 2
    r = runner.invoke(app, ["import", "k8s", str(EX / "k8s")])
    assert r.exit_code == 0 and parse_workload(yaml.safe_load(r.stdout)).daemonsets[0].name == "fluent-bit"


def test_cli_errors_exit_2(tmp_path):
    bad = _write(tmp_path, "bad.json", "{nope")
    r = runner.invoke(app, ["import", "taskdef", str(bad)])
    assert r.exit_code == 2 and "bad.json" in r.output and "invalid JSON" in r.output and "Traceback" not in r.output
    r = runner.invoke(app, ["import", "k8s", str(_write(tmp_path, "m.yaml", "kind: [\n"))])
    assert r.exit_code == 2 and "m.yaml" in r.output
    r = runner.invoke(app, ["compare", str(bad)])
    assert r.exit_code == 2


# ------------------------------------------------------------------------------------ live ECS (moto)

moto = pytest.importorskip("moto")


@pytest.fixture
def aws(monkeypatch):
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "eu-west-1"}.items():
        monkeypatch.setenv(k, v)
    with moto.mock_aws():
        yield


def _cluster(n=23):
    import boto3

    ecs = boto3.client("ecs", region_name="eu-west-1")
    ecs.create_cluster(clusterName="prod")
    ecs.register_task_definition(family="api", cpu="512", memory="1024", requiresCompatibilities=["FARGATE"],
                                 networkMode="awsvpc", runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
                                 containerDefinitions=[{"name": "api", "image": "x", "essential": True}])
    ecs.register_task_definition(family="worker", containerDefinitions=[
        {"name": "w", "image": "x", "cpu": 256, "memory": 512}, {"name": "s", "image": "y", "memoryReservation": 128}])
    for i in range(n):
        ecs.create_service(cluster="prod", serviceName=f"svc-{i:02d}", taskDefinition="api" if i % 2 else "worker",
                           desiredCount=i % 4 + 1,
                           deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 200})
    return ecs


class _Spy:
    """Wraps a boto3 client: records describe_services batch sizes and pages list_services 10 at a time."""

    def __init__(self, client):
        self.c, self.batches, self.pages = client, [], 0
        self.meta = client.meta

    def describe_services(self, **kw):
        self.batches.append(len(kw["services"]))
        return self.c.describe_services(**kw)

    def describe_task_definition(self, **kw):
        return self.c.describe_task_definition(**kw)

    def describe_clusters(self, **kw):
        return self.c.describe_clusters(**kw)

    def get_paginator(self, name):
        spy = self

        class P:
            def paginate(self, **kw):
                arns = spy.c.list_services(cluster=kw["cluster"])["serviceArns"]
                assert kw["PaginationConfig"]["PageSize"] == 100  # ListServices' maximum page size
                for i in range(0, len(arns), 10):
                    spy.pages += 1
                    yield {"serviceArns": arns[i:i + 10], **({"nextToken": "t"} if i + 10 < len(arns) else {})}
        return P()


def test_live_import_paginates_and_batches(aws):
    import boto3

    from advisor.workload.importers.ecs_live import import_ecs

    spy = _Spy(_cluster(23))
    res = import_ecs("prod", region="eu-west-1", clients=lambda r: (spy, boto3.client("cloudwatch", region_name=r)))
    assert spy.pages == 3 and spy.batches == [10, 10, 3]
    w = res.workload
    assert len(w.services) == 23 and w.region == "eu-west-1" and w.name == "prod"
    by = {s.name: s for s in w.services}
    assert (by["svc-01"].vcpu, by["svc-01"].memory_mib, by["svc-01"].architecture, by["svc-01"].replicas) == (0.5, 1024, "arm64", 2)
    # EC2 task definition: 256 units; memory 512 + 128 (memoryReservation). moto 5 does not echo
    # deploymentConfiguration, so its mapping is tested with service JSON (test_windows_and_services_...).
    assert (by["svc-00"].vcpu, by["svc-00"].memory_mib) == (0.25, 640)
    _roundtrip(res)


def test_live_import_real_paginator_and_utilization(aws):
    import boto3

    from advisor.workload.importers.ecs_live import import_ecs

    _cluster(12)
    cw = boto3.client("cloudwatch", region_name="eu-west-1")
    now = dt.datetime(2025, 1, 15, tzinfo=dt.UTC)
    data = []
    for k in range(100):
        t = now - dt.timedelta(minutes=5 * k + 2)
        dims = [{"Name": "ClusterName", "Value": "prod"}, {"Name": "ServiceName", "Value": "svc-01"}]
        data.append({"MetricName": "CPUUtilization", "Dimensions": dims, "Timestamp": t, "Value": float(k % 50), "Unit": "Percent"})
        data.append({"MetricName": "MemoryUtilization", "Dimensions": dims, "Timestamp": t, "Value": 40.0 + (k == 7) * 20, "Unit": "Percent"})
    for i in range(0, len(data), 20):
        cw.put_metric_data(Namespace="AWS/ECS", MetricData=data[i:i + 20])
    res = import_ecs("prod", region="eu-west-1", with_utilization=True, days=1, now=now)
    assert len(res.services) == 12
    svc = next(s for s in res.services if s.name == "svc-01")
    text = " ".join(svc.comments)
    assert "CPU p50 24.5%" in text and "memory" in text and "max 60.0%" in text
    # memory max 60% of 1024 MiB + 20% = 737 MiB; CPU p99 ~48.5% of 0.5 vCPU + 20% ~ 0.291 vCPU
    assert "737 MiB" in text and "Fargate 0.5 vCPU / 1024 MiB" in text
    other = next(s for s in res.services if s.name == "svc-03")
    assert any("no CPUUtilization" in c for c in other.comments)
    assert "observed over 1 days" in res.to_yaml()


def test_live_import_unknown_cluster_is_a_clear_error(aws):
    from advisor.workload.importers.ecs_live import import_ecs

    with pytest.raises(AdvisorError, match="prod2"):
        import_ecs("prod2", region="eu-west-1")
    r = runner.invoke(app, ["import", "ecs", "--cluster", "prod2", "--region", "eu-west-1"])
    assert r.exit_code == 2 and "prod2" in r.output
