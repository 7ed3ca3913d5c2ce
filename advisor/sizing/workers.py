"""How many worker processes advisor may use to pack EC2 fleets (``advisor.sizing.packing.pack_all``).

Kept apart from the packer so that a command can check ``$ADVISOR_WORKERS`` when it starts without importing numpy.
"""

from __future__ import annotations

import os

from advisor.errors import AdvisorError

#: The variable that sets how many worker processes ``pack_all`` may use: a whole number from 1 to ``MAX_SETTING``
#: (1: pack in the calling process only). Unset or empty: the ``advisor`` command uses the CPUs the process may run
#: on, at most ``DEFAULT_MAX``; a Python program that imports advisor uses none (see ``use_cpus_by_default``).
ENV_WORKERS = "ADVISOR_WORKERS"
DEFAULT_MAX = 8
MAX_SETTING = 256
_cpus_by_default = False


def use_cpus_by_default() -> None:
    """Let ``pack_workers`` default to the CPUs available. The ``advisor`` command calls it when a command starts.

    A program that imports advisor keeps the default of 1 unless it sets ``$ADVISOR_WORKERS``: a worker process is
    started with ``spawn``, which runs the program's main script again in every worker unless its top level is
    guarded by ``if __name__ == "__main__":`` (the Python ``multiprocessing`` documentation, "Safe importing of main
    module"), so an unguarded script that writes files would write them again. Jupyter notebooks need no guard."""
    global _cpus_by_default
    _cpus_by_default = True


def pack_workers() -> int:
    """How many worker processes ``pack_all`` may use: ``$ADVISOR_WORKERS`` when set; else, in the ``advisor``
    command (``use_cpus_by_default``), the CPUs this process may run on (``os.sched_getaffinity``, else
    ``os.cpu_count``), at most ``DEFAULT_MAX``; else 1. Raises ``AdvisorError`` naming the variable, its value and
    what is valid for a value that is not a whole number from 1 to ``MAX_SETTING`` (ASCII digits only)."""
    raw = os.environ.get(ENV_WORKERS, "")
    text = raw.strip()
    if text:
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_SETTING):
            raise AdvisorError(
                f"${ENV_WORKERS} is {raw!r}; set it to a whole number of worker processes from 1 to {MAX_SETTING} "
                f"(1 packs EC2 fleets in advisor's own process), or unset it to use the CPUs available: "
                f"unset {ENV_WORKERS}.")
        return int(text)
    if not _cpus_by_default:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, DEFAULT_MAX))
