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
import multiprocessing
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Sequence

from sqlalchemy import Connection, String, and_, bindparam, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

import rasd
from rasd.doc import Article, Doc, Event
from rasd.lexicon import data_path
from rasd.parallel import extract_events, start_worker
from rasd.pipeline import Pipeline
from rasd.store.database import Store
from rasd.store.cluster import attach, detach
from rasd.store.merge import DEFAULT_WINDOW, Window
from rasd.store.models import EVENT_COLUMNS, ArticleRow
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


# One indexed lookup for the three ways an article can already be stored, built once.
_LOOKUP = select(ArticleRow.id, ArticleRow.content_hash, ArticleRow.url, ArticleRow.article_key,
                 ArticleRow.extractor, ArticleRow.source).where(or_(
    ArticleRow.content_hash == bindparam("digest"),
    ArticleRow.url == bindparam("url"),
    and_(ArticleRow.article_key == bindparam("key"), ArticleRow.url.is_(None),
         ArticleRow.source.is_not_distinct_from(bindparam("source", type_=String)), bindparam("no_url"))),
).order_by(ArticleRow.id)


def lookup(conn: Connection | Session, article: Article, digest: str) -> tuple[Any, str]:
    """The stored article (a light row) this one is a copy or a version of, and how it was found:
    "text" (same normalised text), "url" (same URL), "id" (no URL; same id and source)."""
    rows = conn.execute(_LOOKUP, {"digest": digest, "url": article.url, "key": article.article_id,
                                  "source": article.source, "no_url": article.url is None}).all()
    for how, test in (("text", lambda r: r.content_hash == digest),
                      ("url", lambda r: article.url is not None and r.url == article.url),
                      ("id", lambda r: article.url is None and r.url is None)):
        for r in rows:
            if test(r):
                return r, how
    return None, ""


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None



def claim_from_event(event: Event, seq: int, article_id: int, *, published: date | None, source: str | None,
                     url: str | None) -> SimpleNamespace:
    """A claim (the values of a `claims` row) holding every contract field of `event`;
    `published`, `source`, `url`: the article's, for an event that has none of its own."""
    c = SimpleNamespace(**{name: getattr(event, name) for name in EVENT_COLUMNS})
    c.event_key, c.seq, c.article_id = event.event_id, seq, article_id
    c.evidence = [{"text": e.text, "start": e.start, "end": e.end} for e in event.evidence]
    c.notes, c.tags = c.notes or "", c.tags or ""
    c.confidence = c.confidence or 0.0
    c.event_date = _date(event.event_date)
    c.published = _date(event.published) or published
    c.day = c.event_date or c.published
    c.source = event.source or source
    c.url = event.url or url
    c.event_id, c.merge_reason, c.embedding = None, None, None
    return c


class StorageError(RuntimeError):
    """The database could not store an extracted article (what `on_error` is told)."""


def _first_line(exc: BaseException) -> str:
    """A database error's message without SQLAlchemy's statement and parameters."""
    orig = getattr(exc, "orig", None) or exc
    return f"{type(orig).__name__}: {str(orig).splitlines()[0] if str(orig) else ''}"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


_ARTICLES = ArticleRow.__table__
_INSERT_ARTICLE = insert(_ARTICLES)
_UPDATE_ARTICLE = update(_ARTICLES).where(_ARTICLES.c.id == bindparam("_id"))


def store_article(conn: Connection, doc: Doc, *, window: Window = DEFAULT_WINDOW, embed=None,
                  digest: str | None = None, force: bool = False) -> tuple[str, int]:
    """Store `doc` (article and events) and merge its events with Core statements on `conn`;
    the caller commits.  Returns the outcome and the stored article's id.

    `embed`, when given, maps a list of texts to unit vectors: claims then carry
    sentence vectors, which merging uses as an extra signal.  `force` replaces the
    claims of an unchanged article too (re-extraction).
    """
    a = doc.article
    digest = digest or content_hash(a.text)
    version = extractor_version()
    found, found_by = lookup(conn, a, digest)
    if found is not None and found_by == "text" and found.extractor == version and not force:
        return (UNCHANGED if _same_origin(found, a) else DUPLICATE), found.id
    now = _now()
    values: dict[str, Any] = {"content_hash": digest, "title": a.title, "text": a.text, "published": a.published,
                              "published_from": a.published_from, "path": a.path, "metadata": dict(a.metadata),
                              "extractor": version, "updated_at": now}
    if found is None:
        status = NEW
        url, source = a.url, a.source
        values.update(article_key=a.article_id, ingested_at=now, url=url, source=source)
        article_id = conn.execute(_INSERT_ARTICLE, values).inserted_primary_key[0]
    else:
        status, article_id = UPDATED, found.id
        detach(conn, article_id, window)
        # a copy found by its text keeps the first URL seen; a new version takes the new one
        url = found.url if found_by == "text" else a.url
        source = a.source or found.source
        values.update(url=url, source=source, _id=article_id)
        if found.content_hash != digest:
            values["embedding"] = None
        conn.execute(_UPDATE_ARTICLE, values)
    claims = [claim_from_event(e, i, article_id, published=a.published, source=source, url=url)
              for i, e in enumerate(doc.events, 1)]
    for c in claims:
        c.content_hash = digest  # the canonical merge order's article key (not a claims column)
    if embed is not None and claims:
        from rasd.store.search import claim_text, pack

        for c, v in zip(claims, embed([claim_text(c) for c in claims])):
            c.embedding = pack(v)
    attach(conn, claims, window)
    return status, article_id


