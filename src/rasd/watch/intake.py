"""Storing what a poll read: `rasd ingest`'s pipeline, with the item marked read in the same
transaction as its article (so a kill never separates the two)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from rasd.doc import Article
from rasd.pipeline import Pipeline
from rasd.store.database import Store
from rasd.store.ingest import IngestPipeline, store_article
from rasd.store.models import SeenItemRow
from rasd.watch.fetch import FetchError
from rasd.watch.listings import Listed
from rasd.watch.sources import now

SEEN: Table = SeenItemRow.__table__  # type: ignore[assignment]


@dataclass
class Item:
    source: int
    listed: Listed
    article: Article | None = None
    note: str | None = None  # why it is not an article (marked read, skipped)
    transient: bool = False  # failed for now: not marked read



class WatchIngest(IngestPipeline):
    """`rasd ingest`'s pipeline, committing the seen item with the article it carries."""

    def __init__(self, store: Store, extract: Pipeline) -> None:
        super().__init__(store, extract, workers=0)
        self._marks: dict[int, Item] = {}

    def take(self, item: Item) -> str:
        """Extract and store the item's article; returns the outcome (new, updated, ...)."""
        assert item.article is not None
        before = {k: getattr(self.counts, k) for k in ("new", "updated", "unchanged", "duplicate")}
        failed_before = len(self.counts.store_failed)
        self._marks[id(item.article)] = item
        try:
            self(item.article)
        finally:
            pending = self._marks.pop(id(item.article), None)
        if len(self.counts.store_failed) > failed_before:
            raise FetchError(item.listed.url, "not stored: " + self.counts.store_failed[-1][1])
        outcome = next(k for k, v in before.items() if getattr(self.counts, k) > v)
        if pending is not None:  # known already, so nothing was committed: mark it read now
            with self.store.engine.begin() as conn:
                found = conn.execute(select(SEEN.c.id).where(SEEN.c.url == item.listed.url)).first()
                mark_seen(conn, item, None, None, outcome, exists=found is not None)
        return outcome

    def _commit(self, doc, digest: str) -> str:  # type: ignore[no-untyped-def]
        item = self._marks.get(id(doc.article))
        for attempt in range(3):
            try:
                with self.store.engine.begin() as conn:
                    status, article_id = store_article(conn, doc, window=self.window, embed=self.embed,
                                                       digest=digest, force=self.force)
                    if item is not None:
                        found = conn.execute(select(SEEN.c.id).where(SEEN.c.url == item.listed.url)).first()
                        mark_seen(conn, item, digest, article_id, status, exists=found is not None)
                self._marks.pop(id(doc.article), None)
                return status
            except IntegrityError:  # another writer stored it meanwhile: look again
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def mark_seen(conn: Connection, item: Item, digest: str | None, article_id: int | None, outcome: str, *,
              exists: bool) -> None:
    at = now()
    values = {"source_id": item.source, "stamp": item.listed.stamp, "outcome": outcome, "note": item.note,
              "last_seen": at}
    if digest is not None:
        values["content_hash"] = digest
    if article_id is not None:
        values["article_id"] = article_id
    if exists:  # an edit: the item stays with the source that first listed it
        values.pop("source_id")
        conn.execute(update(SEEN).where(SEEN.c.url == item.listed.url).values(**values))
    else:
        conn.execute(insert(SEEN).values(url=item.listed.url, first_seen=at, **values))


def article_id_for(url: str) -> str:
    parts = urlsplit(url)
    return (parts.netloc + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else ""))[:500]
