"""Check that every output gives the same figures for every real input: compare, sweep at 1x, the HTML report,
diff of an input with itself, the Python API (``price`` and its frames), and ``nodes pack`` against the fleet compare
prices.

advisor promises (docs/architecture.md, "One Comparison") that ``advisor compare -f json``, ``advisor sweep --scale 1``,
``advisor report``, ``advisor diff`` and ``advisor.price`` + ``totals_frame`` / ``lines_frame`` /
``category_frame`` / ``sweep_frame`` / ``regions_frame`` agree to the cent, and that a platform that cannot run
every service has no total anywhere ("—" in the report, null in JSON, NaN in a frame). This script checks that over
every input under ``tests/fixtures/real``, ``tests/fixtures/iac`` and ``examples/`` (each file and each folder, as
``compare`` reads a folder), in the input's own region, in us-east-1 and in eu-west-1 (the other region whose bundled
data prices five of the seven platforms; ``advisor pricing show``). For each input and region it compares:

* refusal: every command exits 2 (and ``price(..., require_complete=True)`` raises ``AdvisorError``) or none does,
  with the same message (diff's own words aside: it says why it has nothing to compare on each side);
* per platform: the infrastructure, operations and total figures as shown (cents), or no total, in compare's JSON
  (``shown``), the sweep's 1x point, the report's totals table, its line-table total row and its scaling table at
  1x, ``totals_frame``, the sum of ``lines_frame`` per kind, ``category_frame``, ``sweep_frame(c, 1)``,
  ``regions_frame`` and ``diff``'s before/after. Figures that stand for a ranking (the sweep, its frame, the
  report's scaling table) are empty for a platform that is not ranked (excluded too), as docs/python-api.md says;
  the others only where the platform cannot price every service;
* the recommended platform (compare, report, ``price``, ``totals_frame``, diff);
* the estate as declared (an input that declares it: Terraform, CloudFormation): its infrastructure as shown (cents)
  or none when priced in part, and no operations figure or total (no operations assumption is made for it: "—",
  null or NaN), complete or partial, status and feasibility, in compare's JSON (``shown`` and exact), its Markdown,
  terminal table and CSV lines, the report's totals row, ``totals_frame`` (and ``shown``), ``lines_frame`` and
  diff's before;
* ``diff F F``: every change is $0.00;
* ``advisor nodes pack --platform P -f json`` for each EC2-based platform compare prices in full (ecs-ec2, eks-ec2,
  ecs-managed-instances, eks-auto-mode): the same node count, monthly fleet cost (``monthly_cost``; compare's
  ``fleet.instance_monthly``, on the packer's basis) and (type, purchase, count) rows as the fleet compare's
  estimate records (``fleet`` in its JSON), and the instance-hours per (type, purchase) of compare's instance lines
  (on ECS/EKS on EC2 their cost too). The bundled data holds no management fee, so ECS Managed Instances and EKS
  Auto Mode are compared only where ``ADVISOR_DATA_DIR`` holds fees (``advisor pricing fetch --region R --services
  AmazonECS,AmazonEKS``); the summary line counts the fleets compared per platform.

The commands run in this process through the CLI's own entry point (``--subprocess`` runs ``python3 -m advisor``
instead, slower); each disagreement is printed with the exact command that shows it. It is slow (minutes per
hundred inputs), so it is not part of the test suite::

    PYTHONPATH=. python3 benchmarks/check_agreement.py                 # every input, three regions
    PYTHONPATH=. python3 benchmarks/check_agreement.py examples/web-app.yaml -r eu-west-1
    PYTHONPATH=. python3 benchmarks/check_agreement.py --json out.json  # the findings, machine-readable

Exit 1 when any disagreement is found.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INPUT_ROOTS = ("examples", "tests/fixtures/real", "tests/fixtures/iac")
#: Files under the input roots that are not inputs: provenance notes and the scripts that made synthetic plans.
NOT_INPUTS = re.compile(r"(SOURCES?\.(md|txt)|README\.md|.*\.py|.*\.txt)$")
OTHER_REGION = "eu-west-1"
EXIT_INVALID = 2


#: The platforms whose estimate packs an EC2 fleet (``Estimate.fleet``), which ``advisor nodes pack`` shows.
PACKED_PLATFORMS = ("ecs-ec2", "eks-ec2", "ecs-managed-instances", "eks-auto-mode")


def fleet_rows(rows: list[dict]) -> list[tuple]:
    """A fleet's (instance type, purchase option, count) rows, sorted."""
    return sorted((x["instance_type"], x["purchase"], x["count"]) for x in rows)


