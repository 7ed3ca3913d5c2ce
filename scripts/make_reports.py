"""Regenerate reports/: one HTML report per examples/*.yaml.

    python scripts/make_reports.py

Equivalent to ``advisor report --all examples/ -o reports/``. Reports are deterministic (no timestamps other
than price dates), so running this twice gives no diff; commit the result after reviewing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.render.report_file import write_report  # noqa: E402


def main() -> int:
    import os

    os.chdir(ROOT)  # relative paths in the reports (examples/x.yaml), whatever the caller's directory
    for path in sorted(Path("examples").glob("*.yaml")):
        print(f"wrote {write_report(path, out_dir=Path('reports'))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
