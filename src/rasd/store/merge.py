"""Cross-source merging: claims from different articles about one happening become one event.

Matching follows MELTT's idea of windows (Donnay et al. 2019): two reports can be the
same event when they fall within a time window, a spatial window and a compatible
place in the event taxonomy.  Here, for two claims from different articles:

- time: dates at most `days` apart (1 when both dates are day-precise; a week or a
  month when either is only known to that precision, ACLED time_precision 2/3);
- place: coordinates within `km` (10 km for towns, 25 km when either is "near/part of",
  geo_precision 2), or the same named place, or, when either place is only a region,
  the same governorate;
- type: the same ACLED event type (sub-event types may differ: outlets disagree on
  shelling vs air strike more often than on what happened);
- actors: they share a named actor, or one side names none;
- meaning (optional): when both claims have sentence vectors, their cosine is at least
  `min_similarity`.

Clusters are complete-linkage: a claim joins an event only if it matches every claim
of it, and an event holds at most one claim per article (two strikes in one article
are two events).  That keeps chains (A~B, B~C, A!~C) from gluing unrelated events.

Merged fields follow ACLED's rules: the most precise place and date, the lowest
(conservative) fatality count, the most-reported type and actors; where sources
disagree on fatalities, actors or place the event is `disputed` and the API and
`rasd events show` list every source's claim side by side.
"""
from __future__ import annotations

import math
from functools import lru_cache
from types import SimpleNamespace
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

import numpy as np
from sqlalchemy import Date, bindparam, select, union_all
from sqlalchemy.orm import Session

from rasd.store.models import ClaimRow, EventRow
from rasd.text.normalize import normalize

# Fields copied from the claim that gives the merged event its place.
PLACE_FIELDS = ("country", "iso", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                "geo_precision", "location_ar")


@dataclass(frozen=True)
class Window:
    """How far apart two reports of one event may be (MELTT-style windows)."""

    days: int = 1  # both dates known to the day
    week_days: int = 7  # either date known only to the week (time_precision 2)
    month_days: int = 31  # either known only to the month (time_precision 3)
    km: float = 10.0  # both places are towns (geo_precision 1)
    near_km: float = 25.0  # either is "near/part of" a place (geo_precision 2)
    min_similarity: float = 0.3  # cosine floor when both claims carry vectors

    def max_days(self) -> int:
        return self.month_days


DEFAULT_WINDOW = Window()


@dataclass
class Match:
    """Why two claims can be one event, and how well they fit (higher is better)."""

    score: float
    reason: dict[str, Any] = field(default_factory=dict)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def claim_date(c: ClaimRow) -> date | None:
    """The event date, else the publication date (ACLED codes undated reports to it)."""
    return c.event_date or c.published


@lru_cache(maxsize=4096)
def _named(actor: str | None) -> str | None:
    """An actor name that identifies someone (ACLED's 'Unidentified ...' identifies no one)."""
    if not actor or actor.lower().startswith("unidentified"):
        return None
    return actor.strip().lower()


def _place_key(c: ClaimRow) -> str | None:
    if c.location:
        return c.location.strip().lower()
    if c.location_ar:
        return normalize(c.location_ar).strip()
    return None


def _has_place(c: ClaimRow) -> bool:
    return (c.latitude is not None and c.longitude is not None) or bool(c.location or c.location_ar or c.admin1)


