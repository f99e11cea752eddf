"""The nearest place to a point among thousands, fast enough to check every row of an import."""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from rasd.geo.gazetteer import Place

CELL = 0.5  # degrees
_CELL_KM = CELL * 111.0  # km per cell northwards; eastwards it shrinks with cos(latitude)


class PlaceGrid:
    """Places in half-degree cells, searched ring by ring outwards from the point."""

    def __init__(self, places: Iterable["Place"]) -> None:
        self.cells: dict[tuple[int, int], list["Place"]] = {}
        for p in places:
            self.cells.setdefault((int(p.lat // CELL), int(p.lon // CELL)), []).append(p)

    def nearest(self, lat: float, lon: float, accept: Callable[["Place"], bool]) -> tuple["Place", float] | None:
        from rasd.geo.gazetteer import km

        ci, cj = int(lat // CELL), int(lon // CELL)
        shrink = math.cos(math.radians(min(abs(lat), 80.0)))
        best: tuple["Place", float] | None = None
        for ring in range(0, 80):  # 40 degrees each way: beyond any country the gazetteer covers
            # every place of this ring is at least (ring - 1) cells away
            if best is not None and (ring - 1) * _CELL_KM * shrink > best[1]:
                break
            for i in range(ci - ring, ci + ring + 1):
                edge = abs(i - ci) == ring
                for j in ((range(cj - ring, cj + ring + 1)) if edge else (cj - ring, cj + ring)):
                    for q in self.cells.get((i, j), ()):
                        if accept(q):
                            d = km(lat, lon, q.lat, q.lon)
                            if best is None or d < best[1]:
                                best = (q, d)
        return best
