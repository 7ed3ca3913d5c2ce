"""The terminal table's Rich tables are sized up front (``advisor.render.text.sized_table``); the output must be
what Rich prints when it measures every cell itself, at any width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from advisor.render.text import LINE_COLUMNS, sized_table

ROWS = [
    ("storefront", "Fargate vCPU (on-demand, x86_64)", "3,650 vCPU-hours", "$0.04048", "$147.75"),
    ("api-gateway-with-a-long-name", "Deployment surge: Fargate memory (on-demand, x86_64) *", "50 GB-hours",
     "$0.004445", "$0.22"),
    ("—", "EKS control plane (standard support)", "730 cluster-hours", "$0.10", "$73.00"),
    ("商品カタログ", "全角の行 wide characters", "1 hour", "$1.00", "$1.00"),
    ("", "averyveryverylongwordwithoutanyspaceatallthatmustbefolded", "", "", "$0.00"),
]


def _rich(columns, rows, **table_args):
    """The table as Rich builds it unaided."""
    t = Table(**table_args)
    for header, justify, more in columns:
        t.add_column(header, justify=justify, **more)
    for cells, style in rows:
        t.add_row(*(Text(c) for c in cells), style=style)
    return t


def _print(table, width, terminal):
    buf = io.StringIO()
    Console(file=buf, width=width, force_terminal=terminal, color_system="truecolor" if terminal else None).print(table)
    return buf.getvalue()


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], ROWS[3:], []], ids=["all", "one", "wide-chars", "none"])
@pytest.mark.parametrize("terminal", [False, True])
def test_sized_line_table_prints_what_rich_measures(rows, terminal):
    columns = [(col, just, {}) for col, just in LINE_COLUMNS]
    rows = [(r, None) for r in rows]
    for width in [*range(1, 60), *range(60, 130, 3), 200]:
        console = Console(file=io.StringIO(), width=width)
        sized = sized_table(console, columns, rows, title=Text("ECS on Fargate (ecs-fargate) — $899.02"),
                            title_justify="left")
        assert _print(sized, width, terminal) == _print(_rich(columns, rows, title=Text(
            "ECS on Fargate (ecs-fargate) — $899.02"), title_justify="left"), width, terminal), width


def test_sized_summary_table_prints_what_rich_measures():
    rows = [(("ecs-fargate-spot", "$636.28", "$200.00", "$836.28", "best"), None),
            (("as declared", "$1,074.37", "—", "$1,074.37", "+$9,302.57 vs rec."), "bold")]
    columns = [(col, "left" if i == 0 else "right", {"no_wrap": True, "min_width": m})
               for i, (col, m) in enumerate(zip(("Platform", "Infra", "Ops*", "Total", "vs best"), (16, 9, 7, 9, 18)))]
    for width in range(1, 70):
        sized = sized_table(Console(file=io.StringIO(), width=width), columns, rows, caption=Text("a caption"))
        for terminal in (False, True):
            assert _print(sized, width, terminal) == _print(_rich(columns, rows, caption=Text("a caption")), width,
                                                            terminal), width
