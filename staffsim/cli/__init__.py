"""The ``staffsim`` command line: the command group, its commands and the error policy."""

from __future__ import annotations

import os
import sys
import warnings

import click

from staffsim.cli import dashboard, plan, questions, simulate, sweep  # noqa: F401  (register)
from staffsim.cli.common import cli
from staffsim.scenarios.errors import InputErrors, ScenarioError

MAX_PROBLEMS = 50  # lines of collected input problems shown before a count


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from staffsim.scenarios.tables import InputWarning

    if issubclass(category, InputWarning):
        click.echo(f"staffsim: warning: {message}", err=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line per input problem and exit code 2 for bad input, never a
    traceback."""
    from staffsim.scenarios.tables import InputWarning

    warnings.showwarning = _show_warning
    warnings.simplefilter("always", InputWarning)  # every data problem, every time
    try:
        rv = cli.main(args=argv, prog_name="staffsim", standalone_mode=False)
        if isinstance(rv, int):  # click returns Exit codes here when not standalone
            return rv
    except InputErrors as e:
        for p in e.problems[:MAX_PROBLEMS]:
            click.echo(f"staffsim: error: {p}", err=True)
        if len(e.problems) > MAX_PROBLEMS:
            click.echo(f"staffsim: error: {e.file}: and {len(e.problems) - MAX_PROBLEMS} more "
                       "problems", err=True)
        return 2
    except ScenarioError as e:
        click.echo(f"staffsim: error: {e}", err=True)
        return 2
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.ClickException as e:
        click.echo(f"staffsim: error: {e.format_message()}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("staffsim: interrupted; nothing was written", err=True)
        return 130
    except Exception as e:  # a bug, not bad input: one line, traceback on request
        if os.environ.get("STAFFSIM_DEBUG"):
            raise
        click.echo(f"staffsim: internal error: {type(e).__name__}: {e} (set STAFFSIM_DEBUG=1 "
                   "for the traceback)", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
