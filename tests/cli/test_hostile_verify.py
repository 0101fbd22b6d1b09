"""verify cannot be fooled: paths confined to the folder, empty or cut checksums, missing
manifest keys, a plan that no longer matches its inputs even when resealed, and the same
answer from any current folder."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from staffsim.results.verify import CHECKSUMS, write_checksums

from ..helpers import run_cli
from ..hostile import copy_demo, snapshot

# each verify re-checks the plan and re-plans it (0.2-2 s a test, 5 s in all): the whole
# fault suite of verify runs in CI's second step (pytest -m slow)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def plan_folder(tmp_path_factory) -> Path:
    """One demo plan folder (copied by each test that changes it)."""
    from staffsim.cli import main

    base = tmp_path_factory.mktemp("verify")
    scenario = copy_demo(base / "scenario")
    out = base / "plan"
    assert main(["plan", str(scenario), "--out", str(out), "--no-marginals"]) == 0
    return out


@pytest.fixture
def folder(plan_folder, tmp_path) -> Path:
    out = tmp_path / "plan"
    shutil.copytree(plan_folder, out, symlinks=True)
    return out


def verify(capsys, folder: Path, *args: str) -> tuple[int, str]:
    """verify's exit code and output; it changes nothing, in the folder or beside it."""
    around = Path(folder).resolve().parent.parent
    before = snapshot(around)
    code, out, err = run_cli(capsys, "verify", str(folder), *args)
    assert "Traceback" not in err and "internal error" not in err, err
    assert snapshot(around) == before
    return code, out + err


def reseal(folder: Path) -> None:
    (folder / CHECKSUMS).unlink()
    write_checksums(folder)


