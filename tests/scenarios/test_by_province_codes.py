"""A province's own overrides (province.by_province) for a code the communes table has no
commune of are refused, naming where they were written: a trial's typo ('83' for Thanh
Hóa's 38) ran with the scenario's budget and said the change was VND 0."""

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

TH = SCENARIOS / "thanh_hoa.toml"


def test_a_typed_code_on_the_command_line(capsys):
    code, out, err = run_cli(capsys, "whatif", str(TH), "--set",
                             'province.by_province."83".optimizer.budget_vnd=1e9', "--lang",
                             "en")
    assert_one_line_error(code, err, "command line: province.by_province.83: "
                          "thanh_hoa_communes.csv has no commune of province 83; allowed: a "
                          "province code of its communes (38)")
    code, out, err = run_cli(capsys, "whatif", str(TH), "--set",
                             'province.by_province."83".optimizer.budget_vnd=1e9', "--lang",
                             "vi")
    assert_one_line_error(code, err, "không có xã, phường nào thuộc tỉnh mã 83")


def test_a_code_written_in_the_file(tmp_path, capsys):
    text = TH.read_text("utf-8").replace('"data/', f'"{SCENARIOS / "data"}/')
    bad = tmp_path / "th.toml"
    bad.write_text(text + '\n[province.by_province."83".optimizer]\nbudget_vnd = 1e9\n',
                   encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(bad), "--lang", "en")
    assert_one_line_error(code, err, f"{bad}: province.by_province.83: ", "(38)")


def test_the_national_scenarios_codes_are_all_known(capsys):
    code, out, err = run_cli(capsys, "validate", str(SCENARIOS / "vietnam.toml"), "--lang",
                             "en")
    assert code == 0, err


def test_a_table_without_codes_applies_no_provinces_settings(tmp_path, capsys):
    from ..conftest import write_scenario

    path = write_scenario(tmp_path, '[province.by_province."38".optimizer]\nbudget_vnd = 1e9\n')
    code, out, err = run_cli(capsys, "validate", str(path), "--lang", "en")
    assert_one_line_error(code, err, "province.by_province.38: communes.csv has no column "
                          "province_code, so no province's own settings apply")
