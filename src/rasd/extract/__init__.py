"""Extract stage: triggers -> events with actors, place, date, fatalities and evidence.

Modules, by what they hold: `matcher` (the Aho-Corasick word matcher), `triggers`
(event words and typing), `modality` (negation/future/threat/denial/background),
`actors`, `fatalities`, `event_dates`, `places`, `notes`, and `events` (the assembly).
"""
from __future__ import annotations

from typing import Callable

from rasd.doc import Doc


def event_stage(*, min_confidence: float | None = None, keep_unplaced: bool = False, rules_only: bool = False,
                explain: bool = False) -> Callable[[Doc], Doc]:
    """The event extractor as a pipeline stage (lexicons compiled once, here).

    The shipped event judge (rasd/data/models/event_judge.json) decides which candidates
    are incidents and gives their confidence, and the shipped role model
    (event_roles.json) picks actor1 and actor2 of those it keeps; `rules_only` uses the
    rules' own filters and roles instead (the baseline both are measured against).  `min_confidence` defaults to
    the judge's threshold.  `keep_unplaced` also emits events for which no place could be
    found (ACLED needs a place, so by default they are left out).  `explain` keeps the
    judge's decision on every candidate in `doc.decisions`.
    """
    from rasd.extract.events import EventExtractor
    from rasd.learn.judge import default_judge
    from rasd.learn.roles import default_roles

    judge = None if rules_only else default_judge()
    roles = None if rules_only else default_roles()
    return EventExtractor(min_confidence=min_confidence, keep_unplaced=keep_unplaced, judge=judge, explain=explain,
                          roles=roles)
