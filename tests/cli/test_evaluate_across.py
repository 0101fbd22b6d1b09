"""evaluate on a list of several provinces: a move across provinces is named as one."""

from staffsim.cli import main

from ..conftest import SCENARIOS


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_move_to_another_province_says_so_with_both_provinces(tmp_path, capsys):
    """A national list moving a Lạng Sơn (20) official to a Quảng Trị (44) commune, by id or
    by a name only Quảng Trị has, was "commune 19204 is unknown": the commune is known, in
    another province, and a transfer across provinces is no province's decision."""
    scenario = str(SCENARIOS / "vietnam.toml")
    pick = "province.provinces=[\"20\", \"44\"]"
    plan = tmp_path / "cross.csv"
    plan.write_text("official_id,to_commune\n06004-005,19204\n06076-008,Trường Sơn\n",
                    encoding="utf-8")
    code, text, err = run(capsys, "evaluate", scenario, "--set", pick, "--plan", str(plan),
                          "--lang", "en")
    assert code == 1, text + err
    for row, official in ((2, "06004-005"), (3, "06076-008")):
        assert (f"{plan}: row {row}: Trường Sơn commune (19204) is in Tỉnh Quảng Trị, but "
                f"official {official} works in Tỉnh Lạng Sơn: a transfer to another province "
                "is outside a province's decision") in text, text
    assert "unknown" not in text
    assert "2 rule violations in 2 moves" in text
    code, text, err = run(capsys, "evaluate", scenario, "--set", pick, "--plan", str(plan),
                          "--lang", "vi")
    assert code == 1
    assert (f"{plan}: dòng 2: Xã Trường Sơn (19204) thuộc Tỉnh Quảng Trị, nhưng công chức "
            "06004-005 đang công tác tại Tỉnh Lạng Sơn: điều động sang tỉnh khác nằm ngoài "
            "thẩm quyền quyết định của một tỉnh") in text, text


def test_a_list_made_on_another_roster_is_said_to_be_one(capsys):
    """Decision 2623's list (made on Thanh Hóa's own roster) evaluated on the national
    scenario's roster, where its ids name other people: '296 rule violations', half of them
    cells of names and current specialties (a planner's trial: the tool called the
    province's decision illegal). Those cells are counted apart, and the first line after
    the reconstruction's says the list's officials do not match the roster."""
    import re

    from ..helpers import run_cli

    # (the national roster keeps Thanh Hóa's published 6,230 officials since
    # roster.province_totals, and then names the same people: another total makes it another)
    code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "vietnam.toml"), "--set",
                             'province.provinces=["38"]', "--set",
                             'roster.province_totals={"38"=8000}', "--set",
                             "roster.max_quota_multiple=9", "--plan",
                             str(SCENARIOS / "data" / "thanh_hoa_decision_2623_reconstructed.csv"),
                             "--lang", "en")
    assert code == 1, err
    findings = [line for line in out.splitlines() if line.startswith(str(SCENARIOS / "data"))]
    cells = [line for line in findings if ": name: " in line or ": current specialty: " in line]
    assert cells
    n = int(re.search(r"^([\d,]+) rule violations? in 176 moves", out, re.M)[1])
    assert n == len(findings) - len(cells)
    counted = f"{len(cells)} cell gives" if len(cells) == 1 else f"{len(cells)} cells give"
    assert f"{counted} a name or current specialty other than the roster's" in out
    said = [line for line in out.splitlines() if "reconstruction" not in line]
    assert said[0].startswith("most rows name officials whose unit, name or current specialty "
                              "differ from this scenario's roster: the list's officials do "
                              "not match the roster"), out
    # on its own roster: no violation, no such line
    code, out, _ = run_cli(capsys, "evaluate", str(SCENARIOS / "thanh_hoa.toml"), "--plan",
                           str(SCENARIOS / "data" / "thanh_hoa_decision_2623_reconstructed.csv"),
                           "--lang", "en")
    assert code == 0 and "0 rule violations in 176 moves" in out
    assert "do not match the roster" not in out
