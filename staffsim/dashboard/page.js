// The page's own JavaScript (added to each page's head by staffsim.dashboard.page).

// Draw one circle per commune on the Leaflet map element `mapId`; a click tells the server
// which commune it was (event "staffsim_commune").
window.staffsimDrawCommunes = (mapId, points, fit) => {
  const el = getElement(mapId);
  if (!el || !el.map || !window.L) return false;
  const map = el.map;
  if (el.staffsimLayer) map.removeLayer(el.staffsimLayer);
  const group = L.featureGroup();
  for (const p of points) {
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: p.r, color: "#37474f", weight: 1, fillColor: p.c, fillOpacity: 0.85,
      className: "staffsim-commune commune-" + p.id,
    });
    marker.staffsimIndex = p.i;
    marker.bindTooltip(p.tip, {direction: "top", sticky: false});
    marker.on("click", () => emitEvent("staffsim_commune", {map: mapId, index: p.i}));
    group.addLayer(marker);
  }
  group.addTo(map);
  el.staffsimLayer = group;
  if (fit) map.fitBounds(group.getBounds(), {padding: [16, 16]});
  if (el.staffsimSelected !== undefined) staffsimHighlight(mapId, el.staffsimSelected, false);
  return true;
};
// Outline the chosen commune (and pan to it).
window.staffsimHighlight = (mapId, index, pan) => {
  const el = getElement(mapId);
  if (!el || !el.staffsimLayer) return false;
  el.staffsimSelected = index;
  el.staffsimLayer.eachLayer((m) => {
    const on = m.staffsimIndex === index;
    m.setStyle({weight: on ? 4 : 1, color: on ? "#0d47a1" : "#37474f"});
    // (at once: a pan still animating when the commune's panel opens and the map narrows
    // ends where it was aimed before, the commune at the map's edge, not in its middle)
    if (on) { m.bringToFront(); if (pan) el.map.panTo(m.getLatLng(), {animate: false}); }
  });
  return true;
};

// The OpenStreetMap background offline (no internet, a blocked proxy): its tiles fail one by
// one and the map was a blank grey box with no word why. One line on the map says so while no
// tile has loaded (the communes are drawn whatever the background); ``text`` is the line in
// the tab's language. Watches the tile layers there are and those added later (the switch).
window.staffsimWatchTiles = (mapId, text) => {
  const el = getElement(mapId);
  if (!el || !el.map || !window.L) return false;
  const map = el.map;
  el.staffsimTilesText = text;
  const notice = (on) => {
    if (on && !el.staffsimTilesNotice) {
      const control = L.control({position: "bottomleft"});
      control.onAdd = () => {
        const div = L.DomUtil.create("div", "staffsim-tiles-offline");
        div.setAttribute("data-testid", "tiles-offline");
        div.setAttribute("role", "status");
        div.style.cssText = "background:rgba(255,255,255,0.92);padding:2px 8px;" +
          "border:1px solid #b0bec5;border-radius:4px;font-size:13px;color:#37474f";
        div.textContent = el.staffsimTilesText;
        return div;
      };
      control.addTo(map);
      el.staffsimTilesNotice = control;
    } else if (!on && el.staffsimTilesNotice) {
      el.staffsimTilesNotice.remove();
      el.staffsimTilesNotice = undefined;
    }
  };
  if (el.staffsimTilesNotice) {  // (a language switch: the words anew)
    el.staffsimTilesNotice.getContainer().textContent = text;
  }
  const failed = (layer) => {  // tiles that came back, none of them loaded
    const tiles = Object.values(layer._tiles || {});
    return tiles.some((t) => t.loaded) &&
      !tiles.some((t) => t.el.classList.contains("leaflet-tile-loaded"));
  };
  const watch = (layer) => {
    if (!(layer instanceof L.TileLayer) || layer.staffsimWatched) return;
    layer.staffsimWatched = true;
    layer.on("tileerror", () => { if (!layer.staffsimLoaded) notice(true); });
    layer.on("tileload", () => { layer.staffsimLoaded = true; notice(false); });
    if (failed(layer)) notice(true);  // (it failed before it was watched)
  };
  if (!el.staffsimTilesWatched) {
    el.staffsimTilesWatched = true;
    map.on("layeradd", (e) => watch(e.layer));
    map.on("layerremove", (e) => { if (e.layer instanceof L.TileLayer) notice(false); });
  }
  map.eachLayer(watch);
  return true;
};

