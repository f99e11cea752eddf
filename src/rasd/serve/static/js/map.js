/* The map: point events (clustered), area-level events (dashed rings, one per place),
 * governorate and place labels above both, and the ring around the opened event. */
import { COLORS, CLUSTER_STEPS, placeName, t, typeName, ui } from "./text.js";
import { h } from "./dom.js";

const LOW_CONFIDENCE = 0.5;  // below this judge probability an event is drawn hollow
const SHOW_ZOOM = 11;        // an opened town event is shown at least this close
const AREA_ZOOM = 9;         // an opened area-level event is shown this close
const PLACE_LABEL_ZOOM = 9;  // from here on, the places of the drawn events are named
const MAX_PLACE_LABELS = 150;
// geo_precision 2 ("near X") and 3 (an area's centre) stand for more than a point
export const isArea = (e) => e.prec >= 2;

let map, cluster, areaLayer, govLayer, placeLayer, selectLayer, handlers, selected = null;
const markerById = new Map();
let drawn = [];  // the events on the map now (points and areas)
let fresh = new Set();  // ids of events that have just arrived (live updates): class "fresh"

const label = (text, cls) => L.divIcon({ className: cls, html: h("span", {}, text), iconSize: null });
const labelMarker = (latlng, text, cls) => L.marker(latlng, { pane: "labels", interactive: false, keyboard: false,
                                                             icon: label(text, cls) });

// handlers: {openEvent(id), openArea(events)}
export function initMap(cfg, on) {
  handlers = on;
  // no tile layer by default, so the zoom range is ours to set (markercluster needs maxZoom)
  map = L.map("map", { minZoom: 4, maxZoom: 14 });
  map.fitBounds([[32.3, 35.6], [37.4, 42.4]]);  // Syria, whole, at any window size
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth · Places: GeoNames (CC BY 4.0)");
  if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.tiles_attribution || "", maxZoom: 18 }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);  // a sense of distance where the map is otherwise blank
  // labels float above markers and clusters (and let clicks through to them)
  map.createPane("labels");
  Object.assign(map.getPane("labels").style, { zIndex: 640, pointerEvents: "none" });
  fetch("static/vendor/countries-middle-east.geojson").then((r) => r.json()).then((fc) => {
    L.geoJSON(fc, {
      style: (f) => ({ color: "#55606e", weight: f.properties.name === "Syria" ? 2 : 1, fillColor: f.properties.name === "Syria" ? "#fbfaf6" : "#eceae4", fillOpacity: 1 }),
      interactive: false,
    }).addTo(map).bringToBack();
  });
  govLayer = L.layerGroup().addTo(map);
  for (const g of cfg.governorates || []) labelMarker([g.lat, g.lon], "", "gov-label").addTo(govLayer).gov = g;
  areaLayer = L.layerGroup().addTo(map);
  cluster = L.markerClusterGroup({ maxClusterRadius: (z) => (z >= SHOW_ZOOM ? 12 : 35), chunkedLoading: true,
                                   iconCreateFunction: clusterIcon, spiderfyOnMaxZoom: true, showCoverageOnHover: false });
  map.addLayer(cluster);
  placeLayer = L.layerGroup().addTo(map);
  selectLayer = L.layerGroup().addTo(map);
  // the map's box changes without a window resize (the event drawer on narrow screens)
  new ResizeObserver(() => map.invalidateSize()).observe(map.getContainer());
  map.on("zoomend moveend", () => { renderPlaceLabels(); map.getContainer().dataset.zoom = String(map.getZoom()); });
  relabel();
}

function clusterIcon(c) {
  const n = c.getChildCount();
  let level = CLUSTER_STEPS.findIndex((most) => n <= most);
  if (level < 0) level = CLUSTER_STEPS.length;
  const size = 28 + 6 * level;
  const isFresh = fresh.size && c.getAllChildMarkers().some((m) => fresh.has(m.eventId));
  return L.divIcon({ html: h("span", {}, String(n)), className: `marker-cluster rasd-cluster cluster-${level}${isFresh ? " fresh" : ""}`,
                     iconSize: L.point(size, size) });
}

function tip(...lines) { return h("div", {}, lines.flatMap((l, i) => (i ? [h("br"), l] : [l]))); }

function markerFor(e) {
  let m = markerById.get(e.id);
  if (!m) {
    const low = !(e.conf >= LOW_CONFIDENCE);
    const fill = COLORS[e.type] || "#666";
    // a low-confidence event is hollow: a ring in its type's colour (the class styles it too)
    m = L.circleMarker([e.lat, e.lon], {
      radius: 5 + Math.min(14, Math.sqrt(e.fat || 0) * 2.2), color: low ? fill : "#fff", weight: low ? 2 : 1,
      fillColor: fill, fillOpacity: low ? 0.15 : 0.85, className: low ? "event-marker low-confidence" : "event-marker",
    });
    m.eventId = e.id;
    m.bindTooltip(() => tip(`${e.date || ""} · ${typeName(e.sub || e.type)}`, placeName(e)));
    m.on("click", () => handlers.openEvent(e.id));
    m.on("add", () => { const el = m.getElement(); if (el) el.classList.toggle("fresh", fresh.has(e.id)); });
    markerById.set(e.id, m);
  }
  return m;
}

