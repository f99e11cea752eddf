"""Killed and injured counts in a stretch of a sentence (lexicons/cues.yaml `casualties`,
`numbers`).

ACLED's conservative reading: the lowest credible figure ("at least 46" → 46, "about 40"
→ 40), vague amounts by rule (عشرات → 10, مئات → 100, عدة → 3), a figure for "killed and
wounded" together gives no death toll (reported as 0 with `joint` set), "among them 16
children" is part of the figure before it, and "without casualties" is 0.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rasd.extract.matcher import MatcherGroup, PhraseMatcher, word_set_matcher
from rasd.lexicon import load_lexicon
from rasd.text.dates import month_names
from rasd.text.normalize import normalize

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d]+")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MAX_COUNT_DIGITS = 7


@dataclass
class Casualties:
    killed: int | None = None
    injured: int | None = None
    joint: bool = False  # a figure counts dead and wounded together
    none: bool = False  # "without casualties"


class CasualtyReader:
    def __init__(self) -> None:
        cues = load_lexicon("cues")
        cas = cues["casualties"]
        self.killed = word_set_matcher(cas["killed"])
        self.injured = word_set_matcher(cas["injured"])
        self.joint = word_set_matcher(cas["joint"])
        self.none = word_set_matcher(cas["none"])
        self.subset = word_set_matcher(cas["subset"])
        # every candidate's stretch is read for all five cue lists: one pass
        self._cue_scan = MatcherGroup(self.none, self.killed, self.injured, self.joint, self.subset)
        self.singular = {normalize(w) for w in cas["singular"]}
        self.dual = word_set_matcher(cas["dual"])
        self.killed_one = word_set_matcher(cas["killed_one"])
        self.killed_two = word_set_matcher(cas["killed_two"])
        # a number before a month name is a day of the month ("في 15 آذار"), not a count
        self.not_people = {normalize(w) for w in cas["not_people"]} | {m.split()[0] for m in month_names()}
        self.running_total = {normalize(w) for w in cas["running_total"]}
        nums = cues["numbers"]
        self.units = {normalize(k): int(v) for k, v in nums["units"].items()}
        # compounds written as two words ("اثنا عشر", "إحدى عشرة"), read before their parts
        self.compounds = {k: v for k, v in self.units.items() if " " in k}
        self.vague: PhraseMatcher[int] = PhraseMatcher(
            ((k, int(v)) for k, v in nums["vague"].items()), clitics=False)

    # -- numbers --------------------------------------------------------------------

    def _numbers(self, text: str) -> list[tuple[int, int, int, bool]]:
        """(start, end, value, vague) for every count in `text`."""
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        out: list[tuple[int, int, int, bool]] = []
        i = 0
        while i < len(toks):
            s, e, w = toks[i]
            if w[0].isdecimal():  # (not isdigit: "²" is a digit that int() cannot read)
                digits = re.sub(r"[.,]", "", w) if re.fullmatch(r"\d{1,3}(?:,\d{3})+", w) else w.split(".")[0].split(",")[0]
                prev = text[max(0, s - 3):s]
                # "الـ24 ساعة" (ordinal) and years are not counts, nor is a number of more
                # digits than any toll (an id, a phone number, or thousands of digits)
                if not prev.endswith("ال") and not _YEAR.match(digits) and len(digits) <= _MAX_COUNT_DIGITS:
                    val = int(digits)
                    # "3 آلاف" = 3000
                    if i + 1 < len(toks) and toks[i + 1][2] in ("الف", "الاف"):
                        val *= 1000
                        e = toks[i + 1][1]
                        i += 1
                    out.append((s, e, val, False))
                i += 1
                continue
            # a run of number words: ثلاثة آلاف، خمسة وعشرين، أحد عشر
            j, total, cur, start = i, 0, 0, s
            while j < len(toks):
                word = toks[j][2]
                pair = f"{word} {toks[j + 1][2]}" if j + 1 < len(toks) else ""
                if pair in self.compounds:
                    cur += self.compounds[pair]
                    j += 2
                    continue
                bare = word[1:] if word.startswith("و") and word[1:] in self.units and j > i else word
                if bare not in self.units:
                    break
                v = self.units[bare]
                if v == 1000:
                    total += max(cur, 1) * 1000
                    cur = 0
                elif v == 10 and bare == "عشر" and cur:
                    cur += 10
                else:
                    cur += v
                j += 1
            if j > i:
                out.append((start, toks[j - 1][1], total + cur, False))
                i = j
                continue
            i += 1
        for m in self.vague.find(text):
            if not any(a <= m.start < b for a, b, _, _ in out):
                out.append((m.start, m.end, m.value, True))
        return sorted(out)

    # -- casualties -----------------------------------------------------------------

    def read(self, norm: str, start: int = 0, end: int | None = None) -> Casualties:
        """Casualties reported in norm[start:end]."""
        end = len(norm) if end is None else end
        text = norm[start:end]
        res = Casualties()
        none, killed_words, injured_words, joint_words, subset_words = self._cue_scan.find(text)
        if none:
            res.none = True
            res.killed = 0
            res.injured = 0
        kill_cues = [(m.start, m.end) for m in killed_words]
        inj_cues = [(m.start, m.end) for m in injured_words]
        joints = [(m.start, m.end) for m in joint_words]
        subsets = [m.end for m in subset_words]
        if not kill_cues and not inj_cues:
            return res
        killed: list[int] = []
        totals: list[int] = []  # "عدد القتلى إلى 105": a toll given as what a count rose to
        injured: list[int] = []
        last: tuple[int, str] | None = None  # end and kind of the last counted figure
        for s, e, val, vague in self._numbers(text):
            after = _TOKEN.findall(text[e:e + 30])
            if after and after[0] in self.not_people:
                continue
            if any(0 <= s - se <= 3 for se in subsets):
                continue  # "بينهم 16 طفلا": part of the figure before it
            if self._running_total(text, s):
                continue  # "ليرتفع بذلك عدد القتلى إلى 45": what the event adds to
            kind = self._nearest(text, s, e, kill_cues, inj_cues, joints)
            if kind is None and last is not None:
                # "26 من قوات النظام إضافة إلى تسعة روس": a figure added to the one before
                gap = text[last[0]:s]
                if _tokens_upto(text, last[0], s, 8) <= 8 and ("اضافه" in gap or gap.lstrip().startswith("و")
                                                       or " و" in gap[-3:]):
                    kind = last[1]
            if kind in ("killed", "injured"):
                last = (e, kind)
            if kind == "joint":
                res.joint = True
            elif kind == "killed":
                (totals if self._count_rose_to(text, s) else killed).append(val)
            elif kind == "injured":
                injured.append(val)
        # a dual noun next to a kill or injury word ("جنديين ... قتلا", "أصيب طفلان") counts two
        for m in self.dual.find(text):
            if any(0 <= m.start - se <= 3 for se in subsets):
                continue
            near = self._nearest(text, m.start, m.end, kill_cues, inj_cues, joints)
            if near == "killed" or any(ks <= m.start < ke for ks, ke in kill_cues):  # "قتيلين": the kill word itself
                killed.append(2)
            elif near == "injured" and not injured:  # "أصيب طفلان" (a figure given besides wins)
                injured.append(2)
        # "مقتل عنصر", "استشهاد مواطنة": a singular victim right after the kill word
        if not killed:
            for ks, ke in kill_cues:
                nxt = _TOKEN.findall(text[ke:ke + 40])[:5]
                if nxt and nxt[0] in self.singular:
                    killed.append(1)
                    break
                # "مقتل أحد العناصر", and a few words on: "أعدم التنظيم أحد الرهائن"
                one = next((k for k, w in enumerate(nxt) if w in ("احد", "احدي")), None)
                if one is not None and one + 1 < len(nxt) and (
                        one == 0 or nxt[one + 1].startswith("ال") or nxt[one + 1] == "من"):
                    killed.append(1)
                    break
                if text[ks:ke] in ("قتيل",) and not _after_digit(text, ks):
                    killed.append(1)
                    break
                # "لقي شخص مصرعه", "لقي جندي حتفه": the victim named before the word
                prev = _TOKEN.findall(text[max(0, ks - 20):ks])[-1:]
                if prev and prev[0] in self.singular and text[ks:ke].startswith(("مصرع", "حتف")):
                    killed.append(1)
                    break
        if not killed and not totals:
            # "ما أدى إلى مصرعه" (one victim), "مقتلهما" (two): the pronoun is the count
            if self.killed_two.find(text):
                killed.append(2)
            elif self.killed_one.find(text):
                killed.append(1)
        if not killed:
            killed = totals  # the sentence's only figure: the event's own toll, updated
        if killed:
            res.killed = sum(set(killed)) if len(killed) > 1 and self._coordinated(text, kill_cues) else max(killed)
        elif res.joint and res.killed is None:
            res.killed = 0  # dead not known apart from wounded: ACLED's lowest credible figure
        if injured:
            res.injured = max(injured)
        return res

    def _running_total(self, text: str, s: int) -> bool:
        """Is the number at `s` the "إلى N" of a running total (a consequence verb or بذلك
        a few words before)?"""
        before = _TOKEN.findall(text[max(0, s - 60):s])[-6:]
        return bool(before) and before[-1] == "الي" and any(w in self.running_total for w in before)

    @staticmethod
    def _count_rose_to(text: str, s: int) -> bool:
        """Is the number at `s` the "إلى N" of a count ("عدد القتلى إلى", "الحصيلة إلى")?
        Beside a figure of its own, the event is what that count grew by."""
        before = _TOKEN.findall(text[max(0, s - 80):s])[-8:]
        return bool(before) and before[-1] == "الي" and any(w in ("عدد", "حصيله", "الحصيله") for w in before)

    @staticmethod
    def _coordinated(text: str, kill_cues: list[tuple[int, int]]) -> bool:
        # one kill word governing "26 من قوات النظام و9 روس": the figures add up
        return len(kill_cues) <= 2

    @staticmethod
    def _nearest(text: str, s: int, e: int, kill: list[tuple[int, int]], inj: list[tuple[int, int]],
                 joints: list[tuple[int, int]]) -> str | None:
        """Which casualty word a number at text[s:e] belongs to (by word distance).

        The cue lists are in text order and disjoint; the fewer words between, the nearer:
        only the few cues next to the number are measured (a sentence with hundreds of
        figures and cues is not measured pair by pair)."""
        if _ends_near(text, joints, s, 4):
            return "joint"
        best: tuple[int, str] | None = None
        for kind, spans in (("killed", kill), ("injured", inj)):
            near = [(_tokens_upto(text, ce, s, 5) + 1, kind) for ce in reversed(_ends_near(text, spans, s, 5))]
            # "26 قتيلا", "16 مدنيا قتلوا": the word after binds tighter
            k = bisect_left(spans, (e, -1))  # the first cue starting at or after the number's end
            while k < len(spans):
                d = _tokens_upto(text, e, spans[k][0], 3)
                if d > 3:
                    break
                near.append((d, kind))
                k += 1
            for cand in near:
                if best is None or cand[0] < best[0]:
                    best = cand
        return best[1] if best else None


def _ends_near(text: str, spans: list[tuple[int, int]], s: int, limit: int) -> list[int]:
    """Ends of the cues ending at or before `s` with at most `limit` tokens between, nearest first."""
    out: list[int] = []
    j = bisect_right(spans, (s, len(text) + 1))  # cues starting at or before s ...
    while j > 0:
        j -= 1
        ce = spans[j][1]
        if ce > s:
            continue  # ... that overlap the number
        if _tokens_upto(text, ce, s, limit) > limit:
            break  # (an earlier cue has at least as many tokens between)
        out.append(ce)
    return out


def _tokens_upto(text: str, a: int, b: int, limit: int) -> int:
    """The number of tokens in text[a:b], counted no further than limit + 1: a distance is
    only ever compared with a few words, and a long stretch must not be read whole for each
    pair of a number and a cue."""
    n = 0
    for _ in _TOKEN.finditer(text, a, b):
        n += 1
        if n > limit:
            break
    return n


def _after_digit(text: str, at: int) -> bool:
    """Does a digit end text[:at], spaces aside (as re.search(r"\\d\\s*$", text[:at]))?"""
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1].isdecimal()
