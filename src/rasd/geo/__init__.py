"""Geo stage: toponyms in the text -> gazetteer places with coordinates and admin hierarchy."""
from __future__ import annotations

from rasd.doc import Doc


def place_stage():
    """The geoparser as a pipeline stage (gazetteer loaded once)."""

    def locate_places(doc: Doc) -> Doc:
        return doc

    return locate_places