def compare(a: ClaimRow, b: ClaimRow, window: Window = DEFAULT_WINDOW) -> Match | None:
    """A `Match` when `a` and `b` may report the same event, else None."""
    if a.article_id is not None and a.article_id == b.article_id:
        return None
    # type
    if not a.event_type or a.event_type != b.event_type:
        return None
    reason: dict[str, Any] = {"type": a.event_type}
    if a.sub_event_type != b.sub_event_type:
        reason["sub_event_types"] = [a.sub_event_type, b.sub_event_type]
    # time
    da, db = claim_date(a), claim_date(b)
    if da is None or db is None:
        return None
    precision = max(a.time_precision or 1, b.time_precision or 1)
    limit = {1: window.days, 2: window.week_days}.get(precision, window.month_days)
    days = abs((da - db).days)
    if days > limit:
        return None
    reason["days"] = days
    score = 1.0 - days / (limit + 1)
    # place
    if not (_has_place(a) and _has_place(b)):
        return None
    pa, pb = a.geo_precision or 3, b.geo_precision or 3
    both_coords = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
    if both_coords and max(pa, pb) <= 2:
        km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        km_limit = window.km if max(pa, pb) == 1 else window.near_km
        if km > km_limit:
            return None
        reason["km"] = round(km, 1)
        score += 1.0 - km / (km_limit + 1)
    elif _place_key(a) is not None and _place_key(a) == _place_key(b):
        reason["place"] = f"same place ({a.location or a.location_ar})"
        score += 1.0
    elif max(pa, pb) == 3 and a.admin1 and a.admin1 == b.admin1:
        reason["place"] = f"same governorate ({a.admin1}), one place known only to the region"
        score += 0.5
    else:
        return None
    # actors
    actors_a = {x for x in (_named(a.actor1), _named(a.actor2)) if x}
    actors_b = {x for x in (_named(b.actor1), _named(b.actor2)) if x}
    shared = actors_a & actors_b
    if actors_a and actors_b and not shared:
        return None
    reason["actors"] = f"share {', '.join(sorted(shared))}" if shared else "one source names no actor"
    score += 0.5 if shared else 0.0
    # meaning
    if a.embedding and b.embedding:
        sim = float(np.dot(np.frombuffer(a.embedding, np.float32), np.frombuffer(b.embedding, np.float32)))
        if sim < window.min_similarity:
            return None
        reason["similarity"] = round(sim, 2)
        score += sim
    reason["score"] = round(score, 3)
    return Match(score, reason)


# The columns `compare` reads: candidates are fetched as plain rows, not ORM objects,
# because most of them are only compared, never changed.
_MATCH_COLUMNS = (ClaimRow.id, ClaimRow.event_id, ClaimRow.event_key, ClaimRow.article_id, ClaimRow.event_type,
                  ClaimRow.sub_event_type, ClaimRow.event_date, ClaimRow.published, ClaimRow.time_precision,
                  ClaimRow.latitude, ClaimRow.longitude, ClaimRow.geo_precision, ClaimRow.location,
                  ClaimRow.location_ar, ClaimRow.admin1, ClaimRow.actor1, ClaimRow.actor2, ClaimRow.embedding)


def _candidate_query():
    """Claims of every event that holds a claim of the given type in the time window.

    The window depends on the precision of both dates, so there is one date range per
    precision of the stored claim, each an index range scan on (event_type,
    time_precision, day) (an OR of the ranges would scan the whole type).  Built once
    with bound parameters: building a statement costs more than running it.
    """
    def ids(precision, p: int):
        return select(ClaimRow.event_id).where(
            ClaimRow.event_type == bindparam("event_type"), precision,
            ClaimRow.day >= bindparam(f"lo{p}", type_=Date), ClaimRow.day <= bindparam(f"hi{p}", type_=Date),
            ClaimRow.article_id != bindparam("article_id"), ClaimRow.event_id.is_not(None))

    tp = ClaimRow.time_precision
    near = union_all(ids(tp.is_(None), 1), ids(tp == 1, 1), ids(tp == 2, 2), ids(tp >= 3, 3))
    return select(*_MATCH_COLUMNS).where(ClaimRow.event_id.in_(near)).order_by(ClaimRow.id)


_CANDIDATES = _candidate_query()


def candidates(session: Session, claim: ClaimRow, window: Window) -> dict[int, list[Any]]:
    """Every claim of each event holding a claim of the same type within the time window."""
    d = claim_date(claim)
    if d is None or not claim.event_type:
        return {}
    mine = claim.time_precision or 1
    params: dict[str, Any] = {"event_type": claim.event_type, "article_id": claim.article_id or -1}
    for p in (1, 2, 3):
        limit = {1: window.days, 2: window.week_days}.get(max(mine, p), window.month_days)
        params[f"lo{p}"], params[f"hi{p}"] = d - timedelta(days=limit), d + timedelta(days=limit)
    out: dict[int, list[Any]] = {}
    for row in session.execute(_CANDIDATES, params):
        out.setdefault(row.event_id, []).append(row)
    return out


