"""Uploaded tables are read as the CLI reads ``--set province.roster_csv=FILE``: against the
communes and the pool's units, the departments' officials from the table (or none), never
generated ones; the exported result folder keeps the uploaded table and verifies."""

from __future__ import annotations

import io

import pytest

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Inputs
from staffsim.dashboard.uploads import read_upload
from staffsim.model.roster import initial_roster, pool_roster
from staffsim.scenarios.specialties import SPECIALTIES

from ..conftest import SCENARIOS

HEADER = "Mã cán bộ,Họ tên,Mã xã,Chuyên môn,Năm sinh,Lãnh đạo,Bảo vệ,Giới tính"


def _lines(r, ids, name) -> list[str]:
    return [f"{r.official_id[k]},{name} {k},{ids[r.commune[k]]},{SPECIALTIES[r.specialty[k]]},"
            f"{r.birth_month[k] // 12},{str(bool(r.leader[k])).lower()},"
            f"{str(bool(r.protected[k])).lower()},{'F' if r.female[k] else 'M'}"
            for k in range(r.n)]


@pytest.fixture(scope="module")
def thanh_hoa():
    inputs = Inputs.load(SCENARIOS / "thanh_hoa.toml")
    sc = inputs.scenario
    communes = _lines(initial_roster(sc), sc.communes.ids, "Lê Văn Xã")
    pool = _lines(pool_roster(sc), sc.pool.units.ids, "Trần Thị Sở")
    return inputs, communes, pool


def _csv(lines: list[str]) -> bytes:
    return "\n".join([HEADER, *lines]).encode("utf-8-sig")


def test_a_commune_only_roster_leaves_no_generated_department_officials(thanh_hoa):
    inputs, communes, _ = thanh_hoa
    result = read_upload(inputs, "roster", "ds.csv", _csv(communes))
    assert not result.problems
    sc = result.inputs.scenario
    # as the CLI: the departments have nobody (not generated officials)
    assert sc.pool_roster is not None and len(sc.pool_roster.official_id) == 0
    assert any("no officials" in w or "không có" in w for w in result.warnings)
    view = planning.plan(result.inputs, result.inputs.levers)
    assert view.rows
    assert not [m for m in view.rows if m.official_id.startswith("38-")]
    assert all(m.full_name.startswith("Lê Văn Xã") for m in view.rows)


def test_a_full_roster_with_department_officials_is_read_and_named(thanh_hoa):
    inputs, communes, pool = thanh_hoa
    result = read_upload(inputs, "roster", "roster_vi.csv", _csv(communes + pool))
    assert not result.problems, result.problems[:3]
    assert result.rows == len(communes) + len(pool)
    sc = result.inputs.scenario
    assert len(sc.pool_roster.official_id) == len(pool)
    view = planning.plan(result.inputs, result.inputs.levers)
    from_pool = [m for m in view.rows if m.from_commune in set(sc.pool.units.ids)]
    assert from_pool  # the departments give officials, named as the table names them
    assert all(m.full_name.startswith(("Lê Văn Xã", "Trần Thị Sở")) for m in view.rows)
    annex = planning.annex_xlsx(view, result.inputs)
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(annex)).active.iter_rows(values_only=True)
             for c in row if isinstance(c, str)]
    assert any(c.startswith("Trần Thị Sở") for c in cells)


# the uploaded roster lists the communes' officials only: each pool unit (departments,
# Party/Front) is said to have none, as the command line says it to a planner
@pytest.mark.filterwarnings("ignore:.*has no officials in this roster")
def test_the_result_folder_of_an_uploaded_roster_keeps_it_and_verifies(thanh_hoa, tmp_path):
    import zipfile

    from staffsim.experiments.verify import verify_folder
    from staffsim.scenarios.loader import load_scenario, sha256_file

    inputs, communes, _ = thanh_hoa
    data = _csv(communes[:-10])
    result = read_upload(inputs, "roster", "ds.csv", data)
    view = planning.plan(result.inputs, result.inputs.levers)
    with zipfile.ZipFile(io.BytesIO(planning.folder_zip(view, result.inputs))) as z:
        z.extractall(tmp_path)
    folder = tmp_path / "plan"
    kept = folder / "inputs" / "roster.csv"
    assert kept.read_bytes() == data  # the uploaded table, as uploaded
    import hashlib
    import json

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert hashlib.sha256(data).hexdigest() in manifest["input_sha256"].values()
    checked, problems = verify_folder(folder)
    assert not problems, problems[:5]
    # the folder's scenario.toml reads the kept copy: the same officials, by name
    again = load_scenario(folder / "scenario.toml")
    assert again.roster.official_id == result.inputs.scenario.roster.official_id
    assert sha256_file(kept) == hashlib.sha256(data).hexdigest()
