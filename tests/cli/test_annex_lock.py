"""Two staffsim commands writing the same annex (plan --xlsx) are locked against each other:
the second is refused with one line naming the first, before it writes anything (both
wrote, one after the other, each its own --out folder; a hostile trial)."""

import json

from filelock import FileLock

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _hold(annex):
    lock = FileLock(str(annex.parent / f".{annex.name}.lock"), timeout=0)
    lock.acquire()
    (annex.parent / f".{annex.name}.lock").write_text(json.dumps(
        {"pid": 4242, "command": "staffsim plan other.toml --xlsx annex.xlsx",
         "started_utc": "2025-07-01T08:00:00+00:00"}), encoding="utf-8")
    return lock


def test_an_annex_another_command_writes_is_refused_before_anything_is_written(tmp_path,
                                                                                 capsys):
    annex = tmp_path / "annex.xlsx"
    lock = _hold(annex)
    try:
        for lang, words in (
                ("en", "is being written by another staffsim command (pid 4242, since "
                       "08:00:00 UTC on 1 Jul 2025: staffsim plan other.toml --xlsx "
                       "annex.xlsx); wait for it to finish or give another name for the "
                       "annex"),
                ("vi", "đang được một lệnh staffsim khác ghi (pid 4242, từ "
                       "08:00:00 UTC ngày 01/07/2025: staffsim plan other.toml --xlsx "
                       "annex.xlsx); hãy chờ lệnh đó xong hoặc đặt tên khác cho phụ lục")):
            code, out, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--out",
                                     str(tmp_path / "out"), "--xlsx", str(annex),
                                     "--lang", lang)
            assert_one_line_error(code, err, f"--xlsx: {annex} {words}")
            assert not (tmp_path / "out").exists() and not annex.exists()
            assert sorted(p.name for p in tmp_path.iterdir()) == [".annex.xlsx.lock"]
    finally:
        lock.release()


def test_the_lock_beside_the_annex_goes_when_the_command_ends(tmp_path, capsys):
    annex = tmp_path / "annex.xlsx"
    code, _out, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--out",
                              str(tmp_path / "p1"), "--xlsx", str(annex))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.xlsx", "p1"]
    # refused (it exists): the lock goes too, and a later --force takes it
    code, _out, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--out",
                              str(tmp_path / "p2"), "--xlsx", str(annex), "--lang", "en")
    assert_one_line_error(code, err, "already exists; give --force")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.xlsx", "p1"]
    code, _out, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--out",
                              str(tmp_path / "p3"), "--xlsx", str(annex), "--force")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annex.xlsx", "p1", "p3"]
