"""--out naming the user's own folder (their Documents, files in it): the refusal suggested
--force, which is then refused too, and that refusal spoke of a staffsim marker in a
manifest.json the folder does not have (helper 92's HR trial). Now: choose a new folder,
and the reason as it is. The user's files stay as they were."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.mark.parametrize(("force", "said"), [
    (False, "already exists and was not written by staffsim; choose a new folder (staffsim "
            "never replaces a folder it did not write)"),
    (True, "was not written by staffsim (it has no manifest.json); --force replaces only "
           "staffsim's own result folders"),
])
def test_a_users_folder_is_refused_for_what_it_is(tmp_path, capsys, force, said):
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "letter.txt").write_text("mine", encoding="utf-8")
    code, out, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--lang", "en", "--out",
                             str(docs), *(["--force"] if force else []))
    assert code == 2 and not out
    assert err.strip() == f"staffsim: error: {docs}: --out: {said}"
    assert "--force to replace" not in err
    assert [p.name for p in docs.iterdir()] == ["letter.txt"]
    assert (docs / "letter.txt").read_text(encoding="utf-8") == "mine"


def test_a_staffsim_folder_still_says_force_replaces_it(tmp_path, capsys):
    out_dir = tmp_path / "kq"
    assert run_cli(capsys, "plan", DEMO, "--no-marginals", "--out", str(out_dir))[0] == 0
    code, _, err = run_cli(capsys, "plan", DEMO, "--no-marginals", "--lang", "en", "--out",
                           str(out_dir))
    assert code == 2
    assert err.strip() == (f"staffsim: error: {out_dir}: --out: already exists; choose a new "
                           "folder or pass --force to replace it (results are never "
                           "overwritten otherwise)")
