"""``sets.movable_by_post`` in numpy gives what the loop it replaced gave (written out here as
the reference): the same counts, the same rows per post in the same order (youngest first,
then by id), the posts in the order of their first official. The order names the officials
of every plan (``solve.decode_moves``)."""

from __future__ import annotations

import numpy as np
import pytest

from staffsim.experiments.states import single_state
from staffsim.optimize.sets import movable_by_post, movable_officials
from staffsim.scenarios.loader import load_scenario
from staffsim.scenarios.specialties import N_SPECIALTIES

from ..conftest import SCENARIOS


def _reference(state):
    ok = movable_officials(state)
    order = np.lexsort((np.array(state.official_id), -state.birth_month))
    movable = np.zeros((state.n_communes, N_SPECIALTIES), np.int64)
    rows: dict[tuple[int, int], list[int]] = {}
    for i in order:
        if ok[i]:
            key = (int(state.commune[i]), int(state.specialty[i]))
            rows.setdefault(key, []).append(int(i))
            movable[key] += 1
    return movable, rows


@pytest.mark.parametrize(("name", "over"), [("demo.toml", {}), ("thanh_hoa.toml", {}),
                                            ("thanh_hoa.toml", {"optimizer.rules": "wisn"})])
def test_the_same_posts_rows_and_order_as_the_loop(name, over):
    state = single_state(load_scenario(SCENARIOS / name, over), 0)
    movable, rows = movable_by_post(state)
    ref_movable, ref_rows = _reference(state)
    assert np.array_equal(movable, ref_movable)
    assert list(rows) == list(ref_rows)
    assert all(rows[k].tolist() == ref_rows[k] for k in ref_rows)
