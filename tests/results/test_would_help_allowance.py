"""explain's 'what would help' line said "kinh phí hỗ trợ 0 đồng" (allowance VND 0) for a move
by hand within the same budget (trial 92:
``staffsim explain scenarios/thanh_hoa.toml --commune "Mường Chanh"``): read as a free move,
while the move costs VND 147,420,000 like any other into a high-mountain commune, and the
budget's total is what stays the same. The plan's marginal lines say "kinh phí hỗ trợ không
đổi" (allowance unchanged); the line now says it the same way, and a change that adds
allowance still says how much."""

from staffsim.results.words import Words, would_help

BY_HAND = {"change": "move 15544-020 from Lam Sơn here by hand "
                     "(--move 15544-020,16417-017,15553-027=14866)",
           "parameter": None, "value": None, "status": "Optimal",
           "official": {"official_id": "15544-020", "full_name": "Phạm Công Kiên"},
           "officials_received": {"finance": 2, "justice": 1},
           "commune_unmet_change": -1.0, "elsewhere_unmet_fte_change": 1.057844605263199,
           "province_unmet_fte_change": 0.0578446052631989, "extra_allowance_vnd": 0.0}
BUDGET = {**BY_HAND, "change": "add VND 2 bn to the budget", "official": None,
          "parameter": "optimizer.constraints.budget.vnd", "value": 7e9,
          "officials_received": {"finance": 1}, "extra_allowance_vnd": 2e9}


def test_a_move_by_hand_within_the_budget_leaves_the_allowance_unchanged():
    vi = would_help(Words("vi"), BY_HAND)
    assert vi.endswith("; kinh phí hỗ trợ không đổi")
    assert "0 đồng" not in vi
    assert "Phạm Công Kiên (15544-020)" in vi and "thiếu hụt của đơn vị -1,0" in vi
    en = would_help(Words("en"), BY_HAND)
    assert en.endswith("; allowance unchanged") and "VND 0" not in en


def test_a_change_that_adds_allowance_says_how_much():
    # VND 2,000,000,000 more: 2,0 tỷ đồng, with its sign
    vi = would_help(Words("vi"), BUDGET)
    assert vi.endswith("; kinh phí hỗ trợ +2,0 tỷ đồng"), vi
    assert would_help(Words("en"), BUDGET).endswith("; allowance +VND 2.0 bn")
