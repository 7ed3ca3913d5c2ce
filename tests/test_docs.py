"""The README, docs/ and the examples' comments say what the code does: links resolve, figures are the tool's,
every workload field is in the reference, nothing points outside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file: lower case, punctuation other than '-' and '_' dropped, spaces
    as '-', a repeated anchor numbered ('-1', '-2')."""
    seen: dict[str, int] = {}
    out = set()
    in_code = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not line.startswith("#"):
            continue
        title = line.lstrip("#").strip()
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_and_their_anchors_resolve(doc: Path):
    # docs/workload-format.md linked platforms.md#ecs-managed-instances and #eks-auto-mode; the headings' anchors
    # are #ecs-managed-instances-ecs-managed-instances and #eks-auto-mode-eks-auto-mode
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(target)
    assert not broken, broken


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_no_path_outside_the_repository(doc: Path):
    # docs/architecture.md ran ../shared/tools/check_layers.py, docs/pricing-refresh.md --reference
    # ../shared/reference: a user of the repository has neither
    text = doc.read_text(encoding="utf-8")
    assert not re.findall(r"\.\./(?:shared|scratch)\b|PATH/TO/scratch", text)


CONFLICT = re.compile(r"^(?:<{7} |={7}$|>{7} )", re.MULTILINE)


def test_no_merge_conflict_markers():
    # docs/importing.md kept both sides of a merge of its task-definition `volumes[]` row, between '<<<<<<< HEAD'
    # and '>>>>>>> 3805bc33...': the table printed the markers and two versions of the row
    files = [*DOCS, *sorted(ROOT.glob("examples/**/*")), *sorted(ROOT.glob("advisor/**/*.py")),
             *sorted(ROOT.glob("advisor/render/templates/*")), *sorted(ROOT.glob("scripts/*.py"))]
    found = [f"{f.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}"
             for f in files if f.is_file() for text in [f.read_text(encoding="utf-8", errors="replace")]
             for m in CONFLICT.finditer(text)]
    assert not found, found


def test_workload_reference_lists_every_field_of_the_schema():
    # docs/workload-format.md, "the full reference", had neither fargate_spot (top level) nor a service's
    # on_demand_base, which README, strategy.md and platforms.md tell users to set
    from advisor.workload import workload_json_schema

    schema = workload_json_schema()
    defs = schema["$defs"]
    doc = (ROOT / "docs" / "workload-format.md").read_text(encoding="utf-8")

    def section(title: str) -> str:
        start = doc.index(f"\n## {title}\n")
        end = doc.find("\n## ", start + 1)
        return doc[start:end if end > 0 else None]

    for title, keys in (("Top level", schema["properties"]), ("Service", defs["Service"]["properties"]),
                        ("`fargate_spot`", defs["FargateSpotPolicy"]["properties"])):
        text = section(title)
        assert [k for k in keys if f"| `{k}` |" not in text] == [], title


def test_importing_real_input_totals_are_the_tools():
    # docs/importing.md said $190.13 and $205.63 (before the CoreDNS pods on Fargate were priced) and listed the
    # OpenTelemetry demo, which is not a fixture, among the inputs it is tested on
    from advisor.compare import compare

    text = " ".join((ROOT / "docs" / "importing.md").read_text(encoding="utf-8").split())
    real = ROOT / "tests" / "fixtures" / "real" / "k8s"
    for name in ("online-boutique-kubernetes-manifests.yaml", "sock-shop-complete-demo.yaml"):
        est = compare(real / name, platforms=["eks-fargate"], scaling=False).estimate("eks-fargate")
        total = sum(ln.monthly_cost for ln in est.lines if ln.category in ("compute", "os_license", "control_plane"))
        assert f"${total:,.2f}" in text, (name, total)
    assert "OpenTelemetry" not in text or list(real.glob("*opentelemetry*"))


