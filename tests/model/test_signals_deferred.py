"""Renames that must be done whole are not cut by Ctrl-C: the signal waits for the block."""

from __future__ import annotations

import os
import signal

import pytest

from staffsim.model.signals import interrupts_deferred


@pytest.fixture
def command_line_handlers():
    """SIGINT and SIGTERM with Python handlers, as the command line installs them."""
    old = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    class Terminated(BaseException):
        pass

    def term(signum, frame):
        raise Terminated

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, term)
    yield Terminated
    for s, h in old.items():
        signal.signal(s, h)


def test_a_signal_in_the_block_is_raised_after_it(command_line_handlers):
    done = []
    with pytest.raises(KeyboardInterrupt), interrupts_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        done.append("first rename")  # (the handler has run by now: it raised nothing)
        done.append("second rename")
    assert done == ["first rename", "second rename"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_the_first_of_two_signals_is_the_one_raised(command_line_handlers):
    with pytest.raises(command_line_handlers), interrupts_deferred():
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)


def test_no_signal_no_exception(command_line_handlers):
    with interrupts_deferred():
        pass
