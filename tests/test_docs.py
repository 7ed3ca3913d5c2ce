"""The README, docs/ and the examples' comments say what the code does: links resolve, figures are the tool's,
every workload field is in the reference and every field the reference names is in the schema, every `advisor`
command and option they show exists, the Python snippets call the API as it is, nothing points outside the
repository."""

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
    over, mib = re.search(r"\(([\d.]+) rounds up to \d+ MiB, ([\d,]+)\)", text).groups()  # the next value up
    assert node_capacity(m4, "ecs-ec2", vm_memory_overhead_percent=float(over)).details["capacity_memory_mib"] == \
        int(mib.replace(",", ""))


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


# ------------------------------------------------------------------------------------------------ the reference
def _key_tables(text: str) -> list[str]:
    """The first cell of every row of the `| key | ...` tables of ``text`` (not the per-platform `| field |` table)."""
    cells, in_table = [], False
    for line in text.splitlines():
        if line.startswith("| key |"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and not line.startswith("|---"):
            cells.append(line.split("|")[1])
    return cells


def _schema_ref(prop: dict) -> str | None:
    """The `$defs` model a property holds (itself, in a list, or one of its `anyOf` choices), if any."""
    for p in (prop, prop.get("items", {}), *prop.get("anyOf", ()), *(a.get("items", {}) for a in prop.get("anyOf", ()))):
        if "$ref" in p:
            return p["$ref"].rsplit("/", 1)[1]
    return None


# section of docs/workload-format.md -> the model its table describes (keys `a.b` are fields of `a`'s model)
WORKLOAD_SECTIONS = {"Top level": None, "Service": "Service", "Container": "Container", "`defaults`": "Defaults",
                     "`daemonsets`": "DaemonSet", "`eks`": "EksConfig", "`fargate_spot`": "FargateSpotPolicy",
                     "`ecs_managed_instances`": "EcsManagedInstances", "`eks_auto_mode`": "EksAutoMode",
                     "`team`": "Team", "`operations`": "Operations", "`requirements`": "Requirements",
                     "`declared`": "DeclaredEstate"}


def test_workload_reference_tables_and_the_schema_name_the_same_fields():
    # docs/workload-format.md, "the full reference", had neither fargate_spot (top level) nor a service's
    # on_demand_base, which README, strategy.md and platforms.md tell users to set.
    # The tables of docs/workload-format.md (and ec2.md's `ec2:` table) against `advisor schema`, both ways: a key
    # the docs name that the schema lacks is a field advisor refuses; a field the schema has that no table names
    # is undocumented. Keys such as `instance_requirements.vcpu` / `.memory_mib` are checked against the nested model.
    from advisor.workload import workload_json_schema

    schema = workload_json_schema()
    defs = schema["$defs"]
    doc = (ROOT / "docs" / "workload-format.md").read_text(encoding="utf-8")

    def section(title: str) -> str:  # up to the next heading, a subsection's too
        start = re.search(rf"^#{{2,3}} {re.escape(title)}$", doc, re.M).end()
        end = re.compile(r"^#+ ", re.M).search(doc, start)
        return doc[start:end.start() if end else None]

    def documented(cells: list[str], model: str | None) -> tuple[set[str], set[str]]:
        props = schema["properties"] if model is None else defs[model]["properties"]
        named, unknown = set(), set()
        for cell in cells:
            parent = None
            for key in re.findall(r"`([\w.]+)`", cell):
                head, _, rest = key.lstrip(".").partition(".")
                if key.startswith("."):  # `.memory_mib` after `instance_requirements.vcpu`
                    head, rest = parent, key[1:]
                if head not in props:
                    unknown.add(key)
                    continue
                named.add(head)
                if rest:
                    parent = head
                    nested = _schema_ref(props[head])
                    if nested is None or rest not in defs[nested]["properties"]:
                        unknown.add(key)
        return named, unknown

    def choices(prop: dict) -> list | None:
        for p in (prop, prop.get("items", {}), *prop.get("anyOf", ())):
            if "enum" in p:
                return p["enum"]
            if "$ref" in p and "enum" in defs[p["$ref"].rsplit("/", 1)[1]]:
                return defs[p["$ref"].rsplit("/", 1)[1]]["enum"]
        return None

    for title, model in WORKLOAD_SECTIONS.items():
        named, unknown = documented(_key_tables(section(title)), model)
        props = schema["properties"] if model is None else defs[model]["properties"]
        assert unknown == set(), (title, "not in the schema")
        assert [k for k in props if k not in named] == [], (title, "not in the table")
        for row in re.findall(r"^\| `(\w+)` \| ([^|]*) \|", section(title), re.M):  # `a` / `b` / `c` types
            listed = re.findall(r"`([^`]+)`", row[1]) if re.fullmatch(r"`[^`]+`(?: / `[^`]+`)+", row[1]) else None
            if listed and row[0] in props:
                expected = ["true", "false"] if props[row[0]].get("type") == "boolean" else choices(props[row[0]])
                assert listed == expected, (title, row[0])
    nested = {"instance_requirements": "InstanceRequirements"}  # every field of a nested model with its own rows
    for parent, model in nested.items():
        text = section("`ecs_managed_instances`")
        named = {k for cell in _key_tables(text) for k in re.findall(rf"`(?:{parent})?\.(\w+)`", cell)}
        assert sorted(set(defs[model]["properties"]) - named) == [], parent
    ec2 = (ROOT / "docs" / "ec2.md").read_text(encoding="utf-8")
    ec2 = ec2[ec2.index("## The `ec2:` section"):ec2.index("\n## ", ec2.index("## The `ec2:` section") + 1)]
    named, unknown = documented(_key_tables(ec2), "Ec2Config")
    assert unknown == set() and sorted(set(defs["Ec2Config"]["properties"]) - named) == []


def test_shared_costs_and_commitments_examples_use_the_schemas_fields():
    # the yaml blocks of docs/shared-costs-and-commitments.md name only fields the schema has, and every field of
    # `shared:` and `commitments:` is named there or in workload-format.md's `shared` section
    import yaml

    from advisor.workload import workload_json_schema

    schema = workload_json_schema()
    defs = schema["$defs"]

    def fields(model: str, path: str) -> set[str]:
        out = set()
        for key, prop in defs[model]["properties"].items():
            out.add(path + key)
            if (nested := _schema_ref(prop)) is not None:
                out |= fields(nested, path + key + ".")
        return out

    known = fields("Shared", "shared.") | fields("Commitment", "commitments.") | {"shared", "commitments"}

    def keys(value, path=""):
        if isinstance(value, dict):
            return {k for key, v in value.items() for k in {path + key, *keys(v, path + key + ".")}}
        if isinstance(value, list):
            return {k for v in value for k in keys(v, path)}
        return set()

    doc = (ROOT / "docs" / "shared-costs-and-commitments.md").read_text(encoding="utf-8")
    shown = {k for block in re.findall(r"```yaml\n(.*?)```", doc, re.S) for k in keys(yaml.safe_load(block))}
    assert sorted(shown - known) == []
    reference = (ROOT / "docs" / "workload-format.md").read_text(encoding="utf-8")
    reference = reference[reference.index("\n## `shared`\n"):reference.index("\n## `declared`\n")]
    text = doc + reference
    assert sorted(k for k in known if not re.search(rf"\b{k.rsplit('.', 1)[-1]}\b", text)) == []


# ------------------------------------------------------------------------------------------------ commands
def _commands() -> dict[str, set[str]]:
    """Every `advisor` command path ("compare", "nodes pack") with the options its --help lists."""
    import typer

    from advisor.cli import app

    out: dict[str, set[str]] = {}

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out[" ".join(path)] = {o for p in cmd.params if p.param_type_name == "option"
                                   for o in (*p.opts, *p.secondary_opts)} | {"--help", "-h"}

    walk(typer.main.get_command(app), [])
    return out


def _advisor_command_lines() -> list[tuple[str, str]]:
    """(where, text) of every `advisor ...` command the docs show: code spans and code-block lines of README.md and
    docs/*.md, the notebooks' markdown, and commands quoted in the examples' comments."""
    import json

    texts = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in DOCS]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        texts.append((nb.name, "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")))
    found = []
    for where, text in texts:
        for m in re.finditer(r"```[^\n]*\n(.*?)```", text, re.S):
            line0 = text.count("\n", 0, m.start(1)) + 1
            lines = m.group(1).splitlines()
            for i, line in enumerate(lines):
                if i and lines[i - 1].endswith("\\"):
                    continue  # joined to the line before
                j = i  # a line ending in '\\' continues on the next (the shell's rule): one command
                while line.endswith("\\") and j + 1 < len(lines):
                    j += 1
                    line = line[:-1] + " " + lines[j].strip()
                found.append((f"{where}:{line0 + i}", line))
        found += [(f"{where}:{text.count(chr(10), 0, m.start()) + 1}", m.group(1))
                  for m in re.finditer(r"(?<!`)`(advisor [^`]+)`", text)]
    for path in sorted(ROOT.glob("examples/**/*.y*ml")):
        comments = " ".join(line.lstrip("# ") for line in path.read_text(encoding="utf-8").splitlines()
                            if line.lstrip().startswith("#"))
        found += [(str(path.relative_to(ROOT)), m.group(1)) for m in re.finditer(r"'(advisor [^']+)'", comments)]
    return found


