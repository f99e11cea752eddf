"""Reading place lists a user imports: GeoNames dumps (19-column TSV), and tables (CSV or
XLSX) such as OCHA/HDX "populated places" files or Rasd's simple CSV.

Every place has a stable id (GeoNames id; a table row's P-code, else its Arabic name and
rounded point), so importing a file twice updates rows instead of duplicating them.

A table's columns are found by name, case, spaces and underscores aside (`admin4Name_ar`,
`ADM4_AR`, `name_ar` ...), or named by the user (`--column name_ar=ADM4_AR`).  Each row is
checked as `rasd gazetteer add` checks its input (`curation.PlaceChecker`); a bad row is
reported with its file and row number and costs no other row.
"""
from __future__ import annotations

import csv
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from rasd.geo.curation import PlaceChecker, PlaceRejected
from rasd.geo.gazetteer import Gazetteer, Place, admin1_names, governorates, name_key
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


# Each field a table may give, and the column names (compared as `column_key`) that give it.
# {n} is the level of the places themselves: the deepest adminN of the file (4 in OCHA's
# Syrian populated places: communities), so admin1/admin2 stay the governorate and district.
FIELDS: dict[str, tuple[str, ...]] = {
    "name_ar": ("admin{n}namear", "adm{n}ar", "adm{n}namear", "namear", "arabicname", "namearabic",
                "pplnamear", "featurenamear", "locationar", "placenamear", "arabic"),
    "name_en": ("admin{n}nameen", "adm{n}en", "adm{n}nameen", "adm{n}name", "nameen", "englishname",
                "pplnameen", "featurenameen", "featurename", "locationen", "placenameen", "placename", "name"),
    "latitude": ("latitude", "lat", "latdd", "y", "pointy", "ycoord"),
    "longitude": ("longitude", "lon", "long", "lng", "londd", "x", "pointx", "xcoord"),
    "pcode": ("admin{n}pcode", "adm{n}pcode", "pcode", "placepcode"),
    "admin1": ("admin1nameen", "adm1en", "adm1nameen", "adm1name", "admin1", "governorate", "province"),
    "admin1_ar": ("admin1namear", "adm1ar", "adm1namear", "admin1ar", "governoratear"),
    "admin1_pcode": ("admin1pcode", "adm1pcode", "admin1code"),
    "admin2": ("admin2nameen", "adm2en", "adm2nameen", "adm2name", "admin2", "district"),
    "admin2_ar": ("admin2namear", "adm2ar", "adm2namear", "admin2ar", "districtar"),
    "admin2_pcode": ("admin2pcode", "adm2pcode", "admin2code"),
    "aliases": ("aliases", "alias", "alternatenames", "altnames", "othernames"),
}
_ALT_NAME = re.compile(r"^(admin\d+)?(alt|ref)name\d*(en|ar)?$")  # OCHA's admin4AltName1_en, admin4RefName_ar
_LEVEL = re.compile(r"^(?:admin|adm)(\d)")
# Rasd's own simple CSV, with or without its header
SIMPLE_ORDER = ("name_ar", "name_en", "latitude", "longitude", "admin1", "admin2", "aliases")


def column_key(name: str) -> str:
    """A column name as compared: lower case, without spaces, underscores, hyphens, # or +."""
    return re.sub(r"[\s_\-#+.:]+", "", str(name or "")).lower()


class TableError(ValueError):
    """The file cannot be read as a place table at all (no coordinates column, not a table ...)."""


@dataclass
class TableImport:
    """What reading a table gave: the checked places, and each row that was not taken and why."""
    path: Path
    columns: dict[str, str]  # field -> column as written in the file
    places: list[Place] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, kind, message)

    def skipped(self) -> Counter:
        return Counter(kind for _, kind, _ in self.problems)


