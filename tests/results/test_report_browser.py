"""report.html in the browser the dashboard tests use (Debian's chromium through
pytest-playwright): it renders from the file alone, every figure shows, and it asks for
nothing (no failed request, no request other than the file and its embedded images)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict:
    """report.html of run, plan, compare and whatif on the demo province, in Vietnamese."""
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
                           ("whatif", ["whatif", demo, "--set", "optimizer.budget_vnd=20e9"])):
            assert main([*args, "--out", str(root / kind)]) == 0, kind
    finally:
        if env is not None:
            os.environ["STAFFSIM_LANG"] = env
    return {k: root / k / "report.html" for k in ("run", "plan", "compare", "whatif")}


@pytest.mark.parametrize("kind", ["run", "plan", "compare", "whatif"])
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

