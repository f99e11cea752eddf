"""The HTTP API (FastAPI): read events and articles, export them, ingest new articles.

Reading is open; writing (POST /articles, DELETE /articles/{id}) needs the token the
server was started with (`--token` or RASD_TOKEN), sent as `Authorization: Bearer
TOKEN` or `X-Rasd-Token: TOKEN`.  Without a configured token the server refuses every
write.  Query parameters and bodies are validated by Pydantic (4xx with the reason);
filters are bound SQLAlchemy expressions (see rasd.store.queries), never SQL text.
"""
from __future__ import annotations

import io
import math
import re
import secrets
import threading
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Annotated, Any, Iterator

from fastapi import Depends, FastAPI, Header, HTTPException, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, select

import rasd
from rasd.doc import Article, Doc
from rasd.output.contract import event_schema
from rasd.output.writers import EventWriter
from rasd.serve.extraction import (DEFAULT_BUDGET, DEFAULT_WORKERS, ExtractionBusy, ExtractionError,
                                   ExtractionPool)
from rasd.serve.docs import mount_docs
from rasd.serve.params import unknown_query_parameters
from rasd.serve.schemas import ArticleDetail, ArticlePage, EventDetail, EventPage, Health, IngestResult
from rasd.serve.middleware import BodyLimit, SecurityHeaders, content_security_policy
from rasd.store.database import Store
from rasd.store.ingest import store_doc
from rasd.store.models import ArticleRow, EventRow
from rasd.store.queries import (EventFilter, as_event, count_events, find_event, iter_events, list_events,
                                query_words, snapshot)
from rasd.store.records import acled_fields, article_json, event_json

MAX_PAGE_SIZE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BODY_BYTES = 2 * 1024 * 1024  # one article with room to spare
MAX_TEXT_CHARS = 500_000
MAX_INT = 2**31 - 1  # ids and counts beyond PostgreSQL's integer are refused, not passed to the database
# Publication dates outside this range are typos or junk, and dates computed from them overflow.
PUBLISHED_MIN = date(1990, 1, 1)
PUBLISHED_AHEAD = timedelta(days=2)  # time zones and scheduled posts, no more
# Lone UTF-16 surrogates: a JSON escape can carry one ("\ud800"), UTF-8 cannot store or send it.
SURROGATE = re.compile("[\ud800-\udfff]")

# ACLED's vocabularies, from the output schema, as enums (they document the API too).
EventType = Enum("EventType", {v: v for v in event_schema()["properties"]["event_type"]["enum"] if v})
SubEventType = Enum("SubEventType", {v: v for v in event_schema()["properties"]["sub_event_type"]["enum"] if v})


class ArticleIn(BaseModel):
    """An article to extract and store (the fields of a JSON Lines input record)."""

    id: str | None = Field(None, max_length=512, description="Article id; default: derived from the text hash.")
    title: str | None = Field(None, max_length=2000)
    text: str = Field(..., min_length=1, max_length=MAX_TEXT_CHARS, description="Arabic article text.")
    published: date | None = None
    source: str | None = Field(None, max_length=256)
    url: str | None = Field(None, max_length=2048)

    @field_validator("id", "title", "text", "source", "url")
    @classmethod
    def _no_nul(cls, v: str | None) -> str | None:
        if v is not None and "\x00" in v:
            raise ValueError("must not contain NUL characters")
        if v is not None and SURROGATE.search(v):
            raise ValueError("must not contain lone surrogates (\\ud800-\\udfff escapes): not valid Unicode text")
        return v

    @field_validator("published")
    @classmethod
    def _plausible(cls, v: date | None) -> date | None:
        latest = datetime.now(timezone.utc).date() + PUBLISHED_AHEAD
        if v is not None and not PUBLISHED_MIN <= v <= latest:
            raise ValueError(f"implausible publication date {v.isoformat()}: "
                             f"must be between {PUBLISHED_MIN.isoformat()} and {latest.isoformat()}")
        return v


