"""Importers: ECS task definitions, Kubernetes manifests, live ECS (moto), load_any and the import CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare import compare
from advisor.errors import AdvisorError, WorkloadError
from advisor.sizing.fleet import host_port_conflicts
from advisor.workload import load_workload, parse_workload
from advisor.workload.importers import detect, load_any, write_output
from advisor.workload.importers.k8s import CronError, import_k8s, runs_per_month
from advisor.workload.importers.taskdef import import_taskdef
from advisor.workload.model import HostPort

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
    imported = {e["platform"]: e["monthly_cost"] for e in compare(res.workload, scaling=False).to_dict()["platforms"]}
    written = {e["platform"]: e["monthly_cost"] for e in compare(hand, scaling=False).to_dict()["platforms"]}
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
    assert compare(res.workload, scaling=False).to_dict()["platforms"] == compare(renamed, scaling=False).to_dict()["platforms"]
    totals = {e["platform"]: e["monthly_cost"] for e in compare(res.workload, scaling=False).to_dict()["platforms"]}
    assert totals == {e["platform"]: e["monthly_cost"] for e in compare(hand, scaling=False).to_dict()["platforms"]}


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
    # containerDefinitions missing (ECS requires it): said so, not "no task-level size"
    ({"family": "x", "cpu": "256"}, ["task definition (x)", "containerDefinitions: is missing", "at least one container"]),
    ({"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": None},
     ["task definition (x)", "containerDefinitions: is null", "at least one container"]),
    # RegisterTaskDefinition requires at least one container definition
    ({"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": []},
     ["task definition (x)", "containerDefinitions: is an empty list", "at least one container"]),
    ([{"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a", "memory": 256}]},
      {"family": "y", "cpu": "lots", "memory": "512", "containerDefinitions": [{"name": "a", "memory": 256}]}],
     ["task definition [1] (y)", "cpu", "'lots'"]),
    ({"family": "x", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a", "memory": 256}],
      "runtimePlatform": {"cpuArchitecture": "POWER9"}}, ["runtimePlatform.cpuArchitecture", "X86_64 or ARM64"]),
    ({"cpu": "256", "memory": "512", "containerDefinitions": []}, ["family", "is missing"]),
])
def test_taskdef_errors_name_file_document_field(tmp_path, content, needles):
    with pytest.raises(WorkloadError) as e:
        import_taskdef(_write(tmp_path, "td.json", content))
    for n in needles:
        assert n in str(e.value)


def test_service_for_unknown_family(tmp_path):
    td = _write(tmp_path, "td.json", {"family": "a", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "c", "memory": 256}]})
    sv = _write(tmp_path, "svc.json", [{"serviceName": "s", "taskDefinition": "b:1"}])
    with pytest.raises(WorkloadError, match=r"svc.json: service \[0\]: taskDefinition: .*'b'.*families there: a"):
        import_taskdef(td, sv)


# ------------------------------------------------------------------------------------ kubernetes


def test_k8s_ephemeral_storage_within_the_included_20_gib_says_so(tmp_path):
    """Two containers requesting 9 GiB each: 18 GiB, within the 20 GiB Fargate includes, is priced at 20 with none
    billed; EKS on Fargate would provision 18 + 1.8 + 5 = 24.8, in whole GiB 25 GiB, for it (AWS Containers blog, 'AWS
    Fargate adds support for larger ephemeral volumes'), so the comment says the assumption. 2 x 50 GiB is set to 100."""
    def deployment(gib):
        return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {
            "containers": [{"name": n, "image": "x", "resources": {"requests": {
                "cpu": "1", "memory": "1Gi", "ephemeral-storage": f"{gib}Gi"}}} for n in ("a", "b")]}}}}
    res = import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(deployment(9))))
    assert res.workload.services[0].ephemeral_storage_gib == 20
    assert "ephemeral-storage requests 18 GiB in total, within the 20 GiB Fargate includes: none billed (an " \
           "assumption: EKS on Fargate provisions 25 GiB for it, the request + 10% + 5 GiB in whole GiB" in res.to_yaml()
    res = import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(deployment(6))))  # 12 + 1.2 + 5 = 18.2: nothing to say
    assert "ephemeral-storage requests" not in res.to_yaml()
    res = import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(deployment(50))))
    assert res.workload.services[0].ephemeral_storage_gib == 100


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
    ("@hourly", 730), ("@weekly", 730 / 168), ("30 6 1,15 * *", 2),
    # every day of January and July: 31 + 31 = 62 days a year, 62 / 12 a month (was 730 / 24 / 6, which gave those
    # months the average 30.4 days: the calendar is counted now)
    ("0 0 * 1,7 *", 62 / 12),
])
def test_cron_runs_per_month(schedule, runs):
    assert runs_per_month(schedule) == pytest.approx(runs)


@pytest.mark.parametrize("schedule", ["0 0 L * *", "bogus"])
def test_cron_invalid(schedule):
    # Kubernetes (robfig/cron) refuses these; advisor says so instead of asking for an annotation
    with pytest.raises(CronError):
        runs_per_month(schedule)


def _cron(schedule, annotations=None, deadline=None):
    spec = {"template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}
    if deadline:
        spec["activeDeadlineSeconds"] = deadline
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj", "annotations": annotations or {}},
            "spec": {"schedule": schedule, "jobTemplate": {"spec": spec}}}


def test_cronjob_hours_rules(tmp_path):
    w = import_k8s(_write(tmp_path, "a.json", _cron("0 * * * *", {"advisor/minutes-per-run": "6"}))).workload
    assert w.services[0].monthly_hours == pytest.approx(73)
    w = import_k8s(_write(tmp_path, "b.json", _cron("0 0 1 * *", {"advisor/hours-per-month": "12"}))).workload
    assert w.services[0].monthly_hours == 12
    # a schedule Kubernetes refuses is an error naming spec.schedule, even with the hours annotation (every valid
    # schedule is counted now, so no CronJob is left out for its schedule)
    with pytest.raises(WorkloadError, match=r"spec.schedule: '0 0 L \* \*': the day of month field 'L'"):
        import_k8s(_write(tmp_path, "c.json", _cron("0 0 L * *", {"advisor/hours-per-month": "12"})))
    # a run of unknown length: left out with a note, never a stopped run ...
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
    # a missing field is "nothing" (was "got NoneType (None)")
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {}}}\n",
     ["document 1 (Deployment d): spec.template.spec: is missing or not a mapping (got nothing)"]),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {spec: true}}\n",
     ["spec.template.spec: is missing or not a mapping (got a boolean (true))"]),
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


@pytest.mark.parametrize("days", ["nan", "inf", "-1", "0", "456"])
def test_live_import_days_outside_1_to_455_exit_2_before_any_call(days):
    """Reported: ``import ecs --utilization --days nan`` passed the range check (NaN compares False with both bounds)
    and ended in ``ValueError: cannot convert float NaN to integer`` from timedelta. Every value outside (0, 455] is
    refused before AWS is called (no clients are made: the stub would fail the test)."""
    def no_clients(region):
        raise AssertionError("AWS was called")

    from advisor.workload.importers.ecs_live import import_ecs

    with pytest.raises(WorkloadError, match=r"--days .* is not valid; .* above 0 and at most 455"):
        import_ecs("prod", with_utilization=True, days=float(days), clients=no_clients)
    r = runner.invoke(app, ["import", "ecs", "--cluster", "prod", "--utilization", "--days", days])
    assert r.exit_code == 2 and "is not valid" in r.output and "Traceback" not in r.output, r.output
    # said as typed: '--days -1', not the float it was read as ('--days -1.0')
    assert f"--days {days} is not valid; CloudWatch keeps hourly data for 455 days" in " ".join(r.stderr.split())


@pytest.mark.parametrize("cluster", ["", "   "])
def test_live_import_blank_cluster_is_refused_before_any_call(monkeypatch, cluster):
    """'import ecs --cluster "$CLUSTER"' with the variable unset sent '' to ECS, whose API reads an absent cluster as
    the account's 'default' cluster: the option is named, and AWS is not called."""
    from advisor.workload.importers import ecs_live

    def no_clients(region):
        raise AssertionError("AWS was called")

    monkeypatch.setattr(ecs_live, "_session_clients", no_clients)
    r = runner.invoke(app, ["import", "ecs", "--cluster", cluster, "--region", "us-east-1"])
    assert r.exit_code == 2, r.output
    assert "is empty; give the ECS cluster's name or ARN (e.g. --cluster prod)." in r.stderr


def test_live_import_days_without_utilization_is_refused(monkeypatch):
    """--days is the window of --utilization's CloudWatch read: without --utilization, '--days 30' was accepted and
    changed nothing. Refused before AWS is called (no clients are made)."""
    import advisor.workload.importers.ecs_live as live

    monkeypatch.setattr(live, "import_ecs", lambda *a, **k: pytest.fail("AWS was called"))
    r = runner.invoke(app, ["import", "ecs", "--cluster", "prod", "--days", "30"])
    assert r.exit_code == 2, r.output
    assert "--days 30 is the window of --utilization" in r.output and "add --utilization, or drop --days" in r.output


def test_live_import_unknown_cluster_is_a_clear_error(aws):
    from advisor.workload.importers.ecs_live import import_ecs

    with pytest.raises(AdvisorError, match="prod2"):
        import_ecs("prod2", region="eu-west-1")
    r = runner.invoke(app, ["import", "ecs", "--cluster", "prod2", "--region", "eu-west-1"])
    assert r.exit_code == 2 and "prod2" in r.output


# ------------------------------------------------------------------------------------ issue 15: each kind, with its example


def _deploy(containers, inits=None, name="app", extra_spec=None, kind="Deployment") -> str:
    spec = {"containers": containers}
    if inits:
        spec["initContainers"] = inits
    doc = {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name},
           "spec": {"replicas": 1, "template": {"spec": spec}, **(extra_spec or {})}}
    return yaml.safe_dump(doc)


def _c(name, cpu=None, memory=None, **kw):
    c = {"name": name, **kw}
    req = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    if req:
        c["resources"] = {"requests": req}
    return c


def test_containers_without_requests_never_stop_the_run_and_are_listed_at_once(tmp_path):
    text = _deploy([_c("a"), _c("b", "100m")], name="one") + "---\n" + _deploy([_c("c", memory="64Mi")], name="two")
    res = import_k8s(_write(tmp_path, "m.yaml", text))
    w = res.workload
    one, two = w.services
    # one: a requests nothing, b 100m and no memory -> 0.1 vCPU / 0 MiB; two: c no cpu, 64Mi
    assert (one.vcpu, one.memory_mib, two.vcpu, two.memory_mib) == (0.1, 0, 0, 64)
    [note] = w.assumptions()
    assert note.startswith("3 container(s)") and "one: a (no cpu or memory)" in note and "one: b (no memory)" in note \
        and "two: c (no cpu)" in note and "EKS on Fargate" in note and "zero request" in note
    _roundtrip(res)  # the written file keeps the containers without requests, so it reads back the same
    with pytest.raises(WorkloadError, match="strict mode"):
        load_any(_write(tmp_path, "m.yaml", text), strict=True)


def test_defaults_section_fills_containers_without_requests():
    w = parse_workload({"name": "x", "defaults": {"cpu": "100m", "memory": "128Mi"}, "services": [
        {"name": "a", "containers": [{"name": "c1"}, {"name": "c2", "cpu": 1}],
         "init_containers": [{"name": "i", "cpu": "2"}]},
        {"name": "b", "cpu": 0.5, "containers": [{"name": "c3"}]}],
        "daemonsets": [{"name": "agent"}]})
    a, b = w.services
    # a: c1 0.1 + c2 1 = 1.1 vCPU, 128 + 128 = 256 MiB; init i 2 vCPU (memory default 128) -> max -> 2 vCPU / 256
    assert (a.vcpu, a.memory_mib) == (2.0, 256)
    # b states cpu itself: only memory comes from the default (128 MiB)
    assert (b.vcpu, b.memory_mib) == (0.5, 128)
    assert (w.daemonsets[0].cpu, w.daemonsets[0].memory) == (0.1, 128)
    assert w.assumptions() == []  # nothing left to assume
    assert parse_workload(w.model_dump(exclude_none=True), strict=True) is not None


def test_native_sidecar_adds_to_the_pod_request(tmp_path):
    # app 200m / 256Mi + native sidecar 100m / 128Mi -> 300m / 384Mi
    res = import_k8s(_write(tmp_path, "m.yaml", _deploy(
        [_c("app", "200m", "256Mi")], [_c("proxy", "100m", "128Mi", restartPolicy="Always")])))
    svc = res.workload.services[0]
    assert (round(svc.vcpu, 9), svc.memory_mib) == (0.3, 384) and svc.init_containers[0].sidecar
    _roundtrip(res)
    costs = {e.platform: e.monthly_cost for e in compare(res.workload, platforms=["ecs-fargate", "eks-fargate"]).estimates}
    # ECS Fargate: 0.3 vCPU / 384 MiB -> 0.5 vCPU / 1 GB = (0.5 x 0.04048 + 1 x 0.004445) x 730 = $18.02005
    assert costs["ecs-fargate"] == pytest.approx(18.02005)
    # EKS Fargate: 0.3 vCPU, 384 + 256 = 640 MiB -> 0.5 vCPU / 1 GB; + $73 control plane; + 2 CoreDNS pods at
    # 0.25 vCPU / 0.5 GB ((0.25 x 0.04048 + 0.5 x 0.004445) x 730 = $9.010025 each) = $109.0401
    assert costs["eks-fargate"] == pytest.approx(18.02005 + 73 + 2 * 9.010025)


def test_init_container_after_a_sidecar_needs_room_for_both(tmp_path):
    # Kubernetes "Sidecar containers": init i runs beside the sidecar started before it:
    # sidecar 100m / 128Mi, then init 500m / 64Mi -> that phase needs 600m / 192Mi;
    # running phase app 200m / 256Mi + sidecar = 300m / 384Mi -> pod request max = 600m / 384Mi
    res = import_k8s(_write(tmp_path, "m.yaml", _deploy(
        [_c("app", "200m", "256Mi")], [_c("proxy", "100m", "128Mi", restartPolicy="Always"), _c("init", "500m", "64Mi")])))
    svc = res.workload.services[0]
    assert (round(svc.vcpu, 9), svc.memory_mib) == (0.6, 384)
    # the same init listed before the sidecar does not overlap with it: max(500m, 300m) = 500m
    res = import_k8s(_write(tmp_path, "n.yaml", _deploy(
        [_c("app", "200m", "256Mi")], [_c("init", "500m", "64Mi"), _c("proxy", "100m", "128Mi", restartPolicy="Always")])))
    assert round(res.workload.services[0].vcpu, 9) == 0.5


def _res(name, eph, gpus=0, **kw):
    req = {"cpu": "100m", "memory": "64Mi", "ephemeral-storage": f"{eph}Gi"}
    res = {"requests": req}
    if gpus:
        req["nvidia.com/gpu"] = gpus
        res["limits"] = {"nvidia.com/gpu": gpus}
    return {"name": name, "image": "x", "resources": res, **kw}


def test_ephemeral_storage_and_gpus_of_an_init_phase_count_only_the_sidecars_started_before_it(tmp_path):
    # Kubernetes component-helpers resource.PodRequests, for every resource (KEP-753 "InitContainerUse(i) =
    # sum(Resources of restartable init containers with index < i) + Resources of i-th init container"):
    # init fetch 30Gi, then sidecar log-shipper 10Gi; app 5Gi -> max(5 + 10, 30) = 30 GiB (was 30 + 10 = 40)
    res = import_k8s(_write(tmp_path, "a.yaml", _deploy(
        [_res("app", 5)], [_res("fetch", 30), _res("log-shipper", 10, restartPolicy="Always")])))
    assert res.workload.services[0].ephemeral_storage_gib == 30
    # the sidecar listed first runs beside fetch: max(15, 10 + 30) = 40 GiB
    res = import_k8s(_write(tmp_path, "b.yaml", _deploy(
        [_res("app", 5)], [_res("log-shipper", 10, restartPolicy="Always"), _res("fetch", 30)])))
    assert res.workload.services[0].ephemeral_storage_gib == 40
    # GPUs the same way: init 2 GPUs, then a sidecar with 1, app 1 -> max(1 + 1, 2) = 2 (was 3); sidecar first: 3
    res = import_k8s(_write(tmp_path, "c.yaml", _deploy(
        [_res("app", 1, gpus=1)], [_res("warm", 1, gpus=2), _res("side", 1, gpus=1, restartPolicy="Always")])))
    assert res.workload.services[0].gpus == 2
    res = import_k8s(_write(tmp_path, "d.yaml", _deploy(
        [_res("app", 1, gpus=1)], [_res("side", 1, gpus=1, restartPolicy="Always"), _res("warm", 1, gpus=2)])))
    assert res.workload.services[0].gpus == 3


def _with_pod_resources(text: str, resources: dict) -> str:
    doc = yaml.safe_load(text)
    doc["spec"]["template"]["spec"]["resources"] = resources
    return yaml.safe_dump(doc)


def test_pod_level_limits_default_the_pod_request_as_kubernetes_does(tmp_path):
    # pkg/apis/core/v1/defaults.go defaultPodRequests: with pod-level limits, a resource without a pod-level request
    # takes the containers' requests when a container requests it (cpu: 200m + 100m = 300m), else the pod-level
    # limit (memory: no container asks for memory -> 2Gi = 2048 MiB)
    text = _with_pod_resources(_deploy([_c("app", "200m"), _c("log", "100m")]), {"limits": {"cpu": "2", "memory": "2Gi"}})
    res = import_k8s(_write(tmp_path, "m.yaml", text))
    svc = res.workload.services[0]
    assert (round(svc.vcpu, 9), svc.memory_mib) == (0.3, 2048)
    assert res.workload.assumptions() == []  # memory is requested at pod level: nothing is missing
    _roundtrip(res)
    # a pod-level request below what the containers request together is refused, as the API server refuses it
    text = _with_pod_resources(_deploy([_c("app", "200m", "256Mi"), _c("log", "100m", "64Mi")]),
                               {"requests": {"cpu": "250m"}})
    with pytest.raises(WorkloadError, match=r"spec.template.spec.resources.requests.cpu: '250m' is less than its "
                       r"containers request together \(0.3 vCPU\); Kubernetes refuses the pod"):
        import_k8s(_write(tmp_path, "n.yaml", text))
    # pod-level memory only: cpu stays the containers' sum, memory is the pod's
    text = _with_pod_resources(_deploy([_c("app", "200m", "256Mi"), _c("log", "100m", "64Mi")]),
                               {"requests": {"memory": "1Gi"}})
    svc = import_k8s(_write(tmp_path, "o.yaml", text)).workload.services[0]
    assert (round(svc.vcpu, 9), svc.memory_mib) == (0.3, 1024)


