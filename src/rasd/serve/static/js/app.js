/* Rasd dashboard: map, timeline, filters, event panel and article view.
 *
 * All events are loaded once from /dashboard/events.json (a compact list) and filtered
 * in the browser, so a filter change re-renders without a round trip.  Details (sources,
 * evidence, article text) are fetched when a point is opened.  The URL hash is the view:
 * every change of filter or open event is a history entry (Back and Forward step through
 * views), and a hash set from outside (a pasted link, a bookmark) is applied as it comes.
 * Nothing is requested outside this server.
 *
 * Live updates: every LIVE seconds the page asks for the events written since its last
 * answer (`dashboard/events.json?since=WATERMARK`), merges them in, re-renders, and marks
 * the new or changed ones "fresh" (list rows, markers, clusters) for FRESH_MS.  The
 * interval is the page's `?live=SECONDS` query parameter, else window.RASD_LIVE_SECONDS,
 * else 30; 0 turns polling off.
 */
import { COLORS, normalize, t, typeName, ui } from "./text.js";
import { h, replace } from "./dom.js";
import { apiFilterParams, hashOf, matches, prepareQuery, readHash, resetFilters, state } from "./state.js";
import * as mapView from "./map.js";
import * as panel from "./panel.js";
import { buildTimeline, initBrush, renderTimeline } from "./timeline.js";
import { listElement, markFresh, renderList } from "./list.js";

const $ = (id) => document.getElementById(id);
let all = [];        // every event from the server
let byId = new Map();
let shown = [];      // events passing the filters
const narrow = window.matchMedia("(max-width: 820px)");
const FRESH_MS = 6000;  // how long newly arrived events stay marked
let fresh = new Set();  // ids of newly arrived events
let watermark = null;   // the server's latest event write, as of the last answer

// ---- the URL ------------------------------------------------------------------------------
let shownHash = null;   // the hash of the view on screen
let typing = false;     // the last entry recorded the search box: further keystrokes amend it
const urlFor = (hash) => (hash === "#" ? location.pathname + location.search : hash);

// Record the state in the URL: a new history entry ("push"), or amend the current one.
function record(mode = "push") {
  const hash = hashOf();
  updateExportLinks();
  if (hash === shownHash) return;
  if (mode === "push" && shownHash !== null) history.pushState(null, "", urlFor(hash));
  else history.replaceState(null, "", urlFor(hash));
  shownHash = hash;
}

// The URL changed under the page (Back/Forward, a typed or pasted hash): show its view.
function fromUrl() {
  const before = { event: state.event, article: state.article, lang: ui.lang };
  readHash(location.hash);
  const hash = hashOf();
  if (hash === shownHash) return;
  shownHash = hash;
  typing = false;
  if (urlFor(hash) !== (location.hash || location.pathname + location.search)) history.replaceState(null, "", urlFor(hash));
  if (ui.lang !== before.lang) applyLanguage(); else syncControls();
  apply();
  if (state.event !== before.event || state.article !== before.article || ui.lang !== before.lang) showFromState();
}

function updateExportLinks() {
  const qs = apiFilterParams();
  $("export-csv").href = "export.csv" + (qs ? "?" + qs : "");
  $("export-geojson").href = "export.geojson" + (qs ? "?" + qs : "");
}

