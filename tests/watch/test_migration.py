"""A store made before watching existed (schema 0001) upgrades in place, keeping its rows."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text

from rasd.store.database import Store, alembic_config, make_engine


def test_a_0001_store_gains_the_watch_tables_and_keeps_its_articles(db_url):
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (article_key, content_hash, text, metadata, extractor, ingested_at, "
                          "updated_at) VALUES ('a', 'h', 'نص', '{}', 'x', '2024-01-01', '2024-01-01')"))
    engine.dispose()
    store = Store(db_url)
    assert {"sources", "seen_items", "alerts", "alert_deliveries"} <= set(store.tables())
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        assert conn.execute(text("SELECT article_key FROM articles")).scalars().all() == ["a"]
    store.close()
