"""The bundled price snapshot is what ``scripts/build_pricing_data.py`` makes from its sources, and every source row
it reads from ``scripts/data`` says where it comes from.

The rebuild needs the public reference folder the builder reads (``../shared/reference`` beside the checkout, or
``$ADVISOR_REFERENCE_DIR``); where it is absent (a fresh clone) that test is skipped and says so.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "scripts" / "data"
BUNDLED = ROOT / "advisor" / "pricing_data"
REFERENCE = Path(os.environ.get("ADVISOR_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


def _rows(path: Path) -> list[dict]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.skipif(not (REFERENCE / "regional").is_dir(), reason=f"no reference folder at {REFERENCE}")
def test_rebuilding_gives_the_bundled_tables_byte_for_byte(tmp_path):
    # the rows found in public documents outside the reference folder (Sydney and Sao Paulo Fargate, public IPv4)
    # used to come from a folder that was never committed, so a rebuild dropped 3 Fargate and 15 shared rows
    import json

    built = json.loads((BUNDLED / "manifest.json").read_text())["built"]
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_pricing_data.py"), "--reference", str(REFERENCE),
                    "--out", str(tmp_path), "--built", built], check=True, capture_output=True, text=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert "fargate_rates.csv" in written and "shared_rates.csv" in written
    for name in written:
        assert (tmp_path / name).read_bytes() == (BUNDLED / name).read_bytes(), f"{name} differs from the rebuild"


def test_every_source_row_kept_with_the_builder_names_its_source_and_every_price_its_date():
    prices = 0
    for path in sorted(DATA.glob("*.csv")):
        for i, row in enumerate(_rows(path), start=2):
            assert row.get("source", "").strip(), f"{path.name}:{i} has no source"
            if "usd" in row or "value" in row:  # a price (the EKS version table dates itself by its columns)
                prices += 1
                assert row.get("as_of", "").strip(), f"{path.name}:{i} has no as_of"
    assert prices > 30


def test_found_fargate_rates_are_the_bundled_rates_of_their_region():
    bundled = {(r["region"], r["arch"], r["os"], r["capacity"]): r for r in _rows(BUNDLED / "fargate_rates.csv")}
    column = {"vcpu": "usd_per_vcpu_hour", "memory": "usd_per_gb_hour"}
    found = _rows(DATA / "fargate_prices_found.csv")
    assert {r["region"] for r in found} == {"ap-southeast-2", "sa-east-1"}
    for r in found:
        row = bundled[(r["region"], r["arch"], r["os"], r["capacity"])]
        assert float(row[column[r["component"]]]) == float(r["value"]), r


def test_a_value_seen_before_its_stated_effective_date_was_in_effect_by_then():
    # af-south-1 gp3 $0.1047: the AWS pricing-page feed shows it on 2024-07-18; a later note quotes an offer
    # effective date of 2026-09-01. The effective date is the earlier of the two, the confirmation the later.
    gp3 = next(r for r in _rows(BUNDLED / "ebs_rates.csv") if r["region"] == "af-south-1" and r["volume_type"] == "gp3")
    assert (gp3["usd_per_gb_month"], gp3["effective_date"], gp3["as_of"]) == ("0.1047", "2024-07-18", "2026-09-01")
    for table in ("fargate_rates", "ebs_rates", "shared_rates", "eks_rates", "ec2_prices"):
        for row in _rows(BUNDLED / f"{table}.csv"):
            if row.get("effective_date") and row.get("as_of"):
                assert row["effective_date"] <= row["as_of"], (table, row)
