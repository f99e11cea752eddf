"""Watch fixtures: the local news site, a store (SQLite, and PostgreSQL when RASD_TEST_PG_URL
names one), one extraction pipeline for the session, a fetcher quick enough for tests."""
from __future__ import annotations

import pytest

from rasd.store.database import Store
from rasd.watch.fetch import Etiquette, Fetcher
from tests.store.conftest import db_url, pg_url  # noqa: F401  (the store tests' backends)
from tests.watch.site import Site


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


@pytest.fixture
def store(db_url):  # noqa: F811
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory):
    from rasd.doc import Article
    from rasd.pipeline import full_pipeline
    from tests.watch.site import story

    # the session's data directory, as tests/conftest.py's autouse fixture sets it per test (a
    # session fixture is made before that one runs): never the user's
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RASD_HOME", str(tmp_path_factory.getbasetemp() / "rasd-home"))
        pipe = full_pipeline()
        s = story(0)
        pipe(Article(article_id="warm-up", text=s.body))  # the gazetteer index is built once, here, for every test
    return pipe


def quick_etiquette(**changes) -> Etiquette:
    """Polite in every way but pace: the test site is local and the suite has a time budget."""
    values = dict(rate=500.0, per_host=4, retries=1, backoff=0.05, read_timeout=1.0, connect_timeout=1.0,
                  total_timeout=5.0)
    values.update(changes)
    return Etiquette(**values)


@pytest.fixture
def fetcher():
    f = Fetcher(quick_etiquette())
    yield f
    f.close()


@pytest.fixture
def sqlite_store(tmp_path):
    """SQLite only: for tests whose subject does not depend on the database (the suite's time budget)."""
    s = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    yield s
    s.close()
