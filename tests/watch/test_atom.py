"""The Atom feed out: valid for feedparser, the same events as /events, article text only as text."""
from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient

from rasd.doc import Article
from rasd.serve.api import create_app
from rasd.store.ingest import store_doc
from tests.watch.site import story

HOSTILE = ("قصفت قوات النظام بالمدفعية مدينة سراقب في ريف إدلب <img src=x onerror=alert(1)> ما أدى إلى مقتل "
           "3 مدنيين <script>alert('x')</script> بحسب الدفاع المدني.")


@pytest.fixture
def client(sqlite_store, pipeline):
    store = sqlite_store
    articles = [Article(article_id=s.slug, text=s.title + "\n" + s.body, title=s.title, published=s.day,
                        published_from="metadata", source="موقع الاختبار", url=f"https://news.example/{s.slug}")
                for s in (story(i) for i in range(12))]
    articles.append(Article(article_id="hostile", text=HOSTILE, published=story(40).day, published_from="metadata",
                            source="<b>outlet</b>", url="https://news.example/hostile?a=1&b=2"))
    for a in articles:
        with store.session() as s, s.begin():
            store_doc(s, pipeline(a))
    with TestClient(create_app(store, dashboard=False)) as c:
        yield c


def _ids(feed) -> list[str]:
    return [e.id.rsplit("/", 1)[1] for e in feed.entries]


QUERIES = ["", "admin1=Idlib", "admin1=حلب&min_fatalities=5", "event_type=Battles", "bbox=36.0,35.0,37.5,36.5",
           "date_from=2024-03-05&date_to=2024-03-10", "min_confidence=0.9", "actor=regime"]


def test_the_feed_holds_the_events_of_the_same_filters_newest_first(client):
    everything = 0
    for query in QUERIES:
        resp = client.get(f"/feeds/events.atom?{query}&limit=200")
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(resp.content)
        assert not feed.bozo, feed.get("bozo_exception")
        listed = client.get(f"/events?{query}&page_size=200").json()
        assert _ids(feed) == [str(e["event_id"]) for e in listed["items"]], query
        if query == "":
            everything = len(feed.entries)
            assert everything >= 13
        elif query != "min_confidence=0.9":
            assert 0 < len(feed.entries) < everything, query  # each filter keeps some events, not all
        dates = [e.published_parsed for e in feed.entries if e.get("published_parsed")]
        assert dates == sorted(dates, reverse=True)
        for entry in feed.entries:
            assert entry.link.split("/#event=")[1] == entry.id.rsplit("/", 1)[1]  # opens the event in the dashboard
    assert len(feedparser.parse(client.get("/feeds/events.atom?limit=3").content).entries) == 3


def test_untrusted_text_is_escaped_never_markup(client):
    resp = client.get("/feeds/events.atom?q=سراقب")
    raw = resp.text
    assert "<img" not in raw and "<script" not in raw and "<b>" not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw or "&lt;script&gt;" in raw
    feed = feedparser.parse(resp.content)
    hostile = [e for e in feed.entries if "onerror" in e.summary or "script" in e.summary]
    assert hostile and all(e.summary_detail.type == "text/plain" for e in hostile)
    assert client.get("/feeds/events.atom?min_confidence=2").status_code == 422  # the /events validation
