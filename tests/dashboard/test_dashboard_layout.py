"""The dashboard at phone and desktop sizes: the map takes the width, nothing scrolls sideways,
the filters are a drawer on a phone, and the claims table stays inside its panel."""
from __future__ import annotations

import pytest

from tests.dashboard.conftest import watched_page
from tests.dashboard.test_dashboard_browser import open_dashboard

NO_SIDE_SCROLL = "() => document.scrollingElement.scrollWidth <= innerWidth"


def box(page, selector: str) -> dict:
    return page.eval_on_selector(selector, "el => { const r = el.getBoundingClientRect();"
                                           " return {x: r.x, y: r.y, w: r.width, h: r.height, right: r.right}; }")


def fits_sideways(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "el => el.scrollWidth <= el.clientWidth + 1")


def claims_stay_in_panel(page) -> None:
    page.wait_for_selector("#panel table.claims")
    panel, table_box = box(page, "#panel"), box(page, "#panel .table-wrap")
    assert panel["x"] - 1 <= table_box["x"] and table_box["right"] <= panel["right"] + 1, (panel, table_box)
    assert fits_sideways(page, "#panel")  # a wide table scrolls inside its own box, not the panel
    assert page.evaluate(NO_SIDE_SCROLL)


@pytest.fixture(scope="module")
def merged_event(dashboard_data) -> int:
    """A placed event reported by several sources (its panel has the claims table)."""
    return next(e["id"] for e in dashboard_data["events"] if e["n"] > 2 and e["lat"] is not None)


def test_phone_map_takes_the_width_and_filters_are_a_drawer(browser, server, merged_event, artifacts) -> None:
    with watched_page(browser, 390, 844) as page:
        open_dashboard(page, server)
        width = page.evaluate("innerWidth")
        m = box(page, "#map")
        assert m["w"] >= 0.9 * width and m["h"] > 250, m
        assert page.evaluate(NO_SIDE_SCROLL)
        assert not page.locator("#filters").is_visible() and page.locator("#drawer-toggle").is_visible()

        page.locator("#drawer-toggle").click()
        page.wait_for_function("() => getComputedStyle(document.getElementById('filters')).transform === 'none'")
        assert page.locator("#filters").is_visible() and page.locator("#f-types").is_visible()
        assert page.get_attribute("#drawer-toggle", "aria-expanded") == "true"
        f = box(page, "#filters")
        assert f["x"] >= 0 and f["right"] <= width and fits_sideways(page, "#filters"), f
        assert page.evaluate(NO_SIDE_SCROLL)
        page.screenshot(path=str(artifacts / "dashboard-phone-drawer.png"))
        page.locator("#drawer-close").click()
        page.wait_for_function("() => !document.body.classList.contains('drawer-open')")
        page.wait_for_selector("#filters", state="hidden")

        # an event opens in a drawer under the map, which stays in view
        page.evaluate(f"location.hash = 'event={merged_event}'")
        claims_stay_in_panel(page)
        m, p = box(page, "#map"), box(page, "#panel")
        assert m["w"] >= 0.9 * width and m["h"] > 150 and p["y"] >= m["y"] + m["h"] - 1, (m, p)
        page.wait_for_selector(".selected-ring")
        ring = box(page, ".selected-ring")
        assert m["y"] <= ring["y"] and ring["y"] + ring["h"] <= m["y"] + m["h"], (m, ring)  # not under the panel
        page.screenshot(path=str(artifacts / "dashboard-phone-event.png"))
        page.locator("#panel .panel-close").click()
        page.wait_for_selector("#panel", state="hidden")
        assert "event=" not in page.url

        # right to left, the drawer comes from the right and nothing scrolls either
        page.goto("about:blank")
        open_dashboard(page, server, "#lang=ar")
        assert page.evaluate(NO_SIDE_SCROLL) and not page.locator("#filters").is_visible()
        page.locator("#drawer-toggle").click()
        page.wait_for_function("() => getComputedStyle(document.getElementById('filters')).transform === 'none'")
        f = box(page, "#filters")
        assert f["right"] <= width + 1 and f["x"] > 0 and page.evaluate(NO_SIDE_SCROLL), f
        page.keyboard.press("Escape")
        page.wait_for_selector("#filters", state="hidden")
        assert not page.errors, page.errors


def test_desktop_layout_has_the_three_columns(browser, server, merged_event) -> None:
    with watched_page(browser, 1400, 900) as page:
        open_dashboard(page, server, f"#event={merged_event}")
        m = box(page, "#map")
        assert m["w"] > 600 and m["h"] > 500, m
        assert page.evaluate(NO_SIDE_SCROLL)
        assert page.locator("#filters").is_visible() and not page.locator("#drawer-toggle").is_visible()
        assert fits_sideways(page, "#filters")
        claims_stay_in_panel(page)
        # a small laptop: still three columns, the map the widest, the type counts in their box
        page.set_viewport_size({"width": 900, "height": 700})
        page.wait_for_function("() => innerWidth === 900")
        assert box(page, "#map")["w"] > 400 and page.evaluate(NO_SIDE_SCROLL)
        types = box(page, "#f-types")
        assert all(c["right"] <= types["right"] for c in page.eval_on_selector_all(
            "#f-types small", "els => els.map(e => ({right: e.getBoundingClientRect().right}))"))
        assert fits_sideways(page, "#filters") and fits_sideways(page, "#panel")
        assert not page.errors, page.errors
