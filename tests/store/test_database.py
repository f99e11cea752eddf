"""Opening the store: URL resolution, migrations, SQLite pragmas."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from rasd.store.database import Store, database_url
from rasd.store.models import Base


def test_url_from_option_env_and_default(monkeypatch, tmp_path):
    monkeypatch.delenv("RASD_DB", raising=False)
    monkeypatch.setenv("RASD_HOME", str(tmp_path / "home"))
    assert database_url() == f"sqlite:///{tmp_path / 'home' / 'rasd.db'}"
    monkeypatch.setenv("RASD_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url(str(tmp_path / "opt.db")) == f"sqlite:///{tmp_path / 'opt.db'}"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgresql+psycopg://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_migrations_create_the_tables_the_models_describe(store):
    assert {"articles", "claims", "events", "gazetteer_overrides", "alembic_version"} <= set(store.tables())
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_opening_twice_is_harmless(db_url):
    Store(db_url).close()
    s = Store(db_url)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
    s.close()


def test_sqlite_runs_in_wal_mode(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    s.close()
