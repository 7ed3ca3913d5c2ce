"""Reported faults kept as tests with their right values: one wording of a platform's status in every output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.costing.lines import Estimate, LineItem, Unsupported

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent

#: A 200 GiB service no EKS on Fargate size holds (largest 120 GB), ECS on EC2 excluded by a requirement, and the two
#: managed platforms without their management fees in the bundled data: four statuses, one workload.
STATUSES = """name: statuses
region: us-east-1
services:
  - {name: web, cpu: 0.5, memory: 1Gi, replicas: 2}
  - {name: cache, cpu: 8, memory: 200Gi, replicas: 1}
requirements: {exclude_platforms: [ecs-ec2]}
"""

#: platform -> its status in words, as every output gives it
WORDS = {"ecs-ec2": "excluded", "eks-fargate": "not ranked: cannot run every service",
         "ecs-managed-instances": "not priced: no price data", "eks-auto-mode": "not priced: no price data"}


def _line(service: str | None = "a") -> LineItem:
    return LineItem("Fargate vCPU (on-demand, x86_64)", "compute", 730, "vCPU-hours", 0.04048, service=service)


@pytest.mark.parametrize("est, status, words", [
    (Estimate("ecs-fargate", lines=[_line()]), "ok", "ok"),
    (Estimate("ecs-fargate", lines=[_line()], excluded=["portability"]), "excluded", "excluded"),
    (Estimate("ecs-fargate", missing_prices=["Fargate rate"]), "no price data", "not priced: no price data"),
    (Estimate("ecs-fargate", lines=[_line()], missing_prices=["ephemeral storage rate"]), "incomplete",
     "not ranked: missing price data"),
    (Estimate("eks-fargate", lines=[_line()], unsupported=[Unsupported("b", "too big")]), "incomplete",
     "not ranked: cannot run every service"),
    # a service it cannot run outweighs a missing rate: fetching prices would not price it
    (Estimate("eks-fargate", unsupported=[Unsupported("b", "too big")], missing_prices=["EKS rate"]), "incomplete",
     "not ranked: cannot run every service"),
])
def test_status_text_of_each_status(est, status, words):
    assert (est.status, est.status_text) == (status, words)


@pytest.fixture(scope="module")
def statuses(tmp_path_factory):
    path = tmp_path_factory.mktemp("statuses") / "statuses.yaml"
    path.write_text(STATUSES)
    return str(path)


def test_sweep_json_csv_and_table_give_the_reason_in_compare_s_words(statuses):
    """Reported: 'advisor sweep -f json' gave EKS on Fargate's reason as 'not ranked (incomplete)' where its table said
    'not ranked: eks-fargate (cannot run every service)' and compare's Markdown 'not ranked: cannot run some
    services'."""
    js = json.loads(runner.invoke(app, ["sweep", statuses, "-f", "json"]).stdout)
    reasons = {p["platform"]: p["reason"] for p in js["points"] if p["factor"] == 1}
    assert {p: reasons[p] for p in WORDS} == WORDS
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["sweep", statuses, "-f", "csv"]).stdout)))
    assert {r["platform"]: r["reason"] for r in rows if r["factor"] == "1.0" and r["feasible"] == "False"} == WORDS
    table = runner.invoke(app, ["sweep", statuses]).stdout.splitlines()
    assert [ln for ln in table if ln.split(" ")[0] in WORDS] == [f"{p} is {w}" for p, w in WORDS.items()]
    md = runner.invoke(app, ["compare", statuses, "-f", "markdown"]).stdout
    for platform, words in WORDS.items():
        row = next(ln for ln in md.splitlines() if f"({platform})" in ln and ln.startswith("| "))
        assert row.endswith(f"| {words} |"), row


