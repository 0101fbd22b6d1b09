"""The interrupt policy of every command: Ctrl-C (SIGINT) and SIGTERM end the command within a
few seconds with exit code 130 or 143, stop every worker, remove temporary folders and say
what was kept.

SIGTERM is raised as ``Terminated`` (like Ctrl-C's ``KeyboardInterrupt``), so the command
unwinds and cleans up as on any error. Python runs signal handlers only between bytecodes of
the main thread, and a HiGHS solve or a long numpy call can hold it for minutes, so the signal
also wakes a watchdog thread (``signal.set_wakeup_fd``: the C-level handler writes to it at
once). If the command has not ended ``GRACE_S`` seconds later, or a second signal comes, the
watchdog kills the workers, removes temporary folders, puts back an old folder that was being
replaced, and ends the process.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress

from staffsim.i18n import N_, Said

GRACE_S = 2.5
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
# What an interrupted command keeps, asked when it ends (by the main thread or the watchdog)
KEPT: list[Callable[[], str]] = []
LANGUAGE: str | None = None  # the language the command line asks for (set by ``app.main``)


class Terminated(BaseException):  # noqa: N818  (a signal, like KeyboardInterrupt)
    """SIGTERM, raised in the main thread."""


class CtrlC(BaseException):  # noqa: N818  (a signal, like KeyboardInterrupt)
    """A Ctrl-C that ended a command, carried past click's own handling of
    ``KeyboardInterrupt`` (``cli.common.Group.invoke``)."""


# the word of the first signal this command received: a second signal, arriving while the
# first unwinds, replaces its exception (SIGTERM then Ctrl-C became a KeyboardInterrupt), but
# the line and the exit code are the first's
FIRST: list[str] = []
_WATCHING = False  # the watchdog is installed (the command line; not tests calling main)
_ORDER = threading.Event()  # the watchdog has recorded the first signal in FIRST
_READER: socket.socket | None = None  # the wakeup socket's reading end (``first_word`` peeks)


def signal_behind(error: BaseException) -> BaseException | None:
    """The ``KeyboardInterrupt`` or ``Terminated`` that ``error`` was raised while handling,
    if any. Some libraries turn every exception into their own: openpyxl converts a cell's
    value under a bare ``except:`` and raises ``TypeError: expected <class 'bool'>``, so a
    Ctrl-C landing there while the annex was written ended as 'internal error' (CI)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        if isinstance(e, KeyboardInterrupt | Terminated | CtrlC):
            return e
        seen.add(id(e))
        todo += [e.__context__, e.__cause__]
    return None


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


def _pass(signum: int, frame: object) -> None:
    """A handler that does nothing (the wakeup byte is still written: the watchdog hears)."""


_SWALLOWED = threading.Event()  # a signal's exception Python could not raise (``_unraisable``)


def _unraisable(args) -> None:
    """A signal's exception raised where Python cannot pass it on (the weakref callback of
    an import's module lock): Python printed it as 'Exception ignored in ...' with its
    traceback, and the command ran on to its end, exit 0 (CI: a Ctrl-C while plan wrote its
    folder). It is noted instead, and the command ends as interrupted once it returns
    (``swallowed``, ``cli.app``); any other unraisable error as Python says it."""
    if isinstance(args.exc_value, KeyboardInterrupt | Terminated | CtrlC):
        _SWALLOWED.set()
        return
    sys.__unraisablehook__(args)


def swallowed() -> BaseException | None:
    """The interrupt a command ran past (``_unraisable``), as its exception, or None."""
    if not _SWALLOWED.is_set():
        return None
    return Terminated() if first_word("interrupted") == "terminated" else KeyboardInterrupt()


def install() -> None:
    """Set the policy up for this process (the command-line entry point calls it once)."""
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.unraisablehook = _unraisable
    global _WATCHING, _READER
    _WATCHING = True
    reader, writer = socket.socketpair()
    _READER = reader
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    threading.Thread(target=_watchdog, args=(reader, writer), daemon=True,
                     name="staffsim-interrupt-watchdog").start()


