"""ACLED's consistency rules, the last check on every event before it is written.

Each rule either corrects the event where the text allows (and says so in its `checks`,
which become `check=...` tags) or drops it:
- territory sub-types follow actor1's side (the Syrian state and the forces fighting
  for it regain territory; anyone else overtakes it);
- actor1 and actor2 are never the same actor;
- air strikes are carried out only by actors with aircraft: a named actor without
  aircraft is the one struck, and the striker is the unidentified air force;
- protests and riots are carried out by protesters, rioters or civilians;
- an event's fatalities are never a cumulative, campaign-wide or war-wide total: such a
  figure goes to the notes (`cumulative_toll`), not to `fatalities`.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasd.extract.actors import Actor
    from rasd.extract.events import Candidate

GOVERNMENT = "Government regains territory"
NON_STATE = "Non-state actor overtakes territory"
# sides whose captures are "Government regains territory" (the Syrian state and the forces
# fighting for it; the typing in rasd.extract.events uses this too)
STATE_SIDES = frozenset({"regime", "russia", "iran"})
# no single incident in this war killed as many; such a figure is a total
MAX_EVENT_FATALITIES = 1000
UNKNOWN_AIR = "unknown_air"
# the sides chemical attacks in Syria have been attributed to (UN/OPCW investigations; the
# labelled data codes all 42 of its chemical events as the government's): a state that
# strikes "in response to the chemical attack" is not its perpetrator
CHEMICAL_SIDES = frozenset({"regime", "is"})
CHEMICAL = "Chemical weapon"
PROTESTERS = "protesters"
RIOTERS = "rioters"
_DEMONSTRATORS = frozenset({5, 6, 7})  # ACLED inter codes: rioters, protesters, civilians
# a toll counted over a span longer than an incident ("منذ عام 2011", "منذ بدء الحملة",
# "منذ أشهر") or named a total ("الحصيلة الإجمالية"); on normalised text
_TOTAL = re.compile(r"منذ\s+(?:\S+\s+)?(?:عام|العام|سنه|سنوات|اعوام|اشهر|بدء|بدايه|اندلاع|انطلاق|مطلع|(?:19|20)\d\d)"
                    r"|منذ\s+(?:تصاعد|بدء|بدايه)"
                    r"|(?:خلال|في|بعد)\s+(?:\d+|[^\s\d]+)\s+(?:ايام|يوما|اسابيع|اسبوعا|اشهر|شهرا)"
                    r"|(?:خلال|بعد)\s+(?:اسبوع|اسبوعين|شهر|شهرين)\s+من"
                    r"|خلال\s+(?:ال)?حمله|اجمالي|الاجماليه|حصيله\s+اجماليه")

# a running total opens: "ليرتفع بذلك عدد القتلى إلى", "لتصل الحصيلة إلى" (normalised text)
_RUNNING = re.compile(r"(?<!\w)(?:ليرتفع|لترتفع|ليصل|لتصل|ليبلغ|لتبلغ)(?!\w)")


def check_event(c: "Candidate", actors: "dict[str, Actor]") -> str | None:
    """Correct `c` in place; the reason it must be dropped, or None to keep it."""
    _distinct_actors(c, actors)
    if c.sub_event_type in (GOVERNMENT, NON_STATE) and c.agents:
        side = actors[c.agents[0]].side if c.agents[0] in actors else None
        sub = GOVERNMENT if side in STATE_SIDES else NON_STATE
        if sub != c.sub_event_type:
            c.sub_event_type = sub
            c.checks.append("territory-side")
    if c.sub_event_type == "Air/drone strike" and c.agents:
        agent = actors.get(c.agents[0])
        if agent is not None and not agent.air:
            if agent.id in ("civilians",):
                return "an air strike by civilians"
            # "غارات على مواقع داعش": the actor named is the one struck
            if agent.id not in c.targets:
                c.targets.insert(0, agent.id)
            c.agents = [UNKNOWN_AIR] + [a for a in c.agents[1:] if actors.get(a) and actors[a].air]
            c.checks.append("air-actor")
    if c.sub_event_type == CHEMICAL:
        _chemical_roles(c, actors)
    if c.event_type in ("Protests", "Riots"):
        crowd = RIOTERS if c.event_type == "Riots" else PROTESTERS
        if not c.agents or actors.get(c.agents[0]) is None or actors[c.agents[0]].inter not in _DEMONSTRATORS:
            named = [a for a in c.agents if actors.get(a) is not None and actors[a].inter not in _DEMONSTRATORS]
            c.agents = [crowd] + [a for a in c.agents if a not in named]
            c.checks.append("demonstrators")
    _allies_fight_together(c, actors)
    if c.sub_event_type == "Agreement":
        _parties_in_text_order(c)
    killed = c.casualties.killed
    if killed is not None and (killed >= MAX_EVENT_FATALITIES or toll_is_total(c)):
        c.cumulative_toll = killed
        c.casualties.killed = None
        c.checks.append("cumulative-toll")
    _distinct_actors(c, actors)
    return None


def toll_is_total(c: "Candidate") -> bool:
    """Does `c`'s own stretch date its toll as a campaign or multi-day total ("خلال خمسة
    أيام"، "منذ بدء الحملة")?  (What follows "ليرتفع بذلك عدد القتلى" is the running total the
    event adds to: its dating is that total's, not the event's own figure, which stands before it.)"""
    lo, hi = c.seg
    running = _RUNNING.search(c.sentence.norm, lo, hi)
    if running is not None:
        hi = running.start()
    return _TOTAL.search(c.sentence.norm, lo, hi) is not None


def side_of(actor_id: str, actors: "dict[str, Actor]") -> str | None:
    a = actors.get(actor_id)
    return a.side if a is not None else None


def _chemical_roles(c: "Candidate", actors: "dict[str, Actor]") -> None:
    """A chemical attack is by the side it is attributed to, and against those it struck."""
    if c.agents and side_of(c.agents[0], actors) in CHEMICAL_SIDES:
        return
    # nobody named, or a responder named: the attack is attributed to the government
    c.agents, c.agent_text = ["regime"], None
    kept = [t for t in c.targets if side_of(t, actors) not in CHEMICAL_SIDES]
    if kept != c.targets or not kept:
        c.targets, c.target_text = kept or ["civilians"], None
    c.checks.append("chemical-actor")


def _allies_fight_together(c: "Candidate", actors: "dict[str, Actor]") -> None:
    """The government's forces, Russia's and Iran's fight on one side: "مقتل جنود روس وسوريين
    في هجوم" names two victims, not a clash between them.  An ally read as the target joins
    actor1's side (an associate); actor2 is whoever else the text names, if anyone."""
    if c.event_type not in ("Battles", "Explosions/Remote violence") or not c.agents or not c.targets:
        return
    own = side_of(c.agents[0], actors)
    if own not in STATE_SIDES:
        return
    allied = [t for t in c.targets if side_of(t, actors) in STATE_SIDES and side_of(t, actors) != own]
    if allied:
        c.targets = [t for t in c.targets if t not in allied]
        c.target_text = c.target_text if c.targets else None
        c.support = c.support + [a for a in allied if a not in c.support and a not in c.agents]
        c.checks.append("allied-sides")


def _parties_in_text_order(c: "Candidate") -> None:
    """An agreement has no side that acts on the other: its parties go in the order the
    sentence names them ("أعلن جيش الإسلام التوصل إلى اتفاق مع الجيش السوري")."""
    if not (c.agents and c.targets and c.agent_text and c.target_text):
        return
    norm = c.sentence.norm
    a, t = norm.find(c.agent_text), norm.find(c.target_text)
    if 0 <= t < a:
        c.agents[0], c.targets[0] = c.targets[0], c.agents[0]
        c.agent_text, c.target_text = c.target_text, c.agent_text
        c.agent_how, c.target_how = c.target_how, c.agent_how


def _distinct_actors(c: "Candidate", actors: "dict[str, Actor]") -> None:
    """actor1 is never actor2 (by id or by the name they print as)."""
    if not c.agents or not c.targets:
        return
    names = {actors[a].name if a in actors else a for a in c.agents}
    kept = [t for t in c.targets if t not in c.agents and (actors[t].name if t in actors else t) not in names]
    if kept != c.targets:
        c.targets = kept
        c.target_text = c.target_text if kept else None
        c.checks.append("same-actor")