def test_sweep_frame_and_report_give_the_same_words(statuses, tmp_path):
    import advisor
    from advisor.api import sweep_frame

    c = advisor.price(statuses)
    df = sweep_frame(c, factors=[1])
    assert {p: r for p, r, ok in zip(df.platform, df.reason, df.feasible) if not ok} == WORDS
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", statuses, "-o", str(out)]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    for words in set(WORDS.values()):
        assert f'<span class="badge warn">{words}</span>' in html
    assert '<span class="badge warn">incomplete</span>' not in html
    assert "— not priced: no price data</h3>" in html


# ------------------------------------------------------------------------------------------ output paths


WEB = "examples/web-app.yaml"
TASKDEF = "examples/web-app.taskdef.json"
LONG_NAME = "x" * 300  # more than the 255 bytes a name may hold (ext4, XFS, APFS)


@pytest.fixture
def no_pricing(monkeypatch):
    """Fails the test if a report prices anything: the output path must be refused first."""
    import advisor.render.report_file as report_file

    def refuse(*args, **kwargs):
        raise AssertionError("priced before the output path was checked")

    monkeypatch.setattr(report_file, "compare", refuse)


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("output, said", [
    # reported: a report whose -o name was too long was refused only after pricing and rendering
    (LONG_NAME + ".html", "the name is too long: 305 bytes, and the file system allows at most 255 in one name. Give -o a "
                          "shorter path; nothing was written."),
    (LONG_NAME + "/r.html", "is too long: 300 bytes, and the file system allows at most 255 in one name. Give -o a shorter "
                            "path"),
    ("/".join(["y" * 200] * 25) + "/r.html", "the path is too long: 5,031 bytes, and the system allows at most 4,095. Give "
                                             "-o a shorter path"),
    ("afile/r.html", "-o 'afile/r.html' cannot be written: 'afile' is a file, not a folder. Give -o a path whose "
                     "folders are folders; nothing was written."),
    ("afile/sub/r.html", "'afile' is a file, not a folder"),
    ("afile/", "-o 'afile' is a file, not a folder. Give -o a folder"),
    (LONG_NAME + "/", "cannot hold the files: the name"),
    ("mine.html", "refusing to overwrite 'mine.html': it already exists and advisor did not write it"),
])
def test_report_refuses_an_output_path_before_pricing(tmp_path, monkeypatch, no_pricing, output, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("mine")
    (tmp_path / "mine.html").write_text("<html>mine</html>")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = _refused(["report", str(ROOT / WEB), "-o", output])
    assert said in out, out
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, created or left behind
    assert (tmp_path / "afile").read_text() == "mine" and (tmp_path / "mine.html").read_text() == "<html>mine</html>"


def test_report_refuses_a_folder_it_cannot_write_in_before_pricing(tmp_path, monkeypatch, no_pricing):
    """No permission (or a read-only file system), as os.access says: refused at once, for -o FILE, -o DIR/ and the
    default folder reports/. (Simulated: the suite may run as root, whom permissions do not stop.)"""
    import os

    locked = tmp_path / "locked"
    locked.mkdir()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if os.path.abspath(p) == str(locked) else real(p, mode, **kw))
    for output in ("locked/r.html", "locked/sub/r.html", "locked/"):
        monkeypatch.chdir(tmp_path)
        out = _refused(["report", str(ROOT / WEB), "-o", output])
        assert ("you cannot create files in the folder 'locked' (permission denied, or a read-only file system). "
                "Give -o a") in out, out
    monkeypatch.chdir(locked)  # no -o: reports/ in the current folder
    out = _refused(["report", str(ROOT / WEB)])
    assert "-o 'reports' cannot hold the files: you cannot create files in the folder '.'" in out, out
    assert list(locked.iterdir()) == []


def test_report_still_creates_a_missing_folder_and_replaces_its_own_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(app, ["report", str(ROOT / WEB), "-o", "new/sub/r.html"])
    assert first.exit_code == 0 and first.output == "wrote new/sub/r.html\n", first.output
    again = runner.invoke(app, ["report", str(ROOT / WEB), "-o", "new/sub/r.html"])
    assert again.output == "replaced new/sub/r.html (it held an earlier advisor report)\n"


