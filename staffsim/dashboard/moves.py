"""The moves table (sortable, filterable by donor, recipient, specialty and distance) and the
manual edits around which the plan is re-optimised: pin an official, force a move, close a
commune as a donor; rules the edits break are listed as warnings."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from nicegui import ui

from staffsim.dashboard.words import POOL_KINDS, VIOLATION_WORDS, violation_line
from staffsim.i18n import N_, parse_number, plain_number
from staffsim.optimize.edits import _row as roster_row
from staffsim.scenarios.errors import ScenarioError
from staffsim.scenarios.names import fold
from staffsim.scenarios.params import ALL_KINDS, ZONES

if TYPE_CHECKING:
    from staffsim.dashboard.page import DashboardTab


def searchable(select: ui.select) -> ui.select:
    """Let the select's search match with or without diacritics (see page.js)."""
    ui.run_javascript(f"staffsimFoldSelect({select.id})")
    return select

TEXT_SORT = "(a, b) => String(a).localeCompare(String(b), 'vi')"


def table_rows(tab: DashboardTab) -> list[dict]:
    """The current plan's moves as table rows, filtered by the tab's filters."""
    _ = tab.words
    f = tab.filters
    # as the commune choices search: without diacritics (đ as d), case aside
    text = fold(f.get("text") or "")
    rows = []
    for k, r in enumerate(tab.view.rows if tab.view else [], start=1):
        if f.get("donor") and r.from_commune != f["donor"]:
            continue
        if f.get("recipient") and r.to_commune != f["recipient"]:
            continue
        if f.get("specialty") and r.specialty != f["specialty"]:
            continue
        if f.get("max_km") is not None and r.distance_km > float(f["max_km"]):
            continue
        if text and text not in fold(r.full_name) and text not in fold(r.official_id):
            continue
        rows.append({
            "stt": k, "official_id": r.official_id, "name": r.full_name,
            "specialty": _.specialty(r.specialty), "from": _.commune(r.from_kind, r.from_name),
            "to": _.commune(r.to_kind, r.to_name), "zone": _.zone(r.to_zone),
            "km": round(r.distance_km, 1), "km_text": _.num(r.distance_km, 1),
            "allowance": round(r.monthly_allowance_vnd), "allowance_text":
                _.vnd(r.monthly_allowance_vnd)})
    return rows


def columns(tab: DashboardTab) -> list[dict]:
    _ = tab.words
    text = {"sortable": True, "align": "left", ":sort": TEXT_SORT}
    return [
        {"name": "stt", "label": _("No."), "field": "stt", "sortable": True, "align": "right"},
        {"name": "name", "label": _("Full name"), "field": "name", **text},
        {"name": "official_id", "label": _("Official ID"), "field": "official_id", **text,
         "classes": "text-no-wrap"},  # (wrap-cells broke '16378-013' at the hyphen)
        {"name": "specialty", "label": _("Specialty"), "field": "specialty", **text},
        {"name": "from", "label": _("Current unit"), "field": "from", **text},
        {"name": "to", "label": _("Receiving unit"), "field": "to", **text},
        {"name": "km", "label": _("Distance (km)"), "field": "km", "sortable": True,
         "align": "right", ":format": "(v, row) => row.km_text"},
        {"name": "allowance", "label": _("Allowance (VND/month)"), "field": "allowance",
         "sortable": True, "align": "right", ":format": "(v, row) => row.allowance_text"},
        {"name": "action", "label": "", "field": "official_id", "align": "center"},
    ]


# what a donor unit outside the communes is, after its name in a choice (its name says it is
# no commune: 'Sở Tài chính (sở, ban, ngành)', 'Sở Tài chính (provincial department)')
UNIT_KINDS = {"department": N_("provincial department"),
              "party_front": POOL_KINDS["party_front"]}


def _unit_tables(tab: DashboardTab) -> list:
    """The scenario's communes, then its donor units outside them (``province.pool_csv``:
    departments, Party/Front units), as a plan's state orders them."""
    sc = tab.inputs.scenario
    return [sc.communes] + ([sc.pool.units] if getattr(sc, "pool", None) is not None else [])


def unit_titles(tab: DashboardTab) -> dict[str, str]:
    """unit id -> 'Xã Na Mèo' / 'Sở Tài chính', for the communes and the pool units."""
    _ = tab.words
    return {c.ids[i]: _.commune(ALL_KINDS[c.kind[i]], c.names[i])
            for c in _unit_tables(tab) for i in range(len(c))}


def unit_title(tab: DashboardTab, unit_id: str) -> str:
    return unit_titles(tab).get(unit_id, unit_id)


