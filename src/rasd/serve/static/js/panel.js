/* The side panel: an event (fields, notes, evidence, claims, sources), an article with its
 * events marked, or the list of events at an area.  Built with text nodes only (dom.js). */
import { I18N, t, typeName, placeName, ui } from "./text.js";
import { h, highlight, replace, webLink } from "./dom.js";

const panel = () => document.getElementById("panel");
// actions: {openEvent(id), openArticle(articleId, eventId), close()}
const closeButton = (actions) => h("button", { type: "button", class: "panel-close", "aria-label": t("close"),
                                               title: t("close"), onclick: actions.close }, "×");

// No event open: the hint and the event list (list.js) under it.
export function showHint(list) {
  document.body.classList.remove("panel-open");
  replace(panel(), h("p", { class: "hint" }, t("hint")), list);
}
export function showLoading() {
  document.body.classList.add("panel-open");
  replace(panel(), h("p", { class: "hint" }, t("loading")));
}
export function showError(err, actions) {
  replace(panel(), closeButton(actions), h("p", { class: "disputed" }, `${t("failed")}: ${err.message || err}`));
}

export function showEvent(ev, actions) {
  panel().scrollTop = 0;
  const disputed = new Set(ev.disputed_fields || []);
  const rows = [];
  const row = (k, v, field) => {
    if (v == null || v === "") return;
    rows.push(h("dt", {}, t(k)), h("dd", { class: disputed.has(field) ? "disputed" : null }, v));
  };
  const actors = [ev.actor1, ev.assoc_actor_1 && `(${ev.assoc_actor_1})`, ev.actor2 && "→ " + ev.actor2].filter(Boolean).join(" ");
  row("date", ev.event_date, "event_date");
  row("actors", actors, "actor1");
  const where = [ev.location, ev.admin2, ev.admin1].filter(Boolean).join(", ");
  row("location", [where, ev.location_ar && [" · ", h("span", { lang: "ar", dir: "rtl" }, ev.location_ar)]], "location");
  row("precision", `${ev.geo_precision ?? "?"} — ${I18N[ui.lang].precisionText[ev.geo_precision] || ""}`);
  row("fatalities", ev.fatalities != null ? String(ev.fatalities) : null, "fatalities");
  row("injured", ev.injured != null ? String(ev.injured) : null, "injured");
  row("confidence", ev.confidence != null ? Number(ev.confidence).toFixed(2) : null);
  const evidence = (list, src) => (list || []).map((x) => h("p", { class: "evidence", lang: "ar", dir: "rtl" }, highlight(x.text, src)));
  const sources = ev.sources || [];
  let claims = null;
  if (sources.length > 1) {
    const fields = ["event_date", "fatalities", "actor1", "actor2", "location"];
    // the table scrolls inside its own box when the panel is narrow
    claims = [h("h3", {}, t("claims")), h("div", { class: "table-wrap" }, h("table", { class: "claims" },
      h("tr", {}, h("th"), fields.map((f) => h("th", {}, f))),
      sources.map((s) => h("tr", {}, h("td", {}, s.source || s.article_id),
        fields.map((f) => h("td", { class: disputed.has(f) ? "disputed" : null }, s[f] ?? "")))))),
    ];
  }
  replace(panel(), closeButton(actions),
    h("h2", { class: "event-title" }, `${typeName(ev.event_type)} — ${ev.sub_event_type || ""}`),
    ev.disputed && h("p", { class: "disputed" }, `${t("disputed")}: ${[...disputed].join(", ")}`),
    h("dl", {}, rows),
    h("h3", {}, t("notes")), h("p", { class: "notes" }, ev.notes || ""),
    h("h3", {}, t("evidence")), evidence(ev.evidence, ev),
    claims,
    // reports and outlets apart: two articles of one outlet are two reports, one source
    h("h3", {}, `${t("sources")} (${ev.n_reports ?? sources.length} ${t("reports")}, ${ev.n_outlets ?? "?"} ${t("outlets")})`),
    sources.map((s) => {
      const link = s.url ? webLink(s.url, t("link")) : null;
      return h("div", { class: "source" },
        h("div", {}, h("strong", {}, s.source || ""), ` · ${s.published || ""}`, link && [" · ", link]),
        evidence(s.evidence, s),
        h("button", { type: "button", class: "open-article", onclick: () => actions.openArticle(Number(s.article), Number(ev.event_id)) },
          t("openArticle")));
    }));
}

export function showArticle(a, eventId, actions) {
  const spans = (a.highlights || []).slice().sort((x, y) => x.start - y.start);
  const body = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos) continue;
    body.push(a.text.slice(pos, s.start), h("mark", {
      class: s.event === eventId ? "event current" : "event", title: s.sub_event_type || s.event_type || "",
      onclick: () => { if (s.event) actions.openEvent(Number(s.event)); },
    }, a.text.slice(s.start, s.end)));
    pos = s.end;
  }
  body.push(a.text.slice(pos));
  const link = a.url ? webLink(a.url, t("link")) : null;
  replace(panel(), closeButton(actions),
    eventId && h("button", { type: "button", id: "back", onclick: () => actions.openEvent(eventId) }, t("back")),
    h("h2", { lang: "ar", dir: "rtl" }, a.title || a.article_id),
    h("p", { class: "source meta" }, `${a.source || ""} · ${t("published")}: ${a.published || "?"}`, link && [" · ", link]),
    h("div", { class: "article-text", lang: "ar", dir: "rtl" }, body));
  const cur = panel().querySelector("mark.current");
  if (cur) cur.scrollIntoView({ block: "center" });
}

// The events of one area-level place (a dashed ring holding several), newest first.
export function showArea(events, actions) {
  document.body.classList.add("panel-open");
  panel().scrollTop = 0;
  const list = events.slice().sort((a, b) => (b.date || "").localeCompare(a.date || ""));
  replace(panel(), closeButton(actions),
    h("h2", {}, `${placeName(list[0])} — ${list.length} ${t("events")}`),
    h("p", { class: "hint" }, t("areaNote")),
    h("ul", { class: "area-events" }, list.slice(0, 300).map((e) => h("li", {},
      h("button", { type: "button", class: "linkish", onclick: () => actions.openEvent(e.id) },
        `${e.date || "?"} · ${typeName(e.sub || e.type)}`, e.fat ? ` · ${e.fat} ${t("fatalities")}` : "")))));
}
