"""A roster table's names are the names on every named list, the provincial departments'
officials included (their rows of the table are the scenario's pool roster)."""

import csv

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli


def test_department_officials_keep_their_names_from_the_roster_table(tmp_path, capsys):
    """plan.csv and the annex named the departments' officials (Thanh Hóa's pool: 45 of the
    310 moves) with made-up names although the roster table gives theirs: only the
    communes' part of the table was read for names (a dashboard trial; the CLI did the
    same)."""
    table, names = named_roster(tmp_path, capsys, str(SCENARIOS / "thanh_hoa.toml"))
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "thanh_hoa.toml"), "--set",
                           f"province.roster_csv={table}", "--no-marginals",
                           "--out", str(tmp_path / "plan"), "--xlsx", str(tmp_path / "a.xlsx"))
    assert code == 0, err
    with open(tmp_path / "plan" / "plan.csv", encoding="utf-8-sig") as f:
        planned = list(csv.DictReader(f))
    pool = [r for r in planned if r["official_id"].startswith("38-")]
    assert pool and len(pool) < len(planned)  # departments give, and communes too
    assert all(r["full_name"] == names[r["official_id"]] for r in planned)
    code, _, err = run_cli(capsys, "verify", str(tmp_path / "plan"))
    assert code == 0, err
    code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "thanh_hoa.toml"), "--set",
                             f"province.roster_csv={table}", "--plan", str(tmp_path / "a.xlsx"))
    assert code == 0, out + err  # the annex's names are the table's: no finding
