"""The HTTP API against a real store: filters, pagination, detail, exports, auth, limits."""
from __future__ import annotations

import csv
import io
import json

from rasd.output.contract import validator
from rasd.serve.api import MAX_PAGE_SIZE
from tests.serve.conftest import TOKEN

ARABIC = "قصفت مدفعية النظام بلدة سراقب في ريف إدلب صباح اليوم."


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["articles"] == 3 and body["events"] == 2


def test_events_list_and_filters(client):
    page = client.get("/events").json()
    assert page["total"] == 2 and {e["n_sources"] for e in page["items"]} == {1, 2}
    assert client.get("/events", params={"multi_source": True}).json()["total"] == 1
    assert client.get("/events", params={"disputed": True}).json()["items"][0]["fatalities"] == 4
    assert client.get("/events", params={"event_type": "Battles"}).json()["total"] == 1
    assert client.get("/events", params={"admin1": "idlib"}).json()["total"] == 1
    assert client.get("/events", params={"date_from": "2018-06-01"}).json()["total"] == 1
    assert client.get("/events", params={"bbox": "36.0,33.0,37.0,34.0"}).json()["total"] == 1  # Douma
    assert client.get("/events", params={"min_fatalities": 5}).json()["total"] == 0
    assert client.get("/events", params={"actor": "russia"}).json()["total"] == 2
    assert client.get("/events", params={"q": "دوما"}).json()["total"] == 1
    assert client.get("/events", params={"q": "ادلب"}).json()["total"] == 1  # alef forms normalised


def test_pagination_is_bounded(client):
    assert client.get("/events", params={"page_size": 1, "page": 2}).json()["items"][0]
    assert client.get("/events", params={"page_size": MAX_PAGE_SIZE + 1}).status_code == 422
    assert client.get("/events", params={"page": 0}).status_code == 422


def test_bad_input_is_a_clear_4xx(client):
    r = client.get("/events", params={"bbox": "1,2,3"})
    assert r.status_code == 422 and "bbox" in r.json()["detail"]
    assert client.get("/events", params={"event_type": "Picnic"}).status_code == 422
    assert client.get("/events", params={"date_from": "yesterday"}).status_code == 422
    assert client.get("/events", params={"q": "a\x00b"}).status_code == 422
    assert client.get("/events/0").status_code == 404
    assert client.get("/events/99999").status_code == 404
    assert client.get("/events/no-such-report-1").status_code == 404
    assert client.get("/events/%00").status_code == 404 and client.get("/events/%ED%A0%80").status_code == 404
    assert client.get("/articles/99999").status_code == 404


def test_event_detail_has_every_source_and_its_evidence(client):
    multi = client.get("/events", params={"multi_source": True}).json()["items"][0]
    e = client.get(f"/events/{multi['event_id']}").json()
    assert e["disputed"] and e["disputed_fields"] == ["fatalities", "location"]  # Idlib vs Binnish
    assert sorted(s["source"] for s in e["sources"]) == ["bbc", "sky"]
    assert all(s["evidence"] and s["merge_reason"] for s in e["sources"])


def test_an_event_is_found_by_any_of_its_reports_ids(client):
    multi = client.get("/events", params={"multi_source": True}).json()["items"][0]
    e = client.get(f"/events/{multi['event_id']}").json()
    for src in e["sources"]:
        # the id a report was extracted with (as `rasd extract` prints it) opens the merged event
        assert client.get(f"/events/{src['report_id']}").json()["event_id"] == multi["event_id"]


def test_article_detail_highlights_by_offsets(client):
    arts = client.get("/articles").json()
    assert arts["total"] == 3
    a = client.get(f"/articles/{arts['items'][0]['id']}").json()
    for h in a["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(a["text"]) and h["event"]


def test_exports_follow_the_filters_and_the_contract(client):
    lines = client.get("/export.jsonl").text.splitlines()
    v = validator(store=True)  # the contract, then the store's ACLED columns
    assert len(lines) == 2 and all(not list(v.iter_errors(json.loads(x))) for x in lines)
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv", params={"event_type": "Battles"}).text)))
    assert len(rows) == 1 and rows[0]["event_type"] == "Battles"
    gj = client.get("/export.geojson", params={"multi_source": True}).json()
    assert len(gj["features"]) == 1 and gj["features"][0]["geometry"]["type"] == "Point"


def test_writes_need_the_token(client):
    body = {"text": ARABIC, "source": "test", "published": "2018-05-01"}
    assert client.post("/articles", json=body).status_code == 401
    assert client.post("/articles", json=body, headers={"Authorization": "Bearer nope"}).status_code == 403
    assert client.delete("/articles/1").status_code == 401
    r = client.post("/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201 and r.json()["status"] == "new"
    again = client.post("/articles", json=body, headers={"X-Rasd-Token": TOKEN})
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    assert client.get("/health").json()["articles"] == 4
    assert client.delete(f"/articles/{r.json()['article']}", headers={"X-Rasd-Token": TOKEN}).status_code == 204
    assert client.get("/health").json()["articles"] == 3


def test_a_server_without_token_refuses_writes(store):
    from fastapi.testclient import TestClient

    from rasd.serve.api import create_app

    with TestClient(create_app(store, token=None)) as c:
        assert c.post("/articles", json={"text": ARABIC}, headers={"X-Rasd-Token": "x"}).status_code == 403


def test_body_size_and_content_are_checked(client):
    auth = {"X-Rasd-Token": TOKEN}
    big = {"text": ARABIC * 2000}  # over the 64 KiB limit the fixture sets
    assert client.post("/articles", json=big, headers=auth).status_code == 413
    assert client.post("/articles", json={"text": "plain English only"}, headers=auth).status_code == 422
    assert client.post("/articles", json={"title": "no text"}, headers=auth).status_code == 422
    assert client.post("/articles", content=b"{not json", headers=dict(auth, **{"content-type": "application/json"})
                       ).status_code == 422


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/articles", "/articles/{article_id}", "/export.csv",
            "/export.geojson", "/export.jsonl", "/health"} <= set(paths)
