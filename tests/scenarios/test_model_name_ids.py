"""Two commune (or unit) ids that differ only in '-', '+', '[', ']', spaces or '_' are refused
by the loader with one line: the optimiser's row names (PuLP's naming, ``optimize.linear``)
write those characters as '_', so the two would name the same rows. A review found ``W-1``
beside ``W_1`` stopped ``plan`` with an internal error (and, before the model was built in
arrays, gave a plan called proven optimal that the reference solver beat: rows were looked
up by name and mixed the two communes)."""

from __future__ import annotations

import csv

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DATA = SCENARIOS / "data"


def _communes(tmp_path, table: str, *ids: str) -> None:
    """A copy of the bundled ``table`` as communes.csv, its first ids replaced by ``ids``."""
    with open(DATA / table, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    for row, cid in zip(rows, ids, strict=False):
        row["commune_id"] = cid
    with open(tmp_path / "communes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def _demo(tmp_path, first: str, second: str) -> str:
    """demo.toml beside a copy of its communes table whose first two ids are ``first`` and
    ``second``."""
    _communes(tmp_path, "demo_communes.csv", first, second)
    text = (SCENARIOS / "demo.toml").read_text(encoding="utf-8")
    text = text.replace('"data/demo_communes.csv"', '"communes.csv"')
    (tmp_path / "demo.toml").write_text(text, encoding="utf-8")
    return str(tmp_path / "demo.toml")


@pytest.mark.parametrize(("first", "second"), [("W-1", "W_1"), ("W 1", "W_1"),
                                               ("W[1]", "W_1_"), ("A+B", "A-B")])
def test_ids_the_model_names_alike_are_refused_in_one_line(tmp_path, capsys, first, second):
    path = _demo(tmp_path, first, second)
    code, _, err = run_cli(capsys, "plan", path, "--no-marginals", "--out",
                           str(tmp_path / "out"), "--lang", "en")
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    # the file, the row (the header is row 1: the second commune is row 3) and the column
    assert "communes.csv: row 3, column commune_id: " in lines[0], err
    assert f"'{second}' differs from row 2's '{first}' only in" in lines[0], err
    assert "internal error" not in err and not (tmp_path / "out").exists()


def test_ids_that_differ_in_a_letter_or_digit_are_read(tmp_path, capsys):
    path = _demo(tmp_path, "W-1", "W-2")
    code, _, err = run_cli(capsys, "validate", path, "--lang", "en")
    assert code == 0, err


def test_a_unit_named_alike_a_commune_is_refused(tmp_path, capsys):
    """The pool's units and the communes are in one model: Thanh Hóa's pool unit 38-VPUB
    beside a commune 38_VPUB."""
    _communes(tmp_path, "thanh_hoa_communes.csv", "38_VPUB")
    text = (SCENARIOS / "thanh_hoa.toml").read_text(encoding="utf-8")
    text = text.replace('"data/thanh_hoa_communes.csv"', '"communes.csv"')
    for name in ("thanh_hoa_pool.csv", "thanh_hoa_road_km.csv",
                 "thanh_hoa_decision_2623_reconstructed.csv"):
        text = text.replace(f'"data/{name}"', f'"{(DATA / name).as_posix()}"')
    (tmp_path / "th.toml").write_text(text, encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(tmp_path / "th.toml"), "--lang", "en")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert ("thanh_hoa_pool.csv: row 2, column commune_id: '38-VPUB' differs from a "
            "commune's id '38_VPUB' only in") in err, err


def test_the_refusal_speaks_vietnamese(tmp_path, capsys):
    code, _, err = run_cli(capsys, "validate", _demo(tmp_path, "W-1", "W_1"), "--lang", "vi")
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "dòng 3, cột Mã xã: 'W_1' chỉ khác 'W-1' ở dòng 2 bởi" in err, err
    assert "differs" not in err
