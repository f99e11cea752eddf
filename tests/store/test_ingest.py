"""Idempotent ingest: the same article stored once, a changed one updated; the dev corpus twice."""
from __future__ import annotations

from sqlalchemy import func, select

from rasd.doc import Article
from rasd.pipeline import Pipeline, full_pipeline
from rasd.batch import run_batch
from rasd.store.ingest import DUPLICATE, NEW, UNCHANGED, UPDATED, IngestPipeline, content_hash, store_doc
from rasd.store.models import ArticleRow, ClaimRow, EventRow
from tests.store.factories import doc, event


def counts(store) -> tuple[int, int, int]:
    with store.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (ArticleRow, ClaimRow, EventRow))


def put(store, d):
    with store.session() as s, s.begin():
        status, _ = store_doc(s, d)
    return status


def test_content_hash_ignores_what_normalisation_ignores():
    assert content_hash("قصفُ  إدلب\n") == content_hash("قصف ادلب")
    assert content_hash("قصف إدلب") != content_hash("قصف حلب")


def test_same_url_or_same_text_is_stored_once(store):
    assert put(store, doc("a", [event("a")])) == NEW
    assert put(store, doc("a", [event("a")])) == UNCHANGED
    # the same text under another URL is a copy, not a new article
    assert put(store, doc("a-copy", [event("a-copy")], text=doc("a").text, url="https://mirror.invalid/a")) == DUPLICATE
    assert counts(store) == (1, 1, 1)
    # the same URL with changed text is a new version: its reports are replaced
    assert put(store, doc("a", [event("a", 1), event("a", 2, place=None)], text="نص جديد عن قصف إدلب.")) == UPDATED
    assert counts(store)[:2] == (1, 2)


def test_articles_without_url_match_on_id_and_source(store):
    d = doc("x", [event("x")], url="")
    d.article.url = None
    assert put(store, d) == NEW
    d2 = doc("x", [], text="نص آخر بلا رابط.", url="")
    d2.article.url = None
    assert put(store, d2) == UPDATED
    assert counts(store) == (1, 0, 0)


class _Counting(Pipeline):
    def __init__(self, inner):
        super().__init__([])
        self.inner, self.calls = inner, 0

    def __call__(self, article: Article):
        self.calls += 1
        return self.inner(article)


def test_dev_corpus_twice_leaves_the_same_counts(store, dev_corpus):
    extract = _Counting(full_pipeline())
    first = IngestPipeline(store, extract)
    s1 = run_batch([str(dev_corpus)], first, lambda d: None, quiet=True)
    after_one = counts(store)
    assert s1.articles == 1193 and after_one[0] == first.counts.new > 1100
    second = IngestPipeline(store, extract)
    run_batch([str(dev_corpus)], second, lambda d: None, quiet=True)
    assert counts(store) == after_one
    assert second.counts.new == 0 and second.counts.unchanged == first.counts.new
    assert extract.calls == first.counts.new + first.counts.updated  # the second run extracted nothing
