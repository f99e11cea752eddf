"""API fixtures: an app over a real store (SQLite, and PostgreSQL when RASD_TEST_PG_URL is set)."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from contextlib import contextmanager
from typing import Iterator

import pytest

from tests.conftest import wait_until_serving
from fastapi.testclient import TestClient

from rasd.serve.api import create_app
from rasd.store.ingest import store_doc
from tests.store.conftest import db_url, pg_url, store  # noqa: F401  (the parametrised database fixtures)
from tests.store.factories import BINNISH, CLASH, DOUMA, doc, event

TOKEN = "test-token"


def fill(store) -> None:  # noqa: F811
    """Two outlets on one strike in Idlib (disputed toll), one clash in Douma."""
    docs = [doc("a", [event("a", fatalities=4)], source="sky"),
            doc("b", [event("b", fatalities=6, place=BINNISH)], source="bbc"),
            doc("c", [event("c", kind=CLASH, place=DOUMA, day="2018-06-10")], source="cnn",
                text="اشتباكات عنيفة في دوما بين قوات النظام وفصائل المعارضة.")]
    for d in docs:
        with store.session() as s, s.begin():
            store_doc(s, d)


@pytest.fixture
def client(store):  # noqa: F811
    fill(store)
    with TestClient(create_app(store, token=TOKEN, max_body=64 * 1024)) as c:
        yield c


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: str, *args: str, nofile: int | None = None,
                   home: str | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`rasd serve` on `db` on a free loopback port (a real uvicorn), stopped afterwards.
    `nofile` caps the server's file descriptors (soft and hard), as a default ulimit would;
    `home` is its RASD_HOME (default: the tests' own)."""
    port = free_port()

    def limit() -> None:
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    proc = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", db, "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=dict(os.environ, **({"RASD_HOME": home} if home else {})),
                            preexec_fn=limit)
    url = f"http://127.0.0.1:{port}"
    wait_until_serving(proc, url)
    try:
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def filled_db(tmp_path) -> str:
    """A small SQLite store on disk (the three reports of `fill`), for a server to serve."""
    from rasd.store.database import Store

    path = tmp_path / "served.db"
    s = Store(f"sqlite:///{path}")
    fill(s)
    s.close()
    return str(path)
