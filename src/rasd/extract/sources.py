"""Who an article cites: the monitors and outlets a report is attributed to.

An article read from a file without metadata has no `source`, yet its text says where
the news comes from ("وفقاً للمرصد السوري", "أفاد مراسل حرية برس").  A name from the
`sources` lexicon counts only within a few words after an attribution cue, so an outlet
that is merely mentioned is not a source.  An event's source is what its own sentences
cite, else what the article cites; the article's own metadata, when present, wins.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from rasd.doc import Doc
from rasd.extract.matcher import PhraseMatcher, word_set_matcher
from rasd.lexicon import load_lexicon

_WORD = re.compile(r"\w+")


class SourceFinder:
    def __init__(self) -> None:
        lex = load_lexicon("sources")
        self.window = int(lex["attribution"]["window"])
        self.cues = word_set_matcher(lex["attribution"]["cues"])
        self.names: PhraseMatcher[str] = PhraseMatcher(
            ((name, str(s["en"])) for s in lex["sources"] for name in s["ar"]), adjectival=False)
        # the doc last read: its sentence starts, what each sentence cites, and the article's
        self._of: tuple[Doc | None, int] = (None, 0)
        self._starts: list[int] = []
        self._cites: list[list[str]] = []
        self._article: list[str] = []

    def cited(self, norm: str) -> list[str]:
        """Sources normalised text `norm` attributes to, in order of first citation."""
        found: list[str] = []
        cue_ends = [m.end for m in self.cues.find(norm)]
        if not cue_ends:
            return found
        for m in self.names.find(norm):
            if any(e <= m.start and len(_WORD.findall(norm[e:m.start])) < self.window for e in cue_ends):
                if m.value not in found:
                    found.append(m.value)
        return found

    def for_event(self, doc: Doc, spans: list[tuple[int, int]]) -> str | None:
        """"; "-joined sources of an event whose evidence is `spans` (doc offsets): what its
        own sentences cite, else what the article cites.  Each sentence is read once per doc."""
        if self._of[0] is not doc or self._of[1] != len(doc.sentences):
            self._of = (doc, len(doc.sentences))
            self._starts = [s.start for s in doc.sentences]
            self._cites = [self.cited(s.norm) for s in doc.sentences]
            self._article = list(dict.fromkeys(x for c in self._cites for x in c))
        idx = sorted({bisect_right(self._starts, a) - 1 for a, _ in spans} - {-1})
        own = list(dict.fromkeys(x for i in idx for x in self._cites[i]))
        return "; ".join(own or self._article) or None
