"""The role model: shipped with its card, better than the rules' roles under grouped CV,
and where the text leaves a role implicit it names the actor the rules miss."""
from __future__ import annotations

import json
from datetime import date

import pytest

from rasd.doc import Article
from rasd.learn.roles import RoleRanker, default_roles, shipped_model_path
from rasd.pipeline import full_pipeline

PUB = date(2018, 6, 10)


def test_the_shipped_model_carries_its_card():
    ranker = default_roles()
    assert ranker is not None and ranker.weights
    card = ranker.card
    assert len(card["training_data"]["sha256"]) == 64
    assert {"python", "scikit-learn"} <= set(card["libraries"])
    cv = card["cv"]
    # the learned roles beat the rules' own, measured the same way (article-grouped folds)
    for field in ("actor1", "actor2"):
        assert cv["candidates"]["model"][field] > cv["candidates"]["rules"][field]
        assert cv["events_judge_and_roles"][field] > cv["events_judge_rules_roles"][field]


def test_a_broken_model_file_is_named(tmp_path):
    bad = tmp_path / "event_roles.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuntimeError, match="event_roles.json"):
        RoleRanker.load(bad)
    bad.write_text(json.dumps({"card": {}}), encoding="utf-8")
    with pytest.raises(RuntimeError, match="rebuild it with `rasd train`"):
        RoleRanker.load(bad)


def test_the_model_file_is_plain_weights():
    model = json.loads(shipped_model_path().read_text(encoding="utf-8"))
    assert all(isinstance(w, float) for w in model["weights"].values())


@pytest.fixture(scope="module")
def pipelines():
    return full_pipeline(), full_pipeline(rules_only=True)


def _roles(pipe, text: str):
    return [(e.actor1, e.actor2) for e in pipe(Article("t", text, published=PUB)).events]


def test_an_unnamed_syrian_target_of_a_foreign_strike_is_the_army(pipelines):
    learned, rules = pipelines
    text = "استهدفت غارات إسرائيلية مواقع سورية قرب مطار دمشق الدولي فجر اليوم."
    assert _roles(rules, text) == [("Military Forces of Israel (1948-)", None)]
    assert _roles(learned, text) == [("Military Forces of Israel (1948-)", "Military Forces of Syria (2000-)")]


def test_the_victims_named_in_the_next_sentence_are_the_target(pipelines):
    learned, rules = pipelines
    text = ("شنت طائرات التحالف الدولي غارات على بلدة هجين في ريف دير الزور اليوم. "
            "وقتل في الغارات سبعة من عناصر تنظيم داعش.")
    assert _roles(learned, text) == [("Global Coalition Against Daesh", "Islamic State (Syria)")]


def test_no_target_is_invented_where_the_text_names_none(pipelines):
    learned, _ = pipelines
    assert _roles(learned, "قصفت طائرات التحالف الدولي بلدة هجين في ريف دير الزور اليوم.") == [
        ("Global Coalition Against Daesh", None)]
