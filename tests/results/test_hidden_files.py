"""A hidden file in a result folder is staffsim's only if staffsim writes that very name there
(results.folder.own_hidden); any other is the user's. Before, any hidden file ending in .tmp
or .lock counted as staffsim's: 'staffsim plan demo.toml --out R --force' deleted a user's
R/.notes.tmp, R/.x.lock and R/sub/.y.tmp with the folder, and 'sweep --resume' sealed a
folder holding them (then --force deleted them). Now they are refused like any foreign file,
named, and left as they were; staffsim's own leftovers (a killed command's) still go."""

from __future__ import annotations

import json
import os

import pytest

from staffsim.results import folder
from staffsim.results.verify import write_checksums
from staffsim.scenarios.errors import ScenarioError

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

STAMP = json.dumps({"pid": 4242, "command": "staffsim analyze S", "started_utc": "x"})


def _sealed(path, sweep=True):
    """A (sweep's) result folder as staffsim leaves it: the marker, a few files, the
    checksums."""
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps(folder.MARKER), encoding="utf-8")
    if sweep:
        (path / "sweep.json").write_text(json.dumps(folder.MARKER), encoding="utf-8")
    (path / "plan.csv").write_text("a\n", encoding="utf-8")
    if sweep:  # (runs/ is a sweep's folder: in any other it is the user's)
        (path / "runs").mkdir()
        (path / "runs" / "run-000000.json").write_text("{}\n", encoding="utf-8")
    write_checksums(path)
    return path


