"""The event output contract: field order, serialisation and the JSON schema.

Field names follow ACLED's export columns where ACLED has them; Rasd's own fields
(injured, *_ar, evidence, confidence, published, url) come after.  The schema in
`rasd/data/schema/event.schema.json` is the authority; README "Output fields"
documents it for people.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from functools import lru_cache
from typing import Any

from rasd.doc import Event
from rasd.lexicon import data_path

# Every field of a JSONL record, in order.
FIELDS: list[str] = [f.name for f in fields(Event)]

# ACLED's export column order, for `--format csv` (columns Rasd does not produce are
# left out; Rasd's own follow, evidence flattened to its first sentence).
CSV_COLUMNS: list[str] = [
    "event_id", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
    "article_id", "injured", "location_ar", "actor1_ar", "actor2_ar", "evidence", "confidence",
    "published", "url",
]


def event_record(event: Event) -> dict[str, Any]:
    """The event as a plain dict in contract order (what `--format jsonl` prints)."""
    # Built field by field rather than with asdict(), whose generic deep copy costs more
    # than the JSON encoding itself; `evidence` is the only nested field.
    rec = {name: getattr(event, name) for name in FIELDS}
    rec["evidence"] = [asdict(e) for e in event.evidence]
    return rec


def csv_row(event: Event) -> dict[str, Any]:
    """One ACLED-ordered CSV row."""
    rec = event_record(event)
    rec["year"] = int(event.event_date[:4]) if event.event_date else None
    rec["region"] = "Middle East" if event.iso else None
    rec["source_scale"] = None
    rec["timestamp"] = None
    rec["evidence"] = " | ".join(e.text for e in event.evidence)
    return {c: safe_cell(rec.get(c)) for c in CSV_COLUMNS}


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet cell that cannot run: a text starting like a formula gets a
    leading single quote (numbers are left alone: -3.5 is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@lru_cache(maxsize=1)
def event_schema() -> dict[str, Any]:
    with data_path("schema", "event.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def validator():
    """A jsonschema validator for event records."""
    import jsonschema

    schema = event_schema()
    return jsonschema.Draft202012Validator(schema)
