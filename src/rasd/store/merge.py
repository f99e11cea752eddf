"""Cross-source merging: claims from different articles about one happening become one event.

Matching follows MELTT's idea of windows (Donnay et al. 2019): two reports can be the
same event when they fall within a time window, a spatial window and a compatible
place in the event taxonomy.  Here, for two claims from different articles:

- type: the same ACLED event type; sub-event types may differ only within pairs that
  outlets confuse for one happening (air strike / shelling, IED / suicide bomb, armed
  clash / territory taken; `COMPATIBLE_SUBTYPES`);
- actors: the named actors must not belong to different families (pro-government,
  opposition, SDF, Islamic State, Turkey, the coalition, Israel...), side by side (who
  acted, who was hit), or either way round for battles; and the two reports share a
  named actor on the same side, or one names none;
- time: both dates known to the day (ACLED time_precision 1: a date known only to the
  week or the month cannot tell one day's strike from the next) and at most `days`
  apart; the adjacent day (a report published the day after) only when both reports
  name the same pair of actors, else the same day;
- place: coordinates within `km` (10 km for towns), or the same named place; when
  either is only "near/part of" a place (geo_precision 2), within 15 km and the two must
  name the same pair of actors;
- weak place: when either place is only a region (geo_precision 3: a governorate or
  its countryside), "same governorate" says little, so the reports must also be of the
  same day and name the same pair of actors, or (with sentence vectors) say nearly the
  same thing (cosine >= `region_similarity`);
- meaning (optional): when both claims have sentence vectors, their cosine is at least
  `min_similarity`.

Clusters are complete-linkage: a claim joins an event only if it matches every claim
of it, and an event holds at most one claim per article (two strikes in one article
are two events).  That keeps chains (A~B, B~C, A!~C) from gluing unrelated events.
Claims are placed in a canonical order (`canonical_key`), not in the order they were
stored, so the same articles give the same events (`rasd.store.cluster` keeps it so).

Merged fields follow ACLED's rules: the most precise place and date, the lowest
(conservative) fatality count, the most-reported type and actors; where sources
disagree on fatalities, actors or place the event is `disputed` and the API and
`rasd events show` list every source's claim side by side.
"""
from __future__ import annotations

import math
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

import numpy as np
from sqlalchemy import Connection, Date, Float, String, and_, bindparam, or_, select, union_all
from sqlalchemy.orm import Session

from rasd.store.models import ArticleRow, ClaimRow, EventRow
from rasd.store.provenance import event_id_cnty, outlets, reports_text, source_text
from rasd.text.normalize import normalize

# Fields copied from the claim that gives the merged event its place.
PLACE_FIELDS = ("country", "iso", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
                "geo_precision", "location_ar")


@dataclass(frozen=True)
class Window:
    """How far apart two reports of one event may be (MELTT-style windows)."""

    days: int = 1  # both dates known to the day (the adjacent day only for the same actors)
    km: float = 10.0  # both places are towns (geo_precision 1)
    near_km: float = 15.0  # either is "near/part of" a place (geo_precision 2)
    min_similarity: float = 0.3  # cosine floor when both claims carry vectors
    region_similarity: float = 0.7  # cosine that stands in for the same actors when a place is a region


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


# Sub-event types that outlets give one happening: a strike called shelling, a car bomb
# an IED, a battle for a town a clash.  Any other difference of sub-type (an arrest and
# a looting, a chemical attack and an air strike, a town taken by the army and one taken
# by rebels) keeps two reports apart.
COMPATIBLE_SUBTYPES: tuple[frozenset[str], ...] = (
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Armed clash", "Government regains territory"}),
    frozenset({"Armed clash", "Non-state actor overtakes territory"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
)


def subtypes_compatible(a: str | None, b: str | None) -> bool:
    """Two sub-event types one happening can be given (equal, unknown, or a pair outlets confuse)."""
    if a == b or a is None or b is None:
        return True
    return any(a in group and b in group for group in COMPATIBLE_SUBTYPES)


# Actor families: the sides of the Syrian war an actor belongs to.  Outlets attribute one
# strike to the Syrian or the Russian air force, one battle to "rebels" or to a named
# faction: those are the same family.  Two reports whose named actors belong to no common
# family (the coalition vs Israel, the SDF vs Turkey) are two happenings.
_FAMILY_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pro-government", ("forces of syria", "national defence forces", "ndf:", "hezbollah", "forces of russia",
                        "forces of iran", "wagner", "pro-government", "liwa al-quds", "fatemiyoun",
                        "zainabiyoun", "zaynabiyoun")),
    ("opposition", ("opposition", "rebels", "hayat tahrir", "jaysh al-islam", "ahrar al-sham", "faylaq",
                    "national liberation front", "syrian national army", "free syrian army", "nusra",
                    "jaish al-izza", "jaysh al-izza")),
    ("turkey", ("forces of turkey", "syrian national army", "turkish-backed")),
    ("kurdish-sdf", ("qsd", "ypg", "asayish", "syrian democratic forces", "people's protection",
                     "military council (qsd)")),
    ("islamic-state", ("islamic state",)),
    ("coalition", ("united states", "united kingdom", "forces of france", "global coalition")),
    ("israel", ("israel",)),
    ("iraq", ("forces of iraq",)),
    ("civilians", ("civilians",)),
    ("protesters", ("protesters",)),
    ("rioters", ("rioters",)),
)


