"""--force never removes a folder a user made inside a staffsim result folder, an empty one
too: only the sub-folders staffsim writes in that kind of folder (figures/ and inputs/ in
every kind, runs/ and analysis/ in a sweep's) go with it. Before, only files were checked,
and ``staffsim plan ... --force`` deleted the user's empty ``notes/`` with the old folder."""

import json

import pytest

from staffsim.results import folder
from staffsim.results.verify import write_checksums
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli


@pytest.fixture
def english():
    from staffsim import i18n

    i18n.set_language("en")


def _sealed(path, files, marker="manifest.json"):
    """A result folder as staffsim leaves it: the marker, the files, the checksums."""
    path.mkdir(parents=True)
    (path / marker).write_text(json.dumps(folder.MARKER), encoding="utf-8")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    if marker == "manifest.json":
        write_checksums(path)
    return path


PLAN_FILES = {"plan.csv": "a\n", "figures/plan_map.png": "png", "inputs/communes.csv": "x\n"}


def test_staffsims_own_sub_folders_do_not_stop_force(tmp_path):
    out = _sealed(tmp_path / "p", PLAN_FILES)
    (out / "figures" / "plan_map.png").unlink()  # (emptied: still staffsim's folder)
    folder.check_replaceable(out, force=True)  # no error


@pytest.mark.parametrize("made", ["notes", "notes/2025", ".drafts", "figures/mine",
                                  "runs", "analysis"])
def test_a_users_empty_folder_stops_force_and_is_named(tmp_path, english, made):
    # runs/ and analysis/ are a sweep's: in a plan folder they are the user's
    out = _sealed(tmp_path / "p", PLAN_FILES)
    (out / made).mkdir(parents=True)
    with pytest.raises(ScenarioError) as e:
        folder.check_replaceable(out, force=True)
    assert f"holds 1 file(s) staffsim did not write there (e.g. {made}/)" in str(e.value)
    assert (out / made).is_dir()


def test_a_users_folder_holding_a_file_is_named_by_the_file(tmp_path, english):
    out = _sealed(tmp_path / "p", PLAN_FILES)
    (out / "notes").mkdir()
    (out / "notes" / "memo.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"holds 1 file\(s\) .*\(e\.g\. notes/memo\.txt\)"):
        folder.check_replaceable(out, force=True)


def test_a_result_folder_moved_into_another_is_the_users(tmp_path, english):
    # its files are sealed by its own list, not the outer folder's: the folder is named
    out = _sealed(tmp_path / "p", PLAN_FILES)
    _sealed(out / "older-plan", {"plan.csv": "b\n"})
    with pytest.raises(ScenarioError, match=r"\(e\.g\. older-plan/\)"):
        folder.check_replaceable(out, force=True)
    assert (out / "older-plan" / "plan.csv").is_file()


def test_a_sweeps_own_sub_folders_do_not_stop_force(tmp_path, english):
    running = _sealed(tmp_path / "s", {"design.csv": "d\n"}, marker="sweep.json")
    (running / "runs").mkdir()  # a sweep in progress before its first run
    folder.check_replaceable(running, force=True)
    (running / "inputs2").mkdir()
    with pytest.raises(ScenarioError, match=r"\(e\.g\. inputs2/\)"):
        folder.check_replaceable(running, force=True)
    done = _sealed(tmp_path / "d", {"sweep.json": json.dumps(folder.MARKER),
                                    "runs/run-000000.json": "{}"})
    _sealed(done / "analysis", {"figures/sensitivity.png": "png"})
    write_checksums(done)
    folder.check_replaceable(done, force=True)
    (done / "analysis" / "mine").mkdir()
    with pytest.raises(ScenarioError, match=r"\(e\.g\. analysis/mine/\)"):
        folder.check_replaceable(done, force=True)


@pytest.mark.figures
def test_plan_force_leaves_a_users_empty_folder_and_removes_staffsims(tmp_path, capsys):
    out = tmp_path / "p"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", "en")
    assert run_cli(capsys, *args)[0] == 0
    assert (out / "inputs").is_dir() and (out / "figures").is_dir()  # staffsim's own
    (out / "notes").mkdir()
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    code, _, err = run_cli(capsys, *args, "--force")
    assert_one_line_error(code, err, str(out), "(e.g. notes/)", "--force replaces only what "
                          "staffsim wrote")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    (out / "notes").rmdir()
    (out / "figures" / "plan_map.png").unlink(missing_ok=True)
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]  # nothing old left beside
