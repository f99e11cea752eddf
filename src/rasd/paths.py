"""Where Rasd keeps its per-user data (gazetteer index, unresolved toponyms, stores)."""
from __future__ import annotations

import os
from pathlib import Path


def data_home() -> Path:
    """`$RASD_HOME` when set, else `~/.local/share/rasd` (XDG_DATA_HOME respected); created on demand."""
    env = os.environ.get("RASD_HOME")
    if env:
        home = Path(env).expanduser()
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        home = (Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share") / "rasd"
    home.mkdir(parents=True, exist_ok=True)
    return home
