"""Killing `rasd watch` (a real SIGKILL) in the middle of a poll: restarted, it loses nothing it
had stored and stores nothing twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from rasd.doc import Article
from rasd.store.models import ArticleRow, ClaimRow, SeenItemRow
from rasd.watch.fetch import Fetcher
from rasd.watch.poll import Poller
from rasd.watch.sources import add_sources, list_sources
from tests.watch.conftest import quick_etiquette

WATCH = [sys.executable, "-c", "from rasd.cli import main; main()", "watch", "--tick", "0.2"]


def _seen(store) -> dict[str, int | None]:
    with store.session() as s:
        return dict(s.execute(select(SeenItemRow.url, SeenItemRow.article_id)).all())


def test_a_killed_watch_resumes_losing_and_repeating_nothing(site, store, db_url, pipeline, tmp_path):
    site.add(28)  # 21 pages (atom, rss and sitemap) and 7 channel posts
    site.page_delay = 0.1
    for path, kind in (("/feed.atom", "atom"), ("/sitemap.xml", "sitemap"), ("/feed.rss", "rss"),
                       ("/s/rasdtest", "telegram")):
        add_sources(store, site.url + path, kind=kind)
    config = tmp_path / "config.toml"
    config.write_text("[watch]\nrate = 500.0\nper_host = 2\nretries = 0\n")
    env = dict(os.environ, RASD_CONFIG=str(config))
    env.pop("RASD_DB", None)
    proc = subprocess.Popen(WATCH + ["--db", db_url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while sum(1 for a in _seen(store).values() if a) < 8:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"watch ended or stalled before it could be killed: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    acknowledged = _seen(store)
    with store.session() as s:
        before = {a.url: a.id for a in s.scalars(select(ArticleRow))}
    assert proc.returncode == -signal.SIGKILL and 8 <= len(acknowledged) < 28
    assert all(article_id in before.values() for article_id in acknowledged.values() if article_id)
    hits_before = dict(site.hits)
    site.page_delay = 0.0

    # restart: one more round finishes the job
    fetcher = Fetcher(quick_etiquette())
    poller = Poller(store, fetcher, pipeline, log=lambda line: None)
    with store.session() as s:
        poller.poll(list_sources(s))
    poller.close()
    fetcher.close()

    seen = _seen(store)
    with store.session() as s:
        after = {a.url: a for a in s.scalars(select(ArticleRow))}
        claims = s.scalar(select(func.count()).select_from(ClaimRow))
        # nothing acknowledged was lost, re-fetched or stored again
        assert all(after[url].id == aid for url, aid in before.items())
        assert len(after) == 28 and all(seen[url] == after[url].id for url in after)
        assert [url for url, aid in seen.items() if aid is None] == [site.url + "/private/members-only.html"]
        for url in acknowledged:
            path = url.replace(site.url, "")
            if path.startswith("/news/"):
                assert site.hits[path] == hits_before[path] == 1
        # each article's events once: as many stored reports as the extractor finds in the articles
        expected = sum(len(pipeline(Article(article_id=a.article_key, text=a.text, published=a.published)).events)
                       for a in after.values())
        assert claims == expected >= 28
