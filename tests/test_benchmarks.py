"""The benchmark suite's synthetic corpus maker (benchmarks/synthetic.py): N valid, distinct articles."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from rasd.doc import Article
from rasd.ingest import read_paths

SYNTHETIC = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"


def _synthetic():
    spec = importlib.util.spec_from_file_location("rasd_bench_synthetic", SYNTHETIC)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_synthetic_corpus_has_n_valid_distinct_articles(dev_corpus, tmp_path):
    synthetic = _synthetic()
    dev = synthetic.load_dev(dev_corpus)
    n = len(dev) + 307  # more than one round over the dev articles
    out = tmp_path / "synthetic.jsonl"
    info = synthetic.write_corpus(dev_corpus, out, n)
    assert info["articles"] == n
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == n
    assert len({r["id"] for r in records}) == n
    assert len({r["url"] for r in records}) == n
    assert len({r["text"] for r in records}) == n
    dev_texts = {d["text"] for d in dev}
    assert sum(r["text"] in dev_texts for r in records) < n // 10  # varied, not copies
    items = list(read_paths([str(out)]))
    assert len(items) == n and all(isinstance(a, Article) for a in items)  # every one reads as an article
    # deterministic: the same seed makes the same corpus
    again = tmp_path / "again.jsonl"
    synthetic.write_corpus(dev_corpus, again, 50)
    assert again.read_text(encoding="utf-8").splitlines() == out.read_text(encoding="utf-8").splitlines()[:50]
