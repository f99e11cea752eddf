"""Cross-source merging on hand-made events in a real database (SQLite, and PostgreSQL when configured)."""
from __future__ import annotations

from sqlalchemy import func, select

from rasd.cli.store import explain
from rasd.store.ingest import remove_article, store_doc
from rasd.store.merge import haversine_km
from rasd.store.models import ClaimRow, EventRow
from rasd.store.queries import EventFilter, find_article_row, get_event, list_events
from tests.store.factories import (BINNISH, CLASH, DOUMA, IDLIB, IDLIB_REGION, REGIME, SARAQIB, SHELLING, doc,
                                   event)


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
