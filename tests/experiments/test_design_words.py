"""A sweep's size notes name its factors in the user's language."""

from staffsim.experiments.design import size_notes
from staffsim.results.finding_words import say
from staffsim.results.words import words
from staffsim.scenarios.params import SweepParams


def test_size_notes_name_the_factors_in_the_language():
    """'sweep.samples: 3 điểm không đủ để tách riêng attrition per year, workload
    intensity, …' named the factors by their English labels inside a Vietnamese line."""
    sw = SweepParams.model_validate({
        "samples": 3, "lever_samples": 2,
        "levers": {"optimizer.budget_vnd": {"range": [0, 1e9], "label": "my budget"},
                   "optimizer.constraints.max_distance.km": {"range": [50, 300]}},
        "uncertainties": {"dynamics.attrition_annual": {"range": [0, 0.1]},
                          "transfers.return_share": {"range": [0.2, 0.8],
                                                 "label": "own words"}}})
    vi = [say(words("vi"), w) for w in size_notes(sw)]
    # a label the scenario gives is shown as written, in either language (its schema:
    # "name shown in tables and figures"); a factor without one gets staffsim's words
    assert any("my budget, khoảng cách tối đa (km)" in w for w in vi), vi
    assert any("tỷ lệ nghỉ việc mỗi năm, own words" in w for w in vi), vi
    en = [say(words("en"), w) for w in size_notes(sw)]
    assert any("variance of my budget, distance limit (km);" in w for w in en), en
