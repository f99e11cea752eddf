"""The sources table: adding (with feed discovery), listing, removing, scheduling."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from rasd.store.database import Store
from rasd.store.models import SeenItemRow, SourceRow
from rasd.watch.fetch import Fetcher, FetchError
from rasd.watch.listings import KINDS, canonical_url, discover_feeds, sniff_kind, telegram_preview_url

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# a failing source waits longer each time, up to this, before it is asked again
MAX_BACKOFF = timedelta(hours=6)


def parse_every(value: str) -> int:
    """Seconds in an interval such as "90s", "15m", "2h", "1d" or "1h30m" (a bare number: minutes)."""
    text = value.strip().lower()
    if text.isdigit():
        return int(text) * 60
    parts = re.findall(r"(\d+)\s*([smhd])", text)
    if not parts or re.sub(r"\d+\s*[smhd]", "", text).strip():
        raise ValueError(f"not an interval: {value!r} (e.g. 15m, 2h, 1d)")
    return sum(int(n) * _UNITS[u] for n, u in parts)


def format_every(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class Discovered:
    url: str
    kind: str


def resolve_kind(url: str, kind: str, fetcher: Fetcher | None) -> list[Discovered]:
    """The source(s) to store for `url`: as given when `kind` is known; with `auto` the body
    decides, and a home page becomes the feeds and sitemaps it links (itself, as `page`,
    when it links none).  `page` asks for discovery too."""
    if kind == "telegram" or (kind == "auto" and re.match(r"^(https?://)?(t|telegram)\.me/", url)):
        return [Discovered(telegram_preview_url(url), "telegram")]
    if kind not in ("auto", "page"):
        return [Discovered(canonical_url(url), kind)]
    if fetcher is None:
        return [Discovered(canonical_url(url), "page")]
    got = fetcher.get(url)
    sniffed = sniff_kind(got.body, got.content_type)
    if sniffed != "page":
        return [Discovered(canonical_url(got.url), sniffed)]
    feeds = discover_feeds(got.body, got.url)
    if not feeds:
        return [Discovered(canonical_url(got.url), "page")]
    return [Discovered(u, k) for u, k in feeds]


def add_sources(store: Store, url: str, *, kind: str = "auto", name: str | None = None, every: str = "15m",
                lang: str | None = "ar", fetcher: Fetcher | None = None) -> list[tuple[SourceRow, bool]]:
    """Store the source(s) `url` names; returns each with whether it is new (adding twice
    updates the name, interval and language, never duplicates)."""
    if kind not in KINDS + ("auto",):
        raise ValueError(f"kind must be one of {', '.join(KINDS)} or auto")
    seconds = parse_every(every)
    if seconds < 60:
        raise ValueError("polling more often than once a minute is not polite; use --every 1m or more")
    try:
        found = resolve_kind(url, kind, fetcher)
    except FetchError:
        if kind == "auto":  # what it is cannot be known without reading it
            raise
        found = [Discovered(canonical_url(url), kind)]  # a page unreachable now: its feeds are found at poll time
    out = []
    with store.session() as s, s.begin():
        for d in found:
            row = s.scalar(select(SourceRow).where(SourceRow.url == d.url))
            created = row is None
            if row is None:
                row = SourceRow(url=d.url, kind=d.kind, added_at=now(), items_seen=0, articles_stored=0,
                                failures=0, meta={})
                s.add(row)
            row.name = name or row.name
            row.every_seconds, row.lang = seconds, lang
            out.append((row, created))
    return out


def list_sources(session: Session) -> list[SourceRow]:
    return list(session.scalars(select(SourceRow).order_by(SourceRow.id)))


def find_source(session: Session, ref: str) -> SourceRow | None:
    """A source by id, URL or name."""
    if ref.isdigit():
        row = session.get(SourceRow, int(ref))
        if row is not None:
            return row
    return (session.scalar(select(SourceRow).where(SourceRow.url == ref))
            or session.scalar(select(SourceRow).where(SourceRow.url == canonical_url(ref)))
            or session.scalar(select(SourceRow).where(SourceRow.name == ref).order_by(SourceRow.id).limit(1)))


def remove_source(session: Session, row: SourceRow) -> None:
    """Forget a source; its articles stay, and what it had read stays read (its seen items
    are kept, unattached, so that adding it back reads nothing twice)."""
    session.execute(update(SeenItemRow).where(SeenItemRow.source_id == row.id).values(source_id=None))
    session.execute(delete(SourceRow).where(SourceRow.id == row.id))


def is_due(row: SourceRow, at: datetime) -> bool:
    return row.next_poll_at is None or row.next_poll_at <= at


def next_poll(row: SourceRow, at: datetime, failed: bool) -> datetime:
    """When to ask again: after `every`, doubled per consecutive failure (at most 6 hours,
    and never sooner than `every`)."""
    wait = timedelta(seconds=row.every_seconds)
    if failed and row.failures > 1:
        wait = max(wait, min(wait * 2 ** (row.failures - 1), MAX_BACKOFF))
    return at + wait
