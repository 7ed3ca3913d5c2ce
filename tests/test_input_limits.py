"""Hostile and broken input (issue 18): every input kind is read within limits and fails with one message, exit 2.

The YAML-expressible cases live in the bad-input corpus (tests/bad_inputs, run by tests/test_cli.py); this
module covers what a corpus file cannot be: devices, named pipes, standard input, oversized and JSON-only
inputs, values built in Python, and the JSON Schema of the format.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import WorkloadError
from advisor.workload import parse_workload, workload_json_schema
from advisor.workload import source as source_mod
from advisor.workload.importers import kind_of_documents, load_any
from advisor.workload.source import MAX_DEPTH, MAX_DOCUMENT_BYTES, read_source

EX = Path(__file__).resolve().parent.parent / "examples"
runner = CliRunner()
WEB = {"name": "shop", "services": [{"name": "web", "cpu": 0.5, "memory": 1024}]}


def _compare(*args, **kw):
    r = runner.invoke(app, ["compare", *args], **kw)
    assert "Traceback" not in r.output
    return r


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_is_refused_before_it_is_read():
    r = _compare("/dev/zero")
    assert r.exit_code == 2 and "is a character device, not a regular file" in r.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "w.yaml"
    os.mkfifo(fifo)  # opening it for reading would block until a writer came: it must not be opened
    r = _compare(str(fifo))
    assert r.exit_code == 2 and "named pipe (FIFO)" in r.output and "'-'" in r.output


def test_oversized_file_is_refused_from_its_size(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written or read
    r = _compare(str(big))
    assert r.exit_code == 2 and "larger than advisor reads (16,777,216 bytes = 16 MiB)" in r.output


def test_oversized_stdin_is_refused(monkeypatch):
    monkeypatch.setattr(source_mod, "MAX_DOCUMENT_BYTES", 100)
    r = _compare("-", input="name: shop\n" + "#" * 200 + "\n")
    assert r.exit_code == 2 and "<stdin>: more than 100 bytes" in r.output


def test_stdin_is_read_once_for_every_kind():
    for path in (EX / "web-app.yaml", EX / "web-app.taskdef.json", EX / "k8s" / "web.yaml"):
        r = _compare("-", "-p", "ecs-fargate", "-f", "json", input=path.read_text())
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout[r.stdout.index("{"):])["source_file"] == "-"


def test_stdin_that_is_a_terminal_is_refused(monkeypatch):
    class Tty:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Tty())
    with pytest.raises(WorkloadError, match="it is a terminal; pipe a file in"):
        read_source("-")


def test_binary_and_nested_json(tmp_path):
    p = tmp_path / "td.json"
    p.write_text("[" * 50_000 + "]" * 50_000)  # deeper than Python's recursion limit
    with pytest.raises(WorkloadError, match=f"nest more than {MAX_DEPTH} levels"):
        load_any(p)
    p.write_text('{"family": "x", "cpu": "256", "memory": NaN, "containerDefinitions": []}')
    with pytest.raises(WorkloadError, match="NaN is not a number advisor accepts"):
        load_any(p)
    p.write_text('{"family": "x", "containerDefinitions": [{"name": "a", "cpu": 1e999, "memory": 512}]}')
    with pytest.raises(WorkloadError, match=r"containerDefinitions\[0\].cpu: inf is not a number"):
        load_any(p)


@pytest.mark.parametrize("change, needle", [
    ({"operations": {"engineer_cost_per_hour": float("inf")}}, "operations.engineer_cost_per_hour"),
    ({"shared": {"nat_gateways": {"count": 10**400}}}, "shared.nat_gateways.count"),
    ({"services": [{"name": "web", "cpu": 10**400, "memory": 1024}]}, "an integer of 401 digits"),
    ({"services": [{"name": "web", "cpu": 0.5, "memory": 1024, "scaling": {"min": 1, "max": 10**30, "average": 2}}]},
     "services[0].scaling.max"),
    ({"services": [{"name": f"s{i}", "cpu": 0.5, "memory": 1024, "replicas": 5000} for i in range(31)]},
     "155,000 tasks/pods at their peak"),
    ({"services": [{"name": "web", "cpu": "1" * 10_000, "memory": 1024}]}, "is not a CPU quantity"),
])
def test_numbers_built_in_python_are_bounded(change, needle):
    # A notebook can pass values no file can hold (float('inf'), huge ints): the model bounds them too.
    with pytest.raises(WorkloadError) as e:
        parse_workload({**WEB, **change})
    assert needle in str(e.value)


def test_every_example_validates_against_the_published_schema():
    schema = workload_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    workloads = []
    for path in sorted(EX.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        docs = read_source(path).documents
        if kind_of_documents(docs) != "workload" or "services" not in docs[0]:
            continue  # task definitions, service JSON and manifests have their own formats
        workloads.append(path.name)
        errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(docs[0])]
        assert errors == [], path.name
    # every top-level example file is a workload ("1 GB", "256 units" and "500m" are strings the schema accepts)
    assert len(workloads) >= 5 and "web-app.yaml" in workloads


@pytest.mark.parametrize("bad", [{"cpu": "lots"}, {"memory": "512 MB"}, {"memory": "1 PB"}, {"cpu": -1}])
def test_schema_refuses_what_the_loader_refuses(bad):
    doc = {"name": "x", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, **bad}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, workload_json_schema())
    with pytest.raises(WorkloadError):
        parse_workload(doc)


def test_names_with_line_breaks_round_trip_through_import(tmp_path):
    from advisor.workload.importers.k8s import import_k8s

    doc = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a\nb: c\u2028\x85 \U0001f600"},
           "spec": {"containers": [{"name": "x\ny", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}
    p = tmp_path / "p.yaml"
    p.write_text(yaml.safe_dump(doc))
    res = import_k8s(p)
    text = res.to_yaml()  # would raise if it did not read back the same
    assert parse_workload(yaml.safe_load(text)).services[0].name == "a\nb: c\u2028\x85 \U0001f600"


def test_json_duplicate_keys_are_refused_with_their_line(tmp_path):
    """The tester's case in JSON: a repeated key keeps only the last value in json.loads; advisor refuses it."""
    p = tmp_path / "w.json"
    p.write_text('{"name": "t",\n "services": [{"name": "web", "cpu": 4, "memory": 8192}],\n'
                 ' "services": [{"name": "small", "cpu": 0.25, "memory": 512}]}')
    r = _compare(str(p))
    assert r.exit_code == 2
    assert "line 3: the key 'services' is given twice in the same mapping (JSON object) (first at line 2)" in r.output


