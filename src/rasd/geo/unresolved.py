"""Toponyms the gazetteer lacks, recorded across runs so a user can add the missing places.

The log lives in the gazetteer's SQLite file: one row per name (an example sentence, and
a count of occurrences beyond the cap) and one per (name, article), so re-running the same
articles does not inflate the counts.  Records are buffered and written in batches.

It is a side channel: a read-only or full data directory must never cost an article, so
a failed write is reported once and the log goes on without those records.  And it is
capped, so hostile input cannot grow the file without bound: past MAX_NAMES new names are
not kept, and past MAX_LINKS (name, article) rows further articles are only counted.
"""
from __future__ import annotations

import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rasd.ingest.checks import without_surrogates as _storable

_FLUSH_EVERY = 500
MAX_NAMES = 10_000
MAX_LINKS = 50_000
MAX_CONTEXT = 200  # characters of the example sentence

_SCHEMA = """
CREATE TABLE IF NOT EXISTS unresolved_names (
  key TEXT PRIMARY KEY, text TEXT, context TEXT, seen REAL, more INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS unresolved_articles (
  key TEXT, article_id TEXT, PRIMARY KEY (key, article_id)) WITHOUT ROWID;
"""
# Rows of the first layout (one per name and article, each with its sentence), moved over once.
_LEGACY = """
INSERT OR IGNORE INTO unresolved_names (key, text, context, seen)
  SELECT key, MAX(text), substr(MAX(context), 1, 200), MAX(seen) FROM unresolved GROUP BY key;
INSERT OR IGNORE INTO unresolved_articles SELECT key, article_id FROM unresolved;
DELETE FROM unresolved;
"""
# max() keeps what is kept independent of the order records arrive in (workers race)
_UPSERT = ("INSERT INTO unresolved_names (key, text, context, seen) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE "
           "SET text = max(text, excluded.text), context = max(context, excluded.context), "
           "seen = max(seen, excluded.seen)")


@dataclass(frozen=True)
class UnresolvedName:
    key: str  # normalised name
    text: str  # as written (one example)
    articles: int  # number of distinct articles naming it
    example: str  # a sentence it appeared in


class UnresolvedLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: list[tuple[str, str, str, str, float]] = []
        self._ready = False
        self._warned = False

    def record(self, key: str, text: str, article_id: str, context: str) -> None:
        # text from the web may hold lone surrogates, which SQLite (UTF-8) cannot store
        # (readers replace them; an Article made in code may still hold them)
        self._pending.append((_storable(key), _storable(text), _storable(article_id),
                              _storable(context[:MAX_CONTEXT]), time.time()))
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the buffered records; a failure (read-only or full disk, a locked or broken
        file) is reported once per process and the records are dropped, never raised."""
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        try:
            with self._connect() as db:
                self._write(db, rows)
        except (sqlite3.Error, OSError, ValueError) as exc:  # ValueError: UnicodeError too
            if not self._warned:
                self._warned = True
                sys.stderr.write(f"warning: cannot record unresolved place names in {self.path}: "
                                 f"{type(exc).__name__}: {exc}; going on without them\n")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        if not self._ready:
            try:
                db.executescript(_SCHEMA)
                if db.execute("SELECT 1 FROM sqlite_master WHERE name='unresolved'").fetchone():
                    db.executescript(_LEGACY)
            except BaseException:
                db.close()
                raise
            self._ready = True
        return db

    @staticmethod
    def _write(db: sqlite3.Connection, rows: list[tuple[str, str, str, str, float]]) -> None:
        names = db.execute("SELECT COUNT(*) FROM unresolved_names").fetchone()[0]
        links = db.execute("SELECT COUNT(*) FROM unresolved_articles").fetchone()[0]
        for key, text, article_id, context, seen in rows:
            known = db.execute("SELECT 1 FROM unresolved_names WHERE key=?", (key,)).fetchone() is not None
            if not known and names >= MAX_NAMES:
                continue
            db.execute(_UPSERT, (key, text, context, seen))
            names += not known
            if links < MAX_LINKS:
                links += db.execute("INSERT OR IGNORE INTO unresolved_articles VALUES (?, ?)",
                                    (key, article_id)).rowcount
            elif db.execute("SELECT 1 FROM unresolved_articles WHERE key=? AND article_id=?",
                            (key, article_id)).fetchone() is None:
                db.execute("UPDATE unresolved_names SET more = more + 1 WHERE key=?", (key,))

    def top(self, limit: int = 50, *, skip: Callable[[str, str], bool] | None = None) -> list[UnresolvedName]:
        """The most named unresolved toponyms; `skip(key, text)` drops those resolved since."""
        self.flush()
        out: list[UnresolvedName] = []
        with self._connect() as db:
            rows = db.execute(
                "SELECT n.key, n.text, n.more + (SELECT COUNT(*) FROM unresolved_articles a WHERE a.key = n.key) "
                "AS c, n.context FROM unresolved_names n ORDER BY c DESC, n.key")
            for r in rows:
                if len(out) >= limit:
                    break
                if skip is None or not skip(r[0], r[1]):
                    out.append(UnresolvedName(*r))
        return out

    def prune(self, resolved: Callable[[str, str], bool]) -> int:
        """Delete the names `resolved(key, text)` says the gazetteer has now; returns how many."""
        self.flush()
        with self._connect() as db:
            gone = [(k,) for k, t in db.execute("SELECT key, text FROM unresolved_names") if resolved(k, t)]
            db.executemany("DELETE FROM unresolved_names WHERE key=?", gone)
            db.executemany("DELETE FROM unresolved_articles WHERE key=?", gone)
        return len(gone)

    def clear(self) -> None:
        self._pending = []
        with self._connect() as db:
            db.execute("DELETE FROM unresolved_names")
            db.execute("DELETE FROM unresolved_articles")
