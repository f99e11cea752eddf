"""One poll round: fetch what each source lists that Rasd has not read, extract, store, merge.

Fetching runs in one thread per source (a slow or dead host holds only its own thread,
for at most its timeouts); extraction and storing run in the calling thread, one article
per transaction, through the same `IngestPipeline` as `rasd ingest`.  An item is marked
read (`seen_items`) in the transaction that stores its article, so a process killed at
any moment has either stored an article and marked it, or done neither: the next round
fetches exactly what is missing.  A source's validators (ETag, Last-Modified) are saved
only when every item it listed was dealt with, so a 304 never hides an item that failed.
"""
from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from rasd.doc import Article
from rasd.ingest.checks import published_problem
from rasd.ingest.readers import Problem, read_html, read_text
from rasd.pipeline import Pipeline
from rasd.store.database import Store
from rasd.store.models import SourceRow
from rasd.watch.fetch import Fetcher, FetchError, Forbidden
from rasd.watch.intake import SEEN, Item, WatchIngest, article_id_for, mark_seen
from rasd.watch.listings import (MAX_SITEMAP_BYTES, Listed, ListingError, discover_feeds, page_links, read_feed,
                                 read_sitemap, read_telegram, sniff_kind)
from rasd.watch.sources import next_poll, now

MAX_ITEMS = 200  # items read per source per round; the rest wait for the next round
MAX_CHILD_SITEMAPS = 20
MAX_SOURCES_AT_ONCE = 16


@dataclass
class SourceState:
    """What a fetch thread needs of a source (no ORM object crosses threads)."""

    id: int
    url: str
    kind: str
    name: str | None
    lang: str | None
    etag: str | None
    last_modified: str | None
    meta: dict[str, Any]

    @property
    def label(self) -> str:
        return self.name or self.url


@dataclass
class SourceReport:
    id: int
    label: str
    kind: str
    listed: int = 0
    unread: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    skipped: int = 0
    failed: int = 0  # worth another try: not marked read
    events: int = 0
    not_modified: bool = False
    error: str | None = None
    seconds: float = 0.0
    marked: int = 0  # items newly marked read
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        head = f"[{self.id}] {self.label} ({self.kind}): "
        if self.error:
            return head + f"failed: {self.error} ({self.seconds:.1f} s)"
        if self.not_modified and not self.unread:
            return head + f"not modified ({self.seconds:.1f} s)"
        bits = [f"{self.listed} listed, {self.unread} unread", f"{self.new} new", f"{self.updated} updated"]
        bits += [f"{n} {what}" for n, what in ((self.duplicate, "duplicate(s)"), (self.unchanged, "unchanged"),
                                               (self.skipped, "skipped"), (self.failed, "failed, retried next round"))
                 if n]
        return head + ", ".join(bits) + f"; {self.events} event report(s) ({self.seconds:.1f} s)"


@dataclass
class _Done:
    report: SourceReport
    validators: dict[str, list[str | None]] | None  # None: keep the old ones (something failed)
    meta: dict[str, Any]


