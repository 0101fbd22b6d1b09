"""The array-held linear model (optimize.linear): rows as written, the same model in HiGHS
and in PuLP, PuLP's names."""

from __future__ import annotations

import highspy
import numpy as np
import pulp
import pytest

from staffsim.optimize.linear import LinearModel, lin


def _small() -> tuple[LinearModel, list]:
    """min 3a + 2b + c + 5  s.t.  a + b >= 4,  b - c <= 1,  a + c == 3,  b <= 2.5,
    a, c integer. By hand: b = 2.5 at most; a + b >= 4 asks a >= 1.5, so a >= 2 (integer);
    c = 3 - a; cost 3a + 2b + (3 - a) + 5 = 2a + 2b + 8. b - c = b - 3 + a <= 1 gives
    a + b <= 4, with a + b >= 4: a + b = 4. a = 2, b = 2, c = 1: 4 + 4 + 8 = 16 (a = 3,
    b = 1, c = 0 costs 6 + 2 + 8 = 16 too: both optimal, objective 16)."""
    m = LinearModel()
    a = m.add_var("a", 0.0, 10.0, integer=True)
    b = m.add_var("b", 0.0, 2.5)
    c = m.add_var("c", 0.0, 10.0, integer=True)
    m += lin([(a, 1.0), (b, 1.0)]) >= 4.0, "cover"
    m += lin([(b, 1.0), (c, -1.0)]) <= 1.0, "link"
    m += lin([(a, 1.0), (c, 1.0)]) == 3.0, "sum"
    m.setObjective(lin([(a, 3.0), (b, 2.0), (c, 1.0)]) + 5.0)
    return m, [a, b, c]


def test_the_same_model_in_highs_and_in_pulp_has_the_hand_computed_optimum():
    m, _ = _small()
    arr = m.highs_arrays()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    n = len(arr["cost"])
    h.addCols(n, arr["cost"], arr["col_lower"], arr["col_upper"], 0, np.zeros(0, np.int32),
              np.zeros(0, np.int32), np.zeros(0))
    h.changeObjectiveOffset(arr["offset"])
    h.addRows(len(arr["row_lower"]), arr["row_lower"], arr["row_upper"], len(arr["index"]),
              arr["starts"], arr["index"], arr["value"])
    integer = arr["integer"]
    assert integer.tolist() == [0, 2]
    h.changeColsIntegrality(len(integer), integer,
                            np.full(len(integer), highspy.HighsVarType.kInteger))
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(16.0)
    prob, variables = m.to_pulp()
    prob.solve(pulp.HiGHS(msg=False))
    assert pulp.value(prob.objective) == pytest.approx(16.0)
    values = np.array([v.varValue for v in variables])
    assert m.objective.value(values) == pytest.approx(16.0)
    a, b, c = values
    assert a + b >= 4 - 1e-9 and b - c <= 1 + 1e-9 and a + c == pytest.approx(3.0)


def test_a_column_twice_in_a_row_is_one_entry_and_zeros_are_left_out():
    m = LinearModel()
    x, y = m.add_vars(["x", "y"], [0.0, 0.0], [5.0, 5.0])
    m += lin([(y, 1.0)]) <= 4.0, "before"
    m += lin([(x, 1.0), (y, 0.0), (x, 2.0)]) >= 3.0, "r"  # 3x >= 3
    m += lin([(y, 1.0), (x, 1.0), (y, -1.0)]) <= 1.0, "after"  # x <= 1 (y cancels out)
    arr = m.highs_arrays()
    assert arr["starts"].tolist() == [0, 1, 2]
    assert arr["index"].tolist() == [1, 0, 0] and arr["value"].tolist() == [1.0, 3.0, 1.0]
    assert arr["row_lower"].tolist() == [-np.inf, 3.0, -np.inf]
    assert arr["row_upper"].tolist() == [4.0, np.inf, 1.0]
    prob, _ = m.to_pulp()
    terms = [{v.name: c for v, c in con.items() if c} for con in prob.constraints()]
    assert terms == [{"y": 1.0}, {"x": 3.0}, {"x": 1.0}]


def test_rows_added_at_once_are_the_rows_added_one_by_one():
    one, many = LinearModel(), LinearModel()
    for m in (one, many):
        m.add_vars(["a", "b", "c"], [0.0] * 3, [1.0] * 3)
    a, b, c = (one.add_var(n) for n in ("d", "e", "f"))
    many.add_vars(["d", "e", "f"], [0.0] * 3, [np.inf] * 3)
    one += lin([(a, 1.0), (b, 2.0)]) >= 1.0, "r-1"
    one += lin([(c, -1.0)]) <= 0.5, "r 2"
    one += lin([(a, 1.0), (b, 1.0), (c, 1.0)]) == 2.0, "r3"
    rows = many.add_rows(["r-1", "r 2", "r3"], [2, 1, 3], [3, 4, 5, 3, 4, 5],
                         [1.0, 2.0, -1.0, 1.0, 1.0, 1.0], [1.0, -np.inf, 2.0],
                         [np.inf, 0.5, 2.0])
    assert list(rows) == [0, 1, 2] and many.rows == one.rows == {"r_1": 0, "r_2": 1, "r3": 2}
    x, y = one.highs_arrays(), many.highs_arrays()
    for k in ("starts", "index", "value", "row_lower", "row_upper"):
        assert x[k].tolist() == y[k].tolist(), k
    with pytest.raises(ValueError, match="two rows"):
        many.add_rows(["r3"], [1], [0], [1.0], [0.0], [np.inf])


