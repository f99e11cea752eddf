"""Cross-source merging on hand-made events in a real database (SQLite, and PostgreSQL when configured)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from rasd.cli.store import explain
from rasd.store.ingest import remove_article, store_doc
from rasd.store.merge import haversine_km
from rasd.store.models import ClaimRow, EventRow
from rasd.store.queries import EventFilter, find_article_row, get_event, list_events
from tests.store.factories import (AIRSTRIKE, BINNISH, CLASH, DOUMA, IDLIB, IDLIB_REGION, REGIME, RUSSIA, SARAQIB,
                                   SHELLING, doc, event)


def put(store, *docs):
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


def events(store) -> list[EventRow]:
    with store.session() as s:
        return list_events(s, EventFilter())


def groups(store) -> set[frozenset[str]]:
    """Each event as the set of its reports' ids: what merged with what."""
    with store.session() as s:
        return {frozenset(c.event_key for c in e.claims) for e in list_events(s, EventFilter())}


def test_distances_of_the_fixtures_are_what_the_tests_assume():
    assert haversine_km(IDLIB["latitude"], IDLIB["longitude"], BINNISH["latitude"], BINNISH["longitude"]) < 10
    assert haversine_km(IDLIB["latitude"], IDLIB["longitude"], SARAQIB["latitude"], SARAQIB["longitude"]) > 10


def test_same_strike_from_three_outlets_is_one_event(store):
    put(store, doc("a", [event("a")], source="sky"), doc("b", [event("b", day="2018-05-02")], source="bbc"),
        doc("c", [event("c", place=BINNISH)], source="f24"))
    assert groups(store) == {frozenset({"a-1", "b-1", "c-1"})}
    (e,) = events(store)
    assert e.n_sources == 3 and e.source == "bbc; f24; sky"
    assert e.event_date.isoformat() == "2018-05-01"  # two of three say the 1st


def test_windows_keep_apart_what_differs(store):
    put(store,
        doc("a", [event("a")]),
        doc("far", [event("far", place=SARAQIB)]),  # 17 km away
        doc("late", [event("late", day="2018-05-04")]),  # 3 days later
        doc("other-type", [event("other-type", kind=CLASH)]),
        doc("other-actors", [event("other-actors", actors=(REGIME, dict(actor2="Rebels")))]),
        doc("elsewhere", [event("elsewhere", place=DOUMA)]))
    assert len(groups(store)) == 6


def test_two_events_of_one_article_are_never_merged(store):
    put(store, doc("a", [event("a", 1), event("a", 2)]))
    assert groups(store) == {frozenset({"a-1"}), frozenset({"a-2"})}


def test_acled_rules_for_merged_fields_and_disputes(store):
    put(store,
        doc("a", [event("a", fatalities=7, place=IDLIB_REGION, confidence=0.9)], source="sky"),
        doc("b", [event("b", fatalities=4, kind=SHELLING)], source="bbc"),
        doc("c", [event("c", fatalities=5)], source="cnn"))
    (e,) = events(store)
    assert e.fatalities == 4  # the conservative count
    assert e.geo_precision == 1 and e.location == "Idlib"  # the most precise place
    assert e.sub_event_type == "Air/drone strike"  # most reported
    assert e.disputed and e.disputed_fields == ["fatalities"]
    assert "Sources disagree on fatalities" in e.notes


def test_disputed_actor(store):
    put(store, doc("a", [event("a")]), doc("b", [event("b", actors=(REGIME, dict(actor2="Civilians (Syria)")))]))
    (e,) = events(store)
    assert e.n_sources == 2 and "actor1" in e.disputed_fields


def test_complete_linkage_does_not_chain(store):
    # a (Idlib) ~ b (Binnish, 7.5 km); c (near Saraqib, 8 km from Binnish, 17 km from Idlib) must not join both
    c_place = dict(SARAQIB, latitude=35.90, longitude=36.79)
    put(store, doc("a", [event("a")]), doc("b", [event("b", place=BINNISH)]), doc("c", [event("c", place=c_place)]))
    assert frozenset({"a-1", "b-1"}) in groups(store)
    assert frozenset({"c-1"}) in groups(store)


def test_removing_an_article_updates_its_event(store):
    put(store, doc("a", [event("a", fatalities=3)]), doc("b", [event("b", fatalities=9)]))
    assert groups(store) == {frozenset({"a-1", "b-1"})}
    with store.session() as s, s.begin():
        remove_article(s, find_article_row(s, "b"))
    (e,) = events(store)
    assert e.n_sources == 1 and e.fatalities == 3 and not e.disputed
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(ClaimRow)) == 1