def test_ec2_docs_overhead_percent_reproduces_the_measured_capacity():
    # docs/ec2.md: "Set vm_memory_overhead_percent: 2.53 to reproduce it" (7,985 MiB); 2.53% rounds up to 208 MiB
    from advisor.pricing.book import default_pricebook
    from advisor.pricing.catalog import Catalog
    from advisor.sizing.nodes import node_capacity

    text = (ROOT / "docs" / "ec2.md").read_text(encoding="utf-8")
    percent = float(re.search(r"vm_memory_overhead_percent: ([\d.]+)` to reproduce it", text).group(1))
    m4 = Catalog.of(default_pricebook()).instance_type("m4.large")
    cap = node_capacity(m4, "ecs-ec2", vm_memory_overhead_percent=percent)
    assert cap.details["capacity_memory_mib"] == 7985 and "**7,985 MiB**" in text


def test_python_api_lists_every_sweep_method():
    # docs/python-api.md listed priced, scaled, packed and scaled_lp; a platform that cannot run every service
    # has method 'infeasible'
    import advisor

    api = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    section = api[api.index("### `SWEEP_COLUMNS`"):api.index("### `CROSSOVER_COLUMNS`")]
    methods = set(advisor.sweep_frame(ROOT / "examples" / "microservices.yaml").method)
    methods |= set(advisor.sweep_frame(ROOT / "examples" / "seed-comparison.yaml", platforms=["ecs-fargate", "eks-ec2"],
                                       value="monthly_cost").method)
    assert methods >= {"priced", "scaled", "packed", "scaled_lp", "infeasible"}
    assert [m for m in sorted(methods) if f"`{m}`" not in section] == []


def test_seed_comparison_header_says_what_the_tool_shows():
    # its header said "'advisor sweep' shows where the ranking flips" (the default sweep shows no crossover) and
    # "EKS on EC2 near $270" ($257.61)
    import json

    from typer.testing import CliRunner

    from advisor.cli import app

    path = ROOT / "examples" / "seed-comparison.yaml"
    header = " ".join(line.lstrip("# ") for line in path.read_text(encoding="utf-8").splitlines()
                      if line.startswith("#"))
    runner = CliRunner()
    c = json.loads(runner.invoke(app, ["compare", str(path), "-f", "json"]).stdout)
    cost = {p["platform"]: p["monthly_cost"] for p in c["platforms"]}
    assert f"ECS on Fargate at ${cost['ecs-fargate']:.0f}" in header
    assert f"EKS on EC2 nodes at ${cost['eks-ec2']:.0f}" in header
    default = runner.invoke(app, ["sweep", str(path)]).stdout
    assert "no crossover" in default and "stays the cheapest from 0.25x to 20x" in header
    command = re.search(r"'advisor (sweep [^']+)'", header).group(1).split()
    shown = runner.invoke(app, [*command[:1], str(ROOT / command[1]), *command[2:]]).stdout
    assert "crossover between 2x and 3x: ecs-fargate -> eks-ec2" in shown
    assert "between 2x and 3x" in header


def test_importing_replicas_without_the_service_file_differs_only_on_fargate_spot(tmp_path):
    # docs/importing.md said '--replicas 2' without the service file "gives the same sizes and prices"; the service
    # file's strategy (FARGATE base 1, weight 1) keeps both tasks on FARGATE, advisor's own puts one on Spot
    import json

    from typer.testing import CliRunner

    from advisor.cli import app

    runner = CliRunner()
    taskdef = str(ROOT / "examples" / "web-app.taskdef.json")
    costs = []
    for name, extra in (("with.yaml", ["--services", str(ROOT / "examples" / "web-app.service.json")]),
                        ("without.yaml", ["--replicas", "2"])):
        assert runner.invoke(app, ["import", "taskdef", taskdef, *extra, "-o", str(tmp_path / name)]).exit_code == 0
        out = json.loads(runner.invoke(app, ["compare", str(tmp_path / name), "-f", "json"]).stdout)
        costs.append({p["platform"]: p["monthly_cost"] for p in out["platforms"]})
    with_file, without = costs
    assert [p for p in with_file if with_file[p] != without[p]] == ["ecs-fargate-spot"]
    text = " ".join((ROOT / "docs" / "importing.md").read_text(encoding="utf-8").split())
    assert (f"(${without['ecs-fargate-spot']:.2f} a month instead of ${with_file['ecs-fargate-spot']:.2f} in "
            "us-east-1)") in text


