"""Where compare shows its 90% bands it says they are the replications' spread on one
roster (a researcher's trial: every replication starts from the roster generated from the root
seed, and at seeds 20250701, 99 and 5 the intervals did not overlap, yet nothing said so)."""

from __future__ import annotations

import html
import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli

DEMO = str(SCENARIOS / "demo.toml")
SAID = {"en": ("same roster of officials", "generated from the root seed",
               "rerun with other --seed values"),
        "vi": ("cùng một danh sách công chức", "sinh ra từ seed gốc",
               "hãy chạy lại với giá trị --seed khác")}
# with a roster table the seed changes no official: the note says the table is data and sends
# nobody to another --seed (it did: 'rerun with other --seed values to see it')
TABLE_SAID = {"en": ("same roster of officials", "the roster table's",
                     "the root seed does not change"),
              "vi": ("cùng một danh sách công chức", "danh sách từ bảng dữ liệu",
                     "seed gốc không làm thay đổi danh sách này")}


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_interval_note_says_one_roster_and_how_to_see_the_rosters_part(tmp_path, capsys,
                                                                          lang):
    stdout, report_md, report_html = _compare(tmp_path, capsys, lang)
    for where in (stdout, report_md, report_html):
        for phrase in SAID[lang]:
            assert phrase in _flat(where), (phrase, where[-600:])
        assert TABLE_SAID[lang][2] not in _flat(where)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_with_a_roster_table_the_note_sends_nobody_to_another_seed(tmp_path, capsys, lang):
    """The demo's own starting roster given as a roster table (province.roster_csv): the
    seed no longer makes the roster, so 'rerun with other --seed values to see it' would send
    the user to a rerun that shows nothing of the roster."""
    table, _names = named_roster(tmp_path, capsys, DEMO)
    stdout, report_md, report_html = _compare(tmp_path, capsys, lang,
                                              "--set", f"province.roster_csv={table}")
    for where in (stdout, report_md, report_html):
        for phrase in TABLE_SAID[lang]:
            assert phrase in _flat(where), (phrase, where[-600:])
        for phrase in SAID[lang][1:]:  # neither the generated roster nor a rerun to see it
            assert phrase not in _flat(where), (phrase, where[-600:])


def _compare(tmp_path, capsys, lang: str, *more: str) -> tuple[str, str, str]:
    """compare's terminal output, report.md and report.html's text (two replications)."""
    out = tmp_path / "c"
    code, stdout, err = run_cli(capsys, "compare", "--lang", lang, DEMO, "--replications", "2",
                                "--months", "3", "--workers", "1", "--policies", "none,greedy",
                                "--out", str(out), *more)
    assert code == 0, err
    report_md = (out / "report.md").read_text(encoding="utf-8")
    report_html = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    return stdout, report_md, report_html