def cents(x: float | None) -> float | None:
    from advisor.units import cents as _cents

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return _cents(float(x))


def shown(cost, ops):
    """(infrastructure, operations, total) as every output shows them: each part in cents, the total their sum."""
    c, o = cents(cost), cents(ops)
    return None if c is None else (c, o, None if o is None else round(c + o, 2))


def parse_money(text: str) -> float | None:
    text = text.strip()
    if text in ("—", "", "n/a"):
        return None
    m = re.fullmatch(r"(-?)\$([0-9,]+\.[0-9]{2})", text)
    if not m:
        raise ValueError(f"not an amount: {text!r}")
    v = float(m.group(2).replace(",", ""))
    return -v if m.group(1) else v


def inputs() -> list[Path]:
    out: list[Path] = []
    for root in INPUT_ROOTS:
        base = ROOT / root
        for p in sorted(base.rglob("*")):
            if p.is_dir() or not NOT_INPUTS.fullmatch(p.name):
                out.append(p)
        out.append(base) if root == "examples" else None
    return [p.relative_to(ROOT) for p in out]


def markdown_declared(text: str, label: str) -> dict | None:
    """The declared row of ``compare -f markdown``'s summary table: (infra, ops, total) as shown and its status."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and cells[0].replace("\\", "") == label:
            return {"infra": parse_money(cells[1]), "ops": parse_money(cells[2]), "tco": parse_money(cells[3]),
                    "status": cells[5]}
    return None


def table_declared(text: str) -> dict | None:
    """The "as declared" row of ``compare``'s terminal table: (infra, ops, total) as shown and its "vs" cell."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[0] == "as declared":
            return {"infra": parse_money(cells[1]), "ops": parse_money(cells[2]), "tco": parse_money(cells[3]),
                    "vs": cells[4]}
    return None


def csv_declared(text: str) -> tuple[float | None, bool | None]:
    """The declared lines of ``compare -f csv``: their sum in cents and whether they are complete (None: no line)."""
    import csv
    import io

    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["platform"] == "declared"]
    if not rows:
        return None, None
    return cents(sum(float(r["monthly_cost"]) for r in rows)), rows[0]["platform_complete"] == "True"


# ------------------------------------------------------------------------------------------------ running


class Cli:
    """Runs ``advisor`` commands: in this process (CliRunner, the CLI's own entry point) or as subprocesses."""

    def __init__(self, in_process: bool = True):
        self.in_process = in_process
        if in_process:
            from typer.testing import CliRunner

            from advisor.cli import app

            self.runner, self.app = CliRunner(), app

    def run(self, args: list[str]) -> tuple[int, str, str]:
        if not self.in_process:
            r = subprocess.run([sys.executable, "-m", "advisor", *args], capture_output=True, text=True, cwd=ROOT)
            return r.returncode, r.stdout, r.stderr
        r = self.runner.invoke(self.app, args, catch_exceptions=True)
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            import traceback

            return -1, r.stdout, "".join(traceback.format_exception(r.exception))
        return r.exit_code, r.stdout, r.stderr


def command(args: list[str]) -> str:
    return "python3 -m advisor " + shlex.join(args)


def message(stderr: str) -> str:
    """The error message without its ``error:`` prefix, line breaks and a prefix naming the input (diff)."""
    text = " ".join(stderr.split())
    text = re.sub(r"^error: ", "", text)
    return re.sub(r"^(BEFORE|AFTER)[^:]*: ", "", text)


def cli_words(api_message: str) -> str:
    """An ``advisor.price`` message in the command line's words: the API asks for a region by its own parameter
    (``price(..., region=...)``, ``price(..., region='eu-west-1')``; ``advisor.errors.region_arg``) where the CLI
    says ``--region`` (``--region eu-west-1``), and names itself called on one file to read where the CLI gives its
    command (``price('a/b.template.json')``, ``'advisor compare a/b.template.json'``; ``advisor.errors.read_one``)."""
    text = " ".join(api_message.split())
    text = re.sub(r"price\(\.\.\., region='([^']*)'\)", r"--region \1", text)
    text = re.sub(r"\bprice\('([^']*)'\)", r"'advisor compare \1'", text)
    return text.replace("price(..., region=...)", "--region")


