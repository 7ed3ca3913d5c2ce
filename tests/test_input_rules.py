"""Input rules shared across formats: CronJob run counts against the calendar, schedules Kubernetes refuses,
task definitions without containers, memory below 1 MiB, case slips in choices, YAML tags, documented limits.
Each reported example is kept with its right value."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from advisor.errors import WorkloadError
from advisor.units import MEMORY_UNITS_TEXT, QuantityError, parse_memory_mib
from advisor.workload.importers import load_any
from advisor.workload.importers.k8s import CronError, import_k8s, runs_per_month
from advisor.workload.load import load_workload
from advisor.workload.model import MAX_SERVICES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _cronjob(tmp_path, schedule, annotations=None, name="cj.json"):
    spec = {"template": {"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}
    doc = {"apiVersion": "batch/v1", "kind": "CronJob",
           "metadata": {"name": "cj", "annotations": annotations or {"advisor/minutes-per-run": "10"}},
           "spec": {"schedule": schedule, "jobTemplate": {"spec": spec}}}
    deployment = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
                  "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {
                      "requests": {"cpu": "1", "memory": "1Gi"}}}]}}}}
    path = tmp_path / name
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [doc, deployment]}))
    return path


# ----------------------------------------------------------------------------------------------- 1. run counts

@pytest.mark.parametrize("schedule, runs", [
    ("0 0 31 * *", 7 / 12),                 # reported: the 31st exists in 7 of 12 months (was 1)
    ("0 0 30 2 *", 0.0),                    # reported: 30 February never comes (was 1/12)
    ("0 0 29 2 *", 97 / 4800),              # 97 leap years in the 400-year Gregorian cycle
    ("0 0 31 4,6,9,11 *", 0.0),             # April, June, September, November have 30 days
    ("0 0 30 * *", 11 / 12),                # every month but February
    ("0 0 1 * *", 1.0), ("@monthly", 1.0), ("@yearly", 1 / 12), ("@annually", 1 / 12),
    ("0 2 * * *", 730 / 24), ("@daily", 730 / 24), ("@hourly", 730.0),
    ("0 9 * * 1-5", 5 * 730 / 168), ("0 9 * * MON-FRI", 5 * 730 / 168), ("0 0 * * SUN", 730 / 168),
    ("0 0 * JAN *", 31 / 12), ("0 0 1 jan,jul *", 2 / 12),
    ("0 0 */2 * *", (16 * 7 + 15 * 4 + (14 * 303 + 15 * 97) / 400) / 12),  # odd days: a step clears the star bit
    ("*/1 * * * *", 60 * 730), ("@every 90m", 730 * 60 / 90), ("@every 1h30m", 730 * 60 / 90),
])
def test_runs_per_month_counts_the_calendar(schedule, runs):
    assert runs_per_month(schedule) == pytest.approx(runs, rel=1e-9, abs=1e-12)


def test_day_of_month_or_day_of_week_when_both_restricted():
    # robfig/cron (Kubernetes) and Vixie cron: both restricted -> either matches. The 1st or any Monday: 12 firsts
    # + 52.18 Mondays a year, less the firsts that are Mondays (684 of the 4,800 firsts of the 400-year cycle, by
    # datetime.date(y, m, 1).weekday() == 0)
    both = runs_per_month("0 0 1 * MON")
    assert both == pytest.approx((4800 + 20871 - 684) / 4800)
    # a '*' in either field (even '*/1') makes it AND: '1 * *' on Mondays would be only Mondays
    assert runs_per_month("0 0 * * MON") == pytest.approx(730 / 168)
    assert runs_per_month("0 0 */1 * MON") == pytest.approx(730 / 168)
    # both restricted and covering every day: every calendar day
    assert runs_per_month("0 0 1-31 * 0-6") == pytest.approx(146097 / 4800)


def test_reported_cronjob_on_the_31st_is_7_twelfths_of_a_run(tmp_path):
    svc = import_k8s(_cronjob(tmp_path, "0 0 31 * *")).workload.services[0]
    assert (svc.runs_per_month, svc.run_minutes) == (pytest.approx(7 / 12), 10)
    assert svc.monthly_hours == pytest.approx(7 / 12 * 10 / 60)


def test_reported_never_firing_cronjob_is_zero_runs_with_a_note(tmp_path):
    res = import_k8s(_cronjob(tmp_path, "0 0 30 2 *"))
    assert [s.data["name"] for s in res.services] == ["web"]
    note = [n for n in res.notes if "CronJob default/cj" in n]
    assert note and "never fires" in note[0] and "0 runs" in note[0] and "$0" in note[0]
    # not an assumption: strict mode accepts it
    assert [s.name for s in import_k8s(_cronjob(tmp_path, "0 0 30 2 *"), strict=True).workload_checked(True).services] \
        == ["web"]


def test_only_a_never_firing_cronjob_is_nothing_to_import(tmp_path):
    path = tmp_path / "only.json"
    doc = json.loads(_cronjob(tmp_path, "0 0 30 2 *").read_text())["items"][0]
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match=r"nothing to import(.|\n)*never fires"):
        load_any(path)


# ----------------------------------------------------------------------------------------------- 2. invalid schedules

@pytest.mark.parametrize("schedule, field, valid", [
    ("60 0 * * *", "minute field '60'", "minute values are 0-59"),
    ("0 0 * 13 *", "month field '13'", "month values are 1-12"),
    ("0 0 0 * *", "day of month field '0'", "day of month values are 1-31"),
    ("0 24 * * *", "hour field '24'", "hour values are 0-23"),
    ("0 0 * * 7", "day of week field '7'", "day of week values are 0-6"),
    ("0 0 L * *", "day of month field 'L'", "not a number"),
    ("0 0 5-1 * *", "day of month field '5-1'", "starts after it ends"),
    ("*/0 * * * *", "minute field '*/0'", "whole number of 1 or more"),
    ("0 0 * * * *", "6 fields", "five"),
    ("@Daily", "'@Daily'", "did you mean '@daily'"),
])
def test_invalid_schedule_names_field_and_range(tmp_path, schedule, field, valid):
    with pytest.raises(WorkloadError) as e:
        import_k8s(_cronjob(tmp_path, schedule))
    msg = str(e.value)
    assert "spec.schedule" in msg and field in msg and valid in msg and "Kubernetes refuses" in msg
    assert "advisor/hours-per-month" not in msg  # not "add the annotation": the schedule itself is wrong
    # even an hours annotation does not make an object Kubernetes refuses valid
    with pytest.raises(WorkloadError, match="spec.schedule"):
        import_k8s(_cronjob(tmp_path, schedule, {"advisor/hours-per-month": "5"}))


@pytest.mark.parametrize("schedule", ["TZ=Europe/Paris 0 2 * * *", "CRON_TZ=UTC 0 2 * * *"])
def test_time_zone_in_schedule_is_refused_with_spec_time_zone(tmp_path, schedule):
    with pytest.raises(WorkloadError) as e:
        import_k8s(_cronjob(tmp_path, schedule))
    msg = str(e.value)
    assert "spec.schedule" in msg and "cannot use TZ or CRON_TZ in schedule, use timeZone field instead" in msg
    assert "spec.timeZone" in msg and "1.27" in msg and schedule.split()[0].split("=")[1] in msg


def test_missing_schedule_is_an_error_not_a_one_off_job(tmp_path):
    path = _cronjob(tmp_path, None)
    with pytest.raises(WorkloadError, match="spec.schedule: is missing"):
        import_k8s(path)


def test_cron_error_is_a_value_error():
    with pytest.raises(ValueError):
        runs_per_month("61 * * * *")
    with pytest.raises(CronError, match="Go duration"):
        runs_per_month("@every soon")


# ----------------------------------------------------------------------------------------------- 3. task definitions

def test_task_definition_with_null_containers_is_refused_like_an_empty_list(tmp_path):
    for value, word in ((None, "is null"), ([], "is an empty list")):
        path = tmp_path / "td.json"
        path.write_text(json.dumps({"family": "a", "cpu": "256", "memory": "512", "containerDefinitions": value}))
        with pytest.raises(WorkloadError) as e:
            load_any(path)
        assert f"containerDefinitions: {word}" in str(e.value) and "at least one container" in str(e.value)


@pytest.mark.parametrize("doc", [
    {"family": "a", "cpu": "256", "memory": "512"},
    {"family": "a", "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/a:1"},
    {"family": "a", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512"},
    [{"family": "a", "cpu": "256", "memory": "512"}],
])
def test_task_definition_without_containers_says_containers_are_missing(tmp_path, doc):
    path = tmp_path / "td.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError) as e:
        load_any(path)
    msg = str(e.value)
    assert "containerDefinitions: is missing" in msg and "(a)" in msg
    assert "'name' is required" not in msg and "unknown key" not in msg


def test_a_workload_file_is_still_a_workload_file(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("name: family\nservices:\n  - {name: a, cpu: 1, memory: 1024}\n")
    assert load_any(path).services[0].name == "a"


# ----------------------------------------------------------------------------------------------- 4. memory

@pytest.mark.parametrize("value, bytes_, hint", [("2k", "2,000", "2 MiB"), ("1Ki", "1,024", "1 MiB"),
                                                 ("0.5Mi", "524,288", "0.5 GiB"), ("500 KiB", "512,000", "500 MiB")])
def test_workload_memory_below_1_mib_is_refused(tmp_path, value, bytes_, hint):
    with pytest.raises(QuantityError, match=f"is {bytes_} bytes, less than 1 MiB.*Did you mean '{hint}'"):
        parse_memory_mib(value)
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\nservices:\n  - name: a\n    cpu: 1\n    memory: \"{value}\"\n")
    with pytest.raises(WorkloadError, match=r"services\[0\].memory \(line 5\).*less than 1 MiB"):
        load_workload(path)


def test_manifest_memory_below_1_mib_uses_the_same_rule(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n"
                    "      containers:\n        - {name: c, resources: {requests: {cpu: '1', memory: 2k}}}\n")
    with pytest.raises(WorkloadError, match=r"'2k' is 2,000 bytes, less than 1 MiB.*Did you mean '2Mi'"):
        import_k8s(path)


def test_memory_at_least_1_mib_with_small_units_is_accepted():
    assert parse_memory_mib("1024Ki") == 1.0 and parse_memory_mib("2048 KiB") == 2.0
    assert parse_memory_mib("2000k") == pytest.approx(2e6 / 2**20)


def test_memory_unit_list_matches_what_is_accepted():
    with pytest.raises(QuantityError) as e:
        parse_memory_mib("2 XB")
    assert MEMORY_UNITS_TEXT in str(e.value)
    listed = re.findall(r"\b([A-Za-z]+)\b", MEMORY_UNITS_TEXT.replace("(default)", "").replace("(or K)", "K"))
    units = [u for u in listed if u not in {"and", "Kubernetes", "decimal", "the", "AWS", "convention", "or"}]
    assert {"TiB", "Ti", "KiB", "Ki", "MiB", "Mi", "GiB", "Gi", "GB", "k", "K", "M", "G", "T"} <= set(units)
    for unit in units:  # every listed unit is accepted
        assert parse_memory_mib(f"{2 if unit[0] in 'GT' else 4096} {unit}") >= 2


def test_workload_file_keeps_spaces_before_units():
    assert parse_memory_mib("2 GB") == 2048 and parse_memory_mib("2 Gi") == 2048 and parse_memory_mib("2 TiB") == 2 * 2**20


@pytest.mark.parametrize("field, value", [("memory", "2 Gi"), ("memory", " 512Mi"), ("cpu", "500 m")])
def test_manifest_quantity_with_a_space_is_refused(tmp_path, field, value):
    reqs = {"cpu": "1", "memory": "1Gi", field: value}
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                                "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {
                                    "requests": reqs}}]}}}}))
    with pytest.raises(WorkloadError) as e:
        import_k8s(path)
    msg = str(e.value)
    assert f"requests.{field}" in msg and "has a space" in msg and f"write '{''.join(value.split())}'" in msg


# ----------------------------------------------------------------------------------------------- 5. case slips

@pytest.mark.parametrize("key, value, hint", [("architecture", "ARM64", "arm64"), ("architecture", "aarch64", "arm64"),
                                              ("architecture", "X86_64", "x86_64"), ("os", "Linux", "linux"),
                                              ("os", "WINDOWS", "windows")])
def test_choice_in_the_wrong_case_gets_did_you_mean(tmp_path, key, value, hint):
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\nservices:\n  - name: a\n    cpu: 1\n    memory: 1024\n    {key}: {value}\n")
    with pytest.raises(WorkloadError, match=f"services\\[0\\].{key} \\(line 6\\): '{value}' is not valid.*Did you mean "
                       f"'{hint}'\\?"):
        load_workload(path)


@pytest.mark.parametrize("label, value, hint", [("kubernetes.io/arch", "ARM64", "arm64"),
                                                ("kubernetes.io/os", "Linux", "linux")])
def test_manifest_node_label_in_the_wrong_case_gets_did_you_mean(tmp_path, label, value, hint):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                                "spec": {"template": {"spec": {"nodeSelector": {label: value}, "containers": [
                                    {"name": "c", "resources": {"requests": {"cpu": "1", "memory": "1Gi"}}}]}}}}))
    with pytest.raises(WorkloadError, match=f"Did you mean '{hint}'"):
        import_k8s(path)


# ----------------------------------------------------------------------------------------------- 6. YAML tags

@pytest.mark.parametrize("value, tag", [("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
                                        ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"),
                                        ("!Ref other", "!Ref")])
def test_yaml_tag_is_refused_as_a_tag_naming_the_line(tmp_path, value, tag):
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\nservices:\n  - name: {value}\n    cpu: 1\n    memory: 1024\n")
    for read in (load_workload, load_any):
        with pytest.raises(WorkloadError) as e:
            read(path)
        msg = str(e.value)
        assert f"line 3, column 11: the YAML tag '{tag}' is not allowed" in msg
        assert "mappings, lists, strings, numbers, booleans and null" in msg
        assert "syntax error" not in msg and "indentation" not in msg


def test_plain_data_tags_still_read(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("name: !!str w\nservices:\n  - {name: a, cpu: !!float 1, memory: !!int 1024}\n")
    assert load_workload(path).services[0].memory == 1024


# ----------------------------------------------------------------------------------------------- 7. docs

def test_documented_services_limit_is_the_code_limit():
    text = (DOCS / "workload-format.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `services` |"))
    assert f"1–{MAX_SERVICES:,}" in row and "Services per cluster" in row and "not an AWS quota" in row


def test_a_suspended_cronjob_is_left_out_with_a_note(tmp_path):
    # CronJobSpec.suspend: "tells the controller to suspend subsequent executions": no run, no cost
    path = _cronjob(tmp_path, "0 2 * * *")
    doc = json.loads(path.read_text())
    doc["items"][0]["spec"]["suspend"] = True
    path.write_text(json.dumps(doc))
    res = import_k8s(path)
    assert [s.data["name"] for s in res.services] == ["web"]
    assert any("CronJob default/cj left out: spec.suspend is true" in n and "$0" in n for n in res.notes)
    doc["items"][0]["spec"]["suspend"] = "yes"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match=r"spec\.suspend.*true or false"):
        import_k8s(path)


def test_suspend_is_read_before_the_timing_and_null_is_false(tmp_path):
    path = _cronjob(tmp_path, "* * * * *", annotations={"advisor/minutes-per-run": "100"})  # would overlap all month
    doc = json.loads(path.read_text())
    doc["items"][0]["spec"]["suspend"] = True
    path.write_text(json.dumps(doc))
    assert [s.data["name"] for s in import_k8s(path).services] == ["web"]  # suspended: no overlap error, $0
    doc["items"][0]["spec"]["suspend"] = None  # the API server's default: false
    doc["items"][0]["spec"]["schedule"] = "0 2 * * *"
    path.write_text(json.dumps(doc))
    assert [s.data["name"] for s in import_k8s(path).services] == ["cj", "web"]


def _deployment_with_memory(tmp_path, memory):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
                                "spec": {"template": {"spec": {"containers": [{"name": "c", "resources": {
                                    "requests": {"cpu": "250m", "memory": memory}}}]}}}}))
    return path


@pytest.mark.parametrize("memory", ["1e3Mi", "1e-3Gi", "2E1Gi"])
def test_a_kubernetes_quantity_with_an_exponent_and_a_suffix_is_refused(tmp_path, memory):
    # "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$": a suffix or an exponent, never both
    with pytest.raises(WorkloadError, match="both an exponent and a suffix"):
        import_k8s(_deployment_with_memory(tmp_path, memory))


def test_bytes_below_a_mib_are_written_out_in_the_message(tmp_path):
    with pytest.raises(WorkloadError, match=r"'1048575' is 1,048,575 bytes, less than 1 MiB"):
        import_k8s(_deployment_with_memory(tmp_path, "1048575"))


@pytest.mark.parametrize("schedule", ["\u00b2 * * * *", "\u0663 * * * *", "*/\u00b2 * * * *"])
def test_digits_of_other_scripts_in_a_schedule_are_refused_not_a_traceback(tmp_path, schedule):
    # str.isdigit() is true for '²' (int() then raised ValueError) and '٣' (read as 3); Kubernetes takes 0-9 only
    with pytest.raises(WorkloadError, match=r"spec\.schedule"):
        import_k8s(_cronjob(tmp_path, schedule))


def test_messages_name_yaml_and_json_kinds_not_python_types(tmp_path):
    w = tmp_path / "w.yaml"
    w.write_text("name: w\nservices:\n  - {name: a, cpu: 0.5, memory: 1024, replicas: 2024-01-01}\n")
    with pytest.raises(WorkloadError, match=r"Got 2024-01-01 \(a date\)"):
        load_workload(w)
    td = tmp_path / "td.json"
    td.write_text('{"family": "a", "cpu": "256", "memory": "512", "containerDefinitions": [null]}')
    with pytest.raises(WorkloadError, match=r"containerDefinitions\[0\]: expected an object, got null\."):
        load_any(td)
    td.write_text('{"family": null, "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "c"}]}')
    with pytest.raises(WorkloadError, match=r"family: is null, not a name"):
        load_any(td)


def test_a_quoted_number_for_a_numeric_choice_says_to_drop_the_quotes(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("name: w\nservices:\n  - {name: a, cpu: 0.5, memory: 1024}\ncommitments:\n  - {type: "
                    "compute_savings_plan, term_years: \"1\", payment: no_upfront, discount_percent: 20, "
                    "commit_usd_per_hour: 0.01}\n")
    with pytest.raises(WorkloadError, match=r"term_years \(line 5\): '1' is text, not a number; write 1, without quotes "
                                            r"\(1 or 3\)\."):
        load_workload(path)


@pytest.mark.parametrize("line, field, hint", [
    # the unit is in the field's name: the number alone is meant
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, ephemeral_storage_gib: 30 GiB}", "services[0].ephemeral_storage_gib",
     "'30 GiB' is not a number: ephemeral_storage_gib takes a plain number of GiB (the unit is in its name); write 30."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, persistent_volumes: [{name: d, size_gib: 100Gi}]}",
     "services[0].persistent_volumes[0].size_gib",
     "'100Gi' is not a number: size_gib takes a plain number of GiB (the unit is in its name); write 100."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, runs_per_month: 30, run_minutes: 45 min}",
     "services[0].run_minutes", "'45 min' is not a number: run_minutes takes a plain number of minutes"),
    ("operations: {engineer_cost_per_hour: $120}\nservices:\n  - {name: a, cpu: 1, memory: 2 GiB}",
     "operations.engineer_cost_per_hour", "takes a plain number of USD (the unit is in its name); write 120."),
    ("shared: {logs: {ingested_gb_per_month: 50 GB}}\nservices:\n  - {name: a, cpu: 1, memory: 2 GiB}",
     "shared.logs.ingested_gb_per_month", "takes a plain number of GB (the unit is in its name); write 50."),
    # another unit than the name's: no number is suggested
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, ephemeral_storage_gib: 30000 MiB}",
     "services[0].ephemeral_storage_gib", "convert 30000 MiB to GiB and write the number alone."),
    # a count: no unit at all; a quoted number is text
    ("team: {size: 6 engineers}\nservices:\n  - {name: a, cpu: 1, memory: 2 GiB}", "team.size",
     "'6 engineers' is not a number: size takes a plain number; write 6."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, replicas: \"3\"}", "services[0].replicas",
     "'3' is text, not a number; write 3, without quotes (a whole number from 0 to 5,000)."),
])
def test_a_number_with_a_unit_in_a_plain_number_field_says_what_to_write(tmp_path, line, field, hint):
    """ephemeral_storage_gib: 30 GiB, size_gib: 100Gi, run_minutes: 45 min got pydantic's "Input should be a valid
    number, unable to parse string as a number", which names no fix; the field's name gives its unit."""
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\n{line}\n")
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert f"{field} (line " in str(err.value) and hint in str(err.value)
    assert "Input should be" not in str(err.value)


