"""A result folder on a read-only file system: one line naming it and what to do (a
researcher's trial got 'Read-only file system' alone, in English, for --out on a read-only
mount)."""

import errno

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_a_read_only_file_system_says_what_to_do(tmp_path, capsys, monkeypatch):
    import staffsim.results.folder as folder

    out = tmp_path / "ro" / "c"

    def read_only(final):
        raise OSError(errno.EROFS, "Read-only file system", str(final))

    monkeypatch.setattr(folder, "partial_folder", read_only)
    for lang, said in (("en", "read-only file system; choose a folder you can write to"),
                       ("vi", "hệ thống tệp chỉ đọc; hãy chọn thư mục có quyền ghi")):
        code, _out, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                                  "--set", "output.figures=false", "--out", str(out), "--lang",
                                  lang)
        last = err.strip().splitlines()[-1]  # (after run's line on what it simulates)
        assert code == 2 and "Traceback" not in err and last.endswith(f"{out}: {said}"), err


def test_an_annex_path_through_a_file_says_it_is_a_file(tmp_path, capsys):
    """plan --xlsx notes.txt/x.xlsx: notes.txt is a file, said so ('no such folder' read as
    if the folder were missing: an HR trial); the file and the folder are as they were."""
    from ..helpers import assert_one_line_error

    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    code, _out, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--xlsx",
                              str(notes / "x.xlsx"), "--out", str(tmp_path / "o"), "--lang",
                              "en")
    assert_one_line_error(code, err, f"--xlsx: {notes}: is a file, not a folder; give the "
                          "annex a path in a folder")
    assert notes.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