def store_doc(session: Session, doc: Doc, *, window: Window = DEFAULT_WINDOW, embed=None,
              digest: str | None = None, force: bool = False) -> tuple[str, ArticleRow]:
    """`store_article` in an ORM session: returns the outcome and the stored article's row."""
    session.flush()
    status, article_id = store_article(session.connection(), doc, window=window, embed=embed, digest=digest,
                                       force=force)
    session.expire_all()  # rows loaded before were changed underneath the session
    return status, session.get(ArticleRow, article_id)  # type: ignore[return-value]


def _same_origin(row: Any, a: Article) -> bool:
    return (row.url == a.url or a.url is None) and (row.article_key == a.article_id or row.url is not None)


def remove_article(session: Session, row: ArticleRow, window: Window = DEFAULT_WINDOW) -> None:
    """Delete an article and its claims; the events they were part of are re-merged."""
    session.flush()
    detach(session.connection(), row.id, window)
    session.expire(row)
    session.delete(row)
    session.flush()


@dataclass
class IngestCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    claims: int = 0
    extracted: int = 0  # event reports the extractor found (stored or not)
    failed: list[tuple[str, str]] = field(default_factory=list)  # article, error (parallel extraction)
    # article, error: extracted but not stored (a full disk, a broken or locked database)
    store_failed: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"Stored {self.new} new and {self.updated} updated article(s), {self.unchanged} unchanged, "
                f"{self.duplicate} duplicate(s) of stored text; {self.claims} event report(s) stored.")


class IngestPipeline(Pipeline):
    """Extract-and-store as one pipeline for `run_batch`: each article is committed on its own.

    Articles already stored unchanged are not extracted again (resume is cheap), and an
    article whose storing fails is rolled back whole and reported like a bad input.

    With `workers` > 0, extraction runs in that many forked processes while this one
    stores, so the two overlap; articles are still stored one by one in input order
    (the result is the same as a sequential run), and `finish()` stores the last ones.
    Calls then return a Doc without events: `counts` has the numbers.
    """

    def __init__(self, store: Store, extract: Pipeline, *, force: bool = False,
                 window: Window = DEFAULT_WINDOW, embed=None, workers: int = 0,
                 on_error: Callable[[Article, BaseException], None] | None = None) -> None:
        super().__init__([])
        self.store, self.extract, self.force, self.window, self.embed = store, extract, force, window, embed
        self.counts = IngestCounts()
        self.version = extractor_version()
        self.on_error = on_error
        self.pool = None
        self.pending: deque[tuple[Article, str, Future]] = deque()
        self.depth = 4 * workers
        if workers > 0:
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=start_worker, initargs=(extract,))

    def __call__(self, article: Article) -> Doc:
        digest = content_hash(article.text)
        if not self.force:
            # a short read first: extraction runs outside any transaction
            with self.store.engine.connect() as conn:
                row, found_by = lookup(conn, article, digest)
                if row is not None and found_by == "text" and row.extractor == self.version:
                    if _same_origin(row, article):
                        self.counts.unchanged += 1
                    else:
                        self.counts.duplicate += 1
                    return Doc(article)
        if self.pool is None:
            doc = self.extract(article)
            self._store(doc, digest)
            return doc
        self.pending.append((article, digest, self.pool.submit(extract_events, article)))
        while len(self.pending) > self.depth or (self.pending and self.pending[0][2].done()):
            self._store_next()
        return Doc(article)

    def pipe(self, articles: Sequence[Article], render: Callable[[Doc], Any] | None = None) -> list[Doc | str]:
        """One article at a time (each is extracted, then stored in its own transaction)."""
        out: list[Doc | str] = []
        for a in articles:
            try:
                doc = self(a)
                if render is not None:
                    doc.rendered = render(doc)
                out.append(doc)
            except Exception as exc:  # reported like any broken article; the batch goes on
                out.append(f"{type(exc).__name__}: {exc}")
        return out

    def _store_next(self) -> None:
        article, digest, future = self.pending.popleft()
        try:
            doc = Doc(article)
            doc.events = future.result()
            self._store(doc, digest)
        except Exception as exc:  # reported like run_batch reports a failed article, the batch goes on
            self.counts.failed.append((article.article_id, f"{type(exc).__name__}: {exc}"))
            if self.on_error:
                self.on_error(article, exc)

    def _store(self, doc: Doc, digest: str) -> None:
        self.counts.extracted += len(doc.events)
        try:
            status = self._commit(doc, digest)
        except (DBAPIError, OSError) as exc:  # the store failed, not the article: counted apart
            if isinstance(exc, IntegrityError):
                raise
            self.counts.store_failed.append((doc.article.article_id, _first_line(exc)))
            if self.on_error:
                self.on_error(doc.article, StorageError(_first_line(exc)))
            return
        setattr(self.counts, status, getattr(self.counts, status) + 1)
        if status in (NEW, UPDATED):
            self.counts.claims += len(doc.events)

    def _commit(self, doc: Doc, digest: str) -> str:
        """Store one article in its own transaction.  Another ingest of the same input may
        store it between our lookup and our insert (a unique key then fails): that is the
        article already stored, so look again and store it as what it now is."""
        for attempt in range(3):
            try:
                with self.store.engine.begin() as conn:
                    status, _ = store_article(conn, doc, window=self.window, embed=self.embed, digest=digest,
                                              force=self.force)
                return status
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def finish(self) -> None:
        """Store what is still being extracted and stop the workers."""
        try:
            while self.pending:
                self._store_next()
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers; what they had not handed back is not stored (a re-run will)."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        self.pending.clear()
