"""The side-by-side table of policy arms: a row per zone the province has."""

from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
from staffsim.i18n import language
from staffsim.results.compare_lines import arms_rows
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.zones import ZONES

from ..conftest import SCENARIOS


def test_unmet_need_has_a_row_for_each_zone_the_province_has():
    """The demo has lowland wards and high-mountain communes, no mountain ones: its table
    showed a mountain row of zeros and no lowland row, hiding what transfers cost the donor
    wards. Now: lowland, high mountain and the province; the rows agree with the arms' means."""
    sc = load_scenario(SCENARIOS / "demo.toml")
    assert sorted({ZONES[z] for z in sc.communes.zone}) == ["high_mountain", "lowland"]
    specs = arm_specs(sc, ["none", "optimised"], 3)
    summary = summarize_arms(specs, run_compare(specs, 1, 7))
    assert summary["zones"] == ["lowland", "high_mountain"]
    with language("en"):
        _, rows = arms_rows(summary)
    unmet = [r[0] for r in rows if r[0].startswith("Unmet need over the horizon")]
    assert unmet == ["Unmet need over the horizon, lowland (FTE-months)",
                     "Unmet need over the horizon, high mountain (FTE-months)",
                     "Unmet need over the horizon, province (FTE-months)"]
    areas = summary["arms"]["none"]["metrics"]["unmet_fte_months"]["areas"]
    # the zones' rows add up to the province's (each commune is in one zone)
    assert abs(areas["lowland"]["mean"] + areas["high_mountain"]["mean"]
               + areas["mountain"]["mean"] - areas["province"]["mean"]) < 1e-6


def test_the_answer_quotes_the_paired_change_of_the_arm_it_names(tmp_path):
    """The third sentence named the cheapest better arm but quoted the best arm's interval,
    and with one replication an 'interval' of -4,043 to -4,043. Now the named arm's mean
    change with its 90% band (none with one replication)."""
    from staffsim.results.report_contents import compare_report

    sc = load_scenario(SCENARIOS / "demo.toml")
    for reps in (1, 3):
        specs = arm_specs(sc, ["none", "optimised", "contracts"], 6)
        summary = summarize_arms(specs, run_compare(specs, reps, 7))
        arms = summary["arms"]

        def mean(k, name, arms=arms):
            return arms[k]["metrics"][name]["areas"]["province"]["mean"]
        better = [k for k in arms if k != "none"
                  and mean(k, "unmet_fte_months") < mean("none", "unmet_fte_months")]
        cheapest = min(better, key=lambda k: mean(k, "cost_vnd"))
        change = arms[cheapest]["metrics"]["unmet_fte_months"]["areas"]["province"][
            "vs_reference"]
        with language("en"):
            answer = compare_report(sc, summary, 6, reps, 7, tmp_path).answer
        # (after the first two sentences: the next arm's sentence, told apart or not, comes
        # between them when there are replications to judge it by)
        text = next(a for a in answer if a.startswith("The cheapest policy"))
        assert f"by {change['mean']:+,.0f} FTE-months" in text, text
        if reps == 1:
            assert "one replication: no band" in text
        else:
            assert f"{change['p05']:,.0f} to {change['p95']:,.0f}" in text, text


def test_a_run_report_writes_whole_counts_whole(tmp_path):
    """'96,0 at the start ... in 46,0 and 48,3 communes': a mean of counts that is whole
    (the start is the same in every replication; one replication) is written without a
    decimal."""
    import json

    from staffsim.cli import main
    from staffsim.results.report_contents import run_report

    out = tmp_path / "run"
    assert main(["run", str(SCENARIOS / "demo.toml"), "--months", "6", "--replications", "1",
                 "--out", str(out)]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    a = summary["areas"]["province"]
    n = [a[k][w]["mean"] for k in ("essential_missing", "communes_lacking_essential")
         for w in ("start", "end")]
    assert all(float(x).is_integer() for x in n)
    sc = load_scenario(SCENARIOS / "demo.toml")
    with language("en"):
        answer = run_report(sc, summary, out).answer
    assert (f"Essential specialties vacant: {n[0]:,.0f} at the start and {n[1]:,.0f} at the "
            f"end, in {n[2]:,.0f} and {n[3]:,.0f} communes.") in answer, answer


def test_marginal_lines_over_several_provinces_say_each_province_moves_its_lever():
    """A national plan read 'one more VND 1 bn of allowance budget: ... allowance +VND 9.96
    bn': each of the 34 provinces got its own extra billion and the sums are over all of
    them, which the line did not say (a planner's trial)."""
    from staffsim.results.plan_lines import marginal_lines
    from staffsim.results.words import words

    one = {"lever": "budget_plus_1bn", "description": "", "status": "Optimal",
           "unmet_fte_reduction": {"lowland": 0.0, "mountain": 1.0, "high_mountain": 2.0,
                                   "province": 3.0},
           "weighted_unmet_reduction": 6.0, "extra_moves": 3, "extra_allowance_vnd": 0.3e9}
    (alone,) = marginal_lines(words("en"), [one])
    assert alone.startswith("one more VND 1 bn of allowance budget: unmet need -3.0 FTE")
    (both,) = marginal_lines(words("en"), [one, {**one}])
    assert both.startswith("one more VND 1 bn of allowance budget, in each of the 2 "
                           "provinces: unmet need -6.0 FTE"), both
    assert "+VND 0.60 bn" in both  # the sum over the provinces
