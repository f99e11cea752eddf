"""Event-level scores against the labelled events: how many events Rasd emits per
labelled happening (re-reports linked by `same_as`), and whether their actors and tolls
are those the annotators gave.

An emitted event is matched to a labelled event mention when one of its evidence
sentences holds a mention of the same event type (the same sub-type preferred, then the
earliest).  Its happening is that mention's `same_as` root.  Fields are compared with the
matched mention: actor families as the training GUIDE defines them (an empty actor2 is
right only when the label has none; a clash's two sides in either order), fatalities
exactly (null right only when null).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

# the GUIDE's families, from an actor's side in actors.yaml (the Turkish army and the
# factions it backs share a side but not a family)
_SIDE_FAMILY = {"is": "IS", "sdf": "SDF", "regime": "REGIME", "russia": "RUSSIA", "coalition": "COALITION",
                "turkey": "TURKEY", "opposition": "OPPOSITION", "iran": "IRAN", "israel": "ISRAEL", "iraq": "IRAQ",
                "civilians": "CIVILIANS", "unknown": "UNKNOWN"}
_ID_FAMILY = {"sna": "TURKEY_BACKED"}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    event_type: str
    sub_event_type: str
    actor1: str | None
    actor2: str | None
    fatalities: int | None
    happening: str  # the id of the first report of this happening


def load_mentions(root: str | Path) -> dict[str, list[Mention]]:
    """article id -> its labelled event mentions in body sentences, with happening ids."""
    lines = (Path(root) / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return mentions_of(json.loads(line) for line in lines if line.strip())


def mentions_of(records: Iterable[dict[str, Any]]) -> dict[str, list[Mention]]:
    """The same, from the labelled sentences already read (sentences.jsonl's records)."""
    raw: dict[str, list[tuple[dict[str, Any], int, int]]] = {}
    for rec in records:
        for e in rec.get("events") or []:
            raw.setdefault(rec["article"], []).append((e, int(rec["start"]), int(rec["end"])))
    out: dict[str, list[Mention]] = {}
    for aid, items in raw.items():
        parent = {e["id"]: e.get("same_as") for e, _, _ in items}
        for e, a, b in items:
            if a < 0:
                continue  # a title (the pipeline does not read titles)
            root_id, seen = e["id"], set()
            while parent.get(root_id) and root_id not in seen:
                seen.add(root_id)
                root_id = parent[root_id]
            out.setdefault(aid, []).append(Mention(a, b, e["event_type"], e["sub_event_type"], e.get("actor1"),
                                                   e.get("actor2"), e.get("fatalities"), root_id))
    return out


@lru_cache(maxsize=1)
def actor_families() -> dict[str, str]:
    """ACLED-style actor name (what `actor1` prints) -> the GUIDE's family."""
    from rasd.extract.actors import ActorLexicon

    fam = {}
    for a in ActorLexicon().actors.values():
        fam[a.name] = _ID_FAMILY.get(a.id) or _SIDE_FAMILY.get(a.side, "OTHER")
    return fam


def family_of(name: str | None, families: dict[str, str]) -> str | None:
    if name is None:
        return None
    if name in families:
        return families[name]
    return "UNKNOWN" if name.startswith("Unidentified") else "OTHER"


@dataclass
class EventScore:
    events: int = 0  # emitted
    matched: int = 0  # emitted and matched to a labelled mention
    per_happening: Counter = field(default_factory=Counter)  # (article, happening) -> events
    right: Counter = field(default_factory=Counter)  # field -> matched events with it right

    def add(self, other: "EventScore") -> None:
        self.events += other.events
        self.matched += other.matched
        self.per_happening.update(other.per_happening)
        self.right.update(other.right)

    @property
    def per_happening_mean(self) -> float:
        return self.matched / max(1, len(self.per_happening))

    def as_dict(self) -> dict[str, object]:
        n = max(1, self.matched)
        return {"events": self.events, "matched": self.matched, "happenings": len(self.per_happening),
                "events_per_happening": round(self.per_happening_mean, 3),
                **{f: round(self.right[f] / n, 3) for f in ("actor1", "actor2", "fatalities")}}


def _match(ev: Any, mentions: list[Mention]) -> Mention | None:
    found = [m for m in mentions if m.event_type == ev.event_type
             and any(min(e.end, m.end) - max(e.start, m.start) > 0 for e in ev.evidence)]
    if not found:
        return None
    return min(found, key=lambda m: (m.sub_event_type != ev.sub_event_type, m.start))


def score_events(article_id: str, events: Iterable[Any], mentions: dict[str, list[Mention]],
                 families: dict[str, str]) -> EventScore:
    out = EventScore()
    labelled = mentions.get(article_id, [])
    for ev in events:
        out.events += 1
        m = _match(ev, labelled)
        if m is None:
            continue
        out.matched += 1
        out.per_happening[(article_id, m.happening)] += 1
        a1, a2 = family_of(ev.actor1, families), family_of(ev.actor2, families)
        if ev.sub_event_type == "Armed clash" and (a2, a1) == (m.actor1, m.actor2):
            a1, a2 = a2, a1  # a clash has no attacker in ACLED's coding: either order is right
        out.right["actor1"] += a1 == m.actor1
        out.right["actor2"] += a2 == m.actor2
        out.right["fatalities"] += ev.fatalities == m.fatalities
    return out
