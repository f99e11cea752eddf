"""Hostile JSON Lines, text and HTML: each bad record is one problem naming file and line, never the batch."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from rasd.doc import Article
from rasd.ingest import Problem, read_paths
from rasd.ingest.checks import published_problem
from rasd.ingest.lines import TooLong, bounded_lines
from rasd.ingest.readers import MAX_LINE_BYTES, ReadStats, read_stdin
from tests.conftest import REPO

AR = "قصفت قوات النظام بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين."


def line(**rec) -> str:
    return json.dumps({"text": AR, **rec}, ensure_ascii=False)


def test_deeply_nested_record_is_one_problem_and_the_file_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join([line(id="a"), "[" * 2000 + "]" * 2000, '{"text": ' + "[" * 5000, line(id="b"),
                            '{"id": ' + "[" * 990 + "]" * 990 + f', "text": "{AR}"}}', line(id="c")]) + "\n",
                 encoding="utf-8")
    found = list(read_paths([str(f)]))
    assert [x.article_id for x in found if isinstance(x, Article)] == ["a", "b", "c"]
    problems = [x for x in found if isinstance(x, Problem)]
    assert problems and all(p.path == str(f) and p.line in (2, 3, 5) for p in problems)
    assert any(p.line == 2 and "nested too deeply" in str(p) for p in problems)


def test_lone_surrogates_are_replaced_and_counted() -> None:
    raw = ('{"id": "s1", "text": "' + AR + ' \\ud800 \\udfff", "title": "\\ud83d", "tags": ["\\udc00"]}\n'
           + '{"id": "s2", "text": "' + AR + ' \\ud83d\\ude00"}\n').encode()
    stats = ReadStats()
    a, b = read_stdin(io.BytesIO(raw), stats)
    assert a.text.endswith(" \ufffd \ufffd") and a.title == "\ufffd" and a.metadata["tags"] == ["\ufffd"]
    assert b.text.endswith("😀")  # a valid pair is one character, left alone
    assert (stats.surrogates, stats.records) == (4, 1)
    for x in (a, b):
        x.text.encode("utf-8")  # strict: no surrogate is left to break output


def test_implausible_publication_dates_are_refused_for_every_reader(tmp_path: Path) -> None:
    future = (date.today() + timedelta(days=5)).isoformat()
    soon = (date.today() + timedelta(days=1)).isoformat()
    (tmp_path / "a.jsonl").write_text("\n".join([
        line(id="old", published="0001-01-01"), line(id="far", published="9999-12-31"),
        line(id="future", published=future), line(id="ok", published="2019-03-01"),
        line(id="soon", published=soon), line(id="stamp", published=1e20),
        line(id="stamp0", published=-62135596800)]) + "\n", encoding="utf-8")
    found = list(read_paths([str(tmp_path / "a.jsonl")]))
    problems = {p.line: str(p) for p in found if isinstance(p, Problem)}
    assert set(problems) == {1, 2, 3, 7}
    assert problems[1] == f"{tmp_path / 'a.jsonl'}:1: implausible publication date: 0001-01-01 is before 1990-01-01"
    assert "9999-12-31 is in the future" in problems[2] and future in problems[3]
    kept = {a.article_id: a.published for a in found if isinstance(a, Article)}
    assert kept["ok"] == date(2019, 3, 1) and kept["soon"] == date.fromisoformat(soon)
    assert kept["stamp"] is None  # a timestamp no date holds is no date, not an error
    # a text file: a dateline is a guess, so an impossible one means "no date", not a refusal
    (tmp_path / "b.txt").write_text("نشر في 1850/11/12\n" + AR, encoding="utf-8")
    (a,) = read_paths([str(tmp_path / "b.txt")])
    assert isinstance(a, Article) and a.published is None
    # an HTML page that declares an impossible date is refused, naming the file
    page = (f'<html><head><title>t</title><meta property="article:published_time" content="1970-01-02"></head>'
            f"<body><article><p>{AR} {AR}</p><p>{AR}</p></article></body></html>")
    (tmp_path / "c.html").write_text(page, encoding="utf-8")
    (c,) = read_paths([str(tmp_path / "c.html")])
    if isinstance(c, Problem):
        assert str(c).startswith(f"{tmp_path / 'c.html'}: implausible publication date")
    else:  # trafilatura itself may discard a date that old: then the article has none
        assert c.published is None or published_problem(c.published) is None


def test_published_problem_is_reusable() -> None:
    assert published_problem(None) is None
    assert published_problem(date(2020, 5, 1)) is None
    assert published_problem(date(1989, 12, 31)) == "implausible publication date: 1989-12-31 is before 1990-01-01"
    assert published_problem(date(2026, 1, 4), today=date(2026, 1, 1)).endswith("(after 2026-01-03)")


def test_bounded_lines_skip_an_over_long_line_without_holding_it() -> None:
    data = b"a\n" + b"x" * 50 + b"\nb\n\nlast"
    got = list(bounded_lines(io.BytesIO(data), 10))
    assert got[0] == b"a\n" and isinstance(got[1], TooLong) and got[1].size == 51
    assert got[2:] == [b"b\n", b"\n", b"last"]
    assert list(bounded_lines(io.BytesIO(b"x" * 30), 10))[0].size == 30


def test_a_huge_line_is_one_problem_and_later_lines_still_read(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    with f.open("w", encoding="utf-8") as fh:
        fh.write(line(id="a") + "\n")
        fh.write('{"text": "' + "ب " * (MAX_LINE_BYTES // 3 + 10) + '"}\n')
        fh.write(line(id="b") + "\n")
    a, p, b = read_paths([str(f)])
    assert (a.article_id, b.article_id) == ("a", "b")
    assert isinstance(p, Problem) and p.line == 2 and "line too large" in p.message


# Peak RSS of this process: VmHWM (getrusage's ru_maxrss survives exec, so a child of a big
# pytest process would report pytest's size).
_PEAK = """
import sys
from rasd.ingest.readers import read_stdin
n = sum(1 for _ in read_stdin(sys.stdin.buffer))
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(n, int(hwm.split()[1]) // 1024)
"""


def _peak_mib(feed) -> tuple[int, int]:
    """(items read, peak RSS in MiB) of a fresh process reading `feed()`'s chunks on its stdin."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.Popen([sys.executable, "-c", _PEAK], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    for chunk in feed():
        proc.stdin.write(chunk)
    proc.stdin.close()
    out = proc.stdout.read().decode()  # type: ignore[union-attr]
    assert proc.wait(timeout=600) == 0
    n, peak = out.split()
    return int(n), int(peak)


def test_stdin_is_streamed_not_read_whole() -> None:
    """200 MB of JSON Lines on stdin: memory stays flat (it was 1,063 MiB for 1 GB)."""
    rec = (line(id="x", note="ت" * 100_000) + "\n").encode()  # ~200 KB a line

    def feed():
        for _ in range(1000):
            yield rec

    n, peak = _peak_mib(feed)
    assert n == 1000
    assert peak < 150, f"peak RSS {peak} MiB for 200 MB on stdin"


def test_a_100_mb_line_on_stdin_is_refused_before_it_is_held() -> None:
    """One 100 MB line peaked at 1.1 GB before the size limit refused it."""
    def feed():
        yield b'{"text": "'
        for _ in range(100):
            yield "ب ".encode() * (1 << 18)  # 1 MiB
        yield b'"}\n' + (line(id="after") + "\n").encode()

    n, peak = _peak_mib(feed)
    assert n == 2  # the problem, then the article after it
    assert peak < 150, f"peak RSS {peak} MiB for one 100 MB line"


def test_an_article_over_the_character_limit_fails_alone(tmp_path):
    """A 1 MB text is refused with a clear line; the article beside it is read."""
    import json

    from rasd.doc import Article
    from rasd.ingest.readers import MAX_ARTICLE_CHARS, read_paths
    from tests.extract.hostile import unpunctuated

    path = tmp_path / "big.jsonl"
    small = "قصفت طائرات حربية روسية صباح اليوم بلدة سراقب في ريف إدلب الشرقي وقتل ثلاثة مدنيين."
    path.write_text(json.dumps({"id": "big", "text": unpunctuated(1_000_000)}, ensure_ascii=False) + "\n"
                    + json.dumps({"id": "small", "text": small}, ensure_ascii=False) + "\n", encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert [type(i).__name__ for i in items] == ["Problem", "Article"]
    assert f"{MAX_ARTICLE_CHARS:,}" in str(items[0]) and "big.jsonl" in str(items[0])
    assert isinstance(items[1], Article) and items[1].text == small


def test_an_id_that_is_a_list_or_object_is_refused_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "ids.jsonl"
    f.write_text("\n".join([line(id=[1, 2]), line(id={"x": 1}), line(id=True), line(id=7), line(id="z")]) + "\n",
                 encoding="utf-8")
    found = list(read_paths([str(f)]))
    assert [x.article_id for x in found if isinstance(x, Article)] == ["7", "z"]
    problems = {p.line: str(p) for p in found if isinstance(p, Problem)}
    assert set(problems) == {1, 2, 3} and all('"id" must be a string or a whole number' in m for m in problems.values())
