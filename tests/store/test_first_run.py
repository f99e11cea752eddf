"""First-run schema creation: a kill at any point leaves a database every later command can use."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from rasd.store.database import open_store

# Imports done before "go", so the kill lands in the schema creation, not in the imports.
DRIVER = ("import sys; from rasd.store.database import open_store; import alembic.command, alembic.script, "
          "alembic.runtime.migration, rasd.store.models, sqlalchemy.dialects.sqlite; print('go', flush=True); "
          "open_store(sys.argv[1])")
TABLES = {"alembic_version", "articles", "claims", "events", "gazetteer_overrides",
          "sources", "seen_items", "alerts", "alert_deliveries"}  # 0003: what `rasd watch` keeps


def _tables(db: Path) -> int:
    if not db.exists():
        return -1
    with sqlite3.connect(db) as conn:  # committed state only (a killed transaction is not there)
        return conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()[0]


def test_kill_during_first_run_schema_creation(tmp_path: Path) -> None:
    """It bricked the database in 2 of 30 tries ("table articles already exists" ever after)."""
    rng = random.Random(14)
    env = dict(os.environ, RASD_HOME=str(tmp_path / "home"))
    states = []
    for i in range(30):
        db = tmp_path / f"{i}.db"
        proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(db)], stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdout is not None and proc.stdout.readline() == "go\n"
        time.sleep(rng.uniform(0, 0.2))  # the schema is made within ~0.1 s of "go"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        states.append(_tables(db))
        store = open_store(str(db))  # what the next command does first (in this process: fast)
        assert TABLES <= set(store.tables()), i
        store.close()
    # and a real command on each kind of leftover
    for state in set(states):
        db = tmp_path / f"{states.index(state)}.db"
        r = subprocess.run([sys.executable, "-m", "rasd", "events", "--db", str(db)], capture_output=True,
                           text=True, env=env, timeout=120)
        assert r.returncode == 0 and "0 of 0 event(s)" in r.stderr, r.stderr
    # all or nothing: the schema is never half made (-1: killed before the file was created)
    assert set(states) <= {-1, 0, len(TABLES)}, states


def test_a_half_made_schema_of_an_earlier_version_is_repaired(tmp_path: Path) -> None:
    db = tmp_path / "half.db"
    with sqlite3.connect(db) as conn:  # what a killed non-transactional first run left
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    store = open_store(str(db))
    assert TABLES <= set(store.tables())
    store.close()


def test_a_foreign_database_is_refused_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO articles VALUES (1, 'mine')")
    r = subprocess.run([sys.executable, "-m", "rasd", "events", "--db", str(db)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "articles with rows but no Rasd schema version" in r.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM articles").fetchall() == [("mine",)]
