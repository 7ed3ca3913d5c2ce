"""ECS tasks run on a schedule by EventBridge rules and EventBridge Scheduler schedules, declared in CloudFormation
and Terraform: runs a month from the schedule expression (advisor.workload.importers.eventbridge), priced only with
one run's minutes, and never as a task running all month.

Fixtures (tests/fixtures/iac/SOURCES.md): cloudformation/cfn_templates_ecs_schedule_example.yaml
(aws-cloudformation-templates ECS/ECS_Schedule_Example.yaml: a service and a rule on one task definition);
terraform/tmknom_ecs_scheduled_task_plan.json (the tmknom/terraform-aws-ecs-scheduled-task module planned offline:
rate(3 minutes), a nightly cron(0 2 * * ? *) and a disabled rule); terraform/ecs_scheduler_schedules_plan.json
(aws_scheduler_schedule on weekdays with 2 tasks on FARGATE_SPOT, a disabled one, a tagged rule every 5 minutes).
us-east-1 Fargate x86 rates: $0.04048 per vCPU-hour, $0.004445 per GB-hour on demand; Spot $0.01288871 and
$0.00141527; 730 hours a month.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from advisor.cli import app
from advisor.compare.declared import price_declared
from advisor.errors import WorkloadError
from advisor.workload.importers.cloudformation import import_cloudformation
from advisor.workload.importers.eventbridge import ScheduleExpressionError, schedule_runs
from advisor.workload.importers.k8s import runs_per_month as cronjob_runs_per_month
from advisor.workload.importers.terraform import import_terraform

IAC = Path(__file__).resolve().parent / "fixtures" / "iac"
TF = IAC / "terraform"
runner = CliRunner()
TODAY = dt.date(2026, 5, 1)
FARGATE_VCPU_H, FARGATE_GB_H = 0.04048, 0.004445


# ------------------------------------------------------------------------------------------ runs a month


def _count_days(matches, years=range(2000, 2400)) -> int:
    """Days of ``years`` matching ``matches(date)``, by walking the dates one by one (datetime's own calendar, not
    the importers'): an independent count for the cycle-based answers."""
    n = 0
    for y in years:
        d = dt.date(y, 1, 1)
        while d.year == y:
            n += bool(matches(d))
            d += dt.timedelta(days=1)
    return n


@pytest.mark.parametrize("expression,runs", [
    ("rate(5 minutes)", 730 * 12),  # 8,760: every 5 minutes all month
    ("rate(1 minute)", 730 * 60),
    ("rate(1 hour)", 730),
    ("rate(2 hours)", 365),
    ("rate(1 day)", 730 / 24),
    ("rate(7 days)", 730 / 168),
    ("cron(0 2 * * ? *)", 730 / 24),  # every day, with the clock: 30.4167
    ("cron(00 11 ? * * *)", 730 / 24),  # day-of-week * (the aws-cloudformation-templates example's default)
    ("cron(0 12 ? * MON-FRI *)", 5 * 730 / 168),  # weekdays: 21.726, as a CronJob '0 12 * * 1-5'
    ("cron(0 12 ? * 2-6 *)", 5 * 730 / 168),  # the same by number: 1 is Sunday
    ("cron(0/15 8-17 ? * MON-FRI *)", 4 * 10 * 5 * 730 / 168),
    ("cron(0 0 ? * SAT,SUN *)", 2 * 730 / 168),
    ("cron(0 0 ? * FRI-MON *)", 4 * 730 / 168),  # a range that wraps: Fri, Sat, Sun, Mon
    ("cron(0 0 ? * L *)", 730 / 168),  # L alone in day-of-week: Saturday
    ("cron(0 8 1 * ? *)", 1.0),  # the 1st of every month
    ("cron(0 0 L * ? *)", 1.0),  # the last day of every month
    ("cron(0 0 LW * ? *)", 1.0),
    ("cron(0 0 15W * ? *)", 1.0),
    ("cron(0 9 ? * 2#1 *)", 1.0),  # the first Monday
    ("cron(0 9 ? * 6L *)", 1.0),  # the last Friday
    ("cron(0 0 31 * ? *)", 7 / 12),  # seven months have a 31st
    ("cron(0 0 29 FEB ? *)", 97 / 4800),  # 97 leap years in 400
    ("cron(0 0 1 JAN,JUL ? *)", 2 / 12),
])
def test_runs_per_month_known_answers(expression, runs):
    assert schedule_runs(expression, today=TODAY).runs_per_month == pytest.approx(runs, rel=1e-12)


def test_rules_agree_with_the_kubernetes_cronjob_rules():
    """One rule for both importers: an EventBridge cron and the CronJob schedule that fires at the same times give
    the same runs a month (EventBridge's day-of-week 1 is Sunday, cron's 0)."""
    for aws, k8s in (("cron(0 2 * * ? *)", "0 2 * * *"), ("cron(0 12 ? * MON-FRI *)", "0 12 * * 1-5"),
                     ("cron(30 6 13 * ? *)", "30 6 13 * *"), ("cron(0 0 29 2 ? *)", "0 0 29 2 *"),
                     ("cron(*/10 * ? * 1 *)", "*/10 * * * 0"), ("cron(0 0 1 1/3 ? *)", "0 0 1 1-12/3 *")):
        assert schedule_runs(aws, today=TODAY).runs_per_month == pytest.approx(cronjob_runs_per_month(k8s))


@pytest.mark.parametrize("expression,matches", [
    # the fifth Thursday: only some months have one
    ("cron(0 0 ? * 5#5 *)", lambda d: d.weekday() == 3 and (d.day - 1) // 7 == 4),
    # the weekday nearest the 1st, within the month (a Saturday 1st moves to Monday the 3rd)
    ("cron(0 0 1W * ? *)", lambda d: d.day == _nearest_weekday(d, 1)),
    # the weekday nearest the 31st: never in a 30-day month
    ("cron(0 0 31W * ? *)", lambda d: d.day == _nearest_weekday(d, 31)),
    # Friday the 13th is not expressible (one day field must be '?'); the 13th of the quarter months
    ("cron(0 0 13 1,4,7,10 ? *)", lambda d: d.day == 13 and d.month in (1, 4, 7, 10)),
])
def test_calendar_tied_cron_matches_an_independent_count(expression, matches):
    days = _count_days(matches)
    assert schedule_runs(expression, today=TODAY).runs_per_month == pytest.approx(days / 4800, rel=1e-12)


def _nearest_weekday(d: dt.date, target: int) -> int:
    """Quartz's nW for the month of ``d``, by hand: the Monday-Friday nearest day ``target``, staying in the month."""
    last = (dt.date(d.year + d.month // 12, d.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    if target > last:
        return 0
    t = dt.date(d.year, d.month, target)
    if t.weekday() == 5:
        return target - 1 if target > 1 else target + 2
    if t.weekday() == 6:
        return target + 1 if target < last else target - 2
    return target


def test_year_field_limits_and_past_schedules():
    # one future year: the real calendar of that year, averaged over its 12 months
    r = schedule_runs("cron(0 2 * * ? 2027)", today=TODAY)
    assert r.runs_per_month == pytest.approx(365 / 12) and "stops after 2027" in r.limited
    r = schedule_runs("cron(0 2 1 * ? 2026-2028)", today=TODAY)
    assert r.runs_per_month == pytest.approx(1.0)
    # only past years: it never runs again
    r = schedule_runs("cron(0 2 * * ? 2019-2024)", today=TODAY)
    assert r.runs_per_month == 0 and "names only past years" in r.limited
    # a date that never comes: 0 runs
    assert schedule_runs("cron(0 0 30 FEB ? *)", today=TODAY).runs_per_month == 0
    # EventBridge Scheduler's one-time schedule: one run, or none once its time has passed
    assert schedule_runs("at(2030-01-31T02:00:00)", scheduler=True, today=TODAY).runs_per_month == 1
    assert schedule_runs("at(2024-01-31T02:00:00)", scheduler=True, today=TODAY).runs_per_month == 0


def _runs_from(moment: dt.datetime, last_year: int, hours, minutes=(0,), days=lambda d: True) -> int:
    """Runs at or after ``moment`` up to the end of ``last_year``, by walking the days (datetime's calendar)."""
    n, d = 0, moment.date()
    while d.year <= last_year:
        if days(d):
            n += sum(dt.datetime(d.year, d.month, d.day, h, m) >= moment for h in hours for m in minutes)
        d += dt.timedelta(days=1)
    return n


def test_year_field_counts_the_runs_after_the_as_of_moment():
    """Finding 2: the current year counted as all to come. Runs before the as-of moment are past; what is left is
    averaged over the months left (the month under way by its part left), or priced in one month when a month or
    less is left."""
    dec1 = dt.date(2026, 12, 1)
    # its only run, 1 January 2026, is past on 1 December 2026 (it was 1/12 a month "until 2026")
    r = schedule_runs("cron(0 0 1 JAN ? 2026)", today=dec1)
    assert r.runs_per_month == 0 and "leaves it no run from 2026-12-01 00:00 UTC on" in r.limited \
        and "never runs again" in r.limited
    # every midnight of 2026 from 1 December: 31 runs left in December, one month: 31 (it was 30.42 a month)
    r = schedule_runs("cron(0 0 * * ? 2026)", today=dec1)
    assert r.runs_per_month == _runs_from(dt.datetime(2026, 12, 1), 2026, [0]) == 31
    assert "31 runs are left from 2026-12-01 00:00 UTC to the end of 2026, over 1 month" in r.limited \
        and "priced in one month: 31 runs; it stops after 2026" in r.limited
    # from 15 December 12:00: 16 midnights left (16th-31st), half a month: the 16 runs in one month
    r = schedule_runs("cron(0 0 * * ? 2026)", today=dt.datetime(2026, 12, 15, 12))
    assert r.runs_per_month == _runs_from(dt.datetime(2026, 12, 15, 12), 2026, [0]) == 16
    # every 6 hours of 2026-2027 from 15 November 13:00: the runs left over 13.515 months (November 2026 by its part
    # left, 15 days 11 hours of 30, then December and 2027)
    moment = dt.datetime(2026, 11, 15, 13)
    months = (dt.datetime(2026, 12, 1) - moment) / dt.timedelta(days=30) + 1 + 12
    left = _runs_from(moment, 2027, [0, 6, 12, 18])
    assert left == 1 + 15 * 4 + 31 * 4 + 365 * 4  # 18:00 of the 15th, the 16th-30th, December, 2027
    r = schedule_runs("cron(0 */6 * * ? 2026-2027)", today=moment)
    assert r.runs_per_month == pytest.approx(left / months, rel=1e-12)
    assert "1,645 runs are left from 2026-11-15 13:00 UTC to the end of 2027, over 13.52 months" in r.limited
    # weekdays at 12:00 in the rest of 2026 and 2027, from 2 November 2026 (a Monday)
    moment = dt.datetime(2026, 11, 2, 12, 0, 1)  # one second after: that day's run is past
    left = _runs_from(moment, 2027, [12], days=lambda d: d.weekday() < 5)
    r = schedule_runs("cron(0 12 ? * MON-FRI 2026-2027)", today=moment)
    months = (dt.datetime(2026, 12, 1) - moment) / dt.timedelta(days=30) + 1 + 12
    assert r.runs_per_month == pytest.approx(left / months, rel=1e-12) and left == 20 + 23 + 261  # 3-30 Nov, Dec, 2027 (a Friday start)
    # a year field naming only whole years to come is as before: their average month
    assert schedule_runs("cron(0 2 1 * ? 2026-2028)", today=dt.date(2026, 5, 1)).runs_per_month == pytest.approx(1.0)
    # at(): a time earlier the same day has passed (it was compared by date only)
    noon = dt.datetime(2026, 12, 1, 12)
    r = schedule_runs("at(2026-12-01T10:00:00)", scheduler=True, today=noon)
    assert r.runs_per_month == 0 and "is before 2026-12-01 12:00 UTC: it has passed" in r.limited
    assert schedule_runs("at(2026-12-01T12:00:00)", scheduler=True, today=noon).runs_per_month == 1
    assert schedule_runs("at(2026-12-01T10:00:00)", scheduler=True, today=dec1).runs_per_month == 1


def test_as_of_moment_through_the_importer(tmp_path):
    """--as-of is the start (00:00 UTC) of its day: the reported cron(0 0 * * ? 2026) on 1 December prices its 31 runs
    left; cron(0 0 1 JAN ? 2026) none."""
    p = _nightly_template(tmp_path, rule={"ScheduleExpression": "cron(0 0 * * ? 2026)"})
    res = import_cloudformation(p, run_minutes={"Nightly": 60}, as_of="2026-12-01")
    (svc,) = res.workload.services
    assert (svc.runs_per_month, svc.run_minutes) == (31, 60)
    assert any(n.startswith("Nightly: EventBridge rule 'cron(0 0 * * ? 2026)': its year field (2026) limits it to "
                            "2026: 31 runs are left from 2026-12-01 00:00 UTC") for n in res.notes)
    p = _nightly_template(tmp_path, rule={"ScheduleExpression": "cron(0 0 1 JAN ? 2026)"})
    res = import_cloudformation(p, run_minutes={"Nightly": 60}, as_of="2026-12-01", allow_empty=True)
    assert not res.services and any(n.startswith("Nightly: EventBridge rule 'cron(0 0 1 JAN ? 2026)' runs no more "
                                                 "tasks (its year field (2026) leaves it no run from 2026-12-01 00:00 "
                                                 "UTC on") for n in res.notes)


@pytest.mark.parametrize("expression,scheduler,message", [
    ("rate(1 hours)", False, "singular for 1 and plural above it"),
    ("rate(5 hour)", False, "write rate(5 hours)"),
    ("rate(0 minutes)", False, "not a whole number from 1 to 999,999,999"),
    ("rate(٥ minutes)", False, "digits 0-9"),
    ("rate(5 weeks)", False, "not one of minute, minutes, hour, hours, day, days"),
    ("cron(0 2 * * *)", False, "it has 5 fields, not the six"),
    ("cron(0 2 * * * *)", False, "one of day-of-month and day-of-week must be '?'"),
    ("cron(0 2 ? * ? *)", False, "one of day-of-month and day-of-week must be '?'"),
    ("cron(60 2 * * ? *)", False, "the minutes field '60': 60 is out of range (0-59)"),
    ("cron(0 2 ? * 0 *)", False, "out of range (1-7, 1 is Sunday)"),
    ("cron(0 2 ? * 2#6 *)", False, "week of the month (1-5)"),
    ("cron(0 2 ? * 2#1,3#1 *)", False, "alone in the field"),
    ("cron(0 2 L,15 * ? *)", False, "stand alone in the field"),
    ("cron(0 2 * * ? 1969)", False, "out of range (1970-2199)"),
    ("cron(0 2 * FOO ? *)", False, "'FOO' is not a value (1-12 or JAN-DEC)"),
    ("Cron(0 2 * * ? *)", False, "lower case"),
    ("at(2030-01-01T00:00:00)", False, "EventBridge Scheduler's"),
    ("at(2030-02-30T00:00:00)", True, "is not a date and time"),
    ("every night", True, "neither rate(...) nor cron(...) nor at(...)"),
])
def test_invalid_expressions_say_what_is_wrong(expression, scheduler, message):
    with pytest.raises(ScheduleExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("?", r"\?").replace("*", r"\*")):
        schedule_runs(expression, scheduler=scheduler, today=TODAY)


def test_scheduler_rate_units_are_not_held_to_their_number():
    # CreateSchedule lists the six units without the singular/plural rule; the provider's own example is rate(1 hours)
    assert schedule_runs("rate(1 hours)", scheduler=True, today=TODAY).runs_per_month == 730


# ------------------------------------------------------------------------------------------ CloudFormation


def _nightly_template(tmp_path: Path, rule: dict | None = None, extra: dict | None = None) -> Path:
    """The reported example: a nightly EventBridge rule (02:00 UTC) running a Fargate task definition."""
    resources = {
        "Cluster": {"Type": "AWS::ECS::Cluster"},
        "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": "nightly-report", "Cpu": "1024", "Memory": "2048", "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": "report", "Image": "x"}]}},
        "Nightly": {"Type": "AWS::Events::Rule", "Properties": {
            "ScheduleExpression": "cron(0 2 * * ? *)", "Targets": [{
                "Id": "report", "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "RoleArn": "arn:aws:iam::1:role/events",
                "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE",
                                  "NetworkConfiguration": {"AwsVpcConfiguration": {"Subnets": ["subnet-1"]}}}}],
            **(rule or {})}},
        **(extra or {})}
    p = tmp_path / "nightly.json"
    p.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}))
    return p


