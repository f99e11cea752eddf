"""`min_confidence` on /events and the exports: the judge's probability as a filter, 0..1."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from rasd.serve.api import create_app
from tests.store.test_confidence_filter import fill_confidences


@pytest.fixture
def client(store):
    fill_confidences(store)
    with TestClient(create_app(store)) as c:
        yield c


def test_events_filter_by_min_confidence(client):
    assert client.get("/events").json()["total"] == 4
    page = client.get("/events", params={"min_confidence": 0.5}).json()
    assert page["total"] == 3 and sorted(e["confidence"] for e in page["items"]) == [0.6, 0.7, 0.9]
    assert client.get("/events", params={"min_confidence": 0.8}).json()["total"] == 1
    assert client.get("/events", params={"min_confidence": 0}).json()["total"] == 4
    assert client.get("/events", params={"min_confidence": 1}).json()["total"] == 0
    assert client.get("/events", params={"min_confidence": 0.5, "event_type": "Battles"}).json()["total"] == 0


def test_exports_filter_by_min_confidence(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv", params={"min_confidence": 0.8}).text)))
    assert [r["location"] for r in rows] == ["Daraa"]
    gj = client.get("/export.geojson", params={"min_confidence": 0.5}).json()
    assert len(gj["features"]) == 3
    lines = client.get("/export.jsonl", params={"min_confidence": 0.65}).text.splitlines()
    assert sorted(json.loads(x)["confidence"] for x in lines) == [0.7, 0.9]


@pytest.mark.parametrize("bad", ["-0.1", "1.01", "nan", "inf", "high"])
def test_min_confidence_outside_0_to_1_is_a_422(client, bad):
    for path in ("/events", "/export.csv", "/export.geojson", "/export.jsonl"):
        r = client.get(path, params={"min_confidence": bad})
        assert r.status_code == 422, (path, bad, r.text)
        assert "min_confidence" in r.text


def test_min_confidence_is_documented(client):
    params = client.get("/openapi.json").json()["paths"]["/events"]["get"]["parameters"]
    (p,) = [p for p in params if p["name"] == "min_confidence"]
    assert "0..1" in p["description"] and p["schema"]["anyOf"][0]["maximum"] == 1
