"""The role ranker: who acted (actor1) and who was acted upon (actor2) in an event, chosen
among the actors the article offers, by a model trained on the labelled events.

The rules (rasd.extract.actors) read roles from markers and word order and fill what
the sentence leaves implicit with defaults.  Where the grammar is clear they are right;
where it is not (a dropped subject, an actor named a sentence earlier, a target given as
"مواقع سورية", a source or an addressee in the sentence) a linear model over the same
evidence does better.  For each candidate event the options are: the rules' own picks,
every actor named in its sentence and the sentence before, the article's most named
actor, "unidentified" and nobody.  Each (option, role) pair is scored (features below);
the best option per role wins, actor2 never of actor1's family.

Inference is plain Python over a dict of weights, like the event judge: a few
microseconds a candidate, run only on the candidates the judge keeps.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rasd.doc import Doc
    from rasd.extract.actors import Actor, ActorLexicon, ActorMention
    from rasd.extract.events import Candidate

MODEL_NAME = "event_roles.json"
# the rules' readings the model does not overrule (rasd.extract.actors.Roles: `agent_how`,
# `target_how`): an actor right after its trigger ("غارات روسية"), the subject before its
# verb, a marker ("من قبل", "شنها"), the two sides of "بين ... و", an either/or striker
CLEAR_AGENT = frozenset({"adjacent", "subject", "marker", "between", "both", "list", "either"})
CLEAR_TARGET = frozenset({"between", "both", "list"})
# readings of a target plain enough to tell the article's other candidates who is hit
_CLEAR_READ_TARGET = frozenset({"between", "both", "list", "marker", "victim"})
NONE = ""  # the "nobody" option (actor2 only in practice; actor1 may be unnamed too)
_WORD = re.compile(r"\w+")
# "سوريا", "مواقع سورية", "الدفاعات الجوية السورية": the country or its army named as a place or an adjective
# a dateline's closing: the agency in brackets or the dash before the story
_DATELINE = re.compile(r"\(|--|–|—")
# the seat of the source: "ومقره في", "الذي يتخذ من ... مقرا"
_SOURCE_DESC = re.compile(r"مقر[اه]|مقرها|يتخذ")
# the words right before a mention that make it the controller of an area, not a party to
# the event: "الخاضعة لسيطرة X"، "التي تسيطر عليها X"، "مناطق X"، "مناطق سيطرة X"
_CONTROLLER = re.compile(r"(?:سيطره|لسيطره|تسيطر عليها|يسيطر عليها|تسيطر عليه|يسيطر عليه|مناطق|نفوذ|لنفوذ)\s*$")
_MILITARY = re.compile(r"(?<!\w)(?:[وبلف]?(?:ال)?)(?:عسكري|عسكريه|جيش|دفاعات|فوج|لواء|فرقه|كتيبه)(?!\w)")
_SYRIAN = re.compile(r"(?<!\w)(?:[وبلف]?(?:ال)?)سوري")
# the clitics a word before a mention may carry (the marker is its stem)
_CLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
# the families of the training GUIDE (rasd.learn.happenings keeps the same table)
SIDE_FAMILY = {"is": "IS", "sdf": "SDF", "regime": "REGIME", "russia": "RUSSIA", "coalition": "COALITION",
               "turkey": "TURKEY", "opposition": "OPPOSITION", "iran": "IRAN", "israel": "ISRAEL", "iraq": "IRAQ",
               "civilians": "CIVILIANS", "unknown": "UNKNOWN"}
ID_FAMILY = {"sna": "TURKEY_BACKED"}


def family(actor_id: str | None, actors: "dict[str, Actor]") -> str | None:
    if not actor_id:
        return None
    if actor_id in ID_FAMILY:
        return ID_FAMILY[actor_id]
    a = actors.get(actor_id)
    return SIDE_FAMILY.get(a.side, "OTHER") if a is not None else "OTHER"


def _syrian_word(norm: str) -> bool:
    """Does the sentence call something Syrian, beyond the name of the observatory?"""
    return any(not norm.endswith(("المرصد ", "للمرصد ", "والمرصد "), 0, m.start()) for m in _SYRIAN.finditer(norm))


def _bucket(n: int) -> str:
    for e in (0, 1, 2, 4, 8):
        if n <= e:
            return str(e)
    return ">8"


def _stem(word: str) -> str:
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 2:
            return word[len(c):]
    return word


@dataclass
class Option:
    actor: str  # actor id, or NONE
    sources: set[str] = field(default_factory=set)
    mention: "ActorMention | None" = None  # its mention in the candidate's sentence, nearest the trigger


@dataclass
class ArticleActors:
    """What the whole article says about its actors: the ranker's context."""

    mentions: "list[list[ActorMention]]"  # per sentence, as the extractor found them
    counts: Counter = field(default_factory=Counter)  # party mentions per actor
    top: str | None = None  # the most named party actor (not civilians)
    top_air: str | None = None  # the most named actor that flies aircraft
    # who the grammar plainly names as acting / acted upon in the article's other
    # candidates: (sentence index, event type, sub-type, actor id)
    clear: "dict[str, list[tuple[int, str, str, str]]]" = field(default_factory=dict)

    @classmethod
    def of(cls, mentions: "list[list[ActorMention]]", actors: "dict[str, Actor]",
           context: "list[Candidate] | None" = None) -> "ArticleActors":
        counts: Counter = Counter(m.actor for ms in mentions for m in ms if m.party and not m.both)
        ranked = [a for a, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if a != "civilians"]
        air = [a for a in ranked if a in actors and actors[a].air]
        clear: dict[str, list[tuple[int, str, str, str]]] = {"1": [], "2": []}
        for c in context or ():
            if c.agents and c.agent_how in CLEAR_AGENT:
                clear["1"].append((c.sentence.index, c.event_type, c.sub_event_type, c.agents[0]))
            if c.targets and c.target_how in _CLEAR_READ_TARGET:
                clear["2"].append((c.sentence.index, c.event_type, c.sub_event_type, c.targets[0]))
        return cls(mentions, counts, _leader(ranked, counts), _leader(air, counts), clear)


