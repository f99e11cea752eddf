"""`GET /stats`: events and fatalities per week or month, grouped (rasd.store.stats)."""

from enum import Enum
from typing import Annotated, Any, Callable

from fastapi import Depends, FastAPI, Query, Response
from fastapi.responses import JSONResponse

from rasd.store.database import Store
from rasd.store.queries import EventFilter
from rasd.store.stats import as_json, render, stats

By = Enum("By", {v: v for v in ("admin1", "admin2", "type", "actor")})
Period = Enum("Period", {v: v for v in ("week", "month")})
StatFormat = Enum("StatFormat", {v: v for v in ("json", "csv", "png")})
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8", "png": "image/png"}


def mount_stats(app: FastAPI, store: Store, event_filter: Callable[..., EventFilter]) -> None:
    @app.get("/stats", tags=["events"], response_class=Response,
             responses={200: {"content": {"application/json": {}, "text/csv": {}, "image/png": {}},
                              "description": "Rows of period, group, events, fatalities (or their chart)"}})
    def stats_endpoint(f: Annotated[EventFilter, Depends(event_filter)],
                       by: Annotated[By, Query(description="Group by governorate, district, event type or actor "
                                                           "(an event counts for each actor it names).")] = By.admin1,  # type: ignore[attr-defined]
                       period: Annotated[Period, Query(description="week (from Monday) or month.")] = Period.month,  # type: ignore[attr-defined]
                       format: Annotated[StatFormat, Query(description="json, csv, or png (a chart).")]  # noqa: A002
                       = StatFormat.json) -> Any:  # type: ignore[attr-defined]
        """Events and fatalities per week or month matching the filters of /events, grouped."""
        with store.session() as s:
            rows = stats(s, f, by.value, period.value)
        if format.value == "json":
            return JSONResponse(as_json(rows, by.value, period.value))
        return Response(render(rows, format.value, by.value, period.value), media_type=MEDIA[format.value])
