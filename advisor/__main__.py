"""``python3 -m advisor`` and the ``advisor`` console script.

Ctrl-C (SIGINT) ends a command with exit code 130 (128 + SIGINT) and no traceback at any moment, also while the
command modules are still being imported or the command line is being read, before typer's own handler runs.
"""

import gc
import sys


def run() -> None:
    """Entry point of the ``advisor`` console script (pyproject.toml) and of ``python3 -m advisor``.

    The process ends right after: its objects are frozen (``gc.freeze``) on the way out, so the interpreter's
    shutdown does not walk them all again looking for reference cycles to free (it collects once before and twice
    while it clears the modules). That walk cost about a sixth of ``advisor compare examples/microservices.yaml``
    (0.1-0.2 s of CPU) to free memory the exiting process returns anyway; objects are still freed as their last
    reference goes, and every file advisor writes is closed before the command returns."""
    try:
        from advisor.cli import main

        main()
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