def test_a_merge_key_written_twice_is_refused_like_any_repeated_key(tmp_path):
    """'<<' twice in one mapping: PyYAML kept the second merge's cpu and memory and dropped the first's without a word
    (a service read as 2 vCPU / 4096 MiB); the key is refused with both lines, as any repeated key is, in a workload
    file and in Kubernetes manifests. One '<<' with a list still merges (the first mapping listed wins)."""
    twice = ("name: m\nservices:\n  - <<: {cpu: 0.5, memory: 1024}\n    <<: {cpu: 2, memory: 4096}\n"
             "    name: a\n    replicas: 1\n")
    p = tmp_path / "w.yaml"
    p.write_text(twice, encoding="utf-8")
    r = _compare(str(p))
    assert r.exit_code == 2 and "line 4: the key '<<' is given twice in the same mapping (JSON object) (first at " \
                                "line 3)" in r.stderr and "'<<: [*first, *second]'" in r.stderr, r.output
    k8s = tmp_path / "d.yaml"
    k8s.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                   "  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx\n"
                   "          resources:\n            requests:\n              <<: {cpu: 250m}\n"
                   "              <<: {memory: 512Mi}\n", encoding="utf-8")
    r = _compare(str(k8s))
    assert r.exit_code == 2 and "the key '<<' is given twice" in r.stderr, r.output
    p.write_text("name: m\nservices:\n  - name: a\n    replicas: 1\n"
                 "    <<: [{cpu: 0.5, memory: 1024}, {cpu: 2, memory: 4096}]\n", encoding="utf-8")
    svc = load_any(p).services[0]
    assert (svc.vcpu, svc.memory_mib) == (0.5, 1024.0)


