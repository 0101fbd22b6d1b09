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


@pytest.mark.parametrize(("lang", "kind", "workers", "scheduler", "said"), [
    ("en", "dask", 1, None, "a local Dask cluster of 1 worker"),
    ("en", "dask", 2, None, "a local Dask cluster of 2 workers"),
    ("en", "dask", 2, "tcp://10.0.0.5:8786", "the Dask cluster at tcp://10.0.0.5:8786"),
    ("vi", "dask", 1, None, "một cụm Dask cục bộ gồm 1 tiến trình")])
def test_a_dask_cluster_is_said_with_its_workers(lang, kind, workers, scheduler, said):
    from staffsim.cli.sweep import executor_words
    from staffsim.results.words import Words

    assert executor_words(Words(lang), kind, workers, scheduler) == said
