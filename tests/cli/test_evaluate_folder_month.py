"""evaluate of a table from a staffsim plan folder (plan.csv of ``plan --month N``) checks it
on the month the folder was planned for, as its manifest.json records, and says so; with
another --month it warns. An HR trial evaluated plan.csv of a --month 18 plan without
--month and got six findings (its budget, recipient caps) that its own month does not
have."""

import shutil

import pytest

from ..conftest import SCENARIOS
from ..helpers import run_cli

DEMO = str(SCENARIOS / "demo.toml")


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    out = tmp_path_factory.mktemp("p") / "plan"
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "staffsim.cli", "plan", DEMO, "--month", "3",
                        "--no-marginals", "--out", str(out)], capture_output=True, text=True,
                       env={**__import__("os").environ, "STAFFSIM_NO_CACHE": "1"},
                       timeout=300)
    assert r.returncode == 0, r.stderr
    return out


def test_a_plan_folders_table_is_checked_on_its_month(planned, capsys):
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(planned / "plan.csv"),
                             "--lang", "en")
    assert code == 0, out + err
    assert out.splitlines()[0].startswith(
        "the list is from a plan folder planned for ") and "(--month 3, its manifest.json)" \
        in out.splitlines()[0]
    assert "0 rule violations in" in out
    # the same with --month 3 typed: nothing to say
    code, out, _ = run_cli(capsys, "evaluate", DEMO, "--plan", str(planned / "plan.csv"),
                           "--month", "3", "--lang", "en")
    assert code == 0 and "plan folder" not in out
    # another month asked: evaluated there, with a warning naming the command for month 3
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(planned / "plan.csv"),
                             "--month", "0", "--lang", "en")
    first = out.splitlines()[0]
    assert first.startswith("warning: the list is from a plan folder planned for ")
    assert "evaluated on --month 0 as asked" in first and first.endswith("--month 3")


def test_a_copy_outside_its_folder_is_checked_as_any_list(planned, tmp_path, capsys):
    copy = tmp_path / "plan.csv"
    shutil.copy(planned / "plan.csv", copy)
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(copy), "--lang", "en")
    assert "plan folder" not in out + err


def test_an_official_id_typed_in_another_case_is_the_rosters(tmp_path, capsys):
    """'38-sxd-096' is Thanh Hóa's pool official 38-SXD-096 (an HR trial was told it was no
    official of the list, with no hint)."""
    plan = tmp_path / "lower.csv"
    plan.write_text("official_id,to_commune\n38-sxd-096,Bá Thước\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "thanh_hoa.toml"), "--plan",
                             str(plan), "--lang", "en")
    assert code == 0 and "0 rule violations in 1 move" in out, out + err


@pytest.mark.parametrize("manifest", ["[1, 2]", '{"written_by": "staffsim", "month": "3"}',
                                      '{"written_by": "staffsim", "month": -1}', "{", "null",
                                      '{"written_by": "staffsim", "month": 100000}'])
def test_a_manifest_that_says_no_month_is_read_as_none(planned, tmp_path, capsys, manifest):
    folder = tmp_path / "copy"
    shutil.copytree(planned, folder)
    (folder / "manifest.json").write_text(manifest, encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", DEMO, "--plan", str(folder / "plan.csv"),
                             "--lang", "en")
    assert "Traceback" not in err and "internal error" not in err and "plan folder" not in out


def test_a_units_id_typed_in_another_case_is_the_tables(tmp_path, capsys):
    """from_commune '38-stp' is the pool unit 38-STP (a review: it was 'no commune called
    38-stp' beside a lower-case official id that was accepted)."""
    plan = tmp_path / "lower_unit.csv"
    plan.write_text("official_id,from_commune,to_commune\n38-stp-035,38-stp,Bá Thước\n",
                    encoding="utf-8")
    code, out, err = run_cli(capsys, "evaluate", str(SCENARIOS / "thanh_hoa.toml"), "--plan",
                             str(plan), "--lang", "en")
    assert code == 0 and "0 rule violations in 1 move" in out, out + err
