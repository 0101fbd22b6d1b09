"""The ``staffsim`` command group with its commands registered, and the error policy
(``main``): one line per problem, an exit code, never a traceback."""

from __future__ import annotations

import errno
import os
import re
import sys
import warnings

import click

from staffsim.cli import (  # noqa: F401  (register the commands and the interrupt policy)
    dashboard,
    interrupts,
    plan,
    questions,
    simulate,
    sweep,
)
from staffsim.cli.common import cli
from staffsim.scenarios.errors import LINE_CHARS, InputErrors, ScenarioError, cut

MAX_PROBLEMS = 50  # lines of collected input problems shown before a count


_SHOWN: set[str] = set()  # the input warnings this command has said


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    from staffsim.scenarios.tables import InputWarning

    if issubclass(category, InputWarning):
        # each once: a compare arm's settings are resolved for the check and again for the
        # run, and said the same warning twice
        if str(message) not in _SHOWN:
            _SHOWN.add(str(message))
            click.echo(f"staffsim: {_warning_line(str(message))}", err=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


_default_showwarning = warnings.showwarning


def _warning_line(text: str) -> str:
    """'warning: FILE: [WHERE: ]MESSAGE' in the language asked (a message the words do
    not know stays as it is)."""
    try:
        from staffsim.results.error_words import location
        from staffsim.results.error_words import message_words as problem
        from staffsim.results.words import words

        _ = words(asked_language())
        if _.lang != "en":
            path, _sep, rest = text.partition(": ")
            if path == "command line":  # (a value given with --set)
                path = _("command line")
            said = problem(_, rest)
            parts = rest.split(": ")
            # 'row 3, column x: message', 'whatif.set: KEY: message': the message after
            # the first place of which the words know it
            for n in range(1, len(parts)):
                if said != rest:
                    break
                message = ": ".join(parts[n:])
                words = problem(_, message)
                if words != message:
                    said = ": ".join([location(_, parts[0]), *parts[1:n], words])
            text = f"{path}: {said}"
        return _("warning: {text}", text=text)
    except Exception:  # (never an error about a warning)
        return f"warning: {text}"


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line per input problem and exit code 2 for bad input or an OS error
    (naming the file), 130 / 143 on Ctrl-C / SIGTERM, never a traceback. Called without
    ``argv`` (the ``staffsim`` command) it also installs the interrupt policy."""
    from staffsim.scenarios.tables import InputWarning

    global _ARGV
    _ARGV = list(argv) if argv is not None else None
    if argv is None:
        interrupts.install()
    from staffsim.results.folder import REPLACED, REPLACING, WRITTEN

    interrupts.reset()
    interrupts.LANGUAGE = asked_language()
    WRITTEN.clear()
    REPLACED.clear()
    REPLACING.clear()
    _SHOWN.clear()  # (once per command: tests and the dashboard call main again)
    warnings.showwarning = _show_warning
    warnings.simplefilter("always", InputWarning)  # every data problem, every time
    try:
        code = _run(argv)
        interrupts.hold()  # done: what is left is cleaning up
        if code not in (0, 130, 143) and interrupts.KEPT:  # a failed sweep keeps its runs
            click.echo(f"staffsim: {interrupts.what_was_kept()}", err=True)
        return code
    finally:
        from staffsim.results.folder import emergency_cleanup

        emergency_cleanup()  # temporary folders (if any) and the claims on output folders


_ARGV: list[str] | None = None  # the arguments main() was given (tests pass their own)


def _unquoted_set(e: click.ClickException) -> str | None:
    """An extra argument that is the rest of a ``--set`` value the shell split at a space
    (``--set optimizer.budget_vnd=36 tỷ``): the line says to quote the whole value, in the
    language, instead of click's 'unexpected extra argument (tỷ)', which left an officer
    typing the README's unit words stuck."""
    if not isinstance(e, click.UsageError) or not str(e.message).startswith(
            "Got unexpected extra argument"):
        return None
    args = _ARGV if _ARGV is not None else sys.argv[1:]
    for i, a in enumerate(args[:-1]):
        given = (args[i + 1] if a == "--set" and i + 2 < len(args)
                 else a[len("--set="):] if a.startswith("--set=") else None)
        if given is None or "=" not in given:
            continue
        rest = args[i + 2] if a == "--set" else args[i + 1]
        if rest.startswith("-") or f"({rest}" not in str(e.message):  # (the extra one)
            continue
        from staffsim.results.words import words

        _ = words(asked_language())
        return _("--set {given} {rest}: a value with a space goes in quotes, e.g. --set "
                 "\"{given} {rest}\"", given=given, rest=rest)
    return None


def asked_language() -> str | None:
    """The language the command line asks for (--lang, else STAFFSIM_LANG), read here too:
    an error found while click parses the arguments comes before --lang's own callback."""
    args = _ARGV if _ARGV is not None else sys.argv[1:]
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args) and args[i + 1] in ("vi", "en"):
            return args[i + 1]
        if a.startswith("--lang=") and a[7:] in ("vi", "en"):
            return a[7:]
    env = os.environ.get("STAFFSIM_LANG", "")
    return env if env in ("vi", "en") else None


