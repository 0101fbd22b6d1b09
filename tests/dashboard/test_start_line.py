"""The dashboard's first line in the command's language (an HR officer of Thanh Hóa read
'staffsim dashboard: Thanh Hóa at http://…' in Vietnamese), and NiceGUI's binding timing
note ('binding propagation for 12 active links took 0.074 s') out of its log while every
real warning and error stays."""

from __future__ import annotations

import logging

import pytest

from staffsim import i18n
from staffsim.dashboard.server import quiet_timing_warnings, start_line


@pytest.fixture
def language():
    before = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(before)


def test_start_line_in_vietnamese(language):
    language("vi")
    line = start_line("Thanh Hóa", "http://0.0.0.0:8080/", True)
    assert line == ("staffsim dashboard: bảng điều khiển Thanh Hóa đang chạy tại "
                    "http://0.0.0.0:8080/ (cần mật khẩu)")
    assert " at " not in line and "password" not in line


def test_start_line_in_english(language):
    language("en")
    assert start_line("Thanh Hóa", "http://127.0.0.1:8080/", False) == (
        "staffsim dashboard: Thanh Hóa at http://127.0.0.1:8080/")


def test_only_the_binding_timing_note_is_quieted(caplog):
    log = logging.getLogger("nicegui")
    quiet_timing_warnings()
    quiet_timing_warnings()  # once, however often called
    assert sum(type(f).__name__ == "_NoTimingWarning" for f in log.filters) == 1
    with caplog.at_level(logging.WARNING, logger="nicegui"):
        # as nicegui.binding._refresh_step words it
        log.warning(f"binding propagation for {12} active links took {0.074:.3f} s")
        log.warning("Starting active binding loop even though it was disabled")
        log.error("binding propagation for a real failure")
    said = [r.getMessage() for r in caplog.records]
    assert said == ["Starting active binding loop even though it was disabled",
                    "binding propagation for a real failure"]
