"""Toponyms the gazetteer lacks, recorded across runs so a user can add the missing places.

Rows live in the gazetteer's SQLite file, one per (name, article): re-running the same
articles does not inflate the counts.  Records are buffered and written in batches.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

_FLUSH_EVERY = 500


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

    def record(self, key: str, text: str, article_id: str, context: str) -> None:
        self._pending.append((key, text, article_id, context[:300], time.time()))
        if len(self._pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        with sqlite3.connect(self.path, timeout=30) as db:
            db.executemany("INSERT OR REPLACE INTO unresolved VALUES (?, ?, ?, ?, ?)", rows)

    def top(self, limit: int = 50) -> list[UnresolvedName]:
        self.flush()
        with sqlite3.connect(self.path, timeout=30) as db:
            rows = db.execute("SELECT key, MAX(text), COUNT(DISTINCT article_id), MAX(context) FROM unresolved "
                              "GROUP BY key ORDER BY COUNT(DISTINCT article_id) DESC, key LIMIT ?", (limit,))
            return [UnresolvedName(*r) for r in rows]

    def clear(self) -> None:
        self._pending = []
        with sqlite3.connect(self.path, timeout=30) as db:
            db.execute("DELETE FROM unresolved")
