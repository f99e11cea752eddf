"""Writers that stream events out as JSON Lines, ACLED-ordered CSV or GeoJSON."""
from __future__ import annotations

import csv
import io
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
            csv.DictWriter(out, fieldnames=CSV_COLUMNS).writeheader()
        elif fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [\n')

    def render(self, events: Iterable[Event]) -> list[str]:
        """Each event as the text this writer prints for it (separators aside).  Pure, so it
        can run where the events are made (an extraction worker) and `write_rendered` runs
        here: the one writing process then only writes."""
        if self.fmt == "jsonl":
            return [json.dumps(event_record(e), ensure_ascii=False) + "\n" for e in events]
        if self.fmt == "csv":
            buf = io.StringIO()
            row = csv.DictWriter(buf, fieldnames=CSV_COLUMNS)
            out = []
            for e in events:
                row.writerow(csv_row(e))
                out.append(buf.getvalue())
                buf.seek(0)
                buf.truncate()
            return out
        return [json.dumps(feature(e), ensure_ascii=False) for e in events]

    def write_rendered(self, pieces: list[str]) -> None:
        for piece in pieces:
            if self.fmt == "geojson" and self.count:
                self.out.write(",\n")
            try:
                self.out.write(piece)
            except UnicodeEncodeError:  # a lone surrogate the readers did not see (an API caller's event)
                self.out.write(piece.encode("utf-8", "replace").decode("utf-8"))
            self.count += 1

    def write(self, event: Event) -> None:
        self.write_rendered(self.render([event]))

    def write_all(self, events: Iterable[Event]) -> None:
        self.write_rendered(self.render(events))

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
