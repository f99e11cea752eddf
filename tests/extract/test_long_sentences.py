"""Text with no sentence punctuation: one "sentence" of tens of thousands of characters.
Extraction used to grow with the cube of its length (46,193 characters: 189 s); it is
linear now (role markers, casualty distances and modality cues are looked for in the
few words before a mention, not in the whole sentence prefix), and no sentence is
longer than MAX_SENTENCE (it is cut at clause breaks)."""
from __future__ import annotations

import json
import random
import time
from datetime import date

import pytest

from rasd.doc import Article
from rasd.extract.actors import ActorLexicon, _NUMBERISH, _words
from rasd.pipeline import full_pipeline, text_pipeline
from rasd.text.sentences import MAX_SENTENCE
from tests.extract.hostile import PLACES, unpunctuated

PUB = date(2018, 6, 10)


@pytest.fixture(scope="module")
def pipeline():
    p = full_pipeline()
    p(Article("warm", "قصفت طائرات حربية روسية بلدة سراقب في ريف إدلب.", published=PUB))
    return p


def _extract(pipeline, text: str) -> tuple[float, object]:
    t0 = time.perf_counter()
    doc = pipeline(Article("long", text, published=PUB))
    return time.perf_counter() - t0, doc


def test_46k_unpunctuated_article_extracts_fast(pipeline):
    text = unpunctuated(46_000)
    elapsed, doc = _extract(pipeline, text)
    # measured ~0.4 s of CPU here (before: 12,000 characters took 171 s); generous for CI noise
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert doc.events and all(e.evidence[0].text == text[e.evidence[0].start:e.evidence[0].end]
                              for e in doc.events)
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE


def test_dev_articles_without_punctuation_extract_fast(pipeline, dev_corpus):
    elapsed, doc = _extract(pipeline, _dev_unpunctuated(dev_corpus, 46_193))
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert len(doc.sentences) > 46_193 // MAX_SENTENCE


def _dev_unpunctuated(dev_corpus, chars: int) -> str:
    texts = [json.loads(line)["text"] for line in dev_corpus.read_text(encoding="utf-8").splitlines()]
    joined = " ".join(texts * (1 + chars // sum(map(len, texts))))
    for mark in ".!?؟؛;…\n\r":
        joined = joined.replace(mark, " ")
    return joined[:chars]


def test_1mb_unpunctuated_article_extracts(pipeline, dev_corpus):
    text = _dev_unpunctuated(dev_corpus, 1_000_000)
    elapsed, doc = _extract(pipeline, text)
    # linear: ~2.5 s here in pure Python (the compiled build is faster); before: never finished
    assert elapsed < 30, f"{elapsed:.1f} s"
    assert doc.events
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE


@pytest.mark.parametrize("text", [
    "قصفت طائرات حربية " + "ا" * 5000 + " بلدة سراقب",  # one giant word: a hard cut
    "قصفت " + "على " * 3000 + "قوات النظام",  # a flood of one marker before a mention
    " ".join(f"مقتل {i} من قوات النظام" for i in range(2000)),
    "بين " * 2000 + "قوات النظام و" * 2000,
], ids=["giant-word", "marker-flood", "toll-flood", "sides-flood"])
def test_hostile_floods_extract_fast(pipeline, text):
    elapsed, doc = _extract(pipeline, text)
    assert elapsed < 5, f"{elapsed:.1f} s"
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE


def test_over_long_sentence_is_cut_at_clause_breaks():
    sides = ["الجنوبي", "الشمالي", "الشرقي", "الغربي"]
    text = "".join(f"وقال المرصد إن قوات النظام قصفت بلدة {PLACES[i % len(PLACES)]} في ريف إدلب {sides[i // len(PLACES)]}، "
                   for i in range(60))
    # ~4,000 characters, commas but no full stop
    doc = text_pipeline()(Article("t", text))
    assert len(doc.sentences) > 1
    for s in doc.sentences:
        assert len(s.text) <= MAX_SENTENCE
        assert s.text == text[s.start:s.end]
        assert s.text.endswith("،") or s.end == len(text.rstrip())  # cut after a comma


def test_no_dev_sentence_is_cut(dev_corpus):
    # the cap only applies past MAX_SENTENCE characters: no dev sentence comes near it
    tp = text_pipeline()
    longest = 0
    for line in dev_corpus.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        doc = tp(Article(a["id"], a["text"]))
        longest = max([longest] + [len(s.text) for s in doc.sentences])
    assert longest < MAX_SENTENCE * 0.8


def _marked_by_full_scan(matcher, norm, lo, pos, window, skip_numbers=False):
    """The definition: scan the whole segment prefix (what _marked did before)."""
    for m in matcher.find(norm[lo:pos]):
        between = _words(norm[lo + m.end:pos])
        if skip_numbers:
            between = [w for w in between if not _NUMBERISH.match(w)]
        if len(between) <= window:
            return True
    return False


def test_marker_lookup_agrees_with_the_full_scan_on_dev_sentences(dev_corpus):
    lex = ActorLexicon()
    tp = text_pipeline()
    rng = random.Random(14)
    combos = [(lex.agent_markers, 2, False), (lex.support_markers, 1, False),
              (lex.victim_markers, 2, True), (lex.target_markers, 2, True)]
    checked = 0
    for line in dev_corpus.read_text(encoding="utf-8").splitlines()[::3]:
        a = json.loads(line)
        for s in tp(Article(a["id"], a["text"])).sentences:
            positions = [m.start for m in lex.find_mentions(s.norm, [])] + [rng.randrange(len(s.norm) + 1)]
            for pos in positions:
                for lo in (0, rng.randrange(pos + 1)):
                    for matcher, window, skip in combos:
                        want = _marked_by_full_scan(matcher, s.norm, lo, pos, window, skip)
                        assert lex._marked(matcher, s.norm, lo, pos, window, skip) == want, (a["id"], lo, pos)
                        checked += 1
    assert checked > 50_000
