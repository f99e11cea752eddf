"""On all 1,193 dev articles: every event validates and its evidence is the original text."""
from pathlib import Path

import pytest

from rasd.batch import iter_articles
from rasd.extract.actors import ActorLexicon
from rasd.extract.consistency import STATE_SIDES
from rasd.output.contract import event_record, validator
from rasd.pipeline import full_pipeline

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared corpus not available")
def test_evidence_and_schema_on_dev_corpus():
    pipeline = full_pipeline()
    v = validator()
    n = events = 0
    killed: list[int] = []
    same_actor = territory = air = protests = 0
    actors = {a.name: a for a in ActorLexicon().actors.values()}
    for art in iter_articles([str(CORPUS)]):
        doc = pipeline(art)
        n += 1
        for e in doc.events:
            events += 1
            killed.append(e.fatalities or 0)
            a1 = actors.get(e.actor1 or "")
            same_actor += bool(e.actor1 and e.actor1 == e.actor2)
            if a1 is not None and e.sub_event_type in ("Government regains territory",
                                                       "Non-state actor overtakes territory"):
                territory += (a1.side in STATE_SIDES) != (e.sub_event_type == "Government regains territory")
            air += bool(a1 is not None and e.sub_event_type == "Air/drone strike" and not a1.air)
            protests += bool(a1 is not None and e.event_type == "Protests" and a1.inter not in (5, 6, 7))
            errors = [x.message for x in v.iter_errors(event_record(e))]
            assert not errors, (e.event_id, errors)
            assert e.evidence
            for ev in e.evidence:
                assert ev.text == art.text[ev.start:ev.end], e.event_id
    assert n == 1193 and events > 0
    # ACLED's consistency rules hold on every event, and no toll is a war's or a campaign's
    assert (same_actor, territory, air, protests) == (0, 0, 0, 0)
    assert max(killed) <= 1000 and sum(killed) <= 25_000
