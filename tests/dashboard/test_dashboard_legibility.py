"""What the map says can be read: clusters do not borrow the type colours, governorate
names lie above clusters with a halo, type counts follow the other filters, and area-level
events are rings of their own that can be hidden."""
from __future__ import annotations

import re

from tests.dashboard.test_dashboard_browser import open_dashboard, points
from tests.dashboard.test_dashboard_url import wait_points

RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)")


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(x) for x in RGB.match(css).groups())


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def type_counts(page) -> dict[str, int]:
    return {k: int(v.strip("()")) for k, v in page.eval_on_selector_all(
        "#f-types .type-count", "els => els.map(s => [s.dataset.type, s.textContent])")}


def shown_count(page) -> int:
    return int(page.locator("#counts").inner_text().split()[0])


def test_cluster_colours_are_not_type_colours_and_labels_stay_readable(page, server) -> None:
    open_dashboard(page, server)
    clusters = {rgb(c) for c in page.eval_on_selector_all(
        ".marker-cluster", "els => els.map(e => getComputedStyle(e).backgroundColor)")}
    types = [rgb(c) for c in page.eval_on_selector_all(
        "#f-types .swatch", "els => els.map(e => getComputedStyle(e).backgroundColor)")]
    assert len(clusters) >= 2 and len(types) == 6
    for c in clusters:
        assert max(c) - min(c) <= 16, c  # a grey: no hue to mistake for a type
        assert min(distance(c, ty) for ty in types) > 55, (c, types)
    # what clusters hold shows in their count, not their colour: bigger ones are darker
    sized = page.eval_on_selector_all(".marker-cluster", "els => els.map(e => [Number(e.textContent), getComputedStyle(e).backgroundColor])")
    small, big = min(sized), max(sized)
    assert sum(rgb(big[1])) < sum(rgb(small[1]))

    for lang in ("en", "ar"):
        if lang == "ar":
            page.locator("#lang").click()
            page.wait_for_function("() => document.documentElement.dir === 'rtl'")
        labels = page.locator(".gov-label span")
        assert labels.count() >= 10
        if lang == "ar":
            assert all(re.search(r"[\u0621-\u064A]", x) for x in labels.all_inner_texts())
        style = page.eval_on_selector(".gov-label span", "el => ({pane: Number(getComputedStyle(el.closest('.leaflet-pane')).zIndex),"
                                      " shadow: getComputedStyle(el).textShadow})")
        cluster_pane = page.eval_on_selector(".marker-cluster", "el => Number(getComputedStyle(el.closest('.leaflet-pane')).zIndex)")
        point_pane = page.eval_on_selector("path.event-marker", "el => Number(getComputedStyle(el.closest('.leaflet-pane')).zIndex)")
        assert style["pane"] > max(cluster_pane, point_pane), (style, cluster_pane, point_pane)
        assert style["shadow"] != "none" and "255, 255, 255" in style["shadow"]  # a white halo
    assert not page.errors, page.errors


def test_type_counts_follow_the_dates_and_other_filters(page, server) -> None:
    open_dashboard(page, server)
    before, n_before = type_counts(page), shown_count(page)
    assert sum(before.values()) == n_before
    page.fill("#f-from", "2018-03-01")
    page.fill("#f-to", "2018-03-31")
    page.wait_for_function("() => location.hash.includes('to=2018-03-31')", timeout=5000)
    march = type_counts(page)
    assert march != before and sum(march.values()) == shown_count(page) > 0
    assert all(march[k] <= before[k] for k in before)
    # the count beside a type is what checking it would show
    page.locator("#f-types input[value='Battles']").check()
    page.wait_for_function(f"() => document.getElementById('counts').textContent.startsWith('{march['Battles']} ')", timeout=5000)
    assert type_counts(page) == march  # the type filter does not change its own counts
    page.select_option("#f-conf", "0.8")
    page.wait_for_function(f"() => !document.getElementById('counts').textContent.startsWith('{march['Battles']} ')", timeout=5000)
    assert type_counts(page)["Battles"] == shown_count(page) < march["Battles"]
    assert not page.errors, page.errors


def test_area_level_events_are_rings_that_can_be_hidden(page, server, dashboard_data) -> None:
    open_dashboard(page, server)
    placed = [e for e in dashboard_data["events"] if e["lat"] is not None]
    areas = [e for e in placed if e["prec"] >= 2]
    total = points(page)
    assert total == len(placed)
    assert int(page.get_attribute("#map", "data-areas")) == len(areas) > 100
    rings = page.locator("path.area-marker")
    assert rings.count() == int(page.get_attribute("#map", "data-area-rings")) > 10
    # drawn unlike points: dashed, hardly filled
    ring = page.eval_on_selector("path.area-marker", "el => ({dash: getComputedStyle(el).strokeDasharray, fill: Number(getComputedStyle(el).fillOpacity)})")
    pt = page.eval_on_selector("path.event-marker", "el => ({dash: getComputedStyle(el).strokeDasharray, fill: Number(getComputedStyle(el).fillOpacity)})")
    assert ring["dash"] != "none" and pt["dash"] == "none" and ring["fill"] < 0.2 < pt["fill"], (ring, pt)
    assert page.locator("#legend .swatch.area").count() == 1

    # the many events placed at one area's centre are listed when its ring is clicked
    counts: dict[tuple, int] = {}
    for e in areas:
        counts[(e["lat"], e["lon"], e["loc"])] = counts.get((e["lat"], e["lon"], e["loc"]), 0) + 1
    (lat, lon, loc), n = max(counts.items(), key=lambda kv: kv[1])
    assert n > 20
    page.locator(f"path.area-marker[data-n='{n}']").first.dispatch_event("click")
    page.wait_for_selector("#panel ul.area-events")
    assert page.locator("#panel ul.area-events li").count() == n
    assert loc in page.locator("#panel h2").inner_text()
    page.locator("#panel ul.area-events button").first.click()  # each opens its event
    page.wait_for_selector("#panel .event-title")
    assert "event=" in page.url

    page.locator("#f-areas").uncheck()
    wait_points(page, total - len(areas))
    assert rings.count() == 0 and "areas=0" in page.url
    assert page.locator("path.event-marker").count() + page.locator(".marker-cluster").count() > 5
    page.go_back()
    wait_points(page, total)
    assert page.locator("#f-areas").is_checked() and rings.count() > 10
    assert not page.errors, page.errors
