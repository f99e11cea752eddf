"""One Aho-Corasick automaton per lexicon, matching whole words with Arabic clitics.

Lexicon entries are normalised (rasd.text.normalize) and compiled once; a match counts
only when it starts a word (after an optional clitic prefix: و ف ب ل ال ...) and ends
one (before an optional suffix: ات ها هم ...).  Overlapping matches keep the longest.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Generic, Iterable, NamedTuple, TypeVar

import ahocorasick

from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize

T = TypeVar("T")


class Match(NamedTuple, Generic[T]):  # a tuple: thousands are made per article
    start: int  # offsets into the normalised sentence (the word itself, clitics excluded)
    end: int
    value: T
    prefix: str = ""  # the clitic before the entry ("و", "بال" ...)


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


@lru_cache(maxsize=2)
def affixes(adjectival: bool = True) -> tuple[frozenset[str], frozenset[str]]:
    """Clitic prefixes and suffixes; `adjectival` adds the nisba endings (روسي، روسية)."""
    aff = load_lexicon("cues")["affixes"]
    suffixes = set(aff["suffixes"]) | (set(aff["adjectival"]) if adjectival else set())
    if not adjectival:
        suffixes -= set(aff["adjectival"])
    return frozenset(normalize(p) for p in aff["prefixes"]), frozenset(normalize(s) for s in suffixes)


class PhraseMatcher(Generic[T]):
    """Find lexicon phrases in normalised text; `value` is whatever the entry maps to."""

    def __init__(self, entries: Iterable[tuple[str, T]], *, clitics: bool = True, adjectival: bool = True) -> None:
        self._auto = ahocorasick.Automaton()
        self.clitics = clitics
        seen: dict[str, T] = {}
        for phrase, value in entries:
            key = " ".join(normalize(str(phrase)).split())
            if key and key not in seen:  # first entry wins on duplicates
                seen[key] = value
        for key, value in list(seen.items()):
            # "التحالف" is written "للتحالف" after the preposition ل: the alef drops
            if clitics and key.startswith("ال") and len(key) > 3 and ("لل" + key[2:]) not in seen:
                seen["لل" + key[2:]] = value
        for key, value in seen.items():
            self._auto.add_word(key, (len(key), value))
        self.empty = not seen
        if not self.empty:
            self._auto.make_automaton()
        self.prefixes, self.suffixes = affixes(adjectival) if clitics else (frozenset(), frozenset())

    def _left_ok(self, text: str, start: int) -> tuple[bool, str]:
        if start == 0 or not _is_letter(text[start - 1]):
            return True, ""
        i = start
        while i > 0 and _is_letter(text[i - 1]):
            i -= 1
        pre = text[i:start]
        return (pre in self.prefixes, pre)

    def _right_ok(self, text: str, end: int) -> bool:
        if end >= len(text) or not _is_letter(text[end]):
            return True
        j = end
        while j < len(text) and _is_letter(text[j]):
            j += 1
        return text[end:j] in self.suffixes

    def find_all(self, text: str) -> list[Match[T]]:
        """Every word-bounded match, overlaps included, in text order."""
        if self.empty:
            return []
        out: list[Match[T]] = []
        for last, (length, value) in self._auto.iter(text):
            start, end = last - length + 1, last + 1
            ok, pre = self._left_ok(text, start)
            if ok and self._right_ok(text, end):
                out.append(Match(start, end, value, pre))
        out.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return out

    def find(self, text: str) -> list[Match[T]]:
        """Matches with overlaps resolved: the longest wins, then the earliest."""
        found = self.find_all(text)
        return found if len(found) < 2 else longest_first(found)


def longest_first(matches: list[Match[Any]]) -> list[Match[Any]]:
    kept: list[Match[Any]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def word_set_matcher(words: Iterable[str], *, clitics: bool = True) -> PhraseMatcher[str]:
    """A matcher whose value is the normalised phrase itself (for cue lists)."""
    return PhraseMatcher(((w, " ".join(normalize(w).split())) for w in words), clitics=clitics)
