"""A comparison's table for people, in the current language: the terminal lines and the
report's table."""

from __future__ import annotations

import re
import textwrap

from staffsim.i18n import _DECIMALS, N_, signed
from staffsim.model.outcomes import report_rows
from staffsim.results.summary import MIN_INTERVAL_REPLICATIONS, band_coverage, rough_intervals
from staffsim.results.words import Words, text_table, words


def arms_table(summary: dict, paired: bool = False) -> list[str]:
    """Terminal lines in the current language (``arms_rows``)."""
    return text_table(*arms_rows(summary, paired))


def arms_rows(summary: dict, paired: bool = False) -> tuple[list[str], list[list[str]]]:
    """The report's rows (metrics declared with ``report_areas``) in the current language,
    one column of means per arm; with ``paired``, also the mean and 90% band of each arm's
    paired difference to the reference arm. (header, rows)."""
    _ = words()
    arms = list(summary["arms"])
    head = ["", *(arm_label(_, summary, k) for k in arms)]
    ref = summary["reference_arm"]
    if paired:
        head += [_("change against {arm}: mean [90% band]", arm=arm_label(_, summary, ref))
                 for k in arms if k != ref]
    rows = []
    for m, a in report_rows(summary.get("zones")):
        cells = [summary["arms"][k]["metrics"][m.name]["areas"][a] for k in arms]
        title = _.title(m.label, m.unit, a, summary.get("provinces", 1))
        if not paired:
            rows.append([title, *(_.qty(c["mean"], m.unit) for c in cells)])
            continue
        # each mean is rounded as shown, and the change is the difference of the shown means
        # (the paired change's mean is the difference of the means, but rounded on its own
        # it read '1.392 | 1.360 | -33'); the interval's bounds take the shown change in
        shown = _Shown(_, m.unit, [cells[arms.index(ref)]["mean"]]
                       + [c["vs_reference"][q] for c in cells for q in ("mean", "p05", "p95")
                          if c is not cells[arms.index(ref)]])
        means = [shown.round(c["mean"]) for c in cells]
        row = [title, *(shown.text(x) for x in means)]
        for k, c, x in zip(arms, cells, means, strict=True):
            if k == ref:
                continue
            change = shown.round_change(x - means[arms.index(ref)])
            lo = min(shown.round(c["vs_reference"]["p05"]), change)
            hi = max(shown.round(c["vs_reference"]["p95"]), change)
            row.append(f"{shown.text(change, True)} [{shown.text(lo, True)}, "
                       f"{shown.text(hi, True)}]")
        rows.append(row)
    return head, rows


class _Shown:
    """A row's numbers as the table shows them: each rounded to what its cell prints (money
    at one scale for the row, that of the change when it has one: '3.812,3 triệu đồng', not
    '3,8 tỷ đồng' beside a change of '-7,4 triệu đồng'), so that a difference of shown
    numbers is a shown number."""

    def __init__(self, _: Words, unit: str, values: list[float]) -> None:
        self._, self.unit = _, unit
        if unit == "VND":
            changes = [v for v in values[1:] if v is not None and abs(v) >= 0.5]
            self.scale, self.decimals, self.word = _scale(_, changes or [
                v for v in values if v is not None] or [0.0])
        else:
            self.scale = 0.01 if unit == "share" else 1.0  # a share shown in percent
            self.decimals = 1 if unit == "share" else _DECIMALS.get(unit, 0)

    def round(self, x: float) -> float:
        return round(x / self.scale, self.decimals) * self.scale

    def round_change(self, x: float) -> float:
        return self.round(x) + 0.0  # (never -0)

    def text(self, x: float, sign: bool = False) -> str:
        _ = self._
        if self.unit == "VND":
            return _unsigned_zero(_money(_, x, self.scale, self.decimals, self.word, sign))
        return _unsigned_zero(_.qty(x, self.unit, self.decimals, sign=sign))


def arm_label(_: Words, summary: dict, key: str) -> str:
    """An arm as people name it: its label in the language (the key if it has none), the
    parameters it states said with their values ('re-optimised every 12 months')."""
    e = summary["arms"][key]
    if e.get("label_msgid"):
        return _(e["label_msgid"], **e.get("label_values", {}))
    return _(e.get("label") or key)


# --- compare's table: each arm's mean with its 90% band, and its paired change ----------

