"""Actors (lexicons/actors.yaml): who is named in a sentence, and who acts on whom.

Mentions are found with one automaton over every alias.  Generic references are
resolved against the actors named before them in the article: "التنظيم" to the actor
whose `refs` hold it (IS once IS has been named), "الأخير"/"الأول" to the last/previous
actor, "الطرفين" to the last two.  Roles come from markers around a mention:
"من قبل X"/"شنها X" (X acts), "على X"/"ضد X"/"مواقع X"/"مقتل 5 من X" (X is hit),
"بين X ... و Y" (the two sides of a battle), "بدعم من X" (X is with the acting side);
an unmarked actor right after a verb or noun trigger is its subject or its adjective
("غارات روسية", "استهدف التحالف ...").
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from rasd.extract.matcher import Match, MatcherGroup, PhraseMatcher, longest_first, word_set_matcher
from rasd.lexicon import load_lexicon
from rasd.text.words import word_spans

_WORD = re.compile(r"\w+")
# The farthest back (characters) a role marker is looked for before a mention.
_MAX_MARKER_SPAN = 400
_NUMBERISH = re.compile(r"^(?:\d+|ال\d+|من|ما|لا|يقل|عن|نحو|حوالي|اكثر|على|الاقل|عدد|عشرات|العشرات|مئات|المئات)$")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    inter: int
    side: str
    state: bool = False
    air: bool = False


@dataclass
class ActorMention:
    start: int  # offsets into the sentence's norm
    end: int
    actor: str  # actor id
    text: str = ""  # normalised text of the mention
    party: bool = True  # False for a speaker, an outlet or a border ("الحدود التركية")
    both: tuple[str, str] | None = None  # "الطرفين": the two sides it stands for


@dataclass
class Roles:
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    agent_text: str | None = None
    target_text: str | None = None
    # how the first agent and target were read ("marker", "between", "adjacent", "subject",
    # "first_unmarked" ...): the role model trusts some readings more than others
    agent_how: str | None = None
    target_how: str | None = None


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


class ActorLexicon:
    def __init__(self) -> None:
        lex = load_lexicon("actors")["actors"]
        cues = load_lexicon("cues")
        self.actors: dict[str, Actor] = {}
        entries: list[tuple[str, str]] = []
        ref_entries: list[tuple[str, str]] = []
        for a in lex:
            self.actors[a["id"]] = Actor(a["id"], a["name"], int(a["inter"]), a["side"],
                                         bool(a.get("state", False)), bool(a.get("air", False)))
            for alias in list(a.get("ar", [])) + list(a.get("en", [])):
                entries.append((alias, a["id"]))
            for ref in a.get("refs", []):
                ref_entries.append((ref, a["id"]))
        self.matcher: PhraseMatcher[str] = PhraseMatcher(entries)
        self.refs: PhraseMatcher[str] = PhraseMatcher(ref_entries)
        refs = cues["references"]
        self.pointers: PhraseMatcher[str] = PhraseMatcher(
            [(w, "latter") for w in refs["latter"]] + [(w, "former") for w in refs["former"]]
            + [(w, "both") for w in refs["both"]] + [(w, "ours") for w in refs.get("ours", [])])
        roles = cues["roles"]
        self.agent_markers = word_set_matcher(roles["agent"])
        self.target_markers = word_set_matcher(roles["target"])
        self.support_markers = word_set_matcher(roles["support"])
        self.side_markers = word_set_matcher(roles["side"])
        self.between = word_set_matcher(roles["between"])
        self.victim_markers = word_set_matcher(roles["victim"])
        self.not_party = word_set_matcher(roles["not_party"])
        self.speech = word_set_matcher(roles["speech"])
        adjectives = roles.get("coordinated_adjectives") or {}
        self._and_adjective = re.compile(r"\s*و(?:ال)?(" + "|".join(sorted(adjectives, key=len, reverse=True))
                                         + r")(?:ه|ة)?(?!\w)") if adjectives else None
        self._adjective_actor: dict[str, str] = dict(adjectives)
        self._sentence_scan = MatcherGroup(self.matcher, self.refs, self.pointers)
        # the role markers' raw ends (see _marked), found for all four in one pass
        self._markers = MatcherGroup(self.agent_markers, self.target_markers, self.support_markers,
                                     self.victim_markers)
        self._not_party_memo: dict[str, bool] = {}  # text before a mention -> answer
        self._not_party_tails: dict[str, bool] = {}  # its last two words -> answer
        self._spans_of = ""  # the sentence whose word spans `_spans` holds
        self._spans: tuple[list[int], list[int]] = ([], [])
        # _marked's answers for the sentence `_spans_of`: (id(matcher), lo, pos, window, skip) -> hit
        self._marked_memo: dict[tuple[int, int, int, int, bool], bool] = {}
        # where the entries of each role matcher end in the sentence `_spans_of` (id(matcher) -> ends)
        self._raw_ends: dict[int, list[int]] = {}
        # the three above for the sentences of the article asked about lately, by id(norm)
        # (the role model asks again about the sentences the extractor read before it):
        # norm, spans, _marked answers, raw ends (the norm is held: its id is not reused)
        self._sentence_memo: dict[int, tuple[str, tuple[list[int], list[int]],
                                             dict[tuple[int, int, int, int, bool], bool], dict[int, list[int]]]] = {}

    # -- mentions -------------------------------------------------------------------

    def find_mentions(self, norm: str, history: list[str],
                      scanned: list[list[Match[Any]]] | None = None) -> list[ActorMention]:
        """Actor mentions of a sentence, references resolved against `history`
        (actor ids named earlier in the article, oldest first).  `scanned`: the
        find_all results of `scan_members()` on `norm`, when a caller's scan had them."""
        if scanned is None:
            scanned = self._sentence_scan.find_all(norm)
        names, refs, pointers = (m if len(m) < 2 else longest_first(m) for m in scanned)
        found = [ActorMention(m.start, m.end, m.value, norm[m.start:m.end]) for m in names]
        # the mentions so far, disjoint, in text order: `free` looks at a span's two neighbours
        taken = list(found)
        taken_starts = [m.start for m in found]

        def free(s: int, e: int) -> bool:
            i = bisect_right(taken_starts, s)
            return not ((i > 0 and taken[i - 1].end > s) or (i < len(taken) and taken_starts[i] < e))

        def take(mention: ActorMention) -> None:
            i = bisect_right(taken_starts, mention.start)
            taken_starts.insert(i, mention.start)
            taken.insert(i, mention)

        named = set(history) if refs else set()
        extra: list[ActorMention] = []
        for m in refs:
            if free(m.start, m.end) and (m.value in named or any(x.actor == m.value and x.start < m.start
                                                                  for x in found)):
                extra.append(ActorMention(m.start, m.end, m.value, norm[m.start:m.end]))
                take(extra[-1])
        for m in pointers:
            if not free(m.start, m.end):
                continue
            if m.value == "ours":
                # the speaker's side: the actor named last before it (the speaker is usually
                # named just before, "قال المتحدث باسم X إن قواتنا"), else the article's last
                i = bisect_right(taken_starts, m.start)
                speaker = taken[i - 1].actor if i > 0 else (history[-1] if history else None)
                if speaker is not None and speaker != "civilians":
                    extra.append(ActorMention(m.start, m.end, speaker, norm[m.start:m.end]))
                    take(extra[-1])
                continue
            prev_word = _words(norm[max(0, m.start - 20):m.start])
            if prev_word and prev_word[-1].startswith(("ال", "لل")):
                continue  # "الهجوم الأخير": an adjective, not a pointer
            # the last two distinct actors named before it: this sentence's (the mentions
            # before it, as it is free), then the history's
            distinct: list[str] = []
            i = bisect_right(taken_starts, m.start)
            for a in itertools.chain((taken[j].actor for j in range(i - 1, -1, -1)), reversed(history)):
                if len(distinct) == 2:
                    break
                if a not in distinct and a != "civilians":
                    distinct.append(a)
            if m.value == "latter" and distinct:
                extra.append(ActorMention(m.start, m.end, distinct[0], norm[m.start:m.end]))
            elif m.value == "former" and len(distinct) >= 2:
                extra.append(ActorMention(m.start, m.end, distinct[1], norm[m.start:m.end]))
            elif m.value == "both" and len(distinct) >= 2:
                extra.append(ActorMention(m.start, m.end, distinct[1], norm[m.start:m.end],
                                          both=(distinct[1], distinct[0])))
            else:
                continue
            take(extra[-1])
        mentions = sorted(found + extra, key=lambda x: x.start)
        if self._and_adjective is not None:
            mentions = self._joined_adjectives(norm, mentions)
        for mention in mentions:
            window = norm[max(0, mention.start - 25):mention.start]  # the text just before
            if self._ends_not_party(window):
                mention.party = False
            # "قال المرصد/أعلن النظام أن ...": the speaker of a report
            nxt = _WORD.search(norm, mention.end, mention.end + 12)  # the next word
            if nxt and nxt.group() in ("ان", "انه", "انها", "بان"):
                prev = _words(window)
                if prev and self.speech.find(" ".join(prev[-3:])):
                    mention.party = False
        return mentions

    def _joined_adjectives(self, norm: str, mentions: list[ActorMention]) -> list[ActorMention]:
        """ "الطائرات الروسية والسورية": the adjective joined after a name is a second actor."""
        assert self._and_adjective is not None
        out: list[ActorMention] = []
        for i, m in enumerate(mentions):
            out.append(m)
            hit = self._and_adjective.match(norm, m.end)
            if hit is None or (i + 1 < len(mentions) and mentions[i + 1].start < hit.end()):
                continue
            actor = self._adjective_actor.get(hit.group(1))
            if actor is not None and actor != m.actor and actor in self.actors:
                # (the mention starts after the و, as a name joined by و does: it shares the role)
                start = hit.start() + len(hit.group()) - len(hit.group().lstrip()) + 1
                out.append(ActorMention(start, hit.end(), actor, norm[start:hit.end()]))
        return out

    def _ends_not_party(self, before: str) -> bool:
        """Do the two words of `before` (the text just before a mention) end with a
        not-party marker ("الحدود", "مصادر")?  Memoised: the same few phrases stand before
        most mentions."""
        memo = self._not_party_memo
        hit = memo.get(before)
        if hit is None:
            if len(memo) > 100_000:
                memo.clear()
            tail = " ".join(_words(before)[-2:])
            # (the answer depends on the two words only: many windows share them)
            tails = self._not_party_tails
            hit = tails.get(tail)
            if hit is None:
                if len(tails) > 100_000:
                    tails.clear()
                hit = tails[tail] = bool(tail) and any(m.end == len(tail) for m in self.not_party.find(tail))
            memo[before] = hit
        return hit

    def scan_members(self) -> tuple[PhraseMatcher[str], ...]:
        """The lexicons every sentence is scanned with (names, references, pointers)."""
        return self.matcher, self.refs, self.pointers

    # -- roles ----------------------------------------------------------------------

    def _marked(self, matcher: PhraseMatcher[str], norm: str, lo: int, pos: int, window: int,
                skip_numbers: bool = False) -> bool:
        """Does a marker of `matcher` end within `window` words before `pos` (not before `lo`)?

        Only the last few words before `pos` can hold such a marker, so the scan starts
        there (see `_scan_start`), not at `lo`: a sentence with hundreds of mentions is
        not rescanned from its start for each of them."""
        self._word_spans(norm)  # (a new sentence clears the answers kept for the last)
        key = (id(matcher), lo, pos, window, skip_numbers)
        hit = self._marked_memo.get(key)
        if hit is not None:
            return hit  # each event of a sentence asks again about the same mentions
        # most mentions have no marker near them: with no entry of the matcher ending in
        # (lo, pos], then in (floor, pos], the scan below can find none (nor one close enough)
        ends = self._raw_ends.get(id(matcher))
        if ends is None:
            for member, found in zip(self._markers.members, self._markers.raw_ends(norm)):
                self._raw_ends[id(member)] = found
            ends = self._raw_ends.get(id(matcher))
            if ends is None:  # (a matcher that is no role marker)
                ends = self._raw_ends[id(matcher)] = matcher.raw_ends(norm)
        i = bisect_right(ends, pos)
        last_end = ends[i - 1] if i > 0 else -1
        if last_end <= lo:
            self._marked_memo[key] = False
            return False
        start, floor = self._scan_start(matcher, norm, lo, pos, window, skip_numbers)
        if last_end <= floor:
            self._marked_memo[key] = False
            return False
        hit = False
        for m in matcher.find(norm[start:pos]):
            between = _words(norm[start + m.end:pos])
            if skip_numbers:
                between = [w for w in between if not _NUMBERISH.match(w)]
            if len(between) <= window:
                hit = True
                break
        self._marked_memo[key] = hit
        return hit

    def _scan_start(self, matcher: PhraseMatcher[str], norm: str, lo: int, pos: int, window: int,
                    skip_numbers: bool) -> tuple[int, int]:
        """Where `_marked`'s scan of norm[lo:pos] may start and still find what a scan from
        `lo` finds, and the offset a marker close enough must end after (the start of the
        (window+1)-th counted word back, when there is one, else that scan start).  A marker ending at or before the start of the (window+1)-th counted word
        back from `pos` has more than `window` words after it; `matcher.longest * 3` more
        characters keep whole every match that overlaps a nearer one, so overlaps resolve as
        they would over the whole stretch.  The cut falls at a word start (nothing before
        it changes how a match after it is read).  The walk back never goes beyond
        _MAX_MARKER_SPAN characters: only hostile text (thousands of number words in a
        row) has a marker that far away yet "within two words"."""
        starts, ends = self._word_spans(norm)
        j = bisect_right(ends, pos)  # words before j end at or before pos
        if j < len(starts) and starts[j] < pos:
            j += 1  # the word `pos` cuts: its head is a word of norm[lo:pos]
        need = window + 1
        limit = max(lo, pos - _MAX_MARKER_SPAN)
        while j > 0:
            j -= 1
            if ends[j] <= lo:
                return lo, lo  # fewer than window+1 words since lo: the scan is short anyway
            ws = max(lo, starts[j])
            if ws < limit:
                return limit, limit
            if not skip_numbers or not _NUMBERISH.match(norm[ws:min(ends[j], pos)]):
                need -= 1
                if need == 0:
                    break
        else:
            return lo, lo
        cut = ws - 3 * matcher.longest - 8  # (8: more than the longest clitic prefix)
        if cut <= lo:
            return lo, ws
        k = bisect_right(starts, cut) - 1  # the word at or before `cut`
        return (max(lo, starts[k]) if k >= 0 else lo), ws

    def _word_spans(self, norm: str) -> tuple[list[int], list[int]]:
        """Start and end offsets of the words of `norm` (kept for the sentences asked lately)."""
        if norm is not self._spans_of:
            self._spans_of = norm
            kept = self._sentence_memo.get(id(norm))
            if kept is not None and kept[0] is norm:
                _, self._spans, self._marked_memo, self._raw_ends = kept
                return self._spans
            self._spans = word_spans(norm, _WORD, letters_only=False)
            self._marked_memo = {}
            self._raw_ends = {}
            if len(self._sentence_memo) >= 500:
                self._sentence_memo.clear()
            self._sentence_memo[id(norm)] = (norm, self._spans, self._marked_memo, self._raw_ends)
        return self._spans

    def assign_roles(self, norm: str, mentions: list[ActorMention], seg: tuple[int, int],
                     trigger_spans: list[tuple[int, int]], *, civilians_can_act: bool = False,
                     clash: bool = False, verb_starts: tuple[int, ...] = ()) -> Roles:
        """Who acts (agents), who is acted upon (targets) and who supports the actor,
        from the mentions inside `seg` of a sentence."""
        s0, s1 = seg
        ms = [m for m in mentions if m.party and s0 <= m.start and m.end <= s1]
        roles = Roles()
        if not ms:
            return roles
        # "between X (and allies) on one side and Y on the other" (fighting between them)
        # "بينهم"/"بينها" (among them) names no sides: only a bare بين opens "بين X و Y"
        btw = [b for b in self.between.find(norm[s0:s1])
               if not norm[s0 + b.end:s0 + b.end + 1].isalpha()] if clash else []
        if btw:
            b_end = s0 + btw[0].end
            after = [m for m in ms if m.start >= b_end and len(_words(norm[b_end:m.start])) <= 4]
            if after:
                first = after[0]
                rest = [m for m in ms if m.start > first.start]
                seps = [s0 + x.end for x in self.side_markers.find(norm[s0:s1]) if s0 + x.start > first.start]
                if seps:
                    side1 = [first] + [m for m in rest if m.start < seps[0]]
                    side2 = [m for m in rest if m.start >= seps[0]]
                else:
                    side1 = [first]
                    side2 = [m for m in rest if m.actor != first.actor][:1]
                if first.both:
                    roles.agents, roles.targets = [first.both[0]], [first.both[1]]
                    roles.agent_text = roles.target_text = first.text
                    roles.agent_how = roles.target_how = "between"
                    return roles
                roles.agents = _dedupe([m.actor for m in side1])
                roles.targets = _dedupe([m.actor for m in side2 if m.actor not in roles.agents])
                roles.agent_text = first.text
                roles.target_text = side2[0].text if side2 else None
                roles.agent_how, roles.target_how = "between", "between" if side2 else None
                return roles
        unmarked: list[ActorMention] = []
        agents: list[ActorMention] = []
        targets: list[ActorMention] = []
        coordinated: set[int] = set()  # unmarked mentions joined by و to an unmarked one
        chain_of: dict[int, int] = {}  # mention -> the first mention of its و-joined list
        how: dict[int, str] = {}  # mention -> how its role was read
        prev: ActorMention | None = None
        for m in ms:
            last, prev = prev, m
            joined = (last is not None and not m.both and m.start > 0 and norm[m.start - 1] == "و"
                      and norm[last.end:m.start - 1].strip() == "")
            chain_of[id(m)] = chain_of[id(last)] if joined and last is not None else id(m)
            if joined and any(a is last for a in agents):
                agents.append(m)  # "قوات التحالف وقوات سوريا الديمقراطية": both act
                how[id(m)] = "list"
                continue
            if joined and any(t is last for t in targets):
                targets.append(m)
                how[id(m)] = "list"
                continue
            if joined and m.actor != "civilians" and any(u is last for u in unmarked):
                coordinated.add(id(m))  # "مقاتلو X وقوات Y": takes X's role once X has one
            if m.both:
                agents.append(ActorMention(m.start, m.end, m.both[0], m.text))
                targets.append(ActorMention(m.start, m.end, m.both[1], m.text))
                how[id(agents[-1])] = how[id(targets[-1])] = "both"
                continue
            is_civ = m.actor == "civilians" and not civilians_can_act
            if not is_civ and self._marked(self.agent_markers, norm, s0, m.start, 2):
                agents.append(m)
                how[id(m)] = "marker"
            elif not is_civ and self._marked(self.support_markers, norm, s0, m.start, 1):
                roles.support.append(m.actor)
            elif self._marked(self.victim_markers, norm, s0, m.start, 2, skip_numbers=True):
                targets.append(m)
                how[id(m)] = "victim"
            elif self._marked(self.target_markers, norm, s0, m.start, 2, skip_numbers=True):
                targets.append(m)
                how[id(m)] = "marker"
            elif not is_civ and any(0 <= m.start - te <= 2 for _, te in trigger_spans):
                agents.append(m)  # "غارات روسية", "استهدف التحالف"
                how[id(m)] = "adjacent"
            elif not is_civ and any(0 <= vs - m.end <= 2 for vs in verb_starts):
                agents.append(m)  # "أن إسرائيل استهدفت": the subject before its verb
                how[id(m)] = "subject"
            elif is_civ:
                targets.append(m)
                how[id(m)] = "civilians"
            else:
                unmarked.append(m)
        # "شنت الولايات المتحدة وبريطانيا وفرنسا ضربات": a list whose last name is marked as
        # acting acts as a whole (allies are not split into striker and struck)
        acting = {chain_of[id(a)] for a in agents if id(a) in chain_of}
        listed = [m for m in unmarked if chain_of.get(id(m)) in acting and m.actor != "civilians"]
        agents.extend(listed)
        how.update((id(m), "list") for m in listed)
        unmarked = [m for m in unmarked if m not in listed]
        agents.sort(key=lambda m: m.start)
        role: list[ActorMention] | None = None  # the role the last unmarked mention took
        for m in unmarked:
            if id(m) in coordinated and role is not None:
                role.append(m)
                how[id(m)] = "list"
            elif not agents and m.actor != "civilians":
                agents.append(m)  # the first unmarked actor is the subject
                role = agents
                how[id(m)] = "first_unmarked"
            elif not targets and m.actor not in {a.actor for a in agents}:
                targets.append(m)
                role = targets
                how[id(m)] = "second_unmarked"
            else:
                role = None
        roles.agents = _dedupe([m.actor for m in agents])
        roles.targets = _dedupe([m.actor for m in targets if m.actor not in roles.agents])
        roles.support = _dedupe([a for a in roles.support if a not in roles.agents and a not in roles.targets])
        roles.agent_text = agents[0].text if agents else None
        roles.agent_how = how.get(id(agents[0])) if agents else None
        tt = [m for m in targets if m.actor in roles.targets]
        roles.target_text = tt[0].text if tt else None
        roles.target_how = how.get(id(tt[0])) if tt else None
        return roles


def _dedupe(ids: list[str]) -> list[str]:
    out: list[str] = []
    for i in ids:
        if i not in out:
            out.append(i)
    return out
