"""Inputs of the wrong shape where an importer iterates a list (a number, text or a mapping where the input format
has a list), and a price folder holding CSV files that are no price table: each is exit 2 with a message naming the
resource and the field (or a warning naming the file), never a traceback. Found by mutating the IaC fixtures and
k8s manifests field by field (each key given 5, 1e308, true, 'x', {...}, [5]); each reported example is kept here."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import pytest

from advisor.errors import PriceDataWarning, WorkloadError
from advisor.pricing.book import BUNDLED_DIR, PriceBook
from advisor.workload.importers import import_cloudformation, import_k8s, import_terraform, load_any

ROOT = Path(__file__).resolve().parents[1]
IAC = ROOT / "tests" / "fixtures" / "iac"


def _replaced(doc, key: str, value):
    """``doc`` with every value of ``key``, at any depth, replaced by ``value``."""
    if isinstance(doc, dict):
        return {k: copy.deepcopy(value) if k == key else _replaced(v, key, value) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_replaced(v, key, value) for v in doc]
    return doc


def _write(tmp_path: Path, doc, name: str = "input.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


# --------------------------------------------------------------------------------------------- Terraform plans
@pytest.mark.parametrize("fixture, key, value, says", [
    # 'int' object is not iterable, at each of these before
    ("ec2_public_ips_plan.json", "block_device_mappings", 5,
     "aws_launch_template.eks: block_device_mappings: 5 is not a list of blocks"),
    ("ec2_public_ips_plan.json", "network_interfaces", 1e308,
     "aws_launch_template.eks: network_interfaces: 1e+308 is not a list of blocks"),
    ("ec2_public_ips_plan.json", "tag", True, "aws_autoscaling_group.ecs: tag: true is not a list of blocks"),
    ("eks_self_managed_asgs_plan.json", "ebs_block_device", 5,
     "aws_launch_configuration.lc_basic: ebs_block_device: 5 is not a list of blocks"),
    ("eks_self_managed_asgs_plan.json", "override", 5, "aws_autoscaling_group.asg_mixed_instance_basic: "
     "mixed_instances_policy.launch_template.override: 5 is not a list of blocks"),
    # text was read letter by letter, a list of numbers skipped without a word
    ("ec2_public_ips_plan.json", "block_device_mappings", "x",
     "aws_launch_template.eks: block_device_mappings: 'x' is not a list of blocks"),
    ("ec2_public_ips_plan.json", "network_interfaces", [5],
     "aws_launch_template.eks: network_interfaces[0]: 5 is not an object"),
])
def test_a_terraform_block_list_of_the_wrong_shape_names_its_field(tmp_path, fixture, key, value, says):
    path = _write(tmp_path, _replaced(json.loads((IAC / "terraform" / fixture).read_text()), key, value))
    with pytest.raises(WorkloadError) as err:
        import_terraform(path)
    assert says in str(err.value)
    assert "terraform show -json' writes" in str(err.value)


def test_terraform_references_that_are_no_list_are_read_as_none(tmp_path):
    """The configuration's ``references`` (read for messages and to follow a launch template): a number there failed
    with "'int' object is not iterable"; now the template cannot be followed, and the error says so."""
    doc = _replaced(json.loads((IAC / "terraform" / "ec2_public_ips_plan.json").read_text()), "references", 5)
    with pytest.raises(WorkloadError) as err:
        import_terraform(_write(tmp_path, doc))
    assert "aws_autoscaling_group.ecs: launch_template.instance_type: the group's instance type is not declared" \
        in str(err.value)


def test_an_event_rule_name_that_is_no_text_is_not_a_run_minutes_name(tmp_path):
    """Reported: an aws_cloudwatch_event_rule whose name is a mapping failed with "unhashable type: 'dict'" when the
    names --run-minutes may give were matched; a name that is not text is no such name, and the rest is read as
    before (the poller's 2-minute runs come from its rule's tag)."""
    doc = json.loads((IAC / "terraform" / "ecs_scheduler_schedules_plan.json").read_text())
    doc["planned_values"]["root_module"]["resources"][0]["values"]["name"] = {"Fn::ToJsonString": {}}
    doc["resource_changes"][0]["change"]["after"]["name"] = {"Fn::ToJsonString": {}}
    assert doc["resource_changes"][0]["address"] == "aws_cloudwatch_event_rule.poller"
    got = import_terraform(_write(tmp_path, doc)).to_yaml()
    want = import_terraform(IAC / "terraform" / "ecs_scheduler_schedules_plan.json").to_yaml()
    assert "x 2 min (tag advisor/minutes-per-run of aws_cloudwatch_event_rule.poller) x 1 task = 292 task-hours" \
        in got
    def services(text: str) -> list[str]:
        return [line for line in text.split("services:", 1)[1].splitlines() if "source: " not in line]

    assert services(got) == services(want)


# ------------------------------------------------------------------------------------- ECS task definitions
@pytest.mark.parametrize("volumes, says", [
    (5, "volumes: must be a list of volumes (name, host, efsVolumeConfiguration ...), got 5"),
    ("x", "volumes: must be a list of volumes (name, host, efsVolumeConfiguration ...), got 'x'"),
    ({"name": "data"}, "volumes: must be a list of volumes"),
    ([5], "volumes[0]: must be a mapping (a volume: name, host ...), got 5."),
])
def test_task_definition_volumes_of_the_wrong_shape_are_refused(tmp_path, volumes, says):
    """A number failed with "'int' object is not iterable"; a mapping or a list of numbers was skipped silently."""
    td = json.loads((ROOT / "examples" / "web-app.taskdef.json").read_text())
    td["volumes"] = volumes
    with pytest.raises(WorkloadError) as err:
        load_any(_write(tmp_path, td))
    assert "task definition (web-app): " + says in str(err.value)


def test_cloudformation_task_definition_volumes_that_are_a_number_are_refused(tmp_path):
    """Reported: the CloudWatch agent daemon template with ``Volumes: 1e308`` (a traceback in taskdef._sized)."""
    doc = json.loads((IAC / "cloudformation" / "cwi_cwagent_ecs_instance_metric_daemon.json").read_text())
    doc["Resources"]["ECSTaskDefinition"]["Properties"]["Volumes"] = 1e308
    with pytest.raises(WorkloadError) as err:
        import_cloudformation(_write(tmp_path, doc))
    assert "ECSTaskDefinition: Volumes: must be a list of volumes (Name, Host, EfsVolumeConfiguration ...), got " \
           "1e+308" in str(err.value)


# ----------------------------------------------------------------------------------- CloudFormation lists
def _eks_template(selectors, tags) -> dict:
    return {"Resources": {
        "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {
            "Name": "c", "RoleArn": "arn:aws:iam::111122223333:role/r",
            "ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]}}},
        "FP": {"Type": "AWS::EKS::FargateProfile", "Properties": {
            "ClusterName": {"Ref": "Cluster"}, "PodExecutionRoleArn": "arn:aws:iam::111122223333:role/r",
            "Selectors": selectors}},
        "ASG": {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": {
            "MinSize": "1", "MaxSize": "2", "Tags": tags,
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "LT"}, "Version": "1"}}},
        "LT": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {"InstanceType": "m5.large"}}},
    }}


@pytest.mark.parametrize("selectors, tags, says", [
    (5, [], "FP: Selectors: 5 is not valid; it must be a list of selectors ({Namespace: ..., Labels: ...})."),
    ("default", [], "FP: Selectors: 'default' is not valid; it must be a list of selectors"),
    ([{"Namespace": "default"}], 7, "ASG: Tags: 7 is not valid; it must be a list of tags ({Key: ..., Value: ..., "
     "PropagateAtLaunch: ...})."),
])
def test_cloudformation_lists_of_the_wrong_shape_name_their_field(tmp_path, selectors, tags, says):
    with pytest.raises(WorkloadError) as err:
        import_cloudformation(_write(tmp_path, _eks_template(selectors, tags)))
    assert says in str(err.value)


# --------------------------------------------------------------------------------------- Kubernetes manifests
def test_match_fields_values_that_are_no_list_are_refused(tmp_path):
    """A DaemonSet's nodeAffinity matchFields ``values: 5`` failed with "'int' object is not iterable"; as
    matchExpressions' values, it must be a list."""
    path = tmp_path / "ds.yaml"
    path.write_text("""\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchFields:
              - {key: metadata.name, operator: In, values: 5}
      containers:
      - {name: c, image: nginx, resources: {requests: {cpu: 100m, memory: 128Mi}}}
""")
    with pytest.raises(WorkloadError) as err:
        import_k8s(path)
    assert ("document 1 (DaemonSet d): spec.template.spec.affinity.nodeAffinity...nodeSelectorTerms[0].matchFields[0]"
            ".values: must be a list, got a number (5).") in str(err.value)


