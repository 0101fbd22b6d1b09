"""HR tables as they arrive: CSV with BOM or semicolons, Excel, Vietnamese headers and values;
every problem reported with file, row and column."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.scenarios.errors import InputErrors
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.tables import InputWarning, fold

from ..conftest import TINY_COMMUNES, write_scenario
from ..helpers import assert_one_line_error, run_cli

ROSTER = ("official_id,commune_id,specialty,birth_year,leader,protected,sex\n"
          "a1,W1,land,1980,false,false,M\n"
          "a2,W1,office,1990,false,true,F\n"
          "a3,X1,leadership,1970,true,false,M\n"
          "a4,X2,finance,1985,0,0,F\n"
          "a5,W2,it,1995,no,no,M\n")

# The same officials as an HR office would type them.
ROSTER_VN = ("Mã cán bộ;Họ tên;Mã xã;Chuyên môn;Năm sinh;Lãnh đạo;Bảo vệ;Giới tính\n"
             "a1;Nguyễn Văn A;W1;Địa chính;1980;Không;không;Nam\n"
             "a2;Trần Thị B;W1;Văn phòng;1990;không;Có;Nữ\n"
             "a3;Lê Văn C;X1;Lãnh đạo;1970;Có;Không;Nam\n"
             "a4;Phạm Thị D;X2;Tài chính - Kế toán;1985;0;0;nữ\n"
             "a5;Hoàng Văn E;W2;CNTT;1995;không;không;NAM\n")


def scenario_with(tmp_path, roster_name: str, communes: str = TINY_COMMUNES):
    return write_scenario(tmp_path, f'roster_csv = "{roster_name}"\n', communes=communes)


def same_roster(a, b) -> None:
    assert a.official_id == b.official_id
    for f in ("commune", "specialty", "birth_year", "leader", "protected", "female"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f


def test_fold_ignores_case_spaces_and_diacritics():
    assert fold("  Mã   Xã ") == "ma_xa"
    assert fold("ĐỊA CHÍNH") == "dia_chinh"
    assert fold("Tài chính - Kế toán") == "tai_chinh_ke_toan"


def test_vietnamese_semicolon_csv_with_bom_reads_like_ours(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    (tmp_path / "roster_vn.csv").write_text("\ufeff" + ROSTER_VN, encoding="utf-8")
    ours = load_scenario(scenario_with(tmp_path, "roster.csv")).roster
    theirs = load_scenario(scenario_with(tmp_path, "roster_vn.csv")).roster
    same_roster(ours, theirs)
    assert theirs.female.tolist() == [False, True, False, True, False]
    assert theirs.protected.tolist() == [False, True, False, False, False]


def write_xlsx(path, text: str, sep: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for line in text.strip().splitlines():
        cells = line.split(sep)
        ws.append([int(c) if c.isdigit() else c for c in cells])
    wb.save(path)


def test_excel_roster_and_communes(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    write_xlsx(tmp_path / "roster.xlsx", ROSTER_VN, ";")
    write_xlsx(tmp_path / "communes.xlsx", TINY_COMMUNES, ",")
    ours = load_scenario(scenario_with(tmp_path, "roster.csv"))
    path = write_scenario(tmp_path, 'roster_csv = "roster.xlsx"\n', name="x.toml")
    path.write_text(path.read_text().replace("communes.csv", "communes.xlsx"))
    theirs = load_scenario(path)
    same_roster(ours.roster, theirs.roster)
    assert theirs.communes.ids == ours.communes.ids
    assert np.array_equal(theirs.communes.population, ours.communes.population)


def test_excel_numbers_with_separators(tmp_path):
    communes = ("Mã xã;Tên xã;Loại;Vùng;Dân số;Diện tích;Vĩ độ;Kinh độ\n"
                "W1;Phường Một;Phường;Đồng bằng;60.000;20,5;19,80;105,78\n"
                "X1;Xã Núi;Xã;Miền núi;9 000;150;20.10;105.30\n"
                "X2;Xã Cao;xa;Vùng cao;5,000;300;20.40;104.70\n")
    c = load_scenario(write_scenario(tmp_path, communes=communes)).communes
    assert c.population.tolist() == [60000, 9000, 5000]
    assert c.area_km2.tolist() == [20.5, 150, 300]
    assert c.zone.tolist() == [0, 1, 2] and c.kind.tolist() == [1, 0, 0]


def test_every_roster_problem_is_reported_with_row_and_column(tmp_path, capsys):
    bad = ("official_id,commune_id,specialty,birth_year,leader,protected\n"
           "a1,W1,land,1980,false,false\n"
           "a1,W1,office,1990,false,false\n"      # row 3: repeated id
           "a3,W9,office,1990,false,false\n"      # row 4: unknown commune
           "a4,X1,lnad,1990,false,false\n"        # row 5: unknown specialty
           "a5,X1,office,1890,false,false\n"      # row 6: birth year
           "a6,X1,office,1990,maybe,false\n"      # row 7: boolean
           ",X2,office,1990,false,false\n")       # row 8: empty id
    (tmp_path / "roster.csv").write_text(bad, encoding="utf-8")
    path = scenario_with(tmp_path, "roster.csv")
    with pytest.raises(InputErrors) as e:
        load_scenario(path)
    wheres = [p.where for p in e.value.problems]
    assert wheres == ["row 3, column official_id", "row 4, column commune_id",
                      "row 5, column specialty", "row 6, column birth_year",
                      "row 7, column leader", "row 8, column official_id"]
    code, _, err = run_cli(capsys, "validate", str(path))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 6 and "Traceback" not in err
    assert all("roster.csv: row" in ln for ln in lines)
    assert "'lnad' is not allowed; closest: land" in lines[2]
    assert "'a1' repeats row 2" in lines[0]
    assert "1955 to 2007" in lines[3]  # ages 18 to 70 at the 2025 start


def test_commune_problems_are_all_reported(tmp_path, capsys):
    communes = ("commune_id,name,kind,zone,population,area_km2,lat,lon\n"
                "W1,A,phuong,lowland,-5,20,19.8,105.78\n"
                "W1,B,ward,lowland,100,20,19.8,105.78\n"
                "X1,C,xa,hill,100,20,50.1,2.0\n")
    path = write_scenario(tmp_path, communes=communes)
    code, _, err = run_cli(capsys, "validate", str(path))
    lines = err.strip().splitlines()
    assert code == 2
    assert [ln.split(": ")[3] for ln in lines] == [
        "row 2, column population", "row 3, column commune_id", "row 4, column zone",
        "row 4, column lat", "row 4, column lon"]
    assert "inside Vietnam" in lines[3]
    assert "allowed: lowland|mountain|high_mountain" in lines[2]


def test_commune_without_officials_is_a_warning(tmp_path, capsys):
    roster = "\n".join(ROSTER.splitlines()[:3]) + "\n"  # W1 only
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(scenario_with(tmp_path, "roster.csv")))
    assert code == 0, err
    warnings = [ln for ln in err.splitlines() if "warning" in ln]
    assert len(warnings) == 3 and all("has no officials" in w for w in warnings)
    assert "ok" in out


def test_unknown_header_names_the_accepted_spellings(tmp_path, capsys):
    (tmp_path / "roster.csv").write_text("id,xa,chuyen mon,nam sinh,lanh dao,bao ve\n"
                                         "a,W1,land,1980,0,0\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(scenario_with(tmp_path, "roster.csv")))
    assert_one_line_error(code, err, "roster.csv", "header", "missing column(s) commune_id",
                          "ma_xa")


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("roster.xlsx", b"not a zip file", "not a readable .xlsx"),
    # a zip without a workbook: openpyxl's KeyError was the reason given ('(KeyError)')
    ("roster.xlsx", b"PK\x05\x06" + bytes(18), "a zip archive with no Excel workbook in it"),
    ("roster.xls", b"\xd0\xcf\x11\xe0", "save it as .xlsx or CSV"),
    ("roster.csv", b"\xc3(a,b\n", "not UTF-8"),
    # UTF-16 is read (tests/scenarios/test_table_encodings.py); half a character is not
    ("roster.csv", "a,b\n".encode("utf-16") + b"x", "not UTF-16 text"),
])
def test_unreadable_files_are_one_line(tmp_path, capsys, name, content, fragment):
    (tmp_path / name).write_bytes(content)
    code, _, err = run_cli(capsys, "validate", str(scenario_with(tmp_path, name)))
    assert_one_line_error(code, err, name, fragment)


def test_a_copied_scenario_without_its_tables_says_where_they_are_looked_for(tmp_path, capsys):
    """A scenario copied alone to another folder: the message names the key, the missing
    path and the folder it is read relative to (found by a new user trying it)."""
    import shutil

    from staffsim.cli import main

    from ..conftest import SCENARIOS

    shutil.copy(SCENARIOS / "demo.toml", tmp_path / "demo.toml")
    assert main(["validate", str(tmp_path / "demo.toml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "province.communes_csv" in err and "file not found" in err
    assert f"relative to the scenario file's folder ({tmp_path.resolve()})" in err


def test_a_misspelt_commune_name_gets_the_close_ones_suggested():
    """'Muong Latt' is one letter from Mường Lát: the message offers it (with its id);
    a name like no commune offers nothing."""
    import staffsim.optimize.families  # noqa: F401  (their parameter sections)
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    from ..conftest import SCENARIOS

    communes = load_scenario(SCENARIOS / "demo.toml").communes
    lat = communes.ids[communes.names.index("Mường Lát")]
    with pytest.raises(ScenarioError, match=f"did you mean Mường Lát \\({lat}\\)"):
        find_commune(communes, "Muong Latt")
    with pytest.raises(ScenarioError) as e:
        find_commune(communes, "Zzyzx Qwerty")
    assert "did you mean" not in str(e.value)


def test_part_of_a_name_lists_the_units_it_fits_best_first():
    """'Sở' (Thanh Hóa's departments, in its pool) folds to 'so', which is inside every
    '...Sơn': the departments, written with the same marks, come first in the list, then the
    communes where it is a word or the start of the name; the listing is cut at twelve, so
    the departments were among the 'and 17 more' before."""
    import staffsim.optimize.families  # noqa: F401  (their parameter sections)
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.names import find_commune

    from ..conftest import SCENARIOS

    sc = load_scenario(SCENARIOS / "thanh_hoa.toml")
    units = sc.communes.concat(sc.pool.units)
    departments = [n for n in units.names if n.startswith("Sở ")]
    assert len(departments) == 9
    with pytest.raises(ScenarioError) as e:
        find_commune(units, "Sở")
    listed = str(e.value).split(" matches ")[1]
    assert all(n in listed for n in departments)
    assert listed.index(departments[-1]) < listed.index("Sơn")
    with pytest.raises(ScenarioError) as e:  # without marks: the whole words first
        find_commune(units, "son")
    first = str(e.value).split(": ", 3)[3].split("; ")[0]
    assert "Sơn" in first.split("(")[0].split()


def _sheets(path, sheets: list[tuple[str, str]], sep: str = ";") -> None:
    """A workbook with one sheet per (title, text)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, text in sheets:
        ws = wb.create_sheet(title)
        for line in text.strip().splitlines():
            ws.append([int(c) if c.isdigit() else c for c in line.split(sep)])
    wb.save(path)


def test_a_roster_kept_one_sheet_per_ward_is_read_whole(tmp_path):
    # HR offices often keep one sheet per unit. Before, only the first sheet with a header
    # was read: the officials on the other sheets were silently left out of every run.
    # Here: a cover sheet, the five officials over two sheets whose columns are in another
    # order, and an empty template sheet; the roster is the same as the one-sheet CSV's.
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    header, *rows = ROSTER_VN.strip().splitlines()
    cols = header.split(";")
    order = [2, 0, 1, 3, 4, 5, 6, 7]  # the second sheet starts with the commune

    def reordered(line: str) -> str:
        cells = line.split(";")
        return ";".join(cells[i] for i in order)

    _sheets(tmp_path / "roster.xlsx", [
        ("Bìa", "Danh sách cán bộ, công chức cấp xã"),
        ("Phường Một", "\n".join([header, *rows[:2]])),
        ("Các xã khác", "\n".join([";".join(cols[i] for i in order),
                                   *map(reordered, rows[2:])])),
        ("Mẫu", header),
    ])
    ours = load_scenario(scenario_with(tmp_path, "roster.csv")).roster
    with pytest.warns(InputWarning, match=r"read from 2 sheets: 'Phường Một' \(2 rows\), "
                                          r"'Các xã khác' \(3 rows\)"):
        theirs = load_scenario(scenario_with(tmp_path, "roster.xlsx")).roster
    same_roster(ours, theirs)


@pytest.mark.filterwarnings("ignore:.*the table is read from 2 sheets")  # (said, as meant)
def test_a_problem_on_a_later_sheet_names_the_sheet_and_its_row(tmp_path, capsys):
    header, *rows = ROSTER_VN.strip().splitlines()
    bad = rows[3].replace("Tài chính - Kế toán", "Tài chánh")
    _sheets(tmp_path / "roster.xlsx", [("Phường", "\n".join([header, *rows[:2]])),
                                       ("Xã", "\n".join([header, rows[2], bad]))])
    path = scenario_with(tmp_path, "roster.xlsx")
    with pytest.raises(InputErrors) as e:
        load_scenario(path)
    assert "row 3 (sheet 'Xã'), column specialty" in str(e.value)
    # the same official on two sheets is one official typed twice
    _sheets(tmp_path / "roster.xlsx", [("Phường", "\n".join([header, *rows[:2]])),
                                       ("Xã", "\n".join([header, rows[1], *rows[2:]]))])
    with pytest.raises(InputErrors) as e:
        load_scenario(path)
    assert "row 2 (sheet 'Xã'), column official_id: 'a2' repeats row 3 (sheet 'Phường')" \
        in str(e.value)


def test_validate_gives_its_verdict_in_the_language(tmp_path, capsys):
    # before, English whatever the language: the one line an HR office reads before a run
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    path = str(scenario_with(tmp_path, "roster.csv"))
    code, out, _ = run_cli(capsys, "validate", path, "--lang", "vi")
    assert code == 0
    assert out.strip() == f"{path}: hợp lệ (Tiny: 4 xã, phường, có bảng danh sách công chức)"
    code, out, _ = run_cli(capsys, "validate", path, "--lang", "en")
    assert out.strip() == f"{path}: ok (Tiny: 4 communes, roster table)"