def _leader(ranked: list[str], counts: Counter) -> str | None:
    """The most named actor, when it is named at least twice and more than any other."""
    if not ranked or counts[ranked[0]] < 2 or (len(ranked) > 1 and counts[ranked[1]] == counts[ranked[0]]):
        return None
    return ranked[0]


def options_of(c: "Candidate", art: ArticleActors) -> dict[str, Option]:
    """The actors a candidate's roles may go to, each with where it was found."""
    opts: dict[str, Option] = {}

    def add(actor: str | None, source: str, mention: "ActorMention | None" = None) -> None:
        if actor is None:
            return
        o = opts.setdefault(actor, Option(actor))
        o.sources.add(source)
        if mention is not None and o.mention is None:
            o.mention = mention

    for i, a in enumerate(c.agents[:2]):
        add(a, f"rule_agent{i}")
    for i, a in enumerate(c.targets[:2]):
        add(a, f"rule_target{i}")
    for a in c.support[:2]:
        add(a, "rule_support")
    anchor = c.triggers[0].start if c.triggers else c.seg[0]
    idx = c.sentence.index
    own = sorted(art.mentions[idx], key=lambda m: abs(m.start - anchor))
    for m in own:
        for a in (m.both or (m.actor,)):
            add(a, "sentence" if m.party else "sentence_nonparty", m)
    for k in (1, 2):
        if idx - k >= 0:
            for m in art.mentions[idx - k]:
                if m.party:
                    for a in (m.both or (m.actor,)):
                        add(a, f"prev{k}")
    add(art.top, "article_top")
    add(art.top_air, "article_top_air")
    add("unknown", "default_unknown")
    # the sentence after often names the victims ("وقتل في الغارات سبعة من عناصر التنظيم")
    if idx + 1 < len(art.mentions):
        for m in art.mentions[idx + 1]:
            if m.party and not m.both:
                add(m.actor, "next1")
    # civilians are what an unnamed target most often is; the army, when the text calls the
    # target Syrian or military ("مواقع سورية", "الدفاعات الجوية السورية", "مطار ... العسكري")
    add("civilians", "default_civilians")
    if _syrian_word(c.sentence.norm) or _MILITARY.search(c.sentence.norm):
        add("regime", "default_regime")
    add(NONE, "none")
    return opts