def test_privileged_containers_rule_out_both_fargates(tmp_path):
    # ECS ContainerDefinition privileged: "This parameter is not supported for Windows containers or tasks run on
    # Fargate"; EKS: "Privileged containers aren't supported on Fargate". aws/amazon-ecs-agent's privileged task
    # definition was priced on EKS on Fargate, and an awsvpc copy on ECS on Fargate too
    td = {"family": "priv", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
          "memory": "512", "containerDefinitions": [{"name": "app", "image": "x", "privileged": True},
                                                    {"name": "log", "image": "y", "privileged": False}]}
    res = import_taskdef(_write(tmp_path, "td.json", td))
    svc = res.workload.services[0]
    assert svc.privileged is True
    assert any("task definition (priv): requiresCompatibilities FARGATE with a privileged container (privileged: "
               "true)" in n
               for n in res.notes)
    cmp = compare(res.workload, platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate", "ecs-ec2"])
    for platform in ("ecs-fargate", "ecs-fargate-spot", "eks-fargate"):
        [u] = cmp.estimate(platform).unsupported
        assert "it runs a privileged container, which Fargate does not (ECS: 'This parameter is not supported for " \
               "Windows containers or tasks run on Fargate'" in u.reason, platform
    assert cmp.estimate("ecs-ec2").complete
    _roundtrip(res)
    # CloudFormation writes the Boolean as text; anything else is refused naming the field
    for value, expected in (("true", True), ("False", False), (False, False)):
        td["containerDefinitions"][0]["privileged"] = value
        assert import_taskdef(_write(tmp_path, "td.json", td)).workload.services[0].privileged is expected, value
    td["containerDefinitions"][0]["privileged"] = "yes"
    with pytest.raises(WorkloadError, match=r"containerDefinitions\[0\].privileged: 'yes' is not a Boolean"):
        import_taskdef(_write(tmp_path, "td.json", td))
    # Kubernetes: securityContext.privileged on a container or an init container
    for inits in (None, [{"name": "setup", "securityContext": {"privileged": True}}]):
        app_c = _c("app", "250m", "512Mi", securityContext={"privileged": inits is None})
        w = import_k8s(_write(tmp_path, "d.yaml", _deploy([app_c], inits))).workload
        assert w.services[0].privileged is True
        [u] = compare(w, platforms=["eks-fargate"]).estimate("eks-fargate").unsupported
        assert "privileged container" in u.reason and "drop securityContext.privileged" in u.reason
    w = import_k8s(_write(tmp_path, "e.yaml", _deploy([_c("app", "250m", "512Mi",
                                                          securityContext={"privileged": False})]))).workload
    assert w.services[0].privileged is False
    with pytest.raises(WorkloadError, match=r"containers\[0\].securityContext.privileged: must be true or false"):
        import_k8s(_write(tmp_path, "f.yaml", _deploy([_c("app", securityContext={"privileged": "true"})])))


HOST_PORT_RULE = ("'Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest', Amazon EKS "
                  "User Guide, 'AWS Fargate considerations'")


def _edge(tmp_path, name, ports, host_network=False, replicas=4, file="edge.yaml"):
    spec = {"replicas": replicas}
    text = _deploy([_c(name, "250m", "256Mi", ports=ports)], name=name, extra_spec=spec)
    if host_network:
        doc = yaml.safe_load(text)
        doc["spec"]["template"]["spec"]["hostNetwork"] = True
        text = yaml.safe_dump(doc)
    return _write(tmp_path, file, text)


@pytest.mark.parametrize("ports, host_network, key", [
    ([{"containerPort": 53, "hostPort": 53, "hostIP": "fd00::1"}, {"containerPort": 54, "hostPort": 53,
                                                                   "hostIP": "fd00::1"}], False, "TCP/fd00::1/53"),
    ([{"containerPort": 80}, {"containerPort": 80, "protocol": "TCP"}], True, "TCP//80"),  # hostNetwork defaults
])
def test_a_pod_declaring_one_host_port_twice_is_refused_as_the_api_server_refuses_it(tmp_path, ports, host_network,
                                                                                    key):
    # pkg/apis/core/validation AccumulateUniqueHostPorts: 'Duplicate value: "TCP/fd00::1/53"'. Was imported with the
    # port once, as if the pod ran
    with pytest.raises(WorkloadError) as e:
        import_k8s(_edge(tmp_path, "edge", ports, host_network=host_network))
    assert f"spec.template.spec.containers[0].ports[1].hostPort: Duplicate value: \"{key}\" (spec.template.spec." \
           "containers[0].ports[0] holds it too)" in str(e.value)
    # the same port over UDP is another port: imported, and 4 replicas keep 4 nodes apart on both protocols
    ports[1]["protocol"] = "UDP"
    svc = import_k8s(_edge(tmp_path, "edge", ports, host_network=host_network)).workload.services[0]
    assert [str(p) for p in svc.host_ports] == (["[fd00::1]:53/TCP", "[fd00::1]:53/UDP"] if not host_network else
                                                ["80", "80/UDP"])


def test_a_host_ip_with_an_invisible_character_is_refused_at_the_manifests_field(tmp_path):
    # was passed on and refused by the imported workload's model ("services[0].host_ports[0].host_ip"), a field the
    # user never wrote
    with pytest.raises(WorkloadError) as e:
        import_k8s(_edge(tmp_path, "edge", [{"containerPort": 53, "hostPort": 53, "hostIP": "fd00:\t:1"}]))
    assert "spec.template.spec.containers[0].ports[0].hostIP: 'fd00:\\t:1' is not an address; write the node IP" \
        in str(e.value)


def test_a_pods_host_port_or_host_network_rules_out_eks_fargate_and_keeps_its_pods_apart_on_eks_nodes(tmp_path):
    # Was read as a plain pod: priced on EKS on Fargate, which runs neither ("Pods running on Fargate can't specify
    # HostPort or HostNetwork in the Pod manifest"), and 4 replicas holding hostPort 80 packed onto 2 nodes
    plain = import_k8s(_edge(tmp_path, "edge", [{"containerPort": 8080}], file="plain.yaml")).workload
    ported = import_k8s(_edge(tmp_path, "edge", [{"containerPort": 8080, "hostPort": 80},
                                                 {"containerPort": 9090}])).workload
    # hostNetwork: every containerPort is the node's (unspecified hostPort defaults to the containerPort)
    res = import_k8s(_edge(tmp_path, "edge", [{"containerPort": 80}, {"containerPort": 443, "hostPort": 443}],
                           host_network=True, file="hn.yaml"))
    hostnet = res.workload
    assert (plain.services[0].host_ports, plain.services[0].host_network) == (None, False)
    assert (ported.services[0].host_ports, ported.services[0].host_network) == ([80], False)
    assert (hostnet.services[0].host_ports, hostnet.services[0].host_network) == ([80, 443], True)
    text = _roundtrip(res)
    assert "host_ports: [80, 443]" in text and "host_network: true" in text
    platforms = ["eks-ec2", "eks-fargate", "ecs-fargate", "ecs-ec2"]
    before, after, hn = (compare(w, platforms=platforms) for w in (plain, ported, hostnet))
    [u] = after.estimate("eks-fargate").unsupported
    assert u.reason == ("its pod holds host port(s) 80 (hostPort), which Fargate does not run (" + HOST_PORT_RULE
                        + "); run it on EC2 nodes, or drop hostPort and reach the pods through a Service")
    [u] = hn.estimate("eks-fargate").unsupported
    assert u.reason == ("its pod uses its node's network (hostNetwork) and so holds node port(s) 80, 443, which "
                        "Fargate does not run (" + HOST_PORT_RULE + "); run it on EC2 nodes, or drop hostNetwork and "
                        "hostPort and reach the pods through a Service")
    assert not before.estimate("eks-fargate").unsupported
    assert ("edge: holds static host port(s) 80, which EKS on Fargate does not run (" + HOST_PORT_RULE
            + "): on EKS it needs EC2 nodes.") in ported.input_notes()
    # ECS on Fargate runs the containers as an awsvpc task (PortMapping: the hostPort "must be the same value as the
    # containerPort"): 0.25 vCPU / 256 MiB -> 0.25 / 0.5 GB, 4 x (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = $36.0401
    for cmp in (before, after, hn):
        assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(36.0401)
    # ECS on EC2 (awsvpc by default): no instance port is held, the fleet is unchanged
    assert after.estimate("ecs-ec2").monthly_cost == pytest.approx(before.estimate("ecs-ec2").monthly_cost)
    # EKS on EC2: 2 c7a.medium for the plain pods; with the port, one pod per node (NodePorts filter): 4 c7a.medium
    # ($0.05132/h) + a 20 GiB gp3 root volume each ($1.60) + $73 control plane = 4 x 37.4636 + 6.40 + 73 = $229.2544
    e0, e1, e2 = (c.estimate("eks-ec2") for c in (before, after, hn))
    assert [(n["instance_type"], n["count"]) for n in e0.fleet.nodes] == [("c7a.medium", 2)]
    assert e0.monthly_cost == pytest.approx(2 * 0.05132 * 730 + 2 * 1.6 + 73)
    for e in (e1, e2):
        assert [(n["instance_type"], n["count"]) for n in e.fleet.nodes] == [("c7a.medium", 4)]
        assert e.monthly_cost == pytest.approx(229.2544)
        assert any("at least 4 nodes (a static host port of edge, which one pod per node can hold (Kubernetes "
                   "scheduler, NodePorts filter): each task/pod of edge on a node of its own, up to 4 of them" in n
                   for n in e.notes)
    # a hostPort other than its containerPort: noted for ECS on Fargate, which cannot map it
    assert any("edge: hostPort 80 -> containerPort 8080: as an awsvpc task (ECS on Fargate) it serves the "
               "containerPort on its own address" in c for s in import_k8s(_edge(tmp_path, "edge", [
                   {"containerPort": 8080, "hostPort": 80}])).services for c in s.comments)


def test_host_ports_keep_their_protocol_and_address_and_only_running_containers_count(tmp_path):
    """The scheduler counts the host ports of a pod's containers and of its init containers with restartPolicy
    Always (kube-scheduler GetHostPorts: "Only consider initContainers that will be running the entire duration of
    the Pod"), each with its protocol and hostIP; ports conflict only on the same protocol and port with overlapping
    addresses (HostPortInfo.CheckConflict). Before: every init container's port was held, and 53/TCP and 53/UDP
    were one port 53 (a note said the two DNS services needed 7 nodes)."""
    doc = yaml.safe_load(_deploy([_c("dns", "250m", "256Mi", ports=[{"containerPort": 53, "hostPort": 53}])],
                                 name="dns-tcp", extra_spec={"replicas": 4}))
    pod = doc["spec"]["template"]["spec"]
    pod["initContainers"] = [
        {"name": "setup", "image": "busybox", "ports": [{"containerPort": 9000, "hostPort": 9000}]},
        {"name": "proxy", "image": "envoy", "restartPolicy": "Always",
         "ports": [{"containerPort": 15000, "hostPort": 15000}]}]
    udp = yaml.safe_load(_deploy([_c("dns", "250m", "256Mi", ports=[
        {"containerPort": 53, "hostPort": 53, "protocol": "UDP"},
        {"containerPort": 8080, "hostPort": 8080, "hostIP": "10.0.0.5"}])], name="dns-udp", extra_spec={"replicas": 3}))
    res = import_k8s(_write(tmp_path, "dns.yaml", yaml.safe_dump_all([doc, udp])))
    tcp_svc, udp_svc = res.workload.services
    assert tcp_svc.host_ports == [53, 15000]  # the run-to-completion init container's 9000 is not held
    assert [str(p) for p in udp_svc.host_ports] == ["53/UDP", "10.0.0.5:8080/TCP"]
    assert any(c.startswith("init container hostPort(s) setup: 9000: an init container without restartPolicy: "
                            "Always runs to completion") for c in res.services[0].comments)
    e = compare(res.workload, platforms=["eks-ec2"]).estimate("eks-ec2")
    assert e.fleet.node_count == 4  # dns-tcp's 4 pods apart; dns-udp's 3 share those nodes
    # the run-to-completion init container's port keeps no pods apart, yet EKS on Fargate refuses the manifest
    assert tcp_svc.init_host_ports == [9000] and udp_svc.init_host_ports is None
    fargate = compare(res.workload, platforms=["eks-fargate"]).estimate("eks-fargate")
    assert [(u.service, u.reason[:55]) for u in fargate.unsupported] == [
        ("dns-tcp", "its pod holds host port(s) 53, 15000 (hostPort), which "),
        ("dns-udp", "its pod holds host port(s) 53/UDP, 10.0.0.5:8080/TCP (h")]
    only_init = tcp_svc.model_copy(update={"host_ports": None})
    w = res.workload.model_copy(update={"services": [only_init]})
    (u,) = compare(w, platforms=["eks-fargate"]).estimate("eks-fargate").unsupported
    assert u.reason.startswith("an init container of its pod declares hostPort 9000, which Fargate does not run "
                               "('Pods running on Fargate can't specify HostPort")
    assert not any(n.startswith("Host ports held by") for n in e.notes)
    # the same port and protocol on overlapping addresses does conflict: 0.0.0.0 (any) and 10.0.0.5
    clash = udp_svc.model_copy(update={"host_ports": [HostPort(port=15000, host_ip="10.0.0.5")]})
    w = res.workload.model_copy(update={"services": [tcp_svc, clash]})
    assert host_port_conflicts(w, "average", platform="eks-ec2") == [("15000", 7, ["dns-tcp", "dns-udp"])]
    # a protocol the API server refuses exits 2 naming the field
    bad = yaml.safe_load(_deploy([_c("dns", "250m", "256Mi", ports=[{"containerPort": 53, "hostPort": 53,
                                                                      "protocol": "udp"}])], name="x"))
    with pytest.raises(WorkloadError, match=r"containers\[0\]\.ports\[0\]\.protocol: 'udp' is not a protocol of a "
                       r"container port; write TCP \(the default\), UDP or SCTP"):
        import_k8s(_write(tmp_path, "bad.yaml", yaml.safe_dump(bad)))


def test_pods_of_two_services_on_one_host_port_are_kept_apart(tmp_path):
    """edge (4 pods, hostPort 80) and edge2 (3 hostNetwork pods serving containerPort 80) both hold node port 80 on
    every address, TCP: the scheduler's NodePorts filter lets one pod per node hold it, whichever Deployment the pod
    belongs to, so the 4 + 3 = 7 pods need 7 nodes. By CPU and memory the 7 x 250m / 256Mi pods and CoreDNS's 2 x
    100m / 70Mi would fit 2 c7a.medium (1 vCPU each); the packing kept only each service's own pods apart before, 4
    nodes (edge2's pods on edge's nodes), which the scheduler could not run. Now: 7 c7a.medium, one port-80 pod each."""
    from advisor.sizing.fleet import plan_fleet

    text = (_edge(tmp_path, "edge", [{"containerPort": 80, "hostPort": 80}], file="a.yaml").read_text() + "---\n"
            + _edge(tmp_path, "edge2", [{"containerPort": 80}], host_network=True, replicas=3, file="b.yaml").read_text())
    w = import_k8s(_write(tmp_path, "two.yaml", text)).workload
    e = compare(w, platforms=["eks-ec2"]).estimate("eks-ec2")
    assert e.fleet.node_count == 7
    assert [(r["instance_type"], r["count"]) for r in e.fleet.nodes] == [("c7a.medium", 7)]
    nodes = plan_fleet(w, "eks-ec2").result.nodes
    assert sorted(n.placements.get("edge", 0) + n.placements.get("edge2", 0) for n in nodes) == [1] * 7
    assert ("Host ports held by pods of more than one service: port 80: edge, edge2 (7 pods). A node port serves one "
            "pod ('each <hostIP, hostPort, protocol> combination must be unique', Kubernetes 'Configuration Best "
            "Practices'; the scheduler's NodePorts filter), so the packing places at most one of those pods on a "
            "node, whichever service it belongs to: at least 7 nodes (give the services different ports to let them "
            "share).") in e.notes
    assert not any("may be short" in n for n in e.notes)
    [fleet] = [n for n in e.notes if n.startswith("Fleet sized")]
    assert "at least 7 nodes (a static host port of edge, edge2, which one pod per node can hold" in fleet
    # ec2.min_nodes 7 asks for what the ports need already: the same fleet
    w7 = w.model_copy(update={"ec2": w.ec2.model_copy(update={"min_nodes": 7})})
    e7 = compare(w7, platforms=["eks-ec2"]).estimate("eks-ec2")
    assert (e7.fleet.node_count, e7.fleet.instance_monthly) == (7, e.fleet.instance_monthly)
    # the sweep's node estimate scales the ports' need with the replicas: 2x is 8 + 6 = 14 pods on port 80
    from advisor.sizing.fleet import fleet_planner
    planner = fleet_planner(w, "eks-ec2")
    assert planner.min_nodes_for(w) == 7
    assert planner.min_nodes_for(w, {"edge": 8, "edge2": 6}) == 14


_PORT_DAEMONSET = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  template:
    spec:
      hostNetwork: true
      containers:
      - {name: a, image: x, ports: [{containerPort: 8080}], resources: {requests: {cpu: 100m, memory: 128Mi}}}
"""


def test_a_service_on_a_port_a_daemonset_holds_cannot_run_on_eks_nodes(tmp_path):
    """A DaemonSet runs a pod on every node, and a hostNetwork one holds its containerPort there: web's pods
    (hostPort 8080) find no node with the port free (kube-scheduler NodePorts filter), so EKS on EC2 and EKS Auto
    Mode cannot run web; its DaemonSet's ports were not read, and the fleet put web on the DaemonSet's nodes. api
    (no host port) is packed as before; ECS on EC2 runs web as an awsvpc task (no host port held)."""
    text = (_PORT_DAEMONSET + "---\n"
            + _edge(tmp_path, "web", [{"containerPort": 80, "hostPort": 8080}], replicas=2).read_text() + "---\n"
            + _edge(tmp_path, "api", [{"containerPort": 80}], replicas=2, file="b.yaml").read_text())
    res = import_k8s(_write(tmp_path, "m.yaml", text))
    assert res.daemonsets[0]["host_ports"] == [8080]
    w = res.workload
    assert w.daemonsets[0].host_ports == [8080] and not w.daemonsets[0].eks_fargate_sidecar
    assert ("web: holds host port 8080, which DaemonSet agent holds on every node: the Kubernetes scheduler's "
            "NodePorts filter finds no node for its pods") in " ".join(w.input_notes())
    comp = compare(w, platforms=["eks-ec2", "ecs-ec2"])
    e = comp.estimate("eks-ec2")
    [(svc, why)] = [(u.service, u.reason) for u in e.unsupported]
    assert svc == "web" and why.startswith("its pods hold host port 8080, which DaemonSet agent holds on every "
                                           "node (hostNetwork, containerPort 8080)")
    assert not comp.estimate("ecs-ec2").unsupported
    # on another port, or on UDP, there is no conflict
    other = import_k8s(_write(tmp_path, "n.yaml", text.replace("containerPort: 8080", "containerPort: 8080, "
                                                               "protocol: UDP"))).workload
    assert not compare(other, platforms=["eks-ec2"]).estimate("eks-ec2").unsupported


def test_daemonset_host_port_leaves_it_out_of_both_fargates_and_two_on_one_port_are_noted(tmp_path):
    """'Pods running on Fargate can't specify HostPort or HostNetwork in the Pod manifest': a DaemonSet with a
    hostPort (no hostNetwork) is no EKS Fargate sidecar either, nor an ECS on Fargate one (a task is awsvpc only and
    holds no port of a node: it was priced in every ECS task); two DaemonSets on one port cannot both run on a node."""
    one = _PORT_DAEMONSET.replace("hostNetwork: true", "hostNetwork: false").replace(
        "containerPort: 8080}", "containerPort: 80, hostPort: 9100}")
    two = one.replace("name: agent", "name: agent2")
    res = import_k8s(_write(tmp_path, "m.yaml", one + "---\n" + two + "---\n" + _deploy([_c("app", "250m", "256Mi")])))
    w = res.workload
    assert [(d.name, d.host_ports, d.fargate_sidecar, d.eks_fargate_sidecar, d.needs_node) for d in w.daemonsets] == [
        ("agent", [9100], False, False, "hostPort"), ("agent2", [9100], False, False, "hostPort")]
    notes = " ".join(w.input_notes())
    assert ("DaemonSet agent: Fargate runs no DaemonSets (Amazon EKS User Guide, 'AWS Fargate considerations'); on the "
            "Fargate platforms it is left out: its pod holds port(s) 9100 of its node (hostPort), which no Fargate pod "
            "or task can, as a sidecar neither (EKS: 'Pods running on Fargate can't specify HostPort or HostNetwork") \
        in notes
    # ECS on Fargate: app alone, 0.25 vCPU / 256 MiB -> 0.25 / 0.5 GB = (0.25 x 0.04048 + 0.5 x 0.004445) x 730 =
    # $9.010025 (was 0.45 vCPU / 512 MiB with both agents as sidecars -> 0.5 / 1 GB, $18.02005)
    est = compare(w, platforms=["ecs-fargate"], scaling=False).estimate("ecs-fargate")
    assert sum(i.monthly_cost for i in est.lines if i.name.startswith("Fargate ")) == pytest.approx(9.010025, abs=1e-6)
    assert ("DaemonSets left out on Fargate, whatever daemonsets.on_fargate says: agent (hostPort), agent2 (hostPort) "
            "(its node's network or ports, which no Fargate task has, as a sidecar neither: Amazon ECS API Reference: "
            "TaskDefinition networkMode 'For Amazon ECS tasks on Fargate, the awsvpc network mode is required'") \
        in " ".join(est.notes)
    assert "DaemonSets agent and agent2 both hold host port 9100 on every node" in notes


@pytest.mark.parametrize("spec, field, says", [
    ({"ports": [{"containerPort": 80, "hostPort": 8080}]}, "spec.template.spec.containers[0].ports[0].hostPort",
     "8080 must match containerPort 80 when spec.template.spec.hostNetwork is true"),
    ({"ports": [{"containerPort": 80, "hostPort": 70000}]}, "spec.template.spec.containers[0].ports[0].hostPort",
     "70000 is not a port number; write a whole number from 1 to 65535, or remove hostPort"),
    ({"ports": [{"containerPort": "http"}]}, "spec.template.spec.containers[0].ports[0].containerPort",
     "'http' is not a port number; write a whole number from 1 to 65535."),
    ({"ports": {"containerPort": 80}}, "spec.template.spec.containers[0].ports", "a list of ports"),
])
def test_bad_ports_exit_2_naming_the_field(tmp_path, spec, field, says):
    doc = yaml.safe_load(_deploy([_c("app", "250m", "256Mi", **spec)]))
    doc["spec"]["template"]["spec"]["hostNetwork"] = True
    with pytest.raises(WorkloadError) as e:
        import_k8s(_write(tmp_path, "bad.yaml", yaml.safe_dump(doc)))
    assert field in str(e.value) and says in str(e.value)
    doc = yaml.safe_load(_deploy([_c("app", "250m", "256Mi")]))
    doc["spec"]["template"]["spec"]["hostNetwork"] = "yes"
    with pytest.raises(WorkloadError, match=r"spec.template.spec.hostNetwork: must be true or false, got 'yes'"):
        import_k8s(_write(tmp_path, "bad2.yaml", yaml.safe_dump(doc)))


def test_host_network_is_a_pod_field_and_ecs_host_ports_do_not_rule_out_eks_fargate(tmp_path):
    with pytest.raises(WorkloadError) as e:
        parse_workload(yaml.safe_load("name: w\nservices:\n  - {name: a, cpu: 1, memory: 2048, network_mode: "
                                      "awsvpc, host_network: true}\n"))
    assert "services[0].host_network: true contradicts network_mode awsvpc" in str(e.value)
    assert "set network_mode: host (or remove it for a Kubernetes pod)" in str(e.value)
    # an ECS bridge task's static host port is its instance's under ECS networking; as a pod the containers get an
    # address of their own, so EKS on Fargate still runs the service and EKS nodes do not keep its pods apart
    w = parse_workload(yaml.safe_load("name: w\nservices:\n  - {name: a, cpu: 0.25, memory: 256, replicas: 4, "
                                      "network_mode: bridge, host_ports: [80]}\n"))
    assert w.services[0].node_host_ports == []
    cmp = compare(w, platforms=["eks-fargate", "eks-ec2"])
    assert not cmp.estimate("eks-fargate").unsupported
    assert cmp.estimate("eks-ec2").fleet.node_count == 2


def test_claim_template_of_a_class_the_input_lacks_is_said_to_be_assumed_ebs(tmp_path):
    # GoogleCloudPlatform/kubernetes-engine-samples' k8s-cost-estimator-local/app-v1/statefulset.yaml: 3 replicas with a
    # 1 GiB claim template of storageClassName my-storage-class, which the input does not hold. It was priced as 3
    # gp3 volumes (and EKS on Fargate ruled out) with no word that the class was assumed to be EBS, as a claim a pod
    # mounts says
    def sts(cls):
        spec = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
        if cls:
            spec["storageClassName"] = cls
        doc = yaml.safe_load(_deploy([_c("nginx", "100m", "64Mi")], name="web", kind="StatefulSet"))
        doc["spec"]["volumeClaimTemplates"] = [{"metadata": {"name": "www"}, "spec": spec}]
        return yaml.safe_dump(doc)

    res = import_k8s(_write(tmp_path, "a.yaml", sts("my-storage-class")))
    [note] = [n for n in res.workload.input_notes() if n.startswith("StatefulSet claim template")]
    assert "www 1 GiB of StatefulSet default/web (StorageClass 'my-storage-class', which is not in the input: assumed " \
           "to be EBS). If the class is Amazon EFS or another file system, add it to the input" in note
    assert [(v.name, v.size_gib) for v in res.workload.services[0].persistent_volumes] == [("www", 1)]
    # no storageClassName and no default class in the input: the cluster's default, assumed to be EBS
    res = import_k8s(_write(tmp_path, "b.yaml", sts(None)))
    assert any("(no storageClassName: the cluster's default StorageClass, which the input does not hold: assumed to "
               "be EBS)" in n for n in res.workload.input_notes())
    # the class in the input: EBS by its provisioner, nothing assumed; EFS: not priced
    for prov, priced in (("ebs.csi.aws.com", True), ("efs.csi.aws.com", False)):
        cls = yaml.safe_dump({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                              "metadata": {"name": "my-storage-class"}, "provisioner": prov})
        res = import_k8s(_write(tmp_path, "c.yaml", sts("my-storage-class") + "---\n" + cls))
        assert not any(n.startswith("StatefulSet claim template") for n in res.workload.input_notes()), prov
        assert bool(res.workload.services[0].persistent_volumes) is priced, prov


def test_request_above_its_limit_is_refused_as_kubernetes_refuses_it(tmp_path):
    # pkg/apis/core/validation ValidateResourceRequirements: "must be less than or equal to memory limit of 64M".
    # GoogleCloudPlatform/kubernetes-engine-samples' k8s-cost-estimator-local/app-v1/deployment.yaml requests 64Mi
    # (67,108,864 bytes) under a limit of 64M (64,000,000 bytes = 61.0352 MiB): it was priced at 64 MiB without a word
    def deploy(resources, inits=None, **kw):
        return _deploy([{"name": "app", "resources": resources}], inits, **kw)

    with pytest.raises(WorkloadError, match=r"spec.template.spec.containers\[0\].resources.requests.memory: '64Mi' "
                       r"\(64 MiB\) is more than its limit '64M' \(61.0352 MiB\); Kubernetes refuses the pod \(\"must be "
                       r"less than or equal to memory limit of 64M\", ValidateResourceRequirements\)\. Lower the request "
                       r"or raise the limit\. Mi is 1024-based and M 1000-based: write both with Mi\."):
        import_k8s(_write(tmp_path, "a.yaml", deploy({"requests": {"memory": "64Mi"}, "limits": {"memory": "64M"}})))
    # cpu, in an init container: 500m above a 1/4-core limit; no unit hint when the units are not M / Mi
    with pytest.raises(WorkloadError, match=r"initContainers\[0\].resources.requests.cpu: '500m' \(0.5 vCPU\) is more "
                       r"than its limit '0.25' \(0.25 vCPU\); Kubernetes refuses the pod .*raise the limit\.$"):
        import_k8s(_write(tmp_path, "b.yaml", deploy(
            {"requests": {"cpu": "100m"}}, [{"name": "init", "resources": {"requests": {"cpu": "500m"},
                                                                             "limits": {"cpu": "0.25"}}}])))
    # ephemeral-storage, and a pod-level request above the pod-level limit
    with pytest.raises(WorkloadError, match=r"requests.ephemeral-storage: '2Gi' \(2048 MiB\) is more than its limit"):
        import_k8s(_write(tmp_path, "c.yaml", deploy({"requests": {"ephemeral-storage": "2Gi"},
                                                       "limits": {"ephemeral-storage": "1Gi"}})))
    text = _with_pod_resources(_deploy([_c("app", "100m")]), {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}})
    with pytest.raises(WorkloadError, match=r"spec.template.spec.resources.requests.cpu: '2' \(2 vCPU\) is more than "
                       r"its limit '1' \(1 vCPU\)"):
        import_k8s(_write(tmp_path, "d.yaml", text))
    # a request equal to its limit in another spelling (1Gi = 1024Mi, 1 = 1000m) is valid and priced
    svc = import_k8s(_write(tmp_path, "e.yaml", deploy({"requests": {"cpu": "1", "memory": "1Gi"},
                                                        "limits": {"cpu": "1000m", "memory": "1024Mi"}}))).workload.services[0]
    assert (svc.vcpu, svc.memory_mib) == (1, 1024)
    # the CLI: exit code 2, never a traceback
    r = runner.invoke(app, ["compare", str(tmp_path / "a.yaml")])
    assert r.exit_code == 2 and "is more than its limit '64M'" in " ".join(r.output.split())


def test_k8s_kind_in_the_wrong_api_group_and_without_api_version(tmp_path):
    doc = yaml.safe_load(_deploy([_c("app", "250m", "512Mi")]))
    # a built-in kind in another built-in group: kubectl refuses it ('no matches for kind "Deployment" in version "v1"')
    with pytest.raises(WorkloadError, match=r"document 1 \(Deployment\): apiVersion: 'v1' has no kind Deployment "
                       r"\(kubectl refuses it: 'no matches for kind \"Deployment\" in version \"v1\"'\); a Deployment is "
                       r"apiVersion apps/v1"):
        import_k8s(_write(tmp_path, "a.yaml", yaml.safe_dump({**doc, "apiVersion": "v1"})))
    # the old extensions/v1beta1 Deployment is read like apps/v1
    res = import_k8s(_write(tmp_path, "b.yaml", yaml.safe_dump({**doc, "apiVersion": "extensions/v1beta1"})))
    assert [(s.name, s.vcpu) for s in res.workload.services] == [("app", 0.25)]
    # no apiVersion at all: read as the built-in kind, with a note (kubectl refuses it)
    del doc["apiVersion"]
    res = import_k8s(_write(tmp_path, "c.yaml", yaml.safe_dump(doc)))
    assert [s.name for s in res.workload.services] == ["app"]
    assert any(n.startswith("1 object(s) without apiVersion (1 Deployment) read as the built-in Kubernetes kinds")
               for n in res.notes)
    # the same name in another group is another object: a Knative Service beside a core one is no duplicate
    core = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {"type": "LoadBalancer"}}
    kn = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "web"}, "spec": {}}
    text = _deploy([_c("app", "250m", "512Mi")]) + "---\n" + yaml.safe_dump(core) + "---\n" + yaml.safe_dump(kn)
    res = import_k8s(_write(tmp_path, "d.yaml", text))
    assert res.workload.shared.network_load_balancers.count == 1


def _rollout(name: str = "web", **spec) -> dict:
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": name}, "spec": spec}


def test_argo_rollout_workload_ref_rules(tmp_path):
    deploy = yaml.safe_load(_deploy([_c("app", "500m", "1Gi")], name="web"))
    deploy["spec"]["replicas"] = 2
    ref = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    # workloadRef.scaleDown never (the default): the Deployment keeps its 2 pods beside the Rollout's 3 -- both priced
    text = yaml.safe_dump(deploy) + "---\n" + yaml.safe_dump(_rollout(replicas=3, workloadRef=ref))
    res = import_k8s(_write(tmp_path, "a.yaml", text))
    # the Rollout shares the Deployment's namespace and name: its service name says its kind ("default/web" alone
    # would read as the Deployment)
    assert [(s.name, s.desired, s.vcpu) for s in res.workload.services] == [("web", 2, 0.5),
                                                                             ("default/web (Rollout)", 3, 0.5)]
    assert any(n.startswith("priced as running side by side: Deployment default/web (2 replicas) beside Argo Rollout "
                            "default/web") for n in res.notes)
    # scaleDown onsuccess: the Rollout scales the Deployment to 0 once healthy -- only the Rollout's 3 pods
    text = yaml.safe_dump(deploy) + "---\n" + yaml.safe_dump(_rollout(replicas=3, workloadRef={**ref, "scaleDown": "onsuccess"}))
    res = import_k8s(_write(tmp_path, "b.yaml", text))
    assert [(s.name, s.desired) for s in res.workload.services] == [("web", 3)]
    # an HPA may target the Rollout (scaleTargetRef kind Rollout); replicas default to 1 without it
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
           "spec": {"scaleTargetRef": {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "web"},
                    "minReplicas": 2, "maxReplicas": 6}}
    tmpl = deploy["spec"]["template"]
    text = yaml.safe_dump(_rollout(template=tmpl)) + "---\n" + yaml.safe_dump(hpa)
    svc = import_k8s(_write(tmp_path, "c.yaml", text)).workload.services[0]
    assert (svc.scaling.min, svc.scaling.max, svc.scaling.average) == (2, 6, 4.0)
    assert import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(_rollout(template=tmpl)))).workload.services[0].desired == 1
    # a workloadRef to a Deployment that is not in the input: not priced, named as such
    text = _deploy([_c("api", "250m", "512Mi")], name="api") + "---\n" + yaml.safe_dump(_rollout(workloadRef=ref))
    res = import_k8s(_write(tmp_path, "e.yaml", text))
    assert [s.name for s in res.workload.services] == ["api"]
    assert any("not priced: 1 Rollout (argoproj.io): default/web (its pod template is spec.workloadRef 'Deployment' "
               "default/'web', which is not in the input)" in a for a in res.assumptions)


def test_custom_resources_with_a_pod_template_or_replicas_are_not_called_no_compute(tmp_path):
    objs = [{"apiVersion": "example.com/v1", "kind": "Worker", "metadata": {"name": "w"},
             "spec": {"pool": {"template": {"spec": {"containers": [{"name": "c", "image": "x"}]}}}}},
            {"apiVersion": "example.com/v1", "kind": "Cache", "metadata": {"name": "c"}, "spec": {"replicas": 3}},
            {"apiVersion": "example.com/v1", "kind": "Policy", "metadata": {"name": "p"}, "spec": {"rules": []}}]
    text = _deploy([_c("app", "250m", "512Mi")]) + "".join("---\n" + yaml.safe_dump(o) for o in objs)
    res = import_k8s(_write(tmp_path, "m.yaml", text))
    [note] = [a for a in res.assumptions if a.startswith("not priced:")]
    assert note.startswith("not priced: 1 Worker (example.com): default/w (its spec holds a pod template); 1 Cache "
                           "(example.com): default/c (spec.replicas 3) -- they create pods advisor does not read")
    assert "skipped (custom resources whose spec holds no pod template or replicas, read as running no pods): 1 Policy " \
           "(example.com)" in res.notes


def _limit_range(name: str, namespace: str = "default", **item) -> str:
    return yaml.safe_dump({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": name, "namespace": namespace},
                           "spec": {"limits": [{"type": "Container", **item}]}})


def test_limit_range_defaults_follow_kubernetes(tmp_path):
    pod = _deploy([_c("app", memory="64Mi"), _c("cap", **{"resources": {"limits": {"cpu": "2"}}})],
                  [_c("init")], name="web")
    # defaultRequest for cpu; memory only as a default limit: SetDefaults_LimitRangeItem makes it the default request
    lr = _limit_range("lr", defaultRequest={"cpu": "100m"}, default={"memory": "128Mi", "cpu": "1"})
    res = import_k8s(_write(tmp_path, "a.yaml", pod + "---\n" + lr))
    svc = res.workload.services[0]
    # app: cpu 100m (default), memory 64Mi (its own); cap: cpu 2 (its limit), memory 128Mi (default); init: 100m /
    # 128Mi -> pod: max(0.1 + 2, 0.1) = 2.1 vCPU, max(64 + 128, 128) = 192 MiB
    assert (round(svc.vcpu, 9), svc.memory_mib) == (2.1, 192)
    assert res.workload.assumptions() == []
    assert any(n.startswith("LimitRange default/lr default.memory 128 MiB (no defaultRequest) applied to 2 container(s)")
               for n in res.notes)
    _roundtrip(res)
    # a LimitRange of another namespace does not apply; max (no default) becomes the default request
    res = import_k8s(_write(tmp_path, "b.yaml", pod + "---\n" + _limit_range("other", "prod", max={"cpu": "4"})))
    assert res.workload.services[0].vcpu == 2  # only cap's limit; app and init request no cpu
    res = import_k8s(_write(tmp_path, "c.yaml", pod + "---\n" + _limit_range("cap", max={"cpu": "4"})))
    assert res.workload.services[0].vcpu == 4 + 2
    # two LimitRanges that disagree: the first read is used, with a note
    two = _limit_range("a", defaultRequest={"cpu": "100m"}) + "---\n" + _limit_range("b", defaultRequest={"cpu": "300m"})
    res = import_k8s(_write(tmp_path, "d.yaml", pod + "---\n" + two))
    assert round(res.workload.services[0].vcpu, 9) == 2.1
    assert any("LimitRange default/b defaultRequest.cpu 0.3 vCPU differs from LimitRange default/a" in n for n in res.notes)


def _kustomize_tree(root: Path) -> Path:
    (root / "base").mkdir(parents=True)
    (root / "base" / "web.yaml").write_text(_deploy([_c("web", "250m", "512Mi")], name="web"))
    (root / "base" / "kustomization.yaml").write_text("resources: [web.yaml]\n")
    ov = root / "overlays" / "prod"
    ov.mkdir(parents=True)
    (ov / "worker.yaml").write_text(_deploy([_c("w", "1", "1Gi")], name="worker"))
    (ov / "patch.yaml").write_text(_deploy([_c("web", "4", "8Gi")], name="web"))  # a patch: not a resource
    (ov / "kustomization.yaml").write_text(
        "namespace: prod\nnamePrefix: prod-\nresources: [../../base, worker.yaml]\n"
        "replicas: [{name: web, count: 3}]\npatches: [{path: patch.yaml}]\nimages: [{name: web, newTag: v2}]\n")
    return ov


def test_kustomize_folder_reads_only_its_resources(tmp_path):
    ov = _kustomize_tree(tmp_path)
    res = import_k8s(ov)
    w = res.workload
    # patch.yaml is not in resources: not read as an object (it would price a second "web"), but it is the overlay's
    # strategic merge patch of Deployment web: container web (merged by name) requests 4 / 8Gi instead of the base's
    # 250m / 512Mi; its spec.replicas 1 is then overridden by 'replicas: web 3', which kustomize runs after patches
    assert {s.name: (s.vcpu, s.memory_mib, s.desired) for s in w.services} == {
        "prod-web": (4.0, 8192, 3), "prod-worker": (1.0, 1024, 1)}  # namePrefix and replicas applied
    note = next(n for n in res.notes if "kustomize" in n and "overlays/prod/kustomization" in n)
    # the base is named by its normalised path, not 'overlays/prod/../../base'
    assert any(n.startswith(f"{tmp_path / 'base' / 'kustomization.yaml'}: kustomize: read the 1") for n in res.notes)
    assert "applied patches, namespace, namePrefix, replicas" in note and "not applied: images --" in note
    assert f"kustomize build {ov} | advisor compare -" in note and f"kubectl kustomize {ov} | advisor compare -" in note
    assert load_any(ov) == w and detect(ov) == "k8s"


def test_kustomize_name_prefix_renames_the_claims_classes_and_volumes_pods_refer_to(tmp_path):
    # kustomize's nameReference: a renamed PersistentVolumeClaim, StorageClass or IngressClass of the same build is
    # renamed where the build refers to it too (claimName, storageClassName, ingressClassName); other names stay
    base = tmp_path / "base"
    base.mkdir()
    docs = [_class("fast", "ebs.csi.aws.com"), _pvc(storageClassName="fast"), _claiming(),
            _ingress_class("public", "ingress.k8s.aws/alb"), _ingress("web", "public")]
    cron = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "backup",
                                                                      "annotations": {"advisor/minutes-per-run": "5"}},
            "spec": {"schedule": "0 1 * * *", "jobTemplate": {"spec": {"template": {"spec": {
                "containers": [{"name": "b", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}],
                "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}},
                            {"name": "o", "persistentVolumeClaim": {"claimName": "elsewhere"}}]}}}}}}
    (base / "all.yaml").write_text("---\n".join(yaml.safe_dump(d) for d in docs + [cron]))
    (base / "kustomization.yaml").write_text("namePrefix: p-\nresources: [all.yaml]\n")
    res = import_k8s(base)
    web = next(s for s in res.workload.services if s.name == "p-web")
    assert [(v.name, v.storage_class, v.shared) for v in web.persistent_volumes] == [("p-data", "p-fast", True)]
    assert res.workload.shared.load_balancers.count == 1
    # the CronJob's claim of the build is priced with p-web; 'elsewhere' is not in the build, so not renamed
    assert any("default/p-data (also mounted by CronJob default/p-backup" in n for n in res.notes)
    assert any("default/elsewhere (CronJob default/p-backup" in n for n in res.assumptions)


def test_kustomize_missing_resource_and_helm_chart(tmp_path):
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "kustomization.yaml").write_text("resources: [nope.yaml]\n")
    with pytest.raises(WorkloadError, match=r"kustomization: resources\[0\]: 'nope.yaml' is not found"):
        import_k8s(tmp_path / "k")
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: shop\nversion: 0.1.0\n")
    (chart / "templates" / "web.yaml").write_text("metadata:\n  name: {{ .Release.Name }}\n")
    with pytest.raises(WorkloadError, match=r"is a Helm chart \(it holds Chart.yaml\).*helm template my-release"):
        load_any(chart)
    r = runner.invoke(app, ["compare", str(chart)])
    assert r.exit_code == 2 and "helm template" in r.output and "Traceback" not in r.output


def test_kustomize_replicas_name_an_object_by_any_of_its_names_and_set_only_replica_kinds(tmp_path):
    """kustomize's replicas field matches an object by its current name or any earlier one (ReplicaCountTransformer,
    GetMatchingResourcesByAnyId: the name before a base's namePrefix, or the name after this folder's own), and sets
    spec.replicas on Deployments, ReplicationControllers, ReplicaSets and StatefulSets only (its replicas field
    specs). 'kubectl kustomize' of these folders builds base-web with 5 replicas, p-web with 4 and web-db with 3, and
    leaves the Rollout at 2; advisor read 1, 1 and 3 and gave the Rollout 6."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "base" / "kustomization.yaml").write_text("namePrefix: base-\nresources: [web.yaml]\n")
    (tmp_path / "ov").mkdir()
    (tmp_path / "ov" / "kustomization.yaml").write_text("resources: [../base]\nreplicas: [{name: web, count: 5}]\n")
    assert [(s.name, s.desired) for s in import_k8s(tmp_path / "ov").workload.services] == [("base-web", 5)]
    (tmp_path / "same").mkdir()
    (tmp_path / "same" / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "same" / "kustomization.yaml").write_text("namePrefix: p-\nresources: [web.yaml]\n"
                                                          "replicas: [{name: p-web, count: 4}]\n")
    assert [(s.name, s.desired) for s in import_k8s(tmp_path / "same").workload.services] == [("p-web", 4)]
    (tmp_path / "kinds").mkdir()
    rollout = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "db"},
               "spec": {"replicas": 2, "template": {"spec": {"containers": [_c("db", "500m", "512Mi")]}}}}
    (tmp_path / "kinds" / "all.yaml").write_text(_deploy([_c("db", "500m", "512Mi")], name="db", kind="StatefulSet")
                                                 + "---\n" + yaml.safe_dump(rollout))
    (tmp_path / "kinds" / "kustomization.yaml").write_text("nameSuffix: -x\nresources: [all.yaml]\n"
                                                           "replicas: [{name: db, count: 3}]\n")
    w = import_k8s(tmp_path / "kinds").workload
    assert sorted((s.name, s.desired) for s in w.services) == [("db-x", 3), ("default/db-x (Rollout)", 2)]


def test_kustomize_transforms_the_items_of_a_list(tmp_path):
    """kustomize expands a List resource (kind List, or a *List with items) into its items before its transformers
    run: 'kubectl kustomize' of this folder builds Deployment shop/p-web with 3 replicas and its HPA shop/p-web.
    advisor renamed only the List itself and flattened it afterwards, so it priced default/web (and a replicas
    entry naming web was refused as naming nothing)."""
    dep = yaml.safe_load(_deploy([_c("web", "250m", "256Mi")], name="web"))
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                    "minReplicas": 2, "maxReplicas": 6}}
    (tmp_path / "l.yaml").write_text(yaml.safe_dump({"apiVersion": "v1", "kind": "List", "items": [dep, hpa]}))
    (tmp_path / "kustomization.yaml").write_text("resources: [l.yaml]\nnamePrefix: p-\nnamespace: shop\n"
                                                 "replicas: [{name: web, count: 3}]\n")
    res = import_k8s(tmp_path)
    [web] = res.workload.services
    assert (web.name, web.scaling.min, web.scaling.max) == ("p-web", 2, 6)
    assert res.services[0].comments[0].startswith("Deployment shop/p-web (l.yaml, document 1 items[0])")


def test_kustomize_renames_an_hpa_target_as_its_name_reference_does(tmp_path):
    """kustomize's nameReference renames an HPA's scaleTargetRef.name when a Deployment, ReplicationController,
    ReplicaSet or StatefulSet of that name is renamed in the build, and for no other kind: 'kubectl kustomize' of a
    Rollout 'web' and its HPA with namePrefix p- builds Rollout p-web and an HPA still aimed at 'web', which scales
    nothing. advisor renamed every HPA target, so it priced the Rollout at the HPA's midpoint (6) instead of its 2."""
    rollout = {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "web"},
               "spec": {"replicas": 2, "template": {"spec": {"containers": [_c("web", "500m", "512Mi")]}}}}
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
           "spec": {"scaleTargetRef": {"apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": "web"},
                    "minReplicas": 2, "maxReplicas": 10}}
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(rollout) + "---\n" + yaml.safe_dump(hpa))
    (tmp_path / "kustomization.yaml").write_text("resources: [r.yaml]\nnamePrefix: p-\n")
    [web] = import_k8s(tmp_path).workload.services
    assert (web.name, web.desired, web.scaling) == ("p-web", 2, None)
    # a Deployment's HPA follows it
    hpa["spec"]["scaleTargetRef"] = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
    (tmp_path / "r.yaml").write_text(_deploy([_c("web", "500m", "512Mi")], name="web") + "---\n"
                                     + yaml.safe_dump(hpa))
    [web] = import_k8s(tmp_path).workload.services
    assert (web.name, web.scaling.min, web.scaling.max) == ("p-web", 2, 10)


