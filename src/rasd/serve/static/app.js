/* Rasd dashboard: map, timeline, filters, event panel and article view.
 *
 * All events are loaded once from /dashboard/events.json (a compact list) and filtered
 * in the browser, so a filter change re-renders without a round trip.  Details (sources,
 * evidence, article text) are fetched when a point is opened.  The filter state lives in
 * the URL hash, so a view can be shared.  Nothing is requested outside this server.
 */
(function () {
  "use strict";

  // ---- interface text -----------------------------------------------------------------
  const I18N = {
    en: {
      search: "Search", dates: "Dates", from: "From", to: "To", eventType: "Event type", actor: "Actor",
      governorate: "Governorate", any: "any", disputedOnly: "Disputed only", reset: "Reset filters",
      hint: "Click a point to see the event, its sources and the Arabic evidence.",
      exportCsv: "CSV", exportGeojson: "GeoJSON", events: "events", of: "of", fatalities: "fatalities",
      date: "Date", type: "Type", actors: "Actors", location: "Location", precision: "Geo precision",
      precisionText: {1: "the town itself", 2: "near / part of a named place", 3: "area-level point"},
      notes: "Notes", sources: "Sources", reports: "reports", outlets: "outlets", evidence: "Evidence", disputed: "Disputed", claims: "Claims by source",
      openArticle: "Read the article", back: "Back to the event", injured: "injured", confidence: "Confidence",
      article: "Article", published: "Published", sizeLegend: "Size: fatalities; dashed ring: area-level place",
      noPlace: "events without a place are not on the map", loading: "Loading…", failed: "Could not load",
      conf50: "≥ 0.5 (likely)", conf80: "≥ 0.8 (very likely)", lowConf: "low confidence (< 0.5)",
    },
    ar: {
      search: "بحث", dates: "التاريخ", from: "من", to: "إلى", eventType: "نوع الحدث", actor: "الطرف",
      governorate: "المحافظة", any: "الكل", disputedOnly: "المختلف عليها فقط", reset: "إلغاء التصفية",
      hint: "انقر على نقطة لعرض الحدث ومصادره والدليل من النص العربي.",
      exportCsv: "CSV", exportGeojson: "GeoJSON", events: "حدث", of: "من", fatalities: "قتلى",
      date: "التاريخ", type: "النوع", actors: "الأطراف", location: "المكان", precision: "دقة الموقع",
      precisionText: {1: "البلدة نفسها", 2: "قرب مكان مسمى", 3: "نقطة على مستوى المنطقة"},
      notes: "ملخص", sources: "المصادر", reports: "تقارير", outlets: "وسائل إعلام", evidence: "الدليل", disputed: "مختلف عليه", claims: "روايات المصادر",
      openArticle: "قراءة المقال", back: "العودة إلى الحدث", injured: "جرحى", confidence: "الثقة",
      article: "المقال", published: "تاريخ النشر", sizeLegend: "الحجم: عدد القتلى؛ الحلقة المتقطعة: موقع تقريبي",
      noPlace: "الأحداث بلا موقع لا تظهر على الخريطة", loading: "جار التحميل…", failed: "تعذر التحميل",
      conf50: "≥ 0.5 (مرجّح)", conf80: "≥ 0.8 (مرجّح جدًا)", lowConf: "ثقة منخفضة (< 0.5)",
    },
  };
  const TYPE_AR = {
    "Battles": "معارك", "Explosions/Remote violence": "تفجيرات/عنف عن بعد",
    "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
    "Strategic developments": "تطورات استراتيجية",
  };
  const COLORS = {
    "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4",
  };
  // Below this judge probability an event is drawn hollow: as likely false as real.
  const LOW_CONFIDENCE = 0.5;
  const CONF_LEVELS = ["0.5", "0.8"];  // the choices of the confidence filter
  let lang = "en";
  const t = (k) => I18N[lang][k] ?? I18N.en[k] ?? k;
  const typeName = (ty) => (lang === "ar" ? TYPE_AR[ty] || ty : ty);

  // ---- state ------------------------------------------------------------------------------
  const state = { q: "", from: "", to: "", types: [], actor: "", admin1: "", disputed: false, conf: "", event: null, article: null };
  let all = [];          // every event from the server
  let shown = [];        // events passing the filters
  let dayCounts = [];    // [{day, n}] for the timeline
  const $ = (id) => document.getElementById(id);

  // Only web links are rendered as links: a javascript: or data: URL from an article would run.
  function webLink(url) {
    let u;
    try { u = new URL(url, location.href); } catch (err) { return ""; }
    if (u.protocol !== "http:" && u.protocol !== "https:") return "";
    return ` · <a href="${esc(u.href)}" rel="noreferrer noopener" target="_blank">link</a>`;
  }

  // The server's normalisation for matching (rasd.text.normalize): diacritics and tatweel
  // dropped, alef/ya/ta marbuta forms and digits unified, so that "ادلب" finds "إدلب" and a
  // query of tatweel alone is no query at all, as in the API.
  const DROP = /[\u064B-\u0652\u0670\u0640\u200C-\u200F\u061C\uFEFF\u00AD]/g;
  const FOLD = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي",
                 "ة": "ه", "ک": "ك", "ھ": "ه", "ۀ": "ه" };
  const normalize = (text) => text.replace(DROP, "")
    .replace(/[أإآٱٲٳؤئىیةکھۀ]/g, (c) => FOLD[c])
    .replace(/[\u0660-\u0669]/g, (c) => String(c.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (c) => String(c.charCodeAt(0) - 0x06F0))
    .toLowerCase();
  const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    state.q = p.get("q") || ""; state.from = p.get("from") || ""; state.to = p.get("to") || "";
    state.types = p.get("types") ? p.get("types").split("|") : [];
    state.actor = p.get("actor") || ""; state.admin1 = p.get("admin1") || "";
    state.disputed = p.get("disputed") === "1";
    state.conf = CONF_LEVELS.includes(p.get("conf")) ? p.get("conf") : "";
    state.event = p.get("event") ? Number(p.get("event")) : null;
    state.article = p.get("article") ? Number(p.get("article")) : null;
    lang = p.get("lang") === "ar" ? "ar" : "en";
  }
  function writeHash() {
    const p = new URLSearchParams();
    for (const k of ["q", "from", "to", "actor", "admin1", "conf"]) if (state[k]) p.set(k, state[k]);
    if (state.types.length) p.set("types", state.types.join("|"));
    if (state.disputed) p.set("disputed", "1");
    if (state.event) p.set("event", state.event);
    if (state.article) p.set("article", state.article);
    if (lang === "ar") p.set("lang", "ar");
    const h = "#" + p.toString();
    if (location.hash !== h) history.replaceState(null, "", h);
    updateExportLinks();
  }
  function apiFilterParams() {
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
  function updateExportLinks() {
    const qs = apiFilterParams();
    $("export-csv").href = "export.csv" + (qs ? "?" + qs : "");
    $("export-geojson").href = "export.geojson" + (qs ? "?" + qs : "");
  }

  // ---- filtering --------------------------------------------------------------------------
  let queryWords = [];  // the normalised words of state.q, set by apply()
  function matches(e) {
    if (state.from && (!e.date || e.date < state.from)) return false;
    if (state.to && (!e.date || e.date > state.to)) return false;
    if (state.types.length && !state.types.includes(e.type)) return false;
    if (state.actor && e.a1 !== state.actor && e.a2 !== state.actor) return false;
    if (state.admin1 && e.admin1 !== state.admin1) return false;
    if (state.disputed && !e.disputed) return false;
    if (state.conf && !(e.conf >= Number(state.conf))) return false;
    if (queryWords.length && !queryWords.every((w) => e.search.includes(w))) return false;
    return true;
  }

  // ---- map ----------------------------------------------------------------------------------
  let map, cluster, govLayer;
  const markerById = new Map();
  function initMap(cfg) {
    // no tile layer by default, so the zoom range is ours to set (markercluster needs maxZoom)
    map = L.map("map", { zoomControl: true, attributionControl: true, minZoom: 4, maxZoom: 14 });
    map.fitBounds([[32.3, 35.6], [37.4, 42.4]]);  // Syria, whole, at any window size
    map.attributionControl.setPrefix(false);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { attribution: cfg.tiles_attribution || "", maxZoom: 18 }).addTo(map);
    }
    fetch("static/vendor/countries-middle-east.geojson").then((r) => r.json()).then((fc) => {
      L.geoJSON(fc, {
        style: (f) => ({ color: "#55606e", weight: f.properties.name === "Syria" ? 2 : 1, fillColor: f.properties.name === "Syria" ? "#fbfaf6" : "#eceae4", fillOpacity: 1 }),
        interactive: false,
      }).addTo(map).bringToBack();
    });
    govLayer = L.layerGroup().addTo(map);
    for (const g of cfg.governorates || []) {
      L.marker([g.lat, g.lon], { interactive: false, gov: g, icon: L.divIcon({ className: "gov-label", html: esc(lang === "ar" ? g.name_ar : g.name), iconSize: null }) }).addTo(govLayer);
    }
    cluster = L.markerClusterGroup({ maxClusterRadius: 35, disableClusteringAtZoom: 11, chunkedLoading: true });
    map.addLayer(cluster);
    L.control.attribution({ prefix: false }).addAttribution("Borders: Natural Earth · Places: GeoNames (CC BY 4.0)");
  }
  function markerFor(e) {
    let m = markerById.get(e.id);
    if (!m) {
      const r = 5 + Math.min(14, Math.sqrt(e.fat || 0) * 2.2);
      const low = !(e.conf >= LOW_CONFIDENCE);
      const fill = COLORS[e.type] || "#666";
      // a low-confidence event is hollow: a ring in its type's colour (the class styles it too)
      m = L.circleMarker([e.lat, e.lon], {
        radius: r, color: low ? fill : e.prec >= 3 ? "#333" : "#fff", weight: low || e.prec >= 3 ? 2 : 1,
        dashArray: e.prec >= 3 ? "3 3" : null, fillColor: fill, fillOpacity: low ? 0.15 : 0.85,
        className: low ? "event-marker low-confidence" : "event-marker",
      });
      m.eventId = e.id;
      m.bindTooltip(() => `${esc(e.date || "")} · ${esc(typeName(e.sub || e.type))}<br>${esc(e.loc || "")}`);
      m.on("click", () => openEvent(e.id));
      markerById.set(e.id, m);
    }
    return m;
  }
  function renderMap() {
    cluster.clearLayers();
    cluster.addLayers(shown.filter((e) => e.lat != null).map(markerFor));
  }

  // ---- timeline (events per day, brushable) -------------------------------------------------
  const DAY = 86400000;
  let tl = null;
  function buildTimeline() {
    // the axis spans the bulk of the data: a stray old date (a background paragraph) must
    // not squeeze every bar into one corner; events outside still count in the filters
    const days = all.filter((e) => e.date).map((e) => Date.parse(e.date)).sort((a, b) => a - b);
    if (!days.length) return;
    const lo = days[Math.floor(days.length * 0.01)], hi = days[days.length - 1];
    tl = { min: lo, max: hi + DAY };
  }
  function renderTimeline() {
    const svg = $("timeline-svg");
    if (!tl) { svg.innerHTML = ""; return; }
    const W = svg.clientWidth || 600, H = svg.clientHeight || 90, pad = 14;
    const n = Math.max(1, Math.round((tl.max - tl.min) / DAY));
    const counts = new Array(n).fill(0), inCounts = new Array(n).fill(0);
    const others = all.filter((e) => e.date && matchesExceptDates(e));
    for (const e of others) {
      const i = Math.floor((Date.parse(e.date) - tl.min) / DAY);
      if (i >= 0 && i < n) { counts[i]++; if (matches(e)) inCounts[i]++; }
    }
    const peak = Math.max(1, ...counts), bw = (W - 2 * pad) / n;
    let html = "";
    for (let i = 0; i < n; i++) {
      if (!counts[i]) continue;
      const h = (counts[i] / peak) * (H - 2 * pad);
      html += `<rect class="bar${inCounts[i] ? " in" : ""}" x="${pad + i * bw}" y="${H - pad - h}" width="${Math.max(1, bw - 0.5)}" height="${h}"><title>${new Date(tl.min + i * DAY).toISOString().slice(0, 10)}: ${counts[i]}</title></rect>`;
    }
    const fmt = (ms) => new Date(ms).toISOString().slice(0, 10);
    html += `<text x="${pad}" y="${H - 2}">${fmt(tl.min)}</text><text x="${W - pad}" y="${H - 2}" text-anchor="end">${fmt(tl.max - DAY)}</text>`;
    if (state.from || state.to) {
      const x0 = state.from ? pad + ((Date.parse(state.from) - tl.min) / DAY) * bw : pad;
      const x1 = state.to ? pad + ((Date.parse(state.to) - tl.min) / DAY + 1) * bw : W - pad;
      html += `<rect class="brush" x="${Math.min(x0, x1)}" y="2" width="${Math.abs(x1 - x0)}" height="${H - 4}"></rect>`;
    }
    svg.innerHTML = html;
    tl.pad = pad; tl.bw = bw; tl.n = n;
  }
  function matchesExceptDates(e) {
    const keep = [state.from, state.to];
    state.from = state.to = "";
    const ok = matches(e);
    [state.from, state.to] = keep;
    return ok;
  }
  function initBrush() {
    const svg = $("timeline-svg");
    let start = null;
    const dayAt = (ev) => {
      const x = ev.clientX - svg.getBoundingClientRect().left;
      const i = Math.min(tl.n - 1, Math.max(0, Math.floor((x - tl.pad) / tl.bw)));
      return new Date(tl.min + i * DAY).toISOString().slice(0, 10);
    };
    svg.addEventListener("mousedown", (ev) => { if (tl) { start = dayAt(ev); ev.preventDefault(); } });
    window.addEventListener("mouseup", (ev) => {
      if (start === null) return;
      const end = dayAt(ev);
      if (end === start && state.from === start && state.to === start) { state.from = state.to = ""; }
      else { [state.from, state.to] = start < end ? [start, end] : [end, start]; }
      start = null;
      $("f-from").value = state.from; $("f-to").value = state.to;
      apply();
    });
  }

  // ---- filters UI ---------------------------------------------------------------------------
  function buildFilters() {
    const types = Object.keys(COLORS);
    $("f-types").querySelectorAll("label").forEach((n) => n.remove());
    for (const ty of types) {
      const n = all.filter((e) => e.type === ty).length;
      const lab = document.createElement("label");
      lab.innerHTML = `<input type="checkbox" value="${esc(ty)}"${state.types.includes(ty) ? " checked" : ""}> <span class="swatch"></span> <span>${esc(typeName(ty))}</span> <small>(${n})</small>`;
      lab.querySelector(".swatch").style.background = COLORS[ty];  // not a style attribute: the CSP forbids them
      $("f-types").appendChild(lab);
    }
    fillSelect("f-actor", [...new Set(all.flatMap((e) => [e.a1, e.a2]).filter(Boolean))].sort(), state.actor);
    fillSelect("f-admin1", [...new Set(all.map((e) => e.admin1).filter(Boolean))].sort(), state.admin1);
    $("f-q").value = state.q; $("f-from").value = state.from; $("f-to").value = state.to;
    $("f-disputed").checked = state.disputed;
    $("f-conf").value = state.conf;
    $("legend").innerHTML = `<div>${esc(t("sizeLegend"))}</div>`
      + `<div class="legend-low"><span class="swatch low-confidence"></span> <span>${esc(t("lowConf"))}</span></div>`;
  }
  function fillSelect(id, values, current) {
    const sel = $(id);
    sel.innerHTML = `<option value="">${esc(t("any"))}</option>` + values.map((v) => `<option${v === current ? " selected" : ""}>${esc(v)}</option>`).join("");
  }
  function bindFilters() {
    let timer;
    $("f-q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => { state.q = $("f-q").value.trim(); apply(); }, 150); });
    $("f-from").addEventListener("change", () => { state.from = $("f-from").value; apply(); });
    $("f-to").addEventListener("change", () => { state.to = $("f-to").value; apply(); });
    $("f-types").addEventListener("change", () => {
      state.types = [...$("f-types").querySelectorAll("input:checked")].map((i) => i.value); apply();
    });
    $("f-actor").addEventListener("change", () => { state.actor = $("f-actor").value; apply(); });
    $("f-admin1").addEventListener("change", () => { state.admin1 = $("f-admin1").value; apply(); });
    $("f-disputed").addEventListener("change", () => { state.disputed = $("f-disputed").checked; apply(); });
    $("f-conf").addEventListener("change", () => { state.conf = $("f-conf").value; apply(); });
    $("f-reset").addEventListener("click", () => {
      Object.assign(state, { q: "", from: "", to: "", types: [], actor: "", admin1: "", disputed: false, conf: "" });
      buildFilters(); apply();
    });
    $("lang").addEventListener("click", () => { lang = lang === "ar" ? "en" : "ar"; applyLanguage(); writeHash(); });
  }
  function applyLanguage() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    $("lang").textContent = lang === "ar" ? "English" : "العربية";
    document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
    buildFilters();
    renderCounts();
    if (govLayer) {
      govLayer.eachLayer((m) => { const g = m.options.gov; if (g) m.setIcon(L.divIcon({ className: "gov-label", html: esc(lang === "ar" ? g.name_ar : g.name), iconSize: null })); });
    }
    if (state.article) openArticle(state.article, state.event);
    else if (state.event) openEvent(state.event);
  }

  function renderCounts() {
    const placed = shown.filter((e) => e.lat != null).length;
    $("counts").textContent = `${shown.length} ${t("of")} ${all.length} ${t("events")}` + (placed < shown.length ? ` (${shown.length - placed} ${t("noPlace")})` : "");
    $("map").dataset.points = String(placed);
  }
  function apply() {
    const t0 = performance.now();
    queryWords = normalize(state.q).split(/\s+/).filter(Boolean);
    shown = all.filter(matches);
    renderMap();
    renderTimeline();
    renderCounts();
    writeHash();
    document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
  }

  // ---- event panel ----------------------------------------------------------------------------
  async function getJSON(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  }
  function highlight(text, ev) {
    // mark actors, place and numbers the event names inside its Arabic evidence sentence
    const marks = [];
    const add = (needle, cls) => {
      if (!needle) return;
      for (const part of String(needle).split(/;\s*/)) {
        const i = part ? text.indexOf(part) : -1;
        if (i >= 0) marks.push([i, i + part.length, cls]);
      }
    };
    add(ev.trigger_ar, "trigger");
    add(ev.actor1_ar, "actor"); add(ev.actor2_ar, "actor");
    add(ev.location_ar, "place");
    for (const m of text.matchAll(/[0-9\u0660-\u0669]+/g)) marks.push([m.index, m.index + m[0].length, "number"]);
    marks.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let out = "", pos = 0;
    for (const [s, e, cls] of marks) {
      if (s < pos) continue;
      out += esc(text.slice(pos, s)) + `<mark class="${cls}">${esc(text.slice(s, e))}</mark>`;
      pos = e;
    }
    return out + esc(text.slice(pos));
  }
  async function openEvent(id) {
    state.event = id; state.article = null; writeHash();
    const panel = $("panel");
    panel.innerHTML = `<p class="hint">${esc(t("loading"))}</p>`;
    let ev;
    try { ev = await getJSON(`events/${id}`); } catch (err) { panel.innerHTML = `<p class="disputed">${esc(t("failed"))}: ${esc(err.message)}</p>`; return; }
    const disputed = new Set(ev.disputed_fields || []);
    const row = (k, v, field) => v == null || v === "" ? "" : `<dt>${esc(t(k))}</dt><dd${disputed.has(field) ? ' class="disputed"' : ""}>${v}</dd>`;
    const actors = [ev.actor1, ev.assoc_actor_1 && `(${ev.assoc_actor_1})`, ev.actor2 && "→ " + ev.actor2].filter(Boolean).map(esc).join(" ");
    let html = `<h2 class="event-title">${esc(typeName(ev.event_type))} — ${esc(ev.sub_event_type || "")}</h2>`;
    if (ev.disputed) html += `<p class="disputed">${esc(t("disputed"))}: ${esc([...disputed].join(", "))}</p>`;
    html += "<dl>" + row("date", esc(ev.event_date), "event_date") + row("actors", actors, "actor1")
      + row("location", esc([ev.location, ev.admin2, ev.admin1].filter(Boolean).join(", ")) + (ev.location_ar ? ` · <span lang="ar" dir="rtl">${esc(ev.location_ar)}</span>` : ""), "location")
      + row("precision", esc(`${ev.geo_precision ?? "?"} — ${I18N[lang].precisionText[ev.geo_precision] || ""}`))
      + row("fatalities", ev.fatalities != null ? esc(ev.fatalities) : null, "fatalities")
      + row("injured", ev.injured != null ? esc(ev.injured) : null, "injured")
      + row("confidence", ev.confidence != null ? esc(Number(ev.confidence).toFixed(2)) : null) + "</dl>";
    html += `<h3>${esc(t("notes"))}</h3><p class="notes">${esc(ev.notes)}</p>`;
    html += `<h3>${esc(t("evidence"))}</h3>` + (ev.evidence || []).map((x) => `<p class="evidence" lang="ar" dir="rtl">${highlight(x.text, ev)}</p>`).join("");
    const sources = ev.sources || [];
    if (sources.length > 1) {
      const fields = ["event_date", "fatalities", "actor1", "actor2", "location"];
      html += `<h3>${esc(t("claims"))}</h3><table class="claims"><tr><th></th>${fields.map((f) => `<th>${esc(f)}</th>`).join("")}</tr>`
        + sources.map((s) => `<tr><td>${esc(s.source || s.article_id)}</td>${fields.map((f) => `<td${disputed.has(f) ? ' class="disputed"' : ""}>${esc(s[f] ?? "")}</td>`).join("")}</tr>`).join("") + "</table>";
    }
    // reports and outlets apart: two articles of one outlet are two reports, one source
    html += `<h3>${esc(t("sources"))} (${esc(ev.n_reports ?? sources.length)} ${esc(t("reports"))}, `
      + `${esc(ev.n_outlets ?? "?")} ${esc(t("outlets"))})</h3>`;
    for (const s of sources) {
      html += `<div class="source"><div><strong>${esc(s.source || "")}</strong> · ${esc(s.published || "")}`
        + (s.url ? webLink(s.url) : "") + `</div>`
        + (s.evidence || []).map((x) => `<p class="evidence" lang="ar" dir="rtl">${highlight(x.text, s)}</p>`).join("")
        + `<button type="button" class="open-article" data-article="${esc(s.article)}">${esc(t("openArticle"))}</button></div>`;
    }
    panel.innerHTML = html;
    panel.querySelectorAll(".open-article").forEach((b) => b.addEventListener("click", () => openArticle(Number(b.dataset.article), id)));
    const m = markerById.get(id);
    if (m && map && cluster.hasLayer(m)) cluster.zoomToShowLayer(m, () => m.openTooltip());
  }
  async function openArticle(articleId, eventId) {
    state.article = articleId; state.event = eventId || null; writeHash();
    const panel = $("panel");
    panel.innerHTML = `<p class="hint">${esc(t("loading"))}</p>`;
    let a;
    try { a = await getJSON(`articles/${articleId}`); } catch (err) { panel.innerHTML = `<p class="disputed">${esc(t("failed"))}: ${esc(err.message)}</p>`; return; }
    const spans = (a.highlights || []).slice().sort((x, y) => x.start - y.start);
    let body = "", pos = 0;
    for (const h of spans) {
      if (h.start < pos) continue;
      body += esc(a.text.slice(pos, h.start))
        + `<mark class="event${h.event === eventId ? " current" : ""}" data-event="${esc(h.event)}" title="${esc(h.sub_event_type || h.event_type || "")}">${esc(a.text.slice(h.start, h.end))}</mark>`;
      pos = h.end;
    }
    body += esc(a.text.slice(pos));
    panel.innerHTML = (eventId ? `<button type="button" id="back">${esc(t("back"))}</button>` : "")
      + `<h2 lang="ar" dir="rtl">${esc(a.title || a.article_id)}</h2>`
      + `<p class="source meta">${esc(a.source || "")} · ${esc(t("published"))}: ${esc(a.published || "?")}`
      + (a.url ? webLink(a.url) : "") + `</p>`
      + `<div class="article-text" lang="ar" dir="rtl">${body}</div>`;
    if (eventId) $("back").addEventListener("click", () => openEvent(eventId));
    panel.querySelectorAll("mark.event").forEach((m) => m.addEventListener("click", () => { if (m.dataset.event) openEvent(Number(m.dataset.event)); }));
    const cur = panel.querySelector("mark.current");
    if (cur) cur.scrollIntoView({ block: "center" });
  }

  // ---- start ----------------------------------------------------------------------------------
  async function start() {
    readHash();
    const data = await getJSON("dashboard/events.json");
    all = data.events.map((e) => ({ ...e, search: normalize([e.notes, e.loc, e.loc_ar, e.a1, e.a2, e.sub, e.type, e.admin1, e.text].join(" ")) }));
    initMap(data);
    buildTimeline();
    bindFilters();
    initBrush();
    applyLanguage();
    apply();
    window.addEventListener("resize", renderTimeline);
    document.body.dataset.ready = "1";
  }
  start().catch((err) => { console.error(err); $("panel").innerHTML = `<p class="disputed">${esc(String(err && (err.stack || err)))}</p>`; });
})();
