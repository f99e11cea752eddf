"""`rasd stats`: weekly or monthly counts and fatalities of stored events, grouped."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import typer

from rasd.cli.app import app
from rasd.cli.filters import (ActorOpt, Admin1Opt, Admin2Opt, BboxOpt, DisputedOpt, FromOpt, InteractionOpt,
                              Inter1Opt, Inter2Opt, MinConfOpt, MinFatOpt, MultiOpt, MultiOutletOpt, QOpt, SubTypeOpt,
                              ToOpt, TypeOpt, _filter)
from rasd.cli.store import DbOpt, _console, _open


@app.command("stats")
def stats_command(
    by: str = typer.Option("admin1", "--by", help="Group by admin1, admin2, type or actor."),
    period: str = typer.Option("month", "--period", help="week (from Monday) or month."),
    fmt: str = typer.Option("csv", "--format", "-f", help="csv, json, or png (a chart; needs -o or a redirect)."),
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
    """Events and fatalities per week or month, by governorate, district, type or actor
    (the filters of `rasd events`)."""
    from rasd.cli.extract import open_output
    from rasd.store.stats import GROUPS, PERIODS, STAT_FORMATS, render, stats

    for name, value, allowed in (("--by", by, GROUPS), ("--period", period, PERIODS), ("--format", fmt, STAT_FORMATS)):
        if value not in allowed:
            raise typer.BadParameter(f"choose one of {', '.join(allowed)}", param_hint=name)
    if fmt == "png" and output is None and sys.stdout.isatty():
        raise typer.BadParameter("a PNG is binary: give -o FILE.png (or redirect stdout)", param_hint="-o")
    f = _filter(date_from, date_to, bbox, admin1, event_type, sub_event_type, actor, min_fatalities, disputed,
                multi_source, q, min_confidence, admin2, (inter1, inter2, interaction, multi_outlet))
    store = _open(db)
    with store.session() as s:
        rows = stats(s, f, by, period)
    with open_output(output, binary=True) as out:
        out.write(render(rows, fmt, by, period))
    _console().print(f"{len(rows)} row(s): {sum(r.events for r in rows)} event-group count(s) "
                     f"by {by} and {period}.")
    store.close()
