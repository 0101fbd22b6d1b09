"""``staffsim plan ... --xlsx ANNEX | head -1``: the reader of the output goes after one line.
The annex was written after the summary was printed, so the first line printed after the
closed pipe ended the command (SIGPIPE) and the annex never came, while the folder did: a
planner's trial. The annex is now written with the folder, before anything is printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from ..conftest import SCENARIOS

pytestmark = pytest.mark.slow


def test_an_annex_is_written_when_the_output_is_closed_after_one_line(tmp_path):
    env = {**os.environ, "STAFFSIM_NO_CACHE": "1", "MPLBACKEND": "Agg"}
    annex, out = tmp_path / "phu luc.xlsx", tmp_path / "kq"
    proc = subprocess.Popen(
        [sys.executable, "-m", "staffsim.cli", "plan", str(SCENARIOS / "demo.toml"), "--out",
         str(out), "--xlsx", str(annex), "--no-marginals"], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=tmp_path)
    assert proc.stdout.readline()  # the first line, then the reader goes
    proc.stdout.close()
    proc.wait(timeout=120)
    proc.stderr.close()
    assert out.is_dir() and annex.is_file()
    ws = load_workbook(annex).active
    assert ws["A1"].value == "Phụ lục"
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        moves = sum(1 for _ in f) - 1
    ids = [r[2] for r in ws.iter_rows(min_row=9, values_only=True)
           if r[2] and "-" in str(r[2])]
    assert moves > 0 and len(ids) == moves  # every move of the folder's plan, in the annex
