"""Names in any spelling: English with or without GeoNames' transliteration marks, ACLED's
spelling, Arabic.

Two uses:
- `fold_latin` is the key English names are looked up by ("Ḩasakah", "Hasakah" and
  "hasakah" are one key; "Deir ez-Zor", "Deir ez Zor" and "Deir-ez-Zor" too);
- `admin_spellings` maps whatever a user types as a governorate or district ("Idlib",
  "إدلب", "Idleb", "SY07") to the canonical names stored events carry (ACLED's spelling,
  as the gazetteer gives them), so a filter matches the same events whatever the spelling.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# apostrophes and ayn/hamza marks of transliterations: "Dar'a", "Ma‘arrat", "Raʼs"
_MARKS = str.maketrans({c: None for c in "'`’‘ʻʼʿʾ´"} | {"ı": "i", "ł": "l", "ø": "o", "đ": "d"})
# the same marks for display, less the ASCII apostrophe ACLED itself writes ("Dar'a")
_DISPLAY_MARKS = str.maketrans({c: None for c in "’‘ʻʼʿʾ´"} | {"ı": "i", "ł": "l", "ø": "o", "đ": "d"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
# words that say what kind of unit a name is, not which one ("Idleb Governorate", "Harim District")
_UNIT_WORDS = {"governorate", "province", "district", "subdistrict", "nahiya", "nahiyah", "muhafazat",
               "muhafazah", "mintaqat", "mantiqat", "nahiyat", "qada", "sub"}
_ARTICLES = {"al", "el", "as", "ash", "ar", "ad", "adh", "at", "ath", "az", "an", "ez", "es", "ed", "en"}


def is_latin(name: str) -> bool:
    return bool(_LATIN.search(name))


def fold_latin(name: str) -> str:
    """Lower-case ASCII words of a Latin-script name, marks and apostrophes removed."""
    return " ".join(_NOT_WORD.sub(" ", plain_latin(name.translate(_MARKS)).lower()).split())


def plain_latin(name: str) -> str:
    """A GeoNames name without transliteration marks, as ACLED writes it: "Ţarţūs" ->
    "Tartus", "Tall Rif‘at" -> "Tall Rifat" (the marked form stays a lookup alias)."""
    s = unicodedata.normalize("NFKD", name.translate(_DISPLAY_MARKS))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def fold_keys(name: str) -> list[str]:
    """The folded name, and without its leading article: "Al Ḩasakah" -> al hasakah, hasakah."""
    folded = fold_latin(name)
    words = folded.split()
    if len(words) > 1 and words[0] in _ARTICLES:
        return [folded, " ".join(words[1:])]
    return [folded] if folded else []


def admin_key(name: str) -> str:
    """A governorate's or district's name with articles, unit words and spaces removed:
    "Al-Hasakeh Governorate", "Al Hasakeh" and "Hasakeh" are one key."""
    words = [w for w in fold_latin(name).split() if w not in _UNIT_WORDS]
    core = [w for w in words if w not in _ARTICLES] or words
    return "".join(core)


@lru_cache(maxsize=4)
def _spelling_index(path: str, state: tuple) -> dict[tuple[int, str], frozenset[str]]:
    """(level, key) -> canonical admin names, from the gazetteer's admin units and seats."""
    from pathlib import Path

    from rasd.geo.gazetteer import Gazetteer, governorates, name_key

    gaz = Gazetteer.open(Path(path))  # built on first use, as for extraction
    index: dict[tuple[int, str], set[str]] = {}

    def put(level: int, spelling: str | None, canonical: str | None) -> None:
        if not spelling or not canonical:
            return
        for key in {admin_key(spelling) if is_latin(spelling) else name_key(spelling), spelling.strip().lower()}:
            if key:
                index.setdefault((level, key), set()).add(canonical)

    for g in governorates().values():
        for spelling in [g["en"], g["pcode"], *g["ar"]]:  # OCHA P-codes; GeoNames codes differ
            put(1, spelling, g["en"])
    for p in gaz.places.values():
        # a unit answers to its own names; the town it is named after (its seat) too
        if p.feature in ("ADM1", "PPLA", "PPLC"):
            for spelling in [p.name, p.name_ar, *p.names]:
                put(1, spelling, p.admin1)
        # a district is named after its seat town (Harem's seat is Ḩārim, both حارم)
        seat_of_own = (p.feature in ("PPLA2", "PPLA", "PPLC") and p.admin2 and p.name_ar and p.admin2_ar
                       and name_key(p.name_ar) == name_key(p.admin2_ar))
        if p.feature == "ADM2" or seat_of_own:
            for spelling in [p.name, p.name_ar, *p.names]:
                put(2, spelling, p.admin2)
        for level, (en, ar) in ((1, (p.admin1, p.admin1_ar)), (2, (p.admin2, p.admin2_ar))):
            put(level, en, en)
            put(level, ar, en)
    return {k: frozenset(v) for k, v in index.items()}


def _state(path) -> tuple:
    """What says the gazetteer's places changed (added, removed, rebuilt): cheap to read."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
        return db.execute("SELECT COUNT(*), (SELECT value FROM meta WHERE key='default_version') "
                          "FROM places").fetchone()


def admin_spellings(name: str, level: int = 1) -> list[str]:
    """The canonical names a governorate (level 1) or district (level 2) called `name` is
    stored under, in any spelling; the name itself when no admin unit answers to it."""
    from rasd.geo.gazetteer import DB_NAME, name_key
    from rasd.paths import data_home

    path = data_home() / DB_NAME
    found: set[str] = set()
    try:
        index = _spelling_index(str(path), _state(path) if path.exists() else ())
    except Exception:  # noqa: BLE001 - a missing or damaged index: the name as given still filters
        index = {}
    for key in (admin_key(name) if is_latin(name) else name_key(name), name.strip().lower()):
        found |= index.get((level, key), frozenset())
    return sorted(found | {name.strip()})
