"""evaluate reads back an annex of several provinces: commune names repeat across provinces
('Xã Kỳ Thượng' is a commune of Quảng Ninh and one of Hà Tĩnh), and a name that several
communes carry means the one in the province of the row's official (transfers stay in their
province). Two communes of one province are never guessed between."""

import csv

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

VIETNAM = str(SCENARIOS / "vietnam.toml")
# Thanh Hóa holds Đông Tiến (15853) and Đồng Tiến (15724), Hà Tĩnh a Đồng Tiến (18619)
THANH_HOA_HA_TINH = 'province.provinces=["38","42"]'


def _communes(provinces: list[str]):
    import staffsim.optimize.families  # noqa: F401  (their parameter sections)
    from staffsim.scenarios.loader import load_scenario

    return load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": provinces}).communes


def test_a_name_of_several_provinces_means_the_one_in_the_province_given():
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.names import find_commune

    c = _communes(["38", "42"])

    def found(query: str, province: str | None) -> str:
        return c.ids[find_commune(c, query, "to_commune", province=province)]

    assert found("Dong Tien", "42") == "18619"  # Hà Tĩnh's only one
    assert found("Xã Đồng Tiến", "42") == "18619"
    assert found("Đồng Tiến", "38") == "15724"  # in Thanh Hóa, as written
    assert found("Đông Tiến", "38") == "15853"
    assert found("Đông Tiến", None) == "15853"  # as before: the one written exactly
    # Thanh Hóa's two differ only in their marks: never guessed between
    with pytest.raises(ScenarioError) as e:
        find_commune(c, "Dong Tien", "to_commune", province="38")
    assert "matches 2 communes: 15853 Phường Đông Tiến" in e.value.message
    assert "15724 Xã Đồng Tiến" in e.value.message and "18619" not in e.value.message
    # written exactly as Thanh Hóa's Đông Tiến, for a Hà Tĩnh official whose province has
    # a Đồng Tiến: neither is taken
    with pytest.raises(ScenarioError) as e:
        find_commune(c, "Đông Tiến", "to_commune", province="42")
    assert "matches 2 communes: 18619 Xã Đồng Tiến" in e.value.message
    assert "15853 Phường Đông Tiến" in e.value.message
    # the kind word tells Thanh Hóa's two apart (a trial was asked for the id), unless the
    # marks name the other: then both are listed
    assert found("Xa Dong Tien", "38") == "15724"
    assert found("Phuong Dong Tien", "38") == "15853"
    assert found("phường đông tiến", None) == "15853"
    for both in ("Phường Đồng Tiến", "Xã Đông Tiến"):
        with pytest.raises(ScenarioError) as e:
            find_commune(c, both, "to_commune", province="38")
        assert ("matches 2 communes: 15853 Phường Đông Tiến (lowland, Thanh Hóa); 15724 Xã "
                "Đồng Tiến (lowland, Thanh Hóa)") in e.value.message
    # no province, or one with no commune of the name: the error as before, all three listed
    for province in (None, "01"):
        with pytest.raises(ScenarioError, match="matches 3 communes"):
            find_commune(c, "Dong Tien", "to_commune", province=province)


def _roster_ids(provinces: list[str]) -> dict[str, str]:
    """An official's id -> their commune's id, for the scenario's provinces."""
    import staffsim.optimize.families  # noqa: F401
    from staffsim.experiments.states import plan_state
    from staffsim.scenarios.loader import load_scenario

    state = plan_state(load_scenario(SCENARIOS / "vietnam.toml",
                                     {"province.provinces": provinces}), 0)
    return {o: state.communes.ids[int(k)] for o, k in zip(state.official_id, state.commune,
                                                           strict=True)}


