"""Checks on what a record says, shared by every reader (and the API): lone surrogates and
implausible publication dates."""
from __future__ import annotations

import re
from datetime import date, timedelta

# A surrogate left alone after JSON decoding (a pair already became one character):
# valid JSON ("\ud800"), common in scraped text, but not encodable as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

# Publication dates outside [PUBLISHED_MIN, today + PUBLISHED_AHEAD] are not real ones.
PUBLISHED_MIN = date(1990, 1, 1)
PUBLISHED_AHEAD = timedelta(days=2)


def without_surrogates(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD."""
    return text if text.isascii() else _LONE_SURROGATE.sub(REPLACEMENT, text)


def replace_surrogates(value: object) -> tuple[object, int]:
    """`value` (a decoded JSON value) with every lone surrogate in its strings, keys included,
    replaced by U+FFFD, and how many were replaced.  Deep nesting raises RecursionError."""
    if isinstance(value, str):
        if value.isascii():
            return value, 0
        return _LONE_SURROGATE.subn(REPLACEMENT, value)
    if isinstance(value, dict):
        out: dict = {}
        total = 0
        for k, v in value.items():
            k2, a = replace_surrogates(k)
            v2, b = replace_surrogates(v)
            out[k2] = v2
            total += a + b
        return out, total
    if isinstance(value, list):
        items = [replace_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0


def published_range(today: date | None = None) -> tuple[date, date]:
    """The earliest and the latest publication date an article may have."""
    return PUBLISHED_MIN, (today or date.today()) + PUBLISHED_AHEAD


def published_problem(published: date | None, today: date | None = None) -> str | None:
    """Why `published` cannot be a publication date (None when it can, or is unknown).

    Reusable by every entry point (readers, the API's article model)."""
    if published is None:
        return None
    lo, hi = published_range(today)
    if published < lo:
        return f"implausible publication date: {published.isoformat()} is before {lo.isoformat()}"
    if published > hi:
        return f"implausible publication date: {published.isoformat()} is in the future (after {hi.isoformat()})"
    return None
