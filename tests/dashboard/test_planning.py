"""What the dashboard computes, without a page: the same plans as the command line, cached
by inputs + levers + edits, edits respected, exports that verify, comparisons, uploads."""

import dataclasses
import io
import json
import zipfile

import numpy as np
import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.levers import form_of, levers_of
from staffsim.dashboard.planning import EditSet, Inputs, Levers
from staffsim.dashboard.uploads import precheck, read_upload
from staffsim.optimize.check import check_plan
from staffsim.optimize.planner import plan_rows
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = SCENARIOS / "demo.toml"


@pytest.fixture(scope="module")
def demo() -> Inputs:
    return Inputs.load(DEMO)


def test_levers_are_scenario_parameters(demo):
    base = demo.levers
    assert base.budget_vnd == 45e9 and base.zone_multiple == (0.0, 1.25, 1.75)
    assert Levers.of(base.apply(demo.scenario.params)) == base  # round trip
    assert levers_of(form_of(base)) == base  # the panel's form holds exactly the levers
    cut = dataclasses.replace(base, budget_vnd=5e9, recipient_zones=("high_mountain",))
    assert cut.changes(base) == {
        "optimizer.constraints.budget.vnd": 5e9,
        "optimizer.constraints.eligible_recipients.zones": ["high_mountain"]}
    with pytest.raises(ScenarioError, match="max_distance.km"):
        dataclasses.replace(base, max_distance_km=-1).apply(demo.scenario.params)


def test_the_dashboard_plans_what_whatif_plans(demo, capsys):
    """The variant's outcome equals `staffsim whatif --set ... --json` (same functions)."""
    code, out, _ = run_cli(capsys, "whatif", str(DEMO), "--set", "optimizer.budget_vnd=5e9",
                           "--json")
    assert code == 0
    cli = json.loads(out)
    view = planning.plan(demo, dataclasses.replace(demo.levers, budget_vnd=5e9))
    base = planning.plan(demo, demo.levers)
    assert view.outcome["moves"] == cli["variant"]["moves"]
    assert view.outcome["allowance_vnd"] == pytest.approx(cli["variant"]["allowance_vnd"])
    assert base.outcome["moves"] == cli["baseline"]["moves"]
    rows = {r.key: r for r in planning.compare_rows(base, view)}
    assert rows["moves"].change == cli["variant"]["moves"] - cli["baseline"]["moves"]
    assert [c["commune_id"] for c in planning.changed_communes(base, view)] == [
        c["commune_id"] for c in cli["changed_communes"]]
    assert [r.official_id for r in view.rows] == [m["official_id"] for m in cli["variant_moves"]]
    # every plan passes the independent checker
    for v in (base, view):
        assert check_plan(v.state, plan_rows(v.state, v.moves)) == [] and not v.violations


def test_plans_are_cached_by_inputs_levers_and_edits(demo):
    a = planning.plan(demo, demo.levers)
    assert planning.plan(demo, demo.levers) is a
    assert planning.cached_plan(demo, demo.levers) is a
    other = Inputs.load(DEMO, {"optimizer.constraints.max_moves.moves": 3})
    assert other.key != demo.key
    assert planning.cached_plan(other, demo.levers) is None  # another scenario: not mixed in
    pinned = planning.plan(demo, demo.levers, EditSet().pin(a.rows[0].official_id))
    assert pinned is not a


