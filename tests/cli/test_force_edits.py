"""--force never replaces a result folder holding the user's edits; an interrupt after the
plan folder but before the annex says the annex was not written; an early Ctrl-C speaks the
language (planner's trial)."""

import json
import os
import sys

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


SWEEP = json.dumps(folder.MARKER)  # a sweep's spec (analysis/ is written in a sweep's folder)


def _sealed(path, files):
    """A result folder as staffsim leaves it: the marker, the files, the checksums."""
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps(folder.MARKER), encoding="utf-8")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    write_checksums(path)
    return path


def test_an_edited_file_is_refused_even_with_its_size_and_time_kept(tmp_path, english):
    out = _sealed(tmp_path / "r", {"plan.csv": "a,b\n1,2\n", "inputs/communes.csv": "x\n"})
    st = os.stat(out / "plan.csv")
    (out / "plan.csv").write_text("a,b\n1,3\n", encoding="utf-8")  # same size
    os.utime(out / "plan.csv", ns=(st.st_atime_ns, st.st_mtime_ns))  # same time
    with pytest.raises(ScenarioError) as e:
        folder.check_replaceable(out, force=True)
    assert "plan.csv changed since staffsim wrote the folder" in str(e.value)
    assert "choose another --out" in str(e.value)
    assert (out / "plan.csv").read_text(encoding="utf-8") == "a,b\n1,3\n"


def test_an_untouched_or_deleted_file_lets_force_replace(tmp_path):
    out = _sealed(tmp_path / "r", {"plan.csv": "a\n", "balance.csv": "b\n"})
    folder.check_replaceable(out, force=True)  # no error
    (out / "balance.csv").unlink()  # a deleted file holds nothing of the user's
    folder.check_replaceable(out, force=True)


def test_an_edit_made_after_the_claim_is_caught_before_the_rename(tmp_path, english):
    out = _sealed(tmp_path / "r", {"plan.csv": "a\n"})
    folder.check_replaceable(out, force=True)  # first check: found unchanged
    (out / "plan.csv").write_text("a\nmine\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="plan.csv changed"):
        folder.check_replaceable(out, force=True)


def test_an_edit_in_a_nested_sealed_folder_is_refused(tmp_path, english):
    out = _sealed(tmp_path / "sweep", {"points.csv": "p\n", "sweep.json": SWEEP})
    _sealed(out / "analysis", {"discovery.csv": "d\n"})
    (out / "analysis" / "discovery.csv").write_text("d\nnote\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="analysis/discovery.csv changed"):
        folder.check_replaceable(out, force=True)


def test_an_older_staffsims_folder_without_checksums_is_not_replaced(tmp_path, english):
    out = _sealed(tmp_path / "r", {"plan.csv": "a\n"})
    (out / "checksums.sha256").unlink()
    with pytest.raises(ScenarioError, match="has no checksums.sha256"):
        folder.check_replaceable(out, force=True)
    sweep = tmp_path / "s"  # a sweep in progress has none yet and stays replaceable
    sweep.mkdir()
    (sweep / "sweep.json").write_text(json.dumps(folder.MARKER), encoding="utf-8")
    folder.check_replaceable(sweep, force=True)


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "plan.csv changed since staffsim wrote the folder (your edits); --force does not "
           "replace it: to keep the edits, choose another --out"),
    ("vi", "plan.csv đã bị sửa sau khi staffsim ghi thư mục (là phần sửa của bạn); --force "
           "không thay thế thư mục này: để giữ phần đã sửa, hãy chọn --out khác"),
])
def test_plan_force_refuses_a_folder_with_an_edited_file(tmp_path, capsys, lang, words):
    out = tmp_path / "f1"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", lang)
    assert run_cli(capsys, *args)[0] == 0
    with open(out / "plan.csv", "ab") as f:
        f.write(b"my note\n")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    code, _, err = run_cli(capsys, *args, "--force")
    assert_one_line_error(code, err, str(out), words)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_plan_force_replaces_an_untouched_folder_and_refuses_an_older_one(tmp_path, capsys):
    out = tmp_path / "f1"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", "en")
    assert run_cli(capsys, *args)[0] == 0
    first = json.loads((out / "manifest.json").read_text())["created_utc"]
    (out / "timings.json").unlink(missing_ok=True)  # (a deleted file: nothing lost)
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 0, err
    assert (out / "checksums.sha256").is_file()
    assert json.loads((out / "manifest.json").read_text())["created_utc"] >= first
    (out / "checksums.sha256").unlink()  # as an older staffsim left it
    code, _, err = run_cli(capsys, *args, "--force")
    assert_one_line_error(code, err, "has no checksums.sha256", "choose another --out")
    assert (out / "plan.csv").is_file()


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "; the decision annex {annex} was not written"),
    ("vi", "; chưa ghi phụ lục quyết định {annex}"),
])
def test_ctrl_c_after_the_plan_folder_says_the_annex_was_not_written(
        tmp_path, capsys, monkeypatch, lang, words):
    from staffsim.results import annex as annex_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(annex_module, "save_annex_xlsx", interrupted)
    out, annex = tmp_path / "f2", tmp_path / "f2.xlsx"
    code, _, err = run_cli(capsys, "plan", str(SCENARIOS / "demo.toml"), "--out", str(out),
                           "--no-marginals", "--xlsx", str(annex), "--lang", lang)
    assert code == 130
    assert out.is_dir() and not annex.exists()
    assert err.strip().splitlines()[-1].endswith(words.format(annex=annex)), err


