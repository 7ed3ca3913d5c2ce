"""Generated command lines for the CLI fuzz (issue 18): ``tests/test_cli_smoke.py::test_cli_fuzz`` runs a few
hundred, ``benchmarks/fuzz_cli_campaign.py`` thousands. A case is reproduced by ``generate(random.Random(seed))``.

Each case is one argv: a command (compare, sweep, sizes, nodes, strategy, report, import, pricing show) with a mix
of valid and hostile values (unknown regions and platforms, markup and escape sequences, huge, negative and
non-finite numbers, broken ranges, missing/binary/broken/hostile inputs, standard input) and, for commands that
write files, ``-o`` targets that must be refused (a device, a folder, a file advisor did not write, a missing
folder). With ``heavy``, report and import cases also write real files (reports render), and ``report --all``
meets workloads whose names collide.

``problems(argv, result, inputs)`` lists what is wrong with one run: an exit code other than 0 or 2, an exception
other than SystemExit, a traceback, non-printable output, JSON that does not parse or holds NaN/Infinity or
negative money outside credit lines, CSV rows that break or cells that are formulas, a refused ``-o`` that exited 0,
a file the user had that changed, a temporary file left behind.
"""

from __future__ import annotations

import contextlib
import functools
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import yaml
from hostile_names import (
    assert_terminal_safe,
    csv_problems,
    hostile_workload,
    markdown_table_problems,
    money_problems,
    strict_json,
)

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
FOREIGN = "<html>mine</html>"
STDIN = "name: from-stdin\nservices: [{name: a, cpu: 1, memory: 2GB}]\n"

WORDS = ["us-east-1", "eu-west-1", "ap-south-2", "mars-1", "", " ", "x[/bold]", "\x1b[31m", "=1+1", "-", "--",
         "1e999", "nan", "-1", "0", "10000000000000000000000", "0.5:20", "1e-300:1e-299", "20:0.5", "a:b", ":",
         "0.01:1000", "ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate", "ecs-fargat",
         "m5.large", "m7g.xlarge", "t3.nano", "capacityProvider=FARGATE,base=2,weight=1",
         "capacityProvider=FARGATE_SPOT,weight=3", "capacityProvider=X", '[{"capacityProvider": "FARGATE_SPOT"}]',
         "2 GB", "512 units", "500m", "windows", "linux", ":warning:", "\u202eevil", "a\r\nb"]
NUMBERS = ["0", "1", "2", "4", "10", "100", "5000", "-1", "-0", "1e9", "nan", "inf", "0.5", "10**3", "1e-9",
           "99999999999999999999999999"]
CHARS = "abc-_.:=[]/\\|<>\"' \t\r\n\x00\x1b\x7f\x85\u00a0\u200b\u202e\u2028\uff1d☃é"
WORKLOADS = ["{web}", "{hostile}", "{taskdef}", "{k8s}", "-"]
BAD_WORKLOADS = ["{missing}", "{binary}", "{broken}", "{folder}"]
FORMATS = ["table", "json", "csv", "markdown", "yaml", "", "JSON"]
#: -o targets that must always be refused (exit 2), leaving what was there unchanged: a device, a folder, a file
#: advisor did not write; for import also a missing folder (a report creates its folders).
REFUSED_OUTPUTS = ["{devnull}", "{tmp}", "{foreign}"]
IMPORT_REFUSED_OUTPUTS = [*REFUSED_OUTPUTS, "{tmp}/missing-folder/sub/w.yaml"]


@contextlib.contextmanager
def cached_app_command() -> Iterator[None]:
    """While active, ``typer.testing.CliRunner.invoke`` builds the click command of the app once instead of on every
    call (about 90% of a failing run's 40 ms). Uses typer's private ``_get_command``; without it, a no-op."""
    import typer.testing

    original = getattr(typer.testing, "_get_command", None)
    if original is None:
        yield
        return
    typer.testing._get_command = functools.lru_cache(maxsize=4)(original)
    try:
        yield
    finally:
        typer.testing._get_command = original


