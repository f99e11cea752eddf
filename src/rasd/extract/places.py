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

import re
from dataclasses import dataclass

from rasd.doc import Doc, PlaceMention, Sentence
from rasd.extract.matcher import word_set_matcher
from rasd.lexicon import load_lexicon

_WORD = re.compile(r"\w+")
_TOWARD = frozenset({"الي", "نحو", "باتجاه"})
# ISO 3166 numeric of Syria: the default country of an event whose place has none
SYRIA_ISO = 760


@dataclass(frozen=True)
class PlaceChoice:
    mention: PlaceMention
    fallback: bool  # taken from an earlier sentence


def _usable(p: PlaceMention) -> bool:
    if p.latitude is None or p.longitude is None:
        return False
    # the whole country is not an event place
    return not ((p.feature or "").startswith("PCL"))


class PlacePicker:
    def __init__(self) -> None:
        cues = load_lexicon("cues")
        self.not_event = word_set_matcher(cues["place_not_event"])
        self.outside = word_set_matcher(cues["outside_syria"])
        self.as_side = word_set_matcher(cues["place_as_side"])
        self.entry = word_set_matcher(cues["place_entry"])
        self.switch = word_set_matcher(cues["context_switch"])

    def _excluded(self, s: Sentence, nstart: int) -> bool:
        """Is the mention starting at norm offset `nstart` the origin/destination/seat of something?"""
        before = s.norm[max(0, nstart - 40):nstart]
        for m in self.not_event.find(before):
            if len(_WORD.findall(before[m.end:])) <= 2:
                if before[m.start:m.end] in _TOWARD and self._entered(s, nstart - len(before) + m.start):
                    continue  # "دخلت القوات الحكومية إلى بلدة X": X is where it happened
                return True
        for m in self.as_side.find(before):
            if before[m.end:].strip() in ("ل", "لل", ""):
                return True  # "موالين لدمشق"، "حليفة طهران": the government, not a place
        return False

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

    def candidates(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> list[tuple[int, PlaceMention]]:
        """(norm offset, mention) of the usable mentions in sentence `s`."""
        out = []
        names = self._resolved_names(doc)
        for p in doc.places:
            at = p.start
            if not (s.start <= at < s.end):
                continue
            if any(a <= at < b for a, b in blocked):
                continue  # part of an actor's name
            if not _usable(p):
                if p.text not in names:
                    continue
                p = names[p.text]  # resolved where the article names it again
            out.append((self._norm_pos(s, at), p))
        return out

    def pick(self, doc: Doc, s: Sentence, seg: tuple[int, int], anchor: int,
             blocked: list[tuple[int, int]]) -> PlaceChoice | None:
        """The event place for a trigger at norm offset `anchor` whose stretch is `seg`."""
        best: tuple[float, PlaceMention] | None = None
        for pos, p in self.candidates(doc, s, blocked):
            if self._excluded(s, pos):
                continue
            score = 0.0
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
        if self.outside.find(s.norm[seg[0]:seg[1]]):
            return None  # "على السياج مع قطاع غزة"، "جبل قنديل بالعراق": not in Syria
        return self.fallback(doc, s, blocked)

    def fallback(self, doc: Doc, s: Sentence, blocked: list[tuple[int, int]]) -> PlaceChoice | None:
        """Nearest earlier usable mention in the paragraph (or, for a paragraph that goes on
        where the last one ended, in the sentence before it), then in the article's lead."""
        for prev in reversed(doc.sentences[:s.index]):
            if prev.paragraph != s.paragraph:
                # "كما ..." carries on from the paragraph before; "في سياق آخر ..." does not
                opening = s.norm[:40]
                if not any(m.start == 0 or m.start <= 2 and opening[:m.start].strip() in ("و", "")
                           for m in self.switch.find(opening)):
                    cands = [(pos, p) for pos, p in self.candidates(doc, prev, blocked)
                             if not self._excluded(prev, pos)]
                    if cands:
                        return PlaceChoice(cands[-1][1], True)
                break
            cands = [(pos, p) for pos, p in self.candidates(doc, prev, blocked) if not self._excluded(prev, pos)]
            if cands:
                return PlaceChoice(cands[-1][1], True)
        for lead in doc.sentences[:2]:
            if lead.index >= s.index:
                break
            cands = [(pos, p) for pos, p in self.candidates(doc, lead, blocked) if not self._excluded(lead, pos)]
            if cands:
                return PlaceChoice(cands[0][1], True)
        # a lead that says "two towns" and names them in the next sentence
        if s.index <= 1:
            for nxt in doc.sentences[s.index + 1:s.index + 3]:
                cands = [(pos, p) for pos, p in self.candidates(doc, nxt, blocked) if not self._excluded(nxt, pos)]
                if cands:
                    return PlaceChoice(cands[0][1], True)
        return None
