"""verify reads points.csv as it is written, in full (``tables.exact``): its tolerance
was that of 6 significant digits, so a mean or an input edited in the 6th digit and the
folder resealed still verified ('ok' after a budget moved by VND 19,000)."""

from __future__ import annotations

import csv
import shutil

import pytest

from .test_analyze_trial import LABELLED
from .test_sweep import synthetic_sweep
from .test_verify_summaries import reseal, verify


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("points_full")
    return synthetic_sweep(base, LABELLED, lambda v, r: v["optimizer.donor_floor"] / 3 + r)


def edited(folder, tmp_path, column: str, change) -> tuple:
    """A copy of the sweep whose points.csv's second row has ``column`` changed by
    ``change(value)``, resealed: (the copy, old text, new text)."""
    copy = shutil.copytree(folder, tmp_path / "sweep", symlinks=True)
    path = copy / "points.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    j = rows[0].index(column)
    old = rows[1][j]
    rows[1][j] = new = repr(change(float(old)))
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    reseal(copy)
    return copy, old, new


def test_an_untouched_sweep_verifies(capsys, made):
    code, problems, out = verify(capsys, made)
    assert code == 0 and problems == [], out


@pytest.mark.parametrize(("column", "change"), [
    ("mean:mountain_unmet_fte", lambda x: x * (1 + 5e-6)),  # the 6th significant digit
    ("optimizer.budget_vnd", lambda x: x * (1 + 5e-6)),  # VND 19,000 of VND 3.9 bn
])
def test_an_edit_in_the_sixth_digit_is_caught(capsys, tmp_path, made, column, change):
    folder, old, new = edited(made, tmp_path, column, change)
    assert old != new and float(new) == pytest.approx(float(old), rel=1e-5)  # as said
    code, problems, out = verify(capsys, folder)
    assert code == 1, out
    assert len(problems) == 1 and problems[0].startswith(
        f"points.csv: row 2: {column} is {new}, but runs/ gives "), out
    # what runs/ gives is said in full: 6 digits showed the same number on both sides
    given = problems[0].rsplit(" gives ", 1)[1].split()[0].rstrip(";,")
    assert float(given) == float(old) and given != f"{float(old):.6g}", problems[0]