# ------------------------------------------------------------------------------------------------ the report


class ReportParser(HTMLParser):
    """The figures of an advisor report: the totals table, the recommendation, each platform's line-table total row
    and the scaling table's row at 1x."""

    def __init__(self):
        super().__init__()
        self.table: list[str | None] = []
        self.tr: dict | None = None
        self.cell: list[str] | None = None
        self.rows: list[tuple[str | None, dict, list[str]]] = []
        self.recommendation: str | None = None
        self.recommended_tco: str | None = None
        self.scaling_labels: list[str] = []
        self.bare_totals: dict[str, float] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table.append(a.get("id") or a.get("class"))
        elif tag == "tr":
            self.tr = {"attrs": a, "cells": []}
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "p" and "data-platform-total" in a:  # a platform complete without lines: $0.00
            self.bare_totals[a["data-platform-total"]] = float(a["data-monthly-cost"])
        elif tag == "div" and a.get("id") == "recommendation":
            self.recommendation = a.get("data-platform") or None
        elif tag == "div" and a.get("id") == "recommended-total":
            self.recommended_tco = a.get("data-monthly-tco")

    def handle_endtag(self, tag):
        if tag == "table" and self.table:
            self.table.pop()
        elif tag in ("td", "th") and self.cell is not None and self.tr is not None:
            self.tr["cells"].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.tr is not None:
            table = self.table[-1] if self.table else None
            if table == "scaling-table" and not self.tr["attrs"]:
                self.scaling_labels = self.tr["cells"][1:]
            self.rows.append((table, self.tr["attrs"], self.tr["cells"]))
            self.tr = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def report_figures(html: str) -> dict:
    from advisor.platforms import PLATFORM_LABELS

    p = ReportParser()
    p.feed(html)
    totals, lines, scaling, declared = {}, {}, {}, None
    by_label = {v: k for k, v in PLATFORM_LABELS.items()}
    for table, attrs, cells in p.rows:
        if table == "totals" and "data-platform" in attrs:
            label_cells = cells[1:4]
            vals = [parse_money(x) for x in label_cells]
            if attrs["data-platform"] == "declared":
                declared = {"infra": vals[0], "ops": vals[1], "tco": vals[2], "status": cells[-1],
                            "complete": attrs.get("data-complete") == "true",
                            "feasible": attrs.get("data-feasible") == "true",
                            "exact": cents(float(attrs["data-monthly-cost"])) if attrs.get("data-monthly-cost") else None}
                continue
            totals[attrs["data-platform"]] = {
                "shown": None if vals[0] is None else (vals[0], vals[1], vals[2]),
                "shown_tco": vals[2], "complete_attr": attrs.get("data-complete") == "true",
                "exact": float(attrs["data-monthly-cost"]) if attrs.get("data-monthly-cost") else None}
        elif table == "lines" and "data-platform-total" in attrs:
            lines[attrs["data-platform-total"]] = parse_money(cells[-1])
        elif table == "lines" and "data-platform-partial" in attrs:
            lines[attrs["data-platform-partial"]] = None
        elif table == "scaling-table" and attrs.get("data-factor") == "1.0":
            for label, v in zip(p.scaling_labels, cells[1:]):
                scaling[by_label.get(label, label)] = parse_money(v)
    lines.update({k: cents(v) for k, v in p.bare_totals.items()})
    return {"recommendation": p.recommendation, "totals": totals, "lines": lines, "scaling": scaling,
            "declared": declared, "recommended_tco": float(p.recommended_tco) if p.recommended_tco else None}


# ------------------------------------------------------------------------------------------------ checking