def _scale(_: Words, values: list[float]) -> tuple[float, int, str]:
    """Money of one cell in one unit (the largest value's: tỷ / triệu đồng, VND bn / m) and
    its decimals, as ``i18n.money`` chooses them; (scale, decimals, unit words)."""
    top = max(abs(v) for v in values)
    for scale, vi, en in ((1e9, "tỷ đồng", "bn"), (1e6, "triệu đồng", "m")):
        if top >= scale:
            return scale, 1 if top < 100 * scale else 0, vi if _.lang == "vi" else en
    return 1.0, 0, "đồng" if _.lang == "vi" else ""


def _money(_: Words, x: float, scale: float, decimals: int, unit: str, sign: bool) -> str:
    text = _.num(x / scale, decimals)
    if sign:
        text = signed(text, x)
    if _.lang == "vi":
        return f"{text} {unit}"
    minus = text[0] if text[0] in "+-" else ""
    return f"{minus}VND {text.removeprefix(minus)}" + (f" {unit}" if unit else "")


def money_scale(_: Words, bands: list[dict]) -> tuple[float, int, str]:
    """One unit and one number of decimals for an amount of money wherever it is said
    (``_scale`` of every mean and bound of ``bands``): a row's arms, and the answer's text
    that quotes them. Each cell on its own read 'VND 99 bn (97–103)' beside 'VND 95.0 bn',
    and the answer 'VND 99.4 bn' (a researcher's trial)."""
    values = [b[k] for b in bands for k in ("mean", "p05", "p95") if b.get(k) is not None]
    return _scale(_, values or [0.0])


def money_text(_: Words, x: float, scale: tuple[float, int, str]) -> str:
    """``x`` VND as ``money_scale`` says it: 'VND 95.4 bn', '95,4 tỷ đồng'."""
    return _unsigned_zero(_money(_, x, *scale, False))


def interval(_: Words, band: dict, unit: str, sign: bool = False,
             scale: tuple[float, int, str] | None = None) -> str:
    """A mean and its 90% band: '865 (842–890)', '1,5 tỷ đồng (1,4–1,6)', a change
    '-188 (-190 – -186)' (``sign``); the mean alone where the interval rounds to it (one
    replication, or the same number in each); '–' for no value. ``scale``: money's unit and
    decimals (``money_scale``; else the cell's own)."""
    mean, lo, hi = band.get("mean"), band.get("p05"), band.get("p95")
    if mean is None:
        return "–"
    if unit == "VND":  # the bounds in the mean's unit, which is said once
        scale, d, word = scale or _scale(_, [v for v in (mean, lo, hi) if v is not None])

        def say(x: float) -> str:
            text = _.num(x / scale, d)
            return signed(text, x) if sign else text
        text, number = _money(_, mean, scale, d, word, sign), _unsigned_zero(say(mean))
    else:
        def say(x: float) -> str:
            return _.qty(x, unit, sign=sign)
        text = number = _unsigned_zero(say(mean))
    if lo is None or hi is None:
        return text
    low, high = (_unsigned_zero(say(x)) for x in (lo, hi))
    if low == high == number:
        return text
    dash = " – " if any(b[:1] in "+-" for b in (low, high)) else "–"
    return f"{text} ({low}{dash}{high})"


def _unsigned_zero(text: str) -> str:
    """'+0' and '+0.0%' are 0: a bound that rounds to zero carries no sign."""
    return text[1:] if re.fullmatch(r"[+-]0(?:[.,]0+)?%?", text) else text


def _heads(_: Words, summary: dict, one: bool, rough: bool = False
           ) -> list[tuple[str, str]]:
    """The columns of compare's table: (what, '(90% band)' or '' with one replication;
    '(rough 90% band)' with too few for one, ``rough``)."""
    each = "" if one else _("(rough 90% band)") if rough else _("(90% band)")
    heads = [(_("mean"), each)]
    if len(summary["arms"]) > 1:
        heads.append((_("change against {arm}", arm=arm_label(_, summary,
                                                               summary["reference_arm"])),
                      each))
    return heads