def test_strategy_json_duplicate_key_is_refused():
    from advisor.workload.capacity_providers import StrategyError, parse_shorthand
    with pytest.raises(StrategyError, match="gives the key 'capacityProvider' twice"):
        parse_shorthand(['[{"capacityProvider": "FARGATE", "capacityProvider": "FARGATE_SPOT", "weight": 1}]'])


def test_schema_and_model_agree_on_booleans():
    """'advisor schema' types spot as boolean; the model refuses the same strings and numbers the schema does."""
    schema = workload_json_schema()
    for bad in ("yes", "true", 1):
        doc = {"name": "t", "services": [{"name": "web", "cpu": 1, "memory": 1024, "spot": bad}]}
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(doc, schema)
        with pytest.raises(WorkloadError, match="is not a boolean; write true or false"):
            parse_workload(doc)


@pytest.mark.parametrize("protocol, valid", [("udp", True), (" UDP ", True), ("Sctp", True), ("tcp", True),
                                             ("icmp", False), ("", False)])
def test_schema_and_model_agree_on_host_port_protocols(protocol, valid):
    """A host port's protocol in any case (ECS writes tcp/udp, Kubernetes TCP/UDP): the schema published an enum of
    capitals, so an editor flagged a valid 'udp' the loader reads."""
    # a Kubernetes pod's (no network_mode): an ECS task's port mapping takes tcp or udp only, SCTP is refused there
    doc = {"name": "t", "services": [{"name": "dns", "cpu": 1, "memory": 1024,
                                      "host_ports": [{"port": 53, "protocol": protocol}]}]}
    errors = list(jsonschema.Draft202012Validator(workload_json_schema()).iter_errors(doc))
    if valid:
        assert errors == []
        assert parse_workload(doc).services[0].host_ports[0].protocol == protocol.strip().upper()
    else:
        assert errors
        with pytest.raises(WorkloadError, match="protocol"):
            parse_workload(doc)


def _depth(text: str) -> int:
    import yaml
    depth = deepest = 0
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return deepest


def _nested(rng, depth: int):
    """One spine ``depth`` levels deep with short side branches (a few hundred nodes, not 2**depth)."""
    if depth == 0:
        return rng.choice(["x", 1, 2.5, "a-b: c?", None])
    inner = _nested(rng, depth - 1)
    side = _nested(rng, min(2, depth - 1)) if rng.random() < 0.3 else "y"
    if rng.random() < 0.5:
        return [inner, side] if rng.random() < 0.5 else [inner]
    return {"k": inner, "s": side} if rng.random() < 0.5 else {"k": inner}


COMPACT = [
    "- " * 99 + "x\n",
    "- " * 101 + "x\n",
    "k:\n" + "- " * 97 + "x\n",
    "k:\n" + "- " * 99 + "x\n",
    "[" * 99 + "]" * 99 + "\n",
    "a:\n  b:\n  - c: [[[x]]]\n    d: {e: [f]}\n",
    "".join("  " * i + f"k{i}:\n" for i in range(45)) + "  " * 45 + "- " * 50 + "x\n",
]


def test_the_quick_depth_bound_never_passes_a_document_deeper_than_the_limit():
    """``surely_within_limits`` lets a file skip the event walk only when no node can be deeper than ``MAX_DEPTH``:
    checked on random nested documents in block, flow and mixed styles at every indentation, and on compact forms
    (indentless sequences, ``- - -`` chains) near the limit."""
    import random

    import yaml

    from advisor.workload.source import surely_within_limits

    rng = random.Random(13)
    texts = list(COMPACT)
    for _ in range(300):
        doc = _nested(rng, rng.randint(1, 130))
        texts.append(yaml.safe_dump(doc, default_flow_style=rng.choice([False, None, True]),
                                    indent=rng.randint(2, 4), width=rng.choice([20, 80, 10**6])))
    passed = 0
    for text in texts:
        if surely_within_limits(text):
            passed += 1
            assert _depth(text) < MAX_DEPTH, text[:200]
    assert passed > 50  # the quick path is taken for ordinary documents
    assert not surely_within_limits("a: &x [1]\nb: *x\n")  # an anchor: the walk counts what aliases add
    # other line breaks and BOMs: 150 levels that a count of '\n' lines would see as one line (found by a tester)
    for brk in ("\r", "\x85", "\u2028", "\u2029", "\r\n"):
        for text in (brk.join(" " * i + f"k{i}:" for i in range(150)) + " x" + brk,
                     brk.join(" " * i + "-" for i in range(150)) + " x" + brk):
            assert not surely_within_limits(text)
    assert not surely_within_limits("\n".join("\ufeff" + " " * i + f"k{i}:" for i in range(150)) + " x\n")


