"""Alerts: standing queries on merged events, sent by webhook, e-mail or a JSON Lines file.

An alert's filters are the store's own `EventFilter` (what `rasd events` and `/events`
take), plus `near`: within KM of a place (a bounding box narrows the query, the distance
decides).  After each poll, `collect` finds the events that changed since the alert last
looked and queues each matching one once per material version (its fingerprint: type,
place, date, actors, fatalities), so a new source that changes nothing sends nothing
and a revised death toll sends an update.  `deliver` sends what is queued: right away,
or for a digest alert one message per period; a failed send is retried with backoff,
and every attempt is recorded in the delivery's history (`rasd alerts log`).
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import smtplib
import time
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Callable

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rasd.geo.gazetteer import km
from rasd.store.database import Store
from rasd.store.models import AlertDeliveryRow, AlertRow, ClaimRow, EventRow
from rasd.store.queries import EventFilter, filtered
from rasd.store.records import event_json
from rasd.watch.config import Settings
from rasd.watch.sources import now

DIGESTS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}
CHANNELS = ("webhook", "email", "file")
# after a failed round of sends: wait this long, doubling per round, up to MAX_WAIT; give up after MAX_ATTEMPTS sends
FIRST_WAIT, MAX_WAIT, MAX_ATTEMPTS = timedelta(seconds=30), timedelta(hours=1), 30
# an event updated this close before the last look is looked at again (clocks, open transactions)
OVERLAP = timedelta(seconds=5)
# the fields whose change makes an update worth sending again
MATERIAL = ("event_type", "sub_event_type", "event_date", "location", "admin1", "admin2", "latitude", "longitude",
            "actor1", "actor2", "fatalities")
FILTER_FIELDS = {f.name for f in fields(EventFilter)}


@dataclass
class Near:
    place: str
    lat: float
    lon: float
    km: float

    def bbox(self) -> tuple[float, float, float, float]:
        dlat = self.km / 111.0
        dlon = self.km / (111.0 * max(math.cos(math.radians(self.lat)), 0.01))
        return (self.lon - dlon, self.lat - dlat, self.lon + dlon, self.lat + dlat)


def parse_near(value: str) -> Near:
    """PLACE:KM (a gazetteer name, Arabic or English) or LAT,LON:KM."""
    place, sep, dist = value.rpartition(":")
    try:
        radius = float(dist)
    except ValueError:
        radius = -1
    if not sep or not place.strip() or not radius > 0:
        raise ValueError("--near takes PLACE:KM, e.g. سراقب:20 or 35.86,36.80:15")
    try:
        lat, lon = (float(x) for x in place.split(","))
        return Near(place, lat, lon, radius)
    except ValueError:
        pass
    from rasd.geo.gazetteer import Gazetteer

    found = Gazetteer.open().lookup(place.strip(), limit=1)
    if not found:
        raise ValueError(f"no place called {place!r} in the gazetteer (see `rasd gazetteer lookup`)")
    p = found[0].place
    return Near(p.name, p.lat, p.lon, radius)


def alert_filter(filters: dict[str, Any]) -> tuple[EventFilter, Near | None]:
    """The stored filters as the store's EventFilter (and the `near` circle, when set)."""
    values = {k: v for k, v in filters.items() if k in FILTER_FIELDS}
    if values.get("bbox"):
        values["bbox"] = tuple(values["bbox"])
    near = Near(**filters["near"]) if filters.get("near") else None
    f = EventFilter(**values)
    if near is not None and f.bbox is None:
        f.bbox = near.bbox()
    return f, near


def add_alert(session: Session, name: str, filters: dict[str, Any], channels: list[dict[str, str]],
              digest: str | None) -> AlertRow:
    if not channels:
        raise ValueError("an alert needs somewhere to go: --webhook URL, --email ADDR or --file PATH")
    if digest is not None and digest not in DIGESTS:
        raise ValueError(f"--digest is one of {', '.join(DIGESTS)}")
    if session.scalar(select(AlertRow).where(AlertRow.name == name)) is not None:
        raise ValueError(f"an alert called {name!r} exists; remove it first")
    alert_filter(filters)  # refuse what the store could not query
    at = now()
    row = AlertRow(name=name, filters=filters, channels=channels, digest=digest, created_at=at, checked_until=at)
    session.add(row)
    session.flush()  # the id, for the caller to show
    return row


