"""Filtering stored events by the judge's confidence: the store query and `rasd events` / `rasd export`."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from rasd.cli import app
from rasd.store.ingest import store_doc
from rasd.store.queries import EventFilter, count_events, list_events
from tests.store.factories import confidence_docs


def fill_confidences(store) -> None:
    for d in confidence_docs():
        with store.session() as s, s.begin():
            store_doc(s, d)


def test_min_confidence_keeps_events_at_or_above_it(store):
    fill_confidences(store)
    with store.session() as s:
        assert count_events(s, EventFilter()) == 4  # m1 and m2 are one event
        assert count_events(s, EventFilter(min_confidence=0.0)) == 4
        assert count_events(s, EventFilter(min_confidence=0.3)) == 4  # the bound is inclusive
        kept = list_events(s, EventFilter(min_confidence=0.5))
        assert sorted(round(e.confidence, 2) for e in kept) == [0.6, 0.7, 0.9]
        # a weak report does not sink an event another source reports more confidently
        assert any(e.n_sources == 2 for e in kept)
        (best,) = list_events(s, EventFilter(min_confidence=0.8))
        assert best.location == "Daraa"
        assert count_events(s, EventFilter(min_confidence=1.0)) == 0
        # combined with the other filters
        assert count_events(s, EventFilter(min_confidence=0.5, admin1="Rural Damascus")) == 1


def test_cli_events_and_export_take_min_confidence(store, db_url, tmp_path):
    fill_confidences(store)
    runner = CliRunner()
    listed = runner.invoke(app, ["events", "--db", db_url, "--min-confidence", "0.5", "--json"])
    assert listed.exit_code == 0, listed.output
    assert sorted(json.loads(x)["confidence"] for x in listed.stdout.splitlines()) == [0.6, 0.7, 0.9]
    out = tmp_path / "hi.jsonl"
    exported = runner.invoke(app, ["export", "--db", db_url, "--min-confidence", "0.8", "-o", str(out)])
    assert exported.exit_code == 0 and "Exported 1 event(s)" in exported.output
    assert json.loads(out.read_text(encoding="utf-8"))["location"] == "Daraa"
    bad = runner.invoke(app, ["events", "--db", db_url, "--min-confidence", "1.5"])
    assert bad.exit_code == 2 and "--min-confidence" in bad.output
