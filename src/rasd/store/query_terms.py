"""What a search query names: the places and actors read out of it.

Sentence vectors alone rank "قصف على إدلب" by how a report sounds, so an IED in Suwayda
can come first; an analyst who names a place or an actor means a filter.  The query is
read with the same geoparser as articles (Arabic) or looked up by its English words
("Hajin", "Deir ez-Zor"), and its actor words with the actor lexicon (SDF = قسد); the
search then ranks only the events those names allow.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, or_

from rasd.geo.spellings import fold_latin, is_latin
from rasd.store.actor_names import canonical_actors
from rasd.store.models import EventRow
from rasd.text.normalize import normalize

# a town stands for the events within this distance of it (degrees: ~11 km)
TOWN_BOX_DEG = 0.1
_GOVERNORATE_FEATURES = ("ADM1", "PPLA", "PPLC")
_LONGEST = 4  # words in the longest place or actor name looked up
_PLACE_PREPOSITIONS = frozenset(normalize(w) for w in ("في", "على", "قرب", "من", "الى", "إلى", "ب", "بريف", "ريف"))


@dataclass(frozen=True)
class QueryPlace:
    text: str  # as typed
    name: str  # the gazetteer's English name
    level: str  # "governorate", "district" or "town"
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class QueryTerms:
    places: tuple[QueryPlace, ...] = ()
    actors: tuple[str, ...] = ()  # the words naming actors, as typed
    rest: str = ""  # the query less the names read out of it

    def describe(self) -> str:
        """What the query was read as, for the user: "place Idlib (governorate); actor قسد"."""
        parts = [f"place {p.admin1 if p.level == 'governorate' else p.name} ({p.level})" for p in self.places]
        parts += [f"actor {a}" for a in self.actors]
        return "; ".join(parts)

    def condition(self) -> Any | None:
        """The SQL condition on events, or None when the query names nothing."""
        from rasd.store.queries import _actor_condition

        conds = []
        if self.places:
            conds.append(or_(*(_place_condition(p) for p in self.places)))
        if self.actors:
            conds.append(or_(*(_actor_condition(a) for a in self.actors)))
        return and_(*conds) if conds else None


def _place_condition(p: QueryPlace) -> Any:
    if p.level == "governorate" and p.admin1:
        return EventRow.admin1 == p.admin1
    if p.level == "district" and p.admin2:
        return EventRow.admin2 == p.admin2
    near = and_(EventRow.latitude.between(p.lat - TOWN_BOX_DEG, p.lat + TOWN_BOX_DEG),
                EventRow.longitude.between(p.lon - TOWN_BOX_DEG, p.lon + TOWN_BOX_DEG))
    return or_(near, func.lower(EventRow.location) == p.name.lower())


@lru_cache(maxsize=1)
def _places_pipeline() -> Any:
    from rasd.pipeline import places_pipeline

    return places_pipeline()


def _level(feature: str | None) -> str:
    if feature in _GOVERNORATE_FEATURES:
        return "governorate"  # "إدلب" in a query means the province, as in ACLED's admin1
    return "district" if feature == "ADM2" else "town"


def _arabic_places(query: str) -> list[QueryPlace]:
    from rasd.doc import Article

    doc = _places_pipeline()(Article("query", query))
    out = []
    for m in doc.places:
        if not m.resolved or m.latitude is None or m.longitude is None or (m.feature or "").startswith("PCL"):
            continue  # the whole country filters nothing in a Syria dataset
        out.append(QueryPlace(m.text, m.name or m.text, _level(m.feature), m.admin1, m.admin2,
                              m.latitude, m.longitude))
    return out


def _grams(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) word spans, longest first, then left to right."""
    n = len(words)
    return [(i, i + k) for k in range(min(_LONGEST, n), 0, -1) for i in range(n - k + 1)]


def _latin_places(words: list[str], taken: set[int]) -> list[QueryPlace]:
    from rasd.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    out = []
    for a, b in _grams(words):
        if taken & set(range(a, b)):
            continue
        text = " ".join(words[a:b])
        if not is_latin(text) or len(fold_latin(text).replace(" ", "")) < 4:
            continue  # "al", "on": too short to be a name
        hits = [c.place for c in gaz.lookup(text, limit=3)
                if fold_latin(c.place.name) == fold_latin(text) or c.place.feature in _GOVERNORATE_FEATURES]
        if hits:
            p = hits[0]
            out.append(QueryPlace(text, p.name, _level(p.feature), p.admin1, p.admin2, p.lat, p.lon))
            taken.update(range(a, b))
    return out


def read_query(query: str) -> QueryTerms:
    """The places and actors `query` names (none: a plain semantic search)."""
    words = query.split()
    taken: set[int] = set()
    actors = []
    for a, b in _grams(words):
        if taken & set(range(a, b)):
            continue
        text = " ".join(words[a:b])
        if normalize(text).strip() and canonical_actors(text):
            actors.append(text)
            taken.update(range(a, b))
    rest = " ".join(w for i, w in enumerate(words) if i not in taken)
    places = _arabic_places(rest) if any(not is_latin(w) for w in rest.split()) else []
    places += _latin_places(words, taken)
    for p in places:
        rest = rest.replace(p.text, " ")
    left = [w for i, w in enumerate(rest.split()) if not _is_place_word(w)]
    return QueryTerms(tuple(places), tuple(actors), " ".join(left))


def _is_place_word(word: str) -> bool:
    """"في", "على", "in": words a place name comes with, not words of what happened."""
    return normalize(word) in _PLACE_PREPOSITIONS or word.lower() in ("in", "on", "at", "near", "of")
