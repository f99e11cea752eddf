"""Requests the API cannot use get a clear 422: unknown query parameters are named, a body that is not a JSON object is said to be one."""
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


def test_an_html_body_gets_a_clear_message(client):
    from tests.serve.conftest import TOKEN

    auth = {"Authorization": f"Bearer {TOKEN}"}
    page = "<html><body><p>قصفت طائرات حربية مدينة إدلب</p></body></html>"
    r = client.post("/articles", content=page.encode("utf-8"), headers=dict(auth, **{"Content-Type": "text/html"}))
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert isinstance(detail, str) and "must be a JSON object" in detail and "an HTML page" in detail
    assert page not in detail  # the body is not echoed back
    r = client.post("/articles", content=b"{not json", headers=dict(auth, **{"Content-Type": "application/json"}))
    assert r.status_code == 422 and "broken JSON" in r.json()["detail"]
    # a JSON object with a bad field still gets the field-by-field errors
    r = client.post("/articles", json={"text": ""}, headers=auth)
    assert r.status_code == 422 and isinstance(r.json()["detail"], list)
