"""Explicit calendar dates in Arabic text: "12 نوفمبر 2018", "الأحد 11 تشرين الثاني 2018",
"2018/11/12", "12-11-2018".  Relative expressions (أمس، يوم الأحد) are resolved by the
extraction stage against the publication date; this module only reads what the text fixes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets into the normalised string that was searched
    end: int
    value: date
    precision: int  # ACLED time_precision: 1 day, 3 month


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Normalised month name -> month number."""
    out: dict[str, int] = {}
    for num, names in load_lexicon("dates")["months"].items():
        for n in names:
            out[normalize(n)] = int(num)
    return out


@lru_cache(maxsize=1)
def weekday_names() -> dict[str, int]:
    out: dict[str, int] = {}
    for num, names in load_lexicon("dates")["weekdays"].items():
        for n in names:
            out[normalize(n)] = int(num)
    return out


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    names = sorted(month_names(), key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    # day month year, tolerating a glued prefix/suffix ("التحرير12 نوفمبر 2018آخر")
    dmy = re.compile(rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({alts})(?:\s*\(\s*\w+\s*\))?\s*(?:(?:عام|سنة|العام)\s*)?(\d{{4}})?(?!\d)")
    # month year with no day ("في تشرين الأول 2018")
    my = re.compile(rf"(?<![\w\d])(?:شهر\s+)?({alts})\s+(?:(?:عام|سنة|العام)\s*)?(\d{{4}})(?!\d)")
    numeric = re.compile(r"(?<!\d)(?:(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})|(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}))(?!\d)")
    return dmy, my, numeric


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        if 1990 <= y <= 2100:
            return date(y, m, d)
    except ValueError:
        pass
    return None


def find_dates(norm: str, default_year: int | None = None) -> list[DateMention]:
    """Explicit dates in normalised text, in text order.

    A day-and-month with no year takes `default_year` (the publication year) when given.
    """
    # every pattern needs a digit: most sentences have none and are done with one C scan
    if not _DIGIT.search(norm):
        return []
    dmy, my, numeric = _patterns()
    months = month_names()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in numeric.finditer(norm):
        if m.group(1):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            d = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        if d:
            found.append(DateMention(m.start(), m.end(), d, 1))
            taken.append(m.span())
    for m in dmy.finditer(norm):
        month = months[re.sub(r"\s+", " ", m.group(2))]
        year = int(m.group(3)) if m.group(3) else default_year
        if year is None:
            continue
        d = _safe_date(year, month, int(m.group(1)))
        if d and not any(a <= m.start() < b for a, b in taken):
            found.append(DateMention(m.start(), m.end(), d, 1))
            taken.append(m.span())
    for m in my.finditer(norm) if _YEAR.search(norm) else ():
        if any(a <= m.start() < b or m.start() <= a < m.end() for a, b in taken):
            continue
        d = _safe_date(int(m.group(2)), months[re.sub(r"\s+", " ", m.group(1))], 1)
        if d:
            found.append(DateMention(m.start(), m.end(), d, 3))
    return sorted(found, key=lambda x: x.start)


def find_dateline(text: str, window: int = 600) -> date | None:
    """The publication date a page prints near its top (first full date in the opening lines)."""
    for mention in find_dates(normalize(text[:window])):
        if mention.precision == 1:
            return mention.value
    return None
