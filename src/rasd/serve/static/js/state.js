/* The view's state and its URL: the hash holds every filter, the open event or article,
 * the language and whether area-level events are drawn, so a link reopens the same view. */
import { ui, normalize } from "./text.js";

export const CONF_LEVELS = ["0.5", "0.8"];  // the choices of the confidence filter
const FILTERS = { q: "", from: "", to: "", types: [], actor: "", admin1: "", disputed: false, conf: "" };
export const state = { ...FILTERS, types: [], areas: true, event: null, article: null };

export function resetFilters() { Object.assign(state, FILTERS, { types: [] }); }

const id = (v) => (/^[1-9][0-9]{0,15}$/.test(v || "") ? Number(v) : null);
const day = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v : "");

// Set the state from a hash ("#types=Battles&event=12"); what is absent is the default.
export function readHash(hash) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  state.q = (p.get("q") || "").trim(); state.from = day(p.get("from")); state.to = day(p.get("to"));
  state.types = p.get("types") ? p.get("types").split("|").filter(Boolean) : [];
  state.actor = p.get("actor") || ""; state.admin1 = p.get("admin1") || "";
  state.disputed = p.get("disputed") === "1";
  state.conf = CONF_LEVELS.includes(p.get("conf")) ? p.get("conf") : "";
  state.areas = p.get("areas") !== "0";
  state.event = id(p.get("event"));
  state.article = id(p.get("article"));
  ui.lang = p.get("lang") === "ar" ? "ar" : "en";
}

// The hash of the current state, in a fixed key order (so equal views have equal hashes).
export function hashOf() {
  const p = new URLSearchParams();
  for (const k of ["q", "from", "to", "actor", "admin1", "conf"]) if (state[k]) p.set(k, state[k]);
  if (state.types.length) p.set("types", state.types.join("|"));
  if (state.disputed) p.set("disputed", "1");
  if (!state.areas) p.set("areas", "0");
  if (state.event) p.set("event", state.event);
  if (state.article) p.set("article", state.article);
  if (ui.lang === "ar") p.set("lang", "ar");
  return "#" + p.toString();
}

export function apiFilterParams() {
  const p = new URLSearchParams();
  if (state.from) p.set("date_from", state.from);
  if (state.to) p.set("date_to", state.to);
  if (state.types.length === 1) p.set("event_type", state.types[0]);
  if (state.actor) p.set("actor", state.actor);
  if (state.admin1) p.set("admin1", state.admin1);
  if (state.disputed) p.set("disputed", "true");
  if (state.conf) p.set("min_confidence", state.conf);
  if (state.q) p.set("q", state.q);
  return p.toString();
}

// matches(e): the event passes every filter; matches(e, "types"): every filter but that one
// (for the counts beside the type boxes and the timeline's bars).
let queryWords = [];
export function prepareQuery() { queryWords = normalize(state.q).split(/\s+/).filter(Boolean); }
export function matches(e, except = "") {
  if (except !== "dates") {
    if (state.from && (!e.date || e.date < state.from)) return false;
    if (state.to && (!e.date || e.date > state.to)) return false;
  }
  if (except !== "types" && state.types.length && !state.types.includes(e.type)) return false;
  if (state.actor && e.a1 !== state.actor && e.a2 !== state.actor) return false;
  if (state.admin1 && e.admin1 !== state.admin1) return false;
  if (state.disputed && !e.disputed) return false;
  if (state.conf && !(e.conf >= Number(state.conf))) return false;
  if (queryWords.length && !queryWords.every((w) => e.search.includes(w))) return false;
  return true;
}
