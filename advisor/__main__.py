"""``python3 -m advisor`` and the ``advisor`` console script.

Ctrl-C (SIGINT) ends a command with exit code 130 (128 + SIGINT) and no traceback at any moment, also while the
command modules are still being imported or the command line is being read, before typer's own handler runs.
"""

import sys


def run() -> None:
    """Entry point of the ``advisor`` console script (pyproject.toml) and of ``python3 -m advisor``."""
    try:
        from advisor.cli import main

        main()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
