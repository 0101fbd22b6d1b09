"""Property-based tests: generated tables and provinces, never a traceback or a wrong plan."""

from __future__ import annotations

import contextlib

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from staffsim.optimize.check import check_plan
from staffsim.optimize.planner import plan_rows
from staffsim.optimize.solve import optimize_plan
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.params import KINDS, ZONES
from staffsim.scenarios.province import VIETNAM_LAT, VIETNAM_LON
from staffsim.scenarios.specialties import SPECIALTIES

from ..conftest import write_scenario
from ..optim_helpers import tiny_state

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# Cells: mostly plausible, some typed by a tired HR officer.
junk = st.sampled_from(["", " ", "n/a", "-", "1e999", "nan", "NaN", "12,5,3", "∞", "x;y",
                        '"', "0x10", "1_000", "١٢"])
number_cell = st.one_of(st.integers(-10, 200_000).map(str),
                        st.floats(allow_nan=True, allow_infinity=True).map(str), junk)
commune_ids = st.sampled_from(["W1", "W2", "X1", "X2", "X3", "", "w1", "Ｗ1"])
communes_row = st.tuples(
    commune_ids, st.text(max_size=8),
    st.one_of(st.sampled_from([*KINDS, "Phường", "xã", "ward", "city"]), junk),
    st.one_of(st.sampled_from([*ZONES, "Miền núi", "vùng cao", "hill"]), junk),
    number_cell, number_cell,
    st.one_of(st.floats(0, 40).map(str), junk), st.one_of(st.floats(95, 125).map(str), junk))
roster_row = st.tuples(
    st.sampled_from(["a", "b", "c", "d", ""]), commune_ids,
    st.one_of(st.sampled_from([*SPECIALTIES, "Địa chính", "CNTT", "lnad"]), junk),
    st.one_of(st.integers(1900, 2030).map(str), junk),
    st.sampled_from(["true", "false", "0", "1", "Có", "không", "maybe", ""]),
    st.sampled_from(["true", "false", "x", ""]))


def _csv(header: str, rows: list[tuple], sep: str) -> str:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',;"\n\r') else c
    return header.replace(",", sep) + "\n" + "".join(
        sep.join(cell(c) for c in r) + "\n" for r in rows)


@FAST
@given(rows=st.lists(communes_row, min_size=0, max_size=6),
       roster=st.lists(roster_row, min_size=0, max_size=6),
       sep=st.sampled_from([",", ";"]), bom=st.booleans())
def test_loader_accepts_or_gives_a_clean_error(tmp_path_factory, rows, roster, sep, bom):
    folder = tmp_path_factory.mktemp("gen")
    communes = _csv("commune_id,name,kind,zone,population,area_km2,lat,lon", rows, sep)
    (folder / "roster.csv").write_text(("\ufeff" if bom else "") + _csv(
        "official_id,commune_id,specialty,birth_year,leader,protected", roster, sep),
        encoding="utf-8")
    path = write_scenario(folder, 'roster_csv = "roster.csv"\n', communes=communes)
    try:
        sc = load_scenario(path)
    except ScenarioError as e:
        assert e.file and str(e)  # names the file; any other exception fails the test
        return
    c = sc.communes
    assert len(set(c.ids)) == len(c.ids) and all(c.ids)
    assert np.all(c.population >= 1) and np.all(np.isfinite(c.area_km2))
    assert np.all((c.lat >= VIETNAM_LAT[0]) & (c.lat <= VIETNAM_LAT[1]))
    assert np.all((c.lon >= VIETNAM_LON[0]) & (c.lon <= VIETNAM_LON[1]))
    r = sc.roster
    assert len(set(r.official_id)) == len(r.official_id)
    assert np.all((r.commune >= 0) & (r.commune < len(c)))


@FAST
@given(text=st.text(max_size=300))
def test_any_text_as_a_communes_table_is_accepted_or_refused_cleanly(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("txt")
    path = write_scenario(folder, communes=text)
    with contextlib.suppress(ScenarioError):  # anything else fails the test
        load_scenario(path)


COMMUNES = [("D1", "lowland", "phuong"), ("D2", "lowland", "xa"), ("M", "mountain", "xa"),
            ("H", "high_mountain", "xa")]
SPECS = ["land", "it", "finance", "office"]


@st.composite
def provinces(draw):
    officials, req = [], {}
    for cid, _, _ in COMMUNES:
        for spec in SPECS:
            k = draw(st.integers(0, 4))
            for _ in range(k):
                officials.append((cid, spec, draw(st.integers(25, 61)), draw(st.booleans()),
                                  draw(st.booleans())))
            req[(cid, spec)] = draw(st.floats(0, 5))
    km = {(a[0], b[0]): draw(st.floats(1, 400)) for i, a in enumerate(COMMUNES)
          for b in COMMUNES[i + 1:]}
    over = {
        "optimizer.constraints.budget.vnd": draw(st.sampled_from([0.0, 0.2e9, 1e9, 1e12])),
        "optimizer.constraints.max_distance.km": draw(st.sampled_from([50.0, 150.0, 1000.0])),
        "optimizer.constraints.donor_floor.share": draw(st.sampled_from([0.5, 1.0])),
        "optimizer.constraints.max_moves.moves": draw(st.integers(0, 8)),
        "optimizer.constraints.max_donor_share.share": draw(st.sampled_from([0.2, 0.5, 1.0])),
        "optimizer.constraints.specialty_match.cross_specialty": draw(st.booleans()),
        "optimizer.allowance.distance_threshold_vnd": draw(st.sampled_from([0.0, 1e6])),
        "optimizer.marginals": False,
    }
    if not officials:
        officials.append(("D1", "office", 40, False, False))
    return tiny_state(COMMUNES, officials, req, km, **over)


@settings(max_examples=40, deadline=None)
@given(state=provinces())
def test_every_plan_passes_the_independent_check_and_conserves_officials(state):
    _, res, moves, _ = optimize_plan(state)
    assert res.has_solution, res.status
    assert check_plan(state, plan_rows(state, moves)) == []
    rows = [m.row for m in moves]
    assert len(rows) == len(set(rows))  # nobody moves twice
    before = np.bincount(state.commune, minlength=state.n_communes)
    after = state.commune.copy()
    for m in moves:
        after[m.row] = m.to
    after_count = np.bincount(after, minlength=state.n_communes)
    assert after_count.sum() == before.sum() == len(state.official_id)
    moved_out = np.bincount(state.commune[rows], minlength=state.n_communes)
    moved_in = np.bincount([m.to for m in moves], minlength=state.n_communes)
    assert np.array_equal(after_count, before - moved_out + moved_in)