class Poller:
    """Polls sources with one `Fetcher` and one extraction pipeline (reused across rounds)."""

    def __init__(self, store: Store, fetcher: Fetcher, extract: Pipeline, *, max_items: int = MAX_ITEMS,
                 log: Callable[[str], None] = print) -> None:
        self.store, self.fetcher, self.max_items, self.log = store, fetcher, max_items, log
        self.ingest = WatchIngest(store, extract)
        self._claimed: set[str] = set()  # URLs some source of this round is already fetching
        self._claim_lock = threading.Lock()
        # sources fetched at once: a thousand sources are not a thousand threads on the network
        self._source_slots = threading.BoundedSemaphore(MAX_SOURCES_AT_ONCE)

    def close(self) -> None:
        self.ingest.close()

    def poll(self, sources: list[SourceRow]) -> list[SourceReport]:
        """One round over `sources`: a report (and one log line) per source."""
        states = [SourceState(s.id, s.url, s.kind, s.name, s.lang, s.etag, s.last_modified, dict(s.meta or {}))
                  for s in sources]
        inbox: queue.Queue[Item | _Done] = queue.Queue()
        self._claimed.clear()
        threads = [threading.Thread(target=self._gather, args=(st, inbox), daemon=True, name=f"rasd-src-{st.id}")
                   for st in states]
        for t in threads:
            t.start()
        reports: dict[int, SourceReport] = {}
        working = {st.id: SourceReport(st.id, st.label, st.kind) for st in states}
        while len(reports) < len(states):
            msg = inbox.get()
            if isinstance(msg, Item):
                self._take(msg, working[msg.source])
                continue
            report = msg.report
            tally = working[report.id]
            for k in ("new", "updated", "unchanged", "duplicate", "skipped", "failed", "events", "marked"):
                setattr(report, k, getattr(report, k) + getattr(tally, k))
            if report.failed:
                msg.validators = None
            self._finish(msg)
            reports[report.id] = report
            self.log(report.line())
        return [reports[st.id] for st in states]

    # ---- the calling thread: extract and store ------------------------------------------------

    def _take(self, item: Item, report: SourceReport) -> None:
        if item.transient:
            report.failed += 1
            return
        extracted = self.ingest.counts.extracted
        try:
            if item.article is None:  # not an article (or forbidden): read, never fetched again
                self._mark(item, "skipped")
                outcome = "skipped"
            else:
                outcome = self.ingest.take(item)
        except (FetchError, DBAPIError, OSError) as exc:  # the store failed, not the item: retried next round
            report.failed += 1
            report.notes.append(f"{item.listed.url}: not stored: {exc}")
            self.log(f"[{report.id}] {item.listed.url}: not stored: {type(exc).__name__}: {exc}")
            return
        except Exception as exc:  # an article the extractor cannot take: read, with the reason, never again
            item.note = f"extraction failed: {type(exc).__name__}: {exc}"
            self.log(f"[{report.id}] {item.listed.url}: {item.note}")
            try:
                self._mark(item, "error")
            except (DBAPIError, OSError):
                report.failed += 1
                return
            outcome = "skipped"
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.marked += 1
        if outcome in ("new", "updated"):
            report.events += self.ingest.counts.extracted - extracted

    def _mark(self, item: Item, outcome: str) -> None:
        with self.store.engine.begin() as conn:
            found = conn.execute(select(SEEN.c.id).where(SEEN.c.url == item.listed.url)).first()
            mark_seen(conn, item, None, None, outcome, exists=found is not None)

    def _finish(self, done: _Done) -> None:
        r = done.report
        at = now()
        with self.store.session() as s, s.begin():
            row = s.get(SourceRow, r.id)
            if row is None:  # removed while it was being polled
                return
            row.last_poll_at = at
            row.failures = row.failures + 1 if r.error else 0
            row.next_poll_at = next_poll(row, at, bool(r.error))
            row.last_error = r.error or (r.notes[-1] if r.notes else None)
            if not r.error:
                row.last_ok_at = at
            row.items_seen = s.scalar(select(func.count()).select_from(SEEN).where(SEEN.c.source_id == row.id)) or 0
            row.articles_stored += r.new + r.updated
            row.last_status = r.line()
            meta = dict(row.meta or {})
            meta.update(done.meta)
            if done.validators is not None:
                saved = dict(meta.get("validators", {}))
                saved.update(done.validators)
                meta["validators"] = saved
                if row.url in done.validators:
                    row.etag, row.last_modified = done.validators[row.url]
            row.meta = meta

    # ---- fetch threads ------------------------------------------------------------------------

    def _gather(self, st: SourceState, inbox: queue.Queue) -> None:
        with self._source_slots:
            self._gather_now(st, inbox)

    def _gather_now(self, st: SourceState, inbox: queue.Queue) -> None:
        report = SourceReport(st.id, st.label, st.kind)
        started = time.monotonic()
        validators: dict[str, list[str | None]] = {}
        meta: dict[str, Any] = {}
        complete = True
        try:
            listed = self._list(st, validators, meta, report)
            report.listed = len(listed)
            unread = self._unread(st, listed)
            if len(unread) > self.max_items:
                unread, complete = unread[:self.max_items], False  # the rest next round: re-list then
            report.unread = len(unread)
            # the host's own concurrency cap: a slow site never holds threads another site needs
            with ThreadPoolExecutor(max(1, self.fetcher.rules.per_host), thread_name_prefix="rasd-page") as pages:
                for item in pages.map(lambda li: self._item(st, li), unread):
                    inbox.put(item)
        except (FetchError, ListingError) as exc:
            report.error = str(exc)
        except Exception as exc:  # garbage a parser chokes on is this source's failure alone
            report.error = f"{type(exc).__name__}: {exc}"
        report.seconds = time.monotonic() - started
        inbox.put(_Done(report, validators if complete and not report.error else None, meta))

    def _fetch(self, st: SourceState, url: str, validators: dict[str, list[str | None]]):
        old = st.meta.get("validators", {}).get(url) or ([st.etag, st.last_modified] if url == st.url else [None, None])
        # a listing may be larger than an article: a sitemap up to the protocol's 50 MB
        got = self.fetcher.get(url, etag=old[0], last_modified=old[1],
                               max_bytes=max(self.fetcher.rules.max_bytes, MAX_SITEMAP_BYTES))
        validators[url] = [got.etag, got.last_modified]
        return got

    def _list(self, st: SourceState, validators: dict, meta: dict, report: SourceReport) -> list[Listed]:
        got = self._fetch(st, st.url, validators)
        if got.not_modified and st.kind != "page":
            report.not_modified = True
            return []
        kind = st.kind
        if kind == "page":
            if got.not_modified:
                feeds = [tuple(f) for f in st.meta.get("feeds", [])]
            else:
                feeds = discover_feeds(got.body, got.url) if sniff_kind(got.body, got.content_type) == "page" else []
                meta["feeds"] = [list(f) for f in feeds]
            if not feeds:
                return [] if got.not_modified else page_links(got.body, got.url, self.max_items)
            items: list[Listed] = []
            for url, sub_kind in feeds:
                sub = self._fetch(st, url, validators)
                if not sub.not_modified:
                    items += self._read(sub_kind, sub.body, sub.url, st, validators)
            report.not_modified = not items
            return items
        return self._read(kind, got.body, got.url, st, validators)

    def _read(self, kind: str, body: bytes, url: str, st: SourceState, validators: dict) -> list[Listed]:
        if kind in ("rss", "atom"):
            return read_feed(body, url)
        if kind == "telegram":
            return read_telegram(body, url)
        if kind == "sitemap":
            items, children = read_sitemap(body, url)
            for child in children[:MAX_CHILD_SITEMAPS]:
                sub = self._fetch(st, child, validators)
                if not sub.not_modified:
                    items += read_sitemap(sub.body, sub.url)[0]
            return items
        raise ListingError(f"unknown source kind {kind!r}")

    def _unread(self, st: SourceState, listed: list[Listed]) -> list[Listed]:
        """Items not read yet, or whose version mark changed in the listing that first gave
        them (another listing's mark is in its own format: not a sign of an edit); each
        item once per round."""
        by_url = {li.url: li for li in listed}
        seen: dict[str, tuple[str | None, int | None]] = {}
        urls = list(by_url)
        with self.store.engine.connect() as conn:
            for i in range(0, len(urls), 500):
                rows = conn.execute(select(SEEN.c.url, SEEN.c.stamp, SEEN.c.source_id)
                                    .where(SEEN.c.url.in_(urls[i:i + 500])))
                seen.update((url, (stamp, source)) for url, stamp, source in rows)
        out = []
        with self._claim_lock:
            for url, li in by_url.items():
                if url in self._claimed:
                    continue
                if url in seen and (seen[url][1] != st.id or seen[url][0] == li.stamp):
                    continue
                self._claimed.add(url)
                out.append(li)
        return out

    def _item(self, st: SourceState, li: Listed) -> Item:
        """The article behind a listed item: its page through trafilatura (as `.html` input is
        read), else the listing's own text; or why there is none."""
        item = Item(st.id, li)
        where, aid = li.url, article_id_for(li.url)
        read: Article | Problem | None = None
        if li.needs_page:
            try:
                got = self.fetcher.get(li.url)
                read = read_html(got.body, where, aid)
            except Forbidden as exc:
                item.note = exc.reason
            except FetchError as exc:
                item.note, item.transient = exc.reason, exc.transient
            except Exception as exc:
                item.note = f"{type(exc).__name__}: {exc}"
        if not isinstance(read, Article) and li.text and not item.transient:
            read = read_text(li.text.encode("utf-8"), where, aid)  # the feed's copy, or the channel post
        if isinstance(read, Problem):
            item.note = (item.note + "; " if item.note else "") + read.message
        if not isinstance(read, Article) or item.transient:
            return item
        read.url = li.url
        read.title = read.title or li.title
        read.source = st.name or read.source or urlsplit(li.url).netloc
        if li.published is not None and not published_problem(li.published):
            read.published, read.published_from = li.published, "metadata"  # the feed's date first
        read.metadata = {**read.metadata, "watch_source": st.url, **({"lang": st.lang} if st.lang else {})}
        item.article = read
        return item
