"""Writers that stream events out as JSON Lines, ACLED-ordered CSV or GeoJSON."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, TextIO

from rasd.doc import Event
from rasd.output.contract import CSV_COLUMNS, csv_row, event_record

FORMATS = ("jsonl", "csv", "geojson")
# Other names a format is known by: `acled-csv` is the CSV (ACLED's column order).
ALIASES = {"acled-csv": "csv"}


def format_name(fmt: str) -> str | None:
    """The format `fmt` names (an alias resolved), or None when it names none."""
    fmt = ALIASES.get(fmt, fmt)
    return fmt if fmt in FORMATS else None


class EventWriter:
    """Write events one by one to `out` in `fmt`; call `close()` to finish the document."""

    def __init__(self, out: TextIO, fmt: str = "jsonl") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out, self.fmt, self.count = out, fmt, 0
        if fmt == "csv":
            csv.DictWriter(out, fieldnames=CSV_COLUMNS).writeheader()
        elif fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [\n')

    def render(self, events: Iterable[Event], extras: Iterable[dict[str, Any] | None] | None = None) -> list[str]:
        """Each event as the text this writer prints for it (separators aside).  Pure, so it
        can run where the events are made (an extraction worker) and `write_rendered` runs
        here: the one writing process then only writes.  `extras`: for each event, fields
        added after the contract's (a stored event's `STORE_FIELDS`)."""
        events = list(events)
        more = list(extras) if extras is not None else [None] * len(events)
        if self.fmt == "jsonl":
            return [json.dumps(record(e, x), ensure_ascii=False) + "\n" for e, x in zip(events, more)]
        if self.fmt == "csv":
            buf = io.StringIO()
            row = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
            out = []
            for e, x in zip(events, more):
                row.writerow(csv_row(e, x))
                out.append(buf.getvalue())
                buf.seek(0)
                buf.truncate()
            return out
        return [json.dumps(feature(e, x), ensure_ascii=False) for e, x in zip(events, more)]

    def write_rendered(self, pieces: list[str]) -> None:
        for piece in pieces:
            if self.fmt == "geojson" and self.count:
                self.out.write(",\n")
            try:
                self.out.write(piece)
            except UnicodeEncodeError:  # a lone surrogate the readers did not see (an API caller's event)
                self.out.write(piece.encode("utf-8", "replace").decode("utf-8"))
            self.count += 1

    def write(self, event: Event, extra: dict[str, Any] | None = None) -> None:
        self.write_rendered(self.render([event], [extra]))

    def write_all(self, events: Iterable[Event]) -> None:
        self.write_rendered(self.render(events))

    def close(self) -> None:
        if self.fmt == "geojson":
            self.out.write("\n]}\n")
        self.out.flush()


def record(event: Event, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    rec = event_record(event)
    rec.update(extra or {})
    return rec


def feature(event: Event, extra: dict[str, Any] | None = None) -> dict:
    """A GeoJSON Feature: a Point when the event is placed, else a null geometry."""
    props = record(event, extra)
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": props}
