"""Over time: a small comparison of policies (``staffsim compare`` with a few replications) run
in the background with a progress bar, its bands drawn as interactive ECharts."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

from nicegui import run, ui

from staffsim.dashboard import planning
from staffsim.dashboard.charts import band_chart
from staffsim.scenarios.errors import ScenarioError

if TYPE_CHECKING:
    from staffsim.dashboard.page import DashboardTab

DEFAULT_ARMS = ("none", "greedy", "optimised")
TABLE_METRICS = (("unmet_fte_months", "high_mountain"), ("unmet_fte_months", "mountain"),
                 ("backlog_end", "province"), ("moves", "province"),
                 ("transferred_resignations", "province"), ("cost_vnd", "province"))


class OverTime:
    def __init__(self, tab: DashboardTab) -> None:
        self.tab = tab
        arms = tab.inputs.scenario.params.compare.arms
        self.form = {"arms": [a for a in DEFAULT_ARMS if a in arms] or list(arms)[:2],
                     "replications": 5, "months": tab.inputs.scenario.params.compare.months}
        self.result: dict | None = None
        self.done = 0
        self.total = 0
        self.running = False
        self._lock = threading.Lock()

    def build(self) -> None:
        _ = self.tab.words
        arms = self.tab.inputs.scenario.params.compare.arms
        ui.label(_("How the province develops under each policy, simulated month by month "
                   "over common random numbers; lines are means, bands 90% intervals across "
                   "replications. The current levers apply.")).classes("text-sm")
        with ui.row().classes("w-full items-end gap-2"):
            ui.select({k: _(a.label or k) for k, a in arms.items()}, multiple=True,
                      label=_("Policies")).bind_value(self.form, "arms") \
                .classes("min-w-[20rem]").props("dense use-chips")
            ui.number(_("Replications"), min=1, max=50, step=1, format="%.0f") \
                .bind_value(self.form, "replications").classes("w-28").props("dense")
            ui.number(_("Months"), min=1, max=120, step=6, format="%.0f") \
                .bind_value(self.form, "months").classes("w-28").props("dense")
            ui.button(_("Run comparison"), icon="play_arrow", on_click=self.start) \
                .props('color=primary data-testid="run-compare"')
        self.bar = ui.linear_progress(value=0, show_value=False).classes("w-full")
        self.bar.set_visibility(self.running)
        self.progress_label = ui.label("").classes("text-xs text-gray-600") \
            .props('data-testid="compare-progress"')
        self.timer = ui.timer(0.25, self.tick, active=self.running)
        self.results()

    @ui.refreshable_method
    def results(self) -> None:
        _ = self.tab.words
        if self.result is None:
            return
        p = self.tab.inputs.scenario.params.province
        with ui.row().classes("w-full gap-2"):
            for key, bands in self.result["bands"].items():
                ui.echart(band_chart(_, key, bands, self.result["labels"],
                                     (p.start_year, p.start_month))) \
                    .classes("w-full lg:w-[32%] h-96").props('data-testid="band-chart"')
        summary = self.result["summary"]
        rows = []
        for e in summary["arms"].values():
            row = {"arm": _(e["label"])}
            for metric, area in TABLE_METRICS:
                b = e["metrics"][metric]["areas"][area]
                scale = 1e9 if metric == "cost_vnd" else 1
                if b["mean"] is None:
                    row[f"{metric}|{area}"] = "–"
                    continue
                row[f"{metric}|{area}"] = (
                    f"{_.num(b['mean'] / scale, 1)} [{_.num(b['p05'] / scale, 1)}; "
                    f"{_.num(b['p95'] / scale, 1)}]")
            rows.append(row)
        heads = {"unmet_fte_months|high_mountain": _("Unmet FTE-months, high mountain"),
                 "unmet_fte_months|mountain": _("Unmet FTE-months, mountain"),
                 "backlog_end|province": _("Backlog at the end (dossiers)"),
                 "moves|province": _("Transfers and secondments"),
                 "transferred_resignations|province": _("Resignations of transferred officials"),
                 "cost_vnd|province": _("Policy cost (VND bn)")}
        cols = [{"name": "arm", "label": _("Policy"), "field": "arm", "align": "left"}] + [
            {"name": k, "label": v, "field": k, "align": "right"} for k, v in heads.items()]
        ui.label(_("Mean and [90% interval] over {n} replications of {m} months",
                   n=self.result["replications"], m=self.result["months"])).classes("text-sm")
        ui.table(rows=rows, columns=cols, row_key="arm").classes("w-full").props("dense flat")

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
        try:
            levers = tab.current_levers()
            reps, months = int(self.form["replications"] or 1), int(self.form["months"] or 1)
        except (ScenarioError, ValueError, TypeError) as e:
            ui.notify(str(e), type="negative")
            return
        self.done, self.total, self.running = 0, len(arms) * reps, True
        self.bar.set_value(0)
        self.bar.set_visibility(True)
        self.timer.activate()
        self.tick()
        workers = max(1, min(os.cpu_count() or 1, 4, self.total))
        try:
            self.result = await run.io_bound(
                planning.compare_policies, tab.inputs, levers, arms, reps, months, workers,
                self._progress)
        except ScenarioError as e:
            ui.notify(str(e), type="negative")
        finally:
            self.running = False
            self.timer.deactivate()
            self.bar.set_visibility(False)
        self.tick()
        self.results.refresh()

    def tick(self) -> None:
        _ = self.tab.words
        if self.total:
            self.bar.set_value(self.done / self.total)
            text = (_("{done} of {total} runs simulated", done=self.done, total=self.total)
                    if self.running else _("Done: {total} runs", total=self.total))
            self.progress_label.set_text(text)
