"""Features of a candidate event, for the judge that decides whether it happened.

A candidate is what the rules propose: a group of trigger words in a sentence, typed and
given actors, place, date and casualties.  The features are strings (a linear model keeps
one weight per string): the trigger and its type, the cue words the rules found (modality,
reference, background age), the words of its clause and sentence, the words just before
the trigger (speech and attribution verbs, modal particles), the neighbouring sentence's
opening, the title, and article-level signals.  The same function serves training and
inference, so what the model learned from is what it sees.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import islice
from typing import TYPE_CHECKING, Any

from rasd.extract.modality import clause_bounds
from rasd.text.words import word_spans

if TYPE_CHECKING:
    from rasd.doc import Doc, Sentence
    from rasd.extract.events import Candidate

_WORD = re.compile(r"[^\W\d_]+|\d+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# the clitics a word may carry before its stem (و، ف، ب، ل، ك and the article)
# an imperfect verb with the future prefix: سيقوم، ستشن، سنرد
_FUTURE_VERB = re.compile(r"^و?س[يتنا]\w{3,}")
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


_STEMS: dict[str, str] = {}


def _stem(word: str) -> str:
    """The word without its leading clitics (light stemming for sparse words), memoised:
    news vocabulary repeats, so the cache stays small and the loop below runs rarely."""
    got = _STEMS.get(word)
    if got is not None:
        return got
    stem = word
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            stem = word[len(c):]
            break
    if len(_STEMS) < 200_000:
        _STEMS[word] = stem
    return stem


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


class DocContext:
    """What every candidate of one article shares: article-level signals.  (Title words
    were tried and left out: they lowered the grouped-CV AUC, 0.875 without, 0.872 with.)"""

    def __init__(self, doc: "Doc", cands: "list[Candidate]") -> None:
        n = max(1, len(doc.sentences))
        with_cand = len({c.sentence.index for c in cands})
        pub = doc.article.published
        self.pub = pub
        self.article = [
            f"art_sents={_bucket(n, (3, 6, 12, 25))}",
            f"art_share={_bucket(int(100 * with_cand / n), (10, 25, 50, 75))}",
            f"art_cands={_bucket(len(cands), (1, 3, 6, 12))}",
        ]
        self.sentences = doc.sentences
        # sentence index -> its features (several candidates may share a sentence)
        self.by_sentence: dict[int, list[str]] = {}
        self._tokens: dict[int, tuple[list[int], list[str], list[str]]] = {}

    def tokens(self, s: "Sentence") -> tuple[list[int], list[str], list[str]]:
        """The sentence's words, once: their starts, the words, their stems."""
        got = self._tokens.get(s.index)
        if got is None:
            norm = s.norm
            starts, ends = word_spans(norm, _WORD, letters_only=True)
            words = [norm[a:b] for a, b in zip(starts, ends)]
            got = self._tokens[s.index] = (starts, words, [_stem(w) for w in words])
        return got


def candidate_features(c: "Candidate", ctx: DocContext) -> list[str]:
    """The features of one candidate (strings; duplicates do not matter): its own, then
    its sentence's (shared by every candidate of the sentence)."""
    return own_features(c, ctx) + shared_features(c.sentence, ctx)


def shared_features(s: "Sentence", ctx: DocContext) -> list[str]:
    shared = ctx.by_sentence.get(s.index)
    if shared is None:
        shared = ctx.by_sentence[s.index] = sentence_features(s, ctx)
    return shared


