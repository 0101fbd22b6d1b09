"""A date given with --set (a TOML date: optimizer.deadline=2025-12-31, as the README writes
it) reaches the result folder: run and plan stopped with 'internal error: TypeError: not
JSON serialisable: date' writing the manifest, while validate said ok."""

import json
import pickle

from staffsim.scenarios.errors import InputErrors, ScenarioError

from ..conftest import SCENARIOS
from ..helpers import run_cli


def test_a_date_given_on_the_command_line_is_written_as_a_date(capsys, tmp_path):
    for command in ("run", "plan"):
        out = tmp_path / command
        extra = ["--months", "1"] if command == "run" else []
        code, _, err = run_cli(capsys, command, str(SCENARIOS / "demo.toml"), *extra,
                               "--set", "optimizer.deadline=2025-12-31", "--set",
                               "output.figures=false", "--out", str(out))
        assert code == 0, err
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["overrides"]["optimizer.deadline"] == "2025-12-31"
    code, _, err = run_cli(capsys, "verify", str(tmp_path / "plan"))  # re-planned from it
    assert code == 0, err


def test_a_long_error_keeps_its_words_through_a_worker_process():
    """Sent back from a worker, an error was cut a second time: '(500 more characters)'
    became '(23 more characters)'."""
    e = ScenarioError("a.toml", "sweep.levers.x", "y" * 1500)
    back = pickle.loads(pickle.dumps(e))
    assert (back.file, back.where, back.message, str(back)) == (e.file, e.where, e.message,
                                                                str(e))
    assert back.message.endswith("(500 more characters)")  # 1,500 cut at 1,000
    many = InputErrors([e, ScenarioError("b.csv", "row 2", "z" * 900)])
    back = pickle.loads(pickle.dumps(many))
    assert [p.message for p in back.problems] == [p.message for p in many.problems]
    assert str(back) == str(many) and back.message == many.message


def test_a_date_given_on_the_command_line_reaches_whatifs_json(capsys):
    """whatif --json printed 'internal error: TypeError: date': the command line's JSON
    writer (cli.common.jsonable) knew no dates, the folders' writer did."""
    code, out, err = run_cli(capsys, "whatif", str(SCENARIOS / "demo.toml"), "--set",
                             "optimizer.budget_vnd=2e9", "--set",
                             "optimizer.deadline=2025-12-31", "--json")
    assert code == 0, err
    assert "2025-12-31" in json.dumps(json.loads(out))
