#!/usr/bin/env python3
"""Build the sizing tables in ``advisor/pricing_data/`` that EC2 node selection and capacity read.

Usage::

    python scripts/build_sizing_data.py [--reference /work/shared/reference] [--out advisor/pricing_data]

Tables (each row keeps its own ``as_of`` and ``source``; column contracts in ``advisor.pricing.book.TABLES``):

``ec2_generations`` (family, generation, category, as_of, source)
    Current or previous generation per instance family, from AWS's own list: the "Amazon EC2 Instance Types"
    guide, sections "Current generation instances" and "Previous generation instances" (document history up to
    2026-02-26), transcribed below in ``GUIDE_CURRENT`` / ``GUIDE_PREVIOUS``. Families the guide does not list
    (newer than that edition) take EC2 DescribeInstanceTypes ``CurrentGeneration`` from the reference
    ``ec2_instance_types.csv`` (moto's dump). That API column is *not* used for listed families: the dump flags m5,
    c5, r5, m6i, r6i, g5 and c6gn as previous generation, which the guide contradicts (see
    /work/scratch/research/16-rules.md, point 2: the bot that regenerates moto's file keeps the last region's
    record per type). ``category`` is the guide's category, e.g. ``high_performance_computing`` for Hpc6a..Hpc8a.

``ecs_eni_trunking`` (instance_type, task_limit_without_trunking, task_limit_with_trunking, as_of, source)
    awsvpc task limits per instance without and with the ``awsvpcTrunking`` account setting, from the reference
    ``regional/ecs_eni_trunking_limits.csv`` (Amazon ECS Developer Guide, "Supported Amazon EC2 instance types" of
    ENI trunking, archived copy of 2023-04-18). Types not in this table get ENIs - 1 with or without trunking.

Nothing is guessed: a family or type the sources lack stays out of the table.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: "Amazon EC2 Instance Types" guide (docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html), section
#: "Current generation instances", as in the guide edition whose document history ends 2026-02-26 (text copy found
#: in the public code index, id 52030169585). One list per category, spelled as the guide spells them.
GUIDE_AS_OF = "2026-02-26"
GUIDE_SOURCE = ("Amazon EC2 Instance Types guide, 'Current generation instances' / 'Previous generation instances' "
                "(docs.aws.amazon.com/ec2/latest/instancetypes/instance-types.html; edition with document history "
                "to 2026-02-26)")
GUIDE_CURRENT = {
    "general_purpose": "M5 | M5a | M5ad | M5d | M5dn | M5n | M5zn | M6a | M6g | M6gd | M6i | M6id | M6idn | M6in | M7a | "
                       "M7g | M7gd | M7i | M7i-flex | M8a | M8azn | M8g | M8gb | M8gd | M8gn | M8i | M8id | M8i-flex | "
                       "Mac1 | Mac2 | Mac2-m1ultra | Mac2-m2 | Mac2-m2pro | Mac-m4 | Mac-m4pro | T2 | T3 | T3a | T4g",
    "compute_optimized": "C5 | C5a | C5ad | C5d | C5n | C6a | C6g | C6gd | C6gn | C6i | C6id | C6in | C7a | C7g | C7gd | "
                         "C7gn | C7i | C7i-flex | C8a | C8g | C8gb | C8gd | C8gn | C8i | C8id | C8i-flex",
    "memory_optimized": "R5 | R5a | R5ad | R5b | R5d | R5dn | R5n | R6a | R6g | R6gd | R6i | R6id | R6idn | R6in | R7a | "
                        "R7g | R7gd | R7i | R7iz | R8a | R8g | R8gb | R8gd | R8gn | R8i | R8id | R8i-flex | U-3tb1 | "
                        "U-6tb1 | U-9tb1 | U-12tb1 | U-18tb1 | U-24tb1 | U7i-6tb | U7i-8tb | U7i-12tb | U7in-16tb | "
                        "U7in-24tb | U7in-32tb | U7inh-32tb | X1 | X1e | X2gd | X2idn | X2iedn | X2iezn | X8g | "
                        "X8aedz | X8i | z1d",
    "storage_optimized": "D2 | D3 | D3en | H1 | I3 | I3en | I4g | I4i | I7i | I7ie | I8g | I8ge | Im4gn | Is4gen",
    "accelerated_computing": "DL1 | DL2q | F1 | F2 | G4ad | G4dn | G5 | G5g | G6 | G6e | G6f | Gr6 | Gr6f | G7e | Inf1 | "
                             "Inf2 | P4d | P4de | P5 | P5e | P5en | P6-B200 | P6-B300 | P6e-GB200 | Trn1 | Trn1n | "
                             "Trn2 | Trn2u | VT1",
    "high_performance_computing": "Hpc6a | Hpc6id | Hpc7a | Hpc7g | Hpc8a",
}
#: Same guide, "Previous generation instances".
GUIDE_PREVIOUS = {
    "general_purpose": "A1 | M1 | M2 | M3 | M4 | T1",
    "compute_optimized": "C1 | C3 | C4",
    "memory_optimized": "R3 | R4",
    "storage_optimized": "I2",
    "accelerated_computing": "G3 | P3 | P3dn",
}
API_SOURCE = ("EC2 DescribeInstanceTypes CurrentGeneration (getmoto/moto moto/ec2/resources/instance_types.json "
              "@0af643a5); family not listed in the EC2 Instance Types guide edition of 2026-02-26")
API_AS_OF = "2026-08-02"


def _families(text: str) -> list[str]:
    return [f.strip().lower() for f in text.split("|") if f.strip()]


def build_generations(ref: Path) -> list[dict]:
    rows: dict[str, dict] = {}
    for generation, lists in (("current", GUIDE_CURRENT), ("previous", GUIDE_PREVIOUS)):
        for category, text in lists.items():
            for fam in _families(text):
                if fam in rows:
                    raise SystemExit(f"family {fam} listed twice in the guide transcription")
                rows[fam] = {"family": fam, "generation": generation, "category": category, "as_of": GUIDE_AS_OF,
                             "source": GUIDE_SOURCE}
    api: dict[str, set[str]] = {}
    with (ref / "ec2_instance_types.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            fam = r["instance_type"].split(".")[0]
            api.setdefault(fam, set()).add(r["current_generation"].strip().lower())
    for fam, flags in sorted(api.items()):
        if fam in rows:
            continue
        if len(flags) != 1:
            raise SystemExit(f"family {fam}: sizes disagree on CurrentGeneration ({flags}); decide by hand")
        rows[fam] = {"family": fam, "generation": "current" if flags == {"true"} else "previous", "category": "",
                     "as_of": API_AS_OF, "source": API_SOURCE}
    return [rows[f] for f in sorted(rows)]


def build_trunking(ref: Path) -> list[dict]:
    out = []
    with (ref / "regional" / "ecs_eni_trunking_limits.csv").open(newline="") as fh:
        for r in csv.DictReader(fh):
            m = re.match(r"(\d{4}-\d{2}-\d{2})", r["as_of"])
            if not m:
                raise SystemExit(f"{r['instance_type']}: as_of {r['as_of']!r} has no date")
            out.append({"instance_type": r["instance_type"].strip(),
                        "task_limit_without_trunking": int(r["task_limit_without_trunking"]),
                        "task_limit_with_trunking": int(r["task_limit_with_trunking"]),
                        "as_of": m.group(1),
                        "source": "Amazon ECS Developer Guide, ENI trunking 'Supported Amazon EC2 instance types' ("
                                  + r["source"].removeprefix("awsdocs/amazon-ecs-developer-guide ").split(",")[0]
                                  + " in awsdocs/amazon-ecs-developer-guide @a35b7671)"})
    out.sort(key=lambda r: r["instance_type"])
    return out


TABLES = {
    "ec2_generations": (build_generations, ["family", "generation", "category", "as_of", "source"]),
    "ecs_eni_trunking": (build_trunking, ["instance_type", "task_limit_without_trunking", "task_limit_with_trunking",
                                          "as_of", "source"]),
}


def _default_reference() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "reference").is_dir():
            return base / "shared" / "reference"
    return ROOT.parent / "shared" / "reference"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=_default_reference())
    parser.add_argument("--out", type=Path, default=ROOT / "advisor" / "pricing_data")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (fn, columns) in TABLES.items():
        rows = fn(args.reference)
        path = args.out / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"{name}: {len(rows)} rows -> {path}")


if __name__ == "__main__":
    main()
