"""A researcher's trial of ``staffsim compare`` from a clean clone: an arm named twice, a
table of means only, 'every K months', '1 replications'."""

from __future__ import annotations

import csv
import json
import re

import pytest

from staffsim.model.outcomes import report_rows
from staffsim.results.words import Words
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")
TINY_RUN = ("--replications", "2", "--months", "3", "--workers", "1")


def _comparison(folder) -> dict[tuple[str, str, str], dict[str, str]]:
    with open(folder / "comparison.csv", encoding="utf-8") as f:
        return {(r["arm"], r["metric"], r["area"]): r for r in csv.DictReader(f)}


# --- 1. an arm named twice ----------------------------------------------------------------

@pytest.mark.parametrize("arms", ["none,none", "none,optimised,none"])
def test_an_arm_named_twice_is_refused_before_anything_runs(tmp_path, capsys, monkeypatch,
                                                            arms):
    """'none,none' ran the arm twice under one key: '2 arms', one column, replications.csv
    with every row twice, 'no action leaves the least unmet need: 865 FTE-months, against
    865 under no action' and a folder its own verify failed; 'none,optimised,none' ended in
    'internal error: ValueError: operands could not be broadcast together'. Now one line
    naming the arm, exit 2, nothing simulated, no folder."""
    from staffsim.experiments import compare

    def no_run(*args, **kwargs):
        raise AssertionError("simulated")
    monkeypatch.setattr(compare, "run_compare", no_run)
    out = tmp_path / "D"
    code, _, err = run_cli(capsys, "compare", DEMO, "--policies", arms, *TINY_RUN,
                           "--out", str(out))
    assert_one_line_error(code, err, "command line: --policies",
                          "arm 'none' is named 2 times", "name each arm once")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_an_arm_named_twice_in_the_scenario_file_is_refused_by_compare_and_validate(
        tmp_path, capsys):
    """The same for the arms the scenario file's compare section runs (default_arms): the
    line names the file and the field; validate refuses the file too."""
    path = tmp_path / "twice.toml"
    path.write_text(DEMO_WITH.format(arms='"none", "greedy", "none"'), encoding="utf-8")
    code, _, err = run_cli(capsys, "compare", str(path), *TINY_RUN,
                           "--out", str(tmp_path / "D"))
    assert_one_line_error(code, err, str(path), "compare.default_arms",
                          "arm 'none' is named 2 times")
    assert not (tmp_path / "D").exists()
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, str(path), "compare.default_arms", "'none'")
    # an unknown default arm is the file's fault, said as such (it read '--policies')
    path.write_text(DEMO_WITH.format(arms='"none", "nobody"'), encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, str(path), "compare.default_arms", "unknown arm 'nobody'")


def test_an_arm_named_twice_is_said_in_vietnamese(tmp_path, capsys):
    code, _, err = run_cli(capsys, "compare", DEMO, "--policies", "none,none", *TINY_RUN,
                           "--out", str(tmp_path / "D"), "--lang", "vi")
    assert_one_line_error(code, err, "staffsim: lỗi: dòng lệnh: --policies: phương án 'none' "
                          "được nêu 2 lần; mỗi phương án chỉ nêu một lần")


# the demo scenario (its communes read from where it is) with its own compare section
DEMO_WITH = (SCENARIOS / "demo.toml").read_text(encoding="utf-8").replace(
    '"data/demo_communes.csv"', f'"{SCENARIOS / "data" / "demo_communes.csv"}"').replace(
    "{", "{{").replace("}", "}}") + "\n[compare]\ndefault_arms = [{arms}]\n"


# --- 2. intervals and paired differences in the table -------------------------------------

CELL = re.compile(r"(?P<mean>[^(]+?)(?: \((?P<lo>.+?)(?:–| – )(?P<hi>.+)\))?")


def _number(text: str, scale: float = 1.0) -> tuple[float, float]:
    """(value, half of its last shown digit) of a number as an English table writes it:
    '865', '+1.0%', '+0.9 pp' (a change of a share, in percentage points), '-VND 1.5 bn';
    ``scale``: the unit of a money bound, which is said once, after its mean ('VND 1.5 bn
    (1.4–1.6)')."""
    t = text.strip().replace("VND", "").replace(",", "").replace(" ", "")
    for suffix, unit in (("pp", 0.01), ("%", 0.01), ("bn", 1e9), ("m", 1e6)):
        if t.endswith(suffix):
            t, scale = t[:-len(suffix)], unit
    decimals = len(t.split(".")[1]) if "." in t else 0
    return float(t) * scale, (0.5 * 10.0 ** -decimals + 1e-9) * scale


