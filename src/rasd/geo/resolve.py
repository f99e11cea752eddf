"""Resolution: toponyms of a document -> `PlaceMention`s with coordinates and precision.

Same-name places are told apart by the article: the phrase that situates a name
(X بريف حلب، X شرق دير الزور), governorates named in the sentence, and the other places
of the article (the candidate near them wins), before population and feature class.
A name the gazetteer lacks but the text situates takes the point of the enclosing area
(geo_precision 3) or of the nearby town (2), as ACLED codes it, and is recorded as
unresolved so a user can add it.
"""
from __future__ import annotations

import atexit
import math
from dataclasses import dataclass

from rasd.doc import Doc, PlaceMention, Sentence
from rasd.geo.distance import km
from rasd.geo.gazetteer import COUNTRY_FEATURES, Gazetteer, Place, name_key
from rasd.geo.toponyms import Token, Toponym, ToponymFinder
from rasd.geo.unresolved import UnresolvedLog
from rasd.text.offsets import original_span

_SEATS = ("PPLA", "ADM1")  # a governorate's seat or the governorate: ريف X / شمال X is a region
_CONJ = {"و", "،", ",", "او"}


# a foreign town this big is itself wherever an article names it
BIG_CITY = 500_000


@dataclass
class _Item:
    sentence: Sentence
    topo: Toponym
    siblings: list[Toponym]
    toks: list[Token]
    cands: list[Place]
    place: Place | None = None
    mention: PlaceMention | None = None


