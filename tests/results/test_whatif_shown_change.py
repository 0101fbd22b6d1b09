"""whatif --simulate: the change column did not equal the difference of the columns shown
('1.392 | 1.360 | -33', '14 | 12 | -3', an HR officer of Thanh Hóa): each mean and the paired
change's mean were rounded on their own. Now the change is the difference of the means as
shown, the interval's bounds take it in, and money is shown at one scale in its row."""

from __future__ import annotations

import copy
import json
import re

from staffsim.i18n import language
from staffsim.results.compare_lines import arms_rows

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _number(text: str) -> float:  # Vietnamese: 1.392,5
    return float(text.replace(".", "").replace(",", "."))


def test_the_change_is_the_difference_of_the_shown_means(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STAFFSIM_LANG", "vi")
    out = tmp_path / "w"
    code, text, err = run_cli(capsys, "whatif", DEMO, "--set", "workload.intensity=1.1",
                              "--simulate", "--replications", "3", "--months", "6", "--out",
                              str(out))
    assert code == 0, err
    assert "mỗi cột là giá trị trung bình của 3 lần lặp" in text
    num = r"[+-]?\d[\d.]*(?:,\d+)?"
    rows = re.findall(rf"^  .*?  ({num})\s+({num})\s+({num}) \[({num}), ({num})\]$", text,
                      re.M)
    assert len(rows) >= 5, text  # unmet need by zone, essential posts, moves, exits
    for b, v, change, lo, hi in ((_number(x) for x in r) for r in rows):
        assert abs((v - b) - change) < 1e-9, (b, v, change)
        assert lo <= change <= hi
    # the same numbers, whole, in whatif.json; the synthetic case of the report:
    sim = json.loads((out / "whatif.json").read_text(encoding="utf-8"))["simulation"]
    sim = copy.deepcopy(sim)
    areas = {k: sim["arms"][k]["metrics"]["unmet_fte_months"]["areas"]["province"]
             for k in ("baseline", "variant")}
    areas["baseline"]["mean"], areas["variant"]["mean"] = 1392.4, 1359.6
    areas["variant"]["vs_reference"].update(mean=-32.8, p05=-40.2, p95=-30.1)
    with language("vi"):
        _, table = arms_rows(sim, paired=True)
    row = next(r for r in table if r[0].startswith("Thiếu hụt nhân lực cả kỳ, toàn tỉnh"))
    # shown 1.392 and 1.360: their difference -32 (the change's own mean, -32.8, is -33)
    assert row[1:] == ["1.392", "1.360", "-32 [-40, -30]"], row


def test_money_in_one_scale_and_a_bound_that_takes_the_shown_change(tmp_path, capsys,
                                                                   monkeypatch):
    out = tmp_path / "w"
    code, _, err = run_cli(capsys, "whatif", DEMO, "--set", "workload.intensity=1.1",
                           "--simulate", "--replications", "2", "--months", "3", "--out",
                           str(out))
    assert code == 0, err
    sim = json.loads((out / "whatif.json").read_text(encoding="utf-8"))["simulation"]
    cost = {k: sim["arms"][k]["metrics"]["cost_vnd"]["areas"]["province"]
            for k in ("baseline", "variant")}
    cost["baseline"]["mean"], cost["variant"]["mean"] = 3_825_140_000.0, 3_817_780_000.0
    cost["variant"]["vs_reference"].update(mean=-7_360_000.0, p05=-7_380_000.0,
                                           p95=-7_340_000.0)
    with language("vi"):
        _, table = arms_rows(sim, paired=True)
    row = next(r for r in table if r[0].startswith("Tổng chi cả kỳ"))
    # in millions: 3.825,1 - 3.817,8 = -7,3; the bounds (-7,4 and -7,3) take it in
    assert row[1:] == ["3.825,1 triệu đồng", "3.817,8 triệu đồng",
                       "-7,3 triệu đồng [-7,4 triệu đồng, -7,3 triệu đồng]"], row
