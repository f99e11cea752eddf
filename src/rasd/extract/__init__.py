"""Extract stage: triggers -> events with actors, place, date, fatalities and evidence.

Modules, by what they hold: `matcher` (the Aho-Corasick word matcher), `triggers`
(event words and typing), `modality` (negation/future/threat/denial/background),
`actors`, `fatalities`, `event_dates`, `places`, `notes`, and `events` (the assembly).
"""
from __future__ import annotations

from typing import Callable

from rasd.doc import Doc


def event_stage(*, min_confidence: float = 0.5, keep_unplaced: bool = False) -> Callable[[Doc], Doc]:
    """The event extractor as a pipeline stage (lexicons compiled once, here).

    `keep_unplaced` also emits events for which no place could be found (ACLED needs a
    place, so by default they are left out).
    """
    from rasd.extract.events import EventExtractor

    return EventExtractor(min_confidence=min_confidence, keep_unplaced=keep_unplaced)
