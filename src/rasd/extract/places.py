"""Where an event happened: one of the geoparser's mentions (`doc.places`).

The best resolved mention in the event's own stretch of the sentence wins, preferring
one after the trigger and a town over a region; a mention right after "انطلاقا من",
"نزحوا إلى", "مقره" ... (where a strike came from, where people fled, where someone
sits) is not the event's place, nor is one inside an actor's name ("مجلس دير الزور
العسكري"), nor the whole country.  With none in its sentence an event takes the
nearest earlier mention of its paragraph, then of the article's lead (flagged as a
fallback: lower confidence, geo_precision at least 2).

A sentence listing several villages taken in one push gives one event, placed at the
first village named after the trigger; the others are in the evidence sentence.
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Iterator

from rasd.doc import Doc, PlaceMention, Sentence
from rasd.geo.distance import km
from rasd.extract.matcher import word_set_matcher
from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize

_WORD = re.compile(r"\w+")
_TOWARD = frozenset({"الي", "نحو", "باتجاه"})
_PLACE_WORDS = frozenset({"في", "الي", "من", "نحو", "باتجاه", "قرب", "داخل", "مدينه", "العاصمه"})
# a place measured from another ("X قرب دمشق") follows it within this many characters
REFERENCE_REACH = 90
# ISO 3166 numeric of Syria: the default country of an event whose place has none
SYRIA_ISO = 760
# an earlier mention further than this from every place the sentence names is another story
MAX_FALLBACK_KM = 50.0


@dataclass(frozen=True)
class PlaceChoice:
    mention: PlaceMention
    fallback: bool  # taken from an earlier sentence


def _usable(p: PlaceMention) -> bool:
    if p.latitude is None or p.longitude is None:
        return False
    # the whole country is not an event place
    return not ((p.feature or "").startswith("PCL"))


def mention_km(a: PlaceMention, b: PlaceMention) -> float:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return float("inf")  # (usable mentions always have both)
    return km(a.latitude, a.longitude, b.latitude, b.longitude)


class PlacePicker:
    def __init__(self) -> None:
        cues = load_lexicon("cues")
        self.not_event = word_set_matcher(cues["place_not_event"])
        self.outside = word_set_matcher(cues["outside_syria"])
        words = "|".join(re.escape(normalize(w)) for w in cues["abroad_cue_words"])
        adjs = "|".join(re.escape(normalize(w)) for w in cues["abroad_adjectives"])
        self.abroad = re.compile(rf"(?<!\S)(?:{words}) \S+(?: \S+)? (?:{adjs})(?!\S)")
        self.as_side = word_set_matcher(cues["place_as_side"])
        self.gov_before = word_set_matcher(cues["place_as_government_before"])
        self.gov_after = word_set_matcher(cues["place_as_government_after"])
        self.reference = word_set_matcher(cues["place_reference_before"])
        self.entry = word_set_matcher(cues["place_entry"])
        self.switch = word_set_matcher(cues["context_switch"])
        self.state_names = frozenset(normalize(name) for a in load_lexicon("actors")["actors"]
                                     if a.get("state") for name in a.get("ar", []))
        # indexes of the doc's places and of the blocked spans, made once per article
        self._starts_of: Doc | None = None
        self._starts_len = 0
        self._starts: list[int] | None = None
        self._blocked_of: list[tuple[int, int]] | None = None
        self._blocked_len = 0
        self._blocked_starts: list[int] = []
        self._blocked_reach: list[int] = []
        # the usable, not excluded mentions of each sentence of the article being read (every
        # candidate of a sentence, and the fallback of every later one, asks again)
        self._kept_of: tuple[Doc | None, list[tuple[int, int]] | None, int, int] = (None, None, 0, 0)
        self._kept: dict[int, list[tuple[int, PlaceMention]]] = {}

    def _excluded(self, s: Sentence, nstart: int) -> bool:
        """Is the mention starting at norm offset `nstart` the origin/destination/seat of something?"""
        before = s.norm[max(0, nstart - 40):nstart]
        for m in self.not_event.find(before):
            if len(_WORD.findall(before[m.end:])) <= 2:
                if before[m.start:m.end] in _TOWARD and self._entered(s, nstart - len(before) + m.start):
                    continue  # "دخلت القوات الحكومية إلى بلدة X": X is where it happened
                return True
        return self._as_side(s, nstart)

    def _as_side(self, s: Sentence, nstart: int) -> bool:
        """"موالين لدمشق"، "حليفة طهران": the government, not a place."""
        before = s.norm[max(0, nstart - 40):nstart]
        return any(before[m.end:].strip() in ("ل", "لل", "") for m in self.as_side.find(before))

    def _entered(self, s: Sentence, at: int) -> bool:
        """Does a verb of entering stand in the few words before norm offset `at`?"""
        before = s.norm[max(0, at - 60):at]
        return any(len(_WORD.findall(before[m.end:])) <= 6 for m in self.entry.find(before))

    def _norm_pos(self, s: Sentence, orig: int) -> int:
        # first norm index whose original offset is >= orig (offsets are increasing)
        lo, hi = 0, len(s.offsets) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if s.offsets[mid] < orig:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @staticmethod
    def _resolved_names(doc: Doc) -> dict[str, PlaceMention]:
        """Name -> its resolution elsewhere in the article: a name is one place within an article."""
        cache = doc.place_names
        if cache is None or cache[0] != len(doc.places):
            names: dict[str, PlaceMention] = {}
            for p in doc.places:
                if _usable(p):
                    names.setdefault(p.text, p)
            cache = doc.place_names = (len(doc.places), names)
        return cache[1]

    def _in_sentence(self, doc: Doc, s: Sentence) -> list[PlaceMention]:
        """doc.places starting inside sentence `s`, in doc.places order.  The geoparser sorts
        them by start, so a bisection finds them (a long article is not read whole for each
        of its events); in any other order they are looked through one by one."""
        places = doc.places
        if self._starts_of is not doc or self._starts_len != len(places):
            starts = [p.start for p in places]
            self._starts_of, self._starts_len = doc, len(places)
            self._starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None
        if self._starts is None:
            return [p for p in places if s.start <= p.start < s.end]
        return places[bisect_left(self._starts, s.start):bisect_left(self._starts, s.end)]

    def _blocked_at(self, blocked: list[tuple[int, int]], at: int) -> bool:
        """Does a span of `blocked` hold offset `at`?  (The spans sorted by start, with the
        furthest end reached so far, answer by bisection.)"""
        if self._blocked_of is not blocked or self._blocked_len != len(blocked):
            spans = sorted(blocked)
            self._blocked_of, self._blocked_len = blocked, len(blocked)
            self._blocked_starts = [a for a, _ in spans]
            self._blocked_reach = list(itertools.accumulate((b for _, b in spans), max))
        i = bisect_right(self._blocked_starts, at)  # spans before i start at or before `at`
        return i > 0 and self._blocked_reach[i - 1] > at

    def candidates(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> list[tuple[int, PlaceMention]]:
        """(norm offset, mention) of the usable mentions in sentence `s`."""
        out = []
        names = self._resolved_names(doc)
        for p in self._in_sentence(doc, s):
            at = p.start
            if self._blocked_at(blocked, at):
                continue  # part of an actor's name
            if not _usable(p):
                if p.text not in names:
                    continue
                p = names[p.text]  # resolved where the article names it again
            out.append((self._norm_pos(s, at), p))
        return out

    def kept(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> list[tuple[int, PlaceMention]]:
        """`candidates` of sentence `s` that are not `_excluded`, memoised per article."""
        of = self._kept_of
        if of[0] is not doc or of[1] is not blocked or of[2] != len(blocked) or of[3] != len(doc.places):
            self._kept_of = (doc, blocked, len(blocked), len(doc.places))
            self._kept = {}
        got = self._kept.get(s.index)
        if got is None:
            got = self._kept[s.index] = [(pos, p) for pos, p in self.candidates(doc, s, blocked)
                                         if not self._excluded(s, pos) and not self._speaks(s, pos, p)]
        return got

    def pick(self, doc: Doc, s: Sentence, seg: tuple[int, int], anchor: int,
             blocked: list[tuple[int, int]]) -> PlaceChoice | None:
        """The event place for a trigger at norm offset `anchor` whose stretch is `seg`."""
        best: tuple[float, PlaceMention] | None = None
        kept = self.kept(doc, s, blocked)
        for pos, p in kept:
            score = 0.0
            if self._reference_point(s, pos, kept):
                score -= 1.5
            if seg[0] <= pos < seg[1]:
                score += 3
            if pos >= anchor:
                score += 1 - min(pos - anchor, 200) / 400
            else:
                score += 0.5 - min(anchor - pos, 200) / 400
            if p.geo_precision == 1:
                score += 0.4
            elif p.geo_precision == 3:
                score -= 0.4
            if best is None or score > best[0]:
                best = (score, p)
        if best is not None:
            return PlaceChoice(best[1], False)
        stretch = s.norm[seg[0]:seg[1]]
        if self.outside.find(stretch) or self.abroad.search(stretch):
            return None  # "على السياج مع قطاع غزة"، "جبل قنديل بالعراق"، "مدينة الأهواز الإيرانية"
        return self.fallback(doc, s, blocked)

    def _reference_point(self, s: Sentence, pos: int, kept: list[tuple[int, PlaceMention]]) -> bool:
        """Is the place at `pos` only where another place, named just before it, lies
        ("الغوطة الشرقية قرب دمشق")?"""
        if not any(pos - REFERENCE_REACH <= q < pos for q, _ in kept):
            return False
        before = s.norm[max(0, pos - 30):pos]
        return any(not before[m.end:].strip() for m in self.reference.find(before))

    def fallback(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> PlaceChoice | None:
        """An earlier mention of the same story: the nearest one of the paragraph (or, for a
        paragraph that goes on where the last one ended, of the sentence before it), then
        the article's lead unless the article has moved on to another governorate since.  Never
        one more than MAX_FALLBACK_KM from every place the sentence itself names (an origin,
        a destination, a seat): such a jump crosses stories, and the event stays unplaced.
        Nor one abroad, unless the sentence names that country or a place in it."""
        own = self._named(doc, s, blocked)
        for p in self._earlier(doc, s, blocked):
            if own and not any(mention_km(p, o) <= MAX_FALLBACK_KM for o in own):
                continue
            if p.iso is not None and p.iso != SYRIA_ISO and not self._names_country(doc, s, p.iso):
                continue  # Rasd's events are in Syria unless their own sentence says where abroad
            return PlaceChoice(p, True)
        return None

    def _names_country(self, doc: Doc, s: Sentence, iso: int) -> bool:
        """Does sentence `s` name a place (the country itself included) of country `iso`, and
        none of Syria's?  ("أطلقت القوات في سوريا صواريخ باتجاه إسرائيل" happened in Syria.)"""
        named = {m.iso for m in self._in_sentence(doc, s)}
        return iso in named and SYRIA_ISO not in named

    def _named(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> list[PlaceMention]:
        """Places the sentence names (not as a side: "الموالية لأنقرة"), event places or not."""
        return [p for pos, p in self.candidates(doc, s, blocked) if not self._as_side(s, pos)
                and not self._as_government(s, pos, p)]

    def _as_government(self, s: Sentence, pos: int, p: PlaceMention) -> bool:
        """A capital (or any place the actor lexicon gives as a state's name: أنقرة, موسكو)
        named with no preposition of place ("تعتبره أنقرة") is its government."""
        if not self._bare_capital(s, pos, p):
            return False
        before = s.norm[max(0, pos - 12):pos].split()
        return not (before and before[-1] in _PLACE_WORDS)

    def _bare_capital(self, s: Sentence, pos: int, p: PlaceMention) -> bool:
        """Is `p` a capital (or a name the actor lexicon gives a state), written without
        the preposition "ب" ("بدمشق" is always the place)?"""
        if p.feature != "PPLC" and normalize(p.text) not in self.state_names:
            return False
        return not (pos > 0 and s.norm[pos - 1] == "ب")

    def _speaks(self, s: Sentence, pos: int, p: PlaceMention) -> bool:
        """A capital that speaks, decides or rules ("قالت دمشق"، "نظام دمشق"، "دمشق تنفي"،
        "اتفاق مع دمشق") is its government: not where the event happened, though "قصف دمشق"
        (no such word beside it) still is."""
        if not self._bare_capital(s, pos, p):
            return False
        before = s.norm[max(0, pos - 30):pos]
        if any(not before[m.end:].strip() for m in self.gov_before.find(before)):
            return True
        end = self._norm_pos(s, p.end)
        after = s.norm[end:end + 30]
        return any(not after[:m.start].strip() for m in self.gov_after.find(after))

    def _opens_other_story(self, s: Sentence) -> bool:
        opening = s.norm[:40]
        return any(m.start == 0 or m.start <= 2 and opening[:m.start].strip() in ("و", "")
                   for m in self.switch.find(opening))

    def _latest(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> PlaceMention | None:
        """The last usable place named before sentence `s`."""
        for prev in reversed(doc.sentences[:s.index]):
            cands = self.kept(doc, prev, blocked)
            if cands:
                return cands[-1][1]
        return None

    def _earlier(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> Iterator[PlaceMention]:
        """Fallback places, best first."""
        first_of_paragraph = s
        for prev in reversed(doc.sentences[:s.index]):
            if prev.paragraph != s.paragraph:
                # "كما ..." carries on from the paragraph before; "في سياق آخر ..." does not
                if not self._opens_other_story(first_of_paragraph):
                    cands = self.kept(doc, prev, blocked)
                    if cands:
                        yield cands[-1][1]
                break
            first_of_paragraph = prev
            cands = self.kept(doc, prev, blocked)
            if cands:
                yield cands[-1][1]
        lead = next((c[0][1] for c in (self.kept(doc, x, blocked) for x in doc.sentences[:2]
                                        if x.index < s.index and x.paragraph != s.paragraph) if c), None)
        if lead is not None:
            # the lead's place, unless the story has since moved to another governorate (then
            # the lead is another story, and the sentence names no place of its own)
            latest = self._latest(doc, s, blocked)
            if latest is None or latest.admin1 == lead.admin1:
                yield lead
        # a lead that says "two towns" and names them in the next sentence
        if s.index <= 1:
            for nxt in doc.sentences[s.index + 1:s.index + 3]:
                cands = self.kept(doc, nxt, blocked)
                if cands:
                    yield cands[0][1]
                    break
