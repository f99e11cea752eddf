"""The curation loop checks what it is given: `rasd gazetteer add`, `remove`, `unresolved`, `lookup`.

Every test runs the real CLI on a fresh copy of the built default gazetteer (tests/geo/conftest.py).
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.geo.gazetteer import Gazetteer
from tests.conftest import seed

runner = CliRunner()


def gaz(*args: str):
    return runner.invoke(app, ["gazetteer", *args])


@pytest.mark.parametrize("args, why", [
    (["بلدةما", "99", "200"], "latitude is a number from -90 to 90"),  # issue 13: was added to Al Hasakeh
    (["بلدةما", "34", "200"], "longitude is a number from -180 to 180"),
    (["بلدةما", "36.1", "20.0"], "lies outside Syria"),
    (["بلدةما", "35.1", "36.7", "--admin1", "Narnia"], "no governorate of Syria is called that"),
    (["بلدةما", "35.1", "40.4", "--admin2", "Narnia"], "no district of Deir-ez-Zor"),
    (["xyz", "34", "37"], "not written in Arabic script"),
    (["بلدةما", "35.1", "40.4", "--admin1", "Idlib"], "contradicts the point"),  # a Deir ez-Zor point
    (["بلدةما", "37.06", "37.38"], "lies in Turkey, not Syria"),  # Gaziantep
    (["بلدةما", "35.1", "40.4", "--country", "Narnia"], "not a country the gazetteer covers"),
])
def test_bad_input_is_refused_with_the_reason(args: list[str], why: str) -> None:
    before = len(Gazetteer.open().places)
    out = gaz("add", *args)
    assert out.exit_code != 0
    assert why in out.output and out.output.startswith("error: ")
    assert "Traceback" not in out.output
    assert len(Gazetteer.open().places) == before


def test_admin_units_come_from_the_point() -> None:
    out = gaz("add", "تل المزار", "35.05", "40.46", "--en", "Tal al-Mazar")
    assert out.exit_code == 0, out.output
    pid, _, _, admin1, admin2 = out.stdout.strip().split("\t")
    assert (admin1, admin2) == ("Deir-ez-Zor", "Mayadin")  # near al-Mayadin, not a guess of the first governorate
    found = Gazetteer.open().lookup("Tal al-Mazar")[0].place
    assert found.id == pid and found.admin1_ar == "دير الزور"


def test_a_given_admin1_in_any_spelling_agreeing_with_the_point_is_taken() -> None:
    for spelling in ("Deir ez Zor", "دير الزور", "Deir-ez-Zor"):
        out = gaz("add", "تل المزار", "35.05", "40.46", "--admin1", spelling)
        assert out.exit_code == 0, out.output
        assert out.stdout.split("\t")[3] == "Deir-ez-Zor"


def test_a_neighbouring_country_with_country() -> None:
    out = gaz("add", "بلدةما", "37.06", "37.38", "--country", "TR")
    assert out.exit_code == 0, out.output
    p = Gazetteer.open().get(out.stdout.split("\t")[0])
    assert p.cc == "TR" and p.country == "Turkey"


def test_remove_undoes_an_addition_and_refuses_default_places() -> None:
    added = gaz("add", "تل المزار", "35.05", "40.46")
    pid = added.stdout.split("\t")[0]
    assert gaz("lookup", "تل المزار").exit_code == 0
    removed = gaz("remove", "تل المزار")
    assert removed.exit_code == 0 and f"removed {pid}" in removed.stdout
    assert gaz("lookup", "تل المزار").exit_code == 1
    assert Gazetteer.open().get(pid) is None

    default = gaz("remove", "geonames:170794")  # Deir ez-Zor city
    assert default.exit_code == 1 and "one of the default places" in default.output
    by_name = gaz("remove", "دير الزور")
    assert by_name.exit_code == 1 and "one of the default places" in by_name.output
    assert Gazetteer.open().get("geonames:170794") is not None
    assert gaz("remove", "لا يوجد مكان بهذا الاسم").exit_code == 1


def test_remove_by_id_when_a_name_has_several_additions() -> None:
    a = gaz("add", "تل المزار", "35.05", "40.46").stdout.split("\t")[0]
    b = gaz("add", "تل المزار", "36.10", "36.45").stdout.split("\t")[0]
    both = gaz("remove", "تل المزار")
    assert both.exit_code == 1 and "give one id, or --all" in both.output
    assert gaz("remove", b).exit_code == 0
    left = Gazetteer.open()
    assert left.get(a) is not None and left.get(b) is None


def test_english_names_are_found_without_transliteration_marks() -> None:
    for name in ("Hajin", "هجين", "Hajīn"):
        out = gaz("lookup", name, "--json")
        assert out.exit_code == 0, (name, out.output)
        first = json.loads(out.stdout.splitlines()[0])
        assert first["name_ar"] == "هجين" and first["admin1"] == "Deir-ez-Zor"
    for name in ("Hasakah", "Al Hasakah", "Ḩasakah", "الحسكة"):
        first = json.loads(gaz("lookup", name, "--json").stdout.splitlines()[0])
        assert first["name_ar"] == "الحسكة", name
    assert json.loads(gaz("lookup", "Deir ez Zor", "--json").stdout.splitlines()[0])["feature"] == "PPLA"


def test_unresolved_drops_a_name_once_it_is_added(seeds_dir) -> None:
    """A logged name used to stay listed after it was added."""
    article = seed(seeds_dir, "000_")
    assert runner.invoke(app, ["places", "-q", str(article)]).exit_code == 0
    before = gaz("unresolved", "--json", "-n", "500")
    names = {json.loads(x)["name"] for x in before.stdout.splitlines()}
    assert "بقرص" in names

    assert gaz("add", "بقرص", "35.05", "40.40").exit_code == 0
    after = {json.loads(x)["name"] for x in gaz("unresolved", "--json", "-n", "500").stdout.splitlines()}
    assert "بقرص" not in after and after == names - {"بقرص"}

    # removed again, it is unresolved again; --recheck prunes what is resolved for good
    assert gaz("remove", "بقرص").exit_code == 0
    assert "بقرص" in gaz("unresolved", "-n", "500").stdout
    assert gaz("add", "بقرص", "35.05", "40.40").exit_code == 0
    pruned = gaz("unresolved", "--recheck", "-n", "500")
    assert pruned.exit_code == 0 and "1 name(s)" in pruned.output
    assert gaz("remove", "بقرص").exit_code == 0
    assert "بقرص" not in gaz("unresolved", "-n", "500").stdout  # pruned from the log itself
