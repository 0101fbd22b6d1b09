"""A change of a share is in percentage points: on-time share 80% -> 81.5% is '+1.5 pp', not
'+1.5%' (a researcher's trial read compare's paired change as a relative 1.5%)."""

from __future__ import annotations

from staffsim import i18n


def test_a_change_of_a_share_is_in_percentage_points():
    assert i18n.quantity(0.815 - 0.80, "share", lang="en", sign=True) == "+1.5 pp"
    assert i18n.quantity(-0.004, "share", lang="en", sign=True) == "-0.4 pp"
    assert i18n.quantity(0.015, "share", lang="vi", sign=True) == "+1,5 điểm phần trăm"
    # a level stays a percentage
    assert i18n.quantity(0.815, "share", lang="en") == "81.5%"
    assert i18n.quantity(0.815, "share", lang="vi") == "81,5%"
