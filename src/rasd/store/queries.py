"""Reading events back: the filters shared by `rasd events`, `rasd export` and the API.

Every filter becomes a bound SQLAlchemy expression; nothing is pasted into SQL text.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from sqlalchemy import Engine, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from rasd.doc import Event, Evidence
from rasd.geo.spellings import admin_spellings
from rasd.store.actor_names import canonical_actors
from rasd.store.models import EVENT_COLUMNS, ArticleRow, ClaimRow, EventRow
from rasd.text.normalize import normalize


@dataclass
class EventFilter:
    date_from: date | None = None
    date_to: date | None = None
    # (min_lon, min_lat, max_lon, max_lat), GeoJSON order
    bbox: tuple[float, float, float, float] | None = None
    admin1: str | None = None  # governorate in any spelling: Idlib, Idleb, إدلب
    admin2: str | None = None  # district in any spelling
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # substring of actor1/actor2/associates, English or Arabic
    min_fatalities: int | None = None
    disputed: bool | None = None
    multi_source: bool | None = None  # True: only events with more than one source
    q: str | None = None  # words that must all appear in names, places, notes or evidence
    min_confidence: float | None = None  # the judge's probability that the event happened, 0..1
    inter1: int | None = None  # ACLED interaction code of actor1 (1 state forces ... 8 external/other)
    inter2: int | None = None  # of actor2
    interaction: int | None = None  # the two codes, lower first (12, 17, 28 ...)
    multi_outlet: bool | None = None  # True: only events reported by more than one outlet


def _like(value: str) -> str:
    """A LIKE pattern matching `value` literally (its % and _ escaped)."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _actor_condition(actor: str) -> Any:
    """An actor the lexicon knows by this name, alias or family (SDF = قسد = sdf), as actor1,
    actor2 or an associate; any other text as a substring of the actor columns."""
    known = canonical_actors(actor)
    if known:
        names = sorted(known)
        listed = (EventRow.assoc_actor_1, EventRow.assoc_actor_2)  # "A; B" lists
        return or_(EventRow.actor1.in_(names), EventRow.actor2.in_(names),
                   *(c.like(_like(n), escape="\\") for c in listed for n in names))
    pat = _like(actor.lower())
    cols = (EventRow.actor1, EventRow.actor2, EventRow.assoc_actor_1, EventRow.assoc_actor_2,
            EventRow.actor1_ar, EventRow.actor2_ar)
    return or_(*(func.lower(c).like(pat, escape="\\") for c in cols))


def query_words(q: str | None) -> list[str]:
    """The words of a search query as matched: normalised, so "ـ" or "ً" alone is none."""
    return normalize(q).split() if q else []


