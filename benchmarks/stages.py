"""One benchmark stage, timed in this process; `run.py` runs each in its own subprocess.

    python benchmarks/stages.py STAGE CORPUS [--repeat 3] [--workers N] [--json]

Stages (articles are read into memory first, pipelines and stores are built outside
the timing, each timed pass is over the whole corpus, the best pass counts):

- clean: `rasd.text.clean.clean` then `split_sentences` on a fresh Doc
- geoparse: the place stage on docs already cleaned and split
- extract: the event stage on docs already placed
- merge: cross-article merging, `rasd.store.cluster.attach` (candidate queries, matching,
  writing the claims and the new or joined events), timed inside the real ingest path
  (`store_article`, one transaction per article) on an in-memory SQLite store, with the
  events extracted beforehand; the rest of storing is not in this figure
- store: the ingest path (`IngestPipeline`: content hash, lookup, article row, merge,
  one commit per article) into a fresh SQLite file, events extracted beforehand; then a
  re-run over the stored articles (all unchanged, skipped before extraction)
- ingest: `IngestPipeline` with extraction, as `rasd ingest` runs it; `--workers` is
  rasd ingest's: 0 extracts in this process, 1 in one worker process while this one stores
- e2e: the full pipeline (clean -> events, no database); with `--workers N` > 1 through
  `rasd.parallel.WorkerPool` (forking the pool is inside the timing, building the
  pipeline is not)

`--json` prints one JSON object (what run.py reads); `--profile` runs one pass under
pyinstrument and prints its call tree instead of timing.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import Callable, Iterator

STAGES = ("clean", "geoparse", "extract", "merge", "store", "ingest", "e2e")


def _mib_self() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _mib_children() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def text_bytes(articles) -> int:
    """UTF-8 bytes of title + text: what MB/s counts."""
    return sum(len((a.title or "").encode("utf-8")) + len(a.text.encode("utf-8")) for a in articles)


class Timer:
    """Best-of-`repeat` timing of `body()` (each call is one pass over the corpus)."""

    def __init__(self, repeat: int, profile: bool = False) -> None:
        self.repeat, self.profile, self.times = repeat, profile, []
        self.profiler = None

    def run(self, body: Callable[[], object], before: Callable[[], None] | None = None) -> object:
        from rasd.pipeline import batch_gc

        out = None
        for _ in range(1 if self.profile else self.repeat):
            if before is not None:
                before()
            # as rasd's batch commands run (run_batch): the cyclic collector paused
            with batch_gc(), self.measure():
                out = body()
        return out

    @contextmanager
    def measure(self) -> Iterator[None]:
        if self.profile and self.profiler is None:
            from pyinstrument import Profiler

            self.profiler = Profiler(interval=0.001)
            self.profiler.start()
            try:
                t = time.perf_counter()
                yield
                self.times.append(time.perf_counter() - t)
            finally:
                self.profiler.stop()
            return
        t = time.perf_counter()
        yield
        self.times.append(time.perf_counter() - t)


def _tmpdir() -> str:
    """A temporary directory for store files, removed when this process exits."""
    import atexit
    import shutil

    path = tempfile.mkdtemp(prefix="rasd-bench-store-")
    atexit.register(shutil.rmtree, path, True)
    return path


def run_stage(stage: str, corpus: str, *, repeat: int = 3, workers: int = 1, profile: bool = False) -> dict:
    from rasd.batch import iter_articles
    from rasd.doc import Doc

    articles = list(iter_articles([corpus]))
    if not articles:
        raise SystemExit(f"{corpus}: no readable articles")
    res: dict = {"stage": stage, "workers": workers, "articles": len(articles), "bytes": text_bytes(articles),
                 "extra": {}}
    timer = Timer(repeat, profile)
    t0 = time.perf_counter()

    if stage == "clean":
        from rasd.text.clean import clean
        from rasd.text.sentences import split_sentences

        res["build_s"] = time.perf_counter() - t0
        split_sentences(clean(Doc(articles[0])))  # lazy lexicons loaded outside the timing
        n = timer.run(lambda: sum(len(split_sentences(clean(Doc(a))).sentences) for a in articles))
        res["extra"]["sentences"] = n

    elif stage == "geoparse":
        from rasd.geo import place_stage
        from rasd.geo.gazetteer import Gazetteer
        from rasd.text.clean import clean
        from rasd.text.sentences import split_sentences

        opens = []
        for _ in range(5):
            t = time.perf_counter()
            Gazetteer.open()
            opens.append(time.perf_counter() - t)
        t = time.perf_counter()
        stage_fn = place_stage()
        res["extra"]["gazetteer_open_ms"] = min(opens) * 1000
        res["extra"]["place_stage_build_ms"] = (time.perf_counter() - t) * 1000
        docs = [split_sentences(clean(Doc(a))) for a in articles]
        res["build_s"] = time.perf_counter() - t0
        stage_fn(docs[0])  # lazy loading outside the timing
        n = timer.run(lambda: sum(len(stage_fn(d).places) for d in docs))
        stage_fn.flush()
        res["extra"]["mentions"] = n

    elif stage == "extract":
        from rasd.extract import event_stage
        from rasd.pipeline import places_pipeline

        prep = places_pipeline()
        docs = [prep(a) for a in articles]
        stage_fn = event_stage()
        res["build_s"] = time.perf_counter() - t0
        stage_fn(docs[0])  # lazy loading outside the timing
        n = timer.run(lambda: sum(len(stage_fn(d).events) for d in docs))
        res["extra"]["events"] = n

    elif stage in ("merge", "store"):
        import rasd.store.ingest as ingest_mod
        from rasd.pipeline import full_pipeline
        from rasd.store.database import Store

        pipeline = full_pipeline()
        docs = {id(a): pipeline(a) for a in articles}
        res["extra"]["events"] = sum(len(d.events) for d in docs.values())
        res["build_s"] = time.perf_counter() - t0
        spent = [0.0]
        attach = ingest_mod.attach

        def timed_attach(*args, **kwargs):
            t = time.perf_counter()
            try:
                return attach(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - t

        ingest_mod.attach = timed_attach  # store_article calls it by its module-level name
        tmp = _tmpdir()
        stores: list = []
        merge_times: list[float] = []

        def fresh() -> None:
            for s in stores:
                s.close()
            stores.clear()
            url = "sqlite://" if stage == "merge" else f"sqlite:///{tmp}/store{len(timer.times)}.db"
            stores.append(Store(url))
            spent[0] = 0.0

        def body():
            store = stores[0]
            ing = ingest_mod.IngestPipeline(store, lambda a: docs[id(a)])
            for a in articles:
                ing(a)
            ing.finish()
            merge_times.append(spent[0])
            return store, ing.counts

        store, counts = timer.run(body, before=fresh)
        ingest_mod.attach = attach
        if stage == "merge":
            if not any(merge_times):
                raise SystemExit("merge could not be timed apart from storing (attach not called)")
            res["extra"]["store_in_memory_s"] = min(timer.times)
            timer.times = merge_times  # the figure is the time spent merging
        res["extra"].update(_store_counts(store), claims=counts.claims, new=counts.new)
        if stage == "store" and not profile:
            again = ingest_mod.IngestPipeline(store, pipeline)
            t = time.perf_counter()
            for a in articles:
                again(a)
            again.finish()
            res["extra"]["reingest_unchanged_s"] = time.perf_counter() - t
            res["extra"]["reingest_unchanged"] = again.counts.unchanged
        for s in stores:
            s.close()

    elif stage == "ingest":
        import rasd.store.ingest as ingest_mod
        from rasd.pipeline import full_pipeline
        from rasd.store.database import Store

        pipeline = full_pipeline()
        pipeline(articles[0])  # warm lazy caches, as a long ingest would have them
        tmp = _tmpdir()
        stores: list = []

        def fresh() -> None:
            for s in stores:
                s.close()
            stores.clear()
            stores.append(Store(f"sqlite:///{tmp}/ingest{len(timer.times)}.db"))

        def body():
            ing = ingest_mod.IngestPipeline(stores[0], pipeline, workers=workers)
            try:
                for a in articles:
                    ing(a)
                ing.finish()
            finally:
                ing.close()
            return ing.counts

        res["build_s"] = time.perf_counter() - t0
        counts = timer.run(body, before=fresh)
        res["extra"].update(events=counts.extracted, claims=counts.claims)
        res["extra"].update(_store_counts(stores[0]))
        for s in stores:
            s.close()

    elif stage == "e2e":
        from rasd.pipeline import full_pipeline

        pipeline = full_pipeline()
        res["build_s"] = time.perf_counter() - t0
        pipeline(articles[0])  # warm lazy caches
        if workers <= 1:
            from rasd.batch import INLINE_BATCH

            def body() -> int:  # as run_batch runs it: small batches through Pipeline.pipe
                return sum(len(d.events) for i in range(0, len(articles), INLINE_BATCH)
                           for d in pipeline.pipe(articles[i:i + INLINE_BATCH]) if not isinstance(d, str))

            n = timer.run(body)
        else:
            from rasd.parallel import WorkerPool

            def body() -> int:
                pool = WorkerPool(pipeline, workers)
                try:
                    return sum(len(d.events) for _, d in pool.map(articles) if d is not None and not isinstance(d, str))
                finally:
                    pool.close()  # waits: the workers are joined and RUSAGE_CHILDREN counts them

            n = timer.run(body)
        res["extra"]["events"] = n
    else:
        raise SystemExit(f"unknown stage {stage!r}: choose one of {', '.join(STAGES)}")

    res["times"] = timer.times
    res["best_s"] = min(timer.times)
    res["peak_rss_mib"] = _mib_self()
    res["children_peak_rss_mib"] = _mib_children()
    if timer.profiler is not None:
        res["profile"] = timer.profiler.output_text(unicode=True, color=False, show_all=False)
    return res


def _store_counts(store) -> dict:
    from sqlalchemy import func, select

    from rasd.store.models import EventRow

    with store.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
        multi = conn.execute(select(func.count()).select_from(EventRow).where(EventRow.n_sources > 1)).scalar_one()
    return {"merged_events": events, "multi_source_events": multi}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("stage", choices=STAGES)
    ap.add_argument("corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--profile", action="store_true", help="one pass under pyinstrument; print the call tree")
    args = ap.parse_args()
    res = run_stage(args.stage, args.corpus, repeat=args.repeat, workers=args.workers, profile=args.profile)
    if args.json:
        res.pop("profile", None)
        print(json.dumps(res))
        return
    if "profile" in res:
        print(res.pop("profile"))
    n, mb = res["articles"], res["bytes"] / 1e6
    print(f"{args.stage} (workers {args.workers}): {n} articles, {mb:.2f} MB, best {res['best_s']:.3f} s, "
          f"{n / res['best_s']:.1f} articles/s, {mb / res['best_s']:.2f} MB/s, peak RSS {res['peak_rss_mib']:.0f} MiB; "
          f"{res['extra']}")


if __name__ == "__main__":
    sys.exit(main())
