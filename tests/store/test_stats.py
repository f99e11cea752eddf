"""`rasd stats` and `GET /stats`: counts and fatalities per period and group, with the filters of `rasd events`."""
from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.cli import app
from rasd.serve.api import create_app
from rasd.store.ingest import store_doc
from tests.store.factories import CLASH, DARAA, DOUMA, REGIME, SARAQIB, doc, event

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n"


def _fill(store) -> None:
    rebels = dict(actor2="Opposition Rebels (Syria)", inter2=2)
    docs = [doc("a", [event("a", fatalities=4, day="2018-05-01")]),  # Idlib, Tuesday of the week of 30 April
            doc("b", [event("b", fatalities=2, place=SARAQIB, day="2018-05-03")]),  # Idlib, same week
            doc("c", [event("c", kind=CLASH, place=DOUMA, day="2018-05-20", actors=(REGIME, rebels))]),
            doc("d", [event("d", fatalities=1, place=DARAA, day="2018-06-02")])]
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


def test_stats_cli_csv_json_png(store, db_url, tmp_path):
    _fill(store)
    r = runner.invoke(app, ["stats", "--db", db_url, "--by", "admin1", "--period", "month"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert rows[0] == {"period": "2018-05-01", "group": "Idlib", "events": "2", "fatalities": "6"}
    assert {(x["period"], x["group"]) for x in rows} == {("2018-05-01", "Idlib"), ("2018-05-01", "Rural Damascus"),
                                                           ("2018-06-01", "Daraa")}
    weekly = runner.invoke(app, ["stats", "--db", db_url, "--period", "week", "--by", "type", "--format", "json",
                                 "--admin1", "Idlib"])  # the filters of `rasd events`
    assert '"period": "2018-04-30"' in weekly.stdout and '"events": 2' in weekly.stdout
    assert "Battles" not in weekly.stdout
    png = tmp_path / "chart.png"
    assert runner.invoke(app, ["stats", "--db", db_url, "--format", "png", "-o", str(png)]).exit_code == 0
    assert png.read_bytes().startswith(PNG)
    assert runner.invoke(app, ["stats", "--db", db_url, "--by", "colour"]).exit_code == 2


def test_stats_api_by_actor(store):
    _fill(store)
    with TestClient(create_app(store, dashboard=False)) as c:
        body = c.get("/stats", params={"by": "actor", "period": "month", "date_to": "2018-05-31"}).json()
        groups = {(r["group"], r["events"]) for r in body["rows"]}
        # the clash counts for both its actors; the strikes for Russia and the civilians
        assert ("Military Forces of Syria (2000-)", 1) in groups and ("Opposition Rebels (Syria)", 1) in groups
        assert ("Military Forces of Russia (2000-)", 2) in groups
        assert c.get("/stats", params={"format": "csv", "interaction": 12}).text.count("\n") == 2
        png = c.get("/stats", params={"format": "png"})
        assert png.headers["content-type"] == "image/png" and png.content.startswith(PNG)
        assert c.get("/stats", params={"by": "colour"}).status_code == 422