@pytest.mark.parametrize("brk", ["\r", "\u2028", "\r\n"])
def test_deep_yaml_with_other_line_breaks_is_refused_with_its_line(tmp_path, brk):
    deep = tmp_path / "deep.yaml"
    deep.write_text(brk.join(" " * i + f"k{i}:" for i in range(150)) + " x" + brk, encoding="utf-8", newline="")
    with pytest.raises(WorkloadError, match=r"line \d+: mappings and lists nest more than 100 levels"):
        load_any(deep)


@pytest.mark.parametrize("text", [
    "services:\n" + "- 1\n" * 50_001,                     # block list
    "services:\n  -\n" + "  - 1\n" * 50_001,              # nested block list
    "services: [" + ", ".join(["1"] * 50_001) + "]\n",   # flow list
    "a: &x 1\nservices:\n" + "- *x\n" * 50_001,           # with an anchor (the event walk always runs)
])
def test_a_list_longer_than_the_services_limit_is_refused_before_it_is_built(text):
    """A 200,000-service file (11 MB, under the 16 MiB read limit) was parsed for 89 s before the 50,000-services
    limit refused it; a list of more than 50,000 items is now refused from the event stream (about 7 s there)."""
    from advisor.errors import WorkloadError
    from advisor.workload.source import parse_documents

    with pytest.raises(WorkloadError, match=r"a list of more than 50,000 items"):
        parse_documents(text, "big.yaml")


def test_a_list_of_exactly_the_limit_is_read():
    from advisor.workload.source import parse_documents

    (doc,) = parse_documents("services:\n" + "- 1\n" * 50_000, "ok.yaml")
    assert len(doc["services"]) == 50_000


# ---------------------------------------------------------------------- integers longer than Python converts

_HUGE = "1" + "0" * 5000  # Python's int() refuses more than 4,300 digits (sys.get_int_max_str_digits)


@pytest.mark.parametrize(("name", "text", "where"), [
    ("w.yaml", f"name: w\nservices:\n  - {{name: a, cpu: 1, memory: 2048, replicas: {_HUGE}}}\n", "services[0].replicas"),
    ("w.json", json.dumps({"name": "w", "services": [{"name": "a", "cpu": 1, "memory": 2048}]}).replace(
        '"memory": 2048', f'"memory": 2048, "replicas": {_HUGE}'), "services[0].replicas"),
    ("td.json", json.dumps({"family": "f", "containerDefinitions": [{"name": "a", "image": "x"}]}).replace(
        '"family"', f'"cpu": {_HUGE}, "family"'), "cpu"),
    ("dep.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: " + _HUGE
     + "\n  template: {spec: {containers: [{name: a, image: x}]}}\n", "spec.replicas"),
])
def test_an_integer_of_thousands_of_digits_is_an_input_error_naming_its_place(tmp_path, name, text, where):
    """An integer of 5,001 digits is refused as any integer out of range is, naming its place and digit count (it
    ended in a ValueError traceback from int(), exit 1)."""
    path = tmp_path / name
    path.write_text(text)
    r = CliRunner().invoke(app, ["compare", str(path)])
    assert r.exit_code == 2, r.output
    assert f"{where}: an integer of 5,001 digits is out of range" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize("field", ["DesiredCount", "TaskCount"])
