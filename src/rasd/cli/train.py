"""`rasd train`: rebuild the event judge from the labelled sentences, with its CV report."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli.app import app

DEFAULT_DATA = "../shared/train"


def default_data_dir() -> Path:
    """$RASD_TRAIN_DATA, else ../shared/train beside the working directory or the checkout."""
    env = os.environ.get("RASD_TRAIN_DATA")
    if env:
        return Path(env)
    here = Path(DEFAULT_DATA)
    if here.is_dir():
        return here
    checkout = Path(__file__).resolve().parents[3]  # src/rasd/cli -> the repository
    return checkout.parent / "shared" / "train"


@app.command()
def train(
    data: Path = typer.Option(None, "--data", help="Training data directory (articles.jsonl, sentences.jsonl); "
                                                   "default $RASD_TRAIN_DATA or ../shared/train."),
    out: Path = typer.Option(None, "--out", "-o", help="Where to write the model and its card; "
                                                       "default: the package's rasd/data/models."),
    check: bool = typer.Option(False, "--check", help="Rebuild into a temporary directory and say whether the "
                                                      "shipped model is what the data gives (nothing is written)."),
) -> None:
    """Train the event judge and the role model (article-grouped 5-fold CV report, rules alone beside them)."""
    import tempfile

    from rasd.learn.judge import shipped_model_path
    from rasd.learn.train import train as run_training

    err = Console(stderr=True, highlight=False)
    data = data or default_data_dir()
    if not (data / "sentences.jsonl").is_file():
        err.print(f"[red]error[/red] {data}: no training data here (sentences.jsonl missing); give --data")
        raise typer.Exit(2)
    shipped = shipped_model_path()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) if check else (out or shipped.parent)
        card = run_training(data, target, progress=lambda m: err.print(f"[dim]{m}[/dim]"))
        print_report(card, Console())
        if check:
            from rasd.learn.train import compare_models

            from rasd.learn.roles import shipped_model_path as shipped_roles_path

            failed = False
            for model in (shipped, shipped_roles_path()):
                if not model.exists():
                    err.print(f"[red]missing[/red] {model}: the package ships no such model")
                    failed = True
                    continue
                problems = compare_models(json.loads(model.read_text(encoding="utf-8")),
                                          json.loads((target / model.name).read_text(encoding="utf-8")))
                for p in problems:
                    err.print(f"[red]differs[/red] {model}: {p}")
                failed = failed or bool(problems)
            if not failed:
                err.print("the shipped models are what this data gives (data hash, CV figures, weights)")
            raise typer.Exit(1 if failed else 0)
    err.print(f"models written to {target / shipped.name} (card: event_judge.card.json, "
              f"reliability plot: event_judge.reliability.png) and {target / 'event_roles.json'} "
              f"(card: event_roles.card.json)")


def print_report(card: dict[str, Any], console: Console) -> None:
    cv = card["cv"]
    t = Table(title="Event-sentence scores, article-grouped 5-fold CV (labelled body sentences)")
    for col in ("", "precision", "recall", "F1", "TP", "FP", "FN"):
        t.add_column(col, justify="right" if col else "left")
    rows = [("event judge, emitted events", "judge_emitted"),
            ("event judge, incl. unplaced", "judge_decisions_incl_unplaced"),
            ("rules alone, emitted events", "rules_emitted"),
            ("rules alone, incl. unplaced", "rules_incl_unplaced")]
    for name, key in rows:
        s = cv[key]
        t.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                  str(s["tp"]), str(s["fp"]), str(s["fn"]))
    console.print(t)
    r = Table(title="Not-event sentences emitted, by reason (emitted / labelled)")
    r.add_column("reason")
    r.add_column("event judge", justify="right")
    r.add_column("rules alone", justify="right")
    for reason, (n_judge, total) in cv["judge_emitted"]["emitted_by_reason"].items():
        n_rules = cv["rules_emitted"]["emitted_by_reason"].get(reason, [0, total])[0]
        r.add_row(reason, f"{n_judge} / {total}", f"{n_rules} / {total}")
    console.print(r)
    confusion: dict[str, dict[str, int]] = {}
    for pair, n in cv["reason_confusion"].items():
        gold, pred = pair.split("->")
        confusion.setdefault(gold, {})[pred] = n
    labels = sorted({p for row in confusion.values() for p in row} | set(confusion))
    c = Table(title="Not-event reason of rejected candidates: labelled (rows) vs predicted (columns), held-out folds")
    c.add_column("")
    for lab in labels:
        c.add_column(lab[:10], justify="right")
    for gold in labels:
        c.add_row(gold, *(str(confusion.get(gold, {}).get(p, "")) for p in labels))
    console.print(c)
    if "events_judge" in cv:
        ev = Table(title="Emitted events against the labelled events (matched by evidence sentence and type)")
        ev.add_column("", no_wrap=True)
        for col in ("events", "matched", "happenings", "events / happening", "actor1", "actor2", "fatalities"):
            ev.add_column(col, justify="right")
        for name, key in (("judge + role model", "events_judge_roles"), ("judge, rules' roles", "events_judge"),
                          ("rules alone", "events_rules")):
            e = cv.get(key)
            if e is None:
                continue
            ev.add_row(name, str(e["events"]), str(e["matched"]), str(e["happenings"]),
                       f"{e['events_per_happening']:.3f}", f"{e['actor1']:.3f}", f"{e['actor2']:.3f}",
                       f"{e['fatalities']:.3f}")
        console.print(ev)
    console.print(f"expected calibration error (candidates, held-out folds): {cv['ece_candidates']:.4f}; "
                  f"threshold {card['threshold']}, veto floor {card['floor']}")
    console.print("per fold (judge, emitted): " + json.dumps(cv["per_fold_judge_emitted"]))
