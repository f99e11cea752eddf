"""Killed and injured counts by ACLED's conservative reading."""
import pytest

from rasd.extract.fatalities import CasualtyReader
from rasd.text.normalize import normalize


@pytest.fixture(scope="module")
def reader():
    return CasualtyReader()


@pytest.mark.parametrize("text,killed,injured", [
    ("قتل 12 مدنيا وأصيب 30 آخرون", 12, 30),
    ("قتل ١٢ مدنيا", 12, None),
    ("مقتل ما لا يقل عن 27 عنصرا", 27, None),
    ("سقط نحو 60 قتيلا", 60, None),
    ("قتل خمسة أشخاص", 5, None),
    ("مقتل عشرات المدنيين", 10, None),
    ("مقتل 20 مدنيا بينهم 7 أطفال", 20, None),
    ("قتل 9 من قوات النظام و4 من المسلحين الموالين", 13, None),
    ("أسفر الهجوم عن مقتل جنديين", 2, None),
    ("أدى القصف إلى استشهاد طفل", 1, None),
    ("دون وقوع إصابات", 0, 0),
    ("خلال الـ24 ساعة الماضية قتل 3 عناصر", 3, None),
])
def test_counts(reader, text, killed, injured):
    c = reader.read(normalize(text))
    assert (c.killed, c.injured) == (killed, injured)


def test_killed_and_wounded_together_is_not_the_death_toll(reader):
    c = reader.read(normalize("أسفر التفجير عن مقتل وإصابة 15 شخصا"))
    assert c.joint and c.killed == 0


def test_figure_on_event(run):
    e = run("قتل 14 مدنيا بينهم 3 أطفال وأصيب 20 آخرون في غارة على مدينة الوادي.").events[0]
    assert (e.fatalities, e.injured) == (14, 20)
