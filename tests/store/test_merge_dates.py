"""Merging events dated at the calendar's edges (0001-01-01, 9999-12-31): the merge window
around them must end at the edge, not overflow and lose the article."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.store.ingest import store_doc
from rasd.store.queries import EventFilter, list_events
from tests.store.factories import BINNISH, doc, event


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31"])
def test_reports_dated_at_the_calendar_edge_are_stored_and_merged(store, day):
    edge = date.fromisoformat(day)
    for d in (doc("a", [event("a", day=day)], source="sky", published=edge),
              doc("b", [event("b", day=day, place=BINNISH)], source="bbc", published=edge)):
        with store.session() as s, s.begin():
            store_doc(s, d)
    with store.session() as s:
        (merged,) = list_events(s, EventFilter())
        assert {c.event_key for c in merged.claims} == {"a-1", "b-1"}
        assert merged.event_date == edge
