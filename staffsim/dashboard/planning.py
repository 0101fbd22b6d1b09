"""What the dashboard computes, with no page in sight: the levers, the inputs a browser tab
works on, plans (cached by inputs + levers + edits), a commune's staffing, explanations,
policy comparisons and exports. Each is a call into the same functions the CLI uses
(``optimize.whatif.plan_report``, ``optimize.explain.explain_commune``,
``experiments.compare``, ``results.*``); nothing here plans, explains or simulates by itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from staffsim.experiments.states import single_state
from staffsim.i18n import N_
from staffsim.model.names import table_names
from staffsim.model.state import Move, ProvinceState
from staffsim.optimize.check import Violation, check_plan
from staffsim.optimize.edits import Edits, plan_with_edits
from staffsim.optimize.plan import after_staffing
from staffsim.optimize.planner import ProvincePlan, plan_rows
from staffsim.optimize.whatif import named_after, plan_report
from staffsim.results.moves import MoveRow, move_rows
from staffsim.results.whatif import SideBySide, side_by_side
from staffsim.results.words import Words
from staffsim.scenarios.loader import Scenario, load_scenario, override_params, rule_set_params
from staffsim.scenarios.params import ZONES, Params
from staffsim.scenarios.specialties import SPECIALTIES

# ---------------------------------------------------------------------------------------------
# Levers


@dataclass(frozen=True)
class Levers:
    """The province's choices the dashboard exposes (each one scenario parameter)."""

    budget_vnd: float
    max_distance_km: float
    zone_multiple: tuple[float, float, float]  # x base salary: lowland, mountain, high mountain
    donor_floor: float  # donors keep this share of their requirement per specialty
    max_donor_share: float  # largest share of a donor's officials moved
    donor_zones: tuple[str, ...]
    max_moves: int
    recipient_zones: tuple[str, ...]
    rules: str = "wisn"  # the named rule set (optimizer.rules): which donor rules apply

    @classmethod
    def of(cls, p: Params) -> Levers:
        c = p.optimizer.constraints
        return cls(
            budget_vnd=float(c.budget.vnd), max_distance_km=float(c.max_distance.km),
            zone_multiple=tuple(float(x) for x in p.optimizer.allowance.zone_multiple.as_list()),
            donor_floor=float(c.donor_floor.share), max_donor_share=float(c.max_donor_share.share),
            donor_zones=_zones(c.eligible_recipients.donor_zones), max_moves=int(c.max_moves.moves),
            recipient_zones=_zones(c.eligible_recipients.zones), rules=p.optimizer.rules)

    def overrides(self) -> dict[str, Any]:
        """The levers as dotted scenario keys (``--set`` style)."""
        out: dict[str, Any] = {
            "optimizer.rules": self.rules,
            "optimizer.constraints.budget.vnd": self.budget_vnd,
            "optimizer.constraints.max_distance.km": self.max_distance_km,
            "optimizer.constraints.donor_floor.share": self.donor_floor,
            "optimizer.constraints.max_donor_share.share": self.max_donor_share,
            "optimizer.constraints.eligible_recipients.donor_zones": list(self.donor_zones),
            "optimizer.constraints.max_moves.moves": self.max_moves,
            "optimizer.constraints.eligible_recipients.zones": list(self.recipient_zones),
        }
        for z, x in zip(ZONES, self.zone_multiple, strict=True):
            out[f"optimizer.allowance.zone_multiple.{z}"] = x
        return out

    def changes(self, base: Levers) -> dict[str, Any]:
        """The dotted keys whose value differs from ``base``."""
        mine, theirs = self.overrides(), base.overrides()
        return {k: v for k, v in mine.items() if v != theirs[k]}

    def apply(self, params: Params) -> Params:
        """``params`` (the scenario's under this rule set: ``Inputs.params_for``) with the
        other levers set."""
        return override_params(params, {k: v for k, v in self.overrides().items()
                                         if k != "optimizer.rules"}, "dashboard")