def test_changed_article_replaces_its_reports(store):
    put(store, doc("a", [event("a")]), doc("b", [event("b")], url="https://example.invalid/b"))
    assert len(groups(store)) == 1
    # the same URL with new text: now about a clash in Douma
    put(store, doc("b", [event("b", kind=CLASH, place=DOUMA)], text="نص معدل عن اشتباكات في دوما.",
                   url="https://example.invalid/b"))
    assert groups(store) == {frozenset({"a-1"}), frozenset({"b-1"})}
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(EventRow)) == 2


def test_show_explains_why_reports_were_merged(store):
    put(store, doc("a", [event("a", fatalities=2)], source="sky"),
        doc("b", [event("b", fatalities=3, place=BINNISH, day="2018-05-02")], source="bbc"))
    with store.session() as s:
        (e,) = list_events(s, EventFilter())
        text = explain(get_event(s, e.id))
    assert "first report of this event" in text
    assert "1 day(s) apart" in text and "km apart" in text and "same type" in text
    assert "fatalities: sky: 2; bbc: 3" in text or "fatalities: bbc: 3; sky: 2" in text
    assert "evidence [0:" in text


# --- stricter windows where the evidence is weak (one test per rule) ---

IDLIB_COUNTRYSIDE = dict(IDLIB_REGION, location="Idlib countryside")
HAMA_REGION = dict(location="Hama", location_ar="ريف حماة", admin1="Hama", latitude=35.20, longitude=36.60,
                   geo_precision=3)
NEAR_IDLIB_12KM = dict(location="Near Idlib", location_ar="قرب إدلب", admin1="Idlib", latitude=36.03,
                       longitude=36.67, geo_precision=2)  # ~11.6 km north of Idlib city
NEAR_IDLIB_20KM = dict(NEAR_IDLIB_12KM, latitude=36.11, longitude=36.63)  # ~20 km north
RUSSIA_ONLY = (RUSSIA,)
CHEMICAL = dict(AIRSTRIKE, sub_event_type="Chemical weapon")
TERRITORY = dict(CLASH, sub_event_type="Government regains territory")
OVERTAKEN = dict(CLASH, sub_event_type="Non-state actor overtakes territory")
REBELS_1 = dict(actor1="Opposition Rebels (Syria)", inter1=2)
REBELS_2 = dict(actor2="Opposition Rebels (Syria)", inter2=2)
REGIME_2 = dict(actor2="Military Forces of Syria (2000-)", inter2=1)
HTS_1 = dict(actor1="Hayat Tahrir al-Sham", inter1=2)
ISRAEL = dict(actor1="Military Forces of Israel (1948-)", inter1=8)
USA = dict(actor1="Military Forces of the United States", inter1=8)


def test_region_places_merge_on_the_same_day_and_actor_pair(store):
    put(store, doc("a", [event("a", place=IDLIB_REGION)]), doc("b", [event("b", place=IDLIB_COUNTRYSIDE)]),
        doc("c", [event("c", place=IDLIB)]))  # a town in the same governorate, same day, same actors
    assert groups(store) == {frozenset({"a-1", "b-1", "c-1"})}


def test_region_places_need_the_same_day(store):
    put(store, doc("a", [event("a", place=IDLIB_REGION)]), doc("b", [event("b", place=IDLIB_REGION, day="2018-05-02")]))
    assert len(groups(store)) == 2


def test_region_places_need_both_actors_named_alike(store):
    # same governorate and day, but one report names only the attacker: "same governorate" is too weak
    put(store, doc("a", [event("a", place=IDLIB_REGION)]),
        doc("b", [event("b", place=IDLIB_REGION, actors=RUSSIA_ONLY)]))
    assert len(groups(store)) == 2


def test_region_places_need_the_same_governorate(store):
    put(store, doc("a", [event("a", place=IDLIB_REGION)]), doc("b", [event("b", place=HAMA_REGION)]))
    assert len(groups(store)) == 2


def _embed_as(vectors: dict[str, list[float]]):
    """A fake sentence encoder: the vector of the first key found in each text."""
    import numpy as np

    def encode(texts):
        out = []
        for t in texts:
            v = np.asarray(next(v for k, v in vectors.items() if k in t), dtype=np.float32)
            out.append(v / np.linalg.norm(v))
        return np.stack(out)
    return encode


