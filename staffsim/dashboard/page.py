"""One browser tab of the dashboard: its own inputs, levers, edits and results, and the page
that shows them. Several tabs never share state; they share only the cache of finished plans
(keyed by inputs + levers + edits, so a result is the same whoever asked for it).

Long work (planning, explaining, simulating, exporting) runs in a worker thread
(``run.io_bound``; the solver releases the GIL) while the page shows progress and stays live;
a newer request supersedes an older one still running.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from nicegui import app, run, ui

from staffsim.dashboard import mapview, planning
from staffsim.dashboard.datatab import DataTab
from staffsim.dashboard.levers import (
    after_rule_change,
    budget_in_force,
    build_levers,
    form_of,
    levers_of,
)
from staffsim.dashboard.moves import (
    build_moves,
    close_donor,
    commune_options,
    searchable,
    unit_index,
)
from staffsim.dashboard.overtime import OverTime
from staffsim.dashboard.planning import EditSet, Inputs, Levers, PlanView
from staffsim.dashboard.words import (
    LEVER_LABELS,
    RULE_SET_NAMES,
    Words,
    candidate,
    counted,
    nothing_helps_lines,
    reason,
    rule,
    status,
    tried_line,
    would_help,
)
from staffsim.i18n import N_, parse_number, plain_number
from staffsim.results.error_words import error_line
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.params import ALL_KINDS

if TYPE_CHECKING:
    from staffsim.dashboard.server import AppState

# what the plan's status means, in words (on hover over its card)
STATUS_HINTS = {
    "Optimal": N_("The best plan these rules and this budget allow: no other plan leaves less "
                  "weighted unmet need."),
    "TimeLimit": N_("Planning stopped at its time limit: a good plan, not proven the best."),
    "Infeasible": N_("No plan meets every rule (manual edits may contradict each other)."),
}

PAGE_JS = (Path(__file__).parent / "page.js").read_text(encoding="utf-8")
PAGE_CSS = (Path(__file__).parent / "page.css").read_text(encoding="utf-8")
LEVERS_WIDTH, COMMUNE_WIDTH = 280, 360  # px: the drawers beside the plan
# below NARROW px of window (a 1024 x 768 office laptop) they are narrower, so that the plan
# between them keeps 456 px (384 at 280 + 360: its cards in three rows, the map and its
# legend below the screen, the moves table scrolled sideways: a trial at 1024 x 768)
NARROW, LEVERS_NARROW, COMMUNE_NARROW = 1200, 256, 312


def drawer_width(wide: int, narrow: int) -> str:
    """A drawer's width prop, read from the window's width when the page is drawn."""
    return f':width="window.innerWidth < {NARROW} ? {narrow} : {wide}"'


class DashboardTab:
    def __init__(self, state: AppState, lang: str) -> None:
        self.app = state
        self.lang = lang
        self.inputs: Inputs = state.inputs
        self.form: dict = form_of(self.inputs.levers)
        self.lever_inputs: dict = {}  # form key -> its number field (levers.build_levers)
        self.invalid: set[str] = set()  # number fields whose text is not a number in range
        self.edits = EditSet()
        self.view: PlanView | None = None
        self.baseline: PlanView | None = None
        self.previous: PlanView | None = None  # the plan shown before this one (re-planned)
        self.selected: int | None = None
        self.explained: dict | None = None
        self.color_by = "unmet_after"
        self.tiles = state.tiles_default
        self.filters: dict = {"donor": None, "recipient": None, "specialty": None,
                              "max_km": None, "text": ""}
        self.busy = False
        self.replanning = False  # a plan is being made for the page (not an export)
        self.status = ""
        self.plan_text = ""  # the status of the plan shown, without what was typed since
        self.seq = 0
        self.table = None
        self.map = None
        self.shown_tab = "map"  # the tab open in the main area (kept when it is rebuilt)
        self.anchor = None  # an element never rebuilt: later work is scheduled in it
        self.overtime = OverTime(self)
        self.data = DataTab(self)

    @property
    def words(self) -> Words:
        return Words(self.lang)

    # -- layout -------------------------------------------------------------------------

    def build(self) -> None:
        ui.add_head_html(f"<script>{PAGE_JS}</script>")
        ui.add_head_html(f"<script>window.staffsimPopupWords = {self.popup_words()};</script>")
        ui.add_css(".staffsim-commune { cursor: pointer; }")
        ui.add_css(PAGE_CSS)
        # the uploader's byte counter ('0.0B / 0.00%') is neither worded nor localised; the
        # tab says what was read, in words, once a file is checked
        ui.add_css(".q-uploader__subtitle { display: none; }")
        # a phone (390 px): a drawer (the commune panel was 420 px) fits the screen, not clipped
        ui.add_css(".q-drawer { max-width: 100vw; }")
        # a long name chosen in a search box ends in '…' (its full name on hover: page.js),
        # not cut mid-letter
        ui.add_css(".q-select .q-field__input { text-overflow: ellipsis; }")
        ui.on("staffsim_commune", self._map_click)
        # the browser tab closed or reloaded (not back within NiceGUI's reconnect time): its
        # comparison stops and its workers end
        ui.context.client.on_delete(self.overtime.stop)
        # timers and notices of work that outlives the element that started it (an upload
        # rebuilds the panel its uploader was in) belong here, not in that element's slot
        self.anchor = ui.element("div").classes("hidden")
        with ui.header(elevated=True).classes("items-center bg-primary text-white px-4 py-1"):
            self.header()
        # the levers (280 px) and a commune's panel (360 px) side by side with the plan: HR
        # staff change a lever while reading a commune (the levers stepped aside while a
        # commune was open on a 1024-1599 px screen: a trial). Between them the plan takes
        # what is left: 960 px at 1600, 726 at 1366 (its tabs and cards then compact: CSS),
        # 456 at 1024 with the narrower drawers (its cards, tabs and tables narrower still)
        self.left = ui.left_drawer(value=True, bordered=True).classes("bg-gray-50 p-3") \
            .props(f'{drawer_width(LEVERS_WIDTH, LEVERS_NARROW)} data-testid="levers-panel"')
        with self.left:
            self.levers_panel()
        self.right = ui.right_drawer(value=False, bordered=True).classes("p-3") \
            .props(f'{drawer_width(COMMUNE_WIDTH, COMMUNE_NARROW)} '
                   'data-testid="commune-panel"')
        with self.right:
            self.commune_panel()
        self.main()
        hit = planning.cached_plan(self.inputs, self.current_levers(), self.edits)
        base = planning.cached_plan(self.inputs, self.inputs.levers)
        if hit is not None and base is not None:
            self._show(hit, base, from_cache=True)
        else:
            self.set_busy(True, self.words("Planning…"))
            self.later(self.replan_from_form)

    @ui.refreshable_method
    def header(self) -> None:
        _ = self.words
        # the levers' drawer opened and closed again (a phone hides it: nothing else reopened it)
        ui.button(icon="menu", on_click=lambda: self.left.toggle()) \
            .props(f'flat dense round color=white aria-label="{_("Levers")}" '
                   'data-testid="levers-menu"').tooltip(_("Levers"))
        ui.label(_("Commune staffing: {name}", name=self.inputs.scenario.place)) \
            .classes("text-lg font-medium")
        ui.space()
        ui.toggle({"vi": "Tiếng Việt", "en": "English"}, value=self.lang,
                  on_change=lambda e: self.set_language(e.value)) \
            .props('dense unelevated no-caps color=blue-2 text-color=blue-10 toggle-color=white '
                   'toggle-text-color=primary data-testid="language"').mark("language")
        if self.app.password is not None:
            ui.button(icon="logout", on_click=self.logout).props("flat dense color=white") \
                .tooltip(_("Log out"))

    @ui.refreshable_method
    def levers_panel(self) -> None:
        build_levers(self)

    @ui.refreshable_method
    def budget_in_force(self) -> None:
        budget_in_force(self)

    @ui.refreshable_method
    def main(self) -> None:
        _ = self.words
        self.pending_note()
        self.kpis()
        with ui.tabs(value=self.shown_tab, on_change=lambda e: self._tab_shown(e.value)) \
                .classes("w-full") as tabs:
            names = {"map": _("Map"), "moves": _("Moves"), "compare": _("Against the baseline"),
                     "time": _("Over time"), "import": _("Import"), "export": _("Export")}
            for key, label in names.items():
                ui.tab(key, label).props(f'data-testid="tab-{key}"')
        with ui.tab_panels(tabs, value=self.shown_tab, animated=False).classes("w-full"):
            with ui.tab_panel("map"):
                self.map_panel()
            with ui.tab_panel("moves"):
                self.moves_panel()
            with ui.tab_panel("compare"):
                self.compare_panel()
            with ui.tab_panel("time"):
                self.overtime.build()
            with ui.tab_panel("import"):
                self.data.build_import()
            with ui.tab_panel("export"):
                self.data.build_export()

    @ui.refreshable_method
    def pending_note(self) -> None:
        """Above the cards (and in the export tab): the levers typed in the panel and not
        re-planned, and the values the plan shown, its cards, its tabs and its exports use
        (a trial exported the 45-bn plan with 20 typed in the panel, and no word of it)."""
        _ = self.words
        if self.replanning and self.view is not None:
            # what Re-plan (or an edit) is doing, where the figures are: the note said 'not
            # re-planned' until the plan came, the progress bar being at the foot of the
            # levers' panel, below the screen (a trial: 'did my click do anything?')
            with ui.row().classes("w-full no-wrap items-center gap-2 bg-blue-50 border "
                                  "border-blue-200 rounded p-2").props(
                    'data-testid="replanning"'):
                ui.spinner(size="1.5em", thickness=4)
                ui.label(_("Planning again… the figures below are those of the plan shown "
                           "before until the new one is ready.")) \
                    .classes("text-sm font-medium text-blue-900").mark("replanning")
            return
        changes = self.pending()
        if not changes and not self.invalid:
            return
        with ui.column().classes("w-full gap-0 bg-orange-50 border border-orange-300 "
                                 "rounded p-2").props('data-testid="levers-pending"'):
            ui.label(_("The levers were changed and not re-planned: the plan shown, its "
                       "figures, every tab and the exports still use the levers it was made "
                       "with. Re-plan applies the panel's values.")) \
                .classes("text-sm font-medium text-orange-900").mark("levers-pending")
            for key, (used, typed) in changes.items():
                lever = _(LEVER_LABELS.get(key, key))
                ui.label("• " + _("{lever}: the plan uses {used}; the panel says {typed}",
                                  lever=lever[:1].upper() + lever[1:],
                                  used=self._lever_value(key, used),
                                  typed=self._lever_value(key, typed))) \
                    .classes("text-sm text-orange-900")
            if self.invalid:
                ui.label("• " + _("the values marked in red are not applied yet")) \
                    .classes("text-sm text-orange-900")

    @ui.refreshable_method
    def kpis(self) -> None:
        _ = self.words
        v = self.view
        with ui.row().classes("w-full gap-3 items-stretch").props('data-testid="kpis"'):
            if v is None:
                ui.label(_("The plan is being computed…")).classes("text-gray-600")
                return
            o = v.outcome

            # at 1366 x 768 (an office laptop) the cards are one row under the header, not two
            # (the map began at mid-screen): a label wraps within its card, and the unmet need
            # of the three areas is one card of three lines
            def value(text: str, testid: str, size: str = "text-lg",
                      wrap: str = "whitespace-nowrap") -> None:
                ui.label(text).classes(f"{size} font-medium {wrap}").props(
                    f'data-testid="kpi-{testid}"').mark(f"kpi-{testid}")

            def card(label: str, text: str, testid: str, sentence: bool = False) -> ui.card:
                with ui.card().classes("px-3 py-2 gap-1 max-w-[13rem]") \
                        .props("flat bordered") as box:
                    ui.label(label).classes("text-xs text-gray-600")
                    # (a sentence wraps within its card: on one line it ran past the card
                    # and under the commune panel)
                    value(text, testid, *(("text-sm", "break-words") if sentence else ()))
                return box

            card(_("Officials moved"), _.num(o["moves"]), "moves")
            card(_("Allowances over the period"), _.money(o["allowance_vnd"]), "allowance")
            with ui.card().classes("staffsim-unmet px-3 py-2 gap-0 max-w-[16rem]") \
                    .props("flat bordered"):
                ui.label(_("Unmet need (FTE: full-time staff equivalents)")) \
                    .classes("text-xs text-gray-600")
                for z in ("high_mountain", "mountain", "province"):
                    with ui.row().classes("w-full no-wrap items-baseline gap-2"):
                        ui.label(_.zone(z)).classes("staffsim-zone text-xs text-gray-700 "
                                                    "min-w-[4.5rem]")
                        value(f"{_.num(o['unmet_fte_before'][z], 1)} → "
                              f"{_.num(o['unmet_fte_after'][z], 1)}", f"unmet-{z}",
                              "text-base")
            card(_("Communes with at least one essential specialty vacant"),
                 f"{_.num(o['communes_lacking_essential_before']['province'])} → "
                 f"{_.num(o['communes_lacking_essential_after']['province'])}", "lacking")
            # optimal around the edits is not a plan within the rules: said on the card
            # (it read 'optimal' beside a forced move of a protected leader: a trial), and
            # whose the broken rules are (the edits', or the re-optimised plan's own: the
            # list above the moves says each)
            mine, theirs = (len(o.get(k, [])) for k in ("manual_violations",
                                                        "plan_violations"))
            said = status(_, v.status)
            if mine:
                said = _("{status} around your edits, which break {n} rule(s)", status=said,
                         n=_.num(mine))
            if theirs:
                said = _("{status}; the plan itself breaks {n} rule(s), not because of your "
                         "edits", status=said, n=_.num(theirs))
            plan = card(_("Plan"), said, "status", sentence=bool(mine or theirs))
            if v.status in STATUS_HINTS:  # ('optimal' is a solver's word: what it means)
                with plan:
                    ui.tooltip(_(STATUS_HINTS[v.status])).mark("status-hint")
        if self.previous is not None:
            ui.label(self.change_line(self.previous, v)).classes("text-sm text-gray-800") \
                .props('data-testid="replan-change"').mark("replan-change")

    def change_line(self, before: PlanView, after: PlanView) -> str:
        """What a re-plan changed, in one line: the plan shown before against this one
        (after a re-plan nothing said what had changed: a trial)."""
        _ = self.words
        a, b = before.outcome, after.outcome

        def lacking(o: dict) -> float:
            return o["communes_lacking_essential_after"]["province"]

        parts = [
            _("officials moved {before} → {after}", before=_.num(a["moves"]),
              after=_.num(b["moves"])),
            _("weighted unmet need (what the plan reduces) {before} → {after}",
              before=_.num(a["weighted_unmet_after"], 1),
              after=_.num(b["weighted_unmet_after"], 1)),
            _("allowances over the period {before} → {after}", before=_.money(a["allowance_vnd"]),
              after=_.money(b["allowance_vnd"])),
            _("communes with an essential specialty vacant {before} → {after}",
              before=_.num(lacking(a)), after=_.num(lacking(b)))]
        return _("Against the plan shown before: {changes}", changes="; ".join(parts))

    # -- map ----------------------------------------------------------------------------

    def map_panel(self) -> None:
        _ = self.words
        with ui.row().classes("w-full items-center gap-3"):
            ui.toggle({k: _(v) for k, v in mapview.COLOR_BY.items()}, value=self.color_by,
                      on_change=lambda e: self._recolour(e.value)).props("dense no-caps")
            ui.switch(_("OpenStreetMap background (needs internet)"), value=self.tiles,
                      on_change=lambda e: self._set_tiles(e.value))
            c = self.inputs.scenario.communes
            searchable(ui.select(
                commune_options(self, pool=True), label=_("Find a commune"), with_input=True,
                on_change=lambda e: e.value and self.select(unit_index(self, e.value))) \
                .classes("w-64").props('dense data-testid="find-commune"'))
        c = self.inputs.scenario.communes
        centre = (float(c.lat.mean()), float(c.lon.mean()))
        # the map and its legend within the screen of an office laptop (1366 x 768: at 62 % of
        # the height, the legend and the map's south were below it), taller on taller screens:
        # page.js sizes it to what is left below what is above it (staffsimFitMap), this the
        # height until it has
        self.map = ui.leaflet(center=centre, zoom=8) \
            .classes("w-full") \
            .style("height: var(--staffsim-map-height, max(12rem, calc(100vh - 26rem)))") \
            .props('data-testid="map"')
        self.map.clear_layers()  # no OpenStreetMap tiles unless asked for (offline use)
        if self.tiles:
            self._add_tiles()
        self.legend()
        self.later(lambda: self.draw_map(fit=True), 0.05)

    @ui.refreshable_method
    def legend(self) -> None:
        _ = self.words
        with ui.row().classes("gap-3 items-center text-xs").props('data-testid="map-legend"'):
            ui.label(_(mapview.COLOR_BY[self.color_by]) + ":")
            for colour, label in mapview.legend(_, self.color_by):
                with ui.row().classes("items-center gap-1"):
                    ui.element("span").style(
                        f"display:inline-block;width:12px;height:12px;border-radius:6px;"
                        f"background:{colour};border:1px solid #37474f")
                    ui.label(label)
            ui.label(_("size: population")).classes("text-gray-600")

    def later(self, fn, delay: float = 0.01) -> None:
        """Run ``fn`` shortly, from the page's anchor (whatever element asked for it may be
        rebuilt by then)."""
        if self.anchor is None or self.anchor.is_deleted:
            ui.timer(delay, fn, once=True)
            return
        with self.anchor:
            ui.timer(delay, fn, once=True)

    def _tab_shown(self, value: str) -> None:
        self.shown_tab = value
        if value == "map":  # the map is mounted again when shown: draw the plan on it
            self.later(self.draw_map)

    async def draw_map(self, fit: bool = False) -> None:
        if self.map is None or self.view is None:
            return
        m = self.map
        await m.initialized()
        pts = mapview.points(self.words, self.view, self.color_by)
        # sized to the screen first (its legend on it: page.js), then drawn to fit that size
        ui.run_javascript("staffsimFitMap(true); " + mapview.draw_call(m.id, pts, fit))
        # the background's tiles failing (offline) are said on the map, not a grey box
        offline = json.dumps(self.words(
            "No map background: OpenStreetMap cannot be reached (no internet). The communes "
            "are drawn without it."), ensure_ascii=False)
        ui.run_javascript(f"staffsimWatchTiles({m.id}, {offline})")

    def _add_tiles(self) -> None:
        self.tile_layer = self.map.tile_layer(url_template=mapview.OSM_TILES,
                                              options={"attribution": mapview.OSM_ATTRIBUTION,
                                                       "maxZoom": 18})

    def _set_tiles(self, on: bool) -> None:
        self.tiles = on
        if on:
            self._add_tiles()
        elif getattr(self, "tile_layer", None) is not None:
            self.map.remove_layer(self.tile_layer)
            self.tile_layer = None

    async def _recolour(self, by: str) -> None:
        self.color_by = by
        self.legend.refresh()
        await self.draw_map()

    def _map_click(self, e) -> None:
        args = e.args or {}
        if self.map is not None and args.get("map") == self.map.id:
            self.select(int(args["index"]))

    # -- one commune --------------------------------------------------------------------

    def select(self, r: int) -> None:
        self.selected = r
        self.explained = None
        self.commune_panel.refresh()
        self.right.set_value(True)
        if self.map is not None:
            ui.run_javascript(f"staffsimHighlight({self.map.id}, {int(r)}, true)")
        self.later(self._explain)

    async def _explain(self) -> None:
        r, levers = self.selected, self.applied_levers()  # (the plan's, as the panel shows)
        if r is None:
            return
        try:
            data = await run.io_bound(planning.explain, self.inputs, levers, r)
        except ScenarioError as e:
            ui.notify(error_line(self.words, e), type="negative")
            return
        if self.selected == r:
            self.explained = data
            self.commune_panel.refresh()

    @ui.refreshable_method
    def commune_panel(self) -> None:
        _ = self.words
        r, v = self.selected, self.view
        if r is None or v is None:
            ui.label(_("Click a commune on the map."))
            return
        d = planning.commune_detail(v, r)
        with ui.row().classes("w-full items-start no-wrap"):  # (a long name wraps beside ×)
            ui.label(_.commune(d.kind, d.name)).classes("text-lg font-medium min-w-0 grow "
                                                        "break-words") \
                .props('data-testid="commune-title"')
            ui.button(icon="close", on_click=lambda: self.right.set_value(False)) \
                .props("flat dense round")
        ui.label(f"{_.zone(d.zone)} · {_('population {n}', n=_.num(d.population))} · "
                 f"{d.commune_id}").classes("text-sm text-gray-700")
        rows = [{"specialty": _.specialty(s["specialty"]), "required": _.num(s["required"], 1),
                 "before": _.num(s["before"]), "after": _.num(s["after"])}
                for s in d.specialties if s["required"] > 0 or s["before"] or s["after"]]
        ui.table(rows=rows, row_key="specialty", columns=[
            {"name": "specialty", "label": _("Specialty"), "field": "specialty", "align": "left"},
            {"name": "required", "label": _("Required (FTE)"), "field": "required",
             "align": "right"},
            {"name": "before", "label": _("Before"), "field": "before", "align": "right"},
            {"name": "after", "label": _("After"), "field": "after", "align": "right"},
        ]).classes("w-full").props('dense flat wrap-cells data-testid="commune-staffing"')
        if d.gaps_after:
            ui.label(_("Essential specialties with nobody after the plan: {names}",
                       names=", ".join(_.specialty(s) for s in d.gaps_after))) \
                .classes("text-sm text-red-800")
        for title, moves, other in ((_("Moving in"), d.moves_in, "from"),
                                    (_("Moving out"), d.moves_out, "to")):
            if moves:
                ui.label(f"{title} ({len(moves)})").classes("font-medium mt-2")
                for m in moves:
                    where = (_.commune(m.from_kind, m.from_name) if other == "from"
                             else _.commune(m.to_kind, m.to_name))
                    ui.label(f"{m.full_name} ({m.official_id}), {_.specialty(m.specialty)} — "
                             f"{where}, {_.num(m.distance_km)} km").classes("text-sm")
        if d.commune_id in self.edits.close:
            ui.button(_("Let this commune give officials again"),
                      on_click=lambda: self.edit(self.edits.without("close", d.commune_id))) \
                .props("flat dense")
        else:
            # through the form's check: a donor someone is forced out of is refused in the
            # tab's words, not the planner's command-line ones (a cold review)
            ui.button(_("This commune gives no one"), icon="block",
                      on_click=lambda: close_donor(self, d.commune_id)) \
                .props("flat dense")
        ui.separator()
        ui.label(_("Why not more staff?")).classes("font-medium")
        e = self.explained
        if e is None:
            with ui.row().classes("items-center gap-2"):
                ui.spinner(size="sm")
                ui.label(_("Explaining (for each alternative the whole plan is made again)…")) \
                    .classes("text-sm")
            return
        with ui.column().classes("gap-1").props('data-testid="explanation"'):
            if self.edits:
                ui.label(_("(for the levers shown; the manual edits are not included)")) \
                    .classes("text-xs text-gray-600")
            for key, text in e["commune_rules"]:
                ui.label(f"• {rule(_, key)}: {reason(_, text)}").classes("text-sm")
            if not e["specialties"]:
                ui.label(_("No specialty is short: the commune has the staff its workload needs "
                           "(WISN).")) \
                    .classes("text-sm")
            for s in e["specialties"]:
                ui.label(_("{label}: requires {required} FTE, {in_post} in post, receives "
                           "{received} → unmet {unmet} FTE", label=_.specialty(s["specialty"]),
                           required=_.num(s["required"], 1), in_post=_.num(s["in_post"]),
                           received=_.num(s["received"]), unmet=_.num(s["unmet_after"], 1))) \
                    .classes("text-sm font-medium mt-1")
                blocked = ", ".join(f"{rule(_, k)} {_.num(n)}" for k, n in sorted(
                    s["blocked_by"].items(), key=lambda kv: -kv[1]))
                ui.label(_("{n} candidate(s) in the province; not moved here: {why}",
                           n=_.num(s["candidates"]), why=blocked or _("none"))) \
                    .classes("text-xs")
                could = [c for c in s["nearest"] if c.get("could_give")]
                ui.label(counted(_, s.get("could_give", 0), N_(
                    "{n} official elsewhere could give by the current rules (their unit has a "
                    "surplus):"), N_("{n} officials elsewhere could give by the current rules "
                                     "(their unit has a surplus):")) if could
                         else _("Nobody elsewhere could give by the current rules.")) \
                    .classes("text-xs font-medium")
                for k, c in enumerate(s["nearest"]):
                    if k == len(could):
                        ui.label(_("The nearest others, and the first rule that stops each:")) \
                            .classes("text-xs font-medium")
                    ui.label(candidate(_, c)).classes("text-xs text-gray-700")
            if e["would_help"]:
                tried = e.get("tried") or []  # (as the command line: those that help first,
                # then what each other change tried did; that one does not help is an answer)
                # (in plain words, not the solver's 're-solved to optimality')
                ui.label(_("Each change tried, with the whole plan made again for each (those "
                           "that help first):")
                         if tried else _("What would help (the whole plan made again for "
                                         "each):")) \
                    .classes("text-sm font-medium mt-2")
                for h in e["would_help"]:
                    ui.label("• " + would_help(_, h)).classes("text-sm")
                for t in tried:
                    ui.label("• " + tried_line(_, t, e.get("name"))).classes(
                        "text-sm text-gray-700")
            else:  # never an empty answer: what was tried, and what binds
                for k, line in enumerate(nothing_helps_lines(_, e)):
                    ui.label(line.strip()).classes(
                        "text-sm font-medium mt-2" if k == 0 else "text-sm")

    # -- tables -------------------------------------------------------------------------

    @ui.refreshable_method
    def moves_panel(self) -> None:
        build_moves(self)

    @ui.refreshable_method
    def compare_panel(self) -> None:
        _ = self.words
        b, v = self.baseline, self.view
        if b is None or v is None:
            ui.label(_("The plan is being computed…"))
            return
        changes = v.levers.changes(b.levers)
        what = "; ".join(f"{_(LEVER_LABELS.get(k, k))}: {self._lever_value(k, changes[k])}"
                         for k in changes) or _("same levers")
        if v.edits:
            what += "; " + _("manual edits")
        ui.label(_("Baseline (the scenario's own levers) against this variant ({what})",
                   what=what)).classes("text-sm")
        rows = []
        for r in planning.compare_rows(b, v):
            label, base, var, change = r.cells(_)
            rows.append({"key": r.key, "label": label, "baseline": base, "variant": var,
                         "change": change})
        # (a figure is never broken across lines: '45,0 tỷ / đồng' at 1366 px; its label wraps)
        figure = {"align": "right", "classes": "text-no-wrap"}
        ui.table(rows=rows, row_key="key", columns=[
            {"name": "label", "label": "", "field": "label", "align": "left"},
            {"name": "baseline", "label": _("baseline"), "field": "baseline", **figure},
            {"name": "variant", "label": _("variant"), "field": "variant", **figure},
            {"name": "change", "label": _("change"), "field": "change", **figure},
        ]).classes("w-full max-w-3xl").props(  # (labels wrap: a phone sees the numbers)
            'dense flat bordered wrap-cells data-testid="side-by-side"')
        changed = planning.changed_communes(b, v)
        if changed:
            ui.label(_("Communes whose unmet need changed most (FTE)")).classes(
                "font-medium mt-3")
            c = v.state.communes
            index = {cid: i for i, cid in enumerate(c.ids)}
            ui.table(rows=[{
                "id": x["commune_id"],
                "name": _.commune(ALL_KINDS[c.kind[index[x["commune_id"]]]], x["name"]),
                "zone": _.zone(x["zone"]), "baseline": _.num(x["unmet_baseline"], 1),
                "variant": _.num(x["unmet_variant"], 1), "change": _.signed(x["change"], 1)}
                for x in changed], row_key="id", columns=[
                {"name": "name", "label": _("Commune"), "field": "name", "align": "left"},
                {"name": "zone", "label": _("Zone"), "field": "zone", "align": "left"},
                {"name": "baseline", "label": _("baseline"), "field": "baseline",
                 "align": "right"},
                {"name": "variant", "label": _("variant"), "field": "variant", "align": "right"},
                {"name": "change", "label": _("change"), "field": "change", "align": "right"},
            ]).classes("w-full max-w-3xl").props("dense flat bordered wrap-cells")

    def _lever_value(self, key: str, value) -> str:
        _ = self.words
        if key == "optimizer.rules":
            return _(RULE_SET_NAMES.get(value, value))
        if key.endswith("budget.vnd"):
            return _.money(value)
        if key.endswith("zones"):
            return ", ".join(_.zone(z) for z in value) or _("none")
        if key.endswith(".share"):
            return _.pct(value)
        if isinstance(value, float):
            return _.num(value, 0 if value.is_integer() else 2)
        return str(value)

    # -- planning -----------------------------------------------------------------------

    def current_levers(self) -> Levers:
        """The levers the panel holds (applied on Re-plan)."""
        return levers_of(self.form)

    def applied_levers(self) -> Levers:
        """The levers of the plan shown: what the cards, every tab and the exports use (the
        panel's until a plan is shown)."""
        return self.view.levers if self.view is not None else self.current_levers()

    def pending(self) -> dict:
        """The levers the panel holds and the plan shown does not use: dotted key ->
        (the plan's value, the panel's value); empty when they agree."""
        if self.view is None:
            return {}
        used = self.view.levers.overrides()
        return {k: (used[k], v) for k, v in self.current_levers().changes(self.view.levers)
                .items()}

    def levers_changed(self) -> None:
        """A lever changed in the panel: the status line and the notes say whether the plan
        shown still uses the panel's levers (not while a plan is computed: ``_show`` says
        it then)."""
        if self.busy or self.view is None:
            return
        _ = self.words
        text = self.plan_text
        if self.invalid:
            text += "; " + _("the values marked in red are not applied yet")
        elif self.pending():
            text += "; " + _("the values typed are not applied yet: Re-plan applies them")
        self.set_busy(False, text)
        self.pending_note.refresh()
        self.budget_in_force.refresh()

    # -- the lever fields: numbers as people type them ----------------------------------

    def lever_value(self, key: str, text: str, lo: float, hi: float) -> float | None:
        """A number field's text as the lever's value, or None if it is not a number within
        [lo, hi] (either decimal mark: ``i18n.parse_number``; the maximum moves whole; others
        to the 4 decimals the field shows)."""
        x = parse_number(text, self.lang)
        if x is None or not lo <= x <= hi:
            return None
        if key == "max_moves":
            return int(x) if x.is_integer() else None
        return round(x, 4)

    def lever_error(self, key: str, text: str, lo: float, hi: float) -> str | None:
        """What the field says when its text is no lever value (NiceGUI marks it red)."""
        if self.lever_value(key, text, lo, hi) is not None:
            return None
        _ = self.words
        if key == "max_moves":
            return _("a whole number from {lo} to {hi}", lo=_.num(lo), hi=_.num(hi))
        return _("a number from {lo} to {hi}, e.g. {example}", lo=_.num(lo), hi=_.num(hi),
                 example=plain_number(1.25, self.lang))

    def typed(self, key: str, text: str, lo: float, hi: float) -> None:
        """A number field's new text: into the form if it is a lever value, else Re-plan
        waits for it (the field says why: ``lever_error``)."""
        x = self.lever_value(key, text, lo, hi)
        if x is None:
            self.invalid.add(key)
        else:
            self.invalid.discard(key)
            self.form[key] = x
        self.levers_changed()

    def show_lever(self, key: str) -> None:
        """A valid field written as the language writes its number (on leaving it)."""
        field = self.lever_inputs.get(key)
        if field is not None and key not in self.invalid:
            field.set_value(plain_number(self.form[key], self.lang))

    def show_form(self) -> None:
        """Every number field from the form (after a plan, a reset or a rule set)."""
        self.invalid.clear()
        for key, field in self.lever_inputs.items():
            field.set_value(plain_number(self.form[key], self.lang))

    def rule_params(self):
        """The scenario's parameters under the form's rule set (which donor rules apply)."""
        return self.inputs.params_for(self.form.get("rules") or self.inputs.levers.rules)

    def change_rules(self, rules: str) -> None:
        """Another rule set in the form: its donor rules take their values and the panel
        shows which apply (the plan changes on Re-plan, as for every lever)."""
        old = self.form.get("rules")
        if not rules or rules == old:
            return
        _ = self.words
        try:
            old_params, new_params = self.inputs.params_for(old), self.inputs.params_for(rules)
        except ScenarioError as e:
            ui.notify(error_line(_, e), type="negative", multi_line=True)
            self.levers_panel.refresh()
            return
        if old_params.optimizer.constraints == new_params.optimizer.constraints:
            # a scenario file that sets every rule itself (a result folder's resolved
            # scenario.toml): the name would change, not the rules
            ui.notify(_("This scenario file sets every transfer rule itself: another rule set "
                        "would change none of them (edit the file to change them)"),
                      type="warning", multi_line=True)
            self.levers_panel.refresh()
            return
        before, after = Levers.of(old_params), Levers.of(new_params)
        self.form.update(after_rule_change(dict(self.form), before, after))  # (bound: in place)
        self.invalid.clear()
        self.levers_panel.refresh()
        self.levers_changed()

    def set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.status = text
        if getattr(self, "progress", None) is not None:
            self.progress.set_visibility(busy)
            self.status_label.set_text(text)

    async def replan_from_form(self) -> None:
        if self.invalid:
            _ = self.words
            ui.notify(_("Correct the levers marked in red first"), type="warning")
            return
        await self.replan(self.current_levers(), self.edits)

    async def replan(self, levers: Levers, edits: EditSet) -> None:
        _ = self.words
        self.seq += 1
        seq = self.seq
        inputs = self.inputs
        # what the levers panel holds now: anything typed while the plan is computed is kept
        asked = (dict(self.form), set(self.invalid))
        hit = planning.cached_plan(inputs, levers, edits)
        base = planning.cached_plan(inputs, inputs.levers)
        if hit is not None and base is not None:
            self._show(hit, base, from_cache=True, asked=asked)
            return
        # the note above the cards first, then the status line: whoever reads 'Planning…'
        # finds the note in place, not the levers' 'changed and not re-planned'
        self.replanning = True
        self.pending_note.refresh()
        self.set_busy(True, _("Planning…"))
        t0 = time.perf_counter()
        warm = self.app.warm
        if warm is not None and warm.is_alive():  # the default plan is being made at start-up
            await run.io_bound(warm.join)
            base = planning.cached_plan(inputs, inputs.levers)
            hit = planning.cached_plan(inputs, levers, edits)
            if hit is not None and base is not None and seq == self.seq:
                self._show(hit, base, seconds=time.perf_counter() - t0, asked=asked)
                return
        try:
            base = base or await run.io_bound(planning.plan, inputs, inputs.levers)
            view = await run.io_bound(planning.plan, inputs, levers, edits)
        except ScenarioError as e:
            if seq == self.seq:
                self.replanning = False
                self.pending_note.refresh()
                self.set_busy(False, _("Not planned: {error}", error=error_line(_, e)))
                ui.notify(error_line(_, e), type="negative", multi_line=True)
            return
        if seq != self.seq or view is None or base is None or inputs is not self.inputs:
            return  # a newer request (or new inputs) took over
        self._show(view, base, seconds=time.perf_counter() - t0, asked=asked)

    def _show(self, view: PlanView, base: PlanView, from_cache: bool = False,
              seconds: float = 0.0, asked: tuple[dict, set] | None = None) -> None:
        """Show a plan. ``asked``: the levers panel when it was asked for; if the user has
        typed since, the panel keeps what they typed (never reset to the plan's levers) and,
        when it is valid, the plan is made again with it."""
        _ = self.words
        if self.view is not None and self.view is not view:  # (the same plan: the line stays)
            self.previous = self.view
        self.view, self.baseline, self.edits = view, base, view.edits
        typed = asked is not None and (self.form != asked[0] or self.invalid != asked[1])
        # a manual edit plans with the plan's levers: values typed before it and not re-planned
        # stay in the panel, marked as not applied
        unapplied = asked is not None and not typed and (
            bool(asked[1]) or levers_of(asked[0]) != view.levers)
        text = (_("Plan ready (from the cache)") if from_cache
                else _("Plan ready in {s} s", s=_.num(seconds, 1)))
        self.plan_text = text
        again = False
        if unapplied:
            text += "; " + (_("the values marked in red are not applied yet") if self.invalid
                            else _("the values typed are not applied yet: Re-plan applies "
                                   "them"))
        elif not typed:
            rules = self.form.get("rules")
            self.form.update(form_of(view.levers))
            if self.form.get("rules") != rules:  # which donor rules apply changed with it
                self.levers_panel.refresh()
            else:
                self.show_form()
        elif self.invalid:
            text += "; " + _("the values marked in red are not applied yet")
        elif self.current_levers() != view.levers:
            text += "; " + _("planning again with the values typed meanwhile…")
            again = True
        self.set_busy(False, text)
        self.replanning = False
        self.pending_note.refresh()
        self.budget_in_force.refresh()
        self.overtime.results.refresh()  # (says when its runs used other levers)
        self.kpis.refresh()
        self.compare_panel.refresh()
        self.moves_panel.refresh()
        self.data.findings.refresh()  # (the export tab's: the annex's findings and whose)
        if self.selected is not None:
            self.explained = None
            self.commune_panel.refresh()
            self.later(self._explain)
        self.later(self.draw_map)
        if again:
            self.later(self.replan_from_form)

    async def edit(self, edits: EditSet) -> None:
        """Apply manual edits and re-optimise around them (with the plan's levers)."""
        levers = self.view.levers if self.view is not None else self.current_levers()
        await self.replan(levers, edits)

    async def reset_levers(self) -> None:
        rules = self.form.get("rules")
        self.form.update(form_of(self.inputs.levers))
        if self.form.get("rules") != rules:
            self.levers_panel.refresh()
        else:
            self.show_form()
        await self.replan(self.inputs.levers, EditSet())

    async def use_inputs(self, inputs: Inputs) -> None:
        """Plan with new inputs. Called from the uploader, which ``main.refresh`` deletes:
        what follows runs in the page's anchor, not in the uploader's slot."""
        with self.anchor:
            self.inputs = inputs
            self.view = self.baseline = self.previous = None
            self.selected = None
            self.right.set_value(False)
            self.main.refresh()
            await self.replan(self.current_levers(), EditSet())

    async def reset_inputs(self) -> None:
        self.data.last = None
        await self.use_inputs(self.app.inputs)

    # -- language and session -----------------------------------------------------------

    def popup_words(self) -> str:
        """NiceGUI's connection notice in the tab's language (a JSON list for page.js)."""
        _ = self.words
        return json.dumps([_("Connection lost."), _("Trying to reconnect…")],
                          ensure_ascii=False)

    def set_language(self, lang: str) -> None:
        if lang == self.lang:
            return
        self.lang = lang
        app.storage.user["lang"] = lang
        ui.run_javascript(f"staffsimSetPopup({self.popup_words()})")
        self.header.refresh()
        self.levers_panel.refresh()
        self.commune_panel.refresh()
        self.main.refresh()

    def logout(self) -> None:
        app.storage.user["authenticated"] = False
        ui.navigate.to("/login")


