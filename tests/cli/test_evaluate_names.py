"""evaluate reads a move from plan.csv's ids; the names beside them (from_name, to_name) that
name another commune, or none, are said rather than silently overruled (HR trial: a
destination renamed 'Mường Chanh' in a row still going to Lương Sơn gave '0 findings')."""

import csv

from ..conftest import SCENARIOS
from ..helpers import run_cli
from .test_evaluate import DECISION, NO_POOL


def _write(path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_a_name_that_is_not_the_ids_commune_is_a_finding(tmp_path, capsys):
    with open(DECISION, encoding="utf-8") as f:
        every = list(csv.DictReader(f))
    rows = every[:4]
    other = next(r["to_name"] for r in every if r["to_name"] != rows[0]["to_name"])
    rows[0]["to_name"] = other  # another commune's name (file row 2)
    rows[1]["from_name"] = "phuong " + rows[1]["from_name"].upper()  # the same, written so
    rows[2]["to_name"] = rows[2]["to_name"][:-1] + "x"  # no commune's name (file row 4)
    plan = tmp_path / "edited.csv"
    _write(plan, rows)
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en",
                             str(SCENARIOS / "thanh_hoa.toml"), "--plan", str(plan), *NO_POOL)
    assert code == 1, out + err
    said = [ln for ln in out.splitlines() if "the move is read from the id" in ln]
    assert len(said) == 2, out
    assert said[0].startswith(f"{plan}: row 2: destination name: '{other}', but the row's "
                              f"commune {rows[0]['to_commune']} is")
    assert said[1].startswith(f"{plan}: row 4: destination name:")
    assert "row 3" not in "".join(said)


def test_the_names_staffsim_writes_are_no_finding(capsys):
    """The bundled list's names (as plan.csv writes them) pass: its evaluation is unchanged."""
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en",
                             str(SCENARIOS / "thanh_hoa.toml"), "--plan", str(DECISION),
                             *NO_POOL)
    assert "the move is read from the id" not in out, out
