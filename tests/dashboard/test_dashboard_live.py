"""The live map: the event list beside the map follows the filters (newest first), and an
article ingested while the page is open reaches the list and the map without a reload,
marked as new."""
from __future__ import annotations

import json
import shutil
import urllib.request
from collections import Counter
from urllib.parse import urlencode
from datetime import date, timedelta

import pytest

from tests.dashboard.conftest import running_server
from tests.dashboard.test_dashboard_browser import open_dashboard, points

MAX_ROWS = 200  # list.js
ROWS = "#event-list li[data-id]"


def rows(page) -> list[dict]:
    return page.eval_on_selector_all(ROWS, "els => els.map(li => ({id: Number(li.dataset.id), "
                                           "date: li.dataset.date, type: li.dataset.type, fresh: li.classList.contains('fresh')}))")


def newest_first(evs: list[dict]) -> list[dict]:
    return sorted(evs, key=lambda e: ((e["date"] or ""), e["id"]), reverse=True)


def test_the_list_shows_the_filtered_events_newest_first(page, server, dashboard_data) -> None:
    # the most frequent type: more events than the list shows
    biggest = Counter(e["type"] for e in dashboard_data["events"]).most_common(1)[0][0]
    open_dashboard(page, server, "#" + urlencode({"types": biggest}))
    of_type = newest_first([e for e in dashboard_data["events"] if e["type"] == biggest])
    assert len(of_type) > MAX_ROWS
    listed = rows(page)
    assert [r["id"] for r in listed] == [e["id"] for e in of_type[:MAX_ROWS]]
    assert {r["type"] for r in listed} == {biggest}
    assert page.locator("#event-list .more-rows").inner_text().startswith(f"{len(of_type) - MAX_ROWS} ")

    # a narrower filter: every event is listed, and the list follows each change
    strategic = newest_first([e for e in dashboard_data["events"] if e["type"] == "Strategic developments"])
    page.evaluate("location.hash = 'types=Strategic+developments'")
    page.wait_for_function("() => [...document.querySelectorAll('#event-list li[data-id]')]"
                           ".every(li => li.dataset.type === 'Strategic developments')", timeout=5000)
    assert [r["id"] for r in rows(page)] == [e["id"] for e in strategic[:MAX_ROWS]]
    assert (page.locator("#event-list .more-rows").count() == 1) == (len(strategic) > MAX_ROWS)

    # a row opens its event as its point does: the URL names it, the panel shows it
    target = next(e for e in strategic if e["lat"] is not None)
    page.locator(f"#event-list li[data-id='{target['id']}'] button").click()
    page.wait_for_selector("#panel .event-title")
    assert f"event={target['id']}" in page.url
    assert page.locator("#panel .event-title").inner_text().startswith("Strategic")
    page.locator("#panel .panel-close").click()  # closing it brings the list back
    page.wait_for_selector(ROWS)
    assert not page.errors, page.errors


@pytest.fixture
def live_db(dev_db, tmp_path):
    db = tmp_path / "live.db"
    shutil.copy(dev_db, db)
    return db


def test_an_ingested_article_appears_without_a_reload(browser, live_db, tmp_path_factory) -> None:
    from rasd.doc import Article
    from rasd.pipeline import full_pipeline
    from rasd.store.database import Store
    from rasd.store.ingest import store_doc

    from tests.dashboard.conftest import watched_page

    pipeline = full_pipeline()
    with running_server(live_db, tmp_path_factory.getbasetemp() / "rasd-home") as url, watched_page(browser) as page:
        with urllib.request.urlopen(url + "/dashboard/events.json") as r:
            before = json.load(r)
        newest = max(date.fromisoformat(e["date"]) for e in before["events"] if e["date"])
        day = newest + timedelta(days=1)  # the new event is the newest: the list's first row

        open_dashboard(page, url, "?live=0.5")
        page.evaluate("window.sameDocument = true")
        shown = points(page)
        assert page.locator(ROWS).count() == MAX_ROWS and page.locator(f"{ROWS}.fresh").count() == 0

        text = ("قتل سبعة عناصر من قوات النظام السوري وأصيب آخرون في اشتباكات عنيفة مع فصائل المعارضة "
                "المسلحة في مدينة كفرنبل بريف إدلب الجنوبي، اليوم الثلاثاء.")
        doc = pipeline(Article("live-test-1", text, title="اشتباكات في كفرنبل", published=day,
                               source="Live Test", url="https://example.org/live-test-1"))
        store = Store(f"sqlite:///{live_db}")
        with store.session() as s, s.begin():
            assert store_doc(s, doc)[0] == "new"
        with urllib.request.urlopen(url + "/dashboard/events.json") as r:
            after = json.load(r)
        new = [e for e in after["events"] if e["id"] not in {e["id"] for e in before["events"]}]
        assert len(new) == 1 and new[0]["type"] == "Battles" and new[0]["date"] == day.isoformat(), new
        assert new[0]["lat"] is not None and new[0]["prec"] == 1
        ev = new[0]

        # the cheap poll: only what was written since the watermark, and every id
        with urllib.request.urlopen(f"{url}/dashboard/events.json?since={before['watermark']}") as r:
            since = json.load(r)
        assert ev["id"] in {e["id"] for e in since["events"]} and len(since["events"]) < 10
        assert set(since["ids"]) == {e["id"] for e in after["events"]}

        page.wait_for_selector(f"{ROWS}.fresh[data-id='{ev['id']}']", timeout=5000)
        assert rows(page)[0]["id"] == ev["id"]  # newest first
        assert page.evaluate("window.sameDocument") is True  # no reload
        assert points(page) == shown + 1
        assert page.get_attribute("#map", "data-fresh") == "1"
        # its marker (or the cluster holding it) is marked new
        assert page.locator("path.event-marker.fresh, .marker-cluster.fresh").count() >= 1
        assert f"{len(after['events'])} of {len(after['events'])}" in page.inner_text("#counts")

        # an unchanged store: later polls change nothing (the watermark's event comes again)
        updates = page.evaluate("document.body.dataset.updates")
        page.wait_for_timeout(1200)
        assert page.evaluate("document.body.dataset.updates") == updates

        # a new row opens its event like any other
        page.locator(f"{ROWS}[data-id='{ev['id']}'] button").click()
        page.wait_for_selector("#panel .event-title")
        assert f"event={ev['id']}" in page.url
        assert not page.errors, page.errors
