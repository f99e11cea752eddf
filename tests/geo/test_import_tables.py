"""`rasd gazetteer import` reads OCHA/HDX populated-places tables (CSV and XLSX) as humanitarian
organisations have them; bad rows are reported by file and row number and cost no other row.

The rows are fictional but plausible villages inside Syria, in OCHA's layout.
"""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from rasd.cli import app
from rasd.geo.gazetteer import Gazetteer

runner = CliRunner()

OCHA_HEADER = ["admin0Name_en", "admin0Name_ar", "admin0Pcode", "admin1Name_en", "admin1Name_ar", "admin1Pcode",
               "admin2Name_en", "admin2Name_ar", "admin2Pcode", "admin3Name_en", "admin3Name_ar", "admin3Pcode",
               "admin4Name_en", "admin4Name_ar", "admin4Pcode", "admin4AltName1_ar", "longitude", "latitude"]
HXL = ["#country+name", "#country+name+i_ar", "#country+code", "#adm1+name", "#adm1+name+i_ar", "#adm1+code",
       "#adm2+name", "#adm2+name+i_ar", "#adm2+code", "#adm3+name", "#adm3+name+i_ar", "#adm3+code",
       "#loc+name", "#loc+name+i_ar", "#loc+code", "#loc+name+alt", "#geo+lon", "#geo+lat"]
SY = ["Syrian Arab Republic", "الجمهورية العربية السورية", "SY"]
DEIR = ["Deir-ez-Zor", "دير الزور", "SY09", "Al Mayadin", "الميادين", "SY0903", "Thiban", "ذيبان", "SY090301"]
IDLEB = ["Idleb", "إدلب", "SY07", "Harim", "حارم", "SY0702", "Salqin", "سلقين", "SY070201"]
GOOD = [SY + DEIR + ["Tal Sabeel", "تل سبيل", "C9001", "تل السبيل", 40.452, 35.041],
        SY + IDLEB + ["Khirbet Zaytun", "خربة الزيتون", "C7002", "", 36.452, 36.142]]
BAD = [SY + IDLEB + ["Bad Number", "قرية ما", "C7003", "", "abc", 36.1],        # row 5
       SY + ["Narnia", "نارنيا", ""] + IDLEB[3:] + ["Wrong", "قرية نارنيا", "C7004", "", 36.45, 36.14],
       SY + IDLEB + ["Far Away", "بعيدة", "C7005", "", 20.0, 36.1],            # longitude in the sea
       SY + IDLEB + ["Latin Only", "Latin Only", "C7006", "", 36.44, 36.13],
       SY + DEIR + ["Tal Sabeel again", "تل سبيل", "C9001", "", 40.452, 35.041]]  # row 9: same P-code


def write_csv(path: Path, rows: list[list], header: list[str] = OCHA_HEADER, hxl: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        if hxl:
            w.writerow(HXL)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], header: list[str]) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "README"
    book.active.append(["Populated places of Syria (fictional test rows)"])
    sheet = book.create_sheet("syr_pplp")
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def imp(*args: str):
    return runner.invoke(app, ["gazetteer", "import", *map(str, args)])


def test_ocha_csv_imports_with_admin_names_and_pcodes(tmp_path: Path) -> None:
    out = imp(write_csv(tmp_path / "syr_pplp_adm4.csv", GOOD))
    assert out.exit_code == 0, out.output
    assert "2 added, 0 updated, 0 unchanged, 0 skipped" in out.stdout
    gaz = Gazetteer.open()
    tal = gaz.get("pcode:C9001")
    assert (tal.name, tal.name_ar, tal.lat, tal.lon) == ("Tal Sabeel", "تل سبيل", 35.041, 40.452)
    assert (tal.admin1, tal.admin2, tal.admin1_code) == ("Deir-ez-Zor", "Mayadin", "SY09")  # OCHA's Al Mayadin
    assert gaz.lookup("تل السبيل")[0].place.id == "pcode:C9001"  # the alternative name is an alias
    assert gaz.lookup("Khirbet Zaytun")[0].place.admin1 == "Idleb"
    again = imp(tmp_path / "syr_pplp_adm4.csv")
    assert "0 added, 0 updated, 2 unchanged" in again.stdout and len(Gazetteer.open().places) == len(gaz.places)


