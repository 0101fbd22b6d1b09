"""whatif --out's report.html shows what the terminal shows and what a planner reads a
variant by. An HR officer's trial (`staffsim whatif scenarios/thanh_hoa.toml --set
optimizer.budget_vnd=36e9 --out DIR`) found the report without the table of the communes
that changed most (the terminal prints it) and without the variant's named moves (who moves
where), and the budget lines twice: the answer's third sentence gave each plan's first limit
line, and the notes under the table gave all of them again."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli


class Tables(HTMLParser):
    """Each table after an <h2>, by that heading: its header cells and its rows."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, tuple[list[str], list[list[str]]]] = {}
        self._heading = ""
        self._in = ""
        self._text = ""
        self._row: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "th", "td"):
            self._in, self._text = tag, ""
        elif tag == "table":
            self.tables[self._heading] = ([], [])
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag):
        if tag == "h2":
            self._heading = self._text.strip()
        elif tag in ("th", "td") and self._row is not None:
            self._row.append(self._text.strip())
        elif tag == "tr" and self._row is not None:
            head, rows = self.tables[self._heading]
            if not head:
                head.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None
        self._in = ""

    def handle_data(self, data):
        if self._in:
            self._text += data


def tables(path: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    page = Tables()
    page.feed(path.read_text(encoding="utf-8"))
    return page.tables


def number(text: str, lang: str) -> float:
    """A number as the report writes it: 4.095.000 / 16,8 (vi), 4,095,000 / 16.8 (en)."""
    thousands, point = (".", ",") if lang == "vi" else (",", ".")
    return float(text.replace(thousands, "").replace(point, "."))


HEADINGS = {
    "en": ("Communes whose unmet need changed most (FTE)",
           "The variant's transfers: who moves where ({n} officials)",
           ["Commune", "zone", "baseline", "variant", "change"],
           ["No.", "Full name", "Official ID", "Specialty", "Current unit", "Receiving unit",
            "Distance (km)", "Allowance (VND/month)", "Months of support",
            "Total over the term (VND)", "Against the baseline"],
           {"high_mountain": "high mountain"}),
    "vi": ("Các xã, phường có mức thiếu hụt thay đổi nhiều nhất (người quy đổi)",
           "Danh sách điều động của phương án thay đổi: ai đi đâu ({n} cán bộ, công chức)",
           ["Xã, phường", "vùng", "gốc", "phương án", "chênh lệch"],
           ["STT", "Họ và tên", "Mã công chức", "Chuyên môn", "Đơn vị hiện tại",
            "Đơn vị điều động đến", "Khoảng cách (km)", "Mức hỗ trợ (đồng/tháng)",
            "Số tháng hỗ trợ", "Kinh phí cả thời hạn (đồng)", "So với phương án gốc"],
           {"high_mountain": "vùng cao"}),
}


@pytest.fixture(scope="module", params=["en", "vi"])
def variant(request, tmp_path_factory):
    """The demo with a VND 10 bn budget instead of its 45 bn: the variant moves fewer
    officials, and the high-mountain communes it no longer fills are the ones that change."""
    from staffsim.cli import main

    lang = request.param
    out = tmp_path_factory.mktemp("whatif") / lang
    code = main(["whatif", str(SCENARIOS / "demo.toml"), "--set", "optimizer.budget_vnd=10e9",
                 "--out", str(out), "--lang", lang])
    assert code == 0
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    return lang, out, data


def test_the_report_has_the_communes_that_changed_most(variant):
    lang, out, data = variant
    changed_heading, _m, head, _h, zone = HEADINGS[lang]
    changed = data["changed_communes"]
    assert len(changed) == 8  # the demo's budget cut changes more communes than the 8 shown
    found = tables(out / "report.html")
    assert changed_heading in found, list(found)
    header, rows = found[changed_heading]
    assert header == head
    # each commune of whatif.json, in its order, with its FTE to one decimal
    assert [r[0] for r in rows] == [c["name"] for c in changed]
    for row, c in zip(rows, changed, strict=True):
        assert row[1] == zone[c["zone"]]
        for cell, x in zip(row[2:], (c["unmet_baseline"], c["unmet_variant"], c["change"]),
                           strict=True):
            assert number(cell, lang) == pytest.approx(x, abs=0.05), (cell, x)
        assert row[4].startswith("+")  # a cut budget leaves these communes more short


def test_the_report_names_who_moves_where(variant):
    lang, out, data = variant
    _c, moves_heading, _h, head, _z = HEADINGS[lang]
    moves = data["variant_moves"]
    assert len(moves) == data["variant"]["moves"] > 0
    found = tables(out / "report.html")
    heading = moves_heading.format(n=len(moves))
    assert heading in found, list(found)
    header, rows = found[heading]
    assert header == head
    assert [r[0] for r in rows] == [str(k) for k in range(1, len(moves) + 1)]
    by_id = {m["official_id"]: m for m in moves}
    assert sorted(r[2] for r in rows) == sorted(by_id)  # every official, once
    for r in rows:
        m = by_id[r[2]]
        assert r[1] == m["full_name"]
        assert m["from_name"] in r[4] and m["to_name"] in r[5]
        # Thanh Hóa's support (the demo's): 1.75 × the base salary of 2,340,000 a month in a
        # high-mountain commune, 36 months
        if m["to_zone"] == "high_mountain":
            assert number(r[7], lang) == 1.75 * 2_340_000 == 4_095_000
            assert number(r[8], lang) == 36
        assert number(r[9], lang) == number(r[7], lang) * number(r[8], lang)
    # the totals add up to the variant's allowance (whole đồng each: within a đồng a row)
    total = sum(number(r[9], lang) for r in rows)
    assert abs(total - data["variant"]["allowance_vnd"]) <= len(rows)
    # by receiving unit, as the decision annex lists them
    receiving = [r[5] for r in rows]
    assert receiving == sorted(receiving, key=receiving.index)  # each unit's rows together
    assert not any(re.search(r"\d\.\d+e[+-]\d", c) for r in rows for c in r)


def test_each_limit_line_is_said_once(variant):
    lang, out, data = variant
    text = (out / "report.html").read_text(encoding="utf-8")
    # the budget lines: one per plan, in the answer only
    spends = "the plan spends" if lang == "en" else "phương án dùng"
    assert text.count(spends) == 2, text.count(spends)
    answer = text.split('<div class="answer">')[1].split("</div>")[0]
    assert answer.count(spends) == 2
    items = re.findall(r"<li>(.*?)</li>", text.split('<ul class="notes">')[1].split("</ul>")[0])
    assert len(items) == len(set(items))
    # the budgets are in the assumptions once each: the baseline's rules give 45 bn, the
    # variant's change 10 bn; a line of 'the budgets the plans had' would say them again
    assumptions = text.split("<h2>" + ("Assumptions" if lang == "en" else "Giả định"))[1]
    assumptions = assumptions.split("</ul>")[0]
    ten = "VND 10.0 bn" if lang == "en" else "10,0 tỷ đồng"
    assert assumptions.count(ten) == 1, assumptions


def test_a_scaled_budget_is_still_said(tmp_path, capsys):
    """A variant whose budget is not the one --set gives (scaled by the province's mountain
    communes, budget.scale) says the budget it had: the figure set, scaled as the
    baseline's (whose rules line gives the factor)."""
    out = tmp_path / "w"
    code, _o, err = run_cli(capsys, "whatif", str(SCENARIOS / "vietnam.toml"), "--set",
                            'province.provinces=["20"]', "--set", "optimizer.budget_vnd=10e9",
                            "--out", str(out), "--lang", "en")
    assert code == 0, err
    data = json.loads((out / "whatif.json").read_text(encoding="utf-8"))
    limit = next(u["limit"] for u in data["variant"]["limits"] if u["rule"] == "budget")
    assert limit < 10e9 - 1e9  # Lạng Sơn's share of the 10 bn, by its mountain communes
    text = html.unescape((out / "report.html").read_text(encoding="utf-8"))
    assert ("allowance budget set to VND 10.0 bn, scaled as the baseline's: "
            f"VND {limit / 1e9:.2f} bn") in text
    assert "for 77 mountain and high-mountain communes, the province has 57:" in text