def test_digit_strings_of_thousands_of_digits_are_refused_where_they_are_read(tmp_path, field):
    """A quoted number of 5,001 digits (a CloudFormation DesiredCount or an EventBridge TaskCount) is not a whole
    number advisor reads: the field's own message, exit 2."""
    count = f'"{_HUGE}"'
    template = f"""AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster: {{Type: AWS::ECS::Cluster}}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties: {{Cpu: "1024", Memory: "2048", RequiresCompatibilities: [FARGATE], NetworkMode: awsvpc,
                 ContainerDefinitions: [{{Name: a, Image: x}}]}}
  Svc:
    Type: AWS::ECS::Service
    Properties: {{Cluster: !Ref Cluster, TaskDefinition: !Ref Task, LaunchType: FARGATE,
                 DesiredCount: {count if field == "DesiredCount" else 2}}}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: "rate(1 hour)"
      Targets: [{{Id: t, Arn: !GetAtt Cluster.Arn,
                 EcsParameters: {{TaskDefinitionArn: !Ref Task, TaskCount: {count if field == "TaskCount" else 1}}}}}]
"""
    path = tmp_path / "t.yaml"
    path.write_text(template)
    r = CliRunner().invoke(app, ["compare", str(path)])
    assert r.exit_code == 2, r.output
    assert field in r.output and "Traceback" not in r.output


def test_a_strategy_weight_in_another_script_or_too_long_is_refused():
    """'\\d' matches any script's digits (int('٣') is 3) and int() refuses thousands of digits: a capacity provider
    weight must be ASCII digits a 64-bit integer holds."""
    from advisor.workload.capacity_providers import StrategyError, _to_int

    assert _to_int("weight", " 3 ", "") == 3
    for raw in ("٣", _HUGE):
        with pytest.raises(StrategyError, match="weight=.* is not an integer"):
            _to_int("weight", raw, "")


def test_an_offer_file_with_a_number_of_thousands_of_digits_is_refused_before_ijson_reads_it(tmp_path):
    """ijson's C backend crashed the process (segmentation fault) on a number of 4,300 digits or more; the file is
    now refused first, with exit 2."""
    offer = {"formatVersion": "v1.0", "offerCode": "AmazonECS", "version": "20261115000000",
             "publicationDate": "2026-11-15T00:00:00Z", "products": {}, "terms": {"OnDemand": {"X": 0}}}
    path = tmp_path / "index.json"
    path.write_text(json.dumps(offer).replace('{"X": 0}', '{"X": ' + _HUGE + "}"))
    r = CliRunner().invoke(app, ["pricing", "import-offer", str(path), "--data-dir", str(tmp_path / "data")])
    assert r.exit_code == 2, r.output
    assert "more than 1,000 digits" in r.output


@pytest.mark.parametrize("bad,shown", [(None, "null (no value)"), ([True], "[true]"), ({"a": False}, '{"a": false}')])
def test_a_value_that_is_not_a_boolean_is_quoted_as_the_file_writes_it(bad, shown):
    """Not Python's None or [True] (found by a tester on one_per_node)."""
    doc = {"name": "t", "services": [{"name": "web", "cpu": 1, "memory": 1024, "one_per_node": bad}]}
    with pytest.raises(WorkloadError) as err:
        parse_workload(doc)
    assert f"services[0].one_per_node: {shown} is not a boolean; write true or false" in str(err.value)


# a path the file system cannot look at: a name longer than NAME_MAX (255 bytes on Linux; ENAMETOOLONG) was an OSError
# that reached the CLI's output handler ('could not write the output: File name too long. Free some space'), and a
# NUL character (only possible from Python) a ValueError from os.stat
LONG = "a" * 5000