def _zones(names) -> tuple[str, ...]:
    return tuple(z for z in ZONES if z in set(names))


@dataclass(frozen=True)
class EditSet:
    """Manual edits, hashable (a cache key): officials pinned where they are, officials forced
    to a commune (id), communes closed as donors (ids)."""

    keep: tuple[str, ...] = ()
    moves: tuple[tuple[str, str], ...] = ()
    close: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.keep or self.moves or self.close)

    def edits(self) -> Edits:
        return Edits(list(self.moves), list(self.keep), list(self.close))

    def pin(self, official_id: str) -> EditSet:
        moves = tuple(m for m in self.moves if m[0] != official_id)
        keep = self.keep if official_id in self.keep else (*self.keep, official_id)
        return dataclasses.replace(self, keep=keep, moves=moves)

    def force(self, official_id: str, commune_id: str) -> EditSet:
        moves = (*(m for m in self.moves if m[0] != official_id), (official_id, commune_id))
        keep = tuple(k for k in self.keep if k != official_id)
        return dataclasses.replace(self, moves=moves, keep=keep)

    def close_donor(self, commune_id: str) -> EditSet:
        if commune_id in self.close:
            return self
        return dataclasses.replace(self, close=(*self.close, commune_id))

    def without(self, kind: str, value: str) -> EditSet:
        """Drop one edit: ``kind`` is keep, move (by official id) or close."""
        if kind == "keep":
            return dataclasses.replace(self, keep=tuple(k for k in self.keep if k != value))
        if kind == "move":
            return dataclasses.replace(self, moves=tuple(m for m in self.moves if m[0] != value))
        return dataclasses.replace(self, close=tuple(c for c in self.close if c != value))


# ---------------------------------------------------------------------------------------------
# Inputs: the scenario a tab works on (its file, or tables uploaded into the page)


@dataclass
class Inputs:
    scenario: Scenario
    key: str  # identifies the inputs: cache entries of other inputs are never mixed in
    uploaded: dict[str, str] = field(default_factory=dict)  # "communes"/"roster" -> file name
    names: dict[str, str] = field(default_factory=dict)  # official_id -> name from a roster
    files: dict[str, str] = field(default_factory=dict)  # "communes"/"roster" -> uploaded copy
    base: dict[str, Any] = field(default_factory=dict)  # the overrides before any upload
    _by_rules: dict[str, Params] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: str | Path, overrides: dict[str, Any] | None = None) -> Inputs:
        """The scenario file with ``--set`` overrides; one province (a clear error else)."""
        scenario = load_scenario(path, overrides)
        inputs = cls.of(scenario)
        single_state(scenario, 0)  # one province, else ScenarioError naming the fix
        return inputs

    @classmethod
    def of(cls, scenario: Scenario, uploaded: dict[str, str] | None = None,
           files: dict[str, str] | None = None, base: dict[str, Any] | None = None) -> Inputs:
        """``files``: the uploaded tables' copies (``uploads.read_upload``), which
        ``scenario.overrides`` names over ``base``, the overrides it was started with."""
        identity = {"path": str(scenario.path), "hashes": scenario.input_hashes,
                    "overrides": scenario.overrides, "uploaded": uploaded or {}}
        key = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str)
                             .encode()).hexdigest()[:16]
        # names of the communes' officials and of the departments' (a roster table with both)
        names = table_names(scenario.pool_roster, scenario.roster)
        return cls(scenario, key, dict(uploaded or {}), names, dict(files or {}),
                   dict(scenario.overrides if base is None else base))

    @property
    def levers(self) -> Levers:
        """The scenario's own lever settings (the baseline)."""
        return Levers.of(self.scenario.params)

    def params_for(self, rules: str) -> Params:
        """The scenario's parameters under the rule set ``rules`` (its own, or as
        ``--set optimizer.rules=...`` gives them: ``loader.rule_set_params``)."""
        if rules == self.scenario.params.optimizer.rules:
            return self.scenario.params
        if rules not in self._by_rules:
            self._by_rules[rules] = rule_set_params(self.scenario, rules)
        return self._by_rules[rules]


