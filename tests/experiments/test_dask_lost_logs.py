"""A sweep on an existing Dask cluster keeps distributed's and tornado's logs off the console
(CRITICAL only; STAFFSIM_DEBUG keeps them): a review saw 30-80 lines of their tracebacks
before staffsim's one line when the scheduler was lost."""

import logging
from contextlib import contextmanager

import pytest

from staffsim.experiments import executors


class _Client:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def get_executor(self):
        return "executor"


@contextmanager
def _levels():
    names = ("distributed", "tornado")
    before = {n: logging.getLogger(n).level for n in names}
    try:
        yield names
    finally:
        for n, level in before.items():
            logging.getLogger(n).setLevel(level)


@pytest.mark.parametrize(("debug", "quiet"), [(False, True), (True, False)])
def test_an_external_schedulers_logs_are_quiet(monkeypatch, debug, quiet):
    pytest.importorskip("distributed")
    monkeypatch.setattr(executors, "_connect", lambda *a: _Client())
    if debug:
        monkeypatch.setenv("STAFFSIM_DEBUG", "1")
    else:
        monkeypatch.delenv("STAFFSIM_DEBUG", raising=False)
    with _levels() as names:
        for n in names:
            logging.getLogger(n).setLevel(logging.NOTSET)
        with executors.dask_executor("tcp://127.0.0.1:1", 2, 1.0) as ex:
            assert ex == "executor"
            assert (logging.getLogger("tornado").level == logging.CRITICAL) is quiet
            assert (logging.getLogger("distributed").level == logging.CRITICAL) is quiet
