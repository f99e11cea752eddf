"""Watch commands: `rasd sources ...`, `rasd poll`, `rasd watch`, `rasd alerts ...`."""
from __future__ import annotations

import json
import signal
import time
from datetime import datetime
from typing import Any

import typer

from rasd.cli.app import app
from rasd.cli.extract import make_pipeline
from rasd.cli.store import (ActorOpt, Admin1Opt, Admin2Opt, BboxOpt, DbOpt, MinConfOpt, MinFatOpt, SubTypeOpt,
                            TypeOpt, _console, _filter, _open, remove_each)

sources_app = typer.Typer(help="The sources `rasd poll` reads: feeds, sitemaps, home pages, Telegram channels.",
                          no_args_is_help=True)
alerts_app = typer.Typer(help="Alerts on merged events: webhook, e-mail or JSON Lines file.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(alerts_app, name="alerts")

RateOpt = typer.Option(None, "--rate", min=0.01, help="Requests per second per host (default: config file, else 1).")


def _settings():
    from rasd.watch.config import load_settings

    try:
        return load_settings()
    except ValueError as exc:
        _console().print(f"[red]error[/] config file: {exc}", markup=True)
        raise typer.Exit(2)


def _when(value: datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="seconds") + " UTC" if value else "never"


# ---- sources ------------------------------------------------------------------------------------

@sources_app.command("add")
def sources_add(
    url: str = typer.Argument(..., help="Feed, sitemap, home page or Telegram channel (t.me/NAME) URL."),
    kind: str = typer.Option("auto", "--kind", help="rss, atom, sitemap, page, telegram or auto (look at it)."),
    name: str | None = typer.Option(None, "--name", help="What to call it (the articles' source)."),
    every: str = typer.Option("15m", "--every", help="How often to poll it: 15m, 2h, 1d."),
    lang: str = typer.Option("ar", "--lang", help="The language it publishes in."),
    db: str | None = DbOpt,
) -> None:
    """Add a source; a home page becomes the feeds and sitemaps it announces."""
    from rasd.watch.fetch import Fetcher, FetchError
    from rasd.watch.sources import add_sources, format_every

    err = _console()
    store = _open(db)
    fetcher = Fetcher(_settings().etiquette)
    try:
        added = add_sources(store, url, kind=kind, name=name, every=every, lang=lang, fetcher=fetcher)
    except (ValueError, FetchError) as exc:
        err.print(f"[red]error[/] {exc}", markup=True)
        raise typer.Exit(2)
    finally:
        fetcher.close()
        store.close()
    for row, created in added:
        err.print(f"{'added' if created else 'updated'} [{row.id}] {row.url} ({row.kind}, every "
                  f"{format_every(row.every_seconds)})", markup=False)


@sources_app.command("list")
def sources_list(db: str | None = DbOpt) -> None:
    """Every source: id, kind, interval, last poll, items read, last error."""
    from rasd.watch.sources import format_every, list_sources

    store = _open(db)
    with store.session() as s:
        rows = list_sources(s)
        for r in rows:
            state = f"error: {r.last_error}" if r.failures and r.last_error else "ok" if r.last_ok_at else "not polled"
            print(f"{r.id:>4}  {r.kind:<8} {format_every(r.every_seconds):>4}  {r.items_seen:>6} items  "
                  f"last poll {_when(r.last_poll_at)}  {state}  {r.name or ''} {r.url}")
    _console().print(f"{len(rows)} source(s).")
    store.close()


@sources_app.command("show")
def sources_show(ref: str = typer.Argument(..., help="Source id, URL or name."), db: str | None = DbOpt) -> None:
    """One source: its schedule, last poll, items read, articles stored, errors."""
    from rasd.watch.sources import find_source, format_every

    store = _open(db)
    with store.session() as s:
        r = find_source(s, ref)
        if r is None:
            _console().print(f"[red]error[/] no source {ref}", markup=True)
            raise typer.Exit(1)
        print(f"Source {r.id}: {r.name or r.url}\n  url {r.url}\n  kind {r.kind}, every {format_every(r.every_seconds)}, "
              f"language {r.lang or '?'}\n  added {_when(r.added_at)}\n  last poll {_when(r.last_poll_at)}, "
              f"last success {_when(r.last_ok_at)}, next poll {_when(r.next_poll_at)}\n"
              f"  items read {r.items_seen}, articles stored {r.articles_stored}\n"
              f"  consecutive failures {r.failures}; last error: {r.last_error or 'none'}\n"
              f"  last poll said: {r.last_status or '-'}\n  ETag {r.etag or '-'}, Last-Modified {r.last_modified or '-'}")
        feeds = (r.meta or {}).get("feeds")
        if feeds:
            print("  feeds found on the page: " + ", ".join(f"{u} ({k})" for u, k in feeds))
    store.close()


@sources_app.command("remove")
def sources_remove(refs: list[str] = typer.Argument(..., help="Source ids, URLs or names."),
                   db: str | None = DbOpt) -> None:
    """Stop polling sources (their articles stay in the store)."""
    from rasd.watch.sources import find_source, remove_source

    remove_each(db, refs, find_source, remove_source)


# ---- poll and watch -----------------------------------------------------------------------------

_PIPELINES: list = []


def _pipeline(factory):
    """The extraction pipeline, built once per process (several rounds, or commands run in one process)."""
    if not _PIPELINES:
        _PIPELINES.append(make_pipeline(factory))
    return _PIPELINES[0]


class _Round:
    """What one process reuses across rounds: the store, the fetcher, the extraction pipeline."""

    def __init__(self, db: str | None, rate: float | None, quiet: bool) -> None:
        from rasd.pipeline import full_pipeline
        from rasd.watch.fetch import Fetcher
        from rasd.watch.poll import Poller

        self.settings = _settings()
        if rate is not None:
            self.settings.etiquette.rate = rate
        self.err = _console()
        self.quiet = quiet
        self.store = _open(db)
        self.fetcher = Fetcher(self.settings.etiquette)
        self.poller = Poller(self.store, self.fetcher, _pipeline(full_pipeline), log=self.say)

    def say(self, line: str) -> None:
        if not self.quiet:
            self.err.print(line, markup=False, highlight=False)

    def run(self, everything: bool, idle_note: bool = True) -> int:
        """Poll the due sources (all with `everything`), then alerts; the number of failed sources."""
        from rasd.watch.alerts import collect, deliver
        from rasd.watch.sources import is_due, list_sources, now

        at = now()
        with self.store.session() as s:
            sources = [r for r in list_sources(s) if everything or is_due(r, at)]
        started = time.perf_counter()
        reports = self.poller.poll(sources) if sources else []
        failed = sum(1 for r in reports if r.error)
        summary = (f"Polled {len(reports)} source(s) in {time.perf_counter() - started:.1f} s: "
                   f"{len(reports) - failed} ok, {failed} failed; {sum(r.new for r in reports)} new and "
                   f"{sum(r.updated for r in reports)} updated article(s) stored, "
                   f"{sum(r.events for r in reports)} event report(s), {sum(r.failed for r in reports)} item(s) "
                   "to retry.") if reports else None
        if summary or idle_note:  # `rasd watch` stays quiet while nothing is due
            self.say(summary or "No source is due.")
        collect(self.store, self.settings.dashboard_url)
        sent = deliver(self.store, self.settings, tries=self.settings.alert_tries, pause=self.settings.alert_pause,
                       log=self.say)
        if sent.sent or sent.failed:
            self.say(sent.line())
        return failed

    def close(self) -> None:
        self.poller.close()
        self.fetcher.close()
        self.store.close()


@app.command()
def poll(
    db: str | None = DbOpt,
    everything: bool = typer.Option(False, "--all", help="Poll every source, due or not."),
    rate: float | None = RateOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-source lines, no summary."),
) -> None:
    """One round: fetch what the due sources list that is new, extract, store, merge; then alerts.

    For cron: each run polls the sources whose interval has passed.  Exit code 1 when a
    source failed (it is retried next round), 0 otherwise."""
    job = _Round(db, rate, quiet)
    try:
        failed = job.run(everything)
    finally:
        job.close()
    raise typer.Exit(1 if failed else 0)


@app.command()
def watch(
    db: str | None = DbOpt,
    tick: float = typer.Option(30.0, "--tick", min=0.1, help="Seconds between looks for due sources."),
    rate: float | None = RateOpt,
    rounds: int = typer.Option(0, "--rounds", min=0, help="Stop after this many rounds (0: until stopped)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Poll each source on its schedule until stopped.

    SIGTERM or Ctrl-C stop it; a kill at any moment loses nothing stored and repeats nothing."""
    stop = {"now": False}

    def _stop(_sig, _frame) -> None:
        stop["now"] = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    job = _Round(db, rate, quiet)
    job.say(f"Watching (every {tick:g} s a look for due sources); stop with Ctrl-C.")
    done = 0
    try:
        while not stop["now"]:
            job.run(False, idle_note=False)
            done += 1
            if rounds and done >= rounds:
                break
            time.sleep(tick)
    except KeyboardInterrupt:
        job.say("Stopped.")
    finally:
        job.close()


# ---- alerts -------------------------------------------------------------------------------------

@alerts_app.command("add")
def alerts_add(
    name: str = typer.Argument(..., help="The alert's name."),
    bbox: str | None = BboxOpt, admin1: str | None = Admin1Opt, admin2: str | None = Admin2Opt,
    near: str | None = typer.Option(None, "--near", help="PLACE:KM (a gazetteer name) or LAT,LON:KM."),
    actor: str | None = ActorOpt, event_type: str | None = TypeOpt, sub_event_type: str | None = SubTypeOpt,
    min_fatalities: int | None = MinFatOpt, min_confidence: float | None = MinConfOpt,
    webhook: list[str] = typer.Option([], "--webhook", help="POST each alert as JSON to this URL."),
    email: list[str] = typer.Option([], "--email", help="E-mail this address (SMTP settings: config file)."),
    to_file: list[str] = typer.Option([], "--file", help="Append each alert as a JSON line to this file."),
    digest: str | None = typer.Option(None, "--digest", help="hourly or daily: one message per period."),
    db: str | None = DbOpt,
) -> None:
    """Alert on new or materially updated merged events matching the filters (from now on)."""
    from rasd.watch.alerts import add_alert, parse_near

    err = _console()
    f = _filter(None, None, bbox, admin1, event_type, sub_event_type, actor, min_fatalities, None, False, None,
                min_confidence, admin2)
    filters = {k: v for k, v in {"bbox": list(f.bbox) if f.bbox else None, "admin1": f.admin1, "admin2": f.admin2,
                                 "actor": f.actor, "event_type": f.event_type, "sub_event_type": f.sub_event_type,
                                 "min_fatalities": f.min_fatalities, "min_confidence": f.min_confidence}.items()
               if v is not None}
    try:
        if near:
            n = parse_near(near)
            filters["near"] = {"place": n.place, "lat": n.lat, "lon": n.lon, "km": n.km}
        channels = ([{"kind": "webhook", "to": u} for u in webhook] + [{"kind": "email", "to": a} for a in email]
                    + [{"kind": "file", "to": p} for p in to_file])
        store = _open(db)
        with store.session() as s, s.begin():
            row = add_alert(s, name, filters, channels, digest)
            aid = row.id
        store.close()
    except ValueError as exc:
        err.print(f"[red]error[/] {exc}", markup=True)
        raise typer.Exit(2)
    err.print(f"added alert [{aid}] {name}", markup=False)


@alerts_app.command("list")
def alerts_list(db: str | None = DbOpt) -> None:
    """Every alert: filters, channels, digest, deliveries sent and failing."""
    from sqlalchemy import func, select

    from rasd.store.models import AlertDeliveryRow, AlertRow
    from rasd.watch.alerts import describe_filters

    store = _open(db)
    with store.session() as s:
        rows = list(s.scalars(select(AlertRow).order_by(AlertRow.id)))
        for a in rows:
            counts = dict(s.execute(select(AlertDeliveryRow.status, func.count()).where(AlertDeliveryRow.alert_id == a.id)
                                    .group_by(AlertDeliveryRow.status)).all())
            to = ", ".join(f"{c['kind']} {c['to']}" for c in a.channels)
            sent = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing sent yet"
            print(f"{a.id:>4}  {a.name}: {describe_filters(a.filters)} -> {to}"
                  f"{f' ({a.digest} digest)' if a.digest else ''}; {sent}")
    _console().print(f"{len(rows)} alert(s).")
    store.close()


@alerts_app.command("remove")
def alerts_remove(names: list[str] = typer.Argument(..., help="Alert names or ids."), db: str | None = DbOpt) -> None:
    """Remove alerts (and their delivery log)."""
    from sqlalchemy import delete, or_, select

    from rasd.store.models import AlertDeliveryRow, AlertRow

    def find(s: Any, ref: str) -> AlertRow | None:
        return s.scalar(select(AlertRow).where(or_(AlertRow.name == ref,
                                                   AlertRow.id == (int(ref) if ref.isdigit() else -1))))

    def remove(s: Any, row: AlertRow) -> None:
        s.execute(delete(AlertDeliveryRow).where(AlertDeliveryRow.alert_id == row.id))
        s.delete(row)

    remove_each(db, names, find, remove)


@alerts_app.command("log")
def alerts_log(name: str | None = typer.Argument(None, help="Only this alert."),
               limit: int = typer.Option(50, "--limit", "-n", min=1),
               as_json: bool = typer.Option(False, "--json", help="One JSON object per delivery."),
               db: str | None = DbOpt) -> None:
    """Deliveries, newest first: event, channel, status, attempts, last error."""
    from sqlalchemy import select

    from rasd.store.models import AlertDeliveryRow, AlertRow

    store = _open(db)
    with store.session() as s:
        stmt = select(AlertDeliveryRow, AlertRow.name).join(AlertRow, AlertRow.id == AlertDeliveryRow.alert_id)
        if name:
            stmt = stmt.where(AlertRow.name == name)
        for d, alert in s.execute(stmt.order_by(AlertDeliveryRow.id.desc()).limit(limit)):
            if as_json:
                print(json.dumps({"alert": alert, "event": d.event_id, "channel": d.channel, "change": d.change,
                                  "status": d.status, "attempts": d.attempts, "last_error": d.last_error,
                                  "history": d.history, "created_at": d.created_at.isoformat(),
                                  "sent_at": d.sent_at.isoformat() if d.sent_at else None}, ensure_ascii=False))
            else:
                print(f"{_when(d.created_at)}  {alert}  event {d.event_id} ({d.change})  {d.channel}  {d.status}, "
                      f"{d.attempts} attempt(s)" + (f"; last error: {d.last_error}" if d.last_error else "")
                      + (f"; next try {_when(d.next_try_at)}" if d.status == "failed" else ""))
    store.close()


@alerts_app.command("send")
def alerts_send(db: str | None = DbOpt,
                now_: bool = typer.Option(False, "--now", help="Send digests now, before their period ends.")) -> None:
    """Look for matching events and send what is due (`rasd poll` does this after each round)."""
    from rasd.watch.alerts import collect, deliver

    settings = _settings()
    store = _open(db)
    try:
        collect(store, settings.dashboard_url)
        report = deliver(store, settings, tries=settings.alert_tries, pause=settings.alert_pause, force_digest=now_,
                         log=lambda line: _console().print(line, markup=False))
    finally:
        store.close()
    _console().print(report.line())
    raise typer.Exit(1 if report.failed else 0)