def test_nightly_rule_is_not_priced_all_month(tmp_path, prices):
    p = _nightly_template(tmp_path)
    # without one run's minutes it cannot be priced: left out with the runs a month and how to give the minutes
    with pytest.raises(WorkloadError) as err:
        _ = import_cloudformation(p, region="us-east-1").workload
    msg = str(err.value)
    assert "no service to compare yet" in msg and "Nightly: EventBridge rule 'cron(0 2 * * ? *)' runs task " \
        "definition Task 30.4167 times a month" in msg
    assert f"'advisor import cloudformation {p} --run-minutes Nightly=MINUTES -o workload.yaml'" in msg
    assert "{name: nightly-report, cpu: 1, memory: 2048, replicas: 1, runs_per_month: 30.4167, run_minutes: " \
        "MINUTES}" in msg
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-r", "us-east-1"])
    assert r.exit_code == 2 and "--run-minutes Nightly=MINUTES" in r.output and "Traceback" not in r.output
    # with 20 minutes a run: 30.4167 runs x 20 min = 10.139 hours a month, not 730
    res = import_cloudformation(p, region="us-east-1", run_minutes={"Nightly": 20})
    (svc,) = res.workload.services
    assert (svc.name, svc.runs_per_month, svc.run_minutes) == ("nightly-report", pytest.approx(730 / 24), 20)
    assert svc.monthly_hours == pytest.approx(730 / 24 * 20 / 60)
    d = price_declared(res.workload, prices)
    # 10.1389 h x (1 vCPU x 0.04048 + 2 GB x 0.004445) = 10.1389 x 0.04937 = 0.50056 (all month: 730 x 0.04937 = 36.04)
    assert d.monthly_cost == pytest.approx(730 / 24 * 20 / 60 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H), rel=1e-6)
    assert d.runs_on == ["ecs-fargate"]
    # the same through the CLI, and the workload file it writes reads back the same
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-r", "us-east-1", "--run-minutes", "Nightly=20",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text()
    assert "runs_per_month: 30.416666666666668" in text and "run_minutes: 20" in text
    assert "30.4167 runs a month (1 run a day x 30.42 days (730 h / 24)) x 20 min (--run-minutes Nightly)" in text
    r = runner.invoke(app, ["compare", str(out), "-p", "ecs-fargate", "--format", "json"])
    assert r.exit_code == 0, r.output


def test_run_minutes_by_task_family_and_by_tag(tmp_path):
    p = _nightly_template(tmp_path)
    assert import_cloudformation(p, run_minutes={"nightly-report": "5"}).workload.services[0].run_minutes == 5
    # a tag on the rule or on the task definition gives it too (so 'advisor compare TEMPLATE' prices it)
    p = _nightly_template(tmp_path, rule={"Tags": [{"Key": "advisor/minutes-per-run", "Value": "12"}]})
    svc = import_cloudformation(p).workload.services[0]
    assert svc.run_minutes == 12
    # a name that is no scheduled task, and minutes that are not a number: errors naming them
    with pytest.raises(WorkloadError, match=r"--run-minutes Nightlyy: no scheduled ECS task of this input is called "
                       r"that \(its rules and schedules that run ECS tasks: Nightly\)"):
        import_cloudformation(_nightly_template(tmp_path), run_minutes={"Nightlyy": 5})
    with pytest.raises(WorkloadError, match=r"Nightly: --run-minutes Nightly: '٥' is not valid; give one run's minutes"):
        import_cloudformation(_nightly_template(tmp_path), run_minutes={"Nightly": "٥"})
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Nightly"])
    assert r.exit_code == 2 and "is not NAME=MINUTES" in r.output
    # runs that overlap (30.4 runs x 2 days = 1,460 h, more than 730): EventBridge starts each run anyway, so they
    # are priced, as 2 replicas each taking one run in 2 (2 tasks at once on average)
    res = import_cloudformation(_nightly_template(tmp_path), run_minutes={"Nightly": 2880})
    (svc,) = res.workload.services
    assert (svc.replicas, svc.runs_per_month, svc.run_minutes) == (2, pytest.approx(730 / 48), 2880)
    assert any("its runs overlap" in n and "2 tasks run at once on average" in n for n in res.notes)


def test_strict_mode_refuses_a_scheduled_task_of_unknown_length(tmp_path):
    svc = {"Svc": {"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Ref": "Web"}, "LaunchType":
                                                                "FARGATE", "DesiredCount": 1}},
           "Web": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
               "Family": "web", "Cpu": "256", "Memory": "512", "NetworkMode": "awsvpc",
               "RequiresCompatibilities": ["FARGATE"], "ContainerDefinitions": [{"Name": "w", "Image": "x"}]}}}
    p = _nightly_template(tmp_path, extra=svc)
    res = import_cloudformation(p, region="us-east-1")
    assert [s.name for s in res.workload.services] == ["Svc"]
    assert any(a.startswith("Nightly: EventBridge rule 'cron(0 2 * * ? *)' runs task definition Task 30.4167 times")
               for a in res.assumptions)
    r = runner.invoke(app, ["import", "cloudformation", str(p), "-r", "us-east-1", "--strict"])
    assert r.exit_code == 2 and "strict mode" in r.output and "--run-minutes Nightly=MINUTES" in r.output


@pytest.mark.parametrize("rule,fragment", [
    ({"ScheduleExpression": "cron(0 2 * * * *)"}, "Nightly: ScheduleExpression: 'cron(0 2 * * * *)' is not a schedule "
     "expression EventBridge accepts: one of day-of-month and day-of-week must be '?'"),
    ({"ScheduleExpression": "rate(1 days)"}, "Nightly: ScheduleExpression: 'rate(1 days)' is not a schedule expression "
     "EventBridge accepts: the unit must be singular for 1"),
    ({"State": "PAUSED"}, "Nightly: State: 'PAUSED' is not valid; use ENABLED, DISABLED, "
     "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS."),
])
def test_invalid_rules_exit_2_naming_the_resource_and_field(tmp_path, rule, fragment):
    p = _nightly_template(tmp_path, rule=rule)
    for args in (["import", "cloudformation", str(p)], ["compare", str(p), "-p", "ecs-fargate"]):
        r = runner.invoke(app, args)
        out = " ".join(r.output.split())
        assert r.exit_code == 2 and fragment in out and "Traceback" not in out, r.output
    if "ScheduleExpression" in rule:
        assert "Valid: rate(VALUE UNIT)" in out and "Correct it in the CloudFormation template" in out