def test_every_advisor_command_and_option_the_docs_show_exists():
    # A renamed or removed option left in a synopsis, a table row or an example's comment would be run by a reader
    # and exit 2 ("No such option"). Each `advisor X ...` the docs show names a command, and every option after it
    # (up to a pipe into another program or a shell comment) is one that command's --help lists; `import
    # taskdef|k8s` and `advisor import -o` are checked against each subcommand named, or every one of the group.
    commands = _commands()
    groups = {name.split()[0] for name in commands if " " in name}
    bad = []
    checked = 0
    for where, text in _advisor_command_lines():
        for m in re.finditer(r"\badvisor ([a-z0-9|-]+)(?: ([a-z0-9|-]+))?", text):
            if m.start() and text[m.start() - 1] in "./_-":  # advisor.price, advisor/pricing_data
                continue
            first, second = m.group(1), m.group(2) or ""
            if first in groups:
                subs = [s for s in second.split("|") if f"{first} {s}" in commands] if second else []
                if second and not subs and not second.startswith("-") and second != "...":
                    bad.append((where, f"advisor {first} {second}: no such command"))
                    continue
                names = [f"{first} {s}" for s in subs] or [n for n in commands if n.startswith(first + " ")]
                rest = text[m.end(2) if subs else m.end(1):]
                every = not subs  # a group alone: the option must be one every subcommand... or any of them
            elif first in commands:
                names, rest, every = [first], text[m.end(1):], False
            elif "|" in first or first in ("command", "commands"):
                continue
            else:
                bad.append((where, f"advisor {first}: no such command"))
                continue
            rest = re.split(r"\|\s+(?=[a-zA-Z])|\s#\s|`|\badvisor\b", rest)[0]
            for option in re.findall(r"(?<![\w/.-])(--?[a-zA-Z][\w-]*)", rest):
                option = option.split("/")[0]
                have = [option in commands[n] for n in names]
                if not (any(have) if every else all(have)):
                    bad.append((where, f"advisor {' | '.join(names)}: {option} is not an option"))
            checked += 1
    assert checked > 100
    assert bad == []