@pytest.mark.parametrize("args", [
    ["compare", LONG], ["report", LONG], ["sweep", LONG], ["import", "k8s", LONG], ["import", "taskdef", LONG],
    ["import", "terraform", LONG], ["import", "cloudformation", LONG], ["pricing", "import-offer", LONG],
])
def test_an_input_path_too_long_is_named_as_an_input(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert "cannot be read: the file name is too long" in r.output
    assert "could not write the output" not in r.output and "Free some space" not in r.output
    assert "(5,000 characters)" in r.output  # the path shortened, not 5,000 characters of it


@pytest.mark.parametrize("args", [
    ["report", "examples/web-app.yaml", "-o", "/tmp/" + "x" * 300 + ".html"],
    ["import", "taskdef", "examples/web-app.taskdef.json", "-o", "/tmp/" + "x" * 300 + "/w.yaml"],
    ["import", "taskdef", "examples/web-app.taskdef.json", "-o", "/tmp/" + "x" * 300 + ".yaml"],
])
def test_an_output_path_too_long_is_shortened_as_an_input_path_is(args):
    """'cannot write /tmp/xxx...x.html' quoted all 310 characters, where an input path that long is shortened."""
    r = runner.invoke(app, args)
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "bytes, and the file system allows at most 255 in one name. Give -o a shorter path" in out, out
    assert "characters)' cannot be written: the name" in out and "x" * 100 not in out, out


@pytest.mark.parametrize("args", [["diff", LONG, "examples/web-app.yaml"], ["diff", "examples/web-app.yaml", LONG]])
def test_diff_names_the_side_whose_path_is_too_long(args):
    r = runner.invoke(app, args, catch_exceptions=False)
    assert r.exit_code == 2 and "the file name is too long" in r.output


@pytest.mark.parametrize("out", [LONG[:300] + ".html", "/tmp/" + LONG[:300] + "/"])
def test_a_report_output_path_too_long_is_refused_before_pricing(out):
    r = runner.invoke(app, ["report", "examples/web-app.yaml", "-o", out], catch_exceptions=False)
    assert r.exit_code == 2 and "bytes, and the file system allows at most 255 in one name. Give -o a shorter path" in r.output


def test_a_nul_character_in_a_path_from_python_is_an_input_error():
    import advisor
    from advisor.errors import AdvisorError
    from advisor.pricing.refresh import import_offer

    for call in (lambda: advisor.load("web\x00.yaml"), lambda: advisor.price("web\x00.yaml"),
                 lambda: read_source("web\x00.yaml"), lambda: import_offer("index\x00.csv")):
        with pytest.raises(AdvisorError, match=r"web\\x00\.yaml|index\\x00\.csv") as err:
            call()
        assert "NUL character" in str(err.value)


@pytest.mark.parametrize("env, source", [({"ADVISOR_DATA_DIR": "/tmp/" + LONG}, "$ADVISOR_DATA_DIR"),
                                         ({"ADVISOR_DATA_DIR": "", "XDG_DATA_HOME": "/tmp/" + LONG}, "$XDG_DATA_HOME")])
def test_a_data_directory_too_long_is_named_with_its_variable(env, source):
    # the user data directory's is_dir() raised ENAMETOOLONG into the CLI's output handler: 'could not write the
    # output: File name too long. Free some space'
    import subprocess

    root = Path(__file__).resolve().parent.parent
    res = subprocess.run([sys.executable, "-m", "advisor", "compare", "examples/web-app.yaml"], cwd=root,
                         capture_output=True, text=True, env={**os.environ, **env})
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert f"(from {source}) cannot be looked at: the file name is too long" in res.stderr
    assert "could not write the output" not in res.stderr


def test_an_os_error_about_a_file_names_the_file_not_standard_output(monkeypatch, capsys):
    """The CLI's last handler took every OSError for a failed write of standard output ('Free some space'); one that
    names a file is about that file."""
    import errno

    import advisor.compare
    from advisor import cli

    def fail(*args, **kwargs):
        raise OSError(errno.ENAMETOOLONG, "File name too long", "/tmp/" + LONG)

    monkeypatch.setattr(advisor.compare, "compare", fail)
    monkeypatch.setattr(sys, "argv", ["advisor", "compare", "examples/web-app.yaml"])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: /tmp/aaaa") and "(5,005 characters): the file name is too long" in err
    assert "could not write the output" not in err


@pytest.mark.parametrize("form", ["list", "mapping"])
def test_daemonsets_have_one_bound_in_both_forms(form):
    # the mapping form's pods stopped at 1,000 while the list form (what a workload reads back as) took any number
    pods = [{"name": f"d{i}", "cpu": "1m", "memory": "10Mi"} for i in range(1001)]
    doc = {**WEB, "daemonsets": pods if form == "list" else {"pods": pods}}
    with pytest.raises(WorkloadError) as e:
        parse_workload(doc)
    assert ("daemonsets: List should have at most 1000 items" if form == "list"
            else "daemonsets.pods: List should have at most 1000 items") in str(e.value)
    doc = {**WEB, "daemonsets": pods[:1000] if form == "list" else {"pods": pods[:1000]}}
    assert len(parse_workload(doc).daemonsets) == 1000


class _PyYamlPath(source_mod.SafeLoader):
    """advisor's loader on PyYAML's own construction path (``SafeLoader.construct_document`` hands a subclass to it)."""


def _read(loader, text):
    """What reading ``text`` gives: ("ok", the documents pickled: their values and which of them are one object), or
    (error type, message) when it is refused."""
    try:
        return "ok", pickle.dumps(list(yaml.load_all(text, Loader=loader)))
    except Exception as exc:  # noqa: BLE001 - the very exception is what is compared
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("text", [
    "name: x\nservices:\n  - {name: a, cpu: 0.5, memory: 1024, replicas: 2, spot: false}\n  - name: b\n    cpu: 1\n",
    "a: &x {b: [1, 2.5, true, null, ~, yes, 2026-01-01]}\nc: *x\nd: [*x, *x]\n",  # aliases: one object, as PyYAML
    "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\ne: {<<: [{p: 1}, {q: 2}], r: 3}\n",  # merge keys
    "volumes: [{defaultMode: 0644}, {mode: 0755, other: 1}]\n",  # octal file modes
    "a: &r [*r]\n",  # a list that holds itself
    "!!map {a: 1}\n", "!!seq [1]\n", "plain\n", "--- a\n--- {b: 1}\n---\n", "? !!str 1\n: x\n1: y\n",
    "a: !!float 1\nb: !!str 5\nc: !!null ''\nd: !!bool TRUE\ne: !!timestamp 2026-13-01\n",
    # refused, and which problem is named first when there are several (PyYAML builds breadth first)
    "a: [{x: 0x1}]\nb: 012\n", "b: {x: 010}\na: 0x1\n", "a: 1\na: 2\n", "a: {b: 1, b: 2}\nc: 0x1\n",
    "a: {x: {y: 0x1}}\nb: {z: 012}\n", "a: {z: 012}\nb: {x: {y: 0x1}}\n", "a: [[0x1]]\nb: [{c: 1, c: 2}]\n",
    "a: !!seq foo\n", "a: !!map\n", "a: !!str {b: 1}\n", "? [1]\n: 2\n", "a: !!set {b: 1}\n", "a: !Ref x\n",
    "a: !!binary aGk=\n", "a: [1, !!omap [{a: 1}]]\n", "a: !!python/object:os.system x\n", "a: !!seq {b: 1}\n",
])
def test_building_a_document_gives_what_pyyaml_gives(text):
    assert _read(source_mod.SafeLoader, text) == _read(_PyYamlPath, text)


def test_building_the_examples_gives_what_pyyaml_gives():
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("examples/**/*.yaml"))]
    assert texts
    for text in texts:
        fast, slow = _read(source_mod.SafeLoader, text), _read(_PyYamlPath, text)
        assert fast[0] == "ok" and fast == slow


