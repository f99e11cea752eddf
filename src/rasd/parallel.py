"""Running a pipeline in worker processes, results in input order.

The workers are forked after the pipeline is built, so lexicon automata and the
gazetteer index are shared copy-on-write instead of pickled or rebuilt.  Articles go
out in chunks (one round trip per chunk, not per article) and only what the caller
reads comes back: the places and events, not the sentences and offset maps.  The
article itself never travels back: the parent still holds it.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Union

from rasd.doc import Article, Doc, Event, PlaceMention
from rasd.pipeline import COLLECT_EVERY, Pipeline

# Articles per round trip: large enough that pickling and queueing are noise, small
# enough that a progress bar moves and little is lost when a run is stopped.
CHUNK = 32

# Made from a finished Doc in the worker, for the caller (e.g. the output lines of its events).
Render = Callable[[Doc], Any]
# What a worker hands back for one article: its places, events and rendering, or the error it raised.
Result = Union[tuple[list[PlaceMention], list[Event], Any], tuple[str, str]]

# The worker's own state, set by `start_worker` when the process starts.
_pipeline: Pipeline | None = None
_render: Render | None = None
_done = 0  # articles since the last collection, in this worker


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# `--workers N` of `rasd extract` and `rasd ingest` alike: N processes extract, 1 means this
# process does (no fork), 0 means one per core.
WORKERS_HELP = "Extraction processes: 1 extracts in this process, N > 1 forks N, 0 forks one per core."


def extraction_processes(workers: int) -> int:
    """How many processes extract for `--workers workers` (0: one per core)."""
    return cpu_count() if workers == 0 else max(1, workers)


def start_worker(pipeline: Pipeline, render: Render | None = None) -> None:
    """Initializer of a forked extraction worker (also `rasd ingest`'s): keep the pipeline
    the parent built, and die with the parent."""
    global _pipeline, _render
    _pipeline, _render = pipeline, render
    try:  # Linux: a worker dies with its parent (a killed run leaves no orphans)
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def extract_events(article: Article) -> list[Event]:
    """One article's events, in a worker started by `start_worker` (`rasd ingest`'s unit)."""
    assert _pipeline is not None
    events = _pipeline(article).events
    _pipeline.flush()  # a forked worker never runs atexit hooks (no-op when nothing is buffered)
    return events


def _run_chunk(articles: list[Article]) -> list[Result]:
    global _done
    assert _pipeline is not None
    # the collector is paused in the parent when it forks (pipeline.batch_gc): collect now and then
    _done += len(articles)
    if _done >= COLLECT_EVERY:
        _done = 0
        gc.collect()
    # an article that broke the pipeline comes back as its error: reported, the chunk goes on
    out: list[Result] = [("error", doc) if isinstance(doc, str) else (doc.places, doc.events, doc.rendered)
                         for doc in _pipeline.pipe(articles, _render)]
    _pipeline.flush()  # a forked worker never runs atexit hooks
    return out


class WorkerPool:
    """`pipeline` in `workers` forked processes.  `map(items)` yields, in input order,
    `(item, doc_or_error)`: anything that is not an `Article` passes through untouched
    (with None), an article comes back as a `Doc` holding its places and events, or as
    the exception message its processing raised."""

    def __init__(self, pipeline: Pipeline, workers: int, *, chunk: int = CHUNK,
                 render: Render | None = None) -> None:
        self.workers, self.chunk = workers, chunk
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=start_worker, initargs=(pipeline, render))

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        # wait for the workers to exit: leaving them to the interpreter's exit races with
        # its shutdown ("Exception ignored ... Bad file descriptor")
        self.pool.shutdown(wait=True, cancel_futures=True)

    def map(self, items: Iterable[object]) -> Iterator[tuple[object, Doc | str | None]]:
        # a queue of chunks in flight, two per worker: every worker always has the next one
        pending: deque[tuple[list[object], Future | None]] = deque()
        batch: list[object] = []

        def send() -> None:
            arts = [x for x in batch if isinstance(x, Article)]
            pending.append((list(batch), self.pool.submit(_run_chunk, arts) if arts else None))
            batch.clear()

        for item in items:
            batch.append(item)
            if sum(isinstance(x, Article) for x in batch) >= self.chunk:
                send()
                while len(pending) > 2 * self.workers:
                    yield from _collect(*pending.popleft())
        if batch:
            send()
        while pending:
            yield from _collect(*pending.popleft())


def _collect(batch: list[object], future: Future | None) -> Iterator[tuple[object, Doc | str | None]]:
    results = iter(future.result() if future is not None else ())
    for item in batch:
        if not isinstance(item, Article):
            yield item, None
            continue
        r = next(results)
        if r[0] == "error":
            yield item, str(r[1])
        else:
            places, events, rendered = r
            yield item, Doc(item, places=list(places), events=list(events), rendered=rendered)
