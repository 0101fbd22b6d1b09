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
         "inputs/extra.csv", "my.json", "link.txt",
         # hidden, but no name staffsim writes (any '.tmp' or '.lock' was taken for its own)
         ".notes.tmp", ".x.lock", "runs/.y.tmp"]


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


@pytest.mark.parametrize(("lang", "kind", "words"), [
    ("en", "added", "holds 1 file(s) staffsim did not write there, put there while the sweep "
     "ran (e.g. my-notes.txt); staffsim does not seal them into the sweep's results: move "
     "them out of the folder, then finish the sweep with --resume"),
    ("vi", "added", "chứa 1 tệp không do staffsim ghi, được đặt vào trong lúc quét đang chạy "
     "(ví dụ my-notes.txt); staffsim không niêm phong các tệp đó vào kết quả quét: hãy chuyển "
     "các tệp đó ra khỏi thư mục, rồi chạy tiếp lần quét bằng --resume"),
    ("en", "edited", "runs/run-000000.json changed while the sweep ran (not as staffsim wrote "
     "them); staffsim does not seal them into the sweep's results: undo the edits or move the "
     "edited files out of the folder, then finish the sweep with --resume"),
])
def test_a_file_put_in_a_new_sweeps_folder_while_it_runs_is_not_blamed_on_resume(
        tmp_path, capsys, monkeypatch, lang, kind, words):
    """A file added to (or a run file edited in) the folder of a sweep started without
    --resume, while it ran: the refusal at its finish said '--resume: ... --resume adds only
    to what staffsim wrote', though the user never gave --resume. It now says the file came
    while the sweep ran (no '--resume:' as the field), the runs stay, the file is as the user
    left it, and the sweep finishes with --resume once it is out."""
    path = demo_sweep(tmp_path)
    out = tmp_path / "Y"
    real = sf.write_run

    def write_run(folder, rec):
        real(folder, rec)
        if rec["run"] == 2:  # the user, while the sweep runs
            if kind == "added":
                (folder / "my-notes.txt").write_text("notes\n", encoding="utf-8")
            else:
                (folder / "runs" / sf.run_file(0)).write_text('{"run": 0}\n',
                                                               encoding="utf-8")

    monkeypatch.setattr(sf, "write_run", write_run)
    code, _, err = run_cli(capsys, "sweep", "--lang", lang, str(path), "--out", str(out),
                           "--workers", "1")
    monkeypatch.setattr(sf, "write_run", real)
    assert code == 2 and "Traceback" not in err
    lines = err.splitlines()
    error = [i for i, ln in enumerate(lines) if ": error: " in ln or ": lỗi: " in ln]
    assert len(error) == 1 and lines[error[0]].endswith(f"{out}: {words}"), err  # no field
    assert "--resume:" not in err
    kept = lines[error[0] + 1]  # then the command that finishes it, as on Ctrl-C
    assert str(out) in kept and "--resume" in kept and kept == lines[-1]
    assert not sf.is_complete(out) and len(sf.done_runs(out, 6)) == 6  # every run kept
    moved = tmp_path / "moved"
    if kind == "added":
        assert (out / "my-notes.txt").read_text(encoding="utf-8") == "notes\n"
        (out / "my-notes.txt").rename(moved)
    else:
        assert (out / "runs" / sf.run_file(0)).read_text(encoding="utf-8") == '{"run": 0}\n'
        (out / "runs" / sf.run_file(0)).rename(moved)
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--workers", "1")
    assert code == 0, err
    assert sf.is_complete(out) and run_cli(capsys, "verify", str(out))[0] == 0
