"""Tables written and read a column at a time say what the row-by-row code said."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from staffsim.model.outcomes import SERIES_NAMES
from staffsim.results.csv_columns import read_csv_columns
from staffsim.results.tables import (
    csv_writer,
    fmt,
    fmt_array,
    write_timeseries,
)

FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.integers(
    -10**9, 10**9).map(float)


@given(st.lists(FLOATS, max_size=60))
def test_fmt_array_is_fmt_of_each_value(values):
    assert list(fmt_array(np.array(values, float))) == [fmt(v) for v in values]


def test_fmt_array_rounds_halves_and_edges_as_fmt_does():
    # decimal halves (0.00005 steps, not exact in binary), binary halves (k/64: exact ties,
    # rounded to even), tiny negatives ("-0"), values at the fast path's limit, inf
    halves = np.arange(-30_000, 30_000) / 1e4 + 0.00005
    binary = np.arange(-5_000, 5_000) / 64
    edges = np.array([-4e-5, -1e-9, 5e-5, 0.99995, 999_999_999.99995, 1e9 + 0.5, -1e9 - 0.25,
                      2.0**62 + 2048, 1e300, -np.inf, np.inf, np.nan, -0.0, 0.0])
    rng = np.random.default_rng(7)
    noise = rng.normal(0, 1, 20_000) * 10.0 ** rng.integers(-6, 10, 20_000)
    for values in (halves, binary, edges, noise):
        assert list(fmt_array(values)) == [fmt(v) for v in values.tolist()]


def test_timeseries_rows_are_those_written_one_by_one(tmp_path):
    ids = ["A1", "has,comma", '=SUM(A1)', 'quote"d', "-12"]
    rng = np.random.default_rng(3)
    runs = [(rep, {n: np.where(rng.uniform(size=(4, len(ids))) < 0.1, np.nan,
                               np.round(rng.normal(0, 50, (4, len(ids))), rng.integers(0, 6)))
                   for n in SERIES_NAMES}) for rep in (0, 3)]
    scenario = SimpleNamespace(communes=SimpleNamespace(ids=ids))
    path = tmp_path / "timeseries.csv"
    write_timeseries(path, scenario, runs)
    ref = io.StringIO()
    w = csv_writer(ref)
    w.writerow(["replication", "month", "commune_id", *SERIES_NAMES])
    for rep, series in runs:
        for t in range(4):
            for i, cid in enumerate(ids):
                w.writerow([rep, t, cid, *(fmt(series[n][t, i]) for n in SERIES_NAMES)])
    assert path.read_text(encoding="utf-8") == ref.getvalue()
    back = read_csv_columns(path, ("commune_id", SERIES_NAMES[1]))
    assert back["commune_id"] == ids * 8
    assert back == {k: v for k, v in read_csv_columns(path).items() if k in back}


def test_reading_some_columns_of_a_table(tmp_path):
    path = tmp_path / "t.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv_writer(f)
        w.writerow(["a", "b", "c"])
        w.writerows([["=x", 1, "y"], ["+2", 3, "'z"]])
    with open(path, encoding="utf-8", newline="") as f:
        assert list(csv.reader(f))[1][0] == "'=x"  # escaped on disk
    assert read_csv_columns(path, ("c", "a")) == {"c": ["y", "'z"], "a": ["=x", "+2"]}
    assert read_csv_columns(path, ("b",)) == {"b": ["1", "3"]}
    assert read_csv_columns(path)["a"] == ["=x", "+2"]


@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(["a", "'=b", "c,d", "é 2", ""])),
                max_size=30))
def test_rows_of_the_largest_value_are_those_filtered_after_reading(rows):
    """``last_of`` keeps, in the file's order, the rows a full read would filtered to the
    largest value, whatever the order of the rows (a map's last month); read line by line
    when no cell is quoted (``_last_rows_plain``), with the csv module otherwise."""
    text = io.StringIO()
    w = csv_writer(text)
    w.writerow(["month", "v"])
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        full = read_csv_columns(path)
        last = read_csv_columns(path, ("v", "month"), last_of="month")
    top = max((int(m) for m in full["month"]), default=None)
    keep = [i for i, m in enumerate(full["month"]) if int(m) == top]
    assert last == ({"v": [full["v"][i] for i in keep], "month": [str(top)] * len(keep)}
                    if keep else {"v": [], "month": []})


def test_a_plain_series_is_read_line_by_line_and_a_quoted_one_with_csv(tmp_path):
    from staffsim.results.csv_columns import _last_rows_plain

    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"\xef\xbb\xbfmonth,v,w\n3,x,'=1\n12,y,'=2\n012,z,3\n5,w,4\n")
    assert _last_rows_plain(plain, ("w", "v"), "month") == {"w": ["=2", "3"], "v": ["y", "z"]}
    assert read_csv_columns(plain, ("month",), last_of="month") == {"month": ["12", "012"]}
    for text in (b'month,v\n1,"a,b"\n', b"month,v\r\n1,a\r\n", b"month,v\n\n1,a\n"):
        other = tmp_path / "other.csv"
        other.write_bytes(text)
        assert _last_rows_plain(other, ("v",), "month") is None, text
    (tmp_path / "head.csv").write_bytes(b"month,v\n")
    assert read_csv_columns(tmp_path / "head.csv", ("v",), last_of="month") == {"v": []}


def test_roster_rows_are_those_written_one_by_one(tmp_path):
    from staffsim.model.roster import Roster
    from staffsim.results.tables import write_roster
    from staffsim.scenarios.specialties import SPECIALTIES

    ids = ["C1", "C,2", "=C3"]
    officials = ["o-1", "has,comma", "=cmd()", 'q"uote', "+44", "plain"]
    r = Roster.new(officials, np.array([0, 1, 2, 0, 1, 2]), np.array([0, 3, 5, 10, 2, 1]),
                   np.array([1970 * 12, 1985 * 12 + 6, 1999 * 12 + 11, 1960 * 12 + 3,
                             2001 * 12, 1990 * 12 + 1]),
                   np.array([0, 1, 0, 1, 0, 1], bool), np.array([1, 0, 0, 0, 1, 0], bool),
                   protected=np.array([0, 0, 1, 1, 0, 0], bool))
    scenario = SimpleNamespace(communes=SimpleNamespace(ids=ids), pool=None)
    path = tmp_path / "roster.csv"
    write_roster(path, scenario, r)
    ref = io.StringIO()
    w = csv_writer(ref)
    w.writerow(["official_id", "commune_id", "specialty", "birth_year", "birth_month",
                "leader", "protected", "sex"])
    for k in range(r.n):
        year, month = divmod(int(r.birth_month[k]), 12)
        w.writerow([r.official_id[k], ids[r.commune[k]], SPECIALTIES[r.specialty[k]], year,
                    month + 1, str(bool(r.leader[k])).lower(), str(bool(r.protected[k])).lower(),
                    "F" if r.female[k] else "M"])
    assert path.read_text(encoding="utf-8") == ref.getvalue()


CELL = st.text(alphabet=st.sampled_from(list("ab1 ,\"'\r\n\t=+-@.xĐ")), max_size=6)


@given(st.lists(CELL, max_size=12))
def test_text_cells_are_written_as_the_csv_module_writes_each(texts):
    # a column with nothing to quote or escape is passed through whole; any other cell
    # must come out as csv_writer writes it on its own (quoted, formula-escaped), but for
    # an empty cell, which is empty in a row of several (alone it is written "")
    from staffsim.results.tables import _csv_cell, _csv_cells

    def each(cells):
        return [_csv_cell(t) if t else "" for t in cells]

    assert list(_csv_cells(texts)) == each(texts)
    plain = [t.replace(",", "").replace('"', "").replace("\n", "").replace("\r", "")
             .lstrip("=+-@\t'") for t in texts]
    assert list(_csv_cells(plain)) == each(plain)


@pytest.mark.parametrize(("x", "text"), [
    (41290000000.0, "41290000000"),  # a budget in VND: never 4.129e+10
    (3.2e-05, "0.000032"),  # a small sensitivity index: never 3.2e-05
    (0.9566347522960942, "0.956635"),  # six significant digits
    (-0.0, "0"), (12, "12"), (None, ""), (float("nan"), ""),
])
def test_plain_numbers_for_data_files(x, text):
    from staffsim.results.tables import plain

    assert plain(x) == text


def _communes_row_by_row(path, scenario, roster):
    """The communes table as it was written before (a csv row per commune, ``fmt`` per
    cell): the reference the column-at-a-time writer must match byte for byte."""
    from staffsim.model.roster import quota
    from staffsim.model.workload import required_fte
    from staffsim.scenarios.params import KINDS, ZONES
    from staffsim.scenarios.specialties import SPECIALTIES

    c, p = scenario.communes, scenario.params
    req = required_fte(p.workload, c.population, c.zone, 0)
    staff = roster.counts(len(c))
    q = quota(c, p.staffing)
    essential = [i for i, s in enumerate(p.workload.specialties.ordered()) if s.essential]
    head = ["commune_id", "name", "kind", "zone", "province_code", "population", "area_km2",
            "lat", "lon", "quota", "required_fte", "in_post", "wisn_ratio", "unmet_fte",
            "missing_essential"]
    head += [f"required_{s}" for s in SPECIALTIES] + [f"in_post_{s}" for s in SPECIALTIES]
    with open(path, "w", encoding="utf-8-sig", newline="") as f, np.errstate(all="ignore"):
        w = csv_writer(f)
        w.writerow(head)
        for i in range(len(c)):
            r, s = req[i], staff[i]
            missing = ";".join(SPECIALTIES[j] for j in essential if s[j] == 0)
            w.writerow([
                c.ids[i], c.names[i], KINDS[c.kind[i]], ZONES[c.zone[i]], c.province[i],
                fmt(c.population[i]), fmt(c.area_km2[i]), fmt(c.lat[i]), fmt(c.lon[i]),
                int(q[i]), fmt(r.sum()), int(s.sum()), fmt(s.sum() / r.sum()),
                fmt(np.maximum(r - s, 0).sum()), missing,
                *(fmt(x) for x in r), *(int(x) for x in s),
            ])


def test_communes_rows_are_those_written_one_by_one(tmp_path):
    """The communes table, written a column at a time (0.26 s row by row nationally), is
    the row-by-row table byte for byte, hostile names, missing coordinates and a commune
    nobody lives in included."""
    import dataclasses

    from staffsim.model.roster import initial_roster
    from staffsim.results.tables import write_communes
    from staffsim.scenarios.loader import load_scenario

    from ..conftest import SCENARIOS

    scenario = load_scenario(SCENARIOS / "thanh_hoa.toml")
    c = scenario.communes
    names = list(c.names)
    names[:7] = ["a,b", 'say "x"', "=SUM(A1)", "line\nbreak", "-3 km", "'+1", "car\rriage"]
    ids = list(c.ids)
    ids[:3] = ["+84", "x,y", "@id"]
    lat, population = c.lat.copy(), c.population.copy()
    lat[7] = np.nan
    population[8] = 0.0  # nobody lives there: its fixed tasks only
    scenario.communes = dataclasses.replace(c, names=names, ids=ids, lat=lat,
                                            population=population)
    roster = initial_roster(scenario)
    write_communes(tmp_path / "new.csv", scenario, roster)
    _communes_row_by_row(tmp_path / "old.csv", scenario, roster)
    # bytes: a lone "\r" (which read_text would turn into a line end) makes the csv writer
    # quote the whole row (review 98)
    assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()
    new = (tmp_path / "new.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(new, newline="")))
    assert len(rows) == len(c) + 1 and rows[4][1] == "line\nbreak"  # (quoted, whole)
