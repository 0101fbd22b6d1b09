"""Helpers shared by the tests of several layers."""

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from staffsim.cli import main
from staffsim.model.outcomes import SERIES_NAMES


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for f in fragments:
        assert f in lines[0], (f, lines[0])


def two_communes() -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Two communes (a lowland one, a high-mountain one; no mountain commune) over two months.
    Rows are months, columns communes."""
    s = {name: np.zeros((2, 2)) for name in SERIES_NAMES}
    s["required"][:] = [[10, 4], [10, 5]]
    s["in_post"][:] = [[8, 2], [9, 5]]
    s["unmet_fte"][:] = [[2.5, 2.0], [1.0, 0.5]]
    s["backlog"][:] = [[30, 10], [20, 40]]
    s["arrivals"][:] = [[50, 10], [30, 10]]
    s["on_time"][:] = [[45, 9], [30, 6]]
    s["essential_missing"][:] = [[0, 2], [1, 0]]
    s["hires"][:] = [[1, 0], [0, 2]]
    s["transfers_in"][:] = [[0, 1], [0, 1]]
    s["transferred_exits"][:] = [[0, 0], [0, 1]]
    s["allowance_cost_vnd"][:] = [[0, 3e6], [0, 3e6]]
    s["policy_cost_vnd"][:] = [[0, 3e6], [0, 3e6]]
    return s, np.array([0, 2])  # zone indices: lowland, high_mountain


def named_roster(tmp_path: Path, capsys, scenario: str,
                 name: Callable[[int], str] = lambda i: f"Người Thật {i:05d}",
                 written: Callable[[str], str] = lambda text: text
                 ) -> tuple[str, dict[str, str]]:
    """``scenario``'s starting roster (a one-month run's roster.csv) as a roster table with a
    name for each official (``name`` of its row number: 'Người Thật 00000' on), written into
    the table as ``written`` gives it: the table's path and official_id -> name (the input
    data a test expects names from)."""
    code, _, err = run_cli(capsys, "run", scenario, "--months", "1", "--out",
                           str(tmp_path / "run"))
    assert code == 0, err
    with open(tmp_path / "run" / "roster.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    names = {r["official_id"]: name(i) for i, r in enumerate(rows)}
    table = tmp_path / "roster.csv"
    with open(table, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, [*rows[0], "full_name"])
        w.writeheader()
        w.writerows({**r, "full_name": written(names[r["official_id"]])} for r in rows)
    return str(table), names
