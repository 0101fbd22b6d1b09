"""explain's lines as a Thanh Hóa planner read them: 'Lam Sơn (được điều động đi 3)' read as
'has transferred 3' (it meant: may give at most 3), the candidates were ids without names,
and the header 'Mường Chanh (14866, vùng cao): tối ưu' did not say what was optimal."""

import json

from staffsim.optimize.explain import explain_commune
from staffsim.results.words import explain_lines, words

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli
from ..optimize.test_whatif import _budget_bound


def test_a_donor_may_give_up_to_and_the_header_names_the_plan():
    # D has 3 land officials for a requirement of 1: it may give up to 2 (the input data)
    data = explain_commune(_budget_bound(), 1, "land")
    en, vi = explain_lines(words("en"), data), explain_lines(words("vi"), data)
    assert en[0] == "Commune R (R, high mountain) in the optimal plan:"
    assert vi[0] == "Commune R (R, vùng cao) theo phương án tối ưu:"
    # of this specialty in all, counting those the plan moves (none: the budget is 0)
    assert ("Commune D (under the rules it may give 2 of this specialty in all; the plan "
            "moves 0 of them)") in "\n".join(en)
    assert ("Commune D (theo quy định được điều động đi tổng cộng tối đa 2 người của chuyên "
            "môn này; phương án điều động 0 người trong số đó)") in "\n".join(vi)
    assert "(được điều động đi 2)" not in "\n".join(vi)


def test_the_header_of_a_plan_not_proven_optimal_and_of_no_plan():
    data = {"name": "Mường Chanh", "commune_id": "14866", "zone": "high_mountain",
            "commune_rules": [], "specialties": [], "would_help": [], "gives": None}
    limit = explain_lines(words("en"), {**data, "status": "TimeLimit", "plan_found": True})
    assert limit[0] == ("Mường Chanh (14866, high mountain) in the best plan found within "
                        "the time limit (not proven optimal):")
    none = explain_lines(words("vi"), {**data, "status": "Infeasible", "plan_found": False})
    assert none[0].startswith("Mường Chanh (14866, vùng cao): không có phương án (")


def test_candidates_are_named_as_the_roster_table_names_them(tmp_path, capsys):
    demo = str(SCENARIOS / "demo.toml")
    table, names = named_roster(tmp_path, capsys, demo)
    args = ("explain", demo, "--commune", "Mường Lát", "--set", f"province.roster_csv={table}")
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 0, err
    listed = [c for d in json.loads(out)["specialties"] for c in d["nearest"]]
    assert listed and all(c["full_name"] == names[c["official_id"]] for c in listed)
    code, out, err = run_cli(capsys, *args, "--lang", "vi")
    assert code == 0, err
    for c in listed:
        assert f"{names[c['official_id']]} ({c['official_id']}) · " in out
