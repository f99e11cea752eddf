"""Running a pipeline over a batch of inputs: problems reported, never fatal; progress and summary.

Every command that reads articles (extract, articles, places, eval, ingest) goes
through `run_batch`, so they all report bad input the same way.
"""
from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from rasd.doc import Article, Doc
from rasd.ingest import Problem, read_paths
from rasd.ingest.lines import TooLong, bounded_lines
from rasd.ingest.readers import JSONL_SUFFIXES, MAX_LINE_BYTES, ReadStats, StdinInfo, readable_suffix
from rasd.parallel import Render, WorkerPool
from rasd.pipeline import COLLECT_EVERY, Pipeline, batch_gc

# Batches smaller than this get no progress bar.
PROGRESS_MIN = 4


@dataclass
class BatchSummary:
    articles: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # article id, error
    # articles read and extracted that could not be stored (a full disk, a broken database)
    storage_failed: list[tuple[str, str]] = field(default_factory=list)
    read: ReadStats = field(default_factory=ReadStats)
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        return len(self.problems) + len(self.failed) + len(self.storage_failed)

    def line(self) -> str:
        reasons = Counter(p.message.split(" (")[0].split(":")[0] for p in self.problems)
        reasons.update("extraction error" for _ in self.failed)
        reasons.update("storage error" for _ in self.storage_failed)
        why = "; ".join(f"{n} {r}" for r, n in reasons.most_common())
        rate = f", {self.articles / self.seconds:.0f} articles/s" if self.seconds > 0 and self.articles else ""
        repaired = (f" Replaced {self.read.surrogates} lone surrogate(s) in {self.read.records} record(s) "
                    "with U+FFFD." if self.read.surrogates else "")
        return (f"Read {self.articles} article(s), skipped {self.skipped}" + (f" ({why})" if why else "")
                + f", found {self.events} event(s) in {self.seconds:.1f} s{rate}.{repaired}")


def estimate_total(paths: Iterable[str]) -> int | None:
    """Number of articles the inputs hold, cheaply (None for stdin)."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        p = Path(raw)
        files = [f for f in p.rglob("*") if f.is_file() and readable_suffix(f)] if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() in JSONL_SUFFIXES:  # a compressed batch counts as one (an estimate)
                try:
                    with f.open("rb") as fh:  # in bounded pieces: a line may be huge
                        total += sum(1 for line in bounded_lines(fh, MAX_LINE_BYTES)
                                     if isinstance(line, TooLong) or line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def run_batch(
    paths: list[str],
    pipeline: Pipeline,
    on_doc: Callable[[Doc], None],
    *,
    console: Console | None = None,
    quiet: bool = False,
    workers: int = 1,
    render: Render | None = None,
    stdin_info: StdinInfo | None = None,
) -> BatchSummary:
    """Run `pipeline` on every article in `paths`, handing each Doc to `on_doc`.

    Problems are printed to stderr one line each as they happen; an article whose
    processing raises is reported and skipped, and the batch goes on.

    With `workers` > 1 the pipeline runs in that many forked processes and `on_doc`
    still gets the Docs in input order, in this process (one writer); those Docs carry
    places and events but not the sentences (see `rasd.parallel`).  `render(doc)`, when
    given, runs where the Doc is made (in the worker) and its result is `doc.rendered`:
    work such as formatting output moves off the one process that writes.
    """
    err = console or Console(stderr=True, highlight=False, soft_wrap=True)
    summary = BatchSummary()
    start = time.perf_counter()
    # counting means reading every JSONL file once more: only for a bar someone will see
    show = not quiet and err.is_terminal
    total = estimate_total(paths) if show else None
    show = show and (total is None or total >= PROGRESS_MIN)
    progress = Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True, disable=not show)
    with progress, batch_gc():
        task = progress.add_task("reading", total=total)
        pool = WorkerPool(pipeline, workers, render=render) if workers > 1 else None
        try:
            items = read_paths(paths, stats=summary.read, stdin_info=stdin_info)
            results = pool.map(items) if pool else _inline(pipeline, items, render)
            for item, doc in results:
                if isinstance(item, Problem):
                    summary.problems.append(item)
                    err.print(f"[yellow]skipped[/] {item}", markup=True) if not quiet else None
                elif isinstance(doc, str):  # one broken article must not stop the batch
                    summary.failed.append((item.article_id, doc))
                    err.print(f"[red]error[/] {item.path or item.article_id}: {doc}", markup=True)
                elif doc is not None:
                    summary.articles += 1
                    summary.events += len(doc.events)
                    on_doc(doc)
                    if summary.articles % COLLECT_EVERY == 0:
                        gc.collect()
                progress.advance(task)
        finally:
            if pool:
                pool.close()
    summary.seconds = time.perf_counter() - start
    return summary


# Articles that go through the stages together (Pipeline.pipe) when there are no workers.
INLINE_BATCH = 16


def _inline(pipeline: Pipeline, items: Iterable[Article | Problem],
            render: Render | None = None) -> Iterator[tuple[object, Doc | str | None]]:
    """`WorkerPool.map` in this process: (item, Doc or the error it raised), in order."""
    batch: list[Article | Problem] = []

    def run() -> Iterator[tuple[object, Doc | str | None]]:
        docs = iter(pipeline.pipe([x for x in batch if isinstance(x, Article)], render))
        for item in batch:
            yield item, next(docs) if isinstance(item, Article) else None
        batch.clear()

    for item in items:
        batch.append(item)
        # a batch is cut at INLINE_BATCH articles, or at a problem (reported as it comes)
        if not isinstance(item, Article) or len(batch) >= INLINE_BATCH:
            yield from run()
    if batch:
        yield from run()


def iter_articles(paths: list[str]) -> Iterator[Article]:
    """Only the readable articles of `paths` (problems are dropped silently): for benchmarks."""
    for item in read_paths(paths):
        if isinstance(item, Article):
            yield item


def exit_code(summary: BatchSummary) -> int:
    """0 when at least one article was processed; 1 when nothing could be read; 3 when
    some article could not be stored (the output is incomplete for a reason a re-run fixes)."""
    if summary.storage_failed:
        return 3
    return 0 if summary.articles else 1
