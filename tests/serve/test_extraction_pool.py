"""The API's extraction processes: budget, replacement of a stuck worker, a bounded queue."""
from __future__ import annotations

import threading
import time

import pytest

from rasd.doc import Article
from rasd.serve.extraction import ExtractionBusy, ExtractionPool, ExtractionTimeout
from tests.serve.test_real_server import SHORT, SLOW_TEXT


def test_a_stuck_article_fails_alone_and_its_worker_is_replaced() -> None:
    pool = ExtractionPool(workers=1, budget=0.5, queue_size=0)
    try:
        assert pool.extract(Article(article_id="warm", text=SHORT))  # starts the worker; events come back
        first = pool.pids()
        outcome: dict = {}

        def slow() -> None:
            t0 = time.perf_counter()
            try:
                pool.extract(Article(article_id="slow", text=SLOW_TEXT))
            except ExtractionTimeout as exc:
                outcome["error"] = str(exc)
            outcome["seconds"] = time.perf_counter() - t0

        t = threading.Thread(target=slow)
        t.start()
        time.sleep(0.1)
        with pytest.raises(ExtractionBusy, match="retry later"):  # no queue: refused at once, not held
            pool.extract(Article(article_id="other", text=SHORT))
        t.join()
        assert "budget" in outcome["error"] and outcome["seconds"] < 3, outcome
        events = pool.extract(Article(article_id="after", text=SHORT))
        assert events and events[0].location_ar
        assert pool.pids() and pool.pids() != first  # a fresh worker took the stuck one's place
    finally:
        pool.close()
