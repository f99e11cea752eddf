"""Checking a place a user gives (`rasd gazetteer add`, each row of an import) before it
enters the gazetteer.

A place is refused, with the argument and the reason, when its Arabic name is not in
Arabic script, its point lies outside the country (the extent of the gazetteer's own
places for that country, widened by about 25 km, so no border is written from memory)
or nearer another country's towns, or an admin name it gives is unknown or contradicts
the point.  Its admin1/admin2 otherwise come from the point: those of the nearest known
town or village (see `Gazetteer.admin_at`).
"""
from __future__ import annotations

import math
import re

from rasd.geo.gazetteer import Gazetteer, Place, name_key
from rasd.geo.spellings import admin_spellings
from rasd.lexicon import load_lexicon

# Arabic-script letters (with marks, tatweel), spaces, hyphens and apostrophes; at least one letter
_ARABIC_SCRIPT = re.compile(r"^[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF \-'’.()0-9]+$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u0750-\u077F]")
# how much nearer another country's town may be before a point is taken to lie there (km)
FOREIGN_MARGIN_KM = 15.0
# how far past the point's own governorate a given --admin1 may still be believed (km)
ADMIN_SLACK_KM = 15.0


class PlaceRejected(ValueError):
    """A place a user gave cannot be added; the message names the argument and why, `kind`
    says which check failed (for an import's summary)."""

    def __init__(self, message: str, kind: str = "rejected") -> None:
        super().__init__(message)
        self.kind = kind


def country_code(value: str) -> str:
    """'SY', 'sy', 'Syria', 'lebanon' -> the ISO code of a country the gazetteer covers."""
    countries = load_lexicon("places")["countries"]
    v = value.strip().lower()
    for cc, info in countries.items():
        if v in (cc.lower(), str(info["name"]).lower(), str(info.get("iso", "")).lower()):
            return cc
    known = ", ".join(f"{cc} ({info['name']})" for cc, info in countries.items())
    raise PlaceRejected(f"--country {value!r}: not a country the gazetteer covers; choose one of {known}",
                        kind="unknown country")


def country_name(cc: str) -> tuple[str, int | None]:
    info = load_lexicon("places")["countries"][cc]
    return info["name"], info.get("iso")


def check_arabic(name_ar: str, what: str = "NAME_AR") -> str:
    name = " ".join(name_ar.split())
    if not name or not _ARABIC_SCRIPT.match(name) or not _ARABIC_LETTER.search(name):
        raise PlaceRejected(f"{what} {name_ar!r} is not written in Arabic script: give the Arabic name "
                            "(an English name goes with --en)", kind="name not in Arabic script")
    return name


def bounds(gaz: Gazetteer, cc: str = "SY", margin: float = 0.25) -> tuple[float, float, float, float] | None:
    """(min_lat, min_lon, max_lat, max_lon) of the country's places, widened by `margin` degrees
    (about 25 km): the gazetteer's own extent, so no border is written from memory."""
    pts = [(p.lat, p.lon) for p in gaz.places.values() if p.cc == cc and p.source != "computed"]
    if not pts:
        return None
    lats, lons = [a for a, _ in pts], [b for _, b in pts]
    return min(lats) - margin, min(lons) - margin, max(lats) + margin, max(lons) + margin


def check_point(gaz: Gazetteer, lat: float, lon: float, cc: str) -> None:
    """Refuse a point that is no coordinate, lies outside country `cc`, or nearer another country."""
    country = country_name(cc)[0]
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise PlaceRejected(f"LAT {lat}: a latitude is a number from -90 to 90 (LAT comes before LON)", kind="not a coordinate")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise PlaceRejected(f"LON {lon}: a longitude is a number from -180 to 180", kind="not a coordinate")
    box = bounds(gaz, cc)
    if box is None:
        raise PlaceRejected(f"--country {cc}: the gazetteer holds no place of {country} to check the point against",
                            kind="unknown country")
    lat0, lon0, lat1, lon1 = box
    if not (lat0 <= lat <= lat1 and lon0 <= lon <= lon1):
        raise PlaceRejected(
            f"({lat}, {lon}) lies outside {country} (latitudes {lat0:.2f} to {lat1:.2f}, longitudes {lon0:.2f} "
            f"to {lon1:.2f}); check the order LAT LON, or give --country for a place in a neighbouring country", kind="outside the country")
    own = gaz.admin_at(lat, lon, cc)
    other = gaz.nearest(lat, lon, lambda p: p.cc != cc and p.populated)
    if own is not None and other is not None and other[1] + FOREIGN_MARGIN_KM < own[1]:
        o = other[0]
        raise PlaceRejected(
            f"({lat}, {lon}) lies in {o.country}, not {country}: {o.name} is {other[1]:.0f} km away, the nearest place "
            f"of {country} ({own[0].name}) {own[1]:.0f} km; give --country {o.cc} if it is there",
            kind="in another country")


