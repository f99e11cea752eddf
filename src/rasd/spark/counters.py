"""Counting what the job read, skipped and wrote, across executors.

Executors add their per-partition tallies to Spark accumulators once per partition;
the driver turns them into the same kind of summary line `rasd extract` prints.
Accumulators updated inside transformations count a task again if Spark re-runs it
(a lost executor, speculation), so on a flaky cluster the counts can run high; the
events themselves are written exactly once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pyspark.accumulators import AccumulatorParam

from rasd.ingest.readers import Problem

ARTICLES = "articles"
EVENTS = "events"
SKIP = "skipped: "  # prefix of the per-reason keys
EXTRACTION_ERROR = "extraction error"
# Bad records the driver lists by name (the rest only counted): enough to find them.
MAX_EXAMPLES = 20


def problem_reason(problem: Problem) -> str:
    """The reason of a skipped record without its details, as `rasd extract`'s summary
    groups them ("not valid JSON", "no \"text\" field ..."): same rule as BatchSummary."""
    return problem.message.split(" (")[0].split(":")[0]


class CounterParam(AccumulatorParam):
    """Accumulates dicts of counts by key."""

    def zero(self, value: dict[str, int]) -> dict[str, int]:
        return {}

    def addInPlace(self, a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
        for k, v in b.items():
            a[k] = a.get(k, 0) + v
        return a


class ExamplesParam(AccumulatorParam):
    """Accumulates a few example messages (capped, so a broken archive cannot flood the driver)."""

    def zero(self, value: list[str]) -> list[str]:
        return []

    def addInPlace(self, a: list[str], b: list[str]) -> list[str]:
        a.extend(b[: max(0, MAX_EXAMPLES - len(a))])
        return a


@dataclass
class JobSummary:
    """What a run read, skipped and wrote."""

    output: str
    articles: int = 0
    events: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    examples: list[str] = field(default_factory=list)  # "where:line: message" of some skipped records
    seconds: float = 0.0

    @classmethod
    def from_counts(cls, output: str, counts: dict[str, Any], examples: list[str], seconds: float) -> "JobSummary":
        skipped = Counter({k[len(SKIP):]: v for k, v in counts.items() if k.startswith(SKIP)})
        return cls(output, counts.get(ARTICLES, 0), counts.get(EVENTS, 0), skipped, list(examples), seconds)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def line(self) -> str:
        why = "; ".join(f"{n} {r}" for r, n in self.skipped.most_common())
        rate = f", {self.articles / self.seconds:.0f} articles/s" if self.seconds > 0 and self.articles else ""
        return (f"Read {self.articles} article(s), skipped {self.skipped_total}" + (f" ({why})" if why else "")
                + f", wrote {self.events} event(s) to {self.output} in {self.seconds:.1f} s{rate}.")
