"""whatif --simulate counts the communes' work before anything is solved or simulated, by the
limit compare and sweep have (``limits.STUDY_SERIES``): 2 plans x replications x months x
communes. It counted only the simulated months (2 plans x replications x months), and only
after both plans were solved. Refused in one line naming the product and the limit, exit 2,
no folder; the products below are multiplied by hand."""

from __future__ import annotations

import pytest

import staffsim.experiments.states as states
import staffsim.optimize.whatif as whatif_mod
from staffsim.scenarios import limits

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.fixture(autouse=True)
def _default_limits(monkeypatch):
    for limit in (limits.STUDY_SERIES, limits.SIM_MONTHS):
        monkeypatch.delenv(limit.env, raising=False)


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test if a state is simulated or a plan solved."""
    def worked(*args, **kwargs):
        raise AssertionError("work started before the limit was checked")

    monkeypatch.setattr(states, "single_state", worked)
    monkeypatch.setattr(whatif_mod, "plan_reports", worked)


@pytest.mark.parametrize("lang, said", [
    ("en", "--simulate: 2 plans × 1,000 replications × 600 months × 166 communes "
           "(199,200,000) exceeds the commune-months of a compare or sweep limit 20,000,000 "
           "commune-months"),
    ("vi", "2 phương án × 1.000 lần lặp × 600 tháng × 166 xã, phường (199.200.000) vượt quá "
           "giới hạn số xã-tháng của một lần so sánh hoặc quét: 20.000.000 xã-tháng"),
])
def test_a_long_simulated_whatif_is_refused_before_solving(capsys, tmp_path, no_work, lang,
                                                           said):
    # 2 x 1,000 x 600 = 1,200,000 simulated months: under that limit (2,000,000); x 166
    # Thanh Hóa communes = 199,200,000 commune-months
    out = tmp_path / "w"
    code, _out, err = run_cli(capsys, "whatif", str(SCENARIOS / "thanh_hoa.toml"), "--set",
                              "optimizer.budget_vnd=10e9", "--simulate", "--replications",
                              "1000", "--months", "600", "--out", str(out), "--lang", lang)
    assert_one_line_error(code, err, said)
    assert list(tmp_path.iterdir()) == []


def test_the_environment_variable_sets_the_whatif_limit(capsys, tmp_path, monkeypatch):
    # the demo's 21 communes: 2 plans x 2 replications x 3 months x 21 = 252 commune-months
    args = ("whatif", str(SCENARIOS / "demo.toml"), "--set", "optimizer.budget_vnd=1e9",
            "--simulate", "--replications", "2", "--months", "3", "--lang", "en")
    monkeypatch.setenv(limits.STUDY_SERIES.env, "251")
    code, _out, err = run_cli(capsys, *args)
    assert_one_line_error(code, err, "(252) exceeds", "limit 251 commune-months")
    monkeypatch.setenv(limits.STUDY_SERIES.env, "252")
    code, _out, err = run_cli(capsys, *args)
    assert code == 0, err
