"""Fixtures: one extractor for the whole session (lexicons compiled once) and a helper
that runs text + a hand-made place list through it, so the tests do not depend on
the geoparser's gazetteer."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.doc import Article, Doc, PlaceMention
from rasd.extract.events import EventExtractor
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences

# Made-up coordinates: the tests check which mention is chosen, not geography.
PLACES = {
    "بلدة الحمرا": (35.10, 40.10),
    "قرية التلة": (35.20, 40.20),
    "مدينة الوادي": (35.30, 40.30),
    "قاعدة الصخر": (35.40, 40.40),
}


@pytest.fixture(scope="session")
def extractor() -> EventExtractor:
    return EventExtractor(min_confidence=0.5)


@pytest.fixture(scope="session")
def run(extractor):
    def _run(text: str, published: date | None = date(2018, 6, 10)) -> Doc:
        doc = split_sentences(clean(Doc(Article("t", text, published=published))))
        for s in doc.sentences:
            for name, (lat, lon) in PLACES.items():
                i = s.text.find(name)
                while i >= 0:
                    a = s.start + i
                    doc.places.append(PlaceMention(a, a + len(name), name, name=name, name_ar=name, latitude=lat,
                                                   longitude=lon, country="Syria", iso=760, geo_precision=1,
                                                   resolved=True, sentence=s.index))
                    i = s.text.find(name, i + 1)
        doc.places.sort(key=lambda p: p.start)
        return extractor(doc)
    return _run
