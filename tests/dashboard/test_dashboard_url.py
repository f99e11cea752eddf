"""The URL is the view: a hash set in an open tab is applied, Back and Forward step through
views, typed search text reaches the URL by itself, and a pasted link reopens the view and
its event."""
from __future__ import annotations

from urllib.parse import unquote

from tests.dashboard.test_dashboard_browser import open_dashboard, points


def wait_points(page, n: int) -> None:
    page.wait_for_function(f"() => Number(document.getElementById('map').dataset.points) === {n}", timeout=5000)


def placed(data: dict, **where) -> int:
    return sum(1 for e in data["events"] if e["lat"] is not None and all(e[k] == v for k, v in where.items()))


def checked_types(page) -> list[str]:
    return page.eval_on_selector_all("#f-types input:checked", "els => els.map(i => i.value)")


def test_hash_changes_and_back_forward_change_the_view(page, server, dashboard_data) -> None:
    open_dashboard(page, server)
    total = points(page)
    battles = placed(dashboard_data, type="Battles")
    strategic = placed(dashboard_data, type="Strategic developments")
    assert 0 < battles < total

    page.evaluate("location.hash = 'types=Battles'")  # as typed in the address bar
    wait_points(page, battles)
    assert checked_types(page) == ["Battles"]
    assert "event_type=Battles" in page.get_attribute("#export-csv", "href")

    page.locator("#f-types input[value='Strategic developments']").check()
    wait_points(page, battles + strategic)
    assert "types=Battles%7CStrategic+developments" in page.url

    page.go_back()  # each filter change is a history entry
    wait_points(page, battles)
    assert checked_types(page) == ["Battles"]
    page.go_back()
    wait_points(page, total)
    assert checked_types(page) == []
    page.go_forward()
    wait_points(page, battles)
    page.go_forward()
    wait_points(page, battles + strategic)
    assert checked_types(page) == ["Battles", "Strategic developments"]

    # typing alone puts the search in the URL (once typing pauses), as one history entry
    page.locator("#f-q").press_sequentially("قصف", delay=30)
    page.wait_for_function("() => decodeURIComponent(location.hash).includes('q=قصف')", timeout=5000)
    searched = points(page)
    assert searched < battles + strategic
    page.go_back()
    wait_points(page, battles + strategic)
    assert page.input_value("#f-q") == ""
    page.go_forward()
    wait_points(page, searched)
    assert page.input_value("#f-q") == "قصف"

    # a drag across the timeline chooses dates, one more step Back undoes
    tl = page.locator("#timeline-svg").bounding_box()
    y = tl["y"] + tl["height"] / 2
    page.mouse.move(tl["x"] + tl["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(tl["x"] + tl["width"] * 0.6, y, steps=3)
    page.mouse.up()
    page.wait_for_function("() => /from=\\d{4}-\\d\\d-\\d\\d&to=/.test(location.hash)", timeout=5000)
    assert page.input_value("#f-from") and page.locator("#timeline .brush").count() == 1
    assert points(page) < searched
    page.go_back()
    wait_points(page, searched)
    assert page.input_value("#f-from") == "" and page.locator("#timeline .brush").count() == 0
    assert not page.errors, page.errors


def test_a_pasted_link_opens_the_same_view_and_event(page, server, dashboard_data) -> None:
    ev = next(e for e in dashboard_data["events"]
              if e["type"] == "Battles" and e["lat"] is not None and e["prec"] == 1 and e["date"] >= "2018-03-01")
    view = f"#from=2018-03-01&types=Battles&event={ev['id']}"
    open_dashboard(page, server, view)
    page.wait_for_selector("#panel .event-title")
    assert page.locator("#panel .event-title").inner_text().startswith("Battles")
    assert page.input_value("#f-from") == "2018-03-01" and checked_types(page) == ["Battles"]
    expected = sum(1 for e in dashboard_data["events"]
                   if e["lat"] is not None and e["type"] == "Battles" and (e["date"] or "") >= "2018-03-01")
    assert points(page) == expected
    assert unquote(page.url).endswith(unquote(view))  # the view is kept as given

    # the event is brought into view, ringed and named, on the blank base map
    page.wait_for_function("() => Number(document.getElementById('map').dataset.zoom) >= 11")
    page.wait_for_timeout(400)  # the zoom animation
    m = page.locator("#map").bounding_box()
    ring = page.locator(".selected-ring").bounding_box()
    assert m["x"] < ring["x"] and ring["x"] + ring["width"] < m["x"] + m["width"], (m, ring)
    assert m["y"] < ring["y"] and ring["y"] + ring["height"] < m["y"] + m["height"], (m, ring)
    name = page.locator(".place-label.selected span")
    assert name.inner_text() == ev["loc"]
    b = name.bounding_box()
    assert m["x"] < b["x"] and b["y"] + b["height"] < m["y"] + m["height"]

    # closing the event is a step Back can undo
    page.locator("#panel .panel-close").click()
    page.wait_for_selector("#panel .hint")
    assert "event=" not in page.url
    page.go_back()
    page.wait_for_selector("#panel .event-title")
    assert f"event={ev['id']}" in page.url
    assert not page.errors, page.errors


def test_an_event_among_many_at_one_point_is_fanned_out(page, server, dashboard_data) -> None:
    """Dozens of reports placed at the same town stay one cluster to the last zoom; opening
    one of them fans the cluster out, so each is drawn apart and can be clicked."""
    at: dict[tuple, list] = {}
    for e in dashboard_data["events"]:
        if e["lat"] is not None and e["prec"] == 1:
            at.setdefault((e["lat"], e["lon"]), []).append(e)
    stack = max(at.values(), key=len)
    assert len(stack) > 20
    open_dashboard(page, server, f"#event={stack[0]['id']}")
    spread = ("() => new Set([...document.querySelectorAll('path.event-marker')].map(p => {"
              " const r = p.getBoundingClientRect(); return Math.round(r.x + r.width / 2) + ',' + Math.round(r.y + r.height / 2); })).size")
    page.wait_for_function(f"{spread} >= {len(stack)}", timeout=5000)  # each drawn at its own spot
    page.wait_for_timeout(300)  # the fan-out animation
    m = page.locator("#map").bounding_box()
    ring = page.locator(".selected-ring").bounding_box()
    assert m["x"] < ring["x"] < m["x"] + m["width"] and m["y"] < ring["y"] < m["y"] + m["height"], (m, ring)
    assert page.locator(".place-label.selected span").inner_text() == stack[0]["loc"]
    assert not page.errors, page.errors