@pytest.mark.parametrize("output, force, said", [
    (LONG_NAME + ".yaml", False, "-o '" + "x" * 60),
    ("afile/w.yaml", True, "'afile' is a file, not a folder. Give -o a path whose folders are folders"),
    ("nosuch/w.yaml", False, "the folder 'nosuch' does not exist. Create it first, or give -o a path in a folder"),
    ("mine.yaml", False, "refusing to overwrite 'mine.yaml': it already exists; it was left unchanged. Pass --force"),
])
def test_import_refuses_an_output_path_before_importing(tmp_path, monkeypatch, output, force, said):
    import advisor.workload.importers as importers

    def refuse(*args, **kwargs):
        raise AssertionError("imported before the output path was checked")

    monkeypatch.setattr(importers, "import_taskdef", refuse)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("mine")
    (tmp_path / "mine.yaml").write_text("mine")
    out = _refused(["import", "taskdef", str(ROOT / TASKDEF), "-o", output] + (["--force"] if force else []))
    assert said in out, out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "mine.yaml"]
    assert (tmp_path / "mine.yaml").read_text() == "mine"


def test_a_name_of_80_cjk_characters_is_written(tmp_path):
    """A valid name of 80 CJK characters (245 bytes with .html) failed: its temporary file kept 100 characters of it
    (about 270 bytes), more than a name may hold. The temporary name now keeps at most 100 bytes."""
    from advisor.fileio import temp_name, write_text

    target = tmp_path / ("漢" * 80 + ".html")
    assert len(temp_name(target).encode()) <= 1 + 99 + 1 + 7 + 1 + 8 + len(".advisor-tmp")
    assert write_text(target, "<p>ok</p>") == target and target.read_text() == "<p>ok</p>"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_data_dir_too_long_is_refused_before_fetching(tmp_path):
    from advisor.errors import AdvisorError
    from advisor.pricing.store import check_data_dir

    with pytest.raises(AdvisorError, match="cannot hold the price tables: the name '" + "x" * 60):
        check_data_dir(tmp_path / LONG_NAME)
    with pytest.raises(AdvisorError, match=r"the path is too long: [\d,]+ bytes, and the system allows at most 4,095"):
        check_data_dir(tmp_path / "/".join(["y" * 200] * 25))
    assert check_data_dir(tmp_path / "ok") == tmp_path / "ok" and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------ NodePool limits


def _pool(tmp_path, vcpu: float, nodes: int = 6) -> str:
    path = tmp_path / "pool.yaml"
    path.write_text("name: pool\nregion: us-east-1\nservices:\n  - {name: api, cpu: 1, memory: 2Gi, replicas: 4}\n"
                    f"ec2:\n  node_pool_limits: {{node_pools: [default], vcpu: {vcpu}, nodes: {nodes}}}\n")
    return str(path)


