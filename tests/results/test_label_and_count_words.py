"""Words a reviewer found wrong (each test fails without its fix):

- Vietnamese output showed the bundled scenarios' English sweep-factor labels
  (`staffsim validate scenarios/thanh_hoa.toml --lang vi`: 'allowance budget (VND), …,
  longest move (km)'); a factor's label now goes through the catalogue where it is shown
  (a user's own label, which the catalogue does not hold, stays as written), from one copy
  of the naming functions in results.words.
- The discovery figure said 'allowance budget (VND) VND 54.4 bn', the unit twice.
- ``setting_value`` wrote '22 months' in Vietnamese.
- sensitivity.csv held its indices to 6 significant digits.
- The what-if report and `staffsim run` said '1 months' and '1 replications' /
  'replication(s)'.
- A sweep with a date given with --set died writing sweep.json.
"""

from __future__ import annotations

import csv
import json
import tomllib
from datetime import date

import pytest

from staffsim.i18n import gettext
from staffsim.results import sweep_folder as sf
from staffsim.results.plots import draw, style
from staffsim.results.words import factor_name, group_name, setting_value, words
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS, write_scenario
from ..helpers import run_cli

BUNDLED = sorted(SCENARIOS.glob("*.toml"))


def _factor_labels() -> list[tuple[str, str]]:
    """(key, label) of every sweep factor of the bundled scenarios, read from the files."""
    found = []
    for path in BUNDLED:
        sweep = tomllib.loads(path.read_text(encoding="utf-8")).get("sweep", {})
        for role in ("levers", "uncertainties"):
            found += [(k, f["label"]) for k, f in sweep.get(role, {}).items() if "label" in f]
    return found


def test_the_bundled_scenarios_have_factor_labels():
    assert len(_factor_labels()) >= 6  # thanh_hoa's six and vietnam's province


@pytest.mark.parametrize(("key", "label"), _factor_labels())
def test_a_bundled_label_reads_in_vietnamese_and_as_written_in_english(key, label):
    vi, en = factor_name(words("vi"), key, {key: label}), factor_name(words("en"), key,
                                                                      {key: label})
    assert en == label
    assert vi != label and vi == gettext(label, "vi")
    # a factor label is no zone's name: 'province' read 'toàn tỉnh' (the whole province)
    assert vi != "toàn tỉnh"


def test_a_users_own_label_is_shown_as_written_in_either_language():
    key = "optimizer.constraints.budget.vnd"
    for lang in ("vi", "en"):
        assert factor_name(words(lang), key, {key: "money for moves"}) == "money for moves"
        g = {"factors": [key], "levels": 3}
        assert "money for moves" in group_name(words(lang), g, {key: "money for moves"})
    # no label (or the key itself): staffsim's name in the language
    assert factor_name(words("vi"), key, {key: key}) == gettext("allowance budget", "vi")


def test_a_group_whose_factor_names_hold_commas_is_told_apart_by_semicolons():
    """Three factors, one of them 'hệ số hỗ trợ, vùng cao', joined by ', ' read as four (a
    researcher's trial); names without a comma keep ', '."""
    keys = ["optimizer.budget_vnd", "optimizer.allowance.zone_multiple.high_mountain",
            "optimizer.constraints.max_distance.km"]
    labels = {keys[0]: "ngân sách", keys[1]: "hệ số hỗ trợ, vùng cao", keys[2]: "quãng đường"}
    g = {"factors": keys, "levels": 5, "role": "levers"}
    text = group_name(words("en"), g, labels)
    inside = text[text.index("(") + 1:text.rindex(")")]
    assert inside.split("; ") == ["ngân sách", "hệ số hỗ trợ, vùng cao", "quãng đường"]
    plain = {k: v.replace(",", "") for k, v in labels.items()}
    text = group_name(words("en"), g, plain)
    assert text[text.index("(") + 1:text.rindex(")")].split(", ") == list(plain.values())