def rows(folder: Path) -> list[dict]:
    with open(folder / "plan.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_rows(folder: Path, data: list[dict]) -> None:
    fields = list(rows(folder)[0])
    with open(folder / "plan.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(data)


def test_an_untouched_folder_verifies(folder, capsys):
    code, text = verify(capsys, folder)
    assert code == 0 and text.strip().endswith("ok"), text
    assert "a re-plan" in text


def test_paths_in_checksums_stay_inside_the_folder(folder, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not staffsim's", encoding="utf-8")
    from staffsim.scenarios.loader import sha256_file

    digest = sha256_file(secret)
    with open(folder / CHECKSUMS, "a", encoding="utf-8") as f:
        f.write(f"{digest}  ../secret.txt\n{digest}  {secret}\n")
    code, text = verify(capsys, folder)
    assert code == 1
    assert "'../secret.txt' is outside the folder" in text
    assert f"{str(secret)!r} is outside the folder" in text


def test_a_symbolic_link_out_of_the_folder_is_refused(folder, capsys, tmp_path):
    (tmp_path / "elsewhere.txt").write_text("x", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    reseal(folder)  # the link is listed: its target is outside
    code, text = verify(capsys, folder)
    assert code == 1 and "'link.txt' is outside the folder" in text


def test_empty_checksums_fail(folder, capsys):
    (folder / CHECKSUMS).write_text("", encoding="utf-8")
    code, text = verify(capsys, folder)
    assert code == 1 and "empty" in text


def test_cut_checksums_fail(folder, capsys):
    lines = (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if not ln.endswith("plan.csv")]
    (folder / CHECKSUMS).write_text("\n".join(kept) + "\n", encoding="utf-8")
    code, text = verify(capsys, folder)
    assert code == 1 and "plan.csv: not listed in checksums.sha256" in text


def test_a_malformed_checksum_line_fails(folder, capsys):
    with open(folder / CHECKSUMS, "a", encoding="utf-8") as f:
        f.write("deadbeef plan.csv\n")
    code, text = verify(capsys, folder)
    assert code == 1 and "not 'SHA256  PATH'" in text


@pytest.mark.parametrize("key", ["scenario_file", "input_sha256", "written_by", "command"])
def test_a_missing_manifest_key_fails(folder, capsys, key):
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del m[key]
    (folder / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    reseal(folder)
    code, text = verify(capsys, folder)
    assert code == 1 and f"manifest.json: missing {key}" in text


def test_a_manifest_without_the_scenario_hash_fails(folder, capsys):
    m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del m["input_sha256"]["scenario"]
    (folder / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    reseal(folder)
    code, text = verify(capsys, folder)
    assert code == 1 and "does not list the scenario's hash" in text


def test_a_removed_plan_row_fails_even_when_resealed(folder, capsys):
    data = rows(folder)
    write_rows(folder, data[1:])
    reseal(folder)
    code, text = verify(capsys, folder)
    assert code == 1
    # the summary says one more (its measure by name, the numbers as people write them)
    assert "plan_summary.json: Transfers of the optimum is" in text
    assert "does not match the plan its inputs give" in text


def test_a_removed_plan_row_fails_even_with_its_summary_edited_and_resealed(folder, capsys):
    data = rows(folder)
    write_rows(folder, data[1:])
    s = json.loads((folder / "plan_summary.json").read_text(encoding="utf-8"))
    removed = data[0]
    s["optimum"]["moves"] -= 1
    s["optimum"]["allowance_vnd"] -= float(removed["total_allowance_vnd"])
    (folder / "plan_summary.json").write_text(json.dumps(s), encoding="utf-8")
    reseal(folder)
    code, text = verify(capsys, folder)
    assert code == 1 and "does not match the plan its inputs give" in text, text


def test_the_answer_does_not_depend_on_the_current_folder(folder, capsys, monkeypatch,
                                                          tmp_path):
    answers = []
    for cwd in (tmp_path, folder, folder.parent.parent, Path("/")):
        monkeypatch.chdir(cwd)
        answers.append(verify(capsys, folder)[0])
    assert answers == [0, 0, 0, 0]
    # and a relative folder argument from two places
    monkeypatch.chdir(folder.parent)
    assert verify(capsys, Path(folder.name))[0] == 0


def test_the_folder_verifies_after_moving_it(folder, capsys, tmp_path):
    moved = tmp_path / "moved" / "p"
    moved.parent.mkdir()
    folder.rename(moved)
    code, text = verify(capsys, moved)
    assert code == 0, text


@pytest.mark.parametrize("name", ["plan_summary.json", "manifest.json", CHECKSUMS, "extra"])
def test_a_pipe_planted_in_the_folder_does_not_hang_verify(folder, capsys, name):
    import os

    (folder / name).unlink(missing_ok=True)
    os.mkfifo(folder / name)
    code, text = verify(capsys, folder) if name != "manifest.json" else (None, "")
    if name == "manifest.json":  # not a result folder any more: one line, exit 2
        code, _, err = run_cli(capsys, "verify", str(folder))
        assert code == 2 and "manifest.json" in err
        return
    assert code == 1, text
    assert name in text


def test_verify_says_what_it_found_in_vietnamese(folder, capsys):
    # an HR office reads verify's findings in its own language (before: English only), the
    # counts with Vietnamese separators and the plan measure by its name, not its key
    data = rows(folder)
    write_rows(folder, data[1:])  # one move removed, not resealed
    code, text = verify(capsys, folder, "--lang", "vi")
    assert code == 1
    n = len(data)
    assert "đã kiểm tra 2 tệp đầu vào theo mã băm trong manifest.json" in text
    assert "plan.csv: đã bị thay đổi sau khi thư mục được ghi" in text
    assert f"plan_summary.json: Điều động của phương án tối ưu là {n}, nhưng plan.csv cho " \
        f"{n - 1}" in text
    # changed, three totals of the summary, and the re-plan
    assert "5 vấn đề" in text
    for english in ("checked", "changed", "optimum", "problem", "moves_", "does not match"):
        assert english not in text, english
    code, text = verify(capsys, folder, "--lang", "en")
    assert "plan.csv: changed since the folder was written" in text and "5 problem(s)" in text


def test_a_distance_or_allowance_edited_under_a_resealed_list_is_found(folder, capsys):
    # the rules and the totals read only who moves where: a reviewer changed a distance to
    # 999.5 km and an allowance to 36 đồng, resealed checksums.sha256, and verify said ok
    data = rows(folder)
    data[0]["distance_km"], data[1]["total_allowance_vnd"] = "999.5", "36"
    write_rows(folder, data)
    reseal(folder)
    code, text = verify(capsys, folder)
    assert code == 1
    assert "plan.csv: row 2: distance_km is 999.5, but its move gives" in text
    assert "plan.csv: row 3: total_allowance_vnd is 36, but its move gives" in text


def test_a_plan_that_moves_nobody_verifies(tmp_path, capsys):
    # the re-derived columns read plan.csv's rows: with none (a budget of 0), verify said
    # 'no data rows' and failed a folder staffsim itself wrote
    from staffsim.cli import main

    out = tmp_path / "zero"
    assert main(["plan", str(copy_demo(tmp_path / "s")), "--out", str(out), "--no-marginals",
                 "--set", "optimizer.budget_vnd=0"]) == 0
    code, text = verify(capsys, out)
    assert code == 0, text


def test_an_edited_checksum_list_is_named_and_its_files_not_called_changed(folder, capsys):
    """A digit of plan.csv's line in checksums.sha256 edited: verify said 'plan.csv: changed
    since the folder was written', though plan.csv is as staffsim wrote it. The list's seal
    (its last line) tells an edit of the list: it is named, and plan.csv is said not to
    match an edited list (either may be the edit)."""
    lines = (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, ln in enumerate(lines) if ln.endswith("  plan.csv\n"))
    lines[i] = ("1" if lines[i][0] == "0" else "0") + lines[i][1:]
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
    code, text = verify(capsys, folder, "--lang", "en")
    assert code == 1
    assert "checksums.sha256: edited since the folder was written" in text
    assert "plan.csv: does not match its line in checksums.sha256, which was edited" in text
    assert "plan.csv: changed since the folder was written" not in text


def test_the_sealed_list_is_still_read_by_sha256sum(folder):
    """The seal is a comment line, which `sha256sum -c --strict` passes over."""
    import subprocess

    if shutil.which("sha256sum") is None:
        pytest.skip("no sha256sum")
    assert (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()[-1].startswith(
        "# staffsim: sha256 of the lines above ")
    done = subprocess.run(["sha256sum", "-c", "--strict", CHECKSUMS], cwd=folder,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "plan.csv: OK" in done.stdout
