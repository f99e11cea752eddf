"""Writers that stream events out as JSON Lines, ACLED-ordered CSV or GeoJSON."""
from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

from rasd.doc import Event
from rasd.output.contract import CSV_COLUMNS, csv_row, event_record

FORMATS = ("jsonl", "csv", "geojson")


class EventWriter:
    """Write events one by one to `out` in `fmt`; call `close()` to finish the document."""

    def __init__(self, out: TextIO, fmt: str = "jsonl") -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out, self.fmt, self.count = out, fmt, 0
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
            self._csv.writeheader()
        elif fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self._csv.writerow(csv_row(event))
        else:
            self.out.write((",\n" if self.count else "") + json.dumps(feature(event), ensure_ascii=False))
        self.count += 1

    def write_all(self, events: Iterable[Event]) -> None:
        for e in events:
            self.write(e)

    def close(self) -> None:
        if self.fmt == "geojson":
            self.out.write("\n]}\n")
        self.out.flush()


def feature(event: Event) -> dict:
    """A GeoJSON Feature: a Point when the event is placed, else a null geometry."""
    props = event_record(event)
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": props}
