"""A plan cache folder the user names (STAFFSIM_CACHE_DIR) that cannot be written was ignored
without a word (a hostile trial, 2 December 2026): plans were solved each time and nothing said
why. One warning line, once per folder, in the language; the command still succeeds."""

from __future__ import annotations

import pytest

import staffsim.optimize.cache as cache

from ..conftest import SCENARIOS
from ..helpers import run_cli


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "warning: {f}: the plan cache folder (STAFFSIM_CACHE_DIR) cannot be written: file "
           "exists; plans are solved each time"),
    ("vi", "cảnh báo: {f}: không ghi được vào thư mục lưu tạm phương án (STAFFSIM_CACHE_DIR): "
           "tệp đã tồn tại; phương án sẽ được giải lại mỗi lần"),
])
def test_said_once(tmp_path, monkeypatch, capsys, lang, said):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.setenv("STAFFSIM_CACHE_DIR", str(blocker))
    monkeypatch.setattr(cache, "_SAID", set())
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--lang", lang,
                           "--out", str(tmp_path / "p"))
    assert code == 0, err
    lines = [ln for ln in err.splitlines() if "STAFFSIM_CACHE_DIR" in ln]
    assert lines == ["staffsim: " + said.format(f=blocker)]
    assert blocker.read_text() == "not a folder"  # (the user's file untouched)


def test_the_default_folder_stays_quiet(tmp_path, monkeypatch, capsys):
    """Without STAFFSIM_CACHE_DIR an unusable default folder is no news: the cache only
    saves time."""
    blocker = tmp_path / "cache"
    blocker.write_text("")
    monkeypatch.delenv("STAFFSIM_NO_CACHE", raising=False)
    monkeypatch.delenv("STAFFSIM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(cache, "_SAID", set())
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--lang", "en",
                           "--no-marginals", "--out", str(tmp_path / "p"))
    assert code == 0 and "cache" not in err, err
