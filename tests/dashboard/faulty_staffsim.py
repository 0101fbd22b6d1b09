"""``staffsim`` (any command: ``python faulty_staffsim.py dashboard FILE ...``) with an old fault
of the manual moves brought back: the optimiser's limits are not told of them
(``ProvinceState.hand_moves`` counts none), so the re-optimised plan can break a donor's share
by itself, beside moves made by hand that break nothing. The browser test of whose findings the
dashboard says they are (test_browser_findings.py) serves the dashboard and runs ``whatif`` with
it, as tests/optimize/test_manual_moves_count.py does in-process."""

import sys

import numpy as np

from staffsim.cli import main
from staffsim.model.state import ProvinceState


def _none(self) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(self.n_communes, np.int64), np.zeros(self.n_communes, np.int64)


ProvinceState.hand_moves = _none

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
