"""Database fixtures: every store and API test runs on SQLite, and also on PostgreSQL
when RASD_TEST_PG_URL names a server (e.g. postgresql://rasd:rasd@localhost/rasd_test).
The PostgreSQL database is emptied before each test; nothing is mocked. Under pytest-xdist
each worker has a database of its own (rasd_test_gw0, ...), so two workers never empty
each other's tables."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from rasd.store.database import Store, database_url
from rasd.store.models import Base

PG_URL = os.environ.get("RASD_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _worker_database(url: str) -> str:
    """`url` itself, or under an xdist worker a database named after the worker (created once)."""
    from sqlalchemy.engine import make_url

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_url() -> str | None:
    return _worker_database(database_url(PG_URL)) if PG_URL else None


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, pg_url) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rasd.db'}"
    url = pg_url
    reset_postgres(url)
    return url


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()
