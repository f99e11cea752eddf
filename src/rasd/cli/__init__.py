"""The `rasd` command line.  Each module in this package adds its commands to `app`."""
from __future__ import annotations

from rasd.cli.app import app

# Importing a command module registers its commands on `app`.
from rasd.cli import extract as _extract  # noqa: F401,E402
from rasd.cli import evaluate as _evaluate  # noqa
from rasd.cli import geo as _geo  # noqa
from rasd.cli import spark as _spark  # noqa
from rasd.cli import store as _store  # noqa: F401,E402
from rasd.cli import stats as _stats  # noqa: F401,E402
from rasd.cli import train as _train  # noqa: F401,E402
from rasd.cli import watch as _watch  # noqa: F401,E402


def main() -> None:
    app()


__all__ = ["app", "main"]