def detect_columns(header: list[Any], mapping: dict[str, str] | None = None) -> dict[str, int]:
    """field -> column index, from the header row and the user's `field=COLUMN` mapping."""
    keys = [column_key(h) for h in header]
    levels = [int(m.group(1)) for k in keys if (m := _LEVEL.match(k))]
    deepest = max([n for n in levels if n >= 3], default=None)
    found: dict[str, int] = {}
    for fld, names in FIELDS.items():
        for pattern in names:
            if "{n}" in pattern and deepest is None:
                continue
            want = pattern.format(n=deepest)
            if want in keys and keys.index(want) not in found.values():
                found[fld] = keys.index(want)
                break
    for fld, column in (mapping or {}).items():
        if fld not in FIELDS:
            raise TableError(f"--column {fld}={column}: {fld!r} is not a field; fields: {', '.join(FIELDS)}")
        if column_key(column) not in keys:
            raise TableError(f"--column {fld}={column}: the file has no column {column!r} "
                             f"(columns: {', '.join(str(h) for h in header if h)})")
        found[fld] = keys.index(column_key(column))
    found["_aliases"] = [i for i, k in enumerate(keys) if _ALT_NAME.match(k)]  # type: ignore[assignment]
    return found


def _rows_csv(path: Path) -> Iterator[tuple[int, list[Any]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        for n, row in enumerate(csv.reader(fh, dialect), start=1):
            yield n, row


def _rows_xlsx(path: Path, sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - a broken or mislabelled file: one clear error
        raise TableError(f"{path.name}: not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableError(f"--sheet {sheet!r}: {path.name} has the sheets {', '.join(book.sheetnames)}")
        names = [sheet] if sheet else book.sheetnames
        for name in names:  # the first sheet whose first row names coordinates
            rows = book[name].iter_rows(values_only=True)
            first = next(rows, None)
            if first is None:
                continue
            cols = detect_columns(list(first))
            if sheet or ("latitude" in cols and "longitude" in cols):
                yield 1, list(first)
                for n, row in enumerate(rows, start=2):
                    yield n, list(row)
                return
        raise TableError(f"{path.name}: no sheet has latitude and longitude columns in its first row "
                         f"(sheets: {', '.join(book.sheetnames)}); name them with --column or --sheet")
    finally:
        book.close()


def _number(value: Any, what: str) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
    else:
        text = str(value or "").strip()
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # decimal comma, as some spreadsheets write
        try:
            x = float(text)
        except ValueError:
            raise PlaceRejected(f"{what} {text!r} is not a number", kind="bad number") from None
    if not math.isfinite(x):
        raise PlaceRejected(f"{what} {value!r} is not a finite number", kind="bad number")
    return x


def _text(row: list[Any], cols: dict[str, Any], fld: str) -> str:
    i = cols.get(fld)
    if i is None or i >= len(row) or row[i] is None:
        return ""
    v = row[i]
    return (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)).strip()


def read_table(path: Path, gaz: Gazetteer, *, columns: dict[str, str] | None = None, cc: str = "SY",
               sheet: str | None = None) -> TableImport:
    """Checked places of a CSV or XLSX table; rows that fail a check are listed, never raised."""
    rows = _rows_xlsx(path, sheet) if path.suffix.lower() in (".xlsx", ".xlsm") else _rows_csv(path)
    checker = PlaceChecker(gaz)
    out: TableImport | None = None
    cols: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for n, row in rows:
        if out is None:  # the first row: a header, or the first place of a headerless simple CSV
            cols, headerless = _header(path, row, columns)
            out = TableImport(path, {f: (f if headerless else str(row[i])) for f, i in cols.items()
                                     if not f.startswith("_")})
            if not headerless:
                continue
        if not any(str(c).strip() for c in row if c is not None):
            continue
        if str(_cell(row, 0) or "").startswith("#"):
            continue  # HXL hashtags under the header (#adm1+name ...): not a place
        try:
            out.places.append(_row_place(row, cols, checker, cc, path, seen, n))
        except PlaceRejected as exc:
            out.problems.append((n, exc.kind, _in_file_terms(str(exc), out.columns)))
    if out is None:
        raise TableError(f"{path.name}: empty file")
    return out


def _header(path: Path, row: list[Any], columns: dict[str, str] | None) -> tuple[dict[str, Any], bool]:
    """The columns of the table, and whether the file has no header (Rasd's simple CSV)."""
    cols = detect_columns(row, columns)
    if "latitude" not in cols or "longitude" not in cols:
        if not columns and len(row) >= 4 and _is_number(row[2]) and _is_number(row[3]):
            return {**{f: i for i, f in enumerate(SIMPLE_ORDER)}, "_aliases": []}, True
        missing = [f for f in ("latitude", "longitude") if f not in cols]
        raise TableError(f"{path.name}: no {' or '.join(missing)} column (columns: "
                         f"{', '.join(str(h) for h in row if h)}); name it with --column {missing[0]}=COLUMN")
    if "name_ar" not in cols and "name_en" not in cols:
        raise TableError(f"{path.name}: no name column (columns: {', '.join(str(h) for h in row if h)}); "
                         "name it with --column name_ar=COLUMN")
    return cols, False


def _in_file_terms(message: str, columns: dict[str, str]) -> str:
    """A check's message in the file's terms: its column names instead of the command's arguments."""
    for arg, fld in (("--admin1", "admin1"), ("--admin2", "admin2"), ("NAME_AR", "name_ar"),
                     ("LAT", "latitude"), ("LON", "longitude")):
        if message.startswith(arg + " "):
            message = f"{columns.get(fld, fld)}" + message[len(arg):]
            break
    return message.replace(" (an English name goes with --en)", "")


def _cell(row: list[Any], i: int) -> Any:
    return row[i] if i < len(row) else None


def _is_number(v: Any) -> bool:
    try:
        _number(v, "")
        return True
    except PlaceRejected:
        return False


def _row_place(row: list[Any], cols: dict[str, Any], checker: PlaceChecker, cc: str, path: Path,
               seen: dict[str, int], n: int) -> Place:
    name_ar, name_en = _text(row, cols, "name_ar"), _text(row, cols, "name_en")
    if not name_ar and not name_en:
        raise PlaceRejected("no name", kind="no name")
    lat = _number(_cell(row, cols["latitude"]), "latitude")
    lon = _number(_cell(row, cols["longitude"]), "longitude")
    # the governorate: by P-code (OCHA SY07, GeoNames SY.07), else by name in any spelling
    admin1 = admin1_names(_text(row, cols, "admin1_pcode"), cc)[0] or _text(row, cols, "admin1") \
        or _text(row, cols, "admin1_ar") or None
    admin2 = _text(row, cols, "admin2") or _text(row, cols, "admin2_ar") or None
    given2 = admin2
    if admin2 and admin1:
        try:
            admin2 = checker.known_admin(admin2, 2, cc, checker.known_admin(admin1, 1, cc))
        except PlaceRejected:
            admin2 = None  # a district the gazetteer spells otherwise: the file's spelling is kept below
    aliases = [a.strip() for a in _text(row, cols, "aliases").replace(";", "|").split("|") if a.strip()]
    aliases += [str(row[i]).strip() for i in cols.get("_aliases", []) if i < len(row) and row[i]]
    pcode = _text(row, cols, "pcode")
    pid = f"pcode:{pcode}" if pcode else None
    p = checker.place(name_ar or None, lat, lon, name_en=name_en, admin1=admin1, admin2=admin2, aliases=aliases,
                      cc=cc, source=f"import:{path.name}", place_id=pid, trust_admin=bool(admin1))
    if given2 and admin2 is None:
        p.admin2, p.admin2_ar = _text(row, cols, "admin2") or p.admin2, _text(row, cols, "admin2_ar") or None
    p.admin1_code = _text(row, cols, "admin1_pcode") or p.admin1_code
    p.admin2_code = _text(row, cols, "admin2_pcode") or p.admin2_code
    if p.id in seen:
        raise PlaceRejected(f"the same place as row {seen[p.id]} ({p.id})", kind="duplicate")
    seen[p.id] = n
    return p


def is_geonames(path: Path) -> bool:
    """A GeoNames dump (19 tab-separated columns), told apart by its first line."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return False
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        return fh.readline().count("\t") >= 14


def read_places(path: Path, gaz: Gazetteer | None = None) -> Iterator[Place]:
    """The places of a GeoNames dump or a table (its bad rows left out; see `read_table`)."""
    if is_geonames(path):
        return read_geonames(path)
    return iter(read_table(path, gaz or Gazetteer.open()).places)
