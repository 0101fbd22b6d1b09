"""What the figures share: the non-interactive backend, colours, axis words, saving."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ZONE_COLORS = {"lowland": "#1b9e77", "mountain": "#d95f02", "high_mountain": "#7570b3",
               "province": "#444444"}
ARM_COLORS = plt.get_cmap("tab10").colors


def words(key: str) -> str:
    """An area or other key for people: 'high_mountain' -> 'high mountain'."""
    return key.replace("_", " ")


def finish(fig, out: Path, dpi: int = 110, tight: bool = True) -> None:
    """Lay out, save and close a figure."""
    if tight:
        fig.tight_layout()
    fig.savefig(out, dpi=dpi)
    plt.close(fig)


def floats(values: list[str]) -> np.ndarray:
    """A table column as floats, empty cells as NaN."""
    return np.array([float(v) if v else np.nan for v in values])
