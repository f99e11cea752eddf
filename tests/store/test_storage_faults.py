"""Honest outcomes when storage fails: a full disk, two writers racing, a damaged database."""
from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from rasd.serve.api import create_app
from rasd.store.database import CorruptDatabase, Store
from rasd.store.models import ArticleRow

RASD = [sys.executable, "-m", "rasd"]


@pytest.fixture
def part(dev_corpus, tmp_path) -> Path:
    f = tmp_path / "part.jsonl"
    f.write_text("\n".join(dev_corpus.read_text(encoding="utf-8").splitlines()[:60]) + "\n", encoding="utf-8")
    return f


def _articles(db: Path) -> int:
    s = Store(f"sqlite:///{db}")
    with s.session() as ses:
        n = ses.scalar(select(func.count()).select_from(ArticleRow)) or 0
    s.close()
    return n


def _full_disk() -> None:
    # no file may grow past 300 KB: the database's write-ahead log soon cannot grow, as on a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, resource.RLIM_INFINITY))


def test_a_full_disk_is_a_storage_error_and_a_failed_run(part, tmp_path) -> None:
    """It said "skipped 539 (539 extraction error)" and exited 0."""
    db = tmp_path / "rasd.db"
    Store(f"sqlite:///{db}").close()
    # the gazetteer index is built first (a full disk before that is its own error)
    subprocess.run(RASD + ["gazetteer", "lookup", "حلب"], capture_output=True, timeout=600, check=True)
    r = subprocess.run(RASD + ["ingest", str(part), "--db", str(db), "-w", "0"], capture_output=True, text=True,
                       timeout=600, preexec_fn=_full_disk)
    assert r.returncode == 3, r.stderr
    assert "extraction error" not in r.stderr and "Traceback" not in r.stderr
    assert "storage error" in r.stderr and "could not be stored" in r.stderr
    stored = _articles(db)
    assert stored < 60
    assert f"Read {stored} article(s), skipped {60 - stored} ({60 - stored} storage error)" in r.stderr
    # with room again, the same command resumes and succeeds
    r = subprocess.run(RASD + ["ingest", str(part), "--db", str(db), "-w", "2"], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert _articles(db) == 60


def test_two_ingests_of_one_file_race_without_errors(part, tmp_path) -> None:
    """They printed 729 spurious `IntegrityError ... articles.url` lines."""
    db = tmp_path / "rasd.db"
    Store(f"sqlite:///{db}").close()
    procs = [subprocess.Popen(RASD + ["ingest", str(part), "--db", str(db), "-w", w], stderr=subprocess.PIPE,
                              text=True) for w in ("0", "1")]
    errs = [p.communicate(timeout=600)[1] for p in procs]
    for p, err in zip(procs, errs):
        assert p.returncode == 0, err
        assert "IntegrityError" not in err and "error" not in err.lower(), err
    assert _articles(db) == 60


def _damage(db: Path) -> None:
    """Overwrite three pages in the middle of the file with noise (a disk or a copy gone wrong)."""
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(random.Random(1).randbytes(3 * 4096))


def test_a_damaged_database_is_refused_in_one_line(part, tmp_path) -> None:
    """ingest kept writing and exited 0; export died with a traceback."""
    db = tmp_path / "rasd.db"
    subprocess.run(RASD + ["ingest", str(part), "--db", str(db), "-q"], check=True, timeout=600)
    _damage(db)
    before = db.read_bytes()
    for cmd in (["ingest", str(part)], ["export"], ["events"]):
        r = subprocess.run(RASD + cmd + ["--db", str(db)], capture_output=True, text=True, timeout=600)
        assert r.returncode == 2, (cmd, r.stderr)
        assert "Traceback" not in r.stderr
        (line,) = r.stderr.strip().splitlines()
        assert f"the database {db} is damaged" in line
    assert db.read_bytes() == before  # nothing was written into it
    with pytest.raises(CorruptDatabase):
        Store(f"sqlite:///{db}")


def test_health_tells_the_truth(part, tmp_path) -> None:
    """/health said ok while /events returned 500."""
    db = tmp_path / "rasd.db"
    subprocess.run(RASD + ["ingest", str(part), "--db", str(db), "-q"], check=True, timeout=600)
    store = Store(f"sqlite:///{db}")
    with TestClient(create_app(store)) as client:
        r = client.get("/health")
        assert r.status_code == 200 and r.json()["status"] == "ok"
        store.engine.dispose()  # let no connection keep pages read before the damage
        _damage(db)
        store.HEALTH_EVERY = 0
        r = client.get("/health")
        assert r.status_code == 503
        assert r.json()["detail"].startswith("database: ")
    store.close()