def _typed(value):
    """A document with every value's type spelled out (1, 1.0 and True compare equal in Python)."""
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return type(value).__name__, repr(value)


_PLAIN_TEXTS = [
    "name: x\nservices:\n  - {name: a, cpu: 0.5, memory: 1024, replicas: 2, spot: false}\n  - name: b\n    cpu: 1\n",
    "a: [1, 2.5, true, TRUE, False, null, ~, '', yes, no, on, 2026-01-01, 2026-13-01, '1', \"2\", 1:30, =, -0, +7]\n",
    "a: 1e3\nb: .5\nc: -.Inf\nd: .nan\ne: 99999999999999999999999\nf: 2001-12-14t21:59:43.10-05:00\n",
    "'<<': quoted is a plain key\n2: int key\n'2': str key\n~: null key\ntrue: bool key\n1.5: float key\n",
    "plain\n", "--- a\n--- {b: 1}\n---\n", "[]\n", "{}\n", "- a\n- [b, [c, {d: [e]}]]\n",
    "a: |\n  lit\n  eral\nb: >\n  fol\n  ded\nc: 'single ''q'''\nd: \"double \\t \\u00e9\"\n",
    "x: " + "9" * 2000 + "\n",  # an integer of more digits than Python converts: HugeInteger, as PyYAML's path reads it
    "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", "[" + "1, " * source_mod.MAX_LIST_ITEMS + "]\n",  # at the limits
]
#: Texts only the full reader builds (an anchor, alias, tag, merge key, key that is a collection, two keys that make
#: one dict key, an ambiguous integer) or refuses (a syntax error, a limit).
_NOT_PLAIN_TEXTS = [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !Ref x\n", "b: {x: 1}\nd:\n  <<: {y: 2}\n", "? [1]\n: 2\n",
    "? {a: 1}\n: 2\n", "a: 1\na: 2\n", "a: 1\n'a': 2\n", "1: a\n1.0: b\n", "true: a\n1: b\n", "a: 0x10\n",
    "volumes: [{defaultMode: 0644}]\n", "a: 'x\n", "a:\n\t- b\n", "a: b: c\n", "a: [1,\n", "- a\nb: c\n",
    # beyond the limits: check_yaml_events refuses them (the reader stops at once, as it does)
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "[" + "1, " * (source_mod.MAX_LIST_ITEMS + 1) + "]\n",
]


