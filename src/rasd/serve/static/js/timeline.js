/* The timeline: events per day under the map, brushable to choose the date range.  Bars
 * count the events passing every filter but the dates; those inside the range are dark. */
const DAY = 86400000;
const SVG = "http://www.w3.org/2000/svg";
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
let tl = null;

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text != null) el.textContent = text;
  return el;
}

export function buildTimeline(all) {
  // the axis spans the bulk of the data: a stray old date (a background paragraph) must
  // not squeeze every bar into one corner; events outside still count in the filters
  const days = all.filter((e) => e.date).map((e) => Date.parse(e.date)).sort((a, b) => a - b);
  tl = days.length ? { min: days[Math.floor(days.length * 0.01)], max: days[days.length - 1] + DAY } : null;
}

// range: {from, to} (ISO days or ""); inOthers(e): passes the other filters; inAll(e): passes all
export function renderTimeline(all, range, inOthers, inAll) {
  const el = document.getElementById("timeline-svg");
  el.replaceChildren();
  if (!tl) return;
  const W = el.clientWidth || 600, H = el.clientHeight || 90, pad = 14;
  const n = Math.max(1, Math.round((tl.max - tl.min) / DAY));
  const counts = new Array(n).fill(0), inCounts = new Array(n).fill(0);
  for (const e of all) {
    if (!e.date || !inOthers(e)) continue;
    const i = Math.floor((Date.parse(e.date) - tl.min) / DAY);
    if (i >= 0 && i < n) { counts[i]++; if (inAll(e)) inCounts[i]++; }
  }
  const peak = Math.max(1, ...counts), bw = (W - 2 * pad) / n;
  for (let i = 0; i < n; i++) {
    if (!counts[i]) continue;
    const bh = (counts[i] / peak) * (H - 2 * pad);
    const bar = svg("rect", { class: inCounts[i] ? "bar in" : "bar", x: pad + i * bw, y: H - pad - bh,
                              width: Math.max(1, bw - 0.5), height: bh });
    bar.append(svg("title", {}, `${iso(tl.min + i * DAY)}: ${counts[i]}`));
    el.append(bar);
  }
  el.append(svg("text", { x: pad, y: H - 2 }, iso(tl.min)),
            svg("text", { x: W - pad, y: H - 2, "text-anchor": "end" }, iso(tl.max - DAY)));
  if (range.from || range.to) {
    const x0 = range.from ? pad + ((Date.parse(range.from) - tl.min) / DAY) * bw : pad;
    const x1 = range.to ? pad + ((Date.parse(range.to) - tl.min) / DAY + 1) * bw : W - pad;
    el.append(svg("rect", { class: "brush", x: Math.min(x0, x1), y: 2, width: Math.abs(x1 - x0), height: H - 4 }));
  }
  Object.assign(tl, { pad, bw, n });
}

// onSelect(from, to): a drag chose a range (a click on the only selected day clears it: "", "")
export function initBrush(current, onSelect) {
  const el = document.getElementById("timeline-svg");
  let start = null;
  const dayAt = (ev) => {
    const x = ev.clientX - el.getBoundingClientRect().left;
    const i = Math.min(tl.n - 1, Math.max(0, Math.floor((x - tl.pad) / tl.bw)));
    return iso(tl.min + i * DAY);
  };
  // pointer events: a mouse drag or a finger on a phone
  el.addEventListener("pointerdown", (ev) => { if (tl && tl.n) { start = dayAt(ev); ev.preventDefault(); } });
  window.addEventListener("pointerup", (ev) => {
    if (start === null) return;
    const end = dayAt(ev), { from, to } = current();
    if (end === start && from === start && to === start) onSelect("", "");
    else onSelect(...(start < end ? [start, end] : [end, start]));
    start = null;
  });
}
