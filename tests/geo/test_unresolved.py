"""The log of unresolved toponyms is a side channel: it never costs an article, and it is capped."""
from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

from rasd.geo import unresolved
from rasd.geo.gazetteer import DB_NAME
from rasd.geo.unresolved import UnresolvedLog


def _full_disk() -> None:
    # no file may grow past 1 byte: every write to the data directory fails as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))


def test_a_full_data_directory_costs_no_article(dev_corpus, rasd_home: Path) -> None:
    """It cost one article per flush: 2,182 events instead of 2,187 and an error line."""
    cmd = [sys.executable, "-m", "rasd", "extract", str(dev_corpus)]
    env = dict(os.environ, RASD_HOME=str(rasd_home))
    clean = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env)
    full = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env, preexec_fn=_full_disk)
    assert full.returncode == 0, full.stderr
    assert full.stdout == clean.stdout
    warnings = [x for x in full.stderr.splitlines() if "unresolved place names" in x]
    assert len(warnings) == 1 and "going on without them" in warnings[0]
    assert "error" not in full.stderr.replace("I/O error", "") and "Traceback" not in full.stderr


def test_a_read_only_log_warns_once(rasd_home: Path, capsys) -> None:
    path = rasd_home / DB_NAME
    log = UnresolvedLog(path)
    log.record("زغرتاوي", "زغرتاوي", "a1", "قرية زغرتاوي")
    log.flush()
    ro = UnresolvedLog(path)
    # SQLite's read-only mode: the file cannot be written, even by root
    ro._connect = lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True)  # type: ignore[method-assign]
    for i in range(1200):  # two automatic flushes and a last one
        ro.record(f"k{i}", "x", f"a{i}", "")
    ro.flush()
    err = capsys.readouterr().err
    assert err.count("cannot record unresolved place names") == 1
    assert [r.text for r in log.top()] == ["زغرتاوي"]


def test_the_log_is_capped_and_keeps_counts(rasd_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(unresolved, "MAX_NAMES", 50)
    monkeypatch.setattr(unresolved, "MAX_LINKS", 200)
    path = rasd_home / DB_NAME
    log = UnresolvedLog(path)
    for art in range(100):
        for name in range(100):  # 10,000 occurrences of 100 names
            log.record(f"name{name:03d}", f"name{name}", f"article{art}", "a sentence " * 50)
    rows = log.top(1000)
    assert len(rows) == 50  # names past the cap are not kept
    assert sum(r.articles for r in rows) == 50 * 100  # but every occurrence of a kept one is counted
    assert all(len(r.example) <= unresolved.MAX_CONTEXT for r in rows)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM unresolved_articles").fetchone()[0] == 200
    # the same articles again: below the cap, a (name, article) pair counts once
    fresh = UnresolvedLog(path)
    fresh.clear()
    for _ in range(3):
        fresh.record("again", "again", "same-article", "")
    assert fresh.top()[0].articles == 1


def test_rows_of_the_first_layout_are_carried_over(rasd_home: Path) -> None:
    path = rasd_home / DB_NAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS unresolved (key TEXT, text TEXT, article_id TEXT, context TEXT, "
                   "seen REAL, PRIMARY KEY (key, article_id))")
        db.executemany("INSERT INTO unresolved VALUES (?, ?, ?, ?, ?)",
                       [("old", "قديم", "a1", "s1", 1.0), ("old", "قديم", "a2", "s2", 2.0)])
    (row,) = UnresolvedLog(path).top()
    assert (row.key, row.text, row.articles) == ("old", "قديم", 2)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM unresolved").fetchone()[0] == 0


def test_lone_surrogates_in_a_name_cost_nothing(tmp_path):
    """Web text can hold lone surrogates, which SQLite cannot store: they are replaced."""
    from rasd.geo.unresolved import UnresolvedLog

    log = UnresolvedLog(tmp_path / "g.sqlite")
    log.record("قريه\ud800", "قرية\ud800", "art-\udfff", "في قرية\ud800 الشمالية")
    log.flush()
    [row] = log.top()
    assert "\ufffd" in row.text and "\ud800" not in row.example
