"""Polling the local news site: every article stored once over several rounds, politely."""
from __future__ import annotations

import time

from sqlalchemy import func, select

from rasd.store.models import ArticleRow, ClaimRow, EventRow, SeenItemRow, SourceRow
from rasd.watch.fetch import Fetcher, FetchError, Forbidden
from rasd.watch.poll import Poller
from rasd.watch.sources import add_sources, list_sources
from tests.watch.conftest import quick_etiquette
from tests.watch.receivers import free_port
from tests.watch.site import Site, story


def _sources(store):
    with store.session() as s:
        return list_sources(s)


def _count(store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _urls(store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(ArticleRow.url)))


def test_three_polls_store_every_article_once_and_respect_the_site(site, store, fetcher, pipeline):
    site.add(30)
    added = add_sources(store, site.url + "/", fetcher=fetcher, name="موقع الاختبار")  # home page: its feeds
    assert sorted(r.kind for r, _ in added) == ["atom", "rss"]
    add_sources(store, site.url + "/sitemap.xml", fetcher=fetcher)
    add_sources(store, site.url + "/s/rasdtest", kind="telegram", name="قناة الاختبار")
    for bad in ("/broken.rss", "/loop-a", "/garbage.rss"):
        add_sources(store, site.url + bad, kind="rss")
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    for extra in (15, 15, 0):
        reports = {r.label.rsplit("/", 1)[-1]: r for r in poller.poll(_sources(store))}
        site.add(extra)
    assert "HTTP 500" in reports["broken.rss"].error
    assert "redirects" in reports["loop-a"].error
    assert "not an RSS or Atom feed" in reports["garbage.rss"].error

    # 60 articles (rss items are in the sitemap too): each stored once, each page fetched once
    urls = _urls(store)
    assert len(urls) == len(set(urls)) == 60
    pages = [s for s in site.stories if s.group != "telegram"]
    assert {f"{site.url}{s.path}" for s in pages} <= set(urls)
    assert all(site.hits[s.path] == 1 for s in pages)
    posts = [u for u in urls if u.startswith("https://t.me/rasdtest/")]
    assert len(posts) == len(site.group("telegram")) == 15
    assert _count(store, EventRow) >= 55  # every report is about an attack somewhere in Syria
    with store.session() as s:
        row = s.scalar(select(ArticleRow).where(ArticleRow.url == posts[0]))
        assert row.source == "قناة الاختبار" and row.published is not None and "مقتل" in row.text

    # robots.txt forbids /private/: listed in the feed, never requested
    assert not any(path.startswith("/private/") for path in site.hits)
    assert site.hits["/robots.txt"] == 1
    assert all("Rasd/" in ua and "https://" in ua for ua in site.agents)

    # a round with nothing new: every listing answers 304, no body, no article page fetched
    bodies = dict(site.bodies)
    page_hits = sum(n for path, n in site.hits.items() if path.startswith("/news/"))
    poller.poll(_sources(store))
    for listing in ("/feed.rss", "/feed.atom", "/sitemap.xml", "/s/rasdtest"):
        assert site.not_modified[listing] == 1
        assert site.bodies[listing] == bodies[listing]
    assert sum(n for path, n in site.hits.items() if path.startswith("/news/")) == page_hits
    assert len(_urls(store)) == 60
    with store.session() as s:
        feed = s.scalar(select(SourceRow).where(SourceRow.url == site.url + "/feed.atom"))
        assert feed.etag and feed.items_seen == 15 and feed.articles_stored == 15 and feed.last_error is None
        broken = s.scalar(select(SourceRow).where(SourceRow.url == site.url + "/broken.rss"))
        assert broken.failures == 4 and "HTTP 500" in broken.last_error
    poller.close()


def test_an_edited_article_replaces_its_events(site, sqlite_store, fetcher, pipeline):
    store = sqlite_store
    site.stories = [story(1, group="atom", n=4)]
    add_sources(store, site.url + "/feed.atom", fetcher=fetcher)
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    poller.poll(_sources(store))
    with store.session() as s:
        assert [c.fatalities for c in s.scalars(select(ClaimRow))] == [4]
    site.edit("report-001", site.stories[0].body.replace("مقتل 4 أشخاص", "مقتل 9 أشخاص"))
    [report] = poller.poll(_sources(store))
    assert report.updated == 1 and report.new == 0
    with store.session() as s:
        assert [c.fatalities for c in s.scalars(select(ClaimRow))] == [9]
        assert [e.fatalities for e in s.scalars(select(EventRow))] == [9]
    assert _count(store, ArticleRow) == 1 and _count(store, SeenItemRow) == 1
    poller.close()


