"""The English page says everything in English after a language switch (the status line, the
moves table's '1–15 of 310'), and the explanation's budget left is said to the đồng."""

from staffsim.dashboard.words import Words, candidate, reason, status_line

from .test_user import SEE, text_of, wait_for


async def test_the_status_and_the_pagination_follow_the_language(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    await user.should_see("Đã có kế hoạch (lấy từ bộ nhớ đệm)", retries=SEE)
    table = user.find(marker="moves-table").elements.pop()
    assert "trong số" in table.props[":pagination-label"]
    assert "'vi-VN'" in table.props[":pagination-label"]
    user.find(marker="language").elements.pop().value = "en"
    await user.should_see("Re-plan", retries=SEE)
    await user.should_see("Plan ready (from the cache)", retries=SEE)
    await user.should_not_see("Đã có kế hoạch")
    table = user.find(marker="moves-table").elements.pop()
    assert '"{first}–{end} of {total}"' in table.props[":pagination-label"]
    assert "'en-GB'" in table.props[":pagination-label"]


def test_status_lines_are_reworded():
    en, vi = Words("en"), Words("vi")
    assert status_line(en, "Đã có kế hoạch (lấy từ bộ nhớ đệm)") == "Plan ready (from the cache)"
    assert status_line(en, "Đã lập kế hoạch trong 1,5 giây") == "Plan ready in 1.5 s"
    assert status_line(vi, "Plan ready in 12.5 s") == "Đã lập kế hoạch trong 12,5 giây"
    assert status_line(en, "Đang lập kế hoạch…") == "Planning…"
    assert status_line(en, "Chưa lập được kế hoạch: x") == "Not planned: x"
    assert status_line(vi, "Plan ready (from the cache)") == "Đã có kế hoạch (lấy từ bộ nhớ đệm)"
    assert status_line(vi, "something else") == "something else"
    assert status_line(en, "Đã có kế hoạch (lấy từ bộ nhớ đệm); các giá trị tô đỏ chưa được "
                           "áp dụng") == ("Plan ready (from the cache); the values marked in "
                                          "red are not applied yet")
    assert status_line(en, "Chưa lập được kế hoạch: a; b") == "Not planned: a; b"


def test_the_budget_left_is_said_to_the_dong():
    """'ngân sách còn lại (20 triệu đồng)' was said of 15,840,000 đồng (VND 0.02 bn): the
    budget left and the move's allowance are whole VND (optimize.families.budget)."""
    why = "budget left VND {} is less than this move's allowance (VND 147,420,000)"
    c = {"official_id": "15013-002", "from": "Xã Na Mèo", "km": 12.0, "rule": "budget",
         "why": why.format("15,840,000")}
    assert "ngân sách còn lại (15.840.000 đồng)" in candidate(Words("vi"), c)
    assert "(147.420.000 đồng)" in candidate(Words("vi"), c)
    assert "the budget left (VND 15,840,000)" in candidate(Words("en"), c)
    assert "tỷ" not in candidate(Words("vi"), c)
    assert "(1.250.000.000 đồng)" in reason(Words("vi"), why.format("1,250,000,000"))
    assert "(VND 1,250,000,000)" in reason(Words("en"), why.format("1,250,000,000"))
    assert "(0 đồng)" in reason(Words("vi"), why.format("0"))
    # other reasons as results.words words them
    assert reason(Words("vi"), "a leader") == Words("vi")("a leader")
