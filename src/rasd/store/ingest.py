"""Writing extracted articles into the store: idempotent, one transaction per article.

An article is the same article as a stored one when it has the same normalised text
(stored once, whatever its URL), else the same URL, else (for inputs without a URL)
the same id and source: then it is a changed version, and its claims are replaced.
An unchanged article whose claims came from the same extractor is skipped before
extraction, which makes a re-run after an interruption resume where it stopped.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

import rasd
from rasd.doc import Article, Doc, Event
from rasd.lexicon import data_path
from rasd.pipeline import Pipeline
from rasd.store.database import Store
from rasd.store.merge import DEFAULT_WINDOW, Window, attach, detach
from rasd.store.models import ArticleRow, ClaimRow
from rasd.text.normalize import normalize

_SPACE = re.compile(r"\s+")

# Outcomes of storing one article.
NEW, UPDATED, UNCHANGED, DUPLICATE = "new", "updated", "unchanged", "duplicate"


def content_hash(text: str) -> str:
    """sha256 of the normalised text with whitespace collapsed: equal for trivially different copies."""
    return hashlib.sha256(_SPACE.sub(" ", normalize(text)).strip().encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The rasd version plus a hash of the lexicons: claims from another version are re-extracted."""
    h = hashlib.sha256()
    root = data_path("lexicons")
    for p in sorted(root.rglob("*")) if root.exists() else []:
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return f"{rasd.__version__}+{h.hexdigest()[:12]}"


def find_article(session: Session, article: Article, digest: str) -> tuple[ArticleRow | None, str]:
    """The stored row this article is a copy or a version of, and how it was found."""
    row = session.scalar(select(ArticleRow).where(ArticleRow.content_hash == digest))
    if row is not None:
        return row, "text"
    if article.url:
        row = session.scalar(select(ArticleRow).where(ArticleRow.url == article.url))
        if row is not None:
            return row, "url"
        return None, ""
    row = session.scalar(select(ArticleRow).where(
        ArticleRow.article_key == article.article_id, ArticleRow.url.is_(None),
        (ArticleRow.source == article.source) if article.source else ArticleRow.source.is_(None),
    ).order_by(ArticleRow.id).limit(1))
    return (row, "id") if row is not None else (None, "")


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def claim_from_event(event: Event, seq: int, article: ArticleRow) -> ClaimRow:
    """A claim row holding every contract field of `event`."""
    c = ClaimRow(event_key=event.event_id, seq=seq, article=article, evidence=[
        {"text": e.text, "start": e.start, "end": e.end} for e in event.evidence])
    for name in ("time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
                 "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
                 "iso", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
                 "notes", "fatalities", "tags", "injured", "location_ar", "actor1_ar", "actor2_ar",
                 "confidence"):
        setattr(c, name, getattr(event, name))
    c.notes, c.tags = c.notes or "", c.tags or ""
    c.confidence = c.confidence or 0.0
    c.event_date = _date(event.event_date)
    c.published = _date(event.published) or article.published
    c.source = event.source or article.source
    c.url = event.url or article.url
    return c


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def store_doc(session: Session, doc: Doc, *, window: Window = DEFAULT_WINDOW,
              embed=None) -> tuple[str, ArticleRow]:
    """Store `doc` (article and events) and merge its events; the caller commits.

    `embed`, when given, maps a list of texts to unit vectors: claims then carry
    sentence vectors, which merging uses as an extra signal.
    """
    a = doc.article
    digest = content_hash(a.text)
    row, found_by = find_article(session, a, digest)
    now = _now()
    if row is not None and found_by == "text" and row.extractor == extractor_version():
        return (UNCHANGED if _same_origin(row, a) else DUPLICATE), row
    status = NEW
    if row is None:
        row = ArticleRow(article_key=a.article_id, ingested_at=now, content_hash=digest)
        session.add(row)
    else:
        status = UPDATED
        detach(session, list(row.claims), window)
        row.claims.clear()
        session.flush()
        if row.content_hash != digest:
            row.embedding = None
    # a copy found by its text keeps the first URL seen; a new version takes the new one
    if found_by != "text":
        row.url = a.url
    row.content_hash = digest
    row.title, row.text = a.title, a.text
    row.published, row.published_from = a.published, a.published_from
    row.source, row.path = a.source or row.source, a.path
    row.meta = dict(a.metadata)
    row.extractor = extractor_version()
    row.updated_at = now
    session.flush()
    claims = [claim_from_event(e, i, row) for i, e in enumerate(doc.events, 1)]
    session.add_all(claims)
    if embed is not None and claims:
        from rasd.store.search import claim_text, pack

        for c, v in zip(claims, embed([claim_text(c) for c in claims])):
            c.embedding = pack(v)
    session.flush()
    attach(session, claims, window)
    return status, row


def _same_origin(row: ArticleRow, a: Article) -> bool:
    return (row.url == a.url or a.url is None) and (row.article_key == a.article_id or row.url is not None)


def remove_article(session: Session, row: ArticleRow, window: Window = DEFAULT_WINDOW) -> None:
    """Delete an article and its claims; the events they were part of are re-merged."""
    detach(session, list(row.claims), window)
    session.delete(row)
    session.flush()


@dataclass
class IngestCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"Stored {self.new} new and {self.updated} updated article(s), {self.unchanged} unchanged, "
                f"{self.duplicate} duplicate(s) of stored text; {self.claims} event report(s) stored.")


class IngestPipeline(Pipeline):
    """Extract-and-store as one pipeline for `run_batch`: each article is committed on its own.

    Articles already stored unchanged are not extracted again (resume is cheap), and an
    article whose storing fails is rolled back whole and reported like a bad input.
    """

    def __init__(self, store: Store, extract: Pipeline, *, force: bool = False,
                 window: Window = DEFAULT_WINDOW, embed=None) -> None:
        super().__init__([])
        self.store, self.extract, self.force, self.window, self.embed = store, extract, force, window, embed
        self.counts = IngestCounts()
        self.version = extractor_version()

    def __call__(self, article: Article) -> Doc:
        with self.store.session() as session, session.begin():
            if not self.force:
                row, found_by = find_article(session, article, content_hash(article.text))
                if row is not None and found_by == "text" and row.extractor == self.version:
                    if _same_origin(row, article):
                        self.counts.unchanged += 1
                    else:
                        self.counts.duplicate += 1
                    return Doc(article)
            doc = self.extract(article)
            if self.force:
                row, found_by = find_article(session, article, content_hash(article.text))
                if row is not None and found_by == "text":
                    row.extractor = ""  # make store_doc re-extract rather than skip
            status, _ = store_doc(session, doc, window=self.window, embed=self.embed)
        setattr(self.counts, status, getattr(self.counts, status) + 1)
        if status in (NEW, UPDATED):
            self.counts.claims += len(doc.events)
        return doc
