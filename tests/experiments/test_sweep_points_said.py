"""sweep's first line counts a design's points as analyze does: a Morris design of 6
trajectories over 3 factors has 24 points of which fewer are distinct (SALib's 4-level grid),
and sweep said '24 points' where analyze said '24 points, 19 of them distinct (...)'; analyze
said '1 replications per point'."""

from __future__ import annotations

import csv

from ..helpers import run_cli
from .test_analyze_trial import MORRIS
from .test_sweep import demo_sweep

WHY = "Morris trajectories meet at the same points of SALib's 4-level grid"
WHY_VI = "các quỹ đạo Morris đi qua cùng những điểm của lưới 4 mức của SALib"


def distinct_inputs(folder) -> tuple[int, int]:
    """(points, distinct points) of design.csv: rows, and rows with other inputs."""
    with open(folder / "design.csv", encoding="utf-8", newline="") as f:
        rows = [r[1:] for r in list(csv.reader(f))[1:]]
    return len(rows), len({tuple(r) for r in rows})


def header(err: str) -> str:
    """The first line that is no warning."""
    return next(ln for ln in err.splitlines() if "warning" not in ln and "cảnh báo" not in ln)


def test_sweep_and_analyze_count_the_distinct_points_alike(tmp_path, capsys):
    scenario = demo_sweep(tmp_path, MORRIS)
    out = tmp_path / "morris"
    code, _out, err = run_cli(capsys, "sweep", str(scenario), "--lang", "en", "--out", str(out),
                              "--workers", "1", "--set", "sweep.months=1")
    assert code == 0, err
    points, distinct = distinct_inputs(out)
    assert points == 24 and distinct < points  # 6 x (3 + 1); the case to say
    said = f"24 points, {distinct} of them distinct ({WHY}) × 1 replication = 24 runs of 1 month"
    assert f": Morris design, {said} (" in header(err), err
    code, text, _err = run_cli(capsys, "analyze", str(out), "--lang", "en")
    assert code == 0
    assert text.splitlines()[0] == (f"Morris design: 24 points, {distinct} of them distinct "
                                    f"({WHY}); 24 runs (1 replication per point)")
    # in Vietnamese: the same count, one noun for one and many
    vi = tmp_path / "morris-vi"
    code, _out, err = run_cli(capsys, "sweep", str(scenario), "--lang", "vi", "--out", str(vi),
                              "--workers", "1", "--set", "sweep.months=1")
    assert code == 0, err
    assert f": thiết kế Morris, 24 điểm, trong đó {distinct} điểm khác nhau ({WHY_VI}) × 1 " \
           "lần lặp = 24 lần chạy" in header(err), err
    code, text, _err = run_cli(capsys, "analyze", str(vi), "--lang", "vi")
    assert text.splitlines()[0] == (f"thiết kế Morris: 24 điểm, trong đó {distinct} điểm khác "
                                    f"nhau ({WHY_VI}); 24 lần chạy (1 lần lặp mỗi điểm)")


def test_a_design_of_distinct_points_says_its_points_alone(tmp_path, capsys):
    """A Latin sample of 3 points x 2 replications: nothing repeats, nothing more is said."""
    scenario = demo_sweep(tmp_path)
    code, _out, err = run_cli(capsys, "sweep", str(scenario), "--lang", "en", "--out",
                              str(tmp_path / "latin"), "--workers", "1", "--set",
                              "sweep.months=1")
    assert code == 0, err
    assert ": Latin hypercube design, 3 points × 2 replications = 6 runs of 1 month (" \
        in header(err), err