# ------------------------------------------------------------------------------------ the user's price folder
def test_a_price_folder_holding_only_other_csv_files_is_not_read(tmp_path, monkeypatch):
    """A stray CSV (no price table) in the user data directory made every command fail with "PriceBook(data_dirs=...):
    the folder ... holds no price table ...; ... or use PriceBook.default()", words of the Python API about a folder
    the user set with $ADVISOR_DATA_DIR. Now the bundled prices are read and a warning names the file."""
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    with pytest.warns(PriceDataWarning) as caught:
        book = PriceBook.default()
    assert book.data_dirs == [BUNDLED_DIR]
    assert book.fargate_rate("us-east-1").vcpu_hour.usd == 0.04048
    [w] = caught
    assert f"the user data directory {tmp_path} holds notes.csv, which is not a price table advisor reads" \
        in str(w.message)
    assert "Did you mean" not in str(w.message)  # no table is named like it (difflib offered eks_rates.csv)


def test_a_misnamed_price_table_is_named_with_the_table_it_was_meant_to_be(tmp_path, monkeypatch):
    """fargate_rate.csv beside a real table was ignored without a word."""
    bundled = (BUNDLED_DIR / "fargate_rates.csv").read_text()
    (tmp_path / "fargate_rates.csv").write_text(bundled)
    (tmp_path / "fargate_rate.csv").write_text(bundled)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = PriceBook.default()
    assert book.data_dirs == [tmp_path, BUNDLED_DIR]
    said = [str(w.message) for w in caught if issubclass(w.category, PriceDataWarning)]
    assert len(said) == 1
    assert "holds fargate_rate.csv, which is not a price table advisor reads, so its rows are not used. Did you mean " \
           "'fargate_rates.csv'? Price tables are named fargate_rates.csv, " in said[0]


