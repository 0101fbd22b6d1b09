"""A seconded official (biệt phái) holds the home unit's post, in its staff quota, and none of
the host's (docs/facts.md), so a commune recruits to its quota as if its secondees were not
there, and the home unit does not recruit for the post its secondee comes back to. Counted
where they worked, a batch of secondees stopped the host's recruitment for their term and left
its posts empty when it went back: Thanh Hóa's high-mountain communes hired 256 recruits in 36
months under the secondment arm against 479 with no action, and ended with more unmet need
than no action (a researcher's trial)."""

from __future__ import annotations

import numpy as np

from staffsim.model.model import StaffModel
from staffsim.model.policies import Policy
from staffsim.model.roster import Roster
from staffsim.model.state import Move, planning_state
from staffsim.model.transfers import apply_moves
from staffsim.scenarios.loader import load_scenario

from ..conftest import COMMUNES_HEADER, write_scenario

# a lowland ward and a high-mountain xã of 10,000 and 5,000 residents: both below the norm's
# top-up threshold (16,000), so each has the norm's 32 base positions (Công văn 09/CV-BCĐ)
COMMUNES = (COMMUNES_HEADER + "W1,Phường Một,phuong,lowland,10000,20,19.80,105.78,1\n"
            "X2,Xã Cao,xa,high_mountain,5000,300,20.40,104.70,1\n")
# every opened post filled, one month from opening to arrival, nobody leaves
BODY = ("[simulation]\nmonths = 6\nseed = 1\n"
        "[dynamics]\nattrition_annual = 0.0\nretirement = false\n"
        "recruitment_opening_rate = 0.0\nrecruitment_lag_months = 1\n"
        "[dynamics.fill_probability]\nlowland = 1.0\nmountain = 1.0\nhigh_mountain = 1.0\n")
WARD, XA = 0, 1
SECONDED = 4


class SecondFour(Policy):
    """At the end of month 0: four of the ward's officials seconded to the xã for 3 months
    (back at the end of month 3), and from then on every vacancy opened for recruitment."""

    def end_of_month(self, model: StaffModel, t: int) -> None:
        if t != 0:
            return
        state = planning_state(model, t)
        rows = np.flatnonzero(state.commune == WARD)[:SECONDED]
        apply_moves(model, state, [Move(int(i), XA, int(state.specialty[i])) for i in rows],
                    t, secondment_months=3)
        model.opening_rate = 1.0


def _roster(ward: int, xa: int) -> Roster:
    n = ward + xa
    specialty = np.arange(n) % 11
    return Roster.new([f"O{i:03d}" for i in range(n)],
                      np.array([WARD] * ward + [XA] * xa), specialty,
                      np.full(n, 1990 * 12), np.zeros(n, bool), specialty == 0)


def test_secondees_hold_their_home_posts_when_communes_recruit(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path, BODY, communes=COMMUNES))
    model = StaffModel(scenario, _roster(32, 20), rng=1, policies=[SecondFour()])
    assert list(model.quota) == [32, 32]
    s = model.run()
    # By hand. Month 1 (opening rate 1 from the end of month 0): the xã holds 20 of its 32
    # posts (the 4 secondees hold the ward's), so it opens 12, all filled, arriving at the
    # end of month 2; the ward holds its 32 (4 of them away) and opens none. In post at the
    # start of each month: the xã 20, then 24 with the secondees, 36 with the recruits, 32
    # once the secondees went back at the end of month 3; the ward 32, 28 while its 4 are
    # away, 32 again.
    assert list(s["in_post"][:, XA]) == [20, 24, 24, 36, 32, 32]
    assert list(s["in_post"][:, WARD]) == [32, 28, 28, 28, 32, 32]
    assert list(s["hires"][:, XA]) == [0, 0, 12, 0, 0, 0]
    assert list(s["hires"][:, WARD]) == [0] * 6
    assert list(s["transfers_in"][:, XA]) == [SECONDED, 0, 0, 0, 0, 0]
    assert list(s["returns_in"][:, WARD]) == [0, 0, 0, SECONDED, 0, 0]


def test_a_transfer_takes_the_post_where_it_goes(tmp_path):
    """A transfer (điều động) is not a secondment: the official takes a post of the xã, which
    then recruits for the rest only (20 + 4 transferred + 8 recruits = its 32 posts)."""

    class TransferFour(SecondFour):
        def end_of_month(self, model: StaffModel, t: int) -> None:
            if t != 0:
                return
            state = planning_state(model, t)
            rows = np.flatnonzero(state.commune == WARD)[:SECONDED]
            apply_moves(model, state, [Move(int(i), XA, int(state.specialty[i]))
                                       for i in rows], t)
            model.opening_rate = 1.0

    scenario = load_scenario(write_scenario(tmp_path, BODY + "[transfers]\nreturn_share = 0.0\n",
                                            communes=COMMUNES))
    s = StaffModel(scenario, _roster(32, 20), rng=1, policies=[TransferFour()]).run()
    assert list(s["hires"][:, XA]) == [0, 0, 8, 0, 0, 0]
    # the ward, 4 below its quota, recruits 4 in month 1 (arriving at the end of month 2)
    assert list(s["hires"][:, WARD]) == [0, 0, 4, 0, 0, 0]
    assert s["in_post"][-1, XA] == 32 and s["in_post"][-1, WARD] == 32
