"""The analyst dashboard in a real browser, on the dev corpus: map, filters, evidence, article."""
from __future__ import annotations

import json
import re
import time

ARABIC = re.compile(r"[\u0621-\u064A]")


def open_dashboard(page, server: str, fragment: str = "") -> float:
    t0 = time.perf_counter()
    page.goto(server + "/" + fragment)
    page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=20000)
    return time.perf_counter() - t0


def click_a_point(page) -> None:
    """Click a single event marker that lies well inside the map (not under the header or an edge)."""
    box = page.locator("#map").bounding_box()
    for marker in page.locator("path.event-marker").all():
        b = marker.bounding_box()
        if b and box["x"] + 60 < b["x"] and b["x"] + b["width"] < box["x"] + box["width"] - 20 \
                and box["y"] + 20 < b["y"] and b["y"] + b["height"] < box["y"] + box["height"] - 20:
            page.mouse.click(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
            return
    raise AssertionError("no single event marker inside the map")


def points(page) -> int:
    return int(page.get_attribute("#map", "data-points"))


def test_map_shows_points_and_type_filter_changes_them(page, server, artifacts) -> None:
    first_render = open_dashboard(page, server)
    total = points(page)
    assert total > 100, total
    # points are drawn: single markers and clusters
    assert page.locator("path.event-marker").count() + page.locator(".marker-cluster").count() > 5
    page.screenshot(path=str(artifacts / "dashboard-map.png"))

    t0 = time.perf_counter()
    page.locator("#f-types input[value='Battles']").check()
    page.wait_for_function(f"() => Number(document.getElementById('map').dataset.points) !== {total}")
    filter_ms = (time.perf_counter() - t0) * 1000
    battles = points(page)
    assert 0 < battles < total
    assert "types=Battles" in page.url  # the view can be shared
    page.screenshot(path=str(artifacts / "dashboard-filter-battles.png"))
    (artifacts / "dashboard-timings.json").write_text(json.dumps(
        {"first_render_s": round(first_render, 3), "filter_change_ms": round(filter_ms, 1),
         "render_ms_in_page": int(page.evaluate("document.body.dataset.renderMs")),
         "points_all": total, "points_battles": battles}, indent=1))

    # the filter state survives a reload from the URL
    open_dashboard(page, server, "#types=Battles")
    assert points(page) == battles
    assert not page.errors, page.errors


def test_clicking_a_point_opens_the_arabic_evidence_then_the_article(page, server, artifacts) -> None:
    open_dashboard(page, server)
    click_a_point(page)
    page.wait_for_selector("#panel .evidence")
    ev = page.locator("#panel .evidence").first
    assert ev.get_attribute("dir") == "rtl"
    assert ARABIC.search(ev.inner_text())
    assert page.locator("#panel .notes").inner_text().strip()
    assert "event=" in page.url
    page.screenshot(path=str(artifacts / "dashboard-event-panel.png"))

    page.locator("#panel .open-article").first.click()
    page.wait_for_selector("#panel .article-text mark.event.current")
    text = page.locator("#panel .article-text")
    assert text.get_attribute("dir") == "rtl"
    marked = page.locator("#panel mark.event.current").first.inner_text()
    assert ARABIC.search(marked)
    page.screenshot(path=str(artifacts / "dashboard-article.png"))
    assert not page.errors, page.errors


def test_arabic_interface_and_no_request_leaves_the_server(page, server, artifacts) -> None:
    open_dashboard(page, server, "#lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert ARABIC.search(page.locator("#filters legend").first.inner_text())
    page.locator("#f-q").fill("قصف")
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts / "dashboard-arabic.png"))
    outside = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []
    assert not page.errors, page.errors


def test_export_buttons_follow_the_filter(page, server) -> None:
    open_dashboard(page, server, "#types=Battles")
    href = page.get_attribute("#export-csv", "href")
    assert href.startswith("export.csv") and "event_type=Battles" in href
    resp = page.request.get(server + "/" + href)
    assert resp.status == 200 and resp.text().startswith("event_id,")
    gj = page.request.get(server + "/" + page.get_attribute("#export-geojson", "href")).json()
    assert gj["type"] == "FeatureCollection" and gj["features"]
    assert {f["properties"]["event_type"] for f in gj["features"]} == {"Battles"}