@pytest.mark.parametrize(("argv", "env", "line"), [
    (["plan", "any.toml"], None, "staffsim: đã dừng theo yêu cầu (Ctrl-C); chưa ghi gì"),
    (["plan", "any.toml", "--lang", "en"], None, "staffsim: interrupted; nothing was written"),
    (["plan", "--lang=en", "any.toml"], "vi", "staffsim: interrupted; nothing was written"),
    (["plan", "any.toml"], "en", "staffsim: interrupted; nothing was written"),
    (["plan", "any.toml"], "vi", "staffsim: đã dừng theo yêu cầu (Ctrl-C); chưa ghi gì"),
])
def test_ctrl_c_while_the_commands_load_speaks_the_language(monkeypatch, capsys, argv, env,
                                                            line):
    import builtins

    import staffsim.cli

    real = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "staffsim.cli.app":
            raise KeyboardInterrupt
        return real(name, *args, **kwargs)

    if env is None:
        monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    else:
        monkeypatch.setenv("STAFFSIM_LANG", env)
    monkeypatch.delitem(sys.modules, "staffsim.cli.app", raising=False)
    monkeypatch.setattr(builtins, "__import__", interrupted)
    assert staffsim.cli.main(argv) == 130
    assert capsys.readouterr().err.strip() == line


@pytest.mark.parametrize("when", ["after the rename", "before the rename",
                                  "before the rename, over an older annex"])
def test_ctrl_c_around_the_annex_rename_says_what_is_on_disk(tmp_path, capsys, monkeypatch,
                                                               when):
    """`plan --xlsx`: a Ctrl-C once the annex was complete and renamed into place, but before
    the command marked it written, said 'the decision annex ... was not written' beside the
    file it had just written. Now the line asks the disk whether the annex is the file just
    written: after the rename it says it was written; before it (the file complete beside
    it), not, even when an older annex of the same name is there (--force)."""
    from pathlib import Path

    from staffsim.results import annex as annex_module

    out, annex = tmp_path / "f3", tmp_path / "f3.xlsx"
    args = ["plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--xlsx", str(annex), "--lang", "en"]
    older = None
    if when.endswith("older annex"):
        assert run_cli(capsys, *args)[0] == 0
        older = annex.read_bytes()
        args.append("--force")
    if when == "after the rename":
        real = annex_module.save_annex_xlsx

        def interrupted(*a, **k):
            real(*a, **k)
            raise KeyboardInterrupt  # the file in place, before anything else

        monkeypatch.setattr(annex_module, "save_annex_xlsx", interrupted)
    else:
        import os

        real_replace = os.replace

        def replace(src, dst, *a, **k):
            if Path(dst) == annex:
                raise KeyboardInterrupt  # complete beside it, not yet renamed
            return real_replace(src, dst, *a, **k)

        monkeypatch.setattr(annex_module.os, "replace", replace)
    code, _, err = run_cli(capsys, *args)
    assert code == 130
    last = err.strip().splitlines()[-1]
    if when == "after the rename":
        from openpyxl import load_workbook

        assert load_workbook(annex).sheetnames == ["Phụ lục"]  # whole
        assert last.endswith(f"wrote {out}, {annex} before the interrupt"), err
    else:
        assert last.endswith(f"; the decision annex {annex} was not written"), err
        assert (annex.read_bytes() == older) if older else not annex.exists()
    assert not list(tmp_path.glob(".f3.xlsx.*.tmp"))  # nothing left beside it