// ---- filters --------------------------------------------------------------------------------
function buildFilters() {
  $("f-types").querySelectorAll("label").forEach((n) => n.remove());
  for (const ty of Object.keys(COLORS)) {
    const swatch = h("span", { class: "swatch" });
    swatch.style.background = COLORS[ty];  // not a style attribute: the CSP forbids them
    $("f-types").append(h("label", {}, h("input", { type: "checkbox", value: ty }), " ", swatch, " ",
                          h("span", {}, typeName(ty).replace("/", "/\u200b")), " ", h("small", { class: "type-count", dataset: { type: ty } })));
  }
  fillSelect("f-actor", [...new Set(all.flatMap((e) => [e.a1, e.a2]).filter(Boolean))].sort());
  fillSelect("f-admin1", [...new Set(all.map((e) => e.admin1).filter(Boolean))].sort());
  replace($("legend"), h("div", {}, t("sizeLegend")),
    h("div", { class: "legend-low" }, h("span", { class: "swatch low-confidence" }), " ", h("span", {}, t("lowConf"))),
    h("div", { class: "legend-area" }, h("span", { class: "swatch area" }), " ", h("span", {}, t("areaLegend"))));
  syncControls();
}
function fillSelect(id, values) {
  replace($(id), h("option", { value: "" }, t("any")), values.map((v) => h("option", { value: v }, v)));
}
// The controls show the state (after a URL change, a reset or a language switch).
function syncControls() {
  if (document.activeElement !== $("f-q") || normalize($("f-q").value.trim()) !== normalize(state.q)) $("f-q").value = state.q;
  $("f-from").value = state.from; $("f-to").value = state.to;
  $("f-types").querySelectorAll("input").forEach((i) => { i.checked = state.types.includes(i.value); });
  for (const [id, v] of [["f-actor", state.actor], ["f-admin1", state.admin1]]) {
    if (v && ![...$(id).options].some((o) => o.value === v)) $(id).append(h("option", { value: v }, v));
    $(id).value = v;
  }
  $("f-disputed").checked = state.disputed;
  $("f-conf").value = state.conf;
  $("f-areas").checked = state.areas;
}
// Each type's count is of the events passing every other filter (dates included).
function renderTypeCounts() {
  const n = {};
  for (const e of all) if (matches(e, "types")) n[e.type] = (n[e.type] || 0) + 1;
  $("f-types").querySelectorAll(".type-count").forEach((s) => { s.textContent = `(${n[s.dataset.type] || 0})`; });
}
function bindFilters() {
  let timer;
  const change = (fn) => () => { fn(); typing = false; apply(); record(); };
  $("f-q").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.q = $("f-q").value.trim();
      apply();
      record(typing ? "replace" : "push");  // one history entry per search, not per keystroke
      typing = true;
    }, 300);
  });
  $("f-q").addEventListener("change", () => { typing = false; });
  $("f-from").addEventListener("change", change(() => { state.from = $("f-from").value; }));
  $("f-to").addEventListener("change", change(() => { state.to = $("f-to").value; }));
  $("f-types").addEventListener("change", change(() => {
    state.types = [...$("f-types").querySelectorAll("input:checked")].map((i) => i.value);
  }));
  $("f-actor").addEventListener("change", change(() => { state.actor = $("f-actor").value; }));
  $("f-admin1").addEventListener("change", change(() => { state.admin1 = $("f-admin1").value; }));
  $("f-disputed").addEventListener("change", change(() => { state.disputed = $("f-disputed").checked; }));
  $("f-conf").addEventListener("change", change(() => { state.conf = $("f-conf").value; }));
  $("f-areas").addEventListener("change", change(() => { state.areas = $("f-areas").checked; }));
  $("f-reset").addEventListener("click", change(() => { resetFilters(); syncControls(); }));
  $("lang").addEventListener("click", () => {
    ui.lang = ui.lang === "ar" ? "en" : "ar";
    applyLanguage(); showFromState(); record("replace");
  });
}

// ---- the filters drawer (narrow screens) ------------------------------------------------------
function setDrawer(open) {
  document.body.classList.toggle("drawer-open", open);
  $("drawer-toggle").setAttribute("aria-expanded", String(open));
  // focus moves into the drawer and back, without raising a phone's keyboard
  if (open) $("drawer-close").focus({ preventScroll: true });
  else if (document.activeElement && $("filters").contains(document.activeElement)) $("drawer-toggle").focus();
}
function bindDrawer() {
  $("drawer-toggle").addEventListener("click", () => setDrawer(!document.body.classList.contains("drawer-open")));
  $("drawer-close").addEventListener("click", () => setDrawer(false));
  $("backdrop").addEventListener("click", () => setDrawer(false));
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && document.body.classList.contains("drawer-open")) setDrawer(false);
  });
  narrow.addEventListener("change", () => setDrawer(false));
}

function applyLanguage() {
  document.documentElement.lang = ui.lang;
  document.documentElement.dir = ui.lang === "ar" ? "rtl" : "ltr";
  $("lang").textContent = ui.lang === "ar" ? "English" : "العربية";
  document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
  buildFilters();
  renderTypeCounts();
  renderCounts();
  renderList(shown, fresh, actions.openEvent);
  mapView.relabel();
}

function renderCounts() {
  const placed = shown.filter((e) => e.lat != null).length;
  $("counts").textContent = `${shown.length} ${t("of")} ${all.length} ${t("events")}` + (placed < shown.length ? ` (${shown.length - placed} ${t("noPlace")})` : "");
}
function apply() {
  const t0 = performance.now();
  prepareQuery();
  shown = all.filter((e) => matches(e));
  mapView.renderMap(shown, state.areas);
  renderTimeline(all, state, (e) => matches(e, "dates"), (e) => matches(e));
  renderTypeCounts();
  renderCounts();
  renderList(shown, fresh, actions.openEvent);
  updateExportLinks();
  document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
}

