"""The exports as a Vietnamese HR staffer opens them: the CSV in an Excel set to Vietnamese
(decimal comma, ';' between fields: a comma-separated file opened in one column), and the zip's
summary in words, not field names (a trial)."""

from __future__ import annotations

import csv
import io

from nicegui import ui

from staffsim.dashboard import planning
from staffsim.results.annex import HEADERS, write_annex_csv

from ..conftest import SCENARIOS
from .test_user import SEE, text_of, wait_for


def _reference_rows() -> list[list[str]]:
    """The rows as the command line's annex CSV writes them (comma, decimal point)."""
    inputs = planning.Inputs.load(SCENARIOS / "demo.toml")
    buf = io.BytesIO()
    write_annex_csv(buf, planning.plan(inputs, inputs.levers).rows)
    return list(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"), newline="")))


async def _export_csv(user) -> bytes:
    user.find(marker="export-csv").click()
    return (await user.download.next(timeout=30)).content


async def test_the_csv_suits_excel_in_the_tabs_language(user):
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    moves = int(text_of(user, "kpi-moves").replace(".", ""))
    reference = _reference_rows()
    assert len(reference) == moves + 1
    # Vietnamese: ';' between fields, a decimal comma, UTF-8 with its BOM (Excel's cue)
    data = await _export_csv(user)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == list(HEADERS) and len(rows[0]) == 10
    assert len(rows) == moves + 1 and all(len(r) == 10 for r in rows)
    km = HEADERS.index("Khoảng cách (km)")
    assert any("," in r[km] for r in rows[1:])  # (some distance has a decimal)
    for mine, theirs in zip(rows[1:], reference[1:], strict=True):
        assert [c.replace(",", ".") if k == km else c for k, c in enumerate(mine)] == theirs
    # English: commas and a decimal point, as the command line's own writer gives them
    user.find(marker="language").elements.pop().value = "en"
    await user.should_see("Re-plan", retries=SEE)
    rows = list(csv.reader(io.StringIO((await _export_csv(user)).decode("utf-8-sig"),
                                       newline="")))
    assert rows == reference
    # and the separator may be chosen (an English page with an Excel set to Vietnamese)
    toggle = user.find(marker="csv-separator").elements.pop()
    assert isinstance(toggle, ui.toggle) and toggle.value == ","
    toggle.value = ";"
    rows = list(csv.reader(io.StringIO((await _export_csv(user)).decode("utf-8-sig"),
                                       newline=""), delimiter=";"))
    assert len(rows) == moves + 1 and all(len(r) == 10 for r in rows)


async def test_the_zip_is_described_in_words_for_every_file_it_holds(user):
    """The export tab said 'plan.csv, balance.csv, plan_summary.json': file names, not what
    they hold. Every file of the zipped folder is now said in words, a file's name only in
    brackets after them."""
    import re
    import zipfile

    inputs = planning.Inputs.load(SCENARIOS / "demo.toml")
    data = planning.folder_zip(planning.plan(inputs, inputs.levers), inputs)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n.removeprefix("plan/") for n in z.namelist() if not n.endswith("/")]
    tops = {n.split("/")[0] + "/" if "/" in n else n for n in names}
    assert {"plan.csv", "plan_summary.json", "report.html"} <= tops
    await user.open("/")
    await wait_for(lambda: text_of(user, "kpi-moves") not in ("", None))
    (box,) = user.find(marker="zip-contents").elements
    lines = [e.text for e in box.default_slot.children]
    assert lines[0] == "Thư mục mà lệnh lập kế hoạch ghi ra, gồm:"
    described = {}
    for line in lines[1:]:
        m = re.fullmatch(r"• (.+) \((\S+)\)", line)
        assert m, line
        words, file = m.groups()
        # words first, and words: no file name, no snake_case key
        assert "_" not in words and "." not in words.replace("...", ""), line
        described[file] = words
    assert tops <= set(described), tops - set(described)
    assert described["plan.csv"] == "danh sách điều động, mỗi dòng một người"