def _flip_digest(path, name):
    """The checksum list with the first hex digit of ``name``'s line changed (a user's
    edit of the list, not of the file)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, ln in enumerate(lines) if ln.endswith(f"  {name}\n"))
    lines[i] = ("1" if lines[i][0] == "0" else "0") + lines[i][1:]
    path.write_text("".join(lines), encoding="utf-8")


def test_an_edited_checksum_list_is_named_not_the_files_it_lists(tmp_path, english):
    """The user edited checksums.sha256 (a digit of plan.csv's line, or the line removed):
    --force said 'plan.csv changed since staffsim wrote the folder (your edits)' or 'holds
    1 file(s) staffsim did not write there (e.g. plan.csv)', though plan.csv is as staffsim
    wrote it. The refusal now names the list, and nothing is changed."""
    out = _sealed(tmp_path / "r", {"plan.csv": "a,b\n1,2\n", "balance.csv": "b\n"})
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    _flip_digest(out / "checksums.sha256", "plan.csv")
    edited = (out / "checksums.sha256").read_bytes()
    with pytest.raises(ScenarioError) as e:
        folder.check_replaceable(out, force=True)
    assert "checksums.sha256 was edited since staffsim wrote it" in str(e.value)
    assert "plan.csv" not in str(e.value)
    (out / "checksums.sha256").write_bytes(files["checksums.sha256"])
    folder.check_replaceable(out, force=True)  # the list as staffsim wrote it: replaceable
    lines = files["checksums.sha256"].decode().splitlines(keepends=True)
    (out / "checksums.sha256").write_text(
        "".join(ln for ln in lines if not ln.endswith("  plan.csv\n")), encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        folder.check_replaceable(out, force=True)
    assert "checksums.sha256 was edited" in str(e.value) and "plan.csv" not in str(e.value)
    (out / "checksums.sha256").write_bytes(edited)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {**files,
                                                               "checksums.sha256": edited}


def test_plan_force_names_an_edited_checksum_list(tmp_path, capsys):
    """As the user meets it: a plan folder, a line of its checksums.sha256 edited, the same
    plan with --force: refused naming checksums.sha256 (not plan.csv), nothing changed. The
    advice is one that works: it said 'move the edited files out of the folder first', and
    a folder without its list is refused too ('has no checksums.sha256'); it now says to
    choose another --out or to move or remove the folder (what staffsim cannot prove it
    wrote it never deletes), and each lets the plan be written."""
    out = tmp_path / "f4"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--no-marginals", "--lang", "en")
    assert run_cli(capsys, *args, "--out", str(out))[0] == 0
    _flip_digest(out / "checksums.sha256", "plan.csv")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    code, _, err = run_cli(capsys, *args, "--out", str(out), "--force")
    assert_one_line_error(code, err, str(out), "checksums.sha256 was edited since staffsim "
                          "wrote it", "choose another --out, or move or remove the folder "
                          "yourself")
    assert "plan.csv" not in err and "move the edited files out" not in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    # the old advice: the list moved out of the folder, --force refuses still
    (out / "checksums.sha256").rename(tmp_path / "list.sha256")
    assert run_cli(capsys, *args, "--out", str(out), "--force")[0] == 2
    (tmp_path / "list.sha256").rename(out / "checksums.sha256")
    # the new: another --out, or the folder moved away (kept whole, the user's)
    assert run_cli(capsys, *args, "--out", str(tmp_path / "f5"))[0] == 0
    out.rename(tmp_path / "kept")
    assert run_cli(capsys, *args, "--out", str(out))[0] == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "kept").iterdir()
            if p.is_file()} == before


@pytest.mark.parametrize(("target", "field", "lang", "words"), [
    ("sweep", "--out", "en", "--out: analysis/checksums.sha256 was edited since staffsim wrote "
     "it, so staffsim cannot tell which files of the folder are as it wrote them; --force "
     "does not replace the folder: choose another --out, or move or remove the folder "
     "yourself"),
    ("sweep/analysis", "", "vi", "checksums.sha256 đã bị sửa sau khi staffsim ghi, nên "
     "staffsim không biết tệp nào trong thư mục còn đúng như staffsim đã ghi; --force không "
     "thay thế thư mục này: hãy tự chuyển đi hay xóa thư mục"),
])
def test_an_edited_nested_checksum_list_is_named_in_the_language(tmp_path, target, field,
                                                                  lang, words):
    """A sweep whose analysis/ list was edited, replaced by sweep --force (its --out) or its
    analysis/ by analyze --force (no folder to choose): the list named, and not the advice
    to move the edited files out."""
    from staffsim import i18n

    i18n.set_language(lang)
    out = _sealed(tmp_path / "sweep", {"points.csv": "p\n", "sweep.json": SWEEP})
    nested = _sealed(out / "analysis", {"discovery.csv": "d\n"})
    _flip_digest(nested / "checksums.sha256", "discovery.csv")
    with pytest.raises(ScenarioError) as e:
        folder.check_replaceable(tmp_path / target, force=True, field=field)
    assert str(e.value) == f"{tmp_path / target}: {words}"


def test_force_and_verify_find_the_same_edits(tmp_path, english):
    """One loop over the list serves both (verify.compare_listed): a file edited, one made a
    link, one deleted (no user content: not an edit for --force, 'missing' for verify)."""
    from staffsim.results.verify import check_files

    out = _sealed(tmp_path / "r", {"a.csv": "a\n", "b.csv": "b\n", "c.csv": "c\n",
                                   "d.csv": "d\n"})
    (out / "a.csv").write_text("a\nmine\n", encoding="utf-8")
    (out / "b.csv").unlink()
    (out / "b.csv").symlink_to(out / "d.csv")
    (out / "c.csv").unlink()
    assert sorted(folder.edited_files(out)) == ["a.csv", "b.csv"]
    n, problems = check_files(out)
    assert n == 5 and sorted(map(str, problems)) == [
        "a.csv: changed since the folder was written", "b.csv: not a regular file",
        "c.csv: missing (listed in checksums.sha256)"]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "staffsim: interrupted; nothing was written; {out} is as it was"),
    ("vi", "staffsim: đã dừng theo yêu cầu (Ctrl-C); chưa ghi gì; {out} vẫn giữ nguyên như "
           "trước"),
])
def test_ctrl_c_during_force_says_the_old_folder_is_as_it_was(tmp_path, capsys, monkeypatch,
                                                              lang, words):
    """plan --force on its own earlier folder, interrupted while the new one is written: the
    old folder is replaced only once the new one is whole, so it is untouched; the line said
    only 'nothing was written', leaving the officer to wonder about the old results."""
    from staffsim.results import plan_folder

    out = tmp_path / "f3"
    args = ("plan", str(SCENARIOS / "demo.toml"), "--out", str(out), "--no-marginals",
            "--lang", lang)
    assert run_cli(capsys, *args)[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(plan_folder, "write_balance", interrupted)
    code, _, err = run_cli(capsys, *args, "--force")
    assert code == 130
    assert err.strip().splitlines()[-1] == words.format(out=out), err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