def compare_rows(summary: dict, replications: int | None = None
                 ) -> tuple[list[str], list[list[str]]]:
    """The comparison's key table in the current language: for each measure (metrics
    declared with ``report_areas``, the zones the province has) a row naming it, then a row
    per arm with its mean and 90% band over the replications and, beside the reference
    arm's, its paired change against the reference with that change's 90% band
    (comparison.csv's numbers). With one replication the header names no interval. An arm
    some of whose runs carried out an optimiser plan not proven optimal, or none, is marked
    (``solver_mark``). (header, rows)."""
    _ = words()
    arms = list(summary["arms"])
    ref = summary["reference_arm"]
    heads = _heads(_, summary, replications == 1, rough_intervals(replications or 0))
    rows = []
    for m, a in report_rows(summary.get("zones")):
        # (a total over several provinces is theirs, not "toàn tỉnh")
        rows.append([_.title(m.label, m.unit, a, summary.get("provinces", 1)),
                     *([""] * len(heads))])
        cells = [summary["arms"][k]["metrics"][m.name]["areas"][a] for k in arms]
        # money: one unit and one number of decimals for the row's means, and one for its
        # changes (``money_scale``)
        scale = money_scale(_, cells) if m.unit == "VND" else None
        change = (money_scale(_, [c["vs_reference"] for k, c in zip(arms, cells, strict=True)
                                  if k != ref]) if m.unit == "VND" else None)
        for k in arms:
            cell = summary["arms"][k]["metrics"][m.name]["areas"][a]
            # an arm some of whose runs carried out a plan not proven optimal, or none, is
            # marked: ``compare_solver_lines`` says what the mark means
            label, mark = arm_label(_, summary, k), solver_mark(summary, k)
            row = [f"{label} {mark}" if mark else label, interval(_, cell, m.unit,
                                                                  scale=scale)]
            if len(heads) > 1:
                row.append("" if k == ref else interval(_, cell["vs_reference"], m.unit,
                                                        sign=True, scale=change))
            rows.append(row)
    return ["", *(f"{top} {bottom}".strip() for top, bottom in heads)], rows


def compare_table(summary: dict, replications: int | None = None,
                  roster_table: bool = False) -> list[str]:
    """``compare_rows`` for a terminal: each measure on a line of its own and its arms
    indented under it in columns (the measure's words do not widen the columns), the header
    on two lines, and a line saying what the intervals are (``intervals_note``: the roster
    is the scenario's table, ``roster_table``, or generated from the root seed)."""
    _ = words()
    heads = _heads(_, summary, replications == 1, rough_intervals(replications or 0))
    _head, rows = compare_rows(summary, replications)
    arm_rows = [r for r in rows if any(r[1:])]
    width = max(len(r[0]) for r in arm_rows) + 4
    tops = [[t for t, _b in heads], [b for _t, b in heads]]
    tops = [t for t in tops if any(t)]
    widths = [max(len(r[j]) for r in [*tops, *(r[1:] for r in arm_rows)])
              for j in range(len(heads))]

    def line(first: str, cells: list[str]) -> str:
        return (f"{first:<{width}}" + "  ".join(f"{c:>{w}}" for c, w in
                                                zip(cells, widths, strict=True))).rstrip()
    out = [line("", t) for t in tops]
    out += [r[0] if not any(r[1:]) else line("  " + r[0], r[1:]) for r in rows]
    wide = max(len(x) for x in out)
    if replications != 1:
        out += textwrap.wrap(intervals_note(roster_table), wide)
    for line in [*rough_lines(replications or 0), *same_lines(summary),
                 *planned_on_lines(summary)]:
        out += textwrap.wrap(line, wide)
    return out


def rough_lines(replications: int, _: Words | None = None) -> list[str]:
    """A warning that the 90% bands of ``replications`` runs are too rough to read as
    such (``rough_intervals``: 2 to 9), with the share of the outcomes such a band holds on
    average and what to give; none with one replication (no interval) or enough."""
    if not rough_intervals(replications):
        return []
    _ = _ or words()
    return [_("warning: {text}", text=_(
        N_("the 90% bands are too rough to rely on: {n} replications are too few for a "
           "band from the 5th to the 95th percentile, which then holds on average only {share} "
           "of the outcomes, not 90%; rerun with --replications 20 (at least {min})"),
        n=_.num(replications), share=_.pct(band_coverage(replications)),
        min=_.num(MIN_INTERVAL_REPLICATIONS)))]


def months_note(scenario) -> dict[str, int] | None:
    """{'compare': months, 'simulation': months} when a comparison runs compare.months but
    nobody chose them (neither --months, --set nor the scenario file's compare section gave
    compare.months: its default) and the scenario's simulation.months, which ``run`` and a
    reader take for its horizon, differs (the demo's 24 against compare's 36); else None."""
    from staffsim.scenarios.errors import ScenarioError
    from staffsim.scenarios.loader import _dotted_parts, read_toml

    p = scenario.params
    if p.compare.months == p.simulation.months:
        return None

    def dotted(key: str) -> str:
        try:
            return ".".join(_dotted_parts(key))
        except ScenarioError:
            return key
    if any(dotted(k) == "compare.months" for k in scenario.overrides):
        return None
    try:
        own = read_toml(scenario.path).get("compare")
    except ScenarioError:
        own = None
    if isinstance(own, dict) and "months" in own:
        return None
    return {"compare": p.compare.months, "simulation": p.simulation.months}


