"""A frontier folder carries report.html, as run, plan, whatif and explain folders do, and
its last lines say what caps a point as plain statements. An HR officer's trial (`staffsim
frontier scenarios/thanh_hoa.toml --lever optimizer.budget_vnd --range 0:60e9:13 --out DIR`)
found no report in the folder, and a last line to untangle: 'unmet need that stops falling
does not mean more allowance budget would not help' ('thiếu hụt không giảm nữa không có
nghĩa là tăng ngân sách hỗ trợ không còn tác dụng')."""

from __future__ import annotations

import csv
import json
import re

import pytest

from staffsim.i18n import language

from ..conftest import SCENARIOS
from ..helpers import run_cli
from .test_report import read, self_contained
from .test_whatif_report_tables import number, tables

# the demo (45 bn, move limit 400) with a move limit of 150: at 20 bn the budget stops the
# plan, at 40 and 60 bn its 150 transfers
ARGS = ["--lever", "optimizer.budget_vnd", "--range", "20e9:60e9:3", "--set",
        "optimizer.max_moves=150", "--workers", "1"]
WORDS = {
    "en": {"sections": ["What was asked", "The answer", "Key figures", "Figures",
                        "Assumptions", "Sources"],
           # (no column for the mountain zone: the demo has no mountain commune)
           "head": ["Allowance budget", "Unmet need, province (FTE)",
                    "Unmet need, high mountain (FTE)",
                    "Essential specialties vacant, province (commune-specialties)",
                    "Communes with at least one essential specialty vacant, province "
                    "(communes)", "Transfers (officials)", "Allowance over the transfers' terms",
                    "What stops further transfers"],
           "values": ["VND 20.0 bn", "VND 40.0 bn", "VND 60.0 bn"],
           "binds": {"budget": "the budget", "max_moves": "the move limit"},
           "answer": "What stops further transfers: the budget at VND 20.0 bn; the move limit "
                     "at VND 40.0 bn to VND 60.0 bn."},
    "vi": {"sections": ["Câu hỏi", "Trả lời", "Số liệu chính", "Biểu đồ", "Giả định", "Nguồn"],
           "head": ["Ngân sách hỗ trợ", "Thiếu hụt nhân lực, toàn tỉnh (người quy đổi)",
                    "Thiếu hụt nhân lực, vùng cao (người quy đổi)",
                    "Lĩnh vực thiết yếu không có người, toàn tỉnh (lượt xã × lĩnh vực)",
                    "Số xã, phường có ít nhất một lĩnh vực thiết yếu không có người, toàn tỉnh "
                    "(xã, phường)", "Điều động (người)",
                    "Kinh phí hỗ trợ cả thời hạn điều động", "Điều ngăn điều động thêm"],
           "values": ["20,0 tỷ đồng", "40,0 tỷ đồng", "60,0 tỷ đồng"],
           "binds": {"budget": "ngân sách", "max_moves": "giới hạn số người điều động"},
           "answer": "Điều ngăn điều động thêm: ngân sách ở mức 20,0 tỷ đồng; giới hạn số người "
                     "điều động ở mức từ 40,0 tỷ đồng đến 60,0 tỷ đồng."},
}


