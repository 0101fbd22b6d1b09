"""The decision annex written beside a plan folder (plan --xlsx) is recorded in the folder's
manifest (its path and sha256), and verify says whether it is still as written, without
failing when the planner filled it in (an HR trial: the annex was neither named nor hashed,
so the folder could not say that the annex belongs to this plan). The folder's checksums
list only files inside it (verify calls a listed path outside a problem)."""

import hashlib
import json

from openpyxl import load_workbook

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_the_annex_beside_the_folder_is_recorded_and_verified(capsys, tmp_path):
    out, annex = tmp_path / "plan", tmp_path / "phụ lục QĐ.xlsx"
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out", str(out),
                           "--xlsx", str(annex), "--no-marginals", "--set",
                           "output.figures=false")
    assert code == 0, err
    record = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["annex"]
    assert record == {"file": str(annex.resolve()),
                      "sha256": hashlib.sha256(annex.read_bytes()).hexdigest()}
    assert annex.name not in (out / "checksums.sha256").read_text(encoding="utf-8")
    code, said, err = run_cli(capsys, "verify", str(out))
    assert code == 0, said + err
    assert f"checked the decision annex {annex.resolve()} against its hash in manifest.json: " \
           "as staffsim wrote it" in said
    # filled in by the planner: said, not a problem (checked with evaluate)
    wb = load_workbook(annex)
    wb.active["A4"] = "Thời gian điều động: từ ngày 01/01/2027 đến ngày 31/07/2028"
    wb.save(annex)
    code, said, err = run_cli(capsys, "verify", str(out))
    assert code == 0, said + err
    assert "changed since staffsim wrote it (filled in or edited" in said
    annex.unlink()
    code, said, err = run_cli(capsys, "verify", str(out))
    assert code == 0, said + err
    assert "not found (moved, renamed or deleted)" in said