def unit_index(tab: DashboardTab, unit_id: str) -> int:
    """The index of a commune or pool unit in a plan's state (and on the map)."""
    ids = [i for c in _unit_tables(tab) for i in c.ids]
    return ids.index(unit_id)


def commune_options(tab: DashboardTab, ids: set[str] | None = None,
                    pool: bool = False) -> dict[str, str]:
    """commune id -> 'Xã Na Mèo (vùng cao)' for selects, in name order; with ``pool``, the
    donor units outside the communes after them, labelled by their kind ('Sở Tài chính (sở,
    ban, ngành)'): they give officials, so they belong in the donor choices."""
    _ = tab.words
    tables = _unit_tables(tab)
    c = tables[0]
    out = {c.ids[i]: f"{_.commune(ALL_KINDS[c.kind[i]], c.names[i])} ({_.zone(ZONES[c.zone[i]])})"
           for i in range(len(c)) if ids is None or c.ids[i] in ids}
    out = dict(sorted(out.items(), key=lambda kv: kv[1]))
    if pool:
        units = {}
        for u in tables[1:]:
            for i in range(len(u)):
                if ids is None or u.ids[i] in ids:
                    kind = ALL_KINDS[u.kind[i]]
                    units[u.ids[i]] = (f"{_.commune(kind, u.names[i])} "
                                       f"({_(UNIT_KINDS.get(kind, kind))})")
        out.update(sorted(units.items(), key=lambda kv: kv[1]))
    return out


def _km_error(tab: DashboardTab, text: str | None) -> str | None:
    if not (text or "").strip():
        return None  # no filter
    x = parse_number(text, tab.lang)
    return None if x is not None and x >= 0 else tab.words("a number of km")


def _max_km(tab: DashboardTab, text: str | None) -> None:
    """The distance filter from its text (empty or not a number: no filter)."""
    x = parse_number(text or "", tab.lang)
    tab.filters["max_km"] = x if x is not None and x >= 0 else None
    refresh_table(tab)


def build_moves(tab: DashboardTab) -> None:
    _ = tab.words
    view = tab.view
    if view is None:
        ui.label(_("The plan is being computed…"))
        return
    build_warnings(tab)
    build_edits(tab)
    donors = commune_options(tab, {r.from_commune for r in view.rows}, pool=True)
    recipients = commune_options(tab, {r.to_commune for r in view.rows})
    specs = {s: _.specialty(s) for s in dict.fromkeys(r.specialty for r in view.rows)}
    f = tab.filters
    with ui.row().classes("staffsim-filters w-full items-end gap-2"):
        searchable(ui.select(donors, label=_("Donor"), with_input=True, clearable=True)
                   .bind_value(f, "donor").classes("w-56")
                   .props('dense data-testid="filter-donor"')
                   .on_value_change(lambda: refresh_table(tab)))
        searchable(ui.select(recipients, label=_("Recipient"), with_input=True, clearable=True)
                   .bind_value(f, "recipient").classes("w-56").props("dense")
                   .on_value_change(lambda: refresh_table(tab)))
        ui.select(specs, label=_("Specialty"), clearable=True).bind_value(f, "specialty") \
            .classes("w-56").props("dense").on_value_change(lambda: refresh_table(tab))
        # text read as people type it (the browser's number input drops a decimal comma)
        ui.input(_("At most (km)"),
                 value="" if f.get("max_km") is None else plain_number(f["max_km"], tab.lang),
                 validation=lambda text: _km_error(tab, text)) \
            .classes("w-28").props("dense clearable inputmode=decimal") \
            .on_value_change(lambda e: _max_km(tab, e.value))
        ui.input(_("Name or ID")).bind_value(f, "text").classes("w-48") \
            .props("dense clearable").on_value_change(lambda: refresh_table(tab))
    tab.moves_count = ui.label("").classes("text-sm text-gray-700") \
        .props('data-testid="moves-count"')
    table = ui.table(rows=[], columns=columns(tab), row_key="official_id",
                     pagination={"rowsPerPage": 15, "sortBy": "stt"}).classes("w-full") \
        .props(f'dense flat bordered wrap-cells data-testid="moves-table" '
               f'rows-per-page-label="{_("Rows per page:")}" '
               f'no-data-label="{_("No moves")}"').mark("moves-table")
    table.props[":pagination-label"] = pagination_label(tab)
    # each cell carries its column's name, shown when the plan is narrow (a commune open at
    # 1024 or 1280 px): a move is then a block of labelled cells, not a row wider than the
    # plan, scrolled sideways (page.css)
    table.add_slot("body-cell", """
        <q-td :props="props"><div class="staffsim-cell-label">{{ props.col.label }}</div>{{
            props.value }}</q-td>""")
    pin, tip = _("Pin"), _("Keep this official where they are and re-plan")
    table.add_slot("body-cell-action", f"""
        <q-td :props="props">
          <q-btn flat dense round size="sm" icon="push_pin"
                 :aria-label="'{pin} ' + props.row.official_id"
                 @click="() => $parent.$emit('pin', props.row.official_id)">
            <q-tooltip>{tip}</q-tooltip>
          </q-btn>
        </q-td>""")
    table.on("pin", lambda e: tab.edit(tab.edits.pin(str(e.args))))
    tab.table = table
    refresh_table(tab)
    build_force(tab)


