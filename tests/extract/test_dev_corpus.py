"""On all 1,193 dev articles: every event validates and its evidence is the original text."""
from pathlib import Path

import pytest

from rasd.batch import iter_articles
from rasd.output.contract import event_record, validator
from rasd.pipeline import full_pipeline

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared corpus not available")
def test_evidence_and_schema_on_dev_corpus():
    pipeline = full_pipeline()
    v = validator()
    n = events = 0
    for art in iter_articles([str(CORPUS)]):
        doc = pipeline(art)
        n += 1
        for e in doc.events:
            events += 1
            errors = [x.message for x in v.iter_errors(event_record(e))]
            assert not errors, (e.event_id, errors)
            assert e.evidence
            for ev in e.evidence:
                assert ev.text == art.text[ev.start:ev.end], e.event_id
    assert n == 1193 and events > 0