# ---------------------------------------------------------------------------------------------
# A small thread-safe LRU cache shared by every tab (results depend only on their key)


class Cache:
    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


PLANS = Cache(64)
EXPLANATIONS = Cache(256)
COMPARISONS = Cache(16)


# ---------------------------------------------------------------------------------------------
# Plans


@dataclass
class PlanView:
    """One plan and what the page shows of it."""

    levers: Levers
    edits: EditSet
    state: ProvinceState
    outcome: dict  # optimize.plan.plan_outcome + status, plan_found, violations ...
    moves: list[Move]
    rows: list[MoveRow]
    violations: list[Violation]
    required: np.ndarray  # communes x specialties, FTE
    before: np.ndarray  # communes x specialties, people
    after: np.ndarray  # communes x specialties, people
    after_fte: np.ndarray  # communes x specialties
    seconds: float  # time the plan took to compute

    @property
    def status(self) -> str:
        return self.outcome["status"]

    def unmet(self, when: str = "after") -> np.ndarray:
        """Per commune: unmet need in FTE before or after the plan."""
        staff = self.before if when == "before" else self.after_fte
        return np.maximum(self.required - staff, 0.0).sum(axis=1)

    def wisn_ratio(self, when: str = "after") -> np.ndarray:
        staff = (self.before if when == "before" else self.after_fte).sum(axis=1)
        return staff / np.maximum(self.required.sum(axis=1), 1e-9)

    def essential_gaps(self, r: int, when: str = "after") -> list[str]:
        """Essential specialties with nobody in post in commune ``r``."""
        people = self.before if when == "before" else self.after
        spec = self.state.params.workload.specialties.ordered()
        return [SPECIALTIES[s] for s in range(len(SPECIALTIES))
                if spec[s].essential and people[r, s] == 0]


def scenario_with(inputs: Inputs, levers: Levers) -> Scenario:
    return dataclasses.replace(inputs.scenario,
                               params=levers.apply(inputs.params_for(levers.rules)))


def make_plan(inputs: Inputs, levers: Levers, edits: EditSet = EditSet()) -> PlanView:
    """The optimal plan for these levers around these edits (what ``staffsim whatif`` plans)."""
    t0 = time.perf_counter()
    state = single_state(scenario_with(inputs, levers), 0)
    edited = plan_with_edits(state, edits.edits())
    if levers != inputs.levers or edits:
        # a variant (levers moved, manual edits) names the officials of the scenario's own
        # plan where it keeps its commune pairs, as whatif does (the baseline is in the cache
        # once the page has shown it)
        base = plan(inputs, inputs.levers)
        edited = named_after(base.state, base.moves, state, edits.edits(), edited)
    report = plan_report(state, edits.edits(), plan=edited)
    moves = report["moves"]
    fte, people = after_staffing(state, moves)
    return PlanView(
        levers=levers, edits=edits, state=state, outcome=report["outcome"], moves=moves,
        rows=move_rows(state, moves, inputs.names),
        violations=check_plan(state, plan_rows(state, moves)), required=state.required,
        before=state.in_post(), after=people, after_fte=fte,
        seconds=time.perf_counter() - t0)


def cached_plan(inputs: Inputs, levers: Levers, edits: EditSet = EditSet()) -> PlanView | None:
    return PLANS.get((inputs.key, levers, edits))


def plan(inputs: Inputs, levers: Levers, edits: EditSet = EditSet()) -> PlanView:
    """``make_plan``, cached by inputs + levers + edits: going back to a setting is instant."""
    key = (inputs.key, levers, edits)
    hit = PLANS.get(key)
    return hit if hit is not None else PLANS.put(key, make_plan(inputs, levers, edits))


def compare_rows(baseline: PlanView, variant: PlanView) -> list[SideBySide]:
    """The side-by-side table of ``staffsim whatif``."""
    return side_by_side(baseline.outcome, variant.outcome)


