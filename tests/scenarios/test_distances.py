"""Road distances: the estimate, known pairs used as given, the calibration error."""

from pathlib import Path

import numpy as np
import pytest

from staffsim.model.replications import initial_roster
from staffsim.model.state import state_from_roster
from staffsim.scenarios.distances import (
    KnownDistance,
    great_circle_km,
    known_distance_errors,
    road_km,
)
from staffsim.scenarios.errors import InputErrors
from staffsim.scenarios.loader import load_scenario

from ..conftest import write_scenario


def test_remote_detour_by_hand():
    """Two points 1 degree of latitude apart (111.2 km): lowland-lowland is factor x km; a
    high-mountain end adds the detour beyond the threshold."""
    lat, lon = np.array([20.0, 21.0]), np.array([105.0, 105.0])
    gc = great_circle_km(lat, lon)[0, 1]
    assert gc == pytest.approx(111.19, abs=0.01)
    low = road_km(lat, lon, np.array([0, 0]), [1.3, 1.45, 1.35], 1.8, 100.0)[0, 1]
    high = road_km(lat, lon, np.array([0, 2]), [1.3, 1.45, 1.35], 1.8, 100.0)[0, 1]
    assert low == pytest.approx(1.3 * gc)
    assert high == pytest.approx((1.3 + 1.35) / 2 * gc + 1.8 * (gc - 100.0))


def test_known_pairs_are_used_as_given_and_errors_reported(tmp_path: Path):
    path = write_scenario(tmp_path, "")
    (tmp_path / "km.csv").write_text("from_id,to_id,km,source\nW1,X2,250,press\n",
                                     encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        'communes_csv = "communes.csv"\n',
        'communes_csv = "communes.csv"\nknown_distances_csv = "km.csv"\n')
    path.write_text(text, encoding="utf-8")
    sc = load_scenario(path)
    assert sc.known_distances == [KnownDistance("W1", "X2", 250.0, "press")]
    km = state_from_roster(sc, initial_roster(sc)).distance_km
    assert km[0, 3] == km[3, 0] == 250.0
    c, prov = sc.communes, sc.params.province
    est = road_km(c.lat, c.lon, c.zone, prov.road_factor.as_list(), prov.remote_detour,
                  prov.remote_threshold_km)
    assert km[0, 1] == pytest.approx(est[0, 1])  # other pairs: the estimate
    (err,) = known_distance_errors(c.lat, c.lon, c.zone, c.ids, prov.road_factor.as_list(),
                                   prov.remote_detour, prov.remote_threshold_km,
                                   sc.known_distances)
    assert err.relative == pytest.approx(est[0, 3] / 250.0 - 1)


def test_a_known_distance_naming_an_unknown_commune_is_refused(tmp_path: Path):
    path = write_scenario(tmp_path, "")
    (tmp_path / "km.csv").write_text("from_id,to_id,km\nW1,X9,250\nW1,W1,3\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        'communes_csv = "communes.csv"\n',
        'communes_csv = "communes.csv"\nknown_distances_csv = "km.csv"\n'), encoding="utf-8")
    with pytest.raises(InputErrors) as e:
        load_scenario(path)
    text = " ".join(str(p) for p in e.value.problems)
    assert "'X9' is not in the communes table" in text and "same commune" in text