def months_lines(note: dict | None, _: Words | None = None) -> list[str]:
    """A warning when the comparison's horizon is compare.months' default and differs from
    the scenario's simulation.months (``experiments.compare.months_note``): the demo's 24
    months were compared over 36, which only the banner's count said; none otherwise."""
    if not note:
        return []
    _ = _ or words()
    from staffsim.results.words import counted_months

    return [_("warning: {text}", text=_(
        N_("compare runs {compare} (compare.months, by default), while this scenario's "
           "simulation.months is {simulation} (the horizon of staffsim run); give --months "
           "{m} or set months in the scenario file's [compare] section to compare over it"),
        compare=counted_months(_, note["compare"]),
        simulation=counted_months(_, note["simulation"]), m=note["simulation"]))]


def same_lines(summary: dict, _: Words | None = None) -> list[str]:
    """A line for each group of arms whose runs gave the same results in every replication
    (``summarize_arms``' ``same_outcome``): their rows are equal and the figures draw their
    lines on each other, which nothing else says."""
    _ = _ or words()
    return [_(N_("{arms}: the same results in every replication (their rows are equal, and "
                 "their lines in the figures lie on each other)"),
              arms=" = ".join(arm_label(_, summary, k) for k in group))
            for group in summary.get("same_outcome", [])]


# the policies that plan moves with the optimiser or the greedy rule at the end of month 0
PLANNING_POLICIES = frozenset({"greedy_transfers", "optimised_transfers", "rolling_transfers",
                               "secondment"})


def planned_on_lines(summary: dict, _: Words | None = None) -> list[str]:
    """A line when an arm plans moves: on each replication's state at the end of month 0
    (after that month's retirements, departures and hires), not on the scenario's starting
    state that ``staffsim plan`` plans on; their moves differ by a few (an HR trial: 'optimised
    transfers once' moved 311-312 where plan moved 310, and nothing said why)."""
    _ = _ or words()
    arms = [k for k, e in summary["arms"].items()
            if PLANNING_POLICIES & set(e.get("policies") or [])]
    if not arms:
        return []
    lines = [_(N_("{arms}: planned at the end of month 0 on each replication's own state "
                  "(after that month's retirements, departures and hires), not on the "
                  "scenario's starting state that staffsim plan plans on, so their moves can "
                  "differ from the plan's by a few"),
               arms=", ".join(arm_label(_, summary, k) for k in arms))]
    if summary.get("months", 2) <= 1:  # (a researcher's trial: 187 transfers, no effect)
        lines.append(_(N_("warning: with a run of 1 month, the moves these arms plan at the end "
                          "of month 0 take effect after the horizon: they are counted, but "
                          "change nothing simulated; give --months 2 or more")))
    return lines


# Said under compare's table and in its report (report_contents): every replication starts
# from the same officials, so the interval is their spread on that one roster. A generated
# roster (from the root seed) is an assumption the interval leaves out (a researcher's trial:
# at seeds 20250701, 99 and 5 the intervals did not overlap): another --seed shows its part.
# A roster table (province.roster_csv) is data the seed does not change: another --seed only
# draws other replications, so the note must not send the user there (it did).
INTERVALS_GENERATED = N_(
    "90% band: from the 5th to the 95th percentile over the replications, which all start "
    "from the same roster of officials, the one generated from the root seed (an assumption, "
    "whose own uncertainty the interval leaves out: rerun with other --seed values to see "
    "it); the change is paired (the same seeds); a number alone: its interval rounds to it")
INTERVALS_TABLE = N_(
    "90% band: from the 5th to the 95th percentile over the replications, which all start "
    "from the same roster of officials, the roster table's (data, which the root seed does "
    "not change: another --seed draws other replications, not another roster); the change "
    "is paired (the same seeds); a number alone: its interval rounds to it")


def intervals_note(roster_table: bool) -> str:
    """What compare's 90% bands are, in the current language: the replications' spread
    on one roster, the scenario's roster table (``roster_table``) or the one generated from
    the root seed (whose part another --seed shows)."""
    return words()(INTERVALS_TABLE if roster_table else INTERVALS_GENERATED)


# --- the optimiser's plans a run carried out: what the solver said of them ------------------