def test_kustomize_renames_an_overlays_reference_to_a_base_object_by_its_earlier_name(tmp_path):
    """kustomize's nameReference runs in every kustomization and matches a referral by the object's current name or
    any earlier one: an overlay's HPA naming the base's Deployment 'web' (renamed b-web by the base's namePrefix)
    scales it, with or without a prefix of the overlay's own. 'kubectl kustomize' of ov builds HPA o-web targeting
    o-b-web (2-10, priced at 6); advisor renamed only names of the overlay's own prefix, so it left the HPA aimed at
    'web', ignored it and priced o-b-web at 1 replica."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "all.yaml").write_text(_deploy([_c("web", "500m", "512Mi")], name="web"))
    (tmp_path / "base" / "kustomization.yaml").write_text("namePrefix: b-\nresources: [all.yaml]\n")
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                    "minReplicas": 2, "maxReplicas": 10}}
    (tmp_path / "ov").mkdir()
    (tmp_path / "ov" / "hpa.yaml").write_text(yaml.safe_dump(hpa))
    for prefix, name in (("namePrefix: o-\n", "o-b-web"), ("", "b-web")):
        (tmp_path / "ov" / "kustomization.yaml").write_text(f"{prefix}resources: [../base, hpa.yaml]\n")
        res = import_k8s(tmp_path / "ov")
        [web] = res.workload.services
        assert (web.name, web.scaling.min, web.scaling.max, web.scaling.average) == (name, 2, 10, 6)
        assert not any("not in the import" in n for n in res.notes)
    # a current name is not renamed: a Deployment 'web' of the overlay keeps the HPA
    (tmp_path / "ov" / "hpa.yaml").write_text(yaml.safe_dump(hpa) + "---\n"
                                              + _deploy([_c("web", "250m", "256Mi")], name="web"))
    w = import_k8s(tmp_path / "ov").workload
    assert sorted((s.name, s.scaling is not None) for s in w.services) == [("b-web", False), ("web", True)]


@pytest.mark.parametrize("count, message", [
    ("-1", r"replicas\[0\]\.count: -1 is not valid: kustomize writes it as spec.replicas, which Kubernetes refuses"),
    ("1e9", r"replicas\[0\]\.count: 1,000,000,000 is more than advisor models for one service \(5,000"),
    ('"3"', r"replicas\[0\]\.count: '3' is not a whole number \(kustomize refuses a quoted count"),
    ("2.5", r"replicas\[0\]\.count: 2.5 is not a whole number"),
    ("null", r"replicas\[0\]\.count: is missing: kustomize would read it as 0"),
])
def test_kustomize_replica_counts_are_checked_as_the_kustomization_writes_them(tmp_path, count, message):
    """A kustomization's replicas count becomes spec.replicas; a bad one is named as replicas[N].count in the
    kustomization, not as the Deployment's spec.replicas in its own file (which was the error for -1 and 1000000000,
    while 1e9 and 3.0 -- whole numbers kustomize reads as int64, building 3 replicas for 3.0 -- were refused as 'needs
    name and count')."""
    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "kustomization.yaml").write_text(f"resources: [web.yaml]\nreplicas:\n- {{name: web, count: {count}}}\n")
    with pytest.raises(WorkloadError, match=r"kustomization\.yaml: kustomization: " + message):
        import_k8s(tmp_path)
    r = runner.invoke(app, ["import", "k8s", str(tmp_path)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_kustomize_replica_count_written_as_a_whole_float_is_that_number(tmp_path):
    # 'kubectl kustomize' builds spec.replicas 3 from count: 3.0
    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\nreplicas: [{name: web, count: 3.0}]\n")
    assert [(s.name, s.desired) for s in import_k8s(tmp_path).workload.services] == [("web", 3)]
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\nreplicas: [{count: 3}]\n")
    with pytest.raises(WorkloadError, match=r"replicas\[0\]\.name: is .*; name the Deployment, StatefulSet"):
        import_k8s(tmp_path)


def test_kustomize_refuses_a_resource_file_outside_its_folder_as_kustomize_does(tmp_path):
    """kustomize's default load restrictor reads a resource file only in or below its kustomization's folder
    ('security; file /etc/passwd is not in or below ...'); advisor read any path, and its error quoted the first
    line of the file (a kustomization listing ../../../../etc/passwd showed 'root:x:0:0:...'). A symbolic link
    pointing out of the folder is refused the same way; a folder with its own kustomization may be anywhere."""
    (tmp_path / "secret.yaml").write_text("token: hunter2\n")
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "kustomization.yaml").write_text("resources: [../secret.yaml]\n")
    with pytest.raises(WorkloadError, match=r"resources\[0\]: '../secret.yaml' is a file outside .*kustomize refuses "
                       r"it \('security; file \.\.\. is not in or below") as e:
        import_k8s(tmp_path / "k")
    assert "hunter2" not in str(e.value)
    (tmp_path / "k" / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "k" / "kustomization.yaml").write_text("resources: [link.yaml]\n")
    with pytest.raises(WorkloadError, match=r"'link.yaml' is a file outside") as e:
        import_k8s(tmp_path / "k")
    assert "hunter2" not in str(e.value)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_kustomize_entries_that_are_no_regular_file_say_what_they_are(tmp_path):
    """A resource or patch that is a named pipe, a link to /dev/zero or a link to itself was 'not found next to
    kustomization.yaml' (ls shows it there); a kustomization.yaml that is a pipe made the folder 'hold no *.yaml
    files', and a plain folder's pipe was passed over without a word."""
    import os

    (tmp_path / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web")))
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "sub").mkdir()
    for entry, says in [
            ("resources: [web.yaml, pipe.yaml]", "resources[1]: 'pipe.yaml' is a named pipe (FIFO), not a manifest "
                                                 "file or a folder"),
            ("resources: [web.yaml, zero.yaml]", "resources[1]: 'zero.yaml' is a character device, not a manifest "
                                                 "file or a folder"),
            ("resources: [web.yaml, loop.yaml]", "resources[1]: 'loop.yaml' is a path that cannot be read (too many "
                                                 "levels of symbolic links"),
            ("resources: [web.yaml]\npatchesStrategicMerge: [pipe.yaml]",
             "patchesStrategicMerge[0]: 'pipe.yaml' is a named pipe (FIFO), not a patch file"),
            ("resources: [web.yaml]\npatches: [{path: zero.yaml}]",
             "patches[0].path: 'zero.yaml' is a character device, not a patch file"),
            ("resources: [web.yaml]\npatches: [{path: sub}]", "patches[0].path: 'sub' is a folder, not a patch file")]:
        (tmp_path / "kustomization.yaml").write_text(entry + "\n")
        with pytest.raises(WorkloadError) as e:
            import_k8s(tmp_path)
        assert says.lower() in str(e.value).lower(), str(e.value)
    (tmp_path / "kustomization.yaml").unlink()
    os.mkfifo(tmp_path / "kustomization.yaml")
    with pytest.raises(WorkloadError, match=r"kustomization.yaml: is a named pipe \(FIFO\), not a regular file"):
        import_k8s(tmp_path)
    (tmp_path / "kustomization.yaml").unlink()
    (tmp_path / "loop.yaml").unlink()
    res = import_k8s(tmp_path)  # a plain folder: the pipe and the device are said, not read
    assert [s.name for s in res.services] == ["web"]
    assert f"{tmp_path}: files not read: pipe.yaml (a named pipe (FIFO)), zero.yaml (a character device)" in res.notes


def test_kustomize_refuses_an_object_added_twice_and_bounds_what_a_build_reads(tmp_path):
    """kustomize refuses a build that adds one object twice ('may not add resource with an already registered id'):
    a chain of folders that each list the one below twice. advisor read the base 2^depth times (14 levels took 15 s,
    19 would take minutes) and priced the object once with a note. A chain whose copies get different prefixes is a
    build of 2^depth objects: refused past 2,000 files read, naming the command that builds it. kustomize follows
    any depth; 25 levels are read as kubectl kustomize builds them."""
    base = tmp_path / "l0"
    base.mkdir()
    (base / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (base / "kustomization.yaml").write_text("resources: [web.yaml]\n")
    for i in range(1, 17):
        for s in "ab":
            (tmp_path / f"l{i}{s}").mkdir()
            below = "../l0" if i == 1 else f"../l{i - 1}a, ../l{i - 1}b"
            (tmp_path / f"l{i}{s}" / "kustomization.yaml").write_text(f"resources: [{below}]\n")
    with pytest.raises(WorkloadError, match=r"l2a.kustomization.yaml: Deployment default/web is added to this build "
                       r"twice \(.*web.yaml document 1, reached through two of the listed resources\), so kustomize "
                       r"refuses the folder"):
        import_k8s(tmp_path / "l16a")
    for i in range(1, 17):
        for s in "ab":
            text = (tmp_path / f"l{i}{s}" / "kustomization.yaml").read_text()
            (tmp_path / f"l{i}{s}" / "kustomization.yaml").write_text(f"namePrefix: {s}-\n{text}")
    with pytest.raises(WorkloadError, match=r"this kustomize build reads more than 2000 files .*'kubectl kustomize "
                       r".*l16a \| advisor compare -'"):
        import_k8s(tmp_path / "l16a")
    for i in range(1, 26):
        (tmp_path / f"d{i}").mkdir()
        (tmp_path / f"d{i}" / "kustomization.yaml").write_text(f"resources: [../{'l0' if i == 1 else f'd{i - 1}'}]\n")
    assert [s.name for s in import_k8s(tmp_path / "d25").workload.services] == ["web"]


def test_kustomize_replicas_that_name_nothing_are_refused_as_kustomize_refuses_them(tmp_path):
    """kustomize fails the build when a replicas entry names no object of a replica kind ("resource with name
    nothere does not match a config with the following GVK"); advisor ignored the entry and priced the folder. When
    the build holds what advisor does not read (a remote resource, components, ...), the object may be there: a
    note, not an error."""
    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\nreplicas: [{name: nothere, count: 6}]\n")
    with pytest.raises(WorkloadError, match=r"kustomization: replicas\[0\]\.name: 'nothere' names no Deployment, "
                                            r"ReplicationController, ReplicaSet, StatefulSet of this build"):
        import_k8s(tmp_path)
    r = runner.invoke(app, ["compare", str(tmp_path)])
    assert r.exit_code == 2 and "does not match a config" in r.output and "Traceback" not in r.output
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml, github.com/org/repo//deploy?ref=v1]\n"
                                                 "replicas: [{name: nothere, count: 6}]\n")
    res = import_k8s(tmp_path)
    assert [(s.name, s.desired) for s in res.workload.services] == [("web", 1)]
    assert any("replicas[0] ('nothere', 6) names nothing advisor read; it may come from what is not applied here "
               "(remote resources)" in n for n in res.notes)


def test_kustomize_remote_resources_and_helm_charts_are_assumptions_with_the_command_that_builds_them(tmp_path):
    """A remote resource (not fetched) or a helmCharts entry (not inflated) leaves its workloads out of the estimate:
    an assumption (an error under --strict), not only a note. kustomize inflates Helm charts only with
    '--enable-helm' ('kubectl kustomize DIR' fails: "must specify --enable-helm"), so the command given says so."""
    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [web.yaml, https://example.com/app.yaml]\n"
        "helmCharts: [{name: podinfo, repo: 'https://stefanprodan.github.io/podinfo', version: 6.5.0}]\n")
    res = import_k8s(tmp_path)
    kfile = tmp_path / "kustomization.yaml"
    cmd = f"'kubectl kustomize --enable-helm {tmp_path} | advisor compare -'"
    assert res.assumptions == [
        f"{kfile}: remote resource 'https://example.com/app.yaml' is not fetched (advisor reads local files), so what "
        f"it holds is not priced; price what kustomize builds with {cmd} (or 'kustomize build --enable-helm "
        f"{tmp_path} | advisor compare -')",
        f"{kfile}: kustomize helmCharts not applied: they can add workloads or change replicas and requests, and the "
        f"estimate is of the resources as listed, unpatched; price what kustomize builds with {cmd} (or 'kustomize "
        f"build --enable-helm {tmp_path} | advisor compare -')"]
    with pytest.raises(WorkloadError, match="strict mode"):
        res.workload_checked(strict=True)
    # a build without a chart gets the plain command
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\ngenerators: [g.yaml]\n")
    [a] = import_k8s(tmp_path).assumptions
    assert "kustomize generators not applied: they can add workloads" in a and \
        f"'kubectl kustomize {tmp_path} | advisor compare -'" in a


def test_kustomize_commands_build_the_folder_given_with_enable_helm_when_any_base_has_a_chart(tmp_path):
    """A base's chart needs '--enable-helm' for the whole build ('kubectl kustomize ROOT' fails without it), so every
    note and assumption of the build gives 'kubectl kustomize --enable-helm ROOT', also one about a sibling folder
    read before the chart's (it gave 'kubectl kustomize SIBLING', a build of that folder alone)."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "web.yaml").write_text(_deploy([_c("web", "250m", "256Mi")], name="web"))
    (tmp_path / "app" / "kustomization.yaml").write_text("resources: [web.yaml]\nreplacements: [{path: r.yaml}]\n")
    (tmp_path / "chart").mkdir()
    (tmp_path / "chart" / "kustomization.yaml").write_text(
        "helmCharts: [{name: podinfo, repo: 'https://stefanprodan.github.io/podinfo', version: 6.5.0}]\n")
    (tmp_path / "kustomization.yaml").write_text("resources: [app, chart]\n")
    res = import_k8s(tmp_path)
    assert [a.split(": kustomize ")[0] for a in res.assumptions] == [
        str(tmp_path / "app" / "kustomization.yaml"), str(tmp_path / "chart" / "kustomization.yaml")]
    for a in res.assumptions:
        assert a.endswith(f"price what kustomize builds with 'kubectl kustomize --enable-helm {tmp_path} | advisor "
                          f"compare -' (or 'kustomize build --enable-helm {tmp_path} | advisor compare -')"), a


def test_folder_reads_only_known_file_kinds(tmp_path):
    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "512Mi")], name="web"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "api.yml").write_text(_deploy([_c("api", "500m", "1Gi")], name="api"))
    (tmp_path / "values.yaml").write_text("replicaCount: 2\nimage: {tag: v1}\n")  # not Kubernetes objects
    (tmp_path / "README.md").write_text("# not read\n")
    for skipped in (".git", "node_modules"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "broken.yaml").write_text("kind: [\n")  # never opened
    (tmp_path / "chart").mkdir()
    (tmp_path / "chart" / "Chart.yaml").write_text("name: c\n")
    (tmp_path / "chart" / "t.yaml").write_text("{{ broken\n")
    res = import_k8s(tmp_path)
    assert sorted(s.name for s in res.workload.services) == ["api", "web"]
    assert any("values.yaml" in n and "not Kubernetes objects" in n for n in res.notes)
    assert any("chart/ (a Helm chart" in n for n in res.notes)


def test_folder_entries_that_cannot_be_looked_at_are_skipped_with_the_reason(tmp_path, monkeypatch):
    """advisor.load("/") raised a bare PermissionError from Path.is_dir on /proc/1/cwd (a link whose target may not
    be looked at), and 'compare /' advised "permission denied; choose a folder you can write to" for a read."""
    import errno
    import pathlib

    (tmp_path / "web.yaml").write_text(_deploy([_c("web", "250m", "512Mi")], name="web"))
    (tmp_path / "locked").mkdir()
    (tmp_path / "peek").mkdir()
    real_is_dir, real_is_file = pathlib.Path.is_dir, pathlib.Path.is_file

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(pathlib.Path, "is_dir", lambda p: denied(p) if p.name == "locked" else real_is_dir(p))
    monkeypatch.setattr(pathlib.Path, "is_file",
                        lambda p: denied(p) if p.parent.name == "peek" else real_is_file(p))
    res = import_k8s(tmp_path)
    assert [s.name for s in res.workload.services] == ["web"]
    note = next(n for n in res.notes if "locked (cannot be looked at" in n)
    assert "permission denied; check the permissions of that path" in note
    assert "write to" not in note


def test_taskdef_network_modes_soft_limits_and_cpu_zero(tmp_path):
    # what describe-task-definition prints for an EC2 task: "cpu": 0 on every container, no task-level size
    td = {"family": "w", "networkMode": "bridge", "containerDefinitions": [
        {"name": "a", "cpu": 0, "memory": 512, "memoryReservation": 256, "portMappings": [{"containerPort": 80, "hostPort": 8080}]},
        {"name": "b", "cpu": 0, "memoryReservation": 128, "portMappings": [{"containerPort": 9000}]}]}
    res = import_taskdef(_write(tmp_path, "td.json", td))
    svc = res.workload.services[0]
    # placement uses the soft limits: 256 + 128 = 384 MiB (hard limits add up to 512 + 128 = 640); no CPU reserved
    assert (svc.vcpu, svc.memory_mib, svc.network_mode, svc.host_ports) == (0, 384, "bridge", [8080])
    assert any("hard limits add up to 640 MiB" in c for c in res.services[0].comments)
    assert [n for n, _ in svc.containers_without_requests] == ["a", "b"]
    host = import_taskdef(_write(tmp_path, "h.json", {**td, "networkMode": "host"})).workload.services[0]
    # host mode: the container port is the host port (a's hostPort 8080 on containerPort 80 is refused by ECS: noted,
    # priced with 80, what the container listens on)
    assert host.host_ports == [80, 9000]
    # a udp mapping keeps its protocol (ECS: PORTS_UDP, a resource apart from TCP's PORTS)
    udp = {**td, "containerDefinitions": [{**td["containerDefinitions"][0], "portMappings": [
        {"containerPort": 53, "hostPort": 53, "protocol": "udp"}, {"containerPort": 53, "hostPort": 53}]}]}
    assert [str(p) for p in import_taskdef(_write(tmp_path, "u.json", udp)).workload.services[0].host_ports] == \
        ["53/UDP", "53"]
    with pytest.raises(WorkloadError, match=r"portMappings\[0\]\.protocol: 'sctp' is not valid; use tcp"):
        import_taskdef(_write(tmp_path, "s.json", {**udp, "containerDefinitions": [{
            **udp["containerDefinitions"][0], "portMappings": [{"containerPort": 53, "hostPort": 53, "protocol": "sctp"}]}]}))
    assert any("network mode host runs only on EC2" in n
               for n in import_taskdef(_write(tmp_path, "h.json", {**td, "networkMode": "host"})).workload.input_notes())
    with pytest.raises(WorkloadError, match=r"containerDefinitions\[0\].memory: 200 MiB is below memoryReservation 256"):
        import_taskdef(_write(tmp_path, "x.json", {"family": "w", "containerDefinitions": [
            {"name": "a", "memory": 200, "memoryReservation": 256}]}))


@pytest.mark.parametrize("field,value,message,not_said", [
    # a zero or negative task size is not a unit slip: no "0 GB" / "-512 vCPU" to write instead
    ("memory", 0, 'memory: 0: task memory must be a positive number of MiB, e.g. "512"', '"0 GB"'),
    ("memory", -512, 'memory: -512: task memory must be a positive number of MiB', '"-512 GB"'),
    ("memory", "0", "memory: '0': task memory must be a positive number of MiB", '"0 GB"'),
    ("cpu", "0", "cpu: '0': task cpu must be a positive whole number of CPU units from 128 to 196608", '"0 vCPU"'),
    ("cpu", -512, "cpu: -512: task cpu must be a positive whole number of CPU units", '"-512 vCPU"'),
    # 0.1 vCPU is below ECS's 0.125 too: no vCPU reading is offered, the smallest task cpu is
    ("cpu", "0.1", "cpu: '0.1' would be 0.1 CPU units", '"0.1 vCPU"'),
    # a unit slip still gets its reading
    ("cpu", "0.5", 'if you meant vCPU, write "0.5 vCPU" (= 512 units)', None),
    ("memory", "2", 'If you meant GB, write "2 GB" (= 2048 MiB)', None),
])
def test_taskdef_zero_or_negative_size_is_refused_without_a_unit_suggestion(tmp_path, field, value, message, not_said):
    td = {"family": "w", "cpu": "256", "memory": "512", field: value,
          "containerDefinitions": [{"name": "a", "image": "nginx"}]}
    with pytest.raises(WorkloadError) as err:
        import_taskdef(_write(tmp_path, "td.json", td))
    assert message in str(err.value)
    if not_said:
        assert not_said not in str(err.value)
    if value == "0.1":
        assert 'write at least "128" (0.125 vCPU)' in str(err.value)


@pytest.mark.parametrize("mode,mappings,refused,host_ports", [
    ("awsvpc", [{"containerPort": 5601, "hostPort": 80}], "container 'a' hostPort 80, containerPort 5601", None),
    ("host", [{"containerPort": 5601, "hostPort": 80}], "container 'a' hostPort 80, containerPort 5601", [5601]),
    ("awsvpc", [{"containerPort": 80, "hostPort": 80}, {"containerPort": 443}, {"containerPort": 8080, "hostPort": 0}],
     None, None),
    ("host", [{"containerPort": 80, "hostPort": 80}, {"containerPort": 443}], None, [80, 443]),
    ("bridge", [{"containerPort": 5601, "hostPort": 80}], None, [80]),  # bridge maps any host port to the container's
    ("awsvpc", [{"containerPort": "5601", "hostPort": "80"}], "container 'a' hostPort 80, containerPort 5601", None),
    ("bridge", [{"containerPort": "5601", "hostPort": "80"}], None, [80]),  # text a template resolves to: a port
])
def test_taskdef_host_port_other_than_the_container_port(tmp_path, mode, mappings, refused, host_ports):
    """PortMapping hostPort (Amazon ECS API Reference): "If you use containers in a task with the awsvpc or host
    network mode, the hostPort can either be left blank or set to the same value as the containerPort";
    RegisterTaskDefinition refuses anything else. As for the other task definitions ECS refuses whose size is still
    known (FARGATE without awsvpc), a note names the container, the ports, the rule and the fix; nothing else."""
    td = {"family": "w", "cpu": "256", "memory": "512", "networkMode": mode,
          "containerDefinitions": [{"name": "a", "portMappings": mappings}]}
    res = import_taskdef(_write(tmp_path, "td.json", td))
    notes = [n for n in res.notes if "hostPort other than its containerPort" in n]
    if refused is None:
        assert notes == []
    else:
        (note,) = notes
        assert note.startswith(f"task definition (w): network mode {mode} with a hostPort other than its "
                               f"containerPort ({refused}): ECS would refuse to register it (PortMapping: 'If you use "
                               "containers in a task with the awsvpc or host network mode, the hostPort can either be "
                               "left blank or set to the same value as the containerPort').")
        assert ("Priced with the container port(s) as the instance's (5601)" in note) == (mode == "host")
        assert note.endswith("Remove hostPort or set it to the containerPort.")  # a task definition's own names
        assert ("an awsvpc task has its own network interface" in note) == (mode == "awsvpc")
    assert res.workload.services[0].host_ports == host_ports


def test_taskdef_ephemeral_storage(tmp_path):
    td = {"family": "s", "cpu": "256", "memory": "512", "ephemeralStorage": {"sizeInGiB": 50}, "containerDefinitions": [{"name": "a"}]}
    assert import_taskdef(_write(tmp_path, "t.json", td)).workload.services[0].ephemeral_storage_gib == 50
    for bad in (20, -5, 50.5, 201, "50"):
        with pytest.raises(WorkloadError, match="ephemeralStorage.sizeInGiB: .* whole number of GiB from 21 to 200"):
            import_taskdef(_write(tmp_path, "t.json", {**td, "ephemeralStorage": {"sizeInGiB": bad}}))


@pytest.mark.parametrize("image", ["mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022",
                                   "mcr.microsoft.com/dotnet/framework/aspnet:4.8"])
def test_windows_image_without_runtime_platform(tmp_path, image):
    td = {"family": "iis", "cpu": "1024", "memory": "2048", "containerDefinitions": [{"name": "web", "image": image}]}
    res = import_taskdef(_write(tmp_path, "t.json", td))
    assert res.workload.services[0].os == "windows" and "Windows image" in res.assumptions[0]
    stated = {**td, "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}}
    assert import_taskdef(_write(tmp_path, "s.json", stated)).assumptions == []  # stated: nothing assumed


def test_service_strategy_cluster_default_and_rolling(tmp_path):
    td = _write(tmp_path, "td.json", {"family": "api", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a"}]})
    spot = [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]
    svcs = _write(tmp_path, "s.json", {"services": [
        {"serviceName": "all-spot", "taskDefinition": "api", "desiredCount": 4, "capacityProviderStrategy": spot},
        {"serviceName": "default", "taskDefinition": "api", "desiredCount": 1,
         "deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 134}},
        {"serviceName": "launch", "taskDefinition": "api", "desiredCount": 1, "launchType": "FARGATE"}]})
    cluster = _write(tmp_path, "c.json", {"clusters": [{"clusterName": "prod", "defaultCapacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 2}]}]})
    w = import_taskdef(td, svcs, cluster_path=cluster).workload
    by = {s.name: s for s in w.services}
    assert by["all-spot"].capacity_provider_strategy == [{"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}]
    # no strategy and no launch type: the cluster's default strategy (ECS API Reference, CreateService)
    assert by["default"].capacity_provider_strategy == [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                                        {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 2}]
    assert by["launch"].capacity_provider_strategy is None  # a launch type takes no strategy
    # desired 1, minimum healthy 100%, maximum 134%: floor(1.34) = 1 task at most, ceil(1.0) = 1 healthy -> stuck
    assert by["default"].deployment_blocked and not by["all-spot"].deployment_blocked
    assert any("default: a rolling deployment cannot start" in n for n in w.input_notes())
    # without a service file the cluster's default strategy has no service to apply to: it changed nothing, silently
    with pytest.raises(WorkloadError, match=r"--cluster-file .* applies to the ECS services of --services .* give "
                                            r"--services, or drop --cluster-file"):
        import_taskdef(td, cluster_path=cluster)
    r = runner.invoke(app, ["import", "taskdef", str(td), "--cluster-file", str(cluster)])
    assert r.exit_code == 2 and "give --services, or drop --cluster-file" in r.output, r.output
    bad = _write(tmp_path, "b.json", [{"serviceName": "x", "taskDefinition": "api", "launchType": "EC2",
                                       "capacityProviderStrategy": spot}])
    with pytest.raises(WorkloadError, match="launchType: 'EC2' and a capacityProviderStrategy are both given"):
        import_taskdef(td, bad)


def test_statefulset_without_claims_has_no_volume_note_and_daemonsets(tmp_path):
    text = _deploy([_c("db", "1", "2Gi")], name="db", kind="StatefulSet") + "---\n" + yaml.safe_dump(
        {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"}, "spec": {"template": {"spec": {
            "hostNetwork": True, "containers": [{"name": "a"}]}}}})
    res = import_k8s(_write(tmp_path, "m.yaml", text))
    assert not any("volumeClaimTemplates" in c for s in res.services for c in s.comments)
    assert res.workload.services[0].persistent_volumes is None
    ds = res.workload.daemonsets[0]
    # an unsized DaemonSet follows the missing-requests rule; it runs as a sidecar on Fargate by default
    assert (ds.cpu, ds.memory, ds.host_network, ds.on_fargate) == (None, None, True, "sidecar")
    assert any("DaemonSet agent (no cpu or memory)" in n for n in res.workload.assumptions())
    _roundtrip(res)


def _pvc(name: str = "data", storage="10Gi", **spec) -> dict:
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": storage}}, **spec}}


def _class(name: str, provisioner: str, default: bool = False, **params) -> dict:
    meta = {"name": name, **({"annotations": {"storageclass.kubernetes.io/is-default-class": "true"}} if default
                             else {})}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": meta, "provisioner": provisioner,
            **({"parameters": params} if params else {})}


def _claiming(name: str = "web", claim: str = "data", replicas: int = 1, kind: str = "Deployment") -> dict:
    doc = yaml.safe_load(_deploy([_c("app", "500m", "1Gi")], name=name, kind=kind))
    doc["spec"]["replicas"] = replicas
    doc["spec"]["template"]["spec"]["volumes"] = [{"name": "v", "persistentVolumeClaim": {"claimName": claim}}]
    return doc


def _manifests(tmp_path, *docs, name="m.yaml") -> Path:
    return _write(tmp_path, name, "---\n".join(yaml.safe_dump(d) for d in docs))


def test_k8s_a_claim_the_pods_share_is_one_volume_whatever_the_replicas(tmp_path):
    # Kubernetes "Persistent Volumes", "Claims As Volumes": every pod of the Deployment mounts the same claim
    path = _manifests(tmp_path, _class("ebs", "ebs.csi.aws.com", type="gp3"), _pvc(storageClassName="ebs"),
                      _claiming(replicas=3), _claiming("worker"))
    res = import_k8s(path)
    web, worker = res.workload.services
    assert [(v.name, v.size_gib, v.storage_class, v.shared) for v in web.persistent_volumes] == \
        [("data", 10.0, "ebs", True)]
    # the same claim: priced once on EKS, with the first workload; the second still mounts it (no EKS on Fargate)
    assert [(v.name, v.shared, v.priced_with) for v in worker.persistent_volumes] == \
        [("data", True, "web")]  # the service that prices it (a name the workload's rule can check)
    notes = res.workload.input_notes()
    assert any("default/data (also mounted by Deployment default/worker: priced once, with Deployment default/web)"
               in n for n in notes)
    # ReadWriteOnce, 3 replicas: one node ("can be mounted as read-write by a single node")
    assert any(n.startswith("Deployment default/web (3 replicas, claim data): its pods share a ReadWriteOnce claim")
               for n in notes)
    _roundtrip(res)
    lines = {p: [(ln.quantity, round(ln.monthly_cost, 6)) for ln in compare(res.workload, platforms=[p], scaling=False)
                 .estimate(p).lines if ln.name.startswith("EBS volume data")] for p in ("eks-ec2", "ecs-fargate")}
    # EKS: one 10 GiB volume all month: 10 GB-months x $0.08 = $0.80, whatever the 3 replicas and the second
    # workload; ECS attaches one EBS volume per task: web's 3 x 10 = 30 GB-months = $2.40, worker's 1 x 10 = $0.80
    assert lines == {"eks-ec2": [(10.0, 0.8)], "ecs-fargate": [(30.0, 2.4), (10.0, 0.8)]}


def test_k8s_a_storage_class_type_is_the_claims_volume_type(tmp_path):
    """A claim was priced as gp3 whatever its StorageClass's parameters.type (the note said the type was not read).
    The EBS CSI driver's types (aws-ebs-csi-driver parameters: io1, io2, gp2, gp3, sc1, st1, standard) now become
    volume_type: gp2 at the gp2 rate; io2, which the price data lacks, leaves the platforms unpriced (never the gp3
    rate); a class without a type keeps gp3; an unknown type exits 2 naming the field."""
    def run(**params):
        return import_k8s(_manifests(tmp_path, _class("ebs", "ebs.csi.aws.com", **params), _pvc(storageClassName="ebs"),
                                     _claiming(replicas=2)))
    res = run(type="GP2")
    [svc] = res.workload.services
    assert [(v.storage_class, v.volume_type) for v in svc.persistent_volumes] == [("ebs", "gp2")]
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert [(ln.name, ln.quantity, round(ln.monthly_cost, 6)) for ln in est.lines if ln.resource == "block_storage"
            and ln.service == "web"] == [("EBS volume data (gp2, 10 GiB, one claim the pods share)", 10.0, 1.0)]
    assert not any("give no volume type" in n for n in est.notes)
    est = compare(run(type="io2").workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert not est.complete and any(m.startswith("missing price data: EBS io2 volume data of web") for m in
                                    est.missing_prices)
    res = run()
    assert res.workload.services[0].persistent_volumes[0].volume_type is None
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert any("storage classes ebs give no volume type in the input (their claims are priced as gp3)" in n
               for n in est.notes)
    with pytest.raises(WorkloadError, match=r"StorageClass ebs\).*parameters\.type: 'gp5' is not an EBS volume type"):
        run(type="gp5")


def test_k8s_storage_notes_do_not_say_gp3_when_a_class_gives_another_type(tmp_path):
    """The import notes on claims and generic ephemeral volumes said 'Priced as gp3 EBS volumes' while the claims'
    StorageClass gave io2 (or gp2) and the volumes were priced, or left unpriced, as that type."""
    eph = yaml.safe_load(_deploy([_c("app", "500m", "1Gi")], name="eph"))
    eph["spec"]["template"]["spec"]["volumes"] = [{"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"spec": {
        "accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "resources": {"requests": {"storage": "5Gi"}}}}}}]
    for vtype, says_gp3 in (("io2", False), ("gp2", False), ("gp3", True)):
        res = import_k8s(_manifests(tmp_path, _class("fast", "kubernetes.io/aws-ebs", type=vtype),
                                    _pvc(storageClassName="fast"), _claiming(), eph))
        notes = [n for n in res.workload.input_notes() if "Priced as" in n]
        assert len(notes) == 2, notes
        assert all(("Priced as gp3 EBS volumes" in n) == says_gp3 for n in notes), (vtype, notes)
        if not says_gp3:
            assert all("Priced as EBS volumes of their StorageClass's parameters.type" in n for n in notes), notes


@pytest.mark.parametrize("docs, priced, says", [
    # a StorageClass of the EFS CSI driver: dynamic provisioning, which EKS on Fargate cannot use
    ([_class("efs", "efs.csi.aws.com", provisioningMode="efs-ap"), _pvc(storageClassName="efs")], None,
     ["StorageClass 'efs' (efs.csi.aws.com): Amazon EFS", "a dynamically provisioned EFS claim"]),
    # bound to a statically provisioned EFS PersistentVolume: not priced, and Fargate can mount it
    ([{"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "fs"}, "spec": {
        "capacity": {"storage": "5Gi"}, "csi": {"driver": "efs.csi.aws.com", "volumeHandle": "fs-1"}}},
      _pvc(volumeName="fs", storageClassName="")], None, ["bound to PersistentVolume 'fs', an Amazon EFS file system"]),
    # no storageClassName: the input's default class (is-default-class "true")
    ([_class("efs", "efs.csi.aws.com", default=True), _pvc()], None,
     ["no storageClassName: the input's default StorageClass 'efs'"]),
    ([_class("ebs", "ebs.csi.aws.com", default=True), _pvc()], (10.0, "ebs"),
     ["no storageClassName: the input's default StorageClass 'ebs'; StorageClass 'ebs' (ebs.csi.aws.com, no type"]),
    # a static EBS volume is the PersistentVolume's size
    ([{"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "vol"}, "spec": {
        "capacity": {"storage": "20Gi"}, "awsElasticBlockStore": {"volumeID": "vol-1"}}}, _pvc(volumeName="vol")],
     (20.0, None), ["bound to PersistentVolume 'vol', an EBS volume (awsElasticBlockStore)"]),
    ([_class("local", "kubernetes.io/no-provisioner"), _pvc(storageClassName="local")], None,
     ["StorageClass 'local' (provisioner 'kubernetes.io/no-provisioner')"]),
    # a class the input does not hold: assumed EBS, as before
    ([_pvc(storageClassName="gp2")], (10.0, "gp2"), ["StorageClass 'gp2', which is not in the input: assumed to be EBS"]),
])
def test_k8s_a_claim_is_priced_as_ebs_unless_the_input_says_otherwise(tmp_path, docs, priced, says):
    res = import_k8s(_manifests(tmp_path, *docs, _claiming()))
    [svc] = res.workload.services
    volumes = [(v.size_gib, v.storage_class) for v in svc.persistent_volumes or ()]
    assert volumes == ([priced] if priced else [])
    notes = " | ".join(res.workload.input_notes())
    assert all(s in notes for s in says), notes
    assert "skipped" not in notes  # the claim, its class or volume were read
    est = compare(res.workload, platforms=["eks-fargate"], scaling=False).estimate("eks-fargate")
    assert bool(est.unsupported) == bool(priced)  # EKS on Fargate mounts no EBS volume; the others are not EBS


def test_k8s_claim_templates_follow_the_same_storage_classes(tmp_path):
    sts = yaml.safe_load(_deploy([_c("db", "1", "2Gi")], name="db", kind="StatefulSet"))
    sts["spec"]["volumeClaimTemplates"] = [
        {"metadata": {"name": "files"}, "spec": {"storageClassName": "efs", "resources": {"requests": {"storage": "5Gi"}}}},
        {"metadata": {"name": "data"}, "spec": {"resources": {"requests": {"storage": "10Gi"}}}}]
    # a pod volume named like a claim template is the template's claim (the StatefulSet controller sets it)
    sts["spec"]["template"]["spec"]["volumes"] = [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]
    res = import_k8s(_manifests(tmp_path, _class("efs", "efs.csi.aws.com"), sts))
    [svc] = res.workload.services
    assert [(v.name, v.size_gib, v.shared) for v in svc.persistent_volumes] == [("data", 10.0, False)]
    assert any("claim template files of StatefulSet default/db (StorageClass 'efs' (efs.csi.aws.com)" in n
               for n in res.workload.input_notes())
    assert not res.assumptions  # no claim is missing: 'data' is the template's


@pytest.mark.parametrize("docs, needles", [
    ([_pvc(storage=None)], ["PersistentVolumeClaim data", "spec.resources.requests.storage: is missing"]),
    ([_pvc(storage="0")], ["PersistentVolumeClaim data", "must be more than 0"]),
    ([_pvc(storage="70Ti")], ["spec.resources.requests.storage: 71680 GiB is outside the size range of an EBS gp3 "
                              "volume (no volume_type: gp3), 1 to 65,536 GiB"]),
    ([_class("ebs2", "ebs.csi.aws.com", type="gp2"), _pvc(storage="20Ti", storageClassName="ebs2")],
     ["spec.resources.requests.storage: 20480 GiB is outside the size range of an EBS gp2 volume, 1 to 16,384 GiB"]),
    ([_class("cold", "ebs.csi.aws.com", type="sc1"), _pvc(storage="17Ti", storageClassName="cold")],
     ["17408 GiB is outside the size range of an EBS sc1 volume, 125 to 16,384 GiB"]),
    ([_pvc(storageClassName=5)], ["spec.storageClassName: must be a name (a string), got a number (5)"]),
    ([_pvc(resources=[1])], ["spec.resources: must be a mapping, got a list"]),
])
def test_k8s_bad_claims_are_errors_naming_the_field(tmp_path, docs, needles):
    path = _manifests(tmp_path, *docs, _claiming())
    with pytest.raises(WorkloadError) as err:
        import_k8s(path)
    assert all(n in str(err.value) for n in needles), str(err.value)
    r = runner.invoke(app, ["compare", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_k8s_claim_sizes_follow_their_volume_types_range(tmp_path):
    """Amazon EC2 API Reference, CreateVolume Size: io2 4 - 65,536 GiB and gp3 1 - 65,536 GiB (64 TiB), gp2 1 - 16,384
    GiB. A 40 TiB claim of an io2 class (io2 Block Express) and a 20 TiB claim with no class (gp3) are volumes EBS
    creates; they were refused with gp3's old 16 TiB limit. A claim under its type's smallest size is not refused
    (the provisioner rounds the request up)."""
    path = _manifests(tmp_path, _class("fast", "ebs.csi.aws.com", type="io2"),
                      _pvc(storage="40Ti", storageClassName="fast"), _claiming(),
                      _pvc("plain", storage="20Ti"), _claiming("worker", claim="plain"),
                      _pvc("tiny", storage="1Gi", storageClassName="fast"), _claiming("small", claim="tiny"))
    res = import_k8s(path)
    got = {s.name: [(v.size_gib, v.volume_type) for v in s.persistent_volumes] for s in res.workload.services}
    assert got == {"web": [(40960.0, "io2")], "worker": [(20480.0, None)], "small": [(1.0, "io2")]}



def test_k8s_a_claim_name_that_is_not_a_name_is_an_error(tmp_path):
    doc = _claiming()
    doc["spec"]["template"]["spec"]["volumes"] = [{"name": "v", "persistentVolumeClaim": {"claimName": 5}}]
    with pytest.raises(WorkloadError, match=r"spec.template.spec.volumes\[0\].persistentVolumeClaim.claimName: must "
                       r"be the name of a PersistentVolumeClaim in the pod's namespace, got a number \(5\)"):
        import_k8s(_manifests(tmp_path, doc))


def _apart(term: dict | None, labels: dict | None = None, namespace: str | None = None, replicas: int = 3,
           preferred: bool = False) -> dict:
    doc = yaml.safe_load(_deploy([_c("app", "250m", "256Mi")], name="redis"))
    doc["spec"]["replicas"] = replicas
    if namespace:
        doc["metadata"]["namespace"] = namespace
    doc["spec"]["template"]["metadata"] = {"labels": labels if labels is not None else {"app": "redis", "tier": "db"}}
    rule = ({"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": term}]}
            if preferred else {"requiredDuringSchedulingIgnoredDuringExecution": [term]})
    doc["spec"]["template"]["spec"]["affinity"] = {"podAntiAffinity": rule}
    return doc


_HOST = "kubernetes.io/hostname"


@pytest.mark.parametrize("doc, apart", [
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "topologyKey": _HOST}), True),
    (_apart({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "In", "values": ["redis", "x"]},
                                                    {"key": "tier", "operator": "Exists"},
                                                    {"key": "canary", "operator": "DoesNotExist"},
                                                    {"key": "tier", "operator": "NotIn", "values": ["web"]}]},
             "topologyKey": _HOST}), True),
    (_apart({"labelSelector": {}, "topologyKey": _HOST}), True),  # an empty selector selects every pod
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "namespaces": ["cache"], "topologyKey": _HOST},
            namespace="cache"), True),
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "namespaceSelector": {}, "topologyKey": _HOST}), True),
    # not against its own pods: other labels, another namespace, a mismatchLabelKeys key it carries, no selector
    (_apart({"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": _HOST}), False),
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "namespaces": ["other"], "topologyKey": _HOST}), False),
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "mismatchLabelKeys": ["tier"], "topologyKey": _HOST}),
     False),
    (_apart({"topologyKey": _HOST}), False),
    # a wish, not a rule; and a zone, not a node
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "topologyKey": _HOST}, preferred=True), False),
    (_apart({"labelSelector": {"matchLabels": {"app": "redis"}}, "topologyKey": "topology.kubernetes.io/zone"}), False),
])
def test_k8s_required_anti_affinity_against_its_own_pods_is_one_per_node(tmp_path, doc, apart):
    # Kubernetes "Assigning Pods to Nodes", inter-pod affinity and anti-affinity
    res = import_k8s(_manifests(tmp_path, doc))
    [svc] = res.workload.services
    assert svc.one_per_node is apart
    notes = " | ".join(res.workload.input_notes())
    assert ("Deployment " in notes and "(3 replicas): required pod anti-affinity" in notes) is apart
    zone = doc["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"].get(
        "requiredDuringSchedulingIgnoredDuringExecution", [{}])[0].get("topologyKey") == "topology.kubernetes.io/zone"
    assert ("(topology.kubernetes.io/zone): required pod anti-affinity, each against its own pods, on another "
            "topology key" in notes) is zone
    _roundtrip(res)


def _selecting(name: str, replicas: int, selector: dict | None = None, terms: list | None = None,
               cpu: str = "500m", memory: str = "1Gi") -> dict:
    doc = yaml.safe_load(_deploy([_c("app", cpu, memory)], name=name))
    doc["spec"]["replicas"] = replicas
    if selector:
        doc["spec"]["template"]["spec"]["nodeSelector"] = selector
    if terms is not None:
        doc["spec"]["template"]["spec"]["affinity"] = {"nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": terms}}}
    return doc


def _term(*exprs) -> dict:
    return {"matchExpressions": [{"key": k, "operator": op, "values": v} for k, op, v in exprs]}


def test_k8s_capacity_type_labels_set_spot_and_instance_type_labels_are_read(tmp_path):
    # Karpenter "Scheduling" (karpenter.sh/capacity-type: reserved, spot, on-demand); Amazon EKS User Guide,
    # "Managed node groups" (eks.amazonaws.com/capacityType: ON_DEMAND / SPOT on every node of the group)
    docs = [_selecting("payment", 3, {"karpenter.sh/capacity-type": "on-demand",
                                      "node.kubernetes.io/instance-type": "m6i.large"}),
            _selecting("ledger", 2, terms=[_term(("eks.amazonaws.com/capacityType", "In", ["ON_DEMAND"]))]),
            _selecting("reserved", 1, {"karpenter.sh/capacity-type": "reserved"}),
            _selecting("web", 4, terms=[_term(("node.kubernetes.io/instance-type", "In", ["m6i.large", "m6i.xlarge"]),
                                              ("eks.amazonaws.com/capacityType", "In", ["SPOT"]))]),
            # either capacity type: no rule; terms are ORed, so a term without a type rule allows any type
            _selecting("batch", 1, terms=[_term(("karpenter.sh/capacity-type", "In", ["spot", "on-demand"]),
                                                ("node.kubernetes.io/instance-type", "In", ["c5.large"])),
                                          _term(("kubernetes.io/os", "In", ["linux"]))])]
    res = import_k8s(_manifests(tmp_path, *docs))
    spot = {s.name: s.spot for s in res.workload.services}
    assert spot == {"payment": False, "ledger": False, "reserved": False, "web": True, "batch": True}
    assert res.ec2 == {}  # the services are held to different types (and some to none): each its own
    types = {s.name: s.instance_types for s in res.workload.services}
    assert types == {"payment": ["m6i.large"], "ledger": None, "reserved": None, "web": ["m6i.large", "m6i.xlarge"],
                     "batch": None}
    notes = res.workload.input_notes()
    assert [n.split(":")[0] for n in notes if "Written as its instance_types" in n] == ["payment", "web"]
    text = _roundtrip(res)
    assert "runs on Spot nodes only" in text and "runs on on-demand nodes only, never Spot: spot false" in text


def test_k8s_one_instance_family_for_every_pod_is_the_ec2_fleet(tmp_path):
    # EKS User Guide, "Create a Node Pool for EKS Auto Mode": eks.amazonaws.com/instance-family; every service is held
    # to c7g, so it becomes ec2.allowed_families and the EKS on EC2 fleet uses c7g types only
    docs = [_selecting("api", 3, {"eks.amazonaws.com/instance-family": "c7g", "kubernetes.io/arch": "arm64"},
                       cpu="1", memory="2Gi"),
            _selecting("jobs", 2, terms=[_term(("karpenter.k8s.aws/instance-family", "In", ["c7g", "m7g"]))],
                       cpu="500m", memory="1Gi")]
    docs[1]["spec"]["template"]["spec"]["nodeSelector"] = {"karpenter.k8s.aws/instance-family": "c7g",
                                                           "kubernetes.io/arch": "arm64"}
    res = import_k8s(_manifests(tmp_path, *docs))
    assert res.ec2 == {"allowed_families": ["c7g"]}
    assert any(n.startswith("api, jobs: the node selector or affinity rule(s)") and "ec2.allowed_families is set "
               "to that family" in n for n in res.notes)
    est = compare(res.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    types = {ln.instance_type for ln in est.lines if ln.instance_type}
    assert types and all(t.startswith("c7g.") for t in types)
    assert "ec2:\n  allowed_families: [\"c7g\"]\n" in _roundtrip(res)


@pytest.mark.parametrize("selector, terms, message", [
    ({"node.kubernetes.io/instance-type": "M6i.Large"}, None, "'M6i.Large' is not an EC2 instance type as nodes carry "
     "it \\(e.g. 'm5.large'\\); did you mean 'm6i.large'\\?"),
    ({"karpenter.k8s.aws/instance-family": "C7g"}, None, "did you mean 'c7g'"),
    ({"karpenter.sh/capacity-type": "Spot"}, None, "karpenter.sh/capacity-type: 'Spot' is not a capacity type nodes "
     "carry \\(spot, on-demand, reserved"),
    ({"eks.amazonaws.com/capacityType": "spot"}, None, "Did you mean 'SPOT'"),
    ({"karpenter.sh/capacity-type": "on-demand"}, [_term(("karpenter.sh/capacity-type", "In", ["spot"]))],
     "allow no capacity type together"),
])
def test_k8s_node_label_values_no_node_carries_are_errors(tmp_path, selector, terms, message):
    with pytest.raises(WorkloadError, match=message) as err:
        import_k8s(_manifests(tmp_path, _selecting("api", 2, selector, terms)))
    assert "spec.template.spec.nodeSelector / affinity" in str(err.value)


def test_k8s_node_labels_a_pod_may_not_have_keep_it_off_those_types(tmp_path):
    """NotIn on the instance type (or family) of a single affinity term: a pattern matching every other type (it was
    noted as not modelled); with several ORed terms it stays a note."""
    doc = _selecting("api", 2, terms=[_term(("node.kubernetes.io/instance-type", "NotIn", ["t3.micro"]))])
    res = import_k8s(_manifests(tmp_path, doc))
    svc = res.workload.services[0]
    assert res.ec2 == {} and svc.spot and svc.instance_type_pattern == "(?!(?:t3\\.micro)$).*"
    assert any(n.startswith("api: Kubernetes runs its pods only on instance types matching") for n in res.notes)
    doc = _selecting("api", 2, terms=[_term(("karpenter.k8s.aws/instance-family", "NotIn", ["t3", "t3a"]))])
    pattern = import_k8s(_manifests(tmp_path, doc)).workload.services[0].instance_type_pattern
    from advisor.workload.type_pattern import type_matches

    assert not type_matches(pattern, "t3.micro") and not type_matches(pattern, "t3a.large")
    assert type_matches(pattern, "m5.large") and type_matches(pattern, "t3n.x")  # another family
    doc = _selecting("api", 2, terms=[_term(("node.kubernetes.io/instance-type", "NotIn", ["t3.micro"])),
                                      _term(("kubernetes.io/arch", "In", ["amd64"]))])
    res = import_k8s(_manifests(tmp_path, doc))
    assert res.workload.services[0].instance_type_pattern is None
    assert any("(advisor does not model values a pod's nodes may not have)" in n for n in res.notes)


def test_terraform_kubernetes_deployment_node_selector_is_read_as_a_manifest_is(tmp_path):
    from test_iac import _plan

    from advisor.workload.importers.terraform import import_terraform

    pod = {"node_selector": {"karpenter.sh/capacity-type": "on-demand", "node.kubernetes.io/instance-type": "m6i.large"},
           "container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "500m", "memory": "1Gi"}}]}]}
    plan = _plan([{"address": "kubernetes_deployment.app", "values": {
        "metadata": [{"name": "app", "namespace": "default"}], "spec": [{"replicas": "2", "template": [{"spec": [pod]}]}]}}])
    res = import_terraform(_write(tmp_path, "plan.json", plan))
    [svc] = res.workload.services
    assert not svc.spot and res.ec2 == {"allowed_types": ["m6i.large"]}


def test_k8s_one_replica_apart_needs_no_note_and_bad_selectors_are_errors(tmp_path):
    res = import_k8s(_manifests(tmp_path, _apart({"labelSelector": {"matchLabels": {"app": "redis"}},
                                                  "topologyKey": _HOST}, replicas=1)))
    assert res.workload.services[0].one_per_node and not any("anti-affinity" in n for n in res.notes)
    bad = _apart({"labelSelector": {"matchExpressions": [{"key": "app", "operator": "in", "values": ["redis"]}]},
                  "topologyKey": _HOST})
    path = _manifests(tmp_path, bad)
    with pytest.raises(WorkloadError, match=r"requiredDuringSchedulingIgnoredDuringExecution\[0\].labelSelector."
                       r"matchExpressions\[0\].operator: 'in' is not valid; a label selector takes In, NotIn, Exists, "
                       r"DoesNotExist .*Did you mean 'In'\?"):
        import_k8s(path)
    r = runner.invoke(app, ["compare", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    with pytest.raises(WorkloadError, match="topologyKey: must be a node label key"):
        import_k8s(_manifests(tmp_path, _apart({"labelSelector": {}})))
    with pytest.raises(WorkloadError, match=r"matchExpressions\[0\].key: must be a label key \(a string\), got a list"):
        import_k8s(_manifests(tmp_path, _apart({"labelSelector": {"matchExpressions": [
            {"key": ["app"], "operator": "Exists"}]}, "topologyKey": _HOST})))


def test_daemonsets_section_form():
    w = parse_workload({"name": "x", "services": [{"name": "a", "cpu": 1, "memory": 1024}],
                        "daemonsets": {"on_fargate": "exclude", "pods": [
                            {"name": "log", "cpu": "100m", "memory": "128Mi"},
                            {"name": "mesh", "cpu": "50m", "memory": "64Mi", "on_fargate": "sidecar"}]}})
    assert [(d.name, d.on_fargate) for d in w.daemonsets] == [("log", "exclude"), ("mesh", "sidecar")]
    assert any("left out (daemonsets.on_fargate: exclude)" in n for n in w.input_notes())
    with pytest.raises(WorkloadError, match="on_fargate"):
        parse_workload({"name": "x", "services": [{"name": "a", "cpu": 1, "memory": 1024}],
                        "daemonsets": {"on_fargate": "run", "pods": []}})


def test_load_balancers_from_services_and_ingresses(tmp_path):
    docs = [yaml.safe_load(_deploy([_c("web", "250m", "512Mi")], name="web"))] + [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "public", "annotations": {
            "service.beta.kubernetes.io/aws-load-balancer-type": "external"}}, "spec": {"type": "LoadBalancer"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "plain"}, "spec": {"type": "LoadBalancer"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "internal"}, "spec": {"type": "ClusterIP"}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "a"}, "spec": {"ingressClassName": "alb"}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "b"}, "spec": {}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "c"}, "spec": {"ingressClassName": "nginx"}}]
    res = import_k8s(_write(tmp_path, "m.yaml", yaml.safe_dump_all(docs)))
    w = res.workload
    # 2 LoadBalancer Services -> 2 NLBs; ungrouped Ingresses a (alb) and b (no class, assumed alb) -> 2 ALBs;
    # c belongs to the nginx controller -> not an ALB
    assert (w.shared.network_load_balancers.count, w.shared.load_balancers.count) == (2, 2)
    notes = " ".join(res.notes)
    assert "Assumed the AWS Load Balancer Controller for plain" in notes and "public" not in notes.split("Assumed")[1]
    assert "No ingress class on default/b" in notes and "default/c (class 'nginx')" in notes
    _roundtrip(res)


def _ingress(name: str, cls: str | None = None, **annotations) -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
            "metadata": {"name": name, **({"annotations": annotations} if annotations else {})},
            "spec": {"ingressClassName": cls} if cls else {}}


def _ingress_class(name: str, controller: str, default: bool = False) -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
            "metadata": {"name": name, **({"annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}}
                                          if default else {})}, "spec": {"controller": controller}}


def test_k8s_an_ingress_of_no_class_with_another_controllers_annotations_says_so(tmp_path):
    web = yaml.safe_load(_deploy([_c("web", "250m", "512Mi")], name="web"))
    res = import_k8s(_manifests(tmp_path, web, _ingress("a", **{"traefik.ingress.kubernetes.io/router.entrypoints": "web"}),
                                _ingress("b", **{"alb.ingress.kubernetes.io/scheme": "internet-facing"})))
    # advisor's documented default stays: no class -> the AWS Load Balancer Controller, one ALB each
    assert res.workload.shared.load_balancers.count == 2
    [note] = [n for n in res.notes if "annotations only" in n]
    assert note.startswith("Ingress default/a (traefik.ingress.kubernetes.io/router.entrypoints): no ingress class, but "
                           "annotations only Traefik reads, which suggest it was written for Traefik")
    assert "one Service of type LoadBalancer" in note and "set spec.ingressClassName: traefik" in note
    assert "default/b" not in note  # alb.ingress.kubernetes.io annotations are the ALB's own


def test_k8s_ingress_classes_of_the_input_decide_the_controller(tmp_path):
    # Kubernetes "Ingress", "Default IngressClass": an Ingress without ingressClassName gets the default class
    web = yaml.safe_load(_deploy([_c("web", "250m", "512Mi")], name="web"))
    res = import_k8s(_manifests(tmp_path, web, _ingress_class("nginx", "k8s.io/ingress-nginx", default=True),
                                _ingress("a", **{"nginx.ingress.kubernetes.io/rewrite-target": "/"})))
    assert "load_balancers" not in res.shared  # no ALB
    notes = " | ".join(res.notes)
    assert "No ingress class on default/a: the input's default IngressClass 'nginx'" in notes
    assert "default/a (class 'nginx', controller 'k8s.io/ingress-nginx')" in notes
    assert "annotations only" not in notes  # the class is known: no hint
    assert not any(n.startswith("skipped") and "IngressClass" in n for n in res.notes)  # the class was read
    # an IngressClass of the AWS Load Balancer Controller (or EKS Auto Mode's) is an ALB, whatever its name
    res = import_k8s(_manifests(tmp_path, web, _ingress_class("public", "ingress.k8s.aws/alb"),
                                _ingress_class("auto", "eks.amazonaws.com/alb"), _ingress("a", "public"),
                                _ingress("b", "auto"), name="n.yaml"))
    assert res.workload.shared.load_balancers.count == 2
    with pytest.raises(WorkloadError, match=r"\(Ingress c\): spec.ingressClassName: must be the name of an IngressClass "
                       r"\(a string\), got a list"):
        import_k8s(_manifests(tmp_path, web, _ingress("c", ["alb"]), name="o.yaml"))


def test_cronjob_runs_and_run_length_are_recorded(tmp_path):
    w = import_k8s(_write(tmp_path, "a.json", _cron("0 2 * * *", {"advisor/minutes-per-run": "20"}))).workload
    svc = w.services[0]
    # daily: 730 / 24 = 30.4167 runs a month x 20 minutes = 10.139 hours; Fargate's minimum billed duration
    # applies per run, so the run length is kept (run_minutes), not only the hours
    assert (svc.runs_per_month, svc.run_minutes) == (pytest.approx(730 / 24), 20)
    assert svc.monthly_hours == pytest.approx(730 / 24 * 20 / 60)
    job = import_k8s(_write(tmp_path, "j.json", {**_cron("x"), "kind": "Job", "spec": {
        "activeDeadlineSeconds": 30, "template": {"spec": {"containers": [{"name": "c"}]}}}})).workload.services[0]
    assert (job.runs_per_month, job.run_minutes) == (1, 0.5)  # once, at most 30 s (Fargate bills 1 minute)


@pytest.mark.parametrize("parallelism, completions, replicas", [(5, 2, 2), (2, 10, 2), (3, None, 3), (None, 4, 1)])
def test_job_pods_at_once_are_parallelism_capped_by_completions(tmp_path, parallelism, completions, replicas):
    # Kubernetes "Jobs", Controlling parallelism: "For fixed completion count Jobs, the actual number of pods running
    # in parallel will not exceed the number of remaining completions" (the Job controller's wantActive); parallelism
    # defaults to 1. The Kubernetes docs' example: parallelism 5, completions 2 runs 2 pods.
    spec = {"activeDeadlineSeconds": 600, "template": {"spec": {"containers": [{"name": "c", "resources": {
        "requests": {"cpu": "1", "memory": "1Gi"}}}]}}}
    for key, value in (("parallelism", parallelism), ("completions", completions)):
        if value is not None:
            spec[key] = value
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": spec}
    res = import_k8s(_write(tmp_path, "j.json", job))
    [svc] = res.workload.services
    assert (svc.replicas, svc.runs_per_month, svc.run_minutes) == (replicas, 1, 10)
    assert ("at most 2 pod(s) run at once" in _roundtrip(res)) is (parallelism == 5)


def test_cronjob_parallelism_errors_name_the_job_template_field(tmp_path):
    cron = _cron("0 2 * * *", {"advisor/minutes-per-run": "20"})
    cron["spec"]["jobTemplate"]["spec"]["completions"] = -1
    with pytest.raises(WorkloadError, match=r"spec.jobTemplate.spec.completions: -1 is not valid; give a whole number"):
        import_k8s(_write(tmp_path, "c.json", cron))


def test_stdin_for_every_input_kind(monkeypatch):
    import io
    import sys

    for path in (EX / "web-app.yaml", EX / "web-app.taskdef.json", EX / "k8s" / "web.yaml"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
        assert load_any("-").services[0].vcpu == load_any(path).services[0].vcpu
    r = runner.invoke(app, ["import", "k8s", "-"], input=(EX / "k8s" / "web.yaml").read_text())
    assert r.exit_code == 0 and "standard input" in r.stdout


@pytest.mark.parametrize("args,given", [
    (["import", "taskdef", "-", "--services", "-"], "(PATH, --services)"),
    (["import", "taskdef", "-", "--services", str(EX / "web-app.service.json"), "--cluster-file", "-"],
     "(PATH, --cluster-file)"),
    (["report", "-", "-", "-o", "{out}/"], "(WORKLOAD 1, WORKLOAD 2)"),
])
def test_standard_input_given_twice_is_refused_before_it_is_read(tmp_path, args, given):
    # the second reader found standard input empty and said "nothing was piped in" although something was
    args = [a.replace("{out}", str(tmp_path / "out")) for a in args]
    r = runner.invoke(app, args, input=(EX / "web-app.taskdef.json").read_text())
    assert r.exit_code == 2, r.output
    assert (f"standard input is read once, and '-' is given 2 times {given}; give all but one of them as a file."
            in " ".join(r.stderr.split()))
    assert "nothing was piped in" not in r.output
    assert not (tmp_path / "out").exists()
    # one '-' beside files is still read
    r = runner.invoke(app, ["import", "taskdef", str(EX / "web-app.taskdef.json"), "--services", "-"],
                      input=(EX / "web-app.service.json").read_text())
    assert r.exit_code == 0 and "replicas: 2" in r.stdout
    # the header names standard input as such (it said "from web-app.taskdef.json and -.")
    assert r.stdout.startswith("# Imported by 'advisor import taskdef' from web-app.taskdef.json and standard input.\n")


def test_live_import_uses_the_cluster_default_strategy(aws):
    import boto3

    from advisor.workload.importers.ecs_live import import_ecs

    ecs = boto3.client("ecs", region_name="eu-west-1")
    ecs.create_cluster(clusterName="spot", capacityProviders=["FARGATE", "FARGATE_SPOT"],
                       defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE_SPOT", "weight": 1}])
    ecs.register_task_definition(family="api", cpu="256", memory="512", requiresCompatibilities=["FARGATE"],
                                 networkMode="awsvpc", containerDefinitions=[{"name": "api", "image": "x"}])
    ecs.create_service(cluster="spot", serviceName="api", taskDefinition="api", desiredCount=2)

    class NoLaunchType(_Spy):  # moto fills launchType EC2 in; a service created on the cluster default has none
        def describe_services(self, **kw):
            resp = self.c.describe_services(**kw)
            for s in resp["services"]:
                s.pop("launchType", None)
            return resp

    spy = NoLaunchType(ecs)
    spy.get_paginator = ecs.get_paginator
    svc = import_ecs("spot", region="eu-west-1", clients=lambda r: (spy, boto3.client("cloudwatch", region_name=r))
                     ).workload.services[0]
    # no strategy and no launch type on the service: the cluster's default (all FARGATE_SPOT) is carried
    assert svc.capacity_provider_strategy == [{"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 1}]


def test_cli_import_strict_and_cluster_file(tmp_path):
    td = _write(tmp_path, "td.json", {"family": "w", "containerDefinitions": [{"name": "a", "memory": 256}]})
    r = runner.invoke(app, ["import", "taskdef", str(td)])
    assert r.exit_code == 0 and "request no CPU or memory: w: a (no cpu)" in r.output  # a note, not an error
    r = runner.invoke(app, ["import", "taskdef", str(td), "--strict"])
    assert r.exit_code == 2 and "strict mode" in r.output and "w: a (no cpu)" in r.output
    cluster = _write(tmp_path, "c.json", {"cluster": {"defaultCapacityProviderStrategy": [
        {"capacityProvider": "FARGATE", "base": 1, "weight": 1}]}})
    svc = _write(tmp_path, "s.json", {"serviceName": "web", "taskDefinition": "w", "desiredCount": 2})
    r = runner.invoke(app, ["import", "taskdef", str(td), "-s", str(svc), "--cluster-file", str(cluster)])
    assert r.exit_code == 0 and "capacity_provider_strategy: [{capacityProvider: \"FARGATE\", base: 1, weight: 1}]" in r.stdout


# ------------------------------------------------------------------ tester's faults: GPUs, ECS rules, k8s objects

def _gpu_deployment(resources: dict, name: str = "web") -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": 2, "template": {"spec": {"containers": [
                {"name": "app", "image": "x", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}, **resources}}]}}}}


@pytest.mark.parametrize("resources, gpus", [
    ({"limits": {"nvidia.com/gpu": 1}}, 1),
    ({"limits": {"nvidia.com/gpu": "2"}, "requests": {"cpu": "1", "memory": "1Gi", "nvidia.com/gpu": "2"}}, 2),
    ({"limits": {"amd.com/gpu": 1}}, 1),
    ({"limits": {"aws.amazon.com/neuron": 1}}, 1),
    ({"limits": {"aws.amazon.com/neuroncore": 2}}, 2),
])
def test_k8s_gpus_set_the_service_gpus_and_rule_out_fargate(tmp_path, resources, gpus):
    p = _write(tmp_path, "d.yaml", yaml.safe_dump(_gpu_deployment(resources)))
    svc = import_k8s(p).workload.services[0]
    assert svc.gpus == gpus
    from advisor.compare.constraints import constraint_reasons
    assert any("needs GPUs, which Fargate does not offer" in r for r in constraint_reasons(load_any(p), "ecs-fargate"))


def test_k8s_gpu_request_must_equal_its_limit(tmp_path):
    d = _gpu_deployment({"limits": {"nvidia.com/gpu": 2}})
    d["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["nvidia.com/gpu"] = 1
    with pytest.raises(WorkloadError, match=r"requests.nvidia.com/gpu: 1 differs from the limit 2"):
        import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(d)))


def test_taskdef_gpu_resource_requirements(tmp_path):
    td = {"family": "gpu", "cpu": "1024", "memory": "4096", "containerDefinitions": [
        {"name": "a", "image": "x", "memory": 1024, "resourceRequirements": [{"type": "GPU", "value": "2"}]},
        {"name": "b", "image": "x", "memory": 1024, "resourceRequirements": [{"type": "GPU", "value": "1"}]}]}
    assert import_taskdef(_write(tmp_path, "td.json", td)).workload.services[0].gpus == 3  # 2 + 1 per task


@pytest.mark.parametrize("annotation", ["abc", "-4"])
def test_k8s_bad_average_replicas_annotation_names_the_object(tmp_path, annotation):
    d = _gpu_deployment({})
    d["metadata"]["annotations"] = {"advisor/average-replicas": annotation}
    with pytest.raises(WorkloadError, match=r"\(Deployment web\): metadata.annotations.advisor/average-replicas: "
                       + repr(annotation) + " is not valid"):
        import_k8s(_write(tmp_path, "d.yaml", yaml.safe_dump(d)))


def test_k8s_same_object_in_two_files_is_priced_once(tmp_path):
    d = _gpu_deployment({})
    d["metadata"]["namespace"] = "shop"
    (tmp_path / "m").mkdir()
    for f in ("a.yaml", "b.yaml"):
        _write(tmp_path / "m", f, yaml.safe_dump(d))
    res = import_k8s(tmp_path / "m")
    assert [s.name for s in res.workload.services] == ["web"]
    assert any("Deployment shop/web appears twice, identically (a.yaml document 1 and b.yaml document 1)" in n
               for n in res.notes)
    d["spec"]["replicas"] = 3
    _write(tmp_path / "m", "b.yaml", yaml.safe_dump(d))
    with pytest.raises(WorkloadError, match="Deployment shop/web is also defined in a.yaml document 1, differently"):
        import_k8s(tmp_path / "m")


def test_taskdef_json_duplicate_key_names_key_and_line(tmp_path):
    p = _write(tmp_path, "td.json", '{"family": "web",\n "cpu": "256",\n "memory": "512",\n "cpu": "4096",\n'
               ' "containerDefinitions": [{"name": "a", "image": "x"}]}')
    with pytest.raises(WorkloadError, match=r"td.json: line 4: the key 'cpu' is given twice .*\(first at line 2\)"):
        import_taskdef(p)


def test_k8s_file_modes_stay_octal_and_yaml11_words_stay_text(tmp_path):
    """defaultMode 0644 is octal by the Kubernetes API docs (= 420); 'on'/'yes' are text in YAML 1.2."""
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {on: yes}}\n---\n"
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n"
            "      volumes: [{name: v, configMap: {name: c, defaultMode: 0644}}]\n"
            "      containers: [{name: a, image: x, resources: {requests: {cpu: 250m, memory: 256Mi}}}]\n")
    from advisor.workload.source import parse_yaml
    docs = parse_yaml(text, "m.yaml")
    assert docs[0]["metadata"]["labels"] == {"on": "yes"}
    assert docs[1]["spec"]["template"]["spec"]["volumes"][0]["configMap"]["defaultMode"] == 0o644 == 420
    assert import_k8s(_write(tmp_path, "m.yaml", text)).workload.services[0].vcpu == 0.25


def test_a_service_definition_alone_says_to_pair_it_with_its_task_definition(tmp_path):
    """An ECS CreateService request names its task definition but holds no CPU or memory: the message says how to
    price it (import taskdef ... --services), instead of listing the workload fields it lacks."""
    from advisor.errors import WorkloadError
    from advisor.workload.importers import load_any

    with pytest.raises(WorkloadError, match=r"is an ECS service definition .* --services .*web-app.service.json"):
        load_any(EX / "web-app.service.json")
    described = tmp_path / "describe-services.json"
    described.write_text(json.dumps({"services": [{"serviceName": "a", "taskDefinition": "arn:aws:ecs:x:1:task-definition/a:3",
                                                   "desiredCount": 2}], "failures": []}))
    with pytest.raises(WorkloadError, match="is an ECS service definition"):
        load_any(described)


def test_ecs_daemon_service_is_an_assumption_not_silently_replicas(tmp_path):
    # schedulingStrategy DAEMON: one task per container instance, never on Fargate; advisor has no node count here
    td = _write(tmp_path, "td.json", {"family": "agent", "cpu": "256", "memory": "512",
                                       "containerDefinitions": [{"name": "c", "memory": 256}]})
    sv = _write(tmp_path, "svc.json", [{"serviceName": "log-agent", "taskDefinition": "agent:1",
                                        "schedulingStrategy": "DAEMON", "launchType": "EC2"}])
    res = import_taskdef(td, sv)
    [why] = [a for a in res.assumptions if "DAEMON" in a]
    assert "log-agent" in why and "priced as 1 task(s)" in why and "daemonsets" in why
    with pytest.raises(WorkloadError, match="DAEMON"):
        res.workload_checked(True)  # --strict refuses to assume


def test_a_fargate_task_size_ecs_would_refuse_is_noted(tmp_path):
    # 300 CPU units is no Fargate value: with requiresCompatibilities FARGATE, RegisterTaskDefinition refuses it
    td = _write(tmp_path, "td.json", {"family": "a", "cpu": "300", "memory": "100000", "networkMode": "awsvpc",
                                       "requiresCompatibilities": ["FARGATE"],
                                       "containerDefinitions": [{"name": "c", "memory": 512}]})
    res = import_taskdef(td)
    assert any("task cpu 300 units with memory 100000 MiB is not a Fargate task size" in n for n in res.notes)
    assert not res.assumptions  # a note, not an assumption: --strict still prices it
    # an EC2-only task definition may use any size
    ec2 = _write(tmp_path, "ec2.json", {"family": "b", "cpu": "300", "memory": "1000", "requiresCompatibilities": ["EC2"],
                                        "containerDefinitions": [{"name": "c", "memory": 512}]})
    assert not any("not a Fargate task size" in n for n in import_taskdef(ec2).notes)


def _hook_job(meta: dict) -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
            "spec": {"template": {"spec": {"containers": [
                {"name": "c", "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}}}


def test_k8s_generate_name_is_the_name_and_never_a_duplicate(tmp_path):
    # two Jobs with one generateName prefix are two objects (the API server completes each prefix to a unique
    # name): both priced, the second numbered; 30 minutes each -> 0.5 hours a month each
    meta = {"generateName": "migrate-", "annotations": {"advisor/minutes-per-run": "30"}}
    res = import_k8s(_write(tmp_path, "hooks.yaml", yaml.safe_dump_all([_hook_job(meta), _hook_job(meta)])))
    w = res.workload
    assert [(s.name, s.monthly_hours) for s in w.services] == [("migrate-", 0.5), ("migrate- (2)", 0.5)]
    assert any("metadata.generateName used as the name of Job default/migrate-, Job default/migrate- (2)" in n
               and "numbered" in n for n in res.notes)
    _roundtrip(res)
    with pytest.raises(WorkloadError, match=r"document 1 \(Job\): metadata.generateName: must be a name prefix"):
        import_k8s(_write(tmp_path, "bad.yaml", yaml.safe_dump(_hook_job({"generateName": 5}))))
    with pytest.raises(WorkloadError, match=r"metadata.name: is missing \(and so is metadata.generateName\)"):
        import_k8s(_write(tmp_path, "none.yaml", yaml.safe_dump(_hook_job({}))))


def _keda_docs(*extra: dict) -> str:
    web = _gpu_deployment({})
    web["spec"]["template"]["spec"]["containers"][0]["resources"] = {"requests": {"cpu": "250m", "memory": "512Mi"}}
    return yaml.safe_dump_all([web, *extra])


def _scaled_object(spec: dict | None = None, name: str = "web-so", annotations: dict | None = None) -> dict:
    meta: dict = {"name": name}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject", "metadata": meta,
            "spec": {"scaleTargetRef": {"name": "web"}, "triggers": [{"type": "cpu"}], **(spec or {})}}


def _hpa(name: str = "web-hpa", **meta) -> dict:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": name, **meta},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                     "minReplicas": 2, "maxReplicas": 4}}


@pytest.mark.parametrize("spec, annotations, scaling, zero_note", [
    # KEDA's defaults (keda.sh "ScaledObject specification"): kind Deployment, minReplicaCount 0, maxReplicaCount 100
    ({}, None, (0, 100, 50.0), True),
    ({"minReplicaCount": 2, "maxReplicaCount": 10}, None, (2, 10, 6.0), False),
    # idleReplicaCount 0: scaled to 0 while no trigger is active, so the range is 0..10
    ({"idleReplicaCount": 0, "minReplicaCount": 2, "maxReplicaCount": 10}, None, (0, 10, 5.0), True),
    # the annotation overrides the midpoint (and so there is no scale-to-zero assumption to note)
    ({"maxReplicaCount": 10}, {"advisor/average-replicas": "1.5"}, (0, 10, 1.5), False),
])
def test_k8s_keda_scaled_object_sets_scaling(tmp_path, spec, annotations, scaling, zero_note):
    res = import_k8s(_write(tmp_path, "m.yaml", _keda_docs(_scaled_object(spec, annotations=annotations))))
    s = res.workload.services[0]
    assert (s.replicas, (s.scaling.min, s.scaling.max, s.scaling.average)) == (None, scaling)
    assert any("is an assumption" in n and "to 0 while no trigger is active" in n for n in res.assumptions) == zero_note
    assert not any("no compute" in n for n in res.notes)
    _roundtrip(res)


def test_k8s_keda_paused_scaled_job_and_refusals(tmp_path):
    # paused-replicas: KEDA scales the target to that count and stops autoscaling
    res = import_k8s(_write(tmp_path, "p.yaml", _keda_docs(_scaled_object(
        {"maxReplicaCount": 10}, annotations={"autoscaling.keda.sh/paused-replicas": "0"}))))
    assert (res.workload.services[0].replicas, res.workload.services[0].scaling) == (0, None)
    # a ScaledJob creates Jobs per event: named as not priced, never "no compute to price"
    sj = {"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledJob", "metadata": {"name": "worker"},
          "spec": {"jobTargetRef": {"template": {"spec": {"containers": [{"name": "w"}]}}}}}
    res = import_k8s(_write(tmp_path, "j.yaml", _keda_docs(sj)))
    # left out at $0 as a Job without a running time is: an assumption, an error under --strict
    assert any("KEDA ScaledJob(s) left out ($0): default/worker" in n and "advisor/hours-per-month" in n
               for n in res.assumptions)
    assert not any("no compute" in n for n in res.notes)
    # what KEDA refuses, advisor refuses, naming the field
    for spec, needle in (({"idleReplicaCount": 1, "minReplicaCount": 1}, "spec.idleReplicaCount: 1 is not less than "
                          "minReplicaCount 1; KEDA refuses it"),
                         ({"minReplicaCount": 5, "maxReplicaCount": 2}, "spec.maxReplicaCount: 2 is smaller than "
                          "minReplicaCount 5"),
                         ({"maxReplicaCount": "ten"}, "spec.maxReplicaCount: 'ten' is not valid")):
        with pytest.raises(WorkloadError, match=re.escape(needle)):
            import_k8s(_write(tmp_path, "bad.yaml", _keda_docs(_scaled_object(spec))))


def test_k8s_hpa_and_scaled_object_on_one_target(tmp_path):
    # KEDA's webhook refuses a ScaledObject for a workload an HPA manages: advisor cannot tell which range to price
    with pytest.raises(WorkloadError, match=r"document 3 \(ScaledObject web-so\): spec.scaleTargetRef: Deployment "
                       r"default/web is also scaled by HorizontalPodAutoscaler default/web-hpa \(m.yaml document 2\)"):
        import_k8s(_write(tmp_path, "m.yaml", _keda_docs(_hpa(), _scaled_object({"maxReplicaCount": 10}))))
    # ... unless the ScaledObject takes the HPA over
    so = _scaled_object({"maxReplicaCount": 10, "minReplicaCount": 1, "advanced": {
        "horizontalPodAutoscalerConfig": {"name": "web-hpa"}}},
        annotations={"scaledobject.keda.sh/transfer-hpa-ownership": "true"})
    res = import_k8s(_write(tmp_path, "t.yaml", _keda_docs(_hpa(), so)))
    assert res.workload.services[0].scaling.average == 5.5 and any("is taken over by ScaledObject" in n
                                                                   for n in res.notes)
    # the HPA KEDA created for the ScaledObject (kubectl get -o yaml) is read through the ScaledObject
    owned = _hpa("keda-hpa-web-so", ownerReferences=[{"apiVersion": "keda.sh/v1alpha1", "kind": "ScaledObject",
                                                      "name": "web-so"}])
    res = import_k8s(_write(tmp_path, "o.yaml", _keda_docs(owned, _scaled_object({"maxReplicaCount": 8,
                                                                                  "minReplicaCount": 2}))))
    assert res.workload.services[0].scaling.average == 5.0
    assert any("keda-hpa-web-so was created by KEDA for ScaledObject default/web-so" in n for n in res.notes)


@pytest.mark.parametrize("value, paused", [("true", True), ("1", True), ("t", True), ("yes", True), ("", True),
                                           ("false", False), ("0", False), ("F", False)])
def test_k8s_keda_paused_annotation_as_keda_reads_it(tmp_path, value, paused):
    """KEDA pauses on any autoscaling.keda.sh/paused value strconv.ParseBool reads as true, and on one it cannot read
    (kedacore/keda NeedToBePausedByAnnotation); only false values leave it scaling. "1", "t", "yes" and "" were
    priced as the autoscaled range."""
    res = import_k8s(_write(tmp_path, "k.yaml", _keda_docs(_scaled_object(
        {"minReplicaCount": 2, "maxReplicaCount": 6}, annotations={"autoscaling.keda.sh/paused": value}))))
    svc = res.workload.services[0]
    assert (svc.scaling is None) == paused
    if not paused:
        assert svc.scaling.average == 4


def test_k8s_many_generated_names_fit_the_notes_limit(tmp_path):
    """3,000 Deployments with generateName (or 10 hook Jobs with 200-character prefixes) made one note longer than
    the workload format's 2,000 characters, and a valid input failed the importer's own validation."""
    docs = [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"generateName": "web-" + "x" * 200},
             "spec": {"replicas": 1, "template": {"spec": {"containers": [
                 {"name": "c", "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}}}]}}}}
            for _ in range(30)]
    res = import_k8s(_write(tmp_path, "g.yaml", yaml.safe_dump_all(docs)))
    w = res.workload
    assert len(w.services) == 30 and all(len(n) <= 2000 for n in w.notes)
    assert any("generateName used as the name of" in n and "more" in n for n in w.notes)


# ------------------------------------------------------------------------------------ --region at import
IAC = Path(__file__).resolve().parent / "fixtures" / "iac"
IMPORTS = {
    "taskdef": ["taskdef", str(EX / "web-app.taskdef.json")],
    "k8s": ["k8s", str(Path(__file__).resolve().parent / "fixtures" / "real")],
    "ecs": ["ecs", "--cluster", "prod"],
    "terraform": ["terraform", str(IAC / "synthetic" / "tf_ecs_fargate_plan.json")],
    "cloudformation": ["cloudformation", str(IAC / "cloudformation" / "nathanpeck_service_fargate_public_lb.yml")],
}


@pytest.mark.parametrize("command", sorted(IMPORTS))
@pytest.mark.parametrize("region,message", [
    ("mars-1", "error: --region 'mars-1' is not an AWS region. Use a region code such as us-east-1 or eu-west-1; "
               "'advisor pricing show' lists the regions with bundled prices."),
    ("us-eas-1", "error: --region 'us-eas-1' is not an AWS region. Did you mean 'us-east-1'?"),
])
def test_import_refuses_a_region_that_does_not_exist(tmp_path, command, region, message):
    """The tester's report (finding 7): 'import taskdef ... --region mars-1' wrote a workload that compare then
    rejected. Every import subcommand refuses it first (exit 2, nothing written), as compare -r does."""
    out = tmp_path / "m.yaml"
    r = runner.invoke(app, ["import", *IMPORTS[command], "--region", region, "-o", str(out)])
    assert r.exit_code == 2 and message in r.stderr, r.output
    assert not out.exists()


def test_import_keeps_a_real_region_in_canonical_form():
    r = runner.invoke(app, ["import", *IMPORTS["taskdef"], "--region", " EU-West-1 "])
    assert r.exit_code == 0 and 'region: "eu-west-1"' in r.stdout, r.output


def test_import_refuses_a_region_the_input_names_that_does_not_exist(tmp_path):
    """A Terraform provider region that is not an AWS region is refused too, with the way out (--region)."""
    plan = (IAC / "synthetic" / "tf_ecs_fargate_plan.json").read_text().replace('"us-east-1"', '"mars-1"')
    path = _write(tmp_path, "plan.json", plan)
    r = runner.invoke(app, ["import", "terraform", str(path)])
    assert r.exit_code == 2 and "error: the region the input names, 'mars-1' is not an AWS region." in r.stderr
    assert "Pass --region to choose the workload's region." in r.stderr
    r = runner.invoke(app, ["import", "terraform", str(path), "--region", "eu-west-1"])
    assert r.exit_code == 0 and 'region: "eu-west-1"' in r.stdout, r.output


# ------------------------------------------------------------------------------------------ ASCII digits only
# Python's \d, int() and float() read other scripts' digits ('٥' Arabic-Indic 5, '５' fullwidth 5) as numbers; no
# Kubernetes, Go or AWS parser does. Each number an importer reads from text is written in the digits 0-9, or refused
# with a message naming the field (exit 2 via the CLI), never read as a number.


@pytest.mark.parametrize("digit", ["٥", "５", "5\u3000"])
def test_k8s_keda_paused_replicas_reads_only_ascii_digits(tmp_path, digit):
    path = _write(tmp_path, "p.yaml", _keda_docs(_scaled_object(
        {"maxReplicaCount": 10}, annotations={"autoscaling.keda.sh/paused-replicas": digit})))
    with pytest.raises(WorkloadError, match=r"metadata\.annotations\.autoscaling\.keda\.sh/paused-replicas: .* is not "
                       r"valid; KEDA takes a whole number of replicas written in the digits 0-9"):
        import_k8s(path)
    r = runner.invoke(app, ["import", "k8s", str(path)])
    assert r.exit_code == 2 and "digits 0-9" in r.output and "Traceback" not in r.output
    # the same annotation in ASCII digits is read
    ok = _write(tmp_path, "ok.yaml", _keda_docs(_scaled_object(
        {"maxReplicaCount": 10}, annotations={"autoscaling.keda.sh/paused-replicas": "5"})))
    assert import_k8s(ok).workload.services[0].replicas == 5


@pytest.mark.parametrize("schedule", ["@every ٥m", "@every ５m", "@every 1h٣٠m"])
def test_k8s_every_duration_reads_only_ascii_digits(tmp_path, schedule):
    with pytest.raises(CronError, match="digits 0-9"):
        runs_per_month(schedule)
    assert runs_per_month("@every 5m") == pytest.approx(730 * 12)  # the same in ASCII: every 5 minutes
    cj = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "j", "annotations": {
        "advisor/minutes-per-run": "1"}}, "spec": {"schedule": schedule, "jobTemplate": {"spec": {"template": {"spec": {
            "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}}}]}}}}}}
    path = _write(tmp_path, "cj.yaml", yaml.safe_dump(cj, allow_unicode=True))
    r = runner.invoke(app, ["import", "k8s", str(path)])
    assert r.exit_code == 2 and "spec.schedule" in r.output and "digits 0-9" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize("value", ["٥", "１２", "1_0"])
def test_k8s_numeric_annotations_read_only_ascii_decimal_numbers(tmp_path, value):
    cj = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "j", "annotations": {
        "advisor/minutes-per-run": value}}, "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {
            "spec": {"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "250m",
                                                                                          "memory": "512Mi"}}}]}}}}}}
    path = _write(tmp_path, "cj.yaml", yaml.safe_dump(cj, allow_unicode=True))
    with pytest.raises(WorkloadError, match=r"metadata\.annotations\.advisor/minutes-per-run: .* is not valid; give a "
                       r"number"):
        import_k8s(path)
    r = runner.invoke(app, ["import", "k8s", str(path)])
    assert r.exit_code == 2 and "Traceback" not in r.output


# ------------------------------------------------------------ ECS placement constraints and host devices (issue 26)

def _placed(tmp_path, constraints=None, *, runtime=None, image="x", devices=None, name="w", services=None, mode=None):
    """One EC2 task definition (0.5 vCPU / 1 GiB, bridge unless ``mode``) with the given placement constraints and
    devices."""
    c = {"name": "a", "image": image, "memory": 512}
    if devices is not None:
        c["linuxParameters"] = {"devices": devices}
    td = {"family": name, "cpu": "512", "memory": "1024", "requiresCompatibilities": ["EC2"],
          "containerDefinitions": [c]}
    if constraints is not None:
        td["placementConstraints"] = constraints
    if runtime is not None:
        td["runtimePlatform"] = runtime
    if mode is not None:
        td["networkMode"] = mode
    p = _write(tmp_path, "td.json", td)
    return import_taskdef(p, _write(tmp_path, "svc.json", services) if services is not None else None)


def _member(expression: str) -> list[dict]:
    return [{"type": "memberOf", "expression": expression}]


def test_placement_constraint_on_one_instance_type_becomes_the_fleet_types(tmp_path):
    """Amazon ECS Developer Guide, "Amazon ECS task placement constraints": memberOf with the cluster query language
    restricts the container instances a task is placed on; the fleet is one for all services, so a restriction every
    service shares becomes ec2.allowed_types (here the one service of the input)."""
    res = _placed(tmp_path, _member("attribute:ecs.instance-type in [m5.large, 'm5.xlarge']"))
    assert res.ec2 == {"allowed_types": ["m5.large", "m5.xlarge"]}
    assert res.workload.ec2.allowed_types == ["m5.large", "m5.xlarge"]
    [note] = [n for n in res.notes if "ec2.allowed_types is set" in n]
    assert "attribute:ecs.instance-type in [m5.large, 'm5.xlarge']" in note
    assert "ec2:\n  allowed_types: [\"m5.large\", \"m5.xlarge\"]\n" in _roundtrip(res)
    # the ECS on EC2 fleet uses only those types: 2 nodes (ec2.min_nodes) of m5.large (0.096/h in us-east-1)
    # x 730 h = 140.16 + 2 x 30 GiB gp3 root volumes x 0.08 = 4.80 -> 144.96
    est = compare(res.workload, platforms=["ecs-ec2"], scaling=False).estimate("ecs-ec2")
    assert {ln.instance_type for ln in est.lines if ln.instance_type} == {"m5.large"}
    assert est.monthly_cost == pytest.approx(2 * 730 * 0.096 + 2 * 30 * 0.08, abs=1e-6)


def test_placement_types_other_services_do_not_share_are_the_service_own(tmp_path):
    from advisor.sizing.fleet import plan_fleet

    td = {"family": "w", "cpu": "512", "memory": "1024", "containerDefinitions": [{"name": "a", "image": "x"}],
          "placementConstraints": _member("attribute:ecs.instance-type == c5.large")}
    other = {"family": "o", "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a", "image": "x"}]}
    res = import_taskdef(_write(tmp_path, "td.json", [td, other]))
    assert res.ec2 == {}
    [note] = [n for n in res.notes if n.startswith("w: ECS runs its tasks only on")]
    assert "the instance type(s) c5.large" in note and "Written as its instance_types" in note
    w, o = res.workload.services
    assert (w.instance_types, o.instance_types) == (["c5.large"], None)
    assert 'instance_types: ["c5.large"]' in _roundtrip(res)
    # the ECS on EC2 fleet places w's task on a c5.large, o's anywhere
    plan = plan_fleet(res.workload, "ecs-ec2")
    holding = {n.instance_type for n in plan.result.nodes if n.placements.get("w")}
    assert holding == {"c5.large"}


def test_placement_pattern_and_compound_expressions_are_noted(tmp_path):
    res = _placed(tmp_path, _member("attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-zone != "
                                    "us-east-1d") + _member("task:group == databases or runningTasksCount == 0"))
    assert res.ec2 == {}
    notes = " | ".join(res.notes)
    assert "instance types matching the Java regular expression 't3.*'" in notes
    assert res.workload.services[0].instance_type_pattern == "t3.*"  # read, no longer only noted
    assert "'task:group == databases or runningTasksCount == 0' (or / not / parentheses" in notes
    # the Availability Zone clause does not change the price: a comment, not a note
    assert "us-east-1d" not in notes.replace("'attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-"
                                             "zone != us-east-1d'", "")
    assert any("accepted and ignored" in c and "ecs.availability-zone" in c for c in res.services[0].comments)


def test_placement_architecture_and_os_set_the_task_platform(tmp_path):
    res = _placed(tmp_path, _member("attribute:ecs.cpu-architecture == arm64"))
    assert res.workload.services[0].architecture == "arm64"
    # a Windows-looking image is Linux when the constraint says so: no Windows assumption left
    res = _placed(tmp_path, _member("attribute:ecs.os-type == linux"), image="mcr.microsoft.com/windows/servercore")
    assert res.workload.services[0].os == "linux" and res.assumptions == []
    res = _placed(tmp_path, _member("attribute:ecs.os-family == WINDOWS_SERVER_2022_CORE"))
    assert res.workload.services[0].os == "windows" and res.assumptions == []


@pytest.mark.parametrize("constraints, runtime, fragment", [
    (_member("attribute:ecs.cpu-architecture == ARM64"), None,
     "placementConstraints[0].expression: 'ARM64' is not a value of ecs.cpu-architecture (x86_64 or arm64, Amazon ECS "
     "Developer Guide, 'Amazon ECS task placement constraints'); did you mean 'arm64'?"),
    (_member("attribute:ecs.os-type == Linux"), None, "did you mean 'linux'?"),
    (_member("attribute:ecs.instance-type == M5.large"), None, "'M5.large' is not an EC2 instance type name as ECS "
     "reports it (e.g. 'm5.large'); did you mean 'm5.large'?"),
    (_member("attribute:ecs.instance-type in m5.large"), None, "in takes an argument list, [value1, value2]"),
    (_member("attribute:ecs.cpu-architecture == arm64"), {"cpuArchitecture": "X86_64"},
     "placementConstraints: 'attribute:ecs.cpu-architecture == arm64' places the task on arm64 instances, but "
     "runtimePlatform.cpuArchitecture says x86_64"),
    (_member("attribute:ecs.instance-type == c5.large") + _member("attribute:ecs.cpu-architecture != arm64 and "
                                                                  "attribute:ecs.cpu-architecture != x86_64"), None,
     "leaves no ecs.cpu-architecture a container instance can have"),
    ([{"type": "distinctInstance"}], None, "placementConstraints[0].type: distinctInstance is not valid in a task "
     "definition"),
    ([{"type": "memberOf"}], None, "placementConstraints[0].expression: null is not valid; memberOf needs a cluster "
     "query language expression"),
    ([{"type": "spread", "expression": "x"}], None, "placementConstraints[0].type: 'spread' is not valid; use memberOf"),
    ({"type": "memberOf"}, None, "placementConstraints: must be a list of {type, expression} items"),
    (_member("attribute:ecs.instance-type == t3.small") * 11, None, "lists 11 constraints; ECS takes at most 10"),
])
def test_bad_placement_constraints_name_the_field(tmp_path, constraints, runtime, fragment):
    with pytest.raises(WorkloadError) as exc:
        _placed(tmp_path, constraints, runtime=runtime)
    assert fragment in str(exc.value)
    r = runner.invoke(app, ["compare", str(tmp_path / "td.json")])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_placement_types_that_exclude_each_other_are_an_error(tmp_path):
    svc = [{"serviceName": "web", "taskDefinition": "w", "desiredCount": 2,
            "placementConstraints": _member("attribute:ecs.instance-type == c5.xlarge")}]
    with pytest.raises(WorkloadError, match=r"web: its placement constraints allow no instance type at all"):
        _placed(tmp_path, _member("attribute:ecs.instance-type == c5.large"), services=svc)


def test_service_distinct_instance_is_noted_with_the_instances_it_needs(tmp_path):
    svc = [{"serviceName": "web", "taskDefinition": "w", "desiredCount": 4, "launchType": "EC2",
            "placementConstraints": [{"type": "distinctInstance"}]}]
    res = _placed(tmp_path, None, services=svc)
    [note] = [n for n in res.notes if "distinctInstance" in n]
    assert "places each of its tasks on a different container instance" in note
    assert "one_per_node: every EC2 fleet packs its 4 task(s) on 4 different instances" in note
    assert res.workload.services[0].one_per_node  # the EC2 fleets keep the 4 tasks on 4 instances
    # one task today keeps the rule, as a Kubernetes Deployment of 1 replica does: a sweep that scales it to 4 tasks
    # keeps them on 4 instances (it was dropped, and scaled replicas shared nodes)
    one = _placed(tmp_path, None, services=[{**svc[0], "desiredCount": 1}])
    assert one.workload.services[0].one_per_node
    assert any("one_per_node (one task today; scaled, its tasks stay on different instances)" in n for n in one.notes)
    bad = [{**svc[0], "placementConstraints": [{"type": "distinctInstance", "expression": "x == y"}]}]
    with pytest.raises(WorkloadError, match=r"service \[0\]: placementConstraints\[0\].expression: is not valid with "
                       "distinctInstance"):
        _placed(tmp_path, None, services=bad)


def test_host_devices_rule_out_both_fargates_with_the_ecs_api_reason(tmp_path):
    """ECS API Reference, LinuxParameters devices: "If you're using tasks that use the Fargate launch type, the
    devices parameter isn't supported"; EKS User Guide, "AWS Fargate considerations": "Privileged containers aren't
    supported on Fargate". EC2 still prices the task."""
    res = _placed(tmp_path, None, devices=[{"hostPath": "/dev/fuse", "containerPath": "/dev/fuse"}], mode="awsvpc")
    svc = res.workload.services[0]
    assert svc.host_devices == ["/dev/fuse"] and svc.gpus == 0
    c = compare(res.workload, platforms=["ecs-fargate", "ecs-fargate-spot", "eks-fargate", "ecs-ec2"], scaling=False)
    for p in ("ecs-fargate", "ecs-fargate-spot"):
        [u] = c.estimate(p).unsupported
        assert "the devices parameter isn't supported" in u.reason and "/dev/fuse" in u.reason
    [u] = c.estimate("eks-fargate").unsupported
    assert "Privileged containers aren't supported on Fargate" in u.reason
    assert c.estimate("ecs-ec2").unsupported == [] and c.estimate("ecs-ec2").monthly_cost > 0
    assert any("maps host device(s) (/dev/fuse), which Fargate does not support" in n for n in c.notes)
    with pytest.raises(WorkloadError, match=r"linuxParameters.devices\[0\].hostPath: null is not valid"):
        _placed(tmp_path, None, devices=[{"containerPath": "/dev/fuse"}])


def test_neuron_instance_type_without_a_device_is_an_accelerator_assumption(tmp_path):
    res = _placed(tmp_path, _member("attribute:ecs.instance-type == inf2.xlarge"))
    assert res.workload.services[0].gpus == 1
    [why] = res.assumptions
    assert "AWS Neuron instances (inf2.xlarge" in why and "counted as 1 Neuron device (gpus: 1)" in why
    with pytest.raises(WorkloadError, match="strict mode"):
        res.workload_checked(True)
    # two Neuron devices mapped: 2, no assumption
    res = _placed(tmp_path, _member("attribute:ecs.instance-type == inf1.6xlarge"),
                  devices=[{"hostPath": "/dev/neuron0"}, {"hostPath": "/dev/neuron1"}])
    assert res.workload.services[0].gpus == 2 and res.assumptions == []


def test_cloudformation_task_placement_and_devices_are_read(tmp_path):
    template = {"Resources": {
        "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "fuse", "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["EC2", "FARGATE"],
            "PlacementConstraints": [{"Type": "memberOf", "Expression": "attribute:ecs.cpu-architecture == arm64"}],
            "ContainerDefinitions": [{"Name": "a", "Image": "x",
                                      "LinuxParameters": {"Devices": [{"HostPath": "/dev/fuse"}]}}]}},
        "Svc": {"Type": "AWS::ECS::Service", "Properties": {
            "TaskDefinition": {"Ref": "Task"}, "DesiredCount": 3, "LaunchType": "EC2",
            "PlacementConstraints": [{"Type": "distinctInstance"},
                                     {"Type": "memberOf", "Expression": "attribute:ecs.instance-type =~ m7g.*"}]}}}}
    from advisor.workload.importers import import_cloudformation

    res = import_cloudformation(_write(tmp_path, "t.json", template))
    svc = res.workload.services[0]
    assert (svc.architecture, svc.host_devices, svc.replicas) == ("arm64", ["/dev/fuse"], 3)
    notes = " | ".join(res.notes)
    assert "RequiresCompatibilities FARGATE with LinuxParameters.Devices (/dev/fuse)" in notes  # the template's names
    assert "every EC2 fleet packs its 3 task(s) on 3 different instances" in notes and "Java regular expression 'm7g.*'" in notes
    template["Resources"]["Task"]["Properties"]["PlacementConstraints"][0]["Expression"] = {"Ref": "Expr"}
    template["Parameters"] = {"Expr": {"Type": "String"}}
    with pytest.raises(WorkloadError, match=r"Task: PlacementConstraints\[0\].Expression: !Ref Expr does not resolve"):
        import_cloudformation(_write(tmp_path, "t.json", template))