@pytest.mark.parametrize("line, said", [
    # a number field given a list or a mapping: no 'Got', and for a float field no range either
    ("monthly_hours: [1]", "monthly_hours (line 2): Input should be a valid number. Got [1]. Give a number above 0 and "
     "at most 744."),
    ("monthly_hours: {a: 1}", 'Got {"a": 1}. Give a number above 0 and at most 744.'),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, replicas: [1, 2]}",
     "services[0].replicas (line 3): Input should be a valid integer. Got [1, 2]. Give a whole number from 0 to 5,000."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, ephemeral_storage_gib: abc}",
     "Got 'abc'. Give a number from 20 to 200."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB}\nec2: {headroom_percent: x}",
     "ec2.headroom_percent (line 4): Input should be a valid number. Got 'x'. Give a number of at least 0 and below "
     "100."),
    # an integer field given 1e308 said 'Unable to parse input string as an integer' with no range
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, max_percent: 1e308}",
     "1e+308 is not valid here; write a whole number from 100 to 200."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB}\nteam: {size: 1e308}", "write a whole number from 1 to 10,000."),
    # a bound is written as the file would: 744, not 744.0
    ("monthly_hours: true", "true is a boolean, not a number; write a number above 0 and at most 744 (YAML"),
])
def test_a_value_that_is_not_a_number_gets_the_fields_range(tmp_path, line, said):
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\n{line}\n")
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert said in " ".join(str(err.value).split()), str(err.value)
    assert ".0 " not in str(err.value) and ".0." not in str(err.value), str(err.value)


