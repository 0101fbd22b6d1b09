"""report.html in the browser the dashboard tests use (Debian's chromium through
pytest-playwright): it renders from the file alone, every figure shows, and it asks for
nothing (no failed request, no request other than the file and its embedded images)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    """report.html of run, plan, compare, whatif and frontier on the demo province, in
    Vietnamese."""
    import os

    from staffsim.cli import main

    root = tmp_path_factory.mktemp("reports")
    demo = str(SCENARIOS / "demo.toml")
    env = os.environ.pop("STAFFSIM_LANG", None)
    try:
        for kind, args in (("run", ["run", demo, "--months", "6"]),
                           ("plan", ["plan", demo, "--no-marginals"]),
                           ("compare", ["compare", demo, "--policies", "none,optimised",
                                        "--replications", "2", "--months", "6",
                                        "--workers", "1"]),
                           ("whatif", ["whatif", demo, "--set", "optimizer.budget_vnd=20e9"]),
                           ("frontier", ["frontier", demo, "--lever", "optimizer.budget_vnd",
                                         "--range", "0:60e9:5", "--workers", "1"])):
            assert main([*args, "--out", str(root / kind)]) == 0, kind
    finally:
        if env is not None:
            os.environ["STAFFSIM_LANG"] = env
    return {k: root / k / "report.html" for k in ("run", "plan", "compare", "whatif",
                                                  "frontier")}


@pytest.mark.parametrize("kind", ["run", "plan", "compare", "whatif", "frontier"])
def test_report_renders_from_the_file_alone(page, reports, kind):
    requests, failed, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    path = reports[kind]
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert failed == [] and errors == []
    assert all(u.startswith(("file://", "data:")) for u in requests), requests
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("h2").first.inner_text() == "Câu hỏi"
    assert page.locator("table tbody tr").count() >= 5
    n_images = page.locator("img").count()
    expected = len(list((path.parent / "figures").glob("*.png"))) \
        if (path.parent / "figures").is_dir() else 0
    assert n_images == expected and (kind == "whatif" or n_images > 0)
    # every figure decoded and laid out: a width, inside the page
    widths = page.evaluate("[...document.images].map(i => i.complete && i.naturalWidth)")
    assert all(w and w > 100 for w in widths), widths



@pytest.mark.parametrize("kind", ["run", "compare"])
def test_a_figure_in_a_table_is_never_broken_across_lines(page, reports, kind):
    """A value and its interval stay on one line however narrow the window (a researcher's
    trial: '3.406 (3.403–' on one line of a compare report's cell, '3.410)' on the next);
    the labels in the first column may wrap."""
    page.set_viewport_size({"width": 480, "height": 900})
    page.goto(reports[kind].as_uri())
    page.wait_for_load_state("load")
    broken = page.evaluate("""[...document.querySelectorAll('td:not(:first-child)')]
        .filter(td => { const r = document.createRange(); r.selectNodeContents(td);
                        return new Set([...r.getClientRects()].map(b => Math.round(b.top)))
                               .size > 1; })
        .map(td => td.textContent)""")
    assert broken == [], broken
    assert page.locator("td:not(:first-child)").count() > 10
