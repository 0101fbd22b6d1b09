"""The budget in force beside the budget set, in a real browser, where the scenario scales the
budget to each province (the national scenario: budget.scale = mountain_communes, VND 45 bn for
77 reference communes). The budget field showed 45 while Lạng Sơn's plan had 45 x 57 / 77 =
33,3 bn, and nothing said so; the page now says it as ``staffsim whatif`` does
(``levers_in_force``). The figures in force are worked out by hand from the scaling rule."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from playwright.sync_api import expect

from ..conftest import SCENARIOS
from .test_browser import open_dashboard
from .test_browser_findings import LANG_SON, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lang_son(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lang_son")
    with served(tmp, [sys.executable, "-m", "staffsim.cli", "dashboard", *LANG_SON]) as url:
        yield url


@pytest.fixture(scope="module")
def mountain() -> int:
    """Lạng Sơn's mountain and high-mountain communes (57)."""
    from staffsim.scenarios.loader import load_scenario

    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["20"]})
    return int((np.asarray(sc.communes.zone) > 0).sum())


def bn(x: float, lang: str) -> str:
    text = f"{x / 1e9:.1f}"
    return text.replace(".", ",") if lang == "vi" else text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_budget_in_force_is_said_under_the_budget_set(page, lang_son, mountain, lang):
    open_dashboard(page, lang_son)
    if lang == "en":
        page.get_by_test_id("language").get_by_text("English").click()
        page.get_by_role("button", name="Re-plan").wait_for()
    budget = page.get_by_test_id("lever-budget")
    note = page.get_by_test_id("budget-in-force")
    assert budget.input_value() == "45"  # the figure set, as set
    in_force = 45e9 * mountain / 77  # by hand: VND 33.3 bn
    said = (f"Ngân sách hỗ trợ áp dụng là {bn(in_force, lang)} tỷ đồng" if lang == "vi"
            else f"Allowance budget in force of VND {bn(in_force, lang)} bn")
    expect(note).to_contain_text(said)
    rule = ("45,0 tỷ đồng cho 77 xã miền núi, vùng cao" if lang == "vi"
            else "VND 45.0 bn for 77 mountain and high-mountain communes")
    expect(note).to_contain_text(rule)
    expect(note).to_contain_text(str(mountain))
    # a budget typed and not re-planned: the plan's figure is not the typed one's, none said
    budget.fill("3")
    expect(note).to_have_count(0)
    page.get_by_test_id("replan").click()
    in_force = 3e9 * mountain / 77  # VND 2.2 bn
    said = (f"Ngân sách hỗ trợ áp dụng là {bn(in_force, lang)} tỷ đồng" if lang == "vi"
            else f"Allowance budget in force of VND {bn(in_force, lang)} bn")
    expect(note).to_contain_text(said, timeout=120_000)
    assert budget.input_value() == "3"
    allowance = page.get_by_test_id("kpi-allowance").inner_text()
    value = float(allowance.replace("VND", "").split()[0].replace(",", "."))
    assert value <= round(in_force / 1e9, 1) + 1e-9, allowance  # within the budget in force