def test_one_copy_of_the_factor_names_in_the_lower_layer():
    from staffsim.experiments import sensitivity
    from staffsim.results import words as words_mod
    from staffsim.results.plots import analysis

    for name in ("factor_name", "group_name", "setting_said"):
        assert getattr(sensitivity, name) is getattr(words_mod, name)
    for name in ("factor_name", "group_name", "setting_said"):
        assert getattr(analysis, name) is getattr(words_mod, name)
    assert not hasattr(analysis, "factor_label") and not hasattr(analysis, "group_label")


def test_the_bundled_design_notes_name_the_factors_in_vietnamese():
    """What sweep and analyze say of the bundled design's groups (validate said it, as a
    warning, until the crossed design's groups became a note: design.size_notes)."""
    from staffsim.experiments.design import size_notes
    from staffsim.results.finding_words import say

    sweep = load_scenario(SCENARIOS / "thanh_hoa.toml").params.sweep
    noted = [say(words("vi"), n) for n in size_notes(sweep)]
    assert len(noted) == 2 and all("RBD-FAST" in n for n in noted), noted
    english = [label for _key, label in _factor_labels()]
    for label in english:
        assert all(label not in n for n in noted), (label, noted)
    assert gettext("allowance budget (VND)", "vi") in noted[0]


def _discovery_labels(tmp_path, monkeypatch, lang: str, labels: dict) -> list[str]:
    key = "optimizer.constraints.budget.vnd"
    folder = tmp_path / f"analysis_{lang}"
    folder.mkdir()
    (folder / "analysis.json").write_text(json.dumps({"labels": labels, "discovery": {
        "outcome": "mountain_unmet_fte", "threshold": 650.0, "robust_share": 0.8,
        "min_scenarios": 1, "too_few": 0, "levers": [key],
        "settings": [{"setting": {key: "54400000000"}, "runs": 3, "scenarios": 3,
                      "enough_scenarios": True, "success_share": 0.5, "mean": 700.0,
                      "robust": False}]}}), encoding="utf-8")
    seen: list[str] = []
    monkeypatch.setattr(style, "INSPECT", [lambda fig, out: seen.extend(
        t.get_text() for ax in fig.axes for t in ax.get_yticklabels())])
    draw(folder, ["discovery"], out=tmp_path / f"fig_{lang}",
         scenario=load_scenario(SCENARIOS / "demo.toml"), lang=lang)
    return seen


def test_the_discovery_figure_says_a_labels_unit_once_and_in_the_language(tmp_path,
                                                                          monkeypatch):
    key = "optimizer.constraints.budget.vnd"
    labels = {key: "allowance budget (VND)"}  # thanh_hoa.toml's
    # 54.4e9 đồng = 54.4 bn: the unit once, after the number
    assert _discovery_labels(tmp_path, monkeypatch, "en", labels) == [
        "allowance budget VND 54.4 bn"]
    assert _discovery_labels(tmp_path, monkeypatch, "vi", labels) == [
        "ngân sách hỗ trợ 54,4 tỷ đồng"]


@pytest.mark.parametrize(("lang", "months", "said"), [
    ("vi", 22, "22 tháng"), ("vi", 1, "1 tháng"), ("en", 22, "22 months"),
    ("en", 1, "1 month")])
def test_a_setting_in_months_is_said_in_the_language(lang, months, said):
    assert setting_value(words(lang), "policies.rolling_every_months", months) == said


