"""Over time: a small comparison of policies (``staffsim compare`` with a few replications) run
in the background with a progress bar, its bands drawn as interactive ECharts."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from nicegui import run, ui

from staffsim.dashboard import planning
from staffsim.dashboard.charts import band_chart
from staffsim.dashboard.words import LEVER_LABELS
from staffsim.i18n import N_, parse_number
from staffsim.model.cores import usable_cores
from staffsim.model.outcomes import metric as metric_named
from staffsim.model.outcomes import outcome as outcome_named
from staffsim.model.workers import PoolGroup, PoolsStopped, pool_group
from staffsim.results.compare_lines import arm_label, compare_solver_lines, solver_mark
from staffsim.results.summary import MIN_INTERVAL_REPLICATIONS, band_coverage, rough_intervals
from staffsim.results.words import counted
from staffsim.scenarios.errors import ScenarioError

if TYPE_CHECKING:
    from staffsim.dashboard.page import DashboardTab

DEFAULT_ARMS = ("none", "greedy", "optimised")
# the whole-number fields: form key -> (lowest, highest)
COUNTS = {"replications": (1, 50), "months": (1, 120)}
TABLE_METRICS = (("unmet_fte_months", "high_mountain"), ("unmet_fte_months", "mountain"),
                 ("backlog_end", "province"), ("moves", "province"),
                 ("transferred_resignations", "province"), ("cost_vnd", "province"))


class OverTime:
    def __init__(self, tab: DashboardTab) -> None:
        self.tab = tab
        arms = tab.inputs.scenario.params.compare.arms
        self.form = {"arms": [a for a in DEFAULT_ARMS if a in arms] or list(arms)[:2],
                     "replications": 5, "months": tab.inputs.scenario.params.compare.months}
        # the fields' text as typed (text fields, not the browser's number input, which drops
        # a decimal comma: '2,5' ran 25 replications); read by ``count``
        self.texts = {k: str(self.form[k]) for k in COUNTS}
        self.result: dict | None = None
        self.result_levers = None  # the levers its runs used
        self.done = 0
        self.total = 0
        self.running = False
        self.group: PoolGroup | None = None  # the running comparison's worker pools
        self._lock = threading.Lock()

    def build(self) -> None:
        _ = self.tab.words
        # (in plain words: 'common random numbers', 'replications' are a modeller's)
        ui.label(_("How the province develops under each policy, simulated month by month. "
                   "Every policy meets the same chance events (retirements, resignations, "
                   "recruitment), so the differences come from the policy. The line is the "
                   "average of the runs; the band holds 90% of them. The levers of the plan "
                   "shown apply (those it was made with).")).classes("text-sm")
        self.tab.pending_note()  # (the panel's values typed since, not applied here either)
        with ui.row().classes("w-full items-end gap-2"):
            # the arms as compare names them: 're-optimised every 12 months', not 'every K'
            ui.select(planning.arm_names(_, self.tab.inputs.scenario), multiple=True,
                      label=_("Policies")).bind_value(self.form, "arms") \
                .classes("min-w-[20rem]").props("dense use-chips")
            self.count_inputs = []
            for key, label in (("replications", _("Replications")), ("months", _("Months"))):
                field = ui.input(label, validation=lambda text, key=key:
                                 self.count_error(key, text)) \
                    .bind_value(self.texts, key).classes("w-28") \
                    .props(f'dense inputmode=numeric data-testid="compare-{key}"') \
                    .mark(f"compare-{key}")
                self.count_inputs.append(field)
            ui.button(_("Run comparison"), icon="play_arrow", on_click=self.start) \
                .props('color=primary data-testid="run-compare"').mark("run-compare")
        self.bar = ui.linear_progress(value=0, show_value=False).classes("w-full")
        self.bar.set_visibility(self.running)
        self.progress_label = ui.label("").classes("text-xs text-gray-600") \
            .props('data-testid="compare-progress"')
        self.timer = ui.timer(0.25, self.tick, active=self.running)
        self.results()

    def count(self, key: str, text: str | None) -> int | None:
        """A whole-number field's text as its number (either decimal mark, as the lever fields
        read theirs: '2,5' is 2.5, no whole number), or None if it is not one in range."""
        lo, hi = COUNTS[key]
        x = parse_number(text or "", self.tab.lang)
        return int(x) if x is not None and x.is_integer() and lo <= x <= hi else None

    def count_error(self, key: str, text: str | None) -> str | None:
        if self.count(key, text) is not None:
            return None
        _ = self.tab.words
        lo, hi = COUNTS[key]
        return _("a whole number from {lo} to {hi}", lo=_.num(lo), hi=_.num(hi))

    @ui.refreshable_method
    def results(self) -> None:
        _ = self.tab.words
        if self.result is None:
            return
        p = self.tab.inputs.scenario.params.province
        if self.result_levers is not None and self.result_levers != self.tab.applied_levers():
            tab = self.tab
            used = self.result_levers.overrides()
            ui.label(_("These runs used other levers than the plan shown: {levers}. Run the "
                       "comparison again for the plan's.", levers="; ".join(
                           f"{_(LEVER_LABELS.get(k, k))} {tab._lever_value(k, used[k])}"
                           for k in self.result_levers.changes(tab.applied_levers())))) \
                .classes("text-sm text-orange-900").props('data-testid="compare-other-levers"')
        summary = self.result["summary"]
        # the legend names the arms as the table below does (their parameters stated)
        names = {key: arm_label(_, summary, key) for key in summary["arms"]}
        # a total over several provinces is theirs, not "toàn tỉnh" ('all (2 provinces)')
        n = summary.get("provinces", 1)
        # as many charts a row as the plan's width takes (page.css: three from 1000 px, two
        # from 640, else one), each titled above it in the page's text, which wraps (at 1024
        # px, three a row, ECharts cut the titles at both ends and the arms' names at the end)
        with ui.row().classes("w-full gap-2"):
            for key, bands in self.result["bands"].items():
                chart = band_chart(_, key, bands, names, (p.start_year, p.start_month))
                name, _sep, area = key.partition("|")
                o = outcome_named(name)
                chart["title"]["text"] = _.title(o.label, o.unit, area, n)
                with ui.column().classes("staffsim-band gap-1"):
                    ui.label(chart["title"]["text"]).classes(
                        "w-full text-center text-sm font-medium").props(
                        'data-testid="band-title"')
                    ui.echart(chart).classes("w-full h-96").props('data-testid="band-chart"')
        rows = []
        for key, e in summary["arms"].items():
            # its parameters said ('every 12 months'); marked when some of its runs carried
            # out a plan the solver did not prove optimal, or none (said below the table)
            label, mark = arm_label(_, summary, key), solver_mark(summary, key)
            row = {"arm": f"{label} {mark}" if mark else label}
            for metric, area in TABLE_METRICS:
                b = e["metrics"][metric]["areas"][area]
                m = metric_named(metric)
                if b["mean"] is None:
                    row[f"{metric}|{area}"] = "–"
                    continue
                row[f"{metric}|{area}"] = (
                    f"{_.qty(b['mean'], m.unit, 1)} [{_.qty(b['p05'], m.unit, 1)}; "
                    f"{_.qty(b['p95'], m.unit, 1)}]")
            rows.append(row)
        # the declared labels, as compare's table and report name them
        heads = {f"{k}|{a}": _.title(metric_named(k).label, metric_named(k).unit, a, n)
                 for k, a in TABLE_METRICS}
        cols = [{"name": "arm", "label": _("Policy"), "field": "arm", "align": "left"}] + [
            {"name": k, "label": v, "field": k, "align": "right"} for k, v in heads.items()]
        ui.label(_("Mean and [90% band] over {reps} of {months}",
                   reps=counted(_, self.result["replications"], N_("{n} replication"),
                                N_("{n} replications")),
                   months=counted(_, self.result["months"], N_("{n} month"),
                                  N_("{n} months")))).classes("text-sm")
        # (its cells wrap: at 1024 px its last columns were beyond the plan, scrolled sideways)
        ui.table(rows=rows, columns=cols, row_key="arm").classes("w-full") \
            .props('dense flat wrap-cells data-testid="arms-table"')
        reps = self.result["replications"]
        if rough_intervals(reps):  # as compare warns (its words; the field, not its option)
            ui.label(_("warning: {text}", text=_(
                "the 90% bands are too rough to rely on: {n} replications are too few for a "
                "band from the 5th to the 95th percentile, which then holds on average only "
                "{share} of the outcomes, not 90%; run again with 20 replications (at least "
                "{min})", n=_.num(reps), share=_.pct(band_coverage(reps)),
                min=_.num(MIN_INTERVAL_REPLICATIONS)))).classes("text-sm text-orange-800") \
                .props('data-testid="compare-rough"').mark("compare-rough")
        # as compare says it: the runs whose optimiser plan stopped at the time limit, or
        # that found none, and what to do
        for line in compare_solver_lines(summary, _):
            ui.label(line).classes("text-sm text-orange-800") \
                .props('data-testid="compare-solver-warning"').mark("compare-solver-warning")

    def _compare(self, group: PoolGroup, *args) -> dict:
        """(In the worker thread) ``planning.compare_policies``, its pools in ``group``; once
        the group is stopped, ``PoolsStopped`` (a run in this thread ends after its current
        replication)."""
        def progress(n: int) -> None:
            if group.stopped:
                raise PoolsStopped("stopped")
            self._progress(n)

        with pool_group(group):
            return planning.compare_policies(*args, progress)

    def _progress(self, n: int) -> None:
        with self._lock:
            self.done += n

    async def start(self) -> None:
        tab = self.tab
        _ = tab.words
        if self.running:
            return
        arms = tuple(a for a in (self.form["arms"] or []))
        if not arms:
            ui.notify(_("Choose at least one policy"), type="warning")
            return
        counts = {k: self.count(k, self.texts[k]) for k in COUNTS}
        if None in counts.values():  # nothing is run on a field that is no whole number
            for field in self.count_inputs:
                field.validate()  # (marked red even if never typed in)
            ui.notify(_("Correct the fields marked in red first"), type="warning")
            return
        self.form.update(counts)
        reps, months = counts["replications"], counts["months"]
        try:
            levers = tab.applied_levers()  # the plan's, as every tab (not values typed since)
        except (ScenarioError, ValueError, TypeError) as e:
            ui.notify(str(e), type="negative")
            return
        self.done, self.total, self.running = 0, len(arms) * reps, True
        self.bar.set_value(0)
        self.bar.set_visibility(True)
        self.timer.activate()
        self.tick()
        workers = max(1, min(usable_cores(), 4, self.total))
        self.group = group = PoolGroup()
        try:
            self.result = await run.io_bound(
                self._compare, group, tab.inputs, levers, arms, reps, months, workers)
            self.result_levers = levers
        except PoolsStopped:  # the browser tab was closed (``stop``): nobody to show it to
            return
        except ScenarioError as e:
            ui.notify(str(e), type="negative")
        finally:
            self.group = None
            self.running = False
            self.timer.deactivate()
            self.bar.set_visibility(False)
        self.tick()
        self.results.refresh()

    def stop(self) -> None:
        """Stop a running comparison and kill its workers (the browser tab is gone: a
        reloaded or closed tab left both workers busy for minutes). In a thread of its own:
        the workers are waited for."""
        group = self.group
        if group is not None:
            threading.Thread(target=group.stop, name="staffsim-stop-compare",
                             daemon=True).start()

    def tick(self) -> None:
        _ = self.tab.words
        if self.total:
            self.bar.set_value(self.done / self.total)
            text = (_("{done} of {total} runs simulated", done=self.done, total=self.total)
                    if self.running else _("Done: {total} runs", total=self.total))
            self.progress_label.set_text(text)