MARK = "†"  # beside an arm whose runs carried out a plan not proven optimal, or none


def solver_mark(summary: dict, key: str) -> str:
    """``MARK`` for an arm some of whose runs carried out an optimiser plan not proven optimal
    or found none (``solver_plans`` of its entry in ``summarize_arms``); '' otherwise."""
    s = summary["arms"][key].get("solver_plans") or {}
    return MARK if s.get("runs_not_optimal") or s.get("runs_infeasible") else ""


def arms_solver_summary(summary: dict) -> dict:
    """The ``solver_plans`` of every arm of a comparison added up (``runs_summary``'s keys)."""
    out: dict = {}
    for e in summary["arms"].values():
        for k, v in (e.get("solver_plans") or {}).items():
            if k.startswith("time_limits_s"):
                out[k] = sorted({*out.get(k, []), *v})
            else:
                out[k] = out.get(k, 0) + v
    return out


def _seconds(_: Words, limits: list[float]) -> str:
    """'1', '0,5' (vi), '0,0001', '1 / 5' for time limits in seconds: the decimals a limit
    needs for three significant digits (a limit of 0.0001 s read '0')."""
    def decimals(x: float) -> int:
        if float(x).is_integer():
            return 0
        return len(f"{float(f'{x:.3g}'):f}".rstrip("0").split(".")[1])

    return " / ".join(_.num(x, decimals(x)) for x in limits)


def _runs(_: Words, k: int, n: int) -> str:
    return _(N_("{k} of 1 run carrying out the optimiser's plans") if n == 1 else
             N_("{k} of {n} runs carrying out the optimiser's plans"), k=_.num(k), n=_.num(n))


def solver_lines(s: dict, _: Words | None = None) -> list[str]:
    """One line (two when a plan was infeasible) in the current language (or ``_``'s) saying
    how many runs carried out an optimiser plan the solver did not prove optimal, or no plan,
    from a ``solver_plans.runs_summary`` (``s``); none when every plan was proven optimal."""
    _ = _ or words()
    out = []
    n = s.get("runs_planned", 0)
    if s.get("runs_not_optimal"):
        limits = s.get("time_limits_s_not_optimal") or s.get("time_limits_s") or []
        none = s.get("runs_no_plan", 0)
        out.append(_("warning: {text}", text=_(
            N_("in {runs}, the solver stopped at optimizer.time_limit_s = {s} s before proving "
               "the plan optimal{none}; their results depend on the machine's speed and load: "
               "raise optimizer.time_limit_s"),
            runs=_runs(_, s["runs_not_optimal"], n), s=_seconds(_, limits),
            none=_(N_(" (in {j} of them before finding any plan: those runs moved or "
                      "seconded nobody)"), j=_.num(none)) if none else "")))
    if s.get("runs_infeasible"):
        out.append(_("warning: {text}", text=_(
            N_("{runs} found no plan that meets the rules (the solver proved the problem "
               "infeasible): those runs moved or seconded nobody; staffsim plan says which "
               "rule stops it"), runs=_runs(_, s["runs_infeasible"], n))))
    if s.get("runs_unrecorded"):  # (their verdicts were not recorded: nothing is known)
        out.append(_("warning: {text}", text=_(
            N_("{k} of the {n} runs were made by an older staffsim, which recorded no "
               "solver verdict: whether their plans were proven optimal is not known"),
            k=_.num(s["runs_unrecorded"]), n=_.num(s.get("runs", 0)))))
    return out


def compare_solver_lines(summary: dict, _: Words | None = None) -> list[str]:
    """What the mark beside an arm (``solver_mark``) means, the runs of every arm counted
    (``solver_lines``, in the current language or ``_``'s); none when every plan was proven
    optimal."""
    return [f"{MARK} {line}" for line in solver_lines(arms_solver_summary(summary), _)]


def solver_assumption(s: dict) -> str | None:
    """The optimiser's plans the runs carried out and the time limit they had, for a report's
    assumptions, from a ``solver_plans.runs_summary`` (``s``); None without any."""
    if not s.get("plans"):
        return None
    _ = words()
    proven = s["plans"] - s.get("plans_not_optimal", 0) - s.get("plans_infeasible", 0)
    return _(N_("Plans of the solver that the runs carried out (as transfers or "
                "secondments): {n}, each solved within optimizer.time_limit_s = {s} s; {k} of "
                "them proven optimal."),
             n=_.num(s["plans"]), s=_seconds(_, s.get("time_limits_s") or []),
             k=_.num(proven))
