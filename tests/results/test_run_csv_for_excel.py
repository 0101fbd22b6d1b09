"""A run folder's communes.csv holds the communes' Vietnamese names: it starts with the UTF-8
byte-order mark, as plan.csv does, or Excel on Windows decodes it in the ANSI code page and
garbles them (a new user's trial: plan's CSVs had the mark, run's did not)."""

import csv

from ..conftest import SCENARIOS
from ..helpers import run_cli

BOM = b"\xef\xbb\xbf"


def test_the_run_folders_communes_table_opens_in_excel_with_its_names(tmp_path, capsys):
    out = tmp_path / "r"
    code, _, err = run_cli(capsys, "run", str(SCENARIOS / "demo.toml"), "--months", "1",
                           "--out", str(out))
    assert code == 0, err
    raw = (out / "communes.csv").read_bytes()
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    with open(SCENARIOS / "data" / "demo_communes.csv", encoding="utf-8-sig") as f:
        given = {r["commune_id"]: r["name"] for r in csv.DictReader(f)}
    with open(out / "communes.csv", encoding="utf-8-sig", newline="") as f:
        written = {r["commune_id"]: r["name"] for r in csv.DictReader(f)}
    assert written == given and any(not n.isascii() for n in written.values())
