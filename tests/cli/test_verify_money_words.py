"""verify quoted money without its unit: 'Kinh phí ... là 44.984.160.000, nhưng plan.csv cho
44.836.740.000' (an HR officer of Thanh Hóa), and in English as '4.49842e+10' (a float to
six significant digits). Now in đồng (VND), whole."""

from __future__ import annotations

import re

import pytest

from staffsim.i18n import Said

from .test_hostile_verify import folder, plan_folder, rows, verify, write_rows  # noqa: F401


@pytest.mark.slow  # a plan and two verifies (as test_hostile_verify)
def test_the_allowance_of_a_changed_plan_is_said_in_dong(folder, capsys):  # noqa: F811
    data = rows(folder)
    removed = float(data[0]["total_allowance_vnd"])
    write_rows(folder, data[1:])  # one move removed, not resealed
    code, text = verify(capsys, folder, "--lang", "vi")
    assert code == 1
    line = next(ln for ln in text.splitlines() if "Kinh phí" in ln and "plan.csv cho" in ln)
    m = re.search(r"là ([\d.]+) đồng, nhưng plan.csv cho ([\d.]+) đồng$", line)
    assert m, line
    recorded, given = (int(x.replace(".", "")) for x in m.groups())
    assert recorded - given == removed  # the row taken out, to the đồng
    code, text = verify(capsys, folder, "--lang", "en")
    line = next(ln for ln in text.splitlines() if "plan.csv gives VND" in ln)
    assert re.search(r"is VND [\d,]+, but plan.csv gives VND [\d,]+$", line), line
    assert "e+" not in text


@pytest.mark.parametrize(("value", "english"), [(44_984_160_000.0, "44,984,160,000"),
                                                (1234567.25, "1,234,567.25"), (2.5, "2.5"),
                                                (0.125, "0.125")])
def test_a_message_never_writes_a_float_in_scientific_notation(value, english):
    assert Said("{x}", x=value) == english
