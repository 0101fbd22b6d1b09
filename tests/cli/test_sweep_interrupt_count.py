"""A sweep interrupted just after a run's file is whole says it among the runs kept: the
count came from the runs the command had noted, one short when Ctrl-C fell between the
file's rename and the note (CI: "1 of 40 runs are finished" beside 2 run files)."""

from __future__ import annotations

import re

import pytest

from staffsim.results import sweep_folder

from ..conftest import write_scenario
from ..helpers import run_cli

SWEEP = ('[simulation]\nseed = 4\n[sweep]\ndesign = "latin"\nsamples = 3\nreplications = 1\n'
         'months = 2\n[sweep.levers."optimizer.constraints.budget.vnd"]\nrange = [0, 4e10]\n')


def test_ctrl_c_right_after_a_runs_file_counts_it(tmp_path, capsys, monkeypatch):
    scenario = write_scenario(tmp_path, SWEEP)
    real = sweep_folder.write_run
    saved = []

    def write_then_interrupted(folder, record):
        real(folder, record)
        saved.append(record["run"])
        if len(saved) == 2:  # the second run's file is whole: Ctrl-C before it is noted
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_folder, "write_run", write_then_interrupted)
    out = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "en")
    assert code == 130, err
    files = sorted((out / "runs").glob("run-*.json"))
    assert len(files) == 2
    m = re.search(r"(\d+) of (\d+) runs are finished and kept", err)
    assert m, err
    assert int(m[1]) == len(files)


def test_ctrl_c_before_any_run_finishes_leaves_no_folder(tmp_path, capsys, monkeypatch):
    """No run finished: the folder this command made goes, with the folder made to hold it,
    and the line says nothing was written (a researcher's trial: a Ctrl-C 2 s into a sweep
    left design.csv, sweep.json and an empty runs/, which the same command then refused
    without --resume)."""
    scenario = write_scenario(tmp_path, SWEEP)

    def interrupted(folder, record):
        raise KeyboardInterrupt  # before the first run's file is written

    monkeypatch.setattr(sweep_folder, "write_run", interrupted)
    out = tmp_path / "made" / "s"
    before = sorted(tmp_path.rglob("*"))
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "en")
    assert code == 130, err
    assert "nothing was written" in err and "kept" not in err, err
    assert not out.exists() and not out.parent.exists()
    assert sorted(tmp_path.rglob("*")) == before  # (no lock file nor hidden folder either)
    # the same command runs (it was refused: 'already exists; pass --resume')
    monkeypatch.undo()
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "en")
    assert code == 0, err


def test_ctrl_c_before_any_run_with_force_leaves_no_folder(tmp_path, capsys, monkeypatch):
    """With --force as without it: no run finished, so the folder this command made goes
    (it left one of no runs, which the same command then refused without --resume or
    --force), and the line says that the folder --force replaced is gone (it went once the
    new one was in place), not that nothing changed. A file beside the folder stays."""
    scenario = write_scenario(tmp_path, SWEEP)
    out = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "en")
    assert code == 0, err  # the older sweep, which --force replaces
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    before = sorted(p for p in tmp_path.rglob("*") if out not in p.parents and p != out)

    def interrupted(folder, record):
        raise KeyboardInterrupt  # before the first run's file is written

    monkeypatch.setattr(sweep_folder, "write_run", interrupted)
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--force", "--lang", "en")
    assert code == 130, err
    assert f"nothing was written; the folder {out} that --force replaced is gone" in err, err
    assert "kept" not in err, err
    assert not out.exists()
    assert sorted(tmp_path.rglob("*")) == before  # (no lock, hidden or old folder either)
    monkeypatch.undo()
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--lang", "vi")
    assert code == 0, err


def test_ctrl_c_before_any_run_with_force_on_a_new_folder(tmp_path, capsys, monkeypatch):
    """--force with no folder to replace: nothing was written, and nothing said replaced."""
    scenario = write_scenario(tmp_path, SWEEP)

    def interrupted(folder, record):
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_folder, "write_run", interrupted)
    out = tmp_path / "s"
    code, _, err = run_cli(capsys, "sweep", str(scenario), "--workers", "1", "--out",
                           str(out), "--force", "--lang", "vi")
    assert code == 130, err
    assert "chưa ghi gì" in err and "--force" not in err, err
    assert not out.exists()


def _resume_command(err: str) -> list[str]:
    import shlex

    m = re.search(r"finish them with: (.*)$", err.strip().splitlines()[-1])
    assert m, err
    return shlex.split(m[1])


@pytest.mark.parametrize("given", [[], ["--workers", "1"]])
def test_the_resume_command_repeats_workers_only_if_given(tmp_path, capsys, monkeypatch,
                                                          given):
    """The resume command repeated '--workers N' the user never gave (the cores found); it
    repeats what was given."""
    import staffsim.cli.sweep as sweep_cli

    monkeypatch.setattr(sweep_cli, "usable_cores", lambda: 1)  # (no pool of processes)
    scenario = write_scenario(tmp_path, SWEEP)
    real, saved = sweep_folder.write_run, []

    def write_then_interrupted(folder, record):
        real(folder, record)
        saved.append(record["run"])
        if len(saved) == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_folder, "write_run", write_then_interrupted)
    code, _, err = run_cli(capsys, "sweep", str(scenario), *given, "--out",
                           str(tmp_path / "s"), "--lang", "en")
    assert code == 130, err
    argv = _resume_command(err)
    assert "--resume" in argv
    assert ("--workers" in argv) == bool(given), argv
    if given:
        assert argv[argv.index("--workers") + 1] == "1"


def test_the_resume_command_on_a_cluster_has_no_workers():
    """An external scheduler's workers are the cluster's: --workers means nothing there (a
    researcher's trial: '… --executor dask --scheduler tcp://127.0.0.1:18786 --workers 2')."""
    from staffsim.cli.sweep import _repeat_options

    address = "tcp://127.0.0.1:18786"
    assert _repeat_options(None, "dask", 2, address) == ["--executor", "dask", "--scheduler",
                                                         address]
    assert _repeat_options(7, "dask", None, None) == ["--seed", "7", "--executor", "dask"]
    assert _repeat_options(None, "local", 3, None) == ["--workers", "3"]
