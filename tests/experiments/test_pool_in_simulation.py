"""Officials of departments (province.pool_csv) in the simulation: they join the communes'
roster when moved and leave it when they go back at the term's end."""

import staffsim.experiments.transfer_policies  # noqa: F401  (registers optimised_transfers)
from staffsim.model.model import StaffModel
from staffsim.model.policies import make_policies
from staffsim.model.replications import replication_seeds
from staffsim.model.roster import EXIT_ATTRITION, EXIT_BACK_TO_POOL, initial_roster
from staffsim.scenarios.loader import load_scenario

from ..optimize.test_pool import SET, pool_scenario


def test_pool_officials_join_the_simulation_and_go_back_at_the_term_end(tmp_path):
    body = SET + "[transfers]\nterm_months = 6\nreturn_share = 1.0\n[simulation]\nmonths = 9\n"
    sc = load_scenario(pool_scenario(tmp_path, body=body))
    roster = initial_roster(sc)
    n0 = roster.n
    model = StaffModel(sc, roster, rng=replication_seeds(sc.params.simulation.seed, 1)[0],
                       policies=make_policies(["optimised_transfers"], sc.params))
    s = model.run()
    r = model.roster
    joined = [i for i in range(n0, r.n) if r.official_id[i].startswith("D1-")]
    assert len(joined) == 4
    assert s["transfers_in"][0].sum() > s["moves_out"][0].sum()  # they came from outside
    # the 6-month term counts from the support window's start, 1/8/2025 (month 1): months
    # 1-6, back to their department at the end of month 6
    assert all(r.exit_reason[i] == EXIT_BACK_TO_POOL and r.exit_month[i] == 6 for i in joined
               if r.exit_reason[i] != EXIT_ATTRITION)
