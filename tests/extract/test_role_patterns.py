"""Who did what to whom, and how many died: one short sentence (written for the test) per
pattern that used to go wrong, through the shipped pipeline (gazetteer, event judge, role
model), checked on the fields an analyst reads."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.doc import Article
from rasd.pipeline import full_pipeline

PUB = date(2018, 6, 10)
REGIME = "Military Forces of Syria (2000-)"
RUSSIA = "Military Forces of Russia (2000-)"
TURKEY = "Military Forces of Turkey (2016-)"
CIVILIANS = "Civilians (Syria)"
IS = "Islamic State (Syria)"
OPPOSITION = "Opposition Rebels (Syria)"


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


def _one(pipeline, text: str, published: date = PUB):
    evs = pipeline(Article("t", text, published=published)).events
    assert len(evs) == 1, [(e.sub_event_type, e.actor1, e.actor2, e.evidence[0].text) for e in evs]
    return evs[0]


def _named(ev) -> set[str]:
    return {x for x in (ev.actor1, ev.actor2, ev.assoc_actor_1, ev.assoc_actor_2) if x}


def test_a_dateline_names_no_actor(pipeline):
    ev = _one(pipeline, "أتلانتا، الولايات المتحدة (CNN)-- قتل خمسة مدنيين في غارات جوية روسية على مدينة أريحا "
                        "في ريف إدلب اليوم الأحد.")
    assert (ev.actor1, ev.actor2, ev.fatalities) == (RUSSIA, CIVILIANS, 5)
    assert not any("United States" in n for n in _named(ev))


def test_the_seat_of_the_source_is_not_an_actor(pipeline):
    ev = _one(pipeline, "وقال المرصد السوري لحقوق الإنسان ومقره في بريطانيا إن طائرات روسية قصفت بلدة كفرنبل "
                        "في ريف إدلب اليوم.")
    assert ev.actor1 == RUSSIA
    assert not any("United Kingdom" in n for n in _named(ev))


def test_the_channel_spoken_to_is_not_an_actor(pipeline):
    ev = _one(pipeline, "وقال قيادي في الجيش الحر لقناة روسيا اليوم إن قوات النظام قصفت بلدة اللطامنة في ريف حماة "
                        "بالمدفعية اليوم.")
    assert ev.actor1 == REGIME
    assert RUSSIA not in _named(ev)


def test_allies_named_with_the_striker_strike_with_it(pipeline):
    ev = _one(pipeline, "قصفت القوات التركية والفصائل السورية الموالية لها مواقع وحدات حماية الشعب الكردية في "
                        "مدينة عفرين اليوم.")
    assert ev.actor1 == TURKEY and ev.actor2 == "YPG: People's Protection Units"
    assert "SNA" in (ev.assoc_actor_1 or "")


def test_an_attacked_convoy_names_its_owner_as_the_target(pipeline):
    ev = _one(pipeline, "هاجم مسلحو تنظيم داعش قافلة عسكرية لقوات النظام قرب مدينة السخنة في ريف حمص اليوم.")
    assert (ev.actor1, ev.actor2) == (IS, REGIME)


def test_a_genitive_names_the_air_force(pipeline):
    ev = _one(pipeline, "قتل ثلاثة مدنيين في غارات للطيران التركي على قرية جنديرس في ريف عفرين اليوم.")
    assert (ev.sub_event_type, ev.actor1, ev.actor2, ev.fatalities) == ("Air/drone strike", TURKEY, CIVILIANS, 3)


def test_a_genitive_names_the_shelling_side(pipeline):
    ev = _one(pipeline, "أصيب طفلان جراء قصف المعارضة على حي الحمدانية في مدينة حلب اليوم.")
    assert (ev.actor1, ev.actor2, ev.injured) == (OPPOSITION, CIVILIANS, 2)


def test_a_passive_with_its_agent(pipeline):
    ev = _one(pipeline, "تعرضت مواقع لقوات النظام لقصف من قبل فصائل المعارضة في بلدة كفرزيتا بريف حماة اليوم.")
    assert (ev.actor1, ev.actor2) == (OPPOSITION, REGIME)


def test_two_possible_air_forces_leave_the_striker_unidentified(pipeline):
    ev = _one(pipeline, "قتل أربعة مدنيين في غارات لطائرات سورية أو روسية على بلدة خان شيخون في ريف إدلب اليوم.")
    assert ev.actor1 == "Unidentified Military Forces" and ev.actor2 == CIVILIANS
    assert set(ev.assoc_actor_1.split("; ")) == {REGIME, RUSSIA}
    assert "either" in ev.notes and RUSSIA in ev.notes


def test_two_possible_air_forces_beside_another_event_type_leave_it_alone(pipeline):
    # (a fuzzed article crashed the role model here: the hesitation was applied to a transfer)
    text = ("ولم يتمكن المرصد من تحديد ما اذا كانت الضربات قد شنها الطيران السوري أم الروسي "
            "قال مكتب الأمم المتحدة إن هناك حاجة عاجلة لإجلاء ألف حالة طبية من الغوطة الشرقية المحاصرة قرب دمشق.")
    evs = pipeline(Article("t", text, published=PUB)).events
    assert all(e.actor1 != "Unidentified Military Forces" for e in evs if e.event_type != "Explosions/Remote violence")


def test_a_restatement_is_the_same_event(pipeline):
    ev = _one(pipeline, "قتل خمسة مدنيين في غارات روسية على مدينة أريحا في ريف إدلب اليوم الأحد. وقال المرصد "
                        "السوري إن الغارات الروسية على أريحا أسفرت عن مقتل خمسة مدنيين بينهم طفلان.")
    assert (ev.actor1, ev.fatalities, len(ev.evidence)) == (RUSSIA, 5, 2)


def test_an_actor_named_in_the_sentence_before(pipeline):
    ev = _one(pipeline, "شنت طائرات روسية غارات على مدينة أريحا في ريف إدلب اليوم. وأسفرت الغارات عن مقتل أربعة "
                        "مدنيين في المدينة.")
    assert (ev.actor1, ev.fatalities) == (RUSSIA, 4)


def test_our_forces_are_the_speakers(pipeline):
    ev = _one(pipeline, "وقال المتحدث باسم قوات سوريا الديمقراطية إن قواتنا سيطرت على قرية الباغوز في ريف دير "
                        "الزور اليوم.")
    assert (ev.sub_event_type, ev.actor1) == ("Non-state actor overtakes territory", "QSD: Syrian Democratic Forces")


def test_a_day_of_the_month_is_not_a_toll(pipeline):
    ev = _one(pipeline, "قصفت قوات النظام في 15 آذار بلدة كفرنبل في ريف إدلب بالمدفعية، ما أدى إلى مقتل مدني.",
              published=date(2018, 3, 18))
    assert (ev.fatalities, ev.event_date) == (1, "2018-03-15")


def test_one_of_the_hostages_is_one_killed(pipeline):
    ev = _one(pipeline, "أعدم تنظيم داعش أحد الرهائن في مدينة البوكمال بريف دير الزور اليوم.")
    assert (ev.actor1, ev.fatalities) == (IS, 1)


def test_duals_count_two_and_compound_numbers_twelve(pipeline):
    ev = _one(pipeline, "قتل مدنيان وأصيب اثنا عشر آخرون في قصف لقوات النظام على مدينة دوما اليوم.")
    assert (ev.fatalities, ev.injured) == (2, 12)


def test_a_running_total_is_not_the_events_toll(pipeline):
    ev = _one(pipeline, "قتل مدني في قصف لقوات النظام على مدينة دوما اليوم، ليرتفع بذلك عدد القتلى منذ بدء "
                        "الحملة إلى 45.")
    assert ev.fatalities == 1


def test_people_made_to_flee_are_not_killed(pipeline):
    ev = _one(pipeline, "قتل 27 مدنيا في غارات روسية على مدينة دوما اليوم وأجبر 2500 شخص على الفرار.")
    assert ev.fatalities == 27


def test_two_air_forces_named_together_strike_together(pipeline):
    ev = _one(pipeline, "قصفت مقاتلات حربية روسية وسورية الأحياء السكنية في بلدة كفرنبل في ريف إدلب اليوم.")
    assert (ev.actor1, ev.assoc_actor_1) == (RUSSIA, REGIME)
    assert ev.actor2 != REGIME


def test_the_is_affiliate_in_the_yarmouk_basin_is_is(pipeline):
    # Jaysh Khalid ibn al-Walid pledged to IS: its positions are IS's, not the rebels'
    ev = _one(pipeline, "قتل ستة مدنيين السبت بغارات جوية شنها الطيران الروسي مستهدفا مواقع جيش خالد بن الوليد "
                        "في بلدة الشجرة بريف درعا الغربي.")
    assert (ev.actor1, ev.actor2) == (RUSSIA, IS)


@pytest.mark.parametrize("text", [
    "وفي مناطق النظام في مدينة حلب قتل ثلاثة مدنيين بسقوط قذائف هاون أطلقتها الفصائل المعارضة.",
    "قتل خمسة مدنيين في غارات روسية على بلدة كفرنبل الخاضعة لسيطرة الفصائل المعارضة في ريف إدلب.",
    "قتل خمسة مدنيين في غارات روسية على بلدة كفرنبل التي تسيطر عليها هيئة تحرير الشام في ريف إدلب.",
])
def test_who_controls_the_area_is_not_the_target_of_the_attack(pipeline, text):
    ev = _one(pipeline, text)
    assert ev.actor2 == CIVILIANS and ev.fatalities in (3, 5)