def _watchdog(reader: socket.socket, writer: socket.socket) -> None:
    # ``writer`` is kept referenced here: the wakeup fd must stay open
    signum = 0
    while signum not in EXIT_CODES:  # the wakeup fd hears every signal with a handler
        # peeked, recorded, then taken: until FIRST is set the byte stays in the socket,
        # where ``first_word`` reads it without waiting for this thread
        signum = reader.recv(1, socket.MSG_PEEK)[0]
        if signum in EXIT_CODES:
            # the order the signals came in (Python runs pending handlers by signal
            # number, so SIGINT's before SIGTERM's when both are pending)
            FIRST[:] = ["terminated" if signum == signal.SIGTERM else "interrupted"]
            _ORDER.set()
        reader.recv(1)
    reader.settimeout(GRACE_S)
    with suppress(TimeoutError):
        reader.recv(1)  # a second signal: no more waiting
    emergency_exit(EXIT_CODES.get(signum, 128 + signum))


def hold() -> None:
    """From here on a signal raises nothing in the main thread: the command has finished,
    or is ending after an interrupt, and only cleans up. A second signal used to raise in
    that cleanup (a traceback through the claims' release, cut short by the watchdog's
    exit: review 98), a first one after a whole folder printed one too. The watchdog still
    hears them: it ends the process ``GRACE_S`` later if it has not ended by then."""
    if _WATCHING and threading.current_thread() is threading.main_thread():
        for signum in EXIT_CODES:
            signal.signal(signum, _pass)


_EXITING = threading.Lock()  # held by the thread ending the process


def emergency_exit(code: int) -> None:
    """Stop everything now, from any thread, and end the process with ``code``.

    One thread at a time: the main thread ending an interrupted command and the watchdog
    hearing a second signal both came here, and the one that finished first ended the
    process under the other's cleanup (a semaphore unlinked but not yet struck off the
    resource tracker's list, which then warned "resource_tracker: '/mp-…': No such file or
    directory" after the command's line). A second caller leaves the first ``GRACE_S`` to
    finish, then ends the process itself (the first may be stuck)."""
    from staffsim.model.workers import (
        end_resource_tracker,
        release_semaphores,
        stop_all_pools,
    )
    from staffsim.results.folder import emergency_cleanup

    if not _EXITING.acquire(blocking=False):
        deadline = time.monotonic() + GRACE_S
        while (left := deadline - time.monotonic()) > 0:
            with suppress(BaseException):  # (a further signal, in the main thread)
                time.sleep(left)
        os._exit(code)
    if threading.current_thread() is threading.main_thread():
        # a further signal must not raise in the cleanup below (its ``finally`` ended the
        # process half-way); the watchdog still hears it and waits for this thread
        for signum in EXIT_CODES:
            signal.signal(signum, _pass)
    try:
        stop_all_pools()
        release_semaphores()  # os._exit runs no finalizer: the tracker would warn after us
        emergency_cleanup()
        say("terminated" if code == EXIT_CODES[signal.SIGTERM] else "interrupted")
        _SAID_WRITTEN.wait(1.0)  # the main thread may be saying it now: let it finish
    finally:
        with suppress(Exception):
            end_resource_tracker()  # (its last words would come after ours)
        os._exit(code)


def end_interrupted(code: int) -> None:
    """End an interrupted command (exit ``code`` 130 or 143, the command line's own process)
    as soon as it has unwound and cleaned up, without the interpreter's exit: that waits for
    every thread still working, and ``plan`` solves its marginal values in background
    threads (HiGHS, seconds of work nobody will read) while it writes its folder, so a
    Ctrl-C there ended only when the watchdog did, 2.5 s later (2.7 s on a loaded machine).
    The manifest's thread is waited for a moment (its git child gets the Ctrl-C too); the
    standard streams are flushed; ``emergency_exit`` removes what is left and ends."""
    if not _WATCHING or code not in EXIT_CODES.values():
        return
    from staffsim.results.folder import wait_for_manifest

    wait_for_manifest(1.0)
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()
    emergency_exit(code)


_SAID = threading.Lock()  # held once the line is said: a second signal says nothing more
_SAID_WRITTEN = threading.Event()  # the line is written (the watchdog waits for it)


def reset() -> None:
    """A new command in this process (tests run many): its line is still to be said."""
    _SWALLOWED.clear()
    KEPT.clear()
    FIRST.clear()
    _ORDER.clear()
    _SAID_WRITTEN.clear()
    if _SAID.locked():
        _SAID.release()