# ---- request helpers ----------------------------------------------------------------------

# PostgreSQL refuses NUL characters in text: they are a 422 here, not a 500 there.
NO_NUL = r"^[^\x00]*$"
TextQuery = Annotated[str | None, Query(max_length=200, pattern=NO_NUL)]


def event_filter(
    date_from: Annotated[date | None, Query(description="Events on or after this date (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(description="Events on or before this date.")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat",
                                      examples=["35.5,35.0,37.0,36.5"])] = None,
    admin1: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description=(
        "Governorate in any spelling (English, Arabic or ACLED's: Idlib = Idleb = إدلب); events carry "
        "ACLED's spelling."))] = None,
    admin2: Annotated[str | None, Query(max_length=200, pattern=NO_NUL, description=(
        "District in any spelling (Harem = Harim = حارم)."))] = None,
    event_type: Annotated[EventType | None, Query()] = None,  # type: ignore[valid-type]
    sub_event_type: Annotated[SubEventType | None, Query()] = None,  # type: ignore[valid-type]
    actor: TextQuery = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_INT)] = None,
    min_confidence: Annotated[float | None, Query(
        ge=0, le=1, description="Only events at least this likely to have happened (0..1): the event judge's "
                                "calibrated probability; at 0.8, events are real about 8 times in 10.")] = None,
    disputed: Annotated[bool | None, Query(description="Only events whose sources disagree (true) or agree.")] = None,
    multi_source: Annotated[bool | None, Query(description="Only events with more than one source (true).")] = None,
    q: TextQuery = None,
    inter1: Annotated[int | None, Query(ge=0, le=8, description=(
        "ACLED interaction code of actor1: 1 state forces, 2 rebels, 3 political militias, 4 identity militias, "
        "5 rioters, 6 protesters, 7 civilians, 8 external/other forces."))] = None,
    inter2: Annotated[int | None, Query(ge=0, le=8, description="ACLED interaction code of actor2.")] = None,
    interaction: Annotated[int | None, Query(ge=0, le=88, description=(
        "ACLED interaction: the two codes, lower first (12: state forces vs rebels)."))] = None,
    multi_outlet: Annotated[bool | None, Query(description="Only events reported by more than one outlet (true).")]
    = None,
) -> EventFilter:
    box = None
    admin1, admin2, actor = admin1 or None, admin2 or None, actor or None
    q = q if query_words(q) else None  # e.g. only tatweel: no query, not a filter on nothing
    if bbox is not None:
        try:
            parts = [float(x) for x in bbox.split(",")]
        except ValueError:
            parts = []
        if len(parts) != 4 or not all(math.isfinite(p) for p in parts):
            raise HTTPException(422, "bbox: four finite numbers, min_lon,min_lat,max_lon,max_lat")
        if not (-180 <= parts[0] <= 180 and -180 <= parts[2] <= 180 and -90 <= parts[1] <= 90
                and -90 <= parts[3] <= 90):
            raise HTTPException(422, "bbox: longitudes within -180..180, latitudes within -90..90")
        box = tuple(parts)
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, "date_from is after date_to")
    return EventFilter(date_from=date_from, date_to=date_to, bbox=box, admin1=admin1, admin2=admin2,  # type: ignore[arg-type]
                       event_type=event_type.value if event_type else None,
                       sub_event_type=sub_event_type.value if sub_event_type else None, actor=actor,
                       min_fatalities=min_fatalities, min_confidence=min_confidence, disputed=disputed,
                       multi_source=multi_source, q=q, inter1=inter1, inter2=inter2, interaction=interaction,
                       multi_outlet=multi_outlet)


Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (at most {MAX_PAGE_SIZE}).")]


# ---- the application -------------------------------------------------------------------------

