"""compare and sweep count the communes' work before starting (``limits.STUDY_SERIES``): a
researcher's trial had `compare scenarios/vietnam.toml --replications 10000 --months 36`
accepted (1.8 million simulated months, under that limit, but each a national month of 3,321
communes: about 12 days) while `run` refused far less by its commune-month limit. Refused in
one line naming the product and the limit, exit 2, nothing written; the products below are
multiplied by hand."""

from __future__ import annotations

import pytest

from staffsim.scenarios import limits

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(limits.STUDY_SERIES.env, raising=False)


def test_the_trials_national_compare_is_refused(capsys, tmp_path):
    out = tmp_path / "bigv"
    code, _out, err = run_cli(capsys, "compare", str(SCENARIOS / "vietnam.toml"),
                              "--replications", "10000", "--months", "36", "--workers", "2",
                              "--out", str(out), "--lang", "en")
    err = "\n".join(ln for ln in err.splitlines() if "fewer than 1,500 residents" not in ln)
    # 5 arms x 10,000 x 36 x 3,321 = 5,977,800,000
    assert_one_line_error(code, err, "compare: 5 arms × 10,000 replications × 36 months × "
                          "3,321 communes (5,977,800,000) exceeds the commune-months of a "
                          "compare or sweep limit 20,000,000 commune-months",
                          "STAFFSIM_MAX_STUDY_COMMUNE_MONTHS")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_long_sweep_is_refused_in_vietnamese(capsys, tmp_path):
    out = tmp_path / "sw"
    code, _out, err = run_cli(capsys, "sweep", str(SCENARIOS / "thanh_hoa.toml"),
                              "--set", "sweep.months=200", "--set", "sweep.samples=1000",
                              "--set", "sweep.lever_samples=0", "--out", str(out), "--lang", "vi")
    # 1,000 points x 10 replications x 200 months x 166 communes = 332,000,000 (2,000,000
    # simulated months: not over that limit)
    assert_one_line_error(code, err, "1.000 điểm × 10 lần lặp × 200 tháng × 166 xã, phường "
                          "(332.000.000) vượt quá giới hạn số xã-tháng của một lần so sánh "
                          "hoặc quét: 20.000.000 xã-tháng")
    assert not out.exists()


def test_the_environment_variable_sets_the_limit(capsys, tmp_path, monkeypatch):
    # the demo's 21 communes: 1 arm x 2 x 3 months x 21 = 126 commune-months
    monkeypatch.setenv(limits.STUDY_SERIES.env, "125")
    args = ("compare", str(SCENARIOS / "demo.toml"), "--policies", "none", "--replications",
            "2", "--months", "3", "--workers", "1", "--lang", "en")
    code, _out, err = run_cli(capsys, *args, "--out", str(tmp_path / "a"))
    assert_one_line_error(code, err, "(126) exceeds", "limit 125 commune-months")
    assert not (tmp_path / "a").exists()
    monkeypatch.setenv(limits.STUDY_SERIES.env, "126")
    code, _out, err = run_cli(capsys, *args, "--out", str(tmp_path / "b"))
    assert code == 0, err


def test_a_sweep_over_provinces_counts_each_points_communes():
    """The national sweep runs each province on its own: its points' communes add up to the
    country's 3,321 (each commune is in one province), not 34 x 3,321."""
    from staffsim.experiments.sweep import plan_sweep, point_communes
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(SCENARIOS / "vietnam.toml")
    plan = plan_sweep(sc)
    per_point = point_communes(sc, plan.design)
    assert len(per_point) == 34
    assert sum(per_point) == 3321
    # Thanh Hóa (38) has its 166 communes
    at = [plan.design.point(i)["province.provinces"] for i in range(34)].index("38")
    assert per_point[at] == 166
