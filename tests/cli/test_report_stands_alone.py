"""The trial: report.html of run, plan and explain said '(README: Calibration)', pointed at
'docs/facts.md' and 'scenarios/data/SOURCES.md', and quoted a back-quoted path in its sources;
a report must stand alone for an HR reader. Each report, in both languages, now says none of
these (the command line it was made with aside)."""

from __future__ import annotations

import html
import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
# what only a reader of the repository can follow
FORBIDDEN = (r"`", r"README", r"\.md\b", r"docs/", r"scenarios/data")
COMMANDS = {"run": ["run", DEMO, "--set", "simulation.months=2", "--set",
                    "simulation.replications=1"],
            "plan": ["plan", DEMO],
            "explain": ["explain", DEMO, "--commune", "Tam Chung"]}


def _text(path) -> str:
    page = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    page = re.sub(r"<img[^>]*>", "", page)
    page = re.sub(r"<code>.*?</code>", "", page, flags=re.S)  # (the command line)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_report_says_no_repository_path(capsys, tmp_path, command, lang):
    out = tmp_path / command
    args = COMMANDS[command]
    code, _, err = run_cli(capsys, args[0], "--lang", lang, *args[1:], "--out", str(out))
    assert code == 0, err
    text = _text(out / "report.html")
    assert "WISN" in text  # (the assumptions, where '(README: Calibration)' was)
    found = [m[0] for p in FORBIDDEN for m in re.finditer(rf".{{0,40}}{p}.{{0,20}}", text)]
    assert not found, found


def test_a_back_quoted_file_is_said_as_the_file_that_comes_with_staffsim():
    from staffsim.results.html_report import plain
    from staffsim.results.words import words

    said = plain(words("en"), "Pages in `scenarios/data/thanh_hoa_road_km.csv` (M); `x` too")
    assert said == ("Pages in the file thanh_hoa_road_km.csv that comes with staffsim (M); "
                    "x too")
    assert plain(words("vi"), "trong `scenarios/data/a.csv`") == "trong tệp a.csv đi kèm staffsim"