_TWO_MOUNTS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: gp3}
provisioner: ebs.csi.aws.com
parameters: {type: gp3}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: gp3
  resources: {requests: {storage: 10Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: writer}
spec:
  replicas: 1
  template:
    spec:
      containers: [{name: w, image: x, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
      volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reader}
spec:
  replicas: 1
  template:
    spec:
      containers: [{name: r, image: x, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
      volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


def test_a_claim_two_workloads_mount_is_priced_once_on_eks_and_rules_out_fargate_for_both(tmp_path):
    """One 10 GiB gp3 claim mounted by two Deployments: EKS on EC2 prices it once ($0.08 x 10 = $0.80, with the
    first); EKS on Fargate cannot mount EBS for either (the second was priced there before); ECS attaches an EBS
    volume to each task, so each Deployment's task gets one ($0.80 each)."""
    from advisor.compare import compare

    path = tmp_path / "twice.yaml"
    path.write_text(_TWO_MOUNTS)
    c = compare(path, platforms=["eks-ec2", "eks-fargate", "ecs-ec2"])

    def volumes(platform):
        return {(x.service, round(x.monthly_cost, 6)) for x in c.estimate(platform).lines if "EBS volume" in x.name}

    assert volumes("eks-ec2") == {("writer", 0.8)}
    assert volumes("ecs-ec2") == {("writer", 0.8), ("reader", 0.8)}
    assert sorted(u.service for u in c.estimate("eks-fargate").unsupported) == ["reader", "writer"]
    reader = next(s for s in c.workload.services if s.name == "reader")
    assert reader.persistent_volumes[0].priced_with is not None and reader.persistent_volumes[0].shared


# ------------------------------------------------------------------------------ generic ephemeral volumes


def _ephemeral(name: str, storage="50Gi", **spec) -> dict:
    """A pod volume of a generic ephemeral volume (Kubernetes "Ephemeral Volumes": ephemeral.volumeClaimTemplate)."""
    return {"name": name, "ephemeral": {"volumeClaimTemplate": {"metadata": {"labels": {"type": "scratch"}}, "spec": {
        "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": storage}}, **spec}}}}


def test_k8s_generic_ephemeral_volume_is_one_claim_per_running_pod(tmp_path):
    """A Deployment of 2-10 replicas (an HPA: 6 on average) whose pods each get a 50 GiB claim from
    ephemeral.volumeClaimTemplate (StorageClass gp3 of the EBS CSI driver), and a 5 GiB one of an EFS class (not
    priced). Kubernetes deletes the claim with its pod, so on EKS it is priced for the pods running on average:
    6 x 50 = 300 GB-months x $0.08 = $24.00 (a StatefulSet's claims, which outlive their pods, would be the most
    replicas: 10 x 50 = 500 GB-months, $40.00). ECS attaches one per task: the same 6 x 50 = $24.00. A CronJob's
    volume lives for its runs: 730 / 24 = 30.4167 runs x 60 min = 30.4167 hours x 100 GiB / 730 = 4.1667 GB-months
    = $0.3333."""
    deploy = yaml.safe_load(_deploy([_c("app", "500m", "1Gi")], name="cache"))
    deploy["spec"]["template"]["spec"]["volumes"] = [_ephemeral("scratch", storageClassName="gp3"),
                                                     _ephemeral("shared-files", "5Gi", storageClassName="efs")]
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "cache"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "cache"},
                    "minReplicas": 2, "maxReplicas": 10}}
    cron = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {
        "name": "nightly", "annotations": {"advisor/minutes-per-run": "60"}}, "spec": {
        "schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {"spec": {
            "restartPolicy": "Never", "containers": [_c("job", "1", "2Gi")], "volumes": [_ephemeral("work", "100Gi")]}}}}}}
    path = _manifests(tmp_path, _class("gp3", "ebs.csi.aws.com", type="gp3"), _class("efs", "efs.csi.aws.com"),
                      deploy, hpa, cron)
    res = import_k8s(path)
    cache, nightly = res.workload.services
    assert [(v.name, v.size_gib, v.storage_class, v.shared, v.ephemeral) for v in cache.persistent_volumes] == \
        [("scratch", 50.0, "gp3", False, True)]
    assert [(v.name, v.size_gib, v.ephemeral) for v in nightly.persistent_volumes] == [("work", 100.0, True)]
    notes = " | ".join(res.workload.input_notes())
    assert "generic ephemeral volumes (a pod volume's ephemeral.volumeClaimTemplate), one PersistentVolumeClaim per " \
           "pod that Kubernetes deletes with the pod" in notes
    assert "generic ephemeral volume shared-files of Deployment default/cache (StorageClass 'efs' (efs.csi.aws.com)" \
           in notes and "a dynamically provisioned EFS claim" in notes
    assert "CronJob default/nightly: work 100 GiB (no storageClassName: the cluster's default StorageClass, which " \
           "the input does not hold: assumed to be EBS)" in notes
    _roundtrip(res)
    c = compare(res.workload, platforms=["eks-ec2", "ecs-fargate", "eks-fargate"], scaling=False)
    lines = {p: {(ln.service, round(ln.quantity, 4), round(ln.monthly_cost, 4)) for ln in c.estimate(p).lines
                 if ln.name.startswith("EBS volume")} for p in ("eks-ec2", "ecs-fargate")}
    assert lines == {p: {("cache", 300.0, 24.0), ("nightly", 4.1667, 0.3333)} for p in ("eks-ec2", "ecs-fargate")}
    # EKS on Fargate cannot mount EBS volumes: both services are not priced there
    assert {(u.service, "need Amazon EBS" in u.reason) for u in c.estimate("eks-fargate").unsupported} == \
        {("cache", True), ("nightly", True)}


