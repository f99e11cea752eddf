"""The API's response models (OpenAPI), built from the output contract's dataclasses."""
from __future__ import annotations

from datetime import date
from typing import Any, get_type_hints

from pydantic import BaseModel, Field, create_model

from rasd.doc import Event
from rasd.output.contract import FIELDS

class EvidenceOut(BaseModel):
    text: str
    start: int
    end: int


_hints = get_type_hints(Event)
_contract = {name: (list[EvidenceOut] if name == "evidence" else _hints[name], ...) for name in FIELDS}
# the store's ACLED columns (rasd.store.records.acled_fields), then reports and outlets apart
_store = dict(event_id_cnty=(str | None, Field(description="ACLED's country event id (SYR + 12 digits), stable: "
                                                            "derived from the event's first report.")),
              source_scale=(str | None, Field(description="ACLED's source scale of the outlets (Regional, "
                                                           "International, ...), null when none is known.")),
              timestamp=(int | None, Field(description="Last change of the event, Unix seconds (as ACLED).")),
              n_reports=(int, Field(description="Reports: distinct articles.")),
              n_outlets=(int, Field(description="Distinct outlets of those reports (source, else URL host).")))
EventOut = create_model("EventOut", __doc__="A merged event: the output contract plus how many sources report it.",
                        **_contract, **_store, n_sources=(int, Field(description="Reports (same as n_reports).")),
                        disputed=(bool, ...), disputed_fields=(list[str], ...))

_report = {name: (_hints[name], ...) for name in FIELDS if name not in ("event_id", "article_id", "evidence")}
ReportOut = create_model("ReportOut", __doc__="One source's report (claim) of an event, with why it was merged.",
                         report_id=(str, ...), article=(int, ...), article_id=(str, ...), **_report,
                         evidence=(list[EvidenceOut], ...), merge_reason=(dict[str, Any] | None, ...))


class EventDetail(EventOut):  # type: ignore[misc,valid-type]
    sources: list[ReportOut]  # type: ignore[valid-type]


class EventPage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[EventOut]  # type: ignore[valid-type]


class ArticleOut(BaseModel):
    id: int
    article_id: str
    title: str | None
    source: str | None
    url: str | None
    published: date | None
    n_events: int


class Highlight(BaseModel):
    start: int
    end: int
    event: int | None = Field(description="Id of the merged event this evidence supports.")
    report_id: str
    event_type: str | None
    sub_event_type: str | None


class ArticleDetail(ArticleOut):
    text: str
    highlights: list[Highlight]


class ArticlePage(BaseModel):
    total: int
    page: int
    page_size: int
    items: list[ArticleOut]


class IngestResult(BaseModel):
    article: int
    status: str = Field(description="new, updated, unchanged or duplicate (same text stored already)")
    events: list[int]


class Health(BaseModel):
    status: str
    version: str
    database: str
    articles: int
    events: int
