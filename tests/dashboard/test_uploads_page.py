"""Uploads through the page (NiceGUI's User fixture): the page after an upload."""

from __future__ import annotations

import logging

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload

from staffsim.dashboard.page import DashboardTab
from staffsim.model.roster import initial_roster
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.specialties import SPECIALTIES

from ..conftest import SCENARIOS
from .test_user import SEE, text_of, wait_for


def demo_roster() -> bytes:
    sc = load_scenario(SCENARIOS / "demo.toml")
    r = initial_roster(sc)
    lines = ["Mã cán bộ,Họ tên,Mã xã,Chuyên môn,Năm sinh,Lãnh đạo,Bảo vệ,Giới tính"]
    for k in range(r.n - 10):  # ten fewer officials than the generated roster: another plan
        lines.append(f"{r.official_id[k]},Vi Thị Tên{k},{sc.communes.ids[r.commune[k]]},"
                     f"{SPECIALTIES[r.specialty[k]]},{r.birth_month[k] // 12},"
                     f"{str(bool(r.leader[k])).lower()},{str(bool(r.protected[k])).lower()},"
                     f"{'F' if r.female[k] else 'M'}")
    return "\n".join(lines).encode("utf-8-sig")


async def test_after_a_roster_upload_the_map_is_drawn_for_the_new_plan(user, caplog,
                                                                       monkeypatch):
    drawn = []
    tabs = []

    async def draw_map(self, fit: bool = False) -> None:  # no browser: record what is drawn
        tabs.append(self)
        drawn.append(self.view)

    monkeypatch.setattr(DashboardTab, "draw_map", draw_map)
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None) and drawn)
    first = drawn[-1]
    tab = tabs[-1]
    tab.shown_tab = "import"  # as a click on the tab leaves it
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        upload = user.find(marker="upload-roster").elements.pop()
        await upload.handle_uploads([SmallFileUpload("ds.csv", "text/csv", demo_roster())])
        await user.should_see("kế hoạch đã dùng bảng này", retries=SEE)
        await wait_for(lambda: drawn[-1] is not None and drawn[-1] is not first
                       and drawn[-1] is tab.view)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], \
        [r.getMessage() for r in caplog.records]
    # the map is drawn with the new plan, and the open tab stays the one shown
    assert tab.view.state.n_communes == first.state.n_communes
    (tabs_el,) = [t for t in user.find(ui.tabs).elements]
    assert tabs_el.value == "import"
    (panels,) = [p for p in user.find(ui.tab_panels).elements]
    assert panels.value == "import"
    # going to the map draws it again (it is mounted anew when shown)
    n = len(drawn)
    tabs_el.value = "map"
    await wait_for(lambda: len(drawn) > n)


async def test_a_count_of_problems_is_written_the_vietnamese_way(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    rows = [f"o{k},XX,land,1980,false,false" for k in range(1125)]
    bad = "\n".join(["official_id,commune_id,specialty,birth_year,leader,protected", *rows])
    upload = user.find(marker="upload-roster").elements.pop()
    await upload.handle_uploads([SmallFileUpload("roster_vi.csv", "text/csv", bad.encode())])
    await user.should_see("roster_vi.csv: 1.125 lỗi; chưa thay đổi gì.", retries=SEE)
