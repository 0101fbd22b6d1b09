"""The ``staffsim`` command line (``app``: the command group, its commands and the error
policy).

This module imports nothing of staffsim's own: the ``staffsim`` command first starts the
figure worker, if the command draws, and only then loads the commands (0.2 s), so that the
worker's imports run beside everything the command does.
"""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point (``app.main``). Called without ``argv`` (the ``staffsim`` command) it
    also starts the figure worker early and installs the interrupt policy."""
    discard = None
    try:  # Ctrl-C before the interrupt policy is installed: one line, exit 130
        from staffsim.results.figure_process import discard, start_early

        if argv is None:
            start_early(sys.argv[1:])
            # a command allocates most of its objects importing its modules, and keeps them:
            # collecting the youngest generation every 700 allocations then costs 5-10% of
            # the start-up (Python 3.13 checks every 2,000)
            gc.set_threshold(20_000)  # (the older generations as by default)
        from staffsim.cli.app import main as app_main
    except KeyboardInterrupt:
        if discard is not None:
            discard()
        print("staffsim: interrupted; nothing was written", file=sys.stderr)
        return 130
    try:
        code = app_main(argv)
    finally:
        discard()  # a worker started early that no command took
    if argv is None:
        # what is left is freed by the process's exit: without this the interpreter's last
        # collections walk every object first (0.05-0.1 s after every command)
        gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
