"""Extraction throughput and peak memory on the dev corpus, in one process.

    python benchmarks/bench_extract.py [../shared/corpus/dev/ant-dev-1193.jsonl] [--repeat N]

The full pipeline (cleaning, sentences, geoparser, events) is built once, outside the
timing; the articles are read into memory first, so the figure is processing only.
Also reports the extract stage alone (text and places prepared beforehand).
"""
from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from rasd.batch import iter_articles
from rasd.doc import Doc
from rasd.extract import event_stage
from rasd.pipeline import full_pipeline, places_pipeline

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    pipeline = full_pipeline()
    load = time.perf_counter() - t0
    articles = list(iter_articles([args.path]))
    t1 = time.perf_counter()
    events = sum(len(pipeline(a).events) for _ in range(args.repeat) for a in articles)
    secs = time.perf_counter() - t1
    n = len(articles) * args.repeat
    print(f"full pipeline: {n} articles, {events} events, {secs:.2f} s, {n / secs:.0f} articles/s "
          f"(load {load:.2f} s)")
    # the event stage alone, on docs the text and geo stages have already filled
    prepared: list[Doc] = [places_pipeline()(a) for a in articles]
    stage = event_stage()
    t2 = time.perf_counter()
    for _ in range(args.repeat):
        for d in prepared:
            d.events = []
            stage(d)
    secs = time.perf_counter() - t2
    print(f"extract stage alone: {n / secs:.0f} articles/s")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
