"""The tables of the event store (SQLAlchemy 2 ORM).

- `articles`: one row per distinct article (same URL or same normalised text is one row),
  original text kept byte-for-byte, with a hash of its normalised text.
- `claims`: one row per event as one article reports it (the per-source claim); it is
  also the event<->article link.  Re-extracting an article replaces its claims.
- `events`: the merged events (clusters of claims from different articles) with the
  fields chosen by ACLED's rules, the `disputed` flag and the list of disputed fields.
- `gazetteer_overrides`: hand corrections to place resolution (read by the geoparser
  when it supports them; kept here so they live in the same database as the events).
- `sources`, `seen_items`: what `rasd watch` polls and what it has already read (poll
  state lives in the store, so a killed watcher resumes without losing or repeating).
- `alerts`, `alert_deliveries`: standing queries on merged events and every send.

The Alembic migrations in `migrations/versions` create exactly these tables; a test
checks the two agree.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from rasd.output.contract import FIELDS


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_key: Mapped[str] = mapped_column(String(512), index=True)  # Article.article_id as read
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of normalised text
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    published_from: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(256), index=True)
    path: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    extractor: Mapped[str] = mapped_column(String(64))  # rasd version that extracted the claims
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # search vector (float32 bytes) of title + lead; null until `rasd search` indexes it
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                                  passive_deletes=True, order_by="ClaimRow.seq")


# Contract fields stored as plain columns of claims and events (ids, dates, evidence,
# published and url are stored their own way).
EVENT_COLUMNS: tuple[str, ...] = tuple(
    f for f in FIELDS if f not in ("event_id", "article_id", "event_date", "evidence", "published", "url"))


class _EventFields:
    """ACLED/Rasd event columns shared by claims and merged events."""

    event_date: Mapped[date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    disorder_type: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str | None] = mapped_column(String(64))
    sub_event_type: Mapped[str | None] = mapped_column(String(64))
    actor1: Mapped[str | None] = mapped_column(String(256))
    assoc_actor_1: Mapped[str | None] = mapped_column(Text)
    inter1: Mapped[int | None] = mapped_column(Integer)
    actor2: Mapped[str | None] = mapped_column(String(256))
    assoc_actor_2: Mapped[str | None] = mapped_column(Text)
    inter2: Mapped[int | None] = mapped_column(Integer)
    interaction: Mapped[int | None] = mapped_column(Integer)
    civilian_targeting: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(64))
    iso: Mapped[int | None] = mapped_column(Integer)
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    admin3: Mapped[str | None] = mapped_column(String(128))
    location: Mapped[str | None] = mapped_column(String(256))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    fatalities: Mapped[int | None] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text, default="")
    injured: Mapped[int | None] = mapped_column(Integer)
    location_ar: Mapped[str | None] = mapped_column(String(256))
    actor1_ar: Mapped[str | None] = mapped_column(String(256))
    actor2_ar: Mapped[str | None] = mapped_column(String(256))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)


class EventRow(_EventFields, Base):
    """A merged event: one happening, every source that reported it."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n_sources: Mapped[int] = mapped_column(Integer, default=1, index=True)  # reports: distinct articles
    # distinct outlets of those reports (rasd.store.provenance: source, else URL host, else unknown)
    n_outlets: Mapped[int] = mapped_column(Integer, default=1, server_default="1", index=True)
    # ACLED's country event id (SYR + 12 digits), from the first report: stable across re-merges
    event_id_cnty: Mapped[str | None] = mapped_column(String(32), index=True)
    disputed: Mapped[bool] = mapped_column(default=False, index=True)
    disputed_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    # lowercased actors, places, notes and evidence of every claim: what `q` searches
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    claims: Mapped[list[ClaimRow]] = relationship(back_populates="event", order_by="ClaimRow.id")

    # the API's filters; claims need none of these (every claim write would pay for them)
    __table_args__ = (Index("ix_events_lat_lon", "latitude", "longitude"), Index("ix_events_event_date", "event_date"),
                      Index("ix_events_event_type", "event_type"), Index("ix_events_admin1", "admin1"))


class ClaimRow(_EventFields, Base):
    """One event as one article reports it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_key: Mapped[str] = mapped_column(String(600))  # Event.event_id as extracted
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # position among the article's events, from 1
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    published: Mapped[date | None] = mapped_column(Date)
    # the date merging compares: event_date, else published (indexed with the type for the window query)
    day: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2048))
    # why this claim joined its event: days, km, type, actors, similarity, the claim matched
    merge_reason: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # sentence vector of the evidence (float32 bytes): a merge signal when present
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)

    article: Mapped[ArticleRow] = relationship(back_populates="claims")
    event: Mapped[EventRow | None] = relationship(back_populates="claims")

    # event ids are "<article id>-<n>" and two inputs may share an article id (stdin),
    # so the key that must be unique is the stored article and the position
    __table_args__ = (UniqueConstraint("article_id", "seq", name="uq_claims_article_seq"),
                      Index("ix_claims_type_day", "event_type", "time_precision", "day"))


class GazetteerOverride(Base):
    """A hand correction: this Arabic name means this place."""

    __tablename__ = "gazetteer_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(256), unique=True)
    gazetteer_id: Mapped[str | None] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(256))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(128))
    admin2: Mapped[str | None] = mapped_column(String(128))
    admin3: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)


class SourceRow(Base):
    """A feed, sitemap, home page or public channel that `rasd poll` reads."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # rss | atom | sitemap | page | telegram
    name: Mapped[str | None] = mapped_column(String(256))
    every_seconds: Mapped[int] = mapped_column(Integer, default=900)
    lang: Mapped[str | None] = mapped_column(String(16))
    added_at: Mapped[datetime] = mapped_column(DateTime)
    last_poll_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_ok_at: Mapped[datetime | None] = mapped_column(DateTime)
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    articles_stored: Mapped[int] = mapped_column(Integer, default=0)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed polls (backoff)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[str | None] = mapped_column(Text)  # the last poll's log line
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(128))
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)


class SeenItemRow(Base):
    """An item a source listed and Rasd has read (stored, or judged not an article)."""

    __tablename__ = "seen_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)  # canonical URL
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"), index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # the listing's own version mark (feed `updated`, sitemap `lastmod`): a new one means an edit
    stamp: Mapped[str | None] = mapped_column(String(64))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))  # new | updated | unchanged | duplicate | skipped
    note: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)


class AlertRow(Base):
    """A standing query on merged events and where matches are sent."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # EventFilter fields + near
    channels: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"kind": "webhook", "to": URL}]
    digest: Mapped[str | None] = mapped_column(String(16))  # None (each event) | hourly | daily
    created_at: Mapped[datetime] = mapped_column(DateTime)
    checked_until: Mapped[datetime | None] = mapped_column(DateTime)  # events updated before this were judged
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime)


class AlertDeliveryRow(Base):
    """One event (in one material version) for one alert channel: queued, sent or failing."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(2100))  # "webhook:URL", "email:ADDR", "file:PATH"
    event_id: Mapped[int] = mapped_column(Integer, index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # hash of the fields that make an update material
    change: Mapped[str] = mapped_column(String(16))  # new | updated
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | sent | failed (retrying)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # every attempt: at, ok, error
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what is (or was) sent
    created_at: Mapped[datetime] = mapped_column(DateTime)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    # sent once: one row per alert, channel, event and material version
    __table_args__ = (UniqueConstraint("alert_id", "channel", "event_id", "fingerprint", name="uq_alert_delivery"),)
