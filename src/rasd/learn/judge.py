"""The event judge: the probability that a candidate is a specific incident that happened.

A logistic model over the candidate's features (rasd.learn.features), trained by
`rasd train` on the project's labelled sentences, then calibrated (Platt scaling, on held-out
folds) so that its output is a frequency: of the events given 0.8, about 8 in 10 are real.
A second linear model names the most likely reason a rejected candidate is not an event
(statement, threat_future, background, generic ...), for `--explain`.

Inference is plain Python over a dict of weights: a few microseconds a candidate, no
scikit-learn at run time.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.learn.features import DocContext, describe, own_features, sentence_signals, shared_features

if TYPE_CHECKING:
    from rasd.doc import Doc, Sentence
    from rasd.extract.events import Candidate

MODEL_NAME = "event_judge.json"


class Calibration:
    """A monotone map from the model's raw score to a probability: Platt's sigmoid
    (`platt`: a, b), or breakpoints interpolated (`x`, `y`: a model calibrated by table)."""

    def __init__(self, xs: list[float], ys: list[float], platt: list[float] | None = None) -> None:
        self.xs, self.ys = xs, ys
        self.platt = platt

    def __call__(self, raw: float) -> float:
        if self.platt:
            z = self.platt[0] * raw + self.platt[1]
            return 1.0 / (1.0 + math.exp(-z)) if z >= -700 else 0.0
        xs, ys = self.xs, self.ys
        if not xs:
            return 1.0 / (1.0 + math.exp(-raw))
        if raw <= xs[0]:
            return ys[0]
        if raw >= xs[-1]:
            return ys[-1]
        i = bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)


class EventJudge:
    def __init__(self, model: dict[str, Any]) -> None:
        self.weights: dict[str, float] = model["weights"]
        self.threshold: float = float(model["threshold"])
        # below this even a candidate the rules would keep is dropped (see EventExtractor._kept)
        self.floor: float = float(model.get("floor", self.threshold))
        cal = model.get("calibration") or {}
        self.calibrate = Calibration(list(cal.get("x", [])), list(cal.get("y", [])), cal.get("platt"))
        reasons = model.get("reasons") or {}
        self.reason_classes: list[str] = list(reasons.get("classes", []))
        self.reason_weights: dict[str, list[float]] = reasons.get("weights", {})
        self.card: dict[str, Any] = model.get("card", {})
        # the weights of the sentence-word features ("s:" + stem) by stem and of the word-pair
        # features ("s2:" + a_b) by a, then b: a sentence's words are scored without making
        # a string per word and pair (stems hold no "_": the pair's key splits one way)
        self.word_weights: dict[str, float] = {}
        self.pair_weights: dict[str, dict[str, float]] = {}
        for key, w in self.weights.items():
            if key.startswith("s:"):
                self.word_weights[key[2:]] = w
            elif key.startswith("s2:"):
                a, sep, b = key[3:].partition("_")
                if sep and "_" not in b:
                    self.pair_weights.setdefault(a, {})[b] = w

    @classmethod
    def load(cls, path: str | Path) -> "EventJudge":
        try:
            with open(path, encoding="utf-8") as fh:
                return cls(json.load(fh))
        except (OSError, ValueError, KeyError) as exc:
            raise RuntimeError(f"{path}: cannot load the event judge model ({exc}); "
                               "rebuild it with `rasd train`") from exc

    def raw(self, feats: list[str]) -> float:
        get = self.weights.get
        total = 0.0
        for f in dict.fromkeys(feats):  # (first-seen order: the sum is the same in every process)
            total += get(f, 0.0)
        return total

    def sentence_raw(self, s: "Sentence", ctx: DocContext) -> float:
        """`raw(shared_features(s, ctx))`, the words and word pairs looked up by stem."""
        stems = ctx.tokens(s)[2]
        total = 0.0
        words = self.word_weights
        for w in dict.fromkeys(stems):
            total += words.get(w, 0.0)
        # each distinct pair counts once; most have no weight, so only the weighted ones are
        # kept (in a set) to tell a repeat
        pairs = self.pair_weights
        seen: set[tuple[str, str]] = set()
        for i in range(len(stems) - 1):
            after = pairs.get(stems[i])
            if after is not None:
                weight = after.get(stems[i + 1])
                if weight is not None:
                    pair = (stems[i], stems[i + 1])
                    if pair not in seen:
                        seen.add(pair)
                        total += weight
        return total + self.raw(sentence_signals(s, ctx))

    def score(self, doc: "Doc", cands: "list[Candidate]", reasons: bool = False,
              only: "list[Candidate] | None" = None) -> None:
        """Set each candidate's `conf` (of `only`, when given) to its calibrated probability
        of being an incident (and, with `reasons`, the likely not-event reason of those
        below the threshold)."""
        if not cands:
            return
        scored = cands if only is None else only
        ctx = DocContext(doc, cands)
        # a sentence's share of the score is summed once for all its candidates
        partial: dict[int, float] = {}
        for c in scored:
            i = c.sentence.index
            if i not in partial:
                partial[i] = self.sentence_raw(c.sentence, ctx)
            own = own_features(c, ctx)
            c.conf = round(self.calibrate(partial[i] + self.raw(own)), 4)
            if reasons and self.reason_classes and c.conf < self.threshold:
                c.reason = self.reason_of(own + shared_features(c.sentence, ctx))

    def reason_of(self, feats: list[str]) -> str:
        """The most likely not-event reason (statement, threat_future, ...)."""
        totals = [0.0] * len(self.reason_classes)
        rw = self.reason_weights
        for f in dict.fromkeys(feats):
            ws = rw.get(f)
            if ws is not None:
                for i, x in enumerate(ws):
                    totals[i] += x
        return self.reason_classes[max(range(len(totals)), key=totals.__getitem__)]

    def decision(self, c: "Candidate", kept: bool) -> dict[str, Any]:
        out = describe(c)
        by = ("judge" if c.conf >= self.threshold else "rules, not vetoed by the judge") if kept else "judge"
        out.update(confidence=c.conf, kept=kept, decided_by=by, reason=None if kept else c.reason)
        return out


def shipped_model_path() -> Path:
    from rasd.lexicon import data_path

    return Path(str(data_path("models", MODEL_NAME)))


@lru_cache(maxsize=1)
def default_judge() -> EventJudge | None:
    """The judge shipped in rasd/data/models (None when the package was built without one)."""
    path = shipped_model_path()
    return EventJudge.load(path) if path.exists() else None
