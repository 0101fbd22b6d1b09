"""staffsim validate's faults: a transfer term of 0 months was accepted; a bad
province.by_province entry given with --set was blamed on the scenario file; a decimal the
user gave stayed '(got 2.5)' in Vietnamese lines where the text writes '2,5'; a selection of
provinces (province.provinces) was named by the scenario's name ('Vietnam (34 provinces)')."""

from __future__ import annotations

import pytest

from staffsim.scenarios.params import PolicyParams, TransfersInSimParams

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

THANH_HOA = str(SCENARIOS / "thanh_hoa.toml")
VIETNAM = str(SCENARIOS / "vietnam.toml")


# 1. transfers.term_months: a term of 0 months is no transfer. The sources' terms run from
# 2 months (secondments) to 3 years (NQ 34's support, Decision 2623's allowances: 36 months);
# longer ones up to 120 months (the allowance's own periods at most) stay open to sensitivity
# runs.

@pytest.mark.parametrize("months", [0, -1, 121])
def test_a_term_outside_1_to_120_months_is_refused_from_the_command_line(capsys, months):
    code, _out, err = run_cli(capsys, "validate", THANH_HOA, "--set",
                              f"transfers.term_months={months}")
    allowed = "must be at most 120" if months > 0 else "must be at least 1"
    assert_one_line_error(code, err, "command line: transfers.term_months:", f"(got {months})",
                          allowed)


def test_a_term_of_0_months_in_the_file_names_the_file(tmp_path, capsys):
    path = write_scenario(tmp_path, "[transfers]\nterm_months = 0\n")
    code, _out, err = run_cli(capsys, "validate", str(path))
    assert_one_line_error(code, err, f"{path}: transfers.term_months:", "(got 0)",
                          "must be at least 1")


@pytest.mark.parametrize("months", [1, 36, 120])
def test_terms_from_1_to_120_months_are_accepted(tmp_path, capsys, months):
    path = write_scenario(tmp_path, f"[transfers]\nterm_months = {months}\n")
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 0, err
    assert ": ok (" in out


def test_every_secondment_length_is_a_term_the_transfers_accept():
    # the secondment policy gives its own length as the transfers' term (experiments.
    # transfer_policies): the longest one allowed must be a valid term too
    longest = PolicyParams.model_fields["secondment_months"].metadata
    most = max(m.le for m in longest if hasattr(m, "le") and m.le is not None)
    assert TransfersInSimParams(term_months=most).term_months == most
    assert TransfersInSimParams(term_months=1).term_months == 1


# 2. province.by_province given with --set: the command line is named, not the file

def test_a_bad_province_override_given_with_set_names_the_command_line(capsys):
    code, _out, err = run_cli(capsys, "validate", VIETNAM, "--set",
                              "province.by_province.38.simulation.months=0")
    assert_one_line_error(code, err, "staffsim: error: command line: "
                          "province.by_province.38.simulation.months:", "(got 0)",
                          "must be at least 1")
    assert "vietnam.toml" not in err


def test_a_bad_province_override_in_the_file_names_the_file_with_or_without_set(
        tmp_path, capsys):
    path = write_scenario(tmp_path, '[province.by_province."38"]\n'
                                    '"transfers.return_share" = 2.0\n')
    for extra in ([], ["--set", "simulation.months=12"]):
        code, _out, err = run_cli(capsys, "validate", str(path), *extra)
        assert_one_line_error(code, err, f"{path}: province.by_province.38."
                              "transfers.return_share:", "must be at most 1")


def test_a_province_override_that_set_makes_wrong_names_the_command_line(tmp_path, capsys):
    # the file's own entry fits the file's bands (one band, one amount); --set gives two
    # bands and two amounts, and the entry's one amount no longer fits them
    from ..conftest import TINY_COMMUNES

    # (a table whose communes are of province 38: an entry for a province it has none of is
    # refused, scenarios.loader)
    coded = "".join(line + (",province_code\n" if k == 0 else ",38\n")
                    for k, line in enumerate(TINY_COMMUNES.splitlines()))
    path = write_scenario(tmp_path, '[optimizer.allowance]\ndistance_bands_km = [10.0]\n'
                                    'distance_band_vnd = [1000000.0]\n'
                                    '[province.by_province."38"]\n'
                                    '"optimizer.allowance.distance_band_vnd" = [500000.0]\n',
                          communes=coded)
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 0, err
    code, _out, err = run_cli(capsys, "validate", str(path),
                              "--set", "optimizer.allowance.distance_bands_km=[10.0, 20.0]",
                              "--set", "optimizer.allowance.distance_band_vnd=[1.0, 2.0]")
    assert_one_line_error(code, err, "command line: province.by_province.38.optimizer."
                          "allowance", "2 bands but distance_band_vnd has 1 amounts")
    assert str(path) not in err


