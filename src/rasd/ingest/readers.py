"""Readers for every input Rasd accepts.  Each yields `Article`s and, for input it
cannot use, `Problem`s that name the file (and line) and say what is wrong, so one
bad file never stops a batch.

- `.txt`: one article per file, article_id = the file's stem (qualified by its folders
  when two files of a batch share one)
- `.jsonl` / `.ndjson`: one article per line with id, title, text, published, source, url
  (other fields kept as metadata)
- `.html` / `.htm`: main text by trafilatura, title and date from page metadata
- directories: recursively, by extension
- `-`: standard input, sniffed as JSON Lines, HTML or plain text
"""
from __future__ import annotations

import gzip
import json
import os
import sys
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from rasd.doc import Article
from rasd.ingest.checks import published_problem, replace_surrogates
from rasd.ingest.decode import DecodeError, decode_bytes, looks_binary
from rasd.ingest.lines import Prefixed, TooLong, bounded_lines, read_at_most, sniff
from rasd.ingest.paths import GZIP_SUFFIX, SUFFIXES, _stem, article_stems, broken_link_message, readable_suffix
from rasd.text.dates import find_dateline, find_dates
from rasd.text.normalize import arabic_share, normalize

from rasd.ingest.paths import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES  # noqa: E402,F401

# One article is a news report, not a book: larger single-article files are refused
# before they are read (a JSON Lines batch is streamed and has no such limit).
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# The longest text one article may have (as the API's POST /articles): the longest of the
# 1,193 development articles has 11,873 characters; extraction is linear, and at this
# length it takes a few seconds even on text dense with events and without punctuation.
MAX_ARTICLE_CHARS = 500_000
# A JSON Lines line longer than this is refused as it streams by, never held whole: room
# for an article at the limit written with \u escapes (up to 6 bytes a character).
MAX_LINE_BYTES = 6 * MAX_ARTICLE_BYTES
# Below this share of Arabic letters an article is not Arabic news.
MIN_ARABIC_SHARE = 0.3
# Fewer words than this is a menu or a caption, not an article.
MIN_WORDS = 5


@dataclass
class Problem:
    """Input that could not be used, with where and why."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


Item = Article | Problem


@dataclass
class ReadStats:
    """What the readers repaired on the way (for a batch's summary)."""

    surrogates: int = 0  # lone surrogates replaced by U+FFFD
    records: int = 0  # records that held them

    def add(self, replaced: int) -> None:
        if replaced:
            self.surrogates += replaced
            self.records += 1


@dataclass
class StdinInfo:
    """What `--published` / `--source` say of the articles read from standard input."""

    published: date | None = None
    source: str | None = None

    def apply(self, item: Item) -> Item:
        """The publication date given replaces one guessed from a dateline (a JSON Lines
        record's own `published` wins); the source fills in a missing one."""
        if isinstance(item, Article):
            if self.published is not None and item.published_from != "metadata":
                item.published, item.published_from = self.published, "option"
            if self.source and not item.source:
                item.source = self.source
        return item


def read_paths(paths: Iterable[str], stdin: BinaryIO | None = None, stats: ReadStats | None = None,
               stdin_info: StdinInfo | None = None) -> Iterator[Item]:
    """Articles and problems from every path, in order (directories sorted, recursively).
    An article's id is its file's stem, qualified by its folders where two files of the
    batch share a stem (site/2019/05/14/index.html -> "14/index").  `stdin_info` gives the
    publication date and source of what standard input holds."""
    entries: list[str | Path | Problem] = []
    for raw in paths:
        if raw == "-":
            entries.append(raw)
            continue
        path = Path(raw)
        if path.is_symlink() and not path.exists():
            entries.append(_broken_link(path))
        elif not path.exists():
            entries.append(Problem(raw, "no such file or directory"))
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if readable_suffix(p) is not None)
            files: list[Path | Problem] = [p if p.exists() else _broken_link(p) for p in found if not p.is_dir()]
            if not files:
                entries.append(Problem(raw, f"directory holds no {', '.join(sorted(SUFFIXES))} files"))
            entries.extend(files)
        else:
            entries.append(path)
    ids = article_stems([e for e in entries if isinstance(e, Path)])
    for e in entries:
        if isinstance(e, Problem):
            yield e
        elif isinstance(e, Path):
            yield from read_file(e, stats, ids.get(e))
        else:
            for item in read_stdin(stdin or sys.stdin.buffer, stats):
                yield stdin_info.apply(item) if stdin_info else item


def _broken_link(path: Path) -> Problem:
    return Problem(str(path), broken_link_message(path))


