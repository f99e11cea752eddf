"""An event whose sentence names no place of its own takes one from an earlier sentence
only inside the same story (issue 13): never far from the places its sentence does name,
and never the lead's place once the article has moved on to another governorate.
The real pipeline and gazetteer: distances are geography, not made-up points."""
from datetime import date

import pytest

from rasd.doc import Article
from rasd.pipeline import full_pipeline

PUB = date(2018, 6, 10)


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


def _shelling(pipeline, text: str):
    evs = pipeline(Article("t", text, published=PUB)).events
    return [e for e in evs if e.sub_event_type == "Shelling/artillery/missile attack"]


def test_fallback_never_jumps_far_from_the_places_the_sentence_names(pipeline):
    # the origin (الميادين) is not where the shells fell, and عفرين is 300 km from it
    text = ("اندلعت اشتباكات عنيفة بين قوات النظام والفصائل في مدينة عفرين. "
            "وقصفت قوات النظام بالمدفعية انطلاقا من مدينة الميادين مواقع للفصائل.")
    assert _shelling(pipeline, text) == []


def test_fallback_near_the_places_the_sentence_names_is_kept(pipeline):
    text = ("اندلعت اشتباكات عنيفة بين قوات النظام والفصائل في مدينة دوما. "
            "وقصفت قوات النظام بالمدفعية انطلاقا من مدينة دمشق مواقع للفصائل.")
    got = _shelling(pipeline, text)
    assert [e.location_ar for e in got] == ["دوما"]
    assert "place=earlier mention" in got[0].tags and got[0].geo_precision >= 2


def test_a_capital_standing_for_its_government_does_not_bound_the_fallback(pipeline):
    text = ("اندلعت اشتباكات عنيفة بين قوات النظام والفصائل في مدينة دوما. "
            "وقصفت قوات النظام بالمدفعية مواقع للفصائل التي تعتبرها موسكو منظمات إرهابية.")
    assert [e.location_ar for e in _shelling(pipeline, text)] == ["دوما"]


def test_lead_place_is_not_taken_once_the_story_has_moved_to_another_governorate(pipeline):
    text = ("اندلعت اشتباكات عنيفة بين قوات النظام والفصائل في مدينة عفرين.\n"
            "وفي ريف دير الزور الشرقي سيطرت قوات سوريا الديمقراطية على بلدة هجين بعد معارك مع تنظيم داعش.\n"
            "ومن ناحية ميدانية قصفت قوات النظام بالمدفعية مواقع للفصائل.")
    assert all(e.location_ar != "عفرين" for e in _shelling(pipeline, text))


def test_lead_place_is_taken_while_the_story_stays_there(pipeline):
    text = ("قتل خمسة مدنيين في اشتباكات بين قوات النظام والفصائل في مدينة دوما.\n"
            "وأفاد ناشطون بأن الاشتباكات تركزت في الأحياء السكنية.\n"
            "وفي غضون ذلك قصفت قوات النظام بالمدفعية مواقع للفصائل.")
    assert [e.location_ar for e in _shelling(pipeline, text)] == ["دوما"]


def test_an_event_in_syria_is_never_placed_abroad_by_an_earlier_mention(pipeline):
    # the lead's strike was "in Syria"; the next sentence's town is where it was announced
    text = ("كشف الجيش الإسرائيلي أن طائراته قصفت صواريخ إيرانية في سوريا ودمرتها. "
            "وجاء الكشف في مؤتمر عقد في مدينة هرتسليا قرب تل أبيب.")
    evs = pipeline(Article("t", text, published=PUB)).events
    assert all(e.country in (None, "Syria") for e in evs), [(e.location, e.country) for e in evs]


def test_an_earlier_place_abroad_is_kept_when_the_sentence_names_that_country(pipeline):
    text = ("سقطت قذائف على مدينة الرمثا الأردنية صباح اليوم. "
            "وقال الجيش الأردني إن القصف على الأردن أدى إلى مقتل مدنيين اثنين.")
    evs = [e for e in pipeline(Article("t", text, published=PUB)).events if e.fatalities]
    assert evs and evs[0].country == "Jordan", [(e.location, e.country) for e in evs]


def test_a_place_abroad_the_gazetteer_lacks_borrows_no_syrian_place(pipeline):
    # "مدينة ... الإيرانية": the attack was in Iran, whatever town the article named before
    text = ("قصف الحرس الثوري الإيراني بالصواريخ مقرا لتنظيم داعش قرب مدينة البوكمال فجر الاثنين.\n"
            "وكان هجوم استهدف عرضا عسكريا في مدينة الأهواز الإيرانية قد أسفر عن مقتل 24 شخصا.")
    evs = pipeline(Article("t", text, published=PUB)).events
    assert [(e.sub_event_type, e.location) for e in evs] == [("Shelling/artillery/missile attack", "Albu Kamal")]


def test_a_russian_base_in_syria_is_still_in_syria(pipeline):
    text = "قصفت طائرات مسيرة قاعدة حميميم الروسية في ريف اللاذقية يوم الأحد."
    evs = pipeline(Article("t", text, published=PUB)).events
    assert evs and all(e.country == "Syria" for e in evs)


@pytest.mark.parametrize("text, place", [
    ("قصفت قوات النظام بالمدفعية الغوطة الشرقية، آخر معاقل المعارضة بالقرب من العاصمة دمشق، يوم الأحد.",
     "Eastern Ghouta"),
    ("قصفت قوات النظام بالمدفعية مدينة دوما، كبرى مدن الغوطة الشرقية قرب دمشق، يوم الأحد.", "Duma"),
    # the reference point alone is still the place
    ("قصفت قوات النظام مناطق جنوب دمشق يوم الأحد.", "Damascus"),
])
def test_a_place_measured_from_a_city_is_the_event_place_not_the_city(pipeline, text, place):
    assert [e.location for e in _shelling(pipeline, text)] == [place]
