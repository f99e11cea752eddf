"""Who reported a merged event: its outlets, their scale, and its stable ACLED-style id.

- An **outlet** is the article's `source` field (as the feed or JSON Lines names it,
  compared without case or surrounding space), else the host of its URL (without
  "www."), else "unknown".  Two reports from one outlet are two reports, one outlet:
  `n_sources` counts reports (distinct articles), `n_outlets` outlets, as ACLED's
  `source` column lists outlets.
- `source_scale` is ACLED's: the scale of the outlets (`lexicons/outlets.yaml`), several
  joined in ACLED's order ("Regional-International"); null when no outlet's is known.
- `event_id_cnty` is ACLED's country id, e.g. `SYR482913307516`: the country's ISO alpha-3
  code and 12 digits of a SHA-256 of the event's **first report** in the canonical order
  the merge uses (its article's content hash and its position in the article).  The
  store's own row id depends on the order articles were ingested in and is renumbered when
  a re-merge re-creates an event; the first report does not: re-ingesting the same
  articles (in any order, into a new store too) or merging again gives each event the id
  it had.  The id changes only when a report that comes earlier (an earlier day or
  publication) joins the event, or its first report is removed.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any, Iterable
from urllib.parse import urlsplit

from rasd.lexicon import load_lexicon

UNKNOWN = "unknown"
# ISO 3166-1 numeric -> alpha-3, for the countries the gazetteer holds
ISO3 = {760: "SYR", 368: "IRQ", 792: "TUR", 422: "LBN", 400: "JOR", 376: "ISR", 275: "PSE"}
ID_DIGITS = 12


def outlet(source: str | None, url: str | None) -> str:
    """The outlet of one report: its source, else its URL's host, else "unknown"."""
    if source and source.strip():
        return source.strip()
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        host = host.lower().removeprefix("www.")
        if host:
            return host
    return UNKNOWN


def outlets(claims: Iterable[Any]) -> list[str]:
    """The distinct outlets of an event's reports (case-insensitively), sorted; "unknown" counts as one."""
    seen: dict[str, str] = {}
    for c in claims:
        name = outlet(getattr(c, "source", None), getattr(c, "url", None))
        seen.setdefault(name.lower(), name)
    return [seen[k] for k in sorted(seen)]


def source_text(names: list[str]) -> str | None:
    """ACLED's `source`: the named outlets, '; '-separated."""
    return "; ".join(n for n in names if n != UNKNOWN) or None


@lru_cache(maxsize=1)
def _scales() -> tuple[dict[str, str], list[str]]:
    lex = load_lexicon("outlets")
    return {k.lower(): v for k, v in lex["scales"].items()}, list(lex["order"])


def source_scale(source: str | None) -> str | None:
    """ACLED's `source_scale` of an event whose `source` lists these outlets."""
    if not source:
        return None
    table, order = _scales()
    found = {table[n.strip().lower()] for n in source.split(";") if n.strip().lower() in table}
    return "-".join(s for s in order if s in found) or None


def event_id_cnty(first: Any, iso: int | None) -> str | None:
    """The stable country id of an event whose first report (canonical order) is `first`."""
    if first is None:
        return None
    key = f"{getattr(first, 'content_hash', None) or ''}:{first.seq or 0}"
    number = int(hashlib.sha256(key.encode("utf-8", "replace")).hexdigest(), 16) % 10 ** ID_DIGITS
    return f"{ISO3.get(iso or 0, 'XXX')}{number:0{ID_DIGITS}d}"


def reports_text(reports: int, n_outlets: int) -> str:
    """"2 reports from 1 outlet": reports and outlets apart (two articles of one outlet are one source)."""
    return (f"{reports} report{'s' if reports != 1 else ''} from {n_outlets} "
            f"outlet{'s' if n_outlets != 1 else ''}")
