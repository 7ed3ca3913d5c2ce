"""Renderers: pure functions of a ``Comparison``.

``format``  money, quantities and escaping (the only rounding)
``text``    the terminal table and Markdown
``data``    JSON, CSV and pandas DataFrames
``html``    the HTML architecture-review report (``checklist`` and ``charts`` feed it)
"""

from advisor.render.data import to_csv, to_json
from advisor.render.text import print_table, to_markdown

__all__ = ["print_table", "to_csv", "to_json", "to_markdown"]