def test_edits_are_respected_and_broken_rules_reported(demo):
    base = planning.plan(demo, demo.levers)
    pin = base.rows[0].official_id
    donor = base.rows[-1].from_commune
    edits = EditSet().pin(pin).close_donor(donor)
    view = planning.plan(demo, demo.levers, edits)
    assert pin not in {r.official_id for r in view.rows}
    assert donor not in {r.from_commune for r in view.rows}
    assert view.violations == []  # pins and closures break no rule
    # forcing a leader to the far mountains breaks the protection rule, and says so
    st = view.state
    leader = next(st.official_id[i] for i in range(len(st.official_id))
                  if st.leader[i] and st.communes.zone[st.commune[i]] == 0)
    target = st.communes.ids[int(np.flatnonzero(st.communes.zone == 2)[0])]
    forced = planning.plan(demo, demo.levers, edits.force(leader, target))
    assert (leader, target) in {(r.official_id, r.to_commune) for r in forced.rows}
    assert "protection" in {v.rule for v in forced.violations}
    # and its annex says so: the leader's row shaded with the finding, a line above the table
    # (the annex exported listed the forced move as any other: a trial)
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(planning.annex_xlsx(forced, demo))).active
    assert ws["A7"].value.startswith("LƯU Ý: phương án trái quy tắc của tỉnh")
    noted = {ws.cell(r, 3).value: ws.cell(r, 2).comment for r in range(9, ws.max_row + 1)
             if ws.cell(r, 2).comment is not None}
    assert list(noted) == [leader] and noted[leader].text.startswith("Trái quy tắc: ")
    assert load_workbook(io.BytesIO(planning.annex_xlsx(view, demo))).active["A7"].value is None
    # the whole result folder's annex too (the zip's annex had no mark: a cold review)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(planning.folder_zip(forced, demo))) as z:
        name = next(n for n in z.namelist() if n.endswith("annex.xlsx"))
        zipped = load_workbook(io.BytesIO(z.read(name))).active
    assert zipped["A7"].value == ws["A7"].value
    assert edits.force(leader, target).pin(leader).moves == ()  # pinning undoes the force
    with pytest.raises(ScenarioError, match="not an official"):
        planning.make_plan(demo, demo.levers, EditSet(keep=("NOBODY",)))


def test_commune_detail_adds_up(demo):
    view = planning.plan(demo, demo.levers)
    r = view.state.communes.ids.index(view.rows[0].to_commune)
    d = planning.commune_detail(view, r)
    before = sum(s["before"] for s in d.specialties)
    after = sum(s["after"] for s in d.specialties)
    assert after - before == len(d.moves_in) - len(d.moves_out) > 0
    assert before == int(view.state.in_post()[r].sum())


def test_the_zipped_folder_verifies_and_carries_the_annex(demo, tmp_path, capsys):
    view = planning.plan(demo, demo.levers)
    data = planning.folder_zip(view, demo)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        z.extractall(tmp_path)
    folder = tmp_path / "plan"
    assert {"plan.csv", "balance.csv", "plan_summary.json", "annex.xlsx",
            "checksums.sha256"} <= {p.name for p in folder.iterdir()}
    code, out, _ = run_cli(capsys, "verify", str(folder))
    assert code == 0 and out.strip().endswith("ok")
    csv_bytes = planning.annex_csv(view)
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    assert len(csv_bytes.decode("utf-8-sig").strip().splitlines()) == len(view.rows) + 1


def test_a_small_comparison_over_time(demo):
    done = []
    out = planning.compare_policies(demo, demo.levers, ("none", "optimised"), 2, 6,
                                    progress=done.append)
    assert sum(done) == 4
    bands = out["bands"]["unmet_fte|high_mountain"]
    assert set(bands) == {"none", "optimised"}
    for b in bands.values():
        assert len(b["mean"]) == 6
        assert all(lo <= m <= hi for lo, m, hi in zip(b["p05"], b["mean"], b["p95"],
                                                      strict=True))
    # transfers at the end of month 0 lower high-mountain unmet need from month 1 on
    assert bands["optimised"]["mean"][-1] < bands["none"]["mean"][-1]
    again = []
    assert planning.compare_policies(demo, demo.levers, ("none", "optimised"), 2, 6,
                                     progress=again.append) is out and sum(again) == 4


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("roster.exe", b"x", "only .csv and .xlsx"),
    ("roster.csv", b"", "empty file"),
    ("roster.xlsx", b"official_id\n", "not an .xlsx workbook"),
    ("roster.csv", "Mã cán\n".encode("cp1252"), "not UTF-8"),
    ("roster.csv", b"a" * 101, "the limit is 100 bytes"),
])
def test_uploads_are_refused_before_they_are_read(name, data, fragment):
    problem = precheck(name, data, limit=100)
    assert problem is not None and fragment in problem.message


