"""Counts and sizes in running text (notes, reasons, recommendation findings, errors) are never written in exponent
notation: ``f"{x:g}"`` writes 20 TiB as ``2.09715e+07 MiB`` and 2e8 engineer-hours as ``2e+08``, dropping digits."""

from __future__ import annotations

import re

import pytest

import advisor
from advisor.errors import AdvisorError
from advisor.units import num

EXPONENT = re.compile(r"\d[eE][+-]?\d")


@pytest.mark.parametrize(("value", "text"), [
    (2048, "2048"), (0.25, "0.25"), (999999, "999999"), (1e6, "1,000,000"),
    (20 * 1024 * 1024, "20,971,520"), (2.02e8, "202,000,000"), (1234567.5, "1,234,567.5"),
])
def test_num(value, text):
    assert num(value) == text


def _texts(comparison) -> list[str]:
    rec = comparison.recommendation
    out = [f.text for f in rec.findings] + list(comparison.notes)
    for est in comparison.estimates:
        out += list(est.notes) + [u.reason for u in est.unsupported]
    return out


def test_huge_memory_reasons_in_full():
    """A 20 TiB task fits no Fargate size and no node: the reasons give its MiB in full (20,971,520)."""
    c = advisor.price({"name": "m", "services": [{"name": "a", "cpu": 1, "memory": "20 TiB"}]})
    texts = _texts(c)
    assert any("20,971,520 MiB" in t for t in texts)
    assert not [t for t in texts if EXPONENT.search(t)]


def test_engineer_hours_in_full():
    """Operations effort at its bounds (1,000,000 engineer-hours a figure): the findings say 2,000,000, not 2e+06."""
    c = advisor.price({"name": "o", "services": [{"name": "a", "cpu": 0.25, "memory": 512}],
                       "operations": {"engineer_cost_per_hour": 10000, "ecs_hours_per_month": 1e6,
                                      "eks_cluster_hours_per_month": 1e6, "ec2_node_hours_per_month": 1e6}})
    texts = [f.text for f in c.recommendation.findings]
    assert any("engineer-hours" in t for t in texts)
    assert not [t for t in texts if EXPONENT.search(t)], texts


def test_memory_error_in_full():
    with pytest.raises(AdvisorError) as err:
        advisor.load({"name": "m", "services": [{"name": "a", "cpu": 1, "memory": "40 TiB"}]})
    assert "41,943,040 MiB" in str(err.value) and "33,554,432 MiB = 32 TiB" in str(err.value)