class PlaceStage:
    """The geoparser as a pipeline stage; gazetteer and automaton are loaded once."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, record_unresolved: bool = True) -> None:
        self.gaz = gazetteer or Gazetteer.open()
        self.finder = ToponymFinder(self.gaz)
        self.log = UnresolvedLog(self.gaz.path) if record_unresolved else None
        if self.log is not None:
            atexit.register(self.log.flush)
        # governorate names as they appear in text -> admin1 (for "in this sentence" context)
        self.gov_keys: dict[str, str] = {}
        for p in self.gaz.places.values():
            if p.cc == "SY" and p.feature in ("PPLA", "PPLC", "ADM1") and p.admin1:
                for n in p.names:
                    self.gov_keys.setdefault(name_key(n), p.admin1)
        # memos over the gazetteer as loaded (a reload makes new Place objects and a new
        # name index, see _fresh): each place's prior, each name's ordered candidates
        self._priors: dict[int, tuple[Place, float]] = {}
        self._cands: dict[tuple[str, bool], tuple[Place, ...]] = {}
        self._by_key: object = self.gaz.by_key

    def flush(self) -> None:
        if self.log is not None:
            self.log.flush()

    def __call__(self, doc: Doc) -> Doc:
        items: list[_Item] = []
        self._fresh()
        for s in doc.sentences:
            topos, toks = self.finder.find(s.norm)
            for t in topos:
                cands = self._candidates(t) if t.key else []
                items.append(_Item(s, t, topos, toks, cands))
        self._drop_unsupported(items)
        self._drop_homonyms_abroad(items)
        # each anchoring place once (a city named five times is one anchor: only the
        # distance to the nearest anchor counts)
        # (a country is no anchor: its point says nothing of where in it a town lies)
        anchors = list({it.cands[0].id: it.cands[0] for it in items if (len(it.cands) == 1 or
                        (it.cands and it.cands[0].feature in ("PPLA", "PPLC", "ADM1", "REGION")))
                        and it.cands[0].feature not in COUNTRY_FEATURES}.values())
        nearest: dict[str, float | None] = {}  # place id -> km to its nearest other anchor
        for it in items:
            if it.cands:
                it.place = self._choose(it, items, anchors, nearest)
        for idx, it in enumerate(items):
            if it.place is not None:
                it.mention = self._known_mention(doc, it)
        item_of: dict[int, _Item] = {}  # toponym -> its (first) item
        for it in items:
            item_of.setdefault(id(it.topo), it)
        for idx, it in enumerate(items):
            if it.topo.key is None:
                it.mention = self._fallback_mention(doc, it, items, idx, item_of)
        doc.places = sorted((it.mention for it in items if it.mention is not None), key=lambda m: (m.start, m.end))
        return doc

    # -- candidates and choice ---------------------------------------------------------
    def _prior(self, p: Place) -> float:
        """Gazetteer.prior(p), once per place (the Place is held: its id is not reused)."""
        got = self._priors.get(id(p))
        if got is None or got[0] is not p:
            got = self._priors[id(p)] = (p, Gazetteer.prior(p))
        return got[1]

    def _fresh(self) -> None:
        """Forget the memos when the gazetteer was reloaded since they were made."""
        if self.gaz.by_key is not self._by_key:
            self._priors.clear()
            self._cands.clear()
            self._by_key = self.gaz.by_key

    def _candidates(self, t: Toponym) -> list[Place]:
        assert t.key is not None
        cue = t.cue.word if t.cue else None
        admin_cue = cue in ("منطقه", "ناحيه")
        got = self._cands.get((t.key, admin_cue))
        if got is None:
            keep = []
            for p in self.gaz.candidates(t.key):
                if p.feature in ("ADM2", "ADM3") and not admin_cue:
                    continue
                # a neighbourhood (PPLX) stays a candidate; _choose keeps it only when حي marks it
                # or its city is named in the article
                keep.append(p)
            got = self._cands[(t.key, admin_cue)] = tuple(sorted(keep, key=lambda p: -self._prior(p)))
        return list(got)

    def _drop_unsupported(self, items: list[_Item]) -> None:
        """A name that is also a common word (الباب، دوما) needs evidence: a cue, a preposition of
        place, a situating phrase, a conjunction with another place, or its governorate named in
        the sentence.  One sense per article: once the article uses the name as a place with
        evidence, its other mentions of that name are the place too ("هجوم دوما")."""
        unsupported = [it for it in items if it.topo.ambiguous and it.cands and not self._supported(it)]
        placed = {it.topo.key for it in items if it.topo.ambiguous and it.cands and it not in unsupported}
        for it in unsupported:
            if it.topo.key not in placed:
                it.cands = []

    def _drop_homonyms_abroad(self, items: list[_Item]) -> None:
        """A name known only abroad is a Syrian village the gazetteer lacks (صيدا and الطيبة
        of Daraa, not Sidon and Jordan's Tayyibah) when its sentence names a Syrian governorate
        ("ريف درعا الشرقي وبلدة الطيبة"), or when the article names only Syrian places and
        nothing of that country.  A big city (Beirut, Istanbul) is itself wherever it is named."""
        syrian = sum(1 for it in items if it.cands and all(p.cc == "SY" for p in it.cands))
        # countries the article names as such: the country, a big city, an admin unit
        named_cc = {it.cands[0].cc for it in items if it.cands and it.cands[0].cc != "SY" and (
            it.cands[0].feature in COUNTRY_FEATURES or it.cands[0].population >= BIG_CITY
            or (it.cands[0].feature or "").startswith("ADM"))}
        for it in items:
            if not it.cands or any(p.cc == "SY" or p.feature in COUNTRY_FEATURES or p.population >= BIG_CITY
                                   for p in it.cands):
                continue
            abroad = {p.cc for p in it.cands}
            others = [o for o in it.siblings if o is not it.topo and o.key]
            if any(p.cc in abroad for o in others for p in self.gaz.candidates(o.key or "")):
                continue  # the sentence names the country or another of its places
            in_syrian_gov = any(o.key in self.gov_keys for o in others)
            if in_syrian_gov or (syrian >= 2 and not abroad & named_cc):
                it.cands = []

    def _supported(self, it: _Item) -> bool:
        t = it.topo
        if t.evidence or t.situated_by is not None:
            return True
        sib = it.siblings
        k = sib.index(t)
        for other in (sib[k - 1] if k else None, sib[k + 1] if k + 1 < len(sib) else None):
            if other is None or other.ambiguous:
                continue
            lo, hi = (other.tend, t.tstart) if other.tstart < t.tstart else (t.tend, other.tstart)
            gap = [tok[2] for tok in it.toks[lo:hi]]
            if all(g in _CONJ for g in gap) and len(gap) <= 2:
                return True
            # "والباب" glued to a previous place: the و is part of the token
            if other.tstart < t.tstart and not gap and it.toks[t.tstart][2].startswith("و"):
                return True
        # the governorate it lies in is named in the same sentence (دوما ... ريف دمشق)
        govs = {self.gov_keys[o.key] for o in sib if o is not t and o.key in self.gov_keys}
        return any(p.admin1 in govs for p in it.cands)

    def _situating_admin1(self, it: _Item) -> str | None:
        t = it.topo
        if t.situated_by is None:
            return None
        s = it.siblings[t.situated_by]
        if s.key is None:
            return None
        cands = self.gaz.candidates(s.key)
        seats = [p for p in cands if p.feature in ("PPLA", "PPLC", "ADM1") and p.admin1]
        if seats:
            return seats[0].admin1
        best = max(cands, key=self._prior, default=None)
        return best.admin1 if best else None

    def _choose(self, it: _Item, items: list[_Item], anchors: list[Place],
                nearest: dict[str, float | None]) -> Place | None:
        """The candidate place of `it` with the best score.  `nearest` memoises each
        candidate's distance to its nearest anchor (a long article names the same
        candidates many times: each is measured against the anchors once)."""
        if len(it.cands) == 1 and it.cands[0].feature != "PPLX":
            return it.cands[0]
        situ = self._situating_admin1(it)
        in_sentence = {self.gov_keys[o.key] for o in it.siblings if o.key in self.gov_keys and o is not it.topo}
        best, best_s = None, -math.inf
        for p in it.cands:
            s = self._prior(p)
            if situ and p.admin1 == situ:
                s += 5.0
            if p.admin1 in in_sentence:
                s += 1.5
            if p.id in nearest:
                closest = nearest[p.id]
            else:
                closest = nearest[p.id] = min((km(p.lat, p.lon, a.lat, a.lon) for a in anchors if a.id != p.id),
                                              default=None)
            if closest is not None:
                s += 3.0 * math.exp(-closest / 60.0)
            if p.feature == "PPLX":
                # a neighbourhood only when its city is named in the article (or حي marks it)
                if not (it.topo.cue and it.topo.cue.word in ("حي", "احياء")) and not (closest is not None
                                                                                     and closest < 15):
                    continue
            if s > best_s:
                best, best_s = p, s
        return best

    # -- mentions ------------------------------------------------------------------------
    def _span(self, doc: Doc, it: _Item, whole: bool) -> tuple[int, int, str]:
        t = it.topo
        a, b = (t.pstart, t.pend) if whole and t.pstart >= 0 else (t.nstart, t.nend)
        start, end = original_span(it.sentence.offsets, a, b)
        return start, end, doc.text[start:end]

    def _known_mention(self, doc: Doc, it: _Item) -> PlaceMention:
        t, p = it.topo, it.place
        assert p is not None
        region: Place | None = None
        precision = 1
        seatlike = p.feature in _SEATS and p.cc == "SY"
        if t.countryside or (t.direction and not t.cue):
            if seatlike:
                region = self.gaz.region(p.admin1, t.direction) if p.admin1 else None
                precision = 3
            else:
                precision = 2
        elif t.near or (t.cue and t.cue.kind == "area" and t.cue.word not in ("ناحيه",)):
            precision = 2
        if p.feature in ("ADM1", "REGION", "ADM2", "ADM3") or p.feature in COUNTRY_FEATURES:
            precision = 2 if p.feature in ("ADM2", "ADM3") else 3
        target = region or p
        start, end, text = self._span(doc, it, whole=region is not None)
        return PlaceMention(
            start=start, end=end, text=text, name=target.name, name_ar=text if region else (text or p.name_ar),
            latitude=target.lat, longitude=target.lon, admin1=target.admin1 or p.admin1,
            admin2=None if region else p.admin2, country=p.country, iso=p.iso, geo_precision=precision,
            gazetteer_id=target.id, resolved=True, feature=target.feature,
            cue=t.cue_text, score=round(self._prior(p), 3), sentence=it.sentence.index)

    def _fallback_mention(self, doc: Doc, it: _Item, items: list[_Item], idx: int,
                          item_of: dict[int, _Item]) -> PlaceMention:
        t = it.topo
        start, end, text = self._span(doc, it, whole=False)
        m = PlaceMention(start=start, end=end, text=text, name_ar=text, cue=t.cue_text,
                         sentence=it.sentence.index, resolved=False)
        enclosing: PlaceMention | None = None
        precision = 3
        if t.situated_by is not None:
            s = it.siblings[t.situated_by]
            other = item_of.get(id(s))
            if other is not None and other.mention is not None and other.mention.latitude is not None:
                enclosing = other.mention
                if other.place is not None and other.mention.geo_precision in (1, 2):
                    if other.place.feature in ("PPLA",) and not (s.near or s.direction):
                        # "قرية X في دير الزور": somewhere in that governorate's countryside
                        reg = self.gaz.region(other.place.admin1, None) if other.place.admin1 else None
                        if reg is not None:
                            enclosing = PlaceMention(0, 0, "", name=reg.name, latitude=reg.lat,
                                                     longitude=reg.lon, admin1=reg.admin1, country="Syria",
                                                     iso=760, geo_precision=3, gazetteer_id=reg.id,
                                                     feature=reg.feature)
                    else:
                        precision = 2
        if enclosing is None:
            # the nearest region named just before, in this sentence or the previous one
            for j in range(idx - 1, -1, -1):
                o = items[j]
                if o.sentence.index < it.sentence.index - 1:
                    break
                om = o.mention
                if om is not None and om.resolved and om.geo_precision == 3 and om.feature in ("REGION", "ADM1"):
                    enclosing = om
                    break
        if enclosing is not None:
            m.name, m.latitude, m.longitude = enclosing.name, enclosing.latitude, enclosing.longitude
            m.admin1, m.admin2 = enclosing.admin1, enclosing.admin2 if precision == 2 else None
            m.country, m.iso, m.gazetteer_id = enclosing.country, enclosing.iso, enclosing.gazetteer_id
            m.feature, m.geo_precision, m.fallback = enclosing.feature, precision, True
        if self.log is not None:
            self.log.record(name_key(text), text, doc.article.article_id, it.sentence.text)
        return m