def test_python_snippets_call_the_api_as_it_is():
    # The ```python blocks of README.md and docs/*.md call advisor's functions with the names and keywords their
    # signatures take (`price(w, regoin=...)` raises ArgumentError; a renamed helper, AttributeError).
    import ast
    import inspect

    import advisor

    calls = 0
    for doc in DOCS:
        for block in re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            for node in ast.walk(ast.parse(block)):
                if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                        and node.value.id == "advisor"):
                    continue
                assert hasattr(advisor, node.attr), (doc.name, node.attr)
            for node in ast.walk(ast.parse(block)):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and isinstance(node.func.value, ast.Name) and node.func.value.id == "advisor"):
                    signature = inspect.signature(getattr(advisor, node.func.attr))
                    signature.bind(*node.args, **{k.arg: None for k in node.keywords})  # TypeError if it does not fit
                    calls += 1
    assert calls >= 10


def test_readme_example_output_is_what_compare_prints():
    # README's "What it does" shows `advisor compare examples/microservices.yaml --format markdown`: every line it
    # shows (the '…' lines stand for what it leaves out) is a line the command prints today
    from typer.testing import CliRunner

    from advisor.cli import app

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```text\n\$ advisor (compare [^\n]+)\n(.*?)```", text, re.S)
    args = block.group(1).split()
    printed = CliRunner().invoke(app, [args[0], str(ROOT / args[1]), *args[2:]]).stdout.splitlines()
    shown = [line for line in block.group(2).splitlines() if line.strip() and not line.startswith("…")]
    assert len(shown) >= 15
    assert [line for line in shown if line not in printed] == []