def first_word(default: str) -> str:
    """The word (``interrupted`` or ``terminated``) of the first signal this command received;
    ``default`` when none reached the watchdog (a click ``Abort``; the dashboard, whose server
    loop takes the signals' wakeup bytes).

    Without waiting: the C-level handler writes each signal's byte to the watchdog's socket
    before the main thread's exception is raised, and the watchdog takes a byte only once it
    has recorded it in ``FIRST``. So either ``FIRST`` holds the first signal, or its byte is
    still in the socket, read here in the order the signals came. (A wait for the watchdog, 0.2
    s, was once too short on a loaded machine: SIGTERM then Ctrl-C said "interrupted" and
    exited 143; a longer one held the dashboard's Ctrl-C 2 s.) The command line decides the
    line and the exit code from this one answer."""
    if _WATCHING and not _ORDER.is_set() and _READER is not None:
        try:
            pending = _READER.recv(64, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except OSError:  # (BlockingIOError: nothing there)
            pending = b""
        if not _ORDER.is_set():  # (set meanwhile: its byte may be taken; FIRST holds it)
            first = next((n for n in pending if n in EXIT_CODES), None)
            if first is None:
                return default
            return "terminated" if first == signal.SIGTERM else "interrupted"
    return FIRST[0] if FIRST else default


def say(what: str) -> None:
    """``staffsim: interrupted; <what was kept>`` (or ``terminated``: ``what``, the word its
    caller decided: ``first_word`` in the command line, the first signal's exit code in the
    watchdog), once per process, whichever of the main thread and the watchdog comes first,
    in the command's language. (It asked ``first_word`` again: a second wait of 2 s, and a
    third in ``emergency_exit`` after the command's own, when the watchdog never hears the
    signal, as in the dashboard, whose server loop takes the wakeup byte.)"""
    # a second signal must not cut the line short once it is being said (it took the lock,
    # then its KeyboardInterrupt left nothing said): the signals wait while it is written
    mask = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, mask) if hasattr(
        signal, "pthread_sigmask") else None
    try:
        if _SAID.acquire(blocking=False):
            head = Said(N_("interrupted")) if what == "interrupted" else Said(N_("terminated"))
            try:
                sys.stderr.write(f"staffsim: {in_language(head)}; {what_was_kept()}\n")
                sys.stderr.flush()
            finally:
                _SAID_WRITTEN.set()
    finally:
        if old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def in_language(text: str) -> str:
    """A message (``i18n.Said``) in the language the command line asks for; as it is in
    English if the words cannot be had (never a second error while ending)."""
    try:
        from staffsim.results.finding_words import say as words_say
        from staffsim.results.words import words

        return words_say(words(LANGUAGE), text)
    except Exception:  # noqa: BLE001
        return str(text)


def what_was_kept() -> str:
    """One line saying truthfully what an interrupted command leaves behind (``KEPT``'s
    describers return ``i18n.Said`` messages, said in the language)."""
    from staffsim.results.folder import REPLACING, WRITTEN

    said = [in_language(line) for line in (describe() for describe in KEPT) if line]
    if said:
        return "; ".join(said)
    kept = [p for p in WRITTEN if p.exists()]  # (the dashboard's exports are zipped and gone)
    if kept:
        return in_language(Said(N_("wrote {paths} before the interrupt"),
                                paths=", ".join(str(p) for p in kept)))
    # --force on a folder: it is replaced only once the new one is whole, so it is as it was
    # (the user may fear the old results gone)
    old = [p for p in REPLACING if p not in WRITTEN and p.is_dir()]
    if old:
        return in_language(Said(N_("nothing was written; {paths} is as it was"),
                                paths=", ".join(str(p) for p in old)))
    return in_language(Said(N_("nothing was written")))


def folder_before_annex(folder, annex) -> Callable[[tuple[int, int, int, int]], None]:
    """Say, if the command is interrupted once ``folder`` is written, whether ``annex`` was
    written too (``plan --xlsx``: the annex is written last). The function returned is
    ``save_annex_xlsx``'s ``ready``: it records the identity of the complete annex before
    the rename puts it in place, and the line asks the disk whether ``annex`` is that file
    now. So the line is true in every window: before the annex is complete, between its
    completion and the rename (not written), and after the rename, before the command could
    say so (written)."""
    written: list[tuple[int, int, int, int]] = []

    def describe() -> str | None:
        from staffsim.results.annex import file_identity
        from staffsim.results.folder import WRITTEN

        if folder not in WRITTEN or not folder.exists():
            return None  # the folder neither: the usual line
        try:
            there = file_identity(os.stat(annex))
        except OSError:
            there = None
        if written and there == written[0]:
            return Said(N_("wrote {paths} before the interrupt"), paths=f"{folder}, {annex}")
        return Said(N_("wrote {path} before the interrupt; the decision annex {annex} was not "
                       "written"), path=folder, annex=annex)

    KEPT.append(describe)
    return lambda identity: written.append(identity)