// One dashed ring per area-level place, sized by its number of events, in its commonest type's colour.
function areaRings(events) {
  const groups = new Map();
  for (const e of events) {
    const k = `${e.lat},${e.lon},${e.loc}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(e);
  }
  return [...groups.values()].map((evs) => {
    const byType = {};
    for (const e of evs) byType[e.type] = (byType[e.type] || 0) + 1;
    const top = Object.keys(byType).sort((a, b) => byType[b] - byType[a])[0];
    const ring = L.circleMarker([evs[0].lat, evs[0].lon], {
      radius: 9 + Math.min(21, Math.sqrt(evs.length) * 2.5), color: COLORS[top] || "#666", weight: 2,
      dashArray: "5 4", fillColor: COLORS[top] || "#666", fillOpacity: 0.08, className: "area-marker",
    });
    ring.areaEvents = evs;
    ring.fresh = evs.some((e) => fresh.has(e.id));
    ring.bindTooltip(() => tip(`${placeName(evs[0])} · ${evs.length} ${t("events")}`, t("areaTitle")));
    ring.on("click", () => (evs.length === 1 ? handlers.openEvent(evs[0].id) : handlers.openArea(evs)));
    return ring;
  });
}

export function renderMap(shown, showAreas) {
  const placed = shown.filter((e) => e.lat != null);
  const points = placed.filter((e) => !isArea(e)), areas = showAreas ? placed.filter(isArea) : [];
  areaLayer.clearLayers();
  const rings = areaRings(areas);
  for (const r of rings) {  // before the points, so that points lie on top
    r.addTo(areaLayer);
    r.getElement().dataset.n = String(r.areaEvents.length);
    if (r.fresh) r.getElement().classList.add("fresh");
  }
  cluster.clearLayers();
  cluster.addLayers(points.map(markerFor));
  drawn = points.concat(areas);
  const el = map.getContainer();  // what is drawn, for tests and scripts: events, area events, rings
  el.dataset.points = String(drawn.length);
  el.dataset.areas = String(areas.length);
  el.dataset.areaRings = String(rings.length);
  el.dataset.fresh = String(drawn.filter((e) => fresh.has(e.id)).length);
  renderPlaceLabels();
  if (selected) markSelected();
}

// Events that changed on the server: their markers are made anew (place, type, size).
export function forget(ids) { for (const id of ids) markerById.delete(id); }

// The ids of newly arrived events (drawn with the class "fresh"); their markers, rings and
// clusters are restyled at once, without redrawing the map.
export function markFresh(ids) {
  fresh = ids;
  for (const [id, m] of markerById) { const el = m.getElement && m.getElement(); if (el) el.classList.toggle("fresh", fresh.has(id)); }
  areaLayer.eachLayer((r) => { r.fresh = r.areaEvents.some((e) => fresh.has(e.id)); const el = r.getElement(); if (el) el.classList.toggle("fresh", r.fresh); });
  cluster.refreshClusters();
  map.getContainer().dataset.fresh = String(drawn.filter((e) => fresh.has(e.id)).length);
}

function renderPlaceLabels() {
  placeLayer.clearLayers();
  if (map.getZoom() < PLACE_LABEL_ZOOM) return;
  const view = map.getBounds().pad(0.1), seen = new Set();
  for (const e of drawn) {
    const k = `${e.lat},${e.lon}`;
    if (seen.has(k) || !view.contains([e.lat, e.lon])) continue;
    seen.add(k);
    if (selected && selected.lat === e.lat && selected.lon === e.lon) continue;  // it has its own label
    labelMarker([e.lat, e.lon], placeName(e), "place-label").addTo(placeLayer);
    if (seen.size >= MAX_PLACE_LABELS) break;
  }
}

// Governorate and place names in the interface language.
export function relabel() {
  govLayer.eachLayer((m) => m.setIcon(label(ui.lang === "ar" ? m.gov.name_ar : m.gov.name, "gov-label")));
  renderPlaceLabels();
  if (selected) markSelected();
}

function markSelected() {
  selectLayer.clearLayers();
  const e = selected, m = markerById.get(e.id);
  const at = m && map.hasLayer(m) ? m.getLatLng() : [e.lat, e.lon];  // a fanned-out marker has moved
  L.circleMarker(at, { radius: (m && !isArea(e) ? m.getRadius() : 12) + 5, color: "#8a1c1c", weight: 3,
                                   fill: false, interactive: false, className: "selected-ring" }).addTo(selectLayer);
  labelMarker([e.lat, e.lon], placeName(e), "place-label selected").addTo(selectLayer);
  if (m && map.hasLayer(m)) m.bringToFront();
}

// Bring the opened event into view, close enough to stand apart from its neighbours, ringed
// and with its place named (the base map has no place names of its own).  Events reported at
// the very same point stay one cluster up to the last zoom, where a click fans them out, so
// that each of them can be reached.  null: none open.
export function showEvent(e) {
  selected = e && e.lat != null ? e : null;
  selectLayer.clearLayers();
  if (!selected) { renderPlaceLabels(); return; }
  map.invalidateSize();  // the panel may just have taken part of its box
  const done = () => { if (selected === e) { markSelected(); renderPlaceLabels(); } };
  const m = isArea(e) ? null : markerById.get(e.id);
  const zoom = Math.max(map.getZoom(), m ? SHOW_ZOOM : AREA_ZOOM);
  const inView = map.getBounds().pad(-0.15).contains([e.lat, e.lon]);
  if (m && cluster.hasLayer(m)) {
    if (map.getZoom() >= zoom) cluster.zoomToShowLayer(m, done);
    else { map.once("moveend", () => cluster.zoomToShowLayer(m, done)); map.setView([e.lat, e.lon], zoom); }
  } else if (map.getZoom() < zoom || !inView) {
    map.once("moveend", done);
    map.setView([e.lat, e.lon], zoom);
  }
  done();
}