def _tree(root):
    return {p.relative_to(root).as_posix(): (os.readlink(p) if p.is_symlink() else
                                              p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


# the user's hidden files: no name staffsim writes there (or not where it writes it, or not
# a regular file, or a lock without staffsim's stamp)
USERS = {
    ".notes.tmp": "my notes", ".x.lock": "", ".my.lock": "mine", "sub/.y.tmp": "y",
    "runs/.notes.tmp": "n", ".a.xlsx.tmp": "no mkstemp part", ".a.xlsx.ABCDEFGH.tmp": "upper",
    "sub/.points.csv.tmp": "not at the top", "runs/.run-1.json.tmp": "not a run's name",
    ".points.csv.tmp": None,  # a link (a write of staffsim's would go through it)
    "nosweep/.manifest.json.tmp": "a sweep's name, in a folder that is no sweep",
}


@pytest.mark.parametrize("name", USERS)
def test_force_refuses_a_users_hidden_file_and_leaves_it(tmp_path, name):
    text, sweep = USERS[name], not name.startswith("nosweep/")
    name = name.removeprefix("nosweep/")
    out = _sealed(tmp_path / "r", sweep)
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        (tmp_path / "outside.txt").write_text("mine", encoding="utf-8")
        path.symlink_to(tmp_path / "outside.txt")
    else:
        path.write_text(text, encoding="utf-8")
    before = _tree(out)
    assert folder.foreign_files(out) == [name]
    with pytest.raises(ScenarioError, match="did not write there") as e:
        folder.check_replaceable(out, force=True)
    assert f"(e.g. {name})" in str(e.value)
    assert _tree(out) == before


# what a killed staffsim leaves in a sweep folder, named as its writers name them (hand-written
# here: write_atomic's '.NAME.tmp', the annex's mkstemp '.NAME.xlsx.XXXXXXXX.tmp', a stamped
# lock of a folder written inside, the list of what a sweep in progress wrote)
LEFTOVERS = ["runs/.run-000003.json.tmp", "..written.sha256.tmp", ".points.csv.tmp",
             ".manifest.json.tmp", ".results.parquet.tmp", ".analysis.lock",
             ".annex.xlsx.k3j_9a0z.tmp", "runs/.b.XLSX.abcdefgh.tmp", ".written.sha256"]


def test_staffsims_own_leftovers_are_still_its_own(tmp_path):
    out = _sealed(tmp_path / "r")
    for name in LEFTOVERS:
        (out / name).write_text(STAMP if name.endswith(".lock") else "{", encoding="utf-8")
    assert folder.foreign_files(out) == []
    folder.check_replaceable(out, force=True)  # no error: --force may replace it


def test_every_hidden_file_staffsim_writes_is_recognised(tmp_path, capsys, monkeypatch):
    """Whatever staffsim itself renames into place or locks inside a folder (a sweep's runs
    and its finish, a folder claimed inside it by analyze, a plan's annex written into it)
    passes own_hidden there, when it exists: a writer's new name is noticed."""
    from ..conftest import write_scenario
    from .conftest import SWEEP

    seen, wrong = [], []
    real_replace, real_release = os.replace, folder.release_held

    def check(path):
        path = folder.Path(path)
        if path.name.startswith(".") and path.is_file():
            seen.append(path.name)
            root = path.parent.parent if path.parent.name == "runs" else path.parent
            if not folder.own_hidden(root, path):
                wrong.append(path)

    def replace(src, dst, *args, **kwargs):
        check(src)
        return real_replace(src, dst, *args, **kwargs)

    def release_held(lock, lock_path):
        check(lock_path)
        return real_release(lock, lock_path)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(folder, "release_held", release_held)
    scen = write_scenario(tmp_path, SWEEP)
    s = tmp_path / "s"
    assert run_cli(capsys, "sweep", str(scen), "--out", str(s), "--workers", "1")[0] == 0
    assert run_cli(capsys, "analyze", str(s))[0] == 0
    assert run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--no-marginals", "--out",
                   str(tmp_path / "p"), "--xlsx", str(s / "annex.xlsx"))[0] == 0
    assert {".run-000005.json.tmp", "..written.sha256.tmp", ".results.parquet.tmp",
            ".points.csv.tmp", ".manifest.json.tmp", ".analysis.lock",
            ".annex.xlsx.lock"} <= set(seen)
    assert any(n.startswith(".annex.xlsx.") and n.endswith(".tmp") for n in seen)
    assert wrong == []


@pytest.mark.parametrize("name", [".notes.tmp", ".x.lock", "sub/.y.tmp"])
def test_plan_force_keeps_a_users_hidden_file(tmp_path, capsys, name):
    out = tmp_path / "R"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", "en")
    assert run_cli(capsys, *args)[0] == 0
    (out / name).parent.mkdir(exist_ok=True)
    (out / name).write_text("mine\n", encoding="utf-8")
    before = _tree(out)
    code, _, err = run_cli(capsys, *args, "--force")
    assert_one_line_error(code, err, str(out), "--out", "1 file(s) staffsim did not write "
                          f"there (e.g. {name})")
    assert _tree(out) == before


def test_a_killed_sweeps_leftovers_go_on_resume_and_force(tmp_path, capsys, monkeypatch):
    """A sweep killed while it wrote (its temporary files and a stamped lock of analyze's
    left, as SIGKILL leaves them): --resume finishes it and the temporary files are gone;
    --force then replaces it, the stale lock with it."""
    from ..experiments.test_sweep import demo_sweep, sweep_stopped_at_chunk

    path = demo_sweep(tmp_path)
    out = tmp_path / "X"
    assert sweep_stopped_at_chunk(capsys, monkeypatch, path, out, 3)[0] == 130
    for name in ("runs/.run-000004.json.tmp", ".points.csv.tmp", "..written.sha256.tmp",
                 ".results.parquet.tmp"):
        (out / name).write_text("{", encoding="utf-8")
    (out / ".analysis.lock").write_text(STAMP, encoding="utf-8")
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--resume",
                           "--workers", "1")
    assert code == 0, err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob(".*")) == [".analysis.lock"]
    assert run_cli(capsys, "verify", str(out))[0] == 0
    code, _, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--force",
                           "--workers", "1")
    assert code == 0, err
    assert list(out.rglob(".*")) == []