@pytest.mark.parametrize("volume, needles", [
    ({"name": "v", "ephemeral": {}}, ["spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate: is missing",
                                      "Required, must not be nil"]),
    ({"name": "v", "ephemeral": {"volumeClaimTemplate": {"metadata": {}}}},
     ["spec.template.spec.volumes[0].ephemeral.volumeClaimTemplate.spec: is missing"]),
    (_ephemeral("v", storage=None), ["volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests.storage: is "
                                     "missing"]),
    (_ephemeral("v", storage="65Ti"), ["66560 GiB is outside the size range of an EBS gp3 volume (no volume_type: "
                                       "gp3), 1 to 65,536 GiB"]),
    ({"name": "v", "ephemeral": [1]}, ["spec.template.spec.volumes[0].ephemeral: must be a mapping"]),
])
def test_k8s_bad_ephemeral_volumes_are_errors_naming_the_field(tmp_path, volume, needles):
    deploy = yaml.safe_load(_deploy([_c("app", "500m", "1Gi")], name="cache"))
    deploy["spec"]["template"]["spec"]["volumes"] = [volume]
    path = _manifests(tmp_path, deploy)
    r = runner.invoke(app, ["compare", str(path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and all(n in out for n in needles), r.output


def test_k8s_daemonset_ephemeral_volume_is_noted_not_priced(tmp_path):
    ds = yaml.safe_load(_deploy([_c("agent", "100m", "128Mi")], name="agent", kind="DaemonSet"))
    del ds["spec"]["replicas"]
    ds["spec"]["template"]["spec"]["volumes"] = [_ephemeral("buffer", "20Gi")]
    res = import_k8s(_manifests(tmp_path, ds, yaml.safe_load(_deploy([_c("app", "500m", "1Gi")]))))
    assert any(n.startswith("DaemonSet default/agent (buffer 20 GiB, no storageClassName") and "one per node: not "
               "priced" in n for n in res.workload.input_notes())


def test_k8s_capacity_type_not_in_spot_keeps_the_pods_off_spot(tmp_path):
    # Karpenter "Scheduling": karpenter.sh/capacity-type takes spot, on-demand, reserved; NotIn [spot] leaves
    # on-demand and reserved, so the pods never run on Spot (it was a note that the rule was not modelled, spot: true)
    docs = [_selecting("pay", 2, terms=[_term(("karpenter.sh/capacity-type", "NotIn", ["spot"]))]),
            _selecting("ledger", 2, terms=[_term(("eks.amazonaws.com/capacityType", "NotIn", ["SPOT"]))]),
            # NotIn [on-demand, reserved]: Spot only, still spot-tolerant
            _selecting("batch", 1, terms=[_term(("karpenter.sh/capacity-type", "NotIn", ["on-demand", "reserved"]))])]
    res = import_k8s(_manifests(tmp_path, *docs))
    assert {s.name: s.spot for s in res.workload.services} == {"pay": False, "ledger": False, "batch": True}
    assert not any("is not modelled" in n for n in res.notes)
    text = _roundtrip(res)
    assert "node affinity karpenter.sh/capacity-type NotIn [spot]: runs on on-demand / reserved nodes only" in text


@pytest.mark.parametrize("expr, message", [
    (("karpenter.sh/capacity-type", "NotIn", ["Spot"]), r"matchExpressions\[0\].values: karpenter.sh/capacity-type: "
     r"'Spot' is not a value nodes carry \(spot, on-demand, reserved; .*Did you mean 'spot'\? NotIn with it keeps the "
     r"pod off no node"),
    (("node.kubernetes.io/instance-type", "in", ["m5.large"]), r"matchExpressions\[0\].operator: 'in' is not valid; a "
     r"node selector requirement takes In, NotIn, Exists, DoesNotExist, Gt, Lt .*Did you mean 'In'\?"),
    (("kubernetes.io/arch", "Equals", ["arm64"]), r"matchExpressions\[0\].operator: 'Equals' is not valid"),
])
def test_k8s_node_affinity_slips_are_errors_naming_the_field(tmp_path, expr, message):
    """an operator the API server refuses was skipped (the pod priced as if free to run anywhere), and NotIn with a
    value no node carries excluded nothing"""
    with pytest.raises(WorkloadError, match=message) as err:
        import_k8s(_manifests(tmp_path, _selecting("api", 2, terms=[_term(expr)])))
    assert "spec.template.spec.affinity.nodeAffinity...nodeSelectorTerms[0]" in str(err.value)


def test_k8s_pods_held_to_graviton_types_are_arm64(tmp_path):
    """a pod held to m7g.large (or the c7g family) runs on arm64 nodes whatever kubernetes.io/arch says not: it was
    imported as x86_64, which no EC2 fleet could place on its types ('no priced x86_64 instance type ... matches
    ec2.allowed_types ['m7g.large']'); a mixed or x86_64 set keeps x86_64, an explicit arch is kept"""
    docs = [_selecting("grav", 2, {"node.kubernetes.io/instance-type": "m7g.large"}),
            _selecting("fam", 2, terms=[_term(("karpenter.k8s.aws/instance-family", "In", ["c7g", "r7g"]))]),
            _selecting("mixed", 2, terms=[_term(("node.kubernetes.io/instance-type", "In", ["m7g.large", "m6i.large"]))]),
            _selecting("intel", 2, {"node.kubernetes.io/instance-type": "m6i.large"}),
            _selecting("said", 2, {"node.kubernetes.io/instance-type": "m7g.large", "kubernetes.io/arch": "amd64"})]
    res = import_k8s(_manifests(tmp_path, *docs))
    arch = {s.name: s.architecture for s in res.workload.services}
    assert arch == {"grav": "arm64", "fam": "arm64", "mixed": "x86_64", "intel": "x86_64", "said": "x86_64"}
    text = _roundtrip(res)
    assert "its instance types m7g.large are arm64 (Graviton) only, so its pods run on arm64 nodes" in text
    assert "its instance families c7g, r7g are arm64 (Graviton) only" in text
    # m7g.large, 2 x (0.5 vCPU, 1 GiB) pods and CoreDNS: the EKS on EC2 fleet prices grav on m7g.large nodes
    (tmp_path / "one").mkdir()
    one = import_k8s(_manifests(tmp_path / "one", docs[0]))
    est = compare(one.workload, platforms=["eks-ec2"], scaling=False).estimate("eks-ec2")
    assert est.complete and {ln.instance_type for ln in est.lines if ln.instance_type} == {"m7g.large"}


def test_terraform_kubernetes_deployment_held_to_graviton_types_is_arm64(tmp_path):
    from test_iac import _plan

    from advisor.workload.importers.terraform import import_terraform

    pod = {"node_selector": {"node.kubernetes.io/instance-type": "c7g.xlarge"},
           "container": [{"name": "app", "image": "x", "resources": [{"requests": {"cpu": "500m", "memory": "1Gi"}}]}]}
    plan = _plan([{"address": "kubernetes_deployment.app", "values": {
        "metadata": [{"name": "app", "namespace": "default"}], "spec": [{"replicas": "2", "template": [{"spec": [pod]}]}]}}])
    res = import_terraform(_write(tmp_path, "plan.json", plan))
    [svc] = res.workload.services
    assert svc.architecture == "arm64" and res.ec2 == {"allowed_types": ["c7g.xlarge"]}


@pytest.mark.parametrize("mode", ["awsvpc", "bridge", "host"])
@pytest.mark.parametrize("field, value", [("hostPort", -1), ("hostPort", 70000), ("containerPort", "http")])
def test_a_port_out_of_range_is_refused_in_every_network_mode(tmp_path, mode, field, value):
    # awsvpc skipped the check the other modes make (hostPort -1 imported without a word; ECS refuses it)
    pm = {"containerPort": 80, "hostPort": 80, field: value}
    td = {"family": "x", "networkMode": mode, "cpu": "256", "memory": "512", "requiresCompatibilities": ["EC2"],
          "containerDefinitions": [{"name": "app", "image": "x", "portMappings": [pm]}]}
    with pytest.raises(WorkloadError, match=rf"portMappings\[0\]\.{field}: .* is not a port; use 1-65535"):
        import_taskdef(_write(tmp_path, "td.json", td))


def test_k8s_claim_template_and_mounted_claim_of_one_name_stay_two_volumes(tmp_path):
    """A workload's persistent_volumes names are unique per service (a repeat would be priced twice): a StatefulSet's
    claim template 'data' and a PersistentVolumeClaim 'data' its pods mount under another volume name are two volumes,
    so one is named with what it is: the claim keeps its name (other services' priced_with refers to a shared claim by
    it), the template is 'data (template)'."""
    docs = [
        {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
         "spec": {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "5Gi"}}}},
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"}, "spec": {
            "replicas": 2, "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}}],
            "template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}],
                                  "volumes": [{"name": "common", "persistentVolumeClaim": {"claimName": "data"}}]}}}}]
    path = tmp_path / "sts.yaml"
    path.write_text(yaml.safe_dump_all(docs))
    w = import_k8s(path).workload
    assert [(v.name, v.size_gib, v.shared) for v in w.services[0].persistent_volumes] == [
        ("data (template)", 10, False), ("data", 5, True)]


