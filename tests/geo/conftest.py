"""Every geo test runs with RASD_HOME in a temporary directory, never the user's own."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rasd.geo.gazetteer import DB_NAME, Gazetteer

@pytest.fixture(scope="session")
def built_home(tmp_path_factory) -> Path:
    """A data home with the default gazetteer built once for the session."""
    home = tmp_path_factory.mktemp("rasd_home_built")
    Gazetteer.open(home / DB_NAME)
    return home


@pytest.fixture(autouse=True)
def rasd_home(tmp_path, built_home, monkeypatch) -> Path:
    """A fresh RASD_HOME per test, holding a copy of the built default gazetteer."""
    home = tmp_path / "rasd_home"
    home.mkdir()
    shutil.copy(built_home / DB_NAME, home / DB_NAME)
    monkeypatch.setenv("RASD_HOME", str(home))
    return home

# `shared` (the development corpus beside the checkout) comes from tests/conftest.py.
