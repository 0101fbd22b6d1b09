"""Import (a roster or communes table, checked by the validated readers, every problem listed
by row and column) and export (the decision annex as .xlsx, the list as CSV, the whole result
folder as a zip)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from nicegui import events, run, ui

from staffsim.dashboard import planning
from staffsim.dashboard.moves import named, pagination_label
from staffsim.dashboard.uploads import UploadResult, read_upload, too_large
from staffsim.dashboard.words import ROW, column_name, problem, sheet_row, violation_line
from staffsim.i18n import N_
from staffsim.results.error_words import location
from staffsim.scenarios.names import fold

if TYPE_CHECKING:
    from staffsim.dashboard.page import DashboardTab

# the zipped result folder's files (``planning.folder_zip``, as ``staffsim plan`` writes
# them), each said in words; a folder's name ends in '/'
ZIP_CONTENTS = {
    "report.html": N_("the report, to read first, in a web browser"),
    "annex.xlsx": N_("the decision annex"),
    "plan.csv": N_("the list of moves, one official a row"),
    "balance.csv": N_("each unit's staff before and after the moves, by specialty"),
    "greedy_plan.csv": N_("the simple plan it is compared with (most surplus to most need)"),
    "figures/": N_("the map"),
    "plan_summary.json": N_("the plan's figures, for other programs"),
    "scenario.toml": N_("the scenario as used, to plan again with the same settings"),
    "inputs/": N_("the input tables the plan used"),
    "manifest.json": N_("when and how it was made (versions, settings)"),
    "checksums.sha256": N_("checksums, to check that no file was changed since"),
}

_WHERE = re.compile(rf"row (?P<row>{ROW})(?:, column (?P<col>.+))?")


def _slug(text: str) -> str:
    return "_".join(fold(text).split()) or "plan"


class DataTab:
    def __init__(self, tab: DashboardTab) -> None:
        self.tab = tab
        self.last: UploadResult | None = None
        self.refused: str | None = None  # a file the uploader refused (too large, wrong type)
        self.chosen_separator: str | None = None  # the CSV's, if chosen (else the language's)

    def separator(self) -> str:
        """The CSV export's separator: the one chosen, else the tab's language's."""
        return self.chosen_separator or planning.CSV_SEPARATORS.get(self.tab.lang, ",")

    # -- import --------------------------------------------------------------------------

    def build_import(self) -> None:
        tab = self.tab
        _ = tab.words
        limit = tab.app.settings.upload_limit
        ui.label(_("Upload a communes or roster table (.csv or .xlsx, at most {mb} MB). It is "
                   "checked like a scenario's own tables; if it passes, this tab plans with "
                   "it.", mb=_.num(limit / 2**20))).classes("text-sm")
        with ui.row().classes("w-full gap-4"):
            for kind, label in (("roster", _("Roster of officials")),
                                ("communes", _("Communes table"))):
                ui.upload(label=label, auto_upload=True, max_file_size=limit,
                          on_upload=lambda e, kind=kind: self.upload(kind, e),
                          on_rejected=self.rejected) \
                    .props(f'accept=".csv,.xlsx" flat bordered data-testid="upload-{kind}"') \
                    .classes("w-80").mark(f"upload-{kind}")
        inputs = tab.inputs
        if inputs.uploaded:
            kinds = {"roster": _("Roster of officials"), "communes": _("Communes table")}
            with ui.row().classes("items-center gap-2"):
                ui.label(_("In use: {files}", files="; ".join(
                    f"{kinds[k]}: {v}" for k, v in inputs.uploaded.items()))) \
                    .classes("text-sm").props('data-testid="uploaded"')
                ui.button(_("Back to the scenario's data"), on_click=tab.reset_inputs) \
                    .props("flat dense")
        self.report()

    def rejected(self) -> None:
        """The uploader refused a file: said in the panel, where the previous file's result
        was (it stayed, under a notice that vanished: a trial's 11 MB CSV)."""
        _ = self.tab.words
        self.refused = _("Refused: only .csv or .xlsx files up to {mb} MB",
                         mb=_.num(self.tab.app.settings.upload_limit / 2**20))
        self.last = None
        ui.notify(self.refused, type="warning")
        self.report.refresh()

    @ui.refreshable_method
    def report(self) -> None:
        _ = self.tab.words
        if self.refused:
            ui.label(self.refused + ". " + _("Nothing was changed.")) \
                .classes("text-red-800 font-medium").props('data-testid="upload-refused"') \
                .mark("upload-refused")
        r = self.last
        if r is None:
            return
        if r.inputs is not None:
            ui.label(_("{file}: {n} rows read without problems; the plan now uses it.",
                       file=r.filename, n=_.num(r.rows))) \
                .classes("text-green-800").props('data-testid="upload-ok"')
        else:
            ui.label(_("{file}: {n} problem(s); nothing was changed.", file=r.filename,
                       n=_.num(len(r.problems)))).classes("text-red-800 font-medium") \
                .props('data-testid="upload-problems"')
            rows = []
            for k, p in enumerate(r.problems):
                m = _WHERE.fullmatch(p.where)
                rows.append({"k": k, "row": sheet_row(_, m["row"]) if m else "",
                             # ('header (row 8)' of a workbook whose header is not its
                             # first row, in the tab's language, as a CSV's 'header')
                             "column": column_name(_, m["col"] or "") if m
                             else location(_, p.where),
                             "problem": problem(_, p.message)})
            table = ui.table(rows=rows, row_key="k", columns=[
                {"name": "row", "label": _("Row"), "field": "row", "align": "right"},
                {"name": "column", "label": _("Column"), "field": "column", "align": "left"},
                {"name": "problem", "label": _("Problem"), "field": "problem", "align": "left"},
            ], pagination=20).classes("w-full").props(  # (long problems wrap, never clipped)
                f'dense flat wrap-cells data-testid="problems-table" '
                f'rows-per-page-label="{_("Rows per page:")}"')  # (as the moves table says)
            # '1–20 of 1,125' in the tab's language (Quasar's is the page's, Vietnamese)
            table.props[":pagination-label"] = pagination_label(self.tab)
        for warning in r.warnings[:20]:
            ui.label(f"⚠ {problem(_, warning)}").classes("text-xs text-orange-900")
        if len(r.warnings) > 20:
            ui.label(_("and {n} more warnings", n=_.num(len(r.warnings) - 20))).classes("text-xs")

    async def upload(self, kind: str, e: events.UploadEventArguments) -> None:
        tab = self.tab
        _ = tab.words
        limit = tab.app.settings.upload_limit
        f = e.file
        self.refused = None
        if f.size() > limit:  # checked before a byte is read
            self.last = UploadResult(kind, f.name, None, [too_large(f.size(), limit)])
            self.report.refresh()
            return
        data = await f.read()
        result = await run.io_bound(read_upload, tab.inputs, kind, f.name, data, limit)
        self.last = result
        e.sender.reset()
        if result.inputs is not None:
            await tab.use_inputs(result.inputs)
        else:
            self.report.refresh()

    # -- export --------------------------------------------------------------------------

    def build_export(self) -> None:
        _ = self.tab.words
        # the plan of the cards, whatever was typed in the panel since (said below, with the
        # levers it was made with: a trial exported it with other values in the panel)
        ui.label(_("The plan shown in the cards, with the levers it was made with and its "
                   "manual edits.")).classes("text-sm").props('data-testid="export-what"')
        self.tab.pending_note()
        self.findings()
        with ui.column().classes("gap-2"):
            ui.button(_("Decision annex (.xlsx)"), icon="table_view",
                      on_click=lambda: self.export("xlsx")) \
                .props('color=primary data-testid="export-xlsx"')
            ui.label(_("Vietnamese headers, grouped by receiving commune with subtotals and a "
                       "total, ready to attach to the decision.")).classes("text-xs")
            with ui.row().classes("items-center gap-3"):
                ui.button(_("List of moves (.csv)"), icon="description",
                          on_click=lambda: self.export("csv")) \
                    .props('outline data-testid="export-csv"').mark("export-csv")
                # Excel splits a CSV by the list separator of the computer's regional
                # settings: ';' where the decimal mark is a comma (Vietnamese), ',' in English
                ui.toggle({";": _("separated by semicolons (Excel in Vietnamese)"),
                           ",": _("separated by commas (Excel in English)")},
                          value=self.separator(),
                          on_change=lambda e: setattr(self, "chosen_separator", e.value)) \
                    .props('dense no-caps data-testid="csv-separator"').mark("csv-separator")
            ui.button(_("Whole result folder (.zip)"), icon="folder_zip",
                      on_click=lambda: self.export("zip")) \
                .props('outline data-testid="export-zip"').mark("export-zip")
            # what is in it, in words (it listed 'plan.csv, balance.csv, plan_summary.json':
            # file names, not what they hold); each file's name after, to find it
            with ui.column().classes("gap-0 text-xs").props('data-testid="zip-contents"') \
                    .mark("zip-contents"):
                ui.label(_("The folder the planning command writes, with:"))
                for name, what in ZIP_CONTENTS.items():
                    ui.label("• " + _("{what} ({file})", what=_(what), file=name))

    @ui.refreshable_method
    def findings(self) -> None:
        """The rules the plan shown breaks, as the annex marks them, each said to be the
        manual edit's or the optimised plan's (the annex said nothing of whose; the list
        above the moves says it in the command line's words)."""
        tab = self.tab
        _ = tab.words
        view = tab.view
        found = planning.attributed_findings(view) if view is not None else []
        if not found:
            return
        names = {r.official_id: r.full_name for r in view.rows}
        with ui.card().classes("w-full bg-orange-50 gap-1") \
                .props('flat bordered data-testid="export-findings"'):
            ui.label(_("The annex marks {n} rule(s) the plan breaks, on the rows of their "
                       "moves, and says whose each is:", n=_.num(len(found)))) \
                .classes("text-sm font-medium text-orange-900")
            for _oid, key, v in found:
                line = _(planning.FINDING_OWNERS[key],
                         finding=named(violation_line(_, str(v), place=False), names))
                ui.label("⚠ " + line[:1].upper() + line[1:]).classes("text-sm text-orange-900") \
                    .props(f'data-testid="export-finding-{key.split("_")[0]}"')

    async def export(self, kind: str) -> None:
        tab = self.tab
        _ = tab.words
        view = tab.view
        if view is None:
            return
        stem = f"{_slug(tab.inputs.scenario.name)}_{dt.date.today():%Y%m%d}"
        tab.set_busy(True, _("Preparing the file…"))
        try:
            if kind == "xlsx":
                data = await run.io_bound(planning.annex_xlsx, view, tab.inputs)
                name, media = f"phu_luc_dieu_dong_{stem}.xlsx", (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            elif kind == "csv":
                data = await run.io_bound(planning.annex_csv, view, self.separator())
                name, media = f"danh_sach_dieu_dong_{stem}.csv", "text/csv; charset=utf-8"
            else:
                data = await run.io_bound(planning.folder_zip, view, tab.inputs)
                name, media = f"ket_qua_{stem}.zip", "application/zip"
        finally:
            tab.set_busy(False, tab.status)
        ui.download.content(data, name, media)
