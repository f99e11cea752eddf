"""API fixtures: an app over a real store (SQLite, and PostgreSQL when RASD_TEST_PG_URL is set)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rasd.serve.api import create_app
from rasd.store.ingest import store_doc
from tests.store.conftest import db_url, store  # noqa: F401  (the parametrised database fixtures)
from tests.store.factories import BINNISH, CLASH, DOUMA, doc, event

TOKEN = "test-token"


def fill(store) -> None:  # noqa: F811
    """Two outlets on one strike in Idlib (disputed toll), one clash in Douma."""
    docs = [doc("a", [event("a", fatalities=4)], source="sky"),
            doc("b", [event("b", fatalities=6, place=BINNISH)], source="bbc"),
            doc("c", [event("c", kind=CLASH, place=DOUMA, day="2018-06-10")], source="cnn",
                text="اشتباكات عنيفة في دوما بين قوات النظام وفصائل المعارضة.")]
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


@pytest.fixture
def client(store):  # noqa: F811
    fill(store)
    with TestClient(create_app(store, token=TOKEN, max_body=64 * 1024)) as c:
        yield c