def test_sensitivity_csv_holds_its_indices_in_full(tmp_path, capsys):
    from ..experiments.test_analyze_trial import LABELLED
    from ..experiments.test_sweep import synthetic_sweep

    # an outcome with many digits, so that shares of its variance have many too
    folder = synthetic_sweep(tmp_path, LABELLED, lambda v, r: v["optimizer.budget_vnd"] / 3e9
                             + v["dynamics.attrition_annual"] * 7 + r / 7)
    code, _out, err = run_cli(capsys, "analyze", str(folder), "--lang", "en")
    assert code == 0, err
    result = json.loads((folder / "analysis" / "analysis.json").read_text(encoding="utf-8"))
    with open(folder / "analysis" / "sensitivity.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    compared = 0
    for name, e in result["sensitivity"].items():
        v = e.get("variance")
        if not v or v.get("noise") is None:
            continue
        row = next(r for r in rows if r["outcome"] == name and r["factor"] ==
                   "replication_noise")
        assert float(row["value"]) == v["noise"]  # the same float, not 6 digits of it
        assert "e" not in row["value"].lower()
        compared += 1
    assert compared


def test_whatif_report_counts_months_and_replications(tmp_path, capsys):
    demo = str(SCENARIOS / "demo.toml")
    # (a what-if simulates 2 months or more: the plans are carried out at month 0)
    for lang, said in (("en", "Both plans simulated over 2 months × 1 replication (common "
                              "seeds)"),
                       ("vi", "Mô phỏng cả hai phương án trong 2 tháng × 1 lần lặp")):
        out = tmp_path / f"w_{lang}"
        code, _o, err = run_cli(capsys, "whatif", demo, "--set", "optimizer.max_moves=0",
                                "--simulate", "--replications", "1", "--months", "2",
                                "--out", str(out), "--lang", lang)
        assert code == 0, err
        assert said in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "months", "reps", "said"), [
    ("en", 1, 1, "1 month from Jul 2025 × 1 replication, seed 3"),
    ("en", 2, 2, "2 months from Jul 2025 × 2 replications, seed 3"),
    ("vi", 1, 1, "1 tháng từ 07/2025 × 1 lần lặp, seed 3")])
def test_run_counts_its_months_and_replications(tmp_path, capsys, tiny, lang, months, reps,
                                                said):
    code, _out, err = run_cli(capsys, "run", str(tiny), "--months", str(months),
                              "--replications", str(reps), "--lang", lang,
                              "--out", str(tmp_path / "r"))
    assert code == 0, err
    first = err.splitlines()[0]
    assert first.endswith(said), first
    assert "(s)" not in first


def test_a_sweep_with_a_date_on_the_command_line_is_written_and_resumes(tmp_path, capsys):
    from ..experiments.test_sweep import DEMO, SWEEP

    path = write_scenario(tmp_path, SWEEP.replace("samples = 3", "samples = 2")
                          .replace("replications = 2", "replications = 1")
                          .replace("months = 4", "months = 1"),
                          communes=DEMO)
    out = tmp_path / "s"
    code, _o, err = run_cli(capsys, "sweep", str(path), "--set",
                            "optimizer.deadline=2025-12-31", "--out", str(out),
                            "--workers", "1")
    assert code == 0, err
    assert "Traceback" not in err
    stored = json.loads((out / sf.SPEC).read_text(encoding="utf-8"))
    assert stored["overrides"]["optimizer.deadline"] == "2025-12-31"
    # --resume compares the spec as sweep.json holds it: the same date matches ...
    from staffsim.experiments.sweep import plan_sweep, sweep_spec

    def spec(day: date) -> dict:
        return sweep_spec(plan_sweep(load_scenario(path, {"optimizer.deadline": day})))

    assert isinstance(spec(date(2025, 12, 31))["overrides"]["optimizer.deadline"], date)
    sf.open_for_resume(out, spec(date(2025, 12, 31)), stored["runs"])
    # ... another does not
    with pytest.raises(ScenarioError, match="optimizer.deadline"):
        sf.open_for_resume(out, spec(date(2026, 1, 31)), stored["runs"])


def test_a_users_label_is_not_read_through_the_catalogue():
    """A user's label that happens to be a catalogue entry kept its own words only while
    the catalogue did not hold it: 'province' read 'toàn tỉnh', 'none' 'không có' (review of
    526baca). Only the bundled scenarios' labels are translated; every one of them is."""
    import re
    from pathlib import Path

    from staffsim.results.words import BUNDLED_LABELS, factor_name, words

    vi = words("vi")
    for label in ("province", "none", "high mountain", "my budget"):
        assert factor_name(vi, "optimizer.budget_vnd", {"optimizer.budget_vnd": label}) == label
    bundled = {m for p in Path(__file__).resolve().parents[2].glob("scenarios/*.toml")
               for m in re.findall(r'^label = "([^"]+)"', p.read_text(encoding="utf-8"), re.M)}
    assert bundled == set(BUNDLED_LABELS)
    for label in bundled:
        assert factor_name(vi, "x.y", {"x.y": label}) != label, label
