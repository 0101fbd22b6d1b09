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
