"""Store commands: `rasd ingest`, `rasd events`, `rasd search`, `rasd export`, `rasd remove`, `rasd serve`."""
from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

import typer
from rich.console import Console

from rasd.batch import exit_code, run_batch
from rasd.parallel import WORKERS_HELP, cpu_count, extraction_processes
from rasd.cli.app import app
from rasd.cli.filters import (ActorOpt, Admin1Opt, Admin2Opt, BboxOpt, DisputedOpt, FromOpt,  # noqa: F401
                               InteractionOpt, Inter1Opt, Inter2Opt, MinConfOpt, MinFatOpt, MultiOpt, MultiOutletOpt,
                               QOpt, SubTypeOpt, ToOpt, TypeOpt, _filter)
from rasd.cli.extract import PathsArg, PublishedOpt, SourceOpt, make_pipeline, open_output, stdin_info

DbOpt = typer.Option(None, "--db", help="Database file or URL (default: RASD_DB, else rasd.db in the data dir).",
                     envvar="RASD_DB", show_envvar=True)

# csv is ACLED's column order (acled-csv: the same, its former name); xlsx the same columns
EXPORT_FORMATS = {"csv": "csv", "acled-csv": "csv", "xlsx": "xlsx", "geojson": "geojson", "jsonl": "jsonl"}


def _console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _open(db: str | None):
    from rasd.store import open_store
    from rasd.store.database import CorruptDatabase

    try:
        return open_store(db)
    except CorruptDatabase as exc:
        _console().print(f"[red]error[/] {exc}", markup=True)
        raise typer.Exit(2)
    except Exception as exc:  # a bad URL or an unreachable server: say which, no traceback
        _console().print(f"[red]error[/] cannot open the database: {type(exc).__name__}: {exc}", markup=True)
        raise typer.Exit(2)