def test_region_places_merge_on_similar_evidence_when_vectors_are_on(store):
    same = _embed_as({"(a)": [1, 0, 0], "(b)": [0.95, 0.3, 0], "(c)": [0.5, 0.86, 0]})
    for name in ("a", "b", "c"):
        with store.session() as s, s.begin():
            store_doc(s, doc(name, [event(name, place=IDLIB_REGION, actors=RUSSIA_ONLY)]), embed=same)
    # a~b: cosine 0.95 stands in for the missing actor pair; c (cosine 0.5 with a) stays apart
    assert groups(store) == {frozenset({"a-1", "b-1"}), frozenset({"c-1"})}


def test_near_places_keep_a_tight_km_window(store):
    # published a, b, c in that order (the canonical order): b (12 km) joins a; c (20 km from a) cannot
    put(store, doc("a", [event("a")]), doc("b", [event("b", place=NEAR_IDLIB_12KM)], published=date(2018, 5, 2)),
        doc("c", [event("c", place=NEAR_IDLIB_20KM)], published=date(2018, 5, 3)))
    assert groups(store) == {frozenset({"a-1", "b-1"}), frozenset({"c-1"})}


def test_adjacent_day_needs_the_same_actor_pair(store):
    put(store, doc("a", [event("a")]), doc("b", [event("b", day="2018-05-02", actors=RUSSIA_ONLY)]))
    assert len(groups(store)) == 2
    put(store, doc("c", [event("c", actors=RUSSIA_ONLY)]))  # the same day: one shared actor is enough
    assert frozenset({"a-1", "c-1"}) in groups(store)


def test_dates_known_only_to_the_week_do_not_merge(store):
    e = event("b")
    e.time_precision = 2
    put(store, doc("a", [event("a")]), doc("b", [e]))
    assert len(groups(store)) == 2


def test_sub_types_may_differ_only_within_compatible_pairs(store):
    put(store,
        doc("strike", [event("strike")]), doc("shelling", [event("shelling", kind=SHELLING)]),  # compatible
        doc("chemical", [event("chemical", kind=CHEMICAL)]),  # a chemical attack is not an air strike
        doc("clash", [event("clash", kind=CLASH, actors=(REGIME, REBELS_2))]),
        doc("retaken", [event("retaken", kind=TERRITORY, actors=(REGIME, REBELS_2))]),  # clash ~ territory taken
        doc("overtaken", [event("overtaken", kind=OVERTAKEN, actors=(REGIME, REBELS_2))]))  # not retaken
    assert groups(store) == {frozenset({"strike-1", "shelling-1"}), frozenset({"chemical-1"}),
                             frozenset({"clash-1", "retaken-1"}), frozenset({"overtaken-1"})}


def test_actor_families_must_not_conflict(store):
    # Israel and the US share the target but are different families: two strikes
    put(store, doc("il", [event("il", actors=(ISRAEL, REGIME_2))]), doc("us", [event("us", actors=(USA, REGIME_2))]))
    assert len(groups(store)) == 2


def test_battle_sides_may_be_swapped_within_families(store):
    # one outlet has the regime attack rebels, the other a named rebel faction attack the regime
    put(store, doc("a", [event("a", kind=CLASH, actors=(REGIME, REBELS_2))]),
        doc("b", [event("b", kind=CLASH, actors=(HTS_1, REGIME_2))]))
    assert groups(store) == {frozenset({"a-1", "b-1"})}


def test_candidate_box_holds_the_whole_km_window():
    from types import SimpleNamespace

    from rasd.store.merge import DEFAULT_WINDOW, _bbox

    for lat in (0.0, 33.5, 36.2, 70.0):
        lat0, lat1, lon0, lon1 = _bbox(SimpleNamespace(latitude=lat, longitude=40.0), DEFAULT_WINDOW)
        km = DEFAULT_WINDOW.near_km
        for la, lo in ((lat0, 40.0), (lat1, 40.0), (lat, lon0), (lat, lon1)):
            assert haversine_km(lat, 40.0, la, lo) > km


def test_one_sided_types_keep_who_acted(store):
    # rebels shelling the regime and the regime striking rebels, same place and day: two happenings
    put(store, doc("a", [event("a", kind=SHELLING, actors=(REBELS_1, REGIME_2))]),
        doc("b", [event("b", actors=(REGIME, REBELS_2))]))
    assert len(groups(store)) == 2


def test_near_places_need_the_same_actor_pair(store):
    put(store, doc("a", [event("a", actors=RUSSIA_ONLY)]),
        doc("b", [event("b", place=NEAR_IDLIB_12KM, actors=RUSSIA_ONLY)]))
    assert len(groups(store)) == 2
