"""Officials' full names for plan outputs (the decision annex needs "Họ và tên").

A roster table's ``Họ tên`` column is used as given. Generated rosters have no names, so each
official gets a SYNTHETIC name: plausible Vietnamese (family name, middle name, given name, with
diacritics), drawn from a stream seeded by the scenario's root seed and the official's id. The
same official always gets the same name, whichever process asks and whatever else is in the
plan; the names belong to nobody and must not be read as real people.

Family names follow their approximate shares in Vietnam (Nguyễn about 38%, Trần 11%, Lê 9.5%,
Phạm 7%, ...; commonly cited survey figures); communes in mountain zones also draw from family
names of the Thái and Mường peoples of western Thanh Hóa (Hà, Lò, Lương, Cầm, Vi, Quách).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numpy.random import PCG64, Generator, SeedSequence

from staffsim.model.state import ProvinceState
from staffsim.scenarios.province import RosterTable

FAMILY: dict[str, float] = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 7.1, "Hoàng": 5.1, "Phan": 4.5,
    "Vũ": 3.9, "Đặng": 2.1, "Bùi": 2.0, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.5, "Trịnh": 0.5, "Mai": 0.4, "Đinh": 0.4, "Lương": 0.3, "Cao": 0.3, "Hà": 0.3,
}
# Mountain communes: Thái and Mường family names beside the common ones.
FAMILY_MOUNTAIN: dict[str, float] = {
    "Hà": 8.0, "Lò": 6.0, "Lương": 6.0, "Cầm": 3.0, "Vi": 3.0, "Quách": 2.0, "Bùi": 6.0,
    "Phạm": 6.0, "Lê": 8.0, "Nguyễn": 12.0, "Trương": 2.0, "Hoàng": 4.0,
}
MIDDLE_MALE = ("Văn", "Văn", "Văn", "Đức", "Hữu", "Minh", "Quang", "Xuân", "Ngọc", "Công")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Minh", "Kim")
GIVEN_MALE = ("Hùng", "Dũng", "Tuấn", "Hải", "Long", "Nam", "Sơn", "Thắng", "Cường", "Hoàng",
              "Minh", "Quân", "Trung", "Đức", "Phong", "Bình", "Khánh", "Tùng", "Việt", "Thành",
              "Hiếu", "Huy", "Lâm", "Kiên", "Toàn", "Quyết", "Chiến", "Thịnh", "Tiến", "Vinh")
GIVEN_FEMALE = ("Lan", "Hương", "Hoa", "Hà", "Linh", "Mai", "Thảo", "Trang", "Hằng", "Ngọc",
                "Nga", "Phương", "Thủy", "Yến", "Dung", "Huyền", "Loan", "Nhung", "Vân", "Oanh",
                "Hạnh", "Liên", "Tâm", "Thu", "Giang", "Quyên", "Duyên", "Hiền", "Nhàn", "Chi")

_FAMILY = (list(FAMILY), np.array(list(FAMILY.values())) / sum(FAMILY.values()))
_FAMILY_MOUNTAIN = (list(FAMILY_MOUNTAIN),
                    np.array(list(FAMILY_MOUNTAIN.values())) / sum(FAMILY_MOUNTAIN.values()))


def _cdf(weights: np.ndarray) -> np.ndarray:
    """What ``Generator.choice(n, p=weights)`` draws against: the normalised cumulative sum
    (one uniform draw, then ``searchsorted(side='right')``)."""
    cdf = weights.cumsum()
    cdf /= cdf[-1]
    return cdf


_CDF = {False: _cdf(_FAMILY[1]), True: _cdf(_FAMILY_MOUNTAIN[1])}


@lru_cache(maxsize=1 << 16)  # a plan, its baseline and its annex name the same officials
def synthetic_name(seed: int, official_id: str, female: bool, mountain: bool = False) -> str:
    """One synthetic full name, fixed by (seed, official id): 'Nguyễn Văn Hùng'.

    The draws are those of ``np.random.default_rng([seed, crc32(id)])`` followed by
    ``choice(n, p=weights)`` and two ``integers``, done without choice's checks of ``p``:
    2.5 times faster, the same names (tests/model/test_names.py compares them)."""
    rng = Generator(PCG64(SeedSequence([seed, zlib.crc32(official_id.encode("utf-8"))])))
    families = (_FAMILY_MOUNTAIN if mountain else _FAMILY)[0]
    family = families[int(_CDF[mountain].searchsorted(rng.random(), side="right"))]
    middle = MIDDLE_FEMALE if female else MIDDLE_MALE
    given = GIVEN_FEMALE if female else GIVEN_MALE
    return f"{family} {middle[rng.integers(len(middle))]} {given[rng.integers(len(given))]}"


def table_names(*rosters: RosterTable | None) -> dict[str, str]:
    """official_id -> name from roster tables' ``Họ tên`` column (non-empty cells only).
    Give every table the officials come from (a scenario's ``pool_roster`` and ``roster``):
    an official of one left out would get a made-up name on a named list."""
    return {o: n for roster in rosters if roster is not None
            for o, n in zip(roster.official_id, roster.full_name, strict=False) if n}


def official_names(state: ProvinceState, rows: Sequence[int],
                   given: dict[str, str] | None = None) -> list[str]:
    """Full names of the state's officials at ``rows``: the roster table's name where it has
    one (``given``, from ``table_names``), a synthetic one otherwise (e.g. generated rosters,
    or officials recruited during a simulation)."""
    given = given or {}
    seed = state.params.simulation.seed
    zone = dict(zip(state.communes.ids, state.communes.zone.tolist(), strict=True))
    out = []
    for i in rows:
        oid = state.official_id[i]
        name = given.get(oid)
        if not name:
            # generated ids start with the commune the official was first posted to: the name
            # keeps that commune's flavour even after a transfer
            mountain = zone.get(oid.rsplit("-", 1)[0], 0) > 0
            name = synthetic_name(seed, oid, bool(state.female[i]), mountain)
        out.append(name)
    return out