// Searches in selects match with or without Vietnamese diacritics ("muong lat" finds
// "Mường Lát"): NiceGUI's select filters by plain substring, so its filter is replaced on the
// element `id` once it is mounted.
window.staffsimFold = (s) => String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
window.staffsimFoldSelect = (id, tries = 50) => {
  const el = getElement(id);
  if (!el) {
    if (tries > 0) setTimeout(() => window.staffsimFoldSelect(id, tries - 1), 100);
    return;
  }
  el.findFilteredOptions = function () {
    const input = this.$el.querySelector("input[type=search]");
    const needle = input ? window.staffsimFold(input.value).trim() : "";
    return needle
      ? this.initialOptions.filter((o) => window.staffsimFold(o.label).includes(needle))
      : this.initialOptions;
  };
  // Enter in the search takes the first match, as a click on it would (Quasar's select takes
  // only an option highlighted with the arrow keys, and otherwise closes its list: Enter
  // did nothing). Caught on the way down (capture), before Quasar's own handler on the input;
  // an option highlighted with the arrows is left to Quasar, and so is an IME's Enter.
  if (el.staffsimEnter) return;
  el.staffsimEnter = true;
  // the full name on hover (a long one ends in '…' in the box)
  el.$el.addEventListener("mouseover", () => {
    const input = el.$el.querySelector("input[type=search]");
    if (input) input.title = input.value;
  });
  el.$el.addEventListener("keydown", (e) => {
    if (e.key !== "Enter" || e.isComposing || e.keyCode === 229) return;
    const q = el.$refs.qRef;
    const input = el.$el.querySelector("input[type=search]");
    if (!q || !input || e.target !== input || q.getOptionIndex() !== -1) return;
    if (!window.staffsimFold(input.value).trim()) return;
    const first = el.findFilteredOptions()[0];
    if (first === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    q.toggleOption(first);
    q.hidePopup();
  }, true);
};

// NiceGUI's 'Connection lost. / Trying to reconnect...' (it has no Vietnamese) in the tab's
// language: ``words`` set by the page (page.py), and again on a language switch.
window.staffsimSetPopup = (words) => {
  const spans = document.querySelectorAll("#popup span");
  if (spans.length >= 2) { spans[0].textContent = words[0]; spans[1].textContent = words[1]; }
};
document.addEventListener("DOMContentLoaded", () => {
  if (window.staffsimPopupWords) window.staffsimSetPopup(window.staffsimPopupWords);
});

// The map fills the screen below what is above it, its legend within the screen: at 1366 x
// 768 a re-plan's line under the cards pushed the legend 40 px below it (the map's height was
// a fixed share of the screen's). Its height is set from where it starts and what follows it
// in the page, in a CSS variable its style reads (a re-render of the element from the server
// keeps it), at least 12rem; again whenever the page's content or the window changes size
// (a line above it, cards in two rows, a drawer opening), and the map is told its new size
// (Leaflet keeps its centre). Called by the page before it draws on the map (``now``: at
// once, so that the communes are fitted to its new size).
window.staffsimFitMap = (() => {
  let queued = false;
  let content = null;
  let mapEl = null;
  const observer = new ResizeObserver(() => window.staffsimFitMap());
  const fit = () => {
    queued = false;
    const map = document.querySelector("[data-testid=map]");
    const page = document.querySelector(".q-page > .nicegui-content");
    if (!map || !page || !map.offsetParent) return;  // (another tab shown)
    if (page !== content) {
      if (content) observer.unobserve(content);
      observer.observe(page);
      content = page;
    }
    if (map !== mapEl) {
      if (mapEl) observer.unobserve(mapEl);
      observer.observe(map);
      mapEl = map;
    }
    const box = map.getBoundingClientRect();
    const top = box.top + window.scrollY;
    const under = page.getBoundingClientRect().bottom - box.bottom;  // legend, paddings
    const least = 12 * parseFloat(getComputedStyle(document.documentElement).fontSize);
    const height = Math.max(least, Math.floor(window.innerHeight - top - under));
    if (Math.abs(height - box.height) >= 1) {
      document.documentElement.style.setProperty("--staffsim-map-height", height + "px");
    }
    const el = getElement(map);
    if (el && el.map) el.map.invalidateSize();
  };
  window.addEventListener("resize", () => window.staffsimFitMap());
  return (now) => {
    if (now) fit();
    else if (!queued) { queued = true; requestAnimationFrame(fit); }
  };
})();