def pagination_label(tab: DashboardTab) -> str:
    """Quasar's '1-15 of 310' under a table in the tab's language (the page's Quasar language
    is Vietnamese whatever the tab's: '1-15 của 310' in the English page), its numbers as the
    language writes them."""
    _ = tab.words
    locale = "vi-VN" if tab.lang == "vi" else "en-GB"
    text = json.dumps(_("{first}–{end} of {total}"), ensure_ascii=False)
    n = f"n => Number(n).toLocaleString('{locale}')"
    return (f"(first, end, total) => {{ const f = {n}; return {text}.replace('{{first}}', "
            "f(first)).replace('{end}', f(end)).replace('{total}', f(total)); }")


def refresh_table(tab: DashboardTab) -> None:
    if getattr(tab, "table", None) is None or tab.view is None:
        return
    rows = table_rows(tab)
    tab.table.rows = rows
    tab.table.update()
    _ = tab.words
    shown = _("{n} of {total} moves shown", n=_.num(len(rows)), total=_.num(len(tab.view.rows)))
    tab.moves_count.set_text(shown)


def named(text: str, names: dict[str, str]) -> str:
    """Each moved official's ID in ``text`` with their name before it, 'Lê Công Tiến
    (14797-001)', as the page names officials elsewhere (an ID in brackets already is
    left)."""
    if not names:
        return text
    ids = "|".join(re.escape(i) for i in sorted(names, key=len, reverse=True))
    return re.sub(rf"(?<![\w(-])({ids})(?![\w-])", lambda m: f"{names[m[1]]} ({m[1]})", text)


def finding_lines(tab: DashboardTab) -> list[tuple[str, str]]:
    """The rule findings of the plan shown and whose each is (``optimize.whatif.
    attributed_violations``): (``manual_violations`` or ``plan_violations``, the line). First
    those the manual edits break by themselves, then the re-optimised plan's own, never put
    on the edits, in the words of ``staffsim whatif --move`` (the same catalogue messages:
    ``report_contents.VIOLATION_WORDS``), each moved official named. The page said every
    finding was the edits' ('The manual edits break these rules:')."""
    _ = tab.words
    view = tab.view
    names = {r.official_id: r.full_name for r in view.rows}
    out = []
    for message, key in VIOLATION_WORDS:
        for text in view.outcome.get(key, []):
            line = _(message, rule=named(violation_line(_, text, place=False), names))
            out.append((key, line[:1].upper() + line[1:]))
    return out


def build_warnings(tab: DashboardTab) -> None:
    lines = finding_lines(tab)
    if not lines:
        return
    with ui.card().classes("w-full bg-orange-50").props('flat bordered data-testid="warnings"'):
        for key, line in lines:
            ui.label(f"⚠ {line}").classes("text-sm text-orange-900").props(
                f'data-testid="finding-{key.split("_")[0]}"')


def build_edits(tab: DashboardTab) -> None:
    _ = tab.words
    e = tab.edits
    if not e:
        return
    title = unit_titles(tab)
    with ui.row().classes("w-full items-center gap-1").props('data-testid="edits"'):
        ui.label(_("Manual edits:")).classes("text-sm font-medium")
        for oid in e.keep:
            ui.chip(_("pinned: {id}", id=oid), icon="push_pin", removable=True) \
                .on("remove", lambda _e, oid=oid: tab.edit(tab.edits.without("keep", oid)))
        for oid, to in e.moves:
            ui.chip(_("{id} → {to}", id=oid, to=title.get(to, to)), icon="east",
                    removable=True) \
                .on("remove", lambda _e, oid=oid: tab.edit(tab.edits.without("move", oid)))
        for cid in e.close:
            ui.chip(_("gives no one: {name}", name=title.get(cid, cid)), icon="block",
                    removable=True) \
                .on("remove", lambda _e, cid=cid: tab.edit(tab.edits.without("close", cid)))
        ui.button(_("Clear all"), on_click=lambda: tab.edit(type(tab.edits)())) \
            .props("flat dense size=sm")


