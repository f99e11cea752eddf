"""Great-circle distance, compiled: the place stage (each candidate against the article's
anchors) and the event stage's place picker measure ~10k pairs a corpus pass, and the
interpreted function was the geoparser's largest remaining Python frame."""
from __future__ import annotations

import math


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km (Earth's mean diameter 12,742 km)."""
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(a)))