@pytest.mark.figures
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_frontier_folder_carries_a_report(tmp_path, capsys, lang):
    out = tmp_path / "f"
    code, _o, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), *ARGS,
                            "--out", str(out), "--lang", lang)
    assert code == 0, err
    w = WORDS[lang]
    page = read(out / "report.html")
    self_contained(page, out)  # the figure embedded, nothing fetched
    assert page.lang == lang
    assert page.h2 == w["sections"]
    assert len(page.refs) == 1  # the frontier figure
    # the folder is still whole: report.html is sealed with the rest
    sums = (out / "checksums.sha256").read_text(encoding="utf-8")
    assert re.search(r"\breport\.html\b", sums)
    code, _o, err = run_cli(capsys, "verify", str(out))
    assert code == 0, err
    # a row per value, from frontier.csv, in the value's unit and with separators
    with open(out / "frontier.csv", encoding="utf-8") as f:
        points = list(csv.DictReader(f))
    head, rows = tables(out / "report.html")["Key figures" if lang == "en"
                                             else "Số liệu chính"]
    assert head == w["head"]
    assert [r[0] for r in rows] == w["values"]
    for row, p in zip(rows, points, strict=True):
        for cell, key in zip(row[1:3], ("unmet_fte_province", "unmet_fte_high_mountain"),
                             strict=True):
            assert number(cell, lang) == pytest.approx(float(p[key]), abs=0.05)
        assert number(row[3], lang) == int(p["essential_missing"])
        assert number(row[5], lang) == int(p["moves"])
        billions = float(p["allowance_vnd"]) / 1e9  # written in tỷ đồng, one decimal
        assert f"{billions:.1f}".replace(".", "," if lang == "vi" else ".") in row[6]
    # what binds: the budget below the move limit, the move limit at its 150 transfers
    moves = [int(p["moves"]) for p in points]
    assert moves[0] < 150 and moves[1:] == [150, 150]
    assert [r[-1] for r in rows] == [w["binds"]["budget"], w["binds"]["max_moves"],
                                     w["binds"]["max_moves"]]
    text = (out / "report.html").read_text(encoding="utf-8")
    answer = text.split('<div class="answer">')[1].split("</div>")[0]
    assert answer.count("<p>") == 3
    assert w["answer"] in answer
    assert not re.search(r"\d[.,]?\d*e[+-]?\d", "\n".join(c for r in rows for c in r))


def test_the_folder_without_figures_still_has_its_report(tmp_path, capsys):
    """(Figures are off in the default test run: the report then has no figure section.)"""
    out = tmp_path / "f"
    code, _o, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), *ARGS,
                            "--out", str(out))
    assert code == 0, err
    data = json.loads((out / "frontier.json").read_text(encoding="utf-8"))
    assert len(data["points"]) == 3
    page = read(out / "report.html")
    assert page.h2 == [h for h in WORDS["en"]["sections"] if h != "Figures"]
    code, _o, err = run_cli(capsys, "verify", str(out))
    assert code == 0, err
    # the lever's value is each row's: the assumptions do not give the file's 45 bn
    assumptions = _assumptions(out)
    assert not any("VND 45.0 bn" in a for a in assumptions), assumptions
    assert any("allowance budget as each row of the table gives it" in a for a in assumptions)


def _assumptions(out) -> list[str]:
    text = (out / "report.html").read_text(encoding="utf-8")
    return re.findall(r"<li>(.*?)</li>", text.split("<h2>Assumptions</h2>")[1].split("</ul>")[0])


def test_a_distance_frontier_gives_no_distance_limit_of_its_own(tmp_path, capsys):
    """The demo's rules say 'No move longer than 300 km by road'; over 100 to 300 km that
    line would contradict each row's limit."""
    out = tmp_path / "f"
    code, _o, err = run_cli(capsys, "frontier", str(SCENARIOS / "demo.toml"), "--lever",
                            "optimizer.max_distance_km", "--range", "100:300:3", "--workers",
                            "1", "--out", str(out))
    assert code == 0, err
    assumptions = _assumptions(out)
    assert not any("km by road" in a for a in assumptions), assumptions
    assert any("allowance budget VND 45.0 bn" in a for a in assumptions)  # (not the lever)
    head, rows = tables(out / "report.html")["Key figures"]
    assert head[0] == "Distance limit (km)" and [r[0] for r in rows] == ["100", "200", "300"]


def _point(value: float, moves: int, capped: list[str]) -> dict:
    return {"value": value, "status": "Optimal", "plan_found": True, "weighted_unmet": 1.0,
            "unmet_fte": {"lowland": 79.0, "mountain": 211.4, "high_mountain": 400.0,
                          "province": 690.4},
            "essential_missing": {"province": 21}, "communes_lacking_essential":
                {"province": 21}, "moves": moves, "allowance_vnd": value * 0.98,
            "km_total": 1.0, "build_s": 0.0, "solve_s": 0.0, "capped_by": capped}


NEGATIONS = {"en": re.compile(r"\b(not|no|never|nothing|nobody)\b|n't\b"),
             "vi": re.compile(r"\bkhông\b|\bchẳng\b|\bchưa\b")}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("cap", ["max_moves", "donors"])
