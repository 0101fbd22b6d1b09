"""Words a planner's trial found wrong: a missing column's hint named folded keys
('Mã cán bộ (hoặc ma_can_bo, ma_cb)') and left out the annex's own 'Mã công chức'; a yes/no
column's values read 'true|false' in Vietnamese; a specialty inside a sentence kept its
later words' capitals ('tư pháp - Hộ tịch'); an unknown official id for --move/--keep got no
suggestion. The expected lines are written by hand, in both languages."""

import pytest

from staffsim.results.finding_words import violation
from staffsim.results.words import Words, reason, specialty_in_sentence
from staffsim.scenarios.specialties import SPECIALTIES
from staffsim.scenarios.tables import HEADERS, WRITTEN, fold, hinted

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")
COMMUNES = SCENARIOS / "data" / "demo_communes.csv"


def lines(capsys, monkeypatch, lang: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("STAFFSIM_LANG", lang)
    code, _, err = run_cli(capsys, *args)
    return code, err.strip()


def roster_scenario(folder, text: str) -> str:
    (folder / "r.csv").write_text(text, encoding="utf-8")
    path = folder / "r.toml"
    path.write_text(f'[province]\nname = "T"\ncommunes_csv = "{COMMUNES}"\n'
                    f'roster_csv = "{folder / "r.csv"}"\n', encoding="utf-8")
    return str(path)


def test_a_missing_column_names_the_spellings_a_planner_writes(tmp_path, capsys, monkeypatch):
    plan = tmp_path / "p.csv"  # the annex's own headers, the destination column left out
    plan.write_text("Mã công chức,Chuyên môn,Xã\n16531-020,land,14845\n", encoding="utf-8")
    bare = tmp_path / "q.csv"
    bare.write_text("Họ tên,Chuyên môn\nA,land\n", encoding="utf-8")
    cases = [
        (plan, f"staffsim: lỗi: {plan}: dòng tiêu đề: thiếu cột Đơn vị điều động đến; các cột "
               "bắt buộc: Mã cán bộ, Đơn vị điều động đến; tên cột được chấp nhận: Đơn vị điều "
               "động đến (hoặc Xã đến, Nơi đến)",
         f"staffsim: error: {plan}: header: missing column(s) to_commune; required: "
         "official_id, to_commune; accepted: to_commune (or don_vi_dieu_dong_den, xa_den, "
         "noi_den)"),
        (bare, f"staffsim: lỗi: {bare}: dòng tiêu đề: thiếu cột Mã cán bộ, Đơn vị điều động "
               "đến; các cột bắt buộc: Mã cán bộ, Đơn vị điều động đến; tên cột được chấp "
               "nhận: Mã cán bộ (hoặc Mã công chức, Số hiệu công chức); Đơn vị điều động đến "
               "(hoặc Xã đến, Nơi đến)",
         f"staffsim: error: {bare}: header: missing column(s) official_id, to_commune; "
         "required: official_id, to_commune; accepted: official_id (or ma_can_bo, "
         "ma_cong_chuc, so_hieu_cong_chuc); to_commune (or don_vi_dieu_dong_den, xa_den, "
         "noi_den)"),
    ]
    for path, vi, en in cases:
        assert lines(capsys, monkeypatch, "vi", "evaluate", DEMO, "--plan", str(path)) == (2, vi)
        assert lines(capsys, monkeypatch, "en", "evaluate", DEMO, "--plan", str(path)) == (2, en)
    roster = roster_scenario(tmp_path, "ma,commune_id,specialty,birth_year,leader,protected\n"
                                       "a1,14797,land,1980,0,0\n")
    assert lines(capsys, monkeypatch, "vi", "validate", roster) == (
        2, f"staffsim: lỗi: {tmp_path / 'r.csv'}: dòng tiêu đề: thiếu cột Mã cán bộ; các cột "
           "bắt buộc: Mã cán bộ, Mã xã, Chuyên môn, Năm sinh, Lãnh đạo, Bảo vệ; tên cột được "
           "chấp nhận: Mã cán bộ (hoặc Mã công chức, Số hiệu công chức)")


def test_every_written_spelling_is_accepted():
    # the hint names only what the reader accepts, for every column it may name
    assert set(WRITTEN) == set(HEADERS)
    for column, spellings in WRITTEN.items():
        assert all(fold(w) in HEADERS[column] or fold(w) == column for w in spellings), column
        assert 0 < len(hinted(column)) <= 3 and column not in hinted(column)
    assert "ma_cong_chuc" in hinted("official_id")


def test_a_yes_no_column_names_its_values_in_the_language(tmp_path, capsys, monkeypatch):
    roster = roster_scenario(tmp_path, "official_id,commune_id,specialty,birth_year,leader,"
                                       "protected\na1,14797,land,1980,maybe,0\n"
                                       "a2,14797,land,1980,0,khongg\n")
    r = tmp_path / "r.csv"
    assert lines(capsys, monkeypatch, "vi", "validate", roster) == (
        2, f"staffsim: lỗi: {r}: dòng 2, cột Lãnh đạo: 'maybe' không hợp lệ; giá trị hợp lệ: "
           "Có|Không\n"
           f"staffsim: lỗi: {r}: dòng 3, cột Bảo vệ: 'khongg' không hợp lệ; gần nhất: Không; "
           "giá trị hợp lệ: Có|Không")
    assert lines(capsys, monkeypatch, "en", "validate", roster) == (  # as it was
        2, f"staffsim: error: {r}: row 2, column leader: 'maybe' is not allowed; allowed: "
           "true|false\n"
           f"staffsim: error: {r}: row 3, column protected: 'khongg' is not allowed; closest: "
           "false; allowed: true|false")


def test_a_specialty_inside_a_sentence_is_in_lower_case_but_its_acronyms():
    vi, en = Words("vi"), Words("en")
    assert [specialty_in_sentence(s, "vi") for s in SPECIALTIES] == [
        "lãnh đạo (chủ tịch, phó chủ tịch)", "văn phòng HĐND và UBND", "tư pháp - hộ tịch",
        "chứng thực", "địa chính", "xây dựng - quy hoạch", "tài chính - kế toán",
        "công nghệ thông tin", "nông nghiệp - môi trường", "văn hóa - xã hội",
        "trung tâm phục vụ hành chính công"]
    placed = "a1, a justice official, placed as finance"
    assert violation(vi, placed) == ("a1, người làm tư pháp - hộ tịch, được bố trí làm tài "
                                     "chính - kế toán")
    assert violation(en, placed) == ("a1, a Justice & civil registration official, placed as "
                                     "Finance-accounting")
    last = "Xã A (1) gives its last office official: row 5 (a1)"
    assert violation(vi, last) == ("Xã A (1) điều động đi người làm văn phòng HĐND và UBND cuối "
                                   "cùng: dòng 5 (a1)")
    assert violation(en, last) == ("Xã A (1) gives its last Office of HĐND & UBND official: "
                                   "row 5 (a1)")
    none = "Xã A (1) has no service_centre official after the plan"
    assert violation(vi, none) == ("Xã A (1) không còn người làm trung tâm phục vụ hành chính "
                                   "công sau phương án")
    needs = "Xã A needs its 2 finance official(s) (requires 2.5)"
    assert reason(en, needs) == "Xã A needs its 2 Finance-accounting official(s) (requires 2.5)"
    assert reason(vi, needs) == "Xã A cần giữ 2 công chức tài chính - kế toán (nhu cầu 2,5)"


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["--move", "16531-0200=14845"],
     "staffsim: lỗi: dòng lệnh: --move: '16531-0200' không phải công chức đang công tác trong "
     "kịch bản này (xem roster.csv của một lần chạy); có phải là 16531-020?",
     "staffsim: error: command line: --move: '16531-0200' is not an official in post in this "
     "scenario (see roster.csv of a run); did you mean 16531-020?"),
    (["--keep", "a16531-020"],
     "staffsim: lỗi: dòng lệnh: --keep: 'a16531-020' không phải công chức đang công tác trong "
     "kịch bản này (xem roster.csv của một lần chạy); có phải là 16531-020?",
     "staffsim: error: command line: --keep: 'a16531-020' is not an official in post in this "
     "scenario (see roster.csv of a run); did you mean 16531-020?"),
    (["--keep", "zzz"],  # nothing close: as it was
     "staffsim: lỗi: dòng lệnh: --keep: 'zzz' không phải công chức đang công tác trong kịch bản "
     "này (xem roster.csv của một lần chạy)",
     "staffsim: error: command line: --keep: 'zzz' is not an official in post in this scenario "
     "(see roster.csv of a run)"),
])
def test_an_unknown_official_gets_the_closest_ids(capsys, monkeypatch, args, vi, en):
    assert lines(capsys, monkeypatch, "vi", "whatif", DEMO, *args) == (2, vi)
    assert lines(capsys, monkeypatch, "en", "whatif", DEMO, *args) == (2, en)


