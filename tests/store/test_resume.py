"""Killing `rasd ingest` half-way (a real SIGKILL) and running it again ends as one clean run does."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from rasd.store.database import Store
from rasd.store.models import ArticleRow, ClaimRow, EventRow
from tests.store.conftest import reset_postgres

INGEST = [sys.executable, "-c", "from rasd.cli import main; main()", "ingest", "--quiet"]


def snapshot(url: str) -> dict:
    """The store's content by natural keys (row ids may differ between runs)."""
    s = Store(url)
    with s.session() as ses:
        arts = sorted((a.article_key, a.content_hash, a.url or "") for a in ses.scalars(select(ArticleRow)))
        claims = sorted((c.article.article_key, c.seq, c.event_key, c.event_type or "", str(c.event_date))
                        for c in ses.scalars(select(ClaimRow)))
        events = sorted((tuple(sorted(c.event_key for c in e.claims)), str(e.event_date), e.location or "",
                         e.fatalities or -1, e.disputed, e.n_sources) for e in ses.scalars(select(EventRow)))
    s.close()
    return {"articles": arts, "claims": claims, "events": events}


def count_articles(store: Store) -> int:
    with store.session() as ses:
        return ses.scalar(select(func.count()).select_from(ArticleRow)) or 0


def run(url: str, corpus, env) -> None:
    subprocess.run(INGEST + ["--db", url, str(corpus)], check=True, env=env, timeout=600)


def test_killed_ingest_resumes_to_the_clean_result(db_url, dev_corpus, tmp_path):
    env = dict(os.environ, RASD_HOME=str(tmp_path / "home"))
    env.pop("RASD_DB", None)
    run(db_url, dev_corpus, env)
    clean = snapshot(db_url)
    assert len(clean["articles"]) > 1100
    # start again from nothing, kill it half-way, resume
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    else:
        reset_postgres(db_url)
    watch = Store(db_url)  # migrates first, so the count below can be polled from the start
    proc = subprocess.Popen(INGEST + ["--db", db_url, str(dev_corpus)], env=env)
    deadline = time.monotonic() + 300
    half = len(clean["articles"]) // 2
    while count_articles(watch) < half:
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("ingest ended (or stalled) before it could be killed half-way")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = count_articles(watch)
    watch.close()
    assert proc.returncode == -signal.SIGKILL and stored < len(clean["articles"])
    run(db_url, dev_corpus, env)
    assert snapshot(db_url) == clean

