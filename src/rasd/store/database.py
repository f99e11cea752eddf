"""Opening the event database: URL resolution, SQLite pragmas, migrations.

SQLite is the embedded default (a file under `rasd.paths.data_home()`); set
`--db` or `RASD_DB` to another file or to a URL such as
`postgresql+psycopg://user:pass@host/rasd` for a shared deployment.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from rasd.paths import data_home

DEFAULT_FILE = "rasd.db"
MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str | None = None) -> str:
    """`db` (a URL or a file path), else `RASD_DB`, else the SQLite file in the data dir."""
    value = db or os.environ.get("RASD_DB")
    if not value:
        home = data_home()
        home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{home / DEFAULT_FILE}"
    if "://" in value:
        # plain postgresql:// means the psycopg 3 driver we depend on, not psycopg2
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value
    path = Path(value).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (the API) never block the writer (ingest) and a killed writer
    # leaves the database as of its last commit.
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode: durable across a process crash, and a commit costs no fsync
    # (a power cut may lose the last commits, never corrupt the file).
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        # the API serves from a thread pool; SQLite connections are guarded by the pool
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _transactional_ddl(engine: Engine) -> Engine:
    """An engine on the same SQLite file whose transactions cover DDL too.

    pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so each CREATE TABLE
    of a migration commits on its own and a process killed half-way leaves half a schema
    ("table articles already exists" ever after).  SQLAlchemy's documented workaround:
    turn pysqlite's own transaction handling off and emit BEGIN ourselves."""
    ddl = create_engine(engine.url)
    event.listen(ddl, "connect", _sqlite_pragmas)

    @event.listens_for(ddl, "connect")
    def _no_implicit_transactions(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None

    @event.listens_for(ddl, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # takes the write lock: two first runs do not race

    return ddl


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine  # env.py uses this engine rather than a URL in an ini file
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (a no-op when it is there already)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if engine.dialect.name != "sqlite":
        command.upgrade(cfg, "head")  # PostgreSQL's DDL is transactional as it is
        return
    ddl = _transactional_ddl(engine)
    try:
        if current is None:
            _drop_half_schema(ddl)
        command.upgrade(alembic_config(ddl), "head")
    finally:
        ddl.dispose()


# What the first migration creates, in the order it creates them.
_FIRST_TABLES = ("articles", "events", "gazetteer_overrides", "claims")


def _drop_half_schema(engine: Engine) -> None:
    """A database without a schema version but with some of Rasd's tables, all empty, was
    left by a first run killed half-way (by a version whose schema creation was not one
    transaction): drop them so the migration can run.  Tables holding rows are never
    dropped: that is not Rasd's half-made schema, so say so."""
    with engine.begin() as conn:
        present = [t for t in _FIRST_TABLES if inspect(conn).has_table(t)]
        if not present:
            return
        full = [t for t in present if conn.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()]
        if full:
            raise RuntimeError(f"the database holds table(s) {', '.join(full)} with rows but no Rasd schema "
                               "version (not a Rasd database?); use another file")
        for t in reversed(_FIRST_TABLES):
            conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{t}"')


class CorruptDatabase(RuntimeError):
    """The database file is damaged: reading it gives wrong or no results, writing makes it worse."""


def integrity_problem(engine: Engine) -> str | None:
    """What SQLite's quick check finds wrong with the file (None when it is sound; always
    None on other databases, which check themselves).  Reads every page: fast, but not free."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(3)")]
    except DBAPIError as exc:  # e.g. "file is not a database"
        return str(exc.orig)
    if rows == ["ok"]:
        return None
    # one line: SQLite's report spans lines and starts with a "*** in database main ***" banner
    lines = [x.strip() for r in rows for x in str(r).splitlines() if x.strip() and not x.startswith("***")]
    return "; ".join(lines) or "failed SQLite's integrity check"


class Store:
    """An engine on a migrated, sound database and a session factory.

    A damaged SQLite file is refused at open (`CorruptDatabase`): ingesting into it would
    go on "successfully" while exports and the API fail."""

    # seconds a health check is reused (the quick check reads the whole file)
    HEALTH_EVERY = 30.0

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        problem = integrity_problem(self.engine)
        if problem:
            self.engine.dispose()
            raise CorruptDatabase(f"the database {self.engine.url.database} is damaged ({problem}); "
                                  "restore it from a backup, or move it away and ingest again")
        migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._health: tuple[float, str | None] = (time.monotonic(), None)

    def health(self, max_age: float | None = None) -> str | None:
        """None when the database answers and is sound, else what is wrong (for /health)."""
        max_age = self.HEALTH_EVERY if max_age is None else max_age
        checked, problem = self._health
        if time.monotonic() - checked < max_age:
            return problem
        try:
            problem = integrity_problem(self.engine)
            if problem is None:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("SELECT COUNT(*) FROM events")
        except Exception as exc:  # unreachable server, missing table: not healthy
            problem = f"{type(exc).__name__}: {exc}"
        self._health = (time.monotonic(), problem)
        return problem

    def session(self) -> Session:
        return self.sessions()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None) -> Store:
    """The store at `db` (see `database_url`), migrated to the latest schema."""
    return Store(database_url(db))