@pytest.mark.parametrize("line, field, hint", [
    # the number alone would be refused too: the hint says why instead of naming it
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, ephemeral_storage_gib: 300 GiB}", "services[0].ephemeral_storage_gib",
     "'300 GiB' is not a number: ephemeral_storage_gib takes a plain number of GiB (the unit is in its name), and 300 "
     "would not do either: Input should be less than or equal to 200."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, ephemeral_storage_gib: 10 GiB}", "services[0].ephemeral_storage_gib",
     "and 10 would not do either: Input should be greater than or equal to 20."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, replicas: \"3.5\"}", "services[0].replicas",
     "'3.5' is text, not a number, and 3.5 would not do either: 3.5 is not a whole number; write a whole number from 0 "
     "to 5,000."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, replicas: \"9999\"}", "services[0].replicas",
     "and 9999 would not do either: Input should be less than or equal to 5000."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, monthly_hours: 800 hours}", "services[0].monthly_hours",
     "and 800 would not do either: Input should be less than or equal to 744."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, min_healthy_percent: 50.5%}", "services[0].min_healthy_percent",
     "and 50.5 would not do either: 50.5 is not a whole number; write a whole number from 0 to 100."),
    # the number as YAML writes it: '3.' is 3 (a float 3.0 would be refused by an integer field), '.5h' is 0.5
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, replicas: \"3.\"}", "services[0].replicas",
     "'3.' is text, not a number; write 3, without quotes (a whole number from 0 to 5,000)."),
    ("services:\n  - {name: a, cpu: 1, memory: 2 GiB, monthly_hours: .5h}", "services[0].monthly_hours",
     "takes a plain number of hours (the unit is in its name); write 0.5."),
])
def test_a_unit_hint_never_names_a_number_the_field_refuses(tmp_path, line, field, hint):
    """'300 GiB' said 'write 300', which ephemeral_storage_gib (at most 200, the ECS API's EphemeralStorage maximum)
    then refused; replicas: "3." said 'without quotes: 3..' and replicas: "3.5" 'write 3.5' (an integer field)."""
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\n{line}\n")
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert f"{field} (line " in str(err.value) and hint in str(err.value)
    assert "write 300." not in str(err.value) and "3.." not in str(err.value)


