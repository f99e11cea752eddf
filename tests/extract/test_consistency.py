"""ACLED's consistency rules, on candidates built as the extractor builds them."""
from __future__ import annotations

import pytest

from rasd.doc import Sentence
from rasd.extract.actors import ActorLexicon
from rasd.extract.consistency import check_event
from rasd.extract.events import Candidate
from rasd.extract.fatalities import Casualties
from rasd.text.normalize import normalize


@pytest.fixture(scope="module")
def actors():
    return ActorLexicon().actors


def cand(text: str, etype: str, sub: str, agents: list[str], targets: list[str] = (), killed: int | None = None):
    norm = normalize(text)
    c = Candidate(etype, sub, 0.9, Sentence(0, len(text), text, norm, list(range(len(norm) + 1))))
    c.agents, c.targets, c.seg = list(agents), list(targets), (0, len(norm))
    c.casualties = Casualties(killed=killed)
    return c


def test_territory_follows_actor1s_side(actors):
    c = cand("سيطرت قوات النظام على البلدة", "Battles", "Non-state actor overtakes territory", ["regime"], ["is"])
    assert check_event(c, actors) is None
    assert c.sub_event_type == "Government regains territory" and "territory-side" in c.checks
    c = cand("سيطر التنظيم على البلدة", "Battles", "Government regains territory", ["is"], ["regime"])
    check_event(c, actors)
    assert c.sub_event_type == "Non-state actor overtakes territory"


def test_actor1_is_never_actor2(actors):
    c = cand("اشتباكات بين قوات النظام", "Battles", "Armed clash", ["regime"], ["regime", "is"])
    check_event(c, actors)
    assert c.targets == ["is"]


def test_an_air_strike_by_an_actor_without_aircraft_strikes_that_actor(actors):
    c = cand("غارات جوية على مواقع داعش", "Explosions/Remote violence", "Air/drone strike", ["is"])
    assert check_event(c, actors) is None
    assert c.agents == ["unknown_air"] and c.targets[0] == "is"
    assert actors["unknown_air"].air


def test_protests_are_by_demonstrators(actors):
    c = cand("تظاهر المئات ضد القوات الأمريكية", "Protests", "Peaceful protest", ["usa"])
    check_event(c, actors)
    assert c.agents == ["protesters"] and actors["protesters"].inter == 6


@pytest.mark.parametrize("text, killed", [
    ("قتل أكثر من 350 ألف شخص منذ اندلاع النزاع عام 2011 في غارات وقصف", 350_000),
    ("قتل 500 مدني خلال سبعة أيام من القصف الجوي", 500),
    ("قتل 403 مدنيين منذ بدء الحملة العسكرية", 403),
])
def test_cumulative_tolls_are_not_an_events_fatalities(actors, text, killed):
    c = cand(text, "Explosions/Remote violence", "Air/drone strike", ["regime"], ["civilians"], killed)
    check_event(c, actors)
    assert c.casualties.killed is None and c.cumulative_toll == killed


def test_an_incidents_toll_stays(actors):
    c = cand("قتل خمسة مدنيين في غارة جوية على البلدة اليوم", "Explosions/Remote violence", "Air/drone strike",
             ["regime"], ["civilians"], 5)
    check_event(c, actors)
    assert c.casualties.killed == 5 and not c.checks


def test_allies_are_never_each_others_opponents(actors):
    # "مقتل جنود روس وسوريين في هجوم": two victims on one side, not a clash between them
    c = cand("هجوم قتل جنودا روسا وسوريين", "Battles", "Armed clash", ["russia"], ["regime", "is"])
    assert check_event(c, actors) is None
    assert c.targets == ["is"] and "regime" in c.support and "allied-sides" in c.checks
    c = cand("هجوم قتل جنودا روسا وسوريين", "Battles", "Armed clash", ["russia"], ["regime"])
    check_event(c, actors)
    assert c.targets == [] and c.target_text is None
    # opponents stay opponents
    c = cand("اشتباكات بين قوات النظام والتنظيم", "Battles", "Armed clash", ["regime"], ["is"])
    check_event(c, actors)
    assert c.targets == ["is"] and "allied-sides" not in c.checks


def test_an_agreements_parties_go_in_the_order_the_text_names_them(actors):
    # the roles came out the other way round: the agreement is told from Jaysh al-Islam's side
    c = cand("أعلن جيش الإسلام التوصل إلى اتفاق مع الجيش السوري", "Strategic developments", "Agreement",
             ["regime"], ["jaish_islam"])
    c.agent_text, c.target_text = normalize("الجيش السوري"), normalize("جيش الإسلام")
    assert check_event(c, actors) is None
    assert (c.agents[0], c.targets[0]) == ("jaish_islam", "regime")
    # a strike keeps its striker first, whatever the order of the words
    c = cand("على مواقع المعارضة شنت قوات النظام غارات", "Explosions/Remote violence", "Air/drone strike",
             ["regime"], ["opposition"])
    c.agent_text, c.target_text = normalize("قوات النظام"), normalize("المعارضة")
    check_event(c, actors)
    assert (c.agents[0], c.targets[0]) == ("regime", "opposition")