# 3. a number the user gave, in a Vietnamese line: '2,5', as the Vietnamese text writes it

@pytest.mark.parametrize(("setting", "vi", "en"), [
    # a bound 'less than' (workload.category_allowance_share < 1) was not worded at all
    ("workload.category_allowance_share=1.5", "workload.category_allowance_share: phải nhỏ "
     "hơn 1 (nhận được 1,5)", "must be less than 1 (got 1.5)"),
    ("workload.category_allowance_share=12345.5", "phải nhỏ hơn 1 (nhận được 12.345,5)",
     "(got 12,345.5)"),
    # a number where a text, a choice, a list or a section goes
    ("province.name=2.5", "province.name: phải là văn bản (nhận được 2,5)", "(got 2.5)"),
    ("optimizer.solver=2.5", "optimizer.solver: phải là 'highs' hoặc 'cbc' (nhận được 2,5)",
     "(got 2.5)"),
    # (a list of zones: its example in the zones' Vietnamese names, which --set takes)
    ("roster.carry_over_zones=2.5", "phải là một danh sách vùng, ví dụ [\"miền núi\", "
     "\"vùng cao\"] (nhận được 2,5)", "(got 2.5)"),
    ("province.by_province=2.5", "province.by_province: là một nhóm tham số, không phải một "
     "giá trị (nhận được 2,5)", "(got 2.5)"),
    # and the ones that were right stay so
    ("simulation.months=2.5", "simulation.months: phải là số nguyên (nhận được 2,5)",
     "(got 2.5)"),
    ("transfers.return_share=1.5", "phải không quá 1 (nhận được 1,5)", "(got 1.5)"),
])
def test_a_decimal_given_is_written_with_a_decimal_comma_in_vietnamese(capsys, setting, vi,
                                                                      en):
    code, _out, err = run_cli(capsys, "validate", THANH_HOA, "--set", setting, "--lang", "vi")
    assert_one_line_error(code, err, "staffsim: lỗi: dòng lệnh: ", vi)
    assert "Input" not in err and "got" not in err
    code, _out, err = run_cli(capsys, "validate", THANH_HOA, "--set", setting, "--lang", "en")
    assert_one_line_error(code, err, "staffsim: error: command line: ", en)


def test_a_text_given_stays_quoted_as_typed(capsys):
    code, _out, err = run_cli(capsys, "validate", THANH_HOA, "--set", "optimizer.solver=x1.5",
                              "--lang", "vi")
    assert_one_line_error(code, err, "optimizer.solver: phải là 'highs' hoặc 'cbc' "
                          "(nhận được 'x1.5')")


def test_a_sweep_s_extreme_out_of_range_is_written_with_a_decimal_comma(tmp_path, capsys):
    path = write_scenario(tmp_path, '[sweep]\ndesign = "latin"\nsamples = 2\n'
                                    'replications = 1\nmonths = 12\n'
                                    '[sweep.uncertainties."workload.category_allowance_share"]\n'
                                    'range = [0.25, 1.5]\n')
    code, _out, err = run_cli(capsys, "validate", str(path), "--lang", "vi")
    assert_one_line_error(code, err, "giá trị 1,5 không hợp lệ: phải nhỏ hơn 1 "
                          "(nhận được 1,5)")


# 4. the provinces selected, by their names in the table (as the reports title them)

def test_validate_names_the_provinces_selected(capsys):
    # scenarios/data/vietnam_communes.csv: province_code 38 is Tỉnh Thanh Hóa, 166 units
    # (domain.md: Thanh Hóa 166 = 147 xã + 19 phường)
    code, out, err = run_cli(capsys, "validate", VIETNAM, "--set", 'province.provinces=["38"]',
                             "--lang", "en")
    assert code == 0, err
    assert "ok (Tỉnh Thanh Hóa: 166 communes," in out
    assert "Vietnam" not in out


def test_validate_names_the_whole_scenario_when_nothing_is_selected(capsys):
    code, out, err = run_cli(capsys, "validate", VIETNAM, "--lang", "en")
    assert code == 0, err
    assert "ok (Vietnam (34 provinces): 3,321 communes," in out  # domain.md: 3,321 units
