"""plan --xlsx inside the --out folder (HR trial: 'plan --out kq --xlsx kq/annex.xlsx' wrote the
annex after sealing the folder, so verify failed and --force refused the folder staffsim had
written; into a folder not yet made it was refused as 'no such folder')."""

from ..conftest import SCENARIOS
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")


def test_an_annex_inside_the_result_folder_is_one_of_its_files(tmp_path, capsys):
    folder = tmp_path / "kết quả 8.9"  # not there yet
    annex = folder / "phụ lục.xlsx"
    code, out, err = run_cli(capsys, "plan", DEMO, "--out", str(folder), "--xlsx", str(annex))
    assert code == 0, err
    assert annex.is_file()
    listed = (folder / "checksums.sha256").read_text(encoding="utf-8")
    assert "phụ lục.xlsx" in listed
    code, out, err = run_cli(capsys, "verify", str(folder))
    assert code == 0, out + err
    # staffsim's own folder, annex included, is replaced by --force
    code, out, err = run_cli(capsys, "plan", DEMO, "--out", str(folder), "--xlsx", str(annex),
                             "--force")
    assert code == 0, err
    # and the annex reads back as the plan: no finding
    code, out, err = run_cli(capsys, "evaluate", "--lang", "en", DEMO, "--plan", str(annex))
    assert code == 0, out + err


def test_an_annex_deeper_in_the_folder_is_refused_before_anything_is_written(tmp_path,
                                                                            capsys):
    folder = tmp_path / "kq"
    code, _, err = run_cli(capsys, "plan", "--lang", "en", DEMO, "--out", str(folder),
                           "--xlsx", str(folder / "sub" / "a.xlsx"))
    assert_one_line_error(code, err, "--xlsx", "the annex goes at its top")
    assert not folder.exists()


def test_the_folder_is_recognised_through_a_link(tmp_path, capsys):
    """(review) --xlsx LINK/x.xlsx where LINK points at the --out folder: compared as text,
    the annex was written after sealing and the folder then failed verify."""
    folder = tmp_path / "kq2"
    code, _, err = run_cli(capsys, "plan", DEMO, "--out", str(folder))
    assert code == 0, err
    (tmp_path / "link").symlink_to(folder)
    code, _, err = run_cli(capsys, "plan", DEMO, "--out", str(folder), "--xlsx",
                           str(tmp_path / "link" / "x.xlsx"), "--force")
    assert code == 0, err
    assert "x.xlsx" in (folder / "checksums.sha256").read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "verify", str(folder))
    assert code == 0, out + err


def test_a_hidden_annex_name_in_the_folder_is_refused(tmp_path, capsys):
    """(review) sealed by staffsim, a hidden name was then disowned by --force."""
    folder = tmp_path / "kq"
    code, _, err = run_cli(capsys, "plan", "--lang", "en", DEMO, "--out", str(folder),
                           "--xlsx", str(folder / ".an.xlsx"))
    assert_one_line_error(code, err, "--xlsx", "is hidden")
    assert not folder.exists()
