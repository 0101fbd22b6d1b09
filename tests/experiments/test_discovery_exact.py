"""Scenario discovery as a data file and as rows people read: discovery.csv rounded each
lever setting to 4 significant digits and its mean to 6, so its rows could not be joined with
design.csv by value; a row read 'allowance budget (VND) VND 54.4 bn', the unit twice; and
'(1 scenario(s), 1 runs)'."""

from __future__ import annotations

import csv

import pyarrow.parquet as pq
import pytest

from staffsim.experiments.sensitivity import setting_said
from staffsim.results import sweep_folder as sf
from staffsim.results.words import words

from ..helpers import run_cli
from .test_analyze_trial import LABELLED
from .test_sweep import synthetic_sweep

LEVERS = ("optimizer.budget_vnd", "optimizer.donor_floor")
THRESHOLD = 5  # LABELLED's sweep.discovery.threshold


def rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def budget_and_floor(v: dict, r: int) -> float:
    """A mean with many digits: the budget in bn plus a third of the floor."""
    return v["optimizer.budget_vnd"] / 1e9 + v["optimizer.donor_floor"] / 3


def test_discovery_csv_joins_design_csv_by_value_and_holds_its_numbers_in_full(tmp_path,
                                                                                capsys):
    folder = synthetic_sweep(tmp_path, LABELLED.replace('label = "money for moves"\n', ""),
                             budget_and_floor)
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0, err
    found = rows(folder / "analysis" / "discovery.csv")
    design = {tuple(r[k] for k in LEVERS) for r in rows(folder / "design.csv")}
    t = pq.read_table(folder / sf.TABLE).to_pydict()
    runs = list(zip(*(t[f"in:{k}"] for k in LEVERS), t["mountain_unmet_fte"], strict=True))
    assert len(found) == 4  # LABELLED's 4 lever samples, crossed with 5 scenarios
    for r in found:
        setting = tuple(r[k] for k in LEVERS)
        assert setting in design, (setting, design)  # the same text as design.csv's
        y = [y for *inputs, y in runs if tuple(inputs) == tuple(map(float, setting))]
        assert len(y) == int(r["runs"]) == 10  # 5 scenarios x 2 replications
        assert float(r["mean"]) == pytest.approx(sum(y) / len(y), rel=1e-13, abs=0)
        assert float(r["success_share"]) == sum(v < THRESHOLD for v in y) / len(y)
    # rounding is for the rows people read: 4 budgets in VND bn, one decimal
    code, out, _err = run_cli(capsys, "analyze", str(folder), "--lang", "en", "--force")
    budgets = {float(r["optimizer.budget_vnd"]) for r in found}
    for b in budgets:
        assert f"VND {b / 1e9:.1f} bn" in out


@pytest.mark.parametrize(("lang", "key", "label", "value", "said"), [
    # the label's unit is the value's: said once
    ("en", "optimizer.budget_vnd", "allowance budget (VND)", "54400000000",
     "allowance budget VND 54.4 bn"),
    # (a bundled scenario's label, thanh_hoa.toml's, reads in the language)
    ("vi", "optimizer.budget_vnd", "allowance budget (VND)", "54400000000",
     "ngân sách hỗ trợ 54,4 tỷ đồng"),
    ("vi", "optimizer.budget_vnd", "ngân sách hỗ trợ (đồng)", "54400000000",
     "ngân sách hỗ trợ 54,4 tỷ đồng"),
    ("en", "optimizer.budget_vnd", "allowance budget (VND)", "1e10 to 2e10",
     "allowance budget VND 10.0 bn to VND 20.0 bn"),
    ("en", "policies.rolling_every_months", "re-plan every (months)", "12",
     "re-plan every 12 months"),
    # the value carries its unit (road km), never the label: name, then value with unit
    ("en", "optimizer.constraints.max_distance.km", "longest move (km)", "220",
     "longest move 220 km"),
    ("vi", "optimizer.constraints.max_distance.km", "longest move (km)", "213.9",
     "quãng đường điều động xa nhất 213,9 km"),
    # a parameter staffsim gives no unit: the label's '(km)' moves to the value
    ("en", "x.y", "walk (km)", "12", "walk 12 km"),
    # a distance labelled without its unit still says it; a bin says it at both ends
    ("en", "optimizer.constraints.max_distance.km", "longest move", "220", "longest move 220 km"),
    ("vi", "optimizer.constraints.max_distance.km", "longest move (km)", "60 to 213.9",
     "quãng đường điều động xa nhất 60 km đến 213,9 km"),
    # other brackets stay
    ("en", "optimizer.budget_vnd", "allowance budget (draft)", "54400000000",
     "allowance budget (draft) VND 54.4 bn"),
])
def test_a_unit_the_label_shows_is_not_said_again(lang, key, label, value, said):
    assert setting_said(words(lang), key, value, {key: label}) == said


def test_discovery_rows_say_a_unit_once_and_count_one_as_one(tmp_path, capsys):
    body = (LABELLED.replace('label = "money for moves"', 'label = "money for moves (VND)"')
            .replace("lever_samples = 4", "lever_samples = 0").replace("replications = 2",
                                                                       "replications = 1"))
    folder = synthetic_sweep(tmp_path, body, budget_and_floor)
    for lang, unit in (("en", "VND "), ("vi", " tỷ đồng")):
        code, out, _err = run_cli(capsys, "analyze", str(folder), "--lang", lang, "--force")
        assert code == 0
        shown = [ln for ln in out.splitlines() if "money for moves" in ln
                 and ("scenario" in ln or "kịch bản" in ln)]
        assert len(shown) == 5, out  # one setting per point of the joint sample
        for ln in shown:
            assert "(VND)" not in ln and ln.count(unit) == 1, ln
            assert ln.count("money for moves ") == 1
        if lang == "en":
            assert all("(1 scenario, 1 run)" in ln for ln in shown), shown