@lru_cache(maxsize=4096)
def actor_families(actor: str | None) -> frozenset[str]:
    """The families of a named actor (its own name when none is known); empty when unnamed."""
    name = _named(actor)
    if name is None:
        return frozenset()
    fams = frozenset(f for f, marks in _FAMILY_MARKERS if any(m in name for m in marks))
    return fams or frozenset({name})


def _side_fits(x: str | None, y: str | None) -> bool:
    fx, fy = actor_families(x), actor_families(y)
    return not fx or not fy or bool(fx & fy)


# Event types whose two sides may be given either way round: in a battle either side may
# be named first; in a strike, an attack or a protest actor1 is who acted.
TWO_SIDED_TYPES = frozenset({"Battles"})


def actors_conflict(a: ClaimRow, b: ClaimRow) -> bool:
    """True when the named actors of `a` and `b` belong to different families, side by side,
    or, for two-sided event types (battles), whichever way round the sides are put."""
    if _side_fits(a.actor1, b.actor1) and _side_fits(a.actor2, b.actor2):
        return False
    if a.event_type in TWO_SIDED_TYPES:
        return not (_side_fits(a.actor1, b.actor2) and _side_fits(a.actor2, b.actor1))
    return True


def _shared_actors(a: ClaimRow, b: ClaimRow) -> tuple[set[str], bool]:
    """The named actors `a` and `b` share (on the same side, or on either side of a battle),
    and whether they name the same two actors."""
    a1, a2, b1, b2 = _named(a.actor1), _named(a.actor2), _named(b.actor1), _named(b.actor2)
    if a.event_type in TWO_SIDED_TYPES:
        shared = {x for x in (a1, a2) if x and x in (b1, b2)}
        return shared, bool(a1 and a2) and {a1, a2} == {b1, b2}
    shared = {x for x, y in ((a1, b1), (a2, b2)) if x and x == y}
    return shared, bool(a1 and a2) and (a1, a2) == (b1, b2)


def _cosine(a: ClaimRow, b: ClaimRow) -> float | None:
    if not (a.embedding and b.embedding):
        return None
    return float(np.dot(np.frombuffer(a.embedding, np.float32), np.frombuffer(b.embedding, np.float32)))


