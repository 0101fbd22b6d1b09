"""A move beyond the distance limit is said to break the limit the scenario sets, not a rule
of law: the bundled scenarios' 300 km is an assumption (the province's farthest real move),
and a planner read 'vượt giới hạn 300 km' as a legal limit."""

from __future__ import annotations

import csv

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "beyond the distance limit the scenario sets, 1 km"),
    ("vi", "vượt giới hạn khoảng cách do kịch bản đặt, 1 km")])
def test_a_move_beyond_the_limit_names_the_scenarios_setting(tmp_path, capsys, lang, words):
    demo = str(SCENARIOS / "demo.toml")
    code, _, err = run_cli(capsys, "plan", demo, "--no-marginals", "--out", str(tmp_path / "p"))
    assert code == 0, err
    with open(tmp_path / "p" / "plan.csv", encoding="utf-8-sig") as f:
        move = next(csv.DictReader(f))
    hand = tmp_path / "hand.csv"
    hand.write_text(f"official_id,to_commune\n{move['official_id']},{move['to_commune']}\n",
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", demo, "--lang", lang, "--plan", str(hand),
                             "--set", "optimizer.constraints.max_distance.km=1")
    assert code == 1, out + err  # a rule broken: exit 1
    (line,) = [ln for ln in (out + err).splitlines() if ln.rstrip().endswith(words)]
    km = round(float(move["distance_km"]))
    assert f" {km} km " in line, line
