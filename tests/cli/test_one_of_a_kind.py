"""Counts of one said in the singular, in English and Vietnamese: a one-commune scenario with
one official (run, validate), and a what-if simulated over one month."""

from __future__ import annotations

import pytest

from tests.conftest import COMMUNES_HEADER, write_scenario
from tests.helpers import assert_one_line_error, run_cli

ONE_COMMUNE = COMMUNES_HEADER + "X1,Xã Núi,xa,mountain,9000,150,20.10,105.30,2\n"
ONE_OFFICIAL = ("official_id,commune_id,specialty,birth_year,leader,protected\n"
                "o1,X1,land,1980,false,false\n")


@pytest.fixture
def one(tmp_path):
    """One commune (the table's one row) and one official (the roster's one row)."""
    (tmp_path / "roster.csv").write_text(ONE_OFFICIAL, encoding="utf-8")
    return write_scenario(tmp_path, 'roster_csv = "roster.csv"\n[simulation]\nmonths = 1\n'
                          "replications = 1\nseed = 3\n", communes=ONE_COMMUNE)


@pytest.mark.parametrize("lang, expected", [
    ("en", "Tiny: 1 commune, 1 official, 1 month from Jul 2025 × 1 replication, seed 3"),
    ("vi", "Tiny: 1 đơn vị hành chính cấp xã, 1 cán bộ/công chức, 1 tháng từ 07/2025 × "
           "1 lần lặp, seed 3")])
def test_run_says_one_commune_and_one_official(one, tmp_path, capsys, lang, expected):
    code, _, err = run_cli(capsys, "run", str(one), "--lang", lang, "--out",
                           str(tmp_path / f"out_{lang}"))
    assert code == 0, err
    assert err.splitlines()[0] == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", "ok (Tiny: 1 commune, roster table)"),
    ("vi", "hợp lệ (Tiny: 1 đơn vị hành chính cấp xã, có bảng danh sách công chức)")])
def test_validate_says_one_commune(one, capsys, lang, expected):
    code, out, err = run_cli(capsys, "validate", str(one), "--lang", lang)
    assert code == 0, err
    assert out.strip() == f"{one}: {expected}"


def test_run_says_several_in_the_plural(tmp_path, capsys):
    """The tiny province: 4 communes (its table's rows), 2 officials (the roster's rows)."""
    (tmp_path / "roster.csv").write_text(
        ONE_OFFICIAL + "o2,W1,land,1985,false,false\n", encoding="utf-8")
    path = write_scenario(tmp_path, 'roster_csv = "roster.csv"\n[simulation]\nmonths = 2\n'
                          "replications = 2\nseed = 3\n")
    for lang, expected in (
            ("en", "Tiny: 4 communes, 2 officials, 2 months from Jul 2025 × 2 replications"),
            ("vi", "Tiny: 4 xã, phường, 2 cán bộ, công chức, 2 tháng từ 07/2025 × 2 lần lặp")):
        code, _, err = run_cli(capsys, "run", str(path), "--lang", lang, "--workers", "1",
                               "--out", str(tmp_path / f"out_{lang}"))
        assert code == 0, err
        assert [ln for ln in err.splitlines() if ln.startswith("Tiny:")][0].startswith(
            expected), err


@pytest.mark.parametrize("lang, months, month, expected", [
    ("en", "1", "0", "1 month leaves no month after the plans made at month 0 are carried "
                     "out; give --months 2 or more"),
    ("vi", "1", "0", "1 tháng không còn tháng nào sau khi thực hiện các phương án lập ở "
                     "tháng 0; hãy dùng --months 2 trở lên"),
    ("en", "2", "1", "2 months leave no month after the plans made at month 1 are carried "
                     "out; give --months 3 or more"),
    ("vi", "2", "1", "2 tháng không còn tháng nào sau khi thực hiện các phương án lập ở "
                     "tháng 1; hãy dùng --months 3 trở lên")])
def test_whatif_months_leaving_no_month(tiny, capsys, lang, months, month, expected):
    code, _, err = run_cli(capsys, "whatif", str(tiny), "--set", "optimizer.time_limit_s=5",
                           "--simulate", "--months", months, "--month", month, "--lang", lang)
    assert_one_line_error(code, err, "--months", expected)
