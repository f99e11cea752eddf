"""`--workers N`: the same output as one process, in the same order, and bad input still
reported one line each while the batch goes on."""
from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_extract_cli import rasd


def test_extract_with_two_workers_equals_one_process(dev_corpus, tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    r1 = rasd("extract", str(dev_corpus), "-q", "-o", str(one))
    r2 = rasd("extract", str(dev_corpus), "-q", "--workers", "2", "-o", str(two))
    assert r1.returncode == 0 and r2.returncode == 0, (r1.stderr, r2.stderr)
    a, b = one.read_bytes(), two.read_bytes()
    assert a.count(b"\n") > 1000  # the dev corpus gives ~1,300 events
    assert a == b


def test_workers_report_bad_lines_and_keep_the_rest(dev_corpus, tmp_path: Path) -> None:
    lines = dev_corpus.read_text(encoding="utf-8").splitlines()[:80]
    broken = tmp_path / "broken.jsonl"
    # a truncated line and a line with no text, among real articles
    broken.write_text("\n".join(lines[:30] + ['{"id": "cut", "text": "قصفت'] + lines[30:50]
                                + ['{"id": "empty", "text": ""}'] + lines[50:]) + "\n", encoding="utf-8")
    single = rasd("extract", str(broken))
    multi = rasd("extract", str(broken), "--workers", "2")
    assert multi.returncode == 0, multi.stderr
    assert multi.stdout == single.stdout and multi.stdout.strip()
    assert "Read 80 article(s), skipped 2" in multi.stderr
    assert f"{broken}:31" in multi.stderr and f"{broken}:52" in multi.stderr
    ids = {json.loads(x)["article_id"] for x in multi.stdout.splitlines()}
    assert "cut" not in ids and "empty" not in ids


def test_workers_zero_means_one_per_core(seeds_dir) -> None:
    r = rasd("extract", str(seeds_dir), "--workers", "0")
    assert r.returncode == 0, r.stderr
    assert "Read 5 article(s)" in r.stderr


def test_workers_record_unresolved_names_as_one_process(dev_corpus, tmp_path: Path) -> None:
    """Forked workers never run atexit hooks: what they log must still reach the gazetteer."""
    import os
    import subprocess
    import sys

    part = tmp_path / "part.jsonl"
    part.write_text("\n".join(dev_corpus.read_text(encoding="utf-8").splitlines()[:150]) + "\n", encoding="utf-8")
    listed = []
    for workers in ("1", "2"):
        env = dict(os.environ, RASD_HOME=str(tmp_path / f"home{workers}"))
        run = [sys.executable, "-m", "rasd"]
        r = subprocess.run(run + ["extract", str(part), "-q", "-w", workers, "-o", str(tmp_path / "out.jsonl")], env=env,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        assert "Exception ignored" not in r.stderr
        r = subprocess.run(run + ["gazetteer", "unresolved", "--json", "-n", "500"], env=env,
                           capture_output=True, text=True, timeout=600)
        listed.append(sorted(r.stdout.splitlines()))
    assert listed[0], "150 dev articles name some place the gazetteer lacks"
    assert listed[0] == listed[1]
