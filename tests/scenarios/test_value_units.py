"""Values in another unit are not taken silently (a planner's trial): a base salary of 2.34
(meant in millions), a zone multiple of 175 (meant as 175 %), a budget of 45 (meant as
VND 45 bn; the plan moved nobody, 'proven optimal').

Expected values from the domain (docs: /work/shared/domain.md): the base salary is VND
2,340,000 a month since 1 July 2024 and Vietnam's has never been below VND 100,000 (the
first minimum wage, 1993: 120,000); the allowance multiples are 1.25x and 1.75x in Thanh Hóa,
2.5x in the scenarios' compare arms; the cheapest month of Thanh Hóa's allowance is 1.25 x
2,340,000 = 2,925,000."""

import warnings

import pytest

from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.tables import InputWarning

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

THANH_HOA = SCENARIOS / "thanh_hoa.toml"
SALARY = "optimizer.allowance.base_salary_vnd"
MULTIPLE = "optimizer.allowance.zone_multiple.high_mountain"
BUDGET = "optimizer.constraints.budget.vnd"


def _load(**over):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        sc = load_scenario(THANH_HOA, over)
    return sc, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


@pytest.mark.parametrize("value", [2.34, 234, 23_400, 99_999, 0, -2_340_000])
def test_a_base_salary_below_any_vietnamese_one_is_refused_saying_the_unit(value):
    with pytest.raises(ScenarioError) as e:
        load_scenario(THANH_HOA, {SALARY: value})
    assert e.value.where == SALARY
    msg = e.value.message
    assert "VND a month" in msg and "100,000" in msg and "did you mean 2,340,000" in msg
    assert msg.count("(got ") == 1


@pytest.mark.parametrize("value", [120_000, 1_490_000, 2_340_000])
def test_real_base_salaries_are_accepted(value):  # 1993, 2019 and 2024's
    sc, said = _load(**{SALARY: value})
    assert sc.params.optimizer.allowance.base_salary_vnd == value
    assert said == []


def test_a_percentage_for_a_zone_multiple_is_refused_with_the_multiple_meant():
    with pytest.raises(ScenarioError) as e:
        load_scenario(THANH_HOA, {MULTIPLE: 175})
    assert e.value.where == MULTIPLE
    assert "multiple of the base salary, from 0 to 5" in e.value.message
    assert "did you mean 1.75 (175 %)?" in e.value.message
    with pytest.raises(ScenarioError) as e:
        load_scenario(THANH_HOA, {MULTIPLE: 5.01})
    assert "did you mean" not in e.value.message  # (0.0501 is no multiple anyone meant)


@pytest.mark.parametrize("value", [0.0, 1.25, 1.75, 2.5, 5.0])
def test_the_rules_and_the_compare_arms_multiples_are_accepted(value):
    sc, said = _load(**{MULTIPLE: value})
    assert sc.params.optimizer.allowance.zone_multiple.high_mountain == value
    assert said == []


def test_a_budget_below_one_whole_term_of_one_allowance_is_warned():
    _, said = _load(**{BUDGET: 45})
    assert len(said) == 1
    assert said[0].startswith(f"command line: {BUDGET}: VND 45 does not pay")
    assert "(VND 105,300,000: " in said[0]  # 1.25 x 2,340,000 x 36 months
    # a month of it (the bound before, F25) pays no move either
    _, said = _load(**{BUDGET: 2_925_000})
    assert len(said) == 1 and said[0].endswith("did you mean VND 2,925,000,000?"), said


@pytest.mark.parametrize("value", [0, 105_300_000, 45e9])
def test_no_budget_or_one_that_pays_a_move_is_not_warned(value):
    _, said = _load(**{BUDGET: value})
    assert said == []


def test_validate_refuses_a_base_salary_in_millions_in_both_languages(capsys):
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set", f"{SALARY}=2.34",
                           "--lang", "en")
    assert_one_line_error(code, err, "command line", SALARY, "VND a month",
                          "100,000 to 1,000,000,000", "did you mean 2,340,000")
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set", f"{SALARY}=2.34",
                           "--lang", "vi")
    assert_one_line_error(code, err, "dòng lệnh", SALARY, "đồng mỗi tháng",
                          "100.000 đến 1.000.000.000", "nhận được 2,34",
                          "2.340.000 (mức lương cơ sở")


def test_validate_refuses_a_zone_multiple_in_percent_in_both_languages(capsys):
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set", f"{MULTIPLE}=175",
                           "--lang", "vi")
    assert_one_line_error(code, err, MULTIPLE, "hệ số nhân với mức lương cơ sở, từ 0 đến 5",
                          "có phải là 1,75 (175%)?")


def test_validate_warns_of_a_budget_in_billions_in_both_languages(capsys):
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set", f"{BUDGET}=45",
                           "--lang", "en")
    assert code == 0
    lines = [ln for ln in err.splitlines() if BUDGET in ln]
    assert len(lines) == 1 and "warning" in lines[0]
    # the cheapest whole-term allowance: 2,340,000 x 1.25 (mountain) x 36 months
    assert ("VND 45 does not pay one official's allowance over a transfer's term (VND "
            "105,300,000: the cheapest allowance for its 36 months)") in lines[0], lines[0]
    assert "did you mean" not in lines[0]  # (45,000 would not pay one either)
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set", f"{BUDGET}=45",
                           "--lang", "vi")
    lines = [ln for ln in err.splitlines() if BUDGET in ln]
    assert code == 0 and len(lines) == 1
    assert "cảnh báo" in lines[0]
    assert ("45 đồng không đủ trả hỗ trợ cả thời hạn điều động cho một người (105.300.000 "
            "đồng: mức hỗ trợ thấp nhất trong 36 tháng)") in lines[0], lines[0]


def test_a_budget_in_millions_that_pays_no_move_is_warned_of(capsys):
    """'36 triệu' typed for 36 tỷ passed silently: it pays 12 months of the cheapest monthly
    allowance (2,925,000), the old bound, but no move's 36 (105,300,000): the plan then made
    only unpaid lowland moves (an HR trial, F25). Warned of, with 36 tỷ suggested."""
    for lang, said in (
            ("en", "VND 36,000,000 does not pay one official's allowance over a transfer's "
                   "term (VND 105,300,000: the cheapest allowance for its 36 months); the "
                   "budget is in VND over the transfers' terms, e.g. 45,000,000,000 for VND 45 "
                   "bn; did you mean VND 36,000,000,000?"),
            ("vi", "36.000.000 đồng không đủ trả hỗ trợ cả thời hạn điều động cho một người "
                   "(105.300.000 đồng: mức hỗ trợ thấp nhất trong 36 tháng); ngân sách tính "
                   "bằng đồng cho cả thời gian điều động, ví dụ 45.000.000.000 cho 45 tỷ đồng; "
                   "có phải là 36.000.000.000 đồng?")):
        code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set",
                               f"{BUDGET}=36 triệu", "--lang", lang)
        assert code == 0
        lines = [ln for ln in err.splitlines() if BUDGET in ln]
        assert len(lines) == 1 and lines[0].endswith(said), lines
    # one move's whole term is enough: no warning
    code, _, err = run_cli(capsys, "validate", str(THANH_HOA), "--set",
                           f"{BUDGET}=105300000")
    assert code == 0 and BUDGET not in err, err
