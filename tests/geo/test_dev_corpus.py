"""Corpus checks on ../shared (skipped when it is absent)."""
from __future__ import annotations

from rasd.batch import iter_articles
from rasd.geo import place_stage
from rasd.geo.gazetteer import name_key
from rasd.geo.toponyms import ToponymFinder
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences


def test_no_place_from_a_stoplist_word_on_dev(shared):
    path = shared / "corpus" / "dev" / "ant-dev-1193.jsonl"
    stage = place_stage(record_unresolved=False)
    finder: ToponymFinder = stage.finder
    pipe = Pipeline([clean, split_sentences, stage])
    bad, n = [], 0
    for article in iter_articles([str(path)]):
        n += 1
        for m in pipe(article).places:
            readings = {rest for _, rest in finder.strip(name_key(m.text))}
            if readings & finder.stop:
                bad.append((article.article_id, m.text))
    assert n == 1193
    assert bad == []
