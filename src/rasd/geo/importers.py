"""Reading place lists a user imports: GeoNames dumps (19-column TSV) and simple CSV.

Both give `Place`s with stable ids (GeoNames id; for CSV the Arabic name and rounded
point), so importing a file twice updates rows instead of duplicating them.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

from rasd.geo.gazetteer import Place, admin1_names, governorates, name_key
from rasd.geo.package_places import arabic_names, strip_admin_word
from rasd.lexicon import load_lexicon

# GeoNames feature codes worth keeping: populated places, admin areas, a few landmarks.
_KEEP_CLASSES = {"P", "A", "L", "S", "T", "H"}
_ADMIN_FEATURES = {"ADM1", "ADM2", "ADM3"}


def _country(cc: str) -> tuple[str | None, int | None]:
    info = load_lexicon("places")["countries"].get(cc)
    return (info["name"], info["iso"]) if info else (None, None)


def read_geonames(path: Path) -> Iterator[Place]:
    """Places of a GeoNames dump (tab-separated, 19 columns, no header)."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15 or not cols[0].strip().isdigit():
                continue
            rows.append(cols)
    # admin names of this file, by code, so towns get admin2 names from the file's ADM2 rows
    adm2: dict[str, tuple[str, str | None]] = {}
    for c in rows:
        if c[7] == "ADM2":
            ar = arabic_names(c[3].split(","))
            adm2[c[11]] = (c[1], strip_admin_word(ar[0]) if ar else None)
    for c in rows:
        if c[6] not in _KEEP_CLASSES:
            continue
        cc = c[8] or "SY"
        country, iso = _country(cc)
        en1, ar1 = admin1_names(c[10], cc)
        a2 = adm2.get(c[11]) if c[7] != "ADM1" else None
        ar = arabic_names(c[3].split(","))
        names = [c[1], c[2]] + [n for n in c[3].split(",") if n.strip()]
        if c[7] == "ADM1":
            # "X" alone means the seat town; the governorate answers to "محافظة X"
            seat_names = {name_key(a) for g in governorates().values() if g["pcode"] == c[10] or
                          g["en"] == en1 for a in g["ar"]}
            names = [n for n in names if name_key(n) not in seat_names]
            ar = [n for n in ar if name_key(n) not in seat_names] or [f"محافظة {ar[0]}" if ar else ""]
        yield Place(f"geonames:{c[0]}", c[1], ar[0] if ar else None, float(c[4]), float(c[5]), c[7] or "PPL",
                    country, iso, cc, en1, ar1, a2[0] if a2 else None, a2[1] if a2 else None,
                    admin1_code=c[10] or None, admin2_code=c[11] or None,
                    population=int(c[14]) if c[14].strip().isdigit() else 0, source=f"import:{path.name}",
                    names=names)


def csv_place(name_ar: str, name_en: str, lat: float, lon: float, admin1: str | None = None,
              admin2: str | None = None, aliases: list[str] | None = None, *, source: str = "user",
              feature: str = "PPL") -> Place:
    """One user place; its id is derived from the Arabic name and point, so re-adding is a no-op."""
    by_name = {name_key(g["en"]): g for g in governorates().values()}
    by_name.update({name_key(a): g for g in governorates().values() for a in g["ar"]})
    g = by_name.get(name_key(admin1 or ""))
    en1 = g["en"] if g else admin1 or None
    ar1 = g["ar"][0] if g else None
    pid = f"user:{name_key(name_ar).replace(' ', '_')}@{lat:.3f},{lon:.3f}"
    return Place(pid, name_en or name_ar, name_ar, lat, lon, feature, "Syria", 760, "SY", en1, ar1,
                 admin2 or None, None, source=source, names=[name_ar, name_en, *(aliases or [])])


def read_csv(path: Path) -> Iterator[Place]:
    """Places of a CSV: name_ar, name_en, lat, lon, admin1, admin2[, aliases separated by | or ;]."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 4 or not row[0].strip():
                continue
            try:
                lat, lon = float(row[2]), float(row[3])
            except ValueError:
                continue  # the header line, or a broken row
            aliases = [a.strip() for a in (row[6] if len(row) > 6 else "").replace(";", "|").split("|") if a.strip()]
            yield csv_place(row[0].strip(), row[1].strip(), lat, lon, row[4].strip() if len(row) > 4 else None,
                            row[5].strip() if len(row) > 5 else None, aliases, source=f"import:{path.name}")


def read_places(path: Path) -> Iterator[Place]:
    """GeoNames TSV or CSV, told apart by the content of the first line."""
    with path.open(encoding="utf-8-sig") as fh:
        first = fh.readline()
    if first.count("\t") >= 14:
        return read_geonames(path)
    return read_csv(path)
