"""Emitted events scored against labelled events: one count per happening (re-reports
linked by `same_as`), actor families and tolls of the matched events.  A training
directory written for the test, run through the real pipeline."""
from __future__ import annotations

import json
from datetime import date

from rasd.doc import Article
from rasd.learn.happenings import actor_families, load_mentions, score_events
from rasd.pipeline import full_pipeline

LEAD = "قتل خمسة مدنيين في غارات روسية على مدينة خان شيخون يوم الخميس."
BODY = "وقالت مصادر محلية إن طائرات روسية قصفت مدينة خان شيخون يوم الخميس ما أدى إلى مقتل خمسة مدنيين."
TALK = "وحذرت الأمم المتحدة من أن أي هجوم على إدلب سيكون كارثيا."


def _write(tmp_path, text: str) -> None:
    a, b = text.index(LEAD), text.index(BODY)
    ev = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "actor1": "RUSSIA",
          "actor2": "CIVILIANS", "fatalities": 5}
    rows = [
        {"article": "t", "in_title": False, "sentence": LEAD, "start": a, "end": a + len(LEAD), "label": "event",
         "events": [{**ev, "id": "t#1", "same_as": None}]},
        {"article": "t", "in_title": False, "sentence": BODY, "start": b, "end": b + len(BODY), "label": "event",
         "events": [{**ev, "id": "t#2", "same_as": "t#1"}]},
    ]
    (tmp_path / "sentences.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                                              encoding="utf-8")


def test_a_lead_and_its_body_are_one_happening_and_fields_are_checked(tmp_path):
    text = "\n".join([LEAD, TALK, BODY])
    _write(tmp_path, text)
    mentions = load_mentions(tmp_path)
    assert {m.happening for m in mentions["t"]} == {"t#1"}
    doc = full_pipeline()(Article("t", text, published=date(2018, 7, 15)))
    score = score_events("t", doc.events, mentions, actor_families()).as_dict()
    # the two reports of the strike are one event here, and it is right in every field
    assert score["matched"] == score["events"] == 1 and score["happenings"] == 1
    assert score["events_per_happening"] == 1.0
    assert (score["actor1"], score["actor2"], score["fatalities"]) == (1.0, 1.0, 1.0)


def test_two_events_for_one_happening_count_twice(tmp_path):
    text = "\n".join([LEAD, TALK, BODY])
    _write(tmp_path, text)
    doc = full_pipeline()(Article("t", text, published=date(2018, 7, 15)))
    twice = [doc.events[0], doc.events[0]]
    score = score_events("t", twice, load_mentions(tmp_path), actor_families()).as_dict()
    assert score["events_per_happening"] == 2.0
