"""One vocabulary: "essential specialties vacant" (commune x essential specialty with nobody in
post) and "communes with at least one" are counted the same way by run, plan, whatif, explain
and compare on the same state, and agree with a count made by hand from the roster."""

from __future__ import annotations

import csv
import json
from collections import defaultdict

from staffsim.scenarios.params import Params
from staffsim.scenarios.specialties import SPECIALTIES

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_the_same_state_gives_the_same_number_everywhere(tmp_path, capsys):
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, "run", DEMO, "--months", "1", "--replications", "1",
                           "--out", str(run))
    assert code == 0, err
    # by hand: the start roster, the essential specialties of the defaults, communes only
    specs = Params().workload.specialties
    essential = [k for k in SPECIALTIES if getattr(specs, k).essential]
    communes = {r["commune_id"]: r for r in _rows(run / "communes.csv")
                if r["kind"] not in ("department", "party_front")}
    staffed = defaultdict(set)
    for r in _rows(run / "roster.csv"):
        staffed[r["commune_id"]].add(r["specialty"])
    vacant = {c: [s for s in essential if s not in staffed[c]] for c in communes}
    missing = sum(len(v) for v in vacant.values())
    lacking = sum(bool(v) for v in vacant.values())
    assert missing > lacking > 0  # the demo has communes lacking two: the measures differ

    start = next(r for r in _rows(run / "zone_timeseries.csv")
                 if r["month"] == "0" and r["area"] == "province")
    assert float(start["essential_missing"]) == missing
    assert float(start["communes_lacking_essential"]) == lacking

    plan = tmp_path / "plan"
    assert run_cli(capsys, "plan", DEMO, "--no-marginals", "--out", str(plan))[0] == 0
    optimum = json.loads((plan / "plan_summary.json").read_text(encoding="utf-8"))["optimum"]
    assert optimum["essential_missing_before"]["province"] == missing
    assert optimum["communes_lacking_essential_before"]["province"] == lacking

    code, out, _ = run_cli(capsys, "whatif", DEMO, "--set", "optimizer.budget_vnd=5e9", "--json")
    base = json.loads(out)["baseline"]
    assert base["essential_missing_before"]["province"] == missing
    assert base["communes_lacking_essential_before"]["province"] == lacking
    # the plan is the same optimum in plan and whatif
    assert base["essential_missing_after"] == optimum["essential_missing_after"]

    worst = max(vacant, key=lambda c: len(vacant[c]))
    code, out, _ = run_cli(capsys, "explain", DEMO, "--commune", worst, "--json")
    shown = {s["specialty"] for s in json.loads(out)["specialties"] if s["in_post"] == 0
             and s["specialty"] in essential}
    assert shown == set(vacant[worst])

    cmp = tmp_path / "cmp"
    assert run_cli(capsys, "compare", DEMO, "--policies", "none", "--replications", "1",
                   "--months", "1", "--workers", "1", "--out", str(cmp))[0] == 0
    (rep,) = _rows(cmp / "replications.csv")
    # commune-months over one month: the communes with at least one, at the start
    assert float(rep["lacking_essential_months|province"]) == lacking


def test_the_readme_glossary_names_every_measure_people_see():
    """Every plan measure, every outcome of a run's table and every metric of compare's
    report has its row (label, unit) in the README's glossary."""
    from staffsim.model.outcomes import METRICS, OUTCOMES, PLAN_MEASURES

    from ..conftest import REPO

    text = (REPO / "README.md").read_text(encoding="utf-8")
    glossary = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    shown = [*PLAN_MEASURES, *(o for o in OUTCOMES if o.run_headline),
             *(m for m in METRICS if m.report_areas or m.headline)]
    for d in shown:
        row = next((ln for ln in glossary.splitlines()
                    if ln.startswith("| ") and d.label in ln.split("|")[1]), None)
        assert row is not None, d.label
        assert d.unit in row, (d.label, d.unit)


def test_counts_in_the_run_table_are_whole_numbers_when_every_mean_is_one(tmp_path, capsys):
    """One replication: essential specialties vacant are counts (0 13 83 96 on Thanh Hóa at
    the start), shown without a decimal (a new user read '13.0 communes')."""
    from staffsim.cli import main

    from ..conftest import SCENARIOS

    assert main(["run", str(SCENARIOS / "demo.toml"), "--months", "2", "--lang", "en",
                 "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    row = next(ln for ln in out.splitlines() if ln.startswith("Essential specialties vacant"))
    cells = row.split(")")[-1].split()
    # (the demo's mountain zone has no commune: '–')
    assert cells and all(c.replace(",", "").isdigit() or c == "–" for c in cells), row
    assert sum(c == "–" for c in cells) == 1, row