def test_cli_reads_bundled_prices_past_a_stray_csv(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from advisor.cli import app

    (tmp_path / "backup.csv").write_text("x\n")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    res = CliRunner().invoke(app, ["compare", str(ROOT / "examples" / "web-app.yaml"), "-f", "json"])
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert json.loads(res.stdout)["workload"] == "web-app"


# ------------------------------------------------------------------------- numbers nearer 0 than any quantity
def _workload(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "w.yaml"
    path.write_text("name: w\nregion: us-east-1\n" + extra +
                    "services:\n  - {name: s, cpu: 0.25, memory: 512, replicas: 2}\n")
    return path


@pytest.mark.parametrize("value", ["1e-320", "1e-300", "5e-13"])
def test_a_number_nearer_0_than_a_trillionth_is_refused_in_any_field(tmp_path, value):
    """Reported: ``monthly_hours: 1e-320`` (a subnormal double) was priced, the table headed "9.99989e-321 h/month"
    and the JSON full of 2.47e-322 amounts. Every number field of the workload file refuses it now, naming the field."""
    with pytest.raises(WorkloadError) as err:
        load_any(_workload(tmp_path, f"monthly_hours: {value}\n"))
    assert f"monthly_hours (line 3): {float(value)!r} is " in str(err.value)
    assert "nearer 0 than any quantity advisor reads" in str(err.value)
    with pytest.raises(WorkloadError) as err:
        load_any(_workload(tmp_path, f"operations: {{engineer_cost_per_hour: {value}}}\n"))
    assert "operations.engineer_cost_per_hour (line 3): " in str(err.value)


def test_a_small_real_number_is_still_read(tmp_path):
    assert load_any(_workload(tmp_path, "monthly_hours: 0.001\n")).monthly_hours == 0.001
    assert load_any(_workload(tmp_path, "monthly_hours: 1e-12\n")).monthly_hours == 1e-12


@pytest.mark.parametrize("args, option", [
    (["strategy", "deployment", "-d", "10", "--deployment-minutes", "1e-320", "--deployments-per-month", "1"],
     "--deployment-minutes"),
    (["strategy", "deployment", "-d", "10", "--deployments-per-month", "1e-13"], "--deployments-per-month"),
    (["nodes", "capacity", "-i", "m5.large", "--headroom", "1e-320"], "--headroom"),
])
def test_options_mirroring_workload_fields_refuse_them_too(args, option):
    """``strategy deployment --deployment-minutes 1e-320`` printed a surge of 0.000...000168 task-hours (320 digits)."""
    from typer.testing import CliRunner

    from advisor.cli import app

    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert f"error: {option}: " in res.output and "nearer 0 than any quantity advisor reads" in res.output


def test_a_price_nearer_0_than_a_trillionth_is_refused_in_a_price_table(tmp_path, monkeypatch):
    lines = (BUNDLED_DIR / "fargate_rates.csv").read_text().splitlines()
    row = next(line for line in lines if line.startswith("us-east-1,x86_64,linux,on_demand,0.04048,"))
    (tmp_path / "fargate_rates.csv").write_text(lines[0] + "\n" + row.replace(",0.04048,", ",1e-320,") + "\n")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ADVISOR_CACHE", "off")
    from advisor.errors import PriceDataError

    with pytest.raises(PriceDataError) as err:
        PriceBook.default()
    assert "fargate_rates.csv, line 2, column usd_per_vcpu_hour: '1e-320' is a number below 0.000000000001, nearer 0 " \
           "than any price" in str(err.value)


# --------------------------------------------------------------------- digits str.isdigit takes and int() does not
def test_a_huge_float_count_is_shown_as_written_not_as_309_digits(tmp_path):
    """CloudFormation ``DesiredCount: !If [IsProd, 1e308, 1]`` and ``!Select [1e308, ...]``: the float became a
    309-digit int, written out in full in the message."""
    template = {"Conditions": {"IsProd": {"Fn::Equals": ["a", "a"]}}, "Resources": {
        "TD": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "web", "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": "app", "Image": "nginx"}]}},
        "Svc": {"Type": "AWS::ECS::Service", "Properties": {
            "TaskDefinition": {"Ref": "TD"}, "LaunchType": "FARGATE",
            "DesiredCount": {"Fn::If": ["IsProd", 1e308, 1]}}}}}
    with pytest.raises(WorkloadError) as err:
        import_cloudformation(_write(tmp_path, template))
    assert str(err.value).endswith("Svc: DesiredCount: 1e+308 is not valid; give a whole number of tasks >= 0.")
    template["Resources"]["Svc"]["Properties"]["DesiredCount"] = 2
    template["Resources"]["TD"]["Properties"]["Cpu"] = {"Fn::Select": [1e308, ["256"]]}
    with pytest.raises(WorkloadError) as err:
        import_cloudformation(_write(tmp_path, template))
    assert "Fn::Select index 1e+308 is not a whole number" in str(err.value)
    assert len(str(err.value)) < 300


