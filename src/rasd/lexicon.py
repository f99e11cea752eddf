"""Loading of the YAML lexicons shipped in `rasd/data/lexicons/` (loaded once per process)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# libyaml's parser (in PyYAML's wheels) reads the lexicons about ten times faster than the
# pure-Python one: most of a cold one-article `rasd extract` was spent parsing them
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> Any:
    """Parsed content of `rasd/data/lexicons/<name>.yaml`."""
    path = resources.files("rasd") / "data" / "lexicons" / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)


def data_path(*parts: str):
    """A Traversable for a file under `rasd/data/`."""
    p = resources.files("rasd") / "data"
    for part in parts:
        p = p / part
    return p
