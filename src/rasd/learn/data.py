"""The labelled training data (`../shared/train` during development: articles.jsonl and
sentences.jsonl, see its README and GUIDE) and the candidates the rules propose on it.

Each candidate is labelled by the labelled sentence its own sentence overlaps most: an
`event` sentence makes it an incident, a `not_event` sentence gives its reason; a candidate
in a sentence the annotators skipped (no violence in it) is not an event ("unlabelled").
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rasd.doc import Article, Doc

FILES = ("articles.jsonl", "sentences.jsonl")


@dataclass
class Labelled:
    start: int
    end: int
    event: bool
    reason: str | None
    types: list[str] = field(default_factory=list)


@dataclass
class TrainingSet:
    articles: list[Article]
    # article id -> its labelled body sentences (titles are not read by the pipeline)
    labels: dict[str, list[Labelled]]
    digest: str  # sha256 over the files, in FILES order
    # article id -> its labelled event mentions, with their happenings (rasd.learn.happenings)
    mentions: dict[str, list[Any]] = field(default_factory=dict)

    def label_of(self, article_id: str, start: int, end: int) -> Labelled | None:
        best, best_overlap = None, 0
        for lab in self.labels.get(article_id, ()):
            overlap = min(end, lab.end) - max(start, lab.start)
            if overlap > best_overlap:
                best, best_overlap = lab, overlap
        return best


def data_digest(root: Path) -> str:
    h = hashlib.sha256()
    for name in FILES:
        h.update((root / name).read_bytes())
    return h.hexdigest()


def load_training_set(root: str | Path) -> TrainingSet:
    from rasd.ingest.readers import Problem, article_from_record

    root = Path(root)
    missing = [n for n in FILES if not (root / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{root}: training data not found (missing {', '.join(missing)})")
    articles: list[Article] = []
    for n, line in enumerate((root / "articles.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = article_from_record(json.loads(line), str(root / "articles.jsonl"), "train", n)
        if isinstance(item, Problem):
            raise ValueError(f"{root / 'articles.jsonl'}:{n}: {item}")
        articles.append(item)
    labels: dict[str, list[Labelled]] = {}
    records: list[dict[str, Any]] = []
    for n, line in enumerate((root / "sentences.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec: dict[str, Any] = json.loads(line)
        records.append(rec)
        if rec.get("in_title") or rec.get("start", -1) < 0:
            continue
        labels.setdefault(rec["article"], []).append(Labelled(
            int(rec["start"]), int(rec["end"]), rec["label"] == "event", rec.get("reason"),
            [e.get("event_type") for e in rec.get("events") or []]))
    from rasd.learn.happenings import mentions_of

    articles.sort(key=lambda a: a.article_id)
    return TrainingSet(articles, labels, data_digest(root), mentions_of(records))


def prepared_docs(articles: Iterable[Article]) -> list[Doc]:
    """The articles through every stage before events (cleaned, split, geoparsed), once."""
    from rasd.pipeline import places_pipeline

    pipe = places_pipeline()
    return [pipe(a) for a in articles]


@dataclass
class CandidateRow:
    article_id: str
    sentence: tuple[int, int]
    features: list[str]
    event: bool
    reason: str  # the labelled not-event reason, "event", or "unlabelled"
    candidate: bool = True  # False: a labelled sentence with no candidate (training only)


class Recorder:
    """A stand-in judge that records every candidate's features and rejects them all."""

    threshold = 0.5
    floor = 0.5

    def __init__(self) -> None:
        self.seen: list[tuple[Doc, Any, list[str]]] = []

    def score(self, doc: Doc, cands: list[Any], reasons: bool = False, only: list[Any] | None = None) -> None:
        from rasd.learn.features import features_of

        for c, feats in zip(cands, features_of(doc, cands)):
            self.seen.append((doc, c, feats))
            c.conf = 0.0

    def decision(self, c: Any, kept: bool) -> dict[str, Any]:
        return {}


def candidate_rows(ts: TrainingSet, docs: list[Doc], sentence_rows: bool = True,
                   typed: bool = True) -> list[CandidateRow]:
    from rasd.extract.events import EventExtractor

    rec = Recorder()
    extractor = EventExtractor(judge=rec, keep_unplaced=True)  # every candidate, placed or not
    for doc in docs:
        extractor(doc)
    rows = []
    covered: set[tuple[str, int]] = set()
    by_doc: dict[int, list[Any]] = {}
    for doc, c, feats in rec.seen:
        covered.add((doc.article.article_id, c.sentence.index))
        by_doc.setdefault(id(doc), []).append(c)
        aid = doc.article.article_id
        lab = ts.label_of(aid, c.sentence.start, c.sentence.end)
        if lab is None:
            rows.append(CandidateRow(aid, (c.sentence.start, c.sentence.end), feats, False, "unlabelled"))
        else:
            # an incident sentence makes an incident of the candidates of a type it reports;
            # a candidate of another type there (a "clash" read into a strike) is not one
            real = lab.event and (not typed or c.event_type in lab.types)
            reason = "event" if real else ("wrong_type" if lab.event else (lab.reason or "other"))
            rows.append(CandidateRow(aid, (c.sentence.start, c.sentence.end), feats, real, reason))
    if sentence_rows:
        rows.extend(uncovered_rows(ts, docs, covered, by_doc))
    return rows


def uncovered_rows(ts: TrainingSet, docs: list[Doc], covered: set[tuple[str, int]],
                   cands_of: dict[int, list[Any]]) -> list[CandidateRow]:
    """Labelled sentences the rules proposed nothing in, as sentence-only training rows:
    they teach the words of statements and summaries, though never scored at run time."""
    from rasd.learn.features import DocContext, sentence_features

    rows = []
    for doc in docs:
        aid = doc.article.article_id
        ctx = DocContext(doc, cands_of.get(id(doc), []))
        for s in doc.sentences:
            if (aid, s.index) in covered:
                continue
            lab = ts.label_of(aid, s.start, s.end)
            if lab is None:
                continue
            feats = ["bias", "no_candidate", *sentence_features(s, ctx)]
            rows.append(CandidateRow(aid, (s.start, s.end), feats, lab.event,
                                     "event" if lab.event else (lab.reason or "other"), candidate=False))
    return rows
