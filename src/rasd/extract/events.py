"""From a Doc's sentences to ACLED events: triggers grouped per sentence, typed, given
actors, place, date and casualties, then merged so that one happening is one event.

Per sentence, the triggers that survive the modality check are grouped by event type;
each group owns a stretch of the sentence (from its first trigger's clause to the next
group's), and its fields are read from that stretch first, then from the whole
sentence, then from the article around it.  A bare "killed" (قتل، مقتل) is not an event
by itself when the sentence also names the strike or clash that killed.

Across the article, events of the same type at the same place on the same day are one
event (a lead repeated in the body, a toll given in a later sentence): their evidence is
joined and their fields completed from each other.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any
from datetime import date

from rasd.doc import Doc, Event, Evidence, Sentence
from rasd.extract.actors import ActorLexicon, ActorMention, Roles
from rasd.extract.coreference import absorb, fold_retold, merge_candidates, retold_targets
from rasd.extract.consistency import STATE_SIDES as _STATE_SIDES, check_event, side_of
from rasd.extract.event_dates import DateReader, EventDate
from rasd.extract.fatalities import Casualties, CasualtyReader
from rasd.extract.matcher import Match, MatcherGroup, word_set_matcher
from rasd.extract.modality import Modality, SentenceCues, clause_bounds
from rasd.extract.notes import event_notes, event_tags
from rasd.extract.places import SYRIA_ISO, PlaceChoice, PlacePicker
from rasd.extract.sources import SourceFinder
from rasd.extract.triggers import SUB_RANK, Trigger, TriggerLexicon, strongest_instrument
from rasd.lexicon import load_lexicon
from rasd.text.offsets import original_span

EXPLOSIONS = "Explosions/Remote violence"
TRANSFER = "Non-violent transfer of territory"
# foreign air forces whose strikes on an unnamed military site hit the Syrian army's
_FOREIGN_STRIKERS = ("israel", "coalition")
# sides whose fighters left their ground to the government under the 2018 deals
_DEAL_LEAVERS = ("opposition", "is")
BATTLES = "Battles"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"

_INSTRUMENT_SUB = {
    "suicide": "Suicide bomb", "chemical": "Chemical weapon", "air": "Air/drone strike",
    "ied": "Remote explosive/landmine/IED", "shelling": "Shelling/artillery/missile attack",
}
# a verbal noun after the preposition ل states a purpose ("to take", "to drive out")
_PURPOSE_CLASSES = {"territory", "advance", "assault", "arrest", "abduction"}
# the rules' own confidence an event needs (without a judge)
RULES_MIN_CONFIDENCE = 0.5
# an event dated this long before publication is background to the report
BACKGROUND_DAYS = 14
# strike verbs that mean bombardment even with no weapon named
_BOMBARD_WORDS = ("قصف", "دك")
_AIR_WORDS = ("ضرب",)
# a year the text puts an event in: "عام 2015", "في 2007", "خلال 2016", "أواخر 2016"
_YEAR_AT = re.compile(r"(?:(?<!\w)[وفب]?(?:عام|العام|سنه|في|خلال|مطلع|اوايل|اواخر|نهايه|منتصف|بدايه|صيف|شتاء|ربيع|خريف)\s+)"
                      r"((?:19|20)\d\d)(?!\d)")
# a line or sentence opened by its date: "- 2011: ...", "أكتوبر 2003: ...", "وفي عام 2016، ..."
_YEAR_LEAD = re.compile(r"^[\s\-–—•*·]*(?:و?(?:في|خلال)\s+)?(?:[^\s\d:،,]+\s+){0,2}((?:19|20)\d\d)\s*[:،,]")
_FOUR_DIGITS = re.compile(r"\d{4}")
# "since 2012", "the first time since 2012": the event comes after that year
_SINCE_WORDS = ("منذ",)


@dataclass
class Candidate:
    """An event being built, before merging and numbering."""

    event_type: str
    sub_event_type: str
    conf: float
    sentence: Sentence
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    agent_text: str | None = None
    target_text: str | None = None
    agent_how: str | None = None  # how the rules read the first agent / target (Roles, defaults)
    target_how: str | None = None
    casualties: Casualties = field(default_factory=Casualties)
    date: EventDate | None = None
    date_in_text: bool = False
    place: PlaceChoice | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    civilian_target: bool = False
    age: int = 0  # 1: a past year named near it, 2: dated well before publication (background)
    # what the rules saw but, with a judge, no longer act on: modality and reference cues
    cues: list[str] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    seg: tuple[int, int] = (0, 0)
    reason: str | None = None  # the judge's most likely not-event reason
    rules_keep: bool = False  # the rules alone would emit it (no cue, not background, confident)
    cumulative_toll: int | None = None  # a total the text gives that is not this event's toll
    checks: list[str] = field(default_factory=list)  # consistency corrections made
    # "طائرات سورية أو روسية": the two actors the text hesitates between (the event is the
    # unidentified air force's, both named in assoc_actor_1 and the notes)
    either: tuple[str, str] | None = None


@dataclass
class _State:
    """What the article has established so far (for actors the sentence leaves implicit)."""

    history: list[str] = field(default_factory=list)
    last_pair: tuple[str, str] | None = None
    last_air: str | None = None


class EventExtractor:
    """The event extractor: lexicons compiled once, then called on each Doc."""

    def __init__(self, *, min_confidence: float | None = None, keep_unplaced: bool = False,
                 judge: Any = None, explain: bool = False, roles: Any = None) -> None:
        # the role ranker (rasd.learn.roles.RoleRanker) re-picks actor1/actor2 of the
        # candidates the judge keeps; without one, the rules' roles stand
        self.roles: Any = None
        # the judge (rasd.learn.judge.EventJudge) decides which candidates are incidents;
        # without one, the rules' own filters and confidence decide (the baseline)
        self.judge = judge
        self.explain = explain
        default = judge.threshold if judge is not None else RULES_MIN_CONFIDENCE
        self.min_confidence = default if min_confidence is None else min_confidence
        # at the default threshold, candidates the rules find no fault with face only the
        # judge's veto bar; a confidence asked for is a calibrated probability, nothing else
        self.backoff = judge is not None and min_confidence is None
        # an event with no place cannot be mapped (ACLED requires one): kept only on request
        self.keep_unplaced = keep_unplaced
        self.triggers = TriggerLexicon()
        self.actors = ActorLexicon()
        if roles is not None:
            self.roles = roles.bind(self.actors)  # its features read the same role markers
        self.modality = Modality()
        self.casualties = CasualtyReader()
        self.dates = DateReader()
        self.places = PlacePicker()
        self.sources = SourceFinder()
        self.civ_targets = word_set_matcher(load_lexicon("cues")["civilian_targets"])
        self.military_sites = word_set_matcher(load_lexicon("cues")["military_sites"])
        # actors and triggers read every sentence: one automaton pass serves both
        self._n_actor_members = len(self.actors.scan_members())
        self._sentence_scan = MatcherGroup(*self.actors.scan_members(), *self.triggers.scan_members())

    # -- the stage ------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        self._date_cache: dict[tuple[int, int], list[EventDate]] = {}
        state = _State()
        cands: list[Candidate] = []
        blocked: list[tuple[int, int]] = []  # actor names in original offsets (not places)
        per_sentence: list[list[ActorMention]] = []
        k = self._n_actor_members
        trigger_scans: list[list[list[Match[Any]]]] = []
        for s in doc.sentences:
            scanned = self._sentence_scan.find_all(s.norm)
            trigger_scans.append(scanned[k:])
            mentions = self.actors.find_mentions(s.norm, state.history, scanned[:k])
            per_sentence.append(mentions)
            offsets = s.offsets
            blocked.extend(original_span(offsets, m.start, m.end) for m in mentions if not m.both)
            state.history.extend(m.actor for m in mentions if m.party and not m.both)
        for s, mentions, tscan in zip(doc.sentences, per_sentence, trigger_scans):
            cands.extend(self._sentence_events(doc, s, mentions, state, blocked, tscan))
        recording = self.roles is not None and getattr(self.roles, "records", False)
        if recording:
            self.roles.assign(doc, cands, per_sentence)  # training: every candidate, as the rules built it
        every = list(cands)  # (the role model reads the article's other candidates too)
        if self.judge is not None:
            for c in cands:
                c.rules_keep = self.backoff and not c.cues and c.age < 2 and c.conf >= RULES_MIN_CONFIDENCE
            # an unplaced candidate cannot be emitted (nor merged: its merge key is its own
            # sentence), so only with --keep-unplaced is it worth judging
            mappable = cands if self.keep_unplaced else [c for c in cands if c.place is not None]
            for c in cands:
                if c.place is None and not self.keep_unplaced:
                    c.conf, c.reason, c.rules_keep = 0.0, "no place", False
            self.judge.score(doc, cands, reasons=self.explain, only=mappable)  # conf := probability
            keep = [self._kept(c) for c in cands]
            retold = [] if self.keep_unplaced else self._retold(doc, cands, keep)
            if self.explain:
                doc.decisions = [self.judge.decision(c, k) for c, k in zip(cands, keep)]
            cands = [c for c, k in zip(cands, keep) if k]
        else:
            cands = [c for c in cands if c.conf >= self.min_confidence]
        if self.roles is not None and not recording:
            self.roles.assign(doc, cands, per_sentence, every)
        # (weak and background candidates go before merging, so they cannot lend a date or place)
        merged = merge_candidates(cands, judged=self.judge is not None)
        if self.judge is not None and retold:
            fold_retold(merged, retold)
            if self.explain:  # the decisions were described before the fold
                ids = {id(c) for c in retold}
                for c, d in zip(every, doc.decisions):
                    if id(c) in ids:
                        d["reason"] = c.reason
        doc.events = self._finish(doc, merged)
        return doc

    def _retold(self, doc: Doc, cands: list[Candidate], keep: list[bool]) -> list[Candidate]:
        """Unplaced candidates that may retell a kept event, judged like any other: an
        incident by the judge's own threshold (no rules' back-off) joins that event as evidence."""
        kept = [c for c, k in zip(cands, keep) if k]
        maybe = [c for c in cands if c.place is None and retold_targets(c, kept)]
        if not maybe:
            return []
        self.judge.score(doc, cands, reasons=self.explain, only=maybe)
        return [c for c in maybe if c.conf >= self.min_confidence]

    def _kept(self, c: Candidate) -> bool:
        """The judge decides; a candidate the rules found no fault with needs only to clear
        the judge's lower veto bar (`floor`), since the training articles, drawn at random,
        hold few battles and incident reports (the rules still cover those)."""
        if c.conf >= self.min_confidence:
            return True
        # (strictly above: a probability landing on the floor itself does not pass it)
        return c.rules_keep and c.conf > self.judge.floor

    # -- one sentence ---------------------------------------------------------------

    def _type_of(self, t: Trigger) -> str:
        return self.triggers.classes[t.cls]["type"]

    def _groups(self, s: Sentence, triggers: list[Trigger]) -> list[tuple[str, list[Trigger]]]:
        """Triggers grouped by event type, bare "killed" folded into the event that killed."""
        norm = s.norm
        groups: dict[str, list[Trigger]] = {}
        for t in triggers:
            groups.setdefault(self._type_of(t), []).append(t)
        if VAC in groups:
            vac = groups[VAC]
            if EXPLOSIONS in groups:
                vac = [t for t in vac if t.cls not in ("kill", "shooting")]
            elif BATTLES in groups:
                vac = [t for t in vac if t.cls != "kill"]
            # a bare "killed" is an event only when the clause says how
            resolved: list[Trigger] = []
            for t in vac:
                if t.cls != "kill":
                    resolved.append(t)
                    continue
                kinds = [m.value for m in self.triggers.instruments_in(norm)]
                inst = strongest_instrument(kinds)
                if inst in _INSTRUMENT_SUB:
                    groups.setdefault(EXPLOSIONS, []).append(
                        Trigger(t.start, t.end, "strike", t.conf, t.verb, t.actor, t.word))
                elif inst == "small_arms":
                    resolved.append(t)
            if resolved:
                groups[VAC] = resolved
            else:
                groups.pop(VAC)
        if BATTLES in groups and EXPLOSIONS in groups:
            # an attack carried out by a strike or a bomb is that strike or bomb
            if all(t.cls == "assault" for t in groups[BATTLES]):
                groups.pop(BATTLES)
        if STRATEGIC in groups:
            strat = groups[STRATEGIC]
            if BATTLES in groups:
                strat = [t for t in strat if t.cls != "withdrawal"]
            strat = [t for t in strat if t.cls != "base"
                     or self.triggers.has_establish_verb(norm, *clause_bounds(norm, t.start))]
            if strat:
                groups[STRATEGIC] = strat
            else:
                groups.pop(STRATEGIC)
        return sorted(groups.items(), key=lambda kv: kv[1][0].start)

    def _segments(self, norm: str, groups: list[tuple[str, list[Trigger]]]) -> list[tuple[int, int]]:
        """The stretch of the sentence each group owns."""
        bounds = [0]
        for i in range(1, len(groups)):
            first = groups[i][1][0]
            cs, _ = clause_bounds(norm, first.start)
            prev_first = groups[i - 1][1][0]
            bounds.append(cs if cs >= prev_first.end else first.start)
        bounds.append(len(norm))
        segs = []
        for i, (_, trigs) in enumerate(groups):
            lo, hi = bounds[i], bounds[i + 1]
            for t in trigs:
                cs, ce = clause_bounds(norm, t.start)
                lo, hi = min(lo, cs), max(hi, ce)
            segs.append((lo, hi))
        return segs

    def _sentence_events(self, doc: Doc, s: Sentence, mentions: list[ActorMention], state: _State,
                         blocked: list[tuple[int, int]],
                         trigger_scan: list[list[Match[Any]]] | None = None) -> list[Candidate]:
        norm = s.norm
        if _is_heading(s):
            return []
        # mentions are disjoint and in text order: a trigger is checked against its neighbours
        starts = [m.start for m in mentions]
        kept = []
        found = self.triggers.find_triggers(norm, trigger_scan)
        if not found:
            return []
        cues = self.modality.scan(norm)
        judged = self.judge is not None
        tcues: dict[tuple[int, int], list[str]] = {}
        for t in found:
            i = bisect_left(starts, t.end)  # mentions before i start before the trigger ends
            if i > 0 and mentions[i - 1].end > t.start:
                continue  # inside an actor's name ("تحرير الشام", "قوات سوريا الديمقراطية")
            if t.cls == "kill" and t.prefix.endswith("ال"):
                continue  # "القتلى": the dead of an event already reported
            why: list[str] = []
            if t.prefix in ("ل", "لل") and t.cls in _PURPOSE_CLASSES:
                why.append("purpose")  # "لطرده من", "للسيطرة على": what a force is out to do
            kind = self.modality.reason(norm, t.start, t.end, cues)
            if kind:
                why.append(kind)
            if not t.verb and self.modality.refers(norm, t.start, cues):
                why.append("refers")  # "دانت الهجوم"، "ردا على الهجوم": an event talked about
            if why and not judged:
                continue  # rules alone: a cue is a filter; with a judge, it is a feature
            tcues[(t.start, t.end)] = why
            kept.append(t)
        if any("refers" not in tcues[(t.start, t.end)] for t in kept):
            # "قصفت ... ردا على الهجوم الكيميائي": the sentence reports the strike; the attack
            # it answers is talked about, and must not type or join the strike's event
            kept = [t for t in kept if "refers" not in tcues[(t.start, t.end)]]
        if not kept:
            return []
        groups = self._groups(s, kept)
        if not groups:
            return []
        out: list[Candidate] = []
        for (etype, trigs), seg in zip(groups, self._segments(norm, groups)):
            cand = self._build(doc, s, etype, trigs, seg, mentions, state, blocked, cues)
            if cand is None:
                continue
            cand.triggers = list(trigs)  # (its seg is set by _build)
            cand.cues = sorted({w for t in trigs for w in tcues.get((t.start, t.end), [])})
            # a generic strike typed as a clash joins the sentence's clash: one event a type
            twin = next((o for o in out if o.event_type == cand.event_type), None)
            if twin is not None:
                absorb(twin, cand, judged=self.judge is not None)
            else:
                out.append(cand)
        return out

    # -- typing and fields ----------------------------------------------------------

    def _build(self, doc: Doc, s: Sentence, etype: str, trigs: list[Trigger], seg: tuple[int, int],
               mentions: list[ActorMention], state: _State, blocked: list[tuple[int, int]],
               cues: SentenceCues) -> Candidate | None:
        norm = s.norm
        tspans = [(t.start, t.end) for t in trigs]
        roles = self.actors.assign_roles(norm, mentions, seg, tspans,
                                         civilians_can_act=etype in ("Protests", "Riots"),
                                         clash=any(t.cls in ("clash", "assault") for t in trigs),
                                         verb_starts=tuple(t.start - len(t.prefix) for t in trigs if t.verb))
        self._fill_agent(norm, mentions, seg, trigs, roles)
        armed_targets = [a for a in roles.targets if a != "civilians"]
        # (the civilian-target words are looked for only when no armed target decides it)
        civ_target = not armed_targets and ("civilians" in roles.targets
                                            or bool(self.civ_targets.find(norm[seg[0]:seg[1]])))
        conf = max(t.conf for t in trigs)
        sub: str | None = None
        if etype == EXPLOSIONS:
            # the instruments named in the stretch type a strike or a blast (only those)
            kinds = self._instruments(norm, seg, cues)
            etype, sub, conf = self._explosion_sub(trigs, kinds, roles, civ_target, conf)
        elif etype == BATTLES:
            if any(t.cls in ("territory", "advance") for t in trigs):
                agent_side = self.actors.actors[roles.agents[0]].side if roles.agents else None
                sub = ("Government regains territory" if agent_side in _STATE_SIDES
                       else "Non-state actor overtakes territory")
                if all(t.cls == "advance" for t in trigs) and not roles.agents:
                    return None
                if not roles.agents:
                    conf -= 0.2  # a capture with nobody named to make it
            elif all(t.cls == "assault" for t in trigs) and self._remote_assault(
                    kinds := self._instruments(norm, seg, cues), roles):
                # "هجوم"/"هاجم" carried out with a weapon named in its stretch (the chemical
                # attack, an attack by drones) or by a power that strikes only from the air
                etype, sub, conf = self._explosion_sub(trigs, kinds, roles, civ_target, conf)
            elif all(t.cls == "assault" for t in trigs) and civ_target:
                etype, sub = VAC, "Attack"
            else:
                sub = "Armed clash"
        elif etype == VAC:
            fixed: list[str] = [self.triggers.classes[t.cls]["sub"] for t in trigs if self.triggers.classes[t.cls].get("sub")]
            if fixed:
                sub = min(fixed, key=lambda x: SUB_RANK[x])
            elif armed_targets and not civ_target:
                etype, sub = BATTLES, "Armed clash"
            else:
                sub = "Attack"
        else:
            subs = [self.triggers.classes[t.cls]["sub"] for t in trigs]
            sub = min(subs, key=lambda x: SUB_RANK[x])
        if sub is None:
            return None
        cand = Candidate(etype, sub, conf, s)
        cand.agents, cand.targets, cand.support = list(roles.agents), list(roles.targets), list(roles.support)
        cand.agent_text, cand.target_text = roles.agent_text, roles.target_text
        cand.agent_how, cand.target_how = roles.agent_how, roles.target_how
        cand.civilian_target = civ_target
        cand.seg = seg
        # (only a strike hesitates between two air forces: a transfer or a clash beside it does not)
        cand.either = self._either(norm, mentions, seg) if etype == EXPLOSIONS else None
        if cand.either is not None:
            cand.agents = [UNKNOWN_AIR, *cand.either] + [a for a in cand.agents if a not in cand.either]
            cand.targets = [t for t in cand.targets if t not in cand.either]
            cand.agent_text, cand.agent_how = None, "either"
        self._complete_actors(cand, trigs, state)
        cand.casualties = self.casualties.read(norm, *seg)
        cand.date, cand.date_in_text = self._date(doc, s, seg, trigs[0].start)
        cand.age = self._age(doc, cand, norm, seg, trigs)
        if cand.age == 2 and self.judge is None:
            return None  # background to the report: not emitted (a judge weighs it instead)
        cand.place = self.places.pick(doc, s, seg, trigs[0].start, blocked)
        cand.evidence = [(s.start, s.end)]
        cand.conf = self._confidence(cand, roles, len(trigs))
        return cand

    def _explosion_sub(self, trigs: list[Trigger], kinds: list[str], roles: Roles, civ_target: bool,
                       conf: float) -> tuple[str, str | None, float]:
        subs: list[str] = []
        inst = strongest_instrument([k for k in kinds if k != "small_arms"])
        generic = False
        for t in trigs:
            fixed = self.triggers.classes[t.cls].get("sub")
            if fixed:
                # a car bomb driven by a suicide attacker is a suicide bomb
                subs.append("Suicide bomb" if fixed == "Remote explosive/landmine/IED" and "suicide" in kinds else fixed)
            elif t.cls == "blast":
                subs.append(_INSTRUMENT_SUB.get(inst or "", "Remote explosive/landmine/IED"))
            elif inst:
                subs.append(_INSTRUMENT_SUB[inst])
            elif t.word.startswith(_BOMBARD_WORDS):
                subs.append("Shelling/artillery/missile attack")
            elif t.word.startswith(_AIR_WORDS):
                subs.append("Air/drone strike")
            else:
                generic = True
        if subs:
            return EXPLOSIONS, min(subs, key=lambda x: SUB_RANK[x]), conf
        # "استهدف X" with no weapon named
        if generic:
            agent = self.actors.actors.get(roles.agents[0]) if roles.agents else None
            if "small_arms" in kinds:
                return (VAC, "Attack", conf) if civ_target else (BATTLES, "Armed clash", conf)
            if agent and agent.air and agent.side in ("coalition", "israel", "russia"):
                return EXPLOSIONS, "Air/drone strike", conf
            if civ_target:
                return VAC, "Attack", conf - 0.1
            return BATTLES, "Armed clash", conf - 0.1
        return EXPLOSIONS, None, conf

    def _instruments(self, norm: str, seg: tuple[int, int], cues: SentenceCues) -> list[str]:
        """The kinds of weapon named in the stretch (a chemical attack only referred to, as
        the reason for something else, does not count)."""
        return [m.value for m in self.triggers.instruments_in(norm, *seg)
                if m.value != "chemical" or not self.modality.refers(norm, m.start, cues)]

    def _remote_assault(self, kinds: list[str], roles: Roles) -> bool:
        """An attack that is a strike: a weapon other than small arms named in its stretch,
        or an agent whose attacks in Syria are from the air (the coalition, Israel)."""
        if any(k != "small_arms" for k in kinds):
            return True
        agent = self.actors.actors.get(roles.agents[0]) if roles.agents else None
        return agent is not None and agent.air and agent.side in ("coalition", "israel")

    def _either(self, norm: str, mentions: list[ActorMention], seg: tuple[int, int]) -> tuple[str, str] | None:
        """Two actors with aircraft joined by "أو" ("طائرات سورية أو روسية", "للنظام أو لروسيا")."""
        acts = self.actors.actors
        ms = [m for m in mentions if m.party and not m.both and seg[0] <= m.start and m.end <= seg[1]]
        for m1, m2 in zip(ms, ms[1:]):
            a, b = acts.get(m1.actor), acts.get(m2.actor)
            if (a is not None and b is not None and a.air and b.air and a.side != b.side
                    and _OR_BETWEEN.fullmatch(norm, m1.end, m2.start)):
                return m1.actor, m2.actor
        return None

    def _fill_agent(self, norm: str, mentions: list[ActorMention], seg: tuple[int, int], trigs: list[Trigger],
                    roles: Roles) -> None:
        """No actor in the group's stretch: take the sentence's subject named before it."""
        if roles.agents:
            return
        first = trigs[0].start
        before = [m for m in mentions if m.party and m.end <= seg[0] and m.actor != "civilians"
                  and m.actor not in roles.targets and not m.both]
        if before:
            sub = self.actors.assign_roles(norm, mentions, (0, seg[0]), [(first, first)])
            if sub.agents:
                roles.agents = [a for a in sub.agents if a not in roles.targets][:1]
                roles.agent_text = sub.agent_text
                roles.agent_how = "before_segment"

    def _complete_actors(self, cand: Candidate, trigs: list[Trigger], state: _State) -> None:
        """Defaults for actors the sentence leaves implicit, from the trigger and the article."""
        if not cand.agents:
            default = next((t.actor for t in trigs if t.actor), None)
            if default:
                cand.agents, cand.agent_how = [default], "trigger_default"
            elif cand.sub_event_type == "Air/drone strike":
                cand.agents = [state.last_air or "regime"]
                cand.agent_how = "last_air" if state.last_air else "air_default"
            elif cand.event_type == BATTLES and state.last_pair:
                cand.agents, cand.agent_how = [state.last_pair[0]], "last_pair"
                if not cand.targets:
                    cand.targets, cand.target_how = [state.last_pair[1]], "last_pair"
            elif cand.sub_event_type in ("Remote explosive/landmine/IED", "Suicide bomb", "Grenade"):
                cand.agents, cand.agent_how = ["unknown"], "unknown_default"
        if cand.event_type == BATTLES and cand.agents and not cand.targets and state.last_pair:
            a, b = state.last_pair
            other = b if cand.agents[0] == a else a if cand.agents[0] == b else None
            if other is None:
                # a unit of one side (مجلس دير الزور العسكري for the SDF) fights that side's enemy
                side = self._side(cand.agents[0])
                other = (None if side is None else b if side == self._side(a)
                         else a if side == self._side(b) else None)
            if other:
                cand.targets, cand.target_how = [other], "last_pair"
        if cand.event_type == VAC or cand.sub_event_type in ("Arrests", "Abduction/forced disappearance"):
            if not cand.targets:
                cand.targets, cand.target_how = ["civilians"], "civilians_default"
        elif cand.event_type == EXPLOSIONS and cand.civilian_target and not cand.targets:
            cand.targets, cand.target_how = ["civilians"], "civilian_words"
        elif (cand.event_type == EXPLOSIONS and not cand.targets and cand.agents
              and self._side(cand.agents[0]) in _FOREIGN_STRIKERS
              and self.military_sites.find(cand.sentence.norm[cand.seg[0]:cand.seg[1]])):
            # "غارات إسرائيلية على موقع عسكري": a military site in Syria is the army's
            cand.targets, cand.target_how = ["regime"], "military_site"
        if cand.sub_event_type == TRANSFER:
            self._transfer_roles(cand)
        cand.agents = [a for a in cand.agents if a != "civilians" or cand.event_type in ("Protests", "Riots")]
        cand.targets = [t for t in cand.targets if t not in cand.agents]
        if cand.sub_event_type == "Air/drone strike" and cand.agents:
            state.last_air = cand.agents[0]
        if cand.agents and cand.targets and cand.targets[0] != "civilians":
            state.last_pair = (cand.agents[0], cand.targets[0])

    def _transfer_roles(self, cand: Candidate) -> None:
        """ACLED codes a non-violent transfer by who gains: actor1 takes over, actor2 leaves.
        The text names the side that withdraws or is evacuated; the side that takes over is
        the one it hands to, or, for rebels and IS leaving under a deal, the government."""
        if cand.agents:
            leaver, leaver_text = cand.agents[0], cand.agent_text
            # (families leaving with the fighters are not the side taking over)
            others = [t for t in cand.targets if t != "civilians"]
            taker = others[0] if others else None
            taker_text = cand.target_text if taker is not None and taker == cand.targets[0] else None
        elif cand.targets:
            leaver, leaver_text, taker, taker_text = cand.targets[0], cand.target_text, None, None
        else:
            return
        if leaver == "civilians":
            return  # residents leaving are not a side giving up ground
        if taker is None and self._side(leaver) in _DEAL_LEAVERS:
            taker = "regime"
        cand.agents, cand.agent_text = ([taker] if taker else []), taker_text
        cand.targets, cand.target_text = [leaver], leaver_text
        cand.agent_how, cand.target_how = "transfer", "transfer"

    def _side(self, actor_id: str) -> str | None:
        return side_of(actor_id, self.actors.actors)

    def _date(self, doc: Doc, s: Sentence, seg: tuple[int, int], anchor: int) -> tuple[EventDate | None, bool]:
        """The event date and whether the text states it (else: publication date)."""
        pub = doc.article.published
        found = self._dates_of(doc, s)
        if found:
            inside = [d for d in found if seg[0] <= d.start < seg[1]] or found
            return min(inside, key=lambda d: abs(d.start - anchor)), True
        # the date set earlier in the paragraph carries over (news prose names it once)
        for prev in reversed(doc.sentences[max(0, s.index - 2):s.index]):
            if prev.paragraph != s.paragraph:
                break
            found = self._dates_of(doc, prev)
            if found:
                return found[-1], True
        if pub is not None:
            return EventDate(pub, 1, -1), False
        return None, False

    def _dates_of(self, doc: Doc, s: Sentence) -> list[EventDate]:
        key = (id(doc), s.index)
        if key not in self._date_cache:
            self._date_cache[key] = self.dates.read(s.norm, doc.article.published)
        return self._date_cache[key]

    @staticmethod
    def _age(doc: Doc, cand: Candidate, norm: str, seg: tuple[int, int], trigs: list[Trigger]) -> int:
        """How surely the candidate is background, told by its date: 2 when the text dates it
        more than BACKGROUND_DAYS before publication (a day, a month, a past year in the
        trigger's clause, a timeline line's leading date), 1 when a past year stands
        elsewhere in its stretch, else 0."""
        pub = doc.article.published
        if pub is None:
            return 0
        if cand.date_in_text and cand.date is not None and (pub - cand.date.value).days > BACKGROUND_DAYS:
            return 2
        lead = _YEAR_LEAD.match(norm)
        if lead and int(lead.group(1)) < pub.year:
            return 2
        # (the pattern opens with alternatives; a four-digit number must be there first)
        years = [m for m in _YEAR_AT.finditer(norm, seg[0], seg[1]) if int(m.group(1)) < pub.year] \
            if _FOUR_DIGITS.search(norm, seg[0], seg[1]) else []
        if not years:
            return 0
        # a past year in the clause of every trigger ("استهدفت في 2007"), no "منذ" between them
        if all(any(cs <= m.start() < ce and not _since_between(norm, t.start, m.start()) for m in years)
               for t in trigs for cs, ce in (clause_bounds(norm, t.start),)):
            return 2
        # "منذ عام 2013": the year the event comes after, not its own
        if any(not _since_between(norm, max(seg[0], m.start() - 20), m.start()) for m in years):
            return 1
        return 0

    def _confidence(self, cand: Candidate, roles: Roles, n_triggers: int) -> float:
        c = cand.conf
        if roles.agents:
            c += 0.1
        if cand.casualties.killed or cand.casualties.injured:
            c += 0.05
        if n_triggers > 1:
            c += 0.05
        if cand.place is not None and cand.place.fallback:
            c -= 0.1
        if cand.date_in_text:
            c += 0.05
        if cand.age:
            c -= 0.4
        return max(0.0, min(1.0, round(c, 3)))

    # -- output ---------------------------------------------------------------------

    def _finish(self, doc: Doc, cands: list[Candidate]) -> list[Event]:
        art = doc.article
        events: list[Event] = []
        for c in cands:
            if c.conf < self.min_confidence and not c.rules_keep:
                continue
            if c.place is None and not self.keep_unplaced:
                continue
            dropped = check_event(c, self.actors.actors)
            if dropped is not None:
                if self.explain:
                    doc.decisions.append({"sentence": [c.sentence.start, c.sentence.end], "text": c.sentence.text,
                                          "event_type": c.event_type, "kept": False,
                                          "reason": f"consistency: {dropped}"})
                continue
            events.append(self._event(doc, c, f"{art.article_id}-{len(events) + 1}"))
        return events

    def _event(self, doc: Doc, c: Candidate, event_id: str) -> Event:
        art = doc.article
        info = self.triggers.type_info(c.event_type, c.sub_event_type)
        acts = self.actors.actors
        ev = Event(event_id=event_id, article_id=art.article_id)
        ev.event_type, ev.sub_event_type, ev.disorder_type = info.event_type, info.sub_event_type, info.disorder_type
        if c.agents:
            ev.actor1 = acts[c.agents[0]].name
            ev.inter1 = acts[c.agents[0]].inter
            assoc = [acts[a].name for a in c.agents[1:] + c.support if a in acts and a != c.agents[0]]
            ev.assoc_actor_1 = "; ".join(dict.fromkeys(assoc)) or None
            ev.actor1_ar = _original(doc, c, c.agent_text)
        if c.targets:
            ev.actor2 = acts[c.targets[0]].name
            ev.inter2 = acts[c.targets[0]].inter
            assoc = [acts[a].name for a in c.targets[1:] if a in acts]
            ev.assoc_actor_2 = "; ".join(dict.fromkeys(assoc)) or None
            ev.actor2_ar = _original(doc, c, c.target_text)
        if ev.inter1 is not None:
            ev.interaction = (int(f"{min(ev.inter1, ev.inter2)}{max(ev.inter1, ev.inter2)}")
                              if ev.inter2 is not None else ev.inter1 * 10)
        if c.targets and c.targets[0] == "civilians" and c.event_type in (VAC, EXPLOSIONS):
            ev.civilian_targeting = "Civilian targeting"
        if c.date is not None:
            ev.event_date = c.date.value.isoformat()
            ev.time_precision = c.date.precision if c.date_in_text else 1
        qualifiers = []
        if c.place is not None:
            p = c.place.mention
            ev.location = p.name or p.text
            ev.location_ar = p.name_ar or p.text
            ev.latitude, ev.longitude = p.latitude, p.longitude
            ev.admin1, ev.admin2, ev.admin3 = p.admin1, p.admin2, p.admin3
            ev.country = p.country or "Syria"
            ev.iso = p.iso or (SYRIA_ISO if ev.country == "Syria" else None)
            ev.geo_precision = max(p.geo_precision or 1, 2) if c.place.fallback else p.geo_precision
            if c.place.fallback:
                qualifiers.append("place=earlier mention")
        if c.casualties.killed is not None:
            ev.fatalities = c.casualties.killed
        if c.casualties.joint:
            qualifiers.append("fatalities=unclear")
            if not c.casualties.killed and not c.casualties.none:
                ev.fatalities = None  # dead and wounded counted together: the toll is unknown, not 0
        ev.injured = c.casualties.injured
        if not c.date_in_text and c.date is not None:
            qualifiers.append("date=publication")
        ev.source = art.source or self.sources.for_event(doc, c.evidence)
        ev.published = art.published.isoformat() if isinstance(art.published, date) else None
        ev.url = art.url
        ev.evidence = [Evidence(doc.text[a:b], a, b) for a, b in c.evidence]
        ev.confidence = c.conf
        qualifiers += [f"check={k}" for k in dict.fromkeys(c.checks)]
        ev.tags = event_tags(info.cameo, info.plover, qualifiers)
        ev.notes = event_notes(ev)
        if c.either is not None:
            ev.notes += (f" The text names the striker as either {acts[c.either[0]].name} or "
                         f"{acts[c.either[1]].name}; actor1 is left unidentified.")
        if c.cumulative_toll is not None:
            ev.notes += (f" The text gives a toll of {c.cumulative_toll} killed that is a cumulative or "
                         "campaign total, not this event's.")
        return ev


def _since_between(norm: str, a: int, b: int) -> bool:
    """Does "منذ" stand between offsets a and b (either order)?"""
    lo, hi = min(a, b), max(a, b)
    return any(w in _SINCE_WORDS or w[1:] in _SINCE_WORDS for w in _WORDS.findall(norm[lo:hi]))


_WORDS = re.compile(r"\w+")
# what stands between two alternatives: "أو", "أو ل" (normalised)
_OR_BETWEEN = re.compile(r"\s*(?:او|ام)\s+[لب]?")
UNKNOWN_AIR = "unknown_air"


def _is_heading(s: Sentence) -> bool:
    """A short line with no sentence punctuation inside the body: a related-article link."""
    if s.index == 0:
        return False
    # at most 8 words (split stops after 8 cuts: no need to cut a long sentence into all its words)
    return len(s.norm.split(None, 8)) <= 8 and not s.text.rstrip().endswith((".", "!", "؟", "?", ":", "،", '"', "”", "»"))


def _original(doc: Doc, c: Candidate, norm_text: str | None) -> str | None:
    """The actor as the Arabic text writes it (first occurrence in the evidence sentence)."""
    if not norm_text:
        return None
    s = c.sentence
    i = s.norm.find(norm_text)
    if i < 0:
        return None
    a, b = original_span(s.offsets, i, i + len(norm_text))
    return doc.text[a:b]
