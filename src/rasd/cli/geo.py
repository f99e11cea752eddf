"""`rasd places` (place mentions per article) and `rasd gazetteer ...` (import, add, lookup, unresolved)."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from rasd.batch import exit_code, run_batch
from rasd.cli.app import app
from rasd.cli.extract import PathsArg, open_output
from rasd.doc import Doc
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences

gazetteer_app = typer.Typer(help="The gazetteer: import, add and look up places; list unresolved names.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

PLACE_FIELDS = ("article_id", "text", "start", "end", "name", "name_ar", "latitude", "longitude", "admin1",
                "admin2", "geo_precision", "gazetteer_id", "resolved", "feature", "cue", "fallback", "sentence")


@app.command()
def places(
    paths: list[str] = PathsArg,
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl or tsv."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no skipped-input lines, no summary."),
) -> None:
    """List the place mentions of each article, resolved to gazetteer places (one line per mention)."""
    if fmt not in ("jsonl", "tsv"):
        raise typer.BadParameter("choose jsonl or tsv", param_hint="--format")
    from rasd.geo import place_stage

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    stage = place_stage()
    pipeline = Pipeline([clean, split_sentences, stage])
    count = 0
    with open_output(output) as out:
        if fmt == "tsv":
            out.write("\t".join(PLACE_FIELDS) + "\n")

        def emit(doc: Doc) -> None:
            nonlocal count
            for m in doc.places:
                rec = {"article_id": doc.article.article_id, **{k: getattr(m, k) for k in PLACE_FIELDS[1:]}}
                count += 1
                if fmt == "jsonl":
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                else:
                    out.write("\t".join("" if v is None else str(v) for v in rec.values()) + "\n")

        summary = run_batch(paths, pipeline, emit, console=err, quiet=quiet)
    stage.flush()
    if not quiet:
        err.print(summary.line().replace(", found 0 event(s)", f", found {count} place mention(s)"))
    raise typer.Exit(exit_code(summary))


@gazetteer_app.command("import")
def import_places(file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                              help="GeoNames dump (19-column TSV) or CSV: name_ar,name_en,lat,lon,admin1,admin2[,aliases]")) -> None:
    """Add places from a file (importing the same file again updates, never duplicates)."""
    from rasd.geo.gazetteer import Gazetteer
    from rasd.geo.importers import read_places

    gaz = Gazetteer.open()
    before = len(gaz.places)
    n = gaz.add(read_places(file))
    typer.echo(f"Imported {n} place(s) from {file.name}: {len(gaz.places) - before} new, "
               f"{len(gaz.places)} in the gazetteer ({gaz.path}).")


@gazetteer_app.command("add")
def add_place(
    name_ar: str = typer.Argument(..., help="Arabic name"),
    lat: float = typer.Argument(...), lon: float = typer.Argument(...),
    name_en: str = typer.Option("", "--en", help="English name"),
    admin1: str = typer.Option("", "--admin1", help="Governorate (English or Arabic)"),
    admin2: str = typer.Option("", "--admin2", help="District"),
    alias: list[str] = typer.Option([], "--alias", help="Another spelling (repeatable)"),
) -> None:
    """Add one place (adding the same name at the same point again changes nothing)."""
    from rasd.geo.gazetteer import Gazetteer
    from rasd.geo.importers import csv_place

    gaz = Gazetteer.open()
    p = csv_place(name_ar, name_en, lat, lon, admin1 or None, admin2 or None, alias)
    gaz.add([p])
    q = gaz.get(p.id)
    typer.echo(f"{q.id}\t{q.name_ar}\t{q.lat},{q.lon}\t{q.admin1 or ''}\t{q.admin2 or ''}")


@gazetteer_app.command("lookup")
def lookup(name: str = typer.Argument(..., help="A place name, Arabic or English"),
           limit: int = typer.Option(10, "--limit", "-n"),
           as_json: bool = typer.Option(False, "--json", help="One JSON object per candidate.")) -> None:
    """Candidates for a name, best first, with their scores."""
    from rasd.geo.gazetteer import Gazetteer

    cands = Gazetteer.open().lookup(name, limit=limit)
    if not cands:
        typer.echo(f"no place called {name!r}", err=True)
        raise typer.Exit(1)
    for c in cands:
        p = c.place
        rec = {"score": c.score, "id": p.id, "name": p.name, "name_ar": p.name_ar, "feature": p.feature,
               "latitude": p.lat, "longitude": p.lon, "admin1": p.admin1, "admin2": p.admin2,
               "country": p.country, "population": p.population, "source": p.source}
        if as_json:
            typer.echo(json.dumps(rec, ensure_ascii=False))
        else:
            typer.echo(f"{c.score:6.2f}  {p.feature:6s} {p.name} / {p.name_ar or ''}  ({p.lat:.4f}, {p.lon:.4f})  "
                       f"{p.admin1 or ''} > {p.admin2 or ''}  [{p.id}]")


@gazetteer_app.command("unresolved")
def unresolved(limit: int = typer.Option(50, "--limit", "-n"),
               as_json: bool = typer.Option(False, "--json", help="One JSON object per name.")) -> None:
    """Toponyms the gazetteer lacks, by number of articles naming them (add them with `rasd gazetteer add`)."""
    from rasd.geo.gazetteer import DB_NAME, Gazetteer
    from rasd.geo.unresolved import UnresolvedLog
    from rasd.paths import data_home

    path = data_home() / DB_NAME
    if not path.exists():
        Gazetteer.open()
    rows = UnresolvedLog(path).top(limit)
    for r in rows:
        if as_json:
            typer.echo(json.dumps({"name": r.text, "key": r.key, "articles": r.articles, "example": r.example},
                                  ensure_ascii=False))
        else:
            typer.echo(f"{r.articles:5d}  {r.text}")