def test_an_unknown_specialty_is_said_in_vietnamese(capsys, monkeypatch):
    """'giá trị không hợp lệ cho '--specialty': 'xyz' is not a specialty; allowed: …' was
    English inside the Vietnamese line (a hostile trial)."""
    monkeypatch.delenv("STAFFSIM_LANG")
    code, _, err = run_cli(capsys, "explain", str(SCENARIOS / "demo.toml"), "--commune",
                           "Mường Lát", "--specialty", "xyz")
    assert code == 2
    assert "'xyz' không phải là một chuyên môn; giá trị hợp lệ: " in err, err
    assert "is not a specialty" not in err and "Địa chính" in err
    # the names listed are Vietnamese already: what else is allowed is the English keys
    # (it ended '(or their Vietnamese names, ...)' after listing them)
    assert "hoặc tên tiếng Việt" not in err, err
    from staffsim.scenarios.specialties import SPECIALTIES

    keys = err.split("khóa tiếng Anh, ví dụ ")[1].rstrip(")\n").split(", ")
    assert keys and all(k in SPECIALTIES for k in keys), keys


def test_a_zone_without_communes_is_shown_as_a_dash_in_plan_and_whatif(capsys, monkeypatch,
                                                                        tmp_path):
    """The demo's communes are five lowland wards and 16 high-mountain communes (its
    communes table; none is mountain): plan and whatif printed 'miền núi 0,0' unmet need,
    as if its mountain communes were fully staffed, where run shows '–' for the zone."""
    import csv

    with open(SCENARIOS / "data" / "demo_communes.csv", encoding="utf-8") as f:
        zones = [r["zone"] for r in csv.DictReader(f)]
    assert "mountain" not in zones and "lowland" in zones and "high_mountain" in zones
    monkeypatch.setenv("STAFFSIM_NO_CACHE", "1")
    code, out, err = run_cli(capsys, "plan", DEMO, "--lang", "en", "--no-marginals", "--out",
                             str(tmp_path / "p"))
    assert code == 0, err
    row = {line.split(" (FTE)")[0]: line.split()[-3:] for line in out.splitlines()
           if line.startswith("Unmet need, ")}
    assert row["Unmet need, mountain"] == ["–", "–", "–"], out
    assert all(x != "–" for x in row["Unmet need, lowland"] + row["Unmet need, high mountain"])
    code, out, err = run_cli(capsys, "whatif", DEMO, "--lang", "en", "--set",
                             "optimizer.budget_vnd=10e9")
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith("Unmet need, mountain"))
    assert line.split()[-3:] == ["–", "–", "–"], out
