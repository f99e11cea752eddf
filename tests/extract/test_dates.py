"""Event dates against the publication date (2018-06-10 is a Sunday)."""
from datetime import date

import pytest

from rasd.extract.event_dates import DateReader
from rasd.text.normalize import normalize

PUB = date(2018, 6, 10)


@pytest.fixture(scope="module")
def reader():
    return DateReader()


@pytest.mark.parametrize("text,want,precision", [
    ("قتل اليوم", date(2018, 6, 10), 1),
    ("قتل أمس", date(2018, 6, 9), 1),
    ("ليل السبت", date(2018, 6, 9), 1),
    ("يوم الأحد الماضي", date(2018, 6, 3), 1),
    ("الخميس", date(2018, 6, 7), 1),
    ("في 5 حزيران 2018", date(2018, 6, 5), 1),
    ("في 5 يونيو", date(2018, 6, 5), 1),
    ("قبل ثلاثة أيام", date(2018, 6, 7), 1),
    ("قبل عشرة أيام", date(2018, 5, 31), 2),
    ("الأسبوع الماضي", date(2018, 6, 3), 2),
    ("خلال الـ24 ساعة الماضية", date(2018, 6, 10), 1),
])
def test_expressions(reader, text, want, precision):
    got = reader.read(normalize(text), PUB)
    assert got and (got[0].value, got[0].precision) == (want, precision)


def test_next_weekday_is_not_a_date(reader):
    assert reader.read(normalize("الأحد المقبل"), PUB) == []


def test_event_date_on_event(run):
    e = run("شنت طائرات حربية غارات على بلدة الحمرا، الخميس.").events[0]
    assert (e.event_date, e.time_precision) == ("2018-06-07", 1)


def test_publication_date_when_text_is_silent(run):
    e = run("شنت طائرات حربية غارات على بلدة الحمرا.").events[0]
    assert e.event_date == "2018-06-10" and "date=publication" in e.tags
