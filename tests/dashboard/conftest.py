"""A real server on a real database built from the dev corpus, and a real Chromium.

The database is built once per test session with `rasd ingest` (a subprocess, as a
user would), then `rasd serve` runs on a free loopback port.  Chromium is Debian's
(/usr/bin/chromium), driven by Playwright; without it the tests are skipped, unless
RASD_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure.
"""
from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import REPO
from tests.serve.conftest import running_server as serve_running

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("RASD_ARTIFACTS", REPO / "artifacts"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


def _need_browser() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("RASD_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory, dev_corpus) -> Path:
    db = tmp_path_factory.mktemp("dashboard") / "dev.db"
    env = dict(os.environ, RASD_HOME=str(tmp_path_factory.getbasetemp() / "rasd-home"))
    r = subprocess.run([sys.executable, "-m", "rasd", "ingest", str(dev_corpus), "--db", str(db)],
                       capture_output=True, text=True, env=env, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    return db


@contextmanager
def running_server(db: Path, home: Path) -> Iterator[str]:
    """`rasd serve` on `db` at a free loopback port: its URL, while it runs."""
    with serve_running(str(db), home=str(home)) as (url, _):
        yield url


@pytest.fixture(scope="session")
def server(dev_db, tmp_path_factory) -> Iterator[str]:
    with running_server(dev_db, tmp_path_factory.getbasetemp() / "rasd-home") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records every request it makes."""
    with watched_page(browser) as pg:
        yield pg


@contextmanager
def watched_page(browser, width: int = 1400, height: int = 850) -> Iterator:
    """A fresh page (desktop-sized unless told) that records what a test asserts on: the
    URLs it requested (`requests`), script errors (`errors`) and console lines (`console`)."""
    ctx = browser.new_context(viewport={"width": width, "height": height})
    pg = ctx.new_page()
    pg.errors, pg.console, pg.requests = [], [], []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.console.append(m.text))
    pg.on("request", lambda r: pg.requests.append(r.url))
    try:
        yield pg
    finally:
        ctx.close()


@pytest.fixture(scope="session")
def dashboard_data(server) -> dict:
    """What the page loads: every event, compact (ids, types, dates, places, precision)."""
    import json
    import urllib.request

    with urllib.request.urlopen(server + "/dashboard/events.json") as r:
        return json.load(r)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
