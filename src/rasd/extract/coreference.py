"""One happening, one event: the candidates of an article that report the same happening
are merged before events are numbered.

A report repeats itself: a lead restated in the body, a toll given a sentence later, the
same strike told once at its town and once as "in the Idlib countryside".  Candidates of
one event type merge when they share a place and a day, when the later one has no place of
its own (it goes on about the event before it), or when one is placed only at a wider area
(a governorate, a countryside) that holds the other's more precise place.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rasd.extract.consistency import CHEMICAL, GOVERNMENT, NON_STATE, toll_is_total
from rasd.extract.triggers import SUB_RANK
from rasd.extract.places import mention_km

if TYPE_CHECKING:
    from rasd.extract.events import Candidate

EXPLOSIONS = "Explosions/Remote violence"
STRATEGIC = "Strategic developments"
BATTLES = "Battles"
TERRITORY = (GOVERNMENT, NON_STATE)
# a place of unknown precision is taken as the vaguest (ACLED: 3, a larger area)
VAGUEST = 3
# airfields and air bases: a strike "on the airport" and "near the city" are one strike
FACILITIES = frozenset({"AIRB", "AIRP", "AIRH"})
NEAR_FACILITY_KM = 40.0


def place_key(c: "Candidate") -> object:
    if c.place is None:
        return ("sentence", c.sentence.index)
    p = c.place.mention
    return p.gazetteer_id or (round(p.latitude or 0, 2), round(p.longitude or 0, 2))


def same_kind(o: "Candidate", c: "Candidate") -> bool:
    """Of one event type, and not a chemical attack beside conventional strikes (ACLED keeps
    those apart even at one place on one day; shelling, missiles and air strikes are often
    one bombardment the text names loosely)."""
    return o.event_type == c.event_type and (o.sub_event_type == CHEMICAL) == (c.sub_event_type == CHEMICAL)


def same_day(o: "Candidate", c: "Candidate") -> bool:
    """Two candidates may be one happening unless both name their day and the days differ."""
    return (o.date is None or c.date is None or not (o.date_in_text and c.date_in_text)
            or o.date.value == c.date.value)


def merge_candidates(cands: "list[Candidate]", judged: bool) -> "list[Candidate]":
    out: list[Candidate] = []
    for c in cands:
        twin = None
        if c.place is not None and c.place.fallback:
            # no place of its own: the report goes on about an event already found
            twin = next((o for o in reversed(out) if same_kind(o, c)
                         and o.sentence.paragraph == c.sentence.paragraph), None)
        if twin is None:
            twin = next((o for o in out if same_kind(o, c) and place_key(o) == place_key(c)
                         and same_day(o, c)), None)
        if twin is None:
            out.append(c)
        else:
            absorb(twin, c, judged)
    return fold_vaguer(out, judged)


def _precision(c: "Candidate") -> int:
    return VAGUEST if c.place is None else (c.place.mention.geo_precision or VAGUEST)


def _same_agents(o: "Candidate", c: "Candidate") -> bool:
    return not o.agents or not c.agents or o.agents[0] == c.agents[0]


def _area_rank(c: "Candidate") -> int:
    """How narrow a candidate's place is: the governorate (0), its whole countryside (1), one
    side of it (2), a place near a town (3), a town (4)."""
    if c.place is None:
        return -1
    m = c.place.mention
    if _precision(c) < VAGUEST:
        return 4 if _precision(c) == 1 else 3
    if m.feature == "REGION":
        return 2 if (m.gazetteer_id or "").count(":") >= 2 else 1
    return 0


def fold_vaguer(cands: "list[Candidate]", judged: bool) -> "list[Candidate]":
    """A candidate placed only at a wider area merges into the most narrowly placed one of
    its type, in the same governorate, on a compatible day: one strike told at its town and
    again "in the southern Idlib countryside" is one event, mapped at the town; told "in
    Idlib governorate" and "in the northern Idlib countryside", it is mapped at the latter."""
    out: list[Candidate] = []
    into: dict[int, Candidate] = {}
    for c in cands:
        area = c.place.mention.admin1 if c.place is not None and _precision(c) == VAGUEST else None
        rank = _area_rank(c)
        finer = [o for o in cands if o is not c and same_kind(o, c)
                 and _same_agents(o, c) and o.place is not None and o.place.mention.admin1 == area
                 and _area_rank(o) > rank and (_precision(o) == 1 or rank <= 1) and same_day(o, c)] if area else []
        if finer:
            into[id(c)] = max(finer, key=_area_rank)
        else:
            site = _facility_near(c, cands)
            if site is not None:
                into[id(c)] = site
            else:
                out.append(c)
    for c in cands:
        target = into.get(id(c))
        while target is not None and id(target) in into:  # folded in turn into a narrower one
            target = into[id(target)]
        if target is not None:
            absorb(target, c, judged)
    return out