def create_app(store: Store, *, token: str | None = None, max_body: int = MAX_BODY_BYTES,
               dashboard: bool = True, tiles: str | None = None, extract_workers: int = DEFAULT_WORKERS,
               extract_budget: float = DEFAULT_BUDGET) -> FastAPI:
    """The API over `store`; writes need `token` (none: writes are refused).

    With `dashboard`, the analyst page is served at `/` (see rasd.serve.dashboard);
    `tiles` is an optional tile-server URL template for its base map.  POSTed articles
    are extracted by `extract_workers` processes, at most `extract_budget` seconds each.
    """
    extraction = ExtractionPool(extract_workers, extract_budget)  # its processes start at the first POST

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        extraction.close()

    app = FastAPI(
        title="Rasd API", version=rasd.__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        dependencies=[Depends(unknown_query_parameters)],  # /events?country=Syria is a 422, not every event
        description="Events extracted from Arabic conflict news, merged across sources, with evidence. "
                    "Reading is open; POST/DELETE need the server's token (Authorization: Bearer …).",
    )
    app.state.extraction = extraction
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(tiles))  # outermost: on 413s too
    write_lock = threading.Lock()  # one writer at a time: merging reads what the last write left

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own handler echoes the input, and a lone surrogate in it cannot be encoded
        not_an_object = body_not_an_object(request, exc.errors())
        if not_an_object:
            return JSONResponse({"detail": not_an_object}, status_code=422)
        return JSONResponse({"detail": _printable(jsonable_encoder(exc.errors()))}, status_code=422)

    def require_token(authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
                      x_rasd_token: Annotated[str | None, Header(description="The write token.")] = None) -> None:
        sent = x_rasd_token
        if sent is None and authorization and authorization.lower().startswith("bearer "):
            sent = authorization[7:].strip()
        if not sent:
            raise HTTPException(401, "writes need a token: Authorization: Bearer TOKEN",
                                headers={"WWW-Authenticate": "Bearer"})
        if token is None:
            raise HTTPException(403, "this server accepts no writes (started without a token)")
        if not secrets.compare_digest(sent.encode("utf-8", "replace"), token.encode("utf-8")):
            raise HTTPException(403, "wrong token")

    @app.get("/health", response_model=Health, tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness and counts; 503 when the database is damaged or does not answer."""
        problem = store.health()
        if problem:
            raise HTTPException(503, f"database: {problem}")
        with store.session() as s:
            return {"status": "ok", "version": rasd.__version__, "database": store.engine.dialect.name,
                    "articles": s.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                    "events": s.scalar(select(func.count()).select_from(EventRow)) or 0}

    @app.get("/events", response_model=EventPage, tags=["events"])
    def events(f: Annotated[EventFilter, Depends(event_filter)], page: Page = 1,
               page_size: PageSize = 50) -> dict[str, Any]:
        """Merged events matching the filters, newest first."""
        with store.session() as s:
            total = count_events(s, f)
            rows = list_events(s, f, page_size, (page - 1) * page_size)
            return {"total": total, "page": page, "page_size": page_size,
                    "items": [event_json(e, sources=False) for e in rows]}

    @app.get("/events/{event_id}", response_model=EventDetail, tags=["events"],
             responses={404: {"description": "No such event"}})
    def event(event_id: Annotated[str, Path(min_length=1, max_length=600,
                                            description="The store's id, or an event id as extracted")]) -> dict[str, Any]:
        """One event with every source's report, its evidence and why it was merged."""
        with store.session() as s:
            e = find_event(s, event_id)
            if e is None:
                raise HTTPException(404, f"no event {event_id}")
            return event_json(e)

    @app.get("/articles", response_model=ArticlePage, tags=["articles"])
    def articles(page: Page = 1, page_size: PageSize = 50,
                 source: TextQuery = None,
                 published_from: date | None = None, published_to: date | None = None) -> dict[str, Any]:
        """Stored articles, newest first."""
        stmt = select(ArticleRow)
        if source:
            stmt = stmt.where(ArticleRow.source == source)
        if published_from:
            stmt = stmt.where(ArticleRow.published >= published_from)
        if published_to:
            stmt = stmt.where(ArticleRow.published <= published_to)
        with store.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = s.scalars(stmt.order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.id)
                             .limit(page_size).offset((page - 1) * page_size))
            return {"total": total, "page": page, "page_size": page_size, "items": [article_json(a) for a in rows]}

    @app.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"],
             responses={404: {"description": "No such article"}})
    def article(article_id: Annotated[int, Path(ge=1, le=MAX_INT)]) -> dict[str, Any]:
        """One article: its original text and, as offsets into it, the evidence of each event."""
        with store.session() as s:
            a = s.get(ArticleRow, article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            return article_json(a, text=True)

    @app.post("/articles", response_model=IngestResult, status_code=201, tags=["articles"],
              dependencies=[Depends(require_token)],
              responses={401: {"description": "No token"}, 403: {"description": "Wrong token or writes off"},
                         413: {"description": "Body too large"}})
    def post_article(body: ArticleIn, response: Response) -> dict[str, Any]:
        """Extract events from one article, store it and merge its events (needs the token)."""
        from rasd.ingest.readers import MIN_ARABIC_SHARE
        from rasd.store.ingest import UNCHANGED, DUPLICATE, content_hash
        from rasd.text.normalize import arabic_share

        if not body.text.strip():
            raise HTTPException(422, "text: empty")
        if arabic_share(body.text) < MIN_ARABIC_SHARE:
            raise HTTPException(422, "text: no Arabic text (Rasd reads Arabic articles)")
        art = Article(article_id=body.id or f"api-{content_hash(body.text)[:16]}", text=body.text, title=body.title,
                      published=body.published, published_from="metadata" if body.published else None,
                      source=body.source, url=body.url, path="<api>")
        try:
            extracted = extraction.extract(art)  # in a worker process: a slow article holds no other request
        except ExtractionBusy as exc:
            raise HTTPException(503, str(exc), headers={"Retry-After": "10"}) from None
        except ExtractionError as exc:
            raise HTTPException(422, f"text: {exc}") from None
        doc = Doc(art, events=extracted)
        with write_lock, store.session() as s, s.begin():
            status, row = store_doc(s, doc)
            events = sorted({c.event_id for c in row.claims if c.event_id is not None})
            rid = row.id
        if status in (UNCHANGED, DUPLICATE):
            response.status_code = 200
        return {"article": rid, "status": status, "events": events}

    @app.delete("/articles/{article_id}", status_code=204, tags=["articles"], dependencies=[Depends(require_token)],
                responses={401: {"description": "No token"}, 403: {"description": "Wrong token or writes off"},
                           404: {"description": "No such article"}})
    def delete_article(article_id: Annotated[int, Path(ge=1, le=MAX_INT)]) -> Response:
        """Remove an article; the events it supported are re-merged without it (needs the token)."""
        from rasd.store.ingest import remove_article

        with write_lock, store.session() as s, s.begin():
            a = s.get(ArticleRow, article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id}")
            remove_article(s, a)
        return Response(status_code=204)

    def export(fmt: str, media: str, f: EventFilter) -> StreamingResponse:
        def chunks() -> Iterator[str]:
            buf = io.StringIO()
            writer = EventWriter(buf, fmt)
            with snapshot(store.engine) as s:  # one consistent set, even while an ingest merges
                for row in iter_events(s, f):
                    writer.write(as_event(row), acled_fields(row))
                    if buf.tell() > 64_000:
                        yield buf.getvalue()
                        buf.seek(0)
                        buf.truncate()
            writer.close()
            yield buf.getvalue()

        name = {"csv": "events.csv", "geojson": "events.geojson", "jsonl": "events.jsonl"}[fmt]
        return StreamingResponse(chunks(), media_type=media,
                                 headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/export.csv", tags=["export"], response_class=StreamingResponse,
             responses={200: {"content": {"text/csv": {}}, "description": "ACLED-ordered CSV"}})
    def export_csv(f: Annotated[EventFilter, Depends(event_filter)]):
        """Every event matching the filters as ACLED-ordered CSV."""
        return export("csv", "text/csv; charset=utf-8", f)

    @app.get("/export.xlsx", tags=["export"], response_class=Response,
             responses={200: {"content": {XLSX: {}}, "description": "Excel workbook, ACLED's columns"}})
    def export_xlsx(f: Annotated[EventFilter, Depends(event_filter)]) -> Response:
        """Every event matching the filters as an Excel workbook (the CSV's columns; no cell is a formula)."""
        from rasd.output.xlsx import XlsxWriter

        buf = io.BytesIO()
        writer = XlsxWriter(buf)
        with snapshot(store.engine) as s:
            for row in iter_events(s, f):
                writer.write(as_event(row), acled_fields(row))
        writer.close()
        return Response(buf.getvalue(), media_type=XLSX,
                        headers={"Content-Disposition": 'attachment; filename="events.xlsx"'})

    @app.get("/export.geojson", tags=["export"], response_class=StreamingResponse,
             responses={200: {"content": {"application/geo+json": {}}, "description": "GeoJSON FeatureCollection"}})
    def export_geojson(f: Annotated[EventFilter, Depends(event_filter)]):
        """Every event matching the filters as a GeoJSON FeatureCollection."""
        return export("geojson", "application/geo+json", f)

    @app.get("/export.jsonl", tags=["export"], response_class=StreamingResponse,
             responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines"}})
    def export_jsonl(f: Annotated[EventFilter, Depends(event_filter)]):
        """Every event matching the filters as JSON Lines (the output contract)."""
        return export("jsonl", "application/x-ndjson", f)

    @app.get("/feeds/events.atom", tags=["export"], response_class=Response,
             responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}})
    def events_atom(request: Request, f: Annotated[EventFilter, Depends(event_filter)],
                    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Entries at most.")] = 50) -> Response:
        """The merged events matching the filters (the same as /events) as an Atom feed, newest first."""
        from rasd.watch.atom import events_feed

        with store.session() as s:
            body = events_feed(list_events(s, f, limit), base=str(request.base_url).rstrip("/"), self_url=str(request.url))
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    from rasd.serve.stats import mount_stats

    mount_stats(app, store, event_filter)
    mount_docs(app, app.title)
    if dashboard:
        from rasd.serve.dashboard import mount_dashboard

        mount_dashboard(app, store, tiles=tiles)
    return app



ARTICLE_FIELDS = '{"text": "...", "title": ..., "published": "YYYY-MM-DD", "source": ..., "url": ..., "id": ...}'


def body_not_an_object(request: Request, errors: Any) -> str | None:
    """One clear sentence when a POSTed body is not a JSON object at all (an HTML page, plain
    text, broken JSON), instead of pydantic's error list echoing the body back."""
    whole = [e for e in errors if tuple(e.get("loc", ()))[:1] == ("body",) and len(e.get("loc", ())) <= 2
             and e.get("type") in ("model_attributes_type", "json_invalid", "dict_type")]
    if request.method != "POST" or not whole:
        return None
    kind = (request.headers.get("content-type") or "no content type").split(";")[0].strip()
    sent = "an HTML page" if "html" in kind else "broken JSON" if whole[0]["type"] == "json_invalid" else kind
    return (f"the body must be a JSON object (Content-Type: application/json) such as {ARTICLE_FIELDS}; "
            f"this one is {sent}. To store a web page, send its article text as \"text\", or save it as "
            ".html and run `rasd ingest`, which extracts the main text.")


def _printable(value: Any) -> Any:
    """`value` with every lone surrogate replaced by U+FFFD, so that it can be sent as UTF-8."""
    if isinstance(value, str):
        return SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    return value
