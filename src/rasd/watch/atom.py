"""The Atom feed of merged events (`GET /feeds/events.atom`): a feed reader's view of `/events`.

Article text comes from sites Rasd does not control, so it is only ever text: every field
goes in as an element's text (`type="text"`), escaped by the XML serializer, never as
HTML; characters XML cannot carry (controls, lone surrogates) are dropped.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Iterable

from lxml import etree

from rasd.store.models import EventRow

ATOM = "http://www.w3.org/2005/Atom"
GEORSS = "http://www.georss.org/georss"
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _stamp(value: datetime | None) -> str:
    value = value or datetime(1970, 1, 1)
    return value.replace(tzinfo=timezone.utc, microsecond=0).isoformat().replace("+00:00", "Z")


def _sub(parent: etree._Element, tag: str, text: object | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _text(text)
    return el


def event_title(e: EventRow) -> str:
    where = e.location or e.location_ar or e.admin1 or "unknown place"
    killed = f", {e.fatalities} killed" if e.fatalities else ""
    return f"{e.sub_event_type or e.event_type or 'Event'} in {where}{killed} ({e.event_date or 'date unknown'})"


def event_summary(e: EventRow) -> str:
    lines = [f"{e.event_type or '?'} / {e.sub_event_type or '?'}; {e.admin1 or '?'}"
             f"{' / ' + e.admin2 if e.admin2 else ''}; actors: {e.actor1 or '?'}"
             f"{' vs ' + e.actor2 if e.actor2 else ''}; confidence {e.confidence:.2f}; {e.n_sources} source(s)"]
    for c in e.claims:
        for ev in c.evidence or []:
            lines.append(ev["text"])  # the Arabic evidence, as written
    return "\n".join(lines)


def events_feed(events: Iterable[EventRow], *, base: str, self_url: str) -> bytes:
    """An Atom 1.0 document with one entry per event, in the order given (newest first)."""
    rows = list(events)
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "georss": GEORSS})
    _sub(feed, "id", f"{base}/feeds/events.atom")
    _sub(feed, "title", "Rasd: merged conflict events")
    _sub(feed, "updated", _stamp(max((e.updated_at for e in rows if e.updated_at), default=None)))
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=f"{base}/", type="text/html")
    author = _sub(feed, "author")
    _sub(author, "name", "Rasd")
    _sub(feed, "generator", "Rasd")
    for e in rows:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"{base}/events/{e.id}")
        _sub(entry, "title", event_title(e), type="text")
        _sub(entry, "updated", _stamp(e.updated_at))
        if e.event_date:
            _sub(entry, "published", f"{e.event_date.isoformat()}T00:00:00Z")
        _sub(entry, "link", rel="alternate", href=f"{base}/#event={e.id}", type="text/html")
        _sub(entry, "link", rel="related", href=f"{base}/events/{e.id}", type="application/json")
        for c in e.claims:
            if c.url:
                _sub(entry, "link", rel="via", href=c.url, title=c.source or c.url)
        for term in (e.event_type, e.sub_event_type):
            if term:
                _sub(entry, "category", term=term)
        _sub(entry, "summary", event_summary(e), type="text")
        if e.latitude is not None and e.longitude is not None:
            etree.SubElement(entry, f"{{{GEORSS}}}point").text = f"{e.latitude} {e.longitude}"
    return etree.tostring(feed, xml_declaration=True, encoding="utf-8")
