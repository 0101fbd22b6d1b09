"""The page in Vietnamese: every message it shows is in the catalogue with the same
placeholders, and every reason ``explain`` gives is translated, numbers the Vietnamese way."""

import dataclasses
import importlib.util
import re
import string
from pathlib import Path

import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Inputs
from staffsim.dashboard.words import REASONS, Words, reason, rule, would_help

from ..conftest import SCENARIOS

REPO = Path(__file__).resolve().parents[2]


def _messages():
    spec = importlib.util.spec_from_file_location("missing_messages",
                                                  REPO / "scripts" / "missing_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_message_of_the_page_is_translated_with_its_placeholders():
    m = _messages()
    assert m.missing() == [], "run python scripts/missing_messages.py and translate"
    have = m.translations()
    used = m.used_messages()
    assert len(used) > 150
    for msgid in used:
        assert fields(have[msgid]) == fields(msgid), msgid


@pytest.mark.parametrize(("rules", "expected"), [
    ("wisn", {"donor_floor", "max_distance", "protection", "eligible_recipients"}),
    # province practice: the nearest officials sit in mountain communes, which do not give
    ("province_practice", {"protection", "eligible_recipients", "recipient_cap"}),
])
def test_every_reason_explain_gives_is_translated(rules, expected):
    """Explanations on the demo with a short distance limit and a small budget, so that most
    rules show up, under each rule set; each sentence must match one of REASONS."""
    inputs = Inputs.load(SCENARIOS / "demo.toml", {"optimizer.rules": rules})
    _ = Words("vi")
    seen_rules = set()
    for change in ({}, {"max_distance_km": 8.0, "budget_vnd": 3e9, "max_moves": 20}):
        levers = dataclasses.replace(inputs.levers, **change)
        view = planning.plan(inputs, levers)
        high = [int(i) for i in (view.state.communes.zone == 2).nonzero()[0][:3]]
        for r in [0, *high]:  # a lowland ward (not a recipient) and three mountain communes
            e = planning.explain(inputs, levers, r)
            for key, text in e["commune_rules"]:
                assert reason(_, text) != text, text
                seen_rules.add(key)
            for s in e["specialties"]:
                for c in s["nearest"]:
                    seen_rules.add(c["rule"])
                    out = reason(_, c["why"])
                    assert out != c["why"] and not re.search(r"\d\.\d", out), (c["why"], out)
                    assert rule(_, c["rule"]) != c["rule"]
            for h in e["would_help"]:
                assert would_help(_, h).split(":")[0] != h["change"]
    assert expected <= seen_rules


def test_reasons_keep_their_numbers_and_names():
    _ = Words("vi")
    assert reason(_, "96 km away (limit 60 km)") == "cách 96 km (giới hạn 60 km)"
    assert reason(_, "retires in 1.5 years") == "còn 1,5 năm đến tuổi nghỉ hưu"
    assert reason(_, "Mường Lát needs its 2 land official(s) (requires 2.4)") == \
        "Mường Lát cần giữ 2 công chức địa chính (nhu cầu 2,4)"
    assert reason(_, "lowland communes are not eligible recipients (allowed: mountain, "
                     "high mountain)") == \
        "xã đồng bằng không thuộc diện được nhận (được nhận: miền núi, vùng cao)"
    assert reason(_, "Hạc Thành has no officials above its quota (70 in post, quota 70)") == \
        "Hạc Thành không thừa người so với biên chế (70 người, biên chế 70)"
    assert reason(_, "Sầm Sơn already gives its 43 officials above quota") == \
        "Sầm Sơn đã điều động đi hết 43 người vượt biên chế"
    assert reason(_, "Sở Y is a party_front unit, not among the pool kinds that give "
                     "(department)") == ("Sở Y là cơ quan Đảng, Mặt trận Tổ quốc, không thuộc các "
                                         "loại đơn vị được điều động đi (sở, ban, ngành)")
    assert reason(Words("en"), "96 km away (limit 60 km)") == "96 km away (limit 60 km)"
    assert len(REASONS) >= 15


def test_every_problem_the_readers_report_is_translated():
    """A roster and a communes table with one of each mistake: every line the readers give
    back reads in Vietnamese, ids and typed values untouched."""
    from staffsim.dashboard.uploads import precheck, read_upload
    from staffsim.dashboard.words import problem

    _ = Words("vi")
    inputs = Inputs.load(SCENARIOS / "demo.toml")
    roster = (b"official_id,commune_id,specialty,birth_year,leader,protected\n"
              b"o1,14797,land,1980,false,false\n"
              b"o1,1479,lnd,1900,maybe,false\n"
              b",14797,land,abc,false,false\n"
              b"o4,XYZ,qqq,,false,false\n")
    communes = (b"commune_id,name,kind,zone,population,area_km2,lat,lon\n"
                b"A,Alpha,xa,lowland,100,1,95,105\n"
                b"B,Beta,xa,hill,,1,20,105\n")
    texts = []
    for kind, data in (("roster", roster), ("communes", communes),
                       ("roster", b"official_id,commune_id\n")):
        texts += [p.message for p in read_upload(inputs, kind, "t.csv", data).problems]
    texts += [precheck(n, d, 10).message for n, d in (
        ("a.pdf", b"x"), ("a.csv", b"x" * 11), ("a.xlsx", b"nope"), ("a.csv", b"")) ]
    good = (b"official_id,commune_id,specialty,birth_year,leader,protected\n"
            b"o1,14797,land,1980,false,false\n")
    texts += read_upload(inputs, "roster", "t.csv", good).warnings[:1]
    assert len(texts) >= 14
    for text in texts:
        out = problem(_, text)
        assert out != text, text
    assert problem(_, "'o1' repeats row 2; ids must be unique") == \
        "'o1' trùng với dòng 2; mã không được trùng"
    # in a workbook of several sheets the row names its sheet, in the language too
    assert problem(_, "'o1' repeats row 2 (sheet 'Xã'); ids must be unique") == \
        "'o1' trùng với dòng 2 (trang tính 'Xã'); mã không được trùng"
    assert problem(_, "the table is read from 2 sheets: 'A' (1,234 rows), 'B' (1 row)") == \
        "bảng được đọc từ 2 trang tính: 'A' (1.234 dòng), 'B' (1 dòng)"


def test_every_rule_forced_moves_break_is_translated():
    """Force a leader far into the mountains and another official into a ward, with a tiny
    budget, move limit and distance limit: each finding of the checker reads in Vietnamese."""
    from staffsim.dashboard.planning import EditSet
    from staffsim.dashboard.words import violation

    _ = Words("vi")
    inputs = Inputs.load(SCENARIOS / "demo.toml")
    levers = dataclasses.replace(inputs.levers, budget_vnd=1e6, max_moves=1,
                                 max_distance_km=20.0)
    st = planning.plan(inputs, levers).state
    zone = st.communes.zone[st.commune]
    leader = next(i for i in range(len(zone)) if st.leader[i] and zone[i] == 0)
    other = next(i for i in range(len(zone)) if not st.leader[i] and zone[i] == 2
                 and not st.protected[i])
    far = st.communes.ids[int((st.communes.zone == 2).nonzero()[0][-1])]
    ward = st.communes.ids[int((st.communes.zone == 0).nonzero()[0][-1])]
    edits = EditSet().force(st.official_id[leader], far).force(st.official_id[other], ward)
    view = planning.plan(inputs, levers, edits)
    assert len({v.rule for v in view.violations}) >= 5
    for v in view.violations:
        out = violation(_, v.message)
        assert out != v.message and not re.search(r"\d\.\d", out), v.message


def test_upload_problems_name_columns_and_values_as_people_do():
    # a new user's upload listed commune_id and 'closest: finance; allowed: leadership|...'
    from staffsim.dashboard.words import column_name, problem

    vi, en = Words("vi"), Words("en")
    assert column_name(vi, "commune_id") == "Mã xã" and column_name(en, "commune_id") == \
        "commune_id"
    assert column_name(vi, "specialty") == "Chuyên môn"
    text = "'lnd' is not allowed; closest: land; allowed: land|it"
    assert problem(vi, text) == "'lnd' không hợp lệ; gần nhất: Địa chính; giá trị hợp lệ: " \
                                "Địa chính|Công nghệ thông tin"


def test_a_sheet_named_with_an_apostrophe_is_still_a_row_and_a_column():
    from staffsim.dashboard.datatab import _WHERE

    m = _WHERE.fullmatch("row 2 (sheet 'Cán bộ 'cũ''), column specialty")
    assert m and m["row"] == "2 (sheet 'Cán bộ 'cũ'')" and m["col"] == "specialty"


def test_a_specialty_mid_sentence_keeps_its_acronyms():
    # 'người làm văn phòng hđnd và ubnd': the whole label was lower-cased
    from staffsim.results.words import _value

    assert _value(Words("vi"), "spec", "office") == "văn phòng HĐND và UBND"
