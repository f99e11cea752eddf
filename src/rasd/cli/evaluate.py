"""`rasd eval` (score extracted events against gold) and `rasd bench` (extraction speed).

`rasd eval` runs the full pipeline over the inputs, writes the events as JSONL to a
temporary file and runs the project's scorer on them: `score.py` is not vendored, it
is found at `--scorer`, else in `$RASD_SHARED/eval/`, else in `shared/eval/` beside the
checkout Rasd runs from (the package's location, whatever the current directory), else
`../shared/eval/` from the current directory; and run as its own process, so the report
is exactly the scorer's.
"""
from __future__ import annotations

import gc
import json
import subprocess
import sys
import tempfile
import time
import resource
from pathlib import Path

import typer
from rich.console import Console

from rasd.batch import INLINE_BATCH, iter_articles, run_batch
from rasd.cli.app import app
from rasd.doc import Doc
from rasd.output.contract import event_record
from rasd.pipeline import COLLECT_EVERY, batch_gc, full_pipeline

SCORER = Path("eval") / "score.py"


def scorer_candidates() -> list[Path]:
    """Where `rasd eval` looks for score.py without --scorer, in order."""
    import os

    import rasd

    out = []
    if os.environ.get("RASD_SHARED"):
        out.append(Path(os.environ["RASD_SHARED"]) / SCORER)
    checkout = Path(rasd.__file__).resolve().parents[2]  # src/rasd/__init__.py -> the checkout
    out.append(checkout.parent / "shared" / SCORER)
    out.append(Path.cwd().parent / "shared" / SCORER)
    return list(dict.fromkeys(out))


@app.command("eval")
def evaluate(
    paths: list[str] = typer.Argument(..., help="Articles to extract from (files or directories)."),
    gold: Path = typer.Option(..., "--gold", "-g", help="Gold events (JSONL, score.py's format)."),
    scorer: Path | None = typer.Option(
        None, "--scorer", help="The scoring script (run with this Python); default: shared/eval/score.py beside the "
                               "checkout ($RASD_SHARED/eval/score.py first when set)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List missed gold events and false positives."),
    as_json: bool = typer.Option(False, "--json", help="Print the scorer's whole result as JSON."),
    keep: Path | None = typer.Option(None, "--keep", help="Also keep the predicted events in this file."),
) -> None:
    """Extract events from PATHS and print score.py's report against --gold."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    looked = [scorer] if scorer is not None else scorer_candidates()
    found = next((p for p in looked if p.is_file()), None)
    if found is None:
        err.print(f"[red]error[/] scorer not found; looked at: {', '.join(str(p) for p in looked)} "
                  "(pass --scorer PATH to score.py)", markup=True)
        raise typer.Exit(2)
    scorer = found
    if not gold.is_file():
        err.print(f"[red]error[/] gold file not found: {gold}", markup=True)
        raise typer.Exit(2)
    with tempfile.TemporaryDirectory(prefix="rasd-eval-") as tmp:
        pred = Path(keep) if keep else Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as fh:
            def emit(doc: Doc) -> None:
                for ev in doc.events:
                    fh.write(json.dumps(event_record(ev), ensure_ascii=False) + "\n")

            summary = run_batch(paths, full_pipeline(), emit, console=err, quiet=True)
        err.print(summary.line())
        cmd = [sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred)]
        cmd += ["--verbose"] if verbose else []
        cmd += ["--json"] if as_json else []
        rc = subprocess.run(cmd).returncode
    raise typer.Exit(rc)


@app.command()
def bench(
    paths: list[str] = typer.Argument(..., help="Articles to run on (e.g. ../shared/corpus/dev/ant-dev-1193.jsonl)."),
    repeat: int = typer.Option(1, "--repeat", "-n", min=1, help="Passes over the articles."),
) -> None:
    """Articles per second and peak memory of the full pipeline, in this one process."""
    t0 = time.perf_counter()
    pipeline = full_pipeline()  # lexicons and gazetteer loaded once, outside the timing
    load_s = time.perf_counter() - t0
    articles = list(iter_articles(paths))
    if not articles:
        typer.echo("no readable articles")
        raise typer.Exit(1)
    events = done = 0
    t1 = time.perf_counter()
    # as every batch command runs (run_batch): the cyclic collector paused, the articles
    # through the stages INLINE_BATCH at a time (the same Docs as one by one)
    with batch_gc():
        for _ in range(repeat):
            for i in range(0, len(articles), INLINE_BATCH):
                for doc in pipeline.pipe(articles[i:i + INLINE_BATCH]):
                    if isinstance(doc, str):  # as run_batch: a failed article is reported, not fatal
                        typer.echo(f"error: {doc}", err=True)
                        continue
                    events += len(doc.events)
                done += INLINE_BATCH
                if done >= COLLECT_EVERY:  # run_batch's safety net for cyclic garbage
                    gc.collect()
                    done = 0
    secs = time.perf_counter() - t1
    # peak resident memory of the process (KiB on Linux): tracemalloc would slow the run itself
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    n = len(articles) * repeat
    typer.echo(f"articles {n}  events {events}  seconds {secs:.2f}  articles/s {n / secs:.0f}  "
               f"load {load_s:.2f} s  peak RSS {peak / 2**20:.0f} MiB")