def test_disabled_rule_runs_nothing_and_task_count(tmp_path):
    p = _nightly_template(tmp_path, rule={"State": "DISABLED"}, extra={"Web": {
        "Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "web", "Cpu": "256", "Memory": "512"}}})
    res = import_cloudformation(p, region="us-east-1")
    assert [s.name for s in res.workload.services] == ["web"]  # the other task definition, as before: all month
    assert any(n.startswith("Nightly: EventBridge rule with State DISABLED starts no task") for n in res.notes)
    # TaskCount 3: three tasks a run (replicas)
    p = _nightly_template(tmp_path)
    doc = json.loads(p.read_text())
    doc["Resources"]["Nightly"]["Properties"]["Targets"][0]["EcsParameters"]["TaskCount"] = 3
    p.write_text(json.dumps(doc))
    svc = import_cloudformation(p, run_minutes={"Nightly": 10}).workload.services[0]
    assert (svc.replicas, svc.runs_per_month) == (3, pytest.approx(730 / 24))
    doc["Resources"]["Nightly"]["Properties"]["Targets"][0]["EcsParameters"]["TaskCount"] = 11
    p.write_text(json.dumps(doc))
    with pytest.raises(WorkloadError, match=r"Nightly: Targets\[0\]\.EcsParameters\.TaskCount: 11 is not valid"):
        import_cloudformation(p, run_minutes={"Nightly": 10})


def test_scheduler_schedule_in_cloudformation(tmp_path):
    sched = {"Weekly": {"Type": "AWS::Scheduler::Schedule", "Properties": {
        "ScheduleExpression": "cron(0 6 ? * MON *)", "FlexibleTimeWindow": {"Mode": "OFF"},
        "EndDate": "2031-01-01T00:00:00Z",
        "Target": {"Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "RoleArn": "arn:aws:iam::1:role/s",
                   "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "TaskCount": 2.0,
                                     "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}]}}}}}
    p = _nightly_template(tmp_path, rule={"State": "DISABLED"}, extra=sched)
    res = import_cloudformation(p, region="us-east-1", run_minutes={"Weekly": 30}, as_of="2026-05-01")
    (svc,) = res.workload.services
    # its EndDate counts its runs up to then (it was 730 / 168 = 4.345 a month, as if it never ended): the Mondays at
    # 06:00 from 2026-05-01 up to 2031-01-01, counted day by day, over the 56 months May 2026 - December 2030
    mondays = _brute_runs(dt.datetime(2026, 5, 1), dt.datetime(2031, 1, 1), lambda d: d.weekday() == 0, [(6, 0)])
    assert mondays == 244
    assert (svc.replicas, svc.runs_per_month, svc.run_minutes) == (2, pytest.approx(mondays / 56), 30)
    assert res.to_dict()["declared"]["ecs_services"][0]["capacity_provider_strategy"][0]["capacityProvider"] == \
        "FARGATE_SPOT"
    assert any(n.startswith("Weekly: EventBridge Scheduler schedule 'cron(0 6 ? * MON *)': it ends at 2031-01-01 "
                            "00:00 UTC: 244 runs fall from 2026-05-01 00:00 UTC up to 2031-01-01 00:00 UTC, over 56 "
                            "months") for n in res.notes)
    assert not any("until then" in n for n in res.notes)
    # an end date that has passed: no more runs
    doc = json.loads(p.read_text())
    doc["Resources"]["Weekly"]["Properties"]["EndDate"] = "2025-01-01T00:00:00Z"
    p.write_text(json.dumps(doc))
    # the error says why each scheduled task runs nothing (it said "declares no service to compare")
    with pytest.raises(WorkloadError, match=r"nothing to price: it declares no ECS service or other workload that "
                       r"runs, and its scheduled ECS task\(s\) run nothing \(\$0 a month\):\n  - Nightly: EventBridge "
                       r"rule with State DISABLED starts no task: task definition Task is not priced for it \(\$0\)\n"
                       r"  - Weekly: EventBridge Scheduler schedule 'cron\(0 6 \? \* MON \*\)' runs no more tasks \(its "
                       r"EndDate 2025-01-01 has passed\)"):
        _ = import_cloudformation(p, run_minutes={"Weekly": 30}, as_of="2026-05-01").workload
    res = import_cloudformation(p, run_minutes={"Weekly": 30}, as_of="2026-05-01", allow_empty=True)
    assert any("its EndDate 2025-01-01 has passed" in n for n in res.notes)


_AT_PAST = {"Once": {"Type": "AWS::Scheduler::Schedule", "Properties": {
    "ScheduleExpression": "at(2026-06-01T00:00:00)", "FlexibleTimeWindow": {"Mode": "OFF"},
    "Target": {"Arn": "arn:aws:ecs:us-east-1:1:cluster/c", "RoleArn": "arn:aws:iam::1:role/s",
               "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}}}}}}


@pytest.mark.parametrize("rule,extra,reasons", [
    ({"ScheduleExpression": "cron(0 0 31 2 ? *)"}, None,
     ["Nightly: EventBridge rule 'cron(0 0 31 2 ? *)' runs no more tasks (no calendar date matches its day and month "
      "fields): task definition Task is not priced for it ($0)"]),
    ({"State": "DISABLED"}, None,
     ["Nightly: EventBridge rule with State DISABLED starts no task: task definition Task is not priced for it ($0)"]),
    ({"ScheduleExpression": "cron(0 2 * * ? 2019-2024)"}, None,
     ["Nightly: EventBridge rule 'cron(0 2 * * ? 2019-2024)' runs no more tasks (its year field (2019-2024) names only "
      "past years, so it never runs again)"]),
    ({"ScheduleExpression": "cron(0 0 1 JAN ? 2026)"}, None,
     ["Nightly: EventBridge rule 'cron(0 0 1 JAN ? 2026)' runs no more tasks (its year field (2026) leaves it no run "
      "from 2026-12-01 00:00 UTC on: its runs in 2026 are all before then, so it never runs again)"]),
    ({"State": "DISABLED"}, _AT_PAST,
     ["Nightly: EventBridge rule with State DISABLED starts no task",
      "Once: EventBridge Scheduler schedule 'at(2026-06-01T00:00:00)' runs no more tasks (its one run, at "
      "2026-06-01T00:00:00, is before 2026-12-01 00:00 UTC: it has passed)"]),
])
def test_scheduled_tasks_that_run_nothing_say_why(tmp_path, rule, extra, reasons):
    """Finding 1: an input whose only scheduled tasks are disabled or never run again exited 2 with "declares no
    service to compare ... an ECS service or task definition", though it declares one; the reason was a note only
    when another service existed. Now the error names each scheduled task and why it runs nothing, as the
    Kubernetes importer does for a CronJob that never fires."""
    p = _nightly_template(tmp_path, rule=rule, extra=extra)
    for args in (["import", "cloudformation", str(p), "--run-minutes", "Nightly=10", "--as-of", "2026-12-01"],
                 ["compare", str(p), "-p", "ecs-fargate"]):
        if args[0] == "compare" and "2026" in str(rule) + str(extra):
            continue  # compare judges dates from now
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and "Traceback" not in r.output, r.output
        assert f"{p}: nothing to price: it declares no ECS service or other workload that runs, and its scheduled ECS " \
            "task(s) run nothing ($0 a month):\n  - " in r.output, r.output
        out = " ".join(r.output.split())
        assert all(reason in out for reason in reasons) and "declares no service to compare" not in out, r.output
        assert "'advisor diff' prices this input beside another" in out


def test_terraform_plan_whose_scheduled_tasks_all_run_nothing(tmp_path):
    """The scheduler plan with its rule moved to 30 February and both schedules disabled: each is named."""
    doc = json.loads((TF / "ecs_scheduler_schedules_plan.json").read_text())
    edits = {"aws_cloudwatch_event_rule.poller": {"schedule_expression": "cron(0 0 30 2 ? *)"},
             "aws_scheduler_schedule.weekday": {"state": "DISABLED"}}
    for r in doc["planned_values"]["root_module"]["resources"]:
        r["values"].update(edits.get(r["address"], {}))
    for rc in doc["resource_changes"]:
        rc["change"]["after"].update(edits.get(rc["address"], {}))
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith("  - ")]
    assert [ln.split(":")[0] for ln in lines] == ["  - aws_cloudwatch_event_target.poller",
                                                  "  - aws_scheduler_schedule.month_end",
                                                  "  - aws_scheduler_schedule.weekday"]
    assert "'cron(0 0 30 2 ? *)' runs no more tasks (no calendar date matches" in lines[0]
    assert "with state DISABLED starts no task" in lines[1] and "with state DISABLED starts no task" in lines[2]


def test_diff_to_a_disabled_nightly_task_shows_the_drop_to_zero(tmp_path, prices):
    """Finding 1, diff: disabling the only scheduled task made the AFTER side exit 2. It is priced as declared: the
    task at $0, the reason in its notes. The nightly task: 30.4167 runs x 20 min (its tag) = 10.1389 h x (1 vCPU x
    0.04048 + 2 GB x 0.004445) = 0.50056 -> $0.50 a month before, $0.00 after."""
    from advisor.compare.diff import diff

    tag = {"Tags": [{"Key": "advisor/minutes-per-run", "Value": "20"}]}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    before = _nightly_template(tmp_path / "a", rule=tag)
    after = _nightly_template(tmp_path / "b", rule={**tag, "State": "DISABLED"})
    d = diff(before, after, region="us-east-1", platforms=["ecs-fargate"], prices=prices)
    assert (d.declared.before, d.declared.after, d.declared.change) == (0.50, 0.0, -0.50)
    assert d.headline is d.declared
    assert any(n.startswith("Nightly: EventBridge rule with State DISABLED starts no task") for n in d.after.notes)
    assert any("no service runs: its scheduled ECS task(s) run nothing" in n for n in d.after.notes)
    rows = {(c.key, c.service): c for c in d.services}
    assert (rows[("declared", "nightly-report")].before, rows[("declared", "nightly-report")].change) == (0.50, -0.50)
    fargate = next(c for c in d.platforms if c.key == "ecs-fargate")
    assert (fargate.before, fargate.after, fargate.change) == (0.50, None, None)
    r = runner.invoke(app, ["diff", str(before), str(after), "-p", "ecs-fargate", "-f", "markdown"])
    assert r.exit_code == 0 and "**As declared**: $0.50 → $0.00 per month, **-$0.50** (-100.0%)" in r.output, r.output
    # the other way round: from nothing to the task
    r = runner.invoke(app, ["diff", str(after), str(before), "-p", "ecs-fargate", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["headline"]["change"] == 0.50


def test_public_template_service_and_schedule_on_one_task_definition():
    """aws-cloudformation-templates ECS_Schedule_Example: the service prices the task definition as before; the rule
    (cron(00 11 ? * * *), the CronOrRate default) runs it too: named as extra, not priced, no longer 'not priced'."""
    res = import_cloudformation(IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml")
    assert [s.name for s in res.workload.services] == ["Service"]
    assert any(n.startswith("ECSScheduledTask: EventBridge rule 'cron(00 11 ? * * *)' also runs task definition "
                            "TaskDefinition, which an ECS service of this input runs") and "30.4167 runs a month" in n
               for n in res.notes)
    assert not any("AWS::Events::Rule" in n for n in res.notes if n.startswith("not priced"))
    # rate(1 day), the other parameter value: the same runs a month
    res = import_cloudformation(IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml",
                                parameters={"CronOrRate": "rate"})
    assert any("'rate(1 day)' also runs" in n and "30.4167 runs a month" in n for n in res.notes)


# ------------------------------------------------------------------------------------------ Terraform


def test_tmknom_module_plan(prices):
    """The tmknom scheduled-task module (upstream code, planned offline): rate(3 minutes) and a nightly cron, each a
    Fargate task; a third call is_enabled = false."""
    plan = TF / "tmknom_ecs_scheduled_task_plan.json"
    with pytest.raises(WorkloadError) as err:
        _ = import_terraform(plan).workload
    msg = str(err.value)
    assert "EventBridge rule 'rate(3 minutes)' runs task definition module.ecs_scheduled_task.aws_ecs_task_definition." \
        "default[0] 14600 times a month" in msg
    assert "--run-minutes nightly-report=MINUTES" in msg and "--run-minutes example=MINUTES" in msg
    res = import_terraform(plan, run_minutes={"nightly-report": 20, "example": 1})
    svcs = {s.name: s for s in res.workload.services}
    assert sorted(svcs) == ["example", "nightly-report"]
    assert (svcs["example"].runs_per_month, svcs["example"].vcpu, svcs["example"].memory_mib) == (14600, 0.25, 512)
    assert svcs["nightly-report"].runs_per_month == pytest.approx(730 / 24)
    assert any(n.startswith("module.paused.aws_cloudwatch_event_target.default[0]: EventBridge rule with is_enabled "
                            "false starts no task") for n in res.notes)
    # the example's ecs_target sets network_configuration.assign_public_ip = true (tmknom's examples/minimal): each
    # running task holds a public IPv4 address; the nightly report's is false
    assert (svcs["example"].public_ip, svcs["nightly-report"].public_ip) == (True, False)
    d = price_declared(res.workload, prices)
    # example: 14,600 x 1 min = 243.33 h x (0.25 x 0.04048 + 0.5 x 0.004445) = 243.33 x 0.0123425 = 3.0033
    #          + its addresses: 243.33 task-hours x $0.005 = 1.2167 (they were dropped: $3.5039 in all)
    # nightly: 30.4167 x 20 min = 10.1389 h x 0.04937 = 0.50056
    assert d.monthly_cost == pytest.approx(14600 / 60 * (0.25 * FARGATE_VCPU_H + 0.5 * FARGATE_GB_H + 0.005)
                                           + 730 / 24 / 3 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H), rel=1e-6)
    [ip] = [ln for ln in d.estimate.lines if ln.category == "public_ipv4"]
    assert (ip.service, ip.quantity, ip.unit_price) == ("example", pytest.approx(14600 / 60), 0.005)


def test_scheduler_schedules_plan(prices):
    plan = TF / "ecs_scheduler_schedules_plan.json"
    res = import_terraform(plan)
    # the rule's tag gives 2 minutes a run: priced; the weekday schedule has no length: left out; the other disabled
    (poller,) = res.workload.services
    assert (poller.name, poller.runs_per_month, poller.run_minutes) == ("poller", 8760, 2)
    assert any(a.startswith("aws_scheduler_schedule.weekday: EventBridge Scheduler schedule 'cron(0 12 ? * MON-FRI *)'"
                            " runs task definition aws_ecs_task_definition.weekday 21.7262 times a month")
               and "2 tasks each" in a and "--run-minutes weekday-export=MINUTES" in a for a in res.assumptions)
    assert any(n.startswith("aws_scheduler_schedule.month_end: EventBridge Scheduler schedule with state DISABLED")
               for n in res.notes)
    res = import_terraform(plan, run_minutes={"aws_scheduler_schedule.weekday": 15})
    weekday = next(s for s in res.workload.services if s.name == "weekday-export")
    assert (weekday.replicas, weekday.runs_per_month) == (2, pytest.approx(5 * 730 / 168))
    d = price_declared(res.workload, prices)
    assert sorted(d.runs_on) == ["ecs-fargate", "ecs-fargate-spot"]
    # poller: 8,760 x 2 min = 292 h x (0.25 x 0.04048 + 0.5 x 0.004445) = 292 x 0.0123425 = 3.60401
    # weekday: 2 tasks x 21.726 x 15 min = 10.863 h x (0.5 x 0.01288871 + 1 x 0.00141527) on Spot = 0.085381
    assert d.monthly_cost == pytest.approx(292 * (0.25 * FARGATE_VCPU_H + 0.5 * FARGATE_GB_H)
                                           + 2 * 5 * 730 / 168 / 4 * (0.5 * 0.01288871 + 0.00141527), rel=1e-6)
    # the CLI takes the same, and names what is wrong
    r = runner.invoke(app, ["import", "terraform", str(plan), "--run-minutes", "weekday-export=15"])
    assert r.exit_code == 0 and "runs_per_month: 21.726190476190474" in r.output


def test_terraform_invalid_schedule_names_rule_and_field(tmp_path):
    doc = json.loads((TF / "ecs_scheduler_schedules_plan.json").read_text())
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["address"] == "aws_cloudwatch_event_rule.poller":
            r["values"]["schedule_expression"] = "rate(5 minute)"
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "aws_cloudwatch_event_target.poller: aws_cloudwatch_event_rule.poller: " \
        "schedule_expression: 'rate(5 minute)' is not a schedule expression EventBridge accepts: the unit must be " \
        "singular for 1 and plural above it (EventBridge refuses rate(1 hours) and rate(5 hour)): write rate(5 " \
        "minutes)" in out, r.output


def test_overlapping_runs_are_priced_not_refused(prices):
    """Finding 3: rate(3 minutes) with 5-minute runs. EventBridge calls RunTask on every tick whether or not the last
    task has ended, and every task is billed: 14,600 runs x 5 min = 1,216.67 task-hours, 1.667 tasks at once on
    average (1,216.67 / 730). Written as replicas 2, each taking one run in 2 (7,300 runs a month)."""
    plan = TF / "tmknom_ecs_scheduled_task_plan.json"
    res = import_terraform(plan, run_minutes={"example": 5, "nightly-report": 30})
    ex = next(s for s in res.workload.services if s.name == "example")
    assert (ex.replicas, ex.runs_per_month, ex.run_minutes) == (2, 7300, 5)
    assert any("rate(3 minutes)': its runs overlap (14600 runs a month x 5 min = 1216.67 hours, more than the "
               "730-hour month" in n and "1.667 tasks run at once on average" in n for n in res.notes)
    d = price_declared(res.workload, prices)
    # example: 2 x 7,300 x 5 / 60 = 1,216.67 h x (0.25 x 0.04048 + 0.5 x 0.004445) = 1,216.67 x 0.0123425 = 15.0167,
    #          + a public IPv4 address per task (assign_public_ip = true): 1,216.67 task-hours x $0.005 = 6.0833
    # nightly: 30.4167 x 30 min = 15.2083 h x (1 x 0.04048 + 2 x 0.004445) = 15.2083 x 0.04937 = 0.75084
    assert d.monthly_cost == pytest.approx(14600 * 5 / 60 * (0.25 * FARGATE_VCPU_H + 0.5 * FARGATE_GB_H + 0.005)
                                           + 730 / 24 / 2 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H), rel=1e-6)
    r = runner.invoke(app, ["import", "terraform", str(plan), "--run-minutes", "example=5", "--run-minutes",
                            "nightly-report=30"])
    assert r.exit_code == 0 and "replicas: 2" in r.output and "runs_per_month: 7300" in r.output, r.output
    # 3.05-minute runs every 3 minutes: 742.17 h, between 730 and 744 (the tester's rate(1 hour) x 61 min, 742 h):
    # these overlap too, the threshold is advisor's 730-hour month, not the longest calendar month
    res = import_terraform(plan, run_minutes={"example": 3.05, "nightly-report": 30})
    ex = next(s for s in res.workload.services if s.name == "example")
    assert (ex.replicas, ex.runs_per_month) == (2, 7300)
    assert any("1.017 tasks run at once on average" in n for n in res.notes)
    # a workload file with the same runs for one task says how to write them
    with pytest.raises(WorkloadError, match=r"14600 x 5 / 60 = 1216.67 hours, more than a month has \(744\) for one "
                       r"task: the runs overlap \(1.667 runs at once on average over 730 hours\)\. Spread them over "
                       r"parallel replicas, each taking one run in 2: replicas: 2, runs_per_month: 7300, run_minutes: 5"):
        from advisor.workload import parse_workload
        parse_workload({"name": "t", "services": [{"name": "x", "cpu": 0.25, "memory": 512, "runs_per_month": 14600,
                                                   "run_minutes": 5}]}, "w.yaml")


def _edit(p: Path, fn) -> Path:
    doc = json.loads(p.read_text())
    fn(doc["Resources"])
    p.write_text(json.dumps(doc))
    return p


def _ecs(r: dict) -> dict:
    return r["Nightly"]["Properties"]["Targets"][0]["EcsParameters"]


_WEEKLY = {"Weekly": {"Type": "AWS::Scheduler::Schedule", "Properties": {
    "ScheduleExpression": "cron(0 6 ? * MON *)", "FlexibleTimeWindow": {"Mode": "OFF"},
    "Target": {"Arn": "arn:aws:ecs:us-east-1:1:cluster/c", "RoleArn": "arn:aws:iam::1:role/s",
               "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}}}}}}


@pytest.mark.parametrize("edit,fragment", [
    # TaskDefinitionArn is "Required: Yes", "Type: String" (CloudFormation Template Reference, "AWS::Events::Rule
    # EcsParameters"; "AWS::Scheduler::Schedule EcsParameters" the same)
    (lambda r: _ecs(r).pop("TaskDefinitionArn"), "Nightly: Targets[0].EcsParameters.TaskDefinitionArn: is required "
     "(AWS::Events::Rule EcsParameters: TaskDefinitionArn, Required: Yes)"),
    (lambda r: _ecs(r).update(TaskDefinitionArn=5), "Nightly: Targets[0].EcsParameters.TaskDefinitionArn: 5 is not "
     "valid; give a task definition ARN"),
    (lambda r: _ecs(r).update(TaskDefinitionArn=["a"]), "Targets[0].EcsParameters.TaskDefinitionArn: ['a'] is not valid"),
    (lambda r: r["Nightly"]["Properties"].update(Targets=5), "Nightly: Targets: must be a list of targets"),
    (lambda r: r["Nightly"]["Properties"]["Targets"][0].update(EcsParameters="foo"),
     "Nightly: Targets[0].EcsParameters: must be a mapping (TaskDefinitionArn, and optionally TaskCount"),
    (lambda r: r["Nightly"]["Properties"].pop("ScheduleExpression"), "Nightly: ScheduleExpression: the rule has "
     "neither a ScheduleExpression nor an EventPattern, and EventBridge requires one"),
    (lambda r: r["Nightly"]["Properties"].update(ScheduleExpression=None), "the rule has neither a ScheduleExpression"),
    (lambda r: (r.update(copy.deepcopy(_WEEKLY)), r["Weekly"]["Properties"].pop("Target")), "Weekly: Target: is required "
     "(AWS::Scheduler::Schedule Target, Required: Yes)"),
    (lambda r: (r.update(copy.deepcopy(_WEEKLY)), r["Weekly"]["Properties"]["Target"].update(EcsParameters=[1])),
     "Weekly: Target.EcsParameters: must be a mapping"),
    (lambda r: (r.update(copy.deepcopy(_WEEKLY)), r["Weekly"]["Properties"]["Target"]["EcsParameters"].pop("TaskDefinitionArn")),
     "Weekly: Target.EcsParameters.TaskDefinitionArn: is required (AWS::Scheduler::Schedule EcsParameters"),
    (lambda r: (r.update(copy.deepcopy(_WEEKLY)), r["Weekly"]["Properties"].pop("ScheduleExpression")),
     "Weekly: ScheduleExpression: is required (AWS::Scheduler::Schedule ScheduleExpression, Required: Yes)"),
])
def test_missing_or_malformed_target_fields_exit_2(tmp_path, edit, fragment):
    """Finding 4: fields AWS requires, missing or of the wrong type, were noted or skipped (exit 0, even --strict)."""
    p = _edit(_nightly_template(tmp_path), edit)
    for args in (["import", "cloudformation", str(p), "--run-minutes", "Nightly=10"], ["compare", str(p)]):
        r = runner.invoke(app, args)
        out = " ".join(r.output.split())
        assert r.exit_code == 2 and fragment in out and "Traceback" not in out, r.output


def test_sub_of_a_task_definition_is_followed(tmp_path):
    """Finding 9: !Sub '${Task}' is !Ref Task; an intrinsic that resolves to no task definition of this template is
    noted in CloudFormation's words, not Terraform's ("unknown until apply")."""
    p = _edit(_nightly_template(tmp_path), lambda r: _ecs(r).update(TaskDefinitionArn={"Fn::Sub": "${Task}"}))
    (svc,) = import_cloudformation(p, run_minutes={"Nightly": 20}).workload.services
    assert (svc.name, svc.run_minutes) == ("nightly-report", 20)
    p = _edit(p, lambda r: _ecs(r).update(TaskDefinitionArn={"Fn::ImportValue": "other-stack-task"}))
    res = import_cloudformation(p, allow_empty=True)
    (note,) = [n for n in res.notes if n.startswith("Nightly:")]
    assert "does not resolve to one of this template" in note and "until apply" not in note


def _plan_edit(tmp_path: Path, address: str, fn) -> Path:
    doc = json.loads((TF / "ecs_scheduler_schedules_plan.json").read_text())
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["address"] == address:
            fn(r["values"])
    for rc in doc.get("resource_changes", []):
        if rc["address"] == address:
            fn(rc["change"]["after"])
            fn(rc["change"].get("after_unknown") or {})
    for r in doc.get("configuration", {}).get("root_module", {}).get("resources", []):
        if r["address"] == address:
            fn(r.get("expressions", {}))
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    return p


@pytest.mark.parametrize("address,fn,fragment", [
    ("aws_scheduler_schedule.weekday", lambda v: v.pop("target", None),
     "aws_scheduler_schedule.weekday: target: is required (the aws provider's aws_scheduler_schedule: target"),
    ("aws_scheduler_schedule.weekday", lambda v: v.pop("schedule_expression", None),
     "aws_scheduler_schedule.weekday: schedule_expression: is required"),
    ("aws_scheduler_schedule.weekday", lambda v: [t["ecs_parameters"][0].pop("task_definition_arn", None)
                                                  for t in v.get("target") or [] if t.get("ecs_parameters")],
     "aws_scheduler_schedule.weekday: target.ecs_parameters.task_definition_arn: is required"),
    ("aws_cloudwatch_event_rule.poller", lambda v: (v.pop("schedule_expression", None), v.pop("event_pattern", None)),
     "aws_cloudwatch_event_rule.poller: schedule_expression: the rule has neither a schedule_expression nor an "
     "event_pattern"),
])
def test_terraform_required_fields(tmp_path, address, fn, fragment):
    """Finding 4, Terraform: what the provider would refuse in the configuration is an error in the plan."""
    p = _plan_edit(tmp_path, address, fn)
    r = runner.invoke(app, ["import", "terraform", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and fragment in out and "Traceback" not in out, r.output


def test_findings_5_to_10_wording_and_refusals(tmp_path):
    # 5: an invalid LaunchType names the template field, not declared.ecs_services[0]
    p = _edit(_nightly_template(tmp_path), lambda r: _ecs(r).update(LaunchType="LAMBDA"))
    r = runner.invoke(app, ["compare", str(p), "-p", "ecs-fargate"])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and "Nightly: Targets[0].EcsParameters.LaunchType: 'LAMBDA' is not valid; use FARGATE, " \
        "EC2, EXTERNAL, MANAGED_INSTANCES" in out and "declared.ecs_services" not in out, r.output
    # 6: a repeated --run-minutes name is an error naming both values
    p = _nightly_template(tmp_path)
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Nightly=5", "--run-minutes",
                            "Nightly=9"])
    assert r.exit_code == 2 and "--run-minutes Nightly is given twice, with 5 and 9 minutes" in r.output, r.output
    # 7: StartDate after EndDate: the schedule never invokes its target ($0, with a note naming both)
    sched = copy.deepcopy(_WEEKLY)
    sched["Weekly"]["Properties"].update(StartDate="2031-01-01T00:00:00Z", EndDate="2030-01-01T00:00:00Z")
    p = _nightly_template(tmp_path, rule={"State": "DISABLED"}, extra=sched)
    res = import_cloudformation(p, run_minutes={"Weekly": 30}, as_of="2026-05-01", allow_empty=True)
    assert not res.services
    assert any(n.startswith("Weekly: EventBridge Scheduler schedule 'cron(0 6 ? * MON *)' runs no more tasks (its "
                            "StartDate 2031-01-01 comes after its EndDate 2030-01-01") for n in res.notes)
    # 10: a year range written backwards is refused, as Quartz does ("Start year must be less than stop year")
    with pytest.raises(ScheduleExpressionError, match=r"the year field '2199-1970': the range 2199-1970 runs "
                       r"backwards; write the earlier year first \(1970-2199\)"):
        schedule_runs("cron(0 0 * * ? 2199-1970)", today=TODAY)
    # 12: the strategy comment names where a scheduled task's strategy comes from
    p = _edit(_nightly_template(tmp_path), lambda r: (_ecs(r).pop("LaunchType"), _ecs(r).update(
        CapacityProviderStrategy=[{"CapacityProvider": "FARGATE_SPOT", "Weight": 1}])))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Nightly=5"])
    assert r.exit_code == 0 and "capacityProviderStrategy from the rule's target or the schedule" in r.output, r.output


def test_terraform_empty_target_and_rule_state_name_their_resource(tmp_path):
    """Finding 5: target = [] on an aws_scheduler_schedule (after_unknown still listing the target's parts) priced its
    task definition as a task running all month; the provider requires target. Finding 6: an invalid rule state
    named the target, not the rule that holds it."""
    doc = json.loads((TF / "ecs_scheduler_schedules_plan.json").read_text())
    for r in doc["planned_values"]["root_module"]["resources"]:
        if r["address"] == "aws_scheduler_schedule.weekday":
            r["values"]["target"] = []
    for rc in doc["resource_changes"]:
        if rc["address"] == "aws_scheduler_schedule.weekday":
            rc["change"]["after"]["target"] = []
            assert rc["change"]["after_unknown"]["target"]  # its parts still listed as unknown
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    assert r.exit_code == 2 and "aws_scheduler_schedule.weekday: target: is empty ([]); it is required (the aws " \
        "provider's aws_scheduler_schedule: target, Required" in " ".join(r.output.split()), r.output
    p = _plan_edit(tmp_path, "aws_cloudwatch_event_rule.poller", lambda v: v.update(state="PAUSED"))
    r = runner.invoke(app, ["import", "terraform", str(p)])
    out = " ".join(r.output.split())
    assert r.exit_code == 2 and f"{p}: aws_cloudwatch_event_rule.poller: state: 'PAUSED' is not valid; use ENABLED, " \
        "DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS." in out and "event_target" not in out, r.output


def test_run_minutes_two_names_of_one_target_must_agree(tmp_path):
    """Finding 7: the task definition's logical id and its family, with 10 and 3 minutes: one was dropped silently.
    Two names of one rule, schedule or task definition with different minutes are an error, as a name given twice
    is; the same minutes are fine, and a rule's own name still gives that rule its own minutes."""
    hourly = {"Hourly": {"Type": "AWS::Events::Rule", "Properties": {
        "ScheduleExpression": "rate(1 hour)", "Targets": [{"Id": "h", "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]},
                                                          "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}}}]}}}
    p = _nightly_template(tmp_path, extra=hourly)
    with pytest.raises(WorkloadError, match=r"--run-minutes Task and --run-minutes nightly-report name one task "
                       r"definition, Task \(family nightly-report\), with 10 and 3 minutes; give it once"):
        import_cloudformation(p, run_minutes={"Task": "10", "nightly-report": "3"})
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Task=10", "--run-minutes",
                            "nightly-report=3"])
    assert r.exit_code == 2 and "name one task definition, Task (family nightly-report), with 10 and 3 minutes" \
        in " ".join(r.output.split()), r.output
    res = import_cloudformation(p, run_minutes={"Task": "10", "nightly-report": "10.0"})
    assert [s.run_minutes for s in res.workload.services] == [10, 10]
    res = import_cloudformation(p, run_minutes={"Nightly": 10, "nightly-report": 3})
    assert sorted((s.runs_per_month, s.run_minutes) for s in res.workload.services) == [
        (pytest.approx(730 / 24), 10), (730, 3)]


# ------------------------------------------------------------------------------------------ StartDate / EndDate


def _brute_runs(lo: dt.datetime, hi: dt.datetime, day_ok, times) -> int:
    """Runs at ``times`` (hour, minute) on the days ``day_ok`` accepts, from ``lo`` (included) up to ``hi``
    (excluded), counted one day at a time (independently of advisor's counter)."""
    n, d = 0, lo.date()
    while d <= hi.date():
        if day_ok(d):
            n += sum(lo <= dt.datetime(d.year, d.month, d.day, h, m) < hi for h, m in times)
        d += dt.timedelta(days=1)
    return n


def _schedule_template(tmp_path: Path, expression: str, **window) -> Path:
    sched = {"Job": {"Type": "AWS::Scheduler::Schedule", "Properties": {
        "ScheduleExpression": expression, "FlexibleTimeWindow": {"Mode": "OFF"}, **window,
        "Target": {"Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "RoleArn": "arn:aws:iam::1:role/s",
                   "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE"}}}}}
    return _nightly_template(tmp_path, rule={"State": "DISABLED"}, extra=sched)


def test_scheduler_end_date_counts_the_runs_until_then(tmp_path):
    """EventBridge Scheduler API Reference, CreateSchedule EndDate: "The date, in UTC, before which the schedule can
    invoke its target". rate(1 day) ending 45 days after the as-of date (2026-12-01) was 730 / 24 = 30.42 runs a
    month with an "until then" note; it is its 45 runs (2026-12-01 ... 2027-01-14 at 00:00, the one at the EndDate
    itself excluded) over December (1 month) and 14 days of January (14/31): 45 / 1.4516 = 31.0 runs a month."""
    end = dt.datetime(2026, 12, 1) + dt.timedelta(days=45)
    p = _schedule_template(tmp_path, "rate(1 day)", EndDate=end.strftime("%Y-%m-%dT%H:%M:%SZ"))
    res = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01")
    (svc,) = res.workload.services
    runs = sum(1 for k in range(100) if dt.datetime(2026, 12, 1) + dt.timedelta(days=k) < end)
    assert runs == 45
    assert svc.runs_per_month == pytest.approx(runs / (1 + 14 / 31))
    note = next(n for n in res.notes if n.startswith("Job: EventBridge Scheduler schedule 'rate(1 day)': it ends at"))
    assert "2027-01-15 00:00 UTC: 45 runs fall from 2026-12-01 00:00 UTC up to 2027-01-15 00:00 UTC, over 1.452 " \
        "months" in note and "45 / 1.452 = 31 runs" in note, note
    # compared to the second, in UTC: one second later takes in the run at 2027-01-15 00:00:00; an offset is converted
    for text, n in (("2027-01-15T00:00:01Z", 46), ("2027-01-15T02:00:00+02:00", 45), ("2027-01-15T01:59:59+02:00", 45),
                    ("2027-01-15T02:00:01+02:00", 46)):
        p = _schedule_template(tmp_path, "rate(1 day)", EndDate=text)
        svc = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01").workload.services[0]
        months = 1 + (14 + 1 / 86400) / 31 if n == 46 else 1 + 14 / 31
        assert svc.runs_per_month == pytest.approx(n / months), text


def test_scheduler_start_date_ahead(tmp_path):
    """cron(0 2 * * ? *) with a StartDate 10 days ahead and no EndDate: the same average month (730 / 24), noted;
    with an EndDate 40 days after the as-of date too, its runs from the StartDate up to the EndDate (30, counted day
    by day) fall in less than a month (2026-12-11 to 2027-01-10: 30/31 of a month), so they are priced in one month."""
    p = _schedule_template(tmp_path, "cron(0 2 * * ? *)", StartDate="2026-12-11T00:00:00Z")
    res = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01")
    assert res.workload.services[0].runs_per_month == pytest.approx(730 / 24)
    assert any(n.startswith("Job: EventBridge Scheduler schedule starts at 2026-12-11 (StartDate): priced at a month "
                            "of its runs once it has started") for n in res.notes)
    p = _schedule_template(tmp_path, "cron(0 2 * * ? *)", StartDate="2026-12-11T00:00:00Z",
                           EndDate="2027-01-10T00:00:00Z")
    res = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01")
    n = _brute_runs(dt.datetime(2026, 12, 11), dt.datetime(2027, 1, 10), lambda d: True, [(2, 0)])
    assert n == 30 and res.workload.services[0].runs_per_month == pytest.approx(n)
    assert any("a month or less, so they are priced in one month: 30 runs" in x for x in res.notes)
    # a StartDate in the past counts from the as-of moment
    p = _schedule_template(tmp_path, "cron(0 2 * * ? *)", StartDate="2020-01-01T00:00:00Z",
                           EndDate="2027-03-01T00:00:00Z")
    svc = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01").workload.services[0]
    assert svc.runs_per_month == pytest.approx(
        _brute_runs(dt.datetime(2026, 12, 1), dt.datetime(2027, 3, 1), lambda d: True, [(2, 0)]) / 3)


def test_scheduler_end_date_past_or_bad(tmp_path):
    """An EndDate before the as-of moment (to the second) runs nothing (the "runs nothing" path); a date that is
    not one exits 2 naming the field, no traceback."""
    p = _schedule_template(tmp_path, "rate(1 day)", EndDate="2026-11-30T23:59:59Z")
    res = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01", allow_empty=True)
    assert not res.services
    assert any("'rate(1 day)' runs no more tasks (its EndDate 2026-11-30 23:59:59 UTC has passed)" in n
               for n in res.notes)
    # the last second a date can have: counted without overflowing (30.42 runs a month over 8,000 years)
    p = _schedule_template(tmp_path, "cron(0 2 * * ? *)", EndDate="9999-12-31T23:59:59Z")
    svc = import_cloudformation(p, run_minutes={"Job": 10}, as_of="2026-12-01").workload.services[0]
    assert svc.runs_per_month == pytest.approx(146_097 / 4_800, rel=1e-4)
    for bad in ("2027-13-01T00:00:00Z", "next week", "2027-01-15T00:00:00Zjunk", "0000-01-01T00:00:00Z", 20270101):
        p = _schedule_template(tmp_path, "rate(1 day)", EndDate=bad)
        r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", "Job=10"])
        out = " ".join(r.output.split())
        assert r.exit_code == 2 and "Job: EndDate:" in out and "is not a date and time such as 2030-01-01T01:00:00Z" \
            in out and "Traceback" not in out, r.output


def test_scheduler_end_date_in_terraform(tmp_path):
    """aws_scheduler_schedule end_date: the weekday schedule (cron(0 12 ? * MON-FRI *), 2 tasks) ending on
    2027-02-01 as of 2026-12-01: its weekdays of December and January (counted day by day) over 2 months."""
    doc = json.loads((TF / "ecs_scheduler_schedules_plan.json").read_text())
    edits = {"aws_scheduler_schedule.weekday": {"end_date": "2027-02-01T00:00:00Z"}}
    for r in doc["planned_values"]["root_module"]["resources"]:
        r["values"].update(edits.get(r["address"], {}))
    for rc in doc["resource_changes"]:
        rc["change"]["after"].update(edits.get(rc["address"], {}))
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    res = import_terraform(p, run_minutes={"aws_scheduler_schedule.weekday": 15}, as_of="2026-12-01")
    svc = next(s for s in res.workload.services if s.name == "weekday-export")
    n = _brute_runs(dt.datetime(2026, 12, 1), dt.datetime(2027, 2, 1), lambda d: d.weekday() < 5, [(12, 0)])
    assert n == 44 and (svc.replicas, svc.runs_per_month) == (2, pytest.approx(n / 2))


def test_window_counter_over_long_spans():
    """The counter skips whole 400-year cycles: a first-Monday cron ending in 2460, and a year field inside the
    window, against a day-by-day count."""
    now, end = dt.datetime(2026, 12, 1, 7, 30), dt.datetime(2460, 3, 1, 1, 30)
    runs = schedule_runs("cron(30 1 ? * 2#1 *)", scheduler=True, today=now, end=end)
    n = _brute_runs(now, end, lambda d: d.weekday() == 0 and d.day <= 7, [(1, 30)])
    months = (2460 * 12 + 2 - (2026 * 12 + 11)) - 7.5 * 60 / (31 * 1440) + 1.5 * 60 / (31 * 1440)  # by the minute
    assert runs.runs_per_month == pytest.approx(n / months)
    runs = schedule_runs("cron(0 0 * * ? 2027)", scheduler=True, today=now, end=dt.datetime(2040, 1, 1))
    assert runs.runs_per_month == pytest.approx(365 / 12) and "its year field's last year" in runs.limited


def _brute_peak(firings: list[dt.datetime], minutes: float) -> int:
    """The most runs of ``minutes`` going at once, each run [start, start + minutes): a sweep over every start."""
    span = dt.timedelta(minutes=minutes)
    return max(sum(s <= x < s + span for s in firings) for x in firings)


def test_overlapping_runs_take_their_peak_from_the_firing_times(tmp_path):
    """cron(0 2,3 * * ? *) with 90-minute runs: the 02:00 run is still going at 03:00, so 2 tasks run at once every
    night, though 60.83 runs x 1.5 h = 91.25 h is far below the 730-hour month (the monthly average gave replicas 1).
    From the firing times (a brute-force sweep over two weeks): 2 at once, written as replicas 2 each taking every
    2nd run (30.42 runs a month), the same 91.25 task-hours."""
    p = _nightly_template(tmp_path, rule={"ScheduleExpression": "cron(0 2,3 * * ? *)"})
    res = import_cloudformation(p, run_minutes={"Nightly": 90})
    (svc,) = res.workload.services
    firings = [dt.datetime(2026, 12, 1) + dt.timedelta(days=d, hours=h) for d in range(14) for h in (2, 3)]
    peak = _brute_peak(firings, 90)
    assert peak == 2
    assert (svc.replicas, svc.runs_per_month, svc.run_minutes) == (peak, pytest.approx(2 * 730 / 24 / peak), 90)
    assert svc.replicas * svc.runs_per_month * svc.run_minutes / 60 == pytest.approx(2 * 730 / 24 * 1.5)
    assert any("its runs overlap (a 90-minute run lasts past the next firing" in n and "up to 2 runs at once from "
               "its firing times" in n for n in res.notes)
    # weekdays at 12:00 with 3-day runs: Wednesday and Thursday see 3 at once (a run ending exactly as the next starts
    # does not count); TaskCount 2 doubles the replicas
    doc = json.loads(p.read_text())
    doc["Resources"]["Nightly"]["Properties"]["ScheduleExpression"] = "cron(0 12 ? * MON-FRI *)"
    doc["Resources"]["Nightly"]["Properties"]["Targets"][0]["EcsParameters"]["TaskCount"] = 2
    p.write_text(json.dumps(doc))
    svc = import_cloudformation(p, run_minutes={"Nightly": 3 * 1440}).workload.services[0]
    firings = [dt.datetime(2026, 11, 30, 12) + dt.timedelta(days=d) for d in range(21)]  # 2026-11-30 is a Monday
    peak = _brute_peak([f for f in firings if f.weekday() < 5], 3 * 1440)
    assert peak == 3 and (svc.replicas, svc.runs_per_month) == (2 * peak, pytest.approx(5 * 730 / 168 / peak))
    # no overlap: unchanged
    p = _nightly_template(tmp_path)
    svc = import_cloudformation(p, run_minutes={"Nightly": 30}).workload.services[0]
    assert (svc.replicas, svc.runs_per_month) == (1, pytest.approx(730 / 24))


# ------------------------------------------------------------------------------------------ run overrides


def test_rule_target_input_overrides_size_the_runs(tmp_path, prices):
    """An ECS task target's Input is the task's RunTask overrides (TaskOverride JSON: what the AWS CDK's EcsTask target
    writes from its cpu / memory / containerOverrides props). The nightly report task definition is 1 vCPU / 2 GB;
    the rule runs it at 2 vCPU / 4 GB: 10.1389 h x (2 x 0.04048 + 4 x 0.004445) = $1.0011 a month, twice the task
    definition's $0.50056. A command-only container override changes nothing; one naming a container the task does
    not have, or Input that is not JSON, exits 2 naming the field."""
    def nightly(target_input) -> Path:
        p = _nightly_template(tmp_path)
        t = json.loads(p.read_text())
        t["Resources"]["Nightly"]["Properties"]["Targets"][0]["Input"] = target_input
        t["Parameters"] = {"Cpu": {"Type": "String"}}
        p.write_text(json.dumps(t))
        return p

    hours = 730 / 24 * 20 / 60
    res = import_cloudformation(nightly(json.dumps({"cpu": "2048", "memory": "4096"})), region="us-east-1",
                                run_minutes={"Nightly": 20})
    (svc,) = res.workload.services
    assert (svc.vcpu, svc.memory_mib) == (2.0, 4096.0)
    assert "Nightly: EventBridge rule runs task definition Task with overrides (cpu '2048'; memory '4096'): priced at " \
        "the overridden size" in res.notes
    assert price_declared(res.workload, prices).monthly_cost == pytest.approx(
        hours * (2 * FARGATE_VCPU_H + 4 * FARGATE_GB_H), rel=1e-9)
    assert round(hours * (2 * FARGATE_VCPU_H + 4 * FARGATE_GB_H), 4) == 1.0011
    # a container override of its command only: the task definition's size
    res = import_cloudformation(nightly(json.dumps({"containerOverrides": [{"name": "report", "command": ["x"]}]})),
                                region="us-east-1", run_minutes={"Nightly": 20})
    assert (res.workload.services[0].vcpu, res.workload.services[0].memory_mib) == (1.0, 2048.0)
    # an Input the stack builds (Fn::Sub with a parameter): not read, noted
    res = import_cloudformation(nightly({"Fn::Sub": '{"cpu": "${Cpu}"}'}), region="us-east-1",
                                run_minutes={"Nightly": 20})
    assert res.workload.services[0].vcpu == 1.0
    assert any("Targets[0].Input" in n and "overrides in it are not read" in n for n in res.notes)
    for bad, fragment in (
            (json.dumps({"containerOverrides": [{"name": "nope", "cpu": 512}]}),
             "Nightly: Targets[0].Input.containerOverrides[0].name: 'nope' is not a container of the task definition "
             "(its containers: 'report')"),
            ("{cpu: 512}", "Nightly: Targets[0].Input: is not valid JSON"),
            (json.dumps({"containerOverrides": {"name": "report"}}),
             "Nightly: Targets[0].Input.containerOverrides: must be a list of container overrides"),
            (json.dumps({"containerOverrides": [{"cpu": 512}]}),
             "Nightly: Targets[0].Input.containerOverrides[0].name: is missing"),
            (json.dumps({"cpu": "lots"}), "Nightly")):
        r = runner.invoke(app, ["import", "cloudformation", str(nightly(bad)), "-r", "us-east-1",
                                "--run-minutes", "Nightly=20"])
        assert r.exit_code == 2 and "Traceback" not in r.output, (bad, r.output)
        assert fragment in " ".join(r.output.split()), (bad, r.output)


def test_terraform_event_target_input_overrides(tmp_path, prices):
    """aws_cloudwatch_event_target ``input`` on an ECS target: the poller (256 / 512) runs at 1024 / 2048, 292 hours
    a month: 292 x (0.04048 + 2 x 0.004445) = $14.4160 (the task definition's size: $3.60401)."""
    p = _plan_edit(tmp_path, "aws_cloudwatch_event_target.poller",
                   lambda v: v.update(input=json.dumps({"cpu": "1024", "memory": "2048"})) if "input" in v else None)
    res = import_terraform(p)
    (poller,) = res.workload.services
    assert (poller.vcpu, poller.memory_mib) == (1.0, 2048.0)
    d = price_declared(res.workload, prices)
    assert d.monthly_cost == pytest.approx(292 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H), rel=1e-9)
    assert round(292 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H), 4) == 14.416
    bad = _plan_edit(tmp_path, "aws_cloudwatch_event_target.poller",
                     lambda v: v.update(input="not json") if "input" in v else None)
    r = runner.invoke(app, ["import", "terraform", str(bad)])
    assert r.exit_code == 2 and "aws_cloudwatch_event_target.poller: input: is not valid JSON" in r.output


def test_input_overrides_empty_sizes_storage_and_names_from_the_execution(tmp_path, prices):
    """Found by a tester: an empty cpu override is refused (it priced 0.25 vCPU); an ephemeralStorage override is
    priced (200 GiB: 180 GB above the 20 included, 10.1389 h x 180 x $0.000111 = $0.2026 more); a Step Functions
    container override whose Name comes from the execution is an assumption, not an error."""
    def nightly(target_input) -> Path:
        p = _nightly_template(tmp_path)
        t = json.loads(p.read_text())
        t["Resources"]["Nightly"]["Properties"]["Targets"][0]["Input"] = target_input
        p.write_text(json.dumps(t))
        return p

    r = runner.invoke(app, ["import", "cloudformation", str(nightly(json.dumps({"cpu": ""}))), "-r", "us-east-1",
                            "--run-minutes", "Nightly=20"])
    assert r.exit_code == 2 and "Nightly: Targets[0].Input.cpu: '' is not a size" in " ".join(r.output.split())
    res = import_cloudformation(nightly(json.dumps({"ephemeralStorage": {"sizeInGiB": 200}})), region="us-east-1",
                                run_minutes={"Nightly": 20})
    assert res.workload.services[0].ephemeral_storage_gib == 200
    hours = 730 / 24 * 20 / 60
    assert price_declared(res.workload, prices).monthly_cost == pytest.approx(
        hours * (FARGATE_VCPU_H + 2 * FARGATE_GB_H + 180 * 0.000111), rel=1e-9)
    assert round(hours * 180 * 0.000111, 4) == 0.2026
    # PascalCase (Step Functions' spelling) in an EventBridge Input is not the TaskOverride: noted, not read
    res = import_cloudformation(nightly(json.dumps({"Cpu": "4096"})), region="us-east-1", run_minutes={"Nightly": 20})
    assert res.workload.services[0].vcpu == 1.0
    assert any(n.startswith("Nightly: Targets[0].Input: Cpu not read: an ECS target's Input is the TaskOverride itself")
               for n in res.notes)


def test_a_rule_overriding_a_service_task_names_the_overridden_size(tmp_path, prices):
    """A rule that runs a service's task definition: without one run's minutes its runs are not priced (the service
    is), and the note that says how to price them gives the size the runs override (it gave the task definition's);
    with the minutes they are priced on top, at the overridden size."""
    p = _nightly_template(tmp_path, extra={"Svc": {"Type": "AWS::ECS::Service", "Properties": {
        "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE"}}})
    t = json.loads(p.read_text())
    t["Resources"]["Nightly"]["Properties"]["Targets"][0]["Input"] = json.dumps({"cpu": "2048", "memory": "4096"})
    p.write_text(json.dumps(t))
    res = import_cloudformation(p, region="us-east-1")
    assert any("add a service with this task's size as the runs override it (cpu '2048'; memory '4096'), replicas 1"
               in n for n in res.notes)
    res = import_cloudformation(p, region="us-east-1", run_minutes={"Nightly": 20})
    svc, runs = res.workload.services
    assert (svc.name, svc.vcpu, svc.memory_mib, svc.replicas) == ("Svc", 1, 2048, 1)
    assert (runs.name, runs.vcpu, runs.memory_mib, runs.replicas, runs.run_minutes) == \
        ("nightly-report (Nightly)", 2, 4096, 1, 20)
    # the service all month: 730 x (1 x 0.04048 + 2 x 0.004445) = 36.0401; the runs: 30.4167 x 20 min = 10.1389 h
    # x (2 x 0.04048 + 4 x 0.004445) = 1.00111
    d = price_declared(res.workload, prices)
    assert d.monthly_cost == pytest.approx(730 * (FARGATE_VCPU_H + 2 * FARGATE_GB_H)
                                           + 730 / 24 * 20 / 60 * (2 * FARGATE_VCPU_H + 4 * FARGATE_GB_H), rel=1e-6)
    assert not any("add a service with this task's size" in n for n in res.notes)


REAL_ECS = Path(__file__).resolve().parent / "fixtures" / "real" / "ecs"
ECS_SCHEDULE_EXAMPLE = REAL_ECS / "aws-cloudformation-templates-ECS_Schedule_Example.template"


def test_run_minutes_for_a_schedule_a_service_also_runs_is_not_dropped(tmp_path):
    """np-real finding 2 (awslabs/aws-cloudformation-templates ECS_Schedule_Example.template, unedited): the rule
    ECSScheduledTask (cron(00 11 ? * * *), TaskCount 1) runs taskdefinition, which the ECS service 'service' runs
    too. --run-minutes ECSScheduledTask=10 was accepted and dropped: the output was byte-identical to the one
    without it. With the minutes the runs are written as a service of their own: the task definition's size
    (containers 10 + 10 CPU units, memoryReservation-less memory 300 + 200 = 500 MiB), replicas 1 (TaskCount),
    runs_per_month 730 / 24 = 30.4167, run_minutes 10 (5.06944 task-hours a month); the service keeps its
    scaling 1-2 (1.5 on average)."""
    base = runner.invoke(app, ["import", "cloudformation", str(ECS_SCHEDULE_EXAMPLE)])
    given = runner.invoke(app, ["import", "cloudformation", str(ECS_SCHEDULE_EXAMPLE),
                                "--run-minutes", "ECSScheduledTask=10"])
    assert base.exit_code == given.exit_code == 0, (base.output, given.output)
    assert base.stdout != given.stdout
    assert "runs_per_month:" not in base.stdout and "--run-minutes ECSScheduledTask=MINUTES" in base.output
    assert 'name: "taskdefinition (ECSScheduledTask)"' in given.stdout
    assert "runs_per_month: 30.416666666666668" in given.stdout and "run_minutes: 10" in given.stdout

    res = import_cloudformation(ECS_SCHEDULE_EXAMPLE)
    (svc,) = res.workload.services
    assert any(n.startswith("ECSScheduledTask: EventBridge rule 'cron(00 11 ? * * *)' also runs task definition "
                            "taskdefinition, which an ECS service of this input runs (service): the service is priced "
                            "as declared, and the schedule's 30.4167 runs a month (1 task each) come on top and are "
                            "not priced") for n in res.notes)
    for minutes in ({"ECSScheduledTask": 10}, {"taskdefinition": "10"}):  # the rule's logical id, the task's
        res = import_cloudformation(ECS_SCHEDULE_EXAMPLE, run_minutes=minutes)
        svc, runs = res.workload.services
        assert (svc.name, svc.scaling.min, svc.scaling.max, svc.scaling.average) == ("service", 1, 2, 1.5)
        assert (runs.name, runs.replicas, runs.runs_per_month, runs.run_minutes) == \
            ("taskdefinition (ECSScheduledTask)", 1, pytest.approx(730 / 24), 10)
        assert (runs.vcpu, runs.memory_mib, runs.network_mode) == (pytest.approx(20 / 1024), 500, "bridge")
        assert runs.monthly_hours == pytest.approx(730 / 24 * 10 / 60)
        assert any(n.startswith("ECSScheduledTask: EventBridge rule 'cron(00 11 ? * * *)' also runs task definition "
                                "taskdefinition, which an ECS service of this input runs (service): the service's own "
                                "replicas stay as declared, and the schedule's 30.4167 runs a month (1 task each, 10 "
                                "min a run from --run-minutes ") and "are priced on top, as the service "
                   "'taskdefinition (ECSScheduledTask)'" in n for n in res.notes)
        assert not any("come on top and are not priced" in n for n in res.notes)
        assert [e["service"] for e in res.declared["ecs_services"]] == ["service", "taskdefinition (ECSScheduledTask)"]
    # the workload file it writes reads back and compares
    out = tmp_path / "w.yaml"
    r = runner.invoke(app, ["import", "cloudformation", str(ECS_SCHEDULE_EXAMPLE), "--run-minutes",
                            "ECSScheduledTask=10", "-o", str(out)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["compare", str(out), "-p", "ecs-ec2", "--format", "json"])
    assert r.exit_code == 0, r.output


def test_a_service_task_run_on_a_schedule_is_priced_on_top_by_tag_and_on_fargate(tmp_path, prices):
    """A Fargate service of 2 tasks and a nightly rule on its task definition. The tag advisor/minutes-per-run of the
    task definition gives one run's minutes as --run-minutes does (it was ignored, as the flag was): 2 x 730 x
    0.04937 = 72.0802 for the service, plus 30.4167 runs x 20 min = 10.1389 h x 0.04937 = 0.50056 for the runs."""
    svc = {"Svc": {"Type": "AWS::ECS::Service", "Properties": {
        "Cluster": {"Ref": "Cluster"}, "TaskDefinition": {"Ref": "Task"}, "LaunchType": "FARGATE", "DesiredCount": 2,
        "ServiceName": "reports"}}}
    p = _nightly_template(tmp_path, extra=svc)
    t = json.loads(p.read_text())
    t["Resources"]["Task"]["Properties"]["Tags"] = [{"Key": "advisor/minutes-per-run", "Value": "20"}]
    p.write_text(json.dumps(t))
    res = import_cloudformation(p, region="us-east-1")
    got = {s.name: (s.replicas, s.runs_per_month, s.run_minutes) for s in res.workload.services}
    assert got == {"reports": (2, None, None), "nightly-report (Nightly)": (1, pytest.approx(730 / 24), 20)}
    assert any("(reports): the service's own replicas stay as declared" in n and "20 min a run from tag "
               "advisor/minutes-per-run of Task" in n for n in res.notes)
    d = price_declared(res.workload, prices)
    per_task_hour = FARGATE_VCPU_H + 2 * FARGATE_GB_H
    assert d.monthly_cost == pytest.approx((2 * 730 + 730 / 24 * 20 / 60) * per_task_hour, rel=1e-6)
    # a rule that overlaps itself on a service's task: the same chains as for a task no service runs
    res = import_cloudformation(_nightly_template(tmp_path, extra=svc), run_minutes={"Nightly": 2880})
    runs = next(s for s in res.workload.services if s.name == "nightly-report (Nightly)")
    assert (runs.replicas, runs.runs_per_month) == (2, pytest.approx(730 / 48))


def _tf_service_and_rule(tmp_path: Path) -> Path:
    """A Terraform plan: service 'web' (2 Fargate tasks of 0.5 vCPU / 1 GB) and an EventBridge rule 'nightly'
    (cron(0 2 * * ? *)) whose ECS target runs the same task definition, by ARN."""
    arn = "arn:aws:ecs:us-east-1:123456789012"
    resources = [
        ("aws_ecs_cluster.main", {"name": "main", "arn": f"{arn}:cluster/main"}),
        ("aws_ecs_task_definition.web", {
            "family": "web", "cpu": "512", "memory": "1024", "network_mode": "awsvpc",
            "requires_compatibilities": ["FARGATE"], "arn": f"{arn}:task-definition/web:1",
            "container_definitions": json.dumps([{"name": "web", "image": "x", "essential": True}])}),
        ("aws_ecs_service.web", {"name": "web", "cluster": "main", "desired_count": 2, "launch_type": "FARGATE",
                                 "task_definition": "web:1"}),
        ("aws_cloudwatch_event_rule.nightly", {"name": "nightly", "schedule_expression": "cron(0 2 * * ? *)",
                                               "state": "ENABLED"}),
        ("aws_cloudwatch_event_target.nightly", {
            "rule": "nightly", "arn": f"{arn}:cluster/main", "role_arn": "arn:aws:iam::123456789012:role/events",
            "ecs_target": [{"task_definition_arn": f"{arn}:task-definition/web:1", "task_count": 3,
                            "launch_type": "FARGATE"}]}),
    ]
    doc = {"format_version": "1.2", "terraform_version": "1.9.8",
           "planned_values": {"root_module": {"resources": [
               {"address": a, "mode": "managed", "type": a.split(".")[0], "name": a.split(".")[1], "values": v}
               for a, v in resources]}},
           "resource_changes": [{"address": a, "change": {"actions": ["create"], "after": v, "after_unknown": {}}}
                                for a, v in resources],
           "configuration": {"provider_config": {"aws": {"expressions": {"region": {"constant_value": "us-east-1"}}}},
                             "root_module": {"resources": []}}}
    p = tmp_path / "plan.json"
    p.write_text(json.dumps(doc))
    return p


def test_terraform_run_minutes_for_a_service_task_on_a_schedule(tmp_path, prices):
    """The same in a Terraform plan: without the minutes a note (with the flag to give), with them a service of the
    rule's 3 tasks a run: 3 x 30.4167 x 15 min = 22.8125 task-hours x (0.5 x 0.04048 + 1 x 0.004445) = 0.563135,
    beside the service's 2 x 730 x 0.024685 = 36.0401."""
    p = _tf_service_and_rule(tmp_path)
    res = import_terraform(p)
    assert [s.name for s in res.workload.services] == ["web"]
    assert any("also runs task definition aws_ecs_task_definition.web, which an ECS service of this input runs (web)"
               in n and "--run-minutes aws_cloudwatch_event_rule.nightly=MINUTES" in n for n in res.notes)
    res = import_terraform(p, run_minutes={"nightly": 15})
    web, runs = res.workload.services
    assert (web.name, web.replicas) == ("web", 2)
    assert (runs.name, runs.replicas, runs.runs_per_month, runs.run_minutes) == \
        ("web (nightly)", 3, pytest.approx(730 / 24), 15)
    d = price_declared(res.workload, prices)
    per_task_hour = 0.5 * FARGATE_VCPU_H + 1 * FARGATE_GB_H
    assert d.monthly_cost == pytest.approx((2 * 730 + 3 * 730 / 24 * 15 / 60) * per_task_hour, rel=1e-6)
    r = runner.invoke(app, ["import", "terraform", str(p), "--run-minutes", "nightly=15"])
    assert r.exit_code == 0 and 'name: "web (nightly)"' in r.stdout, r.output


def test_cdk_scheduled_fargate_task_with_assign_public_ip_enabled_pays_per_task_hour(tmp_path, prices):
    """aws-cdk integ.scheduled-fargate-task with the first rule's EcsParameters.NetworkConfiguration.AwsVpcConfiguration
    .AssignPublicIp ENABLED (DISABLED as published): with 1 minute a run, 21,900 runs x 2 tasks x 1 min = 730
    task-hours, each holding a public IPv4 address: 730 x $0.005 = $3.65 more, declared and on ECS on Fargate; the
    second rule's tasks (DISABLED) none. 'YES' exits 2 naming the field; a parameter without a Default exits 2 as for
    a service's AssignPublicIp."""
    from advisor.compare import compare
    src = (REAL_ECS / "aws-cdk-scheduled-fargate-task.template.json").read_text()
    rules = ("ScheduledFargateTaskScheduledEventRule2B79E34F", "ScheduledFargateTask2ScheduledEventRuleB28B6E89")
    t = json.loads(src)
    vpc = t["Resources"][rules[0]]["Properties"]["Targets"][0]["EcsParameters"]["NetworkConfiguration"][
        "AwsVpcConfiguration"]
    assert vpc["AssignPublicIp"] == "DISABLED"
    vpc["AssignPublicIp"] = "ENABLED"
    p = tmp_path / "t.json"
    p.write_text(json.dumps(t))
    w = import_cloudformation(p, run_minutes={r: 1 for r in rules}).workload
    assert [s.public_ip for s in w.services] == [True, False]
    result = compare(w, platforms=["ecs-fargate"], scaling=False)
    for est in (result.declared.estimate, result.estimate("ecs-fargate")):
        [ip] = [ln for ln in est.lines if ln.category == "public_ipv4" and ln.service]
        assert (ip.service, ip.quantity, ip.monthly_cost) == (w.services[0].name, pytest.approx(730),
                                                              pytest.approx(3.65))
    # 2 x $9.010025 (the two rules' tasks) + NAT gateway $32.85 + its Elastic IP $3.65 + the tasks' addresses $3.65
    assert result.declared.estimate.monthly_cost == pytest.approx(2 * 9.010025 + 32.85 + 3.65 + 3.65)
    vpc["AssignPublicIp"] = "YES"
    p.write_text(json.dumps(t))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", f"{rules[0]}=1"])
    assert r.exit_code == 2 and f"{rules[0]}: Targets[0].EcsParameters.NetworkConfiguration.AwsVpcConfiguration." \
        "AssignPublicIp: 'YES' is not valid; use ENABLED or DISABLED" in " ".join(r.output.split())
    vpc["AssignPublicIp"] = {"Ref": "PublicIp"}
    t.setdefault("Parameters", {})["PublicIp"] = {"Type": "String"}
    p.write_text(json.dumps(t))
    r = runner.invoke(app, ["import", "cloudformation", str(p), "--run-minutes", f"{rules[0]}=1"])
    assert r.exit_code == 2 and "AwsVpcConfiguration.AssignPublicIp: !Ref PublicIp does not resolve to a value " \
        "advisor can price: parameter PublicIp has no Default" in " ".join(r.output.split())


def test_scheduler_schedule_awsvpc_configuration_assign_public_ip(tmp_path, prices):
    """An AWS::Scheduler::Schedule (its EcsParameters spell it AwsvpcConfiguration) running the nightly 1 vCPU / 2 GB
    task with AssignPublicIp ENABLED, 20 minutes a run: 30.4167 runs x 20 min = 10.1389 task-hours x (0.04937 + the
    address's $0.005) = $0.50056 + $0.05069."""
    p = _nightly_template(tmp_path)
    t = json.loads(p.read_text())
    t["Resources"]["Nightly"] = {"Type": "AWS::Scheduler::Schedule", "Properties": {
        "ScheduleExpression": "cron(0 2 * * ? *)", "FlexibleTimeWindow": {"Mode": "OFF"}, "Target": {
            "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]}, "RoleArn": "arn:aws:iam::1:role/s",
            "EcsParameters": {"TaskDefinitionArn": {"Ref": "Task"}, "LaunchType": "FARGATE", "NetworkConfiguration": {
                "AwsvpcConfiguration": {"Subnets": ["subnet-1"], "AssignPublicIp": "ENABLED"}}}}}}
    p.write_text(json.dumps(t))
    w = import_cloudformation(p, region="us-east-1", run_minutes={"Nightly": 20}).workload
    [svc] = w.services
    assert svc.public_ip
    d = price_declared(w, prices)
    hours = 730 / 24 * 20 / 60
    assert d.monthly_cost == pytest.approx(hours * (FARGATE_VCPU_H + 2 * FARGATE_GB_H + 0.005), rel=1e-6)