@pytest.mark.parametrize("doc, words", [
    ("apiVersion: apps/v1\nkind: [1]\nmetadata: {name: web}\n", "kind: is a list, not text"),   # reported: "is missing"
    ("apiVersion: apps/v1\nmetadata: {name: web}\n", "kind: is missing"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: [a]}\nspec: {}\n",
     "metadata.namespace: is a list, not text"),   # was read as 'default'
])
def test_k8s_kind_present_but_not_text_is_not_called_missing(tmp_path, doc, words):
    with pytest.raises(WorkloadError, match=re.escape(words)):
        import_k8s(_write(tmp_path, "k.yaml", doc))


def test_k8s_service_names_tell_kinds_apart_when_namespace_and_name_collide(tmp_path):
    """Reported: Deployment a/web, Deployment b/web and StatefulSet a/web were named web, b/web and a/web -- 'a/web'
    was the StatefulSet, not the Deployment in namespace a. A name is unique per kind and namespace only."""
    pod = {"template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}
    docs = [{"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "web", "namespace": ns}, "spec": pod}
            for kind, ns in (("Deployment", "a"), ("Deployment", "b"), ("StatefulSet", "a"))]
    res = import_k8s(_write(tmp_path, "k.yaml", yaml.safe_dump_all(docs)))
    assert [s.name for s in res.workload.services] == ["web", "b/web", "a/web (StatefulSet)"]


@pytest.mark.parametrize("api, kind, right", [
    ("apps/v1", "Deploymnet", "Deployment"), ("apps/v1", "Statefulset", "StatefulSet"),
    ("apps/v1", "DeamonSet", "DaemonSet"), ("batch/v1", "Cronjob", "CronJob"), ("v1", "Pods", "Pod"),
    ("autoscaling/v2", "HorizontalPodAutoScaler", "HorizontalPodAutoscaler"),
    ("v1", "PersistantVolumeClaim", "PersistentVolumeClaim"), (None, "deployment", "Deployment"),
])
def test_a_misspelt_builtin_kind_is_refused_with_the_spelling(tmp_path, api, kind, right):
    """A kind of a built-in group that Kubernetes does not have ('no matches for kind "Deploymnet" in version
    "apps/v1"', as kubectl says) used to be counted as "skipped (no compute to price): 1 Deploymnet", so a typo
    beside other workloads dropped its pods from the estimate without an error."""
    doc = {"kind": kind, "metadata": {"name": "web"},
           "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x"}]}}}}
    if api:
        doc["apiVersion"] = api
    ok = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
          "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x",
                                                          "resources": {"requests": {"cpu": "1"}}}]}}}}
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump_all([ok, doc]))
    with pytest.raises(WorkloadError) as e:
        import_k8s(p)
    assert f"kind: '{kind}' is not a Kubernetes kind" in str(e.value)
    assert f"did you mean '{right}'?" in str(e.value)


def test_real_kinds_close_to_the_kinds_read_are_skipped_as_before(tmp_path):
    """Kinds Kubernetes has (Secret, ServiceAccount, APIService, PodTemplate, ServiceCIDR, a Gateway API
    GatewayClass) are not mistaken for misspellings of Service, Pod or IngressClass; a custom resource's kind (a
    group with a dot that is not a Kubernetes group) is never checked."""
    docs = [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
             "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x",
                                                             "resources": {"requests": {"cpu": "1"}}}]}}}},
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}},
            {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"}},
            {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "pt"}},
            {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "v1.m"}},
            {"apiVersion": "networking.k8s.io/v1", "kind": "ServiceCIDR", "metadata": {"name": "c"}},
            {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass", "metadata": {"name": "g"}},
            {"apiVersion": "example.com/v1", "kind": "Deploymnet", "metadata": {"name": "x"}},
            # custom resources of Kubernetes projects under .k8s.io: the Vertical Pod Autoscaler's CRD
            # (kubernetes/autoscaler, group autoscaling.k8s.io) was refused as a misspelt HorizontalPodAutoscaler
            {"apiVersion": "autoscaling.k8s.io/v1", "kind": "VerticalPodAutoscaler", "metadata": {"name": "vpa"},
             "spec": {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"}}},
            {"apiVersion": "scheduling.sigs.k8s.io/v1alpha1", "kind": "PodGroup", "metadata": {"name": "pg"}}]
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump_all(docs))
    res = import_k8s(p)
    assert [s.data["name"] for s in res.services] == ["api"]
    assert any(n.startswith("skipped (no compute to price):") and "1 Secret" in n and "1 APIService" in n
               and "1 VerticalPodAutoscaler" in n for n in res.notes)


def test_an_object_without_its_namespace_is_named_where_its_autoscaler_or_pod_looks_for_it(tmp_path):
    """A manifest without metadata.namespace is in namespace default; an HPA of namespace shop then finds no
    target, and a Deployment of default no claim of shop. The notes used to say only "is not in the import"; they
    now name the namespace the object is in (the usual cause: one file left its namespace out), and the HPA's
    Deployment is still priced at its own replicas (3), not the HPA's midpoint."""
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "api"},
           "spec": {"replicas": 3, "template": {"spec": {
               "containers": [{"name": "c", "image": "x", "resources": {"requests": {"cpu": "500m"}}}],
               "volumes": [{"name": "up", "persistentVolumeClaim": {"claimName": "uploads"}}]}}}}
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "api",
                                                                                            "namespace": "shop"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "api"},
                    "minReplicas": 3, "maxReplicas": 12}}
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "uploads", "namespace": "shop"},
           "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "50Gi"}}}}
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump_all([dep, hpa, pvc]))
    res = import_k8s(p)
    assert res.services[0].data["replicas"] == 3 and "scaling" not in res.services[0].data
    said = " ".join(res.notes + res.assumptions)
    assert ("HorizontalPodAutoscaler target 'Deployment' shop/'api' is not in the import; ignored (a 'Deployment' of "
            "that name is in namespace default: an autoscaler scales a target in its own namespace only") in said
    assert ("default/uploads (Deployment default/api, spec.template.spec.volumes[0]; a claim of that name is in "
            "namespace shop: pods mount claims of their own namespace only") in said
    assert said.count("a manifest without metadata.namespace is read as namespace default") == 2
    # the target in two other namespaces: both named, each priced without the autoscaler
    other = dict(dep, metadata={"name": "api", "namespace": "prod"})
    p.write_text(yaml.safe_dump_all([dep, other, hpa]))
    said = " ".join(import_k8s(p).notes)
    assert ("(a 'Deployment' of that name is in namespaces default, prod: an autoscaler scales a target in its own "
            "namespace only, so each 'Deployment' is priced without it.") in said


@pytest.mark.parametrize("line, hint", [
    ('  "family": $NAME,', "($NAME is not a JSON value): fill them in first, e.g. 'envsubst"),
    ('  "cpu": ${CPU},', "(${CPU} is not a JSON value)"),
    ('  "family": {{ .Values.name }},', "This looks like a template ({{ ... }})"),
    ('  "family": "x",,', "Check for a trailing comma or a missing quote at that position."),
])
def test_a_task_definition_template_not_filled_in_says_so(tmp_path, line, hint):
    """AWS App Mesh's colorapp task definitions ship as shell templates ("family": $NAME): the bare JSON error did
    not say that a template's variables were never filled in."""
    p = tmp_path / "td.json"
    p.write_text("{\n" + line + '\n  "containerDefinitions": []\n}\n')
    r = CliRunner().invoke(app, ["import", "taskdef", str(p)])
    assert r.exit_code == 2 and "line 2" in r.output and hint in " ".join(r.output.split()), r.output


@pytest.mark.parametrize("name, text, said", [
    # YAML refuses a raw control character anywhere, even quoted: the message said 'YAML syntax error: unacceptable
    # character #x0007 ... Check the indentation and the ':' after each key at that line', with no line given
    ("w.yaml", 'name: "\uff57\x07\x1b[31mred"\nservices: []\n',
     "line 1, column 9: the character U+0007 (a control character) is not allowed in YAML, not even inside "
     "quotes. Delete it"),
    ("w.yaml", 'name: w\nservices:\n  - name: "\u65e5\u672c\x01"\n    cpu: 0.5\n    memory: 1024\n',
     "line 3, column 14: the character U+0001 (a control character)"),
    ("w.yaml", 'name: w\r\nx: "a\x7f"\r\n', "line 2, column 6: the character U+007F (a control character)"),
    # JSON: the message was 'invalid JSON: Invalid control character at. Check for a trailing comma ...'
    ("td.json", '{"family":"a\x01","containerDefinitions":[]}',
     "line 1, column 13: invalid JSON: the control character U+0001 inside a string, where JSON allows it "
     "only as the escape \\u0001; delete it or write the escape."),
    ("td.json", '{"family":"a', "line 1, column 11: invalid JSON: a string that starts here has no closing "
     "quote. Check for"),
])
def test_a_control_character_is_named_with_its_line_and_column(tmp_path, name, text, said):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", newline="")
    r = CliRunner().invoke(app, ["compare", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and f"error: {p}: {said}" in out and "Traceback" not in out, out
    assert "unacceptable character" not in out and " at." not in out, out


@pytest.mark.parametrize("replicas, said", [
    ("1e3", "spec.replicas: 1000.0 is not valid (a decimal number: write it as the whole number 1000); give a whole "
            "number of pods from 0 to 5,000."),
    ("-2", "spec.replicas: -2 is not valid; give a whole number of pods from 0 to 5,000."),
])
def test_a_deployments_replicas_message_gives_the_range(tmp_path, replicas, said):
    """'replicas: 1e3' said '1000.0 is not valid; give a whole number >= 0': not the 5,000 bound, nor the fix."""
    p = tmp_path / "d.yaml"
    p.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: " + replicas
                 + "\n  template:\n    spec:\n      containers:\n        - {name: c, image: x}\n")
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and said in " ".join(r.output.split()), r.output


def test_a_strategy_json_nested_thousands_of_levels_exits_2():
    # Python's JSON parser raised RecursionError: a traceback and exit 1
    r = CliRunner().invoke(app, ["strategy", "distribute", "-d", "3", "[" * 5000 + "]" * 5000])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "strategy JSON nests lists or objects too deep to read (about 1,000 levels); a " \
        'strategy is one list of objects, e.g. [{"capacityProvider": "FARGATE", "base": 2, "weight": 1}].' in out, out


def test_a_strategy_json_error_does_not_say_at_twice():
    """'strategy JSON is not valid JSON (Invalid control character at at position 26)'."""
    r = CliRunner().invoke(app, ["strategy", "distribute", "-d", "3", '[{"capacityProvider":"FARG\x01ATE","weight":1}]'])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and ("strategy JSON is not valid JSON (the control character U+0001 inside a string, "
                                 "where JSON allows it only as the escape \\u0001; delete it or write the escape; "
                                 "character 27)") in out, out
    r = CliRunner().invoke(app, ["strategy", "distribute", "-d", "3", '[{"capacityProvider":"FARGATE","weight":1}'])
    assert r.exit_code == 2 and "(Expecting ',' delimiter; character 43)" in " ".join(r.output.split()), r.output


@pytest.mark.parametrize("where, value", [("workload", "${CPU}"), ("workload", "{{ .Values.cpu }}"),
                                          ("k8s", "${CPU}"), ("taskdef", "${CPU}")])
def test_a_quantity_left_as_a_template_placeholder_says_so(tmp_path, where, value):
    """'cpu: "${CPU}"' said only that it is not a CPU quantity; it is a template never filled in."""
    if where == "workload":
        text = yaml.safe_dump({"name": "w", "services": [{"name": "a", "cpu": value, "memory": 2048}]})
    elif where == "k8s":
        text = yaml.safe_dump({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {
            "selector": {"matchLabels": {"a": "a"}}, "template": {"metadata": {"labels": {"a": "a"}}, "spec": {
                "containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": value}}}]}}}})
    else:
        text = json.dumps({"family": "x", "cpu": value, "memory": "1024",
                           "containerDefinitions": [{"name": "a", "image": "x"}]})
    p = tmp_path / ("in.json" if where == "taskdef" else "in.yaml")
    p.write_text(text)
    r = CliRunner().invoke(app, ["compare", str(p)])
    assert r.exit_code == 2 and "it is a template placeholder that was never filled in" in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_a_container_cpu_or_memory_left_as_a_template_placeholder_says_so(tmp_path):
    """A container definition's cpu, memory or memoryReservation left as '$MEM' or '{{ .Values.cpu }}' said only
    "'$MEM' is not valid; ECS expects a whole number (MiB)", where the task-level cpu and memory say the template
    was never filled in."""
    for key, value in (("memory", "$MEM"), ("memoryReservation", "${MEM}"), ("cpu", "{{ .Values.cpu }}")):
        f = tmp_path / "td.json"
        f.write_text(json.dumps({"family": "f", "cpu": "256", "memory": "512",
                                 "containerDefinitions": [{"name": "c", "image": "x", key: value}]}))
        with pytest.raises(WorkloadError) as exc:
            import_taskdef(f)
        assert f"containerDefinitions[0].{key}" in str(exc.value) and "template placeholder" in str(exc.value), exc.value


def test_a_kustomize_component_given_alone_is_said_to_be_one(tmp_path):
    """microservices-demo's components/google-cloud-operations given alone was priced without a word that it is a
    Component (kustomize refuses it when its patches find no target); an ordinary kustomization gets no such note."""
    from advisor.workload.importers.k8s import import_k8s

    (tmp_path / "d.yaml").write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"}, "spec": {
            "selector": {"matchLabels": {"a": "a"}}, "template": {"metadata": {"labels": {"a": "a"}}, "spec": {
                "containers": [{"name": "a", "image": "x",
                                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}}))
    k = tmp_path / "kustomization.yaml"
    k.write_text("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [d.yaml]\n")
    assert any("is a kustomize Component (kind: Component)" in n for n in import_k8s(tmp_path).notes)
    k.write_text("resources: [d.yaml]\n")
    assert not any("kustomize Component" in n for n in import_k8s(tmp_path).notes)


def test_kustomize_common_annotations_are_applied(tmp_path):
    """commonAnnotations was noted as not applied, though advisor reads annotations (a Service's load balancer type):
    a folder whose kustomization sets service.beta.kubernetes.io/aws-load-balancer-type read the Service without it
    (an assumption about the controller), while 'kubectl kustomize DIR | advisor compare -' read it. kustomize sets
    it on every object and pod template, its value replacing the object's own."""
    from advisor.workload.importers.k8s import import_k8s

    (tmp_path / "s.yaml").write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "annotations": {
            "service.beta.kubernetes.io/aws-load-balancer-type": "bogus"}},
        "spec": {"type": "LoadBalancer", "selector": {"app": "web"}, "ports": [{"port": 80}]}}))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {
            "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                "containers": [{"name": "web", "image": "x",
                                "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}}))
    k = tmp_path / "kustomization.yaml"
    k.write_text(yaml.safe_dump({"resources": ["d.yaml", "s.yaml"], "commonAnnotations": {
        "service.beta.kubernetes.io/aws-load-balancer-type": "external"}}))
    res = import_k8s(tmp_path)
    notes = " ".join(res.notes + res.assumptions)
    assert "applied commonAnnotations" in notes and "not applied: commonAnnotations" not in notes
    assert "Assumed the AWS Load Balancer Controller" not in notes and "bogus" not in notes
    assert res.workload.shared.network_load_balancers.count == 1
    k.write_text(yaml.safe_dump({"resources": ["d.yaml"], "commonAnnotations": {"a": None}}))
    with pytest.raises(WorkloadError, match=r"commonAnnotations.a: must be text \(quote it\)"):
        import_k8s(tmp_path)


def _kdeploy(name: str, cpu: str = "100m", memory: str = "128Mi", replicas: int = 1) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "template": {
                "metadata": {"labels": {"app": name}}, "spec": {"containers": [
                    {"name": "main", "image": "x", "resources": {"requests": {"cpu": cpu, "memory": memory}}}]}}}}


