"""Extract stage: triggers -> events with actors, place, date, fatalities and evidence."""
from __future__ import annotations

from rasd.doc import Doc


def event_stage():
    """The event extractor as a pipeline stage (lexicons compiled once)."""

    def extract_events(doc: Doc) -> Doc:
        return doc

    return extract_events
