"""The province's departments and Party/Front units (``province.pool_csv``) give officials, so
the dashboard's donor choices list them, labelled by their kind, not as communes; the
receiving-commune choice does not (they receive nobody)."""

from types import SimpleNamespace

import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.moves import commune_options, unit_index, unit_title
from staffsim.dashboard.words import Words
from staffsim.experiments.states import single_state
from staffsim.scenarios.names import fold

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def inputs():
    return planning.Inputs.load(SCENARIOS / "thanh_hoa.toml")


def tab(inputs, lang="vi"):
    return SimpleNamespace(words=Words(lang), lang=lang, inputs=inputs)


def test_donor_choices_list_the_departments_by_kind(inputs):
    options = commune_options(tab(inputs), pool=True)
    assert options["38-STC"] == "Sở Tài chính (sở, ban, ngành)"
    assert options["38-VPTU"] == "Văn phòng Tỉnh ủy (cơ quan Đảng, Mặt trận Tổ quốc)"
    units = [k for k in options if k.startswith("38-")]
    assert len(units) == 13 and list(options)[-13:] == sorted(
        units, key=lambda k: options[k])  # after the communes, by name
    # found without diacritics, as the select's search folds them (page.js)
    assert any("so noi vu" in fold(label) for label in options.values())
    english = commune_options(tab(inputs, "en"), pool=True)
    assert english["38-STC"] == "Sở Tài chính (provincial department)"
    assert "commune" not in english["38-STC"]


def test_only_the_donor_choices_list_them(inputs):
    assert not any(k.startswith("38-") for k in commune_options(tab(inputs)))
    # the table's donor filter: the units that give in the plan
    some = commune_options(tab(inputs), {"38-STC", inputs.scenario.communes.ids[0]}, pool=True)
    assert list(some)[-1] == "38-STC" and len(some) == 2


def test_units_are_named_and_indexed_as_the_plan_orders_them(inputs):
    state = single_state(planning.scenario_with(inputs, inputs.levers), 0)
    assert unit_title(tab(inputs), "38-STC") == "Sở Tài chính"
    for uid in ("38-STC", "38-MTTQ", inputs.scenario.communes.ids[5]):
        assert unit_index(tab(inputs), uid) == state.communes.ids.index(uid)
