"""Cleaning: drop site boilerplate and repeated passages, keeping offsets.

Works on lines (paragraphs) of the original text and records, for each line, whether
it is kept or why it was dropped.  Nothing is rewritten: kept passages are (start, end)
ranges into the untouched original.
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick  # type: ignore[import-untyped]

from rasd.doc import Doc
from rasd.lexicon import load_lexicon
from rasd.text.dates import find_dates, weekday_names
from rasd.text.normalize import LetterIndex, arabic_share, normalize, normalize_with_offsets
from rasd.text.offsets import norm_range

# A line this short (in words) is never article prose on its own unless it is the title.
_MENU_WORDS = 3
_SHORT_LINE_CHARS = 80
# A line with this many words is prose, not furniture.
_PROSE_WORDS = 30
_NON_WORD = re.compile(r"[\W\d_]+", re.UNICODE)


_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _boilerplate_automaton() -> ahocorasick.Automaton:
    # one automaton, not a regex alternation: the regex tries every phrase at every position
    auto = ahocorasick.Automaton()
    for p in {normalize(p) for p in load_lexicon("text")["boilerplate_phrases"]}:
        auto.add_word(p, len(p))
    auto.make_automaton()
    return auto


def _only_boilerplate(norm: str) -> bool:
    """Is the line nothing but boilerplate phrases, spaces, digits and punctuation?"""
    pos = 0
    for last, length in _boilerplate_automaton().iter_long(norm):  # leftmost-longest, no overlaps
        if _LETTER.search(norm, pos, last - length + 1):
            return False
        pos = last + 1
    return not _LETTER.search(norm, pos)


@lru_cache(maxsize=1)
def _byline_pattern() -> re.Pattern[str]:
    openers = "|".join(re.escape(normalize(w)) for w in load_lexicon("text")["byline_openers"])
    return re.compile(rf"^(?:{openers})\s*:?\s")


def boilerplate_reason(line: str, *, is_first: bool = False, norm: str | None = None) -> str | None:
    """Why a line is site furniture rather than article text, or None when it is text.

    `norm` is the line already normalised, when the caller has it.
    """
    stripped = line.strip()
    if not stripped:
        return "empty"
    norm = normalize(stripped) if norm is None else norm
    words = norm.split()
    if len(words) >= _PROSE_WORDS or len(stripped) > _SHORT_LINE_CHARS * 2:
        return None  # a paragraph of prose, in whatever language: never site furniture
    if arabic_share(stripped, sample=200) < 0.5:
        return "no Arabic"
    if _only_boilerplate(norm):
        return "site boilerplate"
    if len(stripped) <= _SHORT_LINE_CHARS and _is_dateline(norm):
        return "dateline"
    if len(stripped) <= _SHORT_LINE_CHARS:
        # bylines: "كتب: فلان", "فلان – صحيفة:" (a short line ending in a colon)
        if _byline_pattern().match(norm + " ") or norm.rstrip().endswith(":"):
            return "byline"
        if not is_first and len(words) <= _MENU_WORDS and not re.search(r"[.!؟?]$", stripped):
            return "menu or caption fragment"
    return None


def _is_dateline(norm: str) -> bool:
    """A line that is only a date, perhaps with a weekday ("الأحد 11 تشرين الثاني 2018")."""
    dates = find_dates(norm)
    if not dates:
        return False
    rest = norm
    for d in reversed(dates):
        rest = rest[: d.start] + " " + rest[d.end :]
    words = [w for w in _NON_WORD.sub(" ", rest).split() if w not in weekday_names()]
    return len(words) <= 1


def clean(doc: Doc) -> Doc:
    """Fill `doc.passages` with the article's kept lines and `doc.dropped` with the rest."""
    text = doc.text
    doc.norm, doc.norm_offsets = normalize_with_offsets(text)
    # passage identity for every line (and, in split_sentences, every sentence) from one index
    doc.letters = keys = LetterIndex(doc.norm)
    seen: set[str] = set()
    pos = 0
    first = True
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        body = text[start:end]
        # trim surrounding whitespace so passages start and end on text
        lead = len(body) - len(body.lstrip())
        s, e = start + lead, start + len(body.rstrip())
        if s >= e:
            continue
        ns, ne = norm_range(doc.norm_offsets, s, e)
        norm = doc.norm[ns:ne]
        reason = boilerplate_reason(text[s:e], is_first=first, norm=norm)
        first = False
        if reason is None:
            key = keys.key(ns, ne)
            if key in seen:
                reason = "repeated passage"
            else:
                seen.add(key)
        if reason:
            doc.dropped.append((s, e, reason))
        else:
            doc.passages.append((s, e))
    return doc
