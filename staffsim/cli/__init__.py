"""The ``staffsim`` command line (``app``: the command group, its commands and the error
policy).

This module imports nothing of staffsim's own: the ``staffsim`` command first starts the
figure worker, if the command draws, and only then loads the commands (0.2 s), so that the
worker's imports run beside everything the command does.
"""

from __future__ import annotations

import gc
import os
import sys

# Imported by a dependency at start-up, used only for what the commands rarely do: loaded on
# first use instead. PuLP 4.2 imports orloge (CP-SAT log models built with pydantic, 0.05 s)
# to parse solver logs, which only CBC's path reads.
LAZY_MODULES = ("orloge",)


def lazy_imports(names: tuple[str, ...] = LAZY_MODULES) -> None:
    """Make ``import name`` cheap: a stand-in module takes its place in ``sys.modules`` and
    imports the real one when an attribute is first read. (``importlib.util.LazyLoader``
    cannot do this: the import statement reads ``__spec__``, which loads it at once.) A
    module already imported, or not installed, is left as it is."""
    import importlib.util
    import types

    class Deferred(types.ModuleType):
        def __getattr__(self, attr: str):
            if attr.startswith("__"):  # (introspection: not a reason to load it)
                raise AttributeError(attr)
            sys.modules.pop(self.__name__, None)
            real = importlib.import_module(self.__name__)
            self.__dict__.update(real.__dict__)  # later reads find it all here
            return getattr(real, attr)

    for name in names:
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            sys.modules[name] = Deferred(name)


class EarlyTermination(KeyboardInterrupt):
    """SIGTERM before the interrupt policy is installed (``interrupts.install``): the
    default action killed the process without a line (a hostile trial: SIGTERM 0.2-0.6 s
    into ``plan``, exit -15 and nothing said). A KeyboardInterrupt, so that code between here
    and the policy unwinds as on Ctrl-C."""


def _early_term(signum: int, frame: object) -> None:
    raise EarlyTermination()


def early_words(argv: list[str] | None = None, word: str = "interrupted") -> str:
    """'interrupted; nothing was written' (``word``: or 'terminated') in the language the
    command line asks for, before
    staffsim's modules are loaded: --lang in the arguments, else STAFFSIM_LANG, else
    Vietnamese (as ``app.asked_language`` and ``--lang``'s default decide), read from the
    catalogue with the standard library's gettext (``staffsim.i18n`` loads Babel, too slow
    for an interrupt); in English if the catalogue cannot be read."""
    import os

    english = f"{word}; nothing was written"
    args = sys.argv[1:] if argv is None else argv
    lang = None
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args) and args[i + 1] in ("vi", "en"):
            lang = args[i + 1]
            break
        if a.startswith("--lang=") and a[7:] in ("vi", "en"):
            lang = a[7:]
            break
    if lang is None:
        env = os.environ.get("STAFFSIM_LANG", "")
        lang = env if env in ("vi", "en") else "vi"
    if lang == "en":
        return english
    try:
        import gettext
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("staffsim.i18n")
        locale = Path(next(iter(spec.submodule_search_locations))) / "locale"
        t = gettext.translation("staffsim", locale, [lang]).gettext
        return f"{t(word)}; {t('nothing was written')}"
    except Exception:  # noqa: BLE001  (never a second error while ending)
        return english


def main(argv: list[str] | None = None) -> int:
    """Entry point (``app.main``). Called without ``argv`` (the ``staffsim`` command) it
    also starts the figure worker early and installs the interrupt policy."""
    discard = None
    if argv is None:  # (the command line: SIGTERM before the policy is installed says so too)
        import signal

        signal.signal(signal.SIGTERM, _early_term)
    try:  # Ctrl-C (SIGTERM) before the interrupt policy is installed: one line, exit 130 (143)
        from staffsim.results.figure_process import discard, start_early

        if argv is None:
            # pydantic reads every installed package's entry points for plugins when the
            # first model is built (importlib.metadata, 0.02-0.03 s of every command's
            # start); staffsim uses none. An explicit setting of the user's is kept
            os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
            start_early(sys.argv[1:])
            lazy_imports()
            # a command allocates most of its objects importing its modules, and keeps them:
            # collecting the youngest generation every 700 allocations then costs 5-10% of
            # the start-up (Python 3.13 checks every 2,000)
            gc.set_threshold(20_000)  # (the older generations as by default)
        from staffsim.cli.app import main as app_main
    except KeyboardInterrupt as e:
        if discard is not None:
            discard()
        term = isinstance(e, EarlyTermination)
        print(f"staffsim: {early_words(argv, 'terminated' if term else 'interrupted')}",
              file=sys.stderr)
        return 143 if term else 130
    try:
        code = app_main(argv)
    finally:
        discard()  # a worker started early that no command took
    if argv is None:
        from staffsim.cli.interrupts import end_interrupted

        end_interrupted(code)  # interrupted: no waiting for threads whose work is dropped
        # what is left is freed by the process's exit: without this the interpreter's last
        # collections walk every object first (0.05-0.1 s after every command)
        gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(main())
