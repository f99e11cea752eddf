"""Actor names as a user types them, mapped to the canonical names events are stored with.

`--actor SDF`, `--actor قسد`, `--actor "Syrian Democratic Forces"` and `--actor sdf` (the
family) all name the same actors: the lexicon's ids, canonical names, English and Arabic
aliases and sides (families) are keys, each to the canonical names it covers.  A name the
lexicon does not know is matched as a substring, as before.
"""
from __future__ import annotations

from functools import lru_cache

from rasd.lexicon import load_lexicon
from rasd.text.normalize import normalize


def _key(text: str) -> str:
    return " ".join(normalize(text).lower().split())


@lru_cache(maxsize=1)
def _index() -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}
    actors = load_lexicon("actors")["actors"]
    by_side: dict[str, set[str]] = {}
    for a in actors:
        by_side.setdefault(str(a.get("side", "")), set()).add(a["name"])
    for a in actors:
        for k in (a["id"], a["name"], *a.get("en", []), *a.get("ar", [])):
            names.setdefault(_key(str(k)), set()).add(a["name"])
    # a family (side) names every actor of it: "regime" = the army, its militias, its air force
    for side, members in by_side.items():
        if side:
            names.setdefault(_key(side), set()).update(members)
    # so does every name of the actor the family is named after: "قسد" = "SDF" = the sdf
    # family (Asayish included), as `--actor SDF` already gave through the family's key
    for a in actors:
        side = str(a.get("side", ""))
        if side and _key(str(a["id"])) == _key(side):
            for k in (a["name"], *a.get("en", []), *a.get("ar", [])):
                names.setdefault(_key(str(k)), set()).update(by_side[side])
    return {k: frozenset(v) for k, v in names.items() if k}


def canonical_actors(query: str) -> frozenset[str]:
    """The canonical actor names `query` stands for (empty when the lexicon does not know it)."""
    return _index().get(_key(query), frozenset())