class RoleFeatures:
    """The features of an (option, role) pair; one instance per lexicon (its marker sets)."""

    def __init__(self, lexicon: "ActorLexicon") -> None:
        self.lex = lexicon
        self.actors = lexicon.actors
        # a mention's features without the role's prefix, per (candidate, mention): the same
        # for actor1 and actor2 (the objects are held, so their ids are not reused meanwhile)
        self._mention_memo: "dict[tuple[int, int], tuple[Candidate, ActorMention, list[str]]]" = {}

    def forget(self) -> None:
        """Drop the memoised mention features (RoleRanker.assign calls it per article)."""
        self._mention_memo.clear()

    def of(self, c: "Candidate", opt: Option, role: str, art: ArticleActors, a1: str | None = None) -> list[str]:
        """Features of `opt` as actor `role` ("1" or "2"); for actor2, `a1` is actor1's family."""
        r = role
        sub = c.sub_event_type
        f = [f"{r}bias"]
        rule_pick = (c.agents[0] if c.agents else NONE) if r == "1" else (c.targets[0] if c.targets else NONE)
        rule_other = (c.targets[0] if c.targets else NONE) if r == "1" else (c.agents[0] if c.agents else NONE)
        if opt.actor == NONE:
            f += [f"{r}none", f"{r}none|{sub}", f"{r}none|rule={int(rule_pick == NONE)}",
                  f"{r}none|n={_bucket(len([m for m in art.mentions[c.sentence.index] if m.party]))}"]
            if r == "2":
                f.append(f"2none|civ_target={int(c.civilian_target)}")
            return f
        f += [f"{r}src={s}" for s in sorted(opt.sources)]
        #f.append(f"{r}srcs={'+'.join(sorted(opt.sources))}")  # (where it was found, all together)
        f.append(f"{r}rule={int(opt.actor == rule_pick)}")
        if opt.actor == rule_pick:
            how = (c.agent_how if r == "1" else c.target_how) or "other"
            f += [f"{r}rule|{sub}", f"{r}rule_how={how}", f"{r}rule_how={how}|{c.event_type}"]
        if opt.actor == rule_other:
            f.append(f"{r}rule_other")
        a = self.actors.get(opt.actor)
        side = a.side if a is not None else "other"
        f += [f"{r}side={side}|{c.event_type}", f"{r}side={side}|{sub}"]
        if a is not None and a.air and sub == "Air/drone strike":
            f.append(f"{r}air_capable")
        if opt.actor == art.top:
            f.append(f"{r}top")
        if opt.actor == art.top_air and sub == "Air/drone strike":
            f.append(f"{r}top_air")
        n = art.counts.get(opt.actor, 0)
        f.append(f"{r}count={_bucket(n)}")
        if r == "2":
            if opt.actor == "civilians":
                f.append(f"2civ|civ_target={int(c.civilian_target)}")
            # who strikes says who is struck: a foreign air force's target is the army or Iran's
            f.append(f"2fam={family(opt.actor, self.actors)}|a1={a1}")
            if side == "regime" and _syrian_word(c.sentence.norm):
                f.append("2regime|syrian_word")
        f += _elsewhere(c, opt.actor, r, art)
        m = opt.mention
        if m is not None:
            f += self._mention(c, m, r)
        return f

    def _mention(self, c: "Candidate", m: "ActorMention", r: str) -> list[str]:
        memo = self._mention_memo
        key = (id(c), id(m))
        got = memo.get(key)
        if got is None or got[0] is not c or got[1] is not m:
            if len(memo) > 10_000:
                memo.clear()
            got = memo[key] = (c, m, self._mention_features(c, m))
        return [r + f for f in got[2]]

    def _mention_features(self, c: "Candidate", m: "ActorMention") -> list[str]:
        """What the mention's place says about it, for either role (each prefixed by it)."""
        norm = c.sentence.norm
        anchor = c.triggers[0].start if c.triggers else c.seg[0]
        end = c.triggers[0].end if c.triggers else anchor
        out: list[str] = []
        if m.start >= end:
            where, gap = "after", len(_WORD.findall(norm[end:m.start]))
        else:
            where, gap = "before", len(_WORD.findall(norm[m.end:anchor]))
        out += [where, f"{where}|{_bucket(gap)}"]
        out.append(f"in_seg={int(c.seg[0] <= m.start < c.seg[1])}")
        before = _WORD.findall(norm[max(0, m.start - 30):m.start])
        if before:
            out.append(f"w-1={_stem(before[-1])}")
            if len(before) > 1:
                out.append(f"w-2={_stem(before[-2])}")
        lo = c.seg[0] if c.seg[0] <= m.start else 0
        lex = self.lex
        for name, matcher, window in (("agent", lex.agent_markers, 2), ("target", lex.target_markers, 2),
                                      ("victim", lex.victim_markers, 2), ("support", lex.support_markers, 1)):
            if lex._marked(matcher, norm, lo, m.start, window, skip_numbers=name in ("target", "victim")):
                out.append(f"marked={name}")
        after = _WORD.findall(norm[m.end:m.end + 30])
        if after:
            out.append(f"w+1={_stem(after[0])}")
        if not m.party:
            out.append("nonparty")
        if gap == 0 and where == "before" and c.triggers and c.triggers[0].verb:
            out.append("subject")  # "أن الإيرانيين أطلقوا"
        if c.sentence.index == 0 and m.start < 60 and _DATELINE.search(norm, m.end, m.end + 40):
            out.append("dateline")  # "دبي، الإمارات العربية المتحدة (CNN)"
        if _SOURCE_DESC.search(norm, max(0, m.start - 30), m.end + 20):
            out.append("source_desc")  # "المرصد ... ومقره في بريطانيا"
        if norm.rfind("(", 0, m.start) > norm.rfind(")", 0, m.start):
            out.append("in_parens")
        if _CONTROLLER.search(norm, max(0, m.start - 20), m.start):
            out.append("controller")
        return out


