"""Database fixtures: every store and API test runs on SQLite, and also on PostgreSQL
when RASD_TEST_PG_URL names a server (e.g. postgresql://rasd:rasd@localhost/rasd_test).
The PostgreSQL database is emptied before each test; nothing is mocked."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from rasd.store.database import Store, database_url
from rasd.store.models import Base

PG_URL = os.environ.get("RASD_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rasd.db'}"
    url = database_url(PG_URL)
    reset_postgres(url)
    return url


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()
