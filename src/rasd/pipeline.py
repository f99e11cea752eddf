"""The pipeline: an `Article` goes in, a `Doc` with sentences, places and events comes out.

Each stage is a callable that takes the `Doc` and adds to it (spaCy-style components).
Heavy resources (lexicon automata, the gazetteer index) are loaded once, when the
pipeline is built, not per article.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

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

    def pipe(self, articles: Sequence[Article],
             render: Callable[[Doc], Any] | None = None) -> list[Doc | str]:
        """Docs for a small batch of articles, in order, made stage by stage: each stage
        runs over the whole batch before the next starts, so its lexicons and automata stay
        in the CPU's caches (~5% faster than one article at a time; the same Docs).  An
        article that makes a stage (or `render`) raise comes back as the error message,
        and the batch goes on without it.  `render(doc)`, when given, is kept as
        `doc.rendered` (what a batch's caller wants from each Doc, made where it is made)."""
        docs: list[Doc | str] = [Doc(a) for a in articles]
        for stage in self.stages:
            for i, doc in enumerate(docs):
                if isinstance(doc, str):
                    continue
                try:
                    docs[i] = stage(doc)
                except Exception as exc:  # one broken article must not cost the batch
                    docs[i] = f"{type(exc).__name__}: {exc}"
        if render is not None:
            for i, doc in enumerate(docs):
                if isinstance(doc, str):
                    continue
                try:
                    doc.rendered = render(doc)
                except Exception as exc:
                    docs[i] = f"{type(exc).__name__}: {exc}"
        return docs

    def flush(self) -> None:
        """Write out what stages buffer (the place stage's log of unresolved names).  A
        process that ends without running atexit hooks (a forked worker, a Spark
        executor's Python worker) calls this after each batch it is handed."""
        for stage in self.stages:
            flush = getattr(stage, "flush", None)
            if callable(flush):
                flush()


# Articles between two collections of cyclic garbage during a batch (see batch_gc).
COLLECT_EVERY = 2_000


@contextmanager
def batch_gc() -> Iterator[None]:
    """Python's cyclic collector, paused for a batch.

    A batch makes millions of short-lived tuples, and with the default thresholds the
    collector runs every 700 of them and keeps re-walking the long-lived lexicons and
    gazetteer: ~10% of the run time.  The pipeline makes no reference cycles per article
    (reference counting frees everything; measured: 11 cyclic objects left after the
    whole dev corpus), so the collector is paused; callers run `gc.collect()` every
    COLLECT_EVERY articles as a safety net.  What exists when the batch starts (the built
    pipeline) is frozen out of the collector's sight, which also keeps forked workers'
    memory pages shared.
    """
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def text_pipeline() -> Pipeline:
    """Cleaning and sentence splitting only (what `rasd articles` shows)."""
    return Pipeline([clean, split_sentences])


def places_pipeline() -> Pipeline:
    """Text stages plus the geoparser."""
    from rasd.geo import place_stage

    return Pipeline([clean, split_sentences, place_stage()])


def full_pipeline(**event_options: Any) -> Pipeline:
    """Every stage: text, places, events (`event_options` go to `rasd.extract.event_stage`)."""
    from rasd.extract import event_stage
    from rasd.geo import place_stage

    return Pipeline([clean, split_sentences, place_stage(), event_stage(**event_options)])
