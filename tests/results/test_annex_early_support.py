"""The annex's note of a plan whose moves take effect before the support window's first day
(July 2025, the window from 1/8/2025) says that staffsim counts their support from the move,
as an assumption, and what a resolution paying from the window's first day would change (an
HR trial read the July months as paid before the window the note names). A later plan's
note does not say it."""

import subprocess
import sys

import pytest
from openpyxl import load_workbook

from ..conftest import SCENARIOS

SENTENCE = ("Điều động có hiệu lực trước ngày 01/08/2025: hỗ trợ tính từ ngày điều động có "
            "hiệu lực, không quá thời hạn (giả định của staffsim")


def _note(tmp_path, *args: str) -> str:
    xlsx = tmp_path / "a.xlsx"
    r = subprocess.run([sys.executable, "-m", "staffsim.cli", "plan",
                        str(SCENARIOS / "demo.toml"), "--no-marginals", "--out",
                        str(tmp_path / "p"), "--xlsx", str(xlsx), *args],
                       capture_output=True, text=True, timeout=300,
                       env={**__import__("os").environ, "STAFFSIM_NO_CACHE": "1"})
    assert r.returncode == 0, r.stderr
    return "\n".join(c.comment.text for ws in load_workbook(xlsx).worksheets
                     for row in ws.iter_rows() for c in row if c.comment)


@pytest.mark.parametrize(("args", "said"), [((), True), (("--month", "3"), False)])
def test_support_before_the_window_is_said_as_an_assumption(tmp_path, args, said):
    note = _note(tmp_path, *args)
    assert (SENTENCE in note) is said, note
    if said:
        assert "mỗi người được ít hơn 1 tháng hỗ trợ" in note
