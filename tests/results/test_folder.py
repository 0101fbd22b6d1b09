"""Result folders: their default names, what a killed writer leaves, their manifests."""

from pathlib import Path


def test_default_folders_of_commands_started_in_the_same_second_differ(tmp_path, monkeypatch):
    """Two runs without --out started in one second were given one folder: the second was
    refused as 'being written by another staffsim command'."""
    from datetime import datetime

    from staffsim.results import folder

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 1, 6, 55, 13, tzinfo=tz)

    monkeypatch.setattr(folder, "datetime", Frozen)
    first = folder.default_folder(tmp_path, "demo", 7)
    assert first.name == "demo-seed7-20261201-065513"
    claim = folder.claim_output(first)
    with folder.atomic_folder(claim) as tmp:  # the first command is writing it
        (tmp / "x.csv").write_text("1\n")
        second = folder.default_folder(tmp_path, "demo", 7)
        assert second.name == "demo-seed7-20261201-065513-2"
    third = folder.default_folder(tmp_path, "demo", 7)  # the first exists now
    assert third.name == "demo-seed7-20261201-065513-2"


def test_a_killed_writers_temporary_folder_goes_with_the_next_write(tmp_path):
    """SIGKILL leaves `.NAME.partial-XXXXXXXX` behind (30 MB on a national run); the next
    command that holds NAME removes it, and nothing else of that shape."""
    from staffsim.results import folder

    final = tmp_path / "r"
    stale = tmp_path / ".r.partial-k3x9_q2a"
    (stale / "figures").mkdir(parents=True)
    (stale / "timeseries.csv").write_text("1\n")
    kept = [tmp_path / ".r.partial-mine", tmp_path / ".other.partial-k3x9_q2a",
            tmp_path / ".r.partial-k3x9_q2a.txt"]
    for p in kept[:2]:
        p.mkdir()
    kept[2].write_text("a user's file")
    with folder.atomic_folder(final) as tmp:
        (tmp / "x.csv").write_text("1\n")
    assert (final / "x.csv").exists() and not stale.exists()
    assert all(p.exists() for p in kept)


def test_an_out_folder_where_nothing_can_be_made_is_named_as_such():
    """`--out /proc/x` was refused as 'being written by another staffsim command (holder
    unknown)'."""
    import pytest

    from staffsim.results import folder
    from staffsim.scenarios.errors import ScenarioError

    with pytest.raises(ScenarioError, match="cannot create files in /proc"):
        folder.claim_output(folder.Path("/proc/staffsim-test-out"))
    # and a folder that cannot be made there (a bare OS error before)
    with pytest.raises(ScenarioError, match="--out: cannot create the folder /proc/staffsim"):
        folder.claim_output(folder.Path("/proc/staffsim-test-out/x"))


def test_an_out_folder_in_a_folder_nobody_may_write_is_named_as_such(tmp_path):
    """A read-only parent (``--out /sys/kernel/x`` as root) gave a bare 'Permission
    denied' on the lock file, naming neither --out nor what to do."""
    import os

    import pytest

    from staffsim.results import folder
    from staffsim.scenarios.errors import ScenarioError

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        # a folder made read-only, or (as root, who may write there anyway) /sys/kernel
        places = [p for p in (locked, folder.Path("/sys/kernel"))
                  if p.is_dir() and not os.access(p, os.W_OK)
                  or p == folder.Path("/sys/kernel") and p.is_dir() and os.geteuid() == 0]
        if not places:
            pytest.skip("no folder here refuses this user's files")
        for place in places:
            for out, words in ((place / "staffsim-x", "cannot create files in"),
                               (place / "staffsim-a" / "b", "cannot create the folder")):
                with pytest.raises(ScenarioError, match=words) as e:
                    folder.claim_output(out)
                assert "--out" in str(e.value) and "permission denied" in str(e.value)
    finally:
        locked.chmod(0o755)


def test_a_result_folder_has_the_permissions_of_any_new_folder(tmp_path):
    """Result folders were private (0700, from the temporary folder) while their files were
    readable by all (0644): on a shared server colleagues could not open them."""
    import os
    import stat

    from staffsim.results import folder

    old = os.umask(0o022)
    try:
        with folder.atomic_folder(tmp_path / "r") as tmp:
            (tmp / "x.csv").write_text("1\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r").stat().st_mode) == 0o755


def test_manifest_records_this_machine_whether_prepared_or_not(monkeypatch):
    """The versions, commit and platform a manifest records, read in a thread ahead
    (``prepare_manifest``) or at once, are those the standard tools give."""
    import platform
    import subprocess
    from importlib import metadata

    from staffsim.results import folder

    repo = Path(folder.__file__).resolve().parent
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True,
                          text=True).stdout.strip()
    for prepared in (False, True):
        monkeypatch.setattr(folder, "_ENVIRONMENT", {})
        monkeypatch.setattr(folder, "_ENVIRONMENT_THREAD", [])
        if prepared:
            folder.prepare_manifest()
            folder.prepare_manifest()  # once
            assert len(folder._ENVIRONMENT_THREAD) == 1
        m = folder.manifest(seed=7)
        assert m["seed"] == 7
        assert m["staffsim_version"] == metadata.version("staffsim")
        assert m["packages"] == {p: metadata.version(p)
                                 for p in ("mesa", "numpy", "scipy", "pulp", "highspy")}
        assert m["platform"] == platform.platform()
        assert m["python"] == platform.python_version()
        if head:  # a git checkout (a copy without .git records 'unknown')
            assert m["git_commit"].removesuffix("+dirty") == head
