"""Alembic environment: runs on the engine `rasd.store.database.migrate` hands over.

Run by hand with `alembic -c src/rasd/store/migrations/alembic.ini upgrade head`
(the URL then comes from RASD_DB or the default SQLite file).
"""
from __future__ import annotations

from alembic import context

from rasd.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from rasd.store.database import database_url, make_engine

        engine = make_engine(database_url())
    with engine.connect() as connection:
        # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table
        # one transaction for all migrations (with `migrate`'s engine on SQLite, DDL included):
        # a process killed half-way leaves the schema as it was, never half made
        # transactional_ddl: Alembic takes SQLite's DDL for non-transactional and would commit each
        # migration on its own (a kill between 0001 and 0002 left the first alone); on `migrate`'s
        # engine it is transactional, PostgreSQL's always is
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite", transaction_per_migration=False,
                          transactional_ddl=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them against a database")
run_migrations_online()