def test_a_slow_or_dead_host_delays_no_other_source(site, sqlite_store, pipeline):
    store = sqlite_store
    slow = Site(slow_seconds=3.0)
    try:
        slow.add(2)
        site.add(8)
        fetcher = Fetcher(quick_etiquette(read_timeout=0.5, retries=1, backoff=0.1))
        add_sources(store, site.url + "/feed.atom", kind="atom")
        add_sources(store, slow.url + "/feed.atom", kind="atom")
        add_sources(store, f"http://127.0.0.1:{free_port()}/feed.rss", kind="rss")  # nothing listens there
        poller = Poller(store, fetcher, pipeline, log=lambda line: None)
        started = time.monotonic()
        fast, late, dead = poller.poll(_sources(store))
        took = time.monotonic() - started
        assert "timed out" in late.error and fast.error is None and fast.new == 2
        assert "ConnectError" in dead.error and dead.seconds < 1.0
        assert fast.seconds < 1.0  # done while the slow host was still being waited for
        assert took < 0.5 * 2 + 0.1 + 1.0  # two timeouts and a backoff, not the 3 s the host would take
        with store.session() as s:
            row = s.scalar(select(SourceRow).where(SourceRow.url == slow.url + "/feed.atom"))
            assert row.failures == 1 and "timed out" in row.last_error and row.next_poll_at > row.last_poll_at
        poller.close()
        fetcher.close()
    finally:
        slow.close()


def test_fetch_limits(site):
    fetcher = Fetcher(quick_etiquette(max_bytes=10_000))
    site.extra["/big.html"] = (200, "text/html", b"x" * 20_000)
    try:
        fetcher.get(site.url + "/big.html")
        raise AssertionError("an over-long body was accepted")
    except FetchError as exc:
        assert "limit" in exc.reason and not exc.transient
    try:
        fetcher.get(site.url + "/private/members-only.html")
        raise AssertionError("robots.txt was not obeyed")
    except Forbidden:
        pass
    assert "/private/members-only.html" not in site.hits
    first = fetcher.get(site.url + "/feed.rss")
    again = fetcher.get(site.url + "/feed.rss", etag=first.etag)
    assert first.status == 200 and again.not_modified and again.body == b""
    fetcher.close()


def test_a_sitemap_index_and_a_home_page_without_feeds(site, sqlite_store, fetcher, pipeline):
    store = sqlite_store
    site.stories = [story(i, group="sitemap") for i in range(4)] + [story(i, group="atom") for i in range(4, 7)]
    site.extra["/sitemap-index.xml"] = (200, "application/xml", (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url}/sitemap.xml</loc></sitemap></sitemapindex>").encode())
    links = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in site.group("atom"))
    site.extra["/latest"] = (200, "text/html; charset=utf-8", (
        f'<html><body><a href="/tag/syria/x">وسم</a><a href="https://elsewhere.example/a/b">خارجي</a>'
        f"<ul>{links}</ul></body></html>").encode())
    [(index, _)] = add_sources(store, site.url + "/sitemap-index.xml", fetcher=fetcher)
    [(page, _)] = add_sources(store, site.url + "/latest", fetcher=fetcher)
    assert (index.kind, page.kind) == ("sitemap", "page")
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    by_kind = {r.kind: r for r in poller.poll(_sources(store))}
    assert by_kind["sitemap"].new == 4 and by_kind["page"].new == 3
    assert "/tag/syria/x" not in site.hits and len(_urls(store)) == 7
    poller.close()


def test_the_publication_date_is_the_listing_s_then_the_page_s_then_the_dateline(site, sqlite_store, fetcher,
                                                                                  pipeline):
    store = sqlite_store
    body = story(1).body

    def page(day: str | None, text: str) -> bytes:
        meta = f'<meta property="article:published_time" content="{day}T08:00:00+03:00">' if day else ""
        return (f'<html lang="ar"><head><meta charset="utf-8"><title>خبر</title>{meta}</head>'
                f"<body><article><p>{text}</p></article></body></html>").encode()

    site.extra.update({
        "/d/feed-dated.html": (200, "text/html", page("2024-04-01", body)),
        "/d/page-dated.html": (200, "text/html", page("2024-04-02", story(2).body)),
        "/d/dateline.html": (200, "text/html", page(None, "إدلب، 14 أبريل 2024 - " + story(3).body)),
        "/dates.rss": (200, "application/rss+xml", (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>/</link><description>d</description>'
            f"<item><title>خبر</title><link>{site.url}/d/feed-dated.html</link>"
            "<pubDate>Wed, 10 Apr 2024 09:00:00 GMT</pubDate></item></channel></rss>").encode()),
        "/dates.xml": (200, "application/xml", (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{site.url}/d/page-dated.html</loc></url><url><loc>{site.url}/d/dateline.html</loc></url>"
            "</urlset>").encode())})
    add_sources(store, site.url + "/dates.rss", kind="rss")
    add_sources(store, site.url + "/dates.xml", kind="sitemap")
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    poller.poll(_sources(store))
    poller.close()
    with store.session() as s:
        got = {a.url.rsplit("/", 1)[1]: (str(a.published), a.published_from) for a in s.scalars(select(ArticleRow))}
    assert got == {"feed-dated.html": ("2024-04-10", "metadata"), "page-dated.html": ("2024-04-02", "metadata"),
                   "dateline.html": ("2024-04-14", "dateline")}
