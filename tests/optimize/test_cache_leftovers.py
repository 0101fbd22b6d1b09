"""A cache entry that fails while it is written (a full disk, a Ctrl-C) leaves no temporary
file in the cache folder. Before, ``_write`` caught the OSError and returned, and a Ctrl-C
went through, both leaving the '.tmp-XXXX.json' it was writing (pruned only an hour later,
by a later command)."""

from __future__ import annotations

import errno

import pytest

from staffsim.optimize import cache


def _half_written(exc):
    def dump(data, f, *args, **kwargs):
        f.write('{"format": ')  # part of the entry is on disk
        f.flush()
        raise exc
    return dump


@pytest.mark.parametrize("exc", [OSError(errno.ENOSPC, "No space left on device"),
                                 KeyboardInterrupt()], ids=["disk full", "ctrl-c"])
def test_a_failed_cache_write_leaves_no_temporary_file(tmp_path, monkeypatch, exc):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "mine.txt").write_text("not the cache's", encoding="utf-8")
    monkeypatch.setattr(cache.json, "dump", _half_written(exc))
    opt = cache.Optimum("Optimal", True, 0.0, [], {"weighted_unmet": 1.0})
    if isinstance(exc, OSError):
        cache._write(folder, "k" * 64, None, opt)  # (the plan is still returned: no error)
    else:
        with pytest.raises(KeyboardInterrupt):
            cache._write(folder, "k" * 64, None, opt)
    assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    assert not cache.WRITING


def test_an_entry_being_written_is_removed_by_the_interrupts_cleanup(tmp_path, monkeypatch):
    """The watchdog's exit runs no ``finally``: ``emergency_cleanup`` removes the temporary
    file of an entry a thread is writing, and only that."""
    from staffsim.results.folder import emergency_cleanup

    folder = tmp_path / "cache"
    folder.mkdir()
    other = folder / ".tmp-another-process.json"  # another command's entry being written
    other.write_text("{", encoding="utf-8")
    seen = []

    def dump(data, f, *args, **kwargs):
        seen.extend(p.name for p in folder.glob(".tmp-*.json") if p != other)
        emergency_cleanup()  # the watchdog, meanwhile
        seen.append(sorted(p.name for p in folder.iterdir()))
        raise SystemExit  # (the process ends here: os._exit)

    monkeypatch.setattr(cache.json, "dump", dump)
    with pytest.raises(SystemExit):
        cache._write(folder, "k" * 64, None,
                     cache.Optimum("Optimal", True, 0.0, [], {"weighted_unmet": 1.0}))
    assert len(seen) == 2 and seen[0].startswith(".tmp-")  # it was there while written
    assert seen[1] == [other.name]  # gone at once; another's stays