def test_ec2_nodes_synopsis_options_run_together():
    # docs/ec2.md's synopsis showed '[--trunking] [--network-mode bridge]' as independent options, but the two
    # together exit 2 (bridge tasks share the instance's ENI, so trunking changes nothing). Every option a synopsis
    # line shows (brackets dropped, the first of each 'a | b' choice) must run together.
    from typer.testing import CliRunner

    from advisor.cli import app

    runner = CliRunner()
    text = (ROOT / "docs" / "ec2.md").read_text(encoding="utf-8")
    block = re.search(r"```\n(advisor nodes .*?)```", text, re.S).group(1)
    lines = [line for line in block.splitlines() if line.startswith("advisor nodes")]
    assert len(lines) == 4
    for line in lines:
        line = re.sub(r"\[([^\]|]+?)\s*\|[^\]]*\]", r"\1", line)  # [a | b] -> a
        line = line.replace("[", " ").replace("]", " ")
        args = [arg.split("|")[0] for arg in line.split()[1:]]  # ecs-ec2|eks-ec2 -> ecs-ec2
        args = [str(ROOT / arg) if arg.startswith("examples/") else arg for arg in args]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (line, result.output)


def test_pricing_refresh_counts_the_shared_rates_the_manifest_counts():
    # the page said the manifest's coverage counts "eight shared costs"; it counts the ten rates of PRICED_SHARED
    import json

    from advisor.pricing.inventory import PRICED_SHARED

    words = {8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}
    text = (ROOT / "docs" / "pricing-refresh.md").read_text(encoding="utf-8")
    assert f"of the {words[len(PRICED_SHARED)]} shared-cost rates (`shared_priceable`" in text
    manifest = json.loads((ROOT / "advisor" / "pricing_data" / "manifest.json").read_text(encoding="utf-8"))
    assert {c["shared_priceable"].split("/")[1] for c in manifest["coverage"].values()} == {str(len(PRICED_SHARED))}


def test_python_api_function_table_matches_the_signatures():
    # docs/python-api.md showed sweep_frame, spot_frame and regions_frame without their keyword-only prices=None,
    # and never named the exported Report class: every name of advisor.api.__all__ is in the page, and every
    # function's row lists exactly the parameters of its signature (a **kwargs function may name the keywords
    # it reads, such as scenario's architecture=...).
    import inspect

    from advisor import api

    doc = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    table = doc[doc.index("\n## Functions\n"):doc.index("\n## DataFrame columns\n")]
    assert [n for n in api.__all__ if f"`{n}" not in doc] == []
    rows = {}
    for cell in re.findall(r"^\| (.+?) \| ", table, re.M):
        for name, params in re.findall(r"`(\w+)\(([^`]*)\)`", cell):
            params = re.sub(r"\([^()]*\)", "()", params)  # a tuple default's commas are not parameters
            rows[name] = [re.split(r"[=\s]", p.strip().lstrip("*"))[0] for p in params.split(",")
                          if p.strip() and p.strip() != "*"]
    functions = [n for n in api.__all__ if inspect.isfunction(getattr(api, n))]
    assert sorted(rows) == sorted(functions)
    for name in functions:
        params = inspect.signature(getattr(api, name)).parameters.values()
        real = [p.name for p in params if p.kind is not inspect.Parameter.VAR_KEYWORD]
        documented = ["workload" if p == "workload_or_comparison" else p for p in rows[name]]
        if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
            assert set(real) <= set(documented), name
        else:
            assert documented == real, name
