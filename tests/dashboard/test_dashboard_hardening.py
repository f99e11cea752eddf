"""The dashboard and /docs in a real browser under the Content-Security-Policy, with hostile URLs."""
from __future__ import annotations

import pytest

from rasd.store.database import Store
from rasd.store.ingest import store_doc
from tests.dashboard.conftest import watched_page
from tests.dashboard.test_dashboard_browser import open_dashboard, points
from tests.serve.conftest import running_server
from tests.store.factories import BINNISH, CLASH, DOUMA, TEXT, doc, event

MARKUP = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=1</script>'
HOSTILE_URLS = ["javascript:alert(document.domain)", "data:text/html,<script>alert(1)</script>",
                " JavaScript:alert(1)", "vbscript:msgbox(1)"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server on a store whose articles carry script URLs (and one ordinary https URL)."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    store = Store(f"sqlite:///{path}")
    docs = [doc(f"h{i}", [event(f"h{i}", place=place, kind=kind, day=f"2018-0{i + 1}-10")], url=url, source=f"s{i}")
            for i, (url, place, kind) in enumerate(zip(
                HOSTILE_URLS + ["https://example.org/fine"],
                [DOUMA, BINNISH, DOUMA, BINNISH, DOUMA],
                [CLASH, None, None, CLASH, None]))]
    # and an article whose text, source and place name are markup: shown as text, never run
    marked_place = dict(DOUMA, location=MARKUP, location_ar=MARKUP, latitude=34.8, longitude=38.9)
    docs.append(doc("h-markup", [event("h-markup", place=marked_place, kind=CLASH, day="2018-06-10")],
                    text=f"{TEXT} {MARKUP}", source=MARKUP))
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)
    store.close()
    with running_server(str(path)) as (url, _proc):
        yield url


@pytest.fixture
def bare_page(browser):
    with watched_page(browser) as pg:
        yield pg


def _csp_violations(page) -> list[str]:
    return [m for m in page.console if "Content Security Policy" in m or "Refused to" in m]


def test_only_web_links_are_rendered(bare_page, hostile_server) -> None:
    import json
    import urllib.request

    events = json.load(urllib.request.urlopen(hostile_server + "/events?page_size=50"))["items"]
    assert len(events) >= 4
    for e in events:
        bare_page.goto("about:blank")  # a new hash alone would not reload the page
        open_dashboard(bare_page, hostile_server, f"#event={e['event_id']}")
        bare_page.wait_for_selector("#panel .source")
        hrefs = bare_page.eval_on_selector_all("#panel a", "els => els.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
        if "example.org" in (e.get("url") or ""):
            assert "https://example.org/fine" in hrefs
        bare_page.locator("#panel .open-article").first.click()
        bare_page.wait_for_selector("#panel .article-text")
        hrefs = bare_page.eval_on_selector_all("#panel a", "els => els.map(a => a.getAttribute('href'))")
        assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert not bare_page.errors and not _csp_violations(bare_page), (bare_page.errors, bare_page.console)


def test_markup_in_articles_is_shown_as_text(bare_page, hostile_server) -> None:
    import json
    import urllib.request

    page = bare_page
    events = json.load(urllib.request.urlopen(hostile_server + "/events?page_size=50"))["items"]
    (marked,) = [e for e in events if e["location"] == MARKUP]
    open_dashboard(page, hostile_server, f"#event={marked['event_id']}")
    page.wait_for_selector("#panel .source")
    page.wait_for_selector(".place-label.selected span")
    assert MARKUP in page.locator("#panel").inner_text()  # the place and the source, as written
    assert page.locator(".place-label.selected span").inner_text() == MARKUP
    page.locator("#panel .open-article").first.click()
    page.wait_for_selector("#panel .article-text")
    assert MARKUP in page.locator("#panel .article-text").inner_text()
    assert page.locator("#panel img, #panel script, .leaflet-marker-pane img, .leaflet-pane script").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None
    assert not page.errors and not _csp_violations(page), (page.errors, page.console)


def test_the_dashboard_runs_under_its_csp(page, server) -> None:
    response = page.goto(server + "/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=20000)
    page.on("console", lambda m: page.errors.append(m.text) if "Content Security Policy" in m.text else None)
    total = points(page)
    # a query of tatweel alone is no query: every point stays (it used to hide them all)
    page.locator("#f-q").fill("ـــ")
    page.wait_for_timeout(400)
    assert points(page) == total
    page.locator("#f-q").fill("ادلب")  # alef forms are matched as on the server
    page.wait_for_function(f"() => Number(document.getElementById('map').dataset.points) !== {total}")
    assert 0 < points(page) < total
    assert not page.errors, page.errors


def test_docs_load_from_this_server_only(bare_page, server) -> None:
    bare_page.goto(server + "/docs")
    bare_page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert bare_page.locator(".opblock").count() >= 8  # every route is listed
    outside = [u for u in bare_page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []
    assert not bare_page.errors and not _csp_violations(bare_page), (bare_page.errors, bare_page.console)