@app.command()
def ingest(
    paths: list[str] = PathsArg,
    db: str | None = DbOpt,
    reextract: bool = typer.Option(False, "--reextract", help="Extract and re-merge even unchanged articles."),
    semantic: bool = typer.Option(False, "--semantic",
                                  help="Encode each report with the sentence encoder and use it when merging "
                                       "(slower)."),
    jobs: int = typer.Option(min(4, cpu_count()), "--workers", "-w", "--jobs", "-j", min=0,
                             help=WORKERS_HELP + " This process, the only writer, stores what they extract."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no skipped-input lines, no summary."),
    published: datetime | None = PublishedOpt,
    source: str | None = SourceOpt,
) -> None:
    """Extract events from articles and store them, merging reports of one event across sources.

    Idempotent and resumable: articles already stored unchanged are skipped, a changed
    version of a stored article replaces its events.  Each article is one transaction.
    """
    from rasd.pipeline import full_pipeline
    from rasd.store.ingest import IngestPipeline
    from rasd.store.search import encoder

    err = _console()
    given = stdin_info(published, source)
    store = _open(db)
    embed = None
    if semantic:
        embed = encoder()
        if embed is None:
            err.print("[yellow]warning[/] the sentence encoder is not installed; merging without it", markup=True)

    from rasd.store.ingest import StorageError

    def failed(article, exc) -> None:
        if isinstance(exc, StorageError):
            err.print(f"[red]storage error[/] {article.path or article.article_id}: not stored: {exc}", markup=True)
            return
        err.print(f"[red]error[/] {article.path or article.article_id}: {type(exc).__name__}: {exc}", markup=True)

    forked = extraction_processes(jobs)
    pipe = IngestPipeline(store, make_pipeline(full_pipeline), force=reextract, embed=embed,
                          workers=forked if forked > 1 else 0, on_error=failed)
    try:
        summary = run_batch(paths, pipe, lambda doc: None, console=err, quiet=quiet, stdin_info=given)
        t = time.perf_counter()
        pipe.finish()
    finally:
        pipe.close()
    # with extraction in workers, run_batch saw no events and no extraction errors: the pipeline did
    summary.seconds += time.perf_counter() - t
    summary.events = pipe.counts.extracted
    summary.failed += pipe.counts.failed
    summary.storage_failed += pipe.counts.store_failed
    summary.articles -= len(pipe.counts.failed) + len(pipe.counts.store_failed)
    if not quiet:
        err.print(summary.line().replace(", found", ", extracted").replace(" event(s)", " event report(s)"))
        err.print(pipe.counts.line())
        from rasd.store.queries import EventFilter, count_events

        with store.session() as s:
            total = count_events(s, EventFilter())
            multi = count_events(s, EventFilter(multi_source=True))
            outlets = count_events(s, EventFilter(multi_outlet=True))
        err.print(f"The store holds {total} event(s), {multi} of them reported by more than one article, "
                  f"{outlets} by more than one outlet.")
    if pipe.counts.store_failed:
        err.print(f"[red]error[/] {len(pipe.counts.store_failed)} article(s) could not be stored "
                  f"({pipe.counts.store_failed[0][1].splitlines()[0]}); free the disk or fix the database and "
                  "run the same command again: it resumes", markup=True)
    store.close()
    raise typer.Exit(exit_code(summary))


events_app = typer.Typer(help="List stored events (merged across sources), or show one with `show ID`.",
                         invoke_without_command=True, no_args_is_help=False)
app.add_typer(events_app, name="events")


@events_app.callback()
def events(
    ctx: typer.Context,
    db: str | None = DbOpt,
    date_from: datetime | None = FromOpt, date_to: datetime | None = ToOpt,
    bbox: str | None = BboxOpt, admin1: str | None = Admin1Opt, admin2: str | None = Admin2Opt,
    event_type: str | None = TypeOpt, sub_event_type: str | None = SubTypeOpt, actor: str | None = ActorOpt,
    min_fatalities: int | None = MinFatOpt, disputed: bool | None = DisputedOpt, multi_source: bool = MultiOpt,
    q: str | None = QOpt, min_confidence: float | None = MinConfOpt,
    inter1: int | None = Inter1Opt, inter2: int | None = Inter2Opt, interaction: int | None = InteractionOpt,
    multi_outlet: bool = MultiOutletOpt,
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="At most this many events."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per event (contract fields + sources)."),
) -> None:
    """List stored events, newest first (one line each, or JSON)."""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    from rasd.store.queries import count_events, list_events
    from rasd.store.records import event_json

    f = _filter(date_from, date_to, bbox, admin1, event_type, sub_event_type, actor, min_fatalities, disputed,
                multi_source, q, min_confidence, admin2, (inter1, inter2, interaction, multi_outlet))
    store = _open(db)
    with store.session() as s:
        total = count_events(s, f)
        rows = list_events(s, f, limit)
        for e in rows:
            if as_json:
                print(json.dumps(event_json(e), ensure_ascii=False))
            else:
                print(event_line(e))
    _console().print(f"{len(rows)} of {total} event(s).")
    store.close()


@events_app.command("show")
def events_show(ctx: typer.Context,
                event_id: str = typer.Argument(..., help="Event id: the store's (from `rasd events`) or one "
                                                        "as extracted (SK-middleEast-3956-20181019-1)."),
                db: str | None = DbOpt) -> None:
    """Show one event: merged fields, every source's claim and evidence, and why they were merged."""
    from rasd.store.queries import find_event

    store = _open(db or ctx.obj)
    with store.session() as s:
        e = find_event(s, event_id)
        if e is None:
            _console().print(f"[red]error[/] no event {event_id}", markup=True)
            raise typer.Exit(1)
        print(explain(e))
    store.close()


def event_line(e) -> str:
    from rasd.store.provenance import reports_text

    where = e.location or e.location_ar or e.admin1 or "?"
    kind = e.sub_event_type or e.event_type or "?"
    killed = f", {e.fatalities} killed" if e.fatalities is not None else ""
    flags = f" [{reports_text(e.n_sources, e.n_outlets)}]" if e.n_sources > 1 else ""
    flags += f" [disputed: {', '.join(e.disputed_fields)}]" if e.disputed else ""
    actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
    line = f"{e.id:>6}  {str(e.event_date or '?'):<10}  {kind} in {where}{killed}"
    return line + (f" ({actors})" if actors else "") + flags


def _reason_text(r: dict | None) -> str:
    if not r:
        return "no record"
    if r.get("founded"):
        return "first report of this event"
    bits = [f"matches {r.get('matched')}"]
    if "days" in r:
        bits.append(f"{r['days']} day(s) apart")
    if "km" in r:
        bits.append(f"{r['km']} km apart")
    if "place" in r:
        bits.append(r["place"])
    bits.append(f"same type ({r.get('type')})")
    if r.get("sub_event_types"):
        bits.append("sub-types " + " / ".join(str(x) for x in r["sub_event_types"]))
    if r.get("actors"):
        bits.append(r["actors"])
    if "similarity" in r:
        bits.append(f"text similarity {r['similarity']}")
    if r.get("checked", 1) > 1:
        bits.append(f"fits all {r['checked']} earlier reports")
    return "; ".join(bits)


def explain(e) -> str:
    """The text of `rasd events show`."""
    from rasd.store.provenance import reports_text

    out = [f"Event {e.id}: {event_line(e).split(None, 1)[1]}",
           f"  date {e.event_date or '?'} (precision {e.time_precision}), place {e.location or e.location_ar or '?'}"
           f" / {e.admin1 or '?'} ({e.latitude}, {e.longitude}; precision {e.geo_precision})",
           f"  type {e.event_type} / {e.sub_event_type}; actor1 {e.actor1}; actor2 {e.actor2}; "
           f"fatalities {e.fatalities} (lowest reported); injured {e.injured}",
           f"  {reports_text(e.n_sources, e.n_outlets)}: {e.source or '?'}; id {e.event_id_cnty}" + (
               f"; DISPUTED on {', '.join(e.disputed_fields)}" if e.disputed else ""),
           f"  notes: {e.notes}", ""]
    if e.disputed:
        out.append("  Claims side by side:")
        for field in e.disputed_fields:
            vals = "; ".join(f"{c.source or c.article.article_key}: {getattr(c, field)}" for c in e.claims)
            out.append(f"    {field}: {vals}")
        out.append("")
    for c in e.claims:
        a = c.article
        out.append(f"  Report {c.event_key} ({c.source or '?'}, published {c.published or '?'})")
        if a.title:
            out.append(f"    title: {a.title}")
        if c.url:
            out.append(f"    url: {c.url}")
        out.append(f"    claims: {c.event_date or '?'}, {c.sub_event_type or c.event_type}, "
                   f"{c.location or c.location_ar or '?'}, actor1 {c.actor1}, actor2 {c.actor2}, "
                   f"fatalities {c.fatalities}")
        out.append(f"    why merged: {_reason_text(c.merge_reason)}")
        for ev in c.evidence or []:
            out.append(f"    evidence [{ev['start']}:{ev['end']}]: {ev['text']}")
        out.append("")
    return "\n".join(out).rstrip()


@app.command()
def search(
    query: str = typer.Argument(..., help="What to look for, in Arabic or another language."),
    db: str | None = DbOpt,
    articles: bool = typer.Option(False, "--articles", help="Search articles instead of events."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, max=1000),
    plain: bool = typer.Option(False, "--plain", help="Word matching only, no sentence encoder."),
) -> None:
    """Semantic search over stored events (or articles); encodes what is not indexed yet."""
    from rasd.store import search as ss
    from rasd.store.query_terms import QueryTerms, read_query

    err = _console()
    store = _open(db)
    kind = "article" if articles else "event"
    enc = None if plain else ss.encoder()
    if enc is None and not plain:
        err.print("[yellow]note[/] sentence encoder not installed: plain word search", markup=True)
    terms = read_query(query) if kind == "event" else QueryTerms()
    where = terms.condition()
    if where is not None:  # say how the query was read: a wrong reading is visible, not silent
        err.print(f"read as: {terms.describe()}")
    with store.session() as s:
        if enc is not None:
            n = ss.index_missing(s, enc, kind=kind, where=where)
            if n:
                err.print(f"indexed {n} new text(s)")
            hits = ss.semantic(s, query, enc, kind, limit, where)
        else:
            hits = ss.plain(s, query, kind, limit, where, terms.rest)
    for h in hits:
        print(f"{h.id:>6}  {h.score:.3f}  {h.title}\n        {h.snippet}")
    if not hits:
        err.print("no matches")
    store.close()


@app.command("export")
def export(
    fmt: str = typer.Option("jsonl", "--format", "-f",
                            help="csv (ACLED's column order; acled-csv is the same), xlsx, geojson or jsonl."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    db: str | None = DbOpt,
    date_from: datetime | None = FromOpt, date_to: datetime | None = ToOpt,
    bbox: str | None = BboxOpt, admin1: str | None = Admin1Opt, admin2: str | None = Admin2Opt,
    event_type: str | None = TypeOpt, sub_event_type: str | None = SubTypeOpt, actor: str | None = ActorOpt,
    min_fatalities: int | None = MinFatOpt, disputed: bool | None = DisputedOpt, multi_source: bool = MultiOpt,
    q: str | None = QOpt, min_confidence: float | None = MinConfOpt,
    inter1: int | None = Inter1Opt, inter2: int | None = Inter2Opt, interaction: int | None = InteractionOpt,
    multi_outlet: bool = MultiOutletOpt,
) -> None:
    """Export stored (merged) events as ACLED-ordered CSV or Excel, GeoJSON or JSON Lines."""
    from rasd.store.queries import as_event, iter_events, snapshot
    from rasd.store.records import acled_fields

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"choose one of {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    fmt = EXPORT_FORMATS[fmt]
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise typer.BadParameter("an Excel file is binary: give -o FILE.xlsx (or redirect stdout)", param_hint="-o")
    f = _filter(date_from, date_to, bbox, admin1, event_type, sub_event_type, actor, min_fatalities, disputed,
                multi_source, q, min_confidence, admin2, (inter1, inter2, interaction, multi_outlet))
    store = _open(db)
    with snapshot(store.engine) as s, open_output(output, binary=fmt == "xlsx") as out:  # one consistent set
        writer = _writer(out, fmt)
        for row in iter_events(s, f):
            writer.write(as_event(row), acled_fields(row))
        writer.close()
    _console().print(f"Exported {writer.count} event(s).")
    store.close()


def _writer(out, fmt: str):
    if fmt == "xlsx":
        from rasd.output.xlsx import XlsxWriter

        return XlsxWriter(out)
    from rasd.output.writers import EventWriter

    return EventWriter(out, fmt)


@app.command()
def remove(refs: list[str] = typer.Argument(..., help="Article ids, URLs or store ids."),
           db: str | None = DbOpt) -> None:
    """Remove articles from the store; the events they supported are re-merged without them."""
    from rasd.store.ingest import remove_article
    from rasd.store.queries import find_article_row

    remove_each(db, refs, find_article_row, remove_article)


def remove_each(db: str | None, refs: list[str], find: Callable[[Any, str], Any],
                remove: Callable[[Any, Any], None]) -> None:
    """`rasd remove`, `sources remove`, `alerts remove`: each ref found and removed in its own
    transaction; an unknown one is reported and costs no other; exit 1 when none was found."""
    err = _console()
    store = _open(db)
    missing = 0
    for ref in refs:
        with store.session() as s, s.begin():
            row = find(s, ref)
            if row is None:
                err.print(f"[yellow]not found[/] {ref}", markup=True)
                missing += 1
                continue
            remove(s, row)
            err.print(f"removed {ref}")
    store.close()
    raise typer.Exit(1 if missing == len(refs) else 0)


@app.command()
def serve(
    db: str | None = DbOpt,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: str | None = typer.Option(None, "--token", envvar="RASD_TOKEN", show_envvar=True,
                                     help="Token that POST/DELETE requests must send; without one, writes are off."),
    tiles: str | None = typer.Option(None, "--tiles", envvar="RASD_TILES", show_envvar=True,
                                     help="Tile-server URL template for the dashboard's base map "
                                          "(e.g. https://tile.example.org/{z}/{x}/{y}.png); default: offline borders."),
    extract_workers: int = typer.Option(min(2, cpu_count()), "--extract-workers", min=1,
                                        help="Processes extracting POSTed articles."),
    extract_timeout: float = typer.Option(30.0, "--extract-timeout", min=0.01,
                                          help="Seconds one POSTed article may take to extract; past it, 422."),
    header_timeout: float = typer.Option(10.0, "--header-timeout", min=0.1,
                                         help="Seconds a client has to send a request's line and headers."),
    body_timeout: float = typer.Option(30.0, "--body-timeout", min=0.1,
                                       help="Seconds a client has to send a request's body."),
    max_connections: int = typer.Option(1000, "--max-connections", min=1,
                                        help="Open connections at most (slow ones are closed first)."),
) -> None:
    """Serve the dashboard at / and the HTTP API (OpenAPI docs at /docs)."""
    from rasd.serve.api import create_app
    from rasd.serve.server import serve as run_server

    store = _open(db)
    app_ = create_app(store, token=token or os.environ.get("RASD_TOKEN"), tiles=tiles,
                      extract_workers=extract_workers, extract_budget=extract_timeout)
    run_server(app_, host, port, header_timeout=header_timeout, body_timeout=body_timeout,
               max_connections=max_connections)
