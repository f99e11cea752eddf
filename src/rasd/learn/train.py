"""`rasd train`: the event judge, trained and cross-validated on the labelled sentences.

Deterministic: folds are drawn by article with a fixed seed, the models are fitted by
deterministic solvers, and weights are rounded before they are written, so the same data
gives the same model file byte for byte.
"""
from __future__ import annotations

import json
import platform
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from rasd.doc import Doc
from rasd.learn import fit, fit_roles
from rasd.learn.happenings import EventScore, actor_families, score_events
from rasd.learn.data import CandidateRow, TrainingSet, candidate_rows, load_training_set, prepared_docs
from rasd.learn.judge import EventJudge
from rasd.learn.metrics import SentenceScore, expected_calibration_error, score_article

FOLDS = 5
SEED = 20181
ROLES_NAME = "event_roles.json"
# a candidate is an incident when its calibrated probability is at least this
THRESHOLD = 0.5
# a candidate the rules would emit is vetoed at or below this probability (EventExtractor._kept)
FLOOR = 0.35


@dataclass
class CVResult:
    judge_placed: SentenceScore = field(default_factory=SentenceScore)
    judge_all: SentenceScore = field(default_factory=SentenceScore)
    rules_placed: SentenceScore = field(default_factory=SentenceScore)
    rules_all: SentenceScore = field(default_factory=SentenceScore)
    probs: list[float] = field(default_factory=list)
    labels: list[bool] = field(default_factory=list)
    reason_confusion: Counter = field(default_factory=Counter)
    per_fold: list[dict[str, float]] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)  # each candidate's raw score by the model not fitted on it
    # event level: events per labelled happening, actor families and tolls of matched events
    judge_events: EventScore = field(default_factory=EventScore)
    rules_events: EventScore = field(default_factory=EventScore)
    # the same, with the judge and the role ranker (each fold's, fitted without its articles)
    ranked_events: EventScore = field(default_factory=EventScore)
    roles: dict[str, Any] = field(default_factory=dict)  # candidate-level role accuracy

    @property
    def ece(self) -> float:
        return expected_calibration_error(self.probs, self.labels)


