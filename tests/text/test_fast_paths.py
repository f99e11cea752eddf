"""The fast paths give exactly what the plain definitions give: numpy normalisation of
long texts = str.translate; the letters index = the regex passage key; the toponym
tokenizer = the token regex.  Checked on tricky strings and on every dev sentence."""
from __future__ import annotations

import json
import re

import pytest

from rasd.geo.toponyms import _TOKEN, tokenize
from rasd.text.normalize import _TABLE, LetterIndex, normalize, normalize_with_offsets

_NON_WORD = re.compile(r"[\W\d_]+")
TRICKY = [
    "", " ", "  قصف  ", "حلب،إدلب  (سانا) 2018 ²x _a", "\u2003قصف بلدة\u2003", "a\nb\tc",
    "أَطْلَقَ الـجيش ٣ صواريخ…", "😀 ريف حلب 😀" * 60, "\u0640" * 500 + "ب", "x" * 399 + "\u064b" + "ي" * 10,
]


def _dev_texts(dev_corpus) -> list[str]:
    with dev_corpus.open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh][:300]


@pytest.mark.parametrize("text", TRICKY)
def test_normalisation_paths_agree(text: str) -> None:
    norm, offsets = normalize_with_offsets(text, 5)
    assert norm == text.translate(_TABLE) == normalize(text)
    assert offsets == [i + 5 for i, c in enumerate(text) if _TABLE.get(ord(c), 0) is not None] + [len(text) + 5]


def test_normalisation_paths_agree_on_dev_articles(dev_corpus) -> None:
    for text in _dev_texts(dev_corpus):
        norm, offsets = normalize_with_offsets(text)
        assert norm == text.translate(_TABLE)
        assert len(offsets) == len(norm) + 1 and all(text[o].translate(_TABLE) == c for o, c in zip(offsets, norm))


@pytest.mark.parametrize("text", TRICKY)
def test_letters_index_is_the_passage_key(text: str) -> None:
    norm = normalize(text)
    index = LetterIndex(norm)
    for a in range(0, len(norm) + 1, 7):
        for b in (a, min(len(norm), a + 13), len(norm)):
            assert index.key(a, b) == _NON_WORD.sub("", norm[a:b])


def _regex_tokens(norm: str) -> list[tuple[int, int, str, bool]]:
    return [(m.start(), m.end(), m.group(), m.group()[0].isalpha()) for m in _TOKEN.finditer(norm)]


@pytest.mark.parametrize("text", TRICKY)
def test_tokenizer_is_the_token_regex(text: str) -> None:
    norm = normalize(text)
    assert tokenize(norm) == _regex_tokens(norm)


def test_tokenizer_is_the_token_regex_on_dev_sentences(dev_corpus) -> None:
    for text in _dev_texts(dev_corpus):
        for line in normalize(text).splitlines():
            assert tokenize(line) == _regex_tokens(line)


@pytest.mark.parametrize("text", TRICKY + ["abc", "ب" * 3 + "x", "😀ب"])
def test_arabic_share_is_the_regex_count(text: str) -> None:
    from rasd.text.normalize import _NOT_ARABIC_LETTER, _NOT_LETTER, arabic_share

    letters = len(_NOT_LETTER.sub("", text[:200]))
    expected = len(_NOT_ARABIC_LETTER.sub("", text[:200])) / letters if letters else 0.0
    assert arabic_share(text, sample=200) == expected


def _word_cuts(texts: list[str]) -> None:
    """The actor lexicon's word spans = \\w+ spans; the judge's sentence words = its word regex."""
    from rasd.doc import Article
    from rasd.extract.actors import _WORD as ACTOR_WORD, ActorLexicon
    from rasd.learn.features import _WORD as FEATURE_WORD, DocContext
    from rasd.pipeline import text_pipeline

    lex = ActorLexicon()
    split = text_pipeline()
    for text in texts:
        doc = split(Article("t", text))
        ctx = DocContext(doc, [])
        for s in doc.sentences:
            norm = s.norm
            spans = [m.span() for m in ACTOR_WORD.finditer(norm)]
            assert lex._word_spans(norm) == ([a for a, _ in spans], [b for _, b in spans])
            starts, words, _ = ctx.tokens(s)
            assert (starts, words) == ([m.start() for m in FEATURE_WORD.finditer(norm)], FEATURE_WORD.findall(norm))


def test_word_cuts_are_the_word_regexes() -> None:
    _word_cuts([t for t in TRICKY if t.strip()] + ["x_y z.", "١٢٣ abc٣ ²½ a_b.", "قتل 5 اشخاص، و10 جرحى."])


def test_word_cuts_are_the_word_regexes_on_dev_articles(dev_corpus) -> None:
    _word_cuts(_dev_texts(dev_corpus))