def read_file(path: Path, stats: ReadStats | None = None, stem: str | None = None) -> Iterator[Item]:
    suffix = readable_suffix(path) or path.suffix.lower()
    gz = path.name.lower().endswith(GZIP_SUFFIX)
    stem = stem or _stem(path)
    too_big = (f"too large for one article (limit {MAX_ARTICLE_BYTES // (1024 * 1024)} MB); "
               "split it or use JSON Lines")
    try:
        if suffix in JSONL_SUFFIXES:
            with (gzip.open(path, "rb") if gz else path.open("rb")) as fh:
                yield from read_jsonl(fh, str(path), stem, stats)  # type: ignore[arg-type]
            return
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            yield Problem(str(path), f"file is {size / 1e6:.1f} MB, {too_big}")
            return
        if gz:  # decompressed no further than one article may be (a gzip bomb costs nothing)
            with gzip.open(path, "rb") as fh:
                data = fh.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                yield Problem(str(path), f"decompressed, the file is over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB, "
                                         f"{too_big}")
                return
        else:
            data = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:  # also a damaged or truncated .gz
        yield Problem(str(path), f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if suffix in HTML_SUFFIXES:
        yield read_html(data, str(path), stem)
    else:
        yield read_text(data, str(path), stem)


def read_stdin(stream: BinaryIO, stats: ReadStats | None = None) -> Iterator[Item]:
    """Standard input, streamed: JSON Lines are read line by line as they come (never the
    whole input first); one text or HTML article is read up to the size limit only."""
    head, whole = sniff(stream)
    if head == b"{":
        yield from read_jsonl(whole, "<stdin>", "stdin", stats)
        return
    data, more = read_at_most(whole, MAX_ARTICLE_BYTES)
    if more:
        yield Problem("<stdin>", f"input is over {MAX_ARTICLE_BYTES // (1024 * 1024)} MB, too large for one article; "
                                 "send JSON Lines (one article a line) instead")
    elif head == b"<":
        yield read_html(data, "<stdin>", "stdin")
    else:
        yield read_text(data, "<stdin>", "stdin")


def _check_text(text: str, where: str, line: int | None = None) -> Problem | None:
    if len(text) > MAX_ARTICLE_CHARS:
        return Problem(where, f"text is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,} one article may "
                              "have (a book or a dump, not a news article): split it into articles", line)
    if not text.strip():
        return Problem(where, "empty: no text", line)
    if arabic_share(text) < MIN_ARABIC_SHARE:
        return Problem(where, "no Arabic text (Rasd reads Arabic articles)", line)
    if len(text.split()) < MIN_WORDS:
        return Problem(where, f"too short to be an article ({len(text.split())} word(s))", line)
    return None


def read_text(data: bytes, where: str, article_id: str) -> Item:
    if not data.strip():
        return Problem(where, "empty file")
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        return Problem(where, str(exc))
    problem = _check_text(text, where)
    if problem:
        return problem
    published = _plausible(find_dateline(text))
    return Article(article_id=article_id, text=text, published=published,
                   published_from="dateline" if published else None, path=where,
                   metadata={"encoding": encoding} if encoding != "utf-8" else {})


def read_html(data: bytes, where: str, article_id: str) -> Item:
    from rasd.ingest.html import article_from_html  # trafilatura is slow to import

    if not data.strip():
        return Problem(where, "empty file")
    try:
        html, _ = decode_bytes(data)
    except DecodeError as exc:
        return Problem(where, str(exc))
    try:
        text, meta = article_from_html(html)
    except Exception as exc:  # a page trafilatura cannot parse is one bad input, not a crash
        return Problem(where, f"cannot parse HTML: {type(exc).__name__}: {exc}")
    if len(text.split()) < MIN_WORDS:
        return Problem(where, f"HTML page has no article text (main text found: {len(text.split())} word(s))")
    problem = _check_text(text, where)
    if problem:
        return problem
    published, origin = meta.get("published"), "metadata"
    bad_date = published_problem(published)
    if bad_date:
        return Problem(where, bad_date)
    if published is None:
        published, origin = _plausible(find_dateline(text)), "dateline"
    return Article(article_id=article_id, text=text, title=meta.get("title"), published=published,
                   published_from=origin if published else None, source=meta.get("source"),
                   url=meta.get("url"), path=where)


def _plausible(found: date | None) -> date | None:
    """A date read from the text's dateline, unless it cannot be a publication date (then
    the article has no known date: a dateline is a guess, not what the source declared)."""
    return None if published_problem(found) else found


def parse_published(value: object) -> date | None:
    """A metadata date: ISO date/datetime string or an Arabic/numeric date string."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.utcfromtimestamp(value).date()
        except (OverflowError, OSError, ValueError):
            return None
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        found = find_dates(normalize(s))
    except (OverflowError, ValueError):  # a date string no calendar holds: no date
        return None
    return found[0].value if found else None


_KNOWN = {"id", "title", "text", "published", "source", "url"}


def read_jsonl(stream: BinaryIO | Prefixed, where: str, stem: str, stats: ReadStats | None = None) -> Iterator[Item]:
    """One article per line; a bad line is reported with its number and skipped.  Lines are
    read in bounded pieces: an over-long one is refused before it is held in memory."""
    any_line = False
    for n, raw in enumerate(bounded_lines(stream, MAX_LINE_BYTES), 1):
        if isinstance(raw, TooLong):
            any_line = True
            yield Problem(where, f"line too large ({raw.size / 1e6:.1f} MB; an article may hold "
                                 f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MB of text)", n)
            continue
        if not raw.strip():
            continue
        any_line = True
        if n == 1 and looks_binary(raw):
            yield Problem(where, "binary file, not JSON Lines")
            return
        yield parse_jsonl_line(raw, where, stem, n, stats)
    if not any_line:
        yield Problem(where, "empty file")


# a record nested deeper than this is refused whole (a news record is a few levels deep)
MAX_NESTING = 100


def parse_jsonl_line(raw: bytes, where: str, stem: str, n: int, stats: ReadStats | None = None) -> Item:
    """One non-blank JSON Lines line (line `n` of `where`) as an Article or a Problem.

    Public so that other readers of JSON Lines (the Spark job) convert lines exactly
    as `read_jsonl` does.
    """
    try:
        line, _ = decode_bytes(raw)
        obj = json.loads(line)
    except DecodeError as exc:
        return Problem(where, str(exc), n)
    except json.JSONDecodeError as exc:
        return Problem(where, f"not valid JSON: {exc.msg} (column {exc.colno})", n)
    except RecursionError:  # [[[[...]]]]: valid JSON, too deep for the decoder
        return Problem(where, "not usable JSON: nested too deeply", n)
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return Problem(where, f"not usable JSON: {exc}", n)
    if _too_deep(obj):
        return Problem(where, "not usable JSON: nested too deeply", n)
    return article_from_record(obj, where, stem, n, stats)


def _too_deep(obj: object, limit: int = MAX_NESTING) -> bool:
    """Is `obj` nested deeper than `limit`?  Checked without recursion: whether the decoder
    itself refuses deep input depends on the interpreter's recursion limit and on how many
    frames the caller has (a compiled build has fewer), and a record is never that deep."""
    stack: list[tuple[object, int]] = [(obj, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return False


def article_from_record(obj: object, where: str, stem: str, n: int, stats: ReadStats | None = None) -> Item:
    """One decoded record (`id, title, text, published, source, url`, other keys kept as
    metadata) as an Article, or a Problem naming `where` and record number `n`.

    Shared by the JSON Lines reader and the Spark job (JSON Lines or Parquet rows), so
    every input path accepts the same fields and refuses the same records.
    """
    try:
        return _record(obj, where, stem, n, stats)
    except RecursionError:  # a field nested too deeply to copy or print
        return Problem(where, "not usable JSON: nested too deeply", n)


def _check_id(value: object) -> str | None:
    """An id names one article in every output: a list or object printed as text would
    be a different, unreadable id per run of the decoder, so only scalars are taken."""
    if value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return None
    return f"\"id\" must be a string or a whole number, got {type(value).__name__}"


def _record(value: object, where: str, stem: str, n: int, stats: ReadStats | None) -> Item:
    if not isinstance(value, dict):
        return Problem(where, f"expected a JSON object, got {type(value).__name__}", n)
    obj: dict = value
    text = obj.get("text")
    if not isinstance(text, str):
        return Problem(where, "no \"text\" field (a string) in this record", n)
    # the size first: every later check costs time and memory in proportion to the text
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        return Problem(where, "article text too large (over 5 MB)", n)
    try:
        clean, replaced = replace_surrogates(obj)
    except RecursionError:
        return Problem(where, "not usable JSON: nested too deeply", n)
    if replaced and isinstance(clean, dict):
        obj = clean
        text = obj["text"]
        if stats is not None:
            stats.add(replaced)
    problem = _check_text(text, where, n)
    if problem:
        return problem
    bad_id = _check_id(obj.get("id"))
    if bad_id:
        return Problem(where, bad_id, n)
    published = parse_published(obj.get("published"))
    origin = "metadata" if published else None
    bad_date = published_problem(published)
    if bad_date:
        return Problem(where, bad_date, n)
    if published is None:
        published = _plausible(find_dateline(text))
        origin = "dateline" if published else None
    title = obj.get("title")
    return Article(
        article_id=str(obj.get("id") or f"{stem}:{n}"),
        text=text,
        title=title if isinstance(title, str) else None,
        published=published,
        published_from=origin,
        source=str(obj["source"]) if obj.get("source") else None,
        url=str(obj["url"]) if obj.get("url") else None,
        path=f"{where}:{n}",
        metadata={k: v for k, v in obj.items() if k not in _KNOWN},
    )