def best_event(session: Session, claim: ClaimRow, window: Window,
               exclude: set[int] = frozenset()) -> tuple[EventRow, Match] | None:  # type: ignore[assignment]
    """The event `claim` fits best (matching each of its claims), or None; `exclude`: event ids not to join."""
    best: tuple[int, Match] | None = None
    found = candidates(session, claim, window)
    if not found:
        return None
    # a plain copy of the claim's matching fields: compared with every candidate, and ORM
    # attribute access costs more than the comparison itself
    probe = SimpleNamespace(**{col.key: getattr(claim, col.key) for col in _MATCH_COLUMNS})
    for event_id, members in sorted(found.items()):
        members = [c for c in members if c.id != probe.id]
        if event_id in exclude or not members or any(c.article_id == probe.article_id for c in members):
            continue
        matches = [(c, compare(probe, c, window)) for c in members]
        if any(m is None for _, m in matches):
            continue
        closest, m = max(matches, key=lambda cm: cm[1].score)  # type: ignore[union-attr]
        score = sum(mm.score for _, mm in matches) / len(matches)  # type: ignore[union-attr]
        reason = dict(m.reason, matched=closest.event_key, checked=len(members))  # type: ignore[union-attr]
        if best is None or score > best[1].score:
            best = (event_id, Match(score, reason))
    if best is None:
        return None
    return session.get(EventRow, best[0]), best[1]  # type: ignore[return-value]


def attach(session: Session, claims: Iterable[ClaimRow], window: Window = DEFAULT_WINDOW) -> list[EventRow]:
    """Put each claim (all of one article, not yet flushed) in the event it matches best, or a new one.

    Nothing is flushed until every claim is placed, so the claims and new events are
    written by plain INSERTs at the end; the events the article's own claims joined
    are excluded for its later claims (one report per article per event).
    """
    touched: dict[EventRow, list[ClaimRow]] = {}
    taken: set[int] = set()
    with session.no_autoflush:
        for claim in claims:
            found = best_event(session, claim, window, taken)
            if found is None:
                ev, reason = EventRow(updated_at=_now()), {"founded": True}
                session.add(ev)
            else:
                ev, match = found
                taken.add(ev.id)
                reason = match.reason
            claim.event, claim.merge_reason = ev, reason
            touched.setdefault(ev, []).append(claim)
        for ev, added in touched.items():
            refresh(ev, added)
    session.flush()
    return list(touched)


def detach(session: Session, claims: Iterable[ClaimRow], window: Window = DEFAULT_WINDOW) -> set[int]:
    """Take claims out of their events: refresh what is left, drop events left empty."""
    events: dict[int, EventRow] = {}
    for claim in claims:
        if claim.event is not None:
            events[claim.event.id] = claim.event
            claim.event = None
    session.flush()
    for ev in events.values():
        session.refresh(ev, ["claims"])
        if not ev.claims:
            session.delete(ev)
            continue
        explain_members(ev, window)
        refresh(ev)
    session.flush()
    return set(events)


def explain_members(ev: EventRow, window: Window = DEFAULT_WINDOW) -> None:
    """Re-state why each claim is in `ev` against the claims it holds now."""
    for i, c in enumerate(ev.claims):
        if i == 0:
            c.merge_reason = {"founded": True}
            continue
        others = [(o, compare(c, o, window)) for o in ev.claims[:i]]
        scored = [(o, m) for o, m in others if m is not None]
        if scored:
            o, m = max(scored, key=lambda om: om[1].score)
            c.merge_reason = dict(m.reason, matched=o.event_key, checked=len(others))