def _elsewhere(c: "Candidate", actor: str, r: str, art: ArticleActors) -> list[str]:
    """Is `actor` what the grammar plainly names in the role in the article's other
    candidates (of the same sub-type, the same type, the nearest one before)?"""
    idx = c.sentence.index
    out: set[str] = set()
    prev: tuple[int, str] | None = None
    for i, et, sub, a in art.clear.get(r, ()):
        if i == idx:
            continue
        if i < idx and (prev is None or i >= prev[0]):
            prev = (i, a)
        if a == actor:
            out.add(f"{r}clear_any")
            if et == c.event_type:
                out.add(f"{r}clear_type")
            if sub == c.sub_event_type:
                out.add(f"{r}clear_sub")
    if prev is not None and prev[1] == actor:
        out.add(f"{r}clear_prev")
    return sorted(out)


class RoleRanker:
    """Picks actor1 and actor2 of the candidates an extractor keeps (see module doc)."""

    def __init__(self, model: dict[str, Any]) -> None:
        self.weights: dict[str, float] = model["weights"]
        self.card: dict[str, Any] = model.get("card", {})
        self._features: RoleFeatures | None = None

    @classmethod
    def load(cls, path: str | Path) -> "RoleRanker":
        try:
            with open(path, encoding="utf-8") as fh:
                return cls(json.load(fh))
        except (OSError, ValueError, KeyError) as exc:
            raise RuntimeError(f"{path}: cannot load the role model ({exc}); rebuild it with `rasd train`") from exc

    def bind(self, lexicon: "ActorLexicon") -> "RoleRanker":
        """This model over an extractor's actor lexicon (whose role markers its features read)."""
        bound = RoleRanker({"weights": self.weights, "card": self.card})
        bound._features = RoleFeatures(lexicon)
        return bound

    def _score(self, feats: list[str]) -> float:
        get = self.weights.get
        return sum(get(f, 0.0) for f in feats)

    def assign(self, doc: "Doc", cands: "list[Candidate]", mentions: "list[list[ActorMention]]",
               context: "list[Candidate] | None" = None) -> None:
        """Re-pick the roles of `cands`; `context`: all the article's candidates (judged or not)."""
        if not cands:
            return
        feats = self._features
        assert feats is not None, "RoleRanker.bind(lexicon) first"
        actors = feats.actors
        art = ArticleActors.of(mentions, actors, context if context is not None else cands)
        feats.forget()
        for c in cands:
            opts = options_of(c, art)
            if c.agents and c.agent_how in CLEAR_AGENT:
                a1 = opts[c.agents[0]]  # the grammar says who acted: the rules' reading stands
            elif c.either is not None and c.agents:
                # the text hesitates between two strikers: it stays unidentified, and neither is the target
                a1 = Option(c.agents[0])
                opts = {k: o for k, o in opts.items() if k not in c.either}
            else:
                a1 = max(opts.values(), key=lambda o: (self._score(feats.of(c, o, "1", art)), o.actor))
            fam1 = family(a1.actor, actors)
            # (allies the grammar names acting beside actor1 are not its target)
            allies = set(c.agents[1:]) if c.agents and a1.actor == c.agents[0] else set()
            rest = [o for o in opts.values()
                    if o.actor == NONE or (family(o.actor, actors) != fam1 and o.actor not in allies)]
            if c.targets and c.target_how in CLEAR_TARGET and family(c.targets[0], actors) != fam1:
                a2 = opts[c.targets[0]]
            else:
                a2 = max(rest, key=lambda o: (self._score(feats.of(c, o, "2", art, fam1)), o.actor))
            apply_roles(c, a1, a2)