@pytest.mark.parametrize("value", ["1e3 GiB", "'  '", "NaN GiB", "-5 GiB", "\u0663 GiB", "inf", "30 GiB extra",
                                   "30 \uff27iB", "30 T\u0131b", ".nan", "'-inf GiB'"])
def test_odd_text_in_a_plain_number_field_exits_2_naming_the_field(tmp_path, value):
    """No traceback and no suggested number for text that is not a plain decimal with a unit."""
    path = tmp_path / "w.yaml"
    path.write_text(f"name: w\nservices:\n  - name: a\n    cpu: 1\n    memory: 2 GiB\n    ephemeral_storage_gib: {value}\n",
                    encoding="utf-8")
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert "ephemeral_storage_gib" in str(err.value) and "write " not in str(err.value)


def test_min_nodes_is_bounded(tmp_path):
    """ec2.min_nodes had no upper bound: 1e8 hung compare. At most 5,000 (Kubernetes' and ECS's nodes per cluster)."""
    from typer.testing import CliRunner

    from advisor.cli import app

    p = tmp_path / "w.yaml"
    p.write_text("name: mn\nec2: {min_nodes: 100000000}\nservices:\n  - {name: a, cpu: 0.5, memory: 1024}\n")
    res = CliRunner().invoke(app, ["compare", str(p)])
    assert res.exit_code == 2 and "ec2.min_nodes" in res.output and "5000" in res.output


@pytest.mark.parametrize("policy, replicas, runs, minutes", [
    (None, 5, 8760.0, 5.0),      # Allow (default): 43,800 runs x 5 min = 3,650 h = 5 jobs at once, 5 chains
    ("Allow", 5, 8760.0, 5.0),
    ("Forbid", 1, 8760.0, 5.0),  # a run is skipped while the last runs: one in five starts
    ("Replace", 1, 43800.0, 1.0),  # each run stops when the next starts, a minute later
])
def test_overlapping_cronjob_runs_follow_the_concurrency_policy(tmp_path, policy, replicas, runs, minutes):
    """A CronJob every minute whose runs take 5 minutes was refused ("runs overlap, which advisor cannot model").
    Kubernetes decides by spec.concurrencyPolicy (CronJob docs, "Concurrency policy"): Allow runs them at once (5
    pods on average: 3,650 pod-hours), Forbid skips the runs that would overlap (730 h), Replace cuts each run at the
    next (730 h). The same split as EventBridge's overlapping runs (parallel replicas each taking every 5th run)."""
    path = _cronjob(tmp_path, "* * * * *", annotations={"advisor/minutes-per-run": "5"})
    doc = json.loads(path.read_text())
    if policy is not None:
        doc["items"][0]["spec"]["concurrencyPolicy"] = policy
    path.write_text(json.dumps(doc))
    res = import_k8s(path)
    cj = next(s.data for s in res.services if s.data["name"] == "cj")
    assert (cj["replicas"], cj["runs_per_month"], cj["run_minutes"]) == (replicas, pytest.approx(runs),
                                                                        pytest.approx(minutes))
    assert cj["replicas"] * cj["runs_per_month"] * cj["run_minutes"] / 60 == pytest.approx(3650 if replicas == 5 else 730)
    assert any(n.startswith("CronJob default/cj: CronJob '* * * * *'") and "overlap" in n for n in res.notes)
    w = load_any(path)  # the model accepts what the importer writes
    assert next(s for s in w.services if s.name == "cj").replicas == replicas


def test_an_unknown_concurrency_policy_is_refused(tmp_path):
    path = _cronjob(tmp_path, "0 2 * * *")
    doc = json.loads(path.read_text())
    doc["items"][0]["spec"]["concurrencyPolicy"] = "Sometimes"
    path.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match=r"spec\.concurrencyPolicy.*'Sometimes' is not valid; Kubernetes takes "
                                            r"Allow \(the default\), Forbid or Replace"):
        import_k8s(path)


def _policy(tmp_path, schedule, minutes, policy):
    path = _cronjob(tmp_path, schedule, annotations={"advisor/minutes-per-run": str(minutes)})
    doc = json.loads(path.read_text())
    doc["items"][0]["spec"]["concurrencyPolicy"] = policy
    path.write_text(json.dumps(doc))
    res = import_k8s(path)
    return next(s.data for s in res.services if s.data["name"] == "cj"), res


WEEKS = 730 / 168  # advisor's month in weeks


