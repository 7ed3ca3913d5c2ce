"""Every registered command, each option group and each output format it offers, on an example (issue 13, item 5),
and a CLI-level fuzz test (issue 18): exit 0 or 2, never a traceback, JSON that parses with no NaN/Infinity,
money finite and >= 0 except credit lines, nothing non-printable on the terminal, within a time bound.

The command list is read from the typer app, so a new command without a smoke case fails
``test_every_registered_command_has_a_smoke_case``; its formats are read from its ``--format`` option.
The fuzz cases come from ``tests/fuzz_cli.py``; ``benchmarks/fuzz_cli_campaign.py`` runs them by the thousand.
"""

from __future__ import annotations

import enum
import re
import shutil
import time
import typing
from pathlib import Path

import pytest
import typer
from fuzz_cli import STDIN, cached_app_command, fill, generate, problems, setup_inputs
from hostile_names import assert_terminal_safe, csv_problems, money_problems, strict_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.cli import app

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
WEB = str(EX / "web-app.yaml")
MIRROR = ROOT / "tests" / "fixtures" / "pricelist" / "mirror"
ECS_OFFER = ROOT / "tests" / "fixtures" / "AmazonECS_bulk_offer_eu-west-1_sample.csv"
#: Commands whose --format is free text checked by the command (not an Enum): the formats they accept.
FREE_TEXT_FORMATS = {"table", "json"}
#: Commands whose --format picks what they read (pricing fetch: the offer file format), not what they print.
READ_FORMAT = {("pricing", "fetch")}
#: Commands that call AWS with the user's credentials: without credentials they must exit 2 with a message.
LIVE = {("pricing", "refresh"), ("import", "ecs")}
#: Seconds one smoke or fuzz invocation may take (a budget for a loaded 2-core machine, not a benchmark).
TIME_BOUND_S = 30.0
runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _isolate_user_data(tmp_path_factory):
    """conftest's isolation from a developer's refreshed prices, once per module: the commands here only read
    prices (fetch and import-offer write to their own --data-dir), so the price book loads once; the app's click command is built once too."""
    from advisor.pricing import book

    with pytest.MonkeyPatch.context() as mp, cached_app_command():
        mp.setenv("ADVISOR_DATA_DIR", str(tmp_path_factory.mktemp("advisor-data")))
        mp.setenv("ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("advisor-cache")))
        book._default.cache_clear()
        yield
    book._default.cache_clear()


@pytest.fixture
def no_aws(monkeypatch, tmp_path):
    """No AWS credentials anywhere (environment, files, instance metadata): live commands must not reach AWS."""
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


# ------------------------------------------------------------------------------------------ the registered commands


def registered_commands() -> dict[tuple[str, ...], list[str] | None]:
    """Every leaf command of the typer app -> the values of its --format option (None when it has none)."""
    found: dict[tuple[str, ...], list[str] | None] = {}

    def walk(command, path: tuple[str, ...]) -> None:
        subs = getattr(command, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, (*path, name))
            return
        formats = None
        for p in command.params:
            if "--format" in (getattr(p, "opts", None) or []):
                hint = typing.get_type_hints(command.callback, include_extras=True)[p.name]
                base = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
                formats = [m.value for m in base] if isinstance(base, type) and issubclass(base, enum.Enum) \
                    else sorted(FREE_TEXT_FORMATS)
        found[path] = formats

    walk(typer.main.get_command(app), ())
    return found


IAC = Path(__file__).parent / "fixtures" / "iac"

#: (command, format) -> an option the command refuses in that format because it would change nothing there.
REFUSED = {(("sweep",), "csv"): "--value"}

#: Per command, the option groups to run (each with every format the command offers). "{tmp}" is a fresh folder.
SMOKE: dict[tuple[str, ...], list[list[str]]] = {
    ("compare",): [[WEB], [str(EX / "web-app.taskdef.json"), "--platform", "ecs-fargate", "--platform", "eks-fargate"],
                   ["{tmp}/k8s", "--strict", "--region", "eu-west-1"]],
    ("sizes",): [[], ["--cpu", "0.5", "--memory", "1GB"], ["--cpu", "1", "--memory", "8 GB", "--eks"],
                 ["--os", "windows"]],
    ("schema",): [[]],
    ("sweep",): [[WEB], [WEB, "--scale", "0.5:4", "--points", "5", "--value", "monthly_cost"], [WEB, "--spot"]],
    ("report",): [[WEB, "-o", "{tmp}/r.html"], [WEB, "-o", "-"], ["--all", "{tmp}/one", "-o", "{tmp}/out"]],
    ("pricing", "show"): [[], ["--region", "us-east-1"]],
    ("pricing", "fetch"): [["--region", "mx-central-1", "--services", "AmazonECS", "--endpoint", str(MIRROR),
                            "--data-dir", "{tmp}/data", "--no-progress"]],
    ("pricing", "refresh"): [["--region", "us-east-1", "--tables", "fargate", "--data-dir", "{tmp}/data",
                              "--no-progress"]],
    ("pricing", "import-offer"): [[str(ECS_OFFER), "--data-dir", "{tmp}/data"]],
    ("nodes", "capacity"): [["--instance-type", "m5.large", "--platform", "eks-ec2"],
                            ["--instance-type", "m7g.xlarge", "--platform", "ecs-ec2"]],
    ("nodes", "pack"): [[WEB, "--platform", "ecs-ec2"], [WEB, "--platform", "eks-ec2"]],
    ("strategy", "distribute"): [["--desired", "10", "capacityProvider=FARGATE,base=2,weight=1",
                                  "capacityProvider=FARGATE_SPOT,weight=3"]],
    ("strategy", "deployment"): [["--desired", "4", "--minimum-healthy-percent", "50", "--maximum-percent", "200",
                                  "--deployments-per-month", "20"]],
    ("strategy", "recommend"): [[WEB]],
    ("import", "taskdef"): [[str(EX / "web-app.taskdef.json")],
                            [str(EX / "web-app.taskdef.json"), "--services", str(EX / "web-app.service.json"),
                             "-o", "{tmp}/w.yaml"]],
    ("import", "k8s"): [["{tmp}/k8s", "--name", "shop"]],
    ("import", "ecs"): [["--cluster", "demo", "--region", "us-east-1"]],
    ("import", "terraform"): [[str(IAC / "synthetic" / "tf_ecs_fargate_plan.json")]],
    ("import", "cloudformation"): [[str(IAC / "cloudformation" / "cfn_templates_ecs_schedule_example.yaml")]],
    ("diff",): [[str(IAC / "synthetic" / "tf_ecs_fargate_plan.json"), str(IAC / "synthetic" / "tf_ecs_fargate_plan_after.json")]],
}


def _prepare(tmp: Path) -> None:
    (tmp / "k8s").mkdir()
    shutil.copy(EX / "k8s" / "web.yaml", tmp / "k8s" / "web.yaml")
    (tmp / "one").mkdir()
    shutil.copy(EX / "web-app.yaml", tmp / "one" / "web-app.yaml")


def check_output(result, fmt: str | None, what: str) -> None:
    """The checks every run gets: no exception but SystemExit, no traceback, printable output, valid JSON with
    finite non-negative money, rectangular CSV without formulas."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{what}: {type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.output, what
    assert_terminal_safe(result.stderr, f"{what} (stderr)")
    if fmt != "html":
        assert_terminal_safe(result.stdout, what)
    if result.exit_code != 0:
        assert result.stderr.startswith(("error: ", "Usage: ", "\nUsage: ")) or "Error" in result.stderr, what
        return
    if fmt == "json":
        assert money_problems(strict_json(result.stdout)) == [], what
    if fmt == "csv":
        assert csv_problems(result.stdout) == [], what


def test_every_registered_command_has_a_smoke_case():
    assert set(registered_commands()) == set(SMOKE)


@pytest.mark.parametrize("path", sorted(SMOKE), ids=["-".join(p) for p in sorted(SMOKE)])
def test_smoke(path, tmp_path, no_aws):
    formats = registered_commands()[path]
    runs = 0
    for i, args in enumerate(SMOKE[path]):
        for fmt in formats or [None]:
            tmp = tmp_path / f"{i}-{fmt}"
            tmp.mkdir()
            _prepare(tmp)
            argv = [*path, *(a.replace("{tmp}", str(tmp)) for a in args)] + (["--format", fmt] if fmt else [])
            if (path, fmt) in REFUSED and REFUSED[path, fmt] in args:
                continue  # refused with exit 2 (tests/test_cli.py): the option would change nothing in that format
            started = time.perf_counter()
            r = runner.invoke(app, argv)
            took = time.perf_counter() - started
            what = " ".join(argv)
            check_output(r, "html" if path == ("report",) else None if path in READ_FORMAT else fmt, what)
            assert r.exit_code == (2 if path in LIVE else 0), f"{what}: {r.output}"
            if path in LIVE:
                assert "credentials" in r.stderr, what
            assert took < TIME_BOUND_S, f"{what}: {took:.1f} s"
            if fmt is None and path == ("schema",):
                strict_json(r.stdout)
            runs += 1
    assert runs >= len(SMOKE[path])


def test_help_of_every_command():
    for path in registered_commands():
        r = runner.invoke(app, [*path, "--help"])
        assert r.exit_code == 0 and "Usage" in r.stdout, path
        # -h is the same help ('advisor compare -h' said 'No such option: -h')
        short = runner.invoke(app, [*path, "-h"])
        assert short.exit_code == 0 and short.stdout == r.stdout, path
    assert runner.invoke(app, ["-h"]).stdout == runner.invoke(app, ["--help"]).stdout


GROUPS = sorted({p[:i] for p in registered_commands() for i in range(len(p))})


@pytest.mark.parametrize("path", GROUPS + sorted(registered_commands()), ids=lambda p: "-".join(p) or "advisor")
def test_help_at_80_columns_shows_no_value_on_flags_and_cuts_off_no_name(path):
    """Flags (--strict, --eks, --all, --force, --trunking, typer's --help and --version) take no value: help showed
    '--strict <bool>' and '--eks false' failed. At 80 columns, help cut names off ('$ADVISOR_MAX_PRICE_AGE_D…',
    '~/.local/share/adviso…', '--minimum-healthy-perce…')."""
    r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "<bool>" not in r.stdout and "…" not in r.stdout, r.stdout
    # a repeatable option shows what one value is (<id,...>, <region>), not its Python type
    assert not re.search(r"│ --\S+ +(-\S +)?<list\[str\]>", r.stdout), r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_flags_take_no_value():
    r = runner.invoke(app, ["sizes", "--cpu", "1", "--memory", "2048", "--eks"])
    assert r.exit_code == 0 and "2304 MiB" in r.stdout
    r = runner.invoke(app, ["sizes", "--cpu", "1", "--memory", "2048", "--eks=false"])
    assert r.exit_code == 2 and "does not take a value" in r.output


def test_data_dir_and_cache_help_name_the_xdg_defaults_the_code_uses():
    for cmd in (["pricing", "fetch"], ["pricing", "refresh"], ["pricing", "import-offer"]):
        text = " ".join(runner.invoke(app, [*cmd, "--help"], env={"COLUMNS": "80"}).stdout.split())
        assert ("--data-dir, else $ADVISOR_DATA_DIR, else $XDG_DATA_HOME/advisor, else ~/.local/share/advisor"
                in text), cmd
    text = " ".join(runner.invoke(app, ["pricing", "fetch", "--help"], env={"COLUMNS": "80"}).stdout.split())
    assert "$ADVISOR_CACHE_DIR, else $XDG_CACHE_HOME/advisor, else ~/.cache/advisor" in text
    text = " ".join(runner.invoke(app, ["compare", "--help"], env={"COLUMNS": "80"}).stdout.split())
    assert "--max-age-days (else $ADVISOR_MAX_PRICE_AGE_DAYS, else 365)" in text


# ------------------------------------------------------------------------------------------ CLI fuzz


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    return setup_inputs(tmp_path_factory.mktemp("fuzz-inputs"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_cli_fuzz(inputs, rng):
    argv = fill(generate(rng), inputs)
    started = time.perf_counter()
    r = runner.invoke(app, argv, input=STDIN)
    took = time.perf_counter() - started
    assert problems(argv, r, inputs) == [], f"{argv}: {r.output[-2000:]}"
    assert took < TIME_BOUND_S, f"{argv}: {took:.1f} s"


@pytest.mark.parametrize("path", sorted(SMOKE), ids=["-".join(p) for p in sorted(SMOKE)])
@pytest.mark.parametrize(("var", "value"), [("ADVISOR_WORKERS", "abc"), ("ADVISOR_CACHE", "maybe")])
def test_a_bad_advisor_variable_stops_every_command(path, var, value, tmp_path, monkeypatch, no_aws):
    """The README: any value of ADVISOR_WORKERS (or ADVISOR_CACHE) advisor does not know stops every command with exit
    code 2 and one message naming the variable ('sizes' and 'schema' ran regardless), while --help still works."""
    monkeypatch.setenv(var, value)
    _prepare(tmp_path)
    argv = [*path, *(a.replace("{tmp}", str(tmp_path)) for a in SMOKE[path][0])]
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, f"{' '.join(argv)}: {r.output}"
    assert r.stderr.startswith(f"error: ${var} is {value!r}"), r.stderr
    assert runner.invoke(app, [*path, "--help"]).exit_code == 0
