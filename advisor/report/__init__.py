"""HTML architecture-review report (``advisor report``). matplotlib is imported only when a chart is drawn."""

from advisor.report.html import is_report_file, render_report

__all__ = ["is_report_file", "render_report"]
