"""A what-if's change column is the difference of the two numbers shown beside it: 79,0 and
72,6 gave -6,5 (79,04 and 72,56 subtracted before rounding), which an HR officer checking by
hand cannot get (helper 92's trial)."""

from __future__ import annotations

from staffsim.results.whatif import SideBySide
from staffsim.results.words import words


def test_the_change_of_two_shown_numbers_is_their_difference():
    row = SideBySide("unmet_fte_lowland", "Unmet need", "FTE", "lowland", 79.04, 72.56)
    _, base, var, change = row.cells(words("vi"))
    assert (base, var, change) == ("79,0", "72,6", "-6,4")
    row = SideBySide("km_max", "Longest move", "km", None, 287.4, 129.6)
    assert row.cells(words("en"))[1:] == ["287", "130", "-157"]
    # money keeps its own scale: the change of the values, in tỷ
    row = SideBySide("allowance_vnd", "Allowance", "VND", None, 44.98e9, 4.99e9)
    assert row.cells(words("vi"))[3] == "-40,0 tỷ đồng"
