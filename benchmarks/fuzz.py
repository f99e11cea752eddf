"""Fuzzing the pipeline in-process: random and mutated articles; crashes, time and schema.

    python benchmarks/fuzz.py [--n 2000] [--seed 1] [--dev PATH] [--max-chars 60000]
                              [--crashes FILE] [--only I] [--home DIR]

Input i is made from its own generator (seeded with "seed:i", so `--only i` replays it
alone): a dev article mutated by one to three of MUTATIONS (sentence punctuation or all
punctuation stripped, repeated, spliced with others, sprinkled with odd characters (lone
surrogates, bidi and zero-width marks, controls, astral and private-use code points),
huge numbers, nested brackets, impossible dates ("قبل 99999999 يوم"), floods of one cue
word, lines broken everywhere, one giant word, random code points ...), or text made from
scratch (empty, whitespace, random characters, many dev articles joined without
punctuation).  Its publication date is mostly the article's own; often an extreme one
(0001-01-01, 9999-12-31 and days around them, any day of the calendar) or none.

Each input goes through `rasd.pipeline.full_pipeline()` in this process.  Reported:
- crashes: the exception, where it was raised, and the input (saved to --crashes);
- time per article: max, p99, median, and the slowest inputs;
- checks: every event's record validates against event.schema.json, and every
  evidence span's text is the article's text[start:end].
Exit status 1 when an input crashed or failed a check.  RASD_HOME is a temporary
directory unless --home is given (fuzzed names must not fill a real gazetteer's log).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "ant-dev-1193.jsonl"

ODD = ["\ud800", "\udfff", "\udc00\ud800", "\u200f", "\u200e", "\u202e", "\u202b", "\u2066", "\u2069", "\u061c",
       "\u200b", "\u200c", "\u200d", "\ufeff", "\u0640" * 40, "\u064b\u064c\u064d\u0651", "\u0301" * 30, "\x00",
       "\x07", "\x1b[31m", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\t", "\u00a0",
       "\u3000", "\U0001f642", "\U0001d7d8\U0001d7d9", "\U0010ffff", "\ue000", "\uffff", "\ufffe", "\ufffd",
       "\ufefb", "\ufdf2", "٣٤٥", "۱۲", "²³", "١٠٠٠٠٠٠٠٠٠٠", "Ⅻ", "½", "٫", "٬", "<script>alert(1)</script>",
       "&amp;", "%s%n", "'; DROP TABLE events; --", '=HYPERLINK("http://x")', "ـ", "…", "...", "؟!", " - ", "—"]
DATES = ["قبل 99999999 يوم", "قبل 1000000 يوم", "قبل 999999999999 سنة", "قبل ٩٩٩٩٩٩٩٩ يوم", "قبل ² يوم",
         "في 31 شباط 2018", "في 99 حزيران 99999", "0000/00/00", "9999/12/31", "31-12-9999", "1-1-0001",
         "الأسبوع الماضي", "أمس", "أول أمس", "الأحد الماضي", "ليل السبت", "عام 0001", "عام 9999", "منذ عام 1",
         "خلال الـ24 ساعة الماضية", "الشهر الماضي", "قبل 5000 عام", "12 نوفمبر 2018", "2018/11/12"]
CUES = ["قصفت طائرات حربية روسية", "ما أدى إلى مقتل", "قوات النظام", "على", "الأخير", "الأول", "الطرفين", "بين",
        "من قبل", "قتلى", "جرحى", "منذ", "لم", "سوف", "هيئة تحرير الشام", "قوات سوريا الديمقراطية", "التنظيم",
        "بلدة", "قرية", "ريف إدلب", "مدينة حلب", "اشتباكات", "غارة", "استهدف", "سيطرت", "بدعم من", "قال", "أن",
        "5", "عشرات", "ثلاثة", "ألف", "من جهة", "بينهم", "الحدود"]


def _numbers(rng: random.Random) -> str:
    k = rng.choice([8, 12, 20, 400, 5000])
    return rng.choice([f"مقتل {'9' * k} شخصا", f"{'1' * k}", "1,000,000,000,000 قتيل", "3 آلاف جريح",
                       "ألف ألف ألف ألف قتيل", "٣٫٥ قتلى", f"{rng.randrange(10 ** 6)} مدنيين"])


def _brackets(rng: random.Random) -> str:
    k = rng.choice([3, 50, 1000])
    return rng.choice(["(" * k + ")" * k, "[" * k, "«" * k + "»", '"' * k, "{" * k + "}" * k, "((((x))))"])


def _sprinkle(rng: random.Random, text: str, make: Callable[[random.Random], str], most: int = 30) -> str:
    parts = list(text)
    for _ in range(rng.randint(1, most)):
        parts.insert(rng.randint(0, len(parts)), f" {make(rng)} " if rng.random() < 0.7 else make(rng))
    return "".join(parts)


def _random_text(rng: random.Random, n: int) -> str:
    pool = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى" + " " * 8 + "،.؟!؛:\n0123456789٠١٢٣"
    return "".join(rng.choice(pool) for _ in range(n))


def _code_points(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randrange(0x110000) if rng.random() < 0.5 else rng.randrange(0x600, 0x700))
                   for _ in range(n))


def _flood(rng: random.Random, text: str) -> str:
    word = rng.choice(CUES + ["على على", "5 5", "مقتل 3 ", "قوات النظام و", "الأخير و"])
    flood = " ".join([word] * rng.choice([50, 500, 3000]))
    at = rng.randint(0, len(text))
    return text[:at] + " " + flood + " " + text[at:]


def _splice(rng: random.Random, text: str, dev: list[dict[str, Any]]) -> str:
    parts = [text[:rng.randint(0, len(text))]]
    for _ in range(rng.randint(1, 4)):
        other = rng.choice(dev)["text"]
        a = rng.randint(0, len(other))
        parts.append(other[a:a + rng.randint(0, 4000)])
    return "".join(parts)


Mutation = Callable[[random.Random, str, list[dict[str, Any]]], str]
MUTATIONS: dict[str, Mutation] = {
    "strip_sentence_punct": lambda r, t, d: re.sub(r"[.!?؟؛;…\n\r]", " ", t),
    "strip_all_punct": lambda r, t, d: re.sub(r"[.!?؟؛;…\n\r،,:\"«»()\-]", " ", t),
    "repeat": lambda r, t, d: r.choice([" ", "\n", ""]).join([t] * r.randint(2, 20)),
    "splice": _splice,
    "odd_chars": lambda r, t, d: _sprinkle(r, t, lambda rr: rr.choice(ODD), 60),
    "numbers": lambda r, t, d: _sprinkle(r, t, _numbers, 8),
    "brackets": lambda r, t, d: _sprinkle(r, t, _brackets, 5),
    "dates": lambda r, t, d: _sprinkle(r, t, lambda rr: rr.choice(DATES), 10),
    "cues": lambda r, t, d: _sprinkle(r, t, lambda rr: rr.choice(CUES), 60),
    "flood": lambda r, t, d: _flood(r, t),
    "lines": lambda r, t, d: re.sub(" ", lambda m: r.choice(["\n", "\r", "\u2028", "\x85", " ", " "]), t),
    "giant_word": lambda r, t, d: re.sub(r"\s+", "", t),
    "noise": lambda r, t, d: "".join(_code_points(r, 1) if r.random() < 0.05 else c for c in t),
    "truncate": lambda r, t, d: t[:r.randint(0, len(t))],
    "shuffle_words": lambda r, t, d: " ".join(r.sample(t.split(), len(t.split()))),
    "html": lambda r, t, d: f"<html><body><p>{t}</p><script>x</script></body></html>",
}
FROM_SCRATCH: dict[str, Callable[[random.Random, list[dict[str, Any]], int], str]] = {
    "empty": lambda r, d, n: r.choice(["", " ", "\n\n\n", ".", "،،،،", "\u200f", "\ud800", "ـــ", "\x00"]),
    "random_arabic": lambda r, d, n: _random_text(r, r.randint(1, min(n, 5000))),
    "random_code_points": lambda r, d, n: _code_points(r, r.randint(1, min(n, 3000))),
    "unpunctuated_articles": lambda r, d, n: " ".join(
        re.sub(r"[.!?؟؛;…\n\r]", " ", a["text"]) for a in r.sample(d, 30))[:r.randint(1000, n)],
}


def publication_date(rng: random.Random, own: date | None) -> date | None:
    roll = rng.random()
    if roll < 0.6:
        return own
    if roll < 0.7:
        return None
    if roll < 0.9:
        k = rng.randrange(40)
        return rng.choice([date.min + timedelta(days=k), date.max - timedelta(days=k)])
    return date.fromordinal(rng.randint(1, date.max.toordinal()))


def make_input(rng: random.Random, dev: list[dict[str, Any]], max_chars: int) -> tuple[str, Any]:
    """(what was done, the Article) for one fuzz input."""
    from rasd.doc import Article

    base = rng.choice(dev)
    own = _date(base.get("published"))
    if rng.random() < 0.12:
        kind = rng.choice(sorted(FROM_SCRATCH))
        text, kinds = FROM_SCRATCH[kind](rng, dev, max_chars), [kind]
    else:
        kinds = rng.sample(sorted(MUTATIONS), rng.choice([1, 1, 2, 3]))
        text = base["text"]
        for k in kinds:
            text = MUTATIONS[k](rng, text, dev)[:max_chars]
    odd = rng.random() < 0.1
    art = Article(article_id=str(base.get("id")) + ("\ud800" if odd else ""), text=text[:max_chars],
                  title=rng.choice(ODD) if odd else base.get("title"), published=publication_date(rng, own),
                  source=rng.choice(ODD) if odd else base.get("source"),
                  url=("javascript:alert(1)" if odd else base.get("url")))
    return "+".join(kinds), art


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass
class Report:
    inputs: int = 0
    events: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)
    bad_events: list[dict[str, Any]] = field(default_factory=list)  # schema or evidence failures
    times: list[float] = field(default_factory=list)
    slowest: list[tuple[float, int, str, int]] = field(default_factory=list)  # (s, input, kinds, chars)

    def quantile(self, q: float) -> float:
        ts = sorted(self.times)
        return ts[min(len(ts) - 1, int(q * len(ts)))] if ts else 0.0

    def summary(self) -> str:
        lines = [f"inputs {self.inputs}, events {self.events}, crashes {len(self.crashes)}, "
                 f"bad events {len(self.bad_events)}",
                 f"time per article: max {max(self.times, default=0):.3f} s, p99 {self.quantile(0.99):.3f} s, "
                 f"median {self.quantile(0.5):.4f} s, total {sum(self.times):.1f} s"]
        lines += [f"  slow: {s:.3f} s input {i} ({kinds}, {n} chars)" for s, i, kinds, n in self.slowest]
        for c in self.crashes[:20]:
            lines.append(f"  crash: input {c['input']} ({c['kinds']}): {c['error']} at {c['where']}")
        for b in self.bad_events[:20]:
            lines.append(f"  bad event: input {b['input']} ({b['kinds']}) {b['event_id']}: {b['problem']}")
        return "\n".join(lines)


def check_events(doc: Any, validate: Any) -> Iterator[tuple[str, str]]:
    """(event id, problem) for each event that breaks the contract."""
    from rasd.output.contract import event_record

    text = doc.article.text
    for e in doc.events:
        rec = event_record(e)
        for err in validate.iter_errors(rec):
            yield e.event_id, f"schema: {err.message[:200]}"
        try:
            json.dumps(rec)
        except (TypeError, ValueError) as exc:
            yield e.event_id, f"not JSON: {exc}"
        if not e.evidence:
            yield e.event_id, "no evidence"
        for ev in e.evidence:
            if ev.text != text[ev.start:ev.end]:
                yield e.event_id, f"evidence [{ev.start}:{ev.end}] is not the article's text there"


def run(n: int, seed: int, dev: list[dict[str, Any]], *, max_chars: int = 60_000, only: int | None = None,
        pipeline: Any = None, crashes_to: Path | None = None, progress: bool = False, slow: float = 2.0) -> Report:
    from rasd.output.contract import validator
    from rasd.pipeline import full_pipeline

    pipeline = pipeline or full_pipeline()
    validate = validator()
    report = Report()
    out = crashes_to.open("w", encoding="utf-8") if crashes_to else None
    for i in ([only] if only is not None else range(n)):
        kinds, art = make_input(random.Random(f"{seed}:{i}"), dev, max_chars)
        report.inputs += 1
        t0 = time.perf_counter()
        try:
            doc = pipeline(art)
        except Exception as exc:  # a crash is what we are looking for
            report.times.append(time.perf_counter() - t0)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            crash = {"input": i, "kinds": kinds, "error": f"{type(exc).__name__}: {str(exc)[:200]}",
                     "where": f"{frame.filename}:{frame.lineno}"}
            report.crashes.append(crash)
            if out is not None:
                out.write(json.dumps(dict(crash, seed=seed, text=art.text, published=str(art.published))) + "\n")
                out.flush()
            continue
        elapsed = time.perf_counter() - t0
        report.times.append(elapsed)
        report.events += len(doc.events)
        for event_id, problem in check_events(doc, validate):
            report.bad_events.append({"input": i, "kinds": kinds, "event_id": event_id, "problem": problem})
        report.slowest = sorted(report.slowest + [(elapsed, i, kinds, len(art.text))], reverse=True)[:5]
        if progress and elapsed > slow:
            print(f"... slow: input {i} ({kinds}, {len(art.text)} chars) {elapsed:.2f} s", file=sys.stderr, flush=True)
        if progress and report.inputs % 1000 == 0:
            print(f"... {report.inputs} inputs, {len(report.crashes)} crashes, {len(report.bad_events)} bad events, "
                  f"max {max(report.times):.3f} s, p99 {report.quantile(0.99):.3f} s", file=sys.stderr, flush=True)
    if out is not None:
        out.close()
    pipeline.flush()  # the place stage's log, while its directory is there
    return report


def pipeline_without_log() -> Any:
    """Every stage of full_pipeline(), the place stage without its unresolved-name log."""
    from rasd.extract import event_stage
    from rasd.geo import place_stage
    from rasd.pipeline import Pipeline
    from rasd.text.clean import clean
    from rasd.text.sentences import split_sentences

    return Pipeline([clean, split_sentences, place_stage(record_unresolved=False), event_stage()])


def load_dev(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [obj for obj in map(json.loads, filter(str.strip, fh)) if isinstance(obj.get("text"), str)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--max-chars", type=int, default=60_000)
    ap.add_argument("--only", type=int, help="replay input I alone")
    ap.add_argument("--crashes", type=Path, help="write each crashing input here (JSONL)")
    ap.add_argument("--home", help="RASD_HOME to use (default: a temporary directory)")
    ap.add_argument("--no-log", action="store_true",
                    help="run the place stage without its log of unresolved names (a side channel)")
    args = ap.parse_args(argv)
    dev = load_dev(args.dev)
    with tempfile.TemporaryDirectory(prefix="rasd-fuzz-") as tmp:
        os.environ["RASD_HOME"] = args.home or tmp
        report = run(args.n, args.seed, dev, max_chars=args.max_chars, only=args.only,
                     pipeline=pipeline_without_log() if args.no_log else None, crashes_to=args.crashes, progress=True)
    print(report.summary())
    return 1 if report.crashes or report.bad_events else 0


if __name__ == "__main__":
    sys.exit(main())