@pytest.mark.parametrize("text", _PLAIN_TEXTS + _NOT_PLAIN_TEXTS)
def test_building_from_events_gives_what_the_loader_gives(text):
    """``_plain_documents`` (documents straight from the parser's events) gives the documents ``SafeLoader`` builds,
    value for value and type for type, or declines (None) and leaves the text, and every message, to it."""
    built = source_mod._plain_documents(text)
    assert (built is not None) == (text in _PLAIN_TEXTS)
    if built is not None:
        assert _typed(built) == _typed(list(yaml.load_all(text, Loader=source_mod.SafeLoader)))


def test_building_the_examples_from_events_gives_what_the_loader_gives():
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("examples/**/*.yaml"))]
    assert texts
    for text in texts:
        built = source_mod._plain_documents(text)
        assert built is not None
        assert _typed(built) == _typed(list(yaml.load_all(text, Loader=source_mod.SafeLoader)))


_SCALAR_WORDS = ["a", "1", "-1", "+1", "0", "007", "0x1f", "0o17", "1.5", ".5", "1e3", "-.inf", ".NaN", "true", "False",
                 "yes", "no", "on", "null", "~", "''", "'1'", '"x"', "2026-01-01", "2026-13-01", "1:30", "=", "<<",
                 "é", "a b", "'a: b'", "-", "!!str 1", "&x 1", "*x", "[]", "{}"]


def _yaml_texts():
    """Random YAML texts over tricky scalars (numbers, booleans, dates, quoted, tags, anchors, merge keys) in flow
    and block mappings and lists, some of them not valid YAML."""
    from hypothesis import strategies as st

    scalar = st.sampled_from(_SCALAR_WORDS)
    flow = st.recursive(scalar, lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(scalar, inner), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")), max_leaves=12)
    block = st.lists(st.tuples(scalar, flow), min_size=1, max_size=6).map(
        lambda kv: "".join(f"{k}: {v}\n" for k, v in kv))
    items = st.lists(flow, min_size=1, max_size=5).map(lambda xs: "".join(f"- {x}\n" for x in xs))
    return st.one_of(block, items, flow.map(lambda x: x + "\n"),
                     st.lists(st.one_of(block, items), min_size=2, max_size=3).map("---\n".join))


def test_random_yaml_from_events_is_what_the_loader_builds_or_left_to_it():
    """On random texts the event builder either declines (None) or gives the loader's documents, type for type; a
    text the loader refuses is never built from events (its message stays the loader's)."""
    from hypothesis import HealthCheck, given, settings

    seen = {"built": 0, "declined": 0}

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_yaml_texts())
    def check(text):
        built = source_mod._plain_documents(text)
        try:
            loaded = list(yaml.load_all(text, Loader=source_mod.SafeLoader))
        except Exception:  # noqa: BLE001 - any refusal of the loader
            assert built is None, text
            seen["declined"] += 1
            return
        if built is None:
            seen["declined"] += 1
        else:
            seen["built"] += 1
            assert _typed(built) == _typed(loaded), text

    check()
    assert seen["built"] > 50 and seen["declined"] > 10, seen  # both paths were exercised
