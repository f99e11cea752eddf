"""Dates beyond the calendar (before 0001-01-01 or after 9999-12-31) are no date, never an
error: the article keeps its events (before, OverflowError dropped the whole article)."""
from datetime import date

import pytest

from rasd.extract.event_dates import DateReader
from rasd.text.normalize import normalize

STRIKE = "قصفت طائرات حربية بلدة الحمرا {when} ما أدى إلى مقتل 3 مدنيين."
EDGES = [date.min, date(1, 1, 3), date(1, 1, 9), date(9999, 12, 25), date.max]


@pytest.fixture(scope="module")
def reader():
    return DateReader()


@pytest.mark.parametrize("text", ["قبل 1000000 يوم", "قبل 99999999 يوم", "قبل 999999999999999999999 سنة",
                                  "قبل 1000000 عام"])
def test_days_ago_past_the_calendar_is_no_date(reader, text):
    assert reader.read(normalize(text), date(2018, 6, 10)) == []


@pytest.mark.parametrize("published", EDGES)
@pytest.mark.parametrize("text", ["أمس", "أول أمس", "الأحد الماضي", "ليل السبت", "الأسبوع الماضي", "الشهر الماضي",
                                  "قبل ثلاثة أيام", "قبل 5 سنوات", "خلال الـ24 ساعة الماضية", "في 5 حزيران"])
def test_relative_dates_near_the_calendar_edge(reader, text, published):
    for d in reader.read(normalize(text), published):
        assert date.min <= d.value <= date.max  # a date there is, or none, but no error


def test_a_superscript_digit_is_not_a_count(reader):
    # "²" is a digit to str.isdigit() but int() cannot read it
    assert reader.read(normalize("قبل ² يوم"), date(2018, 6, 10)) == []


@pytest.mark.parametrize("when", ["قبل 1000000 يوم", "قبل 99999999 يوم", "قبل 10000 عام"])
def test_strike_dated_before_the_calendar_keeps_its_event(run, when):
    (e,) = run(STRIKE.format(when=when)).events
    assert e.event_type == "Explosions/Remote violence" and e.fatalities == 3
    # the impossible date is dropped: the event falls back to the publication date
    assert e.event_date == "2018-06-10" and "date=publication" in e.tags


@pytest.mark.parametrize("published", EDGES)
@pytest.mark.parametrize("when", ["أمس", "الأحد", "الأسبوع الماضي", "في 5 حزيران", "قبل 3 أيام"])
def test_strike_published_at_the_calendar_edge_keeps_its_event(run, when, published):
    (e,) = run(STRIKE.format(when=when), published=published).events
    assert e.fatalities == 3
    assert date.min <= date.fromisoformat(e.event_date) <= date.max


@pytest.mark.parametrize("published", EDGES)
@pytest.mark.parametrize("when", ["قبل 30 يوما", "قبل 1000000 يوم", "قبل 5000 عام"])
def test_long_ago_at_the_calendar_edge_is_background_or_undated(run, when, published):
    # a date inside the calendar this long before publication is background (no event);
    # one outside it is no date (the event keeps the publication date): never an error
    events = run(STRIKE.format(when=when), published=published).events
    assert all(e.event_date == published.isoformat() for e in events)


@pytest.mark.parametrize("figure", ["²³", "1" * 5000, "9" * 40], ids=["superscript", "5000-digits", "40-digits"])
def test_figures_no_toll_can_be_are_not_read(run, figure):
    # thousands of digits make int() refuse the string; "²³" is no number int() reads
    (e,) = run(f"قصفت طائرات حربية بلدة الحمرا ما أدى إلى مقتل {figure} مدنيين.").events
    assert e.fatalities is None or e.fatalities < 10_000_000
