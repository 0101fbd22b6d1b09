"""plan's marginal-value line read as nonsense to an HR officer of Thanh Hóa: 'nơi đi giữ lại
ít hơn 5 điểm phần trăm biên chế: thiếu hụt +1,2 người quy đổi (vùng cao +1,2), thiếu hụt có
trọng số -6,4, 0 người điều động, hỗ trợ 0 đồng': loosening a rule seemed to raise the
shortfall. The weighted need falls because two essential posts get filled (each weighs 5
points) at the price of 1.2 FTE in high mountain (3 points each): 3 × 1.2 − 5 × 2 = −6.4.
The line now says the essential posts' change, leaves out zones whose change rounds to
nothing, and says that transfers and allowance do not change."""

from __future__ import annotations

import json

from staffsim.results.plan_lines import marginal_lines
from staffsim.results.words import words

from ..conftest import SCENARIOS
from ..helpers import run_cli

# the donor lever of `staffsim plan scenarios/thanh_hoa.toml` (2 December), as the plan's
# summary holds it: FTE 'reductions' negative (the need grows), essential posts 2 fewer empty
_DONOR = {"lever": "donor_quota_minus_5pt", "description": "donors keep 5 points less",
          "status": "Optimal", "weighted_unmet_reduction": 6.4,
          "unmet_fte_reduction": {"lowland": 0.01, "mountain": 0.0, "high_mountain": -1.2,
                                  "province": -1.19},
          "essential_missing_reduction": {"lowland": 0, "mountain": 0, "high_mountain": 2,
                                          "province": 2},
          "extra_moves": 0, "extra_allowance_vnd": 0.0}


def test_the_trade_of_fte_for_essential_posts_is_said():
    [vi] = marginal_lines(words("vi"), [_DONOR])
    assert vi == ("nơi đi giữ lại ít hơn 5 điểm phần trăm biên chế: thiếu hụt +1,2 người quy "
                  "đổi (vùng cao +1,2), lĩnh vực thiết yếu không có người -2 (vùng cao -2), "
                  "thiếu hụt có trọng số -6,4, số người điều động không đổi, kinh phí hỗ trợ "
                  "không đổi"), vi
    assert "đồng bằng" not in vi and "+0,0" not in vi and "0 đồng" not in vi
    [en] = marginal_lines(words("en"), [_DONOR])
    assert "essential posts left empty -2 (high mountain -2)" in en, en
    assert "lowland" not in en and "transfers unchanged" in en and "allowance unchanged" in en


def test_a_step_that_moves_people_says_how_many_and_the_money():
    step = dict(_DONOR, extra_moves=6, extra_allowance_vnd=1.01e9,
                essential_missing_reduction={"lowland": 0, "mountain": 0, "high_mountain": 0,
                                             "province": 0})
    [vi] = marginal_lines(words("vi"), [step])
    assert "số người điều động +6" in vi and "kinh phí hỗ trợ +1,01 tỷ đồng" in vi, vi
    assert "số lĩnh vực thiết yếu không có người không đổi" in vi, vi


def test_the_weighted_change_is_the_fte_and_the_essential_posts(tmp_path, capsys,
                                                                 monkeypatch):
    """An invariant of the plan's objective (zone weights 1, 2, 3 per FTE, 5 per essential
    post left empty: the scenario defaults): each lever's weighted change is the weighted sum
    of its FTE change by zone and its essential posts' change, which the summary now
    carries."""
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    out = tmp_path / "plan"
    code, text, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out", str(out))
    assert code == 0, err
    summary = json.loads((out / "plan_summary.json").read_text(encoding="utf-8"))
    margins = [m for p in summary["by_province"].values() for m in p["marginal_values"]]
    weight = {"lowland": 1.0, "mountain": 2.0, "high_mountain": 3.0}
    for m in margins:
        if m["status"] != "Optimal":
            continue
        fte = sum(weight[z] * m["unmet_fte_reduction"][z] for z in weight)
        gaps = m["essential_missing_reduction"]
        assert gaps["province"] == sum(gaps[z] for z in weight)
        assert abs(m["weighted_unmet_reduction"] - (fte + 5.0 * gaps["province"])) < 1e-6, m
    assert "+0,0" not in text and "0 đồng" not in text