def test_constants_move_to_the_right_hand_side():
    m = LinearModel()
    x = m.add_var("x")
    m += lin([(x, 2.0)]) + 4.0 <= 10.0, "r"  # 2x <= 6
    m += lin([(x, 1.0)]) >= lin([]) + 1.5, "s"  # x - 0 >= 1.5
    assert m.row_upper[0] == 6.0 and m.row_lower[0] == -np.inf
    assert m.row_lower[1] == 1.5


def test_names_are_kept_as_pulp_keeps_them():
    """The names a basis is kept by (optimize.warm, the plan cache) are PuLP's: compared
    with PuLP's own for a pool unit's id (38-STC) and odd characters."""
    names = ["donor_quota_38-STC", "cap free [x]+y", "plain_16531_land"]
    m = LinearModel()
    x = m.add_var("x 38-STC")
    prob = pulp.LpProblem("t", pulp.LpMinimize)
    px = prob.add_variable("x 38-STC", lowBound=0)
    assert x.name == px.name
    for name in names:
        m += lin([(x, 1.0)]) >= 0.0, name
        prob.addConstraint(px >= 0, name)
    assert m.row_names == [c.name for c in prob.constraints()]
    assert list(m.rows) == m.row_names and m.columns == {x.name: 0}


def test_two_rows_or_columns_of_one_name_are_refused():
    m = LinearModel()
    x = m.add_var("x")
    with pytest.raises(ValueError, match="two columns"):
        m.add_var("x")
    m += lin([(x, 1.0)]) >= 0.0, "r-1"
    with pytest.raises(ValueError, match="two rows"):
        m += lin([(x, 1.0)]) <= 1.0, "r 1"  # the same name once PuLP's characters are replaced


def test_warm_values_reach_pulp():
    m, _ = _small()
    m.values = np.array([2.0, 2.0, 1.0])
    _, variables = m.to_pulp()
    assert [v.varValue for v in variables] == [2.0, 2.0, 1.0]


@pytest.mark.slow  # a fresh interpreter: the test process has imported PuLP already
def test_the_fast_path_loads_no_pulp():
    """staffsim's plan, what-if and frontier paths need no PuLP (its import is 0.04 s of a
    command): only PuLP's MIP solvers load it."""
    import subprocess
    import sys

    code = ("import sys\n"
            "import staffsim.cli.app, staffsim.optimize.planner, staffsim.optimize.whatif\n"
            "import staffsim.optimize.sequence, staffsim.results.plan_folder\n"
            "print('pulp' in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=120)
    assert r.stdout.strip() == "False", r.stderr


def test_variables_add_and_scale_as_pulps_do():
    """A family written PuLP's way (``lin(terms) + var``, ``2 * x - y``) gets the rows it
    means (a review: ``Expr + Var`` failed with an unclear TypeError)."""
    m = LinearModel()
    x, y = m.add_vars(["x", "y"], [0.0, 0.0], [9.0, 9.0])
    m += lin([(x, 1.0)]) + y <= 4.0, "a"  # x + y <= 4
    m += 2 * x - y >= 1.0, "b"  # 2x - y >= 1
    m += -x + 3.0 == lin([(y, -1.0)]), "c"  # -x + y == -3
    arr = m.highs_arrays()
    assert arr["index"].tolist() == [0, 1, 0, 1, 0, 1]
    assert arr["value"].tolist() == [1.0, 1.0, 2.0, -1.0, -1.0, 1.0]
    assert arr["row_upper"].tolist() == [4.0, np.inf, -3.0]
    assert arr["row_lower"].tolist() == [-np.inf, 1.0, -3.0]
    with pytest.raises(TypeError, match="expression plus str"):
        lin([(x, 1.0)]) + "y"


def test_a_refused_addition_leaves_the_model_as_it_was():
    m = LinearModel()
    m.add_vars(["a", "b"], [0.0, 0.0], [1.0, 1.0])
    for bad in (lambda: m.add_vars(["c", "a"], [0.0] * 2, [1.0] * 2),  # a is taken
                lambda: m.add_vars(["c", "c"], [0.0] * 2, [1.0] * 2),  # c twice
                lambda: m.add_vars(["c"], [0.0] * 2, [1.0])):  # bounds of two columns
        with pytest.raises(ValueError):
            bad()
    assert m.col_names == ["a", "b"] and m.columns == {"a": 0, "b": 1}
    assert len(m.col_lower) == len(m.col_upper) == len(m.col_integer) == 2
    m.add_rows(["r"], [1], [0], [1.0], [0.0], [np.inf])
    for names, lower, upper in ((["s", "r"], [0.0, 0.0], [np.inf, np.inf]),
                                (["s", "s"], [0.0, 0.0], [np.inf, np.inf]),
                                (["s", "t"], [0.0, 1.0], [np.inf, 2.0])):  # 1 <= t <= 2
        with pytest.raises(ValueError):
            m.add_rows(names, [1, 1], [0, 1], [1.0, 1.0], lower, upper)
    assert m.row_names == ["r"] and m.rows == {"r": 0} and m.row_starts == [0, 1]
    assert m.entry_cols == [0] and m.row_lower == [0.0]
