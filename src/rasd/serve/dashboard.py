"""The analyst dashboard: one static page (map, timeline, filters, evidence) served with the API.

Everything the page needs ships in `static/` (Leaflet, markercluster and Natural Earth
borders vendored from npm by scripts/vendor_web_assets.sh), so it works with no internet.
The page loads every event once from `/dashboard/events.json` (compact rows) and filters
in the browser; then it polls `/dashboard/events.json?since=W`, W being the `watermark` of
the previous answer (the latest `updated_at` of any event), which carries only the events
written since (at or after W, so none is missed; the page drops the ones it already has)
and the ids of every event now stored (so events merged away disappear too); details come from the API (`/events/{id}`, `/articles/{id}`).  The page's
code is ES modules in `static/js/` (state and URL, map, timeline, panel, text).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from datetime import datetime

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import func, select

from rasd.lexicon import load_lexicon
from rasd.store.database import Store
from rasd.store.models import EventRow

STATIC = resources.files("rasd") / "serve" / "static"
# Characters of an event's search text sent to the page (enough for notes and evidence).
SEARCH_CHARS = 600

_COLUMNS = (EventRow.id, EventRow.event_date, EventRow.event_type, EventRow.sub_event_type, EventRow.actor1,
            EventRow.actor2, EventRow.admin1, EventRow.location, EventRow.location_ar, EventRow.latitude,
            EventRow.longitude, EventRow.geo_precision, EventRow.fatalities, EventRow.disputed, EventRow.n_sources,
            EventRow.n_outlets,
            EventRow.notes, EventRow.search_text, EventRow.confidence, EventRow.updated_at)


@lru_cache(maxsize=1)
def governorate_labels() -> list[dict[str, Any]]:
    """Syria's governorates at their seats, for map labels (the base layer has no admin outlines)."""
    from rasd.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    out = []
    for gov in load_lexicon("places")["governorates"].values():
        seat = gaz.governorate(gov["en"])
        if seat is not None:
            out.append({"name": gov["en"], "name_ar": gov["ar"][0], "lat": seat.lat, "lon": seat.lon})
    return out


def compact_events(store: Store, since: datetime | None = None) -> list[dict[str, Any]]:
    """Every event (or those written at or after `since`), compact, oldest first."""
    query = select(*_COLUMNS).order_by(EventRow.event_date, EventRow.id)
    if since is not None:
        query = query.where(EventRow.updated_at >= since)
    with store.session() as s:
        rows = s.execute(query).all()
    return [{"id": r.id, "date": r.event_date.isoformat() if r.event_date else None, "type": r.event_type,
             "sub": r.sub_event_type, "a1": r.actor1, "a2": r.actor2, "admin1": r.admin1, "loc": r.location,
             "loc_ar": r.location_ar, "lat": r.latitude, "lon": r.longitude, "prec": r.geo_precision,
             "fat": r.fatalities, "disputed": bool(r.disputed), "n": r.n_sources,
             "outlets": r.n_outlets, "notes": r.notes,
             "conf": round(r.confidence or 0.0, 3), "text": (r.search_text or "")[:SEARCH_CHARS],
             "ts": r.updated_at.isoformat() if r.updated_at else None} for r in rows]


def watermark(store: Store) -> str | None:
    """The latest write to any event: what the page passes back as `since`."""
    with store.session() as s:
        latest = s.execute(select(func.max(EventRow.updated_at))).scalar()
    return latest.isoformat() if latest else None


def event_ids(store: Store) -> list[int]:
    with store.session() as s:
        return list(s.execute(select(EventRow.id).order_by(EventRow.id)).scalars())


def mount_dashboard(app: FastAPI, store: Store, *, tiles: str | None = None,
                    tiles_attribution: str | None = None) -> None:
    """Serve the page at `/`, its assets at `/static`, its data at `/dashboard/events.json`.

    `tiles` is an optional tile-server URL template (e.g. for deployments with internet);
    without it the base layer is the vendored country borders and governorate labels.
    """
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(STATIC / "index.html"), media_type="text/html")

    @app.get("/dashboard/events.json", tags=["dashboard"], summary="Every event, compact, for the dashboard")
    def dashboard_events(since: str | None = Query(
            None, max_length=40, description="A `watermark` from an earlier answer: only the events written "
                                             "since, and the ids of every stored event (live updates).")
    ) -> JSONResponse:
        mark = watermark(store)  # read first: a write after it comes again in the next poll
        if since is None:
            return JSONResponse({"events": compact_events(store), "watermark": mark,
                                 "governorates": governorate_labels(),
                                 "tiles": tiles, "tiles_attribution": tiles_attribution})
        try:
            when = datetime.fromisoformat(since)
        except ValueError:
            raise HTTPException(422, "since: not an ISO date-time (use the watermark of an earlier answer)")
        return JSONResponse({"events": compact_events(store, when), "watermark": mark, "since": since,
                             "ids": event_ids(store)})
