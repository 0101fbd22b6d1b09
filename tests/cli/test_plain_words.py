"""Smaller wording an HR officer of Thanh Hóa met in Vietnamese: a folder that does not exist
called 'không phải thư mục'; whatif with no change blamed --set; an unknown official said
twice ('công chức có trong danh sách: 99999-999 không có trong danh sách công chức'); a
read-only disk named staffsim's hidden lock file ('…/.kq.lock'), not the folder given."""

from __future__ import annotations

import errno
import os

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def test_a_folder_that_does_not_exist_is_said_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    missing = tmp_path / "khong ton tai"
    code, _, err = run_cli(capsys, "verify", str(missing))
    assert code == 2 and err.strip() == (f"staffsim: lỗi: {missing}: không tồn tại; hãy cho "
                                         "một thư mục kết quả do staffsim ghi ra"), err
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")  # there, but a file
    code, _, err = run_cli(capsys, "verify", str(tmp_path / "a.txt"))
    assert code == 2 and err.strip().endswith("a.txt: không phải thư mục"), err


def test_analyze_says_a_missing_sweep_folder_does_not_exist(tmp_path, capsys, monkeypatch):
    """`staffsim analyze NO_SUCH_FOLDER` said 'không phải thư mục' / 'not a folder' of a
    folder that is not there (verify, sweep --resume and a missing scenario file say it does
    not exist); a file given where the sweep folder goes is still 'not a folder'."""
    missing = tmp_path / "khong co lan quet"
    for lang, line in (("vi", f"staffsim: lỗi: {missing}: không tồn tại; hãy cho một thư mục "
                              "quét (sweep) do staffsim ghi ra"),
                       ("en", f"staffsim: error: {missing}: does not exist; give a sweep "
                              "folder staffsim wrote")):
        code, out, err = run_cli(capsys, "analyze", str(missing), "--lang", lang)
        assert code == 2 and not out and err.strip() == line, err
        assert not missing.exists()  # (nothing made: no analysis/ inside it)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    for lang, said in (("vi", "a.txt: không phải thư mục"), ("en", "a.txt: not a folder")):
        code, _, err = run_cli(capsys, "analyze", str(tmp_path / "a.txt"), "--lang", lang)
        assert code == 2 and err.strip().endswith(said), err


def test_whatif_without_a_change_says_how_to_give_one(capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    code, _, err = run_cli(capsys, "whatif", DEMO)
    assert code == 2 and "--set:" not in err, err
    assert "chưa có thay đổi nào" in err and "--move <mã công chức>=<xã, phường>" in err


def test_an_unknown_official_is_said_once_with_what_was_typed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    plan = tmp_path / "p.csv"
    plan.write_text("official_id,to_commune\n99999-999,14797\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(plan))
    # bad input (a row evaluate cannot read), not a broken rule: exit 2, that row only
    assert code == 2 and out == "", out + err
    [line] = [ln for ln in err.splitlines() if "99999-999" in ln]
    assert line == (f"staffsim: lỗi: {plan}: dòng 2, cột Mã cán bộ: '99999-999' không phải là "
                    "công chức trong danh sách cán bộ của kịch bản này"), line


def test_a_read_only_disk_names_the_folder_given(tmp_path, capsys, monkeypatch):
    import filelock

    class ReadOnly:  # as filelock meets a read-only file system: an OSError, EROFS
        def __init__(self, path: str, **_kw) -> None:
            self.path = path

        def acquire(self) -> None:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), self.path)

    monkeypatch.setattr(filelock, "FileLock", ReadOnly)  # (results.folder imports it late)
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    out = tmp_path / "kq"
    code, _, err = run_cli(capsys, "plan", DEMO, "--out", str(out), "--no-marginals")
    assert code == 2, err
    assert err.strip().startswith(f"staffsim: lỗi: {out}: "), err
    assert ".lock" not in err and ".kq" not in err, err
    assert not out.exists()