def test_bad_rows_are_reported_by_row_and_cost_no_other_row(tmp_path: Path) -> None:
    out = imp(write_csv(tmp_path / "mixed.csv", GOOD + BAD))
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    for row, why in ((5, "longitude 'abc' is not a number"),
                     (6, "admin1Name_en 'Narnia': no governorate of Syria is called that"),
                     (7, "lies outside Syria"), (8, "admin4Name_ar 'Latin Only' is not written in Arabic script"),
                     (9, "the same place as row 3")):
        assert any(x.startswith(f"mixed.csv:{row}: ") and why in x for x in lines), (row, out.output)
    assert ("2 added, 0 updated, 0 unchanged, 5 skipped (1 bad number, 1 unknown admin1, 1 outside the country, "
            "1 name not in Arabic script, 1 duplicate)") in out.stdout
    assert Gazetteer.open().get("pcode:C7002") is not None


def test_an_xlsx_on_its_second_sheet_in_the_cod_layout(tmp_path: Path) -> None:
    header = ["ADM0_EN", "ADM1_EN", "ADM1_AR", "ADM1_PCODE", "ADM2_EN", "ADM2_AR", "ADM2_PCODE",
              "ADM4_EN", "ADM4_AR", "ADM4_PCODE", "Lat", "Long"]
    rows = [["Syria", "Idleb", "إدلب", "SY07", "Harim", "حارم", "SY0702", "Kafr Zaytun", "كفر الزيتون", "C7101",
             36.15, 36.46],
            ["Syria", "Deir-ez-Zor", "دير الزور", "SY09", "Al Mayadin", "الميادين", "SY0903", "Jurn", "الجرن", "C9102",
             "35,02", "40,49"],  # decimal commas, as some spreadsheets write
            ["Syria", "Hama", "حماة", "SY05", "Hama", "حماة", "SY0501", "Nowhere", "لا مكان", "C5103", None, None]]
    out = imp(write_xlsx(tmp_path / "syr_pplp.xlsx", rows, header))
    assert out.exit_code == 0, out.output
    assert "2 added" in out.stdout and "1 skipped (1 bad number)" in out.stdout
    assert "syr_pplp.xlsx:4: latitude '' is not a number" in out.output
    gaz = Gazetteer.open()
    assert gaz.get("pcode:C9102").lat == 35.02 and gaz.get("pcode:C7101").admin2 == "Harem"


def test_columns_named_by_the_user(tmp_path: Path) -> None:
    header = ["village", "village_arabic", "north", "east", "gov"]
    rows = [["Tal Sabeel", "تل سبيل", 35.041, 40.452, "Deir ez Zor"]]
    src = write_csv(tmp_path / "field_team.csv", rows, header, hxl=False)
    missing = imp(src)
    assert missing.exit_code == 1 and "no latitude or longitude column" in missing.output
    assert "--column latitude=COLUMN" in missing.output
    wrong = imp(src, "--column", "latitude=NORTHING")
    assert wrong.exit_code == 1 and "has no column 'NORTHING'" in wrong.output
    out = imp(src, "--column", "latitude=north", "--column", "longitude=east", "--column", "name_ar=village_arabic",
              "--column", "name_en=village", "--column", "admin1=gov")
    assert out.exit_code == 0, out.output
    p = Gazetteer.open().lookup("تل سبيل")[0].place
    assert p.source == "import:field_team.csv" and p.admin1 == "Deir-ez-Zor"


def test_an_import_updates_a_row_that_changed(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "syr_pplp.csv", GOOD)
    imp(src)
    moved = [r[:] for r in GOOD]
    moved[0][-1] = 35.045
    out = imp(write_csv(src, moved))
    assert "0 added, 1 updated, 1 unchanged" in out.stdout
    assert Gazetteer.open().get("pcode:C9001").lat == 35.045


def test_imported_rows_can_be_removed(tmp_path: Path) -> None:
    imp(write_csv(tmp_path / "syr_pplp.csv", GOOD))
    out = runner.invoke(app, ["gazetteer", "remove", "pcode:C9001"])
    assert out.exit_code == 0 and Gazetteer.open().get("pcode:C9001") is None


def test_a_file_that_is_no_table_is_one_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "villages.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    out = imp(broken)
    assert out.exit_code == 1 and "not a readable XLSX workbook" in out.output and "Traceback" not in out.output