class PlaceChecker:
    """Checks and completes user places against one gazetteer (its admin names read once)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.admin1: dict[str, set[str]] = {}  # cc -> governorates
        self.admin2: dict[tuple[str, str], set[str]] = {}  # (cc, governorate) -> districts
        self.arabic: dict[tuple[int, str], str] = {}  # (level, English name) -> Arabic name
        for p in gaz.places.values():
            if p.admin1:
                self.admin1.setdefault(p.cc, set()).add(p.admin1)
                if p.admin1_ar:
                    self.arabic.setdefault((1, p.admin1), p.admin1_ar)
                if p.admin2:
                    self.admin2.setdefault((p.cc, p.admin1), set()).add(p.admin2)
                    if p.admin2_ar:
                        self.arabic.setdefault((2, p.admin2), p.admin2_ar)

    def known_admin(self, value: str, level: int, cc: str, admin1: str | None = None) -> str:
        """The canonical name of the governorate (1) or district (2) called `value`, any spelling."""
        if level == 1:
            known = self.admin1.get(cc, set())
        elif admin1:
            known = self.admin2.get((cc, admin1), set())
        else:
            known = set().union(*(v for (c, _), v in self.admin2.items() if c == cc))
        lowered = {k.lower(): k for k in known}
        found = [lowered[n.lower()] for n in admin_spellings(value, level) if n.lower() in lowered]
        if not found:
            unit = "governorate" if level == 1 else "district"
            where = f"{admin1} ({country_name(cc)[0]})" if level == 2 and admin1 else country_name(cc)[0]
            listing = ", ".join(sorted(known)[:20]) + (" ..." if len(known) > 20 else "")
            raise PlaceRejected(f"--admin{level} {value!r}: no {unit} of {where} is called that; known: {listing}",
                                kind=f"unknown admin{level}")
        return found[0]

    def place(self, name_ar: str | None, lat: float, lon: float, *, name_en: str = "",
              admin1: str | None = None, admin2: str | None = None, aliases: list[str] | None = None,
              cc: str = "SY", source: str = "user", place_id: str | None = None,
              trust_admin: bool = False) -> Place:
        """A checked place, its admin units from the point unless given (and then consistent with it).

        `trust_admin` (an import that names its units, e.g. OCHA's) skips the check that the
        given units agree with the point; they must still be known ones."""
        gaz = self.gaz
        name_ar = check_arabic(name_ar) if name_ar else None
        if not name_ar and not name_en.strip():
            raise PlaceRejected("no name: give the Arabic name (or at least an English one)", kind="no name")
        check_point(gaz, lat, lon, cc)
        country, iso = country_name(cc)
        here = gaz.admin_at(lat, lon, cc)
        a1 = self.known_admin(admin1, 1, cc) if admin1 else None
        if a1 and here and a1 != here[0].admin1 and not trust_admin:
            inside = gaz.admin_at(lat, lon, cc, admin1=a1)
            if inside is None or inside[1] > here[1] + ADMIN_SLACK_KM:
                far = f"its nearest place ({inside[0].name}) is {inside[1]:.0f} km away" if inside else "it has no place"
                raise PlaceRejected(f"--admin1 {admin1!r} contradicts the point ({lat}, {lon}), which lies in "
                                    f"{here[0].admin1} ({here[0].name} is {here[1]:.0f} km away); {far}",
                                    kind="admin1 contradicts the point")
        a1 = a1 or (here[0].admin1 if here else None)
        ref = gaz.admin_at(lat, lon, cc, admin1=a1) if a1 else here
        a2 = self.known_admin(admin2, 2, cc, a1) if admin2 else None
        if a2 and ref and ref[0].admin2 and a2 != ref[0].admin2 and not trust_admin:
            in_a2 = gaz.nearest(lat, lon, lambda p: p.cc == cc and p.admin2 == a2)
            if in_a2 is None or in_a2[1] > ref[1] + ADMIN_SLACK_KM:
                far = f"the nearest place of {a2} is {in_a2[1]:.0f} km away" if in_a2 else f"{a2} has no place"
                raise PlaceRejected(f"--admin2 {admin2!r} contradicts the point ({lat}, {lon}), which lies in "
                                    f"{ref[0].admin2} ({ref[0].name} is {ref[1]:.0f} km away); {far}",
                                    kind="admin2 contradicts the point")
        if a2 is None and ref is not None:
            a2 = ref[0].admin2
        pid = place_id or f"user:{name_key(name_ar or name_en).replace(' ', '_')}@{lat:.3f},{lon:.3f}"
        names = [n for n in [name_ar, name_en.strip(), *(aliases or [])] if n]
        return Place(pid, name_en.strip() or name_ar or "", name_ar, lat, lon, "PPL", country, iso, cc, a1,
                     self.arabic.get((1, a1 or "")), a2, self.arabic.get((2, a2 or "")), source=source, names=names)
