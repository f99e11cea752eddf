"""Ingest throughput into SQLite against bare extraction (issue 5: within 2x).

    python benchmarks/bench_store.py [PATH ...]   (default: ../shared/corpus/dev/ant-dev-1193.jsonl)

One pipeline, built beforehand (its load time is not counted), runs over the same
articles already read into memory: bare; then extract-and-store into an empty SQLite
file with extraction in this process (`--jobs 0`) and in one worker process (what
`rasd ingest` does on a two-core machine); then a re-run over the stored articles.
Wall time is what counts; the CPU time of this process shows what storing costs
when another core does the extraction (on a busy machine wall time exceeds it).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from rasd.batch import iter_articles
from rasd.pipeline import full_pipeline
from rasd.store.database import Store
from rasd.store.ingest import IngestPipeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"


def main(paths: list[str]) -> None:
    articles = list(iter_articles(paths))
    n = len(articles)
    pipeline = full_pipeline()
    pipeline(articles[0])  # warm caches

    t, c = time.perf_counter(), time.process_time()
    events = sum(len(pipeline(a).events) for a in articles)
    bare, bare_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"{n} articles, {events} event reports")
    print(f"bare extraction            wall {bare:6.2f} s  {n / bare:6.1f} articles/s  (cpu {bare_cpu:.2f} s)")

    with tempfile.TemporaryDirectory() as tmp:
        for workers in (0, 1):
            store = Store(f"sqlite:///{tmp}/bench{workers}.db")
            ingest = IngestPipeline(store, pipeline, workers=workers)
            t, c = time.perf_counter(), time.process_time()
            for a in articles:
                ingest(a)
            ingest.finish()
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            print(f"extract + store, jobs={workers}  wall {wall:6.2f} s  {n / wall:6.1f} articles/s  "
                  f"({wall / bare:.2f}x bare; cpu of this process {cpu:.2f} s)")
            if workers == 1:
                again = IngestPipeline(store, pipeline)
                t = time.perf_counter()
                for a in articles:
                    again(a)
                wall = time.perf_counter() - t
                print(f"re-ingest, all unchanged   wall {wall:6.2f} s  {n / wall:6.1f} articles/s")
                print(ingest.counts.line())
            store.close()


if __name__ == "__main__":
    main(sys.argv[1:] or [str(DEFAULT)])
