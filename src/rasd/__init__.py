"""Rasd (رصد): Arabic conflict news to a structured, geolocated ACLED-style event dataset."""
from __future__ import annotations

import warnings
from pathlib import Path

__version__ = "0.1.0"


def _warn_stale_compiled() -> None:
    """The hot modules are compiled in place by `pip install -e .` (see setup.py), and a
    compiled module is imported before its source: an edit to the .py does nothing until
    the next install.  Say so instead of running the old code silently."""
    here = Path(__file__).parent
    for so in here.glob("*/*.so"):
        source = so.with_name(so.name.split(".")[0] + ".py")
        try:
            if source.stat().st_mtime > so.stat().st_mtime + 1:
                warnings.warn(f"rasd: {source.relative_to(here.parent)} changed after it was compiled; "
                              f"run `pip install -e .` again (or RASD_PURE=1 pip install -e . for no "
                              f"compilation) to use the edit", RuntimeWarning, stacklevel=2)
                return
        except OSError:
            continue


_warn_stale_compiled()
