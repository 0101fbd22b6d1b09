"""--force says which folder it replaced: `staffsim whatif FILE --set ... --out DIR --force`
over the plan folder `staffsim plan FILE --out DIR` had written said only 'wrote DIR' — the
plan, its plan.csv and report, gone unsaid. The line that reports writing now names the
command whose folder was there; nothing else about --force changes (a folder staffsim did not
write is still refused, and kept)."""

from __future__ import annotations

import pytest

from ..conftest import SCENARIOS, write_scenario
from ..helpers import assert_one_line_error, run_cli

DEMO = str(SCENARIOS / "demo.toml")
WHATIF = ["whatif", DEMO, "--set", "optimizer.budget_vnd=1000000000"]
PLAN = ["plan", DEMO, "--no-marginals"]

# the line as a planner reads it, written here (not read from the catalogue)
REPLACED = {"vi": "đã ghi {path}; đã thay thế thư mục kết quả của lệnh staffsim {command} có "
                  "trước tại đó",
            "en": "wrote {path}; it replaced the staffsim {command} folder that was there"}
UNKNOWN = {"vi": "đã ghi {path}; đã thay thế thư mục kết quả của staffsim có trước tại đó",
           "en": "wrote {path}; it replaced the staffsim result folder that was there"}
WROTE = {"vi": "đã ghi {path}", "en": "wrote {path}"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_whatif_over_a_plan_folder_says_it_replaced_the_plan(tmp_path, capsys, monkeypatch,
                                                              lang):
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    out = tmp_path / "kq"
    code, stdout, err = run_cli(capsys, *PLAN, "--out", str(out), "--lang", lang)
    assert code == 0, err
    assert (out / "plan.csv").is_file() and (out / "plan_summary.json").is_file()
    # no folder there: the plain line, nothing said of a replacement
    assert WROTE[lang].format(path=out) in stdout.splitlines()
    assert "staffsim plan folder" not in stdout + err and "thay thế" not in stdout + err

    code, stdout, err = run_cli(capsys, *WHATIF, "--out", str(out), "--force", "--lang", lang)
    assert code == 0, err
    assert REPLACED[lang].format(path=out, command="plan") in err.splitlines(), err
    assert (out / "whatif.json").is_file() and not (out / "plan.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kq")]  # nothing left


