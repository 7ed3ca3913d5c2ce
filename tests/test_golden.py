"""Golden breakdowns for the bundled examples.

Regenerate deliberately and review the diff:  ADVISOR_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

import json
import os
from pathlib import Path

import pytest

from advisor.compare import compare

HERE = Path(__file__).parent
EXAMPLES = sorted((HERE.parent / "examples").glob("*.yaml"))
PLATFORMS = ["ecs-fargate", "ecs-fargate-spot", "eks-fargate"]


def breakdown(path, prices):
    d = compare(path, platforms=PLATFORMS, prices=prices).to_dict()
    return {
        "recommendation": d["recommendation"]["platform"],
        "services": [{k: s[k] for k in ("name", "fargate_size", "eks_fargate_size")} for s in d["services"]],
        "platforms": {
            p["platform"]: {
                "monthly_cost": round(p["monthly_cost"], 6),
                "complete": p["complete"],
                "unsupported": [u["service"] for u in p["unsupported"]],
                "lines": [[li["service"], li["name"], round(li["quantity"], 6), li["unit"], li["unit_price"],
                           round(li["monthly_cost"], 6)] for li in p["lines"]],
            }
            for p in d["platforms"]
        },
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_golden_breakdown(example, prices):
    golden = HERE / "golden" / f"{example.stem}.json"
    got = breakdown(example, prices)
    if os.environ.get("ADVISOR_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, indent=1) + "\n")
    assert golden.exists(), f"no golden file {golden}; run with ADVISOR_UPDATE_GOLDEN=1 and review it"
    assert got == json.loads(golden.read_text())


def test_web_app_hand_checked(prices):
    # 2 tasks x 0.25 vCPU x 730 h x $0.04048 + 2 x 0.5 GB x 730 h x $0.004445
    d = breakdown(HERE.parent / "examples" / "web-app.yaml", prices)
    assert d["platforms"]["ecs-fargate"]["monthly_cost"] == pytest.approx(2 * 730 * (0.25 * 0.04048 + 0.5 * 0.004445))
    # EKS: 512 MiB + 256 -> 1 GB pods, plus the $73 control plane
    assert d["platforms"]["eks-fargate"]["monthly_cost"] == pytest.approx(
        2 * 730 * (0.25 * 0.04048 + 1 * 0.004445) + 730 * 0.10)
