"""Figures are titled by the provinces a scenario selects, as the commands and reports are:
two provinces chosen from the national scenario drew 'Vietnam (34 provinces)' (in English,
in a Vietnamese figure)."""

from staffsim.results.plots import figure_context
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_a_figure_of_two_provinces_is_titled_by_them():
    sc = load_scenario(SCENARIOS / "vietnam.toml", {"province.provinces": ["38", "40"]})
    context = figure_context(sc, "vi")
    assert "Thanh Hóa" in context["place"] and "Nghệ An" in context["place"]
    assert context["place"] == sc.place != sc.params.province.name
    one = load_scenario(SCENARIOS / "thanh_hoa.toml")
    assert figure_context(one, "vi")["place"] == one.place
    assert figure_context(one.params, "vi")["place"] == one.params.province.name  # params only
