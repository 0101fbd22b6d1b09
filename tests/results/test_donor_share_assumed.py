"""The donor share limit (a unit gives at most a share of its officials, 20% in the WISN rule
set) is an assumption of staffsim's, a documented and overridable setting no law or decision
gives (docs/facts.md: a missing figure is a parameter 'and says it is an assumption';
scenarios/thanh_hoa.toml keeps the province's own rules, which have no such share). A
finding citing it said 'limit 29 (20%)' as if the province's list broke a rule of law; it now
says the limit is assumed, in both languages."""

from __future__ import annotations

import pytest

from staffsim.results.finding_words import violation_line
from staffsim.results.words import words

from ..conftest import SCENARIOS
from ..helpers import run_cli

# the checker's finding (optimize/families/max_donor_share.py), written out by hand
FINDING = ("row 50: max_donor_share: Hạc Thành (14797) gives 72 of its 149 officials, limit "
           "29 (20%): row 50 (14797-123), row 51 (14797-122) are beyond it")


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "row 50: donor share limit: Hạc Thành (14797) gives 72 of its 149 officials, more "
           "than the 29 (20%) staffsim assumes a unit may give (an assumed limit of "
           "staffsim's, not a legal rule): row 50 (14797-123), row 51 (14797-122) are beyond "
           "it"),
    ("vi", "dòng 50: giới hạn tỷ lệ điều động đi: Hạc Thành (14797) điều động đi 72 trong 149 "
           "người, nhiều hơn mức 29 người (20%) mà staffsim giả định một đơn vị có thể điều "
           "động đi (mức do staffsim giả định, không phải quy định của pháp luật): dòng 50 "
           "(14797-123), dòng 51 (14797-122) vượt mức này"),
])
def test_the_donor_share_finding_says_the_limit_is_assumed(lang, said):
    assert violation_line(words(lang), FINDING) == said


@pytest.mark.parametrize(("lang", "assumed", "not_law"), [
    ("en", "staffsim assumes a unit may give", "not a legal rule"),
    ("vi", "mà staffsim giả định", "không phải quy định của pháp luật"),
])
def test_evaluate_says_it_of_a_list_over_the_share(capsys, tmp_path, lang, assumed, not_law):
    """Five officials of Hạc Thành against a share of 1%: every line citing the share says
    it is assumed."""
    plan = tmp_path / "plan.csv"
    plan.write_text("official_id,to_commune\n" + "".join(
        f"14797-{k:03d},14848\n" for k in (7, 9, 11, 12, 13)), encoding="utf-8")
    code, out, _err = run_cli(capsys, "evaluate", str(SCENARIOS / "demo.toml"), "--plan",
                              str(plan), "--lang", lang,
                              "--set", "optimizer.constraints.max_donor_share.enabled=true",
                              "--set", "optimizer.constraints.max_donor_share.share=0.01")
    assert code == 1
    cited = [ln for ln in out.splitlines() if "(1%)" in ln]
    assert cited, out
    assert all(assumed in ln and not_law in ln for ln in cited), cited
