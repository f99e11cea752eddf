"""One Aho-Corasick automaton per lexicon, matching whole words with Arabic clitics.

Lexicon entries are normalised (rasd.text.normalize) and compiled once; a match counts
only when it starts a word (after an optional clitic prefix: و ف ب ل ال ...) and ends
one (before an optional suffix: ات ها هم ...).  Overlapping matches keep the longest.
"""
from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from typing import Any, Generic, Iterable, NamedTuple, TypeVar

import ahocorasick  # type: ignore[import-untyped]

from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize

T = TypeVar("T")


class Match(NamedTuple, Generic[T]):  # a tuple: thousands are made per article
    start: int  # offsets into the normalised sentence (the word itself, clitics excluded)
    end: int
    value: T
    prefix: str = ""  # the clitic before the entry ("و", "بال" ...)


# tuple.__new__ skips the NamedTuple's Python-level __new__: a third of the cost of a match
_new_tuple = tuple.__new__


def _text_order(m: Match[Any]) -> tuple[int, int]:
    """Earlier first; at one start, the longer match first."""
    return m.start, m.start - m.end


@lru_cache(maxsize=2)
def affixes(adjectival: bool = True) -> tuple[frozenset[str], frozenset[str]]:
    """Clitic prefixes and suffixes; `adjectival` adds the nisba endings (روسي، روسية)."""
    aff = load_lexicon("cues")["affixes"]
    suffixes = set(aff["suffixes"]) | (set(aff["adjectival"]) if adjectival else set())
    if not adjectival:
        suffixes -= set(aff["adjectival"])
    return frozenset(normalize(p) for p in aff["prefixes"]), frozenset(normalize(s) for s in suffixes)


def _in_text_order(matches: list[Match[Any]]) -> bool:
    """Already sorted by `_text_order`?  The automaton reports matches by their end, which
    is text order whenever nothing overlaps: the usual case, checked faster than sorted."""
    prev = matches[0]
    for m in matches[1:]:
        if m[0] < prev[0] or (m[0] == prev[0] and m[1] > prev[1]):
            return False
        prev = m
    return True


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
        self.entries = seen  # normalised key -> value (MatcherGroup builds on it)
        self.longest = max(map(len, seen), default=0)  # characters in the longest entry
        self.empty = not seen
        if not self.empty:
            self._auto.make_automaton()
        self.prefixes, self.suffixes = affixes(adjectival) if clitics else (frozenset(), frozenset())
        self._max_prefix = max(map(len, self.prefixes), default=0)
        self._max_suffix = max(map(len, self.suffixes), default=0)

    def word_prefix(self, text: str, start: int, end: int) -> str | None:
        """The clitic before text[start:end] when the span is a whole word (with allowed
        affixes), else None.

        This runs for every automaton hit (~100k per 1,000 articles), so it looks at most
        one letter beyond the longest clitic: a longer letter run is part of another word
        whatever it holds.
        """
        pre = ""
        if start > 0 and text[start - 1].isalpha():
            i, stop = start - 1, max(0, start - self._max_prefix - 1)
            while i > stop and text[i - 1].isalpha():
                i -= 1
            pre = text[i:start]
            if pre not in self.prefixes:
                return None  # the match starts inside a word
        n = len(text)
        if end < n and text[end].isalpha():
            j, stop = end + 1, min(n, end + self._max_suffix + 1)
            while j < stop and text[j].isalpha():
                j += 1
            if text[end:j] not in self.suffixes:
                return None  # the match ends inside a word
        return pre

    def find_all(self, text: str) -> list[Match[T]]:
        """Every word-bounded match, overlaps included, in text order."""
        if self.empty:
            return []
        out: list[Match[T]] = []
        n = len(text)
        word_prefix = self.word_prefix
        for last, (length, value) in self._auto.iter(text):
            start, end = last - length + 1, last + 1
            # most hits are whole words: a non-letter on both sides needs no affix check
            if (start == 0 or not text[start - 1].isalpha()) and (end == n or not text[end].isalpha()):
                out.append(_new_tuple(Match, (start, end, value, "")))
                continue
            pre = word_prefix(text, start, end)
            if pre is not None:
                out.append(_new_tuple(Match, (start, end, value, pre)))
        if len(out) > 1 and not _in_text_order(out):
            out.sort(key=_text_order)
        return out

    def raw_ends(self, text: str) -> list[int]:
        """End offsets of every occurrence of an entry in `text`, word-bounded or not, in
        order: a stretch of `text` in which `find` can match holds one of them."""
        if self.empty:
            return []
        return [last + 1 for last, _ in self._auto.iter(text)]

    def find(self, text: str) -> list[Match[T]]:
        """Matches with overlaps resolved: the longest wins, then the earliest."""
        found = self.find_all(text)
        return found if len(found) < 2 else longest_first(found)


