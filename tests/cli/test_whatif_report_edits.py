"""The what-if's report.html (the page sent to leadership) lost the manual edits: it said
'manual edits' and the command line, the two forced officials' rows read 'sent elsewhere in
the baseline', and the warning on them said the 200 km limit typed with --set was 'the
distance limit the scenario sets' (an HR trial, F5). A mean count of moves over replications
was said '309.0' (F15)."""

from __future__ import annotations

import html
import json
import re

import pytest

from staffsim.results.whatif import officials_count
from staffsim.results.words import words

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


def _text(path) -> str:
    page = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_report_lists_the_edits_and_marks_the_forced_rows(tmp_path, capsys, lang):
    out = tmp_path / "w"
    # Hạc Thành (the provincial seat) to Mường Chanh (on the Lào border) is far beyond 50 km
    code, said, err = run_cli(capsys, "whatif", DEMO, "--move", "14797-088=Mương Chanh",
                              "--keep", "16531-020", "--close-commune", "dong son", "--set",
                              "optimizer.max_distance_km=50", "--out", str(out), "--lang",
                              lang)
    assert code == 0, err
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    (forced,) = [m for m in data["variant_moves"] if m["official_id"] == "14797-088"]
    assert forced["against_baseline"] == "forced"
    text = _text(out / "report.html")
    en = lang == "en"
    assert ("Forced moves (--move): " if en else "Chỉ định điều động (--move): ") in text
    assert "(14797-088) Hạc Thành → Mường Chanh" in text
    assert ("Kept in post (--keep): " if en else "Giữ lại, không điều động (--keep): ") in text
    assert "(16531-020, Sầm Sơn)" in text
    assert ("Closed as donors, give no one (--close-commune): Đông Sơn" if en else
            "Đơn vị không điều động người nào đi (--close-commune): Đông Sơn") in text
    # the forced row of the moves table says it was set by hand
    row = re.search(r"14797-088 .{0,300}?(set by hand \(--move\)|chỉ định thủ công \(--move\)"
                    r"|sent elsewhere in the baseline|as in the baseline|not moved in the "
                    r"baseline|phương án gốc [^ ]+)", text)
    assert row and row[1] == ("set by hand (--move)" if en else "chỉ định thủ công (--move)"), \
        row and row[0]
    # the warning on the forced move: the limit was typed on the command line
    limit = ("beyond the distance limit set on the command line (--set), 50 km" if en else
             "vượt giới hạn khoảng cách đặt trên dòng lệnh (--set), 50 km")
    assert limit in text and limit in said
    assert "the scenario sets" not in text and "do kịch bản đặt" not in text


def test_a_whole_mean_count_is_said_whole():
    assert officials_count(words("en"), 309.0) == "309"
    assert officials_count(words("vi"), 1309.0) == "1.309"
    assert officials_count(words("en"), 309.5) == "309.5"
