"""Fitting the judge's models (scikit-learn, at training time only) and turning them into
the plain weight tables `rasd.learn.judge.EventJudge` reads."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

# L2 strength of the logistic models (chosen by grouped CV, see the model card)
C_EVENT = 0.3
C_REASON = 0.5
# a feature seen in fewer training candidates than this carries no weight (noise, and size)
MIN_COUNT = 2
DECIMALS = 5
REASONS = ("statement", "threat_future", "generic", "background", "denial", "descriptive",
           "question", "negated", "metaphor", "other")


def vocabulary(rows: Sequence[list[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    return {f: i for i, f in enumerate(kept)}


# Feature groups given a larger value (so a weaker effective L2 penalty): the modality,
# reference and age cues the rules found are few and general, the words are many and
# particular; at equal penalty the words drown the cues on text unlike the training set.
# The exported weight is multiplied by the scale, so inference still sums plain weights.
SCALED = (("cue=", 3.0), ("age=", 3.0), ("past_year", 3.0), ("date_gap=", 2.0), ("future_verb", 3.0),
          ("in_quote=", 2.0))


def scale_of(feature: str) -> float:
    for prefix, value in SCALED:
        if feature.startswith(prefix):
            return value
    return 1.0


def matrix(rows: Sequence[list[str]], vocab: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    scales = np.ones(len(vocab))
    for f, i in vocab.items():
        scales[i] = scale_of(f)
    indptr, indices = [0], []
    for feats in rows:
        cols = sorted({vocab[f] for f in feats if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = scales[np.array(indices, dtype=np.int64)] if indices else np.ones(0)
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr)), shape=(len(rows), len(vocab)))


def fit_event(rows: Sequence[list[str]], y: Sequence[bool], kind: str = "logistic") -> dict[str, float]:
    """Weights of the event model: feature -> weight ("bias" holds the intercept)."""
    vocab = vocabulary(rows)
    X, yy = matrix(rows, vocab), np.array(y, dtype=int)
    if kind == "lightgbm":
        raise ValueError("the LightGBM model is compared in CV only (see rasd.learn.compare)")
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C_EVENT, max_iter=5000, solver="lbfgs")
    model.fit(X, yy)
    weights = {f: round(float(model.coef_[0][i]) * scale_of(f), DECIMALS) for f, i in vocab.items()}
    weights = {f: w for f, w in weights.items() if w != 0.0}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), DECIMALS)
    return weights


def raw_scores(weights: dict[str, float], rows: Sequence[list[str]]) -> list[float]:
    return [sum(weights.get(f, 0.0) for f in set(feats)) for feats in rows]


def fit_calibration(raw: Sequence[float], y: Sequence[bool]) -> dict[str, list[float]]:
    """Platt scaling: probability = 1 / (1 + exp(-(a * raw + b))), fitted on held-out raw
    scores.  (Isotonic regression calibrated as well, ECE 0.039 against 0.023, but its flat
    steps moved across the veto floor from one retrain to the next and flipped whole
    plateaus of candidates; a two-parameter curve moves smoothly.)"""
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e6, max_iter=1000)
    m.fit(np.array(raw, dtype=float).reshape(-1, 1), np.array(y, dtype=int))
    return {"platt": [round(float(m.coef_[0][0]), DECIMALS), round(float(m.intercept_[0]), DECIMALS)]}


def fit_reasons(rows: Sequence[list[str]], reasons: Sequence[str]) -> dict[str, Any]:
    """Weights of the not-event reason model: feature -> one weight per class."""
    from sklearn.linear_model import LogisticRegression

    pairs = [(r, x) for r, x in zip(reasons, rows) if r in REASONS]
    classes = sorted({r for r, _ in pairs})
    vocab = vocabulary([x for _, x in pairs])
    X = matrix([x for _, x in pairs], vocab)
    yy = np.array([classes.index(r) for r, _ in pairs])
    model = LogisticRegression(C=C_REASON, max_iter=5000)
    model.fit(X, yy)
    coef = model.coef_
    weights = {f: [round(float(coef[k][i]) * scale_of(f), 4) for k in range(len(classes))] for f, i in vocab.items()}
    bias = weights.setdefault("bias", [0.0] * len(classes))
    weights["bias"] = [round(b + float(model.intercept_[k]), 4) for k, b in enumerate(bias)]
    return {"classes": classes, "weights": weights}