def test_kustomize_components_apply_after_the_resources_in_kustomize_order(tmp_path):
    """kustomize's accumulateTarget (api/internal/target/kusttarget.go): the overlay's resources, then each component
    in turn (its resources, then its transformers over everything built so far: patchesStrategicMerge, patches,
    namespace, prefix/suffix, annotations, patchesJson6902, replicas), then the overlay's own transformers. The
    components were read unpatched: web stayed at 1 replica / 100m, db was priced though the component deletes it."""
    base, comp, comp2, over = (tmp_path / n for n in ("base", "comp", "comp2", "overlay"))
    for d in (base, comp, comp2, over):
        d.mkdir()
    (base / "app.yaml").write_text(yaml.safe_dump_all([_kdeploy("web"), _kdeploy("db")]))
    (base / "kustomization.yaml").write_text("resources: [app.yaml]\n")
    (comp / "worker.yaml").write_text(yaml.safe_dump(_kdeploy("worker", "250m", "256Mi")))
    (comp / "size.yaml").write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {
            "containers": [{"name": "main", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}]}}}}))
    (comp / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [worker.yaml]\n"
        "patchesStrategicMerge: [size.yaml]\n"
        "patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: db}\n"
        "    $patch: delete\n"
        "- target: {kind: Deployment, labelSelector: app=worker}\n  patch: |-\n"
        "    - op: replace\n      path: /spec/replicas\n      value: 4\n"
        "namePrefix: c-\nreplicas: [{name: web, count: 2}]\n")
    # the second component sees the first one's names (c-web) and its replicas; the overlay's own replicas run last
    (comp2 / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
        "patchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: c-web}\n  patch: |-\n"
        "    - op: replace\n      path: /spec/template/spec/containers/0/resources/requests/cpu\n      value: 750m\n")
    (over / "kustomization.yaml").write_text("resources: [../base]\ncomponents: [../comp, ../comp2]\n"
                                             "replicas: [{name: c-worker, count: 3}]\n")
    res = import_k8s(over)
    got = {s.name: (s.data["cpu"], s.data["memory"], s.data["replicas"]) for s in res.services}
    assert got == {"c-web": (0.75, 1024, 2), "c-worker": (0.25, 256, 3)}
    assert not res.assumptions
    assert any(n.endswith("overlay/kustomization.yaml: kustomize: read the 1 listed resource(s), applied components, "
                          "replicas") for n in res.notes), res.notes
    # the overlay's own patches run after its components (runTransformers after accumulateComponents): p.yaml names
    # the base's 'web', which the component renamed c-web (kustomize finds a patch's target by any earlier id), and
    # sets its memory to 2Gi; its cpu stays comp2's 750m and its replicas comp's 2
    (over / "kustomization.yaml").write_text("resources: [../base]\ncomponents: [../comp, ../comp2]\n"
                                             "patches: [{path: p.yaml}]\nreplicas: [{name: c-worker, count: 3}]\n")
    (over / "p.yaml").write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"template": {"spec": {
            "containers": [{"name": "main", "resources": {"requests": {"memory": "2Gi"}}}]}}}}))
    res = import_k8s(over)
    got = {s.name: (s.data["cpu"], s.data["memory"], s.data["replicas"]) for s in res.services}
    assert got == {"c-web": (0.75, 2048, 2), "c-worker": (0.25, 256, 3)} and not res.assumptions


@pytest.mark.parametrize("component, says", [
    ("kind: Kustomization\n", "its kind is 'Kustomization', so kustomize refuses the build"),
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- patch: |-\n"
     "    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: nope}\n    spec: {replicas: 2}\n",
     "patches[0]: patches apps/v1 Deployment nope, which is not in this build"),
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- patch: |-\n"
     "    - {op: replace, path: /spec/replicas, value: 2}\n", "is a JSON 6902 patch (a list of operations) without a "
     "target"),
    ("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- target: {kind: Deployment}\n"
     "  patch: |-\n    - {op: remove, path: /spec/nothing}\n", "cannot be applied to Deployment web"),
])
def test_kustomize_component_errors_exit_2_naming_the_entry(tmp_path, component, says):
    (tmp_path / "c").mkdir()
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web")))
    (tmp_path / "c" / "kustomization.yaml").write_text(component)
    (tmp_path / "o" / "kustomization.yaml").write_text("resources: [web.yaml]\ncomponents: [../c]\n")
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path / "o")])
    assert r.exit_code == 2 and says in r.output and "Traceback" not in r.output, r.output


def test_a_kustomization_s_own_patches_run_in_kustomize_s_transformer_order(tmp_path):
    """kustomize's runTransformers (api/internal/target/kusttarget_configplugin.go, configureBuiltinTransformers):
    patchesStrategicMerge, patches, namespace, namePrefix/nameSuffix, labels, annotations, patchesJson6902, replicas.
    The overlay's own patches were only noted (an assumption) and the folder priced unpatched."""
    from advisor.workload.importers.k8s import import_k8s

    base, over = tmp_path / "base", tmp_path / "over"
    base.mkdir()
    over.mkdir()
    (base / "app.yaml").write_text(yaml.safe_dump_all([_kdeploy("web"), _kdeploy("api")]))
    (base / "kustomization.yaml").write_text("resources: [app.yaml]\nnamespace: shop\n")
    # a strategic merge patch runs before the overlay's namePrefix: it names 'web' (its id before the base's
    # namespace: no namespace), and sets 2 replicas and a 1Gi memory request (cpu stays 100m)
    (over / "size.yaml").write_text(yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}, "spec": {"replicas": 2, "template": {
            "spec": {"containers": [{"name": "main", "resources": {"requests": {"memory": "1Gi"}}}]}}}}))
    (over / "kustomization.yaml").write_text(
        "resources: [../base]\nnamePrefix: p-\npatchesStrategicMerge: [size.yaml]\n"
        # a targeted strategic merge patch keeps the object's name (its own metadata.name is ignored)
        "patches:\n- target: {kind: Deployment, name: api}\n  patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n"
        "    metadata: {name: not-important}\n    spec: {replicas: 5}\n"
        # a target that selects nothing changes nothing, as in kustomize (a note)
        "- target: {kind: StatefulSet}\n  patch: |-\n    - {op: replace, path: /spec/replicas, value: 9}\n"
        # patchesJson6902 runs after namePrefix: p-api is the name by then; replicas runs last
        "patchesJson6902:\n- target: {group: apps, version: v1, kind: Deployment, name: p-api}\n  patch: |-\n"
        "    - {op: replace, path: /spec/template/spec/containers/0/resources/requests/cpu, value: 300m}\n"
        "replicas: [{name: web, count: 4}]\n")
    res = import_k8s(over)
    got = {s.name: (s.data["cpu"], s.data["memory"], s.data["replicas"]) for s in res.services}
    # p-web: 100m, 1Gi from size.yaml, replicas 4 (the replicas field runs after size.yaml's 2); p-api: 300m from the
    # JSON patch, 128Mi, 5 replicas from the targeted patch
    assert got == {"p-web": (0.1, 1024, 4), "p-api": (0.3, 128, 5)}
    assert not res.assumptions
    assert any("over/kustomization.yaml: patches[1] selects nothing in this build (target kind StatefulSet)" in n
               for n in res.notes), res.notes
    assert any(n.endswith("over/kustomization.yaml: kustomize: read the 1 listed resource(s), applied "
                          "patchesStrategicMerge, patches, patchesJson6902, namePrefix, replicas") for n in res.notes)


@pytest.mark.parametrize("patch, says", [
    # kustomize finds an untargeted patch by apiVersion, kind and name: extensions/v1beta1 is not apps/v1
    ("patchesStrategicMerge:\n- |-\n  apiVersion: extensions/v1beta1\n  kind: Deployment\n  metadata: {name: web}\n"
     "  spec: {replicas: 2}\n", "patchesStrategicMerge[0]: patches extensions/v1beta1 Deployment web, which is not in "
     "this build"),
    ("patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web, namespace: b}\n"
     "    spec: {replicas: 2}\n", "patches[0]: patches apps/v1 Deployment b/web, which is not in this build"),
    # both bases' web had the id Deployment default/web before their namespace: kustomize's GetById finds two
    ("patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n"
     "    spec: {replicas: 2}\n", "patches[0]: patches apps/v1 Deployment web, which names 2 objects of this build"),
    ("patchesJson6902:\n- target: {kind: Deployment, name: web}\n  patch: |-\n"
     "    - {op: test, path: /spec/replicas, value: 7}\n", "patchesJson6902[0]: cannot be applied to Deployment web"),
    ("patches:\n- target: {kind: Deployment}\n", "patches[0]: has neither 'path' (a patch file) nor 'patch'"),
    # without a target a patch is found by its apiVersion, kind and name: it said 'patches None None web'
    # kustomize reads these as strings: 'namespace: [a]' was blamed on web.yaml's metadata.namespace, and
    # 'namePrefix: 5' renamed web to 5web
    ("namespace: [a]\n", "namespace: must be text, got a list; kustomize refuses the build. Write it as text "
     "(namespace: shop)"),
    ("namePrefix: 5\n", "namePrefix: must be text, got a number (5); kustomize refuses the build"),
    ("nameSuffix: {a: 1}\n", "nameSuffix: must be text, got a mapping"),
    # the error named web.yaml's metadata.name, which is 3 characters long
    ("namePrefix: " + "p" * 251 + "\n", "namePrefix: makes Deployment 'web' (web.yaml) a name of 254 characters, longer "
     "than the 253 Kubernetes allows"),
    ("patchesStrategicMerge:\n- |-\n  metadata: {name: web}\n  spec: {replicas: 2}\n",
     "patchesStrategicMerge[0]: has no apiVersion or kind (text); a strategic merge patch without a target finds its "
     "object by apiVersion, kind and metadata.name"),
    ("patches:\n- patch: |-\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: null\n",
     "patches[0]: has no metadata.name (text)"),
])
def test_a_kustomization_s_patch_that_kustomize_refuses_exits_2_naming_the_file_and_entry(tmp_path, patch, says):
    for ns in ("a", "c"):
        (tmp_path / ns).mkdir()
        (tmp_path / ns / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web")))
        (tmp_path / ns / "kustomization.yaml").write_text(f"resources: [web.yaml]\nnamespace: {ns}\n")
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "kustomization.yaml").write_text("resources: [../a, ../c]\n" + patch)
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path / "o")])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert f"{tmp_path / 'o' / 'kustomization.yaml'}: kustomization: {says}" in r.output.replace("\n", " "), r.output


@pytest.mark.parametrize("op, says", [
    # the jsonpatch library's messages held the whole object ("member 'nothere' not found in {'replicas': 1, ...}")
    ("{op: replace, path: /spec/nothere/x, value: 3}",
     "path '/spec/nothere/x': /spec has no 'nothere' (it holds replicas, selector, template)"),
    # ... or Python's types ("Document '<class 'int'>' does not support indexing, must be mapping/sequence ...")
    ("{op: add, path: /spec/replicas/x, value: 3}",
     "path '/spec/replicas/x': /spec/replicas is a whole number, which holds no 'x'"),
    # ("2 (<class 'int'>) is not equal to tested value 3 (<class 'int'>)")
    ("{op: test, path: /spec/replicas, value: 3}", "the test expects 3 at /spec/replicas, and the object holds 1 there"),
    ("{op: replace, path: /spec/template/spec/containers/5/image, value: x}",
     "/spec/template/spec/containers is a list of 1 item(s), and index 5 is past its end"),
    ("{op: replace, path: /spec/template/spec/containers/-1/image, value: x}",
     "/spec/template/spec/containers is a list, and '-1' is not an index of it"),
    ("{op: add, path: /metadata/labels/a~2b, value: x}",
     "has a '~' that is not ~0 (for ~) or ~1 (for /), the only escapes of an RFC 6901 pointer"),
    ("{op: add, path: spec/replicas, value: 3}", "path 'spec/replicas' does not start with '/'"),
    ("{op: frob, path: /spec/replicas, value: 3}",
     "'frob' is not an RFC 6902 operation; use add, remove, replace, move, copy, test"),
    ("{op: copy, from: /spec/nope, path: /spec/x}", "from '/spec/nope': /spec has no 'nope'"),
])
def test_a_json_6902_operation_that_fails_says_where_its_pointer_stops(tmp_path, op, says):
    (tmp_path / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web")))
    (tmp_path / "kustomization.yaml").write_text(
        f"resources: [web.yaml]\npatches:\n- target: {{kind: Deployment, name: web}}\n  patch: |-\n    - {op}\n")
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert "patches[0]: cannot be applied to Deployment web (operation 0 " in out and says in out, out
    assert "<class" not in out and "{'" not in out, out


def test_json_6902_pointers_with_escapes_and_new_places_apply():
    """~1 is '/' and ~0 is '~' in a key; add, move and copy may name a new key or the end of a list ('-' or its
    length), which the pointer check must not refuse."""
    from advisor.workload.importers import kpatch

    doc = {"metadata": {"labels": {}}, "spec": {"list": [1]}}
    got = kpatch.json6902(doc, [{"op": "add", "path": "/metadata/labels/a~1b~0c", "value": "x"},
                                {"op": "add", "path": "/spec/list/1", "value": 2},
                                {"op": "add", "path": "/spec/list/-", "value": 3},
                                {"op": "copy", "from": "/spec/list", "path": "/spec/copy"},
                                {"op": "move", "from": "/spec/copy", "path": "/spec/moved"},
                                {"op": "test", "path": "/spec/moved/2", "value": 3}])
    assert got == {"metadata": {"labels": {"a/b~c": "x"}}, "spec": {"list": [1, 2, 3], "moved": [1, 2, 3]}}
    with pytest.raises(kpatch.PatchError, match=r"index 4 is past its end"):
        kpatch.json6902(doc, [{"op": "add", "path": "/spec/list/4", "value": 2}])


@pytest.mark.parametrize("patch, says", [
    ("patches:\n- target: {kind: Deployment, name: web}\n  patch: |-\n    - {op: replace, path: /spec/replicas, "
     "value: -4}\n", "web.yaml: document 1, as patched by kustomization.yaml patches[0] (Deployment web): "
     "spec.replicas: -4 is not valid"),
    ("patchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: web}\n  spec:\n"
     "    template:\n      spec:\n        containers:\n        - {name: main, $patch: delete}\n",
     "web.yaml: document 1, as patched by kustomization.yaml patchesStrategicMerge[0] (Deployment web): "
     "spec.template.spec.containers: is missing or empty"),
    ("patches:\n- target: {kind: Deployment}\n  patch: |-\n    - {op: remove, path: /kind}\n",
     "web.yaml: document 1, as patched by kustomization.yaml patches[0]: kind: is missing"),
])
def test_an_error_in_a_patched_object_names_the_patch_as_well_as_the_file(tmp_path, patch, says):
    """The error named web.yaml alone, whose replicas are 1 and which has its container and its kind: what it
    reported was the patch's doing."""
    (tmp_path / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web")))
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\n" + patch)
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path)])
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert f"{tmp_path / says}" in " ".join(r.output.split()), r.output


def test_a_deep_strategic_merge_patch_is_applied_in_time_linear_in_its_size():
    """A patch value where the target has none was cleaned twice at each level: 24 levels took 2^24 calls (half a
    minute), 60 levels never ended."""
    import time

    from advisor.workload.importers import kpatch

    deep: object = 1
    for _ in range(90):
        deep = {"a": deep, "b": [{"$patch": "delete"}, 2], "c": None, "$retainKeys": ["a"]}
    start = time.process_time()
    got = kpatch.strategic_merge({"kind": "Deployment"}, {"spec": deep})
    assert time.process_time() - start < 1
    node = got["spec"]
    for _ in range(90):
        assert set(node) == {"a", "b"} and node["b"] == [2]
        node = node["a"]
    assert node == 1


def test_a_target_pattern_that_backtracks_is_refused_not_a_hang(tmp_path):
    """kustomize matches a target's name as a Go regular expression (time linear in the name); Python's backtracks:
    '(a|aa)+' on a 41-character name did not end."""
    name = "a" * 39 + "-b"
    (tmp_path / "web.yaml").write_text(yaml.safe_dump(_kdeploy(name)))
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [web.yaml]\npatches:\n- target: {kind: Deployment, name: '(a|aa)+'}\n  patch: |-\n"
        "    - {op: replace, path: /spec/replicas, value: 3}\n"
        "- target: {kind: Deployment, name: 'a+-.'}\n  patch: |-\n    - {op: replace, path: /spec/replicas, value: 4}\n")
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert f"patches[0].target: name '(a|aa)+' takes more than 0.25 s to match '{name}'" in out, out
    # an ordinary pattern matches as before
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [web.yaml]\npatches:\n- target: {kind: Deploy.*, name: 'a+-.'}\n  patch: |-\n"
        "    - {op: replace, path: /spec/replicas, value: 4}\n")
    assert [s.data["replicas"] for s in import_k8s(tmp_path).services] == [4]


def test_an_error_in_a_kustomize_folder_with_unapplied_replacements_says_so(tmp_path):
    """An error about a value read from a kustomize folder whose build holds what advisor does not apply (here
    replacements, which can copy a value into any field) says so and gives the command that prices the build."""
    (tmp_path / "web.yaml").write_text(yaml.safe_dump(_kdeploy("web", cpu="999999m")))
    (tmp_path / "kustomization.yaml").write_text("resources: [web.yaml]\nreplacements: [{path: r.yaml}]\n")
    r = CliRunner().invoke(app, ["import", "k8s", str(tmp_path)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert f"read from the kustomize folder {tmp_path} as its resources list it: its replacements are not applied and " \
           f"may change this; check what kustomize builds with 'kubectl kustomize {tmp_path} | advisor compare -'" \
           in r.output.replace("\n", " "), r.output


def test_a_fargate_task_definition_without_a_task_size_is_noted(tmp_path):
    # Amazon ECS Developer Guide, "Choosing Fargate task sizes for Amazon ECS": "For AWS Fargate task definitions,
    # you're required to specify CPU and memory at the task level"; RegisterTaskDefinition refuses one without them
    td = _write(tmp_path, "td.json", {"family": "a", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
                                       "containerDefinitions": [{"name": "c", "cpu": 256, "memory": 1536}]})
    res = import_taskdef(td)
    [note] = [n for n in res.notes if "without a task-level" in n]
    assert "FARGATE without a task-level cpu or memory: ECS would refuse to register it" in note
    # the containers' 0.25 vCPU / 1536 MiB fit 0.25 vCPU / 2 GB, which the note names and ECS on Fargate prices
    assert 'cpu "256", memory "2048"' in note
    assert not res.assumptions  # a note, not an assumption: --strict still prices it
    out = compare(res.workload, scaling=False).to_dict()
    assert out["services"][0]["fargate_size"] == {"vcpu": 0.25, "memory_mib": 2048}
    [fargate] = [p for p in out["platforms"] if p["platform"] == "ecs-fargate"]
    # us-east-1 Linux/x86: 0.25 vCPU x $0.04048 + 2 GB x $0.004445, 730 hours
    assert fargate["monthly_cost"] == pytest.approx(730 * (0.25 * 0.04048 + 2 * 0.004445))
    # memory alone at task level: cpu is still missing
    mem_only = _write(tmp_path, "m.json", {"family": "b", "memory": "1024", "networkMode": "awsvpc",
                                           "requiresCompatibilities": ["EC2", "FARGATE"],
                                           "containerDefinitions": [{"name": "c"}]})
    [note] = [n for n in import_taskdef(mem_only).notes if "without a task-level" in n]
    assert "without a task-level cpu:" in note and 'cpu "256", memory "1024"' in note
    # an EC2-only task definition may leave the task size out
    ec2 = _write(tmp_path, "ec2.json", {"family": "c", "requiresCompatibilities": ["EC2"],
                                        "containerDefinitions": [{"name": "c", "cpu": 256, "memory": 512}]})
    assert not any("without a task-level" in n for n in import_taskdef(ec2).notes)


def test_kustomize_labels_reach_selectors_templates_and_label_selector_patches(tmp_path):
    # kustomize's label transformer (commonlabels.go / metadatalabels.go field specs): commonLabels and labels with
    # includeSelectors reach the pod template and the matchLabels already written in a required anti-affinity; labels
    # without it reach metadata.labels only (includeTemplates: the pod template too). An overlay's patch targeted by
    # labelSelector finds the label its base added.
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                        "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                            {"topologyKey": "kubernetes.io/hostname",
                             "labelSelector": {"matchLabels": {"app": "web"}}}]}},
                        "containers": [{"name": "c", "image": "x",
                                        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}}
    base = tmp_path / "base"
    base.mkdir()
    _write(base, "dep.yaml", yaml.safe_dump(dep))
    _write(base, "kustomization.yaml", "resources: [dep.yaml]\ncommonLabels: {tier: front}\n")
    [svc] = import_k8s(base).workload.services
    assert svc.one_per_node  # {app: web, tier: front} selects the pods, labelled the same

    # an anti-affinity written against {app: web, tier: front}: labels without includeTemplates leave the pod
    # template without tier (the pods are not selected: not kept apart); with includeTemplates they have it
    term = dep["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
    term["labelSelector"]["matchLabels"]["tier"] = "front"
    _write(base, "dep.yaml", yaml.safe_dump(dep))
    _write(base, "kustomization.yaml", "resources: [dep.yaml]\nlabels: [{pairs: {tier: front}}]\n")
    assert not import_k8s(base).workload.services[0].one_per_node
    _write(base, "kustomization.yaml", "resources: [dep.yaml]\nlabels: [{pairs: {tier: front}, includeTemplates: true}]\n")
    assert import_k8s(base).workload.services[0].one_per_node

    _write(base, "kustomization.yaml", "resources: [dep.yaml]\ncommonLabels: {tier: front}\n")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    _write(overlay, "kustomization.yaml", "resources: [../base]\npatches:\n- target: {labelSelector: tier=front}\n"
           "  patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 5\n")
    res = import_k8s(overlay)
    assert res.workload.services[0].replicas == 5
    assert not any("selects nothing" in n or "changes nothing" in n for n in res.workload.input_notes())


_ARM_DS = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: arm-agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions:
                - {key: kubernetes.io/arch, operator: In, values: [ARCH]}
                - {key: kubernetes.io/os, operator: In, values: [linux]}
      containers:
      - name: a
        image: x
        resources: {requests: {cpu: 200m, memory: 256Mi}}
"""


def test_import_reads_a_daemonsets_node_os_and_architecture(tmp_path):
    # Kubernetes "Assigning Pods to Nodes": required node affinity on kubernetes.io/arch and kubernetes.io/os, read as
    # for a service (DaemonSet.architecture / os); both amd64 and arm64 allowed = every node (no field)
    p = tmp_path / "ds.yaml"
    p.write_text(_ARM_DS.replace("ARCH", "arm64"))
    [ds] = import_k8s(p).daemonsets
    assert (ds["name"], ds.get("architecture"), ds.get("os")) == ("arm-agent", "arm64", "linux")
    p.write_text(_ARM_DS.replace("ARCH", "amd64, arm64"))
    [ds] = import_k8s(p).daemonsets
    assert (ds.get("architecture"), ds.get("os")) == (None, "linux")
    p.write_text(_ARM_DS.replace("ARCH", "amd64, arm64").replace(
        "                - {key: kubernetes.io/os, operator: In, values: [linux]}\n", ""))
    [ds] = import_k8s(p).daemonsets
    assert "architecture" not in ds and "os" not in ds


def test_import_of_a_daemonset_architecture_that_is_not_valid_exits_2(tmp_path):
    p = tmp_path / "ds.yaml"
    p.write_text(_ARM_DS.replace("ARCH", "ppc64le"))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "nodeSelectorTerms" in r.output and "ppc64le" in r.output and "use amd64 or arm64" in r.output
    p.write_text(_ARM_DS.replace("ARCH", "arm64").replace("values: [linux]", "values: [Windows]"))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "kubernetes.io/os" in r.output and "use linux or windows" in r.output


def _labelled_base(tmp_path, kustomization: str):
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
                        {"name": "c", "image": "x", "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}}
    base = tmp_path / "base"
    base.mkdir(exist_ok=True)
    _write(base, "dep.yaml", yaml.safe_dump(dep))
    _write(base, "kustomization.yaml", "resources: [dep.yaml]\n" + kustomization)
    return base


def test_kustomize_labels_then_common_labels_as_kustomize_orders_them(tmp_path):
    # kustomize's label transformer applies each labels entry, then commonLabels (kusttarget_configplugin.go,
    # LabelTransformer): a name in both ends with commonLabels' value in metadata.labels, so an overlay's patch
    # targeted at it applies (3 -> 5 replicas). advisor applied commonLabels first: metadata said tier=b and the
    # patch selected nothing
    _labelled_base(tmp_path, "commonLabels: {tier: a}\nlabels: [{pairs: {tier: b}}]\n")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    _write(overlay, "kustomization.yaml", "resources: [../base]\npatches:\n- target: {labelSelector: tier=a}\n"
           "  patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 5\n")
    res = import_k8s(overlay)
    assert res.workload.services[0].replicas == 5
    assert not any("selects nothing" in n for n in res.workload.input_notes())


@pytest.mark.parametrize("labels, fragment", [
    ("[{pairs: {tier: a}, includeSelectors: 'true'}]", "labels[0].includeSelectors: must be true or false, got a "
                                                      "string ('true'), so kustomize refuses the build (write it "
                                                      "without quotes)."),
    ("[{pairs: {tier: a}, includeTemplates: 1}]", "labels[0].includeTemplates: must be true or false, got a number "
                                                  "(1), so kustomize refuses the build."),
    ("[{pairs: {tier: a}, includeSelector: true}]", "labels[0].includeSelector: is not a field of a labels entry "
                                                    "(valid: pairs, includeSelectors, includeTemplates, "
                                                    "includeVolumeClaimTemplates, fields), so kustomize refuses the "
                                                    "build. Did you mean 'includeSelectors'?"),
    ("[{pairs: {tier: a}, fields: spec/x}]", "labels[0].fields: must be a list of field specs (path, kind, create), "
                                             "got a string ('spec/x')."),
    ("[tier]", "labels[0]: must be a mapping (e.g. '- {pairs: {tier: web}, includeSelectors: false}'), got a string "
               "('tier')."),
])
def test_kustomize_labels_entry_kustomize_refuses_exits_2(tmp_path, labels, fragment):
    # a flag that is not a boolean was read as false and a misspelt field as absent: the labels reached
    # metadata.labels only, where kustomize fails the build (it decodes the kustomization strictly)
    base = _labelled_base(tmp_path, f"labels: {labels}\n")
    r = runner.invoke(app, ["import", "k8s", str(base)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert "kustomization: " + fragment in out, out


def test_kustomize_labels_entry_fields_match_case_insensitively(tmp_path):
    # Go's JSON decoder matches IncludeTemplates to includeTemplates, so kustomize accepts it: valid, and applied
    _labelled_base(tmp_path, "labels: [{Pairs: {tier: a}, IncludeTemplates: true}]\n")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    _write(overlay, "kustomization.yaml", "resources: [../base]\npatches:\n- target: {labelSelector: tier=a}\n"
           "  patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 4\n")
    assert import_k8s(overlay).workload.services[0].replicas == 4


def test_auto_mode_node_classes_that_disagree_on_public_addresses(tmp_path):
    # two NodePools on two NodeClasses, one with associatePublicIPAddress true and one false: every Auto Mode node is
    # priced an address (eks_auto_mode.public_ip is one setting), said with both classes named; the note on the types
    # the pools allow no longer ends in an empty '()' when neither pool has a requirement
    docs = [
        {"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "pub"},
         "spec": {"role": "r", "advancedNetworking": {"associatePublicIPAddress": True}}},
        {"apiVersion": "eks.amazonaws.com/v1", "kind": "NodeClass", "metadata": {"name": "priv"},
         "spec": {"role": "r", "advancedNetworking": {"associatePublicIPAddress": False}}},
        *({"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": {"name": n}, "spec": {"template": {"spec": {
            "nodeClassRef": {"group": "eks.amazonaws.com", "kind": "NodeClass", "name": c}, "requirements": []}}}}
          for n, c in (("a", "pub"), ("b", "priv"))),
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
         "spec": {"replicas": 2, "selector": {"matchLabels": {"a": "b"}}, "template": {
             "metadata": {"labels": {"a": "b"}}, "spec": {"containers": [
                 {"name": "c", "image": "x", "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}}]
    p = tmp_path / "am.yaml"
    p.write_text(yaml.safe_dump_all(docs))
    res = import_k8s(p)
    assert res.workload.eks_auto_mode.public_ip is True
    notes = " ".join(res.notes)
    assert "NodeClass pub sets spec.advancedNetworking.associatePublicIPAddress: true" in notes, notes
    assert "priv" in notes and "allowed_types ()" not in notes, notes


@pytest.mark.parametrize("kustomization, fragment", [
    ("commonLabels: {version: 1.10}", "commonLabels.version: must be text (quote it), got a number (1.1): kustomize "
                                      "refuses a label value that is not a string."),
    ("labels: [{pairs: {tier: 2}}]", "labels[0].pairs.tier: must be text (quote it), got a number (2)"),
    ("commonAnnotations: {rev: 7}", "commonAnnotations.rev: must be text (quote it), got a number (7)"),
])
def test_kustomize_label_or_annotation_value_that_is_a_number_exits_2(tmp_path, kustomization, fragment):
    # kustomize decodes the kustomization as JSON into string maps and fails on a number ("cannot unmarshal number
    # into Go struct field ... of type string"); advisor read 1.10 as the label '1.1', which a selector on "1.10"
    # would not match
    base = _labelled_base(tmp_path, kustomization + "\n")
    r = runner.invoke(app, ["import", "k8s", str(base)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Traceback" not in out
    assert "kustomization: " + fragment in out, out


_TYPED_DS = """apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
SELECTOR
      containers:
      - name: a
        image: x
        resources: {requests: {cpu: 200m, memory: 256Mi}}
"""


def _affinity(*exprs: str) -> str:
    return ("      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n"
            "            nodeSelectorTerms:\n            - matchExpressions:\n"
            + "".join(f"              - {e}\n" for e in exprs)).rstrip("\n")


@pytest.mark.parametrize("selector, fields", [
    (_affinity("{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, m5.xlarge]}"),
     {"instance_types": ["m5.large", "m5.xlarge"]}),
    ("      nodeSelector: {beta.kubernetes.io/instance-type: c6i.large}", {"instance_types": ["c6i.large"]}),
    ("      nodeSelector: {karpenter.k8s.aws/instance-family: c7g}", {"instance_families": ["c7g"]}),
    (_affinity("{key: node.kubernetes.io/instance-type, operator: NotIn, values: [t3.micro]}"),
     {"instance_type_pattern": "(?!(?:t3\\.micro)$).*"}),
    # the usual "not on Fargate" rule: every node without the label (node groups) or with auto / hybrid
    (_affinity("{key: eks.amazonaws.com/compute-type, operator: NotIn, values: [fargate]}"),
     {"compute_types": ["ec2", "auto", "hybrid"]}),
    ("      nodeSelector: {eks.amazonaws.com/compute-type: auto}", {"compute_types": ["auto"]}),
    ("      nodeSelector: {role: ingress}", {"node_labels": ["role: ingress"]}),
    (_affinity("{key: karpenter.sh/capacity-type, operator: In, values: [spot]}"),
     {"node_labels": ["karpenter.sh/capacity-type In [spot]"]}),
    ("      nodeSelector: {eks.amazonaws.com/compute-type: ec2}",
     {"node_labels": ["eks.amazonaws.com/compute-type: ec2 (not a compute type EKS nodes carry: auto, fargate, "
                      "hybrid)"]}),
    # a node's name (matchFields): not evaluated, named (before: silently reserved on every node, no note)
    ("      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: "
     "[{matchFields: [{key: metadata.name, operator: In, values: [node-1]}]}]}}}",
     {"node_labels": ["metadata.name In [node-1] (matchFields)"]}),
    # a type OR a compute type in two ORed terms: neither holds the DaemonSet alone, both named (before: dropped
    # without a note)
    ("      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
     "{matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}]}, "
     "{matchExpressions: [{key: eks.amazonaws.com/compute-type, operator: In, values: [auto]}]}]}}}",
     {"node_labels": ["node.kubernetes.io/instance-type In [m5.large] (in one of several ORed terms)",
                      "eks.amazonaws.com/compute-type In [auto] (in one of several ORed terms)"]}),
    # both terms on the type: their union
    ("      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
     "{matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [m5.large]}]}, "
     "{matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [c5.large]}]}]}}}",
     {"instance_types": ["c5.large", "m5.large"]}),
])
def test_import_reads_a_daemonsets_instance_type_and_compute_type_selector(tmp_path, selector, fields):
    # Kubernetes "Assigning Pods to Nodes" with the well-known node labels (node.kubernetes.io/instance-type, its
    # deprecated beta spelling), Karpenter's instance family, EKS's compute-type; anything else is a label advisor
    # cannot evaluate (DaemonSet.node_labels: reserved on every node, with a note)
    p = tmp_path / "ds.yaml"
    p.write_text(_TYPED_DS.replace("SELECTOR", selector))
    [ds] = import_k8s(p).daemonsets
    got = {k: ds[k] for k in ("instance_types", "instance_families", "instance_type_pattern", "compute_types",
                              "node_labels") if k in ds}
    assert got == fields
    p.write_text(_TYPED_DS.replace("SELECTOR", selector) + "---\n" + _WEB)
    w = load_any(p)  # and the workload it writes loads, with a service beside it
    assert {k: getattr(w.daemonsets[0], k) for k in fields} == fields


_WEB = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: w}}
  template:
    metadata: {labels: {app: w}}
    spec:
      containers:
      - {name: w, image: x, resources: {requests: {cpu: 250m, memory: 256Mi}}}
"""


def test_import_of_a_daemonsets_hostile_instance_type_selector(tmp_path):
    p = tmp_path / "ds.yaml"
    # an operator the API server refuses: exit 2 naming the field, as for kubernetes.io/arch
    p.write_text(_TYPED_DS.replace("SELECTOR", _affinity(
        "{key: node.kubernetes.io/instance-type, operator: in, values: [m5.large]}")))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "matchExpressions[0].operator" in r.output and "Traceback" not in r.output
    # values not a list
    p.write_text(_TYPED_DS.replace("SELECTOR", _affinity(
        "{key: node.kubernetes.io/instance-type, operator: In, values: m5.large}")))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "matchExpressions[0].values" in r.output and "Traceback" not in r.output
    # a type no node carries (upper case)
    p.write_text(_TYPED_DS.replace("SELECTOR", "      nodeSelector: {node.kubernetes.io/instance-type: M5.large}"))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "did you mean 'm5.large'" in r.output
    # rules that contradict each other: no node at all
    p.write_text(_TYPED_DS.replace("SELECTOR", "      nodeSelector: {node.kubernetes.io/instance-type: m5.large, "
                                   "karpenter.k8s.aws/instance-family: c7g}"))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "allow no EC2 instance type together" in r.output and "Traceback" not in r.output
    # a huge list: more types than a DaemonSet is held to -> not evaluated, noted (reserved on every node)
    many = ", ".join(f"m5.size{i}" for i in range(150))
    p.write_text(_TYPED_DS.replace("SELECTOR", _affinity(
        f"{{key: node.kubernetes.io/instance-type, operator: In, values: [{many}]}}")))
    [ds] = import_k8s(p).daemonsets
    assert "instance_types" not in ds
    assert ds["node_labels"] == ["node.kubernetes.io/instance-type: 150 types (more than 100, not evaluated)"]
    # compute-type rules that together allow no node: exit 2 (before, compute_types [] was written, and the
    # DaemonSet was reserved on no node of any platform)
    for selector in ("      nodeSelector: {eks.amazonaws.com/compute-type: auto}\n" + _affinity(
                         "{key: eks.amazonaws.com/compute-type, operator: In, values: [fargate]}"),
                     _affinity("{key: eks.amazonaws.com/compute-type, operator: In, values: [fargate]}",
                               "{key: eks.amazonaws.com/compute-type, operator: DoesNotExist}")):
        p.write_text(_TYPED_DS.replace("SELECTOR", selector))
        r = runner.invoke(app, ["import", "k8s", str(p)])
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert ("spec.template.spec.nodeSelector / affinity: the DaemonSet's eks.amazonaws.com/compute-type rules "
                "allow no node together") in " ".join(r.output.split())
    # PodSpec.nodeSelector is a map of strings: a number, null or a list names the label (before: 7 on
    # instance-category was "rules contradict each other", 5 on compute-type was a label advisor cannot evaluate)
    for value, says in (("7", '7 is not a string; node label values are strings'),
                        ("null", "null is not a string"), ("[auto]", "['auto'] is not a string")):
        for key in ("karpenter.k8s.aws/instance-category", "eks.amazonaws.com/compute-type",
                    "node.kubernetes.io/instance-type"):
            p.write_text(_TYPED_DS.replace("SELECTOR", f"      nodeSelector: {{{key}: {value}}}"))
            r = runner.invoke(app, ["import", "k8s", str(p)])
            out = " ".join(r.output.split())
            assert r.exit_code == 2 and f"spec.template.spec.nodeSelector.{key}: {says}" in out, out
    # a requirement's key that is not a label name
    p.write_text(_TYPED_DS.replace("SELECTOR", _affinity("{key: 5, operator: In, values: [a]}")))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "matchExpressions[0].key: 5 is not a node label name" in " ".join(r.output.split())
    # a value no node carries: the sentence ends before the next one starts
    p.write_text(_TYPED_DS.replace("SELECTOR", "      nodeSelector: {node.kubernetes.io/instance-type: m5.lärge}"))
    r = runner.invoke(app, ["import", "k8s", str(p)])
    assert r.exit_code == 2 and "as nodes carry it (e.g. 'm5.large'). Node label values" in " ".join(r.output.split())

# ------------------------------------------------------------------ add-ons known by their charts' pod labels

def _addon_doc(kind: str, ns: str, name: str, labels: dict) -> str:
    """A minimal Deployment or DaemonSet (100m / 128Mi) whose pods carry ``labels``, as a chart renders it."""
    return yaml.safe_dump({
        "apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": ns},
        "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": {
            "containers": [{"name": "c", "image": "x", "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]
        }}}})