def test_what_caps_a_point_is_said_without_a_double_negative(lang, cap):
    """Each line under the points negates once at most: 'the move limit, not the allowance
    budget, stops further transfers'."""
    from staffsim.results.frontier_folder import frontier_lines

    points = [_point(55e9, 377, []), _point(60e9, 400, [cap])]
    with language(lang):
        last = frontier_lines("Thanh Hóa", "optimizer.budget_vnd", points, 400.0)[3:]
    assert len(last) == 1
    assert len(NEGATIONS[lang].findall(last[0])) == 1, last[0]
    said = {("max_moves", "en"): "so it is the move limit that slows the fall of unmet need "
                                 "there; raise the move limit",
            ("max_moves", "vi"): "nên thiếu hụt giảm chậm lại ở đó là do giới hạn này; hãy "
                                 "nâng giới hạn số người điều động",
            ("donors", "en"): "and the unmet need left there is still to be met",
            ("donors", "vi"): "và phần thiếu hụt còn lại ở đó vẫn cần được bù đắp"}
    assert said[cap, lang] in last[0]


def test_a_point_at_the_move_limit_says_so_in_the_table(tmp_path):
    """The move limit reached is a cap ``mark_capped`` finds from the moves (400 of 400),
    whether or not the solver reported the row binding: the table says it either way."""
    from staffsim.results.frontier_folder import mark_capped
    from staffsim.results.report_contents import frontier_report
    from staffsim.scenarios.loader import load_scenario

    points = [{**_point(55e9, 377, []), "binding": ["budget"]},
              {**_point(60e9, 400, []), "binding": []}]
    mark_capped(points, "optimizer.budget_vnd", 400.0)
    with language("en"):
        report = frontier_report(load_scenario(SCENARIOS / "demo.toml"),
                                 {"lever": "optimizer.budget_vnd", "points": points},
                                 tmp_path)
    assert [r[-1] for r in report.table[1]] == ["the budget", "the move limit"]
    assert report.answer[-1] == ("What stops further transfers: the budget at VND 55.0 bn; "
                                 "the move limit at VND 60.0 bn.")


def test_frontier_csv_writes_each_lever_value_as_typed_not_as_a_float_repr():
    """frontier.csv's value column is data: 36e9 is written 36000000000 (it read
    '36000000000.0', the float's repr), a share in full decimals and never in scientific
    notation (1e-07 is 0.0000001), an integer lever as the integer."""
    import csv
    import io

    from staffsim.results.frontier_folder import frontier_csv

    values = [36e9, 0.35, 1e-7, 12, 2.5e-3 + 1e9]
    rows = list(csv.reader(io.StringIO(frontier_csv([_point(v, 1, []) for v in values]))))
    assert [r[0] for r in rows[1:]] == ["36000000000", "0.35", "0.0000001", "12",
                                        "1000000000.0025"]


def test_unmet_need_that_rises_as_a_lever_loosens_is_explained_by_the_weighting():
    """A distance frontier read 780.3, 784.6, 786.4 FTE as the limit loosened (essential
    specialties vacant 57, 31, 21) and nothing said why: the plan minimises weighted unmet
    need, not FTE. The line gives the rise as the shown values differ (784.6 - 780.3 = 4.3)
    and the weighted fall (2,400.0 - 2,206.2 = 193.8)."""
    from staffsim.results.frontier_folder import frontier_lines

    def point(km, fte, weighted, vacant):
        p = _point(km, 300, [])
        p["unmet_fte"] = {**p["unmet_fte"], "province": fte}
        p.update(weighted_unmet=weighted, essential_missing={"province": vacant})
        return p

    pts = [point(80, 780.34, 2400.0, 57), point(140, 784.56, 2206.2, 31),
           point(200, 770.0, 2100.0, 31)]
    with language("en"):
        lines = frontier_lines("Thanh Hóa", "optimizer.max_distance_km", pts, 400.0)
    said = [x for x in lines if x.startswith("From ")]
    assert len(said) == 1, lines  # 140 -> 200: unmet need falls, nothing to explain
    assert said[0].startswith("From 80 to 140 unmet need rises by 4.3 FTE while the "
                              "weighted unmet need the plan minimises falls by 193.8 points")
    assert "(vacant: 57 then 31)" in said[0]
