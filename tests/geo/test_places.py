"""The geoparser on short sentences written for the tests."""
from __future__ import annotations

import pytest

from rasd.doc import Article
from rasd.geo import place_stage
from rasd.geo.gazetteer import Gazetteer
from rasd.geo.unresolved import UnresolvedLog
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences


@pytest.fixture
def stage():
    return place_stage()


def places(stage, text: str):
    doc = Pipeline([clean, split_sentences, stage])(Article("t", text))
    for m in doc.places:
        assert doc.text[m.start:m.end] == m.text
    return doc.places


def by_text(mentions, text):
    return next(m for m in mentions if m.text == text)


def test_clitics_are_seen_through(stage):
    # (الميادين is also a common word, "the squares": glued to another place in a list it is one)
    ms = places(stage, "قصفت الطائرات فالبوكمال وبالميادين ثم للبوكمال مرة أخرى.")
    names = [m.name for m in ms]
    assert names.count("Albu Kamal") == 2 and "Al Mayadin" in names
    assert by_text(ms, "البوكمال").admin1 == "Deir-ez-Zor"


def test_multi_word_names(stage):
    ms = places(stage, "اشتباكات في عين العرب ورأس العين وتل أبيض والبو كمال.")
    assert {m.text for m in ms} >= {"عين العرب", "رأس العين", "تل أبيض", "البو كمال"}
    assert all(m.geo_precision == 1 and m.resolved for m in ms)


def test_countryside_with_direction_is_a_region(stage):
    m = places(stage, "قتل ثلاثة مدنيين بريف دير الزور الشرقي.")[0]
    assert m.text == "ريف دير الزور الشرقي" and m.geo_precision == 3 and m.feature == "REGION"
    seat = Gazetteer.open().lookup("دير الزور")[0].place
    assert m.longitude > seat.lon


def test_direction_before_governorate_seat(stage):
    ms = places(stage, "غارات شمال حلب وغربي الحسكة.")
    assert [m.geo_precision for m in ms] == [3, 3]
    assert ms[0].admin1 == "Aleppo" and ms[1].admin1 == "Al Hasakeh"


def test_unknown_village_falls_back_to_enclosing_area(stage):
    ms = places(stage, "قصفت الطائرات بلدة سعلو في ريف دير الزور الشرقي.")
    m = by_text(ms, "سعلو")
    assert m.name_ar == "سعلو" and m.cue == "بلده"
    assert m.fallback and not m.resolved and m.geo_precision == 3
    region = by_text(ms, "ريف دير الزور الشرقي")
    assert (m.latitude, m.longitude) == (region.latitude, region.longitude)


def test_near_a_known_town_is_precision_2(stage):
    ms = places(stage, "دارت اشتباكات في محيط مدينة الميادين وقرب هجين.")
    assert {m.text: m.geo_precision for m in ms} == {"الميادين": 2, "هجين": 2}


def test_town_itself_is_precision_1(stage):
    m = places(stage, "سيطرت القوات على مدينة الميادين.")[0]
    assert m.geo_precision == 1 and m.cue == "مدينه"


def test_stoplist_words_are_never_places(stage):
    ms = places(stage, "وصل الوفد إلى المدينة وزار الحي والمنطقة، وقال إن الجزيرة بثت الخبر من لبنان.")
    # Lebanon is a country-level place (never ل + بنان, a village's name)
    assert [(m.text, m.feature) for m in ms] == [("لبنان", "PCLI")]


def test_common_word_place_needs_evidence(stage):
    assert places(stage, "فتح الاتفاق الباب أمام المفاوضات.") == []
    m = places(stage, "سيطرت القوات على مدينة الباب شرق حلب.")[0]
    assert m.text == "الباب" and m.admin1 == "Aleppo"


def test_cue_with_adjective_is_not_a_place(stage):
    assert places(stage, "أقامت القوات منطقة عسكرية ومخيم للنازحين في قرية واحدة.") == []


def test_context_picks_the_nearby_namesake(stage):
    # several Syrian places share a name; the situating phrase decides
    gaz = Gazetteer.open()
    shared = [k for k, ids in gaz.by_key.items()
              if len({gaz.places[i].admin1 for i in ids if gaz.places[i].cc == "SY" and gaz.places[i].populated}) > 1
              and len(k) > 4 and " " not in k]
    assert shared, "the default gazetteer has same-name villages"
    key = shared[0]
    cands = [gaz.places[i] for i in gaz.by_key[key] if gaz.places[i].cc == "SY" and gaz.places[i].populated]
    for target in cands[:2]:
        seat = next(p for p in gaz.places.values() if p.feature in ("PPLA", "PPLC") and p.admin1 == target.admin1)
        ms = places(stage, f"قصفت الطائرات قرية {target.names[0] if target.names[0] else key} في ريف {seat.name_ar}.")
        village = ms[0]
        assert village.admin1 == target.admin1


def test_unresolved_names_are_recorded(stage, rasd_home):
    places(stage, "قصفت الطائرات قرية زغرتاوي في ريف حماة الشمالي.")
    stage.flush()
    rows = UnresolvedLog(Gazetteer.open().path).top()
    assert [r.text for r in rows] == ["زغرتاوي"]
    places(stage, "قصفت الطائرات قرية زغرتاوي في ريف حماة الشمالي.")
    stage.flush()
    assert UnresolvedLog(Gazetteer.open().path).top()[0].articles == 1  # same article: counted once


@pytest.mark.parametrize("text, phrase", [
    ("قصفت الطائرات مواقع في الريف الشرقي لدير الزور.", "الريف الشرقي لدير الزور"),
    ("قصفت الطائرات مواقع في القطاع الشرقي من ريف دير الزور.", "القطاع الشرقي من ريف دير الزور"),
])
def test_countryside_named_before_its_place(stage, text, phrase):
    (m,) = places(stage, text)
    assert m.text == phrase
    assert m.name == "eastern Deir-ez-Zor countryside" and m.geo_precision == 3


def test_outskirts_named_before_the_town(stage):
    (m,) = places(stage, "دارت اشتباكات على الأطراف الشمالية لمدينة حماة.")
    assert m.admin1 == "Hama" and m.geo_precision == 2 and m.feature == "PPLA"


def test_direction_word_without_a_place_is_nothing(stage):
    assert places(stage, "قصفت الطائرات المنطقة الشرقية من البلاد.") == []


def test_a_name_known_only_abroad_in_a_syrian_governorate_is_not_the_place_abroad(stage):
    # Daraa's Tayyibah and Saida are not in the gazetteer; Jordan's Tayyibah and Sidon are
    ms = places(stage, "قصفت قوات النظام ريف درعا الشرقي وبلدة الطيبة.")
    assert all(m.country in (None, "Syria") for m in ms), [(m.text, m.country) for m in ms]
    text = ("قصفت قوات النظام مدينة درعا وبلدة بصرى الشام صباح اليوم.\n"
            "وأحصى المرصد مقتل ستة مدنيين في القصف على بلدة صيدا التي تحاول القوات اقتحامها.")
    assert "صيدا" not in [m.text for m in places(stage, text) if m.country == "Lebanon"]


def test_a_place_abroad_stays_abroad_when_the_article_names_its_country(stage):
    ms = places(stage, "اعتقل الرجل في مدينة صيدا جنوب لبنان.")
    assert by_text(ms, "صيدا").country == "Lebanon"
    assert by_text(places(stage, "وصل الوفد إلى بيروت قادما من دمشق وحلب."), "بيروت").country == "Lebanon"