def _facility_near(c: "Candidate", cands: "list[Candidate]") -> "Candidate | None":
    """The candidate at an airfield near the town `c` is placed at, of its kind, agents and
    day: "explosions shook the outskirts of Damascus" beside "missiles fell around Damascus
    airport" tell one strike, mapped at the airport."""
    if c.place is None or _precision(c) == VAGUEST or c.place.mention.feature in FACILITIES:
        return None
    p = c.place.mention
    for o in cands:
        if (o is not c and o.place is not None and o.place.mention.feature in FACILITIES and same_kind(o, c)
                and _same_agents(o, c) and same_day(o, c) and mention_km(p, o.place.mention) <= NEAR_FACILITY_KM):
            return o
    return None


def absorb(o: "Candidate", c: "Candidate", judged: bool) -> None:
    """`c` is told again as `o`: `o` keeps its own fields and takes what only `c` gives."""
    if o.sub_event_type == "Armed clash" and c.sub_event_type in TERRITORY:
        o.sub_event_type = c.sub_event_type  # the clash ended in a capture
    elif o.event_type == EXPLOSIONS and SUB_RANK[c.sub_event_type] < SUB_RANK[o.sub_event_type]:
        o.sub_event_type = c.sub_event_type
    if not o.agents and c.agents:
        o.agents, o.agent_text, o.either = c.agents, c.agent_text, c.either
    if (not o.targets or o.targets == ["civilians"] and c.targets and c.targets != ["civilians"]
            and o.event_type == BATTLES) and c.targets:
        o.targets, o.target_text = c.targets, c.target_text
    o.support = o.support + [a for a in c.support if a not in o.support]
    ok, ck = o.casualties, c.casualties
    if ck.killed is not None and toll_is_total(c):
        # a retelling's campaign total ("أكثر من 400 قتيل خلال خمسة أيام") is not this event's toll
        o.cumulative_toll = max(o.cumulative_toll or 0, ck.killed)
    elif ck.killed is not None and (ok.killed is None or (ck.killed > ok.killed and not ck.joint) or ok.joint):
        o.casualties.killed, o.casualties.joint = ck.killed, ck.joint
    if ck.injured is not None and (ok.injured is None or ck.injured > ok.injured):
        o.casualties.injured = ck.injured
    if c.date_in_text and not o.date_in_text:
        o.date, o.date_in_text = c.date, True
    if o.place is not None and o.place.fallback and c.place is not None and not c.place.fallback:
        o.place = c.place
    o.civilian_target = o.civilian_target or c.civilian_target
    o.evidence = sorted(set(o.evidence + c.evidence))
    o.cues = sorted(set(o.cues) | set(c.cues))
    # a judged probability is calibrated: a restatement does not make it surer
    o.conf = max(o.conf, c.conf) if judged else min(1.0, max(o.conf, c.conf) + 0.05)


def retold_targets(c: "Candidate", events: "list[Candidate]") -> "list[Candidate]":
    """The events an unplaced candidate could be retelling: of its kind, agents and day."""
    return [o for o in events if o is not c and o.place is not None and same_kind(o, c)
            and (o.event_type != STRATEGIC or o.sub_event_type == c.sub_event_type)
            and _same_agents(o, c) and same_day(o, c)]


def fold_retold(events: "list[Candidate]", retold: "list[Candidate]") -> None:
    """An incident sentence with no place of its own ("the strikes hit military targets",
    "the air defences intercepted most of the missiles") that retells the one event of its
    kind, agents and day becomes more evidence of that event, and nothing else: its place,
    toll and date were not read, so they cannot change the event's."""
    for c in retold:
        targets = retold_targets(c, events)
        if len(targets) == 1 and (o := targets[0]).place is not None:
            o.evidence = sorted(set(o.evidence + c.evidence))
            c.reason = f"no place: retells the event at {o.place.mention.name}"