def compare(a: ClaimRow, b: ClaimRow, window: Window = DEFAULT_WINDOW) -> Match | None:
    """A `Match` when `a` and `b` may report the same event, else None.

    The weaker the evidence of place and date, the more the rest must agree: reports
    placed only in a region (geo_precision 3) must be of the same day, in the same
    governorate, and name the same pair of actors (or say the same thing: a cosine of
    at least `window.region_similarity` when both carry sentence vectors).
    """
    if a.article_id is not None and a.article_id == b.article_id:
        return None
    # type
    if not a.event_type or a.event_type != b.event_type:
        return None
    if not subtypes_compatible(a.sub_event_type, b.sub_event_type):
        return None
    reason: dict[str, Any] = {"type": a.event_type}
    if a.sub_event_type != b.sub_event_type:
        reason["sub_event_types"] = [a.sub_event_type, b.sub_event_type]
    # actors: named ones must not be of different families
    if actors_conflict(a, b):
        return None
    shared, same_pair = _shared_actors(a, b)
    if not shared and (_named(a.actor1) or _named(a.actor2)) and (_named(b.actor1) or _named(b.actor2)):
        return None
    sim = _cosine(a, b)
    if sim is not None and sim < window.min_similarity:
        return None
    # time
    if (a.time_precision or 1) > 1 or (b.time_precision or 1) > 1:
        return None
    da, db = claim_date(a), claim_date(b)
    if da is None or db is None:
        return None
    days = abs((da - db).days)
    if days > window.days:
        return None
    reason["days"] = days
    score = 1.0 - days / (window.days + 1)
    # place
    if not (_has_place(a) and _has_place(b)):
        return None
    pa, pb = a.geo_precision or 3, b.geo_precision or 3
    if max(pa, pb) >= 3:
        # a region is weak evidence of place: it takes the same day, the same governorate
        # and the same actors (or the same words) to say two reports are one happening
        if days > 0:
            return None
        if not (a.admin1 and a.admin1 == b.admin1):
            return None
        similar = sim is not None and sim >= window.region_similarity
        if not (same_pair or similar):
            return None
        reason["place"] = f"same governorate ({a.admin1}) and day, one place known only to the region"
        score += 0.5
    else:
        if days > 0 and not same_pair:
            return None  # the adjacent day (a late report) only when both name the same actors
        if max(pa, pb) == 2 and not same_pair:
            return None  # "near" a place: as weak as a region unless the actors agree
        both_coords = None not in (a.latitude, a.longitude, b.latitude, b.longitude)
        if both_coords:
            km = haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
            km_limit = window.km if max(pa, pb) == 1 else window.near_km
            if km > km_limit:
                return None
            reason["km"] = round(km, 1)
            score += 1.0 - km / (km_limit + 1)
        elif _place_key(a) is not None and _place_key(a) == _place_key(b):
            reason["place"] = f"same place ({a.location or a.location_ar})"
            score += 1.0
        else:
            return None
    # actors
    if same_pair:
        reason["actors"] = f"same actors ({' / '.join(sorted(shared))})"
    else:
        reason["actors"] = f"share {', '.join(sorted(shared))}" if shared else "one source names no actor"
    score += 1.0 if same_pair else 0.5 if shared else 0.0
    # meaning
    if sim is not None:
        reason["similarity"] = round(sim, 2)
        score += sim
    reason["score"] = round(score, 3)
    return Match(score, reason)


# The columns `compare` reads: candidates are fetched as plain rows, not ORM objects,
# because most of them are only compared, never changed.
_MATCH_COLUMNS = (ClaimRow.id, ClaimRow.event_id, ClaimRow.event_key, ClaimRow.article_id, ClaimRow.event_type,
                  ClaimRow.sub_event_type, ClaimRow.event_date, ClaimRow.published, ClaimRow.time_precision,
                  ClaimRow.latitude, ClaimRow.longitude, ClaimRow.geo_precision, ClaimRow.location,
                  ClaimRow.location_ar, ClaimRow.admin1, ClaimRow.actor1, ClaimRow.actor2, ClaimRow.embedding,
                  ClaimRow.day, ClaimRow.seq, ArticleRow.content_hash)


def _candidate_query():
    """Claims of every event that holds a claim of the given type in the time and place window.

    The window: a day-precise claim (time_precision 1, or unknown) of the same type within
    `days` (an index range scan on (event_type, time_precision, day), one per way the
    precision is stored), then a claim near in place: inside the bounding box of the
    widest km window, or in the same governorate (regions match on it), or without
    coordinates.  An event none of whose claims is in the window cannot match (every
    claim must), so the filter loses nothing.  Built once with bound parameters:
    building a statement costs more than running it.
    """
    def ids(precision):
        return select(ClaimRow.event_id).where(
            ClaimRow.event_type == bindparam("event_type"), precision,
            ClaimRow.day >= bindparam("lo", type_=Date), ClaimRow.day <= bindparam("hi", type_=Date),
            ClaimRow.article_id != bindparam("article_id"), ClaimRow.event_id.is_not(None),
            or_(and_(ClaimRow.latitude >= bindparam("lat0", type_=Float), ClaimRow.latitude <= bindparam("lat1", type_=Float),
                     ClaimRow.longitude >= bindparam("lon0", type_=Float),
                     ClaimRow.longitude <= bindparam("lon1", type_=Float)),
                ClaimRow.admin1 == bindparam("admin1", type_=String), ClaimRow.latitude.is_(None),
                ClaimRow.longitude.is_(None)))

    tp = ClaimRow.time_precision
    near = union_all(ids(tp.is_(None)), ids(tp == 1))
    return (select(*_MATCH_COLUMNS).join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
            .where(ClaimRow.event_id.in_(near)).order_by(ClaimRow.id))