@pytest.mark.parametrize("policy, replicas, runs, minutes, hours", [
    # weekdays 09:00-17:55 every 5 minutes: 108 firings a day, 540 a week, 540 x 730 / 168 = 2,346.43 a month.
    # Replace: a run stops at the next firing 5 minutes on, but the day's last (17:55) runs its 30 minutes:
    # 107 x 5 + 30 = 565 min a weekday, 2,825 a week -> 2,825 x 730 / 168 / 60 = 204.588 h (it was 730 h: one pod
    # all month); run_minutes is their average, 2,825 / 540 = 5.2315
    ("Replace", 1, 540 * WEEKS, 2825 / 540, 2825 * WEEKS / 60),
    # Forbid: a 30-minute run blocks the next five firings: 09:00, 09:30, ... 17:30, 18 runs a weekday, 90 a week
    # -> 90 x 730 / 168 = 391.07 runs x 30 min = 195.536 h (it was 586.6 h)
    ("Forbid", 1, 90 * WEEKS, 30, 90 * 30 * WEEKS / 60),
    # Allow: every firing runs, 6 at once from 09:25 (the 09:00 ... 09:25 runs): 6 replicas each taking every 6th
    # run, 2,346.43 x 30 / 60 = 1,173.21 pod-hours (it was 2 replicas: the monthly average, 1.6 at once)
    ("Allow", 6, 540 * WEEKS / 6, 30, 540 * 30 * WEEKS / 60),
])
def test_concurrency_policy_business_hours_by_hand(tmp_path, policy, replicas, runs, minutes, hours):
    """The reported CronJob '*/5 9-17 * * 1-5' with 30-minute runs: the policy is worked out from the firing times,
    not from the monthly average (Replace priced one pod all month, Forbid 586.6 h)."""
    cj, res = _policy(tmp_path, "*/5 9-17 * * 1-5", 30, policy)
    assert (cj["replicas"], cj["runs_per_month"], cj["run_minutes"]) == (replicas, pytest.approx(runs, rel=1e-12),
                                                                        pytest.approx(minutes, rel=1e-12))
    assert cj["replicas"] * cj["runs_per_month"] * cj["run_minutes"] / 60 == pytest.approx(hours, rel=1e-12)
    note = next(n for n in res.notes if n.startswith("CronJob default/cj: CronJob '*/5 9-17 * * 1-5'"))
    assert "runs overlap (a run lasts 30 min, the shortest gap between firings is 5 min)" in note
    assert "counted from its firing times over a week, x 4.345 weeks" in note
    w = load_any(tmp_path / "cj.json")  # the model accepts what the importer writes
    assert next(s for s in w.services if s.name == "cj").monthly_hours == pytest.approx(hours / replicas, rel=1e-12)


def _brute(firings: list[float], minutes: float, start: float, end: float) -> tuple[int, float, int]:
    """(Forbid starts, Replace pod-minutes, Allow peak) of runs of ``minutes`` at ``firings`` (sorted minutes), counted
    for the firings in [start, end), by walking them one by one."""
    forbid, replace, peak, busy_until = 0, 0.0, 0, -1e18
    lo = 0
    for i, f in enumerate(firings):
        while firings[lo] <= f - minutes:
            lo += 1
        if start <= f < end:
            peak = max(peak, i - lo + 1)
            replace += min(minutes, firings[i + 1] - f)
        if f >= busy_until:
            busy_until = f + minutes
            forbid += start <= f < end
    return forbid, replace, peak


def _firing_minutes(first: dt.date, last: dt.date, fires) -> list[float]:
    """Minutes since ``first`` of the firings of each date: ``fires(date)`` gives that day's (hour, minute) pairs;
    the dates are walked one by one (datetime's calendar)."""
    out, d = [], first
    while d <= last:
        base = (d - first).days * 1440
        out += [base + h * 60 + m for h, m in fires(d)]
        d += dt.timedelta(days=1)
    return out


_EVERY_5_9_TO_17 = [(h, m) for h in range(9, 18) for m in range(0, 60, 5)]
_EVERY_7 = [(h, m) for h in range(24) for m in range(0, 60, 7)]


@pytest.mark.parametrize("schedule, fires, minutes", [
    ("*/5 9-17 * * 1-5", lambda d: _EVERY_5_9_TO_17 if d.weekday() < 5 else [], 30),
    ("*/5 9-17 * * 1-5", lambda d: _EVERY_5_9_TO_17 if d.weekday() < 5 else [], 10),  # under 730 h
    ("0,20 8 * * 1,3", lambda d: [(8, 0), (8, 20)] if d.weekday() in (0, 2) else [], 2 * 1440 + 5),  # days long
    ("*/7 * * * 0", lambda d: _EVERY_7 if d.weekday() == 6 else [], 11),  # Sundays only
    ("*/7 * * * *", lambda d: _EVERY_7, 11),  # 7 or 5 minutes apart: Forbid's runs chain across days and weeks
])
def test_concurrency_policies_match_a_walk_over_the_weeks(schedule, fires, minutes):
    """Schedules that recur with the clock: one week of firing times x 730 / 168. Checked against a walk over
    the firing times of five real weeks (2024-01-01 is a Monday), counting the fourth."""
    from advisor.workload.importers.k8s import cron_overlap

    first = dt.date(2024, 1, 1)
    firings = _firing_minutes(first, first + dt.timedelta(days=35), fires)
    forbid, replace, peak = _brute(firings, minutes, 3 * 10080, 4 * 10080)
    over = cron_overlap(schedule, minutes)
    assert over.forbid_runs == pytest.approx(forbid * WEEKS, rel=1e-12)
    assert over.replace_minutes == pytest.approx(replace * WEEKS, rel=1e-12)
    assert over.peak == peak


def test_concurrency_policies_of_a_calendar_schedule_match_a_walk_over_the_cycle():
    """A schedule tied to the calendar ('0 0,12 */2 * *': 00:00 and 12:00 on odd days of the month, so the 31st
    and the 1st follow each other) with runs of 2,000 minutes, over the 400-year Gregorian cycle / 4,800 months;
    checked against a walk over the firing times of 2000-2399 (datetime's calendar), the month before as warm-up."""
    from advisor.workload.importers.k8s import cron_overlap

    first, start = dt.date(1999, 12, 1), 31 * 1440
    firings = _firing_minutes(first, dt.date(2400, 1, 3), lambda d: [(0, 0), (12, 0)] if d.day % 2 else [])
    end = (dt.date(2400, 1, 1) - first).days * 1440
    forbid, replace, peak = _brute(firings, 2000, start, end)
    over = cron_overlap("0 0,12 */2 * *", 2000)
    assert over.runs == pytest.approx(sum(start <= f < end for f in firings) / 4800, rel=1e-12)
    assert over.forbid_runs == pytest.approx(forbid / 4800, rel=1e-12)
    assert over.replace_minutes == pytest.approx(replace / 4800, rel=1e-12)
    assert over.peak == peak == 3


def test_every_beyond_go_durations_is_refused(tmp_path):
    """Go's time.ParseDuration holds int64 nanoseconds: at most 2562047h47m16.854775807s; Kubernetes refuses a longer
    '@every' (it was read as 7.3e-17 runs a month)."""
    assert runs_per_month("@every 2562047h47m16.854775807s") == pytest.approx(730 * 3600 / 9_223_372_036)
    for schedule in ("@every 2562047h47m16.854775808s", "@every 9999999999999999999h", "@every 2562048h",
                     "@every " + "9" * 300 + "ns"):
        with pytest.raises(CronError, match=r"longer than Go's longest, 2562047h47m16\.854775807s"):
            runs_per_month(schedule)
    with pytest.raises(WorkloadError, match=r"spec\.schedule: '@every 9999999999999999999h': the duration is longer "
                                            r"than Go's longest"):
        import_k8s(_cronjob(tmp_path, "@every 9999999999999999999h"))


# ------------------------------------------------------------------------------------ services scaled to zero


def _with_idle(**idle) -> dict:
    return {"name": "idle", "region": "us-east-1",
            "services": [{"name": "web", "cpu": 0.5, "memory": "1 GB", "replicas": 2},
                         {"name": "idle", "cpu": 1, "memory": "2 GB", **idle}]}


@pytest.mark.parametrize("idle", [{"replicas": 0, "os": "windows"}, {"replicas": 0, "gpus": 1},
                                  {"replicas": 0, "network_mode": "bridge"}])
