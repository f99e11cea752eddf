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
    # the pronoun on the death word is the count: one victim, or two
    ("انفجرت عبوة ناسفة بسيارة القيادي ما أدى إلى مصرعه", 1, None),
    ("استهدفت غارة سيارتهما ما أسفر عن مقتلهما", 2, None),
    ("قتل 5 عناصر بينهم القيادي الذي أعلن عن مقتله", 5, None),
    ("دون وقوع إصابات", 0, 0),
    ("خلال الـ24 ساعة الماضية قتل 3 عناصر", 3, None),
    # compound number words written as two words
    ("أصيب اثنا عشر مدنيا بقصف", None, 12),
    ("قتل أحد عشر مقاتلا في الاشتباكات", 11, None),
    ("قتل ثلاثة وعشرون شخصا", 23, None),
    # executions kill; "one of" the victims is one
    ("أعدم التنظيم أحد الرهائن في المدينة", 1, None),
    ("أعلن الفصيل إعدام 5 أشخاص", 5, None),
    # the dual kill noun, and the victim before the words "met his death"
    ("مما أسفر عن قتيلين على الأقل", 2, None),
    ("لقي شخص مصرعه وأصيب آخران بعد سقوط قذائف هاون", 1, None),
    # a day of the month is not a count
    ("أسفر القصف عن مقتل 3 مدنيين في 15 آذار", 3, None),
    ("مقتل 200 شخص على الأقل يوم الأربعاء 25 تموز", 200, None),
    # a running total the event adds to is not the event's toll
    ("قتل مدني وأصيب ثلاثة آخرون بقصف، ليرتفع بذلك عدد القتلى إلى 45 منذ بداية الحملة", 1, 3),
    ("أسفر القصف عن مقتل ثمانية مدنيين، لترتفع حصيلة القتلى إلى 1031", 8, None),
    ("قتل خمسة مدنيين في القصف ويرتفع عدد القتلى المدنيين إلى 105", 5, None),
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



def test_a_toll_update_of_the_event_is_still_its_toll(reader):
    # "the toll rose to 45" (no consequence verb) updates this event's own figure
    assert reader.read(normalize("ارتفعت حصيلة قتلى القصف إلى 45 قتيلا")).killed == 45


def test_day_of_month_never_becomes_a_toll_on_an_event(run):
    e = run("قتلت مقاتلة بريطانية في 15 آذار في قصف تركي على مدينة عفرين.").events
    assert all(ev.fatalities != 15 for ev in e)


def test_unclear_toll_is_null_in_the_output(run):
    """"Killed and wounded 15" is no death toll: fatalities is null (not 0), tagged unclear,
    as README's output fields say; the schema allows it."""
    from rasd.output.contract import event_record, validator

    e = run("أسفر قصف جوي على مدينة الوادي عن مقتل وإصابة 15 شخصا.").events[0]
    assert e.fatalities is None and "fatalities=unclear" in e.tags
    rec = event_record(e)
    assert rec["fatalities"] is None and not list(validator().iter_errors(rec))
    assert "death toll is unknown" in e.notes