# A placeholder the reader replaces (WORKLOAD, FILE, R, N, USD, ...), a choice or an optional part: not a command to run
_PLACEHOLDER = re.compile(r"[\[\]…{}<]|\.\.\.|\b(?:WORKLOAD|FILE|FOLDER|URL|NAME|VALUE|MINUTES|CODE|USD|BEFORE|AFTER|YYYY|"
                          r"[A-Z])\b")


def _runnable_doc_commands() -> dict[str, tuple[str, list[str]]]:
    """The `advisor` commands the docs show that a reader can run as written in a checkout: no placeholder, every
    required argument given, every input a file of the repository (examples/, tests/fixtures/), no AWS call
    (`pricing refresh`, `import ecs`, `pricing fetch` without a local `--endpoint`) and no standard input.
    {command text: (where, argv)}."""
    import shlex

    import typer

    from advisor.cli import app

    root = typer.main.get_command(app)
    out: dict[str, tuple[str, list[str]]] = {}
    for where, text in _advisor_command_lines():
        text = " ".join(text.split())
        for m in re.finditer(r"(?<![\w./-])advisor ([^`#|>]*)", text):
            cmd = m.group(1).strip()
            if _PLACEHOLDER.search(cmd):
                continue
            try:
                args = shlex.split(cmd)
            except ValueError:
                continue
            if not args or args[0] not in root.commands:
                continue
            command, rest = root.commands[args[0]], args[1:]
            if hasattr(command, "commands"):
                if not rest or rest[0] not in command.commands:
                    continue
                command, rest = command.commands[rest[0]], rest[1:]
            path = " ".join(args[:len(args) - len(rest)])
            if path in ("pricing refresh", "import ecs") or (path == "pricing fetch" and "--endpoint" not in rest):
                continue
            if "-" in rest:
                continue
            ctx = command.make_context(path, list(rest), resilient_parsing=True)
            if any(p.required and ctx.params.get(p.name) in (None, ()) for p in command.params):
                continue  # a fragment in prose ("`advisor nodes pack` packs ..."): the WORKLOAD is left out
            outputs = {rest[i + 1] for i, a in enumerate(rest[:-1]) if a in ("-o", "--output")}
            inputs = {a for a in rest if a not in outputs and ("/" in a or re.search(r"\.(ya?ml|json)$", a))}
            for p in command.params:
                if p.param_type_name == "argument":
                    value = ctx.params.get(p.name)
                    inputs |= {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
            if not all(not p.startswith(("/", "..")) and (ROOT / p).exists() for p in inputs):
                continue  # the reader's own file (plan.json, workload.yaml), not one of the repository's
            out.setdefault(cmd, (where, args))
    return out


def test_doc_commands_that_run_in_a_checkout_exit_0(tmp_path, monkeypatch):
    # Every command the docs show with the repository's own files (README's set-up command, report.md's examples,
    # pricing-refresh.md's mirror fetch, a comment's sweep, ...) runs as written from the checkout's root and
    # exits 0; an output file it names (-o) is written. A renamed example, a changed default that makes the
    # command fail, or a mirror fetch that now needs another --services would be caught here.
    from typer.testing import CliRunner

    from advisor.cli import app

    commands = _runnable_doc_commands()
    shown = {cmd.split()[0] for cmd in commands}
    assert {"compare", "report", "nodes", "import", "pricing", "sweep"} <= shown, shown
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    failed = []
    for cmd, (where, args) in commands.items():
        result = runner.invoke(app, args)
        outputs = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--output") and args[i + 1] != "-"]
        if result.exit_code != 0 or not all((tmp_path / o).exists() for o in outputs):
            failed.append((where, cmd, result.exit_code, result.output[-300:]))
    assert failed == []


def test_every_option_of_every_command_is_in_the_docs():
    # --help is not the only place an option is described: each option of each command (by its long name or one of
    # its aliases: `-o`, `--no-cache`) appears in README.md or docs/*.md, and each command is shown as `advisor ...`
    import typer

    from advisor.cli import app

    text = "\n".join(p.read_text(encoding="utf-8") for p in DOCS)
    missing = []

    def walk(cmd, path):
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
            return
        if f"advisor {' '.join(path)}" not in text:
            missing.append(" ".join(path))
        for p in cmd.params:
            names = [*p.opts, *p.secondary_opts]
            if p.param_type_name == "option" and "--help" not in names and \
                    not any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names):
                missing.append(f"{' '.join(path)} {names[0]}")

    walk(typer.main.get_command(app), [])
    assert missing == []