@pytest.mark.parametrize("size", ["\u00b2", "\u0663\u0660"])
def test_an_ebs_size_in_other_digits_is_refused(tmp_path, size):
    """An ECS service's managed EBS volume ``sizeInGiB: "²"`` raised "invalid literal for int()" ('²'.isdigit() is
    true); Arabic-Indic "٣٠" was read as 30 GiB. Both are refused naming the field, as other fields refuse them."""
    svc = {"cluster": "c", "serviceName": "web", "taskDefinition": "web-app", "desiredCount": 2,
           "launchType": "FARGATE", "volumeConfigurations": [
               {"name": "data", "managedEBSVolume": {"sizeInGiB": size, "roleArn": "arn:aws:iam::1:role/r"}}]}
    from advisor.workload.importers import import_taskdef

    with pytest.raises(WorkloadError) as err:
        import_taskdef(ROOT / "examples" / "web-app.taskdef.json", services_path=_write(tmp_path, svc, "svc.json"))
    assert f"volumeConfigurations[0].managedEBSVolume.sizeInGiB: {size!r} is not a volume size: a whole number of " \
           "GiB from 1 to 16,384" in str(err.value)


def test_an_iops_in_other_digits_is_no_traceback(tmp_path):
    """``iops: "²"`` (read only for the note on IOPS above gp3's baseline) raised "invalid literal for int()"."""
    svc = {"cluster": "c", "serviceName": "web", "taskDefinition": "web-app", "desiredCount": 2,
           "launchType": "FARGATE", "volumeConfigurations": [
               {"name": "data", "managedEBSVolume": {"sizeInGiB": 30, "iops": "\u00b2",
                                                     "roleArn": "arn:aws:iam::1:role/r"}}]}
    from advisor.workload.importers import import_taskdef

    res = import_taskdef(ROOT / "examples" / "web-app.taskdef.json", services_path=_write(tmp_path, svc, "svc.json"))
    assert res.workload.services[0].persistent_volumes[0].size_gib == 30


