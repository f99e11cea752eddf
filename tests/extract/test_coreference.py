"""One happening, one event: a strike told at its town and again at the wider area that
holds the town is one event at the town; what ACLED keeps apart stays apart.  Real
pipeline (gazetteer included), sentences written for the test."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.doc import Article
from rasd.pipeline import full_pipeline

PUB = date(2018, 7, 15)


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


def _events(pipeline, text: str):
    return pipeline(Article("t", text, published=PUB)).events


def test_a_strike_retold_at_its_countryside_is_one_event_at_the_town(pipeline):
    evs = _events(pipeline, "قتل خمسة مدنيين في غارات روسية على مدينة خان شيخون يوم الخميس.\n"
                            "وأفاد ناشطون بأن الطائرات الروسية شنت غارات على ريف إدلب الجنوبي يوم الخميس.")
    assert [(e.sub_event_type, e.location, e.geo_precision) for e in evs] == [
        ("Air/drone strike", "Khan Shaykhun", 1)]
    assert len(evs[0].evidence) == 2 and evs[0].fatalities == 5


def test_a_different_kind_of_attack_in_the_countryside_stays_apart(pipeline):
    evs = _events(pipeline, "قتل خمسة مدنيين في غارات روسية على مدينة خان شيخون يوم الخميس.\n"
                            "وقصفت قوات النظام بالمدفعية ريف إدلب الجنوبي يوم الخميس.")
    assert sorted(e.sub_event_type for e in evs) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_another_air_force_in_the_countryside_stays_apart(pipeline):
    evs = _events(pipeline, "قتل خمسة مدنيين في غارات روسية على مدينة خان شيخون يوم الخميس.\n"
                            "وشنت طائرات التحالف الدولي غارات على ريف إدلب الجنوبي يوم الخميس.")
    assert len(evs) == 2 and {e.location for e in evs} == {"Khan Shaykhun", "southern Idleb countryside"}


def test_a_strike_in_another_governorate_stays_apart(pipeline):
    evs = _events(pipeline, "قتل خمسة مدنيين في غارات روسية على مدينة خان شيخون يوم الخميس.\n"
                            "وشنت الطائرات الروسية غارات على ريف حماة الشمالي يوم الخميس.")
    assert len(evs) == 2


def test_a_transfer_is_coded_by_who_gains_the_ground(pipeline):
    # ACLED: actor1 takes over, actor2 leaves; rebels evacuated under a deal leave to the government
    evs = pipeline(Article("t", "بدأت عملية إجلاء مقاتلي الفصائل المعارضة وعائلاتهم الأحد من مدينة درعا.",
                           published=PUB)).events
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in evs] == [
        ("Non-violent transfer of territory", "Military Forces of Syria (2000-)", "Opposition Rebels (Syria)")]


def test_a_chemical_attack_and_shelling_at_one_place_on_one_day_are_two_events(pipeline):
    evs = _events(pipeline, "قتل عشرات المدنيين في هجوم كيميائي على مدينة دوما ليل السبت.\n"
                            "وقصفت قوات النظام بالمدفعية مدينة دوما ليل السبت.")
    assert sorted(e.sub_event_type for e in evs) == ["Chemical weapon", "Shelling/artillery/missile attack"]


def test_strikes_in_response_to_a_chemical_attack_are_not_one(pipeline):
    # the attack answered is talked about: it neither types the strike nor lends it its perpetrator
    evs = _events(pipeline, "شنت الولايات المتحدة وبريطانيا وفرنسا فجر السبت ضربات صاروخية على مواقع عسكرية "
                            "في مدينة حمص ردا على الهجوم الكيميائي في دوما.")
    assert [e.sub_event_type for e in evs] == ["Shelling/artillery/missile attack"]


def test_a_chemical_attack_is_the_side_it_is_attributed_to(pipeline):
    evs = _events(pipeline, "قتل عشرات المدنيين في هجوم كيميائي على مدينة دوما ليل السبت.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in evs] == [
        ("Chemical weapon", "Military Forces of Syria (2000-)", "Civilians (Syria)")]


@pytest.mark.parametrize("text, place, killed", [
    ("قتل 39 شخصا في انفجار عبوة ناسفة في محافظة إدلب صباح اليوم.\n"
     "وقال المرصد إن انفجار العبوة الناسفة وقع في ريف إدلب الشمالي واستهدف سوقا شعبيا.",
     "northern Idleb countryside", 39),
    ("شنت طائرات النظام غارات جوية على محافظة إدلب اليوم.\n"
     "واستهدفت غارات الطيران التابع للنظام قرى في ريف إدلب الجنوبي ما أدى إلى مقتل خمسة مدنيين.",
     "southern Idleb countryside", 5),
])
def test_a_happening_told_at_its_governorate_and_at_one_side_of_it_is_one_event(pipeline, text, place, killed):
    evs = _events(pipeline, text)
    assert [(e.location, e.fatalities) for e in evs] == [(place, killed)]


def test_a_capital_that_speaks_is_not_where_the_event_happened(pipeline):
    # "قالت دمشق": the government speaks; the strike it reports is at the base named before
    evs = _events(pipeline, "قصفت طائرات إسرائيلية مطار التيفور العسكري في ريف حمص ليل الأحد.\n"
                            "وقالت دمشق إن دفاعاتها الجوية تصدت للعدوان الإسرائيلي وأسقطت عددا من الصواريخ.")
    assert "Damascus" not in {e.location for e in evs}
    for text in ("ونفت دمشق أن تكون قواتها قد قصفت البلدة.", "دمشق تتهم إسرائيل بقصف مواقع عسكرية.",
                 "قتل عشرة مسلحين موالين لنظام دمشق في الغارات."):
        doc = pipeline(Article("t", text, published=PUB))
        assert all(e.location != "Damascus" for e in doc.events), text


def test_a_strike_on_the_capital_itself_is_still_placed_there(pipeline):
    evs = _events(pipeline, "استهدفت غارات إسرائيلية دمشق فجر الاثنين.")
    assert [e.location for e in evs] == ["Damascus"]


def test_shelling_told_again_as_air_strikes_in_its_countryside_is_one_event(pipeline):
    # the text names one bombardment loosely: missiles at the town, "strikes" in the countryside
    evs = _events(pipeline, "قتل خمسة مدنيين في قصف صاروخي لقوات النظام على مدينة خان شيخون يوم الخميس.\n"
                            "وشنت قوات النظام غارات على ريف إدلب الجنوبي يوم الخميس.")
    assert len(evs) == 1 and evs[0].location == "Khan Shaykhun"


def test_explosions_near_the_city_and_at_its_airport_are_one_strike_at_the_airport(pipeline):
    evs = _events(pipeline, "سقط صاروخان إسرائيليان في محيط مطار دمشق الدولي مساء الاثنين.\n"
                            "وسمعت أصوات انفجارات إسرائيلية في أطراف مدينة دمشق مساء الاثنين.")
    assert [e.location for e in evs] == ["Damascus International Airport"]


def test_retellings_with_no_place_join_the_event_as_evidence(pipeline, dev_corpus):
    """A real article (the Revolutionary Guard's missile strike of 1 October 2018): the lead
    and the quotes of Fars that name no place of their own are evidence of the one strike
    placed at Albu Kamal, not events of their own and not dropped."""
    import json

    art = next(json.loads(line) for line in dev_corpus.open(encoding="utf-8")
               if json.loads(line)["id"].startswith("CN-middleEast-1386-"))
    doc = pipeline(Article(art["id"], art["text"], title=art.get("title"),
                           published=date.fromisoformat(art["published"][:10])))
    strikes = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert len(strikes) == 1 and strikes[0].location == "Albu Kamal"
    quoted = [ev.text for ev in strikes[0].evidence]
    assert any("هجوما صاروخيا" in t for t in quoted) and len(quoted) >= 3


def test_a_retellings_campaign_total_is_not_the_events_toll(pipeline):
    evs = _events(pipeline, "شنت القوات الحكومية السورية حملة قصف جوي كثيفة تستهدف الغوطة الشرقية قرب دمشق يوم الجمعة.\n"
                            "وتكثف القصف الجوي للنظام السوري على منطقة الغوطة الشرقية، موقعا أكثر من 400 قتيل خلال خمسة أيام.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Air/drone strike", None)]
    assert "400 killed that is a cumulative or campaign total" in evs[0].notes