def fingerprint(e: EventRow) -> str:
    values = [str(getattr(e, k)) for k in MATERIAL]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def event_message(e: EventRow, alert: AlertRow, change: str, dashboard_url: str) -> dict[str, Any]:
    """What one alert says about one event: the event, its Arabic evidence, its sources, a link."""
    record = event_json(e)
    return {"alert": alert.name, "change": change, "link": f"{dashboard_url}/#event={e.id}",
            "event": record,
            "evidence": [ev["text"] for c in e.claims for ev in (c.evidence or [])],
            "sources": [{"source": c.source, "url": c.url, "title": c.article.title,
                         "published": c.published.isoformat() if c.published else None} for c in e.claims]}


def collect(store: Store, dashboard_url: str, at: datetime | None = None) -> int:
    """Queue, for every alert, the matching events that are new or materially changed since
    it last looked.  Returns how many deliveries were queued."""
    at = at or now()
    queued = 0
    with store.session() as s, s.begin():
        for alert in s.scalars(select(AlertRow).order_by(AlertRow.id)):
            f, near = alert_filter(alert.filters)
            since = (alert.checked_until or alert.created_at) - OVERLAP
            stmt = (filtered(f).where(EventRow.updated_at >= since)
                    .options(selectinload(EventRow.claims).selectinload(ClaimRow.article)))
            for e in s.scalars(stmt):
                if near is not None and (e.latitude is None or km(near.lat, near.lon, e.latitude, e.longitude) > near.km):
                    continue
                queued += _queue(s, alert, e, dashboard_url, at)
            alert.checked_until = at
    return queued


def _queue(s: Session, alert: AlertRow, e: EventRow, dashboard_url: str, at: datetime) -> int:
    mark = fingerprint(e)
    sent = s.execute(select(AlertDeliveryRow.fingerprint).where(AlertDeliveryRow.alert_id == alert.id,
                                                                AlertDeliveryRow.event_id == e.id)).scalars().all()
    if mark in sent:
        return 0
    message = event_message(e, alert, "updated" if sent else "new", dashboard_url)
    for ch in alert.channels:
        s.add(AlertDeliveryRow(alert_id=alert.id, channel=f"{ch['kind']}:{ch['to']}", event_id=e.id, fingerprint=mark,
                               change=message["change"], status="pending", attempts=0, history=[], payload=message,
                               created_at=at, next_try_at=at))
    return len(alert.channels)


# ---- sending ---------------------------------------------------------------------------------