class MatcherGroup:
    """Several matchers run over the same text in one automaton pass.

    A sentence is read by a handful of lexicons (trigger words and their blockers;
    modality, background and weekday cues; the date words ...): each scan costs a walk
    over every character, so the lexicons that always read the same text share one
    automaton.  Each member keeps its own entries and clitic rules: `find_all(text)[i]`
    is exactly `members[i].find_all(text)`.
    """

    def __init__(self, *members: PhraseMatcher[Any]) -> None:
        self.members = members
        combined: dict[str, list[tuple[int, Any]]] = {}  # key -> (member index, value) for each member holding it
        for i, m in enumerate(members):
            for key, value in m.entries.items():
                combined.setdefault(key, []).append((i, value))
        self._auto = ahocorasick.Automaton()
        for key, owners in combined.items():
            self._auto.add_word(key, (len(key), tuple(owners)))
        self.empty = not combined
        if not self.empty:
            self._auto.make_automaton()

    def find_all(self, text: str) -> list[list[Match[Any]]]:
        """For each member, every word-bounded match, overlaps included, in text order."""
        outs: list[list[Match[Any]]] = [[] for _ in self.members]
        if self.empty:
            return outs
        n = len(text)
        members = self.members
        for last, (length, owners) in self._auto.iter(text):
            start, end = last - length + 1, last + 1
            if (start == 0 or not text[start - 1].isalpha()) and (end == n or not text[end].isalpha()):
                for i, value in owners:  # a whole word: every member takes it as it is
                    outs[i].append(_new_tuple(Match, (start, end, value, "")))
                continue
            for i, value in owners:
                pre = members[i].word_prefix(text, start, end)
                if pre is not None:
                    outs[i].append(_new_tuple(Match, (start, end, value, pre)))
        for out in outs:
            if len(out) > 1 and not _in_text_order(out):
                out.sort(key=_text_order)
        return outs

    def raw_ends(self, text: str) -> list[list[int]]:
        """For each member, `members[i].raw_ends(text)`, from one automaton pass."""
        outs: list[list[int]] = [[] for _ in self.members]
        if self.empty:
            return outs
        for last, (_, owners) in self._auto.iter(text):
            for i, _ in owners:
                outs[i].append(last + 1)
        return outs

    def find(self, text: str) -> list[list[Match[Any]]]:
        """For each member, matches with overlaps resolved (as `PhraseMatcher.find`)."""
        return [found if len(found) < 2 else longest_first(found) for found in self.find_all(text)]


def longest_first(matches: list[Match[Any]]) -> list[Match[Any]]:
    # matches come in text order: with no overlap at all (the usual case) there is nothing to resolve
    last_end = -1
    for m in matches:
        if m[0] < last_end:
            break
        last_end = m[1]
    else:
        return matches
    # longest first, each kept unless it overlaps one kept before it; the kept matches are
    # disjoint, held in text order, so only the two around a new one can overlap it
    starts: list[int] = []
    kept: list[Match[Any]] = []
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        i = bisect_right(starts, m.start)
        if (i > 0 and kept[i - 1].end > m.start) or (i < len(kept) and kept[i].start < m.end):
            continue
        starts.insert(i, m.start)
        kept.insert(i, m)
    return kept


def word_set_matcher(words: Iterable[str], *, clitics: bool = True) -> PhraseMatcher[str]:
    """A matcher whose value is the normalised phrase itself (for cue lists)."""
    return PhraseMatcher(((w, " ".join(normalize(w).split())) for w in words), clitics=clitics)
