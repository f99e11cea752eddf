"""JSON shapes of stored rows, shared by the API and `rasd events --json`."""
from __future__ import annotations

import calendar
from datetime import datetime
from typing import Any

from rasd.output.contract import CONFIDENCE_DECIMALS, event_record
from rasd.store.models import ArticleRow, ClaimRow, EventRow
from rasd.store.provenance import source_scale
from rasd.store.queries import _COPY, as_event


def unix_seconds(moment: datetime | None) -> int | None:
    """ACLED's `timestamp`: a stored (naive UTC) time as Unix seconds."""
    return calendar.timegm(moment.utctimetuple()) if moment is not None else None


def acled_fields(e: EventRow) -> dict[str, Any]:
    """The store's ACLED columns of a merged event that the extraction contract lacks:
    `event_id_cnty` (stable, see rasd.store.provenance), `source_scale`, `timestamp`
    (last change, Unix seconds), and reports and outlets counted apart."""
    return {"event_id_cnty": e.event_id_cnty, "source_scale": source_scale(e.source),
            "timestamp": unix_seconds(e.updated_at), "n_reports": e.n_sources, "n_outlets": e.n_outlets}


def claim_json(c: ClaimRow) -> dict[str, Any]:
    """One source's report of an event: its own fields, evidence, and why it was merged."""
    rec: dict[str, Any] = {"report_id": c.event_key, "article": c.article_id, "article_id": c.article.article_key,
                           "event_date": c.event_date.isoformat() if c.event_date else None,
                           "published": c.published.isoformat() if c.published else None, "url": c.url}
    rec.update({k: getattr(c, k) for k in _COPY})
    rec["confidence"] = round(c.confidence or 0.0, CONFIDENCE_DECIMALS)
    rec["evidence"] = list(c.evidence or [])
    rec["merge_reason"] = c.merge_reason
    return rec


def event_json(e: EventRow, *, sources: bool = True) -> dict[str, Any]:
    """A merged event: contract fields, then n_sources, disputed, and (optionally) every report."""
    rec = event_record(as_event(e))
    rec.update(acled_fields(e))
    rec.update(n_sources=e.n_sources, disputed=e.disputed, disputed_fields=list(e.disputed_fields or []))
    if sources:
        rec["sources"] = [claim_json(c) for c in e.claims]
    return rec


def article_json(a: ArticleRow, *, text: bool = False) -> dict[str, Any]:
    rec: dict[str, Any] = {"id": a.id, "article_id": a.article_key, "title": a.title, "source": a.source,
                           "url": a.url, "published": a.published.isoformat() if a.published else None,
                           "n_events": len(a.claims)}
    if text:
        rec["text"] = a.text
        # every report's evidence as offsets into `text`, for highlighting
        rec["highlights"] = [{"start": ev["start"], "end": ev["end"], "event": c.event_id, "report_id": c.event_key,
                              "event_type": c.event_type, "sub_event_type": c.sub_event_type}
                             for c in a.claims for ev in (c.evidence or [])]
    return rec
