"""Charts for the HTML report, drawn with matplotlib and returned as inline SVG text.

Only the report imports this module, so ``advisor compare`` never loads matplotlib. Output is
deterministic: a fixed ``svg.hashsalt``, no date metadata, and element ids prefixed per chart so several
charts can share one HTML document without id clashes. Every label is drawn as ``advisor.render.format.plain``
text (no control, bidi or other invisible character reaches the SVG) and XML-escaped by matplotlib; the report
passes the SVG through the same ``html_text`` filter as all its other output.
"""

from __future__ import annotations

import io
import re

import matplotlib

from advisor.render.format import plain

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

#: One colour per cost category (restrained, colour-blind-friendly: Okabe–Ito derived).
CATEGORY_COLOURS = {
    "compute": "#2f6690",
    "spot": "#56b4e9",
    "os_license": "#cc79a7",
    "storage": "#e69f00",
    "control_plane": "#d55e00",
    "surge": "#009e73",
    "load_balancing": "#0072b2",
    "nat_gateway": "#f0e442",
    "logs_monitoring": "#b2df8a",
    "public_ipv4": "#6a3d9a",
    "service_discovery": "#fb9a99",
    "commitment": "#1b1b1b",
    "operations": "#8c7a5b",
    "other": "#999999",
}
PLATFORM_COLOURS = ["#2f6690", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c7a5b"]

_RC = {
    "svg.hashsalt": "advisor",
    "svg.fonttype": "none",  # real <text>, styled by the page's font stack
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": "#8a8f98",
    "axes.labelcolor": "#2b2f36",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e3e6ea",
    "grid.linewidth": 0.8,
    "xtick.color": "#4a4f57",
    "ytick.color": "#4a4f57",
    "legend.frameon": False,
    "path.simplify": True,
}


def _money_axis(x: float, _pos=None) -> str:
    return f"-${-x:,.0f}" if x < -0.5 else f"${abs(x):,.0f}"


def _to_svg(fig, prefix: str, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style type=\"text/css\">.*?</style>\s*", "", svg, flags=re.S)  # global '*' rule
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for old in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{old}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
    # Let CSS size the chart (keep the viewBox), label it for screen readers, use the page's fonts.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    svg = svg.replace("<svg ", f'<svg class="chart" role="img" aria-label="{_attr(title)}" ', 1)
    svg = re.sub(r"font-family:[^;\"]+", "font-family: inherit", svg)
    return svg


def _attr(text: str) -> str:
    text = plain(text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


def cost_by_category_chart(bars: list[dict], categories: list[str], labels: dict[str, str]) -> str:
    """Horizontal stacked bars: one per platform, one segment per cost category.

    ``bars``: ``[{"label": str, "by_category": {category: usd}}]`` in display order (top to bottom).
    """
    with plt.rc_context(_RC):
        height = 0.9 + 0.55 * max(len(bars), 1)
        fig, ax = plt.subplots(figsize=(8.0, height))
        names = [plain(b["label"]) for b in bars][::-1]
        left = [0.0] * len(names)
        for cat in categories:
            vals = [b["by_category"].get(cat, 0.0) for b in bars][::-1]
            if not any(vals):
                continue
            ax.barh(names, vals, left=left, color=CATEGORY_COLOURS.get(cat, "#999999"), height=0.6,
                    label=plain(labels.get(cat, cat)), edgecolor="white", linewidth=0.6)
            left = [a + b for a, b in zip(left, vals)]
        ax.xaxis.set_major_formatter(FuncFormatter(_money_axis))
        ax.set_xlabel("USD per month")
        ax.grid(axis="y", visible=False)
        ax.set_axisbelow(True)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25 - 0.3 / max(len(bars), 1)),
                  ncol=min(len(categories), 4), fontsize=9, handlelength=1.2)
        return _to_svg(fig, "cost", "Monthly cost by platform and cost category")


def scaling_chart(series: list[dict], crossings: list[dict], current_factor: float = 1.0,
                  ticks: list[float] | None = None) -> str:
    """Monthly cost against scale factor, one line per platform, crossover points marked.

    ``series``: ``[{"label": str, "factors": [...], "costs": [...]}]``; ``crossings``: ``[{"factor",
    "monthly_cost", "text"}]``.
    """
    with plt.rc_context(_RC):
        fig, ax = plt.subplots(figsize=(8.0, 3.8))
        for i, s in enumerate(series):
            ax.plot(s["factors"], s["costs"], marker="o", markersize=3, linewidth=1.8,
                    color=PLATFORM_COLOURS[i % len(PLATFORM_COLOURS)], label=plain(s["label"]))
        for c in crossings:
            ax.plot([c["factor"]], [c["monthly_cost"]], marker="D", markersize=8, color="#111111",
                    markerfacecolor="#ffd166", zorder=5)
            ax.annotate(plain(c["text"]), (c["factor"], c["monthly_cost"]), textcoords="offset points", xytext=(6, 8),
                        fontsize=8, color="#111111")
        ax.axvline(current_factor, color="#8a8f98", linestyle="--", linewidth=1)
        ax.annotate("as written", (current_factor, 1), xycoords=("data", "axes fraction"), xytext=(4, -12),
                    textcoords="offset points", fontsize=8, color="#4a4f57")
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: f"{x:g}×"))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda x, _p: ""))
        ax.set_xticks([f for f in (ticks or (0.5, 1, 2, 3, 5, 10)) if f in (0.25, 0.5, 1, 2, 5, 10, 20) or not ticks])
        ax.yaxis.set_major_formatter(FuncFormatter(_money_axis))
        ax.set_xlabel("Scale factor (task counts × factor)")
        ax.set_ylabel("USD per month")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", fontsize=9)
        return _to_svg(fig, "scale", "Monthly cost by platform as the workload scales")