def test_each_command_says_the_kind_it_replaced(tmp_path, capsys, monkeypatch):
    """run over a whatif folder, plan over a run folder, whatif over its own kind, compare
    over a whatif folder: each line names the command whose folder was there (the folder's
    files tell: a run's summary.json, a plan's plan_summary.json, a whatif's whatif.json)."""
    monkeypatch.setenv("STAFFSIM_LANG", "en")
    out = tmp_path / "kq"
    code, _, err = run_cli(capsys, *WHATIF, "--out", str(out))
    assert code == 0 and WROTE["en"].format(path=out) in err.splitlines(), err
    code, stdout, err = run_cli(capsys, "run", DEMO, "--months", "1", "--out", str(out),
                                "--force")
    assert code == 0, err
    assert REPLACED["en"].format(path=out, command="whatif") in stdout.splitlines(), stdout
    assert (out / "summary.json").is_file() and not (out / "whatif.json").exists()
    code, stdout, err = run_cli(capsys, *PLAN, "--out", str(out), "--force")
    assert code == 0, err
    assert REPLACED["en"].format(path=out, command="run") in stdout.splitlines(), stdout
    code, _, err = run_cli(capsys, *WHATIF, "--out", str(out), "--force")
    assert code == 0 and REPLACED["en"].format(path=out, command="plan") in err.splitlines()
    code, _, err = run_cli(capsys, *WHATIF, "--out", str(out), "--force")
    assert code == 0 and REPLACED["en"].format(path=out, command="whatif") in err.splitlines()
    code, stdout, err = run_cli(capsys, "compare", DEMO, "--months", "1", "--replications",
                                "1", "--policies", "none", "--out", str(out), "--force")
    assert code == 0, err
    [line] = [ln for ln in stdout.splitlines() if ln.startswith(f"wrote {out} ")]
    assert line.endswith("s); it replaced the staffsim whatif folder that was there"), line
    code, stdout, err = run_cli(capsys, "frontier", DEMO, "--lever", "optimizer.budget_vnd",
                                "--range", "0:1e9:2", "--workers", "1", "--out", str(out),
                                "--force")
    assert code == 0, err
    assert REPLACED["en"].format(path=out, command="compare") in stdout.splitlines(), stdout


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_folder_whose_kind_its_files_do_not_tell(tmp_path, capsys, monkeypatch, lang):
    """A staffsim folder whose telling file was deleted (a deleted file does not stop --force)
    is replaced as 'the staffsim result folder', never named as a kind it is not."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    out = tmp_path / "kq"
    code, _, err = run_cli(capsys, *WHATIF, "--out", str(out))
    assert code == 0, err
    (out / "whatif.json").unlink()
    code, stdout, err = run_cli(capsys, *PLAN, "--out", str(out), "--force", "--lang", lang)
    assert code == 0, err
    assert UNKNOWN[lang].format(path=out) in stdout.splitlines(), stdout


def test_force_still_never_replaces_a_folder_staffsim_did_not_write(tmp_path, capsys,
                                                                   monkeypatch):
    """The rule stays: a folder without staffsim's marker is refused, one line, exit 2, and
    kept as it was; no line says anything was replaced."""
    monkeypatch.setenv("STAFFSIM_LANG", "en")
    out = tmp_path / "mine"
    out.mkdir()
    manifest = '{"command": "staffsim plan x.toml"}'  # (no "written_by": "staffsim")
    (out / "manifest.json").write_text(manifest, encoding="utf-8")
    (out / "plan_summary.json").write_text("{}", encoding="utf-8")
    code, stdout, err = run_cli(capsys, *WHATIF, "--out", str(out), "--force")
    assert_one_line_error(code, err, str(out), "was not written by staffsim")
    assert "replaced" not in stdout + err
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "plan_summary.json"]
    assert (out / "manifest.json").read_text(encoding="utf-8") == manifest


SWEEP = """
[simulation]
seed = 11
[sweep]
design = "latin"
samples = 3
replications = 1
months = 2
[sweep.levers."optimizer.budget_vnd"]
range = [0, 8e9]
"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_sweep_and_analyze_say_what_they_replaced(tmp_path, capsys, monkeypatch, lang):
    """sweep --force over a plan folder, analyze --force over the sweep's earlier analysis:
    each says the folder it replaced (the sweep's line is said at its end, the old folder
    having gone at its start)."""
    monkeypatch.delenv("STAFFSIM_LANG", raising=False)
    communes = (SCENARIOS / "data" / "demo_communes.csv").read_text(encoding="utf-8")
    path = write_scenario(tmp_path, SWEEP, communes=communes)
    out = tmp_path / "kq"
    code, _, err = run_cli(capsys, *PLAN, "--out", str(out))
    assert code == 0, err
    code, stdout, err = run_cli(capsys, "sweep", str(path), "--out", str(out), "--force",
                                "--workers", "1", "--lang", lang)
    assert code == 0, err
    [line] = [ln for ln in stdout.splitlines() if ln.startswith(WROTE[lang].format(path=out))]
    tail = REPLACED[lang].format(path="", command="plan").removeprefix(WROTE[lang].format(
        path=""))  # '; it replaced the staffsim plan folder that was there'
    assert line.endswith(tail), line
    assert (out / "sweep.json").is_file() and not (out / "plan.csv").exists()
    code, _, err = run_cli(capsys, "analyze", str(out), "--lang", lang)
    assert code == 0 and WROTE[lang].format(path=out / "analysis") in err.splitlines(), err
    code, _, err = run_cli(capsys, "analyze", str(out), "--force", "--lang", lang)
    assert code == 0, err
    assert REPLACED[lang].format(path=out / "analysis", command="analyze") in err.splitlines()
