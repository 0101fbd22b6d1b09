"""A design point's several problems (InputErrors) name their point in the language, as a
single problem does: they kept the English 'sweep point 2'."""

from staffsim.experiments.sweep import in_language, point_source
from staffsim.i18n import set_language
from staffsim.scenarios.errors import InputErrors, ScenarioError


def test_each_problem_of_a_point_names_it_in_vietnamese():
    set_language("vi")
    try:
        e = InputErrors([ScenarioError(point_source(2), "dynamics.attrition_annual", "a"),
                         ScenarioError(point_source(2), "workload.intensity", "b")])
        said = in_language(e)
        assert isinstance(said, InputErrors)
        assert [p.file for p in said.problems] == ["điểm thiết kế 2", "điểm thiết kế 2"]
        assert [p.where for p in said.problems] == ["dynamics.attrition_annual",
                                                     "workload.intensity"]
        single = in_language(ScenarioError(point_source(3), "x", "c"))
        assert single.file == "điểm thiết kế 3"
    finally:
        set_language("en")
