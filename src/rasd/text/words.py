"""Cutting a normalised sentence into words, fast: the extract and learn stages each need
the word spans of every sentence they read.

The text is cut at spaces; a piece that is one plain word (most are) is taken as it is,
and only the other pieces (punctuation, digits beside letters, other spaces) go through
the word regex.  `geo.toponyms.tokenize` cuts the same way for its own tokens.
"""
from __future__ import annotations

import re


def word_spans(norm: str, word: re.Pattern[str], letters_only: bool) -> tuple[list[int], list[int]]:
    """Start and end offsets of the matches of `word` in `norm`, as `word.finditer` gives
    them.  A piece between spaces is one match as it is when it is all letters
    (`letters_only`: a `word` that keeps letters and digits apart) or all letters and
    digits (a `\\w+` word); the caller's `word` must match such a piece whole."""
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for part in norm.split(" "):
        n = len(part)
        if n:
            if part.isalpha() if letters_only else part.isalnum():
                starts.append(pos)
                ends.append(pos + n)
            else:
                for m in word.finditer(norm, pos, pos + n):
                    starts.append(m.start())
                    ends.append(m.end())
        pos += n + 1
    return starts, ends