def test_a_service_that_runs_no_task_rules_no_platform_out(idle):
    """A service of 0 replicas (no autoscaling) needs no capacity: every platform prices the rest exactly as it
    would without it, and a note names it (a Windows one made both EC2 platforms 'cannot run'; a GPU one excluded
    every platform)."""
    from advisor.compare import compare

    with_idle = compare(_with_idle(**idle), platforms=["ecs-fargate", "ecs-ec2", "eks-fargate"])
    alone = compare({**_with_idle(), "services": _with_idle()["services"][:1]},
                    platforms=["ecs-fargate", "ecs-ec2", "eks-fargate"])
    for est, ref in zip(with_idle.estimates, alone.estimates):
        assert est.complete and not est.excluded
        assert est.monthly_cost == ref.monthly_cost
    assert [n for n in with_idle.notes if n.startswith("idle: 0 replicas and no autoscaling above 0")]


def test_a_service_scaled_to_zero_that_autoscales_up_still_counts():
    """scaling {min: 0, max: 4} can run 4 tasks: its GPUs still rule every platform out (advisor prices no GPU
    capacity), and the error names it."""
    from advisor.compare import compare
    from advisor.errors import AdvisorError

    with pytest.raises(AdvisorError, match="ecs-fargate: idle needs GPUs"):
        compare(_with_idle(gpus=1, scaling={"min": 0, "max": 4, "average": 1}), platforms=["ecs-fargate"])


def test_every_service_idle_is_left_as_it_is():
    """When no service runs a task there is nothing else to price: the workload is not emptied; it gains the one note
    saying that nothing runs (once, however often it is asked)."""
    from advisor.workload import parse_workload

    wl = parse_workload({"name": "z", "region": "us-east-1",
                         "services": [{"name": "a", "cpu": 1, "memory": "2 GB", "replicas": 0}]})
    kept = wl.without_idle_services()
    assert [s.name for s in kept.services] == ["a"]
    assert kept.notes[-1].startswith("Nothing runs: its only service, a, has 0 replicas") and kept.idle_note == kept.notes[-1]
    assert kept.without_idle_services() is kept


# ------------------------------------------------------------------------------------ field checks that name the service


def test_deployments_longer_than_a_month_name_the_service_and_its_line(tmp_path):
    """100 deployments of 600 minutes are 60,000 minutes, more than a month's 44,640: the error names services[1] and
    its line (it was a bare 'deployments_per_month=100 x deployment_minutes=600 ...' without file or service)."""
    path = tmp_path / "w.yaml"
    path.write_text("name: w\nservices:\n  - {name: a, cpu: 0.5, memory: 1024, replicas: 10}\n"
                    "  - {name: b, cpu: 0.5, memory: 1024, replicas: 10, deployments_per_month: 100, "
                    "deployment_minutes: 600}\n")
    with pytest.raises(WorkloadError, match=r"services\[1\] \(line 4\): deployments_per_month x deployment_minutes = "
                                            r"100 x 600 = 60000 minutes of deployments, more than a month has \(44,640\)"):
        load_any(path)


@pytest.mark.parametrize(("given", "ok"), [(16.6667, True), (16.666666666666668, True), (16.67, True), (17, False),
                                           (16.66, False)])
def test_monthly_hours_of_a_batch_service_agree_as_written(given, ok):
    """100 runs x 10 minutes = 16.666... hours: a monthly_hours written 16.6667 (or 16.67) is that number as far as
    it is written and is accepted (it was refused: 'monthly_hours (16.6667) disagrees with ... = 16.6667'); the runs'
    exact hours are billed. 16.66 and 17 disagree, and the message shows enough digits to see it."""
    from advisor.workload import parse_workload

    data = {"name": "w", "services": [{"name": "a", "cpu": 0.5, "memory": 1024, "runs_per_month": 100,
                                       "run_minutes": 10, "monthly_hours": given}]}
    if ok:
        assert parse_workload(data).services[0].monthly_hours == 100 * 10 / 60
    else:
        with pytest.raises(WorkloadError, match=r"disagrees with .* = 100 x 10 / 60 = 16\.66666667"):
            parse_workload(data)


# ------------------------------------------------------------------ found by a new-user pass (2026-12-02)


@pytest.mark.parametrize("name, char", [("we\u200bb", "U+200B ZERO WIDTH SPACE"), ("web\x1b", "U+001B"),
                                        ("w\u202eeb", "U+202E RIGHT-TO-LEFT OVERRIDE")])
def test_names_that_differ_only_by_invisible_characters_are_refused(tmp_path, name, char):
    """'web' and 'we\u200bb' passed the uniqueness check and both showed as 'web' in the table and Markdown (names
    with such characters are accepted, and every output removes the characters: the two looked the same)."""
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"name": "c", "services": [{"name": "web", "cpu": 1, "memory": 2048},
                                                       {"name": name, "cpu": 4, "memory": 8192}]}))
    with pytest.raises(WorkloadError, match="differ only by characters tables and reports cannot show") as err:
        load_workload(p)
    assert char in str(err.value) and "both would read 'web'" in str(err.value)
    assert "services[1].name (line 1): service names 'web' (services[0].name) and" in str(err.value)
    p.write_text(json.dumps({"name": "c", "services": [{"name": name, "cpu": 4, "memory": 8192}]}))
    assert load_workload(p).services[0].name == name  # alone, it is accepted (and shown without the character)


@pytest.mark.parametrize("first, second, shown", [("web ", "web", "web"), (" web", "web", "web"),
                                                    ("a  b", "a b", "a b"), ("a\tb", "a b", "a b"),
                                                    ("a\u00a0b", "a b", "a b")])
def test_names_that_differ_only_by_spaces_are_refused(tmp_path, first, second, shown):
    """'web ' and 'web' passed the uniqueness check and read the same in every output people read: the terminal
    table pads its cells, a Markdown table trims them and HTML collapses runs of spaces."""
    p = tmp_path / "w.json"
    p.write_text(json.dumps({"name": "c", "services": [{"name": first, "cpu": 1, "memory": 2048},
                                                       {"name": second, "cpu": 4, "memory": 8192}]}))
    with pytest.raises(WorkloadError, match="differ only by characters tables and reports cannot show") as err:
        load_workload(p)
    assert "(spaces at either end, several in a row, tabs or line breaks)" in str(err.value)
    assert f"so both would read {shown!r}; rename one" in str(err.value)
    assert "services[1].name (line 1)" in str(err.value)
    p.write_text(json.dumps({"name": "c", "services": [{"name": "a b", "cpu": 4, "memory": 8192},
                                                       {"name": "a c", "cpu": 4, "memory": 8192}]}))
    assert [s.name for s in load_workload(p).services] == ["a b", "a c"]  # one space inside a name is fine


