"""Reports and outlets counted apart, and ACLED's event_id_cnty / source_scale / timestamp."""
from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.cli import app
from rasd.serve.api import create_app
from rasd.store.database import Store, alembic_config, database_url
from rasd.store.ingest import store_doc
from rasd.store.models import EventRow
from rasd.store.queries import EventFilter, list_events
from tests.store.factories import BINNISH, CLASH, DOUMA, doc, event

runner = CliRunner()


def _docs():
    """One strike in Idlib told by two Sky articles and one BBC article; one clash in Douma
    told twice by the same outlet (no source field: the URL's host names it)."""
    return [doc("s1", [event("s1", fatalities=4)], source="skynews"),
            doc("s2", [event("s2", fatalities=4)], source="SkyNews "),  # the same outlet, written otherwise
            doc("b1", [event("b1", fatalities=4, place=BINNISH)], source="bbc"),
            doc("d1", [event("d1", kind=CLASH, place=DOUMA, day="2018-06-10")], source=None,
                url="https://www.enabbaladi.net/archives/1"),
            doc("d2", [event("d2", kind=CLASH, place=DOUMA, day="2018-06-10")], source=None,
                url="https://enabbaladi.net/archives/2")]


def _fill(store, docs) -> None:
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


def _ids(store) -> dict[str, str]:
    with store.session() as s:
        return {e.event_type: e.event_id_cnty for e in list_events(s, EventFilter())}


def test_reports_and_outlets_are_counted_apart(store, db_url):
    _fill(store, _docs())
    with store.session() as s:
        by_type = {e.event_type: e for e in list_events(s, EventFilter())}
    strike, clash = by_type["Explosions/Remote violence"], by_type["Battles"]
    assert (strike.n_sources, strike.n_outlets) == (3, 2)
    assert (clash.n_sources, clash.n_outlets) == (2, 1) and clash.source == "enabbaladi.net"
    out = runner.invoke(app, ["events", "--db", db_url])
    assert "[3 reports from 2 outlets]" in out.output and "[2 reports from 1 outlet]" in out.output
    with TestClient(create_app(store)) as c:
        items = {e["event_type"]: e for e in c.get("/events").json()["items"]}
        assert (items["Battles"]["n_reports"], items["Battles"]["n_outlets"]) == (2, 1)
        assert items["Explosions/Remote violence"]["source_scale"] == "Regional-International"  # Sky, BBC
        rows = {e["type"]: e for e in c.get("/dashboard/events.json").json()["events"]}
        assert (rows["Battles"]["n"], rows["Battles"]["outlets"]) == (2, 1)


def test_ingest_summary_counts_outlets(tmp_path):
    import json

    text = "قصفت طائرات حربية مدينة إدلب صباح اليوم ما أدى إلى مقتل خمسة مدنيين"
    rows = [{"id": f"o{i}", "text": text + end, "published": "2018-05-01", "source": "skynews",
             "url": f"https://example.invalid/o{i}"} for i, end in ((1, "."), (2, " وفق مصادر محلية."))]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "s.db"), "--workers", "1"])
    assert "1 of them reported by more than one article, 0 by more than one outlet" in " ".join(r.output.split())


def test_acled_columns_in_the_api(store):
    before = int(time.time()) - 1
    _fill(store, _docs())
    with TestClient(create_app(store, dashboard=False)) as c:
        e = c.get("/events").json()["items"][0]
        assert re.fullmatch(r"SYR\d{12}", e["event_id_cnty"])
        assert before <= e["timestamp"] <= time.time() + 1
        assert c.get(f"/events/{e['event_id_cnty']}").json()["event_id"] == e["event_id"]


def test_event_id_cnty_is_stable_across_orders_stores_and_re_merges(tmp_path):
    forward = Store(f"sqlite:///{tmp_path / 'a.db'}")
    _fill(forward, _docs())
    backward = Store(f"sqlite:///{tmp_path / 'b.db'}")
    _fill(backward, _docs()[::-1])
    ids = _ids(forward)
    assert ids == _ids(backward) and len(set(ids.values())) == 2
    # a report that is not the first leaves and comes back: the event keeps its id
    from rasd.store.ingest import remove_article
    from rasd.store.queries import find_article_row

    with forward.session() as s, s.begin():
        remove_article(s, find_article_row(s, "b1"))
    _fill(forward, [_docs()[2]])
    assert _ids(forward) == ids
    forward.close()
    backward.close()


def test_the_migration_fills_in_stored_events(db_url):
    from alembic import command
    from sqlalchemy import create_engine

    store = Store(db_url)
    _fill(store, _docs())
    ids = _ids(store)
    store.close()
    # a store as the previous version left it (on SQLite with foreign keys off, as its default:
    # recreating the events table must not unlink the claims)
    plain = create_engine(database_url(db_url))
    command.downgrade(alembic_config(plain), "0001")
    plain.dispose()
    store = Store(db_url)  # opening migrates: the columns come back, filled from the claims
    assert _ids(store) == ids
    with store.session() as s:
        assert sorted(e.n_outlets for e in s.query(EventRow)) == [1, 2]
    store.close()
