"""The API's extraction: in worker processes, with a time budget per article.

Extraction is CPU-bound Python: run in the server process, one slow article (a long
text with no sentence punctuation) held every other request for as long as it took.
Here each article goes to one of a few worker processes, started once (each builds
its own pipeline) and reused.  An article that takes longer than the budget fails
alone with `ExtractionTimeout`; its worker is killed and a fresh one started in its
place.  Requests waiting for a worker are bounded too: beyond `queue` of them,
`ExtractionBusy` answers at once rather than tying up the server's threads.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
from multiprocessing.connection import Connection
from typing import Any

from rasd.doc import Article, Event

DEFAULT_BUDGET = 30.0  # seconds of extraction per article
DEFAULT_WORKERS = 1
START_TIMEOUT = 120.0  # building a worker's pipeline takes ~2 s; a first run may build the gazetteer

# Run once by each new worker before it says it is ready: the first article a pipeline
# sees loads what it loads lazily, and that must not count against a user's budget.
WARM_UP = "قصفت مدفعية النظام بلدة سراقب في ريف إدلب صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


class ExtractionError(Exception):
    """An article could not be extracted (the message says why)."""


class ExtractionTimeout(ExtractionError):
    pass


class ExtractionBusy(ExtractionError):
    pass


def _die_with_parent() -> None:
    try:  # Linux: a worker stuck on an article dies with the server
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn: Connection) -> None:
    """A worker: build the pipeline, then extract the articles sent until None or EOF."""
    _die_with_parent()
    from rasd.pipeline import full_pipeline

    pipeline = full_pipeline()
    pipeline(Article(article_id="warm-up", text=WARM_UP))
    conn.send(("ready", None))
    while True:
        try:
            article = conn.recv()
        except (EOFError, OSError):
            return
        if article is None:
            return
        try:
            events = pipeline(article).events
            pipeline.flush()  # the place stage's log: this process never runs atexit hooks
            conn.send(("ok", events))
        except Exception as exc:  # the article failed, the worker goes on
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True, name="rasd-extract")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        # a worker that cannot start is the server's trouble, not the article's: a 503
        if not self.conn.poll(timeout):
            raise ExtractionBusy(f"no extraction worker started within {timeout:.0f} s")
        try:
            self.conn.recv()
        except (EOFError, OSError):
            raise ExtractionBusy("the extraction worker failed to start (see the server's log)") from None
        self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class ExtractionPool:
    """`workers` extraction processes; `extract(article)` blocks the calling thread only."""

    def __init__(self, workers: int = DEFAULT_WORKERS, budget: float = DEFAULT_BUDGET,
                 queue_size: int | None = None, start_timeout: float = START_TIMEOUT) -> None:
        self.workers, self.budget, self.start_timeout = max(1, workers), budget, start_timeout
        # forkserver: workers are forked from a clean single-threaded process, not from the
        # server with its threads and open database connections
        self.ctx = multiprocessing.get_context("forkserver")
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.slots = threading.BoundedSemaphore(self.workers + (4 * self.workers if queue_size is None
                                                                 else queue_size))
        self.lock = threading.Lock()
        self.everyone: set[_Worker] = set()  # idle or busy, so close() stops them all
        self.started = False
        self.closed = False

    def _start(self) -> None:
        with self.lock:
            if self.closed:
                raise ExtractionBusy("the server is shutting down")
            if not self.started:
                self.ctx.set_forkserver_preload(["rasd.pipeline"])
                for _ in range(self.workers):
                    self.idle.put(self._new())
                self.started = True

    def _new(self) -> _Worker:
        worker = _Worker(self.ctx)
        self.everyone.add(worker)
        return worker

    def extract(self, article: Article) -> list[Event]:
        """The article's events; raises ExtractionTimeout, ExtractionBusy or ExtractionError."""
        self._start()
        if not self.slots.acquire(blocking=False):
            raise ExtractionBusy("too many articles waiting for extraction; retry later")
        try:
            try:
                worker = self.idle.get(timeout=self.budget)
            except queue.Empty:
                raise ExtractionBusy(f"no extraction worker free within {self.budget:g} s; retry later") from None
            return self._run(worker, article)
        finally:
            self.slots.release()

    def _run(self, worker: _Worker, article: Article) -> list[Event]:
        healthy = False
        try:
            worker.wait_ready(self.start_timeout)
            worker.conn.send(article)
            if not worker.conn.poll(self.budget):
                raise ExtractionTimeout(f"extraction took longer than the {self.budget:g} s budget "
                                        "(a long text without sentence punctuation?)")
            status, payload = worker.conn.recv()
            healthy = True
        except (EOFError, OSError) as exc:  # the worker died (e.g. out of memory)
            raise ExtractionError(f"the extraction worker died: {type(exc).__name__}") from None
        finally:
            if healthy:
                self.idle.put(worker)
            else:  # stuck or dead: kill it, a fresh one builds its pipeline while it waits in the queue
                worker.kill()
                with self.lock:
                    self.everyone.discard(worker)
                    if not self.closed:
                        self.idle.put(self._new())
        if status == "error":
            raise ExtractionError(f"extraction failed: {payload}")
        return payload

    def pids(self) -> list[int]:
        """Process ids of the idle workers (for tests and diagnostics)."""
        return [w.process.pid for w in list(self.idle.queue) if w.process.pid is not None]

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers = list(self.everyone)
            self.everyone.clear()
        for worker in workers:
            try:
                worker.conn.send(None)  # an idle worker exits; a busy one is killed below
            except OSError:
                pass
        for worker in workers:
            worker.process.join(1)
            if worker.process.is_alive():
                worker.kill()
