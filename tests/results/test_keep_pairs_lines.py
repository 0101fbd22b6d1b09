"""The what-if's lines on the baseline's destinations: a tiny preference is said with its
digits (1e-9 read '0.000000'), and a variant with no plan says nothing of its moves (it said
'of the variant's 0 moves: 0 as in the baseline' and the preference)."""

from __future__ import annotations

from staffsim.results.whatif import keep_pairs_hint, moves_against_baseline
from staffsim.results.words import words

MOVES = [{"official_id": "A", "against_baseline": "elsewhere"}]


def test_a_tiny_weight_is_said_with_its_digits():
    line = keep_pairs_hint(words("en"), {"variant_moves": MOVES, "baseline_pair_weight": 1e-9,
                                         "variant": {"plan_found": True}})
    assert "worth 0.000000001 points" in line, line


def test_no_variant_plan_says_nothing_of_its_moves():
    data = {"variant_moves": [], "baseline_officials_not_moved": 3,
            "baseline_pair_weight": 0.05, "variant": {"plan_found": False}}
    assert keep_pairs_hint(words("en"), data) is None
    assert moves_against_baseline(words("en"), data) is None
    data["variant"]["plan_found"] = True
    assert moves_against_baseline(words("en"), data).startswith("Of the variant's 0 moves")
