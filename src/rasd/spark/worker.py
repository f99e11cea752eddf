"""What runs on the executors: records in, contract rows out.

The pipeline (lexicon automata, gazetteer) takes a second or more to build and far more
to pickle, so it is never shipped from the driver: `executor_pipeline()` builds it the
first time a Python worker needs it and keeps it in this module for every later task
that worker runs (Spark reuses Python workers between tasks by default). Functions in
this module are pickled by reference (module + name), so the driver's copy of
`_pipeline`, which stays None, never travels.
"""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any, Callable, Iterable, Iterator, Protocol

from rasd.doc import Article
from rasd.ingest.decode import looks_binary
from rasd.ingest.readers import Item, Problem, article_from_record, parse_jsonl_line
from rasd.output.contract import event_record
from rasd.pipeline import Pipeline, full_pipeline
from rasd.spark.counters import ARTICLES, EVENTS, EXTRACTION_ERROR, MAX_EXAMPLES, SKIP, problem_reason

_pipeline: Pipeline | None = None
_row: Callable[[dict[str, Any]], tuple] | None = None
_lock = threading.Lock()


class Adder(Protocol):
    """What the partition function reports to: a Spark accumulator (or a test's stand-in)."""

    def add(self, value: Any) -> None: ...


def executor_pipeline() -> Pipeline:
    """The full pipeline of this Python process, built on first use."""
    global _pipeline
    if _pipeline is None:
        with _lock:  # cheap insurance should a worker ever run tasks on threads
            if _pipeline is None:
                _pipeline = full_pipeline()
    return _pipeline


def _row_builder() -> Callable[[dict[str, Any]], tuple]:
    global _row
    if _row is None:
        from rasd.spark.schema import row_builder  # pyspark types: only where rows are built

        _row = row_builder()
    return _row


def to_item(payload: Any, where: str, stem: str, n: int) -> Item | None:
    """One input record as an Article or a Problem (None for a blank JSON Lines line).

    `payload` is the raw bytes of a JSON Lines line or the dict of a Parquet row; `n`
    is its 1-based position in the input, as `rasd extract` numbers lines.
    """
    if isinstance(payload, (bytes, bytearray)):
        raw = bytes(payload)
        if not raw.strip():
            return None
        if n == 1 and looks_binary(raw):  # as read_jsonl: a binary first line means no JSONL at all
            return Problem(where, "binary file, not JSON Lines")
        return parse_jsonl_line(raw, where, stem, n)
    return article_from_record(payload, where, stem, n)


def extract_partition(items: Iterable[tuple[Any, int]], *, where: str, stem: str, counts: Adder,
                      examples: Adder) -> Iterator[tuple]:
    """mapPartitions function: (record, 0-based index) pairs in, output rows out.

    A bad record or an article whose extraction raises is counted and skipped; it never
    fails the task. Counts are added to the accumulators once, when the partition ends.
    """
    pipeline = executor_pipeline()
    row = _row_builder()
    tally: Counter = Counter()
    seen: list[str] = []
    try:
        for payload, index in items:
            item = to_item(payload, where, stem, index + 1)
            if item is None:
                continue
            if isinstance(item, Problem):
                tally[SKIP + problem_reason(item)] += 1
                if len(seen) < MAX_EXAMPLES:
                    seen.append(str(item))
                continue
            assert isinstance(item, Article)
            try:
                doc = pipeline(item)
                rows = [row(event_record(e)) for e in doc.events]
            except Exception as exc:  # one broken article must not stop the job
                tally[SKIP + EXTRACTION_ERROR] += 1
                if len(seen) < MAX_EXAMPLES:
                    seen.append(f"{item.path or item.article_id}: {EXTRACTION_ERROR}: {type(exc).__name__}: {exc}")
                continue
            tally[ARTICLES] += 1
            tally[EVENTS] += len(rows)
            yield from rows
    finally:
        pipeline.flush()
        counts.add(dict(tally))
        examples.add(seen)