def changed_communes(baseline: PlanView, variant: PlanView, top: int = 8) -> list[dict]:
    """The communes whose unmet need after the plan changed most (as ``whatif`` lists them)."""
    from staffsim.optimize.whatif import changed_communes as changed

    base = {"unmet_by_commune": baseline.unmet()}
    var = {"unmet_by_commune": variant.unmet()}
    return changed(baseline.state, base, variant.state, var, top)


# ---------------------------------------------------------------------------------------------
# One commune


@dataclass
class CommuneDetail:
    index: int
    commune_id: str
    name: str
    kind: str
    zone: str
    population: float
    specialties: list[dict]  # specialty, required, before, after, after_fte
    moves_in: list[MoveRow]
    moves_out: list[MoveRow]
    gaps_before: list[str]
    gaps_after: list[str]


def commune_detail(view: PlanView, r: int) -> CommuneDetail:
    from staffsim.scenarios.params import ALL_KINDS

    c = view.state.communes
    cid = c.ids[r]
    return CommuneDetail(
        index=r, commune_id=cid, name=c.names[r], kind=ALL_KINDS[c.kind[r]], zone=ZONES[c.zone[r]],
        population=float(c.population[r]),
        specialties=[{"specialty": s, "required": float(view.required[r, k]),
                      "before": int(view.before[r, k]), "after": int(view.after[r, k]),
                      "after_fte": float(view.after_fte[r, k])}
                     for k, s in enumerate(SPECIALTIES)],
        moves_in=[m for m in view.rows if m.to_commune == cid],
        moves_out=[m for m in view.rows if m.from_commune == cid],
        gaps_before=view.essential_gaps(r, "before"), gaps_after=view.essential_gaps(r))


def explain(inputs: Inputs, levers: Levers, r: int) -> dict:
    """``staffsim explain`` for commune ``r`` under these levers (cached)."""
    from staffsim.optimize.explain import explain_commune

    key = (inputs.key, levers, r)
    hit = EXPLANATIONS.get(key)
    if hit is not None:
        return hit
    scenario = scenario_with(inputs, levers)
    state = single_state(scenario, 0)
    # the candidates named as the command line names them (explain_commune names them)
    return EXPLANATIONS.put(key, explain_commune(
        state, r, given=table_names(scenario.pool_roster, scenario.roster)))


# ---------------------------------------------------------------------------------------------
# Over time: a small comparison of policies

PANELS: tuple[tuple[str, str], ...] = (("unmet_fte", "high_mountain"), ("unmet_fte", "mountain"),
                                       ("backlog", "province"))


def compare_policies(inputs: Inputs, levers: Levers, arms: tuple[str, ...], replications: int,
                     months: int, workers: int = 1,
                     progress: Callable[[int], None] | None = None) -> dict:
    """``staffsim compare`` on the tab's inputs with its levers: the arms' summaries (mean and
    90% band, paired differences to the first arm) and, month by month, the bands of
    ``PANELS``. Cached by inputs + levers + arms + size."""
    from staffsim.experiments.compare import arm_specs, run_compare, summarize_arms
    from staffsim.results.summary import arm_bands

    key = (inputs.key, levers, arms, replications, months)
    hit = COMPARISONS.get(key)
    if hit is not None:
        if progress:
            progress(len(arms) * replications)
        return hit
    scenario = scenario_with(inputs, levers)
    # the arms chosen on the page (the scenario's default arms are not run)
    specs = arm_specs(scenario, list(arms), months, "compare.arms")
    runs = run_compare(specs, replications, scenario.params.simulation.seed, workers,
                       progress=progress)
    # the arms' names are the summary's (``arm_label``: their parameters stated, in the
    # language the page is read in)
    out = {"summary": summarize_arms(specs, runs), "months": months,
           "replications": replications,
           "bands": {f"{o}|{a}": arm_bands(runs, o, a) for o, a in PANELS}}
    return COMPARISONS.put(key, out)