class Check:
    def __init__(self, cli: Cli, tmp: Path):
        self.cli, self.tmp = cli, tmp
        self.findings: list[dict] = []
        self.packed: Counter = Counter()  # platform: fleets compared with nodes pack

    def flag(self, kind: str, path: Path, region: str | None, what: str, commands: list[str]):
        x = {"kind": kind, "input": str(path), "region": region, "what": what, "commands": commands}
        self.findings.append(x)
        print(f"{kind}: {path} (region {region or 'its own'}): {what}", flush=True)
        for c in commands:
            print(f"    {c}", flush=True)

    def declared(self, path, region, f, r, comp, rep, dif, api, cmds, pycall) -> None:
        """The estate as declared, in every output: its infrastructure as shown (cents), its operations and total
        (none: no operations assumption is made for it, so "—", null or NaN everywhere), complete or partial, and
        its status and feasibility (JSON, ``totals_frame``, the report). Sources: compare's JSON (``shown`` and the
        exact amount), Markdown and terminal table, CSV lines, the report's totals row (cells and attributes) and
        line-table heading, ``totals_frame`` (exact and ``shown``), ``lines_frame`` and diff's before."""
        import advisor

        d = comp.get("declared")
        td = advisor.totals_frame(api)
        td = td[td.platform == "declared"]
        if d is None and td.empty and rep["declared"] is None and not dif.get("declared"):
            return
        runs = {k: self.cli.run(["compare", f, "-f", k, *r]) for k in ("markdown", "table", "csv")}
        na = lambda x: None if x is None or math.isnan(x) else float(x)  # noqa: E731 (numpy floats as floats)
        src: dict[str, dict] = {}
        if d is not None:
            sh = d.get("shown") or {}
            src["compare json shown"] = {"infra": sh.get("monthly_cost"), "ops": sh.get("operations_cost"),
                                         "tco": sh.get("monthly_tco"), "complete": d["complete"],
                                         "status": d["status"], "feasible": d["feasible"]}
            src["compare json exact"] = {"infra": cents(d["monthly_cost"]), "ops": cents(d["operations_cost"]),
                                         "tco": cents(d["monthly_tco"])}
        if not td.empty:
            row = td.iloc[0]
            src["totals_frame"] = {"infra": cents(row.monthly_cost), "ops": cents(row.operations_cost),
                                   "tco": cents(row.monthly_tco), "complete": bool(row.complete),
                                   "status": row.status, "feasible": bool(row.feasible)}
            sr = advisor.shown(td).iloc[0]
            src["shown(totals_frame)"] = {"infra": na(sr.monthly_cost), "ops": na(sr.operations_cost),
                                          "tco": na(sr.monthly_tco)}
            lf = advisor.lines_frame(api)
            lf = lf[lf.platform == "declared"]
            if not lf.empty:
                complete = bool(lf.platform_complete.iloc[0])
                src["lines_frame sum"] = {"infra": cents(lf.monthly_cost.sum()) if complete else None,
                                          "complete": complete}
        if rep["declared"] is not None:
            x = rep["declared"]
            src["report totals row"] = {k: x[k] for k in ("infra", "ops", "tco", "complete", "status", "feasible")}
            src["report data-monthly-cost"] = {"infra": x["exact"]}
        label = d["label"] if d is not None else None
        md = markdown_declared(runs["markdown"][1], label) if label else None
        if md is not None:
            src["compare markdown"] = {"infra": md["infra"], "ops": md["ops"], "tco": md["tco"],
                                       "status": md["status"].split(":")[0]}
        elif label:
            self.flag("declared", path, region, "compare -f markdown has no declared row",
                      [command(["compare", f, "-f", "markdown", *r])])
        tb = table_declared(runs["table"][1])
        if tb is not None:
            src["compare table"] = {"infra": tb["infra"], "ops": tb["ops"], "tco": tb["tco"],
                                    "complete": tb["vs"] != "partial"}
        elif label:
            self.flag("declared", path, region, "compare's table has no 'as declared' row",
                      [command(["compare", f, *r])])
        total, complete = csv_declared(runs["csv"][1])
        if complete is not None:
            src["compare csv sum"] = {"infra": total if complete else None, "complete": complete}
        if dif.get("declared"):
            status = dif["declared"].get("before_status")  # compare's words: "as declared" / "as declared (partial)"
            src["diff before"] = {"infra": dif["declared"].get("before"), "complete": status == "as declared",
                                  "status": status}
        for key in ("infra", "ops", "tco", "complete", "status", "feasible"):
            got = {name: v[key] for name, v in src.items() if key in v}
            if len({repr(v) for v in got.values()}) > 1:
                self.flag("declared", path, region, f"estate as declared: {key} differs: {got}",
                          [command(cmds["compare"]), command(["compare", f, "-f", "markdown", *r]),
                           command(["compare", f, *r]), command(["compare", f, "-f", "csv", *r]),
                           command(cmds["report"]), command(cmds["diff"]),
                           pycall + "; print(advisor.totals_frame(c))"])
        for name, v in src.items():  # no operations assumption: never an operations figure or a total
            if v.get("ops") is not None or v.get("tco") is not None:
                self.flag("declared", path, region, f"{name} gives the estate as declared an operations figure or a "
                          f"total ({v}); it has none", [command(cmds["compare"])])

    def one(self, path: Path, region: str | None) -> str | None:
        """Check ``path`` in ``region`` (None: its own); return the region compare priced it in."""
        import pandas as pd

        import advisor
        from advisor.errors import AdvisorError

        r = ["-r", region] if region else []
        f = str(path)
        runs = {}
        cmds = {
            "compare": ["compare", f, "-f", "json", *r],
            "sweep": ["sweep", f, "--scale", "1", "-f", "json", *r],
            "report": ["report", f, "-o", str(self.tmp / "x.html"), *r],
            "diff": ["diff", f, f, "-f", "json", *r],
        }
        out_html = self.tmp / "x.html"
        if out_html.exists():
            out_html.unlink()
        for name, args in cmds.items():
            runs[name] = self.cli.run(args)
        try:
            api = advisor.price(f, region=region, require_complete=True)
            api_err = None
        except AdvisorError as exc:
            api, api_err = None, str(exc)
        except Exception as exc:  # noqa: BLE001 - a traceback is a finding
            api, api_err = None, f"TRACEBACK {type(exc).__name__}: {exc}"
            self.flag("traceback", path, region, f"advisor.price raised {type(exc).__name__}: {exc}",
                      [f"python3 -c 'import advisor; advisor.price({f!r}, region={region!r})'"])

        # ---- refusal
        codes = {k: v[0] for k, v in runs.items()}
        codes["api"] = EXIT_INVALID if api_err else 0
        for k, (code, _, err) in runs.items():
            if code not in (0, EXIT_INVALID) or "Traceback" in err:
                self.flag("traceback", path, region, f"{k} exit {code}: {err.strip()[-300:]}", [command(cmds[k])])
        if codes["diff"] == 0 and codes["compare"] == EXIT_INVALID:
            # diff prices an estate declared in full even when no platform prices every service (an input that
            # declares no service, or whose only services are scheduled tasks of unknown length): documented
            dif = json.loads(runs["diff"][1])
            if dif.get("declared") and dif["declared"].get("before") is not None and not dif["platforms"]:
                codes["diff"] = EXIT_INVALID
        if len(set(codes.values())) > 1:
            self.flag("refusal", path, region, f"exit codes differ: {codes}",
                      [command(a) for a in cmds.values()])
            return None
        if codes["compare"] == EXIT_INVALID:
            # diff F F refuses in its own words ("nothing to compare: ..."), naming each side: the exit code is checked
            msgs = {k: message(v[2]) for k, v in runs.items() if k != "diff"}
            msgs["api"] = cli_words(api_err)
            base = msgs["compare"]
            # report adds a sentence to some messages (a folder: "add --all"): the same message, then more
            odd = {k: m for k, m in msgs.items() if not (m.startswith(base) or base.startswith(m))}
            if odd:
                self.flag("refusal-message", path, region,
                          "messages differ: compare: " + base[:200] + " | "
                          + " | ".join(f"{k}: {m[:200]}" for k, m in odd.items()),
                          [command(cmds["compare"])] + [command(cmds[k]) for k in odd if k != "api"])
            return None
        if codes["compare"] != 0:
            return None

        comp = json.loads(runs["compare"][1])
        swp = json.loads(runs["sweep"][1])
        dif = json.loads(runs["diff"][1])
        rep = report_figures(out_html.read_text(encoding="utf-8"))
        used_region = comp["region"]

        # ---- what compare says, per platform
        expect: dict[str, dict] = {}
        for p in comp["platforms"]:
            s = p["shown"]
            expect[p["platform"]] = {
                "total": None if s["monthly_cost"] is None else (s["monthly_cost"], s["operations_cost"],
                                                                 s["monthly_tco"]),
                "exact": (p["monthly_cost"], p["operations_cost"]), "complete": p["complete"],
                "feasible": p["feasible"], "status": p["status"]}
            if (s["monthly_cost"] is None) != (not p["complete"]):
                self.flag("partial-total", path, region,
                          f"compare {p['platform']}: complete={p['complete']} but shown={s}", [command(cmds["compare"])])
            if s["monthly_cost"] is not None and shown(p["monthly_cost"], p["operations_cost"]) != expect[
                    p["platform"]]["total"]:
                self.flag("rounding", path, region, f"compare {p['platform']}: shown {s} is not the exact "
                          f"{p['monthly_cost']} + {p['operations_cost']} rounded", [command(cmds["compare"])])

        sources: dict[str, tuple[dict, str, str]] = {}  # name: ({platform: shown tuple or None}, basis, command)

        pts = {q["platform"]: q for q in swp["points"] if q["factor"] == 1.0}
        sources["sweep --scale 1"] = ({k: shown(q["monthly_cost"], q["operations_cost"]) if q["feasible"] else None
                                       for k, q in pts.items()}, "ranked", command(cmds["sweep"]))
        sources["report totals table"] = ({k: v["shown"] for k, v in rep["totals"].items()}, "total",
                                          command(cmds["report"]))
        sources["report line-table total"] = ({k: v for k, v in rep["lines"].items()}, "total-infra",
                                              command(cmds["report"]))
        if rep["scaling"]:
            sources["report scaling table 1x"] = (rep["scaling"], "ranked-tco", command(cmds["report"]))
        diff_before = {d["key"]: d for d in dif["platforms"]}
        sources["diff before"] = ({k: d["before"] for k, d in diff_before.items()}
                                  | {d["platform"]: None for d in dif.get("left_out", [])}, "total-infra",
                                  command(cmds["diff"]))
        pycall = f"python3 -c 'import advisor; c = advisor.price({f!r}, region={region!r})'"
        if api is not None:
            tf = advisor.totals_frame(api)
            tf = tf[tf.platform != "declared"]
            sources["totals_frame"] = ({row.platform: shown(row.monthly_cost, row.operations_cost)
                                        if row.complete else None for row in tf.itertuples()}, "total",
                                       pycall + " ... advisor.totals_frame(c)")
            nan_when_partial = {row.platform: (None if pd.isna(row.monthly_cost) else row.monthly_cost)
                                for row in tf.itertuples()}
            for k, v in nan_when_partial.items():
                if v is not None and not expect.get(k, {}).get("complete", True):
                    self.flag("partial-total", path, region,
                              f"totals_frame {k}: monthly_cost {v} where compare shows no total",
                              [pycall + "; print(advisor.totals_frame(c))"])
            lf = advisor.lines_frame(api)
            lsum = {}
            for k in expect:
                sub = lf[lf.platform == k]
                if sub.empty and not expect[k]["complete"]:
                    lsum[k] = None
                    continue
                complete = bool(sub.platform_complete.iloc[0]) if not sub.empty else True
                lsum[k] = shown(sub[sub.kind == "infrastructure"].monthly_cost.sum(),
                                sub[sub.kind == "operations"].monthly_cost.sum()) if complete else None
            sources["lines_frame sums"] = (lsum, "total-lines", pycall + " ... advisor.lines_frame(c)")
            cf = advisor.category_frame(api)
            sources["category_frame"] = ({row.platform: (None if pd.isna(row.monthly_tco) else cents(row.monthly_tco))
                                          for row in cf.itertuples() if row.platform != "declared"}, "total-tco-exact",
                                         pycall + " ... advisor.category_frame(c)")
            sf = advisor.sweep_frame(api, 1)
            sources["sweep_frame(c, 1)"] = ({row.platform: shown(row.monthly_cost, row.operations_cost)
                                            if row.feasible else None for row in sf.itertuples()}, "ranked",
                                           pycall + " ... advisor.sweep_frame(c, 1)")
            try:
                rf = advisor.regions_frame(f, regions=[used_region], platforms=None)
                sources["regions_frame"] = ({row.platform: shown(row.monthly_cost, row.operations_cost)
                                             if row.complete else None for row in rf.itertuples()}, "total",
                                            f"python3 -c 'import advisor; print(advisor.regions_frame({f!r}, "
                                            f"regions=[{used_region!r}], platforms=None))'")
            except AdvisorError as exc:
                self.flag("refusal", path, region, f"regions_frame refused what price priced: {exc}",
                          [f"python3 -c 'import advisor; advisor.regions_frame({f!r}, regions=[{used_region!r}], "
                           "platforms=None)'"])
            # the recommendation
            rec = {"compare": comp["recommendation"]["platform"], "report": rep["recommendation"],
                   "price": api.recommendation.platform,
                   "totals_frame": next(iter(tf[tf.recommended].platform), None),
                   "diff before": dif["recommendation"]["before"], "diff after": dif["recommendation"]["after"]}
            if len(set(rec.values())) > 1:
                self.flag("recommendation", path, region, f"recommended platform differs: {rec}",
                          [command(cmds["compare"]), command(cmds["report"]), command(cmds["diff"])])
            self.declared(path, region, f, r, comp, rep, dif, api, cmds, pycall)
        else:
            self.flag("refusal", path, region, "price() refused what compare priced", [pycall])

        for name, (vals, basis, cmd) in sources.items():
            for k, e in expect.items():
                got = vals.get(k, "absent")
                if basis.startswith("ranked"):
                    want = e["total"] if e["feasible"] else None
                else:
                    want = e["total"]
                if basis in ("total-infra",):
                    want = None if want is None else want[0]
                elif basis in ("ranked-tco",):
                    want = None if want is None else want[2]
                elif basis == "total-tco-exact":
                    want = None if e["exact"][0] is None or not e["complete"] else cents(
                        e["exact"][0] + e["exact"][1])
                if got == "absent" and name in ("diff before", "report scaling table 1x", "report line-table total"):
                    # diff lists a platform with no total under left_out; the scaling table has a column per
                    # ranked platform only; a platform without lines has no line table
                    got = None
                if got != want:
                    kind = "partial-total" if (got is None) != (want is None) else "amount"
                    self.flag(kind, path, region, f"{k}: {name} gives {got}, compare gives {want} "
                              f"(compare: status {e['status']}, complete {e['complete']}, feasible {e['feasible']})",
                              [command(cmds["compare"]), cmd])

        # ---- report: the recommended total and the data-complete attribute
        if rep["recommendation"] and rep["recommended_tco"] is not None:
            want = expect[rep["recommendation"]]["total"]
            if want is None or round(rep["recommended_tco"], 2) != want[2]:
                self.flag("amount", path, region, f"report recommended-total {rep['recommended_tco']} vs compare "
                          f"{want}", [command(cmds["compare"]), command(cmds["report"])])
        for k, v in rep["totals"].items():
            if k in expect and v["complete_attr"] != expect[k]["complete"]:
                self.flag("partial-flag", path, region,
                          f"{k}: report data-complete={str(v['complete_attr']).lower()}, compare complete="
                          f"{str(expect[k]['complete']).lower()} (status {expect[k]['status']})",
                          [command(cmds["compare"]), command(cmds["report"])])

        # ---- nodes pack: the fleet each EC2-based platform's estimate prices
        for k, e in expect.items():
            if k not in PACKED_PLATFORMS or not e["complete"]:
                continue
            fleet = next(p for p in comp["platforms"] if p["platform"] == k).get("fleet")
            args = ["nodes", "pack", f, "--platform", k, "--format", "json", *r]
            code, out, err = self.cli.run(args)
            if code != 0:
                self.flag("nodes-pack", path, region, f"{k}: nodes pack exit {code} where compare priced the platform: "
                          f"{message(err)[:300]}", [command(cmds["compare"]), command(args)])
                continue
            pack = json.loads(out)
            self.packed[k] += 1
            if fleet is None:
                self.flag("nodes-pack", path, region, f"{k}: compare's estimate records no fleet, nodes pack packs "
                          f"{pack['nodes']} nodes", [command(cmds["compare"]), command(args)])
                continue
            got = (pack["nodes"], cents(pack["monthly_cost"]), fleet_rows(pack["fleet"]))
            want = (fleet["node_count"], cents(fleet["instance_monthly"]), fleet_rows(fleet["nodes"]))
            if got != want:
                self.flag("nodes-pack", path, region, f"{k}: nodes pack gives {got[0]} nodes, ${got[1]}/month "
                          f"{got[2]}; compare's estimate {want[0]} nodes, ${want[1]}/month {want[2]}",
                          [command(cmds["compare"]), command(args)])
                continue
            # the instance lines compare prices: the packed rows' instance-hours (and, on ECS/EKS on EC2, where a
            # row's price is the instance's alone, their cost)
            lines = next(p for p in comp["platforms"] if p["platform"] == k)["lines"]
            hours = pack["monthly_cost"] / pack["cost_per_hour"] if pack["cost_per_hour"] else None
            used: Counter = Counter()
            for ln in lines:
                if ln.get("resource") == "instance":
                    used[(ln["instance_type"], ln["purchase_option"])] += ln["quantity"]
            packed = Counter()
            for x in pack["fleet"]:
                packed[(x["instance_type"], x["purchase"])] += x["count"] * (hours or 0)
            line_cost = cents(sum(ln["monthly_cost"] for ln in lines if ln.get("resource") == "instance"))
            if ({t: round(h, 6) for t, h in used.items()} != {t: round(h, 6) for t, h in packed.items()}
                    or (k in ("ecs-ec2", "eks-ec2") and line_cost != got[1])):
                self.flag("nodes-pack", path, region, f"{k}: compare's instance lines price {dict(used)} instance-hours"
                          f" (${line_cost}/month); nodes pack packs {dict(packed)} (${got[1]}/month)",
                          [command(cmds["compare"]), command(args)])

        # ---- diff F F
        changes = [("headline", dif.get("headline") or {})] + [(d["key"], d) for d in dif["platforms"]]
        if dif.get("declared"):
            changes.append(("declared", dif["declared"]))
        changes += [(f"service {s.get('service', s.get('name'))}", s) for s in dif.get("services", [])]
        for k, d in changes:
            ch = d.get("change")
            if ch not in (None, 0, 0.0):
                self.flag("diff-nonzero", path, region, f"diff F F: {k} change {ch}", [command(cmds["diff"])])
        return used_region


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="inputs to check (default: every input under examples/ and "
                    "tests/fixtures/real, tests/fixtures/iac)")
    ap.add_argument("-r", "--region", action="append", help="regions (default: the input's own, us-east-1 and "
                    f"{OTHER_REGION})")
    ap.add_argument("--subprocess", action="store_true", help="run python3 -m advisor instead of in this process")
    ap.add_argument("--json", help="write the findings to this file")
    ap.add_argument("--slice", help="START:STOP, only these inputs of the list (to share the run between processes)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    os.environ.setdefault("ADVISOR_WORKERS", "1")
    os.environ.setdefault("COLUMNS", "200")
    os.chdir(ROOT)
    paths = [Path(p) for p in args.inputs] or inputs()
    if args.slice:
        start_at, _, stop_at = args.slice.partition(":")
        paths = paths[int(start_at or 0):int(stop_at) if stop_at else None]
    with tempfile.TemporaryDirectory(prefix="advisor-agree-") as tmp:
        check = Check(Cli(not args.subprocess), Path(tmp))
        start = time.monotonic()
        n = 0
        for i, path in enumerate(paths):
            t0 = time.monotonic()
            done: set[str | None] = set()
            regions = args.region or [None, "us-east-1", OTHER_REGION]
            for region in regions:
                if region in done:
                    continue
                n += 1
                used = check.one(path, region)
                done.add(region)
                if region is None and used:
                    done.add(used)
            if not args.quiet:
                print(f"[{i + 1}/{len(paths)}] {path} {time.monotonic() - t0:.1f}s "
                      f"findings so far: {len(check.findings)}", file=sys.stderr, flush=True)
    kinds = Counter(x["kind"] for x in check.findings)
    print(f"{len(paths)} inputs, {n} input-region runs, {time.monotonic() - start:.0f}s; "
          f"{len(check.findings)} disagreements: {dict(kinds)}; fleets compared with nodes pack: {dict(check.packed)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"inputs": len(paths), "runs": n, "findings": check.findings,
                                               "nodes_pack_fleets": dict(check.packed)},
                                              indent=1), encoding="utf-8")
    return 1 if check.findings else 0


if __name__ == "__main__":
    sys.exit(main())
