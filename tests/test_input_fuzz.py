"""Fuzz test over every input kind (issue 18): a Workload or an AdvisorError, never another exception.

The inputs come from ``tests/fuzz_inputs.generate`` (valid seeds broken in 1-3 places: hostile values, wrong
types, unit slips, deep nesting, alias bombs, cut-off or binary text). A few hundred examples run here in
seconds; ``benchmarks/fuzz_inputs_campaign.py`` runs thousands and prints the counts.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from fuzz_inputs import generate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from advisor.cli import app
from advisor.errors import AdvisorError
from advisor.workload import Workload
from advisor.workload.importers import load_any

runner = CliRunner()


def _case(rng: random.Random, folder: str) -> Path:
    _, suffix, text = generate(rng)
    path = Path(folder) / f"case{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_load_any_returns_a_workload_or_an_advisor_error(rng):
    with tempfile.TemporaryDirectory() as tmp:
        path = _case(rng, tmp)
        try:
            assert isinstance(load_any(path), Workload)
        except AdvisorError as exc:
            assert str(exc) and "Traceback" not in str(exc)


def _no_constants(token):
    raise AssertionError(f"JSON output holds {token}, which is not JSON")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_compare_cli_exits_0_or_2_with_valid_json(rng):
    with tempfile.TemporaryDirectory() as tmp:
        path = _case(rng, tmp)
        r = runner.invoke(app, ["compare", str(path), "-f", "json", "-p", "ecs-fargate", "-p", "eks-fargate"])
        assert r.exit_code in (0, 2), r.output
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        assert "Traceback" not in r.output
        if r.exit_code == 0:
            out = json.loads(r.stdout[r.stdout.index("{"):], parse_constant=_no_constants)
            # no total where a platform cannot run every service; money otherwise finite and >= 0
            assert all(p["monthly_cost"] is None or p["monthly_cost"] >= 0 for p in out["platforms"])
            assert all(p["monthly_cost"] is not None or not p["complete"] for p in out["platforms"])