def test_a_utf16_file_is_named_as_such(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_bytes("name: x\nservices:\n  - {name: web, cpu: 1, memory: 2048}\n".encode("utf-16"))
    with pytest.raises(WorkloadError, match="UTF-16 text .* Save it as UTF-8"):
        load_workload(p)


def test_json_with_surrogate_pair_escapes_saved_as_yaml_is_read(tmp_path):
    """json.dumps writes an emoji as \\ud83d\\ude80, which JSON reads and YAML refuses ('found invalid Unicode
    character escape code'): the same bytes loaded as .json but not as .yaml."""
    p = tmp_path / "w.yaml"
    p.write_text(json.dumps({"name": "\U0001F680", "services": [{"name": "web", "cpu": 1, "memory": 2048}]}))
    assert "\\ud83d" in p.read_text()
    assert load_workload(p).name == "\U0001F680"
    p.write_text('{"name": "x", services: [')  # neither: the YAML error, with its line
    with pytest.raises(WorkloadError, match="YAML syntax error"):
        load_workload(p)


def test_a_whole_number_field_given_a_fraction_states_its_range(tmp_path):
    p = tmp_path / "w.yaml"
    p.write_text("name: x\nservices:\n  - {name: web, cpu: 1, memory: 2048, replicas: 1e12}\n")
    with pytest.raises(WorkloadError, match=r"1000000000000\.0 is not valid here; write a whole number from 0 to 5,000\."):
        load_workload(p)


def test_a_china_region_says_advisor_does_not_price_it():
    """cn-north-1: EKS on Fargate said 'not in AWS GovCloud (US)'."""
    from advisor.costing.fargate import eks_unsupported_reason
    from advisor.workload import parse_workload

    svc = parse_workload({"name": "x", "services": [{"name": "a", "cpu": 1, "memory": 2048}]}).services[0]
    assert "GovCloud" not in eks_unsupported_reason(svc, "cn-north-1")
    assert "billed in CNY" in eks_unsupported_reason(svc, "cn-north-1")
    assert "GovCloud" in eks_unsupported_reason(svc, "us-gov-west-1")


# --------------------------------------------------------------------- daemonsets: a list or a mapping (one union)

@pytest.mark.parametrize("daemonsets, where, says, not_said", [
    # reported: "daemonsets.list[DaemonSet][0]: unknown key 'cpus'. Valid keys here: on_fargate, pods." and a second
    # problem "daemonsets.DaemonSets: Input should be a valid dictionary or instance of DaemonSets"
    ("[{name: x, cpus: 100m}]", "daemonsets[0] (line 4)", "Did you mean 'cpu'? Valid keys here: architecture, compute_types, "
     "cpu, eks_addon, host_network, host_ports, host_volumes, instance_families, instance_type_pattern, "
     "instance_types, memory, name, node_labels, on_fargate, os, pod_overhead, privileged.", "pods"),
    ("[{name: x, on_fargate: drop}]", "daemonsets[0].on_fargate (line 4)", "expected 'sidecar' or 'exclude'",
     "valid dictionary"),
    ("{on_fargate: sidecar, pod: []}", "daemonsets (line 4)", "Did you mean 'pods'?", "valid list"),
    ("{pods: [{name: x, cpu: 0}]}", "daemonsets.pods[0].cpu (line 4)", "CPU must be a positive number", "valid list"),
    ("fluent-bit", "daemonsets (line 4)", "give a list of DaemonSets", "DaemonSets (line"),
])
def test_daemonsets_errors_name_the_branch_the_input_chose(tmp_path, daemonsets, where, says, not_said):
    path = tmp_path / "w.yaml"
    path.write_text("name: w\nservices:\n  - {name: web, cpu: 1, memory: 2 GB}\n"
                    f"daemonsets: {daemonsets}\n")
    with pytest.raises(WorkloadError) as exc:
        load_workload(path)
    msg = str(exc.value)
    assert "(1 problem)" in msg and f"  - {where}: " in msg and says in msg, msg
    assert "list[DaemonSet]" not in msg and not_said not in msg, msg


@pytest.mark.parametrize("volume, ok", [
    ({"size_gib": 40960, "volume_type": "io2"}, True),   # io2 Block Express: 4 GiB - 64 TiB
    ({"size_gib": 40960}, True),                          # no type: gp3, 1 GiB - 64 TiB since September 2025
    ({"size_gib": 20480, "volume_type": "io1"}, False),  # io1: 4 - 16,384 GiB
    ({"size_gib": 2048, "volume_type": "standard"}, False),  # magnetic: 1 - 1,024 GiB
    ({"size_gib": 17000, "volume_type": "st1"}, False),  # st1: 125 - 16,384 GiB
])
def test_persistent_volume_size_is_checked_against_its_type(tmp_path, volume, ok):
    """Amazon EC2 API Reference, CreateVolume Size: gp2 1 - 16,384 GiB, gp3 1 - 65,536, io1 4 - 16,384, io2 4 - 65,536,
    st1 and sc1 125 - 16,384, standard 1 - 1024. An io2 volume above 16 TiB was refused with gp3's old limit."""
    path = tmp_path / "w.yaml"
    path.write_text(json.dumps({"name": "pv", "region": "us-east-1", "services": [
        {"name": "db", "cpu": 1, "memory": 2048, "persistent_volumes": [{"name": "data", **volume}]}]}))
    if ok:
        [v] = load_workload(path).services[0].persistent_volumes
        assert (v.size_gib, v.volume_type) == (volume["size_gib"], volume.get("volume_type"))
        return
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    kind = volume.get("volume_type", "gp3")
    lo, hi = {"io1": ("4", "16,384"), "st1": ("125", "16,384"), "standard": ("1", "1,024")}[kind]
    assert "persistent_volumes" in str(err.value) and \
        f"size_gib: {volume['size_gib']} GiB is outside the size range of an EBS {kind} volume, {lo} to {hi} GiB" \
        in str(err.value), str(err.value)


def test_persistent_volume_without_a_size_needs_its_snapshot(tmp_path):
    """ECS API Reference, ServiceManagedEBSVolumeConfiguration: "You must specify either a volume size or a snapshot
    ID": size_gib null is a volume created from a snapshot (snapshot_id), else an error naming the field."""
    path = tmp_path / "w.yaml"
    path.write_text(json.dumps({"name": "pv", "region": "us-east-1", "services": [
        {"name": "db", "cpu": 1, "memory": 2048, "persistent_volumes": [{"name": "data", "size_gib": None}]}]}))
    with pytest.raises(WorkloadError, match=r"size_gib: is required unless snapshot_id is given"):
        load_workload(path)


# ------------------------------------------------------------------------- a service's size beside its containers

_UNDERSIZED = ("name: t\nservices:\n  - name: web\n    cpu: 0.25\n    memory: 512\n    replicas: 1\n    containers:\n"
               "      - {name: a, cpu: 2, memory: 4096}\n      - {name: b, cpu: 1, memory: 2048}\n")


def test_service_size_below_its_containers_is_refused_naming_both_figures(tmp_path):
    """Reported: cpu 0.25 / memory 512 beside containers of 3 vCPU / 6 GiB was priced at 0.25 vCPU / 512 MiB with no
    note, while the same task definition (task cpu 256, containers 2048 + 1024 units) exits 2. A given size must hold
    the containers' pod request (ECS "Task definition parameters"; Kubernetes pod-level requests)."""
    from typer.testing import CliRunner

    from advisor.cli import app

    path = tmp_path / "ct.yaml"
    path.write_text(_UNDERSIZED)
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    msg = str(err.value)
    assert "(2 problems)" in msg, msg
    assert ("services[0].cpu (line 4): 0.25 vCPU is less than the containers request together, 3 vCPU" in msg
            and "Raise cpu to at least 3 vCPU, or drop cpu" in msg), msg
    assert ("services[0].memory (line 5): 512 MiB is less than the containers request together, 6144 MiB" in msg
            and "Raise memory to at least 6144 MiB, or drop memory" in msg), msg
    res = CliRunner().invoke(app, ["compare", str(path)])
    assert res.exit_code == 2 and "services[0].cpu" in res.output
    # the task definition of the same data says the same: ECS refuses it
    td = tmp_path / "td.json"
    td.write_text(json.dumps({"family": "web", "cpu": "256", "memory": "512", "networkMode": "awsvpc",
                              "containerDefinitions": [{"name": "a", "image": "x", "cpu": 2048, "memory": 4096},
                                                       {"name": "b", "image": "x", "cpu": 1024, "memory": 2048}]}))
    with pytest.raises(WorkloadError, match=r"the containers reserve 3072 CPU units"):
        load_any(td)


@pytest.mark.parametrize("size, ok", [
    ("cpu: 3, memory: 6144", True),           # equal totals are accepted, as ECS accepts them
    ("cpu: 4, memory: 8 GB", True),           # more is the task's own size
    ("cpu: 3", True),                         # memory derived from the containers
    ("cpu: 2.5", False),
    ("memory: 6000", False),
])
def test_service_size_beside_containers_holds_their_sum(tmp_path, size, ok):
    path = tmp_path / "w.yaml"
    path.write_text(f"name: t\nservices:\n  - {{name: web, {size}, containers: [{{name: a, cpu: 2, memory: 4096}}, "
                    "{name: b, cpu: 1, memory: 2048}]}\n")
    if ok:
        svc = load_workload(path).services[0]
        assert svc.vcpu >= 3 and svc.memory_mib >= 6144
    else:
        with pytest.raises(WorkloadError, match=r"services\[0\]\.(cpu|memory) \(line 3\): .* less than the containers "
                                                r"request together, (3 vCPU|6144 MiB)"):
            load_workload(path)


def test_service_size_beside_containers_uses_the_pod_request_rule(tmp_path):
    """The same rule as the derived size (``pod_request``): app 200m / 256Mi + sidecar 100m / 128Mi, then an init
    container of 500m / 64Mi: 600m / 384Mi. A container without memory counts 0 (ECS: memory may be unset when
    memoryReservation is, and the workload writes what ECS reserves)."""
    base = ("name: t\nservices:\n  - name: web\n    cpu: {cpu}\n    memory: 384\n    containers: [{{name: app, cpu: 200m, "
            "memory: 256Mi}}, {{name: log, cpu: 100m}}]\n    init_containers: [{{name: proxy, cpu: 100m, memory: 128Mi, "
            "sidecar: true}}, {{name: migrate, cpu: 500m, memory: 64Mi}}]\n")
    path = tmp_path / "w.yaml"
    path.write_text(base.format(cpu="600m"))
    svc = load_workload(path).services[0]
    assert (svc.vcpu, svc.memory_mib) == (0.6, 384.0)
    path.write_text(base.format(cpu="500m"))
    with pytest.raises(WorkloadError, match=r"services\[0\]\.cpu \(line 4\): 0\.5 vCPU is less than the containers "
                                            r"request together, 0\.6 vCPU"):
        load_workload(path)


# ------------------------------------------------------------------------------ persistent volumes that contradict

def _pv_workload(tmp_path, volumes):
    path = tmp_path / "w.yaml"
    path.write_text(json.dumps({"name": "pv", "services": [{"name": "db", "cpu": 1, "memory": 2048,
                                                             "persistent_volumes": volumes}]}))
    return path


def test_persistent_volume_named_twice_is_refused(tmp_path):
    """Reported: [{name: d, size_gib: 10}, {name: d, size_gib: 10}] was accepted and priced twice."""
    path = _pv_workload(tmp_path, [{"name": "d", "size_gib": 10}, {"name": "d", "size_gib": 10}])
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert "services[0].persistent_volumes[1].name (line 1): 'd' is also persistent_volumes[0]'s name" in str(err.value)
    # unnamed volumes and distinct names stay accepted
    svc = load_workload(_pv_workload(tmp_path, [{"size_gib": 10}, {"size_gib": 10}, {"name": "d", "size_gib": 5},
                                                {"name": "e", "size_gib": 5}])).services[0]
    assert len(svc.persistent_volumes) == 4


def test_ephemeral_shared_volume_is_refused_naming_both_keys(tmp_path):
    """Reported: {ephemeral: true, shared: true} was accepted (ECS priced one per task, EKS one shared). A generic
    ephemeral volume is one claim per pod (Kubernetes "Ephemeral Volumes")."""
    with pytest.raises(WorkloadError) as err:
        load_workload(_pv_workload(tmp_path, [{"name": "d", "size_gib": 10, "ephemeral": True, "shared": True}]))
    msg = str(err.value)
    assert "services[0].persistent_volumes[0].shared" in msg and "ephemeral: true with shared: true" in msg and \
        "one claim per pod" in msg and "Ephemeral Volumes" in msg, msg
    with pytest.raises(WorkloadError, match=r"persistent_volumes\[0\]\.priced_with .*shared: true"):
        load_workload(_pv_workload(tmp_path, [{"name": "d", "size_gib": 10, "priced_with": "Deployment a/web"}]))


def test_persistent_volume_below_its_types_smallest_size_is_priced_at_it(tmp_path):
    """Reported: size_gib 1e-9 was accepted and priced at 1e-9 GiB. A claim's request is the least it asks for (the
    model's rule: not refused), so the volume the provisioner creates, gp3's smallest (1 GiB), is priced: $0.08 a
    month in us-east-1 per task, as a 1 GiB volume."""
    from advisor.compare import compare

    tiny = compare(_pv_workload(tmp_path, [{"name": "d", "size_gib": 1e-9}]), platforms=["ecs-fargate"])
    one = compare(_pv_workload(tmp_path, [{"name": "d", "size_gib": 1}]), platforms=["ecs-fargate"])
    [line] = [x for x in tiny.estimate("ecs-fargate").lines if x.resource == "block_storage"]
    [ref] = [x for x in one.estimate("ecs-fargate").lines if x.resource == "block_storage"]
    assert line.monthly_cost == pytest.approx(ref.monthly_cost) == pytest.approx(0.08)
    assert "1 GiB per task; 0.000000001 GiB asked, below gp3's smallest size, so 1 GiB" in line.name
    [v] = load_workload(_pv_workload(tmp_path, [{"name": "d", "size_gib": 2, "volume_type": "st1"}])
                        ).services[0].persistent_volumes
    assert (v.size_gib, v.billed_size_gib) == (2, 125)


@pytest.mark.parametrize("where", ["top", "service", "quoted"])
def test_monthly_hours_of_a_year_says_a_month_has_744_hours(tmp_path, where):
    """A new user wrote monthly_hours: 8760 (a year's hours) and got a bare '<= 744': the message says what a month
    holds and what to write (730 for a service that always runs)."""
    doc = {"name": "x", "region": "us-east-1", "services": [{"name": "a", "cpu": 1, "memory": 2048}]}
    (doc if where != "service" else doc["services"][0])["monthly_hours"] = "8760" if where == "quoted" else 8760
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    msg = str(err.value)
    assert "monthly_hours" in msg and ("Got 8760" in msg or "Got '8760'" in msg), msg
    assert "A month has at most 744 hours (31 days x 24; 8,760 is a year): give the hours in one month, 730" in msg


def test_monthly_hours_above_a_month_gets_the_same_advice_without_the_year(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump({"name": "x", "region": "us-east-1", "monthly_hours": 800,
                                    "services": [{"name": "a", "cpu": 1, "memory": 2048}]}))
    with pytest.raises(WorkloadError) as err:
        load_workload(path)
    assert "A month has at most 744 hours (31 days x 24): give" in str(err.value)


def test_a_duplicate_service_name_is_located_at_the_second_service(tmp_path):
    """'advisor compare dup.yaml' (two services named 'a') reported '(top level) (line 1)': the whole file, not the
    service to rename."""
    p = tmp_path / "dup.yaml"
    p.write_text("name: x\nservices:\n  - name: a\n    cpu: 1\n    memory: 2048\n    replicas: 1\n"
                 "  - name: a\n    cpu: 1\n    memory: 2048\n    replicas: 1\n")
    with pytest.raises(WorkloadError) as err:
        load_workload(p)
    assert ("services[1].name (line 7): service name 'a' is used twice (also services[0].name); service names must "
            "be unique: rename one.") in str(err.value)
    assert "(top level)" not in str(err.value)
