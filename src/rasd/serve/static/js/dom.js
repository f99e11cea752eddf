/* Building the page from data without HTML parsing: every string becomes a text node, so
 * article text, titles, actor names or URLs can never turn into markup or script. */

// h("p", {class: "x", dir: "rtl"}, "text", child, ...): an element; null/false children are skipped.
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, kids);
  return el;
}
export function append(el, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid == null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
export function replace(el, ...kids) {
  el.replaceChildren();
  return append(el, kids);
}

// Only web links become links: a javascript: or data: URL from an article would run.
export function webLink(url, label) {
  let u;
  try { u = new URL(url, location.href); } catch (err) { return null; }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return h("a", { href: u.href, rel: "noreferrer noopener", target: "_blank" }, label);
}

// The evidence sentence with the event's trigger, actors, place and numbers marked.
export function highlight(text, ev) {
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
  const out = [];
  let pos = 0;
  for (const [s, e, cls] of marks) {
    if (s < pos) continue;
    out.push(text.slice(pos, s), h("mark", { class: cls }, text.slice(s, e)));
    pos = e;
  }
  out.push(text.slice(pos));
  return out;
}
