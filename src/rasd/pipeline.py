"""The pipeline: an `Article` goes in, a `Doc` with sentences, places and events comes out.

Each stage is a callable that takes the `Doc` and adds to it (spaCy-style components).
Heavy resources (lexicon automata, the gazetteer index) are loaded once, when the
pipeline is built, not per article.
"""
from __future__ import annotations

import gc
from typing import Callable, Sequence

from rasd.doc import Article, Doc
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences

Stage = Callable[[Doc], Doc]


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)

    def __call__(self, article: Article) -> Doc:
        doc = Doc(article)
        for stage in self.stages:
            doc = stage(doc)
        return doc


# A batch makes millions of short-lived tuples; with the default thresholds Python's
# collector runs every 700 of them and keeps re-walking the long-lived lexicons.
_GC_THRESHOLD = (20_000, 50, 100)


def settle_for_batch() -> None:
    """Before a long batch, once the pipeline is built: what exists now (lexicon automata,
    gazetteer index) is moved out of the collector's sight (`gc.freeze`, also what keeps
    forked workers' pages shared), and the young generation is collected less often.
    Worth ~8% of throughput; the memory a batch holds is unchanged."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def text_pipeline() -> Pipeline:
    """Cleaning and sentence splitting only (what `rasd articles` shows)."""
    return Pipeline([clean, split_sentences])


def places_pipeline() -> Pipeline:
    """Text stages plus the geoparser."""
    from rasd.geo import place_stage

    return Pipeline([clean, split_sentences, place_stage()])


def full_pipeline() -> Pipeline:
    """Every stage: text, places, events."""
    from rasd.extract import event_stage
    from rasd.geo import place_stage

    return Pipeline([clean, split_sentences, place_stage(), event_stage()])
