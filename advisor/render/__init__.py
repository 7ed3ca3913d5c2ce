"""Renderers: pure functions of a ``Comparison``.

``format``  money, quantities and escaping (the only rounding)
``text``    the terminal table and Markdown
``data``    JSON, CSV and pandas DataFrames
``html``    the HTML architecture-review report (``checklist`` and ``charts`` feed it)

The four entry points below are loaded on first use, so importing ``advisor.render.format`` (every CLI module
does) does not load the comparison engine.
"""

_ENTRY = {"print_table": "text", "to_markdown": "text", "to_json": "data", "to_csv": "data"}
__all__ = sorted(_ENTRY)


def __getattr__(name: str):
    if name in _ENTRY:
        import importlib

        return getattr(importlib.import_module(f"advisor.render.{_ENTRY[name]}"), name)
    raise AttributeError(f"module 'advisor.render' has no attribute {name!r}")