def test_a_terraform_task_set_scale_in_superscript_digits_is_refused(tmp_path):
    doc = json.loads((IAC / "terraform" / "infracost_ecs_service_test_awsvpc_plan.json").read_text())
    (ts,) = [r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] == "aws_ecs_task_set"]
    ts["values"]["scale"] = [{"unit": "PERCENT", "value": "\u00b2"}]
    for rc in doc["resource_changes"]:
        if rc["type"] == "aws_ecs_task_set":
            rc["change"]["after_unknown"].pop("scale")
    with pytest.raises(WorkloadError, match=r"aws_ecs_task_set.task_set: scale.value: '²' is not valid"):
        import_terraform(_write(tmp_path, doc))


@pytest.mark.parametrize("env", [{"COLUMNS": "\u00b2"}, {"LINES": "\u00b2"}, {"COLUMNS": "9" * 5000},
                                 {"COLUMNS": "\u0663\u0660"}])
def test_a_terminal_size_python_cannot_read_is_ignored(env):
    """``COLUMNS=²`` (or LINES): rich read it with int() because str.isdigit() took it for digits, and every command
    ended in a traceback before it started."""
    import os
    import subprocess
    import sys

    run_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    res = subprocess.run([sys.executable, "-m", "advisor", "sizes", "--cpu", "0.25", "--memory", "512"],
                         capture_output=True, text=True, env=run_env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert "0.25" in res.stdout and "512" in res.stdout


@pytest.mark.parametrize("selector, says", [
    # reported: sorted() of the nodeSelector's keys, "'<' not supported between instances of 'str' and 'int'"
    ("{1: x, kubernetes.io/arch: amd64}", "spec.template.spec.nodeSelector: the key 1 is a number (1), not text"),
    ("{true: x}", "spec.template.spec.nodeSelector: the key true is a boolean (true), not text"),
    ("{null: x}", "spec.template.spec.nodeSelector: the key null is nothing, not text"),
])
def test_a_kubernetes_key_that_is_not_text_is_refused_naming_its_field(tmp_path, selector, says):
    path = tmp_path / "d.yaml"
    path.write_text(f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: w}}
spec:
  replicas: 2
  selector: {{matchLabels: {{a: c}}}}
  template:
    metadata: {{labels: {{a: c}}}}
    spec:
      nodeSelector: {selector}
      containers:
      - {{name: c, image: nginx, resources: {{requests: {{cpu: 100m, memory: 128Mi}}}}}}
""")
    with pytest.raises(WorkloadError) as err:
        import_k8s(path)
    assert f"document 1: {says}; a Kubernetes object's keys are strings" in str(err.value)
    assert "quote it" in str(err.value)


def test_the_first_key_that_is_not_text_in_document_order_is_named(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {1: a}}\n"
                    "spec: {containers: [{name: c, image: x, resources: {limits: {2.5: 1}}}]}\n")
    with pytest.raises(WorkloadError) as err:
        import_k8s(path)
    assert "document 1: metadata.labels: the key 1 is a number (1), not text" in str(err.value)


def test_a_terraform_claim_whose_name_is_not_text_is_refused(tmp_path):
    """Reported: a kubernetes_persistent_volume_claim_v1 whose metadata name is {} failed with "unhashable type:
    'dict'" when the claims pods mount were looked up."""
    doc = json.loads((IAC / "synthetic" / "tf_k8s_volume_plan.json").read_text())
    res = doc["planned_values"]["root_module"]["resources"][4]
    assert res["type"] == "kubernetes_persistent_volume_claim_v1"
    res["values"]["metadata"][0]["name"] = {}
    with pytest.raises(WorkloadError) as err:
        import_terraform(_write(tmp_path, doc))
    assert ("kubernetes_persistent_volume_claim_v1.data: metadata.name: {} is not a name; a PersistentVolumeClaim is "
            "known by its name") in str(err.value)


@pytest.mark.parametrize("item, says", [
    ("FARGATE:weight=1", "'FARGATE:weight': name the capacity provider with its own key, as the ECS API and the AWS "
     "CLI's shorthand do: write capacityProvider=FARGATE,weight=1."),
    ("FARGATE_SPOT:base=2,weight=1", "write capacityProvider=FARGATE_SPOT,base=2."),
])
def test_a_provider_colon_key_strategy_item_is_answered_with_the_form_to_write(item, says):
    """A careless 'FARGATE:weight=1' was told "unknown key 'FARGATE:weight' ... Did you mean 'weight'?", which drops
    the provider."""
    from typer.testing import CliRunner

    from advisor.cli import app

    res = CliRunner().invoke(app, ["strategy", "distribute", item, "-d", "8"])
    assert res.exit_code == 2
    assert says in " ".join(res.output.split())
    assert "Did you mean" not in res.output