def _error(text: str | ScenarioError) -> None:
    """``staffsim: error: ...`` in the language, for a ScenarioError the file, the place
    and the message too (``results.error_words.error_line``; a message it does not know stays as
    it is)."""
    try:
        from staffsim.results.error_words import error_line, plain_line
        from staffsim.results.words import words

        _ = words(asked_language())
        frame = _("error")
        text = error_line(_, text) if isinstance(text, ScenarioError) else plain_line(_, text)
    except Exception:  # (never an error about the error: the English line)
        frame = "error"
        text = str(text)
    click.echo(f"staffsim: {frame}: {cut(str(text), LINE_CHARS)}", err=True)


def given_path(path: str) -> str:
    """The path the user gave for one staffsim names: a result folder's claim ('DIR/.kq.lock',
    ``results.folder``) is the folder 'DIR/kq' (a read-only disk named the hidden lock file,
    which the user never typed nor sees); any other path as it is."""
    head, sep, name = path.rpartition("/")
    m = re.fullmatch(r"\.(.+)\.lock", name)
    return f"{head}{sep}{m[1]}" if m else path


def _run(argv: list[str] | None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="staffsim", standalone_mode=False)
        if isinstance(rv, int) and rv:  # click returns Exit codes here when not standalone
            return rv
    except SystemExit as e:
        # click ends with exit 1 when stdout is a closed pipe (`staffsim plan ... | head -1`),
        # after wrapping stdout so that nothing more fails; 1 means "no plan" to plan and
        # evaluate, so say what a shell says of a command a closed pipe stopped: 141
        if e.code == 1 and isinstance(sys.stdout, getattr(click.utils, "_PacifyFlushWrapper",
                                                          ())):
            return 141
        raise
    except InputErrors as e:
        for p in e.problems[:MAX_PROBLEMS]:
            _error(p)
        if len(e.problems) > MAX_PROBLEMS:
            _error(ScenarioError(e.file, "", f"and {len(e.problems) - MAX_PROBLEMS} more "
                                 "problems"))
        return 2
    except ScenarioError as e:
        _error(e)
        return 2
    except OSError as e:  # permission, disk full, a folder where a file should be, ...
        if (signal_error := interrupts.signal_behind(e)) is not None:
            return _interrupted(signal_error)
        # no file named by the system: the output was the printed answer, or a file written
        # through a library that does not say which
        where = e.filename if e.filename is not None else "(standard output or a file not named)"
        if e.errno == errno.EROFS:  # only a write meets it: say what to do (a researcher's
            # trial got 'Read-only file system' alone for --out on a read-only mount)
            _error(f"{given_path(str(where))}: read-only file system; choose a folder you can "
                   "write to")
            return 2
        _error(f"{given_path(str(where))}: {e.strerror or e}")
        return 2
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.exceptions.NoArgsIsHelpError as e:  # `staffsim` alone: the help, whole
        click.echo(e.ctx.get_help() if e.ctx is not None else e.format_message())
        return 2
    except click.ClickException as e:  # click quotes the flag's value: cut it short
        _error(_unquoted_set(e) or cut(e.format_message(), 300))
        return 2
    except (click.exceptions.Abort, KeyboardInterrupt, interrupts.Terminated,
            interrupts.CtrlC) as e:
        return _interrupted(e)
    except RecursionError:  # input nested deeper than any check foresaw
        _error("input nested too deeply to read (see README, Limits)")
        return 2
    except MemoryError:
        _error("out of memory; the input or the run is too large for this machine (see "
               "README, Limits)")
        return 2
    except Exception as e:  # a bug, not bad input: one line, traceback on request
        if (signal_error := interrupts.signal_behind(e)) is not None:
            return _interrupted(signal_error)
        if os.environ.get("STAFFSIM_DEBUG"):
            raise
        if (lost := _lost_worker(e)) is not None:  # no bug of ours: said as what happened
            _error(lost)
            return 2
        click.echo(f"staffsim: internal error: {type(e).__name__}: {cut(str(e), LINE_CHARS)} "
                   "(set STAFFSIM_DEBUG=1 for the traceback)", err=True)
        return 1
    if (missed := interrupts.swallowed()) is not None:  # a signal Python could not raise:
        # the command ran on to its end; it ends as interrupted, as Ctrl-C asked
        return _interrupted(missed)
    return 0


def _lost_worker(e: BaseException) -> str | None:
    """What a command's workers failing says, when that is what ``e`` is: a worker process
    killed (out of memory, kill -9) breaks the local pool; a Dask scheduler or worker lost
    cancels the tasks it held. A researcher's trial got 'internal error: BrokenProcessPool'
    and 'internal error: CancelledError', in English, for both."""
    from concurrent.futures import CancelledError
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(e, BrokenProcessPool):
        return ("a worker process ended abruptly (killed, or out of memory); run the command "
                "again, with fewer --workers if memory is short")
    module = type(e).__module__ or ""
    if isinstance(e, CancelledError) or module.startswith(("distributed", "tornado")) and \
            type(e).__name__ in ("CommClosedError", "StreamClosedError", "FutureCancelledError"):
        return ("the Dask scheduler or one of its workers was lost while the command ran (its "
                "tasks were cancelled); check the cluster and run the command again")
    return None


def _interrupted(e: BaseException) -> int:
    """The line and exit code of an interrupted command (130, or 143 for SIGTERM)."""
    interrupts.hold()  # a second signal must not raise while this one is said
    # the first signal's word and exit code, whichever exception the last one raised
    word = interrupts.first_word(
        "terminated" if isinstance(e, interrupts.Terminated) else "interrupted")
    interrupts.say(word)
    return 143 if word == "terminated" else 130
