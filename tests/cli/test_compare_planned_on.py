"""compare says that its transfer arms plan on each replication's state at the end of month 0,
not on the starting state ``staffsim plan`` plans on (an HR trial: 'optimised transfers once'
moved 311-312 where plan moved 310, and nothing said why); arms that plan nothing say
nothing of it."""

from __future__ import annotations

import html
import re

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
TINY_RUN = ("--replications", "1", "--months", "2", "--workers", "1")
LINE = "planned at the end of month 0 on each replication's own state"


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


@pytest.mark.parametrize(("policies", "said"), [("none,optimised", True),
                                                ("none,training", False)])
def test_arms_that_plan_say_which_state_they_plan_on(tmp_path, capsys, policies, said):
    out = tmp_path / "c"
    code, text, err = run_cli(capsys, "compare", DEMO, "--policies", policies, *TINY_RUN,
                              "--out", str(out), "--lang", "en")
    assert code == 0, err
    console = " ".join(text.split())
    report = _text((out / "report.html").read_text(encoding="utf-8"))
    for where in (console, report):
        assert (LINE in where) is said
    if said:
        assert f"optimised transfers once: {LINE}" in console, console
        assert "no action: planned" not in console
