"""evaluate: rows it cannot read are bad input (exit 2, every one listed, nothing else said),
not violations of the province's rules; a plan file whose note says it is a reconstruction
is said to be one in the first lines (a Thanh Hóa planner's trial)."""

import csv
import re
from collections import Counter

from ..conftest import REPO, SCENARIOS
from ..helpers import run_cli

THANH_HOA = str(SCENARIOS / "thanh_hoa.toml")
DECISION = SCENARIOS / "data" / "thanh_hoa_decision_2623_reconstructed.csv"
NO_POOL = ("--set", "province.pool_csv=")


def _officials(n: int) -> list[str]:
    """Officials of the generated Thanh Hóa roster: those the bundled list moves."""
    with open(DECISION, encoding="utf-8") as f:
        return [r["official_id"] for r in csv.DictReader(f)][:n]


def test_a_typo_in_a_commune_name_is_bad_input_not_a_violation(tmp_path, capsys):
    """'Mường Chan' (for Mường Chanh, 14866 in thanh_hoa_communes.csv) in one row of two:
    one line naming the file, the row, the column and the commune meant; exit 2 (README:
    bad input); no count of violations and no comparison for the other row."""
    a, b = _officials(2)
    plan = tmp_path / "tay.csv"
    plan.write_text(f"official_id,to_commune\n{a},Mường Chan\n{b},Mường Chanh\n",
                    encoding="utf-8")
    for lang, words in (("en", ("row 2, column to_commune", "'Mường Chan'",
                                "Mường Chanh (14866)")),
                        ("vi", ("dòng 2", "'Mường Chan'", "Mường Chanh (14866)"))):
        code, out, err = run_cli(capsys, "evaluate", "--lang", lang, THANH_HOA, "--plan",
                                 str(plan), *NO_POOL)
        assert code == 2, out + err
        assert out == "", out  # no 'rule violation(s)', no table
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert str(plan) in lines[0] and "Traceback" not in err
        for w in words:
            assert w in lines[0], (w, lines[0])


def test_every_unreadable_row_is_listed_in_row_order_and_capped(tmp_path, capsys):
    """60 rows with names that fit no commune, and a months cell that is no number (row 3):
    the first 50 problems in the file's order, then how many more (README: up to 50
    lines), and nothing on standard output."""
    ids = _officials(60)
    lines = [f"{o},Nowhere {k},{'abc' if k == 1 else ''}" for k, o in enumerate(ids)]
    plan = tmp_path / "many.csv"
    plan.write_text("official_id,to_commune,months\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", THANH_HOA, "--plan",
                             str(plan), *NO_POOL)
    assert code == 2, out + err
    assert out == ""
    said = err.splitlines()
    assert len(said) == 51, err
    assert said[-1].endswith("and 11 more problems"), said[-1]  # 61 problems, 50 shown
    rows = [int(re.search(r"row (\d+)", ln)[1]) for ln in said[:-1]]
    assert rows == sorted(rows) and rows[:3] == [2, 3, 3], said[:3]
    assert sum("column months" in ln for ln in said) == 1
    assert "Nowhere 0" in said[0]


def test_a_reconstruction_says_so_first(tmp_path, capsys):
    """A note column that calls the list a reconstruction (in English or Vietnamese) is said
    in the first line, quoted, with how many rows carry it; a list without one is not."""
    a, b = _officials(2)
    note = "tái dựng theo báo chí, không phải phụ lục của quyết định"
    plan = tmp_path / "dung_lai.csv"
    plan.write_text(f"official_id,to_commune,Ghi chú\n{a},Mường Chanh,\"{note}\"\n"
                    f"{b},Mường Chanh,\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", THANH_HOA, "--plan",
                             str(plan), *NO_POOL)
    assert code == 0, out + err
    first = out.splitlines()[0]
    assert first.startswith("This plan is a reconstruction"), out
    assert "(1 of 2 rows" in first and first.endswith(note)
    plain = tmp_path / "plain.csv"
    plain.write_text(f"official_id,to_commune\n{a},Mường Chanh\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", THANH_HOA, "--plan",
                             str(plain), *NO_POOL)
    assert code == 0, out + err
    assert "reconstruction" not in out


def test_the_bundled_decision_2623_is_called_a_reconstruction_first(capsys):
    """Every one of its 176 rows says so in its note (the file itself); evaluate's first
    line says it, in Vietnamese too, before the '0 violations' line."""
    with open(DECISION, encoding="utf-8") as f:
        notes = {r["note"] for r in csv.DictReader(f)}
    assert len(notes) == 1
    code, out, err = run_cli(capsys, "evaluate", "--lang", "vi", THANH_HOA, "--plan",
                             str(DECISION))
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("Phương án này là bản dựng lại"), lines[0]
    # the note, staffsim's own words, in the user's language (the HR trial read it in
    # English), whole
    from staffsim.i18n import gettext

    note = notes.pop()
    assert gettext(note, "vi") != note
    assert "176 trên 176 dòng" in lines[0] and lines[0].endswith(gettext(note, "vi"))
    assert lines[2].startswith("0 vi phạm quy tắc trong 176"), lines[:3]


# the six surplus wards Decision 2623/QĐ-UBND names (docs/facts.md, "Transfers and support")
SIX = ("Hàm Rồng", "Hạc Thành", "Đông Sơn", "Sầm Sơn", "Nam Sầm Sơn", "Tây Đô")


def test_a_unit_of_the_decision_the_reconstruction_leaves_out_is_said_where_it_is_read():
    """The decision took from six units; a unit the reconstruction takes none from is named
    in the list's own note, and the per-unit counts SOURCES.md and the README give are the
    list's (they are staffsim's: the sources give only the total)."""
    with open(DECISION, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    given = Counter(r["from_name"] for r in rows)
    assert set(given) <= set(SIX) and sum(given.values()) == 176
    missing = [u for u in SIX if u not in given]
    docs = [(SCENARIOS / "data" / "SOURCES.md").read_text(encoding="utf-8"),
            (REPO / "README.md").read_text(encoding="utf-8")]
    if missing:
        for r in rows:
            assert f"{len(given)} of the decision's 6 units" in r["note"], r["note"]
            assert all(f"{u} none" in r["note"] for u in missing), r["note"]
    counts = ", ".join(f"{u} {n}" for u, n in given.most_common())
    for text in docs:
        flat = " ".join(text.split())
        assert counts in flat, counts
        assert all(f"{u} 0" in flat or f"{u} none" in flat for u in missing)
