"""A synthetic corpus of N articles made from the dev articles, for the scaling benchmark.

    python benchmarks/synthetic.py DEV.jsonl OUT.jsonl [-n 100000] [--seed 7]

Article i is built from dev article `i mod D` (every dev article is used equally often):

- its id becomes `syn<i>-<dev id>` and its URL `https://synthetic.invalid/rasd-bench/<i>`;
- its lead paragraph (which often carries the dateline) stays first; each other paragraph
  is, with probability 0.3, replaced by a paragraph of another dev article published in
  the same month (so the topics and places stay plausible together), and the body
  paragraphs are shuffled; an article with fewer than two body paragraphs gets one or two
  paragraphs of same-month articles appended;
- its publication date moves 0-3 days later (relative dates such as "yesterday" then
  point at other days; explicit dates stay within the two weeks the extractor accepts);
- texts are kept distinct: a text already produced (by hash) is varied again.

So the corpus is not N/D copies of the same articles: paragraph order, paragraph
neighbours and dates differ, and no two texts are equal (the store's duplicate detection
would otherwise skip them).  Sentences themselves are the dev corpus's sentences; Rasd
keeps no cache keyed by sentence text across articles, so repeating them does not make
the run faster.  Lengths stay close to the dev articles' (reported by `write_corpus`).
The corpus is streamed to the file: nothing but the dev articles is held in memory.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

REPLACE_P = 0.3
MAX_SHIFT_DAYS = 3


def load_dev(path: str | Path) -> list[dict]:
    """The dev articles as JSON objects (lines that are not objects with text are skipped)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip():
                out.append(obj)
    if not out:
        raise ValueError(f"{path}: no articles")
    return out


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _shift(published: object, days: int) -> object:
    if not isinstance(published, str):
        return published
    try:
        return (date.fromisoformat(published[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return published


def synthesize(records: list[dict], n: int, seed: int = 7) -> Iterator[dict]:
    """`n` synthetic articles (JSON objects in the input format) made from `records`."""
    rng = random.Random(seed)
    paras = [_paragraphs(r["text"]) for r in records]
    by_month: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(records):
        by_month[str(r.get("published") or "")[:7]].append(k)
    seen: set[bytes] = set()
    d = len(records)

    def donor_paragraph(k: int) -> str:
        month = by_month[str(records[k].get("published") or "")[:7]]
        for _ in range(8):
            j = rng.choice(month) if len(month) > 1 else rng.randrange(d)
            if j != k or d == 1:
                body = paras[j][1:] or paras[j]
                return rng.choice(body)
        return rng.choice(paras[rng.randrange(d)])

    for i in range(n):
        k = i % d
        base = records[k]
        lead, body = paras[k][:1], list(paras[k][1:])
        body = [donor_paragraph(k) if rng.random() < REPLACE_P else p for p in body]
        if len(body) < 2:
            body += [donor_paragraph(k) for _ in range(rng.randint(1, 2))]
        for attempt in range(100):
            rng.shuffle(body)
            text = "\n".join(lead + body)
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=12).digest()
            if digest not in seen:
                break
            body.append(donor_paragraph(k))  # a repeat: vary it more
        else:  # pragma: no cover - 100 donor paragraphs always make a new text
            raise RuntimeError(f"could not make synthetic article {i} distinct")
        seen.add(digest)
        rec = dict(base)
        rec.update(id=f"syn{i:06d}-{base.get('id', k)}", url=f"https://synthetic.invalid/rasd-bench/{i}",
                   text=text, published=_shift(base.get("published"), rng.randint(0, MAX_SHIFT_DAYS)),
                   synthetic_of=base.get("id"))
        yield rec


def write_corpus(source: str | Path, dest: str | Path, n: int, seed: int = 7) -> dict:
    """Write `n` synthetic articles made from the JSONL corpus `source` to `dest` (JSONL), streaming.

    Returns counts: articles, MB of article text (UTF-8 title+text), the dev corpus's
    mean article size and the synthetic one's."""
    records = load_dev(source)
    text_bytes = 0
    with open(dest, "w", encoding="utf-8") as out:
        for rec in synthesize(records, n, seed):
            text_bytes += len((rec.get("title") or "").encode("utf-8")) + len(rec["text"].encode("utf-8"))
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    dev_bytes = sum(len((r.get("title") or "").encode("utf-8")) + len(r["text"].encode("utf-8")) for r in records)
    return {"articles": n, "mb": text_bytes / 1e6, "mean_bytes": text_bytes / max(n, 1),
            "dev_articles": len(records), "dev_mean_bytes": dev_bytes / len(records)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source")
    ap.add_argument("dest")
    ap.add_argument("-n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    info = write_corpus(args.source, args.dest, args.n, args.seed)
    print(f"{info['articles']} articles, {info['mb']:.1f} MB of text, mean {info['mean_bytes']:.0f} bytes "
          f"(dev: {info['dev_mean_bytes']:.0f})")


if __name__ == "__main__":
    main()