// ---- the panel ----------------------------------------------------------------------------------
async function getJSON(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}
let panelSeq = 0;  // a later opening wins over a slower earlier one
const actions = {
  openEvent: (id) => { state.event = id; state.article = null; record(); showFromState(); },
  openArticle: (aid, eid) => { state.article = aid; state.event = eid || null; record(); showFromState(); },
  openArea: (events) => { panelSeq++; mapView.showEvent(null); panel.showArea(events, actions); },
  close: () => { state.event = state.article = null; record(); showFromState(); },
};
async function showFromState() {
  const seq = ++panelSeq;
  if (!state.event && !state.article) { mapView.showEvent(null); panel.showHint(listElement()); return; }
  panel.showLoading();
  try {
    if (state.article) {
      const a = await getJSON(`articles/${state.article}`);
      if (seq === panelSeq) panel.showArticle(a, state.event, actions);
    } else {
      const ev = await getJSON(`events/${state.event}`);
      if (seq === panelSeq) panel.showEvent(ev, actions);
    }
  } catch (err) {
    if (seq === panelSeq) panel.showError(err, actions);
  }
  if (seq === panelSeq) mapView.showEvent(byId.get(state.event) || null);
}

// ---- live updates ---------------------------------------------------------------------------
const prepare = (e) => ({ ...e, search: normalize([e.notes, e.loc, e.loc_ar, e.a1, e.a2, e.sub, e.type, e.admin1, e.text].join(" ")) });

function liveSeconds() {
  const given = new URLSearchParams(location.search).get("live") ?? window.RASD_LIVE_SECONDS;
  const n = Number(given ?? 30);
  return Number.isFinite(n) && n > 0 ? Math.max(0.2, n) : 0;
}

// Merge the events written since the last answer; true if anything changed.
function merge(data) {
  const kept = new Set(data.ids ?? data.events.map((e) => e.id));
  // `since` is inclusive: the latest write comes again, unchanged (same `ts`), and is skipped
  const incoming = data.events.filter((e) => { const old = byId.get(e.id); return !old || old.ts !== e.ts; }).map(prepare);
  const ids = incoming.map((e) => e.id), arrived = new Set(ids);
  const gone = all.some((e) => !kept.has(e.id));  // merged away or deleted
  if (!incoming.length && !gone) return false;
  all = all.filter((e) => kept.has(e.id) && !arrived.has(e.id)).concat(incoming);
  all.sort((a, b) => (a.date || "").localeCompare(b.date || "") || a.id - b.id);
  byId = new Map(all.map((e) => [e.id, e]));
  mapView.forget(ids);
  for (const id of ids) fresh.add(id);
  setTimeout(() => {
    for (const id of ids) fresh.delete(id);
    markFresh(fresh); mapView.markFresh(fresh);
  }, FRESH_MS);
  return true;
}

async function poll() {
  try {
    if (!document.hidden) {
      // an empty store has no watermark yet: ask for everything
      const data = await getJSON("dashboard/events.json" + (watermark ? "?since=" + encodeURIComponent(watermark) : ""));
      watermark = data.watermark ?? watermark;
      if (merge(data)) {
        const actorsBefore = $("f-actor").options.length, govBefore = $("f-admin1").options.length;
        buildTimeline(all);
        const actors = [...new Set(all.flatMap((e) => [e.a1, e.a2]).filter(Boolean))].sort();
        const govs = [...new Set(all.map((e) => e.admin1).filter(Boolean))].sort();
        if (actors.length + 1 !== actorsBefore || govs.length + 1 !== govBefore) {
          fillSelect("f-actor", actors); fillSelect("f-admin1", govs); syncControls();
        }
        mapView.markFresh(fresh);
        apply();
        if (state.event) mapView.showEvent(byId.get(state.event) || null);
        document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
      }
    }
  } catch (err) {
    console.warn("live update failed:", err);
  }
  setTimeout(poll, liveSeconds() * 1000);
}

// ---- start ----------------------------------------------------------------------------------------
async function start() {
  readHash(location.hash);
  const data = await getJSON("dashboard/events.json");
  watermark = data.watermark ?? null;
  all = data.events.map(prepare);
  byId = new Map(all.map((e) => [e.id, e]));
  mapView.initMap(data, actions);
  buildTimeline(all);
  bindFilters();
  bindDrawer();
  initBrush(() => state, (from, to) => { state.from = from; state.to = to; syncControls(); apply(); record(); });
  applyLanguage();
  apply();
  record("replace");
  window.addEventListener("hashchange", fromUrl);
  window.addEventListener("popstate", fromUrl);
  window.addEventListener("resize", () => renderTimeline(all, state, (e) => matches(e, "dates"), (e) => matches(e)));
  await showFromState();
  if (liveSeconds()) setTimeout(poll, liveSeconds() * 1000);
  document.body.dataset.ready = "1";
}
start().catch((err) => { console.error(err); replace($("panel"), h("p", { class: "disputed" }, String(err && (err.stack || err)))); });
