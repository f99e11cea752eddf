"""Event triggers (lexicons/triggers.yaml): words that report a conflict event, and how
their ACLED type and sub-type are decided.

Some triggers fix the sub-type (غارة → Air/drone strike); generic ones (قصف، استهدف،
انفجار، هجوم، سيطرت) take it from the instruments named in their clause (طائرات،
مدفعية، عبوة ...), from who acts (the state regains territory, others overtake it) or
from who is hit (civilians make an attack Violence against civilians).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasd.extract.matcher import Match, MatcherGroup, PhraseMatcher, longest_first, word_set_matcher
from rasd.lexicon import load_lexicon

# Instrument kinds, strongest first: a clause naming several takes the first.
INSTRUMENT_ORDER = ("suicide", "chemical", "air", "ied", "shelling", "small_arms")


@dataclass(frozen=True)
class TriggerEntry:
    cls: str
    conf: float
    verb: bool = False
    actor: str | None = None


@dataclass(frozen=True)
class Trigger:
    start: int  # offsets into the sentence's norm
    end: int
    cls: str
    conf: float
    verb: bool
    actor: str | None
    word: str  # the normalised trigger text
    prefix: str = ""  # clitic glued before it (و، ب، لل ...)


@dataclass(frozen=True)
class TypeInfo:
    event_type: str
    sub_event_type: str
    disorder_type: str
    cameo: str
    plover: str


class TriggerLexicon:
    """The compiled trigger lexicon: triggers, blockers, instruments and type tables."""

    def __init__(self) -> None:
        lex = load_lexicon("triggers")
        self.classes: dict[str, dict[str, Any]] = lex["classes"]
        self.sub_types: dict[str, dict[str, str]] = lex["sub_types"]
        entries = []
        for e in lex["triggers"]:
            cls = self.classes[e["c"]]
            entries.append((e["w"], TriggerEntry(e["c"], float(e.get("conf", cls.get("conf", 0.5))),
                                                 bool(e.get("verb", False)), e.get("actor"))))
        # no nisba endings: "الهجومية" (offensive) and "الجوية" alone are not events
        self.matcher: PhraseMatcher[TriggerEntry] = PhraseMatcher(entries, adjectival=False)
        self.blockers = word_set_matcher(lex["blockers"])
        self.instruments: PhraseMatcher[str] = PhraseMatcher(
            (w, kind) for kind in INSTRUMENT_ORDER for w in lex["instruments"].get(kind, []))
        self.establish = word_set_matcher(lex["establish"])
        self._sentence_scan = MatcherGroup(self.blockers, self.matcher)  # both read every sentence
        # the instruments of the last sentence asked: each of its groups asks again
        self._instruments_of: str | None = None
        self._instruments_found: list[Match[str]] = []

    def scan_members(self) -> tuple[PhraseMatcher[Any], ...]:
        """The lexicons every sentence is scanned with (blockers, trigger words)."""
        return self.blockers, self.matcher

    def find_triggers(self, norm: str, scanned: list[list[Match[Any]]] | None = None) -> list[Trigger]:
        """Triggers in a normalised sentence, blocked phrases removed, in text order.
        `scanned`: the find_all results of `scan_members()` on `norm`, when a caller's scan had them."""
        blockers, triggers = scanned if scanned is not None else self._sentence_scan.find_all(norm)
        blocked = [(m.start, m.end) for m in blockers]
        out: list[Trigger] = []
        for m in longest_first(triggers):
            # a blocker covering the trigger ("مناطق سيطرة", or "القاعدة" itself) silences it
            if any(a <= m.start and m.end <= b for a, b in blocked):
                continue
            e = m.value
            out.append(Trigger(m.start, m.end, e.cls, e.conf, e.verb, e.actor, norm[m.start:m.end], m.prefix))
        return out

    def instruments_in(self, norm: str, start: int = 0, end: int | None = None) -> list[Match[str]]:
        end = len(norm) if end is None else end
        if norm is not self._instruments_of:
            self._instruments_of, self._instruments_found = norm, self.instruments.find(norm)
        return [m for m in self._instruments_found if m.start >= start and m.end <= end]

    def has_establish_verb(self, norm: str, start: int, end: int) -> bool:
        return any(start <= m.start and m.end <= end for m in self.establish.find(norm))

    def type_info(self, event_type: str, sub_event_type: str) -> TypeInfo:
        st = self.sub_types[sub_event_type]
        return TypeInfo(event_type, sub_event_type, st["disorder"], str(st["cameo"]), st["plover"])


def strongest_instrument(kinds: list[str]) -> str | None:
    for k in INSTRUMENT_ORDER:
        if k in kinds:
            return k
    return None


# Sub-type order inside one event type: when one clause has several, the first wins.
SUB_PRIORITY = [
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Chemical weapon", "Suicide bomb", "Air/drone strike", "Remote explosive/landmine/IED",
    "Shelling/artillery/missile attack", "Grenade",
    "Sexual violence", "Abduction/forced disappearance", "Attack",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence",
    "Arrests", "Looting/property destruction", "Non-violent transfer of territory",
    "Headquarters or base established", "Disrupted weapons use", "Agreement", "Change to group/activity", "Other",
]
SUB_RANK = {s: i for i, s in enumerate(SUB_PRIORITY)}
