"""Sentence splitting for Arabic news prose, with repeated sentences removed.

Splits kept passages at sentence punctuation (. ! ? ؟ ؛ ;) and, inside long
comma-chained news sentences, at "، " when a clause connective follows
(كما، بينما، فيما، من جهة أخرى ...: the list is in lexicons/text.yaml).
A sentence already seen (same letters after normalisation), or a truncated lead
("... فيما...") that a later sentence contains, is processed once.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

from rasd.doc import Doc, Sentence
from rasd.lexicon import load_lexicon
from rasd.text.normalize import LetterIndex, normalize
from rasd.text.offsets import norm_range

# Sentence ends: . ! ? ؟ ؛ ; (and ellipses) followed by space or end; not a decimal point.
# (a run of end marks, so "..." is one end; written as one character class, which the
# regex engine scans for fast, rather than as alternatives tried at every position)
_END = re.compile(r"[.!?؟؛;…]+(?=\s|$|[\"”»’)])[\"”»’)]*")
# A sentence longer than this (characters) is split at clause connectives.
LONG_SENTENCE = 160
# No sentence is longer than this (characters).  Text with no sentence punctuation (a page
# scraped without it, or hostile input) would otherwise be one sentence that every rule
# reads whole; past this length it is cut at clause breaks.  The dev corpus's longest
# sentence has 590 characters: no real sentence is cut.
MAX_SENTENCE = 800
# Shortest repeated passage that is dropped as a contained duplicate.
_MIN_CONTAINED = 40


def _openers() -> str:
    openers = sorted({normalize(w) for w in load_lexicon("text")["clause_openers"]}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in openers)


@lru_cache(maxsize=1)
def _clause_split() -> re.Pattern[str]:
    # position right after "، " (or " - ") that is followed by a connective and a word boundary
    return re.compile(rf"(?:،|,| -)\s+(?=(?:{_openers()})(?:\s|،|,))")


@lru_cache(maxsize=1)
def _breaks() -> tuple[re.Pattern[str], ...]:
    """Where an over-long sentence is cut, best first: after a comma, colon or dash; before
    a clause connective; at any space."""
    return (re.compile(r"(?:[،,:؛]|\s-)\s+"), re.compile(rf"(?<!\S)(?=(?:{_openers()})(?:\s|،|,))"),
            re.compile(r"\s+"))


def _split_passage(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    text = doc.text
    pieces: list[tuple[int, int]] = []
    cut = start
    for m in _END.finditer(text, start, end):
        pieces.append((cut, m.end()))
        cut = m.end()
    if cut < end:
        pieces.append((cut, end))
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        for a, b in _split_long(doc, s, e):
            out.extend(_split_overlong(doc, *_trim(text, a, b)))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in out) if e > s]


def _split_long(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= LONG_SENTENCE:
        return [(start, end)]
    ns, ne = norm_range(doc.norm_offsets, start, end)
    cuts = [start]
    for m in _clause_split().finditer(doc.norm, ns, ne):
        cut = doc.norm_offsets[m.end()]
        # keep each piece a readable clause: not shorter than a few words
        if cut - cuts[-1] >= 40 and end - cut >= 40:
            cuts.append(cut)
    cuts.append(end)
    return list(zip(cuts, cuts[1:]))


def _split_overlong(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Pieces of at most MAX_SENTENCE characters, each cut at the best break in the second
    half of its span (a hard cut where the span has no space at all)."""
    out: list[tuple[int, int]] = []
    cut = start
    while end - cut > MAX_SENTENCE:
        at = _break_in(doc, cut + MAX_SENTENCE // 2, cut + MAX_SENTENCE)
        out.append((cut, at))
        cut = at
    out.append((cut, end))
    return out


def _break_in(doc: Doc, lo: int, hi: int) -> int:
    """The original offset of the last break of the best kind in text[lo:hi], else hi."""
    ns, ne = norm_range(doc.norm_offsets, lo, hi)
    for pattern in _breaks():
        last = -1
        for m in pattern.finditer(doc.norm, ns, ne):
            last = m.end()
        if last >= 0:
            # (norm_offsets ends with the text's end; a break running to `hi` cuts at hi)
            at = min(doc.norm_offsets[last], hi)
            if at > lo:
                return at
    return hi


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    body = piece.strip()
    if not body:
        return start, start
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(body)


def _truncated(s: str) -> bool:
    return s.rstrip().endswith(("...", "…"))


def split_sentences(doc: Doc) -> Doc:
    """Fill `doc.sentences` from `doc.passages`, each distinct sentence once.

    Needs `doc.norm` (set by `clean`).
    """
    text = doc.text
    spans: list[tuple[int, int, int]] = []
    for p, (s, e) in enumerate(doc.passages):
        spans.extend((a, b, p) for a, b in _split_passage(doc, s, e))
    ranges = [norm_range(doc.norm_offsets, a, b) for a, b, _ in spans]
    norms = [doc.norm[ns:ne] for ns, ne in ranges]
    letters = doc.letters if doc.letters is not None else LetterIndex(doc.norm)
    keys = [letters.key(ns, ne) for ns, ne in ranges]
    joined = "\x00".join(keys)
    at = list(accumulate((len(k) + 1 for k in keys), initial=0))  # where each key starts in `joined`
    seen: set[str] = set()
    for i, (a, b, p) in enumerate(spans):
        key = keys[i]
        if not key:
            continue
        if key in seen:
            doc.dropped.append((a, b, "repeated sentence"))
            continue
        # a truncated lead or a short passage wholly contained in another kept sentence
        truncated = _truncated(text[a:b])
        if truncated or len(key) >= _MIN_CONTAINED:
            # a find over the earlier keys joined, in C, rules most sentences out at once
            if (truncated or joined.find(key, 0, at[i]) >= 0) and \
                    any(key != k and key in k for j, k in enumerate(keys) if j != i and (truncated or j < i)):
                doc.dropped.append((a, b, "repeated sentence"))
                continue
        seen.add(key)
        ns, ne = ranges[i]
        offsets = doc.norm_offsets[ns:ne] + [b]
        doc.sentences.append(Sentence(a, b, text[a:b], norms[i], offsets, len(doc.sentences), p))
    return doc