def fold_of(article_ids: list[str], folds: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    ids = sorted(set(article_ids))
    random.Random(seed).shuffle(ids)
    return {a: i % folds for i, a in enumerate(ids)}


def _extract_spans(extractor: Any, docs: list[Doc], ts: TrainingSet | None = None,
                   events: EventScore | None = None) -> dict[str, list[tuple[int, int]]]:
    """Each article's evidence spans; with `events`, its emitted events are scored there too."""
    out: dict[str, list[tuple[int, int]]] = {}
    families = actor_families() if events is not None else {}
    for doc in docs:
        extractor(doc)
        aid = doc.article.article_id
        out[aid] = [(e.start, e.end) for ev in doc.events for e in ev.evidence]
        if events is not None and ts is not None:
            events.add(score_events(aid, doc.events, ts.mentions, families))
    return out


def _score(ts: TrainingSet, spans: dict[str, list[tuple[int, int]]]) -> SentenceScore:
    total = SentenceScore()
    for aid, sp in spans.items():
        total.add(score_article(ts, aid, sp))
    return total


def model_dict(weights: dict[str, float], calibration: dict[str, list[float]], threshold: float,
               reasons: dict[str, Any] | None = None, floor: float | None = None) -> dict[str, Any]:
    return {"weights": weights, "calibration": calibration, "threshold": threshold,
            "floor": FLOOR if floor is None else floor, "reasons": reasons or {}}


def cross_validate(ts: TrainingSet, docs: list[Doc], rows: list[CandidateRow], threshold: float = THRESHOLD,
                   progress: Callable[[str], None] = lambda _: None,
                   groups: list[fit_roles.RoleGroup] | None = None) -> CVResult:
    from rasd.extract.events import EventExtractor
    from rasd.learn.roles import RoleRanker

    folds = fold_of([a.article_id for a in ts.articles])
    res = CVResult()
    by_fold: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_fold[folds[r.article_id]].append(i)
    weights_k: dict[int, dict[str, float]] = {}
    raw = [0.0] * len(rows)
    for k in range(FOLDS):
        train = [i for i in range(len(rows)) if folds[rows[i].article_id] != k]
        weights_k[k] = fit.fit_event([rows[i].features for i in train], [rows[i].event for i in train])
        for i, x in zip(by_fold[k], fit.raw_scores(weights_k[k], [rows[i].features for i in by_fold[k]])):
            raw[i] = x
        progress(f"fold {k + 1}/{FOLDS} fitted")
    res.raw = raw
    placed = EventExtractor()
    unplaced = EventExtractor(keep_unplaced=True)
    res.rules_placed = _score(ts, _extract_spans(placed, docs, ts, res.rules_events))
    res.rules_all = _score(ts, _extract_spans(unplaced, docs))
    for k in range(FOLDS):
        others = [i for i in range(len(rows)) if folds[rows[i].article_id] != k]
        cal = fit.fit_calibration([raw[i] for i in others if rows[i].candidate],
                                  [rows[i].event for i in others if rows[i].candidate])
        train_nonev = [i for i in others if not rows[i].event]
        reasons = fit.fit_reasons([rows[i].features for i in train_nonev], [rows[i].reason for i in train_nonev])
        judge = EventJudge(model_dict(weights_k[k], cal, threshold, reasons))
        for i in by_fold[k]:
            if not rows[i].candidate:
                continue  # a training-only sentence row: never scored at run time
            res.probs.append(judge.calibrate(raw[i]))
            res.labels.append(rows[i].event)
            if not rows[i].event and rows[i].reason in fit.REASONS:
                res.reason_confusion[(rows[i].reason, judge.reason_of(rows[i].features))] += 1
        fold_docs = [d for d in docs if folds[d.article.article_id] == k]
        for ex, target in ((placed, res.judge_placed), (unplaced, res.judge_all)):
            ex.judge, ex.min_confidence, ex.backoff = judge, threshold, True
            s = _score(ts, _extract_spans(ex, fold_docs, ts, res.judge_events if ex is placed else None))
            target.add(s)
            if ex is placed:
                res.per_fold.append({"precision": round(s.precision, 3), "recall": round(s.recall, 3)})
            ex.judge, ex.min_confidence, ex.backoff = None, 0.5, False
        if groups is not None:
            ranked = EventExtractor(judge=judge, roles=RoleRanker(
                {"weights": fit_roles.fit_roles([g for g in groups if folds[g.article_id] != k])}))
            _extract_spans(ranked, fold_docs, ts, res.ranked_events)
    if groups is not None:
        res.roles = fit_roles.grouped_accuracy(groups, folds, FOLDS)
    return res


def train(data_dir: str | Path, out_dir: str | Path, progress: Callable[[str], None] = print,
          plot: bool = True) -> dict[str, Any]:
    """Cross-validate, fit on everything, write the model and its card; returns the card."""
    ts = load_training_set(data_dir)
    progress(f"{len(ts.articles)} articles, {sum(len(v) for v in ts.labels.values())} labelled body sentences")
    docs = prepared_docs(ts.articles)
    rows = candidate_rows(ts, docs)
    cands = [r for r in rows if r.candidate]
    progress(f"{len(cands)} candidates from the rules ({sum(r.event for r in cands)} in event sentences), "
             f"{len(rows) - len(cands)} labelled sentences without one")
    groups = fit_roles.role_groups(ts, docs)
    cv = cross_validate(ts, docs, rows, progress=progress, groups=groups)
    weights = fit.fit_event([r.features for r in rows], [r.event for r in rows])
    # the final calibration maps raw scores of models that did not see the candidate
    cal = fit.fit_calibration([x for x, r in zip(cv.raw, rows) if r.candidate], [r.event for r in rows if r.candidate])
    nonev = [r for r in rows if not r.event]
    reasons = fit.fit_reasons([r.features for r in nonev], [r.reason for r in nonev])
    card = model_card(ts, rows, cv, weights)
    model = model_dict(weights, cal, THRESHOLD, reasons)
    model["card"] = card
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "event_judge.json").write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                                          encoding="utf-8")
    (out / "event_judge.card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                               encoding="utf-8")
    roles_card = roles_model_card(ts, groups, cv)
    roles_model = {"weights": fit_roles.fit_roles(groups), "card": roles_card}
    (out / ROLES_NAME).write_text(json.dumps(roles_model, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                                  encoding="utf-8")
    (out / ROLES_NAME.replace(".json", ".card.json")).write_text(
        json.dumps(roles_card, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if plot:
        from rasd.learn.metrics import reliability_plot

        reliability_plot(cv.probs, cv.labels, str(out / "event_judge.reliability.png"))
    return card


def model_card(ts: TrainingSet, rows: list[CandidateRow], cv: CVResult, weights: dict[str, float]) -> dict[str, Any]:
    import numpy
    import scipy
    import sklearn

    return {
        "model": "event judge: L2 logistic regression over candidate features, Platt calibration",
        "training_data": {"sha256": ts.digest, "articles": len(ts.articles),
                          "labelled_body_sentences": sum(len(v) for v in ts.labels.values()),
                          "candidates": len(rows), "candidates_in_event_sentences": sum(r.event for r in rows)},
        "libraries": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                      "numpy": numpy.__version__, "scipy": scipy.__version__},
        "hyperparameters": {"C_event": fit.C_EVENT, "C_reason": fit.C_REASON, "min_count": fit.MIN_COUNT,
                            "folds": FOLDS, "seed": SEED},
        "threshold": THRESHOLD,
        "floor": FLOOR,
        "features": len(weights),
        "cv": {
            "unit": "labelled body sentence; emitted = an event's evidence overlaps it",
            "judge_emitted": cv.judge_placed.as_dict(),
            "judge_decisions_incl_unplaced": cv.judge_all.as_dict(),
            "rules_emitted": cv.rules_placed.as_dict(),
            "rules_incl_unplaced": cv.rules_all.as_dict(),
            "per_fold_judge_emitted": cv.per_fold,
            "ece_candidates": round(cv.ece, 4),
            "events_judge": cv.judge_events.as_dict(),
            "events_judge_roles": cv.ranked_events.as_dict(),
            "events_rules": cv.rules_events.as_dict(),
            "roles_candidates": cv.roles,
            "reason_confusion": {f"{a}->{b}": n for (a, b), n in sorted(cv.reason_confusion.items())},
        },
    }


def roles_model_card(ts: TrainingSet, groups: list[fit_roles.RoleGroup], cv: CVResult) -> dict[str, Any]:
    import sklearn

    return {
        "model": "role ranker: L2 logistic regression over (candidate, actor option, role) features; "
                 "actor1 = best option, then actor2 = best option of another family",
        "training_data": {"sha256": ts.digest, "articles": len(ts.articles),
                          "candidates_matched_to_labelled_events": len(groups) // 2},
        "libraries": {"python": platform.python_version(), "scikit-learn": sklearn.__version__},
        "hyperparameters": {"C": fit_roles.C_ROLES, "min_count": fit_roles.MIN_COUNT, "folds": FOLDS, "seed": SEED},
        "cv": {
            "unit": "rules' candidates matched to a labelled event (actor families, GUIDE)",
            "candidates": cv.roles,
            "events_judge_and_roles": cv.ranked_events.as_dict(),
            "events_judge_rules_roles": cv.judge_events.as_dict(),
            "events_rules": cv.rules_events.as_dict(),
        },
    }


def compare_models(shipped: dict[str, Any], rebuilt: dict[str, Any], tol: float = 1e-3) -> list[str]:
    """How a rebuilt model differs from the shipped one: data hash, CV figures, threshold,
    weights (beyond `tol`, which a solver's last digits may move across library versions)."""
    problems = []
    a, b = shipped.get("card", {}), rebuilt.get("card", {})
    if a.get("training_data") != b.get("training_data"):
        problems.append(f"training data {a.get('training_data')} vs {b.get('training_data')}")
    if a.get("cv") != b.get("cv"):
        problems.append("cross-validation figures differ")
    for key in ("threshold", "floor"):
        if shipped.get(key) != rebuilt.get(key):
            problems.append(f"{key} {shipped.get(key)} vs {rebuilt.get(key)}")
    wa, wb = shipped.get("weights", {}), rebuilt.get("weights", {})
    worst = max((abs(wa.get(f, 0.0) - wb.get(f, 0.0)) for f in set(wa) | set(wb)), default=0.0)
    if worst > tol:
        problems.append(f"weights differ by up to {worst:.5f}")
    return problems