class Sender:
    """Sends one message on one channel; raises on failure."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = httpx.Client(timeout=10.0, trust_env=False, headers={"User-Agent": settings.etiquette.user_agent})

    def close(self) -> None:
        self.client.close()

    def send(self, channel: str, message: dict[str, Any]) -> None:
        kind, _, to = channel.partition(":")
        if kind == "webhook":
            resp = self.client.post(to, json=message)
            if not 200 <= resp.status_code < 300:
                raise RuntimeError(f"HTTP {resp.status_code}")
        elif kind == "email":
            self._mail(to, message)
        elif kind == "file":
            path = Path(to).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(message, ensure_ascii=False, default=str) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        else:
            raise RuntimeError(f"unknown channel {kind!r}")

    def _mail(self, to: str, message: dict[str, Any]) -> None:
        cfg = self.settings.smtp
        mail = EmailMessage()
        mail["From"], mail["To"] = cfg.sender, to
        mail["Subject"] = subject(message)
        mail.set_content(message_text(message))
        mail.add_attachment(json.dumps(message, ensure_ascii=False, indent=1, default=str).encode("utf-8"),
                            maintype="application", subtype="json", filename="rasd-alert.json")
        smtp_class = smtplib.SMTP_SSL if cfg.ssl else smtplib.SMTP
        with smtp_class(cfg.host, cfg.port, timeout=cfg.timeout) as smtp:
            if cfg.starttls:
                smtp.starttls()
            if cfg.user:
                smtp.login(cfg.user, cfg.password)
            smtp.send_message(mail)


def _event_line(m: dict[str, Any]) -> str:
    e = m["event"]
    where = e.get("location") or e.get("location_ar") or e.get("admin1") or "?"
    killed = f", {e['fatalities']} killed" if e.get("fatalities") is not None else ""
    return f"{e.get('sub_event_type') or e.get('event_type')} in {where} ({e.get('admin1') or '?'}), " \
           f"{e.get('event_date') or '?'}{killed}"


def subject(message: dict[str, Any]) -> str:
    if "events" in message:
        return f"[Rasd] {message['alert']}: {len(message['events'])} event(s) ({message['digest']} digest)"
    return f"[Rasd] {message['alert']}: {'updated: ' if message['change'] == 'updated' else ''}{_event_line(message)}"


def message_text(message: dict[str, Any]) -> str:
    """The plain-text body of an e-mail (Arabic evidence as written, never as HTML)."""
    out = []
    for m in message.get("events", [message]):
        out += [("UPDATED " if m["change"] == "updated" else "") + _event_line(m), f"  {m['link']}"]
        out += [f"  evidence: {t}" for t in m["evidence"]]
        out += [f"  source: {x['source'] or '?'} {x['url'] or ''}".rstrip() for x in m["sources"]]
        out.append("")
    return "\n".join(out)


@dataclass
class DeliveryReport:
    sent: int = 0  # messages
    failed: int = 0
    events: int = 0

    def line(self) -> str:
        return f"Alerts: {self.sent} message(s) sent ({self.events} event(s)), {self.failed} failed (retried later)."


def _wait(attempts: int) -> timedelta:
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), MAX_WAIT)


def deliver(store: Store, settings: Settings, *, at: datetime | None = None, tries: int = 3, pause: float = 1.0,
            force_digest: bool = False, log: Callable[[str], None] = print) -> DeliveryReport:
    """Send every pending delivery that is due (a digest alert's once its period has passed,
    or at once with `force_digest`).  Each send is tried `tries` times, `pause` seconds apart
    (doubling), then left for a later round with backoff."""
    at = at or now()
    report = DeliveryReport()
    sender = Sender(settings)
    try:
        with store.session() as s:
            alerts = {a.id: a for a in s.scalars(select(AlertRow))}
            due = list(s.scalars(select(AlertDeliveryRow).where(AlertDeliveryRow.status.in_(("pending", "failed")),
                                                                AlertDeliveryRow.next_try_at <= at)
                                 .order_by(AlertDeliveryRow.id)))
        groups: dict[tuple[int, str], list[AlertDeliveryRow]] = {}
        for d in due:
            alert = alerts.get(d.alert_id)
            if alert is None:
                continue
            if alert.digest and not force_digest:
                last = alert.last_digest_at or alert.created_at
                if at - last < DIGESTS[alert.digest]:
                    continue
            key = (d.alert_id, d.channel) if alert.digest else (d.id, d.channel)
            groups.setdefault(key, []).append(d)
        digested: set[int] = set()
        for rows in groups.values():
            alert = alerts[rows[0].alert_id]
            message = rows[0].payload if not alert.digest else {
                "alert": alert.name, "digest": alert.digest, "events": [r.payload for r in rows]}
            attempts = _try(sender, rows[0].channel, message, tries, pause)
            _record(store, rows, attempts, at)
            error = None if attempts[-1]["ok"] else attempts[-1]["error"]
            if error is None:
                report.sent += 1
                report.events += len(rows)
                if alert.digest:
                    digested.add(alert.id)
            else:
                report.failed += 1
                log(f"alert {alert.name}: {rows[0].channel}: failed ({error}); retried later")
        if digested:
            with store.session() as s, s.begin():
                for aid in digested:
                    row = s.get(AlertRow, aid)
                    if row is not None:
                        row.last_digest_at = at
    finally:
        sender.close()
    return report


def _try(sender: Sender, channel: str, message: dict[str, Any], tries: int, pause: float) -> list[dict[str, Any]]:
    """Every attempt (at, ok, error), until one succeeds or `tries` have failed."""
    attempts: list[dict[str, Any]] = []
    for attempt in range(max(1, tries)):
        at = now().isoformat(timespec="seconds")
        try:
            sender.send(channel, message)
            attempts.append({"at": at, "ok": True})
            return attempts
        except Exception as exc:  # any failure of the far end is recorded and retried
            attempts.append({"at": at, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
            if attempt + 1 < tries:
                time.sleep(pause * 2 ** attempt)
    return attempts


def _record(store: Store, rows: list[AlertDeliveryRow], attempts: list[dict[str, Any]], at: datetime) -> None:
    sent = attempts[-1]["ok"]
    with store.session() as s, s.begin():
        for r in rows:
            row = s.get(AlertDeliveryRow, r.id)
            if row is None:
                continue
            row.attempts += len(attempts)
            row.history = list(row.history or []) + attempts
            if sent:
                row.status, row.sent_at, row.last_error, row.next_try_at = "sent", at, None, None
            else:
                row.last_error = attempts[-1]["error"]
                row.status = "failed" if row.attempts < MAX_ATTEMPTS else "abandoned"
                rounds = -(-row.attempts // max(1, len(attempts)))  # rounds failed so far
                row.next_try_at = at + _wait(rounds) if row.status == "failed" else None


def describe_filters(filters: dict[str, Any]) -> str:
    bits = []
    for k, v in filters.items():
        if k == "near" and v:
            bits.append(f"near {v['place']} ({v['km']:g} km)")
        elif v not in (None, "", []):
            bits.append(f"{k}={','.join(map(str, v)) if isinstance(v, (list, tuple)) else v}")
    return "; ".join(bits) or "every event"

