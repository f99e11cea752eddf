"""The event judge on sentences written for the test: the same event words reported as an
incident, and said as a statement, a threat, a denial, background or a summary."""
from __future__ import annotations

from datetime import date

import pytest

from rasd.doc import Article
from rasd.learn.judge import default_judge
from rasd.pipeline import full_pipeline

PUBLISHED = date(2018, 6, 10)

INCIDENT = ("قصفت طائرات حربية روسية صباح اليوم بلدة كفرنبل في ريف إدلب الجنوبي، "
            "ما أدى إلى مقتل خمسة مدنيين بينهم طفلان، بحسب المرصد السوري لحقوق الإنسان.")
NOT_INCIDENTS = {
    "statement": "وقال وزير الخارجية الفرنسي في مؤتمر صحفي إن بلاده تدين بشدة القصف الروسي على المدنيين "
                 "في بلدة كفرنبل في ريف إدلب، وتحمل موسكو المسؤولية الكاملة.",
    "threat": "هددت وزارة الدفاع الروسية بشن غارات جوية على بلدة كفرنبل في ريف إدلب "
              "إذا لم تنسحب الفصائل المسلحة منها خلال الأيام المقبلة.",
    "denial": "ونفت وزارة الدفاع الروسية في بيان أن تكون طائراتها قد قصفت بلدة كفرنبل في ريف إدلب.",
    "background": "وكانت طائرات حربية روسية قد قصفت بلدة كفرنبل في ريف إدلب في عام 2015، "
                  "قبل أن تسيطر عليها الفصائل.",
    "summary": "وقتل أكثر من 350 ألف شخص في سوريا منذ اندلاع النزاع في عام 2011، "
               "وتواصل الطائرات الروسية قصف ريف إدلب منذ أشهر.",
}


# Each test sentence stands in an article of the ordinary kind: a few sentences of news
# around it that report no violence.
CONTEXT_BEFORE = "يعقد مجلس الأمن الدولي اليوم جلسة طارئة لمناقشة الوضع الإنساني في سوريا بطلب من فرنسا وبريطانيا."
CONTEXT_AFTER = ("وأكد المبعوث الأممي إلى سوريا أنه سيزور دمشق الأسبوع المقبل للقاء المسؤولين السوريين.\n"
                 "وتستضيف العاصمة الكازاخية أستانة جولة جديدة من المحادثات بين الدول الضامنة في وقت لاحق من الشهر.")


def article(sentence: str) -> Article:
    return Article("t", f"{CONTEXT_BEFORE}\n{sentence}\n{CONTEXT_AFTER}", published=PUBLISHED)


@pytest.fixture(scope="module")
def pipeline():
    return full_pipeline()


@pytest.fixture(scope="module")
def explaining():
    return full_pipeline(explain=True)


def events_of(pipeline, text: str):
    return pipeline(article(text)).events


def test_the_model_ships_and_loads():
    judge = default_judge()
    assert judge is not None, "rasd/data/models/event_judge.json is missing: run `rasd train`"
    assert 0 < judge.floor <= judge.threshold < 1
    assert len(judge.weights) > 1000
    assert judge.reason_classes and "statement" in judge.reason_classes


def test_an_incident_is_reported(pipeline):
    events = events_of(pipeline, INCIDENT)
    assert [e.sub_event_type for e in events] == ["Air/drone strike"]
    e = events[0]
    assert e.actor1 == "Military Forces of Russia (2000-)" and e.fatalities == 5
    assert 0.0 < e.confidence <= 1.0


@pytest.mark.parametrize("kind", sorted(NOT_INCIDENTS))
def test_the_same_words_not_as_an_incident_are_not_reported(pipeline, kind):
    assert events_of(pipeline, NOT_INCIDENTS[kind]) == []


@pytest.mark.parametrize("kind", sorted(NOT_INCIDENTS))
def test_an_incident_is_more_probable_than_talk_about_it(explaining, kind):
    def best(text: str) -> float:
        doc = explaining(article(text))
        return max((d["confidence"] for d in doc.decisions if "confidence" in d), default=0.0)

    assert best(INCIDENT) > best(NOT_INCIDENTS[kind])


def test_explain_says_why_a_candidate_was_dropped(explaining):
    art = article(NOT_INCIDENTS["denial"])
    doc = explaining(art)
    assert doc.decisions, "the rules proposed no candidate"
    dropped = [d for d in doc.decisions if not d["kept"]]
    assert dropped and all(d["reason"] for d in dropped)
    assert all(d["text"] == art.text[d["sentence"][0]:d["sentence"][1]] for d in dropped)


def test_scores_are_deterministic(pipeline):
    a = [(e.event_id, e.confidence) for e in events_of(pipeline, INCIDENT)]
    b = [(e.event_id, e.confidence) for e in events_of(full_pipeline(), INCIDENT)]
    assert a == b


def test_a_chosen_confidence_is_a_probability_not_the_rules_backoff():
    """--min-confidence keeps only what the judge itself rates that high."""
    strict = full_pipeline(min_confidence=0.99)
    for e in events_of(strict, INCIDENT):
        assert e.confidence >= 0.99


def test_rules_only_is_the_baseline(pipeline):
    rules = full_pipeline(rules_only=True)
    assert events_of(rules, INCIDENT)
    assert all(e.confidence >= 0.5 for e in events_of(rules, INCIDENT))


def test_a_sentence_scored_by_stem_is_its_features_scored():
    """`sentence_raw` looks the words and pairs up by stem; it must sum what `raw` sums over
    the sentence's feature strings (the training features), sentence by sentence."""
    from rasd.learn.features import DocContext, shared_features
    from rasd.pipeline import places_pipeline

    judge = default_judge()
    assert judge is not None
    texts = [INCIDENT, *NOT_INCIDENTS.values()]
    doc = places_pipeline()(Article("t", "\n".join([CONTEXT_BEFORE, *texts, CONTEXT_AFTER]), published=PUBLISHED))
    ctx = DocContext(doc, [])
    assert len(doc.sentences) > 5
    for s in doc.sentences:
        want = judge.raw(shared_features(s, ctx))
        assert want != 0.0
        assert judge.sentence_raw(s, ctx) == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_every_process_gives_the_same_confidences(seeds_dir):
    """Python salts string hashes per process: the judge must not add its weights in a
    set's order, or a probability could come out a few bits apart, and round differently,
    from one run to the next.  Every raw score, to the last bit, in two processes."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from rasd.ingest.readers import read_paths\n"
        "from rasd.learn.features import DocContext, own_features\n"
        "from rasd.learn.judge import default_judge\n"
        "from rasd.pipeline import places_pipeline\n"
        "from rasd.extract import event_stage\n"
        "judge, pipe, ex = default_judge(), places_pipeline(), event_stage(explain=True)\n"
        "for item in read_paths([sys.argv[1]]):\n"
        "    doc = pipe(item)\n"
        "    ctx = DocContext(doc, [])\n"
        "    print([repr(judge.sentence_raw(s, ctx)) for s in doc.sentences])\n"
        "    ex(doc)\n"
        "    print([d.get('confidence') for d in doc.decisions])\n"
    )
    outs = []
    for seed in ("1", "2"):
        got = subprocess.run([sys.executable, "-c", script, str(seeds_dir)], env={**os.environ, "PYTHONHASHSEED": seed},
                             capture_output=True, text=True, timeout=300)
        assert got.returncode == 0, got.stderr[-2000:]
        outs.append(got.stdout)
    assert outs[0].count("\n") >= 10 and outs[0] == outs[1]
