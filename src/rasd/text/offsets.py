"""Offset maps between a text and its normalised form, compiled: `Doc.norm_range` and
`Sentence.original_span` are these, and the compiled stages call them directly (tens of
thousands of times a corpus pass) rather than through the interpreted methods."""
from __future__ import annotations

from bisect import bisect_left


def norm_range(norm_offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """The [start, end) range of original text as a range of the normalised text, whose
    index -> original offset map is `norm_offsets`."""
    return bisect_left(norm_offsets, start), bisect_left(norm_offsets, end)


def original_span(offsets: list[int], nstart: int, nend: int) -> tuple[int, int]:
    """Map a [nstart, nend) range of a normalised sentence back to original offsets."""
    start = offsets[nstart]
    # end maps to one past the last matched character, so trailing diacritics
    # that normalisation removed are not cut in half
    end = offsets[nend - 1] + 1 if nend > nstart else start
    return start, end
