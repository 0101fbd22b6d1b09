"""Officials' names: a roster's own, or synthetic ones fixed by seed and id."""

import numpy as np

from staffsim.experiments.states import single_state
from staffsim.model.names import (
    FAMILY,
    FAMILY_MOUNTAIN,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    official_names,
    synthetic_name,
)
from staffsim.scenarios.loader import load_scenario

from ..conftest import SCENARIOS


def test_synthetic_names_are_fixed_by_seed_and_id_and_follow_sex():
    assert synthetic_name(7, "15013-004", True) == synthetic_name(7, "15013-004", True)
    assert synthetic_name(7, "15013-004", True) != synthetic_name(8, "15013-004", True) or \
        synthetic_name(7, "15013-005", True) != synthetic_name(8, "15013-005", True)
    for k in range(200):
        family, middle, given = synthetic_name(1, f"X-{k:03d}", k % 2 == 0).split()
        assert family in FAMILY
        if k % 2 == 0:
            assert middle in MIDDLE_FEMALE and given in GIVEN_FEMALE
        else:
            assert middle in MIDDLE_MALE and given in GIVEN_MALE
    mountain = {synthetic_name(1, f"M-{k}", False, mountain=True).split()[0] for k in range(300)}
    assert mountain <= set(FAMILY_MOUNTAIN) and {"Lò", "Hà"} <= mountain


def test_family_names_follow_their_shares():
    """Nguyễn is about 38% of Vietnamese (the weight given); 4,000 draws land near it."""
    names = [synthetic_name(3, f"id-{k}", k % 3 == 0).split()[0] for k in range(4000)]
    share = names.count("Nguyễn") / len(names)
    expected = FAMILY["Nguyễn"] / sum(FAMILY.values())
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / len(names))


def test_a_name_does_not_depend_on_where_the_official_is_now():
    sc = load_scenario(SCENARIOS / "demo.toml")
    state = single_state(sc, 0)
    rows = list(range(0, len(state.official_id), 7))
    before = official_names(state, rows)
    moved = state.commune.copy()
    moved[rows] = (moved[rows] + 1) % state.n_communes  # everyone elsewhere
    import dataclasses

    after = official_names(dataclasses.replace(state, commune=moved), rows)
    assert before == after
    assert official_names(state, rows[:2], {state.official_id[rows[0]]: "Lê Thị Hoa"})[0] == \
        "Lê Thị Hoa"


def _reference_name(seed: int, official_id: str, female: bool, mountain: bool) -> str:
    """The names as first drawn, with numpy's own choice (the slow path kept for this test)."""
    import zlib

    from staffsim.model import names

    rng = np.random.default_rng([seed, zlib.crc32(official_id.encode("utf-8"))])
    families, weights = names._FAMILY_MOUNTAIN if mountain else names._FAMILY
    family = families[rng.choice(len(families), p=weights)]
    middle = names.MIDDLE_FEMALE if female else names.MIDDLE_MALE
    given = names.GIVEN_FEMALE if female else names.GIVEN_MALE
    return f"{family} {middle[rng.integers(len(middle))]} {given[rng.integers(len(given))]}"


def test_the_fast_draw_gives_the_names_numpys_choice_gave():
    """Speed work changes no result: every official keeps the name numpy's choice drew."""
    ids = [f"38-{i:03d}-{(7 * i) % 1000:04d}" for i in range(1500)] + ["STP-0001", "Đ-1"]
    for seed in (0, 1, 20250701, 2**32 - 1):
        for oid in ids:
            for female in (False, True):
                for mountain in (False, True):
                    assert synthetic_name(seed, oid, female, mountain) == \
                        _reference_name(seed, oid, female, mountain), (seed, oid)