def setup_inputs(folder: Path) -> dict[str, str]:
    """Write the fuzz inputs into ``folder``; returns the placeholders of ``generate``'s argv."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "k8s").mkdir(exist_ok=True)
    shutil.copy(EX / "k8s" / "web.yaml", folder / "k8s" / "web.yaml")
    (folder / "one").mkdir(exist_ok=True)
    shutil.copy(EX / "web-app.yaml", folder / "one" / "web-app.yaml")
    clash = folder / "clash"
    clash.mkdir(exist_ok=True)
    for file, name in (("a.yaml", "shop a"), ("b.yaml", "shop/a"), ("c.yaml", "shop"), ("d.yaml", "shop")):
        (clash / file).write_text(yaml.safe_dump({"name": name, "services": [
            {"name": "web", "cpu": 0.25, "memory": 512, "replicas": 1}]}), encoding="utf-8")
    (folder / "binary.yaml").write_bytes(b"\x00\xff" * 64)
    (folder / "broken.yaml").write_text("name: [unclosed\nservices: {", encoding="utf-8")
    (folder / "foreign.html").write_text(FOREIGN, encoding="utf-8")
    (folder / "out").mkdir(exist_ok=True)
    return {"web": str(EX / "web-app.yaml"), "hostile": str(hostile_workload(folder)),
            "taskdef": str(EX / "web-app.taskdef.json"), "k8s": str(folder / "k8s"),
            "missing": str(folder / "missing.yaml"), "binary": str(folder / "binary.yaml"),
            "broken": str(folder / "broken.yaml"), "folder": str(folder / "one"), "clash": str(clash),
            "tmp": str(folder), "out": str(folder / "out"), "foreign": str(folder / "foreign.html"),
            "devnull": "/dev/null"}


def _text(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(WORDS)
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(0, 12))).replace("\x00", "")


def _number(rng: random.Random) -> str:
    return rng.choice(NUMBERS) if rng.random() < 0.8 else _text(rng)


def _opt(rng: random.Random, name: str, value) -> list[str]:
    return [name, value(rng)] if rng.random() < 0.6 else []


def _valid_or(*valid: str, p: float = 0.6):
    """A value generator: one of ``valid`` with probability ``p``, else hostile text."""
    return lambda rng: rng.choice(valid) if rng.random() < p else _text(rng)


REGION = _valid_or("us-east-1", "us-east-1", "eu-west-1", "ap-south-2")
PLATFORM = _valid_or("ecs-fargate", "ecs-fargate-spot", "ecs-ec2", "eks-ec2", "eks-fargate")
SCALE = _valid_or("0.5:20", "0.25:4", "1:10", "0.01:1000", p=0.5)


def generate(rng: random.Random, heavy: bool = False) -> list[str]:
    """One argv with ``{placeholder}`` paths (see ``setup_inputs``)."""
    fmt = _valid_or("table", "json", "csv", "markdown", p=0.85)
    w = rng.choice(WORKLOADS if rng.random() < 0.7 else BAD_WORKLOADS)
    kind = rng.choice(["compare", "compare", "sweep", "sweep", "sizes", "nodes", "strategy", "strategy", "report",
                       "import", "import"] + (["pricing"] if heavy or rng.random() < 0.2 else []))
    if kind == "compare":
        return ["compare", w, *_opt(rng, "--region", REGION), *_opt(rng, "--platform", PLATFORM),
                *_opt(rng, "--format", fmt), *rng.choice([[], ["--strict"]])]
    if kind == "sweep":
        return ["sweep", w, *_opt(rng, "--scale", SCALE), *_opt(rng, "--points", _number),
                *_opt(rng, "--value", lambda r: r.choice(["monthly_tco", "monthly_cost", "x"])),
                *rng.choice([[], ["--spot"]]), *_opt(rng, "--format", fmt)]
    if kind == "sizes":
        return ["sizes", *_opt(rng, "--cpu", _number), *_opt(rng, "--memory", _text),
                *rng.choice([[], ["--eks"]]), *_opt(rng, "--os", _text), *_opt(rng, "--format", fmt)]
    if kind == "nodes":
        if rng.random() < 0.5:
            return ["nodes", "capacity", *_opt(rng, "--instance-type", _valid_or("m5.large", "m7g.xlarge", "t3.nano")),
                *_opt(rng, "--platform", _valid_or("ecs-ec2", "eks-ec2")),
                    *_opt(rng, "--format", fmt)]
        return ["nodes", "pack", w, *_opt(rng, "--platform", lambda r: r.choice(["ecs-ec2", "eks-ec2", _text(r)])),
                *_opt(rng, "--format", fmt)]
    if kind == "strategy":
        sub = rng.choice(["distribute", "deployment", "recommend"])
        if sub == "distribute":
            return ["strategy", "distribute", *[_text(rng) for _ in range(rng.randint(0, 3))],
                    *_opt(rng, "--desired", _number), *_opt(rng, "--format", fmt)]
        if sub == "deployment":
            return ["strategy", "deployment", *_opt(rng, "--desired", _number),
                    *_opt(rng, "--minimum-healthy-percent", _number), *_opt(rng, "--maximum-percent", _number),
                    *_opt(rng, "--deployments-per-month", _number), *_opt(rng, "--format", fmt)]
        return ["strategy", "recommend", w, *_opt(rng, "--region", REGION), *_opt(rng, "--format", fmt)]
    if kind == "report":
        if heavy and rng.random() < 0.5:
            if rng.random() < 0.3:
                return ["report", "--all", rng.choice(["{clash}", "{folder}", "{web}", "{tmp}/missing"]), "-o", "{out}"]
            return ["report", w, "-o", rng.choice(["{out}/r.html", "{out}/r.html", "-"])]
        return ["report", w, "-o", rng.choice(REFUSED_OUTPUTS)]
    if kind == "import":
        sub = rng.choice(["taskdef", "k8s"])
        out = rng.choice([[], ["-o", rng.choice(IMPORT_REFUSED_OUTPUTS)]]
                         + ([["-o", "{out}/w.yaml", "--force"], ["-o", "{out}/w.yaml"]] if heavy else []))
        return ["import", sub, w, *_opt(rng, "--name", _text), *_opt(rng, "--region", REGION), *out]
    # pricing show reads every price table (about 0.5 s): rare, and mostly with a hostile region, unless heavy
    return ["pricing", "show", *(_opt(rng, "--region", REGION) if heavy else ["--region", _text(rng)]),
            *_opt(rng, "--format", fmt)]


def fill(argv: list[str], inputs: dict[str, str]) -> list[str]:
    """``argv`` with its ``{placeholder}`` paths filled in."""
    return [a.format(**inputs) if a.startswith("{") else a for a in argv]


def output_format(argv: list[str]) -> str | None:
    if argv[:1] == ["report"]:
        return "html"
    return argv[argv.index("--format") + 1] if "--format" in argv[:-1] else None


def problems(argv: list[str], result, inputs: dict[str, str]) -> list[str]:
    """What is wrong with one run (empty when nothing is). ``argv`` is filled in (``fill``)."""
    out: list[str] = []
    if result.exit_code not in (0, 2):
        out.append(f"exit code {result.exit_code}")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        out.append(f"exception {type(result.exception).__name__}: {str(result.exception)[:200]}")
    if "Traceback" in result.output:
        out.append("traceback in output")
    fmt = output_format(argv)
    checks = [lambda: assert_terminal_safe(result.stderr, "stderr")]
    if fmt != "html":
        checks.append(lambda: assert_terminal_safe(result.stdout, "stdout"))
    for check in checks:
        try:
            check()
        except AssertionError as exc:
            out.append(f"unsafe output: {str(exc)[:200]}")
    if result.exit_code == 0:
        try:
            if fmt == "json":
                out += [f"money: {m}" for m in money_problems(strict_json(result.stdout))]
            elif fmt == "csv":
                out += [f"csv: {m}" for m in csv_problems(result.stdout)]
            elif fmt == "markdown":
                out += [f"markdown: {m}" for m in markdown_table_problems(result.stdout)]
        except ValueError as exc:
            out.append(f"invalid JSON: {str(exc)[:200]}")
    if "-o" in argv:
        target = argv[argv.index("-o") + 1]
        refused = {t.format(**inputs) for t in (IMPORT_REFUSED_OUTPUTS if argv[0] == "import" else REFUSED_OUTPUTS)}
        if target in refused and result.exit_code != 2:
            out.append(f"-o {target} was not refused")
    if Path(inputs["foreign"]).read_text(encoding="utf-8") != FOREIGN:
        out.append("a file the user had was changed")
    left = [p.name for folder in (Path(inputs["tmp"]), Path(inputs["out"])) for p in folder.iterdir()
            if p.name.endswith(".advisor-tmp")]
    if left:
        out.append(f"temporary files left: {left}")
    return out
