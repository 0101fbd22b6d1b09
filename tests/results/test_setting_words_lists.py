"""A what-if's settings as people read them: the Party/Front pool's key and its unit kinds
were shown raw ('optimizer.constraints.eligible_recipients.pool_kinds: department,
party_front') and a list of amounts without separators or unit ('500000, 1000000'), in the
header, the question and the report of an HR officer's what-if (helper 92's trial)."""

from __future__ import annotations

import pytest

from staffsim.results.words import setting_words, words

POOL = "optimizer.constraints.eligible_recipients.pool_kinds"


@pytest.mark.parametrize(("lang", "key", "value", "said"), [
    ("vi", POOL, ["department", "party_front"],
     "đơn vị ngoài xã, phường được điều động đi là sở, ban, ngành; cơ quan Đảng, Mặt trận Tổ "
     "quốc"),
    ("en", POOL, ["department", "party_front"],
     "units outside the communes that may give set to department (sở, ban, ngành); Party / "
     "Fatherland Front unit"),
    ("vi", "optimizer.allowance.distance_band_vnd", [500_000, 2_000_000],
     "mức hỗ trợ của từng khoảng cách là 500.000 đồng mỗi tháng, 2,0 triệu đồng mỗi tháng"),
    ("en", "optimizer.allowance.distance_bands_km", [10, 20.5],
     "allowance distance bands (from, km) set to 10 km, 20.5 km"),
    ("en", "optimizer.allowance.distance_threshold_vnd", 1_000_000,
     "allowance beyond the distance threshold set to VND 1.0 m a month"),
])
def test_settings_are_said_in_words_and_units(lang, key, value, said):
    assert setting_words(words(lang), key, value) == said


@pytest.mark.parametrize(("lang", "sentence", "said"), [
    ("vi", "Với {what}, thiếu hụt giảm", "Với ngân sách hỗ trợ là 36,0 tỷ đồng, thiếu hụt giảm"),
    ("en", "With {what}, unmet need falls",
     "With allowance budget set to VND 36.0 bn, unmet need falls")])
def test_a_setting_reads_inside_a_sentence(lang, sentence, said):
    """The trial: 'với ngân sách hỗ trợ: 36,0 tỷ đồng' (a label and its colon put into a
    sentence after 'với'): no colon follows the label."""
    what = setting_words(words(lang), "optimizer.budget_vnd", 36e9)
    assert ":" not in what
    assert sentence.format(what=what) == said
