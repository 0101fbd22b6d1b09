"""whatif says what it understood of the manual edits: a Thanh Hóa planner typed
--close-commune "Quảng Phu" and --move 14797-088="Mương Chanh" (names without their marks are
matched silently), and the terminal never listed the forced moves, the kept official or the
closed commune (only --json had them, as typed)."""

import json

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli

DEMO = str(SCENARIOS / "demo.toml")


def test_whatif_lists_the_edits_as_matched(tmp_path, capsys):
    table, names = named_roster(tmp_path, capsys, DEMO)
    # 14797-088 works in Hạc Thành (14797), 16531-020 in Sầm Sơn (16531): the roster; the
    # communes' proper names are the communes table's
    args = ("whatif", DEMO, "--set", f"province.roster_csv={table}",
            "--move", "14797-088=Mương Chanh", "--keep", "16531-020",
            "--close-commune", "dong son")
    moved, kept = names["14797-088"], names["16531-020"]
    code, out, err = run_cli(capsys, *args, "--lang", "vi")
    assert code == 0, err
    top = out.splitlines()[:4]
    assert top[1:] == [
        f"  Chỉ định điều động (--move): {moved} (14797-088) Hạc Thành → Mường Chanh "
        "(đã nhập “Mương Chanh”)",
        f"  Giữ lại, không điều động (--keep): {kept} (16531-020, Sầm Sơn)",
        "  Đơn vị không điều động người nào đi (--close-commune): Đông Sơn (đã nhập “dong "
        "son”)"], top
    code, out, err = run_cli(capsys, *args, "--lang", "en")
    assert code == 0, err
    assert (f"  Forced moves (--move): {moved} (14797-088) Hạc Thành → Mường Chanh (typed "
            "“Mương Chanh”)") in out.splitlines()
    code, out, err = run_cli(capsys, *args, "--json")
    assert code == 0, err
    understood = json.loads(out)["edits_understood"]
    assert understood["move"] == [{
        "official_id": "14797-088", "full_name": moved,
        "from": {"commune_id": "14797", "name": "Hạc Thành"},
        "to": {"commune_id": "14866", "name": "Mường Chanh", "typed": "Mương Chanh"}}]
    assert understood["keep"] == [{"official_id": "16531-020", "full_name": kept,
                                   "from": {"commune_id": "16531", "name": "Sầm Sơn"}}]
    assert understood["close"] == [{"commune_id": "16378", "name": "Đông Sơn",
                                    "typed": "dong son"}]


def test_a_commune_written_as_it_is_is_not_repeated(capsys):
    code, out, err = run_cli(capsys, "whatif", DEMO, "--close-commune", "16378",
                             "--move", "14797-088=Mường Chanh", "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    assert "  Closed as donors, give no one (--close-commune): Đông Sơn" in lines
    assert any(ln.startswith("  Forced moves (--move): ") and
               ln.endswith("(14797-088) Hạc Thành → Mường Chanh") for ln in lines), lines[:4]
