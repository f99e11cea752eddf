/* The event list beside the map: the filtered events, newest first by event date, the
 * first MAX_ROWS of them drawn (a line counts the rest).  A row opens its event as its
 * point does; rows of events that have just arrived (live updates) carry the class
 * "fresh" for a few seconds.  Built with text nodes only (dom.js). */
import { placeName, t, typeName } from "./text.js";
import { h, replace } from "./dom.js";

export const MAX_ROWS = 200;
const root = h("section", { id: "event-list", "aria-label": "Events" });

// newest first; events without a date last; ties: the later id first
export const newestFirst = (a, b) => (b.date || "").localeCompare(a.date || "") || b.id - a.id;

// The list's element (kept while an event is open in the panel, put back when it closes).
export function listElement() { return root; }

// shown: the events passing the filters; fresh: ids of newly arrived events; open(id)
export function renderList(shown, fresh, open) {
  const list = shown.slice().sort(newestFirst);
  const rows = list.slice(0, MAX_ROWS).map((e) => h("li", { class: fresh.has(e.id) ? "fresh" : null, dataset: { id: e.id, date: e.date || "", type: e.type } },
    h("button", { type: "button", class: "linkish", onclick: () => open(e.id) },
      h("span", { class: "row-date" }, e.date || "?"), " · ", typeName(e.sub || e.type),
      " · ", placeName(e) || e.admin1 || "?", e.fat ? ` · ${e.fat} ${t("fatalities")}` : "")));
  replace(root, h("h3", {}, `${t("eventList")} (${list.length})`),
    h("ul", { class: "event-rows" }, rows),
    list.length > MAX_ROWS && h("p", { class: "hint more-rows" }, `${list.length - MAX_ROWS} ${t("more")}`));
}

// Mark or unmark rows as fresh without redrawing the list.
export function markFresh(fresh) {
  root.querySelectorAll("li[data-id]").forEach((li) => li.classList.toggle("fresh", fresh.has(Number(li.dataset.id))));
}
