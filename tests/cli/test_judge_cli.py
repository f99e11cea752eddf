"""`rasd extract` with the event judge's options, as a user runs it on real articles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_extract_cli import assert_valid_jsonl, rasd

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "dev" / "articles.jsonl"
BIG = DEV.parent / "ant-dev-1193.jsonl"
needs_dev = pytest.mark.skipif(not DEV.exists(), reason="../shared corpus not available")


@needs_dev
def test_explain_writes_every_candidates_decision(tmp_path):
    why = tmp_path / "why.jsonl"
    r = rasd("extract", str(DEV), "-q", "--explain", str(why))
    assert r.returncode == 0, r.stderr
    events = assert_valid_jsonl(r.stdout)
    decisions = [json.loads(line) for line in why.read_text(encoding="utf-8").splitlines()]
    texts = {json.loads(line)["id"]: json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()}
    kept = [d for d in decisions if d["kept"]]
    dropped = [d for d in decisions if not d["kept"]]
    assert kept and dropped and len(decisions) >= len(events)
    for d in decisions:
        start, end = d["sentence"]
        assert texts[d["article_id"]][start:end] == d["text"]
    # a dropped candidate says why: a not-event reason, or a missing place
    assert all(d["reason"] for d in dropped)
    assert {d["reason"] for d in dropped} & {"statement", "threat_future", "background", "generic", "denial"}
    # every emitted event's evidence is a sentence the judge kept
    kept_spans = {(d["article_id"], tuple(d["sentence"])) for d in kept}
    for e in events:
        assert any((e["article_id"], (ev["start"], ev["end"])) in kept_spans for ev in e["evidence"])


@needs_dev
def test_min_confidence_keeps_only_events_that_sure_of_it(tmp_path):
    base = assert_valid_jsonl(rasd("extract", str(DEV), "-q").stdout)
    sure = assert_valid_jsonl(rasd("extract", str(DEV), "-q", "--min-confidence", "0.8").stdout)
    assert 0 < len(sure) < len(base)
    assert all(e["confidence"] >= 0.8 for e in sure)


@pytest.mark.skipif(not BIG.exists(), reason="../shared corpus not available")
def test_keep_unplaced_adds_events_without_a_place(tmp_path):
    part = tmp_path / "part.jsonl"  # random articles: some name no place the gazetteer knows
    part.write_text("".join(BIG.read_text(encoding="utf-8").splitlines(keepends=True)[:200]), encoding="utf-8")
    base = assert_valid_jsonl(rasd("extract", str(part), "-q").stdout)
    more = assert_valid_jsonl(rasd("extract", str(part), "-q", "--keep-unplaced").stdout)
    unplaced = [e for e in more if e["latitude"] is None]
    assert unplaced and all(e["longitude"] is None and e["geo_precision"] is None for e in unplaced)
    assert len(more) == len(base) + len(unplaced)


@needs_dev
def test_rules_only_is_the_old_behaviour_beside_the_judge():
    judged = assert_valid_jsonl(rasd("extract", str(DEV), "-q").stdout)
    rules = assert_valid_jsonl(rasd("extract", str(DEV), "-q", "--rules-only").stdout)
    assert judged and rules and judged != rules
    assert all(e["confidence"] >= 0.5 for e in rules)  # the rules' own confidence and filters
