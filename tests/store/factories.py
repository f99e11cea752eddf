"""Docs with hand-made events, for testing the store without the extractor.

Texts are short sentences written for the tests; each event's evidence is the
whole text (offsets 0..len), as the contract allows.
"""
from __future__ import annotations

from datetime import date

from rasd.doc import Article, Doc, Event, Evidence

# A few places, with coordinates close to the real ones (km apart matters, not precision).
IDLIB = dict(location="Idlib", location_ar="إدلب", admin1="Idlib", latitude=35.93, longitude=36.63, geo_precision=1)
SARAQIB = dict(location="Saraqib", location_ar="سراقب", admin1="Idlib", latitude=35.86, longitude=36.80,
               geo_precision=1)  # ~17 km from Idlib city
BINNISH = dict(location="Binnish", location_ar="بنش", admin1="Idlib", latitude=35.95, longitude=36.71,
               geo_precision=1)  # ~7.5 km from Idlib city
DOUMA = dict(location="Douma", location_ar="دوما", admin1="Rural Damascus", latitude=33.57, longitude=36.40,
             geo_precision=1)
DEIR_EZ_ZOR = dict(location="Deir ez-Zor", location_ar="دير الزور", admin1="Deir ez-Zor", latitude=35.33,
                   longitude=40.14, geo_precision=1)
DARAA = dict(location="Daraa", location_ar="درعا", admin1="Daraa", latitude=32.62, longitude=36.10, geo_precision=1)
IDLIB_REGION = dict(location="Idlib", location_ar="ريف إدلب", admin1="Idlib", latitude=35.80, longitude=36.60,
                    geo_precision=3)

AIRSTRIKE = dict(disorder_type="Political violence", event_type="Explosions/Remote violence",
                 sub_event_type="Air/drone strike")
SHELLING = dict(AIRSTRIKE, sub_event_type="Shelling/artillery/missile attack")
CLASH = dict(disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash")

RUSSIA = dict(actor1="Military Forces of Russia (2000-)", inter1=8)
REGIME = dict(actor1="Military Forces of Syria (2000-)", inter1=1)
CIVILIANS = dict(actor2="Civilians (Syria)", inter2=7)

TEXT = "قصفت طائرات حربية مدينة إدلب اليوم ما أدى إلى مقتل مدنيين."


def event(article_id: str, n: int = 1, *, text: str = TEXT, day: str = "2018-05-01", fatalities: int | None = None,
          place: dict | None = None, kind: dict | None = None, actors: tuple[dict, ...] = (RUSSIA, CIVILIANS),
          confidence: float = 0.8, source: str | None = None) -> Event:
    fields: dict = {}
    for part in (place or IDLIB, kind or AIRSTRIKE, *actors):
        fields.update(part)
    return Event(event_id=f"{article_id}-{n}", article_id=article_id, event_date=day, time_precision=1,
                 country="Syria", iso=760, fatalities=fatalities, confidence=confidence, source=source,
                 notes=f"{fields.get('sub_event_type')} in {fields.get('location')}",
                 evidence=[Evidence(text, 0, len(text))], **fields)


def doc(article_id: str, events: list[Event] | None = None, *, text: str | None = None, source: str = "outlet-a",
        url: str | None = None, published: date = date(2018, 5, 1)) -> Doc:
    """A Doc whose article text is unique to `article_id` unless `text` is given."""
    body = text or f"{TEXT} ({article_id})"
    art = Article(article_id=article_id, text=body, published=published, published_from="metadata", source=source,
                  url=url if url is not None else f"https://example.invalid/{article_id}")
    d = Doc(art)
    for e in events or []:
        e.evidence = [Evidence(body, 0, len(body))]
        e.source = e.source or source
        e.published = published.isoformat()
    d.events = list(events or [])
    return d


def confidence_docs() -> list[Doc]:
    """Four events the judge rates 0.3, 0.6, 0.9 and, reported twice (0.2 and 0.7), 0.7 merged.

    Their places lie far apart, so that the dashboard draws each as its own marker."""
    return [doc("lo", [event("lo", kind=CLASH, place=DEIR_EZ_ZOR, day="2018-06-10", confidence=0.3)], source="cnn"),
            doc("mid", [event("mid", day="2018-05-01", confidence=0.6)], source="sky"),
            doc("hi", [event("hi", kind=SHELLING, place=DARAA, day="2018-07-20", confidence=0.9)], source="bbc"),
            doc("m1", [event("m1", place=DOUMA, day="2018-08-01", confidence=0.2)], source="sky"),
            doc("m2", [event("m2", place=DOUMA, day="2018-08-01", confidence=0.7)], source="bbc")]
