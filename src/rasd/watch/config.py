"""The config file: `$RASD_CONFIG`, else `config.toml` in the data directory.

```toml
[watch]              # etiquette towards the sites polled (see rasd.watch.fetch.Etiquette)
user_agent = "Rasd/0.1 (+https://example.org/rasd; ops@example.org)"
rate = 1.0           # request starts per second per host
per_host = 2         # requests in flight per host
read_timeout = 15
retries = 2
robots = true

[smtp]               # for `rasd alerts add --email`
host = "localhost"
port = 25
user = ""            # no user: no login
password = ""
sender = "rasd@localhost"
starttls = false
ssl = false

[alerts]
dashboard_url = "http://127.0.0.1:8000"  # the links alerts carry open the event here
tries = 3            # sends of a message per round (then again next round, with backoff)
pause = 1.0          # seconds between those sends, doubling
```
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from rasd.paths import data_home
from rasd.watch.fetch import Etiquette


@dataclass
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = "rasd@localhost"
    starttls: bool = False
    ssl: bool = False
    timeout: float = 20.0


@dataclass
class Settings:
    etiquette: Etiquette
    smtp: SmtpSettings
    dashboard_url: str = "http://127.0.0.1:8000"
    alert_tries: int = 3  # sends of one alert message per round before it waits for the next
    alert_pause: float = 1.0  # seconds between those tries (doubling)


def config_path() -> Path:
    env = os.environ.get("RASD_CONFIG")
    return Path(env).expanduser() if env else data_home() / "config.toml"


def _fill(cls: type, table: dict[str, Any], section: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ValueError(f"[{section}]: unknown setting(s) {', '.join(unknown)}; known: {', '.join(known)}")
    obj = cls()
    for key, value in table.items():
        default = getattr(obj, key)
        if isinstance(default, bool) != isinstance(value, bool) or (
                isinstance(default, (int, float)) and not isinstance(value, (int, float))) or (
                isinstance(default, str) and not isinstance(value, str)):
            raise ValueError(f"[{section}] {key}: expected {type(default).__name__}, got {value!r}")
        setattr(obj, key, type(default)(value))
    return obj


def load_settings(path: Path | None = None) -> Settings:
    """The settings in the config file (defaults for whatever it does not say, or when absent)."""
    path = path or config_path()
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{path}: {exc}") from None
    alerts = dict(data.get("alerts", {}))
    unknown = sorted(set(alerts) - {"dashboard_url", "tries", "pause"})
    if unknown:
        raise ValueError(f"[alerts]: unknown setting(s) {', '.join(unknown)}; known: dashboard_url, tries, pause")
    return Settings(_fill(Etiquette, data.get("watch", {}), "watch"), _fill(SmtpSettings, data.get("smtp", {}), "smtp"),
                    str(alerts.get("dashboard_url", Settings.dashboard_url)).rstrip("/"),
                    int(alerts.get("tries", Settings.alert_tries)), float(alerts.get("pause", Settings.alert_pause)))