def arm_names(_: Words, scenario: Scenario) -> dict[str, str]:
    """Each arm of the scenario as compare names it, in the language of ``_``:
    its parameters stated from the arm's own settings ('re-optimised every 12 months'), for
    choosing arms before any is run. An arm that cannot be set up is named by its label."""
    from staffsim.experiments.compare import arm_specs
    from staffsim.results.compare_lines import arm_label
    from staffsim.scenarios.errors import ScenarioError

    arms = scenario.params.compare.arms
    try:
        specs = arm_specs(scenario, list(arms), scenario.params.compare.months,
                          "compare.arms")
    except ScenarioError:  # (compare refuses it when run, saying why)
        return {k: _(a.label or k) for k, a in arms.items()}
    # each as compare's summary holds it (``summarize_arms``), for arm_label to say
    summary = {"arms": {s.key: {"label": s.name, **(
        {"label_msgid": s.stated[0], "label_values": s.stated[1]} if s.stated else {})}
        for s in specs}}
    return {k: arm_label(_, summary, k) for k in arms}


# ---------------------------------------------------------------------------------------------
# Exports


# whose a finding on the plan is, said before it wherever the dashboard shows or exports it
# (the annex said every finding came from 'moves the preparer designated', the optimiser's
# own too): keyed as ``optimize.whatif.attributed_violations`` keys them
FINDING_OWNERS = {
    "manual_violations": N_("from the preparer's manual edit: {finding}"),
    "plan_violations": N_("from the optimised plan, not from a manual edit: {finding}"),
}


def attributed_findings(view: PlanView) -> list[tuple[str, str, Violation]]:
    """The checker's findings on the plan (``view.violations``, rows numbered as its moves)
    and whose each is, as ``optimize.whatif.attributed_violations`` said in the plan's
    outcome: (the moved official's ID, or "" for a finding on the whole plan; the outcome's
    key, ``manual_violations`` or ``plan_violations``; the finding). The outcome words its
    findings without row numbers: the same check, so worded, pairs each with its own."""
    from collections import Counter

    unnamed = check_plan(view.state, plan_rows(view.state, view.moves), name_rows=False)
    theirs = Counter(view.outcome.get("plan_violations", []))
    out = []
    for v, same in zip(view.violations, unnamed, strict=True):
        key = "plan_violations" if theirs[str(same)] > 0 else "manual_violations"
        theirs[str(same)] -= key == "plan_violations"
        oid = view.rows[v.row - 1].official_id if 0 < v.row <= len(view.rows) else ""
        out.append((oid, key, v))
    return out


def owned_annex_findings(view: PlanView) -> list[tuple[str, str]]:
    """``results.annex.annex_findings`` (the annex's language, Vietnamese), each said to be
    the manual edit's or the optimised plan's (``FINDING_OWNERS``)."""
    from staffsim.results.annex import annex_findings

    _ = Words("vi")
    owners = [key for _oid, key, _v in attributed_findings(view)]
    return [(oid, _(FINDING_OWNERS[key], finding=text)) for (oid, text), key in
            zip(annex_findings(view.rows, view.violations), owners, strict=True)]


def annex_xlsx(view: PlanView, inputs: Inputs) -> bytes:
    from staffsim.results.annex import annex_context, write_annex_xlsx

    buf = io.BytesIO()
    # a rule the plan breaks is on the annex, each on its move's row where it has one, and
    # whose it is: no one signs it unseen; the province's name and the transfers' dates
    # (otherwise dotted lines to fill in)
    # a plan not proven optimal is said so on the annex, as the zip's annex and the
    # command's say it (the plan's quality needs only its status and whether it was found)
    plan = ProvincePlan("", view.state, view.status, view.moves, view.outcome,
                        solver={"status": view.status}, timings={},
                        found=bool(view.outcome.get("plan_found", True)))
    write_annex_xlsx(buf, view.rows, inputs.scenario.place,
                     context=annex_context([view.state], annex_invocation(view, inputs),
                                           plans=[plan]),
                     findings=owned_annex_findings(view))
    return buf.getvalue()


