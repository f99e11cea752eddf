"""Geoparser speed: gazetteer load time and place resolution per article.

    python benchmarks/bench_geo.py [ARTICLES.jsonl]   (default: ../shared dev corpus)

Runs in a temporary RASD_HOME (the default gazetteer is built there first, not timed).
Resolution time is the place stage alone, after cleaning and sentence splitting.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    os.environ["RASD_HOME"] = tempfile.mkdtemp(prefix="rasd-bench-")
    from rasd.batch import iter_articles
    from rasd.doc import Doc
    from rasd.geo import place_stage
    from rasd.geo.gazetteer import Gazetteer
    from rasd.text.clean import clean
    from rasd.text.sentences import split_sentences

    t = time.perf_counter()
    Gazetteer.open()
    print(f"first build of the default gazetteer: {time.perf_counter() - t:.2f} s")
    loads = []
    for _ in range(5):
        t = time.perf_counter()
        Gazetteer.open()
        loads.append(time.perf_counter() - t)
    t = time.perf_counter()
    stage = place_stage(record_unresolved=False)
    print(f"gazetteer load: {min(loads) * 1000:.1f} ms (best of 5); stage with automaton: "
          f"{(time.perf_counter() - t) * 1000:.1f} ms")
    docs = [split_sentences(clean(Doc(a))) for a in iter_articles([path])]
    t = time.perf_counter()
    mentions = 0
    for d in docs:
        mentions += len(stage(d).places)
    secs = time.perf_counter() - t
    print(f"{len(docs)} articles, {mentions} mentions: {secs * 1000 / len(docs):.3f} ms/article on average")


if __name__ == "__main__":
    main()
