"""Sentence-level scores against the labelled sentences, and calibration error.

A labelled sentence counts as emitted when an event's evidence overlaps it (the measure
issue 11 gives for the rules: precision 0.515, recall 0.533 on `../shared/train`).
Evidence on a sentence the annotators skipped counts against precision too.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from rasd.learn.data import TrainingSet


@dataclass
class SentenceScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    # not_event reason -> (labelled sentences, of them emitted)
    by_reason: Counter = field(default_factory=Counter)
    emitted_by_reason: Counter = field(default_factory=Counter)

    def add(self, other: "SentenceScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.by_reason.update(other.by_reason)
        self.emitted_by_reason.update(other.emitted_by_reason)

    @property
    def precision(self) -> float:
        return self.tp / max(1, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / max(1, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, object]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "emitted_by_reason": {r: [self.emitted_by_reason[r], n] for r, n in sorted(self.by_reason.items())}}


def score_article(ts: TrainingSet, article_id: str, spans: Iterable[tuple[int, int]]) -> SentenceScore:
    labs = ts.labels.get(article_id, [])
    out = SentenceScore()
    hit: set[int] = set()
    stray: set[tuple[int, int]] = set()
    for a, b in spans:
        found = [i for i, lab in enumerate(labs) if min(b, lab.end) - max(a, lab.start) > 0]
        hit.update(found)
        if not found:
            stray.add((a, b))
    for i, lab in enumerate(labs):
        if lab.event:
            if i in hit:
                out.tp += 1
            else:
                out.fn += 1
        else:
            reason = lab.reason or "other"
            out.by_reason[reason] += 1
            if i in hit:
                out.fp += 1
                out.emitted_by_reason[reason] += 1
    out.fp += len(stray)
    return out


def expected_calibration_error(probs: Sequence[float], y: Sequence[bool], bins: int = 10) -> float:
    n = len(probs)
    if not n:
        return 0.0
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, p in enumerate(probs) if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        if idx:
            conf = sum(probs[i] for i in idx) / len(idx)
            acc = sum(1 for i in idx if y[i]) / len(idx)
            total += len(idx) / n * abs(conf - acc)
    return total


def reliability_plot(probs: Sequence[float], y: Sequence[bool], path: str, bins: int = 10) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs, ys, ns = [], [], []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, p in enumerate(probs) if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        if idx:
            xs.append(sum(probs[i] for i in idx) / len(idx))
            ys.append(sum(1 for i in idx if y[i]) / len(idx))
            ns.append(len(idx))
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect calibration")
    ax.plot(xs, ys, "o-", color="#1f5f8b", label="event judge (held-out folds)")
    for x, yv, n in zip(xs, ys, ns):
        ax.annotate(str(n), (x, yv), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ece = expected_calibration_error(probs, y, bins)
    ax.set_title(f"Reliability of the event judge (ECE {ece:.3f})")
    ax.set_xlabel("predicted probability (confidence)")
    ax.set_ylabel("share that are labelled incidents")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
