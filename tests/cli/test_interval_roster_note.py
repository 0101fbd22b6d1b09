"""Where compare shows its 90% intervals it says they are the replications' spread on one
roster (a researcher's trial: every replication starts from the roster generated from the root
seed, and at seeds 20250701, 99 and 5 the intervals did not overlap, yet nothing said so)."""

from __future__ import annotations

import html
import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
SAID = {"en": ("same roster of officials", "generated from the root seed", "--seed"),
        "vi": ("cùng một danh sách công chức", "sinh ra từ hạt giống gốc", "--seed")}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_interval_note_says_one_roster_and_how_to_see_the_rosters_part(tmp_path, capsys,
                                                                          lang):
    out = tmp_path / "c"
    code, stdout, err = run_cli(capsys, "compare", "--lang", lang, DEMO, "--replications", "2",
                                "--months", "3", "--workers", "1", "--policies", "none,greedy",
                                "--out", str(out))
    assert code == 0, err
    report_md = (out / "report.md").read_text(encoding="utf-8")
    report_html = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    for where in (stdout, report_md, report_html):
        for phrase in SAID[lang]:
            assert phrase in _flat(where), (phrase, where[-600:])