def test_sweep_notes_from_which_factor_a_fleet_exceeds_its_node_pool_limits(tmp_path):
    """Reported: compare noted a fleet above ec2.node_pool_limits, but 'advisor sweep' and the report's scaling section
    said nothing where the scaled fleet exceeded them. Today's EKS on EC2 fleet for 4 x 1 vCPU / 2 GiB is 1 x c6a.large
    + 1 x c6a.xlarge (6 vCPU, 2 nodes); the sweep estimates 24 vCPU and 8 nodes at 5x (3x: within 16 vCPU)."""
    wl = _pool(tmp_path, 16)
    out = runner.invoke(app, ["sweep", wl, "-p", "eks-ec2"]).stdout
    note = ("eks-ec2: NodePool limits exceeded from 5x (the fleet there estimated from the packing's LP bound): default: "
            "spec.limits.cpu 16 is below the nodes' 24 vCPU at 5x (raise it to at least 24); spec.limits.nodes 6 is "
            "below the 8 nodes at 5x (raise it to at least 8). Karpenter launches no node that would take its nodes' "
            "capacity past a limit, so the pods beyond it would stay Pending; the price shown is the fleet's: raise the "
            "limits to run it.")
    assert note in out.splitlines(), out
    js = json.loads(runner.invoke(app, ["sweep", wl, "-p", "eks-ec2", "-f", "json"]).stdout)
    assert js["node_pool_limits"] == [{"platform": "eks-ec2", "factor": 5.0, "estimated": True, "reason": (
        "default: spec.limits.cpu 16 is below the nodes' 24 vCPU at 5x (raise it to at least 24); spec.limits.nodes 6 "
        "is below the 8 nodes at 5x (raise it to at least 8)")}]
    # a note, not a limit: every point stays priced
    assert all(p["feasible"] and p["monthly_cost"] > 0 for p in js["points"]) and js["limits"] == []
    report = tmp_path / "r.html"
    assert runner.invoke(app, ["report", wl, "-o", str(report)]).exit_code == 0
    assert "spec.limits.cpu 16 is below the nodes&#39; 24 vCPU at 5x" in report.read_text(encoding="utf-8")
    roomy = json.loads(runner.invoke(app, ["sweep", _pool(tmp_path, 1000, 100), "-p", "eks-ec2", "-f", "json"]).stdout)
    assert roomy["node_pool_limits"] == []


def test_sweep_at_1x_gives_compare_s_figures(tmp_path):
    """At 1x the fleet is compare's: limits of 4 vCPU under today's 6 vCPU are noted by both, with the same figures."""
    wl = _pool(tmp_path, 4)
    js = json.loads(runner.invoke(app, ["compare", wl, "-p", "eks-ec2", "-f", "json"]).stdout)
    [note] = [n for n in js["platforms"][0]["notes"] if n.startswith("NodePool limits exceeded")]
    assert note.startswith("NodePool limits exceeded: default: spec.limits.cpu 4 is below the planned nodes' 6 vCPU "
                           "(raise it to at least 6). The planned fleet (1 x c6a.large, 1 x c6a.xlarge) is above them")
    sw = json.loads(runner.invoke(app, ["sweep", wl, "-p", "eks-ec2", "--scale", "1", "-f", "json"]).stdout)
    assert sw["node_pool_limits"] == [{"platform": "eks-ec2", "factor": 1.0, "estimated": False, "reason":
                                       "default: spec.limits.cpu 4 is below the nodes' 6 vCPU at 1x (raise it to at "
                                       "least 6)"}]


def test_a_packed_factor_gives_the_figures_of_compare_at_that_scale(tmp_path):
    """Where the sweep packs the fleet again, the note's figures are those compare gives the scaled workload."""
    import advisor
    from advisor.compare.sweep import sweep

    c = advisor.price(_pool(tmp_path, 16), platforms=["eks-ec2"])
    c.estimates[0].scale.fleet.pack(5.0)
    s = sweep(c.estimates, c.workload, [1, 5])
    assert [p.method for p in s.points] == ["priced", "packed"]
    assert [x.to_dict() for x in s.pool_limits] == [{"platform": "eks-ec2", "factor": 5.0, "estimated": False,
                                                      "reason": "default: spec.limits.cpu 16 is below the nodes' 24 "
                                                      "vCPU at 5x (raise it to at least 24)"}]
    at5 = advisor.price(advisor.with_replicas_factor(c.workload, 5), platforms=["eks-ec2"]).estimates[0]
    assert any("spec.limits.cpu 16 is below the planned nodes' 24 vCPU (raise it to at least 24)" in n
               for n in at5.notes)


