"""Compressed inputs, broken symbolic links, and what `--published` / `--source` say of standard input."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from rasd.doc import Article
from rasd.ingest import Problem, read_paths

AR = "قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين."
PAGE = ('<html lang="ar"><head><meta charset="utf-8"><title>خبر</title>'
        '<meta property="article:published_time" content="2018-09-20T10:00:00Z"></head>'
        f"<body><article><p>{AR}</p><p>{AR.replace('ثلاثة', 'أربعة')}</p></article></body></html>")


def test_html_gz_is_read_as_gzipped_html(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (tmp_path / "batch.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "j1", "text": AR}, ensure_ascii=False) + "\n").encode("utf-8")))
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b not really gzip")
    found = {(x.article_id if isinstance(x, Article) else x.path): x for x in read_paths([str(tmp_path)])}
    page = found["page"]
    assert isinstance(page, Article) and page.published == date(2018, 9, 20) and "<" not in page.text
    assert isinstance(found["j1"], Article)
    assert isinstance(found[str(tmp_path / "bad.txt.gz")], Problem)


def test_broken_symlinks_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(AR, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    found = list(read_paths([str(tmp_path)]))
    problems = [x for x in found if isinstance(x, Problem)]
    assert [a.article_id for a in found if isinstance(a, Article)] == ["good"]
    assert len(problems) == 1 and problems[0].path.endswith("gone.txt") and "broken symbolic link" in str(problems[0])
    (named,) = list(read_paths([str(tmp_path / "gone.txt")]))
    assert isinstance(named, Problem) and "broken symbolic link" in named.message


def test_stdin_gets_published_and_source(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "rasd", "extract", "-", "-q", "--published", "2018-05-03",
                        "--source", "enab"], input=AR.encode("utf-8"), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    events = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert events and all(e["published"] == "2018-05-03" and e["source"] == "enab" for e in events)
    bad = subprocess.run([sys.executable, "-m", "rasd", "extract", "-", "--published", "1900-01-01"],
                         input=AR.encode("utf-8"), capture_output=True, timeout=120)
    assert bad.returncode == 2 and b"implausible publication date" in bad.stderr
