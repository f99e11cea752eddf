"""The `rasd` command as a user runs it: real subprocesses on real files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rasd.output.contract import validator
from tests.conftest import REPO, seed

RASD = [sys.executable, "-m", "rasd"]
AR = "قصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


def rasd(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(RASD + list(args), input=stdin, capture_output=True, text=True, timeout=600)


def assert_valid_jsonl(out: str) -> list[dict]:
    v = validator()
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    for row in rows:
        errors = [e.message for e in v.iter_errors(row)]
        assert not errors, (row["event_id"], errors)
    return rows


def test_help_lists_every_command() -> None:
    r = rasd("--help")
    assert r.returncode == 0
    for cmd in ("extract", "articles"):
        assert cmd in r.stdout


def test_extract_examples_as_in_the_readme() -> None:
    r = rasd("extract", str(REPO / "examples"), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    assert_valid_jsonl(r.stdout)
    assert "Read 4 article(s)" in r.stderr


def test_extract_seeds_exit_0_and_lines_validate(seeds_dir) -> None:
    r = rasd("extract", str(seeds_dir), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    assert_valid_jsonl(r.stdout)
    assert "Read 5 article(s)" in r.stderr


def test_extract_dev_corpus_exit_0_and_lines_validate(dev_corpus, tmp_path: Path) -> None:
    out = tmp_path / "dev.jsonl"
    r = rasd("extract", str(dev_corpus), "--format", "jsonl", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert_valid_jsonl(out.read_text(encoding="utf-8"))
    assert "Read 1193 article(s)" in r.stderr


def test_csv_and_geojson_outputs(seeds_dir, tmp_path: Path) -> None:
    r = rasd("extract", str(seeds_dir), "--format", "csv")
    assert r.returncode == 0 and r.stdout.startswith("event_id,event_id_cnty,event_date,year,")
    gj = tmp_path / "e.geojson"
    r = rasd("extract", str(seeds_dir), "--format", "geojson", "-o", str(gj))
    assert r.returncode == 0
    assert json.loads(gj.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_stdin_dash() -> None:
    r = rasd("articles", "-", stdin=AR)
    assert r.returncode == 0 and "=== stdin" in r.stdout and "قصفت قوات النظام" in r.stdout


def test_bad_input_reported_and_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": \n', encoding="utf-8")
    r = rasd("extract", str(tmp_path), str(tmp_path / "missing.txt"))
    assert r.returncode == 0, r.stderr
    assert f"{tmp_path / 'empty.txt'}: empty file" in r.stderr
    assert f"{tmp_path / 'bad.jsonl'}:1: not valid JSON" in r.stderr
    assert "missing.txt: no such file or directory" in r.stderr
    assert "Read 1 article(s), skipped 3" in r.stderr


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    r = rasd("extract", str(tmp_path / "empty.txt"))
    assert r.returncode != 0 and "empty file" in r.stderr


def test_unknown_format_is_a_usage_error(seeds_dir) -> None:
    r = rasd("extract", str(seeds_dir), "--format", "xml")
    assert r.returncode == 2 and "--format" in r.stderr


def test_articles_seed_000_each_paragraph_once(seeds_dir) -> None:
    path = seed(seeds_dir, "000_")
    r = rasd("articles", str(path))
    assert r.returncode == 0
    body = r.stdout
    paragraphs = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for p in set(paragraphs):
        # every distinct paragraph's opening words are shown, and only once
        assert body.count(p[:60]) == 1, p[:60]


def test_articles_seed_003_publication_date(seeds_dir) -> None:
    r = rasd("articles", str(seed(seeds_dir, "003_")), "--json")
    rec = json.loads(r.stdout)
    assert rec["published"] == "2018-11-12" and rec["published_from"] == "dateline"
    assert "التعليقات مغلقة" not in rec["text"]


def test_output_to_a_named_pipe_writes_into_it_and_leaves_it_a_pipe(seeds_dir, tmp_path: Path) -> None:
    """-o on something that is not a regular file (a FIFO here, /dev/null in use) is written
    as it is: the atomic write-beside-and-rename must never replace it with a file."""
    import os
    import stat
    import threading

    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    r = rasd("extract", str(seeds_dir), "-q", "-o", str(fifo))
    reader.join(timeout=60)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (tmp_path / "events.fifo.part").exists()
    assert_valid_jsonl(got[0]) and len(got[0].splitlines()) > 5