def apply_roles(c: "Candidate", a1: Option, a2: Option) -> None:
    """Put the chosen actors first in the candidate's roles (the rest stay associated)."""
    old_agent_text, old_target_text = c.agent_text, c.target_text
    old_agents, old_targets = list(c.agents), list(c.targets)

    def text_of(o: Option) -> str | None:
        if o.mention is not None:
            return o.mention.text
        if old_agents and o.actor == old_agents[0]:
            return old_agent_text
        if old_targets and o.actor == old_targets[0]:
            return old_target_text
        return None

    keep = (a1.actor, a2.actor)
    if a1.actor == NONE:
        c.agents, c.agent_text = [], None
    else:
        if not old_agents or old_agents[0] != a1.actor:
            c.agent_text = text_of(a1)
        c.agents = [a1.actor] + [a for a in old_agents if a not in keep]
    if a2.actor == NONE:
        c.targets, c.target_text = [], None
    else:
        if not old_targets or old_targets[0] != a2.actor:
            c.target_text = text_of(a2)
        c.targets = [a2.actor] + [a for a in old_targets if a not in keep]
    c.support = [a for a in c.support if a not in c.agents[:1] + c.targets[:1]]


def shipped_model_path() -> Path:
    from rasd.lexicon import data_path

    return Path(str(data_path("models", MODEL_NAME)))


@lru_cache(maxsize=1)
def default_roles() -> RoleRanker | None:
    """The role model shipped in rasd/data/models (None when built without one)."""
    path = shipped_model_path()
    return RoleRanker.load(path) if path.exists() else None