def test_type_counts_leave_out_fee_and_volume_rows():
    """EKS Auto Mode's fleet rows hold a fee and a volume row per type: only the instance rows count as nodes."""
    from advisor.costing.scale import FleetScaling

    rows = [("m7i.large", "on_demand", 2 * 0.1008 * 730, 0.1008), ("m7i.large", "management_fee", 2 * 0.01 * 730, 0.01),
            ("m7i.large", "volume", 2 * 0.0011 * 730, 0.0011), ("c7i.xlarge", "spot", 0.07 * 730, 0.07)]
    fleet = FleetScaling(lower_bound_per_hour=None, desired={}, pack_max={}, fixed_counts={},
                         instance_monthly=sum(r[2] for r in rows), bound_monthly=0.0, node_count=3, min_nodes=0,
                         per_node_monthly=0.0, rows=rows, hours=730, extra_rows=("management_fee", "volume"))
    assert fleet.type_counts(1.0) == {"m7i.large": 2.0, "c7i.xlarge": 1.0}


# ------------------------------------------------------------------------------------------ ResourceQuota and overhead


def test_a_resource_quota_counts_the_pods_overhead(tmp_path):
    """Kubernetes "Pod Overhead": "If a ResourceQuota is defined, the sum of container requests as well as the
    overhead field are counted" (the quota evaluator's PodRequests / PodLimits add it; to a limit only where the pod
    sets one). The page's test-pod (containers 500m + 1500m, 100Mi + 100Mi; RuntimeClass kata-fc 250m / 120Mi), two
    replicas, under a quota of exactly their container requests: 4 vCPU and 400Mi. The note said nothing (2 x 2 = 4
    vCPU, 2 x 200 = 400 MiB: within); with the overhead the pods count 4.5 vCPU (4500m) and 640 MiB."""
    import yaml

    from advisor.workload.importers.k8s import import_k8s

    kata = {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "kata-fc"},
            "handler": "kata-fc", "overhead": {"podFixed": {"memory": "120Mi", "cpu": "250m"}}}
    spec = {"runtimeClassName": "kata-fc", "containers": [
        {"name": "busybox-ctr", "image": "busybox:1.28", "resources": {"limits": {"cpu": "500m", "memory": "100Mi"}}},
        {"name": "nginx-ctr", "image": "nginx", "resources": {"limits": {"cpu": "1500m", "memory": "100Mi"}}}]}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "test"},
                  "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "test"}},
                           "template": {"metadata": {"labels": {"app": "test"}}, "spec": spec}}}
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
             "spec": {"hard": {"requests.cpu": "4", "requests.memory": "400Mi", "limits.cpu": "4", "pods": "2"}}}
    path = tmp_path / "app.yaml"
    path.write_text(yaml.safe_dump_all([kata, deployment, quota]))
    [note] = [a for a in import_k8s(path).assumptions if a.startswith("ResourceQuota")]
    assert note.startswith(
        "ResourceQuota default/q: hard requests.cpu 4, but they come to 4500m with the pods' overhead; hard "
        "requests.memory 400Mi, but they come to 640 MiB with the pods' overhead; hard limits.cpu 4, but they come to "
        "4500m with the pods' overhead (the long-running pods of namespace default at their declared replicas: "
        "Deployment test 2); each pod's overhead counts against the quota, as Kubernetes counts it ('Pod Overhead': "
        "'If a ResourceQuota is defined, the sum of container requests as well as the overhead field are counted'; "
        "added to a limit the pod sets): Deployment test cpu 250m, memory 120 MiB per pod. Kubernetes refuses"), note
    assert "hard pods" not in note  # 2 pods under pods: 2
    # without the RuntimeClass the overhead is unknown: not counted (the pods are within the quota), no note
    path.write_text(yaml.safe_dump_all([deployment, quota]))
    assert not [a for a in import_k8s(path).assumptions if a.startswith("ResourceQuota")]
    tight = {**quota, "spec": {"hard": {"requests.cpu": "3"}}}
    path.write_text(yaml.safe_dump_all([deployment, tight]))
    [note] = [a for a in import_k8s(path).assumptions if a.startswith("ResourceQuota")]
    assert ("hard requests.cpu 3, but they come to 4000m (the long-running pods of namespace default at their declared "
            "replicas: Deployment test 2); the pod overhead of Deployment test is unknown (its RuntimeClass is not in "
            "the input) and not counted. Kubernetes refuses") in note, note