def _check_cell(cell: str, row: dict[str, str], prefix: str, where: str) -> None:
    """The cell's mean and interval are comparison.csv's, as rounded for showing; a number
    alone: the interval rounds to it."""
    m = CELL.fullmatch(cell)
    assert m, (where, cell)
    mean, half = _number(m["mean"])
    scale = 1e9 if m["mean"].endswith("bn") else 1e6 if m["mean"].endswith(" m") else 1.0
    mean_col = "diff_vs_reference_mean" if prefix else "mean"
    want = {"mean": float(row[mean_col]), "lo": float(row[f"{prefix}p05"]),
            "hi": float(row[f"{prefix}p95"])}
    assert abs(mean - want["mean"]) <= half, (where, cell, want)
    for k in ("lo", "hi"):
        value, h = (mean, half) if m["lo"] is None else _number(m[k], scale)
        assert abs(value - want[k]) <= h, (where, cell, k, want)


def test_the_table_shows_each_mean_with_its_interval_and_the_paired_change(tmp_path, capsys):
    """The terminal and the report's key table showed means only, while the README promises
    90% bands and paired differences. Every number shown now is comparison.csv's: each
    arm's mean with its 90% band, and its paired change against the reference arm
    with that change's interval (none beside the reference itself)."""
    out = tmp_path / "c"
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--policies",
                                "none,greedy,optimised", *TINY_RUN, "--out", str(out))
    assert code == 0, err
    rows = _comparison(out)
    labels = {r["label"]: r["arm"] for r in rows.values()}
    summary = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    _ = Words("en")
    titles = {_.title(m.label, m.unit, a): (m.name, a)
              for m, a in report_rows(summary["zones"])}
    lines = stdout.splitlines()
    assert lines[0].split() == ["mean", "change", "against", "no", "action"]
    # (two replications: a rough interval, said in the header)
    assert lines[1].split() == ["(rough", "90%", "band)", "(rough", "90%", "band)"]
    measure, cells, intervals = None, 0, 0
    for line in lines[2:]:
        if line in titles:
            measure = titles[line]
            continue
        if not line.startswith("  "):
            break  # the note under the table
        parts = re.split(r"\s{2,}", line.strip())
        arm = labels[parts[0]]
        row = rows[(arm, *measure)]
        _check_cell(parts[1], row, "", line)
        if arm == "none":
            assert len(parts) == 2, line  # no change against itself
        else:
            _check_cell(parts[2], row, "diff_", line)
        cells += len(parts) - 1
        intervals += line.count("–")
    assert measure is not None and cells == len(titles) * 5, stdout
    assert intervals >= 10, stdout  # two replications that differ give intervals
    assert "90% band: from the 5th to the 95th percentile" in stdout
    # the report's key table holds the same cells
    md = (out / "report.md").read_text(encoding="utf-8")
    shown = [re.split(r"\s{2,}", ln.strip()) for ln in lines[2:] if ln.startswith("  ")]
    table = [[c.strip() for c in ln.strip("|").split("|")] for ln in md.splitlines()
             if ln.startswith("| ") and ln.strip("| ") and ln.split("|")[1].strip() in labels]
    assert [[c for c in r if c] for r in table] == shown


def test_intervals_are_written_as_each_language_writes_numbers():
    """Vietnamese 1.234,5 and an en dash for ranges; money once, in the mean's unit; a
    number alone where the interval rounds to it."""
    from staffsim.results.compare_lines import interval

    vi, en = Words("vi"), Words("en")
    band = {"mean": 1234.54, "p05": 1200.0, "p95": 1260.31}
    assert interval(vi, band, "FTE") == "1.234,5 (1.200,0–1.260,3)"
    assert interval(en, band, "FTE") == "1,234.5 (1,200.0–1,260.3)"
    assert interval(en, {"mean": 865.2, "p05": 842.4, "p95": 890.1},
                    "FTE-months") == "865 (842–890)"
    change = {"mean": -188.2, "p05": -190.4, "p95": -186.1}
    assert interval(vi, change, "FTE-months", sign=True) == "-188 (-190 – -186)"
    money = {"mean": 1.52e9, "p05": 1.41e9, "p95": 1.63e9}
    assert interval(vi, money, "VND") == "1,5 tỷ đồng (1,4–1,6)"
    assert interval(en, money, "VND") == "VND 1.5 bn (1.4–1.6)"
    assert interval(en, money, "VND", sign=True) == "+VND 1.5 bn (+1.4 – +1.6)"
    assert interval(vi, {"mean": 187.0, "p05": 186.9, "p95": 187.2}, "officials") == "187"
    assert interval(en, {"mean": 0.9553, "p05": 0.9552, "p95": 0.9553}, "share") == "95.5%"
    assert interval(en, {"mean": 1.5, "p05": 0.05, "p95": 3.0}, "officials",
                    sign=True) == "+2 (0 – +3)"  # a bound that rounds to 0 has no sign
    assert interval(en, {"mean": None, "p05": None, "p95": None}, "share") == "–"


