"""A run's report counts its months and replications as one or many: a run of one month
said '1 months from Jul 2025, 1 replication(s)' in its assumptions and asked how the
communes develop 'over 1 months'."""

from __future__ import annotations

import html
import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


def report_text(capsys, tmp_path, lang: str, months: int, reps: int) -> str:
    out = tmp_path / f"run-{lang}-{months}-{reps}"
    code, _out, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--lang", lang,
                              "--months", str(months), "--set",
                              f"simulation.replications={reps}", "--out", str(out))
    assert code == 0, err
    page = (out / "report.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


# the demo starts in July 2025 with root seed 7 (scenarios/demo.toml, province defaults)
@pytest.mark.parametrize(("lang", "months", "reps", "said", "over"), [
    ("en", 1, 1, "1 month from Jul 2025, 1 replication, root seed 7: the same seed gives the "
     "same numbers.", "develop over 1 month with no action"),
    ("en", 2, 2, "2 months from Jul 2025, 2 replications, root seed 7: the same seed gives the "
     "same numbers.", "develop over 2 months with no action"),
    ("vi", 1, 1, "1 tháng từ 07/2025, 1 lần lặp, seed gốc 7: cùng seed cho cùng kết "
     "quả.", "diễn biến thế nào trong 1 tháng nếu"),
])
def test_months_and_replications_are_counted(capsys, tmp_path, lang, months, reps, said, over):
    text = report_text(capsys, tmp_path, lang, months, reps)
    assert said in text.splitlines(), text
    assert over in text, text
    assert "replication(s)" not in text and "1 months" not in text