SHOWN_ID_CHARS = 40  # a typed ID is quoted in a message up to this many characters


def shown_id(tab: DashboardTab, text: str) -> str:
    """A typed ID quoted for a message, cut (in the tab's language) when it is long."""
    _ = tab.words
    if len(text) <= SHOWN_ID_CHARS:
        return f"'{text}'"
    return _("'{start}…' ({n} more characters)", start=text[:SHOWN_ID_CHARS],
             n=_.num(len(text) - SHOWN_ID_CHARS))


def force_error(tab: DashboardTab, official: str, to: str | None) -> str | None:
    """Why the forced move of ``official`` to ``to`` cannot be made, in the tab's language and
    naming the form's own fields (the planner's error names the command line's flags and a
    run's roster.csv, which a dashboard user never sees); None if it can be tried."""
    _ = tab.words
    view = tab.view
    if view is None or not official or not to:
        return None
    state = view.state
    try:
        row = roster_row(state, official, "--move")
    except ScenarioError as e:
        m = re.search(r"; did you mean (.*)\?$", e.message)
        hint = ("; " + _("did you mean {either}?", either=_(" or ").join(m[1].split(" or ")))
                if m else "")
        return _("{id} is not the ID of an official in post in this scenario (check the "
                 "field \"{field}\"){hint}", id=shown_id(tab, official), field=_("Official ID"),
                 hint=hint)
    c = state.communes
    here = int(state.commune[row])
    if c.ids[here] == to:
        return _("{value} already works in {where}; a move goes to another commune",
                 value=shown_id(tab, official), where=unit_title(tab, c.ids[here]))
    if c.ids[here] in tab.edits.close:
        return _("{id} works in {where}, which is set to give no one; remove that edit "
                 "first or choose another official", id=shown_id(tab, official),
                 where=unit_title(tab, c.ids[here]))
    return None


def close_error(tab: DashboardTab, unit: str | None) -> str | None:
    """Why ``unit`` cannot be closed as a donor (an official is forced out of it), or None."""
    _ = tab.words
    view = tab.view
    if view is None or not unit:
        return None
    state = view.state
    for oid, _to in tab.edits.moves:
        if oid in state.official_id and \
                state.communes.ids[int(state.commune[state.official_id.index(oid)])] == unit:
            return _("{id} is forced to move out of {where}; remove that move first to close "
                     "it as a donor", id=shown_id(tab, oid), where=unit_title(tab, unit))
    return None


def refuse(tab: DashboardTab, message: str) -> None:
    """A refused edit: said in the status line and a notification; the plan stays."""
    _ = tab.words
    label = getattr(tab, "status_label", None)
    if label is not None:
        label.set_text(_("Not changed: {error}", error=message))
    ui.notify(message, type="negative", multi_line=True)


async def force_move(tab: DashboardTab, official: str, to: str | None) -> None:
    official = (official or "").strip()
    if not official or not to:
        return
    error = force_error(tab, official, to)
    if error:
        refuse(tab, error)
        return
    await tab.edit(tab.edits.force(official, to))


async def close_donor(tab: DashboardTab, unit: str | None) -> None:
    if not unit:
        return
    error = close_error(tab, unit)
    if error:
        refuse(tab, error)
        return
    await tab.edit(tab.edits.close_donor(unit))


def build_force(tab: DashboardTab) -> None:
    """Forms to force a move and to close a commune as a donor."""
    _ = tab.words
    every = commune_options(tab)  # (the pool units receive nobody)
    givers = commune_options(tab, pool=True)
    state = {"official": "", "to": None, "close": None}
    with ui.expansion(_("Force a move or close a donor"), icon="edit").classes("w-full") \
            .props('data-testid="force-form"'):
        with ui.row().classes("w-full items-end gap-2"):
            ui.input(_("Official ID")).bind_value(state, "official").classes("w-40") \
                .props('dense data-testid="force-official"').mark("force-official")
            searchable(ui.select(every, label=_("to commune"), with_input=True)
                       .bind_value(state, "to").classes("w-64")
                       .props('dense data-testid="force-to"').mark("force-to"))
            ui.button(_("Force this move"), icon="east",
                      on_click=lambda: force_move(tab, state["official"], state["to"])) \
                .props('outline data-testid="force-move"').mark("force-move")
        with ui.row().classes("w-full items-end gap-2"):
            searchable(ui.select(givers, label=_("Commune that gives no one"), with_input=True)
                       .bind_value(state, "close").classes("w-64").props("dense")
                       .mark("force-close"))
            ui.button(_("Close as donor"), icon="block",
                      on_click=lambda: close_donor(tab, state["close"])) \
                .props("outline").mark("close-donor")