# --- 3. 'every K months' ------------------------------------------------------------------

def test_the_rolling_arm_says_its_k(tmp_path, capsys):
    """'re-optimised every K months' in tables, figures and the answer: K never said. Now
    the arm's own policies.rolling_every_months (the scenario's 12; 6 by --set; an arm
    setting its own, 3), in both languages."""
    k = load_scenario(DEMO).params.policies.rolling_every_months
    assert k == 12
    out = tmp_path / "c"
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--policies", "none,rolling",
                                *TINY_RUN, "--out", str(out))
    assert code == 0, err
    assert "K months" not in stdout and "  re-optimised every 12 months  " in stdout
    assert {r["label"] for r in _comparison(out).values()} == {
        "no action", "re-optimised every 12 months"}
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "every K" not in report and "; re-optimised every 12 months?" in report
    # the figures name the arms from the folder: its K too, in the language
    from staffsim.results.plots.compare import arm_names
    from staffsim.results.plots.registry import Source

    assert arm_names(Source(out, lang="vi"))["rolling"] == "tối ưu lại mỗi 12 tháng"
    assert arm_names(Source(out, lang="en"))["rolling"] == "re-optimised every 12 months"
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--policies", "none,rolling",
                                *TINY_RUN, "--set", "policies.rolling_every_months=6",
                                "--lang", "vi", "--out", str(tmp_path / "c6"))
    assert code == 0, err
    assert "  tối ưu lại mỗi 6 tháng  " in stdout
    path = tmp_path / "own.toml"
    path.write_text(DEMO_WITH.format(arms='"none"') + (
        '[compare.arms.rolling3]\npolicies = ["rolling_transfers"]\n'
        'label = "re-optimised every K months"\n'
        'set = {"policies.rolling_every_months" = 3}\n'
        '[compare.arms.monthly]\npolicies = ["rolling_transfers"]\n'
        'label = "re-optimised every K months"\n'
        'set = {"policies.rolling_every_months" = 1}\n'), encoding="utf-8")
    code, stdout, err = run_cli(capsys, "compare", str(path), "--policies",
                                "none,rolling,rolling3,monthly", *TINY_RUN,
                                "--out", str(tmp_path / "c3"))
    assert code == 0, err
    for label in ("re-optimised every 12 months", "re-optimised every 3 months",
                  "re-optimised every month"):
        assert f"  {label}  " in stdout, label


# --- 5. '1 replications', '1 arms' -------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "vi"])
def test_one_arm_one_replication_one_month_are_counted_as_one(tmp_path, capsys, lang):
    """'1 arms x 1 replications x 1 months', 'Over 1 months and 1 replications, no action
    leaves the least unmet need: 287 FTE-months, against 287 under no action'."""
    out = tmp_path / "one"
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--policies", "none",
                                "--replications", "1", "--months", "1", "--workers", "1",
                                "--out", str(out), "--lang", lang)
    assert code == 0, err
    report = (out / "report.md").read_text(encoding="utf-8")
    unmet = float(_comparison(out)[("none", "unmet_fte_months", "province")]["mean"])
    if lang == "en":
        assert "1 arm x 1 replication x 1 month, seed" in err
        assert (f"Over 1 month and 1 replication, no action leaves {unmet:,.0f} FTE-months of "
                "unmet need.") in report
        assert "over 1 month, and at what cost" in report
        assert "1 month from Jul 2025, 1 replication, root seed" in report
        assert "No other policy was run" in report and "against" not in report.split(
            "## The answer")[1].split("## Key figures")[0]
        for text in (err, stdout, report):
            assert not re.search(r"\b1 (arms|replications|months)\b", text), text
        assert stdout.splitlines()[0].split() == ["mean"] and "interval" not in stdout
    else:
        assert "1 phương án x 1 lần lặp x 1 tháng, seed" in err
        assert (f"Trong 1 tháng và 1 lần lặp, không can thiệp để lại thiếu hụt "
                f"{unmet:,.0f} người-tháng quy đổi.") in report


def test_several_arms_replications_and_months_are_counted_as_many(tmp_path, capsys):
    code, _, err = run_cli(capsys, "compare", DEMO, "--policies", "none,greedy", *TINY_RUN,
                           "--out", str(tmp_path / "c"))
    assert code == 0, err
    assert "2 arms x 2 replications x 3 months, seed" in err