#: an application beside the add-on (a workload needs a service)
_WEB = _addon_doc("Deployment", "default", "web", {"app": "web"})


# Each a Helm release under a name and namespace of its own, with the pod labels the chart's template gives it
# (the chart file named): (kind, namespace, name, pod labels, the add-on it is or None).
_CHART_RELEASES = [
    # kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/templates/deployment.yaml
    # (name: fullname = release-chart; labels: _helpers.tpl selectorLabels)
    ("Deployment", "aws-lb", "my-release-aws-load-balancer-controller",
     {"app.kubernetes.io/name": "aws-load-balancer-controller", "app.kubernetes.io/instance": "my-release"},
     "aws-load-balancer-controller"),
    # kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/templates/deployment.yaml (name: release-
    # aws-cluster-autoscaler; instance-name labels, cloudProvider aws)
    ("Deployment", "kube-system", "ca-aws-cluster-autoscaler",
     {"app.kubernetes.io/instance": "ca", "app.kubernetes.io/name": "aws-cluster-autoscaler"}, "cluster-autoscaler"),
    # aws/karpenter-provider-aws charts/karpenter/templates/deployment.yaml in a namespace of its own
    ("Deployment", "karpenter-system", "autoscaler-karpenter",
     {"app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": "autoscaler"}, "karpenter"),
    # kubernetes-sigs/metrics-server charts/metrics-server/templates/deployment.yaml, release ms in monitoring
    ("Deployment", "monitoring", "ms-metrics-server",
     {"app.kubernetes.io/name": "metrics-server", "app.kubernetes.io/instance": "ms"}, "metrics-server"),
    # kubernetes-sigs/metrics-server manifests/base (kustomization commonLabels k8s-app: metrics-server), renamed
    ("Deployment", "monitoring", "metrics", {"k8s-app": "metrics-server"}, "metrics-server"),
    # kubernetes-sigs/aws-ebs-csi-driver charts/aws-ebs-csi-driver/templates/controller.yaml in namespace storage
    ("Deployment", "storage", "ebs-csi-controller",
     {"app": "ebs-csi-controller", "app.kubernetes.io/name": "aws-ebs-csi-driver",
      "app.kubernetes.io/instance": "ebs"}, "aws-ebs-csi-driver"),
    # kubernetes-sigs/aws-efs-csi-driver charts/aws-efs-csi-driver/templates/controller-deployment.yaml (controller.name
    # efs-controller)
    ("Deployment", "storage", "efs-controller",
     {"app": "efs-controller", "app.kubernetes.io/name": "aws-efs-csi-driver", "app.kubernetes.io/instance": "efs"},
     "aws-efs-csi-driver"),
    # applications whose labels are like an add-on's but not its: a name that only starts with metrics-server, the
    # EBS controller's app label without the chart name, a label value that is not a string
    ("Deployment", "default", "metrics-server-client",
     {"app.kubernetes.io/name": "metrics-server-client", "k8s-app": "metrics-server-client"}, None),
    ("Deployment", "default", "ebs-csi-controller", {"app": "ebs-csi-controller"}, None),
    ("Deployment", "default", "scaler", {"app": "cluster-autoscaler-ui"}, None),
    # DaemonSets: aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/templates/daemonset.yaml (k8s-app: aws-node whatever the
    # release), the EBS CSI chart's _node.tpl in namespace storage, the EFS CSI chart's node-daemonset.yaml, the Pod
    # Identity Agent chart's daemonset.yaml
    ("DaemonSet", "cni", "vpc-cni-aws-vpc-cni",
     {"app.kubernetes.io/name": "aws-vpc-cni", "app.kubernetes.io/instance": "vpc-cni", "k8s-app": "aws-node"},
     "vpc-cni"),
    ("DaemonSet", "storage", "ebs-csi-node",
     {"app": "ebs-csi-node", "app.kubernetes.io/name": "aws-ebs-csi-driver", "app.kubernetes.io/instance": "ebs"},
     "aws-ebs-csi-driver"),
    ("DaemonSet", "storage", "efs-csi-node",
     {"app": "efs-csi-node", "app.kubernetes.io/name": "aws-efs-csi-driver", "app.kubernetes.io/instance": "efs"},
     "aws-efs-csi-driver"),
    ("DaemonSet", "identity", "eks-pod-identity-agent",
     {"app.kubernetes.io/name": "eks-pod-identity-agent", "app.kubernetes.io/instance": "pia"},
     "eks-pod-identity-agent"),
    # an add-on's Deployment label on a DaemonSet is no EKS add-on (the tables are per kind), nor is the Pod Identity
    # Agent chart's hybrid-node DaemonSet (name suffixed) or the node monitoring chart's dcgm-server
    ("DaemonSet", "default", "lbc-agent", {"app.kubernetes.io/name": "aws-load-balancer-controller"}, None),
    ("DaemonSet", "identity", "eks-pod-identity-agent-hybrid",
     {"app.kubernetes.io/name": "eks-pod-identity-agent-hybrid"}, None),
    ("DaemonSet", "kube-system", "dcgm-server", {"k8s-app": "dcgm-server"}, None),
]


def _imported_addon(path, kind: str, name: str, addon: str | None) -> list[str]:
    """Import ``path`` (the object ``name`` beside _WEB): the Deployment is a service with ``cluster_addon`` ``addon``,
    or the DaemonSet has ``eks_addon`` ``addon`` (None: an application); the note on add-ons known by their labels is
    there exactly when it is one. Returns that note (a list of at most one)."""
    w = import_k8s(path).workload
    if kind == "Deployment":
        [svc] = [s for s in w.services if s.name != "web"]
        assert (svc.name, svc.cluster_addon) == (name, addon)
    else:
        [ds] = w.daemonsets
        assert (ds.name, ds.eks_addon) == (name, addon)
    matched = [n for n in w.input_notes() if n.startswith("add-ons known by their pod labels")]
    assert bool(matched) == (addon is not None)
    return matched


@pytest.mark.parametrize("kind, ns, name, labels, addon", _CHART_RELEASES, ids=[r[2] for r in _CHART_RELEASES])
def test_an_addon_under_another_release_name_is_known_by_its_chart_labels(tmp_path, kind, ns, name, labels, addon):
    path = tmp_path / "release.yaml"
    path.write_text(_addon_doc(kind, ns, name, labels) + "---\n" + _WEB)
    matched = _imported_addon(path, kind, name, addon)
    if addon:  # the note names the object, the add-on and the chart's labels it carries (not the release's instance)
        assert f"{kind} {ns}/{name} ({addon}: " in matched[0] and "app.kubernetes.io/instance" not in matched[0]


@pytest.mark.parametrize("kind, labels, named", [
    ("Deployment", {"app": "cluster-autoscaler", "k8s-app": "metrics-server"},
     "cluster-autoscaler: app: cluster-autoscaler; metrics-server: k8s-app: metrics-server"),
    ("DaemonSet", {"k8s-app": "aws-node", "app.kubernetes.io/name": "aws-ebs-csi-driver"},
     "vpc-cni: k8s-app: aws-node; aws-ebs-csi-driver: app.kubernetes.io/name: aws-ebs-csi-driver"),
])
def test_pod_labels_of_two_addons_are_no_addon_with_a_note(tmp_path, kind, labels, named):
    # no chart gives one pod two add-ons' selector labels: advisor does not pick the first of its table (before: the
    # Deployment was the Cluster Autoscaler, left out on EKS Auto Mode; the DaemonSet the VPC CNI, in aws-node's place)
    path = tmp_path / "two.yaml"
    path.write_text(_addon_doc(kind, "default", "two", labels) + "---\n" + _WEB)
    w = import_k8s(path).workload
    if kind == "Deployment":
        assert [(s.name, s.cluster_addon) for s in w.services] == [("two", None), ("web", None)]
    else:
        assert [(d.name, d.eks_addon) for d in w.daemonsets] == [("two", None)]
    assert (f"{kind} default/two: its pod labels carry the selector labels of several add-ons ({named}), which no "
            "add-on's chart or manifest gives one pod") in " ".join(w.input_notes())
    assert not any(n.startswith("add-ons known by their pod labels") for n in w.input_notes())


def _chart_doc(kind: str, ns: str, name: str, meta_labels: dict, pod_labels: dict) -> str:
    """A Deployment or DaemonSet (100m / 128Mi) as a chart renders it: ``meta_labels`` on the object, ``pod_labels``
    on its pod template."""
    doc = yaml.safe_load(_addon_doc(kind, ns, name, pod_labels))
    doc["metadata"]["labels"] = meta_labels
    return yaml.safe_dump(doc)


# Helm releases installed with nameOverride (app.kubernetes.io/name: the override), as each chart's templates render
# them: (kind, namespace, name, the object's labels, the pod template's labels, the add-on it is or None).
_OVERRIDDEN = [
    # aws-load-balancer-controller deployment.yaml: helm.sh/chart on the Deployment only, selectorLabels on the pods
    ("Deployment", "aws-lb", "my-release-lbc",
     {"helm.sh/chart": "aws-load-balancer-controller-1.8.1", "app.kubernetes.io/name": "lbc",
      "app.kubernetes.io/instance": "my-release", "app.kubernetes.io/managed-by": "Helm"},
     {"app.kubernetes.io/name": "lbc", "app.kubernetes.io/instance": "my-release"}, "aws-load-balancer-controller"),
    ("Deployment", "kp", "scaler", {"helm.sh/chart": "karpenter-1.0.6", "app.kubernetes.io/name": "scaler"},
     {"app.kubernetes.io/name": "scaler", "app.kubernetes.io/instance": "kp"}, "karpenter"),
    ("Deployment", "ops", "ca", {"helm.sh/chart": "cluster-autoscaler-9.37.0", "app.kubernetes.io/name": "ca"},
     {"app.kubernetes.io/name": "ca", "app.kubernetes.io/instance": "ops"}, "cluster-autoscaler"),
    ("Deployment", "ops", "ms", {"helm.sh/chart": "metrics-server-3.12.1", "app.kubernetes.io/name": "ms"},
     {"app.kubernetes.io/name": "ms", "app.kubernetes.io/instance": "ops"}, "metrics-server"),
    # aws-ebs-csi-driver controller.yaml and _node.tpl: the chart's labels (helm.sh/chart too) on the pods as well
    ("Deployment", "storage", "ebs-csi-controller", {"helm.sh/chart": "aws-ebs-csi-driver-2.30.0"},
     {"app": "ebs-csi-controller", "app.kubernetes.io/name": "ebs", "helm.sh/chart": "aws-ebs-csi-driver-2.30.0"},
     "aws-ebs-csi-driver"),
    ("DaemonSet", "storage", "ebs-csi-node", {"helm.sh/chart": "aws-ebs-csi-driver-2.30.0"},
     {"app": "ebs-csi-node", "app.kubernetes.io/name": "ebs", "helm.sh/chart": "aws-ebs-csi-driver-2.30.0"},
     "aws-ebs-csi-driver"),
    # another chart whose name starts with an add-on's chart name, a chart label without a version, and an add-on's
    # chart label on the other kind: no add-on
    ("Deployment", "kp", "crd", {"helm.sh/chart": "karpenter-crd-1.0.6"}, {"app": "crd"}, None),
    ("Deployment", "ops", "ms2", {"helm.sh/chart": "metrics-server"}, {"app": "ms2"}, None),
    ("DaemonSet", "aws-lb", "lbc-agent", {"helm.sh/chart": "aws-load-balancer-controller-1.8.1"}, {"app": "a"}, None),
]


@pytest.mark.parametrize("kind, ns, name, meta, pod, addon", _OVERRIDDEN, ids=[r[2] for r in _OVERRIDDEN])
def test_an_addon_installed_with_name_override_is_known_by_its_chart_label(tmp_path, kind, ns, name, meta, pod, addon):
    # before: app.kubernetes.io/name carried the override, so the release was priced as an application (ECS too)
    path = tmp_path / "release.yaml"
    path.write_text(_chart_doc(kind, ns, name, meta, pod) + "---\n" + _WEB)
    matched = _imported_addon(path, kind, name, addon)
    if addon:
        assert f"{kind} {ns}/{name} ({addon}: helm.sh/chart: {meta['helm.sh/chart']})" in matched[0]


def test_an_overridden_load_balancer_controller_is_left_out_on_ecs(tmp_path):
    # aws-load-balancer-controller 1.8.1 with nameOverride lbc, 100m / 128Mi, 1 replica, alone: ECS on Fargate priced
    # it at 0.25 vCPU / 0.5 GB, 9.010025 a month (before); now it is the add-on, left out ($0); EKS on Fargate prices
    # it as before, 9.010025 + 2 CoreDNS pods 18.02005 + control plane 73 = 100.030075
    path = tmp_path / "lbc.yaml"
    path.write_text(_chart_doc(*_OVERRIDDEN[0][:5]))
    cmp = compare(import_k8s(path).workload, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == 0
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(100.030075, abs=1e-6)


def _release_doc(kind: str, ns: str, name: str, meta: dict, pod: dict, containers: list, replicas: int | None = None,
                 **pod_spec) -> str:
    """A Deployment or DaemonSet as ``helm template`` renders a chart (the fields advisor reads): ``meta`` on the
    object, ``pod`` on its pod template, ``containers`` and other pod ``spec`` fields as the template writes them."""
    spec = {"selector": {"matchLabels": pod}, "template": {"metadata": {"labels": pod},
                                                            "spec": {**pod_spec, "containers": containers}}}
    if replicas is not None:
        spec["replicas"] = replicas
    return yaml.safe_dump({"apiVersion": "apps/v1", "kind": kind,
                           "metadata": {"name": name, "namespace": ns, "labels": meta}, "spec": spec})


# `helm template` of three add-on charts with nameOverride in a namespace of their own, rendered by hand from each
# chart's templates and values.yaml at the commit named (only the fields advisor reads): the names stay as the
# charts' values say (fullnameOverride defaults to the chart name in the Pod Identity Agent's and node monitoring
# agent's values.yaml; the EFS CSI chart writes efs-csi-node and controller.name as they are), the labels follow the
# override. Each was priced as an application before (ECS on EC2 reserved the DaemonSets as daemon tasks).
_PIA_META = {"helm.sh/chart": "eks-pod-identity-agent-1.2.0", "app.kubernetes.io/name": "agent",
             "app.kubernetes.io/instance": "pia", "app.kubernetes.io/version": "0.1.6",
             "app.kubernetes.io/managed-by": "Helm", "app": "eks-pod-identity-agent"}
_PIA_POD = {"app.kubernetes.io/name": "agent", "app.kubernetes.io/instance": "pia"}
_PIA_CONTAINERS = [{"name": "eks-pod-identity-agent",
                    "image": "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/eks-pod-identity-agent:v0.1.20",
                    "resources": {}}]
_NMA_META = {"app.kubernetes.io/name": "nma-agent", "app.kubernetes.io/instance": "nma",
             "helm.sh/chart": "nma-agent", "app.kubernetes.io/version": "1.7.0", "app.kubernetes.io/managed-by": "Helm",
             "app.kubernetes.io/component": "controller"}
_NMA_IMAGE = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/eks-node-monitoring-agent:v1.7.0-eksbuild.1"
_NMA_CONTAINERS = [{"name": "eks-node-monitoring-agent", "image": _NMA_IMAGE,
                    "resources": {"requests": {"cpu": "10m", "memory": "30Mi"},
                                  "limits": {"cpu": "250m", "memory": "200Mi"}},
                    "securityContext": {"privileged": True}}]
_EFS_IMAGE = "public.ecr.aws/efs-csi-driver/amazon/aws-efs-csi-driver:v3.4.1"
_OVERRIDDEN_RELEASES = [
    # aws/eks-pod-identity-agent charts/eks-pod-identity-agent @d4dc0f3f (chart 1.2.0), `helm template pia -n identity
    # --set nameOverride=agent`: helm.sh/chart on the DaemonSet only (templates/daemonset.yaml, _helpers.tpl labels)
    ("pia", "DaemonSet", _release_doc("DaemonSet", "identity", "eks-pod-identity-agent", _PIA_META, _PIA_POD,
                                      _PIA_CONTAINERS, hostNetwork=True), "eks-pod-identity-agent",
     "helm.sh/chart: eks-pod-identity-agent-1.2.0"),
    # the same with fullnameOverride=agent too, in kube-system: not known by its name any more
    ("pia-full", "DaemonSet", _release_doc("DaemonSet", "kube-system", "agent", _PIA_META, _PIA_POD, _PIA_CONTAINERS,
                                           hostNetwork=True), "eks-pod-identity-agent",
     "helm.sh/chart: eks-pod-identity-agent-1.2.0"),
    # aws/eks-node-monitoring-agent charts/eks-node-monitoring-agent @51af5494 (chart 1.7.0), `helm template nma -n
    # monitoring --set nameOverride=nma-agent`: every label follows the override, helm.sh/chart too (its _helpers.tpl
    # writes the name there, not <chart>-<version>); the container is .Chart.Name
    ("nma", "DaemonSet", _release_doc("DaemonSet", "monitoring", "eks-node-monitoring-agent", _NMA_META, _NMA_META,
                                      _NMA_CONTAINERS, hostNetwork=True, hostPID=True), "eks-node-monitoring-agent",
     f"container: eks-node-monitoring-agent, image: {_NMA_IMAGE}"),
    # its dcgm-server DaemonSet (dcgm-daemonset.yaml: container <.Chart.Name>-dcgm, the agent's image by default): not
    # the agent, as before
    ("dcgm", "DaemonSet", _release_doc("DaemonSet", "monitoring", "dcgm-server", {"k8s-app": "dcgm-server"},
                                       {"k8s-app": "dcgm-server", "version": "v1"},
                                       [{"name": "eks-node-monitoring-agent-dcgm", "image": _NMA_IMAGE}]), None, None),
    # kubernetes-sigs/aws-efs-csi-driver charts/aws-efs-csi-driver @a4fc6760 (chart 4.4.1), `helm template efs -n
    # storage --set nameOverride=efs`: no helm.sh/chart label at all; app: efs-csi-node and app: efs-csi-controller
    # (controller.name) as the templates write them
    ("efs-node", "DaemonSet", _release_doc(
        "DaemonSet", "storage", "efs-csi-node", {"app.kubernetes.io/name": "efs"},
        {"app": "efs-csi-node", "app.kubernetes.io/name": "efs", "app.kubernetes.io/instance": "efs"},
        [{"name": "efs-plugin", "image": _EFS_IMAGE, "securityContext": {"privileged": True}, "resources": {}}],
        hostNetwork=True), "aws-efs-csi-driver", "app: efs-csi-node"),
    ("efs-controller", "Deployment", _release_doc(
        "Deployment", "storage", "efs-csi-controller", {"app.kubernetes.io/name": "efs"},
        {"app": "efs-csi-controller", "app.kubernetes.io/name": "efs", "app.kubernetes.io/instance": "efs"},
        [{"name": "efs-plugin", "image": _EFS_IMAGE, "resources": {}}], replicas=2),
     "aws-efs-csi-driver", "app: efs-csi-controller"),
]


@pytest.mark.parametrize("kind, doc, addon, known_by", [r[1:] for r in _OVERRIDDEN_RELEASES],
                         ids=[r[0] for r in _OVERRIDDEN_RELEASES])
def test_addon_charts_rendered_with_name_override_are_their_addons(tmp_path, kind, doc, addon, known_by):
    # before: each of these (but dcgm-server) was an application, priced on ECS too
    path = tmp_path / "release.yaml"
    path.write_text(doc + "---\n" + _WEB)
    name, ns = yaml.safe_load(doc)["metadata"]["name"], yaml.safe_load(doc)["metadata"]["namespace"]
    matched = _imported_addon(path, kind, name, addon)
    if addon:
        assert f"{kind} {ns}/{name} ({addon}: {known_by})" in matched[0]


def test_efs_controller_released_with_name_override_is_left_out_on_ecs(tmp_path):
    # the EFS CSI chart's controller with nameOverride in namespace storage: 2 replicas requesting nothing. Before,
    # ECS on Fargate priced it as a service of 2 tasks at 0.25 vCPU / 0.5 GB, 2 x 9.010025 = 18.02005 a month beside
    # web (0.25 vCPU / 0.5 GB: 9.010025), 27.030075; now it is the add-on, left out: 9.010025. EKS on Fargate prices
    # it as before: 2 + 1 + the cluster's 2 CoreDNS pods at 0.25 / 0.5 = 5 x 9.010025 + control plane 73 = 118.050125
    path = tmp_path / "efs.yaml"
    path.write_text(_OVERRIDDEN_RELEASES[-1][2] + "---\n" + _WEB)
    cmp = compare(import_k8s(path).workload, platforms=["ecs-fargate", "eks-fargate"], scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == pytest.approx(9.010025, abs=1e-6)
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(118.050125, abs=1e-6)


@pytest.mark.parametrize("image, known", [
    ("602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/eks-node-monitoring-agent:v1.7.0-eksbuild.1", True),
    ("registry.example.com:5000/mirror/eks/eks-node-monitoring-agent@sha256:" + "0" * 64, True),
    ("eks/eks-node-monitoring-agent", True),
    # another repository whose name starts the same, and another add-on's image: not the agent's image
    ("example.com/my-eks/eks-node-monitoring-agent-fork:v1", False),
    ("602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/eks-pod-identity-agent:v0.1.20", False),
])
def test_node_monitoring_agent_is_known_by_its_container_image_repository(tmp_path, image, known):
    doc = _release_doc("DaemonSet", "ops", "nma", {"app.kubernetes.io/name": "nma"}, {"app.kubernetes.io/name": "nma"},
                       [{"name": "eks-node-monitoring-agent", "image": image}])
    path = tmp_path / "nma.yaml"
    path.write_text(doc + "---\n" + _WEB)
    _imported_addon(path, "DaemonSet", "nma", "eks-node-monitoring-agent" if known else None)


@pytest.mark.parametrize("ns, name", [("kube-system", "kube-proxy-v2"), ("net", "proxy")])
def test_kube_proxy_is_known_by_its_k8s_app_label(tmp_path, ns, name):
    # the EKS kube-proxy DaemonSet's selector label k8s-app: kube-proxy (kubeadm's too), under another name: before,
    # it was any DaemonSet (reserved on EKS on EC2 beside the default kube-proxy pod, and as a daemon on ECS on EC2)
    path = tmp_path / "kp.yaml"
    path.write_text(_addon_doc("DaemonSet", ns, name, {"k8s-app": "kube-proxy"}) + "---\n" + _WEB)
    w = import_k8s(path).workload
    assert [(d.name, d.eks_addon) for d in w.daemonsets] == [(name, "kube-proxy")]
    assert f"DaemonSet {ns}/{name} (kube-proxy: k8s-app: kube-proxy)" in " ".join(w.input_notes())


_COREDNS_CHART_META = {"helm.sh/chart": "coredns-1.29.0", "app.kubernetes.io/name": "dns",
                       "app.kubernetes.io/instance": "dns"}


@pytest.mark.parametrize("pod, is_dns", [
    # coredns/helm deployment.yaml with nameOverride dns and isClusterService (its default): k8s-app: coredns
    ({"k8s-app": "coredns", "app.kubernetes.io/name": "dns", "app.kubernetes.io/instance": "dns"}, True),
    # its deployment-autoscaler.yaml (the cluster-proportional-autoscaler) and isClusterService: false: applications
    ({"k8s-app": "coredns-autoscaler", "app.kubernetes.io/name": "dns-autoscaler"}, False),
    ({"app.kubernetes.io/name": "dns", "app.kubernetes.io/instance": "dns"}, False),
])
def test_coredns_chart_with_name_override_is_the_cluster_dns(tmp_path, pod, is_dns):
    path = tmp_path / "dns.yaml"
    path.write_text(_chart_doc("Deployment", "dns", "dns", _COREDNS_CHART_META, pod) + "---\n" + _WEB)
    w = import_k8s(path).workload
    notes = " ".join(w.input_notes())
    assert [s.name for s in w.services] == (["web"] if is_dns else ["dns", "web"])
    assert ("Deployment dns/dns (Helm chart labels helm.sh/chart: coredns-1.29.0, k8s-app: coredns) is the cluster's "
            "DNS" in notes) == is_dns
    assert ("Deployment dns/dns is of the coredns Helm chart (helm.sh/chart: coredns-1.29.0) but its pods carry no "
            "cluster-DNS k8s-app label" in notes) == (not is_dns)


def test_a_cluster_addon_known_by_labels_is_left_out_on_ecs(tmp_path):
    # the AWS Load Balancer Controller's chart as release my-release in namespace aws-lb (100m / 128Mi, 1 replica):
    # ECS on Fargate leaves it out ($0, no other service), EKS on Fargate prices it as any pod: 0.25 vCPU / 0.5 GB
    # 9.010025 + the cluster's 2 CoreDNS pods 18.02005 + control plane 73 -> 100.030075
    path = tmp_path / "lbc.yaml"
    path.write_text(_addon_doc("Deployment", "aws-lb", "my-release-aws-load-balancer-controller", _CHART_RELEASES[0][3]))
    cmp = compare(import_k8s(path).workload, platforms=["ecs-fargate", "eks-fargate", "eks-auto-mode"],
                  scaling=False)
    assert cmp.estimate("ecs-fargate").monthly_cost == 0
    assert cmp.estimate("eks-fargate").monthly_cost == pytest.approx(100.030075, abs=1e-6)
    assert any(n.startswith("Services left out") for n in cmp.estimate("eks-auto-mode").notes)


@pytest.mark.parametrize("labels, dns", [
    # coredns/helm charts/coredns/templates/deployment.yaml: isClusterService true (the default), k8s-app the chart
    # name or k8sAppLabelOverride kube-dns
    ({"k8s-app": "coredns", "app.kubernetes.io/name": "coredns", "app.kubernetes.io/instance": "dns"}, True),
    ({"k8s-app": "kube-dns", "app.kubernetes.io/name": "coredns", "app.kubernetes.io/instance": "dns"}, True),
    # isClusterService false: a CoreDNS the team runs as an application (no k8s-app label), priced as a service
    ({"app.kubernetes.io/name": "coredns", "app.kubernetes.io/instance": "dns"}, False),
    # the chart's autoscaler Deployment (k8s-app coredns-autoscaler): not the DNS
    ({"k8s-app": "coredns-autoscaler", "app.kubernetes.io/name": "coredns-autoscaler"}, False),
])
def test_a_coredns_release_is_the_cluster_dns_by_its_labels(tmp_path, labels, dns):
    path = tmp_path / "dns.yaml"
    path.write_text(_addon_doc("Deployment", "kube-system", "dns-coredns", labels) + "---\n" + _WEB)
    w = import_k8s(path).workload
    assert [s.name for s in w.services] == (["web"] if dns else ["dns-coredns", "web"])
    assert any(n.startswith("Deployment kube-system/dns-coredns (pod labels ") and "is the cluster's DNS" in n
               for n in w.input_notes()) == dns


def _os_pod(tmp_path, pod_extra: dict, image: str = "nginx") -> Path:
    doc = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
           "spec": {**pod_extra, "containers": [{"name": "c", "image": image,
                                                 "resources": {"requests": {"cpu": "1", "memory": "2Gi"}}}]}}
    path = tmp_path / "pod.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.mark.parametrize("extra, image, os_, assumed", [
    ({"os": {"name": "windows"}}, "nginx", "windows", False),  # PodOS: the kubelet runs it on Windows nodes only
    ({"os": {"name": "linux"}}, "mcr.microsoft.com/windows/servercore:ltsc2022", "linux", False),  # said: no guess
    ({}, "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022", "windows", True),
    ({"nodeSelector": {"kubernetes.io/os": "linux"}}, "microsoft/iis", "linux", False),
    ({"nodeSelector": {"kubernetes.io/arch": "arm64"}}, "microsoft/iis", "linux", False),  # no arm64 Windows: no guess
    ({}, "nginx", "linux", False),
])
def test_pod_os_from_spec_os_name_or_a_windows_image(tmp_path, extra, image, os_, assumed):
    # before: spec.os.name was not read and a Windows image without a node selector was priced as Linux
    result = import_k8s(_os_pod(tmp_path, extra, image))
    [s] = result.workload.services
    assert s.os == os_
    assert any("priced as Windows because container c runs the Windows image" in a
               for a in result.assumptions) == assumed


@pytest.mark.parametrize("extra, message", [
    ({"os": {"name": "Windows"}}, "spec.os.name: 'Windows' is not valid; use linux or windows"),
    ({"os": {"name": "windows"}, "nodeSelector": {"kubernetes.io/os": "linux"}},
     "spec.os.name: windows, but its node selector asks for linux nodes"),
])
def test_a_bad_or_contradicted_spec_os_name_exits_2(tmp_path, extra, message):
    r = CliRunner().invoke(app, ["import", "k8s", str(_os_pod(tmp_path, extra))])
    assert r.exit_code == 2
    assert message in " ".join(r.output.split())
