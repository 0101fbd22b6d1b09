"""The dashboard's annex download of a plan not proven optimal (the solver stopped at its time
limit) says so above the table, as the command's annex and the zipped folder's do; the
download alone said nothing (a review: it built the annex without the plan's status)."""

from __future__ import annotations

import dataclasses
import io

from openpyxl import load_workbook

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Inputs

from ..conftest import SCENARIOS


def _a5(view, inputs) -> str:
    return str(load_workbook(io.BytesIO(planning.annex_xlsx(view, inputs))).active["A5"].value
               or "")


def test_a_time_limited_plan_is_said_on_the_downloaded_annex():
    inputs = Inputs.load(SCENARIOS / "demo.toml")
    view = planning.make_plan(inputs, inputs.levers)
    assert view.status == "Optimal"
    assert "chứng minh" not in _a5(view, inputs)  # an optimal plan: no such line
    stopped = dataclasses.replace(view, outcome={**view.outcome, "status": "Not Solved"})
    line = _a5(stopped, inputs)
    assert "LƯU Ý: phương án CHƯA được chứng minh tối ưu" in line, line
    # the solver's status in words, not its English name (3 December: "Not Solved" was
    # written as it is into the annex for signing)
    assert "(chưa giải)" in line and "Not Solved" not in line, line
