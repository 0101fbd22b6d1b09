"""--resume never deletes, adopts or seals a file staffsim did not write (a researcher's trial:
an interrupted sweep, then runs/notes.txt, NOTES.md, mine/a.csv, inputs/extra.csv, my.json and
a link to a file outside added, then 'staffsim sweep SCEN --out X --resume': runs/notes.txt
was deleted, the rest written into checksums.sha256 as staffsim's, the link sealed)."""

from __future__ import annotations

import hashlib
import os

import pytest

from staffsim.results import sweep_folder as sf

from ..helpers import assert_one_line_error, run_cli
from .test_sweep import demo_sweep, sweep_stopped_at_chunk

WRITTEN_LIST = ".written.sha256"  # (results.folder.WRITTEN_LIST)


def _interrupted(tmp_path, capsys, monkeypatch):
    """A sweep stopped by Ctrl-C after its first runs (as 'timeout -s INT' does)."""
    path = demo_sweep(tmp_path)
    out = tmp_path / "X"
    code, _ = sweep_stopped_at_chunk(capsys, monkeypatch, path, out, 3)
    assert code == 130 and not sf.is_complete(out)
    assert len(sf.done_runs(out, 6)) == 2
    return path, out


def _tree(folder):
    """Every path under ``folder`` with its content (a link as its target)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[p.relative_to(folder).as_posix()] = "-> " + os.readlink(p)
        elif p.is_file():
            out[p.relative_to(folder).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


ADDED = ["runs/notes.txt", "runs/run-000001.json.mine", "NOTES.md", "mine/a.csv",
         "inputs/extra.csv", "my.json", "link.txt"]


@pytest.mark.parametrize("added", ADDED)
def test_resume_refuses_a_file_staffsim_did_not_write_and_changes_nothing(
        tmp_path, capsys, monkeypatch, added):
    path, out = _interrupted(tmp_path, capsys, monkeypatch)
    target = out / added
    target.parent.mkdir(parents=True, exist_ok=True)
    if added == "link.txt":
        (tmp_path / "outside.txt").write_text("mine\n", encoding="utf-8")
        target.symlink_to(tmp_path / "outside.txt")
    else:
        target.write_text("mine\n", encoding="utf-8")
    before = _tree(out)
    code, _, err = run_cli(capsys, "sweep", "--lang", "en", str(path), "--out", str(out),
                           "--resume", "--workers", "1")
    assert_one_line_error(code, err, "--resume", "did not write", added)
    assert _tree(out) == before  # nothing deleted, nothing added, nothing sealed


def test_resume_refuses_a_run_file_edited_since_staffsim_wrote_it(tmp_path, capsys,
                                                                  monkeypatch):
    path, out = _interrupted(tmp_path, capsys, monkeypatch)
    run = out / "runs" / sf.run_file(0)
    run.write_text('{"run": 0}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "sweep", "--lang", "en", str(path), "--out", str(out),
                           "--resume", "--workers", "1")
    assert_one_line_error(code, err, "--resume", "runs/run-000000.json", "changed")
    assert run.read_text(encoding="utf-8") == '{"run": 0}\n'


def test_a_clean_resume_finishes_and_force_then_keeps_a_file_added_later(tmp_path, capsys,
                                                                         monkeypatch):
    path, out = _interrupted(tmp_path, capsys, monkeypatch)
    assert (out / WRITTEN_LIST).is_file()
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--workers", "1")
    assert code == 0, err
    assert not (out / WRITTEN_LIST).exists()  # the checksums list every file now
    assert run_cli(capsys, "verify", str(out))[0] == 0
    (out / "my.json").write_text("{}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "sweep", "--lang", "en", str(path), "--out", str(out),
                           "--force", "--workers", "1")
    assert_one_line_error(code, err, "did not write", "my.json")
    assert (out / "my.json").read_text(encoding="utf-8") == "{}\n"


def test_a_sweep_stopped_while_finishing_resumes(tmp_path, capsys, monkeypatch):
    """Ctrl-C after results.parquet and points.csv were written but before the folder was
    sealed (the review of 030432e): both were unlisted, taken for the user's, and --resume
    and --force refused the folder for good. Listed before they appear, the sweep resumes."""
    path = demo_sweep(tmp_path)
    out = tmp_path / "F"
    real = sf.write_checksums

    def stops(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sf, "write_checksums", stops)
    code, _, _ = run_cli(capsys, "sweep", str(path), "--out", str(out), "--workers", "1")
    monkeypatch.setattr(sf, "write_checksums", real)
    assert code == 130 and (out / sf.TABLE).is_file() and (out / "points.csv").is_file()
    assert not sf.is_complete(out)
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--workers", "1")
    assert code == 0, err
    assert sf.is_complete(out) and not (out / WRITTEN_LIST).exists()


@pytest.mark.parametrize("replaced", ["runs/run-000000.json", "scenario.toml"])
def test_a_file_replaced_by_a_link_out_is_no_longer_staffsims(tmp_path, capsys, monkeypatch,
                                                              replaced):
    """A run file (sweep in progress) or a sealed file replaced by the user's link to a file
    outside the folder (the review): --resume sealed the link as staffsim's, --force then
    deleted it. Both now refuse, naming the file, and the link stays."""
    path, out = _interrupted(tmp_path, capsys, monkeypatch)
    mine = tmp_path / "mine.txt"
    mine.write_text("mine\n", encoding="utf-8")
    if replaced == "scenario.toml":  # a finished, sealed sweep
        assert run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                       "--workers", "1")[0] == 0
        args = ["--force"]
    else:
        args = ["--resume"]
    (out / replaced).unlink()
    (out / replaced).symlink_to(mine)
    code, _, err = run_cli(capsys, "sweep", "--lang", "en", str(path), "--out", str(out),
                           *args, "--workers", "1")
    assert_one_line_error(code, err, args[0], replaced)
    assert (out / replaced).is_symlink() and mine.read_text(encoding="utf-8") == "mine\n"
