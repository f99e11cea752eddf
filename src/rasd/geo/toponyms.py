"""Toponym recognition in one normalised sentence: gazetteer names, cue-marked unknown
names, countryside/direction/nearness phrases.

Gazetteer names are found with one Aho-Corasick automaton over the sentence; a match
counts when it ends at a word end and starts at a word start or right after clitic
letters (بريف، والشعفة، فالبوكمال، وبالميادين; للميادين = ل + الميادين).  Single-word
lexicons (cues, directions) are looked up per word after stripping the same clitics.
Nothing here decides coordinates: `resolve.py` does.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, TypeVar
from dataclasses import dataclass, field

import ahocorasick  # type: ignore[import-untyped]

from rasd.geo.gazetteer import Gazetteer, name_key
from rasd.geo.word_sense import WordSense
from rasd.lexicon import load_lexicon

_TOKEN = re.compile(r"\w+|[^\w\s]")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")
_MIN_KEY = 3  # shorter gazetteer keys are never matched bare


V = TypeVar("V")


class _WordMemo(dict[str, V]):
    """word -> compute(word), computed on first use.  Bounded: news vocabulary repeats a
    lot, but a long-running process must not grow without end."""

    def __init__(self, compute: Callable[[str], V], limit: int = 200_000) -> None:
        super().__init__()
        self.compute, self.limit = compute, limit

    def __missing__(self, word: str) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.compute(word)
        return value


@dataclass(frozen=True)
class Cue:
    word: str
    kind: str
    strong: bool
    near: bool
    plural: bool




# A token: (start, end, text, is_word), offsets into the sentence's norm.  A plain tuple
# read by index: a sentence has ~25 and every sentence is tokenised, and plain tuples are
# made by zip in C and read natively by the compiled module (a NamedTuple is neither).
Token = tuple[int, int, str, bool]


@dataclass
class Toponym:
    """A place phrase in a sentence (offsets into the sentence's `norm`)."""

    nstart: int  # the name itself (no clitics, no cue)
    nend: int
    tstart: int  # token range of the name
    tend: int
    key: str | None  # gazetteer key; None for an unknown name marked by a cue
    cue: Cue | None = None
    cue_text: str | None = None
    near: bool = False  # قرب / أطراف / محيط ...: geo_precision 2
    countryside: bool = False  # ريف X
    direction: str | None = None  # شمال X / ريف X الشمالي
    pstart: int = -1  # whole phrase (ريف ... الشرقي), for the span of a region
    pend: int = -1
    evidence: bool = False  # something besides the name says it is a place
    ambiguous: bool = False
    situated_by: int | None = None  # index of a following toponym that situates this one
    extra: dict = field(default_factory=dict)


def _is_word_char(ch: str) -> bool:
    """What the regex \\w matches (a letter, a digit or _)."""
    return ch.isalnum() or ch == "_"


def tokenize(norm: str) -> list[Token]:
    """Words (\\w+) and punctuation marks of a sentence, as `_TOKEN` finds them.

    This runs on every sentence: the text is cut at spaces, and a piece that is one plain
    word (most are) is a token as it is; only pieces with punctuation or other spaces go
    through the regex.  (Measured: ~1.6x faster than finditer over the sentence.)
    """
    toks: list[Token] = []
    pos = 0
    for part in norm.split(" "):
        n = len(part)
        if n:
            if part.isalnum():
                toks.append((pos, pos + n, part, part[0].isalpha()))
            else:
                for m in _TOKEN.finditer(part):
                    w = m.group()
                    toks.append((pos + m.start(), pos + m.end(), w, w[0].isalpha()))
        pos += n + 1
    return toks


class ToponymFinder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        lex = load_lexicon("places")
        self.gaz = gazetteer
        self.clitics = sorted({name_key(c) for c in lex["clitics"]}, key=len, reverse=True)
        self.cues: dict[str, Cue] = {}
        for c in lex["cues"]:
            w = name_key(c["word"])
            self.cues[w] = Cue(w, c["kind"], bool(c.get("strong")), bool(c.get("near")),
                               w.endswith(("ي", "ات", "اء")) or w in ("قري", "مزارع", "حقول", "مناطق"))
        self.directions: dict[tuple[str, ...], str] = {}
        for d, words in lex["directions"].items():
            for w in words:
                self.directions[tuple(name_key(w).split())] = d
        self.near_words = [tuple(name_key(w).split()) for w in lex["near_words"]]
        self.formers = {name_key(w) for w in lex["name_formers"]}
        self.completers = {name_key(w) for w in lex["name_completers"]}
        self.stop = {name_key(w) for w in lex["stoplist"]}
        self.known_only = {name_key(w) for w in ("مناطق", "أحياء", "وادي", "ساحة", "سهل", "مزارع")}
        self.ambiguous = {name_key(w) for w in lex["ambiguous"]}
        # every word list goes through the text's normaliser (الى -> الي), as the text does
        self.links = {name_key(w) or w for w in lex["links"]}
        self.place_preps = {name_key(w) for w in lex["place_prepositions"]}
        self.person_markers = {name_key(w) for w in lex["person_markers"]}
        self.team_words = {name_key(w) for w in lex["team_words"]}
        self.verb_particles = {name_key(w) for w in lex["verb_particles"]}
        self.sense = WordSense(gazetteer, self.clitics, self.cues, self.formers)
        self.whole_words = self.sense.whole_words
        self.automaton = self._build_automaton()
        self.cue_automaton = self._build_cue_automaton()
        self._readings: _WordMemo[list[tuple[str, str]]] = _WordMemo(self._readings_of)
        self._openers: _WordMemo[bool] = _WordMemo(self._opens_phrase)
        self.direction_first = {k[0] for k in self.directions}
        self.near_first = {k[0] for k in self.near_words}
        self.weak_keys = self._weak_keys()
        self.sector_words = {name_key(w) for w in lex["sector_words"]} | {name_key(w) for w in lex["outskirts_words"]}
        self.outskirts_words = {name_key(w) for w in lex["outskirts_words"]}
        self.sector_links = {name_key(w) for w in lex["sector_links"]}

    def _build_cue_automaton(self) -> ahocorasick.Automaton:
        """Every written form of a cue word (the cue, or a clitic + the cue: وبلدة، بمدينة)."""
        a = ahocorasick.Automaton()
        for w in self.cues:
            a.add_word(w, len(w))
            if len(w) >= 2:  # as `_readings_of`: a clitic leaves at least two letters
                for c in self.clitics:
                    a.add_word(c + w, len(c) + len(w))
        a.make_automaton()
        return a

    def _has_cue_word(self, norm: str) -> bool:
        """Is some whole token of `norm` a cue word (what `cue_at` would find)?"""
        n = len(norm)
        for last, length in self.cue_automaton.iter(norm):
            start, end = last - length + 1, last + 1
            if (start == 0 or not _is_word_char(norm[start - 1])) and (end == n or not _is_word_char(norm[end])):
                return True
        return False

    def _build_automaton(self) -> ahocorasick.Automaton:
        a = ahocorasick.Automaton()
        for key, ids in self.gaz.by_key.items():
            if len(key.replace(" ", "")) < _MIN_KEY or not all(_ARABIC_WORD.match(w) for w in key.split()):
                continue
            feats = {self.gaz.places[i].feature for i in ids}
            if feats <= {"ADM2", "ADM3"}:
                continue  # "منطقة X" is read as cue + town, not as the district
            variants = {key: key}
            if " " in key:
                variants[key.replace(" ", "")] = key  # البو كمال / البوكمال
            for v in list(variants):
                if v.startswith("ال"):
                    variants["لل" + v[2:]] = key  # ل + ال -> لل
            for v, k in variants.items():
                if v not in a or len(k) > len(a.get(v)[0]):
                    a.add_word(v, (k, len(v), v.startswith("لل") and not k.startswith("لل")))
        a.make_automaton()
        return a

    # -- word helpers ----------------------------------------------------------------
    def strip(self, word: str) -> list[tuple[str, str]]:
        """(prefix, rest) readings of a word: the word itself, then each clitic reading."""
        return self._readings[word]

    def _readings_of(self, word: str) -> list[tuple[str, str]]:
        out = [("", word)]
        for c in self.clitics:
            if word.startswith(c) and len(word) - len(c) >= 2 and not self._whole_word(word, c):
                out.append((c, word[len(c):]))
        return out

    def _whole_word(self, word: str, prefix: str) -> bool:
        """Is `prefix` not a clitic here because the word, or the word after a shorter clitic,
        is a whole common word?  (ورقة is not و + رقة; وكتلة is و + كتلة, not وك + تلة)"""
        if word in self.whole_words:
            return True
        return any(prefix.startswith(c) and len(c) < len(prefix) and word[len(c):] in self.whole_words
                   for c in self.clitics)

    def _may_open(self, word: str) -> bool:
        """Can a place phrase start at this word (a cue, direction or nearness word)?  Memoised."""
        return self._openers[word]

    def _opens_phrase(self, word: str) -> bool:
        return any(r in self.cues or r in self.direction_first or r in self.near_first for _, r in self.strip(word))

    def _starts_lexicon(self, word: str, firsts: set[str]) -> bool:
        return any(r in firsts for _, r in self.strip(word))

    def cue_at(self, toks: list[Token], i: int) -> tuple[Cue, str] | None:
        if i >= len(toks) or not toks[i][3]:
            return None
        for _, rest in self.strip(toks[i][2]):
            if rest in self.cues:
                return self.cues[rest], rest
        return None

    def direction_at(self, toks: list[Token], i: int, *, adjective: bool = False) -> tuple[str, int] | None:
        """Direction word(s) starting at token i -> (direction, next token index)."""
        if i >= len(toks) or not self._starts_lexicon(toks[i][2], self.direction_first):
            return None
        for n in (2, 1):
            words = [t[2] for t in toks[i:i + n] if t[3]]
            if len(words) < n or len(toks[i:i + n]) < n:
                continue
            readings = [words[0]] if adjective else [r for _, r in self.strip(words[0])]
            for first in readings:
                key = tuple([first] + words[1:])
                d = self.directions.get(key)
                if d and (adjective == key[0].startswith("ال")):
                    return d, i + n
        return None

    def near_at(self, toks: list[Token], i: int) -> int | None:
        if i >= len(toks) or not self._starts_lexicon(toks[i][2], self.near_first):
            return None
        words = [t[2] for t in toks[i:i + 4]]
        for phrase in self.near_words:
            if tuple(words[:len(phrase)]) == phrase:
                return i + len(phrase)
            if words and len(phrase) == 1:
                for _, r in self.strip(words[0])[1:]:
                    if r == phrase[0]:
                        return i + 1
        return None

    # -- the scan ----------------------------------------------------------------------
    def find(self, norm: str) -> tuple[list[Toponym], list[Token]]:
        hits = list(self.automaton.iter(norm))
        # With no gazetteer name in it, a sentence holds a place phrase only after a cue
        # word (قرية X): without one, there is nothing to find and no need for tokens
        # (true of about a quarter of all sentences).
        if not hits and not self._has_cue_word(norm):
            return [], []
        toks = tokenize(norm)
        by_end: dict[int, int] = {}  # token end -> token index
        starts: list[int] = []
        openers: list[int] = []  # words that may open a place phrase (a cue, a direction, a nearness word)
        opens = self._openers  # memoised per word
        for k, (tstart, tend, text, is_word) in enumerate(toks):
            starts.append(tstart)
            by_end[tend] = k
            if is_word and opens[text]:
                openers.append(k)
        known: dict[int, tuple[int, str, int]] = {}  # token start -> (token end, key, name norm start)
        for end, (key, vlen, lil) in hits:
            nend = end + 1
            if nend not in by_end:
                continue
            nstart = nend - vlen
            j = by_end[nend]
            # the word that holds the match start
            i = bisect_right(starts, nstart) - 1
            if i < 0:
                continue
            prefix = norm[toks[i][0]:nstart]
            if toks[i][0] != nstart and prefix not in self.clitics:
                continue
            if lil and prefix not in ("", "و", "ف"):
                continue
            if prefix and self._whole_word(toks[i][2], prefix):
                continue  # ورقة "a sheet" is not و + رقة
            if nstart != toks[i][0] and " " in norm[toks[i][0]:nstart]:
                continue
            whole = toks[i][2] if i == j else None
            if whole and (whole in self.stop or (whole[:1] == "و" and whole[1:] in self.stop)):
                continue  # لبنان is not ل + بنان
            prev = known.get(i)
            if prev is None or prev[0] < j + 1:
                known[i] = (j + 1, key, nstart)
        found: list[Toponym] = []
        # most words start no place phrase: only gazetteer names and phrase openers are tried
        tried = set(openers)
        tried.update(known)
        i = 0
        for at in sorted(tried):
            if at < i or not toks[at][3]:
                continue  # inside the phrase found last
            nxt = self._phrase_at(toks, at, known, norm)
            if nxt is not None:
                topos, i = nxt
                found.extend(topos)
        found = self._sector_first(toks, known, found)
        self._situate(found, toks)
        return found, toks

    def _sector_first(self, toks: list[Token], known, found: list[Toponym]) -> list[Toponym]:
        """Countryside named before its place: الريف الشرقي لدير الزور، القطاع الجنوبي من ريف
        إدلب، الأطراف الشمالية لمدينة حماة.  The phrase replaces what the scan found inside it."""
        extra: list[Toponym] = []
        for i, t in enumerate(toks):
            if t[2] not in self.sector_words:
                continue
            d = self.direction_at(toks, i + 1, adjective=True)
            if d is None:
                continue
            j = d[1]
            # linking words: من / في, then ريف / محافظة / مدينة, each maybe carrying ل or ب
            while j < len(toks) and j not in known and toks[j][2] in self.sector_links:
                j += 1
            k = self._known_at(known, j)
            if k is None:
                continue
            topo = self._known_topo(toks, j, k)
            if t[2] in self.outskirts_words:
                topo.near = True  # the town's edge: the town's point, geo_precision 2
            else:
                topo.countryside, topo.direction = True, d[0]
            topo.evidence = True
            topo.pstart, topo.pend = t[0], topo.nend
            extra.append(topo)
        if not extra:
            return found
        kept = [f for f in found if not any(e.pstart <= f.nstart < e.pend for e in extra)]
        return sorted(kept + extra, key=lambda f: f.nstart)

    def _known_at(self, known, i: int, *, cue: bool = False) -> tuple[int, str, int] | None:
        k = known.get(i)
        if k is None or k[1] in self.stop:
            return None  # a common word is never a place, cue or not
        return k

    def _phrase_at(self, toks, i, known, norm) -> tuple[list[Toponym], int] | None:
        # cue word: قرية X، بلدات X وY، ريف X الشرقي، محيط X
        cue = self.cue_at(toks, i)
        whole = known.get(i)
        if whole is not None and whole[0] > i + 1 and cue is not None:
            cue = None  # the cue is part of a gazetteer name: ريف دمشق، جبل الزاوية
        # a name may be quoted after its cue: بلدة "دوما"
        first = i + 2 if i + 2 < len(toks) and toks[i + 1][2] == '"' and toks[i + 2][3] else i + 1
        if cue is not None and first < len(toks) and toks[first][3]:
            c, ctext = cue
            out: list[Toponym] = []
            j = first
            inner = self.cue_at(toks, j)
            if inner is not None and (c.near or c.word == "ريف") and inner[0].kind == "settlement":
                j += 1  # محيط مدينة X، أطراف بلدة X: the nearness applies to the town
            while True:
                topo = self._name_after_cue(toks, j, known, c, norm)
                if topo is None:
                    break
                topo.cue, topo.cue_text, topo.evidence = c, ctext, True
                topo.near = c.near
                topo.countryside = c.word == "ريف"
                if not out:
                    topo.pstart = toks[i][0] + (len(toks[i][2]) - len(ctext))
                topo.extra["group"] = i
                out.append(topo)
                j = topo.tend
                # ريف X الشرقي / مدينة X الشمالية-no: a direction adjective after the name
                if topo.countryside or c.kind == "area":
                    d = self.direction_at(toks, j, adjective=True)
                    if d:
                        topo.direction, j = d[0], d[1]
                        topo.pend = toks[j - 1][1]
                if topo.pend < 0:
                    topo.pend = topo.nend
                if topo.pstart < 0:
                    topo.pstart = topo.nstart
                # a plural cue governs a list: بلدات الشعفة وهجين، والسوسة
                if not c.plural:
                    break
                k = j
                if k < len(toks) and toks[k][2] in ("،", ","):
                    k += 1
                if k < len(toks) and toks[k][3] and toks[k][2].startswith("و") and len(toks[k][2]) > 3:
                    j = k
                    continue
                break
            if out:
                return out, j
        # direction + known place: شمال حلب، غربي الحسكة، جنوب إدلب
        d = self.direction_at(toks, i)
        if d is not None:
            kd = self._known_at(known, d[1])
            if kd is not None:
                topo = self._known_topo(toks, d[1], kd)
                topo.direction, topo.evidence = d[0], True
                topo.pstart = toks[i][0] + self._prefix_len(toks[i][2], norm, toks[i][0])
                topo.pend = topo.nend
                return [topo], topo.tend
        # قرب X، بالقرب من X
        after = self.near_at(toks, i)
        if after is not None:
            ka = self._known_at(known, after)
            if ka is not None:
                topo = self._known_topo(toks, after, ka)
                topo.near = topo.evidence = True
                topo.pstart, topo.pend = topo.nstart, topo.nend
                return [topo], topo.tend
        ki = self._known_at(known, i)
        if ki is not None:
            topo = self._known_topo(toks, i, ki)
            topo.pstart, topo.pend = topo.nstart, topo.nend
            prev = toks[i - 1][2] if i > 0 else ""
            if topo.key not in self.sense.exempt and self._names_no_place(prev):
                return None
            if topo.ambiguous:
                topo.evidence = self._place_preposition(prev) or toks[i][2] in self.sense.locative_forms
            return [topo], topo.tend
        return None

    def _names_no_place(self, prev: str) -> bool:
        """Does the word before a bare name make it a person (بن)، a team (اتحاد) or a verb (التي)?"""
        return prev in self.person_markers or prev in self.verb_particles \
            or any(r in self.team_words for _, r in self.strip(prev))

    def _place_preposition(self, prev: str) -> bool:
        """A preposition of place before the name (في، الى، وعلى)."""
        return any(r in self.place_preps for _, r in self.strip(prev))

    def _prefix_len(self, word: str, norm: str, start: int) -> int:
        for p, rest in self.strip(word)[1:]:
            if tuple([rest]) in self.directions or any(rest == d[0] for d in self.directions):
                return len(p)
        return 0

    def _known_topo(self, toks, i: int, k: tuple[int, str, int]) -> Toponym:
        tend, key, nstart = k
        return Toponym(nstart, toks[tend - 1][1], i, tend, key, ambiguous=key in self.weak_keys)

    def _weak_keys(self) -> set[str]:
        """Names that need evidence besides themselves: the lexicon's ambiguous words, very short
        names (three letters or fewer, seats aside), and names only of small foreign towns."""
        weak = set(self.ambiguous) | self.sense.common_keys
        for key, ids in self.gaz.by_key.items():
            places = [self.gaz.places[i] for i in ids]
            if any(p.feature in ("PPLA", "PPLC", "ADM1", "REGION") and p.cc == "SY" for p in places):
                continue
            if len(key) <= 3 or all(p.cc != "SY" and p.population < 100000 for p in places):
                weak.add(key)
        return weak

    def _name_after_cue(self, toks, j: int, known, cue: Cue, norm: str) -> Toponym | None:
        if j >= len(toks) or not toks[j][3]:
            return None
        k = self._known_at(known, j, cue=True)
        if k is not None:
            return self._known_topo(toks, j, k)
        if cue.word == "ريف" or cue.near or cue.word in self.known_only:
            return None  # ريف / أطراف (also "parties") / مناطق + an unknown word: nothing to put on a map
        # an unknown name: one word, or two when the first is a name former (تل، أبو، عين ...)
        w = toks[j][2]
        for p, rest in self.strip(w):
            if p and (rest in self.cues or rest in self.stop):
                return None  # بريف، بمحافظة، وبعض: not a name
        if not self._name_like(w, cue):
            return None
        end = j + 1
        if (w in self.formers or (w.startswith("و") and w[1:] in self.formers)) and end < len(toks) \
                and toks[end][3] and toks[end][2] not in self.stop and _ARABIC_WORD.match(toks[end][2]):
            end += 1
        if end < len(toks) and toks[end][2] in self.completers and cue.kind != "area":
            end += 1
        start = toks[j][0]
        if w.startswith("و") and j > 0 and toks[j - 1][2] in ("،", ",", "و") or (w.startswith("و") and cue.plural):
            start += 1 if len(w) > 3 and w[1:2] != "ا" or w.startswith("وال") else 0
        return Toponym(start, toks[end - 1][1], j, end, None)

    def _name_like(self, w: str, cue: Cue) -> bool:
        """Could this word begin a place name after `cue`?  (not a common word or adjective)"""
        if not _ARABIC_WORD.match(w) or len(w) < 3:
            return False
        bare = w[1:] if w.startswith("و") and len(w) > 4 else w
        if w in self.stop or bare in self.stop or w in self.directions or (w,) in self.directions:
            return False
        if w.startswith("لل") or w.startswith(("بال", "كال")):
            return False  # a preposition: مخيم للنازحين
        definite = w.startswith("ال")
        core = w[1:] if w.startswith("و") and len(w) > 3 else w  # والزهراء in a list
        if core not in self.formers and self.sense.everyday_after_cue(core, cue.kind, cue.word.endswith("ه")):
            return False  # منطقة الجزاء، حقل الفيزياء، مدينة متطورة
        if not definite:
            if w.endswith(("يه", "يين", "يون", "ات")) or (w.endswith("ي") and not cue.strong):
                return False  # indefinite adjectives and plurals: منطقة عسكرية، مناطق واسعات
            if not cue.strong and w not in self.formers:
                return False
        else:
            if cue.kind == "area" and w.endswith(("يه", "ي")) and w not in self.formers:
                return False  # المنطقة الشرقية-like adjectives after منطقة
        return True

    def _situate(self, found: list[Toponym], toks: list[Token]) -> None:
        """Link a toponym to the phrase right after it that situates it (X بريف Y، X شرق Y)."""
        for a, b in zip(found, found[1:]):
            if not (b.countryside or b.direction or b.near or (b.key and b.cue is None)):
                continue
            gap = [t[2] for t in toks[a.tend:b.tstart]]
            if b.cue is not None or b.direction:
                gap = gap[:-1] if gap else gap  # the cue/direction word itself
            if len(gap) <= 3 and all(g in self.links or g.startswith(("في", "ب")) for g in gap):
                if b.key and b.cue is None and not b.direction and not b.near and not gap:
                    continue  # two bare names in a row: a list, not a location phrase
                a.situated_by = found.index(b)
                a.evidence = a.evidence or bool(b.countryside or b.direction)
        # the places of one cued list (بلدات الشعفة وهجين والسوسة بريف ...) share their situation
        for a, b in reversed(list(zip(found, found[1:]))):
            g = a.extra.get("group")
            if g is not None and g == b.extra.get("group") and a.situated_by is None:
                a.situated_by = b.situated_by