_CANDIDATES = _candidate_query()


def _bbox(claim: Any, window: Window) -> tuple[float, float, float, float]:
    """A box holding every point within the widest km window of `claim` (the whole globe when unplaced)."""
    if claim.latitude is None or claim.longitude is None:
        return -90.0, 90.0, -180.0, 180.0
    km = max(window.km, window.near_km) * 1.01 + 0.1  # a margin for rounding
    dlat = math.degrees(km / 6371.0088)
    coslat = math.cos(math.radians(min(89.0, abs(claim.latitude) + dlat)))
    dlon = min(180.0, dlat / max(coslat, 1e-6))
    return claim.latitude - dlat, claim.latitude + dlat, claim.longitude - dlon, claim.longitude + dlon


def _shifted(d: date, days: int) -> date:
    """`d` moved by `days`, held within the calendar: a window around a date days from
    0001-01-01 or 9999-12-31 ends at the calendar's edge rather than overflowing."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def candidates(session: Connection | Session, claim: Any, window: Window) -> dict[int, list[Any]]:
    """Every claim of each event holding a claim of the same type in the time and place window."""
    d = claim_date(claim)
    if d is None or not claim.event_type or (claim.time_precision or 1) > 1:
        return {}
    lat0, lat1, lon0, lon1 = _bbox(claim, window)
    params: dict[str, Any] = {"event_type": claim.event_type, "article_id": claim.article_id or -1,
                              "lo": _shifted(d, -window.days), "hi": _shifted(d, window.days),
                              "lat0": lat0, "lat1": lat1, "lon0": lon0, "lon1": lon1, "admin1": claim.admin1}
    out: dict[int, list[Any]] = {}
    for row in session.execute(_CANDIDATES, params):
        out.setdefault(row.event_id, []).append(row)
    return out


def _mode(values: Iterable[Any], tiebreak: list[Any] | None = None) -> Any:
    """Most common non-null value; ties go to the one first in `tiebreak` order (else first seen)."""
    vals = [v for v in values if v is not None]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    order = tiebreak if tiebreak is not None else vals
    return next(v for v in order if v is not None and counts.get(v) == top)


def canonical_key(c: Any) -> tuple[date, date, str, int]:
    """Where a claim stands in the canonical order: its day, its article's publication date and
    content hash, its position in the article.  Nothing in it depends on when it was stored."""
    return (c.day or date.max, c.published or date.max, getattr(c, "content_hash", None) or "", c.seq or 0)


def refresh(ev: EventRow) -> None:
    """Recompute the merged fields of `ev` from its claims (ACLED rules).

    Claims carry `day`, `published`, `seq` and `content_hash`: ties between equally
    confident reports go by the canonical order, so the fields do not depend on row ids.
    """
    claims = sorted(ev.claims, key=lambda c: (-(c.confidence or 0.0), canonical_key(c)))
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
    ev.n_sources = len({c.article_id for c in claims})  # reports (distinct articles)
    names = outlets(claims)
    ev.n_outlets, ev.source = len(names), source_text(names)
    ev.event_id_cnty = event_id_cnty(min(claims, key=canonical_key), ev.iso)
    tags: list[str] = []
    for c in claims:
        tags += [t for t in (c.tags or "").split("; ") if t and t not in tags]
    ev.tags = "; ".join(tags)
    ev.confidence = max(c.confidence or 0.0 for c in claims)
    ev.disputed_fields = disputes(claims)
    ev.disputed = bool(ev.disputed_fields)
    notes = lead.notes or ""
    if ev.n_sources > 1:
        notes += f" {reports_text(ev.n_sources, ev.n_outlets).capitalize()}."
    if ev.disputed:
        notes += f" Sources disagree on {', '.join(ev.disputed_fields)}."
    ev.notes = notes.strip()
    ev.search_text = search_text(sorted(claims, key=canonical_key))
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
    ev.n_sources, ev.n_outlets, ev.confidence = 1, 1, c.confidence or 0.0
    ev.source = source_text(outlets([c]))
    ev.event_id_cnty = event_id_cnty(c, ev.iso)
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

