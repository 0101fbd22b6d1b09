"""An inline-table --set is its leaves as dotted keys, for every check that reads the keys
(a review of the inline-table merge), and explain suggests whatif commands only when whatif's
baseline is the scenario explain read."""

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


def test_provinces_in_an_inline_table_choose_both_sides_of_a_whatif(capsys):
    """'province={provinces=["38"]}' is province.provinces, which whatif applies to both
    sides; it was refused with advice to give what the user had given."""
    code, out, err = run_cli(capsys, "whatif", "--lang", "en", str(SCENARIOS / "vietnam.toml"),
                             "--set", 'province={provinces=["38"]}',
                             "--set", "optimizer.budget_vnd=1e9")
    assert code == 0, err
    assert out.startswith("Tỉnh Thanh Hóa: the optimal plan")


def test_a_nested_empty_table_is_refused_like_a_top_level_one(capsys):
    code, _, err = run_cli(capsys, "run", "--lang", "en", DEMO, "--months", "1",
                           "--set", "compare.arms.rolling={set={}}")
    assert_one_line_error(code, err, "--set", "names no key")


def test_explain_suggests_whatif_only_on_the_scenario_as_read(capsys):
    code, plain, err = run_cli(capsys, "explain", "--lang", "en", DEMO, "--commune",
                               "Tam Chung")
    assert code == 0, err
    assert "staffsim whatif" in plain
    # with the user's own setting, whatif's baseline (the file) is not explain's: no
    # command whose comparison would include the user's setting
    code, out, err = run_cli(capsys, "explain", "--lang", "en", DEMO, "--commune", "Tam Chung",
                             "--set", "optimizer.budget_vnd=1e9")
    assert code == 0, err
    assert "staffsim whatif" not in out
