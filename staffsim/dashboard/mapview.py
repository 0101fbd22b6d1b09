"""The province map: every commune a circle at its coordinates, coloured by unmet need (or
WISN ratio), sized by population, with a tooltip, drawn on NiceGUI's Leaflet map.

There are no public boundary polygons of the post-2025 communes, hence points. Leaflet is served
by NiceGUI itself; the OpenStreetMap tile layer is added only when tiles are wanted (online),
otherwise the points lie on a plain background and the page makes no outside request.
"""

from __future__ import annotations

import html
import json
import socket

import numpy as np

from staffsim.dashboard.planning import PlanView
from staffsim.dashboard.words import Words
from staffsim.i18n import N_
from staffsim.scenarios.params import ALL_KINDS, ZONES

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

# (upper bound, colour, label): red = worst. Unmet need in FTE; WISN ratio in post / required.
UNMET_BINS: tuple[tuple[float, str, str], ...] = (
    (0.05, "#1a9850", N_("none")), (1.0, "#91cf60", N_("under 1 FTE")),
    (3.0, "#fee08b", N_("1 to 3 FTE")), (6.0, "#fc8d59", N_("3 to 6 FTE")),
    (np.inf, "#d73027", N_("6 FTE or more")))
WISN_BINS: tuple[tuple[float, str, str], ...] = (
    (0.7, "#d73027", N_("below 0.7")), (0.8, "#fc8d59", N_("0.7 to 0.8")),
    (0.9, "#fee08b", N_("0.8 to 0.9")), (1.0, "#91cf60", N_("0.9 to 1.0")),
    (np.inf, "#1a9850", N_("1.0 or more")))
COLOR_BY = {"unmet_after": N_("unmet need after the plan"),
            "unmet_before": N_("unmet need before the plan"),
            # (in words: "WISN ratio" alone is a method's name to an HR user)
            "wisn_after": N_("staff in post ÷ need after the plan (WISN ratio)")}


def colours(view: PlanView, by: str) -> np.ndarray:
    """One colour per commune for the measure ``by`` (a key of ``COLOR_BY``)."""
    if by == "wisn_after":
        values, bins = view.wisn_ratio("after"), WISN_BINS
    else:
        values, bins = view.unmet("before" if by == "unmet_before" else "after"), UNMET_BINS
    edges = np.array([b[0] for b in bins])
    idx = np.minimum(np.searchsorted(edges, values, side="right" if by == "wisn_after"
                                     else "left"), len(bins) - 1)
    return np.array([b[1] for b in bins])[idx]


def legend(_: Words, by: str) -> list[tuple[str, str]]:
    bins = WISN_BINS if by == "wisn_after" else UNMET_BINS
    return [(colour, _(label)) for _edge, colour, label in bins]


def tooltip(_: Words, view: PlanView, r: int) -> str:
    c = view.state.communes
    before, after = int(view.before[r].sum()), int(view.after[r].sum())
    gaps = view.essential_gaps(r)
    lines = [f"<b>{html.escape(_.commune(ALL_KINDS[c.kind[r]], c.names[r]))}</b>",
             html.escape(_.zone(ZONES[c.zone[r]])),
             html.escape(_("officials in post: {before} → {after} (required {required} FTE)",
                           before=before, after=after,
                           required=_.num(view.required[r].sum(), 1))),
             html.escape(_("unmet need: {before} → {after} FTE",
                           before=_.num(view.unmet("before")[r], 1),
                           after=_.num(view.unmet("after")[r], 1)))]
    if gaps:
        lines.append(html.escape(_("essential specialties vacant: {names}",
                                   names=", ".join(_.specialty(s) for s in gaps))))
    return "<br>".join(lines)


def points(_: Words, view: PlanView, by: str) -> list[dict]:
    c = view.state.communes
    fill = colours(view, by)
    size = 3.0 + 9.0 * np.sqrt(c.population / max(float(c.population.max()), 1.0))
    return [{"i": r, "id": c.ids[r], "lat": float(c.lat[r]), "lon": float(c.lon[r]),
             "r": round(float(size[r]), 1), "c": str(fill[r]), "tip": tooltip(_, view, r)}
            for r in range(len(c))]


def draw_call(map_id: int, pts: list[dict], fit: bool) -> str:
    """JavaScript that (re)draws the communes on the map element ``map_id``."""
    data = json.dumps(pts, ensure_ascii=False)
    return f"staffsimDrawCommunes({map_id}, {data}, {str(fit).lower()})"




def tiles_reachable(timeout: float = 1.0) -> bool:
    """Can this machine reach the OpenStreetMap tile server? (A guess at the browser's
    connection: the department's browsers usually share the server's network.)"""
    try:
        with socket.create_connection(("tile.openstreetmap.org", 443), timeout=timeout):
            return True
    except OSError:
        return False
