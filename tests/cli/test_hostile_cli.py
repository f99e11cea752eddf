"""`rasd extract` and `rasd ingest` on hostile input: a bad record is one stderr line naming
file and line, the batch goes on, and memory stays bounded on standard input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

RASD = [sys.executable, "-m", "rasd"]


def _batch(dev_corpus: Path, tmp_path: Path) -> Path:
    """40 dev articles with a 2 KB nest of arrays at line 11 and a lone surrogate in line 21."""
    lines = dev_corpus.read_text(encoding="utf-8").splitlines()[:40]
    lines[20] = lines[20].replace('"text": "', '"text": "\\ud800 ', 1)
    assert "\\ud800" in lines[20]
    lines.insert(10, "[" * 1000 + "]" * 1000)
    f = tmp_path / "hostile.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def _clean_events(dev_corpus: Path, tmp_path: Path) -> int:
    f = tmp_path / "clean.jsonl"
    f.write_text("\n".join(dev_corpus.read_text(encoding="utf-8").splitlines()[:40]) + "\n", encoding="utf-8")
    r = subprocess.run(RASD + ["extract", str(f), "-q"], capture_output=True, text=True, timeout=600)
    return len(r.stdout.splitlines())


@pytest.mark.parametrize("workers", ["1", "2"])
def test_extract_goes_on_past_malformed_records(dev_corpus, tmp_path, workers) -> None:
    f = _batch(dev_corpus, tmp_path)
    out = tmp_path / "out.jsonl"
    r = subprocess.run(RASD + ["extract", str(f), "-w", workers, "-o", str(out)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"{f}:11: not usable JSON: nested too deeply" in r.stderr
    assert "Traceback" not in r.stderr and "Error" not in r.stderr.replace("not usable JSON", "")
    assert "Read 40 article(s), skipped 1" in r.stderr
    assert "Replaced 1 lone surrogate(s) in 1 record(s) with U+FFFD" in r.stderr
    assert not list(tmp_path.glob("*.part"))
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    # the surrogate changes one article's text by one character: its events are all there
    assert len(rows) == _clean_events(dev_corpus, tmp_path)


def test_a_failed_output_leaves_no_part_file(tmp_path) -> None:
    out = tmp_path / "out.jsonl"
    r = subprocess.run(RASD + ["extract", str(tmp_path / "missing.jsonl"), "-o", str(out)], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 1
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("workers", ["0", "2"])
def test_ingest_goes_on_past_malformed_records(dev_corpus, tmp_path, workers) -> None:
    f = _batch(dev_corpus, tmp_path)
    db = tmp_path / "rasd.db"
    r = subprocess.run(RASD + ["ingest", str(f), "--db", str(db), "-w", workers], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"{f}:11: not usable JSON: nested too deeply" in r.stderr
    assert "Traceback" not in r.stderr
    assert "Stored 40 new" in r.stderr
    assert "Replaced 1 lone surrogate(s)" in r.stderr


_MEASURE = """
import json, resource, subprocess, sys
rec = json.dumps({"text": sys.argv[1], "note": "ت" * 200_000}, ensure_ascii=False).encode() + b"\\n"
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
for _ in range(int(200e6) // len(rec)):
    p.stdin.write(rec)
p.stdin.close()
err = p.stderr.read().decode()
p.wait()
print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
print(err)
"""


def test_extract_from_stdin_streams_200_mb(tmp_path) -> None:
    """`rasd extract -` on 200 MB: memory as for a file by path (measured: 72 MiB; it was 265 MiB,
    the input's size and more)."""
    rec = "قصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."
    env = dict(os.environ, RASD_HOME=str(tmp_path / "home"))
    # build the gazetteer index and its word-sense table first (their one-time build from the
    # packages, wordfreq's list included, takes about 210 MiB; every later run about 80)
    tiny = tmp_path / "one.txt"
    tiny.write_text(rec + "\n", encoding="utf-8")
    subprocess.run(RASD + ["extract", str(tiny)], capture_output=True, env=env, timeout=600, check=True)
    r = subprocess.run([sys.executable, "-c", _MEASURE, rec] + RASD + ["extract", "-"], capture_output=True,
                       text=True, timeout=900, env=env)
    code, peak = r.stdout.split("\n", 1)[0].split()
    assert code == "0", r.stdout
    assert "Read 499 article(s)" in r.stdout
    assert int(peak) < 200, f"peak RSS {peak} MiB for 200 MB on stdin"
