"""Geo stage: toponyms in the text -> gazetteer places with coordinates and admin hierarchy.

    from rasd.geo import place_stage
    stage = place_stage()          # gazetteer + automaton loaded once
    doc = stage(doc)               # fills doc.places (PlaceMention, sorted by start)

A mention with `latitude is not None` can be mapped.  `resolved` is True when the name
itself is in the gazetteer; a name it lacks but the text situates ("بلدة سعلو في ريف
دير الزور الشرقي") has `fallback=True`, the point of the enclosing area
(`geo_precision` 3) or nearby town (2), and its own Arabic name in `name_ar`.
For region reference points and lookups use `rasd.geo.gazetteer.Gazetteer`.
"""
from __future__ import annotations

from rasd.geo.gazetteer import Gazetteer
from rasd.geo.resolve import PlaceStage


def place_stage(gazetteer: Gazetteer | None = None, *, record_unresolved: bool = True) -> PlaceStage:
    """The geoparser as a pipeline stage (gazetteer loaded once)."""
    return PlaceStage(gazetteer, record_unresolved=record_unresolved)


__all__ = ["Gazetteer", "PlaceStage", "place_stage"]