def filtered(f: EventFilter) -> Select:
    """SELECT events matching `f`, newest first (then by id, so pages are stable)."""
    stmt = select(EventRow)
    if f.date_from:
        stmt = stmt.where(EventRow.event_date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(EventRow.event_date <= f.date_to)
    if f.bbox:
        x0, y0, x1, y1 = f.bbox
        stmt = stmt.where(EventRow.longitude.between(min(x0, x1), max(x0, x1)),
                          EventRow.latitude.between(min(y0, y1), max(y0, y1)))
    # events keep the canonical (ACLED) spelling; the filter maps any alias to it
    for column, value, level in ((EventRow.admin1, f.admin1, 1), (EventRow.admin2, f.admin2, 2)):
        if value:
            stmt = stmt.where(func.lower(column).in_(sorted({n.lower() for n in admin_spellings(value, level)})))
    if f.event_type:
        stmt = stmt.where(func.lower(EventRow.event_type) == f.event_type.lower())
    if f.sub_event_type:
        stmt = stmt.where(func.lower(EventRow.sub_event_type) == f.sub_event_type.lower())
    if f.actor:
        stmt = stmt.where(_actor_condition(f.actor))
    if f.min_fatalities is not None:
        stmt = stmt.where(EventRow.fatalities >= f.min_fatalities)
    if f.min_confidence is not None:
        stmt = stmt.where(EventRow.confidence >= f.min_confidence)
    if f.disputed is not None:
        stmt = stmt.where(EventRow.disputed.is_(f.disputed))
    for column, code in ((EventRow.inter1, f.inter1), (EventRow.inter2, f.inter2),
                         (EventRow.interaction, f.interaction)):
        if code is not None:
            stmt = stmt.where(column == code)
    if f.multi_outlet is not None:
        stmt = stmt.where(EventRow.n_outlets > 1 if f.multi_outlet else EventRow.n_outlets <= 1)
    if f.multi_source is not None:
        stmt = stmt.where(EventRow.n_sources > 1 if f.multi_source else EventRow.n_sources <= 1)
    # a q that normalises to nothing (tatweel, diacritics, marks) is no query: no condition
    for word in query_words(f.q):
        stmt = stmt.where(EventRow.search_text.like(_like(word), escape="\\"))
    return stmt.order_by(EventRow.event_date.desc().nulls_last(), EventRow.id)


def count_events(session: Session, f: EventFilter) -> int:
    return session.scalar(select(func.count()).select_from(filtered(f).order_by(None).subquery())) or 0


def list_events(session: Session, f: EventFilter, limit: int | None = None, offset: int = 0) -> list[EventRow]:
    stmt = filtered(f).options(selectinload(EventRow.claims).selectinload(ClaimRow.article)).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def iter_events(session: Session, f: EventFilter, chunk: int = 500) -> Iterator[EventRow]:
    """Every matching event, read a chunk at a time (exports of the whole store)."""
    offset = 0
    while True:
        rows = list_events(session, f, chunk, offset)
        yield from rows
        if len(rows) < chunk:
            return
        offset += chunk


@contextmanager
def snapshot(engine: Engine) -> Iterator[Session]:
    """A read-only session whose every query sees the database as of its first one.

    An export reads in chunks while `rasd ingest` or the API may be merging: without one
    snapshot, rows moving between chunks come out twice or not at all.  SQLite (WAL)
    keeps a read transaction's snapshot, but its Python driver only opens a transaction
    before writes, so one is opened here; PostgreSQL needs REPEATABLE READ for the same.
    """
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with Session(bind=conn) as session:
            yield session
        conn.rollback()  # nothing was written; ends the read transaction


def get_event(session: Session, event_id: int) -> EventRow | None:
    return session.scalar(select(EventRow).where(EventRow.id == event_id)
                          .options(selectinload(EventRow.claims).selectinload(ClaimRow.article)))


def find_event(session: Session, ref: str | int) -> EventRow | None:
    """An event by store id, by its `event_id_cnty` (SYR...), or by the event id one of its
    reports was extracted with ("SK-middleEast-3956-20181019-1"): the merged event that
    report belongs to."""
    if isinstance(ref, str) and any(ch == "\x00" or "\ud800" <= ch <= "\udfff" for ch in ref):
        return None  # no id holds these (and PostgreSQL refuses a NUL in a query)
    if isinstance(ref, int) or ref.isdigit():
        n = int(ref)
        if 1 <= n <= 2 ** 63 - 1:
            e = get_event(session, n)
            if e is not None or isinstance(ref, int):
                return e
    by_country_id = session.scalar(select(EventRow.id).where(EventRow.event_id_cnty == str(ref)).order_by(EventRow.id)
                                   .limit(1))
    if by_country_id is not None:  # ACLED's event_id_cnty (SYR...)
        return get_event(session, by_country_id)
    event = session.scalar(select(ClaimRow.event_id).where(ClaimRow.event_key == str(ref))
                           .where(ClaimRow.event_id.is_not(None)).order_by(ClaimRow.id).limit(1))
    return get_event(session, event) if event is not None else None


def find_article_row(session: Session, ref: str) -> ArticleRow | None:
    """An article by numeric id, URL or article id as read."""
    if ref.isdigit():
        row = session.get(ArticleRow, int(ref))
        if row is not None:
            return row
    return (session.scalar(select(ArticleRow).where(ArticleRow.url == ref))
            or session.scalar(select(ArticleRow).where(ArticleRow.article_key == ref).order_by(ArticleRow.id).limit(1)))


_COPY = EVENT_COLUMNS


def as_event(row: EventRow) -> Event:
    """A merged event in the output contract (for the writers and the schema).

    The contract ties evidence offsets to one article, so `article_id`, `evidence`,
    `published` and `url` are those of the lead report (the most confident); `source`
    lists every outlet and the API's /events/{id} gives each report in full.
    """
    claims = sorted(row.claims, key=lambda c: (-(c.confidence or 0.0), c.id))
    lead = claims[0] if claims else None
    ev = Event(event_id=str(row.id), article_id=lead.article.article_key if lead else str(row.id))
    for name in _COPY:
        setattr(ev, name, getattr(row, name))
    ev.event_date = row.event_date.isoformat() if row.event_date else None
    ev.notes, ev.tags = row.notes or "", row.tags or ""
    if lead is not None:
        ev.evidence = [Evidence(e["text"], e["start"], e["end"]) for e in lead.evidence or []]
        ev.published = lead.published.isoformat() if lead.published else None
        ev.url = lead.url
    return ev
