"""Readable output for large workloads: reasons grouped, amounts never cut short (issue 13).

A reason shared by many services is printed once with a count and the first names (JSON keeps every service);
an 80-column terminal folds a platform id before it would cut an amount.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from advisor import render
from advisor.compare import compare
from advisor.render.text import summary_rows
from advisor.units import NAMED_LIMIT, name_list

ARM = "EKS on Fargate runs x86_64 pods only"


def _workload(n: int, replicas: int = 2, cpu: float = 1, memory: int = 2048) -> dict:
    return {"name": f"big-{n}", "region": "us-east-1", "services": [
        {"name": f"svc-{i:04d}", "cpu": cpu, "memory": memory, "replicas": replicas,
         "architecture": "arm64" if i % 2 else "x86_64"} for i in range(n)]}


@pytest.fixture(scope="module")
def arm_heavy():
    return compare(_workload(120), platforms=["ecs-fargate", "eks-fargate"])


def test_name_list_names_the_first_and_counts_the_rest():
    assert name_list(["a", "b"]) == "a, b"
    names = [f"s{i}" for i in range(1234 + NAMED_LIMIT)]
    assert name_list(names) == ", ".join(names[:NAMED_LIMIT]) + " and 1,234 more"


def test_one_reason_for_many_services_is_printed_once(arm_heavy):
    buf = io.StringIO()
    render.print_table(arm_heavy, console=Console(file=buf, width=200))
    text = buf.getvalue()
    assert text.count(ARM) == 2  # the finding, and the platform's section
    assert "cannot run 60 services (svc-0001, svc-0003, " in text and "and 50 more):" in text
    md = render.to_markdown(arm_heavy)
    assert md.count(ARM.replace("_", "\\_")) == 2 and "Cannot run **60 services (svc-0001, " in md
    # the finding names ten services and counts the rest
    finding = next(f.text for f in arm_heavy.recommendation.findings if "EKS on Fargate was not ranked" in f.text)
    assert "and 50 more (" in finding and finding.count("svc-") == NAMED_LIMIT
    # JSON keeps every service
    est = next(e for e in json.loads(render.to_json(arm_heavy))["platforms"] if e["platform"] == "eks-fargate")
    assert len(est["unsupported"]) == 60


def test_amounts_are_never_cut_short_on_an_80_column_terminal():
    big = compare(_workload(400, replicas=40, cpu=4, memory=16384), platforms=["ecs-fargate", "eks-fargate",
                                                                               "ecs-fargate-spot"])
    buf = io.StringIO()
    render.print_table(big, console=Console(file=buf, width=80))
    head = buf.getvalue().split("Recommendation")[0]
    assert "…" not in head
    for row in summary_rows(big):
        for cell in row[1:4]:
            assert cell in head, cell
