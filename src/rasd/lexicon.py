"""Loading of the YAML lexicons shipped in `rasd/data/lexicons/` (loaded once per process)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> Any:
    """Parsed content of `rasd/data/lexicons/<name>.yaml`."""
    path = resources.files("rasd") / "data" / "lexicons" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def data_path(*parts: str):
    """A Traversable for a file under `rasd/data/`."""
    p = resources.files("rasd") / "data"
    for part in parts:
        p = p / part
    return p
