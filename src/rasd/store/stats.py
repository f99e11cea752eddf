"""Counts and fatalities of stored events per week or month, by governorate, district, type
or actor: what `rasd stats` and `GET /stats` report (CSV, JSON or a PNG chart).

The events are those `rasd events` / `GET /events` list with the same filters.  An event
with no date is left out (it belongs to no period).  Grouped by actor, an event counts once
for each distinct actor it names (actor1 and actor2): a clash between two forces is in
both their rows.  Weeks start on Monday (ISO weeks) and are named by that Monday's date;
months by their first day (YYYY-MM-01).  An unknown group (no governorate) is "(unknown)".
"""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasd.store.models import EventRow
from rasd.store.queries import EventFilter, filtered

PERIODS = ("week", "month")
GROUPS = {"admin1": ("admin1",), "admin2": ("admin2",), "type": ("event_type",), "actor": ("actor1", "actor2")}
STAT_FORMATS = ("csv", "json", "png")
UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class Row:
    period: str  # ISO date of the period's first day
    group: str
    events: int
    fatalities: int  # the sum of known tolls (an event whose toll is unknown adds 0)


def period_start(d: date, period: str) -> date:
    return d - timedelta(days=d.weekday()) if period == "week" else d.replace(day=1)


def stats(session: Session, f: EventFilter, by: str = "admin1", period: str = "month") -> list[Row]:
    """Rows ordered by period, then by events (most first), then by group name."""
    if by not in GROUPS:
        raise ValueError(f"by: one of {', '.join(GROUPS)}")
    if period not in PERIODS:
        raise ValueError(f"period: one of {', '.join(PERIODS)}")
    ids = filtered(f).with_only_columns(EventRow.id).order_by(None).scalar_subquery()
    cols = [EventRow.event_date, EventRow.fatalities, *(getattr(EventRow, c) for c in GROUPS[by])]
    counts: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    for day, deaths, *names in session.execute(select(*cols).where(EventRow.id.in_(ids))):
        if day is None:
            continue
        start = period_start(day, period)
        for name in dict.fromkeys(n or UNKNOWN for n in names) if by == "actor" else [names[0] or UNKNOWN]:
            if by == "actor" and name == UNKNOWN and any(names):
                continue  # an event naming one actor is not also an unknown actor's
            cell = counts[(start, name)]
            cell[0] += 1
            cell[1] += deaths or 0
    rows = [Row(p.isoformat(), g, n, k) for (p, g), (n, k) in counts.items()]
    return sorted(rows, key=lambda r: (r.period, -r.events, r.group))


def as_csv(rows: Iterable[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["period", "group", "events", "fatalities"])
    from rasd.output.contract import safe_cell

    for r in rows:
        w.writerow([r.period, safe_cell(r.group), r.events, r.fatalities])
    return buf.getvalue()


def as_json(rows: Iterable[Row], by: str, period: str) -> dict[str, Any]:
    return {"by": by, "period": period,
            "rows": [{"period": r.period, "group": r.group, "events": r.events, "fatalities": r.fatalities}
                     for r in rows]}


def as_png(rows: list[Row], by: str, period: str, top: int = 8) -> bytes:
    """A chart: events per period for the `top` largest groups (the rest summed as "other")."""
    import matplotlib

    matplotlib.use("Agg")  # no display, no GUI toolkit
    import matplotlib.pyplot as plt

    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.group] += r.events
    keep = sorted(totals, key=lambda g: (-totals[g], g))[:top]
    periods = sorted({r.period for r in rows})
    series: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        series[r.group if r.group in keep else "other"][r.period] += r.events
    fig, ax = plt.subplots(figsize=(9, 4.5), dpi=100)
    try:
        for g in keep + (["other"] if "other" in series else []):
            ax.plot(periods, [series[g].get(p, 0) for p in periods], marker="o", label=g)
        ax.set_title(f"Events per {period}, by {by}")
        ax.set_xlabel(period)
        ax.set_ylabel("events")
        if periods:
            ax.legend(fontsize=8, loc="upper left")
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()
    finally:
        plt.close(fig)


def render(rows: list[Row], fmt: str, by: str, period: str) -> bytes:
    if fmt == "csv":
        return as_csv(rows).encode("utf-8")
    if fmt == "json":
        return json.dumps(as_json(rows, by, period), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == "png":
        return as_png(rows, by, period)
    raise ValueError(f"format: one of {', '.join(STAT_FORMATS)}")
