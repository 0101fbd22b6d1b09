"""whatif says which of the variant's moves the baseline plan already makes and which are new
(an HR officer asking 'what if the budget were smaller' wants to know who would no longer go
and who would go instead, not only the totals)."""

import csv
import json
from collections import Counter

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
SMALLER = "optimizer.budget_vnd=2e9"


def _planned(capsys, tmp_path, name: str, *args: str) -> list[dict]:
    """The rows of ``plan``'s plan.csv (a command of its own)."""
    code, _, err = run_cli(capsys, "plan", DEMO, "--out", str(tmp_path / name), *args)
    assert code == 0, err
    with open(tmp_path / name / "plan.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _pairs(rows) -> Counter:
    return Counter((r["from_commune"], r["to_commune"], r["to_specialty"]) for r in rows)


def test_whatif_marks_each_move_against_the_baseline_plan(tmp_path, capsys):
    base_rows = _planned(capsys, tmp_path, "base", "--no-marginals")
    var_rows = _planned(capsys, tmp_path, "var", "--no-marginals", "--set", SMALLER)
    base = {(r["official_id"], r["to_commune"], r["to_specialty"]) for r in base_rows}
    moved = {oid for oid, *_ in base}

    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--json")
    assert code == 0, err
    data = json.loads(out)
    # the variant is the plan of the smaller budget (the same commune pairs), its officials
    # named after the baseline's where a pair allows (optimize.naming)
    var = {(m["official_id"], m["to_commune"], m["to_specialty"])
           for m in data["variant_moves"]}
    assert Counter((m["from_commune"], m["to_commune"], m["to_specialty"])
                   for m in data["variant_moves"]) == _pairs(var_rows)
    expected = {oid: "same" if (oid, *rest) in base else "elsewhere" if oid in moved
                else "new" for oid, *rest in var}
    count = {k: sum(1 for v in expected.values() if v == k) for k in ("same", "elsewhere",
                                                                     "new")}
    # every move on a commune pair both plans use names the baseline's official
    assert count["same"] == sum((_pairs(base_rows) & _pairs(var_rows)).values())
    stay = len(moved - {oid for oid, *_ in var})
    assert stay > 0 and count["elsewhere"] + count["new"] > 0  # the budget changes the plan
    assert {m["official_id"]: m["against_baseline"] for m in data["variant_moves"]} == expected
    assert data["baseline_officials_not_moved"] == stay

    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--lang", "en")
    assert code == 0, err
    n = f"{len(var):,} move" + ("" if len(var) == 1 else "s")
    assert (f"Of the variant's {n}: {count['same']:,} as in the baseline plan, "
            f"{count['elsewhere']:,} of officials the baseline sends elsewhere, "
            f"{count['new']:,} of officials the baseline keeps; {stay:,} of the officials the "
            "baseline moves stay where they are") in out.splitlines()

    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--lang", "en",
                             "--out", str(tmp_path / "w"))
    assert code == 0, err
    html = (tmp_path / "w" / "report.html").read_text(encoding="utf-8")
    assert "Against the baseline" in html
    for key, words in (("same", "as in the baseline"),
                       ("elsewhere", "sent elsewhere in the baseline"),
                       ("new", "not moved in the baseline")):
        assert html.count(f">{words}<") == count[key], key


def test_a_variant_that_sends_baseline_officials_elsewhere_says_how_to_keep_them(capsys):
    """The hint names the setting; with it the variant sends nobody elsewhere (the demo at a
    smaller budget has plans of equal unmet need that keep every destination) and the hint
    is not repeated."""
    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--lang", "en")
    assert code == 0, err
    hint = [line for line in out.splitlines() if line.startswith("To keep the baseline's")]
    assert hint and "add --keep-baseline-pairs 0.05" in hint[0], out
    code, out, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER,
                             "--keep-baseline-pairs", "0,05", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["baseline_pair_weight"] == 0.05
    assert not [m for m in data["variant_moves"] if m["against_baseline"] != "same"]


def test_the_preference_is_recorded_and_asked_again(tmp_path, capsys):
    """A folder's scenario.toml records the preference ([whatif] keep_baseline_pairs) and asks
    the same question again; a bad value is one line naming the setting; plan has no such
    setting to be silently ignored."""
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER,
                              "--keep-baseline-pairs", "0.05", "--out", str(out), "--json")
    assert code == 0, err
    assert "keep_baseline_pairs = 0.05" in (out / "scenario.toml").read_text(encoding="utf-8")
    code, again, err = run_cli(capsys, "whatif", str(out / "scenario.toml"), "--json")
    assert code == 0, err
    first, second = json.loads(text), json.loads(again)
    assert second["baseline_pair_weight"] == 0.05
    assert second["variant_moves"] == first["variant_moves"]
    code, _, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--keep-baseline-pairs",
                           "-1", "--lang", "en")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "command line: --keep-baseline-pairs: " in err and "0" in err, err
    # one value written two ways is one value (it was refused as two)
    code, _, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--keep-baseline-pairs",
                           "0,05", "--keep-baseline-pairs", "0.05", "--json")
    assert code == 0, err
    code, _, err = run_cli(capsys, "plan", DEMO, "--set", "optimizer.keep_baseline_pairs=0.05",
                           "--lang", "en", "--out", str(tmp_path / "p"))
    assert code != 0 and "keep_baseline_pairs" in err, err


def test_a_whatif_folder_holds_both_named_lists_that_evaluate_reads(tmp_path, capsys):
    """The variant of --keep-baseline-pairs is no plan `staffsim plan` can make: the folder
    holds both plans as plan.csv holds one, and the independent check finds each within the
    rules of its own side (a trial had to rebuild the CSV from whatif.json)."""
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", DEMO, "--set", SMALLER, "--keep-baseline-pairs",
                              "0.05", "--out", str(out), "--json")
    assert code == 0, err
    data = json.loads(text)
    with open(out / "variant_plan.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["official_id"], r["to_commune"]) for r in rows] == [
        (m["official_id"], m["to_commune"]) for m in data["variant_moves"]]
    for name, sets in (("variant_plan.csv", ["--set", SMALLER]), ("baseline_plan.csv", [])):
        code, said, err = run_cli(capsys, "evaluate", DEMO, *sets, "--plan", str(out / name),
                                  "--lang", "en")
        assert code == 0, err
        assert said.startswith("0 rule violations"), said.splitlines()[0]
    assert run_cli(capsys, "verify", str(out))[0] == 0


def test_the_question_is_not_set_with_set(capsys):
    """--set whatif.keep_baseline_pairs made a 'variant' that changed nothing, named by its
    raw key (a trial); plan --set optimizer.keep_baseline_pairs pointed to that key."""
    code, _, err = run_cli(capsys, "whatif", DEMO, "--set", "whatif.keep_baseline_pairs=0.05",
                           "--set", SMALLER, "--lang", "en")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "give the preference with --keep-baseline-pairs" in err, err
    code, _, err = run_cli(capsys, "plan", DEMO, "--set", "optimizer.keep_baseline_pairs=0.05",
                           "--lang", "en")
    assert code != 0 and "whatif." not in err, err
