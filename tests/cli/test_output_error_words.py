"""A result that cannot be written (a hostile trial on a full disk, 2 December 2026): the line
was English in a Vietnamese session, and compare named the user's communes table, the source
of the copy it was making into inputs/, as if staffsim wrote the user's file."""

from __future__ import annotations

import errno
import shutil

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_a_full_disk_is_said_in_vietnamese_naming_the_result_file(tmp_path, monkeypatch,
                                                                   capsys):
    """A copy into the result's inputs/ fails as os.sendfile reports it: the source as
    filename, the temporary folder's file as filename2. The line names the file as it would
    be in the result folder, never the user's table, in Vietnamese."""
    import staffsim.results.folder as folder

    real = shutil.copyfile

    def full(src, dst, *a, **k):
        if "inputs" in str(dst):
            e = OSError(errno.ENOSPC, "No space left on device")
            e.filename, e.filename2 = str(src), str(dst)
            raise e
        return real(src, dst, *a, **k)
    monkeypatch.setattr(folder.shutil, "copyfile", full)
    out = tmp_path / "kết quả"
    code, _, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                           "--out", str(out), "--lang", "vi")
    last = err.strip().splitlines()[-1]  # (the line before it: the run's heading)
    assert code == 2 and "Traceback" not in err
    assert last == (f"staffsim: lỗi: {out}: không ghi được kết quả "
                    f"({out / 'inputs' / 'communes.csv'}): hết dung lượng đĩa; không giữ lại gì")
    assert not out.exists()
