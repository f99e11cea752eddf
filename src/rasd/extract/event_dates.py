"""The date of an event, resolved against the article's publication date.

Reads, in order of trust: an explicit date (text.dates), a weekday name ("الأحد",
"ليل السبت", "الأحد الماضي": the latest such day not after publication, or the one
before it with الماضي), a relative day (اليوم، أمس، أول أمس، "خلال الـ24 ساعة الماضية"),
"قبل عشرة أيام", and vague periods (الأسبوع الماضي → precision 2, الشهر الماضي → 3).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rasd.extract.matcher import MatcherGroup, PhraseMatcher, word_set_matcher
from rasd.lexicon import load_lexicon
from rasd.text.dates import find_dates, weekday_names
from rasd.text.normalize import normalize

_TOKEN = re.compile(r"\d+|\w+")


@dataclass(frozen=True)
class EventDate:
    value: date
    precision: int  # ACLED time_precision
    start: int  # where the expression stands in the searched text (-1: publication date)


class DateReader:
    def __init__(self) -> None:
        cues = load_lexicon("cues")
        self.weekdays: PhraseMatcher[int] = PhraseMatcher(weekday_names().items(), clitics=True)
        self.days: PhraseMatcher[int] = PhraseMatcher(
            ((k, int(v)) for k, v in cues["relative_days"].items()), clitics=True)
        self.periods: PhraseMatcher[tuple[int, int]] = PhraseMatcher(
            ((k, (int(v[0]), int(v[1]))) for k, v in cues["relative_periods"].items()), clitics=True)
        self.past = {normalize(w) for w in cues["weekday_past"]}
        self.next = {normalize(w) for w in cues["weekday_next"]}
        ago = cues["ago"]
        self.ago_markers = word_set_matcher(ago["markers"])
        self._scan = MatcherGroup(self.periods, self.days, self.weekdays, self.ago_markers)
        self.ago_units = {normalize(k): int(v) for k, v in ago["units"].items()}
        nums = cues["numbers"]["units"]
        self.number_words = {normalize(k): int(v) for k, v in nums.items()}

    def read(self, norm: str, published: date | None) -> list[EventDate]:
        """Every date expression in `norm`, in text order."""
        out: list[EventDate] = []
        taken: list[tuple[int, int]] = []
        year = published.year if published else None
        for d in find_dates(norm, default_year=year):
            # a day-month with no year that would lie after publication belongs to last year
            value = d.value
            if published and value > published and not re.search(r"\d{4}", norm[d.start:d.end]):
                try:
                    value = value.replace(year=value.year - 1)
                except ValueError:
                    pass
            out.append(EventDate(value, d.precision, d.start))
            taken.append((d.start, d.end))
        if published is None:
            return sorted(out, key=lambda x: x.start)

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        periods, days, weekdays, ago_markers = self._scan.find(norm)
        for m in periods:
            if free(m.start, m.end):
                prec, back = m.value
                day = _days_before(published, back)
                if day is not None:
                    out.append(EventDate(day, prec, m.start))
                taken.append((m.start, m.end))
        for m in days:
            if free(m.start, m.end):
                day = _days_before(published, m.value)
                if day is not None:
                    out.append(EventDate(day, 1, m.start))
                taken.append((m.start, m.end))
        for m in weekdays:
            if not free(m.start, m.end):
                continue
            nxt = _TOKEN.findall(norm[m.end:m.end + 14])
            if nxt and nxt[0] in self.next:
                continue  # "الأحد المقبل": not a past event
            back = (published.weekday() - m.value) % 7
            if back == 0 and nxt and nxt[0] in self.past:
                back = 7
            day = _days_before(published, back)
            if day is not None:
                out.append(EventDate(day, 1, m.start))
            taken.append((m.start, m.end))
        for m in ago_markers:
            toks = _TOKEN.findall(norm[m.end:m.end + 24])
            if not toks:
                continue
            n, unit = 1, toks[0]
            # (isdecimal, not isdigit: "²" is a digit int() cannot read)
            if toks[0].isdecimal() or toks[0] in self.number_words:
                n = int(toks[0]) if toks[0].isdecimal() else self.number_words[toks[0]]
                unit = toks[1] if len(toks) > 1 else ""
            if unit in self.ago_units and free(m.start, m.end):
                ndays = n * self.ago_units[unit]
                exact = toks[0].isdecimal() or toks[0] in self.number_words or unit in ("يوم", "يومين")
                day = _days_before(published, ndays)
                if day is not None:  # "قبل 1000000 يوم": before the calendar began, no date
                    out.append(EventDate(day, 1 if exact and ndays < 7 else 2 if ndays < 28 else 3, m.start))
        return sorted(out, key=lambda x: x.start)


def _days_before(published: date, days: int) -> date | None:
    """The day `days` before `published`, or None when it falls outside the calendar
    (before 0001-01-01, after 9999-12-31): an out-of-range date is no date, not an error."""
    try:
        return published - timedelta(days=days)
    except OverflowError:
        return None
