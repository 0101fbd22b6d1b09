"""Writing the annex touches no file staffsim did not create; numbers of any size are
written whole (a hostile trial)."""

import os
import stat

from staffsim import i18n
from staffsim.results.annex import save_annex_xlsx


def test_the_annex_is_written_beside_without_touching_a_users_files(tmp_path):
    """It was written to '.NAME.xlsx.tmp' then renamed: a user's file of that name was
    deleted, and a symbolic link of that name was written through (to any file)."""
    victim = tmp_path / "victim.txt"
    victim.write_text("victim", encoding="utf-8")
    (tmp_path / ".a.xlsx.tmp").symlink_to(victim)
    (tmp_path / ".b.xlsx.tmp").write_text("mine", encoding="utf-8")
    for name in ("a.xlsx", "b.xlsx"):
        save_annex_xlsx(tmp_path / name, [], "Tiny")
        assert (tmp_path / name).is_file()
    assert victim.read_text(encoding="utf-8") == "victim"
    assert (tmp_path / ".b.xlsx.tmp").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".a.xlsx.tmp", ".b.xlsx.tmp", "a.xlsx", "b.xlsx", "victim.txt"]
    # its permissions are those of a file written in place (the umask's), not 0600
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a.xlsx").stat().st_mode) == 0o666 & ~mask


def test_a_number_beyond_babels_28_digits_is_written_whole():
    """evaluate on a cell of 1e28 VND ended in 'internal error: InvalidOperation'."""
    assert i18n.number(10**30, 0, "en") == "1" + ",000" * 10
    assert i18n.number(10**30, 0, "vi") == "1" + ".000" * 10
    assert i18n.number(1e28, 0, "en").count(",") == 9
