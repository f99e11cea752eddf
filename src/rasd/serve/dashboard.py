"""The analyst dashboard: one static page (map, timeline, filters, evidence) served with the API.

Everything the page needs ships in `static/` (Leaflet, markercluster and Natural Earth
borders vendored from npm by scripts/vendor_web_assets.sh), so it works with no internet.
The page loads every event once from `/dashboard/events.json` (compact rows) and filters
in the browser; details come from the API (`/events/{id}`, `/articles/{id}`).  The page's
code is ES modules in `static/js/` (state and URL, map, timeline, panel, text).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select

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
            EventRow.notes, EventRow.search_text, EventRow.confidence)


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


def compact_events(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        rows = s.execute(select(*_COLUMNS).order_by(EventRow.event_date, EventRow.id)).all()
    return [{"id": r.id, "date": r.event_date.isoformat() if r.event_date else None, "type": r.event_type,
             "sub": r.sub_event_type, "a1": r.actor1, "a2": r.actor2, "admin1": r.admin1, "loc": r.location,
             "loc_ar": r.location_ar, "lat": r.latitude, "lon": r.longitude, "prec": r.geo_precision,
             "fat": r.fatalities, "disputed": bool(r.disputed), "n": r.n_sources,
             "outlets": r.n_outlets, "notes": r.notes,
             "conf": round(r.confidence or 0.0, 3), "text": (r.search_text or "")[:SEARCH_CHARS]} for r in rows]


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
    def dashboard_events() -> JSONResponse:
        return JSONResponse({"events": compact_events(store), "governorates": governorate_labels(),
                             "tiles": tiles, "tiles_attribution": tiles_attribution})
