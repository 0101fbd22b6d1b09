"""sweep's first line says where its runs are made in words, with '×' as run's lines have it
(a trial: '40 điểm x 10 lần lặp … trên local x 2', the executor's option value)."""

import pytest

from ..experiments.test_sweep import demo_sweep
from ..helpers import run_cli


@pytest.mark.parametrize(("lang", "workers", "where"), [
    ("en", "1", "on this process"), ("en", "2", "on 2 local processes"),
    ("vi", "2", "trên 2 tiến trình trên máy này")])
def test_the_sweep_says_where_it_runs(tmp_path, capsys, lang, workers, where):
    path = demo_sweep(tmp_path)
    code, _out, err = run_cli(capsys, "sweep", str(path), "--lang", lang, "--workers",
                              workers, "--out", str(tmp_path / "s"))
    assert code == 0, err
    line = next(ln for ln in err.splitlines() if "×" in ln)
    assert line.endswith(where), line
    assert " x " not in line and "local x" not in line, line
