"""Exports while `rasd ingest` writes: each export is one consistent set (no event twice).

A real concurrent writer: `rasd ingest` of the dev corpus runs in a subprocess while this
test exports from the same SQLite file through the store, the API and `rasd export`.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

from fastapi.testclient import TestClient
from sqlalchemy import select

from rasd.serve.api import create_app
from rasd.store.database import Store
from rasd.store.models import EventRow
from rasd.store.queries import EventFilter, iter_events, snapshot


def _rasd(*args: str, **kw) -> list[str]:
    return [sys.executable, "-m", "rasd", *args]


def test_exports_during_an_ingest_are_snapshots(tmp_path, dev_corpus) -> None:
    db = tmp_path / "rasd.db"
    head = tmp_path / "head.jsonl"
    lines = dev_corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    head.write_text("".join(lines[:300]), encoding="utf-8")
    env = dict(os.environ)
    subprocess.run(_rasd("ingest", str(head), "--db", str(db), "-q"), check=True, env=env, timeout=600)

    store = Store(f"sqlite:///{db}")
    writer = subprocess.Popen(_rasd("ingest", str(dev_corpus), "--db", str(db), "-q"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    store_runs = api_runs = cli_runs = 0
    try:
        with TestClient(create_app(store, dashboard=False)) as client:
            while writer.poll() is None:
                # the store: small chunks, so rows move between them if the export is not a snapshot
                with snapshot(store.engine) as s:
                    ids = [row.id for row in iter_events(s, EventFilter(), chunk=50)]
                    assert set(ids) == set(s.scalars(select(EventRow.id)))  # exactly the events of that moment
                dups = [i for i, n in Counter(ids).items() if n > 1]
                assert not dups, f"{len(dups)} duplicated event(s) in a store export of {len(ids)}"
                store_runs += 1

                r = client.get("/export.jsonl")
                assert r.status_code == 200
                got = Counter(json.loads(x)["event_id"] for x in r.text.splitlines())
                assert not [i for i, n in got.items() if n > 1], "duplicated events in /export.jsonl"
                api_runs += 1

                if cli_runs < 2:
                    out = subprocess.run(_rasd("export", "--db", str(db)), capture_output=True, text=True,
                                         env=env, timeout=300, check=True).stdout
                    got = Counter(json.loads(x)["event_id"] for x in out.splitlines())
                    assert not [i for i, n in got.items() if n > 1], "duplicated events in rasd export"
                    cli_runs += 1
    finally:
        if writer.poll() is None:
            writer.kill()
        _, err = writer.communicate(timeout=60)
        store.close()
    assert writer.returncode == 0, err[-2000:]
    assert store_runs >= 3 and api_runs >= 3 and cli_runs >= 1, (store_runs, api_runs, cli_runs)
