"""verify of a sweep folder checks its analysis/ too (a folder sealed on its own), and a
summary edited and resealed is caught by recomputing it from the rows it summarises: a
comparison's comparison.csv and comparison.json from replications.csv, a sweep's points.csv
and results.parquet from its runs/ records."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from staffsim.results.verify import CHECKSUMS, write_checksums

from ..conftest import write_scenario
from ..helpers import run_cli
from .test_sweep import DEMO, SWEEP  # (the sweep tests' scenario)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """One sweep with its analysis and one comparison (copied by each test that changes
    them)."""
    from staffsim.cli import main

    base = tmp_path_factory.mktemp("verify_summaries")
    scenario = write_scenario(base, SWEEP, communes=DEMO)
    assert main(["sweep", str(scenario), "--out", str(base / "sweep"), "--workers", "1"]) == 0
    assert main(["analyze", str(base / "sweep")]) == 0
    assert main(["compare", str(scenario), "--replications", "3", "--months", "4",
                 "--workers", "1", "--out", str(base / "compare")]) == 0
    return {"sweep": base / "sweep", "compare": base / "compare"}


@pytest.fixture
def sweep(made, tmp_path) -> Path:
    return shutil.copytree(made["sweep"], tmp_path / "sweep", symlinks=True)


@pytest.fixture
def compare(made, tmp_path) -> Path:
    return shutil.copytree(made["compare"], tmp_path / "compare", symlinks=True)


def verify(capsys, folder: Path, *args: str) -> tuple[int, list[str], str]:
    """(exit code, the problems said, the whole output)."""
    code, out, err = run_cli(capsys, "verify", str(folder), *args)
    assert "Traceback" not in err and "internal error" not in err, err
    lines = out.splitlines()
    problems = [ln.removeprefix(f"{folder}: ") for ln in lines[:-1]
                if ln.startswith(f"{folder}: ")]
    return code, problems, out + err


def reseal(folder: Path) -> None:
    (folder / CHECKSUMS).unlink()
    write_checksums(folder)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text[:400])
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def second_row_cell(path: Path, column: str) -> tuple[str, str]:
    """(the second line of a CSV, its cell in ``column``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    return lines[1], lines[1].split(",")[header.index(column)]


# --- a sweep's analysis/ ------------------------------------------------------------------


def test_an_untouched_sweep_and_its_analysis_verify(capsys, made):
    code, problems, out = verify(capsys, made["sweep"])
    assert code == 0 and problems == [], out
    assert out.rstrip().endswith(": ok")
    # it says it checked the analysis, and the derived tables against the runs
    assert "checked 6 result files against analysis/checksums.sha256" in out
    assert "rows of points.csv against runs/" in out
    assert "rows of results.parquet against runs/" in out
    # the analysis alone still verifies as a folder of its own
    code, problems, out = verify(capsys, made["sweep"] / "analysis")
    assert code == 0 and problems == [], out


def test_an_edited_analysis_file_fails_the_sweep(capsys, sweep):
    line, _ = second_row_cell(sweep / "analysis" / "discovery.csv", "mean")
    edit(sweep / "analysis" / "discovery.csv", line, line.replace(",", ",9", 1))
    code, problems, out = verify(capsys, sweep)
    assert code == 1, out
    assert problems == ["analysis/discovery.csv: changed since the folder was written"], out


def test_an_added_analysis_file_fails_the_sweep(capsys, sweep):
    (sweep / "analysis" / "figures" / "extra.png").write_bytes(b"\x89PNG")
    code, problems, out = verify(capsys, sweep)
    assert code == 1, out
    assert problems == ["analysis/figures/extra.png: not listed in analysis/checksums.sha256 "
                        "(added after the folder was sealed, or the list was cut)"], out


def test_an_unreadable_analysis_manifest_is_one_problem(capsys, sweep):
    (sweep / "analysis" / "manifest.json").write_text("{", encoding="utf-8")
    reseal(sweep / "analysis")
    code, problems, out = verify(capsys, sweep)
    assert code == 1, out
    assert problems == ["analysis/manifest.json: missing or unreadable; not the manifest of "
                        "a folder staffsim wrote"], out


def test_a_folder_sealed_apart_elsewhere_is_a_problem(capsys, compare):
    """Anything else with its own checksums and manifest would hide its files from the
    outer list: only a sweep's analysis/ is a folder of its own."""
    hidden = compare / "figures" / "hidden"
    hidden.mkdir(parents=True)
    (hidden / "manifest.json").write_text('{"written_by": "staffsim"}', encoding="utf-8")
    (hidden / "notes.txt").write_text("x", encoding="utf-8")
    write_checksums(hidden)
    code, problems, out = verify(capsys, compare)
    assert code == 1, out
    assert problems == ["figures/hidden: a folder with its own checksums where staffsim "
                        "writes none; its files are not covered by checksums.sha256"], out


# --- summaries resealed -------------------------------------------------------------------


def test_an_untouched_comparison_verifies(capsys, made):
    code, problems, out = verify(capsys, made["compare"])
    assert code == 0 and problems == [], out
    assert "rows of comparison.csv against replications.csv" in out
    assert "entries of comparison.json against replications.csv" in out


def test_a_resealed_edit_of_comparison_csv_is_caught(capsys, compare):
    path = compare / "comparison.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    # a row whose mean is not a whole number, so that the edit is a plain change of value
    n, row = next((n, ln.split(",")) for n, ln in enumerate(lines[1:], start=2)
                  if "." in ln.split(",")[header.index("mean")])
    mean = row[header.index("mean")]
    row[header.index("mean")] = "150"
    lines[n - 1] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(compare)
    code, problems, out = verify(capsys, compare)
    assert code == 1, out
    assert len(problems) == 1, out
    assert problems[0].startswith(f"comparison.csv: row {n}: mean is 150, but "
                                  "replications.csv gives "), out
    assert abs(float(problems[0].rsplit(" ", 1)[1]) - float(mean)) <= 2e-4


def test_a_resealed_edit_of_the_means_interval_is_caught(capsys, compare):
    """comparison.csv's and comparison.json's standard error and 90% t interval of the mean
    (new columns after the old ones) are recomputed from replications.csv too."""
    path = compare / "comparison.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    at = header.index("diff_mean_ci90_hi")
    n, row = next((n, ln.split(",")) for n, ln in enumerate(lines[1:], start=2)
                  if ln.split(",")[at] not in ("", "0"))
    row[at] = str(float(row[at]) + 1)
    lines[n - 1] = ",".join(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = json.loads((compare / "comparison.json").read_text(encoding="utf-8"))
    arm = next(iter(data["arms"]))
    data["arms"][arm]["metrics"]["unmet_fte_months"]["areas"]["province"]["mean_se"] += 1
    (compare / "comparison.json").write_text(json.dumps(data), encoding="utf-8")
    reseal(compare)
    code, problems, out = verify(capsys, compare)
    assert code == 1, out
    assert len(problems) == 2, out
    assert problems[0].startswith(f"comparison.csv: row {n}: diff_mean_ci90_hi is "), out
    assert problems[1].startswith(f"comparison.json: arms.{arm}.metrics.unmet_fte_months."
                                  "areas.province.mean_se is "), out


def test_a_resealed_edit_of_comparison_json_is_caught(capsys, compare):
    path = compare / "comparison.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    arm = next(iter(data["arms"]))
    band = data["arms"][arm]["metrics"]["unmet_fte_months"]["areas"]["province"]
    band["p95"] += 1
    path.write_text(json.dumps(data), encoding="utf-8")
    reseal(compare)
    code, problems, out = verify(capsys, compare)
    assert code == 1, out
    assert len(problems) == 1, out
    assert problems[0].startswith(f"comparison.json: arms.{arm}.metrics.unmet_fte_months."
                                  "areas.province.p95 is "), out


def test_a_resealed_edit_of_a_sweeps_points_csv_is_caught(capsys, sweep):
    line, cell = second_row_cell(sweep / "points.csv", "mean:mountain_unmet_fte")
    edit(sweep / "points.csv", line, line.replace(f",{cell}", f",{float(cell) + 1}"))
    reseal(sweep)
    code, problems, out = verify(capsys, sweep)
    assert code == 1, out
    assert len(problems) == 1, out
    assert problems[0].startswith("points.csv: row 2: mean:mountain_unmet_fte is "), out
    # points.csv holds the mean in full; the message shows it to 6 significant digits
    said = problems[0].rsplit(" but runs/ gives ", 1)[1]
    assert float(said) == pytest.approx(float(cell), rel=1e-5), out


def test_a_resealed_edit_of_a_sweeps_results_table_is_caught(capsys, sweep):
    rows = pq.read_table(sweep / "results.parquet").to_pylist()
    rows[1]["mountain_unmet_fte"] += 1
    pq.write_table(pa.Table.from_pylist(rows), sweep / "results.parquet")
    reseal(sweep)
    code, problems, out = verify(capsys, sweep)
    assert code == 1, out
    assert len(problems) == 1, out
    run = rows[1]["run"]
    assert problems[0].startswith(f"results.parquet: run {run}: mountain_unmet_fte is "), out
    assert f"but runs/run-{run:06d}.json gives" in problems[0], out


def test_the_problems_are_said_in_vietnamese(capsys, sweep):
    (sweep / "analysis" / "figures" / "extra.png").write_bytes(b"\x89PNG")
    code, problems, out = verify(capsys, sweep, "--lang", "vi")
    assert code == 1, out
    assert problems == ["analysis/figures/extra.png: không có trong "
                        "analysis/checksums.sha256 (được thêm sau khi thư mục đã niêm phong, "
                        "hoặc danh sách bị cắt bớt)"], out
    assert "đã kiểm tra 6 tệp kết quả theo analysis/checksums.sha256" in out
