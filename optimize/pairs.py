"""An arc's identity across the problems of one province: the same donor and recipient pairs
give the same key in the baseline and in any variant, whatever the arcs' indices there."""

from __future__ import annotations

import numpy as np

from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.inputs import PlanInputs
from staffsim.scenarios.specialties import N_SPECIALTIES


def pair_keys(frm: np.ndarray, spec_from: np.ndarray, to: np.ndarray, spec_to: np.ndarray,
              n_units: int) -> np.ndarray:
    """One integer per (donor commune, specialty) -> (recipient commune, specialty): an arc's
    identity across the problems of one province (commune indices are the state's)."""
    frm, to = np.asarray(frm, np.int64), np.asarray(to, np.int64)
    return ((frm * N_SPECIALTIES + spec_from) * n_units + to) * N_SPECIALTIES + spec_to


def arc_pair_keys(inputs: PlanInputs) -> np.ndarray:
    return pair_keys(inputs.arc_from, inputs.arc_spec_from, inputs.arc_to,
                     inputs.arc_spec_to, inputs.state.n_communes)


def counts_on_arcs(inputs: PlanInputs, keys: np.ndarray) -> np.ndarray:
    """Per arc of ``inputs``, how many of ``keys`` (``pair_keys``, one per move: a plan's
    ``move_pair_keys``) it carries; a key no arc has (a rule of this problem forbids the
    pair) counts nowhere."""
    arcs = arc_pair_keys(inputs)
    uniq, n = np.unique(np.asarray(keys, np.int64), return_counts=True)
    if not len(uniq):
        return np.zeros(len(arcs), np.int64)
    at = np.minimum(np.searchsorted(uniq, arcs), len(uniq) - 1)
    return np.where(uniq[at] == arcs, n[at], 0).astype(np.int64)


def move_pair_keys(state: ProvinceState, moves: list[Move]) -> np.ndarray:
    """``pair_keys`` of the arcs ``moves`` use, in ``state``."""
    rows = np.array([m.row for m in moves], np.int64)
    return pair_keys(state.commune[rows], state.specialty[rows],
                     np.array([m.to for m in moves], np.int64),
                     np.array([m.spec_to for m in moves], np.int64), state.n_communes)