def test_repository_paths_and_python_names_the_docs_give_exist():
    # A module moved or renamed leaves `advisor/render/report_file.py` or `advisor.compare.sweep.DEFAULT_FACTORS`
    # pointing nowhere: every such path in backticks exists and every dotted name imports (a module, then its
    # attributes). `advisor/hours-per-month` and the like are Kubernetes annotations, not paths.
    import importlib

    bad = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"`((?:advisor|scripts|tests|benchmarks|examples|notebooks|reports)/[\w./-]+)", text):
            path = m.group(1)
            if re.fullmatch(r"advisor/[a-z]+(?:-[a-z]+)+", path):
                continue
            if not (ROOT / path).exists():
                bad.append((doc.name, path))
        for name in set(re.findall(r"`(advisor(?:\.\w+)+)(?:\(\))?`", text)):
            parts = name.split(".")
            for i in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:i]))
                except ImportError:
                    continue
                for attr in parts[i:]:
                    obj = getattr(obj, attr, None)
                break
            if obj is None:
                bad.append((doc.name, name))
    assert bad == []


def test_readme_set_up_is_the_two_commands_ci_runs():
    # README's "Set up" keeps exactly two commands for a fresh machine: install and price a bundled example with the
    # console script pyproject.toml declares, and install with the test extra and run the tests as .ci/run does
    import tomllib

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Set up\n"):readme.index("\n## ", readme.index("\n## Set up\n") + 1)]
    blocks = re.findall(r"```bash\n(.*?)\n```", section, re.S)
    assert len(blocks) == 2 and all("\n" not in b for b in blocks), blocks
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    install, run = re.fullmatch(r"python3 -m pip install \. && (advisor compare (examples/\S+))", blocks[0]).groups()
    assert (ROOT / run.split()[-1]).is_file() and "advisor" in project["scripts"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_test = ci.split("# The README's test command:\n", 1)[1].splitlines()[0]
    assert ci_test.replace(" -q", "") == blocks[1] == 'python3 -m pip install -e ".[test]" && python3 -m pytest'
    assert "test" in project["optional-dependencies"]
    minimum = re.search(r">=\s*(3\.\d+)", project["requires-python"]).group(1)
    assert f"Python {minimum} or newer" in section


def test_readme_names_every_benchmark_and_script():
    # README's Development list says what each benchmark does; benchmarks/bench_ports.py was missing from it
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    files = [*sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "scripts" / "build_pricing_data.py",
             ROOT / "scripts" / "make_reports.py"]
    assert [str(f.relative_to(ROOT)) for f in files if not re.search(rf"[` ]{re.escape(str(f.relative_to(ROOT)))}\b", readme)] == []


def test_workload_format_error_examples_are_what_advisor_prints(tmp_path):
    # docs/workload-format.md quotes the messages of "Numbers" and "Instance type and family names" word for word;
    # the inputs below put each field on the line the quoted message names
    from typer.testing import CliRunner

    from advisor.cli import app

    doc = (ROOT / "docs" / "workload-format.md").read_text(encoding="utf-8")
    numbers = re.search(r"## Numbers\n.*?```\n(.*?)```", doc, re.S).group(1).splitlines()
    names = re.search(r"## Instance type and family names\n.*?```\n(.*?)```", doc, re.S).group(1).splitlines()
    (tmp_path / "numbers.yaml").write_text(
        "name: x\nservices:\n  - name: web\n    cpu: 1\n    replicas: 3.5\n    min_healthy_percent: '50'\n"
        "    max_percent: 150.0\n    memory: 2048\nteam: {size: '3'}\n")
    (tmp_path / "names.yaml").write_text(
        "name: x\nec2: {allowed_families: [zz9]}\nservices:\n  - name: web\n    cpu: 1\n    memory: 2048\n"
        "    instance_types: [m5.lrage]\n    instance_families: [m99]\n")
    runner = CliRunner()
    for name, quoted in (("numbers.yaml", numbers), ("names.yaml", names)):
        result = runner.invoke(app, ["compare", str(tmp_path / name)])
        printed = [line.removeprefix("  - ") for line in result.output.splitlines()]
        assert result.exit_code == 2 and len(quoted) >= 4
        assert [line for line in quoted if line.strip() and line.removeprefix("  - ") not in printed] == [], name