def _mode(values: Iterable[Any], tiebreak: list[Any] | None = None) -> Any:
    """Most common non-null value; ties go to the one first in `tiebreak` order (else first seen)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    order = tiebreak if tiebreak is not None else vals
    return next(v for v in order if v is not None and counts.get(v) == top)


def refresh(ev: EventRow, added: list[ClaimRow] | None = None) -> None:
    """Recompute the merged fields of `ev` from its claims (ACLED rules).

    `added`: the only claims new since the last refresh (attach), so the search text is
    extended rather than rebuilt from every claim's evidence.
    """
    claims = sorted(ev.claims, key=lambda c: (-(c.confidence or 0.0), c.id or 0))
    if not claims:
        return
    if len(claims) == 1:  # the common case: an event one source reports is that report
        _copy_single(ev, claims[0])
        return
    lead = claims[0]  # the most confident report
    # date: the most precise, then the most reported, then the earliest
    tp = min((c.time_precision or 4) for c in claims)
    dated = [c for c in claims if (c.time_precision or 4) == tp and claim_date(c) is not None]
    if dated:
        counts = Counter(claim_date(c) for c in dated)
        top = max(counts.values())
        ev.event_date = min(d for d, n in counts.items() if n == top)
        ev.time_precision = dated[0].time_precision
    else:
        ev.event_date, ev.time_precision = None, None
    # place: the most precise placed report, then the most reported place
    placed = sorted(claims, key=lambda c: (c.geo_precision or 4, c.latitude is None))
    best_p = placed[0].geo_precision or 4
    at_best = [c for c in placed if (c.geo_precision or 4) == best_p]
    loc = _mode((_place_key(c) for c in at_best), [_place_key(c) for c in at_best])
    place = next(c for c in at_best if _place_key(c) == loc) if loc is not None else placed[0]
    for f in PLACE_FIELDS:
        setattr(ev, f, getattr(place, f))
    # type: the most reported; sub-type and disorder type from a report of that type
    ev.event_type = _mode(c.event_type for c in claims)
    typed = [c for c in claims if c.event_type == ev.event_type] or claims
    ev.sub_event_type = _mode((c.sub_event_type for c in typed), [c.sub_event_type for c in typed])
    kind = next((c for c in typed if c.sub_event_type == ev.sub_event_type), typed[0])
    ev.disorder_type, ev.civilian_targeting = kind.disorder_type, kind.civilian_targeting
    # actors: the most reported actor1 and actor2, with their codes and Arabic names
    for side in ("1", "2"):
        name = _mode(getattr(c, f"actor{side}") for c in claims)
        src = next((c for c in claims if getattr(c, f"actor{side}") == name), lead)
        for f in (f"actor{side}", f"assoc_actor_{side}", f"inter{side}", f"actor{side}_ar"):
            setattr(ev, f, getattr(src, f) if name is not None else None)
    codes = sorted(x for x in (ev.inter1, ev.inter2) if x)
    ev.interaction = (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else None)
    # counts: ACLED takes the most conservative report
    deaths = [c.fatalities for c in claims if c.fatalities is not None]
    hurt = [c.injured for c in claims if c.injured is not None]
    ev.fatalities = min(deaths) if deaths else None
    ev.injured = min(hurt) if hurt else None
    # provenance
    ev.n_sources = len({c.article_id for c in claims})
    ev.source = "; ".join(sorted({c.source for c in claims if c.source})) or None
    tags: list[str] = []
    for c in claims:
        tags += [t for t in (c.tags or "").split("; ") if t and t not in tags]
    ev.tags = "; ".join(tags)
    ev.confidence = max(c.confidence or 0.0 for c in claims)
    ev.disputed_fields = disputes(claims)
    ev.disputed = bool(ev.disputed_fields)
    notes = lead.notes or ""
    if ev.n_sources > 1:
        notes += f" Reported by {ev.n_sources} sources."
    if ev.disputed:
        notes += f" Sources disagree on {', '.join(ev.disputed_fields)}."
    ev.notes = notes.strip()
    if added is not None and ev.search_text:
        ev.search_text = ev.search_text + " " + search_text(added)
    else:
        ev.search_text = search_text(claims)
    ev.updated_at = _now()


_SINGLE = ("event_date", "time_precision", *PLACE_FIELDS, "event_type", "sub_event_type", "disorder_type",
           "civilian_targeting", "actor1", "assoc_actor_1", "inter1", "actor1_ar", "actor2", "assoc_actor_2",
           "inter2", "actor2_ar", "fatalities", "injured", "tags", "notes")


def _copy_single(ev: EventRow, c: ClaimRow) -> None:
    for f in _SINGLE:
        setattr(ev, f, getattr(c, f))
    ev.event_date = claim_date(c)
    codes = sorted(x for x in (c.inter1, c.inter2) if x)
    ev.interaction = (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else None)
    ev.n_sources, ev.source, ev.confidence = 1, c.source or None, c.confidence or 0.0
    ev.tags, ev.notes = c.tags or "", (c.notes or "").strip()
    ev.disputed_fields, ev.disputed = [], False
    ev.search_text = search_text([c])
    ev.updated_at = _now()


def disputes(claims: list[ClaimRow]) -> list[str]:
    """The fields on which the sources of one event disagree."""
    out = []
    if len({c.fatalities for c in claims if c.fatalities is not None}) > 1:
        out.append("fatalities")
    for side in ("actor1", "actor2"):
        if len({_named(getattr(c, side)) for c in claims} - {None}) > 1:
            out.append(side)
    towns = {_place_key(c) for c in claims if c.geo_precision == 1} - {None}
    if len(towns) > 1:
        out.append("location")
    return out


def search_text(claims: list[ClaimRow]) -> str:
    """What the `q` filter matches: names, places and evidence of every claim, normalised."""
    parts: list[str] = []
    for c in claims:
        parts += [c.actor1, c.actor2, c.actor1_ar, c.actor2_ar, c.assoc_actor_1, c.assoc_actor_2,
                  c.location, c.location_ar, c.admin1, c.admin2, c.notes, c.source]
        parts += [e.get("text") for e in (c.evidence or [])]
    return normalize(" ".join(p for p in parts if p))


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)

