"""Governorate and district filters accept any spelling: English, Arabic or ACLED's.

A real SQLite store is filled by `rasd ingest` from real articles (the five seeds and the
first 120 development articles); stored events keep ACLED's spelling (Idleb, Deir-ez-Zor),
and `--admin1 Idlib` used to return nothing while `--admin1 Idleb` returned them all.
"""
from __future__ import annotations

import json
from itertools import islice
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from rasd.cli import app
from rasd.serve.api import create_app
from rasd.store.database import Store

runner = CliRunner()

ADMIN1 = {"Idleb": ["Idlib", "idlib", "إدلب", "Idleb Governorate"],
          "Deir-ez-Zor": ["Deir ez-Zor", "Deir ez Zor", "deir-ez-zor", "دير الزور"]}
ADMIN2 = {"Douma": ["دوما", "Duma"], "Mayadin": ["الميادين", "Al Mayadin"]}


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("spellings")


@pytest.fixture(autouse=True)
def _same_home(home: Path, monkeypatch) -> None:
    """Every test of the module reads the gazetteer the articles were ingested with."""
    monkeypatch.setenv("RASD_HOME", str(home))


@pytest.fixture(scope="module")
def ingested(home: Path, shared) -> str:
    mp = pytest.MonkeyPatch()
    mp.setenv("RASD_HOME", str(home))
    src = home / "dev120.jsonl"
    with (shared / "corpus" / "dev" / "ant-dev-1193.jsonl").open(encoding="utf-8") as fh:
        src.write_text("".join(islice(fh, 120)), encoding="utf-8")
    url = f"sqlite:///{home / 'rasd.db'}"
    done = runner.invoke(app, ["ingest", "--db", url, "-q", str(src), str(shared / "corpus" / "seeds")])
    mp.undo()
    assert done.exit_code == 0, done.output
    return url


def event_ids(url: str, *args: str) -> set[str]:
    out = runner.invoke(app, ["events", "--db", url, "--json", "-n", "10000", *args])
    assert out.exit_code == 0, out.output
    return {json.loads(x)["event_id"] for x in out.stdout.splitlines() if x.strip()}


@pytest.mark.parametrize("canonical", sorted(ADMIN1))
def test_events_admin1_in_any_spelling(ingested: str, canonical: str) -> None:
    expected = event_ids(ingested, "--admin1", canonical)
    assert len(expected) >= 5  # the slice has events in both governorates
    for alias in ADMIN1[canonical]:
        assert event_ids(ingested, "--admin1", alias) == expected, alias


@pytest.mark.parametrize("canonical", sorted(ADMIN2))
def test_events_admin2_in_any_spelling(ingested: str, canonical: str) -> None:
    expected = event_ids(ingested, "--admin2", canonical)
    assert expected
    for alias in ADMIN2[canonical]:
        assert event_ids(ingested, "--admin2", alias) == expected, alias


def test_export_admin1_in_any_spelling(ingested: str, tmp_path: Path) -> None:
    counts = []
    for spelling in ("Idleb", "Idlib", "إدلب"):
        out = runner.invoke(app, ["export", "--db", ingested, "--format", "geojson", "--admin1", spelling])
        assert out.exit_code == 0, out.output
        counts.append(sorted(f["properties"]["event_id"] for f in json.loads(out.stdout)["features"]))
    assert counts[0] and counts[0] == counts[1] == counts[2]


def test_an_unknown_name_matches_nothing(ingested: str) -> None:
    assert event_ids(ingested, "--admin1", "Narnia") == set()


def test_api_admin_filters_in_any_spelling(ingested: str) -> None:
    store = Store(ingested)
    try:
        with TestClient(create_app(store)) as client:
            for canonical, aliases in ADMIN1.items():
                want = client.get("/events", params={"admin1": canonical, "page_size": 200}).json()
                assert want["total"] >= 5
                ids = {e["event_id"] for e in want["items"]}
                for alias in aliases:
                    got = client.get("/events", params={"admin1": alias, "page_size": 200}).json()
                    assert {e["event_id"] for e in got["items"]} == ids, alias
            for canonical, aliases in ADMIN2.items():
                want = client.get("/events", params={"admin2": canonical}).json()["total"]
                assert want and all(client.get("/events", params={"admin2": a}).json()["total"] == want
                                    for a in aliases)
    finally:
        store.close()
