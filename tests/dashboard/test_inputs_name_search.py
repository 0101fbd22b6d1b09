"""The moves list's "Name or ID" search finds names typed without diacritics (đ as d) and in
any case, as the commune choices do (``scenarios.names.fold``)."""

import unicodedata
from types import SimpleNamespace

import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.moves import table_rows
from staffsim.dashboard.words import Words
from staffsim.scenarios.names import fold

from ..conftest import SCENARIOS


@pytest.fixture(scope="module")
def view():
    inputs = planning.Inputs.load(SCENARIOS / "demo.toml")
    return inputs, planning.plan(inputs, inputs.levers)


def found(view, text: str) -> set[str]:
    inputs, plan = view
    tab = SimpleNamespace(words=Words("vi"), lang="vi", inputs=inputs, view=plan,
                          filters={"donor": None, "recipient": None, "specialty": None,
                                   "max_km": None, "text": text})
    return {r["name"] for r in table_rows(tab)}


def test_names_are_found_without_diacritics_and_in_any_case(view):
    rows = view[1].rows
    with_d = next(r.full_name for r in rows if "Đ" in r.full_name or "đ" in r.full_name)
    bare = with_d.replace("Đ", "D").replace("đ", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", bare)
                   if unicodedata.category(c) != "Mn")
    assert bare != with_d
    for typed in (with_d, bare, bare.upper(), f"  {bare.lower()}  "):
        assert with_d in found(view, typed), typed
    family = bare.split()[0].lower()  # 'hoang' finds every Hoàng
    assert found(view, family) and all(family in fold(n) for n in found(view, family))
    assert found(view, "") == {r.full_name for r in rows}


def test_ids_are_found_in_any_case(view):
    oid = view[1].rows[0].official_id
    assert view[1].rows[0].full_name in found(view, oid.upper())
    assert not found(view, "zzz-không-có")
