"""advisor: ECS vs EKS cost and sizing advisor.

The Python API (``advisor.load``, ``advisor.price``, ``advisor.lines_frame``, ... see ``advisor.api`` and
docs/python-api.md) is re-exported lazily: ``import advisor`` loads nothing heavy until a name is used.
"""
__version__ = "0.1.0"

_API = frozenset({
    "LINE_COLUMNS", "TOTAL_COLUMNS", "CATEGORY_COLUMNS", "SIZE_COLUMNS", "STRATEGY_COLUMNS", "SWEEP_COLUMNS",
    "CROSSOVER_COLUMNS", "SPOT_COLUMNS", "REGION_COLUMNS",
    "load", "price", "lines_frame", "totals_frame", "category_frame", "sizes_frame", "strategies_frame",
    "scenario", "with_architecture", "with_region", "with_replicas_factor",
    "sweep_frame", "crossovers_frame", "spot_frame", "regions_frame",
    "plot_totals", "plot_sweep", "plot_spot", "report_html", "Report", "shown",
})


def __getattr__(name: str):
    if name in _API:
        from advisor import api

        return getattr(api, name)
    raise AttributeError(f"module 'advisor' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _API)
