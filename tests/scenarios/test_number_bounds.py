"""A table's number out of its range says the range in full digits, never in scientific
notation ('from 1 to 5e+06' was a commune's population range; people read 5000000, and the
Vietnamese words group it 5.000.000)."""

from pathlib import Path

from staffsim.scenarios.tables import Problems, number


def test_a_large_bound_is_written_in_full():
    problems = Problems(Path("communes.csv"))
    assert number(problems, 2, "population", "6000000", 1, 5e6, True) is None
    assert number(problems, 3, "amount", "1e300", 0, 1e15, True) is None
    said = [p.message for p in problems.errors]
    assert said == ["6000000 is out of range; allowed: a whole number from 1 to 5000000",
                    "1e300 is out of range; allowed: a whole number from 0 to "
                    "1000000000000000"]
    # small bounds as before
    assert number(problems, 4, "km", "-5", 0.1, 5000) is None
    assert problems.errors[-1].message == ("-5 is out of range; allowed: a number from 0.1 "
                                           "to 5000")
