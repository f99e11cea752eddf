"""An attack (هجوم، هاجم) is typed by how it was carried out: with a chemical, drones or
shells named in its clause it is that strike, by a power that attacks Syria only from the
air it is an air strike, and with rifles or with no weapon named it stays a battle.
Real pipeline (gazetteer included), sentences written for the test."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.doc import Article
from rasd.pipeline import full_pipeline

PUB = date(2018, 5, 10)


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


def _subs(pipeline, text: str) -> list[str]:
    return [e.sub_event_type for e in pipeline(Article("t", text, published=PUB)).events]


def test_a_chemical_attack_in_the_definite_form_is_a_chemical_weapon_event(pipeline):
    assert _subs(pipeline, "قتل عشرات المدنيين في الهجوم الكيماوي على بلدة كفرزيتا يوم الثلاثاء.") == [
        "Chemical weapon"]


def test_an_attack_by_drones_is_an_air_strike(pipeline):
    assert _subs(pipeline, "هاجمت طائرات مسيرة مواقع في مدينة خان شيخون يوم الأربعاء.") == ["Air/drone strike"]


def test_an_attack_with_rockets_is_shelling(pipeline):
    assert _subs(pipeline, "هاجم مسلحون بالصواريخ والقذائف حي الميدان في دمشق يوم الأربعاء.") == [
        "Shelling/artillery/missile attack"]


def test_an_attack_by_israel_is_an_air_strike(pipeline):
    assert _subs(pipeline, "هاجمت إسرائيل قاعدة عسكرية قرب مدينة حمص يوم الاثنين.") == ["Air/drone strike"]


def test_an_attack_with_rifles_stays_a_battle(pipeline):
    assert _subs(pipeline, "هاجم مسلحو المعارضة بالأسلحة الخفيفة حاجزا لقوات النظام في مدينة درعا يوم الاثنين.") == [
        "Armed clash"]
