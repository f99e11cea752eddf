"""Is a trigger reporting something that happened?  Negation, future, threat, denial,
conditional, request and background cues (lexicons/cues.yaml `modality`, `background`).

A cue governs a trigger when it stands in the trigger's clause, at most `window` words
before it.  Background cues (منذ اندلاع، يواصل ...) anywhere in the clause mark a summary
rather than one event.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from rasd.extract.matcher import MatcherGroup, PhraseMatcher, word_set_matcher
from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize

# Clause boundaries inside a sentence: commas, colons, quotes, brackets, dashes between spaces.
_CLAUSE_BREAK = re.compile(r"[،,:;؛()\[\]\"]| - |\.\.\.")
_WORD = re.compile(r"\w+")
# A connective that opens a new clause even without a comma.
# "since 2011", "for months", "since the start of": a summary of a campaign, not one event
_SINCE = re.compile(r"\bمنذ\s+(?:\S+\s+)?(?:عام|العام|سنه|سنوات|اعوام|شهر|الشهر|اشهر|شهرين|اسابيع|اسبوع|الاسبوع|ايام|"
                    r"بدء|بدايه|اندلاع|انطلاق|مطلع|\d{4})")
# "in 2017", "in the year 2015": a year named in the clause
YEAR = re.compile(r"(?:عام|العام|سنه)\s*(\d{4})")
# Words that open a new clause inside a sentence (lexicons/cues.yaml: clause_connectives).
_CONNECTIVES = tuple(normalize(w) for w in load_lexicon("cues")["clause_connectives"])
_SPACED_CONNECTIVES = tuple(f" {c} " for c in _CONNECTIVES)  # as whole words


@lru_cache(maxsize=64)
def _clause_marks(norm: str) -> tuple[list[tuple[int, int]], tuple[str, ...]]:
    """The clause breaks of a sentence and the connectives it holds, found once per
    sentence (clause_bounds is asked again for every trigger of it)."""
    breaks = [m.span() for m in _CLAUSE_BREAK.finditer(norm)]
    # in _CONNECTIVES order: a connective absent from the sentence changes nothing
    connectives = tuple(c for c in _SPACED_CONNECTIVES if c in norm)
    return breaks, connectives


def clause_bounds(norm: str, pos: int) -> tuple[int, int]:
    """(start, end) of the clause of `norm` around `pos`."""
    breaks, connectives = _clause_marks(norm)
    start, end = 0, len(norm)
    for b_start, b_end in breaks:
        if b_end <= pos:
            start = b_end
        elif b_start >= pos:
            end = b_start
            break
    for c in connectives:
        i = norm.rfind(c, start, pos)
        if i >= 0:
            start = max(start, i + 1)
        j = norm.find(c, pos, end)
        if j >= 0:
            end = min(end, j)
    return start, end


@dataclass(frozen=True)
class ModalityCue:
    kind: str
    window: int


class Modality:
    def __init__(self) -> None:
        cues = load_lexicon("cues")
        entries = []
        for kind, spec in cues["modality"].items():
            for w in spec["cues"]:
                entries.append((w, ModalityCue(kind, int(spec["window"]))))
        self.cues: PhraseMatcher[ModalityCue] = PhraseMatcher(entries, clitics=True)
        self.background = word_set_matcher(cues["background"]["cues"])
        self.openers = tuple(normalize(o) + " " for o in cues["background"]["openers"])
        self.weekday_next = word_set_matcher(cues["weekday_next"])
        self.reference = word_set_matcher(cues["reference"]["cues"])
        self.reference_window = int(cues["reference"]["window"])
        self.demonstratives = {normalize(w) for w in cues["reference"]["demonstratives"]}
        self._scan = MatcherGroup(self.cues, self.background, self.weekday_next, self.reference)

    def scan(self, norm: str) -> "SentenceCues":
        """Every modality cue of a sentence, found once and reused for each trigger."""
        modal, background, weekday_next, reference = self._scan.find(norm)
        return SentenceCues(norm, modal, [m.start for m in modal], [m.start for m in background], [m.start for m in weekday_next],
                            [m.start() for m in _SINCE.finditer(norm)],
                            norm.lstrip("\"' ").startswith(self.openers),
                            [(m.start, m.end) for m in reference])

    def refers(self, norm: str, start: int, cues: "SentenceCues") -> bool:
        """Is the noun trigger at norm offset `start` the topic of a reaction or accusation
        ("دانت فرنسا الهجوم"، "ردا على الهجوم الكيميائي"), or a pointer back to an event
        told elsewhere ("هذا الهجوم"، "تلك الغارات")?"""
        before = norm[max(0, start - 12):start].split()
        if before and before[-1] in ("ال", "وال", "بال", "لل"):
            before.pop()  # the article glued to the noun: "هذا ال|هجوم"
        if before and before[-1] in self.demonstratives:
            return True
        if not cues.reference:
            return False
        cs, _ = clause_bounds(norm, start)
        window = self.reference_window
        return any(cs <= a and b <= start and _words_upto(norm, b, start, window + 1) <= window
                   for a, b in cues.reference)

    def reason(self, norm: str, start: int, end: int, cues: "SentenceCues | None" = None) -> str | None:
        """Why the trigger at norm[start:end] is not a reported event, or None."""
        cues = cues or self.scan(norm)
        cs, ce = clause_bounds(norm, start)
        # the cues are in text order: only those from the clause start on can govern
        for i in range(bisect_left(cues.modal_starts, cs), len(cues.modal)):
            m = cues.modal[i]
            if m.start >= start:
                break
            if m.end <= start and _words_upto(norm, m.end, start, m.value.window) < m.value.window:
                return m.value.kind
        # (each list of cue starts is in text order)
        nxt = cues.weekday_next
        i = bisect_left(nxt, cs)
        if i < len(nxt) and nxt[i] < ce:
            return "future"
        # background cues govern from the sentence start (a quote or a comma may stand between)
        if (cues.background and cues.background[0] < ce) or (cues.since and cues.since[0] < ce):
            return "background"
        if cues.question:
            return "question"
        return None


@dataclass
class SentenceCues:
    norm: str
    modal: list
    modal_starts: list[int]
    background: list[int]
    weekday_next: list[int]
    since: list[int]
    question: bool
    reference: list[tuple[int, int]] = ()  # type: ignore[assignment]


def _words_upto(norm: str, a: int, b: int, limit: int) -> int:
    """The number of words in norm[a:b], counted no further than `limit` (a cue governs
    only a few words on: a long stretch is not read whole for each cue)."""
    n = 0
    for _ in _WORD.finditer(norm, a, b):
        n += 1
        if n >= limit:
            break
    return n
