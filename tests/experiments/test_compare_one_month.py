"""compare over one month: the moves the planning arms make at the end of month 0 take
effect after the horizon; their transfers were counted while nothing simulated changed, and
nothing said so (a researcher's trial: 187 transfers, unmet need as with no action)."""

from ..conftest import SCENARIOS
from ..helpers import run_cli

WARNING = ("warning: with a run of 1 month, the moves these arms plan at the end of month 0 "
           "take effect after the horizon")


def test_one_month_says_the_moves_take_effect_after_it(tmp_path, capsys):
    for months, said in (("1", True), ("2", False)):
        code, out, err = run_cli(capsys, "compare", str(SCENARIOS / "demo.toml"), "--policies",
                                 "none,optimised", "--replications", "2", "--months", months,
                                 "--set", "output.figures=false", "--out",
                                 str(tmp_path / months), "--lang", "en")
        assert code == 0, err
        assert (WARNING in " ".join(out.split())) is said, out
        report = (tmp_path / months / "report.html").read_text("utf-8")
        assert (WARNING in " ".join(report.split())) is said
