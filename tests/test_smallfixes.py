"""Reported faults kept as tests with their right values: suggestions valid where they are offered (sizes by OS,
quantities), suggested numbers written as a person writes them, the message of an empty or mis-shaped list of
services, quoted values kept exactly, eks.coredns quantities."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import WorkloadError
from advisor.units import QuantityError, one_line, parse_cpu, parse_memory_mib, plain_num
from advisor.workload.importers.k8s import import_k8s
from advisor.workload.load import parse_workload

runner = CliRunner()


def _err(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    return " ".join(result.output.split("\n"))


def test_windows_memory_31_suggests_no_size_above_30_gb():
    out = _err(["sizes", "--os", "windows", "--memory", "31"])
    assert "31 GB" not in out and "did you mean" not in out
    assert "write the unit explicitly, e.g. '512 MiB' or '1 GB'" in out
    assert "at most 30720 MiB (30 GB)" in out


@pytest.mark.parametrize("args, right, wrong", [
    (["--memory", "31", "--cpu", "4"], "did you mean '31 GB' (= 31744 MiB)?", None),  # Linux: up to 244 GB
    (["--eks", "--memory", "63"], "did you mean '63 GB'", None),  # EKS: up to 120 GB less 256 MiB
    (["--os", "windows", "--cpu", "300", "--memory", "1GB"], "Write '300 units' (= 0.292969 vCPU).", "300 vCPU"),
    (["--eks", "--cpu", "20000", "--memory", "1GB"], "e.g. '512 units' (= 0.5 vCPU)", "20000 units"),
    (["--os", "windows", "--cpu", "1", "--memory", "40000MB"], "e.g. '512 MiB' or '1 GB'", "40000 MiB"),
])
def test_sizes_suggestions_are_valid_for_the_os(args, right, wrong):
    out = _err(["sizes", *args])
    assert right in out
    assert wrong is None or wrong not in out


@pytest.mark.parametrize("value, right, wrong", [
    (1e3, "Write '1000 units' (= 0.976562 vCPU)", "1000 vCPU"),  # 1000 vCPU is more than any instance has
    ("1e3", "Write '1000 units' (= 0.976562 vCPU)", "1000 vCPU"),
    ("1e3M", "Did you mean '1000m' (= 1 vCPU)?", "1e3m"),
    (200, "Write '200 units' (= 0.195312 vCPU) or, if you really mean vCPU, '200 vCPU'", None),
])
def test_cpu_suggestions(value, right, wrong):
    with pytest.raises(QuantityError) as exc:
        parse_cpu(value)
    assert right in str(exc.value)
    assert wrong is None or wrong not in str(exc.value)


@pytest.mark.parametrize("value, right", [
    ("0.5m", "write '0.5 GB'"),  # '0.5Mi' is below 1 MiB: not offered
    ("1234.5678 MB", "write '1234.5678 MiB' (or the bare number 1234.5678)"),  # every digit, not 1234.57
])
def test_memory_suggestions(value, right):
    with pytest.raises(QuantityError) as exc:
        parse_memory_mib(value)
    assert right in str(exc.value)


def test_plain_num_writes_numbers_as_people_do():
    assert [plain_num(x) for x in (1e3, 1000.0, 0.1 + 0.2, 1234.5678, 20971520.0, 0.5)] == \
        ["1000", "1000", "0.3", "1234.5678", "20971520", "0.5"]


def _deployment(cpu: str) -> str:
    return ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: "
            "{matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n"
            f"      - name: web\n        image: nginx\n        resources: {{requests: {{cpu: {cpu}, memory: 512Mi}}}}\n")


@pytest.mark.parametrize("cpu", ["1e3", '"1e3"', "1000.0"])
def test_manifest_cpu_1e3_suggests_1000m(cpu, tmp_path):
    (tmp_path / "d.yaml").write_text(_deployment(cpu))
    with pytest.raises(WorkloadError) as exc:
        import_k8s(tmp_path / "d.yaml")
    assert "if you meant millicores write '1000m' (= 1 vCPU)" in str(exc.value)


@pytest.mark.parametrize("body, got", [("services: []", "an empty list"), ("services: {}", "an empty mapping ({})")])
def test_services_empty_or_mapping(body, got):
    with pytest.raises(WorkloadError) as exc:
        parse_workload(__import__("yaml").safe_load(f"name: t\n{body}\n"), source="w.yaml")
    assert ("services must be a list of 1–50,000 services, e.g. services: [{name: web, cpu: 0.5, memory: 1024}]; "
            f"got {got}.") in str(exc.value)


@pytest.mark.parametrize("extra, right", [
    ({"commitments": {}}, "commitments must be a list of up to 1,000 commitments (Savings Plans or Reserved "
                          "Instances), e.g. commitments: [{type: compute_savings_plan"),
    ({"services": [{"name": "a", "containers": {}}]},
     "containers must be a list of up to 100 containers, e.g. containers: [{name: app, cpu: 250m, memory: 512Mi}]"),
])
def test_other_lists_of_models(extra, right):
    data = {"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 512}], **extra}
    with pytest.raises(WorkloadError) as exc:
        parse_workload(data, source="w.yaml")
    assert right in str(exc.value)


def test_list_examples_are_valid():
    """Every example a list message gives validates."""
    import yaml

    from advisor.workload.model import LIST_ITEMS, Container, Service

    for model, (_, example) in LIST_ITEMS.items():
        item = yaml.safe_load(example)
        if model not in (Service, Container):
            model.model_validate(item)
    parse_workload({"name": "t", "services": [yaml.safe_load(LIST_ITEMS[Service][1])
                                              | {"containers": [yaml.safe_load(LIST_ITEMS[Container][1])]}]})


def test_name_of_spaces_is_echoed_exactly(tmp_path):
    out = runner.invoke(app, ["import", "taskdef", "examples/web-app.taskdef.json", "--name", "  ", "-o",
                              str(tmp_path / "x.yaml")])
    assert out.exit_code == 2
    assert "--name '  ' is empty" in out.output


def test_one_line_keeps_runs_of_spaces():
    assert one_line("a  b\n   c") == "a  b c"
    from advisor.compare.sweep import check_value
    with pytest.raises(Exception, match=r"got list \['a  b'\]"):
        check_value(["a  b"])


@pytest.mark.parametrize("given, vcpu, mib", [({"cpu": "100m", "memory": "70Mi"}, 0.1, 70.0),
                                               ({"cpu": "0.1 vCPU", "memory": "1 GB"}, 0.1, 1024.0),
                                               ({"cpu": 0.25, "memory": 128}, 0.25, 128.0)])
def test_coredns_takes_quantities(given, vcpu, mib):
    w = parse_workload({"name": "t", "services": [{"name": "a", "cpu": 1, "memory": 512}], "eks": {"coredns": given}})
    assert (w.eks.coredns.cpu, w.eks.coredns.memory) == (vcpu, mib)


def test_coredns_import_round_trip(tmp_path):
    dns = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: coredns, namespace: kube-system, labels: "
           "{k8s-app: kube-dns}}\nspec:\n  replicas: 3\n  selector: {matchLabels: {k8s-app: kube-dns}}\n  template:\n"
           "    metadata: {labels: {k8s-app: kube-dns}}\n    spec:\n      containers:\n      - name: coredns\n"
           "        image: coredns\n        resources: {requests: {cpu: 150m, memory: 32Mi}}\n---\n")
    (tmp_path / "d.yaml").write_text(dns + _deployment("250m"))
    result = import_k8s(tmp_path / "d.yaml")
    text = result.to_yaml()
    assert 'coredns: {replicas: 3, cpu: 0.15, memory: "32 MiB"}' in text
    back = parse_workload(__import__("yaml").safe_load(text))
    assert (back.eks.coredns.replicas, back.eks.coredns.cpu, back.eks.coredns.memory) == (3, 0.15, 32.0)
