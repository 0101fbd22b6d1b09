"""A forced move or a closed donor the planner would refuse is refused by the form itself, in the
tab's language and naming the form's own field, never with the command line's words
('command line: --move: ... (see roster.csv of a run)')."""

from staffsim.dashboard import planning

from ..conftest import SCENARIOS
from .test_user import SEE, text_of, wait_for


def demo_state():
    inputs = planning.Inputs.load(SCENARIOS / "demo.toml")
    return planning.plan(inputs, inputs.levers).state


async def open_plan(user) -> None:
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))


def force(user, official: str, to: str) -> None:
    user.find(marker="force-official").clear().type(official)
    user.find(marker="force-to").elements.pop().value = to
    user.find(marker="force-move").click()


def leaked(text: str) -> bool:
    return any(w in text for w in ("--move", "command line", "dòng lệnh", "roster.csv",
                                   "more characters"))


async def test_an_unknown_official_is_refused_in_vietnamese(user):
    await open_plan(user)
    state = demo_state()
    force(user, "NOPE-999", state.communes.ids[0])
    await user.should_see("không phải mã của một công chức đang công tác", retries=SEE)
    await user.should_see("Kế hoạch không thay đổi: 'NOPE-999' không phải mã", retries=SEE)
    messages = user.notify.messages
    assert messages and "'NOPE-999'" in messages[-1] and "Mã công chức" in messages[-1]
    assert not any(leaked(m) for m in messages)


async def test_a_close_id_is_suggested_and_a_long_id_cut_in_vietnamese(user):
    await open_plan(user)
    state = demo_state()
    oid = state.official_id[0]
    force(user, oid + "9", state.communes.ids[0])
    await user.should_see("có phải là", retries=SEE)
    assert oid in user.notify.messages[-1]
    force(user, "X" * 5000, state.communes.ids[0])
    await user.should_see("còn 4.960 ký tự nữa", retries=SEE)
    assert not any(leaked(m) for m in user.notify.messages)


async def test_a_move_to_the_officials_own_commune_is_refused(user):
    await open_plan(user)
    state = demo_state()
    oid = state.official_id[0]
    home = state.communes.ids[int(state.commune[0])]
    force(user, oid, home)
    await user.should_see("điều động phải đến xã, phường khác", retries=SEE)
    assert state.communes.names[int(state.commune[0])] in user.notify.messages[-1]
    assert not any(leaked(m) for m in user.notify.messages)


async def test_the_refusal_is_in_english_in_the_english_page(user):
    await open_plan(user)
    state = demo_state()
    user.find(marker="language").elements.pop().value = "en"
    await user.should_see("Re-plan", retries=SEE)
    force(user, "NOPE-999", state.communes.ids[0])
    await user.should_see("is not the ID of an official in post", retries=SEE)
    assert 'field "Official ID"' in user.notify.messages[-1]
    assert not any(leaked(m) for m in user.notify.messages)


async def test_a_forced_move_that_breaks_a_rule_is_not_shown_as_just_optimal(user):
    """Forcing a protected leader to a high-mountain commune plans around it; the Plan card
    said 'tối ưu' beside the warning (a trial). It says the edits break a rule."""
    import numpy as np

    await open_plan(user)
    state = demo_state()
    leader = next(i for i in range(len(state.official_id))
                  if state.leader[i] and state.communes.zone[state.commune[i]] == 0)
    target = state.communes.ids[int(np.flatnonzero(state.communes.zone == 2)[0])]
    assert text_of(user, "kpi-status") == "tối ưu"
    force(user, state.official_id[leader], target)
    await wait_for(lambda: "quanh các chỉnh sửa" in (text_of(user, "kpi-status") or ""))
    assert text_of(user, "kpi-status").startswith("tối ưu quanh các chỉnh sửa, nhưng các "
                                                  "chỉnh sửa trái ")
