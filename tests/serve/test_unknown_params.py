"""A query parameter an endpoint does not take is a 422 naming it, not silently ignored."""
from __future__ import annotations


def test_unknown_query_parameters_are_named(client):
    r = client.get("/events", params={"country": "Syria"})
    assert r.status_code == 422 and r.json()["detail"].startswith("unknown query parameter: country")
    r = client.get("/export.csv", params={"admin_1": "Idlib", "typ": "Battles"})
    assert r.status_code == 422 and "unknown query parameters: admin_1, typ" in r.json()["detail"]
    assert client.get("/articles", params={"admin1": "Idlib"}).status_code == 422
    assert client.get("/health", params={"x": "1"}).status_code == 422
    # what the endpoints declare, their own and their filters', still works
    assert client.get("/events", params={"admin1": "Idlib", "page": 1, "inter1": 8}).status_code == 200
    assert client.get("/stats", params={"by": "type", "admin2": "Idlib"}).status_code == 200
    assert client.get("/articles", params={"source": "sky", "page_size": 5}).status_code == 200
    assert client.get("/", params={"utm_source": "x"}).status_code == 200  # the dashboard page is not the API
