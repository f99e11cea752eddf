"""Exports of the store: ACLED's columns, Excel without formulas, one name for the CSV,
the interaction filters, and confidences printed to 3 places."""
from __future__ import annotations

import csv
import io
import json
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from rasd.cli import app
from rasd.output.contract import validator
from rasd.serve.api import create_app
from rasd.store.ingest import store_doc
from tests.store.conftest import db_url, pg_url, store  # noqa: F401
from tests.store.factories import CLASH, DOUMA, REGIME, doc, event

runner = CliRunner()
FORMULA = "=HYPERLINK(\"http://evil.invalid\",\"x\")"


def _fill(store) -> None:  # noqa: F811
    rebels = dict(actor2="Opposition Rebels (Syria)", inter2=2)
    docs = [doc("a", [event("a", fatalities=4, confidence=0.9500000000000001)], source="skynews"),
            doc("c", [event("c", kind=CLASH, place=DOUMA, day="2018-06-10", actors=(REGIME, rebels))],
                source="+bbc"),
            doc("f", [event("f", place=dict(DOUMA, location=FORMULA), day="2018-07-01")], source="-cnn")]
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


def test_csv_has_acled_columns_and_one_name(store, db_url):  # noqa: F811
    _fill(store)
    plain = runner.invoke(app, ["export", "--db", db_url, "--format", "csv"])
    alias = runner.invoke(app, ["export", "--db", db_url, "--format", "acled-csv"])
    assert plain.exit_code == 0 and plain.stdout == alias.stdout
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert all(re.fullmatch(r"SYR\d{12}", r["event_id_cnty"]) for r in rows)
    assert all(r["timestamp"].isdigit() for r in rows)
    assert {r["source_scale"] for r in rows} >= {"Regional"}
    assert {r["confidence"] for r in rows} >= {"0.95"}


def test_jsonl_export_has_the_store_fields(store, db_url, tmp_path):  # noqa: F811
    _fill(store)
    out = tmp_path / "e.jsonl"
    assert runner.invoke(app, ["export", "--db", db_url, "-o", str(out)]).exit_code == 0
    v = validator(store=True)
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    for r in recs:
        v.validate(r)
    assert max(r["confidence"] for r in recs) == 0.95 and recs[0]["n_reports"] == 1


def test_xlsx_cells_are_never_formulas(store, db_url, tmp_path):  # noqa: F811
    _fill(store)
    out = tmp_path / "events.xlsx"
    r = runner.invoke(app, ["export", "--db", db_url, "--format", "xlsx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["event_id", "event_id_cnty"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    assert texts[FORMULA] == "s" and texts["+bbc"] == "s" and texts["-cnn"] == "s"
    assert all(c.data_type != "f" for c in cells)
    with TestClient(create_app(store, dashboard=False)) as c:
        resp = c.get("/export.xlsx", params={"event_type": "Battles"})
        assert resp.status_code == 200
        api_sheet = load_workbook(io.BytesIO(resp.content)).active
        assert api_sheet.max_row == 2  # the header and the one battle


def test_interaction_filters(store, db_url):  # noqa: F811
    _fill(store)
    listed = runner.invoke(app, ["events", "--db", db_url, "--interaction", "12"])
    assert "Armed clash" in listed.stdout and "Air/drone" not in listed.stdout
    assert "1 of 1 event(s)" in listed.output
    out = runner.invoke(app, ["export", "--db", db_url, "--format", "csv", "--inter1", "8", "--inter2", "7"])
    assert len(list(csv.DictReader(io.StringIO(out.stdout)))) == 2
    with TestClient(create_app(store, dashboard=False)) as c:
        assert c.get("/events", params={"inter2": 2}).json()["total"] == 1
        assert c.get("/events", params={"interaction": 78}).json()["total"] == 2
        assert c.get("/events", params={"inter1": 9}).status_code == 422
        assert c.get("/export.csv", params={"inter1": 1}).text.count("\n") == 2
