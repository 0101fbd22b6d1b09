"""The dashboard's explanation panel listed candidates by id only, where ``staffsim explain``
named them: the names were added by the command line after explain_commune, so the panel,
which calls explain_commune too, had none. explain_commune names them now, for both."""

import json

from staffsim.dashboard import planning
from staffsim.dashboard.planning import Inputs
from staffsim.dashboard.words import Words, candidate
from staffsim.scenarios.names import find_commune

from ..conftest import SCENARIOS
from ..helpers import named_roster, run_cli


def test_the_panel_names_candidates_as_the_command_line_does(tmp_path, capsys):
    demo = str(SCENARIOS / "demo.toml")
    table, names = named_roster(tmp_path, capsys, demo)
    code, out, err = run_cli(capsys, "explain", demo, "--commune", "Mường Lát", "--set",
                             f"province.roster_csv={table}", "--json")
    assert code == 0, err
    cli = [c for d in json.loads(out)["specialties"] for c in d["nearest"]]
    inputs = Inputs.load(demo, {"province.roster_csv": table})
    r = find_commune(inputs.scenario.communes, "Mường Lát")
    data = planning.explain(inputs, inputs.levers, r)
    listed = [c for d in data["specialties"] for c in d["nearest"]]
    # the roster table's names (the input data), the same officials as the command line's
    assert listed and [c["official_id"] for c in listed] == [c["official_id"] for c in cli]
    assert all(c["full_name"] == names[c["official_id"]] for c in listed)
    # and the panel's line says the name before the id, in both languages
    for lang in ("vi", "en"):
        line = candidate(Words(lang), listed[0])
        assert line.startswith(f"{names[listed[0]['official_id']]} ({listed[0]['official_id']})")
