"""`rasd extract` (events) and `rasd articles` (what the extractor reads)."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, TextIO

import typer
from rich.console import Console

from rasd.batch import exit_code, run_batch
from rasd.cli.app import app
from rasd.doc import Doc
from rasd.output.contract import CONFIDENCE_DECIMALS
from rasd.output.writers import ALIASES, FORMATS, EventWriter, format_name
from rasd.parallel import WORKERS_HELP, extraction_processes
from rasd.pipeline import Pipeline, full_pipeline, text_pipeline

PathsArg = typer.Argument(..., help="Files or directories (.txt, .jsonl, .html, also .gz), or - for standard input.")
# What standard input (`-`) does not say itself
PublishedOpt = typer.Option(None, "--published", formats=["%Y-%m-%d"],
                            help="Publication date of the article(s) read from standard input (-): replaces a "
                                 "date guessed from a dateline; a JSON Lines record's own `published` wins.")
SourceOpt = typer.Option(None, "--source", help="Outlet of the article(s) read from standard input (-), "
                                                "when they name none.")


def stdin_info(published, source):  # type: ignore[no-untyped-def]
    """The StdinInfo of --published / --source (None when neither is given); a date no
    article can have is a usage error."""
    from rasd.ingest.checks import published_problem
    from rasd.ingest.readers import StdinInfo

    if published is None and not source:
        return None
    day = published.date() if published is not None else None
    problem = published_problem(day) if day is not None else None
    if problem:
        raise typer.BadParameter(problem, param_hint="--published")
    return StdinInfo(published=day, source=source or None)


def make_pipeline(factory: Callable[[], Pipeline]) -> Pipeline:
    """`factory()`, or one clear line and exit 2 when the gazetteer index cannot be used."""
    from rasd.geo.gazetteer import GazetteerError

    try:
        return factory()
    except GazetteerError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(f"[red]error[/] {exc}", markup=True)
        raise typer.Exit(2)


@contextmanager
def open_output(path: Path | None, binary: bool = False) -> Iterator[Any]:
    """The file named by -o (written atomically: a failed run leaves no half file), or stdout
    (`binary`: opened for bytes, stdout's buffer).

    Only a regular file (or a new one) is written beside and renamed into place: anything
    else (/dev/null, a named pipe) is written as it is, never replaced by a file."""
    if path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        return
    mode: dict[str, Any] = {"mode": "wb"} if binary else {"mode": "w", "encoding": "utf-8", "newline": ""}
    if path.exists() and not path.is_file():
        with path.open(**mode) as fh:
            yield fh
        return
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open(**mode) as fh:
            yield fh
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # a failed run leaves nothing behind (after success: gone already)


@contextmanager
def open_explain(path: Path | None) -> Iterator[TextIO | None]:
    if path is None:
        yield None
        return
    with open_output(path) as fh:
        yield fh


def decision_lines(doc: Doc) -> list[str]:
    """One JSON line per candidate event the judge saw in `doc`."""
    aid = doc.article.article_id
    return [json.dumps({"article_id": aid, **d, **_rounded(d)}, ensure_ascii=False) + "\n" for d in doc.decisions]


def _rounded(d: dict) -> dict:
    c = d.get("confidence")
    return {"confidence": round(c, CONFIDENCE_DECIMALS)} if isinstance(c, float) else {}


@app.command()
def extract(
    paths: list[str] = PathsArg,
    fmt: str = typer.Option("jsonl", "--format", "-f",
                            help="Output format: jsonl, csv (ACLED's column order; acled-csv is the same) or geojson."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no skipped-input lines, no summary."),
    workers: int = typer.Option(1, "--workers", "-w", min=0,
                                help=WORKERS_HELP + " Output order and content do not change."),
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0,
        help="Keep events whose confidence (the event judge's calibrated probability that the incident "
             "happened) is at least this; default: the judge's threshold."),
    keep_unplaced: bool = typer.Option(False, "--keep-unplaced",
                                       help="Also keep events whose place is unknown (null coordinates)."),
    explain: Path | None = typer.Option(
        None, "--explain",
        help="Write the judge's decision on every candidate event (kept or dropped, confidence, reason) "
             "to this JSON Lines file."),
    rules_only: bool = typer.Option(False, "--rules-only",
                                    help="No event judge: the rules' own filters and confidence (the baseline)."),
    published: datetime | None = PublishedOpt,
    source: str | None = SourceOpt,
) -> None:
    """Extract events from Arabic articles and print them (JSONL, ACLED CSV or GeoJSON)."""
    if format_name(fmt) is None:
        raise typer.BadParameter(f"choose one of {', '.join(FORMATS + tuple(ALIASES))}", param_hint="--format")
    fmt = format_name(fmt) or fmt
    given = stdin_info(published, source)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    pipeline = make_pipeline(lambda: full_pipeline(min_confidence=min_confidence, keep_unplaced=keep_unplaced,
                                                   explain=explain is not None, rules_only=rules_only))
    with open_output(output) as out, open_explain(explain) as why:
        writer = EventWriter(out, fmt)

        def render(doc: Doc) -> tuple[list[str], list[str]]:
            # in the worker, when there are workers
            return writer.render(doc.events), decision_lines(doc) if why is not None else []

        def emit(doc: Doc) -> None:
            lines, decisions = doc.rendered
            writer.write_rendered(lines)
            if why is not None:
                why.writelines(decisions)

        summary = run_batch(paths, pipeline, emit, console=err, quiet=quiet, workers=extraction_processes(workers),
                            render=render, stdin_info=given)
        writer.close()
    if not quiet:
        err.print(summary.line())
    raise typer.Exit(exit_code(summary))


@app.command()
def articles(
    paths: list[str] = PathsArg,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per article instead of text."),
    show_dropped: bool = typer.Option(False, "--dropped", help="Also list what cleaning removed, and why."),
) -> None:
    """Show each article as the extractor reads it: id, publication date, cleaned text."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)

    def show(doc: Doc) -> None:
        a = doc.article
        published = a.published.isoformat() if a.published else None
        sentences = [{"start": s.start, "end": s.end, "text": s.text} for s in doc.sentences]
        if as_json:
            rec = {"article_id": a.article_id, "published": published, "published_from": a.published_from,
                   "title": a.title, "source": a.source, "url": a.url, "text": doc.cleaned_text(),
                   "sentences": sentences}
            if show_dropped:
                rec["dropped"] = [{"start": s, "end": e, "reason": r, "text": a.text[s:e]} for s, e, r in doc.dropped]
            print(json.dumps(rec, ensure_ascii=False))
            return
        print(f"=== {a.article_id}")
        print(f"published: {published or 'unknown'}" + (f" (from {a.published_from})" if published else ""))
        if a.title:
            print(f"title: {a.title}")
        print()
        print(doc.cleaned_text())
        if show_dropped:
            print()
            for s, e, reason in sorted(doc.dropped):
                print(f"  [dropped: {reason}] {a.text[s:e][:100]}")
        print()

    summary = run_batch(paths, text_pipeline(), show, console=err)
    err.print(summary.line().replace(", found 0 event(s)", ""))
    raise typer.Exit(exit_code(summary))

