"""The dashboard's logic through NiceGUI's User fixture (no browser): re-planning from the
levers, pins, uploads with their problems, the language switch, the login and its limits."""

import asyncio
import time

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload

from staffsim.dashboard import planning
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS
from .conftest import USER_APP

SEE = 300  # retries of should_see, 0.1 s apart: background work may take a while on a busy CI


async def wait_for(check, timeout: float = 30.0) -> None:
    """Let the page's background work run until ``check()`` holds."""
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        await asyncio.sleep(0.05)


def text_of(user, marker: str) -> str:
    """The text of the element with ``marker``; "" while the page has none."""
    try:
        (element,) = user.find(marker=marker).elements
    except AssertionError:
        return ""
    return element.text


async def test_budget_replan_changes_the_plan(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    moves = int(text_of(user, "kpi-moves").replace(".", ""))
    base = planning.plan(planning.Inputs.load(SCENARIOS / "demo.toml"),
                         planning.Inputs.load(SCENARIOS / "demo.toml").levers)
    assert moves == len(base.rows) > 0
    user.find(marker="lever-budget").clear().type("2")  # VND 2 bn
    user.find("Lập lại kế hoạch").click()
    await wait_for(lambda: text_of(user, "kpi-moves") != str(moves))
    fewer = int(text_of(user, "kpi-moves").replace(".", ""))
    assert 0 < fewer < moves
    assert "tỷ đồng" in text_of(user, "kpi-allowance")
    await user.should_see("Đã lập kế hoạch", retries=SEE)
    # back to the default budget: from the cache at once
    user.find(marker="lever-budget").clear().type("45")
    user.find("Lập lại kế hoạch").click()
    await user.should_see("Đã có kế hoạch (lấy từ bộ nhớ đệm)", retries=SEE)
    assert text_of(user, "kpi-moves") == str(moves)


async def test_language_switch_keeps_the_plan(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    moves = text_of(user, "kpi-moves")
    await user.should_see("Tham số chính sách", retries=SEE)
    user.find(marker="language").elements.pop().value = "en"
    await user.should_see("Levers", retries=SEE)
    await user.should_see("Re-plan", retries=SEE)
    assert text_of(user, "kpi-moves") == moves
    assert text_of(user, "kpi-allowance").startswith("VND ")


async def test_a_bad_roster_upload_lists_every_problem_and_changes_nothing(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    moves = text_of(user, "kpi-moves")
    bad = (b"official_id,commune_id,specialty,birth_year,leader,protected\n"
           b"o1,14797,land,1980,false,false\n"
           b"o1,XX,lnd,1900,maybe,false\n")
    upload = user.find(marker="upload-roster").elements.pop()
    await upload.handle_uploads([SmallFileUpload("roster.csv", "text/csv", bad)])
    await user.should_see("5 lỗi", retries=SEE)
    table = user.find(ui.table).elements
    problems = [t for t in table if t.rows and "problem" in t.rows[0]]
    # the columns as a Vietnamese file names them
    assert {(r["row"], r["column"]) for r in problems[0].rows} == {
        ("3", "Mã cán bộ"), ("3", "Mã xã"), ("3", "Chuyên môn"), ("3", "Năm sinh"),
        ("3", "Lãnh đạo")}
    assert text_of(user, "kpi-moves") == moves


async def test_a_good_roster_upload_is_planned_with_its_names(user, tmp_path):
    """A roster whose wards hold the surplus: the plan moves its officials, by name."""
    sc = load_scenario(SCENARIOS / "demo.toml")
    from staffsim.model.roster import initial_roster
    from staffsim.scenarios.specialties import SPECIALTIES

    r = initial_roster(sc)
    lines = ["Mã cán bộ,Họ tên,Mã xã,Chuyên môn,Năm sinh,Lãnh đạo,Bảo vệ,Giới tính"]
    for k in range(r.n):
        lines.append(f"{r.official_id[k]},Vi Thị Tên{k},{sc.communes.ids[r.commune[k]]},"
                     f"{SPECIALTIES[r.specialty[k]]},{r.birth_month[k] // 12},"
                     f"{str(bool(r.leader[k])).lower()},{str(bool(r.protected[k])).lower()},"
                     f"{'F' if r.female[k] else 'M'}")
    await user.open("/")
    upload = user.find(marker="upload-roster").elements.pop()
    await upload.handle_uploads([SmallFileUpload("ds.csv", "text/csv",
                                                 "\n".join(lines).encode("utf-8-sig"))])
    await user.should_see("kế hoạch đã dùng bảng này", retries=SEE)
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    assert int(text_of(user, "kpi-moves").replace(".", "")) > 0


async def test_pinning_an_official_re_plans_around_them(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    inputs = planning.Inputs.load(SCENARIOS / "demo.toml")
    first = planning.plan(inputs, inputs.levers).rows[0].official_id
    assert first in {r["official_id"] for r in user.find(marker="moves-table").elements.pop().rows}
    user.find(marker="moves-table").trigger("pin", first)  # the row's pin button
    await user.should_see(f"giữ lại: {first}", retries=SEE)
    await wait_for(lambda: (rows := user.find(marker="moves-table").elements.pop().rows)
                   and first not in {r["official_id"] for r in rows})


async def test_the_login_is_required_and_limited(guarded_user, monkeypatch):
    from staffsim.dashboard import server

    monkeypatch.setattr(server, "WRONG_GUESS_PAUSE_S", 0.05)  # the limit is tested, not 1 s
    user = guarded_user
    await user.open("/")
    await user.should_see("Mật khẩu", retries=SEE)
    await user.should_not_see("Tham số chính sách")
    (field,) = user.find(marker="password").elements
    for _ in range(5):
        user.find(marker="password").type("sai rồi")
        user.find("Đăng nhập").click()
        await wait_for(lambda: not field.value)  # refused (after a pause), field emptied
        await user.should_see("Sai mật khẩu", retries=SEE)
    user.find(marker="password").type("mật khẩu đủ dài")
    user.find("Đăng nhập").click()
    await user.should_see("Quá nhiều lần thử", retries=SEE)  # even the right password waits
    await user.should_not_see("Tham số chính sách")


async def test_the_right_password_opens_the_dashboard(guarded_user):
    user = guarded_user
    await user.open("/")
    user.find(marker="password").type("mật khẩu đủ dài")
    user.find("Đăng nhập").click()
    await user.should_see("Tham số chính sách", retries=SEE)


async def test_a_donor_rule_the_rule_set_turns_off_is_shown_off(user):
    """The demo uses the province's practice (scenarios/demo.toml: rules = "province_practice"),
    where a donor keeps its norm quota and the WISN share cap does not apply: the share lever
    is greyed, the quota rule is said (a new user saw '20%' as if it bound the plan)."""
    await user.open("/")
    await user.should_see(marker="donor-quota-rule", retries=SEE)
    (share,) = user.find(marker="lever-share").elements
    (floor,) = user.find(marker="lever-floor").elements
    assert not share.enabled and floor.enabled


async def test_the_rule_set_is_a_lever(user):
    """HR staff compare the province's practice with the WISN rules from the page, as
    ``--set optimizer.rules=wisn`` does on the command line: the donor rules that apply
    follow the rule set, and the plan is the command line's (93 moves on the demo under
    WISN, a commune short overall giving none, against 189 under the province's practice:
    ``staffsim plan --set``)."""
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    assert text_of(user, "kpi-moves") == "189"
    (select,) = user.find(marker="lever-rules").elements
    select.set_value("wisn")
    await wait_for(lambda: _has(user, "lever-share") and not _has(user, "donor-quota-rule"))
    (share,) = user.find(marker="lever-share").elements
    assert share.enabled  # the WISN share cap applies now
    user.find("Lập lại kế hoạch").click()
    await wait_for(lambda: text_of(user, "kpi-moves") == "93")
    await user.should_see("bộ quy tắc: WISN", retries=SEE)  # against the baseline
    # and back: the province's practice, its plan from the cache
    (select,) = user.find(marker="lever-rules").elements
    select.set_value("province_practice")
    await user.should_see(marker="donor-quota-rule", retries=SEE)
    user.find("Lập lại kế hoạch").click()
    await wait_for(lambda: text_of(user, "kpi-moves") == "189")


def _has(user, marker: str) -> bool:
    try:
        return bool(user.find(marker=marker).elements)
    except AssertionError:
        return False


async def test_a_budget_typed_with_a_decimal_comma_is_that_budget(user):
    """A new user typed '36,5' into the budget in a Vietnamese browser: the number input
    made it 365 and planned with a budget ten times the one typed. The field reads either
    decimal mark; a text that is no number in range is marked red with what is allowed and
    the plan waits for it."""
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    moves = text_of(user, "kpi-moves")
    for bad in ("abc", "1,2,3", "-5", "20000"):
        user.find(marker="lever-budget").clear().type(bad)
        (field,) = user.find(marker="lever-budget").elements
        assert field.error and "từ 0 đến 10.000" in field.error  # marked red, saying why
        user.find("Lập lại kế hoạch").click()
        await user.should_see("Hãy sửa các tham số được đánh dấu đỏ trước", retries=SEE)
        assert text_of(user, "kpi-moves") == moves  # nothing planned
    user.find(marker="lever-moves").clear().type("10,5")  # a whole number of moves
    (field,) = user.find(marker="lever-moves").elements
    assert field.error and "số nguyên" in field.error
    user.find(marker="lever-moves").clear().type("400")
    assert not field.error
    user.find(marker="lever-budget").clear().type("36,5")
    user.find("Lập lại kế hoạch").click()
    await user.should_see("ngân sách hỗ trợ: 36,5 tỷ đồng", retries=SEE)  # vs the baseline
    allowance = text_of(user, "kpi-allowance")  # '36,4 tỷ đồng': within the budget typed
    assert float(allowance.split()[0].replace(",", ".")) <= 36.5
    (multiple,) = user.find(marker="lever-mult-high_mountain").elements
    assert multiple.value == "1,75"  # as Vietnamese writes it (the number input: 1.75)


async def test_a_scenario_that_sets_every_rule_keeps_them_whatever_the_rule_set(demo_env,
                                                                                 tmp_path):
    """A result folder's scenario.toml writes every rule out: another rule set changes
    none of them (as on the command line), so the page says so rather than naming a rule
    set the plan does not follow (a reviewer saw 'province practice' over WISN's rules)."""
    from nicegui.testing.user_simulation import user_simulation

    from staffsim.cli import main

    out = tmp_path / "plan"
    assert main(["plan", str(SCENARIOS / "demo.toml"), "--no-marginals", "--out", str(out)]) == 0
    demo_env.setenv("STAFFSIM_TEST_SCENARIO", str(out / "scenario.toml"))
    async with user_simulation(main_file=USER_APP) as user:
        await user.open("/")
        await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
        (select,) = user.find(marker="lever-rules").elements
        select.set_value("wisn")
        await user.should_see("Tệp kịch bản này tự đặt mọi quy tắc điều động", retries=SEE)

        def shown() -> str | None:
            found = [e for e in user.find(marker="lever-rules").elements if not e.is_deleted]
            return found[0].value if found else None
        await wait_for(lambda: shown() == "province_practice")  # the panel shows the file's


async def test_the_distance_filter_reads_a_decimal_comma(user):
    # the moves tab's km filter was the browser's number input too ('36,5' became 365)
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    user.find("Danh sách điều động").click()
    await user.should_see(marker="moves-table", retries=SEE)
    (field,) = user.find("Tối đa (km)").elements
    field.set_value("250,5")
    (table,) = user.find(marker="moves-table").elements
    await wait_for(lambda: all(float(r["km"]) <= 250.5 for r in table.rows) and table.rows)
    field.set_value("abc")
    assert field.error
