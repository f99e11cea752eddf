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
    "event_id", "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
    "article_id", "injured", "location_ar", "actor1_ar", "actor2_ar", "evidence", "confidence",
    "published", "url",
]


# What a merged event of the store adds after the contract fields in exports (JSON Lines,
# GeoJSON properties) and the API: ACLED's columns the extractor cannot know, and the
# reports and outlets counted apart (rasd.store.records.acled_fields).
STORE_FIELDS: dict[str, dict[str, Any]] = {
    "event_id_cnty": {"type": ["string", "null"], "description": "ACLED's country event id (SYR + 12 digits), "
                      "stable: derived from the event's first report."},
    "source_scale": {"type": ["string", "null"], "description": "ACLED's source scale of the outlets."},
    "timestamp": {"type": ["integer", "null"], "description": "Last change of the event, Unix seconds."},
    "n_reports": {"type": "integer", "minimum": 1, "description": "Reports: distinct articles."},
    "n_outlets": {"type": "integer", "minimum": 1, "description": "Distinct outlets of those reports."},
}

# Confidences are printed to this many decimals everywhere (0.95, not 0.9500000000000001).
CONFIDENCE_DECIMALS = 3


def event_record(event: Event) -> dict[str, Any]:
    """The event as a plain dict in contract order (what `--format jsonl` prints)."""
    # Built field by field rather than with asdict(), whose generic deep copy costs more
    # than the JSON encoding itself; `evidence` is the only nested field.
    rec = {name: getattr(event, name) for name in FIELDS}
    rec["evidence"] = [asdict(e) for e in event.evidence]
    rec["confidence"] = round(event.confidence or 0.0, CONFIDENCE_DECIMALS)
    return rec


def table_row(event: Event, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One ACLED-ordered row, values as they are (`extra`: a stored event's `STORE_FIELDS`)."""
    rec = event_record(event)
    rec["year"] = int(event.event_date[:4]) if event.event_date else None
    rec["region"] = "Middle East" if event.iso else None
    rec.update(extra or {})
    rec["evidence"] = " | ".join(e.text for e in event.evidence)
    return {c: rec.get(c) for c in CSV_COLUMNS}


def csv_row(event: Event, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One ACLED-ordered CSV row, every cell safe from spreadsheet formulas."""
    return {c: safe_cell(v) for c, v in table_row(event, extra).items()}


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


def store_event_schema() -> dict[str, Any]:
    """The schema of an exported stored event: the contract, then `STORE_FIELDS`."""
    schema = json.loads(json.dumps(event_schema()))
    schema["properties"].update(STORE_FIELDS)
    schema["required"] = list(schema["required"]) + list(STORE_FIELDS)
    return schema


def validator(store: bool = False):
    """A jsonschema validator for event records (`store`: exported stored events)."""
    import jsonschema

    return jsonschema.Draft202012Validator(store_event_schema() if store else event_schema())
