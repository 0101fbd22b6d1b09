"""A worker process killed (out of memory, kill -9) or a Dask scheduler lost: one line
saying so, in the language, exit 2, not 'internal error: BrokenProcessPool' (a researcher's
trial)."""

from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.mark.parametrize(("error", "en", "vi"), [
    (BrokenProcessPool("A process in the process pool was terminated abruptly"),
     "a worker process ended abruptly (killed, or out of memory)",
     "một tiến trình con dừng đột ngột"),
    (CancelledError(), "the Dask scheduler or one of its workers was lost",
     "mất kết nối với bộ điều phối Dask")])
def test_a_lost_worker_is_said_as_such(tmp_path, capsys, monkeypatch, error, en, vi):
    import staffsim.model.replications as replications

    def lost(*args, **kwargs):
        raise error

    monkeypatch.setattr(replications, "run_scenario", lost)
    for lang, said in (("en", en), ("vi", vi)):
        code, _out, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                                  "--set", "output.figures=false", "--out", str(tmp_path / lang),
                                  "--lang", lang)
        last = err.strip().splitlines()[-1]
        assert code == 2 and said in last and "internal error" not in err, err