def test_evaluate_resolves_a_name_by_the_officials_province_and_errors_within_one(
        capsys, tmp_path):
    """One name ('Dong Tien') for an official of each province: Hà Tĩnh's is read as its one
    Đồng Tiến; Thanh Hóa's, which has two, is the row's error, in the language asked."""
    works = _roster_ids(["38", "42"])
    th = next(o for o, k in works.items() if k == "15661")  # Tân Thành, Thanh Hóa
    ht = next(o for o, k in works.items() if k != "18619" and k.startswith("18"))  # Hà Tĩnh
    plan = tmp_path / "plan.csv"
    plan.write_text(f"official_id,to_commune\n{th},Dong Tien\n{ht},Dong Tien\n",
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", VIETNAM, "--set",
                             THANH_HOA_HA_TINH, "--plan", str(plan))
    assert code == 2, out + err  # bad input (the rows it cannot read), not a rule broken
    named = [ln for ln in err.splitlines() if "matches" in ln]
    assert named == [f"staffsim: error: {plan}: row 2, column to_commune: 'Dong Tien' matches "
                     "2 communes: 15853 Phường Đông Tiến (lowland, Thanh Hóa); 15724 Xã Đồng "
                     "Tiến (lowland, Thanh Hóa); give the commune_id"], err
    assert out == "" and "row 3" not in err and "unknown" not in err
    code, out, err = run_cli(capsys, "evaluate", "--lang", "vi", VIETNAM, "--set",
                             THANH_HOA_HA_TINH, "--plan", str(plan))
    assert code == 2
    named = [ln for ln in err.splitlines() if "Dong Tien" in ln]
    assert len(named) == 1 and "dòng 2" in named[0] and "khớp với 2 xã, phường" in named[0]
    assert "matches" not in err


@pytest.mark.slow
def test_the_annex_of_two_provinces_that_plan_writes_evaluates_clean(capsys, tmp_path):
    """Quảng Ninh and Hà Tĩnh both have a Xã Kỳ Thượng and a Xã Hải Ninh: their annex, as
    plan --xlsx writes it, evaluates with no violation; each row's names are read as the
    plan's own communes."""
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.names import find_commune
    from staffsim.scenarios.province import read_plan_csv

    provinces = 'province.provinces=["22","42"]'
    annex = tmp_path / "annex.xlsx"
    code, out, err = run_cli(capsys, "plan", VIETNAM, "--set", provinces, "--no-marginals",
                             "--out", str(tmp_path / "p"), "--xlsx", str(annex))
    assert code == 0, out + err
    with open(tmp_path / "p" / "plan.csv", encoding="utf-8-sig") as f:
        planned = {r["official_id"]: r for r in csv.DictReader(f)}
    rows = [fields for _n, fields in read_plan_csv(annex)]
    assert {r["official_id"] for r in rows} == set(planned)
    # the annex holds names of communes in both provinces (the fault's case: since the
    # rosters of 1360b5c, as destinations only; the rows below check both columns)
    c = _communes(["22", "42"])
    shared = {(column, r[column]) for r in rows for column in ("to_commune", "from_commune")
              if _several(c, r[column], find_commune, ScenarioError)}
    assert shared, "no commune name of both provinces in the annex: the test needs another pair"
    for r in rows:  # by construction: the plan's own communes
        p = planned[r["official_id"]]
        for column in ("to_commune", "from_commune"):
            assert c.ids[find_commune(c, r[column], column, province=p["province_code"])] \
                == p[column]

    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", VIETNAM, "--set", provinces,
                             "--plan", str(annex))
    assert code == 0, out + err
    assert f"0 rule violations in {len(planned)} moves (rules: WISN)" in out


def _several(c, name: str, find_commune, error) -> bool:
    """Whether ``name`` fits communes of several provinces (no province given)."""
    try:
        find_commune(c, name)
    except error as e:
        return "matches" in e.message
    return False


def test_a_name_that_begins_as_a_kind_word_does_is_found_whole():
    """'Phương Liệt', 'Xa Dung', 'Xà Phiên', 'Phượng Dực' were read without their first word
    as a kind word ('Liệt': 3 communes listed; a trial); with the kind word before them too."""
    from staffsim.scenarios.loader import load_scenario
    from staffsim.scenarios.names import find_commune

    c = load_scenario(VIETNAM).communes
    for query, name in (("Phương Liệt", "Phương Liệt"), ("Phường Phương Liệt", "Phương Liệt"),
                        ("Xa Dung", "Xa Dung"), ("Xà Phiên", "Xà Phiên"),
                        ("Phượng Dực", "Phượng Dực")):
        assert c.names[find_commune(c, query)] == name, query