def annex_invocation(view: PlanView, inputs: Inputs):
    """The scenario file and ``--set`` settings that make ``staffsim plan`` plan as this tab
    did (the annex's re-plan advice gives the whole command; it gave 'staffsim plan --month
    17', which plans nothing): the dashboard's scenario file, the settings it was started
    with and the levers moved here. None when the plan rests on what a command cannot be
    given: uploaded tables, manual edits."""
    from staffsim.results.commands import Invocation
    from staffsim.scenarios.loader import toml_value

    if inputs.uploaded or view.edits:
        return None
    # against the levers the tab's rule set gives (a rule set is a preset of several
    # levers: compared with the starting set's, a lever moved back to that set's value was
    # left out, and the command planned with the new set's preset: review 98)
    rules = view.levers.rules
    moved = view.levers.changes(Levers.of(inputs.params_for(rules)))
    if rules != inputs.scenario.params.optimizer.rules:
        moved = {"optimizer.rules": rules, **moved}
    sets = {**(inputs.scenario.overrides or {}), **moved}
    return Invocation(inputs.scenario.path,
                      [f"{k}={toml_value(v)}" for k, v in sets.items()])


# the CSV's separator for Excel set to each language: Excel takes the list separator of the
# computer's regional settings, and a Vietnamese one (decimal comma) separates by ';' (a
# comma-separated file opened in one column: a trial); ',' for English
CSV_SEPARATORS = {"vi": ";", "en": ","}


def annex_csv(view: PlanView, separator: str = ",") -> bytes:
    """The annex's rows as a CSV for Excel (UTF-8 with BOM, as ``results.annex`` writes it),
    separated by ``separator``; with ';' its decimals take a comma ('12,5' km), as Excel set
    to Vietnamese reads them ('12.5' there is text, or a date)."""
    import csv

    from staffsim.results.annex import HEADERS, flat_rows
    from staffsim.results.tables import EXCEL_CSV
    from staffsim.scenarios.tables import escape_cell

    def cell(v: object) -> object:
        if isinstance(v, float) and separator == ";":
            return repr(v).replace(".", ",")
        return v

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=separator, lineterminator="\r\n")
    w.writerow(HEADERS)
    for row in flat_rows(view.rows):
        w.writerow([escape_cell(cell(v)) for v in row])
    return buf.getvalue().encode(EXCEL_CSV)


def province_plan(view: PlanView, inputs: Inputs) -> ProvincePlan:
    """The plan as ``staffsim plan`` reports it: without manual edits, the CLI's own planner
    (greedy baseline and marginal values included); with edits, the edited plan."""
    from staffsim.optimize.planner import plan_province

    if not view.edits:
        return plan_province("", view.state)
    edits = view.edits
    return ProvincePlan(
        "", view.state, view.status, view.moves, view.outcome,
        solver={"name": view.state.params.optimizer.solver, "status": view.status,
                "manual_edits": {"keep": list(edits.keep), "move": [list(m) for m in edits.moves],
                                 "close": list(edits.close)}},
        timings={"plan_s": view.seconds})


def folder_zip(view: PlanView, inputs: Inputs) -> bytes:
    """The whole plan result folder (as ``staffsim plan`` writes it, plus the annex) zipped."""
    from staffsim.results.plan_folder import write_plan

    scenario = scenario_with(inputs, view.levers)
    scenario = dataclasses.replace(scenario, overrides={
        **scenario.overrides, **view.levers.changes(inputs.levers)})
    with tempfile.TemporaryDirectory(prefix="staffsim-export-") as tmp:
        folder = Path(tmp) / "plan"
        write_plan(folder, scenario, [province_plan(view, inputs).finish()],
                   {"plan_s": view.seconds}, command="staffsim dashboard", annex=True,
                   findings=owned_annex_findings(view))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for f in sorted(folder.rglob("*")):
                if f.is_file():
                    z.write(f, Path("plan") / f.relative_to(folder))
        return buf.getvalue()
