"""Shared fixtures: where the development corpus lives (../shared beside the checkout)."""
from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", REPO.parent / "shared"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Tests never touch the user's data dir: RASD_HOME is one temporary dir for the session
    (so the default gazetteer is built once); tests that need their own set it again."""
    monkeypatch.setenv("RASD_HOME", str(tmp_path_factory.getbasetemp() / "rasd-home"))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared (development corpus) is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared) -> Path:
    return shared / "corpus" / "seeds"


@pytest.fixture(scope="session")
def dev_corpus(shared) -> Path:
    return shared / "corpus" / "dev" / "ant-dev-1193.jsonl"


def seed(seeds_dir: Path, prefix: str) -> Path:
    """The seed article whose file name starts with `prefix` (e.g. "000_")."""
    return next(seeds_dir.glob(prefix + "*.txt"))


def wait_until_serving(proc: subprocess.Popen, url: str, timeout: float = 60) -> None:
    """Return once `url`/health answers; fail the test with the server's output if the
    process exits or `timeout` passes first."""
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/health", timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                pytest.fail(f"rasd serve did not start: {out[-2000:]}")
            time.sleep(0.2)
