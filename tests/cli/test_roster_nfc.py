"""Names of a roster saved in decomposed Unicode (NFD: base letters and combining marks, as
a Mac or a web form may save them) reach plan.csv and the decision annex composed (NFC), the
form a Windows keyboard types: an HR trial's annex carried 310 NFD names, which Ctrl-F
'Ánh' did not find."""

import csv
import unicodedata

from openpyxl import load_workbook

from staffsim.results.annex import HEADER_ROW

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli

DEMO = str(SCENARIOS / "demo.toml")
NAMES = ("Lò Thu Ánh", "Nguyễn Thị Hằng", "Phạm Văn Dũng", "Đặng Văn Tuấn")


def test_decomposed_names_are_composed_when_the_roster_is_read(tmp_path, capsys):
    table, given = named_roster(tmp_path, capsys, DEMO,
                                name=lambda i: f"{NAMES[i % len(NAMES)]} {i}",
                                written=lambda text: unicodedata.normalize("NFD", text))
    assert unicodedata.normalize("NFD", NAMES[0]) != NAMES[0]  # (the table is decomposed)
    out, annex = tmp_path / "plan", tmp_path / "annex.xlsx"
    code, _, err = run_cli(capsys, "plan", DEMO, "--set", f"province.roster_csv={table}",
                           "--set", "output.figures=false", "--no-marginals", "--out",
                           str(out), "--xlsx", str(annex))
    assert code == 0, err
    with open(out / "plan.csv", encoding="utf-8-sig") as f:
        plan = list(csv.DictReader(f))
    assert plan
    for r in plan:  # composed, and the name given (the literal NFC text of this file)
        assert r["full_name"] == given[r["official_id"]]
        assert unicodedata.is_normalized("NFC", r["full_name"])
    ws = load_workbook(annex).active
    people = [row for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
              if isinstance(row[0], int)]
    assert len(people) == len(plan)
    assert all(row[1] == given[row[2]] for row in people)
