#!/usr/bin/env python3
"""Build ``advisor/pricing_data/eks_versions.csv``: the Amazon EKS Kubernetes release calendar.

Usage::

    python scripts/build_lifecycle_data.py [--source scripts/data/eks_kubernetes_versions_source.csv]
                                           [--out advisor/pricing_data]

Source: the Amazon EKS User Guide page "Understand the Kubernetes version lifecycle on EKS"
(https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), table "Amazon EKS Kubernetes release
calendar", transcribed per row into ``scripts/data/eks_kubernetes_versions_source.csv`` with the revision of the
page each row was read from (awsdocs/amazon-eks-user-guide). The page's rules, checked for every row here:

* "A minor version is under standard support in Amazon EKS for the first 14 months after it's released. Once a
  version is past the end of standard support date, it enters extended support for the next 12 months."
* "Billing for extended support starts at the beginning of the day that the version reaches end of standard
  support, in the UTC+0 timezone." (the dates are UTC+0)

Columns (contract in ``advisor.pricing.book.TABLES['eks_versions']``): version, release_date,
end_of_standard_support, end_of_extended_support, as_of (the date the row was last confirmed against the page),
source. advisor reads it to decide whether an EKS cluster declared in Terraform or CloudFormation pays the
extended-support surcharge (``advisor.workload.importers.iac``); no version list lives in the code.
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["version", "release_date", "end_of_standard_support", "end_of_extended_support", "as_of", "source"]
#: The date the transcription was last compared with the page revisions named in each row's source.
CONFIRMED = "2026-11-30"


def _months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def build(source: Path) -> list[dict]:
    rows = []
    with source.open(newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            version = r["version"].strip()
            major, _, minor = version.partition(".")
            if not (major.isdigit() and minor.isdigit()):
                raise SystemExit(f"{source}: version {version!r} is not MAJOR.MINOR")
            release, std, ext = (date.fromisoformat(r[c].strip()) for c in
                                 ("release_date", "end_of_standard_support", "end_of_extended_support"))
            # The page's rule: 14 months of standard support (1.24 and 1.25 were given longer: AWS moved their end
            # dates; the table's dates win), then 12 months of extended support.
            if not (14 <= _months_between(release, std) <= 15 and _months_between(std, ext) == 12):
                raise SystemExit(f"{source}: {version}: dates {release}, {std}, {ext} break the 14 + 12 month rule; "
                                 "check the transcription")
            if not r["source"].strip():
                raise SystemExit(f"{source}: {version}: no source")
            rows.append({"version": version, "release_date": release.isoformat(),
                         "end_of_standard_support": std.isoformat(), "end_of_extended_support": ext.isoformat(),
                         "as_of": CONFIRMED, "source": r["source"].strip()})
    rows.sort(key=lambda x: tuple(int(p) for p in x["version"].split(".")), reverse=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "scripts" / "data" / "eks_kubernetes_versions_source.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "advisor" / "pricing_data")
    args = parser.parse_args()
    rows = build(args.source)
    path = args.out / "eks_versions.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"eks_versions: {len(rows)} rows -> {path}")


if __name__ == "__main__":
    main()
