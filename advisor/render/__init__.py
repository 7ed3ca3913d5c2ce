"""Renderers: pure functions of a ``Comparison`` (terminal table, Markdown, JSON, CSV, HTML report, charts)."""

from advisor.render.text import print_table, to_csv, to_json, to_markdown

__all__ = ["print_table", "to_csv", "to_json", "to_markdown"]
