"""The objects that flow through the pipeline.

An `Article` is what ingestion read; its `text` is never modified, so every span
that later stages produce is a `(start, end)` pair into it.  A `Doc` wraps the
article and collects what each stage adds (kept passages, sentences, place
mentions, events), the way a spaCy `Doc` collects annotations from components.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from rasd.text.offsets import norm_range, original_span

if TYPE_CHECKING:
    from rasd.text.normalize import LetterIndex


@dataclass
class Article:
    """One article as read from its source, text untouched."""

    article_id: str
    text: str
    title: str | None = None
    published: date | None = None
    # where `published` came from: "metadata", "dateline" or None when unknown
    published_from: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None  # the file it came from (with ":line" for JSONL)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A labelled stretch of the original text."""

    start: int
    end: int
    label: str = ""


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # original[start:end]
    norm: str  # normalised for matching (see text.normalize)
    # norm index -> original offset (len(norm)+1 entries, last one == end)
    offsets: list[int] = field(repr=False, default_factory=list)
    index: int = 0  # position among the doc's kept sentences
    paragraph: int = 0

    def original_span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Map a [nstart, nend) range of `norm` back to original offsets."""
        return original_span(self.offsets, nstart, nend)


@dataclass
class PlaceMention:
    """A toponym in the text and, when resolved, the gazetteer place it names."""

    start: int
    end: int
    text: str  # as written in the original text
    name: str | None = None  # English name of the resolved place
    name_ar: str | None = None  # Arabic name of the place as mentioned (location_ar)
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    country: str | None = None
    iso: int | None = None
    geo_precision: int | None = None  # ACLED: 1 town, 2 near/part of region, 3 larger area
    gazetteer_id: str | None = None
    resolved: bool = False
    feature: str | None = None  # gazetteer feature code (PPL, ADM1, ...)
    cue: str | None = None  # the cue word that marked it (قرية، بلدة ...), if any
    score: float = 0.0
    sentence: int = -1  # index of the sentence it lies in
    # True when the name itself is not in the gazetteer and the point is that of the
    # enclosing area or nearby town the text situates it in (ACLED-style fallback)
    fallback: bool = False


@dataclass
class Doc:
    """An article plus everything the stages found in it."""

    article: Article
    # (start, end) of passages kept after cleaning, in text order
    passages: list[tuple[int, int]] = field(default_factory=list)
    # (start, end, reason) of what cleaning dropped
    dropped: list[tuple[int, int, str]] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # the whole text normalised once (see text.normalize), with its offset map
    norm: str = field(default="", repr=False)
    norm_offsets: list[int] = field(default_factory=list, repr=False)
    # the letters of `norm` (rasd.text.normalize.LetterIndex): passage identity, set by `clean`
    letters: LetterIndex | None = field(default=None, repr=False)
    # what the batch's `render` made of this doc (e.g. output lines), where the doc was made
    rendered: Any = field(default=None, repr=False)
    # with --explain: the judge's decision on every candidate event (kept or dropped, and why)
    decisions: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)
    # name -> its resolved mention, kept by the event stage's place picker (with len(places))
    place_names: tuple[int, dict[str, PlaceMention]] | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    def norm_range(self, start: int, end: int) -> tuple[int, int]:
        """The [start, end) range of original text as a range of `norm`."""
        return norm_range(self.norm_offsets, start, end)

    def cleaned_text(self) -> str:
        """What the extractor reads: the kept sentences, paragraph by paragraph, each
        distinct passage once (paragraphs separated by a blank line)."""
        paras: list[list[str]] = []
        last = None
        for s in self.sentences:
            if s.paragraph != last:
                paras.append([])
                last = s.paragraph
            paras[-1].append(s.text)
        return "\n\n".join(" ".join(p) for p in paras)


@dataclass
class Evidence:
    """A stretch of the original text that supports an event: text == original[start:end]."""

    text: str
    start: int
    end: int


@dataclass
class Event:
    """One event in the output contract (ACLED column names where ACLED has them).

    See `rasd/data/schema/event.schema.json` and README "Output fields".
    """

    event_id: str
    article_id: str
    event_date: str | None = None  # ISO date; None when neither text nor metadata fixes it
    time_precision: int | None = None  # ACLED: 1 day, 2 week, 3 month
    disorder_type: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None  # "Civilian targeting" or None
    country: str | None = None
    iso: int | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    source: str | None = None
    notes: str = ""
    fatalities: int | None = None
    tags: str = ""
    # Rasd's own fields
    injured: int | None = None
    location_ar: str | None = None
    actor1_ar: str | None = None
    actor2_ar: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    published: str | None = None
    url: str | None = None