def own_features(c: "Candidate", ctx: DocContext) -> list[str]:
    """What belongs to the candidate itself: trigger, cues, fields, clause, nearby words.
    (No name here begins like a sentence feature's, so the two sets never overlap.)"""
    s = c.sentence
    norm = s.norm
    f: list[str] = ["bias"]
    first = c.triggers[0] if c.triggers else None
    for t in c.triggers:
        f += [f"tc={t.cls}", f"tw={t.word}", f"tp={t.prefix}|{t.cls}", f"tv={int(t.verb)}"]
    f.append(f"ntrig={min(len(c.triggers), 3)}")
    f += [f"cue={k}" for k in c.cues] or ["cue=none"]
    f.append(f"age={c.age}")
    f.append(f"agent={c.agents[0]}" if c.agents else "agent=none")
    f.append(f"target={c.targets[0]}" if c.targets else "target=none")
    if c.place is None:
        f.append("place=none")
    else:
        f.append("place=fallback" if c.place.fallback else f"place=p{c.place.mention.geo_precision}")
    f.append(f"date_text={int(c.date_in_text)}")
    if c.date_in_text and c.date is not None and ctx.pub is not None:
        gap = (ctx.pub - c.date.value).days
        f.append(f"date_gap={_bucket(gap, (-1, 0, 1, 3, 7, 14, 31, 365))}")
    k = c.casualties.killed
    f.append(f"killed={_bucket(k, (0, 1, 5, 20, 100, 1000))}" if k is not None else "killed=none")
    if c.casualties.injured is not None:
        f.append("injured")
    if c.civilian_target:
        f.append("civ_target")
    # the trigger's clause and the words right before it (who says, may, will, denies)
    if first is not None:
        cs, ce = clause_bounds(norm, first.start)
        starts, words, stems = ctx.tokens(s)
        lo, at = bisect_left(starts, cs), bisect_left(starts, first.start - len(first.prefix))
        f += [f"c:{w}" for w in dict.fromkeys(stems[lo:bisect_left(starts, ce)])]
        if any(_FUTURE_VERB.match(w) for w in words[lo:at]):
            f.append("future_verb")
        for i, w in enumerate(reversed(stems[max(0, at - 4):at])):
            f.append(f"b{i}:{w}")
            f.append(f"b:{w}")
        after = bisect_left(starts, first.end)
        f += [f"a:{w}" for w in stems[after:after + 3]]
        quotes = norm.count('"', 0, first.start)
        f.append(f"in_quote={quotes % 2}")
        f.append(f"tpos={_bucket(len(norm[:first.start].split()), (0, 2, 5, 10, 20))}")
    return f


def sentence_features(s: "Sentence", ctx: DocContext) -> list[str]:
    """What a sentence says whatever candidate it holds (words, position, years, context):
    its words ("s:" + stem), its word pairs ("s2:" + stem_stem), then `sentence_signals`.
    (EventJudge.sentence_raw scores the words and pairs without making these strings.)"""
    f: list[str] = []
    words = ctx.tokens(s)[2]
    f += [f"s:{w}" for w in dict.fromkeys(words)]
    f += [f"s2:{a}_{b}" for a, b in dict.fromkeys(zip(words, words[1:]))]
    f += sentence_signals(s, ctx)
    return f


def sentence_signals(s: "Sentence", ctx: DocContext) -> list[str]:
    """The sentence's features other than its words and word pairs."""
    norm = s.norm
    f: list[str] = []
    words = ctx.tokens(s)[2]
    f.append(f"slen={_bucket(len(words), (8, 15, 25, 40, 60))}")
    f.append(f"sidx={_bucket(s.index, (0, 1, 2, 4, 8))}")
    if "?" in norm or "؟" in norm:
        f.append("question")
    if ctx.pub is not None:
        year = ctx.pub.year
        years = [int(y) for y in _YEAR.findall(norm)]
        if any(y < year for y in years):
            f.append("past_year")
        if any(y >= year for y in years):
            f.append("this_year")
    if s.index > 0:
        prev = ctx.sentences[s.index - 1]
        # (its first three words: the rest of it is not read)
        f += [f"p:{_stem(m.group())}" for m in islice(_WORD.finditer(prev.norm), 3)]
    f += ctx.article
    return f


def features_of(doc: "Doc", cands: "list[Candidate]", only: "list[Candidate] | None" = None) -> list[list[str]]:
    """Features of `only` (default: every candidate), the article's signals from all of them."""
    ctx = DocContext(doc, cands)
    return [candidate_features(c, ctx) for c in (cands if only is None else only)]


def describe(c: "Candidate") -> dict[str, Any]:
    """A candidate as an analyst reads it in --explain."""
    return {"sentence": [c.sentence.start, c.sentence.end], "text": c.sentence.text,
            "event_type": c.event_type, "sub_event_type": c.sub_event_type,
            "triggers": [t.word for t in c.triggers], "cues": list(c.cues), "age": c.age}