def test_an_uploaded_communes_table_replaces_the_scenarios(demo):
    text = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    fewer = "\n".join(lines[:-1]).encode("utf-8")
    result = read_upload(demo, "communes", "xa.csv", fewer)
    assert result.problems == [] and result.rows == len(lines) - 2
    assert len(result.inputs.scenario.communes) == len(demo.scenario.communes) - 1
    assert result.inputs.key != demo.key and "communes" in result.inputs.uploaded
    broken = text.replace(",high_mountain,", ",hill,", 1).encode("utf-8")
    result = read_upload(demo, "communes", "xa.csv", broken)
    assert result.inputs is None
    assert [(p.where, "hill" in p.message) for p in result.problems] == [
        (result.problems[0].where, True)]
    assert result.problems[0].where.startswith("row ") and "column zone" in \
        result.problems[0].where


def test_the_annex_re_plan_advice_is_a_command_that_plans_as_the_tab_did(demo):
    """The dashboard's annex advised 'staffsim plan --month 17' for a transfer date already
    past: no scenario, so a command that plans nothing. It now names the dashboard's scenario
    file and every setting moved; loading the scenario with those settings gives the tab's
    own parameters (and with an uploaded table or a manual edit, which a command cannot be
    given, the options alone, as before)."""
    import re
    import shlex

    from openpyxl import load_workbook

    from staffsim.scenarios.loader import load_scenario, parse_value

    def command_plans_as_the_tab(levers):
        view = planning.plan(demo, levers)
        ws = load_workbook(io.BytesIO(planning.annex_xlsx(view, demo))).active
        # (the planner's notes: the comment on the dates' line, not printed with the decision)
        notes = " ".join(c.comment.text for row in ws.iter_rows() for c in row
                         if c.comment is not None and "staffsim plan" in c.comment.text)
        command = re.search(r"\((staffsim plan [^)]*?) cho tháng", notes).group(1)
        words = shlex.split(command)
        assert words[2] == str(DEMO) and "--month" in words
        sets = dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "--set")
        again = load_scenario(words[2], {k: parse_value(v, k) for k, v in sets.items()})
        tab = planning.scenario_with(demo, levers)
        assert again.params.model_dump() == tab.params.model_dump(), command
        return view

    view = command_plans_as_the_tab(dataclasses.replace(demo.levers, budget_vnd=8e9,
                                                        max_distance_km=150.0))
    # another rule set, each lever it presets differently moved back to the starting set's
    # value (the command left those out, and planned with the new set's preset: review 98)
    start = demo.levers
    other = next(r for r in ("wisn", "province_practice") if r != start.rules)
    preset = Levers.of(demo.params_for(other))
    back = {f.name: getattr(start, f.name) for f in dataclasses.fields(Levers)
            if f.name != "rules" and getattr(preset, f.name) != getattr(start, f.name)}
    assert back  # (the two sets differ somewhere, or this case tests nothing)
    command_plans_as_the_tab(dataclasses.replace(preset, **back))
    pinned = planning.plan(demo, view.levers, EditSet().pin(view.rows[0].official_id))
    assert planning.annex_invocation(pinned, demo) is None


def test_an_edited_plan_names_the_officials_whatif_names(demo, capsys):
    """Manual edits alone (a closed donor): the dashboard names the officials `staffsim whatif
    --close-commune` names, in its order (it named them youngest first while whatif named
    the baseline's: a review)."""
    base = planning.plan(demo, demo.levers)
    closed = base.state.communes.ids[int(base.state.commune[base.moves[-1].row])]
    code, out, err = run_cli(capsys, "whatif", str(DEMO), "--close-commune", closed, "--json")
    assert code == 0, err
    cli = json.loads(out)
    view = planning.plan(demo, demo.levers, EditSet().close_donor(closed))
    assert [r.official_id for r in view.rows] == [m["official_id"] for m in cli["variant_moves"]]
