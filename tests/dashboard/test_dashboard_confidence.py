"""The confidence filter and the low-confidence style, in a real browser, on a store with known confidences."""
from __future__ import annotations

import csv
import io
import re

import pytest

from rasd.store.database import Store
from tests.dashboard.conftest import watched_page
from tests.dashboard.test_dashboard_browser import open_dashboard, points
from tests.serve.conftest import running_server
from tests.store.test_confidence_filter import fill_confidences

ARABIC = re.compile(r"[\u0621-\u064A]")


@pytest.fixture(scope="module")
def conf_server(tmp_path_factory):
    """A server on four events the judge rates 0.3, 0.6, 0.7 (merged) and 0.9."""
    path = tmp_path_factory.mktemp("confidence") / "conf.db"
    store = Store(f"sqlite:///{path}")
    fill_confidences(store)
    store.close()
    with running_server(str(path)) as (url, _proc):
        yield url


@pytest.fixture
def conf_page(browser):
    with watched_page(browser) as pg:
        # a CSP violation is an error here
        pg.on("console", lambda m: pg.errors.append(m.text) if "Content Security Policy" in m.text else None)
        yield pg


def _markers(page) -> tuple[int, int]:
    return page.locator("path.event-marker").count(), page.locator("path.event-marker.low-confidence").count()


def _fill_opacity(page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "el => getComputedStyle(el).fillOpacity"))


def _choose(page, value: str, expected: int) -> None:
    page.select_option("#f-conf", value)
    page.wait_for_function(f"() => Number(document.getElementById('map').dataset.points) === {expected}")


def test_confidence_filter_and_low_confidence_markers(conf_page, conf_server, artifacts) -> None:
    page = conf_page
    open_dashboard(page, conf_server)
    assert points(page) == 4 and _markers(page) == (4, 1)
    # the 0.3 event is drawn hollow; the others are filled
    assert _fill_opacity(page, "path.event-marker.low-confidence") < 0.3
    assert _fill_opacity(page, "path.event-marker:not(.low-confidence)") > 0.8
    assert "low confidence (< 0.5)" in page.locator("#legend").inner_text()
    assert page.locator("#legend .swatch.low-confidence").count() == 1
    page.screenshot(path=str(artifacts / "dashboard-confidence.png"))

    _choose(page, "0.5", 3)
    assert _markers(page) == (3, 0)
    assert "conf=0.5" in page.url
    href = page.get_attribute("#export-csv", "href")
    assert "min_confidence=0.5" in href
    rows = list(csv.DictReader(io.StringIO(page.request.get(conf_server + "/" + href).text())))
    assert sorted(float(r["confidence"]) for r in rows) == [0.6, 0.7, 0.9]  # the export matches the map

    _choose(page, "0.8", 1)
    assert _markers(page) == (1, 0)
    assert "4" in page.locator("#counts").inner_text() and page.locator("#counts").inner_text().startswith("1 ")

    page.locator("#f-reset").click()
    page.wait_for_function("() => Number(document.getElementById('map').dataset.points) === 4")
    assert page.input_value("#f-conf") == "" and "conf=" not in page.url
    assert not page.errors, page.errors


def test_confidence_filter_from_the_url_and_in_arabic(conf_page, conf_server) -> None:
    page = conf_page
    open_dashboard(page, conf_server, "#conf=0.8&lang=ar")
    assert points(page) == 1 and page.input_value("#f-conf") == "0.8"
    assert "ثقة منخفضة" in page.locator("#legend").inner_text()
    label = page.locator("#f-conf").locator("xpath=..").inner_text()
    assert ARABIC.search(label) and "مرجّح" in label
    page.goto("about:blank")
    open_dashboard(page, conf_server, "#conf=0.33")  # not a level the page offers: no filter
    assert points(page) == 4 and page.input_value("#f-conf") == ""
    assert not page.errors, page.errors
