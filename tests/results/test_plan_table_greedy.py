"""The plan's terminal table says why the optimum may leave more FTE unmet than the greedy
baseline beside it (a planner reading the table alone took the optimiser for broken): the
report's sentence, under the table, only when the greedy column's total is the lower."""

from __future__ import annotations

import copy
import json

from staffsim.i18n import language
from staffsim.results.plan_lines import plan_table

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_the_table_says_why_the_greedy_column_leaves_less_fte(tmp_path, capsys):
    code, out, err = run_cli(capsys, "plan", str(SCENARIOS / "thanh_hoa.toml"), "--lang", "en",
                             "--no-marginals", "--out", str(tmp_path / "p"))
    assert code == 0, err
    summary = json.loads((tmp_path / "p" / "plan_summary.json").read_text(encoding="utf-8"))
    o, g = summary["optimum"], summary["greedy"]
    # Thanh Hóa's plan: the greedy baseline leaves less FTE unmet but more weighted need
    assert g["unmet_fte_after"]["province"] < o["unmet_fte_after"]["province"]
    assert g["weighted_unmet_after"] > o["weighted_unmet_after"]
    (line,) = [ln for ln in out.splitlines() if ln.startswith("A greedy plan")]
    assert (f"would leave less unmet need, {g['unmet_fte_after']['province']:,.1f} FTE against "
            f"{o['unmet_fte_after']['province']:,.1f}") in line
    assert (f"{g['weighted_unmet_after']:,.1f} weighted points against "
            f"{o['weighted_unmet_after']:,.1f}") in line
    # the greedy column no better in FTE: nothing to explain, no line
    same = copy.deepcopy(summary)
    same["greedy"]["unmet_fte_after"]["province"] = o["unmet_fte_after"]["province"] + 1.0
    with language("en"):
        assert not [ln for ln in plan_table(same) if ln.startswith("A greedy plan")]
        assert [ln for ln in plan_table(summary) if ln.startswith("A greedy plan")]
